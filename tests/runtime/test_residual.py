"""A regression target coded relative to the entity's own recent level, where the context says it predicts
better (runtime.residual): the coding, its decoding, the per-context choice, and every surface using it."""

import datetime as dt

import numpy as np
import pytest

import rfm_sql
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
    return {LAG: lag, "x": x}, {LAG: "numeric", "x": "numeric"}, y, list(entities)


def test_the_choice_follows_what_predicts_the_context_better():
    rng = np.random.default_rng(1)
    model = load_default()
    columns, kinds, y, entities = _context(rng, follows_level=True)
    assert residual.choose(model, columns, kinds, y, entities, seed=0, lower=None) == LAG
    columns, kinds, y, entities = _context(rng, follows_level=False)
    assert residual.choose(model, columns, kinds, y, entities, seed=0, lower=None) is None
    # no lagged target among the features (a static target): nothing to code relative to
    assert residual.choose(model, {"x": columns["x"]}, {"x": "numeric"}, y, entities, seed=0, lower=None) is None


def test_folds_never_split_an_entity():
    fold = residual._folds([5, 3, 5, 9, 3, 7, 7, 1], seed=3)
    by_entity = {}
    for e, f in zip([5, 3, 5, 9, 3, 7, 7, 1], fold, strict=True):
        assert by_entity.setdefault(e, f) == f
    assert set(fold) <= set(range(residual.FOLDS))


def build_ratings(con, n_users=150, seed=0):
    """Users with a personal rating level they keep: their next month's average rating is mostly their own."""
    rng = np.random.default_rng(seed)
    start = dt.datetime(2024, 1, 1)
    con.execute("CREATE TABLE users (user_id INTEGER PRIMARY KEY, region VARCHAR)")
    con.execute(
        "CREATE TABLE ratings (rating_id INTEGER PRIMARY KEY, user_id INTEGER REFERENCES users (user_id), "
        "t TIMESTAMP, rating DOUBLE)"
    )
    con.executemany("INSERT INTO users VALUES (?, ?)", [(i, str(rng.choice(["a", "b"]))) for i in range(n_users)])
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
    assert prepared.encoder.target.offset is not None and prepared.encoder.target.offset.endswith(residual.LAG_SUFFIX)
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
    rfm = build_ratings(con, seed=1)
    vq = rfm.resolve(LEVEL)
    cur = rfm.con.cursor()
    anchor = anchors.default_anchor(cur, vq, rfm.graph) - dt.timedelta(days=60)  # a full window after it
    truth = rfm.labels(LEVEL, anchor_time=anchor)
    assert truth.num_rows > 50
    y = np.array(truth.column("TARGET").to_pylist(), dtype=float)
    errors = {}
    for name, model in (("chosen", rfm.model), ("raw", None)):
        prepared = context.prepare(cur, vq, rfm.graph, anchor, RunOptions(), model=model)
        episode = prepared.encoder.episode(context.featurise(cur, prepared.features, truth))
        errors[name] = np.abs(score(rfm.model, episode)[0] - y).mean()
    assert errors["chosen"] < errors["raw"]
