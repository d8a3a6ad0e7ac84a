"""A warning for entities predicted after they ended: one of the entity table's date/timestamp columns is named
like an end (`graph.names.end_name`: terminated_at, closed_at, discharged_at), is not among its end columns
(`Table.end_columns`: none, or a policy's end_date but not its cancelled_at) and falls at or before the anchor for
some entities that exist there.

Inference sets an end time only where the name says so plainly and the data agrees (graph/infer.py): a ticket's
closed_at or a stay's discharge may end the row or may not (a closed ticket can still be what a user asks
about), so there rfm_sql asks rather than guesses. Without the end time, 338 employees who had left were
predicted as staff (12 of the 50 most likely to leave had left already) and backtests were flattered by their
easy negatives.
"""

from __future__ import annotations

import datetime as dt
import warnings

from sqlglot import exp

from rfm_sql.compile import labels as label_compiler
from rfm_sql.compile.sqlutil import ANCHOR, ENTITY, lit, table, time_of, to_sql
from rfm_sql.compile.sqlutil import col as column
from rfm_sql.errors import RFMWarning
from rfm_sql.graph import Graph, is_time_type, names
from rfm_sql.graph.model import TIME_COLUMN, USER
from rfm_sql.pql import ast
from rfm_sql.pql.tasks import TaskType
from rfm_sql.pql.validate import ValidQuery
from rfm_sql.pql.views import dated_rows_view
from rfm_sql.runtime import plan


def unset_end_note(cur, vq: ValidQuery, graph: Graph, anchor: dt.datetime) -> str | None:
    """What a prediction's WARNING says when entities that exist at `anchor` have an end-like column at or
    before it that is not among the entity table's end columns, or, for a ranking, the ranked table's rows do
    (a bike trial's closed stations, recommended as the next start: None: nothing to say)."""
    filtered = {n.column for n in ast.walk(vq.query.entity_filter) if isinstance(n, ast.ColumnRef)}  # handled
    # under a filter, only the rows it keeps: a rentals trial counted every lease, where 21 of 1,700 scored had ended
    within = plan.query_seed(vq, graph, anchor) if vq.query.entity_filter is not None else None
    note = _table_note(cur, graph.table(vq.entity_table), anchor, filtered, "predicted", within, graph)
    target = vq.query.target
    if note is None and vq.task_type in (TaskType.LINK_PREDICTION, TaskType.MULTILABEL):
        parents = [lk.parent for lk in graph.parents(target.column.table) if lk.fkey == target.column.column]
        if parents and parents[0] != vq.entity_table:
            note = _table_note(cur, graph.table(parents[0]), anchor, set(), "ranked", graph=graph)
    return note


def _table_note(cur, tab, anchor: dt.datetime, filtered: set, what: str, within=None, graph=None) -> str | None:
    """`unset_end_note` for one table; `within`: a query's seed, whose entities alone count (those it predicts);
    `graph`: whose evidence says which end-like columns the rows' own child rows outlive (graph/outlived.py)."""
    if not tab.primary_key:
        return None
    cols = {c.name: c.dtype for c in tab.columns}
    skip = {tab.time_column, *tab.end_columns} | filtered
    ends = [c for c, dtype in cols.items() if c not in skip and is_time_type(dtype) and names.end_name(c, cols)]
    exists = label_compiler.exists_at(tab, lit(anchor))
    if within is not None:
        kept = exp.select(exp.column(ENTITY)).from_(within.subquery("w"))
        exists = exp.and_(exists, exp.In(this=exp.column(tab.primary_key), query=kept.subquery()))
    for col in ends:
        ended = exp.and_(exists.copy(), exp.LTE(this=time_of(tab, col), expression=lit(anchor)))
        sql = exp.select(exp.func("COUNT_IF", ended), exp.func("COUNT_IF", exists.copy())).from_(table(tab.name))
        n_ended, n_exist = cur.execute(to_sql(sql)).fetchall()[0]
        if n_ended:
            why = graph.why(tab.name, TIME_COLUMN) if graph is not None else ""
            outlived = next((w for w in why.split("; ") if w.startswith(f"not an end: {col},")), None)
            return _note(tab, col, n_ended, n_exist, anchor, what, within is not None, outlived)
    return None


