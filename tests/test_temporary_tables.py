"""A query naming the connection's TEMP table or a registered DataFrame says why rfm_sql cannot read it (its
cursors never see them) and how to fix it, rather than "Unknown table"."""

import pyarrow as pa
import pytest

import rfm_sql


@pytest.mark.parametrize("how", ["temp table", "temp view", "registered frame"])
def test_a_temporary_object_is_named_with_the_fix(shop, how):
    if how == "temp table":
        shop.execute("CREATE TEMP TABLE big_orders AS SELECT * FROM orders WHERE amount > 50")
    elif how == "temp view":
        shop.execute("CREATE TEMP VIEW big_orders AS SELECT * FROM orders WHERE amount > 50")
    else:
        shop.register("big_orders", shop.sql("SELECT * FROM orders WHERE amount > 50").to_arrow_table())
    rfm = rfm_sql.attach(shop)
    query = "PREDICT COUNT(big_orders.*, 0, 30, days) FOR EACH users.user_id"
    with pytest.raises(rfm_sql.UserError, match=r"'big_orders' is a temporary .*CREATE TABLE big_orders_data AS"):
        rfm.predict(query)
    shop.execute("CREATE TABLE big_orders_data AS SELECT * FROM big_orders")  # the fix the message gives
    assert rfm.predict(query.replace("big_orders", "big_orders_data"), context_size=50).num_rows > 0


def test_a_plain_typo_is_still_unknown(shop):
    shop.register("returns", pa.table({"user_id": [1]}))
    rfm = rfm_sql.attach(shop)
    with pytest.raises(rfm_sql.PQLError, match='Unknown table "ordrs"'):
        rfm.predict("PREDICT COUNT(ordrs.*, 0, 30, days) FOR EACH users.user_id")


def test_from_sql_an_unknown_table_says_what_a_temporary_one_needs(shop):
    """From SQL on the connection itself rfm_sql cannot list its temporary objects, so the error says both."""
    shop.execute("CREATE TEMP TABLE big_orders AS SELECT * FROM orders")
    rfm_sql.attach(shop)
    with pytest.raises(Exception, match=r'Unknown table "big_orders".*If it is a TEMP table[\s\S]*\^'):
        shop.sql("SELECT * FROM rfm_predict('PREDICT COUNT(big_orders.*, 0, 30, days) FOR EACH users.user_id')").fetchall()
