"""Whether a date of a row is known from the row's start: set ahead of what it names (a due date, a check-in), by
its name or by its data (graph/ahead.py marks the data). Apart from graph/ahead.py so that the graph's own listing
(`Graph.describe`) says "set ahead" of exactly the dates the features read so."""

from __future__ import annotations

from rfm_sql.graph import names


def known_ahead(tab, column: str) -> bool:
    """Whether `tab.column` (a graph/model.py Table's) is a date set ahead (by its name or its data), and not one
    that ends the row: not one whose name says something happened, nor one rewritten as time goes on unless its
    data shows it written once with its row (`Table.set_once`), nor one its data shows pushed on (`Table.pushed`)."""
    if column in tab.end_columns or column in tab.pushed or names.end_name(column, tab.column_names):
        return False
    if names.scheduled_name(column, tab.column_names):
        return True
    moving = names.moving_name(column, tab.column_names) and column not in tab.set_once
    return tab.column(column).ahead and not (names.event_name(column, tab.column_names) or moving)
