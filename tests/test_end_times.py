"""When an entity stops existing (an employee's terminated_at): inferred where the name and data say so, set from
Python, the command line, a graph file and MCP, warned about where a column only may say so; an entity is never
predicted after its end, and one that ends after the anchor is predicted at it (point in time)."""

import datetime as dt
import json
import re
import warnings

import duckdb
import numpy as np
import pytest

import rfm_sql
from rfm_sql.cli import main
from rfm_sql.errors import RFMWarning, UserError
from rfm_sql.graph.changes import refresh_changed_tables
from rfm_sql.graph.files import apply_graph_file
from rfm_sql.graph.names import end_name

ANCHOR = dt.datetime(2024, 7, 1)
DEPARTURES = "PREDICT COUNT(absences.*, 0, 30, days) > 0 FOR EACH employees.employee_id"


def build(con, end_name: str = "terminated_at") -> None:
    """120 employees hired over 2023, 40 of them gone by mid-2024 (every fifth after the anchor); absences."""
    rng = np.random.default_rng(0)
    start = dt.datetime(2023, 1, 1)
    rows = []
    for i in range(1, 121):
        hired = start + dt.timedelta(days=int(rng.integers(0, 300)))
        gone = None
        if i % 15 == 0:  # leaves after the anchor
            gone = ANCHOR + dt.timedelta(days=20)
        elif i % 3 == 0:  # left before it
            gone = min(hired + dt.timedelta(days=int(rng.integers(60, 300))), ANCHOR - dt.timedelta(days=1))
        rows.append((i, hired, gone))
    con.execute(f"CREATE TABLE employees (employee_id INTEGER PRIMARY KEY, hire_date TIMESTAMP, {end_name} TIMESTAMP)")
    con.executemany("INSERT INTO employees VALUES (?, ?, ?)", rows)
    con.execute(
        "CREATE TABLE absences (absence_id INTEGER PRIMARY KEY, employee_id INTEGER REFERENCES employees, "
        "absence_date TIMESTAMP, hours DOUBLE)"
    )
    absences, k = [], 0
    for i, hired, gone in rows:
        last = min(gone or dt.datetime(2024, 12, 31), dt.datetime(2024, 12, 31))
        for _ in range(int(rng.integers(2, 12))):
            span = max((last - hired).days, 1)
            k += 1
            absences.append((k, i, hired + dt.timedelta(days=int(rng.integers(0, span))), float(rng.integers(1, 9))))
    con.executemany("INSERT INTO absences VALUES (?, ?, ?, ?)", absences)


@pytest.fixture
def hr():
    con = duckdb.connect()
    build(con)
    return con


def ended_by(con, anchor) -> set[int]:
    rows = con.sql(f"SELECT employee_id FROM employees WHERE terminated_at <= TIMESTAMP '{anchor}'").fetchall()
    return {r[0] for r in rows}


def test_an_end_named_column_after_the_start_is_the_end_time_and_ended_rows_are_not_predicted(hr):
    rfm = rfm_sql.attach(hr)
    employees = rfm.graph.tables["employees"]
    assert (employees.time_column, employees.end_time_column) == ("hire_date", "terminated_at")
    assert "ends: name terminated_at, after hire_date" in rfm.graph.describe()
    out = rfm.predict(DEPARTURES, anchor_time=ANCHOR)
    predicted = set(out.column("ENTITY").to_pylist())
    gone = ended_by(hr, ANCHOR)
    assert gone and not predicted & gone  # no employee who left is predicted
    later = {
        r[0] for r in hr.sql("SELECT employee_id FROM employees WHERE terminated_at > ?", params=[ANCHOR]).fetchall()
    }
    assert later and later <= predicted  # one who leaves after the anchor still works there at it
    sql = hr.sql("SELECT ENTITY FROM rfm_predict(?, anchor_time := TIMESTAMP '2024-07-01')", params=[DEPARTURES])
    assert set(sql.fetchnumpy()["ENTITY"].tolist()) == predicted


