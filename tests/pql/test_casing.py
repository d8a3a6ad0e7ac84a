"""Table and column names in any case, as DuckDB reads them: `Orders` is orders (it was 'Unknown table
"Orders". Did you mean "orders"?')."""

import pytest

import rfm_sql
from rfm_sql.errors import PQLError
from rfm_sql.pql import parse
from rfm_sql.pql.casing import as_spelled


@pytest.fixture
def rfm(shop):
    return rfm_sql.attach(shop)


def test_names_in_any_case_predict_as_written_in_the_graphs(rfm):
    shouting = "PREDICT SUM(ORDERS.Amount, 0, 30, days) FOR EACH Users.USER_ID WHERE COUNT(Orders.*, -30, 0, days) > 0"
    plain = "PREDICT SUM(orders.amount, 0, 30, days) FOR EACH users.user_id WHERE COUNT(orders.*, -30, 0, days) > 0"
    assert rfm.predict(shouting, context_size=200).equals(rfm.predict(plain, context_size=200))
    listed = "PREDICT SUM(ORDERS.Amount, 0, 30, days) FOR Users.USER_ID IN (1, 2)"
    assert rfm.con.sql("SELECT count(*) FROM rfm_predict(?)", params=[listed]).fetchall() == [(2,)]


def test_only_the_names_change(rfm):
    query = parse("PREDICT LIST_DISTINCT(Orders.Item_Id, 0, 7, days) RANK TOP 3 FOR Users.User_Id IN (1, 2)")
    spelled = as_spelled(query, rfm.graph)
    assert str(spelled.target.column) == "orders.item_id" and str(spelled.entity) == "users.user_id"
    assert spelled.entities == (1, 2) and spelled.task == query.task and spelled.source == query.source
    assert as_spelled(spelled, rfm.graph) is spelled  # nothing to change: the same object


def test_a_name_that_matches_nothing_is_still_refused_with_suggestions(rfm):
    with pytest.raises(PQLError, match=r'Unknown table "Ordrs"\. Did you mean "orders"\?'):
        rfm.predict("PREDICT COUNT(Ordrs.*, 0, 30, days) FOR EACH users.user_id")


def test_a_part_of_one_column_name_is_suggested_as_that_column(rfm):
    # `users.id` for users.user_id (an insurance trial's `policyholders.id`: the columns were listed, no suggestion)
    with pytest.raises(PQLError, match=r'"id"\. Did you mean "user_id"\?'):
        rfm.predict("PREDICT COUNT(orders.*, 0, 30, days) FOR EACH users.id")
