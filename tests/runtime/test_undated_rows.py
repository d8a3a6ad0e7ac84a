"""Rows whose time column is empty are in no window: the graph says how many, and where every label came out the
same because the rows a target counts have no time, predictions and backtests say so and name the date that would
count them (an insurance trial's missed payments: paid_at empty on exactly those, due_date on all)."""

import datetime as dt
import re
import warnings

import duckdb
import numpy as np
import pytest

import rfm_sql
from rfm_sql.errors import RFMWarning

MISSED = "PREDICT COUNT(payments.* WHERE payments.missed = true, 0, 60, days) > 0 FOR EACH policies.policy_id"


def _insurer() -> duckdb.DuckDBPyConnection:
    rng = np.random.default_rng(0)
    con = duckdb.connect()
    con.execute("CREATE TABLE policies (policy_id INTEGER PRIMARY KEY, start_date DATE)")
    con.execute(
        "CREATE TABLE payments (payment_id INTEGER PRIMARY KEY, policy_id INTEGER REFERENCES policies, "
        "due_date DATE, paid_at TIMESTAMP, amount DOUBLE, missed BOOLEAN)"
    )
    start, k = dt.date(2023, 1, 1), 0
    for p in range(1, 151):
        con.execute("INSERT INTO policies VALUES (?, ?)", [p, start])
        careless = rng.random() < 0.3
        for m in range(18):
            k += 1
            due = dt.date(2023 + m // 12, m % 12 + 1, 5)
            missed = bool(rng.random() < (0.3 if careless else 0.02))
            paid = None if missed else dt.datetime.combine(due, dt.time(9)) + dt.timedelta(days=int(rng.integers(0, 4)))
            con.execute("INSERT INTO payments VALUES (?, ?, ?, ?, 50.0, ?)", [k, p, due, paid, missed])
    return con


def test_the_graph_says_how_many_rows_have_no_time():
    rfm = rfm_sql.attach(_insurer())
    assert rfm.graph.tables["payments"].time_column == "paid_at"
    assert "paid_at  [name paid_at, best of 2 time candidates, empty on 9% of rows, which no window counts]" in (
        rfm.graph.describe()
    )


def test_labels_all_the_same_because_the_counted_rows_have_no_time_name_the_date_that_counts_them():
    con = _insurer()
    rfm = rfm_sql.attach(con)
    fix = 'rfm.graph.set_time_column("payments", "due_date")'
    with pytest.warns(RFMWarning, match=r"labelled False") as said:
        rfm.predict(MISSED, entities=[1, 2], anchor_time="2024-03-01")
    message = " ".join(str(w.message) for w in said)
    assert re.search(
        r"(\d+) of the \1 payments rows the target's filter keeps have no paid_at \(the table's time\)", message
    )
    assert fix in message and "--time-column payments.due_date" in message
    with pytest.warns(RFMWarning, match=r"Every label of the backtest is the same\. \d+ of the \d+ payments rows"):
        rfm.evaluate(MISSED, anchor_time="2024-03-01")
    rfm.graph.set_time_column("payments", "due_date")  # the fix it gives: missed payments are counted
    with warnings.catch_warnings():
        warnings.simplefilter("error", RFMWarning)
        metrics = rfm.evaluate(MISSED, anchor_time="2024-03-01").metrics
    assert metrics["auroc"] > 0.7
