"""Columns whose changes a child table logs: an employee's level, raised by a promotion that `job_changes` records
with old_level and new_level; a customer's plan, switched in `plan_switches` (from_plan_id, to_plan_id). The
entity's row holds today's value, so at a past anchor it reads what came after it: an HR trial's promotion
context read the level each employee was promoted to, a utility trial's churn read the plan customers switched to.
Such a column (`Table.logged_in`) reads at an anchor as the `before` value of the first logged change after it, or
its own value where none came after (compile.features): what the database held at the anchor.

A child table C (dated, one link to the entity's table E) logs E's column x where two of C's columns are named
like x (contain its name, or its name less an `_id` ending, of three letters at least; failing two such and a
same-named one, its last word, none as general as code or type, and for a category both holding its values:
plan_tier's from_tier and to_tier) and, on each entity's latest
C row, one of them (the `after`) equals x on at least SHARE of the entities and the other (the `before`) on fewer,
by GAP of them at least; MIN_ENTITIES entities with C rows at least. Inferred from the data at each attach, like
the columns filled in later.

A history table is the other form of such a log (a dbt snapshot, SCD type 2: one row per version of the entity,
dated by when it began, `dbt_valid_from`): C holds a column named as x exactly, whose value on each entity's latest C
row equals x on at least SHARE of the entities, and several values of x on some entity's rows. It is marked with x as both its
`before` and its `after` (`history`), and x reads at an anchor as its latest version begun by then, or, for an
entity whose versions all began later, its first one (compile.entity_asof). A warehouse trial's churn read today's
plan and tier at every past anchor (backtest AUROC 0.75, 0.59 predicting from a copy taken at the anchor)."""

from __future__ import annotations

import contextlib
from dataclasses import replace

import duckdb
from sqlglot import exp

from rfm_sql.compile.sqlutil import col, count_where, filtered, lit, table, time_of
from rfm_sql.graph import meters
from rfm_sql.graph.model import Link, SType, Table

SHARE = 0.9
GAP = 0.05  # of the entities: how much less often the `before` agrees with the row than the `after`
MIN_ENTITIES = 10
CHAINED = 0.5  # of consecutive log rows, the share whose `before` is the previous row's `after`
RETURNS = 0.5  # of the entities whose rows hold several values: those whose rows come back to one (`_alternates`)
KINDS = (SType.NUMERICAL, SType.CATEGORICAL, SType.ID)  # what a feature reads of the entity's row, or joins by
GENERAL_WORDS = ("code", "type", "name", "key", "ref", "num", "number", "kind", "value", "date", "time", "text")


def marked(con, tables: dict[str, Table], links: list[Link]) -> dict[str, Table]:
    """`tables` with `logged_in` set where a child table logs a column's changes, as above."""
    out = dict(tables)
    for name, tab in tables.items():
        found = []
        for link in links:
            log = tables.get(link.child)
            if link.parent != name or log is None or log.time_column is None or link.child == name:
                continue
            if sum(lk.child == link.child and lk.parent == name for lk in links) > 1:
                continue  # linked twice (transfers' two accounts): which row is the entity's is not one answer
            for column in tab.columns:
                if column.stype not in KINDS or column.name == tab.primary_key or not tab.primary_key:
                    continue
                pair = _named_pair(tab, column.name, log, link.fkey) or _same_named(tab, column.name, log, link.fkey)
                loose = pair is None and (pair := _last_word_pair(tab, column.name, log, link.fkey)) is not None
                try:
                    plausible = not loose or _plausible(con, tab, column, log, link.fkey, pair)
                    logged = pair and plausible and _logged(con, tab, column.name, log, link.fkey, pair)
                except duckdb.Error:  # types that do not compare, a view not readable here: not a log
                    logged = None
                if logged:
                    found.append((column.name, log.name, link.fkey, *logged))
            numbers = [
                c.name for c in tab.columns if c.stype is SType.NUMERICAL and c.name not in {f[0] for f in found}
            ]
            with contextlib.suppress(duckdb.Error):  # a view not readable here: no meter
                # a meter read off by the log's rows (an item's hours on each service record: graph/meters.py)
                meter = meters.found(con, tab, numbers, log, link.fkey)
                found += [(x, log.name, link.fkey, y, meters.READING) for x, y in meter]
        if found:
            out[name] = replace(tab, logged_in=tuple(found))
    return out


def _named_pair(tab: Table, name: str, log: Table, fkey: str) -> tuple[str, str] | None:
    """The two columns of `log` named like `name` (not its link to `tab`, nor its key), or None."""
    stems = {s for s in (name.lower(), name.lower().removesuffix("_id")) if len(s) >= 3}  # `a` is in every name
    return _two_named(log, fkey, stems)


