"""How popular a candidate is within the entity's own segment: pair features for pair-scored targets.

A segment is a categorical column of the entity's row (a player's device), a small parent the row links to (its
country: a table of at most MAX_VALUES rows) or a categorical column of that parent (the country's region). For
each, the candidate's lift among the past targets of the entities that share the entity's value, over the 12
horizons before the anchor: ln(P(candidate | segment) / P(candidate)), with P(candidate | segment) shrunk toward
P(candidate) by SHRINK targets. A cold entity (no history of its own) is where this matters: it has no affinity
share and no co-occurrence, but its row says whom it resembles (a game's players join guilds of their own
region). Most segments say nothing about the target (a player's device), and the model reads a few weak columns
worse than one strong one, so only the lifts of the BEST segments are features, the segments ranked at each
anchor by how much their lifts explain the past targets (the mean lift of a target: the mutual information of
segment and target, shrunk as above). Beside each lift, the candidate's rank among the targets of the entity's
value of that segment (1: the one its entities linked most; NULL where they never did): a lift says a target is
the segment's own, the rank which of the segment's own is its favourite ("the most popular course of the job
family": an HR trial's next courses MAP@5 0.486/0.308/0.480 -> 0.494/0.326/0.481). NULL for an entity without the
segment's value, and for a segment of more than MAX_VALUES values at the anchor (too few targets per value).

Not read for a multiclass target (one right class per entity, whose own features are left out there too): on the
unseen suite's 30 windowed multiclass tasks they were 2 better, 4 worse (mean accuracy 0.6167 -> 0.6130).

Only rows at or before the anchor are read (the same rows as the candidates' popularity); the entity's and its
parent's columns are read as they are, as every feature of those rows is. Nothing here names a database.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlglot import exp

from rfm_sql.compile.pair_spec import PairSpec
from rfm_sql.compile.sqlutil import ANCHOR, ENTITY, col, table
from rfm_sql.graph import Graph, SType

CLASS = "CLASS"
MAX_SEGMENTS = 8  # each is one more GROUP BY over the targets of 12 horizons and one more join of the pairs
BEST = 2  # the segments whose lifts are features
MAX_VALUES = 50  # a segment of more values groups too few targets per value
SHRINK = 20.0  # targets of the whole population a segment's counts are shrunk with
HORIZONS = 12


@dataclass(frozen=True)
class SegmentPop:
    ctes: list[tuple[str, exp.Expression]]
    segments: list[tuple[str, str]]  # (table, column) of each segment, as explanations name it
    counts: list[str]  # per segment: (ANCHOR, g, CLASS, n, g_rank: 1 for the value's most linked target)
    totals: list[str]  # per segment: (ANCHOR, g, total), and k (the segment's values at the anchor)
    rows: str  # (u, g0, g1, ...): each entity's segment values
    overall: str  # (ANCHOR, CLASS, n, total)
    best: str  # (ANCHOR, b1, b2, ...): the index of the best segments at each anchor
    source: tuple[str, str, str]  # what explanations say the features read: the target's column, by segment

    def join(self, select: exp.Select, cand: str) -> exp.Select:
        """`select` (over the candidates `cand`) joined to the entity's segments and the counts."""
        select = select.join(
            exp.to_table(self.rows).as_("sg"),
            on=exp.EQ(this=col("u", "sg"), expression=col(ENTITY, cand)),
            join_type="left",
        )
        on = [exp.EQ(this=col(c, "so"), expression=col(c, cand)) for c in (ANCHOR, CLASS)]
        select = select.join(exp.to_table(self.overall).as_("so"), on=exp.and_(*on), join_type="left")
        on = exp.EQ(this=col(ANCHOR, "sb"), expression=col(ANCHOR, cand))
        select = select.join(exp.to_table(self.best).as_("sb"), on=on, join_type="left")
        for i, (counts, totals) in enumerate(zip(self.counts, self.totals, strict=True)):
            same = exp.EQ(this=col("g", f"sn{i}"), expression=col(f"g{i}", "sg"))
            on = [exp.EQ(this=col(c, f"sn{i}"), expression=col(c, cand)) for c in (ANCHOR, CLASS)] + [same]
            select = select.join(exp.to_table(counts).as_(f"sn{i}"), on=exp.and_(*on), join_type="left")
            same = exp.EQ(this=col("g", f"st{i}"), expression=col(f"g{i}", "sg"))
            on = exp.and_(exp.EQ(this=col(ANCHOR, f"st{i}"), expression=col(ANCHOR, cand)), same)
            select = select.join(exp.to_table(totals).as_(f"st{i}"), on=on, join_type="left")
        return select

    def features(self) -> list[tuple[str, exp.Expression, tuple[str, str, str]]]:
        """(name, expression, source) of the lift and the rank in each of the BEST segments at the pair's anchor."""
        lifts = [_lift(f"sn{i}", f"st{i}", "so") for i in range(len(self.segments))]
        out = []
        for rank in range(1, min(BEST, len(lifts)) + 1):
            pick = col(f"b{rank}", "sb")
            ifs = [
                exp.If(this=exp.EQ(this=pick.copy(), expression=exp.Literal.number(i)), true=v.copy())
                for i, v in enumerate(lifts)
            ]
            out.append((f"pair:segment_{rank}", exp.Case(ifs=[x.copy() for x in ifs]), self.source))
            ranks = [
                exp.If(this=exp.EQ(this=pick.copy(), expression=exp.Literal.number(i)), true=col("g_rank", f"sn{i}"))
                for i in range(len(lifts))
            ]
            out.append((f"pair:segment_{rank}_rank", exp.Case(ifs=ranks), self.source))
        return out


