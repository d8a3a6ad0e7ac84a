"""A database whose tables live in another schema (USE s) or another attached database: rfm_sql's cursors start
in main, so they used to read main's tables of the same names (silently wrong labels) or none at all."""

import duckdb
import pytest

import rfm_sql
from rfm_sql import demo

COUNT = "PREDICT COUNT(orders.*, 0, 30, days) FOR EACH users.user_id"


@pytest.fixture
def two_schemas():
    con = duckdb.connect()
    demo.build(con, n_users=200, n_items=30)
    con.execute("CREATE SCHEMA s; USE s")
    for name in ("users", "items", "reviews"):
        con.execute(f"CREATE TABLE {name} AS FROM main.{name}")
    con.execute("CREATE TABLE orders AS FROM main.orders WHERE user_id % 2 = 0")  # odd users never order in s
    yield con
    con.close()


def test_labels_and_predictions_read_the_schema_the_graph_was_built_from(two_schemas):
    rfm = rfm_sql.attach(two_schemas)
    python = rfm.labels(COUNT, anchor_time="2024-06-01")
    assert python.num_rows and not [r for r in python.to_pylist() if r["ENTITY"] % 2 and r["TARGET"]]
    sql = two_schemas.sql(f"SELECT * FROM rfm_labels('{COUNT}', anchor_time := '2024-06-01') ORDER BY ALL")
    assert sql.fetchall() == sorted(tuple(r.values()) for r in python.to_pylist())
    assert rfm.predict(COUNT, context_size=60).num_rows == 200
    assert two_schemas.sql(f"SELECT COUNT(*) FROM rfm_predict('{COUNT}', context_size := 60)").fetchall() == [(200,)]


def test_an_attached_database_in_use_works_from_python_and_sql():
    con = duckdb.connect()
    con.execute("ATTACH ':memory:' AS other")
    con.execute("USE other")
    demo.build(con, n_users=100, n_items=20)
    rfm = rfm_sql.attach(con)
    assert rfm.predict(COUNT, context_size=40).num_rows == 100
    assert con.sql(f"SELECT COUNT(*) FROM rfm_predict('{COUNT}', context_size := 40)").fetchall() == [(100,)]


def test_sql_from_a_cursor_still_in_main_reads_the_graphs_schema(two_schemas):
    """The SQL the macros hand back runs on the caller's cursor, which starts in main: its tables are qualified."""
    rfm = rfm_sql.attach(two_schemas)
    query = "PREDICT COUNT(orders.*, 0, 30, days) > 0 FOR EACH users.user_id"
    python = {r["ENTITY"]: r["True_PROB"] for r in rfm.predict(query, context_size=60).to_pylist()}
    with two_schemas.cursor() as cur:
        sql = dict(
            cur.sql(f"SELECT ENTITY, True_PROB FROM rfm_sql.rfm_predict('{query}', context_size := 60)").fetchall()
        )
    assert sql.keys() == python.keys() and max(abs(sql[k] - python[k]) for k in python) < 1e-6
