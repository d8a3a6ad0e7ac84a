"""Feature columns -> the tensors of the model contract (numpy only; the same code builds training episodes).

The encoder is fitted once, on the context rows (`fit`), and then only transforms query rows
(`Encoder.episode`), chunk after chunk:
- numeric features are rank-normalised against the context (to [-1, 1]); a missing value is 0 with a flag, and
  where being missing tells the label more than the value does, the flag is a slot of its own;
- categorical features become frequencies and smoothed target rates (per class for multiclass; out-of-fold
  on the context rows, so a context row never sees its own label);
- features constant in the context are dropped; beyond `F_MAX`, the ones least correlated with the context
  labels are dropped;
- each feature slot carries descriptors (its correlation with the label, missing rate, categorical or
  not), which is how the model tells features apart without reading their names;
- regression targets are log-compressed when heavy-tailed and standardised, optionally relative to a
  feature of the row (`offset`: the entity's own recent level, chosen per context by runtime.residual);
  classes are indexed by frequency (at most `N_CLASSES`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from rfm_sql.pql.tasks import TargetKind
from rfm_sql.runtime.contract import F_MAX, N_CLASSES, N_DESC

_SMOOTHING = 5.0
SKEWED = 2.0  # a non-negative target whose skewness exceeds this is heavy-tailed: log-compressed, ratio-coded
_FOLDS = 4
_NULL = "\0null"  # a missing category is a category of its own
_MIN_SCALE = 1e-9  # a ratio-coded target whose context labels are all zero divides by this
_TIE = 1e-10  # relative to a feature's scale: far above summation-order noise, far below a real difference
SET = "=set"  # a numeric feature's "is set" slot's name ends so (`_set_slot`)
SET_SHARE = 0.02  # ... made where the feature is missing on at least this share of the context, and set on as much


@dataclass
class TargetCoding:
    """How labels map to model outputs and back."""

    kind: TargetKind
    classes: list = field(default_factory=list)  # class values by index (classification)
    log: bool = False
    mean: float = 0.0
    std: float = 1.0
    lower: float | None = None  # the target is never below this (a count, a sum of non-negative values)
    integer: bool = False  # the target only takes whole values (a count): its median and quantiles are whole
    atom: bool = False  # the labels have a point mass at `lower` (no order: a spend of exactly 0; runtime.bounds)
    # where there is no lower bound, the value of the atom (0: a sum of a column that may be negative, most of
    # whose windows hold no row; runtime.bounds.atom_fields)
    atom_value: float | None = None
    # with an atom, the nearest context labels above and (for an atom_value) below it (the smallest spend of a
    # customer who bought): the model's mass in the gaps, up to halfway on the coded scale, is read as the atom's
    next_label: float | None = None
    prev_label: float | None = None
    point: str = "median"  # what a regression prediction reports (runtime.decoding): "median" or "mean"
    quantiles: tuple[float, ...] = ()  # quantile levels reported beside it
    # per class (classification): its true share / its share in a label-balanced context (runtime.plan);
    # empty when the context keeps the labels as they occur
    prior_ratios: tuple[float, ...] = ()
    # regression coded relative to a feature (runtime.residual), the entity's own level: the coded label is
    # y - level, or, for a heavy-tailed non-negative target (a count, a sum of non-negative values, which
    # changes by a factor more than by an amount), y / (level + offset_default): zero stays zero for every row
    # and active entities are read against their own scale; offset_default (the context's mean label) stands
    # in for a row without a level; decoding puts the level back per row (Episode.offset)
    offset: str | None = None
    offset_default: float = 0.0
    offset_ratio: bool = False
    mean_scale: float = 1.0  # point="mean": the factor that makes the context's out-of-fold means add up (runtime.mean_scale)
    # the largest coded context label: no prediction decodes above it. The bins reach 4 standard deviations,
    # which on a log-coded heavy tail (most windows 0, the rest near 1e5) decode to 1e13, so a 1e-6 sliver of
    # mass there made one customer's mean 1e8 and, through runtime.mean_scale, every other mean 50 times too small
    upper: float | None = None
    # the least context label of a target with no lower bound (runtime.bounds.floor): nothing decodes below it
    floor: float | None = None
    # other values the labels pile up on exactly (a plan's monthly fee: 19, 39, 59), each as (value, the nearest
    # labels below and above it or None), read as atoms like the bound's where the labels are coded as they are
    # (runtime.bounds.value_atoms)
    value_atoms: tuple[tuple[float, float | None, float | None], ...] = ()

    def __post_init__(self):
        self.kind = TargetKind(self.kind)

    def encode(self, y) -> np.ndarray:
        if self.kind is TargetKind.CLASSIFICATION:
            index = {c: i for i, c in enumerate(self.classes)}
            return np.array([index.get(_key(v), -1) for v in y], dtype=np.float32)
        z = np.log1p(np.maximum(np.asarray(y, dtype=np.float64), 0)) if self.log else np.asarray(y, dtype=np.float64)
        return ((z - self.mean) / self.std).astype(np.float32)

    def decode(self, z: np.ndarray) -> np.ndarray:
        z = np.asarray(z, dtype=np.float64)
        v = (z if self.upper is None else np.minimum(z, self.upper)) * self.std + self.mean
        return np.expm1(v) if self.log else v

    def relative(self, y: np.ndarray, level: np.ndarray) -> np.ndarray:
        """Labels `y` (target units) coded relative to each row's `level`, before standardising."""
        return np.maximum(y, 0) / self._scale(level) if self.offset_ratio else y - level

    def with_level(self, values: np.ndarray, level: np.ndarray) -> np.ndarray:
        """Decoded `values` relative to `level` (broadcast against them) back in the target's units."""
        return values * self._scale(level) if self.offset_ratio else values + level

    def _scale(self, level: np.ndarray) -> np.ndarray:
        return np.maximum(level, 0) + max(self.offset_default, _MIN_SCALE)


