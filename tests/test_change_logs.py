"""Columns whose changes a child table logs (`graph.change_logs`, `compile.entity_asof`): an employee's level and
department, raised and moved by the promotions `job_changes` records. The employees' row holds today's values; at a
past anchor the features read the values the row held then, as a copy of the database taken at the anchor does.
An HR trial's promotion context read the level each employee was later promoted to."""

import datetime as dt
import warnings

import duckdb
import pytest

import rfm_sql
from rfm_sql.graph import change_logs
from rfm_sql.runtime.context import feature_query
from tests.feature_rows import feature_rows

ANCHOR = dt.datetime(2024, 6, 1)
PROMOTED = "PREDICT COUNT(job_changes.*, 0, 180, days) > 0 FOR EACH employees.employee_id"


def _hr(at: dt.datetime | None = None, shuffled: bool = False, level: str = "level"):
    """30 employees hired 2022-01-01 at level 1 in department i % 3; employee i is promoted (level + 1, department
    + 1 mod 3) on 2023-01-01 + 40 i days, and the even ones again 200 days later. `at`: the database as it stood
    then (later changes deleted, the employees' row as it was). `shuffled`: the log's values unrelated to the row.
    `level`: the employees' column of the level."""
    con = duckdb.connect()
    con.execute("CREATE TABLE departments (department_id INTEGER PRIMARY KEY, name VARCHAR, budget DOUBLE)")
    con.execute("INSERT INTO departments VALUES (0, 'ops', 10.0), (1, 'sales', 20.0), (2, 'tech', 30.0)")
    con.execute(  # the log first, without its keys: the employees' row is made from it
        "CREATE TEMP TABLE log AS SELECT 100 * i + k AS change_id, i AS employee_id, TIMESTAMP '2023-01-01' + "
        "INTERVAL (40 * i + 200 * k) DAY AS changed_at, 1 + k AS old_level, 2 + k AS new_level, (i + k) % 3 AS "
        "old_department_id, (i + k + 1) % 3 AS new_department_id FROM range(30) a(i), range(2) b(k) "
        "WHERE k = 0 OR i % 2 = 0"
    )
    if at is not None:
        con.execute("DELETE FROM log WHERE changed_at > ?", [at])
    con.execute(
        f"CREATE TABLE employees (employee_id INTEGER PRIMARY KEY, hired_at TIMESTAMP, {level} INTEGER, "
        "department_id INTEGER REFERENCES departments)"
    )
    con.execute(  # today's values: each employee's latest change
        "INSERT INTO employees SELECT i, TIMESTAMP '2022-01-01', coalesce(c.level, 1), coalesce(c.dept, i % 3) "
        "FROM range(30) t(i) LEFT JOIN (SELECT employee_id, arg_max(new_level, changed_at) level, "
        "arg_max(new_department_id, changed_at) dept FROM log GROUP BY employee_id) c ON c.employee_id = i"
    )
    if shuffled:
        con.execute("UPDATE log SET new_level = (change_id * 7) % 5, old_level = (change_id * 3) % 5")
    con.execute(
        "CREATE TABLE job_changes (change_id INTEGER PRIMARY KEY, employee_id INTEGER REFERENCES employees, "
        "changed_at TIMESTAMP, old_level INTEGER, new_level INTEGER, old_department_id INTEGER, "
        "new_department_id INTEGER)"
    )
    con.execute("INSERT INTO job_changes SELECT * FROM log")
    con.execute("DROP TABLE log")
    return con


def test_the_log_and_which_column_holds_the_value_before_are_read_from_the_data():
    rfm = rfm_sql.attach(_hr())
    logged = {entry[0]: entry for entry in rfm.graph.table("employees").logged_in}
    assert logged["level"] == ("level", "job_changes", "employee_id", "old_level", "new_level")
    assert logged["department_id"][3:] == ("old_department_id", "new_department_id")
    assert "as of the anchor by job_changes.old_level" in rfm.graph.describe()
    assert rfm_sql.attach(_hr(shuffled=True)).graph.table("employees").logged_in[0][0] == "department_id"


