"""What to say when a target's filter reads a date of the rows it counts other than their time, and every label
came out the same (or all but 1 in 100, `rare_note`): `COUNT(subscriptions.* WHERE subscriptions.cancelled_at IS NOT NULL, 0, 30, days) > 0`
counts the subscriptions started in the window (by their time column) that were cancelled by its end, which
almost none are, where the user meant the cancellations that happen in the window. The one-label warning
blamed a misspelt category (a telecom trial); the fix is a view whose time is that date."""

from __future__ import annotations

import numpy as np
from sqlglot import exp

from rfm_sql.graph import Graph, SType
from rfm_sql.pql import ast
from rfm_sql.pql.tasks import TaskType
from rfm_sql.pql.validate import ValidQuery
from rfm_sql.pql.views import create_view

EXPECTED = 5  # examples of the rarer label at the newest anchor, at least, for `survivor_note` to judge


def note(vq: ValidQuery, graph: Graph) -> str | None:
    """The hint for the first date a target's filter reads that is not its table's time column, else None."""
    for agg in (n for n in ast.walk(vq.query.target) if isinstance(n, ast.Aggregation) and n.filter is not None):
        tab = graph.table(agg.column.table)
        for ref in (n for n in ast.walk(agg.filter) if isinstance(n, ast.ColumnRef) and n.table == tab.name):
            if ref.column == tab.time_column or tab.column(ref.column).stype is not SType.TIMESTAMP:
                continue
            view = f"{tab.name}_by_{ref.column}"
            rows = exp.select(exp.Star(except_=[exp.column(tab.time_column)])).from_(exp.to_table(tab.name))
            create = create_view(view, rows.where(exp.not_(exp.column(ref.column).is_(exp.null()))))
            return (
                f"The target's filter reads {tab.name}.{ref.column}, a date of the rows it counts: a window counts "
                f"the {tab.name} rows dated in it by {tab.time_column} whose {ref.column} is known by the window's "
                f"end. To count them by when {ref.column} happens, make it their time: {create}; then count "
                f"{view}.* (rfm_sql takes {ref.column} as its time; if not, "
                f'rfm.graph.set_time_column("{view}", "{ref.column}")).'
            )
    return None


def rare_note(vq: ValidQuery, graph: Graph, y: np.ndarray, ratios: list) -> str | None:
    """`note` where a binary target's rarer label is under 1 in 100 at its true rate (`ratios`: a
    balanced context's prior ratios): a bank trial's account closures counted the accounts opened in the window
    that closed by its end, 1 positive of 1,700 (AUROC 0.09), and the hint was shown only when there were none."""
    if vq.task_type is not TaskType.BINARY or not len(y):
        return None
    weights = np.asarray(ratios, dtype=np.float64) if ratios else np.ones(len(y))
    share = weights[np.asarray(y == True, dtype=bool)].sum() / weights.sum()  # noqa: E712 (labels are objects)
    if min(share, 1 - share) >= 0.01:
        return None
    why = note(vq, graph)
    return None if why is None else f"Fewer than 1 example in 100 is labelled {share < 0.5}. {why}"


def entity_filter_note(vq: ValidQuery) -> str | None:
    """Why every label may be the same under an entity filter on a column of the entity's own row: the filter also
    chooses the examples the model learns from, and a column that changes with the outcome keeps those whose
    outcome is not known yet (a hotel trial's `WHERE bookings.status = 'confirmed'`: the bookings not yet
    resolved, none of them cancelled, where the warning blamed a misspelt category alone)."""
    if vq.query.entity_filter is None:
        return None
    own = sorted(
        {
            f"{n.table}.{n.column}"
            for n in ast.walk(vq.query.entity_filter)
            if isinstance(n, ast.ColumnRef) and n.table == vq.entity_table
        }
    )
    if not own:
        return None
    return (
        f"Or: the WHERE filter on {', '.join(own)} also chooses the examples the model learns from, and where it "
        "reads a column that changes with the outcome (a status that becomes 'cancelled'), it keeps only rows whose "
        "outcome is not known yet, all of one label. Filter on what is known before the outcome, or name the rows "
        f"to predict (FOR {vq.entity_table}.{vq.entity_key} IN (...)) without that filter."
    )


def survivor_note(vq: ValidQuery, y: np.ndarray, anchors) -> str | None:
    """A warning where an entity filter on a column of the entity's own row keeps, at the older context anchors,
    (nearly) only examples of one label while the newest anchor's are mixed: the column holds today's state, so at
    a past anchor the filter keeps the entities whose outcome did not come (a rentals trial's `WHERE tenants.status
    = 'current'`: only the tenants still there today, none of whom moved out; the context's move-outs were 0% at
    three of four anchors against 10-13% truly, and the backtest read accuracy 1.0 with no word). The older
    anchors' share of the newest anchor's rarer label is under a tenth of the newest anchor's, which holds
    EXPECTED of them at least."""
    if vq.task_type is not TaskType.BINARY or anchors is None or (note := entity_filter_note(vq)) is None:
        return None
    labels, at = np.asarray([str(v) for v in y], dtype=object), np.asarray(anchors, dtype=object)
    newest = max(at) if len(at) else None
    new, old = labels[at == newest], labels[at != newest]
    if not len(old) or len(set(new)) < 2:
        return None
    rarer = min(set(new), key=lambda v: (new == v).sum())
    share_new, share_old = (new == rarer).mean(), (old == rarer).mean()
    if (new == rarer).sum() < EXPECTED or share_old > share_new / 10:
        return None
    return (
        f"The context's examples are labelled {rarer} on {share_new:.0%} of the newest anchor's ({newest}) and "
        f"{share_old:.0%} of the older anchors'. T{note.removeprefix('Or: t')}"
    )
