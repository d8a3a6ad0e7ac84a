"""What to do when a query aggregates a table that does not link to the entity table.

Most often the table reaches the entity through one more table: events -> users -> accounts, asked per account.
PQL aggregates one foreign key away, so the fix is a view that carries the entity's key down to the rows (rfm_sql
finds the view's link by itself); adding a link from the table, which has no such column, cannot work.
"""

from __future__ import annotations

from rfm_sql.graph import Graph
from rfm_sql.pql.views import borrowing_view


def not_linked_problem(graph: Graph, table: str, entity: str) -> str:
    """The message for aggregating `table` per `entity` without a link between them."""
    linked = sorted({lk.child for lk in graph.children(entity)})
    head = (
        f'Table "{table}" is not linked to the entity table "{entity}" by a foreign key, so it cannot be aggregated '
        f"per entity. Tables linked to {entity}: {', '.join(linked) or 'none'}. "
    )
    for up in graph.parents(table):  # table -> middle -> entity: two hops
        hops = [lk for lk in graph.parents(up.parent) if lk.parent == entity and lk.parent != up.parent]
        columns = graph.table(table).column_names
        if not hops or hops[0].fkey in columns:
            continue
        middle = graph.table(up.parent)
        view = f"{table}_by_{entity}"
        key = hops[0].fkey
        create = borrowing_view(view, table, up.fkey, middle.name, middle.primary_key, key, aliases=("t", "m"))
        return head + (
            f"It reaches {entity} in two steps ({table}.{up.fkey} -> {middle.name}, {middle.name}.{key} -> "
            f"{entity}), and PQL aggregates one link away: give its rows the {entity} key with a view, "
            f"{create}; then name {view} in the query (rfm_sql finds the view's links)."
        )
    own = [f"{lk.fkey} -> {lk.parent}" for lk in graph.parents(table)]
    # a key inferred to the wrong table (follower_id -> the follows table's own ids) is why, more often than not
    links = f"Its links now: {', '.join(own)} (unlink one that is wrong). " if own else ""
    return head + links + f'If a link is missing, add it: rfm.graph.link("{table}", "<fk column>", "{entity}").'
