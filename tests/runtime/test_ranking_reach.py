"""A ranked backtest whose labelled items were mostly not candidates at the anchor (items that first appear after it:
a school's sections of a term not begun) says so: no model could rank them (runtime.ranking.unreachable_note)."""

import duckdb
import pytest

import rfm_sql
from rfm_sql.errors import RFMWarning

QUERY = "PREDICT LIST_DISTINCT(buys.item_id, 0, 30, days) RANK TOP 5 FOR EACH users.user_id"


def _shop(new_after: bool):
    """50 users buying daily through 2024-06-30; from 2024-06-01 on (`new_after`) only items first sold then."""
    con = duckdb.connect()
    con.execute("CREATE TABLE users (user_id INTEGER PRIMARY KEY, joined_at TIMESTAMP)")
    con.execute("INSERT INTO users SELECT i, TIMESTAMP '2023-12-01' FROM range(50) t(i)")
    con.execute("CREATE TABLE items (item_id INTEGER PRIMARY KEY, kind VARCHAR)")
    con.execute("INSERT INTO items SELECT i, ['a', 'b'][1 + i % 2] FROM range(200) t(i)")
    con.execute(
        "CREATE TABLE buys (buy_id INTEGER PRIMARY KEY, user_id INTEGER REFERENCES users, "
        "item_id INTEGER REFERENCES items, bought_at TIMESTAMP)"
    )
    late = "100 + (i * 7) % 100" if new_after else "(i * 7) % 50"
    con.execute(
        "INSERT INTO buys SELECT i, i % 50, CASE WHEN i >= 7600 THEN "
        f"{late} ELSE (i % 50 + i // 50 % 10) % 100 END, TIMESTAMP '2024-01-01' + INTERVAL (i // 50) DAY "
        "FROM range(9100) t(i)"
    )
    return rfm_sql.attach(con)


def test_items_new_after_the_anchor_are_named_as_out_of_reach():
    with pytest.warns(
        RFMWarning, match=r"[\d,]+ of the [\d,]+ items labelled in this backtest \(\d+%\) first appear in buys after"
    ):
        evaluation = _shop(new_after=True).evaluate(QUERY, anchor_time="2024-05-31")
    assert any("cannot be ranked" in w for w in evaluation.warnings)


def test_items_there_before_the_anchor_say_nothing():
    evaluation = _shop(new_after=False).evaluate(QUERY, anchor_time="2024-05-31")
    assert not any("cannot be ranked" in w for w in evaluation.warnings)


def test_the_destinations_newest_rows_are_candidates_before_anyone_links_them():
    """Items released every 2 days, each bought in its first three weeks: at an anchor the items released in the
    last few days have no buyer yet and are candidates still (compile.new_source), as a ticketing trial's events on
    sale were not; none released after the anchor is."""
    con = duckdb.connect()
    con.execute("CREATE TABLE users (user_id INTEGER PRIMARY KEY, joined_at TIMESTAMP)")
    con.execute("INSERT INTO users SELECT i, TIMESTAMP '2023-12-01' FROM range(40) t(i)")
    con.execute("CREATE TABLE items (item_id INTEGER PRIMARY KEY, released_at TIMESTAMP)")
    con.execute("INSERT INTO items SELECT i, TIMESTAMP '2024-01-01' + INTERVAL (2 * i) DAY FROM range(180) t(i)")
    con.execute(
        "CREATE TABLE buys (buy_id INTEGER PRIMARY KEY, user_id INTEGER REFERENCES users, "
        "item_id INTEGER REFERENCES items, bought_at TIMESTAMP)"
    )
    con.execute(
        "INSERT INTO buys SELECT row_number() OVER (), u.i, it.item_id, it.released_at + INTERVAL (5 + (u.i * 3 + "
        "it.item_id) % 16) DAY FROM range(40) u(i), items it WHERE (u.i + it.item_id) % 5 = 0"
    )
    rfm = rfm_sql.attach(con)
    at = "2024-06-01"
    out = rfm.predict(QUERY.replace("buys.item_id, 0, 30", "buys.item_id, 0, 14"), anchor_time=at)
    linked = {i for (i,) in con.execute("SELECT DISTINCT item_id FROM buys WHERE bought_at <= ?", [at]).fetchall()}
    released = {i for (i,) in con.execute("SELECT item_id FROM items WHERE released_at <= ?", [at]).fetchall()}
    ranked = set(out.column("CLASS").to_pylist())
    assert ranked - linked  # items nobody had bought by the anchor are ranked
    assert ranked <= released  # and none released after it
