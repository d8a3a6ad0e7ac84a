"""What the per-context choice of a regression target's coding costs (runtime.residual.choose).

    python benchmarks/coding_cost.py            # prints seconds, best of 3; nothing written

The demo shop with 3,000 users, `PREDICT COUNT(orders.*, 0, 30, days) FOR EACH users.user_id`, its `fast`
context (1,000 rows), the shipped model: the choice as it runs (entity folds and time-forward splits), then
with the entity folds only, in one process.
"""

from __future__ import annotations

import time

import duckdb
import numpy as np

import rfm_sql
from rfm_sql import demo
from rfm_sql.runtime import anchors, context, residual
from rfm_sql.runtime.options import RunOptions

QUERY = "PREDICT COUNT(orders.*, 0, 30, days) FOR EACH users.user_id"


def best_of(n: int, fn) -> float:
    times = []
    for _ in range(n):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    con = duckdb.connect()
    demo.build(con, n_users=3000)
    rfm = rfm_sql.attach(con)
    vq = rfm.resolve(QUERY)
    cur = con.cursor()
    prepared = context.prepare(cur, vq, rfm.graph, anchors.default_anchor(cur, vq, rfm.graph), RunOptions(), model=None)
    ctx = prepared.context
    args = (
        rfm.model,
        prepared.context_columns,
        prepared.features.kinds,
        np.array(ctx.column("TARGET").to_pylist(), dtype=object),
        ctx.column("ENTITY").to_pylist(),
        ctx.column("ANCHOR_TIMESTAMP").to_pylist(),
        0,
        {"lower": 0.0},
    )
    every = best_of(3, lambda: residual.choose(*args))
    splits = residual._splits
    residual._splits = lambda e, a, s: splits(e, a, s)[: residual.FOLDS]
    folds = best_of(3, lambda: residual.choose(*args))
    residual._splits = splits
    print(f"context rows {ctx.num_rows}, anchors {len(set(args[5]))}")
    print(f"choice, entity folds + time-forward splits: {every:.2f} s; entity folds only: {folds:.2f} s")


if __name__ == "__main__":
    main()