def test_a_log_named_by_the_columns_last_word_is_read():
    """employees.job_level logged as old_level / new_level: named by the column's last word (a cloud host's
    plan_tier logged as from_tier / to_tier read today's tier at every past anchor)."""
    logged = {entry[0]: entry for entry in rfm_sql.attach(_hr(level="job_level")).graph.table("employees").logged_in}
    assert logged["job_level"][3:] == ("old_level", "new_level")
    shuffled = rfm_sql.attach(_hr(shuffled=True, level="job_level"))  # named so, the log's values not the row's
    assert "job_level" not in {entry[0] for entry in shuffled.graph.table("employees").logged_in}


def test_a_child_whose_columns_share_only_a_general_or_foreign_last_word_is_no_log():
    """An appointment's repair orders copy its store as branch_code beside their advisor_code: by the last word
    "code" they had read as a log of the appointment's store, 'SA23' its store at past anchors (a dealership trial).
    A word as general as code is no log's name, and a category's logged values must be the column's own (the
    advisor_zone beside a copied service_zone: no log of the bay_zone either)."""
    con = duckdb.connect()
    con.execute(
        "CREATE TABLE appointments AS SELECT i AS appointment_id, TIMESTAMP '2024-01-01' + to_hours(i) AS booked_at, "
        "'S' || (i % 4) AS store_code, ['north', 'south'][1 + i % 2] AS bay_zone FROM range(400) t(i)"
    )
    con.execute(
        "CREATE TABLE repair_orders AS SELECT 1000 + i AS ro_id, i % 400 AS appointment_id, TIMESTAMP '2024-01-03' + "
        "to_hours(i) AS opened_at, 'S' || (i % 400 % 4) AS branch_code, 'SA' || (i % 7) AS advisor_code, "
        "['north', 'south'][1 + i % 400 % 2] AS service_zone, 'A' || (i % 5) AS advisor_zone FROM range(600) t(i)"
    )
    rfm = rfm_sql.attach(con)
    rfm.graph.link("repair_orders", "appointment_id", "appointments")
    logged = change_logs.marked(con, rfm.graph.tables, rfm.graph.links)["appointments"].logged_in
    assert logged == ()


def test_the_features_read_the_entity_row_as_a_copy_taken_at_the_anchor_holds_it():
    con = _hr()
    rfm = rfm_sql.attach(con)
    features = feature_query(rfm.resolve(PROMOTED), rfm.graph)
    names = [f.name for f in features.features if "employees.level" in f.name or "departments." in f.name]
    assert len(names) >= 3  # the level, and the department's name and budget through the key
    entities = list(range(0, 30, 3))
    now = feature_rows(con, features, entities, ANCHOR)
    then = feature_rows(_hr(at=ANCHOR), features, entities, ANCHOR)
    assert [then[e][n] for e in entities for n in names] == [now[e][n] for e in entities for n in names]
    level = next(n for n in names if n.endswith(":employees.level"))
    held = dict(con.execute("SELECT employee_id, level FROM employees").fetchall())
    changed = [e for e in entities if now[e][level] != held[e]]
    assert changed  # some were promoted after the anchor: today's level is not what was read
    # after the last change: today's row
    today = feature_rows(con, features, entities, dt.datetime(2027, 1, 1))
    assert [today[e][level] for e in entities] == [held[e] for e in entities]


def test_a_log_unlinked_by_hand_is_not_read():
    con = _hr()
    rfm = rfm_sql.attach(con)
    rfm.graph.unlink("job_changes", "employee_id")
    features = feature_query(rfm.resolve("PREDICT employees.level FOR EACH employees.employee_id"), rfm.graph)
    name = next(f.name for f in features.features if f.name.endswith("department_id->departments.budget"))
    today = dict(
        con.execute("SELECT employee_id, budget FROM employees JOIN departments USING (department_id)").fetchall()
    )
    rows = feature_rows(con, features, [4, 6], ANCHOR)
    assert [rows[e][name] for e in (4, 6)] == pytest.approx([today[4], today[6]])


