"""A target filter on a date of the counted rows other than their time: the one-label warning says what a window
counts and gives the view that counts the rows by that date (a telecom trial's cancellations)."""

import datetime as dt
import warnings

import duckdb
import numpy as np
import pytest

import rfm_sql
from rfm_sql.errors import RFMWarning

QUERY = (
    "PREDICT COUNT(subscriptions.* WHERE subscriptions.cancelled_at IS NOT NULL, 0, 30, days) > 0 "
    "FOR EACH customers.customer_id"
)


def _telco() -> duckdb.DuckDBPyConnection:
    rng = np.random.default_rng(0)
    con = duckdb.connect()
    con.execute("CREATE TABLE customers (customer_id INTEGER PRIMARY KEY, joined_on TIMESTAMP)")
    con.execute(
        "CREATE TABLE subscriptions (subscription_id INTEGER PRIMARY KEY, customer_id INTEGER REFERENCES customers, "
        "started_at TIMESTAMP, cancelled_at TIMESTAMP)"
    )
    start = dt.datetime(2023, 1, 1)
    for i in range(1, 301):
        joined = start + dt.timedelta(days=int(rng.integers(0, 200)))
        con.execute("INSERT INTO customers VALUES (?, ?)", [i, joined])
        ends = joined + dt.timedelta(days=int(rng.integers(60, 500))) if rng.random() < 0.5 else None
        con.execute("INSERT INTO subscriptions VALUES (?, ?, ?, ?)", [i, i, joined, ends])
    return con


def test_a_filter_on_a_date_of_the_counted_rows_says_how_to_count_by_it():
    con = _telco()
    rfm = rfm_sql.attach(con)
    view = "subscriptions_by_cancelled_at"
    with pytest.warns(RFMWarning, match=r"labelled False") as said:
        rfm.predict(QUERY, entities=[1, 2], anchor_time="2024-03-01")
    message = " ".join(str(w.message) for w in said)
    assert "reads subscriptions.cancelled_at, a date of the rows it counts" in message
    create = message.split("make it their time: ")[1].split("; then")[0]
    assert create.startswith(f"CREATE VIEW {view} AS SELECT * EXCLUDE (started_at) FROM subscriptions")
    con.execute(create)  # the view it gives counts the cancellations by when they happen
    rfm = rfm_sql.attach(con)
    assert rfm.graph.tables[view].time_column == "cancelled_at"
    with warnings.catch_warnings():
        warnings.simplefilter("error", RFMWarning)
        out = rfm.predict(f"PREDICT COUNT({view}.*, 0, 30, days) > 0 FOR EACH customers.customer_id", entities=[1, 2])
    assert out.num_rows == 2


def test_the_hint_comes_where_the_rows_it_counts_are_rare_too():
    """Two subscriptions started and cancelled within one window: a bank trial's closures read 1 positive in
    1,700 (AUROC 0.09), and the hint, given only when there were none, said nothing."""
    con = _telco()
    con.execute(
        "INSERT INTO subscriptions VALUES (1001, 1, TIMESTAMP '2023-12-20', TIMESTAMP '2023-12-25'), "
        "(1002, 2, TIMESTAMP '2023-12-21', TIMESTAMP '2023-12-27')"
    )
    with pytest.warns(RFMWarning, match=r"Fewer than 1 example in 100 is labelled True\. The target's filter reads"):
        rfm_sql.attach(con).predict(QUERY, entities=[1, 2], anchor_time="2024-03-01")
