"""Rows already on the books for the target's window (`compile.scheduled`): per child table with a date set ahead
(a booking's check-in), its rows written by the anchor and not ended by it whose date falls in the window, one
column per forecast step; read from nothing written after the anchor; and a level the target may be coded against
(`runtime.residual`). A hotel trial's weekly arrivals per hotel were forecast without the bookings already made."""

import datetime as dt
import warnings

import duckdb
import numpy as np

import rfm_sql
from rfm_sql.compile.scheduled import SCHEDULED
from rfm_sql.pql.parser import parse
from rfm_sql.runtime import residual
from rfm_sql.runtime.context import feature_query
from tests.feature_rows import feature_rows

ANCHOR = dt.datetime(2024, 6, 1)
WEEKLY = "PREDICT COUNT(stays.*, 0, 7, days) FORECAST 3 TIMEFRAMES FOR EACH hotels.hotel_id"
NEXT_WEEK = "PREDICT COUNT(stays.*, 0, 7, days) FOR EACH hotels.hotel_id"
DUE = "bookings.check_in_date.scheduled"


def _hotels(cut: bool = False):
    """12 hotels; a booking every 5 hours from 2023 to 2024-12, its check-in 2 to 60 days later (set ahead: some
    lie past the last booking), every sixth cancelled 1 day after it was made; a stay per booking not cancelled
    (up to the present).
    `cut`: as the database stood at ANCHOR (later rows deleted, later cancellations unmade)."""
    con = duckdb.connect()
    con.execute("CREATE TABLE hotels (hotel_id INTEGER PRIMARY KEY, opened_at TIMESTAMP)")
    con.execute("INSERT INTO hotels SELECT i, TIMESTAMP '2020-01-01' FROM range(12) t(i)")
    con.execute(
        "CREATE TABLE bookings (booking_id INTEGER PRIMARY KEY, hotel_id INTEGER REFERENCES hotels, created_at "
        "TIMESTAMP, check_in_date DATE, cancelled_at TIMESTAMP)"
    )
    con.execute(
        "INSERT INTO bookings SELECT i, i % 12, TIMESTAMP '2023-01-01' + INTERVAL (5 * i) HOUR, CAST(TIMESTAMP "
        "'2023-01-01' + INTERVAL (5 * i) HOUR + INTERVAL (2 + (i * 7) % 59) DAY AS DATE), CASE WHEN i % 6 = 0 THEN "
        "TIMESTAMP '2023-01-02' + INTERVAL (5 * i) HOUR END FROM range(3400) t(i)"
    )
    con.execute(
        "CREATE TABLE stays (stay_id INTEGER PRIMARY KEY, booking_id INTEGER REFERENCES bookings, hotel_id INTEGER "
        "REFERENCES hotels, checked_in_at TIMESTAMP)"
    )
    con.execute(
        "INSERT INTO stays SELECT booking_id, booking_id, hotel_id, CAST(check_in_date AS TIMESTAMP) + INTERVAL 15 "
        "HOUR FROM bookings WHERE cancelled_at IS NULL AND check_in_date <= DATE '2024-12-01'"
    )
    if cut:
        con.execute("DELETE FROM stays WHERE checked_in_at > ?", [ANCHOR])
        con.execute("DELETE FROM bookings WHERE created_at > ?", [ANCHOR])
        con.execute("UPDATE bookings SET cancelled_at = NULL WHERE cancelled_at > ?", [ANCHOR])
    return con


def _by_hand(con, start_days: int, end_days: int) -> dict:
    rows = con.sql(
        "SELECT hotel_id, COUNT(*) FROM bookings WHERE created_at <= ? AND (cancelled_at IS NULL OR cancelled_at > ?) "
        "AND CAST(check_in_date AS TIMESTAMP) + INTERVAL 12 HOUR > ? AND CAST(check_in_date AS TIMESTAMP) + INTERVAL 12 "
        "HOUR <= ? GROUP BY ALL",  # a DATE is a day: read at its midday
        params=[ANCHOR, ANCHOR, ANCHOR + dt.timedelta(days=start_days), ANCHOR + dt.timedelta(days=end_days)],
    ).fetchall()
    return dict(rows)


def _features(con, pql):
    rfm = rfm_sql.attach(con)
    if "FORECAST" in pql:
        from rfm_sql.runtime import forecast

        return forecast.step_features(rfm.resolve(pql), rfm.graph)
    return feature_query(rfm.resolve(pql), rfm.graph)


