"""Which examples a prediction learns from: the context anchors and a seeded sample of labelled entities.

Anchors step back from the prediction anchor one horizon at a time (t - h, t - 2h, ...), so every context
label is fully observed by t. The newest anchors fill the context first (recent examples are the most
relevant), each taking at most a quarter of the cap so that several periods are represented (with fewer than
four anchors, the cap is shared by those there are). Within an anchor
the examples are shared evenly by groups (runtime.strata): a regression target's by recent activity, a class
target's by class (`balance`), each kept row then carrying its class's PRIOR_RATIO.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from sqlglot import exp

from rfm_sql.compile import labels as label_compiler
from rfm_sql.compile.sqlutil import ANCHOR, ENTITY, TARGET, col, lit, table, to_sql
from rfm_sql.errors import NoExamplesError
from rfm_sql.graph import Graph, is_integer_type
from rfm_sql.pql import ast
from rfm_sql.pql.tasks import TaskType
from rfm_sql.pql.validate import ValidQuery
from rfm_sql.pql.windows import horizon_window
from rfm_sql.runtime import closed_periods, filter_values, season, strata
from rfm_sql.runtime.anchors import later_reads_more, time_bound, window_too_long
from rfm_sql.runtime.contract import N_CLASSES
from rfm_sql.runtime.label_maturity import MAX_UNFILLED, fill_delay, unfilled_share
from rfm_sql.runtime.options import RunOptions
from rfm_sql.runtime.state_filter import state_filter_hint
from rfm_sql.runtime.timestamps import SECONDS, step_back

MIN_CONTEXT = 10
ANCHOR_SHARES = 4  # each context anchor takes at most 1 / ANCHOR_SHARES of the cap
PRIOR_RATIO = "RFM_PRIOR_RATIO"  # a balanced context's column: the row's class's true share / its kept share


@dataclass(frozen=True)
class Plan:
    anchor: dt.datetime
    context_anchors: tuple[dt.datetime, ...]
    earliest: dt.datetime | None = None  # the target's first timestamp (None: static)


def make_plan(cur, vq: ValidQuery, graph: Graph, anchor: dt.datetime, options: RunOptions) -> Plan:
    if vq.static:
        return Plan(anchor, (anchor,))
    earliest = time_bound(cur, graph, vq.target_tables, exp.Min)
    if earliest is None:
        raise NoExamplesError(
            f"The target's table(s) {', '.join(vq.target_tables)} have no rows with a timestamp, so there is "
            "nothing to learn from. Load the data first, or check the table's time column with rfm.graph."
        )
    anchors = []
    delay = fill_delay(cur, vq, graph)  # windows not filled in yet at the anchor are not learned from
    step = _step(cur, vq, graph)
    for k in range(1, options.max_anchors + 1):
        t = step_back(anchor, step, k)
        if earliest is None or t < earliest:
            break
        if delay is None or unfilled_share(t, step_back(t, vq.horizon, -1), anchor, delay) <= MAX_UNFILLED:
            anchors.append(t)
    return Plan(anchor, tuple(anchors), earliest)


def _step(cur, vq: ValidQuery, graph: Graph) -> tuple[int, str]:
    """How far apart the context anchors are: one horizon, or where the target's tables hold weekly rows (each dated
    a midnight of one weekday: a site's weekly energy rollups) and the horizon is no whole number of weeks, the
    whole weeks that cover it. Every context window then starts on the prediction's weekday and holds as many weeks
    as its window: 30 days from a Sunday hold five Mondays, from a Wednesday four, and a solar trial's energy per
    site read "days since the last rollup" as a sign of more energy (MAE 308 where last month's value read 93)."""
    amount, unit = vq.horizon
    days = amount * SECONDS[unit] / 86400 if unit in SECONDS else None
    if days is None or days % 7 == 0 or days > 366:
        return vq.horizon
    if not all(closed_periods.weekly(cur, graph, name) for name in vq.target_tables):
        return vq.horizon
    return 7 * math.ceil(days / 7), "days"


def sampled_seed(vq: ValidQuery, graph: Graph, anchors, fraction: float, seed: int, known_at=None) -> exp.Select:
    """All (entity, anchor) pairs, or a seeded hash sample of them when the entity table is large. Context
    comes from every entity, not only the ones a query lists. With `known_at` (the anchor the context serves),
    a KNOWN_AT column: its labels read nothing written after it (compile.labels)."""
    base = label_compiler.seed_for_anchors(vq, graph, anchors, label_compiler.ALL)
    if fraction < 1:
        key_type = graph.table(vq.entity_table).column(vq.entity_key).dtype
        keep = exp.LT(this=sample_bucket(key_type, seed), expression=exp.Literal.number(int(fraction * _PRIME)))
        base = exp.select(col(ENTITY), col(ANCHOR)).from_(base.subquery("b")).where(keep)
    if known_at is not None:
        base = exp.select(col(ENTITY), col(ANCHOR), lit(known_at).as_(label_compiler.KNOWN_AT, quoted=True)).from_(
            base.subquery("k")
        )
    return base


_PRIME = 1_000_003  # buckets; every intermediate stays far below 2^63 (no engine overflows or wraps)
_HEX = "0123456789abcdef"


def sample_bucket(key_type: str, seed: int) -> exp.Expression:
    """A seeded bucket in [0, _PRIME) for each (ENTITY, ANCHOR_TIMESTAMP) row, in plain integer arithmetic so
    DuckDB and Spark pick the same rows (their `hash()` functions differ). An integer key is used as it is; a
    text key through the first 7 hex digits of its MD5 (same in both engines); the anchor as microseconds."""
    if key_type.upper() in ("HUGEINT", "UBIGINT"):  # beyond BIGINT: reduced in the wider type first
        key = exp.Mod(this=exp.cast(col(ENTITY), "HUGEINT"), expression=lit(_PRIME))
    elif is_integer_type(key_type) and key_type.upper() != "UHUGEINT":
        key = exp.cast(col(ENTITY), "BIGINT")
    else:
        digest = exp.func("MD5", exp.cast(col(ENTITY), "VARCHAR"))
        key = exp.Literal.number(0)
        for i in range(7):
            digit = exp.StrPosition(
                this=exp.Literal.string(_HEX), substr=exp.Substring(this=digest.copy(), start=lit(i + 1), length=lit(1))
            )
            key = exp.Add(
                this=exp.Mul(this=exp.paren(key), expression=lit(16)),
                expression=exp.paren(exp.Sub(this=digit, expression=lit(1))),
            )
    micros = exp.DateDiff(this=col(ANCHOR), expression=lit(dt.datetime(1970, 1, 1)), unit=exp.var("MICROSECOND"))
    mixed = exp.Add(
        this=exp.Add(
            this=exp.Mul(this=exp.paren(_residue(key)), expression=lit(69_069)),
            expression=exp.Mul(this=exp.paren(_residue(micros)), expression=lit(40_503)),
        ),
        expression=lit((seed % _PRIME) * 2_654 % _PRIME),
    )
    return _residue(mixed)


def _residue(value: exp.Expression) -> exp.Expression:
    """`value` mod _PRIME in [0, _PRIME) (SQL's % keeps the sign of a negative value)."""
    p = lit(_PRIME)
    inner = exp.Mod(this=exp.cast(value, "BIGINT"), expression=p)
    return exp.Mod(this=exp.paren(exp.Add(this=inner, expression=p.copy())), expression=p.copy())


def select_context(
    cur,
    vq: ValidQuery,
    graph: Graph,
    plan: Plan,
    options: RunOptions,
    exclude: pa.Array | None = None,
    balance: bool = False,
    weigh: bool = False,
) -> pa.Table:
    """The labelled context examples (ENTITY, ANCHOR_TIMESTAMP, TARGET), at most `options.cap` of them, none
    of them an entity of `exclude` (a backtest of a static target: its examples share the anchor). With
    `balance` (a class target the model reads directly), each anchor's examples are shared evenly by the
    classes, and a fourth column PRIOR_RATIO says, per row, how much rarer its class is in the context than
    among the labelled examples of the anchors used (a class's true share / its kept share). With `weigh`, the
    same column says it of each row's stratum of recent activity (what undoes the strata in a total)."""
    cap = options.cap
    if not plan.context_anchors:
        raise _no_examples(cur, vq, graph, plan, 0, "the data has no history before the anchor")
    n_entities = entities_at(cur, graph, vq.entity_table, plan.anchor)
    per_anchor = anchor_share(cap, len(plan.context_anchors))
    fraction = 1.0 if n_entities == 0 else min(1.0, 8.0 * per_anchor / n_entities)

    def labelled_at(share: float) -> pa.Table:  # a larger share draws the same hash buckets and more
        seed = sampled_seed(vq, graph, plan.context_anchors, share, options.seed, known_at=plan.anchor)
        return cur.sql(to_sql(strata.labels_with_lag(vq, graph, seed))).to_arrow_table()

    labelled = labelled_at(fraction)
    if fraction < 1 and labelled.num_rows < cap:  # a selective filter, or most windows without a label
        fraction = _deeper(fraction, 2.0 * cap / max(labelled.num_rows, 1))
        labelled = labelled_at(fraction)
    if balance and fraction < 1 and vq.task_type is TaskType.BINARY:  # a rare outcome: sampled deeper for it
        rarer = _rarer_count(labelled)
        want = per_anchor * len(plan.context_anchors) / 2  # its even share of the context
        if rarer < want / 2:
            fraction = _deeper(fraction, want / max(rarer, 1))
            labelled = labelled_at(fraction)
    order = seasonal_order(vq, plan, labelled)
    lead = seasonal_lead(vq, plan, order)
    labelled = lead_sampled_deeper(
        cur, vq, graph, lead, labelled, (fraction, n_entities, cap, options.seed, plan.anchor), strata.labels_with_lag
    )
    if exclude is not None:
        labelled = labelled.filter(pc.invert(pc.is_in(labelled.column(ENTITY), value_set=exclude)))
    if balance:  # the model has N_CLASSES class slots: the most frequent classes, not the first of equal shares
        labelled = strata.most_frequent_classes(labelled, N_CLASSES)
        groups = strata.label_groups(labelled)
    else:
        groups = strata.strata(labelled)
    chosen = _take_newest_first(labelled, groups, per_anchor, cap, options.seed, order, lead)
    picked = labelled.take(pa.array(chosen)).drop_columns([strata.LAG])
    if balance or weigh:  # each row's group's share among the anchors' examples over its share in the context
        picked = picked.append_column(PRIOR_RATIO, pa.array(strata.group_ratios(labelled, groups, chosen)))
    if picked.num_rows < MIN_CONTEXT:
        raise _no_examples(cur, vq, graph, plan, picked.num_rows, "too few labelled examples")
    return season.marked(picked, order is not None)


def seasonal_order(vq: ValidQuery, plan: Plan, labelled: pa.Table) -> tuple | None:
    """The context anchors in the order they fill the context when last year's labels jumped at this time of
    year (runtime.season), else None (newest first). Binary and regression targets over a window."""
    k = season.steps_back(vq.horizon)
    if k is None or vq.static or vq.task_type not in (TaskType.BINARY, TaskType.REGRESSION, TaskType.FORECASTING):
        return None
    labels = np.array(labelled.column(TARGET).to_pylist(), dtype=np.float64)
    means = season.anchor_means(labelled.column(ANCHOR).to_numpy(), labels, plan.context_anchors)
    if not season.seasonal(means, k):
        return None
    return season.ordered(plan.context_anchors, k, _lead(vq, plan) or None)


def seasonal_lead(vq: ValidQuery, plan: Plan, order: tuple | None) -> tuple:
    """The anchors that may fill the whole context (`runtime.season`): this time of year in earlier years when
    the season is on (`order` is `seasonal_order`'s) for a level, else none."""
    return () if order is None else _lead(vq, plan)


def _lead(vq: ValidQuery, plan: Plan) -> tuple:
    """This time of year in earlier years for a level; none for a binary target, which keeps the mix."""
    return () if vq.task_type is TaskType.BINARY else season.same_time(plan.context_anchors, vq.horizon)


def anchor_limit(t, lead: frozenset, per_anchor: int, cap: int) -> int:
    """The most examples anchor `t` may give: the cap for a lead anchor (`lead`: their datetime64[us]), else
    `per_anchor`."""
    return cap if np.datetime64(t, "us") in lead else per_anchor


def lead_sampled_deeper(cur, vq: ValidQuery, graph: Graph, lead: tuple, labelled: pa.Table, sample, label_sql):
    """`labelled` with the rows of its `lead` anchors (`seasonal_lead`) labelled again from a sample deep enough
    for one anchor to fill the cap, where the first was sized for a quarter of it (`sample`: its fraction, the
    entities it was drawn from, the cap and the seed). The same hash buckets and more, so a superset of the
    first sample's rows; unchanged without a lead or where every entity was labelled already. `label_sql(vq,
    graph, seed)`: the labelled rows' SQL; `sample` ends with the anchor the context serves (`sampled_seed`)."""
    fraction, n_entities, cap, seed, known_at = sample
    deeper = 1.0 if n_entities == 0 else min(1.0, 8.0 * cap / n_entities)
    if not lead or deeper <= fraction:
        return labelled
    rows = cur.sql(to_sql(label_sql(vq, graph, sampled_seed(vq, graph, lead, deeper, seed, known_at))))
    rows = rows.to_arrow_table()
    at_lead = pc.is_in(labelled.column(ANCHOR), value_set=pa.array(lead, labelled.schema.field(ANCHOR).type))
    both = pa.concat_tables([labelled.filter(pc.invert(at_lead)), rows.cast(labelled.schema)])
    return both.take(pc.sort_indices(both, [(ANCHOR, "ascending"), (ENTITY, "ascending")]))  # stable: steps


def entities_at(cur, graph: Graph, name: str, anchor: dt.datetime) -> int:
    """How many entities exist at `anchor` (every row of a table without a time column): what the sampling
    fraction divides by, so rows added after the anchor change no prediction at it (point in time)."""
    tab = graph.table(name)
    if tab.time_column is None and tab.end_time_column is None:
        return tab.num_rows or 0
    count = exp.select(exp.Count(this=exp.Star())).from_(table(name)).where(label_compiler.exists_at(tab, lit(anchor)))
    return cur.execute(to_sql(count)).fetchall()[0][0]


def _deeper(fraction: float, factor: float) -> float:
    """The sampled share `factor` times deeper, at most DEEPEN_AT_MOST times and never past every entity."""
    return min(1.0, fraction * min(DEEPEN_AT_MOST, factor))


def _rarer_count(labelled: pa.Table) -> int:
    """How many of the labelled examples have the rarer outcome of a binary target (0 when only one is there:
    the rare one may be found deeper)."""
    counts = pc.value_counts(pc.drop_null(labelled.column(TARGET))).to_pylist()
    return min(c["counts"] for c in counts) if len(counts) == 2 else 0


# A sample that leaves the context short is drawn again this many times deeper at most: the first is sized for
# entities that mostly pass the filter and have a label, and a filter keeping 1 order in 75 (orders of the last
# month) left 3 labelled examples of 611 at the newest anchor alone (TPC-H)
DEEPEN_AT_MOST = 100.0


def anchor_share(cap: int, n_anchors: int) -> int:
    """The most examples one context anchor may give: a quarter of the cap, so that several periods are
    represented; with fewer anchors than that (a short history), the cap shared by those there are, so that a
    short history still fills the context (benchmarks/short_history.py)."""
    return max(cap // max(1, min(ANCHOR_SHARES, n_anchors)), MIN_CONTEXT)


def _take_newest_first(
    labelled: pa.Table,
    groups: np.ndarray,
    per_anchor: int,
    cap: int,
    seed: int,
    order: tuple | None = None,
    lead: tuple = (),
) -> np.ndarray:
    """The rows of at most `per_anchor` examples of each anchor (of an anchor in `lead`, up to the cap), newest
    anchors first (or in `order`), `cap` in all; within an anchor shared evenly by `groups` (runtime.strata:
    recent activity, or the label's class)."""
    if labelled.num_rows == 0:
        return np.zeros(0, np.int64)
    anchors = labelled.column(ANCHOR).to_numpy()
    rng = np.random.default_rng(seed)
    chosen: list[int] = []
    lead_at = frozenset(np.datetime64(a, "us") for a in lead)
    for t in anchor_order(anchors, order):
        rows = np.flatnonzero(anchors == t)
        take = min(anchor_limit(t, lead_at, per_anchor, cap), cap - len(chosen), len(rows))
        chosen.extend(strata.take_even(rows, groups[rows], take, rng))
        if len(chosen) >= cap:
            break
    return np.sort(np.asarray(chosen, dtype=np.int64))


def anchor_order(anchors: np.ndarray, order: tuple | None) -> list:
    """The distinct values of `anchors` newest first, or in `order` (those it lists first)."""
    newest = list(np.unique(anchors)[::-1])
    if order is None:
        return newest
    rank = {np.datetime64(a, "us"): i for i, a in enumerate(order)}
    return sorted(newest, key=lambda t: rank.get(np.datetime64(t, "us"), len(rank)))


def _no_examples(cur, vq: ValidQuery, graph: Graph, plan: Plan, found: int, why: str) -> NoExamplesError:
    too_long = window_too_long(cur, vq, graph)
    if too_long is not None:  # no anchor, earlier or later, can help: say so rather than suggest one
        return NoExamplesError(f"No context to learn from at the prediction anchor {plan.anchor}. {too_long}")
    if (held := filter_values.no_rows(cur, vq, graph)) is not None:  # a value no row holds: no anchor can help
        return NoExamplesError(f"No context to learn from: {held}")
    q = vq.query
    n = len(plan.context_anchors)
    before = f"before the prediction anchor {plan.anchor}"
    tried = (
        f"{n} anchors from {plan.context_anchors[-1]} to {plan.context_anchors[0]} {before}"
        if n > 1
        else f"the anchor {plan.context_anchors[0]} {before}"
        if n and plan.context_anchors[0] != plan.anchor
        else f"no anchors {before}"
        if not n
        else f"the prediction anchor {plan.anchor}"  # a static target's examples share the prediction's anchor
    )
    if not plan.context_anchors and plan.earliest is not None:  # the anchor is too early for any window
        amount, unit = vq.horizon
        return NoExamplesError(
            f"No context to learn from: the data in {', '.join(vq.target_tables)} starts at {plan.earliest}, so no "
            f"{amount}-{unit.rstrip('s')} {horizon_window(vq.query)} fits between it and the prediction anchor "
            f"{plan.anchor}. "
            f"To fix: pass an anchor_time at or after {step_back(plan.earliest, _step(cur, vq, graph), -1)} (the later, the more "
            f"examples), or use a shorter {horizon_window(vq.query)}."
        )
    hints = []
    if (
        vq.static
        and q.entity_filter is not None
        and (q.target in ast.walk(q.entity_filter) or (found == 0 and _kept(cur, vq, graph, plan)))
    ):
        # `WHERE users.age IS NULL`, to fill in the gaps, or `WHERE lots.status = 'active'` for lots.final_price (an
        # auction trial was told to loosen it): the filter keeps only rows without a label for context too
        key = f"{vq.entity_table}.{vq.entity_key}"
        read = next(n for n in ast.walk(q.target) if isinstance(n, ast.ColumnRef))  # a condition's column
        gaps = exp.select(col(vq.entity_key)).from_(table(vq.entity_table)).where(col(read.column).is_(exp.null()))
        hints.append(
            f"list the rows to fill in instead of filtering them, FOR {key} IN (...) or entities=[...] (the keys of "
            f"{to_sql(gaps)}): the WHERE filter picks the context examples too, and it keeps only rows that have "
            f"no {q.target} to learn from"
        )
    elif q.entity_filter is not None:
        key = f"{vq.entity_table}.{vq.entity_key}"
        hints.append(
            _after_every_anchor(q.entity_filter, plan, key)
            or _state_hint(cur, q.entity_filter, graph, plan, key)
            or "loosen the WHERE entity filter"
        )
    if q.assuming is not None:
        key = f"{vq.entity_table}.{vq.entity_key}"
        hints.append(_state_hint(cur, q.assuming, graph, plan, key) or "loosen ASSUMING")
    if later_reads_more(cur, vq, graph, plan.anchor):  # at the data's end a later anchor has nothing more
        hints.append("pass a later anchor_time (more history before it)")
    if not vq.static:
        hints.append(f"use a shorter {horizon_window(vq.query)} (more anchors fit in the history)")
    elif not hints:  # a static column almost nobody has a value of, at the data's end: nothing else to loosen
        hints.append(f"predict a column that more {vq.entity_table} rows have a value of")
    return NoExamplesError(
        f"No context to learn from: {why} ({found} found, at least {MIN_CONTEXT} needed) at {tried}."
        f" To fix: {'; or '.join(hints)}."
    )


def _after_every_anchor(condition, plan: Plan, key: str) -> str | None:
    """The hint for an entity filter that keeps only rows dated after a fixed date later than every context anchor
    (`WHERE posts.created_at > 2024-12-20`, the newest context anchor 2024-12-17): at no past anchor does an entity
    pass it, whatever else the filter says (a social trial was told only to loosen the filter). None otherwise."""
    if not plan.context_anchors:
        return None
    newest = max(plan.context_anchors)
    for node in ast.walk(condition):
        if not isinstance(node, ast.Comparison) or node.op not in (">", ">=") or node.right is None:
            continue
        value = node.right.value
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            value = dt.datetime.combine(value, dt.time())
        if not isinstance(node.left, ast.ColumnRef) or not isinstance(value, dt.datetime):
            continue  # a count's threshold (`COUNT(orders.*, -30, 0, days) > 100`) is no date: it compared as one
        if value.tzinfo is not None:  # the anchors are naive UTC
            value = value.astimezone(dt.UTC).replace(tzinfo=None)
        if value > newest if node.op == ">=" else value >= newest:  # `>=` at the newest anchor still passes
            return (
                f"compare {node.left} with a date before the context anchors (the newest: {newest}): "
                f"{node.left} {node.op} {node.right.value} is after every one of them, so no past anchor has an "
                f"entity that passes it and none can teach the model; to predict only the rows it keeps, list them "
                f"(FOR {key} IN (...), or entities=[...])"
            )
    return None


def _kept(cur, vq: ValidQuery, graph: Graph, plan: Plan) -> bool:
    """Whether the entity filter keeps any entity at the prediction's anchor (none of them labelled, if asked here)."""
    seed = query_seed(vq, graph, plan.anchor)
    return bool(cur.execute(to_sql(exp.select(exp.Count(this=exp.Star())).from_(seed.subquery("k")))).fetchall()[0][0])


def _state_hint(cur, condition, graph: Graph, plan: Plan, key: str) -> str | None:
    """`state_filter_hint` at the newest context anchor (a static target's: the prediction's)."""
    return state_filter_hint(cur, condition, graph, max(plan.context_anchors), key) if plan.context_anchors else None


def query_seed(vq: ValidQuery, graph: Graph, anchor: dt.datetime, entities=None, within=None) -> exp.Select:
    """The entities to predict at `anchor`: listed ones always; under FOR EACH, those that exist and pass
    the entity filter (only among the keys `within`, when given: the per-row form)."""
    listed = entities if entities is not None else vq.query.entities
    seed = label_compiler.seed_for_anchors(vq, graph, [anchor], listed if listed is not None else within)
    if listed is not None:
        return seed
    rows = label_compiler.label_rows(vq, graph, seed)
    keep = exp.and_(col("PASSES_FILTER"), col("ENTITY_EXISTS"))
    return exp.select(col(ENTITY), col(ANCHOR)).from_(rows.subquery("q")).where(keep)


__all__ = ["Plan", "make_plan", "select_context", "query_seed"]
