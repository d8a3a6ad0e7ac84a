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
    if task_type == "multilabel":
        truth = [rng.choice(8, rng.integers(0, 4), replace=False).tolist() for _ in range(n)]
        chosen = [
            [v for v in t if rng.random() < 0.7] + ([int(rng.integers(8))] if rng.random() < 0.3 else []) for t in truth
        ]
        return {"y_true": truth, "score": None, "pred": chosen}
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
    path = plots.plot_evaluation(tmp_path / "b.svg", "binary", y, score, None)
    assert path.read_text().lstrip().startswith("<?xml")


def test_roc_of_a_perfect_ranking():
    fpr, tpr = plots._roc(np.array([True, True, False, False]), np.array([0.9, 0.8, 0.3, 0.1]))
    assert float(np.sum(np.diff(fpr) * (tpr[1:] + tpr[:-1]) / 2)) == 1.0


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"task_type": "ranking", "y_true": [1], "pred": [1]}, r'task_type "ranking" is not one of binary'),
        ({"path": "eval.jpg"}, r'plot ".*eval.jpg": write a .png'),
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
        ({"task_type": "multilabel", "y_true": [[1], [2]], "pred": [[1]]}, "pred has 1 values but y_true has 2"),
        ({"task_type": "multilabel", "y_true": [[], []], "pred": [[], []]}, "no label at all"),
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


def test_evaluate_draws_its_picture_from_python_and_the_cli(shop, tmp_path, capsys):
    import duckdb

    import rfm_sql
    from rfm_sql.cli import main
    from rfm_sql.demo import build

    pytest.importorskip("matplotlib")
    rfm = rfm_sql.attach(shop)
    out = tmp_path / "churn.png"
    result = rfm.evaluate("PREDICT COUNT(orders.*, 0, 30, days) = 0 FOR EACH users.user_id", context_size=100, plot=out)
    assert result.n > 0 and out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    with pytest.raises(rfm_sql.UserError, match="write a .png") as info:
        rfm.evaluate("PREDICT users.segment FOR EACH users.user_id", plot=tmp_path / "x.gif")
    assert info.value.param == "plot"
    db = tmp_path / "shop.duckdb"
    with duckdb.connect(str(db)) as con:
        build(con, n_users=150, n_items=20)
    for query, name in [
        ("PREDICT SUM(orders.amount, 0, 30, days) FOR EACH users.user_id", "spend.png"),
        ("PREDICT users.segment FOR EACH users.user_id", "segment.png"),
    ]:
        assert main(["evaluate", str(db), query, "--context-size", "100", "--plot", str(tmp_path / name)]) == 0
        assert (tmp_path / name).stat().st_size > 1000
    assert "wrote the backtest's picture" in capsys.readouterr().out
