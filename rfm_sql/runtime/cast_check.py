"""Whether the view an error suggests for a key stored as text (`pql.views.casting_view`: TRY_CAST to the type of
the key it references) would hold any key, checked on the data: keys like 'E0001' read as an integer are all
NULL, and the next error then advised linking that all-NULL column. Where the digits in them are the keys
(E0001 -> 1), the view that reads those is offered instead, once the data shows they match."""

from __future__ import annotations

import re

from sqlglot import exp

from rfm_sql.compile.sqlutil import table, to_sql

# what pql.unlinked writes: "... is VARCHAR while employees.employee_id is INTEGER ... CREATE VIEW v AS SELECT *
# REPLACE (TRY_CAST(employee_id AS INT) AS employee_id) FROM performance_reviews"
_PARENT = re.compile(r' while "?(?P<parent>[^"\s.]+)"?\."?(?P<key>[^"\s]+?)"? is ')
_VIEW = re.compile(
    r'CREATE VIEW "?(?P<view>[^"\s]+)"? AS SELECT \* REPLACE \(TRY_CAST\("?(?P<column>[^"\s]+)"? AS (?P<dtype>\w+)\) '
    r'AS "?[^"\s]+"?\) FROM "?(?P<table>[^"\s;]+)"?'
)
MOSTLY = 0.5  # a view under which fewer than this share of the values are keys holds almost none
DIGITS = 0.9  # the digits are offered where at least this share of the values' digits are keys of the parent


def note(cur, message: str) -> str:
    """What the data says of the casting view in `message` where few of the column's values would read as keys,
    else ""."""
    view, parent = _VIEW.search(message), _PARENT.search(message)
    if view is None or parent is None:
        return ""
    column, dtype, name = exp.column(view["column"], quoted=True), view["dtype"], view["table"]
    cast = exp.TryCast(this=column.copy(), to=exp.DataType.build(dtype))
    counted = exp.select(exp.Count(this=column.copy()), exp.Count(this=cast)).from_(table(name))
    total, read = cur.execute(to_sql(counted)).fetchall()[0]
    if not total or read >= MOSTLY * total:
        return ""
    examples = exp.select(column.copy()).distinct().from_(table(name)).where(exp.not_(column.copy().is_(exp.null())))
    shown = ", ".join(repr(r[0]) for r in cur.execute(to_sql(examples.order_by(column.copy()).limit(3))).fetchall())
    out = (
        f" Few of its values read as {dtype} ({read:,} of {total:,}; they look like {shown}), so that view would "
        "hold almost no key."
    )
    digits = exp.TryCast(
        this=exp.RegexpExtract(this=column.copy(), expression=exp.Literal.string(r"\d+")),
        to=exp.DataType.build(dtype),
    )
    keys = exp.select(exp.column(parent["key"], quoted=True)).from_(table(parent["parent"]))
    # one run of digits, one key each: 'B-2023-00017' would read as 2023 for every buyer
    one_run = exp.RegexpLike(this=column.copy(), expression=exp.Literal.string(r"^[^0-9]*[0-9]+[^0-9]*$"))
    hits = exp.func("COUNT_IF", exp.and_(one_run, exp.In(this=digits.copy(), query=keys.subquery())))
    distinct = [exp.Count(this=exp.Distinct(expressions=[e])) for e in (column.copy(), digits.copy())]
    found, texts, numbers = cur.execute(to_sql(exp.select(hits, *distinct).from_(table(name)))).fetchall()[0]
    if found >= DIGITS * total and texts == numbers:
        select = exp.select(exp.Star(replace=[exp.alias_(digits.copy(), view["column"])])).from_(table(name))
        create = exp.Create(this=exp.Table(this=exp.to_identifier(view["view"])), kind="VIEW", expression=select)
        return out + (
            f" The digits in them are {parent['parent']}.{parent['key']} values, though: if that is what they mean, "
            f"{create.sql('duckdb')}."
        )
    return out + (
        f" Map them to {parent['parent']}.{parent['key']} in a view that joins a table holding both keys, or store "
        "the same keys in both tables."
    )
