"""Task tables (`rfm.evaluate(query, task_table=...)`): each mistake in one is a UserError naming it and the fix,
rows left unscored are named in an RFMWarning, and a good table scores exactly as the default backtest does."""

import datetime as dt
import math
import warnings

import numpy as np
import pyarrow as pa
import pytest

import rfm_sql
from rfm_sql.errors import RFMWarning, UserError

SPEND = "PREDICT SUM(orders.amount, 0, 30, days) FOR EACH users.user_id"
ACTIVE = "PREDICT COUNT(orders.*, 0, 30, days) > 0 FOR EACH users.user_id"
ITEM = "PREDICT FIRST(orders.item_id, 0, 30, days) FOR EACH users.user_id"  # multiclass of INTEGER item keys
FORECAST = "PREDICT SUM(orders.amount, 0, 7, days) FORECAST 2 TIMEFRAMES FOR EACH users.user_id"
ANCHOR = dt.datetime(2024, 6, 1)


@pytest.fixture
def rfm(shop):
    return rfm_sql.attach(shop)


@pytest.fixture
def users(shop):
    """Four users who exist at ANCHOR."""
    rows = shop.sql("SELECT user_id FROM users WHERE signup_time < '2024-01-01' ORDER BY user_id LIMIT 4").fetchall()
    return [u for (u,) in rows]


def table(keys, **columns) -> pa.Table:
    return pa.table({"user_id": keys, "ts": [ANCHOR] * len(keys), **columns})


def refused(rfm, query, task_table, *words) -> str:
    """The message of the UserError that evaluating `query` on `task_table` raises, which names every one of `words`."""
    with pytest.raises(UserError) as info:
        rfm.evaluate(query, task_table=task_table, context_size=60)
    assert info.value.param == "task_table"
    message = str(info.value)
    assert all(w in message for w in words), message
    return message


# -- 1. labels the task cannot have ---------------------------------------------------------------------
def test_binary_labels_must_be_booleans_or_1_and_0(rfm, users):
    message = refused(rfm, ACTIVE, table(users, label=[3.7, 0.0, 2.0, 1.0]), "label", "3.7, 2.0", "binary", "1/0")
    assert "0.0" not in message.split("holds")[1].split("(")[0]  # only the values that are no label
    refused(rfm, ACTIVE, table(users, label=["yes", "no", "yes", "no"]), "'yes', 'no'", "binary")


def test_binary_labels_as_1_and_0_score_as_booleans(rfm, users):
    as_bools = rfm.evaluate(ACTIVE, task_table=table(users, label=[True, False, True, False]), context_size=60)
    as_ints = rfm.evaluate(ACTIVE, task_table=table(users, label=[1, 0, 1, 0]), context_size=60)
    assert as_ints.n == 4 and as_ints.metrics == as_bools.metrics


@pytest.mark.parametrize("labels", [["yes", "no", "yes", "no"], [True, False, True, False]])
def test_regression_labels_must_be_numbers(rfm, users, labels):
    refused(rfm, SPEND, table(users, label=labels), "label", repr(labels[0]), "regression", "numbers")


@pytest.mark.parametrize(
    "labels", [pa.array([None] * 4, pa.float64()), [math.nan] * 4, pa.nulls(4)], ids=["null", "nan", "untyped"]
)
def test_a_label_column_without_one_label_is_refused(rfm, users, labels):
    refused(rfm, SPEND, table(users, label=labels), "Every label", "label", "NULL, NaN or empty")


def test_multiclass_labels_must_be_values_of_the_target_column(rfm, users):
    refused(rfm, ITEM, table(users, label=["a", "b", "c", "d"]), "label", "string", "orders.item_id is INTEGER")
    result = rfm.evaluate(ITEM, task_table=table(users, label=[1, 2, 3, 4]), context_size=60)
    assert result.n == 4


@pytest.mark.parametrize("task", ["RANK TOP 5", "CLASSIFY"])
def test_list_labels_must_hold_values_of_the_target_column(rfm, users, task):
    # lists of text ids for an integer key were scored as all misses (MAP@k 0 for rfm and every baseline)
    query = f"PREDICT LIST_DISTINCT(orders.item_id, 0, 30, days) {task} FOR EACH users.user_id"
    text = [["1", "2"], ["3"], ["4", "5"], ["6"]]
    refused(rfm, query, table(users, label=text), "label's items", "string", "orders.item_id is INTEGER", "Cast")
    assert rfm.evaluate(query, task_table=table(users, label=[[1, 2], [3], [4, 5], [6]]), context_size=60).n == 4


