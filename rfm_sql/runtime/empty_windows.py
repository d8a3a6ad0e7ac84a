"""A condition on an aggregation that an empty window leaves NULL: `AVG(labs.value, 0, 180, days) > 6.5` is
false for an entity with no lab in the window (a comparison with NULL is false, PQL.md), so True_PROB reads
"measured and above 6.5". A clinic audit found 1,400 of 2,674 patients labelled False only for want of a
measurement, with nothing saying so; where that is a large share of the context's False labels, the
predictions carry a warning with the ASSUMING that asks the question among entities with rows instead.
"""

from __future__ import annotations

from dataclasses import replace

import pyarrow as pa
import pyarrow.compute as pc
from sqlglot import exp

from rfm_sql.compile import labels as label_compiler
from rfm_sql.compile.sqlutil import ANCHOR, ENTITY, TARGET, col, to_sql
from rfm_sql.pql import ast
from rfm_sql.pql.tasks import TaskType
from rfm_sql.pql.validate import ValidQuery

NULLABLE = ("AVG", "MIN", "MAX", "FIRST", "LAST", "LIST_DISTINCT")  # NULL over an empty window (PQL.md)
SHARE = 0.25  # warn when at least this share of the False labels come from empty windows


def nullable_aggregation(vq: ValidQuery) -> ast.Aggregation | None:
    """The aggregation of a binary target `<aggregation> <op> <value>` that an empty window leaves NULL (not
    an IS [NOT] NULL test, which asks about that on purpose), else None."""
    target = vq.query.target
    if vq.task_type is not TaskType.BINARY or not isinstance(target, ast.Comparison):
        return None
    agg = target.left
    if not isinstance(agg, ast.Aggregation) or agg.func not in NULLABLE or target.op in ("IS NULL", "IS NOT NULL"):
        return None
    return agg


def note(cur, vq: ValidQuery, graph, context: pa.Table) -> str | None:
    """The warning for `vq`'s context (ENTITY, ANCHOR_TIMESTAMP, TARGET), or None."""
    agg = nullable_aggregation(vq)
    if agg is None:
        return None
    false = context.filter(pc.equal(context.column(TARGET), False)).select([ENTITY, ANCHOR])
    if false.num_rows == 0:
        return None
    as_number = replace(vq, query=replace(vq.query, target=agg), task_type=TaskType.REGRESSION)
    name = "rfm_false_examples"
    cur.register(name, false)
    try:
        rows = label_compiler.label_rows(as_number, graph, exp.select(col(ENTITY), col(ANCHOR)).from_(name))
        count = exp.select(exp.Count(this=exp.Star())).from_(rows.subquery("l")).where(col(TARGET).is_(exp.null()))
        empty = cur.execute(to_sql(count)).fetchall()[0][0]
    finally:
        cur.unregister(name)
    if empty < SHARE * false.num_rows:
        return None
    source, w = vq.query.source, agg.window
    condition = source[agg.filter.span.start : agg.filter.span.end].strip() if agg.filter is not None else None
    rows_text = f"{agg.column.table}.*" + (f" WHERE {condition}" if condition else "")
    assume = f"ASSUMING COUNT({rows_text}, {w.start}, {w.end}, {w.unit}) > 0"
    return (
        f"{empty:,} of the {false.num_rows:,} context examples labelled False ({empty / false.num_rows:.0%}) have no "
        f"{rows_text} row in the window: {agg.func} is NULL there and a comparison with NULL is false (PQL.md), so "
        f"True_PROB reads 'has such rows and the condition holds'. To ask among entities that have them, add "
        f"{assume}{' (AND it to the ASSUMING there)' if vq.query.assuming is not None else ''}."
    )


_NULL_WHEN_EMPTY = ("AVG", "MIN", "MAX", "FIRST", "LAST", "LIST_DISTINCT")  # PQL.md: no label


def label_note(vq: ValidQuery) -> str:
    """Why an entity may have no label although the filter keeps it: its target's window is empty (PQL.md)."""
    target = vq.query.target
    if isinstance(target, ast.Aggregation) and target.func in _NULL_WHEN_EMPTY:
        return (
            f"entities with no {target.column.table} row in the target's window have no label, as {target.func} of "
            "an empty window is none; or "
        )
    return ""