def _lift(counts: str, totals: str, overall: str) -> exp.Expression:
    """ln(P(c | g) / P(c)) of a candidate c in a segment value g, from the aliases of its count in g (n), g's
    targets (total, k) and its overall count and the targets at the anchor (n, total)."""
    prior = _div(_add(exp.cast(_zero(col("n", overall)), "DOUBLE"), 0.5), _add(col("total", overall), 1))
    shrunk = _add(_zero(col("n", counts)), exp.Mul(this=exp.Literal.number(SHRINK), expression=prior.copy()))
    lift = exp.Ln(this=_div(_div(shrunk, _add(col("total", totals), SHRINK)), prior))
    few = exp.and_(
        exp.LTE(this=col("k", totals), expression=exp.Literal.number(MAX_VALUES)),
        exp.not_(col("total", overall).is_(exp.null())),
    )
    return exp.Case(ifs=[exp.If(this=few, true=lift)])


def _zero(e: exp.Expression) -> exp.Expression:
    return exp.func("COALESCE", e, exp.Literal.number(0))


def _add(a: exp.Expression, b) -> exp.Expression:
    b = b if isinstance(b, exp.Expression) else exp.Literal.number(b)
    return exp.paren(exp.Add(this=a, expression=b), copy=False)


def _div(a: exp.Expression, b: exp.Expression) -> exp.Expression:
    return exp.paren(exp.Div(this=a, expression=b), copy=False)


def segments(graph: Graph, entity_table: str) -> list[tuple[str, str, str | None]]:
    """(table, column, the entity's key to that table or None for its own column) of the entity's segments: its
    own categorical columns, then per link to a small parent the key itself and the parent's categoricals."""
    ent = graph.table(entity_table)
    own = [(ent.name, c.name, None) for c in ent.columns if c.stype is SType.CATEGORICAL and c.name != ent.primary_key]
    up = []
    for link in graph.parents(ent.name):
        parent = graph.table(link.parent)
        if parent.name == ent.name or parent.primary_key is None:
            continue
        if parent.num_rows is not None and parent.num_rows <= MAX_VALUES:
            up.append((ent.name, link.fkey, None))
        up += [(parent.name, c.name, link.fkey) for c in parent.columns if c.stype is SType.CATEGORICAL]
    return (own + up)[:MAX_SEGMENTS]


