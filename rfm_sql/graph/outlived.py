"""End columns a row's own child rows outlive: a member's resigned_at is the notice, and the member plays on to the
year's end, so it is no end of the row (a golf club trial's resigning members were left out of predictions and
contexts from their notice on, their rounds still to come). An end named so (graph/infer.py) is dropped where, of
the ended rows with rows of a dated child table, SHARE have some dated over MARGIN days after the end; the evidence
says why. Inferred from the data at each attach; `set_end_time` sets one back."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

import duckdb
from sqlglot import exp

from rfm_sql.compile.sqlutil import col, count_where, shift, table, time_of
from rfm_sql.graph.model import TIME_COLUMN

if TYPE_CHECKING:  # graph.infer builds these: only named here
    from rfm_sql.graph.model import Link, Table

MARGIN = 30  # days after the end: a final invoice or an exit survey comes within weeks
SHARE = 0.5  # of the ended rows with child rows
MIN_ENDED = 10  # ended rows with child rows, at least, to tell


def marked(con, tables: dict[str, Table], links: list[Link], evidence: dict) -> dict[str, Table]:
    """`tables` less the end columns their rows' child rows outlive, as above; the time column's `evidence` says so."""
    out = dict(tables)
    for name, tab in tables.items():
        if not tab.end_columns or tab.primary_key is None:
            continue
        kids = [lk for lk in links if lk.parent == name and lk.child != name and tables[lk.child].time_column]
        outlived = {}
        for end in tab.end_columns:
            child = next((lk.child for lk in kids if _outlives(con, tab, tables[lk.child], lk, end)), None)
            if child is not None:
                outlived[end] = child
        if outlived:
            kept = [e for e in tab.end_columns if e not in outlived]
            out[name] = replace(tab, end_time_column=kept[0] if kept else None, also_ends=tuple(kept[1:]))
            said = [w for w in evidence.get((name, TIME_COLUMN), "").split("; ") if not _names_end(w, outlived)]
            said += [f"not an end: {end}, its {child} rows go on after it" for end, child in outlived.items()]
            evidence[(name, TIME_COLUMN)] = "; ".join(w for w in said if w)
    return out


def _names_end(why: str, ends) -> bool:
    """Whether an evidence part is infer's "ends: name X, ..." of one of `ends`."""
    return any(why.startswith(f"ends: name {end},") for end in ends)


def _outlives(con, tab: Table, child: Table, link: Link, end: str) -> bool:
    """Whether `child`'s rows outlive `tab`'s `end` (SHARE of the ended rows with child rows, MIN_ENDED of them)."""
    ended = time_of(tab, end, "p")
    later = exp.GT(this=time_of(child, child.time_column, "c"), expression=shift(ended.copy(), MARGIN, "days"))
    per_row = (
        exp.select(exp.func("BOOL_OR", later).as_("after"))
        .from_(table(tab.name, "p"))
        .join(table(child.name, "c"), on=exp.EQ(this=col(link.fkey, "c"), expression=col(tab.primary_key, "p")))
        .where(exp.not_(ended.copy().is_(exp.null())))
        .group_by(col(tab.primary_key, "p"))
    )
    query = exp.select(exp.Count(this=exp.Star()), count_where(col("after"))).from_(per_row.subquery("r"))
    try:
        n, after = con.execute(query.sql("duckdb")).fetchall()[0]
    except duckdb.Error:  # a view not readable here, a type that does not compare: the end stays
        return False
    return n >= MIN_ENDED and after >= SHARE * n
