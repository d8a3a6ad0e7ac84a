"""Categories set from a row's recent activity: a customer's loyalty_tier from its last 90 days of payments, an
app user's app_version (the newest only on those who came back). Every value is common now too, so the checks that
compare the context with the entities predicted now (runtime.state_columns, active_states) let them through; but at a
past anchor the value read tells what the row did after it. A parking trial's vehicles going quiet backtested at
AUROC 0.81/0.84/0.84 reading their customer's tier, where predictions on copies of the database as it stood read
0.80/0.81/0.81; without it 0.81/0.83/0.82 both (the context had learnt from it, and predictions lost by it too).

Its sign is in time: such a column tells the row's activity of the last RECENT days before the present far better
than that of the same days a year before (a value set at sign-up, a plan or a region, tells both alike). Over the rows
of its table that were there all along (dated YEAR + RECENT days before the present, at least MIN_ROWS), the share
of the spread of log(1 + rows) of its busiest dated child table in each window that the column's values explain (the
correlation ratio, eta squared) is read: a column explaining at least EXPLAINED of the recent window and over RATIO
times the year-earlier one is not read (the encoder gives it no slot), with a note naming it. On the trial databases
every category flagged so was today's state (14 of 57 databases': statuses, a plan, a tier), and every category set
once explained the two windows within 1.7 times of each other. Where activity persists, a tier held by the same
heavy users year after year explains the earlier window too (a car-sharing trial's tier, from the last 90 days'
trips: 0.71 of the recent window's spread, 0.29 of the year-earlier one; its churn backtested at 0.817 where a copy
taken at the anchor read 0.763); so a column explaining PERSISTENT of the recent window and of what the earlier
window's activity leaves unexplained of it is not read either. Over 61 trial databases the columns above it were
all today's states (statuses, tiers, plans, a firmware version); the set-once column nearest it, a prescriber's
specialty, explained 0.24. A tier set from the last year's activity (an auto-repair trial's loyalty_tier, from the
last 365 days' invoices) explains the last 90 days no better (0.45 against 0.26 a year before, 0.22 beyond it): where
the data reaches two years back (LONG_MIN days each), the last year's activity is compared with the year's before it,
and a category of LONG_VALUES values at most explaining LONG_EXPLAINED of the last and over LONG_RATIO times the one
before is not read (0.75 against 0.28 there). Over 66 trial databases it adds nine columns, all today's states
(tiers, plans, statuses, a lease type relabelled on renewal); of those set once, a course's unit number read 0.43
against 0.19 (25 values: LONG_VALUES), a loan's product 0.13 against 0.07. Over 87, a ratio of LONG_RATIO adds three
more today's states (a salon's loyalty_tier from the last year's points, 0.63 against 0.31: its churn backtested
0.08-0.14 above honest; a lender's credit_grade; a verified flag), the nearest set-once column an inverter's model
(0.31 against 0.20).
Where the data does not reach a year before the
window, the window compared is as far back as it reaches (MIN_GAP days at least), and the recent window's share asked
is NEARER_EXPLAINED: a parking trial's copy taken 407 days into its data read the tier at every past anchor (AUROC
0.770, 0.792 without it). The entity's own categories and those of the rows its
keys reference, not those a log reads as of the anchor; static targets, forecasts and pair-scored targets are not
checked."""

from __future__ import annotations

import datetime as dt
import weakref

import duckdb
from sqlglot import exp

from rfm_sql.compile import entity_asof
from rfm_sql.compile import filled_later as filling
from rfm_sql.compile.sqlutil import col, lit, shift, table, time_of, to_sql
from rfm_sql.graph import Graph, SType
from rfm_sql.pql.validate import ValidQuery
from rfm_sql.runtime.timestamps import to_timestamp

RECENT = 90  # days before the present
YEAR = 365  # days back to the window compared
MIN_GAP = 270  # ... or as far as the data reaches, this far at least: a year of data reaches 275 days back
# ... where the window compared is nearer than a year back (not the same season, and near the data's start), the
# share explained asked: a region explained 0.16 of a shop's last 90 days against 0.05 of its first 90
NEARER_EXPLAINED = 0.3
EXPLAINED = 0.15
RATIO = 3.0
# ... or, where activity persists (a tier kept by heavy users year after year explains both windows), this share of
# the recent window's spread beyond what the earlier window's activity predicts, and of the window itself
PERSISTENT = 0.3
# where the data reaches two years back, the last year's activity against the year before it: a category explaining
# LONG_EXPLAINED of the last and over LONG_RATIO times the one before (a tier from the last 365 days' invoices)
LONG_EXPLAINED = 0.2
LONG_RATIO = 1.85  # 2.2 left a salon's loyalty_tier (2.07), a lender's credit_grade (1.91), is_verified (1.91) read
LONG_MIN = 300  # days in each of the two windows at least (two years of data gave 729 days)
# values at most: a tier or a status takes few; a language course's unit_no (25), which learners move through as a
# cohort, explained its last year 0.43 and the year before 0.19 though set once
LONG_VALUES = 10
MIN_ROWS = 100
MAX_VALUES = 50


