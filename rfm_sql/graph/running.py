"""Numbers kept up to date as a child table's rows come in, and by how much each row moves them: a campaign's
pledged_usd (the sum of its pledges' amounts), a backer's lifetime_pledged_usd, a product's rating_count, a reward
tier's claimed (its pledges). At a past anchor the row holds today's value, which counts the rows after the anchor:
a crowdfunding trial's weekly pledges per campaign backtested at MAE 4.11 where predictions from a copy of the
database taken at the anchor read 6.55 (5.05 with the columns left out: the context learnt from values its own
labels had moved), and its backers' repeat pledges at AUROC 0.759 against 0.697.

Such a column is read at an anchor as today's value less what the child's rows after the anchor added
(compile.filled_later's `rewound`): the slope of the column on the child's per-row COUNT(*) or SUM of a numeric
column, over the table's rows, times that measure over the rows dated after the anchor. At the present nothing came
after, so predictions read the value as it is. A column is taken for one where that fit explains R2_NAMED of its
variance and its name says it is a running total (`kept_names.running_total`), or R2_ANY whatever its name (claimed,
pledged_usd); the best-fitting child measure is kept. A column the fit does not explain is read as it is (and named
by runtime.running_totals). Inferred from the data at each attach, like the columns filled in later; a link set
afterwards is looked through (`relinked`). A child whose rows of each row share one time (a race's standings) keeps
no number up to date: SPREAD of the rows with child rows have them at several times, or after the row's own date
by over a day (a coworking trial's invoices.amount_paid, most paid at once: AUROC 0.91 backtested where 0.86 was
honest). A number set when its row is made, which the child's rows add up to as they come in, runs ahead of them on
the newest rows, their parts still to come: an event venue trial's contracts.total_value, paid as a deposit and a
balance, fit its payments at R^2 0.98 and was read at past anchors as the deposit alone. Such a fit is no running
total where AHEAD of the newest tenth of the rows (by the table's time) lie over a residual's spread above the line,
LEAD times as many as of the older rows (0.27 against 0.04 there; 0.20 against 0.11 at most over 68 trial
databases' running totals)."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

import duckdb
from sqlglot import exp

from rfm_sql.compile.sqlutil import col, filtered, lit, shift, table, time_of
from rfm_sql.graph import kept_names

if TYPE_CHECKING:  # graph.model reads this module: its classes are only named here
    from rfm_sql.graph.model import Graph, Link, Table

R2_NAMED = 0.8
R2_ANY = 0.98
MIN_ROWS = 20  # rows of the table with the column and a measure set
MAX_COLUMNS = 12  # numbers of the table tried, per child
MAX_MEASURES = 6  # the child's row count and the sums of its first numeric columns
KINDS = 2  # categorical columns of the child whose values' row counts are measures too (a site's missed_count)
KIND_VALUES = 6  # values of such a column at most: more are no kinds of row
SPREAD = 0.5  # of the rows with child rows, those whose child rows are not all of one time
AHEAD = 0.2  # of the newest tenth of the rows, those above the fit by over its spread on the older rows
LEAD = 4.0  # times the older rows' share
STAR = "*"


def marked(con, tables: dict[str, Table], links: list[Link]) -> dict[str, Table]:
    """`tables` with `rewound` set where a number is kept up to date by a child table's rows, as above."""
    kinds: dict = {}  # each child's kinds of row, read once however many parents it links to
    fits = [fit for name, tab in tables.items() for fit in _candidates(con, tables, links, name, tab, kinds=kinds)]
    found: dict[str, list] = {}
    for name, *rewound in _dating(fits, set()):
        found.setdefault(name, []).append(tuple(rewound))
    return {name: replace(tab, rewound=tuple(found[name])) if name in found else tab for name, tab in tables.items()}


def relinked(graph: Graph, link: Link) -> None:
    """Look at the parent's numbers through a link set by hand (`Graph.link`): a backer's lifetime_pledged_usd is
    kept by pledges only a link names. Only the new link's child is read; the marks found already stay. Nothing is
    read without a database (`graph.reader`)."""
    if graph.reader is None:
        return
    tab = graph.tables[link.parent]
    try:
        with graph.reader() as cur:
            fits = _candidates(cur, graph.tables, graph.links, link.parent, tab, through=link)
    except duckdb.Error:  # a view not readable here: the marks stay as they were
        return
    kept = {(name, c) for name, t in graph.tables.items() for c, *_ in t.rewound}
    new = [tuple(rewound) for _, *rewound in _dating(fits, kept) if rewound[0] not in {c for c, *_ in tab.rewound}]
    if new:
        graph.tables[link.parent] = replace(tab, rewound=(*tab.rewound, *new))


