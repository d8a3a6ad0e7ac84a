"""The relational synthetic prior: random databases have the declared shapes and a graph rfm_sql accepts,
random tasks of every type resolve, episodes are made end to end, features stop at the anchor, and the same
seed gives the same database and tasks."""

import json
import os
from pathlib import Path

import duckdb
import numpy as np
import pytest
from sqlglot import exp

import rfm_sql
from export import episodes, relprior
from export.tasks import KINDS, task_kind
from rfm_sql.compile.sqlutil import col, table
from rfm_sql.graph import SType
from rfm_sql.runtime import context as ctxlib
from rfm_sql.runtime.evaluate import labelled_at


@pytest.fixture(scope="module")
def databases():
    return [relprior.random_database(np.random.default_rng(seed)) for seed in range(10)]


def test_schemas_have_stars_chains_self_links_and_link_tables(databases):
    seen = set()
    for con, schema in databases:
        tables = schema["tables"]
        assert 2 <= len(tables) <= 8
        assert set(tables) == {r[0] for r in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
        for name, spec in tables.items():
            parents = list(spec["fkeys"].values())
            if name in parents:
                seen.add("self-link")
            if len(set(parents) - {name}) >= 2:
                seen.add("many-to-many")
            if any(tables[p]["fkeys"] and tables[p]["time_col"] for p in parents if p != name) and spec["time_col"]:
                seen.add("chain")
            if spec["time_col"] and parents:
                seen.add("star")
    assert seen == {"self-link", "many-to-many", "chain", "star"}


def test_rfm_sql_takes_the_schema_as_its_graph(databases):
    con, schema = databases[1]
    rfm = relprior.attach(con, schema)
    for name, spec in schema["tables"].items():
        tab = rfm.graph.table(name)
        assert tab.primary_key == spec["pkey"] and tab.time_column == spec["time_col"]
        assert {lk.fkey: lk.parent for lk in rfm.graph.parents(name)} == spec["fkeys"]
        if spec["time_col"]:
            assert tab.column(spec["time_col"]).stype is SType.TIMESTAMP
    stypes = {c.stype for tab in rfm.graph.tables.values() for c in tab.columns}
    assert {SType.NUMERICAL, SType.CATEGORICAL, SType.ID} <= stypes


def test_rows_never_reference_rows_that_appear_later(databases):
    for con, schema in databases[:4]:
        tables = schema["tables"]
        for name, spec in tables.items():
            for fk, parent in spec["fkeys"].items():
                pspec = tables[parent]
                if parent == name or not (spec["time_col"] and pspec["time_col"]):
                    continue
                child_t, parent_t = col(spec["time_col"], "c"), col(pspec["time_col"], "p")
                late = (
                    exp.select(exp.Count(this=exp.Star()))
                    .from_(table(name).as_("c"))
                    .join(table(parent).as_("p"), on=exp.EQ(this=col(fk, "c"), expression=col(pspec["pkey"], "p")))
                    .where(exp.GT(this=parent_t, expression=child_t))
                )
                assert con.execute(late.sql("duckdb")).fetchall()[0][0] == 0, (name, fk)


def test_random_tasks_of_every_type_resolve(databases):
    con, schema = databases[2]
    rfm = relprior.attach(con, schema)
    with con.cursor() as cur:
        tasks = relprior.random_tasks(np.random.default_rng(0), rfm, cur, 6, kinds=KINDS)
    assert len(tasks) == 6 and {task_kind(p) for p, _ in tasks} == set(KINDS)
    for pql, _ in tasks:
        assert rfm.resolve(pql).task_type.name == task_kind(pql).upper(), pql


def test_an_episode_is_made_end_to_end_and_saved(databases, tmp_path, monkeypatch):
    con, schema = databases[3]
    rfm = relprior.attach(con, schema)
    rng = np.random.default_rng(1)
    with con.cursor() as cur:
        got = next(g for g in (episodes.make_episode(rng, rfm, cur) for _ in range(10)) if g is not None)
    pql, ep, keep, y_qry, hood = got
    assert ep.x_ctx.shape[0] == len(ep.y_ctx) > 0 and keep.sum() >= 5 and np.isfinite(ep.x_ctx).all()
    assert hood["nb_x_ctx"].shape[0] == len(ep.y_ctx) and hood["nb_x_qry"].shape[0] == len(y_qry)
    renames, replace = [], os.replace
    monkeypatch.setattr(
        episodes.os, "replace", lambda a, b: (renames.append((Path(a).name, Path(b).name)), replace(a, b))
    )
    episodes.save(tmp_path / "e.npz", *got)
    saved = np.load(tmp_path / "e.npz")
    assert str(saved["pql"]) == pql and saved["nb_r_qry"].shape[0] == keep.sum()
    # written under a name a training run's *.npz listing does not match, then renamed: never read half-written
    assert renames == [("e.npz.part", "e.npz")] and sorted(p.name for p in tmp_path.iterdir()) == ["e.npz"]
    with con.cursor() as cur:  # a context cap (--max-context) bounds the episode's context
        capped = next(g for g in (episodes.make_episode(rng, rfm, cur, max_context=120) for _ in range(10)) if g)
    assert 0 < capped[1].x_ctx.shape[0] < 120


def test_pair_episodes_are_binary_with_queries_sampled_like_the_context(tmp_path):
    from rfm_sql import demo

    con = duckdb.connect()
    demo.build(con, n_users=400, n_items=60, seed=101)
    rfm = rfm_sql.attach(con)
    rng = np.random.default_rng(0)
    with con.cursor() as cur:
        made = [g for g in (episodes.make_pair_episode(rng, rfm, cur) for _ in range(8)) if g is not None]
    assert len(made) >= 3
    for pql, ep, keep, y_qry, hood in made:
        assert any(k in pql for k in ("RANK TOP", "CLASSIFY", "FIRST(", "LAST("))
        assert ep.target.classes == [False, True] and hood == {}
        y = y_qry[keep]
        assert 0 < y.mean() < 1 and set(np.unique(ep.y_ctx)) == {0, 1}
    # queries kept at the context's rates: positive shares alike on average
    gap = np.mean([abs(g[3][g[2]].mean() - g[1].y_ctx.mean()) for g in made])
    assert gap < 0.2, gap
    episodes.save(tmp_path / "p.npz", *made[0])
    assert np.load(tmp_path / "p.npz")["y_qry"].shape[0] == made[0][2].sum()


def test_features_at_an_anchor_read_no_row_after_it(databases):
    con, schema = databases[4]
    rfm = relprior.attach(con, schema)
    with con.cursor() as cur:
        pql, anchor = relprior.random_tasks(np.random.default_rng(2), rfm, cur, 1, kinds=("regression",))[0]
        vq = rfm.resolve(pql)
        features = ctxlib.feature_query(vq, rfm.graph)
        labelled = labelled_at(cur, vq, rfm.graph, [anchor])
        before = ctxlib.featurise(cur, features, labelled)
        deleted = 0
        for name, spec in schema["tables"].items():
            if spec["time_col"]:
                after_anchor = exp.GT(
                    this=col(spec["time_col"]), expression=exp.cast(exp.Literal.string(str(anchor)), "TIMESTAMP")
                )
                deleted += cur.execute(exp.delete(table(name), where=after_anchor).sql("duckdb")).fetchall()[0][0]
        after = ctxlib.featurise(cur, features, labelled)
    assert labelled.num_rows > 0 and deleted > 0 and before.keys() == after.keys()
    for name in before:
        np.testing.assert_array_equal(before[name], after[name], err_msg=name)


def test_the_same_seed_gives_the_same_database_and_tasks(databases):
    con, schema = relprior.random_database(np.random.default_rng(7))
    assert schema == databases[7][1] and schema != databases[8][1]
    assert all(
        con.table(n).to_arrow_table().equals(databases[7][0].table(n).to_arrow_table()) for n in schema["tables"]
    )
    rfm = relprior.attach(con, schema)
    with con.cursor() as cur:
        first, again = (relprior.random_tasks(np.random.default_rng(3), rfm, cur, 4) for _ in range(2))
    assert first == again and len(first) == 4


def test_an_unknown_size_is_refused():
    with pytest.raises(ValueError, match="size must be one of"):
        relprior.random_database(np.random.default_rng(0), size="huge")


def test_the_validation_suite_is_written_with_its_index(tmp_path):
    index = relprior.validation_suite(tmp_path, n_databases=1, per_database=2, verbose=False)
    assert [e["kind"] for e in index] == ["binary", "regression"]
    assert json.loads((tmp_path / "index.json").read_text()) == index
    for e in index:
        assert str(np.load(tmp_path / e["file"])["pql"]) == e["pql"]
