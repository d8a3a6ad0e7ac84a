"""A backtest's predictions beside their truth (`Evaluation.predictions()`, `rfm-sql evaluate --output`): one row per
example the metrics scored, so the metrics computed from the rows are the backtest's own."""

import json

import duckdb
import numpy as np
import pyarrow.csv as pcsv
import pyarrow.parquet as pq
import pytest

import rfm_sql
from rfm_sql.cli import main
from rfm_sql.demo import build

ANCHORS = ["2024-03-01", "2024-04-01"]
ACTIVE = "PREDICT COUNT(orders.*, 0, 30, days) > 0 FOR EACH users.user_id"
SPEND = "PREDICT SUM(orders.amount, 0, 30, days) FOR EACH users.user_id"
NEXT_ITEMS = "PREDICT LIST_DISTINCT(orders.item_id, 0, 30, days) RANK TOP 3 FOR EACH users.user_id"
WEEKLY = "PREDICT COUNT(orders.*, 0, 7, days) FORECAST 2 TIMEFRAMES FOR EACH items.item_id"


@pytest.fixture(scope="module")
def shop_file(tmp_path_factory):
    db = tmp_path_factory.mktemp("shop") / "shop.duckdb"
    with duckdb.connect(str(db)) as con:
        build(con, n_users=200, n_items=20)
    return db


@pytest.fixture(scope="module")
def rfm(shop_file):
    return rfm_sql.attach(duckdb.connect(str(shop_file), read_only=True))


def _auroc(y: np.ndarray, p: np.ndarray) -> float:
    """Mann-Whitney: the share of (positive, negative) pairs the scores order right, ties half."""
    pos, neg = p[y], p[~y]
    right = (pos[:, None] > neg[None, :]).sum() + 0.5 * (pos[:, None] == neg[None, :]).sum()
    return float(right / (len(pos) * len(neg)))


def test_binary_and_regression_rows_give_the_backtests_metrics(rfm):
    ev = rfm.evaluate(ACTIVE, anchor_time=ANCHORS, context_size=200)
    rows = ev.predictions()
    assert rows.column_names == ["ENTITY", "ANCHOR_TIMESTAMP", "TARGET", "TARGET_PRED", "True_PROB"]
    assert rows.num_rows == ev.n and len(set(rows.column("ANCHOR_TIMESTAMP").to_pylist())) == 2
    y, p = np.array(rows.column("TARGET").to_pylist()), rows.column("True_PROB").to_numpy()
    assert _auroc(y, p) == pytest.approx(ev.metrics["auroc"])
    assert np.mean(np.array(rows.column("TARGET_PRED").to_pylist()) == y) == pytest.approx(ev.metrics["accuracy"])
    ev = rfm.evaluate(SPEND, anchor_time=ANCHORS, context_size=200)
    rows = ev.predictions()
    error = np.abs(rows.column("TARGET").to_numpy().astype(float) - rows.column("TARGET_PRED").to_numpy())
    assert rows.num_rows == ev.n and error.mean() == pytest.approx(ev.metrics["mae"])


def test_a_ranking_row_holds_the_true_list_and_the_top_k_and_a_forecast_row_its_step(rfm):
    ev = rfm.evaluate(NEXT_ITEMS, anchor_time=ANCHORS[0], context_size=200)
    rows = ev.predictions().to_pylist()
    assert len(rows) == ev.n
    labels = {r["ENTITY"]: r["TARGET"] for r in rfm.labels(NEXT_ITEMS, anchor_time=ANCHORS[0]).to_pylist()}
    for r in rows:
        assert sorted(r["TARGET"]) == sorted(labels[r["ENTITY"]]) and 0 < len(r["TARGET_PRED"]) <= 3
        assert len(set(r["TARGET_PRED"])) == len(r["TARGET_PRED"])
    recall = np.mean([len(set(r["TARGET"]) & set(r["TARGET_PRED"])) / len(set(r["TARGET"])) for r in rows])
    assert recall == pytest.approx(ev.metrics["recall@k"])
    ev = rfm.evaluate(WEEKLY, anchor_time=ANCHORS[0], context_size=200)
    rows = ev.predictions()
    assert rows.column_names == ["ENTITY", "ANCHOR_TIMESTAMP", "FORECAST_STEP", "TARGET", "TARGET_PRED"]
    assert set(rows.column("FORECAST_STEP").to_pylist()) == {1, 2}
    error = np.abs(rows.column("TARGET").to_numpy().astype(float) - rows.column("TARGET_PRED").to_numpy())
    assert error.mean() == pytest.approx(ev.metrics["mae"])


def test_evaluate_writes_its_rows_to_a_file_and_refuses_what_predict_refuses(shop_file, tmp_path, capsys):
    out = tmp_path / "backtest.parquet"
    args = ["evaluate", str(shop_file), ACTIVE, "--context-size", "200", "--anchor-time", ANCHORS[0]]
    assert main([*args, "--output", str(out)]) == 0
    assert "predictions beside their truth" in capsys.readouterr().out
    assert pq.read_table(out).column_names[:4] == ["ENTITY", "ANCHOR_TIMESTAMP", "TARGET", "TARGET_PRED"]
    assert main([*args, "--output", str(out)]) == 2  # it exists: refused before any work
    assert "Pass --replace to overwrite it" in capsys.readouterr().err
    assert main([*args, "--replace"]) == 2
    assert "--replace only applies with --output FILE" in capsys.readouterr().err
    assert main([*args, "--output", str(shop_file)]) == 2  # never the database itself
    # CSV has no lists: a ranking's lists are written as JSON text, and no hidden half file is left
    csv = tmp_path / "ranking.csv"
    ranking = ["evaluate", str(shop_file), NEXT_ITEMS, "--context-size", "200", "--anchor-time", ANCHORS[0]]
    assert main([*ranking, "--output", str(csv)]) == 0
    first = pcsv.read_csv(csv).to_pylist()[0]
    assert isinstance(json.loads(first["TARGET"]), list) and 0 < len(json.loads(first["TARGET_PRED"])) <= 3
    assert sorted(p.name for p in tmp_path.iterdir()) == ["backtest.parquet", "ranking.csv"]
