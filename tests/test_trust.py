"""No silent wrong answer: backtests only on observed labels, no NaN metric, stale history flagged, and each
user mistake named. Each case failed (or answered wrongly) before the fix."""

import datetime as dt
import math
import re
import warnings

import duckdb
import pyarrow as pa
import pytest

import rfm_sql
from rfm_sql.errors import NoExamplesError, RFMWarning, UserError

CHURN = "PREDICT COUNT(orders.*, 0, 30, days) = 0 FOR EACH users.user_id"
SPEND = "PREDICT SUM(orders.amount, 0, 30, days) FOR EACH users.user_id"


@pytest.fixture
def rfm(shop):
    return rfm_sql.attach(shop)


@pytest.mark.parametrize("query", [CHURN, SPEND])
def test_backtest_past_the_data_is_refused_with_the_anchor_that_works(rfm, query):
    latest = rfm.con.sql("SELECT MAX(ordered_at) FROM orders").fetchall()[0][0]
    with pytest.raises(UserError, match="runs past the end of the data") as info:
        rfm.evaluate(query, anchor_time="2100-01-01")
    assert info.value.param == "anchor_time"
    assert str(latest - dt.timedelta(days=30)) in str(info.value)  # the latest anchor that works
    with pytest.raises(duckdb.Error, match="runs past the end of the data"):
        rfm.con.sql("SELECT * FROM rfm_evaluate(?, anchor_time := TIMESTAMP '2100-01-01')", params=[query]).fetchall()
    ok = latest - dt.timedelta(days=30)
    assert rfm.evaluate(query, anchor_time=ok, context_size=100).n > 0


def test_task_table_without_labels_past_the_data_is_refused(rfm):
    table = pa.table({"user_id": [1, 2], "ts": [dt.datetime(2100, 1, 1)] * 2})
    with pytest.raises(UserError, match="runs past the end") as info:
        rfm.evaluate(CHURN, task_table=table)
    assert info.value.param == "task_table"


def test_an_undefined_metric_is_never_nan(con):
    con.execute("CREATE TABLE u (id INTEGER PRIMARY KEY)").fetchall()
    con.execute("CREATE TABLE e (eid INTEGER PRIMARY KEY, id INTEGER REFERENCES u (id), t TIMESTAMP)").fetchall()
    con.execute("INSERT INTO u SELECT range FROM range(1, 41)").fetchall()
    # every user has an event every day: "no event in the next 3 days" is False for everyone
    con.execute(
        "INSERT INTO e SELECT row_number() OVER (), u.id, TIMESTAMP '2024-01-01' + INTERVAL (d.range) DAY "
        "FROM u, range(0, 60) d"
    ).fetchall()
    rfm = rfm_sql.attach(con)
    query = "PREDICT COUNT(e.*, 0, 3, days) = 0 FOR EACH u.id"
    with pytest.warns(RFMWarning, match="auroc is undefined.*every label is False"):
        result = rfm.evaluate(query)
    assert "auroc" not in result.metrics and "auroc" in result.undefined
    assert all(math.isfinite(v) for v in result.metrics.values())
    rows = con.sql("SELECT metric, value, note FROM rfm_evaluate(?)", params=[query]).fetchall()
    assert rows[[r[0] for r in rows].index("auroc")][:2] == ("auroc", None)
    types = con.sql("SELECT * FROM rfm_evaluate(?)", params=[query]).types
    assert [str(t) for t in types] == ["VARCHAR", "DOUBLE", "BIGINT", "TIMESTAMP", "VARCHAR", "VARCHAR"]


@pytest.mark.parametrize("task", ["", " FORECAST 2 TIMEFRAMES"])
def test_a_backtest_whose_labels_are_all_the_same_says_so(rfm, task):
    # no order is negative: every label 0, an MAE of 0.0000 for the model and every baseline, with no word
    query = f"PREDICT COUNT(orders.* WHERE orders.amount < 0, 0, 30, days){task} FOR EACH users.user_id"
    with pytest.warns(RFMWarning, match=r"Every one of the [\d,]+ scored labels is 0(\.0)?: the errors only say"):
        result = rfm.evaluate(query, context_size=100)
    assert result.metrics["mae"] >= 0


