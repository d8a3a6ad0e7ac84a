import numpy as np
import pytest

from rfm_sql.compile.features import Feature, row_columns
from rfm_sql.runtime.contract import F_MAX
from rfm_sql.runtime.encode import TargetCoding, _categorical_parts, encode, fit, fit_target


def test_rank_normalisation_missing_flags_and_dropped_constants():
    ctx = {
        "a": np.array([1.0, 2.0, 3.0, np.nan]),
        "const": np.ones(4),
        "c": np.array(["x", "y", None, "x"], dtype=object),
    }
    qry = {"a": np.array([2.0, 10.0, np.nan]), "const": np.ones(3), "c": np.array(["x", "new", None], dtype=object)}
    ep = encode(ctx, qry, {"a": "numeric", "const": "numeric", "c": "categorical"}, [0, 1, 1, 0], "classification")
    assert "const" not in ep.feature_names and ep.feature_names[0] == "a"
    np.testing.assert_allclose(ep.x_ctx[:, 0], [-2 / 3, 0.0, 2 / 3, 0.0], atol=1e-6)
    np.testing.assert_allclose(ep.m_ctx[:, 0], [0, 0, 0, 1])
    np.testing.assert_allclose(ep.x_qry[:, 0], [0.0, 1.0, 0.0], atol=1e-6)
    np.testing.assert_allclose(ep.m_qry[:, 0], [0, 0, 1])
    assert ep.fmask.sum() == len(ep.feature_names) and ep.x_ctx.shape == (4, F_MAX)


def test_values_equal_up_to_summation_order_rank_as_ties():
    # one sum added in two orders (as two engines, or two partitionings, add it): the last bits differ
    a, b = (0.1 + 0.2) + 0.3, 0.1 + (0.2 + 0.3)
    assert a != b
    kinds, y = {"m": "numeric"}, [0, 1, 0, 1, 1]
    one = encode({"m": np.array([a, b, 1.0, 2.0, 3.0])}, {"m": np.array([b, a])}, kinds, y, "classification")
    two = encode({"m": np.array([b, a, 1.0, 2.0, 3.0])}, {"m": np.array([a, b])}, kinds, y, "classification")
    assert np.array_equal(one.x_ctx, two.x_ctx) and np.array_equal(one.x_qry, two.x_qry)
    assert one.x_ctx[0, 0] == one.x_ctx[1, 0] == one.x_qry[0, 0] == one.x_qry[1, 0]
    # a feature constant but for that noise is constant
    constant = encode({"m": np.array([a, b, a])}, {"m": np.array([a])}, kinds, [0, 1, 0], "classification")
    assert constant.feature_names == []
    # a real difference, however small against the values, still ranks apart
    close = encode({"m": np.array([1.0, 1.0 + 1e-7, 2.0])}, {"m": np.array([1.0])}, kinds, [0, 1, 0], "classification")
    assert close.x_ctx[0, 0] < close.x_ctx[1, 0]


def test_inputs_are_not_mutated_and_encoding_is_deterministic():
    rng = np.random.default_rng(0)
    ctx = {"a": rng.normal(size=50), "c": np.array(rng.choice(["u", "v"], 50), dtype=object)}
    qry = {"a": rng.normal(size=5), "c": np.array(["u"] * 5, dtype=object)}
    copy = {k: v.copy() for k, v in ctx.items()}
    y = rng.normal(size=50)
    one = encode(ctx, qry, {"a": "numeric", "c": "categorical"}, y, "regression")
    two = encode(ctx, qry, {"a": "numeric", "c": "categorical"}, y, "regression")
    assert all(np.array_equal(ctx[k], copy[k]) for k in ctx)
    assert np.array_equal(one.x_ctx, two.x_ctx) and np.array_equal(one.fdesc, two.fdesc)


def test_too_many_features_keeps_the_most_informative():
    rng = np.random.default_rng(1)
    n = 200
    y = rng.normal(size=n)
    ctx = {f"noise{i}": rng.normal(size=n) for i in range(F_MAX + 20)} | {"signal": y + rng.normal(scale=0.1, size=n)}
    qry = {k: v[:10] for k, v in ctx.items()}
    ep = encode(ctx, qry, dict.fromkeys(ctx, "numeric"), y, "regression")
    assert len(ep.feature_names) == F_MAX and "signal" in ep.feature_names


def test_target_coding():
    heavy = np.concatenate([np.zeros(80), np.arange(1, 21) ** 3.0])
    coding = fit_target(heavy, "regression")
    assert coding.log and np.allclose(coding.decode(coding.encode(heavy)), heavy)
    classes = fit_target(np.array(["b", "a", "b", "c"], dtype=object), "classification")
    assert classes.classes == ["a", "b", "c"] and list(classes.encode(["c", "a", "zz"])) == [2, 0, -1]
    assert fit_target(np.array([True, False]), "classification").classes == [False, True]