def test_a_multiclass_label_that_is_null_is_left_out_not_scored_as_a_miss(rfm, users):
    with pytest.warns(RFMWarning, match="1 of 4 examples have no usable label"):
        result = rfm.evaluate(ITEM, task_table=table(users, label=[1, None, 3, 4]), context_size=60)
    assert result.n == 3


# -- 2. which column holds the labels -------------------------------------------------------------------
def test_two_candidate_label_columns_are_refused(rfm, users):
    refused(rfm, SPEND, table(users, label=[100.0] * 4, note=["a"] * 4), "label, note", "TARGET", "drop the others")


def test_a_column_named_target_is_the_label_beside_others(rfm, users):
    alone = rfm.evaluate(SPEND, task_table=table(users, TARGET=[100.0] * 4), context_size=60)
    beside = rfm.evaluate(SPEND, task_table=table(users, TARGET=[100.0] * 4, note=["a"] * 4), context_size=60)
    assert beside.n == 4 and beside.metrics == alone.metrics
    pred = alone.results[0].pred
    assert alone.metrics["mae"] == pytest.approx(float(np.mean(np.abs(100.0 - pred))))  # the labels given, not the data's


# -- 3. keys and anchors --------------------------------------------------------------------------------
def test_keys_of_another_type_are_refused(rfm, users):
    refused(rfm, SPEND, table([str(u) for u in users]), "user_id", "string", "INTEGER", "Cast")


@pytest.mark.parametrize("labelled", [False, True])
def test_keys_the_entity_table_lacks_are_refused(rfm, labelled):
    extra = {"label": [1.0, 2.0]} if labelled else {}
    refused(rfm, SPEND, table([1001, 1002], **extra), "No users with user_id in (1001, 1002)", "Drop those rows")


def test_null_keys_and_anchors_are_refused(rfm, users):
    refused(rfm, SPEND, pa.table({"user_id": users[:2], "ts": [ANCHOR, None]}), "NULL", "1 in ts")
    refused(rfm, SPEND, pa.table({"user_id": [users[0], None], "ts": [ANCHOR] * 2}), "NULL", "1 in user_id")


def test_an_empty_task_table_is_refused(rfm):
    empty = pa.table({"user_id": pa.array([], pa.int32()), "ts": pa.array([], pa.timestamp("us"))})
    refused(rfm, SPEND, empty, "no rows")


# -- 4. rows that are not scored are named ----------------------------------------------------------------
def test_rows_the_data_gives_no_label_are_named_in_a_warning(rfm, shop, users):
    late = shop.sql("SELECT min(user_id) FROM users WHERE signup_time > '2024-06-01'").fetchall()[0][0]
    with pytest.warns(RFMWarning, match=r"1 of the 5 task_table rows are not scored") as caught:
        result = rfm.evaluate(SPEND, task_table=table([*users, late]), context_size=60)
    message = str(next(w.message for w in caught if "task_table rows" in str(w.message)))
    assert "does not exist at the anchor" in message and f"user_id {late})" in message
    assert result.n == 4


def test_rows_with_an_empty_label_window_are_named_or_refused(rfm, shop):
    query = SPEND.replace("SUM", "AVG")  # AVG of no orders is no label
    window = "o.user_id = u.user_id AND o.ordered_at > '2024-06-01' AND o.ordered_at <= '2024-07-01'"
    pick = "SELECT user_id FROM users u WHERE signup_time < '2024-01-01' AND {} EXISTS (SELECT 1 FROM orders o WHERE {}) "
    buyers = [u for (u,) in shop.sql(pick.format("", window) + "ORDER BY user_id LIMIT 3").fetchall()]
    idle = [u for (u,) in shop.sql(pick.format("NOT", window) + "ORDER BY user_id LIMIT 2").fetchall()]
    with pytest.warns(RFMWarning, match=r"2 of the 5 task_table rows are not scored.*label window is empty"):
        result = rfm.evaluate(query, task_table=table(buyers + idle), context_size=60)
    assert result.n == 3
    with pytest.raises(UserError, match=r"2 of the 2 task_table rows are not scored.*label window is empty"):
        rfm.evaluate(query, task_table=table(idle), context_size=60)  # none left: refused, not a raw error


