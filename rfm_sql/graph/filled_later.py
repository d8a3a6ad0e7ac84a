"""Columns filled in when a later date of their row is set: a course enrolment's score, written when its
completed_at is; a ticket's resolution code, with its resolved_at. The row is dated by its time column (the
enrolment), so at a past anchor it is read, and without a word it would read the score it got after the anchor: an
HR trial's salary-raise predictions moved on 166 of 1,490 employees when the scores not known at the anchor were
blanked, and the score's mean was the top input of an explanation. Such a column (`Table.filled_with`) reads as
NULL where its date lies after the anchor (compile.filled_later).

A column is filled with a date where, over the table's rows, it is NULL on nearly every row whose date is NULL
(FILLED_SHARE) and set on most rows whose date is set (DONE_SHARE: a rentals trial's requests have a cost on 90% of
the resolved ones, on none open; a backtest read the cost of requests resolved after its anchor), and the date is
NULL on some rows (MIN_OPEN of them: the rows still open); a number's 0 is read as unset too (a payout's
amount_paid, 0 until its paid_at). A category is also filled with a date where no value it takes on a row with the
date set is one it takes on a row without (MIN_OPEN rows of each) and a value of the latter is young, far more
common on the newest rows than on older ones: today's state, an open one rows leave, whose value moved when the date
was set (a renewal offer 'pending' until its responded_at, then 'accepted' or 'declined': a rentals trial read every
answer given after the anchor); and so is every other category apart by the same date (a booking's is_cancelled
beside its status, 'confirmed' until cancelled_at). Not a type whose rows alone get the date (travel policies, the
only ones with an end_date, are as common at every age). A category apart by a date that names something that
happened is filled with it too, young or not (`_event_state`: a pet's status 'deceased', set with its deceased_at; a
club shipment's 'shipped' or 'skipped', none 'scheduled' at the data's end), by a date that ends its row first and
by another only where no rule above gives it one. Like a filled column it reads NULL until its date: where the date
is not set, a state still open ('pending') would tell the rows whose date comes later from the others. Dates set
ahead (graph/ahead.py) and the time column are known from the row's start and are never such a date; nor is one
rewritten as what it names recurs (`names.rewritten_name`: a permits trial's contractors.pass_rate read NULL at
every past anchor for the contractors who applied after it, by their last_application_at, a sign of the activity to
predict). Inferred from the data at each attach, like the dates set ahead."""

from __future__ import annotations

import contextlib
from dataclasses import replace

import duckdb
from sqlglot import exp

from rfm_sql.compile.sqlutil import col, count_where, filtered, lit, table
from rfm_sql.graph import ahead, maturing, names, passing
from rfm_sql.graph.ahead import known_ahead, rewritten
from rfm_sql.graph.model import SType, Table

FILLED_SHARE = 0.98  # of the rows without the date on which the column is NULL
# ... or 0, for a number: an invoice paid in instalments holds part of its amount before its paid_at (a freight
# trial's: 0 on 93% of the unpaid ones)
ZERO_SHARE = 0.9
DONE_SHARE = 0.5  # of the rows with it on which it is set: not every resolved request has a cost
MIN_OPEN = 10
KINDS = (SType.NUMERICAL, SType.CATEGORICAL, SType.TEXT)  # what a feature reads of a row's values
NEWEST = 0.1  # of the table's time span: where an open state is (_young)
YOUNG = 5.0  # times as common on the newest rows as on the older ones
EXPECTED = 5  # rows of the newest with the value, at least
MAX_PAIRS = 60  # (column, date) pairs counted per table: one scan


def marked(con, tables: dict[str, Table]) -> dict[str, Table]:
    """`tables` with `filled_with` set where a column is filled with a later date of its row, as above, or moved by
    one as it passes (graph/passing.py), and `matures` where one is filled in once its row is old enough
    (graph/maturing.py)."""
    now = None
    with contextlib.suppress(duckdb.Error):  # a view that cannot be read here is no reason to fail: none marked
        tables = {name: _marked(con, tab) for name, tab in tables.items()}
        now = ahead.present(con, tables)
        tables = {name: passing.marked(con, tab, now) for name, tab in tables.items()}
    return maturing.marked(con, tables, now)  # and the columns filled in with no date of their row


