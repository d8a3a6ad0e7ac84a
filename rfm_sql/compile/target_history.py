"""An AVG target over all of the entity's history: the mean of every row its filter keeps up to the anchor, and how
many rows that is. A lasting quality (a courier's score from customers) is read best from all of its rows, pooled:
the lagged targets are means of single windows (a courier with few jobs a month: two or three scores each), and
the children's features read the column's mean over every row, the target's filter not applied (scores given by
couriers mixed with those given to them). A rideshare trial's 30-day score from riders: rfm MAE 0.183/0.180/
0.155, the filtered all-time mean alone 0.157/0.165/0.135.

Only rows at or before the anchor are read, with their filter's dates and filled columns as known at the anchor
(`compile.labels.fact_operand`, `compile.filled_later.known_by`), as a label whose window closes at the anchor."""

from __future__ import annotations

from sqlglot import exp

from rfm_sql.compile import labels as label_compiler
from rfm_sql.compile.conditions import compile_condition
from rfm_sql.compile.filled_later import known_by
from rfm_sql.compile.sqlutil import ANCHOR, ENTITY, col, same_pair, table, time_of
from rfm_sql.pql import ast

MEAN, ROWS = "target_all_history", "target_all_history_rows"


def avg_target(vq) -> ast.Aggregation | None:
    """The AVG aggregation the target is, or compares (`AVG(...) < 4`); None for any other target."""
    target = vq.query.target
    if isinstance(target, ast.Comparison) and isinstance(target.left, ast.Aggregation):
        target = target.left
    if not isinstance(target, ast.Aggregation) or target.func != "AVG" or target.column.is_star:
        return None
    return target


def add(b) -> None:
    """Add the pooled mean and its row count to the builder `b` (compile.features) for an AVG target."""
    agg = None if b.vq.static else avg_target(b.vq)
    if agg is None:
        return
    tab = b.graph.table(agg.column.table)
    if tab.time_column is None:
        return
    anchor = col(ANCHOR, "s")
    x = exp.cast(known_by(tab, col(agg.column.column, "f"), "f", anchor), "DOUBLE")
    on = [
        exp.EQ(this=col(b.vq.fkey(tab.name), "f"), expression=col(ENTITY, "s")),
        exp.LTE(this=time_of(tab, tab.time_column, "f", cast=False), expression=anchor.copy()),
    ]
    if agg.filter is not None:
        on.append(compile_condition(agg.filter, label_compiler.fact_operand(b.graph, "f", anchor.copy())))
    name = b.cte_name("rfm_target_history")
    query = (
        exp.select(col(ENTITY, "s"), col(ANCHOR, "s"), exp.Avg(this=x).as_("m"), exp.Count(this=x.copy()).as_("n"))
        .from_(exp.to_table(b.seed).as_("s"))
        .join(table(tab.name, "f"), on=exp.and_(*on))
        .group_by(col(ENTITY, "s"), col(ANCHOR, "s"))
    )
    b.ctes.append((name, query))
    b.joins.append((exp.to_table(name), same_pair(name)))
    source = (tab.name, agg.column.column, "")
    b.add(MEAN, "numeric", col("m", name), source)
    b.add(ROWS, "numeric", exp.func("COALESCE", col("n", name), exp.Literal.number(0)), source)
