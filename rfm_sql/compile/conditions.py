"""PQL expressions -> SQL expressions with PQL's NULL rules (a comparison with NULL is false)."""

from __future__ import annotations

from collections.abc import Callable

from sqlglot import exp

from rfm_sql.compile.sqlutil import false_if_null, lit
from rfm_sql.pql import ast

# How an operand becomes SQL: a column reference or an aggregation -> its value expression.
OperandFn = Callable[[ast.ColumnRef | ast.Aggregation], exp.Expression]


def compile_condition(node, operand: OperandFn) -> exp.Expression:
    """A boolean SQL expression that is never NULL."""
    if isinstance(node, ast.And):
        return exp.and_(*(compile_condition(i, operand) for i in node.items))
    if isinstance(node, ast.Or):
        return exp.or_(*(compile_condition(i, operand) for i in node.items))
    if isinstance(node, ast.Not):
        return exp.not_(compile_condition(node.item, operand))
    if isinstance(node, ast.Comparison):
        return false_if_null(compile_comparison(node, operand(node.left)))
    return false_if_null(operand(node))  # a boolean column or value used as a condition


def compile_comparison(cmp: ast.Comparison, left: exp.Expression) -> exp.Expression:
    op = cmp.op
    if op == "IS NULL" or (op == "=" and cmp.right.value is None):
        return left.is_(exp.null())
    if op == "IS NOT NULL" or (op == "!=" and cmp.right.value is None):
        return exp.not_(left.is_(exp.null()))
    value = cmp.right.value
    if op in ("IN", "NOT IN"):
        present = [v for v in value if v is not None]
        test = exp.In(this=left, expressions=[lit(v) for v in present]) if present else exp.false()
        if None in value:  # `x IN (1, NULL)` means x = 1 OR x IS NULL, as `= NULL` means IS NULL
            test = exp.or_(test, left.is_(exp.null()))
        return exp.not_(test) if op == "NOT IN" else test
    right = lit(value)
    if op == "LIKE":
        return exp.Like(this=left, expression=right)
    if op == "NOT LIKE":
        return exp.not_(exp.Like(this=left, expression=right))
    if op == "STARTS WITH":
        return exp.StartsWith(this=left, expression=right)
    if op == "ENDS WITH":
        return exp.EndsWith(this=left, expression=right)
    if op == "CONTAINS":
        if isinstance(cmp.left, ast.Aggregation) and cmp.left.func == "LIST_DISTINCT":
            return exp.ArrayContains(this=left, expression=right)
        return exp.GT(this=exp.func("STRPOS", left, right), expression=exp.Literal.number(0))
    builders = {"=": exp.EQ, "!=": exp.NEQ, "<": exp.LT, "<=": exp.LTE, ">": exp.GT, ">=": exp.GTE}
    return builders[op](this=left, expression=right)
