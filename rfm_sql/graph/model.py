"""The database as a graph: tables, primary keys, links (FK -> PK), time columns, semantic types.

Tables, columns and links are frozen; a `Graph` swaps them out when the user overrides what inference found (`link`, `unlink`, `set_primary_key`,
`set_time_column`, `set_stype`). `Graph.evidence` says, for every primary key, time column and link, why it is there ("declared", the inference's reason, "set by user")."""

from __future__ import annotations

import enum
import warnings
from collections.abc import Callable
from dataclasses import dataclass, replace

import sqlglot
from sqlglot import exp

from rfm_sql.errors import GraphError, RFMWarning, did_you_mean
from rfm_sql.graph.known import known_ahead
from rfm_sql.graph.link_check import check_link
from rfm_sql.graph.names import end_name
from rfm_sql.graph.running import relinked


class SType(enum.Enum):
    """Semantic type of a column: decides which statistics and encoders apply to it."""

    NUMERICAL = "numerical"
    CATEGORICAL = "categorical"
    TIMESTAMP = "timestamp"
    TEXT = "text"
    ID = "id"

    @property
    def summable(self) -> bool:
        """SUM and AVG make sense on it."""
        return self is SType.NUMERICAL

    @property
    def orderable(self) -> bool:
        """MIN, MAX and <, > make sense on it."""
        return self in (SType.NUMERICAL, SType.TIMESTAMP, SType.CATEGORICAL, SType.TEXT, SType.ID)


_NUMERIC_TYPES = ("TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "UTINYINT", "USMALLINT", "UINTEGER", "UBIGINT", "UHUGEINT", "FLOAT", "DOUBLE", "REAL")  # the first ten are integers
_TIME_TYPES = ("DATE", "TIMESTAMP", "TIMESTAMP_S", "TIMESTAMP_MS", "TIMESTAMP_NS", "TIMESTAMP WITH TIME ZONE")


def is_numeric_type(dtype: str) -> bool:
    return dtype.upper() in _NUMERIC_TYPES or dtype.upper().startswith("DECIMAL")


def is_integer_type(dtype: str) -> bool:
    return dtype.upper() in _NUMERIC_TYPES[:10]


def is_time_type(dtype: str) -> bool:
    return dtype.upper() in _TIME_TYPES


def is_text_type(dtype: str) -> bool:
    return dtype.upper() in ("VARCHAR", "TEXT", "STRING") or dtype.upper().startswith("VARCHAR")


def keys_compatible(fkey_type: str, pkey_type: str) -> bool:
    """Whether a column of `fkey_type` can be matched against a key of `pkey_type` with no conversion that can
    fail (DuckDB would cast VARCHAR to INTEGER and stop at the first 'web'): the same type, numbers with numbers
    (any integer width), text with text, times with times."""
    same_kind = any(kind(fkey_type) and kind(pkey_type) for kind in (is_numeric_type, is_text_type, is_time_type))
    return fkey_type.upper() == pkey_type.upper() or same_kind


EPOCH_UNITS = ("s", "ms", "us")  # integer time columns: seconds, milliseconds or microseconds since 1970 (UTC)


@dataclass(frozen=True)
class Column:
    name: str
    dtype: str  # DuckDB's type name
    stype: SType
    unit: str | None = None  # an integer read as a time: one of EPOCH_UNITS
    ahead: bool = False  # a date with values beyond the data's present: set ahead of what it names (graph/ahead.py)


@dataclass(frozen=True)
class Table:
    name: str
    columns: tuple[Column, ...]
    primary_key: str | None = None
    time_column: str | None = None
    end_time_column: str | None = None  # an entity exists at t while this is NULL or > t
    num_rows: int | None = None
    # more columns that end a row, the first one set (a policy's end_date, cancelled_at); with an end_time_column
    also_ends: tuple[str, ...] = ()
    written_by: str | None = None  # where the time column runs ahead (a leave's start), the row's write date (ahead.py)
    filled_with: tuple[tuple[str, str], ...] = ()  # (column, the later date it is filled in with): filled_later.py
    logged_in: tuple[tuple[str, ...], ...] = ()  # (column, log table, its key, before, after): change_logs.py
    cleared_with: tuple[tuple[str, str], ...] = ()  # (key, the later date that clears it): cleared_keys.py
    # (category, its open values): the states a filled category's rows leave when its date is set ('pending')
    open_values: tuple[tuple[str, tuple[str, ...]], ...] = ()
    matures: tuple[tuple[str, float], ...] = ()  # (column, the age in days its rows have it from): maturing.py
    rewound: tuple[tuple, ...] = ()  # (column, child, fkey, measure, slope): kept up to date by the child: running.py
    aging: tuple[tuple[str, str], ...] = ()  # (column, unit): counts the time since the row's date: aging.py
    set_once: tuple[str, ...] = ()  # dates named as moving (next_due_on) that the data shows fixed at write: ahead.py
    pushed: tuple[str, ...] = ()  # dates set ahead that the data shows rewritten (a due date pushed on): ahead.py

    @property
    def end_columns(self) -> tuple[str, ...]:
        """Every column that ends a row (empty: rows never end)."""
        return (self.end_time_column, *self.also_ends) if self.end_time_column else ()

    def column(self, name: str) -> Column:
        for c in self.columns:
            if c.name == name:
                return c
        raise GraphError(
            f'Table "{self.name}" has no column "{name}".'
            f"{did_you_mean(name, self.column_names)} Its columns: {', '.join(self.column_names)}."
        )

    def has_column(self, name: str) -> bool:
        return any(c.name == name for c in self.columns)

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)