def segment_pop(
    graph: Graph, entity_table: str, spec: PairSpec, fact_rows: Callable, anchors: str, names
) -> SegmentPop | None:
    """The CTEs of the segments' counts; `fact_rows(alias, anchor, back)` gives (time, condition) of the rows of
    `spec.fact` the candidates' popularity reads, `anchors` the CTE of the anchors. None without a segment."""
    ent = graph.table(entity_table)
    found = segments(graph, entity_table)
    if not found or ent.primary_key is None:
        return None
    ctes: list[tuple[str, exp.Expression]] = []
    rows = names("rfm_seg_rows")  # each entity's value per segment, as text (a key and a category alike)
    select = exp.select(col(ent.primary_key, "e").as_("u")).from_(table(ent.name, "e"))
    joined = {}
    for i, (_, column, via) in enumerate(found):
        alias = "e"
        if via is not None:
            if via not in joined:
                joined[via] = f"p{len(joined)}"
                link = next(lk for lk in graph.parents(ent.name) if lk.fkey == via)
                parent = graph.table(link.parent)
                on = exp.EQ(this=col(parent.primary_key, joined[via]), expression=col(via, "e"))
                select = select.join(table(parent.name, joined[via]), on=on, join_type="left")
            alias = joined[via]
        select = select.select(exp.cast(col(column, alias), "VARCHAR").as_(f"g{i}"))
    ctes.append((rows, select))
    targets = names("rfm_seg_targets")  # each entity's targets per anchor over the 12 horizons before it
    _, cond = fact_rows("f", col(ANCHOR, "a"), HORIZONS)
    ctes.append(
        (
            targets,
            exp.select(col(ANCHOR, "a"), col(spec.entity_fkey, "f").as_("u"))
            .select(col(spec.value, "f").as_(CLASS, quoted=True), exp.Count(this=exp.Star()).as_("n"))
            .from_(exp.to_table(anchors).as_("a"))
            .join(table(spec.fact, "f"), on=cond)
            .group_by(col(ANCHOR, "a"), col(spec.entity_fkey, "f"), col(spec.value, "f")),
        )
    )
    overall = names("rfm_seg_overall")
    total = exp.Window(this=exp.Sum(this=exp.Sum(this=col("n"))), partition_by=[col(ANCHOR)])
    ctes.append(
        (
            overall,
            exp.select(col(ANCHOR), col(CLASS), exp.Sum(this=col("n")).as_("n"), total.as_("total"))
            .from_(targets)
            .group_by(col(ANCHOR), col(CLASS)),
        )
    )
    counts, totals = [], []
    for i in range(len(found)):
        name = names("rfm_seg_n")
        ctes.append(
            (
                name,
                exp.select(col(ANCHOR, "t"), col(f"g{i}", "r").as_("g"), col(CLASS, "t"))
                .select(exp.Sum(this=col("n", "t")).as_("n"))
                .select(
                    exp.Window(
                        this=exp.RowNumber(),
                        partition_by=[col(ANCHOR, "t"), col(f"g{i}", "r")],
                        order=exp.Order(
                            expressions=[
                                exp.Ordered(this=exp.Sum(this=col("n", "t")), desc=True),
                                exp.Ordered(this=col(CLASS, "t")),
                            ]
                        ),
                    ).as_("g_rank")
                )
                .from_(exp.to_table(targets).as_("t"))
                .join(exp.to_table(rows).as_("r"), on=exp.EQ(this=col("u", "r"), expression=col("u", "t")))
                .where(exp.not_(col(f"g{i}", "r").is_(exp.null())))
                .group_by(col(ANCHOR, "t"), col(f"g{i}", "r"), col(CLASS, "t")),
            )
        )
        counts.append(name)
        tot = names("rfm_seg_total")
        k = exp.Window(this=exp.Count(this=exp.Star()), partition_by=[col(ANCHOR)])
        ctes.append(
            (
                tot,
                exp.select(col(ANCHOR), col("g"), exp.Sum(this=col("n")).as_("total"), k.as_("k"))
                .from_(name)
                .group_by(col(ANCHOR), col("g")),
            )
        )
        totals.append(tot)
    # each segment's information at each anchor: its lifts' mean over the past targets
    info = None
    for i, (name, tot) in enumerate(zip(counts, totals, strict=True)):
        on_g = exp.and_(*(exp.EQ(this=col(c, "t"), expression=col(c, "n")) for c in (ANCHOR, "g")))
        on_c = exp.and_(*(exp.EQ(this=col(c, "o"), expression=col(c, "n")) for c in (ANCHOR, CLASS)))
        mean = _div(
            exp.Sum(this=exp.Mul(this=col("n", "n"), expression=_lift("n", "t", "o"))), exp.Max(this=col("total", "o"))
        )
        one = (
            exp.select(col(ANCHOR, "n"), exp.Literal.number(i).as_("seg"), mean.as_("info"))
            .from_(exp.to_table(name).as_("n"))
            .join(exp.to_table(tot).as_("t"), on=on_g)
            .join(exp.to_table(overall).as_("o"), on=on_c)
            .where(exp.LTE(this=col("k", "t"), expression=exp.Literal.number(MAX_VALUES)))
            .group_by(col(ANCHOR, "n"))
        )
        info = one if info is None else exp.union(info, one, distinct=False)
    ranked = names("rfm_seg_info")
    order = exp.Order(expressions=[exp.Ordered(this=col("info"), desc=True), exp.Ordered(this=col("seg"))])
    rank = exp.Window(this=exp.RowNumber(), partition_by=[col(ANCHOR)], order=order)
    # segments that split the entities alike (a country's key and its name) explain the targets alike: one of them
    same = exp.Round(this=col("info"), decimals=exp.Literal.number(9))
    distinct = (
        exp.select(col(ANCHOR), same.as_("info"), exp.Min(this=col("seg")).as_("seg"))
        .from_(info.subquery("i"))
        .group_by(col(ANCHOR), same.copy())
    )
    ctes.append((ranked, exp.select("*", rank.as_("r")).from_(distinct.subquery("d"))))
    best = names("rfm_seg_best")
    picks = [
        exp.Max(
            this=exp.Case(ifs=[exp.If(this=exp.EQ(this=col("r"), expression=exp.Literal.number(r)), true=col("seg"))])
        ).as_(f"b{r}")
        for r in range(1, BEST + 1)
    ]
    ctes.append((best, exp.select(col(ANCHOR), *picks).from_(ranked).group_by(col(ANCHOR))))
    source = (spec.fact, spec.value, "segment")
    return SegmentPop(ctes, [(t, c) for t, c, _ in found], counts, totals, rows, overall, best, source)
