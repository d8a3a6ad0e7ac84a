"""Build a `Graph` from a DuckDB catalog: declared keys first, inference where nothing is declared.

Inference (views, Parquet) uses evidence a person would use: a primary key is unique and non-null and
is named like one; a foreign key's values are (almost all) contained in another table's primary key and
its name matches that key or that table (or, for strings, containment alone is strong evidence).
Every pass over the data is an aggregate DuckDB runs.
"""

from __future__ import annotations

import re

import duckdb
from sqlglot import exp

from rfm_sql.compile.sqlutil import table as table_ref
from rfm_sql.graph import (
    Column,
    Graph,
    Link,
    SType,
    Table,
    is_integer_type,
    is_numeric_type,
    is_text_type,
    is_time_type,
)

# Names of timestamp columns that mean "when this row happened", best first; and words that mean
# something else (a birth date, an end, a bookkeeping time).
_EVENT_TIME_NAMES = (
    "timestamp",
    "time",
    "date",
    "datetime",
    "event_time",
    "event_timestamp",
    "created_at",
    "created",
    "ts",
)
_NOT_EVENT_TIME = re.compile(
    r"dob|birth|end|stop|disch|death|out|store|edreg|comment|updated|modified|deleted", re.IGNORECASE
)
_NOT_KEY_NAMES = {"name", "title", "description", "label", "text", "comment"}


def infer_graph(con: duckdb.DuckDBPyConnection) -> Graph:
    """The graph of every table and view in the connection's current database and schema."""
    catalog = _catalog(con)
    declared_pk, declared_fk = _declared_keys(con)
    stats = {name: _column_stats(con, name, cols) for name, cols in catalog.items()}

    pkeys = {name: declared_pk.get(name) or _infer_primary_key(con, name, catalog, stats) for name in catalog}
    links = list(declared_fk)
    declared_children = {lk.child for lk in declared_fk}
    for name in catalog:
        if name not in declared_children:
            links += _infer_links(con, name, catalog, stats, pkeys)

    key_cols = {(lk.child, lk.fkey) for lk in links} | {(t, k) for t, k in pkeys.items() if k}
    tables = {}
    for name, cols in catalog.items():
        columns = tuple(
            Column(c, dtype, _infer_stype(name, c, dtype, stats[name], key_cols)) for c, dtype in cols.items()
        )
        tables[name] = Table(
            name,
            columns,
            primary_key=pkeys[name],
            time_column=_infer_time_column(cols),
            num_rows=stats[name]["__rows__"],
        )
    return Graph(tables, [lk for lk in links if pkeys.get(lk.parent)])


def _catalog(con) -> dict[str, dict[str, str]]:
    """{table: {column: type}} for base tables and views of the current database and schema."""
    rows = con.execute(
        "SELECT table_name, column_name, data_type FROM duckdb_columns() "
        "WHERE database_name = current_database() AND schema_name = current_schema() AND NOT internal "
        "ORDER BY table_name, column_index"
    ).fetchall()
    out: dict[str, dict[str, str]] = {}
    for table, column, dtype in rows:
        out.setdefault(table, {})[column] = dtype
    return out


def _declared_keys(con) -> tuple[dict[str, str], list[Link]]:
    rows = con.execute(
        "SELECT table_name, constraint_type, constraint_column_names, referenced_table, "
        "referenced_column_names FROM duckdb_constraints() "
        "WHERE database_name = current_database() AND schema_name = current_schema() "
        "AND constraint_type IN ('PRIMARY KEY', 'FOREIGN KEY')"
    ).fetchall()
    pks, fks = {}, []
    for table, kind, cols, ref_table, _ref_cols in rows:
        if len(cols) != 1:  # composite keys are not modelled: such a table is treated as unkeyed
            continue
        if kind == "PRIMARY KEY":
            pks[table] = cols[0]
        else:
            fks.append(Link(table, cols[0], ref_table))
    return pks, fks


def _column_stats(con, table: str, cols: dict[str, str]) -> dict:
    """Row count and, per column, non-null and distinct counts (and mean length for text)."""
    selects = [exp.Count(this=exp.Star()).as_("__rows__")]
    measured = [c for c, t in cols.items() if is_numeric_type(t) or is_text_type(t) or t.upper() == "BOOLEAN"]
    for i, c in enumerate(measured):
        col = exp.column(c, quoted=True)
        selects.append(exp.Count(this=col).as_(f"n{i}"))
        selects.append(exp.Count(this=exp.Distinct(expressions=[col])).as_(f"d{i}"))
        if is_text_type(cols[c]):
            selects.append(exp.func("AVG", exp.func("LENGTH", col)).as_(f"l{i}"))
    sql = exp.select(*selects).from_(table_ref(table)).sql("duckdb")
    cur = con.execute(sql)
    names = [d[0] for d in cur.description]
    row = cur.fetchall()[0]
    values = dict(zip(names, row, strict=True))
    out = {"__rows__": values["__rows__"]}
    for i, c in enumerate(measured):
        out[c] = {"nonnull": values[f"n{i}"], "distinct": values[f"d{i}"], "avg_len": values.get(f"l{i}")}
    return out


def _norm(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name.lower())


