"""A hierarchical model through the runtime: its ONNX stages agree with PyTorch, `rfm.predict` and
`rfm.evaluate` feed it each example's neighbour rows (point in time), and the paths that do not feed them
yet refuse it clearly rather than score without them (needs the [train] extra, to export one)."""

import datetime as dt

import duckdb
import numpy as np
import pyarrow as pa
import pytest

import rfm_sql
from rfm_sql.errors import ModelError

torch = pytest.importorskip("torch")
pytest.importorskip("onnx")

CHURN = "PREDICT COUNT(orders.*, 0, 30, days) = 0 FOR EACH users.user_id"
ANCHOR = dt.datetime(2024, 6, 1)


@pytest.fixture(scope="module")
def hier_path(tmp_path_factory):
    """A small hierarchical model with a live neighbour branch (its output layer moved off zero), exported."""
    from export.export_onnx import export
    from export.hier import HierModel
    from export.model import InContextModel, ModelConfig

    torch.manual_seed(0)
    cfg = ModelConfig(n_layers=2)
    model = HierModel.from_flat(InContextModel(cfg).state_dict(), cfg)
    torch.nn.init.normal_(model.nb.out.weight, std=0.2)
    path = tmp_path_factory.mktemp("hier") / "hier.onnx"
    export(model, path, {"steps": 0})
    return path, model.eval()


def _shop(path=None):
    from rfm_sql import demo

    con = duckdb.connect(path) if path else duckdb.connect()
    demo.build(con, n_users=120, n_items=20)
    return con


def test_the_hierarchical_stages_agree_with_pytorch(hier_path):
    from export.export_onnx import example_inputs, neighbour_inputs
    from rfm_sql.runtime.model import Model

    path, model = hier_path
    runtime = Model(path)
    assert runtime.neighbours
    worst = 0.0
    for seed, (c, q, used) in enumerate([(30, 5, 40), (120, 33, 128)]):
        inputs = (*example_inputs(c, q, seed=seed, used=used), *neighbour_inputs(c, q, seed=seed))
        with torch.no_grad():
            ref = [t.numpy() for t in model(*inputs)]
        got = runtime.run([t.numpy() for t in inputs])
        worst = max(worst, *(float(np.abs(a - b).max()) for a, b in zip(ref, got, strict=True)))
    assert worst < 1e-4


def test_predict_and_evaluate_feed_the_neighbour_rows(hier_path):
    con = _shop()
    flat, hier = rfm_sql.attach(con), rfm_sql.attach(con, model=hier_path[0])
    a = flat.predict(CHURN, anchor_time=ANCHOR)
    b = hier.predict(CHURN, anchor_time=ANCHOR)
    assert a.column("ENTITY").to_pylist() == b.column("ENTITY").to_pylist()
    p = np.array(b.column("True_PROB").to_pylist())
    assert np.all((p >= 0) & (p <= 1))
    assert not np.allclose(p, a.column("True_PROB").to_pylist())  # another model, reading more
    ev = hier.evaluate(CHURN, anchor_time=ANCHOR)
    assert 0.0 <= ev.metrics["auroc"] <= 1.0
    assert ev.results[0].episode.neighbours["nb_r_qry"].sum() > 0  # the query rows had neighbour rows


def test_hierarchical_predictions_read_nothing_after_the_anchor(hier_path, tmp_path):
    con = _shop()
    rfm = rfm_sql.attach(con, model=hier_path[0])
    before = rfm.predict(CHURN, anchor_time=ANCHOR)
    later = con.sql("SELECT COUNT(*) FROM orders WHERE ordered_at > ?", params=[ANCHOR]).fetchall()[0][0]
    assert later > 0
    con.execute("DELETE FROM reviews WHERE created_at > ?", [ANCHOR])
    con.execute("DELETE FROM orders WHERE ordered_at > ?", [ANCHOR])
    after = rfm_sql.attach(con, model=hier_path[0]).predict(CHURN, anchor_time=ANCHOR)
    assert before.equals(after)


def test_sql_predictions_feed_the_neighbour_rows_as_python_does(hier_path):
    con = _shop()
    rfm = rfm_sql.attach(con, model=hier_path[0])
    python = rfm.predict(CHURN, anchor_time=ANCHOR)
    sql = con.sql(f"SELECT * FROM rfm_predict('{CHURN}', anchor_time := TIMESTAMP '{ANCHOR}')").to_arrow_table()
    assert sql.column("ENTITY").to_pylist() == python.column("ENTITY").to_pylist()
    assert np.allclose(sql.column("True_PROB").to_pylist(), python.column("True_PROB").to_pylist(), atol=1e-6)
    flat = rfm_sql.attach(_shop()).predict(CHURN, anchor_time=ANCHOR)
    assert not np.allclose(sql.column("True_PROB").to_pylist(), flat.column("True_PROB").to_pylist())


