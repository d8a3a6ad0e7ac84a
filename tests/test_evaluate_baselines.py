"""A backtest comes with the simple baselines on its own rows (rfm_sql.baselines), from every surface: what a
metric means for this data. They are `rfm-sql bench`'s functions, so they equal the bench's numbers."""

import asyncio
import datetime as dt
import sys

import duckdb
import pytest

import rfm_sql
from rfm_sql import bench, bench_ranking, demo
from rfm_sql.runtime import metrics

CHURN = "PREDICT COUNT(orders.*, 0, 30, days) = 0 FOR EACH users.user_id"
SPEND = "PREDICT SUM(orders.amount, 0, 30, days) FOR EACH users.user_id"
RANK = "PREDICT LIST_DISTINCT(orders.item_id, 0, 30, days) RANK TOP 5 FOR EACH users.user_id"
FORECAST = "PREDICT SUM(orders.amount, 0, 7, days) FORECAST 2 TIMEFRAMES FOR EACH users.user_id"
NEXT_ITEM = "PREDICT FIRST(orders.item_id, 0, 30, days) FOR EACH users.user_id"  # 40 classes: scored over pairs
EXPECTED = {
    NEXT_ITEM: {"entity_mean", "entity_history", "global"},  # the last class and the most frequent one
    CHURN: {"entity_mean", "last_value", "recency", "global"},
    SPEND: {"entity_mean", "last_value", "global"},
    RANK: {"popularity", "popularity_unseen", "entity_history"},
    FORECAST: {"last_value", "entity_mean", "seasonal_naive"},  # the demo holds two years: a year back is known
}


@pytest.mark.parametrize("query", list(EXPECTED))
def test_every_task_type_has_its_baselines_on_the_same_rows(shop, query):
    rfm = rfm_sql.attach(shop)
    evaluation = rfm.evaluate(query, context_size=150)
    assert set(evaluation.baselines) == EXPECTED[query]
    for values in evaluation.baselines.values():
        assert list(values) == [m for m in evaluation.metrics if m in values] and values
        assert all(isinstance(v, float) for v in values.values())
    assert evaluation.to_dict()["baselines"] == evaluation.baselines
    rows = shop.sql(f"SELECT metric, baselines FROM rfm_evaluate('{query}', context_size := 150)").fetchall()
    for metric, said in rows:
        for name, values in evaluation.baselines.items():
            assert f"{name} {values[metric]:.4f}" in said


def test_the_baselines_are_the_benchs(shop):
    rfm = rfm_sql.attach(shop)
    vq = rfm.resolve(CHURN)
    evaluation = rfm.evaluate(CHURN, context_size=150)
    bench_values = bench._baselines(vq, evaluation, metrics.METRICS["auroc"])
    for name in ("entity_mean", "global"):
        assert evaluation.baselines[name]["auroc"] == pytest.approx(bench_values[name])
    ranked = rfm.evaluate(RANK, context_size=150)
    bench_values = bench_ranking.baselines(rfm.resolve(RANK), ranked.results, metrics.METRICS["map@k"])
    assert ranked.baselines["popularity"]["map@k"] == pytest.approx(bench_values["popularity"])


def test_a_forecast_is_shown_beside_the_same_window_a_year_before_where_there_is_one(shop):
    """A library's monthly loans per branch read MAE 41 against last_value's 64 and lost to last year's 22, with
    only last_value and entity_mean shown: seasonal_naive is `rfm-sql bench`'s, on the same rows, where a year
    before the anchors holds data (else it would only repeat last_value)."""
    from rfm_sql import bench_forecast

    rfm = rfm_sql.attach(shop)
    vq = rfm.resolve(FORECAST)
    evaluation = rfm.evaluate(FORECAST, context_size=150)
    metric = metrics.resolve(["mae"], vq.task_type)
    with shop.cursor() as cur:
        naive = [bench_forecast.seasonal_naive(cur, vq, rfm.graph, r) for r in evaluation.results]
    expected = bench_forecast.step_metrics(vq, metric, evaluation.results, naive)
    assert evaluation.baselines["seasonal_naive"]["mae"] == pytest.approx(expected["mae"])
    first = shop.sql("SELECT MIN(ordered_at) FROM orders").fetchall()[0][0]
    early = rfm.evaluate(FORECAST, anchor_time=first + dt.timedelta(days=120), context_size=150)
    assert set(early.baselines) == {"last_value", "entity_mean"}  # no year before it


