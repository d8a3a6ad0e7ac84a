"""Many threads, interrupts and read-only files: concurrent rfm_predict calls from cursors (and rfm.predict from
threads) give exactly the serial results; an interrupt stops a long rfm_predict promptly and leaves the
connection usable; the read-only CLI commands leave a DuckDB file byte-identical."""

import hashlib
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import duckdb
import pytest

import rfm_sql
from rfm_sql import cli, demo

CHURN = "PREDICT COUNT(orders.*, 0, 30, days) = 0 FOR EACH users.user_id"
SPEND = "PREDICT SUM(orders.amount, 0, 30, days) FOR EACH users.user_id"
SEGMENT = "PREDICT users.segment FOR EACH users.user_id"
THREADS = 8
# thread i runs REQUESTS[i]: four queries and seeds, each asked by two threads at once
DISTINCT = [(CHURN, 1), (SPEND, 1), (SEGMENT, 1), (CHURN, 2)]
REQUESTS = DISTINCT * 2


def sql_predict(cursor, pql, seed):
    sql = "SELECT * FROM rfm_sql.rfm_predict(?, context_size := 100, seed := ?)"
    return cursor.sql(sql, params=[pql, seed]).to_arrow_table().to_pylist()


@pytest.fixture(scope="module")
def served():
    """The demo database, attached, with the serial results of REQUESTS."""
    con = duckdb.connect()
    demo.build(con, n_users=300, n_items=40)
    rfm = rfm_sql.attach(con)
    serial = [sql_predict(con, pql, seed) for pql, seed in DISTINCT] * 2
    assert all(rows for rows in serial) and serial[0] != serial[3]  # seeds matter: a real comparison
    yield rfm, serial
    con.close()


def in_threads(fn):
    start = threading.Barrier(THREADS)

    def run(i):
        start.wait()  # all at once
        return fn(*REQUESTS[i])

    with ThreadPoolExecutor(THREADS) as pool:
        return list(pool.map(run, range(THREADS)))


def test_concurrent_cursors_give_the_serial_results(served):
    rfm, serial = served
    rfm.handles.clear()  # the threads prepare their contexts themselves, at the same time

    def run(pql, seed):
        with rfm.con.cursor() as cursor:
            return sql_predict(cursor, pql, seed)

    assert in_threads(run) == serial
    assert len(DISTINCT) <= len(rfm.handles) <= THREADS


def test_concurrent_python_predictions_give_the_serial_results(served):
    rfm, serial = served
    rfm.handles.clear()
    assert in_threads(lambda pql, seed: rfm.predict(pql, context_size=100, seed=seed).to_pylist()) == serial


def big_shop(con, n_users):
    """users and 3 orders each, built in SQL (fast at any size)."""
    con.execute("CREATE TABLE users (user_id INTEGER PRIMARY KEY, age INTEGER)").fetchall()
    con.execute(
        "CREATE TABLE orders (order_id INTEGER PRIMARY KEY, user_id INTEGER REFERENCES users (user_id), "
        "t TIMESTAMP, amount DOUBLE)"
    ).fetchall()
    con.execute("INSERT INTO users SELECT range, range % 70 FROM range(1, ?)", [n_users + 1]).fetchall()
    con.execute(
        "INSERT INTO orders SELECT row_number() OVER (), u, TIMESTAMP '2024-01-01' + INTERVAL ((u * 7 + k * 13) % 120) "
        "DAY, k FROM range(1, ?) a(u), range(0, 3) b(k)",
        [n_users + 1],
    ).fetchall()


COUNT = "PREDICT COUNT(orders.*, 0, 7, days) FOR EACH users.user_id"


@pytest.mark.parametrize("on", ["connection", "cursor"])
def test_interrupt_stops_a_long_prediction_and_the_connection_still_works(con, on):
    big_shop(con, 50_000)  # scoring 50,000 users takes tens of seconds here; we stop it after one
    rfm = rfm_sql.attach(con)
    runner = con if on == "connection" else con.cursor()
    outcome = {}

    def run():
        try:
            runner.execute("SELECT * FROM rfm_sql.rfm_predict(?, context_size := 100)", [COUNT]).fetchall()
            outcome["error"] = None
        except duckdb.Error as e:
            outcome["error"] = e
        outcome["end"] = time.perf_counter()

    thread = threading.Thread(target=run)
    began = time.perf_counter()
    thread.start()
    while len(rfm.handles) == 0 and time.perf_counter() - began < 60:  # the context is ready: scoring starts
        time.sleep(0.02)
    time.sleep(0.5)
    asked = time.perf_counter()
    runner.interrupt()
    thread.join(timeout=60)
    assert not thread.is_alive()
    assert isinstance(outcome["error"], duckdb.InterruptException)
    delay = outcome["end"] - asked
    assert delay < 10, f"the interrupt took {delay:.1f} s"
    print(f"interrupt on the {on}: stopped {delay:.2f} s after interrupt(), {asked - began:.2f} s after the start")
    # the connection (and the prepared context) still serve the next query
    rows = runner.execute(
        "SELECT * FROM rfm_sql.rfm_predict(?, context_size := 100)", [COUNT.replace("FOR EACH", "FOR") + " IN (1, 2)"]
    ).fetchall()
    assert sorted(r[0] for r in rows) == [1, 2]
    assert con.execute("SELECT COUNT(*) FROM users").fetchall() == [(50_000,)]


def sha256(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_read_only_commands_leave_the_file_byte_identical(tmp_path, capsys):
    path = tmp_path / "shop.duckdb"
    with duckdb.connect(str(path)) as con:
        demo.build(con, n_users=200, n_items=30)
        con.execute("CHECKPOINT").fetchall()
    before = sha256(path)
    files = sorted(p.name for p in tmp_path.iterdir())
    commands = [
        ["graph", str(path)],
        ["labels", str(path), CHURN, "--anchor-time", "2024-06-01"],
        ["predict", str(path), SPEND, "--context-size", "50"],
        ["predict", str(path), CHURN, "--context-size", "50", "--output", str(tmp_path / "out" / "p.parquet")],
        ["evaluate", str(path), CHURN, "--context-size", "50"],
        ["labels", str(path), "PREDICT COUNT(nope.*, 0, 1, days) FOR EACH users.user_id"],  # an error, too
    ]
    (tmp_path / "out").mkdir()
    for argv in commands:
        code = cli.main(argv)
        assert code == (2 if "nope" in argv[-1] else 0), (argv, capsys.readouterr())
        assert sha256(path) == before, argv
        assert sorted(p.name for p in tmp_path.iterdir()) == sorted([*files, "out"]), argv  # no WAL left behind
    out = capsys.readouterr()
    assert "users, 200 rows" in out.out and "nope" in out.err
