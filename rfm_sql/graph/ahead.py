"""Dates set ahead of what they name: a booking's check-in date, an invoice's due date. They are written with the
row, before the day they name, so a row that exists at an anchor already holds them: features read them as days
to go and filters read them as they are. Any other date of a row is written when what it names happens (a loan's
returned_at, a fine's paid_at) and reads as not known yet where it lies after the anchor.

A date is set ahead where its name says so (`names.scheduled_name`: due, planned, eta, ...) or where the data
does: some of its values lie beyond the database's present (the latest time of any table's time column) by more
than AHEAD_MARGIN, which no record of something that happened can (AHEAD_ROWS of them at least, and AHEAD_SHARE
of the column's values, so that a mistyped year is not enough), unless its name says something happened
(`names.event_name`: returned_at, paid_at: a late export can put those beyond the other tables' last rows) or that
it is rewritten as time goes on (`names.moving_name`: valid_until, next_billing_at: today's value would tell the
renewals after a past anchor), unless its data shows it written once with its row (`_set_once`: a vaccination's
next_due_on, 365 days after it). A hotel trial's check_in_date was read as unknown for every booking whose stay was
ahead: the lead time, the best sign of a cancellation, was lost (AUROC 0.76 where 0.87 was there). The mark is
inferred from the data at each attach; a graph file holds it ("set_ahead"), so a pinned graph pins it (which
moving dates are set once is inferred at each attach, and a date a graph file does not set ahead is not)."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import duckdb
from sqlglot import exp

from rfm_sql.compile.sqlutil import col, filtered, lit, shift, table, time_of
from rfm_sql.graph import names
from rfm_sql.graph.known import known_ahead  # noqa: F401  (its home before graph/known.py)
from rfm_sql.graph.model import SType, Table, is_time_type

AHEAD_ROWS = 3
# rows beyond the present that a write date at or before it, on nearly every row, shows written ahead: one will do
# (a school's terms, a club's tournaments, announced a season ahead: 11 and 38 rows, one or two ahead at a time)
WRITTEN_ROWS = 1
AHEAD_SHARE = 0.001
# beyond the present by more than this: a record of what happened may trail the last row of every time column by
# a few days (returns logged after the last loan of an export), a date set ahead leads it by weeks
AHEAD_MARGIN = dt.timedelta(days=7)
# one table's end this far past all others' is worth a word (runtime.table_ends), and tables' ends this far past
# the median of all tables' ends are no present (`present_of`)
LONE_END = dt.timedelta(days=30)
# a row's write date by its name's words (their beginnings), on this share of rows at least, after its time on no more
WRITTEN = ("creat", "request", "book", "placed", "submit", "order", "reserv", "regist", "enter", "record", "insert")
WRITTEN += ("announc", "catalog", "publish", "post")  # a program announced ahead of its start, a title catalogued
# before it is out, a shift rota published two weeks ahead (a daycare trial predicted from the last shift's start)
WRITTEN += ("report", "logged")  # a site closure reported weeks before it starts (a campground trial)
WRITTEN_SHARE = 0.99
SET_ONCE_ROWS, SET_ONCE_OFFSETS, SET_ONCE_SHARE, SET_ONCE_SLOPE = 50, 3, 0.8, 0.1  # `_set_once`


def rewritten(tab: Table, column: str) -> bool:
    """Whether `tab.column` is a date rewritten as what it names recurs (`names.rewritten_name`: last_active_at,
    next_billing_at), today's state that a row's features never read; not one its data shows is set once with
    the row (`set_once`: a vaccination's next_due_on); or a date set ahead its data shows pushed on (`_pushed`)."""
    return (names.rewritten_name(column, tab.column_names) and column not in tab.set_once) or column in tab.pushed


def marked(con, tables: dict[str, Table]) -> dict[str, Table]:
    """`tables` with each date column that has values beyond the database's present marked `ahead`."""
    timed = [t for t in tables.values() if t.time_column]
    if not timed:
        return tables
    try:
        present = _present(con, timed)
        if present is None:
            return tables
        return {name: _marked(con, tab, present) for name, tab in tables.items()}
    except duckdb.Error:  # a view that cannot be read here is no reason to fail: nothing is marked
        return tables


def present(con, tables: dict[str, Table]):
    """The database's present (`_present`) of `tables`; None where none has a time column or none can be told."""
    timed = [t for t in tables.values() if t.time_column]
    return _present(con, timed) if timed else None


def _present(con, timed: list[Table]):
    """The database's present (`present_of`) from each table's latest time, or where the time column runs more than
    AHEAD_MARGIN past the latest date its rows were written by (`write_dates`: a booking's booked_at), that date: a
    coworking trial's bookings, starting up to 14 days past the rest of its data, made that the present (its
    static targets predicted from it, its bookings' write dates never found)."""
    parts = []
    for tab in timed:
        t = time_of(tab, tab.time_column)
        end = exp.Max(this=t)
        for w in write_dates(tab)[:1]:
            written = exp.Max(this=time_of(tab, w))
            leads = exp.GT(this=end.copy(), expression=shift(written, AHEAD_MARGIN.days, "days"))
            end = exp.Case(ifs=[exp.If(this=leads, true=written.copy())], default=end)
        parts.append(exp.select(end.as_("t")).from_(table(tab.name)).where(exp.func("isfinite", t.copy())))
    union = parts[0]
    for part in parts[1:]:
        union = exp.union(union, part, distinct=False)
    ends = [v for (v,) in con.execute(union.sql("duckdb")).fetchall() if v is not None]
    # a time past year 9999 comes back as text (a mistyped year): no present to measure against, nothing marked
    if not ends or not all(isinstance(v, dt.datetime | dt.date) for v in ends):
        return None
    return present_of([_as_datetime(v) for v in ends])


def present_of(ends: list[dt.datetime]) -> dt.datetime:
    """The database's present from its tables' latest times: the latest of those within LONE_END of their median.
    Tables whose own times run ahead (albums and their tracks dated by release, announced two months ahead) are
    no present: a streaming trial's trial end dates, a month past the last play, were read as not known yet."""
    ordered = sorted(ends, reverse=True)
    middle = ordered[(len(ordered) - 1) // 2]
    return max(e for e in ordered if e - middle <= LONE_END)


def _with_written_by(con, tab: Table, present) -> Table:
    """`tab` with its `written_by`: where its time column runs ahead of the present as a date set ahead does (a
    leave's start_date, an appointment's slot: rows written before the time they name), the date each row is
    written by, named for a write (`WRITTEN`: requested_at, created_at, booked_on), on nearly every row, never
    beyond the present and never after the time column (compile.scheduled counts a window's rows written by the
    anchor). Only a name says a date is the row's write: a date before the time column can be one that happened
    before the row was written (an incident before its claim), which would read rows not written yet."""
    dates = write_dates(tab)
    if tab.time_column is None or not is_time_type(tab.column(tab.time_column).dtype) or not dates:
        return tab
    t, beyond = time_of(tab, tab.time_column), lit(present + AHEAD_MARGIN)
    selects = [exp.Count(this=exp.Star()), filtered(exp.Count(this=exp.Star()), exp.GT(this=t, expression=beyond))]
    # a DATE names its whole day: an emergency closure starting today is reported later today, not after its start
    day = shift(t.copy(), 1, "days") if tab.column(tab.time_column).dtype.upper() == "DATE" else t
    for name in dates:
        w = time_of(tab, name)
        late = exp.or_(exp.GT(this=w, expression=day.copy()), exp.GT(this=w.copy(), expression=beyond.copy()))
        selects += [exp.Count(this=w.copy()), filtered(exp.Count(this=exp.Star()), late)]
    n, ahead, *counts = con.execute(exp.select(*selects).from_(table(tab.name)).sql("duckdb")).fetchall()[0]
    if ahead < WRITTEN_ROWS or ahead < AHEAD_SHARE * n:
        return tab
    for name, known, late in zip(dates, counts[::2], counts[1::2], strict=True):
        if known >= WRITTEN_SHARE * n and late <= (1 - WRITTEN_SHARE) * known:
            return replace(tab, written_by=name)
    return tab


def write_dates(tab: Table) -> list[str]:
    """The date columns of `tab` named for a row's write (`WRITTEN`), other than its time and end columns."""
    return [
        c.name
        for c in tab.columns
        if c.stype is SType.TIMESTAMP
        and c.name not in (tab.time_column, *tab.end_columns)
        and is_time_type(c.dtype)
        and any(w.startswith(WRITTEN) for w in names.words(names.stripped(c.name, tab.column_names)))
    ]


def _as_datetime(value) -> dt.datetime:
    return value if isinstance(value, dt.datetime) else dt.datetime(value.year, value.month, value.day)


def _marked(con, tab: Table, present) -> Table:
    tab = _with_written_by(con, tab, present)
    dates = [
        c for c in tab.columns if c.stype is SType.TIMESTAMP and c.name != tab.time_column and is_time_type(c.dtype)
    ]
    if not dates:
        return tab
    selects = []
    for c in dates:
        t = time_of(tab, c.name)
        beyond = exp.Filter(
            this=exp.Count(this=exp.Star()),
            expression=exp.Where(this=exp.GT(this=t, expression=lit(present + AHEAD_MARGIN))),
        )
        selects += [beyond, exp.Count(this=t.copy())]
    counts = con.execute(exp.select(*selects).from_(table(tab.name)).sql("duckdb")).fetchall()[0]
    ahead = {
        c.name
        for c, n_beyond, n in zip(dates, counts[::2], counts[1::2], strict=True)
        if n_beyond >= AHEAD_ROWS and n_beyond >= AHEAD_SHARE * n
    }
    if not ahead:
        return tab
    columns = tuple(replace(c, ahead=True) if c.name in ahead else c for c in tab.columns)
    # an end set ahead (a lease's terminated_on, at notice) is further from the row's time on old rows by survival
    pushed = tuple(
        c for c in sorted(ahead) if not names.end_name(c, tab.column_names) and _pushed(con, tab, c, present)
    )
    return replace(tab, columns=columns, set_once=_set_once(con, tab, sorted(ahead), present), pushed=pushed)


def _pushed(con, tab: Table, name: str, present) -> bool:
    """Whether a date set ahead is pushed on as time goes on, whatever its name: over SET_ONCE_ROWS rows at least,
    its days after the row's time grow with the row's age by a slope over SET_ONCE_SLOPE (a rental's due_back_on,
    moved a term on at each re-enrolment: 0.40 a day; an invoice's due_on: 0.0). Its value today tells, at a past
    anchor, who stayed on: a music-school trial's churn backtested at AUROC 0.70 reading it where predictions on
    copies of the database as it stood read 0.62."""
    if tab.time_column is None or not is_time_type(tab.column(tab.time_column).dtype):
        return False
    offset, age, both = _lead(tab, name, present)
    fit = exp.select(exp.func("REGR_SLOPE", offset, age), exp.Count(this=exp.Star())).from_(table(tab.name))
    try:  # an engine without one of these functions (Spark runs the same SQL): the date is not judged
        slope, n = con.execute(fit.where(both).sql("duckdb")).fetchall()[0]
    except duckdb.Error:
        return False
    return n >= SET_ONCE_ROWS and slope is not None and slope > SET_ONCE_SLOPE


def _set_once(con, tab: Table, ahead: list[str], present) -> tuple[str, ...]:
    """Of the dates set ahead whose name says they move (`names.moving_name`, `names.rewritten_name`:
    next_due_on), those the data shows are written once with the row: on SET_ONCE_SHARE of rows at least, the days
    from the row's time to the date are one of SET_ONCE_OFFSETS values (a vaccine due 365 days after it is given, or
    28 for a puppy), hardly ever negative, held by the rows younger than the commonest of them as by the older ones
    (a valid_until pushed on a year at a renewal holds 730 days only on rows over a year old, however rare the
    renewals), and they do not grow with the row's age (a slope of at most SET_ONCE_SLOPE). A veterinary trial's
    next_due_on was never read: no input said which pets were due for a vaccine."""
    said = [c for c in ahead if names.moving_name(c, tab.column_names)]  # every rewritten name is a moving one
    if tab.time_column is None or not said or not is_time_type(tab.column(tab.time_column).dtype):
        return ()
    out = []
    for name in said:
        try:  # an engine without one of these functions (Spark runs the same SQL): the date is not judged
            if is_time_type(tab.column(name).dtype) and _written_once(con, tab, name, present):
                out.append(name)
        except duckdb.Error:
            continue
    return tuple(out)


def _lead(tab: Table, name: str, present) -> tuple[exp.Expression, exp.Expression, exp.Expression]:
    """(days from a row's time to its date `name`, the row's age in days at `present`, whether both days are there:
    NULL or 'infinity' give none), the terms `_written_once` and `_pushed` read a date set ahead by."""
    day = exp.Var(this="DAY")
    t, d = exp.cast(col(tab.time_column), "DATE"), exp.cast(col(name), "DATE")
    offset = exp.DateDiff(this=d, expression=t, unit=day)
    age = exp.DateDiff(this=exp.cast(lit(present), "DATE"), expression=t.copy(), unit=day.copy())
    return offset, age, exp.and_(exp.func("isfinite", t.copy()), exp.func("isfinite", d.copy()))


def _written_once(con, tab: Table, name: str, present) -> bool:
    """`_set_once`'s tests of one date `name` of `tab`."""
    offset, age, both = _lead(tab, name, present)
    counts = exp.select(offset.as_("o"), exp.Count(this=exp.Star()).as_("n")).from_(table(tab.name))
    groups = con.execute(counts.where(both).group_by("o").order_by("n DESC").sql("duckdb")).fetchall()
    groups = [(o, k) for o, k in groups if o is not None]
    n = sum(k for _, k in groups)
    top = dict(groups[:SET_ONCE_OFFSETS])
    if n < SET_ONCE_ROWS or sum(top.values()) < SET_ONCE_SHARE * n or sum(k for o, k in groups if o < 0) > 0.01 * n:
        return False
    slope = exp.select(exp.func("REGR_SLOPE", offset.copy(), age.copy())).from_(table(tab.name)).where(both.copy())
    (fit,) = con.execute(slope.sql("duckdb")).fetchall()[0]
    if fit is None or fit > SET_ONCE_SLOPE:  # shrinking is no renewal: older rows of a kind with a shorter one
        return False
    young = exp.and_(both.copy(), exp.LT(this=age.copy(), expression=lit(max(top, key=top.get))))
    by_young = dict(con.execute(counts.copy().where(young).group_by("o").sql("duckdb")).fetchall())
    n_young = sum(by_young.values())
    if min(n_young, n - n_young) < SET_ONCE_ROWS:  # no rows old enough to be renewed, or none to compare with
        return n_young == n
    for o, k in top.items():  # each offset of note as common on the young rows as on the old (a third at least)
        young_share, old_share = by_young.get(o, 0) / n_young, (k - by_young.get(o, 0)) / (n - n_young)
        if k >= 0.05 * n and young_share < old_share / 3:
            return False
    return True
