"""What to say when every label came out the same and the rows the target counts have no time: a row whose time
column is NULL is in no window, so `COUNT(premium_payments.* WHERE premium_payments.missed = true, 0, 90, days)`
counted no missed payment when the table's time was paid_at, empty on exactly those rows (an insurance trial: every
label False, and the warning blamed a misspelt category). The fix is another date of those rows as the time."""

from __future__ import annotations

from sqlglot import exp

from rfm_sql.compile.conditions import compile_condition
from rfm_sql.compile.labels import fact_operand
from rfm_sql.compile.sqlutil import col, table, to_sql
from rfm_sql.graph import Graph, SType
from rfm_sql.pql import ast
from rfm_sql.pql.validate import ValidQuery

MOSTLY = 0.5  # the share of the counted rows without a time from which it is named as the cause


def note(cur, vq: ValidQuery, graph: Graph) -> str | None:
    """The hint for the first aggregation of the target most of whose rows (those its filter keeps) have no time,
    else None."""
    for agg in (n for n in ast.walk(vq.query.target) if isinstance(n, ast.Aggregation)):
        tab = graph.table(agg.column.table)
        if tab.time_column is None:
            continue
        keep = compile_condition(agg.filter, fact_operand(graph, "f")) if agg.filter is not None else exp.true()
        undated = col(tab.time_column, "f").is_(exp.null())
        others = [c.name for c in tab.columns if c.stype is SType.TIMESTAMP and c.name != tab.time_column]
        dated = [exp.func("COUNT", col(c, "f")) for c in others]  # how many of the undated rows each other date holds
        counts = exp.select(exp.func("COUNT_IF", undated.copy()), exp.Count(this=exp.Star()))
        sql = counts.select(*(exp.Filter(this=d, expression=exp.Where(this=undated.copy())) for d in dated))
        n_undated, n_kept, *held = cur.execute(to_sql(sql.from_(table(tab.name, "f")).where(keep))).fetchall()[0]
        if not n_kept or n_undated < MOSTLY * n_kept:
            continue
        which = "rows the target's filter keeps" if agg.filter is not None else "rows"
        text = (
            f"{n_undated:,} of the {n_kept:,} {tab.name} {which} have no {tab.time_column} (the table's time), so no "
            "window counts them."
        )
        candidates = [c for c, n in zip(others, held, strict=True) if n >= MOSTLY * n_undated]
        if candidates:
            best = candidates[0]
            text += (
                f" If {best} dates them, make it the table's time: "
                f'rfm.graph.set_time_column("{tab.name}", "{best}") in Python; `rfm-sql graph DB --time-column '
                f"{tab.name}.{best} --save graph.json`, then --graph graph.json; or "
                f'"time_col": "{best}" in the graph file.'
            )
        return text
    return None
