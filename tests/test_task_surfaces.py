"""RANK TOP, CLASSIFY, FORECAST, a multiclass target beyond the class slots, and EXPLAIN of each, on every
surface (Python, SQL, the CLI) of the demo database: the documented columns, explanations that read out the
prediction, and a backtest picture per task type."""

from pathlib import Path

import duckdb
import pytest

import rfm_sql
from rfm_sql import demo, plots
from rfm_sql.cli import main
from rfm_sql.errors import UserError

RANK = "PREDICT LIST_DISTINCT(orders.item_id, 0, 30, days) RANK TOP 3 FOR EACH users.user_id"
LABELS = "PREDICT LIST_DISTINCT(orders.item_id, 0, 30, days) CLASSIFY FOR EACH users.user_id"
FORECAST = "PREDICT SUM(orders.amount, 0, 30, days) FORECAST 3 TIMEFRAMES FOR EACH users.user_id"
FIRST = "PREDICT FIRST(orders.item_id, 0, 30, days) FOR EACH users.user_id"  # 40 items: beyond the class slots
HEAD = ["ENTITY", "ANCHOR_TIMESTAMP"]
INPUTS = ["TABLE_NAME", "COLUMN_NAME", "FEATURE", "VALUE", "CONTRIBUTION"]
CASES = {  # query: (prediction columns, the column telling an entity's explained rows apart)
    RANK: (HEAD + ["CLASS", "SCORE", "RANK"], "CLASS"),
    LABELS: (HEAD + ["CLASS", "SCORE", "PREDICTED"], "CLASS"),
    FORECAST: (HEAD + ["FORECAST_STEP", "TARGET_PRED"], "FORECAST_STEP"),
    FIRST: (HEAD + ["CLASS", "SCORE", "PREDICTED"], "CLASS"),
}
SMALL = {"context_size": 100}


def one(pql: str, key: int = 42) -> str:
    return pql.replace("FOR EACH users.user_id", f"FOR users.user_id = {key}")


@pytest.mark.parametrize("pql", list(CASES))
def test_python_and_sql_columns_and_explanations(shop, pql):
    predicted, extra = CASES[pql]
    rfm = rfm_sql.attach(shop)
    prediction = rfm.predict(pql, entities=[5, 42], **SMALL)
    assert prediction.column_names == predicted and set(prediction.column("ENTITY").to_pylist()) == {5, 42}
    sql = shop.sql("SELECT * FROM rfm_predict(?, context_size := 100)", params=[one(pql)])
    assert sql.columns == predicted and {r[0] for r in sql.fetchall()} == {42}

    e = rfm.explain(pql, entity=[5, 42], **SMALL)
    assert e.contributions.column_names == HEAD + [extra] + INPUTS
    rows = e.contributions.to_pylist()
    keyed = extra == "FORECAST_STEP" or pql in (RANK, LABELS)  # several explained rows per entity
    for key, value in e.value.items():
        entity, which = key if keyed else (key, None)
        mine = [r for r in rows if r["ENTITY"] == entity and (which is None or r[extra] == which)]
        assert mine and sum(r["CONTRIBUTION"] for r in mine) == pytest.approx(value - e.base[key], abs=1e-4)
        assert e.summaries[key].startswith(f"users {entity}: ")
    # the number explained is the prediction's
    pred = prediction.to_pylist()
    if pql == RANK:  # each of the top 3 items, best first, read out as its SCORE
        assert sorted(e.value) == sorted((r["ENTITY"], r["CLASS"]) for r in pred)
        for r in pred:
            assert e.value[(r["ENTITY"], r["CLASS"])] == pytest.approx(r["SCORE"], abs=1e-5)
    elif pql == LABELS:  # the most likely labels, as probabilities
        score = {(r["ENTITY"], r["CLASS"]): r["SCORE"] for r in pred}
        assert len(e.value) == 6 and all(e.value[k] == pytest.approx(score[k], abs=1e-5) for k in e.value)
    elif pql == FORECAST:  # every step; the model's median before a count's rounding or clipping at 0
        assert sorted(e.value) == [(u, s) for u in (5, 42) for s in (1, 2, 3)]
        for r in pred:
            assert max(e.value[(r["ENTITY"], r["FORECAST_STEP"])], 0.0) == pytest.approx(r["TARGET_PRED"], abs=1e-4)
    else:  # the predicted class's pair score
        best = {r["ENTITY"]: str(r["CLASS"]) for r in pred if r["PREDICTED"]}
        assert {r["ENTITY"]: str(r["CLASS"]) for r in rows} == best and set(e.value) == {5, 42}
    near = e.neighbours.to_pylist()
    assert near and all(r["LABEL"] is not None for r in near)

    python = [tuple(r.values()) for r in e.contributions.to_pylist()]
    sql = shop.sql("SELECT * FROM rfm_explain(?, entity := [5, 42], context_size := 100)", params=[pql])
    assert sql.columns == HEAD + [extra] + INPUTS and sql.fetchall() == python
    prefixed = shop.sql("SELECT * FROM rfm_predict(?, context_size := 100)", params=["EXPLAIN " + one(pql)])
    assert prefixed.columns == HEAD + [extra] + INPUTS
    alone = [tuple(r.values()) for r in rfm.explain(pql, entity=42, **SMALL).contributions.to_pylist()]
    assert prefixed.fetchall() == alone and {r[0] for r in alone} == {42}


