"""Pictures of a backtest: one function, `plot_evaluation`, from plain arrays to an image file.

binary          ROC curve (with AUROC) and a calibration curve; `score` is P(true)
regression      predicted vs actual, and residuals vs predicted
multiclass      confusion matrix (classes compared by value, as stored)
link_prediction precision and recall at k; `y_true` holds each entity's true items, `pred` its ranked items
multilabel      precision and recall per label, and how often each label is true vs predicted; `y_true` holds
                each entity's true labels, `pred` its predicted labels
forecasting     error per forecast step; `per_step` = {step: (y_true, pred)}

matplotlib draws off-screen (the Agg canvas, no pyplot state); it is the optional `plot` extra:
pip install 'rfm-sql[plot]'.
"""

from __future__ import annotations

import importlib.util
import math
from collections import Counter
from pathlib import Path

import numpy as np

from rfm_sql.errors import UserError

TASK_TYPES = ("binary", "regression", "multiclass", "link_prediction", "multilabel", "forecasting")
EXTENSIONS = (".png", ".svg", ".pdf")
MAX_CLASSES = 30  # a confusion matrix larger than this groups the rarest classes as "(other)"
MAX_LABELS = 20  # a multilabel picture shows the labels most often true


def plot_evaluation(path, task_type: str, y_true=None, score=None, pred=None, title=None, per_step=None) -> Path:
    """Draw the backtest of a `task_type` query into `path` (.png, .svg or .pdf); returns the path.

    Raises UserError (a ValueError) naming the argument for an unknown task type, a path it cannot write
    (unsupported extension, a folder, a parent folder that does not exist: it is never created), mismatched
    lengths or no data.
    """
    path = check_path(path)
    if task_type not in TASK_TYPES:
        raise UserError(f'task_type "{task_type}" is not one of {", ".join(TASK_TYPES)}.', "task_type")
    draw = {
        "binary": _binary,
        "regression": _regression,
        "multiclass": _multiclass,
        "link_prediction": _link_prediction,
        "multilabel": _multilabel,
        "forecasting": _forecasting,
    }[task_type]
    panels = _forecast_data(per_step) if task_type == "forecasting" else _checked(task_type, y_true, score, pred)
    sizes = {"multiclass": (7, 6), "link_prediction": (7, 4.5), "multilabel": (12, 4.5)}
    figure = _figure(sizes.get(task_type, (10, 4.5)))
    subtitle = draw(figure, *panels)
    figure.suptitle(f"{title}\n{subtitle}" if title else subtitle, fontsize=11)
    figure.tight_layout()
    try:
        figure.savefig(path, dpi=110)
    except OSError as e:  # e.g. no permission: said plainly, as check_path says the rest
        raise UserError(f'plot "{path}": cannot write it ({e.strerror or e}).', "plot") from e
    return path


# -- input checks ----------------------------------------------------------------------------------------
def available() -> bool:
    """Whether matplotlib (the optional `plot` extra) is installed."""
    return importlib.util.find_spec("matplotlib") is not None


def check_path(path) -> Path:
    """A picture's path, refused before any work when it cannot be written: an extension we cannot write, a
    folder, or a parent that is not an existing folder (never created: a typo there would go unnoticed)."""
    path = Path(path)
    if path.suffix.lower() not in EXTENSIONS:
        raise UserError(
            f'plot "{path}": write a {", ".join(EXTENSIONS)} file (got "{path.suffix or "no extension"}").', "plot"
        )
    if path.is_dir():
        raise UserError(f'plot "{path}" is a folder; name a file in it, e.g. "{path / "backtest.png"}".', "plot")
    if path.parent.exists() and not path.parent.is_dir():
        raise UserError(f'plot "{path}": {path.parent} is a file, not a folder; pick another path.', "plot")
    if not path.parent.is_dir():
        raise UserError(
            f'plot "{path}": the folder {path.parent} does not exist; create it or pick another path.', "plot"
        )
    return path


def _checked(task_type, y_true, score, pred):
    needs = {
        "binary": ("y_true", "score"),
        "regression": ("y_true", "pred"),
        "multiclass": ("y_true", "pred"),
        "link_prediction": ("y_true", "pred"),
        "multilabel": ("y_true", "pred"),
    }[task_type]
    given = {"y_true": y_true, "score": score, "pred": pred}
    for name in needs:
        if given[name] is None:
            raise UserError(f"{name} is required for a {task_type} plot.")
    values = {name: _as_list(given[name], name) for name in needs}
    first = needs[0]
    for name in needs[1:]:
        if len(values[name]) != len(values[first]):
            raise UserError(
                f"{name} has {len(values[name])} values but {first} has {len(values[first])}; "
                "they must be the same length (one per example)."
            )
    if not values[first]:
        raise UserError(f"{first} is empty: there is nothing to plot.")
    if task_type == "binary":
        return _binary_arrays(values["y_true"], values["score"])
    if task_type == "regression":
        return _numeric_pairs(values["y_true"], values["pred"], "y_true", "pred")
    return values["y_true"], values["pred"]