def test_stale_history_warns_in_python_and_in_a_sql_column(rfm):
    latest = rfm.con.sql("SELECT MAX(ordered_at) FROM orders").fetchall()[0][0]
    late = latest + dt.timedelta(days=400)
    with pytest.warns(RFMWarning, match="no rows in the 30 days before the anchor"):
        table = rfm.predict(SPEND, anchor_time=late, context_size=100)
    assert "WARNING" in table.column_names and table.column("WARNING")[0].as_py().startswith("The target's table")
    fresh = rfm.predict(SPEND, context_size=100)
    assert "WARNING" not in fresh.column_names
    sql = rfm.con.sql("SELECT * FROM rfm_predict(?, anchor_time := ?, context_size := 100)", params=[SPEND, late])
    assert "WARNING" in sql.columns


def test_a_stale_table_beside_a_fresh_one_in_the_target_warns(rfm):
    # orders stop 60 days before reviews do: the default anchor follows reviews, and the newest context examples'
    # order windows are empty, so "ordered or reviewed" drops at the newest anchors (it warned only when every
    # target table was stale)
    end = rfm.con.sql("SELECT MAX(created_at) FROM reviews").fetchall()[0][0]
    rfm.con.execute("DELETE FROM orders WHERE ordered_at > ?", [end - dt.timedelta(days=60)]).fetchall()
    either = "PREDICT COUNT(orders.*, 0, 14, days) > 0 OR COUNT(reviews.*, 0, 14, days) > 0 FOR EACH users.user_id"
    with pytest.warns(RFMWarning, match=r"target's table orders has no rows in the 14 days before the anchor"):
        table = rfm.predict(either, context_size=100)
    warning = table.column("WARNING")[0].as_py()
    assert "data up to: orders at" in warning and "reviews" not in warning
    assert warning.endswith("check that the data is complete.") and warning.count("anchor_time") == 1
    fresh = "PREDICT COUNT(reviews.*, 0, 14, days) > 0 FOR EACH users.user_id"
    assert "WARNING" not in rfm.predict(fresh, context_size=100).column_names


def test_an_assuming_table_that_ends_early_is_named_in_backtests_and_predictions(rfm):
    # reviews stop 60 days before orders do: ASSUMING's 30-day windows after that read as empty, so a backtest
    # there scored, and the newest context examples were picked by, reviews that are missing (it passed silently:
    # only the target's tables set the end of the observed data)
    end = rfm.con.sql("SELECT MAX(ordered_at) FROM orders").fetchall()[0][0]
    rfm.con.execute("DELETE FROM reviews WHERE created_at > ?", [end - dt.timedelta(days=60)]).fetchall()
    reviews_end = rfm.con.sql("SELECT MAX(created_at) FROM reviews").fetchall()[0][0]
    query = f"{CHURN.replace('= 0', '> 0')} ASSUMING COUNT(reviews.*, 0, 30, days) > 0"
    with pytest.raises(
        UserError,
        match=r"label and ASSUMING windows .* past the end of the data in the ASSUMING "
        r"table reviews",
    ) as info:
        rfm.evaluate(query, anchor_time=end - dt.timedelta(days=30), context_size=100)
    assert str(reviews_end - dt.timedelta(days=30)) in str(info.value)  # the latest anchor that works
    assert rfm.evaluate(query, context_size=100).last_anchor == reviews_end - dt.timedelta(days=30)  # the default
    with pytest.warns(RFMWarning, match="ASSUMING table reviews has no rows in the 30 days before the anchor"):
        table = rfm.predict(query, context_size=100)
    assert "ASSUMING picks them as if nothing happened" in table.column("WARNING")[0].as_py()
    with pytest.warns(RFMWarning, match="past the end of the data in the ASSUMING table reviews"):
        rfm.labels(query, anchor_time=end - dt.timedelta(days=30))
    assert "WARNING" not in rfm.predict(CHURN, context_size=100).column_names  # the target alone is fresh


