"""For a static target, the target as it reads on the entity's siblings: the other rows of its table under the same
parent (a patient's other appointments, a customer's other orders). Whether a visit is missed is told best by
whether the patient missed the others: an outpatient trial's per-appointment no-show read the visit and its patient
(AUROC 0.64) while the patient's share of other visits missed alone gave 0.67 (a latent per patient drove both).

Per ancestor one or two links up (a rating's order, and its restaurant through it; `siblings.ancestors`; not
through a key the target reads: `PREDICT customers.region` never reads the customers of the same region), over the
sibling rows that exist by the anchor, pass the query's row filter where it reads only the entity's columns, and,
where the table has a time, came before the entity's own row: their number and the target's share (binary) or mean
(regression). Only earlier rows, because the rows a user predicts are the latest (visits ahead), and a later
sibling can be written because of the entity's outcome (a replacement order after a return); in a table without a
time every other row counts. Running sums over the siblings ordered by time (window functions) rather than a join
of each row to its siblings: a parent with thousands of rows (a clinic's visits) would make that join quadratic.
A class reads the earlier siblings' most frequent class and its share (running counts per class; every other
row's counts where the table has no time).
"""

from __future__ import annotations

from sqlglot import exp

from rfm_sql.compile import labels as label_compiler
from rfm_sql.compile import siblings
from rfm_sql.compile.conditions import compile_condition
from rfm_sql.compile.sqlutil import ANCHOR, ENTITY, as_double, col, ident, same_pair, table, time_of, utc_naive
from rfm_sql.graph import SType
from rfm_sql.graph.ahead import known_ahead
from rfm_sql.pql import ast
from rfm_sql.pql.tasks import TaskType


def _columns_of(node) -> set[tuple[str, str]] | None:
    """The (table, column) pairs a condition reads, or None where it reads an aggregation."""
    refs = set()
    for n in ast.walk(node):
        if isinstance(n, ast.Aggregation):
            return None
        if isinstance(n, ast.ColumnRef):
            refs.add((n.table, n.column))
    return refs


def add(b) -> None:
    """Add the sibling-label features to the feature builder `b` (compile.features)."""
    vq, graph = b.vq, b.graph
    if not vq.static or vq.task_type not in (TaskType.BINARY, TaskType.REGRESSION, TaskType.MULTICLASS):
        return
    entity = graph.table(vq.entity_table)
    read = _columns_of(vq.query.target)
    if entity.primary_key is None or not read or {t for t, _ in read} != {entity.name}:
        return
    target_columns = {c for _, c in read}
    paths = siblings.ancestors(graph, entity.name, skip=target_columns)
    row_filter = vq.query.entity_filter
    if row_filter is not None:  # a filter on the entity's own columns says which siblings are examples too
        refs = _columns_of(row_filter)
        row_filter = row_filter if refs is not None and {t for t, _ in refs} <= {entity.name} else None
    for i, path in enumerate(paths):
        name = b.cte_name(f"rfm_sibling_labels{i}")
        b.ctes.append((name, _per_entity(b, entity, path, row_filter)))
        b.joins.append((exp.to_table(name), same_pair(name)))
        who = f"sibling_labels[{'.'.join(link.fkey for link in path)}]"
        source = (entity.name, sorted(target_columns)[0], " -> ".join(link.parent for link in path))
        b.add(f"{who}.count", "numeric", exp.func("COALESCE", col("n", name), exp.Literal.number(0)), source)
        if vq.task_type is TaskType.MULTICLASS:
            b.add(f"{who}.most_often", "categorical", col("v", name), source)
            b.add(f"{who}.most_often_share", "numeric", col("m", name), source)
        else:
            b.add(f"{who}.{'share' if vq.task_type is TaskType.BINARY else 'mean'}", "numeric", col("m", name), source)


def _operand(graph, alias: str, anchor: exp.Expression | None = None):
    """A column of the row `alias` as compile.labels reads it (a zoned time as UTC); with `anchor`, as its entity
    filter does: a date after the anchor is not known yet (NULL), unless set ahead."""

    def operand(node):
        tab = graph.table(node.table)
        value = utc_naive(tab.column(node.column).dtype, col(node.column, alias))
        if anchor is None or tab.column(node.column).stype is not SType.TIMESTAMP or known_ahead(tab, node.column):
            return value
        return label_compiler.unknown_after(tab, node.column, alias, value, anchor)

    return operand


def _label(vq, graph, alias: str) -> exp.Expression:
    """The query's target on the row `alias` of the entity's table as compile.labels reads it: a condition is never
    NULL (a binary label of 1 or 0), a number's NULL is no label."""
    operand = _operand(graph, alias)
    if vq.task_type is TaskType.BINARY:
        yes = exp.If(this=compile_condition(vq.query.target, operand), true=exp.Literal.number(1))
        return exp.Case(ifs=[yes], default=exp.Literal.number(0))
    if vq.task_type is TaskType.MULTICLASS:
        return exp.cast(operand(vq.query.target), "VARCHAR")
    return as_double(operand(vq.query.target))


