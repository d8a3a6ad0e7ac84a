"""From the regression head's bin distribution to what a prediction reports: the point prediction (median,
or mean on request) and quantiles, in the target's own units, never below the target's lower bound (nor, for a
target without one, below the least label of its context: `TargetCoding.floor`).

The distribution lives on the standardised (possibly log-compressed) scale of `TargetCoding`; the decoding
assumes the mass of a bin is spread uniformly across it on that scale. A lower bound `b` (a count is >= 0)
folds the mass below `b` onto `b`: the target is reported as max(Y, b). For a quantile, folding equals
clamping (the quantile of max(Y, b) is max(quantile of Y, b), decoding being increasing); for the mean, the
folded value is integrated bin by bin. Quantiles are non-decreasing in q, and the median is the 0.5-quantile.
Where the context's labels have a point mass at the bound (most customers spend exactly 0 in a month), the
bound's own bin is read as that atom (`TargetCoding.atom`): a quantile that falls inside it is the bound, not a
point spread across the bin (which would report a spend of 0.29 for a customer predicted to buy nothing). The
mean integrates the bins as before (they differ by less than one bin's width there). Other values the labels
pile up on exactly (a plan's monthly fee: 19, 39, 59; `bounds.value_atoms`) are read the same way where the
labels are coded as they are and the target is not a count (whose quantiles are rounded instead): an average
payment predicted at 38.6 for a customer on the 39 plan is 39.
A target that only takes whole values (a count) has whole-number quantiles: the model's continuous
distribution is read as the count k holding the mass in [k - 0.5, k + 0.5), so each quantile is rounded to
the nearest whole number (half away from zero, as SQL's ROUND). This puts a median that the bins' spread left
just above 0 (most entities have no event) back on 0, and keeps rounding monotone in q. The mean is not rounded.

Class probabilities read against a class-balanced context are turned back to the classes' true rates
(`classification`: Bayes' rule for new class priors); `context_weights` gives the context rows the weights
that do the same for averages over the context (explanations, the bench's baselines).
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from rfm_sql.pql.tasks import TargetKind
from rfm_sql.runtime import contract
from rfm_sql.runtime.encode import TargetCoding

_SUB = 32  # points per bin at which the decoded value is averaged (the mean of a log-compressed target)


def regression(
    dist: np.ndarray, target: TargetCoding, offset: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """(point prediction (Q,), quantiles (Q, len(target.quantiles))) of the bin distributions (Q, N_BINS);
    `offset` (Q,) is each row's level where the target was coded relative to a feature (put back as
    TargetCoding.with_level says; the lower bound applies to the result)."""
    quantiles = np.asarray(target.quantiles, dtype=np.float64)
    levels = np.concatenate([[0.5], quantiles])
    values = target.decode(contract.regression_quantile(dist, levels))
    if offset is not None:
        values = target.with_level(values, np.asarray(offset, dtype=np.float64)[:, None])
    values = clamp(values, target.lower)
    point = target.lower if target.lower is not None else target.atom_value
    if target.atom and point is not None:  # a quantile inside the atom's bin (or its gaps) is the atom's value
        lo, hi = atom_levels(dist, target, offset)
        values = np.where((levels[None, :] > lo[:, None]) & (levels[None, :] <= hi[:, None]), point, values)
    if offset is None and not target.integer:  # values the labels pile up on (bounds.value_atoms); a count rounds
        for value, below, above in target.value_atoms:
            at = replace(target, lower=None, atom_value=value, prev_label=below, next_label=above)
            lo, hi = atom_levels(dist, at, None)
            values = np.where((levels[None, :] > lo[:, None]) & (levels[None, :] <= hi[:, None]), value, values)
    values = clamp(values, target.floor)  # never below every label the context holds (runtime.bounds.floor)
    if target.integer:
        values = whole(values)
    if target.point == "median":
        return values[:, 0], values[:, 1:]
    if offset is None or (target.lower is None and not target.offset_ratio):  # the mean shifts with the level
        shift = 0.0 if offset is None else np.asarray(offset, dtype=np.float64)
        return clamp((dist @ bin_means(target) + shift) * target.mean_scale, target.floor), values[:, 1:]
    grid = _grid_values(target)  # (N_BINS, _SUB): decoded and folded per row, as both move with the offset
    rows = np.asarray(offset, dtype=np.float64)
    means = np.stack([clamp(target.with_level(grid, o), target.lower).mean(1) for o in rows])
    return clamp((dist * means).sum(1) * target.mean_scale, target.floor), values[:, 1:]


def classification(probs: np.ndarray, target: TargetCoding) -> np.ndarray:
    """Class probabilities (Q, k) read against a label-balanced context, at the classes' true rates: each
    class's probability times its prior ratio (true share / kept share), renormalised (Bayes' rule for a
    change of class priors). Unchanged when the context was not balanced."""
    if not target.prior_ratios:
        return probs
    w = np.ones(probs.shape[-1])
    n = min(len(w), len(target.prior_ratios))
    w[:n] = target.prior_ratios[:n]
    p = probs * w
    return p / p.sum(-1, keepdims=True)


def context_weights(target: TargetCoding, y_ctx: np.ndarray) -> np.ndarray:
    """Per context row (its class index `y_ctx`, -1 for a class the model has no slot for), the weight that
    gives the labels their true rates: its class's prior ratio where the context was balanced by class (0 for
    a class without a slot), else 1 (what explanations and the bench's baselines average with)."""
    if target.kind is not TargetKind.CLASSIFICATION or not target.prior_ratios:
        return np.ones(len(y_ctx))
    index = np.asarray(y_ctx).astype(int)
    ratios = np.asarray(target.prior_ratios, dtype=np.float64)
    return np.where(index >= 0, ratios[np.clip(index, 0, len(ratios) - 1)], 0.0)


def atom_levels(dist: np.ndarray, target: TargetCoding, offset: np.ndarray | None) -> tuple[np.ndarray, np.ndarray]:
    """(Q,) twice: the levels between which each row's quantiles are the atom's value (the lower bound, or
    `atom_value`), in the row's own coding (relative to its level where the target is coded so). Up to the end of
    the bin holding it and, where the context's labels leave a gap above it (`next_label`), through the gap's
    lower half on the coded scale: no label lies there, so that mass is the model's spread of the atom (read as a
    spend of 0.03 it kept every inactive customer's median off 0: a 7-day spend forecast's sMAPE was 1.86 where
    the last value's was 0.35). From 0 for a bound; for an atom inside the range (0 of a net payout that may be
    negative), from the start of its bin and through the upper half of the gap below it (`prev_label`)."""
    rows = np.arange(len(dist))
    cdf = np.concatenate([np.zeros((len(dist), 1)), np.cumsum(dist, axis=1)], axis=1)
    point = target.lower if target.lower is not None else target.atom_value
    at = coded(np.full(len(dist), point, dtype=np.float64), target, offset)
    index = np.searchsorted(contract.bin_edges(), at, side="right") - 1  # -1 or N_BINS outside the bins' range
    hi = cdf[rows, np.clip(index + 1, 0, contract.N_BINS)]
    if target.next_label is not None:
        hi = np.maximum(hi, cdf_at(cdf, (at + coded(np.full(len(dist), target.next_label), target, offset)) / 2))
    if target.lower is not None:
        return np.zeros(len(dist)), hi
    lo = cdf[rows, np.clip(index, 0, contract.N_BINS)]
    if target.prev_label is not None:
        lo = np.minimum(lo, cdf_at(cdf, (at + coded(np.full(len(dist), target.prev_label), target, offset)) / 2))
    return lo, hi


def coded(values: np.ndarray, target: TargetCoding, offset: np.ndarray | None) -> np.ndarray:
    """Target values (Q,) on each row's standardised scale (relative to its level where the target is coded so)."""
    if offset is not None:
        values = target.relative(values, np.asarray(offset, dtype=np.float64))
    return target.encode(values).astype(np.float64)


def cdf_at(cdf: np.ndarray, z: np.ndarray) -> np.ndarray:
    """Each row's CDF (Q, N_BINS + 1, at the bin edges) at its coded value z (Q,), linear inside a bin."""
    edges = contract.bin_edges()
    width = edges[1] - edges[0]
    z = np.clip(z, edges[0], edges[-1])
    index = np.clip(((z - edges[0]) // width).astype(int), 0, contract.N_BINS - 1)
    rows = np.arange(len(cdf))
    return cdf[rows, index] + (z - edges[index]) / width * (cdf[rows, index + 1] - cdf[rows, index])


def whole(values: np.ndarray) -> np.ndarray:
    """The nearest whole numbers, halves away from zero (as SQL's ROUND, which forecasts' SQL uses); never -0."""
    return np.sign(values) * np.floor(np.abs(values) + 0.5) + 0.0


def clamp(values: np.ndarray, lower: float | None) -> np.ndarray:
    return values if lower is None else np.maximum(values, lower)


def bin_means(target: TargetCoding) -> np.ndarray:
    """(N_BINS,) the mean of the decoded, folded target over each bin (uniform on the standardised scale)."""
    return clamp(_grid_values(target), target.lower).mean(1)


def _grid_values(target: TargetCoding) -> np.ndarray:
    """(N_BINS, _SUB) the decoded target at _SUB evenly spaced points inside each bin."""
    edges = contract.bin_edges()
    steps = (np.arange(_SUB) + 0.5) / _SUB * (edges[1] - edges[0])
    return target.decode(edges[:-1, None] + steps[None, :])
