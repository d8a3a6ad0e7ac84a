"""Task metrics (numpy only), with their direction and the defaults per task type: defined once, read by
`evaluate`, `rfm_evaluate`, the CLI and the benchmark."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from rfm_sql.errors import UserError
from rfm_sql.pql.tasks import TaskType


def auroc(y_true, score) -> float:
    """Area under the ROC curve, ties handled by mid-ranks (the Mann-Whitney U statistic)."""
    y = np.asarray(y_true, dtype=float)
    s = np.asarray(score, dtype=float)
    pos, neg = (y == 1).sum(), (y == 0).sum()
    if pos == 0 or neg == 0:
        return float("nan")
    order = np.argsort(s, kind="mergesort")
    ranks = np.empty(len(s))
    sorted_s = s[order]
    i = 0
    while i < len(s):  # mid-ranks for ties
        j = i
        while j + 1 < len(s) and sorted_s[j + 1] == sorted_s[i]:
            j += 1
        ranks[order[i : j + 1]] = (i + j) / 2 + 1
        i = j + 1
    return float((ranks[y == 1].sum() - pos * (pos + 1) / 2) / (pos * neg))


def mae(y_true, pred) -> float:
    return float(np.mean(np.abs(np.asarray(y_true, float) - np.asarray(pred, float))))


def rmse(y_true, pred) -> float:
    return float(np.sqrt(np.mean((np.asarray(y_true, float) - np.asarray(pred, float)) ** 2)))


def smape(y_true, pred) -> float:
    """Symmetric mean absolute percentage error, as a fraction in [0, 2]: mean of 2|y - p| / (|y| + |p|), a
    row where both are 0 counting as 0 (an exact forecast of an empty window)."""
    y, p = np.asarray(y_true, float), np.asarray(pred, float)
    denominator = np.abs(y) + np.abs(p)
    ratio = np.divide(2 * np.abs(y - p), denominator, out=np.zeros_like(y), where=denominator > 0)
    return float(np.mean(ratio))


def accuracy(y_true, pred) -> float:
    return float(np.mean([a == b for a, b in zip(y_true, pred, strict=True)]))


def log_loss(y_true, p_true, eps: float = 1e-7) -> float:
    p = np.clip(np.asarray(p_true, float), eps, 1 - eps)
    y = np.asarray(y_true, float)
    return float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))


def _ranked_pairs(y_true, ranked):
    """(truth set, top-k list) per scored row: rows with an empty truth are not scored (PQL.md). A target
    repeated in a ranking counts once, where it first appears (later copies are misses): else a list of one
    right target k times would score above a perfect one."""
    return [(set(t), _first_only(p)) for t, p in zip(y_true, ranked, strict=True) if t is not None and len(t) > 0]


def _first_only(ranked) -> list:
    seen, out = set(), []
    for p in ranked:
        out.append(None if p in seen else p)
        seen.add(p)
    return out


def map_at_k(y_true, ranked) -> float:
    """Mean average precision at k (k = the length of each ranked list, padded with None): per row, the
    precision at each rank where a true target appears, summed and divided by min(k, number of true targets)."""
    rows = _ranked_pairs(y_true, ranked)
    if not rows:
        return float("nan")
    total = 0.0
    for truth, pred in rows:
        hits, ap = 0, 0.0
        for i, p in enumerate(pred):
            if p is not None and p in truth:
                hits += 1
                ap += hits / (i + 1)
        total += ap / min(len(pred), len(truth))
    return total / len(rows)


def ndcg_at_k(y_true, ranked) -> float:
    """Normalised discounted cumulative gain at k, binary relevance."""
    rows = _ranked_pairs(y_true, ranked)
    if not rows:
        return float("nan")
    total = 0.0
    for truth, pred in rows:
        dcg = sum(1 / np.log2(i + 2) for i, p in enumerate(pred) if p is not None and p in truth)
        ideal = sum(1 / np.log2(i + 2) for i in range(min(len(pred), len(truth))))
        total += dcg / ideal
    return total / len(rows)


def recall_at_k(y_true, ranked) -> float:
    """The share of each row's true targets found in its top k, averaged over rows."""
    rows = _ranked_pairs(y_true, ranked)
    if not rows:
        return float("nan")
    return float(np.mean([len(truth & {p for p in pred if p is not None}) / len(truth) for truth, pred in rows]))


