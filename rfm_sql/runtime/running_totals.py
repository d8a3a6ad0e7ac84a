"""Numbers kept up to date as rows come in (a post's score, a user's reputation, a job posting's applicant_count):
a backtest reads today's value at every past anchor, which counts what came after it. At the present the value is
right, so predictions read it; a backtest whose inputs hold one says so, with the graph call that stops it being
read. A number is taken for one where its name says so (`kept_names.running_total`: count, total, score, balance, ...)
and its values go with how many rows a dated child table holds for the row today (a rank correlation of at least
TRACKS either way: a prescription's refills_remaining falls as fills come in), so a static noise_score is not named.
A forum trial: upvotes per post in 30 days backtested at MAE 0.64-0.70 with posts.score read, where predictions made
on copies of the database as it stood read 0.78-0.84 (and 0.89 without the column on both: it helps predictions
and flatters backtests); its LightGBM baseline read 0.803 AUROC on churn with users.reputation, 0.755 without. A
target that sums one is another matter: its labels at past anchors read today's value, for predictions too
(`target_note`)."""

from __future__ import annotations

from sqlglot import exp

from rfm_sql.compile import entity_asof
from rfm_sql.compile import filled_later as filling
from rfm_sql.compile.sqlutil import col, shift, table, time_of, to_sql
from rfm_sql.graph import Graph, SType, kept_names
from rfm_sql.pql import ast
from rfm_sql.pql.validate import ValidQuery

TRACKS = 0.3  # the least rank correlation (either sign) with a child table's row count that makes a running total
# distinct values a running total takes at least: a self-storage trial's facilities.lien_days, 60 or 90 on 10
# facilities, went with their auctions' count by chance and was called one, with advice to stop reading it
MIN_VALUES = 3


def suspects(vq: ValidQuery, graph: Graph, features) -> tuple[tuple[str, str], ...]:
    """(table, column) of each number the `features` read (compile.features.Feature: those read) whose name says
    it is a running total, of a table with a key and a dated child table (`tracked` then asks the data): the
    entity's own row, a row its keys reference, or rows that reference it (a restaurant's guests' points_balance);
    none for a static target, whose context is read at the present."""
    if vq.static:
        return ()
    found = {}
    for f, tab in numbers_read(graph, features):
        if _dated_children(graph, f.table) and kept_names.running_total(f.column, tab.column_names):
            found[(f.table, f.column)] = None
    return tuple(found)


def numbers_read(graph: Graph, features):
    """(feature, its table) of the `features` that read a number column of a table with a key as it is: not one
    read as of the anchor: rewound by the child rows that keep it (graph/running.py), read from its log (an auto-repair
    trial's odometer_km, which describe() said was read as of the anchor and the backtest called today's), or masked
    until the date it is filled in with."""
    for f in features:
        if f.kind != "numeric" or f.table not in graph.tables or f.column in ("*", "TARGET", ""):
            continue
        tab = graph.table(f.table)
        as_of = filling.masked_columns(tab) | entity_asof.logged_columns(graph, tab)
        if (
            tab.primary_key
            and f.column in set(tab.column_names) - as_of
            and tab.column(f.column).stype is SType.NUMERICAL
        ):
            yield f, tab


def rank_corr(cur, rows: exp.Select, a: exp.Expression, b: exp.Expression, tied_b: bool = False) -> float | None:
    """The rank correlation of `a` and `b` over `rows` (a select's FROM and WHERE), ranks by ROW_NUMBER (`tied_b`:
    `b`'s by RANK, ties sharing one), or None."""

    def ranked(value: exp.Expression, ties: bool) -> exp.Expression:
        order = exp.Order(expressions=[exp.Ordered(this=value)])
        return exp.Window(this=exp.Anonymous(this="RANK") if ties else exp.RowNumber(), order=order)

    ranks = rows.select(ranked(a, False).as_("a"), ranked(b, tied_b).as_("b"))
    rho = cur.execute(to_sql(exp.select(exp.func("CORR", col("a"), col("b"))).from_(ranks.subquery("r")))).fetchall()
    return rho[0][0]


def _dated_children(graph: Graph, name: str) -> list:
    return [lk for lk in graph.children(name) if lk.child != name and graph.table(lk.child).time_column]


