"""From a validated query to a prepared context: the labelled examples (plan), their features in one SQL pass,
and the encoder fitted on them. Query rows are later featurised by the same `FeatureQuery` and transformed by
the same encoder, so the SQL's columns and the encoder's inputs come from one object."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field, replace
from functools import cached_property

import numpy as np
import pyarrow as pa
from sqlglot import exp

from rfm_sql.compile import week_cycle
from rfm_sql.compile.features import Feature, feature_sql, row_columns
from rfm_sql.compile.sqlutil import ANCHOR, ENTITY, TARGET, col, to_sql
from rfm_sql.errors import NoExamplesError, PQLError, UserError
from rfm_sql.graph import Graph
from rfm_sql.pql.tasks import TargetKind, TaskType
from rfm_sql.pql.validate import ValidQuery
from rfm_sql.runtime import (
    active_states,
    bounds,
    child_states,
    dated_filter,
    depth,
    empty_windows,
    encode,
    ended,
    filter_values,
    mean_scale,
    outcome_rows,
    recent_states,
    residual,
    running_means,
    running_totals,
    season,
    state_columns,
    today_filter,
    undated_rows,
)
from rfm_sql.runtime import plan as planner
from rfm_sql.runtime.anchors import data_end
from rfm_sql.runtime.model import Model
from rfm_sql.runtime.neighbours import NB_SUFFIX
from rfm_sql.runtime.options import RunOptions

POSITION = "rfm_position"  # the column of `featurise`'s registered rows that orders their features


@dataclass(frozen=True)
class FeatureQuery:
    """The feature SQL of a query, over a seed relation of (ENTITY, ANCHOR_TIMESTAMP) pairs named
    `seed_name`, and the features it selects, in order."""

    seed_name: str
    select: exp.Select
    features: tuple[Feature, ...]
    # the name `featurise` registers its rows under (per cursor, so one name per query serves every call)
    rows_name: str = field(default_factory=lambda: f"rfm_rows_{uuid.uuid4().hex[:12]}", compare=False)

    @property
    def kinds(self) -> dict[str, str]:
        return {f.name: f.kind for f in self.features}

    def over(self, seed: exp.Query) -> exp.Select:
        """The features of the pairs `seed` returns."""
        return exp.select("*").from_(self.select.subquery("features")).with_(self.seed_name, as_=seed)

    @cached_property
    def rows_sql(self) -> str:
        """The SQL text of the features of the (ENTITY, ANCHOR_TIMESTAMP) rows registered as `rows_name`. Built
        once per query: a backtest featurises at every anchor, and building the text (sqlglot) took half of a
        binary backtest's time (benchmarks/BACKTEST_SPEED.md)."""
        return to_sql(self.over(self._rows_seed()))

    @cached_property
    def ordered_sql(self) -> str:
        """`rows_sql` in the order of the registered rows' POSITION column."""
        return to_sql(in_order(self.over(self._rows_seed()), self.rows_name, POSITION))

    def _rows_seed(self) -> exp.Select:
        return exp.select(col(ENTITY), col(ANCHOR)).distinct().from_(exp.to_table(self.rows_name))


def feature_query(
    vq: ValidQuery, graph: Graph, year_ago: tuple[ValidQuery, ...] = (), week=None, steps: tuple = ()
) -> FeatureQuery:
    """`vq`'s features; `year_ago`: a forecast's step queries, each read a year back too (runtime.forecast);
    `week`: its (suffix, step query) pairs read a week back (`compile.week_cycle`; None: `vq` itself, where it is
    a regression over a window shorter than a week); `steps`: every step's query (`compile.scheduled`)."""
    seed_name = "rfm_seed"
    while seed_name in graph.tables:  # the seed's CTE must not shadow a user table
        seed_name += "_"
    # the time of year, for the targets whose context may hold a year-ago season (runtime.season)
    with_season = seasonal_task(vq)
    week = week_cycle.one_step(vq) if week is None else week
    select, features = feature_sql(vq, graph, seed_name, season=with_season, year_ago=year_ago, week=week, steps=steps)
    return FeatureQuery(seed_name, select, tuple(features))


def seasonal_task(vq: ValidQuery) -> bool:
    """Whether `vq`'s context may hold a year-ago season (runtime.season): a binary or regression target over a
    window of at most half a year."""
    kinds = (TaskType.BINARY, TaskType.REGRESSION)
    return not vq.static and vq.task_type in kinds and season.steps_back(vq.horizon) is not None


