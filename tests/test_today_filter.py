"""A backtest whose entity filter reads a state of the entity's own row (`WHERE users.status = 'active'`) keeps, at
every past anchor, the entities that hold it today: it says so, with a filter on what the data dates; a prediction,
made at the present, does not (runtime.today_filter)."""

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


def test_a_category_that_is_no_state_and_a_prediction_say_nothing(shop):
    rfm = rfm_sql.attach(shop)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        evaluation = rfm.evaluate(f"{QUERY} WHERE users.country = 'de'", anchor_time="2024-05-01")
        rfm.predict(f"{QUERY} WHERE users.status = 'active'")
    assert not [w for w in caught if "entity filter reads" in str(w.message)]
    assert not any("entity filter reads" in w for w in evaluation.warnings)
