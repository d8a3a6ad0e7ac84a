"""An AVG target's pooled mean over all of the entity's history (`compile.target_history`), by hand: the target's
filter applied, only rows at or before the anchor read."""

import datetime as dt

import duckdb
import pytest
from sqlglot import exp

import rfm_sql
from rfm_sql.compile import labels as label_compiler
from rfm_sql.compile.features import feature_sql
from rfm_sql.compile.sqlutil import to_sql

ANCHOR = dt.datetime(2024, 6, 1)
RATING = "PREDICT AVG(ratings.stars WHERE ratings.rated_by = 'rider', 0, 30, days) FOR EACH drivers.driver_id"


@pytest.fixture(scope="module")
def rides():
    """5 drivers; rating i is given on day i of 2024 by a rider (i % 3 != 0) or by the driver (i % 3 == 0), with
    stars 1 + (i * driver) % 5."""
    con = duckdb.connect()
    con.execute("CREATE TABLE drivers (driver_id INTEGER PRIMARY KEY, city VARCHAR)")
    con.execute("INSERT INTO drivers SELECT d, 'c' || (d % 2) FROM range(1, 6) t(d)")
    con.execute(
        "CREATE TABLE ratings (rating_id INTEGER PRIMARY KEY, driver_id INTEGER REFERENCES drivers, "
        "rated_by VARCHAR, stars INTEGER, created_at TIMESTAMP)"
    )
    con.execute(
        "INSERT INTO ratings SELECT i * 10 + d, d, CASE WHEN i % 3 = 0 THEN 'driver' ELSE 'rider' END, "
        "1 + (i * d) % 5, TIMESTAMP '2024-01-01' + to_days(CAST(i AS INTEGER)) FROM range(1, 6) t(d), range(300) r(i)"
    )
    rfm = rfm_sql.attach(con)
    rfm.graph.set_stype("ratings", "rated_by", "categorical")
    return con, rfm


def _features(con, rfm, pql):
    vq = rfm.resolve(pql)
    select, features = feature_sql(vq, rfm.graph, "rfm_seed")
    seed = label_compiler.seed_for_anchors(vq, rfm.graph, [ANCHOR], [1, 2, 3, 4, 5])
    query = exp.select("*").from_(select.subquery("x")).with_("rfm_seed", as_=seed)
    rows = con.sql(to_sql(query)).to_arrow_table().to_pylist()
    names = {f.name.split(":", 1)[1]: f.name for f in features}
    return rows, names


def test_the_pooled_mean_reads_the_filtered_rows_up_to_the_anchor(rides):
    con, rfm = rides
    rows, names = _features(con, rfm, RATING)
    for r in rows:
        d = r["ENTITY"]
        kept = [
            1 + (i * d) % 5
            for i in range(300)
            if i % 3 != 0 and dt.datetime(2024, 1, 1) + dt.timedelta(days=i) <= ANCHOR
        ]
        assert r[names["target_all_history"]] == pytest.approx(sum(kept) / len(kept))
        assert r[names["target_all_history_rows"]] == len(kept)


def test_only_an_avg_target_gets_it(rides):
    con, rfm = rides
    _, names = _features(con, rfm, RATING.replace("AVG(", "SUM("))
    assert "target_all_history" not in names
    _, names = _features(con, rfm, RATING.replace(", 0, 30, days)", ", 0, 30, days) < 3"))
    assert "target_all_history" in names  # a condition on an AVG reads it too
