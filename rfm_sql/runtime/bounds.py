"""What a regression target can never be below, read from its PQL and one SQL query, and the checks of how a
prediction's distribution is reported (point, quantiles) against the task.

A count is >= 0 and a whole number; a SUM of a column that is never negative is >= 0; AVG, MIN, MAX, FIRST
and LAST of a column (and a static column itself) are >= the column's least value. The least value is read point
in time, over the rows dated up to the anchor (all rows of a table without a time column), as every read is: a
row dated later (a refund after the anchor) must not change a prediction at the anchor. It states what values
the column has taken, not what any label is. Where the context's labels
pile up exactly on the bound (zero spend, zero visits), the bound is also an atom of the predictive
distribution (`has_atom`); so is 0 for a sum of a column that may be negative, where most windows hold no row;
and so is any other value the labels pile up on (`value_atoms`: a plan's monthly fee).
"""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
from sqlglot import exp

from rfm_sql.compile.sqlutil import col, lit, table, time_of
from rfm_sql.errors import UserError
from rfm_sql.graph import Graph
from rfm_sql.pql import ast
from rfm_sql.pql.tasks import TargetKind, TaskType
from rfm_sql.pql.validate import ValidQuery
from rfm_sql.runtime import contract, encode
from rfm_sql.runtime.options import DEFAULT_POINT, RunOptions

_COUNTS = ("COUNT", "COUNT_DISTINCT")
ATOM_SHARE = 0.5  # of the labels within one bin's width above the bound that must sit exactly on it
_VALUES = ("AVG", "MIN", "MAX", "FIRST", "LAST")


def lower_bound(cur, vq: ValidQuery, graph: Graph, anchor: dt.datetime) -> float | None:
    """The least value the target of a regression query at `anchor` can take, or None when nothing bounds it."""
    if vq.task_type is not TaskType.REGRESSION:
        return None
    target = vq.query.target
    if isinstance(target, ast.Aggregation):
        if target.func in _COUNTS:
            return 0.0
        if target.func != "SUM" and target.func not in _VALUES:
            return None
        ref, func = target.column, target.func
    elif isinstance(target, ast.ColumnRef):
        ref, func = target, "VALUE"
    else:
        return None
    least = column_min(cur, graph, ref, anchor)
    if least is None or not math.isfinite(least):  # an empty column, or -inf / NaN: nothing to bound by
        return None
    if func == "SUM":
        return 0.0 if least >= 0 else None
    return least


def decoding(cur, vq: ValidQuery, graph: Graph, anchor: dt.datetime, y) -> dict:
    """What runtime.decoding reads of a regression target at `anchor` besides the model's output (TargetCoding's
    fields): its lower bound, whether it is a count, and whether the context's labels `y` sit on the bound as an
    atom."""
    lower = lower_bound(cur, vq, graph, anchor)
    return {"lower": lower, "integer": is_count(vq), **atom_fields(y, lower, adds_up(vq))}


def atom_fields(y, lower: float | None, empty_is_zero: bool = False) -> dict:
    """TargetCoding's atom fields for the labels `y`: whether they have an atom (`has_atom`) at `lower`, or, for
    a target without one whose empty window is 0 (`empty_is_zero`: a sum of a column that may be negative, net
    payouts with chargebacks), at 0 (`atom_value`); then the nearest labels on either side of it (the far
    sides of the atom's gaps; below only for an atom inside the range), else None."""
    point = lower if lower is not None else (0.0 if empty_is_zero else None)
    values = value_atoms(y, point)
    none = {
        "atom": False,
        "atom_value": None,
        "next_label": None,
        "prev_label": None,
        "floor": floor(y, lower),
        "value_atoms": values,
    }
    if not has_atom(y, point):
        return none
    y = np.asarray(y, dtype=np.float64)
    above, below = y[np.isfinite(y) & (y > point)], y[np.isfinite(y) & (y < point)]
    return {
        "floor": none["floor"],
        "value_atoms": values,
        "atom": True,
        "atom_value": None if lower is not None else point,
        "next_label": float(above.min()) if len(above) else None,
        "prev_label": float(below.max()) if len(below) and lower is None else None,
    }


VALUE_ATOM_SHARE = 0.05  # of all labels that a value other than the bound must hold to be an atom
MAX_VALUE_ATOMS = 8


