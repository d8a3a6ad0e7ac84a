"""`rfm-sql bench --full-baseline` on a small task folder built from the demo shop (data/README.md's format):
lightgbm_full gives a number for every task type, its train rows' features are point in time, and a folder or
split it cannot train on is a UserError."""

import datetime as dt
import json

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest

import rfm_sql
from rfm_sql import bench, bench_full, demo
from rfm_sql.cli import main
from rfm_sql.compile.candidates import CLASS
from rfm_sql.compile.sqlutil import ANCHOR, ENTITY
from rfm_sql.errors import UserError
from rfm_sql.runtime.context import feature_query, featurise
from rfm_sql.runtime.options import RunOptions
from rfm_sql.runtime.pairs import featurise_pairs, pair_features

ACTIVE = "WHERE COUNT(orders.*, -90, 0, days) > 0"
TASKS = {
    "churn": f"PREDICT COUNT(orders.*, 0, 30, days) = 0 FOR EACH users.user_id {ACTIVE}",
    "spend": f"PREDICT SUM(orders.amount, 0, 30, days) FOR EACH users.user_id {ACTIVE}",
    "channel": f"PREDICT FIRST(orders.channel, 0, 30, days) FOR EACH users.user_id {ACTIVE}",  # 3 classes, over a window: pairs
    "next-item": f"PREDICT FIRST(orders.item_id, 0, 30, days) FOR EACH users.user_id {ACTIVE}",  # 40: pairs
    "items": f"PREDICT LIST_DISTINCT(orders.item_id, 0, 30, days) RANK TOP 5 FOR EACH users.user_id {ACTIVE} "
    "ASSUMING COUNT(orders.*, 0, 30, days) > 0",
    "orders": f"PREDICT COUNT(orders.*, 0, 30, days) FORECAST 2 TIMEFRAMES FOR EACH users.user_id {ACTIVE}",
}
SCHEMA = {
    "users": {"pkey": "user_id", "fkeys": {}, "time_col": "signup_time"},
    "items": {"pkey": "item_id", "fkeys": {}, "time_col": None},
    "orders": {"pkey": "order_id", "fkeys": {"user_id": "users", "item_id": "items"}, "time_col": "ordered_at"},
    "reviews": {"pkey": "review_id", "fkeys": {"user_id": "users", "item_id": "items"}, "time_col": "created_at"},
}
SPLITS = {
    "train": [dt.datetime(2023, 3, 1) + dt.timedelta(days=20 * i) for i in range(17)],
    "val": [dt.datetime(2024, 3, 1), dt.datetime(2024, 4, 1)],
    "test": [dt.datetime(2024, 6, 1), dt.datetime(2024, 7, 1)],
}


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    """The demo shop as Parquet tables, schema.json and one task folder per entry of TASKS."""
    path = tmp_path_factory.mktemp("shop")
    con = duckdb.connect()
    demo.build(con, n_users=300, n_items=40)
    for name in SCHEMA:
        table = con.table(name).to_arrow_table()
        if name == "orders":  # a categorical column for a multiclass target: mostly the user's own channel
            user, order = table.column("user_id").to_numpy(), table.column("order_id").to_numpy()
            channel = np.array(["web", "app", "store"])[(user + (order % 5 == 0)) % 3]
            table = table.append_column("channel", pa.array(channel))
        pq.write_table(table, path / f"{name}.parquet")
    (path / "schema.json").write_text(json.dumps({"tables": SCHEMA}))
    rfm = rfm_sql.attach_folder(duckdb.connect(), path, views=True)
    for task, query in TASKS.items():
        (path / "tasks" / task).mkdir(parents=True)
        for split, anchors in SPLITS.items():
            labels = rfm.labels(query, anchor_time=anchors)
            table = pa.table(
                {"timestamp": labels.column(ANCHOR), "user_id": labels.column(ENTITY)}
                | ({"FORECAST_STEP": labels.column("FORECAST_STEP")} if "FORECAST_STEP" in labels.column_names else {})
                | {"label": labels.column("TARGET")}
            )
            pq.write_table(table, path / "tasks" / task / f"{split}.parquet")
    return path


