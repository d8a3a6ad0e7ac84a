"""Trustworthy on any database: on messy data, labels, predict, evaluate and SQL rfm_predict give the right
answer (labels checked against an independent Python count) or a clear UserError, never a raw DuckDB, numpy or
Python error, never NaN, never a silently wrong number."""

import datetime as dt
import math
import warnings

import duckdb
import pytest

import rfm_sql
from rfm_sql.errors import GraphError, NoExamplesError, RFMWarning, UserError

START = dt.datetime(2024, 1, 1)
ANCHOR = dt.datetime(2024, 2, 15)
DAYS = 7
TIME_SQL = {  # the time of order (u, d) in each column type: day d, hour u % 24, always UTC
    "TIMESTAMP": "TIMESTAMP '2024-01-01' + INTERVAL (d) DAY + INTERVAL (u % 24) HOUR",
    "TIMESTAMPTZ": "(TIMESTAMP '2024-01-01' + INTERVAL (d) DAY + INTERVAL (u % 24) HOUR) AT TIME ZONE 'UTC'",
    "DATE": "(DATE '2024-01-01' + INTERVAL (d) DAY)::DATE",
    "BIGINT": "epoch(TIMESTAMP '2024-01-01' + INTERVAL (d) DAY + INTERVAL (u % 24) HOUR)::BIGINT",
}


def q(name: str) -> str:
    """A quoted SQL identifier (test data setup only)."""
    return '"' + name.replace('"', '""') + '"'


def make_shop(con, *, users="users", orders="orders", key="user_id", time="t", time_type="TIMESTAMP", keys=True,
              n_users=40, days=90):
    """users(key, name) and orders(order_id, key, time, amount): user u orders on days d with (u + 2d) % 7 < u % 4,
    so users differ in how often they order and some never do."""
    pk = "PRIMARY KEY" if keys else ""
    ref = f"REFERENCES {q(users)} ({q(key)})" if keys else ""
    con.execute(f"CREATE TABLE {q(users)} ({q(key)} INTEGER {pk}, name VARCHAR)").fetchall()
    con.execute(
        f"CREATE TABLE {q(orders)} (order_id INTEGER {pk}, {q(key)} INTEGER {ref}, {q(time)} {time_type}, "
        "amount DOUBLE)"
    ).fetchall()
    con.execute(f"INSERT INTO {q(users)} SELECT range, 'user ' || range FROM range(1, {n_users + 1})").fetchall()
    con.execute(
        f"INSERT INTO {q(orders)} SELECT row_number() OVER (ORDER BY d, u), u, {TIME_SQL[time_type]}, (u * d) % 17 "
        f"FROM range(1, {n_users + 1}) a(u), range(0, {days}) b(d) WHERE (u + 2 * d) % 7 < u % 4"
    ).fetchall()


def expected_counts(con, *, users="users", orders="orders", key="user_id", time="t", time_type="TIMESTAMP"):
    """The labels of COUNT(orders.*, 0, 7, days) at ANCHOR, counted in Python from the raw rows."""
    keys = [r[0] for r in con.execute(f"SELECT {q(key)} FROM {q(users)}").fetchall()]
    counts = dict.fromkeys(keys, 0)
    for user, t in con.execute(f"SELECT {q(key)}, {q(time)} FROM {q(orders)}").fetchall():
        if t is None or user not in counts:
            continue
        if time_type == "BIGINT":
            t = dt.datetime(1970, 1, 1) + dt.timedelta(seconds=t)
        elif isinstance(t, dt.datetime) and t.tzinfo is not None:
            t = t.astimezone(dt.UTC).replace(tzinfo=None)
        elif not isinstance(t, dt.datetime):
            t = dt.datetime(t.year, t.month, t.day)
        if ANCHOR < t <= ANCHOR + dt.timedelta(days=DAYS):
            counts[user] += 1
    return counts


def label_map(table) -> dict:
    return dict(zip(table.column("ENTITY").to_pylist(), table.column("TARGET").to_pylist(), strict=True))


