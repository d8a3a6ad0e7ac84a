"""A number a child table reads off its parent's row as it goes (an item's hours_meter on each service record) holds
today's reading: at an anchor it reads as the last reading taken by then, missing before the first (graph/meters.py,
compile/entity_asof.py). A tool-rental trial's scheduled services backtested 0.02 AUROC above predictions made on
copies of the database as it stood."""

import datetime as dt

import duckdb
import numpy as np
import pandas as pd
import pytest

import rfm_sql
from rfm_sql.graph import meters
from rfm_sql.runtime.context import feature_query
from tests.feature_rows import feature_rows

ANCHOR = dt.datetime(2024, 6, 1)
QUERY = "PREDICT COUNT(services.*, 0, 90, days) > 0 FOR EACH items.item_id"


def _rental(cut: bool = False):
    """120 items used at rates of their own from 2023; a service every ~200 hours notes the meter then
    (hours_at_service), with a cost that does not rise; items.hours_meter: the meter today, and weight_kg a fixed
    number. `cut`: the database as it stood at ANCHOR (its later services gone, the meter as it read then)."""
    rng = np.random.default_rng(0)
    start, now = dt.datetime(2023, 1, 1), dt.datetime(2024, 12, 31)
    rate = rng.lognormal(1.0, 0.5, 120)  # hours a day
    items, services = [], []
    for i in range(120):
        meter = rate[i] * (now - start).days
        items.append((i, float(rng.uniform(5, 50)), round(rate[i] * ((ANCHOR if cut else now) - start).days, 1)))
        for h in np.arange(150.0 + 100 * rng.random(), meter, 200.0):
            services.append((len(services), i, start + dt.timedelta(days=h / rate[i]), round(h, 1), rng.gamma(2, 50)))
    con = duckdb.connect()
    con.execute("CREATE TABLE items (item_id INTEGER PRIMARY KEY, weight_kg DOUBLE, hours_meter DOUBLE)")
    con.executemany("INSERT INTO items VALUES (?, ?, ?)", items)
    frame = pd.DataFrame(services, columns=["service_id", "item_id", "serviced_at", "hours_at_service", "cost"])
    con.register("frame", frame)
    con.execute("CREATE TABLE services AS SELECT * FROM frame WHERE NOT ? OR serviced_at <= ?", [cut, ANCHOR])
    con.unregister("frame")
    return con


@pytest.fixture(scope="module")
def rental():
    return _rental()


def test_a_meter_read_off_by_its_child_rows_is_read_as_of_the_anchor(rental):
    graph = rfm_sql.attach(rental).graph
    entries = graph.table("items").logged_in
    assert entries == (("hours_meter", "services", "item_id", "hours_at_service", meters.READING),)
    assert "hours_meter (numerical, as of the anchor by services.hours_at_service)" in graph.describe()


def test_the_meter_at_an_anchor_is_its_last_reading_then_never_todays(rental):
    rfm = rfm_sql.attach(rental)
    features = feature_query(rfm.resolve(QUERY), rfm.graph)
    name = next(f.name for f in features.features if f.name.endswith("items.hours_meter"))
    rows = feature_rows(rental, features, range(120), ANCHOR)
    want = dict(
        rental.execute(
            "SELECT item_id, arg_max(hours_at_service, serviced_at) FROM services WHERE serviced_at <= ? GROUP BY 1",
            [ANCHOR],
        ).fetchall()
    )
    assert {i: rows[i][name] for i in range(120)} == {i: want.get(i) for i in range(120)}
    # the database as it stood at the anchor gives the same: nothing after it is read
    cut = _rental(cut=True)
    assert {i: feature_rows(cut, features, range(120), ANCHOR)[i][name] for i in range(120)} == want | {
        i: None for i in range(120) if i not in want
    }


def test_a_fixed_number_is_no_meter_and_a_number_that_does_not_rise_reads_none(rental):
    graph = rfm_sql.attach(rental).graph
    items, services = graph.table("items"), graph.table("services")
    with graph.reader() as cur:
        assert meters.found(cur, items, ["weight_kg", "hours_meter"], services, "item_id") == [
            ("hours_meter", "hours_at_service")
        ]
        # the weight copied onto each service: never rising, no reading
        cur.execute(
            "CREATE TEMP TABLE copies AS SELECT s.*, i.weight_kg AS weight_then FROM services s JOIN items i USING (item_id)"
        )
        copies = graph.table("services")
        assert meters._rising(cur, copies, "item_id", ["hours_at_service", "cost"]) == ["hours_at_service"]
