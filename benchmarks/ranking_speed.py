"""How long a recommendation takes: `RANK TOP 10` for 1,000 users of the demo database (not a timed test).

    python benchmarks/ranking_speed.py [--users 1000] [--run-mode fast]   # writes results/ranking_speed.json

Prints (and writes) the seconds of the first call (context preparation + scoring) and of a second call that
reuses the prepared context.
"""

from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path

import duckdb

import rfm_sql
from rfm_sql import demo

QUERY = "PREDICT LIST_DISTINCT(orders.item_id, 0, 30, days) RANK TOP 10 FOR EACH users.user_id"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--users", type=int, default=1000)
    ap.add_argument("--run-mode", default="fast")
    args = ap.parse_args(argv)
    con = duckdb.connect()
    demo.build(con, n_users=max(2000, args.users))
    rfm = rfm_sql.attach(con)
    users = [r[0] for r in con.sql("SELECT user_id FROM users ORDER BY user_id").fetchall()][: args.users]
    result = {"command": "python benchmarks/ranking_speed.py", "query": QUERY, "users": len(users), "cores": os.cpu_count()}
    for key, label in (("first_call_seconds", "first call (prepare + score)"), ("second_call_seconds", "second call (prepared context reused)")):
        start = time.perf_counter()
        out = rfm.predict(QUERY, entities=users, run_mode=args.run_mode)
        result[key] = round(time.perf_counter() - start, 2)
        result["rows"] = out.num_rows
        print(f"{label}: {result[key]:.1f} s for {len(users)} users, {out.num_rows} rows", flush=True)
    path = Path(__file__).parent / "results" / "ranking_speed.json"
    path.write_text(json.dumps(result, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
