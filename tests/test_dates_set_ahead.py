"""Dates set ahead of what they name (a booking's check-in date) are known when the row is written: features read
them as days to go and filters as they are, where any other date of a row (a loan's returned_at) reads as not
known before it happens. A hotel trial's check-in dates were unknown for every booking whose stay was ahead, so
the lead time was lost; a filter on them found no booking at all."""

import datetime as dt
import warnings

import duckdb
import pytest

import rfm_sql
from rfm_sql.graph import ahead
from rfm_sql.runtime.context import feature_query
from tests.feature_rows import feature_rows

ANCHOR = dt.datetime(2024, 6, 1)
CANCELLED = "PREDICT COUNT(cancellations.*, 0, 30, days) > 0 FOR EACH bookings.booking_id"


def _hotel(cut: bool = False):
    """Bookings every 3 hours, each for a stay 1 to 90 days later; the later the stay, the likelier it is
    cancelled (within 20 days of booking). `cut`: the rows after ANCHOR deleted."""
    con = duckdb.connect()
    con.execute("CREATE TABLE guests (guest_id INTEGER PRIMARY KEY, signup_at TIMESTAMP)")
    con.execute("INSERT INTO guests SELECT i, TIMESTAMP '2023-01-01' FROM range(1, 401) t(i)")
    con.execute(
        "CREATE TABLE bookings (booking_id INTEGER PRIMARY KEY, guest_id INTEGER REFERENCES guests, "
        "booked_at TIMESTAMP, check_in_date DATE, returned_at TIMESTAMP)"
    )
    con.execute(
        "INSERT INTO bookings SELECT i, 1 + i % 400, TIMESTAMP '2023-06-01' + INTERVAL (3 * i) HOUR, "
        "CAST(TIMESTAMP '2023-06-01' + INTERVAL (3 * i) HOUR + INTERVAL (1 + hash(i) % 90) DAY AS DATE), "
        "NULL FROM range(1, 4801) t(i)"
    )
    con.execute(
        "CREATE TABLE cancellations (cancellation_id INTEGER PRIMARY KEY, booking_id INTEGER REFERENCES bookings, "
        "cancelled_at TIMESTAMP)"
    )
    con.execute(
        "INSERT INTO cancellations SELECT booking_id, booking_id, booked_at + INTERVAL (1 + hash(booking_id * 3) % 20) DAY "
        "FROM bookings WHERE hash(booking_id * 7) % 90 < date_diff('day', booked_at, check_in_date)"
    )
    if cut:
        con.execute("DELETE FROM cancellations WHERE cancelled_at > ?", [ANCHOR])
        con.execute("DELETE FROM bookings WHERE booked_at > ?", [ANCHOR])
    return con


@pytest.fixture(scope="module")
def hotel():
    return _hotel()


def test_a_date_with_values_beyond_the_present_is_set_ahead(hotel):
    rfm = rfm_sql.attach(hotel)
    bookings = rfm.graph.table("bookings")
    assert bookings.column("check_in_date").ahead and ahead.known_ahead(bookings, "check_in_date")
    assert not bookings.column("returned_at").ahead  # never beyond the present: a record of what happened
    assert not rfm.graph.table("cancellations").column("cancelled_at").ahead  # a time column is the row's own


def test_a_date_set_ahead_is_read_as_days_to_go(hotel):
    rfm = rfm_sql.attach(hotel)
    features = feature_query(rfm.resolve(CANCELLED), rfm.graph)
    name = next(f.name for f in features.features if f.name.endswith("bookings.check_in_date.days_ago"))
    until = next(f.name for f in features.features if f.name.endswith("bookings.check_in_date.days_until"))
    booking, check_in = hotel.execute(
        "SELECT booking_id, check_in_date FROM bookings WHERE booked_at <= ? AND check_in_date > ? LIMIT 1",
        [ANCHOR, ANCHOR.date()],
    ).fetchall()[0]
    row = feature_rows(hotel, features, [booking], ANCHOR)[booking]
    to_go = (dt.datetime.combine(check_in, dt.time()) - ANCHOR).days
    assert row[name] == pytest.approx(-to_go) and row[until] == pytest.approx(to_go)
    assert not any(f.name.endswith("returned_at.days_until") for f in features.features)


def test_a_filter_on_a_date_set_ahead_reads_it_as_it_is(hotel):
    then = dt.datetime(2024, 3, 1)
    labels = rfm_sql.attach(hotel).labels(f"{CANCELLED} WHERE bookings.check_in_date > 2024-04-15", anchor_time=then)
    expected = hotel.execute(
        "SELECT count(*) FROM bookings WHERE booked_at <= ? AND check_in_date > DATE '2024-04-15'", [then]
    ).fetchall()[0][0]
    assert labels.num_rows == expected > 0


