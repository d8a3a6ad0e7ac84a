"""Backtests: predict the labelled examples at past anchors from history before them, and score the result.

`evaluate` is the one evaluation path: Python's `rfm.evaluate`, SQL's `rfm_evaluate`, PQL's `EVALUATE`
prefix and `rfm-sql bench` all call it and get an `Evaluation`. Its per-anchor results keep the context rows
and features the model saw, so the benchmark can score baselines on exactly the same examples.
"""

from __future__ import annotations

import datetime as dt
import textwrap
import warnings
from dataclasses import dataclass, field

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from sqlglot import exp
from tqdm import tqdm

from rfm_sql import plots
from rfm_sql.compile import labels as label_compiler
from rfm_sql.compile.sqlutil import ANCHOR, ENTITY, TARGET, lit, to_sql
from rfm_sql.errors import NoExamplesError, RFMWarning, UserError
from rfm_sql.graph import Graph
from rfm_sql.pql.tasks import TaskType
from rfm_sql.pql.validate import ValidQuery
from rfm_sql.runtime import anchors as anchor_times
from rfm_sql.runtime import backtest_rows, budget, empty_windows, neighbours, undated_rows
from rfm_sql.runtime import metrics as metriclib
from rfm_sql.runtime.backtest_notes import backtest_notes, flattering, kept_and_warned, off_rate, pooled_apart
from rfm_sql.runtime.context import Prepared, check_predictable, feature_query, prepare
from rfm_sql.runtime.encode import Episode
from rfm_sql.runtime.listed import check_listed
from rfm_sql.runtime.model import Model, score_chunked
from rfm_sql.runtime.options import RunOptions
from rfm_sql.runtime.task_table import finite_labels, task_table_truth


@dataclass
class AnchorResult:
    """One anchor of a backtest: the context, the query rows with their truth, and the model's output."""

    anchor: dt.datetime
    prepared: Prepared
    episode: Episode
    query: pa.Table  # ENTITY, ANCHOR_TIMESTAMP, TARGET (the truth)
    query_columns: dict  # raw feature columns of the query rows
    pred: np.ndarray  # decoded prediction (regression) or 1-based class index
    probs: np.ndarray  # class probabilities (classification)

    def rows(self, task_type: TaskType) -> pa.Table:
        """Each query row's prediction beside its truth (`runtime.backtest_rows`)."""
        _, scores, points = truth_and_scores(task_type, [self])
        return backtest_rows.point_rows(self.query, points, scores if task_type is TaskType.BINARY else None)

    def __repr__(self) -> str:  # the context, features and SQL would print as megabytes (a trial's `results`)
        return f"AnchorResult(anchor={self.anchor!r}, rows={self.query.num_rows}, context={len(self.episode.y_ctx)})"