def test_the_command_line_and_the_mcp_server_show_them(shop, tmp_path, monkeypatch, capsys):
    import duckdb

    from rfm_sql import cli

    db = tmp_path / "shop.duckdb"
    with duckdb.connect(str(db)) as file:
        for (name,) in shop.sql("SHOW TABLES").fetchall():
            file.register("src", shop.table(name).to_arrow_table())
            file.execute(f"CREATE TABLE {name} AS SELECT * FROM src")
    monkeypatch.setattr(sys, "argv", ["rfm-sql", "evaluate", str(db), SPEND, "--context-size", "150"])
    assert cli.main() in (0, None)
    out = capsys.readouterr().out
    assert "baseline entity_mean mae " in out and "baseline global      mae " in out

    pytest.importorskip("mcp", reason="the MCP tests need the mcp SDK: pip install 'rfm-sql[mcp]'")
    from rfm_sql import mcp_server

    server = mcp_server.build(rfm_sql.attach(shop))
    result = asyncio.run(server.call_tool("evaluate", {"query": RANK}))
    content = result[0] if isinstance(result, tuple) else result
    text = getattr(content, "content", content)[0].text
    assert "baseline popularity" in text and "map@k " in text


def test_last_value_is_the_label_one_window_before(shop):
    """`entity_mean` is the mean of the last three labels; `last_value` the last one alone ("the same as last
    period"), which a user compares a model with first."""
    import datetime as dt

    import numpy as np

    rfm = rfm_sql.attach(shop)
    anchor = dt.datetime(2024, 9, 1)
    evaluation = rfm.evaluate(SPEND, anchor_time=anchor, context_size=150)
    truth = {r["ENTITY"]: r["TARGET"] for r in rfm.labels(SPEND, anchor_time=anchor).to_pylist()}
    before = {
        r["ENTITY"]: r["TARGET"] for r in rfm.labels(SPEND, anchor_time=anchor - dt.timedelta(days=30)).to_pylist()
    }
    both = [e for e in truth if e in before]
    assert 0.9 * len(truth) < len(both) < len(truth)  # a few have no label a window before: new users
    # a sum's last value of an entity that did not exist a window before is 0 (it had no rows), not the context's
    # mean (a gym trial's: 250, of the context's more active strata, where most members spend 0)
    mae = evaluation.baselines["last_value"]["mae"]
    assert mae == pytest.approx(np.mean([abs(truth[e] - before.get(e, 0.0)) for e in truth]))
    assert mae != pytest.approx(evaluation.baselines["entity_mean"]["mae"])


def test_a_regression_targets_global_median_weighs_the_contexts_strata(shop):
    """The context over-samples active entities (its strata of recent activity): `global` is the median of the
    labels as they occur, each row weighed by its stratum (a gym trial's read 79.6 where the median is 0)."""
    import numpy as np

    from rfm_sql import baselines

    rfm = rfm_sql.attach(shop)
    evaluation = rfm.evaluate(SPEND, anchor_time="2024-09-01", context_size=150)
    r = evaluation.results[0]
    y = np.asarray(r.prepared.context.column("TARGET").to_pylist(), dtype=float)
    w = np.asarray(r.prepared.weights)
    assert len(w) == len(y) and np.ptp(w) > 0  # the strata are weighed differently
    middle = baselines.weighted_median(y, w)
    order = np.argsort(y)
    assert np.sum(w[order][y[order] <= middle]) >= np.sum(w) / 2 > np.sum(w[order][y[order] < middle])
    truth = np.asarray(evaluation.truth_and_scores()[0], dtype=float)
    assert evaluation.baselines["global"]["mae"] == pytest.approx(np.mean(np.abs(truth - middle)))


def test_a_static_target_has_no_last_label_baseline(shop):
    evaluation = rfm_sql.attach(shop).evaluate("PREDICT users.segment FOR EACH users.user_id", context_size=150)
    assert list(evaluation.baselines) == ["global"]


def _weeks_back(rfm, query: str, anchor, weeks: int):
    """The labels of `query` at `anchor` and at each of `weeks` whole weeks before it ({entity: label} each), and
    the entities labelled at all of them."""
    import datetime as dt

    truth = {r["ENTITY"]: r["TARGET"] for r in rfm.labels(query, anchor_time=anchor).to_pylist()}
    back = [
        {r["ENTITY"]: r["TARGET"] for r in rfm.labels(query, anchor_time=anchor - dt.timedelta(days=7 * k)).to_pylist()}
        for k in range(1, weeks + 1)
    ]
    return truth, back, sorted(e for e in truth if all(e in b for b in back))


def test_a_forecasts_entity_mean_is_the_mean_of_its_last_three_periods(shop):
    import datetime as dt

    import numpy as np
    import pyarrow as pa

    rfm = rfm_sql.attach(shop)
    anchor = dt.datetime(2024, 9, 1)
    week = "PREDICT SUM(orders.amount, 0, 7, days) FOR EACH users.user_id"
    truth, lags, both = _weeks_back(rfm, week, anchor, 3)  # users with their three weeks before
    assert len(both) > 100
    table = pa.table({"user_id": both, "ts": [anchor] * len(both)})
    evaluation = rfm.evaluate(FORECAST, task_table=table, context_size=150)
    expected = np.mean([abs(truth[e] - np.mean([lag[e] for lag in lags])) for e in both])
    assert evaluation.baselines["entity_mean"]["mae_step1"] == pytest.approx(expected)