@dataclass
class Prepared:
    """A query ready for the model: its context examples, their raw feature columns, and the encoder fitted on
    them (query chunks are only transformed)."""

    vq: ValidQuery
    plan: planner.Plan
    context: pa.Table  # ENTITY, ANCHOR_TIMESTAMP, TARGET
    features: FeatureQuery
    context_columns: dict  # feature name -> numpy array of the context rows
    encoder: encode.Encoder
    # a hierarchical model's neighbour encoding and the context's tensors, fitted on first use
    # (runtime.neighbours.episode_with_neighbours)
    neighbours: object | None = field(default=None, repr=False, kw_only=True)
    # the feature columns of the query rows `prepare` featurised with the context (a backtest's), else None
    query_columns: dict | None = field(default=None, repr=False, kw_only=True)
    # what every prediction of this context must carry as a warning (`one_label`), else None
    note: str | None = field(default=None, kw_only=True)
    # the part of `note` its labels say (one label and why, survivors, empty windows, rare or lost classes)
    labels: str | None = field(default=None, kw_only=True)
    # the part of `note` that makes a backtest of this context read better than predictions will (outcome_rows)
    flatters: str | None = field(default=None, kw_only=True)
    # the part of `note` on columns holding today's state (runtime.state_columns): a backtest says it too
    unread: str | None = field(default=None, kw_only=True)
    # the categories (table.column) the state check found holding today's state (runtime.today_filter names them
    # in an entity filter)
    stale: tuple = field(default=(), kw_only=True)
    # numbers read that may be running totals, which a backtest names (runtime.running_totals) and a prediction,
    # reading them as they are now, need not
    running: tuple = field(default=(), kw_only=True)
    # a regression context's rows' stratum weights (plan.PRIOR_RATIO): how its strata occur (baselines' medians)
    weights: list | None = field(default=None, kw_only=True)

    def encoders(self, columns: dict, n: int) -> list[tuple[np.ndarray, encode.Encoder]]:
        """Which of `n` query rows (feature `columns`) each encoder reads: here one for all (a pair context may
        have one per stratum: runtime.pairs.PairPrepared)."""
        return [(np.arange(n), self.encoder)]


def feature_casts(prepared: Prepared) -> tuple[list[str], list[str]]:
    """The numeric and the categorical feature names: the model reads numeric ones as DOUBLE, categorical
    ones as VARCHAR (the same casts on every path, so every path gives the same predictions)."""
    features = prepared.features.features
    return [f.name for f in features if f.kind == "numeric"], [f.name for f in features if f.kind == "categorical"]


def infer_call(infer_function: str, handle: str, prepared: Prepared, with_neighbours: bool = False) -> exp.Expression:
    """`infer_function(handle, numeric[], categorical[])` over the prepared features' columns; for a
    hierarchical model its `_nb` twin, which also takes each row's key (as text) and anchor."""
    numeric, categorical = feature_casts(prepared)
    num = exp.cast(exp.Array(expressions=[exp.cast(col(n), "DOUBLE") for n in numeric]), "DOUBLE[]")
    cat = exp.cast(exp.Array(expressions=[exp.cast(col(n), "VARCHAR") for n in categorical]), "VARCHAR[]")
    args = [exp.Literal.string(handle), num, cat]
    if with_neighbours:
        infer_function += NB_SUFFIX
        args += [exp.cast(col(ENTITY), "VARCHAR"), exp.cast(col(ANCHOR), "TIMESTAMP")]
    return exp.Anonymous(this=infer_function, expressions=args)


def check_predictable(vq: ValidQuery) -> None:
    if not vq.task_type.predictable:
        q = vq.query
        raise PQLError(
            f"Predicting {vq.task_type.value} tasks is not supported yet; binary, regression and multiclass "
            "targets and forecasts are. The labels of this query are available with rfm.labels(...).",
            q.source,
            0,
            len(q.source),
        )


def check_inputs(vq: ValidQuery, features: FeatureQuery) -> None:
    """Refuse a query with nothing to predict from: an entity table with only its key and the target, and no
    linked table (a model given no input could only repeat the context's label rates)."""
    if not features.kinds:
        raise UserError(
            f"{vq.entity_table} has no column besides its key and the target, and no linked table, so there is "
            f"nothing to predict the target from. Add columns that describe each {vq.entity_table} row, or link "
            "tables about them (rfm.graph.link, rfm-sql graph --link).",
            param="query",
        )