@pytest.mark.parametrize("shape", ["thinning", "scheduled", "steady"])
def test_a_target_table_that_runs_on_alone_and_thins_out_is_named_at_the_default_anchor(con, shape):
    # shipments go on for 120 days after the last order (TPC-H's line items after its orders), fewer every
    # month: the default anchor followed them to where no order is left, with no word of it; or (scheduled) as
    # few in every month past it (a pharmacy's refill reminders, scheduled ahead: all predicted 0, no word)
    con.execute("CREATE TABLE items (item_id INTEGER PRIMARY KEY)").fetchall()
    con.execute("INSERT INTO items SELECT range FROM range(1, 61)").fetchall()
    con.execute(
        "CREATE TABLE orders (order_id INTEGER PRIMARY KEY, item_id INTEGER REFERENCES items (item_id), "
        "ordered_at TIMESTAMP)"
    ).fetchall()
    con.execute(
        "CREATE TABLE shipments (shipment_id INTEGER PRIMARY KEY, item_id INTEGER REFERENCES items (item_id), "
        "shipped_at TIMESTAMP)"
    ).fetchall()
    con.execute(
        "INSERT INTO orders SELECT range, 1 + range % 60, TIMESTAMP '2024-01-01' + INTERVAL (range % 300) DAY "
        "FROM range(6000)"
    ).fetchall()
    # steady until day 300, then (thinning) ever fewer, or (not) as many as before, until day 420
    keep = {"thinning": "d < 300 OR hash(i) % 120 >= d - 300", "scheduled": "d < 300 OR hash(i) % 10 < 4"}
    keep = keep.get(shape, "TRUE")
    con.execute(
        "INSERT INTO shipments SELECT row_number() OVER (), 1 + i % 60, TIMESTAMP '2024-01-01' + INTERVAL (d) DAY "
        f"FROM (SELECT range AS i, range % 420 AS d FROM range(8400)) WHERE {keep}"
    ).fetchall()
    rfm = rfm_sql.attach(con)
    query = "PREDICT COUNT(shipments.*, 0, 30, days) FOR EACH items.item_id"
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        table = rfm.predict(query, context_size=100)
    named = [str(w.message) for w in caught if "every other table ends by" in str(w.message)]
    if shape != "steady":
        assert (
            named and "latest time of shipments.shipped_at" in named[0] and "(orders.ordered_at), 120 days" in named[0]
        )
        assert "every other table ends by" in table.column("WARNING")[0].as_py()
    else:  # a table that goes on as before beside one that stopped: no word
        assert not named and "WARNING" not in table.column_names


def test_an_empty_target_table_says_so(con):
    con.execute("CREATE TABLE u (id INTEGER PRIMARY KEY)").fetchall()
    con.execute("CREATE TABLE e (eid INTEGER PRIMARY KEY, id INTEGER REFERENCES u (id), t TIMESTAMP)").fetchall()
    con.execute("INSERT INTO u VALUES (1), (2)").fetchall()
    rfm = rfm_sql.attach(con)
    with pytest.raises(NoExamplesError, match="have no rows with a timestamp"):
        rfm.predict("PREDICT COUNT(e.*, 0, 3, days) FOR EACH u.id", anchor_time="2024-01-01")


@pytest.mark.parametrize(
    "sql, message",
    [
        ("SELECT * FROM rfm_predict(?, seed := -1)", "seed=-1 must be a non-negative integer"),
        ("SELECT * FROM rfm_predict(?, context_size := 2)", "context_size=2 must be an integer >= 10"),
        ("SELECT * FROM rfm_predict(?, run_mode := 'quick')", "run_mode='quick' is not a run mode"),
    ],
)
def test_sql_option_errors_name_the_option(rfm, sql, message):
    with pytest.raises(duckdb.Error, match=message):
        rfm.con.sql(sql, params=[CHURN]).fetchall()


def test_python_argument_errors_name_the_argument(rfm):
    with pytest.raises(UserError) as info:
        rfm.predict(CHURN, entities=[])
    assert info.value.param == "entities"
    # keys are named where they came from: explain's entity=, or the query's own FOR ... = / IN list
    for call, param in (
        (lambda: rfm.explain(CHURN, entity=99999), "entity"),
        (lambda: rfm.explain(CHURN, entity=1.5), "entity"),
        (lambda: rfm.predict(CHURN.replace("FOR EACH", "FOR") + " = 99999"), "query"),
        (lambda: rfm.evaluate(CHURN.replace("FOR EACH", "FOR") + " IN (99999)"), "query"),
    ):
        with pytest.raises(UserError) as info:
            call()
        assert info.value.param == param, (param, str(info.value))
        assert "entities" not in str(info.value)
    with pytest.raises(UserError) as info:
        rfm.predict(42)
    assert info.value.param == "query"
    with pytest.raises(UserError) as info:
        rfm.evaluate(CHURN, anchor_time="2024-01-01", task_table=pa.table({"user_id": [1]}))
    assert info.value.param == "anchor_time"