def _note(
    tab,
    col: str,
    n_ended: int,
    n_exist: int,
    anchor: dt.datetime,
    what: str = "predicted",
    kept: bool = False,
    outlived: str | None = None,
) -> str:
    name = f"{tab.name}.{col}"
    rows = "that pass the query's filter" if kept else "that exist"
    said = f"{n_ended:,} of the {n_exist:,} {tab.name} rows {rows} at {anchor} have {name} at or before it, "
    # the graph's own finding said, not that an end was forgotten (a music school's teachers, whose lessons go on)
    if outlived is not None:
        return said + (
            f"and are {what}: {col} was not taken for when a row stops existing ({outlived}). If it is, set it: "
            f'rfm.graph.set_end_time("{tab.name}", "{col}") in Python; `rfm-sql graph DB --end-time {name} '
            f'--save graph.json`, then --graph graph.json; or "end_time_col": "{col}" in the graph file.'
        )
    if not tab.end_columns:
        return said + (
            f"and are {what} as if they had not ended: {tab.name} has no end time. If {col} is when a row "
            f"stops existing, set it, and those rows leave predictions and context: "
            f'rfm.graph.set_end_time("{tab.name}", "{col}") in Python; `rfm-sql graph DB --end-time {name} '
            f"--save graph.json`, then --graph graph.json (dbt: the plugin's graph: graph.json); or "
            f'"end_time_col": "{col}" in the graph file.'
        )
    both = [*tab.end_columns, col]  # a policy that expires (end_date) or lapses (cancelled_at): whichever first
    flags = " ".join(f"--end-time {tab.name}.{c}" for c in both)
    listed = ", ".join(f'"{c}"' for c in both)
    return said + (
        f"and are {what} as if they had not ended: {tab.name} rows end only by {' or '.join(tab.end_columns)}. "
        f"If {col} also ends a row, add it (whichever comes first ends the row): "
        f'rfm.graph.set_end_time("{tab.name}", [{listed}]) in Python; `rfm-sql graph DB {flags} --save graph.json`, '
        f'then --graph graph.json; or "end_time_col": [{listed}] in the graph file.'
    )


def left_out_note(cur, vq: ValidQuery, graph: Graph, anchor: dt.datetime) -> str | None:
    """What a prediction's WARNING says when the entity table's end time, inferred from a column's name rather than
    set by the user, leaves out rows that ended by `anchor` but would pass the query's filter: a donor's lapsed_at
    ends the row, yet a lapsed donor may give again, and a nonprofit trial's 1,327 lapsed donors went unpredicted
    without a word (a win-back query kept none and said only that no entity passed its filter)."""
    tab = graph.table(vq.entity_table)
    if not tab.end_columns or tab.primary_key is None or vq.query.entities is not None:
        return None
    if graph.why(tab.name, TIME_COLUMN) == USER:  # the user said when rows end
        return None
    n_left, n_kept = left_out(cur, vq, graph, anchor)
    if not n_left:
        return None
    ends = " or ".join(f"{tab.name}.{c}" for c in tab.end_columns)
    kept = "pass the query's filter" if vq.query.entity_filter is not None else "began by then"
    return (
        f"{n_left:,} {tab.name} rows that {kept} ended by {anchor} ({ends}, the end time inferred from its name) and "
        f"are not predicted ({n_kept:,} are). If a row can come back after it (a lapsed member who returns), predict "
        f'those too: rfm.graph.set_end_time("{tab.name}", None) in Python; `rfm-sql graph DB --no-end-time '
        f'{tab.name} --save graph.json`, then --graph graph.json; or "end_time_col": null in the graph file.'
    )


def left_out(cur, vq: ValidQuery, graph: Graph, anchor: dt.datetime) -> tuple[int, int]:
    """(rows that pass the entity filter at `anchor` but ended by then, rows that pass it and exist)."""
    tab = graph.table(vq.entity_table)
    seed = label_compiler.seed_for_anchors(vq, graph, [anchor], None)
    rows = label_compiler.label_rows(vq, graph, seed)
    on = exp.EQ(this=column(tab.primary_key, "e"), expression=column(ENTITY, "q"))
    passes, exists = column(label_compiler.FLAGS[0], "q"), column(label_compiler.FLAGS[2], "q")
    ended = label_compiler.ended_by(tab, lit(anchor), "e")
    sql = (
        exp.select(exp.func("COUNT_IF", exp.and_(passes, ended)), exp.func("COUNT_IF", exp.and_(passes.copy(), exists)))
        .from_(rows.subquery("q"))
        .join(table(tab.name, "e"), on=on)
    )
    n_left, n_kept = cur.execute(to_sql(sql)).fetchall()[0]
    return n_left or 0, n_kept or 0


def warn_in_backtest(cur, vq: ValidQuery, graph: Graph, truth) -> str | None:
    """The same warning for a backtest, at its last anchor: it scores those rows too, and what an ended policy does
    next is easy to tell (a trial's lapse backtest read AUROC 0.97 with them, 0.75 without; predictions warned,
    the backtest, whose number users trust, did not). Returned too, for the evaluation's own warnings."""
    note = unset_end_note(cur, vq, graph, max(truth.column(ANCHOR).to_pylist()))
    if note is None:
        return None
    note += " The backtest scores them too: their labels are easy to tell, so its metrics read better than they are."
    warnings.warn(note, RFMWarning, stacklevel=4)
    return note