def _as_list(values, name: str) -> list:
    if hasattr(values, "to_pylist"):  # pyarrow arrays and columns
        return values.to_pylist()
    if isinstance(values, (str, bytes)):
        raise UserError(f"{name} must be a sequence of values, not a string.")
    try:
        return list(values)
    except TypeError:
        raise UserError(f"{name} must be a sequence of values, got {type(values).__name__}.") from None


def _numeric(values: list, name: str) -> np.ndarray:
    try:
        return np.array([np.nan if v is None else float(v) for v in values], dtype=float)
    except (TypeError, ValueError):
        raise UserError(f"{name} must hold numbers (or None), e.g. {values[:3]!r} does not.") from None


def _binary_arrays(y_true: list, score: list):
    truth = [None if v is None else _as_bool(v) for v in y_true]
    s = _numeric(score, "score")
    keep = np.array([t is not None for t in truth]) & ~np.isnan(s)
    if not keep.any():
        raise UserError("y_true and score have no example with both values: there is nothing to plot.")
    if np.any((s[keep] < 0) | (s[keep] > 1)):
        raise UserError("score must be probabilities P(true) between 0 and 1.")
    y = np.array([bool(t) for t, k in zip(truth, keep, strict=True) if k])
    return y, s[keep]


def _as_bool(v) -> bool:
    if isinstance(v, (bool, np.bool_)):
        return bool(v)
    if isinstance(v, (int, float, np.integer, np.floating)) and v in (0, 1):
        return bool(v)
    raise UserError(f"y_true of a binary plot must be booleans or 0/1, got {v!r}.")


def _numeric_pairs(a: list, b: list, name_a: str, name_b: str):
    x, y = _numeric(a, name_a), _numeric(b, name_b)
    keep = ~np.isnan(x) & ~np.isnan(y)
    if not keep.any():
        raise UserError(f"{name_a} and {name_b} have no example with both values: there is nothing to plot.")
    return x[keep], y[keep]


def _forecast_data(per_step):
    if not per_step:
        raise UserError("per_step is required for a forecasting plot: {step: (y_true, pred)}.")
    if not isinstance(per_step, dict):
        raise UserError(f"per_step must be a dict {{step: (y_true, pred)}}, got {type(per_step).__name__}.")
    steps = []
    for step in sorted(per_step):
        try:
            y_true, pred = per_step[step]
        except (TypeError, ValueError):
            raise UserError(f"per_step[{step!r}] must be a pair (y_true, pred).") from None
        a, b = _as_list(y_true, f"per_step[{step!r}] y_true"), _as_list(pred, f"per_step[{step!r}] pred")
        if len(a) != len(b):
            raise UserError(f"per_step[{step!r}]: y_true has {len(a)} values but pred has {len(b)}.")
        steps.append((step, *_numeric_pairs(a, b, f"per_step[{step!r}] y_true", f"per_step[{step!r}] pred")))
    return (steps,)


# -- drawing ---------------------------------------------------------------------------------------------
def _figure(size):
    try:
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure
    except ImportError as e:
        raise ImportError("Plots need matplotlib: pip install 'rfm-sql[plot]'") from e
    figure = Figure(figsize=size)
    FigureCanvasAgg(figure)  # attaches itself: savefig draws off-screen, whatever pyplot's backend is
    return figure


def _binary(figure, y: np.ndarray, s: np.ndarray) -> str:
    fpr, tpr = _roc(y, s)
    auc = float(np.sum(np.diff(fpr) * (tpr[1:] + tpr[:-1]) / 2)) if y.any() and not y.all() else math.nan
    ax = figure.add_subplot(1, 2, 1)
    ax.plot(fpr, tpr, color="C0", label=f"model (AUROC {auc:.3f})")
    ax.plot([0, 1], [0, 1], color="grey", linestyle="--", label="chance")
    ax.set(xlabel="false positive rate", ylabel="true positive rate", title="ROC", xlim=(0, 1), ylim=(0, 1.01))
    ax.legend(loc="lower right")

    ax = figure.add_subplot(1, 2, 2)
    edges = np.linspace(0, 1, 11)
    which = np.clip(np.digitize(s, edges[1:-1]), 0, 9)
    counts = np.bincount(which, minlength=10)
    used = counts > 0
    mean_score = np.bincount(which, weights=s, minlength=10)[used] / counts[used]
    frac_true = np.bincount(which, weights=y.astype(float), minlength=10)[used] / counts[used]
    ax.plot([0, 1], [0, 1], color="grey", linestyle="--", label="perfectly calibrated")
    ax.plot(mean_score, frac_true, marker="o", color="C1", label="model")
    ax.set(xlabel="predicted P(true)", ylabel="observed fraction true", title="Calibration", xlim=(0, 1), ylim=(0, 1))
    hist = ax.twinx()
    hist.bar((edges[:-1] + edges[1:]) / 2, counts, width=0.09, alpha=0.15, color="C1")
    hist.set_ylabel("examples")
    ax.legend(loc="upper left")
    return f"binary: {len(y)} examples, {int(y.sum())} true, AUROC {auc:.3f}"


