"""Asked for every entity of a table where most are inactive, are the active ones predicted well?

    python benchmarks/inactive.py                  # seeds 0-2: writes benchmarks/results/inactive_seeds0-2.md
    python benchmarks/inactive.py --first-seed 3   # the held-out seeds 3-5
    python benchmarks/inactive.py --quick          # one database, no file
(benchmarks/INACTIVE.md puts the numbers before and after the stratified context side by side.)

The bar (issue 8): predicting `COUNT(orders.*, 0, 30, days)` FOR EACH user, the active users (those with an
order in the 30 days before the anchor) are predicted at least as well (MAE) as by "the same as last period"
(their count in those 30 days). Also reported: the same query with `WHERE COUNT(orders.*, -30, 0, days) > 0`
(context and predictions only over active users), and the MAE over every user.

The databases are generated here (`build`): users sign up over 18 months, order at a heavy-tailed personal
rate (a few heavy buyers, many occasional ones) and churn after an exponential lifetime, so most users are
long inactive at the anchor. Predictions are made at a past anchor (30 days before the data ends) from
history before it; the truth is the label there.
"""

from __future__ import annotations

import argparse
import datetime as dt
import time
from pathlib import Path

import duckdb
import numpy as np
import pyarrow as pa

import rfm_sql

START = dt.datetime(2024, 1, 1)
DAYS = 540
QUERY = "PREDICT COUNT(orders.*, 0, 30, days) FOR EACH users.user_id"
ACTIVE = "PREDICT COUNT(orders.*, 0, 30, days) FOR EACH users.user_id WHERE COUNT(orders.*, -30, 0, days) > 0"
RESULTS = Path(__file__).parent / "results"


def build(con: duckdb.DuckDBPyConnection, n_users: int = 4000, seed: int = 0) -> None:
    """users (signup, segment, country), items, orders: a heavy-tailed rate per user while alive."""
    rng = np.random.default_rng(seed)
    signup = rng.integers(0, DAYS - 30, n_users)
    segment = rng.choice(["occasional", "regular", "heavy"], n_users, p=[0.7, 0.25, 0.05])
    base = np.select([segment == "occasional", segment == "regular"], [0.02, 0.1], 0.5)
    rate = base * rng.lognormal(0.0, 0.6, n_users)
    life = rng.exponential(np.where(segment == "heavy", 400.0, 90.0))
    end = np.minimum(signup + life, DAYS)
    counts = rng.poisson(rate * (end - signup))
    user = np.repeat(np.arange(n_users), counts)
    day = np.repeat(signup.astype(float), counts) + rng.random(len(user)) * np.repeat(end - signup, counts)
    n_items = 200
    item_price = np.round(rng.lognormal(3, 0.8, n_items), 2)
    item = rng.integers(0, n_items, len(user))
    con.execute(
        "CREATE TABLE users (user_id INTEGER PRIMARY KEY, signup_time TIMESTAMP, segment VARCHAR, country VARCHAR)"
    )
    con.execute("CREATE TABLE items (item_id INTEGER PRIMARY KEY, price DOUBLE)")
    con.execute(
        "CREATE TABLE orders (order_id INTEGER PRIMARY KEY, user_id INTEGER REFERENCES users (user_id), "
        "item_id INTEGER REFERENCES items (item_id), ordered_at TIMESTAMP, amount DOUBLE)"
    )
    to_time = np.vectorize(lambda d: START + dt.timedelta(days=float(d)))
    users = pa.table(
        {
            "user_id": np.arange(n_users, dtype=np.int32),
            "signup_time": pa.array(to_time(signup), pa.timestamp("us")),
            "segment": segment,
            "country": rng.choice(["US", "DE", "FR", "JP"], n_users),
        }
    )
    items = pa.table({"item_id": np.arange(n_items, dtype=np.int32), "price": item_price})
    order = np.argsort(day, kind="stable")
    orders = pa.table(
        {
            "order_id": np.arange(len(user), dtype=np.int32),
            "user_id": user[order].astype(np.int32),
            "item_id": item[order].astype(np.int32),
            "ordered_at": pa.array(to_time(day[order]), pa.timestamp("us")),
            "amount": item_price[item[order]],
        }
    )
    for name, table in (("users", users), ("items", items), ("orders", orders)):
        con.from_arrow(table).insert_into(name)