def value_atoms(y, point: float | None) -> tuple:
    """The values other than the bound (`point`) that the labels `y` pile up on (a plan's monthly fee: every
    customer pays 19, 39 or 59): each held by at least VALUE_ATOM_SHARE of the labels and an atom by `has_atom`'s
    test, with the nearest labels below and above it, for runtime.decoding to read as it reads the bound."""
    y = np.asarray(y, dtype=np.float64)
    y = y[np.isfinite(y)]
    if len(y) == 0:
        return ()
    values, counts = np.unique(y, return_counts=True)
    common = values[(counts >= max(VALUE_ATOM_SHARE * len(y), 10)) & (values != point)]
    out = []
    for v in common[np.argsort(-counts[np.isin(values, common)], kind="stable")][:MAX_VALUE_ATOMS]:
        if has_atom(y, float(v)):
            below, above = y[y < v], y[y > v]
            out.append(
                (float(v), float(below.max()) if len(below) else None, float(above.min()) if len(above) else None)
            )
    return tuple(sorted(out))


def floor(y, lower: float | None) -> float | None:
    """For a target with no lower bound, the least label of the context (`y`): no prediction goes below it. A
    closed store's net revenue (sales less returns) was predicted at -355 for the month, where the context held
    no negative month: coded relative to each store's level, the model's median change for stores, read at a
    level of 0, decoded below anything the context ever saw. Where the target has a bound, it is the floor."""
    if lower is not None:
        return None
    y = np.asarray(y, dtype=np.float64)
    y = y[np.isfinite(y)]
    return float(y.min()) if len(y) else None


def adds_up(vq: ValidQuery) -> bool:
    """Whether the target is a count or a sum, whose values over entities add up to a total (runtime.mean_scale)."""
    target = vq.query.target
    return isinstance(target, ast.Aggregation) and target.func in (*_COUNTS, "SUM")


def is_count(vq: ValidQuery) -> bool:
    """Whether the target is a count, which only takes whole values (runtime.decoding rounds its quantiles)."""
    target = vq.query.target
    return isinstance(target, ast.Aggregation) and target.func in _COUNTS


def has_atom(y, lower: float | None) -> bool:
    """Whether the labels `y` have a point mass at `lower` (a bound, or 0 for a sum that may be negative): at
    least ATOM_SHARE of the labels within one bin's width of it (in the plain coding, encode.fit_target) sit
    exactly on it, as the spend of a customer with no order is exactly 0 while any order costs something.
    runtime.decoding then reads the mass of its bin (and of the gaps to the nearest labels) as that value."""
    if lower is None:
        return False
    y = np.asarray(y, dtype=np.float64)
    y = y[np.isfinite(y)]
    at = y == lower
    if not at.any():
        return False
    coding = encode.fit_target(y, TargetKind.REGRESSION)
    edges = contract.bin_edges()
    z, bound = coding.encode(y), coding.encode([lower])[0]
    near = np.abs(z - bound) < edges[1] - edges[0]  # a bound's labels all lie above it
    return bool(at.sum() >= ATOM_SHARE * (near | at).sum())


def column_min(cur, graph: Graph, ref: ast.ColumnRef, anchor: dt.datetime) -> float | None:
    """The least value of a numeric column over its table's rows dated up to `anchor` (every row of a table
    without a time column); None when there is none."""
    tab = graph.table(ref.table)
    query = exp.select(exp.Min(this=exp.cast(col(tab.column(ref.column).name), "DOUBLE"))).from_(table(tab.name))
    if tab.time_column:
        query = query.where(exp.LTE(this=time_of(tab, tab.time_column), expression=lit(anchor)))
    value = cur.execute(query.sql("duckdb")).fetchall()[0][0]
    return None if value is None else float(value)


def check_output(vq: ValidQuery, options: RunOptions) -> None:
    """Refuse `point` and `quantiles` where they have no meaning: they describe a regression target's
    predictive distribution."""
    asked = [name for name, on in (("quantiles", options.quantiles), ("point", options.point != DEFAULT_POINT)) if on]
    if not asked:
        return
    kind = vq.task_type
    numeric = kind in (TaskType.REGRESSION, TaskType.FORECASTING)
    if numeric and (vq.query.prefix is None or vq.query.prefix == "EVALUATE" and asked == ["point"]):
        return  # a backtest scores the point asked for (means are checked as they are predicted)
    what = f"{vq.query.prefix} queries" if vq.query.prefix and numeric else f"{kind.value} targets"
    raise UserError(
        f"{asked[0]}= applies to the predictions of a regression target or forecast (a number, e.g. PREDICT "
        f"COUNT(...) or SUM(...)); it is not available for {what}. Drop {asked[0]}=, or predict a numeric target.",
        param=asked[0],
    )
