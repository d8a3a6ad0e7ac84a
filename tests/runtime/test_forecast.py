"""FORECAST n TIMEFRAMES end to end on the demo shop: labels per step, predictions from Python, SQL and the
CLI, backtests, point in time, and the errors a user can make."""

from __future__ import annotations

import datetime as dt

import duckdb
import numpy as np
import pytest

import rfm_sql
from rfm_sql import demo
from rfm_sql.cli import main
from rfm_sql.errors import NoExamplesError, PQLError, UserError
from rfm_sql.runtime import metrics

ANCHOR = dt.datetime(2024, 9, 1)
QUERY = "PREDICT COUNT(orders.*, 0, 30, days) FORECAST 3 TIMEFRAMES FOR users.user_id IN (1, 2, 3, 4)"
COLUMNS = ["ENTITY", "ANCHOR_TIMESTAMP", "FORECAST_STEP", "TARGET_PRED"]


@pytest.fixture(scope="module")
def shop():
    con = duckdb.connect()
    demo.build(con, n_users=300, n_items=40)
    return con, rfm_sql.attach(con)


def test_labels_are_the_shifted_one_step_labels(shop):
    _, rfm = shop
    forecast = rfm.labels(
        "PREDICT SUM(orders.amount, 0, 2, weeks) FORECAST 3 TIMEFRAMES FOR EACH users.user_id", anchor_time=ANCHOR
    )
    assert forecast.column_names == ["ENTITY", "ANCHOR_TIMESTAMP", "FORECAST_STEP", "TARGET"]
    got = {(r["ENTITY"], r["FORECAST_STEP"]): r["TARGET"] for r in forecast.to_pylist()}
    assert sorted({s for _, s in got}) == [1, 2, 3]
    for step, (start, end) in enumerate([(0, 2), (2, 4), (4, 6)], start=1):
        one = rfm.labels(
            f"PREDICT SUM(orders.amount, {start}, {end}, weeks) FOR EACH users.user_id", anchor_time=ANCHOR
        )
        want = dict(zip(one.column("ENTITY").to_pylist(), one.column("TARGET").to_pylist(), strict=True))
        assert {e: v for (e, s), v in got.items() if s == step} == pytest.approx(want)


def test_predict_python_one_row_per_entity_and_step(shop):
    _, rfm = shop
    table = rfm.predict(QUERY, anchor_time=ANCHOR)
    assert table.column_names == COLUMNS
    rows = table.to_pylist()
    assert [(r["ENTITY"], r["FORECAST_STEP"]) for r in rows] == [(e, s) for e in (1, 2, 3, 4) for s in (1, 2, 3)]
    assert all(r["ANCHOR_TIMESTAMP"] == ANCHOR for r in rows)
    assert all(r["TARGET_PRED"] >= 0 for r in rows)  # a count is never predicted below zero


def test_predict_sql_for_each(shop):
    con, rfm = shop
    rfm.register_sql()
    query = "PREDICT SUM(orders.amount, 0, 7, days) FORECAST 2 TIMEFRAMES FOR EACH users.user_id"
    table = con.sql(
        "SELECT * FROM rfm_predict($q, anchor_time := TIMESTAMP '2024-09-01')", params={"q": query}
    ).to_arrow_table()
    assert table.column_names == COLUMNS
    entities = table.column("ENTITY").to_pylist()
    assert table.num_rows == 2 * len(set(entities)) > 0
    assert sorted(set(table.column("FORECAST_STEP").to_pylist())) == [1, 2]
    assert min(table.column("TARGET_PRED").to_pylist()) >= 0  # amounts are non-negative in the demo


def test_predict_cli(tmp_path, capsys):
    path = tmp_path / "shop.duckdb"
    con = duckdb.connect(str(path))
    demo.build(con, n_users=200, n_items=30)
    con.close()
    out = tmp_path / "pred.csv"
    assert main(["predict", str(path), QUERY, "--anchor-time", "2024-09-01", "--output", str(out)]) == 0
    lines = out.read_text().splitlines()
    assert lines[0].replace('"', "").split(",") == COLUMNS and len(lines) == 1 + 4 * 3


