"""`rfm-sql bench` for forecasts (`FORECAST n TIMEFRAMES`): the model and the baselines on the same rows,
contexts and features, scored with MAE and sMAPE overall and per step.

- last_value: the last observed window's value (the step-1 target one window before the anchor, the
  `target_lag1` feature) repeated for every step, else the context's median;
- lightgbm: one LightGBM per step, trained on that step's context labels with the same features;
- seasonal_naive: each step's target over the same window a year before (52 weeks back, keeping weekdays, or
  12 calendar months for a window in months), else last_value; none for a horizon over a year;
- weekday_mean: for steps shorter than a week, each step's target over the same window in each of the last four
  weeks, averaged (the same weekday), else last_value.

Every method's predictions get the model's post-processing: never below zero for a non-negative target, and
counts rounded to whole numbers.
"""

from __future__ import annotations

import time

import numpy as np
import pyarrow as pa
from sqlglot import exp

from rfm_sql import bench_lgb
from rfm_sql.compile import forecast as forecast_labels
from rfm_sql.compile import week_cycle
from rfm_sql.compile.forecast import YEAR_DAYS
from rfm_sql.compile.labels import seed_for_anchors
from rfm_sql.compile.sqlutil import ANCHOR, ENTITY, TARGET, to_sql
from rfm_sql.pql.windows import APPROX_SECONDS
from rfm_sql.runtime import anchors, bounds, forecast, forecast_eval, timestamps
from rfm_sql.runtime import metrics as metriclib
from rfm_sql.runtime.forecast_eval import STEP, ForecastAnchorResult, per_step_metrics
from rfm_sql.runtime.options import RunOptions

BASELINES = ("last_value", "lightgbm", "seasonal_naive")


def score(rfm, query: str, task_table: pa.Table, options: RunOptions, mode: str = forecast.MODE, extra=None) -> dict:
    """{"results": {method: {metric: value}}, ...}: rfm (in `mode`) and the baselines on `task_table`; `extra`
    maps more methods' names to functions of the per-anchor results giving (predictions per anchor, info)."""
    vq = rfm.resolve(query)
    start = time.perf_counter()
    with rfm.graph.cursor(rfm.con) as cur:
        truth = forecast_eval.task_table_truth(cur, vq, rfm.graph, task_table)
        anchors.check_observed(cur, vq, rfm.graph, sorted(set(truth.column(ANCHOR).to_pylist())), "task_table")
        evaluation = forecast_eval.evaluate(cur, vq, rfm.graph, rfm.model, truth, options, None, mode)
        seconds = time.perf_counter() - start
        naive = [seasonal_naive(cur, vq, rfm.graph, r) for r in evaluation.results]
    chosen = metriclib.resolve(None, vq.task_type)
    results = evaluation.results
    out = {"rfm": evaluation.metrics}
    for name, fn in (("last_value", last_value), ("lightgbm", lightgbm)):
        out[name] = step_metrics(vq, chosen, results, [fn(r) for r in results])
    out["seasonal_naive"] = step_metrics(vq, chosen, results, naive)
    if all((week := [weekday_mean(r) for r in results])[i] is not None for i in range(len(results))):
        out["weekday_mean"] = step_metrics(vq, chosen, results, week)
    seconds, info = {"rfm": round(seconds, 2)}, {}
    for name, fn in (extra or {}).items():
        start = time.perf_counter()
        preds, info[name] = fn(results)
        out[name] = step_metrics(vq, chosen, results, preds)
        seconds[name] = round(time.perf_counter() - start, 2)
    return {
        "metric": chosen[0].name,
        "higher_is_better": chosen[0].higher_is_better,
        "n": evaluation.n,
        "anchors": evaluation.anchors,
        "context_size": evaluation.context_size,
        "mode": mode,
        "results": out,
        "seconds": seconds,
        **({"trained": info} if info else {}),
    }


def step_metrics(vq, chosen, results: list[ForecastAnchorResult], preds: list) -> dict[str, float]:
    """`chosen` metrics, overall and per step, of a method's predictions (one array per anchor of `results`),
    clipped as the model's are."""
    y = np.concatenate([np.asarray(r.query.column("TARGET").to_pylist(), float) for r in results])
    step = np.concatenate([r.query.column(STEP).to_numpy() for r in results])
    clipped = [
        forecast.clip(p, r.prepared.nonnegative, bounds.is_count(vq)) for p, r in zip(preds, results, strict=True)
    ]
    return per_step_metrics(chosen, y, np.concatenate(clipped), step)


