"""rfm_sql.plots: each task type draws a real PNG from synthetic arrays; bad input names the argument."""

import numpy as np
import pytest

from rfm_sql import plots

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def synthetic(task_type, rng):
    n = 200
    if task_type == "binary":
        y = rng.random(n) < 0.3
        score = np.clip(0.3 + 0.4 * (y - 0.3) + rng.normal(0, 0.15, n), 0, 1)
        return {"y_true": y.tolist(), "score": score.tolist(), "pred": (score > 0.5).tolist()}
    if task_type == "regression":
        y = rng.normal(50, 10, n)
        return {"y_true": y, "score": None, "pred": y + rng.normal(0, 3, n)}
    if task_type == "multiclass":
        classes = np.array([1, 2, 3])  # stored as integers: compared by value, not as text
        y = rng.choice(classes, n)
        pred = np.where(rng.random(n) < 0.7, y, rng.choice(classes, n))
        return {"y_true": y.tolist(), "score": None, "pred": pred.tolist()}
    if task_type == "link_prediction":
        truth = [rng.choice(50, rng.integers(1, 5), replace=False).tolist() for _ in range(n)]
        ranked = [list(dict.fromkeys(t[:1] + rng.choice(50, 9, replace=False).tolist()))[:10] for t in truth]
        return {"y_true": truth, "score": None, "pred": ranked}
    per_step = {}
    for step in range(1, 8):
        y = rng.poisson(5, n).astype(float)
        per_step[step] = (y, y + rng.normal(0, step, n))
    return {"per_step": per_step}


@pytest.mark.parametrize("task_type", plots.TASK_TYPES)
def test_each_task_type_writes_a_png(tmp_path, task_type):
    pytest.importorskip("matplotlib", reason="plots need matplotlib: pip install 'rfm-sql[plot]'")
    path = tmp_path / f"{task_type}.png"
    out = plots.plot_evaluation(
        path, task_type, title=f"PREDICT ... ({task_type})", **synthetic(task_type, np.random.default_rng(0))
    )
    assert out == path
    data = path.read_bytes()
    assert data.startswith(PNG_SIGNATURE) and len(data) > 10_000


def test_binary_tolerates_missing_values_and_arrow_input(tmp_path):
    pytest.importorskip("matplotlib", reason="plots need matplotlib: pip install 'rfm-sql[plot]'")
    import pyarrow as pa

    y = pa.array([True, False, None, True, False, True])
    score = pa.array([0.9, 0.2, 0.5, None, 0.4, 0.7])
    path = plots.plot_evaluation(tmp_path / "sub" / "b.svg", "binary", y, score, None)
    assert path.read_text().lstrip().startswith("<?xml")


def test_roc_of_a_perfect_ranking():
    fpr, tpr = plots._roc(np.array([True, True, False, False]), np.array([0.9, 0.8, 0.3, 0.1]))
    assert float(np.sum(np.diff(fpr) * (tpr[1:] + tpr[:-1]) / 2)) == 1.0


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"task_type": "ranking", "y_true": [1], "pred": [1]}, r'task_type "ranking" is not one of binary'),
        ({"path": "eval.jpg"}, r'path ".*eval.jpg": write a .png'),
        ({"path": "eval"}, "no extension"),
        ({"y_true": [True, False], "score": [0.5]}, "score has 1 values but y_true has 2"),
        ({"task_type": "regression", "y_true": [1.0, 2.0], "pred": [1.0]}, "pred has 1 values but y_true has 2"),
        ({"score": None}, "score is required"),
        ({"y_true": [], "score": []}, "y_true is empty"),
        ({"y_true": ["yes", "no"], "score": [0.1, 0.2]}, "booleans or 0/1"),
        ({"score": [1.5, 0.2]}, "between 0 and 1"),
        ({"task_type": "regression", "y_true": ["a", "b"], "pred": [1, 2]}, "y_true must hold numbers"),
        ({"task_type": "forecasting"}, "per_step is required"),
        ({"task_type": "forecasting", "per_step": {1: ([1.0, 2.0], [1.0])}}, r"per_step\[1\]: y_true has 2"),
        ({"task_type": "link_prediction", "y_true": [[]], "pred": [[1]]}, "no entity with a true item"),
        ({"y_true": "TTF", "score": [0.1, 0.2, 0.3]}, "not a string"),
    ],
)
def test_bad_input_names_the_argument(tmp_path, kwargs, message):
    args = {"path": "eval.png", "task_type": "binary", "y_true": [True, False], "score": [0.9, 0.1], "pred": None}
    args.update(kwargs)
    args["path"] = tmp_path / args["path"]
    with pytest.raises(ValueError, match=message):
        plots.plot_evaluation(**args)
    assert not list(tmp_path.iterdir())  # nothing written


def test_missing_matplotlib_says_what_to_install(monkeypatch, tmp_path):
    import sys

    monkeypatch.setitem(sys.modules, "matplotlib.figure", None)
    with pytest.raises(ImportError, match=r"pip install 'rfm-sql\[plot\]'"):
        plots.plot_evaluation(tmp_path / "b.png", "binary", [True, False], [0.9, 0.1], None)
