"""The SQL surface: UDFs on the user's connection and table macros around them.

DuckDB 2.0 has no Python table functions, so a table result comes from a table macro over `query()`: the
macro calls a scalar UDF once, at bind time, which returns the SQL to run (see DUCKDB.md). The macros
live twice: as TEMP macros on the connection `attach` was given (plain names: `rfm_labels(...)`), and in
an attached in-memory catalog `rfm_sql` that every cursor sees (`rfm_sql.rfm_labels(...)`) and that never
touches the user's file, so read-only databases work.
"""

from __future__ import annotations

import contextlib
from importlib import resources

import duckdb

MACRO_CATALOG = "rfm_sql"


def register(con: duckdb.DuckDBPyConnection, rfm) -> None:
    """Register rfm_sql's functions and macros on `con` (the long-lived parent connection)."""

    def labels_sql(pql, anchor_time):
        return rfm.labels_sql(pql, anchor_time)

    functions = {"rfm_labels_sql": (labels_sql, ["VARCHAR", "TIMESTAMP"], "VARCHAR")}
    for name, (fn, params, returns) in functions.items():
        with contextlib.suppress(duckdb.Error):
            con.remove_function(name)
        # side_effects: the SQL depends on the data (default anchor), so never fold it across queries
        con.create_function(name, fn, params, returns, null_handling="special", side_effects=True)
    # Functions are instance-wide; keep the callables alive as long as the connection (DUCKDB.md).
    rfm._udfs = functions

    attached = {r[0] for r in con.execute("SELECT database_name FROM duckdb_databases()").fetchall()}
    if MACRO_CATALOG not in attached:
        con.execute(f"ATTACH ':memory:' AS {MACRO_CATALOG} (READ_WRITE)").fetchall()
    macros = resources.files("rfm_sql").joinpath("sql", "macros.sql").read_text()
    for statement in _statements(macros):
        con.execute(statement.replace("CREATE OR REPLACE MACRO", "CREATE OR REPLACE TEMP MACRO")).fetchall()
        con.execute(statement.replace("MACRO ", f"MACRO {MACRO_CATALOG}.main.", 1)).fetchall()


def _statements(text: str) -> list[str]:
    lines = [ln for ln in text.splitlines() if not ln.strip().startswith("--")]
    return [s.strip() for s in "\n".join(lines).split(";") if s.strip()]
