"""The input of the hierarchical model: per child table of the entity, its k most recent rows at each anchor."""

from __future__ import annotations

from sqlglot import exp

from rfm_sql.compile.sqlutil import ANCHOR, ENTITY, col, days_between, table, time_of
from rfm_sql.graph import Graph
from rfm_sql.pql.validate import ValidQuery

NEIGHBOUR_PREFIX = "COL_"  # a neighbour row's own columns: no name can collide with ENTITY, RANK, DELTA_DAYS...


def neighbour_column(name: str) -> str:
    """The name a child table's column `name` has among `neighbour_rows`' columns."""
    return NEIGHBOUR_PREFIX + name


def neighbour_rows(vq: ValidQuery, graph: Graph, seed_name: str, k: int = 32) -> dict[str, exp.Select]:
    """Per child table: the k most recent rows (time <= anchor) of each pair, with DELTA_DAYS = anchor - time
    and the row's own columns (named by `neighbour_column`); ties broken by the primary key. The input of the
    hierarchical model."""
    out = {}
    for link in graph.children(vq.entity_table):
        child = graph.table(link.child)
        if child.time_column is None:
            continue
        t = time_of(child, child.time_column, "f")
        order = [exp.Ordered(this=t, desc=True)]
        if child.primary_key:
            order.append(exp.Ordered(this=col(child.primary_key, "f"), desc=True))
        rank = exp.Window(
            this=exp.RowNumber(), partition_by=[col(ENTITY, "s"), col(ANCHOR, "s")], order=exp.Order(expressions=order)
        )
        inner = (
            exp.select(
                col(ENTITY, "s"),
                col(ANCHOR, "s"),
                rank.as_("RANK", quoted=True),
                days_between(t, col(ANCHOR, "s")).as_("DELTA_DAYS", quoted=True),
                *[col(c.name, "f").as_(neighbour_column(c.name), quoted=True) for c in child.columns],
            )
            .from_(exp.to_table(seed_name).as_("s"))
            .join(
                table(child.name, "f"),
                on=exp.and_(
                    exp.EQ(this=col(link.fkey, "f"), expression=col(ENTITY, "s")),
                    exp.LTE(this=t, expression=col(ANCHOR, "s")),
                ),
            )
        )
        out[child.name] = (
            exp.select("*")
            .from_(inner.subquery("n"))
            .where(exp.LTE(this=col("RANK"), expression=exp.Literal.number(k)))
            .order_by(col(ANCHOR), col(ENTITY), col("RANK"))
        )
    return out
