"""Anchor times: parsing what users pass, stepping back by a horizon, and the default anchors a query
predicts and backtests at."""

from __future__ import annotations

import datetime as dt
import warnings

from sqlglot import exp

from rfm_sql.compile.sqlutil import col, filtered, lit, table, time_of, to_sql
from rfm_sql.errors import NoExamplesError, RFMWarning, UserError
from rfm_sql.graph import Graph, is_time_type
from rfm_sql.graph.ahead import AHEAD_MARGIN, known_ahead, present_of
from rfm_sql.pql.tasks import TaskType
from rfm_sql.pql.validate import ValidQuery
from rfm_sql.pql.windows import horizon_window
from rfm_sql.runtime import filter_values
from rfm_sql.runtime.state_filter import state_filter_hint
from rfm_sql.runtime.table_ends import LONE_END, Latest, _lone_end, latest, observed, unwritten
from rfm_sql.runtime.timestamps import step_back, to_timestamp

WRITTEN_SHARE = 0.9  # of a target table's rows dated past every other table, written by their end: `_written_ahead`


def time_bound(cur, graph: Graph, tables, aggregate=exp.Max) -> dt.datetime | None:
    """The latest (exp.Max) or earliest (exp.Min) timestamp over the time columns of `tables`."""
    parts = [
        exp.select(aggregate(this=time_of(graph.tables[n], graph.tables[n].time_column)).as_("t")).from_(table(n))
        for n in tables
    ]
    if not parts:
        return None
    union = parts[0]
    for part in parts[1:]:
        union = exp.union(union, part, distinct=False)
    value = cur.execute(exp.select(aggregate(this=col("t"))).from_(union.subquery("m")).sql("duckdb")).fetchall()[0][0]
    return None if value is None else to_timestamp(value)


def default_anchor(cur, vq: ValidQuery, graph: Graph) -> dt.datetime:
    """The latest timestamp in the target's tables (static targets: in the whole database), leaving out stray
    far-future ones (`latest`), with an RFMWarning that names them."""
    found = default(cur, vq, graph)
    if found.note is not None:
        warnings.warn(found.note, RFMWarning, stacklevel=3)
    return found.time


def default(cur, vq: ValidQuery, graph: Graph) -> Latest:
    """`default_anchor`, with the note on the stray timestamps it left out instead of a warning."""
    tables = vq.target_tables or tuple(n for n, t in graph.tables.items() if t.time_column)
    # a temporal target: `staleness` warns of lone ends instead, and a sparse table runs to the present
    found = latest(cur, graph, tables, lone=True) if vq.static else observed(cur, graph, tables)
    if found.time is None:
        if vq.static:  # no time anywhere: a static target has nothing to be "as of"; use today
            today = dt.datetime.now(dt.UTC).date()
            return Latest(dt.datetime(today.year, today.month, today.day))
        # no anchor, default or given, has anything to learn from (plan.make_plan): say that, not "pass one"
        raise NoExamplesError(
            f"The target's table(s) {', '.join(tables)} have no rows with a timestamp, so there is nothing to "
            "learn from (and no default anchor time). Load the data first, or check the table's time column with "
            "rfm.graph."
        )
    if vq.static:
        return _static_present(cur, graph, tables, found)
    # each table's latest time, read once: the entity's table (its times: when entities began) only for the present
    every = latest(cur, graph, [n for n, tab in graph.tables.items() if tab.time_column]).ends
    ends = {k: t for k, t in every.items() if k.split(".", 1)[0] != vq.entity_table}
    written = _written_ahead(cur, graph, tables, found.time, every) or _scheduled(graph, tables, found.time, every)
    if written is not None:
        return Latest(written[0], " ".join(n for n in (found.note, written[1]) if n), found.ends)
    ahead = _ahead_of_the_rest(cur, graph, vq, tables, ends)
    notes = (found.note, ahead, _behind_the_rest(graph, vq, tables, found.time, ends))
    return Latest(found.time, " ".join(n for n in notes if n) or None, found.ends)


