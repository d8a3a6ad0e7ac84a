"""Numbers kept up to date as rows come in (a post's score, a user's reputation, a job posting's applicant_count):
a backtest reads today's value at every past anchor, which counts what came after it. At the present the value is
right, and nothing in the data tells such a running total from a number that stays put (a venue's seat count), so
predictions read it; a backtest whose inputs hold one says so, with the graph call that stops it being read. A
forum trial: upvotes per post in 30 days backtested at MAE 0.64-0.70 with posts.score read, where predictions made
on copies of the database as it stood read 0.78-0.84 (and 0.89 without the column on both: it helps predictions
and flatters backtests); its LightGBM baseline read 0.803 AUROC on churn with users.reputation, 0.755 without."""

from __future__ import annotations

from rfm_sql.graph import Graph, SType, names
from rfm_sql.pql.validate import ValidQuery


def suspects(vq: ValidQuery, graph: Graph, kinds: dict[str, str]) -> list[tuple[str, str]]:
    """(table, column) of each number read (`kinds`: the features read) from the entity's own row or a row its keys
    reference whose name says it is a running total (`names.running_total`), on a table that gains dated rows (a
    child table with a time column); none for a static target, whose context is read at the present."""
    if vq.static:
        return []
    entity = graph.table(vq.entity_table)
    parents = {lk.fkey: lk.parent for lk in graph.parents(entity.name) if lk.parent != entity.name}
    found = {}
    for name, kind in kinds.items():
        via, _, what = name.split(":", 1)[-1].rpartition("->")
        if kind != "numeric" or what.count(".") != 1:
            continue
        t, column = what.split(".")
        if not ((via == "" and t == entity.name) or parents.get(via) == t):
            continue
        tab = graph.table(t)
        counted = any(graph.table(lk.child).time_column for lk in graph.children(t) if lk.child != t)
        if counted and tab.column(column).stype is SType.NUMERICAL and names.running_total(column, tab.column_names):
            found[(t, column)] = None
    return list(found)


def note(found: list[tuple[str, str]]) -> str | None:
    """What a backtest says of the running totals it reads (`suspects`), else None."""
    if not found:
        return None
    listed = ", ".join(f"{t}.{c}" for t, c in found)
    t, c = found[0]
    return (
        f"{listed} {'looks' if len(found) == 1 else 'look'} like a running total kept up to date (by name, on a table "
        "that gains rows over time): a backtest reads today's value at every past anchor, which counts what came "
        "after it, so it may read better than predictions can. To see what it adds, backtest without it: "
        f'rfm.graph.set_stype("{t}", "{c}", "id") (in a graph file: "stypes": {{"{c}": "id"}}).'
    )