@dataclass
class Evaluation:
    """A backtest's result: the metrics, what they were computed on, and the per-anchor detail. A metric the
    examples cannot define (AUROC when every label is the same) is left out of `metrics`, with the reason in
    `undefined`: no metric is ever NaN."""

    task_type: TaskType
    metrics: dict[str, float]
    undefined: dict[str, str]
    n: int
    anchors: int
    first_anchor: dt.datetime | None
    last_anchor: dt.datetime | None
    context_size: int
    results: list[AnchorResult] = field(default_factory=list, repr=False)
    # the labelled examples there were, when a default backtest scored a seeded sample of them (`sample`)
    sampled_from: int | None = None
    # what `draw` passes to plots.plot_evaluation where the backtest is not one row per example and class
    # probabilities (pair-scored, forecast backtests): its keyword arguments and the plot's kind
    plot_data: dict | None = field(default=None, repr=False)
    # the examples a metric was computed on where that is not `n` (a forecast's per-step metrics: one step's rows)
    counts: dict[str, int] = field(default_factory=dict)
    # {baseline: {metric: value}} on the same rows and context (rfm_sql.baselines: what a metric means here)
    baselines: dict[str, dict[str, float]] = field(default_factory=dict)
    # why the metrics read better than predictions will (a context's `flatters`: runtime.outcome_rows), each once
    warnings: list[str] = field(default_factory=list)
    # {anchor: {metric: value}} where a row-scored backtest has several anchors: a pooled metric can hide a drift
    per_anchor: dict[str, dict[str, float]] = field(default_factory=dict)

    def warned(self, note: str | None) -> Evaluation:
        self.warnings = [note, *self.warnings] if note else self.warnings
        return self

    def to_dict(self) -> dict:
        """The metrics and their provenance as one flat dict (what the CLI prints)."""
        return {
            **self.metrics,
            **({"undefined": self.undefined} if self.undefined else {}),
            "n": self.n,
            **({"n_per_metric": dict(self.counts)} if self.counts else {}),
            "anchors": self.anchors,
            "first_anchor": self.first_anchor,
            "last_anchor": self.last_anchor,
            "context_size": self.context_size,
            **({"sampled_from": self.sampled_from} if self.sampled_from is not None else {}),
            **({"baselines": self.baselines} if self.baselines else {}),
            **({"warnings": self.warnings} if self.warnings else {}),
            **({"per_anchor": self.per_anchor} if self.per_anchor else {}),
        }

    def to_sql(self) -> str:
        """A SELECT returning (metric VARCHAR, value DOUBLE, n BIGINT, ANCHOR_TIMESTAMP TIMESTAMP, note VARCHAR,
        baselines VARCHAR) rows: the result of `rfm_evaluate` and of the EVALUATE prefix. An undefined metric has
        a NULL value and its reason in `note`; `baselines` reads e.g. "entity_mean 0.7913, global 0.5000"."""
        said = [f"a seeded sample of {self.n} of the {self.sampled_from} labelled examples"] * (
            self.sampled_from is not None
        )
        note = lit(" ".join(said + self.warnings)) if said or self.warnings else exp.null()

        def beside(metric: str) -> exp.Expression:
            said = [f"{name} {values[metric]:.4f}" for name, values in self.baselines.items() if metric in values]
            return lit(", ".join(said)) if said else exp.null()

        rows = [
            (lit(k), lit(float(v)), lit(self.counts.get(k, self.n)), note.copy(), beside(k))
            for k, v in self.metrics.items()
        ]
        rows += [
            (lit(k), exp.null(), lit(self.counts.get(k, self.n)), lit(why), exp.null())
            for k, why in self.undefined.items()
        ]
        select = exp.select(
            exp.cast(exp.column("metric"), "VARCHAR").as_("metric"),
            exp.cast(exp.column("value"), "DOUBLE").as_("value"),
            exp.cast(exp.column("n"), "BIGINT").as_("n"),
            exp.cast(lit(self.last_anchor), "TIMESTAMP").as_(ANCHOR, quoted=True),
            exp.cast(exp.column("note"), "VARCHAR").as_("note"),
            exp.cast(exp.column("baselines"), "VARCHAR").as_("baselines"),
        )
        columns = ["metric", "value", "n", "note", "baselines"]
        return select.from_(exp.values(rows, alias="m", columns=columns)).sql("duckdb")

    def draw(self, path, title: str | None = None):
        """The backtest's picture (rfm_sql.plots), e.g. ROC and calibration for a binary task."""
        title = textwrap.fill(title, 100) if title else None
        if self.plot_data is not None:
            data = dict(self.plot_data)
            return plots.plot_evaluation(path, data.pop("task_type", self.task_type.value), title=title, **data)
        y_true, scores, points = self.truth_and_scores()
        return plots.plot_evaluation(path, self.task_type.value, y_true, scores, points, title=title)

    def predictions(self) -> pa.Table:
        """Each example's prediction beside its truth (`runtime.backtest_rows`): ENTITY, ANCHOR_TIMESTAMP, TARGET,
        TARGET_PRED (and True_PROB for a binary target, FORECAST_STEP for a forecast)."""
        return backtest_rows.concat([r.rows(self.task_type) for r in self.results])

    def truth_and_scores(self) -> tuple[list, list, list]:
        """(y_true, P(true) for binary tasks, point predictions) over every anchor, in order."""
        return truth_and_scores(self.task_type, self.results)


