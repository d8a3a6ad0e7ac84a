"""An entity filter on a state of the entity's own row (`WHERE vehicles.status = 'active'`): the row holds today's
state, so at every past anchor the filter keeps the entities that hold the value today, not those that did then. A
fleet trial's backtest at 2024-03-01 kept 155 vehicles, left out 25 that were active then and retired or in repair
since (an outcome rate of 36% against 25% for those kept) and took in 6 in repair then; an ad platform's kept
today's active advertisers, 124 to 183 of those active at each anchor left out. The context is chosen the same way,
so predictions learn from the survivors too: a real-estate trial's `WHERE listings.status = 'active'` kept, at each
past anchor, only the listings unsold today, and predicted a mean P .013 of an accepted offer where 39% had one.
Nothing in the data tells whether a category changes, so a category whose name says it is a state (status, state,
stage, phase, tier, lifecycle, active, plan; a flag is_... or has_...), or that the context's check found holding
today's state (runtime.state_columns), or a number named as a running total (a streak, a count), is named, unless
a log reads it as of the anchor (graph.change_logs) or a later date fills it in from one open state, once
per backtest and on every prediction, with a filter on what the data dates instead (counting the target's own table
where it is a dated child of the entity and among the largest)."""

from __future__ import annotations

from rfm_sql.compile import entity_asof
from rfm_sql.graph import Graph, SType, kept_names, names
from rfm_sql.pql import ast
from rfm_sql.pql.validate import ValidQuery

STATE_WORDS = ("status", "state", "stage", "phase", "tier", "lifecycle", "active", "plan")


def read(vq: ValidQuery, graph: Graph, stale=()) -> list[str]:
    """The categories of the entity's own row that its entity filter reads and that may hold today's state: named
    so, or found so (`stale`: table.column)."""
    condition = vq.query.entity_filter
    if condition is None or vq.static:
        return []
    entity = graph.table(vq.entity_table)
    # read as the anchor held it: a log's, or a state its later date fills in from one open state (compile.filled_later
    # .state_at; of several, which one a row closed since was in is a guess; of none, some close with no date)
    states = dict(entity.open_values)
    one = {
        c
        for c, _ in entity.filled_with
        if len(states.get(c, ())) == 1 or entity.column(c).stype is not SType.CATEGORICAL
    }
    as_of = entity_asof.logged_columns(graph, entity) | one
    return sorted(
        {
            n.column
            for n in ast.walk(condition)
            if isinstance(n, ast.ColumnRef)
            and n.table == entity.name
            and n.column not in as_of
            and _state(entity.column(n.column), entity.column_names, f"{entity.name}.{n.column}" in stale)
        }
    )


def _state(column, columns, found: bool) -> bool:
    """Whether a column of the entity's row may hold today's state: a category named or found so, or a number named
    as a running total (a language app's `WHERE users.current_streak > 0` kept, at a past anchor, the users on a
    streak today: 109 with 34% churning within 14 days, where 129 with 3% were on one then)."""
    if column.stype is SType.CATEGORICAL:
        return _state_named(column) or found
    return column.stype is SType.NUMERICAL and kept_names.running_total(column.name, columns)


def _state_named(column) -> bool:
    """Whether a category's name says it is a state (status, plan, ...), or a flag's (is_pro, has_trial: a product
    analytics trial's `WHERE users.plan = 'free'` kept, at each past anchor, only users still free today)."""
    words = names.words(column.name)
    flag = column.dtype.upper().startswith("BOOL") and words[:1] in (["is"], ["has"])
    return flag or any(w in STATE_WORDS for w in words)


def note(vq: ValidQuery, graph: Graph, stale=(), backtest: bool = True) -> str | None:
    """What a backtest (or a prediction, `backtest=False`) says of an entity filter that reads such a state of the
    entity's own row, else None."""
    columns = read(vq, graph, stale)
    if not columns:
        return None
    entity = graph.table(vq.entity_table)
    dated = [lk.child for lk in graph.children(entity.name) if graph.table(lk.child).time_column]
    amount, unit = vq.horizon
    child = _activity(graph, dated, [t for t in _target_tables(vq) if t in dated])
    instead = f" (e.g. WHERE COUNT({child}.*, -{amount}, 0, {unit}) > 0: active by its rows)" if child else ""
    named = ", ".join(f"{entity.name}.{c}" for c in columns)
    stands = "it stands" if len(columns) == 1 else "they stand"
    if backtest:
        return (
            f"The entity filter reads {named} as {stands} today at every past anchor: if it changes over time, the "
            "backtest scores the entities that hold the value today, not those that held it then. To score those "
            f"of each anchor, filter by what the data dates{instead}."
        )
    return (
        f"The entity filter reads {named} as {stands} today at every past anchor the context comes from: if it "
        "changes over time, the model learns from the entities that hold the value today, not those that held it "
        "then (those whose outcome came may since have left it), and predicts as they went. To learn from those of "
        f"each anchor, filter by what the data dates{instead}."
    )


def _activity(graph: Graph, dated: list[str], own: list[str]) -> str | None:
    """The dated child whose rows best say the entity is active: the target's own table unless another holds over
    twice its rows (a cloud host's plan changes are no activity beside its usage rows), else the largest."""
    rows = {t: graph.table(t).num_rows or 0 for t in dated}
    largest = max(dated, key=lambda t: rows[t], default=None)
    if own and rows[own[0]] * 2 >= rows.get(largest, 0):
        return own[0]
    return largest


def _target_tables(vq: ValidQuery) -> list[str]:
    return [n.column.table for n in ast.walk(vq.query.target) if isinstance(n, ast.Aggregation)]
