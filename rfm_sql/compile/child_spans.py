"""Spans within a child table's rows, averaged per entity: the days between each two of a row's dates (an invoice's
payment terms from issued_at to due_date, its lateness from due_date to paid_at, a ticket's time to resolve), and
the rows whose later date is not known yet at the anchor (invoices unpaid, tickets open). The child's aggregates
read each date only as recency (days since the last row), so what separates two customers who pay on 30 and on 60
days' terms, or on time and two weeks late, was not in any input: a receivables trial predicted both classes at the
majority. A span counts where both its dates are known at the anchor: written by then, or set ahead
(`graph.ahead`)."""

from __future__ import annotations

from itertools import combinations

from sqlglot import exp

from rfm_sql.compile.sqlutil import ANCHOR, col, days_between, filtered, time_of
from rfm_sql.graph import SType
from rfm_sql.graph.ahead import known_ahead, rewritten

MAX_DATES = 3  # a child's dates besides its time column: up to 6 spans


def add(child, link, agg, who: str) -> None:
    """Add the mean span of each pair of `child`'s dates (rows aliased `f`, joined to the seed `s` by `link`, only
    rows begun by the anchor) and its count of rows with a date not known yet, through `agg(alias, feature name,
    expression, zero=..., source=...)`; `who`: the features' name for the table."""
    # a date rewritten as what it names recurs (updated_at) holds today's state: a span to it or a count of rows
    # "not updated yet" reads what happened after the anchor (a real-estate trial's agents' listings updated since
    # were 8 of AG0005's at a past anchor and none of anyone's at the present)
    dates = [
        c.name
        for c in child.columns
        if c.stype is SType.TIMESTAMP and c.name != child.time_column and not rewritten(child, c.name)
    ]
    dates = dates[:MAX_DATES]
    if not dates:
        return
    anchor = col(ANCHOR, "s")
    known = {child.time_column: None}  # the condition under which each date is known at the anchor (None: always)
    for name in dates:
        if known_ahead(child, name):
            known[name] = exp.not_(time_of(child, name, "f").is_(exp.null()))
        else:
            known[name] = exp.LTE(this=time_of(child, name, "f"), expression=anchor.copy())
    for j, (a, b) in enumerate(combinations([child.time_column, *dates], 2)):
        span = days_between(time_of(child, a, "f"), time_of(child, b, "f"))
        both = [c.copy() for c in (known[a], known[b]) if c is not None]
        agg(
            f"sp{j}",
            f"{who}.{b}.days_after_{a}.mean_all",
            filtered(exp.Avg(this=span), exp.and_(*both) if both else None),
            source=(child.name, b, link.fkey),
        )
    for j, name in enumerate(dates):
        if name in child.end_columns or known_ahead(child, name):  # live rows (compile.live_rows) / always known
            continue
        pending = exp.not_(exp.func("COALESCE", known[name].copy(), exp.false()))  # later, or none yet
        agg(
            f"op{j}",
            f"{who}.count_{name}_pending",
            filtered(exp.Count(this=exp.Star()), exp.Paren(this=pending)),
            zero=True,
            source=(child.name, name, link.fkey),
        )
