"""The message for a class target over free text: the graph reads the column as text (mostly distinct values, or
long ones), so it has no classes to learn; a hotel trial's guests.email ran for 30 s and returned 300,000 class
scores for 5,000 guests."""

from __future__ import annotations

from rfm_sql.graph import SType
from rfm_sql.pql import ast


def free_text_problem(graph, vq, classes: list, n_examples: int) -> str | None:
    """The message where a static class target is a text column whose context holds a class for most examples
    (an email per guest); None otherwise (long text with a few values is a category all the same)."""
    target = vq.query.target
    if not vq.static or not isinstance(target, ast.ColumnRef) or 2 * len(classes) <= n_examples:
        return None
    return free_text_target(target) if graph.table(target.table).column(target.column).stype is SType.TEXT else None


def free_text_target(target: ast.ColumnRef) -> str:
    return (
        f"{target} is free text (the graph reads it as text, and most examples hold a value of their own), so it "
        "has no classes to predict. Predict a category made from it in a view (e.g. split_part(email, '@', 2) AS email_domain), or, "
        f'if it is a category after all, say so: rfm.graph.set_stype("{target.table}", "{target.column}", '
        '"categorical").'
    )
