"""Opening what the command line, the servers and dbt name: a DuckDB file (read-only unless asked) or a folder
of Parquet or CSV tables (with a schema.json, or inferred), attached, with an optional graph file of fixes applied
and an optional scope (`--tables`: the graph's tables, as `rfm_sql.attach(con, tables=[...])` keeps it)."""

from __future__ import annotations

import contextlib
import json
import warnings
from pathlib import Path

import duckdb
from sqlglot import exp

import rfm_sql
from rfm_sql.errors import GraphError, RFMWarning, UserError
from rfm_sql.graph.catalog import catalog
from rfm_sql.graph.files import apply_graph_file, read_graph_file, within
from rfm_sql.graph.load import TABLE_FILES, folder_schema, table_file
from rfm_sql.runtime import keys


def open_db(
    path: str,
    writable: bool = False,
    graph_file: str | None = None,
    model=None,
    tables: list[str] | None = None,
    *,
    tables_later: bool = False,
) -> rfm_sql.RFM:
    """`path` attached, its graph holding `tables` (None: every table and view). A listed table it lacks is refused,
    as nothing this process runs would create it; with `tables_later` (a server whose clients write) it joins
    the graph when created, as in Python."""
    with warnings.catch_warnings():  # Python's warning of a listed table not there yet: said below, naming --tables
        warnings.filterwarnings("ignore", "tables lists", RFMWarning)
        rfm = _attach(path, writable, model, tables)
    if tables is not None:
        _check_listed(rfm, path, tables_later)
    if graph_file is not None and tables is None:
        apply_graph_file(rfm.graph, graph_file)
    elif graph_file is not None:  # a file saved from the whole database serves a scoped command too
        entries = within(read_graph_file(graph_file), tables)
        rfm.scope.defer(entries, graph_file, rfm.graph)  # entries of tables not created yet wait (tables_later)
    return rfm


def _attach(path: str, writable: bool, model, tables: list[str] | None) -> rfm_sql.RFM:
    p = Path(path)
    if p.is_dir():
        if writable:
            raise UserError(
                "Writing a table needs a DuckDB file, not a folder of table files. Pass a .duckdb file.", "db"
            )
        return rfm_sql.attach_folder(duckdb.connect(), p, views=True, model=model, tables=tables)
    elif not p.exists():
        raise UserError(f"{path} does not exist. Pass a DuckDB file or a folder of Parquet or CSV tables.", "db")
    elif p.suffix.lower() in TABLE_FILES:
        raise UserError(
            f"{path} is one table's file, and a prediction reads the tables linked to it too: pass the folder that "
            f"holds one .parquet or .csv file per table ({p.parent}), or a DuckDB file.",
            "db",
        )
    else:
        try:
            con = duckdb.connect(str(p), read_only=not writable)
        except duckdb.Error as e:
            raise UserError(f"Cannot open {path} as a DuckDB database: {e}", "db") from e
        return rfm_sql.attach(con, model=model, tables=tables)


def _check_listed(rfm: rfm_sql.RFM, path: str, later: bool) -> None:
    """A --tables name the database lacks: a typo to refuse, or (`later`) a table a client may yet create."""
    missing = sorted(rfm.scope.waiting(rfm.graph))
    if not missing:
        return
    if later:
        warnings.warn(
            f"--tables lists {', '.join(missing)}, which {path} does not have yet: each joins the graph when a client "
            f"creates it (the graph has {', '.join(sorted(rfm.graph.tables)) or 'no tables'}).",
            RFMWarning,
            stacklevel=3,
        )
        return
    with rfm.graph.cursor(rfm.con) as cur:
        have = sorted(catalog(cur))
    rfm.con.close()
    raise UserError(
        f"--tables lists {', '.join(missing)}, which {path} does not have as tables or views (it has "
        f"{', '.join(have) or 'none'}): correct the name, or leave it out of --tables.",
        "tables",
    )


def open_confined(
    path: str, writable: bool = False, graph_file: str | None = None, tables: list[str] | None = None
) -> rfm_sql.RFM:
    """The database as a server hands it to its clients (`rfm-sql serve`, `rfm-sql mcp`): opened as `open_db`
    opens it, then confined. A client reads (and, with --writable, writes) the served database and nothing else
    on the machine: no other file (read_csv('/etc/passwd'), COPY ... TO a path), no other database (ATTACH), no
    extension (INSTALL); DuckDB refuses to lift this for the life of the connection. A folder's Parquet files,
    which its views read, stay readable; DuckDB writes a COPY through a temporary file beside its target, so
    they cannot be overwritten either."""
    rfm = open_db(path, writable=writable, graph_file=graph_file, tables=tables, tables_later=writable)
    if Path(path).is_dir():
        files = sorted(str(f) for f in database_files(path) if f.suffix.lower() in TABLE_FILES)
        listed = exp.Array(expressions=[exp.Literal.string(f) for f in files])
        setting = exp.Set(expressions=[exp.EQ(this=exp.column("allowed_paths"), expression=listed)])
        rfm.con.execute(setting.sql("duckdb")).fetchall()
    rfm.con.execute("SET enable_external_access = false").fetchall()
    return rfm