def test_a_static_backtest_never_sees_the_labels_it_is_scored_on(con):
    """A column that equals the entity's own label in the context would be copied: with the scored entities
    kept out of their context, a label that is pure noise scores at chance."""
    import numpy as np

    rng = np.random.default_rng(0)
    con.execute("CREATE TABLE u (id INTEGER PRIMARY KEY, noise VARCHAR, x DOUBLE)").fetchall()
    con.register("rows", pa.table({"id": range(400), "noise": rng.choice(["a", "b"], 400), "x": rng.normal(size=400)}))
    con.execute("INSERT INTO u SELECT * FROM rows").fetchall()
    rfm = rfm_sql.attach(con)
    result = rfm.evaluate("PREDICT u.noise FOR EACH u.id", context_size=100)
    assert result.n == 400 and result.anchors == 1
    assert all(
        not set(r.query.column("ENTITY").to_pylist()) & set(r.prepared.context.column("ENTITY").to_pylist())
        for r in result.results
    )
    assert 0.35 < result.metrics["accuracy"] < 0.65


def test_a_database_file_called_rfm_sql_is_never_written(tmp_path):
    """rfm_sql's scratch catalog is in memory; a user's file of the same name gets a scratch catalog beside it."""
    import hashlib

    from rfm_sql import demo

    path = tmp_path / "rfm_sql.duckdb"
    with duckdb.connect(str(path)) as con:
        demo.build(con, n_users=120, n_items=15)
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    con = duckdb.connect(str(path), read_only=True)
    rfm = rfm_sql.attach(con)
    assert rfm.predict(SPEND, entities=[1, 2, 3], context_size=60).num_rows == 3
    assert con.sql("SELECT COUNT(*) FROM rfm_sql_scratch.rfm_predict(?, context_size := 60)", params=[SPEND]).fetchall()
    con.close()
    assert hashlib.sha256(path.read_bytes()).hexdigest() == digest


def test_a_key_set_outlives_newer_ones_while_a_query_may_still_need_it(shop):
    rfm = rfm_sql.attach(shop)
    sql = rfm.predict_sql(SPEND, entities=[1, 2], context_size=60)
    for i in range(3, 23):  # 20 newer key sets
        rfm.predict_sql(SPEND, entities=[1, i], context_size=60)
    assert shop.sql(sql).fetchall()


def test_the_per_row_form_refuses_a_prefix(shop):
    rfm_sql.attach(shop)
    with pytest.raises(duckdb.Error, match="drop the EVALUATE prefix"):
        shop.sql("SELECT rfm_predict(?, user_id) FROM users", params=["EVALUATE " + SPEND]).fetchall()


def test_a_task_table_with_missing_labels_leaves_them_out(rfm):
    table = pa.table(
        {"user_id": [1, 2, 3, 4], "ts": [dt.datetime(2024, 6, 1)] * 4, "TARGET": [10.0, None, 3.0, float("nan")]}
    )
    with pytest.warns(RFMWarning, match="2 of 4 examples have no usable label"):
        result = rfm.evaluate(SPEND, task_table=table, context_size=60)
    assert result.n == 2 and set(result.metrics) == {"mae", "rmse"}


def test_a_static_many_class_backtest_never_sees_the_labels_it_is_scored_on(con):
    import numpy as np

    rng = np.random.default_rng(1)
    con.execute("CREATE TABLE u (id INTEGER PRIMARY KEY, city VARCHAR, x DOUBLE)").fetchall()
    cities = [f"c{i}" for i in rng.integers(0, 30, 300)]
    con.register("rows", pa.table({"id": range(300), "city": cities, "x": rng.normal(size=300)}))
    con.execute("INSERT INTO u SELECT * FROM rows").fetchall()
    rfm = rfm_sql.attach(con)
    result = rfm.evaluate("PREDICT u.city FOR EACH u.id", context_size=100)
    assert result.n == 300 and result.anchors == 1
    for r in result.results:
        assert not set(r.query.column("ENTITY").to_pylist()) & set(r.prepared.context.column("ENTITY").to_pylist())


def test_a_condition_that_matches_no_row_warns_on_every_surface(rfm):
    # 'loyl' is no segment (casual, loyal, regular): every context label is False, and every user got a confident
    # "no" without a word
    typo = "PREDICT users.segment = 'loyl' FOR EACH users.user_id"
    with pytest.warns(RFMWarning, match="Every one of the 100 context examples is labelled False"):
        table = rfm.predict(typo, context_size=100)
    assert "misspelt" in table.column("WARNING")[0].as_py()
    rows = rfm.con.sql("SELECT DISTINCT WARNING FROM rfm_predict(?, context_size := 100)", params=[typo]).fetchall()
    assert len(rows) == 1 and rows[0][0].startswith("Every one of the 100 context examples")
    assert "WARNING" not in rfm.predict(typo.replace("loyl", "loyal"), context_size=100).column_names


