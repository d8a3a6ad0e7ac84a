"""What Postgres clients ask that DuckDB answers differently, for rfm_sql.serve: `public.` schemas, BEGIN /
COMMIT / ROLLBACK on the client's cursor, SHOW settings BI tools and JDBC ask for, and `version()`."""

from __future__ import annotations

import re

import duckdb
import sqlglot
from sqlglot import exp
from sqlglot.executor import execute

import rfm_sql
from rfm_sql import serve_types as types
from rfm_sql.serve_types import pg_mimic as _pg_mimic

SERVER_VERSION = "16.0"


_PUBLIC = re.compile(r"\bpublic\s*\.", re.IGNORECASE)


def public_to_main(sql: str) -> str:
    """Postgres clients qualify tables with `public.`; DuckDB's default schema is `main`."""
    if not _PUBLIC.search(sql):
        return sql
    try:
        tree = sqlglot.parse_one(sql, dialect="duckdb")
    except sqlglot.errors.ParseError:
        return sql
    changed = False
    for table in tree.find_all(exp.Table):
        if table.db.lower() == "public" and not table.catalog:
            table.set("db", exp.to_identifier("main"))
            changed = True
    return tree.sql(dialect="duckdb") if changed else sql


# -- middleware: what Postgres clients ask that DuckDB answers differently --------------------------------
_TX = re.compile(r"^\s*(BEGIN|START\s+TRANSACTION|COMMIT|END|ROLLBACK|ABORT)\b", re.IGNORECASE)


async def _transactions(ctx):
    """BEGIN / COMMIT / ROLLBACK run on the client's DuckDB cursor, so ROLLBACK undoes writes."""
    match = _TX.match(ctx.sql)
    if match is None:
        return None
    pg = _pg_mimic()
    word = match.group(1).split()[0].upper()
    connection = ctx.connection
    session = connection.session
    if word in ("BEGIN", "START"):
        tag, duck, status = "BEGIN", "BEGIN TRANSACTION", b"T"
    elif word in ("COMMIT", "END") and connection.tx_status != b"E":
        tag, duck, status = "COMMIT", "COMMIT", b"I"
    else:  # ROLLBACK, ABORT, or COMMIT of a failed transaction (Postgres rolls it back)
        tag, duck, status = "ROLLBACK", "ROLLBACK", b"I"

    def on_execute():
        active = connection.tx_status != b"I"
        if (tag == "BEGIN") != active:  # BEGIN inside a transaction, COMMIT outside one: a no-op, as in Postgres
            try:
                session.cursor.execute(duck).fetchall()
            except duckdb.Error as e:
                raise pg.PgError(types.sqlstate(e), str(e)) from None
        connection.tx_status = status

    return pg.StaticStatement(tag, None, [], on_execute)


_SHOW_EXTRAS = {
    "transaction_isolation": "repeatable read",  # DuckDB's snapshot isolation is Postgres's REPEATABLE READ
    "transaction isolation level": "repeatable read",
    "default_transaction_isolation": "repeatable read",
    "transaction_read_only": "off",
    "default_transaction_read_only": "off",
    "max_identifier_length": "63",
    "lc_collate": "C",
}
_SHOW = re.compile(r"^\s*SHOW\s+(.+?)\s*;?\s*$", re.IGNORECASE)


async def _show_extras(ctx):
    """SHOW settings that BI tools and JDBC ask for and pg-mimic does not know."""
    match = _SHOW.match(ctx.sql)
    if match is None:
        return None
    name = " ".join(match.group(1).lower().split())
    if name not in _SHOW_EXTRAS:
        return None
    pg = _pg_mimic()
    value = _SHOW_EXTRAS[name]
    if name.startswith("transaction") and "read_only" in name:
        value = "on" if _read_only(ctx.connection.session) else "off"
    column = name.replace(" ", "_") if name != "transaction isolation level" else "transaction_isolation"
    return pg.StaticStatement(ctx.sql, [pg.ResultColumn(column, pg.TEXT)], [(value,)])


def _read_only(session) -> bool:
    try:
        rows = session.rfm.con.execute(
            "SELECT readonly FROM duckdb_databases() WHERE database_name = current_database()"
        ).fetchall()
    except duckdb.Error:
        return False
    return bool(rows and rows[0][0])


def _version_text() -> str:
    return f"PostgreSQL {SERVER_VERSION} (rfm_sql {rfm_sql.__version__} on DuckDB {duckdb.__version__}, served by pg-mimic)"


async def _version(ctx):
    """`SELECT version()`: tools parse "PostgreSQL <major>.<minor>" out of it."""
    expr = ctx.select_without_tables()
    if expr is None:
        return None
    nodes = [n for n in expr.find_all(exp.CurrentVersion, exp.Anonymous) if _is_version(n)]
    if not nodes:
        return None
    expr = expr.copy()
    for node in [n for n in expr.find_all(exp.CurrentVersion, exp.Anonymous) if _is_version(n)]:
        node.replace(exp.Literal.string(_version_text()))
    try:
        result = execute(expr, dialect="postgres")
    except Exception:
        return None
    from pg_mimic.session import statement_from_rows

    return statement_from_rows(ctx.sql, result.columns, [tuple(r) for r in result.rows])


def _is_version(node) -> bool:
    if isinstance(node, exp.CurrentVersion):
        return True
    return isinstance(node.this, str) and node.this.lower() == "version" and not node.expressions


MIDDLEWARE = (_transactions, _show_extras, _version)
