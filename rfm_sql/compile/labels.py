"""The labels a query defines, for any set of (entity, anchor) pairs, in one SQL statement.

    seed (ENTITY, ANCHOR_TIMESTAMP)
      -> one CTE per distinct aggregation: the seed joined to the aggregated table on the foreign key and
         the window (anchor + start, anchor + end], grouped per (entity, anchor)
      -> one row per seed pair: TARGET, PASSES_FILTER, PASSES_ASSUMING, ENTITY_EXISTS

Window, empty-window and NULL semantics are PQL.md's: COUNT/SUM/COUNT_DISTINCT of an empty window are 0,
the other aggregations NULL; a comparison with a NULL operand is false.

A label is read from the database as it stands, unless the seed says by when it must be known: a KNOWN_AT column
(the context's examples: the prediction's anchor; a lagged target: the anchor of the row it is a feature of).
Then a date its target filter reads (or a static target, of the entity's row: `follows.unfollowed_at IS NOT NULL`),
and a column filled in with a later date of its row (`Table.filled_with`), read as NULL where that date lies after
KNOWN_AT: the context learns nothing written after the anchor it serves,
and a meter's daily reading, sent the next night, still counts in its day's label once it has arrived (read as
known at each window's close, every daily label of a utility trial was 0, and so was every prediction).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlglot import exp

from rfm_sql.compile import entity_asof
from rfm_sql.compile.conditions import compile_condition
from rfm_sql.compile.filled_later import filling_dates, known_by, state_at
from rfm_sql.compile.sqlutil import (
    ANCHOR,
    ENTITY,
    TARGET,
    col,
    false_if_null,
    filtered,
    ident,
    lit,
    same_pair,
    shift,
    sql_type,
    table,
    time_of,
    utc_naive,
    utc_naive_list,
)
from rfm_sql.graph import Graph, SType, is_integer_type
from rfm_sql.graph.ahead import known_ahead
from rfm_sql.pql import ast
from rfm_sql.pql.validate import ValidQuery

FLAGS = ("PASSES_FILTER", "PASSES_ASSUMING", "ENTITY_EXISTS")
KNOWN_AT = "KNOWN_AT"  # a seed column: the time by which a label's rows must be known (module docstring)
_ZERO_WHEN_EMPTY = ("COUNT", "COUNT_DISTINCT", "SUM")
_SAME_TYPE = ("MIN", "MAX", "FIRST", "LAST")  # aggregates whose value has the column's type


ALL = "all"  # seed_for_anchors(entities=ALL): every entity, even when the query lists some


def seed_for_anchors(
    vq: ValidQuery,
    graph: Graph,
    anchors: Sequence[dt.datetime],
    entities: Sequence | exp.Table | str | None = None,
) -> exp.Select:
    """(ENTITY, ANCHOR_TIMESTAMP) for every entity at every anchor: the listed `entities` (values, or a table
    with an ENTITY column of the key's type), else the query's FOR ... IN list, else (or with entities=ALL)
    all of them."""
    anchor_rows = exp.values([(lit(a),) for a in anchors], alias="a", columns=[ANCHOR])
    entities = None if entities is ALL else entities if entities is not None else vq.query.entities
    pk_type = sql_type(graph.table(vq.entity_table).column(vq.entity_key).dtype)
    if isinstance(entities, exp.Table):
        source, key = entities.copy().as_("v", quoted=True), col(ENTITY, "v")
    elif entities is not None:
        rows = exp.values([(exp.cast(lit(v), pk_type),) for v in entities], alias="v", columns=[ENTITY])
        source, key = rows, col(ENTITY, "v")
    else:
        source, key = table(vq.entity_table, "v"), col(vq.entity_key, "v")
    return (
        exp.select(key.as_(ENTITY, quoted=True), col(ANCHOR, "a"))
        .distinct()
        .from_(source)
        .join(anchor_rows, join_type="cross")
        .where(exp.not_(key.is_(exp.null())))
    )


def lag_seed(seed_name: str, amount: int, unit: str) -> exp.Select:
    """The pairs of the relation `seed_name` at their anchor less `amount` `unit` (a lagged target's), each with
    its own anchor as KNOWN_AT: a lag reads what is known at the anchor of the row it is a feature of."""
    shifted = shift(col(ANCHOR), -amount, unit).as_(ANCHOR, quoted=True)
    return exp.select(col(ENTITY), shifted, col(ANCHOR).as_(KNOWN_AT, quoted=True)).from_(exp.to_table(seed_name))


def label_rows(vq: ValidQuery, graph: Graph, seed: exp.Query) -> exp.Select:
    """Every seed pair with TARGET and the three flags (see module docstring)."""
    return _LabelCompiler(vq, graph).compile(seed)


def labels(vq: ValidQuery, graph: Graph, seed: exp.Query) -> exp.Select:
    """Only the pairs a model may learn from: flags all true and a non-NULL label."""
    rows = label_rows(vq, graph, seed)
    keep = exp.and_(*(col(f) for f in FLAGS), exp.not_(col(TARGET).is_(exp.null())))
    return (
        exp.select(col(ENTITY), col(ANCHOR), col(TARGET))
        .from_(rows.subquery("l"))
        .where(keep)
        .order_by(col(ANCHOR), col(ENTITY))
    )


def exists_at(tab, anchor: exp.Expression, alias: str | None = None) -> exp.Expression:
    """Whether a row of the entity table `tab` exists at `anchor`: it has a key, started at or before it (no
    start time: always there) and has not ended (no end time: not ended). A row dated ahead of when it is written
    (`Table.written_by`: an event by its start, written when announced) exists from its writing: a ticketing
    trial's events on sale were never predicted, nor were they examples, until they had begun."""
    exists = exp.not_(col(tab.primary_key, alias).is_(exp.null()))
    if tab.time_column:
        start = time_of(tab, tab.written_by or tab.time_column, alias, cast=False)
        exists = exp.and_(exists, exp.or_(start.is_(exp.null()), exp.LTE(this=start, expression=anchor)))
    if tab.end_columns:
        end = end_of(tab, alias, cast=False)
        exists = exp.and_(exists, exp.or_(end.is_(exp.null()), exp.GT(this=end, expression=anchor)))
    return false_if_null(exists)


def created_by(tab, anchor: exp.Expression, alias: str | None = None) -> exp.Expression | None:
    """Whether a row of `tab` existed by `anchor` (its time at or before it); None for a table with no time, whose
    rows always exist: a row two hops away created after the anchor (an item bought before its release) is unread."""
    if not tab.time_column:
        return None
    return exp.LTE(this=time_of(tab, tab.time_column, alias), expression=anchor)


def ended_by(tab, anchor: exp.Expression, alias: str | None = None) -> exp.Expression:
    """Whether a row of `tab` (with end columns) ended at or before `anchor`."""
    end = end_of(tab, alias, cast=False)
    return exp.and_(exp.not_(end.is_(exp.null())), exp.LTE(this=end, expression=anchor))


def end_of(tab, alias: str | None = None, cast: bool = True) -> exp.Expression:
    """When a row of `tab` ended: its end time column, or the first of its end columns to be set (LEAST skips
    NULLs); NULL while it goes on."""
    ends = [time_of(tab, c, alias, cast=cast) for c in tab.end_columns]
    return ends[0] if len(ends) == 1 else exp.func("LEAST", *ends)


class _LabelCompiler:
    def __init__(self, vq: ValidQuery, graph: Graph):
        self.vq, self.graph = vq, graph
        self.aggs: dict[ast.Aggregation, str] = {}  # structurally equal aggregations share one CTE
        taken = set(graph.tables)
        self.seed_name = _fresh("rfm_seed", taken)
        self.agg_prefix = _fresh("rfm_agg", taken)

    def compile(self, seed: exp.Query) -> exp.Select:
        q = self.vq.query
        self.known_at = col(KNOWN_AT, "s") if KNOWN_AT in seed.named_selects else None
        target = self.target(q.target)
        passes_filter = compile_condition(q.entity_filter, self.filter_operand) if q.entity_filter else exp.true()
        passes_assuming = compile_condition(q.assuming, self.operand) if q.assuming else exp.true()
        s = "s"
        select = (
            exp.select(
                col(ENTITY, s),
                col(ANCHOR, s),
                target.as_(TARGET, quoted=True),
                passes_filter.as_(FLAGS[0], quoted=True),
                passes_assuming.as_(FLAGS[1], quoted=True),
                self.entity_exists().as_(FLAGS[2], quoted=True),
            )
            .from_(exp.to_table(self.seed_name).as_(s))
            .join(*self.entity_row(), join_type="left")
        )
        for name in self.aggs.values():
            select = select.join(exp.to_table(name), on=same_pair(name), join_type="left")
        select = select.with_(self.seed_name, as_=seed.copy(), copy=False)  # see compile.features
        for agg, name in self.aggs.items():
            select = select.with_(name, as_=self.aggregate(agg), copy=False)
        return select

    def entity_row(self) -> tuple[exp.Expression, exp.Expression]:
        """The entity's row `e` and its join: as of the anchor where a child table logs a column's changes, so an
        entity filter on it is evaluated at the anchor (compile.entity_asof); today's row for a static target."""
        tab = self.graph.table(self.vq.entity_table)
        return entity_asof.join(self.graph, tab, self.seed_name, today=self.vq.static)

    # -- target and conditions -------------------------------------------------------------------------
    def target(self, node) -> exp.Expression:
        operand = self.static_operand if self.vq.static and self.known_at is not None else self.operand
        if isinstance(node, (ast.Aggregation, ast.ColumnRef)) and self.vq.task_type.value != "binary":
            target = operand(node)
        else:
            target = compile_condition(node, operand)
        if self.vq.static and (still_open := self.still_open(node)) is not None:
            target = exp.Case(ifs=[exp.If(this=still_open, true=exp.null())], default=target)
        return target

    def static_operand(self, node) -> exp.Expression:
        """`operand` for a static target's context label: a date of the entity's row later than the seed's KNOWN_AT
        reads as NULL, as a copy of the database taken then holds it (`follows.unfollowed_at IS NOT NULL` labelled
        the follows open at a past anchor by unfollows after it: a podcast trial's backtest 0.72 where predictions
        from a copy scored 0.47); dates set ahead are known then."""
        value = self.operand(node)
        if not isinstance(node, ast.ColumnRef):
            return value
        tab = self.graph.table(node.table)
        if tab.column(node.column).stype is not SType.TIMESTAMP or known_ahead(tab, node.column):
            return value
        return unknown_after(tab, node.column, "e", value, self.known_at)

    def still_open(self, node) -> exp.Expression | None:
        """Whether a static target's entity row is in an open state that a later date moves rows out of ('pending'
        until its adjudicated_at; graph/filled_later) where the target reads a column filled in with that date:
        its answer is not known yet, so the row is no example but one to predict (None: the target reads no such
        column). A pharmacy trial's pending claims were learnt as not rejected, and predicted at 0.0006 where a
        tenth of them were rejected later."""
        tab = self.graph.table(self.vq.entity_table)
        read = {n.column for n in ast.walk(node) if isinstance(n, ast.ColumnRef) and n.table == tab.name}
        dates = filling_dates(tab, read)
        still_open = [
            exp.In(this=exp.cast(col(column, "e"), "VARCHAR"), expressions=[exp.Literal.string(v) for v in values])
            for column, values in tab.open_values
            if filling_dates(tab, [column]) & dates  # its own open states, or a sibling's moved by the same date
        ]
        return exp.or_(*still_open) if still_open else None

    def operand(self, node) -> exp.Expression:
        if isinstance(node, ast.ColumnRef):
            return utc_naive(self.graph.table(node.table).column(node.column).dtype, col(node.column, "e"))
        name = self.aggs.setdefault(node, f"{self.agg_prefix}_{len(self.aggs)}")
        value = col("value", name)
        if node.func in _ZERO_WHEN_EMPTY:
            return exp.func("COALESCE", value, exp.Literal.number(0))
        if node.column.is_star:
            return value
        dtype = self.graph.table(node.column.table).column(node.column.column).dtype
        if node.func == "LIST_DISTINCT":
            return utc_naive_list(dtype, value)
        return utc_naive(dtype, value) if node.func in _SAME_TYPE else value

    def filter_operand(self, node: ast.ColumnRef | ast.Aggregation) -> exp.Expression:
        """`operand`, but a date of the entity's row reads as NULL where it lies after the anchor: the entity
        filter sees data up to the anchor only (PQL.md). `WHERE employees.terminated_at IS NULL` kept no employee
        who left later at any past anchor, so a backtest scored none of them, and `WHERE loans.returned_at IS
        NULL` kept only the loans never returned: whether one comes back in time was then known, AUROC 0.998
        where it is 0.8. Dates set ahead (`graph.ahead`: a check-in or due date, by name or data) are known at
        the anchor and read as they are, unless they end the row (expires_at)."""
        value = self.operand(node)
        if not isinstance(node, ast.ColumnRef):
            return value
        tab = self.graph.table(node.table)
        if node.column in dict(tab.filled_with):  # a state a later date fills in, as it stood at the anchor
            return state_at(tab, node.column, "e", value, col(ANCHOR, "s"))
        if tab.column(node.column).stype is not SType.TIMESTAMP or known_ahead(tab, node.column):
            return value
        return unknown_after(tab, node.column, "e", value, col(ANCHOR, "s"))

    def entity_exists(self) -> exp.Expression:
        return exists_at(self.graph.table(self.vq.entity_table), col(ANCHOR, "s"), "e")

    # -- one aggregation -------------------------------------------------------------------------------
    def aggregate(self, agg: ast.Aggregation) -> exp.Select:
        tab = self.graph.table(agg.column.table)
        fkey = self.vq.fkey(tab.name)
        w, anchor, time = agg.window, col(ANCHOR, "s"), time_of(tab, tab.time_column, "f", cast=False)
        on = [exp.EQ(this=col(fkey, "f"), expression=col(ENTITY, "s"))]
        if w.start is not None:
            on.append(exp.GT(this=time, expression=shift(anchor, w.start, w.unit)))
        on.append(exp.LTE(this=time, expression=shift(anchor, w.end, w.unit)))
        # what the rows' later dates and filled columns may say: an input's window (the entity filter's, closing at
        # or before the anchor) only what is known at its close, as every input; a label's what is known at the
        # seed's KNOWN_AT, or all of it (module docstring)
        bound = shift(anchor.copy(), w.end, w.unit) if w.end <= 0 else self.known_at
        value = aggregate_value_of(self.graph, agg)
        if bound is not None:  # a column filled in later (an answer's score) as it is known then (compile.filled_later)
            value = known_by(tab, value, "f", bound, unset=True)
        select = (
            exp.select(col(ENTITY, "s"), col(ANCHOR, "s"), value.as_("value", quoted=True))
            .from_(exp.to_table(self.seed_name).as_("s"))
            .join(table(tab.name, "f"), on=exp.and_(*on))
            .group_by(col(ENTITY, "s"), col(ANCHOR, "s"))
        )
        if agg.filter is not None:  # its dates as known by the same bound
            until = None if bound is None else bound.copy()
            select = select.where(compile_condition(agg.filter, fact_operand(self.graph, "f", until)))
        return select


def fact_operand(graph: Graph, alias: str, until: exp.Expression | None = None):
    """The operand function of a target filter: a column of the aggregated table's row `alias`; a date or
    timestamp of it later than `until` reads as NULL (not known yet): `COUNT(loans.* WHERE loans.defaulted_at IS
    NOT NULL, 0, 90, days)` read defaults written after the prediction anchor into the context's labels; and so
    does a column filled in with a later date (compile.filled_later.known_by)."""

    def operand(ref: ast.ColumnRef) -> exp.Expression:
        tab = graph.table(ref.table)
        value = utc_naive(tab.column(ref.column).dtype, col(ref.column, alias))
        if until is None:
            return value
        if tab.column(ref.column).stype is SType.TIMESTAMP:
            return unknown_after(tab, ref.column, alias, value, until)
        # a column filled in with a later date (a booking's status, 'cancelled' with its cancelled_at) as known by
        # then: a context label counted the bookings its window made that were cancelled after the anchor it serves
        return known_by(tab, value, alias, until, unset=True)

    return operand


def unknown_after(tab, column: str, alias: str, value: exp.Expression, bound: exp.Expression) -> exp.Expression:
    """`value` (the date `column` of row `alias`, as read), NULL where that date lies after `bound`: not known yet."""
    later = exp.GT(this=time_of(tab, column, alias, cast=False), expression=bound.copy())
    return exp.Case(ifs=[exp.If(this=later, true=exp.null())], default=value)


def aggregate_value_of(graph: Graph, agg: ast.Aggregation, where: exp.Expression | None = None) -> exp.Expression:
    """`agg`'s aggregate over the rows of its table, aliased `f` (no window); over the rows that pass `where`
    only, when given (a FILTER on the aggregate itself, inside any cast)."""
    tab = graph.table(agg.column.table)
    if agg.column.is_star:
        return filtered(exp.Count(this=exp.Star()), where)
    x = col(agg.column.column, "f")
    func = agg.func
    if func == "SUM":
        return exp.cast(
            filtered(exp.Sum(this=x), where),
            "BIGINT" if is_integer_type(tab.column(agg.column.column).dtype) else "DOUBLE",
        )
    simple = {"COUNT": exp.Count, "AVG": exp.Avg, "MIN": exp.Min, "MAX": exp.Max}
    if func in simple:
        return filtered(simple[func](this=x), where)
    if func == "COUNT_DISTINCT":
        return filtered(exp.Count(this=exp.Distinct(expressions=[x])), where)
    if func in ("FIRST", "LAST"):
        # earliest / latest non-NULL value by time; ties broken by the primary key
        order = [exp.PropertyEQ(this=ident("t"), expression=time_of(tab, tab.time_column, "f", cast=False))]
        order.append(exp.PropertyEQ(this=ident("k"), expression=col(tab.primary_key or agg.column.column, "f")))
        fn = exp.ArgMin if func == "FIRST" else exp.ArgMax
        not_null = exp.not_(x.is_(exp.null()))
        return filtered(
            fn(this=x, expression=exp.Struct(expressions=order)), exp.and_(not_null, where) if where else not_null
        )
    if func == "LIST_DISTINCT":
        values = exp.ArraySort(this=exp.ArrayDistinct(this=filtered(exp.ArrayAgg(this=x), where)))
        empty = exp.EQ(this=filtered(exp.Count(this=x), where), expression=exp.Literal.number(0))
        return exp.Case(ifs=[exp.If(this=empty, true=exp.null())], default=values)
    raise AssertionError(f"unhandled aggregation {func}")  # the grammar admits no other


def _fresh(base: str, taken: set[str]) -> str:
    name, i = base, 0
    while name in taken:
        i += 1
        name = f"{base}{i}"
    return name