def test_an_entity_filter_on_a_logged_column_is_evaluated_at_the_anchor():
    """PQL.md: the entity filter is evaluated at the anchor. `WHERE employees.level < 2` at a past anchor keeps
    the employees at level 1 then, not the ones at level 1 today."""
    pql = PROMOTED + " WHERE employees.level < 2"
    now = rfm_sql.attach(_hr()).labels(pql, ANCHOR)
    then = rfm_sql.attach(_hr(at=ANCHOR)).labels(pql, ANCHOR)
    assert sorted(now.column("ENTITY").to_pylist()) == sorted(then.column("ENTITY").to_pylist())
    held = dict(_hr().execute("SELECT employee_id, level FROM employees").fetchall())
    assert {e for e, level in held.items() if level < 2} != set(now.column("ENTITY").to_pylist())  # today's differ


def test_a_log_of_several_columns_whose_before_often_equals_today_is_still_read():
    """A promotion logs the department it leaves unchanged: on 70% of the employees the latest row's
    old_department_id is today's department too, never as often as new_department_id (all of them)."""
    con = duckdb.connect()
    con.execute("CREATE TABLE employees (employee_id INTEGER PRIMARY KEY, hired_at TIMESTAMP, department_id INTEGER)")
    con.execute("INSERT INTO employees SELECT i, TIMESTAMP '2022-01-01', i % 4 FROM range(40) t(i)")
    con.execute(
        "CREATE TABLE job_changes (change_id INTEGER PRIMARY KEY, employee_id INTEGER REFERENCES employees, "
        "changed_at TIMESTAMP, old_department_id INTEGER, new_department_id INTEGER)"
    )
    con.execute(  # a transfer into today's department for 3 in 10 of them, a promotion for the rest
        "INSERT INTO job_changes SELECT i, i, TIMESTAMP '2023-01-01' + INTERVAL (i) DAY, "
        "CASE WHEN i % 10 < 3 THEN (i + 1) % 4 ELSE i % 4 END, i % 4 FROM range(40) t(i)"
    )
    logged = rfm_sql.attach(con).graph.table("employees").logged_in
    assert logged == (("department_id", "job_changes", "employee_id", "old_department_id", "new_department_id"),)


def _snapshot(at: dt.datetime | None = None):
    """A dbt snapshot (SCD type 2) of 40 customers' plans: every one 'basic' from its signup on 2023-01-01, the even
    ones 'pro' from 2023-01-01 + 10 i days, every fourth 'team' from 2024-01-01 + 5 i days. customers.plan holds the
    latest version. `at`: the database as it stood then (later versions deleted, validity and the row as they were)."""
    con = duckdb.connect()
    con.execute(
        "CREATE TEMP TABLE versions AS SELECT * FROM (SELECT i AS customer_id, 'basic' AS plan, TIMESTAMP '2023-01-01' "
        "AS valid_from FROM range(40) t(i) UNION ALL SELECT i, 'pro', TIMESTAMP '2023-01-01' + INTERVAL (10 * i) DAY "
        "FROM range(2, 40, 2) t(i) UNION ALL SELECT i, 'team', TIMESTAMP '2024-01-01' + INTERVAL (5 * i) DAY FROM "
        "range(0, 40, 4) t(i))"
    )
    if at is not None:
        con.execute("DELETE FROM versions WHERE valid_from > ?", [at])
    con.execute(
        "CREATE TABLE customers (customer_id INTEGER PRIMARY KEY, signed_up_at TIMESTAMP, plan VARCHAR, region VARCHAR)"
    )
    con.execute(
        "INSERT INTO customers SELECT customer_id, TIMESTAMP '2023-01-01', arg_max(plan, valid_from), "
        "['north', 'south'][1 + customer_id % 2] FROM versions GROUP BY customer_id"
    )
    con.execute(
        "CREATE TABLE snap_customers (dbt_scd_id VARCHAR PRIMARY KEY, customer_id INTEGER REFERENCES customers, "
        "plan VARCHAR, dbt_valid_from TIMESTAMP, dbt_valid_to TIMESTAMP)"
    )
    con.execute(
        "INSERT INTO snap_customers SELECT md5(customer_id || plan), customer_id, plan, valid_from, "
        "lead(valid_from) OVER (PARTITION BY customer_id ORDER BY valid_from) FROM versions"
    )
    con.execute(
        "CREATE TABLE orders (order_id INTEGER PRIMARY KEY, customer_id INTEGER REFERENCES customers, ordered_at TIMESTAMP)"
    )
    con.execute("INSERT INTO orders SELECT i, i % 40, TIMESTAMP '2023-01-02' + INTERVAL (i) DAY FROM range(700) t(i)")
    if at is not None:
        con.execute("DELETE FROM orders WHERE ordered_at > ?", [at])
    return con


