"""Lagged targets under ASSUMING read each earlier window as it was, whether or not the assumption held after it: a
wholesaler's orders in 14 days assuming a rep's visit read last fortnight's orders only where a visit had followed,
so most lags were missing and the baselines built on them filled 0 (last_value MAE 1.85 where 0.90 was right)."""

import datetime as dt

import duckdb

import rfm_sql
from rfm_sql.runtime.context import feature_query
from tests.feature_rows import feature_rows

QUERY = "PREDICT COUNT(orders.*, 0, 14, days) FOR EACH accounts.account_id ASSUMING COUNT(visits.*, 0, 7, days) > 0"


def test_a_lag_is_the_earlier_window_as_it_was_under_assuming():
    con = duckdb.connect()
    con.execute("CREATE TABLE accounts (account_id INTEGER PRIMARY KEY, opened_at TIMESTAMP)")
    con.execute("INSERT INTO accounts SELECT i, TIMESTAMP '2023-01-01' FROM range(20) t(i)")
    con.execute(
        "CREATE TABLE orders (order_id INTEGER PRIMARY KEY, account_id INTEGER REFERENCES accounts, ordered_at TIMESTAMP)"
    )
    # account i orders every (i + 1) days through 2024
    con.execute(
        "INSERT INTO orders SELECT row_number() OVER (), a, TIMESTAMP '2024-01-01' + INTERVAL (d) DAY "
        "FROM range(20) s(a), range(366) t(d) WHERE d % (a + 1) = 0"
    )
    # and is visited only in June: the assumption never held after the windows before it
    con.execute(
        "CREATE TABLE visits (visit_id INTEGER PRIMARY KEY, account_id INTEGER REFERENCES accounts, visited_at TIMESTAMP)"
    )
    con.execute("INSERT INTO visits SELECT i, i, TIMESTAMP '2024-06-03' + INTERVAL (i) HOUR FROM range(20) t(i)")
    rfm = rfm_sql.attach(con)
    features = feature_query(rfm.resolve(QUERY), rfm.graph)
    lag = next(f.name for f in features.features if f.name.endswith(":target_lag1"))
    anchor = dt.datetime(2024, 6, 1)
    rows = feature_rows(con, features, list(range(20)), anchor)
    counted = dict(
        con.execute(
            "SELECT a.account_id, COUNT(o.order_id) FROM accounts a LEFT JOIN orders o ON o.account_id = a.account_id "
            "AND o.ordered_at > ? AND o.ordered_at <= ? GROUP BY a.account_id",
            [anchor - dt.timedelta(days=14), anchor],
        ).fetchall()
    )
    assert {e: rows[e][lag] for e in rows} == {e: float(n) for e, n in counted.items()}