def _roc(y: np.ndarray, s: np.ndarray):
    order = np.argsort(-s, kind="mergesort")
    y, s = y[order], s[order]
    distinct = np.r_[np.nonzero(np.diff(s))[0], len(s) - 1]  # last index of each run of equal scores
    tp = np.cumsum(y)[distinct]
    fp = (distinct + 1) - tp
    positives, negatives = tp[-1], fp[-1]
    tpr = np.r_[0.0, tp / positives] if positives else np.zeros(len(tp) + 1)
    fpr = np.r_[0.0, fp / negatives] if negatives else np.zeros(len(fp) + 1)
    return fpr, tpr


def _regression(figure, actual: np.ndarray, predicted: np.ndarray) -> str:
    residual = actual - predicted
    mae = float(np.mean(np.abs(residual)))
    rmse = float(np.sqrt(np.mean(residual**2)))
    spread = float(np.sum((actual - actual.mean()) ** 2))
    r2 = 1 - float(np.sum(residual**2)) / spread if spread > 0 else math.nan
    ax = figure.add_subplot(1, 2, 1)
    ax.scatter(actual, predicted, s=8, alpha=0.5)
    low, high = float(min(actual.min(), predicted.min())), float(max(actual.max(), predicted.max()))
    ax.plot([low, high], [low, high], color="grey", linestyle="--", label="prediction = actual")
    ax.set(xlabel="actual", ylabel="predicted", title="Predicted vs actual")
    ax.legend(loc="upper left")
    ax = figure.add_subplot(1, 2, 2)
    ax.scatter(predicted, residual, s=8, alpha=0.5, color="C2")
    ax.axhline(0, color="grey", linestyle="--")
    ax.set(xlabel="predicted", ylabel="actual - predicted", title="Residuals")
    return f"regression: {len(actual)} examples, MAE {mae:.4g}, RMSE {rmse:.4g}, R² {r2:.3f}"


def _multiclass(figure, y_true: list, pred: list) -> str:
    pairs = [(t, p) for t, p in zip(y_true, pred, strict=True) if t is not None]
    if not pairs:
        raise UserError("y_true has no labelled example: there is nothing to plot.")
    frequency = Counter(t for t, _ in pairs) + Counter(p for _, p in pairs if p is not None)
    classes = sorted((c for c, _ in frequency.most_common(MAX_CLASSES)), key=_sort_key)
    other = len(frequency) > MAX_CLASSES or any(p is None for _, p in pairs)
    index = {c: i for i, c in enumerate(classes)}
    n = len(classes) + (1 if other else 0)
    matrix = np.zeros((n, n), dtype=int)
    for t, p in pairs:
        matrix[index.get(t, n - 1), index.get(p, n - 1)] += 1
    labels = [str(c) for c in classes] + (["(other)"] if other else [])
    accuracy = sum(t == p for t, p in pairs) / len(pairs)

    ax = figure.add_subplot(1, 1, 1)
    image = ax.imshow(matrix, cmap="Blues")
    ax.set_xticks(range(n), labels, rotation=45, ha="right")
    ax.set_yticks(range(n), labels)
    ax.set(xlabel="predicted class", ylabel="true class", title="Confusion matrix")
    if n <= 15:
        threshold = matrix.max() / 2
        for i in range(n):
            for j in range(n):
                color = "white" if matrix[i, j] > threshold else "black"
                ax.text(j, i, str(matrix[i, j]), ha="center", va="center", color=color, fontsize=8)
    figure.colorbar(image, ax=ax)
    n_classes = len({t for t, _ in pairs})
    return f"multiclass: {len(pairs)} examples, {n_classes} true classes, accuracy {accuracy:.3f}"


def _sort_key(value):
    return (type(value).__name__, value) if isinstance(value, (int, float, str)) else (type(value).__name__, str(value))


