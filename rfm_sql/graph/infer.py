"""Build a `Graph` from a DuckDB catalog: declared keys first, inference for the rest (beside a table's declared
links, only keys whose name says the table). Inference (views, Parquet) uses evidence a person would use, and
keeps it on the graph (`Graph.evidence`; text columns of integer keys, which no link matches, `text_keys`):
- a primary key is unique and non-null and is named like one;
- a foreign key's values are (almost all) contained in another table's primary key and its name says so
  (`customer_id`, `o_custkey` ~ `c_custkey`, `OwnerUserId` -> users); short strings contained in another
  table's string key link without a name; a role-named key (`parent_id`, `manager_id`, `created_by`) links
  to its own table, to a table its row already links to, or (actors) to the smallest table whose key contains
  it; the parties to a table's action (`follows.follower_id`) to the smallest table that other tables' keys
  name (users, named by `plays.user_id`), never to the table's own rows; a role-named key the name sends to
  a table its row links to, whose values also cover at least half of a smaller table's keys, goes there when
  other tables' keys name that table (messages.sender_id: users, not the listings messages link to); a self-link
  stays, its evidence naming the smaller table (`graph.containment`); containment never links integers alone;
- the time column is the date/timestamp column (or epoch integer named like a time) whose name and content
  say "when this row happened" (see `names.time_name_score`). Every pass over the data is an aggregate DuckDB runs.
"""

from __future__ import annotations

import datetime as dt
import warnings

import duckdb
from sqlglot import exp

from rfm_sql.compile.sqlutil import table as table_ref
from rfm_sql.compile.sqlutil import utc_naive
from rfm_sql.errors import RFMWarning
from rfm_sql.graph import (
    Column,
    Graph,
    Link,
    SType,
    Table,
    aging,
    ahead,
    bare_keys,
    began,
    change_logs,
    cleared_keys,
    filled_later,
    is_integer_type,
    is_numeric_type,
    is_text_type,
    is_time_type,
    names,
    outlived,
    primary_keys,
    running,
    text_keys,
)
from rfm_sql.graph.catalog import catalog as catalog_of
from rfm_sql.graph.catalog import composite_keys, declared_keys
from rfm_sql.graph.containment import (
    NAMED_CONTAINMENT,
    Containment,
    a_place,
    compatible,
    declared_left_out,
    keyable,
    named_elsewhere,
    own_numbering,
    pct,
    tightest,
    weigh_rival,
)
from rfm_sql.graph.model import PRIMARY_KEY, TIME_COLUMN

EPOCH_RANGES = (("s", 1e8, 4.2e9), ("ms", 1e11, 4.2e12), ("us", 1e14, 4.2e15))  # 1973..2103


def infer_graph(con: duckdb.DuckDBPyConnection, tables: frozenset[str] | None = None) -> Graph:
    """The graph of every table and view in the connection's current database and schema (only those of
    `tables`, when given); a table created later is taken in when an override names it (`Graph.source`)."""
    graph = infer_from_catalog(con, catalog_of(con, tables), *declared_keys(con, tables))
    for name, cols in composite_keys(con, tables).items():  # said, where no key of one column was found instead
        if name in graph.tables and graph.tables[name].primary_key is None:
            graph.evidence[(name, PRIMARY_KEY)] = (
                f"declared ({', '.join(cols)}): a key of several columns, which rfm_sql does not use; its rows are "
                "still read under each table they link to. To predict for each row, make a view with one key column"
            )
    graph.namespace, graph.reader = namespace_of(con), lambda: graph.cursor(con)
    graph.source = lambda name: _fresh_graph(con, name, graph.namespace, tables)
    return graph


_WHERE = "SELECT current_database(), current_schema()"


def namespace_of(con) -> tuple[str, str] | None:
    """(database, schema) `con` reads plain names from, when a fresh cursor would read them elsewhere."""
    here = tuple(con.execute(_WHERE).fetchall()[0])
    with con.cursor() as cur:
        return None if tuple(cur.execute(_WHERE).fetchall()[0]) == here else here


