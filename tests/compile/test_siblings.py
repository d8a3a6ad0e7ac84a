"""Sibling features (`compile.siblings`): a fine's member's other fines and their payments, as of the anchor. A
library trial's "will this fine be paid within 30 days" read only the fine and its loan."""

import datetime as dt

import duckdb
import pytest

import rfm_sql
from rfm_sql.compile import siblings
from rfm_sql.pql.tasks import TaskType
from rfm_sql.runtime import metrics
from rfm_sql.runtime.context import feature_query
from tests.feature_rows import feature_rows

ANCHOR = dt.datetime(2024, 6, 1)
PAID = "PREDICT COUNT(payments.*, 0, 30, days) > 0 FOR EACH fines.fine_id WHERE COUNT(payments.*, -INF, 0, days) = 0"


def _library(cut: bool = False):
    """300 members, half of whom pay their fines (within 5 to 25 days), half hardly ever; a fine every 2 days
    per member's loans, each fine of a loan of its member."""
    con = duckdb.connect()
    con.execute("CREATE TABLE members (member_id INTEGER PRIMARY KEY, joined_at TIMESTAMP)")
    con.execute("INSERT INTO members SELECT i, TIMESTAMP '2023-01-01' FROM range(1, 301) t(i)")
    con.execute(
        "CREATE TABLE loans (loan_id INTEGER PRIMARY KEY, member_id INTEGER REFERENCES members, loaned_at TIMESTAMP)"
    )
    con.execute(
        "INSERT INTO loans SELECT i, 1 + i % 300, TIMESTAMP '2023-02-01' + INTERVAL (i * 2) HOUR FROM range(1, 6001) t(i)"
    )
    con.execute(
        "CREATE TABLE fines (fine_id INTEGER PRIMARY KEY, loan_id INTEGER REFERENCES loans, issued_at TIMESTAMP, "
        "amount DOUBLE)"
    )
    con.execute("INSERT INTO fines SELECT loan_id, loan_id, loaned_at + INTERVAL 30 DAY, 1 + loan_id % 7 FROM loans")
    con.execute(
        "CREATE TABLE payments (payment_id INTEGER PRIMARY KEY, fine_id INTEGER REFERENCES fines, paid_at TIMESTAMP)"
    )
    con.execute(  # members with an even id pay 9 fines in 10; the others 1 in 10
        "INSERT INTO payments SELECT f.fine_id, f.fine_id, f.issued_at + INTERVAL (5 + hash(f.fine_id) % 20) DAY "
        "FROM fines f JOIN loans l USING (loan_id) "
        "WHERE hash(f.fine_id * 7) % 10 < CASE WHEN l.member_id % 2 = 0 THEN 9 ELSE 1 END"
    )
    if cut:
        con.execute("DELETE FROM payments WHERE paid_at > ?", [ANCHOR])
        con.execute("DELETE FROM fines WHERE issued_at > ?", [ANCHOR])
    return con


@pytest.fixture(scope="module")
def library():
    return _library()


def test_the_members_fines_and_their_payments_as_of_the_anchor(library):
    rfm = rfm_sql.attach(library)
    features = feature_query(rfm.resolve(PAID), rfm.graph)
    names = {f.name.split(":", 1)[-1]: f.name for f in features.features}
    fine = library.execute("SELECT max(fine_id) FROM fines WHERE issued_at <= ?", [ANCHOR]).fetchall()[0][0]
    row = feature_rows(library, features, [fine], ANCHOR)[fine]
    member = "SELECT member_id FROM loans WHERE loan_id = (SELECT loan_id FROM fines WHERE fine_id = ?)"
    fines, paid = library.execute(
        f"SELECT count(DISTINCT f.fine_id), count(p.payment_id) FILTER (WHERE p.paid_at <= $2) FROM fines f "
        f"JOIN loans l USING (loan_id) LEFT JOIN payments p ON p.fine_id = f.fine_id "
        f"WHERE l.member_id = ({member.replace('?', '$1')}) AND f.issued_at <= $2",
        [fine, ANCHOR],
    ).fetchall()[0]
    assert row[names["siblings[loan_id.member_id].count"]] == fines
    assert row[names["siblings[loan_id.member_id].payments.count"]] == paid
    assert row[names["siblings[loan_id.member_id].payments.per_row"]] == pytest.approx(paid / fines)


def _recent_auroc(con, evaluation) -> float:
    """AUROC over the fines issued in the 30 days before the anchor: the ones whose payment is open (the older
    unpaid ones are mostly never paid, which their age alone says)."""
    r = evaluation.results[0]
    recent = {
        f
        for (f,) in con.execute(
            "SELECT fine_id FROM fines WHERE issued_at > ? - INTERVAL 30 DAY AND issued_at <= ?", [ANCHOR, ANCHOR]
        ).fetchall()
    }
    keep = [i for i, e in enumerate(r.query.column("ENTITY").to_pylist()) if e in recent]
    y = [bool(r.query.column("TARGET")[i].as_py()) for i in keep]
    return metrics.compute(
        metrics.resolve(["auroc"], TaskType.BINARY), y, [r.probs[i, -1] for i in keep], [None] * len(keep)
    )["auroc"]


def test_the_members_record_predicts_a_new_fine(library, monkeypatch):
    with_siblings = _recent_auroc(library, rfm_sql.attach(library).evaluate(PAID, anchor_time=ANCHOR, context_size=400))
    monkeypatch.setattr(siblings, "MAX_ANCESTORS", 0)
    without = _recent_auroc(library, rfm_sql.attach(library).evaluate(PAID, anchor_time=ANCHOR, context_size=400))
    assert with_siblings > without + 0.05, (with_siblings, without)


def test_rows_after_the_anchor_change_nothing(library):
    rows = [
        rfm_sql.attach(c).predict(PAID, anchor_time=ANCHOR, context_size=300).to_pylist()
        for c in (library, _library(cut=True))
    ]
    assert rows[0] == rows[1]