def test_the_end_time_reads_nothing_after_the_anchor(hr, tmp_path):
    """The same prediction on a copy cut at the anchor (rows after it deleted, ends after it unknown: NULL)."""
    cut = duckdb.connect()
    build(cut)
    cut.execute("DELETE FROM absences WHERE absence_date > ?", [ANCHOR])
    cut.execute("UPDATE employees SET terminated_at = NULL WHERE terminated_at > ?", [ANCHOR])
    full = rfm_sql.attach(hr).predict(DEPARTURES, anchor_time=ANCHOR)
    part = rfm_sql.attach(cut).predict(DEPARTURES, anchor_time=ANCHOR)
    assert full.to_pylist() == part.to_pylist()


def test_an_end_named_column_before_the_start_is_not_an_end_and_a_column_that_may_end_is_warned_about():
    con = duckdb.connect()
    build(con)
    con.execute("UPDATE employees SET terminated_at = hire_date - INTERVAL 10 DAY WHERE employee_id % 2 = 0")
    assert rfm_sql.attach(con).graph.tables["employees"].end_time_column is None  # ends before it starts
    closed = duckdb.connect()
    build(closed, end_name="closed_at")  # may end a row (a closed ticket may still be asked about): asked, not set
    rfm = rfm_sql.attach(closed)
    assert rfm.graph.tables["employees"].end_time_column is None
    with pytest.warns(RFMWarning, match=r"have employees\.closed_at at or before it, and are predicted as if") as w:
        out = rfm.predict(DEPARTURES, anchor_time=ANCHOR)
    message = str(w[0].message)
    assert 'rfm.graph.set_end_time("employees", "closed_at")' in message and "--end-time employees.closed_at" in message
    assert '"end_time_col": "closed_at"' in message
    assert set(out.column("WARNING").to_pylist()) == {message}  # the rows say it too (SQL, dbt)
    rfm.graph.set_end_time("employees", "closed_at")
    with warnings.catch_warnings():
        warnings.simplefilter("error", RFMWarning)
        ended = rfm.predict(DEPARTURES, anchor_time=ANCHOR)
    assert ended.num_rows < out.num_rows and "WARNING" not in ended.column_names


@pytest.mark.parametrize("typed_wrong, is_end", [(1, True), (2, False)])
def test_one_end_typed_before_its_start_is_a_slip_not_another_meaning(typed_wrong, is_end):
    """A car-sharing copy with one retired_at before its vehicle's start among 12 ended read no end time where
    the full data (more ended rows: under 1%) read one, so copies at two dates had different graphs."""
    con = duckdb.connect()
    build(con)
    con.execute(
        "UPDATE employees SET terminated_at = hire_date - INTERVAL 3 DAY WHERE employee_id IN "
        f"(SELECT employee_id FROM employees WHERE terminated_at IS NOT NULL ORDER BY employee_id LIMIT {typed_wrong})"
    )
    assert (rfm_sql.attach(con).graph.tables["employees"].end_time_column == "terminated_at") is is_end


def test_setting_the_time_column_keeps_the_end_time_and_none_clears_it(hr):
    rfm = rfm_sql.attach(hr)
    rfm.graph.set_time_column("employees", "hire_date")
    assert rfm.graph.tables["employees"].end_time_column == "terminated_at"
    rfm.graph.set_time_column("employees", "hire_date", None)
    assert rfm.graph.tables["employees"].end_time_column is None
    with pytest.raises(UserError, match="hours"):
        rfm.graph.set_end_time("absences", "hours")
    with pytest.raises(UserError, match="a row cannot end when it starts"):
        rfm.graph.set_end_time("employees", "hire_date")
    hr.execute("ALTER TABLE employees ADD COLUMN gone_s BIGINT")  # epoch seconds, with their unit
    hr.execute("UPDATE employees SET gone_s = epoch(terminated_at)")
    rfm = rfm_sql.attach(hr)
    rfm.graph.set_end_time("employees", "gone_s", unit="s")
    assert rfm.predict(DEPARTURES, anchor_time=ANCHOR).num_rows == len(
        hr.sql(
            "SELECT 1 FROM employees WHERE hire_date <= ? AND (gone_s IS NULL OR gone_s > epoch(?))",
            params=[ANCHOR, ANCHOR],
        ).fetchall()
    )


