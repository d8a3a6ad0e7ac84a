"""Explanations on every surface: Python, SQL rfm_explain, the EXPLAIN prefix, and rfm-sql explain."""

import duckdb
import pytest

import rfm_sql
from rfm_sql import demo
from rfm_sql.cli import main

CHURN = "PREDICT COUNT(orders.*, 0, 30, days) = 0 FOR EACH users.user_id"
COLUMNS = ["ENTITY", "ANCHOR_TIMESTAMP", "TABLE_NAME", "COLUMN_NAME", "FEATURE", "VALUE", "CONTRIBUTION"]


def test_sql_and_prefix_return_the_python_contributions(shop):
    rfm = rfm_sql.attach(shop)
    python = [tuple(r.values()) for r in rfm.explain(CHURN, entity=42).contributions.to_pylist()]
    sql = shop.sql("SELECT * FROM rfm_explain(?, entity := 42)", params=[CHURN])
    assert sql.columns == COLUMNS and sql.fetchall() == python and python
    prefixed = "EXPLAIN PREDICT COUNT(orders.*, 0, 30, days) = 0 FOR users.user_id = 42"
    rows = shop.sql("SELECT * FROM rfm_predict(?)", params=[prefixed])
    assert rows.columns == COLUMNS and rows.fetchall() == python
    # from a cursor, with options
    cur = shop.cursor()
    seeded = cur.sql(
        "SELECT TABLE_NAME, COLUMN_NAME FROM rfm_sql.rfm_explain(?, entity := '42', anchor_time := '2024-06-01', "
        "seed := 1)",
        params=[CHURN],
    ).fetchall()
    # a database table's column, or the anchor's time of year where the context holds last year's season
    tables = ("users", "orders", "reviews", "items", "ANCHOR_TIMESTAMP")
    assert seeded and all(t in tables for t, _ in seeded)
    several = shop.sql("SELECT DISTINCT ENTITY FROM rfm_explain(?, entity := [5, 42]) ORDER BY 1", params=[CHURN])
    assert several.fetchall() == [(5,), (42,)]


def test_sql_mistakes(shop):
    rfm_sql.attach(shop)
    with pytest.raises(duckdb.Error, match="entity := 42"):
        shop.sql("SELECT * FROM rfm_explain(?)", params=[CHURN]).fetchall()
    with pytest.raises(duckdb.Error, match="No users with user_id"):
        shop.sql("SELECT * FROM rfm_explain(?, entity := 123456)", params=[CHURN]).fetchall()
    with pytest.raises(duckdb.Error, match="FOR EACH users.user_id"):
        shop.sql("SELECT * FROM rfm_predict(?)", params=["EXPLAIN " + CHURN]).fetchall()


def test_cli_explain(tmp_path, capsys):
    path = str(tmp_path / "shop.duckdb")
    with duckdb.connect(path) as con:
        demo.build(con, n_users=200, n_items=30)
    assert main(["explain", path, CHURN, "--entity", "42", "--limit", "5"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("users 42: ") and "contributions (largest first):" in out
    assert "context examples it leaned on most:" in out and "CONTEXT_ENTITY" in out and "CONTRIBUTION" in out
    assert main(["explain", path, CHURN]) == 2
    assert "--entity 42" in capsys.readouterr().err
    assert main(["explain", path, CHURN, "--entity", "99999"]) == 2
    assert "No users with user_id in (99999)" in capsys.readouterr().err


def test_several_entities_are_explained_in_the_predictions_order(shop):
    # the summaries came in the order the rows were featurised in (3, 4, 7, 8, 11, 12, 1, 2, ...); now by key, as
    # the prediction lists them, and the contributions and neighbours in the same order
    rfm = rfm_sql.attach(shop)
    asked = [12, 3, 7, 1, 9, 2]
    explanation = rfm.explain(CHURN, entity=asked, context_size=300)
    said = [
        int(line.split(":")[0].split()[1]) for line in explanation.summary.splitlines() if line.startswith("users ")
    ]
    assert said == sorted(asked) == explanation.prediction.column("ENTITY").to_pylist()
    for table in (explanation.contributions, explanation.neighbours):
        assert list(dict.fromkeys(table.column("ENTITY").to_pylist())) == sorted(asked)