def _static_present(cur, graph: Graph, tables, found: Latest) -> Latest:
    """A static target's default anchor: the database's present (`present_of`: the latest table end within LONE_END
    of most tables' ends), not the end of tables that run on past it, dated ahead (titles by a publication announced
    months ahead, programs by their start): a library trial's members were predicted as of 53 days past the rest
    of its data, with no word, where two tables ran ahead (one that does alone is only noted, `_lone_end`)."""
    present = present_of(list(written.values())) if (written := unwritten(graph, found.ends)) else None
    if present is None or found.time is None or present >= found.time:
        return found
    ahead = {k: t for k, t in found.ends.items() if t > present and k in written}  # a write date says the others'
    strays = latest(cur, graph, tables).note  # without the lone-end note, which named the anchor not taken
    said = ", ".join(sorted(ahead)) + (" runs" if len(ahead) == 1 else " run")
    note = ahead and (
        f"{said} on past the rest of the database (to {max(ahead.values())}), dated ahead of what the other tables "
        f"record, so the default anchor is the database's present, {present}. Pass anchor_time=... to predict from "
        "another."
    )
    return Latest(present, " ".join(n for n in (strays, note) if n) or None, found.ends)


def _written_ahead(cur, graph: Graph, targets, end: dt.datetime, ends: dict) -> tuple[dt.datetime, str] | None:
    """(the database's present, a note) where the target's tables run on past every other table's latest time by
    over AHEAD_MARGIN with rows written by then (nearly all of those rows hold another date at or before it: a
    planned outage's announced_at): they are announced ahead of what they name, so the default anchor is the
    present, not their last date. A utility trial's outages in the next 30 days were predicted from three weeks
    past the data's end, with no word. `ends`: every table's latest time (`latest`)."""
    # another table running ahead too (titles dated by a publication announced ahead) is no present (`present_of`),
    # nor one whose rows are written ahead of their time (a daycare's shift rota, published two weeks ahead)
    others = [t for k, t in unwritten(graph, ends).items() if k.split(".", 1)[0] not in targets]
    present = present_of(others) if others else None
    if present is None or end - present <= AHEAD_MARGIN:
        return None
    for name in targets:
        tab = graph.table(name)
        dates = [c.name for c in tab.columns if c.name != tab.time_column and is_time_type(c.dtype)]
        if tab.time_column is None or not dates:
            continue
        beyond = exp.GT(this=time_of(tab, tab.time_column), expression=lit(present + AHEAD_MARGIN))
        counts = [exp.Count(this=exp.Star())]
        for c in dates:  # rows written by the present, the last of them near it: a date copied on each row is not
            counts.append(filtered(exp.Count(this=exp.Star()), exp.LTE(this=time_of(tab, c), expression=lit(present))))
            counts.append(exp.Max(this=time_of(tab, c)))
        n, *written = cur.execute(to_sql(exp.select(*counts).from_(table(name)).where(beyond))).fetchall()[0]
        for c, k, last in zip(dates, written[::2], written[1::2], strict=True):
            recent = last is not None and abs(to_timestamp(last) - present) <= LONE_END
            if n and (k or 0) >= WRITTEN_SHARE * n and recent:
                return present, (
                    f"{name} runs on to {end}, {(end - present).days} days past the rest of the database "
                    f"({present}): its {n:,} rows dated after that were written by then ({name}.{c}), ahead of "
                    f"what they name, so the default anchor is {present}, the database's present. Pass anchor_time "
                    "to predict from another."
                )
    return None


