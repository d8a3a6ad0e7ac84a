"""An error's advice must work where it is given. A target window longer than all of the data: no anchor can be
labelled, so every surface says to shorten the window instead of sending the user to a later anchor (predict)
and then back to an earlier one (evaluate). An explanation asked without an entity names the arguments the
surface it came through takes."""

import duckdb
import pytest

import rfm_sql
from rfm_sql.errors import NoExamplesError, UserError

LONG = "PREDICT COUNT(orders.*, 0, 900, days) FOR EACH users.user_id"  # the demo's orders span about 2 years


@pytest.fixture
def rfm(shop):
    return rfm_sql.attach(shop)


def _says_shorten(message: str) -> None:
    assert "longer than all of the data in orders" in message and "use a shorter target window" in message
    assert "later anchor_time" not in message and "earlier anchor_time" not in message


def test_predict_says_the_window_is_longer_than_the_data(rfm):
    with pytest.raises(NoExamplesError) as err:
        rfm.predict(LONG)
    _says_shorten(str(err.value))


def test_rfm_predict_says_so_from_sql_too(rfm):
    with pytest.raises(duckdb.Error) as err:
        rfm.con.sql("SELECT * FROM rfm_predict(?)", params=[LONG]).fetchall()
    _says_shorten(str(err.value))


def test_evaluate_says_so_at_the_default_anchor_and_at_a_given_one(rfm):
    with pytest.raises(NoExamplesError) as err:
        rfm.evaluate(LONG)
    _says_shorten(str(err.value))
    with pytest.raises(UserError) as err:
        rfm.evaluate(LONG, anchor_time="2024-06-01")
    _says_shorten(str(err.value))


def test_a_window_that_fits_keeps_the_anchor_advice(rfm):
    # 400 days fit in the data once: the old advice (a later or earlier anchor) still applies there
    with pytest.raises(UserError) as err:
        rfm.evaluate("PREDICT COUNT(orders.*, 0, 400, days) FOR EACH users.user_id", anchor_time="2024-12-01")
    assert "longer than all of the data" not in str(err.value) and "pass anchor_time at or before" in str(err.value)


def test_an_explain_query_sent_to_predict_names_what_works_there(rfm):
    with pytest.raises(UserError) as err:
        rfm.predict("EXPLAIN PREDICT COUNT(orders.*, 0, 30, days) FOR EACH users.user_id")
    message = str(err.value)
    assert "Which users should be explained" in message and "entities=[42] (rfm.predict)" in message
    assert "entity := 42 (SQL rfm_explain)" not in message  # rfm_predict takes no entity argument
    # and the advice works: the explanation's rows for one user
    rows = rfm.predict("EXPLAIN PREDICT COUNT(orders.*, 0, 30, days) FOR EACH users.user_id", entities=[1])
    assert rows.num_rows > 0


def test_an_evaluate_query_explained_without_entities_asks_for_them_in_the_query(rfm):
    query = "EVALUATE PREDICT COUNT(orders.*, 0, 30, days) FOR EACH users.user_id"
    with pytest.raises(UserError) as err:
        rfm.explain(query)
    assert "FOR users.user_id IN (42, ...)" in str(err.value) and "entity=42" not in str(err.value)
    with pytest.raises(UserError, match="does not apply to an EVALUATE query"):  # entity= is refused there
        rfm.explain(query, entity=1)
    assert rfm.explain(query.replace("FOR EACH users.user_id", "FOR users.user_id IN (1, 2)")) is not None
