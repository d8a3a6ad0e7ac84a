"""The dated rows under the entity's parents (`compile.under_parents`): a customer's premise's meters' readings, read
as of the anchor. A utility trial's next bill per customer read none of them (bills are last month's readings times
the rates): MAE 17.5, 12.9 once a view gave the readings the customer's key."""

import datetime as dt

import duckdb
import pytest

import rfm_sql
from rfm_sql.compile import under_parents
from rfm_sql.runtime.context import feature_query
from tests.feature_rows import feature_rows

ANCHOR = dt.datetime(2024, 6, 1)
BILLS = "PREDICT SUM(bills.amount, 0, 30, days) FOR EACH customers.customer_id"


def _utility(cut: bool = False):
    """20 premises with a customer each (customer 19 has none set) and two meters (the second of premise 3 installed
    after ANCHOR), daily readings of kwh = meter_id % 5 + 1 from 2024-01-01 to 2024-08-31, monthly bills; `cut`:
    every row dated after ANCHOR deleted."""
    con = duckdb.connect()
    con.execute("CREATE TABLE regions (region_id INTEGER PRIMARY KEY, name VARCHAR)")
    con.execute("INSERT INTO regions VALUES (0, 'north'), (1, 'south')")
    con.execute("CREATE TABLE premises (premise_id INTEGER PRIMARY KEY, region_id INTEGER REFERENCES regions)")
    con.execute("INSERT INTO premises SELECT i, i % 2 FROM range(20) t(i)")
    con.execute(
        "CREATE TABLE customers (customer_id INTEGER PRIMARY KEY, premise_id INTEGER REFERENCES premises, "
        "signup_at TIMESTAMP)"
    )
    con.execute(
        "INSERT INTO customers SELECT i, CASE WHEN i < 19 THEN i END, TIMESTAMP '2023-06-01' FROM range(20) t(i)"
    )
    con.execute(
        "CREATE TABLE meters (meter_id INTEGER PRIMARY KEY, premise_id INTEGER REFERENCES premises, "
        "installed_at TIMESTAMP)"
    )
    con.execute(
        "INSERT INTO meters SELECT i, i // 2, CASE WHEN i = 7 THEN TIMESTAMP '2024-05-20' + INTERVAL 20 DAY "
        "ELSE TIMESTAMP '2023-12-01' END FROM range(40) t(i)"
    )
    con.execute(
        "CREATE TABLE readings (reading_id INTEGER PRIMARY KEY, meter_id INTEGER REFERENCES meters, "
        "read_at TIMESTAMP, kwh DOUBLE)"
    )
    con.execute(
        "INSERT INTO readings SELECT 1000 * m + d, m, TIMESTAMP '2024-01-01' + INTERVAL (d) DAY, m % 5 + 1 "
        "FROM range(40) a(m), range(244) b(d)"
    )
    con.execute(
        "CREATE TABLE bills (bill_id INTEGER PRIMARY KEY, customer_id INTEGER REFERENCES customers, "
        "issued_at TIMESTAMP, amount DOUBLE)"
    )
    con.execute(
        "INSERT INTO bills SELECT 100 * c + k, c, TIMESTAMP '2024-01-03' + INTERVAL (k) MONTH, 10 + c "
        "FROM range(20) a(c), range(8) b(k)"
    )
    if cut:
        con.execute("DELETE FROM readings WHERE read_at > ?", [ANCHOR])
        con.execute("DELETE FROM bills WHERE issued_at > ?", [ANCHOR])
        con.execute(
            "DELETE FROM readings WHERE meter_id IN (SELECT meter_id FROM meters WHERE installed_at > ?)", [ANCHOR]
        )
        con.execute("DELETE FROM meters WHERE installed_at > ?", [ANCHOR])
    return con


def _names(features) -> dict:
    return {f.name.split(":", 1)[1]: f.name for f in features.features}


