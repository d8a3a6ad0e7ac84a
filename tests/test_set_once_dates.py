"""Dates named as if they move (next_due_on, valid_until) but written once with their row: a vaccination's next
due date is set when it is given (365 days on, or 28 for a young animal) and never changes, so a past anchor may
read it as a date set ahead (`graph.ahead._set_once`). A veterinary trial's next_due_on was never read: nothing
told the model which pets were due for a vaccine in the target's window. A date pushed on at each renewal
(a subscription's valid_until) still reads as today's state."""

import datetime as dt

import duckdb
import pytest

import rfm_sql
from rfm_sql.graph import ahead
from rfm_sql.runtime.context import feature_query
from tests.feature_rows import feature_rows

ANCHOR = dt.datetime(2024, 6, 1)
DUE = "PREDICT COUNT(vaccinations.*, 0, 60, days) > 0 FOR EACH pets.pet_id"


def _clinic(cut: bool = False):
    """300 pets, each vaccinated about yearly from a day of its own (a young one also once, due again in 28 days),
    next_due_on set at each; 300 subscriptions renewed monthly while live (valid_until pushed on each time), a
    third of them ended. `cut`: the rows given after ANCHOR deleted."""
    con = duckdb.connect()
    con.execute("CREATE TABLE pets (pet_id INTEGER PRIMARY KEY, registered_at TIMESTAMP)")
    con.execute("INSERT INTO pets SELECT i, TIMESTAMP '2022-06-01' FROM range(1, 301) t(i)")
    con.execute(
        "CREATE TABLE vaccinations (vacc_id INTEGER PRIMARY KEY, pet_id INTEGER REFERENCES pets, given_at TIMESTAMP, "
        "next_due_on DATE)"
    )
    con.execute(
        "INSERT INTO vaccinations SELECT row_number() OVER (), pet_id, given_at, CAST(given_at AS DATE) + due FROM ("
        " SELECT i AS pet_id, TIMESTAMP '2023-01-01' + INTERVAL (hash(i) % 365) DAY + INTERVAL (365 * k) DAY"
        " + INTERVAL (hash(i * 7 + k) % 15) DAY + INTERVAL 10 HOUR AS given_at, 365 AS due"
        " FROM range(1, 301) t(i), range(0, 2) s(k)"
        " UNION ALL SELECT i, TIMESTAMP '2023-01-01' + INTERVAL (hash(i * 3) % 700) DAY"
        " + INTERVAL 10 HOUR, 28 FROM range(1, 301) t(i) WHERE i % 5 = 0)"
    )
    con.execute(
        "CREATE TABLE subscriptions (sub_id INTEGER PRIMARY KEY, pet_id INTEGER REFERENCES pets, started_at TIMESTAMP,"
        " valid_until DATE)"
    )
    # live ones paid up to the next month past the present; ended ones as they stood at their last renewal
    con.execute(
        "INSERT INTO subscriptions SELECT i, i, started, CAST(started AS DATE) + 30 * CASE WHEN i % 3 = 0"
        " THEN 1 + CAST(hash(i) % 4 AS INTEGER) ELSE CAST(ceil(date_diff('day', started, TIMESTAMP '2024-12-31') / 30) AS INTEGER) + 1"
        " END FROM (SELECT i, TIMESTAMP '2023-01-01' + INTERVAL (hash(i * 3) % 700) DAY AS started"
        " FROM range(1, 301) t(i))"
    )
    if cut:
        con.execute("DELETE FROM vaccinations WHERE given_at > ?", [ANCHOR])
    return con


@pytest.fixture(scope="module")
def clinic():
    return _clinic()


def test_a_next_date_written_once_with_its_row_is_set_ahead(clinic):
    graph = rfm_sql.attach(clinic).graph
    vaccinations, subscriptions = graph.table("vaccinations"), graph.table("subscriptions")
    assert vaccinations.set_once == ("next_due_on",) and ahead.known_ahead(vaccinations, "next_due_on")
    assert not ahead.rewritten(vaccinations, "next_due_on")
    # pushed on at each renewal: an old row's is further from its time than a new one's
    assert subscriptions.column("valid_until").ahead and subscriptions.set_once == ()
    assert not ahead.known_ahead(subscriptions, "valid_until")


