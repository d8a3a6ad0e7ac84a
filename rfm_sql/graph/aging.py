"""Numbers that count the time since their row's date and are kept up to date until the row closes: a listing's
days_on_market (days since listed while it is active, listed to contract once sold), a ticket's hours_open, a
member's tenure_days. At a past anchor the row holds today's count, which runs past the anchor for every row still
open then: a brokerage trial's accepted offers per listing backtested at AUROC 0.74-0.81 with it, where predictions
made on copies of the database taken at the anchors read 0.62-0.69.

Such a column reads at an anchor as the smaller of its value and the time from its row's date to the anchor
(compile.filled_later's `rewound`): a row closed before the anchor keeps its count, one open then counts up to it.
Its sign in the data: the row's date plus the count is the time the row stopped counting, which for every row still
open is the same day, the present, and no row's runs past it. A column is taken for one where at least SHARE of its
rows (MIN_ROWS at least) end within TOLERANCE units of the latest such end, that end lies at or after every row's
date, few rows count below zero, and the open rows' counts spread over SPREAD days at least (rows made at the
present, each with a count of 0, are not a sign). Only a number whose name says it counts time is read (`_unit`:
minutes, hours, weeks, or days for days, age, tenure, since, open, ...): two scans of its table at each attach."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

import duckdb
from sqlglot import exp

from rfm_sql.compile.sqlutil import col, table, time_of
from rfm_sql.graph import names

if TYPE_CHECKING:  # only named in annotations
    from rfm_sql.graph.model import Table

UNITS = {"minutes": 60, "hours": 3600, "days": 86400, "weeks": 7 * 86400}
# a name's words that say its unit (any other word of time or age says days): only such numbers are read, one scan
_UNIT_WORDS = {
    "minute": "minutes",
    "minutes": "minutes",
    "mins": "minutes",
    "hour": "hours",
    "hours": "hours",
    "hrs": "hours",
    "week": "weeks",
    "weeks": "weeks",
    "wks": "weeks",
}
_AGE_WORDS = {"day", "days", "age", "aged", "tenure", "since", "elapsed", "duration", "open", "dom", "old", "waiting"}
SHARE = 0.03  # of the rows with the column set, still counting at the present
MIN_ROWS = 20
TOLERANCE = 2  # units: a whole count of days started at 10:00 ends up to a day before the present
SPREAD = 30  # days between the least and the largest count of the rows still counting
NEGATIVE = 0.01  # of the rows, at most, counting below zero (a withdrawal keyed before its listing)
MAX_COLUMNS = 20


def marked(con, tables: dict[str, Table]) -> dict[str, Table]:
    """`tables` with `aging` set on the numbers that count the time since their row's date, as above."""
    out = dict(tables)
    for name, tab in tables.items():
        try:
            found = _counts_of_age(con, tab)
        except duckdb.Error:  # a view not readable here, a type that does not add: nothing marked
            continue
        if found:
            out[name] = replace(tab, aging=tuple(found))
    return out


def _counts_of_age(con, tab: Table) -> list[tuple[str, str]]:
    """(column, unit) of each number of `tab` that counts the time since its row's date, as above."""
    if tab.time_column is None:
        return []
    kept = {c for c, *_ in tab.rewound} | {c for c, *_ in tab.logged_in} | {c for c, _ in tab.filled_with}
    keys = [
        (c.name, unit)
        for c in tab.columns
        if c.stype.summable
        and c.name not in (tab.primary_key, *kept)
        and not c.dtype.upper().startswith(("DATE", "TIME"))
        and (unit := _unit(c.name, tab.column_names))
    ][:MAX_COLUMNS]
    if not keys:
        return []
    born = exp.func("EPOCH", time_of(tab, tab.time_column, "t"))
    stats = [exp.Max(this=born.copy())]
    for column, unit in keys:
        value = exp.cast(col(column, "t"), "DOUBLE")
        stats.append(exp.Max(this=exp.Add(this=born.copy(), expression=value * UNITS[unit])))
    ends = exp.select(*stats).from_(table(tab.name, "t"))
    latest, *maxima = con.execute(ends.sql("duckdb")).fetchall()[0]
    if latest is None:
        return []
    checks = []
    for i, (column, unit) in enumerate(keys):
        if maxima[i] is None or maxima[i] < latest - UNITS["days"]:  # the counts end before rows still come in
            checks.append(None)
            continue
        value = exp.cast(col(column, "t"), "DOUBLE")
        end = exp.Add(this=born.copy(), expression=value.copy() * UNITS[unit])
        open_ = exp.GTE(this=end, expression=exp.Literal.number(maxima[i] - TOLERANCE * UNITS[unit]))
        days = value.copy() * (UNITS[unit] / UNITS["days"])
        checks.append(
            [
                exp.func("COUNT", value.copy()),
                exp.func("COUNT_IF", open_),
                exp.func("COUNT_IF", exp.LT(this=value.copy(), expression=exp.Literal.number(0))),
                exp.Max(this=exp.Case(ifs=[exp.If(this=open_.copy(), true=days.copy())])),
                exp.Min(this=exp.Case(ifs=[exp.If(this=open_.copy(), true=days.copy())])),
            ]
        )
    flat = [e for c in checks if c for e in c]
    if not flat:
        return []
    values = iter(con.execute(exp.select(*flat).from_(table(tab.name, "t")).sql("duckdb")).fetchall()[0])
    found: dict[str, str] = {}
    for (column, unit), c in zip(keys, checks, strict=True):
        if not c:
            continue
        n, still, below, most, least = (next(values) for _ in range(5))
        if column in found or not n or still < MIN_ROWS or still < SHARE * n or below > NEGATIVE * n:
            continue
        if most is not None and least is not None and most - least >= SPREAD:
            found[column] = unit
    return list(found.items())


def _unit(column: str, columns) -> str | None:
    """The unit a number's name counts time in, where it says it counts time (hours_open, tenure_days,
    days_on_market), else None."""
    words = names.words(names.stripped(column, columns))
    said = [_UNIT_WORDS[w] for w in words if w in _UNIT_WORDS]
    return said[0] if said else "days" if _AGE_WORDS & set(words) else None
