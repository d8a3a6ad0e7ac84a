"""Pair-scored targets end to end: which queries take this path, their prediction SQL, and their backtest.

Link prediction (`RANK TOP k`), multilabel (`CLASSIFY` of a LIST_DISTINCT), multiclass targets over a window
(`FIRST`/`LAST` of a column) and static multiclass targets whose context has more classes than the model's
slots are scored over (entity, candidate) pairs (`runtime.pairs`, `uses_pairs`).
Outputs, per entity and anchor:
- link prediction: ENTITY, ANCHOR_TIMESTAMP, CLASS, SCORE, RANK; the k best candidates, best first;
- multiclass: ENTITY, ANCHOR_TIMESTAMP, CLASS, SCORE (P(class): each class's P(linked), as `runtime.class_shares` weighs it
  where it does, normalised over the entity's classes where they are every class, else only down to the context's
  coverage, `class_total`), PREDICTED;
- multilabel: ENTITY, ANCHOR_TIMESTAMP, CLASS, SCORE (a probability), PREDICTED: the entity's labels that
  maximise its expected F-score under its SCOREs (`best_label_count`).
"""

from __future__ import annotations

import datetime as dt
import math
import warnings
from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from sqlglot import exp
from tqdm import tqdm

from rfm_sql.compile.candidates import CLASS, HIST_ALL, HIST_COUNT_RANK
from rfm_sql.compile.sqlutil import ANCHOR, ENTITY, TARGET, col, lit, table, time_of, to_sql
from rfm_sql.errors import NoExamplesError, RFMWarning
from rfm_sql.graph import Graph
from rfm_sql.pql import ast
from rfm_sql.pql.tasks import TaskType
from rfm_sql.pql.validate import ValidQuery
from rfm_sql.runtime import backtest_rows, class_spellings, neighbours
from rfm_sql.runtime import metrics as metriclib
from rfm_sql.runtime.backtest_notes import flattering
from rfm_sql.runtime.context import infer_call
from rfm_sql.runtime.evaluate import Evaluation, anchor_metrics, check_scored, finish, labelled_at, static_folds
from rfm_sql.runtime.handles import HandleCache
from rfm_sql.runtime.model import Model
from rfm_sql.runtime.options import RunOptions
from rfm_sql.runtime.pairs import PairPrepared, prepare_pairs, score_pairs, true_index
from rfm_sql.runtime.timestamps import step_back


def best_label_count(scores) -> int:
    """How many of an entity's labels, best first, to predict: the k that maximises the plug-in expected F-score
    2·(p1 + ... + pk) / (k + p1 + ... + pn) of its probabilities (Lipton et al. 2014; the best set of
    independent labels is always a top k). A fixed cut at 0.5 predicted 0.9 labels for users who play 13.6
    tracks a month (micro F-score 0.13; this rule 0.24) and most quiet users none at all; it reads each entity's own
    scores only, so no entity's labels depend on which others a call asks for."""
    p = np.sort(np.asarray(scores, dtype=np.float64))[::-1]
    if not len(p) or p[0] <= 0:  # nothing likely at all (a baseline's 0/1 scores): no label
        return 0
    k = int(np.argmax(2 * np.cumsum(p) / (np.arange(1, len(p) + 1) + p.sum()))) + 1
    return min(k, int((p > 0).sum()))


def uses_pairs(vq: ValidQuery) -> bool:
    """Whether `vq` is scored over candidate pairs: ranked, multilabel and multiclass targets. A class head reads
    one row per example and the classes as slots; a pair reads how well the entity fits each class, from the
    entity's own history with it (a target over a window: on random databases the model never saw, pairs
    predicted better on 17 of 30 such tasks and worse on 7, benchmarks/UNSEEN.md) or, for a static target, from
    the labelled entities like it (compile.class_pairs: the static suite's 36 class tasks 23 better, 12 worse
    than by the head, benchmarks/STATIC.md), and a class beyond the model's slots is one more candidate."""
    return vq.task_type in (TaskType.LINK_PREDICTION, TaskType.MULTILABEL, TaskType.MULTICLASS)


