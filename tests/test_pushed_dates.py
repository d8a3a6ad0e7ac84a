"""Dates whose data tells what their names do not: a due date set ahead and pushed on as a rental goes on
(`graph.ahead._pushed`: today's value tells, at a past anchor, who stayed on), and a row's time column where the
best-named date is filled in later (`graph.began`: a rental's returned_at, after its out_at)."""

import datetime as dt

import duckdb
import pytest

import rfm_sql
from rfm_sql.graph import ahead, began
from rfm_sql.graph.model import TIME_COLUMN
from rfm_sql.runtime.context import feature_query

CHURN = "PREDICT COUNT(rentals.*, 0, 90, days) = 0 FOR EACH students.student_id"


@pytest.fixture(scope="module")
def school():
    """400 students, one instrument rental each, started over 2022-2024 and kept Exp(300) days (still out at the
    present where that runs past it); due_back_on pushed a 120-day term on while out. 400 invoices, due 30 days
    after issue. The present: 2024-12-31."""
    con = duckdb.connect()
    con.execute("CREATE TABLE students (student_id INTEGER PRIMARY KEY, joined_at TIMESTAMP)")
    con.execute("INSERT INTO students SELECT i, TIMESTAMP '2021-06-01' FROM range(400) t(i)")
    con.execute(
        "CREATE TABLE rentals (rental_id INTEGER PRIMARY KEY, student_id INTEGER REFERENCES students, "
        "started_at TIMESTAMP, due_back_on DATE, returned_at TIMESTAMP)"
    )
    con.execute(
        "INSERT INTO rentals SELECT i, i, started, CAST(started AS DATE) + 120 * CAST(ceil(least(kept, age) / 120 + 0.01)"
        " AS INTEGER), CASE WHEN kept < age THEN started + INTERVAL (CAST(kept AS INTEGER)) DAY END FROM ("
        " SELECT i, TIMESTAMP '2022-01-01' + INTERVAL (i * 2.7) DAY AS started, -300 * ln(1 - (hash(i) % 1000 + 0.5)"
        " / 1000) AS kept, date_diff('day', TIMESTAMP '2022-01-01' + INTERVAL (i * 2.7) DAY, TIMESTAMP '2024-12-31')"
        " AS age FROM range(400) t(i))"
    )
    con.execute(
        "CREATE TABLE invoices (invoice_id INTEGER PRIMARY KEY, student_id INTEGER REFERENCES students, "
        "issued_at TIMESTAMP, due_on DATE)"
    )
    con.execute(
        "INSERT INTO invoices SELECT i, i, TIMESTAMP '2022-01-01' + INTERVAL (i * 2.7) DAY, "
        "CAST(TIMESTAMP '2022-01-01' + INTERVAL (i * 2.7) DAY AS DATE) + 30 FROM range(400) t(i)"
    )
    con.execute("CREATE TABLE visits (visit_id INTEGER PRIMARY KEY, student_id INTEGER, seen_at TIMESTAMP)")
    con.execute("INSERT INTO visits SELECT i, i % 400, TIMESTAMP '2024-12-31' - INTERVAL (i) HOUR FROM range(500) t(i)")
    return con


def test_a_due_date_pushed_on_is_todays_state(school):
    graph = rfm_sql.attach(school).graph
    rentals, invoices = graph.table("rentals"), graph.table("invoices")
    assert rentals.column("due_back_on").ahead and rentals.pushed == ("due_back_on",)
    assert not ahead.known_ahead(rentals, "due_back_on") and ahead.rewritten(rentals, "due_back_on")
    assert "pushed on later" in graph.describe()
    # set once with its row: its lead does not grow with the row's age
    assert invoices.pushed == () and ahead.known_ahead(invoices, "due_on")


def test_no_feature_reads_a_pushed_date(school):
    rfm = rfm_sql.attach(school)
    names = [f.name for f in feature_query(rfm.resolve(CHURN), rfm.graph).features]
    assert names and not [n for n in names if "due_back_on" in n]


def test_a_row_is_timed_by_the_date_set_on_every_row_before_one_filled_in_later():
    """out_at is named like an end ("out") and returned_at like an event: the data says which came first."""
    con = duckdb.connect()
    con.execute("CREATE TABLE customers (customer_id INTEGER PRIMARY KEY, name VARCHAR)")
    con.execute("INSERT INTO customers SELECT i, 'c' || i FROM range(50) t(i)")
    con.execute(
        "CREATE TABLE contracts (contract_id INTEGER PRIMARY KEY, customer_id INTEGER REFERENCES customers, "
        "out_at TIMESTAMP, returned_at TIMESTAMP)"
    )
    out = dt.datetime(2024, 1, 1)
    rows = [
        (i, i % 50, out + dt.timedelta(hours=7 * i), None if i % 20 == 0 else out + dt.timedelta(hours=7 * i + 30))
        for i in range(1000)
    ]
    con.executemany("INSERT INTO contracts VALUES (?, ?, ?, ?)", rows)
    graph = rfm_sql.attach(con).graph
    assert graph.table("contracts").time_column == "out_at"
    assert "returned_at, empty on 5.0% of rows, is filled in later" in graph.why("contracts", TIME_COLUMN)
    # a date set on every row but after the one filled in later is no start of the row
    con.execute("UPDATE contracts SET out_at = returned_at + INTERVAL 1 HOUR WHERE returned_at IS NOT NULL")
    stats = {"__rows__": 1000, "out_at": {"nonnull": 1000, "distinct": 1000}, "returned_at": {"nonnull": 950}}
    cols = {"contract_id": "INTEGER", "customer_id": "INTEGER", "out_at": "TIMESTAMP", "returned_at": "TIMESTAMP"}
    assert began.first_filled(con, "contracts", cols, stats, "returned_at", {"contracts": cols}) is None
    assert (
        began.first_filled(con, "contracts", cols, {**stats, "returned_at": {"nonnull": 1000}}, "returned_at", {})
        is None
    )


def test_a_date_set_ahead_before_one_filled_in_later_is_no_start():
    """An installment's due_date is set on every row and comes before its paid_at (empty where it was missed), but
    names a plan: windows still count payments by when they were paid."""
    con = duckdb.connect()
    con.execute("CREATE TABLE policies (policy_id INTEGER PRIMARY KEY, name VARCHAR)")
    con.execute("INSERT INTO policies SELECT i, 'p' || i FROM range(50) t(i)")
    con.execute(
        "CREATE TABLE installments (installment_id INTEGER PRIMARY KEY, policy_id INTEGER REFERENCES policies, "
        "due_date TIMESTAMP, paid_at TIMESTAMP)"
    )
    con.execute(
        "INSERT INTO installments SELECT i, i % 50, TIMESTAMP '2024-01-01' + INTERVAL (i) HOUR * 7, CASE WHEN i % 9 = 0 "
        "THEN NULL ELSE TIMESTAMP '2024-01-01' + INTERVAL (i) HOUR * 7 + INTERVAL 2 DAY END FROM range(1000) t(i)"
    )
    assert rfm_sql.attach(con).graph.table("installments").time_column == "paid_at"
