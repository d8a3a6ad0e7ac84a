"""`rfm-sql bench` baselines for pair-scored targets, on exactly the candidate pairs the model scored.

- popularity: the candidates linked most in the last horizon before the anchor (then 3 and 12 horizons);
  multilabel: the labels more than half of the context's examples have;
- popularity_unseen: the same, among candidates the entity has never linked;
- entity_history: the entity's own most frequent past targets, then popular ones (multilabel: the labels the
  entity had in the last horizon);
- entity_mean (multiclass): the entity's last class (its latest row's; a FIRST target's label one horizon back),
  else the most popular one;
- global (multiclass): the context's most frequent class;
- lightgbm: LightGBM trained on the context's labelled pairs with the same pair features, its scores read
  back at the same true rates as the model's.
"""

from __future__ import annotations

import numpy as np

from rfm_sql import bench_lgb
from rfm_sql.compile.candidates import CLASS, HIST_1, HIST_ALL, HIST_RANK, POP_1, POP_3, POP_12
from rfm_sql.compile.sqlutil import ENTITY
from rfm_sql.pql.tasks import TaskType
from rfm_sql.runtime import encode, metrics
from rfm_sql.runtime.pairs import seen_candidates, truth_sets
from rfm_sql.runtime.ranking import PairAnchorResult, truth_and_points


def scorers(vq) -> dict:
    """{baseline: its score per candidate pair of a `PairAnchorResult`} for the task type of `vq`."""
    if vq.task_type is TaskType.LINK_PREDICTION:
        return {
            "popularity": _popularity,
            "popularity_unseen": _popularity_unseen,
            "entity_history": _entity_history,
            "lightgbm": _lightgbm,
        }
    if vq.task_type is TaskType.MULTICLASS:  # a static target (a column of the entity) has no past classes
        # the entity's last class, and its most frequent one (a buyer's usual category beat the last: 0.505 vs
        # 0.353 on a marketplace audit, where the model's 0.502 had looked well ahead of the baselines)
        past = {} if vq.static else {"entity_mean": _last_class, "entity_history": _entity_history}
        return {**past, "global": _context_majority, "lightgbm": _lightgbm}
    # multilabel: a set of labels per entity, chosen above the same threshold as the model's
    return {"popularity": _popularity_set, "entity_history": _last_window, "lightgbm": _lightgbm}


def baselines(vq, results: list[PairAnchorResult], metric: metrics.Metric) -> dict[str, float]:
    """{baseline: metric} over the anchors of a pair backtest."""
    return {
        name: metric_of(vq, metric, [(r.query, r.pairs, scorer(r)) for r in results])
        for name, scorer in scorers(vq).items()
    }


def metric_of(vq, metric: metrics.Metric, scored: list) -> float:
    """`metric` over the anchors of a pair backtest, each given as (query rows, candidate pairs, score per pair)."""
    y_true, points = [], []
    for query, pairs, scores in scored:
        t, p = truth_and_points(vq, query, pairs, scores)
        y_true += t
        points += p
    return metrics.compute((metric,), y_true, [], points)[metric.name]


def _column(r: PairAnchorResult, name: str) -> np.ndarray:
    return np.nan_to_num(r.pairs.column(name).to_numpy(zero_copy_only=False).astype(np.float64), nan=0.0)


def _popularity(r: PairAnchorResult) -> np.ndarray:
    pop1, pop3, pop12 = _column(r, POP_1), _column(r, POP_3), _column(r, POP_12)
    top = max(pop3.max(initial=0), pop12.max(initial=0)) + 1
    return pop1 * top * top + pop3 * top + pop12


def _popularity_unseen(r: PairAnchorResult) -> np.ndarray:
    return np.where(_column(r, HIST_ALL) > 0, -1.0, _popularity(r))


def _entity_history(r: PairAnchorResult) -> np.ndarray:
    pop = _popularity(r)
    return _column(r, HIST_ALL) * (pop.max(initial=0) + 1) + pop


def _popularity_set(r: PairAnchorResult) -> np.ndarray:
    """Each label's share of the context's examples (so the labels more than half of them have are chosen)."""
    sets = truth_sets(r.prepared.vq, r.prepared.context.column("TARGET").to_pylist())
    counts: dict = {}
    for labels in sets:
        for c in labels:
            counts[c] = counts.get(c, 0) + 1
    n = max(len(sets), 1)
    return np.array([counts.get(c, 0) / n for c in r.pairs.column("CLASS").to_pylist()], dtype=np.float64)


def _last_window(r: PairAnchorResult) -> np.ndarray:
    """The labels the entity had in the last horizon."""
    return np.where(_column(r, HIST_1) > 0, 1.0, 0.0)


def _last_class(r: PairAnchorResult) -> np.ndarray:
    """The entity's last label: its latest row's class, or a FIRST target's label one horizon back (ranking)."""
    if r.previous is not None:
        entities, classes = r.pairs.column(ENTITY).to_pylist(), r.pairs.column(CLASS).to_pylist()
        last = np.array([str(r.previous.get(e)) == str(c) for e, c in zip(entities, classes, strict=True)], float)
    else:
        rank = r.pairs.column(HIST_RANK).to_numpy(zero_copy_only=False).astype(np.float64)
        last = np.where(rank == 1, 1.0, 0.0)
    pop = _popularity(r)
    return last * (pop.max(initial=0) + 1) + pop


def _context_majority(r: PairAnchorResult) -> np.ndarray:
    order = {str(c): i for i, c in enumerate(r.prepared.classes or [])}
    return np.array([-order.get(str(c), len(order)) for c in r.pairs.column("CLASS").to_pylist()], dtype=np.float64)


def _lightgbm(r: PairAnchorResult) -> np.ndarray:
    kinds = r.prepared.features.kinds
    context = encode.table_columns(r.prepared.pairs, list(kinds), kinds)
    xc = bench_lgb.matrix(context, kinds)
    xq = bench_lgb.matrix(encode.table_columns(r.pairs, list(kinds), kinds), kinds, context)
    y = np.asarray(r.prepared.pairs.column("LABEL").to_pylist(), dtype=int)
    # trained on the same stratified sample as the model, so read back at the same true rates
    return r.prepared.probability(bench_lgb.fit("binary", xc, y).predict(xq), seen_candidates(r.pairs))
