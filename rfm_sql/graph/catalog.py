"""What a DuckDB connection's current schema holds for the graph: its tables and views with their column
types, and the keys it declares."""

from __future__ import annotations

import re

from rfm_sql.graph.model import Link

# a view over rfm_sql's own functions holds predictions, not data: reading it would run the model (and, on a
# connection where the functions are not registered yet, fail: a dbt view model over rfm_predict did that)
_OWN_FUNCTION = re.compile(r"\brfm_(predict|evaluate|explain|labels|compile|infer)\w*\s*\(", re.IGNORECASE)


def catalog(con, tables: frozenset[str] | None = None) -> dict[str, dict[str, str]]:
    """{table: {column: type}} for base tables and views of the current database and schema, but views over
    rfm_sql's own functions; only those named in `tables`, when given (a session's scope: graph/scope.py)."""
    rows = con.execute(
        "SELECT table_name, column_name, data_type FROM duckdb_columns() "
        "WHERE database_name = current_database() AND schema_name = current_schema() AND NOT internal "
        "ORDER BY table_name, column_index"
    ).fetchall()
    views = con.execute(
        "SELECT view_name, sql FROM duckdb_views() WHERE database_name = current_database() "
        "AND schema_name = current_schema() AND NOT internal"
    ).fetchall()
    own = {name for name, sql in views if sql and _OWN_FUNCTION.search(sql)}
    out: dict[str, dict[str, str]] = {}
    wanted = None if tables is None else {t.lower() for t in tables}  # DuckDB's names ignore case
    for table, column, dtype in rows:
        if table not in own and (wanted is None or table.lower() in wanted):
            out.setdefault(table, {})[column] = dtype
    return out


def composite_keys(con, tables: frozenset[str] | None = None) -> dict[str, tuple[str, ...]]:
    """The declared primary keys of more than one column, {table: its columns}: not modelled (`declared_keys`),
    but a person reading the graph should see why such a table has none."""
    rows = con.execute(
        "SELECT table_name, constraint_column_names FROM duckdb_constraints() "
        "WHERE database_name = current_database() AND schema_name = current_schema() "
        "AND constraint_type = 'PRIMARY KEY'"
    ).fetchall()
    scope = {t.lower() for t in tables or ()}
    return {t: tuple(cols) for t, cols in rows if len(cols) > 1 and (tables is None or t.lower() in scope)}


def declared_keys(con, tables: frozenset[str] | None = None) -> tuple[dict[str, str], list[Link]]:
    """The declared single-column primary keys and foreign keys (between tables of `tables`, when given)."""
    rows = con.execute(
        "SELECT table_name, constraint_type, constraint_column_names, referenced_table, "
        "referenced_column_names FROM duckdb_constraints() "
        "WHERE database_name = current_database() AND schema_name = current_schema() "
        "AND constraint_type IN ('PRIMARY KEY', 'FOREIGN KEY')"
    ).fetchall()
    pks, fks = {}, []
    scope = {t.lower() for t in tables or ()}
    for table, kind, cols, ref_table, _ref_cols in rows:
        if tables is not None and (
            table.lower() not in scope or kind == "FOREIGN KEY" and str(ref_table).lower() not in scope
        ):
            continue
        if len(cols) != 1:  # composite keys are not modelled: such a table is treated as unkeyed
            continue
        if kind == "PRIMARY KEY":
            pks[table] = cols[0]
        else:
            fks.append(Link(table, cols[0], ref_table))
    return pks, fks