def _key(v):
    return bool(v) if isinstance(v, (bool, np.bool_)) else v


def fit_target(y, kind: TargetKind, classes: list | None = None) -> TargetCoding:
    """The target's coding from the context labels `y`; `classes` fixes a classification's classes and their
    order (a binary target is [False, True] even when its context holds one of them)."""
    kind = TargetKind(kind)
    if kind is TargetKind.CLASSIFICATION and classes is not None:
        return TargetCoding(kind, classes=list(classes))
    if kind is TargetKind.CLASSIFICATION:
        values, counts = np.unique(np.array([str(_key(v)) for v in y]), return_counts=True)
        originals = {str(_key(v)): _key(v) for v in y}
        order = np.argsort(-counts, kind="stable")[:N_CLASSES]
        classes = sorted((originals[values[i]] for i in order), key=lambda c: (str(type(c)), c))
        return TargetCoding(kind, classes=classes)
    y = np.asarray(y, dtype=np.float64)
    y = y[np.isfinite(y)]
    if len(y) == 0:
        return TargetCoding(kind)
    log = bool(y.min() >= 0 and _skew(y) > SKEWED)
    z = np.log1p(y) if log else y
    std = float(z.std()) or 1.0
    return TargetCoding(kind, log=log, mean=float(z.mean()), std=std, upper=float((z.max() - z.mean()) / std))


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
    # a hierarchical model's neighbour inputs (contract.NB_INPUTS -> array, no batch dimension), else None
    neighbours: dict | None = None
    offset: np.ndarray | None = None  # (Q,) per query row, where the target is coded relative to a feature


    @property
    def is_regression(self) -> bool:
        return self.target.kind is TargetKind.REGRESSION


