"""Explanations: contributions computed from the model are faithful (removing the top inputs moves the
prediction more than removing random ones; a copy of the label comes first), add up to the prediction minus
the base, and read only rows up to the anchor."""

import datetime as dt

import duckdb
import numpy as np
import pyarrow as pa
import pytest

import rfm_sql
from rfm_sql.errors import PQLError, UserError
from rfm_sql.pql.tasks import TaskType
from rfm_sql.runtime import pairs
from rfm_sql.runtime.options import RunOptions

CHURN = "PREDICT COUNT(orders.*, 0, 30, days) = 0 FOR EACH users.user_id"
SPEND = "PREDICT SUM(orders.amount, 0, 30, days) FOR EACH users.user_id"
SEGMENT = "PREDICT users.segment FOR EACH users.user_id"
RANK = "PREDICT LIST_DISTINCT(orders.item_id, 0, 30, days) RANK TOP 3 FOR EACH users.user_id"
FORECAST = "PREDICT SUM(orders.amount, 0, 30, days) FORECAST 3 TIMEFRAMES FOR EACH users.user_id"
COLUMNS = ["ENTITY", "ANCHOR_TIMESTAMP", "TABLE_NAME", "COLUMN_NAME", "FEATURE", "VALUE", "CONTRIBUTION"]


@pytest.mark.parametrize("pql", [CHURN, SPEND, SEGMENT])
def test_explanation_of_each_task_type(shop, pql):
    rfm = rfm_sql.attach(shop)
    e = rfm.explain(pql, entity=[5, 42], anchor_time="2024-10-01")
    columns = COLUMNS[:2] + ["CLASS"] + COLUMNS[2:] if pql == SEGMENT else COLUMNS  # the class explained
    assert e.contributions.column_names == columns
    assert set(e.contributions.column("ENTITY").to_pylist()) == {5, 42}
    # the prediction is the one rfm.predict gives, and it is the number explained
    predicted = rfm.predict(pql, anchor_time="2024-10-01", entities=[5, 42])
    assert e.prediction.to_pylist() == predicted.to_pylist()
    for entity in (5, 42):
        rows = [r for r in e.contributions.to_pylist() if r["ENTITY"] == entity]
        size = [abs(r["CONTRIBUTION"]) for r in rows]
        assert rows and size == sorted(size, reverse=True)
        # Shapley efficiency: contributions add up to the prediction minus the base
        assert sum(r["CONTRIBUTION"] for r in rows) == pytest.approx(e.value[entity] - e.base[entity], abs=1e-4)
        assert e.summaries[entity].startswith(f"users {entity}: ")
        assert rows[0]["FEATURE"] in e.summaries[entity]
        # the base is the model's output on context examples' inputs, not the context's average label
        assert "context average" not in e.summaries[entity] and "baseline" in e.summaries[entity]
        # the neighbours are context examples (with labels) from before the anchor
        near = [r for r in e.neighbours.to_pylist() if r["ENTITY"] == entity]
        assert [r["RANK"] for r in near] == [1, 2, 3, 4, 5] and all(r["LABEL"] is not None for r in near)
    if pql == CHURN:
        true_prob = dict(zip(*[predicted.column(c).to_pylist() for c in ("ENTITY", "True_PROB")], strict=True))
        assert e.value == pytest.approx(true_prob, abs=1e-6)
    if pql == SEGMENT:  # the probability of the predicted class
        best = {r["ENTITY"]: r["SCORE"] for r in predicted.to_pylist() if r["PREDICTED"]}
        assert e.value == pytest.approx(best, abs=1e-6)
    view = e.global_view.to_pylist()
    assert view and all(r["N"] > 0 for r in view)
    assert view[0]["FEATURE"] in e.contributions.column("FEATURE").to_pylist()


