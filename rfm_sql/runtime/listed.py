"""Entity keys a caller lists (`FOR users.user_id IN (...)`, `entities=`): every one must be a row of the entity
table, checked before any SQL casts the list to the key's type. Unchecked, the cast would fail on a key
beyond the type's range (a crash) or turn 0.3 into entity 0 (a wrong answer). Shared by predictions,
backtests and forecasts, on DuckDB and Spark cursors alike."""

from __future__ import annotations

from sqlglot import exp

from rfm_sql.compile.labels import exists_at
from rfm_sql.compile.sqlutil import ENTITY, col, lit
from rfm_sql.compile.sqlutil import table as table_ref
from rfm_sql.errors import UserError
from rfm_sql.graph import Graph, is_text_type
from rfm_sql.pql.validate import ValidQuery
from rfm_sql.runtime import keyset


def check_listed(cur, vq: ValidQuery, graph: Graph, listed, param: str = "entities") -> None:
    """Refuse listed keys (values, or a key table from runtime.keyset) that the entity table lacks; `param` is
    where they came from (`entities`, `entity`, or the query's own `FOR ... IN` list: `query`)."""
    missing = missing_keys(cur, vq, graph, listed) if isinstance(listed, exp.Table) else None
    if missing is None:
        dtype = graph.table(vq.entity_table).column(graph.table(vq.entity_table).primary_key).dtype
        keyset.refuse_non_uuid(listed, dtype, param)  # before the SQL below casts them
        present = {keyset.comparable(v, dtype) for v in existing_keys(cur, vq, graph, listed)}
        missing = [v for v in listed if keyset.comparable(v, dtype) not in present]
    if missing:
        table = graph.table(vq.entity_table)
        if any(v is None for v in missing):  # a key is never NULL: a gap in the caller's list, not a key
            raise UserError(f"{param}=... holds a NULL (None): {table.primary_key} is never NULL; drop it.", param)
        missing = list({repr(v): v for v in missing}.values())  # a key listed twice is one key
        many = isinstance(listed, exp.Table) and len(missing) > 10  # a key table's are read 11 at most
        total = _count(cur, listed) if isinstance(listed, exp.Table) else len({repr(v) for v in listed})
        unknown = _count(cur, listed, table) if many else len(missing)
        head = _unknown(vq.entity_table, table.primary_key, missing, unknown, total)
        raise UserError(f"{head}{_some_keys(cur, table)}.", param=param)


def _unknown(entity: str, key: str, missing: list, unknown: int, total: int) -> str:
    """What the message says of the `unknown` keys among `total` distinct listed ones (`missing`: the first of
    them): a count when some exist (1 unknown of 3 read as if none matched)."""
    shown = ", ".join(_short(repr(v)) for v in missing[:10]) + (" ..." if unknown > 10 else "")
    if unknown >= total:
        return f"No {entity} with {key} in ({shown}); list keys that exist"
    are, them = ("is", "it") if unknown == 1 else ("are", "them")
    return f"{unknown:,} of the {total:,} listed keys {are} not a {entity}.{key}: {shown}; drop {them} or list keys that exist"


def _count(cur, keys: exp.Table, absent_from=None) -> int:
    """The distinct keys of a key table, or of those the table `absent_from` lacks."""
    query = exp.select(exp.Count(this=exp.Distinct(expressions=[col(ENTITY, "k")]))).from_(
        keys.copy().as_("k", quoted=True)
    )
    if absent_from is not None:
        on = exp.EQ(this=col(absent_from.primary_key, "e"), expression=col(ENTITY, "k"))
        query = query.join(table_ref(absent_from.name, "e"), on=on, join_type="anti")
    return cur.execute(query.sql("duckdb")).fetchall()[0][0]


def _some_keys(cur, table) -> str:
    """' (its keys look like 'dev-0001', 'dev-0002', 'dev-0003')' for a text key: 42 asked of devices keyed
    'dev-0042' said only that no device has it."""
    shown = key_examples(cur, table)
    return f" (its keys look like {shown})" if shown else ""


