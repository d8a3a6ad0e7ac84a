"""Load a folder of Parquet tables + schema.json (the format of ../shared/data) into DuckDB."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
from sqlglot import exp

from rfm_sql.compile.sqlutil import table as table_ref
from rfm_sql.errors import GraphError
from rfm_sql.graph.model import PRIMARY_KEY, TIME_COLUMN


def read_schema(path: str | Path) -> dict:
    folder = Path(path)
    schema_file = folder / "schema.json"
    if not folder.is_dir():
        raise GraphError(f"{folder} is not a folder. Pass a folder of <table>.parquet files and a schema.json.")
    if not schema_file.exists():
        raise GraphError(
            f"{folder} has no schema.json. Add one: "
            '{"tables": {"users": {"pkey": "user_id", "fkeys": {}, "time_col": null}}}'
        )
    try:
        return json.loads(schema_file.read_text())
    except json.JSONDecodeError as e:
        raise GraphError(f"{schema_file} is not valid JSON: {e}") from e


def load_folder(con: duckdb.DuckDBPyConnection, path: str | Path, *, views: bool = False) -> dict:
    """Create one table per `<table>.parquet` in `path` (views over the files with `views=True`).

    Declared primary keys become PRIMARY KEY constraints (tables only), so `rfm_sql.attach` finds them;
    foreign keys and time columns are returned in the schema dict for `apply_schema`.
    """
    folder = Path(path)
    schema = read_schema(folder)
    for name, spec in schema.get("tables", {}).items():
        file = folder / f"{name}.parquet"
        if not file.exists():
            raise GraphError(f"schema.json lists table {name!r} but {file} does not exist.")
        source = exp.select("*").from_(exp.func("read_parquet", exp.Literal.string(str(file))))
        target = table_ref(name)
        kind = "VIEW" if views else "TABLE"
        con.execute(exp.Create(this=target, kind=kind, expression=source, replace=True).sql("duckdb")).fetchall()
        pkey = spec.get("pkey")
        if pkey and not views:
            con.execute(
                exp.Alter(
                    this=target,
                    kind="TABLE",
                    actions=[
                        exp.AddConstraint(
                            expressions=[exp.PrimaryKey(expressions=[exp.to_identifier(pkey, quoted=True)])]
                        )
                    ],
                ).sql("duckdb")
            ).fetchall()
    return schema


def apply_schema(graph, schema: dict) -> None:
    """Make `graph` say exactly what a schema.json says about keys and time columns."""
    for name, spec in schema.get("tables", {}).items():
        if name not in graph.tables:
            continue
        graph.set_primary_key(name, spec.get("pkey"))
        graph.set_time_column(name, spec.get("time_col"))
        graph.evidence[(name, PRIMARY_KEY)] = graph.evidence[(name, TIME_COLUMN)] = "schema.json"
    for name, spec in schema.get("tables", {}).items():
        for lk in [lk for lk in graph.parents(name) if lk.fkey not in spec.get("fkeys", {})]:
            graph.unlink(lk.child, lk.fkey)
        for fkey, parent in spec.get("fkeys", {}).items():
            graph.link(name, fkey, parent)
            graph.evidence[(name, fkey)] = "schema.json"
