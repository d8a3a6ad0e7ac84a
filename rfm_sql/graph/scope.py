"""Which tables a session's graph holds, so that tables made from the data never change a prediction.

By default the graph holds every table and view of the schema. A dbt project, though, writes its own models
into that schema: a filtered copy of orders, a feature table per user. Taken into the graph they add features
(and count the same rows twice), so a second `dbt build` predicts differently from the first. With a scope
(`rfm_sql.attach(con, tables=[...])`, the dbt plugin's `tables:`) the graph holds the listed tables, each
taken in as soon as it exists, plus any table a query names; nothing else. Graph-file fixes for tables that
do not exist yet (a dbt model's output, on a fresh database) wait here until the table appears.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable

from rfm_sql.errors import RFMWarning, UserError
from rfm_sql.graph.files import apply_graph_tables


class Scope:
    def __init__(self, tables: Iterable[str] | None = None):
        if isinstance(tables, str) or (tables is not None and not all(isinstance(t, str) for t in tables)):
            raise UserError(
                f"tables must be a list of table names (tables=['users', 'orders']; in dbt's profiles.yml "
                f"tables: [users, orders]), got {tables!r}.",
                param="tables",
            )
        self.listed: frozenset[str] | None = None if tables is None else frozenset(tables)
        if self.listed is not None and not self.listed:
            raise UserError("tables is empty: list the tables the graph holds, or leave it out for all.", "tables")
        self.fixes: dict[str, dict] = {}  # graph-file entries waiting for their tables
        self.fixes_path = ""

    def tables(self, named: Iterable[str] = ()) -> frozenset[str] | None:
        """The tables to read the catalog for: the listed ones and `named` (None: all)."""
        return None if self.listed is None else self.listed | frozenset(named)

    def waiting(self, graph) -> set[str]:
        """The tables to take in when they appear: the listed ones (with a scope; a waiting fix for a table
        outside it applies only if a query names the table) or those of the waiting fixes."""
        wanted = (
            self.listed if self.listed is not None else {t for e in self.fixes for t in _tables_of(e, self.fixes[e])}
        )
        return set(wanted) - set(graph.tables)

    def warn_missing(self, graph) -> None:
        missing = sorted(set(self.listed or ()) - set(graph.tables))
        if missing:
            warnings.warn(
                f"tables lists {', '.join(missing)}, which the database does not have yet: each joins the graph "
                f"when it is created (the graph has {', '.join(sorted(graph.tables)) or 'no tables'}).",
                RFMWarning,
                stacklevel=4,  # the caller of attach
            )

    def defer(self, entries: dict[str, dict], path: str, graph) -> None:
        """Apply the graph-file entries whose tables exist now; the others wait until their tables appear."""
        self.fixes.update(entries)
        self.fixes_path = path
        self.apply_ready(graph)
        if self.fixes:
            warnings.warn(
                f"Graph file {path}: the entries of {', '.join(sorted(self.fixes))} wait for tables the database does "
                "not have yet; each applies when they are created.",
                RFMWarning,
                stacklevel=2,
            )

    def apply_ready(self, graph) -> None:
        """Apply the waiting graph-file entries whose tables (their own and their links' parents) all exist."""
        ready = {t: e for t, e in self.fixes.items() if not set(_tables_of(t, e)) - set(graph.tables)}
        if ready:
            apply_graph_tables(graph, ready, self.fixes_path)
            for table in ready:
                del self.fixes[table]


def _tables_of(table: str, entry: dict) -> list[str]:
    return [table, *(entry.get("fkeys") or {}).values()]
