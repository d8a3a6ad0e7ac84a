"""The context of a pair-scored target: labelled (entity, anchor, candidate) rows from past anchors.

Link prediction, multilabel and multiclass targets (runtime.ranking.uses_pairs) are scored as a binary task over
candidate pairs (`compile.candidates`; a static class target's in `compile.class_pairs`): at each past anchor a
seeded sample of labelled entities (the plan's, `runtime.plan`) gets its candidates and pair features in one SQL
statement; a pair is positive when the candidate is in the entity's label (linked in the window; the class it had),
negative otherwise. Positives are rare, so the kept pairs are balanced up to half the context cap. The negatives
that decide a ranking are the candidates the entity has linked before (its old classes, the items it already has):
a uniform sample keeps few of them, so up to half the kept negatives are drawn from those ("seen") and the rest
from the other candidates. Each stratum's kept/true odds is remembered, and every score the model gives is turned
back into P(linked) at the true rate of its stratum (and the rate its kept pairs show,
runtime.stratum_calibration): the rankings, SCOREs and multilabel thresholds of every surface use that probability.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from functools import partial

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from rfm_sql.compile import candidates, class_pairs
from rfm_sql.compile.candidates import CLASS
from rfm_sql.compile.pair_spec import Budget, PairSpec, pair_spec
from rfm_sql.compile.sqlutil import ANCHOR, ENTITY, TARGET
from rfm_sql.errors import NoExamplesError, UserError
from rfm_sql.graph import Graph
from rfm_sql.pql import ast
from rfm_sql.pql.free_text import free_text_problem
from rfm_sql.pql.tasks import TargetKind, TaskType
from rfm_sql.pql.validate import ValidQuery
from rfm_sql.runtime import class_shares, encode, ended, outcome_rows
from rfm_sql.runtime import plan as planner
from rfm_sql.runtime.context import FeatureQuery, Prepared, feature_query, featurise
from rfm_sql.runtime.model import Model, score
from rfm_sql.runtime.options import RunOptions
from rfm_sql.runtime.stratum_calibration import calibration

CHUNK = 2048  # query pairs per model call, as DuckDB's chunks
SEEN_SHARE = 0.5  # at most this share of the kept negatives are candidates the entity has linked before
# a windowed multiclass context of at least this share of entities with no target history reads the entity's
# own features too, and each one's value paired with the class (compile.candidates): each entity is one event (an
# order's first shipment's carrier), where the class shares alone gave every entity the same prediction
# (benchmarks/COLD_MULTICLASS.md: accuracy 0.376 -> 0.667 where the sales channel picks the carrier). Read by
# every windowed multiclass context, the unseen suite's 30 (none mostly cold) went 8 better, 8 worse, mean
# accuracy -0.006, at three to four times the time
COLD_SHARE = 0.5
STRATUM_LABELS = 10  # a stratum gets a context of its own when its kept pairs hold this many of each label


@dataclass
class PairPrepared(Prepared):
    """A prepared pair context: `context` holds the labelled entities, `pairs` the kept pairs with LABEL."""

    spec: PairSpec | None = None
    classes: list | None = None  # the closed class set (multiclass, multilabel): the labels the context has
    pairs: pa.Table | None = field(default=None, repr=False)
    # (true positive odds) / (kept positive odds) of unseen and seen candidates: undoes the balancing
    odds_ratios: tuple[float, float] = (1.0, 1.0)
    # the candidate pairs of the query rows `prepare_pairs` featurised with the context (a backtest's), else None
    query_pairs: pa.Table | None = field(default=None, repr=False)
    # multiclass: among the context examples whose candidates are not every class, the share whose class was a
    # candidate: the most such an entity's SCOREs may sum to (runtime.ranking.class_total)
    coverage: float = 1.0
    # (unseen, seen): each stratum's pairs read by a context of its own stratum's pairs (`stratum_encoders`),
    # else None (one context for all)
    strata: tuple[encode.Encoder, encode.Encoder] | None = field(default=None, repr=False)
    # a class target's odds factor per class (its class as text; runtime.stratum_calibration), else None
    class_factors: dict | None = None
    # multiclass: an entity's classes compared by P(linked)^class_power times the class's weight
    # (runtime.class_shares); None: by P(linked)
    class_weights: dict | None = None
    class_power: float = 1.0
    class_bonus: float = 0.0  # and e^class_bonus where the class is the entity's most frequent so far

    def encoders(self, columns: dict, n: int) -> list[tuple[np.ndarray, encode.Encoder]]:
        """Which of `n` pair rows (feature `columns`) each encoder scores: each stratum its own, where it has one."""
        if self.strata is None:
            return [(np.arange(n), self.encoder)]
        seen = seen_columns(columns, n)
        return [
            (np.flatnonzero(seen == s), e) for s, e in zip((False, True), self.strata, strict=True) if (seen == s).any()
        ]

    def stratum(self, seen: bool) -> PairPrepared:
        """One stratum's own context (its kept pairs and encoder) as a context of its own: what an explanation of
        that stratum's pairs reads."""
        rows = np.flatnonzero(seen_candidates(self.pairs) == seen)
        columns = {k: np.asarray(v)[rows] for k, v in self.context_columns.items()}
        pairs = self.pairs.take(pa.array(rows, pa.int64()))
        return replace(self, encoder=self.strata[int(seen)], pairs=pairs, context_columns=columns, strata=None)

    def refitted(self, columns: dict, y: np.ndarray) -> PairPrepared:
        """This context with its encoders fitted on the kept pairs given (feature `columns`, labels `y`) alone,
        per stratum where it has strata, and no class weights: what scores the examples left out of them."""
        encoder = encode.fit(columns, self.features.kinds, y, TargetKind.CLASSIFICATION, classes=[False, True])
        strata = None
        if self.strata is not None:
            strata = stratum_encoders(columns, self.features.kinds, y, seen_columns(columns, len(y)))
        return replace(self, encoder=encoder, strata=strata, class_weights=None, class_power=1.0, class_bonus=0.0)

    def probability(self, p: np.ndarray, seen: np.ndarray, classes=None, usual=None) -> np.ndarray:
        """Scores of the balanced context as probabilities at the true positive rate of each pair's stratum
        (`seen`: whether the entity had linked the candidate before, as `seen_candidates` says) and, given each
        pair's class (`classes`), of its class, then as a multiclass target compares them (`class_weights`; `usual`:
        whether the class is the entity's most frequent so far)."""
        p = np.clip(np.asarray(p, dtype=np.float64), 1e-9, 1 - 1e-9)
        ratio = np.where(np.asarray(seen, dtype=bool), self.odds_ratios[1], self.odds_ratios[0])
        if self.class_factors and classes is not None:
            ratio = ratio * np.array([self.class_factors.get(str(c), 1.0) for c in classes])
        p = p * ratio / (p * ratio + 1 - p)
        if self.class_weights and classes is not None:
            p = p**self.class_power * np.array([self.class_weights.get(str(c), 1.0) for c in classes])
            if self.class_bonus and usual is not None:
                p = p * np.exp(self.class_bonus * usual)
        return p


