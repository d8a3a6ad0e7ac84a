"""The week as features, for a target over a window shorter than a week (orders per day, logins per 12 hours): the
same window as many whole weeks back as it takes to end by the anchor (`target_week_ago`), and its mean over
WEEKS such weeks (`target_week_mean`): the weekday as this entity lived it. A forecast gets both per step
(runtime.forecast gives each (example, step) row its own step's), a one-step regression once. The target's lags
are the windows just before the anchor, which say nothing of a Saturday on a Tuesday: a food-delivery trial's
daily forecasts per restaurant were nearly flat across the week (a Saturday predicted at 0.78 of its orders) and
lost to "the same weekday over the last four weeks" at every anchor. Unknown where the entity did not exist then
or the data had not begun."""

from __future__ import annotations

import math

from sqlglot import exp

from rfm_sql.pql import ast
from rfm_sql.pql.tasks import TaskType
from rfm_sql.pql.validate import ValidQuery
from rfm_sql.pql.windows import APPROX_SECONDS

WEEK_AGO = "target_week_ago"
WEEK_MEAN = "target_week_mean"
WEEKS = 4  # the weeks back the weekday mean reads
WEEK_SECONDS = 7 * 86400
MAX_STEPS = 28  # a forecast's steps read a week back at most: four weeks of daily steps
MAX_QUERIES = 32  # label queries at most: steps whose windows weeks back are the same share one (daily steps
# 8-14 read the windows of steps 1-7), and later steps of a finer forecast (hourly) go without


def is_short(vq: ValidQuery) -> bool:
    """Whether `vq`'s target is an aggregation over a window shorter than a week (in days, hours, ...)."""
    target = vq.query.target
    if vq.static or not isinstance(target, ast.Aggregation) or target.window is None:
        return False
    w = target.window
    return (
        w.unit in APPROX_SECONDS
        and w.unit not in ("months", "years")
        and (w.end - w.start) * APPROX_SECONDS[w.unit] < WEEK_SECONDS
    )


def one_step(vq: ValidQuery) -> tuple[tuple[str, ValidQuery], ...]:
    """A regression over a window shorter than a week: itself, its features unsuffixed; else nothing."""
    return (("", vq),) if vq.task_type is TaskType.REGRESSION and is_short(vq) else ()


def steps_of(forecast: ValidQuery, step_queries) -> tuple[tuple[str, ValidQuery], ...]:
    """A forecast's one-step queries (MAX_STEPS at most), suffixed by step, where its window is shorter than a
    week."""
    if not is_short(forecast):
        return ()
    return tuple((f"_step{i}", one) for i, one in enumerate(step_queries[:MAX_STEPS], start=1))


def add(b) -> None:
    """Add each of the builder `b`'s week steps (`b.week_steps`: (suffix, one-step query)) as features
    (compile.features): its target a week back and the mean over WEEKS weeks back."""
    read: dict[tuple[float, float], exp.Expression] = {}  # a window weeks back, relative to the anchor -> its value
    for suffix, one in b.week_steps:
        w = one.query.target.window
        start, end = w.start * APPROX_SECONDS[w.unit], w.end * APPROX_SECONDS[w.unit]
        first = max(1, math.ceil(end / WEEK_SECONDS))  # the window must end by the anchor
        windows = [(start - k * WEEK_SECONDS, end - k * WEEK_SECONDS) for k in range(first, first + WEEKS)]
        if len(read) + len([x for x in windows if x not in read]) > MAX_QUERIES:
            break
        for k, window in zip(range(first, first + WEEKS), windows, strict=True):
            if window not in read:
                read[window] = b.target_back(one, 7 * k, "days", f"rfm_week_ago{suffix}_{k}")
        values = [read[x].copy() for x in windows]
        source = (", ".join(one.target_tables) or one.entity_table, "TARGET", "")
        b.add(f"{WEEK_AGO}{suffix}", "numeric", values[0], source)
        b.mean_of(f"{WEEK_MEAN}{suffix}", values, source)
