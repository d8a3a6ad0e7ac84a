"""What to do when a query aggregates a table without a time column.

A table can hold time-typed columns that inference did not take as its time (then one is named), or none at
all: a line table (order_lines(order_id, line_no, ...)) whose rows happen when the row they belong to does.
Its time is then the parent's, and a view that borrows it makes the table aggregable.
"""

from __future__ import annotations

import datetime as dt

from sqlglot import exp

from rfm_sql.graph import Graph, is_integer_type, is_numeric_type, is_time_type, names
from rfm_sql.pql import ast
from rfm_sql.pql.views import borrowing_view, create_view


def no_time_problem(graph: Graph, table: str) -> str:
    """The message for aggregating `table`, which has no time column, with the fix its schema allows."""
    t = graph.table(table)
    head = f'Table "{table}" has no time column, so it has no windows to aggregate over. '
    times = [c.name for c in t.columns if is_time_type(c.dtype)]
    if times:
        return (
            head
            + f'Set one with rfm.graph.set_time_column("{table}", "{times[0]}") (its time columns: {", ".join(times)}).'
        )
    columns = [c.name for c in t.columns]
    epochs = [c.name for c in t.columns if is_integer_type(c.dtype) and names.epoch_named(c.name, columns)]
    if epochs:  # inference takes one only when every value is a plausible epoch: a 0 or -1 placeholder stops it
        unit = names.epoch_unit_named(epochs[0])
        if unit is not None:  # its name says the unit (ts_ms): inference takes it unless a value is implausible
            return head + (
                f'If {epochs[0]} holds {_UNIT_NAMES[unit]} since 1970, set it: rfm.graph.set_time_column("{table}", '
                f'"{epochs[0]}", unit="{unit}") (placeholder values such as 0 read as 1970).'
            )
        return head + (
            f"If {epochs[0]} holds seconds since 1970, set it: "
            f'rfm.graph.set_time_column("{table}", "{epochs[0]}", unit="s") (unit="ms" or "us" for milli- or '
            "microseconds; placeholder values such as 0 read as 1970)."
        )
    texts = [
        c.name
        for c in t.columns
        if not is_time_type(c.dtype) and (names.time_name_score(c.name, columns, table) or 0) > 0
    ]
    if texts:
        name, kind = texts[0], t.column(texts[0]).dtype
        column = exp.column(name)
        as_time = exp.func("to_timestamp", column) if is_numeric_type(kind) else _text_time(column)
        epoch = (
            " (if it holds seconds since 1970)"
            if is_numeric_type(kind)
            else " (from ISO text such as 2024-01-31 12:00:00, an offset such as +01:00 or Z read as UTC)"
        )
        view = f"{table}_timed"
        select = exp.select(exp.Star(), as_time.as_(f"{name}_ts")).from_(exp.Table(this=exp.to_identifier(table)))
        return head + (
            f"{name} is {kind}, not a date or timestamp: make a view with it as one{epoch}, e.g. "
            f"{create_view(view, select)}; and name {view} in the query."
        )
    timed = [lk for lk in graph.parents(table) if graph.table(lk.parent).time_column]
    if not timed:
        return head + (
            "It has no date or timestamp column; give it one (a view that joins the time of the row each of its "
            f'rows belongs to), then rfm.graph.set_time_column("{table}", "<column>").'
        )
    link = timed[0]
    parent = graph.table(link.parent)
    view = f"{table}_timed"
    create = borrowing_view(view, table, link.fkey, link.parent, parent.primary_key, parent.time_column)
    return head + (
        f"Its rows have no time of their own; they happen when the {link.parent} row they belong to does. Give them "
        f"its time: {create}; then name {view} in the query (rfm_sql finds the new view's keys, "
        "links and time column)."
    )


# a time of day followed by a UTC offset (Z, +01, +01:00, -0500); a bare date's "-31" is no offset
_OFFSET = r":[0-9]{2}(\.[0-9]+)?\s*(Z|[+-][0-9]{2}(:?[0-9]{2})?)$"


def _text_time(column: exp.Column) -> exp.Expression:
    """ISO text as a naive UTC timestamp: with an offset, the instant it names (a TRY_CAST to TIMESTAMP drops the
    offset: 09:00+01:00 read as 09:00); without one, as written (PQL reads times as UTC)."""
    zoned = exp.AtTimeZone(
        this=exp.TryCast(this=column.copy(), to=exp.DataType.build("TIMESTAMPTZ")), zone=exp.Literal.string("UTC")
    )
    naive = exp.TryCast(this=column.copy(), to=exp.DataType.build("TIMESTAMP"))
    has_offset = exp.func("regexp_matches", column.copy(), exp.Literal.string(_OFFSET))
    return exp.Case(ifs=[exp.If(this=has_offset, true=zoned)], default=naive)


_PER_SECOND = {"s": 1, "ms": 1_000, "us": 1_000_000}
_UNIT_NAMES = {"s": "seconds", "ms": "milliseconds", "us": "microseconds"}


def number_for_time(graph: Graph, node, value: dt.datetime) -> str:
    """The message for comparing a number with a timestamp the query writes; for an epoch time column (or an
    aggregate of one), the number to write instead."""
    ref = node.column if isinstance(node, ast.Aggregation) else node
    unit = None
    value_kept = not isinstance(node, ast.Aggregation) or node.func in ("MIN", "MAX", "FIRST", "LAST")
    if value_kept and isinstance(ref, ast.ColumnRef) and not ref.is_star:
        unit = graph.table(ref.table).column(ref.column).unit
    if unit is None:
        return f"The left side is a number, but {value} is a timestamp. Compare with a number, e.g. > 0."
    number = round((value - dt.datetime(1970, 1, 1)).total_seconds() * _PER_SECOND[unit])
    return (
        f"{ref.table}.{ref.column} holds {_UNIT_NAMES[unit]} since 1970 (its table's time column), so compare it with "
        f"a number: {number} is {value}."
    )
