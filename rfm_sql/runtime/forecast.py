"""Forecasts (`FORECAST n TIMEFRAMES`): the context labelled at every step, and the SQL that predicts every
(entity, step).

Context anchors step back from t by the forecast's whole horizon (end + (n-1)w, `ValidQuery.horizon`), so
every step of every context example is observed by t. Features are the one-step query's (step 1: its
lagged targets are the latest windows before each anchor), computed once per (entity, anchor). Two ways to
learn the n steps, measured on val (benchmarks/forecast.py):

- `joint`: one context of (example, step) rows with FORECAST_STEP as a feature; one model call serves
  every step (the context cap counts rows, so it holds cap // n examples);
- `per_step`: one context per step (cap examples each), one model call per step.

Counts, and aggregations of a column with no negative value by the anchor, are never predicted below zero.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, replace

import numpy as np
import pyarrow as pa
from sqlglot import exp

from rfm_sql.compile import forecast as forecast_labels
from rfm_sql.compile import scheduled, week_cycle
from rfm_sql.compile.features import YEAR_AGO, Feature
from rfm_sql.compile.sqlutil import ANCHOR, ENTITY, TARGET, col, lit, to_sql
from rfm_sql.errors import NoExamplesError
from rfm_sql.graph import Graph
from rfm_sql.pql.tasks import TargetKind
from rfm_sql.pql.validate import ValidQuery
from rfm_sql.runtime import anchors as anchor_times
from rfm_sql.runtime import bounds, decoding, encode, mean_scale, neighbours, residual, season
from rfm_sql.runtime import plan as planner
from rfm_sql.runtime.context import FeatureQuery, Prepared, feature_query, featurise_with, infer_call
from rfm_sql.runtime.handles import HandleCache
from rfm_sql.runtime.model import Model
from rfm_sql.runtime.options import RunOptions, quantile_column
from rfm_sql.runtime.predict import check_entities, graph_state, key_relation

STEP = forecast_labels.STEP
MODES = ("joint", "per_step")
MODE = "joint"  # the better of the two on val (benchmarks/forecast.py, benchmarks/results/forecast_val.json)


@dataclass
class ForecastPrepared:
    """A forecast ready for the model: the labelled context, the one-step features, and one `Prepared` (joint)
    or one per step (per_step), each with its fitted encoder."""

    vq: ValidQuery
    plan: planner.Plan
    mode: str
    context: pa.Table  # ENTITY, ANCHOR_TIMESTAMP, FORECAST_STEP, TARGET
    features: FeatureQuery  # the step-1 query's features, one row per (entity, anchor)
    parts: tuple[Prepared, ...]
    nonnegative: bool
    # the one-step features of the query rows' (entity, anchor) pairs `prepare` featurised with the context
    # (a backtest's, in `pair_index` order), else None
    query_columns: dict | None = None

    @property
    def steps(self) -> int:
        return forecast_labels.steps(self.vq)


def step_features(vq: ValidQuery, graph: Graph) -> FeatureQuery:
    """The features of a forecast's examples: those of its first step's query (every step's are the same), and
    each step's target a year before (`YEAR_AGO`) and, for steps shorter than a week, a week before and over four
    (`week_cycle`), one column per step: `expand` gives a row its own step's."""
    steps = [forecast_labels.step_query(vq, i) for i in range(1, forecast_labels.steps(vq) + 1)]
    week = week_cycle.steps_of(vq, steps)
    return feature_query(steps[0], graph, forecast_labels.year_ago_steps(vq), week, tuple(steps))


PER_STEP = (YEAR_AGO, week_cycle.WEEK_AGO, week_cycle.WEEK_MEAN)  # features with one column per step


def year_ago_columns(names, base: str = YEAR_AGO) -> dict[int, str]:
    """{step: the feature column holding its `base`} among `names`: its target a year before by default, any
    PER_STEP feature's otherwise (a week before, the four weeks' mean)."""
    prefix = f"{base}_step"
    return {int(n.split(":", 1)[-1][len(prefix) :]): n for n in names if n.split(":", 1)[-1].startswith(prefix)}


def per_step_columns(names) -> dict[str, dict[int, str]]:
    """{feature: {step: its column}} for each PER_STEP feature among `names` that has any, and each count of rows
    due in a step's window (`compile.scheduled`: named by their table and date)."""
    names = list(names)
    due = f".{scheduled.SCHEDULED}_step"
    bases = [*PER_STEP, *sorted({n.split(":", 1)[-1].split(due)[0] + due[:-5] for n in names if due in n})]
    return {base: cols for base in bases if (cols := year_ago_columns(names, base))}


def row_features(features: FeatureQuery, with_step: bool = True) -> FeatureQuery:
    """The features the model reads per (example, step) row: the one-step features, the row's own step's target
    a year before, a week before and over four weeks as one column each (where any step has one), and, `with_step`,
    the step itself."""
    groups = per_step_columns(features.kinds)
    every = {n for cols in groups.values() for n in cols.values()}
    kept = tuple(f for f in features.features if f.name not in every)
    for base, cols in groups.items():
        first = next(f for f in features.features if f.name == cols[min(cols)])
        kept += (replace(first, name=base),)
    return FeatureQuery(features.seed_name, features.select, kept + ((Feature(STEP, "numeric"),) if with_step else ()))


def prepare(
    cur,
    vq: ValidQuery,
    graph: Graph,
    anchor: dt.datetime,
    options: RunOptions,
    mode: str = MODE,
    features: FeatureQuery | None = None,
    query: pa.Table | None = None,
    model: Model | None = None,
):
    """Select the forecast context at `anchor`, featurise it once per example and fit the encoder(s);
    `features`: `step_features(vq, graph)`, when the caller has it (a backtest builds it once); `query`: rows
    whose (entity, anchor) pairs to featurise in the same SQL statement (`ForecastPrepared.query_columns`);
    `model`: the model whose means (point="mean") are scaled to add up on the context (runtime.mean_scale)."""
    if mode not in MODES:
        raise ValueError(f"mode must be one of {MODES}, got {mode!r}")
    n = forecast_labels.steps(vq)
    plan = planner.make_plan(cur, vq, graph, anchor, options)
    context = select_context(cur, vq, graph, plan, options, options.cap // n if mode == "joint" else options.cap)
    one = forecast_labels.step_query(vq, 1)
    features = step_features(vq, graph) if features is None else features
    pairs, index = pair_index(context)
    columns, query_columns = featurise_with(cur, features, pairs, None if query is None else pair_index(query)[0])
    season.mask(columns, season.is_marked(context))
    step = context.column(STEP).to_numpy()
    y = np.array(context.column(TARGET).to_pylist(), dtype=object)
    nonneg = nonnegative(cur, vq, graph, anchor)
    # how predictions are decoded (runtime.decoding): never below 0 when nonnegative, 0 as an atom where the
    # labels pile up on it, a count's median a whole number (as the SQL's `_bounded` rounds it: an explanation
    # reads the decoded number, and said 44.5 where the prediction was 45)
    lower = 0.0 if nonneg else None
    decode = {"lower": lower, "integer": bounds.is_count(vq), **bounds.atom_fields(y, lower, bounds.adds_up(vq))}
    fit = functools.partial(_fit, model=model, options=options, decode=decode, adds_up=bounds.adds_up(vq))
    if mode == "joint":
        rows = expand(columns, index, step)
        joint = row_features(features)
        parts: tuple[Prepared, ...] = (Prepared(one, plan, context, joint, rows, fit(rows, joint.kinds, context)),)
    else:
        parts = tuple(_step_part(vq, plan, context, features, columns, index, step, fit, i) for i in range(1, n + 1))
    return ForecastPrepared(vq, plan, mode, context, features, parts, nonneg, query_columns)


def _step_part(vq, plan, context, features, columns, index, step, fit, i) -> Prepared:
    rows = np.flatnonzero(step == i)
    if len(rows) < planner.MIN_CONTEXT:
        raise NoExamplesError(
            f"No context to learn step {i} of the forecast from: {len(rows)} labelled examples (at least "
            f"{planner.MIN_CONTEXT} needed) before {plan.anchor}. Forecast fewer timeframes or pass a later anchor_time."
        )
    own = row_features(features, with_step=False)
    part = {k: v for k, v in expand(columns, index[rows], step[rows]).items() if k in own.kinds}
    rows_context = context.take(pa.array(rows))
    return Prepared(
        forecast_labels.step_query(vq, i), plan, rows_context, own, part, fit(part, own.kinds, rows_context)
    )


def _fit(columns: dict, kinds: dict, context: pa.Table, *, model, options, decode, adds_up) -> encode.Encoder:
    """The encoder of a forecast's (example, step) rows: the labels coded relative to the entity's recent level
    where that predicts them better on the context (runtime.residual: chosen as for a one-step regression;
    raw labels read active entities of a mostly idle table at the population's median, below "the same as last
    period"), decoded as `decode` says, means scaled to add up (runtime.mean_scale)."""
    y = np.array(context.column(TARGET).to_pylist(), dtype=object)
    entities, anchors = context.column(ENTITY).to_pylist(), context.column(ANCHOR).to_pylist()
    offset = None
    if model is not None:
        offset = residual.choose(model, columns, kinds, y, entities, anchors, options.seed, decode)
    encoder = encode.fit(columns, kinds, y, TargetKind.REGRESSION, offset=offset)
    encoder.target = replace(encoder.target, **decode, point=options.point, quantiles=options.quantiles)
    if model is not None and options.point == "mean" and adds_up:  # means that add up (mean_scale)
        scale = mean_scale.fit(model, columns, kinds, y, entities, options.seed, offset, decode)
        encoder.target = replace(encoder.target, mean_scale=scale)
    return encoder


def pair_index(rows: pa.Table) -> tuple[pa.Table, np.ndarray]:
    """The distinct (ENTITY, ANCHOR_TIMESTAMP) pairs of `rows`, and each row's pair number."""
    keys = list(zip(rows.column(ENTITY).to_pylist(), rows.column(ANCHOR).to_pylist(), strict=True))
    numbers: dict = {}
    index = np.array([numbers.setdefault(k, len(numbers)) for k in keys], dtype=np.int64)
    first = np.unique(index, return_index=True)[1]
    return rows.select([ENTITY, ANCHOR]).take(pa.array(first)), index


def expand(columns: dict, index: np.ndarray, step: np.ndarray) -> dict:
    """Per-pair feature columns repeated for each (pair, step) row, with the row's own step's PER_STEP features
    (its target a year before, ...: NaN for a step without) and the step as features (`row_features`' columns)."""
    groups = per_step_columns(columns)
    every = {n for cols in groups.values() for n in cols.values()}
    rows = {k: v[index] for k, v in columns.items() if k not in every}
    for base, cols in groups.items():
        values = np.full(len(index), np.nan)
        for i, name in cols.items():
            at = step == i
            values[at] = columns[name][index[at]]
        rows[base] = values
    return {**rows, STEP: step.astype(np.float64)}


def select_context(cur, vq: ValidQuery, graph: Graph, plan: planner.Plan, options: RunOptions, cap: int) -> pa.Table:
    """The labelled (example, step) rows of at most `cap` examples, newest anchors first (each anchor at most a
    quarter of the cap when there are several)."""
    if not plan.context_anchors:
        raise too_short(cur, vq, graph, plan.anchor)
    n_entities = planner.entities_at(cur, graph, vq.entity_table, plan.anchor)
    per_anchor = max(cap // 4, planner.MIN_CONTEXT) if len(plan.context_anchors) > 1 else cap
    fraction = 1.0 if n_entities == 0 else min(1.0, 8.0 * per_anchor / n_entities)
    seed = planner.sampled_seed(vq, graph, plan.context_anchors, fraction, options.seed, known_at=plan.anchor)
    labelled = cur.sql(to_sql(forecast_labels.labels(vq, graph, seed))).to_arrow_table()
    order = planner.seasonal_order(vq, plan, labelled)  # this time of year in earlier years first (runtime.season)
    lead = planner.seasonal_lead(vq, plan, order)
    labelled = planner.lead_sampled_deeper(
        cur, vq, graph, lead, labelled, (fraction, n_entities, cap, options.seed, plan.anchor), forecast_labels.labels
    )
    lead_at = frozenset(np.datetime64(a, "us") for a in lead)
    pairs, index = pair_index(labelled)
    anchors = pairs.column(ANCHOR).to_numpy()
    rng = np.random.default_rng(options.seed)
    chosen: list[int] = []
    for t in planner.anchor_order(anchors, order):
        candidates = np.flatnonzero(anchors == t)
        take = min(planner.anchor_limit(t, lead_at, per_anchor, cap), cap - len(chosen), len(candidates))
        chosen.extend(np.sort(rng.choice(candidates, size=take, replace=False)))
        if len(chosen) >= cap:
            break
    if len(chosen) < planner.MIN_CONTEXT:
        raise NoExamplesError(
            f"No context to learn the forecast from: {len(chosen)} labelled examples (at least {planner.MIN_CONTEXT} "
            f"needed) at {len(plan.context_anchors)} anchors before {plan.anchor}. To fix: loosen the WHERE filter "
            "or ASSUMING, forecast fewer timeframes, or pass a later anchor_time."
        )
    keep = np.isin(index, np.asarray(chosen, dtype=np.int64))
    return season.marked(labelled.filter(pa.array(keep)), order is not None)


def too_short(cur, vq: ValidQuery, graph: Graph, anchor: dt.datetime) -> NoExamplesError:
    """No context anchor fits: the steps outrun the history before `anchor`, or all of the data."""
    too_long = anchor_times.window_too_long(cur, vq, graph)
    if too_long is not None:  # then no anchor, earlier or later, can help: no anchor advice
        return NoExamplesError(f"No context to learn the forecast from. {too_long}")
    w = vq.query.target.window
    n = forecast_labels.steps(vq)
    amount, unit = vq.horizon
    return NoExamplesError(
        f"No context to learn the forecast from: {n} timeframes of {w.end - w.start} {w.unit} reach {amount} {unit} "
        f"past each context anchor, and the history of {', '.join(vq.target_tables)} before the anchor {anchor} is "
        f"shorter than that, so no context example has every step observed. To fix: forecast fewer timeframes "
        f"(FORECAST k TIMEFRAMES with a smaller k), use a shorter window, or pass a later anchor_time."
    )


def nonnegative(cur, vq: ValidQuery, graph: Graph, anchor: dt.datetime) -> bool:
    """Whether the target cannot be negative: a count, or an aggregation of a column whose values up to
    `anchor` are all >= 0."""
    agg = vq.query.target
    if agg.func in ("COUNT", "COUNT_DISTINCT"):
        return True
    least = bounds.column_min(cur, graph, agg.column, anchor)
    return least is None or least >= 0


def clip(pred: np.ndarray, nonnegative_: bool, integer: bool = False) -> np.ndarray:
    """Never below zero for a non-negative target; a count's median is a whole number."""
    pred = decoding.whole(pred) if integer else pred
    return np.maximum(pred, 0.0) if nonnegative_ else pred


# -- predictions as SQL ------------------------------------------------------------------------------------
def compile_predict(
    cur,
    vq: ValidQuery,
    graph: Graph,
    anchor: dt.datetime,
    options: RunOptions,
    model: Model,
    handles: HandleCache,
    infer_function: str,
    entities: list | None = None,
    warning: str | None = None,
    within: list | None = None,
    mode: str = MODE,
) -> str:
    """The SQL that returns ENTITY, ANCHOR_TIMESTAMP, FORECAST_STEP, TARGET_PRED for every query entity and step
    (`entities`, `warning` and `within` as in runtime.predict.compile_predict)."""
    entities, within = key_relation(cur, vq, graph, entities), key_relation(cur, vq, graph, within)
    seed = planner.query_seed(forecast_labels.step_query(vq, 1), graph, anchor, entities, within)
    if within is None:
        check_entities(cur, vq, graph, seed, anchor, entities)
    request = (vq.query.source, anchor, options, graph_state(graph), mode)
    n_parts = 1 if mode == "joint" else forecast_labels.steps(vq)
    found = [handles.lookup((*request, i)) for i in range(n_parts)]
    if any(h is None for h in found):
        fp = prepare(cur, vq, graph, anchor, options, mode, model=model)
        found = [handles.put((*request, i), part, model) for i, part in enumerate(fp.parts)]
        nonneg = fp.nonnegative
    else:
        nonneg = nonnegative(cur, vq, graph, anchor)
    prepared = [handles.get(h).prepared for h in found]
    if model.neighbours:  # fitted here, once, not by the UDF's concurrent calls
        for part in prepared:
            neighbours.fit_context(cur, graph, part)
    n = forecast_labels.steps(vq)
    return output_sql(infer_function, found, prepared, seed, n, nonneg, warning, model.neighbours)


def output_sql(
    infer_function: str,
    handles: list[str],
    parts: list[Prepared],
    seed,
    n: int,
    nonneg: bool,
    warning=None,
    with_neighbours: bool = False,
):
    """Score every (entity of `seed`, step): one call of `rfm_infer` per row, through the step's handle (of
    its `_nb` twin, with each row's key and anchor, for a hierarchical model)."""
    rows = parts[0].features.over(seed)  # the one-step features, each step's PER_STEP columns among them
    groups = per_step_columns(e.alias_or_name for e in parts[0].features.select.expressions)
    if len(parts) == 1:  # joint: the step is a feature of the one context
        steps = exp.values([(exp.Literal.number(i),) for i in range(1, n + 1)], alias="st", columns=[STEP])
        stepped = (
            exp.select(exp.Column(this=exp.Star(), table=exp.to_identifier("features")), col(STEP, "st"))
            .from_(rows.subquery("features"))
            .join(steps, join_type="cross")
        )
        for base, cols in groups.items():  # a row's own step's column (NULL for a step without)
            own_step = [
                exp.If(this=exp.EQ(this=col(STEP, "st"), expression=exp.Literal.number(i)), true=col(c, "features"))
                for i, c in cols.items()
            ]
            stepped = stepped.select(exp.Case(ifs=own_step).as_(base, quoted=True))
        scored = [
            exp.select(
                col(ENTITY),
                col(ANCHOR),
                col(STEP),
                infer_call(infer_function, handles[0], parts[0], with_neighbours).as_("r"),
            ).from_(stepped.subquery("stepped"))
        ]
    else:
        scored = []
        for i, (h, p) in enumerate(zip(handles, parts, strict=True), start=1):
            own = exp.select(exp.Column(this=exp.Star(), table=exp.to_identifier("features"))).from_(
                rows.copy().subquery("features")
            )
            for base, cols in groups.items():  # the step's own (NULL for a step without: a year back is not over)
                value = col(cols[i], "features") if i in cols else exp.cast(exp.null(), "DOUBLE")
                own = own.select(value.as_(base, quoted=True))
            scored.append(
                exp.select(
                    col(ENTITY),
                    col(ANCHOR),
                    exp.Literal.number(i).as_(STEP, quoted=True),
                    infer_call(infer_function, h, p, with_neighbours).as_("r"),
                ).from_(own.subquery("features"))
            )
    union = scored[0]
    for part in scored[1:]:
        union = exp.union(union, part, distinct=False)
    target = parts[0].encoder.target
    probs = exp.Dot.build([col("r"), exp.to_identifier("probs")])  # the quantiles asked for (runtime.decoding)
    quantiles = [
        _bounded(
            exp.Bracket(this=probs.copy(), expressions=[exp.Literal.number(i + 1)], offset=1), parts[0], nonneg
        ).as_(quantile_column(q), quoted=True)
        for i, q in enumerate(target.quantiles)
    ]
    pred = exp.Dot.build([col("r"), exp.to_identifier("pred")])
    pred = _bounded(pred, parts[0], nonneg, whole=target.point == "median")
    out = exp.select(
        col(ENTITY),
        col(ANCHOR),
        exp.cast(col(STEP), "INTEGER").as_(STEP, quoted=True),
        pred.as_("TARGET_PRED", quoted=True),
        *quantiles,
    )
    if warning is not None:
        out = out.select(lit(warning).as_("WARNING", quoted=True))
    return out.from_(union.subquery("s")).order_by(col(ANCHOR), col(ENTITY), col(STEP)).sql("duckdb")


def _bounded(value: exp.Expression, part: Prepared, nonneg: bool, whole: bool = True) -> exp.Expression:
    """A count's median and quantiles are whole numbers (a mean need not be); never below 0 when nonnegative."""
    if whole and bounds.is_count(part.vq):
        value = exp.Round(this=value)
    return exp.Greatest(this=value, expressions=[exp.Literal.number("0.0")]) if nonneg else value
