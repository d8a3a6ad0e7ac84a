"""Small sqlglot builders shared by the compilers. Names and values always go through these: never
pasted into SQL text."""

from __future__ import annotations

import datetime as dt
import decimal
import uuid

from sqlglot import exp

ENTITY = "ENTITY"
ANCHOR = "ANCHOR_TIMESTAMP"
TARGET = "TARGET"

_UNIT_SQL = {
    "seconds": ("SECOND", 1),
    "minutes": ("MINUTE", 1),
    "hours": ("HOUR", 1),
    "days": ("DAY", 1),
    "weeks": ("DAY", 7),
    "months": ("MONTH", 1),
}


def ident(name: str) -> exp.Identifier:
    return exp.to_identifier(name, quoted=True)


def col(name: str, table: str | None = None) -> exp.Column:
    return exp.column(name, table=table, quoted=True)


def table(name: str, alias: str | None = None) -> exp.Table:
    """A table reference built from the name as one identifier (exp.to_table would parse it as SQL)."""
    t = exp.Table(this=ident(name))
    return t.as_(alias, quoted=True) if alias else t


def lit(value) -> exp.Expression:
    """A Python value as a SQL literal (timestamps cast, so comparisons type-check)."""
    if value is None:
        return exp.null()
    if isinstance(value, bool):
        return exp.Boolean(this=value)
    if isinstance(value, (int, float)):
        return exp.Literal.number(repr(value) if isinstance(value, float) else str(value))
    if isinstance(value, dt.datetime):
        return exp.cast(exp.Literal.string(value.isoformat(sep=" ")), "TIMESTAMP")
    if isinstance(value, dt.date):
        return exp.cast(exp.Literal.string(value.isoformat()), "TIMESTAMP")
    if isinstance(value, str):
        return exp.Literal.string(value)
    if isinstance(value, decimal.Decimal) and value.is_finite():  # a DECIMAL key as DuckDB returned it
        return exp.Literal.number(str(value))
    if isinstance(value, uuid.UUID):
        return exp.Literal.string(str(value))
    raise TypeError(f"cannot write {value!r} as a SQL literal")


def sql_type(dtype: str) -> exp.DataType:
    """A column type name as DuckDB spells it (UBIGINT, HUGEINT, ...) as a sqlglot type to CAST to."""
    return exp.DataType.build(dtype, dialect="duckdb")


def shift(anchor: exp.Expression, amount: int, unit: str) -> exp.Expression:
    """`anchor + amount units`: fixed lengths for seconds..weeks, calendar months for months."""
    if amount == 0:
        return anchor
    sql_unit, factor = _UNIT_SQL[unit]
    interval = exp.Interval(this=exp.Literal.string(str(abs(amount) * factor)), unit=exp.Var(this=sql_unit))
    return exp.Add(this=anchor, expression=interval) if amount > 0 else exp.Sub(this=anchor, expression=interval)


def time_of(tab, name: str, alias: str | None = None, cast: bool = True) -> exp.Expression:
    """Column `name` of `tab` (a graph Table) as a naive UTC TIMESTAMP: every read of a time column goes
    through here. DATE/TIMESTAMP columns are cast (`cast=False`: read as they are, DuckDB compares DATE
    with TIMESTAMP); TIMESTAMPTZ is taken at UTC; integers with an epoch unit become timestamps."""
    column = tab.column(name)
    value = col(name, alias)
    dtype = column.dtype.upper()
    if column.unit is not None:
        whole = exp.cast(value, "BIGINT")
        if column.unit == "s":  # via milliseconds: DuckDB's to_timestamp(seconds) is a TIMESTAMPTZ
            whole = exp.Mul(this=whole, expression=exp.Literal.number(1000))
        scale = exp.UnixToTime.MICROS if column.unit == "us" else exp.UnixToTime.MILLIS
        return exp.UnixToTime(this=whole, scale=scale)
    if dtype in _ZONED:
        return utc_naive(dtype, value)
    if dtype == "TIMESTAMP_NS" and cast:
        return _ceil_micros(value)
    return exp.cast(value, "TIMESTAMP") if cast else value


def _ceil_micros(value: exp.Expression) -> exp.Expression:
    """A TIMESTAMP_NS value as a TIMESTAMP rounded up to the microsecond: a CAST rounds to the nearest, which put a
    row 0.4 µs after the anchor at the anchor, in its history. Rounded up, a row is at or before a (microsecond)
    anchor or window end exactly when it was before the rounding. DuckDB's // truncates toward zero, which is up
    for negative values (before 1970), so only a positive remainder adds one."""
    ns = exp.Anonymous(this="epoch_ns", expressions=[value])
    thousand = exp.Literal.number(1000)
    remainder = exp.GT(this=exp.Mod(this=ns.copy(), expression=thousand.copy()), expression=exp.Literal.number(0))
    micros = exp.Add(this=exp.IntDiv(this=ns, expression=thousand), expression=exp.cast(remainder, "BIGINT"))
    return exp.Anonymous(this="make_timestamp", expressions=[micros])