def test_the_rows_due_in_each_steps_window_by_hand():
    con = _hotels()
    features = _features(con, WEEKLY)
    names = {f.name.split(":", 1)[1]: f.name for f in features.features}
    rows = feature_rows(con, features, range(12), ANCHOR)
    for step in (1, 2, 3):
        want = _by_hand(con, 7 * (step - 1), 7 * step)
        got = {h: rows[h][names[f"{DUE}_step{step}"]] for h in range(12)}
        assert got == {h: want.get(h, 0) for h in range(12)} and sum(got.values()) > 0
    one = _features(con, NEXT_WEEK)
    name = next(f.name for f in one.features if f.name.endswith(f":{DUE}"))
    want = _by_hand(con, 0, 7)
    assert {h: r[name] for h, r in feature_rows(con, one, range(12), ANCHOR).items()} == {
        h: want.get(h, 0) for h in range(12)
    }


def test_nothing_written_after_the_anchor_is_read():
    full, cut = _hotels(), _hotels(cut=True)
    for pql in (WEEKLY, NEXT_WEEK):
        before = feature_rows(full, _features(full, pql), range(12), ANCHOR)
        after = feature_rows(cut, _features(full, pql), range(12), ANCHOR)
        due = [n for n in next(iter(before.values())) if DUE in n]
        assert due and all(before[h][n] == after[h][n] for h in range(12) for n in due)


def test_each_forecast_row_reads_its_own_steps_count_and_may_be_coded_against_it():
    con = _hotels()
    rfm = rfm_sql.attach(con)
    result = rfm.evaluate(WEEKLY, anchor_time=ANCHOR).results[0]
    keys = zip(*(result.query.column(c).to_pylist() for c in ("ENTITY", "FORECAST_STEP")), strict=True)
    got = dict(zip(keys, result.query_columns[DUE], strict=True))
    for step in (1, 2, 3):
        want = _by_hand(con, 7 * (step - 1), 7 * step)
        assert {h: got[(h, step)] for h in range(12)} == {h: want.get(h, 0) for h in range(12)}
    part = result.prepared.parts[0]
    assert DUE in [s.name for s in part.encoder.slots]
    # a level the target may be coded against (the cross-validation of runtime.residual chooses), and the forecast
    # reads the bookings: the stays of a week are its bookings not cancelled
    assert residual.scheduled_features(part.encoder.kinds) == [DUE]
    y = np.asarray(result.query.column("TARGET").to_pylist(), dtype=float)
    assert np.abs(np.asarray(result.pred, dtype=float) - y).mean() < 1.0


def test_a_daily_forecasts_steps_count_the_days_their_labels_do():
    """A check-in DATE read as midnight counted each day's arrivals in the step before their stays (at 15:00), from
    a midnight anchor: step 1's count was step 2's label for 11 of 12 hotels. Read at midday, each step's count is
    its own day's; and every step has a column of its own, past the 12 a year-ago input allows."""
    con = _hotels()
    rfm = rfm_sql.attach(con)
    daily = "PREDICT COUNT(stays.*, 0, 1, days) FORECAST 14 TIMEFRAMES FOR EACH hotels.hotel_id"
    from rfm_sql.runtime import forecast

    features = forecast.step_features(rfm.resolve(daily), rfm.graph)
    names = {f.name.split(":", 1)[1]: f.name for f in features.features}
    assert all(f"{DUE}_step{i}" in names for i in range(1, 15))
    rows = feature_rows(con, features, range(12), ANCHOR)
    labels = rfm.labels(daily, anchor_time=ANCHOR).to_pylist()
    for step in (1, 2, 3, 14):
        due = {h: rows[h][names[f"{DUE}_step{step}"]] for h in range(12)}
        truth = {r["ENTITY"]: r["TARGET"] for r in labels if r["FORECAST_STEP"] == step}
        assert due == {h: _by_hand(con, step - 1, step).get(h, 0) for h in range(12)}
        assert sum(due[h] == truth.get(h, 0) for h in range(12)) >= 10, step  # a stay per booking not cancelled


