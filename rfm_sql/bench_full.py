"""`rfm-sql bench --full-baseline`: `lightgbm_full`, LightGBM trained on every row of the task's train split.

The "weeks of data science" comparator (MODEL.md, "Measuring quality"): the rows of `tasks/TASK/train.parquet`
get the same point-in-time features the model reads (rfm_sql's own `FeatureQuery`, computed in DuckDB for each
(entity, anchor) from rows with time <= that anchor), LightGBM (rfm_sql.bench_lgb) trains on them, stops at
its best round on `val.parquet` (when val is the split scored: on the latest fifth of the train anchors), and
scores the scored split's rows that the model scored, with the same features:
- binary (AUROC), regression (MAE, an L1 objective), multiclass (accuracy, over the classes seen in train);
- pair-scored targets (link prediction, many-class multiclass, multilabel): a binary LightGBM on (entity,
  candidate) pairs with the pair features, trained on the candidates of every train row (every positive, and
  random negatives up to `MAX_TRAIN_PAIRS` pairs in all) and scored on the model's own candidate pairs;
- forecasts: one LightGBM per step.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from rfm_sql import bench_lgb, bench_ranking
from rfm_sql.compile.candidates import CLASS
from rfm_sql.compile.sqlutil import ANCHOR, ENTITY, TARGET, to_sql
from rfm_sql.errors import UserError
from rfm_sql.graph import Graph
from rfm_sql.pql.tasks import TaskType
from rfm_sql.pql.validate import ValidQuery
from rfm_sql.runtime import encode, forecast, forecast_eval
from rfm_sql.runtime import metrics as metriclib
from rfm_sql.runtime.context import FeatureQuery, feature_query, featurise
from rfm_sql.runtime.options import RunOptions
from rfm_sql.runtime.pairs import context_classes, featurise_pairs, pair_features, pair_labels
from rfm_sql.runtime.ranking import PairAnchorResult
from rfm_sql.runtime.task_table import finite_labels, task_table_truth

HOLDOUT = 0.2  # scoring val: this share of the latest train anchors early-stops instead
MAX_TRAIN_PAIRS = 250_000  # pair-scored targets: at most about this many train pairs (negatives sampled to fit)
CHUNK_ROWS = 2000  # train rows whose candidate pairs are featurised at once (bounds memory)


def check(data_dir, task: str, split: str) -> None:
    """Refuse, before any work, a split it cannot score or a task folder without the files it trains on."""
    folder = Path(data_dir) / "tasks" / task
    if split == "train":
        raise UserError(
            "--full-baseline trains on the train split, so it cannot score it: pass --split test (or val).",
            "full_baseline",
        )
    needed = ["train"] if split == "val" else ["train", "val"]
    missing = [f"{name}.parquet" for name in needed if not (folder / f"{name}.parquet").exists()]
    if missing:
        raise UserError(
            f"--full-baseline trains LightGBM on {folder}/train.parquet and early-stops it on val.parquet, but "
            f"{' and '.join(missing)} {'is' if len(missing) == 1 else 'are'} missing there. Add the split(s) in "
            "the task folder format (data/README.md), or run without --full-baseline.",
            "full_baseline",
        )


def splits(cur, vq: ValidQuery, graph: Graph, data_dir, task: str, split: str, truth=task_table_truth):
    """(train rows, early-stopping rows, what stops it) with their labels, as `truth` reads a task table."""
    folder = Path(data_dir) / "tasks" / task
    train = finite_labels(truth(cur, vq, graph, pq.read_table(folder / "train.parquet")))
    if split != "val":
        return train, finite_labels(truth(cur, vq, graph, pq.read_table(folder / "val.parquet"))), "val"
    anchors = sorted(set(train.column(ANCHOR).to_pylist()))
    cut = anchors[min(len(anchors) - 1, int(len(anchors) * (1 - HOLDOUT)))]
    late = pc.greater_equal(train.column(ANCHOR), pa.scalar(cut, train.schema.field(ANCHOR).type))
    return train.filter(pc.invert(late)), train.filter(late), f"train anchors from {cut}"


def baseline(
    cur, vq: ValidQuery, graph: Graph, options: RunOptions, data_dir, task: str, split: str, results: list, metric
) -> tuple[float, dict]:
    """lightgbm_full's `metric` on the rows of the per-anchor `results` of a plain or pair backtest, and what it
    was trained on."""
    train, valid, stopped = splits(cur, vq, graph, data_dir, task, split)
    if isinstance(results[0], PairAnchorResult):
        value, info = _pairs(cur, vq, graph, options, train, valid, results, metric)
    else:
        value, info = _plain(cur, vq, graph, train, valid, results, metric)
    return value, {"train_rows": train.num_rows, "valid_rows": valid.num_rows, "stopped_on": stopped, **info}


def labels(vq: ValidQuery, table: pa.Table) -> np.ndarray:
    y = table.column(TARGET).to_pylist()
    return np.array(y, dtype=object) if vq.task_type is TaskType.MULTICLASS else np.array(y, dtype=float)


def _columns(cur, fq: FeatureQuery, r) -> dict:
    """A scored anchor's feature columns: the ones the model read, when they come from the same SQL."""
    same = r.prepared.features.kinds == fq.kinds and to_sql(r.prepared.features.select) == to_sql(fq.select)
    return r.query_columns if same else featurise(cur, fq, r.query)