@dataclass(frozen=True)
class Link:
    """`child.fkey` references the primary key of `parent`."""

    child: str
    fkey: str
    parent: str

    def __str__(self) -> str:
        return f"{self.child}.{self.fkey} -> {self.parent}"


PRIMARY_KEY = "<primary key>"  # evidence keys (table, PRIMARY_KEY) and (table, TIME_COLUMN); links use (child, fkey)
TIME_COLUMN = "<time column>"
USER = "set by user"
KEEP = object()  # `Graph.set_time_column`'s end column when none is given: the one the table has stays


class Graph:
    """Tables and the links between them, as rfm_sql sees a database."""

    def __init__(self, tables: dict[str, Table], links: list[Link] | tuple[Link, ...] = (), evidence: dict | None = None):
        self.tables: dict[str, Table] = dict(tables)
        self.links: list[Link] = []
        # the database's current graph when it holds a table this one lacks (called with its name), else None;
        # set by graph.infer, so overrides can name tables created since: None where there is no database
        self.source: Callable[[str], Graph | None] | None = None
        # (database, schema) the tables live in, when read from a connection that had USEd them; cursors, which
        # always start in the default database's main schema, are moved there (`cursor`); None: the default
        self.namespace: tuple[str, str] | None = None
        self.reader: Callable[[], object] | None = None  # a new cursor there (graph.infer); None: `link` reads no data
        # why each part is there: (child, fkey) for a link, (table, PRIMARY_KEY) and (table, TIME_COLUMN)
        self.evidence: dict[tuple[str, str], str] = {}
        self.text_keys: dict[tuple[str, str], str] = {}  # (table, column): text of integer keys, unlinked (text_keys.py)
        for link in links:
            self.link(link.child, link.fkey, link.parent)
        self.evidence = dict(evidence or {})

    def __repr__(self) -> str:
        return f"Graph({len(self.tables)} tables, {len(self.links)} links)"

    def cursor(self, con):
        """A cursor of `con` (a DuckDB connection or cursor) in this graph's database and schema, so the plain
        table names of rfm_sql's SQL are this graph's tables (a cursor starts in main, whatever `con` USEd)."""
        cur = con.cursor()
        if self.namespace is not None:
            database, schema = (exp.to_identifier(part, quoted=True).sql("duckdb") for part in self.namespace)
            cur.execute(f"USE {database}.{schema}").fetchall()
        return cur

    def qualify(self, sql: str) -> str:
        """`sql` with this graph's tables named with their database and schema: SQL handed back to DuckDB runs
        on the caller's connection or cursor, which may read plain names from another schema (`cursor`)."""
        if self.namespace is None:
            return sql
        tree = sqlglot.parse_one(sql, dialect="duckdb")
        ctes = {cte.alias for cte in tree.find_all(exp.CTE)}
        database, schema = (exp.to_identifier(part, quoted=True) for part in self.namespace)
        plain = (r for r in tree.find_all(exp.Table) if isinstance(r.this, exp.Identifier) and not r.args.get("db"))
        for ref in plain:
            if ref.name in self.tables and ref.name not in ctes:
                ref.set("db", schema.copy())
                ref.set("catalog", database.copy())
        return tree.sql("duckdb")

    # -- lookups ---------------------------------------------------------------------------------------
    def table(self, name: str) -> Table:
        if name in self.tables:
            return self.tables[name]
        raise GraphError(
            f'No table "{name}" in the database.{did_you_mean(name, self.tables)} '
            f"Tables: {', '.join(sorted(self.tables)) or '(none)'}."
        )

    def _find(self, name: str) -> Table:
        """`table(name)`, taking it from the database first when it was created after this graph was made."""
        if name not in self.tables and self.source is not None:
            fresh = self.source(name)
            if fresh is not None:
                self.add_new_tables(fresh)
        return self.table(name)

    def add_new_tables(self, fresh: Graph) -> None:
        """Take the tables this graph lacks from `fresh` (a newer graph of the same database), with their links
        and evidence; what is already here, overrides included, stays."""
        new = set(fresh.tables) - set(self.tables)
        self.tables.update({name: fresh.tables[name] for name in new})
        for name in new:
            for part in (PRIMARY_KEY, TIME_COLUMN):
                if fresh.why(name, part):
                    self.evidence[(name, part)] = fresh.why(name, part)
        linked = {(lk.child, lk.fkey) for lk in self.links}
        for lk in fresh.links:
            key_kept = self.tables[lk.parent].primary_key == fresh.tables[lk.parent].primary_key
            if (lk.child in new or lk.parent in new) and (lk.child, lk.fkey) not in linked and key_kept:
                self.links.append(lk)
                self.evidence[(lk.child, lk.fkey)] = fresh.why(lk.child, lk.fkey)

    def links_between(self, child: str, parent: str) -> list[Link]:
        return [lk for lk in self.links if lk.child == child and lk.parent == parent]

    def children(self, parent: str) -> list[Link]:
        return [lk for lk in self.links if lk.parent == parent]

    def parents(self, child: str) -> list[Link]:
        return [lk for lk in self.links if lk.child == child]

    # -- overrides -------------------------------------------------------------------------------------
    def link(self, child: str, fkey: str, parent: str, *, check: bool = True) -> Link:
        """Declare that `child.fkey` references `parent`'s primary key (its values checked: `graph.link_check`)."""
        ctab, ptab = self._find(child), self._find(parent)
        fcol = ctab.column(fkey)
        if ptab.primary_key is None:
            raise GraphError(
                f'Cannot link {child}.{fkey} to "{parent}": it has no primary key. Set one first: '
                f'graph.set_primary_key("{parent}", column).'
            )
        key = ptab.column(ptab.primary_key)
        if not keys_compatible(fcol.dtype, key.dtype):
            raise GraphError(
                f'Cannot link {child}.{fkey} to "{parent}": {fkey} is {fcol.dtype} but the key {parent}.{key.name} is '
                f"{key.dtype}, so no value can match. Link a column holding {parent}.{key.name} values: a view with CAST("
                f"{fkey} AS {key.dtype}) where it holds them as text, or one joining {parent} by a code {fkey} holds."
            )
        check_link(self, child, fkey, parent, keys_compatible, check)  # its values must be the key's, mostly
        link = Link(child, fkey, parent)
        known = link in self.links  # set again (a graph file's links, each already inferred): nothing new to read
        self.links = [lk for lk in self.links if (lk.child, lk.fkey) != (child, fkey)] + [link]
        self.evidence[(child, fkey)] = USER
        # a reference, as inference types the links it finds: its number is no quantity (a seller id of 9e9 was
        # the top input of a listing's price while it stayed numerical)
        self.tables[ctab.name] = self._with_stype(self.tables[ctab.name], fkey, SType.ID)
        if not known:
            relinked(self, link)  # a number of the parent's its new child keeps up to date (graph/running.py)
        return link

    def unlink(self, child: str, fkey: str) -> None:
        """Remove the link from `child.fkey` (e.g. where inference guessed wrong)."""
        self._find(child)
        before = len(self.links)
        self.links = [lk for lk in self.links if (lk.child, lk.fkey) != (child, fkey)]
        if len(self.links) == before:
            have = ", ".join(str(lk) for lk in self.parents(child)) or "none"
            raise GraphError(f"There is no link from {child}.{fkey} to remove. Links from {child}: {have}.")
        self.evidence.pop((child, fkey), None)

    def set_primary_key(self, table: str, column: str | None) -> list[Link]:
        """Make `column` the key of `table` (None: no key). Links into the table referenced the old key, so they
        go, with an RFMWarning that names them; returns them. The data is not checked here (`runtime.keys`)."""
        tab = self._find(table)
        if column is not None:
            tab.column(column)
            tab = self._with_stype(tab, column, SType.ID)
        dropped = []
        if column != tab.primary_key:
            dropped = self.children(table)
            for lk in dropped:
                self.evidence.pop((lk.child, lk.fkey), None)
            self.links = [lk for lk in self.links if lk.parent != table]
            if dropped:
                warnings.warn(
                    f"{table}'s key is now {column}: the links {', '.join(map(str, dropped))} referenced "
                    f"{tab.primary_key} and are gone."
                    + (f" Link again those that reference {column}." if column is not None else ""),
                    RFMWarning,
                    stacklevel=2,
                )
        self.tables[table] = replace(tab, primary_key=column)
        self.evidence[(table, PRIMARY_KEY)] = USER
        return dropped

    def set_time_column(
        self, table: str, column: str | None, end_column: str | list | None | object = KEEP, *, unit: str | None = None
    ) -> None:
        """Which column says when a row happened, and `end_column` when it stopped existing (an employee's
        terminated_at: no prediction for it after that; a list: whichever comes first, a policy's end_date and its
        cancelled_at; None: never ends; left out: the end time the table has, set or inferred, stays).

        An integer column of seconds (milliseconds, microseconds) since 1970 UTC is read as a time with
        `unit="s"` (`"ms"`, `"us"`)."""
        tab = self._find(table)
        ends = tab.end_columns if end_column is KEEP else _end_list(end_column)
        if unit is not None and unit not in EPOCH_UNITS:
            raise GraphError(f'Unknown epoch unit "{unit}"; use one of {", ".join(EPOCH_UNITS)}.')
        for col in (column, *ends):
            if col is None:
                continue
            c = tab.column(col)
            if is_integer_type(c.dtype) and (unit or c.unit):
                tab = self._with_stype(tab, col, SType.TIMESTAMP, unit=unit or c.unit)
            elif is_integer_type(c.dtype):
                raise GraphError(
                    f"{table}.{col} has type {c.dtype}, not a date or timestamp. If it counts seconds since "
                    f'1970 (UTC), say so: graph.set_time_column("{table}", "{col}", unit="s") (or "ms", "us"); '
                    f"or make a view with to_timestamp({col}) and use that."
                )
            elif not is_time_type(c.dtype):
                raise GraphError(f"{table}.{col} has type {c.dtype}, not a date or timestamp, so it cannot be the time column. Cast it in a view, or choose another column.")
        first, *rest = ends or (None,)
        self.tables[table] = replace(tab, time_column=column, end_time_column=first, also_ends=tuple(rest), written_by=None)
        self.evidence[(table, TIME_COLUMN)] = USER

    def set_end_time(self, table: str, column: str | list | None, *, unit: str | None = None) -> None:
        """When a row of `table` stops existing (None: never; a list of columns: whichever comes first), its time
        column unchanged; `unit` as for `set_time_column` (an integer column of epoch seconds, ms or us)."""
        for col in _end_list(column):
            if col == self._find(table).time_column:
                raise GraphError(f"{table}.{col} is the table's time column: a row cannot end when it starts.")
        self.set_time_column(table, self._find(table).time_column, column, unit=unit)

    def set_stype(self, table: str, column: str, stype: SType | str) -> None:
        try:
            stype = SType(stype.lower()) if isinstance(stype, str) else SType(stype)
        except ValueError:
            raise GraphError(f'Unknown semantic type "{stype}"; use one of {", ".join(s.value for s in SType)}.') from None
        self.tables[table] = self._with_stype(self._find(table), column, stype)

    def set_ahead(self, table: str, columns) -> None:
        """Which dates of `table` are set ahead of what they name (graph/ahead.py), all its others not: a graph
        file pins what inference found, which reads the data again at each attach."""
        tab, columns = self._find(table), set(columns)
        for name in columns:
            if tab.column(name).stype is not SType.TIMESTAMP:
                raise GraphError(f"{tab.name}.{name} is not a date: only a date can be set ahead.")
        cols, once = tuple(replace(c, ahead=c.name in columns) for c in tab.columns), tuple(c for c in tab.set_once if c in columns)
        self.tables[tab.name] = replace(tab, columns=cols, set_once=once)  # a date no longer ahead is not set once

    @staticmethod
    def _with_stype(tab: Table, column: str, stype: SType, unit: str | None = None) -> Table:
        tab.column(column)
        cols = tuple(replace(c, stype=stype, unit=unit or c.unit) if c.name == column else c for c in tab.columns)
        return replace(tab, columns=cols)

    def why(self, table: str, part: str) -> str:
        """The evidence for a link (`part` = its column), PRIMARY_KEY or TIME_COLUMN; "" when none is kept."""
        return self.evidence.get((table, part), "")

    # -- display ---------------------------------------------------------------------------------------
    def describe(self) -> str:
        """A plain-text listing a person can check."""
        lines = []
        for name in sorted(self.tables):
            tab = self.tables[name]
            rows = f", {tab.num_rows:,} rows" if tab.num_rows is not None else ""
            lines.append(f"{name}{rows}")
            lines.append(f"  primary key: {tab.primary_key or '-'}{_reason(self.why(name, PRIMARY_KEY))}")
            lines.append(
                f"  time column: {tab.time_column or '-'}"
                + (f" (ends: {', '.join(tab.end_columns)})" if tab.end_columns else "")
                + _reason(self.why(name, TIME_COLUMN))
            )
            ahead = [c.name for c in tab.columns if c.stype is SType.TIMESTAMP and c.name != tab.time_column and known_ahead(tab, c.name)]
            if ahead and tab.time_column and not tab.written_by:  # which date a window counts is a choice: say it
                lines.append(f"  windows count rows by {tab.time_column}; by {ahead[0]}: rfm.graph.set_time_column('{name}', '{ahead[0]}')")
            cleared = dict(tab.cleared_with)
            for lk in self.parents(name):
                lines.append(
                    f"  link: {lk.fkey} -> {lk.parent}.{self.tables[lk.parent].primary_key}"
                    + _reason(self.why(name, lk.fkey))
                    + (f"  (cleared when {cleared.get(lk.fkey)} is set: today's state, not read)" * (lk.fkey in cleared))
                )
            lines += [f"  not linked: {c}  [{why}]" for (t, c), why in self.text_keys.items() if t == name]
            names = tab.column_names
            ending = [  # named like an end but not set as one: each query on the table warns of them
                c.name for c in tab.columns
                if c.stype is SType.TIMESTAMP and c.name not in (tab.time_column, *tab.end_columns) and end_name(c.name, names)
            ]
            lines += [
                f"  not an end time: {c}  [named like one; if rows stop existing then: "
                f"rfm.graph.set_end_time('{name}', '{c}')]" for c in ending
            ]
            said = {tab.written_by: f", rows written by it ahead of {tab.time_column}"}
            said |= {v: f", filled in with {' or '.join(d for c, d in tab.filled_with if c == v)}: not read before it" for v, _ in tab.filled_with}
            said |= {v: f", filled in {d:g} days after {tab.time_column}: not read before" for v, d in tab.matures}
            said |= {v: f", as of the anchor by {t}.{b}" for v, t, _, b, _ in tab.logged_in}
            said |= {v: f", kept up to date by {t}'s rows: read as of the anchor" for v, t, *_ in tab.rewound}
            said |= {v: f", counts {u} since {tab.time_column}: read as of the anchor" for v, u in tab.aging}
            said |= {c.name: ", set ahead" + said.get(c.name, "") for c in tab.columns if c.stype is SType.TIMESTAMP and known_ahead(tab, c.name)}
            said |= {v: ", set ahead and pushed on later (its lead grows with the row's age): today's, not read" for v in tab.pushed}
            cols = ", ".join(f"{c.name} ({c.stype.value}{said.get(c.name, '')})" for c in tab.columns)
            lines.append(f"  columns: {cols}")
        return "\n".join(lines)

    def to_dict(self) -> dict:
        return {
            "tables": {
                n: {
                    "pkey": t.primary_key,
                    "fkeys": {lk.fkey: lk.parent for lk in self.parents(n)},
                    "time_col": t.time_column,
                    "stypes": {c.name: c.stype.value for c in t.columns},
                    "evidence": {
                        "pkey": self.why(n, PRIMARY_KEY),
                        "time_col": self.why(n, TIME_COLUMN),
                        "fkeys": {lk.fkey: self.why(n, lk.fkey) for lk in self.parents(n)},
                    },
                }
                for n, t in sorted(self.tables.items())
            }
        }


def _reason(text: str) -> str:
    return f"  [{text}]" if text else ""


def _end_list(column) -> tuple[str, ...]:
    """An end time as given (a column, a list of them, or None) as a tuple of distinct names."""
    if column is None:
        return ()
    names = (column,) if isinstance(column, str) else tuple(column)
    if not all(isinstance(c, str) for c in names):
        raise GraphError(f"An end time is a column name or a list of them, not {column!r}.")
    return tuple(dict.fromkeys(names))
