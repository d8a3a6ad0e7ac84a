"""A year's season in the context: where last year's labels jumped at this time of year, the context is made of
the examples of this time of year in earlier years, and every example reads the time of year of its anchor.

Context anchors step back one horizon at a time and the newest fill the context, so a query anchored just
before a seasonal peak (the December of a shop) learns only from the quiet months before it: on the demo,
30-day spend was predicted at a quarter of what December brought, and MAE lost to "the same as last period".
Where a year of history lies behind the anchor, the labels say whether the season matters: last year's jump
into this time of year (the mean label at the anchor a year back against the mean over the three anchors
before it) is compared with the jumps at every other anchor. Only a jump well beyond the usual ones turns the
season on, so a target without one keeps its context and its inputs exactly as they were; it is decided from
the context's labels alone, never from the entities a call asks for. Where every step is seasonal (a monthly
forecast of four timeframes steps back four months at a time: a high spring, a low summer, a middle autumn),
no jump stands out, so the season is also on where the means repeat a year apart (plus a steady trend) three
times more closely than they follow the anchor before (plus a steady drift), which a trend alone never does.
Horizons up to half a year take part (two anchors a year). On the unseen forecasts: 5 better, 3 worse (MAE
0.987x, geometric mean; rfm at most last_value's MAE on 16 -> 17 of 21, at most seasonal naive's on 16 -> 18:
benchmarks/UNSEEN_FORECAST.md, `repeats3`); no one-step task of the unseen suite worse, the dev tasks' val
unchanged. Twice as closely (`repeats`: 6 better, 3 worse) also took plain noise for a season one time in five
with the least history (three years of four-month anchors).

With the season on, a level (a regression or forecast target) learns from this time of year in earlier years:
the anchors a year back (two years back, ...) fill the context first, each up to the whole cap, and the newest
anchors only what they leave. A mix is not enough: the model finds its nearest examples by the entity's
features (tenure, recent counts), which make the newest anchors' examples look closest to the query whatever
their time of year; with the year-ago anchor holding a quarter, a half or three quarters of the demo's context,
active users' December order count was predicted at 2.4 to 2.8 a user (they did 6.05); with all of it, at 4.4.
A binary target keeps the mix (the year-ago anchor after the three newest, a share like the others): its
classes are balanced per anchor and its probabilities put back to the rates of the anchors used, and on the
unseen-database suite the year-ago-only context was worse for 2 of its 3 seasonal binary tasks.

On a large table each anchor's entities are sampled for a quarter of the cap (runtime.plan), so the lead
anchors are labelled again from a sample deep enough for the whole cap (`plan.lead_sampled_deeper`). Where a
year-ago anchor still has fewer labelled examples than the cap (a filtered target), the newest anchors fill
the rest and the mix is back: the demo's active users asked `WHERE COUNT(orders.*, -30, 0, days) > 0` get 449
year-ago examples of 1,000 and their MAE barely moves (3.59 -> 3.55). The 449 alone give 2.68, but leaving the
recent examples out (whenever the lead anchors give an anchor's share) cost 31% MAE on a trending database of
the unseen suite where the rule fires, so the top-up stays: it hedges a season that is not one.

Known weakness: the jump rule can take a steady trend for a season when a sample's means dip a year back (a
generated shop whose users churn away, benchmarks/INACTIVE.md seed 2: active users' 30-day count MAE 2.58 ->
2.61 once the year-ago examples filled the context, still under last period's 2.82). Rules that also ask the
means to follow the year (the anchor a year earlier foretelling each mean better than the one before it) were
measured and not kept: they missed the demo's 30-day spend, a season the jump rule finds.
"""

from __future__ import annotations

import datetime as dt

import numpy as np

from rfm_sql.compile.anchor_cycles import SEASON_FEATURES
from rfm_sql.runtime.timestamps import step_back

YEAR_DAYS = 365.25
MIN_STEPS = 2  # a horizon of more than half a year: its newest anchors already reach back to the season
MAX_STEPS = 256  # the deepest run mode's anchors: a shorter horizon (hours, a day) never reaches a year back
BEFORE = 3  # the anchors before one that its jump is measured from
FACTOR = 2.0  # last year's jump must be this many times the median jump
NEWEST = 3  # a binary target's newest anchors keep their place; the year-ago anchor comes next
LEAST = np.log(1.25)  # and at least a 25% change
# means that repeat a year apart: this many times closer than they follow the anchor before (plain noise passes
# 6% of the time with the least history, 3 years of 4-month anchors; a season of 0.15 noise 96%)
REPEAT_FACTOR = 3.0
MARK = b"rfm_seasonal"  # a context table's schema metadata: its examples were chosen with the season on


def steps_back(horizon: tuple[int, str] | None) -> int | None:
    """How many horizons back lies the same time last year (None: no horizon, one longer than half a year, or one
    so short that no run mode's context reaches a year back)."""
    if horizon is None:
        return None
    days = _days(horizon)
    if days > YEAR_DAYS / MIN_STEPS + 1:  # half a year (184 days for 6 calendar months) and no more
        return None
    k = round(YEAR_DAYS / days)
    return k if k <= MAX_STEPS else None


