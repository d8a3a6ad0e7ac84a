"""Regression targets as they are: lower bounds from the PQL, folded into the decoded distribution; medians,
means and quantiles of the predictive distribution (runtime.bounds, runtime.decoding)."""

import dataclasses
import datetime as dt

import numpy as np
import pytest

import rfm_sql
from rfm_sql.runtime import anchors, bounds, context, contract, decoding, encode
from rfm_sql.runtime.encode import TargetCoding
from rfm_sql.runtime.model import load_default, score
from rfm_sql.runtime.options import RunOptions


def build_visits(con, n=400, seed=0, shift=0.0):
    """Users of whom most visit once early and never again (mostly-zero counts); `spent` is shifted by
    `shift` (a negative shift gives a column with negative values)."""
    rng = np.random.default_rng(seed)
    start = dt.datetime(2024, 1, 1)
    con.execute("CREATE TABLE users (user_id INTEGER PRIMARY KEY, region VARCHAR)")
    con.execute(
        "CREATE TABLE visits (visit_id INTEGER PRIMARY KEY, user_id INTEGER REFERENCES users (user_id), "
        "t TIMESTAMP, spent DOUBLE)"
    )
    con.executemany("INSERT INTO users VALUES (?, ?)", [(i, str(rng.choice(["a", "b"]))) for i in range(n)])
    rows = []
    for u in range(n):
        days = [rng.integers(0, 30)] if rng.random() < 0.9 else rng.integers(0, 365, rng.integers(5, 40))
        for d in days:
            t = start + dt.timedelta(days=int(d), hours=int(rng.integers(0, 24)))
            rows.append((len(rows), u, t, float(rng.exponential(20)) + shift))
    con.executemany("INSERT INTO visits VALUES (?, ?, ?, ?)", rows)
    return rfm_sql.attach(con)


LATER = dt.datetime(2100, 1, 1)  # an anchor after every row: the bound reads the whole table


def prepared(rfm, pql):
    vq = rfm.resolve(pql)
    cur = rfm.con.cursor()
    return cur, context.prepare(
        cur, vq, rfm.graph, anchors.default_anchor(cur, vq, rfm.graph), RunOptions(), model=rfm.model
    )


@pytest.mark.parametrize(
    "pql, expected",
    [
        ("PREDICT COUNT(visits.*, 0, 30, days) FOR EACH users.user_id", 0.0),
        ("PREDICT COUNT(visits.* WHERE visits.spent > 10, 0, 30, days) FOR EACH users.user_id", 0.0),
        ("PREDICT COUNT_DISTINCT(visits.spent, 0, 30, days) FOR EACH users.user_id", 0.0),
        ("PREDICT SUM(visits.spent, 0, 30, days) FOR EACH users.user_id", 0.0),
        ("PREDICT AVG(visits.spent, 0, 30, days) FOR EACH users.user_id", "min"),
        ("PREDICT MAX(visits.spent, 0, 30, days) FOR EACH users.user_id", "min"),
    ],
)
def test_lower_bound_of_non_negative_targets(con, pql, expected):
    rfm = build_visits(con)
    least = con.sql("SELECT MIN(spent) FROM visits").fetchall()[0][0]
    found = bounds.lower_bound(con.cursor(), rfm.resolve(pql), rfm.graph, LATER)
    assert found == (least if expected == "min" else expected)
    assert found >= 0


def test_a_column_with_negative_values_is_not_bounded_at_zero(con):
    rfm = build_visits(con, shift=-30.0)
    least = con.sql("SELECT MIN(spent) FROM visits").fetchall()[0][0]
    assert least < 0
    cur = con.cursor()
    assert (
        bounds.lower_bound(
            cur, rfm.resolve("PREDICT SUM(visits.spent, 0, 30, days) FOR EACH users.user_id"), rfm.graph, LATER
        )
        is None
    )
    avg = "PREDICT AVG(visits.spent, 0, 30, days) FOR EACH users.user_id"
    assert bounds.lower_bound(cur, rfm.resolve(avg), rfm.graph, LATER) == least  # the mean of values >= least
    pred = rfm.predict("PREDICT SUM(visits.spent, 0, 90, days) FOR EACH users.user_id").column("TARGET_PRED")
    assert min(pred.to_pylist()) < 0  # negative sums are predicted: nothing clamps them at zero


