"""The entity's row as it stood at each anchor, for the features: a column whose changes a child table logs
(`Table.logged_in`, graph/change_logs.py: an employee's level, a customer's plan) reads the `before` value of the
first logged change after the anchor, or today's value where none came after; a meter its child's rows read off
(graph/meters.py), the last reading taken by then. The later log rows are read to undo what was written after the
anchor: the row reads what a copy of the database taken at the anchor held. A
history table's column (a version per row: change_logs.history) reads, where a version began after the anchor, the
latest version begun by then, or the first version where none had."""

from __future__ import annotations

from sqlglot import exp

from rfm_sql.compile.sqlutil import ANCHOR, ENTITY, col, ident, table, time_of
from rfm_sql.graph import meters
from rfm_sql.graph.change_logs import history

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


def logged_columns(graph, tab) -> set[str]:
    """The columns of `tab` a log or history table reads as of the anchor (`logged`): never today's state."""
    return {entry[0] for entry in logged(graph, tab)}


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
        rows = {"later": exp.GT, "earlier": exp.LTE}  # versions begun after the anchor, and by it
        picks = {"later": exp.ArgMin, "earlier": exp.ArgMax}  # the first after it, the latest by it
        kept = {}
        for when, after in rows.items():
            if when == "earlier" and not any(history(entry) or meters.reading(entry) for entry in group):
                continue
            picked = [
                picks[when](this=col(before, "c"), expression=order.copy()).as_(f"b{j}")
                for j, (*_, before, _) in enumerate(group)
            ]
            part = (
                exp.select(col(ENTITY, "s"), col(ANCHOR, "s"), *picked)
                .from_(exp.to_table(seed).as_("s"))
                .join(
                    table(log.name, "c"),
                    on=exp.and_(
                        exp.EQ(this=col(fkey, "c"), expression=col(ENTITY, "s")),
                        after(this=time_of(log, log.time_column, "c"), expression=col(ANCHOR, "s")),
                    ),
                )
                .group_by(col(ENTITY, "s"), col(ANCHOR, "s"))
            )
            kept[when] = f"{alias}{when[0]}"
            select = select.join(
                part.subquery(kept[when]),
                on=exp.and_(
                    exp.EQ(this=col(ENTITY, kept[when]), expression=col(ENTITY, "s")),
                    exp.EQ(this=col(ANCHOR, kept[when]), expression=col(ANCHOR, "s")),
                ),
                join_type="left",
            )
        for j, entry in enumerate(group):
            column, dtype = entry[0], exp.DataType.build(tab.column(entry[0]).dtype, dialect="duckdb")
            if meters.reading(entry):  # the last reading by the anchor; none yet: missing, never today's
                latest = exp.TryCast(this=col(f"b{j}", kept["earlier"]), to=dtype)
                values[column] = exp.Case(ifs=[exp.If(this=_has(kept["earlier"]), true=latest)], default=exp.Null())
                continue
            changed = exp.not_(col(ENTITY, kept["later"]).is_(exp.null()))  # a change after the anchor
            # in the entity column's type: a log may keep the value in another one (a level as text)
            value = exp.TryCast(this=col(f"b{j}", kept["later"]), to=dtype)  # its `before`, or the first version
            if history(entry):  # the latest version by the anchor, where there is one
                began = exp.not_(col(ENTITY, kept["earlier"]).is_(exp.null()))
                latest = exp.TryCast(this=col(f"b{j}", kept["earlier"]), to=dtype.copy())
                value = exp.Case(ifs=[exp.If(this=began, true=latest)], default=value)
            values[column] = exp.Case(ifs=[exp.If(this=changed, true=value)], default=col(column, "e"))
    outputs = [(values.get(c.name) or col(c.name, "e")).as_(c.name, quoted=True) for c in tab.columns]
    return select.select(*outputs, col(ANCHOR, "s").as_(AT, quoted=True)).distinct()


def _has(alias: str) -> exp.Expression:
    """Whether the pair has a row in the part `alias` joined to it."""
    return exp.not_(col(ENTITY, alias).is_(exp.null()))
