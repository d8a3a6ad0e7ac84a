"""Averages kept up to date as rows come in (a freelancer's rating, the mean of the stars of every review so far):
at a past anchor the value averages rows that came after it, the very rows a target over a window reads. The model
learns "the label is about the rating" from such examples, which no entity predicted today lives up to: a
freelance marketplace trial's average stars in 90 days backtested at MAE 0.337 with freelancers.rating read, where
predictions made on a copy of the database as it stood scored 0.697 (worse than the entity's own mean, 0.609), and
0.558 with the column left out. Its point-in-time version is already read: the child's mean as of the anchor
(compile.features). So such a column is not read, in predictions and backtests alike, with a note naming it.

A number is taken for one where its name says it is an average (`kept_names.running_mean`: rating, avg, mean, ...) and
its values follow the mean of a numeric column of a dated child table per row (a rank correlation of at least
FOLLOWS): a hotel's static star class, which only drives its reviews' scores, stays. Static targets are not
checked: their context is read at the present, where the value is right.
"""

from __future__ import annotations

from sqlglot import exp

from rfm_sql.compile.sqlutil import col, table
from rfm_sql.graph import Graph, SType, kept_names
from rfm_sql.pql.validate import ValidQuery
from rfm_sql.runtime import running_totals

FOLLOWS = 0.8  # the least rank correlation with a child's per-row mean that makes a running average
MAX_COLUMNS = 8  # numeric child columns compared per suspect


def stale(cur, vq: ValidQuery, graph: Graph, features) -> dict[str, tuple[str, str, str]]:
    """{feature name: (table, column, "child.column" it averages)} of the numeric features (compile.features'
    Feature) that read a running average: of the entity's row or a row its keys reference."""
    if vq.static:
        return {}
    found: dict[str, tuple[str, str, str]] = {}
    checked: dict[tuple[str, str], str | None] = {}
    for f, tab in running_totals.numbers_read(graph, features):
        if not kept_names.running_mean(f.column, tab.column_names):
            continue
        key = (f.table, f.column)
        if key not in checked:
            checked[key] = _averaged(cur, graph, f.table, f.column)
        if checked[key] is not None:
            found[f.name] = (f.table, f.column, checked[key])
    return found


def _averaged(cur, graph: Graph, name: str, column: str) -> str | None:
    """The first "child.column" (a numeric column of a dated child table) whose mean per row `name.column`
    follows (`FOLLOWS`), else None."""
    tab = graph.table(name)
    for link in graph.children(name):
        child = graph.table(link.child)
        if link.child == name or not child.time_column:
            continue
        numbers = [c.name for c in child.columns if c.stype is SType.NUMERICAL and c.name != link.fkey]
        for other in numbers[:MAX_COLUMNS]:
            if _follows(cur, tab.name, tab.primary_key, column, child.name, link.fkey, other):
                return f"{child.name}.{other}"
    return None


def _follows(cur, name: str, key: str, column: str, child: str, fkey: str, other: str) -> bool:
    means = (
        exp.select(col(fkey, "f").as_("k"), exp.Avg(this=exp.cast(col(other, "f"), "DOUBLE")).as_("m"))
        .from_(table(child, "f"))
        .group_by(col(fkey, "f"))
    )
    rows = (
        exp.select()
        .from_(table(name, "t"))
        .join(means.subquery("c"), on=exp.EQ(this=col("k", "c"), expression=col(key, "t")))
        .where(exp.and_(col(column, "t").is_(exp.null()).not_(), col("m", "c").is_(exp.null()).not_()))
    )
    rho = running_totals.rank_corr(cur, rows, col(column, "t"), col("m", "c"))
    return rho is not None and rho >= FOLLOWS


def note(found: dict[str, tuple[str, str, str]]) -> str | None:
    """What predictions and backtests say of the running averages they leave unread (`stale`), else None."""
    if not found:
        return None
    seen = dict.fromkeys((t, c, m) for t, c, m in found.values())
    listed = "; ".join(f"{t}.{c} (the mean of {m})" for t, c, m in seen)
    return (
        f"Not read: {listed}, an average kept up to date as rows come in: at a past anchor it averages rows that "
        "came after it, those a target over a window reads, so the context would learn from what it predicts. The "
        "same rows' mean as of each anchor is read instead."
    )
