"""An entity filter reads a date written when something happens (a loan's returned_at) as not known before it
happens: `WHERE loans.returned_at IS NULL` at a past anchor kept only the loans never returned, so whether a loan
comes back was known to the context and the backtest (a library trial: AUROC 0.998 where it is about 0.8). Dates
named as set ahead (a due date) were known at the anchor and read as they are."""

import datetime as dt

import duckdb
import pytest

import rfm_sql
from rfm_sql.graph.names import scheduled_name
from rfm_sql.runtime.context import feature_query
from tests.feature_rows import feature_rows

ANCHOR = dt.datetime(2024, 6, 1)
FINED = "PREDICT COUNT(fines.*, 0, 60, days) > 0 FOR EACH loans.loan_id"


@pytest.fixture
def library():
    con = duckdb.connect()
    con.execute("CREATE TABLE members (member_id INTEGER PRIMARY KEY, joined_at TIMESTAMP)")
    con.execute("INSERT INTO members SELECT i, TIMESTAMP '2023-01-01' + INTERVAL (i) DAY FROM range(50) t(i)")
    con.execute(
        "CREATE TABLE loans (loan_id INTEGER PRIMARY KEY, member_id INTEGER REFERENCES members, "
        "loaned_at TIMESTAMP, due_at TIMESTAMP, returned_at TIMESTAMP)"
    )
    # a loan every 12 hours for 600 days; returned 10 to 50 days on, every seventh never
    con.execute(
        "INSERT INTO loans SELECT i, i % 50, TIMESTAMP '2023-03-01' + INTERVAL (12 * i) HOUR, "
        "TIMESTAMP '2023-03-01' + INTERVAL (12 * i + 21 * 24) HOUR, CASE WHEN i % 7 = 0 THEN NULL "
        "ELSE TIMESTAMP '2023-03-01' + INTERVAL (12 * i + 24 * (10 + i % 41)) HOUR END FROM range(1200) t(i)"
    )
    # a return after the data's last loan is not in the data yet (an export ends at one present)
    con.execute("UPDATE loans SET returned_at = NULL WHERE returned_at > (SELECT max(loaned_at) FROM loans)")
    con.execute(
        "CREATE TABLE fines (fine_id INTEGER PRIMARY KEY, loan_id INTEGER REFERENCES loans, issued_at TIMESTAMP)"
    )
    con.execute(
        "INSERT INTO fines SELECT loan_id, loan_id, due_at + INTERVAL 1 DAY FROM loans "
        "WHERE coalesce(returned_at, TIMESTAMP '2099-01-01') > due_at"
    )
    return con


def _loans(con, condition: str) -> set:
    rows = con.execute(f"SELECT loan_id FROM loans WHERE loaned_at <= ? AND ({condition})", [ANCHOR]).fetchall()
    return {r[0] for r in rows}


def test_a_date_written_when_it_happens_is_not_known_before(library):
    rfm = rfm_sql.attach(library)
    out = rfm.predict(f"{FINED} WHERE loans.returned_at IS NULL", anchor_time=ANCHOR, context_size=200)
    # the loans out at the anchor: never returned, or returned after it
    out_then = "returned_at IS NULL OR returned_at > TIMESTAMP '2024-06-01'"
    assert set(out.column("ENTITY").to_pylist()) == _loans(library, out_then)
    labels = rfm.labels(f"{FINED} WHERE loans.returned_at IS NULL", anchor_time=ANCHOR - dt.timedelta(days=60))
    returned_later = {
        r[0] for r in library.execute("SELECT loan_id FROM loans WHERE returned_at IS NOT NULL").fetchall()
    }
    assert returned_later & set(labels.column("ENTITY").to_pylist())  # out at that anchor, returned since


def test_a_date_set_ahead_reads_as_it_is(library):
    rfm = rfm_sql.attach(library)
    then = dt.datetime(2024, 3, 1)  # the loans out then and due at least ten days on: known when they were lent
    labels = rfm.labels(f"{FINED} WHERE loans.due_at > 2024-03-10", anchor_time=then)
    due = library.execute(
        "SELECT loan_id FROM loans WHERE loaned_at <= ? AND due_at > TIMESTAMP '2024-03-10'", [then]
    ).fetchall()
    assert set(labels.column("ENTITY").to_pylist()) == {r[0] for r in due} != set()


@pytest.mark.parametrize(
    ("name", "ahead"),
    [("due_date", True), ("planned_start", True), ("eta", True), ("scheduled_at", True),
     ("next_billing_at", False), ("valid_until", False), ("renews_at", False), ("renewed_at", False),
     ("returned_at", False), ("paid_at", False), ("paid_by", False), ("resolved_at", False), ("updated_at", False),
     ("reserved_for", True), ("booked_for", True), ("renewal_for", False)],
)  # fmt: skip
def test_names_of_dates_set_ahead(name, ahead):
    assert scheduled_name(name, [name, "id"]) is ahead


def test_a_span_to_a_date_written_later_is_not_known_before_it(library):
    """A loan's length (returned_at - loaned_at, `compile.row_spans`) is known once it is returned, not before."""
    rfm = rfm_sql.attach(library)
    features = feature_query(rfm.resolve(FINED), rfm.graph)
    span = next(f.name for f in features.features if f.name.endswith("returned_at.days_after_loaned_at"))
    rows = library.execute(
        "SELECT loan_id, date_diff('second', loaned_at, returned_at) / 86400.0, returned_at <= ? FROM loans "
        "WHERE loaned_at <= ? AND returned_at IS NOT NULL ORDER BY loan_id DESC LIMIT 40",
        [ANCHOR, ANCHOR],
    ).fetchall()
    assert {r[2] for r in rows} == {True, False}  # returned before the anchor, and after it
    got = {e: row[span] for e, row in feature_rows(library, features, [r[0] for r in rows], ANCHOR).items()}
    for loan, days, returned in rows:
        assert got[loan] == (pytest.approx(days) if returned else None)