def test_a_daily_forecast_is_shown_beside_the_same_weekday_over_four_weeks(shop):
    """A grocery trial's daily forecasts per department looked twice as good as last_value and only tied the same
    weekday over the last four weeks, which no baseline showed. Step 1's weekday_mean is that mean, by hand."""
    import datetime as dt

    import numpy as np
    import pyarrow as pa

    rfm = rfm_sql.attach(shop)
    anchor = dt.datetime(2024, 9, 1)
    day = "PREDICT COUNT(orders.*, 0, 1, days) FOR EACH users.user_id"
    truth, weeks, users = _weeks_back(rfm, day, anchor, 4)
    assert len(users) > 100
    table = pa.table({"user_id": users, "ts": [anchor] * len(users)})
    daily = "PREDICT COUNT(orders.*, 0, 1, days) FORECAST 3 TIMEFRAMES FOR EACH users.user_id"
    evaluation = rfm.evaluate(daily, task_table=table, context_size=150)
    # a count's predictions are whole numbers, rounded half away from zero, as every method's are
    expected = np.mean([abs(truth[e] - np.floor(np.mean([w[e] for w in weeks]) + 0.5)) for e in users])
    assert evaluation.baselines["weekday_mean"]["mae_step1"] == pytest.approx(expected)
    assert "weekday_mean" not in rfm.evaluate(FORECAST, context_size=150).baselines  # weekly steps: none


def test_recency_is_the_days_since_the_last_row(shop):
    """A binary backtest is shown beside the days since the entity's last row of the target's table (as the
    context's rate at that gap): churn's first baseline, which the others, all reading past labels, are not."""
    rfm = rfm_sql.attach(shop)
    evaluation = rfm.evaluate(CHURN, context_size=150)
    r = evaluation.results[0]
    shop.register("truth", r.query)
    rows = shop.sql(
        "SELECT t.TARGET, date_diff('second', max(o.ordered_at), t.ANCHOR_TIMESTAMP) / 86400.0 FROM truth t "
        "LEFT JOIN orders o ON o.user_id = t.ENTITY AND o.ordered_at <= t.ANCHOR_TIMESTAMP GROUP BY t.ENTITY, t.ANCHOR_TIMESTAMP, t.TARGET"
    ).fetchall()
    shop.unregister("truth")
    y = [bool(t) for t, _ in rows]
    days = [d if d is not None else 1e6 for _, d in rows]
    by_sql = max(metrics.auroc(y, days), metrics.auroc(y, [-d for d in days]))
    assert evaluation.baselines["recency"]["auroc"] == pytest.approx(by_sql, abs=0.03)


def test_a_backtests_results_print_as_one_line_each(shop):
    """Each anchor's result holds its context, features and model inputs: printed whole they ran to megabytes
    (a maintenance trial printed `evaluation.results`)."""
    evaluation = rfm_sql.attach(shop).evaluate(CHURN, context_size=150)
    text = repr(evaluation.results)
    n = evaluation.results[0].query.num_rows
    assert text.startswith("[AnchorResult(anchor=datetime.datetime(") and f"rows={n}, context=150)" in text
    assert len(text) < 200 * len(evaluation.results)
    for query, kind in ((RANK, "PairAnchorResult"), (FORECAST, "ForecastAnchorResult")):  # and theirs
        results = rfm_sql.attach(shop).evaluate(query, context_size=150).results
        assert repr(results).startswith(f"[{kind}(anchor=") and len(repr(results)) < 200 * len(results)


def test_each_anchor_of_a_backtest_has_its_metrics_as_a_backtest_there_alone():
    """A pooled metric over several anchors can hide a drift: each anchor's own are in `per_anchor`, the same as
    a backtest at that anchor alone (each anchor has its own context)."""
    con = duckdb.connect()
    demo.build(con, n_users=300, n_items=20)
    rfm = rfm_sql.attach(con)
    ranking = "PREDICT LIST_DISTINCT(orders.item_id, 0, 30, days) RANK TOP 5 FOR EACH users.user_id"  # pair-scored
    for query in ("PREDICT COUNT(orders.*, 0, 30, days) > 0 FOR EACH users.user_id", ranking):
        both = rfm.evaluate(query, anchor_time=["2024-03-01", "2024-05-01"], context_size=200)
        assert set(both.per_anchor) == {"2024-03-01 00:00:00", "2024-05-01 00:00:00"}
        for anchor, values in both.per_anchor.items():
            assert values == pytest.approx(rfm.evaluate(query, anchor_time=anchor, context_size=200).metrics)
        assert both.to_dict()["per_anchor"] == both.per_anchor
        assert rfm.evaluate(query, anchor_time="2024-03-01", context_size=200).per_anchor == {}