@dataclass(frozen=True)
class Slot:
    """One input column of the model, derived from one feature: the feature itself (numeric), or a
    categorical feature's frequency or target rate, looked up per category in `table`."""

    name: str
    feature: str
    sorted_values: np.ndarray  # the context rows' values, sorted: query values are ranked against them
    index: dict | None = None  # category -> position in `table` (categorical slots)
    table: np.ndarray | None = None  # per-category value for query rows
    unseen: float = np.nan  # the value of a category the context never had
    is_set: bool = False  # whether the feature has a value at all (`_set_slot`), not the value

    def values(self, column) -> np.ndarray:
        """The raw values of this slot for a column of query rows (before ranking)."""
        if self.is_set:
            return np.isfinite(np.asarray(column, dtype=np.float64)).astype(np.float64)
        if self.index is None:
            return np.asarray(column, dtype=np.float64)
        qi = np.array([self.index.get(v, -1) for v in _categories(column)], dtype=np.int64)
        return np.where(qi >= 0, self.table[np.maximum(qi, 0)], self.unseen)


@dataclass
class Encoder:
    """The encoding fitted on one context: its slots, target coding and the context's own tensors."""

    kinds: dict[str, str]
    target: TargetCoding
    slots: list[Slot]
    x_ctx: np.ndarray
    m_ctx: np.ndarray
    y_ctx: np.ndarray
    fmask: np.ndarray
    fdesc: np.ndarray

    def transform(self, columns: dict) -> tuple[np.ndarray, np.ndarray]:
        """Query feature columns {name: 1-d array} -> (x, m), each (Q, F_MAX)."""
        n = len(next(iter(columns.values()))) if columns else 0
        x = np.zeros((n, F_MAX), np.float32)
        m = np.zeros((n, F_MAX), np.float32)
        for j, slot in enumerate(self.slots):
            v = slot.values(columns[slot.feature])
            x[:, j] = _rank(slot.sorted_values, v)
            m[:, j] = ~np.isfinite(v)
        return x, m

    def episode(self, columns: dict) -> Episode:
        x_qry, m_qry = self.transform(columns)
        names = [s.name for s in self.slots]
        offset = offsets(self.target, columns)
        return Episode(
            self.x_ctx, self.m_ctx, self.y_ctx, x_qry, m_qry, self.fmask, self.fdesc, self.target, names, offset=offset
        )


def offsets(target: TargetCoding, columns: dict) -> np.ndarray | None:
    """Per row, what the target is coded relative to (`TargetCoding.offset`), or None when it is not."""
    return None if target.offset is None else _levels(columns[target.offset], target.offset_default)


def _levels(column, default: float) -> np.ndarray:
    v = np.asarray(column, dtype=np.float64)
    return np.where(np.isfinite(v), v, default)


