"""Columns filled in once their row is old enough, with no date of their own: an enrolment's final grade, posted a
few days after its term ends (the term's end is in another table, or nowhere). At a past anchor the row is read,
and without a word it reads the grade posted after the anchor: a school trial's withdrawal backtest read the
current term's grades, NULL only where the student left later, at AUROC 0.956 where predicting from a copy of the
database taken at the anchor read 0.564.

A column matures at the age A (days after its row's time) where A is the age of the youngest of the rows it is set
on, less the few set early (the QUANTILE of their ages), the older rows have it set on DONE_SHARE of them at least,
the rows younger than A (MIN_OPEN at least) on under CONTRAST times that share (a column NULL at random is as often
set on the youngest rows as on the others), and A is a day or more.
Ages are taken from the table's latest row, or where its rows are written ahead of their time (`Table.written_by`: an
event booked months ahead, its final headcount set when it is held) from the database's present, and A may be under
a day there: such a row is read from its writing, before its time (a catering trial's headcount_final, aged from the
furthest booking, was read as filled in 296 days after the event, never read for the latest ten months). Such a
column (`Table.matures`) reads as NULL on a row younger than A at the anchor (compile.filled_later), as a copy of the
database taken then held it. Columns filled with a date of
their row (graph/filled_later.py) are read by that date instead. Inferred from the data at each attach."""

from __future__ import annotations

from dataclasses import replace

import duckdb
from sqlglot import exp

from rfm_sql.compile.sqlutil import col, count_where, days_between, filtered, lit, table, time_of
from rfm_sql.graph.model import SType, Table

QUANTILE = 0.01  # of the rows the column is set on, by age: a few set early do not move A
CONTRAST = 0.2  # the share of the rows younger than A it is set on, at most, against the older rows' share
DONE_SHARE = 0.5  # of the older rows on which it is set, at least (a dropped enrolment has no grade)
MIN_OPEN = 10  # rows younger than A, at least
MIN_DAYS = 1.0
MAX_COLUMNS = 40  # per table: one scan
KINDS = (SType.NUMERICAL, SType.CATEGORICAL, SType.TEXT)


def marked(con, tables: dict[str, Table], present=None) -> dict[str, Table]:
    """`tables` with `matures` set where a column is filled in once its row is old enough, as above. `present`: the
    database's present (graph.ahead.present), where told."""
    out = dict(tables)
    for name, tab in tables.items():
        try:
            found = _maturing(con, tab, present if tab.written_by else None)
        except duckdb.Error:  # a view that cannot be read here, an odd type: nothing is marked
            found = ()
        if found:
            out[name] = replace(tab, matures=found)
    return out


def _maturing(con, tab: Table, present=None) -> tuple[tuple[str, float], ...]:
    if tab.time_column is None or tab.column(tab.time_column).unit is not None:
        return ()
    filled = {c for c, _ in tab.filled_with}
    columns = [
        c.name
        for c in tab.columns
        if c.stype in KINDS and c.name not in filled and c.name not in (tab.primary_key, tab.time_column)
    ][:MAX_COLUMNS]
    if not columns:
        return ()
    t = time_of(tab, tab.time_column)
    latest = exp.select(exp.Max(this=t.copy())).from_(table(tab.name)).subquery() if present is None else lit(present)
    aged = exp.select(days_between(t.copy(), latest).as_("rfm_age"), *[col(c) for c in columns])
    aged = aged.from_(table(tab.name)).where(exp.not_(t.copy().is_(exp.null())))
    quantile = exp.func("QUANTILE_CONT", col("rfm_age", "r"), exp.Literal.number(QUANTILE))
    ages = exp.select(
        *[filtered(quantile.copy(), exp.not_(col(c, "r").is_(exp.null()))).as_(f"a{i}") for i, c in enumerate(columns)]
    ).from_(aged.subquery("r"))
    counts = []
    for i, c in enumerate(columns):
        young = exp.LT(this=col("rfm_age", "r"), expression=col(f"a{i}", "q"))
        has = exp.not_(col(c, "r").is_(exp.null()))
        counts += [
            exp.Max(this=col(f"a{i}", "q")),
            count_where(young),
            count_where(exp.and_(young.copy(), has)),
            count_where(exp.not_(young.copy())),
            count_where(exp.and_(exp.not_(young.copy()), has.copy())),
        ]
    query = exp.select(*counts).from_(aged.subquery("r")).join(ages.subquery("q"), join_type="cross")
    row = con.execute(query.sql("duckdb")).fetchall()[0]
    found, least = [], MIN_DAYS if present is None else 0.0
    for i, c in enumerate(columns):
        days, n_young, young_set, n_old, old_set = row[5 * i : 5 * i + 5]
        if (
            days is not None
            and days >= least
            and n_young >= MIN_OPEN
            and old_set >= DONE_SHARE * n_old > 0
            and young_set / n_young <= CONTRAST * old_set / n_old
        ):
            found.append((c, round(float(days), 3)))
    return tuple(found)