def truth_and_scores(task_type: TaskType, results: list[AnchorResult]) -> tuple[list, list, list]:
    """(y_true, P(true) for binary tasks, point predictions) of per-anchor results, in order."""
    y_true, scores, points = [], [], []
    for r in results:
        truth = r.query.column(TARGET).to_pylist()
        y_true += truth
        if task_type in (TaskType.REGRESSION, TaskType.FORECASTING):
            scores += list(r.pred)
            points += list(r.pred)
            continue
        classes = r.episode.target.classes
        if task_type is TaskType.BINARY:
            true_index = classes.index(True) if True in classes else None
            scores += list(r.probs[:, true_index]) if true_index is not None else [0.0] * len(truth)
        points += [classes[int(i) - 1] for i in r.pred]
    return y_true, scores, points


def evaluate(
    cur,
    vq: ValidQuery,
    graph: Graph,
    model: Model,
    truth: pa.Table,
    options: RunOptions,
    metrics=None,
    progress: bool = False,
) -> Evaluation:
    """Backtest `vq` on the ENTITY, ANCHOR_TIMESTAMP, TARGET rows of `truth` (one context per distinct anchor)
    and compute `metrics` (default: the task type's)."""
    check_predictable(vq)
    budget.check_context(cur, options)  # before any work
    chosen = metriclib.resolve(metrics, vq.task_type)
    truth = finite_labels(truth)
    anchors = sorted(set(truth.column(ANCHOR).to_pylist()))
    features = feature_query(vq, graph)  # the same SQL at every anchor: built once
    results = []
    bar = tqdm(total=len(anchors), desc="anchors", unit="anchor", leave=False, disable=not progress or len(anchors) < 2)
    for anchor in anchors:
        rows = truth.filter(pc.equal(truth.column(ANCHOR), pa.scalar(anchor, truth.schema.field(ANCHOR).type)))
        try:
            for part, exclude in static_folds(rows, vq.static, options.seed):
                prepared = prepare(cur, vq, graph, anchor, options, exclude, model=model, features=features, query=part)
                columns = prepared.query_columns
                episode = prepared.encoder.episode(columns)
                if model.neighbours:
                    episode = neighbours.episode_with_neighbours(cur, graph, prepared, episode, part)
                chunks = budget.plan_chunks(cur, len(episode.x_ctx), features=int(episode.fmask.sum()))
                pred, probs = score_chunked(model, episode, *chunks)
                results.append(AnchorResult(anchor, prepared, episode, part, columns, pred, probs))
        except NoExamplesError:
            if len(anchors) == 1:
                raise
            continue  # an early anchor without history: not scored (reported in `anchors`)
        bar.update(1)
    bar.close()
    check_scored(results, anchors, truth=truth)
    y_true, scores, points = truth_and_scores(vq.task_type, results)
    context_size = max(r.prepared.context.num_rows for r in results)
    evaluation = finish(vq.task_type, results, metriclib.compute(chosen, y_true, scores, points), y_true, context_size)
    suspects = [s for r in results for s in r.prepared.running]
    stale = [c for r in results for c in r.prepared.stale]
    evaluation.per_anchor = per_anchor(vq.task_type, results, chosen)
    off = [off_rate(y_true, scores), pooled_apart(evaluation.metrics, evaluation.per_anchor)]
    off = [n for n in off if n and vq.task_type is TaskType.BINARY]
    said = list(dict.fromkeys(r.prepared.labels for r in results if r.prepared.labels))  # what contexts' labels say
    evaluation.warnings[:0] = flattering(results, said + backtest_notes(cur, vq, graph, suspects, stale) + off)
    return evaluation


