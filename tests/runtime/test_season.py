"""A year's season in the context (runtime.season): where last year's labels jumped at this time of year, the
examples of this time of year in earlier years fill the context first (a level's: each anchor up to the whole
cap; a binary target's year-ago anchor comes after the three newest, a share like the others) and every
example reads its time of year; where they did not, the context and the inputs are exactly what they were
without it."""

import datetime as dt
from collections import Counter

import numpy as np
import pyarrow.compute as pc
import pytest

import rfm_sql
from rfm_sql.runtime import context as context_lib
from rfm_sql.runtime import forecast, season, strata
from rfm_sql.runtime import plan as planner
from rfm_sql.runtime.options import RunOptions

SPEND = "PREDICT SUM(orders.amount, 0, 30, days) FOR EACH users.user_id"
BEFORE_PEAK = dt.datetime(2024, 11, 30)  # the demo shop's year-end peak follows (as it did a year before)
SHORT = dt.datetime(2024, 2, 29)  # 14 months of history: none before the year-ago anchor to compare it with


def test_steps_back_to_the_same_time_last_year():
    assert season.steps_back((30, "days")) == 12 and season.steps_back((7, "days")) == 52
    assert season.steps_back((1, "months")) == 12 and season.steps_back((3, "months")) == 4
    assert season.steps_back((4, "months")) == 3 and season.steps_back((6, "months")) == 2  # up to half a year
    assert season.steps_back((7, "months")) is None and season.steps_back((28, "weeks")) is None  # > half a year
    assert season.steps_back((2, "hours")) is None and season.steps_back((1, "days")) is None  # no context reaches
    assert season.steps_back(None) is None


def test_a_jump_last_year_well_beyond_the_usual_ones_is_a_season():
    flat = 10 + np.random.default_rng(0).normal(0, 0.3, 30)  # mean label per anchor, newest first
    assert not season.seasonal(flat, 12)
    peak = flat.copy()
    peak[11] = 25  # a year back (index k - 1) the labels jumped
    assert season.seasonal(peak, 12)
    assert not season.seasonal(peak[:13], 12)  # too little history behind the year-ago anchor to compare
    elsewhere = flat.copy()
    elsewhere[5] = 25  # a jump at another time of year is no season
    assert not season.seasonal(elsewhere, 12)
    small = flat.copy()
    small[11] = 11.5  # beyond the noise, but under a 25% change
    assert not season.seasonal(small, 12)


def test_means_that_repeat_a_year_apart_are_a_season_and_a_trend_is_not():
    """A monthly forecast of four timeframes steps back four months at a time: spring high, summer low, autumn in
    between, every step a jump, so none stands out (an unseen forecast: MAE 8.2 where last_value's was 4.9)."""
    noise = np.random.default_rng(1).normal(0, 0.05, 9)
    year = np.tile(np.log([15.0, 4.0, 8.0]), 3)  # newest first, k = 3 anchors a year
    growing = np.exp(year + 0.5 * np.arange(9)[::-1] / 3 + noise)  # and growing by half a log unit a year
    assert season.seasonal(growing, 3)
    trend = np.exp(0.3 * np.arange(9)[::-1] + noise)  # a steady trend follows the anchor before just as well
    assert not season.seasonal(trend, 3)
    other_cycle = np.exp(np.tile(np.log([15.0, 4.0]), 5)[:9] + noise)  # big changes, but every two anchors
    assert not season.seasonal(other_cycle, 3)
    assert not season.seasonal(growing[:5], 3)  # two years apart pairs are too few to tell
    # plain noise with the least history (three yearly pairs) is rarely a season: about a median, one deviation
    # of three is always 0, and a two-fold rule had taken noise for a season one time in five
    rng = np.random.default_rng(7)
    for k, n in ((3, 6), (2, 5)):  # (the jump rule alone takes none of these for a season)
        found = np.mean([season.seasonal(np.exp(rng.normal(0, 0.4, n)), k) for _ in range(400)])
        assert found < 0.12, (k, n, found)


