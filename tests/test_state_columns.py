"""Columns that hold today's state (a deal's stage, rewritten as it moves; an account's status) are not read: at a
past anchor they tell what happened after it. A CRM trial's backtest read AUROC 0.98 where 0.82 was honest, and
predictions for the deals open today, which never hold 'Won' or 'Lost', scored 0.56 (runtime/state_columns.py)."""

import warnings

import duckdb
import pytest

import rfm_sql
from rfm_sql import bench
from rfm_sql.compile.sqlutil import to_sql
from rfm_sql.runtime import metrics, plan, state_columns
from rfm_sql.runtime.context import feature_query, featurise

WON = "PREDICT COUNT(wins.*, 0, 60, days) > 0 FOR EACH deals.deal_id WHERE deals.closed_at IS NULL"


def _crm(legacy_case: bool = False):
    """A deal a day for 700 days, in one of 4 regions, of an account; a deal closes 20-79 days after it opens, won
    when hash says so; its stage is today's ('Won', 'Lost', or 'Open' for the deals not closed yet), and so is its
    account's status ('churned' once a deal of it is lost). The region says nothing. `legacy_case`: region 'r0' of
    the deals opened before May 2024 in capitals ('R0'), a legacy import's."""
    con = duckdb.connect()
    con.execute("CREATE TABLE accounts (account_id INTEGER PRIMARY KEY, status VARCHAR)")
    con.execute(
        "CREATE TABLE deals (deal_id INTEGER PRIMARY KEY, account_id INTEGER, "
        "opened_at TIMESTAMP, closed_at TIMESTAMP, stage VARCHAR, region VARCHAR)"
    )
    con.execute(
        "INSERT INTO deals SELECT i, i, TIMESTAMP '2023-01-01' + to_days(i), "
        "TIMESTAMP '2023-01-01' + to_days(CAST(i + 20 + hash(i) % 60 AS BIGINT)), NULL, 'r' || (hash(i * 7) % 4) FROM range(700) t(i)"
    )
    con.execute("UPDATE deals SET closed_at = NULL WHERE closed_at > TIMESTAMP '2024-12-01'")
    con.execute(
        "UPDATE deals SET stage = CASE WHEN closed_at IS NULL THEN 'Open' WHEN hash(deal_id * 3) % 3 = 0 THEN 'Won' "
        "ELSE 'Lost' END"
    )
    con.execute(
        "INSERT INTO accounts SELECT deal_id, CASE WHEN stage = 'Lost' THEN 'churned' ELSE 'active' END FROM deals"
    )
    con.execute("CREATE TABLE wins (deal_id INTEGER REFERENCES deals, won_at TIMESTAMP)")
    con.execute("INSERT INTO wins SELECT deal_id, closed_at FROM deals WHERE stage = 'Won'")
    if legacy_case:
        con.execute("UPDATE deals SET region = 'R0' WHERE region = 'r0' AND opened_at < TIMESTAMP '2024-05-01'")
    rfm = rfm_sql.attach(con)
    for t, c in (("deals", "stage"), ("deals", "region"), ("accounts", "status")):
        rfm.graph.set_stype(t, c, "categorical")
    return con, rfm


@pytest.fixture(scope="module")
def crm():
    return _crm()


def test_state_columns_are_found_through_the_entity_row_and_its_keys(crm):
    con, rfm = crm
    vq = rfm.resolve(WON)
    features = feature_query(vq, rfm.graph)
    rows = rfm.labels(WON, anchor_time=["2024-03-01", "2024-06-01"]).select(["ENTITY", "ANCHOR_TIMESTAMP"])
    with con.cursor() as cur:
        columns = featurise(cur, features, rows)
        now = state_columns.present(cur, vq, rfm.graph)
        found = state_columns.stale(cur, vq, rfm.graph, columns, features.kinds, now)
    said = {column: values for column, values, _ in found.values()}
    # the stage moves when closed_at is set ('Open' only without it): read as filled in with it, NULL until then
    # (graph/filled_later.py), so its values now and at past anchors agree; the account's status has no such date
    assert rfm.graph.table("deals").filled_with == (("stage", "closed_at"),)
    assert said == {"accounts.status": ["churned"]}


