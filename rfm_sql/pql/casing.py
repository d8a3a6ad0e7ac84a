"""Names as the database spells them. DuckDB resolves an identifier whatever its case (orders, Orders,
"ORDERS" are one table), so a query's table and column names are matched the same way: each is replaced by
the graph's spelling when exactly one name matches it ignoring case. A name that matches nothing is left as
written, for validation to refuse with its suggestions."""

from __future__ import annotations

from dataclasses import fields, is_dataclass, replace

from rfm_sql.pql import ast


def as_spelled(query: ast.Query, graph) -> ast.Query:
    """`query` with every table and column name in the graph's spelling (see the module docstring)."""
    tables = _unique_lower(graph.tables)

    def fix(ref: ast.ColumnRef) -> ast.ColumnRef:
        table = ref.table if ref.table in graph.tables else tables.get(ref.table.lower(), ref.table)
        column = ref.column
        if table in graph.tables and not ref.is_star and not graph.tables[table].has_column(column):
            column = _unique_lower(graph.tables[table].column_names).get(column.lower(), column)
        return ref if (table, column) == (ref.table, ref.column) else replace(ref, table=table, column=column)

    return _rewrite(query, fix)


def _unique_lower(names) -> dict[str, str]:
    """{lowercase: name} for the names no other name equals ignoring case."""
    out: dict[str, str | None] = {}
    for name in names:
        out[name.lower()] = None if name.lower() in out else name
    return {k: v for k, v in out.items() if v is not None}


def _rewrite(node, fix):
    """`node` with `fix` applied to every ColumnRef below it (the tree is frozen dataclasses and tuples)."""
    if isinstance(node, ast.ColumnRef):
        return fix(node)
    if isinstance(node, tuple):
        items = tuple(_rewrite(item, fix) for item in node)
        return node if all(a is b for a, b in zip(items, node, strict=True)) else items
    if not is_dataclass(node) or isinstance(node, (type, ast.Span, ast.Literal, ast.Window)):
        return node
    changes = {}
    for f in fields(node):
        value = getattr(node, f.name)
        new = _rewrite(value, fix)
        if new is not value:
            changes[f.name] = new
    return replace(node, **changes) if changes else node