@pytest.mark.parametrize("task", list(TASKS))
def test_full_baseline_gives_a_number(folder, task):
    result = bench.run(folder, task, TASKS[task], context_size=100, progress=False, full_baseline=True)
    value = result["results"]["lightgbm_full"]
    value = value["mae"] if isinstance(value, dict) else value  # a forecast: overall and per-step metrics
    assert np.isfinite(value)
    if result["higher_is_better"]:
        assert 0 <= value <= 1
    trained = result["trained"]["lightgbm_full"]
    assert trained["stopped_on"] == "val" and trained["train_rows"] > 0 and trained["valid_rows"] > 0
    assert result["seconds"]["lightgbm_full"] >= 0
    assert ("train_pairs" in trained) == (task in ("channel", "next-item", "items"))  # pair-scored: trained on candidate pairs
    if task == "channel":
        assert result["metric"] == "accuracy"


def _up_to(folder, t: dt.datetime) -> duckdb.DuckDBPyConnection:
    """A connection whose tables hold only the rows of `folder` with time <= t (untimed tables whole)."""
    con = duckdb.connect()
    for name, spec in SCHEMA.items():
        table = pq.read_table(folder / f"{name}.parquet")
        if spec["time_col"]:
            table = table.filter(pc.less_equal(table.column(spec["time_col"]), pa.scalar(t, pa.timestamp("us"))))
        con.register(name, table)
    return con


def _rows_at(truth: pa.Table, t: dt.datetime) -> pa.Table:
    return truth.filter(pc.equal(truth.column(ANCHOR), pa.scalar(t, truth.schema.field(ANCHOR).type)))


@pytest.mark.parametrize("task", ["churn", "items"])
def test_train_features_are_point_in_time(folder, task):
    """Each train row's features, computed as lightgbm_full computes them from the whole folder, equal the same
    SQL's on a copy that has no row after that row's anchor: no feature reads a row after it."""
    rfm = rfm_sql.attach_folder(duckdb.connect(), folder, views=True)
    vq = rfm.resolve(TASKS[task])
    with rfm.con.cursor() as cur:
        train, _, _ = bench_full.splits(cur, vq, rfm.graph, folder, task, "test")
        if task == "items":
            fq = pair_features(vq, rfm.graph, RunOptions(), None)
            full = featurise_pairs(cur, fq, train)
        else:
            fq = feature_query(vq, rfm.graph)
            full = featurise(cur, fq, train)
    anchors = sorted(set(train.column(ANCHOR).to_pylist()))
    for t in anchors[:: len(anchors) // 3]:  # a few anchors, early to late
        rows = _rows_at(train, t)
        cur = _up_to(folder, t)
        if task == "items":
            keys = [(ENTITY, "ascending"), (CLASS, "ascending")]
            got = featurise_pairs(cur, fq, rows).sort_by(keys)
            want = _rows_at(full, t).sort_by(keys)
            assert got.num_rows == want.num_rows > 0
            columns = {k: (got.column(k).to_pylist(), want.column(k).to_pylist()) for k in fq.kinds}
        else:
            got = featurise(cur, fq, rows)
            at = np.flatnonzero(pc.equal(train.column(ANCHOR), pa.scalar(t, train.schema.field(ANCHOR).type)))
            columns = {k: (list(got[k]), list(full[k][at])) for k in fq.kinds}
        for name, (a, b) in columns.items():
            a, b = np.array(a, dtype=object), np.array(b, dtype=object)
            same = [(x is None and y is None) or x == y or (x != x and y != y) for x, y in zip(a, b, strict=True)]
            assert all(same), f"{name} at {t} reads rows after the anchor"


def test_full_baseline_user_errors(folder, tmp_path, capsys):
    query = TASKS["churn"]
    lonely = tmp_path / "lonely"
    (lonely / "tasks" / "churn").mkdir(parents=True)
    for item in folder.iterdir():
        if item.suffix in (".parquet", ".json"):
            (lonely / item.name).symlink_to(item)
    (lonely / "tasks" / "churn" / "test.parquet").symlink_to(folder / "tasks" / "churn" / "test.parquet")
    with pytest.raises(UserError, match=r"train\.parquet and val\.parquet are missing"):
        bench.run(lonely, "churn", query, full_baseline=True, progress=False)
    with pytest.raises(UserError, match="cannot score it"):
        bench.run(folder, "churn", query, split="train", full_baseline=True, progress=False)
    assert main(["bench", str(lonely), "churn", "--query", query, "--full-baseline"]) == 2
    assert "--full-baseline trains LightGBM on" in capsys.readouterr().err