def with_file(con, path):
    """`con`'s graph with the graph file at `path` applied (as --graph and dbt's graph: do)."""
    graph = rfm_sql.attach(con).graph
    apply_graph_file(graph, str(path))
    return graph


def test_the_command_line_and_graph_files_carry_the_end_time(tmp_path, capsys):
    db = tmp_path / "hr.duckdb"
    with duckdb.connect(str(db)) as con:
        build(con, end_name="closed_at")
    saved = tmp_path / "graph.json"
    assert main(["graph", str(db), "--end-time", "employees.closed_at", "--save", str(saved)]) == 0
    assert "time column: hire_date (ends: closed_at)" in capsys.readouterr().out
    spec = json.loads(saved.read_text())
    assert spec["tables"]["employees"]["end_time_col"] == "closed_at"
    con = duckdb.connect(str(db), read_only=True)
    assert with_file(con, saved).tables["employees"].end_time_column == "closed_at"
    spec["tables"]["employees"]["end_time_col"] = 5
    saved.write_text(json.dumps(spec))
    with pytest.raises(UserError, match='"time_col"'):
        with_file(con, saved)
    con.close()
    inferred = tmp_path / "inferred.duckdb"
    with duckdb.connect(str(inferred)) as con:
        build(con)
    assert main(["graph", str(inferred), "--save", str(tmp_path / "g2.json")]) == 0
    spec = json.loads((tmp_path / "g2.json").read_text())
    with duckdb.connect(str(inferred), read_only=True) as con:
        del spec["tables"]["employees"]["end_time_col"]  # a file saved before end times were: the inferred one stays
        saved.write_text(json.dumps(spec))
        assert with_file(con, saved).tables["employees"].end_time_column == "terminated_at"
        spec["tables"]["employees"]["end_time_col"] = None  # null: never ends
        saved.write_text(json.dumps(spec))
        assert with_file(con, saved).tables["employees"].end_time_column is None
    assert main(["graph", str(db), "--end-time", "terminated_at"]) == 2
    assert (
        "--end-time 'terminated_at': write it as table.column, e.g. employees.terminated_at" in capsys.readouterr().err
    )


def test_mcp_sets_the_end_time(hr):
    pytest.importorskip("mcp", reason="the MCP tests need the mcp SDK: pip install 'rfm-sql[mcp]'")
    import asyncio

    from rfm_sql import mcp_server

    rfm = rfm_sql.attach(hr)
    server = mcp_server.build(rfm)
    asyncio.run(server.call_tool("graph", {"action": "set_end_time", "table": "employees"}))
    assert rfm.graph.tables["employees"].end_time_column is None
    asyncio.run(server.call_tool("graph", {"action": "set_end_time", "table": "employees", "column": "terminated_at"}))
    assert rfm.graph.tables["employees"].end_time_column == "terminated_at"


