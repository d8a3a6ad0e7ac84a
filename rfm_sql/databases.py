"""Opening what the command line, the servers and dbt name: a DuckDB file (read-only unless asked) or a folder
of Parquet tables with a schema.json, attached, with an optional graph file of fixes applied."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb

import rfm_sql
from rfm_sql.errors import UserError
from rfm_sql.graph.load import apply_schema


def open_db(path: str, writable: bool = False, graph_file: str | None = None) -> rfm_sql.RFM:
    p = Path(path)
    if p.is_dir():
        if writable:
            raise UserError(
                "Writing a table needs a DuckDB file, not a folder of Parquet files. Pass a .duckdb file.", "db"
            )
        rfm = rfm_sql.attach_folder(duckdb.connect(), p, views=True)
    elif not p.exists():
        raise UserError(
            f"{path} does not exist. Pass a DuckDB file or a folder of Parquet tables with a schema.json.", "db"
        )
    else:
        try:
            con = duckdb.connect(str(p), read_only=not writable)
        except duckdb.Error as e:
            raise UserError(f"Cannot open {path} as a DuckDB database: {e}", "db") from e
        rfm = rfm_sql.attach(con)
    if graph_file is not None:
        apply_graph_file(rfm.graph, graph_file)
    return rfm


def apply_graph_file(graph, path: str) -> None:
    """Apply a graph file (what `rfm-sql graph DB --save FILE` writes, or a schema.json): its keys, links and
    time columns replace what inference found for the tables it lists."""
    try:
        spec = json.loads(Path(path).read_text())
    except FileNotFoundError:
        raise UserError(
            f"Graph file {path} does not exist; write one with rfm-sql graph DB --save {path}.", "graph"
        ) from None
    except json.JSONDecodeError as e:
        raise UserError(f"Graph file {path} is not valid JSON: {e}", "graph") from e
    if not isinstance(spec, dict) or not isinstance(spec.get("tables"), dict):
        raise UserError(f'Graph file {path} needs a "tables" object, as rfm-sql graph --save writes.', "graph")
    apply_schema(graph, spec)
