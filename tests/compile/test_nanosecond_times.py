"""A TIMESTAMP_NS time column: a row less than a microsecond after the anchor is after it, for features as for
labels (a CAST to TIMESTAMP rounds to the nearest microsecond and had put it in the anchor's history)."""

import duckdb
import pytest

import rfm_sql
from rfm_sql.compile.sqlutil import time_of
from rfm_sql.graph.model import Column, SType, Table

ANCHOR = "2024-04-01"
QUERY = "PREDICT COUNT(orders.*, 0, 30, days) FOR EACH users.user_id"


def _shop(late_order: bool):
    con = duckdb.connect()
    con.execute("CREATE TABLE users (user_id INT PRIMARY KEY, age INT)")
    con.execute(
        "CREATE TABLE orders (order_id INT PRIMARY KEY, user_id INT REFERENCES users (user_id), "
        "ordered_at TIMESTAMP_NS, amount DOUBLE)"
    )
    con.execute("INSERT INTO users SELECT i, 20 + i % 40 FROM range(1, 201) t(i)")
    con.execute(
        "INSERT INTO orders SELECT i, 1 + i % 200, TIMESTAMP '2024-01-01' + INTERVAL (i % 120) DAY, i % 17 "
        "FROM range(1, 3001) t(i)"
    )
    if late_order:  # 400 ns after the anchor: the future, however close
        con.execute("INSERT INTO orders VALUES (10001, 1, TIMESTAMP_NS '2024-04-01 00:00:00.000000400', 99.0)")
    return rfm_sql.attach(con)


def test_a_row_just_after_the_anchor_changes_no_prediction_at_it():
    with_it = _shop(True).predict(QUERY, anchor_time=ANCHOR, context_size=100).to_pylist()
    without = _shop(False).predict(QUERY, anchor_time=ANCHOR, context_size=100).to_pylist()
    assert with_it == without
    labels = _shop(True).labels("PREDICT COUNT(orders.*, 0, 1, days) FOR users.user_id = 1", anchor_time=ANCHOR)
    assert labels.column("TARGET").to_pylist() == [1]  # the label's window holds it


@pytest.mark.parametrize(
    "value, expected",
    [
        ("2024-04-01 00:00:00.000000400", "2024-04-01 00:00:00.000001"),  # up, not to the nearest
        ("2024-04-01 00:00:00.000000000", "2024-04-01 00:00:00"),  # a whole microsecond stays
        ("1960-01-01 00:00:00.000000400", "1960-01-01 00:00:00.000001"),  # before 1970 too
        ("1960-01-01 00:00:00.999999600", "1960-01-01 00:00:01"),
    ],
)
def test_nanoseconds_are_rounded_up_to_the_microsecond(value, expected):
    con = duckdb.connect()
    con.execute(f"CREATE TABLE f AS SELECT TIMESTAMP_NS '{value}' AS t")
    table = Table("f", (Column("t", "TIMESTAMP_NS", SType.TIMESTAMP),), time_column="t")
    sql = time_of(table, "t", "f").sql("duckdb")
    got = con.execute(f"SELECT CAST({sql} AS VARCHAR) = CAST(TIMESTAMP '{expected}' AS VARCHAR) FROM f").fetchall()
    assert got == [(True,)]
