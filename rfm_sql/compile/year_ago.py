"""How the target's window went a year before, per candidate: a class's share of the rows in the same window a year
back, and the entity's own rows of it there. Classes that come with the season (a marina's bottom paint in spring,
winterization in autumn) lead the last horizons' popularity in one season and lose the next: a marina trial's next
service per boat, from June, read accuracy .14 where the commonest class read .26, the model carrying spring's
leader into summer; the window a year back names summer's. Only rows at or before the anchor are read (a year back,
the window ended long before it). For a multiclass target; nothing here names a particular database."""

from __future__ import annotations

from dataclasses import dataclass

from sqlglot import exp

from rfm_sql.compile.pair_spec import PairSpec
from rfm_sql.compile.sqlutil import ANCHOR, ENTITY, col, shift, table, time_of
from rfm_sql.graph import Graph
from rfm_sql.pql import ast
from rfm_sql.pql.tasks import TaskType
from rfm_sql.pql.validate import ValidQuery

CLASS = "CLASS"
SHARE, OWN = "pair:pop_year_ago", "pair:hist_year_ago"
YEAR = 12  # months back


@dataclass(frozen=True)
class YearAgo:
    ctes: list[tuple[str, exp.Expression]]
    shares: str  # (ANCHOR, CLASS, y_share)
    own: str  # (ENTITY, ANCHOR, CLASS, y_n)
    source: tuple[str, str, str]

    def join(self, select: exp.Select, cand: str) -> exp.Select:
        on = exp.and_(*[exp.EQ(this=col(c, "ya"), expression=col(c, cand)) for c in (ANCHOR, CLASS)])
        select = select.join(exp.to_table(self.shares).as_("ya"), on=on, join_type="left")
        on = exp.and_(*[exp.EQ(this=col(c, "yo"), expression=col(c, cand)) for c in (ENTITY, ANCHOR, CLASS)])
        return select.join(exp.to_table(self.own).as_("yo"), on=on, join_type="left")

    def features(self) -> list[tuple[str, exp.Expression, tuple[str, str, str]]]:
        zero = exp.Literal.number(0)
        return [
            (SHARE, exp.func("COALESCE", col("y_share", "ya"), zero), self.source),
            (OWN, exp.func("COALESCE", col("y_n", "yo"), zero.copy()), self.source),
        ]


def year_ago(vq: ValidQuery, graph: Graph, spec: PairSpec, seed_name: str, anchors: str, names) -> YearAgo | None:
    """The year-back window's CTEs for the relation `seed_name`'s pairs (`anchors`: its distinct anchors), or None
    where the target is no windowed multiclass aggregation."""
    fact, target = graph.table(spec.fact), vq.query.target
    windowed = isinstance(target, ast.Aggregation) and vq.task_type is TaskType.MULTICLASS
    if fact.time_column is None or not windowed:
        return None
    w = target.window

    def in_window(anchor: exp.Expression) -> exp.Expression:
        back = shift(anchor, -YEAR, "months")
        t = time_of(fact, fact.time_column, "f")
        return exp.and_(
            exp.GT(this=t, expression=shift(back, w.start, w.unit)),
            exp.LTE(this=t.copy(), expression=shift(back.copy(), w.end, w.unit)),
            exp.not_(col(spec.value, "f").is_(exp.null())),
        )

    counts = (
        exp.select(col(ANCHOR, "a"), col(spec.value, "f").as_(CLASS, quoted=True), exp.Count(this=exp.Star()).as_("n"))
        .from_(exp.to_table(anchors).as_("a"))
        .join(table(fact.name, "f"), on=in_window(col(ANCHOR, "a")))
        .group_by(col(ANCHOR, "a"), col(spec.value, "f"))
    )
    total = exp.Window(this=exp.Sum(this=col("n")), partition_by=[col(ANCHOR)])
    share = exp.Div(this=exp.cast(col("n"), "DOUBLE"), expression=total)
    shares = exp.select(col(ANCHOR), col(CLASS), share.as_("y_share")).from_(counts.subquery("c"))
    on = exp.and_(exp.EQ(this=col(spec.entity_fkey, "f"), expression=col(ENTITY, "s")), in_window(col(ANCHOR, "s")))
    own = (
        exp.select(
            col(ENTITY, "s"),
            col(ANCHOR, "s"),
            col(spec.value, "f").as_(CLASS, quoted=True),
            exp.Count(this=exp.Star()).as_("y_n"),
        )
        .from_(exp.to_table(seed_name).as_("s"))
        .join(table(fact.name, "f"), on=on)
        .group_by(col(ENTITY, "s"), col(ANCHOR, "s"), col(spec.value, "f"))
    )
    share_name, own_name = names("rfm_year_ago"), names("rfm_year_ago_own")
    return YearAgo([(share_name, shares), (own_name, own)], share_name, own_name, (spec.fact, spec.value, "year ago"))