def test_this_time_of_year_in_earlier_years_fills_the_context_first():
    anchors = tuple(range(40))  # newest first, one horizon apart: index i is i + 1 horizons back
    assert season.same_time(anchors, (1, "months")) == (11, 23, 35)  # calendar months: exactly 12 a year
    # 30 days: 12 steps are 360 days, 5.25 short of a year; three years back is 1,096 days, 37 steps (not 36)
    assert season.same_time(anchors, (30, "days")) == (11, 23, 36)
    assert season.same_time(anchors[:11], (30, "days")) == ()  # no history a year back
    lead = season.same_time(anchors, (1, "months"))
    assert season.ordered(anchors, 12, lead) == lead + tuple(a for a in anchors if a not in lead)
    # a binary target keeps the mix: the three newest, the year-ago one, then the rest
    assert season.ordered(anchors[:20], 12) == (0, 1, 2, 11) + tuple(range(3, 11)) + tuple(range(12, 20))
    assert season.ordered(anchors[:20], 30) == anchors[:20]  # no year-ago anchor in the history


def _context(shop, anchor):
    rfm = rfm_sql.attach(shop)
    vq = rfm.resolve(SPEND)
    options = RunOptions.from_kwargs(context_size=200)
    with rfm.graph.cursor(shop) as cur:
        plan = planner.make_plan(cur, vq, rfm.graph, anchor, options)
        return plan, planner.select_context(cur, vq, rfm.graph, plan, options)


def test_before_a_peak_like_last_years_the_context_holds_last_years_examples(shop):
    plan, context = _context(shop, BEFORE_PEAK)
    assert season.is_marked(context)
    # the year-ago anchor gives every labelled example it has (any other anchor at most a quarter of the cap),
    # the newest anchors fill the rest
    counts = Counter(context.column("ANCHOR_TIMESTAMP").to_pylist())
    assert counts.pop(plan.context_anchors[11]) > 200 // 4 and max(counts.values()) <= 200 // 4
    assert set(counts) <= set(plan.context_anchors[:4])
    plan, context = _context(shop, SHORT)
    assert not season.is_marked(context)
    assert set(context.column("ANCHOR_TIMESTAMP").to_pylist()) == set(plan.context_anchors[:4])


def test_only_a_level_lets_this_time_of_year_fill_the_whole_context(shop):
    # a binary target's classes are balanced per anchor: its year-ago anchor takes a share like the others
    rfm = rfm_sql.attach(shop)
    options = RunOptions.from_kwargs(context_size=200)
    churn = rfm.resolve("PREDICT COUNT(orders.*, 0, 30, days) = 0 FOR EACH users.user_id")
    with rfm.graph.cursor(shop) as cur:
        plan = planner.make_plan(cur, churn, rfm.graph, BEFORE_PEAK, options)
    on = tuple(plan.context_anchors)  # as if the season were on
    assert planner.seasonal_lead(churn, plan, on) == ()
    assert planner.seasonal_lead(rfm.resolve(SPEND), plan, on) == (plan.context_anchors[11],)
    assert planner.seasonal_lead(rfm.resolve(SPEND), plan, None) == ()  # no season


def test_a_large_tables_lead_anchor_is_sampled_deep_enough_to_fill_the_cap(shop, monkeypatch):
    # 300 users and a cap of 20: each anchor's sample is sized for a quarter of the cap (80 users); the lead
    # anchor's is drawn again for the whole cap (160), from the same hash buckets and more
    rfm = rfm_sql.attach(shop)
    vq = rfm.resolve(SPEND)
    with rfm.graph.cursor(shop) as cur:
        plan = planner.make_plan(cur, vq, rfm.graph, BEFORE_PEAK, RunOptions.from_kwargs(context_size=20))
        first = planner.sampled_seed(vq, rfm.graph, plan.context_anchors, 80 / 300, 0)
        labelled = cur.sql(planner.to_sql(strata.labels_with_lag(vq, rfm.graph, first))).to_arrow_table()
        sample = (80 / 300, 300, 20, 0, None)  # ... and the anchor the context serves (None: read as it stands)
        lead = planner.seasonal_lead(vq, plan, tuple(plan.context_anchors))  # as if the season were on
        deeper = planner.lead_sampled_deeper(cur, vq, rfm.graph, lead, labelled, sample, strata.labels_with_lag)
        assert planner.lead_sampled_deeper(cur, vq, rfm.graph, (), labelled, sample, strata.labels_with_lag) is labelled

    def rows(table, lead: bool):
        at = pc.equal(table.column("ANCHOR_TIMESTAMP"), plan.context_anchors[11])
        part = table.filter(at if lead else pc.invert(at))
        return set(zip(part.column("ENTITY").to_pylist(), part.column("ANCHOR_TIMESTAMP").to_pylist(), strict=True))

    assert rows(labelled, True) < rows(deeper, True) and len(rows(deeper, True)) > 1.5 * len(rows(labelled, True))
    assert rows(labelled, False) == rows(deeper, False)  # the other anchors as they were
    # a forecast's lead anchor too, through its own label SQL: of the users active in the 60 days before it, a
    # quarter-cap sample labels 22, the deeper one fills the cap of 40
    monkeypatch.setattr(season, "seasonal", lambda means, k: True)
    fq = rfm.resolve(
        "PREDICT SUM(orders.amount, 0, 7, days) FORECAST 4 TIMEFRAMES FOR EACH users.user_id "
        "WHERE COUNT(orders.*, -60, 0, days) > 0"
    )
    options = RunOptions.from_kwargs(context_size=40)
    with rfm.graph.cursor(shop) as cur:
        fplan = planner.make_plan(cur, fq, rfm.graph, BEFORE_PEAK, options)
        context = forecast.select_context(cur, fq, rfm.graph, fplan, options, options.cap)
    year_ago = context.filter(pc.equal(context.column("ANCHOR_TIMESTAMP"), fplan.context_anchors[12]))
    assert len(set(year_ago.column("ENTITY").to_pylist())) == options.cap  # the whole cap from the year-ago anchor


