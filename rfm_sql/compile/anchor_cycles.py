"""Where the anchor falls in the year, as features: the day of the year on a circle (sine and cosine, so December
and January lie side by side), so that examples from the same season a year apart look alike. Read only where
the context holds a year-ago season (runtime.season)."""

from __future__ import annotations

import math

from sqlglot import exp

from rfm_sql.compile.sqlutil import ANCHOR, col

SEASON_FEATURES = ("season.sin", "season.cos")  # the time of year of the anchor (runtime.season)


def add(b) -> None:
    """Add the anchor's time of year to the feature builder `b` (compile.features), where its season is on."""
    if not b.season:
        return
    angle = exp.Mul(this=exp.DayOfYear(this=col(ANCHOR, "s")), expression=exp.Literal.number(2 * math.pi / 365.25))
    for name, func in zip(SEASON_FEATURES, ("SIN", "COS"), strict=True):
        b.add(name, "numeric", exp.func(func, angle.copy()), (ANCHOR, "time_of_year", ""))
