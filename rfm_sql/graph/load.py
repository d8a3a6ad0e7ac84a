"""Load a folder of tables into DuckDB: Parquet files + schema.json (the format of ../shared/data), or, without
a schema.json, every Parquet or CSV file as a table named after it, whose keys, links and time columns are
then inferred as a database's are."""

from __future__ import annotations

import contextlib
import json
import warnings
from pathlib import Path

import duckdb
import sqlglot
from sqlglot import exp

from rfm_sql.compile.sqlutil import table as table_ref
from rfm_sql.errors import GraphError, RFMWarning
from rfm_sql.graph.model import PRIMARY_KEY, TIME_COLUMN


def read_schema(path: str | Path) -> dict:
    folder = Path(path)
    schema_file = folder / "schema.json"
    if not folder.is_dir():
        raise GraphError(f"{folder} is not a folder. Pass a folder of <table>.parquet or <table>.csv files.")
    if not schema_file.exists():
        raise GraphError(
            f"{folder} has no schema.json. Add one: "
            '{"tables": {"users": {"pkey": "user_id", "fkeys": {}, "time_col": null}}}'
        )
    try:
        return json.loads(schema_file.read_text())
    except json.JSONDecodeError as e:
        raise GraphError(f"{schema_file} is not valid JSON: {e}") from e


TABLE_FILES = (".parquet", ".csv")


def folder_schema(path: str | Path) -> dict:
    """schema.json's content, or for a folder without one `{"tables": {name: None}}`, one per Parquet or CSV
    file (None: nothing declared, so `attach` infers the table's key, links and time column)."""
    folder = Path(path)
    if not folder.is_dir() or (folder / "schema.json").exists():
        return read_schema(folder)
    files = sorted(f for f in folder.iterdir() if f.suffix.lower() in TABLE_FILES and f.is_file())
    if not files:
        raise GraphError(
            f"{folder} has no schema.json and no table files in it. Put one <table>.parquet or <table>.csv file "
            "per table there (keys, links and time columns are then inferred), and optionally a schema.json that "
            'declares them: {"tables": {"users": {"pkey": "user_id", "fkeys": {}, "time_col": null}}}'
        )
    names: dict[str, list[str]] = {}
    for f in files:
        names.setdefault(f.stem.lower(), []).append(f.name)
    twice = [" and ".join(n) for n in names.values() if len(n) > 1]
    if twice:
        raise GraphError(f"{folder}: {twice[0]} would both be one table (names ignore case); keep one of them.")
    return {"tables": {f.stem: None for f in files}}


def load_folder(con: duckdb.DuckDBPyConnection, path: str | Path, *, views: bool = False) -> dict:
    """Create one table per `<table>.parquet` in `path` (views over the files with `views=True`).

    Declared primary keys become PRIMARY KEY constraints (tables only), so `rfm_sql.attach` finds them;
    foreign keys and time columns are returned in the schema dict for `apply_schema`. Never replaces what the
    connection holds: a name already taken is refused before anything is created (except a view this same
    call would create, over the same file: loading a folder of views twice is harmless).
    """
    folder = Path(path)
    schema = folder_schema(folder)
    sources = {name: _source(folder, name) for name in schema.get("tables", {})}
    # a CSV file is read into a table even where Parquet files get views: DuckDB 2.0 pushes a cast to TIMESTAMP into
    # the CSV reader beside another aggregate of it and then ignores the date format it sniffed (a restaurant trial's
    # MM/DD/YYYY dates failed every prediction from the command line with a traceback); read once, it is also faster
    kinds = {n: "VIEW" if views and table_file(folder, n).suffix.lower() == ".parquet" else "TABLE" for n in sources}
    taken = _taken(con)
    clashes = [
        n for n in sources if n.lower() in taken and taken[n.lower()] != (kinds[n], _create(n, sources[n], kinds[n]))
    ]
    if clashes:
        raise GraphError(_clash_message(folder, clashes, taken))
    # one transaction (unless the caller has one open): a file DuckDB cannot read or a declared key that does
    # not hold (duplicates, a missing column) leaves nothing half-loaded behind
    own = not in_transaction(con)
    if own:
        con.begin()
    try:
        for name, spec in schema.get("tables", {}).items():
            if name.lower() not in taken:  # else the very view we would create
                _load(con, name, sources[name], kinds[name], (spec or {}).get("pkey") if not views else None)
        if own:
            con.commit()  # where DuckDB checks a declared key's uniqueness
    except duckdb.Error as e:
        if own:
            _rollback(con)
        done = " Nothing was loaded;" if own else ""
        raise GraphError(
            f"Cannot load {folder}: {str(e).strip().rstrip('.')}.{done} check schema.json's keys against the files."
        ) from e
    return schema


def _rollback(con) -> None:
    with contextlib.suppress(duckdb.TransactionException):  # a failed commit has already ended it
        con.rollback()


