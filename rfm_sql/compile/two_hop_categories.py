"""For a static target, the categories of the rows the entity's children reference, two hops away: the district
of the stations a rider starts from most often says where it lives (a bike trial's home district: accuracy 0.488 ->
0.619; an insurer's policyholder region, through its agents: 0.220 -> 0.982). A static target has no lags of its
own, so its signal is in such rows; for targets over a window the unseen suite's regression tasks were worse with
them (8 better, 12 worse), so only static ones read them.

The most frequent value, ties broken by the value (an engine's MODE breaks them as it likes: DuckDB and Spark
disagreed), counted over the child rows at or before the anchor whose referenced row existed by then.
"""

from __future__ import annotations

from sqlglot import exp

from rfm_sql.compile import labels as label_compiler
from rfm_sql.compile.sqlutil import ANCHOR, ENTITY, col, ident, same_pair, table, time_of
from rfm_sql.graph import SType

MAX_COLUMNS = 2  # categorical columns read per referenced table


def add(b, child, link, up, parent, who: str) -> None:
    """Add to the feature builder `b` (compile.features) the most frequent value of each of `parent`'s first
    categorical columns over the `child` rows of the entity (by `link`), through their key `up`."""
    columns = [c for c in parent.columns if c.stype is SType.CATEGORICAL][:MAX_COLUMNS]
    if not columns or not parent.primary_key or not child.time_column:
        return
    on = exp.and_(
        exp.EQ(this=col(link.fkey, "f"), expression=col(ENTITY, "s")),
        exp.LTE(this=time_of(child, child.time_column, "f"), expression=col(ANCHOR, "s")),
    )
    to = exp.EQ(this=col(parent.primary_key, "g"), expression=col(up.fkey, "f"))
    to = exp.and_(to, label_compiler.created_by(parent, col(ANCHOR, "s"), "g"))
    for c in columns:
        value = exp.cast(col(c.name, "g"), "VARCHAR")
        counts = (
            exp.select(col(ENTITY, "s"), col(ANCHOR, "s"), value.as_("v"), exp.Count(this=exp.Star()).as_("n"))
            .from_(exp.to_table(b.seed).as_("s"))
            .join(table(child.name, "f"), on=on.copy())
            .join(table(parent.name, "g"), on=to.copy())
            .where(exp.not_(value.copy().is_(exp.null())))
            .group_by(col(ENTITY, "s"), col(ANCHOR, "s"), value.copy())
        )
        order = exp.Struct(
            expressions=[
                exp.PropertyEQ(this=ident("n"), expression=col("n")),
                exp.PropertyEQ(this=ident("v"), expression=col("v")),
            ]
        )
        name = b.cte_name(f"rfm_two_hop_{len(b.ctes)}")
        most = exp.select(col(ENTITY), col(ANCHOR), exp.ArgMax(this=col("v"), expression=order).as_("v"))
        b.ctes.append((name, most.from_(counts.subquery("c")).group_by(col(ENTITY), col(ANCHOR))))
        b.joins.append((exp.to_table(name), same_pair(name)))
        source = (parent.name, c.name, f"{child.name}.{up.fkey}")
        b.add(f"{who}.{up.fkey}->{parent.name}.{c.name}.most_often", "categorical", col("v", name), source)
