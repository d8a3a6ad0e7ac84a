"""The entity's row as it stood at each anchor, for the features: a column whose changes a child table logs
(`Table.logged_in`, graph/change_logs.py: an employee's level, a customer's plan) reads the `before` value of the
first logged change after the anchor, or today's value where none came after. The later log rows are read to
undo what was written after the anchor: the row reads what a copy of the database taken at the anchor held."""

from __future__ import annotations

from sqlglot import exp

from rfm_sql.compile.sqlutil import ANCHOR, ENTITY, col, ident, table, time_of

AT = "RFM_AT"  # the anchor a row of the relation stands at


def join(graph, tab, seed: str, alias: str = "e", today: bool = False) -> tuple[exp.Expression, exp.Expression]:
    """(relation aliased `alias`, its join condition to the seed pairs `s`): `tab` itself, joined on its key, or,
    where it has logged columns (and not `today`: a static target's row), its rows as of each pair's anchor
    (`rows_at`)."""
    if today or not logged(graph, tab):
        return table(tab.name, alias), on(tab, alias, as_of=False)
    return rows_at(graph, tab, seed).subquery(alias), on(tab, alias, as_of=True)


def on(tab, alias: str = "e", as_of: bool = True) -> exp.Expression:
    """The join of `tab`'s rows (`alias`) to the seed pairs `s`: on its key, and on the anchor for `rows_at`."""
    key = exp.EQ(this=col(tab.primary_key, alias), expression=col(ENTITY, "s"))
    return exp.and_(key, exp.EQ(this=col(AT, alias), expression=col(ANCHOR, "s"))) if as_of else key


def logged(graph, tab) -> list[tuple]:
    """`tab.logged_in`, less the logs whose link the graph no longer has (`rfm.graph.unlink`)."""
    links = {(lk.child, lk.fkey) for lk in graph.children(tab.name)}
    return [entry for entry in tab.logged_in if (entry[1], entry[2]) in links and entry[1] in graph.tables]


def rows_at(graph, tab, seed: str) -> exp.Select:
    """`tab`'s columns per seed pair, its logged ones as of the pair's anchor, and AT: the anchor."""
    entries = logged(graph, tab)
    by_log: dict[tuple[str, str], list[tuple]] = {}
    for entry in entries:
        by_log.setdefault((entry[1], entry[2]), []).append(entry)
    values = {}
    select = exp.select().from_(exp.to_table(seed).as_("s"))
    select = select.join(table(tab.name, "e"), on=exp.EQ(this=col(tab.primary_key, "e"), expression=col(ENTITY, "s")))
    for i, ((log_name, fkey), group) in enumerate(by_log.items()):
        log, alias = graph.table(log_name), f"l{i}"
        order = exp.Struct(
            expressions=[
                exp.PropertyEQ(this=ident("t"), expression=time_of(log, log.time_column, "c")),
                exp.PropertyEQ(
                    this=ident("k"), expression=col(log.primary_key, "c") if log.primary_key else exp.Literal.number(0)
                ),
            ]
        )
        firsts = [
            exp.ArgMin(this=col(before, "c"), expression=order.copy()).as_(f"b{j}")
            for j, (*_, before, _) in enumerate(group)
        ]
        later = (
            exp.select(col(ENTITY, "s"), col(ANCHOR, "s"), *firsts)
            .from_(exp.to_table(seed).as_("s"))
            .join(
                table(log.name, "c"),
                on=exp.and_(
                    exp.EQ(this=col(fkey, "c"), expression=col(ENTITY, "s")),
                    exp.GT(this=time_of(log, log.time_column, "c"), expression=col(ANCHOR, "s")),
                ),
            )
            .group_by(col(ENTITY, "s"), col(ANCHOR, "s"))
        )
        select = select.join(
            later.subquery(alias),
            on=exp.and_(
                exp.EQ(this=col(ENTITY, alias), expression=col(ENTITY, "s")),
                exp.EQ(this=col(ANCHOR, alias), expression=col(ANCHOR, "s")),
            ),
            join_type="left",
        )
        for j, (column, *_) in enumerate(group):
            changed = exp.not_(col(ENTITY, alias).is_(exp.null()))  # a change after the anchor: its `before`
            # in the entity column's type: a log may keep the value in another one (a level as text)
            before = exp.TryCast(
                this=col(f"b{j}", alias), to=exp.DataType.build(tab.column(column).dtype, dialect="duckdb")
            )
            values[column] = exp.Case(ifs=[exp.If(this=changed, true=before)], default=col(column, "e"))
    outputs = [(values.get(c.name) or col(c.name, "e")).as_(c.name, quoted=True) for c in tab.columns]
    return select.select(*outputs, col(ANCHOR, "s").as_(AT, quoted=True)).distinct()
