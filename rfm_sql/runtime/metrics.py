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


def accuracy(y_true, pred) -> float:
    return float(np.mean([a == b for a, b in zip(y_true, pred, strict=True)]))


def log_loss(y_true, p_true, eps: float = 1e-7) -> float:
    p = np.clip(np.asarray(p_true, float), eps, 1 - eps)
    y = np.asarray(y_true, float)
    return float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))


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
    )
}
# The first is the task type's headline metric (the benchmark's).
DEFAULTS = {
    TaskType.BINARY: ("auroc", "accuracy", "log_loss"),
    TaskType.REGRESSION: ("mae", "rmse"),
    TaskType.MULTICLASS: ("accuracy",),
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
        if METRICS[name].uses_score and task_type is not TaskType.BINARY:
            raise UserError(
                f"Metric {name!r} scores probabilities of a binary target; for {task_type.value} tasks use "
                f"{', '.join(DEFAULTS[task_type])}.",
                param="metrics",
            )
        out.append(METRICS[name])
    return tuple(out)


def compute(metrics: tuple[Metric, ...], y_true, scores, points) -> dict[str, float]:
    """{name: value}: score metrics on `scores` (P(true)), the others on the point predictions."""
    return {m.name: m.fn(np.array(y_true, float), scores) if m.uses_score else m.fn(y_true, points) for m in metrics}