def _marked(con, tab: Table) -> Table:
    if tab.time_column is None:
        return tab
    dates = [
        c.name
        for c in tab.columns
        if c.stype is SType.TIMESTAMP
        and c.name != tab.time_column
        and not known_ahead(tab, c.name)
        and not rewritten(tab, c.name)  # a last_application_at marks no fill: it moves on
    ]
    values = [c.name for c in tab.columns if c.stype in KINDS]
    pairs = [(v, d) for d in dates for v in values][:MAX_PAIRS]
    if not pairs:
        return tab
    categories = {c.name for c in tab.columns if c.stype is SType.CATEGORICAL}
    numbers = {c.name for c in tab.columns if c.stype is SType.NUMERICAL}
    selects = []
    for v, d in pairs:
        open_, has = col(d).is_(exp.null()), exp.not_(col(v).is_(exp.null()))
        # a number set as 0 until its date (an amount_paid, a payout's): its rows with a value other than 0
        nonzero = exp.and_(has.copy(), exp.NEQ(this=exp.cast(col(v), "DOUBLE"), expression=lit(0)))
        selects += [
            count_where(open_),
            count_where(exp.and_(open_.copy(), has)),
            count_where(exp.not_(open_.copy())),
            count_where(has.copy()),
            *(count_where(c) if v in numbers else lit(0) for c in (exp.and_(open_.copy(), nonzero), nonzero.copy())),
            # a category's distinct values without the date, with it and in all (others: not counted, 0)
            *(
                _distinct(v, where) if v in categories else exp.Literal.number(0)
                for where in (open_.copy(), exp.not_(open_.copy()), None)
            ),
        ]
    counts = con.execute(exp.select(*selects).from_(table(tab.name)).sql("duckdb")).fetchall()[0]
    found, apart, named = set(), [], set()  # (column, date) filled in with it; categories apart by a date
    for i, (v, d) in enumerate(pairs):
        n_open, open_set, n_done, n_set, open_nonzero, n_nonzero, values_open, values_done, values = counts[
            9 * i : 9 * i + 9
        ]
        done_set = n_set - open_set  # rows with the date whose column is set
        if _filled(n_open, open_set, n_done, done_set) or (
            v in numbers and _filled(n_open, open_nonzero, n_done, n_nonzero - open_nonzero, ZERO_SHARE)
        ):
            found.add((v, d))
        elif (  # a category whose values with the date and without it are apart: a state the date may have moved
            v in categories
            and min(open_set, done_set) >= MIN_OPEN
            and min(values_open, values_done) > 0
            and values_open + values_done == values
        ):
            apart.append((v, d))
            if _event_state(tab, d, done_set, values_done):  # by an end first, then by another event's date
                (found if d in tab.end_columns else named).add((v, d))
    young = {}  # (category, date) -> its young values: the open states the date moves rows out of
    if apart:  # a date that moved a young state moves every category apart by it (a booking's is_cancelled too)
        newest = _newest(con, tab)
        young = {(v, d): open_ for v, d in apart if newest is not None and (open_ := _young(con, tab, v, d, newest))}
        moving = {d for _, d in young}
        found |= {(v, d) for v, d in apart if d in moving}
    filled = []  # every date that fills a column (it holds what the last of them set); an event's date only where
    for marks in (found, named):  # no other rule gives the column one
        done = {f for f, _ in filled}
        filled += [(v, d) for v, d in pairs if (v, d) in marks and v not in done]
    if not filled:
        return tab
    leaving: dict[str, set[str]] = {}  # each column's young values, by any of its dates
    for v, d in filled:
        if (v, d) in young:
            leaving.setdefault(v, set()).update(young[v, d])
    still_open = tuple((v, tuple(sorted(values))) for v, values in leaving.items())
    filled += _with_open_state(con, tab, filled, still_open)  # and what is written as the state moves on
    return replace(tab, filled_with=tuple(filled), open_values=still_open)


