"""An entity filter that picks rows by the state they hold today (a ticket 'pending' until answered) keeps nothing at
past anchors; the error says so, not only "loosen the filter" (a support-desk trial; runtime/state_filter.py)."""

import datetime as dt
import warnings

import duckdb
import pytest

import rfm_sql
from rfm_sql.errors import NoExamplesError
from rfm_sql.pql.parser import parse
from rfm_sql.runtime.state_filter import state_filter_hint

PENDING = (
    "PREDICT COUNT(tickets.*, 0, 30, days) > 0 FOR EACH customers.customer_id "
    "WHERE COUNT(tickets.* WHERE tickets.status = 'pending', -30, 0, days) > 0"
)


@pytest.fixture(scope="module")
def desk():
    """40 customers, a ticket a day each third day for 400 days; a ticket reads 'closed' now, but those of the
    last 10 days 'pending'; its channel is 'email' or 'phone' throughout."""
    con = duckdb.connect()
    con.execute("CREATE TABLE customers (customer_id INTEGER PRIMARY KEY, region VARCHAR)")
    con.execute("INSERT INTO customers SELECT i, 'r' || (i % 3) FROM range(40) t(i)")
    con.execute(
        "CREATE TABLE tickets (ticket_id INTEGER PRIMARY KEY, customer_id INTEGER REFERENCES customers, "
        "created_at TIMESTAMP, status VARCHAR, channel VARCHAR)"
    )
    con.execute(
        "INSERT INTO tickets SELECT i, i % 40, TIMESTAMP '2024-01-01' + to_days(CAST(i // 13 AS INTEGER)), "
        "CASE WHEN i // 13 >= 390 THEN 'pending' ELSE 'closed' END, CASE WHEN hash(i) % 2 = 0 THEN 'email' "
        "ELSE 'phone' END FROM range(5200) t(i)"
    )
    rfm = rfm_sql.attach(con)
    rfm.graph.set_stype("tickets", "status", "categorical")
    rfm.graph.set_stype("tickets", "channel", "categorical")
    return con, rfm


def test_a_filter_on_todays_state_says_why_it_keeps_no_example(desk):
    con, rfm = desk
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with pytest.raises(NoExamplesError, match=r"tickets\.status = 'pending' holds on no tickets row dated at or "):
            rfm.predict(PENDING)
        with pytest.raises(NoExamplesError, match=r"Check the filter: tickets\.status = 'pending' holds on no"):
            rfm.evaluate(PENDING, anchor_time="2024-10-01")
        with pytest.raises(NoExamplesError, match=r"list the entities to predict \(FOR customers\.customer_id IN"):
            rfm.predict(PENDING.replace("= 'pending'", "IN ('pending')"))


def test_a_filter_on_a_value_rows_held_all_along_gets_no_such_hint(desk):
    """A channel is what it was: the filter keeps examples at past anchors and predictions come back; and the hint
    itself is None for it, while it names the pending tickets' dates."""
    con, rfm = desk
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        out = rfm.predict(PENDING.replace("tickets.status = 'pending'", "tickets.channel = 'email'"))
    assert len(out) > 0
    newest = dt.datetime(2024, 12, 1)
    email = parse(PENDING.replace("tickets.status = 'pending'", "tickets.channel = 'email'")).entity_filter
    assert state_filter_hint(con, email, rfm.graph, newest, "customers.customer_id") is None
    pending = parse(PENDING).entity_filter
    hint = state_filter_hint(con, pending, rfm.graph, newest, "customers.customer_id")
    assert "dated 2025-01-25 00:00:00 to 2025-02-03 00:00:00" in hint
    assert state_filter_hint(con, pending, rfm.graph, dt.datetime(2025, 2, 1), "customers.customer_id") is None
