"""The latest timestamp of one table's time column, apart from strays far beyond the bulk of it, by one SQL
statement whose result is kept while the column's data is unchanged (`runtime.table_ends.latest` reads it)."""

from __future__ import annotations

import weakref

from sqlglot import exp

from rfm_sql.compile.sqlutil import table, time_of, to_sql
from rfm_sql.graph import Graph


def latest_row(cur, graph: Graph, name: str) -> tuple:
    """`_latest_query`'s row for table `name`, computed again only when the column's count, first or last value
    changed: its quantiles take a second on 20M rows (a max alone, 30 ms), and a call asks several times."""
    table_ = graph.tables[name]
    t, source = time_of(table_, table_.time_column), table(name)
    text = [exp.cast(agg(this=t), "VARCHAR") for agg in (exp.Min, exp.Max)]
    stats = cur.execute(to_sql(exp.select(exp.Count(this=t), *text).from_(source))).fetchall()[0]
    key = (name, t.sql("duckdb"), *stats)
    cache = _LATEST_ROWS.setdefault(graph, {})
    if key not in cache:
        if len(cache) >= 64:  # a graph's tables, each as its data changes: keep the newest
            cache.clear()
        cache[key] = tuple(cur.execute(to_sql(_latest_query(t, source))).fetchall()[0])
    return cache[key]


_LATEST_ROWS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # graph -> {(table, column, stats): row}


def _latest_query(t: exp.Expression, source: exp.Table) -> exp.Select:
    """Per table: the latest timestamp within the bulk's margin, and the strays beyond it (count, first, last).
    Only the time expression `t` and the table come from the graph; the rest is fixed SQL over their aliases."""
    duck = {"dialect": "duckdb"}
    bulk = (
        exp.select("quantile_cont(epoch_us(t), 0.01) AS lo", "quantile_cont(epoch_us(t), 0.99) AS hi", **duck)
        .from_("v")
        .where("isfinite(t)", **duck)
    )
    flagged = (
        # '-infinity' (a "since forever" sentinel) can never be the latest time: not a stray to warn about
        exp.select(
            "t",
            "CASE WHEN isfinite(t) THEN epoch_us(t) > hi + (hi - lo) ELSE t > TIMESTAMP '2000-01-01' END AS stray",
            **duck,
        )
        .from_("v")
        .join("q", join_type="cross")
        .where("t IS NOT NULL")
    )
    strays = ("CAST(min(t) FILTER (WHERE stray) AS VARCHAR)", "CAST(max(t) FILTER (WHERE stray) AS VARCHAR)")
    return (
        exp.select("max(t) FILTER (WHERE NOT stray)", "count(*) FILTER (WHERE stray)", *strays, **duck)
        .from_("s")
        .with_("v", exp.select(t.as_("t")).from_(source))
        .with_("q", bulk)
        .with_("s", flagged)
    )
