"""A backtest's predictions beside the truth, one row per example (`Evaluation.predictions()`): what an analyst
slices the metrics by (a segment, a size band) or computes their own metric on, and what `rfm-sql evaluate
--output` writes. Each kind of anchor result gives its rows (`AnchorResult.rows`, the pair and forecast results'
own) through the builders here.

Columns: ENTITY, ANCHOR_TIMESTAMP (FORECAST_STEP for a forecast), TARGET (the label PQL.md defines), TARGET_PRED
(the point prediction the metrics scored: a number, a class, or for a ranking the top k in order and for
multilabel the predicted labels), and for a binary target True_PROB (P(True), what AUROC ranks).
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from rfm_sql.compile.forecast import STEP
from rfm_sql.compile.sqlutil import ANCHOR, ENTITY, TARGET

PRED, PROB = "TARGET_PRED", "True_PROB"


def concat(parts: list[pa.Table]) -> pa.Table:
    """Every anchor's (and fold's) rows, in the order the metrics read them."""
    return pa.concat_tables(parts, promote_options="permissive") if parts else pa.table({})


def point_rows(query: pa.Table, points: list, true_prob=None) -> pa.Table:
    """A row-scored result's rows: `query`'s keys and truth, the point predictions, P(True) for a binary target."""
    table = {ENTITY: query.column(ENTITY), ANCHOR: query.column(ANCHOR), TARGET: query.column(TARGET)}
    table[PRED] = pa.array(points)
    if true_prob is not None:
        table[PROB] = pa.array(np.asarray(true_prob, dtype=np.float64))
    return pa.table(table)


def pair_rows(query: pa.Table, truth: list, points: list) -> pa.Table:
    """A pair-scored result's rows from `ranking.truth_and_points`: lists for rankings and multilabel (a ranking's
    top k without the padding the metrics read), a class for multiclass."""
    points = [[c for c in p if c is not None] if isinstance(p, list) else p for p in points]
    return pa.table({ENTITY: query.column(ENTITY), ANCHOR: query.column(ANCHOR), TARGET: truth, PRED: points})


def forecast_rows(query: pa.Table, pred) -> pa.Table:
    """A forecast result's rows: one per entity and step."""
    keys = {ENTITY: query.column(ENTITY), ANCHOR: query.column(ANCHOR), STEP: query.column(STEP)}
    return pa.table({**keys, TARGET: query.column(TARGET), PRED: pa.array(np.asarray(pred, dtype=np.float64))})