def _plain(cur, vq: ValidQuery, graph: Graph, train: pa.Table, valid: pa.Table, results: list, metric):
    fq = feature_query(vq, graph)
    read = set(results[0].prepared.encoder.kinds) if results else set(fq.kinds)  # what the model read (bench)
    kinds = {k: v for k, v in fq.kinds.items() if k in read}
    reference = featurise(cur, fq, train)
    xt, yt = bench_lgb.matrix(reference, kinds), labels(vq, train)
    xv, yv = bench_lgb.matrix(featurise(cur, fq, valid), kinds, reference), labels(vq, valid)
    xq = np.concatenate([bench_lgb.matrix(_columns(cur, fq, r), kinds, reference) for r in results])
    y_true = [v for r in results for v in r.query.column(TARGET).to_pylist()]
    if vq.task_type is TaskType.MULTICLASS:
        names, codes = np.unique(yt.astype(str), return_inverse=True)
        known = np.isin(yv.astype(str), names)
        vcodes = np.searchsorted(names, yv[known].astype(str))
        stop = (xv[known], vcodes) if known.any() else None
        booster = bench_lgb.fit("multiclass", xt, codes, stop, num_class=len(names))
        by_text = {str(v): v for v in yt}
        scores, points = [0.0] * len(xq), [by_text[v] for v in names[booster.predict(xq).argmax(1)]]
    else:
        binary = vq.task_type is TaskType.BINARY
        objective = "binary" if binary else "regression_l1"
        usable = len(yv) > 0 and (not binary or len(np.unique(yv)) == 2)
        booster = bench_lgb.fit(objective, xt, yt.astype(int) if binary else yt, (xv, yv) if usable else None)
        scores = list(booster.predict(xq))
        points = [s > 0.5 for s in scores] if binary else scores
    value = metriclib.compute((metric,), y_true, scores, points)[metric.name]
    return value, {"rounds": _rounds(booster), "features": len(kinds)}


def _rounds(booster) -> int:
    return int(booster.best_iteration or booster.current_iteration())


