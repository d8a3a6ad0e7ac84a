"""When a row began, told by its data where its names mislead: a date empty on some rows cannot be when those rows
happened, since they exist without it. Where the best-named time column (`infer._infer_time_column`) is empty on
some rows and another time candidate is set on every row and at or before it on nearly all rows that have both,
that one is the row's time: the other is filled in later (a rental's returned_at, after its out_at). A tool-rental
trial's contracts were counted by their return, their out_at read as an end by its name: "rentals in the next 30
days" counted returns, and contracts still out at an anchor were in no window."""

from __future__ import annotations

from sqlglot import exp

from rfm_sql.compile.sqlutil import table as table_ref
from rfm_sql.compile.sqlutil import utc_naive
from rfm_sql.graph import names
from rfm_sql.graph.model import is_time_type

LATER_SHARE = 0.01  # of the rows with both dates, those where the earlier one lies after the later at most


def first_filled(con, table: str, cols: dict[str, str], stats: dict, chosen: str, tables) -> tuple[str, str] | None:
    """(column, why) where a time candidate set on every row precedes `chosen`, which is empty on some (as above);
    of several, the best named (`tables`: the database's, as `names.time_name_score` reads them). None where
    `chosen` is set on every row or no candidate precedes it."""
    rows = stats.get("__rows__") or 0
    if not rows or (stats.get(chosen) or {}).get("nonnull", 0) >= rows:
        return None
    found = []
    for position, (c, dtype) in enumerate(cols.items()):
        st = stats.get(c) or {}
        named = names.time_name_score(c, cols, table, tables)
        # a date set ahead (an installment's due_date) names a plan, not when the row began
        if c == chosen or not is_time_type(dtype) or named is None or names.scheduled_name(c, cols):
            continue
        if st.get("nonnull", 0) < rows or st.get("distinct", 0) < 2:
            continue
        found.append((named, -position, c))
    for _, _, c in sorted(found, reverse=True):
        start, later = (utc_naive(cols[x], exp.column(x, quoted=True)) for x in (c, chosen))
        both = exp.and_(exp.func("isfinite", start.copy()), exp.func("isfinite", later.copy()))
        counts = exp.select(
            exp.func("COUNT_IF", both),
            exp.func("COUNT_IF", exp.and_(both.copy(), exp.GT(this=start, expression=later))),
        ).from_(table_ref(table))
        n, after = con.execute(counts.sql("duckdb")).fetchall()[0]
        if n and after <= LATER_SHARE * n:
            empty = 1 - stats[chosen]["nonnull"] / rows
            return c, (
                f"{c}, set on every row, at or before {chosen} on {1 - after / n:.0%} of rows with both "
                f"({chosen}, empty on {empty:.1%} of rows, is filled in later)"
            )
    return None
