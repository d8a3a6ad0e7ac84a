"""The CREATE VIEW statements error messages suggest, built with sqlglot (names quoted where DuckDB needs it)."""

from __future__ import annotations

from sqlglot import exp


def create_view(view: str, select: exp.Select) -> str:
    return exp.Create(this=exp.Table(this=exp.to_identifier(view)), kind="VIEW", expression=select).sql("duckdb")


def borrowing_view(
    view: str,
    table: str,
    fkey: str,
    parent: str,
    pkey: str,
    column: str | tuple[str, ...],
    aliases: tuple[str, str] = ("c", "p"),
    drop: str | None = None,
) -> str:
    """CREATE VIEW `view` AS SELECT c.*, p.`column` FROM `table` c JOIN `parent` p ON c.`fkey` = p.`pkey`: each
    row of `table` with one column (or several) of the `parent` row it links to (`aliases`: the two tables'
    aliases); `drop`: a column of `table` left out (c.* EXCLUDE (...))."""
    own, up = aliases
    columns = (column,) if isinstance(column, str) else column
    star = exp.Star(**({"except_": [exp.column(drop)]} if drop else {}))
    select = (
        exp.select(exp.Column(this=star, table=exp.to_identifier(own)), *(exp.column(c, up) for c in columns))
        .from_(exp.Table(this=exp.to_identifier(table)).as_(own))
        .join(
            exp.Table(this=exp.to_identifier(parent)).as_(up),
            on=exp.EQ(this=exp.column(fkey, own), expression=exp.column(pkey, up)),
        )
    )
    return create_view(view, select)


def dated_rows_view(view: str, table: str, key: str, alias: str, date: str, extra: tuple[str, ...] = ()) -> str:
    """CREATE VIEW `view` AS SELECT `key` AS `alias`, `date`, `extra`... FROM `table` WHERE `date` IS NOT NULL: a
    table's rows whose date is set, as events dated by it (an end, a payment), to count in a window once linked
    back to the table by `alias`."""
    select = exp.select(exp.alias_(exp.column(key), alias), exp.column(date), *(exp.column(c) for c in extra))
    select = select.from_(exp.Table(this=exp.to_identifier(table))).where(exp.not_(exp.column(date).is_(exp.null())))
    return create_view(view, select)


def casting_view(view: str, table: str, column: str, dtype: str) -> str:
    """CREATE VIEW `view` AS SELECT * REPLACE (TRY_CAST(`column` AS `dtype`) AS `column`) FROM `table`: the table
    with a key column stored as text read as the type of the key it references (a value that is no such key
    becomes NULL, rather than stopping the query at the first one)."""
    cast = exp.TryCast(this=exp.column(column), to=exp.DataType.build(dtype))
    select = exp.select(exp.Star(replace=[exp.alias_(cast, column)])).from_(exp.Table(this=exp.to_identifier(table)))
    return create_view(view, select)


def values_table(table: str, column: str) -> str:
    """CREATE TABLE `column`_values AS SELECT DISTINCT `column` FROM `table`: one row per value of a column many
    rows share, an entity table to predict per value (its link from `table` is inferred)."""
    select = exp.select(exp.column(column)).distinct().from_(exp.Table(this=exp.to_identifier(table)))
    name = exp.Table(this=exp.to_identifier(f"{column}_values"))
    return exp.Create(this=name, kind="TABLE", expression=select).sql("duckdb")


def integer_cast(column: str) -> str:
    """CAST(`column` AS INT): a BOOLEAN read as 0 or 1, whose mean is the share of true rows."""
    return exp.cast(exp.column(column), "INTEGER").sql("duckdb")
