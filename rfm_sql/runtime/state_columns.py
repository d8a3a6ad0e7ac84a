"""Columns that hold today's state: not read where the entity's row holds them, warned of in a target's filter
(`filter_note`). Forecasts and pair-scored targets prepare their contexts elsewhere and are not checked.

A database keeps a row's current values: an opportunity's stage is 'Closed Won' once it is won, a subscription's
end_reason is filled when it ends. At a past anchor such a column tells what happened after it: the deals open
then read 'Closed Won' or 'Closed Lost' now, so the context learns the outcome from it, a backtest reads it too
(a CRM trial: AUROC 0.98 where 0.82 was honest), and the entities predicted today, whose state is still open,
never hold those values, so the predictions learned from them fail (0.56 on a copy of the database as it stood).
Its sign: values that are common among the context's examples and that (nearly) no entity predicted now has. A
category of the entity's own row, or of a row its keys reference (a subscription's listener's plan, 'free' once it
ends), whose values rare among the entities predicted at the present (the default anchor, under the query's entity
filter; under a RATIO-th of their share of the context) are on at least SHARE of the context's examples (or on
LEAK_SHARE, where those examples' labels lie far from the rest's: a rarer outcome written into the row), each such
value one that would be on EXPECTED of those entities at least if they were like the context, is not read (the
encoder gives it no slot) in predictions and backtests alike, with a note naming it and the values. A missing value
counts as a value: a key set only while the row is live (a tenant's current unit, NULL once the tenant leaves) makes
every column read through it missing at past anchors for the rows that ended since, and none of them is read then.
A rentals trial's move-out notices per tenant read AUROC 0.94/0.98/0.90 with such a key and a status 'former' that
14 of the tenants predicted now still held (rare, not absent), where 0.58/0.64/0.69 was honest; and a filter that
keeps 19 entities at the present used to skip the check (it asked for 20).
Static targets are not checked: their context is the
entities whose value is known, which a column written with the outcome may well tell apart (`outcome_rows`).
"""

from __future__ import annotations

import re

import numpy as np
from sqlglot import exp

from rfm_sql.compile import entity_asof
from rfm_sql.compile.filled_later import known_by
from rfm_sql.compile.sqlutil import ENTITY, col, filtered, lit, shift, table, time_of, to_sql
from rfm_sql.graph import Graph, SType
from rfm_sql.graph.ahead import known_ahead, rewritten
from rfm_sql.pql import ast
from rfm_sql.pql.validate import ValidQuery
from rfm_sql.runtime import anchors, plan
from rfm_sql.runtime.filter_values import folded

SHARE = 0.1  # of the context's examples with such values, at least
# ... or this much, where the examples holding them are labelled far apart from the rest (`apart`): an app's users
# who subscribed after the anchor read plan 'pro' today, 7.5% of a conversion context, 48% of them positive against
# 2.8% of the rest (backtest AUROC 0.90 where 0.84 was honest)
LEAK_SHARE = 0.02
APART = 1.0  # labels this many of the context's standard deviations apart (binary, numbers), or classes this far
# apart in total variation / 2 (multiclass)
EXPECTED = 5.0  # a value counts as absent only where the context says this many of the entities would hold it
MIN_NOW = 5  # entities predicted now, at least (EXPECTED asks more of them for a rarer value)
PERIOD_SHARE = 0.1  # of the older rows, for a value of theirs to count in telling a label of periods (moving_values)
PERIOD_NEWEST = 0.9  # of the newest rows on the new values, at least, for a label of periods (a lease's 'upcoming',
# on 28% of the newest leases beside 'active', is a state)
RUNS = 0.05  # of the older rows next in time, the most on which a label of periods changes value
RATIO = 10  # a value counts as absent now where its share of the entities now is under this part of the context's
SET = "set"  # a number or a date that is there, whatever it is
MISSING = "missing"  # how a NULL (or no row through a key) is shown: a key set only while a row is live is state
MAX_VALUES = 50  # a column of more distinct values at the present is not judged


def present(cur, vq: ValidQuery, graph: Graph):
    """The time the entities predicted now are predicted at (the default anchor), which both checks read; None for
    a static target, which neither checks."""
    return None if vq.static else anchors.default(cur, vq, graph).time


