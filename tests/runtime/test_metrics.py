import math

import numpy as np
import pytest

from rfm_sql.errors import UserError
from rfm_sql.pql.tasks import TaskType
from rfm_sql.runtime import metrics


def test_auroc_counts_pairs_and_ties():
    assert metrics.auroc([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]) == 0.75  # 3 of 4 (pos, neg) pairs ordered
    assert metrics.auroc([0, 1], [0.5, 0.5]) == 0.5  # a tie is half a pair
    assert metrics.auroc([1, 0, 1], [0.9, 0.1, 0.8]) == 1.0
    assert math.isnan(metrics.auroc([1, 1], [0.2, 0.3]))  # one class only: undefined


def test_auroc_agrees_with_the_pair_definition():
    rng = np.random.default_rng(0)
    y = rng.integers(0, 2, 200)
    s = np.round(rng.random(200), 1)  # many ties
    pos, neg = s[y == 1], s[y == 0]
    pairs = ((pos[:, None] > neg[None, :]) + 0.5 * (pos[:, None] == neg[None, :])).mean()
    assert metrics.auroc(y, s) == pytest.approx(pairs)


def test_point_metrics():
    assert metrics.mae([1, 2, 3], [1, 4, 0]) == pytest.approx(5 / 3)
    assert metrics.rmse([0, 0], [3, 4]) == pytest.approx(math.sqrt(12.5))
    assert metrics.accuracy(["a", "b", True], ["a", "c", True]) == pytest.approx(2 / 3)
    assert metrics.log_loss([1, 0], [1.0, 0.0]) < 1e-5  # clipped, never infinite


def test_defaults_directions_and_resolution():
    assert metrics.primary(TaskType.BINARY).name == "auroc" and metrics.primary(TaskType.BINARY).higher_is_better
    assert metrics.primary(TaskType.REGRESSION).name == "mae" and not metrics.primary(TaskType.REGRESSION).higher_is_better
    assert [m.name for m in metrics.resolve(None, TaskType.MULTICLASS)] == ["accuracy"]
    assert [m.name for m in metrics.resolve("rmse", TaskType.REGRESSION)] == ["rmse"]
    with pytest.raises(UserError, match="Unknown metric 'f1'") as info:
        metrics.resolve(["f1"], TaskType.BINARY)
    assert info.value.param == "metrics"
    with pytest.raises(UserError, match="auroc.*probabilities"):
        metrics.resolve(["auroc"], TaskType.REGRESSION)


def test_compute_uses_scores_or_points():
    chosen = metrics.resolve(None, TaskType.BINARY)
    out = metrics.compute(chosen, [True, False, True], [0.9, 0.2, 0.4], [True, False, False])
    assert out["auroc"] == 1.0 and out["accuracy"] == pytest.approx(2 / 3)


def test_computed_metrics_are_plain_floats():
    chosen = (metrics.METRICS["map@k"], metrics.METRICS["ndcg@k"], metrics.METRICS["recall@k"])
    values = metrics.compute(chosen, [["a"], ["b"]], [], [["a", "x"], ["x", "b"]])
    assert all(type(v) is float for v in values.values()) and values["ndcg@k"] < 1
