"""Graph files (what `rfm-sql graph DB --save FILE` writes: keys, links, time and end time columns, types and the
dates set ahead per table), read and applied to a graph. A file written before end times (or dates set ahead) were
saved has no "end_time_col" ("set_ahead"): the table keeps what was inferred."""

from __future__ import annotations

import json
import warnings
from pathlib import Path

from rfm_sql.errors import GraphError, RFMWarning, UserError
from rfm_sql.graph.model import Link


def apply_graph_file(graph, path: str) -> None:
    """Apply a graph file: its keys, links, time columns and types replace what inference found for the tables
    it lists (tables it does not list keep theirs)."""
    apply_graph_tables(graph, read_graph_file(path), path)


def read_graph_file(path: str) -> dict[str, dict]:
    """A graph file's {table: entry}, each entry checked to be as `rfm-sql graph --save` writes it."""
    try:
        spec = json.loads(Path(path).read_text())
    except FileNotFoundError:
        where = (
            "" if Path(path).is_absolute() else f" (a relative path is read from the current directory, {Path.cwd()})"
        )
        raise UserError(
            f"Graph file {path} does not exist{where}; write one with rfm-sql graph DB --save {path}.", "graph"
        ) from None
    except (OSError, json.JSONDecodeError) as e:
        raise UserError(f"Graph file {path} cannot be read as JSON: {e}", "graph") from e
    if not isinstance(spec, dict) or not isinstance(spec.get("tables"), dict):
        raise UserError(f'Graph file {path} needs a "tables" object, as rfm-sql graph --save writes.', "graph")
    for name, tab in spec["tables"].items():
        if not _well_formed(tab):
            raise UserError(
                f'Graph file {path}: table "{name}" must be an object with "pkey", "fkeys" {{column: table}}, '
                '"time_col" and "stypes" {column: type}, as rfm-sql graph --save writes.',
                "graph",
            )
    return spec["tables"]


def within(entries: dict[str, dict], tables) -> dict[str, dict]:
    """Graph-file (or schema.json) entries of `tables` only, without their links to other tables: what a graph
    kept to those tables (a scope) can take. Names match case-insensitively, as DuckDB's do."""
    listed = {t.lower() for t in tables}
    return {
        name: entry and {**entry, "fkeys": {k: p for k, p in (entry.get("fkeys") or {}).items() if p.lower() in listed}}
        for name, entry in entries.items()
        if name.lower() in listed
    }


def apply_graph_tables(graph, tables: dict[str, dict], path: str) -> None:
    """Apply graph-file entries ({table: entry}, as `read_graph_file` returns them) to `graph`."""
    unknown = sorted(set(tables) - set(graph.tables))
    if unknown:
        raise UserError(
            f"Graph file {path} names table(s) {', '.join(unknown)} that the database does not have "
            f"(it has {', '.join(sorted(graph.tables))}).",
            "graph",
        )
    name = None
    try:  # a wrong entry is named with its file and table: from dbt it surfaced on models that never read it
        for name, tab in tables.items():
            with warnings.catch_warnings():  # links into a re-keyed table are dropped, then set from the file below
                warnings.simplefilter("ignore", RFMWarning)
                graph.set_primary_key(name, tab.get("pkey"))
        for name, tab in tables.items():
            ends = tab["end_time_col"] if "end_time_col" in tab else graph.table(name).end_columns  # older files
            graph.set_time_column(name, tab.get("time_col"), ends, unit=tab.get("time_unit"))
            for lk in [lk for lk in graph.parents(name) if lk.fkey not in (tab.get("fkeys") or {})]:
                graph.unlink(lk.child, lk.fkey)
            for fkey, parent in (tab.get("fkeys") or {}).items():  # a link inference found was checked then
                graph.link(name, fkey, parent, check=Link(name, fkey, parent) not in graph.links)
        for name, tab in tables.items():  # last: a type the file names wins over the one a key or link implies
            for column, stype in (tab.get("stypes") or {}).items():
                graph.set_stype(name, column, stype)
            if "set_ahead" in tab:  # older files: as inferred
                graph.set_ahead(name, tab["set_ahead"] or [])
    except GraphError as e:
        raise GraphError(
            f'Graph file {path}, table "{name}": {e} Fix or remove that entry (rfm-sql graph DB --save writes one '
            "that matches the database).",
            "graph",
        ) from None


def _well_formed(tab) -> bool:
    """A table's entry as `graph --save` writes it: names are text (or null), fkeys and stypes text to text."""
    if not isinstance(tab, dict):
        return False
    texts = all(tab.get(k) is None or isinstance(tab.get(k), str) for k in ("pkey", "time_col", "time_unit"))
    ends = tab.get("end_time_col")  # one column, or a list of them (whichever comes first)
    texts = texts and (
        ends is None or isinstance(ends, str) or (isinstance(ends, list) and all(isinstance(e, str) for e in ends))
    )
    ahead = tab.get("set_ahead")
    texts = texts and (ahead is None or (isinstance(ahead, list) and all(isinstance(a, str) for a in ahead)))
    maps = all(
        isinstance(tab.get(k) or {}, dict) and all(isinstance(v, str) for v in (tab.get(k) or {}).values())
        for k in ("fkeys", "stypes")
    )
    return texts and maps