def test_a_ranking_explains_each_item_with_the_context_that_scored_it(shop):
    """Items the user had bought before and new ones are scored by contexts of their own (runtime.pairs): each
    item's explanation reads its own, so it explains the SCORE predict gives, in the prediction's order."""
    rfm = rfm_sql.attach(shop)
    users = list(range(1, 31, 3))
    predicted = rfm.predict(RANK, anchor_time="2024-10-01", entities=users).to_pylist()
    e = rfm.explain(RANK, entity=users, anchor_time="2024-10-01")
    assert e.value == pytest.approx({(r["ENTITY"], r["CLASS"]): r["SCORE"] for r in predicted}, abs=1e-6)
    assert list(e.summaries) == [(r["ENTITY"], r["CLASS"]) for r in predicted]  # as predict orders them
    rows = e.contributions.to_pylist()
    shown = list(dict.fromkeys((r["ENTITY"], r["CLASS"]) for r in rows))
    assert shown == [k for k in e.summaries if k in set(shown)]
    for key in shown:
        mine = [r["CONTRIBUTION"] for r in rows if (r["ENTITY"], r["CLASS"]) == key]
        assert sum(mine) == pytest.approx(e.value[key] - e.base[key], abs=1e-4)
    # both kinds of item were explained: the merge of the two contexts' explanations is what is tested
    anchor = dt.datetime(2024, 10, 1)
    with shop.cursor() as cur:
        prepared = pairs.prepare_pairs(cur, rfm.resolve(RANK), rfm.graph, anchor, RunOptions(), model=rfm.model)
        seed = pa.table({"ENTITY": users, "ANCHOR_TIMESTAMP": [anchor] * len(users)})
        candidates = pairs.featurise_pairs(cur, prepared.features, seed)
    keys = zip(candidates.column("ENTITY").to_pylist(), candidates.column("CLASS").to_pylist(), strict=True)
    seen = dict(zip(keys, pairs.seen_candidates(candidates), strict=True))
    assert prepared.strata is not None and {seen[k] for k in e.summaries} == {False, True}


def test_a_count_forecast_explains_the_whole_number_it_predicts(shop):
    # the forecast's SQL rounds a count's median; the explanation read the model's unrounded median (44.5 for 45)
    rfm = rfm_sql.attach(shop)
    pql = "PREDICT COUNT(orders.*, 0, 7, days) FORECAST 2 TIMEFRAMES FOR EACH users.user_id"
    entities = list(range(1, 301, 15))
    e = rfm.explain(pql, entity=entities, anchor_time="2024-10-01", context_size=200)
    predicted = rfm.predict(pql, anchor_time="2024-10-01", entities=entities, context_size=200).to_pylist()
    assert {(r["ENTITY"], r["FORECAST_STEP"]): r["TARGET_PRED"] for r in predicted} == e.value
    assert all(float(v).is_integer() for v in e.value.values())


@pytest.mark.parametrize("pql", [CHURN, RANK, FORECAST])
def test_removing_top_inputs_moves_the_prediction_more_than_random_ones(shop, pql):
    rfm = rfm_sql.attach(shop)
    entities = list(range(1, 301, 25)) if pql == CHURN else list(range(1, 301, 60))
    e = rfm.explain(pql, entity=entities, context_size=None if pql == CHURN else 200)
    removal = e.removal
    rng = np.random.default_rng(0)
    for k in (1, 3):
        top, random = [], []
        for entity in removal.entities:  # an entity, or (entity, item) and (entity, step) rows
            top.append(removal.effect(entity, removal.ranked(entity)[:k]))
            draws = [rng.choice(removal.n_groups_of(entity), k, replace=False).tolist() for _ in range(3)]
            random.append(np.mean([removal.effect(entity, d) for d in draws]))
        assert np.mean(top) > 1.5 * np.mean(random), (k, np.mean(top), np.mean(random))


def test_an_entitys_own_level_is_an_input_and_the_base_a_typical_example(con):
    """A target coded relative to each entity's recent level (runtime.residual): the level was held at the
    entity's own, so the 'baseline' moved with each entity (2.5 for one patient, 6.97 for a frequent one) and
    a frequent visitor's history never showed; now every entity shares the base, and the history group (the
    entity's past targets) carries the level's share."""
    from tests import busy_few_db

    busy_few_db.build(con)
    rfm = rfm_sql.attach(con)
    count = "PREDICT COUNT(events.*, 0, 30, days) FOR EACH users.user_id"
    e = rfm.explain(count, entity=[3, 25, 200], anchor_time="2023-09-01")
    assert len({round(b, 9) for b in e.base.values()}) == 1
    busy = [r for r in e.contributions.to_pylist() if r["ENTITY"] == 25]  # about 50 events a month
    assert e.value[25] > 30
    top = max(busy, key=lambda r: abs(r["CONTRIBUTION"]))
    assert top["COLUMN_NAME"] in ("TARGET", "*") and top["CONTRIBUTION"] > 0
    history = sum(r["CONTRIBUTION"] for r in busy if r["COLUMN_NAME"] == "TARGET")
    assert history > 0.25 * (e.value[25] - e.base[25]) > 0


