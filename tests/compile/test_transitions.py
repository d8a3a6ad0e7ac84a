"""What follows the entity's latest class, pooled over entities: a multiclass pair's share of the steps from the
entity's latest class that went to the candidate (compile.transitions), counted only from steps both of whose rows
are at or before the anchor."""

import datetime as dt

import duckdb
import pyarrow as pa
import pytest

import rfm_sql
from rfm_sql.compile import candidates, pair_spec, transitions
from rfm_sql.compile.sqlutil import to_sql

NEXT = "PREDICT FIRST(purchases.product, 0, 180, days) FOR EACH customers.customer_id"
ANCHOR = dt.datetime(2024, 1, 1)


def _shop() -> duckdb.DuckDBPyConnection:
    """Customers buy auto, then home, then life (customer 4 only auto; 5 nothing); after the anchor, customer 1
    buys auto again and customer 4 buys life: neither step may count at it."""
    con = duckdb.connect()
    con.execute("CREATE TABLE customers (customer_id INTEGER PRIMARY KEY)")
    con.execute("INSERT INTO customers SELECT range FROM range(1, 6)")
    con.execute(
        "CREATE TABLE purchases (purchase_id INTEGER PRIMARY KEY, customer_id INTEGER REFERENCES customers, "
        "bought_at TIMESTAMP, product VARCHAR)"
    )
    rows = [
        (1, 1, "2023-01-05", "auto"), (2, 1, "2023-03-01", "home"), (3, 1, "2023-06-01", "life"),
        (4, 2, "2023-02-01", "auto"), (5, 2, "2023-05-01", "home"),
        (6, 3, "2023-01-10", "auto"), (7, 3, "2023-04-01", "life"),
        (8, 4, "2023-07-01", "auto"),
        (9, 1, "2024-02-01", "auto"), (10, 4, "2024-03-01", "life"),
    ]  # fmt: skip
    con.executemany("INSERT INTO purchases VALUES (?, ?, ?, ?)", rows)
    return con


def _shares(con) -> dict:
    rfm = rfm_sql.attach(con)
    vq = rfm.resolve(NEXT)
    spec = pair_spec.pair_spec(vq, rfm.graph)
    with con.cursor() as cur:
        cur.register("rfm_seed", pa.table({"ENTITY": [1, 2, 3, 4, 5], "ANCHOR_TIMESTAMP": [ANCHOR] * 5}))
        select, features = candidates.pair_sql(
            vq, rfm.graph, spec, "rfm_seed", pair_spec.Budget.of(30), ["auto", "home", "life"]
        )
        assert transitions.FEATURE in [f.name for f in features]
        rows = cur.sql(to_sql(select)).to_arrow_table().to_pylist()
    return {(r["ENTITY"], r["CLASS"]): r[transitions.FEATURE] for r in rows}


def test_a_pair_gets_the_share_of_steps_from_the_entitys_latest_class_to_it():
    shares = _shares(_shop())
    # steps known at the anchor: auto->home (1, 2), home->life (1), auto->life (3)
    assert shares[(4, "home")] == pytest.approx(2 / 3) and shares[(4, "life")] == pytest.approx(1 / 3)  # latest: auto
    assert shares[(4, "auto")] == 0
    assert shares[(2, "life")] == 1.0 and shares[(2, "home")] == 0  # latest: home
    assert shares[(1, "auto")] is None  # latest: life, from which no step is known yet
    assert all(shares[(5, c)] is None for c in ("auto", "home", "life") if (5, c) in shares)  # no purchase


def test_steps_after_the_anchor_change_nothing():
    con = _shop()
    before = _shares(con)
    con.execute("INSERT INTO purchases VALUES (11, 2, '2024-01-01 00:00:01', 'auto'), (12, 5, '2024-06-01', 'home')")
    assert _shares(con) == before