def test_a_table_linked_twice_names_each_links_count_apart():
    """Transfers from one hotel to another, dated ahead: each link's count is its own feature (one name for both
    gave a forecast's second link's step columns only, the first's read by every step)."""
    con = _hotels()
    con.execute(
        "CREATE TABLE transfers (transfer_id INTEGER PRIMARY KEY, from_hotel INTEGER REFERENCES hotels, to_hotel "
        "INTEGER REFERENCES hotels, booked_at TIMESTAMP, move_date DATE)"
    )
    con.execute(
        "INSERT INTO transfers SELECT i, i % 12, (i + 5) % 12, TIMESTAMP '2023-01-01' + INTERVAL (13 * i) HOUR, "
        "CAST(TIMESTAMP '2023-01-01' + INTERVAL (13 * i) HOUR + INTERVAL (3 + i % 40) DAY AS DATE) FROM range(1300) t(i)"
    )
    names = [f.name.split(":", 1)[1] for f in _features(con, WEEKLY).features]
    for link in ("from_hotel", "to_hotel"):
        assert all(f"transfers[{link}].move_date.{SCHEDULED}_step{i}" in names for i in (1, 2, 3))


LEAVE = "PREDICT SUM(leaves.days, 0, 30, days) FOR EACH staff.staff_id"
BOOKED = "leaves.start_date.scheduled"


def _leaves(cut: bool = False):
    """12 staff; a leave requested every 7 hours over 2023-2024, starting 3 to 60 days after its request: its time
    column is the start, so its rows run two months past the logins and hires, which end at the present.
    `cut`: as the database stood at ANCHOR (the leaves requested after it deleted)."""
    con = duckdb.connect()
    con.execute("CREATE TABLE staff (staff_id INTEGER PRIMARY KEY, hired_at TIMESTAMP)")
    con.execute("INSERT INTO staff SELECT i, TIMESTAMP '2022-12-31' + INTERVAL (i) DAY FROM range(12) t(i)")
    con.execute(
        "CREATE TABLE leaves (leave_id INTEGER PRIMARY KEY, staff_id INTEGER REFERENCES staff, requested_at "
        "TIMESTAMP, start_date DATE, days INTEGER)"
    )
    con.execute(
        "INSERT INTO leaves SELECT i, i % 12, TIMESTAMP '2023-01-01' + INTERVAL (7 * i) HOUR, CAST(TIMESTAMP "
        "'2023-01-01' + INTERVAL (7 * i) HOUR + INTERVAL (3 + (i * 11) % 58) DAY AS DATE), 1 + i % 5 FROM range(2500) t(i)"
    )
    con.execute("CREATE TABLE logins (login_id INTEGER PRIMARY KEY, staff_id INTEGER REFERENCES staff, ts TIMESTAMP)")
    con.execute(
        "INSERT INTO logins SELECT i, i % 12, TIMESTAMP '2023-01-01' + INTERVAL (3 * i) HOUR FROM range(5800) t(i)"
    )
    if cut:
        con.execute("DELETE FROM leaves WHERE requested_at > ?", [ANCHOR])
    return con


def test_rows_written_ahead_of_their_time_column_are_on_the_books_by_their_write_date():
    """A leave's start is its time column, and its request is written weeks before: the leaves already requested
    for the window are counted (an HR trial's leave days lost to "days already booked" without them)."""
    con = _leaves()
    rfm = rfm_sql.attach(con)
    assert rfm.graph.table("leaves").time_column == "start_date"
    assert rfm.graph.table("leaves").written_by == "requested_at"
    assert "requested_at (timestamp, rows written by it ahead of start_date)" in rfm.graph.describe()
    assert rfm.graph.table("logins").written_by is None  # a time column that does not run ahead
    features = _features(con, LEAVE)
    name = next(f.name for f in features.features if f.name.endswith(f":{BOOKED}"))
    rows = feature_rows(con, features, range(12), ANCHOR)
    booked = con.sql(
        "SELECT staff_id, COUNT(*), SUM(days) FROM leaves WHERE requested_at <= ? AND CAST(start_date AS TIMESTAMP) "
        "+ INTERVAL 12 HOUR > ? AND CAST(start_date AS TIMESTAMP) + INTERVAL 12 HOUR <= ? GROUP BY ALL",
        params=[ANCHOR, ANCHOR, ANCHOR + dt.timedelta(days=30)],
    ).fetchall()
    want = {s: (n, days) for s, n, days in booked}
    assert {s: r[name] for s, r in rows.items()} == {s: want.get(s, (0, 0))[0] for s in range(12)}
    # the sum's own column over those rows: the days already booked, an offset the label may be coded against
    days = next(f.name for f in features.features if f.name.endswith(":leaves.start_date.days.scheduled"))
    assert {s: r[days] for s, r in rows.items()} == {s: want.get(s, (0, 0))[1] for s in range(12)}
    assert sum(n for n, _ in want.values()) > 0
    # nothing requested after the anchor is read: every feature the same on the database as it stood then
    cut = _leaves(cut=True)
    assert feature_rows(cut, features, range(12), ANCHOR) == rows


