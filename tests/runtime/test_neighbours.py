"""Neighbour rows -> the hierarchical model's tensors: aligned to the examples, newest first, point in time."""

import datetime as dt

import duckdb
import numpy as np
import pyarrow as pa

import rfm_sql
from rfm_sql.demo import build
from rfm_sql.pql.tasks import TargetKind
from rfm_sql.runtime import neighbours
from rfm_sql.runtime.contract import G_NB, K_NB, T_NB
from rfm_sql.runtime.encode import fit_target

ANCHOR = dt.datetime(2024, 6, 1)
PQL = "PREDICT COUNT(orders.*, 0, 30, days) FOR EACH users.user_id"


def fitted(con, users, anchor=ANCHOR):
    rfm = rfm_sql.attach(con)
    vq = rfm.resolve(PQL)
    pairs = pa.table({"ENTITY": users, "ANCHOR_TIMESTAMP": [anchor] * len(users)})
    y = np.arange(len(users), dtype=np.float32) % 3
    with con.cursor() as cur:
        rows = neighbours.fetch(cur, vq, rfm.graph, pairs)
    encoder, tensors = neighbours.fit_neighbours(rows, pairs, y, fit_target(y, TargetKind.REGRESSION), rfm.graph)
    return rfm, vq, pairs, rows, encoder, tensors


def test_tensors_follow_the_examples_order_newest_first():
    con = duckdb.connect()
    build(con, n_users=200, n_items=20, seed=1)
    users = list(range(1, 121))
    _, _, pairs, rows, encoder, tensors = fitted(con, users)
    assert tensors.x.shape == (120, T_NB, K_NB, G_NB) and tensors.r.shape == (120, T_NB, K_NB)
    t = encoder.tables.index("orders")
    counts = {
        r["ENTITY"]: r["n"]
        for r in con.sql(
            "SELECT user_id AS ENTITY, least(count(*), ?) AS n FROM orders WHERE ordered_at <= ? GROUP BY 1",
            params=[K_NB, ANCHOR],
        )
        .to_arrow_table()
        .to_pylist()
    }
    assert [int(tensors.r[i, t].sum()) for i in range(120)] == [counts.get(u, 0) for u in users]
    # rows fill the first slots, and DELTA_DAYS (column 0, ranked) grows with the slot: newest first
    delta = encoder.columns[t][0]
    assert delta.name == neighbours.DELTA
    for i in range(120):
        n = int(tensors.r[i, t].sum())
        assert tensors.r[i, t, :n].all() and not tensors.r[i, t, n:].any()
        assert np.all(np.diff(tensors.x[i, t, :n, 0]) >= 0)
    # the same pairs in another order give the same rows, permuted
    again = encoder.transform(rows, pairs.take(pa.array(list(range(119, -1, -1)))))
    np.testing.assert_array_equal(again.x[::-1], tensors.x)


def test_rows_after_the_anchor_change_no_tensor():
    con = duckdb.connect()
    build(con, n_users=150, n_items=20, seed=2)
    users = list(range(1, 60))
    rfm, vq, pairs, _, encoder, before = fitted(con, users)
    for u in users:
        con.execute(
            "INSERT INTO orders VALUES (?, ?, 1, ?, 9, 999.0)", [9_000_000 + u, u, ANCHOR + dt.timedelta(seconds=1)]
        )
    with con.cursor() as cur:
        after = encoder.transform(neighbours.fetch(cur, vq, rfm.graph, pairs), pairs)
    np.testing.assert_array_equal(after.x, before.x)
    np.testing.assert_array_equal(after.r, before.r)


def test_an_entity_without_rows_has_empty_slots():
    con = duckdb.connect()
    build(con, n_users=100, n_items=20, seed=3)
    con.execute("INSERT INTO users SELECT 999999, * EXCLUDE (user_id) FROM users LIMIT 1")
    _, _, _, _, _, tensors = fitted(con, [*range(1, 50), 999999])
    assert tensors.r[-1].sum() == 0 and tensors.x[-1].sum() == 0
