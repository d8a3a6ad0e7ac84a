"""Feature tables -> the tensors of the model contract (numpy only; the same code builds training episodes).

Every statistic is fitted on the context rows and applied to the query rows:
- numeric features are rank-normalised against the context (to [-1, 1]); a missing value is 0 with a flag;
- categorical features become out-of-fold target rates (per class for multiclass) and frequencies;
- features that are constant in the context are dropped; beyond `F_MAX`, the ones least correlated with
  the context labels are dropped;
- each feature carries descriptors (its correlation with the label, missing rate, categorical or not),
  which is how the model tells features apart without reading their names;
- regression targets are log-compressed when heavy-tailed and standardised; classes are indexed by
  frequency (at most `N_CLASSES`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

CONTRACT_VERSION = 1
F_MAX = 128
N_CLASSES = 10
N_BINS = 96
BIN_RANGE = 4.0  # standardised targets are binned on [-BIN_RANGE, BIN_RANGE]
N_DESC = 4
_SMOOTHING = 5.0
_FOLDS = 4


@dataclass
class TargetCoding:
    """How labels map to model outputs and back."""

    kind: str  # "classification" | "regression"
    classes: list = field(default_factory=list)  # class values by index (classification)
    log: bool = False
    mean: float = 0.0
    std: float = 1.0

    def encode(self, y) -> np.ndarray:
        if self.kind == "classification":
            index = {c: i for i, c in enumerate(self.classes)}
            return np.array([index.get(_key(v), -1) for v in y], dtype=np.float32)
        z = np.log1p(np.maximum(np.asarray(y, dtype=np.float64), 0)) if self.log else np.asarray(y, dtype=np.float64)
        return ((z - self.mean) / self.std).astype(np.float32)

    def decode(self, z: np.ndarray) -> np.ndarray:
        v = np.asarray(z, dtype=np.float64) * self.std + self.mean
        return np.expm1(v) if self.log else v

    @property
    def bin_centers(self) -> np.ndarray:
        edges = np.linspace(-BIN_RANGE, BIN_RANGE, N_BINS + 1)
        return (edges[:-1] + edges[1:]) / 2


def _key(v):
    return bool(v) if isinstance(v, (bool, np.bool_)) else v


def fit_target(y, kind: str) -> TargetCoding:
    if kind == "classification":
        values, counts = np.unique(np.array([str(_key(v)) for v in y]), return_counts=True)
        originals = {str(_key(v)): _key(v) for v in y}
        order = np.argsort(-counts, kind="stable")[:N_CLASSES]
        classes = sorted((originals[values[i]] for i in order), key=lambda c: (str(type(c)), c))
        return TargetCoding("classification", classes=classes)
    y = np.asarray(y, dtype=np.float64)
    y = y[np.isfinite(y)]
    if len(y) == 0:
        return TargetCoding("regression")
    log = bool(y.min() >= 0 and _skew(y) > 2.0)
    z = np.log1p(y) if log else y
    std = float(z.std()) or 1.0
    return TargetCoding("regression", log=log, mean=float(z.mean()), std=std)


def _skew(y: np.ndarray) -> float:
    s = y.std()
    return float(((y - y.mean()) ** 3).mean() / s**3) if s > 0 else 0.0


@dataclass
class Episode:
    """One task's inputs in the model contract (no batch dimension)."""

    x_ctx: np.ndarray  # (C, F_MAX) float32 in [-1, 1]
    m_ctx: np.ndarray  # (C, F_MAX) 1 where missing
    y_ctx: np.ndarray  # (C,) class index or standardised target
    x_qry: np.ndarray  # (Q, F_MAX)
    m_qry: np.ndarray  # (Q, F_MAX)
    fmask: np.ndarray  # (F_MAX,) 1 for a used feature slot
    fdesc: np.ndarray  # (F_MAX, N_DESC)
    target: TargetCoding
    feature_names: list[str]

    @property
    def is_regression(self) -> bool:
        return self.target.kind == "regression"


def encode(ctx: dict, qry: dict, kinds: dict[str, str], y_ctx, task_kind: str) -> Episode:
    """ctx / qry: {feature name: 1-d array}, numeric as float (NaN missing), categorical as objects (None).

    kinds: {name: "numeric" | "categorical"}; y_ctx: the context labels; task_kind: classification|regression.
    """
    target = fit_target(y_ctx, task_kind)
    y = target.encode(y_ctx)
    keep_rows = y >= 0 if task_kind == "classification" else np.isfinite(y)
    n_qry = len(next(iter(qry.values()))) if qry else 0
    cols_c, cols_q, descs, names = [], [], [], []
    for name, kind in kinds.items():
        c = np.asarray(ctx[name], dtype=object if kind == "categorical" else np.float64)[keep_rows]
        q = np.asarray(qry[name], dtype=object if kind == "categorical" else np.float64)
        pairs = _categorical(c, q, y[keep_rows], target) if kind == "categorical" else [(name, c, q)]
        for sub, vc, vq in pairs:
            col = _numeric(vc, vq, y[keep_rows], target, kind == "categorical")
            if col is not None:
                cols_c.append(col[0])
                cols_q.append(col[1])
                descs.append(col[2])
                names.append(sub if sub == name else f"{name}={sub}")
    y = y[keep_rows]
    if len(cols_c) > F_MAX:  # keep the features most related to the label
        order = np.argsort(-np.array([d[1] for d in descs]), kind="stable")[:F_MAX]
        order.sort()
        cols_c, cols_q = [cols_c[i] for i in order], [cols_q[i] for i in order]
        descs, names = [descs[i] for i in order], [names[i] for i in order]
    n_ctx, f = len(y), len(cols_c)
    x_ctx = np.zeros((n_ctx, F_MAX), np.float32)
    m_ctx = np.zeros((n_ctx, F_MAX), np.float32)
    x_qry = np.zeros((n_qry, F_MAX), np.float32)
    m_qry = np.zeros((n_qry, F_MAX), np.float32)
    fdesc = np.zeros((F_MAX, N_DESC), np.float32)
    for j in range(f):
        (x_ctx[:, j], m_ctx[:, j]), (x_qry[:, j], m_qry[:, j]) = cols_c[j], cols_q[j]
        fdesc[j] = descs[j]
    fmask = np.zeros(F_MAX, np.float32)
    fmask[:f] = 1
    return Episode(x_ctx, m_ctx, y.astype(np.float32), x_qry, m_qry, fmask, fdesc, target, names)


