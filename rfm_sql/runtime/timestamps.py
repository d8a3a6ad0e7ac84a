"""Timestamps: what users pass as anchors (and DuckDB hands back) made naive UTC datetimes, and stepping an
anchor back by a horizon as the SQL windows do."""

from __future__ import annotations

import calendar
import datetime as dt

from rfm_sql.errors import UserError

SECONDS = {"seconds": 1, "minutes": 60, "hours": 3600, "days": 86400, "weeks": 604800}


def to_timestamp(value, name: str = "anchor_time") -> dt.datetime:
    """A naive UTC datetime from a datetime, date, ISO string, pandas or numpy timestamp."""
    # pandas.NaT (whose to_pydatetime() is no timestamp) and numpy's NaT: a missing value, not an anchor
    if type(value).__name__ == "NaTType" or type(value).__name__ == "datetime64" and str(value) == "NaT":
        raise UserError(f"{name} is NaT (a missing timestamp); pass a timestamp, or leave it out for the default.", name)
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
    return anchor - dt.timedelta(seconds=k * amount * SECONDS[unit])
