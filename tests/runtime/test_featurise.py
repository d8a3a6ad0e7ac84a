"""Features of registered rows: one query's SQL text is built once and serves every call, from any cursor and
thread, in the rows' order (runtime.context.featurise, runtime.pairs.featurise_pairs); a backtest's context and query
rows in one statement (featurise_with, featurise_pairs_with)."""

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


def _assert_same_columns(got: dict, want: dict):
    """Equal columns; floats to the last bits, which DuckDB's parallel sums may order differently per call."""
    assert list(got) == list(want)
    for name in want:
        a, b = np.asarray(got[name]), np.asarray(want[name])
        if a.dtype.kind == "f":
            np.testing.assert_allclose(a, b, rtol=1e-12, atol=0)
        else:
            np.testing.assert_array_equal(a, b)


def test_context_and_query_rows_in_one_pass_as_in_two(shop):
    """A backtest featurises its context and its query rows in one statement; each gets what its own would."""
    rfm = rfm_sql.attach(shop)
    features = context.feature_query(rfm.resolve(SPEND), rfm.graph)
    past = pa.concat_tables([rows([1, 2, 3, 2], dt.datetime(2024, 10, 1)), rows([4, 1], dt.datetime(2024, 11, 1))])
    query = rows([3, 1, 7, 3]).append_column("TARGET", pa.array([1.0, 2.0, 3.0, 4.0]))  # a repeated row too
    with shop.cursor() as cur:
        together = context.featurise_with(cur, features, past, query)
        alone = context.featurise(cur, features, past), context.featurise(cur, features, query)
        assert context.featurise_with(cur, features, past, None)[1] is None
    _assert_same_columns(together[0], alone[0])
    _assert_same_columns(together[1], alone[1])


def test_context_and_query_pairs_in_one_pass_as_in_two(shop):
    rfm = rfm_sql.attach(shop)
    vq = rfm.resolve(NEXT_ITEMS)
    order = [(ENTITY, "ascending"), (ANCHOR, "ascending"), ("CLASS", "ascending")]
    past = pa.concat_tables([rows([1, 2, 3], dt.datetime(2024, 10, 1)), rows([1, 4], dt.datetime(2024, 11, 1))])
    for query in (rows([1, 5, 2]), rows([4, 6], dt.datetime(2024, 11, 1))):  # the second shares a row: two passes
        with shop.cursor() as cur:
            features = pairs.pair_features(vq, rfm.graph, RunOptions(), None)
            ctx, asked = pairs.featurise_pairs_with(cur, features, past, query)
            want_ctx, want_asked = pairs.featurise_pairs(cur, features, past), pairs.featurise_pairs(cur, features, query)
        assert asked.num_rows > 0 and ctx.num_rows > 0
        # the context's pairs in their own order (its sampling is seeded on it), the query's as a set
        assert ctx.column_names == want_ctx.column_names and asked.column_names == want_asked.column_names
        _assert_same_columns(_numpy(ctx), _numpy(want_ctx))
        _assert_same_columns(_numpy(asked.sort_by(order)), _numpy(want_asked.sort_by(order)))


def _numpy(table: pa.Table) -> dict:
    return {name: table.column(name).to_numpy(zero_copy_only=False) for name in table.column_names}
