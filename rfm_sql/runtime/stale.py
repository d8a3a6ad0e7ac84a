"""The anchor a prediction is made at and what its rows' WARNING says: the stray timestamps a default anchor left
out, a target table that runs on alone past the rest (`anchors.default`), and stale history: the target's (or
ASSUMING's) tables have no rows in the horizon before the anchor (`staleness`); entities that may have ended
(`runtime.ended`)."""

from __future__ import annotations

import datetime as dt

from rfm_sql.graph import Graph
from rfm_sql.pql.validate import ValidQuery
from rfm_sql.runtime import class_spellings, filter_values
from rfm_sql.runtime.anchors import default
from rfm_sql.runtime.ended import left_out_note, unset_end_note
from rfm_sql.runtime.table_ends import Latest, batch_period, observed
from rfm_sql.runtime.timestamps import step_back, to_timestamp


def prediction_anchor(cur, vq: ValidQuery, graph: Graph, anchor_time=None) -> tuple[dt.datetime, str | None]:
    """The anchor a prediction is made at, and what its rows' WARNING says (None: nothing): the stray
    timestamps a default anchor left out, stale history before the anchor (`staleness`), entities that may
    have ended before it (`runtime.ended`), a filter value the data also spells otherwise
    (`filter_values.spelled_otherwise`), and a class target spelt several ways (`class_spellings`)."""
    found = default(cur, vq, graph) if anchor_time is None else Latest(to_timestamp(anchor_time))
    notes = (
        found.note,
        staleness(cur, vq, graph, found.time) or after_the_end(cur, vq, graph, found.time),
        unset_end_note(cur, vq, graph, found.time),
        left_out_note(cur, vq, graph, found.time),
        filter_values.spelled_otherwise(cur, vq, graph),
        class_spellings.note(cur, vq, graph),
    )
    notes = [n for n in notes if n is not None]
    return found.time, " ".join(notes) or None


def staleness(cur, vq: ValidQuery, graph: Graph, anchor: dt.datetime) -> str | None:
    """A warning when one of the target's tables has no rows in the horizon before `anchor`: the newest context
    examples would have empty label windows in it, and predictions would extrapolate from older history. Each
    table on its own: one that ended long ago, beside one that goes on (`COUNT(a.*) > 0 OR COUNT(b.*) > 0`),
    makes the newest examples' labels drop as surely as a single stale one. The same for an ASSUMING table:
    its empty windows would pick the newest context examples by nothing that happened."""
    if vq.static:
        return None
    notes = []
    assuming = tuple(n for n in vq.assuming_tables if n not in vq.target_tables)
    for whose, names in (("target's", vq.target_tables), ("ASSUMING", assuming)):
        stale = []
        for name in names:
            end = observed(cur, graph, [name]).time
            if (
                end is not None
                and end <= step_back(anchor, vq.horizon, 1)
                and not _in_batch(cur, graph, name, anchor, end)
            ):
                stale.append((name, end))
        if stale:
            notes.append(_stale_note(vq, anchor, whose, stale))
    if not notes:
        return None
    return " ".join(notes) + " Pass an anchor_time within the data, or check that the data is complete."


def after_the_end(cur, vq: ValidQuery, graph: Graph, anchor: dt.datetime) -> str | None:
    """A warning for an anchor after the last row of the target's tables by more than a tenth of the horizon (a
    day at least; `staleness` speaks beyond a whole one): the days between hold no rows, so the entities' recent
    activity reads lower than it was, and so do the newest context examples' labels, whose windows those days
    end (a telecom trial: 30-day data use predicted 13% lower 10 days past the end, 36% lower 25 days past it).
    Not within a batch's period past the end of tables written in batches (`table_ends.batch_period`)."""
    if vq.static:
        return None
    end = observed(cur, graph, vq.target_tables).time
    slack = max(dt.timedelta(days=1), (anchor - step_back(anchor, vq.horizon, 1)) / 10)
    if end is None or anchor - end <= slack or anchor - end <= 1.2 * batch_period(cur, graph, vq.target_tables):
        return None
    return (
        f"The anchor {anchor} is {(anchor - end).total_seconds() / 86400:,.0f} days after the end of the data in "
        f"{', '.join(vq.target_tables)} ({end}): those days hold no rows, so recent activity, and the newest "
        f"context examples' labels, read lower than they were, unless nothing happened then. Pass anchor_time at "
        f"or before {end}, or load the missing rows."
    )


def _in_batch(cur, graph: Graph, name: str, anchor: dt.datetime, end: dt.datetime) -> bool:
    """Whether `anchor` is within a batch's period past `end`, the last row of a table written in batches."""
    return anchor - end <= 1.2 * batch_period(cur, graph, [name])


def _stale_note(vq: ValidQuery, anchor: dt.datetime, whose: str, stale: list) -> str:
    ends = [f"{name} at {end} ({(anchor - end).total_seconds() / 86400:,.0f} days before)" for name, end in stale]
    one = len(stale) == 1
    effect = (
        "label windows and the predictions extrapolate from older history"
        if whose == "target's"
        else "ASSUMING windows, so ASSUMING picks them as if nothing happened there"
    )
    return (
        f"The {whose} {'table' if one else 'tables'} {', '.join(n for n, _ in stale)} {'has' if one else 'have'} "
        f"no rows in the {vq.horizon[0]} {vq.horizon[1]} before the anchor {anchor} (data up to: "
        f"{'; '.join(ends)}): the newest context examples have empty {effect}."
    )
