"""The shape of a window: one a timestamp can hold, and not empty (with a suggestion the next rule accepts)."""

from __future__ import annotations

from rfm_sql.pql import ast

APPROX_SECONDS = {"seconds": 1, "minutes": 60, "hours": 3600, "days": 86400, "weeks": 7 * 86400, "months": 30 * 86400}
MAX_REACH_SECONDS = 1000 * 365 * 86400  # a window further from its anchor leaves the timestamp range


def shape_problem(w: ast.Window, section: str, table=None) -> str | None:
    """What is wrong with window `w` in a query `section` ("target", "assuming", "filter") over `table` (a graph
    Table), or None: one reaching past the dates a timestamp holds (it used to raise OverflowError or a DuckDB
    cast error), an empty one, or one that cuts days over a time column of dates."""
    reach = max(abs(w.end), abs(w.start or 0))
    day = APPROX_SECONDS["days"] // APPROX_SECONDS[w.unit] if w.unit in ("seconds", "minutes", "hours") else None
    dated = table is not None and table.time_column and table.column(table.time_column).dtype.upper() == "DATE"
    if dated and day and any(b is not None and b % day for b in (w.start, w.end)):
        return (
            f"{table.name}.{table.time_column} holds dates (no time of day), so a window of {w.unit} that cuts a "
            "day catches that day's rows or none, by the anchor's hour (the default anchor is a midnight). Write it "
            f"in whole days, e.g. ({(w.start or 0) // day}, {-(-w.end // day)}, days)."
        )
    if reach * APPROX_SECONDS[w.unit] > MAX_REACH_SECONDS:
        return (
            f"The window reaches {reach:,} {w.unit} from the anchor, past the dates a timestamp can hold; keep "
            "windows within 1,000 years."
        )
    if w.start is None or w.start < w.end:
        return None
    length = reach or 30  # targets and ASSUMING look forward from 0, filters back to 0: suggest what passes there
    example = {"target": f"(0, {length}]", "assuming": f"(0, {length}]", "filter": f"(-{length}, 0]"}
    return (
        f"The window ({w.start}, {w.end}] is empty: start must be less than end, "
        f"e.g. {example.get(section, f'({w.end}, {w.start}]')}."
    )


def covering_assuming(query: ast.Query, horizon: tuple[int, str]) -> tuple[int, str]:
    """`horizon`, or the end of an ASSUMING window that reaches further past the anchor: ASSUMING picks context
    examples by what follows their anchor in its own windows, so context anchors and lagged targets step back
    by the longer of the two (else they would read rows after the anchor predicted for)."""
    ahead = [n for n in ast.walk(query.assuming) if isinstance(n, ast.Aggregation)] if query.assuming else []
    return covering([horizon, *((a.window.end, a.window.unit) for a in ahead)])


def target_horizon(query: ast.Query) -> tuple[int, str] | None:
    """How far past its anchor the target reads: its longest window's end (a forecast: the end of its last
    step, end + (n-1)(end-start)); None for a static target."""
    aggs = [n for n in ast.walk(query.target) if isinstance(n, ast.Aggregation)]
    if not aggs:
        return None
    steps = query.task.steps if isinstance(query.task, ast.Forecast) else 1
    return covering([(a.window.end + (steps - 1) * (a.window.end - a.window.start), a.window.unit) for a in aggs])


MONTH_DAYS = (28, 31)  # n calendar months span at least 28·n days and at most 31·n


def covering(reaches: list[tuple[int, str]]) -> tuple[int, str]:
    """A step back from any anchor that covers every window ending (end, unit) past it: the longest (the first
    of equals). Calendar months are 28 to 31 days, so beside other units: the months where even their shortest
    span covers the rest, else the longest other window where it covers 31-day months, else 31 days a month
    (30 days and one month are no step for each other: back one month from 1 March is 29 days, which a
    30-day window overruns, and back 30 days from 1 September a one-month window ends on the 2nd)."""
    months = max((end for end, unit in reaches if unit == "months"), default=None)
    others = [r for r in reaches if r[1] != "months"]
    longest = max(others, key=lambda r: r[0] * APPROX_SECONDS[r[1]]) if others else None
    if longest is None or months is None:
        return (months, "months") if longest is None else longest
    fixed, day = longest[0] * APPROX_SECONDS[longest[1]], APPROX_SECONDS["days"]
    if months * MONTH_DAYS[0] * day >= fixed:
        return (months, "months")
    if fixed >= months * MONTH_DAYS[1] * day:
        return longest
    return (months * MONTH_DAYS[1], "days")


def horizon_window(query: ast.Query) -> str:
    """What sets the horizon, as messages name it: "target window", or "ASSUMING window" where a window of
    ASSUMING reaches further past the anchor than the target's."""
    own = target_horizon(query)
    return "ASSUMING window" if own is not None and covering_assuming(query, own) != own else "target window"
