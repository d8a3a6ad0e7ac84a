"""Why an entity filter keeps no example at past anchors when it picks rows by a state they hold today.

A database keeps each row's current status: a support desk's tickets read 'pending' only while an answer waits,
so `WHERE COUNT(tickets.* WHERE tickets.status = 'pending', -30, 0, days) > 0` finds pending tickets at the
present and none at any past anchor (every older ticket reads 'closed' by now). The context then has no example,
and "loosen the filter" does not say why (a support-desk trial). The sign read here: no row of the column's table
dated at or before the newest context anchor holds the value the filter asks for, while later rows do.
"""

from __future__ import annotations

import datetime as dt

from sqlglot import exp

from rfm_sql.compile.sqlutil import col, lit, table, time_of, to_sql
from rfm_sql.graph import Graph, SType
from rfm_sql.pql import ast
from rfm_sql.runtime.timestamps import to_timestamp


def state_filter_hint(
    cur, condition, graph: Graph, newest: dt.datetime, key: str, which: str = "the newest context anchor"
) -> str | None:
    """The hint for a filter `condition` whose `column = value` (or `IN (...)`) on a category of a timed table holds
    on no row dated at or before `newest` (the newest anchor examples are drawn at) but on later ones; None where
    every such comparison holds on an earlier row. `key`: the entity's `table.column`, for the listing advice;
    `which`: what `newest` is, as the hint names it."""
    for node in ast.walk(condition):
        if not isinstance(node, ast.Comparison) or node.op not in ("=", "IN") or node.right is None:
            continue
        if not isinstance(node.left, ast.ColumnRef) or node.left.table not in graph.tables:
            continue
        tab = graph.table(node.left.table)
        column = tab.column(node.left.column)  # a validated query's: it exists
        if not tab.time_column or column.stype is not SType.CATEGORICAL:
            continue
        values = node.right.value if isinstance(node.right.value, tuple) else (node.right.value,)
        t = time_of(tab, tab.time_column)
        query = (
            exp.select(exp.Min(this=t), exp.Max(this=t.copy()))
            .from_(table(tab.name))
            .where(exp.In(this=col(column.name), expressions=[lit(v) for v in values]))
        )
        first, last = cur.execute(to_sql(query)).fetchall()[0]
        if first is None or to_timestamp(first) <= newest:
            continue
        shown = node.right.value if isinstance(node.right.value, tuple) else repr(node.right.value)
        return (
            f"{node.left} {node.op} {shown} holds on no {tab.name} row dated at or before {newest} ({which}; the "
            f"rows that have it are dated {to_timestamp(first)} to {to_timestamp(last)}): the "
            f"column looks to hold each row's state today, which rows leave as they age (or the value is new), so at "
            f"every past anchor the filter keeps nothing and no example can teach the model; filter on what the rows "
            f"were at the time instead, or list the entities to predict (FOR {key} IN (...), or entities=[...]), "
            f"whose context is then drawn from every {key.split('.')[0]} row"
        )
    return None