def pair_rows(cur, vq: ValidQuery, fq: FeatureQuery, truth: pa.Table, seed: int = 0) -> tuple[dict, np.ndarray, dict]:
    """The labelled candidate pairs of the `truth` rows, `CHUNK_ROWS` rows at a time: (feature columns, labels,
    counts), every positive and at most `MAX_TRAIN_PAIRS / rows` random negatives per row."""
    kinds = fq.kinds
    per_row = max(1, MAX_TRAIN_PAIRS // max(truth.num_rows, 1))
    rng = np.random.default_rng(seed)
    parts, ys = [], []
    counts = {"pairs": 0, "positives": 0, "negatives_per_row": per_row}
    for start in range(0, truth.num_rows, CHUNK_ROWS):
        chunk = truth.slice(start, CHUNK_ROWS)
        pairs = featurise_pairs(cur, fq, chunk).sort_by(
            [(ENTITY, "ascending"), (ANCHOR, "ascending"), (CLASS, "ascending")]
        )
        y = pair_labels(vq, pairs, chunk)
        positives, negatives = np.flatnonzero(y), np.flatnonzero(~y)
        keep = min(len(negatives), per_row * chunk.num_rows)
        kept = np.sort(np.concatenate([positives, rng.choice(negatives, keep, replace=False)]))
        parts.append(encode.table_columns(pairs.take(pa.array(kept, pa.int64())), list(kinds), kinds))
        ys.append(y[kept])
        counts["pairs"] += len(y)
        counts["positives"] += len(positives)
    if not parts:
        return (
            {k: np.zeros(0, dtype=object if v == "categorical" else float) for k, v in kinds.items()},
            np.zeros(0, bool),
            counts,
        )
    columns = {k: np.concatenate([p[k] for p in parts]) for k in kinds}
    return columns, np.concatenate(ys), counts


def _pairs(cur, vq: ValidQuery, graph: Graph, options: RunOptions, train, valid, results: list, metric):
    if vq.static:
        raise UserError(
            "--full-baseline does not support a static many-class target (its candidate features come from the "
            "labelled context); run without --full-baseline.",
            "full_baseline",
        )
    classes = context_classes(vq, train) if vq.task_type is TaskType.MULTILABEL else None
    fq = pair_features(vq, graph, options, classes)
    kinds = fq.kinds
    reference, yt, counts = pair_rows(cur, vq, fq, train, options.seed)
    xv_columns, yv, _ = pair_rows(cur, vq, fq, valid, options.seed)
    xt, xv = bench_lgb.matrix(reference, kinds), bench_lgb.matrix(xv_columns, kinds, reference)
    usable = len(np.unique(yv)) == 2
    booster = bench_lgb.fit("binary", xt, yt.astype(int), (xv, yv.astype(int)) if usable else None)
    true_rate, kept_rate = counts["positives"] / max(counts["pairs"], 1), float(yt.mean())
    odds_ratio = (true_rate / (1 - true_rate)) / (kept_rate / (1 - kept_rate)) if 0 < kept_rate < 1 else 1.0
    scored = []
    for r in results:
        same = r.prepared.features.kinds == kinds  # the model's own candidates, with the same pair features
        pairs = r.pairs if same else featurise_pairs(cur, fq, r.query)
        p = booster.predict(bench_lgb.matrix(encode.table_columns(pairs, list(kinds), kinds), kinds, reference))
        if vq.task_type is TaskType.MULTILABEL:  # back to probabilities at the true positive rate
            p = np.clip(p, 1e-9, 1 - 1e-9)
            p = p * odds_ratio / (p * odds_ratio + 1 - p)
        scored.append((r.query, pairs, p))
    info = {"rounds": _rounds(booster), "features": len(kinds), "train_pairs": len(yt), **counts}
    return bench_ranking.metric_of(vq, metric, scored), info


def forecast_predictions(
    con, vq: ValidQuery, graph: Graph, data_dir, task: str, split: str
) -> Callable[[list], tuple[list, dict]]:
    """For a forecast: a function of the backtest's per-anchor results giving lightgbm_full's predictions of
    their rows (one LightGBM per step) and what it was trained on."""

    def predict(results: list) -> tuple[list, dict]:
        with graph.cursor(con) as cur:  # the graph's schema, as every other read
            return _forecast(cur, vq, graph, data_dir, task, split, results)

    return predict


def _forecast(cur, vq: ValidQuery, graph: Graph, data_dir, task: str, split: str, results: list):
    train, valid, stopped = splits(cur, vq, graph, data_dir, task, split, forecast_eval.task_table_truth)
    fq = forecast.step_features(vq, graph)
    kinds = forecast.row_features(fq, with_step=False).kinds  # a row's own step's target a year before; no step
    reference, tstep, yt = _forecast_rows(cur, fq, train)
    xv_columns, vstep, yv = _forecast_rows(cur, fq, valid)
    xt, xv = bench_lgb.matrix(reference, kinds), bench_lgb.matrix(xv_columns, kinds, reference)
    boosters = {}
    for i in np.unique(tstep):
        at, stop = tstep == i, vstep == i
        boosters[int(i)] = bench_lgb.fit("regression_l1", xt[at], yt[at], (xv[stop], yv[stop]) if stop.any() else None)
    preds = []
    for r in results:
        xq = bench_lgb.matrix(r.query_columns, kinds, reference)
        step = r.query.column(forecast_eval.STEP).to_numpy()
        pred = np.full(len(step), float(np.median(yt)))
        for i, booster in boosters.items():
            if (step == i).any():
                pred[step == i] = booster.predict(xq[step == i])
        preds.append(pred)
    rounds = {f"step{i}": _rounds(b) for i, b in boosters.items()}
    info = {"train_rows": len(yt), "valid_rows": len(yv), "stopped_on": stopped, "rounds": rounds}
    return preds, info


def _forecast_rows(cur, fq: FeatureQuery, truth: pa.Table) -> tuple[dict, np.ndarray, np.ndarray]:
    """(feature columns, step, label) of (entity, anchor, step) rows: features once per (entity, anchor)."""
    pairs, index = forecast.pair_index(truth)
    step = truth.column(forecast_eval.STEP).to_numpy()
    columns = forecast.expand(featurise(cur, fq, pairs), index, step)
    return columns, step, np.asarray(truth.column(TARGET).to_pylist(), dtype=float)