def _days(horizon: tuple[int, str]) -> float:
    reference = dt.datetime(2001, 7, 1)
    return (reference - step_back(reference, horizon, 1)).total_seconds() / 86400


def seasonal(means: np.ndarray, k: int) -> bool:
    """Whether the mean label per context anchor (newest first; NaN where an anchor has none) jumped a year
    back (at index k - 1) well beyond its usual jumps, or repeats a year apart (`_repeats`)."""
    m = np.asarray(means, dtype=np.float64)
    if len(m) < k + BEFORE or not np.isfinite(m[k - 1 : k + BEFORE]).all():
        return False
    eps = 0.05 * np.nanmean(np.abs(m)) + 1e-12  # rates and means near 0 do not make huge log ratios
    level = np.log(np.abs(m) + eps)
    jumps = np.array(
        [level[i] - np.mean(level[i + 1 : i + 1 + BEFORE]) for i in range(len(m) - BEFORE)], dtype=np.float64
    )
    others = np.abs(np.delete(jumps, k - 1))
    others = others[np.isfinite(others)]
    if len(others) < BEFORE:  # too few jumps to compare: whether the means repeat may still say
        return _repeats(level, k)
    last_year = abs(jumps[k - 1])
    return bool(last_year > LEAST and last_year > FACTOR * np.median(others)) or _repeats(level, k)


def _repeats(level: np.ndarray, k: int) -> bool:
    """Whether the log mean labels `level` (newest first) repeat k anchors (a year) apart, give or take their
    mean change over a year, REPEAT_FACTOR times more closely than they follow the anchor before, give or take
    its mean change: a steady trend fits both, a season only the first."""
    yearly, steps = level[:-k] - level[k:], level[:-1] - level[1:]
    yearly, steps = yearly[np.isfinite(yearly)], steps[np.isfinite(steps)]
    if len(yearly) < BEFORE or len(steps) < BEFORE:
        return False
    seasonal_error, drift_error = _spread(yearly), _spread(steps)
    return bool(drift_error > LEAST and seasonal_error < drift_error / REPEAT_FACTOR)


def _spread(x: np.ndarray) -> float:
    """The mean absolute deviation from the mean, corrected for a small sample (as n - 1 corrects a variance):
    about a median, one of three deviations is always 0, and plain noise looked seasonal one time in five."""
    return float(np.mean(np.abs(x - x.mean())) * np.sqrt(len(x) / (len(x) - 1)))


def same_time(anchors: tuple, horizon: tuple[int, str]) -> tuple:
    """The context anchors (newest first, one horizon apart) at this time of year in earlier years: for n = 1, 2,
    ... the one nearest to n years back (calendar months step exactly; days and weeks fall a few days a year
    short of it, so each year is placed on its own rather than at n times the year-ago step)."""
    k = steps_back(horizon)
    if k is None:
        return ()
    anchors = tuple(anchors)
    per_year = k if horizon[1] == "months" else YEAR_DAYS / _days(horizon)
    lead, n = [], 1
    while (i := round(n * per_year) - 1) < len(anchors):
        lead.append(anchors[i])
        n += 1
    return tuple(lead)


def ordered(anchors: tuple, k: int, lead: tuple | None = None) -> tuple:
    """The context anchors in the order they fill the context. For a level (a regression or forecast target),
    `lead` (`same_time`'s: each may take the whole cap) first, then the rest, newest first. For a rate (a binary
    target, no `lead`, whose classes are balanced per anchor and put back to the rates of the anchors used): the
    NEWEST, the year-ago one, then the rest, each a share like any other (runtime.plan)."""
    anchors = tuple(anchors)
    if lead is not None:
        return tuple(lead) + tuple(a for a in anchors if a not in lead)
    if k <= NEWEST or k > len(anchors):
        return anchors
    return anchors[:NEWEST] + (anchors[k - 1],) + anchors[NEWEST : k - 1] + anchors[k:]


def anchor_means(anchors: np.ndarray, labels: np.ndarray, context_anchors: tuple) -> np.ndarray:
    """The mean label (numbers; booleans as rates) at each of `context_anchors` (NaN where none)."""
    y = np.asarray(labels, dtype=np.float64)
    a = np.asarray(anchors)
    out = np.full(len(context_anchors), np.nan)
    for i, t in enumerate(context_anchors):
        rows = (a == np.datetime64(t, "us")) & np.isfinite(y)
        if rows.any():
            out[i] = y[rows].mean()
    return out


def mask(columns: dict, on: bool) -> None:
    """Without a season, the time-of-year inputs are left out (all missing: the encoder gives them no slot)."""
    if on:
        return
    for name in columns:
        if name.split(":", 1)[-1] in SEASON_FEATURES:
            columns[name] = np.full(len(columns[name]), np.nan)


def marked(context, on: bool):
    """`context` (a pyarrow Table) saying whether its examples were chosen with the season on."""
    return context.replace_schema_metadata({**(context.schema.metadata or {}), MARK: b"1" if on else b"0"})


def is_marked(context) -> bool:
    return (context.schema.metadata or {}).get(MARK) == b"1"
