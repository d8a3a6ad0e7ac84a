"""Each stratum of candidate pairs scored at the rate its context examples show.

A pair context keeps its negatives in two strata (runtime.pairs): candidates the entity had linked before
("seen") and the others, and each stratum's kept/true odds turns the model's balanced score back into
P(linked). That undoes the sampling, not the model's own error, and the seen stratum magnifies it: its
negatives are kept at a higher rate, so its odds are scaled down less. Where a stratum's kept pairs are
(almost) never positive, products bought once and never again, the model still gave them a balanced score
near 0.15, and owned products took 53% of a recommendation's top 5 (79% of first places) on a new database,
where none was ever bought twice.

So each stratum's odds also get the factor that makes the model's out-of-fold scores of the stratum's kept
pairs average to the stratum's (smoothed) share of positives among them: the kept pairs are split in two by
(entity, anchor), each half scored with the other half as the context. A factor is fitted only from enough
scored pairs and kept within bounds; a hierarchical model, whose context needs neighbour rows, keeps 1.

A class target's pairs (multiclass) also get a factor per class, fitted the same way on the class's kept pairs
after the strata's: a gym's last booking status read P(attended) 0.55 on average where 74% of bookings are
attended (the normalised scores followed the balanced pairs' even classes), and its accuracy trailed the
majority class's (0.713 against 0.743).
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from rfm_sql.compile.sqlutil import ANCHOR, ENTITY
from rfm_sql.pql.tasks import TargetKind
from rfm_sql.runtime import encode
from rfm_sql.runtime.model import Model, score_chunked

MIN_PAIRS = 20  # a stratum with fewer scored pairs keeps factor 1
LOG_BOUND = 12.0  # |log factor| at most this: odds moved by at most e^12
CHUNK = 1024  # query rows per model call (runtime.budget's largest): memory bounded for a `best` context too


def stratum_factors(
    model: Model, kept: pa.Table, kinds: dict, seen: np.ndarray, seed: int, stratified: bool = False
) -> tuple[float, float]:
    """(unseen, seen) odds factors from the kept pairs (`kept`, with LABEL; `seen` per kept pair); `stratified`:
    each stratum is scored by a context of its own stratum's pairs (runtime.pairs.stratum_encoders)."""
    return calibration(model, kept, kinds, seen, seed, stratified)[0]


def calibration(
    model: Model, kept: pa.Table, kinds: dict, seen: np.ndarray, seed: int, stratified: bool = False, by_class=False
) -> tuple[tuple[float, float], dict | None]:
    """`stratum_factors`, and with `by_class` {class: odds factor} for the classes of the kept pairs' CLASS
    (None without)."""
    if model.neighbours or kept.num_rows < 2 * MIN_PAIRS:
        return (1.0, 1.0), None
    seen = np.asarray(seen, bool)
    if stratified:
        scores = np.full(kept.num_rows, np.nan)
        for stratum in (False, True):
            rows = np.flatnonzero(seen == stratum)
            scores[rows] = _out_of_fold(model, kept.take(pa.array(rows, pa.int64())), kinds, seed)
    else:
        scores = _out_of_fold(model, kept, kinds, seed)
    y = np.asarray(kept.column("LABEL").to_pylist(), dtype=bool)
    factors = []
    for stratum in (False, True):
        rows = np.flatnonzero((seen == stratum) & np.isfinite(scores))
        if len(rows) < MIN_PAIRS:
            factors.append(1.0)
            continue
        rate = (y[rows].sum() + 0.5) / (len(rows) + 1.0)  # never 0 or 1: a stratum seen without positives
        factors.append(_odds_factor(scores[rows], rate))
    if not by_class:
        return (factors[0], factors[1]), None
    p = np.clip(scores, 1e-6, 1 - 1e-6)
    odds = np.where(seen, factors[1], factors[0])
    p = p * odds / (p * odds + 1 - p)  # the strata's factors first: a class's own factor is what remains
    classes = np.array([str(c) for c in kept.column("CLASS").to_pylist()], dtype=object)
    out = {}
    for c in dict.fromkeys(classes):
        rows = np.flatnonzero((classes == c) & np.isfinite(p))
        if len(rows) >= MIN_PAIRS:
            out[c] = _odds_factor(p[rows], (y[rows].sum() + 0.5) / (len(rows) + 1.0))
    return (factors[0], factors[1]), out


def _out_of_fold(model: Model, kept: pa.Table, kinds: dict, seed: int) -> np.ndarray:
    """P(linked) of every kept pair from a context of the other half (NaN where a half lacks a label)."""
    columns = encode.table_columns(kept, list(kinds), kinds)
    y = np.asarray(kept.column("LABEL").to_pylist(), dtype=bool)
    groups = list(zip(kept.column(ENTITY).to_pylist(), kept.column(ANCHOR).to_pylist(), strict=True))
    distinct = {g: i for i, g in enumerate(dict.fromkeys(groups))}
    half = np.random.default_rng(seed).integers(0, 2, len(distinct))
    fold = half[[distinct[g] for g in groups]]
    out = np.full(len(y), np.nan)
    for f in (0, 1):
        train, test = np.flatnonzero(fold != f), np.flatnonzero(fold == f)
        if not len(test) or y[train].all() or not y[train].any():
            continue
        enc = encode.fit({k: v[train] for k, v in columns.items()}, kinds, y[train], TargetKind.CLASSIFICATION)
        _, probs = score_chunked(model, enc.episode({k: v[test] for k, v in columns.items()}), CHUNK, 1)
        out[test] = probs[:, enc.target.classes.index(True)]
    return out


def _odds_factor(p: np.ndarray, rate: float) -> float:
    """The c for which the mean of p·c / (p·c + 1 − p) is `rate` (bisection on log c: the mean rises with c)."""
    p = np.clip(p, 1e-6, 1 - 1e-6)
    lo, hi = -LOG_BOUND, LOG_BOUND
    for _ in range(50):
        mid = (lo + hi) / 2
        c = np.exp(mid)
        lo, hi = (mid, hi) if (p * c / (p * c + 1 - p)).mean() < rate else (lo, mid)
    return float(np.exp((lo + hi) / 2))
