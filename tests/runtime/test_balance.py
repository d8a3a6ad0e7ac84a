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
    picked = _take_newest_first(labelled, strata.label_groups(labelled), 40, 80, 0)
    y = np.array(picked.column(TARGET).to_pylist())
    assert picked.num_rows == 80 and y.sum() == 15  # every positive kept: the rare class gives all it has
    ratios = strata.prior_ratios(labelled, picked)
    true_rate, kept_rate = 15 / 400, 15 / 80
    assert np.allclose(ratios[y], true_rate / kept_rate)
    assert np.allclose(ratios[~y], (1 - true_rate) / (1 - kept_rate))


def test_the_true_shares_are_those_of_the_anchors_used():
    labelled = _labelled([[True] * 20 + [False] * 20, [False] * 40])  # the second (older) anchor is not reached
    picked = _take_newest_first(labelled, strata.label_groups(labelled), 40, 40, 0)
    assert np.allclose(strata.prior_ratios(labelled, picked), 1.0)


def test_text_and_integer_labels_are_classes_too():
    labelled = _labelled([["a"] * 30 + ["b"] * 3 + ["c"] * 7])
    picked = _take_newest_first(labelled, strata.label_groups(labelled), 15, 15, 0)
    kept = picked.column(TARGET).to_pylist()
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
    prepared = context.prepare(cur, vq, rfm.graph, anchor, RunOptions(context_size=200))
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
    prepared = context.prepare(cur, vq, rfm.graph, dt.datetime(2024, 9, 1), RunOptions(context_size=100))
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
