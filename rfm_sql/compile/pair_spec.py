"""What a pair-scored target's candidates are drawn from (`PairSpec`: the table and column its values live in)
and how many each source may give (`Budget`); the SQL is `compile.candidates`."""

from __future__ import annotations

from dataclasses import dataclass

from rfm_sql.errors import PQLError
from rfm_sql.graph import Graph
from rfm_sql.pql import ast
from rfm_sql.pql.validate import ValidQuery


@dataclass(frozen=True)
class PairSpec:
    """Where a query's target values live: `fact.value`, linked to the entity by `fact.entity_fkey`, in time
    by the fact table's time column; `destination` is the table `value` references (None if not a key)."""

    fact: str
    entity_fkey: str
    value: str
    destination: str | None
    horizon: tuple[int, str]


def pair_spec(vq: ValidQuery, graph: Graph) -> PairSpec:
    """The spec of a LIST_DISTINCT / FIRST / LAST / ... target over a window; static column targets have no
    history to draw candidates from and are refused."""
    target = vq.query.target
    if not isinstance(target, ast.Aggregation) or target.column.is_star or vq.horizon is None:
        q = vq.query
        raise PQLError(
            f"Predicting a {vq.task_type.value} target with more classes than the model's slots needs an "
            "aggregation over a window of a linked table (e.g. FIRST(orders.item_id, 0, 30, days)); a column "
            "of the entity table has no history to rank classes by.",
            q.source,
            0,
            len(q.source),
        )
    fact = graph.table(target.column.table)
    parents = [lk.parent for lk in graph.parents(fact.name) if lk.fkey == target.column.column]
    return PairSpec(fact.name, vq.fkey(fact.name), target.column.column, parents[0] if parents else None, vq.horizon)


@dataclass(frozen=True)
class Budget:
    """How many candidates each source may give one (entity, anchor) pair."""

    history: int
    popular: int
    cooc: int

    @property
    def total(self) -> int:
        return self.history + self.popular + self.cooc

    @classmethod
    def of(cls, total: int, at_least: int = 1) -> Budget:
        """A third of `total` per source; the popular source at least `at_least` (a RANK TOP k asks for k rows
        per entity, so k candidates where the data has k targets)."""
        third = max(1, total // 3)
        return cls(history=third, popular=max(third, at_least), cooc=max(1, total - 2 * third))
