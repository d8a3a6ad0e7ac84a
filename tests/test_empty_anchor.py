"""A backtest at several anchors leaves out, with a warning, an anchor whose entity filter keeps no one (a school
trial's summer anchor stopped the whole backtest) and scores the others; none labelled anywhere is an error."""

import duckdb
import pytest

import rfm_sql
from rfm_sql.errors import NoExamplesError, RFMWarning

QUERY = "PREDICT COUNT(visits.*, 0, 30, days) > 0 FOR EACH students.student_id WHERE COUNT(visits.*, -30, 0, days) > 0"


@pytest.fixture(scope="module")
def school():
    """40 students visiting on most third days from 2023-09-01 to 2024-12-24, none in July and August."""
    con = duckdb.connect()
    con.execute("CREATE TABLE students (student_id INTEGER PRIMARY KEY, joined_at TIMESTAMP)")
    con.execute("INSERT INTO students SELECT i, TIMESTAMP '2023-06-01' FROM range(40) t(i)")
    con.execute(
        "CREATE TABLE visits (visit_id INTEGER PRIMARY KEY, student_id INTEGER REFERENCES students, at_ts TIMESTAMP)"
    )
    con.execute(
        "INSERT INTO visits SELECT i, i % 40, TIMESTAMP '2023-09-01' + INTERVAL (i // 40 * 3) DAY FROM range(6400) t(i) "
        "WHERE (i // 40 + i % 40) % 4 <> 0 AND month(TIMESTAMP '2023-09-01' + INTERVAL (i // 40 * 3) DAY) NOT IN (7, 8)"
    )
    return con


def test_an_anchor_the_filter_keeps_no_one_at_is_left_out_with_a_warning(school):
    rfm = rfm_sql.attach(school)
    with pytest.warns(RFMWarning, match=r"Not scored: No labelled examples at 2024-08-31") as caught:
        evaluation = rfm.evaluate(QUERY, anchor_time=["2024-05-01", "2024-08-31", "2024-10-01"])
    assert evaluation.anchors == 2 and evaluation.n == 80
    assert any("Not scored" in str(w.message) for w in caught)


def test_no_anchor_labelled_is_an_error(school):
    with pytest.raises(NoExamplesError, match="No labelled examples at 2024-08-31"):
        rfm_sql.attach(school).evaluate(QUERY, anchor_time=["2024-08-31"])