def test_out_of_fold_category_rates_do_not_leak_the_row_label():
    rng = np.random.default_rng(2)
    n = 40
    cats = np.array(rng.choice(["p", "q", "r"], n), dtype=object)
    y = rng.integers(0, 2, n).astype(float)
    coding = TargetCoding("classification", classes=[False, True])
    before = {p[0]: p[4] for p in _categorical_parts("c", cats, y, coding)}["c=rate1"]
    for row in range(n):
        flipped = y.copy()
        flipped[row] = 1 - flipped[row]
        after = {p[0]: p[4] for p in _categorical_parts("c", cats, flipped, coding)}["c=rate1"]
        assert after[row] == before[row]  # a row's own label never reaches its own encoding


@pytest.mark.parametrize("kind", ["classification", "regression"])
def test_bad_label_rows_are_dropped(kind):
    y = np.array([1.0, 2.0, np.nan, 4.0]) if kind == "regression" else np.array(["a", "b", "a", "b"], dtype=object)
    ep = encode({"a": np.arange(4.0)}, {"a": np.arange(2.0)}, {"a": "numeric"}, y, kind)
    assert len(ep.y_ctx) == (3 if kind == "regression" else 4)


def test_fitted_once_chunks_transform_as_one_batch():
    """The encoder is fitted on the context alone: each query chunk is only transformed, so splitting the
    query rows into chunks (as DuckDB does) gives exactly the rows of one batch."""
    rng = np.random.default_rng(5)
    ctx = {"a": rng.normal(size=80), "c": np.array(rng.choice(["u", "v", None], 80), dtype=object)}
    qry = {"a": rng.normal(size=30), "c": np.array(rng.choice(["u", "v", "w", None], 30), dtype=object)}
    kinds = {"a": "numeric", "c": "categorical"}
    encoder = fit(ctx, kinds, rng.integers(0, 3, 80), "classification")
    whole = encoder.episode(qry)
    parts = [encoder.episode({k: v[i : i + 7] for k, v in qry.items()}) for i in range(0, 30, 7)]
    np.testing.assert_array_equal(np.concatenate([p.x_qry for p in parts]), whole.x_qry)
    np.testing.assert_array_equal(np.concatenate([p.m_qry for p in parts]), whole.m_qry)
    assert whole.x_ctx is encoder.x_ctx and whole.feature_names == [s.name for s in encoder.slots]
    y = rng.integers(0, 3, 80)
    one_go, fitted = encode(ctx, qry, kinds, y, "classification"), fit(ctx, kinds, y, "classification").episode(qry)
    np.testing.assert_array_equal(one_go.x_qry, fitted.x_qry)
    np.testing.assert_array_equal(one_go.fdesc, fitted.fdesc)


def test_a_row_columns_missing_value_that_tells_the_label_gets_a_slot_of_its_own():
    """A lot with no reserve price sells; its price, where set, says little (an auction trial: AUROC 0.63, the missing
    value ranked in the middle with a flag the model read past). Given as a flag of its own, for the row columns
    `flags` names only; a value that tells more than its missingness gets none."""
    rng = np.random.default_rng(0)
    n = 400
    reserve = np.where(np.arange(n) % 3 == 0, np.nan, rng.uniform(10, 100, n))
    y = np.isnan(reserve).astype(int)
    ctx = {"reserve": reserve, "noise": rng.normal(size=n)}
    kinds = {"reserve": "numeric", "noise": "numeric"}
    enc = fit(ctx, kinds, y, "classification", flags=frozenset({"reserve"}))
    names = [s.name for s in enc.slots]
    assert names == ["reserve", "reserve=set", "noise"]
    j = names.index("reserve=set")
    assert enc.fdesc[j, 1] > 0.9 > enc.fdesc[0, 1]  # its correlation with the label, the value's far less
    x, m = enc.transform({"reserve": np.array([np.nan, 50.0]), "noise": np.zeros(2)})
    assert x[0, j] < x[1, j] and m[0, j] == m[1, j] == 0  # unset ranks low, set high; the flag itself is never missing
    assert [s.name for s in fit(ctx, kinds, y, "classification").slots] == ["reserve", "noise"]
    told = np.nan_to_num(reserve, nan=0.0) > 50  # the value tells the label: no slot for whether it is set
    assert "reserve=set" not in [
        s.name for s in fit(ctx, kinds, told, "classification", flags=frozenset({"reserve"})).slots
    ]


def test_row_columns_are_a_rows_own_values_not_aggregates():
    from_row = [
        Feature("f0:lots.reserve_price", "numeric", "lots", "reserve_price"),
        Feature("f1:lots.ends_at.days_ago", "numeric", "lots", "ends_at"),
        Feature("f2:seller_id->sellers.rating", "numeric", "sellers", "rating", "seller_id"),
    ]
    aggregates = [
        Feature("f3:bids.days_since_last", "numeric", "bids", "placed_at", "lot_id"),
        Feature("f4:bids.bid_amount.mean_all", "numeric", "bids", "bid_amount", "lot_id"),
        Feature("f5:feedback.seller_id->sellers.rating.mean_all", "numeric", "sellers", "rating", "feedback.seller_id"),
    ]
    assert row_columns(from_row + aggregates) == {f.name for f in from_row}
