"""The graph of a SparkSession's tables: the catalog read through Spark, then the same inference rules as
DuckDB's (`graph.infer`: keys named and contained, time columns by name and content), every measurement an
aggregate Spark runs. A folder of Parquet tables with a schema.json loads as temp views with the schema's graph."""

from __future__ import annotations

from pathlib import Path

from rfm_sql.errors import GraphError, UserError
from rfm_sql.graph import Graph, Link
from rfm_sql.graph.infer import infer_from_catalog
from rfm_sql.graph.load import apply_schema, read_schema

_TYPES = {  # Spark simpleString -> the DuckDB type name the graph and compilers speak
    "tinyint": "TINYINT",
    "smallint": "SMALLINT",
    "int": "INTEGER",
    "bigint": "BIGINT",
    "float": "FLOAT",
    "double": "DOUBLE",
    "string": "VARCHAR",
    "boolean": "BOOLEAN",
    "date": "DATE",
    "timestamp": "TIMESTAMP",  # read at the session time zone: run Spark with spark.sql.session.timeZone=UTC
    "timestamp_ntz": "TIMESTAMP",
    "binary": "BLOB",
}


def duckdb_type(spark_type: str) -> str:
    if spark_type.startswith(("decimal", "varchar", "char")):
        return "DECIMAL" + spark_type[len("decimal") :] if spark_type.startswith("decimal") else "VARCHAR"
    return _TYPES.get(spark_type, spark_type.upper())


def spark_catalog(spark, tables=None) -> dict[str, dict[str, str]]:
    """{table: {column: DuckDB type}} for the tables and temp views of the current database (or `tables`)."""
    names = sorted(t.name for t in spark.catalog.listTables()) if tables is None else list(tables)
    out = {}
    for name in names:
        try:
            schema = spark.table(f"`{name}`").schema
        except Exception as e:  # AnalysisException: no such table
            raise UserError(f"Spark has no table or view {name!r}: {e}", param="tables") from e
        out[name] = {f.name: duckdb_type(f.dataType.simpleString()) for f in schema.fields}
    return out


def infer_spark_graph(spark, cursor, tables=None) -> Graph:
    return infer_from_catalog(cursor, spark_catalog(spark, tables))


def load_folder(spark, path) -> dict:
    """One temp view per `<table>.parquet` listed in `path`/schema.json; returns the schema. Never replaces a
    table or view the session already has (except the very view this call would create, over the same file:
    loading a folder twice is harmless); every file is checked before any view is created."""
    folder = Path(path)
    schema = read_schema(folder)
    files = {name: (folder / f"{name}.parquet").resolve() for name in schema.get("tables", {})}
    for name, file in files.items():
        if not file.exists():
            raise GraphError(f"schema.json lists table {name!r} but {file} does not exist.")
    clashes = [name for name, file in files.items() if spark.catalog.tableExists(name) and not _over(spark, name, file)]
    if clashes:
        raise GraphError(
            f"Cannot load {folder}: this SparkSession already has {', '.join(map(repr, clashes))}, which loading "
            "would replace; nothing was loaded. Load into a session of its own (spark.newSession() has its own "
            "temp views), or drop them first (spark.catalog.dropTempView)."
        )
    for name, file in files.items():
        spark.read.parquet(str(file)).createOrReplaceTempView(name)
    return schema


def _over(spark, name: str, file: Path) -> bool:
    """Whether `name` is a view reading exactly `file` (what load_folder itself would create)."""
    try:
        inputs = spark.table(f"`{name}`").inputFiles()
    except Exception:  # a table Spark cannot list files for: not ours
        return False
    return [Path(f.removeprefix("file:")).resolve() for f in inputs] == [file]


def schema_graph(spark, cursor, schema: dict) -> Graph:
    """The graph of the schema's tables, set exactly as the schema says (its keys are taken as declared, so
    inference only measures column types and probes links of tables the schema gives none)."""
    tables = schema.get("tables", {})
    pkeys = {name: spec["pkey"] for name, spec in tables.items() if spec.get("pkey")}
    links = [
        Link(name, fkey, parent) for name, spec in tables.items() for fkey, parent in spec.get("fkeys", {}).items()
    ]
    graph = infer_from_catalog(cursor, spark_catalog(spark, list(tables)), pkeys, links)
    apply_schema(graph, schema)
    return graph
