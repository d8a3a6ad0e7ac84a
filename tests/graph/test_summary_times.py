"""A date that is the first or last of another table's rows (customers.first_order_at) is no time the row began:
it ranks below a plain creation time (names.summarizes). A dbt warehouse's dim_customers was timed by
first_order_at ("first" a start word): customers who never ordered existed at every anchor, the rest only from
their first order, not their signup."""

import duckdb
import pytest

from rfm_sql.graph import names
from rfm_sql.graph.infer import infer_graph


def _customers(con, orders: str, columns: str = "signup_at, first_order_at, last_order_at, churned_at, updated_at"):
    con.execute(
        "CREATE TABLE base AS SELECT i AS customer_id, TIMESTAMP '2023-01-01' + i * INTERVAL 1 DAY AS signup_at, "
        "CASE WHEN i % 3 = 0 THEN NULL ELSE TIMESTAMP '2023-02-01' + i * INTERVAL 1 DAY END AS first_order_at, "
        "CASE WHEN i % 3 = 0 THEN NULL ELSE TIMESTAMP '2023-08-01' + i * INTERVAL 1 DAY END AS last_order_at, "
        "CASE WHEN i % 5 = 0 THEN TIMESTAMP '2023-10-01' + i * INTERVAL 1 DAY END AS churned_at, "
        "TIMESTAMP '2024-01-01' + i * INTERVAL 1 HOUR AS updated_at, "
        "TIMESTAMP '2022-12-01' + i * INTERVAL 1 DAY AS created_at FROM range(120) t(i)"
    ).fetchall()
    con.execute(f"CREATE TABLE dim_customers AS SELECT customer_id, {columns} FROM base").fetchall()
    con.execute(
        f'CREATE TABLE "{orders}" AS SELECT i AS order_id, i % 120 AS customer_id, '
        "TIMESTAMP '2023-02-01' + i * INTERVAL 5 HOUR AS ordered_at FROM range(600) t(i)"
    ).fetchall()
    con.execute("DROP TABLE base").fetchall()


@pytest.mark.parametrize("orders", ["fct_orders", "orders", "stg_order", "CustomerOrders"])
def test_the_signup_time_wins_over_the_first_of_another_tables_rows(orders):
    con = duckdb.connect()
    _customers(con, orders)
    graph = infer_graph(con)
    assert graph.tables["dim_customers"].time_column == "signup_at"
    assert graph.tables[orders].time_column == "ordered_at"


def test_a_creation_time_wins_wherever_the_summary_stands(con):
    _customers(con, "fct_orders", "first_order_at, created_at")  # a tie (3.0 each) went to the first column
    assert infer_graph(con).tables["dim_customers"].time_column == "created_at"


def test_a_table_with_only_the_summary_still_takes_it(con):
    _customers(con, "fct_orders", "first_order_at, updated_at")
    graph = infer_graph(con)
    assert graph.tables["dim_customers"].time_column == "first_order_at"
    assert graph.why("dim_customers", "<time column>").startswith("name first_order_at, the only time candidate")


@pytest.mark.parametrize(
    "column, table, tables, said",
    [
        ("first_order_at", "dim_customers", ["dim_customers", "fct_orders"], True),
        ("FirstOrderDate", "Customers", ["Customers", "Orders"], True),
        ("first_paid_order_on", "users", ["users", "orders"], True),
        ("first_order_line_ts", "users", ["users", "order_lines"], True),
        ("latest_payment_date", "accounts", ["accounts", "payments"], True),
        ("first_order_at", "orders", ["orders"], False),  # its own table: when the row itself was
        ("first_order_at", "users", ["users", "sessions"], False),  # no table of orders
        ("first_seen_at", "users", ["users", "sessions"], False),
        ("first_at", "users", ["users", "ats"], False),
        ("signup_at", "users", ["users", "signups"], False),
        ("first_order_count", "users", ["users", "orders"], False),  # no time
    ],
)
def test_which_names_summarize_another_table(column, table, tables, said):
    assert names.summarizes(column, table, tables) is said
