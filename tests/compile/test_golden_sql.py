"""Golden files: PQL in, the exact label SQL out. RFM_UPDATE_GOLDEN=1 rewrites them after a deliberate
change (review the diff)."""

import datetime as dt
import os
from pathlib import Path

import pytest

import rfm_sql
from rfm_sql.demo import _DDL

GOLDEN = Path(__file__).parent / "golden" / "labels"
CASES = [
    tuple(part.strip() for part in line.split("|", 1))
    for line in (GOLDEN / "cases.txt").read_text().splitlines()
    if line.strip() and not line.startswith("#")
]
ANCHOR = dt.datetime(2024, 6, 1)


@pytest.fixture(scope="module")
def rfm_and_con():
    import duckdb

    con = duckdb.connect()
    for ddl in _DDL:
        con.execute(ddl).fetchall()
    return rfm_sql.attach(con), con


@pytest.mark.parametrize("name, query", CASES, ids=[c[0] for c in CASES])
def test_golden_label_sql(rfm_and_con, name, query):
    rfm, con = rfm_and_con
    sql = rfm.labels_sql(query, ANCHOR, pretty=True) + "\n"
    path = GOLDEN / f"{name}.sql"
    if os.environ.get("RFM_UPDATE_GOLDEN") == "1":
        path.write_text(f"-- {query}\n{sql}")
    assert path.exists(), f"no golden file {path.name}: run with RFM_UPDATE_GOLDEN=1 and review it"
    assert path.read_text() == f"-- {query}\n{sql}"
    con.execute(sql).fetchall()  # and it runs


def test_golden_cases_cover_every_construct():
    text = " ".join(q for _, q in CASES)
    for construct in [
        "COUNT(",
        "COUNT_DISTINCT(",
        "SUM(",
        "AVG(",
        "MIN(",
        "MAX(",
        "FIRST(",
        "LAST(",
        "LIST_DISTINCT(",
        " WHERE ",
        "ASSUMING",
        "-INF",
        " AND ",
        " OR ",
        "NOT ",
        " IN (",
        "LIKE",
        "CONTAINS",
        "STARTS WITH",
        "ENDS WITH",
        "IS NULL",
        "IS NOT NULL",
        "RANK TOP",
        "FORECAST",
        "CLASSIFY",
        "seconds",
        "minutes",
        "hours",
        "days",
        "weeks",
        "months",
        "FOR EACH",
        "FOR users.user_id =",
    ]:
        assert construct in text, construct
