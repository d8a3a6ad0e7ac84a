"""Rows on the books for the window (compile.booked, compile.scheduled): a table whose rows are written ahead of
their time (an event booked weeks before its date) tells a FIRST target's label before the window opens. A
catering trial's next event type per client read accuracy .45 where the type of the event already booked read .72;
with the booked rows read, .81. Only rows written by the anchor are on its books."""

import duckdb
import pytest

import rfm_sql
from rfm_sql.compile import candidates
from rfm_sql.compile.pair_spec import Budget, pair_spec
from rfm_sql.runtime.context import feature_query
from tests.feature_rows import feature_rows

ANCHOR = "2024-03-01"
NEXT = "PREDICT FIRST(events.event_type, 0, 60, days) FOR EACH clients.client_id"
TYPES = "['gala', 'lunch', 'wedding', 'party']"


@pytest.fixture(scope="module")
def caterer():
    """80 clients, an event every 30-ish days each from 2023-01-01, booked 15 to 75 days ahead; the type is random
    (no history tells it). Data through 2024-06-30; events past it are on the books already."""
    con = duckdb.connect()
    con.execute("CREATE TABLE clients (client_id INTEGER PRIMARY KEY, joined_at TIMESTAMP)")
    con.execute("INSERT INTO clients SELECT i, TIMESTAMP '2022-06-01' FROM range(80) t(i)")
    con.execute(
        "CREATE TABLE events (event_id INTEGER PRIMARY KEY, client_id INTEGER REFERENCES clients, booked_at TIMESTAMP,"
        " event_date TIMESTAMP, event_type VARCHAR)"
    )
    con.execute(
        "INSERT INTO events SELECT 100 * c + k, c, d - INTERVAL (15 + (c * 7 + k * 13) % 61) DAY, d, "
        f"{TYPES}[1 + (hash(c, k) % 4)::BIGINT] FROM (SELECT c, k, TIMESTAMP '2023-01-01' + INTERVAL (30 * k + c % 25) DAY AS d "
        "FROM range(80) a(c), range(25) b(k))"
    )
    con.execute("DELETE FROM events WHERE booked_at > TIMESTAMP '2024-06-30'")
    return con


def test_the_booked_rows_of_the_window_are_pair_features_as_of_the_anchor(caterer):
    rfm = rfm_sql.attach(caterer)
    assert rfm.graph.table("events").written_by == "booked_at"
    vq = rfm.resolve(NEXT)
    window = f"event_date > '{ANCHOR}' AND event_date <= TIMESTAMP '{ANCHOR}' + INTERVAL 60 DAY"
    ((client,),) = caterer.sql(  # one with events due in the window booked by the anchor and after it
        f"SELECT client_id FROM events WHERE {window} GROUP BY 1 HAVING bool_or(booked_at <= '{ANCHOR}') "
        f"AND bool_or(booked_at > '{ANCHOR}') ORDER BY 1 LIMIT 1"
    ).fetchall()
    caterer.execute(
        f"CREATE OR REPLACE TEMP TABLE seed AS SELECT {client} AS ENTITY, TIMESTAMP '{ANCHOR}' AS ANCHOR_TIMESTAMP"
    )
    select, _ = candidates.pair_sql(vq, rfm.graph, pair_spec(vq, rfm.graph), "seed", Budget.of(6))
    rows = caterer.sql(select.sql("duckdb")).df()
    booked = caterer.sql(  # its events due in the window, booked by the anchor, first first (not those after)
        f"SELECT event_type, COUNT(*), MIN(event_date) FROM events WHERE client_id = {client} "
        f"AND booked_at <= '{ANCHOR}' AND {window} GROUP BY 1 ORDER BY 3"
    ).fetchall()
    seen = {r.CLASS: (r["pair:booked_count"], r["pair:booked_rank"]) for _, r in rows.iterrows()}
    for rank, (value, n, _) in enumerate(booked, start=1):
        assert seen[value] == (n, rank)
    assert sum(int(c) for c, _ in seen.values()) == sum(n for _, n, _ in booked)


def test_a_first_target_reads_its_booked_value_and_beats_the_history(caterer):
    rfm = rfm_sql.attach(caterer)
    features = feature_query(rfm.resolve(NEXT), rfm.graph)
    (first,) = [f.name for f in features.features if f.name.endswith("event_type.scheduled_first")]
    row = feature_rows(caterer, features, [3], ANCHOR)[3]
    due = caterer.sql(
        f"SELECT arg_min(event_type, event_date) FROM events WHERE client_id = 3 AND booked_at <= '{ANCHOR}' "
        f"AND event_date > '{ANCHOR}' AND event_date <= TIMESTAMP '{ANCHOR}' + INTERVAL 60 DAY"
    ).fetchall()[0][0]
    assert row[first] == due
    evaluation = rfm.evaluate(NEXT, anchor_time=ANCHOR)
    assert evaluation.metrics["accuracy"] > evaluation.baselines["entity_history"]["accuracy"] + 0.3
