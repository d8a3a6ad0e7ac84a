"""A static class target whose table has an end time: a row is predicted and learnt from only until it ends, so a
class held only by ended rows (an enrollment's status 'dropped', set with its dropped_at) is never predicted. An
online-course trial got predictions over two of three classes with no word of why; the WARNING says so now, and
how to learn from ended rows."""

import warnings

import duckdb
import pytest

import rfm_sql
from rfm_sql.errors import RFMWarning

STATUS = "PREDICT enrollments.status FOR EACH enrollments.enrollment_id"


@pytest.fixture()
def school():
    """600 enrollments over 2024: every third dropped 5 days in (dropped_at set; none of the last 20 days'),
    the rest completed or active."""
    con = duckdb.connect()
    con.execute(
        "CREATE TABLE enrollments (enrollment_id INTEGER PRIMARY KEY, enrolled_at TIMESTAMP, dropped_at TIMESTAMP, "
        "hours DOUBLE, status TEXT)"
    )
    con.execute(
        "INSERT INTO enrollments SELECT i, TIMESTAMP '2024-01-01' + INTERVAL (i % 300) DAY, "
        "CASE WHEN i % 3 = 0 AND i % 300 < 280 THEN TIMESTAMP '2024-01-01' + INTERVAL (i % 300 + 5) DAY END, "
        "(i % 7) * 3.0, CASE WHEN i % 3 = 0 AND i % 300 < 280 THEN 'dropped' WHEN i % 2 = 0 THEN 'completed' "
        "ELSE 'active' END FROM range(1, 601) t(i)"
    )
    return con


def _warnings(rfm) -> tuple[list[str], set]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        table = rfm.predict(STATUS, entities=[1, 2], context_size=200)
    said = [str(w.message) for w in caught if issubclass(w.category, RFMWarning)]
    return said, set(table.column("CLASS").to_pylist())


def test_a_class_only_ended_rows_hold_is_named_in_the_warning(school):
    rfm = rfm_sql.attach(school)
    assert rfm.graph.table("enrollments").end_columns == ("dropped_at",)
    said, classes = _warnings(rfm)
    assert classes == {"completed", "active"}
    note = next(s for s in said if "only rows ended by the anchor hold" in s)
    assert "'dropped' (" in note and "rows)" in note
    assert "rfm.graph.set_end_time('enrollments', None)" in note
    # the SQL surface reads the same note in its WARNING column
    sql = school.sql(f"SELECT DISTINCT WARNING FROM rfm_predict('{STATUS}', context_size := 200)").fetchall()
    assert any("only rows ended by the anchor hold: 'dropped'" in (w or "") for (w,) in sql)


def test_the_advice_brings_the_class_back(school):
    rfm = rfm_sql.attach(school)
    rfm.graph.set_end_time("enrollments", None)
    said, classes = _warnings(rfm)
    assert classes == {"completed", "active", "dropped"}
    assert not any("only rows ended" in s for s in said)


def test_a_class_live_rows_hold_too_is_not_said_to_be_lost(school):
    """Judged against the table, not the sampled context: three live 'transferred' rows the sample may miss keep
    the class, and nothing is said."""
    school.execute(
        "INSERT INTO enrollments SELECT 1000 + i, TIMESTAMP '2024-10-20', NULL, 1.0, 'transferred' FROM range(3) t(i)"
    )
    school.execute(
        "INSERT INTO enrollments SELECT 2000 + i, TIMESTAMP '2024-02-01', TIMESTAMP '2024-02-05', 1.0, 'transferred' "
        "FROM range(100) t(i)"
    )
    said, _ = _warnings(rfm_sql.attach(school))
    note = " ".join(s for s in said if "only rows ended by the anchor hold" in s)
    assert "'dropped'" in note and "transferred" not in note


def test_when_ended_rows_hold_every_other_class_the_error_says_so(school):
    """A nonprofit trial's recurring plans: every cancelled one ended by its cancelled_at, so the live ones were all
    'active' and the error spoke of candidates 'linked'; it names the one class and the classes ended rows hold."""
    school.execute("UPDATE enrollments SET status = 'active' WHERE status = 'completed'")
    rfm = rfm_sql.attach(school)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with pytest.raises(rfm_sql.errors.NoExamplesError) as err:
            rfm.predict(STATUS, entities=[1, 2], context_size=200)
    said = str(err.value)
    assert "has the same class" in said and "linked" not in said
    assert "only rows ended by the anchor hold: 'dropped'" in said and "set_end_time('enrollments', None)" in said


def test_a_binary_target_only_ended_rows_make_true_says_so_and_how_to_count_the_ends(school):
    """`PREDICT enrollments.status = 'dropped'`: every dropped row ended by its dropped_at, so every example was
    False, and the warning spoke only of a misspelt category (an airline trial's cancelled bookings)."""
    rfm = rfm_sql.attach(school)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        rfm.predict("PREDICT enrollments.status = 'dropped' FOR EACH enrollments.enrollment_id", entities=[1, 2])
    note = " ".join(str(w.message) for w in caught if "only rows ended by the anchor hold" in str(w.message))
    assert "enrollments.status takes values that only rows ended by the anchor hold: 'dropped' (" in note
    assert "count the ends as rows dated by dropped_at: CREATE VIEW enrollments_dropped_at" in note
    # a value live rows hold too is no such case
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        rfm.predict("PREDICT enrollments.status = 'active' FOR EACH enrollments.enrollment_id", entities=[1, 2])
    assert not any("only rows ended" in str(w.message) for w in caught)