def stale(cur, vq: ValidQuery, graph: Graph, kinds: dict[str, str], now) -> dict[str, tuple[str, list, float]]:
    """{feature name: (table.column, [], the share of the recent window's spread it explains)} of the categorical
    features (`kinds`) of the entity's own row and of the rows its keys reference that are set from recent activity,
    as above; `now`: the present (state_columns.present)."""
    if now is None or vq.static:
        return {}
    by_table: dict[str, dict[str, list[str]]] = {}  # table -> column -> the features that read it
    for name, kind in kinds.items():
        via, _, what = name.split(":", 1)[-1].rpartition("->")
        if kind != "categorical" or what.count(".") != 1 or via.count("->"):
            continue
        table_name, column = what.split(".")
        if (
            table_name in graph.tables
            and (via or table_name == vq.entity_table)
            and graph.table(table_name).has_column(column)
        ):
            by_table.setdefault(table_name, {}).setdefault(column, []).append(name)
    out = {}
    for table_name, columns in by_table.items():
        for column, explained in _cached(cur, graph, table_name, list(columns), now).items():
            out |= {name: (f"{table_name}.{column}", [], explained) for name in columns[column]}
    return out


_FOUND: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # graph -> {(table, links, columns, now, rows): ...}


def _cached(cur, graph: Graph, name: str, columns: list[str], now: dt.datetime) -> dict[str, float]:
    """`_recent`, read again only when the present or the table's rows changed: it scans the busiest child table,
    which every prediction and each backtest anchor would otherwise repeat."""
    (rows,) = cur.execute(to_sql(exp.select(exp.Count(this=exp.Star())).from_(table(name)))).fetchall()[0]
    key = (graph.table(name), tuple(graph.children(name)), tuple(columns), now, rows)  # as the graph stands now
    cache = _FOUND.setdefault(graph, {})
    if key not in cache:
        if len(cache) >= 64:
            cache.clear()
        try:
            cache[key] = _recent(cur, graph, name, columns, now)
        except duckdb.Error:  # an engine without one of these functions (Spark runs the same SQL): nothing judged
            cache[key] = {}
    return cache[key]