def test_rankings_feed_each_pairs_entity_neighbour_rows(hier_path):
    con = _shop()
    rfm = rfm_sql.attach(con, model=hier_path[0])
    rank = "PREDICT LIST_DISTINCT(orders.item_id, 0, 30, days) RANK TOP 5 FOR EACH users.user_id"
    python = rfm.predict(rank, anchor_time=ANCHOR)
    assert set(python.column_names) >= {"ENTITY", "CLASS", "SCORE", "RANK"}
    flat = rfm_sql.attach(_shop()).predict(rank, anchor_time=ANCHOR)
    assert python.num_rows == flat.num_rows
    assert not np.allclose(python.column("SCORE").to_pylist(), flat.column("SCORE").to_pylist())
    ev = rfm.evaluate(rank, anchor_time=ANCHOR)
    assert 0.0 <= ev.metrics["map@k"] <= 1.0


def test_text_and_uuid_keys_reach_the_neighbour_rows_from_sql(hier_path):
    shop = _shop()
    for key_type, make in (("VARCHAR", "'u' || user_id"), ("UUID", "md5(user_id::VARCHAR)::UUID")):
        con = duckdb.connect()
        con.execute(f"CREATE TABLE users (user_id {key_type} PRIMARY KEY, country VARCHAR)")
        con.execute(
            f"CREATE TABLE orders (order_id INTEGER PRIMARY KEY, user_id {key_type} REFERENCES users (user_id), "
            "ordered_at TIMESTAMP, amount DOUBLE)"
        )
        users = shop.sql(f"SELECT {make} AS user_id, country FROM users").to_arrow_table()
        orders = shop.sql(f"SELECT order_id, {make} AS user_id, ordered_at, amount FROM orders").to_arrow_table()
        con.register("u", users)
        con.register("o", orders)
        con.execute("INSERT INTO users SELECT * FROM u")
        con.execute("INSERT INTO orders SELECT * FROM o")
        rfm = rfm_sql.attach(con, model=hier_path[0])
        python = rfm.predict(CHURN, anchor_time=ANCHOR)
        sql = con.sql(f"SELECT * FROM rfm_predict('{CHURN}', anchor_time := TIMESTAMP '{ANCHOR}')").to_arrow_table()
        assert sql.num_rows == python.num_rows > 0
        assert np.allclose(sql.column("True_PROB").to_pylist(), python.column("True_PROB").to_pylist(), atol=1e-6)


def test_forecasts_feed_the_neighbour_rows_from_python_and_sql(hier_path):
    con = _shop()
    rfm = rfm_sql.attach(con, model=hier_path[0])
    forecast = "PREDICT COUNT(orders.*, 0, 7, days) FORECAST 2 TIMEFRAMES FOR EACH users.user_id"
    python = rfm.predict(forecast, anchor_time=ANCHOR)
    sql = con.sql(f"SELECT * FROM rfm_predict('{forecast}', anchor_time := TIMESTAMP '{ANCHOR}')").to_arrow_table()
    assert python.column("FORECAST_STEP").to_pylist() == sql.column("FORECAST_STEP").to_pylist()
    assert np.allclose(python.column("TARGET_PRED").to_pylist(), sql.column("TARGET_PRED").to_pylist())
    ev = rfm.evaluate(forecast, anchor_time=ANCHOR)
    assert np.isfinite(ev.metrics["mae"])


def test_explanations_keep_each_entitys_neighbour_rows(hier_path):
    con = _shop()
    rfm = rfm_sql.attach(con, model=hier_path[0])
    prediction = rfm.predict(CHURN, anchor_time=ANCHOR, entities=[1])
    explanation = rfm.explain(CHURN, entity=1, anchor_time=ANCHOR)
    # the number explained is the prediction: the explained rows kept their neighbour rows
    assert explanation.value[1] == pytest.approx(prediction.column("True_PROB")[0].as_py(), abs=1e-5)
    assert explanation.contributions.num_rows > 0
    rank = "PREDICT LIST_DISTINCT(orders.item_id, 0, 30, days) RANK TOP 5 FOR EACH users.user_id"
    assert rfm.explain(rank, entity=1, anchor_time=ANCHOR).contributions.num_rows > 0


def test_a_path_that_does_not_feed_neighbour_rows_refuses_a_hierarchical_model(hier_path):
    from rfm_sql.runtime import model as runtime_model

    con = _shop()
    rfm = rfm_sql.attach(con, model=hier_path[0])
    with con.cursor() as cur:
        prepared = rfm_sql.runtime.context.prepare(
            cur, rfm.resolve(CHURN), rfm.graph, ANCHOR, rfm_sql.runtime.options.RunOptions.from_kwargs(), model=rfm.model
        )
    episode = prepared.encoder.episode(prepared.context_columns)  # no neighbour inputs
    with pytest.raises(ModelError, match="hierarchical model.*this path does not fetch them"):
        runtime_model.score(rfm.model, episode)