def test_point_in_time_rows_after_the_anchor_change_nothing(shop):
    _, rfm = shop
    before = rfm.predict(QUERY, anchor_time=ANCHOR).column("TARGET_PRED").to_pylist()
    con = duckdb.connect()
    demo.build(con, n_users=300, n_items=40)
    con.execute(  # a burst of orders after the anchor for the entities being forecast
        "INSERT INTO orders SELECT order_id + 10000000, user_id % 4 + 1, item_id, ordered_at + INTERVAL 400 DAY, "
        "quantity, amount FROM orders WHERE ordered_at > TIMESTAMP '2024-06-01'"
    ).fetchall()
    after = rfm_sql.attach(con).predict(QUERY, anchor_time=ANCHOR).column("TARGET_PRED").to_pylist()
    assert after == before


def test_evaluate_mae_and_smape_per_step(shop):
    con, rfm = shop
    query = "PREDICT COUNT(orders.*, 0, 30, days) FORECAST 2 TIMEFRAMES FOR EACH users.user_id"
    evaluation = rfm.evaluate(query, anchor_time=ANCHOR)
    assert set(evaluation.metrics) == {"mae", "smape", "mae_step1", "smape_step1", "mae_step2", "smape_step2"}
    truth = rfm.labels(query, anchor_time=ANCHOR)
    assert evaluation.n == truth.num_rows
    step_mae = [evaluation.metrics["mae_step1"], evaluation.metrics["mae_step2"]]
    assert evaluation.metrics["mae"] == pytest.approx(np.mean(step_mae))  # both steps have every entity
    rfm.register_sql()
    rows = con.sql(
        "SELECT metric, value FROM rfm_evaluate($q, anchor_time := TIMESTAMP '2024-09-01')", params={"q": query}
    )
    assert dict(rows.fetchall()) == pytest.approx(evaluation.metrics)


def test_smape():
    assert metrics.smape([0, 2, 4], [0, 2, 0]) == pytest.approx((0 + 0 + 2) / 3)
    assert metrics.smape([1.0], [3.0]) == pytest.approx(1.0)
    assert metrics.METRICS["smape"].higher_is_better is False
    assert metrics.DEFAULTS[metrics.TaskType.FORECASTING] == ("mae", "smape")


def test_forecast_of_a_column_is_a_pql_error(shop):
    _, rfm = shop
    with pytest.raises(PQLError, match="aggregation target over a window"):
        rfm.predict("PREDICT users.age FORECAST 3 TIMEFRAMES FOR EACH users.user_id")


def test_too_many_timeframes_for_the_history(shop):
    _, rfm = shop
    with pytest.raises(NoExamplesError, match="forecast fewer timeframes"):
        rfm.predict(
            "PREDICT COUNT(orders.*, 0, 30, days) FORECAST 24 TIMEFRAMES FOR users.user_id = 1", anchor_time=ANCHOR
        )


def test_labelled_task_table_needs_the_step(shop):
    import pyarrow as pa

    _, rfm = shop
    table = pa.table({"ENTITY": [1], "ANCHOR_TIMESTAMP": [dt.datetime(2024, 6, 1)], "TARGET": [1.0]})
    with pytest.raises(UserError, match="FORECAST_STEP"):
        rfm.evaluate(QUERY, task_table=table)


