"""The mean a regression reports on request (point="mean"), scaled so that the context's out-of-fold means add up
to its labels.

The mean of a heavy-tailed target is carried by the far tail of the bin distribution, where the model is least
sure: on a SaaS database it gave 1% of the mass of a churned account's next month of invoices to about 48k, and
the means of 2,000 accounts summed to 4 times the actual total (the medians were fine). Those who ask for
means usually add them up (next month's revenue), so the total is what has to be right. Each context row is
predicted from the other folds (K folds over its entities), and the means are scaled by the one factor that
makes the out-of-fold means of the context add up to its labels (a ratio estimator; cross-fitted, so the
context's own labels never score themselves). Only for counts and sums of values that are never negative,
whose means add up to a total (an average rating's do not); rows are weighed as their strata of recent
activity occur (runtime.plan `weigh`), since the context shares each anchor evenly among them and most entities
may be inactive. Only the context decides, so a prediction never depends on which entities a call asks for. A
hierarchical model (which would need neighbour rows for every fold) keeps 1.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from rfm_sql.pql.tasks import TargetKind
from rfm_sql.runtime import encode
from rfm_sql.runtime.model import Model, score_chunked
from rfm_sql.runtime.residual import entity_folds, rows_at

FOLDS = 4
MIN_TRAIN = 10  # a fold needs this many context rows to learn from
MIN_ROWS = 40  # fewer scored rows than this: no scaling
BOUNDS = (0.02, 50.0)  # the factor is kept within these
CHUNK = 1024  # query rows per model call: memory bounded for a large context
ENABLED = True  # off only to measure what it changes (benchmarks/mean_totals.py)


def fit(
    model: Model,
    columns: dict,
    kinds: dict,
    y,
    entities: list,
    seed: int,
    offset: str | None,
    decode: dict,
    weights=None,
) -> float:
    """The factor for the means of the context (`columns`, one row per label `y`, of `entities`) coded as the
    final encoder codes it (`offset`, `decode`), each row weighed by `weights` (its stratum's share among the
    anchors' examples over its share in the context: runtime.plan); 1.0 where it does not apply."""
    y = np.asarray(y, dtype=np.float64)
    lower = decode.get("lower")
    if not ENABLED or model.neighbours or lower is None or lower < 0 or len(y) < MIN_ROWS:
        return 1.0
    fold = entity_folds(entities, seed, FOLDS)
    means = np.full(len(y), np.nan)
    for k in range(FOLDS):
        train, test = np.flatnonzero(fold != k), np.flatnonzero(fold == k)
        if len(train) < MIN_TRAIN or not len(test):
            continue
        encoder = encode.fit(rows_at(columns, train), kinds, y[train], TargetKind.REGRESSION, offset=offset)
        encoder.target = replace(encoder.target, **decode, point="mean")
        means[test] = score_chunked(model, encoder.episode(rows_at(columns, test)), CHUNK, 1)[0]
    w = np.ones(len(y)) if weights is None or not len(weights) else np.asarray(weights, dtype=np.float64)
    scored = np.isfinite(means) & np.isfinite(y)
    return factor(y[scored], means[scored], w[scored]) if scored.sum() >= MIN_ROWS else 1.0


def factor(y: np.ndarray, means: np.ndarray, w: np.ndarray) -> float:
    """The ratio of the weighted labels' total to the weighted means' total, its log shrunk toward 0 by its
    standard error (delta method; positive-part James-Stein): a rare event's few positives say little about the
    total, and a factor read from them would be noise (on the unseen suite, unshrunk, three such counts had their
    totals scaled from 0.16-0.68 of the actual down to 0.02-0.09)."""
    predicted, actual = (w * means).sum(), (w * y).sum()
    if predicted <= 0 or actual <= 0:
        return 1.0
    ratio = actual / predicted
    se = np.sqrt(((w * (y - ratio * means)) ** 2).sum()) / predicted / ratio
    log = np.log(ratio)
    shrunk = log * max(0.0, 1.0 - se**2 / log**2) if log else 0.0
    return float(np.clip(np.exp(shrunk), *BOUNDS))
