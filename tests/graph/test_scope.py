"""attach(con, tables=[...]): the graph holds the listed tables (each once it exists) and those a query names,
so tables made from the data (a dbt project's other models) never change a prediction."""

import warnings

import duckdb
import numpy as np
import pytest

import rfm_sql
from rfm_sql.demo import build
from rfm_sql.errors import RFMWarning, UserError

QUERY = "PREDICT COUNT(orders.*, 0, 30, days) = 0 FOR EACH users.user_id"
SOURCES = ["users", "orders", "items", "reviews"]


@pytest.fixture(scope="module")
def shop():
    con = duckdb.connect()
    build(con, n_users=300, n_items=30)
    return con


def _probs(rfm) -> np.ndarray:
    return np.array(rfm.predict(QUERY).column("True_PROB").to_pylist())


def test_a_table_made_from_the_data_changes_nothing_within_a_scope(shop):
    before = _probs(rfm_sql.attach(shop, tables=SOURCES))
    cur = shop.cursor()
    cur.execute("CREATE TABLE big_orders AS SELECT * FROM orders WHERE amount > 50")
    try:
        everything = rfm_sql.attach(shop)
        assert "big_orders" in everything.graph.tables  # the default: every table of the schema ...
        assert np.abs(_probs(everything) - before).max() > 1e-3  # ... so its copy of orders adds features
        scoped = rfm_sql.attach(shop, tables=SOURCES)
        assert "big_orders" not in scoped.graph.tables
        assert np.array_equal(_probs(scoped), before)
        # a query that names a table outside the scope is refused: taking it in would change every later
        # query's features, so predictions would depend on the order queries ran in
        with pytest.raises(UserError, match="names big_orders, which the graph's tables leave out") as e:
            scoped.predict("PREDICT COUNT(big_orders.*, 0, 30, days) = 0 FOR EACH users.user_id")
        assert e.value.param == "tables" and "big_orders" not in scoped.graph.tables
        with pytest.raises(UserError, match=r'Unknown table "order"\. Did you mean "orders"\?') as e:  # a typo
            scoped.predict("PREDICT COUNT(order.*, 0, 30, days) = 0 FOR EACH users.user_id")
        assert "orders" in str(e.value).split("tables are ")[1]
        cur.execute("CREATE TABLE orders_v2 AS SELECT * FROM orders")  # a table the scope leaves out, no typo
        try:
            with pytest.raises(UserError, match="names orders_v2, which the graph's tables leave out"):
                scoped.predict("PREDICT COUNT(orders_v2.*, 0, 30, days) = 0 FOR EACH users.user_id")
        finally:
            cur.execute("DROP TABLE orders_v2")
        assert np.array_equal(_probs(scoped), before)
        cased = rfm_sql.attach(shop, tables=[t.upper() for t in SOURCES])  # DuckDB's names ignore case
        assert sorted(cased.graph.tables) == sorted(SOURCES) and np.array_equal(_probs(cased), before)
    finally:
        cur.execute("DROP TABLE big_orders")


def test_a_listed_table_joins_the_graph_once_it_is_created():
    con = duckdb.connect()
    build(con, n_users=200, n_items=20)
    con.execute("ALTER TABLE reviews RENAME TO reviews_raw")
    with pytest.warns(RFMWarning, match="tables lists reviews, which the schema does not have"):
        rfm = rfm_sql.attach(con, tables=SOURCES)
    assert "reviews" not in rfm.graph.tables
    con.execute("CREATE TABLE reviews AS SELECT * FROM reviews_raw")
    with warnings.catch_warnings():
        warnings.simplefilter("error", RFMWarning)
        rfm.resolve(QUERY)  # a query that does not name it still takes it in: the scope lists it
    assert "reviews" in rfm.graph.tables
    assert [str(lk) for lk in rfm.graph.parents("reviews")]  # with its inferred links


@pytest.mark.parametrize("tables", ["users", [], ["users", 3]])
def test_a_bad_tables_value_is_refused(shop, tables):
    with pytest.raises(UserError, match="tables") as e:
        rfm_sql.attach(shop, tables=tables)
    assert e.value.param == "tables"
