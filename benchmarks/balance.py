"""Label-balanced class contexts against contexts that keep the labels as they occur, on rare events.

    python benchmarks/balance.py            # seeds 0-2: writes benchmarks/BALANCE.md
    python benchmarks/balance.py --quick    # one database, print only

A class target's context shares each anchor's examples evenly among the classes (runtime.plan,
`balance=True`), and the probabilities are turned back to the classes' true rates (runtime.decoding). This
measures what that buys where positives are rare and the entities many (the context cap binds): the same
queries, contexts and model, once balanced and once as the labels occur. Databases: benchmarks/inactive.py's
generator (users ordering at heavy-tailed rates, most churned), predicted 30 days before the data ends.
Metrics on every user: AUROC, log loss (are the corrected probabilities calibrated?), the mean predicted
probability beside the true positive rate, and the positives in the context. Also a static multiclass target
(each user's segment, 70/25/5%, which the users' ordering reveals), backtested on 3,000 users: accuracy.
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
    "ordered in 30 days": "PREDICT COUNT(orders.*, 0, 30, days) > 0 FOR EACH users.user_id",
    "over 3 orders in 30 days": "PREDICT COUNT(orders.*, 0, 30, days) > 3 FOR EACH users.user_id",
    "spent over 200 in 30 days": "PREDICT SUM(orders.amount, 0, 30, days) > 200 FOR EACH users.user_id",
}
STATIC = "PREDICT users.segment FOR EACH users.user_id"  # 3 classes (70/25/5%), read from behaviour
STATIC_USERS = 3000  # users backtested on the static target (their folds' contexts leave them out)
OUT = Path(__file__).parent / "BALANCE.md"


def run_one(n_users: int, seed: int, balance: bool) -> list[dict]:
    con = duckdb.connect()
    build(con, n_users, seed)
    rfm = rfm_sql.attach(con)
    anchor = con.sql("SELECT MAX(ordered_at) FROM orders").fetchall()[0][0] - dt.timedelta(days=30)
    select = planner.select_context
    picked = {}

    def spy(*args, **kwargs):  # the arm without balancing, and the context's positives for the table
        context = select(*args, **{**kwargs, "balance": balance and kwargs.get("balance", False)})
        picked["positives"] = sum(bool(v) for v in context.column("TARGET").to_pylist())
        picked["rows"] = context.num_rows
        return context

    out = []
    for name, query in QUERIES.items():
        truth = {r["ENTITY"]: bool(r["TARGET"]) for r in rfm.labels(query, anchor_time=anchor).to_pylist()}
        with mock.patch.object(planner, "select_context", spy):
            pred = rfm.predict(query, anchor_time=anchor).to_pylist()
        rfm.handles.clear()
        p = {r["ENTITY"]: r["True_PROB"] for r in pred}
        keys = sorted(truth)
        y = np.array([truth[k] for k in keys], dtype=int)
        s = np.array([p[k] for k in keys], dtype=float)
        out.append(
            {
                "seed": seed,
                "task": name,
                "context": "balanced" if balance else "as they occur",
                "users": len(keys),
                "positive rate": float(y.mean()),
                "context positives": f"{picked['positives']} / {picked['rows']}",
                "AUROC": metrics.auroc(y, s),
                "log loss": metrics.log_loss(y, s),
                "mean probability": float(s.mean()),
            }
        )
    truth = rfm.labels(STATIC, anchor_time=anchor).slice(0, STATIC_USERS)
    with mock.patch.object(planner, "select_context", spy):
        accuracy = rfm.evaluate(STATIC, task_table=truth).metrics["accuracy"]
    rfm.handles.clear()
    out.append({"seed": seed, "context": "balanced" if balance else "as they occur", "static accuracy": accuracy})
    return out


def markdown(rows: list[dict], command: str) -> str:
    static = [r for r in rows if "static accuracy" in r]
    rows = [r for r in rows if "static accuracy" not in r]
    lines = report.arms_table("Label-balanced class contexts on rare events", command, "both arms", rows)
    lines += ["", "Means over seeds:", "", "| task | context | AUROC | log loss | mean probability | positive rate |"]
    lines.append("|---|---|---|---|---|---|")
    for task in QUERIES:
        for arm in ("as they occur", "balanced"):
            sel = [r for r in rows if r["task"] == task and r["context"] == arm]
            means = [np.mean([r[k] for r in sel]) for k in ("AUROC", "log loss", "mean probability", "positive rate")]
            lines.append(f"| {task} | {arm} | " + " | ".join(f"{v:.4f}" for v in means) + " |")
    lines += ["", f"Static multiclass (`{STATIC}`, {STATIC_USERS:,} users backtested), accuracy:", ""]
    lines += ["| seed | as they occur | balanced |", "|---|---|---|"]
    for seed in sorted({r["seed"] for r in static}):
        acc = {r["context"]: r["static accuracy"] for r in static if r["seed"] == seed}
        lines.append(f"| {seed} | {acc['as they occur']:.4f} | {acc['balanced']:.4f} |")
    return "\n".join(lines) + "\n"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="one database, print only")
    ap.add_argument("--users", type=int, default=20000)
    ap.add_argument("--seeds", type=int, default=3)
    args = ap.parse_args(argv)
    rows = []
    for seed in range(1 if args.quick else args.seeds):
        for balance in (False, True):
            for r in run_one(args.users, seed, balance):
                print(r, flush=True)
                rows.append(r)
    if not args.quick:
        OUT.write_text(
            markdown(rows, "python benchmarks/balance.py" + "".join(f" {a}" for a in (argv or sys.argv[1:])))
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