def _scheduled(graph: Graph, targets, end: dt.datetime, ends: dict) -> tuple[dt.datetime, str] | None:
    """(the database's present, a note) where a target table's time column is a date set ahead (by its data or
    name: a repayment's due date, a lesson's scheduled_at) and runs on past every other table's latest time by over
    AHEAD_MARGIN: its last rows are scheduled, not happened, so the default anchor is the present. A lending
    trial's missed payments in the next 30 days were predicted from the last due date, 15 days past the data's
    present (its rows hold no other date written by then, which `_written_ahead` looks for), with no word. Other
    tables dated ahead too (the repayments a view of them copies, terms published a season ahead) are no present."""

    def scheduled(name: str) -> bool:
        tab = graph.table(name)
        return tab.time_column is not None and known_ahead(tab, tab.time_column)  # by its data or its name

    kept = unwritten(graph, ends)
    others = [t for k, t in kept.items() if k.split(".", 1)[0] not in targets and not scheduled(k.split(".", 1)[0])]
    present = present_of(others) if others else None
    if present is None or end - present <= AHEAD_MARGIN:
        return None
    for name in targets:
        tab = graph.table(name)
        if scheduled(name):
            return present, (
                f"{name}.{tab.time_column} is set ahead of what it names and runs on to {end}, "
                f"{(end - present).days} days past the rest of the database ({present}): its last rows are "
                f"scheduled, so the default anchor is {present}, the database's present. Pass anchor_time to "
                "predict from another."
            )
    return None


def _behind_the_rest(graph: Graph, vq: ValidQuery, targets, anchor: dt.datetime, ends: dict) -> str | None:
    """A note where the target's tables end more than LONE_END before another table does: the
    default anchor is their last row, so "the next 30 days" is a window the rest of the database has long
    passed (devices installed per site, the last install 3.5 months before the readings end), and a target
    table that simply had no new rows since reads as if time had stopped there."""
    others = {k: t for k, t in ends.items() if k.split(".", 1)[0] not in targets}
    if not others:
        return None
    # tables running ahead of the rest (albums and tracks dated by release, announced ahead) are no present: a
    # streaming trial's every query advised the albums' last release, two months ahead of any play
    present = present_of(list(unwritten(graph, ends).values()) or list(ends.values()))
    column, end = max(((k, t) for k, t in others.items() if t <= present), key=lambda kv: kv[1], default=(None, anchor))
    if end - anchor <= LONE_END:  # not the horizon: enrollments 76 days behind a 90-day window went unsaid
        return None
    return (
        f"The default anchor {anchor} is the last row of {', '.join(targets)}; {column} runs on to {end}, "
        f"{(end - anchor).days} days later, so the predicted window starts in the past of the rest of the data. "
        f"If {', '.join(targets)} had no new rows since, pass anchor_time='{end}' to predict from the present."
    )


def _ahead_of_the_rest(cur, graph: Graph, vq: ValidQuery, targets, ends: dict) -> str | None:
    """`_lone_end`'s note where one of the target's tables runs far past every other table but the entity's
    (whose times are when entities began) and thins out there, its last horizon holding under half the rows of
    the one before (line items shipped for months after the last order), or its rows past the rest's present under
    half those of as long a span before it (rows scheduled ahead): the default anchor follows it to where the rest
    of the database holds nothing yet, and the newest label windows read a tail that is ending."""
    top = max(ends, key=ends.get, default=None)
    tab = next((graph.tables[n] for n in targets if f"{n}.{graph.tables[n].time_column}" == top), None)
    note = _lone_end(ends) if tab is not None and len(ends) > 1 else None
    if note is None:
        return None
    t = ends[top]
    edges = [step_back(t, vq.horizon, k) for k in (2, 1, 0)]
    # ... or holds, past the rest's present, under half the rows of as long a span before it: reminders scheduled
    # up to three months ahead, whose next 30 days were predicted from the last scheduled one, all 0, with no word
    present = max(v for k, v in ends.items() if k != top)
    span = t - present

    def rows_in(lo: dt.datetime, hi: dt.datetime) -> exp.Expression:
        at = time_of(tab, tab.time_column)
        inside = exp.and_(exp.GT(this=at, expression=lit(lo)), exp.LTE(this=at.copy(), expression=lit(hi)))
        return exp.Filter(this=exp.Count(this=exp.Star()), expression=exp.Where(this=inside))

    spans = (
        rows_in(edges[0], edges[1]),
        rows_in(edges[1], edges[2]),
        rows_in(present - span, present),
        rows_in(present, t),
    )
    before, last, rest_before, rest_after = cur.execute(to_sql(exp.select(*spans).from_(table(tab.name)))).fetchall()[0]
    return note if 2 * last < before or 2 * rest_after < rest_before else None


