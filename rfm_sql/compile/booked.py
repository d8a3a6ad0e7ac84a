"""What the target's own table already has on its books for the window, per candidate: rows written by the anchor
(`Table.written_by`: an event booked months ahead of its date) whose time falls in the target's window and that
have not ended by it. A booked row's value is often the label itself: a catering trial's next event type per client
read accuracy .45 where the type of the event already booked for the window read .72, and no pair feature held it
(the history reads rows dated by the anchor, none of the window's). Each booked value is a candidate; its pair
features are how many of the entity's booked rows hold it and its rank among them by date (1: the first booked,
the label of a FIRST; NULL where none is). The value and the target's filter read as known at the anchor
(compile.filled_later). Nothing here names a particular database."""

from __future__ import annotations

from dataclasses import dataclass

from sqlglot import exp

from rfm_sql.compile import filled_later as filling
from rfm_sql.compile import labels as label_compiler
from rfm_sql.compile.conditions import compile_condition
from rfm_sql.compile.pair_spec import PairSpec
from rfm_sql.compile.sqlutil import ANCHOR, ENTITY, col, shift, table, time_of
from rfm_sql.graph import Graph
from rfm_sql.pql import ast
from rfm_sql.pql.validate import ValidQuery

CLASS = "CLASS"
COUNT, RANK = "pair:booked_count", "pair:booked_rank"


@dataclass(frozen=True)
class Booked:
    ctes: list[tuple[str, exp.Expression]]
    name: str  # (ENTITY, ANCHOR, CLASS, b_n, b_rank)
    source: tuple[str, str, str]  # what explanations say the features read

    def sources(self) -> list[exp.Select]:
        """Every booked value is a candidate."""
        return [exp.select(col(ENTITY), col(ANCHOR), col(CLASS)).from_(self.name)]

    def join(self, select: exp.Select, cand: str) -> exp.Select:
        on = exp.and_(*[exp.EQ(this=col(c, "bk"), expression=col(c, cand)) for c in (ENTITY, ANCHOR, CLASS)])
        return select.join(exp.to_table(self.name).as_("bk"), on=on, join_type="left")

    def features(self) -> list[tuple[str, exp.Expression, tuple[str, str, str]]]:
        count = exp.func("COALESCE", col("b_n", "bk"), exp.Literal.number(0))
        return [(COUNT, count, self.source), (RANK, col("b_rank", "bk"), self.source)]


def booked(vq: ValidQuery, graph: Graph, spec: PairSpec, seed_name: str, names, ranked) -> Booked | None:
    """The rows on the books for the target's window of the relation `seed_name`'s (ENTITY, ANCHOR_TIMESTAMP)
    pairs, or None where the target's table writes no rows ahead. `names`, `ranked`: compile.candidates'."""
    fact, target = graph.table(spec.fact), vq.query.target
    if fact.written_by is None or fact.time_column is None or not isinstance(target, ast.Aggregation):
        return None
    anchor, t = col(ANCHOR, "s"), time_of(fact, fact.time_column, "f")
    w = target.window
    value = filling.known_by(fact, col(spec.value, "f"), "f", anchor.copy())
    on = [
        exp.EQ(this=col(spec.entity_fkey, "f"), expression=col(ENTITY, "s")),
        exp.LTE(this=time_of(fact, fact.written_by, "f"), expression=anchor.copy()),
        exp.GT(this=t, expression=shift(anchor.copy(), w.start, w.unit)),
        exp.LTE(this=t.copy(), expression=shift(anchor.copy(), w.end, w.unit)),
        exp.not_(value.copy().is_(exp.null())),
    ]
    if fact.end_columns:  # cancelled by the anchor: off the books
        on.append(exp.not_(label_compiler.ended_by(fact, anchor.copy(), "f")))
    if target.filter is not None:
        on.append(compile_condition(target.filter, label_compiler.fact_operand(graph, "f", anchor.copy())))
    rows = (
        exp.select(
            col(ENTITY, "s"),
            col(ANCHOR, "s"),
            value.as_(CLASS, quoted=True),
            exp.Count(this=exp.Star()).as_("b_n"),
            exp.Min(this=t.copy()).as_("b_first"),
        )
        .from_(exp.to_table(seed_name).as_("s"))
        .join(table(fact.name, "f"), on=exp.and_(*on))
        .group_by(col(ENTITY, "s"), col(ANCHOR, "s"), value.copy())
    )
    counts, name = names("rfm_booked_rows"), names("rfm_booked")
    ctes = [(counts, rows), (name, ranked(counts, [ENTITY, ANCHOR], [("b_first", False)], "b_rank"))]
    return Booked(ctes, name, (spec.fact, spec.value, "booked"))
