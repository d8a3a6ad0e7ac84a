"""An end column a row's own child rows outlive is no end (graph/outlived.py): a member's resigned_at is the notice,
and the member plays on to the year's end (a golf club trial's resigning members were left out of predictions and
contexts from their notice on). An end the rows stop at stays one."""

import datetime as dt

import duckdb

import rfm_sql
from rfm_sql.runtime import ended


def _club(play_on: bool, rfm: bool = False):
    """200 members joined in 2022; a third give notice (resigned_at) during 2023, and play weekly until then, or
    (`play_on`) to the year's end."""
    con = duckdb.connect()
    con.execute("CREATE TABLE members (member_id INTEGER PRIMARY KEY, joined_at TIMESTAMP, resigned_at TIMESTAMP)")
    con.execute(
        "INSERT INTO members SELECT i, TIMESTAMP '2022-01-01' + INTERVAL (i) DAY, CASE WHEN i % 3 = 0 THEN TIMESTAMP '2023-02-01' "
        "+ INTERVAL (i) DAY END FROM range(200) t(i)"
    )
    until = "TIMESTAMP '2023-12-31'" if play_on else "COALESCE(m.resigned_at, TIMESTAMP '2023-12-31')"
    con.execute(
        "CREATE TABLE rounds (round_id INTEGER PRIMARY KEY, member_id INTEGER REFERENCES members, played_at TIMESTAMP)"
    )
    con.execute(
        f"INSERT INTO rounds SELECT 1000 * m.member_id + w, m.member_id, TIMESTAMP '2023-01-02' + INTERVAL (7 * w) DAY "
        f"FROM members m, range(52) t(w) WHERE TIMESTAMP '2023-01-02' + INTERVAL (7 * w) DAY <= {until}"
    )
    return rfm_sql.attach(con) if rfm else rfm_sql.attach(con).graph


def test_an_end_the_rows_own_rows_outlive_is_dropped_and_said():
    graph = _club(play_on=True)
    assert graph.table("members").end_columns == ()
    assert "not an end: resigned_at, its rounds rows go on after it" in graph.why("members", "<time column>")
    assert "not an end time: resigned_at" in graph.describe()


def test_an_end_the_rows_stop_at_stays():
    assert _club(play_on=False).table("members").end_columns == ("resigned_at",)


def test_a_prediction_says_the_graph_found_it_no_end_not_that_it_was_forgotten():
    """The warning of members past their notice names the finding, not "members has no end time" as if unset."""
    rfm = _club(play_on=True, rfm=True)
    vq = rfm.resolve("PREDICT COUNT(rounds.*, 0, 30, days) = 0 FOR EACH members.member_id")
    with rfm.graph.reader() as cur:
        note = ended.unset_end_note(cur, vq, rfm.graph, dt.datetime(2023, 9, 1))
    assert note.startswith("67 of the 200 members rows that exist at 2023-09-01 00:00:00 have members.resigned_at")
    assert "its rounds rows go on after it" in note and "has no end time" not in note
    assert 'rfm.graph.set_end_time("members", "resigned_at")' in note