def test_a_history_table_reads_each_version_as_of_the_anchor():
    """A snapshot table (a row per version, dated by when it began) is a log of the entity's columns: at a past
    anchor customers.plan reads the version then, as a copy taken at the anchor holds it (a warehouse trial's churn
    read today's plan and tier at every past anchor: backtest AUROC 0.75, 0.59 from such a copy)."""
    con = _snapshot()
    rfm = rfm_sql.attach(con)
    assert rfm.graph.table("customers").logged_in == (("plan", "snap_customers", "customer_id", "plan", "plan"),)
    assert "plan (categorical, as of the anchor by snap_customers.plan)" in rfm.graph.describe()
    features = feature_query(
        rfm.resolve("PREDICT COUNT(orders.*, 0, 30, days) FOR EACH customers.customer_id"), rfm.graph
    )
    plan = next(f.name for f in features.features if f.name.endswith(":customers.plan"))
    entities = list(range(40))
    now = feature_rows(con, features, entities, ANCHOR)
    then = feature_rows(_snapshot(at=ANCHOR), features, entities, ANCHOR)
    assert [now[e][plan] for e in entities] == [then[e][plan] for e in entities]
    today = dict(con.execute("SELECT customer_id, plan FROM customers").fetchall())
    assert (
        sum(now[e][plan] != today[e] for e in entities) == 2
    )  # 32 and 36 upgraded since: today's plan is not what was read
    # a region no version holds is no history: read as it is
    assert [e[0] for e in rfm.graph.table("customers").logged_in] == ["plan"]


def test_a_child_whose_same_named_column_is_not_the_latest_value_is_no_history():
    con = _snapshot()
    con.execute("UPDATE snap_customers SET plan = 'basic'")  # every version 'basic': the row's plan is not the latest
    assert rfm_sql.attach(con).graph.table("customers").logged_in == ()


def test_rows_of_no_entity_do_not_make_a_child_a_history():
    """Complaints (member_no, pnr) where a third have no booking: grouped by pnr, the NULL group held many members,
    so an airline trial's bookings.member_no was read "as of the anchor by complaints.member_no" though no booking's
    member ever changed."""
    con = duckdb.connect()
    con.execute("CREATE TABLE members (member_no INTEGER PRIMARY KEY, enrolled_at TIMESTAMP)")
    con.execute("INSERT INTO members SELECT i, TIMESTAMP '2023-01-01' FROM range(60) t(i)")
    con.execute(
        "CREATE TABLE bookings (pnr INTEGER PRIMARY KEY, member_no INTEGER REFERENCES members, booked_at TIMESTAMP)"
    )
    con.execute(
        "INSERT INTO bookings SELECT i, i % 60, TIMESTAMP '2023-02-01' + INTERVAL (i) HOUR FROM range(600) t(i)"
    )
    con.execute(
        "CREATE TABLE complaints (case_no INTEGER PRIMARY KEY, member_no INTEGER REFERENCES members, "
        "pnr INTEGER REFERENCES bookings, opened_at TIMESTAMP)"
    )
    con.execute(
        "INSERT INTO complaints SELECT i, i % 60, CASE WHEN i % 3 = 0 THEN NULL ELSE i END, "
        "TIMESTAMP '2023-02-02' + INTERVAL (i) HOUR FROM range(300) t(i)"
    )
    assert rfm_sql.attach(con).graph.table("bookings").logged_in == ()