def _counted(vq, graph, entity, row_filter, alias: str, anchor: exp.Expression) -> exp.Expression:
    """Whether the row `alias` is a sibling whose label counts at `anchor`: it exists by then, passes the row filter
    (as the entity filter reads it at the anchor) and has a label."""
    conds = [exp.not_(_label(vq, graph, alias).is_(exp.null()))]
    if (made := label_compiler.created_by(entity, anchor, alias)) is not None:
        conds.append(made)
    if row_filter is not None:
        conds.append(compile_condition(row_filter, _operand(graph, alias, anchor)))
    return exp.and_(*conds)


def _keyed(graph, entity, path, alias: str) -> tuple[exp.Select, exp.Expression]:
    """The entity's table as `alias` joined up `path`, and the key of the ancestor at its end."""
    select, at = exp.select().from_(table(entity.name, alias)), alias
    for k, link in enumerate(path[:-1]):
        parent = graph.table(link.parent)
        on = exp.EQ(this=col(parent.primary_key, f"{alias}{k}"), expression=col(link.fkey, at))
        select, at = select.join(table(parent.name, f"{alias}{k}"), on=on), f"{alias}{k}"
    return select, col(path[-1].fkey, at)


def _per_entity(b, entity, path, row_filter) -> exp.Select:
    """(ENTITY, ANCHOR, n, m) per seed pair: its siblings' count and mean label under the ancestor `path` ends at."""
    vq, zero, one = b.vq, exp.Literal.number(0), exp.Literal.number(1)
    timed = entity.time_column is not None

    def when(alias):
        return time_of(entity, entity.time_column, alias) if timed else exp.null()

    an = col(ANCHOR, "an")
    # only the rows under the seed entities' ancestors are read, not the whole table (a predict of a few rows)
    from_m, key_m = _keyed(b.graph, entity, path, "m")
    on_seed = exp.EQ(this=col(entity.primary_key, "m"), expression=col(ENTITY, "s"))
    mine = from_m.select(key_m).join(exp.to_table(b.seed).as_("s"), on=on_seed)
    from_x, key_x = _keyed(b.graph, entity, path, "x")
    kin = (
        from_x.select(
            an.as_(ANCHOR),
            key_x.as_("a"),
            when("x").as_("t"),
            exp.null().as_(ENTITY),
            one.as_("w"),
            _label(vq, b.graph, "x").as_("y"),
            zero.as_("ow"),
            exp.cast(exp.null(), "VARCHAR").as_("oy") if vq.task_type is TaskType.MULTICLASS else zero.as_("oy"),
        )
        .join(
            exp.select(col(ANCHOR)).distinct().from_(exp.to_table(b.seed)).subquery("an"),
            on=_counted(vq, b.graph, entity, row_filter, "x", an.copy()),
        )
        .where(exp.In(this=key_x.copy(), query=mine.subquery()))
    )
    own = _counted(vq, b.graph, entity, row_filter, "e", col(ANCHOR, "s"))
    from_e, key_e = _keyed(b.graph, entity, path, "e")
    seeds = (
        from_e.select(
            col(ANCHOR, "s"),
            key_e.as_("a"),
            when("e").as_("t"),
            col(ENTITY, "s"),
            zero.as_("w"),
            exp.cast(exp.null(), "VARCHAR").as_("y") if vq.task_type is TaskType.MULTICLASS else zero.as_("y"),
            exp.Case(ifs=[exp.If(this=own, true=one)], default=zero).as_("ow"),
            # its own label where it counts: a class (NULL where not), to take out of its parent's counts
            exp.Case(ifs=[exp.If(this=own.copy(), true=_label(vq, b.graph, "e"))]).as_("oy")
            if vq.task_type is TaskType.MULTICLASS
            else exp.Case(ifs=[exp.If(this=own.copy(), true=_label(vq, b.graph, "e"))], default=zero).as_("oy"),
        )
        .join(exp.to_table(b.seed).as_("s"), on=exp.EQ(this=col(entity.primary_key, "e"), expression=col(ENTITY, "s")))
        .where(exp.not_(key_e.copy().is_(exp.null())))
    )
    if timed:  # a row without a time has no earlier siblings to read: none at all, rather than every one
        seeds = seeds.where(exp.not_(when("e").is_(exp.null())))
    rows = exp.union(kin, seeds, distinct=False).subquery("u")
    group = [col(ANCHOR), col("a")]
    if vq.task_type is TaskType.MULTICLASS:
        return _modes(rows, group) if timed else _modes_of_all(rows, group)

    def before(column: str) -> exp.Expression:
        """The sum of `column` over the rows of the entity's parent strictly before it (every other row, untimed)."""
        whole = exp.Window(this=exp.Sum(this=col(column)), partition_by=[g.copy() for g in group])
        if not timed:
            return exp.Sub(this=whole, expression=col(f"o{column}"))
        upto = exp.Window(
            this=exp.Sum(this=col(column)),
            partition_by=[g.copy() for g in group],
            order=exp.Order(expressions=[exp.Ordered(this=col("t"), nulls_first=False)]),
            spec=exp.WindowSpec(kind="RANGE", start="UNBOUNDED", start_side="PRECEDING", end="CURRENT ROW"),
        )
        ties = exp.Window(this=exp.Sum(this=col(column)), partition_by=[*(g.copy() for g in group), col("t")])
        return exp.Sub(this=upto, expression=ties)

    runs = exp.select(col(ENTITY), col(ANCHOR), before("w").as_("n"), before("y").as_("s")).from_(rows)
    n = exp.func("NULLIF", col("n"), zero)
    return (
        exp.select(col(ENTITY), col(ANCHOR), col("n"), exp.Div(this=as_double(col("s")), expression=n).as_("m"))
        .from_(runs.subquery("r"))
        .where(exp.not_(col(ENTITY).is_(exp.null())))
    )


