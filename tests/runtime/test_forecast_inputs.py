"""What a forecast's (example, step) rows read: each step's own target a year before, never from past the anchor,
and labels coded relative to the entity's recent level where that predicts better (as a one-step regression's
are); the SQL form predicts exactly what a backtest's Python form does."""

from __future__ import annotations

import datetime as dt

import duckdb
import numpy as np
import pytest

import rfm_sql
from rfm_sql import demo
from rfm_sql.compile import forecast as forecast_labels
from rfm_sql.compile.features import YEAR_AGO
from rfm_sql.runtime import forecast
from tests import busy_few_db

ANCHOR = dt.datetime(2024, 9, 1)
WEEKLY = "PREDICT SUM(orders.amount, 0, 7, days) FORECAST 3 TIMEFRAMES FOR EACH users.user_id"


@pytest.fixture(scope="module")
def shop():
    con = duckdb.connect()
    demo.build(con, n_users=300, n_items=40)
    return con, rfm_sql.attach(con)


def test_each_row_reads_its_own_steps_target_a_year_before(shop):
    _, rfm = shop
    result = rfm.evaluate(WEEKLY, anchor_time=ANCHOR, context_size=200).results[0]
    year_ago = rfm.labels(WEEKLY, anchor_time=ANCHOR - dt.timedelta(days=364))  # 52 weeks: the same weekdays
    want = {
        (e, s): t
        for e, s, t in zip(
            *(year_ago.column(c).to_pylist() for c in ("ENTITY", "FORECAST_STEP", "TARGET")), strict=True
        )
    }
    keys = zip(*(result.query.column(c).to_pylist() for c in ("ENTITY", "FORECAST_STEP")), strict=True)
    got = dict(zip(keys, result.query_columns[YEAR_AGO], strict=True))
    known = {k: v for k, v in got.items() if np.isfinite(v)}
    assert len({s for _, s in known}) == 3 and len(known) > 100
    assert known == pytest.approx(want)  # unknown exactly where the user did not exist a year before
    assert {k for k, v in got.items() if not np.isfinite(v)} == set(got) - set(want)


def test_a_step_whose_window_a_year_back_ends_after_the_anchor_has_no_year_ago_input(shop):
    _, rfm = shop
    for query, steps in [
        ("PREDICT COUNT(orders.*, 0, 150, days) FORECAST 3 TIMEFRAMES FOR EACH users.user_id", 2),  # ends 300, 450
        ("PREDICT COUNT(orders.*, 0, 5, months) FORECAST 3 TIMEFRAMES FOR EACH users.user_id", 2),  # 10, 15 months
        ("PREDICT COUNT(orders.*, 0, 1, months) FORECAST 12 TIMEFRAMES FOR EACH users.user_id", 12),
        ("PREDICT COUNT(orders.*, 0, 8, weeks) FORECAST 10 TIMEFRAMES FOR EACH users.user_id", 6),  # 48 of 52 weeks
        ("PREDICT COUNT(orders.*, 0, 2, weeks) FORECAST 30 TIMEFRAMES FOR EACH users.user_id", 12),  # at most 12
    ]:
        vq = rfm.resolve(query)
        assert len(forecast_labels.year_ago_steps(vq)) == steps, query
        names = forecast.year_ago_columns(forecast.step_features(vq, rfm.graph).kinds)
        assert sorted(names) == list(range(1, steps + 1)), query


def test_rows_after_the_anchor_change_no_year_ago_input():
    """Point in time for the year-ago inputs of a 12-step weekly forecast (the last step's window a year back ends
    28 weeks before the anchor): a burst of orders after the anchor changes no prediction."""
    query = "PREDICT COUNT(orders.*, 0, 7, days) FORECAST 12 TIMEFRAMES FOR users.user_id IN (1, 2, 3, 4, 5, 6)"
    runs = []
    for burst in (False, True):
        con = duckdb.connect()
        demo.build(con, n_users=300, n_items=40)
        if burst:
            con.execute(
                "INSERT INTO orders SELECT order_id + 10000000, user_id % 6 + 1, item_id, ordered_at + INTERVAL 200 DAY, "
                "quantity, amount FROM orders WHERE ordered_at > TIMESTAMP '2024-03-01'"
            )
        runs.append(rfm_sql.attach(con).predict(query, anchor_time=ANCHOR, context_size=200).to_pylist())
    assert runs[0] == runs[1] and len(runs[0]) == 72


def test_the_sql_form_predicts_what_a_backtest_does(shop):
    _, rfm = shop
    predicted = rfm.predict(WEEKLY, anchor_time=ANCHOR, context_size=200).to_pandas()
    result = rfm.evaluate(WEEKLY, anchor_time=ANCHOR, context_size=200).results[0]
    backtest = result.query.to_pandas().assign(PY=result.pred)
    both = predicted.merge(backtest, on=["ENTITY", "FORECAST_STEP"])
    assert len(both) == len(backtest) > 0
    # the same inputs and context: equal but for float noise (the model scores the rows in other batches)
    np.testing.assert_allclose(both.TARGET_PRED, both.PY, rtol=1e-4, atol=1e-6)


def test_busy_entities_of_a_mostly_idle_table_are_forecast_near_their_own_level():
    """Raw labels put the 30 busy users near the idle population's level: their monthly forecasts were 3 times
    as far off as "the same as last month" (MAE 15.9 against 5.3); coded relative to each user's recent level,
    as a one-step regression's are, 6.3."""
    con = duckdb.connect()
    busy_few_db.build(con)
    rfm = rfm_sql.attach(con)
    query = "PREDICT COUNT(events.*, 0, 30, days) FORECAST 3 TIMEFRAMES FOR EACH users.user_id"
    result = rfm.evaluate(query, anchor_time=dt.datetime(2023, 9, 1)).results[0]
    y = np.asarray(result.query.column("TARGET").to_pylist(), dtype=np.float64)
    last = next(v for k, v in result.query_columns.items() if k.endswith(":target_lag1"))
    busy = np.asarray(result.query.column("ENTITY").to_pylist()) < 30
    assert np.abs(result.pred[busy] - y[busy]).mean() < 1.5 * np.abs(last[busy] - y[busy]).mean()
