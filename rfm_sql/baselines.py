"""The simple baselines a backtest is shown beside, on the same rows and context as the model: what a metric
means for this data (an AUROC of 0.91 where the entity's own last label scores 0.84; a MAP@5 of 0.02 where
popularity scores 0.05). The functions are `rfm-sql bench`'s (MODEL.md, "Measuring quality") without LightGBM,
which costs a training per anchor and is the bench's:

- one row per example: `entity_mean` (the mean of the entity's last three labels, else the context's mean; its
  last class for a multiclass target; not for a static target, which has none), `last_value` (the entity's last
  label alone, binary and regression: "the same as last period", which beat the three-label mean, and rfm, on a
  SaaS database's invoice sums), `global` (the context's rate, median or majority class) and, for a binary
  target, `recency` (the context's rate at the entity's days since its last row of the target's table);
- pair-scored targets: `popularity`, `popularity_unseen` and `entity_history` (link prediction), `entity_mean`
  (the last class) and `global` (many classes), `popularity` and `entity_history` (multilabel);
- forecasts: `last_value` (the entity's last period) and `entity_mean` (the mean of its last three) per step,
  and `seasonal_naive` (the same window a year before, else the last period) where a year before the anchors
  holds data: a library's monthly loans per branch read 41 against last_value's 64 and lost to last year's 22,
  with only the first two shown; and `weekday_mean` (the same window over the last four weeks) for steps shorter
  than a week: a grocery's daily forecasts per department looked twice as good as last_value and tied this.
"""

from __future__ import annotations

import numpy as np

from rfm_sql import bench_ranking
from rfm_sql.bench_forecast import last_value, recent_mean, step_metrics, weekday_mean, year_ago_values
from rfm_sql.compile.sqlutil import TARGET
from rfm_sql.pql.tasks import TaskType
from rfm_sql.pql.validate import ValidQuery
from rfm_sql.runtime import bounds, decoding, residual
from rfm_sql.runtime import metrics as metriclib
from rfm_sql.runtime.evaluate import AnchorResult, Evaluation
from rfm_sql.runtime.forecast_eval import ForecastAnchorResult
from rfm_sql.runtime.ranking import PairAnchorResult


def add(vq: ValidQuery, evaluation: Evaluation, cur=None, graph=None) -> Evaluation:
    """`evaluation` with `.baselines` set: {baseline: {metric: value}} for the metrics it computed; a forecast's
    `seasonal_naive` reads the year before with `cur` over `graph`."""
    if not evaluation.results or not evaluation.metrics:
        return evaluation
    names = sorted({name.split("_step")[0] for name in evaluation.metrics})
    chosen = metriclib.resolve(names, vq.task_type)
    first = evaluation.results[0]
    if isinstance(first, PairAnchorResult):
        scorers = {k: v for k, v in bench_ranking.scorers(vq).items() if k != "lightgbm"}
        scored = {k: [(r.query, r.pairs, fn(r)) for r in evaluation.results] for k, fn in scorers.items()}
        out = {k: {m.name: bench_ranking.metric_of(vq, m, rows) for m in chosen} for k, rows in scored.items()}
    elif isinstance(first, ForecastAnchorResult):
        preds = {
            name: [fn(r) for r in evaluation.results]
            for name, fn in (("last_value", last_value), ("entity_mean", recent_mean))
        }
        year_ago = [year_ago_values(cur, vq, graph, r) for r in evaluation.results] if cur is not None else []
        if any(np.isfinite(y).any() for y in year_ago):
            preds["seasonal_naive"] = [
                np.where(np.isfinite(y), y, p) for y, p in zip(year_ago, preds["last_value"], strict=True)
            ]
        week = [weekday_mean(r) for r in evaluation.results]
        if all(w is not None for w in week):  # steps shorter than a week: the same weekday over four weeks
            preds["weekday_mean"] = week
        out = {name: step_metrics(vq, chosen, evaluation.results, p) for name, p in preds.items()}
    elif vq.static:  # a static target (a column of the entity) has no last label
        out = {"global": row_metrics(vq, evaluation, chosen, global_)}
    else:
        fns = [("entity_mean", entity_mean), ("global", global_)]
        if vq.task_type is not TaskType.MULTICLASS:  # a multiclass entity_mean is already the last class
            fns.insert(1, ("last_value", last_label))
        if vq.task_type is TaskType.BINARY and _recency_feature(vq, evaluation.results[0].query_columns):
            fns.insert(2, ("recency", recency))
        out = {name: row_metrics(vq, evaluation, chosen, fn) for name, fn in fns}
    evaluation.baselines = {k: {m: v[m] for m in evaluation.metrics if m in v} for k, v in out.items()}
    return evaluation


