"""Entity lists as relations: the keys a caller lists (`entities=`, the per-row form's keys) become a table in
the attached in-memory catalog, never SQL literals, so the SQL for N entities is built in time independent
of N and DuckDB joins the list like any table. The user's database is never written.

A key set is named by a hash of its content (the same list binds to the same table, so re-binding a query
reuses it, and reuse counts as new) and carries each key's position in the list (`POSITION`). Key sets are
dropped only when they are both beyond the newest `KEEP` and older than `MAX_AGE`, so a query built from one
(run right after it is built, maybe on another thread) always finds it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import decimal
import hashlib
import math
import re
import uuid
from collections.abc import Iterable

import duckdb
import pyarrow as pa
from sqlglot import exp

from rfm_sql.compile.sqlutil import ENTITY, col, ident, lit, sql_type, to_sql
from rfm_sql.errors import UserError
from rfm_sql.graph import is_integer_type

SCRATCH_CATALOG = "rfm_sql"  # the in-memory catalog for key sets and the `rfm_sql.rfm_predict` macros
FALLBACK_CATALOG = "rfm_sql_scratch"  # when the user's own database is called rfm_sql
POSITION = "POSITION"
KEEP = 16
MAX_AGE = dt.timedelta(minutes=10)
_REGISTRY = "rfm_keysets"
_SHOWN = 5  # listed values named in an error


def entity_list(entities, param: str = "entities"):
    """The keys a caller listed, as a list of Python values (None: the query's own entities)."""
    if entities is None:
        return None
    if isinstance(entities, (str, bytes)) or not isinstance(entities, Iterable):  # one key: 42, 1.5, a date
        entities = [entities]
    values = [e.item() if hasattr(e, "item") else e for e in entities]
    if not values:
        raise UserError(
            f"{param} is empty; pass at least one primary-key value, or none at all for the query's entities.",
            param=param,
        )
    return values


def check_one_list(vq, entities, param: str = "entities") -> None:
    """Refuse keys passed beside a query that lists its own (FOR t.k IN (...) / = v), or beside the EVALUATE
    prefix (a backtest scores the query's entities): one would silently win over the other."""
    if entities is None:
        return
    key = f"{vq.entity_table}.{vq.entity_key}"
    if vq.query.prefix == "EVALUATE":
        raise UserError(
            f"{param}=... does not apply to an EVALUATE query: its backtest scores the query's own entities. Drop "
            f"{param}, or list the entities in the query (FOR {key} IN (...)).",
            param=param,
        )
    if vq.query.entities is not None:
        raise UserError(
            f"The query already lists its entities (FOR {key} ...), and {param}=... names keys too: pass them in "
            f"one place only (the query's list alone, or {param}=... with FOR EACH {key}).",
            param=param,
        )


def scratch_catalog(con) -> str:
    """The in-memory catalog rfm_sql may write to, attached if needed: `rfm_sql`, unless a database of that
    name is attached that is not in memory (a user's file called rfm_sql.duckdb: never written)."""
    rows = con.execute("SELECT database_name, path FROM duckdb_databases()").fetchall()
    paths = {name: path for name, path in rows}
    for name in (SCRATCH_CATALOG, FALLBACK_CATALOG):
        if name not in paths:  # READ_WRITE: attaching beside a read-only database would otherwise inherit it
            memory = exp.Alias(this=exp.Literal.string(":memory:"), alias=exp.to_identifier(name))
            read_write = exp.AttachOption(this=exp.var("READ_WRITE"))
            con.execute(to_sql(exp.Attach(this=memory, exists=True, expressions=[read_write]))).fetchall()
            return name
        if paths[name] is None:
            return name
    raise UserError(
        f"Databases named {SCRATCH_CATALOG} and {FALLBACK_CATALOG} are attached from files; rfm_sql needs one of "
        "these names for its in-memory scratch catalog. Attach them under other names.",
        param="con",
    )


def scratch_table(name: str, catalog: str = SCRATCH_CATALOG) -> exp.Table:
    return exp.Table(this=ident(name), db=ident("main"), catalog=ident(catalog))


def key_relation(cur, keys, dtype: str) -> exp.Table:
    """The table of (ENTITY, POSITION) rows for `keys` (a list of primary-key values), ENTITY cast to the
    key's type `dtype`; a UserError when a value cannot be one."""
    refuse_inexact(keys, dtype)
    values = key_values(keys)
    name = key_name(values, dtype)
    with cur.cursor() as c:  # its own cursor: each statement commits before the query that reads it runs
        catalog = scratch_catalog(c)
        target = scratch_table(name, catalog)
        if _exists(c, catalog, name):
            with contextlib.suppress(duckdb.TransactionException):
                _remember(c, catalog, name)  # reuse counts as new: not dropped under a query about to run
        else:
            _create(c, catalog, target, name, values, dtype)
    return target


def key_values(keys) -> pa.Array:
    """A list of keys as one Arrow array (mixed types such as '1' and 2 as text: the engine casts it)."""
    try:
        return pa.array(keys)
    except (pa.ArrowInvalid, pa.ArrowTypeError, OverflowError):  # OverflowError: an int beyond 64 bits
        return pa.array([None if k is None else str(k) for k in keys], pa.string())


def key_name(values: pa.Array, dtype: str) -> str:
    """The relation name of a key list, a hash of its content and type: the same list binds to the same name."""
    digest = hashlib.sha1(dtype.encode())
    for chunk in values.chunks if isinstance(values, pa.ChunkedArray) else [values]:
        for buffer in chunk.buffers():
            if buffer is not None:
                digest.update(buffer)
    digest.update(str(len(values)).encode())
    return f"rfm_keys_{digest.hexdigest()[:20]}"


def _exists(c, catalog: str, name: str) -> bool:
    found = (
        exp.select(exp.Count(this=exp.Star()))
        .from_("duckdb_tables()")
        .where(
            exp.and_(
                exp.EQ(this=exp.column("database_name"), expression=lit(catalog)),
                exp.EQ(this=exp.column("table_name"), expression=lit(name)),
            )
        )
    )
    return c.execute(to_sql(found)).fetchall()[0][0] > 0


def _create(c, catalog: str, target: exp.Table, name: str, values: pa.Array, dtype: str) -> None:
    source = f"rfm_keys_in_{uuid.uuid4().hex[:12]}"
    c.register(source, pa.table({ENTITY: values, POSITION: pa.array(range(len(values)), pa.int64())}))
    rows = exp.select(exp.cast(col(ENTITY), sql_type(dtype)).as_(ENTITY, quoted=True), col(POSITION)).from_(
        exp.to_table(source)
    )
    create = exp.Create(this=target, kind="TABLE", exists=True, expression=rows)
    try:
        c.execute(to_sql(create))
    except duckdb.ConversionException as e:
        why = str(e).splitlines()[0]
        raise UserError(f"entities must be values of the primary key's type {dtype}: {why}", param="entities") from e
    except duckdb.TransactionException:  # another thread created the same key set at the same moment
        if not _exists(c, catalog, name):
            raise
        return
    finally:
        c.unregister(source)
    with contextlib.suppress(duckdb.TransactionException):  # a concurrent key set's bookkeeping won
        _remember(c, catalog, name)


_INT_RANGES = {
    "TINYINT": 2**7,
    "SMALLINT": 2**15,
    "INTEGER": 2**31,
    "INT": 2**31,
    "BIGINT": 2**63,
    "HUGEINT": 2**127,
}
_INT_TEXT = re.compile(r"\s*[+-]?\d+\s*")


def refuse_inexact(keys: list, dtype: str, param: str = "entities") -> None:
    """A UserError for listed keys that the cast to an integer key type would change or lose, before any is
    cast (on DuckDB and Spark alike): 1.5 or '1.5' would become key 2 or 1 (a wrong answer), 2**40 does not fit
    an INTEGER."""
    refuse_non_uuid(keys, dtype, param)
    if not is_integer_type(dtype):
        return
    bound = _INT_RANGES.get(dtype.upper())

    def exact(k) -> bool:
        k = k.item() if hasattr(k, "item") else k  # a NumPy scalar
        if isinstance(k, bool):
            return False
        if isinstance(k, float):
            k = int(k) if math.isfinite(k) and k.is_integer() else None
        elif isinstance(k, str):
            k = int(k) if _INT_TEXT.fullmatch(k) else None
        return isinstance(k, int) and (bound is None or -bound <= k < bound)

    bad = [k for k in keys if k is not None and not exact(k)]
    if bad:
        _refuse(bad, dtype, param)


def refuse_non_uuid(keys: list, dtype: str, param: str = "entities") -> None:
    """For a UUID key: a UserError for listed values that are no UUID ('abc', 1), which the engine's cast would
    refuse with its own error."""
    if dtype.upper() != "UUID":
        return

    def is_uuid(k) -> bool:
        if isinstance(k, uuid.UUID):
            return True
        if not isinstance(k, str):  # 1, 1.5: no UUID
            return False
        try:
            uuid.UUID(k)
        except ValueError:
            return False
        return True

    bad = [k for k in keys if k is not None and not is_uuid(k)]
    if bad:
        _refuse(bad, dtype, param)


def _refuse(bad: list, dtype: str, param: str):
    shown = ", ".join(map(repr, bad[:_SHOWN])) + (", ..." if len(bad) > _SHOWN else "")
    raise UserError(
        f"{param} must be values of the primary key's type {dtype}; {shown} cannot be one. Pass keys as they "
        "are stored.",
        param=param,
    )


def comparable(key, dtype: str):
    """A key as Python compares it with the stored one of type `dtype`, whatever form it was listed in: a UUID
    in any case or as uuid.UUID is its canonical text (the engine's cast takes 'A0EE...' for 'a0ee...'), a
    DECIMAL key a Decimal ('0.5' is 0.50), an integer given as exact text or float that int. Anything else, and a
    key that cannot be one, unchanged."""
    key = key.item() if hasattr(key, "item") else key  # a NumPy scalar
    if dtype.upper() == "UUID" and key is not None:
        try:
            return str(key if isinstance(key, uuid.UUID) else uuid.UUID(str(key)))
        except ValueError:
            return key
    if dtype.upper().startswith(("DECIMAL", "NUMERIC")) and key is not None and not isinstance(key, bool):
        try:
            return decimal.Decimal(str(key))  # '0.5', 0.5 and Decimal('0.50') are one key
        except decimal.InvalidOperation:
            return key
    if is_integer_type(dtype) and isinstance(key, (str, float)) and not isinstance(key, bool):
        with contextlib.suppress(ValueError, OverflowError):
            if isinstance(key, str) and _INT_TEXT.fullmatch(key) or isinstance(key, float) and key.is_integer():
                return int(key)
    return key


def _remember(c, catalog: str, name: str) -> None:
    """Record the key set as used now and drop the ones beyond the newest KEEP that are older than MAX_AGE."""
    registry = scratch_table(_REGISTRY, catalog)
    columns = exp.Schema(
        this=registry,
        expressions=[
            exp.ColumnDef(this=ident("name"), kind=exp.DataType.build("VARCHAR")),
            exp.ColumnDef(this=ident("created"), kind=exp.DataType.build("TIMESTAMP")),
        ],
    )
    c.execute(to_sql(exp.Create(this=columns, kind="TABLE", exists=True)))
    now = dt.datetime.now()
    c.execute(to_sql(exp.delete(registry.copy(), where=exp.EQ(this=col("name"), expression=lit(name)))))
    c.execute(to_sql(exp.insert(exp.values([(lit(name), lit(now))]), registry.copy())))
    ranked = (
        exp.select(col("name"), col("created"))
        .from_(registry.copy())
        .order_by(exp.Ordered(this=col("created"), desc=True))
        .offset(KEEP)
    )
    old = exp.select(col("name")).from_(ranked.subquery("r")).where(
        exp.LT(this=col("created"), expression=lit(now - MAX_AGE))
    )
    for (stale,) in c.execute(to_sql(old)).fetchall():
        c.execute(to_sql(exp.Drop(tables=[scratch_table(stale, catalog)], kind="TABLE", exists=True)))
        c.execute(to_sql(exp.delete(registry.copy(), where=exp.EQ(this=col("name"), expression=lit(stale)))))
