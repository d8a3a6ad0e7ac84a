"""Candidates and point-in-time pair features for set-valued and many-class targets, in one SQL statement.

A link prediction (`LIST_DISTINCT(fact.fk, ...) RANK TOP k`), a multilabel (`LIST_DISTINCT(...) CLASSIFY`)
or a multiclass target over a window (a static one: `compile.class_pairs`) is scored as a binary task over
(entity, anchor, candidate) rows. For a seed relation of (ENTITY, ANCHOR_TIMESTAMP) pairs this module
builds, reading only rows of the target's table with time <= anchor (that pass the target's filter, if any):

- candidates per pair: the entity's own most recent targets; the targets linked most in the last horizons
  (also what a cold entity gets); targets linked by entities that share recent targets with this one (two
  hops through the target's table); the recent targets of other tables linking the entity to the same table
  (holds beside loans, `compile.side_links`); for a closed class set (multiclass, multilabel) also the context's
  most frequent classes (as many as the budget), and nothing outside the context's classes;
- pair features: the entity-candidate history (counts per window, days since first and last, its recency
  and count ranks among the entity's targets, days after the entity's latest target, its share of the
  entity's history), the candidate's popularity per window, its trend and recency, how many entities debuted
  with it (their first-ever target, in the last 12 horizons: where new entities go), the co-occurrence count,
  the candidate's own columns and the entity's history's share of its categories (`compile.affinity`; when
  the target is a foreign key), the side tables' counts and recency, and, except for a multiclass target (one
  right class per entity), the entity's features from `compile.features` (a multiclass target whose entities
  mostly have no history of it gets them too, each paired with the class: runtime.pairs.COLD_SHARE).

Each source takes a share of the candidate budget (`RUN_MODES`). Nothing here names a particular database.
"""

from __future__ import annotations

from sqlglot import exp

from rfm_sql.compile import labels as label_compiler
from rfm_sql.compile.affinity import affinity
from rfm_sql.compile.booked import booked
from rfm_sql.compile.conditions import compile_condition
from rfm_sql.compile.features import Feature, days_between, feature_sql
from rfm_sql.compile.new_source import new_source
from rfm_sql.compile.pair_spec import Budget, PairSpec
from rfm_sql.compile.pair_values import column_value, with_class
from rfm_sql.compile.popular_source import popular_source
from rfm_sql.compile.segment_pop import segment_pop
from rfm_sql.compile.segment_source import segment_source
from rfm_sql.compile.side_links import side_links
from rfm_sql.compile.sqlutil import ANCHOR, ENTITY, at_most, col, lit, same_columns, shift, sql_type, table, time_of
from rfm_sql.compile.year_ago import year_ago
from rfm_sql.graph import Graph
from rfm_sql.pql.tasks import TaskType
from rfm_sql.pql.validate import ValidQuery

CLASS = "CLASS"
RECENT_TARGETS = 10  # an entity's most recent targets that seed the two-hop (co-occurrence) candidates
# Pair feature names (the benchmark's baselines read some of them).
HIST_ALL, HIST_RANK, HIST_GAP = "pair:hist_count_all", "pair:hist_recency_rank", "pair:hist_days_after_latest"
POP_1, POP_3, POP_12, COOC = "pair:pop_1h", "pair:pop_3h", "pair:pop_12h", "pair:cooc"
HIST_1, POP_ENTITIES_1, HIST_COUNT_RANK = "pair:hist_count_1h", "pair:pop_entities_1h", "pair:hist_count_rank"
POP_DEBUTS_12 = "pair:pop_debuts_12h"  # entities whose first-ever target was this one, in the last 12 horizons


class _Names:
    def __init__(self, graph: Graph):
        self.taken = set(graph.tables)

    def __call__(self, base: str) -> str:
        name, i = base, 0
        while name in self.taken:
            i += 1
            name = f"{base}_{i}"
        self.taken.add(name)
        return name