def _load(con, name: str, source: exp.Select, kind: str, pkey: str | None) -> None:
    con.execute(_create(name, source, kind)).fetchall()
    if pkey:
        key = exp.AddConstraint(expressions=[exp.PrimaryKey(expressions=[exp.to_identifier(pkey, quoted=True)])])
        con.execute(exp.Alter(this=table_ref(name), kind="TABLE", actions=[key]).sql("duckdb")).fetchall()


def in_transaction(con) -> bool:
    """Whether the caller has a transaction open. DuckDB's Python API does not say; two statements share a
    transaction id only inside one (a probing BEGIN would abort the caller's transaction)."""
    return len({con.execute("SELECT txid_current()").fetchall()[0][0] for _ in range(2)}) == 1


def table_file(folder: Path, name: str) -> Path:
    """The file a table of the folder is read from: `<name>.parquet`, else `<name>.csv`."""
    for suffix in TABLE_FILES:
        if (folder / f"{name}{suffix}").exists():
            return folder / f"{name}{suffix}"
    raise GraphError(f"schema.json lists table {name!r} but {folder / (name + '.parquet')} does not exist.")


def _source(folder: Path, name: str) -> exp.Select:
    """`SELECT * FROM read_parquet(file)` (read_csv for a CSV file, its types sniffed by DuckDB); every file is
    checked before anything is created."""
    file = table_file(folder, name)
    reader = "read_parquet" if file.suffix.lower() == ".parquet" else "read_csv"
    return exp.select("*").from_(exp.func(reader, exp.Literal.string(str(file))))


def _create(name: str, source: exp.Select, kind: str) -> str:
    return exp.Create(this=table_ref(name), kind=kind, expression=source).sql("duckdb")


def _taken(con) -> dict[str, tuple[str, str | None]]:
    """{lowercased name: (kind, how `_create` would write it)} of the tables and views an unqualified name can
    mean: the current schema's and temporary ones (DuckDB matches names without regard to case)."""
    rows = con.execute(
        "SELECT table_name, 'TABLE', NULL FROM duckdb_tables() WHERE (database_name = current_database() "
        "AND schema_name = current_schema()) OR database_name = 'temp' "
        "UNION ALL SELECT view_name, 'VIEW', sql FROM duckdb_views() WHERE NOT internal AND "
        "((database_name = current_database() AND schema_name = current_schema()) OR database_name = 'temp')"
    ).fetchall()
    return {name.lower(): (kind, _normalised(kind, sql)) for name, kind, sql in rows}


def _normalised(kind: str, sql: str | None) -> str | None:
    """A view's definition as `_create` writes it (DuckDB keeps its own spelling), so the same view compares equal."""
    if sql is None:
        return None
    try:
        parsed = sqlglot.parse_one(sql, read="duckdb")
    except sqlglot.errors.SqlglotError:
        return None
    if not isinstance(parsed, exp.Create) or not isinstance(parsed.this, exp.Table):
        return None
    return _create(parsed.this.name, parsed.expression, kind)


def _clash_message(folder: Path, clashes: list[str], taken: dict) -> str:
    named = [f'{taken[n.lower()][0].lower()} "{n}"' for n in clashes]
    listed = named[0] if len(named) == 1 else ", ".join(named[:-1]) + " and " + named[-1]
    them = "it" if len(clashes) == 1 else "them"
    return (
        f"Cannot load {folder}: this connection already has {listed}, which loading would replace; nothing was "
        "loaded. Load into an empty connection (rfm_sql.load_folder(duckdb.connect(), path)) or another schema "
        f"(CREATE SCHEMA s; USE s), or drop {them} first."
    )


def apply_schema(graph, schema: dict) -> None:
    """Make `graph` say exactly what a schema.json says about keys and time columns (a table without a spec, as
    `folder_schema` gives for a folder without schema.json, keeps what inference found)."""
    for name, spec in schema.get("tables", {}).items():
        if name not in graph.tables or spec is None:
            continue
        with warnings.catch_warnings():  # links into a re-keyed table are dropped, then set from the schema below
            warnings.simplefilter("ignore", RFMWarning)
            graph.set_primary_key(name, spec.get("pkey"))
        graph.set_time_column(name, spec.get("time_col"), spec.get("end_time_col"))  # none unless it says one
        graph.evidence[(name, PRIMARY_KEY)] = graph.evidence[(name, TIME_COLUMN)] = "schema.json"
    for name, spec in schema.get("tables", {}).items():
        if spec is None:
            continue
        for lk in [lk for lk in graph.parents(name) if lk.fkey not in spec.get("fkeys", {})]:
            graph.unlink(lk.child, lk.fkey)
        for fkey, parent in spec.get("fkeys", {}).items():
            graph.link(name, fkey, parent, check=False)  # declared, as a catalog's foreign keys are
            graph.evidence[(name, fkey)] = "schema.json"