def test_a_level_to_code_against_is_in_the_targets_units():
    """A count of rows on the books is a level for a COUNT, the sum of the target's own column over them for a SUM
    of it; neither for a SUM of another column or an AVG (a count of injuries due back is no level of a player's
    minutes: the coding's cross-validation had picked it by chance on one context and not on an as-of copy)."""
    booked = "leaves.start_date.days.scheduled"  # a SUM's own column over the rows on the books
    kinds = {DUE: "numeric", booked: "numeric", "x": "numeric"}

    def levels(pql: str) -> list:
        return residual.scheduled_features(kinds, parse(pql).target)

    assert levels("PREDICT COUNT(stays.*, 0, 7, days) FOR EACH hotels.hotel_id") == [DUE, booked]
    assert levels("PREDICT SUM(leaves.days, 0, 30, days) FOR EACH staff.staff_id") == [booked]
    assert levels("PREDICT SUM(games.minutes, 0, 30, days) FOR EACH players.player_id") == []
    assert levels("PREDICT AVG(leaves.days, 0, 30, days) FOR EACH staff.staff_id") == []
    assert residual.scheduled_features(kinds) == [DUE, booked]  # no target: every one


def _events():
    """300 events announced every 2 days over 2023-2024, each starting 30 to 89 days after its announcement, with
    orders every 6 hours for events on sale (announced, not begun); the orders and a site's visits end at the present,
    the events run on past it."""
    con = duckdb.connect()
    con.execute("CREATE TABLE events (event_id INTEGER PRIMARY KEY, announced_at TIMESTAMP, starts_at TIMESTAMP)")
    con.execute(
        "INSERT INTO events SELECT i, TIMESTAMP '2023-01-01' + INTERVAL (2 * i) DAY, TIMESTAMP '2023-01-01' + "
        "INTERVAL (2 * i + 30 + i % 60) DAY FROM range(365) t(i)"
    )
    con.execute(
        "CREATE TABLE orders (order_id INTEGER PRIMARY KEY, event_id INTEGER REFERENCES events, ordered_at TIMESTAMP)"
    )
    con.execute(
        "INSERT INTO orders SELECT row_number() OVER (), e.event_id, o.t FROM events e, (SELECT TIMESTAMP "
        "'2023-01-01' + INTERVAL (6 * i) HOUR AS t FROM range(2920) r(i)) o WHERE o.t > e.announced_at AND o.t < "
        "e.starts_at AND (e.event_id + hour(o.t)) % 4 = 0"
    )
    con.execute("CREATE TABLE visits (visit_id INTEGER PRIMARY KEY, seen_at TIMESTAMP)")  # to the present too
    con.execute("INSERT INTO visits SELECT i, TIMESTAMP '2023-01-01' + INTERVAL (3 * i) HOUR FROM range(5840) t(i)")
    return con


def test_rows_written_ahead_exist_as_entities_from_their_writing():
    """An event is dated by its start and written when announced: it is an entity to predict for while on sale (a
    ticketing trial's events were predicted only once they had begun: every label 0)."""
    rfm = rfm_sql.attach(_events())
    assert rfm.graph.table("events").written_by == "announced_at"
    at = dt.datetime(2024, 6, 1)
    keys = set(
        rfm.labels("PREDICT COUNT(orders.*, 0, 7, days) FOR EACH events.event_id", at).column("ENTITY").to_pylist()
    )
    on_sale = {i for i in range(365) if dt.datetime(2023, 1, 1) + dt.timedelta(days=2 * i) <= at}
    assert keys == on_sale  # announced by the anchor, begun or not; none announced later
    assert any(dt.datetime(2023, 1, 1) + dt.timedelta(days=2 * i + 30 + i % 60) > at for i in keys)


