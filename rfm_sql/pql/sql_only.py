"""SQL aggregations users reach for that PQL does not have, and what it writes instead (the parser's hint)."""

from __future__ import annotations

_AGGREGATIONS = "COUNT, SUM, AVG, MIN, MAX, COUNT_DISTINCT, FIRST, LAST and LIST_DISTINCT"
_MOST_FREQUENT = (
    "for the value an entity takes most, predict FIRST(table.column, 0, 30, days) or LAST(...), a class target whose "
    "PREDICTED row is the likeliest value, or LIST_DISTINCT(table.column, 0, 30, days) RANK TOP k for the k likeliest."
)
_MIDDLE = "predict AVG(table.column, ...) or SUM(...): a number's prediction is its predictive median already."
_SQL_ONLY = {  # SQL aggregations users reach for, and what PQL says instead
    "MODE": _MOST_FREQUENT,
    "ARG_MAX": _MOST_FREQUENT,
    "MEDIAN": _MIDDLE,
    "QUANTILE": _MIDDLE + " Quantiles of it: quantiles=[0.1, 0.9].",
    "STDDEV": f"its aggregations are {_AGGREGATIONS}; the spread of a prediction: quantiles=[0.1, 0.9].",
    "COUNT_IF": "count the rows that pass a condition with COUNT(table.* WHERE table.column = 'x', 0, 30, days).",
    "MEAN": "the mean of a column is AVG(table.column, 0, 30, days).",  # a golf club trial's MEAN(rounds.gross_score
    "AVERAGE": "the mean of a column is AVG(table.column, 0, 30, days).",  # ...) heard only of the tokens expected
    "TOTAL": "the total of a column is SUM(table.column, 0, 30, days).",
}


def instead_of(name: str) -> str | None:
    """The hint for a SQL aggregation (or a spreadsheet's name of one) `name` PQL lacks (" PQL has no MODE: ..."), or
    None."""
    fix = _SQL_ONLY.get(name.upper())
    return None if fix is None else f" PQL has no {name.upper()}: {fix}"
