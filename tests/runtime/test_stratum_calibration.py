"""Each stratum of candidate pairs is scored at the rate its kept pairs show (runtime.stratum_calibration):
a stratum never positive in the context (products bought once) is scaled down, whatever the model gave it."""

import numpy as np
import pyarrow as pa
import pytest

from rfm_sql.compile.candidates import HIST_ALL
from rfm_sql.runtime import pairs
from rfm_sql.runtime.model import load_default
from rfm_sql.runtime.stratum_calibration import _odds_factor, calibration, stratum_factors


def _kept(seed=0, n=600):
    """Kept pairs: positives and unseen negatives told apart by `fit`; the seen negatives look like positives
    on `fit` and differ only in their history count."""
    rng = np.random.default_rng(seed)
    kind = rng.choice(["positive", "unseen", "seen"], n, p=[0.4, 0.3, 0.3])
    fit = np.where(kind == "unseen", rng.normal(0, 1, n), rng.normal(2, 1, n))
    hist = np.where(kind == "seen", rng.integers(1, 4, n), 0).astype(float)
    return pa.table(
        {
            "ENTITY": rng.integers(0, 150, n),
            "ANCHOR_TIMESTAMP": pa.array(rng.integers(0, 3, n)).cast(pa.int64()),
            "fit": fit,
            HIST_ALL: hist,
            "LABEL": kind == "positive",
        }
    )


def test_a_stratum_never_positive_is_scaled_down_and_the_other_keeps_its_rate():
    kept = _kept()
    seen = pairs.seen_candidates(kept)
    kinds = {"fit": "numeric", HIST_ALL: "numeric"}
    unseen_factor, seen_factor = stratum_factors(load_default(), kept, kinds, seen, seed=0)
    assert seen_factor < 0.5  # the seen pairs' odds cut: none of them was ever positive
    assert 0.5 < unseen_factor < 2  # the unseen stratum's positive share is about what the model gives it
    assert stratum_factors(load_default(), kept, kinds, seen, seed=0) == (unseen_factor, seen_factor)  # seeded


def test_few_pairs_or_a_hierarchical_model_keep_the_sampling_odds():
    kept = _kept(n=30)
    kinds = {"fit": "numeric", HIST_ALL: "numeric"}
    assert stratum_factors(load_default(), kept, kinds, pairs.seen_candidates(kept), seed=0) == (1.0, 1.0)

    class Hierarchical:
        neighbours = True

    kept = _kept()
    assert stratum_factors(Hierarchical(), kept, kinds, pairs.seen_candidates(kept), seed=0) == (1.0, 1.0)


@pytest.mark.parametrize("rate", [0.001, 0.2, 0.5, 0.9])
def test_the_odds_factor_brings_the_mean_probability_to_the_rate(rate):
    p = np.random.default_rng(1).uniform(0.05, 0.95, 200)
    c = _odds_factor(p, rate)
    assert (p * c / (p * c + 1 - p)).mean() == pytest.approx(rate, rel=1e-4)


def test_products_never_bought_twice_are_not_recommended_again():
    """On the SaaS database (tests/saas_db.py) no account adds a product twice. Before each stratum got its own
    rate, owned products took 52% of the top 5 (the context: 0 positives among the seen pairs)."""
    import datetime as dt

    import duckdb

    import rfm_sql
    from tests.saas_db import build

    con = duckdb.connect()
    build(con, n_accounts=600)
    rfm = rfm_sql.attach(con)
    anchor = dt.datetime(2024, 10, 1)
    query = "PREDICT LIST_DISTINCT(account_products.product_id, 0, 30, days) RANK TOP 5 FOR EACH accounts.account_id"
    out = rfm.predict(query, anchor_time=anchor).to_pylist()
    owned = set(con.sql(f"SELECT account_id, product_id FROM account_products WHERE added_at <= '{anchor}'").fetchall())
    share = np.mean([(r["ENTITY"], r["CLASS"]) in owned for r in out])
    assert len(out) > 1000 and share < 0.02


def test_a_class_target_gets_a_factor_per_class():
    """Pairs of two classes the features cannot tell apart, one right four times as often as the other: the
    model reads the kept pairs' classes alike, and each class's factor moves its scores to its own rate."""
    rng = np.random.default_rng(3)
    n = 800
    klass = rng.choice(["often", "rarely"], n)
    label = rng.random(n) < np.where(klass == "often", 0.8, 0.2)
    kept = pa.table(
        {
            "ENTITY": rng.integers(0, 300, n),
            "ANCHOR_TIMESTAMP": pa.array(rng.integers(0, 3, n)).cast(pa.int64()),
            "noise": rng.normal(0, 1, n),
            HIST_ALL: np.zeros(n),
            "CLASS": klass,
            "LABEL": label,
        }
    )
    kinds = {"noise": "numeric", HIST_ALL: "numeric"}
    strata, by_class = calibration(load_default(), kept, kinds, pairs.seen_candidates(kept), seed=0, by_class=True)
    assert set(by_class) == {"often", "rarely"}
    assert by_class["often"] > 2 > 0.5 > by_class["rarely"]
    assert calibration(load_default(), kept, kinds, pairs.seen_candidates(kept), seed=0)[1] is None  # asked only
    prepared = pairs.PairPrepared(None, None, None, None, None, None, odds_ratios=(1.0, 1.0), class_factors=by_class)
    p = prepared.probability(np.full(2, 0.5), np.zeros(2, bool), ["often", "rarely"])
    assert p[0] > 0.5 > p[1]
    assert prepared.probability(np.full(2, 0.5), np.zeros(2, bool)).tolist() == [0.5, 0.5]  # no class: none
