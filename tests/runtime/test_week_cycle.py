"""A target over a window shorter than a week reads the same window weeks back (`compile.week_cycle`): a
food-delivery trial's daily forecasts per restaurant were nearly flat across the week and lost to "the same
weekday over the last four weeks" at every anchor; with the week, they beat it at all six."""

import datetime as dt
import re

import duckdb
import numpy as np
import pyarrow as pa
import pytest

import rfm_sql
from rfm_sql.compile import week_cycle
from rfm_sql.runtime import forecast
from rfm_sql.runtime.context import feature_query
from tests.feature_rows import feature_rows

ANCHOR = dt.datetime(2024, 6, 4)  # a Tuesday, midnight
DAILY = "PREDICT COUNT(sales.*, 0, 1, days) FORECAST 7 TIMEFRAMES FOR EACH stores.store_id"
TOMORROW = "PREDICT COUNT(sales.*, 0, 1, days) FOR EACH stores.store_id"


def _shop(cut: bool = False):
    """40 stores, a year of sales: a store's daily rate times 1 on weekdays, 3 on Saturdays, 0.3 on Sundays."""
    rng = np.random.default_rng(0)
    days = np.arange(np.datetime64("2023-06-01"), np.datetime64("2024-07-01"))
    weekday = (days.view("int64") - 4) % 7  # 0: Monday (1970-01-01 was a Thursday)
    factor = np.where(weekday == 5, 3.0, np.where(weekday == 6, 0.3, 1.0))
    rate = rng.gamma(2.0, 2.0, size=40)
    counts = rng.poisson(np.outer(rate, factor))  # (store, day)
    store = np.repeat(np.repeat(np.arange(1, 41), len(days)), counts.ravel())
    day = np.repeat(np.tile(days, 40), counts.ravel()).astype("datetime64[s]")
    sold_at = day + rng.integers(0, 86400, size=len(day)).astype("timedelta64[s]")
    con = duckdb.connect()
    con.execute("CREATE TABLE stores (store_id INTEGER PRIMARY KEY)")
    con.execute("INSERT INTO stores SELECT range FROM range(1, 41)")
    con.execute("CREATE TABLE sales (store_id INTEGER REFERENCES stores, sold_at TIMESTAMP)")
    con.register("rows", pa.table({"store_id": pa.array(store, pa.int32()), "sold_at": pa.array(sold_at)}))
    con.execute("INSERT INTO sales SELECT * FROM rows")
    con.unregister("rows")
    if cut:
        con.execute("DELETE FROM sales WHERE sold_at > ?", [ANCHOR])
    return con


@pytest.fixture(scope="module")
def shop():
    return _shop()


def test_each_step_reads_its_window_weeks_back(shop):
    rfm = rfm_sql.attach(shop)
    vq = rfm.resolve(DAILY.replace("7 TIMEFRAMES", "14 TIMEFRAMES"))
    features = forecast.step_features(vq, rfm.graph)
    ago = forecast.year_ago_columns(features.kinds, week_cycle.WEEK_AGO)
    assert sorted(ago) == list(range(1, 15))
    sql = features.select.sql("duckdb")
    ctes = set(re.findall(r"rfm_week_ago_step\d+_\d+ AS \(", sql))
    assert len(ctes) == 7 * week_cycle.WEEKS  # steps 8-14 read the windows of steps 1-7
    row = feature_rows(shop, features, [5], ANCHOR)[5]

    def sold(days_back: int) -> int:  # store 5's sales over the day `days_back` days before the anchor's
        lo = ANCHOR - dt.timedelta(days=days_back)
        query = "SELECT count(*) FROM sales WHERE store_id = 5 AND sold_at > ? AND sold_at <= ?"
        return shop.execute(query, [lo, lo + dt.timedelta(days=1)]).fetchall()[0][0]

    for step in (1, 5, 8, 14):  # step i is day (i - 1, i]: its window k whole weeks back ends by the anchor
        first = -(-step // 7)
        weeks = [sold(7 * k - step + 1) for k in range(first, first + week_cycle.WEEKS)]
        assert row[ago[step]] == weeks[0]
        mean = forecast.year_ago_columns(features.kinds, week_cycle.WEEK_MEAN)[step]
        assert row[mean] == pytest.approx(np.mean(weeks))


def test_a_saturday_is_forecast_as_a_saturday(shop):
    out = rfm_sql.attach(shop).predict(DAILY, anchor_time=ANCHOR, context_size=300, point="mean")
    by_step = {}
    for step, pred in zip(out.column("FORECAST_STEP").to_pylist(), out.column("TARGET_PRED").to_pylist(), strict=True):
        by_step.setdefault(step, []).append(pred)
    mean = {s: float(np.mean(v)) for s, v in by_step.items()}
    # steps 1..7 are Tuesday .. Monday: step 5 the Saturday (3x a weekday), step 6 the Sunday (0.3x)
    assert mean[5] > 2.0 * mean[1] and mean[6] < 0.6 * mean[1], mean


def test_a_one_step_regression_reads_its_weekday_and_others_do_not(shop):
    rfm = rfm_sql.attach(shop)
    names = [f.name.split(":", 1)[-1] for f in feature_query(rfm.resolve(TOMORROW), rfm.graph).features]
    assert week_cycle.WEEK_AGO in names and week_cycle.WEEK_MEAN in names
    for other in (TOMORROW.replace("0, 1, days", "0, 7, days"), TOMORROW.replace(") FOR", ") > 0 FOR")):
        names = [f.name for f in feature_query(rfm.resolve(other), rfm.graph).features]
        assert not any(week_cycle.WEEK_AGO in n for n in names), other


def test_rows_after_the_anchor_change_nothing(shop):
    cut = rfm_sql.attach(_shop(cut=True))
    full = rfm_sql.attach(shop)
    for query in (DAILY, TOMORROW):
        rows = [r.predict(query, anchor_time=ANCHOR, context_size=200).to_pylist() for r in (full, cut)]
        assert rows[0] == rows[1], query
