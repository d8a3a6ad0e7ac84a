"""Features of registered rows: one query's SQL text is built once and serves every call, from any cursor and
thread, in the rows' order (runtime.context.featurise, runtime.pairs.featurise_pairs)."""

import datetime as dt
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pyarrow as pa

import rfm_sql
from rfm_sql.compile.sqlutil import ANCHOR, ENTITY
from rfm_sql.runtime import context, pairs
from rfm_sql.runtime.options import RunOptions

SPEND = "PREDICT SUM(orders.amount, 0, 30, days) FOR EACH users.user_id"
NEXT_ITEMS = "PREDICT LIST_DISTINCT(orders.item_id, 0, 30, days) RANK TOP 5 FOR EACH users.user_id"


def rows(users, anchor=dt.datetime(2024, 12, 1)):
    return pa.table({ENTITY: pa.array(users, pa.int64()), ANCHOR: pa.array([anchor] * len(users), pa.timestamp("us"))})


def test_one_sql_text_serves_every_call_in_the_rows_order(shop):
    rfm = rfm_sql.attach(shop)
    features = context.feature_query(rfm.resolve(SPEND), rfm.graph)
    with shop.cursor() as cur:
        forward = context.featurise(cur, features, rows([5, 1, 9, 3]))
        text = features.ordered_sql
        backward = context.featurise(cur, features, rows([3, 9, 1, 5]))
    assert features.ordered_sql is text  # built once
    for name, values in forward.items():  # the same rows reversed: the same values reversed
        np.testing.assert_array_equal(np.asarray(values)[::-1], np.asarray(backward[name]))
    assert features.rows_name not in {r[0] for r in shop.sql("SHOW TABLES").fetchall()}  # nothing left behind


def test_threads_featurise_with_one_query_at_once_as_they_would_one_by_one(shop):
    """Each cursor has its own registrations (DUCKDB.md), so one relation name per query is safe across threads."""
    rfm = rfm_sql.attach(shop)
    features = context.feature_query(rfm.resolve(SPEND), rfm.graph)
    batches = [list(range(i, i + 40)) for i in range(0, 280, 40)]

    def run(users):
        with shop.cursor() as cur:
            return context.featurise(cur, features, rows(users))

    serial = [run(b) for b in batches]
    with ThreadPoolExecutor(max_workers=len(batches)) as pool:
        together = list(pool.map(run, batches * 3))
    for got, want in zip(together, serial * 3, strict=True):
        for name in want:
            np.testing.assert_array_equal(np.asarray(got[name]), np.asarray(want[name]))


def test_pair_features_built_once_and_the_same_each_call(shop):
    rfm = rfm_sql.attach(shop)
    vq = rfm.resolve(NEXT_ITEMS)
    with shop.cursor() as cur:
        features = pairs.pair_features(vq, rfm.graph, RunOptions(), None)
        first = pairs.featurise_pairs(cur, features, rows([1, 2, 3]))
        text = features.rows_sql
        again = pairs.featurise_pairs(cur, features, rows([1, 2, 3]))
    assert features.rows_sql is text and first.num_rows > 3
    assert first.sort_by([(ENTITY, "ascending"), ("CLASS", "ascending")]).equals(
        again.sort_by([(ENTITY, "ascending"), ("CLASS", "ascending")])
    )
