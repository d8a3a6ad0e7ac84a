"""The readable side of an explanation: feature names, values and the one-line summary per entity, e.g.
`users 42: likely COUNT(orders.*, 0, 30, days) = 0 (0.81; baseline 0.35): orders.days_since_last = 45
(context median 9) raises it by 0.22; ...`."""

from __future__ import annotations

import math

import numpy as np

from rfm_sql.pql.tasks import TaskType
from rfm_sql.pql.validate import ValidQuery

SHOWN = 3  # inputs named in a summary


def feature(name: str) -> str:
    """A feature's name without its position prefix (`f12:orders.amount.mean_30d` -> `orders.amount.mean_30d`)."""
    head, sep, rest = name.partition(":")
    if head == "entity" and sep:  # a pair row's copy of an entity feature
        return f"entity:{feature(rest)}"
    return rest if sep and head[:1] == "f" and head[1:].isdigit() else name


def number(v: float) -> str:
    if not math.isfinite(v):
        return str(v)
    if float(v).is_integer() and abs(v) < 1e15:
        return str(int(v))
    return f"{v:.4g}"


def value(v) -> str | None:
    """An entity's value of a feature as text (None when missing)."""
    if v is None:
        return None
    if isinstance(v, (float, np.floating)):
        return None if not math.isfinite(v) else number(float(v))
    return str(v)


def reference(values: np.ndarray, weights: np.ndarray | None = None) -> str | None:
    """What a value is compared with in a summary: the context's median (numbers), its rows weighted by
    `weights` (a class-balanced context's prior ratios: the median at the data's class rates)."""
    if values.dtype == object:
        return None
    v = np.asarray(values, dtype=np.float64)
    w = np.ones(len(v)) if weights is None else np.asarray(weights, dtype=np.float64)
    ok = np.isfinite(v)
    v, w = v[ok], w[ok]
    if not len(v):
        return None
    if np.all(w == w[0]):
        return f"context median {number(float(np.median(v)))}"
    order = np.argsort(v, kind="stable")
    cum = np.cumsum(w[order])
    return f"context median {number(float(v[order][np.searchsorted(cum, cum[-1] / 2)]))}"


def target_text(vq: ValidQuery) -> str:
    q = vq.query
    span = getattr(q.target, "span", None)
    return q.source[span.start : span.end].strip() if span is not None else "the target"


def sentence(vq: ValidQuery, entity, value_: float, base: float, extra, items) -> str:
    """One line: the prediction, then the SHOWN inputs that moved it most (items: (feature, shown value,
    context reference, contribution), largest first). `extra` is the class, item or label explained, or the
    forecast step."""
    target = target_text(vq)
    # the base is the model's prediction with the inputs of context examples (explain.py), held at this entity's
    # own level where the target is coded relative to it: not the context's average label, so not named one
    average = f"({value_:.2f}; baseline {base:.2f})"
    amount = "{:.2f}"
    if vq.task_type is TaskType.BINARY:
        head = f"{'likely' if value_ >= 0.5 else 'unlikely'} {target} {average}"
    elif vq.task_type is TaskType.MULTICLASS:
        head = f"{target} is most likely {extra!r} {average}"
    elif vq.task_type is TaskType.LINK_PREDICTION:
        head = f"{target} scores item {extra!r} {value_:.2f} (baseline {base:.2f})"  # "ranks 125" read as a rank
    elif vq.task_type is TaskType.MULTILABEL:
        head = f"{target} includes {extra!r} with probability {value_:.2f} (baseline {base:.2f})"
    elif vq.task_type is TaskType.FORECASTING:
        head = f"{target} at step {extra} predicted {number(value_)} (baseline {number(base)})"
        amount = "{:.4g}"
    else:
        head = f"{target} predicted {number(value_)} (baseline {number(base)})"
        amount = "{:.4g}"
    parts = []
    for name, shown, ref, phi in items[:SHOWN]:
        where = f"{name} = {'missing' if shown is None else shown}" + (f" ({ref})" if ref else "")
        parts.append(f"{where} {'raises' if phi > 0 else 'lowers'} it by {amount.format(abs(phi))}")
    reasons = "; ".join(parts) if parts else "no input moved it from the baseline"
    return f"{vq.entity_table} {entity}: {head}: {reasons}"
