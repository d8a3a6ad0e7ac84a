"""A stray far-future timestamp (a mistyped year, a sentinel date) never becomes the default anchor: it used to
move the anchor centuries ahead, where every label window is empty, so every prediction read "nothing happens"
and the default backtest looked excellent, without a word. Labels asked where their windows are not observed
yet say so."""

import datetime as dt
import warnings

import pytest

import rfm_sql
from rfm_sql.errors import RFMWarning

SPEND = "PREDICT SUM(orders.amount, 0, 30, days) FOR EACH users.user_id"
END = dt.datetime(2024, 12, 30, 23, 50)  # the demo shop's latest order


def _with_stray(shop, when: str):
    shop.execute(f"INSERT INTO orders VALUES (999999, 1, 1, {when}, 1, 5.0)")
    return rfm_sql.attach(shop)


@pytest.mark.parametrize("when", ["TIMESTAMP '2204-12-30'", "'infinity'", "TIMESTAMP '9999-12-31'"])
def test_a_stray_timestamp_is_left_out_of_the_default_anchor_and_named(shop, when):
    assert shop.sql("SELECT max(ordered_at) FROM orders").fetchall()[0][0] == END
    rfm = _with_stray(shop, when)
    with pytest.warns(RFMWarning, match=r"orders\.ordered_at: 1 row dated") as caught:
        out = rfm.predict(SPEND, context_size=100)
    assert set(out.column("ANCHOR_TIMESTAMP").to_pylist()) == {END}
    assert str(END) in str(caught[0].message)  # the anchor it took instead
    assert "anchor_time" in str(caught[0].message)  # how to choose another
    assert "mistyped year" in out.column("WARNING")[0].as_py()
    assert max(out.column("TARGET_PRED").to_pylist()) > 0  # not "nothing happens" for everyone
    with pytest.warns(RFMWarning, match="Left out of the default anchor"):
        evaluation = rfm.evaluate(SPEND, context_size=100)
    assert evaluation.last_anchor == END - dt.timedelta(days=30)  # one horizon before the real end
    sql = rfm.con.sql(f"SELECT DISTINCT ANCHOR_TIMESTAMP, WARNING FROM rfm_predict('{SPEND}')").fetchall()
    assert len(sql) == 1 and sql[0][0] == END and "mistyped year" in sql[0][1]


def test_a_minus_infinity_sentinel_is_no_stray_to_warn_about(shop):
    rfm = _with_stray(shop, "'-infinity'")
    with warnings.catch_warnings():
        warnings.simplefilter("error", RFMWarning)
        out = rfm.predict(SPEND, context_size=100)
    assert set(out.column("ANCHOR_TIMESTAMP").to_pylist()) == {END}


def test_an_explicit_anchor_is_not_second_guessed(shop):
    rfm = _with_stray(shop, "TIMESTAMP '2204-12-30'")
    with warnings.catch_warnings():
        warnings.simplefilter("error", RFMWarning)
        out = rfm.predict(SPEND, anchor_time="2024-12-01", context_size=100)
    assert "WARNING" not in out.column_names


def test_clean_data_keeps_its_latest_timestamp_without_a_warning(shop):
    rfm = rfm_sql.attach(shop)
    with warnings.catch_warnings():
        warnings.simplefilter("error", RFMWarning)
        out = rfm.predict(SPEND, context_size=100)
    assert set(out.column("ANCHOR_TIMESTAMP").to_pylist()) == {END}
    assert "WARNING" not in out.column_names


def test_labels_whose_window_is_not_observed_yet_say_so(shop):
    rfm = rfm_sql.attach(shop)
    with pytest.warns(RFMWarning, match="not observed yet") as caught:
        rfm.labels(SPEND)  # the default anchor: the data's end, so its window is empty
    assert str(END - dt.timedelta(days=30)) in str(caught[0].message)  # the latest anchor that is observed
    with warnings.catch_warnings():
        warnings.simplefilter("error", RFMWarning)
        assert rfm.labels(SPEND, anchor_time=END - dt.timedelta(days=30)).num_rows > 0


def test_a_stray_added_after_a_first_call_is_seen(shop):
    rfm = rfm_sql.attach(shop)
    assert set(rfm.predict(SPEND, context_size=100).column("ANCHOR_TIMESTAMP").to_pylist()) == {END}
    shop.execute("INSERT INTO orders VALUES (999999, 1, 1, TIMESTAMP '2204-12-30', 1, 5.0)")  # what was read changed
    with pytest.warns(RFMWarning, match="Left out of the default anchor"):
        out = rfm.predict(SPEND, context_size=100)
    assert set(out.column("ANCHOR_TIMESTAMP").to_pylist()) == {END}