def seen_candidates(pairs: pa.Table) -> np.ndarray:
    """Whether the entity had linked each pair's candidate before the anchor (its own history with it); a
    static target's pairs have no history, so none is."""
    name = candidates.HIST_ALL
    columns = {name: pairs.column(name).to_numpy(zero_copy_only=False)} if name in pairs.column_names else {}
    return seen_columns(columns, pairs.num_rows)


def seen_columns(columns: dict, n: int) -> np.ndarray:
    """`seen_candidates` of feature columns (name -> numpy column) of n rows."""
    if candidates.HIST_ALL not in columns:
        return np.zeros(n, dtype=bool)
    return np.nan_to_num(np.asarray(columns[candidates.HIST_ALL], dtype=np.float64), nan=0.0) > 0


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
    vq: ValidQuery,
    graph: Graph,
    options: RunOptions,
    classes: list | None,
    context: pa.Table | None = None,
    entity_features: bool | None = None,
) -> FeatureQuery:
    """The pair SQL of `vq`: candidates from history, or for a static target (which has none) every class of
    the labelled `context`, with features computed from it; `entity_features` as `candidates.pair_sql`'s."""
    seed_name = "rfm_seed"
    while seed_name in graph.tables:
        seed_name += "_"
    if vq.static:
        labelled = [
            (e, t)
            for e, t in zip(context.column(ENTITY).to_pylist(), context.column(TARGET).to_pylist(), strict=True)
            if t is not None
        ]
        # no history to draw candidates from: the most frequent classes, as many as the candidate budget
        select, features = class_pairs.static_pair_sql(vq, graph, seed_name, labelled, classes[: options.candidates])
        return FeatureQuery(seed_name, select, tuple(features))
    spec = pair_spec(vq, graph)
    task = vq.query.task
    budget = Budget.of(options.candidates, at_least=task.k if isinstance(task, ast.Rank) else 1)
    select, features = candidates.pair_sql(vq, graph, spec, seed_name, budget, classes, entity_features)
    return FeatureQuery(seed_name, select, tuple(features))


