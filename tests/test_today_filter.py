"""A backtest whose entity filter reads a state of the entity's own row (`WHERE users.status = 'active'`) keeps, at
every past anchor, the entities that hold it today: it says so, with a filter on what the data dates; a prediction,
learning from a context chosen the same way, says so in its own words (runtime.today_filter)."""

import re
import warnings

import duckdb
import pytest

import rfm_sql
from rfm_sql.errors import RFMWarning

QUERY = "PREDICT COUNT(orders.*, 0, 30, days) FOR EACH users.user_id"


@pytest.fixture(scope="module")
def shop():
    """90 users ordering through 2024; a third closed their account since (status 'closed', no orders after July)."""
    con = duckdb.connect()
    con.execute(
        "CREATE TABLE users (user_id INTEGER PRIMARY KEY, signed_up_at TIMESTAMP, status VARCHAR, country VARCHAR)"
    )
    con.execute(
        "INSERT INTO users SELECT i, TIMESTAMP '2023-12-01', CASE WHEN i % 3 = 0 THEN 'closed' ELSE 'active' END, "
        "['de', 'fr'][1 + i % 2] FROM range(90) t(i)"
    )
    con.execute("CREATE TABLE orders (order_id INTEGER PRIMARY KEY, user_id INTEGER, ordered_at TIMESTAMP)")
    con.execute(
        "INSERT INTO orders SELECT i, i % 90, TIMESTAMP '2024-01-01' + INTERVAL (i * 3) HOUR FROM range(2900) t(i) "
        "WHERE i % 90 % 3 <> 0 OR i < 1450"
    )
    return con


def test_a_backtest_filtered_on_a_state_says_it_reads_todays(shop):
    rfm = rfm_sql.attach(shop)
    with pytest.warns(RFMWarning, match=r"The entity filter reads users\.status as it stands today") as caught:
        evaluation = rfm.evaluate(f"{QUERY} WHERE users.status = 'active'", anchor_time="2024-05-01")
    said = next(str(w.message) for w in caught if "entity filter reads" in str(w.message))
    assert said in evaluation.warnings
    advice = re.search(r"e\.g\. (WHERE COUNT\(orders\.\*, -30, 0, days\) > 0)", said).group(1)
    kept = rfm.labels(f"{QUERY} {advice}", anchor_time="2024-05-01").num_rows
    assert kept == 90  # the filter it gives keeps the users active then, closed ones too


def test_a_category_that_is_no_state_says_nothing(shop):
    rfm = rfm_sql.attach(shop)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        evaluation = rfm.evaluate(f"{QUERY} WHERE users.country = 'de'", anchor_time="2024-05-01")
        predictions = rfm.predict(f"{QUERY} WHERE users.country = 'de'")
    assert not [w for w in caught if "entity filter reads" in str(w.message)]
    assert not any("entity filter reads" in w for w in evaluation.warnings)
    assert "WARNING" not in predictions.column_names


def test_a_prediction_filtered_on_a_state_says_its_context_learns_from_todays(shop):
    rfm = rfm_sql.attach(shop)
    predictions = rfm.predict(f"{QUERY} WHERE users.status = 'active'")
    said = set(predictions.column("WARNING").to_pylist())
    assert len(said) == 1
    assert re.search(
        r"The entity filter reads users\.status as it stands today at every past anchor the context "
        r"comes from.*e\.g\. WHERE COUNT\(orders\.\*, -30, 0, days\) > 0",
        said.pop(),
    )


def test_state_is_a_state_word_and_the_hint_counts_the_targets_table():
    con = duckdb.connect()
    con.execute("CREATE TABLE issues (issue_id INTEGER PRIMARY KEY, opened_at TIMESTAMP, state VARCHAR)")
    con.execute(
        "INSERT INTO issues SELECT i, TIMESTAMP '2024-01-01' + INTERVAL (i) HOUR, "
        "CASE WHEN i % 2 = 0 THEN 'open' ELSE 'closed' END FROM range(200) t(i)"
    )
    for child in ("comments", "reactions"):  # `comments` is first: the hint must count the target's table
        con.execute(
            f"CREATE TABLE {child} (id INTEGER PRIMARY KEY, issue_id INTEGER REFERENCES issues, made_at TIMESTAMP)"
        )
        con.execute(
            f"INSERT INTO {child} SELECT i, i % 200, TIMESTAMP '2024-01-02' + INTERVAL (i * 2) HOUR FROM range(3000) t(i)"
        )
    rfm = rfm_sql.attach(con)
    query = "PREDICT COUNT(reactions.*, 0, 7, days) > 0 FOR EACH issues.issue_id WHERE issues.state = 'open'"
    with pytest.warns(RFMWarning, match=r"reads issues\.state as it stands today") as caught:
        rfm.evaluate(query, anchor_time="2024-04-01")
    said = next(str(w.message) for w in caught if "entity filter reads" in str(w.message))
    assert "WHERE COUNT(reactions.*, -7, 0, days) > 0" in said


