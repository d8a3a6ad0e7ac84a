"""Short histories: a context cap shared by the few anchors there are, against a quarter of the cap per anchor.

    python benchmarks/short_history.py            # seeds 0-2, 120 and 150 days of history: writes SHORT_HISTORY.md
    python benchmarks/short_history.py --first-seed 3 --out benchmarks/results/short_history_seeds3-5.md
    python benchmarks/short_history.py --quick    # one database, print only

Each context anchor gives at most a quarter of the context cap, so that several periods are represented
(runtime.plan `anchor_share`). Where the history holds fewer than four anchors, the runtime now shares the cap
among those there are; before, two anchors filled at most half the context. This measures both rules on the
same databases, queries and model: benchmarks/inactive.py's generated shops (4,000 users) with every order
older than `--days` deleted, predicted 30 days before the data ends (horizon 30 days: 2 anchors with 120 days
of history, 3 with 150). Metrics on every user: MAE for an order count and a spend (among recent buyers),
AUROC for "orders at all".
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path
from unittest import mock

import duckdb
import numpy as np

import rfm_sql
from rfm_sql.runtime import metrics
from rfm_sql.runtime import plan as planner

sys.path.insert(0, str(Path(__file__).parent))
import report  # noqa: E402
from inactive import build  # noqa: E402

QUERIES = {
    "order count (MAE)": "PREDICT COUNT(orders.*, 0, 30, days) FOR EACH users.user_id",
    "orders at all (AUROC)": "PREDICT COUNT(orders.*, 0, 30, days) > 0 FOR EACH users.user_id",
    "spend of recent buyers (MAE)": "PREDICT SUM(orders.amount, 0, 30, days) FOR EACH users.user_id "
    "WHERE COUNT(orders.*, -60, 0, days) > 0",
}
OUT = Path(__file__).parent / "SHORT_HISTORY.md"


def quarter_per_anchor(cap: int, n_anchors: int) -> int:
    """The rule before: a quarter of the cap per anchor whenever there is more than one."""
    return cap if n_anchors == 1 else max(cap // planner.ANCHOR_SHARES, planner.MIN_CONTEXT)


def run_one(seed: int, days: int, users: int) -> list[dict]:
    con = duckdb.connect()
    build(con, users, seed)
    end = con.sql("SELECT MAX(ordered_at) FROM orders").fetchall()[0][0]
    con.execute("DELETE FROM orders WHERE ordered_at < ?", [end - dt.timedelta(days=days)])
    rfm = rfm_sql.attach(con)
    anchor = end - dt.timedelta(days=30)
    rows = []
    for name, query in QUERIES.items():
        truth = {r["ENTITY"]: r["TARGET"] for r in rfm.labels(query, anchor_time=anchor).to_pylist()}
        row = {"seed": seed, "history days": days, "task": name}
        for arm, rule in (("quarter per anchor", quarter_per_anchor), ("shared cap", planner.anchor_share)):
            with mock.patch.object(planner, "anchor_share", rule):
                out = rfm.predict(query, anchor_time=anchor).to_pylist()
            rfm.handles.clear()
            scored = [r for r in out if r["ENTITY"] in truth]
            y = np.array([float(truth[r["ENTITY"]]) for r in scored])
            if "AUROC" in name:
                row[arm] = metrics.auroc(y, np.array([r["True_PROB"] for r in scored]))
            else:
                row[arm] = float(np.mean(np.abs(np.array([r["TARGET_PRED"] for r in scored]) - y)))
        row["better"] = (row["shared cap"] > row["quarter per anchor"]) == ("AUROC" in name)
        print(row, flush=True)
        rows.append(row)
    return rows


def markdown(rows: list[dict], command: str) -> str:
    lines = report.arms_table(
        "Short histories: the context cap shared by the anchors there are", command, "both rules", rows
    )
    lines += ["", f"The shared cap is better on {sum(r['better'] for r in rows)} of {len(rows)} rows.", ""]
    return "\n".join(lines)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="one database, print only")
    ap.add_argument("--users", type=int, default=4000)
    ap.add_argument("--seeds", type=int, default=3, help="databases generated (seeds first-seed, first-seed + 1, ...)")
    ap.add_argument("--first-seed", type=int, default=0, help="3 for databases the rule was not looked at on")
    ap.add_argument("--out", default=str(OUT), help="the markdown file")
    ap.add_argument("--days", type=int, nargs="+", default=[120, 150], help="history kept before the data's end")
    args = ap.parse_args(argv)
    rows = []
    for days in args.days[:1] if args.quick else args.days:
        for seed in range(args.first_seed, args.first_seed + (1 if args.quick else args.seeds)):
            rows += run_one(seed, days, args.users)
    if not args.quick:
        command = "python benchmarks/short_history.py" + "".join(f" {a}" for a in (argv or sys.argv[1:]))
        Path(args.out).write_text(markdown(rows, command))
    return 0


if __name__ == "__main__":
    sys.exit(main())
