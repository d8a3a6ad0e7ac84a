"""The context of a pair-scored target: labelled (entity, anchor, candidate) rows from past anchors.

Link prediction, multilabel and multiclass targets with more classes than the model's slots are scored as a
binary task over candidate pairs (`compile.candidates`): at each past anchor a seeded sample of labelled
entities (the plan's, `runtime.plan`) gets its candidates and pair features in one SQL statement; a pair is
positive when the candidate is in the entity's label (linked in the window; the class it had), negative
otherwise. Positives are rare, so the kept pairs are balanced up to half the context cap, and the ratio
between the kept and the true positive rate is remembered to turn scores back into probabilities.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field

import numpy as np
import pyarrow as pa
from sqlglot import exp

from rfm_sql.compile import candidates, class_pairs
from rfm_sql.compile.candidates import CLASS, Budget, PairSpec
from rfm_sql.compile.sqlutil import ANCHOR, ENTITY, TARGET, col, to_sql
from rfm_sql.errors import NoExamplesError
from rfm_sql.graph import Graph
from rfm_sql.pql.tasks import TargetKind, TaskType
from rfm_sql.pql.validate import ValidQuery
from rfm_sql.runtime import encode
from rfm_sql.runtime import plan as planner
from rfm_sql.runtime.context import FeatureQuery, Prepared
from rfm_sql.runtime.model import Model, score
from rfm_sql.runtime.options import RunOptions

CHUNK = 2048  # query pairs per model call, as DuckDB's chunks


@dataclass
class PairPrepared(Prepared):
    """A prepared pair context: `context` holds the labelled entities, `pairs` the kept pairs with LABEL."""

    spec: PairSpec | None = None
    classes: list | None = None  # the closed class set (multiclass, multilabel): the labels the context has
    pairs: pa.Table | None = field(default=None, repr=False)
    odds_ratio: float = 1.0  # (true positive odds) / (kept positive odds): undoes the balancing

    def probability(self, p: np.ndarray) -> np.ndarray:
        """Scores of the balanced context as probabilities at the true positive rate."""
        p = np.clip(np.asarray(p, dtype=np.float64), 1e-9, 1 - 1e-9)
        return p * self.odds_ratio / (p * self.odds_ratio + 1 - p)


def truth_sets(vq: ValidQuery, targets: list) -> list[set]:
    """Each label as the set of positive candidates (a list's values; a single class)."""
    if vq.task_type is TaskType.MULTICLASS:
        return [set() if t is None else {t} for t in targets]
    return [set(t or ()) for t in targets]


def context_classes(vq: ValidQuery, context: pa.Table) -> list | None:
    """The closed class set of a multiclass or multilabel context (by frequency), else None."""
    if vq.task_type is TaskType.LINK_PREDICTION:
        return None
    counts: dict = {}
    for labels in truth_sets(vq, context.column(TARGET).to_pylist()):
        for v in labels:
            counts[v] = counts.get(v, 0) + 1
    return sorted(counts, key=lambda v: (-counts[v], str(v)))


def pair_features(
    vq: ValidQuery, graph: Graph, options: RunOptions, classes: list | None, context: pa.Table | None = None
) -> FeatureQuery:
    """The pair SQL of `vq`: candidates from history, or for a static target (which has none) every class of
    the labelled `context`, with features computed from it."""
    seed_name = "rfm_seed"
    while seed_name in graph.tables:
        seed_name += "_"
    if vq.static:
        labelled = [
            (e, t)
            for e, t in zip(context.column(ENTITY).to_pylist(), context.column(TARGET).to_pylist(), strict=True)
            if t is not None
        ]
        select, features = class_pairs.static_pair_sql(vq, graph, seed_name, labelled, classes)
        return FeatureQuery(seed_name, select, tuple(features))
    spec = candidates.pair_spec(vq, graph)
    select, features = candidates.pair_sql(vq, graph, spec, seed_name, Budget.of(options.candidates), classes)
    return FeatureQuery(seed_name, select, tuple(features))


def featurise_pairs(cur, features: FeatureQuery, entities: pa.Table) -> pa.Table:
    """ENTITY, ANCHOR_TIMESTAMP, CLASS and the pair features of the candidates of the (ENTITY,
    ANCHOR_TIMESTAMP) rows of `entities` (held in Python), in one SQL statement."""
    name = f"rfm_pairs_{uuid.uuid4().hex[:12]}"
    cur.register(name, entities.select([ENTITY, ANCHOR]))
    try:
        seed = exp.select(col(ENTITY), col(ANCHOR)).distinct().from_(exp.to_table(name))
        return cur.sql(to_sql(features.over(seed))).to_arrow_table()
    finally:
        cur.unregister(name)


def pair_labels(vq: ValidQuery, pairs: pa.Table, truth: pa.Table) -> np.ndarray:
    """For each pair, whether its candidate is in its entity's label at that anchor."""
    sets = dict(
        zip(
            zip(truth.column(ENTITY).to_pylist(), truth.column(ANCHOR).to_pylist(), strict=True),
            truth_sets(vq, truth.column(TARGET).to_pylist()),
            strict=True,
        )
    )
    keys = zip(
        pairs.column(ENTITY).to_pylist(), pairs.column(ANCHOR).to_pylist(), pairs.column(CLASS).to_pylist(), strict=True
    )
    return np.array([c in sets.get((e, t), ()) for e, t, c in keys], dtype=bool)


def prepare_pairs(
    cur, vq: ValidQuery, graph: Graph, anchor: dt.datetime, options: RunOptions, exclude: pa.Array | None = None
) -> PairPrepared:
    """The labelled candidate pairs of past anchors (none of an entity of `exclude`), and the encoder fitted on
    them (a binary target)."""
    plan = planner.make_plan(cur, vq, graph, anchor, options)
    entity_options = RunOptions(run_mode=options.run_mode, context_size=options.pair_entities, seed=options.seed)
    context = planner.select_context(cur, vq, graph, plan, entity_options, exclude)
    classes = context_classes(vq, context)
    features = pair_features(vq, graph, options, classes, context)
    pairs = featurise_pairs(cur, features, context)
    y = pair_labels(vq, pairs, context)
    positives, negatives = np.flatnonzero(y), np.flatnonzero(~y)
    if len(positives) == 0 or len(negatives) == 0:
        raise NoExamplesError(
            f"No context to learn from: the {context.num_rows} labelled examples before {anchor} give "
            f"{len(positives)} candidates that were linked and {len(negatives)} that were not; both are needed. "
            "Pass a later anchor_time, or loosen the entity filter or ASSUMING."
        )
    rng = np.random.default_rng(options.seed)
    n_pos = min(len(positives), options.cap // 2)
    n_neg = min(len(negatives), options.cap - n_pos)
    kept = np.sort(np.concatenate([rng.choice(positives, n_pos, replace=False), rng.choice(negatives, n_neg, False)]))
    true_rate, kept_rate = y.mean(), n_pos / (n_pos + n_neg)
    odds_ratio = (true_rate / (1 - true_rate)) / (kept_rate / (1 - kept_rate))
    kept_pairs = pairs.take(pa.array(kept, pa.int64())).append_column("LABEL", pa.array(y[kept]))
    kinds = features.kinds
    columns = encode.table_columns(kept_pairs, list(kinds), kinds)
    encoder = encode.fit(columns, kinds, y[kept], TargetKind.CLASSIFICATION)
    spec = None if vq.static else candidates.pair_spec(vq, graph)
    return PairPrepared(vq, plan, context, features, columns, encoder, spec, classes, kept_pairs, float(odds_ratio))


def true_index(prepared: Prepared) -> int:
    """The 0-based position of P(linked) among the model's class probabilities."""
    return prepared.encoder.target.classes.index(True)


def score_pairs(model: Model, prepared: PairPrepared, pairs: pa.Table) -> np.ndarray:
    """P(linked) of each pair row (features as `featurise_pairs` returns them), chunk by chunk."""
    kinds = prepared.features.kinds
    columns = encode.table_columns(pairs, list(kinds), kinds)
    out = np.zeros(pairs.num_rows)
    for start in range(0, pairs.num_rows, CHUNK):
        chunk = {k: v[start : start + CHUNK] for k, v in columns.items()}
        _, probs = score(model, prepared.encoder.episode(chunk))
        out[start : start + CHUNK] = probs[:, true_index(prepared)]
    return out
