"""A regression target coded relative to the entity's own recent level, where the context says it predicts
better (runtime.residual): the coding, its decoding, the per-context choice, and every surface using it."""

import datetime as dt
from dataclasses import dataclass, replace
from types import SimpleNamespace

import duckdb
import numpy as np
import pytest

import rfm_sql
from rfm_sql.pql.parser import parse
from rfm_sql.pql.tasks import TargetKind
from rfm_sql.runtime import anchors, context, contract, decoding, encode, residual
from rfm_sql.runtime.model import load_default, score
from rfm_sql.runtime.options import RunOptions

LAG = "TARGET:target_lag_mean"
R = TargetKind.REGRESSION


def test_offset_coding_codes_the_change_and_decodes_it_back():
    lag = np.array([1.0, 2.0, np.nan, 4.0, 8.0, 3.0])
    y = np.array([1.5, 2.5, 3.0, 4.5, 7.0, 3.5])
    ctx = {LAG: lag, "x": np.arange(6.0)}
    encoder = encode.fit(ctx, {LAG: "numeric", "x": "numeric"}, y, R, offset=LAG)
    target = encoder.target
    assert target.offset == LAG and target.offset_default == pytest.approx(y.mean())
    base = np.where(np.isfinite(lag), lag, y.mean())
    assert np.allclose(encoder.y_ctx, target.encode(y - base))
    query = {LAG: np.array([10.0, np.nan]), "x": np.array([1.0, 2.0])}
    episode = encoder.episode(query)
    assert np.allclose(episode.offset, [10.0, y.mean()])
    dist = np.full((2, contract.N_BINS), 1.0 / contract.N_BINS)
    plain, _ = decoding.regression(dist, target)
    shifted, _ = decoding.regression(dist, target, episode.offset)
    assert np.allclose(shifted, plain + episode.offset)
    # the raw coding has no offset: the same call without one is unchanged
    assert encode.fit(ctx, {LAG: "numeric", "x": "numeric"}, y, R).episode(query).offset is None


def test_a_heavy_tailed_count_is_coded_as_a_ratio_to_its_level_and_zero_stays_zero():
    rng = np.random.default_rng(0)
    lag = rng.gamma(0.5, 6.0, 400)
    y = rng.poisson(lag).astype(float)  # counts: non-negative, heavy-tailed
    lag[:20] = np.nan  # entities without history
    ctx = {LAG: lag, "x": rng.normal(size=400)}
    encoder = encode.fit(ctx, {LAG: "numeric", "x": "numeric"}, y, R, offset=LAG)
    target = encoder.target
    assert target.offset_ratio and target.offset_default == pytest.approx(y.mean())
    scale = np.where(np.isfinite(lag), lag, y.mean()) + y.mean()
    assert np.allclose(encoder.y_ctx, target.encode(y / scale))
    # a zero count codes to the same value for every entity, whatever its level
    assert np.ptp(encoder.y_ctx[y == 0]) == 0
    episode = encoder.episode({LAG: np.array([0.0, 40.0, np.nan]), "x": np.zeros(3)})
    dist = np.full((3, contract.N_BINS), 1.0 / contract.N_BINS)
    relative, _ = decoding.regression(dist, replace(target, offset=None))
    scaled, _ = decoding.regression(dist, target, episode.offset)
    assert np.allclose(scaled, np.maximum(relative * (np.array([0.0, 40.0, y.mean()]) + y.mean()), 0))
    mean, _ = decoding.regression(dist, replace(target, point="mean", lower=0.0), episode.offset)
    grid = decoding._grid_values(target)
    expected = [(dist[i] * np.maximum(grid * s, 0).mean(1)).sum() for i, s in enumerate(episode.offset + y.mean())]
    assert np.allclose(mean, expected)
    # a target that can be negative is coded by its difference from the level, as before
    assert not encode.fit(ctx, {LAG: "numeric", "x": "numeric"}, y - 5.0, R, offset=LAG).target.offset_ratio