def test_epoch_milliseconds_read_as_seconds_name_the_column_and_the_unit(shop):
    # it said "anchor_time='56969-01-13 10:00:00' is not a timestamp", though no anchor_time was passed
    shop.execute(
        "CREATE TABLE stamped AS SELECT order_id, user_id, (epoch(ordered_at) * 1000)::BIGINT AS ts, amount FROM orders"
    )
    shop.execute("DROP TABLE reviews; DROP TABLE orders")
    rfm = rfm_sql.attach(shop)
    rfm.graph.set_time_column("stamped", "ts", unit="s")
    query = "PREDICT SUM(stamped.amount, 0, 30, days) FOR EACH users.user_id"
    for anchor in (None, "2024-06-01"):
        # refused before any anchor is read (runtime.epochs): a check of the column's values against its unit
        with pytest.raises(
            rfm_sql.UserError, match=r'stamped\.ts is read as seconds .* after 2103.* unit="ms"'
        ) as info:
            rfm.predict(query, anchor_time=anchor, context_size=100)
        assert info.value.param is None and "anchor_time" not in str(info.value)
    rfm.graph.set_time_column("stamped", "ts", unit="ms")
    assert rfm.predict(query, context_size=100).num_rows > 0


def test_labels_before_the_first_entity_say_why_they_are_empty(shop):
    rfm = rfm_sql.attach(shop)
    churn = "PREDICT COUNT(orders.*, 0, 30, days) = 0 FOR EACH users.user_id"
    with pytest.warns(
        RFMWarning, match=r"Labels at 2020-01-01 00:00:00: no users row exists before .* users\.signup_time"
    ):
        assert rfm.labels(churn, anchor_time="2020-01-01").num_rows == 0
    with warnings.catch_warnings():
        warnings.simplefilter("error", RFMWarning)
        assert rfm.labels(churn, anchor_time="2024-06-01").num_rows > 0


def test_one_table_running_far_past_the_others_is_named():
    """Rows of one table dated months past every other (a few future-dated sign-ups) are no present: a static
    target's default anchor is the database's present, and the prediction says why rather than predicting quietly
    as of a time with no activity."""
    import duckdb

    from tests.saas_db import build

    con = duckdb.connect()
    build(con, n_accounts=200)
    con.execute("UPDATE users SET created_at = created_at + INTERVAL 120 DAY WHERE user_id % 50 = 0")
    rfm = rfm_sql.attach(con)
    others = (("events", "ts"), ("invoices", "issued_at"), ("account_products", "added_at"), ("accounts", "signup_at"))
    present = max(con.execute(f"SELECT MAX({t}) FROM {n}").fetchall()[0][0] for n, t in others)  # the rest's last row
    with pytest.warns(RFMWarning, match=r"users\.created_at runs on past the rest of the database") as said:
        out = rfm.predict("PREDICT accounts.plan FOR EACH accounts.account_id", context_size=100)
    assert "anchor_time" in str(said[0].message) and "anchor_time" in out.column("WARNING")[0].as_py()
    assert out.column("ANCHOR_TIMESTAMP")[0].as_py() == present


def test_a_table_written_ahead_of_its_dates_is_no_present_and_says_nothing_of_it():
    """Site closures reported weeks before they start (its time column): a static target's anchor is the present,
    as before, but it warned that the closures run on past the rest, which their reported_at explains (a
    campground trial); emergency closures start the day they are reported, later that day than the DATE's midnight."""
    import duckdb

    con = duckdb.connect()
    con.execute("CREATE TABLE sites (site_id INTEGER PRIMARY KEY, kind VARCHAR, built_at TIMESTAMP)")
    con.execute("INSERT INTO sites SELECT i, ['tent', 'rv'][1 + i % 2], TIMESTAMP '2023-01-01' FROM range(200) t(i)")
    con.execute("CREATE TABLE stays (stay_id INTEGER PRIMARY KEY, site_id INTEGER REFERENCES sites, ts TIMESTAMP)")
    con.execute(
        "INSERT INTO stays SELECT i, i % 200, TIMESTAMP '2023-01-02' + INTERVAL (i * 3) HOUR FROM range(5000) t(i)"
    )
    present = con.execute("SELECT MAX(ts) FROM stays").fetchall()[0][0]
    con.execute(
        "CREATE TABLE closures (closure_id INTEGER PRIMARY KEY, site_id INTEGER REFERENCES sites, "
        "reported_at TIMESTAMP, starts_on DATE)"
    )
    con.execute(  # every tenth starts the day it is reported, the rest 10 to 60 days after
        "INSERT INTO closures SELECT i, i % 200, ? - INTERVAL (i * 7) HOUR, CAST(? - INTERVAL (i * 7) HOUR AS DATE) + "
        "CAST(CASE WHEN i % 10 = 0 THEN 0 ELSE 10 + i % 50 END AS INTEGER) FROM range(1500) t(i)",
        [present, present],
    )
    rfm = rfm_sql.attach(con)
    closures = rfm.graph.table("closures")
    assert (closures.time_column, closures.written_by) == ("starts_on", "reported_at")
    with warnings.catch_warnings():
        warnings.simplefilter("error", RFMWarning)
        out = rfm.predict("PREDICT sites.kind FOR EACH sites.site_id", context_size=100)
    assert out.column("ANCHOR_TIMESTAMP")[0].as_py() == present and "WARNING" not in out.column_names


