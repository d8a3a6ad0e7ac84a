"""Columns filled in once their row is old enough, with no date of their own (`graph.maturing`,
`compile.filled_later`): an enrolment's final grade, posted after its term ends. At a past anchor the features read
it only on the rows old enough then, as a copy of the database taken at the anchor holds it. A school trial's
withdrawal backtest read grades posted after its anchor (AUROC 0.956, 0.564 from such a copy)."""

import datetime as dt

import duckdb

import rfm_sql
from rfm_sql.runtime.context import feature_query
from tests.feature_rows import feature_rows

ANCHOR = dt.datetime(2024, 6, 16)
NOW = dt.datetime(2024, 11, 12)
QUERY = "PREDICT COUNT(enrollments.*, 0, 90, days) > 0 FOR EACH students.student_id"


def _school(at: dt.datetime = NOW):
    """60 students enrolled in a course each 10 days from 2022-01-01 to 2024-11-06 (+ up to 6 days); the grade (A..D)
    is posted 100 days after enrolment, never on every fifth enrolment (dropped). `at`: the database as it stood
    then (by default its last enrolment)."""
    con = duckdb.connect()
    con.execute("CREATE TABLE students (student_id INTEGER PRIMARY KEY, joined_at TIMESTAMP)")
    con.execute("INSERT INTO students SELECT i, TIMESTAMP '2021-12-01' FROM range(60) t(i)")
    con.execute(
        "CREATE TABLE enrollments (enrollment_id INTEGER PRIMARY KEY, student_id INTEGER REFERENCES students, "
        "enrolled_at TIMESTAMP, final_grade VARCHAR)"
    )
    con.execute(
        "INSERT INTO enrollments SELECT 1000 * s + k, s, TIMESTAMP '2022-01-01' + INTERVAL (10 * k + s % 7) DAY, "
        "CASE WHEN (s + k) % 5 <> 0 THEN ['A', 'B', 'C', 'D'][1 + (s + k) % 4] END FROM range(60) a(s), range(105) b(k)"
    )
    con.execute("DELETE FROM enrollments WHERE enrolled_at > ?", [at])
    con.execute("UPDATE enrollments SET final_grade = NULL WHERE enrolled_at + INTERVAL 100 DAY > ?", [at])
    return con


def test_a_grade_posted_after_its_row_is_read_only_once_old_enough_at_the_anchor():
    con = _school()
    rfm = rfm_sql.attach(con)
    ((column, days),) = rfm.graph.table("enrollments").matures
    # the youngest graded rows' age less a few: at least the 100 days a grade takes (none read early), a little more
    assert column == "final_grade" and 100 <= days <= 110
    assert "final_grade (categorical, filled in" in rfm.graph.describe()
    features = feature_query(rfm.resolve(QUERY), rfm.graph)
    grades = [f.name for f in features.features if "final_grade" in f.name]
    assert grades
    entities = list(range(0, 60, 4))
    copy = _school(ANCHOR)  # as it stood at the anchor, with the grades not yet `days` old then unread too
    copy.execute("UPDATE enrollments SET final_grade = NULL WHERE enrolled_at + to_days(?) > ?", [int(days), ANCHOR])
    now, then = feature_rows(con, features, entities, ANCHOR), feature_rows(copy, features, entities, ANCHOR)
    assert [now[e][n] for e in entities for n in grades] == [then[e][n] for e in entities for n in grades]


def test_a_column_set_at_every_age_does_not_mature():
    con = _school()
    con.execute(
        "UPDATE enrollments SET final_grade = 'A' WHERE final_grade IS NULL AND (student_id + enrollment_id) % 5 = 1"
    )
    assert rfm_sql.attach(con).graph.table("enrollments").matures == ()


def test_a_column_set_when_a_row_booked_ahead_is_held_matures_from_the_present():
    """Events booked 30 to 120 days ahead, their final headcount set when held: aged from the furthest booking, the
    headcount read as filled in over 100 days after the event (a catering trial: 296, never read for ten months);
    from the database's present, within days of it."""
    con = duckdb.connect()
    con.execute("CREATE TABLE clients (client_id INTEGER PRIMARY KEY, joined_at TIMESTAMP)")
    con.execute("INSERT INTO clients SELECT i, TIMESTAMP '2022-01-01' FROM range(40) t(i)")
    con.execute(
        "CREATE TABLE events (event_id INTEGER PRIMARY KEY, client_id INTEGER REFERENCES clients, booked_at TIMESTAMP, "
        "event_date TIMESTAMP, headcount_final INTEGER)"
    )
    con.execute(  # two bookings a day through 2024-06-30, each held 30 to 120 days later
        "INSERT INTO events SELECT i, i % 40, TIMESTAMP '2023-01-01' + INTERVAL (12 * i) HOUR, "
        "TIMESTAMP '2023-01-01' + INTERVAL (12 * i) HOUR + INTERVAL (30 + (i * 37) % 91) DAY, 20 + i % 80 "
        "FROM range(1092) t(i)"
    )
    con.execute("UPDATE events SET headcount_final = NULL WHERE event_date > TIMESTAMP '2024-06-30'")
    events = rfm_sql.attach(con).graph.table("events")
    assert events.written_by == "booked_at"
    ((column, days),) = events.matures
    assert column == "headcount_final" and 0 <= days <= 7
