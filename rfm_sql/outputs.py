"""Where predictions go when they leave as files or tables: checked before any work, written atomically, and
never over something the user owns unless asked (and never over a table the query reads)."""

from __future__ import annotations

import contextlib
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.csv as pcsv
import pyarrow.parquet as pq
import sqlglot
from sqlglot import exp

from rfm_sql.compile.sqlutil import ident
from rfm_sql.errors import UserError

_NAME_PART = re.compile(r'"(?:[^"]|"")+"|[^."\s]+')


def _write_csv(table: pa.Table, path: str) -> None:
    """CSV has no lists: a list column (a backtest's ranked targets) is written as its JSON text, [3, 7]."""
    for i, field in enumerate(table.schema):
        if pa.types.is_list(field.type) or pa.types.is_large_list(field.type):
            text = [None if v is None else json.dumps(v, default=str) for v in table.column(i).to_pylist()]
            table = table.set_column(i, field.name, pa.array(text, pa.string()))
    pcsv.write_csv(table, path)


FILE_FORMATS = {".parquet": pq.write_table, ".csv": _write_csv}


def check_file(path: str, *, replace: bool = False, reads=()) -> Path:
    """Refuse, before any work, an output file with an unknown extension, in a folder that does not exist, one
    of the files the database is made of (`reads`), or an existing file without `replace`."""
    p = Path(path)
    if p.suffix.lower() not in FILE_FORMATS:
        raise UserError(f"--output {path}: write a {' or '.join(FILE_FORMATS)} file.", "output")
    if not p.parent.is_dir():
        raise UserError(f"--output {path}: the folder {p.parent} does not exist; create it or pick another path.", "output")
    if p.is_dir():
        raise UserError(f"--output {path} is a folder; name a file in it.", "output")
    if not os.access(p.parent, os.W_OK | os.X_OK):  # found after the scoring, it was a traceback
        raise UserError(f"--output {path}: the folder {p.parent} cannot be written here; pick another path.", "output")
    if p.resolve() in {Path(r).resolve() for r in reads}:
        raise UserError(
            f"--output {path} is one of the database's own files, so its predictions cannot replace it. Write them "
            "to a new file (e.g. --output predictions.parquet).",
            "output",
        )
    if p.exists() and not replace:
        raise UserError(f"--output {path}: the file exists. Pass --replace to overwrite it, or name another file.", "output")
    return p


def write_file(table: pa.Table, path: str, *, replace: bool = False, reads=()) -> None:
    """Write next to the target and rename, so a failed write never leaves half a file."""
    p = check_file(path, replace=replace, reads=reads)
    tmp = p.with_name(f".{p.name}.rfm-tmp")
    try:
        FILE_FORMATS[p.suffix.lower()](table, str(tmp))
        os.replace(tmp, p)
    except BaseException as e:  # a writer's own error (or ^C) must not leave the hidden half file behind either
        with contextlib.suppress(OSError):  # a read-only file system refuses even removing what is not there
            tmp.unlink(missing_ok=True)
        if isinstance(e, OSError):
            raise UserError(f"--output {path}: cannot write it ({e.strerror or e}).", "output") from e
        raise


_FILE_LIKE = re.compile(r"[^.\"]+\.(parquet|csv|tsv|json|jsonl|ndjson|xlsx|xls|arrow|feather|txt)", re.IGNORECASE)


def check_into(text: str | None) -> None:
    """Refuse, before the database is opened for writing, an --into that names no table or names a file."""
    if text is None:
        return
    if not text.strip():
        raise UserError("--into is empty (an unset shell variable?); name the table to write, e.g. --into preds.", "into")
    if _FILE_LIKE.fullmatch(text.strip()):
        raise UserError(
            f"--into writes a table into the database, and {text!r} looks like a file: write the file with --output "
            f"{text.strip()} (.parquet or .csv). A table of that name needs quotes: --into '\"{text.strip()}\"'.",
            "into",
        )


@dataclass(frozen=True)
class TableName:
    catalog: str
    schema: str
    name: str

    def __str__(self) -> str:
        return f"{self.catalog}.{self.schema}.{self.name}"

    def expression(self) -> exp.Table:
        return exp.Table(this=ident(self.name), db=ident(self.schema), catalog=ident(self.catalog))


