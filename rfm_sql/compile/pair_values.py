"""Values of a pair's columns beyond its history and popularity: the candidate row's own columns, as of the anchor
(`column_value`), and an entity feature's value paired with the class (`with_class`)."""

from __future__ import annotations

from sqlglot import exp

from rfm_sql.compile.features import Feature, days_between
from rfm_sql.compile.sqlutil import col, lit, time_of
from rfm_sql.graph import SType

CLASS = "CLASS"


def with_class(f: Feature, value: exp.Expression) -> exp.Expression:
    """An entity feature's value and the pair's class as one category: its rate among the context's pairs (the
    encoder's target rate) is how often entities of that value had that class, which tells a cold entity's
    classes apart (a categorical entity feature alone is read alike for each of its candidates). A number is
    taken by its order of magnitude (sign x floor(log2(|x| + 1))): bins that need no fitting."""
    if f.kind == "numeric":
        value = exp.cast(value, "DOUBLE")
        magnitude = exp.Log(this=lit(2), expression=exp.Add(this=exp.Abs(this=value.copy()), expression=lit(1)))
        value = exp.Mul(this=exp.Sign(this=value), expression=exp.Floor(this=magnitude))
    value = exp.func("COALESCE", exp.cast(value, "VARCHAR"), lit(""))
    return exp.func("CONCAT", value, lit("\x1f"), exp.cast(col(CLASS, "c"), "VARCHAR"))


def column_value(tab, c, alias: str, anchor: exp.Expression) -> tuple[str, exp.Expression] | None:
    value = col(c.name, alias)
    if c.stype is SType.NUMERICAL:
        return "numeric", exp.cast(value, "DOUBLE")
    if c.stype is SType.CATEGORICAL:
        return "categorical", exp.cast(value, "VARCHAR")
    if c.stype is SType.TIMESTAMP:
        ts = time_of(tab, c.name, alias)
        future = exp.GT(this=ts, expression=anchor)
        return "numeric", exp.Case(ifs=[exp.If(this=future, true=exp.null())], default=days_between(ts, anchor.copy()))
    return None