def test_item_and_step_choose_what_is_explained(shop):
    rfm = rfm_sql.attach(shop)
    ranked = rfm.predict(RANK, entities=[5], **SMALL).column("CLASS").to_pylist()
    e = rfm.explain(RANK, entity=5, item=ranked[2], **SMALL)
    assert set(e.contributions.column("CLASS").to_pylist()) == {ranked[2]} and list(e.value) == [(5, ranked[2])]
    sql = shop.sql(
        "SELECT DISTINCT CLASS FROM rfm_explain(?, entity := 5, item := ?, context_size := 100)",
        params=[RANK, ranked[1]],
    )
    assert sql.fetchall() == [(ranked[1],)]
    e = rfm.explain(FORECAST, entity=5, step=2, **SMALL)
    assert set(e.contributions.column("FORECAST_STEP").to_pylist()) == {2}
    assert set(e.neighbours.column("CONTEXT_FORECAST_STEP").to_pylist()) == {2}  # compared within the step
    sql = shop.sql(
        "SELECT DISTINCT FORECAST_STEP FROM rfm_explain(?, entity := 5, step := 3, context_size := 100)",
        params=[FORECAST],
    )
    assert sql.fetchall() == [(3,)]


def test_item_and_step_mistakes(shop):
    rfm = rfm_sql.attach(shop)
    with pytest.raises(UserError, match=r"step must be a whole number from 1 to 3") as info:
        rfm.explain(FORECAST, entity=5, step=4, **SMALL)
    assert info.value.param == "step"
    with pytest.raises(UserError, match=r"step= chooses a step of a forecast") as info:
        rfm.explain(RANK, entity=5, step=1, **SMALL)
    assert info.value.param == "step"
    with pytest.raises(UserError, match=r"item= chooses which item or label") as info:
        rfm.explain(FORECAST, entity=5, item=3, **SMALL)
    assert info.value.param == "item"
    with pytest.raises(UserError, match=r"users 5 has no candidate 99999 .*\(its best: ") as info:
        rfm.explain(RANK, entity=5, item=99999, **SMALL)
    assert info.value.param == "item"
    with pytest.raises(duckdb.Error, match="no candidate 99999"):
        shop.sql(
            "SELECT * FROM rfm_explain(?, entity := 5, item := 99999, context_size := 100)", params=[RANK]
        ).fetchall()


@pytest.fixture(scope="module")
def shop_file(tmp_path_factory) -> str:
    path = str(tmp_path_factory.mktemp("shop") / "shop.duckdb")
    with duckdb.connect(path) as con:
        demo.build(con, n_users=300, n_items=40)
    return path


@pytest.mark.parametrize("pql", list(CASES))
def test_cli_columns_explanations_and_pictures(shop_file, pql, tmp_path, capsys):
    predicted, extra = CASES[pql]
    assert main(["predict", shop_file, pql, "--entities", "5,42", "--context-size", "100"]) == 0
    out = capsys.readouterr().out
    assert out.split()[: len(predicted)] == predicted
    assert main(["explain", shop_file, pql, "--entity", "42", "--context-size", "100", "--limit", "3"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("users 42: ")
    table = out.split("contributions (largest first):\n", 1)[1]
    assert table.split()[:8] == HEAD + [extra] + INPUTS
    if not plots.available():
        pytest.skip("pictures need matplotlib: pip install 'rfm-sql[plot]'")
    png = tmp_path / "out.png"
    assert main(["evaluate", shop_file, pql, "--context-size", "100", "--plot", str(png)]) == 0
    assert f"wrote the backtest's picture to {png}" in capsys.readouterr().out
    assert Path(png).read_bytes().startswith(b"\x89PNG\r\n\x1a\n")


def test_cli_step_mistake(shop_file, capsys):
    assert main(["explain", shop_file, FORECAST, "--entity", "5", "--step", "7", "--context-size", "100"]) == 2
    assert "step must be a whole number from 1 to 3" in capsys.readouterr().err