def top_k(vq: ValidQuery) -> int:
    task = vq.query.task
    return task.k if isinstance(task, ast.Rank) else 1


def warn_short(vq: ValidQuery, table: pa.Table) -> None:
    """An RFMWarning when a RANK TOP k returned fewer than k rows for some entity: only targets linked before
    the anchor are candidates, and the data has fewer than k of them for it."""
    if vq.task_type is not TaskType.LINK_PREDICTION or not table.num_rows:
        return
    k = top_k(vq)
    rows = table.group_by(ENTITY).aggregate([([], "count_all")]).column("count_all")
    if (short := pc.sum(pc.less(rows, k)).as_py()) > 0:
        warnings.warn(
            f"RANK TOP {k} returned fewer than {k} items for {short} of {len(rows)} entities (at least "
            f"{pc.min(rows).as_py()}): only targets linked before the anchor are candidates, and there are not {k} "
            "of them. Ask for fewer.",
            RFMWarning,
            stacklevel=3,
        )


# -- predictions as SQL -------------------------------------------------------------------------------------
def compile_pairs(
    cur,
    vq: ValidQuery,
    graph: Graph,
    anchor: dt.datetime,
    options: RunOptions,
    model: Model,
    handles: HandleCache,
    infer_function: str,
    seed: exp.Select,
    request: tuple,
    warning: str | None = None,
) -> str:
    """The prediction SQL of a pair-scored query (the context prepared once per request and cached)."""
    handle = handles.lookup(request)
    if handle is None:
        handle = handles.put(request, prepare_pairs(cur, vq, graph, anchor, options, model=model), model)
    prepared = handles.get(handle).prepared
    if model.neighbours:  # fitted here, once, not by the UDF's concurrent calls
        neighbours.fit_context(cur, graph, prepared)
    if prepared.note is not None:  # the context's own warning (a static target's: runtime.pairs.static_notes)
        warnings.warn(prepared.note, RFMWarning, stacklevel=3)
        warning = prepared.note if warning is None else f"{warning} {prepared.note}"
    return output_sql(infer_function, handle, prepared, seed, warning, model.neighbours)


def output_sql(
    infer_function: str, handle: str, prepared: PairPrepared, seed: exp.Select, warning=None, with_neighbours=False
) -> str:
    features = prepared.features.features
    call = infer_call(infer_function, handle, prepared, with_neighbours)
    rows = prepared.features.over(seed).subquery("features")
    probs = exp.Dot.build([col("r"), exp.to_identifier("probs")])
    raw = exp.Bracket(this=probs, expressions=[exp.Literal.number(true_index(prepared) + 1)], offset=1)
    # the balanced score back to P(linked) at the true rate of the pair's stratum (PairPrepared.probability)
    unseen, seen = (lit(float(r)) for r in prepared.odds_ratios)
    ratio = unseen
    if any(f.name == HIST_ALL for f in features):
        is_seen = exp.GT(this=exp.func("COALESCE", col(HIST_ALL), exp.Literal.number(0)), expression=lit(0))
        ratio = exp.Case(ifs=[exp.If(this=is_seen, true=seen)], default=unseen)
    if prepared.class_factors:  # a class target's own factor per class (runtime.stratum_calibration)
        ratio = exp.Mul(this=exp.paren(ratio, copy=False), expression=per_class(prepared.class_factors))
    clipped = exp.func("LEAST", exp.func("GREATEST", raw, lit(1e-9)), lit(1 - 1e-9))
    p = exp.Div(
        this=exp.Mul(this=clipped, expression=col("ratio")),
        expression=exp.paren(
            exp.Add(
                this=exp.Mul(this=clipped.copy(), expression=col("ratio")),
                expression=exp.Sub(this=exp.Literal.number(1), expression=clipped.copy()),
            )
        ),
    )
    if prepared.class_weights:  # how the classes are compared (runtime.class_shares)
        power = exp.Pow(this=exp.paren(p, copy=False), expression=lit(float(prepared.class_power)))
        p = exp.Mul(this=power, expression=per_class(prepared.class_weights))
    inner = exp.select(col(ENTITY), col(ANCHOR), col(CLASS), call.as_("r"), ratio.as_("ratio"))
    if prepared.class_bonus and any(f.name == HIST_COUNT_RANK for f in features):  # the entity's usual class
        usual = exp.EQ(this=exp.func("COALESCE", col(HIST_COUNT_RANK), exp.Literal.number(0)), expression=lit(1))
        bonus = exp.Case(ifs=[exp.If(this=usual, true=lit(math.exp(prepared.class_bonus)))], default=lit(1.0))
        inner = inner.select(bonus.as_("bonus"))
        p = exp.Mul(this=p, expression=col("bonus"))
    scored = exp.select(col(ENTITY), col(ANCHOR), col(CLASS), p.as_("p")).from_(inner.from_(rows).subquery("s"))
    return pair_output(scored, prepared, warning).sql("duckdb")


