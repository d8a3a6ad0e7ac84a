"""Label-balanced class contexts (runtime.plan `balance`, runtime.strata, runtime.decoding): each anchor's
examples are shared evenly by the classes, and the model's probabilities are turned back to the true rates."""

import datetime as dt

import numpy as np
import pyarrow as pa
import pytest

from rfm_sql.compile.sqlutil import ANCHOR, TARGET
from rfm_sql.pql.tasks import TargetKind
from rfm_sql.runtime import context, decoding, strata
from rfm_sql.runtime.encode import TargetCoding
from rfm_sql.runtime.options import RunOptions
from rfm_sql.runtime.plan import PRIOR_RATIO, _take_newest_first
from tests.runtime.test_targets import build_visits

RARE = "PREDICT COUNT(visits.*, 0, 30, days) > 0 FOR EACH users.user_id"


def _labelled(labels_per_anchor):
    t0 = dt.datetime(2024, 1, 1)
    rows = [(t0 + dt.timedelta(days=30 * i), y) for i, ys in enumerate(labels_per_anchor) for y in ys]
    return pa.table({"ENTITY": list(range(len(rows))), ANCHOR: [t for t, _ in rows], TARGET: [y for _, y in rows]})


def test_each_anchor_is_shared_evenly_by_the_classes_and_the_ratios_undo_it():
    labelled = _labelled([[True] * 10 + [False] * 190, [True] * 5 + [False] * 195])
    groups = strata.label_groups(labelled)
    chosen = _take_newest_first(labelled, groups, 40, 80, 0)
    y = np.array(labelled.take(pa.array(chosen)).column(TARGET).to_pylist())
    assert len(chosen) == 80 and y.sum() == 15  # every positive kept: the rare class gives all it has
    ratios = strata.group_ratios(labelled, groups, chosen)
    true_rate, kept_rate = 15 / 400, 15 / 80
    assert np.allclose(ratios[y], true_rate / kept_rate)
    assert np.allclose(ratios[~y], (1 - true_rate) / (1 - kept_rate))


def test_the_true_shares_are_those_of_the_anchors_used():
    labelled = _labelled([[True] * 20 + [False] * 20, [False] * 40])  # the second (older) anchor is not reached
    groups = strata.label_groups(labelled)
    chosen = _take_newest_first(labelled, groups, 40, 40, 0)
    assert np.allclose(strata.group_ratios(labelled, groups, chosen), 1.0)


def test_text_and_integer_labels_are_classes_too():
    labelled = _labelled([["a"] * 30 + ["b"] * 3 + ["c"] * 7])
    chosen = _take_newest_first(labelled, strata.label_groups(labelled), 15, 15, 0)
    kept = labelled.take(pa.array(chosen)).column(TARGET).to_pylist()
    assert (kept.count("a"), kept.count("b"), kept.count("c")) == (6, 3, 6)  # "b" gives all it has


def test_the_prior_correction_is_bayes_rule_for_new_class_priors():
    target = TargetCoding(TargetKind.CLASSIFICATION, classes=[False, True], prior_ratios=(1.5, 0.25))
    probs = np.array([[0.5, 0.5], [0.9, 0.1]])
    out = decoding.classification(probs, target)
    expected = probs * [1.5, 0.25]
    assert np.allclose(out, expected / expected.sum(1, keepdims=True))
    assert decoding.classification(probs, TargetCoding(TargetKind.CLASSIFICATION, classes=[0, 1])) is probs


def test_a_rare_binary_target_reads_a_balanced_context_and_predicts_true_rates(con):
    rfm = build_visits(con, n=1500)
    vq = rfm.resolve(RARE)
    cur = rfm.con.cursor()
    anchor = dt.datetime(2024, 9, 1)
    prepared = context.prepare(cur, vq, rfm.graph, anchor, RunOptions(context_size=200), model=rfm.model)
    y = np.array(prepared.context.column(TARGET).to_pylist(), dtype=bool)
    assert PRIOR_RATIO not in prepared.context.column_names
    true_rate = np.mean([r["TARGET"] for r in rfm.labels(RARE, anchor_time=anchor - dt.timedelta(days=30)).to_pylist()])
    assert true_rate < 0.2 and y.mean() > 2 * true_rate  # the rare class is kept more often than it occurs
    ratios = dict(zip(prepared.encoder.target.classes, prepared.encoder.target.prior_ratios, strict=True))
    assert ratios[True] < 1 < ratios[False]
    out = rfm.predict(RARE, anchor_time=anchor, context_size=200)
    p = np.array(out.column("True_PROB").to_pylist())
    truth = [r["TARGET"] for r in rfm.labels(RARE, anchor_time=anchor).to_pylist()]
    assert abs(p.mean() - np.mean(truth)) < abs(y.mean() - np.mean(truth))  # nearer the truth than the kept rate
    assert np.allclose(out.column("False_PROB").to_numpy() + p, 1.0)