def test_the_bound_reads_no_row_after_the_anchor(con):
    # refunds dated after the anchor: the bound at the anchor, and every prediction there, stay as they were
    # (the bound read the whole table: 0 was dropped for SUM and the predictions moved, below zero too)
    rfm = build_visits(con)
    spend, avg = (f"PREDICT {f}(visits.spent, 0, 30, days) FOR EACH users.user_id" for f in ("SUM", "AVG"))
    anchor = dt.datetime(2024, 6, 1)
    before = {q: rfm.predict(q, anchor_time=anchor, quantiles=[0.1]) for q in (spend, avg)}
    least = con.sql("SELECT MIN(spent) FROM visits WHERE t <= ?", params=[anchor]).fetchall()[0][0]
    con.execute("INSERT INTO visits VALUES (100000, 1, TIMESTAMP '2024-06-02', -500.0), (100001, 2, NULL, -700.0)")
    cur = con.cursor()
    assert bounds.lower_bound(cur, rfm.resolve(spend), rfm.graph, anchor) == 0.0
    assert bounds.lower_bound(cur, rfm.resolve(avg), rfm.graph, anchor) == least
    assert bounds.lower_bound(cur, rfm.resolve(spend), rfm.graph, LATER) is None  # later, the refund counts
    for q, table in before.items():
        assert rfm.predict(q, anchor_time=anchor, quantiles=[0.1]).equals(table)
    assert min(before[spend].column("TARGET_Q10").to_pylist()) >= 0


def test_classification_targets_have_no_bound(con):
    rfm = build_visits(con)
    vq = rfm.resolve("PREDICT COUNT(visits.*, 0, 30, days) > 0 FOR EACH users.user_id")
    assert bounds.lower_bound(con.cursor(), vq, rfm.graph, LATER) is None


def test_mostly_zero_counts_are_never_predicted_below_zero(con):
    rfm = build_visits(con)
    cur, p = prepared(rfm, "PREDICT COUNT(visits.*, 0, 30, days) FOR EACH users.user_id")
    assert p.encoder.target.lower == 0.0
    episode = p.encoder.episode(context.featurise(cur, p.features, p.context))
    free = dataclasses.replace(episode, target=dataclasses.replace(episode.target, lower=None, integer=False))
    model = load_default()
    assert score(model, free)[0].min() < 0  # the unclamped decoding goes below zero on this database ...
    assert score(model, episode)[0].min() >= 0  # ... the bound keeps it at or above
    table = rfm.predict("PREDICT COUNT(visits.*, 0, 30, days) FOR EACH users.user_id", point="mean", quantiles=[0.05])
    for name in ("TARGET_PRED", "TARGET_Q5"):
        assert min(table.column(name).to_pylist()) >= 0


def _dists(n=40, seed=0):
    rng = np.random.default_rng(seed)
    return rng.dirichlet(np.full(contract.N_BINS, 0.2), size=n)


@pytest.mark.parametrize("log", [False, True])
def test_quantiles_are_monotone_and_the_median_is_the_half_quantile(log):
    target = TargetCoding("regression", log=log, mean=0.5, std=1.3, lower=0.0, quantiles=(0.1, 0.5, 0.9, 0.99))
    dist = _dists()
    point, qs = decoding.regression(dist, target)
    assert qs.shape == (len(dist), 4) and (np.diff(qs, axis=1) >= 0).all()
    assert np.allclose(point, qs[:, 1]) and (qs >= 0).all()
    unbounded = dataclasses.replace(target, lower=None)
    raw = unbounded.decode(contract.regression_median(dist))
    assert np.allclose(point, np.maximum(raw, 0))  # clamping the median = folding the mass below the bound


def test_mean_folds_the_mass_below_the_bound():
    dist = np.zeros((1, contract.N_BINS))
    centers = contract.bin_centers()
    lo, hi = np.searchsorted(centers, -1.0), np.searchsorted(centers, 1.0)
    dist[0, [lo, hi]] = 0.5  # half the mass around -1, half around +1 (identity coding)
    target = TargetCoding("regression", point="mean")
    assert abs(decoding.regression(dist, target)[0][0] - (centers[lo] + centers[hi]) / 2) < 1e-9
    folded = decoding.regression(dist, dataclasses.replace(target, lower=0.0))[0][0]
    assert abs(folded - centers[hi] / 2) < 1e-9  # the mass at -1 now counts as 0
    median = decoding.regression(dist, dataclasses.replace(target, point="median", lower=0.0))[0][0]
    assert median >= 0