def test_a_many_class_explanation_explains_the_score_predict_reports(shop):
    """Over (entity, class) pairs the SCORE is the pair's score over the entity's candidates' total; the summary
    said 0.28 where predict said 0.226. Its inputs are named for a reader, not only as the model's columns."""
    rfm = rfm_sql.attach(shop)
    query = "PREDICT FIRST(orders.item_id, 0, 30, days) FOR EACH users.user_id"  # 40 items: scored over pairs
    predicted = rfm.predict(query, entities=[2, 9]).to_pylist()
    for entity in (2, 9):
        e = rfm.explain(query, entity=entity)
        top = max((r for r in predicted if r["ENTITY"] == entity), key=lambda r: r["SCORE"])
        assert e.value[entity] == pytest.approx(top["SCORE"], rel=1e-6)
        rows = [r for r in e.contributions.to_pylist()]
        assert sum(r["CONTRIBUTION"] for r in rows) == pytest.approx(e.value[entity] - e.base[entity], abs=1e-4)
        assert f" ({top['SCORE']:.2f}; baseline" in e.summaries[entity]
    assert "(pair:" in e.summaries[9]  # a pair input, named for a reader with its column beside


def test_a_probability_well_above_its_baseline_is_not_called_unlikely(shop):
    from rfm_sql.runtime import explain_text

    vq = rfm_sql.attach(shop).resolve(CHURN)
    assert "more likely than usual" in explain_text.sentence(vq, 7, 0.41, 0.04, None, [])
    assert ": a little more likely than usual" in explain_text.sentence(vq, 7, 0.05, 0.045, None, [])
    assert "more likely than usual" in explain_text.sentence(vq, 7, 0.43, 0.28, None, [])  # no "unlikely" (a trial)
    assert ": unlikely" in explain_text.sentence(vq, 7, 0.03, 0.04, None, [])
    assert ": likely" in explain_text.sentence(vq, 7, 0.6, 0.04, None, [])
    said = explain_text.sentence(vq, 7, 0.6, 0.04, None, [("target_lag2", "3", None, 0.2), ("x", "1", None, 1e-4)])
    assert "the target 2 windows back (target_lag2) = 3 raises it by 0.20" in said and "x = 1" not in said


def test_a_copy_of_the_label_gets_the_top_contribution(con):
    rng = np.random.default_rng(3)
    n = 400
    churned = rng.random(n) < 0.4
    con.execute(
        "CREATE TABLE customers (customer_id INTEGER PRIMARY KEY, churned BOOLEAN, churn_flag_copy DOUBLE, "
        "noise_a DOUBLE, noise_b DOUBLE, region VARCHAR)"
    )
    con.from_arrow(
        pa.table(
            {
                "customer_id": np.arange(n, dtype=np.int32),
                "churned": churned,
                "churn_flag_copy": churned.astype(np.float64) * 10 + rng.normal(0, 0.01, n),
                "noise_a": rng.normal(0, 1, n),
                "noise_b": rng.exponential(1, n),
                "region": rng.choice(["n", "s", "e", "w"], n),
            }
        )
    ).insert_into("customers")
    rfm = rfm_sql.attach(con)
    e = rfm.explain("PREDICT customers.churned FOR EACH customers.customer_id", entity=[0, 1, 2, 3])
    for entity in range(4):
        rows = [r for r in e.contributions.to_pylist() if r["ENTITY"] == entity]
        assert rows[0]["COLUMN_NAME"] == "churn_flag_copy", rows[:3]


