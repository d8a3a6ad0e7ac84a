"""A link set by hand must hold its parent's keys (graph/link_check.py): a dbt warehouse's fct_orders.customer_sk
(dim_customers' md5 surrogate key, beside the natural customer_id that is its primary key) was linked as advised,
matched no customer, and every label was 0 (MAE 0.0 for the model and every baseline)."""

import json
import re

import duckdb
import pytest

from rfm_sql.cli import main
from rfm_sql.errors import GraphError, UserError
from rfm_sql.graph import Graph
from rfm_sql.graph.files import apply_graph_file
from rfm_sql.graph.infer import infer_graph


def _warehouse(con) -> None:
    con.execute(
        "CREATE TABLE dim_customers AS SELECT 'C' || i AS customer_id, md5('C' || i) AS customer_sk, "
        "TIMESTAMP '2023-01-01' + i * INTERVAL 1 DAY AS signup_at FROM range(100) t(i)"
    ).fetchall()
    con.execute(
        "CREATE TABLE fct_orders AS SELECT i AS order_id, md5('C' || (i % 100)) AS customer_sk, "
        "TIMESTAMP '2023-02-01' + i * INTERVAL 3 HOUR AS ordered_at, i % 7 AS amount FROM range(1000) t(i)"
    ).fetchall()


def test_a_surrogate_key_linked_to_the_natural_key_is_refused_with_both_fixes(con):
    _warehouse(con)
    graph = infer_graph(con)
    assert graph.tables["dim_customers"].primary_key == "customer_id"
    assert not graph.parents("fct_orders")
    with pytest.raises(UserError) as refused:
        graph.link("fct_orders", "customer_sk", "dim_customers")
    message = str(refused.value)
    assert "only 0 of customer_sk's 100 distinct values (0%) are customer_id values" in message
    assert "dim_customers.customer_sk, also unique, holds 100 (100%)" in message
    assert 'rfm.graph.set_primary_key("dim_customers", "customer_sk")' in message
    view = re.search(r"CREATE VIEW [^;]*", message).group(0)
    assert view == (
        "CREATE VIEW fct_orders_keyed AS SELECT c.*, p.customer_id FROM fct_orders AS c "
        "LEFT JOIN dim_customers AS p ON c.customer_sk = p.customer_sk"
    )
    assert not graph.parents("fct_orders")  # nothing was linked

    # both fixes work as written: the surrogate key made the key
    rekeyed = infer_graph(con)
    rekeyed.set_primary_key("dim_customers", "customer_sk")
    rekeyed.link("fct_orders", "customer_sk", "dim_customers")
    # or the view, linked by its customer_id
    con.execute(view).fetchall()
    graph.link("fct_orders_keyed", "customer_id", "dim_customers")
    assert con.execute("SELECT COUNT(customer_id) FROM fct_orders_keyed").fetchall() == [(1000,)]


def test_with_another_link_on_the_key_only_the_view_is_offered(con):
    _warehouse(con)
    con.execute("CREATE TABLE tickets AS SELECT i AS ticket_id, 'C' || (i % 100) AS customer_id FROM range(300) t(i)")
    graph = infer_graph(con)
    assert "tickets.customer_id -> dim_customers" in map(str, graph.links)
    with pytest.raises(GraphError) as refused:
        graph.link("fct_orders", "customer_sk", "dim_customers")
    message = str(refused.value)
    assert "customer_id stays the key (tickets.customer_id -> dim_customers reference it)" in message
    assert "set_primary_key" not in message and "CREATE VIEW fct_orders_keyed" in message


def test_values_no_column_of_the_parent_holds_are_refused(con):
    _warehouse(con)
    con.execute("CREATE TABLE visits AS SELECT i AS visit_id, 'V' || i AS client FROM range(50) t(i)").fetchall()
    graph = infer_graph(con)
    with pytest.raises(GraphError) as refused:
        graph.link("visits", "client", "dim_customers")
    message = str(refused.value)
    assert "only 0 of client's 50 distinct values (0%) are customer_id values (a link needs 50%)" in message
    assert "Link a column of visits that holds dim_customers.customer_id values" in message
    assert "rfm.graph.link(..., check=False)" in message and "CREATE VIEW" not in message


def test_a_right_link_a_dangling_few_and_an_empty_table_are_accepted(con):
    _warehouse(con)
    con.execute(  # 60 of 100 payers are customers: the others deleted since, say; rows may dangle
        "CREATE TABLE payments AS SELECT i AS payment_id, 'C' || (i % 100 + (CASE WHEN i % 100 >= 60 THEN 1000 "
        "ELSE 0 END)) AS payer FROM range(400) t(i)"
    ).fetchall()
    con.execute("CREATE TABLE refunds (refund_id INTEGER, customer_sk VARCHAR)").fetchall()
    con.execute("CREATE TABLE notes AS SELECT 1 AS note_id, NULL::VARCHAR AS payer").fetchall()
    con.execute("CREATE TABLE shops (shop_id VARCHAR PRIMARY KEY)").fetchall()
    graph = infer_graph(con)
    graph.link("payments", "payer", "dim_customers")
    graph.link("refunds", "customer_sk", "dim_customers")  # no rows: nothing to go by
    graph.link("notes", "payer", "dim_customers")  # only NULLs: the same
    graph.link("notes", "payer", "shops")  # an empty parent: the same
    graph.link("fct_orders", "customer_sk", "dim_customers", check=False)  # said to be right
    assert {str(lk) for lk in graph.links} >= {
        "payments.payer -> dim_customers",
        "refunds.customer_sk -> dim_customers",
        "notes.payer -> shops",
        "fct_orders.customer_sk -> dim_customers",
    }


def test_a_graph_made_by_hand_or_a_closed_connection_is_not_checked(con):
    _warehouse(con)
    inferred = infer_graph(con)
    by_hand = Graph(inferred.tables)  # no database to read: the link is taken as given
    by_hand.link("fct_orders", "customer_sk", "dim_customers")
    con.close()
    inferred.link("fct_orders", "customer_sk", "dim_customers")


def test_a_graph_file_and_the_command_line_are_checked_too(con, tmp_path, capsys):
    db = tmp_path / "w.duckdb"
    with duckdb.connect(str(db)) as file_con:
        _warehouse(file_con)
    assert main(["graph", str(db), "--link", "fct_orders.customer_sk=dim_customers"]) == 2
    err = capsys.readouterr().err
    assert "only 0 of customer_sk's 100 distinct values" in err and "--primary-key TABLE.COLUMN" in err

    _warehouse(con)
    graph = infer_graph(con)
    entry = {"pkey": "order_id", "fkeys": {"customer_sk": "dim_customers"}, "time_col": "ordered_at"}
    path = tmp_path / "graph.json"
    path.write_text(json.dumps({"tables": {"fct_orders": entry}}))
    with pytest.raises(GraphError, match=r'graph.json, table "fct_orders": Cannot link fct_orders.customer_sk'):
        apply_graph_file(graph, str(path))