def _modes(rows, group) -> exp.Select:
    """(ENTITY, ANCHOR, n, v, m) per seed pair: its earlier siblings' count, their most frequent class (of those
    tied, the latest to reach the count) and its share. Each sibling row's running count of its own class; the
    running maximum of those marks the rows where a class leads; a seed row reads the last leader before it."""
    order = exp.Order(
        expressions=[exp.Ordered(this=col(c), nulls_first=False) for c in ("t", "w", "y")]
    )  # a seed row (w 0) before its siblings of the same time: they are not before it

    def running(fn, partition, until_self: bool) -> exp.Window:
        end = {"end": "CURRENT ROW"} if until_self else {"end": exp.Literal.number(1), "end_side": "PRECEDING"}
        spec = exp.WindowSpec(kind="ROWS", start="UNBOUNDED", start_side="PRECEDING", **end)
        return exp.Window(this=fn, partition_by=[p.copy() for p in partition], order=order.copy(), spec=spec)

    sibling = exp.EQ(this=col("w"), expression=exp.Literal.number(1))
    counted = (
        exp.select("*")
        .from_(rows)
        .select(
            exp.Case(
                ifs=[exp.If(this=sibling, true=running(exp.Count(this=exp.Star()), [*group, col("y")], True))]
            ).as_("k")
        )
    )
    leads = exp.select("*").from_(counted.subquery("c")).select(running(exp.Max(this=col("k")), group, True).as_("top"))
    leader = exp.Case(ifs=[exp.If(this=exp.EQ(this=col("k"), expression=col("top")), true=col("y"))])
    marked = exp.select("*").from_(leads.subquery("l")).select(leader.as_("lead"))
    runs = exp.select(
        col(ENTITY),
        col(ANCHOR),
        running(exp.Sum(this=col("w")), group, False).as_("n"),
        running(exp.IgnoreNulls(this=exp.LastValue(this=col("lead"))), group, False).as_("v"),
        running(exp.Max(this=col("k")), group, False).as_("most"),
    ).from_(marked.subquery("d"))
    n = exp.func("NULLIF", col("n"), exp.Literal.number(0))
    return (
        exp.select(
            col(ENTITY), col(ANCHOR), col("n"), col("v"), exp.Div(this=as_double(col("most")), expression=n).as_("m")
        )
        .from_(runs.subquery("r"))
        .where(exp.not_(col(ENTITY).is_(exp.null())))
    )


def _modes_of_all(rows, group) -> exp.Select:
    """`_modes` for a table without a time: every other row's classes, counted per parent, the entity's own taken
    out; of those tied, the greatest value (a deterministic order both engines keep)."""
    zero, one = exp.Literal.number(0), exp.Literal.number(1)
    sibling = exp.EQ(this=col("w"), expression=one)
    counts = (
        exp.select(*(g.copy() for g in group), col("y").as_("v"), exp.Count(this=exp.Star()).as_("k"))
        .from_(rows.copy())
        .where(sibling)
        .group_by(*(g.copy() for g in group), col("y"))
    )
    mine = exp.select("*").from_(rows).where(exp.EQ(this=col("w"), expression=zero))
    less = exp.Case(ifs=[exp.If(this=exp.EQ(this=col("v", "c"), expression=col("oy", "s")), true=one)], default=zero)
    per = (
        exp.select(
            col(ENTITY, "s"), col(ANCHOR, "s"), col("v", "c"), exp.Sub(this=col("k", "c"), expression=less).as_("k")
        )
        .from_(mine.subquery("s"))
        .join(
            counts.subquery("c"),
            on=exp.and_(*(exp.EQ(this=col(g.name, "c"), expression=col(g.name, "s")) for g in group)),
        )
    )
    order = exp.Struct(
        expressions=[
            exp.PropertyEQ(this=ident("k"), expression=col("k")),
            exp.PropertyEQ(this=ident("v"), expression=col("v")),
        ]
    )
    n = exp.Sum(this=col("k"))
    return (
        exp.select(
            col(ENTITY),
            col(ANCHOR),
            n.as_("n"),
            exp.ArgMax(this=col("v"), expression=order).as_("v"),
            exp.Div(this=as_double(exp.Max(this=col("k"))), expression=n.copy()).as_("m"),
        )
        .from_(per.subquery("p"))
        .where(exp.GT(this=col("k"), expression=zero))
        .group_by(col(ENTITY), col(ANCHOR))
    )
