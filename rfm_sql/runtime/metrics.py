"""Task metrics (numpy only): AUROC, MAE, RMSE, accuracy, log loss."""

from __future__ import annotations

import numpy as np


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


METRICS = {"auroc": auroc, "mae": mae, "rmse": rmse, "accuracy": accuracy, "log_loss": log_loss}
HIGHER_IS_BETTER = {"auroc": True, "mae": False, "rmse": False, "accuracy": True, "log_loss": False}