def test_rows_after_the_anchor_change_nothing(hotel):
    full = rfm_sql.attach(hotel)
    cut = rfm_sql.attach(_hotel(cut=True))
    assert cut.graph.table("bookings").column("check_in_date").ahead  # the stays booked by then lie ahead too
    rows = [r.predict(CANCELLED, anchor_time=ANCHOR, context_size=300).to_pylist() for r in (full, cut)]
    assert rows[0] == rows[1]


def test_the_graph_says_which_dates_are_set_ahead(hotel):
    text = rfm_sql.attach(hotel).graph.describe()
    assert "check_in_date (timestamp, set ahead)" in text and "returned_at (timestamp)" in text


def test_the_graph_says_set_ahead_of_exactly_the_dates_read_so():
    """A due date is set ahead by its name, with no value past the present; a last_payment_at past it is today's
    state and not read so: the listing had said the opposite of both (a freight and a farm co-op trial)."""
    con = duckdb.connect()
    con.execute(
        "CREATE TABLE invoices (invoice_id INTEGER PRIMARY KEY, issued_at TIMESTAMP, due_date DATE, "
        "last_payment_at TIMESTAMP)"
    )
    con.execute(
        "INSERT INTO invoices SELECT i, TIMESTAMP '2024-01-01' + INTERVAL (i) HOUR, DATE '2024-01-10', "
        "TIMESTAMP '2024-01-01' + INTERVAL (i * 3) HOUR FROM range(2000) t(i)"
    )
    rfm = rfm_sql.attach(con)
    assert rfm.graph.table("invoices").column("last_payment_at").ahead  # past the present, by its data
    text = rfm.graph.describe()
    assert "due_date (timestamp, set ahead)" in text and "last_payment_at (timestamp)" in text


def test_a_date_named_for_what_happened_is_never_set_ahead_by_its_data():
    """Returns logged after the last loan of an export lie beyond the other tables' last rows: by their name
    they are records, and reading them as set ahead would show a return before it happened."""
    from rfm_sql.graph.model import Column, SType, Table

    names = ("returned_at", "paid_at", "valid_until", "next_billing_at", "check_in_date")
    dates = [Column(n, "TIMESTAMP", SType.TIMESTAMP, ahead=True) for n in names]
    tab = Table("loans", (Column("loan_id", "INTEGER", SType.ID), *dates), primary_key="loan_id")
    # records of what happened, and dates rewritten as time goes on (a valid_until pushed on at each renewal:
    # today's value at a past anchor would tell the renewals after it)
    assert [ahead.known_ahead(tab, c.name) for c in dates] == [False, False, False, False, True]


def test_the_span_from_the_rows_time_to_a_date_set_ahead_is_its_lead_time(hotel):
    """Each date of the entity's row also reads as days after the row's own time (`compile.row_spans`): a
    booking's lead time, which the two dates' days before the anchor leave to be learned from two ranks."""
    rfm = rfm_sql.attach(hotel)
    features = feature_query(rfm.resolve(CANCELLED), rfm.graph)
    lead = next(f.name for f in features.features if f.name.endswith("check_in_date.days_after_booked_at"))
    booking, booked, check_in = hotel.execute(
        "SELECT booking_id, booked_at, check_in_date FROM bookings WHERE booked_at <= ? AND check_in_date > ? LIMIT 1",
        [ANCHOR, ANCHOR.date()],
    ).fetchall()[0]
    row = feature_rows(hotel, features, [booking], ANCHOR)[booking]
    expected = (dt.datetime.combine(check_in, dt.time()) - booked).total_seconds() / 86400
    assert row[lead] == pytest.approx(expected)


def test_a_time_past_year_9999_leaves_nothing_set_ahead():
    """A mistyped year (20230) in a time column comes back from DuckDB as text: no present to measure against,
    and the attach goes on (it raised a TypeError)."""
    con = duckdb.connect()
    con.execute("CREATE TABLE users (user_id INTEGER PRIMARY KEY, signup_at TIMESTAMP, renew_on DATE)")
    con.execute("INSERT INTO users VALUES (1, '20230-01-01', '2024-01-01'), (2, '2023-01-01', '2024-02-01')")
    assert not rfm_sql.attach(con).graph.table("users").column("renew_on").ahead


