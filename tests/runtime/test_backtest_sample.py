"""A default backtest of a pair-scored target scores a bounded, seeded sample of the labelled examples; a task
table's rows, and one-row-per-example targets, are all scored."""

import datetime as dt

import pyarrow as pa

import rfm_sql
from rfm_sql.runtime import evaluate as evaluation

CHURN = "PREDICT COUNT(orders.*, 0, 30, days) = 0 FOR EACH users.user_id"
RANK = "PREDICT LIST_DISTINCT(orders.item_id, 0, 30, days) RANK TOP 5 FOR EACH users.user_id"
FORECAST = "PREDICT COUNT(orders.*, 0, 7, days) FORECAST 3 TIMEFRAMES FOR EACH users.user_id"


def _steps(n_entities: int, steps: int) -> pa.Table:
    t = dt.datetime(2024, 1, 1)
    rows = [(e, t, s) for e in range(n_entities) for s in range(1, steps + 1)]
    return pa.table({"ENTITY": [r[0] for r in rows], "ANCHOR_TIMESTAMP": [r[1] for r in rows], "FORECAST_STEP": [r[2] for r in rows]})


def test_sample_keeps_whole_examples_in_order_and_is_seeded():
    truth = _steps(25, 3)
    kept, population = evaluation.sample(truth, 10, seed=0)
    assert population == 25
    entities = kept.column("ENTITY").to_pylist()
    assert len(set(entities)) == 10 and kept.num_rows == 30  # every step of each kept example
    assert entities == sorted(entities)  # in the table's order
    assert kept.equals(evaluation.sample(truth, 10, seed=0)[0])
    assert not kept.equals(evaluation.sample(truth, 10, seed=1)[0])
    same, none = evaluation.sample(truth, 25, seed=0)
    assert same is truth and none is None


def test_a_default_pair_backtest_scores_a_sample_and_says_so(shop, monkeypatch):
    rfm = rfm_sql.attach(shop)
    full = rfm.evaluate(RANK)
    assert full.sampled_from is None and "sampled_from" not in full.to_dict()
    monkeypatch.setattr(evaluation, "BACKTEST_PAIR_EXAMPLES", 40)
    result = rfm.evaluate(RANK)
    assert result.sampled_from > 40 and 0 < result.n <= 40  # n: the sampled users with a label to rank
    assert result.to_dict()["sampled_from"] == result.sampled_from
    rows = shop.sql(result.to_sql()).fetchall()
    assert rows and all(f"a seeded sample of {result.n} of the {result.sampled_from}" in r[4] for r in rows)
    assert rfm.evaluate(RANK).metrics == result.metrics  # the same seed, the same sample
    assert rfm.evaluate(RANK, seed=3).metrics != result.metrics


def test_task_tables_and_one_row_targets_are_scored_whole(shop, monkeypatch):
    monkeypatch.setattr(evaluation, "BACKTEST_PAIR_EXAMPLES", 10)
    rfm = rfm_sql.attach(shop)
    churn = rfm.evaluate(CHURN)
    assert churn.n > 10 and churn.sampled_from is None
    assert rfm.evaluate(FORECAST).sampled_from is None
    anchor = churn.last_anchor
    table = pa.table({"ENTITY": list(range(1, 301)), "ANCHOR_TIMESTAMP": [anchor] * 300})
    ranked = rfm.evaluate(RANK, task_table=table)
    assert ranked.n > 10 and ranked.sampled_from is None