def key_examples(cur, table) -> str:
    """The first three keys of a text-keyed `table` as a user would quote them ("'dev-0001', 'dev-0002', ..."); ""
    for another key type or no rows."""
    if not is_text_type(table.column(table.primary_key).dtype):
        return ""
    key = col(table.primary_key)
    first = exp.select(key).from_(table_ref(table.name)).where(exp.not_(key.is_(exp.null()))).order_by(key).limit(3)
    return ", ".join(_short(repr(r[0])) for r in cur.execute(first.sql("duckdb")).fetchall())


def missing_keys(cur, vq: ValidQuery, graph: Graph, keys: exp.Table, limit: int = 11) -> list:
    """The first `limit` keys of a key table (in list order) that the entity table lacks, by an anti-join."""
    table = graph.table(vq.entity_table)
    on = exp.EQ(this=col(table.primary_key, "e"), expression=col(ENTITY, "k"))
    found = (
        exp.select(col(ENTITY, "k"))
        .from_(keys.copy().as_("k", quoted=True))
        .join(table_ref(table.name, "e"), on=on, join_type="anti")
        .order_by(col(keyset.POSITION, "k"))
        .limit(limit)
    )
    return [r[0] for r in cur.execute(found.sql("duckdb")).fetchall()]


def absent_at(cur, vq: ValidQuery, graph: Graph, listed, anchor) -> str | None:
    """A warning when listed keys (values, or a key table) are rows of the entity table that do not exist at
    `anchor` (created after it, or ended by it): they are still predicted, as PQL.md says of listed entities,
    but from no history, which nobody asking about a clinic opened later would guess; FOR EACH leaves them out."""
    table = graph.table(vq.entity_table)
    if not (table.time_column or table.end_time_column):
        return None
    key = col(table.primary_key, "e")
    rows = exp.select(key, exp.Window(this=exp.Count(this=exp.Star())).as_("n")).from_(table_ref(table.name, "e"))
    if isinstance(listed, exp.Table):  # each key once, where it was first listed (a key listed twice is one row)
        on = exp.EQ(this=key.copy(), expression=col(ENTITY, "k"))
        first = exp.Min(this=col(keyset.POSITION)).as_(keyset.POSITION, quoted=True)
        keys = exp.select(col(ENTITY), first).from_(listed.copy()).group_by(col(ENTITY))
        rows = rows.join(keys.subquery("k"), on=on).order_by(col(keyset.POSITION, "k"))
    else:
        rows = rows.where(exp.In(this=key.copy(), expressions=[lit(v) for v in listed]))
    absent = cur.execute(rows.where(exp.not_(exists_at(table, lit(anchor), "e"))).limit(10).sql("duckdb")).fetchall()
    if not absent:
        return None
    n, shown = absent[0][1], ", ".join(_short(repr(k)) for k, _ in absent)
    by = ", ".join(f"{table.name}.{c}" for c in (table.time_column, *table.end_columns) if c)
    fix = "Pass a later anchor_time, or drop them."
    if table.end_time_column:  # an ended row has history: a later anchor only moves further past its end
        ended = " or ".join(table.end_columns)
        fix = f"Those not yet created: pass a later anchor_time; those ended by {ended}: drop them."
    return (
        f"{n} listed {table.name} row(s) do not exist at the anchor {anchor} by {by} ({shown}{' ...' if n > 10 else ''}): "
        f"they are predicted as rows that do not exist (FOR EACH would leave them out). {fix}"
    )


def existing_keys(cur, vq: ValidQuery, graph: Graph, keys) -> list:
    """The keys of `keys` that the entity table has."""
    table = graph.table(vq.entity_table)
    key = col(table.primary_key)
    found = exp.select(key).from_(table_ref(table.name)).where(exp.In(this=key, expressions=[lit(v) for v in keys]))
    return [r[0] for r in cur.execute(found.sql("duckdb")).fetchall()]


def _short(text: str, width: int = 40) -> str:
    return text if len(text) <= width else text[: width - 3] + "..."