def target_note(vq: ValidQuery, graph: Graph) -> str | None:
    """Why every label is the same where the entity table has an end time: a static target that reads the
    entity's own end column (`PREDICT members.deleted_at IS NULL`, where a social trial was told of a misspelt
    category; an end after the anchor is not known at it), or a target over a window that asks whether activity
    stops (a maintenance trial's `COUNT(sensor_daily.*, 0, 30, days) = 0` for machines that report until the day
    they retire). Either way a row is an entity only until it ends, and the way to ask is to count the ends."""
    tab = graph.table(vq.entity_table)
    if not tab.end_columns or tab.primary_key is None:
        return None
    read = [n.column for n in ast.walk(vq.query.target) if isinstance(n, ast.ColumnRef) and n.table == tab.name]
    ends = [c for c in read if c in tab.end_columns]
    if (vq.static and not ends) or (not vq.static and not _asks_whether_it_stops(vq.query.target)):
        return None
    end = (ends or list(tab.end_columns))[0]
    if vq.static:
        why = f"{tab.name}.{end} is when a row of {tab.name} ends, and a row is predicted and learnt from only while "
        why += f"it exists, when its {end} is still unknown: every example has it NULL."
    else:
        why = f"A row of {tab.name} is predicted and learnt from only until it ends ({end}): if it is active until "
        why += "then, no example stops."
    return f"{why} {_count_the_ends(tab, end)}"


def _count_the_ends(tab, end: str) -> str:
    """How to ask which rows of `tab` end in a window: count the ends, as rows dated by `end`."""
    key, view = tab.primary_key, f"{tab.name}_{end}"
    create = dated_rows_view(view, tab.name, key, f"ended_{key}", end)
    return (
        f"To predict which rows end in a window (a ban, a cancellation, a retirement), count the ends as rows "
        f'dated by {end}: {create}; then rfm.graph.link("{view}", "ended_{key}", "{tab.name}") and PREDICT '
        f"COUNT({view}.*, 0, 90, days) > 0 FOR EACH {tab.name}.{key}."
    )


def _asks_whether_it_stops(target) -> bool:
    """`COUNT(...) = 0` (or <= 0, < 1), `NOT COUNT(...) > 0`: whether the entity's rows stop coming."""
    if isinstance(target, ast.Not):
        inner = target.item
        if not isinstance(inner, ast.Comparison) or not _count(inner):
            return False
        return (inner.op == ">" and _is(inner, 0)) or (inner.op == ">=" and _is(inner, 1))
    if not isinstance(target, ast.Comparison) or not _count(target):
        return False
    return (target.op in ("=", "<=") and _is(target, 0)) or (target.op == "<" and _is(target, 1))


def _count(comparison) -> bool:
    return isinstance(comparison.left, ast.Aggregation) and comparison.left.func == "COUNT"


def _is(comparison, *values) -> bool:
    return comparison.right is not None and comparison.right.value in values


def lost_classes_note(cur, vq: ValidQuery, graph: Graph, anchor: dt.datetime) -> str | None:
    """What a prediction's WARNING says when a static class target's rows that ended by `anchor` hold classes no
    row that exists there holds: a row is learnt from only while it exists, so a class that marks how rows end
    (an enrollment's status 'dropped', set with its dropped_at) was never predicted, and no word said why (an
    online-course trial)."""
    tab = graph.table(vq.entity_table)
    target = vq.query.target
    asked = None  # a binary target's values (bookings.status = 'cancelled': an airline trial's every label False)
    if isinstance(target, ast.Comparison) and target.op in ("=", "IN") and isinstance(target.left, ast.ColumnRef):
        target, asked = (
            target.left,
            target.right.value if isinstance(target.right.value, tuple) else (target.right.value,),
        )
    if not (vq.static and tab.end_columns and tab.primary_key and isinstance(target, ast.ColumnRef)):
        return None
    if vq.task_type is TaskType.REGRESSION or target.table != tab.name:
        return None
    at = exp.cast(lit(anchor), "TIMESTAMP")
    ended, live = label_compiler.ended_by(tab, at), label_compiler.exists_at(tab, at.copy())
    value = exp.column(target.column)
    rows = exp.select(
        value.as_("v"), exp.func("COUNT_IF", ended).as_("n"), exp.func("COUNT_IF", live).as_("live")
    ).from_(table(tab.name))
    rows = rows.where(exp.not_(value.copy().is_(exp.null()))).group_by(value.copy())
    held = cur.execute(to_sql(rows.order_by(exp.column("n").desc()))).fetchall()
    lost = [(v, n) for v, n, alive in held if n and not alive]
    if asked is not None:  # only where no live row holds any value asked: then no example is True
        if any(alive for v, _, alive in held if v in asked):
            return None
        lost = [(v, n) for v, n in lost if v in asked]
    if not lost:
        return None
    said = ", ".join(f"{v!r} ({n:,} rows)" for v, n in lost[:3])
    ends = " or ".join(tab.end_columns)
    return (
        f"{tab.name}.{target.column} takes values that only rows ended by the anchor hold: {said}. A row is "
        f"predicted and learnt from only until it ends ({ends}), so these are never predicted. If an ended row is "
        f"what you want to learn from, unset the end time: rfm.graph.set_end_time({tab.name!r}, None), or in a graph "
        f"file 'end_time_col': null."
    ) + (f" {_count_the_ends(tab, tab.end_columns[0])}" if asked is not None else "")