def test_a_lower_bound_applies_to_the_level_plus_the_change():
    target = encode.TargetCoding(R, mean=0.0, std=1.0, lower=0.0, offset=LAG, point="mean", quantiles=(0.1, 0.9))
    rng = np.random.default_rng(0)
    dist = rng.dirichlet(np.ones(contract.N_BINS), size=3)
    offset = np.array([-2.0, 0.0, 2.0])
    mean, q = decoding.regression(dist, target, offset)
    edges = contract.bin_edges()
    grid = edges[:-1, None] + (np.arange(32) + 0.5)[None, :] / 32 * (edges[1] - edges[0])
    expected = [(dist[i] * np.maximum(grid + o, 0.0).mean(1)).sum() for i, o in enumerate(offset)]
    assert np.allclose(mean, expected)
    assert (q >= 0).all() and (np.diff(q, axis=1) >= 0).all()


def _context(rng, follows_level: bool, n_entities=120, per_entity=4):
    level = rng.normal(3.0, 1.0, n_entities)
    entities = np.repeat(np.arange(n_entities), per_entity)
    x = rng.normal(size=len(entities))
    if follows_level:  # the label is the entity's own level, which its lagged target shows
        lag = level[entities] + rng.normal(0, 0.05, len(entities))
        y = level[entities] + rng.normal(0, 0.1, len(entities))
    else:  # the label follows another feature; the lagged target is noise
        lag = rng.normal(0, 3.0, len(entities))
        y = 2.0 * x + rng.normal(0, 0.1, len(entities))
    times = [dt.datetime(2024, 1, 1) + dt.timedelta(days=30 * k) for k in range(per_entity)] * n_entities
    return {LAG: lag, "x": x}, {LAG: "numeric", "x": "numeric"}, y, list(entities), times


def test_the_choice_follows_what_predicts_the_context_better():
    rng = np.random.default_rng(1)
    model = load_default()
    columns, kinds, y, entities, times = _context(rng, follows_level=True)
    assert residual.choose(model, columns, kinds, y, entities, times, seed=0, decode={}) == LAG
    columns, kinds, y, entities, times = _context(rng, follows_level=False)
    assert residual.choose(model, columns, kinds, y, entities, times, seed=0, decode={}) is None
    # no lagged target among the features (a static target): nothing to code relative to
    only_x = ({"x": columns["x"]}, {"x": "numeric"})
    assert residual.choose(model, *only_x, y, entities, times, seed=0, decode={}) is None


def test_the_choice_reads_the_slots_most_related_to_the_label(monkeypatch):
    """Among many noise features the splits read CHOICE_SLOTS slots, and still find the entity's level."""
    rng = np.random.default_rng(2)
    columns, kinds, y, entities, times = _context(rng, follows_level=True)
    for j in range(2 * residual.CHOICE_SLOTS):
        columns[f"noise{j}"], kinds[f"noise{j}"] = rng.normal(size=len(y)), "numeric"
    used = []
    fit = encode.fit

    def spy(*args, **kwargs):
        encoder = fit(*args, **kwargs)
        used.append(int(encoder.fmask.sum()))
        return encoder

    monkeypatch.setattr(residual.encode, "fit", spy)
    assert residual.choose(load_default(), columns, kinds, y, entities, times, seed=0, decode={}) == LAG
    assert used and max(used) == residual.CHOICE_SLOTS < len(kinds)


def test_the_newest_anchors_are_scored_from_older_anchors_only():
    entities = [1, 2, 3, 1, 2, 3, 1, 2, 3, 4]
    day = [dt.datetime(2024, 1, d) for d in (1, 1, 1, 2, 2, 2, 3, 3, 3, 3)]
    splits = residual._splits(entities, day, seed=0)
    assert len(splits) == residual.FOLDS + residual.NEWEST
    forward = splits[residual.FOLDS :]
    for train, test in forward:
        (when,) = {day[i] for i in test}
        assert all(day[i] < when for i in train)  # nothing at or after the scored anchor is learned from
        assert set(test) == {i for i, d in enumerate(day) if d == when}
    assert {day[test[0]] for _, test in forward} == {dt.datetime(2024, 1, 2), dt.datetime(2024, 1, 3)}
    # one anchor (a static target): the entity folds only
    assert len(residual._splits(entities, [day[0]] * len(day), seed=0)) == residual.FOLDS
    # anchors of a TIMESTAMPTZ time column are time-zone-aware: the same splits
    aware = [d.replace(tzinfo=dt.UTC) for d in day]
    got = residual._splits(entities, aware, seed=0)
    assert all((a == b).all() and (c == d).all() for (a, c), (b, d) in zip(got, splits, strict=True))


