"""Tables of period summaries dated by the period's start and written when it closes: a language app's weekly league
results (week_start, the week's XP and rank) are written the Monday after. At a past anchor a backtest reads the row
of the week the anchor falls in, not closed yet, which tells what the entity does in the days after the anchor: its
churn backtest read AUROC 0.999/0.994/0.995 where predictions from copies of the database taken at the anchors read
0.92/0.88/0.90 (0.92/0.87/0.92 both, without the table). The data cannot say when a row was written, so a backtest
says so, with the view that dates each row by its period's end.

Its sign: a dated table linked to the entity whose every time is a midnight on one weekday, WEEK days apart (or the
first of a month), and that has no row for the period that began before the database's present: rows written at
their period's start would hold it. Periods of a day are not judged (a day's rows written that day are common)."""

from __future__ import annotations

import datetime as dt

import duckdb
from sqlglot import exp

from rfm_sql.compile.sqlutil import table, time_of, to_sql
from rfm_sql.graph import Graph
from rfm_sql.pql.validate import ValidQuery
from rfm_sql.runtime.timestamps import to_timestamp

WEEK = 7
MIN_PERIODS = 8  # distinct period starts, at least


def note(cur, vq: ValidQuery, graph: Graph, present: dt.datetime | None) -> str | None:
    """What a backtest says of the tables linked to the entity that look like period summaries written when their
    period closes (as above), else None; `present`: the database's present (state_columns.present)."""
    if present is None:
        return None
    names = dict.fromkeys(lk.child for lk in graph.children(vq.entity_table) if graph.table(lk.child).time_column)
    said = [s for name in names if (s := _closed(cur, graph, name, present))]
    if not said:
        return None
    return (
        f"{' '.join(said)} At a past anchor this backtest reads the row of the period the anchor falls in, which "
        "tells what came after the anchor, while a prediction's latest row is the period before: it may read better "
        "than predictions can. If the rows are written when their period closes, attach with the view in the table's "
        "place (rfm_sql.attach(con, tables=[...]) naming the view and not the table)."
    )


def weekly(cur, graph: Graph, name: str) -> bool:
    """Whether every time of table `name` is a midnight of one weekday (MIN_PERIODS weeks at least): a window of
    days then holds a number of its weeks that depends on the anchor's weekday (runtime.plan)."""
    return _period(cur, graph, name)[0] == "week"


def _period(cur, graph: Graph, name: str) -> tuple[str | None, dt.datetime | None]:
    """("week" or "month", the latest period's start) where every time of table `name` is the start of one (a
    midnight of one weekday, or the first of a month), MIN_PERIODS of them at least; (None, None) otherwise."""
    tab = graph.table(name)
    t = time_of(tab, tab.time_column)
    stats = (
        exp.select(
            exp.Min(this=t),
            exp.Max(this=t.copy()),
            exp.func("COUNT", exp.Distinct(expressions=[t.copy()])),
            exp.func("COUNT_IF", exp.NEQ(this=t.copy(), expression=exp.cast(exp.cast(t.copy(), "DATE"), "TIMESTAMP"))),
            exp.func("COUNT", exp.Distinct(expressions=[exp.func("DAYOFWEEK", t.copy())])),
            exp.func("COUNT_IF", exp.NEQ(this=exp.func("DAY", t.copy()), expression=exp.Literal.number(1))),
        )
        .from_(table(name))
        .where(exp.func("isfinite", t.copy()))
    )  # 'infinity' has no time of day
    try:
        first, last, periods, timed, weekdays, not_first = cur.execute(to_sql(stats)).fetchall()[0]
    except duckdb.Error:  # an engine without one of these functions (Spark runs the same SQL): nothing said
        return None, None
    if first is None or periods < MIN_PERIODS or timed:
        return None, None
    if not not_first:  # the first of every month
        return "month", to_timestamp(last)
    return ("week", to_timestamp(last)) if weekdays == 1 else (None, None)  # midnights of one weekday


def _closed(cur, graph: Graph, name: str, present: dt.datetime) -> str | None:
    tab = graph.table(name)
    what, last = _period(cur, graph, name)
    if what == "month":
        nxt, then = _next_month(last), _next_month(_next_month(last))
    elif what == "week":  # whole weeks apart
        nxt, then = last + dt.timedelta(days=WEEK), last + dt.timedelta(days=2 * WEEK)
    else:
        return None
    if not nxt <= present < then:  # the next period has begun by the present, and no more
        return None
    return (
        f"{name} is dated by {tab.time_column}, every row at the start of a {what}, and holds no row for the {what} "
        f"that began {nxt:%Y-%m-%d}, before the data's present ({present:%Y-%m-%d %H:%M}): its rows look written when "
        f"their {what} closes (then CREATE VIEW {name}_closed AS SELECT * EXCLUDE ({tab.time_column}), "
        f"{tab.time_column} + INTERVAL 1 {what.upper()} AS known_at FROM {name} dates each by its end)."
    )


def _next_month(day: dt.datetime) -> dt.datetime:
    return day.replace(year=day.year + day.month // 12, month=day.month % 12 + 1)