def _link_prediction(figure, y_true: list, pred: list) -> str:
    rows = []
    for i, (truth, ranked) in enumerate(zip(y_true, pred, strict=True)):
        truth, ranked = _as_list(truth or [], f"y_true[{i}]"), _as_list(ranked or [], f"pred[{i}]")
        if truth:  # entities with no true item are not scored
            rows.append((set(truth), ranked))
    if not rows:
        raise UserError("y_true has no entity with a true item: there is nothing to plot.")
    k_max = max(1, max(len(r) for _, r in rows))
    ks = np.arange(1, k_max + 1)
    precision, recall = [], []
    for k in ks:
        hits = [len(truth & set(ranked[:k])) for truth, ranked in rows]
        precision.append(np.mean([h / k for h in hits]))
        recall.append(np.mean([h / len(truth) for h, (truth, _) in zip(hits, rows, strict=True)]))
    ax = figure.add_subplot(1, 1, 1)
    ax.plot(ks, precision, marker="o", label="precision@k")
    ax.plot(ks, recall, marker="s", label="recall@k")
    ax.set(xlabel="k (top-k predicted items)", ylabel="mean over entities", title="Precision and recall at k")
    ax.set_ylim(0, 1.01)
    ax.legend()
    return (
        f"link prediction: {len(rows)} entities, precision@{k_max} {precision[-1]:.3f}, recall@{k_max} {recall[-1]:.3f}"
    )


def _multilabel(figure, y_true: list, pred: list) -> str:
    truth_sets, pred_sets = [], []
    for i, (truth, chosen) in enumerate(zip(y_true, pred, strict=True)):
        truth_sets.append(set(_as_list(truth or [], f"y_true[{i}]")))
        pred_sets.append(set(_as_list(chosen or [], f"pred[{i}]")))
    true_count = Counter(v for t in truth_sets for v in t)
    pred_count = Counter(v for p in pred_sets for v in p)
    if not true_count and not pred_count:
        raise UserError("y_true and pred hold no label at all: there is nothing to plot.")
    hit_count = Counter(v for t, p in zip(truth_sets, pred_sets, strict=True) for v in t & p)
    shown = [c for c, _ in (true_count + pred_count).most_common(MAX_LABELS)]
    labels = [str(c) for c in shown]
    precision = [hit_count[c] / pred_count[c] if pred_count[c] else 0.0 for c in shown]
    recall = [hit_count[c] / true_count[c] if true_count[c] else 0.0 for c in shown]
    at = np.arange(len(shown))
    ax = figure.add_subplot(1, 2, 1)
    ax.bar(at - 0.2, precision, width=0.4, label="precision")
    ax.bar(at + 0.2, recall, width=0.4, label="recall")
    ax.set_xticks(at, labels, rotation=45, ha="right")
    ax.set(xlabel="label", ylabel="share", title="Precision and recall per label", ylim=(0, 1.01))
    ax.legend()
    ax = figure.add_subplot(1, 2, 2)
    ax.bar(at - 0.2, [true_count[c] for c in shown], width=0.4, label="true")
    ax.bar(at + 0.2, [pred_count[c] for c in shown], width=0.4, label="predicted")
    ax.set_xticks(at, labels, rotation=45, ha="right")
    ax.set(xlabel="label", ylabel="entities", title="How often each label is true and predicted")
    ax.legend()
    hits, n_pred, n_true = sum(hit_count.values()), sum(pred_count.values()), sum(true_count.values())
    micro_p = hits / n_pred if n_pred else 0.0
    micro_r = hits / n_true if n_true else 0.0
    f_score = 2 * micro_p * micro_r / (micro_p + micro_r) if micro_p + micro_r else 0.0
    return (
        f"multilabel: {len(truth_sets)} entities, {len(true_count)} labels true, micro precision {micro_p:.3f}, "
        f"recall {micro_r:.3f}, F-score {f_score:.3f}"
    )


def _forecasting(figure, steps: list) -> str:
    labels = [str(step) for step, _, _ in steps]
    mae = [float(np.mean(np.abs(a - p))) for _, a, p in steps]
    rmse = [float(np.sqrt(np.mean((a - p) ** 2))) for _, a, p in steps]
    ax = figure.add_subplot(1, 2, 1)
    ax.plot(labels, mae, marker="o", label="MAE")
    ax.plot(labels, rmse, marker="s", label="RMSE")
    ax.set(xlabel="forecast step", ylabel="error", title="Error per step")
    ax.set_ylim(bottom=0)
    ax.legend()
    ax = figure.add_subplot(1, 2, 2)
    ax.plot(labels, [float(np.mean(a)) for _, a, _ in steps], marker="o", label="mean actual")
    ax.plot(labels, [float(np.mean(p)) for _, _, p in steps], marker="s", label="mean predicted")
    ax.set(xlabel="forecast step", ylabel="value", title="Mean actual vs predicted")
    ax.legend()
    n = sum(len(a) for _, a, _ in steps)
    return f"forecasting: {len(steps)} steps, {n} examples, MAE step {labels[0]} {mae[0]:.4g} → step {labels[-1]} {mae[-1]:.4g}"
