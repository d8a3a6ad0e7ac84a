"""How long the rows a target reads take to be filled in, so that the context skips the windows not complete yet.

A column filled in with a later date of its row (`Table.filled_with`: a meter's daily reading, sent the next night)
is not known at the anchor for the rows of its last hours; a context label reads what is known at the anchor it
serves (compile.labels, KNOWN_AT), so the windows closing within that delay before it read as empty: a utility
trial's daily consumption, whose newest context anchor held only zeros, a quarter of the context. The delay is the
90th percentile of (fill date - row time) over the filled rows, or for a number kept up to date by a child table's
rows (`Table.rewound`: an invoice's amount_paid, by its payments) of (child row time - row time); a context anchor
whose window would still be more than MAX_UNFILLED unfilled at the anchor (the share of the window within the delay
before it) is not used (`runtime.plan.make_plan`): a 90-day window whose last 3 days are not in yet keeps its
anchor, the newest.
"""

from __future__ import annotations

import datetime as dt

from sqlglot import exp

from rfm_sql.compile.sqlutil import col, table, time_of, to_sql
from rfm_sql.graph import Graph
from rfm_sql.pql import ast
from rfm_sql.pql.validate import ValidQuery

QUANTILE = 0.9
MAX_UNFILLED = 0.1  # of a context window that may lie within the fill delay before the anchor
# a number kept up to date by child rows over longer than this (a customer's lifetime spend) is no fill to wait for:
# waiting for it would leave no context at all
MAX_KEPT_DELAY = dt.timedelta(days=180)


def unfilled_share(start: dt.datetime, end: dt.datetime, anchor: dt.datetime, delay: dt.timedelta) -> float:
    """The share of the window (start, end] that lies within `delay` before `anchor`: not filled in yet there."""
    unfilled = min(end, anchor) - max(start, anchor - delay)
    return max(0.0, unfilled / (end - start)) if end > start else 0.0


def fill_delay(cur, vq: ValidQuery, graph: Graph) -> dt.timedelta | None:
    """The longest of the target's filled columns' delays (QUANTILE of fill date - row time); None without one."""
    target = vq.query.target
    read: dict[str, set[str]] = {}  # table -> the columns its aggregations and their filters read
    for agg in (n for n in ast.walk(target) if isinstance(n, ast.Aggregation)):
        columns = read.setdefault(agg.column.table, set())
        columns.add(agg.column.column)
        columns |= {n.column for n in ast.walk(agg.filter) if isinstance(n, ast.ColumnRef)} if agg.filter else set()
    delays = []
    for name, columns in read.items():
        tab = graph.table(name)
        for date in sorted({date for column, date in tab.filled_with if column in columns}):
            filled = time_of(tab, date, "f")
            rows = exp.select().from_(table(name, "f")).where(exp.not_(filled.is_(exp.null())))
            delays.append(_delay(cur, rows, filled.copy(), time_of(tab, tab.time_column, "f")))
        kept = [(child, fkey) for column, child, fkey, *_ in tab.rewound if column in columns]
        delays += [_kept_delay(cur, graph, tab, child, fkey) for child, fkey in kept if tab.primary_key is not None]
    return max((d for d in delays if d is not None), default=None)


def _delay(cur, rows: exp.Select, later: exp.Expression, earlier: exp.Expression) -> dt.timedelta | None:
    """QUANTILE of (later - earlier) over `rows` (a select's FROM and WHERE); None where it is not positive."""
    seconds = exp.Sub(this=exp.func("EPOCH", later), expression=exp.func("EPOCH", earlier))
    query = rows.select(exp.func("QUANTILE_CONT", seconds, exp.Literal.number(QUANTILE)))
    value = cur.execute(to_sql(query)).fetchall()[0][0]
    return dt.timedelta(seconds=float(value)) if value is not None and value > 0 else None


def _kept_delay(cur, graph: Graph, tab, child_name: str, fkey: str) -> dt.timedelta | None:
    """QUANTILE of (child row time - row time) over the child rows that keep a number of `tab`'s rows up to date
    (`Table.rewound`: an invoice's amount_paid, by its payments): a freight trial's payments per shipper in 30 days
    learned from invoices not paid yet at the newest anchors and were predicted at 0.22-0.42 of what came."""
    child = graph.table(child_name)
    if child.time_column is None or tab.time_column is None:
        return None
    later, row = time_of(child, child.written_by or child.time_column, "c"), time_of(tab, tab.time_column, "p")
    on = exp.EQ(this=col(fkey, "c"), expression=col(tab.primary_key, "p"))
    rows = exp.select().from_(table(child_name, "c")).join(table(tab.name, "p"), on=on)
    delay = _delay(cur, rows.where(exp.GTE(this=later, expression=row)), later.copy(), row.copy())
    return delay if delay is not None and delay <= MAX_KEPT_DELAY else None  # a lifetime's total: no fill delay
