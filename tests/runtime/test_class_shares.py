"""How a multiclass target's classes are compared (runtime.class_shares): weights that give the context's examples
each class as often as they had it, a power that says how far the pair scores are trusted and a factor for the
entity's most frequent class so far, used only where they get more of the examples right."""

from types import SimpleNamespace

import numpy as np
import pytest

from rfm_sql.runtime.class_shares import RIDGE, class_scaling, fit_scaling, fit_weights


def _examples(n, shares, informative, seed=0):
    """n examples of len(shares) classes, each class a pair: P(linked) that points at the example's class
    (`informative`) or is noise alike for every class."""
    rng = np.random.default_rng(seed)
    k = len(shares)
    truth = rng.choice(k, n, p=shares)
    groups = np.repeat(np.arange(n), k)
    index = np.tile(np.arange(k), n)
    y = index == truth[groups]
    p = rng.uniform(0.05, 0.5, n * k)
    if informative:
        p = np.where(y, rng.uniform(0.5, 0.95, n * k), rng.uniform(0.01, 0.3, n * k))
    classes = np.array([f"c{i}" for i in index], dtype=object)
    return p, groups, classes, y, index


def _normalised(p, groups, index, a, w):
    scored = p**a * w[index]
    return scored / np.bincount(groups, scored)[groups]


def test_weights_bring_each_classs_mean_share_to_its_share_of_the_examples():
    p, groups, classes, y, index = _examples(2000, [0.7, 0.2, 0.1], informative=False)
    p = np.full_like(p, 0.3)  # the scores say nothing: every class gets a third before the weights
    log_w = fit_weights(np.log(p), groups, index, y, 3)
    shares = np.bincount(index, _normalised(p, groups, index, 1.0, np.exp(log_w))) / 2000
    truth = np.bincount(index[y]) / 2000
    assert shares == pytest.approx(truth, abs=0.005)


def test_a_class_no_example_had_is_pulled_toward_one_not_driven_to_the_bound():
    """A class the scores give little and no example had (one of 57 drugs, seen by chance in no example) keeps a
    weight near 1; at the fit each class's shortfall is the ridge's pull, RIDGE · log w."""
    p, groups, classes, y, index = _examples(400, [0.6, 0.4, 0.0], informative=False)
    p = np.where(index == 2, 0.003, 0.3)  # about 1% of every example's scores
    log_w = fit_weights(np.log(p), groups, index, y, 3)
    assert -1.0 < log_w[2] < 0
    shares = np.bincount(index, _normalised(p, groups, index, 1.0, np.exp(log_w)))
    assert np.bincount(index[y], minlength=3) - shares == pytest.approx(RIDGE * log_w, abs=1e-3)


def test_scores_that_say_nothing_give_way_to_the_commonest_class():
    p, groups, classes, y, index = _examples(1000, [0.6, 0.25, 0.15], informative=False)
    a, weights, _ = fit_scaling(p, groups, classes, y)
    assert a <= 0.3
    w = np.array([weights[f"c{i}"] for i in range(3)])
    best = np.argmax((p**a * w[index]).reshape(-1, 3), axis=1)
    assert (best == 0).mean() > 0.9  # the noise no longer picks the class: the commonest, as its share says
    assert (np.argmax(p.reshape(-1, 3), axis=1) == 0).mean() < 0.5  # where the raw scores picked at random


def test_scores_that_tell_the_classes_apart_are_kept_as_they_are():
    p, groups, classes, y, index = _examples(1000, [0.6, 0.25, 0.15], informative=True)
    assert (np.argmax(p.reshape(-1, 3), axis=1) == index[y]).mean() > 0.9
    assert fit_scaling(p, groups, classes, y) is None  # no scaling gets more of them right


def test_the_entitys_most_frequent_class_gets_the_factor_its_examples_show():
    """Where the examples' classes follow the entity's usual one more than the scores do, that class gets a
    factor e^b (`usual`: the pair feature HIST_COUNT_RANK is 1), fitted with the weights."""
    p, groups, classes, y, index = _examples(1000, [0.4, 0.35, 0.25], informative=False)
    rng = np.random.default_rng(1)
    truth = index[y]
    habit = np.where(rng.random(1000) < 0.8, truth, rng.integers(0, 3, 1000))  # the usual class: right 80% of the time
    first = index == habit[groups]
    a, weights, bonus = fit_scaling(p, groups, classes, y, first)
    assert bonus >= 1.0
    w = np.array([weights[f"c{i}"] for i in range(3)])
    best = np.argmax((p**a * w[index] * np.exp(bonus * first)).reshape(-1, 3), axis=1)
    assert (best == truth).mean() > 0.75


def test_an_examples_total_is_kept_on_average():
    """Where an entity's candidates are not every class, SCORE reads the total (runtime.ranking.class_total):
    the weights change how the classes compare, not how much of the whole they hold."""
    p, groups, classes, y, index = _examples(800, [0.5, 0.3, 0.2], informative=False)
    a, weights, _ = fit_scaling(p, groups, classes, y)
    w = np.array([weights[f"c{i}"] for i in range(3)])
    assert np.bincount(groups, p**a * w[index]).mean() == pytest.approx(np.bincount(groups, p).mean())


def test_one_class_or_a_hierarchical_model_fit_nothing():
    p, groups, classes, y, index = _examples(200, [1.0], informative=False)
    assert fit_scaling(p, groups, classes, y) is None
    assert class_scaling(SimpleNamespace(neighbours=True), None, None, None, 0, None) is None