def row_metrics(vq: ValidQuery, evaluation: Evaluation, chosen, fn) -> dict[str, float]:
    """`chosen` metrics of the baseline `fn(vq, r) -> (scores, points)` over every anchor of `evaluation`."""
    y_true, _, _ = evaluation.truth_and_scores()
    scores, points = [], []
    for r in evaluation.results:
        s, p = fn(vq, r)
        scores += list(s)
        points += list(p)
    return metriclib.compute(chosen, y_true, scores, points)


def readable(evaluation: dict) -> dict:
    """An evaluation's `to_dict()` with each baseline and each anchor's metrics on a line of its own ("baseline
    entity_mean": "auroc 0.7913, accuracy 0.8100"), for the command line's and the MCP server's text."""
    out = {k: v for k, v in evaluation.items() if k not in ("baselines", "per_anchor")}
    for name, values in (evaluation.get("baselines") or {}).items():
        out[f"baseline {name}"] = ", ".join(f"{m} {v:.4f}" for m, v in values.items())
    for anchor, values in (evaluation.get("per_anchor") or {}).items():
        out[f"at {anchor}"] = ", ".join(f"{m} {v:.4f}" for m, v in values.items())
    return out


def context_labels(vq: ValidQuery, r: AnchorResult) -> np.ndarray:
    y = r.prepared.context.column(TARGET).to_pylist()
    return np.array(y, dtype=float) if vq.task_type is not TaskType.MULTICLASS else np.array(y, dtype=object)


def context_weights(r: AnchorResult) -> np.ndarray:
    """Per context row, its class's prior ratio where the context was balanced by class (runtime.plan), or its
    stratum's weight in a regression context (of recent activity: a gym trial's context held personal-training
    spend on half its rows, 11% of members have it, and `global` read a median of 79.6 where it is 0), else 1:
    the baselines learn from the labels at their true rates, as the model's probabilities are read."""
    if r.prepared.weights is not None:
        return np.asarray(r.prepared.weights, dtype=np.float64)
    target = r.prepared.encoder.target
    labels = r.prepared.context.column(TARGET).to_pylist()
    return decoding.context_weights(target, target.encode(labels))  # all ones unless balanced by class


RECENCY_BINS = 20


def global_(vq: ValidQuery, r: AnchorResult):
    """(scores, points): the context's rate (binary), median (regression) or majority class."""
    y, w = context_labels(vq, r), context_weights(r)
    n = r.query.num_rows
    if vq.task_type is TaskType.BINARY:
        rate = float(np.average(y, weights=w))
        return [rate] * n, [rate > 0.5] * n
    if vq.task_type is TaskType.REGRESSION:
        middle = weighted_median(y, w)
        return [middle] * n, [middle] * n
    return [0.0] * n, [majority(y, w)] * n


def weighted_median(y: np.ndarray, w: np.ndarray) -> float:
    """The value with half the weight at or below it (the lower one where a value splits it exactly)."""
    order = np.argsort(y, kind="stable")
    cumulative = np.cumsum(w[order])
    return float(y[order][np.searchsorted(cumulative, cumulative[-1] / 2)])


