"""How long a backtest takes: `rfm.evaluate` on f1's val task tables (one task per path the runtime takes:
binary, regression, pair-scored multiclass), this checkout against another one, in one run.

    git worktree add /tmp/before REV
    python benchmarks/backtest_speed.py --before /tmp/before    # results/backtest_speed.json, BACKTEST_SPEED.md
    python benchmarks/backtest_speed.py --before /tmp/before --name coding   # ..._coding.json, BACKTEST_SPEED_coding.md

Each measurement is a fresh process (`--worker`, with the checkout's root first on PYTHONPATH), the two
checkouts alternating round by round, so a cold file cache or a busy neighbour does not favour one side. Each
side's metrics are recorded too: a speed-up that changes a prediction is a bug, and the report says so.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
import warnings
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DATA = ROOT.parent / "shared" / "data" / "f1"
TASKS = {
    "driver-dnf": "PREDICT COUNT(results.* WHERE results.statusId != 1, 0, 30, days) > 0 FOR EACH drivers.driverId "
    "ASSUMING COUNT(results.*, 0, 30, days) > 0",
    "driver-position": "PREDICT AVG(results.positionOrder, 0, 60, days) FOR EACH drivers.driverId",
    "driver-constructor": "PREDICT FIRST(results.constructorId, 0, 60, days) FOR EACH drivers.driverId",
}


def worker() -> dict:
    """{task: {seconds, anchors, metrics}} for the rfm_sql first on sys.path."""
    import duckdb
    import pyarrow.parquet as pq

    import rfm_sql

    warnings.filterwarnings("ignore")
    rfm = rfm_sql.attach_folder(duckdb.connect(), DATA, views=True)
    out = {}
    for task, query in TASKS.items():
        table = pq.read_table(DATA / "tasks" / task / "val.parquet")
        start = time.perf_counter()
        evaluation = rfm.evaluate(query, task_table=table)
        seconds = time.perf_counter() - start
        out[task] = {"seconds": round(seconds, 2), "anchors": evaluation.anchors, "metrics": evaluation.metrics}
    return out


def measure(root: Path) -> dict:
    env = {**os.environ, "PYTHONPATH": str(root)}
    done = subprocess.run(
        [sys.executable, __file__, "--worker"], env=env, capture_output=True, text=True, check=True, cwd=root
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def report(result: dict) -> str:
    lines = [
        "# Backtest speed",
        "",
        f"Command: `{result['command']}` ({result['rounds']} rounds, each side a fresh process, alternating; "
        f"{result['cores']} cores). Before: `{result['before']}`; after: `{result['after']}`.",
        "",
        "| task | anchors | before, seconds | after, seconds | after / before | same metrics |",
        "|---|---|---|---|---|---|",
    ]
    for task in TASKS:
        runs = {side: [r[side][task] for r in result["runs"]] for side in ("before", "after")}
        secs = {side: sum(r["seconds"] for r in v) / len(v) for side, v in runs.items()}
        same = all(r["metrics"] == runs["before"][0]["metrics"] for v in runs.values() for r in v)
        lines.append(
            f"| {task} | {runs['after'][0]['anchors']} | {secs['before']:.1f} | {secs['after']:.1f} | "
            f"{secs['after'] / secs['before']:.2f} | {'yes' if same else '**no**'} |"
        )
    return "\n".join(lines) + "\n"


def _revision(root: Path) -> str:
    done = subprocess.run(["git", "-C", str(root), "rev-parse", "--short", "HEAD"], capture_output=True, text=True)
    dirty = subprocess.run(
        ["git", "-C", str(root), "status", "--porcelain", "--untracked-files=no"], capture_output=True, text=True
    )
    return done.stdout.strip() + (" + uncommitted changes" if dirty.stdout.strip() else "")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--before", type=Path, help="the root of the checkout to compare against")
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--name", help="write results/backtest_speed_NAME.json and BACKTEST_SPEED_NAME.md")
    ap.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if not DATA.exists():
        print(f"{DATA} is missing: the benchmark needs ../shared/data", file=sys.stderr)
        return 2
    if args.worker:
        print(json.dumps(worker()))
        return 0
    if args.before is None or not (args.before / "rfm_sql").is_dir():
        print("--before must be the root of another checkout (git worktree add DIR REV)", file=sys.stderr)
        return 2
    runs = []
    for i in range(args.rounds):
        sides = ("before", "after") if i % 2 == 0 else ("after", "before")
        runs.append({side: measure(args.before.resolve() if side == "before" else ROOT) for side in sides})
        print(
            f"round {i + 1}: " + json.dumps({s: {t: v["seconds"] for t, v in r.items()} for s, r in runs[-1].items()})
        )
    suffix = f"_{args.name}" if args.name else ""
    result = {
        "command": f"python benchmarks/backtest_speed.py --before DIR --rounds {args.rounds}"
        + (f" --name {args.name}" if args.name else ""),
        "before": _revision(args.before),
        "after": _revision(ROOT),
        "cores": os.cpu_count(),
        "rounds": args.rounds,
        "runs": runs,
    }
    (HERE / "results" / f"backtest_speed{suffix}.json").write_text(json.dumps(result, indent=2) + "\n")
    (HERE / f"BACKTEST_SPEED{suffix}.md").write_text(report(result))
    print(report(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
