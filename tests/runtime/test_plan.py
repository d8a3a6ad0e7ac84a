import datetime as dt
import warnings

import duckdb
import pytest

import rfm_sql
from rfm_sql import demo
from rfm_sql.errors import NoExamplesError, RFMWarning
from rfm_sql.runtime import plan as planner
from rfm_sql.runtime.options import RunOptions
from rfm_sql.runtime.table_ends import batch_period
from rfm_sql.runtime.timestamps import step_back

CHURN = "PREDICT COUNT(orders.*, 0, 30, days) = 0 FOR EACH users.user_id WHERE COUNT(orders.*, -90, 0, days) > 0"


def test_anchors_step_back_one_horizon_at_a_time():
    t = dt.datetime(2024, 3, 31, 12)
    assert step_back(t, (30, "days"), 2) == dt.datetime(2024, 1, 31, 12)
    assert step_back(t, (1, "months"), 1) == dt.datetime(2024, 2, 29, 12)  # calendar months clamp
    assert step_back(t, (2, "weeks"), 1) == dt.datetime(2024, 3, 17, 12)
    assert step_back(t, (6, "hours"), 4) == dt.datetime(2024, 3, 30, 12)


def test_context_is_capped_recent_first_labelled_and_deterministic(shop):
    rfm = rfm_sql.attach(shop)
    vq = rfm.resolve(CHURN)
    anchor = dt.datetime(2024, 6, 1)
    options = RunOptions(context_size=200, seed=3)
    with shop.cursor() as cur:
        plan = planner.make_plan(cur, vq, rfm.graph, anchor, options)
        first = planner.select_context(cur, vq, rfm.graph, plan, options)
        again = planner.select_context(cur, vq, rfm.graph, plan, options)
        other = planner.select_context(cur, vq, rfm.graph, plan, RunOptions(context_size=200, seed=4))
    assert plan.context_anchors[0] == dt.datetime(2024, 5, 2) and all(t < anchor for t in plan.context_anchors)
    assert first.num_rows == 200 and first.equals(again) and not first.equals(other)
    anchors = first.column("ANCHOR_TIMESTAMP").to_pylist()
    assert max(anchors.count(t) for t in set(anchors)) <= 50  # no anchor takes more than a quarter
    assert max(anchors) == plan.context_anchors[0]
    truth = {
        (r["ENTITY"], r["ANCHOR_TIMESTAMP"]): r["TARGET"] for r in rfm.labels(CHURN, sorted(set(anchors))).to_pylist()
    }
    assert all(truth[(r["ENTITY"], r["ANCHOR_TIMESTAMP"])] == r["TARGET"] for r in first.to_pylist())


def test_an_anchor_after_the_data_says_so(shop):
    """A telecom trial predicted 10 and 25 days past the data's end: recent activity and the newest context labels
    read lower there (a 30-day sum's newest labels at a fifth of a full window), predictions fell with them, and
    nothing was said. An anchor a few hours past the last row (a date after it) is the usual call: no word."""
    rfm = rfm_sql.attach(shop)
    end = shop.sql("SELECT max(ordered_at) FROM orders").fetchall()[0][0]
    spend = "PREDICT SUM(orders.amount, 0, 30, days) FOR EACH users.user_id"
    with pytest.warns(RFMWarning, match=r"is 10 days after the end of the data in orders .*: those days hold no rows"):
        out = rfm.predict(spend, anchor_time=end + dt.timedelta(days=10), entities=[1, 2])
    assert "10 days after the end of the data in orders" in out.column("WARNING")[0].as_py()
    with warnings.catch_warnings():
        warnings.simplefilter("error", RFMWarning)
        for after in (dt.timedelta(0), dt.timedelta(hours=20), dt.timedelta(days=2.9)):  # within a tenth of 30 days
            rfm.predict(spend, anchor_time=end + after, entities=[1, 2])


def test_an_anchor_within_a_batch_of_a_table_written_in_batches_says_nothing():
    """Invoices issued on the 1st of each month: 25 days past the last batch is where the next has not come yet, not
    missing data (a cloud host trial's anchor on the 1st was told to predict a month earlier); 70 days is."""
    con = duckdb.connect()
    con.execute("CREATE TABLE accounts AS SELECT i AS account_id FROM range(100) t(i)")
    con.execute(
        "CREATE TABLE invoices AS SELECT row_number() OVER () AS invoice_id, account_id, DATE '2023-01-01' + "
        "to_months(m) AS issued_on, 10.0 + account_id AS amount FROM accounts, range(24) r(m)"
    )
    rfm = rfm_sql.attach(con)
    assert batch_period(con.cursor(), rfm.graph, ["invoices"]) > dt.timedelta(days=29)
    spend = "PREDICT SUM(invoices.amount, 0, 1, months) FOR EACH accounts.account_id"
    with warnings.catch_warnings():
        warnings.simplefilter("error", RFMWarning)
        rfm.predict(spend, anchor_time="2024-12-26", entities=[1, 2])
        rfm.predict(spend, anchor_time="2025-01-02", entities=[1, 2])  # a month and a day: the next is due
    with pytest.warns(RFMWarning, match=r"invoices has no rows in the 1 months before the anchor 2025-02-09"):
        rfm.predict(spend, anchor_time="2025-02-09", entities=[1, 2])


