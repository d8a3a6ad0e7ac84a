"""Which tables a session's graph holds, so that tables made from the data never change a prediction.

By default the graph holds every table and view of the schema. A dbt project, though, writes its own models
into that schema: a filtered copy of orders, a feature table per user. Taken into the graph they add features
(and count the same rows twice), so a second `dbt build` predicts differently from the first. With a scope
(`rfm_sql.attach(con, tables=[...])`, the dbt plugin's `tables:`) the graph holds exactly the listed tables,
each taken in as soon as it exists; a query that names another table is refused (taking it in would change
every later query's features, so predictions would depend on the order queries ran in). Graph-file fixes for
tables that do not exist yet (a dbt model's output, on a fresh database) wait here until their tables appear.
"""

from __future__ import annotations

import difflib
import warnings
from collections.abc import Callable, Iterable

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

    def tables(self) -> frozenset[str] | None:
        """The tables to read the catalog for (None: all)."""
        return self.listed

    def refuse_outside(self, named: Iterable[str], existing: Callable[[], set[str]] = set) -> None:
        """Refuse a query that names a table the scope leaves out (DuckDB's names are case-insensitive);
        `existing()`: the lowercase names the database has, so that one it lacks is asked about as a typo."""
        if self.listed is None:
            return
        outside = sorted(n for n in named if n.lower() not in {t.lower() for t in self.listed})
        have = existing() if outside else set()
        close = {t.lower(): t for t in self.listed if t.lower() in have}  # never one the database lacks itself
        missing = [n for n in outside if n.lower() not in have]
        for name in missing:  # a typo of a listed table (termination for terminations): say that first
            near = difflib.get_close_matches(name.lower(), list(close), n=1, cutoff=0.8)
            if near:
                raise UserError(
                    f'Unknown table "{name}". Did you mean "{close[near[0]]}"? The graph\'s tables are '
                    f"{', '.join(sorted(self.listed))} (attach(con, tables=[...]); dbt: the plugin's config tables:).",
                    param="tables",
                )
        if outside:
            raise UserError(
                f"The query names {', '.join(outside)}, which the graph's tables leave out (attach(con, "
                f"tables=[...]); dbt: the plugin's config tables:). Add {outside[0]} to them; they are "
                f"{', '.join(sorted(self.listed))}.",
                param="tables",
            )

    def waiting(self, graph) -> set[str]:
        """The tables to take in when they appear: the listed ones (with a scope) or those of the waiting fixes."""
        wanted = (
            self.listed if self.listed is not None else {t for e in self.fixes for t in _tables_of(e, self.fixes[e])}
        )
        have = {t.lower() for t in graph.tables}
        return {t for t in wanted if t.lower() not in have}

    def warn_missing(self, graph) -> None:
        missing = sorted(self.waiting(graph)) if self.listed is not None else []
        if missing:
            warnings.warn(
                f"tables lists {', '.join(missing)}, which the schema does not have as tables or views it can read "
                f"(yet): each joins the graph when it is created (the graph has "
                f"{', '.join(sorted(graph.tables)) or 'no tables'}).",
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
        """Apply, one at a time, the waiting graph-file entries whose tables (their own and their links'
        parents) all exist and whose parents' own entries are not waiting (a link is made against the key the
        file gives its parent). An entry leaves the queue only once applied: one that fails says why on this
        call and is tried again on the next."""
        while True:
            ready = [
                t
                for t, e in self.fixes.items()
                if not set(_tables_of(t, e)) - set(graph.tables)
                and not any(p in self.fixes and p != t for p in (e.get("fkeys") or {}).values())
            ]
            if not ready:
                return
            for table in sorted(ready):
                apply_graph_tables(graph, {table: self.fixes[table]}, self.fixes_path)
                del self.fixes[table]


def _tables_of(table: str, entry: dict) -> list[str]:
    return [table, *(entry.get("fkeys") or {}).values()]
