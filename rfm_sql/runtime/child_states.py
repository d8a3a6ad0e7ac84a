"""The latest child row's category (compile.child_categories) is not read where the column holds each row's state
today: its newest rows hold values the older ones (nearly) never do, so rows move out of them as they age (a lease
'active' until it ends, then 'ended' or 'renewed'). At a past anchor the latest row's value would read what the row
became after it: a tenant's last lease 'ended' tells the move-out. A column filled in with a later date of its row
(graph/filled_later.py) reads NULL until that date and is read. The test is the target filter's
(`state_columns.moving_values`) over the last horizon (a static target's: STATIC_HORIZON) before the table's last
row by the present."""

from __future__ import annotations

from sqlglot import exp

from rfm_sql.compile.features import STATIC_HORIZON, Feature
from rfm_sql.compile.sqlutil import lit, table, time_of, to_sql
from rfm_sql.graph import Graph
from rfm_sql.pql.validate import ValidQuery
from rfm_sql.runtime.state_columns import listed, moving_values


def stale(cur, vq: ValidQuery, graph: Graph, features: list[Feature], now) -> dict[str, tuple[str, list, float]]:
    """{feature name: (table.column, the values rows move out of, their share of the newest rows)} of the latest
    child rows' categories that hold today's state; `now`: the present (state_columns.present), None: each table's
    last row whatever its time."""
    out, judged, last = {}, {}, {}
    for f in features:
        if f.kind != "categorical" or not f.name.endswith(f".{f.column}.last") or f.table not in graph.tables:
            continue
        tab = graph.table(f.table)
        if tab.time_column is None or f.column in dict(tab.filled_with):
            continue
        if (f.table, f.column) not in judged:
            if f.table not in last:
                last[f.table] = _last_row(cur, tab, now)
            at = last[f.table]
            fresh = moving_values(cur, tab, f.column, at, vq.horizon or STATIC_HORIZON) if at is not None else {}
            judged[f.table, f.column] = fresh
        if fresh := judged[f.table, f.column]:
            out[f.name] = (f"{f.table}.{f.column}", sorted(fresh, key=lambda v: -fresh[v]), sum(fresh.values()))
    return out


def note(found: dict[str, tuple[str, list, float]]) -> str | None:
    """What the WARNING says of the columns `stale` found."""
    if not found:
        return None
    return (
        f"Not read as the latest row's value: {listed(found, 'of its newest rows')}. Those values are on its newest rows and almost none "
        "of the older ones, so rows move out of them as they age and the column holds each row's state today: at a "
        "past anchor the latest row would read what it became after it. To read it, give the table a date for "
        "when each row reached its state (a column set with it, NULL until then)."
    )


def _last_row(cur, tab, now):
    """The time of `tab`'s last row at or before `now` (any: None): the table's present, which may lie before the
    query's (a child whose rows stopped a while ago has no newest rows in the last horizon before it)."""
    last = exp.select(exp.Max(this=time_of(tab, tab.time_column))).from_(table(tab.name))
    if now is not None:
        last = last.where(exp.LTE(this=time_of(tab, tab.time_column), expression=lit(now)))
    return cur.execute(to_sql(last)).fetchall()[0][0]
