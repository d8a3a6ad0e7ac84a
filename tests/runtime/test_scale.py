"""Scale: entity lists as key tables, batched scoring equal to the UDF path, memory sized before any work."""

import datetime as dt
import os

import duckdb
import numpy as np
import pyarrow as pa
import pytest

import rfm_sql
from rfm_sql.compile.sqlutil import to_sql
from rfm_sql.demo import build
from rfm_sql.errors import UserError
from rfm_sql.runtime import batches, budget, keyset
from rfm_sql.runtime.model import query_part, score, score_chunked
from rfm_sql.runtime.options import RunOptions

CHURN = "PREDICT COUNT(orders.*, 0, 30, days) = 0 FOR EACH users.user_id"
SPEND = "PREDICT SUM(orders.amount, 0, 30, days) FOR EACH users.user_id"


@pytest.fixture(scope="module")
def rfm():
    con = duckdb.connect()
    build(con, n_users=3000, n_items=40)
    return rfm_sql.attach(con)


def test_key_table_keeps_order_casts_and_lives_outside_the_users_database(rfm):
    cur = rfm.con.cursor()
    name = keyset.key_relation(cur, [3, "1", 2], "BIGINT")
    rows = rfm.con.sql(f"SELECT * FROM {to_sql(name)} ORDER BY POSITION").fetchall()
    assert rows == [(3, 0), (1, 1), (2, 2)]
    assert name.catalog == keyset.SCRATCH_CATALOG
    assert keyset.key_relation(cur, [3, "1", 2], "BIGINT") == name  # the same list binds to the same table
    user_tables = rfm.con.sql("SELECT table_name FROM duckdb_tables() WHERE database_name = current_database()")
    assert not any(t.startswith("rfm_keys") for (t,) in user_tables.fetchall())


def test_only_the_newest_key_tables_are_kept_once_old(rfm, monkeypatch):
    def key_tables() -> int:
        return rfm.con.sql(
            "SELECT COUNT(*) FROM duckdb_tables() WHERE database_name = 'rfm_sql' "
            "AND starts_with(table_name, 'rfm_keys_')"
        ).fetchall()[0][0]

    cur = rfm.con.cursor()
    before = key_tables()
    for i in range(keyset.KEEP + 5):
        keyset.key_relation(cur, [10_000 + i], "BIGINT")
    assert key_tables() == before + keyset.KEEP + 5  # young: a query built from any of them may still run
    monkeypatch.setattr(keyset, "MAX_AGE", dt.timedelta(0))
    keyset.key_relation(cur, [20_000], "BIGINT")
    assert key_tables() == keyset.KEEP


def test_a_key_of_the_wrong_type_is_a_user_error(rfm):
    with pytest.raises(UserError, match="primary key's type INTEGER") as info:
        rfm.predict(CHURN, entities=["not a number"])
    assert info.value.param == "entities"


def test_missing_listed_keys_are_named_in_list_order(rfm):
    with pytest.raises(UserError, match=r"2 of the 4 listed keys are not a users\.user_id: 99999, 88888"):
        rfm.predict(CHURN, entities=[1, 99999, 2, 88888])


def test_sql_for_many_entities_does_not_grow_with_them(rfm):
    cur = rfm.con.cursor()
    vq = rfm.resolve(CHURN)
    anchor = rfm_sql.runtime.anchors.resolve_anchor(cur, vq, rfm.graph)
    options = RunOptions(context_size=100)
    sizes = [
        len(
            rfm_sql.runtime.predict.compile_predict(
                cur, vq, rfm.graph, anchor, options, rfm.model, rfm.handles, "f", keys
            )
        )
        for keys in ([1, 2], list(range(1, 3001)))
    ]
    assert sizes[0] == sizes[1]  # the keys travel as a table: the SQL text is the same size for 2 or 3,000


def test_batched_predictions_equal_the_udf_path_bit_for_bit(rfm):
    for query in (CHURN, SPEND):
        python = rfm.predict(query, context_size=300, seed=3)
        sql = rfm.con.sql("SELECT * FROM rfm_predict(?, context_size := 300, seed := 3)", params=[query])
        assert python.num_rows > 2048  # crosses DuckDB's vector size and the batch size
        assert python.equals(sql.to_arrow_table())
    listed = rfm.predict(CHURN, entities=[7, 5, 2999], context_size=300, seed=3)
    assert listed.column("ENTITY").to_pylist() == [5, 7, 2999]