def test_the_command_line_takes_a_model(hier_path, tmp_path, capsys):
    from rfm_sql.cli import main

    _shop(str(tmp_path / "shop.duckdb")).close()
    args = [str(tmp_path / "shop.duckdb"), CHURN, "--anchor-time", str(ANCHOR), "--model", str(hier_path[0])]
    assert main(["predict", *args, "--limit", "3"]) == 0
    assert "True_PROB" in capsys.readouterr().out


def test_a_missing_model_file_says_so():
    rfm = rfm_sql.attach(duckdb.connect(), model="/nowhere/model.onnx")
    with pytest.raises(ModelError, match="does not exist"):
        rfm.model  # noqa: B018


def test_neighbour_inputs_follow_the_query_rows(hier_path):
    from rfm_sql.runtime import neighbours
    from rfm_sql.runtime.context import prepare
    from rfm_sql.runtime.options import RunOptions

    con = _shop()
    rfm = rfm_sql.attach(con)
    vq = rfm.resolve(CHURN)
    with con.cursor() as cur:
        prepared = prepare(cur, vq, rfm.graph, ANCHOR, RunOptions.from_kwargs(), model=rfm.model)
        pairs = pa.table({"ENTITY": [3, 1, 2], "ANCHOR_TIMESTAMP": [ANCHOR] * 3})
        both = neighbours.query_inputs(cur, rfm.graph, prepared, pairs)
        one = neighbours.query_inputs(cur, rfm.graph, prepared, pairs.slice(1, 1))
    assert both["nb_x_ctx"].shape[0] == prepared.encoder.x_ctx.shape[0]  # one per context row the encoder kept
    for name in ("nb_x_qry", "nb_m_qry", "nb_r_qry"):
        assert np.array_equal(both[name][1:2], one[name])  # an entity's inputs do not depend on the others


def _uuid_shop(n_users=120):
    """The demo shop with UUID user keys (they reach the neighbour rows as text and are cast back)."""
    from rfm_sql import demo

    shop = duckdb.connect()
    demo.build(shop, n_users=n_users, n_items=20)
    con = duckdb.connect()
    make = "md5(user_id::VARCHAR)::UUID"
    con.execute("CREATE TABLE users (user_id UUID PRIMARY KEY, country VARCHAR)")
    con.execute(
        "CREATE TABLE orders (order_id INTEGER PRIMARY KEY, user_id UUID REFERENCES users (user_id), "
        "ordered_at TIMESTAMP, amount DOUBLE)"
    )
    con.register("u", shop.sql(f"SELECT {make} AS user_id, country FROM users").to_arrow_table())
    con.register("o", shop.sql(f"SELECT order_id, {make} AS user_id, ordered_at, amount FROM orders").to_arrow_table())
    con.execute("INSERT INTO users SELECT * FROM u")
    con.execute("INSERT INTO orders SELECT * FROM o")
    return con


def test_a_task_table_with_large_string_keys_is_backtested(hier_path):
    con = _uuid_shop()
    rfm = rfm_sql.attach(con, model=hier_path[0])
    truth = rfm.labels(CHURN, anchor_time=ANCHOR)
    keys = pa.array([str(v) for v in truth.column("ENTITY").to_pylist()], pa.large_string())  # as pandas gives them
    as_text = truth.set_column(truth.column_names.index("ENTITY"), "ENTITY", keys)
    text = rfm.evaluate(CHURN, task_table=as_text)
    typed = rfm.evaluate(CHURN, task_table=truth)
    assert text.metrics == pytest.approx(typed.metrics)


def test_cast_keys_keep_the_query_rows_order_without_insertion_order(hier_path):
    con = _uuid_shop(n_users=1000)
    rfm = rfm_sql.attach(con, model=hier_path[0])
    expected = rfm.predict(CHURN, anchor_time=ANCHOR)
    want = dict(zip(expected.column("ENTITY").to_pylist(), expected.column("True_PROB").to_pylist(), strict=True))
    truth = rfm.labels(CHURN, anchor_time=ANCHOR).select(["ENTITY", "ANCHOR_TIMESTAMP", "TARGET"])
    chunked = pa.Table.from_batches(truth.to_batches(max_chunksize=64))  # e.g. a parquet file of many row groups
    con.execute("SET preserve_insertion_order = false")  # DuckDB may then return a SELECT's rows in any order
    result = rfm_sql.attach(con, model=hier_path[0]).evaluate(CHURN, task_table=chunked).results[0]
    got = result.probs[:, result.episode.target.classes.index(True)]
    keys = result.query.column("ENTITY").to_pylist()
    assert max(abs(g - want[k]) for g, k in zip(got, keys, strict=True)) < 1e-6
