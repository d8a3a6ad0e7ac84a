"""What the per-context choices for a regression target cost: its coding (runtime.residual.choose) and its
context's depth (runtime.depth.choose).

    python benchmarks/coding_cost.py            # prints seconds, best of 3; nothing written

The demo shop with 3,000 users, `PREDICT COUNT(orders.*, 0, 30, days) FOR EACH users.user_id`, its `fast`
context (1,000 rows), the shipped model: the choice as it runs (entity folds and time-forward splits), then
with the entity folds only, then the depth choice (four small model runs) on a
smaller shop whose context reaches back further, in one process.
"""

from __future__ import annotations

import time

import duckdb
import numpy as np

import rfm_sql
from rfm_sql import demo
from rfm_sql.runtime import anchors, context, depth, residual
from rfm_sql.runtime.options import RunOptions

QUERY = "PREDICT COUNT(orders.*, 0, 30, days) FOR EACH users.user_id"


def best_of(n: int, fn) -> float:
    times = []
    for _ in range(n):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def choice_args(n_users: int) -> tuple:
    """residual.choose's arguments for QUERY's `fast` context on the demo shop with `n_users` users."""
    con = duckdb.connect()
    demo.build(con, n_users=n_users)
    rfm = rfm_sql.attach(con)
    vq = rfm.resolve(QUERY)
    cur = con.cursor()
    prepared = context.prepare(cur, vq, rfm.graph, anchors.default_anchor(cur, vq, rfm.graph), RunOptions(), model=None)
    ctx = prepared.context
    return (
        rfm.model,
        prepared.context_columns,
        prepared.features.kinds,
        np.array(ctx.column("TARGET").to_pylist(), dtype=object),
        ctx.column("ENTITY").to_pylist(),
        ctx.column("ANCHOR_TIMESTAMP").to_pylist(),
        0,
        {"lower": 0.0},
    )


def main() -> None:
    args = choice_args(3000)
    every = best_of(3, lambda: residual.choose(*args))
    splits = residual._splits
    residual._splits = lambda e, a, s: splits(e, a, s)[: residual.FOLDS]
    folds = best_of(3, lambda: residual.choose(*args))
    residual._splits = splits
    print(f"context rows {len(args[3])}, anchors {len(set(args[5]))}")
    print(f"choice, entity folds + time-forward splits: {every:.2f} s; entity folds only: {folds:.2f} s")
    # 3,000 users fill the context from the newest 4 anchors, too few for a depth choice: 100 users reach further
    args = choice_args(100)
    deep = best_of(3, lambda: depth.choose(*args[:4], args[5], args[7]))
    print(f"depth choice, context rows {len(args[3])}, anchors {len(set(args[5]))}: {deep:.2f} s")


if __name__ == "__main__":
    main()
