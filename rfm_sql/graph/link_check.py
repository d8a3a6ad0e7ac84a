"""Whether a link set by hand holds its parent's keys (`Graph.link`), and how many of a key's values another
table's key holds (`contained`, which inference's containment measures with too).

A dbt warehouse's fct_orders.customer_sk holds dim_customers.customer_sk, a surrogate key beside the natural
customer_id that is the table's primary key. Linked to dim_customers as advised, it matched no customer: every
label was 0, and so was the MAE of the model and of every baseline. So a link is refused where too few of its
values are the parent's keys, naming the parent's other unique column that holds them, with the fix.
"""

from __future__ import annotations

import duckdb
from sqlglot import exp

from rfm_sql.compile.sqlutil import table as table_ref
from rfm_sql.errors import GraphError

# the share of a link's distinct values its parent's key must hold: a wrong link holds almost none (0 of the md5
# keys), a right one may dangle more than inference allows (0.8: a quarter of the orders' users deleted since)
CONTAINED = 0.5


def contained(con, child: str, fkey: str, parent: str, pkey: str, as_type: str | None = None) -> tuple[int, int]:
    """(distinct non-NULL values of child.fkey, how many of them parent.pkey holds): one query. `as_type`: the
    values read as that type first (TRY_CAST; one that does not read as it counts, and is held by no key)."""
    c, p = exp.column(fkey, table="c", quoted=True), exp.column(pkey, table="p", quoted=True)
    value = exp.column(fkey, quoted=True)
    read = value.copy() if as_type is None else exp.TryCast(this=value.copy(), to=exp.DataType.build(as_type))
    distinct = (
        exp.select(read.as_(fkey, quoted=True)).distinct().from_(table_ref(child)).where(value.is_(exp.null()).not_())
    )
    sql = (
        exp.select(exp.Count(this=exp.Star()), exp.Count(this=p))
        .from_(distinct.subquery("c"))
        .join(table_ref(parent, "p"), on=exp.EQ(this=c, expression=p), join_type="left")
        .sql("duckdb")
    )
    n, hit = con.execute(sql).fetchall()[0]
    return n, hit


def check_link(graph, child: str, fkey: str, parent: str, comparable, check: bool = True) -> None:
    """Raise GraphError when under CONTAINED of child.fkey's distinct values are keys of `parent` (an empty
    column passes). `comparable(type, type)`: whether two columns' values can be matched (`keys_compatible`).
    Nothing is checked unless `check`, nor where there is no database to read (`graph.reader` None: a graph made
    by hand; a closed connection): declared links (a schema.json's) are taken as the catalog's are."""
    if not check or graph.reader is None:
        return
    ptab = graph.table(parent)
    dtype = graph.table(child).column(fkey).dtype
    mine = {ptab.primary_key} | ({fkey} if child == parent else set())  # a self-link's column holds itself
    others = [c.name for c in ptab.columns if c.name not in mine and comparable(dtype, c.dtype)]
    try:
        with graph.reader() as cur:
            n, hit = contained(cur, child, fkey, parent, ptab.primary_key)
            if not n or hit >= CONTAINED * n or _empty(cur, parent):  # an empty table: nothing to go by
                return
            holder = _unique_holder(cur, child, fkey, parent, others, n)
    except duckdb.Error:
        return
    pkey = ptab.primary_key
    found = (
        f'Cannot link {child}.{fkey} to "{parent}": a link references the primary key of {parent}, {pkey}, and '
        f"only {hit:,} of {fkey}'s {n:,} distinct values ({hit / n:.0%}) are {pkey} values"
    )
    anyway = f"; if the others are keys {parent} lacks, link it anyway with rfm.graph.link(..., check=False)"
    if holder is None:
        raise GraphError(
            f"{found} (a link needs {CONTAINED:.0%}): the {child} rows with the others would match no {parent} "
            f"row, silently. Link a column of {child} that holds {parent}.{pkey} values{anyway}."
        )
    name, held = holder
    view, column = _keyed_view(graph, child, fkey, parent, name)
    mapped = (
        f"a view that maps {name} to {pkey}: {view}; then "
        f'rfm.graph.link("{child}_keyed", "{column}", "{parent}") and query {child}_keyed'
    )
    keyed = [str(lk) for lk in graph.children(parent) if (lk.child, lk.fkey) != (child, fkey)]
    if keyed:
        fix = f"{pkey} stays the key ({', '.join(keyed)} reference it), so make {mapped}."
    else:
        fix = (
            f'Either make {name} the key: rfm.graph.set_primary_key("{parent}", "{name}"), then '
            f'rfm.graph.link("{child}", "{fkey}", "{parent}"); or keep {pkey} and make {mapped}.'
        )
    raise GraphError(
        f"{found}; {parent}.{name}, also unique, holds {held:,} ({held / n:.0%}): {fkey} references {name}, "
        f"not {pkey}. {fix}"
    )


def _empty(cur, table: str) -> bool:
    return not cur.execute(exp.select("1").from_(table_ref(table)).limit(1).sql("duckdb")).fetchall()


def _unique_holder(cur, child: str, fkey: str, parent: str, others: list[str], n: int) -> tuple[str, int] | None:
    """(column, values held) of the parent's unique, non-NULL column among `others` that holds the most of
    child.fkey's `n` distinct values, at least CONTAINED of them; None if none does."""
    if not others:
        return None
    distinct = [exp.Count(this=exp.Distinct(expressions=[exp.column(c, quoted=True)])) for c in others]
    row = cur.execute(exp.select(exp.Count(this=exp.Star()), *distinct).from_(table_ref(parent)).sql("duckdb"))
    rows, *counts = row.fetchall()[0]
    held = [(contained(cur, child, fkey, parent, c)[1], c) for c, d in zip(others, counts, strict=True) if d == rows]
    best = max(held, default=None)
    return (best[1], best[0]) if best and best[0] >= CONTAINED * n else None


def _keyed_view(graph, child: str, fkey: str, parent: str, holder: str) -> tuple[str, str]:
    """(CREATE VIEW <child>_keyed: child's rows with the parent's primary key looked up by `holder`, the name
    of that key's column there)."""
    pkey = graph.table(parent).primary_key
    column = pkey if not graph.table(child).has_column(pkey) else f"{parent}_{pkey}"
    # names quoted only where DuckDB needs it, as pql/views.py writes the views other messages suggest
    key = exp.column(pkey, "p") if column == pkey else exp.alias_(exp.column(pkey, "p"), column)
    select = (
        exp.select(exp.Column(this=exp.Star(), table=exp.to_identifier("c")), key)
        .from_(exp.Table(this=exp.to_identifier(child)).as_("c"))
        .join(  # LEFT: a row whose key matches no parent row stays, as it is in the table
            exp.Table(this=exp.to_identifier(parent)).as_("p"),
            on=exp.EQ(this=exp.column(fkey, "c"), expression=exp.column(holder, "p")),
            join_type="left",
        )
    )
    view = exp.Create(this=exp.Table(this=exp.to_identifier(f"{child}_keyed")), kind="VIEW", expression=select)
    return view.sql("duckdb"), column
