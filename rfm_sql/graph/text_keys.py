"""Text columns that hold another table's integer keys: a donation's appt_ref of '1042' for appointments.appt_id
1042. No link matches text with numbers (DuckDB would stop at the first value that does not cast), so inference
leaves them unlinked; `Graph.describe` names each with the view that reads it as the key's type, which five
trial databases in a row needed and were told of only once a query named the table."""

from __future__ import annotations

import duckdb
from sqlglot import exp

from rfm_sql.compile.sqlutil import table as table_ref
from rfm_sql.graph import names
from rfm_sql.graph.containment import NAMED_CONTAINMENT
from rfm_sql.graph.link_check import contained
from rfm_sql.graph.model import Graph, Link, is_integer_type, is_text_type
from rfm_sql.pql.views import casting_view

SHORT = 30  # a key is a short string; longer text is content


def noted(con, graph: Graph, catalog: dict, stats: dict) -> Graph:
    """`graph` with `text_keys` {(table, column): what describe() says of it} for each unlinked short text column
    named like a key whose every value reads as an integer and whose distinct values another table's integer key
    holds, at least NAMED_CONTAINMENT of them, where the name says that table (ids held by chance, a locker_no
    inside a table's row ids, are no key)."""
    graph.text_keys = found(con, catalog, stats, {n: t.primary_key for n, t in graph.tables.items()}, graph.links)
    return graph


def found(con, catalog: dict, stats: dict, pkeys: dict, links: list[Link]) -> dict[tuple[str, str], str]:
    """`noted`'s notes, of `catalog` ({table: {column: type}}) with its `stats` (`infer._column_stats`)."""
    linked = {(lk.child, lk.fkey) for lk in links}
    parents = {p: k for p, k in pkeys.items() if k and is_integer_type(catalog[p][k])}
    out = {}
    for name, cols in catalog.items():
        for col, dtype in cols.items():
            st = stats[name].get(col) or {}
            if (name, col) in linked or col == pkeys.get(name) or not is_text_type(dtype):
                continue
            if st.get("distinct", 0) < 2 or (st.get("avg_len") or 0) > SHORT or not names.looks_like_key(col):
                continue
            try:
                if not _all_integers(con, name, col):
                    continue
                fits = (_fit(con, name, col, cols, p, k, catalog, stats) for p, k in parents.items() if p != name)
                best = max(fits, default=None)
            except duckdb.Error:  # a view not readable here: nothing to say
                continue
            if best is None or not best[0][0] or best[0][1] < NAMED_CONTAINMENT:  # integers alone link nothing
                continue
            parent, key = best[1], parents[best[1]]
            view = casting_view(f"{name}_keyed", name, col, catalog[parent][key])
            out[(name, col)] = (
                f"text holding {parent}.{key} values ({best[0][1]:.0%} of its distinct values), a key of type "
                f"{catalog[parent][key]}: no link matches text with numbers; to link it, read it as a number in "
                f'a view, {view}; then rfm.graph.link("{name}_keyed", "{col}", "{parent}") and name {name}_keyed '
                "in queries"
            )
    return out


def _all_integers(con, table: str, col: str) -> bool:
    column = exp.column(col, quoted=True)
    cast = exp.TryCast(this=column.copy(), to=exp.DataType.build("BIGINT"))
    sql = exp.select(exp.Count(this=column), exp.Count(this=cast)).from_(table_ref(table)).sql("duckdb")
    total, read = con.execute(sql).fetchall()[0]
    return bool(total) and read == total


def _fit(con, table: str, col: str, cols: dict, parent: str, key: str, catalog: dict, stats: dict) -> tuple:
    """((whether the name says `parent`, share of the distinct values its key holds, its rows), parent): the
    table the name says first, then the one holding most, then the larger (as inference ranks links)."""
    # the name says the table, or names the key's own stem (appt_ref: appointments.appt_id)
    stem = names.words(col)[:-1]
    named = (
        names.names_parent(col, cols, parent, key, catalog[parent]) is not None or stem == names.words(key)[:-1] != []
    )
    n, hit = contained(con, table, col, parent, key, catalog[parent][key])
    return (named, hit / n if n else 0.0, stats[parent]["__rows__"]), parent
