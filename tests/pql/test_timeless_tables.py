"""Aggregating a table without a time column: the message names the fix the schema allows, and the fix works."""

import duckdb
import pytest

import rfm_sql
from rfm_sql.errors import PQLError


@pytest.fixture
def con():
    c = duckdb.connect()
    c.execute("CREATE TABLE products AS SELECT range + 1 AS product_id, 'p' || range AS name FROM range(30)")
    c.execute(
        "CREATE TABLE orders AS SELECT range + 1 AS order_id, "
        "TIMESTAMP '2024-01-01' + INTERVAL (range * 3) HOUR AS ordered_at FROM range(2000)"
    )
    c.execute(  # a line table: composite key, no time of its own
        "CREATE TABLE order_lines AS SELECT o.order_id, l.range AS line_no, 1 + (o.order_id * 7 + l.range) % 30 "
        "AS product_id, 1 + l.range AS qty FROM orders o, range(2) l"
    )
    yield c
    c.close()


def test_a_line_table_gets_a_view_that_borrows_its_parents_time(con):
    query = "PREDICT SUM(order_lines.qty, 0, 30, days) FOR EACH products.product_id"
    rfm = rfm_sql.attach(con)
    with pytest.raises(PQLError, match="happen when the orders row they belong to does") as info:
        rfm.predict(query)
    create = str(info.value).split("Give them its time: ")[1].split("; then")[0]
    assert create.startswith("CREATE VIEW order_lines_timed AS SELECT c.*, p.ordered_at FROM order_lines")
    con.execute(create)
    rfm = rfm_sql.attach(con)
    out = rfm.predict(query.replace("order_lines", "order_lines_timed"), context_size=100)
    assert out.num_rows == 30


def test_a_time_column_inference_passed_over_is_named(con):
    con.execute(
        "CREATE TABLE visits AS SELECT order_id % 30 + 1 AS product_id, DATE '2000-01-01' AS birth_date FROM orders"
    )
    rfm = rfm_sql.attach(con)
    assert rfm.graph.tables["visits"].time_column is None
    with pytest.raises(PQLError, match=r'set_time_column\("visits", "birth_date"\) \(its time columns: birth_date\)'):
        rfm.predict("PREDICT COUNT(visits.*, 0, 30, days) FOR EACH products.product_id")


def test_a_window_that_cuts_days_over_dates_is_refused(con):
    # over a DATE column, (0, 12, hours) counted a day's rows or none by the anchor's hour: 0 at every midnight
    con.execute(
        "CREATE TABLE visits AS SELECT order_id % 30 + 1 AS product_id, CAST(ordered_at AS DATE) AS visited_on FROM orders"
    )
    rfm = rfm_sql.attach(con)
    assert rfm.graph.tables["visits"].time_column == "visited_on"
    with pytest.raises(PQLError, match=r"visits\.visited_on holds dates .* in whole days, e.g. \(0, 1, days\)"):
        rfm.predict("PREDICT COUNT(visits.*, 0, 12, hours) FOR EACH products.product_id")
    for window in ("0, 48, hours", "0, 2, days"):  # whole days read the same either way
        assert rfm.labels(f"PREDICT COUNT(visits.*, {window}) FOR EACH products.product_id", "2024-03-01").num_rows


@pytest.mark.parametrize(
    "dtype, values, fix",
    [
        ("BIGINT", "epoch(t)::BIGINT", 'set_time_column("events", "event_time", unit="s")'),
        ("VARCHAR", "CAST(t AS VARCHAR)", "ELSE TRY_CAST(event_time AS TIMESTAMP) END AS event_time_ts"),
        ("DOUBLE", "epoch(t)", "TO_TIMESTAMP(event_time) AS event_time_ts"),
    ],
)
def test_a_time_held_in_another_type_gets_the_fix_that_reads_it(dtype, values, fix):
    """An epoch column with one placeholder (0) is not taken as the time, nor is a text or a DOUBLE epoch: the
    message says how to read it as one (not a view borrowing the parent's time, which gave all-zero labels),
    and the fix gives the labels of the data."""
    con = duckdb.connect()
    con.execute("CREATE TABLE users (user_id INT PRIMARY KEY, signup_at TIMESTAMP)")
    con.execute("INSERT INTO users SELECT range, TIMESTAMP '2024-01-01' FROM range(1, 11)")
    con.execute(
        f"CREATE TABLE events AS SELECT range AS event_id, 1 + range % 10 AS user_id, {values} AS event_time "
        "FROM (SELECT range, TIMESTAMP '2024-01-01' + INTERVAL (range * 10) HOUR AS t FROM range(1, 500))"
    )
    if dtype == "BIGINT":
        con.execute("UPDATE events SET event_time = 0 WHERE event_id = 1")
    query = "PREDICT COUNT(events.*, 0, 30, days) FOR EACH users.user_id"
    with pytest.raises(PQLError, match="no time column") as info:
        rfm_sql.attach(con).labels(query, anchor_time="2024-01-15")
    assert fix in str(info.value)
    if dtype == "BIGINT":
        rfm = rfm_sql.attach(con)
        rfm.graph.set_time_column("events", "event_time", unit="s")
    else:
        con.execute(str(info.value).split("e.g. ")[1].split(";")[0])
        rfm, query = rfm_sql.attach(con), query.replace("events", "events_timed")
    labels = rfm.labels(query, anchor_time="2024-01-15").to_pylist()
    assert sum(r["TARGET"] for r in labels) == 72  # the events of the 30 days after the anchor, 10 hours apart