def test_explaining_at_an_anchor_ignores_later_rows(tmp_path):
    anchor = "2024-06-01"
    results = []
    for later in (False, True):
        con = duckdb.connect()
        rfm_sql.demo.build(con, n_users=200, n_items=30)
        if later:  # rows after the anchor for the explained users: large orders and reviews
            con.execute(
                "INSERT INTO orders SELECT 900000 + user_id * 10 + k, user_id, 1, TIMESTAMP '2024-06-02' + k * "
                "INTERVAL 1 DAY, 50, 9999.0 FROM range(5) t(k), (SELECT user_id FROM users WHERE user_id IN (3, 7))"
            )
            con.execute(
                "INSERT INTO reviews SELECT 900000 + user_id, user_id, 1, TIMESTAMP '2024-06-03', 1 FROM users "
                "WHERE user_id IN (3, 7)"
            )
        e = rfm_sql.attach(con).explain(CHURN, entity=[3, 7], anchor_time=anchor)
        results.append((e.contributions.to_pylist(), e.neighbours.to_pylist(), e.summary))
        con.close()
    assert results[0] == results[1]


def test_mistakes_say_how_to_fix_them(shop):
    rfm = rfm_sql.attach(shop)
    with pytest.raises(UserError, match=r"entity=42 \(Python\), entity := 42 \(SQL rfm_explain\)"):
        rfm.explain(CHURN)
    with pytest.raises(UserError, match=r"No users with user_id in \(99999\)"):
        rfm.explain(CHURN, entity=99999)
    with pytest.raises(PQLError, match="user_idd"):  # a PQL mistake, with its span
        rfm.explain("PREDICT COUNT(orders.*, 0, 30, days) = 0 FOR EACH users.user_idd", entity=1)


def test_explain_takes_the_keys_under_predicts_name_too(shop):
    # rfm.explain(q, entities=[...]) (predict's name) was Python's bare TypeError (a trial)
    rfm = rfm_sql.attach(shop)
    e = rfm.explain(CHURN, entities=[5, 42], anchor_time="2024-10-01")
    assert set(e.summaries) == {5, 42}
    assert "CONTRIBUTION" in rfm.explain_sql(CHURN, entities=[5], anchor_time="2024-10-01")
    with pytest.raises(UserError, match=r"as entity=\.\.\. and as entities=\.\.\..*pass one of them") as info:
        rfm.explain(CHURN, entity=5, entities=[5])
    assert info.value.param == "entities"


def test_a_many_class_baseline_is_on_the_scale_of_the_score_it_sits_beside():
    """The pair scores of an entity's classes summing below 1 (0.6) put a SCORE of 0.66 beside a baseline of
    1.08 (a real-estate trial's listings.status): the base had been scaled by SCORE / pair score, as the value.
    Now it is the SCORE the class would get with its pair score at the base, the other classes' as they are."""
    from types import SimpleNamespace

    from rfm_sql.runtime import explain, explain_text

    keys = pa.table({"ENTITY": [1, 2, 3], "CLASS": ["sold", "active", "sold"]})
    prediction = pa.table({"ENTITY": [1, 2, 3], "CLASS": ["sold", "active", "sold"], "SCORE": [0.66, 0.3, 0.5]})
    phi = [np.array([-0.2, -0.055]), np.array([0.05, 0.05]), np.array([0.0, 0.0])]
    raw = [  # (pair score, base): entity 1 as the trial's, 2 a total above 1, 3 exactly at its base
        explain.Attribution(0.4, 0.655, phi[0], ["a", "b"], 0),
        explain.Attribution(0.4, 0.3, phi[1], ["a", "b"], 0),
        explain.Attribution(0.5, 0.5, phi[2], ["a", "b"], 0),
    ]
    assert f"{0.655 * 0.66 / 0.4:.2f}" == "1.08"  # what the summary used to say
    scored = explain.as_scored(raw, SimpleNamespace(keys=keys), prediction)
    for a, s, p in zip(raw, scored, (0.66, 0.3, 0.5), strict=True):
        assert s.value == pytest.approx(p) and 0 <= s.base <= 1
        assert s.phi.sum() == pytest.approx(s.value - s.base)  # the contributions still add up
        assert np.sign(s.base - s.value) == np.sign(a.base - a.value)  # and move the same way
    others = 0.4 / 0.66 - 0.4  # entity 1: the other classes' pair scores
    assert scored[0].base == pytest.approx(0.655 / (0.655 + others))
    assert scored[2].base == pytest.approx(0.5)
    vq = SimpleNamespace(task_type=TaskType.MULTICLASS, entity_table="listings", query=SimpleNamespace(target=None))
    assert "(0.66; baseline 0.76)" in explain_text.sentence(vq, 1, scored[0].value, scored[0].base, "sold", [])