def test_a_target_table_that_ended_long_before_the_rest_is_named():
    """Devices installed per site: the last install was 3.5 months before the readings end, so the default
    anchor sat there and 'the next 30 days' was a window the rest of the data had long passed, without a word."""
    import duckdb

    con = duckdb.connect()
    con.execute("CREATE TABLE sites (site_id INTEGER PRIMARY KEY, region VARCHAR)")
    con.execute("INSERT INTO sites SELECT i, 'r' || (i % 3) FROM range(12) t(i)")
    con.execute(
        "CREATE TABLE devices (device_id INTEGER PRIMARY KEY, site_id INTEGER REFERENCES sites, installed_at TIMESTAMP)"
    )
    con.execute(
        "INSERT INTO devices SELECT i, i % 12, TIMESTAMP '2024-01-01' + INTERVAL (i * 2) DAY FROM range(150) t(i)"
    )
    con.execute("CREATE TABLE readings (device_id INTEGER REFERENCES devices, read_at TIMESTAMP, temperature DOUBLE)")
    con.execute(
        "INSERT INTO readings SELECT i % 150, TIMESTAMP '2024-01-01' + INTERVAL (i) HOUR, i % 30 FROM range(9500) t(i)"
    )
    rfm = rfm_sql.attach(con)
    query = "PREDICT COUNT(devices.*, 0, 30, days) FOR EACH sites.site_id"
    with pytest.warns(RFMWarning, match=r"is the last row of devices; readings.read_at runs on to 2025-01-30 19:00:00"):
        out = rfm.predict(query, context_size=100)
    assert "anchor_time='2025-01-30 19:00:00'" in out.column("WARNING")[0].as_py()
    # a window longer than the gap: most of "the next 120 days" lies in the data already (an LMS trial's
    # enrollments, 76 days behind the rest, for a 90-day window: nothing said)
    with pytest.warns(RFMWarning, match=r"is the last row of devices; readings.read_at runs on to 2025-01-30 19:00:00"):
        rfm.predict("PREDICT COUNT(devices.*, 0, 120, days) FOR EACH sites.site_id", context_size=100)
    with warnings.catch_warnings():  # its readings: a target table that ends with the rest says nothing
        warnings.simplefilter("error", RFMWarning)
        assert (
            "WARNING"
            not in rfm.predict(
                "PREDICT COUNT(readings.*, 0, 7, days) FOR EACH devices.device_id", context_size=100
            ).column_names
        )


def _outages(announced: bool):
    """Feeders' outages to 2024-12-31, readings to the same day, and 30 planned outages dated 2025-01-08 to
    2025-01-27, each `announced` on 2024-12-20 (else with no date of their writing: a table simply running on)."""
    import duckdb

    con = duckdb.connect()
    con.execute("CREATE TABLE feeders (feeder_id INTEGER PRIMARY KEY, region VARCHAR)")
    con.execute("INSERT INTO feeders SELECT i, 'r' || (i % 3) FROM range(30) t(i)")
    con.execute(
        "CREATE TABLE outages (outage_id INTEGER PRIMARY KEY, feeder_id INTEGER REFERENCES feeders, "
        "started_at TIMESTAMP, announced_at TIMESTAMP)"
    )
    con.execute(
        "INSERT INTO outages SELECT i, i % 30, TIMESTAMP '2024-01-01' + INTERVAL (i * 13) HOUR, NULL "
        "FROM range(675) t(i)"
    )
    con.execute(
        "INSERT INTO outages SELECT 1000 + i, i, TIMESTAMP '2025-01-08' + INTERVAL (i * 16) HOUR, "
        f"{'TIMESTAMP ' + repr('2024-12-20') if announced else 'NULL'} FROM range(30) t(i)"
    )
    con.execute("CREATE TABLE readings (feeder_id INTEGER REFERENCES feeders, read_at TIMESTAMP, load DOUBLE)")
    con.execute(
        "INSERT INTO readings SELECT i % 30, TIMESTAMP '2024-01-01' + INTERVAL (i) HOUR, i % 7 FROM range(8784) t(i)"
    )
    return rfm_sql.attach(con)