def test_folds_never_split_an_entity():
    fold = residual.entity_folds([5, 3, 5, 9, 3, 7, 7, 1], seed=3)
    by_entity = {}
    for e, f in zip([5, 3, 5, 9, 3, 7, 7, 1], fold, strict=True):
        assert by_entity.setdefault(e, f) == f
    assert set(fold) <= set(range(residual.FOLDS))


def _users(con, rng, n_users: int) -> None:
    con.execute("CREATE TABLE users (user_id INTEGER PRIMARY KEY, region VARCHAR)")
    con.executemany("INSERT INTO users VALUES (?, ?)", [(i, str(rng.choice(["a", "b"]))) for i in range(n_users)])


def _held_out_errors(rfm, pql: str, back: dt.timedelta) -> tuple[dict, encode.TargetCoding, int]:
    """MAE of the chosen coding and of the raw one on the labels at `back` before the default anchor (a full
    window after it), the chosen coding's target, and how many labels were scored."""
    vq, cur = rfm.resolve(pql), rfm.con.cursor()
    anchor = anchors.default_anchor(cur, vq, rfm.graph) - back
    truth = rfm.labels(pql, anchor_time=anchor)
    y = np.array(truth.column("TARGET").to_pylist(), dtype=float)
    errors, chosen = {}, None
    for name, model in (("chosen", rfm.model), ("raw", None)):
        prepared = context.prepare(cur, vq, rfm.graph, anchor, RunOptions(), model=model)
        episode = prepared.encoder.episode(context.featurise(cur, prepared.features, truth))
        errors[name] = np.abs(score(rfm.model, episode)[0] - y).mean()
        if model is not None:
            chosen = prepared.encoder.target
    return errors, chosen, len(y)


def build_ratings(con, n_users=150, seed=0):
    """Users with a personal rating level they keep: their next month's average rating is mostly their own."""
    rng = np.random.default_rng(seed)
    start = dt.datetime(2024, 1, 1)
    _users(con, rng, n_users)
    con.execute(
        "CREATE TABLE ratings (rating_id INTEGER PRIMARY KEY, user_id INTEGER REFERENCES users (user_id), "
        "t TIMESTAMP, rating DOUBLE)"
    )
    rows = []
    for u in range(n_users):
        level = rng.uniform(1.0, 5.0)
        for d in np.sort(rng.integers(0, 360, rng.integers(20, 60))):
            t = start + dt.timedelta(days=int(d), hours=int(rng.integers(0, 24)))
            rows.append((len(rows), u, t, float(np.clip(level + rng.normal(0, 0.3), 0.5, 5.0))))
    con.executemany("INSERT INTO ratings VALUES (?, ?, ?, ?)", rows)
    return rfm_sql.attach(con)


LEVEL = "PREDICT AVG(ratings.rating, 0, 30, days) FOR EACH users.user_id WHERE COUNT(ratings.*, -60, 0, days) > 0"


def test_a_target_that_follows_the_entitys_level_is_coded_relative_to_it_on_every_surface(con):
    rfm = build_ratings(con)
    vq = rfm.resolve(LEVEL)
    cur = rfm.con.cursor()
    anchor = anchors.default_anchor(cur, vq, rfm.graph)
    prepared = context.prepare(cur, vq, rfm.graph, anchor, RunOptions(), model=rfm.model)
    offset = prepared.encoder.target.offset  # a level the user keeps: its recent windows', or all of its history
    assert offset is not None and offset.endswith((residual.LAG_SUFFIX, ":target_all_history"))
    raw = context.prepare(cur, vq, rfm.graph, anchor, RunOptions(), model=None)
    assert raw.encoder.target.offset is None  # training episodes keep labels as they are
    py = rfm.predict(LEVEL)
    by_entity = dict(zip(py.column("ENTITY").to_pylist(), py.column("TARGET_PRED").to_pylist(), strict=True))
    sql = con.sql("SELECT * FROM rfm_predict(?)", params=[LEVEL]).to_arrow_table()
    assert sql.num_rows == py.num_rows > 0
    for e, p in zip(sql.column("ENTITY").to_pylist(), sql.column("TARGET_PRED").to_pylist(), strict=True):
        assert p == pytest.approx(by_entity[e])
    some = sorted(by_entity)[:3]
    scalar = con.sql(
        f"SELECT user_id, rfm_predict(?, user_id) FROM users WHERE user_id IN ({', '.join(map(str, some))})",
        params=[LEVEL],
    ).fetchall()
    assert {k: pytest.approx(by_entity[k]) for k in some} == dict(scalar)
    # an entity's prediction does not depend on which others the call asks for
    one = rfm.predict(LEVEL, entities=[some[1]]).column("TARGET_PRED")[0].as_py()
    assert one == pytest.approx(by_entity[some[1]])
    explanation = rfm.explain(LEVEL, entity=some[1])
    assert explanation.value[some[1]] == pytest.approx(one)  # the number explained is the prediction


