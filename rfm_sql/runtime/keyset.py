"""Entity lists as relations: the keys a caller lists (`entities=`, the per-row form's keys) become a table in
the attached in-memory catalog, never SQL literals, so the SQL for N entities is built in time independent
of N and DuckDB joins the list like any table. The user's database is never written.

A key set is named by a hash of its content (the same list binds to the same table, so re-binding a query
reuses it) and carries each key's position in the list (`POSITION`). The newest `KEEP` key sets are kept;
older ones are dropped (a query built from one is run right after it is built).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import uuid

import duckdb
import pyarrow as pa
from sqlglot import exp

from rfm_sql.compile.sqlutil import ENTITY, col, ident, lit, to_sql
from rfm_sql.errors import UserError

SCRATCH_CATALOG = "rfm_sql"  # the in-memory catalog rfm_sql's SQL surface attaches too (udf.MACRO_CATALOG)
POSITION = "POSITION"
KEEP = 16
_REGISTRY = "rfm_keysets"


def scratch_table(name: str) -> exp.Table:
    return exp.Table(this=ident(name), db=ident("main"), catalog=ident(SCRATCH_CATALOG))


def key_relation(cur, keys, dtype: str) -> exp.Table:
    """The table of (ENTITY, POSITION) rows for `keys` (a list of primary-key values), ENTITY cast to the
    key's type `dtype`; a UserError when a value cannot be one."""
    values = _arrow(keys)
    digest = hashlib.sha1(dtype.encode())
    for chunk in values.chunks if isinstance(values, pa.ChunkedArray) else [values]:
        for buffer in chunk.buffers():
            if buffer is not None:
                digest.update(buffer)
    digest.update(str(len(values)).encode())
    name = f"rfm_keys_{digest.hexdigest()[:20]}"
    target = scratch_table(name)
    with cur.cursor() as c:  # its own cursor: each statement commits before the query that reads it runs
        _attach(c)
        if not _exists(c, name):
            _create(c, target, name, values, dtype)
    return target


def _arrow(keys) -> pa.Array:
    try:
        return pa.array(keys)
    except (pa.ArrowInvalid, pa.ArrowTypeError):  # mixed types ('1' and 2): DuckDB casts the text
        return pa.array([None if k is None else str(k) for k in keys], pa.string())


def _attach(c) -> None:
    attached = {r[0] for r in c.execute("SELECT database_name FROM duckdb_databases()").fetchall()}
    if SCRATCH_CATALOG not in attached:
        memory = exp.Alias(this=exp.Literal.string(":memory:"), alias=exp.to_identifier(SCRATCH_CATALOG))
        c.execute(to_sql(exp.Attach(this=memory, exists=True)))


def _exists(c, name: str) -> bool:
    found = (
        exp.select(exp.Count(this=exp.Star()))
        .from_("duckdb_tables()")
        .where(
            exp.and_(
                exp.EQ(this=exp.column("database_name"), expression=lit(SCRATCH_CATALOG)),
                exp.EQ(this=exp.column("table_name"), expression=lit(name)),
            )
        )
    )
    return c.execute(to_sql(found)).fetchall()[0][0] > 0


def _create(c, target: exp.Table, name: str, values: pa.Array, dtype: str) -> None:
    source = f"rfm_keys_in_{uuid.uuid4().hex[:12]}"
    c.register(source, pa.table({ENTITY: values, POSITION: pa.array(range(len(values)), pa.int64())}))
    rows = exp.select(exp.cast(col(ENTITY), dtype).as_(ENTITY, quoted=True), col(POSITION)).from_(
        exp.to_table(source)
    )
    create = exp.Create(this=target, kind="TABLE", exists=True, expression=rows)
    try:
        c.execute(to_sql(create))
    except duckdb.ConversionException as e:
        why = str(e).splitlines()[0]
        raise UserError(f"entities must be values of the primary key's type {dtype}: {why}", param="entities") from e
    except duckdb.TransactionException:  # another thread created the same key set at the same moment
        if not _exists(c, name):
            raise
        return
    finally:
        c.unregister(source)
    with contextlib.suppress(duckdb.TransactionException):  # a concurrent key set's bookkeeping won
        _remember(c, name)


def _remember(c, name: str) -> None:
    """Record the new key set and drop the ones beyond the newest KEEP."""
    registry = scratch_table(_REGISTRY)
    columns = exp.Schema(
        this=registry,
        expressions=[
            exp.ColumnDef(this=ident("name"), kind=exp.DataType.build("VARCHAR")),
            exp.ColumnDef(this=ident("created"), kind=exp.DataType.build("TIMESTAMP")),
        ],
    )
    c.execute(to_sql(exp.Create(this=columns, kind="TABLE", exists=True)))
    c.execute(to_sql(exp.insert(exp.values([(lit(name), lit(dt.datetime.now()))]), registry.copy())))
    old = (
        exp.select(col("name"))
        .from_(registry.copy())
        .order_by(exp.Ordered(this=col("created"), desc=True))
        .offset(KEEP)
    )
    for (stale,) in c.execute(to_sql(old)).fetchall():
        c.execute(to_sql(exp.Drop(tables=[scratch_table(stale)], kind="TABLE", exists=True)))
        c.execute(to_sql(exp.delete(registry.copy(), where=exp.EQ(this=col("name"), expression=lit(stale)))))