def test_only_names_made_of_end_words_on_rows_some_of_which_go_on_are_end_times():
    """trial_ends_at ends a trial, not a user; a table of trips, each with its end_time, is a table of records
    whose ended rows a query of their fares still asks about (every row has one: none goes on)."""
    con = duckdb.connect()
    build(con)
    con.execute("ALTER TABLE employees ADD COLUMN trial_ends_at TIMESTAMP")
    con.execute("UPDATE employees SET trial_ends_at = hire_date + INTERVAL 14 DAY")
    con.execute(
        "CREATE TABLE trips AS SELECT range AS trip_id, TIMESTAMP '2024-01-01' + INTERVAL (range) HOUR AS start_time, "
        "TIMESTAMP '2024-01-01' + INTERVAL (range) HOUR + INTERVAL 20 MINUTE AS end_time, range % 17 AS fare "
        "FROM range(500)"
    )
    graph = rfm_sql.attach(con).graph
    assert graph.tables["employees"].end_time_column == "terminated_at"
    assert graph.tables["trips"].end_time_column is None
    assert rfm_sql.attach(con).predict("PREDICT trips.fare FOR trips.trip_id IN (1, 2)").num_rows == 2


def test_an_end_time_cleared_by_the_user_stays_cleared_when_the_table_changes(hr):
    rfm = rfm_sql.attach(hr)
    rfm.graph.set_end_time("employees", None)
    hr.execute("ALTER TABLE employees ADD COLUMN level VARCHAR DEFAULT 'L1'")  # read again before the next query
    rfm.predict(DEPARTURES, anchor_time=ANCHOR, entities=[1, 2])
    assert "level" in rfm.graph.tables["employees"].column_names
    assert rfm.graph.tables["employees"].end_time_column is None


def test_end_columns_when_the_table_changes_keep_what_was_set_and_take_new_inferred_ones():
    con = duckdb.connect()
    con.execute("CREATE TABLE customers AS SELECT i AS customer_id FROM range(1, 51) t(i)")
    con.execute(
        "CREATE TABLE policies AS SELECT i AS policy_id, 1 + i % 50 AS customer_id, "
        "TIMESTAMP '2023-01-01' + to_days(i) AS started_at, "
        "CASE WHEN i % 3 = 0 THEN TIMESTAMP '2024-01-01' + to_days(i) END AS expired_at, "
        "CASE WHEN i % 5 = 0 THEN TIMESTAMP '2024-02-01' + to_days(i) END AS lapsed_at FROM range(1, 301) t(i)"
    )
    rfm = rfm_sql.attach(con)
    assert rfm.graph.tables["policies"].end_columns == ("expired_at", "lapsed_at")  # inferred
    rfm.graph.set_end_time("policies", ["expired_at", "lapsed_at"])  # and set: kept as they are
    con.execute("ALTER TABLE policies DROP COLUMN lapsed_at")
    with con.cursor() as cur:
        refresh_changed_tables(cur, rfm.graph, None)
    assert rfm.graph.tables["policies"].end_columns == ("expired_at",)  # what was set and is still there
    fresh = rfm_sql.attach(con)  # inferred ones: a new end column is taken in
    assert fresh.graph.tables["policies"].end_columns == ("expired_at",)
    con.execute("ALTER TABLE policies ADD COLUMN cancelled_at TIMESTAMP")
    con.execute("UPDATE policies SET cancelled_at = started_at + INTERVAL 100 DAY WHERE policy_id % 7 = 0")
    with con.cursor() as cur:
        refresh_changed_tables(cur, fresh.graph, None)
    assert fresh.graph.tables["policies"].end_columns == ("expired_at", "cancelled_at")


def test_listed_rows_that_ended_are_told_to_be_dropped_not_to_move_the_anchor(hr):
    gone = sorted(ended_by(hr, ANCHOR))[:2]
    with pytest.warns(RFMWarning, match=r"do not exist at the anchor .* ended by terminated_at: drop them"):
        rfm_sql.attach(hr).predict(DEPARTURES, anchor_time=ANCHOR, entities=gone)


