"""Why aggregating a table's link to the entity table says nothing, and how to ask what the user means.

In an entity's rows, the column that links them to the entity is the entity's own key: FIRST, LAST or
LIST_DISTINCT of it answers "the entity itself". When a table links to the entity table exactly twice (who
follows whom, who referred whom), the other link says whose row it is and the aggregated one names another row
of the entity table (pql.validate); with more links, the one to rank references a table of its own, a view of
the entity table.
"""

from __future__ import annotations

import re

from sqlglot import exp

from rfm_sql.pql import ast
from rfm_sql.pql.views import create_view


def own_link_problem(agg: ast.Aggregation, table: str, entity: str, links: list) -> str:
    """The message for `agg`, which aggregates one of `links` (the links from `table` to `entity`)."""
    ref = agg.column
    view = f"{entity}_{ref.column}"
    create = exp.Create(this=exp.to_table(view), kind="VIEW", expression=exp.select("*").from_(exp.to_table(entity)))
    fix = (
        f"To ask about the {entity} row it references, give it a table of its own: {create.sql('duckdb')}; then "
        f'rfm.graph.link("{table}", "{ref.column}", "{view}")'
    )
    if len(links) == 1:
        return (
            f"{ref} is the column that links {table} to the entity table {entity}: in each entity's rows its "
            f"value is the entity's own key, so {agg.func} of it says nothing. {fix}, and link {table} to "
            f"{entity} through the column that says whose row it is."
        )
    others = ", ".join(lk.fkey for lk in links if lk.fkey != ref.column)
    return (
        f'Table "{table}" links to "{entity}" through several columns ({", ".join(lk.fkey for lk in links)}), '
        f"and {ref} is one of them: an entity's rows are read through one link, and {ref} then names another "
        f"{entity} row. {fix}; {table}'s rows then belong to {entity} through {others}."
    )


def several_links_problem(table: str, entity: str, links: list) -> str:
    """A table linked to the entity table through several columns, read without saying which (COUNT(follows.*)):
    count one link's column (a bike-share trial's trips by start station: unlinking the end station for the count broke
    the ranking of end stations), keep one link; with two (who follows whom), or count one side's distinct partners,
    which picks the other link and leaves the graph as it is (a social trial: unlinking for a count broke the
    session's follow ranking)."""
    cols = ", ".join(lk.fkey for lk in links)
    text = (
        f'Table "{table}" links to "{entity}" through several columns ({cols}), so it is ambiguous which rows belong '
        f"to an entity. To count the rows one of them links, count that column: COUNT({table}.{links[0].fkey}, ...) "
        f"counts the rows whose {links[0].fkey} is the entity. Or keep only the link you mean, e.g. "
        f'rfm.graph.unlink("{table}", "{links[-1].fkey}") in Python; '
        f"from SQL, a graph file: `rfm-sql graph DB --unlink {table}.{links[-1].fkey} --save graph.json`, then "
        "attach with it (--graph graph.json; dbt: graph: graph.json)."
    )
    if len(links) == 2:
        a, b = (lk.fkey for lk in links)
        text += (
            f" Or keep the graph and count distinct partners: COUNT_DISTINCT({table}.{a}, ...) counts the distinct "
            f"{a} of the rows whose {b} is the entity, COUNT_DISTINCT({table}.{b}, ...) the distinct {b} of those "
            f"whose {a} is."
        )
    return text


def both_links_problem(table: str, used: str, here: str) -> str:
    """The message for a query that reads `table` through the link `used` and, in another aggregation, `here`."""
    return (
        f"{table} is read through {used} elsewhere in this query and through {here} here; a query reads a "
        f"table's rows through one link. Ask about the other direction through a view of {table}."
    )


def own_table_problem(graph, func: str, table) -> str:
    """The message for an aggregation over the entity table itself; where the table links to itself (who
    referred whom), the view that gives the referencing rows a table of their own, as the referrer's rows."""
    head = f"{func} over the entity table {table.name} itself is not supported; aggregate a table that links to it."
    own = [lk for lk in graph.links if lk.child == table.name and lk.parent == table.name]
    ups = [lk for lk in graph.parents(table.name) if lk.parent != table.name and graph.table(lk.parent).primary_key]
    if ups and not own:  # a parking trial's COUNT(payments.*) FOR EACH payments.payment_id named no table to use
        listed = " or ".join(f"{lk.parent}.{graph.table(lk.parent).primary_key}" for lk in ups[:3])
        return f"{head} To count or sum {table.name} rows for each row they reference, predict FOR EACH {listed}."
    if not own or table.primary_key is None:
        return head
    fk, key = own[0].fkey, table.primary_key
    view = re.sub(r"\W+", "_", f"{table.name}_by_{fk}").strip("_").lower()  # a plain name, in SQL and PQL alike
    rename = exp.Star(rename=[exp.alias_(exp.column(key), f"row_{key}")])  # "order", "my users": quoted by sqlglot
    create = create_view(view, exp.select(rename).from_(exp.Table(this=exp.to_identifier(table.name))))
    count = f" (e.g. COUNT({view}.*, 0, 30, days))" if table.time_column else ""
    others = [lk.fkey for lk in own[1:]]  # Posts.ParentId beside Posts.AcceptedAnswerId: name each one
    also = f" Through {' or '.join(others)} instead: the same with that column." if others else ""
    return (
        f"{head} To aggregate the {table.name} rows that reference each one through {fk}, give them a table of "
        f'their own: {create}; then rfm.graph.link("{view}", "{fk}", "{table.name}") and aggregate {view}.*{count}.'
        f"{also}"
    )