def resolve_anchor(cur, vq: ValidQuery, graph: Graph, anchor_time=None) -> dt.datetime:
    """The anchor a prediction is made at: `anchor_time` if given, else the default anchor."""
    return default_anchor(cur, vq, graph) if anchor_time is None else to_timestamp(anchor_time)


def backtest_anchor(cur, vq: ValidQuery, graph: Graph) -> dt.datetime:
    """The latest anchor whose labels are fully observed: one horizon before the data's end."""
    latest = default_anchor(cur, vq, graph)
    if not vq.horizon:
        return latest
    end = data_end(cur, vq, graph)  # earlier where an ASSUMING table ends before the target's
    return step_back(latest if end is None else min(latest, end), vq.horizon, 1)


def window_too_long(cur, vq: ValidQuery, graph: Graph) -> str | None:
    """Why no anchor can be labelled from history, when the target window (a forecast: all of its steps) is
    longer than the data it reads (the target tables' first timestamp to their last, late strays left out),
    else None. Then an anchor either has no history before it or a window that runs past the data's end, and
    "pass a later (or earlier) anchor_time" only leads to the opposite error: the fix is a shorter span."""
    return _too_long(vq, _data_span(cur, vq, graph))


def _too_long(vq: ValidQuery, span) -> str | None:
    if span is None or _windows_fit(vq, span, 1):
        return None
    (start, end), (amount, unit) = span, vq.horizon
    days = _days(start, end)
    if vq.task_type is TaskType.FORECASTING:
        what = f"{_window_words(vq).capitalize()} reach"
        fix = "forecast fewer timeframes (FORECAST k TIMEFRAMES with a smaller k) or use a shorter window"
    else:
        name = horizon_window(vq.query)
        what, fix = f"The {name} reaches", f"use a shorter {name}"
    return (
        f"{what} {amount} {unit} after the anchor, longer than all of the data in {', '.join(vq.target_tables)} "
        f"({start} to {end}, {days}), so no anchor has both history before it and an observed label window. To "
        f"fix: {fix}, well under {days} in all, so that several anchors fit."
    )


def too_long_to_backtest(cur, vq: ValidQuery, graph: Graph) -> str | None:
    """Why no backtest anchor works, when the target window (a forecast: all of its steps) fits in the data once
    but not twice, else None: a backtest anchor needs one window after it, observed, for its labels, and one
    before it for the context's, so "pass an anchor_time at or after X" (the context's need) and "at or before
    Y" (the labels') point past each other. `rfm.predict` needs the window only once."""
    return _once_only(vq, _data_span(cur, vq, graph))


def _once_only(vq: ValidQuery, span) -> str | None:
    if span is None or not _windows_fit(vq, span, 1) or _windows_fit(vq, span, 2):
        return None
    (start, end), (amount, unit) = span, vq.horizon
    half = _days(start, start + (end - start) / 2)
    what, fix = f"the {horizon_window(vq.query)} ({amount} {unit})", f"use a window under {half}"
    if vq.task_type is TaskType.FORECASTING:
        what = f"{_window_words(vq)} ({amount} {unit})"
        fix = f"forecast fewer timeframes or use a shorter window, under {half} in all"
    return (
        f"A backtest needs {what} twice within the data: once before its anchor for the context's labels and once "
        f"after it for the labels it scores, and the data in {', '.join(vq.target_tables)} ({start} to {end}, "
        f"{_days(start, end)}) holds it only once. To fix: {fix} (shorter still, so that several context anchors "
        "fit); predict (rfm.predict, rfm_predict) needs it only once."
    )


def _data_span(cur, vq: ValidQuery, graph: Graph) -> tuple[dt.datetime, dt.datetime] | None:
    """The first and last timestamps of a windowed target's tables (late strays left out), else None."""
    if vq.static or not vq.horizon or not vq.target_tables:
        return None
    start, end = time_bound(cur, graph, vq.target_tables, exp.Min), data_end(cur, vq, graph)
    return None if start is None or end is None else (start, end)