@pytest.mark.parametrize(
    "name, kind",
    [
        ("withdrawn_at", "ends"),  # a student who withdrew was predicted to log in (an LMS trial: 347 of 1,200)
        ("unsubscribed_at", "ends"),
        ("unenrolled_on", "ends"),
        ("offboarded_at", "ends"),
        ("archived_at", "ends"),
        ("revoked_at", "ends"),
        ("unfollowed_at", "ends"),  # a podcast trial's unfollowed shows were still followed
        ("unmatched_at", "ends"),
        ("unpublished_at", "ends"),
        ("decommissioned_at", "ends"),  # an EV charging trial's closed sites were predicted, with no word
        ("deceased_at", "ends"),  # a veterinary trial's 282 dead pets were predicted to visit
        ("died_on", "ends"),
        ("dod", "ends"),
        ("graduated_at", "may"),  # a graduate may still log in: asked, not set
        ("suspended_at", "may"),
        ("withdrawal_date", None),  # a bank's withdrawal is an event, not an end
        ("last_removed_item_at", None),
    ],
)
def test_end_words_of_other_domains(name, kind):
    assert end_name(name, [name]) == kind
    if kind is None:
        return
    con = duckdb.connect()
    build(con, end_name=name)
    rfm = rfm_sql.attach(con)
    assert rfm.graph.tables["employees"].end_time_column == (name if kind == "ends" else None)
    if kind == "may":
        with pytest.warns(RFMWarning, match=rf"have employees\.{name} at or before it"):
            rfm.predict(DEPARTURES, anchor_time=ANCHOR)


def test_a_backtest_over_rows_that_may_have_ended_says_its_metrics_are_flattered():
    closed = duckdb.connect()
    build(closed, end_name="closed_at")
    rfm = rfm_sql.attach(closed)
    with pytest.warns(RFMWarning, match=r"have employees\.closed_at at or before it.*backtest scores them too"):
        evaluation = rfm.evaluate(DEPARTURES, anchor_time=ANCHOR)
    assert "backtest scores them too" in evaluation.warnings[0]  # the result's own warnings say it (a freelance trial)
    with pytest.warns(RFMWarning, match=r"employees\.closed_at.*backtest scores them too"):  # a forecast's too
        evaluation = rfm.evaluate(
            "PREDICT COUNT(absences.*, 0, 7, days) FORECAST 2 TIMEFRAMES FOR EACH employees.employee_id",
            anchor_time=ANCHOR,
        )
    assert "backtest scores them too" in evaluation.warnings[0]
    rfm.graph.set_end_time("employees", "closed_at")
    with warnings.catch_warnings():
        warnings.simplefilter("error", RFMWarning)
        rfm.evaluate(DEPARTURES, anchor_time=ANCHOR)


def _two_ends(con) -> None:
    """The employees of `build`, some of whom also retired (retired_at) at a date of their own."""
    build(con)
    con.execute("ALTER TABLE employees ADD COLUMN retired_at TIMESTAMP")
    con.execute("UPDATE employees SET retired_at = hire_date + INTERVAL 200 DAY WHERE employee_id % 7 = 1")
    # ... and have no absences after it (graph/outlived.py: an end its rows' own rows go on after is no end)
    con.execute(
        "DELETE FROM absences WHERE absence_id IN (SELECT a.absence_id FROM absences a JOIN employees e "
        "USING (employee_id) WHERE a.absence_date > e.retired_at)"
    )


