"""`dbt build` on examples/dbt with the rfm_sql.dbt plugin (needs the [dbt] extra)."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

pytest.importorskip("dbt.adapters.duckdb", reason="dbt-duckdb is not installed: pip install 'rfm-sql[dbt]'")

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "dbt"


def test_dbt_build_materialises_predictions(tmp_path):
    from rfm_sql.demo import build

    project = tmp_path / "project"
    shutil.copytree(EXAMPLE, project)
    db = tmp_path / "shop.duckdb"
    with duckdb.connect(str(db)) as con:
        build(con, n_users=300, n_items=30)
    env = {**os.environ, "RFM_SHOP_DB": str(db), "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"}
    cmd = [sys.executable, "-m", "dbt.cli.main", "build", "--project-dir", str(project), "--profiles-dir", str(project)]
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    with duckdb.connect(str(db), read_only=True) as con:
        churn = con.sql("SELECT COUNT(*), MIN(True_PROB) >= 0 FROM churn_predictions").fetchall()[0]
        spend = con.sql("SELECT COUNT(*) FROM spend_predictions").fetchall()[0][0]
        recs = con.sql(
            "SELECT COUNT(DISTINCT ENTITY), MAX(n), MIN(n), COUNT(*) FILTER (WHERE dup > 1) FROM "
            "(SELECT ENTITY, COUNT(*) OVER (PARTITION BY ENTITY) AS n, "
            "COUNT(*) OVER (PARTITION BY ENTITY, CLASS) AS dup FROM item_recommendations)"
        ).fetchall()[0]
        ranks = con.sql("SELECT DISTINCT RANK FROM item_recommendations ORDER BY 1").fetchall()
    assert churn[0] > 0 and churn[1] and spend == churn[0]
    assert recs[0] > 0 and recs[1] == 5 and recs[3] == 0  # up to 5 distinct items per user
    assert [r[0] for r in ranks] == [1, 2, 3, 4, 5]


def _plugin(config):
    from dbt.adapters.duckdb.plugins import BasePlugin

    return BasePlugin.create("rfm_sql.dbt", config=config)


def test_the_plugin_scope_and_a_graph_file_for_a_table_a_model_creates_later(tmp_path):
    """On a fresh database a graph file may fix a table that a model of this run creates: its entry waits and
    applies when the table appears, instead of failing every model; `tables` keeps other models out."""
    from rfm_sql.demo import build
    from rfm_sql.errors import RFMWarning

    con = duckdb.connect()
    build(con, n_users=200, n_items=20)
    # the fix: stg_orders is timed by shipped_at, not ordered_at (graph --save's form)
    graph = tmp_path / "graph.json"
    graph.write_text(
        '{"tables": {"stg_orders": {"pkey": "order_id", "fkeys": {"user_id": "users"}, "time_col": "shipped_at", '
        '"stypes": {}}}}'
    )
    plugin = _plugin({"graph": str(graph), "tables": ["users", "stg_orders"]})
    with pytest.warns(RFMWarning) as said:
        plugin.configure_connection(con)
    said = " ".join(str(w.message) for w in said)
    assert "tables lists stg_orders, which the schema does not have" in said
    assert "graph.json: the entries of stg_orders wait for tables" in said
    rfm = plugin.rfm
    assert sorted(rfm.graph.tables) == ["users"]
    # the staging model runs, then the prediction model
    con.execute(
        "CREATE TABLE stg_orders AS SELECT order_id, user_id, item_id, ordered_at, "
        "ordered_at + INTERVAL 2 DAY AS shipped_at, amount FROM orders"
    )
    con.execute("CREATE TABLE big_orders AS SELECT * FROM orders WHERE amount > 50")  # another model
    out = con.sql(
        "SELECT COUNT(*) FROM rfm_predict('PREDICT COUNT(stg_orders.*, 0, 30, days) > 0 FOR EACH users.user_id')"
    )
    assert out.fetchall()[0][0] > 0
    assert sorted(rfm.graph.tables) == ["stg_orders", "users"]
    assert rfm.graph.table("stg_orders").time_column == "shipped_at"
    assert [str(lk) for lk in rfm.graph.parents("stg_orders")] == ["stg_orders.user_id -> users"]
    assert not rfm.scope.fixes


def test_the_plugin_names_a_missing_graph_file_and_where_it_looked(tmp_path, monkeypatch):
    from rfm_sql.errors import UserError

    monkeypatch.chdir(tmp_path)
    plugin = _plugin({"graph": "graph.json"})
    with pytest.raises(UserError, match=f"graph.json does not exist .*current directory, {tmp_path}"):
        plugin.configure_connection(duckdb.connect())


def test_graph_file_entries_wait_for_their_parents_entries_and_a_failed_one_is_tried_again(tmp_path):
    """An entry is applied only after the entry of the table its links point to (a link is made against the key
    the file gives the parent), and one that fails stays queued: every query says why until it applies."""
    from rfm_sql.errors import GraphError, RFMWarning

    con = duckdb.connect()
    con.execute("CREATE TABLE users (user_id INT PRIMARY KEY, signup_at TIMESTAMP)")
    con.execute("INSERT INTO users SELECT range, TIMESTAMP '2024-01-01' FROM range(1, 21)")
    graph = tmp_path / "graph.json"
    graph.write_text(
        '{"tables": {"stg_buyers": {"pkey": "handle", "fkeys": {"user_id": "users"}, "time_col": null, '
        '"stypes": {}}, "stg_orders": {"pkey": "order_id", "fkeys": {"buyer": "stg_buyers"}, '
        '"time_col": "shipped_at", "stypes": {}}, "stg_events": {"pkey": "event_id", "fkeys": {"user_id": '
        '"users"}, "time_col": "happened_at", "stypes": {}}}}'
    )
    plugin = _plugin({"graph": str(graph)})
    with pytest.warns(RFMWarning, match="wait for tables"):
        plugin.configure_connection(con)
    rfm = plugin.rfm
    users = "PREDICT users.signup_at IS NULL FOR EACH users.user_id"
    con.execute(  # the orders model runs first; the entry of its parent (keyed by handle, not id) still waits
        "CREATE TABLE stg_orders AS SELECT range AS order_id, 'u' || (1 + range % 20) AS buyer, "
        "TIMESTAMP '2024-02-01' + INTERVAL (range) HOUR AS shipped_at FROM range(200)"
    )
    rfm.resolve(users)
    assert "stg_orders" in rfm.scope.fixes
    con.execute(
        "CREATE TABLE stg_buyers AS SELECT range AS id, 'u' || range AS handle, range AS user_id FROM range(1, 21)"
    )
    rfm.resolve("PREDICT COUNT(stg_orders.*, 0, 7, days) FOR EACH stg_buyers.handle")
    assert rfm.graph.table("stg_buyers").primary_key == "handle"
    assert [str(lk) for lk in rfm.graph.parents("stg_orders")] == ["stg_orders.buyer -> stg_buyers"]
    # an entry naming a column its model does not make fails on every query, never dropped in silence
    con.execute("CREATE TABLE stg_events AS SELECT range AS event_id, 1 + range % 20 AS user_id FROM range(50)")
    for _ in range(2):
        with pytest.raises(GraphError, match="happened_at"):
            rfm.resolve(users)
        assert list(rfm.scope.fixes) == ["stg_events"]
