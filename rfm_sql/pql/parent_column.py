"""What to do when a query names a column its table does not have but a table it references does: `loans.book_id`
where loans reference copies and copies hold the book (a library trial: the plain "no column" left the user to
find the path). The fix is a view that gives each row the column of the row it references, one or two links up."""

from __future__ import annotations

import re

from sqlglot import exp

from rfm_sql.errors import did_you_mean
from rfm_sql.graph import Graph
from rfm_sql.pql.views import create_view


def no_column_problem(graph: Graph, table: str, column: str, key: str | None = None) -> str:
    """The message for `table.column` where the table has no such column: a near name, its columns, and the view
    that brings the column down from a table up its links that holds it (`parent_column_hint`). `key`: the table's
    primary key where the column must be it (FOR EACH), named first for a name that looks like a key (`repos.repo_id`
    for `repos.id`: a code-hosting trial was offered org_id, the nearest spelling)."""
    names = graph.table(table).column_names
    if key is not None and re.search(r"(id|key)$", column, re.I):
        return (
            f'Table "{table}" has no column "{column}". Did you mean "{key}"? It is the primary key, which FOR EACH '
            f"names: write {table}.{key}. Its columns: {', '.join(names)}."
        )
    return (
        f'Table "{table}" has no column "{column}".{did_you_mean(column, names)} Its columns: {", ".join(names)}.'
        f"{parent_column_hint(graph, table, column)}"
    )


def parent_column_hint(graph: Graph, table: str, column: str) -> str:
    """A sentence naming the table one or two links up from `table` that holds `column`, with the view that
    brings it down, else "" (none does, or several do: then no one path is the user's)."""
    paths = []
    for up in graph.parents(table):
        if up.parent != table and graph.table(up.parent).has_column(column):
            paths.append((up,))
    if not paths:
        for up in graph.parents(table):
            for upper in graph.parents(up.parent):
                if upper.parent not in (table, up.parent) and graph.table(upper.parent).has_column(column):
                    paths.append((up, upper))
    if len(paths) != 1:
        return ""
    path = paths[0]
    view, create = path_view(graph, table, path, column)
    return (
        f" {path[-1].parent}.{column} is {len(path)} link{'s' * (len(path) > 1)} up ({route(table, path)}): to read "
        f"it on {table}'s rows, give them the column with a view, {create}; then use {view}.{column}."
    )


def route(table: str, path) -> str:
    """`path` (links up from `table`) as words: loans -> copies (by copy_id) -> books (by book_id)."""
    return " -> ".join([table, *(f"{link.parent} (by {link.fkey})" for link in path)])


def path_view(
    graph: Graph, table: str, path, column: str, view: str | None = None, drop: str | None = None
) -> tuple[str, str]:
    """The name and CREATE VIEW of `table`'s rows with `column` of the row at the end of `path` (links up); `drop`:
    a column of `table` left out (t0.* EXCLUDE (...))."""
    view = view or f"{table}_with_{path[-1].parent}"
    star = exp.Star(**({"except_": [exp.column(drop)]} if drop else {}))
    select = exp.select(exp.Column(this=star, table=exp.to_identifier("t0"))).from_(
        exp.Table(this=exp.to_identifier(table)).as_("t0")
    )
    for i, link in enumerate(path, start=1):
        parent = graph.table(link.parent)
        select = select.join(
            exp.Table(this=exp.to_identifier(parent.name)).as_(f"t{i}"),
            on=exp.EQ(this=exp.column(link.fkey, f"t{i - 1}"), expression=exp.column(parent.primary_key, f"t{i}")),
        )
    return view, create_view(view, select.select(exp.column(column, f"t{len(path)}")))