def test_a_state_column_is_not_read_and_predictions_and_backtests_say_so(crm, monkeypatch):
    con, rfm = crm
    with pytest.warns(rfm_sql.RFMWarning, match=r"Not read: accounts.status \('churned'"):
        out = rfm.predict(WON, context_size=300)
    assert "accounts.status ('churned'" in out.column("WARNING")[0].as_py()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ev = rfm.evaluate(WON, anchor_time="2024-06-01", context_size=300)
    assert any(w.startswith("Not read: accounts.status") for w in ev.warnings)
    # the stage would have told every outcome: without it, nothing here does (the region is noise)
    assert ev.metrics["auroc"] < 0.75
    # and the bench's LightGBM, on the same rows, reads only what the model read (a pharmacy trial's baseline read
    # the status the model left unread: 0.98 where 0.80-0.86 was honest)
    read = ev.results[0].prepared.encoder.kinds
    assert read and not any("accounts.status" in name for name in read)
    assert any("accounts.status" in name for name in ev.results[0].prepared.features.kinds)
    seen = []
    matrix = bench.bench_lgb.matrix
    monkeypatch.setattr(
        bench.bench_lgb, "matrix", lambda columns, kinds, *a: seen.append(kinds) or matrix(columns, kinds, *a)
    )
    bench._baselines(rfm.resolve(WON), ev, metrics.primary(rfm.resolve(WON).task_type))
    assert seen and all(kinds == read for kinds in seen)
    explained = rfm.explain(WON, entity=[690], context_size=300).contributions.to_pylist()
    assert "status" not in {r["COLUMN_NAME"] for r in explained}
    # the stage of a deal open now reads NULL, as it did at every past anchor before its close: not 'Open'
    assert all(r["VALUE"] is None for r in explained if r["COLUMN_NAME"] == "stage")


def test_a_backtest_over_several_anchors_says_not_read_once(crm):
    """Each anchor's context finds the column with its own share; the backtest says it once (it said it per anchor,
    the numbers apart), and notes of other columns stay."""
    con, rfm = crm
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ev = rfm.evaluate(WON, anchor_time=["2024-04-01", "2024-06-01"], context_size=300)
    said = [w for w in ev.warnings if w.startswith("Not read: accounts.status")]
    assert len(said) == 1
    first = "Not read: a.b ('x': 30% of the context's examples)."
    assert state_columns.distinct([first, None, first.replace("30%", "41%"), "Not read: c.d"]) == [
        first,
        "Not read: c.d",
    ]


def test_a_value_held_now_in_another_case_is_no_state():
    """Old deals' region spelt 'R0', the newer ones' 'r0': one value spelt twice, not a state the deals left (a
    transit trial's holder_type 'STUDENT' on expired cards only had the whole column unread)."""
    copy, rfm = _crm(legacy_case=True)
    vq = rfm.resolve(WON)
    features = feature_query(vq, rfm.graph)
    rows = rfm.labels(WON, anchor_time=["2024-03-01", "2024-06-01"]).select(["ENTITY", "ANCHOR_TIMESTAMP"])
    with copy.cursor() as cur:
        columns = featurise(cur, features, rows)
        found = state_columns.stale(
            cur, vq, rfm.graph, columns, features.kinds, state_columns.present(cur, vq, rfm.graph)
        )
    assert any(v == "R0" for v in columns[next(k for k in columns if k.endswith("deals.region"))])
    assert {column for column, _, _ in found.values()} == {"accounts.status"}


def test_a_column_whose_values_all_occur_now_is_read(crm):
    con, rfm = crm
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        rfm.predict(WON, context_size=300)
    assert not any("deals.region" in str(w.message) for w in caught)


