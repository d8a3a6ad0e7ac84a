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