def _recent(cur, graph: Graph, name: str, columns: list[str], now: dt.datetime) -> dict[str, float]:
    """{column: the share of the recent window's spread it explains} of those of `columns` set from recent activity."""
    tab = graph.table(name)
    kids = [lk for lk in graph.children(name) if lk.child != name and graph.table(lk.child).time_column]
    as_of = entity_asof.logged_columns(graph, tab) | filling.masked_columns(tab)  # read as the anchor held them
    columns = [c for c in columns if tab.column(c).stype is SType.CATEGORICAL and c not in as_of]
    if tab.primary_key is None or not kids or not columns:
        return {}
    link = max(kids, key=lambda lk: graph.table(lk.child).num_rows or 0)  # the busiest: its rows say activity
    child = graph.table(link.child)
    t = time_of(child, child.time_column, "f")
    (first,) = cur.execute(to_sql(exp.select(exp.Min(this=t.copy())).from_(table(child.name, "f")))).fetchall()[0]
    # the window compared: a year back, or as far back as the data reaches, MIN_GAP days at least (a year of
    # flights: every plane read none there)
    reach = (now - to_timestamp(first)).days if first is not None else 0
    out = {}
    gap = min(YEAR, reach - RECENT)
    if gap >= MIN_GAP:
        for column, held in _windows(cur, tab, child, link.fkey, columns, now, RECENT, gap).items():
            recent = _explained([(g[0], g[1], g[2]) for g in held])
            before = _explained([(g[0], g[3], g[4]) for g in held])
            apart = recent > RATIO * before or min(recent, _beyond_before(held)) >= PERSISTENT
            if recent >= (EXPLAINED if gap == YEAR else NEARER_EXPLAINED) and apart:
                out[column] = recent
    long = min(YEAR, reach // 2)  # the last year's against the year before it, or halves of what the data reaches
    if long >= LONG_MIN:  # (a tier from the last 365 days' invoices)
        for column, held in _windows(
            cur, tab, child, link.fkey, [c for c in columns if c not in out], now, long, long
        ).items():
            recent = _explained([(g[0], g[1], g[2]) for g in held])
            before = _explained([(g[0], g[3], g[4]) for g in held])
            if len(held) <= LONG_VALUES and recent >= LONG_EXPLAINED and recent > LONG_RATIO * before:
                out[column] = recent
    return out


def _windows(cur, tab, child, fkey: str, columns: list[str], now: dt.datetime, recent: int, gap: int) -> dict:
    """{column: its values' (count, sum r, sum r², sum d, sum d², sum r·d)} of log(1 + rows) of the `child` table
    (its `fkey` to `tab`) in the `recent` days before `now` (r) and as many days `gap` days earlier (d), over the
    rows of `tab` there all along; the columns with 2 to MAX_VALUES values over MIN_ROWS rows."""
    if not columns:
        return {}
    t, present = time_of(child, child.time_column, "f"), lit(now)

    def count(start: int, end: int) -> exp.Expression:
        inside = exp.and_(
            exp.GT(this=t.copy(), expression=shift(present.copy(), -start, "days")),
            exp.LTE(this=t.copy(), expression=shift(present.copy(), -end, "days")),
        )
        return exp.func("COUNT_IF", inside)

    counts = (
        exp.select(col(fkey, "f").as_("k"), count(recent, 0).as_("r"), count(gap + recent, gap).as_("d"))
        .from_(table(child.name, "f"))
        .group_by(col(fkey, "f"))
    )
    rows = exp.select(*[exp.cast(col(c, "e"), "VARCHAR").as_(f"c{i}") for i, c in enumerate(columns)]).from_(
        table(tab.name, "e")
    )
    rows = rows.select(*(exp.func("LN", 1 + exp.func("COALESCE", col(w, "c"), 0)).as_(w) for w in ("r", "d")))
    rows = rows.join(
        counts.subquery("c"), on=exp.EQ(this=col("k", "c"), expression=col(tab.primary_key, "e")), join_type="left"
    )
    if tab.time_column:  # the rows there all along: a row made since has no earlier window
        born = exp.LTE(
            this=time_of(tab, tab.time_column, "e"), expression=shift(present.copy(), -(gap + recent), "days")
        )
        rows = rows.where(born)
    parts = []
    for i in range(len(columns)):
        sums = [exp.Count(this=exp.Star())]
        for w in ("r", "d"):
            sums += [exp.Sum(this=col(w)), exp.Sum(this=exp.Pow(this=col(w), expression=lit(2)))]
        sums.append(exp.Sum(this=exp.Mul(this=col("r"), expression=col("d"))))
        parts.append(exp.select(lit(i).as_("i"), col(f"c{i}").as_("v"), *sums).from_("rfm_rows").group_by(col(f"c{i}")))
    union = parts[0]
    for part in parts[1:]:
        union = exp.union(union, part, distinct=False)
    groups: dict[int, list[tuple]] = {}
    for i, _, *stats in cur.execute(
        to_sql(exp.select("*").from_(union.subquery("u")).with_("rfm_rows", as_=rows))
    ).fetchall():
        groups.setdefault(i, []).append(stats)
    return {
        column: held
        for i, column in enumerate(columns)
        if 2 <= len(held := groups.get(i, [])) <= MAX_VALUES and sum(g[0] for g in held) >= MIN_ROWS
    }


def _beyond_before(groups: list[tuple]) -> float:
    """The share of the spread of the recent window's activity, less what the earlier window's predicts of it (a
    least-squares line), that the groups explain; `groups`: (count, sum r, sum r², sum d, sum d², sum r·d) each."""
    n, sr, srr, sd, sdd, srd = (sum(g[k] or 0 for g in groups) for k in range(6))
    spread = sdd / n - (sd / n) ** 2
    b = (srd / n - sr * sd / n / n) / spread if spread > 1e-12 else 0.0
    a = sr / n - b * sd / n
    residuals = []  # each group's (count, sum, sum of squares) of r - a - b d
    for k, r, rr, d, dd, rd in ((g[0], *(x or 0 for x in g[1:6])) for g in groups):
        total = r - a * k - b * d
        squares = rr - 2 * a * r - 2 * b * rd + a * a * k + 2 * a * b * d + b * b * dd
        residuals.append((k, total, squares))
    return _explained(residuals)


def _explained(groups: list[tuple]) -> float:
    """The correlation ratio (eta squared) of a number over groups given as (count, sum, sum of squares)."""
    n = sum(g[0] for g in groups)
    total = sum(g[1] or 0 for g in groups)
    spread = sum(g[2] or 0 for g in groups) - total * total / n
    if spread <= 1e-12:
        return 0.0
    between = sum((g[1] or 0) ** 2 / g[0] for g in groups if g[0]) - total * total / n
    return max(0.0, between / spread)


def note(vq: ValidQuery, found: dict[str, tuple]) -> str | None:
    """What the WARNING says of the columns `stale` found."""
    if not found:
        return None
    # the share said with what it is a share of: "shippers.status (65%)" read as a puzzle to a freight trial
    shares = (
        f"{c} (its values explain {share:.0%} of the spread of recent activity)" for c, _, share in found.values()
    )
    return (
        f"Not read: {'; '.join(dict.fromkeys(shares))}. Each tells the activity of the last {RECENT} days before the "
        "present far better than that of as many days a year earlier (or as far back as the data reaches), or the last "
        "year's far better than the year's before it, so it is set "
        "from recent activity (a tier, a version, a status), which at a past anchor tells what came after it: the "
        "context would learn the outcome from it and backtests would read better than predictions can be. If the "
        "column never changes, to stop this check, drop the column from a view of its table."
    )
