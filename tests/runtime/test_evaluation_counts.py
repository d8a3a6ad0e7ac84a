"""What a backtest reports: only metrics that fit the task type, `n` the rows each metric was computed on, and a
link prediction's k rows per entity (found by an audit: each of these returned a plausible, meaningless number)."""

import collections
import datetime as dt
import warnings

import duckdb
import pyarrow as pa
import pytest

import rfm_sql
from rfm_sql.errors import RFMWarning, UserError
from rfm_sql.runtime.backtest_notes import off_rate, pooled_apart

AT = dt.datetime(2024, 10, 15, 13, 37)
LINK = "PREDICT LIST_DISTINCT(orders.item_id, 0, 30, days) RANK TOP 5 FOR EACH users.user_id"
LABELS = "PREDICT LIST_DISTINCT(orders.item_id, 0, 30, days) CLASSIFY FOR EACH users.user_id"


@pytest.fixture
def rfm(shop):
    return rfm_sql.attach(shop)


@pytest.mark.parametrize(
    "pql, metric",
    [
        ("PREDICT users.segment FOR EACH users.user_id", "map@k"),  # class names read as sets of characters
        ("PREDICT users.segment FOR EACH users.user_id", "f1_micro"),
        ("PREDICT COUNT(orders.*, 0, 30, days) > 0 FOR EACH users.user_id", "mae"),  # 1 - accuracy by another name
        (LINK, "accuracy"),
        (LABELS, "recall@k"),
    ],
)
def test_a_metric_of_another_task_type_is_refused(rfm, pql, metric):
    with pytest.raises(UserError, match=f"Metric '{metric}' does not apply; for .* tasks use"):
        rfm.evaluate(pql, metrics=[metric], context_size=60)


@pytest.mark.parametrize("pql", [LINK, LABELS])
def test_task_table_rows_without_a_list_label_are_left_out_of_metrics_and_n(rfm, pql):
    labelled = rfm.labels(pql, anchor_time=AT)
    have = set(labelled.column("ENTITY").to_pylist())
    others = [u for u in range(1, 301) if u not in have][:6]
    empty = pa.table(
        {
            "ENTITY": pa.array(others, labelled.schema.field("ENTITY").type),
            "ANCHOR_TIMESTAMP": pa.array([AT] * 6, pa.timestamp("us")),
            "TARGET": pa.array([None] * 3 + [[]] * 3, labelled.schema.field("TARGET").type),
        }
    )
    with pytest.warns(RFMWarning, match="6 of .* no usable label .*empty list"):
        padded = rfm.evaluate(pql, task_table=pa.concat_tables([labelled, empty]), context_size=60)
    alone = rfm.evaluate(pql, task_table=labelled, context_size=60)
    assert padded.n == alone.n == labelled.num_rows and padded.metrics == alone.metrics


def test_a_forecasts_per_step_metrics_carry_their_steps_rows(rfm, shop):
    pql = "PREDICT COUNT(orders.*, 0, 7, days) FORECAST 2 TIMEFRAMES FOR EACH users.user_id"
    rows = dict(shop.sql(f"SELECT metric, n FROM rfm_evaluate('{pql}', context_size := 60)").fetchall())
    assert rows["mae"] == 2 * rows["mae_step1"] == 2 * rows["mae_step2"] > 0


def test_rank_top_k_gives_k_rows_where_the_data_has_k_targets_and_says_when_not(rfm):
    def per_entity(k):
        table = rfm.predict(LINK.replace("TOP 5", f"TOP {k}"), anchor_time=AT, context_size=60)
        return set(collections.Counter(table.column("ENTITY").to_pylist()).values())

    with warnings.catch_warnings():
        warnings.simplefilter("error", RFMWarning)
        assert per_entity(30) == {30}  # 40 items; the popular source used to stop at 20
    with pytest.warns(RFMWarning, match="RANK TOP 45 returned fewer than 45 items"):
        assert max(per_entity(45)) < 45


def test_a_backtest_takes_several_anchors_at_once(rfm):
    """anchor_time=[...] as rfm.labels takes it: without it a multi-anchor backtest needed a hand-built task
    table; forecasts too."""
    churn = "PREDICT COUNT(orders.*, 0, 30, days) = 0 FOR EACH users.user_id WHERE COUNT(orders.*, -90, 0, days) > 0"
    at = ["2024-06-01", "2024-08-01", "2024-10-01"]
    evaluation = rfm.evaluate(churn, anchor_time=at, context_size=150)
    assert evaluation.anchors == 3 and evaluation.n == rfm.labels(churn, anchor_time=at).num_rows
    alone = rfm.evaluate(churn, anchor_time=at[1], context_size=150)
    assert alone.n == rfm.labels(churn, anchor_time=at[1]).num_rows < evaluation.n
    forecast = "PREDICT SUM(orders.amount, 0, 7, days) FORECAST 2 TIMEFRAMES FOR EACH users.user_id"
    assert rfm.evaluate(forecast, anchor_time=at[:2], context_size=150).anchors == 2
    with pytest.raises(UserError, match="anchor_time is an empty list"):
        rfm.evaluate(churn, anchor_time=[])