def test_a_parents_grandchildren_are_read_per_entity_as_of_the_anchor():
    con = _utility()
    rfm = rfm_sql.attach(con)
    features = feature_query(rfm.resolve(BILLS), rfm.graph)
    names = _names(features)
    count = names["premise_id->premises.meters.readings.count_30d"]
    total = names["premise_id->premises.meters.readings.kwh.sum_30d"]
    level = names["premise_id->premises.meters.readings.kwh.mean_360d"]
    last = names["premise_id->premises.meters.readings.days_since_last"]
    rows = feature_rows(con, features, [2, 3, 19], ANCHOR)
    for c in (2, 3):
        expected = con.execute(
            "SELECT count(*), sum(kwh), max(read_at) FROM readings r JOIN meters m USING (meter_id) "
            "WHERE m.premise_id = ? AND m.installed_at <= ? AND read_at <= ? AND read_at > ? - INTERVAL 30 DAY",
            [c, ANCHOR, ANCHOR, ANCHOR],
        ).fetchall()[0]
        assert rows[c][count] == expected[0] > 0
        assert rows[c][total] == pytest.approx(expected[1])
        assert rows[c][last] == pytest.approx((ANCHOR - expected[2]).total_seconds() / 86400)
    # premise 3's second meter (7) is installed after the anchor: its readings before it are not read
    assert rows[3][count] == 30 and rows[2][count] == 60
    assert rows[3][level] == pytest.approx(6 % 5 + 1)
    assert rows[19][count] is None and rows[19][total] is None  # no premise: unknown, not none used
    cut = feature_rows(_utility(cut=True), features, [2, 3], ANCHOR)  # rows after the anchor change nothing
    assert [cut[c][n] for c in (2, 3) for n in (count, total, level, last)] == pytest.approx(
        [rows[c][n] for c in (2, 3) for n in (count, total, level, last)]
    )


def test_the_parents_the_entity_owns_come_first_and_a_shared_one_is_a_segment(monkeypatch):
    """A premise holds one customer, a region ten: the premise's rows are the customer's own, the region's are
    everyone's. With more paths than MAX_PATHS the owned parent's are kept; a parent shared by more than MAX_SHARE
    entity rows on average is not read."""
    con = _utility()
    con.execute("ALTER TABLE customers ADD COLUMN region_id INTEGER")
    con.execute("UPDATE customers SET region_id = customer_id % 2")
    con.execute(
        "CREATE TABLE weather (weather_id INTEGER PRIMARY KEY, region_id INTEGER REFERENCES regions, "
        "day TIMESTAMP, temp DOUBLE)"
    )
    rfm = rfm_sql.attach(con)
    rfm.graph.link("customers", "region_id", "regions")
    found = [tuple(lk.child for lk in p) for p in under_parents.paths(rfm.graph, "customers")]
    assert found == [("customers", "meters"), ("customers", "meters", "readings")]
    found = [tuple(lk.child for lk in p) for p in under_parents.paths(rfm.graph, "customers", skip={"premise_id"})]
    assert ("customers", "weather") in found and ("customers", "premises", "meters") in found  # all the region's
    monkeypatch.setattr(under_parents, "MAX_SHARE", 5)  # 20 customers in 2 regions: 10 each
    assert under_parents.paths(rfm.graph, "customers", skip={"premise_id"}) == []


def test_a_query_the_paths_do_not_reach_gets_no_such_features():
    con = _utility()
    rfm = rfm_sql.attach(con)
    features = feature_query(rfm.resolve("PREDICT COUNT(readings.*, 0, 7, days) FOR EACH meters.meter_id"), rfm.graph)
    found = [n for n in _names(features) if n.startswith("premise_id->premises.")]
    # a meter's premise's customers and their bills; never the meter's own table again
    assert "premise_id->premises.customers.bills.amount.sum_7d" in found
    assert not [n for n in found if ".meters" in n]
