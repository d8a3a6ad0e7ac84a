"""A parent row written ahead of its time (a cohort announced months before it starts) exists from its writing: an
entity that references it reads its columns from then on. Read from its start only, an enrollment in a cohort not
started yet read its track as missing, a bootcamp trial's grades dropped every cohort feature as "today's state"."""

import datetime as dt

import duckdb

import rfm_sql
from rfm_sql.runtime.context import feature_query
from tests.feature_rows import feature_rows

ANCHOR = dt.datetime(2024, 3, 1)


def test_a_parent_written_ahead_is_read_from_its_writing():
    con = duckdb.connect()
    con.execute(
        "CREATE TABLE cohorts (cohort_id INTEGER PRIMARY KEY, announced_at TIMESTAMP, start_date TIMESTAMP, "
        "track VARCHAR)"
    )
    con.execute(  # a cohort a month, announced 90 days before it starts
        "INSERT INTO cohorts SELECT i, TIMESTAMP '2023-01-01' + INTERVAL (30 * i - 90) DAY, "
        "TIMESTAMP '2023-01-01' + INTERVAL (30 * i) DAY, ['web', 'data', 'cloud'][1 + i % 3] FROM range(30) t(i)"
    )
    con.execute(
        "CREATE TABLE enrollments (enrollment_id INTEGER PRIMARY KEY, cohort_id INTEGER REFERENCES cohorts, "
        "enrolled_at TIMESTAMP)"
    )
    con.execute(  # enrolled 60 days before the cohort starts
        "INSERT INTO enrollments SELECT 100 * c + k, c, TIMESTAMP '2023-01-01' + INTERVAL (30 * c - 60 + k) DAY "
        "FROM range(30) a(c), range(20) b(k)"
    )
    con.execute(
        "CREATE TABLE submissions (submission_id INTEGER PRIMARY KEY, enrollment_id INTEGER, submitted_at TIMESTAMP)"
    )
    con.execute(
        "INSERT INTO submissions SELECT 1000 * e.enrollment_id + w, e.enrollment_id, c.start_date + INTERVAL (7 * w) DAY "
        "FROM enrollments e JOIN cohorts c USING (cohort_id), range(12) t(w)"
    )
    for name, when in (("submissions", "submitted_at"), ("enrollments", "enrolled_at"), ("cohorts", "announced_at")):
        con.execute(f"DELETE FROM {name} WHERE {when} > TIMESTAMP '2024-06-30'")  # the data ends: cohorts to come
    rfm = rfm_sql.attach(con)
    assert rfm.graph.table("cohorts").written_by == "announced_at"
    features = feature_query(
        rfm.resolve("PREDICT COUNT(submissions.*, 0, 30, days) FOR EACH enrollments.enrollment_id"), rfm.graph
    )
    (track,) = [f.name for f in features.features if f.name.endswith("cohorts.track")]
    # cohort 15 starts 2024-03-27, announced 2023-12-28: its enrollments, made since, read its track at the anchor
    (enrolled,) = [
        e for (e,) in con.execute("SELECT MIN(enrollment_id) FROM enrollments WHERE cohort_id = 15").fetchall()
    ]
    row = feature_rows(con, features, [enrolled], ANCHOR)[enrolled]
    assert row[track] == "web"
