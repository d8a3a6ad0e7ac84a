"""Tables recreated with other columns since the graph read them, read again.

A notebook's `CREATE OR REPLACE TABLE users AS ...`, or a dbt model rebuilt on the same connection, gives a
table other columns than the graph holds. Left alone, a query reading a dropped column failed with DuckDB's
`Binder Error: Table "e" does not have a column named "age"`, and a new column was never read. Before each
query the catalog's columns are compared with the graph's, and a table whose columns differ takes its columns,
key, time columns and links as inference reads them now, keeping what was set for the columns that remain
(a key, a time column, a type set by hand), with a warning that says what changed. A graph made by hand (not
inferred from the connection) is left as it was given.
"""

from __future__ import annotations

import warnings

from rfm_sql.errors import RFMWarning
from rfm_sql.graph.catalog import catalog as catalog_of
from rfm_sql.graph.infer import infer_graph
from rfm_sql.graph.model import PRIMARY_KEY, TIME_COLUMN, USER, Graph, Table


def refresh_changed_tables(cur, graph: Graph, tables: frozenset[str] | None) -> None:
    """Read again the graph's tables whose columns in the catalog (of `tables`, a session's scope) differ."""
    if graph.source is None:  # made by hand
        return
    catalog = catalog_of(cur, tables)
    changed = {
        name: catalog[name]
        for name, table in graph.tables.items()
        if name in catalog and catalog[name] != {c.name: c.dtype for c in table.columns}
    }
    if not changed:
        return
    fresh = infer_graph(cur, tables)
    for name in changed:
        if name in fresh.tables:
            _take(graph, fresh, name)


def _take(graph: Graph, fresh: Graph, name: str) -> None:
    old, new = graph.tables[name], fresh.tables[name]
    was = {c.name: c for c in old.columns}
    same = {c.name for c in new.columns if c.name in was and was[c.name].dtype == c.dtype}
    # end columns the user (or a graph file) set stay, those the table still has; set to none they stay none
    # (inference would bring them back); inferred ones, or set ones the table no longer has, are inferred afresh
    by_user = graph.evidence.get((name, TIME_COLUMN)) == USER
    kept = tuple(c for c in old.end_columns if c in same)
    columns = tuple(was[c.name] if c.name in same else c for c in new.columns)
    ends = kept if by_user and (kept or not old.end_columns) else new.end_columns
    table = Table(
        name,
        columns,
        old.primary_key if old.primary_key in same else new.primary_key,
        old.time_column if old.time_column in same else new.time_column,
        ends[0] if ends else None,
        new.num_rows,
        tuple(ends[1:]),
    )
    for part, kept in ((PRIMARY_KEY, old.primary_key in same), (TIME_COLUMN, old.time_column in same)):
        if not kept:
            graph.evidence.pop((name, part), None)
            if fresh.why(name, part):
                graph.evidence[(name, part)] = fresh.why(name, part)
    graph.tables[name] = table
    # a link through a column that went (or changed type), or into a key that is no longer the table's, goes
    rekeyed = table.primary_key != old.primary_key
    dropped = [
        lk for lk in graph.links if (lk.child == name and lk.fkey not in same) or (lk.parent == name and rekeyed)
    ]
    graph.links = [lk for lk in graph.links if lk not in dropped]
    linked = {(lk.child, lk.fkey) for lk in graph.links}
    added = [
        lk
        for lk in fresh.links
        if name in (lk.child, lk.parent)
        and (lk.child, lk.fkey) not in linked
        and lk.child in graph.tables
        and lk.parent in graph.tables
        and graph.tables[lk.parent].primary_key == fresh.tables[lk.parent].primary_key
    ]
    for lk in added:
        graph.links.append(lk)
        graph.evidence[(lk.child, lk.fkey)] = fresh.why(lk.child, lk.fkey)
    for lk in dropped:
        graph.evidence.pop((lk.child, lk.fkey), None)
    gone = [c for c in was if c not in same]
    new_names = [c.name for c in new.columns if c.name not in same]
    what = "; ".join(
        part
        for part in (
            f"gone or retyped: {', '.join(gone)}" if gone else "",
            f"new: {', '.join(new_names)}" if new_names else "",
            f"links dropped: {', '.join(map(str, dropped))}" if dropped else "",
            f"links added: {', '.join(map(str, added))}" if added else "",
        )
        if part
    )
    warnings.warn(
        f"{name} has other columns than when the graph read it ({what}): the graph reads it as it is now.",
        RFMWarning,
        stacklevel=4,
    )