def stale(
    cur, vq: ValidQuery, graph: Graph, columns: dict, kinds: dict[str, str], now, labels=None
) -> dict[str, tuple[str, list, float]]:
    """{feature name: (table.column, the values no entity has now, their share of the context)} of the categorical
    columns of the entity's own row and of the rows its keys reference (`columns`: feature name -> the context's
    values) that hold today's state, as above; `now`: `present`; `labels`: the context's, where values under SHARE
    and over LEAK_SHARE count if their examples are labelled `apart` from the rest."""
    tab = graph.table(vq.entity_table)
    if now is None or tab.primary_key is None:
        return {}
    parents = {lk.fkey: graph.table(lk.parent) for lk in graph.parents(tab.name) if lk.parent != tab.name}
    as_of = entity_asof.logged_columns(graph, tab)  # read as the anchor held it (a log, a history)
    read = {}  # feature name -> (the key it is read through or None, table, column)
    for name, kind in kinds.items():
        via, _, what = name.split(":", 1)[-1].rpartition("->")
        what = what.removesuffix(".days_ago")  # a date of the row: whether it is set (a move-out date, once known)
        if what.count(".") != 1:
            continue
        t, column = what.split(".")
        if (via == "" and t == tab.name and column not in as_of) or (via in parents and parents[via].name == t):
            read[name] = (via or None, t, column, kind != "categorical")
    if not read:
        return {}
    seed = plan.query_seed(vq, graph, now)
    rows = exp.select().from_(seed.subquery("s"))
    rows = rows.join(table(tab.name, "e"), on=exp.EQ(this=col(tab.primary_key, "e"), expression=col(ENTITY, "s")))
    aliases = {}
    for i, (via, t, column, numeric) in enumerate(read.values()):
        if via is not None and via not in aliases:  # the row the entity's key references (a parent's columns)
            aliases[via] = f"p{len(aliases)}"
            on = exp.EQ(this=col(parents[via].primary_key, aliases[via]), expression=col(via, "e"))
            rows = rows.join(table(t, aliases[via]), on=on, join_type="left")
        held_by = graph.table(t)
        # a column filled in with a later date reads now as the features read it at any anchor (compile.filled_later)
        alias = aliases[via] if via else "e"
        value = known_by(held_by, exp.cast(col(column, alias), "VARCHAR"), alias, lit(now))
        if held_by.column(column).stype is SType.TIMESTAMP and not known_ahead(held_by, column):
            # a date reads as set only once it has come, now as at a past anchor (an end date ahead is not yet)
            at = time_of(held_by, column, alias)
            value = exp.Case(ifs=[exp.If(this=exp.LTE(this=at, expression=lit(now)), true=value)])
        if numeric:  # a number: only whether it is set
            value = exp.Case(ifs=[exp.If(this=exp.not_(value.is_(exp.null())), true=lit(SET))])
        rows = rows.select(value.as_(f"c{i}", quoted=True))
    vias = list(aliases)  # and whether a row is there through each key at all (NULL: the key leads nowhere)
    for j, via in enumerate(vias):
        there = exp.not_(col(parents[via].primary_key, aliases[via]).is_(exp.null()))
        rows = rows.select(exp.Case(ifs=[exp.If(this=there, true=lit(SET))]).as_(f"c{len(read) + j}", quoted=True))
    # each value's count among the entities predicted now (NULL: none, or no row through the key)
    held_now = value_counts(cur, rows, len(read) + len(vias))
    n = sum(held_now.get(0, {}).values())
    if n < MIN_NOW:
        return {}
    out, keys = {}, {}  # keys: the entity's keys set only while its row is live, and their missing share
    for i, (name, (via, t, column, numeric)) in enumerate(read.items()):
        held = dict(held_now.get(i, {}))
        missing = held.pop(None, 0)
        if len(held) > MAX_VALUES:
            continue
        context = [MISSING if v is None or _nan(v) else SET if numeric else str(v) for v in columns[name]]
        if not context:
            continue
        counts: dict[str, int] = {}
        for v in context:
            counts[v] = counts.get(v, 0) + 1
        # held now in any case or spacing: a card's holder_type 'STUDENT' on old cards only, 'student' on the live
        # ones, is one value spelt twice, not a state the cards moved out of (a transit trial lost its strongest column)
        spelt: dict[str, int] = {}
        for v, k in held.items():
            spelt[folded(str(v))] = spelt.get(folded(str(v)), 0) + k
        rare = {}  # values common in the context that (nearly) no entity holds now
        came = _dated_as_it_came(graph.table(t), column)
        for v, k in counts.items():
            if came and v == SET:  # set by the anchor is what had happened by then; unset may be a date moved on
                continue
            share = k / len(context)
            now_share = (missing if v == MISSING else spelt.get(folded(str(v)), 0)) / n
            if share * n >= EXPECTED and now_share <= share / RATIO:
                rare[v] = share
        total = sum(rare.values())
        if total >= SHARE or (total >= LEAK_SHARE and apart(labels, [v in rare for v in context])):
            out[name] = (f"{t}.{column}", sorted(rare, key=lambda v: -rare[v]), sum(rare.values()))
            if MISSING in rare and via is not None:  # maybe a key set only while the row is live (below)
                keys[via] = rare[MISSING]
    for j, via in enumerate(vias):  # ... where the key itself leads nowhere, not one NULL column of its row (a
        # candidate's last_active_at): at an example, every feature through it is missing; now, no row is there
        if via not in keys:
            continue
        through = [name for name, (v, *_) in read.items() if v == via]
        gone = sum(
            all(columns[name][r] is None or _nan(columns[name][r]) for name in through)
            for r in range(len(columns[through[0]]))
        )
        share, now_share = gone / len(columns[through[0]]), held_now.get(len(read) + j, {}).get(None, 0) / n
        if not (share * n >= EXPECTED and share >= SHARE and now_share <= share / RATIO):
            del keys[via]
    for via, share in keys.items():  # said once per key, not per column it leads to
        through = (f"what {tab.name}.{via} leads to", [MISSING], share)
        out |= {k: through for k in kinds if _through(k, via) and (k not in out or out[k][1] == [MISSING])}
    return out