def pair_sql(
    vq: ValidQuery,
    graph: Graph,
    spec: PairSpec,
    seed_name: str,
    budget: Budget,
    classes: list | None = None,
    entity_features: bool | None = None,
) -> tuple[exp.Select, list[Feature]]:
    """(ENTITY, ANCHOR_TIMESTAMP, CLASS, pair features...) for the candidates of every pair in the relation
    `seed_name`; with `classes` (a closed set, most frequent first), only those are candidates, and each pair
    also gets the most frequent of them (as many as the budget's total). `entity_features`: whether the pairs
    read the entity's own features (None: all but a multiclass target's, see below)."""
    names = _Names(graph)
    fact = graph.table(spec.fact)
    amount, unit = spec.horizon
    s_anchor = col(ANCHOR, "s")
    value_type = fact.column(spec.value).dtype
    # a ranked key's label counts only the rows that pass the target's filter (a department's lines): its history,
    # popularity and two hops read those (a class's label may be any class: its history reads every row)
    row_filter = vq.query.target.filter if spec.destination is not None else None

    def fact_rows(alias: str, anchor: exp.Expression, back: int | None) -> tuple[exp.Expression, exp.Expression]:
        t = time_of(fact, fact.time_column, alias)
        cond = [exp.LTE(this=t, expression=anchor), exp.not_(col(spec.value, alias).is_(exp.null()))]
        if row_filter is not None:  # history, popularity and co-occurrence of the rows the label counts
            cond.append(compile_condition(row_filter, label_compiler.fact_operand(graph, alias, anchor)))
        if back is not None:
            cond.append(exp.GT(this=t, expression=shift(anchor, -back * amount, unit)))
        return t, exp.and_(*cond)

    def within(t: exp.Expression, anchor: exp.Expression, k: int) -> exp.Expression:
        return exp.GT(this=t, expression=shift(anchor, -k * amount, unit))

    def count_if(cond: exp.Expression | None) -> exp.Expression:
        count = exp.Count(this=exp.Star())
        return count if cond is None else exp.Filter(this=count, expression=exp.Where(this=cond))

    ctes: list[tuple[str, exp.Expression]] = []
    # the entity's own history with each target
    t, cond = fact_rows("f", s_anchor, None)
    hist = names("rfm_hist")
    hist_q = (
        exp.select(
            col(ENTITY, "s"),
            col(ANCHOR, "s"),
            col(spec.value, "f").as_(CLASS, quoted=True),
            count_if(None).as_("h_all"),
            count_if(within(t, s_anchor, 1)).as_("h_1"),
            count_if(within(t, s_anchor, 3)).as_("h_3"),
            days_between(exp.Max(this=t), s_anchor).as_("h_last"),
            days_between(exp.Min(this=t), s_anchor).as_("h_first"),
        )
        .from_(exp.to_table(seed_name).as_("s"))
        .join(
            table(fact.name, "f"),
            on=exp.and_(exp.EQ(this=col(spec.entity_fkey, "f"), expression=col(ENTITY, "s")), cond),
        )
        .group_by(col(ENTITY, "s"), col(ANCHOR, "s"), col(spec.value, "f"))
    )
    ctes.append((hist, hist_q))
    # how this target stands within the entity's own history: days after the entity's latest target of any
    # kind (0 for its most recent one), and its share of the entity's rows (all time, last 3 horizons)
    hist_rel = names("rfm_hist_rel")
    per_entity = [col(ENTITY), col(ANCHOR)]

    def over(fn: exp.Expression) -> exp.Window:
        return exp.Window(this=fn, partition_by=[c.copy() for c in per_entity])

    def share(name: str) -> exp.Expression:
        total = exp.func("NULLIF", over(exp.Sum(this=col(name))), exp.Literal.number(0))
        return exp.Div(this=exp.cast(col(name), "DOUBLE"), expression=total)

    # and where it stands in its own cycle (a refill every 30 days): its mean gap between rows, first to last, and
    # the days until the next is due at that pace (below 0: overdue), NULL for a target linked once
    gap = exp.Div(
        this=exp.cast(exp.Sub(this=col("h_first"), expression=col("h_last")), "DOUBLE"),
        expression=exp.func(
            "NULLIF", exp.Sub(this=col("h_all"), expression=exp.Literal.number(1)), exp.Literal.number(0)
        ),
    )
    ctes.append(
        (
            hist_rel,
            exp.select(
                "*",
                exp.Sub(this=col("h_last"), expression=over(exp.Min(this=col("h_last")))).as_("h_gap"),
                share("h_all").as_("h_share_all"),
                share("h_3").as_("h_share_3"),
                exp.Sub(this=gap, expression=col("h_last")).as_("h_due"),
            ).from_(hist),
        )
    )
    by_recency, by_count = names("rfm_hist_by_recency"), names("rfm_hist_by_count")
    ctes.append((by_recency, _ranked(hist_rel, [ENTITY, ANCHOR], [("h_last", False), ("h_all", True)], "h_rank")))
    # the same targets by how often the entity linked them (1: its most frequent): "the entity's usual target",
    # the strongest baseline of a windowed multiclass target, as one crisp value per pair; the shares alone are
    # read against every pair of the context, where an entity's top share can sit anywhere in [0, 1]
    ctes.append((by_count, _ranked(by_recency, [ENTITY, ANCHOR], [("h_all", True), ("h_last", False)], "h_count_rank")))
    # and by which comes due first at its own pace (1: the next refill): a pharmacy trial's next drug filled was
    # the one whose supply ran out first (.80 accuracy by that rule alone, .74 for the model without it)
    hist_ranked = names("rfm_hist_ranked")
    ctes.append((hist_ranked, _ranked(by_count, [ENTITY, ANCHOR], [("h_due", False), ("h_last", False)], "h_due_rank")))
    # popularity per anchor (windows h, 3h, 12h before it)
    anchors = names("rfm_anchors")
    ctes.append((anchors, exp.select(col(ANCHOR)).distinct().from_(exp.to_table(seed_name))))
    # each entity's first-ever time: a row at it is the entity's debut (safe in time: no later row can be
    # earlier), so a candidate's debut count says where new entities go — what a cold entity is like
    debut = names("rfm_debut")
    ctes.append(
        (
            debut,
            exp.select(
                col(spec.entity_fkey, "f").as_(ENTITY, quoted=True),
                exp.Min(this=time_of(fact, fact.time_column, "f")).as_("t0"),
            )
            .from_(table(fact.name, "f"))
            .where(exp.not_(col(spec.value, "f").is_(exp.null())))
            .group_by(col(spec.entity_fkey, "f")),
        )
    )
    a_anchor = col(ANCHOR, "a")
    t, cond = fact_rows("f", a_anchor, 12)
    pop = names("rfm_pop")
    pop_q = (
        exp.select(
            col(ANCHOR, "a"),
            col(spec.value, "f").as_(CLASS, quoted=True),
            count_if(within(t, a_anchor, 1)).as_("p_1"),
            count_if(within(t, a_anchor, 3)).as_("p_3"),
            count_if(None).as_("p_12"),
            exp.Filter(
                this=exp.Count(this=exp.Distinct(expressions=[col(spec.entity_fkey, "f")])),
                expression=exp.Where(this=within(t, a_anchor, 1)),
            ).as_("p_ent_1"),
            days_between(exp.Max(this=t), a_anchor).as_("p_last"),
            count_if(exp.EQ(this=t.copy(), expression=col("t0", "d"))).as_("p_debut_12"),
        )
        .from_(exp.to_table(anchors).as_("a"))
        .join(table(fact.name, "f"), on=cond)
        .join(exp.to_table(debut).as_("d"), on=exp.EQ(this=col(ENTITY, "d"), expression=col(spec.entity_fkey, "f")))
        .group_by(col(ANCHOR, "a"), col(spec.value, "f"))
    )
    ctes.append((pop, pop_q))
    pop_ranked = names("rfm_pop_ranked")
    ctes.append((pop_ranked, _ranked(pop, [ANCHOR], [("p_1", True), ("p_3", True), ("p_12", True)], "p_rank")))
    # two hops: targets of entities that linked this entity's recent targets (within 3 horizons), weighted by
    # how often: c_n = sum over the entity's recent targets x, over every other entity u, of n_u(x) * n_u(c).
    # Counted from per-(anchor, entity, target) counts, never row by row: joining rows to rows multiplies them
    # (a popular target's rows times its linkers' rows), which is minutes and gigabytes on a few 100k rows.
    links = names("rfm_links")  # n_u(v): each entity's rows per target in the 3 horizons before each anchor
    t, cond = fact_rows("f", a_anchor, 3)
    ctes.append(
        (
            links,
            exp.select(col(ANCHOR, "a"), col(spec.entity_fkey, "f").as_("u"), col(spec.value, "f").as_("v"))
            .select(exp.Count(this=exp.Star()).as_("n"))
            .from_(exp.to_table(anchors).as_("a"))
            .join(table(fact.name, "f"), on=exp.and_(cond, exp.not_(col(spec.entity_fkey, "f").is_(exp.null()))))
            .group_by(col(ANCHOR, "a"), col(spec.entity_fkey, "f"), col(spec.value, "f")),
        )
    )
    recent_name = names("rfm_recent")  # the entity's recent targets x, n_e(x), and the sum of n_e(x)
    own = exp.Window(this=exp.Sum(this=col("h_3")), partition_by=[col(ENTITY), col(ANCHOR)])
    recent = exp.select(col(ENTITY), col(ANCHOR), col(CLASS), col("h_3"), own.as_("own")).from_(hist_ranked)
    ctes.append((recent_name, recent.where(at_most("h_rank", RECENT_TARGETS))))
    # target-to-target weights, sum over u of n_u(x) * n_u(c), only for the x some entity of the seed has
    item_item = names("rfm_item_item")
    x_of = exp.select(col(ANCHOR), col(CLASS)).distinct().from_(recent_name)
    ctes.append(
        (
            item_item,
            exp.select(col(ANCHOR, "x"), col(CLASS, "x"), col("v", "l2").as_("c"))
            .select(exp.Sum(this=exp.Mul(this=col("n", "l1"), expression=col("n", "l2"))).as_("w"))
            .from_(x_of.subquery("x"))
            .join(
                exp.to_table(links).as_("l1"),
                on=exp.and_(_same([ANCHOR], "x")("l1"), exp.EQ(this=col("v", "l1"), expression=col(CLASS, "x"))),
            )
            .join(exp.to_table(links).as_("l2"), on=_same([ANCHOR, "u"], "l1")("l2"))
            .group_by(col(ANCHOR, "x"), col(CLASS, "x"), col("v", "l2")),
        )
    )
    summed = names("rfm_cooc_all")
    ctes.append(
        (
            summed,
            exp.select(col(ENTITY, "r"), col(ANCHOR, "r"), col("c", "m").as_(CLASS, quoted=True))
            .select(exp.Sum(this=col("w", "m")).as_("w"), exp.Max(this=col("own", "r")).as_("own"))
            .from_(exp.to_table(recent_name).as_("r"))
            .join(exp.to_table(item_item).as_("m"), on=_same([ANCHOR, CLASS], "r")("m"))
            .group_by(col(ENTITY, "r"), col(ANCHOR, "r"), col("c", "m")),
        )
    )
    # minus the entity's own part (u = the entity): n_e(c) times the sum of n_e(x) over its recent targets
    cooc = names("rfm_cooc")
    own_part = exp.Mul(this=col("own", "t"), expression=exp.func("COALESCE", col("h_3", "h"), exp.Literal.number(0)))
    c_n = exp.Sub(this=col("w", "t"), expression=own_part)
    ctes.append(
        (
            cooc,
            exp.select(col(ENTITY, "t"), col(ANCHOR, "t"), col(CLASS, "t"), exp.cast(c_n, "BIGINT").as_("c_n"))
            .from_(exp.to_table(summed).as_("t"))
            .join(exp.to_table(hist_ranked).as_("h"), on=_same([ENTITY, ANCHOR, CLASS], "t")("h"), join_type="left")
            .where(exp.GT(this=c_n.copy(), expression=exp.Literal.number(0))),
        )
    )
    cooc_ranked = names("rfm_cooc_ranked")
    ctes.append((cooc_ranked, _ranked(cooc, [ENTITY, ANCHOR], [("c_n", True)], "c_rank")))
    side = side_links(vq, graph, spec, seed_name, hist, names, _ranked)  # holds beside loans, views beside orders
    book = booked(vq, graph, spec, seed_name, names, _ranked)  # the target's rows on the books for the window
    year = year_ago(vq, graph, spec, seed_name, anchors, names)  # and, of a class, the window a year back
    ctes += [c for x in (side, book, year) if x for c in x.ctes]
    # the candidates: the union of the sources, each within its budget (and within `classes`, if given)
    pair = [col(ENTITY), col(ANCHOR), col(CLASS)]
    popular_ctes, popular = popular_source(seed_name, pop_ranked, hist_ranked, budget, names, _ranked)
    # the candidate in the entity's segments; not for a multiclass target (the unseen suite's 30: 2 better, 4 worse)
    multiclass = vq.task_type is TaskType.MULTICLASS
    seg = None if multiclass else segment_pop(graph, vq.entity_table, spec, fact_rows, anchors, names)
    segment_ctes, segment = segment_source(seed_name, seg, hist_ranked, budget, names, _ranked) if seg else ([], None)
    ctes += popular_ctes + (seg.ctes if seg else []) + segment_ctes
    new_ctes, new = new_source(vq, graph, spec, seed_name, anchors, hist_ranked, budget, names, _ranked)
    ctes += new_ctes  # a ranking's destination rows nobody linked yet
    sources = [
        exp.select(*pair).from_(hist_ranked).where(at_most("h_rank", budget.history)),
        popular,  # the most popular targets the history does not give
        *([segment] if segment is not None else []),  # the same within the entity's best segment
        *([new] if new is not None else []),  # the destination's newest rows (compile.new_source)
        exp.select(*[c.copy() for c in pair]).from_(cooc_ranked).where(at_most("c_rank", budget.cooc)),
        *(side.sources(budget.history) if side and row_filter is None else []),  # a side row has no filter to pass
        *(book.sources() if book else []),
    ]
    class_table = None
    if classes is not None:
        class_table = names("rfm_classes")
        rows = [(exp.cast(lit(c), sql_type(value_type)), exp.Literal.number(i)) for i, c in enumerate(classes)]
        values = exp.values(rows, alias="v", columns=[CLASS, "position"])
        ctes.append((class_table, exp.select(col(CLASS), col("position")).from_(values)))
        # every entity gets the most common classes (the list is by frequency), as many as its budget: with
        # hundreds of classes, all of them for every entity would be entities x classes rows for the model
        sources.append(
            exp.select(col(ENTITY, "s"), col(ANCHOR, "s"), col(CLASS, "k"))
            .from_(exp.to_table(seed_name).as_("s"))
            .join(exp.to_table(class_table).as_("k"), join_type="cross")
            .where(exp.LT(this=col("position", "k"), expression=exp.Literal.number(budget.total)))
        )
    union = sources[0]
    for other in sources[1:]:
        union = exp.union(union, other, distinct=True)
    cands = names("rfm_cands")
    cand_q = exp.select("*").from_(union.subquery("u"))
    if class_table is not None:
        cand_q = cand_q.where(exp.In(this=col(CLASS), query=exp.select(col(CLASS)).from_(class_table).subquery()))
    if spec.destination == vq.entity_table:  # who follows whom: an entity is never its own candidate
        cand_q = cand_q.where(exp.NullSafeNEQ(this=col(CLASS), expression=col(ENTITY)))
    if spec.destination is not None and graph.table(spec.destination).end_columns:
        # a target that ended by the anchor is no candidate (a bike station closed two weeks before was still
        # recommended as the next start): only ends at or before the anchor are read
        dest = graph.table(spec.destination)
        gone = exp.select(col(dest.primary_key, "g")).from_(table(dest.name, "g"))
        gone = gone.where(label_compiler.ended_by(dest, col(ANCHOR, "u"), "g"))
        cand_q = cand_q.where(exp.not_(exp.In(this=col(CLASS, "u"), query=gone.subquery())))
    ctes.append((cands, cand_q))
    aff = affinity(graph, spec.destination, hist, names)  # the share of the entity's history in each category
    ctes += aff.ctes if aff else []
    # the entity side: the query's own point-in-time features, which tell entities apart in how many of their
    # candidates are right (link prediction, multilabel). A multiclass entity has exactly one right class, so
    # they would only add columns that never vary across its candidates: left out (unseen suite, windowed
    # multiclass accuracy 0.6026 -> 0.6051, 11 tasks better, 7 worse).
    ent, ent_features = names("rfm_entity"), []
    entity_features = not multiclass if entity_features is None else entity_features
    if entity_features:
        ent_select, ent_features = feature_sql(vq, graph, seed_name)
        ctes.append((ent, ent_select))

    features: list[Feature] = []
    columns: list[exp.Expression] = []

    def add(name: str, kind: str, expression: exp.Expression, source: tuple[str, str, str] | None = None) -> None:
        # source: (table, column, via) the feature reads, which explanations group by; pair features read the
        # target's column, told apart by what they measure (the pair's history, the candidate's popularity)
        if source is None:
            what = name.split(":", 1)[1].split("_", 1)[0]
            what = {"hist": "history", "pop": "popularity", "cooc": "co-occurrence"}.get(what, what)
            source = (spec.fact, spec.value, what)
        features.append(Feature(name, kind, *source))
        columns.append(expression.as_(name, quoted=True))

    def zero(c: exp.Expression) -> exp.Expression:
        return exp.func("COALESCE", c, exp.Literal.number(0))

    add(HIST_ALL, "numeric", zero(col("h_all", "h")))
    add(HIST_1, "numeric", zero(col("h_1", "h")))
    add("pair:hist_count_3h", "numeric", zero(col("h_3", "h")))
    add("pair:hist_days_since_last", "numeric", col("h_last", "h"))
    add("pair:hist_days_since_first", "numeric", col("h_first", "h"))
    add(HIST_RANK, "numeric", col("h_rank", "h"))
    add(HIST_COUNT_RANK, "numeric", col("h_count_rank", "h"))
    add(HIST_GAP, "numeric", col("h_gap", "h"))
    add("pair:hist_days_to_due", "numeric", col("h_due", "h"))
    add("pair:hist_due_rank", "numeric", col("h_due_rank", "h"))
    add("pair:hist_share_all", "numeric", zero(col("h_share_all", "h")))
    add("pair:hist_share_3h", "numeric", zero(col("h_share_3", "h")))
    add(POP_1, "numeric", zero(col("p_1", "p")))
    add(POP_3, "numeric", zero(col("p_3", "p")))
    add(POP_12, "numeric", zero(col("p_12", "p")))
    add(POP_ENTITIES_1, "numeric", zero(col("p_ent_1", "p")))
    add("pair:pop_days_since_last", "numeric", col("p_last", "p"))
    add(POP_DEBUTS_12, "numeric", zero(col("p_debut_12", "p")))
    trend = exp.Div(
        this=exp.cast(zero(col("p_1", "p")), "DOUBLE"),
        expression=exp.func("NULLIF", zero(col("p_3", "p")), exp.Literal.number(0)),
    )
    add("pair:pop_trend", "numeric", trend)
    add(COOC, "numeric", zero(col("c_n", "o")))
    for name, value, source in [f for x in (side, seg, book, year) if x for f in x.features()]:
        add(name, "numeric", value, source)
    on_pair, on_class = _same([ENTITY, ANCHOR, CLASS], "c"), _same([ANCHOR, CLASS], "c")
    select = (
        exp.select(col(ENTITY, "c"), col(ANCHOR, "c"), col(CLASS, "c"))
        .from_(exp.to_table(cands).as_("c"))
        .join(exp.to_table(hist_ranked).as_("h"), on=on_pair("h"), join_type="left")
        .join(exp.to_table(pop_ranked).as_("p"), on=on_class("p"), join_type="left")
        .join(exp.to_table(cooc_ranked).as_("o"), on=on_pair("o"), join_type="left")
    )
    for extra in (x for x in (side, seg, book, year) if x):
        select = extra.join(select, "c")
    if ent_features:
        select = select.join(exp.to_table(ent).as_("e"), on=_same([ENTITY, ANCHOR], "c")("e"), join_type="left")
    if spec.destination is not None:
        dest = graph.table(spec.destination)
        on = exp.EQ(this=col(dest.primary_key, "d"), expression=col(CLASS, "c"))
        select = select.join(table(dest.name, "d"), on=on, join_type="left")
        valid = None
        if dest.time_column:  # a destination row created after the anchor is not seen
            valid = exp.LTE(this=time_of(dest, dest.time_column, "d"), expression=col(ANCHOR, "c"))
        for c in dest.columns:
            if c.name == dest.primary_key:
                continue
            expression = column_value(dest, c, "d", col(ANCHOR, "c"))
            if expression is None:
                continue
            kind, value = expression
            if valid is not None:
                value = exp.Case(ifs=[exp.If(this=valid.copy(), true=value)], default=exp.null())
            add(f"candidate:{dest.name}.{c.name}", kind, value, (dest.name, c.name, "candidate"))
        for name, share, column in aff.features(valid) if aff else []:
            add(name, "numeric", share, (dest.name, column, "affinity"))
        select = aff.join(select, "c", "d") if aff else select
    for f in ent_features:
        add(f"entity:{f.name}", f.kind, col(f.name, "e"), (f.table, f.column, f.via))
    if ent_features and vq.task_type is TaskType.MULTICLASS:  # a cold one (runtime.pairs.COLD_SHARE)
        for f in ent_features:
            add(f"pair:with_class:{f.name}", "categorical", with_class(f, col(f.name, "e")), (f.table, f.column, f.via))
    select = select.select(*columns).order_by(col(ANCHOR, "c"), col(ENTITY, "c"), col(CLASS, "c"))
    for name, query in ctes:
        select = select.with_(name, as_=query.copy(), copy=False)  # see compile.features
    return select, features


def _ranked(source: str, partition: list[str], order: list[tuple[str, bool]], name: str) -> exp.Select:
    """`source` with a ROW_NUMBER per partition (ties broken by the class value, so ranks are deterministic)."""
    keys = [exp.Ordered(this=col(c), desc=desc, nulls_first=False) for c, desc in order]
    keys.append(exp.Ordered(this=col(CLASS)))
    window = exp.Window(
        this=exp.RowNumber(), partition_by=[col(c) for c in partition], order=exp.Order(expressions=keys)
    )
    return exp.select("*", window.as_(name)).from_(source)


def _same(columns: list[str], left: str):
    return lambda right: same_columns(columns, left, right)
