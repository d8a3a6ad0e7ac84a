"""Reliability numbers: how promptly an interrupt stops a long rfm_predict (against the full run's duration),
and what checking a hand-set primary key costs per query.

    python benchmarks/reliability.py [--users 10000] [--json benchmarks/results/reliability.json]
"""

from __future__ import annotations

import argparse
import json
import threading
import time

import duckdb

import rfm_sql
from rfm_sql.pql import parse
from rfm_sql.pql.validate import validate
from rfm_sql.runtime import keys

COUNT = "PREDICT COUNT(orders.*, 0, 7, days) FOR EACH users.user_id"
SQL = "SELECT * FROM rfm_sql.rfm_predict(?, context_size := 100)"


def build(con, n_users: int) -> None:
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


def interrupt_delay(n_users: int) -> dict:
    con = duckdb.connect()
    build(con, n_users)
    rfm = rfm_sql.attach(con)
    start = time.perf_counter()
    con.execute(SQL, [COUNT]).fetchall()
    full = time.perf_counter() - start
    rfm.handles.clear()
    outcome = {}

    def run():
        try:
            con.execute(SQL, [COUNT]).fetchall()
            outcome["error"] = "finished"
        except duckdb.InterruptException:
            outcome["error"] = "InterruptException"
        outcome["end"] = time.perf_counter()

    thread = threading.Thread(target=run)
    thread.start()
    while len(rfm.handles) == 0:
        time.sleep(0.01)
    time.sleep(min(1.0, full / 4))
    asked = time.perf_counter()
    con.interrupt()
    thread.join()
    after = con.execute("SELECT COUNT(*) FROM users").fetchall()[0][0]
    return {
        "entities": n_users,
        "full_run_s": round(full, 2),
        "interrupt_delay_s": round(outcome["end"] - asked, 3),
        "raised": outcome["error"],
        "connection_usable": after == n_users,
    }


def key_check_cost(n_rows: int) -> dict:
    con = duckdb.connect()
    con.execute("CREATE TABLE users AS SELECT range AS user_id FROM range(?)", [n_rows]).fetchall()
    con.execute("CREATE TABLE orders AS SELECT range AS order_id, range % ? AS user_id, "
                "TIMESTAMP '2024-01-01' + INTERVAL (range % 100) DAY AS t FROM range(?)", [n_rows, n_rows]).fetchall()
    rfm = rfm_sql.attach(con)
    rfm.graph.set_primary_key("users", "user_id")
    vq = validate(parse(COUNT), rfm.graph)
    with con.cursor() as cur:
        keys.check_keys(cur, vq, rfm.graph)
        start = time.perf_counter()
        for _ in range(5):
            keys.check_keys(cur, vq, rfm.graph)
    return {"entity_rows": n_rows, "key_check_s": round((time.perf_counter() - start) / 5, 4)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--users", type=int, default=10_000)
    parser.add_argument("--key-rows", type=int, default=1_000_000)
    parser.add_argument("--json")
    args = parser.parse_args()
    result = {"interrupt": interrupt_delay(args.users), "key_check": key_check_cost(args.key_rows)}
    print(json.dumps(result, indent=2))
    if args.json:
        with open(args.json, "w") as f:
            json.dump(result, f, indent=2)
            f.write("\n")


if __name__ == "__main__":
    main()