def fit(
    ctx: dict,
    kinds: dict[str, str],
    y_ctx,
    kind: TargetKind,
    offset: str | None = None,
    max_slots: int = F_MAX,
    classes: list | None = None,
    flags: frozenset[str] = frozenset(),
) -> Encoder:
    """Fit the encoding on the context: ctx {feature name: 1-d array}, numeric as float (NaN missing),
    categorical as objects (None missing); kinds {name: "numeric" | "categorical"}; y_ctx the labels;
    `offset` a numeric feature a regression target is coded relative to (y - its value); at most `max_slots`
    feature slots (the ones most related to the label); `flags`: the numeric features that may have an "is set"
    slot too (`_set_slot`: a row's own columns, where a missing value means something)."""
    if offset is None:
        target = fit_target(y_ctx, kind, classes)
        y = target.encode(y_ctx)
    else:
        labels = np.asarray(y_ctx, dtype=np.float64)
        default = float(np.nanmean(labels)) if np.isfinite(labels).any() else 0.0
        base = _levels(ctx[offset], default)
        known = labels[np.isfinite(labels)]
        ratio = bool(len(known) and known.min() >= 0 and base.min() >= 0 and _skew(known) > SKEWED)
        coding = TargetCoding(kind, offset=offset, offset_default=default, offset_ratio=ratio)
        relative = coding.relative(labels, base)
        target = fit_target(relative, kind)
        target.offset, target.offset_default, target.offset_ratio = offset, default, ratio
        y = target.encode(relative)
    keep = y >= 0 if target.kind is TargetKind.CLASSIFICATION else np.isfinite(y)
    y = y[keep]
    candidates = []  # (slot, context values in [-1, 1], missing flags, descriptors)
    for name, fkind in kinds.items():
        if fkind == "categorical":
            parts = _categorical_parts(name, np.asarray(ctx[name], dtype=object)[keep], y, target)
        else:
            parts = [(name, None, None, np.nan, np.asarray(ctx[name], dtype=np.float64)[keep])]
        for slot_name, index, table, unseen, values in parts:
            fitted = _numeric(values, y, target, categorical=fkind == "categorical")
            if fitted is not None:
                sorted_values, x, m, desc = fitted
                candidates.append((Slot(slot_name, name, sorted_values, index, table, unseen), x, m, desc))
            if name in flags and fkind != "categorical" and (flag := _set_slot(name, values, y, target, fitted)):
                candidates.append(flag)
    limit = min(max_slots, F_MAX)
    if len(candidates) > limit:  # keep the slots most related to the label, in their original order
        order = np.sort(np.argsort(-np.array([c[3][1] for c in candidates]), kind="stable")[:limit])
        candidates = [candidates[i] for i in order]
    n_ctx = len(y)
    x_ctx = np.zeros((n_ctx, F_MAX), np.float32)
    m_ctx = np.zeros((n_ctx, F_MAX), np.float32)
    fdesc = np.zeros((F_MAX, N_DESC), np.float32)
    fmask = np.zeros(F_MAX, np.float32)
    for j, (_, x, m, desc) in enumerate(candidates):
        x_ctx[:, j], m_ctx[:, j], fdesc[j], fmask[j] = x, m, desc, 1
    slots = [c[0] for c in candidates]
    return Encoder(dict(kinds), target, slots, x_ctx, m_ctx, y.astype(np.float32), fmask, fdesc)


def encode(ctx: dict, qry: dict, kinds: dict[str, str], y_ctx, kind: TargetKind) -> Episode:
    """Fit on the context and transform the query rows in one go (training episodes)."""
    return fit(ctx, kinds, y_ctx, kind).episode(qry)


def _categories(column) -> np.ndarray:
    return np.array([_NULL if v is None else str(v) for v in column], dtype=object)


def _categorical_parts(name: str, column: np.ndarray, y: np.ndarray, target: TargetCoding):
    """A categorical feature as numeric parts (slot name, category index, per-category query values, value of
    an unseen category, context values): its frequency and smoothed target rate(s)."""
    c = _categories(column)
    cats, inverse, counts = np.unique(c, return_inverse=True, return_counts=True)
    index = {k: i for i, k in enumerate(cats)}
    n = len(c)
    parts = [(f"{name}=freq", index, counts / n, np.nan, counts[inverse] / n)]
    if target.kind is TargetKind.CLASSIFICATION:
        rates = [(f"rate{k}", (y == k).astype(np.float64)) for k in range(max(2, len(target.classes)))]
        if len(target.classes) <= 2:
            rates = rates[1:2]
    else:
        rates = [("mean", y.astype(np.float64))]
    folds = np.arange(n) % _FOLDS  # out-of-fold rates: a context row never sees its own label
    for label, t in rates:
        oof = np.empty(n)
        for k in range(_FOLDS):
            inside = folds == k
            prior = t[~inside].mean() if (~inside).any() else 0.5
            sums = np.bincount(inverse[~inside], weights=t[~inside], minlength=len(cats))
            cnts = np.bincount(inverse[~inside], minlength=len(cats))
            oof[inside] = (sums[inverse[inside]] + prior * _SMOOTHING) / (cnts[inverse[inside]] + _SMOOTHING)
        prior = t.mean()
        sums = np.bincount(inverse, weights=t, minlength=len(cats))
        parts.append((f"{name}={label}", index, (sums + prior * _SMOOTHING) / (counts + _SMOOTHING), prior, oof))
    return parts


