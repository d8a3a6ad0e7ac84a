"""Other tables that link an entity to a ranked target (`compile.candidates`): a library member's holds beside the
loans a ranking predicts, a user's tags beside the films they score, a shopper's views and carts beside the orders. Each
such table's recent targets of the entity are candidates, and its counts and recency per (entity, candidate) are
pair features: what the entity asked for or looked at is often what it takes next, and the target's own table
cannot say so (a library trial: the member's recent holds, then popular books, scored MAP@10 0.11 where rfm,
reading loans alone, scored 0.02). Only rows at or before the anchor are read.

A side table has a time column, exactly one link to the entity's table and one to the table the target's value
references, and is not the target's own table. Nothing here names a particular database."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlglot import exp

from rfm_sql.compile.pair_spec import PairSpec
from rfm_sql.compile.sqlutil import ANCHOR, ENTITY, col, days_between, lit, shift, sql_type, table, time_of
from rfm_sql.graph import Graph
from rfm_sql.pql.validate import ValidQuery

MAX_SIDE_TABLES = 2  # the first (by name) of more: each is a scan of its table per anchor
CLASS = "CLASS"


@dataclass(frozen=True)
class SideTable:
    name: str
    entity_fkey: str
    target_fkey: str


def side_tables(vq: ValidQuery, graph: Graph, spec: PairSpec) -> list[SideTable]:
    """The tables besides the target's own that link the entity to the target's referenced table, by name."""
    if spec.destination is None or spec.destination == vq.entity_table:  # a self-link's sides are ambiguous
        return []
    out = []
    for name in sorted(graph.tables):
        if name == spec.fact or graph.table(name).time_column is None:
            continue
        to_entity = [lk.fkey for lk in graph.parents(name) if lk.parent == vq.entity_table]
        to_target = [lk.fkey for lk in graph.parents(name) if lk.parent == spec.destination]
        if len(to_entity) == 1 and len(to_target) == 1:
            out.append(SideTable(name, to_entity[0], to_target[0]))
    return out[:MAX_SIDE_TABLES]


@dataclass
class SideLinks:
    """The CTEs, candidate sources and pair features of a ranking's side tables."""

    tables: list[SideTable]
    ctes: list[tuple[str, exp.Expression]] = field(default_factory=list)
    counts: list[str] = field(default_factory=list)  # per side table: (ENTITY, ANCHOR, CLASS, n_all, n_1, last)
    new: list[str] = field(default_factory=list)  # per side table: its targets not in the entity's history, ranked

    def sources(self, per_table: int) -> list[exp.Select]:
        """Each side table's most recent targets of the entity that its own history does not hold, `per_table`
        at most: the history source gives those it does (users tag the films they rate: as candidates they
        crowded out new ones: the dev ranking task's MAP@10 0.0420 -> 0.0397)."""
        rank = exp.LTE(this=col("x_rank"), expression=exp.Literal.number(per_table))
        return [exp.select(col(ENTITY), col(ANCHOR), col(CLASS)).from_(r).where(rank.copy()) for r in self.new]

    def join(self, select: exp.Select, alias: str) -> exp.Select:
        for i, r in enumerate(self.counts):
            on = exp.and_(*(exp.EQ(this=col(c, f"x{i}"), expression=col(c, alias)) for c in (ENTITY, ANCHOR, CLASS)))
            select = select.join(exp.to_table(r).as_(f"x{i}"), on=on, join_type="left")
        return select

    def features(self) -> list[tuple[str, exp.Expression, tuple[str, str, str]]]:
        """(name, value, source) per pair feature: counts all time and in the last horizon (0 where none), and
        days since the latest (NULL where none)."""
        out = []
        for i, side in enumerate(self.tables):
            source = (side.name, side.target_fkey, "side history")
            for what, c in (("count_all", "n_all"), ("count_1h", "n_1")):
                value = exp.func("COALESCE", col(c, f"x{i}"), exp.Literal.number(0))
                out.append((f"pair:{side.name}.{what}", value, source))
            out.append((f"pair:{side.name}.days_since_last", col("last", f"x{i}"), source))
        return out