def _dating(fits: list[tuple], kept: set) -> list[tuple]:
    """The best close-enough fits (`_best`) of measures no number kept up to date holds (`kept`: (table, column) marked
    already): a child's number kept up to date itself dates nothing (a campaign's backers_count by its reward tiers'
    claimed, which the pledges keep): only row counts and sums of what the rows hold measure what the rows brought."""
    first = kept | {(name, column) for name, column, *_ in _best(fits)}
    return _best([f for f in fits if (f[2], f[4]) not in first])


def _best(fits: list[tuple]) -> list[tuple]:
    """(table, column, child, fkey, measure, slope) of the best fit of each (table, column) that is close enough."""
    best: dict[tuple[str, str], tuple] = {}
    for name, column, child, fkey, measure, r2, slope, named in fits:
        if r2 >= (R2_NAMED if named else R2_ANY) and r2 > best.get((name, column), (0.0,))[0]:
            best[(name, column)] = (r2, (name, column, child, fkey, measure, slope))
    return [found for _, found in best.values()]


def _candidates(
    con, tables: dict[str, Table], links: list[Link], name: str, tab: Table, through=None, kinds=None
) -> list[tuple]:
    """(table, column, child, fkey, measure, R^2, slope, named) of each number of `tab` on each child measure (only
    through the Link `through`, when given)."""
    logged = {c for c, *_ in tab.logged_in}  # read as of the anchor by its log already (graph/change_logs.py)
    numbers = [c.name for c in tab.columns if c.stype.summable and c.name not in (tab.primary_key, *logged)]
    numbers = [c for c in numbers if not kept_names.to_date(c, tab.column_names)]  # resets: no rows to take off
    if tab.primary_key is None or not numbers:
        return []
    out, kinds = [], {} if kinds is None else kinds  # `kinds`: {(child, fkey): its kinds of row}, read once
    for link in links if through is None else [through]:
        child = tables.get(link.child)
        if link.parent != name or link.child == name or child is None or child.time_column is None:
            continue
        if sum(lk.child == link.child and lk.parent == name for lk in links) > 1:
            continue  # linked twice (transfers' two accounts): which rows move the number is not one answer
        try:
            if (key := (child.name, link.fkey)) not in kinds:
                kinds[key] = _kinds(con, child, link.fkey)
            fits = _fits(con, tab, numbers[:MAX_COLUMNS], child, link.fkey, kinds[key])
        except duckdb.Error:  # a view not readable here, types that do not add up: nothing marked
            continue
        for column, measure, r2, slope in fits:
            named = kept_names.running_total(column, tab.column_names)
            if r2 >= (R2_NAMED if named else R2_ANY) and _runs_ahead(con, tab, column, child, link.fkey, measure):
                continue
            out.append((name, column, child.name, link.fkey, measure, r2, slope, named))
    return out


def measured(measure, alias: str | None = None) -> exp.Expression:
    """A child measure's aggregate over its rows `alias`: the row count (STAR), the rows of one kind (a (column,
    value) pair: the pickups 'missed'), or the sum of a numeric column."""
    if measure == STAR:
        return exp.Count(this=exp.Star())
    if isinstance(measure, tuple):
        return filtered(exp.Count(this=exp.Star()), exp.EQ(this=col(measure[0], alias), expression=lit(measure[1])))
    return exp.Sum(this=exp.cast(col(measure, alias), "DOUBLE"))


def _kinds(con, child: Table, fkey: str) -> list[tuple[str, object]]:
    """(column, value) of each value of the child's first KINDS categorical columns of KIND_VALUES values at most: a
    count of one kind of row is kept up to date too (a site's missed_count, its pickups 'missed')."""
    out = []
    # by its value: graph.model, which defines SType, reads this module
    for c in [c for c in child.columns if c.stype.value == "categorical" and c.name != fkey][:KINDS]:
        values = (
            exp.select(col(c.name))
            .from_(table(child.name))
            .where(exp.not_(col(c.name).is_(exp.null())))
            .group_by(col(c.name))
            .order_by(exp.Ordered(this=exp.Count(this=exp.Star()), desc=True))
            .limit(KIND_VALUES + 1)
        )
        found = [v for (v,) in con.execute(values.sql("duckdb")).fetchall()]
        if 2 <= len(found) <= KIND_VALUES and all(isinstance(v, str | int) for v in found):
            out += [(c.name, v) for v in found]
    return out