def test_the_vaccines_due_in_the_window_are_counted_by_hand(clinic):
    features = feature_query(rfm_sql.attach(clinic).resolve(DUE), rfm_sql.attach(clinic).graph)
    name = next(f.name for f in features.features if f.name.endswith(":vaccinations.next_due_on.scheduled"))
    rows = feature_rows(clinic, features, range(1, 301), ANCHOR)
    # a DATE is a day, read at its midday (compile.scheduled)
    want = dict(
        clinic.execute(
            "SELECT pet_id, count(*) FROM vaccinations WHERE given_at <= ? AND CAST(next_due_on AS TIMESTAMP) "
            "+ INTERVAL 12 HOUR > ? AND CAST(next_due_on AS TIMESTAMP) + INTERVAL 12 HOUR <= ? GROUP BY ALL",
            [ANCHOR, ANCHOR, ANCHOR + dt.timedelta(days=60)],
        ).fetchall()
    )
    got = {p: rows[p][name] for p in range(1, 301)}
    assert got == {p: want.get(p, 0) for p in range(1, 301)} and sum(got.values()) > 10


def test_nothing_given_after_the_anchor_is_read(clinic):
    features = feature_query(rfm_sql.attach(clinic).resolve(DUE), rfm_sql.attach(clinic).graph)
    before = feature_rows(clinic, features, range(1, 301), ANCHOR)
    after = feature_rows(_clinic(cut=True), features, range(1, 301), ANCHOR)
    read = [n for n in before[1] if "next_due_on" in n]
    assert read and all(before[p][n] == after[p][n] for p in range(1, 301) for n in read)


def test_a_subscriptions_moving_date_is_not_read_as_set_ahead(clinic):
    """Its value beyond a past anchor would tell the renewals after it."""
    features = feature_query(rfm_sql.attach(clinic).resolve(DUE), rfm_sql.attach(clinic).graph)
    assert not [f.name for f in features.features if "valid_until.scheduled" in f.name]
    assert [f.name for f in features.features if "next_due_on.scheduled" in f.name]


def test_a_date_pushed_on_at_rare_renewals_is_not_written_once():
    """A yearly valid_until renewed for one member in ten: its offsets are 365 days on nine rows in ten and 730 on
    the rest, a slope near 0.05, but 730 only on rows over a year old: read as set once, a past anchor would tell the
    renewals after it. A date that never ends ('infinity') is no offset and breaks nothing."""
    con = duckdb.connect()
    con.execute("CREATE TABLE members (member_id INTEGER PRIMARY KEY, joined_at TIMESTAMP)")
    con.execute("INSERT INTO members SELECT i, TIMESTAMP '2021-06-01' FROM range(3000) t(i)")
    con.execute(
        "CREATE TABLE memberships (membership_id INTEGER PRIMARY KEY, member_id INTEGER REFERENCES members, "
        "started_at TIMESTAMP, valid_until DATE)"
    )
    con.execute(
        "INSERT INTO memberships SELECT i, i, started, CASE WHEN i % 50 = 0 THEN DATE 'infinity' "
        "ELSE CAST(started AS DATE) + 365 * CASE WHEN hash(i) % 10 = 0 AND started <= TIMESTAMP '2023-12-31' "
        "THEN 2 ELSE 1 END END FROM (SELECT i, TIMESTAMP '2022-01-01' + INTERVAL (i * 8) HOUR AS started "
        "FROM range(3000) t(i))"
    )
    con.execute("CREATE TABLE visits (visit_id INTEGER PRIMARY KEY, member_id INTEGER REFERENCES members, seen_at TIMESTAMP)")
    con.execute("INSERT INTO visits SELECT i, i % 3000, TIMESTAMP '2024-12-31' - INTERVAL (i) HOUR FROM range(500) t(i)")
    memberships = rfm_sql.attach(con).graph.table("memberships")
    assert memberships.column("valid_until").ahead and memberships.set_once == ()
    assert not ahead.known_ahead(memberships, "valid_until")
