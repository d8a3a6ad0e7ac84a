import datetime as dt

import numpy as np
import pytest

import rfm_sql
from rfm_sql.errors import UserError
from rfm_sql.runtime import anchors, timestamps


def test_timestamps_of_every_kind():
    want = dt.datetime(2024, 3, 1)
    assert timestamps.to_timestamp("2024-03-01") == want
    assert timestamps.to_timestamp(dt.date(2024, 3, 1)) == want
    assert timestamps.to_timestamp(np.datetime64("2024-03-01T00:00:00")) == want
    aware = dt.datetime(2024, 3, 1, 1, tzinfo=dt.timezone(dt.timedelta(hours=1)))
    assert timestamps.to_timestamp(aware) == want  # time-zone-aware values become naive UTC
    assert timestamps.to_timestamps(["2024-03-02", want, "2024-03-01"]) == [want, dt.datetime(2024, 3, 2)]


def _nat():
    pd = pytest.importorskip("pandas")
    return pd.NaT


@pytest.mark.parametrize(
    "bad, message",
    [
        ("soon", "not a timestamp"),
        (7, "must be a timestamp"),
        ([], "empty list"),
        (_nat, "is NaT"),
        (np.datetime64("NaT"), "is NaT"),
    ],
)
def test_bad_anchor_names_the_parameter(bad, message):
    bad = bad() if callable(bad) else bad
    with pytest.raises(UserError, match=message) as info:
        timestamps.to_timestamps(bad)
    assert info.value.param == "anchor_time"


def test_step_back_by_calendar_months_and_fixed_units():
    t = dt.datetime(2024, 3, 31, 12)
    assert timestamps.step_back(t, (1, "months"), 1) == dt.datetime(2024, 2, 29, 12)
    assert timestamps.step_back(t, (1, "months"), 13) == dt.datetime(2023, 2, 28, 12)
    assert timestamps.step_back(t, (2, "weeks"), 1) == dt.datetime(2024, 3, 17, 12)
    assert timestamps.step_back(t, (90, "minutes"), 2) == dt.datetime(2024, 3, 31, 9)


def test_default_and_backtest_anchors(shop):
    rfm = rfm_sql.attach(shop)
    latest = shop.sql("SELECT MAX(ordered_at) FROM orders").fetchall()[0][0]
    vq = rfm.resolve("PREDICT COUNT(orders.*, 0, 30, days) FOR EACH users.user_id")
    with shop.cursor() as cur:
        assert anchors.default_anchor(cur, vq, rfm.graph) == latest
        assert anchors.backtest_anchor(cur, vq, rfm.graph) == latest - dt.timedelta(days=30)
        assert anchors.resolve_anchor(cur, vq, rfm.graph, "2024-01-01") == dt.datetime(2024, 1, 1)


@pytest.mark.parametrize(
    "pql",
    [
        "PREDICT COUNT(orders.*, 0, 30, days) = 0 FOR EACH users.user_id",
        "PREDICT SUM(orders.amount, 0, 7, days) FORECAST 2 TIMEFRAMES FOR EACH users.user_id",
    ],
)
def test_a_backtest_before_the_data_begins_asks_for_a_later_anchor(shop, pql):
    """It used to say "Pass an earlier anchor_time" for an anchor before every row."""
    rfm = rfm_sql.attach(shop)
    start = shop.sql("SELECT LEAST(MIN(signup_time), (SELECT MIN(ordered_at) FROM orders)) FROM users").fetchall()[0][0]
    with pytest.raises(UserError, match=f"The data begins at {start}: pass a later anchor_time"):
        rfm.evaluate(pql, anchor_time="2020-06-01", context_size=60)


@pytest.mark.parametrize(
    "pql, named",
    [
        ("PREDICT COUNT(orders.*, 0, 7, days) > 0 FOR EACH users.user_id ASSUMING COUNT(reviews.*, 0, 800, days) > 0",
         "The ASSUMING window reaches 800 days"),
        ("PREDICT COUNT(orders.*, 0, 800, days) > 0 FOR EACH users.user_id", "The target window reaches 800 days"),
    ],
)  # fmt: skip
def test_a_window_too_long_for_the_data_is_the_one_named(shop, pql, named):
    # an ASSUMING window longer than the target's sets how far anchors step back: the advice names it, not the
    # target's 7 days ("use a shorter target window" could not help)
    from rfm_sql.errors import NoExamplesError

    with pytest.raises(NoExamplesError, match=named):
        rfm_sql.attach(shop).evaluate(pql)
