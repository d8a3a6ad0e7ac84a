"""A static multiclass target with more classes than the model's slots (a column of the entity table) is scored
as (entity, class) pairs: every class the context has can be predicted, none it lacks ever is, and the pair
features never count an entity's own label."""

import datetime as dt

import duckdb
import numpy as np
import pytest
from sqlglot import exp

import rfm_sql
from rfm_sql.compile import class_pairs
from rfm_sql.compile.sqlutil import ANCHOR, ENTITY, lit, to_sql
from rfm_sql.runtime.context import FeatureQuery
from rfm_sql.runtime.contract import N_CLASSES

QUERY = "PREDICT users.country FOR EACH users.user_id"
N_COUNTRIES = 30


@pytest.fixture
def people():
    """Users whose country follows their region (70% of the time) and age; users 0..99 are to be predicted."""
    con = duckdb.connect()
    rng = np.random.default_rng(0)
    n = 1500
    region = rng.integers(0, N_COUNTRIES, n)
    country = [f"c{r:02d}" if rng.random() < 0.7 else f"c{rng.integers(0, N_COUNTRIES):02d}" for r in region]
    age = region * 2.0 + rng.normal(0, 3, n)
    con.execute("CREATE TABLE users (user_id INTEGER PRIMARY KEY, region VARCHAR, age DOUBLE, country VARCHAR)")
    rows = [(i, f"r{region[i]}", float(age[i]), None if i < 100 else country[i]) for i in range(n)]
    con.executemany("INSERT INTO users VALUES (?, ?, ?, ?)", rows)
    return con, region


def test_every_seen_class_can_be_predicted_and_the_best_is(people):
    con, region = people
    rfm = rfm_sql.attach(con)
    out = rfm.predict(QUERY, entities=list(range(100)))
    assert out.column_names == ["ENTITY", "ANCHOR_TIMESTAMP", "CLASS", "SCORE", "PREDICTED"]
    seen = {r[0] for r in con.sql("SELECT DISTINCT country FROM users WHERE country IS NOT NULL").fetchall()}
    by_entity: dict = {}
    for r in out.to_pylist():
        by_entity.setdefault(r["ENTITY"], []).append(r)
    for rows in by_entity.values():
        assert {r["CLASS"] for r in rows} == seen  # every class the context has is a candidate, nothing else
        assert len(rows) == N_COUNTRIES > N_CLASSES
        assert sum(r["SCORE"] for r in rows) == pytest.approx(1.0)
        assert sum(r["PREDICTED"] for r in rows) == 1
    predicted = {e: next(r["CLASS"] for r in rows if r["PREDICTED"]) for e, rows in by_entity.items()}
    # the flat path kept 10 of the 30 classes, so at most about a third of the users could be right
    accuracy = np.mean([predicted[e] == f"c{region[e]:02d}" for e in range(100)])
    assert accuracy > 0.8
    assert len(set(predicted.values())) > N_CLASSES


def _pairs(con, labelled, entity=5):
    rfm = rfm_sql.attach(con)
    vq = rfm.resolve(QUERY)
    classes = sorted({c for _, c in labelled})
    select, features = class_pairs.static_pair_sql(vq, rfm.graph, "rfm_seed", labelled, classes)
    seed = exp.select(exp.Literal.number(entity).as_(ENTITY), lit(dt.datetime(2024, 1, 1)).as_(ANCHOR))
    return con.sql(
        to_sql(FeatureQuery("rfm_seed", select, tuple(features)).over(seed))
    ).to_arrow_table().to_pylist(), features


@pytest.fixture
def twelve():
    """12 users, one per region and country."""
    con = duckdb.connect()
    con.execute("CREATE TABLE users (user_id INTEGER PRIMARY KEY, region VARCHAR, age DOUBLE, country VARCHAR)")
    con.executemany("INSERT INTO users VALUES (?, ?, ?, ?)", [(i, f"r{i}", float(i), f"c{i:02d}") for i in range(12)])
    return con


def test_a_class_the_context_lacks_is_never_a_candidate(twelve):
    labelled = [(i, f"c{i:02d}") for i in range(5)]  # the context knows c00..c04; user 5 is c05
    rows, _ = _pairs(twelve, labelled)
    assert sorted(r["CLASS"] for r in rows) == ["c00", "c01", "c02", "c03", "c04"]


def test_class_shares_never_tell_a_context_entitys_own_label(twelve):
    """Out of fold: a context entity's statistics come from the other folds' entities. Left out alone, an entity's
    own class read one member fewer than every other entity's view of that class, so within each class the
    positives' share sat below the negatives' and the model read the label off it (constant inputs gave each
    context entity's own class P 0.996, the others 0.13)."""
    labelled = [(i, f"c{i % 4:02d}") for i in range(12)]  # users 0 and 5 share a fold (of 5), not a class
    zero, features = _pairs(twelve, labelled, entity=0)
    five, _ = _pairs(twelve, labelled, entity=5)
    assert [r[class_pairs.SHARE] for r in zero] == [r[class_pairs.SHARE] for r in five]
    other, _ = _pairs(twelve, labelled, entity=6)  # another fold: other entities left out, other shares
    assert [r[class_pairs.SHARE] for r in other] != [r[class_pairs.SHARE] for r in zero]
    assert {f.name.split(":")[1] for f in features} >= {"class_share", "class_share_given", "class_distance"}


def test_more_classes_than_the_budget_keeps_the_most_frequent(people, monkeypatch):
    import dataclasses

    from rfm_sql.runtime import options

    # 30 classes, a budget of 20: every entity is scored against the context's 20 most frequent classes only
    monkeypatch.setitem(options.RUN_MODES, "fast", dataclasses.replace(options.RUN_MODES["fast"], candidates=20))
    con, _ = people
    rfm = rfm_sql.attach(con)
    out = rfm.predict(QUERY, entities=list(range(100)), run_mode="fast")
    by_entity: dict = {}
    for r in out.to_pylist():
        by_entity.setdefault(r["ENTITY"], set()).add(r["CLASS"])
    (prepared,) = [h.prepared for h in rfm.handles._handles.values()]  # the context's classes, most frequent first
    assert len(prepared.classes) == N_COUNTRIES
    assert all(v == set(prepared.classes[:20]) for v in by_entity.values()) and len(by_entity) == 100
