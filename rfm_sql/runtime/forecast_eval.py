"""Forecast backtests: predict every (entity, step) labelled at past anchors from history before them, and
score MAE and sMAPE overall and per step (`mae_step1`, `smape_step1`, ...).

The result is an `Evaluation` like every other backtest's (so `rfm.evaluate`, `rfm_evaluate`, the EVALUATE
prefix, the CLI and `rfm-sql bench` read it the same way); its per-anchor results are `ForecastAnchorResult`s,
which keep the context and features so the benchmark can score its baselines on the same rows.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from sqlglot import exp

from rfm_sql.compile import forecast as forecast_labels
from rfm_sql.compile import labels as label_compiler
from rfm_sql.compile.sqlutil import ANCHOR, ENTITY, TARGET, col, to_sql
from rfm_sql.errors import NoExamplesError, UserError
from rfm_sql.graph import Graph
from rfm_sql.pql.tasks import TaskType
from rfm_sql.pql.validate import ValidQuery
from rfm_sql.runtime import anchors as anchor_times
from rfm_sql.runtime import backtest_rows, bounds, forecast, neighbours, running_totals
from rfm_sql.runtime import metrics as metriclib
from rfm_sql.runtime.backtest_notes import backtest_notes, flattering
from rfm_sql.runtime.context import featurise
from rfm_sql.runtime.evaluate import Evaluation, check_scored, finish
from rfm_sql.runtime.listed import check_listed
from rfm_sql.runtime.model import Model, score
from rfm_sql.runtime.options import RunOptions
from rfm_sql.runtime.task_table import (
    as_arrow,
    check_known,
    finite_labels,
    labelled_rows,
    normalise_task_table,
    refuse_repeats,
)

STEP = forecast_labels.STEP


@dataclass
class ForecastAnchorResult:
    """One anchor of a forecast backtest: the context, the query rows with their truth, the prediction."""

    anchor: dt.datetime
    prepared: forecast.ForecastPrepared
    query: pa.Table  # ENTITY, ANCHOR_TIMESTAMP, FORECAST_STEP, TARGET (the truth)
    query_columns: dict  # the one-step features of each query row (repeated per step)
    pred: np.ndarray

    def rows(self, task_type: TaskType) -> pa.Table:
        """Each entity and step's forecast beside its truth (`runtime.backtest_rows`)."""
        return backtest_rows.forecast_rows(self.query, self.pred)

    def __repr__(self) -> str:  # the context and features would print as megabytes
        return f"ForecastAnchorResult(anchor={self.anchor!r}, rows={self.query.num_rows})"


def labelled_at(cur, vq: ValidQuery, graph: Graph, anchors) -> pa.Table:
    """The labelled (entity, anchor, step) rows at `anchors`."""
    seed = label_compiler.seed_for_anchors(vq, graph, anchors)
    return cur.sql(to_sql(forecast_labels.labels(vq, graph, seed))).to_arrow_table()


def truth_at(cur, vq: ValidQuery, graph: Graph, anchor: dt.datetime) -> pa.Table:
    if vq.query.entities is not None:  # FOR key IN (...): before any SQL casts the keys to the key's type
        check_listed(cur, vq, graph, vq.query.entities, "query")
    truth = labelled_at(cur, vq, graph, [anchor])
    if truth.num_rows == 0:
        raise NoExamplesError(
            f"No labelled forecast steps at {anchor} to evaluate on (the entity filter, ASSUMING or the data's start "
            f"or end leave none). {anchor_times.no_examples_fix(cur, vq, graph, anchor)}"
        )
    return truth


def task_table_truth(cur, vq: ValidQuery, graph: Graph, task_table) -> pa.Table:
    """The rows of a forecast task table: (entity, anchor, FORECAST_STEP, TARGET) as given, or (entity,
    anchor[, FORECAST_STEP]) labelled from the data (every step when FORECAST_STEP is absent; rows the data gives
    no label are left out with a warning, as in `task_table.labelled_rows`)."""
    task_table = as_arrow(task_table)
    names = task_table.column_names
    step = checked_steps(task_table.column(STEP), vq) if STEP in names else None
    rest = task_table.drop_columns([STEP]) if step is not None else task_table
    table = normalise_task_table(rest, vq, graph)
    if step is None:
        refuse_repeats(table, vq)
    else:
        refuse_repeats(table.append_column(STEP, step), vq, [ENTITY, ANCHOR, STEP])
    check_known(cur, vq, graph, table.column(ENTITY))
    if TARGET in table.column_names:
        if step is None:
            raise UserError(
                f"A forecast task table with labels needs a {STEP} column (1..{forecast_labels.steps(vq)}) saying "
                "which step each label is; or drop the label column to label every step from the data.",
                param="task_table",
            )
        return finite_labels(table.append_column(STEP, step).select([ENTITY, ANCHOR, STEP, TARGET]))
    anchors = sorted(set(table.column(ANCHOR).to_pylist()))
    # before labelling: a window not observed yet is no empty window
    anchor_times.check_observed(cur, vq, graph, anchors, "task_table")
    seed = label_compiler.seed_for_anchors(vq, graph, anchors)
    rows = exp.select("*").from_(forecast_labels.label_rows(vq, graph, seed).subquery("l"))
    rows = cur.sql(to_sql(rows.order_by(col(ANCHOR), col(ENTITY), col(STEP)))).to_arrow_table()  # `labelled_at`'s order
    if step is None:
        return labelled_rows(table, rows, [ENTITY, ANCHOR], vq)
    return labelled_rows(table.append_column(STEP, step), rows, [ENTITY, ANCHOR, STEP], vq)


