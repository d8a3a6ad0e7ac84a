"""`rfm-sql serve`: a database and rfm_sql's whole SQL surface over the Postgres wire protocol.

psql, psycopg, JDBC and BI tools connect unchanged and run plain SQL, `rfm_predict`, `rfm_evaluate`,
`rfm_labels` and `rfm_compile`. The protocol is pg-mimic's (a maintained, pure-Python asyncio Postgres
server); this module is the adapter between it and DuckDB:

- each client gets its own cursor of the attached connection, with rfm_sql's plain-named TEMP macros
  installed on it (the UDFs stay registered once, on the parent connection: DUCKDB.md);
- a client's queries run on one worker thread of its own, so a long prediction never blocks other
  clients; a cancel request, or the client going away mid-query, interrupts DuckDB (not a prediction
  context being prepared in Python: that finishes, and is cached for the next call);
- rows are converted from Arrow a batch at a time while they are written, and writing stops once the
  client is gone (no result is encoded for a dead socket);
- DuckDB errors become Postgres errors with a SQLSTATE (PQL errors keep their caret text); the server
  keeps serving;
- clients reach the served database and no other file on the server (`databases.open_confined`); with
  --tables the graph holds only those (a table a --writable client creates joins it only if listed);
- BEGIN / COMMIT / ROLLBACK reach DuckDB; `public.t` means the database's `main.t`, since Postgres
  clients assume a `public` schema; psql's `\\dt` / `\\d` are answered by pg-mimic's catalog emulation.

Needs the `serve` extra: pip install 'rfm-sql[serve]'.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import logging
import re
import sys
import threading

import duckdb
import pyarrow as pa

from rfm_sql import serve_types as types
from rfm_sql import udf
from rfm_sql.errors import UserError
from rfm_sql.serve_middleware import MIDDLEWARE, SERVER_VERSION, public_to_main
from rfm_sql.serve_types import pg_mimic as _pg_mimic

DEFAULT_PORT = 5433
BATCH_ROWS = 2048  # rows converted from Arrow to Python at a time
CLIENT_CHECK_S = 0.25  # how often a running query looks whether its client is still there


# -- the server ------------------------------------------------------------------------------------------
class _OneLine(logging.Filter):
    """A wrong password is the client's mistake: one line in the server's log ("SCRAM-SHA-256 exchange failed
    for user ..."), not the SCRAM library's traceback (the client gets "password authentication failed"). Any
    other failure (a malformed exchange, a protocol bug) keeps its traceback: that is what tells them apart."""

    def filter(self, record: logging.LogRecord) -> bool:
        error = record.exc_info[1] if record.exc_info else None
        if getattr(getattr(error, "server_error", None), "value", None) == "invalid-proof":  # a wrong password
            record.exc_info, record.exc_text = None, None
        return True


class Server:
    """A Postgres-protocol server over one attached rfm_sql connection.

    >>> server = Server(rfm, port=0).start_background()   # doctest: +SKIP
    >>> server.port                                        # doctest: +SKIP
    54321
    >>> server.close()                                     # doctest: +SKIP
    """

    def __init__(self, rfm, host: str = "127.0.0.1", port: int = DEFAULT_PORT, password: str | None = None):
        _pg_mimic()
        self.rfm = rfm
        self.host = host
        self.port = port
        self.password = password
        self._loop: asyncio.AbstractEventLoop | None = None
        self._pg = None
        self._thread: threading.Thread | None = None
        self._stopped: asyncio.Event | None = None

    def _make_pg_server(self):
        pg = _pg_mimic()

        rfm = self.rfm

        def session_factory():
            return _make_session_class()(rfm)

        password = self.password
        if password is None:
            return pg.PgServer(session_factory, server_version=SERVER_VERSION)
        auth_log = logging.getLogger("pg_mimic.auth")
        if not any(isinstance(f, _OneLine) for f in auth_log.filters):
            auth_log.addFilter(_OneLine())

        class AnyUser(pg.IdentityProvider):
            async def get_password(self, username):
                return password

        return pg.PgServer(
            session_factory,
            auth_plugin_factory=lambda username: pg.ScramSha256AuthPlugin(),
            identity_provider=AnyUser(),
            server_version=SERVER_VERSION,
        )

    async def _start(self) -> None:
        self._loop = asyncio.get_running_loop()
        self._stopped = asyncio.Event()
        self._pg = self._make_pg_server()
        try:
            server = await self._pg.start_server(self.host, self.port)
        except OSError as e:  # the port is taken, the host unknown or not this machine's
            raise UserError(
                f"Cannot listen on {self.host}:{self.port} ({e.strerror or e}); pick another --port (0: any free "
                "one) or --host.",
                "port",
            ) from None
        self.port = server.sockets[0].getsockname()[1]

    async def _serve(self, ready=None) -> None:
        await self._start()
        if ready is not None:
            ready.set()
        try:
            await self._stopped.wait()
        finally:
            self._pg.close()
            await self._pg.wait_closed()

    def serve_forever(self, on_ready=None) -> None:
        """Serve in this thread until interrupted (Ctrl-C); `on_ready()` runs once the port is open (`self.port`
        is then the real one, also for port 0)."""
        with contextlib.suppress(KeyboardInterrupt):
            asyncio.run(self._serve(None if on_ready is None else _Ready(on_ready)))

    def start_background(self) -> Server:
        """Serve from a daemon thread; returns once the port is open (`self.port` is then the real one)."""
        ready = threading.Event()
        errors: list[BaseException] = []

        def run():
            try:
                asyncio.run(self._serve(ready))
            except BaseException as e:  # surfaced to the caller below
                errors.append(e)
                ready.set()

        self._thread = threading.Thread(target=run, name="rfm-sql-serve", daemon=True)
        self._thread.start()
        ready.wait()
        if errors:
            raise errors[0]
        return self

    def close(self) -> None:
        """Stop listening and drop the clients (from any thread)."""
        if self._loop is not None and self._stopped is not None:
            self._loop.call_soon_threadsafe(self._stopped.set)
        if self._thread is not None:
            self._thread.join(timeout=10)


class _Ready:
    """`ready.set()` for serve_forever: calls back instead of waking a thread."""

    def __init__(self, callback):
        self.set = callback


def serve(rfm, host: str = "127.0.0.1", port: int = DEFAULT_PORT, password: str | None = None) -> None:
    """Serve `rfm`'s database until interrupted."""
    server = Server(rfm, host, port, password)
    server.serve_forever()


# -- one client ------------------------------------------------------------------------------------------
_SESSION_CLASS = None


def _make_session_class():
    """The pg-mimic Session subclass, built on first use so that importing this module needs no pg-mimic."""
    global _SESSION_CLASS
    if _SESSION_CLASS is not None:
        return _SESSION_CLASS
    pg = _pg_mimic()
    from pg_mimic import middleware as mw
    from pg_mimic.stream import ConnectionClosed

    class DuckSession(pg.Session):
        middleware = (
            *MIDDLEWARE,
            mw.set_show,
            mw.session_functions,
            mw.information_schema,
            mw.asyncpg_typeinfo,
            mw.pg_catalog,
        )

        def __init__(self, rfm):
            self.rfm = rfm
            self.cursor = None
            self.executor = concurrent.futures.ThreadPoolExecutor(max_workers=1, thread_name_prefix="rfm-sql-client")

        async def init(self, connection):
            await super().init(connection)

            def open_cursor():
                cursor = self.rfm.graph.cursor(self.rfm.con)
                udf.install_macros(cursor, self.rfm)
                return cursor

            self.cursor = await self.run(open_cursor)

        async def close(self):
            cursor, self.cursor = self.cursor, None
            try:
                if cursor is not None:  # after the statement still unwinding from an interrupt, if any
                    await asyncio.wrap_future(self.executor.submit(cursor.close))
            finally:
                self.executor.shutdown(wait=False)

        async def run(self, fn, *args):
            """Run `fn` on this client's worker thread; a cancel request, or the client closing its connection
            meanwhile, interrupts DuckDB (nobody reads the socket while a query runs, so it is watched here)."""
            waiting = asyncio.wrap_future(self.executor.submit(fn, *args))
            try:
                while not (await asyncio.wait({waiting}, timeout=CLIENT_CHECK_S))[0]:
                    if self.client_gone():
                        raise ConnectionClosed
                return waiting.result()
            except (asyncio.CancelledError, ConnectionClosed):
                self.interrupt()
                # the interrupted statement ends with an error nobody awaits: read it, so asyncio does not log
                # "Future exception was never retrieved" with its traceback
                waiting.add_done_callback(lambda f: f.cancelled() or f.exception())
                raise

        def interrupt(self):
            if self.cursor is not None:
                self.cursor.interrupt()

        def client_gone(self) -> bool:
            connection = getattr(self, "_connection", None)
            return connection is not None and _closed(connection.stream)

        async def prepare(self, sql, param_oids):
            statement = await mw.resolve(self._connection, sql, param_oids, self.middleware)
            if statement is not None:
                return statement
            return DuckStatement(self, sql, param_oids)

        async def schema(self):
            """Tables and columns for pg-mimic's information_schema / pg_catalog emulation."""
            rows = await self.run(_schema_rows, self.cursor)
            out: dict[str, dict[str, str]] = {}
            for table, column, dtype in rows:
                out.setdefault(table, {})[column] = types.declared_type(dtype)
            return out

    class DuckStatement(pg.Statement):
        def __init__(self, session, sql, param_oids):
            self.session = session
            self.sql = sql
            self.param_oids = param_oids
            self._pending = None  # run by describe() before any Bind (the simple query protocol), bound next
            self._bound = None  # the portal bound last: pg-mimic describes a statement right after Bind

        async def describe(self):
            portal = self._bound or self._pending
            if portal is None and not self.param_oids:
                portal = self._pending = DuckPortal(self.session, self.sql, [])
            if portal is not None:
                return await portal.columns()
            # Described before any Bind: the shape with NULL parameters, without running the query.
            return await self.session.run(_describe_shape, self.session.cursor, self.sql, len(self.param_oids))

        def bind(self, params):
            if self._pending is not None and not params:
                portal, self._pending = self._pending, None
            else:
                portal = DuckPortal(self.session, self.sql, types.decode_params(params, self.param_oids))
            self._bound = portal
            return portal

    class DuckPortal(pg.Portal):
        def __init__(self, session, sql, params):
            self.session = session
            self.sql = sql
            self.params = params
            self._result: _Result | None = None

        async def _run(self) -> _Result:
            if self._result is None:
                self._result = await self.session.run(_execute, self.session.cursor, self.sql, self.params)
            return self._result

        async def columns(self):
            return (await self._run()).columns

        async def execute(self, max_rows):
            return (await self._run()).take(max_rows, self.session.client_gone)

    _SESSION_CLASS = DuckSession
    return DuckSession


# -- running a statement ---------------------------------------------------------------------------------
class _Result:
    """A statement's materialized result, handed to the client in slices."""

    def __init__(self, table: pa.Table | None, command_rows: int = 0):
        self.table = table
        self.command_rows = command_rows
        self.offset = 0
        self.columns = None if table is None else [types.result_column(f) for f in table.schema]
        if table is not None:
            self._converters = [types.converter(f.type) for f in table.schema]

    def take(self, max_rows: int, client_gone=lambda: False) -> tuple[_Rows | list[tuple], bool]:
        if self.table is None:
            # No row description: pg-mimic reports len(rows) in the command tag (INSERT 0 n) and sends no rows.
            rows, self.command_rows = [()] * self.command_rows, 0
            return rows, False
        start = self.offset
        self.offset = self.table.num_rows if max_rows <= 0 else min(self.table.num_rows, start + max_rows)
        return _Rows(self.table, self._converters, start, self.offset, client_gone), self.offset < self.table.num_rows


class _Rows:
    """Rows `start:end` of a result, converted to Python a batch at a time as pg-mimic writes them (all at once
    would hold every row as Python objects besides their encoded bytes). Stops with ConnectionClosed once the
    client is gone: a failed send closes the transport, and the rows left are not encoded for nobody."""

    def __init__(self, table: pa.Table, converters, start: int, end: int, client_gone):
        self.table, self.converters, self.start, self.end = table, converters, start, end
        self.client_gone = client_gone

    def __len__(self) -> int:
        return self.end - self.start

    def __iter__(self):
        from pg_mimic.stream import ConnectionClosed  # the extra is there: this result came through it

        for start in range(self.start, self.end, BATCH_ROWS):
            chunk = self.table.slice(start, min(BATCH_ROWS, self.end - start))
            columns = [convert(chunk.column(i).to_pylist()) for i, convert in enumerate(self.converters)]
            for row in zip(*columns, strict=True):
                if self.client_gone():
                    raise ConnectionClosed
                yield row


def _closed(stream) -> bool:
    """Whether the client has closed its side or the socket failed. `at_eof()` stays False while unread bytes
    (a Terminate sent just before closing) are buffered, so the reader's own end-of-file flag is read too."""
    return stream.writer.transport.is_closing() or stream.reader.at_eof() or getattr(stream.reader, "_eof", False)


_ROW_STATEMENTS = {"SELECT", "WITH", "FROM", "VALUES", "TABLE", "SHOW", "DESCRIBE", "SUMMARIZE", "EXPLAIN", "PRAGMA"}
_COUNTED = {"INSERT", "UPDATE", "DELETE", "COPY"}
_FIRST_WORD = re.compile(r"\s*\(*\s*([A-Za-z]+)")


def _execute(cursor, sql: str, params: list) -> _Result:
    pg = _pg_mimic()
    try:
        relation = cursor.sql(public_to_main(sql), params=params or None)
        table = relation.to_arrow_table() if relation is not None else None
    except duckdb.Error as e:
        raise pg.PgError(types.sqlstate(e), str(e)) from None
    match = _FIRST_WORD.match(sql)
    word = match.group(1).upper() if match else ""
    if table is None:
        return _Result(None)
    if word not in _ROW_STATEMENTS and table.column_names in (["Count"], ["Success"]):
        count = table.column(0)[0].as_py() if word in _COUNTED and table.num_rows else 0
        return _Result(None, int(count or 0))
    return _Result(table)


def _describe_shape(cursor, sql: str, n_params: int):
    pg = _pg_mimic()
    try:
        rows = cursor.execute("DESCRIBE " + public_to_main(sql), [None] * n_params).fetchall()
    except duckdb.Error:
        return None  # not a query (DDL, SET, ...): no rows
    return [pg.ResultColumn(name, types.oid_for_duckdb_type(dtype)) for name, dtype, *_ in rows]


def _schema_rows(cursor):
    return cursor.execute(
        "SELECT table_name, column_name, data_type FROM information_schema.columns "
        "WHERE table_catalog = current_database() AND table_schema = current_schema() "
        "ORDER BY table_name, ordinal_position"
    ).fetchall()


def warn_if_exposed(host: str, password: str | None) -> None:
    if host not in ("127.0.0.1", "localhost", "::1") and not password:
        print(
            f"rfm-sql serve: warning: listening on {host} without a password; anyone who can reach this "
            "port can query the database. Pass --password.",
            file=sys.stderr,
        )