def _dated_as_it_came(tab, column: str) -> bool:
    """Whether `tab.column` is a date read as set only once it has come (not set ahead, not rewritten: a notice's
    given_at): set at an anchor, it says what had happened by then, so a share set that differs now (notices given in
    the summer: a daycare trial's 9% of the context, 1% of the children now) is the season's, not today's state."""
    return tab.column(column).stype is SType.TIMESTAMP and not known_ahead(tab, column) and not rewritten(tab, column)


def apart(labels, holding: list[bool]) -> bool:
    """Whether the context's `labels` of the examples `holding` a value and of the rest lie APART: numbers (and
    True/False) by their means against the labels' standard deviation, classes by their shares."""
    if labels is None or len(labels) != len(holding):
        return False
    mask = np.asarray(holding, dtype=bool)
    if mask.all() or not mask.any():
        return False
    values = list(labels)
    if all(isinstance(v, (bool, int, float, np.bool_, np.number)) and v == v for v in values if v is not None):
        y = np.array([np.nan if v is None else float(v) for v in values])
        sd = np.nanstd(y)
        return bool(sd > 0 and abs(np.nanmean(y[mask]) - np.nanmean(y[~mask])) >= APART * sd)
    y = np.array([str(v) for v in values], dtype=object)
    classes = sorted(set(y))
    inside = np.array([np.mean(y[mask] == c) for c in classes])
    outside = np.array([np.mean(y[~mask] == c) for c in classes])
    return bool(np.abs(inside - outside).sum() / 2 >= APART / 2)


def value_counts(cur, rows: exp.Select, n: int) -> dict[int, dict]:
    """{i: {value: rows holding it}} of the columns c0..c{n-1} of `rows` (NULL counted as None), in one statement
    of plain SQL that every engine runs (Spark too)."""
    parts = [
        exp.select(lit(i).as_("i"), col(f"c{i}").as_("v"), exp.Count(this=exp.Star()).as_("k"))
        .from_("counted_rows")
        .group_by(col(f"c{i}"))
        for i in range(n)
    ]
    union = parts[0]
    for part in parts[1:]:
        union = exp.union(union, part, distinct=False)
    counts: dict[int, dict] = {}
    query = exp.select("*").from_(union.subquery("u")).with_("counted_rows", as_=rows)
    for i, v, k in cur.execute(to_sql(query)).fetchall():
        counts.setdefault(i, {})[v] = k
    return counts