def featurise_pairs(cur, features: FeatureQuery, entities: pa.Table) -> pa.Table:
    """ENTITY, ANCHOR_TIMESTAMP, CLASS and the pair features of the candidates of the (ENTITY,
    ANCHOR_TIMESTAMP) rows of `entities` (held in Python), in one SQL statement."""
    cur.register(features.rows_name, entities.select([ENTITY, ANCHOR]))  # the cursor's own (runtime.context)
    try:
        return cur.sql(features.rows_sql).to_arrow_table()
    finally:
        cur.unregister(features.rows_name)


def featurise_pairs_with(cur, features: FeatureQuery, context: pa.Table, query: pa.Table | None):
    """`featurise_pairs` of the `context` rows and of the `query` rows (None: not asked): in one SQL statement
    (each has a fixed cost, about that of the context's own) when the query rows share one anchor and no
    (entity, anchor) row with the context, as a backtest's do, so that each pair is told apart by its key."""
    if query is None:
        return featurise_pairs(cur, features, context), None
    keys = context.select([ENTITY, ANCHOR])
    asked = query.select([ENTITY, ANCHOR]).cast(keys.schema)
    anchors, entities = pc.unique(asked.column(ANCHOR)), pc.unique(asked.column(ENTITY))

    def of_query(table: pa.Table):
        return pc.and_(
            pc.is_in(table.column(ANCHOR), value_set=anchors), pc.is_in(table.column(ENTITY), value_set=entities)
        )

    if len(anchors) != 1 or pc.any(of_query(keys)).as_py():
        return featurise_pairs(cur, features, context), featurise_pairs(cur, features, asked)
    both = featurise_pairs(cur, features, pa.concat_tables([keys, asked]))
    mask = of_query(both)
    return both.filter(pc.invert(mask)), both.filter(mask)


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
    cur,
    vq: ValidQuery,
    graph: Graph,
    anchor: dt.datetime,
    options: RunOptions,
    exclude: pa.Array | None = None,
    query: pa.Table | None = None,
    *,
    model: Model | None = None,
) -> PairPrepared:
    """The labelled candidate pairs of past anchors (none of an entity of `exclude`), and the encoder fitted on
    them (a binary target); `query`: (ENTITY, ANCHOR_TIMESTAMP) rows whose candidate pairs to make in the same
    pass (`PairPrepared.query_pairs`); `model` scores the kept pairs out of fold, to set each stratum's rate
    (runtime.stratum_calibration; None: the sampling's odds alone, as pre-training episodes need)."""
    plan = planner.make_plan(cur, vq, graph, anchor, options)
    entity_options = RunOptions(run_mode=options.run_mode, context_size=options.pair_entities, seed=options.seed)
    context = planner.select_context(cur, vq, graph, plan, entity_options, exclude)
    classes = context_classes(vq, context)
    free_text = free_text_problem(graph, vq, classes or [], context.num_rows)
    if free_text is not None:  # an email per guest: 300,000 class scores for 5,000 guests, after 30 s
        raise UserError(free_text, "query")
    features = pair_features(vq, graph, options, classes, context)
    pairs, query_pairs = featurise_pairs_with(cur, features, context, query)
    if vq.task_type is TaskType.MULTICLASS and not vq.static and cold_share(pairs) >= COLD_SHARE:
        features = pair_features(vq, graph, options, classes, context, entity_features=True)
        pairs, query_pairs = featurise_pairs_with(cur, features, context, query)
    y = pair_labels(vq, pairs, context)
    positives, negatives = np.flatnonzero(y), np.flatnonzero(~y)
    if len(positives) == 0 or len(negatives) == 0:
        why = no_pairs_to_learn(vq, context, anchor, len(positives), len(negatives))
        lost = ended.lost_classes_note(cur, vq, graph, anchor)  # the other classes only ended rows hold
        raise NoExamplesError(f"{why} {lost}" if lost else why)
    kept, odds_ratios = balanced_sample(y, seen_candidates(pairs), options.cap, options.seed)
    kept_pairs = pairs.take(pa.array(kept, pa.int64())).append_column("LABEL", pa.array(y[kept]))
    kinds = features.kinds
    columns = encode.table_columns(kept_pairs, list(kinds), kinds)
    encoder = encode.fit(columns, kinds, y[kept], TargetKind.CLASSIFICATION)
    seen = seen_candidates(kept_pairs)
    strata = None if model is None or model.neighbours else stratum_encoders(columns, kinds, y[kept], seen)
    class_factors = None
    if model is not None:
        by_class = vq.task_type is TaskType.MULTICLASS
        factors, class_factors = calibration(model, kept_pairs, kinds, seen, options.seed, strata is not None, by_class)
        odds_ratios = (odds_ratios[0] * factors[0], odds_ratios[1] * factors[1])
    spec = None if vq.static else pair_spec(vq, graph)
    coverage = class_coverage(pairs, y, classes or []) if vq.task_type is TaskType.MULTICLASS else 1.0
    static = vq.static and model is not None  # a training episode (no model) says nothing
    note, flatters = static_notes(cur, vq, graph, anchor, context) if static else (None, None)
    prepared = PairPrepared(
        vq, plan, context, features, columns, encoder, spec, classes, kept_pairs, odds_ratios, query_pairs, coverage,
        strata, class_factors, note=note, flatters=flatters,
    )  # fmt: skip
    if model is not None and vq.task_type is TaskType.MULTICLASS:
        scaling = class_shares.class_scaling(model, prepared, pairs, y, options.seed, partial(score_columns, model))
        if scaling is not None:
            prepared.class_power, prepared.class_weights, prepared.class_bonus = scaling
    return prepared