def _context(r: ForecastAnchorResult) -> tuple[dict, np.ndarray, np.ndarray]:
    """The context rows of every step: (feature columns, labels, steps)."""
    parts = r.prepared.parts
    columns = {k: np.concatenate([p.context_columns[k] for p in parts]) for k in _kinds(r)}
    y = np.concatenate([np.asarray(p.context.column("TARGET").to_pylist(), float) for p in parts])
    step = np.concatenate([p.context.column(STEP).to_numpy() for p in parts])
    return columns, y, step


def last_value(r: ForecastAnchorResult) -> np.ndarray:
    lag = next((v for k, v in r.query_columns.items() if k.endswith(":target_lag1")), None)
    _, y, _ = _context(r)
    if lag is None:
        return np.full(r.query.num_rows, np.median(y))
    return np.where(np.isfinite(lag), lag, np.median(y))


def recent_mean(r: ForecastAnchorResult) -> np.ndarray:
    """The mean of the entity's last three periods (the context's median where it has none), every step: a
    level a forecast should beat where periods are noisy (a social trial's daily group posts: the last period
    alone, the only baseline shown, made rfm look better than a 28-day mean)."""
    level = next((v for k, v in r.query_columns.items() if k.endswith(":target_lag_mean")), None)
    _, y, _ = _context(r)
    if level is None:
        return np.full(r.query.num_rows, np.median(y))
    return np.where(np.isfinite(level), level, np.median(y))


def weekday_mean(r: ForecastAnchorResult) -> np.ndarray | None:
    """Each (entity, step)'s target over the same window in each of the last four weeks, averaged (`week_cycle`:
    steps shorter than a week), else `last_value`'s; None where no step has it. A grocery trial's daily forecasts
    per department looked twice as good as `last_value` and only tied this."""
    level = r.query_columns.get(week_cycle.WEEK_MEAN)
    if level is None:
        return None
    level = np.asarray(level, dtype=np.float64)
    return np.where(np.isfinite(level), level, last_value(r))


def seasonal_naive(cur, vq, graph, r: ForecastAnchorResult) -> np.ndarray:
    """Each (entity, step)'s target over its window a year before the anchor (the rows there, whatever the
    entity filter said then), else `last_value`'s; `last_value` alone where the windows reach past a year."""
    year_ago = year_ago_values(cur, vq, graph, r)
    return np.where(np.isfinite(year_ago), year_ago, last_value(r))


def year_ago_values(cur, vq, graph, r: ForecastAnchorResult) -> np.ndarray:
    """Each (entity, step)'s target over its window a year before the anchor; NaN where the entity had none then
    (or the data had not begun), and everywhere where the windows reach past a year."""
    amount, unit = vq.horizon
    back = (12, "months") if unit == "months" else (YEAR_DAYS, "days")
    if (unit == "months" and amount > 12) or (unit != "months" and amount * APPROX_SECONDS[unit] > YEAR_DAYS * 86400):
        return np.full(r.query.num_rows, np.nan)
    then = timestamps.step_back(r.anchor, back, 1)
    timed = [n for n in vq.target_tables if graph.tables[n].time_column]
    start = anchors.time_bound(cur, graph, timed, exp.Min) if timed else None
    if start is None or then < start:  # before the data began every window reads empty, not last year's
        return np.full(r.query.num_rows, np.nan)
    rows = cur.sql(to_sql(forecast_labels.label_rows(vq, graph, seed_for_anchors(vq, graph, [then])))).to_arrow_table()
    year_ago = {
        (e, s): t
        for e, s, t, there in zip(
            *(rows.column(c).to_pylist() for c in (ENTITY, STEP, TARGET, "ENTITY_EXISTS")), strict=True
        )
        if t is not None and there
    }
    keys = zip(r.query.column(ENTITY).to_pylist(), r.query.column(STEP).to_pylist(), strict=True)
    return np.array([year_ago.get(k, np.nan) for k in keys], dtype=np.float64)


def _kinds(r: ForecastAnchorResult) -> dict[str, str]:
    """The features of an (example, step) row as rfm reads them (its own step's target a year before among
    them), but the step: LightGBM learns each step apart."""
    return forecast.row_features(r.prepared.features, with_step=False).kinds


def lightgbm(r: ForecastAnchorResult) -> np.ndarray:
    kinds = _kinds(r)
    columns, y, step = _context(r)
    query_step = r.query.column(STEP).to_numpy()
    xq_all = bench_lgb.matrix(r.query_columns, kinds, columns)
    xc_all = bench_lgb.matrix(columns, kinds, columns)
    pred = np.zeros(r.query.num_rows)
    for i in np.unique(query_step):
        at, train = query_step == i, step == i
        pred[at] = bench_lgb.fit("regression_l1", xc_all[train], y[train]).predict(xq_all[at])
    return pred
