"""A category of the entity's row holding today's state that is common now too (a donor's tier 'lapsed', set once
a donor goes a year without a gift) is not read: among the donors active lately none holds it now, while the
context's active examples do (they lapsed after their anchor). A nonprofit trial's lapse backtest read AUROC 0.87
with it where predictions on a copy of the database as it stood scored 0.78 (runtime/active_states.py)."""

import warnings

import duckdb
import numpy as np
import pytest

import rfm_sql
from rfm_sql.runtime import active_states, state_columns
from rfm_sql.runtime.context import feature_query, featurise

LAPSE = "PREDICT COUNT(gifts.*, 0, 90, days) = 0 FOR EACH donors.donor_id WHERE COUNT(gifts.*, -INF, 0, days) > 0"
TODAY = np.datetime64("2024-12-31")


def _donors():
    """400 donors joining over 2022; each gives every 20-60 days until a stop day (a third never stop); the tier is
    today's: 'lapsed' for no gift in the last 150 days, else 'active'; the region (north/south) is a fixed trait
    that slows southern donors down."""
    rng = np.random.default_rng(0)
    rows, gifts = [], []
    for d in range(400):
        joined = np.datetime64("2022-01-01") + int(rng.integers(0, 365))
        south = d % 2 == 1
        stop = TODAY + 1 if d % 3 == 0 else joined + int(rng.integers(60, 1000))
        t, last = joined, None
        while t <= min(stop, TODAY):
            gifts.append((len(gifts), d, str(t), float(rng.integers(10, 200))))
            last = t
            t = t + int(rng.integers(20, 60)) * (2 if south else 1)
        lapsed = last is None or (TODAY - last).astype(int) > 150
        rows.append((d, str(joined), "lapsed" if lapsed else "active", "south" if south else "north"))
    con = duckdb.connect()
    con.execute(
        "CREATE TABLE donors (donor_id INTEGER PRIMARY KEY, created_at TIMESTAMP, tier VARCHAR, region VARCHAR)"
    )
    con.executemany("INSERT INTO donors VALUES (?, ?, ?, ?)", rows)
    con.execute(
        "CREATE TABLE gifts (gift_id INTEGER PRIMARY KEY, donor_id INTEGER REFERENCES donors, gift_date TIMESTAMP, "
        "amount DOUBLE)"
    )
    con.executemany("INSERT INTO gifts VALUES (?, ?, ?, ?)", gifts)
    return con


def test_a_tier_common_now_but_held_by_none_of_the_active_is_todays_state():
    con = _donors()
    rfm = rfm_sql.attach(con)
    vq = rfm.resolve(LAPSE)
    features = feature_query(vq, rfm.graph)
    rows = rfm.labels(LAPSE, anchor_time=["2023-06-01", "2023-12-01", "2024-06-01"]).select(
        ["ENTITY", "ANCHOR_TIMESTAMP"]
    )
    with con.cursor() as cur:
        columns = featurise(cur, features, rows)
        now = state_columns.present(cur, vq, rfm.graph)
        assert state_columns.stale(cur, vq, rfm.graph, columns, features.kinds, now) == {}  # common now: let through
        found = active_states.stale(cur, vq, rfm.graph, columns, features.kinds, now)
    assert {column: values for column, values, _ in found.values()} == {"donors.tier": ["lapsed"]}  # not the region
    with pytest.warns(rfm_sql.RFMWarning, match=r"Not read: donors.tier \('lapsed'"):
        out = rfm.predict(LAPSE, context_size=300)
    assert "active lately" in out.column("WARNING")[0].as_py()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ev = rfm.evaluate(LAPSE, anchor_time="2024-06-01", context_size=300)
    assert any(w.startswith("Not read: donors.tier") for w in ev.warnings)
    explained = rfm.explain(LAPSE, entity=[0], context_size=300).contributions.to_pylist()
    assert "tier" not in {r["COLUMN_NAME"] for r in explained}
