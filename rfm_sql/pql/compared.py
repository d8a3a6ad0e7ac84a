"""The parser's hint where a query compares two things PQL cannot: a column with another column (`paid_at >
invoices.due_date`: a ledger's "late"), or an aggregation with another aggregation or its difference (`COUNT(stars.*,
0, 30, days) > COUNT(issues.*, 0, 30, days)`: a code-hosting trial got only "expected FALSE, NULL, TRUE, ...")."""

from __future__ import annotations

import re

from sqlglot import exp

from rfm_sql.pql.views import create_view

_AGG = r"(?:COUNT_DISTINCT|COUNT|SUM|AVG|MIN|MAX|LIST_DISTINCT|FIRST|LAST)\s*\(\s*`?(\w+)`?\s*\."


def compared_hint(text: str, pos: int, tok: str) -> str | None:
    """The hint for a comparison's right side that is a column or an aggregation, or for an arithmetic operator
    between aggregations, at `pos` (the unexpected `tok`); None for any other slip."""
    after = text[pos + len(tok) :]
    if (inside := _inside_aggregation(text, pos, tok)) is not None:
        return inside
    compared = re.search(r"(=|<|>)\s*$", text[:pos])
    if compared and re.fullmatch(r"[A-Za-z_]\w*", tok) and after[:1] == ".":
        return (
            " PQL compares a column with a value (a number, 'text', a date, TRUE, FALSE or NULL), not with another column:"
            " make what you compare a column of a view (e.g. date_diff('day', due_date, paid_at) AS days_late, joining"
            " the two tables) and compare that with a number."
        )
    second = re.match(_AGG, text[pos:], re.I)
    operator = tok in ("+", "-", "*", "/") and re.search(r"\)\s*$", text[:pos]) and re.match(r"\s*" + _AGG, after, re.I)
    if not (compared and second) and not operator:
        return None
    tables = re.findall(_AGG, text[:pos], re.I)[-1:] + re.findall(_AGG, text[pos:], re.I)[:1]
    a, b = tables if len(tables) == 2 else ("a", "b")
    entity = re.search(r"\bFOR\s+(?:EACH\s+)?`?(\w+)`?\s*\.", text, re.I)
    entity = entity.group(1) if entity else "the entity table"
    target = not re.search(r"\bFOR\b", text[:pos], re.I)
    where, each, window = (
        ("A target", "Predict each aggregation on its own and compare the predictions, or predict", "0, 30")
        if target
        else ("A condition", "Use", "-30, 0")
    )
    return (
        f" {where} compares an aggregation with a constant only (a number, 'text', a date, TRUE, FALSE or NULL), not "
        f"with another aggregation, nor adds or subtracts aggregations. {each} one aggregation over a view that holds "
        f"the rows of both tables, each with a sign: CREATE VIEW {a}_{b} AS SELECT <fk>, <time> AS at, 1 AS sign FROM "
        f"{a} UNION ALL SELECT <fk>, <time>, -1 FROM {b} (<fk>: each table's column that references {entity}, under "
        f"one name); then e.g. SUM({a}_{b}.sign, {window}, days) > 0: more {a} rows than {b} rows in the window."
    )


def _inside_aggregation(text: str, pos: int, tok: str) -> str | None:
    """The hint for arithmetic inside an aggregation's column, `SUM(trades.qty * trades.price, ...)` (an exchange
    trial's traded amount got a bare list of tokens): PQL aggregates a column, so the product is a view's column."""
    opened = re.search(
        r"\b(COUNT_DISTINCT|COUNT|SUM|AVG|MIN|MAX|FIRST|LAST)\s*\(\s*`?(\w+)`?\.`?(\w+)`?\s*$", text[:pos], re.I
    )
    if tok not in ("+", "-", "*", "/") or opened is None:
        return None
    func, table, column = opened.groups()
    other = re.match(r"\s*`?\w+`?\.`?(\w+)`?", text[pos + len(tok) :])
    right = exp.column(other.group(1)) if other else exp.Var(this="<other column>")
    if tok == "-" and other and all(_DATE_NAME.search(c) for c in (column, other.group(1))):
        # two dates apart: a number of days (DuckDB casts no timestamp to DOUBLE; a home-care trial was told to)
        days = exp.DateDiff(this=exp.column(column), expression=right, unit=exp.Var(this="DAY"))
        select = exp.select(exp.Star(), days.as_("days")).from_(exp.Table(this=exp.to_identifier(table)))
        return (
            f" {func} aggregates one column, not an expression of columns: make the expression a column of a view, "
            f"e.g. {create_view(f'{table}_v', select)}, then {func}({table}_v.days, ...)."
        )
    amount = _OPERATORS[tok](this=exp.cast(exp.column(column), "DOUBLE"), expression=exp.cast(right, "DOUBLE"))
    select = exp.select(exp.Star(), amount.as_("amount")).from_(exp.Table(this=exp.to_identifier(table)))
    return (
        f" {func} aggregates one column, not an expression of columns: make the expression a column of a view, e.g. "
        f"{create_view(f'{table}_v', select)} (DOUBLE: a product of two DECIMAL(38, x) columns overflows), then "
        f"{func}({table}_v.amount, ...)."
    )


_DATE_NAME = re.compile(r"(_at|_on|_date|_time|_ts|date|time)$", re.I)  # a column named as a date or time


_OPERATORS = {"+": exp.Add, "-": exp.Sub, "*": exp.Mul, "/": exp.Div}