def test_rows_at_an_anchor_without_history_are_named_in_a_warning(rfm, users):
    early = pa.table(
        {"user_id": users + users[:1], "ts": [ANCHOR] * 4 + [dt.datetime(2020, 1, 1)], "label": [1.0] * 5}
    )
    with pytest.warns(RFMWarning, match=r"1 of the 5 rows are not scored.*no history"):
        result = rfm.evaluate(SPEND, task_table=early, context_size=60)
    assert result.n == 4


# -- a good task table scores as before ---------------------------------------------------------------------
def test_a_good_task_table_scores_exactly_as_the_default_backtest(rfm, users):
    full = rfm.evaluate(SPEND, anchor_time=ANCHOR, context_size=60).results[0]
    pred = dict(zip(full.query.column("ENTITY").to_pylist(), full.pred, strict=True))
    truth = dict(zip(full.query.column("ENTITY").to_pylist(), full.query.column("TARGET").to_pylist(), strict=True))
    with warnings.catch_warnings():
        warnings.simplefilter("error", RFMWarning)  # every row scored: nothing to warn of
        unlabelled = rfm.evaluate(SPEND, task_table=table(users), context_size=60)
        labelled = rfm.evaluate(SPEND, task_table=table(users, label=[truth[u] for u in users]), context_size=60)
    assert unlabelled.n == labelled.n == 4
    assert list(unlabelled.results[0].pred) == [pred[u] for u in users]
    assert unlabelled.metrics == labelled.metrics
    assert unlabelled.metrics["mae"] == pytest.approx(float(np.mean([abs(truth[u] - pred[u]) for u in users])))


def test_a_forecast_task_table_names_its_bad_steps_and_labels(rfm, users):
    pd = pytest.importorskip("pandas")
    steps = {"FORECAST_STEP": [1, 3, 1, 2], "TARGET": [1.0, 2.0, 3.0, 4.0]}
    refused(rfm, FORECAST, table(users, **steps), "FORECAST_STEP", "3", "1..2")
    refused(rfm, FORECAST, table(users, FORECAST_STEP=[1, 2, 1, 2], TARGET=["a"] * 4), "forecasting", "numbers")
    good = table(users, FORECAST_STEP=[1, 2, 1, 2], TARGET=[1.0, 2.0, 3.0, 4.0])
    as_frame = rfm.evaluate(FORECAST, task_table=pd.DataFrame(good.to_pydict()), context_size=60)
    assert as_frame.n == 4 and as_frame.metrics == rfm.evaluate(FORECAST, task_table=good, context_size=60).metrics


def test_a_table_that_is_no_table_or_a_frame_arrow_cannot_read_is_refused(rfm, users):
    pd = pytest.importorskip("pandas")
    mixed = pd.DataFrame({"user_id": [users[0], "x"], "ts": [ANCHOR] * 2})
    refused(rfm, SPEND, mixed, "pandas.DataFrame", "cannot be read as Arrow", "one type")
    refused(rfm, SPEND, [users[0], users[1]], "must be a pyarrow.Table or a pandas or polars DataFrame", "list")
    refused(rfm, FORECAST, [users[0]], "must be a pyarrow.Table")  # the forecast path reads it the same way


def test_repeated_examples_are_refused_with_or_without_labels(rfm, users):
    """Repeats were scored once without labels but twice with them; now both are refused, naming one."""
    twice = [users[0], users[0], users[1]]
    refused(rfm, SPEND, table(twice), "repeats 1 example", f"user_id {users[0]!r}", "SELECT DISTINCT")
    refused(rfm, SPEND, table(twice, TARGET=[1.0, 2.0, 3.0]), "repeats 1 example", "one label per example")
    steps = table([users[0]] * 3, FORECAST_STEP=[1, 2, 2], TARGET=[1.0, 2.0, 2.0])
    refused(rfm, FORECAST, steps, "repeats 1 example", "FORECAST_STEP 2")
    each_step = table([users[0]] * 2, FORECAST_STEP=[1, 2], TARGET=[1.0, 2.0])  # one example per step: fine
    assert rfm.evaluate(FORECAST, task_table=each_step, context_size=60).n == 2


def test_anchor_times_held_as_text_are_named_as_such(rfm, users):
    text = pa.table({"user_id": users, "ts": ["2024-06-01"] * len(users)})
    refused(rfm, SPEND, text, "ts (string)", "cast the anchor column to a timestamp")