def _windows_fit(vq: ValidQuery, span: tuple[dt.datetime, dt.datetime], k: int) -> bool:
    # stepped back from the end: stepping forward from a start near year 9999 would overflow
    return step_back(span[1], vq.horizon, k) >= span[0]


def _window_words(vq: ValidQuery) -> str:
    window = vq.query.target.window
    return f"the forecast's {vq.query.task.steps} timeframes of {window.end - window.start} {window.unit}"


def _days(start: dt.datetime, end: dt.datetime) -> str:
    days = (end - start).total_seconds() / 86400
    return f"{days:.0f} days" if days >= 10 else f"{days:.1f} days"


def no_examples_fix(cur, vq: ValidQuery, graph: Graph, anchor: dt.datetime) -> str:
    """What to do about an anchor with no labelled examples: a shorter window if none fits in the data, a later
    anchor if it precedes all of the data the query reads, else an earlier one (or a looser filter)."""
    too_long = window_too_long(cur, vq, graph)
    if too_long is not None:
        return too_long
    if (absent := filter_values.unmatched(cur, vq, graph)) is not None:  # a miscased value keeps none, at any anchor
        return f"No entity passes the WHERE filter: {absent}. Compare with a value the column holds."
    timed = [n for n in vq.tables if graph.tables[n].time_column]
    start = time_bound(cur, graph, timed, exp.Min) if timed else None
    if start is not None and anchor < start:
        return f"The data begins at {start}: pass a later anchor_time."
    key = f"{vq.entity_table}.{vq.entity_key}"
    for condition in (vq.query.entity_filter, vq.query.assuming):
        hint = state_filter_hint(cur, condition, graph, anchor, key, "the anchor") if condition is not None else None
        if hint is not None:
            return f"Check the filter: {hint}."
    return "Pass an earlier anchor_time, or check the entity filter and ASSUMING."


def later_reads_more(cur, vq: ValidQuery, graph: Graph, anchor: dt.datetime) -> bool:
    """Whether an anchor later than `anchor` has data it does not: False at or past the latest timestamp the
    default anchor reads (static targets: the whole database's), where "pass a later anchor_time" would send
    the user to an anchor with no more examples than this one."""
    tables = vq.target_tables or tuple(n for n, t in graph.tables.items() if t.time_column)
    end = (latest(cur, graph, tables) if vq.static else observed(cur, graph, tables)).time if tables else None
    return end is not None and anchor < end


def data_end(cur, vq: ValidQuery, graph: Graph) -> dt.datetime | None:
    """Up to when the tables a query's labels read are observed: no label window ending after it is."""
    return observed_end(cur, vq, graph)[0]


def observed_end(cur, vq: ValidQuery, graph: Graph) -> tuple[dt.datetime | None, str]:
    """`data_end` and the tables that set it, as messages name them: the latest timestamp of the target's tables
    (strays left out, as `latest` does), or an ASSUMING table's where that ends earlier: ASSUMING's windows pick
    the examples a backtest scores and the context learns from, and past its table's end they read as empty."""
    if not vq.target_tables:
        return None, ""
    end, where = observed(cur, graph, vq.target_tables).time, ", ".join(vq.target_tables)
    others = [n for n, t in graph.tables.items() if t.time_column and n not in vq.target_tables]
    present = latest(cur, graph, others).time if others and end is not None else None
    if present is not None and end - present > LONE_END and _written_by(cur, graph, vq.target_tables, present):
        # rows dated ahead of when they were written (appointments booked): what happens to them is not observed
        # yet (a clinic trial's backtest scored 'attended' visits past the data's end)
        end, where = present, f"the other tables ({where} runs on to {end}, dated ahead)"
    for name in (n for n in vq.assuming_tables if n not in vq.target_tables):
        own = observed(cur, graph, [name]).time
        if own is not None and end is not None and own < end:
            end, where = own, f"the ASSUMING table {name}"
    return end, where