def test_events_that_move_back_and_forth_between_values_are_no_history():
    """A tutor's bookings name a subject, mostly the tutor's own, and for some tutors another one now and then: the
    latest booking's subject equals tutors.subject_id on nearly every tutor, and some tutors' bookings hold several,
    so a tutoring trial's subject_id was read "as of the anchor by bookings.subject_id". A version history moves on;
    these come back (math, physics, math)."""
    con = duckdb.connect()
    con.execute("CREATE TABLE tutors (tutor_id INTEGER PRIMARY KEY, subject_id INTEGER, joined_at TIMESTAMP)")
    con.execute("INSERT INTO tutors SELECT i, i % 5, TIMESTAMP '2023-01-01' FROM range(60) t(i)")
    con.execute(
        "CREATE TABLE bookings (booking_id INTEGER PRIMARY KEY, tutor_id INTEGER REFERENCES tutors, subject_id "
        "INTEGER, booked_at TIMESTAMP)"
    )
    con.execute(  # every tenth tutor also teaches the next subject, on every fifth of its bookings (not its last)
        "INSERT INTO bookings SELECT i, i % 60, CASE WHEN (i % 60) % 10 = 0 AND (i // 60) % 5 = 2 "
        "THEN (i % 60 + 1) % 5 ELSE (i % 60) % 5 END, TIMESTAMP '2023-02-01' + INTERVAL (i) HOUR FROM range(1800) t(i)"
    )
    assert rfm_sql.attach(con).graph.table("tutors").logged_in == ()


@pytest.mark.parametrize("split", [True, False])
def test_payments_that_add_up_to_an_invoice_are_its_parts_not_its_versions(split):
    """An invoice's payments (amount), most one of its whole amount, one in twenty split in two: the latest payment
    matched the invoice's amount on 95% of invoices and some invoice had two, so an auto-repair trial's
    invoices.amount was read as a history table's, its first payment's at anchors before any was paid. Where an
    entity's rows do not add up to its value they are versions (split=False: a second payment of another amount)."""
    con = duckdb.connect()
    con.execute("CREATE TABLE invoices (invoice_no VARCHAR PRIMARY KEY, issued_at TIMESTAMP, amount DOUBLE)")
    con.execute(
        "INSERT INTO invoices SELECT 'INV-' || i, TIMESTAMP '2024-01-01' + INTERVAL (i * 7) HOUR, "
        "100 + (i * 37) % 400 FROM range(600) t(i)"
    )
    con.execute(
        "CREATE TABLE payments (payment_id INTEGER PRIMARY KEY, invoice_no VARCHAR REFERENCES invoices, "
        "paid_at TIMESTAMP, amount DOUBLE)"
    )
    first = "40" if split else "100 + (i * 37) % 400 - 1"  # split: 40 first, the rest later
    con.execute(
        "INSERT INTO payments SELECT i, 'INV-' || i, TIMESTAMP '2024-01-01' + INTERVAL (i * 7) HOUR + INTERVAL "
        f"(3 + i % 30) DAY, CASE WHEN i % 20 = 0 THEN {first} ELSE 100 + (i * 37) % 400 END FROM range(594) t(i)"
    )
    con.execute(
        "INSERT INTO payments SELECT 1000 + i, 'INV-' || i, TIMESTAMP '2024-01-01' + INTERVAL (i * 7) HOUR + "
        "INTERVAL (40 + i % 30) DAY, 100 + (i * 37) % 400 - 40 * (i % 20 = 0)::INTEGER * "
        f"{int(split)} FROM range(594) t(i) WHERE i % 20 = 0"
    )
    logged = rfm_sql.attach(con).graph.table("invoices").logged_in
    assert logged == (() if split else (("amount", "payments", "invoice_no", "amount", "amount"),))