def _fits(
    con, tab: Table, numbers: list[str], child: Table, fkey: str, kinds: list
) -> list[tuple[str, str, float, float]]:
    """(column, measure, R^2, slope) of each of `numbers` on each child measure per row (no rows: 0)."""
    sums = [c.name for c in child.columns if c.stype.summable and c.name not in (fkey, child.primary_key)]
    measures = [STAR, *sums[: MAX_MEASURES - 1], *kinds]
    per_row = (
        exp.select(
            col(fkey).as_("k"),
            *(measured(m).as_(f"m{i}") for i, m in enumerate(measures)),
            # whether the row's child rows came in over time (a race's standings all share its date: no total moves)
            exp.GT(
                this=exp.Max(this=time_of(child, child.time_column)),
                expression=exp.Min(this=time_of(child, child.time_column)),
            ).as_("spread"),
            exp.Max(this=time_of(child, child.time_column)).as_("last"),
        )
        .from_(table(child.name))
        .group_by(col(fkey))
    )
    spread = exp.func("AVG", exp.cast(col("spread", "m"), "DOUBLE"))
    if tab.time_column:  # or came after the row's own date (an invoice's one payment), unlike a race's standings
        after = exp.GT(this=col("last", "m"), expression=shift(time_of(tab, tab.time_column, "t"), 1, "days"))
        spread = exp.func("GREATEST", spread, exp.func("AVG", exp.cast(after, "DOUBLE")))
    stats = [spread]
    for column in numbers:
        y = exp.cast(col(column, "t"), "DOUBLE")
        for i in range(len(measures)):
            x = exp.func("COALESCE", exp.cast(col(f"m{i}", "m"), "DOUBLE"), exp.Literal.number(0))
            stats += [exp.func("REGR_R2", y.copy(), x), exp.func("REGR_SLOPE", y.copy(), x.copy())]
            stats.append(exp.func("REGR_COUNT", y.copy(), x.copy()))
    query = (
        exp.select(*stats)
        .from_(table(tab.name, "t"))
        .join(
            per_row.subquery("m"), on=exp.EQ(this=col("k", "m"), expression=col(tab.primary_key, "t")), join_type="left"
        )
    )
    spread, *values = con.execute(query.sql("duckdb")).fetchall()[0]
    if spread is None or spread < SPREAD:
        return []
    out, i = [], 0
    for column in numbers:
        for measure in measures:
            r2, slope, n = values[i : i + 3]
            i += 3
            if r2 is not None and slope and n >= MIN_ROWS:
                out.append((column, measure, float(r2), float(slope)))
    return out


def _runs_ahead(con, tab: Table, column: str, child: Table, fkey: str, measure: str) -> bool:
    """Whether `column` runs ahead of the child's `measure` on the table's newest rows (AHEAD, LEAD above): a total
    set with its row, its parts still to come. No time column: not told."""
    if tab.time_column is None:
        return False
    per_row = exp.select(col(fkey).as_("k"), measured(measure).as_("x")).from_(table(child.name)).group_by(col(fkey))
    newest = exp.Window(
        this=exp.func("NTILE", exp.Literal.number(10)),
        order=exp.Order(expressions=[exp.Ordered(this=time_of(tab, tab.time_column, "t"))]),
    )
    rows = (
        exp.select(
            exp.cast(col(column, "t"), "DOUBLE").as_("v"),
            exp.func("COALESCE", exp.cast(col("x", "m"), "DOUBLE"), exp.Literal.number(0)).as_("x"),
            newest.as_("d"),
        )
        .from_(table(tab.name, "t"))
        .join(
            per_row.subquery("m"), on=exp.EQ(this=col("k", "m"), expression=col(tab.primary_key, "t")), join_type="left"
        )
        .where(
            exp.and_(
                exp.not_(col(column, "t").is_(exp.null())), exp.not_(time_of(tab, tab.time_column, "t").is_(exp.null()))
            )
        )
    )
    line = exp.select(
        exp.func("REGR_SLOPE", col("v"), col("x")).as_("b"), exp.func("REGR_INTERCEPT", col("v"), col("x")).as_("a")
    ).from_("r")
    residual = exp.Sub(
        this=col("v", "r"),
        expression=exp.paren(
            exp.Add(this=col("a", "l"), expression=exp.Mul(this=col("b", "l"), expression=col("x", "r")))
        ),
    )
    residuals = exp.select(col("d", "r"), residual.as_("e")).from_("r").join("l", join_type="cross")
    newest_rows = exp.EQ(this=col("d"), expression=exp.Literal.number(10))
    older = exp.LT(this=col("d"), expression=exp.Literal.number(10))
    spread = exp.select(
        exp.func("SQRT", filtered(exp.Avg(this=exp.Mul(this=col("e"), expression=col("e"))), older)).as_("sd")
    ).from_("e")
    above = exp.cast(exp.GT(this=col("e", "e"), expression=col("sd", "s")), "DOUBLE")
    query = (
        exp.select(
            filtered(exp.Count(this=exp.Star()), newest_rows.copy()),
            filtered(exp.Avg(this=above), newest_rows.copy()),
            filtered(exp.Avg(this=above.copy()), older.copy()),
        )
        .from_("e")
        .join(spread.subquery("s"), join_type="cross")
        .with_("r", as_=rows)
        .with_("l", as_=line)
        .with_("e", as_=residuals)
    )
    n, new_share, old_share = con.execute(query.sql("duckdb")).fetchall()[0]
    return n >= MIN_ROWS and new_share is not None and new_share >= AHEAD and new_share >= LEAD * (old_share or 0.0)