def per_class(values: dict) -> exp.Expression:
    """CASE over the pair's class as text: its value in `values`, else 1.0."""
    text = exp.cast(col(CLASS), "VARCHAR")
    ifs = [exp.If(this=exp.EQ(this=text.copy(), expression=lit(c)), true=lit(float(v))) for c, v in values.items()]
    return exp.Case(ifs=ifs, default=lit(1.0))


def pair_output(scored: exp.Select, prepared: PairPrepared, warning: str | None = None) -> exp.Select:
    """The output rows of a pair-scored query from its scored pairs (`scored`: ENTITY, ANCHOR_TIMESTAMP, CLASS
    and p, P(linked) at the true rate): the top k (link prediction), each class's SCORE and the PREDICTED one
    (multiclass), the labels predicted (multilabel); every engine's, as SQL (the Spark backend's too)."""
    per_entity = [col(ENTITY), col(ANCHOR)]
    rank = exp.Window(
        this=exp.RowNumber(),
        partition_by=per_entity,
        order=exp.Order(expressions=[exp.Ordered(this=col("p"), desc=True), exp.Ordered(this=col(CLASS))]),
    )
    kind = prepared.vq.task_type
    ranked = exp.select(col(ENTITY), col(ANCHOR), col(CLASS), col("p"), rank.as_("rnk")).from_(scored.subquery("q"))
    if kind is TaskType.LINK_PREDICTION:
        out = exp.select(
            col(ENTITY),
            col(ANCHOR),
            col(CLASS),
            col("p").as_("SCORE", quoted=True),
            col("rnk").as_("RANK", quoted=True),
        ).where(exp.LTE(this=col("rnk"), expression=exp.Literal.number(top_k(prepared.vq))))
        order = [col(ANCHOR), col(ENTITY), col("RANK")]
    elif kind is TaskType.MULTICLASS:
        total = exp.Window(this=exp.Sum(this=col("p")), partition_by=[c.copy() for c in per_entity])
        out = exp.select(
            col(ENTITY),
            col(ANCHOR),
            col(CLASS),
            exp.Div(this=col("p"), expression=class_total(total, per_entity, prepared)).as_("SCORE", quoted=True),
            exp.EQ(this=col("rnk"), expression=exp.Literal.number(1)).as_("PREDICTED", quoted=True),
        )
        order = [col(ANCHOR), col(ENTITY), col(CLASS)]
    else:  # multilabel: the entity's top k by the expected F-score of `best_label_count`, in SQL
        ranked = best_count_ranked(ranked, per_entity)
        out = exp.select(col(ENTITY), col(ANCHOR), col(CLASS), col("p").as_("SCORE", quoted=True)).select(
            exp.and_(
                exp.LTE(this=col("rnk"), expression=col("k_best")), exp.GT(this=col("p"), expression=lit(0.0))
            ).as_("PREDICTED", quoted=True)
        )
        order = [col(ANCHOR), col(ENTITY), col(CLASS)]
    if warning is not None:
        out = out.select(lit(warning).as_("WARNING", quoted=True))
    return out.from_(ranked.subquery("k")).order_by(*order)


