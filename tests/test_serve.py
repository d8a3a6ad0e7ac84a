"""`rfm-sql serve`: real Postgres clients (psycopg, psql) against the wire server on the demo database."""

import os
import shutil
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import duckdb
import pytest

psycopg = pytest.importorskip("psycopg", reason="the serve tests need psycopg: pip install 'rfm-sql[test]'")
pytest.importorskip("pg_mimic", reason="rfm-sql serve needs pg-mimic: pip install 'rfm-sql[serve]'")

from rfm_sql import cli, demo, serve  # noqa: E402
from rfm_sql.databases import open_confined  # noqa: E402

CHURN = "PREDICT COUNT(orders.*, 0, 30, days) = 0 FOR EACH users.user_id"
ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def shop_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("serve") / "shop.duckdb"
    with duckdb.connect(str(path)) as con:
        demo.build(con, n_users=300, n_items=40)
    return path


@pytest.fixture(scope="module")
def server(shop_file):
    """The demo file opened read-only, as `rfm-sql serve` opens it, served from a thread on a free port."""
    rfm = open_confined(str(shop_file))
    srv = serve.Server(rfm, port=0).start_background()
    yield srv
    srv.close()
    rfm.con.close()


def connect(srv, **kwargs):
    return psycopg.connect(host="127.0.0.1", port=srv.port, user="analyst", dbname="shop", autocommit=True, **kwargs)


def test_sql_predictions_match_python(server):
    with connect(server) as c:
        cur = c.execute(f"SELECT * FROM rfm_predict('{CHURN}', context_size := 300) ORDER BY ENTITY")
        names = [d.name for d in cur.description]
        rows = cur.fetchall()
    expected = server.rfm.predict(CHURN, context_size=300).sort_by("ENTITY")
    assert names == expected.column_names == ["ENTITY", "ANCHOR_TIMESTAMP", "TARGET_PRED", "False_PROB", "True_PROB"]
    assert len(rows) == expected.num_rows > 100
    by_column = list(zip(*rows, strict=True))
    assert list(by_column[0]) == expected.column("ENTITY").to_pylist()
    assert list(by_column[1]) == expected.column("ANCHOR_TIMESTAMP").to_pylist()
    assert list(by_column[2]) == expected.column("TARGET_PRED").to_pylist()
    assert list(by_column[4]) == pytest.approx(expected.column("True_PROB").to_pylist(), abs=1e-6)


def test_pql_error_is_a_postgres_error_and_the_server_keeps_serving(server):
    with connect(server) as c:
        with pytest.raises(psycopg.errors.SyntaxError) as info:
            c.execute("SELECT * FROM rfm_predict('PREDICT COUNT(orders.* 0, 30, days) FOR EACH users.user_id')")
        assert info.value.sqlstate == "42601"
        message = str(info.value)
        assert "PQLSyntaxError" in message and "line 1, column 24" in message and "^" in message
        assert c.execute("SELECT count(*) FROM users").fetchone() == (300,)
        with pytest.raises(psycopg.errors.UndefinedTable):
            c.execute("SELECT * FROM no_such_table")
        assert c.execute("SELECT 41 + 1").fetchone() == (42,)