def test_a_target_filter_on_a_state_column_is_warned_of(crm):
    """COUNT(deals.* WHERE deals.stage = 'Won'): the newest deals are 'Open', the older ones never are (they moved
    on), so a label at a past anchor counts a deal by what it became later (a CRM trial's won amount per quarter
    counted deals created in the quarter and won since). Said, with the view that counts each at its time; a
    filter on a column that does not change with age (the region) says nothing."""
    con, rfm = crm
    won = "PREDICT COUNT(deals.* WHERE deals.stage = 'Won', 0, 60, days) > 0 FOR EACH accounts.account_id"
    with pytest.warns(rfm_sql.RFMWarning, match=r"The target's filter reads deals\.stage, whose values 'Open' are on"):
        rfm.predict(won, context_size=300)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ev = rfm.evaluate(won, anchor_time="2024-06-01", context_size=300)
    # the date the graph knows the stage is filled in with is named (it said "won deals dated by their closed_at"
    # of a campground's reservations, whose status is filled in with cancelled_at)
    assert any("predict over a view dated by when it did (deals rows dated by closed_at)" in w for w in ev.warnings)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        rfm.predict(won.replace("deals.stage = 'Won'", "deals.region = 'r0'"), context_size=300)
    assert not any("filter reads" in str(w.message) for w in caught)


def _tenants():
    """400 tenants from 2023-01-01; every fourth stays, the others move out on day 60 + 37 i mod 760 (to 2025-03),
    giving notice 60 days before, when their monthly payments stop. Five who left early paid arrears on 2024-12-20.
    Today's state (the data end on 2024-12-31): a tenant that left is 'former' and its current_unit_id NULL (the
    unit's floor and kind are read through it)."""
    con = duckdb.connect()
    con.execute("CREATE TABLE units (unit_id INTEGER PRIMARY KEY, floor INTEGER, kind VARCHAR)")
    con.execute("INSERT INTO units SELECT i, i % 9, 'k' || (i % 3) FROM range(400) t(i)")
    con.execute(
        "CREATE TEMP TABLE spans AS SELECT i, CASE WHEN i % 4 = 3 THEN TIMESTAMP '2030-01-01' ELSE TIMESTAMP "
        "'2023-01-01' + to_days(60 + (i * 37) % 760) END AS left_at FROM range(400) t(i)"
    )
    con.execute(
        "CREATE TABLE tenants (tenant_id INTEGER PRIMARY KEY, created_at TIMESTAMP, status VARCHAR, "
        "current_unit_id INTEGER REFERENCES units)"
    )
    con.execute(
        "INSERT INTO tenants SELECT i, TIMESTAMP '2023-01-01', CASE WHEN left_at < TIMESTAMP '2024-12-31' THEN "
        "'former' ELSE 'current' END, CASE WHEN left_at < TIMESTAMP '2024-12-31' THEN NULL ELSE i END FROM spans"
    )
    con.execute("CREATE TABLE payments (tenant_id INTEGER REFERENCES tenants, paid_at TIMESTAMP)")
    con.execute(
        "INSERT INTO payments SELECT i, TIMESTAMP '2023-01-01' + to_days(30 * k) FROM spans, range(25) b(k) "
        "WHERE TIMESTAMP '2023-01-01' + to_days(30 * k) < left_at - INTERVAL 60 DAY"
    )
    con.execute("INSERT INTO payments SELECT i, TIMESTAMP '2024-12-20' FROM range(0, 20, 4) t(i)")
    con.execute("CREATE TABLE notices (tenant_id INTEGER REFERENCES tenants, given_at TIMESTAMP)")
    con.execute(
        "INSERT INTO notices SELECT i, left_at - INTERVAL 60 DAY FROM spans "
        "WHERE left_at - INTERVAL 60 DAY <= TIMESTAMP '2024-12-31'"
    )
    con.execute("DROP TABLE spans")
    return con