def test_a_graph_file_pins_the_dates_set_ahead(hotel, tmp_path):
    """The mark is inferred from the data at each attach: a copy whose check-ins all lie in its past has none,
    and the graph file saved from the full database gives it back, so a pinned graph pins it too."""
    import json

    from rfm_sql.databases import graph_spec
    from rfm_sql.graph.files import apply_graph_file

    spec = graph_spec(rfm_sql.attach(hotel).graph)
    assert spec["tables"]["bookings"]["set_ahead"] == ["check_in_date"]
    path = tmp_path / "graph.json"
    path.write_text(json.dumps(spec))
    past = _hotel()
    late = (
        "SELECT booking_id FROM bookings WHERE check_in_date > (SELECT max(booked_at) FROM bookings) - INTERVAL 100 DAY"
    )
    past.execute(f"DELETE FROM cancellations WHERE booking_id IN ({late})")
    past.execute(f"DELETE FROM bookings WHERE booking_id IN ({late})")
    rfm = rfm_sql.attach(past)
    assert not rfm.graph.table("bookings").column("check_in_date").ahead
    apply_graph_file(rfm.graph, str(path))
    assert rfm.graph.table("bookings").column("check_in_date").ahead
    spec["tables"]["bookings"]["set_ahead"] = ["guest_id"]
    path.write_text(json.dumps(spec))
    with pytest.raises(rfm_sql.errors.GraphError, match="guest_id is not a date"):
        apply_graph_file(rfm.graph, str(path))


def test_tables_dated_ahead_are_no_present():
    """Albums and their tracks dated by release, announced two months past the last play: the present is the
    plays' end, so a trial's end date a month ahead reads as set ahead (it read as not known yet: the present was
    the last release), and a query of plays says nothing of the releases (every query advised predicting from
    the last release; here 2 of the 5 tables besides the listeners run ahead, there 2 of 8). A name like an end
    (trial_ends_at) does not make a date unknown when it is not an end."""
    con = duckdb.connect()
    con.execute("CREATE TABLE listeners (listener_id INTEGER PRIMARY KEY, signup_at TIMESTAMP)")
    con.execute("INSERT INTO listeners SELECT i, TIMESTAMP '2024-01-01' + INTERVAL (i) HOUR FROM range(300) t(i)")
    con.execute("CREATE TABLE plays (listener_id INTEGER REFERENCES listeners, played_at TIMESTAMP)")
    con.execute(
        "INSERT INTO plays SELECT i % 300, TIMESTAMP '2024-01-02' + INTERVAL (i * 37) MINUTE FROM range(14000) t(i)"
    )
    end = con.sql("SELECT max(played_at) FROM plays").fetchall()[0][0]
    con.execute(
        "CREATE TABLE subscriptions (subscription_id INTEGER PRIMARY KEY, listener_id INTEGER REFERENCES listeners, "
        "started_at TIMESTAMP, trial_ends_at TIMESTAMP)"
    )
    con.execute(
        "INSERT INTO subscriptions SELECT i, i, ? - INTERVAL (i) DAY, ? - INTERVAL (i) DAY + INTERVAL 30 DAY "
        "FROM range(300) t(i)",
        [end, end],
    )
    con.execute("CREATE TABLE likes (listener_id INTEGER REFERENCES listeners, liked_at TIMESTAMP)")
    con.execute("INSERT INTO likes SELECT listener_id, played_at FROM plays WHERE hash(played_at) % 5 = 0")
    for name in ("albums", "tracks"):
        con.execute(f"CREATE TABLE {name} ({name[:-1]}_id INTEGER PRIMARY KEY, release_date TIMESTAMP)")
        con.execute(f"INSERT INTO {name} SELECT i, ? + INTERVAL 60 DAY - INTERVAL (i) DAY FROM range(200) t(i)", [end])
    rfm = rfm_sql.attach(con)
    assert rfm.graph.table("subscriptions").column("trial_ends_at").ahead
    assert ahead.known_ahead(rfm.graph.table("subscriptions"), "trial_ends_at")
    with warnings.catch_warnings():
        warnings.simplefilter("error", rfm_sql.RFMWarning)
        out = rfm.predict("PREDICT COUNT(plays.*, 0, 7, days) FOR EACH listeners.listener_id", context_size=100)
    assert "WARNING" not in out.column_names


