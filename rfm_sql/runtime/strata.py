"""Context examples that cover the entities being predicted: strata by the entity's own recent history.

When most entities are inactive, a uniform sample of (entity, anchor) examples is mostly inactive ones, and
the few active examples leave the model little to learn the active entities from. Each example is put in a
stratum by its *lagged target* — the query's target over the horizon just before the example's anchor (for
`COUNT(orders.*, 0, 30, days)`, the count over (anchor - 30 days, anchor]), computed by the same label SQL:
zero or missing (inactive), or one of ACTIVE_STRATA quantile ranges of the non-zero lags. The strata share
each anchor's examples evenly, a stratum with fewer examples than its share giving the rest to the others.
The stratum is a function of history up to the anchor (point in time), not of the label, so the examples
within a stratum keep their label distribution: the model still learns how inactive entities behave, from
fewer of them.

The strata do not depend on which entities a prediction asks for (the context never does).

A class target (binary, multiclass) is grouped by its label instead (`label_groups`): each anchor is shared
evenly by the classes, so a rare class is learned from more than its share, and `prior_ratios` records each
row's class's true share over its kept share, with which the model's probabilities are turned back to the
true rates (runtime.decoding.classification). Beyond the model's class slots only the most frequent classes
are kept (`most_frequent_classes`), as an unbalanced context's encoder would keep them.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pyarrow as pa
from sqlglot import exp

from rfm_sql.compile import labels as label_compiler
from rfm_sql.compile.sqlutil import ANCHOR, ENTITY, TARGET, col
from rfm_sql.graph import Graph
from rfm_sql.pql import ast
from rfm_sql.pql.tasks import TaskType
from rfm_sql.pql.validate import ValidQuery

LAG = "RFM_LAGGED_TARGET"
STRATIFIED = (TaskType.REGRESSION,)  # task types whose context is stratified
ACTIVE_STRATA = 3  # strata of the active examples (measured on benchmarks/inactive.py: 1, 2, 3, 5 tried)


def lagged_query(vq: ValidQuery) -> ValidQuery | None:
    """The query whose label at anchor t is `vq`'s target one horizon earlier (its window shifted back by its
    end), without filter or ASSUMING; None where there is no such lag (static targets, no aggregation)."""
    if vq.static or vq.task_type not in STRATIFIED or not isinstance(vq.query.target, ast.Aggregation):
        return None
    agg = vq.query.target
    w = agg.window
    amount = w.end  # the target's own horizon (vq.horizon may be a longer ASSUMING's, which this lag drops)
    window = replace(w, start=None if w.start is None else w.start - amount, end=w.end - amount)
    target = replace(agg, window=window)
    return replace(vq, query=replace(vq.query, target=target, entity_filter=None, assuming=None))


def labels_with_lag(vq: ValidQuery, graph: Graph, seed: exp.Query) -> exp.Select:
    """The labels of `vq` over `seed` (ENTITY, ANCHOR_TIMESTAMP, TARGET) with the lagged target as a fourth
    column LAG (NULL where the query has no lag)."""
    labels = label_compiler.labels(vq, graph, seed)
    if leaving := open_states(vq, graph):  # a state rows leave is no outcome: such an example's answer is to come
        value = exp.cast(col(TARGET), "VARCHAR")
        settled = exp.not_(exp.In(this=value, expressions=[exp.Literal.string(v) for v in leaving]))
        labels = exp.select("*").from_(labels.subquery("o")).where(exp.or_(col(TARGET).is_(exp.null()), settled))
    lagged = lagged_query(vq)
    if lagged is None:
        return (
            exp.select(col(ENTITY), col(ANCHOR), col(TARGET), exp.null().as_(LAG, quoted=True))
            .from_(labels.subquery("l"))
            .order_by(col(ANCHOR), col(ENTITY))
        )
    lag = label_compiler.label_rows(lagged, graph, seed.copy())
    on = exp.and_(
        exp.EQ(this=col(ENTITY, "l"), expression=col(ENTITY, "g")),
        exp.EQ(this=col(ANCHOR, "g"), expression=col(ANCHOR, "l")),
    )
    return (
        exp.select(col(ENTITY, "l"), col(ANCHOR, "l"), col(TARGET, "l"), col(TARGET, "g").as_(LAG, quoted=True))
        .from_(labels.subquery("l"))
        .join(lag.subquery("g"), on=on, join_type="left")
        .order_by(col(ANCHOR, "l"), col(ENTITY, "l"))
    )


def open_states(vq: ValidQuery, graph: Graph) -> tuple[str, ...]:
    """The states a FIRST or LAST target's column holds until a later date moves its rows on ('booked' until a
    consultation starts or is cancelled: `Table.open_values`, graph/filled_later). A context example labelled so has
    no outcome yet: a telehealth trial's copy learnt 'booked' from the consultations booked far ahead and predicted
    it as the next visit's status for 452 of 3,709 patients (accuracy 0.786 against a backtest's 0.854)."""
    target = vq.query.target
    if not isinstance(target, ast.Aggregation) or target.func not in ("FIRST", "LAST") or target.column.is_star:
        return ()
    return dict(graph.table(target.column.table).open_values).get(target.column.column, ())


def strata(labelled: pa.Table) -> np.ndarray:
    """Each example's stratum: 0 where the lagged target is missing or zero (no recent activity); else 1 to
    ACTIVE_STRATA by the lag's quantiles among the active examples (so the range of recent values is covered,
    and the inactive stratum takes at most 1 / (ACTIVE_STRATA + 1) of an anchor while active ones last). All 0
    without a lag."""
    if LAG not in labelled.column_names:
        return np.zeros(labelled.num_rows, np.int64)
    lag = np.array([np.nan if v is None else float(v) for v in labelled.column(LAG).to_pylist()], dtype=np.float64)
    active = np.isfinite(lag) & (lag != 0)
    out = np.zeros(len(lag), np.int64)
    if active.any():
        cuts = np.quantile(lag[active], np.arange(1, ACTIVE_STRATA) / ACTIVE_STRATA)
        out[active] = 1 + np.searchsorted(cuts, lag[active], side="right")
    return out


def label_groups(labelled: pa.Table) -> np.ndarray:
    """Each example's class (an index into its distinct labels): the groups of a balanced class context."""
    _, groups = np.unique(_label_keys(labelled), return_inverse=True)
    return groups.astype(np.int64)


