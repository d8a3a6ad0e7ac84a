"""Anchor times: parsing what users pass, and the default anchor a query predicts at."""

from __future__ import annotations

import datetime as dt

from sqlglot import exp

from rfm_sql.compile.sqlutil import col, table, time_of
from rfm_sql.graph import Graph
from rfm_sql.pql.validate import ValidQuery


def to_timestamp(value, name: str = "anchor_time") -> dt.datetime:
    """A naive UTC datetime from a datetime, date, ISO string, pandas or numpy timestamp."""
    if hasattr(value, "to_pydatetime"):  # pandas.Timestamp
        value = value.to_pydatetime()
    elif type(value).__name__ == "datetime64":
        value = value.astype("datetime64[us]").item()
    if isinstance(value, str):
        try:
            value = dt.datetime.fromisoformat(value.strip())
        except ValueError:
            raise ValueError(
                f"{name}={value!r} is not a timestamp; write it like '2024-01-31' or '2024-01-31 12:00:00'."
            ) from None
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(dt.UTC).replace(tzinfo=None)
        return value
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day)
    raise ValueError(
        f"{name} must be a timestamp (datetime, date or ISO string), got {type(value).__name__} {value!r}."
    )


def to_timestamps(value, name: str = "anchor_time") -> list[dt.datetime]:
    if isinstance(value, (list, tuple)):
        if not value:
            raise ValueError(f"{name} is an empty list; pass at least one timestamp.")
        return sorted({to_timestamp(v, name) for v in value})
    return [to_timestamp(value, name)]


def time_bound(cur, graph: Graph, tables, aggregate=exp.Max) -> dt.datetime | None:
    """The latest (exp.Max) or earliest (exp.Min) timestamp over the time columns of `tables`."""
    parts = [
        exp.select(aggregate(this=time_of(graph.tables[n], graph.tables[n].time_column)).as_("t")).from_(table(n))
        for n in tables
    ]
    if not parts:
        return None
    union = parts[0]
    for part in parts[1:]:
        union = exp.union(union, part, distinct=False)
    value = cur.execute(exp.select(aggregate(this=col("t"))).from_(union.subquery("m")).sql("duckdb")).fetchall()[0][0]
    return None if value is None else to_timestamp(value)


def default_anchor(cur, vq: ValidQuery, graph: Graph) -> dt.datetime:
    """The latest timestamp in the target's tables (static targets: in the whole database)."""
    tables = vq.target_tables or tuple(n for n, t in graph.tables.items() if t.time_column)
    latest = time_bound(cur, graph, tables)
    if latest is None:
        if vq.static:  # no time anywhere: a static target has nothing to be "as of"; use today
            today = dt.datetime.now(dt.UTC).date()
            return dt.datetime(today.year, today.month, today.day)
        raise ValueError(
            f"The tables of the target ({', '.join(tables)}) have no rows with a timestamp, so "
            "there is no default anchor time. Pass anchor_time=..."
        )
    return latest