def test_every_end_named_column_ends_a_row_whichever_comes_first(tmp_path, capsys):
    con = duckdb.connect()
    _two_ends(con)
    rfm = rfm_sql.attach(con)
    employees = rfm.graph.tables["employees"]
    assert employees.end_columns == ("terminated_at", "retired_at")
    assert "time column: hire_date (ends: terminated_at, retired_at)" in rfm.graph.describe()
    gone = ended_by(con, ANCHOR) | {
        r[0] for r in con.sql("SELECT employee_id FROM employees WHERE retired_at <= ?", params=[ANCHOR]).fetchall()
    }
    predicted = set(rfm.predict(DEPARTURES, anchor_time=ANCHOR).column("ENTITY").to_pylist())
    assert gone - ended_by(con, ANCHOR) and not predicted & gone  # nobody retired or terminated is predicted
    # one end set by hand: the other is warned about, with the fix that keeps both
    rfm.graph.set_end_time("employees", "terminated_at")
    with pytest.warns(RFMWarning, match=r"have employees\.retired_at at or before it.*end only by terminated_at") as w:
        rfm.predict(DEPARTURES, anchor_time=ANCHOR)
    assert 'rfm.graph.set_end_time("employees", ["terminated_at", "retired_at"])' in str(w[0].message)
    rfm.graph.set_end_time("employees", ["terminated_at", "retired_at"])  # the fix it gives
    with warnings.catch_warnings():
        warnings.simplefilter("error", RFMWarning)
        assert set(rfm.predict(DEPARTURES, anchor_time=ANCHOR).column("ENTITY").to_pylist()) == predicted
    # the command line (the flag twice) and graph files carry both
    db = tmp_path / "hr.duckdb"
    with duckdb.connect(str(db)) as file_con:
        _two_ends(file_con)
    saved = tmp_path / "graph.json"
    flags = ["--end-time", "employees.retired_at", "--end-time", "employees.terminated_at"]
    assert main(["graph", str(db), *flags, "--save", str(saved)]) == 0
    assert "(ends: retired_at, terminated_at)" in capsys.readouterr().out
    assert json.loads(saved.read_text())["tables"]["employees"]["end_time_col"] == ["retired_at", "terminated_at"]
    with duckdb.connect(str(db), read_only=True) as file_con:
        assert with_file(file_con, saved).tables["employees"].end_columns == ("retired_at", "terminated_at")
    with pytest.raises(rfm_sql.GraphError, match="not a date or timestamp"):
        rfm.graph.set_end_time("employees", ["terminated_at", "employee_id"])


def test_two_end_columns_read_nothing_after_the_anchor():
    full, cut = duckdb.connect(), duckdb.connect()
    _two_ends(full)
    _two_ends(cut)
    cut.execute("DELETE FROM absences WHERE absence_date > ?", [ANCHOR])
    for column in ("terminated_at", "retired_at"):
        cut.execute(f"UPDATE employees SET {column} = NULL WHERE {column} > ?", [ANCHOR])
    assert rfm_sql.attach(cut).graph.tables["employees"].end_columns == ("terminated_at", "retired_at")
    query = DEPARTURES
    assert (
        rfm_sql.attach(full)
        .predict(query, anchor_time=ANCHOR)
        .equals(rfm_sql.attach(cut).predict(query, anchor_time=ANCHOR))
    )


def test_a_static_target_on_the_entitys_end_column_says_why_every_label_is_the_same(hr):
    # `PREDICT employees.terminated_at IS NULL`: an employee is an entity only until it ends, so every context
    # example has it NULL; the warning blamed a misspelt category (a social trial's members.deleted_at)
    with pytest.warns(RFMWarning, match=r"labelled True") as said:
        rfm_sql.attach(hr).predict("PREDICT employees.terminated_at IS NULL FOR EACH employees.employee_id")
    message = " ".join(str(w.message) for w in said)
    assert "employees.terminated_at is when a row of employees ends" in message
    # the way it gives to predict who leaves in a window runs: a view of the ends, linked, counted
    hr.execute(re.search(r"(CREATE VIEW [^;]*);", message).group(1))
    rfm = rfm_sql.attach(hr)
    rfm.graph.link(*re.search(r'rfm\.graph\.link\("([^"]+)", "([^"]+)", "([^"]+)"\)', message).groups())
    query = re.search(r"(PREDICT COUNT\([^)]*\) > 0 FOR EACH \S+)\.$", message).group(1)
    assert rfm.evaluate(query, anchor_time=dt.datetime(2024, 3, 1)).metrics["auroc"] > 0.6


