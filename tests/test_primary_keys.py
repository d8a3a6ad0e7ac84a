"""A table's primary key when none is declared (graph/primary_keys.py): a dated table whose only unique column names
another table's key and holds its values (one review an event) is that table's child, not keyed by it; a view that
copies another table's rows, or an undated summary of today's totals, keeps the key it names and no link."""

import duckdb
import pytest

import rfm_sql


@pytest.fixture(scope="module")
def caterer():
    con = duckdb.connect()
    con.execute("CREATE TABLE events (event_id INTEGER PRIMARY KEY, client_id INTEGER, held_on TIMESTAMP, guests INT)")
    con.execute(
        "INSERT INTO events SELECT i, i % 40, TIMESTAMP '2024-01-01' + INTERVAL (i) DAY, 20 + i % 90 FROM range(300) t(i)"
    )
    # a third of the events reviewed, once each: event_id unique here, no review_id
    con.execute(
        "CREATE TABLE reviews AS SELECT event_id, held_on + INTERVAL 3 DAY AS submitted_at, 1 + event_id % 5 AS rating "
        "FROM events WHERE event_id % 3 = 0"
    )
    con.execute(  # a view of the events with one more column: an event's own row
        "CREATE VIEW events_by_size AS SELECT *, CASE WHEN guests > 60 THEN 'large' ELSE 'small' END AS size FROM events"
    )
    con.execute(  # today's totals per client: never read as a child at past anchors
        "CREATE TABLE clients (client_id INTEGER PRIMARY KEY, joined_at TIMESTAMP)"
    )
    con.execute("INSERT INTO clients SELECT i, TIMESTAMP '2023-01-01' FROM range(40) t(i)")
    con.execute(
        "CREATE VIEW client_summary AS SELECT client_id, COUNT(*) AS event_count, SUM(guests) AS guests_total "
        "FROM events GROUP BY client_id"
    )
    return rfm_sql.attach(con)


def test_a_dated_table_keyed_by_anothers_key_is_its_child(caterer):
    graph = caterer.graph
    assert graph.table("reviews").primary_key is None
    assert {(lk.fkey, lk.parent) for lk in graph.links if lk.child == "reviews"} == {("event_id", "events")}
    labels = caterer.labels(
        "PREDICT AVG(reviews.rating, 0, 30, days) FOR EACH events.event_id", anchor_time="2024-03-01"
    )
    assert len(labels) > 0


def test_a_view_of_anothers_rows_and_a_summary_keep_the_key(caterer):
    graph = caterer.graph
    assert graph.table("events_by_size").primary_key == "event_id"
    assert graph.table("client_summary").primary_key == "client_id"
    assert not [lk for lk in graph.links if lk.child in ("events_by_size", "client_summary") and lk.fkey != "client_id"]
    assert not [lk for lk in graph.links if lk.child == "client_summary"]