def test_regression_contexts_keep_their_activity_strata(con):
    rfm = build_visits(con)
    vq = rfm.resolve("PREDICT COUNT(visits.*, 0, 30, days) FOR EACH users.user_id")
    cur = rfm.con.cursor()
    prepared = context.prepare(cur, vq, rfm.graph, dt.datetime(2024, 9, 1), RunOptions(context_size=100), model=rfm.model)
    assert prepared.encoder.target.prior_ratios == ()


@pytest.mark.parametrize("query", [RARE, "PREDICT users.region FOR EACH users.user_id"])
def test_predictions_through_sql_equal_python_with_a_balanced_context(con, query):
    rfm = build_visits(con, n=600)
    py = rfm.predict(query, context_size=100).to_pylist()
    sql = rfm.con.sql(f"SELECT * FROM rfm_predict('{query}', context_size := 100)").to_arrow_table().to_pylist()
    key = lambda r: (r["ENTITY"], str(r.get("CLASS")))  # noqa: E731
    for a, b in zip(sorted(py, key=key), sorted(sql, key=key), strict=True):
        assert a.keys() == b.keys()
        for k in a:
            assert abs(a[k] - b[k]) < 1e-6 if isinstance(a[k], float) else a[k] == b[k]


def test_beyond_the_class_slots_the_most_frequent_classes_are_kept_before_balancing():
    labels = ["z"] * 60 + [c for c in "abcdefghijk" for _ in range(4)]  # 12 classes; "z" the majority
    labelled = _labelled([labels])
    kept = strata.most_frequent_classes(labelled, 10)
    classes = set(kept.column(TARGET).to_pylist())
    assert "z" in classes and len(classes) == 10
    assert strata.most_frequent_classes(kept, 10) is kept  # at most n classes: unchanged


def test_weights_give_the_context_rows_their_true_rates():
    target = TargetCoding(TargetKind.CLASSIFICATION, classes=[False, True], prior_ratios=(1.8, 0.2))
    y_ctx = np.array([0, 0, 1, 1], np.float32)
    w = decoding.context_weights(target, y_ctx)
    assert np.allclose(w, [1.8, 1.8, 0.2, 0.2])
    assert np.average(y_ctx, weights=w) == pytest.approx(0.1)  # a 50/50 context read at a 10% rate
    regression = TargetCoding(TargetKind.REGRESSION)
    assert np.array_equal(decoding.context_weights(regression, np.zeros(3, np.float32)), np.ones(3))


def test_explanations_report_the_data_rates_not_the_balanced_ones(con):
    rfm = build_visits(con, n=1500)
    anchor = dt.datetime(2024, 9, 1)
    ex = rfm.explain(RARE, entity=1, anchor_time=anchor, context_size=200)
    truth = np.mean([r["TARGET"] for r in rfm.labels(RARE, anchor_time=anchor - dt.timedelta(days=30)).to_pylist()])
    assert truth < 0.2
    assert ex.base[1] < 0.3  # the context average is read at the data's rate, not the context's 50/50
    view = ex.global_view.to_pylist()
    assert view and all(r["LABEL_MEAN"] is None or 0 <= r["LABEL_MEAN"] <= 1 for r in view)
    feature = view[0]["FEATURE"]
    rows = [r for r in view if r["FEATURE"] == feature]
    assert min(r["LABEL_MEAN"] for r in rows if r["LABEL_MEAN"] is not None) < 0.3


def test_bench_baselines_learn_the_true_rates_from_a_balanced_context(con):
    from rfm_sql import baselines as baselines_module
    from rfm_sql import bench
    from rfm_sql.runtime import metrics

    rfm = build_visits(con, n=1500)
    anchor = dt.datetime(2024, 9, 1)
    truth = rfm.labels(RARE, anchor_time=anchor)
    evaluation = rfm.evaluate(RARE, task_table=truth, context_size=200)
    result = evaluation.results[0]
    assert result.prepared.encoder.target.prior_ratios  # the context was balanced
    scores, points = baselines_module.global_(rfm.resolve(RARE), result)
    rate = np.mean([bool(v) for v in truth.column("TARGET").to_pylist()])
    assert abs(scores[0] - rate) < 0.1 and not any(points)  # the true positive rate, not 0.5
    baselines = bench._baselines(rfm.resolve(RARE), evaluation, metrics.METRICS["accuracy"])
    assert baselines["global"] == pytest.approx(1 - rate, abs=1e-9)  # "never" is right at the data's rate
    assert evaluation.baselines["global"]["accuracy"] == pytest.approx(1 - rate, abs=1e-9)  # evaluate shows it too


def test_training_episodes_keep_query_rows_at_the_context_rates():
    from export.episodes import at_context_rates

    rng = np.random.default_rng(0)
    y = (rng.random(20000) < 0.08).astype(np.float32)  # 8% positives; the context kept them at 50%
    ratios = (0.92 / 0.5, 0.08 / 0.5)
    kept = y[at_context_rates(rng, ratios, y)]
    assert abs(kept.mean() - 0.5) < 0.03
    assert at_context_rates(rng, (), y).all()