def test_several_end_columns_from_mcp_and_with_a_unit_on_the_command_line(tmp_path, capsys):
    pytest.importorskip("mcp", reason="the MCP tests need the mcp SDK: pip install 'rfm-sql[mcp]'")
    import asyncio

    from rfm_sql import mcp_server

    con = duckdb.connect()
    _two_ends(con)
    rfm = rfm_sql.attach(con)
    server = mcp_server.build(rfm)
    call = {"action": "set_end_time", "table": "employees", "column": "retired_at, terminated_at"}
    asyncio.run(server.call_tool("graph", call))
    assert rfm.graph.tables["employees"].end_columns == ("retired_at", "terminated_at")
    db = tmp_path / "hr.duckdb"  # an end in epoch seconds beside a timestamp: its unit on its own flag
    with duckdb.connect(str(db)) as file_con:
        build(file_con)
        file_con.execute("ALTER TABLE employees ADD COLUMN retired_ts BIGINT")
        file_con.execute(
            "UPDATE employees SET retired_ts = epoch(hire_date + INTERVAL 200 DAY) WHERE employee_id % 7 = 1"
        )
    flags = ["--end-time", "employees.terminated_at", "--end-time", "employees.retired_ts:s"]
    assert main(["graph", str(db), *flags]) == 0
    assert "(ends: terminated_at, retired_ts)" in capsys.readouterr().out


def test_asking_whether_activity_stops_where_rows_end_says_to_count_the_ends():
    # machines report every day until they retire: "no readings in the next 30 days" is never true of a machine
    # that exists (a maintenance trial's question), and the warning gives the way to ask it
    con = duckdb.connect()
    con.execute("CREATE TABLE machines (machine_id INTEGER PRIMARY KEY, installed_at TIMESTAMP, retired_at TIMESTAMP)")
    con.execute(
        "INSERT INTO machines SELECT i, TIMESTAMP '2023-01-01', CASE WHEN i % 3 = 0 THEN TIMESTAMP '2023-03-01' "
        "+ INTERVAL (4 * i) DAY END FROM range(1, 91) t(i)"
    )
    con.execute("CREATE TABLE readings (machine_id INTEGER REFERENCES machines, read_at TIMESTAMP, value DOUBLE)")
    con.execute(
        "INSERT INTO readings SELECT machine_id, TIMESTAMP '2023-01-01' + INTERVAL (d) DAY, d FROM machines, "
        "range(730) t(d) WHERE retired_at IS NULL OR TIMESTAMP '2023-01-01' + INTERVAL (d) DAY < retired_at"
    )
    rfm = rfm_sql.attach(con)
    rfm.graph.set_time_column("machines", "installed_at", end_column="retired_at")
    with pytest.warns(RFMWarning, match=r"labelled False") as said:
        rfm.predict("PREDICT COUNT(readings.*, 0, 30, days) = 0 FOR EACH machines.machine_id")
    message = " ".join(str(w.message) for w in said)
    assert "only until it ends (retired_at)" in message and "CREATE VIEW machines_retired_at AS" in message
    # a threshold beyond every value is no question of whether rows stop: no advice to count the ends
    with pytest.warns(RFMWarning, match=r"labelled False") as said:
        rfm.predict("PREDICT SUM(readings.value, 0, 30, days) > 1000000000 FOR EACH machines.machine_id")
    assert "count the ends" not in " ".join(str(w.message) for w in said)


def test_a_backtest_of_a_static_target_on_the_end_column_says_why_its_context_has_one_label(hr):
    """A podcast trial's `follows.unfollowed_at IS NOT NULL` backtest said only that its mean probability (0.00) was
    far from the share of True (0.42): its contexts' one label, and why, came with predictions alone."""
    with pytest.warns(RFMWarning, match=r"context examples is labelled True"):
        evaluation = rfm_sql.attach(hr).evaluate(
            "PREDICT employees.terminated_at IS NULL FOR EACH employees.employee_id", anchor_time=ANCHOR
        )
    said = " ".join(evaluation.warnings)
    assert "employees.terminated_at is when a row of employees ends" in said and "CREATE VIEW" in said