def static_notes(cur, vq: ValidQuery, graph: Graph, anchor: dt.datetime, context: pa.Table):
    """(note, flatters) of a static class target's labelled `context`, as the class head's context says them
    (runtime.context.prepare): classes only rows ended by `anchor` hold (`ended.lost_classes_note`), and columns
    or child rows written with the outcome (`outcome_rows`, which reads the entities' own features: one more
    pass over the context, as the head's)."""
    labelled = context.filter(pc.is_valid(context.column(TARGET)))
    y = np.array(labelled.column(TARGET).to_pylist(), dtype=object)
    flatters = outcome_rows.note(vq, graph, featurise(cur, feature_query(vq, graph), labelled), y)
    said = [n for n in (ended.lost_classes_note(cur, vq, graph, anchor), flatters) if n]
    return " ".join(said) or None, flatters


def stratum_encoders(columns: dict, kinds: dict, y: np.ndarray, seen: np.ndarray):
    """(unseen, seen) encoders, each fitted on its own stratum's kept pairs, where both strata hold
    STRATUM_LABELS of each label; else None.

    One context over both strata learns what separates them (an owned item is likelier) and then reads an
    entity's owned items with the weights it learned for new ones: on a marketplace, among the sellers a buyer
    had used, the model's order followed the sellers' popularity (within-buyer rank correlation 0.85, against
    0.16 for the outcome) instead of the buyer's own history with each. A context per stratum learns each
    stratum's own order; its kept pairs are the same, so its rate is undone by the same odds ratio."""
    y, seen = np.asarray(y, dtype=bool), np.asarray(seen, dtype=bool)
    parts = [np.flatnonzero(seen == s) for s in (False, True)]
    if any(min(y[rows].sum(), (~y[rows]).sum()) < STRATUM_LABELS for rows in parts):
        return None
    return tuple(
        encode.fit(
            {k: v[rows] for k, v in columns.items()}, kinds, y[rows], TargetKind.CLASSIFICATION, classes=[False, True]
        )
        for rows in parts
    )


