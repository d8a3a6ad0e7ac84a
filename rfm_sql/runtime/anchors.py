"""Anchor times: parsing what users pass, stepping back by a horizon, and the default anchors a query
predicts and backtests at."""

from __future__ import annotations

import calendar
import datetime as dt

from sqlglot import exp

from rfm_sql.compile.sqlutil import col, table, time_of
from rfm_sql.errors import UserError
from rfm_sql.graph import Graph
from rfm_sql.pql.validate import ValidQuery

_SECONDS = {"seconds": 1, "minutes": 60, "hours": 3600, "days": 86400, "weeks": 604800}


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
            raise UserError(
                f"{name}={value!r} is not a timestamp; write it like '2024-01-31' or '2024-01-31 12:00:00'.",
                param=name,
            ) from None
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(dt.UTC).replace(tzinfo=None)
        return value
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day)
    raise UserError(
        f"{name} must be a timestamp (datetime, date or ISO string), got {type(value).__name__} {value!r}.",
        param=name,
    )


def to_timestamps(value, name: str = "anchor_time") -> list[dt.datetime]:
    """One timestamp or a list of them, sorted and without duplicates."""
    if isinstance(value, (list, tuple)):
        if not value:
            raise UserError(f"{name} is an empty list; pass at least one timestamp.", param=name)
        return sorted({to_timestamp(v, name) for v in value})
    return [to_timestamp(value, name)]


def step_back(anchor: dt.datetime, horizon: tuple[int, str], k: int) -> dt.datetime:
    """anchor - k horizons, with calendar months for `months` (as the SQL windows use)."""
    amount, unit = horizon
    if unit == "months":
        month = anchor.month - 1 - k * amount
        year, month = anchor.year + month // 12, month % 12 + 1
        return anchor.replace(year=year, month=month, day=min(anchor.day, calendar.monthrange(year, month)[1]))
    return anchor - dt.timedelta(seconds=k * amount * _SECONDS[unit])


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
        raise UserError(
            f"The tables of the target ({', '.join(tables)}) have no rows with a timestamp, so "
            "there is no default anchor time. Pass anchor_time=...",
            param="anchor_time",
        )
    return latest


def resolve_anchor(cur, vq: ValidQuery, graph: Graph, anchor_time=None) -> dt.datetime:
    """The anchor a prediction is made at: `anchor_time` if given, else the default anchor."""
    return default_anchor(cur, vq, graph) if anchor_time is None else to_timestamp(anchor_time)


def backtest_anchor(cur, vq: ValidQuery, graph: Graph) -> dt.datetime:
    """The latest anchor whose labels are fully observed: one horizon before the data's end."""
    latest = default_anchor(cur, vq, graph)
    return step_back(latest, vq.horizon, 1) if vq.horizon else latest


def data_end(cur, vq: ValidQuery, graph: Graph) -> dt.datetime | None:
    """The latest timestamp in the target's tables: no label window ending after it is observed."""
    return time_bound(cur, graph, vq.target_tables) if vq.target_tables else None


def check_observed(cur, vq: ValidQuery, graph: Graph, times, param: str = "anchor_time") -> None:
    """Refuse backtest anchors whose label windows run past the end of the data: their labels do not exist
    yet (an empty window would read as a real zero). Says which anchor would work."""
    if vq.static or not times:
        return
    end = data_end(cur, vq, graph)
    latest_ok = step_back(end, vq.horizon, 1) if end is not None else None
    late = [t for t in times if latest_ok is None or t > latest_ok]
    if not late:
        return
    amount, unit = vq.horizon
    tables = ", ".join(vq.target_tables)
    if latest_ok is None:
        raise UserError(
            f"The target's table(s) {tables} have no rows with a timestamp: there is nothing to evaluate.", param
        )
    raise UserError(
        f"Cannot backtest at {late[-1]}: its label window ({amount} {unit} after the anchor) runs past the end of the "
        f"data in {tables} ({end}), so its labels are not observed yet. The latest anchor whose window is fully "
        f"observed is {latest_ok}; pass {param} at or before it"
        + (" (drop the later rows of the task table)." if param == "task_table" else "."),
        param,
    )


def staleness(cur, vq: ValidQuery, graph: Graph, anchor: dt.datetime) -> str | None:
    """A warning when the target's tables have no rows in the horizon before `anchor`: the newest context
    examples would have empty label windows, and predictions would extrapolate from older history."""
    if vq.static:
        return None
    end = data_end(cur, vq, graph)
    if end is None or end > step_back(anchor, vq.horizon, 1):
        return None
    days = (anchor - end).total_seconds() / 86400
    return (
        f"The target's table(s) {', '.join(vq.target_tables)} have no rows after {end}, {days:,.0f} days before the "
        f"anchor {anchor}: the newest context examples have empty label windows and the predictions extrapolate "
        "from older history. Pass an anchor_time within the data, or check that the data is complete."
    )
