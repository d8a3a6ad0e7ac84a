"""Spans within a child table's rows (`compile.child_spans`): per entity, the mean days between each two of its
child rows' dates where both are known at the anchor, and the rows with a date not known yet. A receivables trial
predicted a customer's payment terms (due_date - issued_at on every invoice) at the majority class: no input held
the span."""

import datetime as dt

import duckdb
import pytest

import rfm_sql
from rfm_sql.runtime.context import feature_query
from tests.feature_rows import feature_rows

ANCHOR = dt.datetime(2024, 6, 1)
TERMS = "PREDICT customers.payment_terms FOR EACH customers.customer_id"
UNPAID = "PREDICT COUNT(invoices.*, 0, 30, days) > 0 FOR EACH customers.customer_id"


def _receivables(cut: bool = False):
    """300 customers on 30, 45 or 60 days' terms (customer_id % 3), an invoice every 9 days from 2023, each paid
    customer_id % 7 days after its due date. `cut`: the rows after ANCHOR deleted, and payments after it unmade."""
    con = duckdb.connect()
    con.execute("CREATE TABLE customers (customer_id INTEGER PRIMARY KEY, created_at TIMESTAMP, payment_terms TEXT)")
    con.execute(
        "INSERT INTO customers SELECT i, TIMESTAMP '2023-01-01', CAST(30 + 15 * (i % 3) AS TEXT) FROM range(300) t(i)"
    )
    con.execute(
        "CREATE TABLE invoices (invoice_id INTEGER PRIMARY KEY, customer_id INTEGER REFERENCES customers, "
        "issued_at TIMESTAMP, due_date DATE, paid_at TIMESTAMP)"
    )
    con.execute(
        "INSERT INTO invoices SELECT 1000 * c + k, c, TIMESTAMP '2023-01-01' + INTERVAL (9 * k + c % 9) DAY, "
        "CAST(TIMESTAMP '2023-01-01' + INTERVAL (9 * k + c % 9 + 30 + 15 * (c % 3)) DAY AS DATE), "
        "TIMESTAMP '2023-01-01' + INTERVAL (9 * k + c % 9 + 30 + 15 * (c % 3) + c % 7) DAY "
        "FROM range(300) a(c), range(80) b(k)"
    )
    if cut:
        con.execute("DELETE FROM invoices WHERE issued_at > ?", [ANCHOR])
        con.execute("UPDATE invoices SET paid_at = NULL WHERE paid_at > ?", [ANCHOR])
    return con


@pytest.fixture(scope="module")
def receivables():
    return _receivables()


def _features(con, pql):
    rfm = rfm_sql.attach(con)
    return feature_query(rfm.resolve(pql), rfm.graph)


def test_the_mean_span_between_two_dates_counts_rows_known_at_the_anchor(receivables):
    features = _features(receivables, UNPAID)
    names = {f.name.split(":", 1)[1] for f in features.features}
    terms, late, paid = (
        "invoices.due_date.days_after_issued_at.mean_all",
        "invoices.paid_at.days_after_due_date.mean_all",
        "invoices.paid_at.days_after_issued_at.mean_all",
    )
    assert {terms, late, paid, "invoices.count_paid_at_pending"} <= names
    assert not any(n.endswith("count_due_date_pending") for n in names)  # set ahead: known from the start
    full = {f.name.split(":", 1)[1]: f.name for f in features.features}
    terms, late, paid, pending = (full[n] for n in (terms, late, paid, "invoices.count_paid_at_pending"))
    row = feature_rows(receivables, features, [4, 5], ANCHOR)
    for c in (4, 5):
        assert row[c][terms] == pytest.approx(30 + 15 * (c % 3))
        assert row[c][late] == pytest.approx(c % 7)
        # the invoices issued by the anchor and not paid by then, counted the slow way
        expected = receivables.execute(
            "SELECT count(*) FROM invoices WHERE customer_id = ? AND issued_at <= ? AND paid_at > ?",
            [c, ANCHOR, ANCHOR],
        ).fetchall()[0][0]
        assert row[c][pending] == expected > 0


def test_rows_after_the_anchor_change_no_span(receivables):
    """A payment after the anchor is not known then: the spans and the pending count read as if it were unmade."""
    features = _features(receivables, UNPAID)
    full = feature_rows(receivables, features, [4, 5, 6], ANCHOR)
    cut = feature_rows(_receivables(cut=True), features, [4, 5, 6], ANCHOR)
    spans = [n for n in full[4] if "days_after_" in n or n.endswith("_pending")]
    assert len(spans) == 4
    assert [full[c][n] for c in (4, 5, 6) for n in spans] == pytest.approx(
        [cut[c][n] for c in (4, 5, 6) for n in spans]
    )


def test_a_static_class_set_by_the_childrens_spans_is_predicted(receivables):
    """The terms are the span itself: every customer's class follows from its invoices (0.33 at the majority)."""
    accuracy = rfm_sql.attach(receivables).evaluate(TERMS, context_size=200).metrics["accuracy"]
    assert accuracy > 0.9


def test_a_date_rewritten_as_rows_change_gives_no_span_nor_pending_count():
    """updated_at holds today's state: rows "not updated yet" at a past anchor are those that changed after it (a
    real-estate trial's agents' listings), and a span to it reads the last change."""
    con = _receivables()
    con.execute("ALTER TABLE invoices ADD COLUMN updated_at TIMESTAMP")
    con.execute("UPDATE invoices SET updated_at = COALESCE(paid_at, issued_at)")
    names = {f.name.split(":", 1)[1] for f in _features(con, UNPAID).features}
    assert "invoices.count_paid_at_pending" in names
    assert not [n for n in names if "updated_at" in n]