_ZONED = ("TIMESTAMP WITH TIME ZONE", "TIMESTAMPTZ")


def utc_naive(dtype: str, value: exp.Expression) -> exp.Expression:
    """A TIMESTAMPTZ value as the naive UTC TIMESTAMP it is, any other value as it is: PQL reads the timestamps
    a query writes as UTC, and DuckDB would compare a TIMESTAMPTZ with them in its TimeZone setting."""
    return exp.AtTimeZone(this=value, zone=exp.Literal.string("UTC")) if dtype.upper() in _ZONED else value


def utc_naive_list(dtype: str, value: exp.Expression) -> exp.Expression:
    """`utc_naive` of each element of a list of `dtype` values (LIST_DISTINCT of a TIMESTAMPTZ column)."""
    if dtype.upper() not in _ZONED:
        return value
    element = exp.to_identifier("rfm_t")
    each = exp.Lambda(this=utc_naive(dtype, exp.column(element.copy())), expressions=[element])
    return exp.Anonymous(this="list_transform", expressions=[value, each])


def false_if_null(condition: exp.Expression) -> exp.Expression:
    """PQL: a comparison with a NULL operand is false (never unknown), so NOT and OR behave classically."""
    return exp.func("COALESCE", condition, exp.false())


def values_table(rows: list[tuple], alias: str, columns: list[str]) -> exp.Values:
    return exp.values([tuple(rows_i) for rows_i in rows], alias=alias, columns=columns)


def to_sql(expression: exp.Expression, pretty: bool = False) -> str:
    return expression.sql(dialect="duckdb", pretty=pretty)


def days_between(earlier: exp.Expression, later: exp.Expression) -> exp.Expression:
    micro = exp.DateDiff(this=later, expression=earlier, unit=exp.Var(this="MICROSECOND"))
    return exp.Div(this=micro, expression=exp.Literal.number("86400000000.0"))


def as_double(e: exp.Expression) -> exp.Expression:
    return exp.cast(e, "DOUBLE")


def latest_order(t: exp.Expression, key: exp.Expression) -> exp.Expression:
    """A row's place in time order (ARG_MAX over it takes the latest row): its time `t`, ties broken by `key`."""
    return exp.Struct(
        expressions=[
            exp.PropertyEQ(this=ident("t"), expression=t.copy()),
            exp.PropertyEQ(this=ident("k"), expression=key),
        ]
    )


def filtered(aggregate: exp.Expression, condition: exp.Expression | None) -> exp.Expression:
    """`aggregate FILTER (WHERE condition)`; the aggregate itself without a condition."""
    if condition is None:
        return aggregate
    return exp.Filter(this=aggregate, expression=exp.Where(this=condition))


def count_where(condition: exp.Expression) -> exp.Expression:
    """`COUNT(*) FILTER (WHERE condition)`."""
    return filtered(exp.Count(this=exp.Star()), condition)


def folded_text(value: exp.Expression) -> exp.Expression:
    """`value` in one spelling whatever its case or spacing, an underscore or a hyphen a space, as
    runtime.filter_values.folded reads text ('PLUMBING ', 'plumbing' and 'Plumbing' alike)."""
    folded = exp.Lower(this=exp.Trim(this=value))
    for mark in ("_", "-"):
        folded = exp.func("REPLACE", folded, lit(mark), lit(" "))
    return folded


def same_columns(columns: list[str], left: str, right: str) -> exp.Expression:
    """`right`.c = `left`.c for each column c of `columns`: a join on those columns."""
    return exp.and_(*(exp.EQ(this=col(c, right), expression=col(c, left)) for c in columns))


def at_most(rank: str, n: int, alias: str | None = None) -> exp.Expression:
    """`alias`.`rank` <= n: the first n of a ranking."""
    return exp.LTE(this=col(rank, alias), expression=exp.Literal.number(n))


def same_pair(name: str) -> exp.Expression:
    """The join of the relation `name` to the seed pairs `s` on (ENTITY, ANCHOR_TIMESTAMP)."""
    return exp.and_(
        exp.EQ(this=col(ENTITY, name), expression=col(ENTITY, "s")),
        exp.EQ(this=col(ANCHOR, name), expression=col(ANCHOR, "s")),
    )


def child_label(graph, table_name: str, link) -> str:
    """The name features give the rows of `link`'s child table under `table_name`: the child's, with the key
    where the child links to that table twice (follows: follower_id, followee_id), so each link's are apart."""
    twice = sum(lk.child == link.child for lk in graph.children(table_name)) > 1
    return f"{link.child}[{link.fkey}]" if twice else link.child