def test_without_a_season_predictions_are_exactly_those_without_the_time_of_year(shop, monkeypatch):
    def predict():
        out = rfm_sql.attach(shop).predict(SPEND, anchor_time=SHORT, context_size=200, quantiles=[0.1, 0.9])
        return out.to_pylist()

    with_inputs = predict()
    monkeypatch.setattr(context_lib, "seasonal_task", lambda vq: False)  # no time-of-year inputs at all
    assert predict() == with_inputs


def test_the_season_brings_the_peak_into_the_prediction(shop, monkeypatch):
    # the 30 days after BEFORE_PEAK hold twice the orders of the 30 before; without last year's examples the
    # context knew only the quiet months before it
    def backtest():
        return rfm_sql.attach(shop).evaluate(SPEND, anchor_time=BEFORE_PEAK, context_size=200).metrics["mae"]

    with_season = backtest()
    monkeypatch.setattr(season, "seasonal", lambda means, k: False)
    assert with_season < 0.95 * backtest()


@pytest.mark.parametrize("horizon", [(7, "days"), (1, "months")])
def test_time_of_year_reads_only_the_anchor(shop, horizon):
    # point in time: the inputs are the anchor's own day of the year, whatever the data holds after it
    amount, unit = horizon
    rfm = rfm_sql.attach(shop)
    vq = rfm.resolve(f"PREDICT COUNT(orders.*, 0, {amount}, {unit}) FOR EACH users.user_id")
    features = context_lib.feature_query(vq, rfm.graph)
    names = [f.name for f in features.features if f.name.split(":", 1)[1].startswith("season.")]
    assert len(names) == 2
    rows = shop.execute(
        f"WITH rfm_seed AS (SELECT 1 AS ENTITY, TIMESTAMP '2024-03-01' AS ANCHOR_TIMESTAMP) "
        f"SELECT * FROM ({features.select.sql('duckdb')})"
    ).fetchdf()
    day = dt.datetime(2024, 3, 1).timetuple().tm_yday
    assert rows[names[0]][0] == pytest.approx(np.sin(2 * np.pi * day / 365.25))
    assert rows[names[1]][0] == pytest.approx(np.cos(2 * np.pi * day / 365.25))


def test_a_forecast_before_the_peak_holds_last_years_examples_too(shop):
    rfm = rfm_sql.attach(shop)
    vq = rfm.resolve("PREDICT SUM(orders.amount, 0, 7, days) FORECAST 4 TIMEFRAMES FOR EACH users.user_id")
    options = RunOptions.from_kwargs(context_size=200)
    with rfm.graph.cursor(shop) as cur:
        plan = planner.make_plan(cur, vq, rfm.graph, BEFORE_PEAK, options)
        context = forecast.select_context(cur, vq, rfm.graph, plan, options, options.cap)
    assert season.steps_back(vq.horizon) == 13 and season.is_marked(context)
    year_ago = context.filter(pc.equal(context.column("ANCHOR_TIMESTAMP"), plan.context_anchors[12]))
    assert len(set(year_ago.column("ENTITY").to_pylist())) > options.cap // 4  # more than any other anchor may give