def _nan(value) -> bool:
    return isinstance(value, float) and value != value


def _through(feature: str, via: str) -> bool:
    """Whether `feature` reads through the entity's key `via`: the row it references (`via->units.floor`), the
    rows below it (`via->units.meters...`), or the entity's siblings under it (`siblings[via].table.count`, and
    `siblings[via.building_id]` one link further up)."""
    name = feature.split(":", 1)[-1]
    return name.startswith(f"{via}->") or f"[{via}]" in name or f"[{via}." in name


def note(vq: ValidQuery, found: dict[str, tuple[str, list, float]]) -> str | None:
    """What the WARNING says of the columns `stale` found."""
    if not found:
        return None
    columns = listed(found, "of the context's examples")
    return (
        f"Not read: {columns}. Those values are on few or none of the {vq.entity_table} predicted now "
        "(under a tenth of their share of the context's), so the column holds today's state (a status rewritten as "
        "rows change, a field filled when a row ends, a key set only while the row is live), which at "
        "a past anchor tells what happened after it: the context would learn the outcome from it and backtests "
        "would read better than predictions can be. If the column never changes, the values simply no longer "
        "occur; to stop this check, drop the column from a view of the table."
        + (f" ({MISSING!r}: not set, or no row through the key, at the example's anchor.)" if _missing(found) else "")
    )


def distinct(notes) -> list[str]:
    """`notes` (one per backtest anchor) each once, those that differ only in their shares of the context counting
    as one (the first kept): a backtest over three anchors said the same "Not read" three times, with its numbers."""
    kept = {}
    for n in notes:
        if n:
            kept.setdefault(re.sub(r"\d+%", "%", n), n)
    return list(kept.values())


def _missing(found: dict[str, tuple[str, list, float]]) -> bool:
    """Whether a value `found` names is MISSING (a date not set yet at an anchor reads so: a pharmacy trial asked)."""
    return any(MISSING in values[:3] for _, values, _ in found.values())


def listed(found: dict[str, tuple[str, list, float]], share_of: str) -> str:
    """The columns `found` names ({feature: (table.column, values, share)}), each once with up to three values and
    their share (`share_of` says of what)."""
    parts = []
    for column, values, share in dict((f[0], f) for f in found.values()).values():  # a column once
        shown = ", ".join(repr(v) for v in values[:3]) + (", ..." if len(values) > 3 else "")
        parts.append(f"{column} ({shown}: {share:.0%} {share_of})")
    return "; ".join(parts)


def filter_note(cur, vq: ValidQuery, graph: Graph, now) -> str | None:
    """A warning where the target's filter reads a category of the rows it counts that holds each row's state
    today: values on at least SHARE of the newest rows (of the last horizon before the present; EXPECTED of them
    each) are on under a tenth of that share of the older rows, so rows move out of them as they age (a deal's
    stage: 'Prospecting' on 13% of the last quarter's deals, on none of the older ones, which read 'Closed Won' or
    'Closed Lost'). A label at a past anchor then counts a row by what it became later, not what it was then (a CRM
    trial's won amount per quarter counted the deals created in the quarter and won since, whenever that was).
    Only said: the labels are what PQL.md defines; a view dated by when the state was reached counts each row at
    its time. A category that began in the last horizon reads the same, and is warned of too. `now`: `present`."""
    target = vq.query.target
    agg = next((n for n in ast.walk(target) if isinstance(n, ast.Aggregation) and n.filter is not None), None)
    if agg is None or vq.horizon is None or now is None:
        return None
    fact = graph.table(agg.column.table)
    read = {
        n.column
        for n in ast.walk(agg.filter)
        if isinstance(n, ast.ColumnRef) and n.table == fact.name and fact.column(n.column).stype is SType.CATEGORICAL
    }
    if not read or not fact.time_column:
        return None
    parts = []
    for column in sorted(read):
        fresh = moving_values(cur, fact, column, now, vq.horizon)
        if fresh:
            amount, unit = vq.horizon
            shown = ", ".join(repr(v) for v in sorted(fresh, key=lambda v: -fresh[v])[:3])
            parts.append(
                f"{fact.name}.{column}, whose values {shown} are on {sum(fresh.values()):.0%} of the rows of the last "
                f"{amount} {unit} and almost none of the older ones"
            )
    if not parts:
        return None
    # the dates the graph knows the column is filled in with (a campground trial's reservations.cancelled_at)
    dated = [f"{fact.name} rows dated by {d}" for c, d in fact.filled_with if c in read]
    return (
        f"The target's filter reads {'; '.join(parts)}: rows move out of those values as they age, so the column "
        "holds each row's state today, and a label at a past anchor counts a row by what it became later, not what "
        "it was then. To count each row when it reached a state, predict over a view dated by when it did "
        f"({' or '.join(dated) if dated else 'won deals dated by their closed_at'})."
    )


