"""A backtest of the means a number is predicted with (`point="mean"`), from Python, SQL (the EVALUATE prefix),
the command line and the MCP server: the metrics are those of `predict(point="mean")` at the backtest's anchor,
and asking it of a target that is not a number is refused, naming the argument."""

import asyncio

import duckdb
import numpy as np
import pytest

import rfm_sql
from rfm_sql import demo, mcp_server
from rfm_sql.cli import main
from rfm_sql.errors import UserError

SPEND = "PREDICT SUM(orders.amount, 0, 30, days) FOR EACH users.user_id"
CHURN = "PREDICT COUNT(orders.*, 0, 30, days) = 0 FOR EACH users.user_id"


@pytest.fixture(scope="module")
def shop_file(tmp_path_factory):
    db = tmp_path_factory.mktemp("means") / "shop.duckdb"
    with duckdb.connect(str(db)) as con:
        demo.build(con, n_users=200, n_items=30)
    return db


def test_a_backtest_scores_the_means_as_predict_gives_them(shop_file):
    rfm = rfm_sql.attach(duckdb.connect(str(shop_file), read_only=True))
    means = rfm.evaluate(SPEND, context_size=150, point="mean")
    medians = rfm.evaluate(SPEND, context_size=150)
    anchor = means.results[0].anchor
    pred = rfm.predict(SPEND, anchor_time=anchor, context_size=150, point="mean").to_pylist()
    truth = {r["ENTITY"]: r["TARGET"] for r in rfm.labels(SPEND, anchor_time=anchor).to_pylist()}
    errors = [abs(r["TARGET_PRED"] - truth[r["ENTITY"]]) for r in pred if r["ENTITY"] in truth]
    assert means.metrics["mae"] == pytest.approx(np.mean(errors)) and means.metrics != medians.metrics
    for sql in (
        f"SELECT metric, value FROM rfm_predict('EVALUATE {SPEND}', context_size := 150, point := 'mean')",
        f"SELECT metric, value FROM rfm_evaluate('{SPEND}', context_size := 150, point := 'mean')",
    ):
        assert dict(rfm.con.sql(sql).fetchall()) == pytest.approx(means.metrics)
    with pytest.raises(UserError, match="point= applies to the predictions of a regression") as e:
        rfm.evaluate(CHURN, point="mean")
    assert e.value.param == "point"
    with pytest.raises(duckdb.Error, match="applies to the predictions of a regression"):
        rfm.con.sql(f"SELECT * FROM rfm_evaluate('{CHURN}', point := 'mean')").fetchall()


def test_the_command_line_and_the_mcp_server_take_it(shop_file, capsys):
    assert main(["evaluate", str(shop_file), SPEND, "--context-size", "150", "--point", "mean"]) == 0
    rfm = rfm_sql.attach(duckdb.connect(str(shop_file), read_only=True))
    mae = rfm.evaluate(SPEND, context_size=150, point="mean").metrics["mae"]
    assert f"{mae:.4f}" in capsys.readouterr().out
    assert main(["evaluate", str(shop_file), CHURN, "--point", "mean"]) == 2
    assert "--point applies to the predictions of a regression" in capsys.readouterr().err
    pytest.importorskip("mcp", reason="the MCP tests need the mcp SDK: pip install 'rfm-sql[mcp]'")
    server = mcp_server.build(rfm)
    result = asyncio.run(server.call_tool("evaluate", {"query": SPEND, "context_size": 150, "point": "mean"}))
    content = result[0] if isinstance(result, tuple) else result
    text = getattr(content, "content", content)[0].text  # the MCP's cells drop trailing zeros (47.006)
    (shown,) = [line.split()[1] for line in text.splitlines() if line.split()[:1] == ["mae"]]
    assert float(shown) == pytest.approx(mae, abs=5e-4)
