"""A category of the entity's own row that holds today's state and is common now too: a donor's tier 'lapsed' (no
gift in a year) is on a third of the donors predicted now, as on the context's examples, so `state_columns`, which
compares the two, let it through; but at a past anchor it tells who lapsed after it. A nonprofit trial's lapse
backtest read AUROC 0.87 with it where predictions on a copy of the database as it stood score 0.78.

Its sign is among the entities active lately, with rows of the target's table in the last horizon before their
anchor (a SLACK of it more, now): a state rows reach by going quiet is on (nearly) none of those active now, while
the context's active examples hold it (those that went quiet after their anchor). A value on at least SHARE of the
context's active examples (EXPECTED of the entities active now, at least, if they were like them) and on under a
RATIO-th of that share of the entities active now is not read, with the same note as state_columns'. The mirror
(`begun`): a state rows reach by becoming active (a subscriber flag) is on none of the entities predicted now with no
rows of the target's table yet, while the context's examples with none hold it. Only the entity's own categories,
for a target counted over one table linked to the entity; static targets are not checked."""

from __future__ import annotations

from sqlglot import exp

from rfm_sql.compile import entity_asof
from rfm_sql.compile.sqlutil import ENTITY, child_label, col, lit, shift, table, time_of
from rfm_sql.graph import Graph
from rfm_sql.pql.validate import ValidQuery
from rfm_sql.runtime import plan
from rfm_sql.runtime.state_columns import listed, value_counts
from rfm_sql.runtime.timestamps import SECONDS

SHARE = 0.1  # of the context's active examples, at least
EXPECTED = 10.0  # entities active now that would hold it, at least: a chance absence of 5 expected was seen
RATIO = 10
MIN_ACTIVE = 20  # entities active now, and active examples, at least
SLACK = 0.1  # of the horizon: how much further back than it the entities active now may have their last row


def stale(cur, vq: ValidQuery, graph: Graph, columns: dict, kinds: dict[str, str], now, weights=None) -> dict:
    """{feature name: (table.column, the values none of the entities active now hold, their share of the active
    context)}, as above; `columns`: feature name -> the context's values; `now`: state_columns.present; `weights`:
    each context example's weight back to the population (a class-balanced context's PRIOR_RATIO), or None."""
    found = _setup(vq, graph, kinds, now, lambda n, label: n.startswith(f"{label}.count_"))
    if found is None:
        return {}
    link, count, own = found
    active = [(v or 0) > 0 for v in columns[count]]  # its first window is the horizon (compile.features.windows)
    return _rare(cur, vq, graph, link, own, columns, active, now, True, weights)


def begun(cur, vq: ValidQuery, graph: Graph, columns: dict, kinds: dict[str, str], now, weights=None) -> dict:
    """The same for a state rows reach by becoming active (`stale` is of going quiet): a patron's is_subscriber,
    true from its first subscription, is on none of the patrons predicted now that have no subscription yet, while
    the context's examples without one hold it (those that subscribed after their anchor). A theatre trial's
    subscriptions backtested at AUROC 0.90/0.97/0.91 reading it, where predictions on copies of the database as it
    stood read 0.71/0.62/0.64 (0.74/0.72/0.65 backtested without it)."""
    found = _setup(vq, graph, kinds, now, lambda n, label: n == f"{label}.count_all")
    if found is None:
        return {}
    link, count, own = found
    never = [(v or 0) == 0 for v in columns[count]]
    return _rare(cur, vq, graph, link, own, columns, never, now, False, weights)


def _setup(vq: ValidQuery, graph: Graph, kinds: dict[str, str], now, counts) -> tuple | None:
    """(the link to the target's one table, the count feature `counts(name, label)` picks, {feature: column} of the
    entity's own categories), or None where there is nothing to check."""
    tab = graph.table(vq.entity_table)
    if now is None or vq.static or tab.primary_key is None or len(vq.target_tables) != 1 or not vq.horizon:
        return None
    fact = graph.table(vq.target_tables[0])
    links = [lk for lk in graph.children(tab.name) if lk.child == fact.name]
    if fact.time_column is None or len(links) != 1:
        return None
    link = links[0]
    label = child_label(graph, tab.name, link)
    count = next((n for n in kinds if counts(n.split(":", 1)[-1], label)), None)
    own = {}  # the categories of the entity's own row: f7:donors.tier (not one a log reads as of the anchor)
    as_of = entity_asof.logged_columns(graph, tab)
    for name, kind in kinds.items():
        table_name, _, column = name.split(":", 1)[-1].partition(".")
        if kind == "categorical" and table_name == tab.name and tab.has_column(column) and column not in as_of:
            own[name] = column
    return None if count is None or not own else (link, count, own)