def per_anchor(task_type: TaskType, results: list, chosen) -> dict[str, dict[str, float]]:
    """The metrics at each anchor of several (a marketplace trial's `rfm-sql evaluate` with three --anchor-time read
    one pooled AUROC)."""
    at = sorted({r.anchor for r in results})
    scored = {a: truth_and_scores(task_type, [r for r in results if r.anchor == a]) for a in at}
    return anchor_metrics(chosen, scored) if len(at) > 1 else {}


def anchor_metrics(chosen, scored: dict) -> dict[str, dict[str, float]]:
    """{anchor: {metric: value}} from {anchor: (y_true, scores, points)}; a metric an anchor's examples leave
    undefined (one label only) is left out there, with a warning (a dealership trial's recall visits, no positive
    at one of three anchors: its AUROC was missing from per_anchor without a word, and the pooled one mixed rates
    of 0.4%, 0% and 2.9%)."""
    out, undefined = {}, []
    for anchor, (y_true, scores, points) in scored.items():
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore")
            values = metriclib.compute(chosen, y_true, scores, points)
        out[str(anchor)] = {k: v for k, v in values.items() if np.isfinite(v)}
        if missing := [k for k, v in values.items() if not np.isfinite(v)]:
            labels = sorted({str(v) for v in y_true})
            undefined.append(
                f"{anchor} ({', '.join(missing)}: every label {labels[0]})"
                if len(labels) == 1
                else f"{anchor} ({', '.join(missing)})"
            )
    if undefined:
        warnings.warn(
            f"Undefined at {'; '.join(undefined)}, so left out of per_anchor there; the pooled metric mixes the "
            "anchors' rates.",
            RFMWarning,
            stacklevel=4,
        )
    return out


def check_scored(
    results: list, anchors: list, hint: str = "has history to learn from. Evaluate at later anchors.", truth=None
) -> None:
    """Refuse a backtest none of whose anchors could be scored (each lacked history); warn of `truth`'s at the rest."""
    if not results:
        raise NoExamplesError(f"None of the {len(anchors)} anchors from {anchors[0]} to {anchors[-1]} {hint}")
    if truth is not None and (skipped := sorted(set(anchors) - {r.anchor for r in results})):
        rows = sum(map(set(skipped).__contains__, truth.column(ANCHOR).to_pylist()))
        message = f"{rows} of the {truth.num_rows} rows are not scored: their {len(skipped)} anchors ({skipped[0]} to "
        warnings.warn(message + f"{skipped[-1]}) have no history before them to learn from.", RFMWarning, stacklevel=4)


FEW_OF_A_CLASS = 10  # fewer positives (or negatives) than this in a binary backtest: its AUROC is noisy
FEW = 100  # fewer examples than this in a multiclass backtest: its accuracy is noisy


