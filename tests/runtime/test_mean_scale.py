"""Means of counts and sums that add up (runtime.mean_scale): scaled by the factor that makes the context's
out-of-fold means add up to its labels, each stratum of recent activity weighed as it occurs."""

from __future__ import annotations

import datetime as dt

import duckdb
import numpy as np
import pytest

import rfm_sql
from rfm_sql.runtime import context, mean_scale, plan
from rfm_sql.runtime.options import RunOptions
from tests.runtime.test_targets import build_visits
from tests.saas_db import build

REVENUE = "PREDICT SUM(invoices.amount, 0, 30, days) FOR EACH accounts.account_id"


def _total_ratio(rfm, con, anchor) -> float:
    pred = rfm.predict(REVENUE, anchor_time=anchor, point="mean").column("TARGET_PRED").to_pylist()
    actual = con.execute(
        f"SELECT SUM(amount) FROM invoices WHERE issued_at > TIMESTAMP '{anchor}' "
        f"AND issued_at <= TIMESTAMP '{anchor}' + INTERVAL 30 DAY"
    ).fetchone()[0]
    return sum(pred) / actual


def test_the_means_of_a_heavy_tailed_revenue_add_up(monkeypatch):
    """Invoices are Pareto-distributed: the bins' far tail made the means of 600 accounts add up to 3.4 times
    the month's revenue. No prediction decodes above the largest context label (TargetCoding.upper) now, and
    the scaling keeps the total near the revenue."""
    con = duckdb.connect()
    build(con, n_accounts=600)
    rfm = rfm_sql.attach(con)
    anchor = dt.datetime(2024, 11, 1)
    scaled = _total_ratio(rfm, con, anchor)
    monkeypatch.setattr(mean_scale, "ENABLED", False)
    plain = _total_ratio(rfm_sql.attach(con), con, anchor)
    assert 0.6 < scaled < 1.6 and 0.5 < plain < 2


def test_only_means_of_counts_and_sums_are_scaled(con, monkeypatch):
    rfm = build_visits(con)
    monkeypatch.setattr(mean_scale, "fit", lambda *args, **kwargs: 1.7)  # what the context would say
    cur = rfm.con.cursor()
    anchor = dt.datetime(2024, 6, 1)
    for pql, scale in [
        ("PREDICT COUNT(visits.*, 0, 30, days) FOR EACH users.user_id", 1.7),
        ("PREDICT SUM(visits.spent, 0, 30, days) FOR EACH users.user_id", 1.7),
        ("PREDICT AVG(visits.spent, 0, 30, days) FOR EACH users.user_id", 1.0),  # averages do not add up
    ]:
        vq = rfm.resolve(pql)
        mean = context.prepare(cur, vq, rfm.graph, anchor, RunOptions(point="mean"), model=rfm.model)
        assert mean.encoder.target.mean_scale == scale
        median = context.prepare(cur, vq, rfm.graph, anchor, RunOptions(), model=rfm.model)
        assert median.encoder.target.mean_scale == 1.0  # medians and quantiles are never scaled


def test_the_weights_undo_the_strata_of_recent_activity(con):
    rfm = build_visits(con)
    vq = rfm.resolve("PREDICT COUNT(visits.*, 0, 30, days) FOR EACH users.user_id")
    with rfm.con.cursor() as cur:
        p = plan.make_plan(cur, vq, rfm.graph, dt.datetime(2024, 6, 1), RunOptions())
        picked = plan.select_context(cur, vq, rfm.graph, p, RunOptions(), weigh=True)
        plain = plan.select_context(cur, vq, rfm.graph, p, RunOptions())
    assert plan.PRIOR_RATIO not in plain.column_names
    w = np.asarray(picked.column(plan.PRIOR_RATIO).to_pylist())
    assert w.min() < 1 < w.max()  # the strata are not kept at the rates they occur
    assert picked.drop_columns([plan.PRIOR_RATIO]).equals(plain)  # weighing changes no row


@pytest.mark.parametrize(
    "y, means, expected",
    [
        (np.full(400, 2.0), np.full(400, 1.0), 2.0),  # every row says twice: the factor is 2
        (np.r_[np.zeros(398), [1.0, 1.0]], np.full(400, 0.0075), 1.0),  # 2 events where 3 were expected: noise
    ],
)
def test_the_factor_is_shrunk_by_its_standard_error(y, means, expected):
    assert mean_scale.factor(y, means, np.ones(len(y))) == pytest.approx(expected, rel=1e-6)