def test_chunked_scoring_equals_one_call(rfm):
    cur = rfm.con.cursor()
    vq = rfm.resolve(SPEND)
    anchor = rfm_sql.runtime.anchors.resolve_anchor(cur, vq, rfm.graph)
    handle = rfm_sql.runtime.predict.prepared_handle(cur, vq, rfm.graph, anchor, RunOptions(), rfm.model, rfm.handles)
    prepared = rfm.handles.get(handle).prepared
    episode = prepared.encoder.episode(prepared.context_columns)
    whole = score(rfm.model, episode)
    for chunk, workers in ((64, 1), (100, 2)):
        parts = score_chunked(rfm.model, episode, chunk, workers)
        assert np.array_equal(parts[0], whole[0]) and np.array_equal(parts[1], whole[1])
    # a row scored alone takes ONNX Runtime's one-row kernel (1e-7 apart) unless repeated to MIN_QUERY_ROWS: a
    # DuckDB chunk of one row, which threads decide, moved medians beside an atom between 0 and a sale's value
    dist = rfm.model.predict(episode)
    alone = np.concatenate([rfm.model.predict(query_part(episode, slice(i, i + 1))) for i in range(40)])
    assert np.array_equal(alone, dist[:40])


def test_rebatch_gives_exact_sizes():
    table = pa.table({"x": list(range(10))})
    reader = pa.RecordBatchReader.from_batches(table.schema, table.to_batches(max_chunksize=3))
    sizes = [t.num_rows for t in batches.rebatch(reader, 4)]
    assert sizes == [4, 4, 2]


def test_model_memory_estimate_grows_with_context_chunk_and_features():
    assert budget.model_bytes(1000, 2048) < budget.model_bytes(1000, 4096) < budget.model_bytes(5000, 4096)
    assert budget.model_bytes(1000, 512, 2) > budget.model_bytes(1000, 512, 1)
    assert budget.model_bytes(1000, 512, 2, features=23) < budget.model_bytes(1000, 512, 2)  # trimmed slots
    # the context stage runs once, before the chunks: a large context costs its own stage, not every call's
    assert budget.model_bytes(8000, 128) == budget.model_bytes(8000, 128, 2)


def test_chunks_fit_the_memory_limit():
    con = duckdb.connect()
    con.execute("SET memory_limit = '1GB'")
    chunk, calls = budget.plan_chunks(con, 1000)
    assert budget.model_bytes(1000, chunk, calls) <= 10**9
    con.execute("SET memory_limit = '8GB'")
    assert budget.plan_chunks(con, 1000, target=8 * 10**9)[0] > chunk  # more memory, larger calls
    cores = max(1, min(os.cpu_count() or 1, 8))
    assert budget.plan_chunks(con, 1000, 23) == (budget.CHUNKS[0], cores)  # a call per core, each the largest


def test_a_context_that_cannot_fit_is_refused_before_any_work(rfm, monkeypatch):
    calls = []
    original = rfm_sql.runtime.plan.make_plan
    monkeypatch.setattr(rfm_sql.runtime.plan, "make_plan", lambda *a, **k: calls.append(1) or original(*a, **k))
    cur = rfm.con.cursor()
    cur.execute("SET memory_limit = '2GB'")
    try:
        with pytest.raises(UserError, match="context_size=") as info:
            rfm.predict(CHURN, context_size=50_000)
        assert info.value.param == "context_size"
        with pytest.raises(UserError, match="memory_limit"):
            rfm.evaluate(CHURN, context_size=50_000)
        with pytest.raises(duckdb.Error, match="memory_limit"):
            rfm.con.sql("SELECT * FROM rfm_predict(?, context_size := 50000)", params=[CHURN]).fetchall()
        assert calls == []  # no plan, no SQL over the data
        rfm.predict(CHURN, context_size=1000, entities=[1])  # what fits still runs
        assert calls
    finally:
        cur.execute("RESET memory_limit")


def test_the_sql_paths_run_the_context_stage_once_per_prepared_query(rfm):
    """DuckDB calls rfm_infer once per 2,048-row chunk, and the per-row form once per row: every call reuses the
    prepared context's states (runtime.model.ContextStates), computed on the first."""
    states = rfm.model.states
    before = states.computed
    table = rfm.con.sql("SELECT * FROM rfm_predict(?, seed := 4711)", params=[CHURN]).fetchall()
    assert len(table) >= 3000 and states.computed == before + 1
    rows = rfm.con.sql(
        "SELECT user_id, rfm_predict(?, user_id, seed := 4711) FROM users WHERE user_id <= 5", params=[CHURN]
    ).fetchall()
    assert len(rows) == 5 and states.computed == before + 1