def last_period(con, anchor: dt.datetime) -> dict:
    """Each user's order count in the 30 days up to the anchor (the lagged target)."""
    rows = con.execute(
        "SELECT user_id, COUNT(*) FROM orders WHERE ordered_at > ? - INTERVAL 30 DAY AND ordered_at <= ? "
        "GROUP BY user_id",
        [anchor, anchor],
    ).fetchall()
    return dict(rows)


def run_one(n_users: int, seed: int, run_mode: str) -> dict:
    con = duckdb.connect()
    build(con, n_users, seed)
    rfm = rfm_sql.attach(con)
    latest = con.sql("SELECT MAX(ordered_at) FROM orders").fetchall()[0][0]
    anchor = latest - dt.timedelta(days=30)
    truth = {r["ENTITY"]: r["TARGET"] for r in rfm.labels(QUERY, anchor_time=anchor).to_pylist()}
    lag = last_period(con, anchor)
    start = time.perf_counter()
    everyone = rfm.predict(QUERY, anchor_time=anchor, run_mode=run_mode)
    seconds = time.perf_counter() - start
    pred_all = dict(zip(everyone.column("ENTITY").to_pylist(), everyone.column("TARGET_PRED").to_pylist(), strict=True))
    active_only = rfm.predict(ACTIVE, anchor_time=anchor, run_mode=run_mode)
    pred_active = dict(
        zip(active_only.column("ENTITY").to_pylist(), active_only.column("TARGET_PRED").to_pylist(), strict=True)
    )
    active = sorted(e for e in truth if lag.get(e, 0) > 0)
    y = np.array([truth[e] for e in active], dtype=float)
    y_all = np.array([truth[e] for e in truth], dtype=float)

    def mae(pred, keys, target):
        return float(np.mean(np.abs(np.array([pred.get(k, 0.0) for k in keys], dtype=float) - target)))

    return {
        "seed": seed,
        "users": len(truth),
        "active": len(active),
        "rfm (all users asked), active MAE": mae(pred_all, active, y),
        "same as last period, active MAE": mae(lag, active, y),
        "rfm (WHERE active), active MAE": mae(pred_active, active, y),
        "rfm (all users asked), all MAE": mae(pred_all, list(truth), y_all),
        "same as last period, all MAE": mae(lag, list(truth), y_all),
        "predict seconds": seconds,
    }


def markdown(results: list[dict], command: str, run_mode: str) -> str:
    keys = [k for k in results[0] if k not in ("seed",)]
    lines = [
        "# Inactive entities: every user asked, the active ones scored",
        "",
        f"Command: `{command}` (run mode {run_mode}). Task: `{QUERY}` at the anchor 30 days before each generated "
        "database ends; active = an order in the 30 days before the anchor. Bar: rfm's active MAE (all users "
        "asked) <= same as last period's.",
        "",
        "| seed | " + " | ".join(keys) + " |",
        "|---|" + "---|" * len(keys),
    ]
    for r in results:
        lines.append(f"| {r['seed']} | " + " | ".join(_fmt(r[k]) for k in keys) + " |")
    mean = {k: np.mean([r[k] for r in results]) for k in keys}
    mean = {k: int(round(v)) if isinstance(results[0][k], int) else float(v) for k, v in mean.items()}
    lines.append("| mean | " + " | ".join(_fmt(mean[k]) for k in keys) + " |")
    return "\n".join(lines) + "\n"


def _fmt(v) -> str:
    return f"{v:,.0f}" if isinstance(v, int) else f"{v:.4f}"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="one database, print only")
    ap.add_argument("--users", type=int, default=4000)
    ap.add_argument("--seeds", type=int, default=3, help="databases generated (seeds first-seed, first-seed + 1, ...)")
    ap.add_argument("--first-seed", type=int, default=0, help="3 for the held-out databases (0-2 were tuned on)")
    ap.add_argument("--run-mode", default="fast")
    ap.add_argument("--out", help="the markdown file (default: benchmarks/results/inactive_seedsA-B.md)")
    args = ap.parse_args(argv)
    results = []
    for seed in range(args.first_seed, args.first_seed + (1 if args.quick else args.seeds)):
        r = run_one(args.users, seed, args.run_mode)
        print(" ".join(f"{k}={_fmt(v)}" for k, v in r.items()), flush=True)
        results.append(r)
    command = "python benchmarks/inactive.py" + (" --quick" if args.quick else "")
    command += f" --first-seed {args.first_seed}" if args.first_seed else ""
    text = markdown(results, command, args.run_mode)
    print(text)
    if not args.quick:
        last = args.first_seed + args.seeds - 1
        Path(args.out or RESULTS / f"inactive_seeds{args.first_seed}-{last}.md").write_text(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