def test_an_epoch_time_compared_with_a_timestamp_gets_the_number_to_write():
    con = duckdb.connect()
    con.execute("CREATE TABLE users (user_id INT PRIMARY KEY, signup_at BIGINT)")
    con.execute(
        "INSERT INTO users SELECT range, 1704067200 + range * 86400 FROM range(1, 11)"
    )  # user i: 2024-01-01 + i days
    con.execute(
        "CREATE TABLE orders AS SELECT range AS order_id, 1 + range % 10 AS user_id, 1704067200 + range * 3600 "
        "AS ordered_at FROM range(1, 500)"
    )
    rfm = rfm_sql.attach(con)
    assert rfm.graph.table("users").column("signup_at").unit == "s"
    query = "PREDICT COUNT(orders.*, 0, 7, days) FOR EACH users.user_id WHERE users.signup_at > 2024-01-05"
    with pytest.raises(PQLError, match=r"users.signup_at holds seconds since 1970 .*: 1704412800 is 2024-01-05"):
        rfm.labels(query, anchor_time="2024-01-10")
    counted = "PREDICT COUNT(orders.*, 0, 7, days) FOR EACH users.user_id WHERE COUNT(orders.ordered_at, -7, 0, days) > 2024-01-05"
    with pytest.raises(PQLError, match="The left side is a number, but 2024-01-05 00:00:00 is a timestamp"):
        rfm.labels(counted, anchor_time="2024-01-10")  # a count of times is no time: no epoch number to offer
    fixed = rfm.labels(query.replace("2024-01-05", "1704412800"), anchor_time="2024-01-10").to_pylist()
    assert sorted(r["ENTITY"] for r in fixed) == [5, 6, 7, 8, 9]  # signed up after 2024-01-05, by the anchor


def test_the_suggested_view_quotes_a_reserved_table_name():
    con = duckdb.connect()
    con.execute("CREATE TABLE users (user_id INT PRIMARY KEY, signup_at TIMESTAMP)")
    con.execute("INSERT INTO users SELECT range, TIMESTAMP '2024-01-01' FROM range(1, 11)")
    con.execute(
        'CREATE TABLE "order" AS SELECT range AS order_id, 1 + range % 10 AS user_id, '
        "CAST(TIMESTAMP '2024-01-01' + INTERVAL (range * 10) HOUR AS VARCHAR) AS ordered_at FROM range(1, 500)"
    )
    with pytest.raises(PQLError, match="no time column") as info:
        rfm_sql.attach(con).labels("PREDICT COUNT(order.*, 0, 30, days) FOR EACH users.user_id", "2024-01-15")
    con.execute(str(info.value).split("e.g. ")[1].split("; and name")[0])
    assert con.sql("SELECT COUNT(ordered_at_ts) FROM order_timed").fetchall()[0][0] == 499


@pytest.mark.parametrize("zone", ["UTC", "America/New_York"])
def test_the_suggested_view_reads_iso_offsets_as_the_instant_they_name(zone):
    """A text time with an offset (09:00+01:00) is 08:00 UTC: a TRY_CAST to TIMESTAMP had dropped the offset.
    Text without one is read as written, whatever the session's TimeZone; a bare date's "-31" is no offset."""
    con = duckdb.connect()
    con.execute(f"SET GLOBAL TimeZone = '{zone}'")
    con.execute("CREATE TABLE users (user_id INT PRIMARY KEY, signup_at TIMESTAMP)")
    con.execute("INSERT INTO users VALUES (1, TIMESTAMP '2024-01-01')")
    texts = ["2024-03-01T09:00:00+01:00", "2024-03-01T09:00:00Z", "2024-03-01 09:00:00", "2024-03-01 09:00:00-0500"]
    texts += ["2024-01-31", "not a time"]
    rows = ", ".join(f"({i}, 1, '{t}')" for i, t in enumerate(texts))
    con.execute(f"CREATE TABLE events AS SELECT * FROM (VALUES {rows}) v(event_id, user_id, event_time)")
    with pytest.raises(PQLError, match="no time column") as info:
        rfm_sql.attach(con).labels("PREDICT COUNT(events.*, 0, 30, days) FOR EACH users.user_id", "2024-01-15")
    con.execute(str(info.value).split("e.g. ")[1].split("; and name")[0])
    got = [
        r[0]
        for r in con.execute("SELECT CAST(event_time_ts AS VARCHAR) FROM events_timed ORDER BY event_id").fetchall()
    ]
    assert got == [
        "2024-03-01 08:00:00",
        "2024-03-01 09:00:00",
        "2024-03-01 09:00:00",
        "2024-03-01 14:00:00",
        "2024-01-31 00:00:00",
        None,
    ]