def test_a_static_target_under_a_filter_that_keeps_only_unlabelled_rows_says_to_list_them():
    """`PREDICT lots.final_price ... WHERE lots.status = 'active'`: only the open lots pass, and none has a price to
    learn from; an auction trial was told to loosen the filter. The rows to predict are to be listed instead."""
    con = duckdb.connect()
    demo.build(con)
    con.execute("UPDATE users SET age = NULL WHERE segment = 'casual'")
    rfm = rfm_sql.attach(con)
    with pytest.raises(
        NoExamplesError, match=r"list the rows to fill in instead of filtering them, FOR users\.user_id"
    ):
        rfm.predict("PREDICT users.age FOR EACH users.user_id WHERE users.segment = 'casual'")


def test_no_history_gives_an_actionable_error(shop):
    rfm = rfm_sql.attach(shop)
    with pytest.raises(
        NoExamplesError, match=r"No context to learn from: the data in orders starts at .* anchor_time at or after"
    ):
        rfm.predict(CHURN, anchor_time="2023-01-15")
    longer = f"{CHURN.replace('= 0', '> 0')} ASSUMING COUNT(reviews.*, 0, 90, days) > 0"  # the window that sets it
    with pytest.raises(NoExamplesError, match=r"no 90-day ASSUMING window fits .* use a shorter ASSUMING window"):
        rfm.predict(longer, anchor_time="2023-01-15")


def test_a_selective_filter_on_a_large_entity_table_still_fills_the_context(con):
    # the sample is sized for entities that mostly pass the filter (2,000 users, 25 examples an anchor: 10% of
    # them): a filter keeping 8 users left 6 labelled examples and no prediction, one keeping 20 a context of 25
    demo.build(con)
    rfm = rfm_sql.attach(con)
    query = "PREDICT COUNT(orders.*, 0, 30, days) > 0 FOR EACH users.user_id WHERE users.user_id <= {}"
    assert rfm.evaluate(query.format(20), context_size=100).context_size == 100
    assert rfm.evaluate(query.format(8), context_size=100).context_size >= 50


def test_a_short_history_shares_the_cap_among_the_anchors_it_has():
    assert planner.anchor_share(1000, 64) == 250  # several periods represented
    assert planner.anchor_share(1000, 2) == 500 and planner.anchor_share(1000, 3) == 333
    assert planner.anchor_share(1000, 1) == 1000 and planner.anchor_share(20, 4) == planner.MIN_CONTEXT


def test_two_anchors_of_history_fill_the_context(con):
    from tests.runtime.test_targets import build_visits

    rfm = build_visits(con)  # 400 users (no signup time: all of them exist at every anchor)
    con.execute("DELETE FROM visits WHERE t < TIMESTAMP '2024-06-01'")
    query = "PREDICT COUNT(visits.*, 0, 30, days) FOR EACH users.user_id"
    anchor = dt.datetime(2024, 8, 1)  # room for two 30-day anchors after the first visit kept
    options = RunOptions(context_size=200)
    vq = rfm.resolve(query)
    with con.cursor() as cur:
        plan = planner.make_plan(cur, vq, rfm.graph, anchor, options)
        context = planner.select_context(cur, vq, rfm.graph, plan, options)
    assert len(plan.context_anchors) == 2
    anchors = context.column("ANCHOR_TIMESTAMP").to_pylist()
    assert context.num_rows == 200 and sorted(anchors.count(t) for t in plan.context_anchors) == [100, 100]


def test_an_anchor_before_any_label_window_names_the_first_anchor_that_has_one(shop):
    rfm = rfm_sql.attach(shop)
    start = shop.sql("SELECT min(ordered_at) FROM orders").fetchall()[0][0]
    query = "PREDICT SUM(orders.amount, 0, 3, months) FOR EACH users.user_id"
    with pytest.raises(NoExamplesError, match=f"starts at {start}") as info:
        rfm.predict(query, anchor_time=start + dt.timedelta(days=20), context_size=100)
    first = step_back(start, (3, "months"), -1)
    assert f"at or after {first}" in str(info.value) and "no anchors" not in str(info.value)
    assert rfm.predict(query, anchor_time=first + dt.timedelta(days=30), context_size=100).num_rows > 0


def test_an_entity_filter_dated_after_every_context_anchor_says_so(shop):
    # `WHERE users.signup_time > <a date after the newest context anchor>`: no past anchor has a user that passes;
    # the error said only "loosen the WHERE entity filter"
    rfm = rfm_sql.attach(shop)
    end = shop.sql("SELECT max(ordered_at) FROM orders").fetchall()[0][0]
    late = (end - dt.timedelta(days=3)).date()
    shop.execute(
        "INSERT INTO users SELECT 9999, ?, country, age, segment FROM users LIMIT 1", [end - dt.timedelta(days=1)]
    )
    query = f"PREDICT COUNT(orders.*, 0, 30, days) FOR EACH users.user_id WHERE users.signup_time > {late}"
    with pytest.raises(
        NoExamplesError, match=r"compare users\.signup_time with a date before the context anchors"
    ) as e:
        rfm.predict(query)
    assert "FOR users.user_id IN (...)" in str(e.value)


def test_an_entity_filter_on_a_count_no_example_passes_says_to_loosen_it(shop):
    """A count's threshold was compared with the newest anchor as if a date: a TypeError instead of the error."""
    rfm = rfm_sql.attach(shop)
    query = "PREDICT COUNT(orders.*, 0, 30, days) = 0 FOR EACH users.user_id WHERE COUNT(orders.*, -30, 0, days) > 100"
    for ask in (lambda: rfm.predict(query, entities=[1]), lambda: rfm.explain(query, entity=1)):
        with pytest.raises(NoExamplesError, match="loosen the WHERE entity filter"):
            ask()