def prepare(
    cur,
    vq: ValidQuery,
    graph: Graph,
    anchor: dt.datetime,
    options: RunOptions,
    exclude: pa.Array | None = None,
    *,
    model: Model | None,
    features: FeatureQuery | None = None,
    query: pa.Table | None = None,
) -> Prepared:
    """Select the context for predictions at `anchor` (leaving out the entities of `exclude`), featurise it and
    fit the encoder on it: a regression target reaching as far back and in the coding that `model` predicts
    best on the context (runtime.depth, runtime.residual), or, with no model (training episodes), as it is.
    `features`: the query's `feature_query`, when the caller has it (a backtest builds it once, not per anchor).
    `query`: (ENTITY, ANCHOR_TIMESTAMP) rows to featurise in the same SQL pass as the context (a backtest's rows
    at this anchor; `Prepared.query_columns`): each pass has a fixed cost, about that of the context's own."""
    check_predictable(vq)
    features = feature_query(vq, graph) if features is None else features
    check_inputs(vq, features)
    plan = planner.make_plan(cur, vq, graph, anchor, options)
    classify = vq.task_type.target_kind is TargetKind.CLASSIFICATION
    regression = vq.task_type.target_kind is TargetKind.REGRESSION
    # means asked for a count or a sum are scaled to add up (runtime.mean_scale), with each stratum's weight
    mean = regression and model is not None and options.point == "mean" and bounds.adds_up(vq)
    # each row's stratum weight: what undoes the strata in a mean's total, and in a backtest's baselines
    context = planner.select_context(cur, vq, graph, plan, options, exclude, balance=classify, weigh=regression)
    weighed = planner.PRIOR_RATIO in context.column_names
    ratios = context.column(planner.PRIOR_RATIO).to_pylist() if weighed else []
    context = context.drop_columns([planner.PRIOR_RATIO] if weighed else [])
    balanced = weighed and classify
    columns, query_columns = featurise_with(cur, features, context, query)
    season.mask(columns, season.is_marked(context))
    # columns holding today's state, not the anchor's, are not read (the encoder gives them no slot)
    now = state_columns.present(cur, vq, graph) if model is not None else None
    y = np.array(context.column(TARGET).to_pylist(), dtype=object)
    state = state_columns.stale(cur, vq, graph, columns, features.kinds, now, y)  # rarer values that tell y apart too
    moving = child_states.stale(cur, vq, graph, features.features, now) if model is not None else {}
    judged = {k: v for k, v in features.kinds.items() if k not in state}  # what the active check reads
    active = active_states.stale(cur, vq, graph, columns, judged, now, ratios or None)
    judged = {k: v for k, v in judged.items() if k not in active and k not in moving}
    begun = active_states.begun(cur, vq, graph, columns, judged, now, ratios or None)  # a flag set as rows begin
    judged = {k: v for k, v in judged.items() if k not in begun}
    recent = recent_states.stale(cur, vq, graph, judged, now) if model is not None else {}  # a tier, common now
    kinds = {k: v for k, v in judged.items() if k not in recent}
    read = [f for f in features.features if f.name in kinds]
    averages = running_means.stale(cur, vq, graph, read) if model is not None else {}  # a rating kept up to date
    kinds = {k: v for k, v in kinds.items() if k not in averages}
    absent, matches_nothing = filter_values.unmatched_in_target(cur, vq, graph)
    if matches_nothing and len({str(v) for v in y}) == 1:
        raise NoExamplesError(  # as an entity filter that keeps no entity is
            f"The target compares with a value no row holds: {absent}; so every one of the {len(y):,} "
            f"context examples is labelled {y[0]}, and there is nothing to learn. Compare with a value the column "
            "holds."
        )
    decode = bounds.decoding(cur, vq, graph, anchor, y) if regression else {}  # how predictions are decoded
    offset = None
    if regression and model is not None:
        # how far back the context reaches (runtime.depth), then how its labels are coded (runtime.residual)
        keep = depth.choose(model, columns, kinds, y, context.column(ANCHOR).to_pylist(), decode)
        if keep is not None:
            context, y = context.filter(pa.array(keep)), y[keep]
            ratios = list(np.asarray(ratios)[keep]) if ratios else ratios
            columns = residual.rows_at(columns, keep)
            decode = {**decode, **bounds.atom_fields(y, decode["lower"], bounds.adds_up(vq))}
        entities = context.column(ENTITY).to_pylist()
        anchors = context.column(ANCHOR).to_pylist()
        offset = residual.choose(model, columns, kinds, y, entities, anchors, options.seed, decode, vq.query.target)
    # a binary target's classes are [False, True] whatever the context holds: the output reads True at index 1,
    # and a context of only True examples coded True as class 0 (True_PROB read an unused class: ~0.01)
    binary = [False, True] if vq.task_type is TaskType.BINARY else None
    flags = row_columns(read)  # a row's own columns may also be read by whether they are set
    encoder = encode.fit(columns, kinds, y, vq.task_type.target_kind, offset=offset, classes=binary, flags=flags)
    if balanced:  # the model reads a balanced context: its probabilities are turned back to the true rates
        encoder.target = replace(encoder.target, prior_ratios=class_ratios(encoder.target, y, ratios))
    if regression:  # runtime.decoding
        encoder.target = replace(encoder.target, **decode, point=options.point, quantiles=options.quantiles)
    if mean:  # means that add up (runtime.mean_scale), each row weighed as its stratum occurs
        entities = context.column(ENTITY).to_pylist()
        scale = mean_scale.fit(model, columns, kinds, y, entities, options.seed, offset, decode, ratios)
        encoder.target = replace(encoder.target, mean_scale=scale)
    note = flatters = None
    if not regression:  # a static target has one anchor by design: only a window's context can widen
        anchors = None if vq.static else context.column(ANCHOR).to_pylist()
        end = data_end(cur, vq, graph) if anchors and len({str(v) for v in y}) == 1 else None  # one label: why
        one = one_label(y, anchors, len(plan.context_anchors), options.cap, end)
        if one is not None and (
            why := undated_rows.note(cur, vq, graph)
            or dated_filter.note(vq, graph)
            or ended.target_note(vq, graph)
            or dated_filter.entity_filter_note(vq)
        ):
            one = f"{one} {why}"
        note = one or dated_filter.survivor_note(vq, y, anchors) or empty_windows.note(cur, vq, graph, context)
        flatters = outcome_rows.note(vq, graph, columns, y)
        for said in (
            ended.lost_classes_note(cur, vq, graph, anchor),
            None if one else dated_filter.rare_note(vq, graph, y, ratios),
        ):
            note = said if note is None else f"{note} {said}" if said else note
    if absent is not None:  # a value of an IN list (or one of two conditions) no row holds: the others count
        unmatched = f"The target compares with a value no row holds: {absent}; no row counts for it."
        note = unmatched if note is None else f"{note} {unmatched}"
    labels = note  # what the context's labels say, which a backtest says too
    note = flatters if note is None else f"{note} {flatters}" if flatters else note
    notes = (
        state_columns.note(vq, state),
        active_states.note(vq, active),
        active_states.begun_note(vq, begun),
        recent_states.note(vq, recent),
        child_states.note(moving),
        state_columns.filter_note(cur, vq, graph, now),
        running_totals.target_note(cur, vq, graph) if model is not None else None,
        running_means.note(averages),
    )
    unread = " ".join(n for n in notes if n) or None
    note = unread if note is None else f"{note} {unread}" if unread else note
    stale = tuple(dict.fromkeys(found[0] for found in state.values()))
    if today := today_filter.note(vq, graph, stale, backtest=False):  # a backtest says its own (runtime.evaluate)
        note = today if note is None else f"{note} {today}"
    return Prepared(
        vq,
        plan,
        context,
        features,
        columns,
        encoder,
        query_columns=query_columns,
        note=note,
        labels=labels,
        flatters=flatters,
        unread=unread,
        stale=stale,
        running=running_totals.suspects(vq, graph, [f for f in features.features if f.name in kinds]) if model else (),
        weights=ratios if regression and ratios else None,
    )


