"""How overdue an entity is on the rows its target counts (`compile.row_gaps`): the mean gap between its rows and
the days since its last in units of it, from rows by the anchor only, for the target's tables only. A grocery
trial's churn ("no order for longer than this customer's own cycle") lost to days since the last order alone."""

import datetime as dt

import duckdb
import pytest

import rfm_sql
from rfm_sql.runtime.context import feature_query
from tests.feature_rows import feature_rows

ANCHOR = dt.datetime(2024, 6, 1)
CHURN = "PREDICT COUNT(orders.*, 0, 60, days) = 0 FOR EACH customers.customer_id"


def _shop(cut: bool = False):
    """Customer c orders every 3 + c % 10 days from 2024-01-01 (c = 7: one order only); tickets beside."""
    con = duckdb.connect()
    con.execute("CREATE TABLE customers (customer_id INTEGER PRIMARY KEY, created_at TIMESTAMP)")
    con.execute("INSERT INTO customers SELECT i, TIMESTAMP '2023-06-01' FROM range(40) t(i)")
    con.execute(
        "CREATE TABLE orders (order_id INTEGER PRIMARY KEY, customer_id INTEGER REFERENCES customers, placed_at TIMESTAMP)"
    )
    con.execute(
        "INSERT INTO orders SELECT 1000 * c + k, c, TIMESTAMP '2024-01-01' + INTERVAL ((3 + c % 10) * k) DAY "
        "FROM range(40) a(c), range(100) b(k) WHERE c <> 7 OR k = 0"
    )
    con.execute(
        "CREATE TABLE tickets (ticket_id INTEGER PRIMARY KEY, customer_id INTEGER REFERENCES customers, placed_at TIMESTAMP)"
    )
    con.execute("INSERT INTO tickets SELECT i, i % 40, TIMESTAMP '2024-01-01' + INTERVAL (i) DAY FROM range(200) t(i)")
    if cut:
        con.execute("DELETE FROM orders WHERE placed_at > ?", [ANCHOR])
    return con


def _rows(con, entities):
    rfm = rfm_sql.attach(con)
    features = feature_query(rfm.resolve(CHURN), rfm.graph)
    return features, feature_rows(con, features, entities, ANCHOR)


def test_the_mean_gap_and_how_overdue_by_hand():
    con = _shop()
    features, rows = _rows(con, [0, 3, 7])
    gap, overdue = "orders.gap_days_mean_all", "orders.overdue"
    names = {f.name.split(":", 1)[1]: f.name for f in features.features}
    assert gap in names and overdue in names
    assert not any(n.startswith("tickets.") and ("gap" in n or "overdue" in n) for n in names)  # not the target's
    for c in (0, 3):
        every = 3 + c % 10
        times = [dt.datetime(2024, 1, 1) + dt.timedelta(days=every * k) for k in range(100)]
        seen = [t for t in times if t <= ANCHOR]
        mean_gap = (seen[-1] - seen[0]).days / (len(seen) - 1)
        assert rows[c][names[gap]] == pytest.approx(mean_gap)
        assert rows[c][names[overdue]] == pytest.approx((ANCHOR - seen[-1]).days / mean_gap)
    assert rows[7][names[gap]] is None and rows[7][names[overdue]] is None  # one order: no gap yet


def test_rows_after_the_anchor_are_not_read():
    _, before = _rows(_shop(), range(40))
    _, after = _rows(_shop(cut=True), range(40))
    assert before == after


def test_a_regression_target_has_none():
    con = _shop()
    rfm = rfm_sql.attach(con)
    spend = "PREDICT COUNT(orders.*, 0, 60, days) FOR EACH customers.customer_id"
    assert not any("overdue" in f.name for f in feature_query(rfm.resolve(spend), rfm.graph).features)


def test_a_static_target_has_none():
    con = _shop()
    con.execute("ALTER TABLE customers ADD COLUMN tier TEXT")
    rfm = rfm_sql.attach(con)
    features = feature_query(rfm.resolve("PREDICT customers.tier FOR EACH customers.customer_id"), rfm.graph)
    assert not any("overdue" in f.name for f in features.features)


def test_rows_at_one_time_are_one_visit():
    """An order's lines share its time: counted as gaps, ten lines every 30 days read a gap of 2.5 days."""
    con = _shop()
    con.execute(
        "INSERT INTO orders SELECT 100000 + 10 * order_id + k, customer_id, placed_at FROM orders, range(1, 10) t(k)"
    )
    features, rows = _rows(con, [0, 3])
    _, single = _rows(_shop(), [0, 3])
    gap = next(f.name for f in features.features if f.name.endswith(":orders.gap_days_mean_all"))
    overdue = next(f.name for f in features.features if f.name.endswith(":orders.overdue"))
    for c in (0, 3):
        assert rows[c][gap] == pytest.approx(single[c][gap]) and rows[c][overdue] == pytest.approx(single[c][overdue])
