"""Context stratified by recent activity (runtime.strata): the lag is point in time, the strata share the
context evenly, and an entity's prediction does not depend on which other entities are asked for."""

import datetime as dt

import numpy as np
import pyarrow as pa
import pytest

from rfm_sql.compile import labels as label_compiler
from rfm_sql.compile.sqlutil import to_sql
from rfm_sql.runtime import strata
from rfm_sql.runtime.plan import _take_newest_first
from tests.runtime.test_targets import build_visits

COUNT = "PREDICT COUNT(visits.*, 0, 30, days) FOR EACH users.user_id"


def _lagged(rfm, pql, anchors):
    vq = rfm.resolve(pql)
    seed = label_compiler.seed_for_anchors(vq, rfm.graph, anchors, label_compiler.ALL)
    rows = rfm.con.sql(to_sql(strata.labels_with_lag(vq, rfm.graph, seed))).to_arrow_table()
    return {(r["ENTITY"], r["ANCHOR_TIMESTAMP"]): r[strata.LAG] for r in rows.to_pylist()}


def test_the_lag_is_the_target_one_horizon_earlier(con):
    rfm = build_visits(con)
    t = dt.datetime(2024, 6, 1)
    lag = _lagged(rfm, COUNT, [t])
    earlier = {r["ENTITY"]: r["TARGET"] for r in rfm.labels(COUNT, anchor_time=t - dt.timedelta(days=30)).to_pylist()}
    assert lag and all(lag[(e, t)] == earlier[e] for e, _ in lag)
    assert any(v > 0 for v in lag.values())


def test_the_lag_reads_no_row_after_the_anchor(con):
    rfm = build_visits(con)
    t = dt.datetime(2024, 3, 1)
    before = _lagged(rfm, COUNT, [t])
    con.execute(
        "INSERT INTO visits SELECT 100000 + user_id, user_id, TIMESTAMP '2024-03-01' + INTERVAL 1 SECOND, 1.0 FROM users"
    )
    assert _lagged(rfm, COUNT, [t]) == before


def test_no_lag_for_classification_or_static_targets(con):
    rfm = build_visits(con)
    assert strata.lagged_query(rfm.resolve("PREDICT COUNT(visits.*, 0, 30, days) > 0 FOR EACH users.user_id")) is None
    assert strata.lagged_query(rfm.resolve("PREDICT users.region FOR EACH users.user_id")) is None
    lagged = strata.lagged_query(rfm.resolve(COUNT + " WHERE COUNT(visits.*, -90, 0, days) > 0"))
    assert lagged.query.entity_filter is None and lagged.query.target.window.end == 0
    # an ASSUMING reaching further (in other units) sets the horizon, not the lag: the target's own window before t
    longer = rfm.resolve(COUNT + " ASSUMING COUNT(visits.*, 0, 2, months) > 0")
    assert longer.horizon == (2, "months")
    window = strata.lagged_query(longer).query.target.window
    assert (window.start, window.end, window.unit) == (-30, 0, "days")


def test_strata_share_each_anchor_evenly():
    rng = np.random.default_rng(0)
    groups = np.array([0] * 90 + [1] * 10)
    picked = strata.take_even(np.arange(100), groups, 40, rng)
    assert len(picked) == 40 and (groups[picked] == 1).sum() == 10  # the small stratum gives all it has
    picked = strata.take_even(np.arange(100), groups, 10, rng)
    assert (groups[picked] == 1).sum() == 5 and len(set(picked)) == 10
    t1, t2 = dt.datetime(2024, 1, 1), dt.datetime(2024, 2, 1)
    table = pa.table(
        {
            "ENTITY": list(range(200)),
            "ANCHOR_TIMESTAMP": [t1] * 100 + [t2] * 100,
            "TARGET": [0.0] * 200,
            strata.LAG: ([0] * 95 + [3] * 5) * 2,
        }
    )
    picked = table.take(pa.array(_take_newest_first(table, strata.strata(table), 20, 30, 0)))
    lags = picked.column(strata.LAG).to_pylist()
    assert picked.num_rows == 30 and sum(v > 0 for v in lags) == 10  # 5 active of each anchor


def test_an_entity_is_predicted_the_same_alone_or_among_others(con):
    rfm = build_visits(con)
    active = con.sql("SELECT user_id FROM visits GROUP BY user_id HAVING COUNT(*) > 3 ORDER BY user_id").fetchall()
    x = active[0][0]
    alone = rfm.predict(COUNT, entities=[x], context_size=200).to_pylist()
    among = rfm.predict(COUNT, entities=[3, x, 7, 11], context_size=200).to_pylist()
    everyone = rfm.predict(COUNT, context_size=200).to_pylist()
    rfm.handles.clear()  # a fresh context gives the same numbers
    again = rfm.predict(COUNT, entities=[x], context_size=200).to_pylist()
    value = [r["TARGET_PRED"] for r in alone]
    # equal up to the float32 rounding of the network's outputs, which ONNX Runtime's kernels round differently
    # for a batch of one row than for several, and a ratio-coded count (runtime.residual) scales that rounding
    # by the entity's level: within 1e-5 (a dependence on the other entities would move it far more)
    same = pytest.approx(value, rel=1e-5)
    assert [r["TARGET_PRED"] for r in among if r["ENTITY"] == x] == same
    assert [r["TARGET_PRED"] for r in everyone if r["ENTITY"] == x] == same
    assert [r["TARGET_PRED"] for r in again] == same