def test_a_target_dated_by_a_date_set_ahead_is_predicted_from_the_present():
    """Repayments due monthly, each scheduled 15 days before its due date and paid on it or missed (paid_at NULL);
    their time column set to the due date, which runs 15 days past the loans' and calls' last rows: the default
    anchor is the present, with a note, not the last due date (a lending trial's "next 30 days" were days 15-45)."""
    con = duckdb.connect()
    con.execute("CREATE TABLE loans (loan_id INTEGER PRIMARY KEY, opened_at TIMESTAMP)")
    con.execute("INSERT INTO loans SELECT i, TIMESTAMP '2023-01-01' + INTERVAL (i) DAY FROM range(1, 501) t(i)")
    con.execute(
        "CREATE TABLE calls (call_id INTEGER PRIMARY KEY, loan_id INTEGER REFERENCES loans, called_at TIMESTAMP)"
    )
    con.execute(
        "INSERT INTO calls SELECT i, 1 + i % 500, TIMESTAMP '2023-02-01' + INTERVAL (i * 7) HOUR FROM range(1, 3000) t(i)"
    )
    present = con.execute("SELECT MAX(called_at) FROM calls").fetchall()[0][0]
    con.execute(
        "CREATE TABLE repayments (repayment_id INTEGER PRIMARY KEY, loan_id INTEGER REFERENCES loans, "
        "due_date DATE, paid_at TIMESTAMP)"
    )
    con.execute(
        "INSERT INTO repayments SELECT i, 1 + i % 500, CAST(TIMESTAMP '2023-02-01' + INTERVAL (i * 7) HOUR AS DATE), "
        "CASE WHEN i % 9 = 0 OR TIMESTAMP '2023-02-01' + INTERVAL (i * 7) HOUR > ? THEN NULL "
        "ELSE TIMESTAMP '2023-02-01' + INTERVAL (i * 7) HOUR END FROM range(1, 3052) t(i)",
        [present],
    )
    rfm = rfm_sql.attach(con)
    rfm.graph.set_time_column("repayments", "due_date")
    rfm.graph.set_ahead("repayments", ["due_date"])
    missed = "PREDICT COUNT(repayments.* WHERE repayments.paid_at IS NULL, 0, 30, days) > 0 FOR EACH loans.loan_id"
    with pytest.warns(rfm_sql.errors.RFMWarning, match=r"repayments\.due_date is set ahead of what it names"):
        rows = rfm.predict(missed)
    assert rows.column("ANCHOR_TIMESTAMP")[0].as_py() <= present + dt.timedelta(days=1)
    assert "scheduled, so the default anchor is" in rows.column("WARNING")[0].as_py()


def test_a_target_timed_by_a_date_named_as_set_ahead_is_predicted_from_the_present():
    """Lessons all written at enrolment, their time column scheduled_at (a name that says it is set ahead), no date of
    their writing, running 40 days past the rest: the default anchor is the present, not the last lesson (a music
    school trial's no-shows in the next 30 days were predicted 88 days past the data, in a term break). Its terms,
    published a season ahead, the next one starting 13 days past the rest, are no present either: one row written
    ahead by a write date is enough to tell it (`graph.ahead.WRITTEN_ROWS`)."""
    con = duckdb.connect()
    con.execute("CREATE TABLE students (student_id INTEGER PRIMARY KEY, joined_at TIMESTAMP)")
    con.execute("INSERT INTO students SELECT i, TIMESTAMP '2023-01-01' + INTERVAL (i) DAY FROM range(1, 301) t(i)")
    con.execute("CREATE TABLE payments (payment_id INTEGER PRIMARY KEY, student_id INTEGER, paid_at TIMESTAMP)")
    con.execute(
        "INSERT INTO payments SELECT i, 1 + i % 300, TIMESTAMP '2023-02-01' + INTERVAL (i * 5) HOUR FROM range(4000) t(i)"
    )
    present = con.execute("SELECT MAX(paid_at) FROM payments").fetchall()[0][0]
    con.execute("CREATE TABLE lessons (lesson_id INTEGER PRIMARY KEY, student_id INTEGER, scheduled_at TIMESTAMP)")
    con.execute(
        "INSERT INTO lessons SELECT i, 1 + i % 300, TIMESTAMP '2023-02-01' + INTERVAL (i * 3) HOUR FROM range(1, 10000) t(i) "
        "WHERE TIMESTAMP '2023-02-01' + INTERVAL (i * 3) HOUR <= ? + INTERVAL 40 DAY",
        [present],
    )
    con.execute("CREATE TABLE terms (term_id INTEGER PRIMARY KEY, start_date TIMESTAMP, published_at TIMESTAMP)")
    con.execute(
        "INSERT INTO terms SELECT i, ? + INTERVAL 13 DAY - INTERVAL (120 * i) DAY, "
        "? - INTERVAL 77 DAY - INTERVAL (120 * i) DAY FROM range(8) t(i)",
        [present, present],
    )
    rfm = rfm_sql.attach(con)
    assert rfm.graph.table("lessons").time_column == "scheduled_at" and not rfm.graph.table("lessons").written_by
    assert rfm.graph.table("terms").written_by == "published_at"
    with pytest.warns(rfm_sql.errors.RFMWarning, match=r"lessons\.scheduled_at is set ahead of what it names"):
        rows = rfm.predict("PREDICT COUNT(lessons.*, 0, 30, days) FOR EACH students.student_id")
    assert rows.column("ANCHOR_TIMESTAMP")[0].as_py() <= present + dt.timedelta(days=1)
