"""What a backtest says of itself: where its contexts read better than predictions will, each thing once.

A backtest learns and scores at past anchors, so a column that holds today's state, a running total or an entity
filter on today's state can flatter it in ways a prediction at the present is not flattered; the notes the
contexts carry (runtime.context's `flatters` and `unread`) and those only a backtest says are gathered here and
warned once per backtest, not once per anchor.
"""

from __future__ import annotations

import warnings

import numpy as np

from rfm_sql.errors import RFMWarning
from rfm_sql.graph import Graph
from rfm_sql.pql.validate import ValidQuery
from rfm_sql.runtime import (
    class_spellings,
    closed_periods,
    filter_values,
    running_totals,
    state_columns,
    today_filter,
)


def backtest_notes(cur, vq: ValidQuery, graph: Graph, suspects, stale=()) -> list[str]:
    """What a backtest says of itself: the running totals among `suspects` it reads (runtime.running_totals), which
    a prediction need not, an entity filter on today's state (runtime.today_filter; `stale`: the categories the
    state check found so), which a prediction says in its own words, and a filter value the data also spells
    otherwise (a transit trial's backtest left out 39 'STUDENT' cards beside 'student' without a word), period
    summaries written when their period closes (runtime.closed_periods), and a class target spelt several ways
    (runtime.class_spellings)."""
    totals = running_totals.note(running_totals.tracked(cur, graph, suspects))
    spelt = filter_values.spelled_otherwise(cur, vq, graph)  # a prediction's rows say it in their WARNING
    closed = closed_periods.note(cur, vq, graph, state_columns.present(cur, vq, graph))  # rows written late
    classes = class_spellings.note(cur, vq, graph)  # a class target spelt several ways
    return [n for n in (totals, today_filter.note(vq, graph, stale), spelt, closed, classes) if n]


OFF_BY = 0.1  # a binary backtest's mean probability this far from its share of True, at least ...
ODDS = 3.0  # ... and its odds this many times apart
MIN_SCORED = 50


def off_rate(y_true: list, scores: list) -> str | None:
    """What a binary backtest says when its mean probability is far from the share of True among the examples it
    scores (OFF_BY apart, their odds ODDS times, well beyond chance): the contexts' examples, at anchors one horizon
    apart back from each, were unlike those scored. A cloud host's invoices, issued on the 1st, backtested at 1st-of-
    month anchors from contexts at mid-month ones (45-day windows): a mean of 0.38 where 0.96 were late, no word."""
    n = len(y_true)
    if n < MIN_SCORED or len(scores) != n:
        return None
    rate, mean = float(np.mean([bool(v) for v in y_true])), float(np.mean(scores))
    odds = [min(max(p, 1e-3), 1 - 1e-3) / (1 - min(max(p, 1e-3), 1 - 1e-3)) for p in (rate, mean)]
    chance = 4 * np.sqrt(max(rate * (1 - rate), 0.01) / n)
    if abs(rate - mean) < max(OFF_BY, chance) or max(odds) < ODDS * min(odds):
        return None
    return (
        f"The predictions' mean probability ({mean:.2f}) is far from the share of True among the {n:,} examples scored "
        f"({rate:.2f}): the contexts learnt from examples unlike these. Where rows come in a cycle (invoices on the "
        "1st, a weekly shift), anchors one horizon apart fall at other points of it than the ones scored: a window of "
        "whole cycles (0, 1, months), or backtest anchors spread over the cycle, says how well it predicts."
    )


POOLED_BY = 0.02  # a pooled AUROC this far outside every anchor's


def pooled_apart(metrics: dict, per_anchor: dict) -> str | None:
    """What a backtest over several anchors says when its pooled AUROC lies outside the range of its anchors' (a
    subscription-box trial's skips: 0.44 pooled, 0.49-0.52 at each anchor, the share of True 14% in June and 6% in
    September): pooled scores rank one anchor's examples against another's, which the per-anchor numbers do not."""
    pooled, each = metrics.get("auroc"), [m["auroc"] for m in per_anchor.values() if "auroc" in m]
    if pooled is None or len(each) < 2 or min(each) - POOLED_BY <= pooled <= max(each) + POOLED_BY:
        return None
    return (
        f"The AUROC over all anchors ({pooled:.3f}) lies outside every anchor's own ({min(each):.3f} to "
        f"{max(each):.3f}): the share of True moves between anchors, and the pooled score ranks one anchor's examples "
        "against another's. Read each anchor's (per_anchor) for how well it ranks the entities of one time."
    )


def flattering(results: list, backtest_only: list[str] = ()) -> list[str]:
    """What made the contexts of `results` read better than predictions will, each once, warned (`backtest_only`:
    what a backtest says and a prediction need not, `backtest_notes` and `off_rate`): a marketplace
    trial's per-order returns backtested at AUROC 0.99 with no word (refunds exist only for returned orders), where
    the warning came only with predictions."""
    notes = dict.fromkeys(r.prepared.flatters for r in results if r.prepared.flatters)
    said = [f"This backtest reads better than predictions will. {note}" for note in notes]
    said += state_columns.distinct(r.prepared.unread for r in results)
    said += list(backtest_only)
    for message in said:
        warnings.warn(message, RFMWarning, stacklevel=4)
    return said


def kept_and_warned(evaluation, note: str) -> None:
    """Warn of what the metrics rest on, and keep it in the evaluation's warnings (`to_dict`, the SQL rows' note):
    a home-services trial's "The AUROC rests on 1 positive example" was a Python warning only."""
    evaluation.warnings.append(note)
    warnings.warn(note, RFMWarning, stacklevel=4)
