"""The message for SUM or AVG of a column that holds no numbers, with what to write instead for what it holds:
numbers stored as text, a BOOLEAN (a win rate), a date (a real-estate trial's AVG(listings.sold_at, ...) was told
to TRY_CAST it to DOUBLE, which gives NULL for every date)."""

from __future__ import annotations

import re

from sqlglot import exp

from rfm_sql.graph import Graph, SType, is_numeric_type, is_time_type
from rfm_sql.graph.ahead import write_dates
from rfm_sql.pql import ast
from rfm_sql.pql.views import create_view, integer_cast


def not_numeric_problem(graph: Graph, agg: ast.Aggregation) -> str:
    """Why `agg` (SUM or AVG of a column whose values are no numbers to add up) is refused, and the fix."""
    ref = agg.column
    col = graph.table(ref.table).column(ref.column)
    fix = f"for text of numbers, a view with TRY_CAST({ref.column} AS DOUBLE)"
    if is_numeric_type(col.dtype):  # a stype can be changed, not what the column stores
        fix = f'mark it numeric: rfm.graph.set_stype("{ref.table}", "{ref.column}", "numerical")'
    elif col.stype is SType.ID:  # text keys ('TU-0001'): a cast reads none of them (a tutoring trial was told to)
        fix = f"for how many rows or distinct keys, COUNT({ref.table}.*, ...) or COUNT_DISTINCT({ref}, ...)"
    elif col.dtype.upper() == "BOOLEAN":  # a win rate: the share of true rows (a game trial got the text hint)
        fix = (
            f"count the true rows, COUNT({ref.table}.* WHERE {ref} = true, ...), or, for their share, a view "
            f"with {integer_cast(ref.column)}"
        )
    elif is_time_type(col.dtype):
        return (
            f"{agg.func} needs a numeric column, but {ref} is {col.dtype}: a date, not a number. For how long "
            f"something took, {days_view(graph, ref.table, ref.column)}; or compare the dates with FIRST or LAST, e.g. "
            f"LAST({ref}, ...) > 2024-01-01, or count them, COUNT({ref.table}.* WHERE {ref} IS NOT NULL, ...)."
        )
    return (
        f"{agg.func} needs a numeric column, but {ref} is {col.dtype} ({col.stype.value}). "
        f"Use COUNT, COUNT_DISTINCT, FIRST, LAST or LIST_DISTINCT, or {fix}."
    )


def timestamp_target_problem(graph: Graph, agg: ast.Aggregation) -> str:
    """Why MAX, MIN, FIRST or LAST of a date is refused as a target, with what to predict instead (a language app
    trial's `MAX(lesson_completions.completed_at, ...)` was told only "predict a count or compare it")."""
    ref = agg.column
    return (
        f"{agg.func} of a timestamp cannot be a target: the model predicts numbers and classes, not dates. Whether "
        f"one comes in the window is a count, COUNT({ref.table}.*, ...) > 0; a date compared with one you choose is "
        f"a class, {agg.func}({ref}, ...) > 2024-01-01; for how long something takes, "
        f"{days_view(graph, ref.table, ref.column).replace('then AVG(', f'then {agg.func}(')}."
    )


def days_view(graph: Graph, table: str, column: str) -> str:
    """Words for a view of `table` with a number of days up to `column` from another of its dates (the time
    column first), or where `column` is the time column, from it to another date, and the aggregation of it."""
    tab = graph.table(table)
    starts = [c.name for c in tab.columns if c.name != column and is_time_type(c.dtype)]
    starts.sort(key=lambda name: name != tab.time_column)
    start = exp.column(starts[0]) if starts else exp.column("start_column")
    end = column
    written = write_dates(tab)
    later = [c for c in starts if c not in written]  # not a created_at
    if column == tab.time_column and later:  # the row's own time comes first: the days from it to a later date (a
        start, end = exp.column(column), later[0]  # farm co-op's delivered_at was counted back from settled_at)
    days = "days_to_" + (re.sub(r"_?(at|on|date|time|ts)$", "", end, flags=re.I) or end)
    diff = exp.Anonymous(this="date_diff", expressions=[exp.Literal.string("day"), start, exp.column(end)])
    view = f"{table}_days"
    select = exp.select("*", exp.alias_(diff, days)).from_(exp.Table(this=exp.to_identifier(table)))
    made = create_view(view, select)
    if not starts:
        made = made.replace("start_column", "<start column>") + f" (<start column>: the date {column} is counted from)"
    return f"a view with a number of days, {made}, then AVG({view}.{days}, ...)"
