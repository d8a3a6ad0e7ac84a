"""Primary keys the data must honour before a query runs.

A key DuckDB enforces (declared in the catalog) is unique and non-null by construction. A key set with
`graph.set_primary_key` or inferred at attach time is only a claim about the data (which may have changed
since): a duplicate in the entity table would predict one entity twice, a duplicate in a parent table would
multiply the rows joined to it, silently. So the keys a query joins on are checked, one aggregate each.
"""

from __future__ import annotations

from sqlglot import exp

from rfm_sql.compile.sqlutil import col, table, to_sql
from rfm_sql.errors import GraphError
from rfm_sql.graph import Graph
from rfm_sql.graph.model import PRIMARY_KEY
from rfm_sql.pql.validate import ValidQuery

ENFORCED = "declared"  # the evidence infer_graph records for a key declared in the catalog
_EXAMPLES = 3


def joined_tables(vq: ValidQuery, graph: Graph) -> list[str]:
    """The tables whose primary key a query's labels and features join on: the entity table, its parents,
    and the parents of its children (two hops)."""
    names = [vq.entity_table, *(link.parent for link in graph.parents(vq.entity_table))]
    for child in graph.children(vq.entity_table):
        names += [link.parent for link in graph.parents(child.child)]
    return list(dict.fromkeys(names))


def check_keys(cursor, vq: ValidQuery, graph: Graph) -> None:
    """Raise GraphError when a primary key the query joins on has duplicate or NULL values."""
    for name in joined_tables(vq, graph):
        key = graph.table(name).primary_key
        if key is None or graph.evidence.get((name, PRIMARY_KEY)) == ENFORCED:
            continue
        problems = _key_problems(cursor, name, key)
        if problems:
            raise GraphError(
                f"{name}.{key} is not a primary key: {'; '.join(problems)}. A key must be unique and not NULL: "
                f'deduplicate the table in a view, or set another key with rfm.graph.set_primary_key("{name}", '
                '"<column>").'
            )


def set_checked_key(cursor, graph: Graph, name: str, key: str | None) -> list:
    """`graph.set_primary_key`, for a key someone names by hand (the command line, an agent): refused, with the
    graph unchanged, when the data has duplicates or NULLs in it. Returns the links the change dropped."""
    if key is not None:
        graph.table(name).column(key)  # names checked first: their errors say what exists
        problems = _key_problems(cursor, name, key)
        if problems:
            raise GraphError(
                f"{name}.{key} cannot be the primary key: {'; '.join(problems)}. A key must be unique and not NULL; "
                "name a column that is."
            )
    return graph.set_primary_key(name, key)


def _key_problems(cursor, name: str, key: str) -> list[str]:
    counts = exp.select(
        exp.Sub(this=exp.Count(this=exp.Star()), expression=exp.Count(this=col(key))).as_("nulls"),
        exp.Sub(
            this=exp.Count(this=col(key)), expression=exp.Count(this=exp.Distinct(expressions=[col(key)]))
        ).as_("duplicates"),
    ).from_(table(name))
    nulls, duplicates = cursor.execute(to_sql(counts)).fetchall()[0]
    problems = []
    if duplicates:
        repeated = (
            exp.select(col(key))
            .from_(table(name))
            .where(col(key).is_(exp.null()).not_())
            .group_by(col(key))
            .having(exp.GT(this=exp.Count(this=exp.Star()), expression=exp.Literal.number(1)))
            .order_by(col(key))
            .limit(_EXAMPLES)
        )
        examples = ", ".join(repr(r[0]) for r in cursor.execute(to_sql(repeated)).fetchall())
        problems.append(f"{duplicates} duplicate value{'s' if duplicates > 1 else ''} (e.g. {examples})")
    if nulls:
        problems.append(f"{nulls} NULL value{'s' if nulls > 1 else ''}")
    return problems
