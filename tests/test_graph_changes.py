"""Tables recreated with other columns after attach (a notebook's CREATE OR REPLACE, a dbt model rebuilt on the
same connection) are read as they are now: no DuckDB Binder Error for a dropped column, new columns read, the
same predictions as a fresh attach, and fixes made by hand kept for the columns that remain."""

from __future__ import annotations

import duckdb
import pytest

import rfm_sql
from rfm_sql.errors import RFMError, RFMWarning

QUERY = "PREDICT COUNT(orders.*, 0, 30, days) FOR EACH users.user_id"


@pytest.fixture
def con():
    c = duckdb.connect()
    c.execute(
        "CREATE TABLE users AS SELECT i AS user_id, (i % 3)::VARCHAR AS tier, i * 1.5 AS age FROM range(300) t(i)"
    )
    c.execute(
        "CREATE TABLE orders AS SELECT i AS order_id, i % 300 AS user_id, "
        "TIMESTAMP '2024-01-01' + INTERVAL (i % 360) DAY AS t, (i % 7) * 1.0 AS amount FROM range(6000) t(i)"
    )
    yield c
    c.close()


def test_a_recreated_table_is_read_as_it_is_now(con):
    rfm = rfm_sql.attach(con)
    rfm.register_sql()
    rfm.predict(QUERY)
    con.execute("CREATE OR REPLACE TABLE users AS SELECT user_id, tier, (user_id % 5) * 2.0 AS score FROM users")
    with pytest.warns(RFMWarning, match=r"users has other columns .*gone or retyped: age; new: score"):
        sql = con.sql("SELECT * FROM rfm_predict(?)", params=[QUERY]).to_arrow_table()  # was a Binder Error
    assert rfm.graph.table("users").column_names == ("user_id", "tier", "score")
    fresh = rfm_sql.attach(con).predict(QUERY)
    assert sql.column("TARGET_PRED").to_pylist() == fresh.column("TARGET_PRED").to_pylist()
    assert rfm.predict(QUERY).column("TARGET_PRED").to_pylist() == fresh.column("TARGET_PRED").to_pylist()


def test_a_link_through_a_dropped_column_goes_with_a_clear_error(con):
    rfm = rfm_sql.attach(con)
    assert [str(lk) for lk in rfm.graph.links] == ["orders.user_id -> users"]
    con.execute("CREATE OR REPLACE TABLE orders AS SELECT order_id, t, amount FROM orders")
    with pytest.warns(RFMWarning, match="links dropped: orders.user_id -> users"), pytest.raises(RFMError) as e:
        rfm.predict(QUERY)
    assert "Binder Error" not in str(e.value) and "orders" in str(e.value)
    assert rfm.graph.links == []


def test_fixes_made_by_hand_stay_for_the_columns_that_remain(con):
    rfm = rfm_sql.attach(con)
    rfm.graph.set_stype("users", "age", "categorical")
    rfm.graph.set_time_column("orders", None)
    rfm.graph.set_time_column("orders", "t")
    con.execute("CREATE OR REPLACE TABLE users AS SELECT *, 1 AS extra FROM users")
    with pytest.warns(RFMWarning, match="new: extra"):
        rfm.resolve(QUERY)
    assert str(rfm.graph.table("users").column("age").stype.value) == "categorical"
    assert rfm.graph.table("users").primary_key == "user_id"
    assert [str(lk) for lk in rfm.graph.links] == ["orders.user_id -> users"]


def test_a_graph_made_by_hand_is_left_as_given(con):
    graph = rfm_sql.attach(con).graph
    graph.source = None  # as a graph built by hand has no database to read from
    rfm = rfm_sql.RFM(con, graph=graph)
    con.execute("CREATE OR REPLACE TABLE users AS SELECT *, 1 AS extra FROM users")
    rfm.resolve(QUERY)
    assert "extra" not in rfm.graph.table("users").column_names