def test_rows_written_two_weeks_ahead_are_no_present():
    """Leaves starting 3 to 20 days after their request run on past the logins by less than a lone table's margin:
    the present is still the rows' write dates, not the last start (a coworking trial's bookings made its static
    targets' default anchor 14 days past the rest of its data, and a query on another table advised that time)."""
    con = duckdb.connect()
    con.execute("CREATE TABLE staff (staff_id INTEGER PRIMARY KEY, hired_at TIMESTAMP, grade VARCHAR)")
    con.execute(
        "INSERT INTO staff SELECT i, TIMESTAMP '2022-12-31' + INTERVAL (i) DAY, 'g' || i % 3 FROM range(12) t(i)"
    )
    con.execute(
        "CREATE TABLE leaves (leave_id INTEGER PRIMARY KEY, staff_id INTEGER REFERENCES staff, requested_at "
        "TIMESTAMP, start_date TIMESTAMP, days INTEGER)"
    )
    con.execute(
        "INSERT INTO leaves SELECT i, i % 12, TIMESTAMP '2023-01-01' + INTERVAL (7 * i) HOUR, TIMESTAMP '2023-01-01' "
        "+ INTERVAL (7 * i) HOUR + INTERVAL (3 + (i * 11) % 18) DAY, 1 + i % 5 FROM range(2500) t(i)"
    )
    con.execute("CREATE TABLE logins (login_id INTEGER PRIMARY KEY, staff_id INTEGER REFERENCES staff, ts TIMESTAMP)")
    con.execute(
        "INSERT INTO logins SELECT i, i % 12, TIMESTAMP '2023-01-01' + INTERVAL (7 * i) HOUR FROM range(2500) t(i)"
    )
    rfm = rfm_sql.attach(con)
    assert rfm.graph.table("leaves").written_by == "requested_at"
    present = con.execute("SELECT MAX(ts) FROM logins").fetchone()[0]
    assert con.execute("SELECT MAX(start_date) FROM leaves").fetchone()[0] > present + dt.timedelta(days=14)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        static = rfm.predict("PREDICT staff.grade FOR EACH staff.staff_id", context_size=12)
        logins = rfm.predict("PREDICT COUNT(logins.*, 0, 7, days) > 0 FOR EACH staff.staff_id", context_size=50)
    assert static.column("ANCHOR_TIMESTAMP")[0].as_py() == present
    assert logins.column("ANCHOR_TIMESTAMP")[0].as_py() == present
    assert not [w for w in caught if "runs on to" in str(w.message)]  # no advice to predict from the last start


def test_a_rota_published_ahead_is_no_present_for_another_table_written_ahead():
    """A daycare's shifts, published two weeks before they start, and its absences, some reported weeks ahead: the
    absences' default anchor was the last shift's start, 17 days past the rest of the data (a daycare trial)."""
    con = duckdb.connect()
    con.execute("CREATE TABLE rooms (room_id INTEGER PRIMARY KEY, opened_at TIMESTAMP)")
    con.execute("INSERT INTO rooms SELECT i, TIMESTAMP '2022-12-31' FROM range(10) t(i)")
    con.execute(
        "CREATE TABLE shifts (shift_id INTEGER PRIMARY KEY, room_id INTEGER REFERENCES rooms, published_at "
        "TIMESTAMP, starts_at TIMESTAMP)"
    )
    con.execute(
        "INSERT INTO shifts SELECT i, i % 10, TIMESTAMP '2023-01-01' + INTERVAL (6 * i) HOUR, TIMESTAMP '2023-01-01' "
        "+ INTERVAL (6 * i) HOUR + INTERVAL 14 DAY FROM range(2900) t(i)"
    )
    con.execute(
        "CREATE TABLE absences (absence_id INTEGER PRIMARY KEY, room_id INTEGER REFERENCES rooms, reported_at "
        "TIMESTAMP, absence_date DATE)"
    )
    con.execute(
        "INSERT INTO absences SELECT i, i % 10, TIMESTAMP '2023-01-01' + INTERVAL (7 * i) HOUR, CAST(TIMESTAMP "
        "'2023-01-01' + INTERVAL (7 * i) HOUR AS DATE) + CASE WHEN i % 20 = 0 THEN 30 ELSE 0 END FROM range(2500) t(i)"
    )
    con.execute("CREATE TABLE logins (login_id INTEGER PRIMARY KEY, room_id INTEGER REFERENCES rooms, ts TIMESTAMP)")
    con.execute(
        "INSERT INTO logins SELECT i, i % 10, TIMESTAMP '2023-01-01' + INTERVAL (7 * i) HOUR FROM range(2500) t(i)"
    )
    rfm = rfm_sql.attach(con)
    assert rfm.graph.table("shifts").written_by == "published_at"
    present = con.execute("SELECT MAX(ts) FROM logins").fetchall()[0][0]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        absent = rfm.predict("PREDICT COUNT(absences.*, 0, 7, days) FOR EACH rooms.room_id", context_size=50)
    assert absent.column("ANCHOR_TIMESTAMP")[0].as_py() == present
