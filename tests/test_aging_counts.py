"""Numbers that count the time since their row's date until the row closes (a listing's days_on_market) are read at
an anchor as they stood then: the smaller of the value and the time from the row's date to the anchor
(graph/aging.py, compile.filled_later's `rewound`). A brokerage trial's accepted offers per listing backtested at
AUROC 0.74-0.81 reading today's count, where copies of the database taken at the anchors read 0.62-0.69."""

import datetime as dt
import warnings

import duckdb
import pytest

import rfm_sql
from rfm_sql.runtime.context import feature_query
from tests.feature_rows import feature_rows

NOW = dt.datetime(2024, 12, 31, 12)
ANCHOR = dt.datetime(2024, 7, 1)
OFFERS = "PREDICT COUNT(offers.*, 0, 30, days) > 0 FOR EACH listings.listing_id"


def _brokerage(at: dt.datetime = NOW):
    """300 listings over 2024, each on the market for 10-209 days (open at the present where that runs past it);
    days_on_market counts whole days from listed_at to its close or to `at`; days_to_list (a static number of days)
    and photo_count go with nothing. `at`: the database as it stood then (rows after it deleted)."""
    con = duckdb.connect()
    con.execute(
        "CREATE TABLE listings (listing_id INTEGER PRIMARY KEY, listed_at TIMESTAMP, closed_at TIMESTAMP, "
        "days_on_market INTEGER, days_to_list INTEGER, photo_count INTEGER)"
    )
    con.execute(
        "INSERT INTO listings SELECT i, TIMESTAMP '2024-01-01 09:00' + INTERVAL (i * 27) HOUR, NULL, 0, "
        "(i * 13) % 90, 5 + i % 20 FROM range(300) t(i)"
    )
    con.execute(
        "UPDATE listings SET closed_at = listed_at + INTERVAL (10 + (listing_id * 37) % 200) DAY "
        "WHERE listed_at + INTERVAL (10 + (listing_id * 37) % 200) DAY <= ?",
        [NOW],
    )
    con.execute(
        "CREATE TABLE offers (offer_id INTEGER PRIMARY KEY, listing_id INTEGER REFERENCES listings, "
        "offered_at TIMESTAMP)"
    )
    con.execute(
        "INSERT INTO offers SELECT 4 * l.listing_id + k, l.listing_id, l.listed_at + INTERVAL (3 + 11 * k) DAY "
        "FROM listings l, range(4) t(k) WHERE l.listed_at + INTERVAL (3 + 11 * k) DAY <= COALESCE(l.closed_at, ?)",
        [NOW],
    )
    con.execute("DELETE FROM offers WHERE offered_at > ?", [at])
    con.execute("DELETE FROM listings WHERE listed_at > ?", [at])
    con.execute("UPDATE listings SET closed_at = NULL WHERE closed_at > ?", [at])
    con.execute("UPDATE listings SET days_on_market = FLOOR(EPOCH(COALESCE(closed_at, ?) - listed_at) / 86400)", [at])
    return con


def test_a_count_of_days_since_the_rows_date_is_found():
    rfm = rfm_sql.attach(_brokerage())
    assert rfm.graph.table("listings").aging == (("days_on_market", "days"),)  # not days_to_list, photo_count
    assert "days_on_market (numerical, counts days since listed_at: read as of the anchor)" in rfm.graph.describe()


def test_it_is_read_as_it_stood_at_the_anchor():
    con = _brokerage()
    rfm = rfm_sql.attach(con)
    features = feature_query(rfm.resolve(OFFERS), rfm.graph)
    name = next(f.name for f in features.features if f.name.endswith(":listings.days_on_market"))
    listed = [i for (i,) in con.execute("SELECT listing_id FROM listings WHERE listed_at <= ?", [ANCHOR]).fetchall()]
    rows = feature_rows(con, features, listed, ANCHOR)
    then = feature_rows(_brokerage(at=ANCHOR), features, listed, ANCHOR)  # the copy of the database taken then
    assert [rows[i][name] for i in listed] == pytest.approx([then[i][name] for i in listed])
    today = dict(con.execute("SELECT listing_id, days_on_market FROM listings").fetchall())
    assert sum(rows[i][name] < today[i] for i in listed) > 20  # the rows open at the anchor count on to today
    now = feature_rows(con, features, listed, NOW)  # at the present: the value as it is
    assert [now[i][name] for i in listed] == pytest.approx([today[i] for i in listed])


def test_a_backtest_no_longer_names_it_a_running_total():
    rfm = rfm_sql.attach(_brokerage())
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        evaluation = rfm.evaluate(OFFERS, anchor_time=ANCHOR)
    assert not [w for w in caught if "days_on_market" in str(w.message)]
    assert evaluation.metrics["auroc"] > 0.5


def test_counts_that_stop_before_the_present_or_start_at_it_are_not_marked():
    """Days to close, set once a row closes: no row still counts at the present. Rows made in the last days, each
    counting from 0 (a queue's hours_waiting where only the last two days' rows wait), spread over no time."""
    con = _brokerage()
    con.execute("ALTER TABLE listings ADD COLUMN days_to_close INTEGER")
    con.execute("UPDATE listings SET days_to_close = days_on_market WHERE closed_at IS NOT NULL")
    con.execute("CREATE TABLE tickets (ticket_id INTEGER PRIMARY KEY, opened_at TIMESTAMP, hours_waiting DOUBLE)")
    con.execute(  # a ticket every 2 hours over the year; those of the last 2 days still wait
        "INSERT INTO tickets SELECT i, TIMESTAMP '2024-01-01' + INTERVAL (2 * i) HOUR, "
        "CASE WHEN i >= 4344 THEN EPOCH(TIMESTAMP '2024-12-31 12:00' - (TIMESTAMP '2024-01-01' + INTERVAL (2 * i) HOUR)) "
        "/ 3600 ELSE 1 + i % 5 END FROM range(4368) t(i)"
    )
    rfm = rfm_sql.attach(con)
    assert rfm.graph.table("listings").aging == (("days_on_market", "days"),)
    assert rfm.graph.table("tickets").aging == ()