def test_a_plan_and_an_is_flag_are_states():
    """A product-analytics trial's `WHERE users.plan = 'free'` (and `is_pro = FALSE`) kept, at each past anchor, only
    the users still free today: a backtest with 7 positives where 16 were, predictions 4x too low, and no word."""
    con = duckdb.connect()
    con.execute(
        "CREATE TABLE users (user_id INTEGER PRIMARY KEY, signed_up_at TIMESTAMP, plan VARCHAR, is_pro BOOLEAN, "
        "is_test BOOLEAN)"
    )
    con.execute(
        "INSERT INTO users SELECT i, TIMESTAMP '2023-12-01', CASE WHEN i % 4 = 0 THEN 'pro' ELSE 'free' END, "
        "i % 4 = 0, FALSE FROM range(80) t(i)"
    )
    con.execute("CREATE TABLE orders (order_id INTEGER PRIMARY KEY, user_id INTEGER, ordered_at TIMESTAMP)")
    con.execute(
        "INSERT INTO orders SELECT i, i % 80, TIMESTAMP '2024-01-01' + INTERVAL (i * 3) HOUR FROM range(2000) t(i)"
    )
    rfm = rfm_sql.attach(con)
    for condition, column in (("users.plan = 'free'", "plan"), ("users.is_pro = FALSE", "is_pro")):
        with pytest.warns(RFMWarning, match=rf"The entity filter reads users\.{column} as it stands today"):
            rfm.evaluate(f"{QUERY} WHERE {condition}", anchor_time="2024-05-01")
    with warnings.catch_warnings(record=True) as caught:  # a flag is a state to be named: it says so, though
        warnings.simplefilter("always")  # a test account stays one (nothing in the data tells which flags change)
        rfm.evaluate(f"{QUERY} WHERE users.is_test = FALSE", anchor_time="2024-05-01")
    assert any("users.is_test as it stands today" in str(w.message) for w in caught)


def test_the_hint_counts_the_activity_where_the_targets_table_is_sparse():
    """A cloud host's `COUNT(plan_changes.*) ... WHERE accounts.plan_tier = 'basic'` was told to filter on plan
    changes: a handful of rows per account says nothing of being active; its usage rows (far more) do."""
    con = duckdb.connect()
    con.execute("CREATE TABLE accounts (account_id INTEGER PRIMARY KEY, opened_at TIMESTAMP, plan_tier VARCHAR)")
    con.execute(
        "INSERT INTO accounts SELECT i, TIMESTAMP '2023-12-01', ['basic', 'pro'][1 + i % 2] FROM range(100) t(i)"
    )
    for child, rows in (("plan_changes", 300), ("usage", 5000)):
        con.execute(
            f"CREATE TABLE {child} (id INTEGER PRIMARY KEY, account_id INTEGER REFERENCES accounts, made_at TIMESTAMP)"
        )
        con.execute(
            f"INSERT INTO {child} SELECT i, i % 100, TIMESTAMP '2024-01-02' + INTERVAL (i * {10000 // rows}) HOUR "
            f"FROM range({rows}) t(i)"
        )
    rfm = rfm_sql.attach(con)
    query = (
        "PREDICT COUNT(plan_changes.*, 0, 30, days) > 0 FOR EACH accounts.account_id "
        "WHERE accounts.plan_tier = 'basic'"
    )
    with pytest.warns(RFMWarning, match=r"reads accounts\.plan_tier as it stands today") as caught:
        rfm.evaluate(query, anchor_time="2024-06-01")
    said = next(str(w.message) for w in caught if "entity filter reads" in str(w.message))
    assert "WHERE COUNT(usage.*, -30, 0, days) > 0" in said


def test_a_running_total_in_the_filter_is_said_to_read_todays():
    """`WHERE users.current_streak > 0` keeps, at a past anchor, the users on a streak today (a language app's
    backtest: 109 users, 34% churning, where 129 with 3% were on one then); a number that keeps still says nothing."""
    con = duckdb.connect()
    con.execute(
        "CREATE TABLE users (user_id INTEGER PRIMARY KEY, signed_up_at TIMESTAMP, current_streak INTEGER, age INTEGER)"
    )
    con.execute("INSERT INTO users SELECT i, TIMESTAMP '2023-12-01', i % 4, 20 + i % 30 FROM range(90) t(i)")
    con.execute("CREATE TABLE lessons (lesson_id INTEGER PRIMARY KEY, user_id INTEGER, done_at TIMESTAMP)")
    con.execute(
        "INSERT INTO lessons SELECT i, i % 90, TIMESTAMP '2024-01-01' + INTERVAL (i * 3) HOUR FROM range(2900) t(i)"
    )
    rfm = rfm_sql.attach(con)
    query = "PREDICT COUNT(lessons.*, 0, 30, days) FOR EACH users.user_id"
    with pytest.warns(RFMWarning, match=r"The entity filter reads users\.current_streak as it stands today"):
        rfm.evaluate(f"{query} WHERE users.current_streak > 0", anchor_time="2024-05-01")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        rfm.evaluate(f"{query} WHERE users.age > 30", anchor_time="2024-05-01")
    assert not [w for w in caught if "entity filter reads" in str(w.message)]
