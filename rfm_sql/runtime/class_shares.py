"""How an entity's classes are compared: each class's weight, and how far its own scores are trusted.

A multiclass target scored over pairs picks an entity's class by P(linked) of each (entity, class) pair. The pairs
are learnt balanced, and each class's odds factor (runtime.stratum_calibration) calibrates its kept pairs one class
at a time, not how the classes fare once an entity's scores are compared. Where the scores say little, their
noise picks the class: on 64 task-anchors of 31 trial databases (32 windowed multiclass tasks, two anchors each,
benchmarks/TRIAL_CLASSES.md) the most common class beat the model on 15 (a rental portfolio's first maintenance
request: 0.13 against 0.39, the model reading winter's heating requests as next spring's; a permit office's first
inspection result 0.67 against 0.73), and the entity's most frequent class so far on 23.

So the context's own examples are scored over every candidate class, out of fold (two random halves), and the
classes are compared by p_c^a · w_c · e^(b·usual), the softmax of a·log P(linked) + log w_c + b·usual (usual: the
class is the entity's most frequent so far, the pair feature HIST_COUNT_RANK = 1) whose likelihood of the
examples' classes is the highest (temperature and class biases, Guo et al. 2017, and one stacked term for the
strongest baseline; at the best biases each class's mean share is the share of examples that had it, as in
Saerens et al. 2002, less a pull toward w = 1 where a class has few examples): an a near 0 says the scores carry
nothing past the class shares. It is used only where it gets more of the examples right than the scores as they
are (`fit_scaling`, MARGIN). On those 64: mean accuracy 0.532 -> 0.541, 14 better and 3 worse, under the most
common class on 9 instead of 15 (rentals 0.127 -> 0.353), under the usual class on 19 instead of 23; without the
usual class's term 10 better and 1 worse (+0.0075); used wherever the likelihood says, 25 better and 14 worse (mean
+0.008; a car dealer's spring service type 0.471 -> 0.426), which the accuracy test turned down. A fold per context
anchor (each scored by a context of the others) did worse than the halves. Only the context's examples are read: no
prediction depends on which other entities a call asks for.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from rfm_sql.compile.candidates import CLASS, HIST_COUNT_RANK
from rfm_sql.compile.sqlutil import ANCHOR, ENTITY
from rfm_sql.runtime import encode
from rfm_sql.runtime.model import Model

MIN_EXAMPLES = 40  # scored examples whose class is among their candidates, at least, else nothing is fitted
MAX_PAIRS = 20_000  # candidate pairs scored out of fold, at most: examples are sampled to fit
RIDGE = 1.0  # the penalty on each class's log w (`fit_weights`)
LOG_BOUND = 4.0  # |log w| at most this
POWERS = np.linspace(0.0, 1.5, 16)  # the a tried
BONUSES = (0.0, 0.5, 1.0, 2.0, 3.0)  # the b tried: log factor of the entity's most frequent class (`usual`)
ROUNDS = 50
MARGIN = 1.0  # standard errors by which the scaled comparison must get more examples right (`fit_scaling`)


def class_scaling(model: Model, prepared, pairs: pa.Table, y: np.ndarray, seed: int, score) -> tuple | None:
    """(a, {class as text: w}, b) from the context's candidate `pairs` (every candidate of every example; `y`:
    whether it is the example's class) and its kept pairs (`prepared.pairs`, the balanced sample its encoders are
    fitted on; `prepared.refitted(columns, y)` is it fitted on some of them only); `score(prepared, columns,
    classes)`: P(linked) of pair rows as a query's are scored (runtime.pairs.score_columns). None where too few
    examples, or one class."""
    if model.neighbours:  # a hierarchical model's context needs neighbour rows: not refitted here
        return None
    keys = list(_keys(pairs))
    ids = {k: i for i, k in enumerate(dict.fromkeys(keys))}  # each example (entity, anchor) as a number
    groups = np.array([ids[k] for k in keys], dtype=np.int64)
    rng = np.random.default_rng(seed)
    sizes = np.bincount(groups)
    covered = rng.permutation(np.unique(groups[y]))  # the examples whose class is a candidate: the rest say nothing
    covered = covered[np.cumsum(sizes[covered]) <= MAX_PAIRS]
    if len(covered) < MIN_EXAMPLES:
        return None
    fold = np.full(len(sizes), -1)
    fold[covered] = rng.integers(0, 2, len(covered))
    kinds = prepared.features.kinds
    kept_fold = fold[np.array([ids[k] for k in _keys(prepared.pairs)], dtype=np.int64)]
    kept_columns = encode.table_columns(prepared.pairs, list(kinds), kinds)
    kept_y = np.asarray(prepared.pairs.column("LABEL").to_pylist(), dtype=bool)
    p = np.full(pairs.num_rows, np.nan)
    for f in (0, 1):
        train, test = np.flatnonzero(kept_fold != f), np.flatnonzero(fold[groups] == f)
        if kept_y[train].all() or not kept_y[train].any():
            return None
        refitted = prepared.refitted({k: v[train] for k, v in kept_columns.items()}, kept_y[train])
        rows = pairs.take(pa.array(test, pa.int64()))
        columns = encode.table_columns(rows, list(kinds), kinds)
        p[test] = score(refitted, columns, rows.column(CLASS).to_pylist())
    scored = np.flatnonzero(np.isfinite(p))
    classes = np.array([str(c) for c in pairs.column(CLASS).to_pylist()], dtype=object)[scored]
    rank = (
        pairs.column(HIST_COUNT_RANK).to_numpy(zero_copy_only=False) if HIST_COUNT_RANK in pairs.column_names else None
    )
    return fit_scaling(p[scored], groups[scored], classes, y[scored], None if rank is None else usual(rank)[scored])


def usual(rank) -> np.ndarray:
    """Whether each pair's class is its entity's most frequent one so far (the pair feature HIST_COUNT_RANK is 1)."""
    return np.nan_to_num(np.asarray(rank, dtype=np.float64), nan=0.0) == 1


def fit_scaling(p: np.ndarray, groups: np.ndarray, classes: np.ndarray, y: np.ndarray, habit=None) -> tuple | None:
    """(a, {class: w}, b): of the POWERS and BONUSES (only b = 0 without `habit`: whether each pair's class is its
    entity's most frequent so far, `usual`), the a and b whose class weights (`fit_weights`) give the examples'
    classes (`groups`: each pair's example; `y`: whether the pair's class is the example's) the highest likelihood,
    its weights scaled so that an example's mean Σ p^a·w·e^(b·habit) is its mean Σ p; None unless it gets more examples
    right than p itself by MARGIN standard errors (the examples one gets right and the other not: McNemar's).
    The likeliest is not always the more accurate: on a random database's 20 classes the weights matched each
    class's share and got 0.622 of the examples right where the scores as they were got 0.640. At 2 standard
    errors, 4 of the 64 trial task-anchors above changed (rentals not among them); at 0, 15 better and 7 worse."""
    names, index = np.unique(classes, return_inverse=True)
    if len(names) < 2:
        return None
    _, groups = np.unique(groups, return_inverse=True)
    n = groups.max() + 1
    log_p = np.log(np.clip(p, 1e-9, None))
    best = None
    for a, bonus in ((a, b) for a in POWERS for b in (BONUSES if habit is not None else (0.0,))):
        base = a * log_p + (bonus * habit if bonus else 0.0)
        log_w = fit_weights(base, groups, index, y, len(names))
        z = base + log_w[index]
        z -= np.bincount(groups, weights=z, minlength=n)[groups] / np.bincount(groups, minlength=n)[groups]
        e = np.exp(z)
        loglik = np.log(e[y] / np.bincount(groups, weights=e, minlength=n)[groups[y]]).sum() - RIDGE / 2 * log_w @ log_w
        if best is None or loglik > best[0] + 1e-9:
            best = loglik, a, bonus, log_w, base + log_w[index]
    _, a, bonus, log_w, z = best
    before, after = right(log_p, groups, y), right(z, groups, y)
    gained, lost = after & ~before, before & ~after
    if gained.sum() - lost.sum() <= MARGIN * np.sqrt(gained.sum() + lost.sum()):
        return None  # no surer than the scores as they are
    mass = np.bincount(groups, np.exp(log_p), n).mean() / np.bincount(groups, np.exp(z), n).mean()
    return float(a), {str(c): float(np.exp(w) * mass) for c, w in zip(names, log_w, strict=True)}, float(bonus)


def right(z: np.ndarray, groups: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Per example (`groups`: each pair's, numbered from 0), whether its pair of highest `z` is its class."""
    order = np.lexsort((-z, groups))
    first = order[np.r_[True, groups[order][1:] != groups[order][:-1]]]
    return y[first]


def fit_weights(log_p: np.ndarray, groups: np.ndarray, index: np.ndarray, y: np.ndarray, k: int) -> np.ndarray:
    """log w per class (of `k`, each pair's `index`) that maximise the likelihood of the examples' classes under
    the softmax of log_p + log w over each example's pairs, less RIDGE/2 · Σ (log w)²: a class the scores give
    little and few examples had keeps a weight near 1 (without it, a pharmacy's 57 drugs took weights from 0.02 to
    3.6 and its accuracy fell 0.76 -> 0.74). At the optimum each class's mean share is its share of the examples'
    classes, less the pull toward 1. Newton steps (the objective is concave), each at most 1 in log w."""
    n = groups.max() + 1
    truth = np.bincount(index[y], minlength=k).astype(float)
    log_w = np.zeros(k)
    for _ in range(ROUNDS):
        e = np.exp(log_p + log_w[index] - log_p.max())
        shares = np.zeros((n, k))
        shares[groups, index] = e / np.bincount(groups, e, n)[groups]
        total = shares.sum(axis=0)
        curvature = np.diag(total + RIDGE) - shares.T @ shares
        step = np.linalg.solve(curvature, truth - total - RIDGE * log_w)
        step /= max(1.0, np.abs(step).max())
        log_w = np.clip(log_w + step, -LOG_BOUND, LOG_BOUND)
        if np.abs(step).max() < 1e-8:
            break
    return log_w


def _keys(pairs: pa.Table):
    """Each pair's example: (entity, anchor)."""
    return zip(pairs.column(ENTITY).to_pylist(), pairs.column(ANCHOR).to_pylist(), strict=True)