def f1_micro(y_true, predicted) -> float:
    """Micro-averaged F-score (2PR / (P + R)) of predicted label sets against the true ones (multilabel)."""
    tp = fp = fn = 0
    for truth, pred in zip(y_true, predicted, strict=True):
        truth, pred = set(truth or ()), set(pred or ())
        tp, fp, fn = tp + len(truth & pred), fp + len(pred - truth), fn + len(truth - pred)
    return float(2 * tp / (2 * tp + fp + fn)) if tp + fp + fn else float("nan")


@dataclass(frozen=True)
class Metric:
    name: str
    fn: Callable
    higher_is_better: bool
    uses_score: bool  # scored on the probability of the positive class, else on the point prediction


METRICS = {
    m.name: m
    for m in (
        Metric("auroc", auroc, True, True),
        Metric("log_loss", log_loss, False, True),
        Metric("accuracy", accuracy, True, False),
        Metric("mae", mae, False, False),
        Metric("rmse", rmse, False, False),
        Metric("smape", smape, False, False),
        Metric("map@k", map_at_k, True, False),
        Metric("ndcg@k", ndcg_at_k, True, False),
        Metric("recall@k", recall_at_k, True, False),
        Metric("f1_micro", f1_micro, True, False),
    )
}
# The first is the task type's headline metric (the benchmark's).
DEFAULTS = {
    TaskType.BINARY: ("auroc", "accuracy", "log_loss"),
    TaskType.REGRESSION: ("mae", "rmse"),
    TaskType.MULTICLASS: ("accuracy",),
    TaskType.FORECASTING: ("mae", "smape"),  # overall and per step (mae_step1, ...: runtime/forecast_eval.py)
    TaskType.LINK_PREDICTION: ("map@k", "ndcg@k", "recall@k"),
    TaskType.MULTILABEL: ("f1_micro",),
}


# What each task type can be scored with: a metric of another type reads its predictions as something they are
# not (class names as sets of characters, True/False as numbers) and returns a number that means nothing.
APPLIES = {
    TaskType.BINARY: ("auroc", "accuracy", "log_loss"),
    TaskType.REGRESSION: ("mae", "rmse", "smape"),
    TaskType.MULTICLASS: ("accuracy",),
    TaskType.FORECASTING: ("mae", "rmse", "smape"),
    TaskType.LINK_PREDICTION: ("map@k", "ndcg@k", "recall@k"),
    TaskType.MULTILABEL: ("f1_micro",),
}


def primary(task_type: TaskType) -> Metric:
    return METRICS[DEFAULTS[task_type][0]]


def resolve(names, task_type: TaskType) -> tuple[Metric, ...]:
    """The metrics asked for (default: the task type's), refusing unknown names and ones that do not apply."""
    if names is None:
        return tuple(METRICS[n] for n in DEFAULTS[task_type])
    if isinstance(names, str):
        names = [names]
    out = []
    for name in names:
        if name not in METRICS:
            raise UserError(f"Unknown metric {name!r}; known: {', '.join(METRICS)}.", param="metrics")
        if name not in APPLIES[task_type]:
            why = "scores probabilities of a binary target" if METRICS[name].uses_score else "does not apply"
            raise UserError(
                f"Metric {name!r} {why}; for {task_type.value} tasks use {', '.join(APPLIES[task_type])}.",
                param="metrics",
            )
        out.append(METRICS[name])
    return tuple(out)


def compute(metrics: tuple[Metric, ...], y_true, scores, points) -> dict[str, float]:
    """{name: value}: score metrics on `scores` (P(true)), the others on the point predictions."""
    # plain floats: a NumPy scalar would print as np.float64(...) in a user's metrics dict
    return {m.name: float(m.fn(np.array(y_true, float), scores) if m.uses_score else m.fn(y_true, points)) for m in metrics}
