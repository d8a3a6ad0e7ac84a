"""Whether a regression target is coded relative to the entity's own recent level, chosen per context.

The model reads every numeric feature as its rank among the context's values, so "about the same as this
entity's recent average" (the label close to its lagged target) has to be learned as a map from ranks back to
values. Where the label is mostly the entity's own level (a customer's average order value), coding the label
relative to that level (the mean of its lagged targets; the context's mean where an entity has none) lets the
model predict the change instead (a window shorter than a week has a second level to choose: the entity's mean on
this weekday, `compile.week_cycle`; any window its last one, where the level moves: a season's ramp; an AVG its
mean over all of the entity's history, pooled; an AVG, MIN or MAX of a column the column's latest value): as
y - level, or, for a heavy-tailed non-negative target such as a count, as y / (level + the context's mean label),
so that zero stays zero and a busy entity is read on its own scale (encode.TargetCoding). Where the label is not
the entity's own level (a rank that moves with the rest of the field), the raw coding is better. Neither wins
everywhere, so each context decides for itself by cross-validation: K folds over its entities (no entity on both
sides of a fold), plus its newest anchors each predicted from the older ones only (as a prediction looks forward
in time, where the data may have drifted);
each coding is scored by the MAE of its median, summed over all splits, and the lower one kept. Only the
context's labels decide, so a prediction never depends on which entities a call asks for; a hierarchical model
(which would need neighbour rows for every fold) keeps the raw coding. The splits read only the CHOICE_SLOTS
feature slots most related to the label (the prediction then reads them all): the twelve small model runs cost
in proportion to the slots, which on a wide schema (contexts that fill all 128) made the choice half of a
prediction's time. Reading 32: on the unseen-database suite 3 regression tasks better, none worse
(benchmarks/UNSEEN.md, `slots`); the dev tasks' val metrics unchanged; the regression dev task's backtest at
0.59x the time (benchmarks/BACKTEST_SPEED_coding.md; README "Measured").
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from rfm_sql.compile.features import LAG_MEAN
from rfm_sql.compile.scheduled import SCHEDULED
from rfm_sql.compile.target_history import MEAN as HISTORY_MEAN
from rfm_sql.compile.week_cycle import WEEK_MEAN
from rfm_sql.pql import ast
from rfm_sql.pql.tasks import TargetKind
from rfm_sql.runtime import encode
from rfm_sql.runtime.model import Model, score

LAG_SUFFIX = f":{LAG_MEAN}"  # the feature's name ends so, after its source's prefix
LAST_SUFFIX = ":target_lag1"  # the target over the window just before the anchor (compile.features' lags)
FOLDS = 4
NEWEST = 2  # context anchors also scored forward in time, from the anchors before each
MIN_TRAIN = 10  # a fold needs this many context rows to learn from
CHOICE_SLOTS = 32  # feature slots the splits read (the ones most related to the label)
# the last window is chosen as the level only where its error is this much under the best other coding's: on the
# unseen suite it won the splits by 0.2-3% on three tasks and lost all three; a season's ramp (a building's monthly
# kWh into winter) won them by 25% and halved the MAE
LAST_MARGIN = 0.1
LEVELLED = ("AVG", "MIN", "MAX", "FIRST", "LAST")  # targets a column's latest value is a level of (`latest_feature`)


def lag_feature(kinds: dict[str, str]) -> str | None:
    """The feature holding the entity's recent level of the target, if the features have one."""
    return _numeric_ending(kinds, LAG_SUFFIX)


def last_feature(kinds: dict[str, str]) -> str | None:
    """The feature holding the target over the entity's last window, if the features have one: where the level
    moves (a trend, a season's ramp), the last window is nearer the next than the mean of the last three."""
    return _numeric_ending(kinds, LAST_SUFFIX)


def _numeric_ending(kinds: dict[str, str], suffix: str) -> str | None:
    return next((n for n, k in kinds.items() if n.endswith(suffix) and k == "numeric"), None)


def history_feature(kinds: dict[str, str]) -> str | None:
    """The feature holding an AVG target's mean over all of the entity's history, pooled (`compile.target_history`):
    a lasting quality (a product's stars) is read best from all of its rows, where each window holds two or three."""
    return _numeric_ending(kinds, f":{HISTORY_MEAN}")


def latest_feature(kinds: dict[str, str], target=None) -> str | None:
    """The feature holding the latest value of the column an AVG, MIN, MAX, FIRST or LAST target reads, unfiltered
    (compile.features' `.last` of a child's number): a quantity that drifts (a pet's weight) is nearest its last
    reading; a veterinary trial's weight in 90 days read MAE 1.32 where the last weight read 0.77."""
    if not isinstance(target, ast.Aggregation) or target.func not in LEVELLED or target.column.is_star:
        return None
    if target.filter is not None:  # the latest row is any row, the target's only those its filter keeps
        return None
    ends = (f":{target.column.table}.{target.column.column}.last", f"].{target.column.column}.last")
    named = [n for n, k in kinds.items() if k == "numeric" and n.endswith(ends)]
    own = [n for n in named if n.split(":", 1)[-1].split(".", 1)[0].split("[", 1)[0] == target.column.table]
    return own[0] if len(own) == 1 else None