def moving_values(cur, fact, column: str, now, horizon: tuple[int, str]) -> dict[str, float]:
    """{value: its share of the newest rows} of the values of `fact`'s category `column` that rows move out of as
    they age: on at least SHARE of the rows of the last `horizon` before `now` together (EXPECTED of them each),
    each on under a tenth of its share of the older rows; empty where there are none (or too few rows to tell)."""
    amount, unit = horizon
    t, start = time_of(fact, fact.time_column), shift(lit(now), -amount, unit)
    newest = exp.and_(exp.GT(this=t, expression=start), exp.LTE(this=t.copy(), expression=lit(now)))
    older = exp.LTE(this=t.copy(), expression=start.copy())
    value = exp.cast(col(column), "VARCHAR")
    query = (
        exp.select(value.as_("v"), filtered(exp.Count(this=exp.Star()), newest).as_("new"))
        .select(filtered(exp.Count(this=exp.Star()), older).as_("old"))
        .from_(table(fact.name))
        .group_by(value.copy())
    )
    rows = [r for r in cur.execute(to_sql(query)).fetchall() if r[0] is not None]
    n_new, n_old = sum(r[1] for r in rows), sum(r[2] for r in rows)
    if n_new < MIN_NOW or n_old < MIN_NOW:
        return {}
    fresh = {v: new / n_new for v, new, old in rows if new >= EXPECTED and old / n_old < 0.1 * new / n_new}
    if sum(fresh.values()) < SHARE:
        return {}
    # a label of periods: the newest rows all of the newest period, the older ones of several before it
    periods = sum(fresh.values()) >= PERIOD_NEWEST and sum(old >= PERIOD_SHARE * n_old for _, _, old in rows) >= 2
    return {} if periods and _runs(cur, fact, column, start) else fresh


def _runs(cur, fact, column: str, start) -> bool:
    """Whether the older rows' values come in runs through time, each in a stretch of its own, the value changing
    between rows next in time on under RUNS of them: a label of periods (a subscription's season, '2024-25' on
    every newest row, '2023-24' on the year's before), not a state rows move out of ('ended' and 'renewed' mixed at
    every age). A theatre trial's subscriptions.season was not read as "today's state"."""
    t, value = time_of(fact, fact.time_column), exp.cast(col(column), "VARCHAR")
    order = exp.Order(expressions=[exp.Ordered(this=t.copy()), exp.Ordered(this=value.copy())])
    rows = (
        exp.select(value.as_("v"), exp.Window(this=exp.func("LAG", value.copy()), order=order).as_("p"))
        .from_(table(fact.name))
        .where(exp.and_(exp.LTE(this=t, expression=start.copy()), exp.not_(col(column).is_(exp.null()))))
    )
    moved = exp.and_(exp.not_(col("p").is_(exp.null())), exp.NEQ(this=col("v"), expression=col("p")))
    query = exp.select(exp.Count(this=exp.Star()), filtered(exp.Count(this=exp.Star()), moved)).from_(
        rows.subquery("r")
    )
    n, changes = cur.execute(to_sql(query)).fetchall()[0]
    return bool(n) and changes < RUNS * n