def one_label(y: np.ndarray, anchors=None, offered: int = 0, cap: int | None = None, end=None) -> str | None:
    """A warning when every context example has the same label: the model has nothing to learn another from,
    and predicts that one for everyone. A condition that matches no row does this (a misspelt or wrongly cased
    category, a threshold beyond every value), as does an event that never happened before the anchor, or a
    context filled from a few recent, quiet anchors of the `offered` ones (`anchors`: each example's; many
    entities per anchor and a short window), or one that has examples at only a few anchors (a context short
    of its `cap`: a larger one would find no more, the entity filter or ASSUMING leaves none elsewhere), or
    anchors all past the data's `end` (a crowdfunding trial's prediction two years on was told to widen its context)."""
    values = {str(v) for v in y}
    if len(y) == 0 or len(values) != 1:
        return None
    used = sorted(set(anchors)) if anchors is not None else []
    if used and end is not None and used[0] > end:  # nothing to count there, however many anchors it reads
        return (
            f"Every one of the {len(y):,} context examples is labelled {values.pop()}: their anchors ({used[0]} to "
            f"{used[-1]}) all lie after the data's end ({end}), with no row to count. Pass an anchor_time within the "
            "data."
        )
    few = ""
    if used and len(used) < offered:  # the condition may be fine, and these anchors quiet
        span = str(used[0]) if len(used) == 1 else f"{used[0]} to {used[-1]}"
        few = f" Or, since they come from {len(used)} of the {offered} anchors the history holds ({span}), the label "
        if cap is not None and len(y) < cap:  # every example there was is in: the other anchors have none
            few += (
                "may be rare only there, and the other anchors have no example: the entity filter or ASSUMING "
                "leaves none there (a condition on a time column keeps only recent entities). Loosen it, or pass "
                "a later anchor_time."
            )
        else:
            few += (
                "may be rare only there: pass a larger context_size (or run_mode='best') to reach further back, "
                "or an earlier anchor_time."
            )
    return (
        f"Every one of the {len(y):,} context examples is labelled {values.pop()}: with no example of another "
        "label, the predictions say that label for everyone. Check the target's condition: a value that matches "
        f"no row (a misspelt or wrongly cased category, a threshold beyond every value) gives this.{few}"
    )


