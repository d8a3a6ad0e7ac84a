"""The PQL syntax tree: frozen dataclasses that keep where in the query text each node came from."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

AGGREGATIONS = ("COUNT", "SUM", "AVG", "MIN", "MAX", "LIST_DISTINCT", "COUNT_DISTINCT", "FIRST", "LAST")
UNITS = ("seconds", "minutes", "hours", "days", "weeks", "months")

Value = int | float | str | bool | None | dt.datetime | dt.date


@dataclass(frozen=True)
class Span:
    """Character offsets [start, end) in the query text."""

    start: int
    end: int


@dataclass(frozen=True)
class ColumnRef:
    table: str
    column: str  # "*" for COUNT(table.*)
    span: Span = field(compare=False)

    @property
    def is_star(self) -> bool:
        return self.column == "*"

    def __str__(self) -> str:
        return f"{self.table}.{self.column}"


@dataclass(frozen=True)
class Literal:
    value: Value | tuple[Value, ...]
    span: Span = field(compare=False)


@dataclass(frozen=True)
class Window:
    """Rows with anchor + start < time <= anchor + end; start None means -INF."""

    start: int | None
    end: int
    unit: str
    span: Span = field(compare=False)


@dataclass(frozen=True)
class Aggregation:
    func: str
    column: ColumnRef
    filter: Expr | None
    window: Window
    span: Span = field(compare=False)


@dataclass(frozen=True)
class Comparison:
    """`left <op> right`; ops: = != < <= > >= IS NULL, IS NOT NULL, IN, NOT IN, LIKE, NOT LIKE, CONTAINS,
    STARTS WITH, ENDS WITH. `right` is None for the IS [NOT] NULL forms."""

    op: str
    left: Aggregation | ColumnRef
    right: Literal | None
    span: Span = field(compare=False)


@dataclass(frozen=True)
class And:
    items: tuple[Expr, ...]
    span: Span = field(compare=False)


@dataclass(frozen=True)
class Or:
    items: tuple[Expr, ...]
    span: Span = field(compare=False)


@dataclass(frozen=True)
class Not:
    item: Expr
    span: Span = field(compare=False)


Expr = Aggregation | ColumnRef | Comparison | And | Or | Not


@dataclass(frozen=True)
class Rank:
    k: int
    span: Span = field(compare=False)


@dataclass(frozen=True)
class Classify:
    span: Span = field(compare=False)


@dataclass(frozen=True)
class Forecast:
    steps: int
    span: Span = field(compare=False)


Task = Rank | Classify | Forecast


@dataclass(frozen=True)
class Query:
    """A parsed PQL query. `entities` is None for FOR EACH, else the listed primary-key values."""

    target: Expr
    entity: ColumnRef
    source: str = field(repr=False)
    prefix: str | None = None  # "EVALUATE" | "EXPLAIN"
    task: Task | None = None
    entity_filter: Expr | None = None
    entities: tuple[Value, ...] | None = None
    assuming: Expr | None = None


def walk(node):
    """Yield `node` and every expression node below it (aggregation filters included)."""
    yield node
    if isinstance(node, (And, Or)):
        for item in node.items:
            yield from walk(item)
    elif isinstance(node, Not):
        yield from walk(node.item)
    elif isinstance(node, Comparison):
        yield from walk(node.left)
    elif isinstance(node, Aggregation):
        yield node.column
        if node.filter is not None:
            yield from walk(node.filter)