def _with_open_state(con, tab: Table, filled: list, still_open: tuple) -> list[tuple[str, str]]:
    """(column, date) for each column not filled yet that is NULL on the rows in a category's open state and set on
    nearly every other row (FILLED_SHARE each way): it is written when the state moves on, with the category's dates
    (a consultation's amount_charged, NULL while it is 'booked', a fee once held, missed or cancelled, which no one
    date sets: a telehealth trial's context learnt the charges of visits still to come as none, its revenue per
    patient 14% low at a past anchor)."""
    done = {v for v, _ in filled}
    others = [c.name for c in tab.columns if c.stype in KINDS and c.name not in done]
    if not (still_open and others):
        return []
    category, states = still_open[0]
    state = exp.In(this=exp.cast(col(category), "VARCHAR"), expressions=[lit(v) for v in states])
    counts = [count_where(state.copy()), count_where(exp.not_(state.copy()))]
    for v in others:
        unset = col(v).is_(exp.null())
        counts += [count_where(exp.and_(state.copy(), unset)), count_where(exp.and_(exp.not_(state.copy()), unset))]
    n_open, n_other, *nulls = con.execute(exp.select(*counts).from_(table(tab.name)).sql("duckdb")).fetchall()[0]
    dates = [d for v, d in filled if v == category]
    out = []
    for k, v in enumerate(others):
        open_unset, other_unset = nulls[2 * k], nulls[2 * k + 1]
        if n_open >= MIN_OPEN and open_unset >= FILLED_SHARE * n_open and other_unset <= (1 - FILLED_SHARE) * n_other:
            out += [(v, d) for d in dates]
    return out


def _filled(n_open: int, open_set: int, n_done: int, done_set: int, unset: float = FILLED_SHARE) -> bool:
    """Whether a column set on `open_set` of the `n_open` rows without a date and on `done_set` of the `n_done` with it
    is filled in with the date: unset on nearly every row without it (`unset` of them), set on most rows with it
    (MIN_OPEN rows open)."""
    return n_open >= MIN_OPEN and open_set <= (1 - unset) * n_open and done_set >= DONE_SHARE * n_done > 0


def _event_state(tab: Table, date: str, done_set: int, values_done: int) -> bool:
    """Whether a category apart by `date` (above) is the row's state that the date moved: `date` is named for
    something that happened (deceased_at, shipped_at: not a policy's end_date, known from its start), and the rows
    that have it hold few values, on MIN_OPEN rows each on average at least (not a name per row). A veterinary
    trial's pets.status read 'deceased' at every past anchor for the pets that died after it (backtest AUROC 0.86
    against 0.82 honest); its other values, 'active' and 'inactive' (no visit in 540 days), are today's too. A
    winery's club shipments, each 'scheduled' until shipped or skipped and none left so at the data's end, read
    their outcome a month ahead (accuracy 0.815 against 0.703 honest)."""
    return names.event_name(date, tab.column_names) and done_set >= MIN_OPEN * values_done


def _newest(con, tab: Table) -> exp.Expression | None:
    """The condition a row is among the newest NEWEST share of `tab`'s time span; None for an epoch column."""
    t = col(tab.time_column)
    first, last = con.execute(
        exp.select(exp.Min(this=t), exp.Max(this=t.copy())).from_(table(tab.name)).sql("duckdb")
    ).fetchall()[0]
    if first is None or not hasattr(first, "year"):  # an epoch column: no newest tenth told here
        return None
    return exp.GT(this=t.copy(), expression=lit(last - (last - first) * NEWEST))


def _young(con, tab: Table, column: str, date: str, new: exp.Expression) -> set[str]:
    """The values `column` holds on rows without `date` that are young: on the rows of the newest NEWEST share of the
    table's time span at least YOUNG times as often as on the older ones (EXPECTED rows at least). An open state is
    ('pending' on the latest offers, none older: they were answered since); a type whose rows never get the date is
    as common at every age (an insurer's policies: only travel ones have an end_date). `new`: `_newest`."""
    v = col(column)
    counts = (
        exp.select(
            exp.cast(v.copy(), "VARCHAR").as_("value"),
            count_where(exp.and_(new.copy(), col(date).is_(exp.null()))).as_("new_open"),
            count_where(new.copy()).as_("new"),
            count_where(exp.and_(exp.not_(new.copy()), col(date).is_(exp.null()))).as_("old_open"),
            count_where(exp.not_(new.copy())).as_("old"),
        )
        .from_(table(tab.name))
        .where(exp.not_(v.is_(exp.null())))
        .group_by(v.copy())
    )
    rows = con.execute(counts.sql("duckdb")).fetchall()
    n_new, n_old = sum(r[2] for r in rows), sum(r[4] for r in rows)  # the rows of each age, whatever their value
    if not (n_new and n_old):
        return set()
    return {value for value, new, _, old, _ in rows if new >= EXPECTED and new / n_new >= YOUNG * old / n_old}


def _distinct(column: str, condition: exp.Expression | None) -> exp.Expression:
    """The number of distinct values of `column` over the rows where `condition` holds (all rows: None)."""
    return filtered(exp.Count(this=exp.Distinct(expressions=[col(column)])), condition)