def class_ratios(target: encode.TargetCoding, y: np.ndarray, ratios: list[float]) -> tuple[float, ...]:
    """Each class's prior ratio, in the target coding's class order, from the context rows' `ratios`."""
    index = target.encode(y).astype(int)
    out = np.ones(len(target.classes))
    kept = index >= 0
    out[index[kept]] = np.asarray(ratios, dtype=np.float64)[kept]  # every row of a class carries the same ratio
    return tuple(float(v) for v in out)


def featurise(cur, features: FeatureQuery, pairs: pa.Table) -> dict:
    """The features of the (ENTITY, ANCHOR_TIMESTAMP) rows of `pairs` (held in Python), in one SQL statement:
    {name: numpy column} in the order of `pairs`, as the encoder takes them."""
    rows = pairs.select([ENTITY, ANCHOR]).append_column(POSITION, pa.array(range(pairs.num_rows)))
    cur.register(features.rows_name, rows)  # a registration is the cursor's own (DUCKDB.md): no other call sees it
    try:
        table = cur.sql(features.ordered_sql).to_arrow_table()
    finally:
        cur.unregister(features.rows_name)
    kinds = features.kinds
    return encode.table_columns(table, list(kinds), kinds)


def featurise_with(cur, features: FeatureQuery, context: pa.Table, query: pa.Table | None) -> tuple[dict, dict | None]:
    """The features of the `context` rows and of the `query` rows (None: not asked), in one SQL statement."""
    if query is None:
        return featurise(cur, features, context), None
    keys = context.select([ENTITY, ANCHOR])
    both = pa.concat_tables([keys, query.select([ENTITY, ANCHOR]).cast(keys.schema)])
    columns = featurise(cur, features, both)
    n = context.num_rows
    return {k: v[:n] for k, v in columns.items()}, {k: v[n:] for k, v in columns.items()}


def in_order(rows: exp.Select, pairs: str, position: str) -> exp.Select:
    """The feature rows in the order of the `pairs` relation's `position` column (one per pair), by a join in
    SQL: no Python structure over all rows."""
    on = exp.and_(
        exp.EQ(this=col(ENTITY, "f"), expression=col(ENTITY, "p")),
        exp.EQ(this=col(ANCHOR, "f"), expression=col(ANCHOR, "p")),
    )
    return (
        exp.select(exp.Column(this=exp.Star(), table=exp.to_identifier("f")))
        .from_(rows.subquery("f"))
        .join(exp.to_table(pairs).as_("p"), on=on)
        .order_by(col(position, "p"))
    )
