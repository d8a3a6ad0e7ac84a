"""A table's columns filled in with a later date of its row (`Table.filled_with`, graph/filled_later.py: an
enrolment's score, set when it is completed) read as NULL where that date is not known at the anchor: after it, or
not set yet; a column filled in once its row is old enough (`Table.matures`, graph/maturing.py: a final grade) reads
as NULL on a row younger than that at the anchor. The row itself exists from its time column on, so its other
columns are read as they are.

The features' SQL reads a table's rows beside the seed `s` (ENTITY, ANCHOR_TIMESTAMP), or beside a relation of the
anchors alone (the peers' statistics), in one SELECT: each such SELECT's reads of a filled column are masked by the
anchor of the same row, wherever the feature comes from, except in the labels of lagged targets (their own WITH):
those read it as known at their seed's KNOWN_AT (`known_by`, compile.labels), the anchor of the row they are a
feature of, as the context's labels read it as known at the anchor they serve."""

from __future__ import annotations

from sqlglot import exp

from rfm_sql.compile.sqlutil import ANCHOR, col, days_between, lit, table, time_of
from rfm_sql.graph import Graph, Table, is_integer_type, running
from rfm_sql.graph.aging import UNITS

SEED = "s"  # the alias the feature builders give the seed pairs
# of the rows in an open state today, the share one must hold for a row closed since to be read in it at an anchor
DOMINANT = 0.8
ROUNDED = 6  # decimals a rewound number keeps (`rewound`)


def masked(select: exp.Select, graph: Graph) -> exp.Select:
    """`select` with every read of a filled column, in a SELECT that also reads the seed `s`, masked as above."""
    filled = {name: masked_columns(tab) for name, tab in graph.tables.items() if masked_columns(tab)}
    if not filled:
        return select
    for scope in list(select.find_all(exp.Select)):
        if _nested(scope, select):
            continue
        tables = [t for t in _sources(scope) if isinstance(t, exp.Table)]
        aliases = {t.alias_or_name for t in tables}
        anchored = {c.table for c in scope.find_all(exp.Column) if c.name == ANCHOR and c.table in aliases}
        at = SEED if SEED in aliases else min(anchored, default=None)  # the seed, or a relation of anchors (peers)
        if at is None:
            continue
        read = {t.alias_or_name: t.name for t in tables if t.name in filled and not t.args.get("db")}
        for column in list(scope.find_all(exp.Column)):
            tab = read.get(column.table)
            if tab is None or column.name not in filled[tab] or column.find_ancestor(exp.Select) is not scope:
                continue
            value = known_by(graph.table(tab), column.copy(), column.table, col(ANCHOR, at))
            column.replace(rewound(graph, tab, column, value, col(ANCHOR, at)))
    return select


def rewound(graph: Graph, name: str, column: exp.Column, read: exp.Expression, at: exp.Expression) -> exp.Expression:
    """`read` (the value of `column`, of a row of table `name`) as it stood at `at` where the column is kept up to
    date by a child table's rows (`Table.rewound`, graph/running.py): less what the child's rows after `at` added; or
    where it counts the time since the row's date (`Table.aging`, graph/aging.py): the time up to `at` at most."""
    tab = graph.table(name)
    aging = dict(tab.aging)
    if column.name in aging:
        days = days_between(time_of(tab, tab.time_column, column.table), at.copy())
        units = exp.Div(this=days, expression=exp.Literal.number(UNITS[aging[column.name]] / 86400))
        return exp.func("LEAST", exp.cast(read, "DOUBLE"), exp.Floor(this=units))
    kept = {c: rest for c, *rest in tab.rewound}
    if column.name not in kept:
        return read
    child_name, fkey, measure, slope = kept[column.name]
    child, alias = graph.table(child_name), "rfm_rewound"
    added = running.measured(measure, alias)
    key = col(graph.table(name).primary_key, column.table)
    after = exp.GT(this=time_of(child, child.written_by or child.time_column, alias), expression=at.copy())
    since = (
        exp.select(added)
        .from_(table(child_name, alias))
        .where(exp.and_(exp.EQ(this=col(fkey, alias), expression=key), after))
    )
    moved = exp.Mul(
        this=exp.Literal.number(slope), expression=exp.func("COALESCE", since.subquery(), exp.Literal.number(0))
    )
    # rounded: a float sum taken off leaves a residue (-2e-13 for 0) only where rows came after `at`, which a solar
    # trial's quotes read as "will be installed" (backtest AUROC 0.01 above honest); a count, to a whole number (a
    # slope of 0.92 left a fraction on every row with rows to come); + 0.0 turns -0.0 into 0.0
    difference = exp.Sub(this=exp.cast(read, "DOUBLE"), expression=moved)
    whole = measure == running.STAR or isinstance(measure, tuple) or is_integer_type(tab.column(column.name).dtype)
    places = 0 if whole else ROUNDED  # a count: whole
    return exp.Paren(this=exp.Add(this=exp.func("ROUND", difference, lit(places)), expression=lit(0.0)))


def filling_dates(tab: Table, columns) -> set[str]:
    """The later dates that fill any of `columns` of `tab` (Table.filled_with)."""
    return {d for c, d in tab.filled_with if c in columns}


