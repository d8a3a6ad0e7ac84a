"""Backtests: predict labelled examples at past anchors from history before them, and score the result.

`backtest` returns everything the benchmark needs to compare baselines on exactly the same context rows
and features the model saw."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from rfm_sql.compile import labels as label_compiler
from rfm_sql.compile.sqlutil import ANCHOR, ENTITY, TARGET, to_sql
from rfm_sql.errors import NoExamplesError
from rfm_sql.pql.validate import TaskType, ValidQuery
from rfm_sql.runtime import context as ctxlib
from rfm_sql.runtime import metrics as metriclib
from rfm_sql.runtime.encode import Episode
from rfm_sql.runtime.options import RunOptions
from rfm_sql.runtime.predict import score

DEFAULT_METRICS = {
    TaskType.BINARY: ("auroc", "accuracy", "log_loss"),
    TaskType.REGRESSION: ("mae", "rmse"),
    TaskType.MULTICLASS: ("accuracy",),
}


@dataclass
class AnchorResult:
    anchor: dt.datetime
    prepared: ctxlib.Prepared
    episode: Episode
    query: pa.Table  # ENTITY, ANCHOR_TIMESTAMP, TARGET (the truth)
    query_columns: dict  # raw feature columns of the query rows
    pred: np.ndarray  # decoded prediction (regression) or 1-based class index
    probs: np.ndarray  # class probabilities (classification)


def labelled_at(cur, vq: ValidQuery, graph, anchors) -> pa.Table:
    seed = label_compiler.seed_for_anchors(vq, graph, anchors)
    return cur.sql(to_sql(label_compiler.labels(vq, graph, seed))).to_arrow_table()


def backtest(rfm, vq: ValidQuery, truth: pa.Table, options: RunOptions, progress=None) -> list[AnchorResult]:
    """truth: ENTITY, ANCHOR_TIMESTAMP, TARGET rows; one context per distinct anchor."""
    results = []
    anchors = sorted(set(truth.column(ANCHOR).to_pylist()))
    with rfm.con.cursor() as cur:
        for anchor in anchors:
            rows = truth.filter(pc.equal(truth.column(ANCHOR), pa.scalar(anchor, truth.schema.field(ANCHOR).type)))
            try:
                prepared = ctxlib.prepare(cur, vq, rfm.graph, anchor, options)
            except NoExamplesError:
                if len(anchors) == 1:
                    raise
                continue  # an early anchor without history: not scored (reported as n)
            _, columns = ctxlib.featurise(cur, vq, rfm.graph, rows)
            episode = ctxlib.episode(prepared, columns)
            pred, probs = score(rfm.model, episode)
            results.append(AnchorResult(anchor, prepared, episode, rows, columns, pred, probs))
            if progress is not None:
                progress.update(1)
    return results


def truth_and_scores(vq: ValidQuery, results: list[AnchorResult]):
    """Concatenated truth and model scores: (y_true, score for metrics, point prediction)."""
    y_true, scores, points = [], [], []
    for r in results:
        truth = r.query.column(TARGET).to_pylist()
        y_true += truth
        if vq.task_type is TaskType.REGRESSION:
            scores += list(r.pred)
            points += list(r.pred)
        else:
            classes = r.episode.target.classes
            if vq.task_type is TaskType.BINARY:
                true_index = classes.index(True) if True in classes else None
                scores += list(r.probs[:, true_index]) if true_index is not None else [0.0] * len(truth)
            points += [classes[int(i) - 1] for i in r.pred]
    return y_true, scores, points


def compute_metrics(vq: ValidQuery, y_true, scores, points, names=None) -> dict:
    names = names or DEFAULT_METRICS[vq.task_type]
    out = {}
    for name in names:
        if name not in metriclib.METRICS:
            raise ValueError(f"Unknown metric {name!r}; known: {', '.join(metriclib.METRICS)}.")
        if name in ("auroc", "log_loss"):
            out[name] = metriclib.METRICS[name](np.array(y_true, float), scores)
        elif name == "accuracy":
            out[name] = metriclib.accuracy(y_true, points)
        else:
            out[name] = metriclib.METRICS[name](y_true, points)
    return out


def normalise_task_table(table, vq: ValidQuery) -> pa.Table:
    """Accept ENTITY/ANCHOR_TIMESTAMP[/TARGET] columns, or RelBench's (time, entity key[, label])."""
    if not isinstance(table, pa.Table):
        try:
            table = pa.Table.from_pandas(table, preserve_index=False)
        except Exception as e:
            raise ValueError(
                f"task_table must be a pyarrow.Table or a pandas.DataFrame, got {type(table).__name__}."
            ) from e
    names = table.column_names
    entity = ENTITY if ENTITY in names else vq.entity_key if vq.entity_key in names else None
    times = [
        n
        for n in names
        if pa.types.is_timestamp(table.schema.field(n).type) or pa.types.is_date(table.schema.field(n).type)
    ]
    anchor = ANCHOR if ANCHOR in names else times[0] if len(times) == 1 else None
    if entity is None or anchor is None:
        raise ValueError(
            f"task_table needs an entity column ({ENTITY} or {vq.entity_key}) and one timestamp column "
            f"({ANCHOR}); it has {', '.join(names)}."
        )
    rest = [n for n in names if n not in (entity, anchor)]
    label = TARGET if TARGET in names else rest[0] if len(rest) == 1 else None
    columns = {ENTITY: table.column(entity), ANCHOR: table.column(anchor).cast(pa.timestamp("us"))}
    if label is not None:
        columns[TARGET] = table.column(label)
    return pa.table(columns)


def task_table_truth(cur, vq: ValidQuery, graph, task_table) -> pa.Table:
    """The rows of a task table with their labels: its own label column, else the labels PQL defines (rows
    without a label at their anchor are dropped, as in `labels`)."""
    truth = normalise_task_table(task_table, vq)
    if TARGET in truth.column_names:
        return truth
    labelled = labelled_at(cur, vq, graph, sorted(set(truth.column(ANCHOR).to_pylist())))
    wanted = set(zip(truth.column(ENTITY).to_pylist(), truth.column(ANCHOR).to_pylist(), strict=True))
    pairs = zip(labelled.column(ENTITY).to_pylist(), labelled.column(ANCHOR).to_pylist(), strict=True)
    return labelled.filter(pa.array([pair in wanted for pair in pairs]))