def test_rows_announced_ahead_leave_the_default_anchor_at_the_present():
    """A utility trial's planned outages, dated three weeks past the data's end and announced before it, moved the
    default anchor of "outages in the next 30 days" to the last of them, with no word."""
    query = "PREDICT COUNT(outages.*, 0, 30, days) FOR EACH feeders.feeder_id"
    present = dt.datetime(2024, 12, 31, 23, 0)
    with pytest.warns(RFMWarning, match=r"outages runs on to 2025-01-27 08:00:00, 26 days past") as said:
        out = _outages(announced=True).predict(query, context_size=100)
    assert set(out.column("ANCHOR_TIMESTAMP").to_pylist()) == {present}
    assert "outages.announced_at" in str(said[0].message) and "anchor_time" in str(said[0].message)
    # without a date of their writing, rows past the rest are a table running on: its last row stays the anchor
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        out = _outages(announced=False).predict(query, context_size=100)
    assert set(out.column("ANCHOR_TIMESTAMP").to_pylist()) == {dt.datetime(2025, 1, 27, 8, 0)}


LAST_LOAN = dt.datetime(2024, 1, 1) + dt.timedelta(hours=673 * 13)  # the database's present


def _library():
    """Members borrowing through 2024, some fined; titles dated by a publication announced up to 53 days ahead, and
    programs by a start announced up to 44 days ahead: two tables running on past the rest."""
    import duckdb

    con = duckdb.connect()
    con.execute("CREATE TABLE members (member_id INTEGER PRIMARY KEY, joined_on DATE, band VARCHAR)")
    con.execute(
        "INSERT INTO members SELECT i, DATE '2024-01-01' + CAST(6 * i AS INTEGER), ['a', 'b'][1 + i % 2] FROM range(60) t(i)"
    )
    con.execute("CREATE TABLE loans (loan_id INTEGER PRIMARY KEY, member_id INTEGER, borrowed_at TIMESTAMP)")
    con.execute(
        "INSERT INTO loans SELECT i, i % 60, TIMESTAMP '2024-01-01' + INTERVAL (i * 13) HOUR FROM range(674) t(i)"
    )
    con.execute("CREATE TABLE fines (fine_id INTEGER PRIMARY KEY, loan_id INTEGER, assessed_at TIMESTAMP)")
    con.execute(
        "INSERT INTO fines SELECT loan_id, loan_id, borrowed_at + INTERVAL 1 HOUR FROM loans WHERE loan_id % 7 = 0"
    )
    con.execute("CREATE TABLE titles (title_id INTEGER PRIMARY KEY, published_on DATE, catalogued_on DATE)")
    con.execute(
        "INSERT INTO titles SELECT i, DATE '2023-01-05' + CAST(7 * i AS INTEGER), DATE '2023-01-01' + CAST(7 * i AS "
        "INTEGER) FROM range(112) t(i)"
    )
    con.execute(
        "CREATE TABLE programs (program_id INTEGER PRIMARY KEY, member_id INTEGER, announced_on DATE, "
        "starts_at TIMESTAMP)"
    )
    con.execute(
        "INSERT INTO programs SELECT i, i % 60, DATE '2024-01-01' + CAST(3 * i AS INTEGER), TIMESTAMP '2024-02-14' + "
        "INTERVAL (3 * i) "
        "DAY FROM range(122) t(i)"
    )
    return con


def test_a_static_targets_anchor_is_the_present_where_tables_run_ahead():
    """Two tables running ahead (titles published, programs starting, announced ahead): the database's present, not
    the later of their ends, is a static target's default anchor, with a word naming the one whose rows hold no
    date they were written by (the programs' announced_on says why they run ahead). A library trial's members were
    predicted as of 53 days past the rest of its data, with none."""
    rfm = rfm_sql.attach(_library())
    with pytest.warns(RFMWarning, match=r"titles\.published_on runs on past the rest") as said:
        out = rfm.predict("PREDICT members.band FOR EACH members.member_id", context_size=40)
    assert "anchor_time" in str(said[0].message) and "programs" not in str(said[0].message)
    assert out.column("ANCHOR_TIMESTAMP")[0].as_py() == LAST_LOAN


def test_rows_written_ahead_beside_another_table_running_ahead_predict_from_the_present():
    """Programs dated by their start, announced ahead: the default anchor is the present even where titles run
    ahead too (their end had been taken for the present, so the programs' last start was the anchor)."""
    rfm = rfm_sql.attach(_library())
    with pytest.warns(RFMWarning, match=r"programs runs on to .* written by then \(programs\.announced_on\)"):
        out = rfm.predict("PREDICT COUNT(programs.*, 0, 7, days) FOR EACH members.member_id", context_size=40)
    assert out.column("ANCHOR_TIMESTAMP")[0].as_py() == LAST_LOAN
