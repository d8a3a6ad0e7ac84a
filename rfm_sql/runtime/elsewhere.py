"""Tables a query names that live outside the schema rfm_sql reads (another schema, an attached database).

rfm_sql's graph is the current schema's tables (`USE` chooses it). A query naming `orders` that only exists as
`sales.orders` got "Unknown table" with no word on where it is; an empty current schema got "no tables".
"""

from __future__ import annotations

from sqlglot import exp

from rfm_sql.runtime.keyset import FALLBACK_CATALOG, SCRATCH_CATALOG

_CATALOG = (
    "SELECT database_name, schema_name, table_name FROM duckdb_tables() WHERE NOT temporary "
    "UNION ALL SELECT database_name, schema_name, view_name FROM duckdb_views() WHERE NOT internal AND NOT temporary"
)


def elsewhere_hint(cur, names: set[str]) -> str:
    """A sentence on where the `names` (or, with none of them found, any tables at all) live beside the
    current schema, for an error about them; "" when nowhere."""
    here = tuple(cur.execute("SELECT current_database(), current_schema()").fetchall()[0])
    rows = [
        (db, schema, name)
        for db, schema, name in cur.execute(_CATALOG).fetchall()
        if (db, schema) != here and db not in (SCRATCH_CATALOG, FALLBACK_CATALOG, "system", "temp")
    ]
    wanted = {n.lower() for n in names}
    found = [(db, schema, name) for db, schema, name in rows if name.lower() in wanted]
    if found:
        db, schema, name = found[0]
        there = exp.Table(this=exp.to_identifier(name), db=exp.to_identifier(schema), catalog=exp.to_identifier(db))
        view = exp.Create(
            this=exp.Table(this=exp.to_identifier(name)), kind="VIEW", expression=exp.select("*").from_(there)
        )
        return (
            f" {name} is {there.sql('duckdb')}, outside the schema rfm_sql reads ({here[0]}.{here[1]}): switch to it "
            f"({_use(db, schema)}) before attaching, or make a view here: {view.sql('duckdb')}."
        )
    schemas: dict[tuple[str, str], list[str]] = {}
    for db, schema, name in rows:
        schemas.setdefault((db, schema), []).append(name)
    if not schemas or names:
        return ""
    (db, schema), tables = next(iter(sorted(schemas.items())))
    return f" Tables live in {db}.{schema} ({', '.join(sorted(tables)[:5])}): {_use(db, schema)} before attaching."


def _use(db: str, schema: str) -> str:
    return "USE " + ".".join(exp.to_identifier(part).sql("duckdb") for part in (db, schema))