@pytest.mark.parametrize("few", [False, True])
def test_a_status_rare_now_and_a_key_set_only_while_live_are_not_read(few):
    """A rentals trial: tenants who leave become 'former' and lose their current unit; some who left this month
    still paid lately, so 'former' is rare among the tenants predicted now, not absent; and where only 19 tenants
    pass the filter now the check used to be skipped (it asked for 20). Their backtest read AUROC 0.94-0.98."""
    con = _tenants()
    rfm = rfm_sql.attach(con)
    pql = (
        "PREDICT COUNT(notices.*, 0, 90, days) > 0 FOR EACH tenants.tenant_id WHERE COUNT(payments.*, -35, 0, days) > 0"
    )
    if few:  # under 20 tenants pass now
        pql += " AND tenants.tenant_id >= 344"
    vq = rfm.resolve(pql)
    features = feature_query(vq, rfm.graph)
    rows = rfm.labels(pql, anchor_time=["2023-09-01", "2024-01-01", "2024-05-01"]).select(
        ["ENTITY", "ANCHOR_TIMESTAMP"]
    )
    with con.cursor() as cur:
        columns = featurise(cur, features, rows)
        now = state_columns.present(cur, vq, rfm.graph)
        found = state_columns.stale(cur, vq, rfm.graph, columns, features.kinds, now)
    said = {column: values for column, values, _ in found.values()}
    seed = rfm.con.sql(to_sql(plan.query_seed(vq, rfm.graph, now))).fetchall()
    assert (len(seed) < 20) == few
    assert said["tenants.status"] == ["former"]
    assert said["what tenants.current_unit_id leads to"] == ["missing"]
    assert "('missing': not set, or no row through the key, at the example's anchor.)" in state_columns.note(vq, found)
    through = {n for n in features.kinds if "current_unit_id" in n}
    assert through and through <= set(found)  # the unit's floor and kind, and the siblings under the unit


def test_an_entity_filter_that_keeps_only_survivors_at_past_anchors_is_warned_of():
    """`WHERE tenants.status = 'current'` keeps, at a past anchor, only the tenants still there today: none of them
    gave notice, so the older anchors' labels are all False (a rentals trial's backtest read accuracy 1.0 with no
    word). A filter that keeps the tenants as they were says nothing."""
    rfm = rfm_sql.attach(_tenants())
    notices = "PREDICT COUNT(notices.*, 0, 90, days) > 0 FOR EACH tenants.tenant_id WHERE "
    with pytest.warns(
        rfm_sql.RFMWarning, match=r"0% of the older anchors'\. The WHERE filter on tenants.status"
    ) as said:
        out = rfm.predict(notices + "tenants.status = 'current'", context_size=300)
    assert "Filter on what is known before the outcome" in out.column("WARNING")[0].as_py()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        rfm.predict(notices + "tenants.tenant_id >= 0", context_size=300)
    assert not [w for w in caught if "older anchors" in str(w.message)], said


@pytest.fixture(scope="module")
def app():
    """800 users signed up over 2023, each with a session every `gap` days (busy users' gaps are short); a user
    subscribes once, at the first session after day 400 of its life where hash says so (busy ones more often): about
    6% of the users, so 'pro' in users.plan (today's) is on under a tenth of a conversion context's examples."""
    con = duckdb.connect()
    con.execute(
        "CREATE TABLE users AS SELECT i AS user_id, TIMESTAMP '2023-01-01' + to_days(CAST(i % 365 AS INTEGER)) "
        "AS signed_up, 2 + hash(i) % 20 AS gap FROM range(800) t(i)"
    )
    con.execute(
        "CREATE TABLE sessions AS SELECT row_number() OVER () AS session_id, user_id, signed_up + to_days(CAST(k * gap "
        "AS INTEGER)) AS started_at FROM users, range(0, 400) r(k) WHERE k * gap < 700"
    )
    con.execute(
        "CREATE TABLE subscriptions AS SELECT 'S' || user_id AS subscription_id, user_id, min(started_at) AS started_at "
        "FROM sessions JOIN users "
        "USING (user_id) WHERE started_at > signed_up + INTERVAL 200 DAY AND hash(user_id * 13) % 100 < 12 - gap / 2 "
        "GROUP BY user_id"
    )
    con.execute(
        "ALTER TABLE users ADD COLUMN plan VARCHAR; UPDATE users SET plan = CASE WHEN user_id IN (SELECT user_id "
        "FROM subscriptions) THEN 'pro' ELSE 'free' END"
    )
    con.execute("ALTER TABLE users DROP COLUMN gap")
    rfm = rfm_sql.attach(con)
    rfm.graph.set_stype("users", "plan", "categorical")
    return con, rfm