def tracked(cur, graph: Graph, found) -> list[tuple[str, str]]:
    """Those of `found` (`suspects`) whose values go with a dated child table's row count per row, as above."""
    return [
        (t, c)
        for t, c in dict.fromkeys(found)
        if any(_tracks(cur, graph, t, c, lk) for lk in _dated_children(graph, t))
    ]


def _tracks(cur, graph: Graph, name: str, column: str, link) -> bool:
    """Whether `name.column` goes with how many rows of `link`'s child table each row has, counting only those that
    came over a day after the row itself where it is dated: an order's total goes with its lines, written with it,
    and stays put; a user's reputation goes with the votes that came since."""
    tab, child = graph.table(name), graph.table(link.child)
    key = tab.primary_key
    distinct = exp.select(exp.Count(this=exp.Distinct(expressions=[col(column)]))).from_(table(name))
    if cur.execute(to_sql(distinct)).fetchall()[0][0] < MIN_VALUES:  # a setting of a few values: a policy's lien_days
        return False
    counts = exp.select(col(link.fkey, "f").as_("k"), exp.Count(this=exp.Star()).as_("n")).from_(table(child.name, "f"))
    counts = counts.join(table(name, "p"), on=exp.EQ(this=col(key, "p"), expression=col(link.fkey, "f")))
    if tab.time_column:
        later = shift(time_of(tab, tab.time_column, "p"), 1, "days")
        counts = counts.where(exp.GT(this=time_of(child, child.time_column, "f"), expression=later))
    counts = counts.group_by(col(link.fkey, "f"))
    n = exp.func("COALESCE", col("n", "c"), exp.Literal.number(0))
    rows = exp.select().from_(table(name, "t"))
    rows = rows.join(counts.subquery("c"), on=exp.EQ(this=col("k", "c"), expression=col(key, "t")), join_type="left")
    rho = rank_corr(cur, rows.where(col(column, "t").is_(exp.null()).not_()), col(column, "t"), n, tied_b=True)
    return rho is not None and abs(rho) >= TRACKS


def note(found: list[tuple[str, str]]) -> str | None:
    """What a backtest says of the running totals it reads (`tracked`), else None."""
    if not found:
        return None
    listed = ", ".join(f"{t}.{c}" for t, c in found)
    calls = "; ".join(f'rfm.graph.set_stype("{t}", "{c}", "id")' for t, c in found)  # each: an airline trial's two
    stypes = ", ".join(f'"{c}": "id"' for _, c in found)
    return (
        f"{listed} {'looks like a running total' if len(found) == 1 else 'look like running totals'} kept up to "
        "date (named so, and going with how many rows a dated table holds for the row): a backtest reads today's "
        "value at every past anchor, which counts what came after it, so it may read better than predictions can. "
        f"To see what {'it adds' if len(found) == 1 else 'they add'}, backtest without: {calls} (in a graph file, "
        f'under each table: "stypes": {{{stypes}}}).'
    )


def target_note(cur, vq: ValidQuery, graph: Graph) -> str | None:
    """What a query says where its target aggregates a running total (`SUM(posts.like_count, 0, 30, days)`): each
    label at a past anchor reads the rows' values today, counting what came after the window, so the context's
    labels (and a backtest's) run high, where the count of the rows that make it up would not (a social network
    trial's likes on a user's posts)."""
    aggs = [n for n in ast.walk(vq.query.target) if isinstance(n, ast.Aggregation) and not n.column.is_star]
    for agg in aggs:
        tab = graph.table(agg.column.table)
        column = tab.column(agg.column.column)
        if column.stype is not SType.NUMERICAL or not kept_names.running_total(column.name, tab.column_names):
            continue
        if not tab.primary_key or not tracked(cur, graph, [(tab.name, column.name)]):
            continue
        child = _dated_children(graph, tab.name)[0].child
        return (
            f"The target's {agg.func}({tab.name}.{column.name}) reads a number kept up to date as rows come in (it "
            f"goes with the {child} rows that came since each {tab.name} row): a label at a past anchor reads "
            f"today's value, counting what came after its window, so the context's labels run high and so do the "
            f"predictions. To count only the window's, count the {child} rows in it (a view giving them the key of "
            f"{vq.entity_table} where they do not link to it)."
        )
    return None
