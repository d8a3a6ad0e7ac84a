"""How long a recommendation takes: `RANK TOP 10` for 1,000 users of the demo database (not a timed test).

    python benchmarks/ranking_speed.py [--users 1000] [--run-mode fast]   # writes results/ranking_speed.json
    python benchmarks/ranking_speed.py --data ../shared/data/nycflights13 \
        --query "PREDICT LIST_DISTINCT(flights.dest, 0, 30, days) RANK TOP 3 FOR EACH planes.tailnum"
        # every entity of a database folder; writes results/ranking_speed_nycflights13.json

Prints (and writes) the seconds of the first call (context preparation + scoring) and of a second call that
reuses the prepared context, and the peak resident memory of the process.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
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
    ap.add_argument("--data", type=Path, help="a database folder (data/README.md's format); every entity of --query")
    ap.add_argument("--query", help="with --data: the ranking query")
    args = ap.parse_args(argv)
    if (args.data is None) != (args.query is None):
        ap.error("--data and --query go together")
    command = "python benchmarks/ranking_speed.py" + (f" --data {args.data} --query {args.query!r}" if args.data else "")
    command += f" --run-mode {args.run_mode}" if args.run_mode != "fast" else ""
    if args.data is None:
        con = duckdb.connect()
        demo.build(con, n_users=max(2000, args.users))
        rfm = rfm_sql.attach(con)
        query = QUERY
        users = [r[0] for r in con.sql("SELECT user_id FROM users ORDER BY user_id").fetchall()][: args.users]
    else:
        rfm, query, users = rfm_sql.attach_folder(duckdb.connect(), args.data, views=True), args.query, None
    result = {"command": command, "query": query, "users": len(users) if users else "all", "cores": os.cpu_count()}
    result["run_mode"] = args.run_mode
    for key, label in (("first_call_seconds", "first call (prepare + score)"), ("second_call_seconds", "second call (prepared context reused)")):
        start = time.perf_counter()
        out = rfm.predict(query, entities=users, run_mode=args.run_mode)
        result[key] = round(time.perf_counter() - start, 2)
        result["rows"] = out.num_rows
        print(f"{label}: {result[key]:.1f} s, {out.num_rows} rows", flush=True)
    result["peak_rss_mib"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    name = "ranking_speed" + (f"_{args.data.name.replace('-', '_')}" if args.data else "")
    name += f"_{args.run_mode}" if args.run_mode != "fast" else ""  # the fast run's file stays the fast run's
    path = Path(__file__).parent / "results" / f"{name}.json"
    path.write_text(json.dumps(result, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