def cold_share(pairs: pa.Table) -> float:
    """The share of the context examples (entity, anchor) whose entity had no target before the anchor: no
    candidate of theirs is in its history. Their pairs differ by class only, so every such entity is predicted
    alike, the classes' shares, unless the pairs also read the entity's own features (`COLD_SHARE`)."""
    keys = pa.table({"e": pairs.column(ENTITY), "a": pairs.column(ANCHOR), "h": pairs.column(candidates.HIST_ALL)})
    seen = keys.group_by(["e", "a"]).aggregate([("h", "max")]).column("h_max").to_numpy(zero_copy_only=False)
    return float(np.mean(np.nan_to_num(seen) == 0)) if len(seen) else 0.0


def class_coverage(pairs: pa.Table, y: np.ndarray, classes: list) -> float:
    """Among the context examples whose candidate `pairs` are not every class (the only ones `ranking.class_total`
    applies it to), the share whose class is a candidate (`y`: each pair's label); 1.0 where there are none."""
    keys = list(zip(pairs.column(ENTITY).to_pylist(), pairs.column(ANCHOR).to_pylist(), strict=True))
    counts: dict = {}
    for key in keys:
        counts[key] = counts.get(key, 0) + 1
    partial = {key for key, n in counts.items() if n < len(classes)}
    if not partial:
        return 1.0
    covered = {key for key, positive in zip(keys, y, strict=True) if positive and key in partial}
    return len(covered) / len(partial)


def no_pairs_to_learn(vq: ValidQuery, context: pa.Table, anchor, positives: int, negatives: int) -> str:
    """Why a pair context has nothing to learn from, and what would help: every candidate right (the label
    never varies: one class, or every candidate linked), or none (the targets are new to their entities each
    time, so no candidate drawn from history, popularity or two hops is ever the one)."""
    head = (
        f"No context to learn from: the {context.num_rows} labelled examples before {anchor} give {positives} "
        f"candidates that were linked and {negatives} that were not; both are needed."
    )
    labels = context.column(TARGET).to_pylist()
    if vq.task_type is TaskType.MULTILABEL:  # a list of labels per example
        labels = [v for row in labels for v in (row or [])]
    classes = {str(v) for v in labels} if vq.task_type is not TaskType.LINK_PREDICTION else set()
    if negatives == 0 and len(classes) == 1:
        if vq.task_type is TaskType.MULTICLASS:  # no candidates to speak of: one class is all there is
            head = f"No context to learn from: every one of the {context.num_rows} labelled examples before {anchor}"
            head += " has the same class."
        return (
            f"{head} Every example's label is {classes.pop()}: with one class there is nothing to choose between "
            "(the answer is that class for everyone). Predict a target that varies, or widen the target filter."
        )
    if negatives == 0:
        return f"{head} Every candidate was linked: there is nothing to rank. Widen the target or its filter."
    return (
        f"{head} None of the targets linked in the window was among the candidates drawn for its entity (its own "
        "past targets, the most popular ones, those two hops away): they are new each time (e.g. rows created in "
        "the window). Rank a target that entities return to, or pass a later anchor_time for more history."
    )