def check_all_surfaces(rfm, pql, n_entities):
    """predict, SQL rfm_predict and evaluate all answer, with finite numbers; Python and SQL agree."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RFMWarning)
        table = rfm.predict(pql, context_size=50)
        rows = rfm.con.sql("SELECT * FROM rfm_predict(?, context_size := 50)", params=[pql]).to_arrow_table()
        evaluation = rfm.evaluate(pql, context_size=50)
    assert table.num_rows == n_entities
    assert rows.to_pylist() == table.to_pylist()
    numbers = [c for c in table.column_names if c in ("TARGET_PRED", "True_PROB", "False_PROB", "SCORE")]
    assert numbers
    for name in numbers:
        values = table.column(name).to_pylist()
        assert all(v is not None and math.isfinite(v) for v in values), name
    for name in ("True_PROB", "False_PROB"):
        if name in table.column_names:
            assert all(0.0 <= v <= 1.0 for v in table.column(name).to_pylist())
    assert evaluation.n > 0
    assert all(math.isfinite(v) for v in evaluation.metrics.values())
    return table


def check_refused(rfm, pql, error, match, anchor_time=None):
    """Every surface raises `error` (a UserError) with `match`; SQL carries the same message."""
    with pytest.raises(error, match=match):
        rfm.labels(pql, anchor_time=anchor_time)
    with pytest.raises(error, match=match) as raised:
        rfm.predict(pql, anchor_time=anchor_time, context_size=50)
    with pytest.raises(error, match=match):
        rfm.evaluate(pql, anchor_time=anchor_time, context_size=50)
    with pytest.raises(duckdb.Error, match=match) as info:
        rfm.con.sql("SELECT * FROM rfm_predict(?, anchor_time := ?, context_size := 50)",
                    params=[pql, anchor_time]).fetchall()
    assert raised.type.__name__ + ": " in str(info.value) and "Traceback" not in str(info.value)


COUNT = "PREDICT COUNT(orders.*, 0, 7, days) FOR EACH users.user_id"
CHURN = "PREDICT COUNT(orders.*, 0, 7, days) = 0 FOR EACH users.user_id"
SPEND = "PREDICT SUM(orders.amount, 0, 7, days) FOR EACH users.user_id"


def test_labels_match_an_independent_count(con):
    make_shop(con)
    rfm = rfm_sql.attach(con)
    expected = expected_counts(con)
    assert len(set(expected.values())) > 2 and 0 in expected.values()  # the data is not degenerate
    assert label_map(rfm.labels(COUNT, anchor_time=ANCHOR)) == expected
    assert label_map(rfm.labels(CHURN, anchor_time=ANCHOR)) == {u: c == 0 for u, c in expected.items()}
    check_all_surfaces(rfm, COUNT, 40)
    check_all_surfaces(rfm, CHURN, 40)


def test_dangling_foreign_keys_are_left_out(con):
    make_shop(con, keys=False)
    # orders of users 1000..1009, who do not exist, inside the label window
    con.execute(
        "INSERT INTO orders SELECT 100000 + range, 1000 + range % 10, TIMESTAMP '2024-02-16' + INTERVAL (range) HOUR, "
        "5 FROM range(60)"
    ).fetchall()
    rfm = rfm_sql.attach(con)
    rfm.graph.set_primary_key("users", "user_id")
    rfm.graph.set_primary_key("orders", "order_id")
    rfm.graph.link("orders", "user_id", "users")
    rfm.graph.set_time_column("orders", "t")
    labels = label_map(rfm.labels(COUNT, anchor_time=ANCHOR))
    assert labels == expected_counts(con) and set(labels) == set(range(1, 41))
    check_all_surfaces(rfm, COUNT, 40)
    # predicting the orders themselves: a dangling order has no parent features, but still a prediction
    table = rfm.predict("PREDICT orders.amount FOR EACH orders.order_id", entities=[100000, 100001, 1],
                        context_size=50)
    assert sorted(table.column("ENTITY").to_pylist()) == [1, 100000, 100001]
    assert all(math.isfinite(v) for v in table.column("TARGET_PRED").to_pylist())


def test_duplicate_and_null_keys_are_not_inferred_as_primary_keys(con):
    make_shop(con, keys=False)
    con.execute("INSERT INTO users VALUES (1, 'again'), (NULL, 'nobody')").fetchall()
    rfm = rfm_sql.attach(con)
    assert rfm.graph.table("users").primary_key is None
    check_refused(rfm, COUNT, UserError, "has no primary key", anchor_time=ANCHOR)


@pytest.mark.parametrize(
    "bad_rows, match",
    [("(1, 'again'), (2, 'again')", r"2 duplicate values.*e\.g\. 1"), ("(NULL, 'nobody')", "1 NULL value")],
)
def test_a_primary_key_set_on_duplicates_or_nulls_is_refused(con, bad_rows, match):
    make_shop(con, keys=False)
    con.execute("INSERT INTO users VALUES " + bad_rows).fetchall()
    rfm = rfm_sql.attach(con)
    rfm.graph.set_primary_key("users", "user_id")  # the user says so; the data disagrees
    rfm.graph.set_primary_key("orders", "order_id")
    rfm.graph.link("orders", "user_id", "users")
    rfm.graph.set_time_column("orders", "t")
    check_refused(rfm, COUNT, GraphError, "users.user_id is not a primary key: " + match, anchor_time=ANCHOR)
    # the message says how to fix it
    with pytest.raises(GraphError, match="set_primary_key"):
        rfm.predict(COUNT)


def test_a_duplicate_parent_key_is_refused_too(con):
    make_shop(con, keys=False)
    con.execute("CREATE TABLE countries (code VARCHAR, label VARCHAR)").fetchall()
    con.execute("INSERT INTO countries VALUES ('US', 'a'), ('US', 'b')").fetchall()
    con.execute("ALTER TABLE users ADD COLUMN country VARCHAR DEFAULT 'US'").fetchall()
    rfm = rfm_sql.attach(con)
    rfm.graph.set_primary_key("users", "user_id")
    rfm.graph.set_primary_key("orders", "order_id")
    rfm.graph.link("orders", "user_id", "users")
    rfm.graph.set_time_column("orders", "t")
    rfm.graph.set_primary_key("countries", "code")
    rfm.graph.link("users", "country", "countries")
    with pytest.raises(GraphError, match="countries.code is not a primary key: 1 duplicate value"):
        rfm.predict(COUNT, context_size=50)


def test_rows_with_a_null_time_never_count(con):
    make_shop(con)
    con.execute("UPDATE orders SET t = NULL WHERE order_id % 3 = 0").fetchall()
    rfm = rfm_sql.attach(con)
    expected = expected_counts(con)
    assert label_map(rfm.labels(COUNT, anchor_time=ANCHOR)) == expected
    check_all_surfaces(rfm, COUNT, 40)


def test_an_all_null_time_column_is_refused(con):
    make_shop(con)
    con.execute("UPDATE orders SET t = NULL").fetchall()
    rfm = rfm_sql.attach(con)
    check_refused(rfm, COUNT, UserError, "no time column|no rows with a timestamp")


@pytest.mark.parametrize("time_type", ["TIMESTAMPTZ", "DATE", "BIGINT"])
def test_time_column_types(con, time_type):
    con.execute("SET TimeZone = 'America/New_York'").fetchall()  # TIMESTAMPTZ is read at UTC whatever the session
    make_shop(con, time_type=time_type)
    rfm = rfm_sql.attach(con)
    if time_type == "BIGINT":
        rfm.graph.set_time_column("orders", "t", unit="s")
    expected = expected_counts(con, time_type=time_type)
    assert label_map(rfm.labels(COUNT, anchor_time=ANCHOR)) == expected
    sql_labels = con.sql("SELECT * FROM rfm_labels(?, anchor_time := ?)", params=[COUNT, ANCHOR]).to_arrow_table()
    assert label_map(sql_labels) == expected
    check_all_surfaces(rfm, COUNT, 40)


def test_epoch_milliseconds(con):
    make_shop(con, time_type="BIGINT")
    expected = expected_counts(con, time_type="BIGINT")  # from the seconds, before they become milliseconds
    con.execute("UPDATE orders SET t = t * 1000").fetchall()
    rfm = rfm_sql.attach(con)
    rfm.graph.set_time_column("orders", "t", unit="ms")
    assert label_map(rfm.labels(COUNT, anchor_time=ANCHOR)) == expected
    with pytest.raises(GraphError, match="Unknown epoch unit"):
        rfm.graph.set_time_column("orders", "t", unit="days")


def test_an_empty_target_table(con):
    make_shop(con)
    con.execute("DELETE FROM orders").fetchall()
    rfm = rfm_sql.attach(con)
    check_refused(rfm, COUNT, UserError, "no rows with a timestamp")
    # with an anchor, the labels are exact (nobody ordered) and there is nothing to learn from
    assert set(label_map(rfm.labels(COUNT, anchor_time=ANCHOR)).values()) == {0}
    with pytest.raises(NoExamplesError, match="no rows with a timestamp, so there is nothing to learn from"):
        rfm.predict(COUNT, anchor_time=ANCHOR, context_size=50)


def test_an_empty_entity_table(con):
    make_shop(con)
    con.execute("DELETE FROM orders").fetchall()
    con.execute("DELETE FROM users").fetchall()
    rfm = rfm_sql.attach(con)
    assert rfm.labels(COUNT, anchor_time=ANCHOR).num_rows == 0
    # no anchor can help an empty table (a telecom trial was told "Pass another anchor_time")
    with pytest.raises(UserError, match=r"users has no rows\. Load rows into users first \(no anchor_time can help"):
        rfm.predict(COUNT, anchor_time=ANCHOR, context_size=50)
    with pytest.raises(duckdb.Error, match="UserError: Nothing to predict"):
        con.sql("SELECT * FROM rfm_predict(?, anchor_time := ?)", params=[COUNT, ANCHOR]).fetchall()


def test_one_row_tables(con):
    make_shop(con, n_users=1, days=200)  # one user with a long history: context from its own past
    rfm = rfm_sql.attach(con)
    assert label_map(rfm.labels(COUNT, anchor_time=ANCHOR)) == expected_counts(con)
    check_all_surfaces(rfm, COUNT, 1)
    con.execute("DELETE FROM orders WHERE order_id > 1").fetchall()  # and one order: nothing to learn from
    assert label_map(rfm.labels(COUNT, anchor_time=ANCHOR)) == {1: 0}
    with pytest.raises(NoExamplesError, match="No context to learn from"):
        rfm.predict(COUNT, context_size=50)
    with pytest.raises(NoExamplesError, match="No context to learn from"):
        rfm.evaluate(COUNT, context_size=50)
    with pytest.raises(duckdb.Error, match="NoExamplesError: No context to learn from"):
        con.sql("SELECT * FROM rfm_predict(?)", params=[COUNT]).fetchall()


def test_all_null_columns(con):
    make_shop(con)
    con.execute("UPDATE orders SET amount = NULL").fetchall()
    con.execute("UPDATE users SET name = NULL").fetchall()
    rfm = rfm_sql.attach(con)
    labels = label_map(rfm.labels(SPEND, anchor_time=ANCHOR))
    assert labels == dict.fromkeys(range(1, 41), 0)  # SUM of nothing is 0, as PQL says
    check_all_surfaces(rfm, COUNT, 40)  # the all-NULL columns as features
    avg = "PREDICT AVG(orders.amount, 0, 7, days) FOR EACH users.user_id"
    assert rfm.labels(avg, anchor_time=ANCHOR).num_rows == 0  # AVG of no value: no label
    with pytest.raises(NoExamplesError, match="too few labelled examples"):
        rfm.predict(avg, context_size=50)
    with pytest.raises(NoExamplesError, match="No labelled examples"):
        rfm.evaluate(avg, context_size=50)


def test_constant_labels(con):
    make_shop(con, days=0)
    con.execute(  # everyone orders every day: nobody churns
        "INSERT INTO orders SELECT row_number() OVER (), u, TIMESTAMP '2024-01-01' + INTERVAL (d) DAY, 1 "
        "FROM range(1, 41) a(u), range(0, 90) b(d)"
    ).fetchall()
    rfm = rfm_sql.attach(con)
    assert set(label_map(rfm.labels(CHURN, anchor_time=ANCHOR)).values()) == {False}
    table = rfm.predict(CHURN, context_size=50)
    assert all(p < 0.5 for p in table.column("True_PROB").to_pylist())
    assert set(table.column("TARGET_PRED").to_pylist()) == {False}
    with pytest.warns(RFMWarning, match="auroc is undefined"):
        evaluation = rfm.evaluate(CHURN, context_size=50)
    assert "auroc" in evaluation.undefined and evaluation.metrics["accuracy"] == 1.0
    assert all(math.isfinite(v) for v in evaluation.metrics.values())
    rows = con.sql("SELECT metric, value FROM rfm_evaluate(?, context_size := 50)", params=[CHURN]).fetchall()
    assert dict(rows)["auroc"] is None  # NULL in SQL, never NaN


def test_huge_text_values(con):
    make_shop(con)
    con.execute("UPDATE users SET name = repeat('x', 1000000) || (user_id % 3)").fetchall()  # 1 MB each
    rfm = rfm_sql.attach(con)
    assert label_map(rfm.labels(COUNT, anchor_time=ANCHOR)) == expected_counts(con)
    check_all_surfaces(rfm, COUNT, 40)
    table = rfm.predict("PREDICT users.name FOR EACH users.user_id", entities=[1, 2], context_size=20)
    assert table.num_rows == 2 * 3  # one row per class
    assert all(math.isfinite(v) for v in table.column("SCORE").to_pylist())


@pytest.mark.parametrize(
    "users, orders, key, time",
    [
        ('us"ers; DROP TABLE x', "ördérs 表", "user id", "time stamp"),
        ("it's", "or`ders", "a;b", "t'"),
        ("SELECT", "FROM", "WHERE", "ORDER"),
    ],
)
def test_unicode_and_quoted_names(con, users, orders, key, time):
    make_shop(con, users=users, orders=orders, key=key, time=time)
    rfm = rfm_sql.attach(con)

    def name(n):
        return "`" + n.replace("`", "``") + "`"

    count = f"PREDICT COUNT({name(orders)}.*, 0, 7, days) FOR EACH {name(users)}.{name(key)}"
    spend = f"PREDICT SUM({name(orders)}.amount, 0, 7, days) > 10 FOR EACH {name(users)}.{name(key)}"
    expected = expected_counts(con, users=users, orders=orders, key=key, time=time)
    assert label_map(rfm.labels(count, anchor_time=ANCHOR)) == expected
    check_all_surfaces(rfm, count, 40)
    check_all_surfaces(rfm, spend, 40)
    assert {r[0] for r in con.execute("SHOW TABLES").fetchall()} == {users, orders}  # nothing dropped


def test_nan_and_infinite_values_leave_the_backtest_with_a_warning(con):
    con.execute("CREATE TABLE users (user_id INTEGER PRIMARY KEY)").fetchall()
    con.execute(
        "CREATE TABLE orders (order_id INTEGER PRIMARY KEY, user_id INTEGER REFERENCES users (user_id), "
        "ts TIMESTAMP, amount DOUBLE)"
    ).fetchall()
    con.execute("INSERT INTO users SELECT range FROM range(1, 61)").fetchall()
    con.execute(
        "INSERT INTO orders SELECT range + 1, range % 60 + 1, TIMESTAMP '2024-01-01' + INTERVAL (range * 7) HOUR, "
        "CASE WHEN range = 1450 THEN 'nan'::DOUBLE WHEN range = 1460 THEN 'inf'::DOUBLE ELSE range % 13 END "
        "FROM range(1500)"
    ).fetchall()
    rfm = rfm_sql.attach(con)
    with pytest.warns(rfm_sql.RFMWarning, match="no usable label"):
        result = rfm.evaluate("PREDICT SUM(orders.amount, 0, 30, days) FOR EACH users.user_id", context_size=50)
    assert set(result.metrics) == {"mae", "rmse"} and all(math.isfinite(v) for v in result.metrics.values())


def test_an_anchor_before_every_entity_says_where_they_begin(shop):
    # it said "loosen the filter" of a query that has none
    rfm = rfm_sql.attach(shop)
    first = shop.sql("SELECT MIN(signup_time) FROM users").fetchall()[0][0]
    with pytest.raises(UserError, match=f"The first users row is dated {first}: pass a later anchor_time") as info:
        rfm.predict("PREDICT COUNT(orders.*, 0, 30, days) FOR EACH users.user_id", anchor_time="1990-01-01")
    assert "filter" not in str(info.value)


def test_a_backtest_of_empty_lists_says_empty_windows_have_no_label(shop):
    # it blamed "the entity filter, ASSUMING" of a query with neither
    rfm = rfm_sql.attach(shop)
    shop.execute("INSERT INTO users (user_id, signup_time) VALUES (100000, '2020-01-01'), (100001, '2020-01-01')")
    query = "PREDICT LIST_DISTINCT(orders.item_id, 0, 7, days) RANK TOP 5 FOR users.user_id IN (100000, 100001)"
    with pytest.raises(NoExamplesError, match="entities with no orders row in the target's window have no label"):
        rfm.evaluate(query, anchor_time="2024-06-01")
