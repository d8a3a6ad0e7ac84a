"""A rare binary outcome among many entities (one invoice in a thousand disputed in a month): the context sample
is sized for the cap, and at a 0.1% rate it held 4 positives of 1,000, so the model could not learn what marks
them (AUROC 0.49 to 0.81 where the invoice's age alone gave 0.98). The sample is drawn deeper until the rarer
outcome can fill its share of the context (`runtime.plan`), and the balance's prior ratio keeps the
probabilities at the true rate."""

import datetime as dt

import duckdb
import numpy as np
import pytest

import rfm_sql
from rfm_sql.compile.sqlutil import TARGET
from rfm_sql.runtime import plan as planner
from rfm_sql.runtime.options import RunOptions

DISPUTED = "PREDICT COUNT(disputes.*, 0, 30, days) > 0 FOR EACH invoices.invoice_id"
ANCHOR = dt.datetime(2024, 10, 1)


@pytest.fixture(scope="module")
def ledger():
    """An invoice an hour over two years; one in 50 disputed 1 to 20 days after it was issued."""
    con = duckdb.connect()
    con.execute("CREATE TABLE invoices (invoice_id INTEGER PRIMARY KEY, issued_at TIMESTAMP, amount DOUBLE)")
    con.execute(
        "INSERT INTO invoices SELECT i, TIMESTAMP '2023-01-01' + INTERVAL (i) HOUR, 100 + hash(i) % 900 "
        "FROM range(17520) t(i)"
    )
    con.execute(
        "CREATE TABLE disputes (dispute_id INTEGER PRIMARY KEY, invoice_id INTEGER REFERENCES invoices, "
        "opened_at TIMESTAMP)"
    )
    con.execute(
        "INSERT INTO disputes SELECT invoice_id, invoice_id, issued_at + INTERVAL (1 + hash(invoice_id * 7) % 20) DAY "
        "FROM invoices WHERE hash(invoice_id * 3) % 50 = 0"
    )
    return con


def test_the_context_holds_enough_of_a_rare_outcome(ledger, monkeypatch):
    rfm = rfm_sql.attach(ledger)
    vq, options = rfm.resolve(DISPUTED), RunOptions(context_size=1000)
    cur = ledger.cursor()
    plan = planner.make_plan(cur, vq, rfm.graph, ANCHOR, options)

    def context():
        return planner.select_context(cur, vq, rfm.graph, plan, options, balance=True)

    labels = np.array(context().column(TARGET).to_pylist())
    # the four newest anchors' windows hold 29 disputes (6, 6, 13, 4): the deeper sample finds them all, where
    # the one sized for the cap (a tenth of the invoices) kept 2
    assert labels.sum() == 29
    monkeypatch.setattr(planner, "DEEPEN_AT_MOST", 1.0)
    assert np.array(context().column(TARGET).to_pylist()).sum() <= 5
    monkeypatch.undo()
    ratios = np.array(context().column(planner.PRIOR_RATIO).to_pylist())
    assert ratios[labels].max() < 0.1 < ratios[~labels].min()  # positives kept far above their true share


def test_a_rare_outcome_is_ranked_by_what_marks_it(ledger):
    evaluation = rfm_sql.attach(ledger).evaluate(DISPUTED, anchor_time=ANCHOR)
    assert evaluation.metrics["auroc"] > 0.9
    probabilities = evaluation.truth_and_scores()[1]
    assert np.mean(probabilities) < 0.05  # at the true rate (about 1 in 1,000), not the balanced context's