def test_mean_of_a_log_coded_target_is_the_mean_in_its_own_units():
    dist = np.zeros((1, contract.N_BINS))
    dist[0, 60] = 1.0
    target = TargetCoding("regression", log=True, mean=1.0, std=0.5, point="mean")
    edges = contract.bin_edges()
    z = np.linspace(edges[60], edges[61], 20001)
    expected = np.expm1(z * 0.5 + 1.0).mean()
    assert abs(decoding.regression(dist, target)[0][0] - expected) < 1e-4 * expected


def test_nothing_decodes_above_the_largest_context_label():
    # most windows 0, the rest near 1e5: log1p-coded, the bins' top (4 standard deviations) decodes to ~1e13,
    # so a one-in-a-million sliver of mass there made one TPC-H customer's mean quarterly spend 1.4e8
    y = np.array([0.0] * 900 + list(np.random.default_rng(0).lognormal(11.5, 0.8, 100)))
    target = dataclasses.replace(encode.fit_target(y, "regression"), point="mean", quantiles=(0.9, 1.0))
    assert target.log and target.decode(np.array([contract.BIN_RANGE]))[0] == pytest.approx(y.max())
    dist = np.zeros((1, contract.N_BINS))
    dist[0, int(np.searchsorted(contract.bin_edges(), target.encode([1e5])[0])) - 1] = 1 - 1e-6
    dist[0, -1] = 1e-6
    mean, quantiles = decoding.regression(dist, target)
    assert 9e4 < mean[0] < 1.1e5 and quantiles[0, -1] <= y.max() * (1 + 1e-9)
    before = dataclasses.replace(target, upper=None)  # what it read before
    assert before.decode(np.array([contract.BIN_RANGE]))[0] > 5 * y.max()
    unbounded_mean, unbounded_quantiles = decoding.regression(dist, before)
    assert unbounded_mean[0] > mean[0] and unbounded_quantiles[0, -1] > 2 * y.max()


def test_a_counts_median_and_quantiles_are_whole_numbers_and_its_mean_is_not_rounded():
    """Mass spread over the bin around 0 puts a continuous median just above 0; a count's is 0."""
    dist = np.zeros((1, contract.N_BINS))
    zero = np.searchsorted(contract.bin_edges(), 0.0, side="right") - 1
    dist[0, zero], dist[0, zero + 8] = 0.7, 0.3  # most entities have no event; a few have a handful
    target = TargetCoding("regression", log=True, mean=0.0, std=1.0, lower=0.0, quantiles=(0.1, 0.5, 0.95))
    raw_point, raw_qs = decoding.regression(dist, target)
    assert 0 < raw_point[0] < 0.5  # the continuous median: a small positive number no count takes
    point, qs = decoding.regression(dist, dataclasses.replace(target, integer=True))
    assert point[0] == 0.0 and np.array_equal(qs, decoding.whole(raw_qs)) and (np.diff(qs, axis=1) >= 0).all()
    assert qs[0, -1] >= 1  # the upper quantile rounds to a whole count of at least one
    mean = decoding.regression(dist, dataclasses.replace(target, integer=True, point="mean"))[0][0]
    assert mean == decoding.regression(dist, dataclasses.replace(target, point="mean"))[0][0]
    assert mean != round(mean)
    rounded = decoding.whole(np.array([-1.5, -0.4, 0.5, 2.49, 2.5]))
    assert list(rounded) == [-2.0, 0.0, 1.0, 2.0, 3.0] and not np.signbit(rounded[1])  # never "-0" in a result