def test_coding_relative_to_the_level_predicts_a_kept_level_better(con):
    errors, _, n = _held_out_errors(build_ratings(con, seed=1), LEVEL, dt.timedelta(days=60))
    assert n > 50
    assert errors["chosen"] < errors["raw"]


def build_visits(con, n_users=300, seed=0):
    """Users who each visit at their own steady rate, the rates heavy-tailed: next month's count is mostly
    the user's own rate (COUNT targets, non-negative, most users rare visitors, a few very busy)."""
    rng = np.random.default_rng(seed)
    start = dt.datetime(2024, 1, 1)
    _users(con, rng, n_users)
    con.execute(
        "CREATE TABLE visits (visit_id INTEGER PRIMARY KEY, user_id INTEGER REFERENCES users (user_id), t TIMESTAMP)"
    )
    rows = []
    for u in range(n_users):
        rate = rng.gamma(0.4, 10.0) / 30  # visits per day
        for d in np.sort(rng.uniform(0, 360, rng.poisson(rate * 360))):
            rows.append((len(rows), u, start + dt.timedelta(days=float(d))))
    con.executemany("INSERT INTO visits VALUES (?, ?, ?)", rows)
    return rfm_sql.attach(con)


COUNT = "PREDICT COUNT(visits.*, 0, 30, days) FOR EACH users.user_id"


def test_a_count_at_each_entitys_own_rate_is_ratio_coded_and_predicted_better(con):
    errors, chosen, _ = _held_out_errors(build_visits(con), COUNT, dt.timedelta(days=30))
    assert chosen.offset_ratio
    assert errors["chosen"] < errors["raw"]


def test_a_ratio_coded_count_is_the_same_number_on_every_surface(con):
    rfm = build_visits(con, n_users=150, seed=3)
    vq, cur = rfm.resolve(COUNT), rfm.con.cursor()
    anchor = anchors.default_anchor(cur, vq, rfm.graph)
    assert context.prepare(cur, vq, rfm.graph, anchor, RunOptions(), model=rfm.model).encoder.target.offset_ratio
    py = rfm.predict(COUNT, point="mean", quantiles=[0.9])
    sql = con.sql("SELECT * FROM rfm_predict(?, point := 'mean', quantiles := [0.9])", params=[COUNT]).to_arrow_table()
    assert sql.num_rows == py.num_rows > 0
    for column in ("TARGET_PRED", "TARGET_Q90"):
        want = dict(zip(py.column("ENTITY").to_pylist(), py.column(column).to_pylist(), strict=True))
        for e, v in zip(sql.column("ENTITY").to_pylist(), sql.column(column).to_pylist(), strict=True):
            assert v == pytest.approx(want[e], rel=1e-5)
    assert min(py.column("TARGET_PRED").to_pylist()) >= 0  # a count is never below zero
    busy = max(py.to_pylist(), key=lambda r: r["TARGET_Q90"])["ENTITY"]
    explanation = rfm.explain(COUNT, entity=busy)
    assert explanation.value[busy] == pytest.approx(
        rfm.predict(COUNT, entities=[busy]).column("TARGET_PRED")[0].as_py(), rel=1e-5
    )


# the last window as a level: a building's monthly kWh ramping into winter was predicted near the three-month
# mean (MAE twice "the same as last month"); a near tie keeps the steadier level
RAMP = "PREDICT SUM(readings.kwh, 0, 30, days) FOR EACH sites.site_id"