def _categorical(c, q, y, target: TargetCoding):
    """A categorical column as numeric ones: frequency and smoothed target rate(s)."""
    c = np.array(["\0null" if v is None else str(v) for v in c], dtype=object)
    q = np.array(["\0null" if v is None else str(v) for v in q], dtype=object)
    cats, inverse, counts = np.unique(c, return_inverse=True, return_counts=True)
    index = {k: i for i, k in enumerate(cats)}
    qi = np.array([index.get(v, -1) for v in q], dtype=np.int64)
    n = len(c)
    freq_c = counts[inverse] / n
    freq_q = np.where(qi >= 0, counts[np.maximum(qi, 0)] / n, np.nan)
    out = [("freq", freq_c, freq_q)]
    if target.kind == "classification":
        targets = [(f"rate{k}", (y == k).astype(np.float64)) for k in range(max(2, len(target.classes)))]
        if len(target.classes) <= 2:
            targets = targets[1:2]
    else:
        targets = [("mean", y.astype(np.float64))]
    folds = np.arange(n) % _FOLDS  # out-of-fold rates: a context row never sees its own label
    for label, t in targets:
        oof = np.empty(n)
        for k in range(_FOLDS):
            inside = folds == k
            prior = t[~inside].mean() if (~inside).any() else 0.5
            sums = np.bincount(inverse[~inside], weights=t[~inside], minlength=len(cats))
            cnts = np.bincount(inverse[~inside], minlength=len(cats))
            oof[inside] = (sums[inverse[inside]] + prior * _SMOOTHING) / (cnts[inverse[inside]] + _SMOOTHING)
        prior = t.mean()
        sums = np.bincount(inverse, weights=t, minlength=len(cats))
        safe = np.maximum(qi, 0)
        full = np.where(qi >= 0, (sums[safe] + prior * _SMOOTHING) / (counts[safe] + _SMOOTHING), prior)
        out.append((label, oof, full))
    return out


def _numeric(c: np.ndarray, q: np.ndarray, y: np.ndarray, target: TargetCoding, categorical: bool):
    c = np.asarray(c, dtype=np.float64)
    q = np.asarray(q, dtype=np.float64)
    present = np.isfinite(c)
    values = np.sort(c[present])
    if len(values) < 2 or values[0] == values[-1]:
        return None
    xc, xq = _rank(values, c), _rank(values, q)
    corr = _corr(xc, y, target)
    desc = np.array([corr, abs(corr), 1 - present.mean(), float(categorical)], np.float32)
    return (xc, (~present).astype(np.float32)), (xq, (~np.isfinite(q)).astype(np.float32)), desc


def _rank(sorted_values: np.ndarray, v: np.ndarray) -> np.ndarray:
    """Mid-rank of v among the context values, scaled to [-1, 1]; missing -> 0."""
    ok = np.isfinite(v)
    lo = np.searchsorted(sorted_values, v[ok], side="left")
    hi = np.searchsorted(sorted_values, v[ok], side="right")
    out = np.zeros(len(v), np.float32)
    out[ok] = ((lo + hi) / (2.0 * len(sorted_values))) * 2 - 1
    return out


def _corr(x: np.ndarray, y: np.ndarray, target: TargetCoding) -> float:
    if target.kind == "classification" and len(target.classes) > 2:
        return max((abs(_pearson(x, (y == k).astype(np.float64))) for k in range(len(target.classes))), default=0.0)
    return _pearson(x, y.astype(np.float64))


def _pearson(a: np.ndarray, b: np.ndarray) -> float:
    a = a - a.mean()
    b = b - b.mean()
    den = np.sqrt((a * a).sum() * (b * b).sum())
    return float((a * b).sum() / den) if den > 0 else 0.0


def table_columns(table, names: list[str], kinds: dict[str, str]) -> dict:
    """Arrow feature table -> {name: numpy array} in `encode`'s input form."""
    out = {}
    for name in names:
        column = table.column(name)
        if kinds[name] == "categorical":
            out[name] = np.array(column.to_pylist(), dtype=object)
        else:
            out[name] = column.to_numpy(zero_copy_only=False).astype(np.float64)
    return out
