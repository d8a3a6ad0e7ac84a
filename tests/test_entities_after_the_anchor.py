"""Point in time: an entity created after the anchor, or rows an ASSUMING window reads after it, change no
prediction at it. The context sample's fraction divided by every row of the entity table, so one new user moved
every prediction (by up to 0.19)."""

import warnings

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


@pytest.mark.parametrize(
    "pql, listed_in_query",
    [
        ("PREDICT COUNT(orders.*, 0, 30, days) > 0 FOR users.user_id IN ({keys})", True),
        ("PREDICT SUM(orders.amount, 0, 7, days) FORECAST 2 TIMEFRAMES FOR EACH users.user_id", False),
    ],
)
def test_a_listed_entity_that_does_not_exist_yet_is_predicted_with_a_warning(pql, listed_in_query):
    # a clinic listed at an anchor before it opened was forecast 22 visits a week with no word of it
    con = duckdb.connect()
    demo.build(con, n_users=300, n_items=40)
    con.execute(LATER_USER)
    old = [
        r[0]
        for r in con.sql("SELECT user_id FROM users WHERE signup_time < '2024-01-01' ORDER BY 1 LIMIT 2").fetchall()
    ]
    rfm = rfm_sql.attach(con)

    def predict(keys):
        if listed_in_query:
            return rfm.predict(pql.format(keys=", ".join(map(str, keys))), anchor_time="2024-06-01", context_size=100)
        return rfm.predict(pql, anchor_time="2024-06-01", entities=keys, context_size=100)

    # listed twice, named and counted once
    with pytest.warns(rfm_sql.RFMWarning, match=r"1 listed users row\(s\) do not exist at the anchor .*\(99999\)"):
        out = predict([old[0], 99999, 99999]).to_pylist()
    assert 99999 in {r["ENTITY"] for r in out}
    with warnings.catch_warnings():  # entities that exist: no such warning
        warnings.simplefilter("error", rfm_sql.RFMWarning)
        predict(old)


@pytest.mark.parametrize(
    "target, horizon",
    [("COUNT(orders.*, 0, 7, days) > 0", (60, "days")), ("SUM(orders.amount, 0, 7, days) FORECAST 2 TIMEFRAMES", None)],
)
def test_an_assuming_window_longer_than_the_target_reads_nothing_after_the_anchor(target, horizon):
    # ASSUMING picks context examples by what follows their anchor over its own window (60 days here, the
    # target's 7): context anchors stepped back by the target's 7 days, so reviews written after the anchor
    # predicted for decided which examples the context kept (and the lagged targets' ASSUMING; a forecast's
    # lags stepped back by its one-step window)
    pql = f"PREDICT {target} FOR EACH users.user_id ASSUMING COUNT(reviews.*, 0, 60, days) > 0"
    anchor = "2024-05-01"

    def predict(later_reviews: bool):
        con = duckdb.connect()
        demo.build(con, n_users=300, n_items=40)
        if later_reviews:  # every user reviews something in the weeks after the anchor
            con.execute(
                "INSERT INTO reviews SELECT 9000000 + user_id, user_id, 1, TIMESTAMP '2024-05-01' + "
                "INTERVAL (1 + user_id % 40) DAY, 5 FROM users"
            )
        rfm = rfm_sql.attach(con)
        assert rfm.resolve(pql).horizon == (horizon or (60, "days"))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return rfm.predict(pql, anchor_time=anchor, context_size=200, seed=3).to_pylist()

    assert predict(False) == predict(True)


@pytest.mark.parametrize(
    "pql, anchor, horizon",
    [
        # 30 days and a calendar month were compared as equal, and the 30 days kept: a context anchor or lag
        # 30 days before 1 September read August's 31st day, past the anchor
        (
            "PREDICT COUNT(orders.*, 0, 30, days) > 1 FOR EACH users.user_id ASSUMING COUNT(orders.*, 0, 1, months) > 0",
            "2024-09-01",
            (31, "days"),
        ),
        (
            "PREDICT COUNT(orders.*, 0, 30, days) > 0 OR COUNT(reviews.*, 0, 1, months) > 0 FOR EACH users.user_id",
            "2024-09-01",
            (31, "days"),
        ),
        # the other way: one calendar month back from 1 March is 29 days, which a 30-day window overran
        (
            "PREDICT SUM(orders.amount, 0, 1, months) FOR EACH users.user_id ASSUMING COUNT(reviews.*, 0, 30, days) > 0",
            "2024-03-01",
            (31, "days"),
        ),
        (
            "PREDICT COUNT(orders.*, 0, 1, months) FORECAST 2 TIMEFRAMES FOR EACH users.user_id",
            "2024-03-01",
            (2, "months"),
        ),
    ],
)
def test_windows_in_months_beside_days_read_nothing_after_the_anchor(pql, anchor, horizon):
    def predict(later_rows: bool):
        con = duckdb.connect()
        demo.build(con, n_users=300, n_items=40)
        if later_rows:  # an order and a review by every user within hours after the anchor
            for table, key in (("orders", "order_id"), ("reviews", "review_id")):
                columns = [c for (c,) in con.sql(f"SELECT column_name FROM (DESCRIBE {table})").fetchall()]
                time = {"orders": "ordered_at", "reviews": "created_at"}[table]
                values = {
                    key: "9000000 + user_id",
                    "user_id": "user_id",
                    time: f"TIMESTAMP '{anchor}' + INTERVAL 6 HOUR",
                }
                row = ", ".join(values.get(c, f"(SELECT ANY_VALUE({c}) FROM {table})") for c in columns)
                con.execute(f"INSERT INTO {table} SELECT {row} FROM users")
        rfm = rfm_sql.attach(con)
        assert rfm.resolve(pql).horizon == horizon
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return rfm.predict(pql, anchor_time=anchor, context_size=200, seed=3).to_pylist()

    assert predict(False) == predict(True)
