"""A target table whose rows run on past every other table (appointments booked months ahead): what happens to
those rows is not observed yet, so a backtest's label windows end by the other tables' present, not by the
target table's last row. A clinic trial's default backtest scored "an attended visit in 90 days" at an anchor
whose window ran 83 days past the data: 4.8% positive where earlier anchors had 25-29%."""

import datetime as dt

import duckdb
import pytest

import rfm_sql
from rfm_sql.errors import UserError

ATTENDS = "PREDICT COUNT(visits.* WHERE visits.status = 'attended', 0, 30, days) > 0 FOR EACH patients.patient_id"
PRESENT = dt.datetime(2024, 12, 31)


@pytest.fixture(scope="module")
def clinic():
    """Patients joining through 2024 (the present: 2024-12-31); visits booked (booked_at, by the present) up to
    90 days ahead: those after the present are still 'scheduled'."""
    con = duckdb.connect()
    con.execute("CREATE TABLE patients (patient_id INTEGER PRIMARY KEY, joined_at TIMESTAMP)")
    con.execute("INSERT INTO patients SELECT i, TIMESTAMP '2024-01-01' + INTERVAL (i * 73) HOUR FROM range(120) t(i)")
    con.execute(
        "CREATE TABLE visits (visit_id INTEGER PRIMARY KEY, patient_id INTEGER REFERENCES patients, "
        "scheduled_at TIMESTAMP, status TEXT, booked_at TIMESTAMP)"
    )
    con.execute(
        "INSERT INTO visits SELECT i, i % 120, TIMESTAMP '2024-01-01' + INTERVAL (i * 7) HOUR, CASE WHEN "
        "TIMESTAMP '2024-01-01' + INTERVAL (i * 7) HOUR > TIMESTAMP '2024-12-31' THEN 'scheduled' "
        "WHEN i % 4 = 0 THEN 'no_show' ELSE 'attended' END, LEAST(TIMESTAMP '2024-01-01' + INTERVAL (i * 7 - 900) HOUR, "
        "TIMESTAMP '2024-12-31') FROM range(1560) t(i)"
    )
    return con


def test_a_backtest_ends_by_the_other_tables_present(clinic):
    rfm = rfm_sql.attach(clinic)
    evaluation = rfm.evaluate(ATTENDS)
    assert evaluation.last_anchor <= PRESENT - dt.timedelta(days=30)
    with pytest.raises(UserError, match=r"visits runs on to .*dated ahead.*The latest anchor whose windows are fully"):
        rfm.evaluate(ATTENDS, anchor_time=PRESENT - dt.timedelta(days=10))


def test_a_table_of_events_running_on_past_the_others_keeps_its_own_end(clinic):
    """Without a date saying when its rows were written, a table running on past the others is a record of
    events (absences long after the last hire): its last row ends the data, as before."""
    clinic.execute("CREATE TABLE visits_only AS SELECT * EXCLUDE (booked_at) FROM visits")
    clinic.execute("ALTER TABLE visits RENAME TO visits_booked")
    clinic.execute("ALTER TABLE visits_only RENAME TO visits")
    try:
        rfm = rfm_sql.attach(clinic, tables=["patients", "visits"])
        rfm.graph.link("visits", "patient_id", "patients")
        rfm.evaluate(ATTENDS, anchor_time=PRESENT - dt.timedelta(days=10))  # not refused
    finally:
        clinic.execute("DROP TABLE visits")
        clinic.execute("ALTER TABLE visits_booked RENAME TO visits")


def test_a_past_date_copied_on_each_row_is_no_sign_of_rows_dated_ahead():
    """A policy's date on every absence (2020-01-01) ends long before the present: it says nothing of when the
    rows were written, and the backtest's end stays the table's own (it moved 2.8 years back)."""
    con = duckdb.connect()
    con.execute("CREATE TABLE employees (employee_id INTEGER PRIMARY KEY, hired_at TIMESTAMP)")
    con.execute("INSERT INTO employees SELECT i, TIMESTAMP '2021-01-01' + INTERVAL (i) DAY FROM range(100) t(i)")
    con.execute(
        "CREATE TABLE absences (absence_id INTEGER PRIMARY KEY, employee_id INTEGER REFERENCES employees, "
        "absent_on TIMESTAMP, policy_date TIMESTAMP)"
    )
    con.execute(
        "INSERT INTO absences SELECT i, i % 100, TIMESTAMP '2021-06-01' + INTERVAL (i * 3) HOUR, "
        "TIMESTAMP '2020-01-01' FROM range(9000) t(i)"
    )
    query = "PREDICT COUNT(absences.*, 0, 30, days) > 0 FOR EACH employees.employee_id"
    evaluation = rfm_sql.attach(con).evaluate(query)
    assert evaluation.last_anchor > dt.datetime(2024, 5, 1)  # the absences run to 2024-06-30
