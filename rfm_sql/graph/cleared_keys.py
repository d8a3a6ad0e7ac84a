"""Keys cleared when a later date of their row is set: a tenant's current_unit_id, NULL once the tenant's
move_out_date is. Such a key links a row to its parent only while the row is live, so it holds today's state: at a
past anchor the rows linked then but cleared since (tenants who moved out after it) are missing from their parent,
and an aggregate of the parent's rows through it (a unit's tenants) reads the departures still to come. A rentals
trial's maintenance requests per unit (every move-out brings a 'turnover' request) backtested 2-9% better than
predictions made on copies of the database as it stood, at every anchor and seed.

A link's key is cleared with a date of its row (`Table.cleared_with`) where, over the table's rows, the key is NULL
on nearly every row whose date is set (CLEARED_SHARE) and set on most rows whose date is NULL (LIVE_SHARE: some rows
are not live yet, a tenant signed for later), with MIN_ROWS rows of each. Features do not read the parent's rows
through such a key, nor its rows through it (`without_cleared_links`): which parent a row had at the anchor
is lost once it is cleared. Inferred from the data at each attach, like the columns filled in later
(graph/filled_later.py)."""

from __future__ import annotations

import copy
from dataclasses import replace

import duckdb
from sqlglot import exp

from rfm_sql.compile.sqlutil import col, count_where, table
from rfm_sql.graph.ahead import known_ahead
from rfm_sql.graph.model import Graph, Link, SType, Table

CLEARED_SHARE = 0.95  # of the rows with the date on which the key is NULL
LIVE_SHARE = 0.8  # of the rows without it on which the key is set
MIN_ROWS = 20  # rows with the date and rows without it, each
MAX_PAIRS = 60  # (key, date) pairs counted per table: one scan


def marked(con, tables: dict[str, Table], links: list[Link]) -> dict[str, Table]:
    """`tables` with `cleared_with` set where a link's key is cleared with a later date of its row, as above."""
    out = dict(tables)
    for name, tab in tables.items():
        keys = [lk.fkey for lk in links if lk.child == name]
        if not keys or tab.time_column is None:
            continue
        try:
            cleared = _cleared(con, tab, keys)
        except duckdb.Error:  # a view that cannot be read here is no reason to fail: nothing is marked
            continue
        if cleared:
            out[name] = replace(tab, cleared_with=tuple(cleared))
    return out


def _cleared(con, tab: Table, keys: list[str]) -> list[tuple[str, str]]:
    dates = [
        c.name
        for c in tab.columns
        if c.stype is SType.TIMESTAMP and c.name != tab.time_column and not known_ahead(tab, c.name)
    ]
    pairs = [(k, d) for k in keys for d in dates if k != d][:MAX_PAIRS]
    if not pairs:
        return []
    selects = []
    for k, d in pairs:
        done, unset = exp.not_(col(d).is_(exp.null())), col(k).is_(exp.null())
        selects += [
            count_where(done),
            count_where(exp.and_(done.copy(), unset)),
            count_where(exp.not_(done.copy())),
            count_where(exp.and_(exp.not_(done.copy()), exp.not_(unset.copy()))),
        ]
    counts = con.execute(exp.select(*selects).from_(table(tab.name)).sql("duckdb")).fetchall()[0]
    found = []
    for i, (k, d) in enumerate(pairs):
        n_done, done_unset, n_open, open_set = (c or 0 for c in counts[4 * i : 4 * i + 4])
        if k in dict(found) or min(n_done, n_open) < MIN_ROWS:
            continue
        if done_unset >= CLEARED_SHARE * n_done and open_set >= LIVE_SHARE * n_open:
            found.append((k, d))
    return found


def without_cleared_links(graph: Graph) -> Graph:
    """`graph` less the links whose key is cleared when a later date of its row is set: what features read."""
    cleared = {(t.name, key) for t in graph.tables.values() for key, _ in t.cleared_with}
    if not any((lk.child, lk.fkey) in cleared for lk in graph.links):
        return graph
    view = copy.copy(graph)
    view.links = [lk for lk in graph.links if (lk.child, lk.fkey) not in cleared]
    return view