def _fresh_graph(con, name: str, namespace: tuple[str, str] | None, tables: frozenset[str] | None) -> Graph | None:
    """The database's graph now (of `tables` and `name`, when `tables` is given), when it holds table `name`
    (None otherwise, or once `con` is closed)."""
    where = Graph({})
    where.namespace = namespace
    try:
        cur = where.cursor(con)  # a cursor of its own, in the graph's schema: overrides may come from any thread
    except duckdb.Error:  # closed
        return None
    scope = None if tables is None else tables | {name}
    with cur:
        catalog = catalog_of(cur, scope)
        return infer_from_catalog(cur, catalog, *declared_keys(cur, scope)) if name in catalog else None


def infer_from_catalog(con, catalog: dict[str, dict[str, str]], declared_pk=None, declared_fk=()) -> Graph:
    """The graph of the tables of `catalog` ({table: {column: DuckDB type name}}), measured through `con` (any
    object with DuckDB's `execute(sql).fetchall()`: another engine's adapter too), with the keys declared."""
    declared_pk, declared_fk = declared_pk or {}, list(declared_fk)
    stats = _readable_stats(con, catalog)
    probe = Containment(con)
    evidence: dict[tuple[str, str], str] = {}
    pkeys: dict[str, str | None] = {}
    for name in catalog:
        if declared_pk.get(name):
            pkeys[name], evidence[(name, PRIMARY_KEY)] = declared_pk[name], "declared"
        else:
            dated = _infer_time_column(name, catalog[name], stats[name], catalog)[0] is not None
            pkeys[name], why = primary_keys.inferred(probe, name, catalog, stats, dated)
            if why:
                evidence[(name, PRIMARY_KEY)] = why
    links = list(declared_fk)
    evidence.update({(lk.child, lk.fkey): "declared" for lk in declared_fk})
    for name in catalog:
        # a table declaring some keys often leaves others out (a lookup added later): those are inferred by name only
        done = {lk.fkey for lk in declared_fk if lk.child == name}
        for link, why in _infer_links(probe, name, catalog, stats, pkeys, frozenset(declared_pk), bool(done)):
            if link.fkey not in done:
                links.append(link)
                evidence[(link.child, link.fkey)] = f"not declared; {why}" if done else why

    key_cols = {(lk.child, lk.fkey) for lk in links} | {(t, k) for t, k in pkeys.items() if k}
    tables = {}
    for name, cols in catalog.items():
        time_col, unit, why = _infer_time_column(name, cols, stats[name], catalog)
        if time_col and not unit and (first := began.first_filled(con, name, cols, stats[name], time_col, catalog)):
            time_col, why = first
        end_cols, ends = _infer_end_columns(con, name, cols, stats[name], None if unit else time_col)
        if why or ends:
            evidence[(name, TIME_COLUMN)] = "; ".join(w for w in (why, ends) if w)
        columns = tuple(
            Column(c, dtype, SType.TIMESTAMP, unit)
            if c == time_col and unit
            else Column(c, dtype, _infer_stype(name, c, dtype, stats[name], key_cols))
            for c, dtype in cols.items()
        )
        tables[name] = Table(
            name,
            columns,
            primary_key=pkeys[name],
            time_column=time_col,
            end_time_column=end_cols[0] if end_cols else None,
            num_rows=stats[name]["__rows__"],
            also_ends=tuple(end_cols[1:]),
        )
    tables = filled_later.marked(con, ahead.marked(con, tables))
    links = [lk for lk in links if pkeys.get(lk.parent)]
    tables = outlived.marked(con, tables, links, evidence)  # ends a row's own rows go on after
    tables = aging.marked(con, running.marked(con, change_logs.marked(con, tables, links), links))  # kept up to date
    return text_keys.noted(con, Graph(cleared_keys.marked(con, tables, links), links, evidence), catalog, stats)


def _readable_stats(con, catalog: dict) -> dict:
    """Each table's `_column_stats`; a view that cannot be read here (it names a table or function this
    connection lacks) is left out of the graph with a warning rather than failing every query."""
    stats = {}
    for name in list(catalog):
        try:
            stats[name] = _column_stats(con, name, catalog[name])
        except duckdb.Error as e:
            del catalog[name]
            first = str(e).strip().splitlines()[0]
            warnings.warn(
                f"{name} cannot be read here ({first}); it is left out of the graph.", RFMWarning, stacklevel=4
            )
    return stats


