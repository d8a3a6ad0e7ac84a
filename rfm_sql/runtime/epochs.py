"""Integer time columns read in the unit their values are in.

A column of seconds since 1970 read as milliseconds puts every row in January 1970: at any later anchor every
row has already happened, so every entity exists and every window holds all of its history, silently (300
sellers predicted at an anchor when 139 had been onboarded). One aggregate per integer time column a query
reads says whether its values fit the unit set for it (inference's ranges: 1973 to 2103 in that unit); where
they do not, the error names the unit they fit. Values below every range (small counters, placeholders of 0)
are left alone: no unit would make them times, and inference never reads such a column as one.
"""

from __future__ import annotations

from sqlglot import exp

from rfm_sql.compile.sqlutil import col, table, to_sql
from rfm_sql.errors import GraphError
from rfm_sql.graph import Graph
from rfm_sql.graph.infer import EPOCH_RANGES, epoch_unit
from rfm_sql.pql.validate import ValidQuery

UNIT_NAMES = {"s": "seconds", "ms": "milliseconds", "us": "microseconds"}


def read_tables(vq: ValidQuery, graph: Graph) -> list[str]:
    """The entity table, the tables it references and the tables that reference it: the rows a query reads."""
    names = [vq.entity_table, *(lk.parent for lk in graph.parents(vq.entity_table))]
    names += [lk.child for lk in graph.children(vq.entity_table)] + list(vq.target_tables)
    return list(dict.fromkeys(names))


def check_units(cursor, vq: ValidQuery, graph: Graph) -> None:
    """Raise GraphError when an integer time column's values are times in another unit than the one set."""
    for name in read_tables(vq, graph):
        tab = graph.table(name)
        for column in (tab.time_column, *tab.end_columns):
            unit = tab.column(column).unit if column is not None else None
            if unit is None:
                continue
            lo, hi = cursor.execute(
                to_sql(exp.select(exp.Min(this=col(column)), exp.Max(this=col(column))).from_(table(name)))
            ).fetchall()[0]
            if hi is None or _fits(unit, hi) or hi < EPOCH_RANGES[0][1]:
                continue
            fits = epoch_unit((lo, hi)) or next((u for u, _, _ in EPOCH_RANGES if _fits(u, hi)), None)
            fix = (
                f'If they count {UNIT_NAMES[fits]}, set that: graph.set_time_column("{name}", "{column}", '
                f'unit="{fits}").'
                if fits
                else "Nanoseconds (or another unit) have no unit= here: read them in a view with a TIMESTAMP column, "
                f"e.g. make_timestamp({column} // 1000) AS {column}_ts, and use that as the time column."
            )
            raise GraphError(
                f"{name}.{column} is read as {UNIT_NAMES[unit]} since 1970, but its values (up to {hi:,}) are "
                f"{'too large' if hi >= _high(unit) else 'too small'} for that: they would be times "
                f"{'after 2103' if hi >= _high(unit) else 'before 1973'}. {fix}"
            )


def _fits(unit: str, value) -> bool:
    return any(u == unit and low <= value < high for u, low, high in EPOCH_RANGES)


def _high(unit: str) -> float:
    return next(high for u, _, high in EPOCH_RANGES if u == unit)
