"""Speed: `rfm-sql demo` end to end, and a `fast` prediction for every f1 driver, measured in one run.

python benchmarks/speed.py        # writes benchmarks/SPEED.md and benchmarks/results/speed.json
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import duckdb

import rfm_sql

HERE = Path(__file__).resolve().parent
DATA = HERE.parents[1] / "shared" / "data"
DNF = (
    "PREDICT COUNT(results.* WHERE results.statusId != 1, 0, 30, days) > 0 FOR EACH drivers.driverId "
    "ASSUMING COUNT(results.*, 0, 30, days) > 0"
)


def timed(fn, repeat: int = 3) -> tuple[float, object]:
    best, out = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - start)
    return best, out


def main() -> int:
    results = {"cores": os.cpu_count()}
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "rfm_sql.cli", "demo"], check=True, capture_output=True)
    results["demo_seconds"] = round(time.perf_counter() - start, 2)

    rfm = rfm_sql.attach_folder(duckdb.connect(), DATA / "f1", views=True)
    rfm.predict(DNF)  # warm: model load, first query compilation
    seconds, table = timed(lambda: rfm.predict(DNF, anchor_time="2012-01-01", seed=1))
    results["f1_drivers"] = table.num_rows
    results["f1_fast_predict_seconds"] = round(seconds, 3)
    seconds_sql, _ = timed(
        lambda: rfm.con.sql(
            "SELECT * FROM rfm_predict(?, anchor_time := '2012-01-01', seed := 2)", params=[DNF]
        ).fetchall()
    )
    results["f1_fast_predict_sql_seconds"] = round(seconds_sql, 3)
    seconds_row, _ = timed(
        lambda: rfm.con.sql(
            "SELECT driverId, rfm_predict(?, driverId, anchor_time := '2012-01-01', seed := 2) FROM drivers",
            params=[DNF],
        ).fetchall()
    )
    results["f1_fast_predict_per_row_seconds"] = round(seconds_row, 3)
    results["per_row_over_table_ratio"] = round(seconds_row / seconds_sql, 2)
    (HERE / "results").mkdir(exist_ok=True)
    (HERE / "results" / "speed.json").write_text(json.dumps(results, indent=2) + "\n")
    (HERE / "SPEED.md").write_text(
        "# Speed\n\nCommand: `python benchmarks/speed.py` (best of 3 for predictions; one run of the demo).\n\n"
        f"| what | seconds |\n|---|---|\n| `rfm-sql demo` end to end (build database, 6 predictions incl. a ranking and a forecast, 1 explanation, 1 backtest) | "
        f"{results['demo_seconds']} |\n| `rfm.predict` fast, all {results['f1_drivers']} f1 drivers (context 1,000) | "
        f"{results['f1_fast_predict_seconds']} |\n| same through `SELECT * FROM rfm_predict(...)` | "
        f"{results['f1_fast_predict_sql_seconds']} |\n| same per row: `SELECT driverId, rfm_predict(..., driverId) FROM drivers` | "
        f"{results['f1_fast_predict_per_row_seconds']} (ratio to the table form "
        f"{results['per_row_over_table_ratio']}) |\n\nMachine: {results['cores']} cores.\n"
    )
    print(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