def finish(task_type: TaskType, results: list, values: dict, y_true: list, context_size: int, plot_data=None):
    """The `Evaluation` of scored per-anchor `results` (each with `.anchor`): the metric `values` that are
    numbers, and for the others (undefined on these examples) the reason, with a warning: never a NaN."""
    evaluation = Evaluation(
        task_type=task_type,
        metrics={},
        undefined={},
        n=len(y_true),
        anchors=len({r.anchor for r in results}),
        first_anchor=min((r.anchor for r in results), default=None),
        last_anchor=max((r.anchor for r in results), default=None),
        context_size=context_size,
        results=results,
        plot_data=plot_data,
    )
    for name, value in values.items():
        if np.isfinite(value):
            evaluation.metrics[name] = value
            continue
        distinct = sorted({str(v) for v in y_true})
        evaluation.undefined[name] = f"{name} is undefined on these {len(y_true)} examples" + (
            f": every label is {distinct[0]}" if len(distinct) == 1 else ""
        )
        kept_and_warned(evaluation, evaluation.undefined[name] + "; it is left out of the metrics.")
    if task_type is TaskType.BINARY and "auroc" in evaluation.metrics:
        few = min(sum(bool(v) for v in y_true), sum(not bool(v) for v in y_true))
        if few < FEW_OF_A_CLASS:  # 2 positives of 160 gave an AUROC of 0.97 with nothing to say how loose it is
            kept_and_warned(
                evaluation,
                f"The AUROC rests on {few} {'positive' if sum(bool(v) for v in y_true) == few else 'negative'} "
                f"example{'s' if few != 1 else ''} of {len(y_true):,}: with so few it moves a lot by chance alone. "
                "Backtest at several anchors (anchor_time=[...]) or over a longer window for a firmer number.",
            )
    if task_type is TaskType.MULTICLASS and (a := evaluation.metrics.get("accuracy")) is not None and len(y_true) < FEW:
        kept_and_warned(  # a trial's review verdicts: 37 examples, an accuracy equal to every baseline's, no word
            evaluation,
            f"The accuracy {a:.3f} rests on {len(y_true)} examples: by chance alone it moves by about "
            f"{np.sqrt(max(a * (1 - a), 0.01) / len(y_true)):.2f} (one standard error). Backtest at several anchors "
            "(anchor_time=[...]) or over a longer window for a firmer number.",
        )
    same = {str(v) for v in y_true} if task_type in (TaskType.REGRESSION, TaskType.FORECASTING) else ()
    if len(same) == 1 and len(y_true) >= 10:  # an error of 0 everywhere reads as a perfect model (a handful: chance)
        kept_and_warned(
            evaluation,
            f"Every one of the {len(y_true):,} scored labels is {same.pop()}: the errors only say how far the "
            "predictions stray from that one value, not how well they tell examples apart. Check the target's "
            "condition (a filter that matches no row gives this), or backtest at an anchor where it varies.",
        )
    return evaluation


def backtest_truth(cur, vq: ValidQuery, graph: Graph, anchor_time=None, task_table=None) -> pa.Table:
    """The labelled rows a backtest scores: a task table's (its labels, or the data's where they must be
    observed), else the examples at `anchor_time` (default: one horizon before the data ends), refused when
    their label windows run past the data."""
    if task_table is not None and anchor_time is not None:
        raise UserError("Pass anchor_time or task_table, not both: a task table has its own anchors.", "anchor_time")
    if task_table is not None:
        return task_table_truth(cur, vq, graph, task_table)
    if vq.query.entities is not None:  # FOR key IN (...): before any SQL casts the keys to the key's type
        check_listed(cur, vq, graph, vq.query.entities, "query")
    anchors = backtest_anchors(cur, vq, graph, anchor_time)
    anchor_times.check_observed(cur, vq, graph, anchors)
    truth = pa.concat_tables(_labelled_somewhere(cur, vq, graph, anchors))
    same = len({str(v) for v in truth.column(TARGET).to_pylist()}) == 1  # a list target's labels are lists
    if same and (why := undated_rows.note(cur, vq, graph)) is not None:
        warnings.warn(f"Every label of the backtest is the same. {why}", RFMWarning, stacklevel=4)
    return truth


def _labelled_somewhere(cur, vq: ValidQuery, graph: Graph, anchors: list) -> list[pa.Table]:
    """The examples at each of `anchors`; an anchor with none is left out with a warning where another has some (a
    school trial's summer anchor, whose entity filter kept no student, stopped the whole backtest)."""
    tables, empty = [], []
    for anchor in anchors:
        try:
            tables.append(truth_at(cur, vq, graph, anchor))
        except NoExamplesError as e:
            empty.append(e)
    if not tables:
        raise empty[0]
    for e in empty:
        warnings.warn(f"Not scored: {e}", RFMWarning, stacklevel=5)
    return tables