def class_total(total: exp.Expression, per_entity: list, prepared: PairPrepared) -> exp.Expression:
    """What an entity's class scores are divided by: their sum where every class of the context is its
    candidate (the classes are exhaustive), else the sum only where it passes the context's coverage (the share
    of its examples whose class was among their candidates). With hundreds of classes the true one was among the
    candidates 31% of the time, and scaling the candidates up to 1 made the top score 0.12 for an accuracy of
    0.064 (a music audit's next track; 0.072 this way); capped at 1, a demo shop's 200 items (the class among
    the candidates for 78% of users) summed to 1.08 on average."""
    rows = exp.Window(this=exp.Count(this=exp.Star()), partition_by=[c.copy() for c in per_entity])
    every = exp.GTE(this=rows, expression=exp.Literal.number(len(prepared.classes or ()) or 1))
    scaled = exp.Div(this=total.copy(), expression=lit(max(prepared.coverage, 1e-9)))
    return exp.Case(ifs=[exp.If(this=every, true=total)], default=exp.func("GREATEST", scaled, lit(1.0)))


def best_count_ranked(ranked: exp.Select, per_entity: list) -> exp.Select:
    """`ranked` (ENTITY, ANCHOR_TIMESTAMP, CLASS, p, rnk) with k_best, `best_label_count`'s k for each entity."""

    def over(this, order: bool = False):
        spec = {"partition_by": [c.copy() for c in per_entity]}
        if order:
            spec["order"] = exp.Order(expressions=[exp.Ordered(this=col("rnk"))])
        return exp.Window(this=this, **spec)

    names = [col(n) for n in (ENTITY, ANCHOR, CLASS, "p", "rnk")]
    # a running sum over rnk (distinct per entity): RANGE's default frame reads exactly the rows up to this one
    sums = exp.select(
        *names, over(exp.Sum(this=col("p")), order=True).as_("cum"), over(exp.Sum(this=col("p"))).as_("tot")
    )
    fscore = exp.Div(
        this=exp.Mul(this=lit(2.0), expression=col("cum")),
        expression=exp.paren(exp.Add(this=col("rnk"), expression=col("tot"))),
    )
    scored = exp.select(*[c.copy() for c in names], fscore.as_("fscore")).from_(
        sums.from_(ranked.subquery("r")).subquery("c")
    )
    best = exp.select(*[c.copy() for c in names], col("fscore"), over(exp.Max(this=col("fscore"))).as_("fscore_max"))
    first = exp.Case(ifs=[exp.If(this=exp.GTE(this=col("fscore"), expression=col("fscore_max")), true=col("rnk"))])
    return exp.select(*[c.copy() for c in names], over(exp.Min(this=first)).as_("k_best")).from_(
        best.from_(scored.subquery("f")).subquery("b")
    )


# -- backtests ----------------------------------------------------------------------------------------------
@dataclass
class PairAnchorResult:
    """One anchor of a pair backtest: the context, the query entities' truth, their candidate pairs (with
    features) and the model's P(linked) per pair."""

    anchor: dt.datetime
    prepared: PairPrepared
    query: pa.Table  # ENTITY, ANCHOR_TIMESTAMP, TARGET (the truth)
    pairs: pa.Table  # ENTITY, ANCHOR_TIMESTAMP, CLASS, features
    scores: np.ndarray  # P(linked) per pair at its stratum's true rate (`PairPrepared.probability`)
    # a FIRST target's label one horizon back per entity: the "last label" baseline (bench_ranking), where the class
    # of the entity's latest row is not it (a commuter's last tap is at work, next week's first at home)
    previous: dict | None = None

    def rows(self, task_type: TaskType) -> pa.Table:
        """Each query row's predicted class or list beside its truth (`runtime.backtest_rows`)."""
        truth, points = truth_and_points(self.prepared.vq, self.query, self.pairs, self.scores)
        return backtest_rows.pair_rows(self.query, truth, points)

    def __repr__(self) -> str:  # the context and pairs would print as megabytes
        return f"PairAnchorResult(anchor={self.anchor!r}, rows={self.query.num_rows}, pairs={self.pairs.num_rows})"