def test_two_clients_at_once_each_with_its_own_cursor(server):
    results, errors = {}, []
    barrier = threading.Barrier(2)

    def client(name, sql):
        try:
            with connect(server) as c:
                c.execute(f"CREATE TEMP TABLE mine AS SELECT '{name}' AS who")
                barrier.wait(timeout=30)
                rows = c.execute(sql).fetchall()
                results[name] = (rows, c.execute("SELECT who FROM mine").fetchall())
        except Exception as e:  # reported below
            errors.append(e)

    threads = [
        threading.Thread(target=client, args=("a", f"SELECT * FROM rfm_predict('{CHURN}', context_size := 200)")),
        threading.Thread(target=client, args=("b", "SELECT user_id, age FROM users ORDER BY user_id LIMIT 5")),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
    assert not errors
    assert len(results["a"][0]) > 100 and len(results["b"][0]) == 5
    assert results["a"][1] == [("a",)] and results["b"][1] == [("b",)]  # TEMP tables are per client


def test_read_only_by_default(server):
    with connect(server) as c:
        with pytest.raises(psycopg.errors.ReadOnlySqlTransaction):
            c.execute("INSERT INTO items VALUES (1000, 'books', 1.0)")
        assert c.execute("SELECT count(*) FROM items").fetchone() == (40,)


def test_parameters_types_and_postgres_client_habits(server):
    with connect(server) as c:
        assert c.execute("SELECT user_id FROM users WHERE user_id = %s AND country = %s", [5, "FR"]).fetchall() in (
            [(5,)],
            [],
        )
        row = c.execute(
            "SELECT [1, 2] AS l, {'a': 1} AS s, 1.5::DECIMAL(10, 2) AS d, TIMESTAMP '2024-01-01 10:00' AS t"
        ).fetchone()
        assert row[0] == [1, 2] and row[1] == {"a": 1} and str(row[2]) == "1.50" and row[3].hour == 10
        assert c.execute("SELECT version()").fetchone()[0].startswith("PostgreSQL 16.0")
        assert c.execute("SHOW transaction isolation level").fetchone() == ("repeatable read",)
        assert (
            c.execute("SELECT count(*) FROM public.orders").fetchone()
            == c.execute("SELECT count(*) FROM orders").fetchone()
        )
        sql = c.execute("SELECT rfm_compile(%s)", [CHURN]).fetchone()[0]
        assert "SELECT" in sql
        # a list parameter's elements keep their type: they arrived as text ("Cannot compare INTEGER and VARCHAR")
        assert c.execute("SELECT count(*) FROM users WHERE user_id = ANY(%s)", [[1, 2, 3]]).fetchone() == (3,)
        assert c.execute("SELECT typeof(%s)", [[1.5, 2.5]]).fetchone() == ("DOUBLE[]",)


def test_transactions_reach_duckdb(server):
    with connect(server) as c:
        c.autocommit = False
        c.execute("CREATE TEMP TABLE scratch (x INTEGER)")
        c.commit()
        c.execute("INSERT INTO scratch VALUES (1), (2)")
        c.rollback()
        assert c.execute("SELECT count(*) FROM scratch").fetchone() == (0,)
        c.execute("INSERT INTO scratch VALUES (3)")
        c.commit()
        assert c.execute("SELECT x FROM scratch").fetchall() == [(3,)]
        c.rollback()


def test_password(shop_file, caplog):
    rfm = cli.open_db(str(shop_file))
    srv = serve.Server(rfm, port=0, password="s3cret").start_background()
    try:
        with pytest.raises(psycopg.OperationalError, match="password authentication failed"):
            connect(srv, password="wrong")
        # the server's log says so in one line, not with the SCRAM library's traceback
        failed = [r for r in caplog.records if "SCRAM-SHA-256 exchange failed" in r.getMessage()]
        assert failed and all(r.exc_info is None and not r.exc_text for r in failed)
        with connect(srv, password="s3cret") as c:
            assert c.execute("SELECT count(*) FROM reviews").fetchone()[0] > 0
    finally:
        srv.close()
        rfm.con.close()


@pytest.mark.skipif(shutil.which("psql") is None, reason="psql is not installed")
def test_psql_lists_tables_and_predicts(server):
    def psql(command):
        args = ["psql", "-h", "127.0.0.1", "-p", str(server.port), "-U", "analyst", "-d", "shop", "-c", command]
        return subprocess.run(args, capture_output=True, text=True, timeout=120)

    out = psql(r"\dt").stdout
    assert all(t in out for t in ("users", "items", "orders", "reviews"))
    out = psql("SELECT * FROM rfm_predict('PREDICT users.segment FOR users.user_id IN (1, 2)');").stdout
    assert "CLASS" in out and "(6 rows)" in out


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_cli_serve(shop_file, tmp_path):
    port = free_port()
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    proc = subprocess.Popen(
        [sys.executable, "-m", "rfm_sql.cli", "serve", str(shop_file), "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                c = psycopg.connect(host="127.0.0.1", port=port, user="bi", dbname="shop", autocommit=True)
                break
            except psycopg.OperationalError:
                assert proc.poll() is None, proc.stderr.read()
                assert time.monotonic() < deadline, "rfm-sql serve did not start"
                time.sleep(0.3)
        with c:
            rows = c.execute("SELECT * FROM rfm_predict('PREDICT users.age FOR users.user_id IN (1, 2)')").fetchall()
            assert [r[0] for r in rows] == [1, 2]
            with pytest.raises(psycopg.errors.ReadOnlySqlTransaction):
                c.execute("DELETE FROM reviews")
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def test_missing_library_says_what_to_install(monkeypatch, shop_file):
    monkeypatch.setitem(sys.modules, "pg_mimic", None)
    with pytest.raises(ImportError, match=r"pip install 'rfm-sql\[serve\]'"):
        serve.Server(object())
    assert cli.main(["serve", str(shop_file), "--port", "0"]) == 2


def test_the_whole_sql_surface_over_the_wire(server):
    """rfm_labels, rfm_evaluate and rfm_explain answer over the wire as they do in DuckDB."""
    with connect(server) as c:
        labels = c.execute(f"SELECT COUNT(*) FROM rfm_labels('{CHURN}', anchor_time := '2024-06-01')").fetchone()[0]
        metrics = dict(c.execute(f"SELECT metric, value FROM rfm_evaluate('{CHURN}', context_size := 150)").fetchall())
        explain = c.execute(
            f"SELECT TABLE_NAME, COLUMN_NAME, CONTRIBUTION FROM rfm_explain('{CHURN}', entity := 2, context_size := 150)"
        ).fetchall()
    assert labels > 0 and set(metrics) == {"auroc", "accuracy", "log_loss"}
    assert explain and all(isinstance(v, float) for _, _, v in explain)


def test_a_port_in_use_or_an_unknown_host_is_a_user_error_and_port_0_says_the_real_port(shop_file, server, capsys):
    """These were tracebacks, after the server had already said it was serving on them."""
    for port, host, words in [(server.port, "127.0.0.1", "address already in use"), (0, "nosuchhost.invalid", "")]:
        assert cli.main(["serve", str(shop_file), "--port", str(port), "--host", host, "--password", "p"]) == 2
        out, err = capsys.readouterr()
        assert "Cannot listen on" in err and words in err and "Ctrl-C stops" not in out
    with pytest.raises(SystemExit):
        cli.main(["serve", str(shop_file), "--port", "70000"])
    assert "is not a TCP port" in capsys.readouterr().err
    rfm = cli.open_db(str(shop_file))
    said = []
    srv = serve.Server(rfm, port=0)
    thread = threading.Thread(target=srv.serve_forever, args=(lambda: said.append(srv.port),), daemon=True)
    thread.start()
    for _ in range(100):
        if said:
            break
        time.sleep(0.05)
    srv.close()
    rfm.con.close()
    assert said and said[0] > 0


def test_clients_reach_no_file_or_database_beside_the_served_one(server, tmp_path):
    # read-only meant the served file only: COPY ... TO overwrote any file the server could write, ATTACH
    # opened (and emptied) other databases, read_csv read /etc/passwd
    precious = tmp_path / "precious.csv"
    precious.write_text("precious,data\n")
    other = tmp_path / "other.duckdb"
    with duckdb.connect(str(other)) as con:
        con.execute("CREATE TABLE t AS SELECT 1 AS x").fetchall()
    with connect(server) as c:
        for sql in (
            f"COPY (SELECT 1 AS x) TO '{precious}'",
            f"COPY users TO '{tmp_path / 'copied.csv'}'",
            f"ATTACH '{other}' AS o",
            f"SELECT * FROM read_csv('{precious}')",
            f"SELECT * FROM '{precious}'",
        ):
            with pytest.raises(psycopg.Error, match="disabled by configuration"):
                c.execute(sql)
        assert c.execute("SELECT count(*) FROM items").fetchone() == (40,)  # and it keeps serving
    assert precious.read_text() == "precious,data\n" and not (tmp_path / "copied.csv").exists()


def test_a_served_folder_reads_its_parquet_files_and_writes_none(tmp_path):
    from tests.conftest import shared_db

    folder = tmp_path / "movielens"
    shutil.copytree(shared_db("movielens-small"), folder)
    ratings = folder / "ratings.parquet"
    before = ratings.read_bytes()
    rfm = open_confined(str(folder))
    try:
        assert rfm.con.sql("SELECT count(*) FROM ratings").fetchall()[0][0] > 0
        for sql in (f"COPY (SELECT 1 AS a) TO '{ratings}' (FORMAT parquet)", "SELECT * FROM read_csv('/etc/passwd')"):
            with pytest.raises(duckdb.Error, match="disabled by configuration"):
                rfm.con.execute(sql)
        with pytest.raises(duckdb.Error, match="Cannot enable external access"):
            rfm.con.execute("SET enable_external_access = true")
    finally:
        rfm.con.close()
    assert ratings.read_bytes() == before


def client_threads() -> int:
    return sum(t.name.startswith("rfm-sql-client") for t in threading.enumerate())


def test_a_client_killed_mid_query_interrupts_its_query(server, caplog):
    # nobody read the socket while a query ran: a killed client's query ran to its end (minutes), and its
    # result was then written row by row to the dead socket
    before = client_threads()
    slow = "SELECT count(*) FROM range(30000000000) t(i) WHERE hash(i) % 1000003 = 0"  # minutes, uninterrupted
    script = (
        f"import psycopg; c = psycopg.connect(host='127.0.0.1', port={server.port}, user='a', dbname='shop'); "
        f"c.execute({slow!r})"
    )
    client = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 60
        while client_threads() == before:  # connected: its worker thread exists
            assert client.poll() is None, client.stderr.read()
            assert time.monotonic() < deadline
            time.sleep(0.1)
        time.sleep(1.0)  # the query is running
    finally:
        client.kill()
        client.wait(timeout=30)
    deadline = time.monotonic() + 20
    while client_threads() > before and time.monotonic() < deadline:
        time.sleep(0.1)
    assert client_threads() == before, "the killed client's query is still running"
    import gc

    gc.collect()  # asyncio logs an unread future's exception when the future is collected
    assert not [r for r in caplog.records if "never retrieved" in r.getMessage()]
    with connect(server) as c:
        assert c.execute("SELECT count(*) FROM users").fetchone() == (300,)


def test_rows_are_converted_as_written_and_stop_once_the_client_is_gone():
    import pyarrow as pa
    from pg_mimic.stream import ConnectionClosed

    result = serve._Result(pa.table({"i": pa.array(range(10_000), pa.int64())}))
    written = []
    rows, more = result.take(6_000, client_gone=lambda: len(written) >= 3_000)
    assert len(rows) == 6_000 and more
    with pytest.raises(ConnectionClosed):
        for row in rows:
            written.append(row)
    assert written == [(i,) for i in range(3_000)]
    rest, more = result.take(0)
    assert len(rest) == 4_000 and not more and list(rest)[0] == (6_000,)


def test_only_a_wrong_password_loses_its_traceback():
    # a malformed exchange (a protocol bug) keeps the traceback that tells it apart from bad credentials
    import logging
    import sys

    scramp = pytest.importorskip("scramp.utils")

    def record(error):
        try:
            raise error
        except type(error):
            return logging.LogRecord("pg_mimic.auth", logging.WARNING, "", 0, "failed", (), sys.exc_info())

    wrong = record(scramp.ScramException("no", scramp.ServerError.INVALID_PROOF))
    broken = record(scramp.ScramException("bad", scramp.ServerError.OTHER_ERROR))
    for r in (wrong, broken):
        assert serve._OneLine().filter(r)
    assert wrong.exc_info is None and broken.exc_info is not None
