"""What is already on the books for the target's window: per child table with a date set ahead (`graph.ahead`: a
booking's check-in date, an appointment's slot, or the time column itself where rows are written ahead of it: a
leave's start date), its rows written by the anchor, not ended by it, whose date falls in the window, one count per
step of a forecast. A hotel trial's weekly arrivals per hotel (stays, written at
check-in) were forecast at MAE 1.39-1.94 for the first week, where counting the bookings already made for that week
gave 0.78-1.06: no input held them (their check-in dates read only as a mean span). A DATE names a day, not an
instant, and is read at its midday: from a midnight anchor, today's check-ins are due today, as their stays
(written that afternoon) are; read at midnight, each step of a daily forecast counted the next day's. A FIRST or LAST
target over the rows' own column reads that column of the first (last) row on the books in the window too: a catering
trial's next event type per client read accuracy .45 where the type of the event already booked read .72."""

from __future__ import annotations

from sqlglot import exp

from rfm_sql.compile import filled_later as filling
from rfm_sql.compile import labels as label_compiler
from rfm_sql.compile.sqlutil import (
    ANCHOR,
    ENTITY,
    as_double,
    child_label,
    col,
    filtered,
    lit,
    same_pair,
    shift,
    table,
    time_of,
)
from rfm_sql.graph import SType
from rfm_sql.graph.ahead import known_ahead
from rfm_sql.pql import ast

SCHEDULED = "scheduled"  # the feature's name after its table and date: `bookings.check_in_date.scheduled`
MAX_DATES = 4  # (table, date) pairs read at most
MAX_STEPS = 28  # a forecast's steps with a column of their own (later ones read none): four weeks of days


def dated_ahead(b) -> list[tuple]:
    """(link, child table, date column, the date by which a row is written) for each child of the entity table
    whose date is set ahead: another date than its time column (rows written by their time), or its time column
    itself where rows are written ahead of it (`Table.written_by`: a leave's start_date, written at its request)."""
    out = []
    for link in b.graph.children(b.vq.entity_table):
        child = b.graph.table(link.child)
        if child.time_column is None or link.child == b.vq.entity_table:
            continue
        if child.written_by is not None:
            out.append((link, child, child.time_column, child.written_by))
        for c in child.columns:
            if c.stype is SType.TIMESTAMP and c.name != child.time_column and known_ahead(child, c.name):
                out.append((link, child, c.name, child.time_column))
    return out[:MAX_DATES]


def add(b) -> None:
    """Add, for the builder `b`'s windowed target, each date set ahead's count of rows due in the target's window:
    one column per forecast step (`b.forecast_steps`, suffixed `_step{i}`, runtime.forecast), else one."""
    target = _aggregation(b.vq.query.target)
    if b.vq.static or target is None:
        return
    steps = [(f"_step{i}", one) for i, one in enumerate(b.forecast_steps[:MAX_STEPS], start=1)] or [("", b.vq)]
    anchor = col(ANCHOR, "s")
    # a SUM's column: its rows on the books sum to part of the label (a leave's days already booked); a FIRST's or
    # LAST's: the value of its first or last row on the books, often the label itself
    summed = target.column if target.func == "SUM" and not target.column.is_star else None
    ordered = target.column if target.func in ("FIRST", "LAST") and target.filter is None else None
    for j, (link, child, date, written) in enumerate(dated_ahead(b)):
        # rows of the target's own table dated by its time column: those on the books are part of the label
        part = summed if summed is not None and summed.table == child.name and date == child.time_column else None
        pick = ordered if ordered is not None and ordered.table == child.name and date == child.time_column else None
        name = b.cte_name(f"rfm_scheduled{j}")
        due = time_of(child, date, "f")
        if child.column(date).dtype.upper() == "DATE":  # a day: read at its midday
            due = exp.Add(this=due, expression=exp.Interval(this=lit("12"), unit=exp.var("HOUR")))
        who = child_label(b.graph, b.vq.entity_table, link)
        on = [exp.EQ(this=col(link.fkey, "f"), expression=col(ENTITY, "s"))]
        on.append(exp.LTE(this=time_of(child, written, "f"), expression=anchor.copy()))
        if child.end_columns:  # a booking cancelled by the anchor is off the books
            on.append(exp.not_(label_compiler.ended_by(child, anchor.copy(), "f")))
        selects = [col(ENTITY, "s"), col(ANCHOR, "s")]
        for k, (_, one) in enumerate(steps):
            w = _aggregation(one.query.target).window
            after = exp.GT(this=due.copy(), expression=shift(anchor.copy(), w.start, w.unit))
            by = exp.LTE(this=due.copy(), expression=shift(anchor.copy(), w.end, w.unit))
            selects.append(filtered(exp.Count(this=exp.Star()), exp.and_(after, by)).as_(f"n{k}"))
            if part is not None:  # a sum's own column, over the rows on the books
                x = exp.cast(col(part.column, "f"), "DOUBLE")
                selects.append(filtered(exp.Sum(this=x), exp.and_(after.copy(), by.copy())).as_(f"s{k}"))
            if pick is not None:
                value = filling.known_by(child, col(pick.column, "f"), "f", anchor.copy())
                which = exp.ArgMin if target.func == "FIRST" else exp.ArgMax
                picked = which(this=value, expression=due.copy())
                selects.append(filtered(picked, exp.and_(after.copy(), by.copy())).as_(f"v{k}"))
        query = exp.select(*selects).from_(exp.to_table(b.seed).as_("s")).join(table(child.name, "f"), on=exp.and_(*on))
        b.ctes.append((name, query.group_by(col(ENTITY, "s"), col(ANCHOR, "s"))))
        b.joins.append((exp.to_table(name), same_pair(name)))
        for k, (suffix, _) in enumerate(steps):
            value = exp.func("COALESCE", col(f"n{k}", name), exp.Literal.number(0))
            b.add(f"{who}.{date}.{SCHEDULED}{suffix}", "numeric", value, (child.name, date, link.fkey))
            if part is not None:  # an offset the target may be read against too
                total = exp.func("COALESCE", col(f"s{k}", name), exp.Literal.number(0))
                b.add(
                    f"{who}.{date}.{part.column}.{SCHEDULED}{suffix}",
                    "numeric",
                    total,
                    (child.name, part.column, link.fkey),
                )
            if pick is not None:
                numeric = child.column(pick.column).stype is SType.NUMERICAL
                value = as_double(col(f"v{k}", name)) if numeric else exp.cast(col(f"v{k}", name), "VARCHAR")
                feature = f"{who}.{date}.{pick.column}.{SCHEDULED}_{target.func.lower()}{suffix}"
                b.add(feature, "numeric" if numeric else "categorical", value, (child.name, pick.column, link.fkey))


def _aggregation(target) -> ast.Aggregation | None:
    """The windowed aggregation a target reads: itself, or the left side of a comparison (`COUNT(...) > 0`: a
    veterinary trial's "a vaccination in the next 60 days" read no vaccine due in them)."""
    if isinstance(target, ast.Comparison):
        target = target.left
    return target if isinstance(target, ast.Aggregation) else None