def _first(vq: ValidQuery) -> bool:
    """Whether `vq` asks for the class of the first row of a window (FIRST): its last label is not its latest row's."""
    return not vq.static and isinstance(vq.query.target, ast.Aggregation) and vq.query.target.func == "FIRST"


def _previous(cur, vq: ValidQuery, graph: Graph, anchor: dt.datetime) -> dict:
    """{entity: its label at the anchor one horizon before `anchor`} (its window ends at `anchor`: known then)."""
    rows = labelled_at(cur, vq, graph, [step_back(anchor, vq.horizon, 1)])
    return dict(zip(rows.column(ENTITY).to_pylist(), rows.column(TARGET).to_pylist(), strict=True))


def evaluate_pairs(
    cur, vq: ValidQuery, graph: Graph, model: Model, truth: pa.Table, options: RunOptions, metrics=None, progress=False
) -> Evaluation:
    """`runtime.evaluate.evaluate` for pair-scored targets: one context per anchor, the same metrics."""
    chosen = metriclib.resolve(metrics, vq.task_type)
    anchors = sorted(set(truth.column(ANCHOR).to_pylist()))
    results = []
    for anchor in tqdm(anchors, desc="anchors", unit="anchor", leave=False, disable=not progress or len(anchors) < 2):
        rows = truth.filter(pc.equal(truth.column(ANCHOR), pa.scalar(anchor, truth.schema.field(ANCHOR).type)))
        try:  # a static target in folds, each against a context without its own entities (as in evaluate)
            for part, exclude in static_folds(rows, vq.static, options.seed):
                prepared = prepare_pairs(cur, vq, graph, anchor, options, exclude, query=part, model=model)
                pairs = prepared.query_pairs
                hood = None
                if model.neighbours:

                    def hood(rows, prepared=prepared):
                        return neighbours.query_inputs(cur, graph, prepared, rows.select([ENTITY, ANCHOR]))

                scores = score_pairs(model, prepared, pairs, hood)
                previous = _previous(cur, vq, graph, anchor) if _first(vq) else None
                results.append(PairAnchorResult(anchor, prepared, part, pairs, scores, previous))
        except NoExamplesError:
            if len(anchors) == 1:
                raise
            continue
    check_scored(results, anchors, truth=truth)
    y_true, points, at = [], [], {}
    for r in results:
        t, p = truth_and_points(vq, r.query, r.pairs, r.scores)
        y_true += t
        points += p
        anchor_true, _, anchor_points = at.setdefault(r.anchor, ([], [], []))
        anchor_true += t
        anchor_points += p
    values = metriclib.compute(chosen, y_true, [], points)
    context_size = max(r.prepared.pairs.num_rows for r in results)
    evaluation = finish(vq.task_type, results, values, y_true, context_size, plot_data(vq, y_true, points))
    spelt = class_spellings.note(cur, vq, graph)  # a class target spelt several ways
    evaluation.warnings[:0] = flattering(results, [spelt] if spelt else [])
    if (unreachable := unreachable_note(cur, vq, graph, results)) is not None:
        warnings.warn(unreachable, RFMWarning, stacklevel=3)
        evaluation.warnings.append(unreachable)
    if len(at) > 1:  # each anchor's own metrics, as a row-scored backtest gives them
        evaluation.per_anchor = anchor_metrics(chosen, dict(sorted(at.items())))
    return evaluation


def plot_data(vq: ValidQuery, y_true: list, points: list) -> dict:
    """`Evaluation.plot_data` of a pair backtest: precision/recall at k (link prediction), per-label precision
    and recall (multilabel), a confusion matrix (multiclass)."""
    return {"task_type": vq.task_type.value, "y_true": y_true, "pred": points}