def _last_word_pair(tab: Table, name: str, log: Table, fkey: str) -> tuple[str, str] | None:
    """The two columns of `log` named like `name`'s last word (plan_tier logged as from_tier, to_tier: a cloud host
    trial's upgrades read today's tier at every past anchor, backtest 0.77-0.79 where 0.69-0.73 was honest), where
    no two are named like the whole of it; a word as general as code or type is none (`_plausible` checks more)."""
    base = name.lower().removesuffix("_id")
    last = base.rsplit("_", 1)[-1] if "_" in base else ""
    return _two_named(log, fkey, {last}) if len(last) >= 3 and last not in GENERAL_WORDS else None


def _two_named(log: Table, fkey: str, stems: set[str]) -> tuple[str, str] | None:
    named = [
        c.name
        for c in log.columns
        if c.name not in (fkey, log.primary_key, log.time_column) and any(s in c.name.lower() for s in stems)
    ]
    return (named[0], named[1]) if len(named) == 2 else None


def _plausible(con, tab: Table, column, log: Table, fkey: str, pair: tuple[str, str]) -> bool:
    """Whether `log` can be a log of `column`'s changes by its last word alone: for a category, the values of both
    of the pair are values the column takes (half their distinct ones at least): an appointment's repair order, one
    per appointment, has an advisor_code, no store_code (a dealership trial's appointments read 'SA23' as their
    store at past anchors). A number's log is left to the data check (`_logged`)."""
    return column.stype is SType.NUMERICAL or all(_in_domain(con, tab, column.name, log, c) for c in pair)


def _in_domain(con, tab: Table, name: str, log: Table, logged: str) -> bool:
    """Whether half of `log.logged`'s distinct values at least are values of `tab.name`."""
    values = exp.select(col(logged).as_("v")).distinct().from_(table(log.name))
    earlier = values.where(exp.not_(col(logged).is_(exp.null())))
    known = exp.select(col(name)).from_(table(tab.name))
    held = filtered(exp.Count(this=exp.Star()), col("v").isin(query=known))
    total, held = con.execute(
        exp.select(exp.Count(this=exp.Star()), held).from_(earlier.subquery("e")).sql("duckdb")
    ).fetchall()[0]
    return total > 0 and held >= 0.5 * total


def history(entry: tuple) -> bool:
    """Whether a `Table.logged_in` entry is a history table's (a version per row) rather than a log of changes."""
    return entry[3] == entry[4]


def _same_named(tab: Table, name: str, log: Table, fkey: str) -> tuple[str, str] | None:
    """(c, c) for `log`'s column c named as `name` (not its link to `tab`, nor its key or time), or None."""
    for c in log.columns:
        if c.name.lower() == name.lower() and c.name not in (fkey, log.primary_key, log.time_column):
            return c.name, c.name
    return None


def _logged(con, tab: Table, name: str, log: Table, fkey: str, pair: tuple[str, str]) -> tuple[str, str] | None:
    """(before, after) where `log`'s latest row per entity agrees with `tab.name` as the module says, or None."""
    order = [time_of(log, log.time_column, "c")] + ([col(log.primary_key, "c")] if log.primary_key else [])
    latest = exp.Window(
        this=exp.RowNumber(),
        partition_by=[col(fkey, "c")],
        order=exp.Order(expressions=[exp.Ordered(this=o, desc=True) for o in order]),
    )
    rows = (
        exp.select(col(fkey, "c"), col(pair[0], "c").as_("a"), col(pair[1], "c").as_("b"), latest.as_("n"))
        .from_(table(log.name, "c"))
        .where(exp.not_(col(fkey, "c").is_(exp.null())))
    )
    same = {k: exp.NullSafeEQ(this=col(k, "r"), expression=col(name, "e")) for k in ("a", "b")}
    query = (
        exp.select(
            exp.Count(this=exp.Star()),
            filtered(exp.Count(this=exp.Star()), same["a"]),
            filtered(exp.Count(this=exp.Star()), same["b"]),
        )
        .from_(rows.subquery("r"))
        .join(table(tab.name, "e"), on=exp.EQ(this=col(tab.primary_key, "e"), expression=col(fkey, "r")))
        .where(exp.EQ(this=col("n", "r"), expression=exp.Literal.number(1)))
    )
    n, first, second = con.execute(query.sql("duckdb")).fetchall()[0]
    if n < MIN_ENTITIES:
        return None
    if pair[0] == pair[1]:  # a history table: the latest version is today's, and some entity's changed (a child
        # that copies a value its entity never changes, an order's customer_sk, is no history worth reading)
        values = exp.func("COUNT", exp.Distinct(expressions=[col(pair[0])]))
        keyed = exp.not_(col(fkey).is_(exp.null()))  # rows of no entity (an airline's complaints without a booking)
        per_entity = exp.select(values.as_("v")).from_(table(log.name)).where(keyed).group_by(col(fkey))
        changed = exp.select(exp.func("MAX", col("v"))).from_(per_entity.subquery("p"))
        if first < SHARE * n or (con.execute(changed.sql("duckdb")).fetchall()[0][0] or 0) <= 1:
            return None
        return None if _parts(con, tab, name, log, fkey) or _alternates(con, log, fkey, pair[0], order) else pair
    # the `before` agrees less often: often still (a promotion logs the department it leaves unchanged), never as
    # often as the `after`
    if second >= SHARE * n and first <= second - GAP * n:
        found = pair
    elif first >= SHARE * n and second <= first - GAP * n:
        found = pair[1], pair[0]
    else:
        return None
    return found if _chained(con, log, fkey, found, order) else None