def test_an_auroc_on_a_handful_of_positives_says_so(rfm):
    # 2 positives of 160 gave an AUROC of 0.97 with nothing to say how loose it is
    rare = "PREDICT COUNT(orders.* WHERE orders.amount > 150, 0, 7, days) > 0 FOR EACH users.user_id"
    truth = rfm.labels(rare, anchor_time="2024-10-01").column("TARGET").to_pylist()
    assert 0 < sum(truth) < 10
    with pytest.warns(RFMWarning, match=rf"The AUROC rests on {sum(truth)} positive example"):
        evaluation = rfm.evaluate(rare, anchor_time="2024-10-01", context_size=150)
    assert "auroc" in evaluation.metrics
    # and said where a script or the SQL reads the backtest, not only as a Python warning (a home-services trial)
    assert any("The AUROC rests on" in w for w in evaluation.to_dict()["warnings"])
    with warnings.catch_warnings():
        warnings.simplefilter("error", RFMWarning)  # a backtest with classes enough says nothing of the kind
        rfm.evaluate("PREDICT COUNT(orders.*, 0, 30, days) > 0 FOR EACH users.user_id", context_size=150)


def test_a_backtest_whose_probabilities_are_far_from_its_rate_says_so(rfm):
    """A cloud host's late invoices: a mean probability of 0.38 where 0.96 were late (contexts at mid-month anchors,
    the scored ones on the 1st, when invoices come), and no word. Said where the mean and the rate are far apart
    beyond chance; a backtest whose probabilities follow its rate says nothing."""
    assert off_rate([True] * 186 + [False] * 8, [0.38] * 194).startswith("The predictions' mean probability (0.38)")
    assert off_rate([True] * 30 + [False] * 70, [0.32] * 100) is None  # close
    assert off_rate([True] * 2 + [False] * 18, [0.6] * 20) is None  # too few to tell
    assert off_rate([True] * 3 + [False] * 997, [0.2] * 1000) is not None  # far apart in odds
    churn = "PREDICT COUNT(orders.*, 0, 30, days) = 0 FOR EACH users.user_id WHERE COUNT(orders.*, -90, 0, days) > 0"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        evaluation = rfm.evaluate(churn, anchor_time=["2024-08-01", "2024-10-01"], context_size=150)
    assert not any("mean probability" in w for w in evaluation.warnings)


def test_an_anchor_whose_metric_is_undefined_is_said_so():
    """A dealership trial's recall visits had no positive at one of three anchors: its AUROC was missing from
    per_anchor with no word."""
    con = duckdb.connect()
    con.execute("CREATE TABLE users AS SELECT i AS user_id, TIMESTAMP '2023-06-01' AS joined_at FROM range(100) t(i)")
    con.execute(  # visits every 9 days per user, none in September 2024
        "CREATE TABLE visits AS SELECT row_number() OVER () AS visit_id, user_id, TIMESTAMP '2023-06-01' + "
        "to_days(CAST(k * 9 + user_id % 9 AS INTEGER)) AS visited_at FROM users, range(70) r(k) WHERE user_id % 4 = 0"
    )
    con.execute("DELETE FROM visits WHERE visited_at > TIMESTAMP '2024-09-01' AND visited_at <= TIMESTAMP '2024-10-01'")
    rfm = rfm_sql.attach(con)
    query = "PREDICT COUNT(visits.*, 0, 30, days) > 0 FOR EACH users.user_id"
    with pytest.warns(RFMWarning, match=r"Undefined at 2024-09-01 00:00:00 \(auroc: every label False\)"):
        evaluation = rfm.evaluate(query, anchor_time=["2024-06-01", "2024-09-01"], context_size=150)
    assert "auroc" not in evaluation.per_anchor["2024-09-01 00:00:00"]
    assert "auroc" in evaluation.per_anchor["2024-06-01 00:00:00"]


def test_a_pooled_auroc_outside_every_anchors_says_to_read_each_anchors():
    """A subscription-box trial's skips: 0.44 pooled against 0.49-0.52 at each anchor (the share of True 14% in June,
    6% in September), and no word; a pooled number inside the anchors' range says nothing."""
    per = {"2024-06-01": {"auroc": 0.515}, "2024-09-01": {"auroc": 0.485}, "2024-11-01": {"auroc": 0.521}}
    said = pooled_apart({"auroc": 0.44}, per)
    assert said is not None and "(0.440) lies outside every anchor's own (0.485 to 0.521)" in said
    assert pooled_apart({"auroc": 0.50}, per) is None
    assert pooled_apart({"auroc": 0.44}, {"2024-06-01": {"auroc": 0.5}}) is None  # one anchor: nothing pooled
    assert pooled_apart({"mae": 3.0}, {"a": {"mae": 1.0}, "b": {"mae": 2.0}}) is None
