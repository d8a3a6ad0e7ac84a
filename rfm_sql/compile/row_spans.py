"""Spans within the entity's row: the days from its own time to each of its other dates (a booking's lead time to
its check-in, an invoice's payment terms to its due date, a loan's length once returned). Each date alone is read
against the anchor (days ago), which leaves the span between them to be learned from two ranks, and an in-context
model does not: a receivables trial's payment terms (due_date - issued_at: 30, 45 or 60 days) were predicted at
the majority class, and a hotel trial's cancellations gained 0.09 AUROC from a lead-time column added by hand. A
date after the anchor counts only where it is set ahead (`graph.ahead`); else the span is not known yet."""

from __future__ import annotations

from sqlglot import exp

from rfm_sql.compile.sqlutil import days_between, time_of
from rfm_sql.graph import SType
from rfm_sql.graph.ahead import known_ahead, rewritten


def add(b) -> None:
    """Add the spans of the entity's row to the feature builder `b` (compile.features; its row is alias "e")."""
    tab = b.graph.table(b.vq.entity_table)
    if tab.time_column is None:
        return
    start = time_of(tab, tab.time_column, "e")
    static = b.static_unread  # a static target's own columns are never its inputs (compile.features.static_unread)
    for c in tab.columns:
        if c.stype is not SType.TIMESTAMP or c.name in (tab.time_column, *static):
            continue
        if rewritten(tab, c.name):  # today's state (compile.features.column_feature)
            continue
        end = time_of(tab, c.name, "e")
        span = days_between(start.copy(), end)  # days from the row's time to this date
        if not known_ahead(tab, c.name):
            span = exp.Case(
                ifs=[exp.If(this=exp.GT(this=end.copy(), expression=b.anchor), true=exp.null())], default=span
            )
        b.add(f"{tab.name}.{c.name}.days_after_{tab.time_column}", "numeric", span, (tab.name, c.name, ""))
