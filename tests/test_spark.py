"""The Spark backend (`rfm_sql.attach_spark`) against the DuckDB path, on pyspark in local mode: the same labels
row for row, the same predictions for the same seed, the same graph inferred from the same data."""

import json
import shutil

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import rfm_sql
import rfm_sql.spark
from rfm_sql import demo
from rfm_sql.errors import GraphError, UserError
from tests.conftest import shared_db

pyspark = pytest.importorskip("pyspark", reason="pyspark is not installed: pip install 'rfm-sql[spark]'")
pytest.importorskip("pandas", reason="pyspark's mapInArrow needs pandas: pip install 'rfm-sql[spark]'")
if shutil.which("java") is None:
    pytest.skip("Spark needs Java (17+) on PATH", allow_module_level=True)

DNF = (
    "PREDICT COUNT(results.* WHERE results.statusId != 1, 0, 30, days) > 0 FOR EACH drivers.driverId "
    "ASSUMING COUNT(results.*, 0, 30, days) > 0"
)


@pytest.fixture(scope="module")
def f1(spark):
    path = shared_db("f1")
    return rfm_sql.attach_spark_folder(spark, path), rfm_sql.attach_folder(duckdb.connect(), path, views=True)


def test_labels_at_the_test_anchors_equal_the_task_table_and_duckdb(f1):
    on_spark, on_duckdb = f1
    task = pq.read_table(shared_db("f1") / "tasks" / "driver-dnf" / "test.parquet")
    time_col, entity_col, label_col = task.column_names
    want = {(r[entity_col], r[time_col]): bool(r[label_col]) for r in task.to_pylist()}
    anchors = sorted({t for _, t in want})
    got = on_spark.labels(DNF, anchor_time=anchors)
    assert {(r["ENTITY"], r["ANCHOR_TIMESTAMP"]): r["TARGET"] for r in got.to_pylist()} == want
    assert got.to_pylist() == on_duckdb.labels(DNF, anchor_time=anchors).to_pylist()


@pytest.fixture(scope="module")
def shop(spark):
    con = duckdb.connect()
    demo.build(con, n_users=150, n_items=20)
    for (name,) in con.execute("SELECT table_name FROM duckdb_tables() ORDER BY 1").fetchall():
        spark.createDataFrame(con.table(name).to_arrow_table()).createOrReplaceTempView(name)
    names = ["users", "items", "orders", "reviews"]
    return rfm_sql.attach_spark(spark, tables=names), rfm_sql.attach(con)


def test_demo_graph_inferred_on_spark_matches_the_declared_one(shop):
    on_spark, on_duckdb = shop
    for name, table in on_duckdb.graph.tables.items():
        assert on_spark.graph.table(name).primary_key == table.primary_key
        assert on_spark.graph.table(name).time_column == table.time_column
    assert sorted(map(str, on_spark.graph.links)) == sorted(map(str, on_duckdb.graph.links))


def _same_predictions(got, want, tolerance=1e-6):
    """Spark's predictions against DuckDB's: the same rows in the same order, the same labels and classes, every
    number within `tolerance` (relative to its size, at least 1)."""
    assert got.column_names == want.column_names
    assert got.num_rows == want.num_rows > 0
    for name in got.column_names:
        a, b = got.column(name), want.column(name)
        if pa.types.is_floating(b.type):
            a, b = np.array(a, dtype=np.float64), np.array(b, dtype=np.float64)
            assert np.all(np.abs(a - b) <= tolerance * np.maximum(1.0, np.abs(b))), name
        else:
            assert a.to_pylist() == b.to_pylist(), name


def _same_labels(got, want):
    """Labels row for row; a DOUBLE target (a SUM or AVG over DOUBLE) to 1e-12, as both engines add its rows
    in their own order."""
    _same_predictions(got, want, tolerance=1e-12)


@pytest.mark.parametrize(
    "pql",
    [
        "PREDICT SUM(orders.amount, 0, 30, days) FOR EACH users.user_id",  # regression: DOUBLE sums and means
        "PREDICT COUNT(orders.*, 0, 30, days) > 0 FOR EACH users.user_id",  # binary
        "PREDICT users.segment FOR EACH users.user_id",  # multiclass
        # a static target on a child row: its earlier siblings' labels (running sums over time, compile.sibling_labels)
        "PREDICT orders.amount > 35 FOR orders.order_id IN (1, 2, 3, 50, 400)",
    ],
)
def test_demo_labels_and_predictions_equal_duckdb(shop, pql):
    on_spark, on_duckdb = shop
    anchor = "2024-03-01"
    _same_labels(on_spark.labels(pql, anchor_time=anchor), on_duckdb.labels(pql, anchor_time=anchor))
    _same_predictions(on_spark.predict(pql, seed=1), on_duckdb.predict(pql, seed=1))


def test_a_static_class_of_a_child_row_reads_its_earlier_siblings_alike_on_both_engines(shop):
    """The most frequent class of a row's earlier siblings: running counts and LAST_VALUE ... IGNORE NULLS."""
    pql = "PREDICT orders.quantity FOR orders.order_id IN (1, 2, 3, 50, 400)"
    try:
        for rfm in shop:
            rfm.graph.set_stype("orders", "quantity", "categorical")
        on_spark, on_duckdb = shop
        assert on_duckdb.resolve(pql).task_type.value == "multiclass"
        _same_labels(on_spark.labels(pql, anchor_time="2024-03-01"), on_duckdb.labels(pql, anchor_time="2024-03-01"))
        _same_predictions(on_spark.predict(pql, seed=1), on_duckdb.predict(pql, seed=1))
        for rfm in shop:  # without a time: every other row's classes, the greatest of those tied (ARG_MAX / MAX_BY)
            rfm.graph.set_time_column("orders", None)
        at = "2024-10-01"  # reviews then run on past every other table: an anchor inside the data
        _same_predictions(on_spark.predict(pql, anchor_time=at, seed=1), on_duckdb.predict(pql, anchor_time=at, seed=1))
    finally:
        for rfm in shop:
            rfm.graph.set_stype("orders", "quantity", "numerical")
            rfm.graph.set_time_column("orders", "ordered_at")


