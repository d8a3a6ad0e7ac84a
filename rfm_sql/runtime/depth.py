"""How far back a regression context reaches, chosen per context by predicting its newest anchors forward.

Older context anchors add examples, and for a target that drifts (a rank among a changing field, a rate that
trends) they describe a different period. Neither the whole context nor only its newest anchors wins
everywhere (benchmarks/INFERENCE_VARIANTS.md), so each context decides: each of its NEWEST anchors is predicted
from the anchors before it, once from all of them and once from only the SHALLOW share nearest to it, and the
shallow context is kept only when it predicts those anchors better by more than one standard error of the
mean gain in absolute error per row (MAE of the median, as predictions report it): a few dozen newest rows
are noisy evidence, and the whole context stays the default. Only the context's labels decide, so a
prediction never depends on which entities a call asks for. Measured in benchmarks/INFERENCE_VARIANTS.md.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from rfm_sql.pql.tasks import TargetKind
from rfm_sql.runtime import encode
from rfm_sql.runtime.model import Model, score
from rfm_sql.runtime.residual import rows_at

NEWEST = 2  # context anchors predicted forward in time
SHALLOW = 0.25  # the share of the context's anchors a shallow context keeps
MIN_ANCHORS = 8  # fewer anchors than this: nothing to choose between
MIN_TRAIN = 10


def choose(model: Model, columns: dict, kinds: dict[str, str], y, anchors: list, decode: dict) -> np.ndarray | None:
    """A mask of the context rows to keep (the newest SHALLOW share of its anchors), or None to keep all."""
    distinct = sorted(set(anchors), reverse=True)  # newest first
    if model.neighbours or len(distinct) < MIN_ANCHORS:
        return None
    depth = max(2, int(np.ceil(SHALLOW * len(distinct))))
    rank = {a: i for i, a in enumerate(distinct)}
    order = np.array([rank[a] for a in anchors])
    y = np.asarray(y, dtype=np.float64)
    gains = []  # per newest-anchor row: |error| of all anchors minus |error| of the shallow context
    for i in range(NEWEST):
        test = np.flatnonzero(order == i)
        trains = {"all": np.flatnonzero(order > i), "shallow": np.flatnonzero((order > i) & (order <= i + depth))}
        if len(test) == 0 or min(len(t) for t in trains.values()) < MIN_TRAIN:
            return None
        errors = {}
        for name, train in trains.items():
            encoder = encode.fit(rows_at(columns, train), kinds, y[train], TargetKind.REGRESSION)
            encoder.target = replace(encoder.target, **decode)
            errors[name] = np.abs(score(model, encoder.episode(rows_at(columns, test)))[0] - y[test])
        gains.append(errors["all"] - errors["shallow"])
    gain = np.concatenate(gains)
    # the shallow context must beat all anchors by more than one standard error of the mean gain
    shallow = gain.mean() > gain.std(ddof=1) / np.sqrt(len(gain)) if len(gain) > 1 else False
    return order < depth if shallow else None

