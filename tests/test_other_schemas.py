"""Tables outside the schema rfm_sql reads (another schema, an attached database) are named where they are,
with the way to reach them, instead of "Unknown table" or "no tables" alone."""

import duckdb
import pytest

import rfm_sql
from rfm_sql.errors import GraphError, PQLError

QUERY = "PREDICT COUNT(orders.*, 0, 30, days) = 0 FOR EACH customers.customer_id"


@pytest.fixture
def con():
    c = duckdb.connect()
    c.execute("CREATE SCHEMA sales")
    c.execute(
        "CREATE TABLE sales.customers AS SELECT range + 1 AS customer_id, "
        "TIMESTAMP '2023-01-01' + INTERVAL (range) DAY AS signup_at FROM range(300)"
    )
    c.execute(
        "CREATE TABLE sales.orders AS SELECT range + 1 AS order_id, range % 300 + 1 AS customer_id, "
        "TIMESTAMP '2023-02-01' + INTERVAL (range) HOUR AS ordered_at FROM range(5000)"
    )
    yield c
    c.close()


def test_an_empty_current_schema_names_where_tables_are(con):
    with pytest.raises(GraphError, match=r"Tables live in memory\.sales \(customers, orders\): USE memory\.sales"):
        rfm_sql.attach(con).predict(QUERY)
    con.execute("USE memory.sales")
    assert rfm_sql.attach(con).predict(QUERY, context_size=100).num_rows > 0


def test_a_table_in_another_schema_is_named_with_its_view(con):
    con.execute("CREATE TABLE customers AS SELECT * FROM sales.customers")
    rfm = rfm_sql.attach(con)
    with pytest.raises(PQLError, match=r"orders is memory\.sales\.orders, outside the schema rfm_sql reads") as info:
        rfm.predict(QUERY)
    view = str(info.value).split("make a view here: ")[1].split(".\n")[0].rstrip(".")
    with pytest.raises(duckdb.Error, match="orders is memory.sales.orders"):  # the same words from SQL
        con.sql(f"SELECT * FROM rfm_predict('{QUERY}')").fetchall()
    con.execute(view)
    assert rfm.predict(QUERY, context_size=100).num_rows > 0


def test_a_table_nowhere_keeps_the_plain_message(con):
    con.execute("CREATE TABLE customers AS SELECT * FROM sales.customers")
    with pytest.raises(PQLError, match='Unknown table "nosuch"') as info:
        rfm_sql.attach(con).predict(QUERY.replace("orders", "nosuch"))
    assert "outside the schema" not in str(info.value)


def test_a_schema_qualified_name_in_pql_says_how_to_reach_the_table(con):
    with pytest.raises(PQLError, match=r"PQL names columns as table\.column, of the schema rfm_sql reads; .* USE it"):
        rfm_sql.attach(con).predict(QUERY.replace("orders.*", "sales.orders.*"))
