"""A date of a row the entity has (its own or a parent's) as a feature: its days before the anchor (an
explanation's "registered_at = 1597" read like a date to an analyst), not known where it lies after the anchor,
unless it is set ahead (`graph.ahead`: a check-in, a due date), which reads as its signed days and, apart, as the
days until it: each form alone won on one trial and lost on the other (a hotel's cancellations, a ledger's
unpaid invoices)."""

from __future__ import annotations

from sqlglot import exp

from rfm_sql.compile.sqlutil import days_between, time_of
from rfm_sql.graph.ahead import known_ahead


def days_before(b, prefix: str, tab, c, alias: str, valid: exp.Expression | None) -> exp.Expression:
    """The date `c` of `tab`'s row `alias` as days before the anchor; adds its days until to the builder `b`
    (compile.features) where it is set ahead. `valid`: whether the row exists at the anchor (a parent's)."""
    ts = time_of(tab, c.name, alias)
    future, days = exp.GT(this=ts, expression=b.anchor), days_between(ts, b.anchor)
    if not known_ahead(tab, c.name):
        return exp.Case(ifs=[exp.If(this=future, true=exp.null())], default=days)
    until = exp.Case(ifs=[exp.If(this=future.copy(), true=exp.Neg(this=days.copy()))], default=exp.null())
    if valid is not None:
        until = exp.Case(ifs=[exp.If(this=valid.copy(), true=until)], default=exp.null())
    b.add(f"{prefix}{tab.name}.{c.name}.days_until", "numeric", until, (tab.name, c.name, prefix.removesuffix("->")))
    return days.copy()
