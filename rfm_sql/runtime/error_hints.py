"""What a query's error adds about the connection it was asked on: where a table it names lives instead (another
schema, an attached database, a TEMP table the cursors rfm_sql reads through cannot see), whether a view that reads
a text key as a number would hold any key (`runtime.cast_check`), and that a view the error suggests cannot be
created on a read-only connection (which the README recommends), with how to."""

from __future__ import annotations

import contextlib

import duckdb

from rfm_sql.errors import GraphError, PQLError
from rfm_sql.runtime import cast_check
from rfm_sql.runtime.elsewhere import elsewhere_hint
from rfm_sql.runtime.listed import key_examples

# what SQL users, whose connection cannot be asked about its temporary objects, read after "Unknown table"
TEMPORARY_HINT = (
    " If it is a TEMP table or a DataFrame registered on your connection: rfm_sql reads through cursors of its "
    "own, which do not see those; save it as a table (CREATE TABLE name_data AS SELECT * FROM name) and use that."
)
READ_ONLY_HINT = (
    " This connection is read-only, so the view cannot be created through it: run the CREATE VIEW on a read-write "
    "connection to the same file (close this one first: DuckDB opens a file one way at a time), then attach again."
)


def with_hints(e: PQLError | GraphError, cur, unknown: set[str], checked: bool, graph):
    """`e`, or the same error with what the connection adds (`unknown`: the tables the query names that `graph`
    lacks; `checked`: whether the connection's TEMP tables were looked at)."""
    hint, has_tables = "", bool(graph.tables)
    if unknown and not (isinstance(e, PQLError) and not e.problem.startswith("Unknown table")):
        hint = elsewhere_hint(cur, unknown if has_tables else set()) or ("" if checked else TEMPORARY_HINT)
    if getattr(e, "keys_of", None):  # keys listed unquoted: show how the stored ones read
        with contextlib.suppress(duckdb.Error):
            shown = key_examples(cur, graph.table(e.keys_of))
            hint += f" Its keys look like {shown}." if shown else ""
    if "TRY_CAST(" in str(e):  # a view reading a text key as a number: would it hold any key?
        with contextlib.suppress(duckdb.Error):  # a hint that cannot be worked out must not replace the error
            hint += cast_check.note(cur, str(e))
    if "CREATE VIEW" in str(e) and _read_only(cur):
        hint += READ_ONLY_HINT
    if not hint:
        return e
    if isinstance(e, GraphError):
        return GraphError(str(e) + hint)
    return PQLError(e.problem + hint, e.source, e.pos, e.end)


def _read_only(cur) -> bool:
    rows = cur.execute("SELECT readonly FROM duckdb_databases() WHERE database_name = current_database()").fetchall()
    return bool(rows and rows[0][0])