def week_feature(kinds: dict[str, str]) -> str | None:
    """The feature holding the entity's level of the target on this weekday (a window shorter than a week: its
    mean over the last four weeks, `compile.week_cycle`), if the features have one: a Saturday's orders are
    coded relative to the entity's Saturdays."""
    return next((n for n, k in kinds.items() if n.split(":", 1)[-1] == WEEK_MEAN and k == "numeric"), None)


def scheduled_features(kinds: dict[str, str], target=None) -> list[str]:
    """The features of rows already on the books for the target's window (`compile.scheduled`: a hotel's bookings
    for next week) in the `target`'s units, a level it may be read against as well: for a COUNT their count, for a
    SUM the sum of its own column over them (a leave's days already booked); none for another aggregation (None:
    every one). A count of injuries due back, read as a level of a player's minutes, had been picked by the
    cross-validation on a backtest's context and not on the context of a copy of the database as it stood, so the
    two read MAE 102 and 155 by chance."""
    scheduled = [n for n, k in kinds.items() if n.split(":", 1)[-1].endswith(f".{SCHEDULED}") and k == "numeric"]
    if target is None:
        return scheduled
    if not isinstance(target, ast.Aggregation):
        return []
    if target.func == "COUNT":
        return scheduled
    if target.func == "SUM" and not target.column.is_star:
        return [n for n in scheduled if n.endswith(f".{target.column.column}.{SCHEDULED}")]
    return []


def choose(
    model: Model,
    columns: dict,
    kinds: dict[str, str],
    y,
    entities: list,
    anchors: list,
    seed: int,
    decode: dict,
    target=None,
) -> str | None:
    """The feature to code the regression labels `y` relative to (`encode.fit`'s `offset`), or None for the raw
    coding: whichever has the lower cross-validated MAE on the context (`columns`, one row per label, of
    the `entities` at the `anchors`); `decode` is how predictions are decoded (bounds.decoding: the lower bound,
    a count's rounding, an atom at the bound), applied as predictions apply it; `target`: the query's aggregation,
    whose units a level must be in (`scheduled_features`). The splits read CHOICE_SLOTS feature slots."""
    last = last_feature(kinds)
    candidates = (
        lag_feature(kinds),
        last,
        week_feature(kinds),
        history_feature(kinds),
        latest_feature(kinds, target),
        *scheduled_features(kinds, target),
    )
    levels = [n for n in candidates if n is not None]
    levels = [n for n in levels if np.isfinite(np.asarray(columns[n], dtype=np.float64)).any()]
    if not levels or model.neighbours:
        return None
    y = np.asarray(y, dtype=np.float64)
    errors = dict.fromkeys([None, *levels], 0.0)
    for train, test in _splits(entities, anchors, seed):
        if len(train) < MIN_TRAIN or len(test) == 0:
            continue
        inside, outside = rows_at(columns, train), rows_at(columns, test)
        for offset in errors:
            encoder = encode.fit(inside, kinds, y[train], TargetKind.REGRESSION, offset=offset, max_slots=CHOICE_SLOTS)
            encoder.target = replace(encoder.target, **decode)
            errors[offset] += float(np.abs(score(model, encoder.episode(outside))[0] - y[test]).sum())
    best = min(errors, key=lambda k: errors[k])  # ties: the first, the raw coding
    others = {k: v for k, v in errors.items() if k != best}
    if best == last and others and errors[best] > (1 - LAST_MARGIN) * min(others.values()):
        return min(others, key=lambda k: others[k])  # one window is a noisier level than three: it wins clearly
    return best


def _splits(entities: list, anchors: list, seed: int) -> list[tuple[np.ndarray, np.ndarray]]:
    """(train rows, test rows) pairs: FOLDS folds over the entities, then each of the NEWEST context anchors
    predicted from the anchors before it only (predictions look forward in time: a coding that fits the past
    but not the newest period, where the data drifts, loses there)."""
    fold = entity_folds(entities, seed)
    splits = [(np.flatnonzero(fold != k), np.flatnonzero(fold == k)) for k in range(FOLDS)]
    # compared as the values they are (naive or time-zone-aware datetimes alike), not through numpy's datetime64
    for t in sorted(set(anchors))[1:][-NEWEST:]:  # the oldest anchor has none before it
        splits.append((np.flatnonzero([a < t for a in anchors]), np.flatnonzero([a == t for a in anchors])))
    return splits


def entity_folds(entities: list, seed: int, folds: int = FOLDS) -> np.ndarray:
    """A fold per row: each distinct entity in one fold, entities spread evenly in a seeded order."""
    keys = np.array([str(e) for e in entities], dtype=object)
    distinct, inverse = np.unique(keys, return_inverse=True)
    order = np.random.default_rng(seed).permutation(len(distinct))
    return (order % folds)[inverse]


def rows_at(columns: dict, index: np.ndarray) -> dict:
    """The feature columns at `index` (positions or a boolean mask)."""
    return {k: np.asarray(v)[index] for k, v in columns.items()}