def _alternates(con, log: Table, fkey: str, column: str, order: list) -> bool:
    """Whether `log`'s rows move back and forth between values of `column` (a tutor's bookings, in one subject and
    then another and back: a tutoring trial's tutors.subject_id was read from them as if they were its versions):
    on RETURNS of the entities whose rows hold several values at least, a value comes back after another. A
    version history moves on; what an entity's events name does not."""
    value = col(column, "c")
    previous = exp.Window(
        this=exp.func("LAG", value.copy()),
        partition_by=[col(fkey, "c")],
        order=exp.Order(expressions=[o.copy() for o in order]),
    )
    rows = exp.select(col(fkey, "c").as_("k"), value.copy().as_("v"), previous.as_("p")).from_(table(log.name, "c"))
    moved = exp.and_(exp.not_(col("p").is_(exp.null())), exp.NullSafeNEQ(this=col("p"), expression=col("v")))
    distinct = exp.Count(this=exp.Distinct(expressions=[col("v")]))
    per_entity = (
        exp.select(distinct.as_("d"), filtered(exp.Count(this=exp.Star()), moved).as_("m"))
        .from_(rows.subquery("r"))
        .where(exp.not_(col("k").is_(exp.null())))
        .group_by(col("k"))
    )
    several = exp.GT(this=col("d"), expression=exp.Literal.number(1))
    back = exp.and_(several.copy(), exp.GT(this=col("m"), expression=exp.Sub(this=col("d"), expression=lit(1))))
    counted = exp.select(count_where(several), count_where(back)).from_(per_entity.subquery("e"))
    n, returned = con.execute(counted.sql("duckdb")).fetchall()[0]
    return bool(n) and returned >= RETURNS * n


def _parts(con, tab: Table, name: str, log: Table, fkey: str) -> bool:
    """Whether a number's rows in `log` add up to it (its parts, not its versions) on half the entities with several
    at least: an invoice's payments, most one of its whole amount, some split (an auto-repair trial's invoices.amount
    was read as its first payment's at anchors before any was made)."""
    if not tab.column(name).stype.summable:
        return False
    rows = (
        exp.select(col(fkey).as_("k"), exp.Sum(this=exp.cast(col(name), "DOUBLE")).as_("s"))
        .from_(table(log.name))
        .group_by(col(fkey))
        .having(exp.GT(this=exp.Count(this=exp.Star()), expression=exp.Literal.number(1)))
    )
    gap = exp.Abs(this=exp.Sub(this=col("s", "p"), expression=exp.cast(col(name, "e"), "DOUBLE")))
    close = exp.LTE(this=gap, expression=exp.Mul(this=exp.Literal.number(1e-6), expression=exp.Abs(this=col("s", "p"))))
    query = (
        exp.select(exp.Count(this=exp.Star()), filtered(exp.Count(this=exp.Star()), close))
        .from_(rows.subquery("p"))
        .join(table(tab.name, "e"), on=exp.EQ(this=col(tab.primary_key, "e"), expression=col("k", "p")))
    )
    several, summed = con.execute(query.sql("duckdb")).fetchall()[0]
    return several > 0 and summed >= several / 2


def _chained(con, log: Table, fkey: str, pair: tuple[str, str], order: list) -> bool:
    """Whether each of an entity's log rows starts where the one before it ended (its `before` the previous row's
    `after`) on CHAINED of the pairs of consecutive rows at least (MIN_ENTITIES of them at least, else not asked): a
    change moves the value from the last one's. A bike-share trial's trips (start and end station) were read as a
    log of the bike's current station though its trips did not chain, each start elsewhere."""
    ordered = exp.Order(expressions=[exp.Ordered(this=o.copy()) for o in order])
    previous = exp.Window(this=exp.Lag(this=col(pair[1], "c")), partition_by=[col(fkey, "c")], order=ordered)
    place = exp.Window(this=exp.RowNumber(), partition_by=[col(fkey, "c")], order=ordered.copy())
    rows = (
        exp.select(col(pair[0], "c").as_("a"), previous.as_("p"), place.as_("n"))
        .from_(table(log.name, "c"))
        .where(exp.not_(col(fkey, "c").is_(exp.null())))
    )
    chained = exp.NullSafeEQ(this=col("a", "r"), expression=col("p", "r"))
    query = (
        exp.select(exp.Count(this=exp.Star()), filtered(exp.Count(this=exp.Star()), chained))
        .from_(rows.subquery("r"))
        .where(exp.GT(this=col("n", "r"), expression=exp.Literal.number(1)))
    )
    pairs, held = con.execute(query.sql("duckdb")).fetchall()[0]
    return pairs < MIN_ENTITIES or held >= CHAINED * pairs