@pytest.mark.parametrize(
    "pql, count",
    [
        ("PREDICT COUNT(visits.*, 0, 30, days) FOR EACH users.user_id", True),
        ("PREDICT COUNT_DISTINCT(visits.spent, 0, 30, days) FOR EACH users.user_id", True),
        ("PREDICT SUM(visits.spent, 0, 30, days) FOR EACH users.user_id", False),
        ("PREDICT AVG(visits.spent, 0, 30, days) FOR EACH users.user_id", False),
    ],
)
def test_count_predictions_are_whole_from_python_and_sql(con, pql, count):
    rfm = build_visits(con)
    assert bounds.is_count(rfm.resolve(pql)) is count
    py = rfm.predict(pql, quantiles=[0.1, 0.9])
    sql = con.sql("SELECT * FROM rfm_predict(?, quantiles := [0.1, 0.9])", params=[pql]).to_arrow_table()
    for table in (py, sql):
        values = np.array([table.column(c).to_pylist() for c in ("TARGET_PRED", "TARGET_Q10", "TARGET_Q90")])
        assert (values == np.round(values)).all() == count


def test_an_atom_at_the_bound_is_reported_as_the_bound():
    """Most customers spend exactly 0: a median inside the bound's bin is 0, not a point spread across it."""
    edges, width = contract.bin_edges(), contract.bin_edges()[1] - contract.bin_edges()[0]
    zero = 30
    # log-coded, with 0 coded just above the lower edge of bin 30: most of that bin lies above the bound
    target = TargetCoding(
        "regression", log=True, mean=-(edges[zero] + 0.05 * width) * 1.5, std=1.5, lower=0.0, quantiles=(0.1, 0.5, 0.9)
    )
    assert np.searchsorted(edges, target.encode([0.0])[0], side="right") - 1 == zero
    dist = np.zeros((2, contract.N_BINS))
    dist[0, zero], dist[0, zero + 30] = 0.6, 0.4  # mostly nothing, else a purchase
    dist[1, zero], dist[1, zero + 30] = 0.3, 0.7  # mostly a purchase
    spread, spread_qs = decoding.regression(dist, target)
    assert spread[0] > 0  # without the atom, the median lies inside the bin, above the bound
    point, qs = decoding.regression(dist, dataclasses.replace(target, atom=True))
    assert point[0] == 0.0 and qs[0, 0] == 0.0 and qs[0, 2] == spread_qs[0, 2]
    assert point[1] == spread[1] and qs[1, 1:].tolist() == spread_qs[1, 1:].tolist() and qs[1, 0] == 0.0
    assert (np.diff(qs, axis=1) >= 0).all()
    # coded relative to each row's own level (runtime.residual), the bound's bin is found in the row's coding
    ratio = dataclasses.replace(target, atom=True, offset="lag", offset_default=2.0, offset_ratio=True)
    assert decoding.regression(dist, ratio, np.array([0.0, 5.0]))[0][0] == 0.0


def test_the_gap_above_an_atom_is_read_as_the_atom_up_to_halfway():
    """No label lies between the bound and the least label above it (no order costs 3 cents): the model's mass
    in the lower half of that gap is its spread of the atom, so a median there is the bound, not 0.03."""
    edges, width = contract.bin_edges(), contract.bin_edges()[1] - contract.bin_edges()[0]
    target = TargetCoding("regression", mean=-(edges[30] + 0.5 * width), std=1.0, lower=0.0, atom=True)
    assert np.searchsorted(edges, target.encode([0.0])[0], side="right") - 1 == 30
    dist = np.zeros((3, contract.N_BINS))
    dist[:, 30] = 0.35  # the bound's own bin
    dist[0, 33], dist[0, 60] = 0.25, 0.40  # a quarter in the gap's lower half: with the atom's, over half
    dist[1, 38], dist[1, 60] = 0.25, 0.40  # the same quarter in the gap's upper half: a small spend
    dist[2, 31], dist[2, 60] = 0.10, 0.55  # mostly a purchase
    next_label = float(target.decode(np.array([edges[40]]))[0])  # the gap: bins 31-39, halfway at bin 35.5
    before, _ = decoding.regression(dist, target)
    after, _ = decoding.regression(dist, dataclasses.replace(target, next_label=next_label))
    assert before[0] > 0 and after[0] == 0.0  # a median in the gap's lower half is the atom
    assert after[1] == before[1] > 0  # the upper half is nearer the least label: not the atom's
    assert after[2] == before[2] > next_label  # a row whose median is past the gap is unchanged
    lo, hi = decoding.atom_levels(dist, dataclasses.replace(target, next_label=next_label), None)
    assert lo.tolist() == [0, 0, 0] and hi == pytest.approx([0.60, 0.35, 0.45])