def filled_at(tab: Table, column: str, alias: str | None) -> exp.Expression:
    """When a filled column of row `alias` got its value: its date, or the last of its dates set (a club shipment's
    status, 'shipped' at its shipped_at or 'skipped' at its skipped_at; an order's 'delivered' came with its
    delivered_at, not its shipped_at); NULL where none is."""
    dates = [time_of(tab, d, alias) for c, d in tab.filled_with if c == column]
    return dates[0] if len(dates) == 1 else exp.func("GREATEST", *dates)


def known_by(
    tab: Table, expression: exp.Expression, alias: str, at: exp.Expression, unset: bool = False
) -> exp.Expression:
    """`expression` with each filled column of `tab`'s row `alias` read as NULL where its date is after `at` or not
    set: a value as it was known at `at` (compile.labels: a context label's or a lag's KNOWN_AT). `unset`: where the
    date is not set, as it stands (a label's: an appointment 'attended' has no date, and counts where a filter asks
    for it; a feature reads it NULL, as it does the states still open, 'pending', that the rows answered later had)."""
    filled, matures = {c for c, _ in tab.filled_with}, dict(tab.matures)

    def mask(node: exp.Expression) -> exp.Expression:
        if isinstance(node, exp.Column) and node.table == alias and node.name in filled:
            when = filled_at(tab, node.name, alias)
            known = exp.LTE(this=when, expression=at.copy())
            if unset:
                known = exp.Paren(this=exp.or_(known, when.copy().is_(exp.null())))
            return exp.Case(ifs=[exp.If(this=known, true=node.copy())])
        if isinstance(node, exp.Column) and node.table == alias and node.name in matures:  # old enough by `at`
            age = days_between(time_of(tab, tab.time_column, alias), at.copy())
            known = exp.GTE(this=age, expression=exp.Literal.number(matures[node.name]))
            return exp.Case(ifs=[exp.If(this=known, true=node.copy())])
        return node

    return expression.transform(mask) if filled or matures else expression


def state_at(tab: Table, column: str, alias: str, value: exp.Expression, at: exp.Expression) -> exp.Expression:
    """`value` (filled column `column` of `tab`'s row `alias`) as the row stood at `at`, for an entity filter: where
    its date lies after `at` the row was still open then, so a category with open states (`Table.open_values`)
    reads its own where it is open still (a date set ahead that has not come: a lease on 'notice'), else the one
    DOMINANT of the rows still open today hold ('in_shelter' beside a few 'in_foster'; of a project's bid, awarded,
    in_progress and near complete none is: NULL, as any other column, not known yet; and NULL where some rows close
    with no date at all); as it stands where the date is set by `at`, or not set at all (still open today). An
    animal shelter trial's `WHERE animals.status = 'in_shelter'` kept, at each past anchor, only the animals still
    there today: mean P .075 of an adoption within 30 days, where 47% were adopted."""
    open_states = dict(tab.open_values).get(column)
    then = exp.null()
    if open_states:  # the rows in an open state today are the rows still open (a lease 'active' till its end_date)
        states = [lit(v) for v in open_states]
        is_open = exp.In(this=exp.cast(col(column), "VARCHAR"), expressions=states)
        n_open = exp.select(exp.Count(this=exp.Star())).from_(table(tab.name)).where(is_open.copy()).subquery()
        dominant = exp.GTE(this=exp.Count(this=exp.Star()), expression=exp.Mul(this=lit(DOMINANT), expression=n_open))
        commonest = exp.select(col(column)).from_(table(tab.name)).where(is_open).group_by(col(column))
        commonest = commonest.having(dominant).limit(1).subquery()
        # a row open still (its date set ahead: a lease on notice till its end_date) is read in its own open state
        own = exp.In(this=exp.cast(value.copy(), "VARCHAR"), expressions=[v.copy() for v in states])
        # where rows also close with no date (an inquiry 'lost' beside 'converted' with its converted_at), which rows
        # closed after the anchor is not told: reading only the dated ones as open kept those that converted
        dates = [time_of(tab, d, None).is_(exp.null()) for c, d in tab.filled_with if c == column]
        undated = exp.select("1").from_(table(tab.name)).where(exp.and_(exp.not_(is_open.copy()), *dates))
        closed = exp.Exists(this=undated.limit(1))
        then = exp.Case(
            ifs=[exp.If(this=own, true=value.copy()), exp.If(this=closed, true=exp.null())], default=commonest
        )
    return exp.Case(
        ifs=[exp.If(this=exp.GT(this=filled_at(tab, column, alias), expression=at), true=then)], default=value
    )


def masked_columns(tab: Table) -> set[str]:
    """The columns of `tab` read as of the anchor: filled in later, maturing, rewound or counting time."""
    rewound = {c for c, *_ in tab.rewound} | {c for c, _ in tab.aging}
    return {c for c, _ in tab.filled_with} | {c for c, _ in tab.matures} | rewound


def _nested(scope: exp.Select, root: exp.Select) -> bool:
    """Whether `scope` lies in (or is) a query with a WITH of its own below `root`: a label's SQL (the lagged
    targets' windows, compile.labels), whose seed `s` holds shifted anchors and whose target reads every row of
    its window as PQL defines it."""
    node = scope
    while node is not None and node is not root:
        if isinstance(node, exp.Select) and (node.args.get("with_") or node.args.get("with")) is not None:
            return True
        node = node.parent
    return False


def _sources(scope: exp.Select) -> list[exp.Expression]:
    """The relations a SELECT reads directly: its FROM and its JOINs."""
    from_ = scope.args.get("from") or scope.args.get("from_")
    out = [from_.this] if from_ is not None else []
    return out + [j.this for j in scope.args.get("joins") or []]