@pytest.fixture(scope="module")
def ramp():
    """60 sites, each of its own size (1 to 20), a reading a day over 2023-2024 whose kWh follow the seasons (twice
    as much in January as in July), with 10% noise."""
    con = duckdb.connect()
    con.execute("CREATE TABLE sites (site_id INTEGER PRIMARY KEY, size DOUBLE)")
    con.execute("INSERT INTO sites SELECT i, 1 + (hash(i) % 20) FROM range(60) t(i)")
    con.execute(
        "CREATE TABLE readings AS SELECT row_number() OVER () AS reading_id, site_id, TIMESTAMP '2023-01-01' + "
        "to_days(CAST(d AS INTEGER)) AS read_at, size * (10 + 5 * cos(2 * pi() * (d % 365 - 20) / 365)) * "
        "(0.9 + (hash(site_id * 1000 + d) % 200) / 1000) AS kwh FROM sites, range(0, 700) r(d)"
    )
    return con, rfm_sql.attach(con)


def test_a_ramp_is_coded_against_the_last_window(ramp):
    con, rfm = ramp
    ev = rfm.evaluate(RAMP, anchor_time="2024-10-15", context_size=600)
    prepared = ev.results[0].prepared
    assert prepared.encoder.target.offset == residual.last_feature(prepared.encoder.kinds)
    assert ev.metrics["mae"] < ev.baselines["last_value"]["mae"] < ev.baselines["entity_mean"]["mae"]


@dataclass
class _Target:
    offset: str | None = None


def test_the_last_window_must_win_the_splits_clearly(monkeypatch):
    """Each coding's predictions miss by a set amount; the last window is taken only 10% under the best other."""
    kinds = {"s:target_lag_mean": "numeric", "s:target_lag1": "numeric", "y": "numeric"}
    n = 80
    columns = {name: np.arange(n, dtype=float) for name in kinds}
    misses = {}

    def fit(inside, kinds, y, kind, offset=None, max_slots=None):
        return SimpleNamespace(target=_Target(offset), episode=lambda rows: (rows["y"], misses[offset]))

    monkeypatch.setattr(residual, "encode", SimpleNamespace(fit=fit))
    monkeypatch.setattr(residual, "score", lambda model, episode: (episode[0] + episode[1],))
    entities, anchors = list(range(n)), [i % 4 for i in range(n)]

    def chosen(raw, mean, last):
        misses.update({None: raw, "s:target_lag_mean": mean, "s:target_lag1": last})
        model = SimpleNamespace(neighbours=None)
        return residual.choose(model, columns, kinds, columns["y"], entities, anchors, 0, {})

    assert chosen(1.0, 0.8, 0.6) == "s:target_lag1"
    assert chosen(1.0, 0.8, 0.75) == "s:target_lag_mean"  # under the mean's, not clearly
    assert chosen(0.7, 0.8, 0.65) is None  # the raw coding, when it is the best of the others
    assert chosen(1.0, 0.6, 0.8) == "s:target_lag_mean"


def test_an_avg_targets_levels_are_its_pooled_history_and_its_columns_latest_value():
    """A veterinary trial's pets' weight in 90 days read MAE 1.32 where the last weight read 0.77: the latest value
    of the column an AVG, MIN or MAX reads is a level to code against, and an AVG's mean over all history is one."""
    kinds = {
        "f3:visits.weight_kg.last": "numeric",
        "f4:visits.weight_kg.mean_all": "numeric",
        "f5:invoices.weight_kg.last": "numeric",  # another table's column of the same name
        "f9:target_all_history": "numeric",
    }
    target = parse("PREDICT AVG(visits.weight_kg, 0, 90, days) FOR EACH pets.pet_id").target
    assert residual.latest_feature(kinds, target) == "f3:visits.weight_kg.last"
    assert residual.history_feature(kinds) == "f9:target_all_history"
    for pql in (
        "PREDICT SUM(visits.weight_kg, 0, 90, days) FOR EACH pets.pet_id",  # a sum grows with its rows: no level
        "PREDICT AVG(visits.weight_kg WHERE visits.kind = 'x', 0, 90, days) FOR EACH pets.pet_id",  # not every row
    ):
        assert residual.latest_feature(kinds, parse(pql).target) is None
    target = parse("PREDICT MAX(visits.weight_kg, 0, 90, days) FOR EACH pets.pet_id").target
    assert residual.latest_feature(kinds, target) == "f3:visits.weight_kg.last"