def test_an_atom_at_zero_inside_a_signed_range_is_reported_as_zero():
    """Net payouts with chargebacks may be negative, but most sellers' windows hold no row: 0 is an atom inside
    the range. A median in the zero bin, or in the near halves of the gaps to the nearest labels, is 0 (it was
    read as a small negative or positive payout), and the quantiles beyond it are the model's own."""
    edges, width = contract.bin_edges(), contract.bin_edges()[1] - contract.bin_edges()[0]
    target = TargetCoding("regression", mean=-(edges[48] + 0.5 * width), std=1.0, quantiles=(0.1, 0.9))
    zero = int(np.searchsorted(edges, target.encode([0.0])[0], side="right") - 1)
    assert zero == 48
    dist = np.zeros((2, contract.N_BINS))
    dist[0, [20, 46, 48, 75]] = [0.40, 0.15, 0.05, 0.40]  # the median just below 0: in the near half of the gap
    dist[1, [20, 40, 48, 75]] = [0.55, 0.05, 0.15, 0.25]  # the median far below 0: a loss
    near = {"next_label": float(target.decode([edges[52]])[0]), "prev_label": float(target.decode([edges[44]])[0])}
    atom = dataclasses.replace(target, atom=True, atom_value=0.0, **near)
    before, before_qs = decoding.regression(dist, target)
    after, qs = decoding.regression(dist, atom)
    assert before[0] < 0 and after[0] == 0.0  # the median was a small negative payout
    assert after[1] == before[1] < 0 and qs.tolist() == before_qs.tolist()  # a median past the gap stays
    lo, hi = decoding.atom_levels(dist, atom, None)
    assert lo == pytest.approx([0.4375, 0.60]) and hi == pytest.approx([0.60, 0.75])


def test_values_the_labels_pile_up_on_are_atoms_too():
    """Monthly fees of 19, 39 and 59: a median the model's spread left at 38.6 is 39 (a telecom trial's average
    payment: MAE 0.29 where the last value's was 0.12; 0.18 with these atoms)."""
    rng = np.random.default_rng(0)
    y = np.concatenate([rng.choice([19.0, 39.0, 59.0], 900, p=[0.5, 0.3, 0.2]), rng.uniform(19, 59, 100)])
    atoms = bounds.value_atoms(y, 19.0)  # 19 is the bound's atom already
    assert [a[0] for a in atoms] == [39.0, 59.0]
    value, below, above = atoms[0]
    assert below < 39.0 < above and not (y[(y > below) & (y < above)] != 39.0).any()
    assert bounds.value_atoms(rng.normal(40, 10, 1000), None) == ()  # no value held twice
    target = dataclasses.replace(encode.fit_target(y, "regression"), value_atoms=atoms)
    edges = contract.bin_edges()
    at = int(np.searchsorted(edges, target.encode([39.0])[0], side="right") - 1)
    dist = np.zeros((2, contract.N_BINS))
    dist[0, [at - 1, at, at + 30]] = [0.45, 0.10, 0.45]  # the median just below 39's bin, inside the gap's near half
    dist[1, [at - 20, at]] = [0.60, 0.40]  # the median far below: the model's own
    plain, _ = decoding.regression(dist, dataclasses.replace(target, value_atoms=()))
    point, _ = decoding.regression(dist, target)
    assert plain[0] != 39.0 and point[0] == 39.0
    assert point[1] == plain[1] < 35


def test_atom_fields_name_the_least_label_above_the_bound():
    y = np.array([0.0] * 70 + [4.5, 12.0, 7.25] + [np.nan])
    # a bounded target's floor is its bound; no other value is held by many labels
    none = {"atom_value": None, "prev_label": None, "floor": None, "value_atoms": ()}
    assert bounds.atom_fields(y, 0.0) == {"atom": True, "next_label": 4.5, **none}
    assert bounds.atom_fields(np.linspace(0, 1, 100), 0.0) == {"atom": False, "next_label": None, **none}
    assert bounds.atom_fields(np.zeros(50), 0.0) == {"atom": True, "next_label": None, **none}  # nothing above it
    # a sum that may be negative: 0 is an atom inside the range when most labels sit on it
    signed = np.array([0.0] * 70 + [4.5, 12.0, -3.0, -40.0])
    assert bounds.atom_fields(signed, None, empty_is_zero=True) == {
        "atom": True,
        "atom_value": 0.0,
        "next_label": 4.5,
        "prev_label": -3.0,
        "floor": -40.0,  # no prediction below the least label
        "value_atoms": (),
    }
    assert bounds.atom_fields(signed, None)["atom"] is False  # an average's empty window has no label, not 0


