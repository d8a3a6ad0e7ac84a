"""Point in time: an entity created after the anchor changes no prediction at it. The context sample's fraction
divided by every row of the entity table, so one new user moved every prediction (by up to 0.19)."""

import duckdb
import pytest

import rfm_sql
from rfm_sql import demo

LATER_USER = "INSERT INTO users VALUES (99999, TIMESTAMP '2024-09-01', 'US', 30, 'casual')"


@pytest.mark.parametrize(
    "pql",
    [
        "PREDICT COUNT(orders.*, 0, 30, days) > 0 FOR EACH users.user_id",
        "PREDICT SUM(orders.amount, 0, 7, days) FORECAST 2 TIMEFRAMES FOR EACH users.user_id",
    ],
)
def test_a_user_created_after_the_anchor_changes_nothing_at_it(pql):
    def predict(extra):
        con = duckdb.connect()
        demo.build(con, n_users=300, n_items=40)
        if extra:
            con.execute(extra)
        return rfm_sql.attach(con).predict(pql, anchor_time="2024-06-01", context_size=100, seed=3).to_pylist()

    assert predict(None) == predict(LATER_USER)