def _column_stats(con, table: str, cols: dict[str, str]) -> dict:
    """Row count and, per column, non-null and distinct counts (mean length for text; the span of integers:
    one named like a time may count seconds since 1970, a key's tells its own numbering)."""
    selects = [exp.Count(this=exp.Star()).as_("__rows__")]
    kinds = (is_numeric_type, is_text_type, is_time_type)
    measured = [c for c, t in cols.items() if any(k(t) for k in kinds) or t.upper() in ("BOOLEAN", "UUID")]
    for i, c in enumerate(measured):
        col = exp.column(c, quoted=True)
        selects.append(exp.Count(this=col).as_(f"n{i}"))
        selects.append(exp.Count(this=exp.Distinct(expressions=[col])).as_(f"d{i}"))
        if is_text_type(cols[c]):  # its mean length, and whether every value has the same (a UUID, a hash)
            width = exp.EQ(this=exp.Min(this=exp.func("LENGTH", col)), expression=exp.Max(this=exp.func("LENGTH", col)))
            selects += [exp.func("AVG", exp.func("LENGTH", col)).as_(f"l{i}"), width.as_(f"w{i}")]
        if is_integer_type(cols[c]):
            selects.append(exp.cast(exp.Min(this=col), "DOUBLE").as_(f"lo{i}"))
            selects.append(exp.cast(exp.Max(this=col), "DOUBLE").as_(f"hi{i}"))
    sql = exp.select(*selects).from_(table_ref(table)).sql("duckdb")
    cur = con.execute(sql)
    aliases = [d[0] for d in cur.description]
    values = dict(zip(aliases, cur.fetchall()[0], strict=True))
    out = {"__rows__": values["__rows__"]}
    for i, c in enumerate(measured):
        out[c] = {
            "nonnull": values[f"n{i}"],
            "distinct": values[f"d{i}"],
            "avg_len": values.get(f"l{i}"),
            "fixed": bool(values.get(f"w{i}")),  # text of one width: a code, never prose
            "span": (values[f"lo{i}"], values[f"hi{i}"]) if f"lo{i}" in values else None,  # integers: min, max
        }
    return out


