"""How much of an entity's history shares a candidate's category: pair features for link prediction.

For each categorical column of the destination table (users.country when ranking whom a user will follow,
items.category when ranking what a user buys next), the share of the entity's past targets (its pair history in
`compile.candidates`: rows at or before the anchor) whose destination row has the candidate's value. A user who
follows mostly people of one country, or buys mostly from one category, likely links the next target there too,
and no single column of the pair says so. NULL for an entity with no history (cold), 0 when none of its history
has the candidate's value.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlglot import exp

from rfm_sql.compile.labels import created_by
from rfm_sql.compile.sqlutil import ANCHOR, ENTITY, col, table
from rfm_sql.graph import Graph, SType

MAX_COLUMNS = 3  # each column is one more join over the candidates; the first few categorical columns
MAX_CATEGORIES = 50  # a column of more values groups too few targets per value to say where an entity goes


@dataclass(frozen=True)
class Affinity:
    ctes: list[tuple[str, exp.Expression]]
    columns: list[str]  # the destination's categorical columns read
    shares: list[str]  # per column, the CTE of (ENTITY, ANCHOR, value, n)
    counts: list[str]  # per column, the CTE of (ANCHOR, k): how many of its values the entities' histories hold
    totals: str  # (ENTITY, ANCHOR, total): the entity's history rows

    def join(self, select: exp.Select, cand: str, dest: str) -> exp.Select:
        """`select` (over the candidates `cand` and their destination rows `dest`) joined to the shares."""
        on_entity = [exp.EQ(this=col(c, "at"), expression=col(c, cand)) for c in (ENTITY, ANCHOR)]
        select = select.join(exp.to_table(self.totals).as_("at"), on=exp.and_(*on_entity), join_type="left")
        for i, (column, shares, counts) in enumerate(zip(self.columns, self.shares, self.counts, strict=True)):
            on = [exp.EQ(this=col(c, f"a{i}"), expression=col(c, cand)) for c in (ENTITY, ANCHOR)]
            on.append(exp.EQ(this=col("v", f"a{i}"), expression=col(column, dest)))
            select = select.join(exp.to_table(shares).as_(f"a{i}"), on=exp.and_(*on), join_type="left")
            on_anchor = exp.EQ(this=col(ANCHOR, f"k{i}"), expression=col(ANCHOR, cand))
            select = select.join(exp.to_table(counts).as_(f"k{i}"), on=on_anchor, join_type="left")
        return select

    def features(self, valid: exp.Expression | None) -> list[tuple[str, exp.Expression, str]]:
        """(feature name, expression, destination column) per column: the share described above; NULL where
        the candidate's destination row is not `valid` (created after the anchor), and for a column of more
        than MAX_CATEGORIES values in the histories at the anchor (NULL at every anchor: constant, and dropped
        by the encoder; movie genre combinations have hundreds of values, each on a few movies)."""
        out = []
        for i, column in enumerate(self.columns):
            n = exp.func("COALESCE", col("n", f"a{i}"), exp.Literal.number(0))
            share = exp.Div(
                this=exp.cast(n, "DOUBLE"), expression=exp.func("NULLIF", col("total", "at"), exp.Literal.number(0))
            )
            few = exp.LTE(this=col("k", f"k{i}"), expression=exp.Literal.number(MAX_CATEGORIES))
            when = few if valid is None else exp.and_(few, valid.copy())
            out.append((f"pair:affinity_{column}", exp.Case(ifs=[exp.If(this=when, true=share)]), column))
        return out


def affinity(graph: Graph, destination: str | None, hist: str, names) -> Affinity | None:
    """The shares' CTEs over `hist` (ENTITY, ANCHOR_TIMESTAMP, CLASS, h_all: the entity's rows per target at
    or before the anchor), or None when the target is not a key of a table with categorical columns."""
    if destination is None:
        return None
    dest = graph.table(destination)
    columns = [c.name for c in dest.columns if c.stype is SType.CATEGORICAL and c.name != dest.primary_key]
    if dest.primary_key is None or not columns:
        return None
    columns = columns[:MAX_COLUMNS]
    totals = names("rfm_aff_total")
    ctes: list[tuple[str, exp.Expression]] = [
        (
            totals,
            exp.select(col(ENTITY), col(ANCHOR), exp.Sum(this=col("h_all")).as_("total"))
            .from_(hist)
            .group_by(col(ENTITY), col(ANCHOR)),
        )
    ]
    shares, counts = [], []
    on = exp.EQ(this=col(dest.primary_key, "d"), expression=col("CLASS", "h"))
    on = exp.and_(on, created_by(dest, col(ANCHOR, "h"), "d"))  # an item released after the anchor is not read
    for column in columns:
        name = names("rfm_aff")
        ctes.append(
            (
                name,
                exp.select(col(ENTITY, "h"), col(ANCHOR, "h"), col(column, "d").as_("v"))
                .select(exp.Sum(this=col("h_all", "h")).as_("n"))
                .from_(exp.to_table(hist).as_("h"))
                .join(table(dest.name, "d"), on=on.copy())
                .where(exp.not_(col(column, "d").is_(exp.null())))
                .group_by(col(ENTITY, "h"), col(ANCHOR, "h"), col(column, "d")),
            )
        )
        shares.append(name)
        count = names("rfm_aff_count")
        values = exp.Count(this=exp.Distinct(expressions=[col("v")])).as_("k")
        ctes.append((count, exp.select(col(ANCHOR), values).from_(name).group_by(col(ANCHOR))))
        counts.append(count)
    return Affinity(ctes, columns, shares, counts, totals)