def majority(y, weights) -> object:
    """The most frequent label (by weight), as the label value itself (so it compares equal to the truth)."""
    values, inverse = np.unique(y.astype(str), return_inverse=True)
    best = values[np.argmax(np.bincount(inverse, weights=weights))]
    return next(v for v in y if str(v) == best)


def last_label(vq: ValidQuery, r: AnchorResult):
    """(scores, points): the entity's label over the window just before the anchor, else the context's mean."""
    return _from_lag(vq, r, ":target_lag1")


def _from_lag(vq: ValidQuery, r: AnchorResult, suffix: str):
    """(scores, points): the entity's lagged-target feature ending in `suffix`, else the context's mean, or 0 for a
    count or sum (an entity with no label a window before did not exist then: it had no rows, where the context's
    mean, of its more active strata, read a gym's new members at 250 in a month where most spend 0); a binary
    target's point is the score over 0.5; `global_` where the features have no such lag."""
    lag = next((v for k, v in r.query_columns.items() if k.endswith(suffix)), None)
    if lag is None:
        return global_(vq, r)
    fallback = 0.0 if bounds.adds_up(vq) else float(np.average(context_labels(vq, r), weights=context_weights(r)))
    s = np.where(np.isfinite(lag), lag, fallback)
    return list(s), list(s > 0.5) if vq.task_type is TaskType.BINARY else list(s)


def recency(vq: ValidQuery, r: AnchorResult):
    """(scores, points): the days since the entity's last row of the target's table, as the context's positive
    rate among rows with such a gap (RECENCY_BINS bins of it; entities with no row yet have the context's longest
    gap). The first baseline an analyst writes for churn: a hotel trial's rfm AUROC 0.783 looked strong beside
    entity_mean's 0.645 and was close to the days since the last booking's 0.768."""
    name = _recency_feature(vq, r.query_columns)
    ctx = np.asarray(r.prepared.context_columns[name], dtype=np.float64)
    gap = float(np.nanmax(ctx)) if np.isfinite(ctx).any() else 0.0
    ctx, days = np.nan_to_num(ctx, nan=gap), np.nan_to_num(np.asarray(r.query_columns[name], dtype=np.float64), nan=gap)
    y, w = context_labels(vq, r), context_weights(r)
    edges = np.unique(np.quantile(ctx, np.linspace(0, 1, RECENCY_BINS + 1)[1:-1]))
    at_ctx, at_query = np.searchsorted(edges, ctx), np.searchsorted(edges, days)
    rate = float(np.average(y, weights=w))
    hits = np.bincount(at_ctx, weights=y * w, minlength=len(edges) + 1)
    rows = np.bincount(at_ctx, weights=w, minlength=len(edges) + 1)
    p = (hits + rate) / (rows + 1)  # each bin's rate, one row's worth toward the context's
    return list(p[at_query]), list(p[at_query] > 0.5)


def _recency_feature(vq: ValidQuery, columns: dict | None) -> str | None:
    """The feature holding the days since the entity's last row of the target's (first) table, if any."""
    if not vq.target_tables or not columns:
        return None
    suffix = f":{vq.target_tables[0]}.days_since_last"
    return next((k for k in columns if k.endswith(suffix)), None)


def entity_mean(vq: ValidQuery, r: AnchorResult):
    """(scores, points): the entity's own lagged label (its last class), else the context's."""
    if vq.task_type is TaskType.MULTICLASS:  # the entity's last class (its lagged target), else the majority
        lag = next((v for k, v in r.query_columns.items() if k.endswith(":target_lag1")), None)
        by_text = {str(v): v for v in context_labels(vq, r)}
        fallback = majority(context_labels(vq, r), context_weights(r))
        points = [fallback] * r.query.num_rows if lag is None else [by_text.get(v, fallback) for v in lag]
        return [0.0] * r.query.num_rows, points
    return _from_lag(vq, r, residual.LAG_SUFFIX)
