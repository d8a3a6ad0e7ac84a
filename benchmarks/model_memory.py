"""Peak memory of a prediction with the context stage's memory returned after its run (shipped) or kept in
ONNX Runtime's arena (`runtime.model.CONTEXT_ARENA = True`, the old behaviour), side by side in one run.

    python benchmarks/model_memory.py [--run-modes normal best]   # writes results/model_memory.json

Each (run mode, arena) pair runs in a fresh child process on the demo database (2,000 users), so each peak
resident set is that prediction's alone; the scores of the two settings must be identical.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

QUERIES = {
    "rank": "PREDICT LIST_DISTINCT(orders.item_id, 0, 30, days) RANK TOP 10 FOR EACH users.user_id",
    "binary": "PREDICT COUNT(orders.*, 0, 30, days) = 0 FOR EACH users.user_id",
}


def child(query: str, run_mode: str, arena: bool) -> dict:
    import duckdb

    import rfm_sql
    from rfm_sql import demo
    from rfm_sql.runtime import model

    model.CONTEXT_ARENA = arena
    con = duckdb.connect()
    demo.build(con, n_users=2000)
    rfm = rfm_sql.attach(con)
    start = time.perf_counter()
    out = rfm.predict(query, run_mode=run_mode)
    seconds = time.perf_counter() - start
    column = "SCORE" if "SCORE" in out.column_names else "TARGET_PRED"
    digest = hashlib.sha256(json.dumps(out.column(column).to_pylist()).encode()).hexdigest()[:16]
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"rows": out.num_rows, "seconds": round(seconds, 1), "peak_rss_mib": round(peak), "scores": digest}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--run-modes", nargs="+", default=["normal", "best"])
    ap.add_argument("--queries", nargs="+", default=list(QUERIES), choices=list(QUERIES))
    ap.add_argument("--child", nargs=3, metavar=("QUERY", "RUN_MODE", "ARENA"), help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        query, run_mode, arena = args.child
        print(json.dumps(child(QUERIES[query], run_mode, arena == "1")))
        return 0
    rows = []
    for query in args.queries:
        for run_mode in args.run_modes:
            for arena in (True, False):
                cmd = [sys.executable, __file__, "--child", query, run_mode, "1" if arena else "0"]
                done = subprocess.run(cmd, capture_output=True, text=True, check=True)
                row = {"query": query, "run_mode": run_mode, "context_arena": arena}
                row |= json.loads(done.stdout.strip().splitlines()[-1])
                rows.append(row)
                print(json.dumps(row), flush=True)
    path = Path(__file__).parent / "results" / "model_memory.json"
    path.write_text(json.dumps({"command": "python benchmarks/model_memory.py", "rows": rows}, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