def test_a_column_a_log_reads_as_of_the_anchor_is_not_taken_for_todays_state():
    """A product-analytics trial's users.app_version, read "as of the anchor by sessions.app_version", was still left
    out as a state the entities active now no longer hold (old releases), with a note about a tier set once an
    entity goes quiet: values read as they were at each anchor drift, they are no state held today."""
    con = _snapshot()
    con.execute("UPDATE snap_customers SET plan = 'legacy' WHERE plan = 'basic' AND dbt_valid_to IS NOT NULL")
    con.execute("UPDATE customers SET plan = 'pro' WHERE plan = 'basic'")
    con.execute(
        "INSERT INTO snap_customers SELECT md5(customer_id || 'pro2'), customer_id, 'pro', "
        "TIMESTAMP '2024-11-01', NULL FROM customers WHERE customer_id % 2 = 1 AND customer_id % 4 <> 0"
    )
    rfm = rfm_sql.attach(con)
    assert [entry[0] for entry in rfm.graph.table("customers").logged_in] == ["plan"]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        rfm.evaluate("PREDICT COUNT(orders.*, 0, 30, days) FOR EACH customers.customer_id", anchor_time=ANCHOR)
    assert not any("customers.plan" in str(w.message) and "Not read" in str(w.message) for w in caught)


@pytest.mark.parametrize("chained", [True, False])
def test_a_log_whose_rows_do_not_chain_is_no_log(chained):
    """A bike-share trial's trips (start and end station) were read as a log of the bike's current station: each
    bike's last trip ended where it stands, but its trips did not chain (each started elsewhere than the last had
    ended), so at a past anchor the bike read the start of its next trip, a station from after the anchor. Trips
    that chain, each from where the last ended, are such a log."""
    con = duckdb.connect()
    con.execute("CREATE TABLE stations (station_id INTEGER PRIMARY KEY, name VARCHAR)")
    con.execute("INSERT INTO stations SELECT i, 's' || i FROM range(20) t(i)")
    start = "(b + k) % 20" if chained else "(b * 7 + k * 3 + 5) % 20"
    con.execute(  # trip k of bike b ends at (b + k + 1) % 20
        f"CREATE TEMP TABLE t AS SELECT 100 * b + k AS trip_id, b AS bike_id, {start} AS start_station_id, "
        "(b + k + 1) % 20 AS end_station_id, TIMESTAMP '2024-01-01' + INTERVAL (k * 24 + b) HOUR AS started_at "
        "FROM range(30) a(b), range(12) c(k)"
    )
    con.execute(
        "CREATE TABLE bikes (bike_id INTEGER PRIMARY KEY, commissioned_at TIMESTAMP, "
        "current_station_id INTEGER REFERENCES stations)"
    )
    con.execute("INSERT INTO bikes SELECT b, TIMESTAMP '2023-06-01', (b + 12) % 20 FROM range(30) a(b)")
    con.execute(
        "CREATE TABLE trips (trip_id INTEGER PRIMARY KEY, bike_id INTEGER REFERENCES bikes, start_station_id "
        "INTEGER REFERENCES stations, end_station_id INTEGER REFERENCES stations, started_at TIMESTAMP)"
    )
    con.execute("INSERT INTO trips SELECT * FROM t")
    logged = [entry[0] for entry in rfm_sql.attach(con).graph.table("bikes").logged_in]
    assert logged == (["current_station_id"] if chained else [])