def _rare(cur, vq, graph, link, own: dict, columns: dict, kept: list[bool], now, recent: bool, weights) -> dict:
    """The values of `own` on SHARE of the `kept` context examples at least and on under a RATIO-th of that share of
    the entities predicted now that are kept alike (`recent`: active lately; else with no rows yet). The shares are
    weighted back to the population: a class-balanced context over-samples the rarer class's entities (a moving
    trial's repeat commercial customers, 11% of the active context and 1% of the active now, were taken for today's
    state)."""
    if sum(kept) < MIN_ACTIVE:
        return {}
    weights = [1.0] * len(kept) if weights is None or len(weights) != len(kept) else weights
    total = sum(w for w, a in zip(weights, kept, strict=True) if a)
    held_now, n_now = _held_now(cur, vq, graph, link, list(own.values()), now, recent)
    if n_now < MIN_ACTIVE:
        return {}
    out = {}
    for i, (name, column) in enumerate(own.items()):
        counts: dict[str, float] = {}
        for v, a, w in zip(columns[name], kept, weights, strict=True):
            if a and v is not None:
                counts[str(v)] = counts.get(str(v), 0.0) + w
        rare = {}
        for v, k in counts.items():
            share = k / total
            if share >= SHARE and share * n_now >= EXPECTED and held_now.get((i, v), 0) / n_now <= share / RATIO:
                rare[v] = share
        if rare:
            out[name] = (f"{vq.entity_table}.{column}", sorted(rare, key=lambda v: -rare[v]), sum(rare.values()))
    return out


def _held_now(cur, vq: ValidQuery, graph: Graph, link, own: list[str], now, recent: bool) -> tuple[dict, int]:
    """({(i, value): how many of the entities predicted now with rows of the target's table in the last horizon
    (`recent`; else with none up to now) hold it in `own[i]`}, how many such entities there are)."""
    tab, fact = graph.table(vq.entity_table), graph.table(link.child)
    amount, unit = vq.horizon
    t = time_of(fact, fact.time_column, "f")
    # a SLACK of the horizon further back: monthly payers on the 1st are 30 days and 8 hours past their last payment
    # at the end of a 31-day month (a tutoring trial's bundle plans, held by none "active lately", went unread)
    slack = int(SLACK * amount * SECONDS.get(unit, 30.44 * SECONDS["days"]))
    since = shift(shift(lit(now), -amount, unit), -slack, "seconds")
    until = exp.LTE(this=t.copy(), expression=lit(now))
    rows_in = exp.and_(exp.GT(this=t, expression=since), until) if recent else until
    active = exp.select(col(link.fkey, "f").as_("k")).distinct().from_(table(fact.name, "f")).where(rows_in)
    seed = plan.query_seed(vq, graph, now)
    rows = (
        exp.select(*[exp.cast(col(c, "e"), "VARCHAR").as_(f"c{i}", quoted=True) for i, c in enumerate(own)])
        .from_(seed.subquery("s"))
        .join(table(tab.name, "e"), on=exp.EQ(this=col(tab.primary_key, "e"), expression=col(ENTITY, "s")))
        .join(
            active.subquery("a"),
            on=exp.EQ(this=col("k", "a"), expression=col(ENTITY, "s")),
            join_type="inner" if recent else "left",
        )
    )
    if not recent:  # none of its rows yet
        rows = rows.where(col("k", "a").is_(exp.null()))
    counts = value_counts(cur, rows, len(own))
    return {(i, v): k for i, held in counts.items() for v, k in held.items()}, sum(counts.get(0, {}).values())


def begun_note(vq: ValidQuery, found: dict[str, tuple]) -> str | None:
    """What the WARNING says of the columns `begun` found."""
    if not found:
        return None
    fact = vq.target_tables[0]
    return (
        f"Not read: {listed(found, f'of the context examples with no {fact} rows before their anchor')}. None of the "
        f"{vq.entity_table} with no {fact} rows yet and predicted now hold those values, so the column holds today's "
        f"state (a flag set once an entity's {fact} rows begin), which at a past anchor tells whose rows began after "
        "it: the context would learn the outcome from it and backtests would read better than predictions can be. "
        "If the column never changes, to stop this check, drop the column from a view of the table."
    )


def note(vq: ValidQuery, found: dict[str, tuple]) -> str | None:
    """What the WARNING says of the columns `stale` found."""
    if not found:
        return None
    return (
        f"Not read: {listed(found, 'of the context examples active in the horizon before their anchor')}. None of "
        f"the {vq.entity_table} active lately and predicted now hold those values, so the column holds today's state "
        "(a tier set once an entity goes quiet), which at a past anchor tells who went quiet after it: the context "
        "would learn the outcome from it and backtests would read better than predictions can be. If the column "
        "never changes, to stop this check, drop the column from a view of the table."
    )