@pytest.mark.parametrize(
    "y, lower, atom",
    [
        ([0.0] * 70 + list(np.linspace(5, 200, 30)), 0.0, True),  # no order: a spend of exactly 0
        (list(np.linspace(0, 1, 100)), 0.0, False),  # one label on the bound, the rest spread evenly above it
        ([0.0] * 70 + list(np.linspace(5, 200, 30)), None, False),  # no bound, no atom
        (list(np.linspace(1.5, 9, 100)), 1.0, False),  # the bound is never attained
    ],
)
def test_an_atom_needs_most_labels_near_the_bound_on_it(y, lower, atom):
    assert bounds.has_atom(np.array(y), lower) is atom


def test_zero_spend_is_predicted_as_zero(con):
    rfm = build_visits(con)
    pql = "PREDICT SUM(visits.spent, 0, 30, days) FOR EACH users.user_id"
    cur, p = prepared(rfm, pql)
    assert p.encoder.target.atom and not p.encoder.target.integer
    episode = p.encoder.episode(context.featurise(cur, p.features, p.context))
    spread = score(load_default(), dataclasses.replace(episode, target=dataclasses.replace(episode.target, atom=False)))
    atom = score(load_default(), episode)[0]
    moved = atom != spread[0]
    assert moved.any() and (atom[moved] == 0).all() and (spread[0][moved] < 1).all()  # cents of spend become 0
    pred = np.array(rfm.predict(pql).column("TARGET_PRED").to_pylist())
    assert (pred == 0).mean() > 0.5


def test_nothing_decodes_below_the_least_context_label_of_an_unbounded_target():
    """Net sales (returns are negative rows) of stores closed months ago: coded relative to each store's level,
    the model's median change for open stores, read at a level of 0, decoded to -300 a month where the context
    held no negative month. A target with no lower bound is floored at its context's least label."""
    import duckdb

    rng = np.random.default_rng(0)
    con = duckdb.connect()
    start, days = dt.datetime(2023, 1, 1), 600
    con.execute("CREATE TABLE stores (store_id INTEGER PRIMARY KEY, opened_on DATE)")
    con.executemany("INSERT INTO stores VALUES (?, DATE '2020-01-01')", [(s,) for s in range(24)])
    rows = []
    for s in range(24):
        rate = rng.uniform(3, 12)
        for d in range(days - 200 if s < 4 else days):  # stores 0-3 closed 200 days before the data ends
            for _ in range(rng.poisson(rate)):
                amount = rng.uniform(10, 100) * (-1 if rng.random() < 0.08 else 1)
                rows.append((s, start + dt.timedelta(days=d, hours=float(rng.uniform(8, 20))), round(amount, 2)))
    con.execute(
        "CREATE TABLE sales (sale_id INTEGER PRIMARY KEY, store_id INTEGER REFERENCES stores, sold_at TIMESTAMP, "
        "net_amount DOUBLE)"
    )
    con.executemany("INSERT INTO sales VALUES (?, ?, ?, ?)", [(i, *r) for i, r in enumerate(rows)])
    rfm = rfm_sql.attach(con)
    query = "PREDICT SUM(sales.net_amount, 0, 30, days) FOR EACH stores.store_id"
    result = rfm.evaluate(query, anchor_time=start + dt.timedelta(days=days - 60)).results[0]
    least = min(result.prepared.context.column("TARGET").to_pylist())
    assert least >= 0 and result.prepared.encoder.target.floor == least  # no negative month in the context
    assert min(result.pred) >= least
    closed = rfm.predict(query, entities=[0, 1, 2, 3], quantiles=[0.1]).to_pandas()
    assert (closed.TARGET_PRED == 0).all() and (closed.TARGET_Q10 == 0).all()