def balanced_sample(y: np.ndarray, seen: np.ndarray, cap: int, seed: int) -> tuple[np.ndarray, tuple[float, float]]:
    """The kept pair indices (sorted) and the (unseen, seen) odds ratios: every positive up to half of `cap`,
    the rest negatives, up to `SEEN_SHARE` of them seen candidates (more when the unseen run short)."""
    rng = np.random.default_rng(seed)
    positives, negatives = np.flatnonzero(y), np.flatnonzero(~y)
    n_pos = min(len(positives), cap // 2)
    n_neg = min(len(negatives), cap - n_pos)
    strata = negatives[~seen[negatives]], negatives[seen[negatives]]
    n_seen = min(len(strata[1]), int(n_neg * SEEN_SHARE))
    n_unseen = min(len(strata[0]), n_neg - n_seen)
    n_seen = min(len(strata[1]), n_neg - n_unseen)
    parts = [rng.choice(positives, n_pos, replace=False)]
    parts += [rng.choice(stratum, n, replace=False) for stratum, n in zip(strata, (n_unseen, n_seen), strict=True)]
    positive_rate = n_pos / len(positives)  # true odds / kept odds = (negative keep rate) / (positive keep rate)
    ratios = tuple(
        n / len(stratum) / positive_rate if len(stratum) else 1.0
        for stratum, n in zip(strata, (n_unseen, n_seen), strict=True)
    )
    return np.sort(np.concatenate(parts)), (float(ratios[0]), float(ratios[1]))


def true_index(prepared: Prepared) -> int:
    """The 0-based position of P(linked) among the model's class probabilities."""
    return prepared.encoder.target.classes.index(True)


def score_pairs(model: Model, prepared: PairPrepared, pairs: pa.Table, hood=None) -> np.ndarray:
    """P(linked) of each pair row at its stratum's true rate (features as `featurise_pairs` returns them),
    chunk by chunk; `hood(rows)`: the neighbour inputs of a chunk's rows, for a hierarchical model."""
    kinds = prepared.features.kinds
    columns = encode.table_columns(pairs, list(kinds), kinds)
    chunk_hood = None if hood is None else (lambda start: hood(pairs.slice(start, CHUNK)))
    return score_columns(model, prepared, columns, pairs.column(CLASS).to_pylist(), chunk_hood)


def score_columns(model: Model, prepared: PairPrepared, columns: dict, classes: list, hood=None) -> np.ndarray:
    """`score_pairs` of pair rows given as feature `columns` (name -> numpy column) and each row's candidate
    (`classes`), as the Spark backend's executors hold them; `hood(start)`: the neighbour inputs of the chunk of
    rows from `start` (a hierarchical model: one context, rows in order)."""
    n = len(classes)
    out = np.zeros(n)
    for rows, encoder in prepared.encoders(columns, n):
        for start in range(0, len(rows), CHUNK):
            at = rows[start : start + CHUNK]
            episode = encoder.episode({k: v[at] for k, v in columns.items()})
            if hood is not None:
                episode = replace(episode, neighbours=hood(start))
            _, probs = score(model, episode)
            out[at] = probs[:, true_index(prepared)]
    rank = columns.get(candidates.HIST_COUNT_RANK)
    usual = None if rank is None else class_shares.usual(rank)
    return prepared.probability(out, seen_columns(columns, n), classes, usual)