def backtest_anchors(cur, vq: ValidQuery, graph: Graph, anchor_time=None) -> list:
    """The anchors a backtest scores: `anchor_time`, one or a list of them (a handful of positives at one anchor
    make a noisy AUROC), else one horizon before the data ends."""
    if anchor_time is None:
        return [anchor_times.backtest_anchor(cur, vq, graph)]
    if not isinstance(anchor_time, (str, bytes, dt.date)) and hasattr(anchor_time, "__iter__"):  # numpy, pandas too
        anchor_time = list(anchor_time)
        if not anchor_time:
            raise UserError("anchor_time is an empty list: pass one timestamp or several.", "anchor_time")
        return sorted({anchor_times.to_timestamp(a) for a in anchor_time})
    return [anchor_times.to_timestamp(anchor_time)]


# A default backtest of a pair-scored target scores at most this many examples, each up to `candidates` (or every
# class's) rows for the model: a seeded sample beyond (the metrics settle long before; one row per example
# is cheap enough to score them all: 150,000 in seconds)
BACKTEST_PAIR_EXAMPLES = 2_000


def sample(truth: pa.Table, cap: int, seed: int) -> tuple[pa.Table, int | None]:
    """At most `cap` of the (ENTITY, ANCHOR_TIMESTAMP) examples of `truth` (with every row of each: a forecast's
    steps), a uniform sample drawn with `seed`, in their order; and how many there were when it sampled."""
    keys = pa.table({ENTITY: truth.column(ENTITY), ANCHOR: truth.column(ANCHOR)})
    examples = keys.group_by([ENTITY, ANCHOR]).aggregate([]).sort_by([(ENTITY, "ascending"), (ANCHOR, "ascending")])
    if examples.num_rows <= cap:
        return truth, None
    chosen = np.sort(np.random.default_rng(seed).choice(examples.num_rows, cap, replace=False))
    kept = examples.take(pa.array(chosen, pa.int64()))
    kept = set(zip(kept.column(ENTITY).to_pylist(), kept.column(ANCHOR).to_pylist(), strict=True))
    rows = zip(keys.column(ENTITY).to_pylist(), keys.column(ANCHOR).to_pylist(), strict=True)
    return truth.filter(pa.array([r in kept for r in rows])), examples.num_rows


STATIC_FOLDS = 4


def static_folds(rows: pa.Table, static: bool, seed: int):
    """(rows to score, entities to keep out of their context). A static target's context shares the anchor with
    the examples scored, so those are scored in folds, each against a context without its own entities:
    the model never sees the label it is scored on."""
    if not static:
        yield rows, None
        return
    fold = np.random.default_rng(seed).permutation(len(rows)) % STATIC_FOLDS
    for k in range(STATIC_FOLDS):
        part = rows.filter(pa.array(fold == k))
        if part.num_rows:
            yield part, part.column(ENTITY).combine_chunks()


def labelled_at(cur, vq: ValidQuery, graph: Graph, anchors) -> pa.Table:
    """The labelled examples (ENTITY, ANCHOR_TIMESTAMP, TARGET) at `anchors`."""
    seed = label_compiler.seed_for_anchors(vq, graph, anchors)
    return cur.sql(to_sql(label_compiler.labels(vq, graph, seed))).to_arrow_table()


def truth_at(cur, vq: ValidQuery, graph: Graph, anchor: dt.datetime) -> pa.Table:
    """The examples to backtest at one anchor; an error when there are none."""
    truth = labelled_at(cur, vq, graph, [anchor])
    if truth.num_rows == 0:
        empty = empty_windows.label_note(vq)
        raise NoExamplesError(
            f"No labelled examples at {anchor} to evaluate on ({empty}the entity filter, ASSUMING or the data's "
            f"start or end leave none). {anchor_times.no_examples_fix(cur, vq, graph, anchor)}"
        )
    return truth