def most_frequent_classes(labelled: pa.Table, n: int) -> pa.Table:
    """The labelled examples of the `n` most frequent classes (all of them when there are at most `n`): what
    the encoder keeps of an unbalanced context, decided before balancing makes the counts equal."""
    keys = _label_keys(labelled)
    classes, counts = np.unique(keys, return_counts=True)
    if len(classes) <= n:
        return labelled
    kept = classes[np.argsort(-counts, kind="stable")[:n]]
    return labelled.filter(pa.array(np.isin(keys, kept)))


def group_ratios(labelled: pa.Table, groups: np.ndarray, chosen: np.ndarray) -> np.ndarray:
    """Per chosen row of `labelled`, its group's share among the labelled examples of the anchors chosen from,
    over its share among the chosen rows: what undoes the even shares (a class or stratum kept twice as often as
    it occurs gets 0.5)."""
    used = np.isin(labelled.column(ANCHOR).to_numpy(), np.unique(labelled.column(ANCHOR).to_numpy()[chosen]))
    kept_groups, kept_counts = np.unique(groups[chosen], return_counts=True)
    pool_counts = np.array([(groups[used] == g).sum() for g in kept_groups], dtype=np.float64)
    ratio = (pool_counts / used.sum()) / (kept_counts / len(chosen))
    return ratio[np.searchsorted(kept_groups, groups[chosen])]


def _label_keys(table: pa.Table) -> np.ndarray:
    """The TARGET column as comparable keys (labels may be booleans, numbers or text)."""
    return np.array([repr(v) for v in table.column(TARGET).to_pylist()], dtype=object)


def take_even(rows: np.ndarray, groups: np.ndarray, size: int, rng: np.random.Generator) -> np.ndarray:
    """`size` of `rows` (at most all of them), shared evenly among `groups`: a group with fewer rows than its
    share gives the rest to the others."""
    labels = np.unique(groups)
    counts = np.array([(groups == g).sum() for g in labels])
    share = np.zeros(len(labels), np.int64)
    left = min(size, len(rows))
    while left > 0:  # water-filling: equal shares, capped by what each group has
        open_ = np.flatnonzero(share < counts)
        each = max(1, left // len(open_))
        for i in open_:
            add = min(each, counts[i] - share[i], left)
            share[i] += add
            left -= add
            if left == 0:
                break
    picked = [rng.choice(rows[groups == g], size=share[i], replace=False) for i, g in enumerate(labels)]
    return np.sort(np.concatenate(picked)) if picked else rows[:0]
