"""A class target whose column spells one class several ways: a property manager's maintenance categories, 6 kinds in
15 spellings ('Plumbing', 'plumbing', 'PLUMBING '), made FIRST(maintenance_requests.category) a choice among 15
classes, no better than the commonest one, with no word of why. The prediction's WARNING (and a backtest's) names
the spellings and the view that reads the column in one spelling per class."""

from __future__ import annotations

from sqlglot import exp

from rfm_sql.compile.sqlutil import col, folded_text, table, to_sql
from rfm_sql.graph import Graph, is_text_type
from rfm_sql.pql import ast
from rfm_sql.pql.tasks import TaskType
from rfm_sql.pql.validate import ValidQuery
from rfm_sql.pql.views import create_view
from rfm_sql.runtime.filter_values import folded

MAX_VALUES = 200  # a column of more distinct values is not read for this
SHOWN = 3  # spellings shown of the class with the most


def note(cur, vq: ValidQuery, graph: Graph) -> str | None:
    """What a multiclass target over a text column says where some of its values are one in any case or spacing
    (`filter_values.folded`), else None."""
    if vq.task_type is not TaskType.MULTICLASS:
        return None
    target = vq.query.target
    ref = target.column if isinstance(target, ast.Aggregation) else target
    if not isinstance(ref, ast.ColumnRef) or ref.table not in graph.tables:
        return None
    if not is_text_type(graph.table(ref.table).column(ref.column).dtype):
        return None
    column = col(ref.column)
    query = exp.select(column).distinct().from_(table(ref.table)).where(exp.not_(column.is_(exp.null())))
    values = [v for (v,) in cur.execute(to_sql(query.limit(MAX_VALUES + 1))).fetchall()]
    if len(values) > MAX_VALUES:
        return None
    classes: dict[str, list[str]] = {}
    for v in values:
        classes.setdefault(folded(str(v)), []).append(str(v))
    if len(classes) == len(values):
        return None
    most = sorted(max(sorted(classes.items()), key=lambda kv: len(kv[1]))[1])  # the first of those spelt most ways
    spelt = ", ".join(repr(v) for v in most[:SHOWN]) + (", ..." if len(most) > SHOWN else "")
    one = folded_text(exp.column(ref.column))  # one spelling per class, as folded() reads them
    view = f"{ref.table}_classes"
    select = exp.select(exp.Star(replace=[exp.alias_(one, ref.column)])).from_(exp.to_identifier(ref.table))
    return (
        f"{ref} holds {len(values)} values that are {len(classes)} in any case or spacing ({spelt}): each spelling is "
        f"a class of its own here. To predict the {len(classes)}, read it in one spelling per class: "
        f"{create_view(view, select)}; then name {view} in the query."
    )
