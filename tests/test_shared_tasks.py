"""On the evaluation databases, the PQL of MODEL.md defines exactly the RelBench task tables."""

import duckdb
import pyarrow.parquet as pq
import pytest

import rfm_sql
from tests.conftest import shared_db

TASKS = {
    ("f1", "driver-dnf"): "PREDICT COUNT(results.* WHERE results.statusId != 1, 0, 30, days) > 0 "
    "FOR EACH drivers.driverId ASSUMING COUNT(results.*, 0, 30, days) > 0",
    ("f1", "driver-top3"): "PREDICT MIN(qualifying.position, 0, 30, days) <= 3 FOR EACH drivers.driverId "
    "ASSUMING COUNT(qualifying.*, 0, 30, days) > 0",
    ("f1", "driver-position"): "PREDICT AVG(results.positionOrder, 0, 60, days) FOR EACH drivers.driverId",
    ("movielens-small", "user-active"): "PREDICT COUNT(ratings.*, 0, 90, days) > 0 FOR EACH users.userId "
    "WHERE COUNT(ratings.*, -365, 0, days) > 0",
    ("movielens-small", "movie-ratings"): "PREDICT COUNT(ratings.*, 0, 180, days) FOR EACH movies.movieId "
    "WHERE COUNT(ratings.*, -365, 0, days) > 0",
    ("movielens-small", "user-avg-rating"): "PREDICT AVG(ratings.rating, 0, 90, days) FOR EACH users.userId "
    "WHERE COUNT(ratings.*, -INF, 0, days) > 0",
}


@pytest.fixture(scope="module")
def sessions():
    out = {}
    for name in ("f1", "movielens-small"):
        path = shared_db(name)
        out[name] = rfm_sql.attach_folder(duckdb.connect(), path, views=True)
    return out


@pytest.mark.parametrize("split", ["val", "test"])
@pytest.mark.parametrize("db, task", list(TASKS), ids=[t for _, t in TASKS])
def test_labels_equal_the_task_table(sessions, db, task, split):
    table = pq.read_table(shared_db(db) / "tasks" / task / f"{split}.parquet")
    time_col, entity_col, label_col = table.column_names
    want = {(r[entity_col], r[time_col]): r[label_col] for r in table.to_pylist()}
    anchors = sorted({t for _, t in want})
    got = {
        (r["ENTITY"], r["ANCHOR_TIMESTAMP"]): r["TARGET"]
        for r in sessions[db].labels(TASKS[db, task], anchor_time=anchors).to_pylist()
    }
    assert got.keys() == want.keys()
    assert all(abs(float(got[k]) - float(want[k])) < 1e-9 for k in want)