def truth_and_points(vq: ValidQuery, query: pa.Table, pairs: pa.Table, scores) -> tuple[list, list]:
    """(truth, prediction) per query row from per-pair scores: the top-k list (padded with None to k) for link
    prediction, the best class for multiclass, the top `best_label_count` labels for multilabel."""
    by_entity: dict = {}
    keys = zip(
        pairs.column(ENTITY).to_pylist(), pairs.column(ANCHOR).to_pylist(), pairs.column(CLASS).to_pylist(), strict=True
    )
    for (e, t, c), s in zip(keys, np.asarray(scores, dtype=np.float64), strict=True):
        by_entity.setdefault((e, t), []).append((-s, str(c), c))
    k = top_k(vq)
    truth, points = [], []
    for e, t, y in zip(*(query.column(n).to_pylist() for n in (ENTITY, ANCHOR, TARGET)), strict=True):
        scored = sorted(by_entity.get((e, t), []))  # best first, ties by the class's text
        ranked = [c for _, _, c in scored]
        if vq.task_type is TaskType.LINK_PREDICTION:
            truth.append(list(y or []))
            points.append(ranked[:k] + [None] * (k - len(ranked[:k])))
        elif vq.task_type is TaskType.MULTICLASS:
            truth.append(y)
            points.append(ranked[0] if ranked else None)
        else:
            truth.append(list(y or []))
            points.append(ranked[: best_label_count([-s for s, _, _ in scored])])
    return truth, points


NEW_SHARE = 0.5  # of a ranked backtest's labelled items first seen after their anchor, before it says so


def unreachable_note(cur, vq: ValidQuery, graph: Graph, results: list) -> str | None:
    """A note where NEW_SHARE or more of a ranked or multilabel backtest's labelled items first appear in the target's
    table after their anchor: a candidate is a target linked before it, so no model can rank them (a school trial's
    next sections, all of a term not begun at the anchor: MAP 0.0 with no word)."""
    target = vq.query.target
    if vq.task_type not in (TaskType.LINK_PREDICTION, TaskType.MULTILABEL) or not isinstance(target, ast.Aggregation):
        return None
    fact = graph.table(target.column.table)
    if fact.time_column is None:
        return None
    labelled = [
        (t, v)
        for r in results
        for t, y in zip(*(r.query.column(n).to_pylist() for n in (ANCHOR, TARGET)), strict=True)
        for v in y or []
    ]
    if not labelled:
        return None
    value = col(target.column.column, "f")
    first = exp.select(value.as_("v"), exp.Min(this=time_of(fact, fact.time_column, "f")).as_("t"))
    first = first.from_(table(fact.name, "f")).where(exp.not_(value.copy().is_(exp.null()))).group_by(value.copy())
    where, linked = fact.name, "a candidate is a target linked before it"
    parents = [lk.parent for lk in graph.parents(fact.name) if lk.fkey == target.column.column]
    dest = graph.table(parents[0]) if parents and vq.task_type is TaskType.LINK_PREDICTION else None
    if dest is not None and (start := dest.written_by or dest.time_column) and dest.primary_key:  # compile.new_source
        first = exp.select(col(dest.primary_key, "f").as_("v"), time_of(dest, start, "f").as_("t"))
        first = first.from_(table(dest.name, "f"))
        where, linked = dest.name, "a candidate is a row there before it"
    seen = {str(v): t for v, t in cur.sql(to_sql(first)).fetchall()}
    new = sum(1 for t, v in labelled if seen.get(str(v)) is None or seen[str(v)] > t)
    if new < NEW_SHARE * len(labelled):
        return None
    return (
        f"{new:,} of the {len(labelled):,} items labelled in this backtest ({new / len(labelled):.0%}) first appear in "
        f"{where} after their anchor: {linked}, so those cannot be ranked, "
        "whatever the model, and bound the metrics. Backtest at anchors where the items were already there."
    )