def _infer_links(
    probe, table: str, catalog, stats, pkeys, declared=frozenset(), named_only: bool = False
) -> list[tuple[Link, str]]:
    """Links from `table`: named keys first; then (unless `named_only`), for the other key-like columns, short
    strings found in another table's string key, and role-named keys (own table, a table already linked, an
    actor's table). `declared`: the tables whose primary key was declared."""
    cols = catalog[table]
    rows = {name: stats[name]["__rows__"] for name in catalog}
    candidates = [c for c, t in cols.items() if c != pkeys.get(table) and keyable(t)]
    out: dict[str, tuple[Link, str]] = {}
    prefixes = frozenset(p for p in (names.table_prefix(c) for c in catalog.values()) if p)

    # an integer key stored as DOUBLE (a pandas column with a NULL, a CSV): by its name only (a bike trial's station_id)
    floats = [c for c, t in cols.items() if c != pkeys.get(table) and _floating(t) and names.looks_like_key(c)]
    for col in candidates + floats:  # 1. the name says which table
        best = None
        for parent, pkey in pkeys.items():
            whole = col in floats and is_integer_type(catalog[parent][pkey] or "") if pkey else False
            own_number = a_place(table, col, parent, pkey, stats)  # installments.installment_no: no key
            if own_number or pkey is None or not (compatible(cols[col], catalog[parent][pkey]) or whole):
                continue
            why = names.names_parent(col, cols, parent, pkey, catalog[parent], prefixes) or bare_keys.named(
                table, col, cols, parent, pkey, stats[table].get(col) or {}, stats[parent]
            )
            if why is None:
                continue
            ratio = probe(table, col, parent, pkey)
            # ties between tables holding every value (customers, and a saved churn_scores(customer_id, ...)):
            # the table the name names, a declared key, the larger table; not the first name in the alphabet
            rank = (ratio, names.names_table(col, cols, parent), parent in declared, rows[parent])
            if ratio >= NAMED_CONTAINMENT and (best is None or rank > best[0]):
                best = (rank, parent, f"{why}, {pct(ratio)}")
        if best:
            stored = f", stored as {cols[col]}" if col in floats else ""
            out[col] = (Link(table, col, best[1]), best[2] + stored)

    siblings = {lk.parent for lk, _ in out.values()}
    for col in [c for c in candidates if c not in out and not named_only]:
        st = stats[table].get(col) or {}
        if st.get("distinct", 0) < 2:
            continue
        found = None
        if is_text_type(cols[col]) and ((st.get("avg_len") or 0) <= 30 or st.get("fixed")):  # 2. strings, codes
            found = tightest(probe, table, col, catalog, pkeys, rows, [p for p in pkeys if p != table])
            if found:
                what = "short strings" if (st.get("avg_len") or 0) <= 30 else "codes of one width"
                found = (found[0], f"{what}, {pct(found[1])} in {found[0]}.{pkeys[found[0]]}")
        kind = names.role(col)
        if kind == "role" and names.names_other_table(col, table, catalog):
            kind = None  # user_id names a users table: if that table has no key, there is no link to make
        if found is None and kind == "role" and names.person_role(col):  # 3. posts.author_id: in a table of people
            people = [p for p in pkeys if names.people_table(p)]  # only: no row of documents is its reviewer
            found = tightest(probe, table, col, catalog, pkeys, rows, people)
            if found:
                where = "its own table" if found[0] == table else f"{found[0]}.{pkeys[found[0]]}"
                out[col] = (Link(table, col, found[0]), f"role name {col} (a person), {pct(found[1])} in {where}")
            if found or not names.participant(col, table):  # a payee not among people may be a party (freelancers)
                continue
        if found is None and kind:  # 4. a role-named key: which table it can mean is limited
            party = names.participant(col, table)  # follows.follower_id: a user, never a row of follows
            pool = ([table] if pkeys.get(table) and not party else []) + sorted(siblings)
            if kind == "actor":
                pool += [p for p in pkeys if p not in pool]
            if party:  # among the tables other tables' keys name (users, named by plays.user_id): not tags
                pool += [p for p in sorted(named_elsewhere(table, catalog, pkeys)) if p not in pool]
            found = tightest(probe, table, col, catalog, pkeys, rows, pool)
            elsewhere = found and kind == "role" and not party and found[0] != table
            if elsewhere and own_numbering(st, stats[found[0]], pkeys[found[0]]):
                found = None  # product_id 1..40 inside customer ids 1..300, with no products table
            if found:
                where = "its own table" if found[0] == table else f"{found[0]}.{pkeys[found[0]]}"
                role = f"role name {col} (a party to {table})" if party else f"role name {col}"
                found = (found[0], f"{role}, {pct(found[1])} in {where}")
                if not party:  # chosen by the name alone: a smaller table the values fit may be meant
                    found = weigh_rival(probe, table, col, st["distinct"], catalog, pkeys, rows, pool, found)
        if found:
            out[col] = (Link(table, col, found[0]), found[1])
    for col in [c for c in candidates if c not in out and named_only]:  # 5. a person or self-link left undeclared
        if found := declared_left_out(probe, table, col, catalog, pkeys, rows, stats):
            out[col] = (Link(table, col, found[0]), found[1])
    return [out[c] for c in cols if c in out]


def _floating(dtype: str) -> bool:
    return dtype.upper() in ("DOUBLE", "FLOAT", "REAL")


def _infer_stype(table: str, col: str, dtype: str, stats: dict, key_cols: set) -> SType:
    if (table, col) in key_cols:
        return SType.ID
    if is_time_type(dtype):
        return SType.TIMESTAMP
    if dtype.upper() == "BOOLEAN":
        return SType.CATEGORICAL
    if dtype.upper() == "UUID":  # an identifier even where it is no key or link: nothing to learn from its value
        return SType.ID
    st = stats.get(col) or {}
    distinct, nonnull = st.get("distinct", 0), max(1, st.get("nonnull", 0))
    if is_numeric_type(dtype):
        if is_integer_type(dtype) and names.looks_like_key(col) and col.lower() != "id":
            return SType.CATEGORICAL if distinct <= 100 else SType.ID
        return SType.NUMERICAL
    if is_text_type(dtype):
        if (st.get("avg_len") or 0) < 30 and (distinct <= 50 or distinct <= 0.2 * nonnull):
            return SType.CATEGORICAL
        return SType.ID if st.get("fixed") and (st.get("avg_len") or 0) >= 30 else SType.TEXT  # a UUID, a hash
    return SType.TEXT


def epoch_unit(value_range) -> str | None:
    if not value_range or value_range[0] is None:
        return None
    lo, hi = value_range
    for unit, low, high in EPOCH_RANGES:
        if low <= lo and hi < high:
            return unit
    return None