def side_links(
    vq: ValidQuery, graph: Graph, spec: PairSpec, seed_name: str, history: str, names, ranked
) -> SideLinks | None:
    """`SideLinks` for the seed's pairs, else None where no side table exists; `history`: the CTE of the entity's
    own (ENTITY, ANCHOR, CLASS) targets, `names` makes CTE names unique, `ranked(source, partition, order, name)`
    numbers rows (`compile.candidates._ranked`)."""
    tables = side_tables(vq, graph, spec)
    if not tables:
        return None
    amount, unit = spec.horizon
    value_type = sql_type(graph.table(spec.fact).column(spec.value).dtype)
    out = SideLinks(tables)
    anchor = col(ANCHOR, "s")
    for side in tables:
        tab = graph.table(side.name)
        t = time_of(tab, tab.time_column, "f")
        on = exp.and_(
            exp.EQ(this=col(side.entity_fkey, "f"), expression=col(ENTITY, "s")),
            exp.LTE(this=t, expression=anchor),
            exp.not_(col(side.target_fkey, "f").is_(exp.null())),
        )
        recent = exp.GT(this=t.copy(), expression=shift(anchor.copy(), -amount, unit))
        counts = names(f"rfm_side_{side.name}")
        query = (
            exp.select(
                col(ENTITY, "s"),
                col(ANCHOR, "s"),
                exp.cast(col(side.target_fkey, "f"), value_type).as_(CLASS, quoted=True),
                exp.Count(this=exp.Star()).as_("n_all"),
                exp.Filter(this=exp.Count(this=exp.Star()), expression=exp.Where(this=recent)).as_("n_1"),
                days_between(exp.Max(this=t.copy()), anchor.copy()).as_("last"),
            )
            .from_(exp.to_table(seed_name).as_("s"))
            .join(table(side.name, "f"), on=on)
            .group_by(col(ENTITY, "s"), col(ANCHOR, "s"), col(side.target_fkey, "f"))
        )
        lead = names(f"rfm_side_{side.name}_lead")
        out.ctes.append((lead, _lead(graph, spec, side, seed_name, value_type)))
        on_pair = exp.and_(*(exp.EQ(this=col(c, "h"), expression=col(c, "x")) for c in (ENTITY, ANCHOR, CLASS)))
        new = (
            exp.select(exp.Column(this=exp.Star(), table=exp.to_identifier("x")))
            .from_(exp.to_table(counts).as_("x"))
            .join(exp.to_table(lead).as_("l"), on=exp.EQ(this=col(ANCHOR, "l"), expression=col(ANCHOR, "x")))
            .join(exp.to_table(history).as_("h"), on=on_pair, join_type="left")
            .where(exp.and_(col(CLASS, "h").is_(exp.null()), exp.GT(this=col("lead", "l"), expression=lit(0.5))))
        )
        by_recency = names(f"rfm_side_{side.name}_new")
        order = [("last", False), ("n_all", True)]
        out.ctes += [(counts, query), (by_recency, ranked(new.subquery("n"), [ENTITY, ANCHOR], order, "x_rank"))]
        out.counts.append(counts)
        out.new.append(by_recency)
    return out


def _lead(graph: Graph, spec: PairSpec, side: SideTable, seed_name: str, value_type: str) -> exp.Select:
    """Per anchor of the seed: of the (entity, target) pairs both tables hold by then, the share the side table
    held first (ANCHOR, lead). Over 0.5, the side table leads to the target (holds before loans, views before
    orders) and gives candidates; else it follows it (reviews and tags of what was rated) and gives features
    only: followers' targets not in the history were never taken (the dev ranking's tags: MAP@10 0.0420 -> 0.0414)."""
    firsts = []
    for name, entity, value in (
        (side.name, side.entity_fkey, side.target_fkey),
        (spec.fact, spec.entity_fkey, spec.value),
    ):
        tab = graph.table(name)
        firsts.append(
            exp.select(
                col(entity).as_("e"),
                exp.cast(col(value), value_type).as_("v"),
                exp.Min(this=time_of(tab, tab.time_column)).as_("t0"),
            )
            .from_(table(name))
            .where(exp.and_(exp.not_(col(entity).is_(exp.null())), exp.not_(col(value).is_(exp.null()))))
            .group_by(col(entity), col(value))
        )
    anchor = col(ANCHOR, "a")
    first = exp.If(this=exp.LT(this=col("t0", "x"), expression=col("t0", "y")), true=lit(1.0))
    return (
        exp.select(anchor, exp.Avg(this=exp.Case(ifs=[first], default=lit(0.0))).as_("lead"))
        .from_(exp.select(col(ANCHOR)).distinct().from_(exp.to_table(seed_name)).subquery("a"))
        .join(firsts[0].subquery("x"), on=exp.LTE(this=col("t0", "x"), expression=anchor.copy()))
        .join(
            firsts[1].subquery("y"),
            on=exp.and_(
                exp.EQ(this=col("e", "y"), expression=col("e", "x")),
                exp.EQ(this=col("v", "y"), expression=col("v", "x")),
                exp.LTE(this=col("t0", "y"), expression=anchor.copy()),
            ),
        )
        .group_by(anchor.copy())
    )
