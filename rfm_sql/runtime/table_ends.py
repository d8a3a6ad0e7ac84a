"""Where tables end: the latest timestamp of some tables, leaving out stray far-future rows, with a word when one
table runs far past the others (`latest`), and up to when a table is observed, which for one too sparse for its
silence to mean anything is the database's present (`observed`). The default anchor (`runtime.anchors`) and the
backtests' limit read them."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field

from sqlglot import exp

from rfm_sql.compile.sqlutil import lit, table, time_of, to_sql
from rfm_sql.errors import UserError
from rfm_sql.graph import Graph
from rfm_sql.graph.ahead import LONE_END
from rfm_sql.runtime.latest_row import latest_row
from rfm_sql.runtime.timestamps import to_timestamp

QUIET = 0.01  # a silence at least this likely at a table's own rate is no sign that its data stops (`observed`)
RATE_SPAN = dt.timedelta(days=365)  # the rate `observed` reads: over the table's last year of rows
BATCH_DAYS = 7  # a table whose rows fall on one day in this many, or fewer, comes in batches (`batch_period`)
YEAR = dt.timedelta(days=365)
SEASON_SHARE = 0.05  # of a silence's expected rows, at most, on the same days a year before: a season's end
SEASON_BEFORE = dt.timedelta(days=90)  # ... at the rate of the days before those
SEASON_ROWS = 20  # ... where that rate gives them this many rows at least


def _stored_time(value, table_) -> dt.datetime:
    """A timestamp read from `table_`'s time column. DuckDB hands one beyond year 9999 over as text, which is
    no anchor: most often an integer time column read in too small a unit (milliseconds as seconds)."""
    if not isinstance(value, str):
        return to_timestamp(value)
    column = table_.time_column
    unit = table_.column(column).unit
    why = (
        f"it is read as {dict(s='seconds', ms='milliseconds', us='microseconds')[unit]} since 1970; if it counts "
        f"smaller units, set the right one: graph.set_time_column({table_.name!r}, {column!r}, unit='ms' or 'us')"
        if unit
        else "fix or delete the rows with such times, or choose another time column with graph.set_time_column("
        f"{table_.name!r}, ...)"
    )
    raise UserError(f"{table_.name}.{column} holds times beyond year 9999 (up to {value}): {why}.", param=None)


@dataclass(frozen=True)
class Latest:
    """The latest timestamp of some tables, and a note on the stray rows left out of it (None: none were)."""

    time: dt.datetime | None
    note: str | None = None
    ends: dict = field(default_factory=dict)  # each table's latest time, by "table.time_column"


def latest(cur, graph: Graph, tables, lone: bool = False) -> Latest:
    """The latest timestamp over the time columns of `tables`, not counting strays: infinite timestamps and
    ones further beyond the bulk of their column (its 99th percentile) than the bulk's whole span (1st to
    99th percentile). A mistyped year (2204 for 2024) or a sentinel date ('9999-12-31', 'infinity') would
    otherwise become the default anchor: every label window after it empty, every prediction "nothing
    happens", and a backtest there that looks excellent. A real column ends where its rows thin out, well
    inside that margin. `lone`: also a note when one table runs far past the others (`_lone_end`)."""
    best, strays, ends = None, [], {}
    for name in tables:
        table_ = graph.tables[name]
        kept, count, first, last = latest_row(cur, graph, name)
        if kept is not None:
            kept = _stored_time(kept, table_)
            best = kept if best is None or kept > best else best
            ends[f"{name}.{table_.time_column}"] = kept
        if count:
            when = f"dated {first}" if first == last else f"dated from {first} to {last}"
            strays.append(f"{name}.{table_.time_column}: {count:,} row{'s' if count > 1 else ''} {when}")
    notes = [_lone_end(ends)] if lone and len(ends) > 1 else []
    if strays and best is not None:
        notes.insert(
            0,
            f"Left out of the default anchor as far beyond the rest of their column (a mistyped year or a sentinel "
            f"date?): {'; '.join(strays)}. The default anchor is the latest other timestamp, {best}. Fix or "
            "delete those rows, or pass anchor_time=... to choose the anchor.",
        )
    notes = [n for n in notes if n]
    return Latest(best, " ".join(notes) if notes else None, ends)


def unwritten(graph: Graph, ends: dict) -> dict:
    """`ends` (`Latest.ends`) but those of tables whose rows are written by another date ahead of their time
    (`Table.written_by`: a booking's booked_at, its start up to weeks later): no present. A coworking trial's
    static targets were predicted as of its last booking's start, 14 days past the rest of its data."""
    return {k: t for k, t in ends.items() if not graph.table(k.split(".", 1)[0]).written_by}


def _lone_end(ends: dict[str, dt.datetime]) -> str | None:
    """A note when one table runs more than LONE_END past every other: the default anchor is then a time when
    the rest of the database holds nothing yet (rows dated ahead, or the other tables exported earlier)."""
    ordered = sorted(ends.items(), key=lambda kv: kv[1], reverse=True)
    (column, end), (other, next_end) = ordered[0], ordered[1]
    if end - next_end <= LONE_END:
        return None
    return (
        f"The default anchor {end} is the latest time of {column}; every other table ends by {next_end} "
        f"({other}), {(end - next_end).days} days earlier, so features that count recent rows read nothing there. "
        "If the data's present is earlier, pass anchor_time=...; if those rows are dated ahead, fix them."
    )


def observed(cur, graph: Graph, tables) -> Latest:
    """`latest` of `tables`, each observed up to the database's present (the latest time of the other tables)
    where the silence since its last row is unremarkable: a chance of QUIET or more at the table's own rate over
    its last year. A sparse table's last row is not where its data stops: 43 bans in two years, the last one 40
    days before the rest of the data ends, made "the next 30 days" start in the past of everything else, and a
    backtest refused the last 40 days, whose labels are real zeros.
    A busy table that goes quiet for as long (orders ending a week before the page views) was exported earlier:
    its last row stays its end, as `latest`'s. A table that runs on more than LONE_END past every other (planned
    appointments, dated ahead) is no present (`_present`)."""
    found = latest(cur, graph, tables)
    others = [n for n, t in graph.tables.items() if t.time_column and n not in tables]
    ends_of_others = unwritten(graph, latest(cur, graph, others).ends)  # no bookings' starts, written ahead
    present = _present(ends_of_others, found.time) if found.time is not None else None
    if present is None or present <= found.time:
        return found
    ends = []
    for name in tables:
        end = found.ends.get(f"{name}.{graph.tables[name].time_column}")
        if end is not None:
            ends.append(present if _quiet(cur, graph, name, end, present) else end)
    return Latest(max(ends), found.note, found.ends)


def _quiet(cur, graph: Graph, name: str, end: dt.datetime, present: dt.datetime) -> bool:
    """Whether table `name`, last row at `end`, comes in batches whose next is not due by `present`, or is sparse
    (under a row a day) and would have no rows until `present` with a chance of QUIET or more, at its rate over the
    RATE_SPAN up to `end`, or was as quiet over the same days a year before (`_quiet_a_year_before`)."""
    tab = graph.tables[name]
    t = time_of(tab, tab.time_column)
    recent = exp.and_(exp.GT(this=t, expression=lit(end - RATE_SPAN)), exp.LTE(this=t.copy(), expression=lit(end)))
    query = exp.select(
        exp.Filter(this=exp.Count(this=exp.Star()), expression=exp.Where(this=recent)), exp.Min(this=t.copy())
    )
    n, first = cur.execute(to_sql(query.from_(table(name)))).fetchall()[0]
    span = min(RATE_SPAN, end - to_timestamp(first)) if first is not None else RATE_SPAN
    rate = n / max(span.total_seconds() / 86400, 1.0)  # rows per day
    period = batch_period(cur, graph, [name])  # rows in batches (invoices on the 1st): quiet until the next is due
    if period and present - end < 1.2 * period:  # calendar months run to 31 days: a coworking trial's monthly
        return True  # invoices were predicted from the last batch, the next one's rows partly in the window
    if first is not None and _quiet_a_year_before(cur, tab, end, present, to_timestamp(first)):
        return True
    if rate >= 1:  # a table with rows every day ends at its last row, as PQL.md's default anchor says
        return False
    return math.exp(-rate * (present - end).total_seconds() / 86400) >= QUIET


def _quiet_a_year_before(cur, tab, end: dt.datetime, present: dt.datetime, first: dt.datetime) -> bool:
    """Whether the same days a year before the silence since `end` were as quiet: rows under SEASON_SHARE of what
    the table's rate over the SEASON_BEFORE days before them gives them (SEASON_ROWS at least). A season's end, not
    the data's (a farm co-op's input purchases stop from late October to January: its backtests were refused after
    October 23); not a table whose data began then, nor one busier now than a year ago (an export that ended early
    keeps its end)."""
    then = end - YEAR
    if first > then - SEASON_BEFORE:
        return False
    t = time_of(tab, tab.time_column)

    def rows(start: dt.datetime, stop: dt.datetime) -> int:
        inside = exp.and_(exp.GT(this=t.copy(), expression=lit(start)), exp.LTE(this=t.copy(), expression=lit(stop)))
        query = exp.select(exp.Count(this=exp.Star())).from_(table(tab.name)).where(inside)
        return cur.execute(to_sql(query)).fetchall()[0][0]

    rate = rows(then - SEASON_BEFORE, then) / SEASON_BEFORE.days  # rows a day before the year-ago silence
    expected = rate * (present - end).total_seconds() / 86400  # a silence that short says nothing either way
    return expected >= SEASON_ROWS and rows(then, present - YEAR) <= SEASON_SHARE * expected


def _present(others: dict[str, dt.datetime], own: dt.datetime) -> dt.datetime | None:
    """The latest of the other tables' ends, or the next where it runs more than LONE_END past every other end,
    the target's own included (appointments booked two months past the last login moved a sparse table's
    default anchor there)."""
    ordered = sorted([*others.values(), own], reverse=True)
    if len(ordered) > 1 and ordered[0] - ordered[1] > LONE_END:
        return ordered[1]
    return ordered[0]


def batch_period(cur, graph: Graph, tables) -> dt.timedelta:
    """How far apart the days `tables`' rows fall on, where they come in batches (one day in BATCH_DAYS or fewer over
    the RATE_SPAN up to each table's last row: invoices issued on the 1st), else zero: a table written monthly is
    a month past its last row most of the time, and a cloud host trial's anchor on the 1st read "30 days after the
    end of the data in invoices", whose advice predicted a month earlier than asked (and worse)."""
    gaps = [dt.timedelta(0)]
    for name in tables:
        tab = graph.tables[name]
        if tab.time_column is None:
            continue
        t = time_of(tab, tab.time_column)
        last = cur.execute(to_sql(exp.select(exp.Max(this=t.copy())).from_(table(name)))).fetchall()[0][0]
        if last is None or isinstance(last, str):
            continue
        last = to_timestamp(last)
        recent = exp.GT(this=t.copy(), expression=lit(last - RATE_SPAN))
        days = exp.Count(this=exp.Distinct(expressions=[exp.cast(t.copy(), "DATE")]))
        n, first = cur.execute(
            to_sql(exp.select(days, exp.Min(this=t.copy())).from_(table(name)).where(recent))
        ).fetchall()[0]
        span = last - to_timestamp(first) if first is not None else dt.timedelta(0)
        if n and n > 1 and span.days >= BATCH_DAYS * (n - 1):  # n days, n - 1 gaps: weekly rows are in batches
            gaps.append(span / (n - 1))
    return max(gaps)
