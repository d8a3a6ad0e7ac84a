"""A FIRST or LAST target over a state its rows leave when a later date comes ('booked' until a consultation
starts or is cancelled) has no outcome yet where a context window's first row is still in it: such examples are not
learnt from, and the state is no class to predict (runtime.strata.open_states). A telehealth trial's copy learnt
'booked' from the consultations booked far ahead and predicted it for 452 of 3,709 patients."""

import duckdb
import pytest

import rfm_sql
from rfm_sql.runtime import strata

NEXT = "PREDICT FIRST(consultations.status, 0, 30, days) FOR EACH patients.patient_id"


@pytest.fixture(scope="module")
def clinic():
    """300 patients, a consultation booked every 6 days each through 2024, held 1 to 60 days after booking (every
    eighth 300 days after): a fifth cancelled 2 days before, the others completed when held; those held after the
    data's end still 'booked', some of them booked in windows whose other rows are long settled."""
    con = duckdb.connect()
    con.execute("CREATE TABLE patients AS SELECT i AS patient_id FROM range(300) t(i)")
    con.execute(
        "CREATE TABLE consultations AS SELECT 1000 * p + k AS consult_id, p AS patient_id, TIMESTAMP '2024-01-01' + "
        "INTERVAL (6 * k + p % 6) DAY AS booked_at, TIMESTAMP '2024-01-01' + INTERVAL (6 * k + p % 6) DAY + "
        "INTERVAL (CASE WHEN (p + k) % 8 = 0 THEN 300 ELSE 1 + (p * 7 + k * 13) % 60 END) DAY AS scheduled_for "
        "FROM range(300) a(p), range(60) b(k)"
    )
    end = "(SELECT MAX(booked_at) FROM consultations)"
    cancels = "(patient_id * 7 + consult_id * 3 + patient_id // 7) % 5 = 0"  # every fifth, each patient's own
    con.execute(
        "ALTER TABLE consultations ADD COLUMN status VARCHAR; ALTER TABLE consultations ADD COLUMN started_at "
        "TIMESTAMP; ALTER TABLE consultations ADD COLUMN cancelled_at TIMESTAMP"
    )
    con.execute(
        f"UPDATE consultations SET status = CASE WHEN {cancels} AND scheduled_for - INTERVAL 2 DAY <= {end} THEN "
        f"'cancelled' WHEN NOT {cancels} AND scheduled_for <= {end} THEN 'completed' ELSE 'booked' END"
    )
    con.execute(
        "UPDATE consultations SET started_at = CASE WHEN status = 'completed' THEN scheduled_for END, cancelled_at = "
        "CASE WHEN status = 'cancelled' THEN scheduled_for - INTERVAL 2 DAY END"
    )
    return rfm_sql.attach(con)


def test_a_state_rows_leave_is_no_context_label_and_no_class(clinic):
    vq = clinic.resolve(NEXT)
    assert dict(clinic.graph.table("consultations").open_values) == {"status": ("booked",)}
    assert strata.open_states(vq, clinic.graph) == ("booked",)
    out = clinic.predict(NEXT)
    assert set(out.column("CLASS").to_pylist()) == {"completed", "cancelled"}
    # a count reads no state
    count = clinic.resolve("PREDICT COUNT(consultations.*, 0, 30, days) FOR EACH patients.patient_id")
    assert strata.open_states(count, clinic.graph) == ()


def test_a_column_written_when_the_state_moves_on_is_filled_in_with_its_dates():
    """A consultation's charge is NULL while it is 'booked' and set once it is held or cancelled (a late
    cancellation's fee), which no one date sets: it is read as the status is, from the status's dates (a telehealth
    trial's context learnt the charges of visits still to come as none). A column set on booking (the platform) is
    read as it stands."""
    con = duckdb.connect()
    con.execute(
        "CREATE TABLE visits AS SELECT i AS visit_id, i % 200 AS patient_id, TIMESTAMP '2024-01-01' + INTERVAL (i) "
        "HOUR AS booked_at, CASE WHEN i >= 4600 THEN 'booked' WHEN i % 6 = 0 THEN 'cancelled' ELSE 'completed' END "
        "AS status, CASE WHEN i < 4600 AND i % 6 <> 0 THEN TIMESTAMP '2024-01-03' + INTERVAL (i) HOUR END AS "
        "started_at, CASE WHEN i < 4600 AND i % 6 = 0 THEN TIMESTAMP '2024-01-02' + INTERVAL (i) HOUR END AS "
        "cancelled_at, CASE WHEN i >= 4600 THEN NULL WHEN i % 6 = 0 THEN 15 ELSE 40 + i % 9 END AS amount_charged, "
        "CASE WHEN i % 3 = 0 THEN 'app' ELSE 'web' END AS platform FROM range(5000) t(i)"
    )
    visits = rfm_sql.attach(con).graph.table("visits")
    assert dict(visits.open_values) == {"status": ("booked",)}
    fills = {(c, d) for c, d in visits.filled_with}
    assert {("amount_charged", "started_at"), ("amount_charged", "cancelled_at")} <= fills
    assert not {c for c, _ in fills} & {"platform"}