def test_a_context_of_only_true_labels_predicts_true(rfm):
    # True was coded as class 0 when the context had no False: True_PROB read an unused class (~0.01), so
    # "always true" came out False for everyone while its backtest scored accuracy 1.0
    always = "PREDICT COUNT(orders.*, 0, 30, days) >= 0 FOR EACH users.user_id"
    with pytest.warns(RFMWarning, match="labelled True"):
        table = rfm.predict(always, context_size=100)
    assert all(table.column("TARGET_PRED").to_pylist()) and min(table.column("True_PROB").to_pylist()) > 0.5
    with pytest.warns(RFMWarning, match="labelled False"):
        never = rfm.predict(always.replace(">= 0", "< 0"), context_size=100)
    assert not any(never.column("TARGET_PRED").to_pylist()) and max(never.column("True_PROB").to_pylist()) < 0.5


def test_a_context_of_a_few_quiet_recent_anchors_says_so(con):
    """2,000 users, a 2-day window: a fast context fills from the few most recent anchors, which fall in a quiet
    week with no events at all, though every earlier window had some. The warning names those anchors and the
    ways to reach further back, not only a misspelt condition."""
    con.execute("CREATE TABLE users (user_id INTEGER PRIMARY KEY)")
    con.execute("INSERT INTO users SELECT range FROM range(2000)")
    con.execute(
        "CREATE TABLE events AS SELECT 1 + (i * 7) % 1999 AS user_id, "
        "TIMESTAMP '2024-01-01' + to_hours(i % 2400) AS t FROM range(20000) t(i)"
    )  # every user active through day 100
    con.execute("INSERT INTO events VALUES (0, TIMESTAMP '2024-01-01' + INTERVAL 108 DAY)")  # the data's end
    rfm = rfm_sql.attach(con)
    query = "PREDICT COUNT(events.*, 0, 2, days) > 0 FOR EACH users.user_id WHERE users.user_id > 0"
    with pytest.warns(RFMWarning, match=r"Every one of the 1,000 context examples is labelled False") as w:
        rfm.predict(query)
    message = next(str(x.message) for x in w if "Every one" in str(x.message))
    assert re.search(r"Check the target's condition.*Or, since they come from \d of the \d+ anchors", message)
    assert "larger context_size" in message and "earlier anchor_time" in message


def test_a_context_with_examples_at_one_anchor_only_names_the_filter_not_a_larger_context(rfm):
    # users who signed up in the last 60 days exist at the newest anchor only: a larger context_size (what the
    # warning said) finds no more; the entity filter leaves none elsewhere (TPC-H: orders of the last months)
    end = rfm.con.sql("SELECT MAX(signup_time) FROM users").fetchall()[0][0]
    since = (end - dt.timedelta(days=60)).strftime("%Y-%m-%d")
    query = f"PREDICT COUNT(orders.*, 0, 30, days) < 0 FOR EACH users.user_id WHERE users.signup_time > {since}"
    with pytest.warns(RFMWarning, match="labelled False") as w:
        rfm.predict(query, context_size=1000)
    message = next(str(x.message) for x in w if "Every one" in str(x.message))
    assert "the entity filter or ASSUMING leaves none there" in message and "larger context_size" not in message


def test_a_static_prediction_of_rows_whose_label_is_known_says_it_reads_it_back(rfm):
    # user 7's segment is known, so user 7 is a context example: its "prediction" is its own label read back
    # (explain showed it leaning on itself, similarity 0.9995); a row with no value gets no warning
    rfm.con.execute("UPDATE users SET segment = NULL WHERE user_id = 8")
    segment = rfm.con.sql("SELECT segment FROM users WHERE user_id = 7").fetchall()[0][0]
    with pytest.warns(
        RFMWarning,
        match=rf"1 listed users row\(s\) are context examples themselves, their value known \(7: {segment}\)",
    ):
        rfm.predict("PREDICT users.segment FOR users.user_id IN (7, 8)")
    with pytest.warns(RFMWarning, match=r"backtest with rfm.evaluate"):
        rfm.predict("PREDICT users.segment FOR EACH users.user_id", entities=[7])
    with warnings.catch_warnings():
        warnings.simplefilter("error", RFMWarning)
        rfm.predict("PREDICT users.segment FOR users.user_id = 8")
