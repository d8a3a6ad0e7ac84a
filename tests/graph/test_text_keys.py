"""Text columns of another table's integer keys (`graph.text_keys`): no link can match them, so describe() names
each with the view that reads it as a number and the link to make (five trial databases had one and heard of it
only from a query's error)."""

import re

import duckdb
import pytest

import rfm_sql
from rfm_sql.errors import RFMError


def _listening(con, ref_values: str = "CAST(i % 200 AS VARCHAR)", ref_name: str = "listener_ref") -> None:
    con.execute("CREATE TABLE listeners (listener_id INTEGER PRIMARY KEY, country VARCHAR)")
    con.execute("INSERT INTO listeners SELECT i, 'c' || (i % 5) FROM range(200) t(i)")
    con.execute(f"CREATE TABLE sessions (session_id INTEGER PRIMARY KEY, {ref_name} VARCHAR, started_at TIMESTAMP)")
    con.execute(
        f"INSERT INTO sessions SELECT i, {ref_values}, TIMESTAMP '2024-01-01' + INTERVAL (i * 3) HOUR FROM range(5000) t(i)"
    )


def test_a_text_column_of_integer_keys_is_named_with_the_view_and_link_that_fix_it():
    con = duckdb.connect()
    _listening(con)
    rfm = rfm_sql.attach(con)
    said = [line for line in rfm.describe().splitlines() if "not linked" in line]
    assert len(said) == 1 and said[0].startswith(
        "  not linked: listener_ref  [text holding listeners.listener_id values"
    )
    assert "100% of its distinct values" in said[0] and "a key of type INTEGER" in said[0]
    con.execute(re.search(r"in a view, (CREATE VIEW [^;]*);", said[0]).group(1))
    rfm = rfm_sql.attach(con)
    exec(re.search(r"then (rfm\.graph\.link\([^)]*\))", said[0]).group(1))  # the advice, as a user runs it
    query = "PREDICT COUNT(sessions_keyed.*, 0, 30, days) FOR EACH listeners.listener_id"
    labels = rfm.labels(query, anchor_time="2024-03-01")
    assert labels.num_rows == 200 and sum(labels.column("TARGET").to_pylist()) == 240  # 30 days of 8 sessions a day


def test_text_of_numbers_that_is_no_key_is_not_named():
    con = duckdb.connect()
    _listening(con, ref_name="locker_no")  # digits a listener table's ids hold, under a name of no table
    assert "not linked" not in rfm_sql.attach(con).describe()
    con = duckdb.connect()
    _listening(con, ref_values="CAST(1000 + i % 200 AS VARCHAR)")  # named like a key, but no listener's
    assert "not linked" not in rfm_sql.attach(con).describe()
    con = duckdb.connect()
    _listening(con, ref_values="'L' || CAST(i % 200 AS VARCHAR)")  # not integers: a text key's own business
    assert "not linked" not in rfm_sql.attach(con).describe()


def test_a_text_column_named_for_the_key_s_own_stem_is_named():
    """donations.appt_ref of appointments.appt_id (a blood service trial): the name says the key, not the table."""
    con = duckdb.connect()
    con.execute("CREATE TABLE appointments (appt_id INTEGER PRIMARY KEY, booked_at TIMESTAMP)")
    con.execute("INSERT INTO appointments SELECT i, TIMESTAMP '2024-01-01' + INTERVAL (i) HOUR FROM range(300) t(i)")
    con.execute("CREATE TABLE donations (donation_id INTEGER PRIMARY KEY, appt_ref VARCHAR, donated_at TIMESTAMP)")
    con.execute(
        "INSERT INTO donations SELECT i, CAST(i AS VARCHAR), TIMESTAMP '2024-01-01' + INTERVAL (i) HOUR FROM range(250) t(i)"
    )
    assert "  not linked: appt_ref  [text holding appointments.appt_id values" in rfm_sql.attach(con).describe()


def test_a_query_over_a_table_with_other_links_names_the_text_column_and_its_view():
    """complaints.pickup_ref beside complaints.site_id (a waste hauler trial): asked per pickup, the error named no
    column, "rfm.graph.link("complaints", "<fk column>", "pickups")", which no link can match."""
    con = duckdb.connect()
    _listening(con)
    con.execute("CREATE TABLE sites (site_id INTEGER PRIMARY KEY, city VARCHAR)")
    con.execute("INSERT INTO sites SELECT i, 'c' || (i % 3) FROM range(20) t(i)")
    con.execute("ALTER TABLE sessions ADD COLUMN site_id INTEGER")
    con.execute("UPDATE sessions SET site_id = session_id % 20")
    rfm = rfm_sql.attach(con)
    assert any(lk.child == "sessions" and lk.parent == "sites" for lk in rfm.graph.links)
    with pytest.raises(RFMError) as raised:
        rfm.predict("PREDICT COUNT(sessions.*, 0, 30, days) FOR EACH listeners.listener_id")
    said = str(raised.value)
    assert "Its column listener_ref holds listeners.listener_id values stored as VARCHAR" in said
    assert "CREATE VIEW sessions_keyed" in said and "<fk column>" not in said
    assert 'rfm.graph.link("sessions_keyed", "listener_ref", "listeners")' in said


def test_the_text_key_describe_found_is_named_before_a_number_that_fits_by_chance():
    """rentals.locker_no (1-399) holds guest ids by chance beside rentals.guest_ref, the guest's id as text (a ski
    resort trial): the error offered to link the lockers."""
    con = duckdb.connect()
    _listening(con)
    con.execute("ALTER TABLE sessions ADD COLUMN locker_no INTEGER")
    con.execute("UPDATE sessions SET locker_no = 1 + session_id % 150")
    rfm = rfm_sql.attach(con)
    with pytest.raises(RFMError) as raised:
        rfm.predict("PREDICT COUNT(sessions.*, 0, 30, days) FOR EACH listeners.listener_id")
    said = str(raised.value)
    assert "Its column listener_ref holds listeners.listener_id values" in said and "locker_no" not in said