def test_a_column_named_like_an_end_but_not_set_as_one_is_listed_with_the_call_that_sets_it(hr):
    """Each query on such a table warns of it; the graph's description now names it too (a marketplace trial's
    sellers.closed_at was warned of on every seller query and absent from describe())."""
    rfm = rfm_sql.attach(hr)
    assert "not an end time" not in rfm.graph.describe()  # set as the end time: nothing to say
    rfm.graph.set_end_time("employees", None)
    said = "not an end time: terminated_at  [named like one; if rows stop existing then: "
    assert said + "rfm.graph.set_end_time('employees', 'terminated_at')]" in rfm.graph.describe()


def test_under_a_filter_only_the_rows_it_keeps_are_counted_as_ended():
    """A rentals trial's warning counted every lease that existed (2,613 of 4,341) where 21 of the 1,700 the
    filter kept had ended."""
    import re

    closed = duckdb.connect()
    build(closed, end_name="closed_at")
    rfm = rfm_sql.attach(closed)

    def counts(message: str) -> tuple[int, int]:
        ended, rows = re.search(r"([\d,]+) of the ([\d,]+) employees rows", message).groups()
        return int(ended.replace(",", "")), int(rows.replace(",", ""))

    with pytest.warns(RFMWarning, match=r"rows that exist at .* have employees\.closed_at") as every:
        rfm.predict(DEPARTURES, anchor_time=ANCHOR)
    kept = DEPARTURES + " WHERE employees.employee_id < 60"
    with pytest.warns(RFMWarning, match=r"rows that pass the query's filter at .* have employees\.closed_at") as some:
        rfm.predict(kept, anchor_time=ANCHOR)
    (ended_all, all_rows), (ended_kept, kept_rows) = counts(str(every[0].message)), counts(str(some[0].message))
    assert 0 < ended_kept < ended_all and kept_rows < all_rows


def test_rows_an_inferred_end_time_leaves_out_are_told_and_can_be_kept(hr, tmp_path, capsys):
    """A lapsed donor may give again: rows left out by an end time inferred from a name are counted in the
    WARNING with the way to keep them; one the user set is theirs and says nothing; and a filter that only ended
    rows pass says so instead of 'no entity passes'."""
    rfm = rfm_sql.attach(hr)
    gone = ended_by(hr, ANCHOR)
    with pytest.warns(RFMWarning, match=rf"{len(gone)} employees rows that began by then ended by .* not predicted"):
        out = rfm.predict(DEPARTURES, anchor_time=ANCHOR)
    note = out.column("WARNING")[0].as_py()
    assert 'rfm.graph.set_end_time("employees", None)' in note and "--no-end-time employees" in note
    with pytest.raises(UserError, match=rf"among the rows that exist: the {len(gone)} employees rows that pass it"):
        rfm.predict(DEPARTURES + " WHERE employees.terminated_at IS NOT NULL", anchor_time=ANCHOR)
    rfm.graph.set_end_time("employees", "terminated_at")  # the user's own: nothing to tell
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert rfm.predict(DEPARTURES, anchor_time=ANCHOR).num_rows == out.num_rows
    rfm.graph.set_end_time("employees", None)
    kept = rfm.predict(DEPARTURES, anchor_time=ANCHOR)
    assert gone <= set(kept.column("ENTITY").to_pylist())
    db = tmp_path / "hr.duckdb"
    with duckdb.connect(str(db)) as con:
        build(con)
    assert main(["graph", str(db), "--no-end-time", "employees", "--save", str(tmp_path / "g.json")]) == 0
    assert "(ends:" not in capsys.readouterr().out
    assert json.loads((tmp_path / "g.json").read_text())["tables"]["employees"]["end_time_col"] is None
    assert main(["graph", str(db), "--no-end-time", "employees", "--end-time", "employees.terminated_at"]) == 2
    assert "give one of them" in capsys.readouterr().err