def test_a_rare_state_that_tells_the_label_is_not_read(app):
    """Under a tenth of the context holds plan 'pro' (those who subscribed after their anchor), but nearly half of
    those examples are positive against a few percent of the rest: today's state, not read."""
    con, rfm = app
    query = (
        "PREDICT COUNT(subscriptions.*, 0, 30, days) > 0 FOR EACH users.user_id "
        "WHERE COUNT(subscriptions.*, -INF, 0, days) = 0"
    )
    with pytest.warns(rfm_sql.RFMWarning, match=r"Not read: users.plan \('pro': \d% of the context"):
        ev = rfm.evaluate(query, anchor_time="2024-06-01", context_size=500)
    assert not any("users.plan" in name for name in ev.results[0].prepared.encoder.kinds)
    labels = [True] * 10 + [False] * 90
    assert state_columns.apart(labels, [True] * 5 + [False] * 95)  # 5 positives held it, of 5
    assert not state_columns.apart(labels, [i % 10 == 0 for i in range(100)])  # the value says nothing
    assert state_columns.apart(["a"] * 50 + ["b"] * 50, [True] * 45 + [False] * 55)
    assert not state_columns.apart(None, [True, False])


def test_a_date_set_by_the_anchor_is_no_todays_state_when_its_share_moves_with_the_season():
    """Notices given each July, withdrawals 40 days later: 'set' is on many of the summer anchors' examples and on no
    child now, yet a notice given by an anchor is what had happened by then (a daycare trial's notice_given_at was
    not read, and the churn model lost to "the notice is in")."""
    con = duckdb.connect()
    con.execute(
        "CREATE TABLE children (child_id INTEGER PRIMARY KEY, created_at TIMESTAMP, notice_given_at TIMESTAMP, "
        "withdrawn_on TIMESTAMP)"
    )
    con.execute(
        "INSERT INTO children SELECT i, TIMESTAMP '2022-09-01', notice, notice + INTERVAL 40 DAY FROM (SELECT i, "
        "CASE WHEN i % 5 = 0 THEN TIMESTAMP '2023-07-01' + INTERVAL (i % 28) DAY WHEN i % 5 = 1 THEN TIMESTAMP "
        "'2024-07-01' + INTERVAL (i % 28) DAY END AS notice FROM range(600) t(i))"
    )
    con.execute("CREATE TABLE attendance (child_id INTEGER REFERENCES children, check_in TIMESTAMP)")
    con.execute(
        "INSERT INTO attendance SELECT c.child_id, TIMESTAMP '2022-09-05' + INTERVAL (d) DAY + INTERVAL 8 HOUR "
        "FROM children c, range(0, 760, 2) t(d) WHERE c.withdrawn_on IS NULL OR TIMESTAMP '2022-09-05' + "
        "INTERVAL (d) DAY < c.withdrawn_on"
    )
    rfm = rfm_sql.attach(con)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        rfm.predict(
            "PREDICT COUNT(attendance.*, 0, 30, days) = 0 FOR EACH children.child_id",
            anchor_time="2024-09-20",
            context_size=400,
        )
    assert not [w for w in caught if "children.notice_given_at" in str(w.message) and "Not read" in str(w.message)]