def database_files(path: str) -> set[Path]:
    """The files a database given as `path` is made of (a DuckDB file and its WAL, or a folder's schema.json and
    table files): never an output's target."""
    p = Path(path)
    if not p.is_dir():
        return {p, p.with_name(p.name + ".wal")}
    try:
        tables = folder_schema(p).get("tables", {})
    except (GraphError, AttributeError):  # open_db says what is wrong with the folder
        tables = {}
    files = {p / "schema.json"}
    for name in tables:
        with contextlib.suppress(GraphError, TypeError):
            files.add(table_file(p, name))
    return files


def graph_spec(graph) -> dict:
    """The graph as a file can hold it (what `rfm-sql graph DB --save FILE` writes): per table its primary key,
    links, time column (with the epoch unit of an integer one), end time column, semantic types and the dates set
    ahead (graph/ahead.py)."""
    tables = {}
    for name, tab in sorted(graph.tables.items()):
        spec = {
            "pkey": tab.primary_key,
            "fkeys": {lk.fkey: lk.parent for lk in graph.parents(name)},
            "time_col": tab.time_column,
            # when a row stops existing (null: never; a list: whichever of them comes first)
            "end_time_col": list(tab.end_columns) if tab.also_ends else tab.end_time_column,
            "stypes": {c.name: c.stype.value for c in tab.columns},
            "set_ahead": [c.name for c in tab.columns if c.ahead],  # dates known from the row's start
        }
        unit = tab.column(tab.time_column).unit if tab.time_column else None
        if unit:
            spec["time_unit"] = unit
        tables[name] = spec
    return {"tables": tables}


def check_graph_save(path: str | None, db: str, graph_file: str | None, replace: bool) -> None:
    """Refuse, before any work, a graph --save over one of the database's own files, into a missing folder, or
    over an existing file other than the --graph file it updates (without `replace`)."""
    if not path:
        return
    p = Path(path)
    if p.resolve() in {f.resolve() for f in database_files(db)}:
        raise UserError(f"--save {path} is one of the database's own files; name a new file, e.g. graph.json.", "save")
    if p.is_dir() or not p.parent.is_dir():
        what = "is a folder" if p.is_dir() else f"is in a folder that does not exist ({p.parent})"
        raise UserError(f"--save {path} {what}; name a file, e.g. graph.json.", "save")
    updating = graph_file is not None and Path(graph_file).resolve() == p.resolve()
    if p.exists() and not updating and not replace:
        raise UserError(
            f"--save {path}: the file exists (fixes made in it by hand would be lost). To update it, pass --graph "
            f"{path} too; to overwrite it, --replace; or name another file.",
            "save",
        )


def save_graph_file(graph, path: str) -> None:
    try:
        Path(path).write_text(json.dumps(graph_spec(graph), indent=2) + "\n")
    except OSError as e:
        raise UserError(f"Cannot write the graph file {path} ({e.strerror}).", "save") from e


def apply_fixes(
    graph, links=(), unlinks=(), primary_keys=(), time_columns=(), end_times=(), *, no_end_times=(), con=None
) -> None:
    """The command line's graph fixes: `child.fkey=parent`, `child.fkey`, `table.column`, `table.column[:unit]`,
    `table.column[:unit]` (when a row ends), `table` (its rows never end). With `con`, a primary key is checked
    against the data first (unique, no NULLs)."""
    for text in unlinks:
        graph.unlink(*_dotted(text, "--unlink", "orders.user_id"))
    for text in primary_keys:
        table, column = _dotted(text, "--primary-key", "users.user_id")
        if con is None:
            graph.set_primary_key(table, column)
        else:
            with graph.cursor(con) as cur:
                keys.set_checked_key(cur, graph, table, column)
    for text in time_columns:
        column, _, unit = text.partition(":")
        table, name = _dotted(column, "--time-column", "orders.ordered_at (or events.ts:s for epoch seconds)")
        graph.set_time_column(table, name, unit=unit or None)  # the end time the table has stays
    ends: dict[str, list] = {}  # --end-time twice for one table: whichever comes first ends a row
    units: dict[str, str] = {}  # the unit given for any of them (one per table: set_time_column takes one)
    for text in end_times:
        column, _, unit = text.partition(":")
        table, name = _dotted(column, "--end-time", "employees.terminated_at")
        ends.setdefault(table, []).append(name)
        if unit:
            units.setdefault(table, unit)
    for table, names in ends.items():
        graph.set_end_time(table, names if len(names) > 1 else names[0], unit=units.get(table))
    for table in no_end_times:
        if table in ends:
            raise UserError(f"--no-end-time {table} and --end-time {table}.{ends[table][0]}: give one of them.", "end")
        graph.set_end_time(table, None)
    for text in links:
        child, _, parent = text.partition("=")
        if not parent:
            raise UserError(
                f"--link {text!r}: write it as child_table.column=parent_table, e.g. orders.user_id=users.", "link"
            )
        graph.link(*_dotted(child, "--link", "orders.user_id=users"), parent.strip())


def _dotted(text: str, flag: str, example: str) -> tuple[str, str]:
    table, dot, column = text.strip().partition(".")
    if not dot or not table or not column:
        raise UserError(
            f"{flag} {text!r}: write it as table.column, e.g. {example}.", flag.strip("-").replace("-", "_")
        )
    return table, column
