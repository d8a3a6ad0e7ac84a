"""The category of the entity's latest child row: a lease's last renewal offer declined, a customer's last payment
failed, a unit's last repair a plumbing one. A child's aggregates read its numbers and dates only, so such a
category (an outcome that often decides the target) was in no input: on a rentals trial, move-out notices per lease
read AUROC 0.59-0.74 where the rule "last offer declined" read 0.95-0.99.

The latest row at or before the anchor (ties broken by the key), its value as text; a value not known yet at the
anchor (filled later: compile.filled_later) or missing reads MISSING, a value of its own ("no answer yet"), where
an entity with no rows reads NULL."""

from __future__ import annotations

from sqlglot import exp

from rfm_sql.compile.sqlutil import col
from rfm_sql.graph import SType

MAX_COLUMNS = 3  # categorical columns read per child table
MISSING = "(missing)"


def add(child, link, agg, who: str, order: exp.Expression) -> None:
    """Add the latest row's value of each of `child`'s first categorical columns (rows aliased `f`, joined to the seed
    `s` by `link`) through `agg(alias, feature name, expression, kind=..., source=...)`; `order`: the rows' order,
    latest last; `who`: the features' name for the table."""
    columns = [c for c in child.columns if c.stype is SType.CATEGORICAL][:MAX_COLUMNS]
    for j, c in enumerate(columns):
        # arg_max skips a NULL value, which would read the value before it: an offer not answered yet is news
        value = exp.func("COALESCE", exp.cast(col(c.name, "f"), "VARCHAR"), exp.Literal.string(MISSING))
        latest = exp.ArgMax(this=value, expression=order.copy())
        agg(f"c{j}", f"{who}.{c.name}.last", latest, kind="categorical", source=(child.name, c.name, link.fkey))
