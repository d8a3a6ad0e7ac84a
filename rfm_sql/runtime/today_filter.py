"""A backtest's entity filter on a state of the entity's own row (`WHERE vehicles.status = 'active'`): the row holds
today's state, so at every past anchor the filter keeps the entities that hold the value today, not those that did
then. A fleet trial's backtest at 2024-03-01 kept 155 vehicles, left out 25 that were active then and retired or in
repair since (an outcome rate of 36% against 25% for those kept) and took in 6 in repair then; an ad platform's kept
today's active advertisers, 124 to 183 of those active at each anchor left out. Nothing in the data tells whether a
category changes, so a category whose name says it is a state (status, stage, phase, tier, lifecycle, active) is
named, once per backtest, with a filter on what the data dates instead. Predictions, made at the present, read the
state as it is and say nothing."""

from __future__ import annotations

from rfm_sql.graph import Graph, SType, names
from rfm_sql.pql import ast
from rfm_sql.pql.validate import ValidQuery

STATE_WORDS = ("status", "stage", "phase", "tier", "lifecycle", "active")


def note(vq: ValidQuery, graph: Graph) -> str | None:
    """What a backtest says of an entity filter that reads such a state of the entity's own row, else None."""
    condition = vq.query.entity_filter
    if condition is None or vq.static:
        return None
    entity = graph.table(vq.entity_table)
    read = sorted(
        {
            n.column
            for n in ast.walk(condition)
            if isinstance(n, ast.ColumnRef)
            and n.table == entity.name
            and entity.column(n.column).stype is SType.CATEGORICAL
            and any(w in STATE_WORDS for w in names.words(n.column))
        }
    )
    if not read:
        return None
    dated = [lk.child for lk in graph.children(entity.name) if graph.table(lk.child).time_column]
    amount, unit = vq.horizon
    instead = f" (e.g. WHERE COUNT({dated[0]}.*, -{amount}, 0, {unit}) > 0: active by its rows)" if dated else ""
    columns = ", ".join(f"{entity.name}.{c}" for c in read)
    return (
        f"The entity filter reads {columns} as {'it stands' if len(read) == 1 else 'they stand'} today at every past "
        "anchor: if it changes over time, the backtest scores the entities that hold the value today, not those that "
        f"held it then. To score those of each anchor, filter by what the data dates{instead}."
    )