def test_listed_entities_and_a_sampled_context_are_the_same_on_both_engines(shop):
    on_spark, on_duckdb = shop
    pql = "PREDICT COUNT(orders.*, 0, 30, days) > 0 FOR EACH users.user_id"
    keys = [7, 3, 120, 45]
    # a context far smaller than the labelled rows, so the seeded hash sample (not every entity) picks the
    # context rows: both engines must pick the same ones
    assert on_duckdb.labels(pql, anchor_time="2024-01-01").num_rows > 40  # one past anchor alone outnumbers it
    got = on_spark.predict(pql, entities=keys, context_size=40, seed=2)
    _same_predictions(got, on_duckdb.predict(pql, entities=keys, context_size=40, seed=2))
    with pytest.raises(UserError, match="list keys that exist"):
        on_spark.predict(pql, entities=[1, 99999])
    with pytest.raises(UserError, match="1.5 cannot be one"):  # Spark's cast would truncate it to user 1
        on_spark.predict(pql, entities=[3, 1.5])


def test_a_backtest_on_spark_equals_duckdbs(shop):
    """Spark has no memory_limit setting: evaluate used to fail asking for DuckDB's before any work."""
    on_spark, on_duckdb = shop
    pql = "PREDICT SUM(orders.amount, 0, 30, days) FOR EACH users.user_id"
    got = on_spark.evaluate(pql, anchor_time="2024-06-01", context_size=200, seed=1)
    want = on_duckdb.evaluate(pql, anchor_time="2024-06-01", context_size=200, seed=1)
    assert got.n == want.n > 0
    assert got.metrics == pytest.approx(want.metrics, rel=1e-6)
    assert set(got.baselines) == set(want.baselines) == {"entity_mean", "last_value", "global"}
    for name in want.baselines:
        assert got.baselines[name] == pytest.approx(want.baselines[name], rel=1e-6)
    means = on_spark.evaluate(pql, anchor_time="2024-06-01", context_size=200, seed=1, point="mean")
    want = on_duckdb.evaluate(pql, anchor_time="2024-06-01", context_size=200, seed=1, point="mean")
    assert means.metrics == pytest.approx(want.metrics, rel=1e-6) and means.metrics != got.metrics
    # a static class target: (entity, class) pairs in folds, on both engines
    pql = "PREDICT users.segment FOR EACH users.user_id"
    got = on_spark.evaluate(pql, context_size=200, seed=1)
    want = on_duckdb.evaluate(pql, context_size=200, seed=1)
    assert got.n == want.n > 0
    assert got.metrics == pytest.approx(want.metrics, rel=1e-6) and "accuracy" in got.metrics


def test_user_mistakes_raise_user_errors(shop):
    on_spark, _ = shop
    with pytest.raises(UserError, match="SparkSession"):
        rfm_sql.attach_spark(duckdb.connect())
    with pytest.raises(UserError, match="does not run FORECAST"):
        on_spark.predict("PREDICT SUM(orders.amount, 0, 7, days) FORECAST 3 TIMEFRAMES FOR EACH users.user_id")
    with pytest.raises(UserError, match="over a time window .* rfm_sql.attach"):  # scored over pairs on DuckDB
        on_spark.predict("PREDICT FIRST(orders.item_id, 0, 30, days) FOR EACH users.user_id")
    with pytest.raises(UserError, match="Spark has no table"):
        rfm_sql.attach_spark(on_spark.spark, tables=["no_such_table"])


def test_load_folder_never_replaces_a_view_the_session_has(spark, tmp_path):
    """Loading a folder twice is harmless; a name the session already uses for something else is refused before
    any view is created, and the user's view still reads what it read."""
    folder = tmp_path / "tiny"
    folder.mkdir()
    with duckdb.connect() as con:
        for name in ("tiny_users", "tiny_orders"):
            rows = f"SELECT range AS {name}_id, range % 3 AS user_id FROM range(6)"
            con.execute(f"COPY ({rows}) TO '{folder / name}.parquet'")
    tables = {"tiny_users": {"pkey": "tiny_users_id"}, "tiny_orders": {"pkey": "tiny_orders_id"}}
    (folder / "schema.json").write_text(json.dumps({"tables": tables}))
    rfm_sql.spark.load_folder(spark, folder)
    rfm_sql.spark.load_folder(spark, folder)  # the same views over the same files
    assert spark.table("tiny_users").count() == 6
    spark.catalog.dropTempView("tiny_orders")
    spark.createDataFrame([(1,)], ["mine"]).createOrReplaceTempView("tiny_orders")
    spark.catalog.dropTempView("tiny_users")
    with pytest.raises(GraphError, match=r"already has 'tiny_orders'.*nothing was loaded"):
        rfm_sql.spark.load_folder(spark, folder)
    assert spark.table("tiny_orders").columns == ["mine"]
    assert not spark.catalog.tableExists("tiny_users")  # nothing half-loaded
    spark.catalog.dropTempView("tiny_orders")
