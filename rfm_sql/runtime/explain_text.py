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


# a probability under 0.5 is "more likely than usual" from this many times its baseline on, "unlikely" only up to
# the baseline itself (0.43 against 0.28 had read "unlikely", beside inputs that all raised it: a rideshare trial)
ELEVATED = 1.25
# what the inputs named for the model say, for a reader: pair rows (an entity and a candidate) and past targets
_READABLE = {
    "pair:hist_count_all": "times the entity had it",
    "pair:hist_count_1h": "times the entity had it in the last window",
    "pair:hist_count_3h": "times the entity had it in the last 3 windows",
    "pair:hist_recency_rank": "its rank among the entity's latest",
    "pair:hist_count_rank": "its rank among the entity's most frequent",
    "pair:hist_days_since_last": "days since the entity last had it",
    "pair:hist_days_since_first": "days since the entity first had it",
    "pair:hist_days_after_latest": "days between it and the entity's latest",
    "pair:hist_share_all": "its share of the entity's rows",
    "pair:hist_share_3h": "its share of the entity's rows in the last 3 windows",
    "pair:pop_1h": "its popularity in the last window",
    "pair:pop_3h": "its popularity in the last 3 windows",
    "pair:pop_12h": "its popularity in the last 12 windows",
    "pair:pop_entities_1h": "entities that had it in the last window",
    "pair:pop_debuts_12h": "new entities whose first it was, last 12 windows",
    "pair:pop_days_since_last": "days since anyone had it",
    "pair:pop_trend": "its popularity trend",
    "pair:cooc": "how often it goes with the entity's others",
    "target_lag_mean": "the target's mean over the last 3 windows",
    "target_lag_mean_long": "the target's mean over the last 12 windows",
    "target_year_ago": "the target a year before",
    "target_week_ago": "the target a week before (the same weekday)",
    "target_week_mean": "the target's mean on this weekday, last 4 weeks",
}


def readable(name: str) -> str:
    """`name` with what it means where the name alone is the model's jargon (`pair:pop_debuts_12h`, `target_lag2`):
    'new entities whose first it was, last 12 windows (pair:pop_debuts_12h)'."""
    bare = name.removeprefix("entity:")
    if bare in _READABLE:
        return f"{_READABLE[bare]} ({name})"
    lag = bare.removeprefix("target_lag")
    if lag.isdigit():
        return f"the target {lag} window{'s' if lag != '1' else ''} back ({name})"
    return name


def sentence(vq: ValidQuery, entity, value_: float, base: float, extra, items) -> str:
    """One line: the prediction, then the SHOWN inputs that moved it most (items: (feature, shown value,
    context reference, contribution), largest first). `extra` is the class, item or label explained, or the
    forecast step."""
    target = target_text(vq)
    # the base is the model's prediction with the inputs of context examples (explain.py): not the context's
    # average label, so not named one
    average = f"({value_:.2f}; baseline {base:.2f})"
    amount = "{:.2f}"
    if vq.task_type is TaskType.BINARY:  # 0.41 against a baseline of 0.04 is no "unlikely"
        likely = (
            "likely"
            if value_ >= 0.5
            else "more likely than usual"
            if value_ >= ELEVATED * base
            else "unlikely"
            if value_ <= base
            else "a little more likely than usual"
        )
        head = f"{likely} {target} {average}"
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
    for name, shown, ref, phi in [i for i in items if float(amount.format(abs(i[3])))][:SHOWN]:  # no "by 0.00"
        where = f"{readable(name)} = {'missing' if shown is None else shown}" + (f" ({ref})" if ref else "")
        parts.append(f"{where} {'raises' if phi > 0 else 'lowers'} it by {amount.format(abs(phi))}")
    reasons = "; ".join(parts) if parts else "no input moved it from the baseline"
    return f"{vq.entity_table} {entity}: {head}: {reasons}"
