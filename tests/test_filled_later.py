"""A column filled in when a later date of its row is set (an enrolment's score, written when it is completed)
reads as NULL where that date is after the anchor: an HR trial's salary-raise predictions read the scores of
courses finished after the anchor (their enrolments, dated before it, were read whole). Found from the data
(graph/filled_later.py), masked wherever the features read the table beside the seed (compile/filled_later.py)."""

import datetime as dt

import duckdb

import rfm_sql
from rfm_sql.runtime.context import feature_query
from tests.feature_rows import feature_rows

ANCHOR = dt.datetime(2024, 6, 1)
RAISE = "PREDICT SUM(raises.amount, 0, 90, days) FOR EACH staff.staff_id"


def _school(cut: bool = False):
    """20 staff; an enrolment every 9 hours through 2024, completed 5 to 60 days later (every fifth never), its
    score set with its completion and a fee set when it is made; a raise every 2 days.
    `cut`: as the database stood at ANCHOR (later rows deleted, later completions and their scores unmade)."""
    con = duckdb.connect()
    con.execute("CREATE TABLE staff (staff_id INTEGER PRIMARY KEY, hired_at TIMESTAMP)")
    con.execute("INSERT INTO staff SELECT i, TIMESTAMP '2023-01-01' + INTERVAL (i) DAY FROM range(20) t(i)")
    con.execute(
        "CREATE TABLE enrolments (enrolment_id INTEGER PRIMARY KEY, staff_id INTEGER REFERENCES staff, enrolled_at "
        "TIMESTAMP, completed_at TIMESTAMP, score DOUBLE, fee DOUBLE)"
    )
    con.execute(
        "INSERT INTO enrolments SELECT i, i % 20, TIMESTAMP '2024-01-01' + INTERVAL (9 * i) HOUR, CASE WHEN i % 5 "
        "<> 0 THEN TIMESTAMP '2024-01-01' + INTERVAL (9 * i) HOUR + INTERVAL (5 + (i * 7) % 56) DAY END, CASE WHEN "
        "i % 5 <> 0 THEN 50 + (i * 13) % 50 END, 10 + i % 7 FROM range(900) t(i)"
    )
    con.execute(
        "CREATE TABLE raises (raise_id INTEGER PRIMARY KEY, staff_id INTEGER REFERENCES staff, raised_at TIMESTAMP, "
        "amount DOUBLE)"
    )
    con.execute(
        "INSERT INTO raises SELECT i, i % 20, TIMESTAMP '2024-01-01' + INTERVAL (2 * i) DAY, 100 + i % 30 FROM "
        "range(170) t(i)"
    )
    if cut:
        con.execute("DELETE FROM enrolments WHERE enrolled_at > ?", [ANCHOR])
        con.execute("DELETE FROM raises WHERE raised_at > ?", [ANCHOR])
        con.execute("UPDATE enrolments SET completed_at = NULL, score = NULL WHERE completed_at > ?", [ANCHOR])
    return con


def test_a_column_filled_in_with_a_later_date_is_not_read_before_that_date():
    con = _school()
    rfm = rfm_sql.attach(con)
    assert rfm.graph.table("enrolments").filled_with == (("score", "completed_at"),)  # not the fee, set at once
    assert "score (numerical, filled in with completed_at: not read before it)" in rfm.graph.describe()
    features = feature_query(rfm.resolve(RAISE), rfm.graph)
    rows = feature_rows(con, features, range(20), ANCHOR)
    score = [n for n in next(iter(rows.values())) if "enrolments.score" in n]
    assert score and any(r[n] is not None for r in rows.values() for n in score)
    # every feature as on the database as it stood at the anchor, where the scores given later were not there
    cut = _school(cut=True)
    later = "SELECT COUNT(*) FROM enrolments WHERE enrolled_at <= $1 AND completed_at > $1"
    assert con.execute(later, [ANCHOR]).fetchone()[0] > 10  # scores the cut database does not have
    assert feature_rows(cut, features, range(20), ANCHOR) == rows


def test_a_lagged_target_reads_its_window_as_its_label_does():
    """A label reads a filled column as it is known when its window closes, and the lagged target a window back
    is that label: masked by its own shifted anchor, scores of courses still running then read NULL (0 where the
    label said 292)."""
    con = _school()
    rfm = rfm_sql.attach(con)
    pql = "PREDICT SUM(enrolments.score, 0, 30, days) FOR EACH staff.staff_id"
    features = feature_query(rfm.resolve(pql), rfm.graph)
    lag = next(f.name for f in features.features if f.name.endswith(":target_lag1"))
    rows = feature_rows(con, features, range(20), ANCHOR)
    back = rfm.labels(pql, anchor_time=ANCHOR - dt.timedelta(days=30)).to_pylist()
    want = {r["ENTITY"]: r["TARGET"] for r in back}
    assert len(want) == 20 and sum(v > 0 for v in want.values()) >= 8  # staff 0, 5, 10, 15 never complete one
    assert {s: rows[s][lag] for s in range(20)} == want
    # a label reads a filled column as it is known when its window closes: the same on the database as it stood
    # then (a support desk's satisfaction answered after the anchor had counted in the last lag and the labels)
    cut = rfm_sql.attach(_school(cut=True)).labels(pql, anchor_time=ANCHOR - dt.timedelta(days=30)).to_pylist()
    assert {r["ENTITY"]: r["TARGET"] for r in cut} == want
    late = "SELECT COUNT(*) FROM enrolments WHERE enrolled_at > $1 AND completed_at > $2"
    assert con.execute(late, [ANCHOR - dt.timedelta(days=30), ANCHOR]).fetchone()[0] > 0  # scores it leaves out
