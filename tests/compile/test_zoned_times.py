"""A TIMESTAMPTZ column compared with a timestamp the query writes (read as UTC, PQL.md) gives the same labels
whatever DuckDB's TimeZone is: in the entity filter, the target and a target filter."""

import duckdb
import pytest

import rfm_sql

QUERIES = {
    "PREDICT COUNT(orders.*, 0, 30, days) FOR EACH users.user_id WHERE users.signup_at > 2024-01-10 12:00:00": [(1, 1)],
    "PREDICT COUNT(orders.*, 0, 30, days) FOR EACH users.user_id "
    "WHERE LAST(orders.ordered_at, -INF, 0, days) > 2024-03-25 12:00:00": [(1, 1)],
    "PREDICT MAX(orders.ordered_at, 0, 30, days) > 2024-04-15 06:00:00 FOR EACH users.user_id": [(1, True), (2, True)],
    "PREDICT LIST_DISTINCT(orders.ordered_at, 0, 30, days) CONTAINS 2024-04-15 08:00:00 FOR EACH users.user_id": [
        (1, True),
        (2, False),
    ],
    "PREDICT COUNT(orders.* WHERE orders.ordered_at > 2024-04-15 07:00:00, 0, 30, days) FOR EACH users.user_id": [
        (1, 1),
        (2, 1),
    ],
}


@pytest.mark.parametrize("zone", ["UTC", "America/New_York", "Asia/Tokyo"])
def test_labels_of_zoned_times_do_not_depend_on_the_time_zone_setting(zone):
    con = duckdb.connect()
    con.execute(f"SET GLOBAL TimeZone = '{zone}'")  # what rfm_sql's own cursors start with, as the machine's zone
    con.execute("CREATE TABLE users (user_id INT PRIMARY KEY, signup_at TIMESTAMPTZ)")
    con.execute(
        "CREATE TABLE orders (order_id INT PRIMARY KEY, user_id INT REFERENCES users (user_id), ordered_at TIMESTAMPTZ)"
    )
    con.execute("INSERT INTO users VALUES (1, '2024-01-10 14:00:00+00'), (2, '2024-01-01 00:00:00+00')")
    con.execute(
        "INSERT INTO orders VALUES (1, 1, '2024-03-25 14:00:00+00'), (2, 2, '2024-03-01 00:00:00+00'), "
        "(3, 1, '2024-04-15 08:00:00+00'), (4, 2, '2024-04-20 00:00:00+00')"
    )
    rfm = rfm_sql.attach(con)
    for query, expected in QUERIES.items():
        rows = rfm.labels(query, anchor_time="2024-04-01").to_pylist()
        assert sorted((r["ENTITY"], r["TARGET"]) for r in rows) == expected, query
        sql = con.sql(f"SELECT ENTITY, TARGET FROM rfm_labels('{query}', anchor_time := TIMESTAMP '2024-04-01')")
        assert sorted(sql.fetchall()) == expected, query
