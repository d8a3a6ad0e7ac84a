"""Every error rfm_sql raises on purpose.

`RFMError` is the root. Everything a user can get wrong (a query, an option, an argument, the graph) is a
`UserError`, which is also a `ValueError` and names the parameter at fault; the model file and the
prediction cache have their own errors.
"""

from __future__ import annotations

import difflib


class RFMError(Exception):
    """Root of every error rfm_sql raises on purpose."""


class UserError(RFMError, ValueError):
    """A mistake in what the caller passed. `param` names the argument at fault (None: the data itself)."""

    def __init__(self, message: str, param: str | None = None):
        self.param = param
        super().__init__(message)


class PQLError(UserError):
    """A predictive query that cannot be parsed or does not fit the database.

    The message names the problem, shows the query with a caret under the offending text, and says how
    to fix it.
    """

    def __init__(self, message: str, source: str | None = None, pos: int | None = None, end: int | None = None):
        self.problem = message
        self.source = source
        self.pos, self.end = pos, end
        self.line, self.column = _line_col(source, pos) if source is not None and pos is not None else (None, None)
        super().__init__(self._render(message, source, pos, end), param="query")

    @staticmethod
    def _render(message: str, source: str | None, pos: int | None, end: int | None) -> str:
        if source is None or pos is None:
            return message
        line, col = _line_col(source, pos)
        text = source.split("\n")[line - 1]  # lines as _line_col counts them: only "\n" ends one
        width = 1
        if end is not None and end > pos:
            width = max(1, min(end, pos - col + 1 + len(text)) - pos)
        caret = " " * (col - 1) + "^" * width
        return f"{message}\n  at line {line}, column {col}:\n    {text}\n    {caret}"


class PQLSyntaxError(PQLError):
    """The query text does not follow PQL's grammar."""


class GraphError(UserError):
    """The database's graph (tables, keys, links) is missing something a query or call needs."""


class NoExamplesError(UserError):
    """No labelled examples exist for a query at the anchors tried."""


class RFMWarning(UserWarning):
    """A result that is computed but deserves a second look (e.g. stale history before the anchor)."""


class ModelError(RFMError):
    """The model file is missing or does not match this version of rfm_sql's model contract."""


class ExpiredError(RFMError):
    """A prediction context was dropped from the cache before the query that uses it ran."""


def _line_col(source: str, pos: int) -> tuple[int, int]:
    pos = max(0, min(pos, len(source)))
    line = source.count("\n", 0, pos) + 1
    column = pos - (source.rfind("\n", 0, pos) + 1) + 1
    return line, column


def did_you_mean(name: str, choices) -> str:
    """' Did you mean "x"?' for the closest choice, or '' when nothing is close."""
    choices = list(choices)
    lowered = {c.lower(): c for c in choices}
    if name.lower() in lowered:
        return f' Did you mean "{lowered[name.lower()]}"?'
    close = difflib.get_close_matches(name, choices, n=1, cutoff=0.6)
    if not close:
        close = [lowered[m] for m in difflib.get_close_matches(name.lower(), list(lowered), n=1, cutoff=0.6)]
    if not close:  # a part of one name only: `policyholders.id` for policyholder_id
        low = name.lower()
        close = [c for c in choices if c.lower().endswith("_" + low) or c.lower().startswith(low + "_")][:2]
        close = close if len(close) == 1 else []
    return f' Did you mean "{close[0]}"?' if close else ""