def resolve_table(cur, text: str) -> TableName:
    """`table`, `schema.table` or `catalog.schema.table` (parts may be "quoted") in the connection's database."""
    parts = _NAME_PART.findall(text)
    if not 1 <= len(parts) <= 3 or ".".join(parts) != text or len(text) > 1000:
        raise UserError(f"--into {text!r} is not a table name; write it like preds or analytics.preds.", "into")
    names = [p[1:-1].replace('""', '"') if p.startswith('"') else p for p in parts]
    catalog, schema = cur.execute("SELECT current_database(), current_schema()").fetchall()[0]
    names = [catalog, schema][: 3 - len(names)] + names
    return TableName(*names)


def check_table(cur, target: TableName, *, replace: bool, reads: set[str]) -> bool:
    """Refuse a target the query reads, a view, a missing schema, or an existing table without `replace`.
    Returns whether the table exists."""
    rows = cur.execute(
        "SELECT 'table' FROM duckdb_tables() WHERE lower(database_name) = lower(?) AND lower(schema_name) = lower(?) "
        "AND lower(table_name) = lower(?) UNION ALL SELECT 'view' FROM duckdb_views() WHERE lower(database_name) = "
        "lower(?) AND lower(schema_name) = lower(?) AND lower(view_name) = lower(?)",
        [target.catalog, target.schema, target.name] * 2,
    ).fetchall()
    kinds = {r[0] for r in rows}
    read = {r.lower() for r in reads}
    if str(target).lower() in read or (kinds and target.name.lower() in read):
        raise UserError(
            f"--into {target}: the query reads this table, so its predictions cannot replace it. "
            "Write them to a new table (e.g. --into predictions).",
            "into",
        )
    if "view" in kinds:
        raise UserError(f"--into {target} is a view; write the predictions to a table of another name.", "into")
    schemas = cur.execute(
        "SELECT 1 FROM duckdb_schemas() WHERE lower(database_name) = lower(?) AND lower(schema_name) = lower(?)",
        [target.catalog, target.schema],
    ).fetchall()
    if not schemas:
        raise UserError(
            f"--into {target}: there is no schema {target.schema} in {target.catalog}; create it first "
            f"(CREATE SCHEMA {target.schema}) or write to another table.",
            "into",
        )
    if kinds and not replace:
        raise UserError(f"--into {target}: the table exists. Pass --replace to overwrite it, or name another table.", "into")
    return bool(kinds)


def write_table(con: duckdb.DuckDBPyConnection, table: pa.Table | pa.RecordBatchReader, target: TableName) -> None:
    """Create or replace `target` with the rows of `table` (or a stream of batches) in one transaction: a
    failure, even half-way through the rows, leaves what was there."""
    view = "rfm_sql_output_rows"
    create = exp.Create(
        this=target.expression(), kind="TABLE", replace=True, expression=exp.select("*").from_(exp.to_table(view))
    )
    with con.cursor() as cur:
        cur.register(view, table)
        try:
            cur.execute("BEGIN TRANSACTION").fetchall()
            try:
                cur.execute(create.sql("duckdb")).fetchall()
                cur.execute("COMMIT").fetchall()
            except duckdb.Error as e:
                cur.execute("ROLLBACK").fetchall()
                raise UserError(f"--into {target}: DuckDB refused the write ({e}); nothing was changed.", "into") from e
        finally:
            cur.unregister(view)


def tables_read(sql: str) -> set[str]:
    """The tables and views a statement reads (CTE names excluded), as `name` and `catalog.schema.name`."""
    tree = sqlglot.parse_one(sql, dialect="duckdb")
    ctes = {c.alias_or_name.lower() for c in tree.find_all(exp.CTE)}
    out = set()
    for t in tree.find_all(exp.Table):
        if t.name and t.name.lower() not in ctes:
            out.add(t.name)
            if t.db:
                out.add(".".join(p for p in (t.catalog, t.db, t.name) if p))
    return out