def test_a_backtest_featurises_its_rows_in_the_contexts_statement_as_alone(shop):
    """forecast.prepare(query=rows): the rows' one-step features come with the context's, equal to their own."""
    import pyarrow as pa

    from rfm_sql.runtime import context, forecast
    from rfm_sql.runtime.options import RunOptions

    con, rfm = shop
    vq = rfm.resolve("PREDICT SUM(orders.amount, 0, 2, weeks) FORECAST 3 TIMEFRAMES FOR EACH users.user_id")
    users = [3, 1, 3, 7, 1, 3]  # each user once per step, out of order
    rows = pa.table(
        {
            "ENTITY": pa.array(users, pa.int64()),
            "ANCHOR_TIMESTAMP": pa.array([ANCHOR] * len(users), pa.timestamp("us")),
            "FORECAST_STEP": pa.array([1, 1, 2, 1, 2, 3], pa.int64()),
        }
    )
    with con.cursor() as cur:
        together = forecast.prepare(cur, vq, rfm.graph, ANCHOR, RunOptions(), query=rows)
        alone = forecast.prepare(cur, vq, rfm.graph, ANCHOR, RunOptions())
        own = context.featurise(cur, together.features, forecast.pair_index(rows)[0])
    assert alone.query_columns is None
    _assert_same_columns(together.query_columns, own)
    _assert_same_columns(together.parts[0].context_columns, alone.parts[0].context_columns)  # a prediction's


def _assert_same_columns(got: dict, want: dict):
    """Equal columns; floats to the last bits, which DuckDB's parallel sums may order differently per call."""
    assert list(got) == list(want)
    for name, values in want.items():
        if values.dtype.kind == "f":
            np.testing.assert_allclose(got[name], values, rtol=1e-12)
        else:
            np.testing.assert_array_equal(got[name], values)


def test_a_spend_forecast_predicts_zero_for_entities_that_buy_nothing(shop):
    """Most users spend nothing in a week: their forecast is exactly 0, not cents in the gap below the least
    order (every such row cost the maximum sMAPE, 2: the backtest's sMAPE was 1.86 against last value's 0.40)."""
    _, rfm = shop
    ev = rfm.evaluate("PREDICT SUM(orders.amount, 0, 7, days) FORECAST 2 TIMEFRAMES FOR EACH users.user_id")
    result = ev.results[0]
    y = np.asarray(result.query.column("TARGET").to_pylist(), dtype=np.float64)
    pred = np.asarray(result.pred, dtype=np.float64)
    assert (y == 0).mean() > 0.5 and (pred[y == 0] == 0).mean() > 0.75
    assert ev.metrics["smape"] < ev.baselines["last_value"]["smape"]


def test_the_bench_reports_the_same_window_a_year_before(shop):
    # a seasonal series is judged against "the same week last year", which last_value is not
    from rfm_sql import bench_forecast
    from rfm_sql.runtime.options import RunOptions

    _, rfm = shop
    query = "PREDICT SUM(orders.amount, 0, 7, days) FORECAST 2 TIMEFRAMES FOR EACH users.user_id"
    table = rfm.labels(query, anchor_time=ANCHOR)
    result = bench_forecast.score(rfm, query, table, RunOptions(context_size=100))
    assert {"rfm", "last_value", "lightgbm", "seasonal_naive"} <= set(result["results"])
    year_ago = rfm.labels(query, anchor_time=ANCHOR - dt.timedelta(days=364))
    expected = {
        (e, s): t
        for e, s, t in zip(
            *(year_ago.column(c).to_pylist() for c in ("ENTITY", "FORECAST_STEP", "TARGET")), strict=True
        )
    }
    vq = rfm.resolve(query)
    with rfm.graph.cursor(rfm.con) as cur:
        from rfm_sql.runtime import forecast_eval

        truth = forecast_eval.task_table_truth(cur, vq, rfm.graph, table)
        evaluation = forecast_eval.evaluate(cur, vq, rfm.graph, rfm.model, truth, RunOptions(context_size=100))
        r = evaluation.results[0]
        naive = bench_forecast.seasonal_naive(cur, vq, rfm.graph, r)
    keys = list(zip(r.query.column("ENTITY").to_pylist(), r.query.column("FORECAST_STEP").to_pylist(), strict=True))
    hits = [i for i, k in enumerate(keys) if k in expected]
    assert hits and all(naive[i] == expected[keys[i]] for i in hits)