def _written_by(cur, graph: Graph, tables, present: dt.datetime) -> bool:
    """Whether a table of `tables` has another date column that ends at `present` (give or take LONE_END): its
    rows were written by then (an appointment's booked_at), so those dated later are dated ahead. Without one, a
    table running on past the others is a record of events (absences after the last hire)."""
    for name in tables:
        tab = graph.table(name)
        dates = [c.name for c in tab.columns if c.name != tab.time_column and is_time_type(c.dtype)]
        for c in dates:
            query = exp.select(exp.Max(this=time_of(tab, c))).from_(table(name))
            value = cur.execute(to_sql(query)).fetchall()[0][0]
            if isinstance(value, dt.datetime | dt.date) and abs(to_timestamp(value) - present) <= LONE_END:
                return True  # near the present: not a date of the past copied on each row (a policy's date)
    return False


def _after_anchor(vq: ValidQuery) -> str:
    amount, unit = vq.horizon
    if vq.assuming_tables:  # ASSUMING picks the scored examples too: its windows must be observed as well
        return f"label and ASSUMING windows (up to {amount} {unit} after the anchor)"
    return f"label window ({amount} {unit} after the anchor)"


def check_observed(cur, vq: ValidQuery, graph: Graph, times, param: str = "anchor_time") -> None:
    """Refuse backtest anchors whose label windows run past the end of the data: their labels do not exist
    yet (an empty window would read as a real zero). Says which anchor would work."""
    if vq.static or not times:
        return
    end, where = observed_end(cur, vq, graph)
    latest_ok = step_back(end, vq.horizon, 1) if end is not None else None
    span = _data_span(cur, vq, graph)  # read once for both checks below
    twice = _once_only(vq, span)
    if twice is not None:  # no anchor, earlier or later, has both: say so rather than name one
        raise NoExamplesError(f"Cannot backtest at {times[-1]}. {twice}", param)
    late = [t for t in times if latest_ok is None or t > latest_ok]
    if not late:
        return
    if latest_ok is None:
        raise UserError(
            f"The target's table(s) {', '.join(vq.target_tables)} have no rows with a timestamp: there is nothing "
            "to evaluate.",
            param,
        )
    too_long = _too_long(vq, span)
    if too_long is not None:
        raise UserError(f"Cannot backtest at {late[-1]}. {too_long}", param)
    raise UserError(
        f"Cannot backtest at {late[-1]}: its {_after_anchor(vq)} run{'s' * (not vq.assuming_tables)} past the end "
        f"of the data in {where} ({end}), so its labels are not observed yet. The latest anchor whose windows are "
        f"fully observed is {latest_ok}; pass {param} at or before it"
        + (" (drop the later rows of the task table)." if param == "task_table" else "."),
        param,
    )


def unobserved(cur, vq: ValidQuery, graph: Graph, times) -> str | None:
    """A warning for labels asked at anchors whose windows run past the end of the data (the default anchor's
    always do): those labels are not observed yet, so a count reads 0 and a mean is missing."""
    if vq.static or not vq.horizon or not times:
        return None
    end, where = observed_end(cur, vq, graph)
    if end is None or max(times) <= step_back(end, vq.horizon, 1):
        return None
    return (
        f"Labels at {max(times)}: the {_after_anchor(vq)} run{'s' * (not vq.assuming_tables)} past the end of the "
        f"data in {where} ({end}), so these labels are not observed yet (an empty window reads as 0 or no "
        f"label). Anchors at or before {step_back(end, vq.horizon, 1)} have fully observed labels."
    )


def before_entities(cur, vq: ValidQuery, graph: Graph, times) -> str | None:
    """A warning for labels asked at anchors before the entity table's first row: no entity exists there yet
    (PQL.md), so those anchors have no labels at all, which reads like a query that matched nothing."""
    table_ = graph.table(vq.entity_table)
    if not table_.time_column or not times:
        return None
    first = time_bound(cur, graph, [table_.name], exp.Min)
    early = [t for t in times if first is not None and t < first]
    if not early:
        return None
    which = f"{early[0]}" if len(early) == 1 else f"{len(early)} anchors ({early[0]} to {early[-1]})"
    return (
        f"Labels at {which}: no {table_.name} row exists before {first} (by {table_.name}.{table_.time_column}), "
        f"so there are no labels there. Pass anchors from {first} on."
    )