def _numeric(c: np.ndarray, y: np.ndarray, target: TargetCoding, categorical: bool):
    """(sorted context values, ranked context values, missing flags, descriptors), or None for a feature that
    is constant (or missing) in the context."""
    c = np.asarray(c, dtype=np.float64)
    present = np.isfinite(c)
    values = np.sort(c[present])
    if len(values) < 2 or values[-1] - values[0] <= _tie(values):
        return None
    x = _rank(values, c)
    corr = _corr(x, y, target)
    desc = np.array([corr, abs(corr), 1 - present.mean(), float(categorical)], np.float32)
    return values, x, (~present).astype(np.float32), desc


def _set_slot(name: str, values: np.ndarray, y: np.ndarray, target: TargetCoding, value):
    """A numeric feature's "is set" slot (1 where it has a value, 0 where missing), where it is missing on between
    SET_SHARE and 1 - SET_SHARE of the context and tells the label more than the value's rank does: a missing value
    ranks in the middle, so its flag alone carried it, and the model, weighing features by their descriptors'
    correlation, read past it (an auction's lots without a reserve price sold 93% of the time, 28% with one: AUROC
    0.63, 0.90 with the flag as a slot of its own). `value`: the feature's own slot as `_numeric` fitted it, or
    None."""
    present = np.isfinite(values)
    if not SET_SHARE <= present.mean() <= 1 - SET_SHARE:
        return None
    flag = _numeric(present.astype(np.float64), y, target, False)
    if flag is None or (value is not None and flag[3][1] <= value[3][1]):
        return None
    sorted_values, x, m, desc = flag
    return Slot(f"{name}{SET}", name, sorted_values, is_set=True), x, m, desc


def _tie(sorted_values: np.ndarray) -> float:
    """How close two values of a feature are to rank as equal: `_TIE` of the feature's largest magnitude in
    the context. A mean or sum over DOUBLE differs in its last bits with the order its rows are added in,
    which differs between engines (DuckDB, Spark) and between runs of a partitioned one; exact ties broken
    by that noise would move a rank by up to 1/n."""
    return _TIE * max(abs(float(sorted_values[0])), abs(float(sorted_values[-1])))


def _rank(sorted_values: np.ndarray, v: np.ndarray) -> np.ndarray:
    """Mid-rank of v among the context values, scaled to [-1, 1]; missing -> 0. Values within `_tie` of each
    other rank as equal."""
    v = np.asarray(v, dtype=np.float64)
    ok = np.isfinite(v)
    tie = _tie(sorted_values) if len(sorted_values) else 0.0
    lo = np.searchsorted(sorted_values, v[ok] - tie, side="left")
    hi = np.searchsorted(sorted_values, v[ok] + tie, side="right")
    out = np.zeros(len(v), np.float32)
    out[ok] = ((lo + hi) / (2.0 * len(sorted_values))) * 2 - 1
    return out


def _corr(x: np.ndarray, y: np.ndarray, target: TargetCoding) -> float:
    if target.kind is TargetKind.CLASSIFICATION and len(target.classes) > 2:
        return max((abs(_pearson(x, (y == k).astype(np.float64))) for k in range(len(target.classes))), default=0.0)
    return _pearson(x, y.astype(np.float64))


def _pearson(a: np.ndarray, b: np.ndarray) -> float:
    a = a - a.mean()
    b = b - b.mean()
    den = np.sqrt((a * a).sum() * (b * b).sum())
    return float((a * b).sum() / den) if den > 0 else 0.0


def table_columns(table, names: list[str], kinds: dict[str, str]) -> dict:
    """Arrow feature table -> {name: numpy array} in the encoder's input form."""
    out = {}
    for name in names:
        column = table.column(name)
        if kinds[name] == "categorical":
            out[name] = np.array(column.to_pylist(), dtype=object)
        else:
            out[name] = column.to_numpy(zero_copy_only=False).astype(np.float64)
    return out