def _infer_time_column(table: str, cols: dict[str, str], stats: dict, tables) -> tuple[str | None, str | None, str]:
    """(column, epoch unit or None, why): the best-named date/timestamp column that has values, or an
    integer named like a time whose values are seconds (ms, us) since 1970; ties go to the earlier column."""
    rows = stats["__rows__"]
    found = []
    for position, (col, dtype) in enumerate(cols.items()):
        st = stats.get(col) or {}
        unit = None
        if is_integer_type(dtype):
            unit = epoch_unit(st.get("span")) if names.epoch_named(col, cols) else None
            if unit is None:
                continue
        elif not is_time_type(dtype):
            continue
        named = names.time_name_score(col, cols, table, tables)
        if named is None:
            continue
        score = named
        if rows and (st.get("nonnull", 0) == 0 or (rows > 1 and st.get("distinct", 0) < 2)):
            continue  # empty, or one value: not when the rows happened
        # mostly empty: a side date, unless nothing better is there; partly (a match's first_msg_at): below matched_at
        score -= 1.5 if st.get("nonnull", 0) < 0.5 * rows else 1.0 if st.get("nonnull", 0) < 0.9 * rows else 0.0
        found.append((score - (0.5 if unit else 0.0), -position, col, unit, named))
    if not found:
        return None, None, ""
    _, _, col, unit, named = max(found)
    why = [f"name {col}" if named >= 1.5 else f"{cols[col]} column"]
    if len(found) == 1:
        why.append("the only time candidate")
    else:
        why.append(f"best of {len(found)} time candidates")
    if unit:
        lo, hi = (_epoch_date(v, unit) for v in stats[col]["span"])
        why.append(f"integers read as epoch {unit} ({lo}..{hi})")
    if "TIME ZONE" in cols[col].upper():
        why.append("read at UTC")
    empty = 1 - stats[col]["nonnull"] / rows if rows else 0.0
    if empty > 0:  # a row without a time is in no window: say so where the user reads the graph
        why.append(
            f"empty on {empty:.0%} of rows, which no window counts"
            if empty >= 0.01
            else "empty on under 1% of rows, which no window counts"
        )
    return col, unit, ", ".join(why)


def _infer_end_columns(con, table: str, cols: dict[str, str], stats: dict, start: str | None) -> tuple[list, str]:
    """(columns, why): the date/timestamp columns whose names say when a row stopped existing (`names.end_name`:
    an employee's terminated_at, a subscription's cancelled_at), empty on some rows (rows that go on: a table
    of trips, each with its end_time, is a table of records, and its ended trips are still what a query of
    their fares asks about) and before the row's time `start` on at most 1% of rows and one more (a date before
    the start is something else; one typed wrong of a dozen made a copy's graph differ). Without one, an employee
    who left was still predicted, and every backtest was flattered by their easy negatives. Every such column ends
    a row, whichever comes first: a policy's end_date (a trip's cover) and its cancelled_at (a lapse)."""
    rows = stats.get("__rows__") or 0
    found = []
    for col, dtype in cols.items():
        if col == start or not is_time_type(dtype) or names.end_name(col, cols) != "ends":
            continue
        filled = (stats.get(col) or {}).get("nonnull", 0)
        if not filled or filled > 0.99 * rows:
            continue
        if start is None:
            found.append((col, f"ends: name {col}, empty on {(rows - filled) / rows:.0%} of rows"))
            continue
        end_at, start_at = (utc_naive(cols[c], exp.column(c, quoted=True)) for c in (col, start))  # both at UTC
        before = exp.LT(this=end_at, expression=start_at)
        sql = exp.select(exp.func("COUNT_IF", before)).from_(table_ref(table)).sql("duckdb")
        if con.execute(sql).fetchall()[0][0] <= 0.01 * filled + 1:
            found.append((col, f"ends: name {col}, after {start}, empty on {(rows - filled) / rows:.0%} of rows"))
    return [c for c, _ in found], "; ".join(why for _, why in found)


def _epoch_date(value: float, unit: str) -> str:
    seconds = value / {"s": 1, "ms": 1e3, "us": 1e6}[unit]
    return (dt.datetime(1970, 1, 1) + dt.timedelta(seconds=seconds)).date().isoformat()