def checked_steps(step: pa.ChunkedArray, vq: ValidQuery) -> pa.ChunkedArray:
    """A task table's FORECAST_STEP column as INTEGER steps; a UserError for a NULL or one not in 1..n (no
    step to score: it would be dropped, or scored against no prediction)."""
    n = forecast_labels.steps(vq)
    if pa.types.is_integer(step.type) or pa.types.is_floating(step.type):
        wrong = [v for v in pc.unique(step).to_pylist() if v is None or v not in range(1, n + 1)]
    else:
        wrong = pc.unique(step).to_pylist()
    if wrong:
        raise UserError(
            f"task_table's {STEP} column holds {', '.join(map(repr, wrong[:5]))} ({step.type}), but the query "
            f"forecasts steps 1 to {n}: give each row its step as an integer in 1..{n}.",
            param="task_table",
        )
    return step.cast(pa.int32())


def predict_rows(
    cur,
    fp: forecast.ForecastPrepared,
    model: Model,
    rows: pa.Table,
    graph: Graph | None = None,
    raw: dict | None = None,
) -> tuple[np.ndarray, dict]:
    """Point predictions for the (ENTITY, ANCHOR_TIMESTAMP, FORECAST_STEP) `rows`, and their feature columns
    (a hierarchical model also reads each row's neighbour rows: `graph` is needed for it); `raw`: the one-step
    features of `forecast.pair_index(rows)`'s pairs when the caller has them (`forecast.prepare`'s `query`)."""
    pairs, index = forecast.pair_index(rows)
    raw = featurise(cur, fp.features, pairs) if raw is None else raw
    columns = forecast.expand(raw, index, rows.column(STEP).to_numpy())
    pred = np.full(rows.num_rows, np.nan)

    def scored(part, at: np.ndarray) -> np.ndarray:
        episode = part.encoder.episode({k: v[at] for k, v in columns.items()})
        if model.neighbours:
            keys = rows.select([ENTITY, ANCHOR]).take(pa.array(at, pa.int64()))
            episode = neighbours.episode_with_neighbours(cur, graph, part, episode, keys)
        return score(model, episode)[0]

    if fp.mode == "joint":
        pred[:] = scored(fp.parts[0], np.arange(rows.num_rows))
    else:
        step = rows.column(STEP).to_numpy()
        for i, part in enumerate(fp.parts, start=1):
            at = np.flatnonzero(step == i)
            if len(at):
                pred[at] = scored(part, at)
    return forecast.clip(pred, fp.nonnegative, bounds.is_count(fp.vq)), columns


def evaluate(
    cur,
    vq: ValidQuery,
    graph: Graph,
    model: Model,
    truth: pa.Table,
    options: RunOptions,
    metrics=None,
    mode: str = forecast.MODE,
) -> Evaluation:
    """Backtest the forecast `vq` on the (ENTITY, ANCHOR_TIMESTAMP, FORECAST_STEP, TARGET) rows of `truth`."""
    chosen = metriclib.resolve(metrics, vq.task_type)
    anchors = sorted(set(truth.column(ANCHOR).to_pylist()))
    features = forecast.step_features(vq, graph)  # the same SQL at every anchor: built once
    results = []
    for anchor in anchors:
        rows = truth.filter(pc.equal(truth.column(ANCHOR), pa.scalar(anchor, truth.schema.field(ANCHOR).type)))
        try:
            fp = forecast.prepare(cur, vq, graph, anchor, options, mode, features, query=rows, model=model)
        except NoExamplesError:
            if len(anchors) == 1:
                raise
            continue  # an early anchor without history: not scored (reported in `anchors`)
        pred, columns = predict_rows(cur, fp, model, rows, graph, raw=fp.query_columns)
        results.append(ForecastAnchorResult(anchor, fp, rows, columns, pred))
    check_scored(
        results,
        anchors,
        truth=truth,
        hint=f"has enough history for {forecast_labels.steps(vq)} timeframes. Evaluate at later anchors or forecast "
        "fewer timeframes.",
    )
    y = np.concatenate([np.asarray(r.query.column(TARGET).to_pylist(), float) for r in results])
    pred = np.concatenate([r.pred for r in results])
    step = np.concatenate([r.query.column(STEP).to_numpy() for r in results])
    per_step = {int(i): (y[step == i], pred[step == i]) for i in np.unique(step)}
    context_size = max(r.prepared.context.num_rows for r in results)
    values = per_step_metrics(chosen, y, pred, step)
    evaluation = finish(vq.task_type, results, values, list(y), context_size, {"per_step": per_step})
    evaluation.counts = {f"{m.name}_step{i}": int(np.sum(step == i)) for m in chosen for i in np.unique(step)}
    # what a backtest says of what it reads as it stands today (a restaurant trial's forecast read its guests'
    # points_balance and backtested 18% better than on a copy of the database as it stood, with no word)
    read = {f.name: f for r in results for f in r.prepared.features.features}  # the step features every part reads
    suspects = running_totals.suspects(vq, graph, list(read.values()))
    evaluation.warnings[:0] = flattering([], backtest_notes(cur, vq, graph, suspects))
    return evaluation


def per_step_metrics(chosen, y: np.ndarray, pred: np.ndarray, step: np.ndarray) -> dict[str, float]:
    """Each metric over every row, then per step as `<metric>_step<i>` (same direction as the metric)."""
    out = metriclib.compute(chosen, y, pred, pred)
    for i in np.unique(step):
        at = step == i
        for name, value in metriclib.compute(chosen, y[at], pred[at], pred[at]).items():
            out[f"{name}_step{int(i)}"] = value
    return out