def _table_key_names(table: str) -> set[str]:
    """Key names a table's own id would have: users -> {id, usersid, userid}."""
    t = _norm(table)
    singular = {
        t,
        t[:-1] if t.endswith("s") else t,
        t[:-3] + "y" if t.endswith("ies") else t,
        t[:-2] if t.endswith("es") else t,
    }
    return {"id"} | {s + "id" for s in singular} | {s + "key" for s in singular}


def _looks_like_key(name: str) -> bool:
    n = name.lower()
    return n.endswith("id") or n.endswith("_key") or n.endswith("code") or n == "key"


def _infer_primary_key(con, table: str, catalog, stats) -> str | None:
    rows = stats[table]["__rows__"]
    if rows == 0:
        return None
    best, best_score = None, 0.0
    for position, (col, dtype) in enumerate(catalog[table].items()):
        st = stats[table].get(col)
        if st is None or not (is_integer_type(dtype) or is_text_type(dtype)):
            continue
        if st["nonnull"] != rows or st["distinct"] != rows or _norm(col) in _NOT_KEY_NAMES:
            continue
        score = 1.0
        if _norm(col) in _table_key_names(table):
            score += 3
        if _looks_like_key(col):
            score += 2
        if _referenced_by_same_name(con, table, col, catalog):
            score += 2
        if is_text_type(dtype) and (st["avg_len"] or 0) > 24:  # long strings are content, not keys
            score -= 2
        score -= position * 0.01  # keys come first in most schemas
        if score > best_score:
            best, best_score = col, score
    return best


def _referenced_by_same_name(con, table: str, col: str, catalog) -> bool:
    for other, cols in catalog.items():
        if other != table and col in cols and _containment(con, other, col, table, col) >= 0.8:
            return True
    return False


def _containment(con, child: str, fkey: str, parent: str, pkey: str) -> float:
    """Share of the distinct non-null values of child.fkey that occur in parent.pkey."""
    c, p = exp.column(fkey, table="c", quoted=True), exp.column(pkey, table="p", quoted=True)
    distinct = (
        exp.select(exp.column(fkey, quoted=True))
        .distinct()
        .from_(table_ref(child))
        .where(exp.column(fkey, quoted=True).is_(exp.null()).not_())
    )
    sql = (
        exp.select(exp.Count(this=exp.Star()), exp.Count(this=p))
        .from_(distinct.subquery("c"))
        .join(table_ref(parent, "p"), on=exp.EQ(this=c, expression=p), join_type="left")
        .sql("duckdb")
    )
    try:
        n, hit = con.execute(sql).fetchall()[0]
    except duckdb.Error:  # incomparable types
        return 0.0
    return hit / n if n else 0.0


def _infer_links(con, table: str, catalog, stats, pkeys) -> list[Link]:
    links = []
    for col, dtype in catalog[table].items():
        if col == pkeys.get(table) or not (is_integer_type(dtype) or is_text_type(dtype)):
            continue
        best, best_score = None, 0.0
        for parent, pkey in pkeys.items():
            if pkey is None or (parent == table and col == pkey):
                continue
            ptype = catalog[parent][pkey]
            if is_text_type(dtype) != is_text_type(ptype):
                continue
            named = _norm(col) == _norm(pkey) or _norm(col) in _table_key_names(parent) - {"id"}
            if not named and not is_text_type(dtype):
                continue  # small integers are contained in every integer key: names must agree
            ratio = _containment(con, table, col, parent, pkey)
            needed = 0.8 if named else 0.99
            if ratio >= needed and (named or (stats[table].get(col) or {}).get("distinct", 0) >= 2):
                score = ratio + (1 if named else 0)
                if score > best_score:
                    best, best_score = parent, score
        if best is not None:
            links.append(Link(table, col, best))
    return links


def _infer_stype(table: str, col: str, dtype: str, stats: dict, key_cols: set) -> SType:
    if (table, col) in key_cols:
        return SType.ID
    if is_time_type(dtype):
        return SType.TIMESTAMP
    if dtype.upper() == "BOOLEAN":
        return SType.CATEGORICAL
    st = stats.get(col) or {}
    distinct, nonnull = st.get("distinct", 0), max(1, st.get("nonnull", 0))
    if is_numeric_type(dtype):
        if is_integer_type(dtype) and _looks_like_key(col) and col.lower() != "id":
            return SType.CATEGORICAL if distinct <= 100 else SType.ID
        return SType.NUMERICAL
    if is_text_type(dtype):
        if (st.get("avg_len") or 0) < 30 and (distinct <= 50 or distinct <= 0.2 * nonnull):
            return SType.CATEGORICAL
        return SType.TEXT
    return SType.TEXT


def _infer_time_column(cols: dict[str, str]) -> str | None:
    candidates = [c for c, t in cols.items() if is_time_type(t) and "TIME ZONE" not in t.upper()]
    eventish = [c for c in candidates if not _NOT_EVENT_TIME.search(c)]
    for name in _EVENT_TIME_NAMES:
        for c in eventish:
            if c.lower() == name:
                return c
    for c in eventish:
        if re.search(r"(time|date|_at|timestamp)$", c.lower()):
            return c
    if len(candidates) == 1 and eventish:
        return candidates[0]
    return None
