"""`rfm-sql bench` warns when --query is not the task's: its own labels at the task table's anchors differ from
the table's (a flipped condition scored an AUROC of 0.18 without a word)."""

import warnings

import pyarrow as pa
import pytest

import rfm_sql
from rfm_sql.bench_check import check_query_matches
from rfm_sql.errors import RFMWarning

ACTIVE = "PREDICT COUNT(orders.*, 0, 30, days) > 0 FOR EACH users.user_id"


@pytest.fixture
def task(shop):
    rfm = rfm_sql.attach(shop)
    labels = rfm.labels(ACTIVE, anchor_time=["2024-03-01", "2024-06-01"])
    return rfm, pa.table({"ts": labels.column("ANCHOR_TIMESTAMP"), "user_id": labels.column("ENTITY"),
                          "active": labels.column("TARGET")})  # fmt: skip


def test_the_tasks_own_query_agrees_silently(task):
    rfm, table = task
    with warnings.catch_warnings():
        warnings.simplefilter("error", RFMWarning)
        assert check_query_matches(rfm, ACTIVE, table) == 1.0


@pytest.mark.parametrize(
    "query",
    [ACTIVE.replace("> 0", "= 0"), ACTIVE.replace("0, 30", "0, 7")],  # flipped; another window
)
def test_another_query_is_named(task, query):
    rfm, table = task
    with pytest.warns(RFMWarning, match=r"equal the task table's on \d+% .* check --query"):
        assert check_query_matches(rfm, query, table) < 0.95
