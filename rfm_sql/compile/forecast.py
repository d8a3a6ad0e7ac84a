"""Forecast labels: `AGG(..., start, end, unit) FORECAST n TIMEFRAMES` as n one-step queries.

Step i (1..n) is the same aggregation over (t + start + (i-1)w, t + end + (i-1)w] with w = end - start, in
the query's unit (calendar months for `months`); the entity filter, ASSUMING and entity validity stay at the
anchor t. One row per (entity, anchor, step), with PQL.md's empty-window rules applied per step:

    seed (ENTITY, ANCHOR_TIMESTAMP)
      -> for each step: the one-step label rows (compile/labels.py) of the shifted query
      -> UNION ALL, with FORECAST_STEP
"""

from __future__ import annotations

import dataclasses
import functools

from sqlglot import exp

from rfm_sql.compile import labels as label_compiler
from rfm_sql.compile.sqlutil import ANCHOR, ENTITY, TARGET, col
from rfm_sql.graph import Graph
from rfm_sql.pql import ast
from rfm_sql.pql.tasks import TaskType
from rfm_sql.pql.validate import ValidQuery
from rfm_sql.pql.windows import APPROX_SECONDS, covering_assuming

STEP = "FORECAST_STEP"
YEAR_DAYS = 364  # 52 weeks: a year back on the same weekdays
YEAR_LAG = "target_lag_year"  # the lagged target a year back (`lag_a_year_back`)
# steps read a year back at most: each is a label query of its own (a 30-step daily forecast's featurising took
# 0.85 s against 0.2 s with them all), and the first steps are those a season shapes most
MAX_YEAR_AGO_STEPS = 12


def steps(vq: ValidQuery) -> int:
    return vq.query.task.steps


def step_query(vq: ValidQuery, step: int) -> ValidQuery:
    """The one-step regression query whose label is step `step` of the forecast `vq`."""
    agg: ast.Aggregation = vq.query.target
    w = agg.window
    offset = (step - 1) * (w.end - w.start)
    window = dataclasses.replace(w, start=w.start + offset, end=w.end + offset)
    query = dataclasses.replace(vq.query, target=dataclasses.replace(agg, window=window), task=None)
    horizon = covering_assuming(query, (window.end, w.unit))  # its lags must not read ASSUMING past the anchor
    return dataclasses.replace(vq, query=query, task_type=TaskType.REGRESSION, horizon=horizon)


def year_back(vq: ValidQuery) -> tuple[int, str]:
    """A year before, in the forecast's unit: 12 calendar months, else 52 weeks (the same weekdays)."""
    return (12, "months") if vq.query.target.window.unit == "months" else (YEAR_DAYS, "days")


def lag_a_year_back(horizon: tuple[int, str]) -> int | None:
    """The k whose lagged target (at anchor - k horizons) is the window a year back, or None where no whole
    number of horizons is within a tenth of a horizon of a year: a renewal a year after the last deal (a CRM
    trial's new opportunities), a yearly order: a feature of its own (YEAR_LAG), where the lags' mean hid it, for
    regression targets (unseen suite 11 better, 7 worse; the trials 24/18); binary ones read worse with it (the
    trials 20 better, 30 worse, the unseen suite 10/9)."""
    amount, unit = horizon
    days = {"days": amount, "weeks": 7 * amount, "months": 30.44 * amount}.get(unit)
    if not days:
        return None
    k = round(YEAR_DAYS / days)
    return k if k > 0 and abs(k * days - YEAR_DAYS) <= 0.1 * days + 1 else None


def year_ago_steps(vq: ValidQuery) -> tuple[ValidQuery, ...]:
    """The one-step queries of the forecast's first steps (MAX_YEAR_AGO_STEPS at most) whose window, a year before
    the anchor, ends by the anchor: their targets a year back are known when the forecast is made (a later
    step's would be read from past the anchor)."""
    amount, unit = year_back(vq)
    out = []
    for i in range(1, min(steps(vq), MAX_YEAR_AGO_STEPS) + 1):
        one = step_query(vq, i)
        end, step_unit = one.query.target.window.end, one.query.target.window.unit
        if step_unit == "months" and end > amount:
            break
        if step_unit != "months" and end * APPROX_SECONDS[step_unit] > amount * APPROX_SECONDS[unit]:
            break
        out.append(one)
    return tuple(out)


def label_rows(vq: ValidQuery, graph: Graph, seed: exp.Query) -> exp.Query:
    """Every (seed pair, step) with TARGET and the flags of compile/labels.py."""
    parts = []
    for i in range(1, steps(vq) + 1):
        rows = label_compiler.label_rows(step_query(vq, i), graph, seed.copy())
        parts.append(
            exp.select(
                col(ENTITY),
                col(ANCHOR),
                exp.cast(exp.Literal.number(i), "INTEGER").as_(STEP, quoted=True),
                col(TARGET),
                *(col(f) for f in label_compiler.FLAGS),
            ).from_(rows.subquery(f"step{i}"))
        )
    return functools.reduce(lambda a, b: exp.union(a, b, distinct=False), parts)


def labels(vq: ValidQuery, graph: Graph, seed: exp.Query) -> exp.Select:
    """Only the (pair, step) rows a model may learn from: flags all true and a non-NULL label."""
    keep = exp.and_(*(col(f) for f in label_compiler.FLAGS), exp.not_(col(TARGET).is_(exp.null())))
    return (
        exp.select(col(ENTITY), col(ANCHOR), col(STEP), col(TARGET))
        .from_(label_rows(vq, graph, seed).subquery("l"))
        .where(keep)
        .order_by(col(ANCHOR), col(ENTITY), col(STEP))
    )
