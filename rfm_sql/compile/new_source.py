"""The new candidates of a ranked target (`compile.candidates`): the destination's rows that began in the last
NEW_HORIZONS horizons before the anchor (by their time column, or by when they were written where they are dated
ahead: an event by its announcement), newest first, less those the entity's own history gives.

Every other source draws on past links (the entity's own, the popular ones, two hops, its segment's), so a row
nobody has linked yet is never a candidate: a ticketing trial's customers bought, in a month, events of which half
had been announced by the anchor and sold no ticket yet, and none of those could be ranked. A destination without a
time column gives nothing here; one that ended by the anchor is no candidate (as in every source).
"""

from __future__ import annotations

from dataclasses import replace

from sqlglot import exp

from rfm_sql.compile import labels as label_compiler
from rfm_sql.compile.pair_spec import Budget, PairSpec
from rfm_sql.compile.popular_source import top_new
from rfm_sql.compile.sqlutil import ANCHOR, ENTITY, at_most, col, same_columns, shift, table, time_of
from rfm_sql.graph import Graph
from rfm_sql.pql.tasks import TaskType
from rfm_sql.pql.validate import ValidQuery

CLASS = "CLASS"
NEW_HORIZONS = 3  # how far back a destination row counts as new, in the target's horizons
SHARE = 3  # a third of the popular source's budget


def new_source(
    vq: ValidQuery,
    graph: Graph,
    spec: PairSpec,
    seed_name: str,
    anchors: str,
    hist_ranked: str,
    budget: Budget,
    names,
    ranked,
) -> tuple[list[tuple[str, exp.Expression]], exp.Select | None]:
    """(CTEs, the source's (ENTITY, ANCHOR, CLASS) rows, or None: not a ranking) from the relation `anchors` (ANCHOR)
    and the entity's ranked history `hist_ranked`; `ranked` numbers rows (candidates._ranked)."""
    if spec.destination is None or vq.task_type is not TaskType.LINK_PREDICTION:
        return [], None
    dest = graph.table(spec.destination)
    start = dest.written_by or dest.time_column
    if start is None or dest.primary_key is None:
        return [], None
    amount, unit = spec.horizon
    a_anchor, born = col(ANCHOR, "a"), time_of(dest, start, "d")
    live = [
        exp.LTE(this=born, expression=a_anchor),
        exp.GT(this=born.copy(), expression=shift(a_anchor.copy(), -NEW_HORIZONS * amount, unit)),
    ]
    if dest.end_columns:
        live.append(exp.not_(label_compiler.ended_by(dest, a_anchor.copy(), "d")))
    rows = (
        exp.select(a_anchor.copy(), col(dest.primary_key, "d").as_(CLASS, quoted=True), born.copy().as_("born"))
        .from_(exp.to_table(anchors).as_("a"))
        .join(table(dest.name, "d"), on=exp.and_(*live))
    )
    few = replace(budget, popular=max(1, budget.popular // SHARE))
    newest = names("rfm_newest")
    ctes = [(newest, ranked(rows.subquery("n"), [ANCHOR], [("born", True)], "b_rank"))]
    pool = (
        exp.select(col(ENTITY, "s"), col(ANCHOR, "s"), col(CLASS, "p"), col("b_rank", "p"))
        .from_(exp.to_table(seed_name).as_("s"))
        .join(
            exp.to_table(newest).as_("p"),
            on=exp.and_(same_columns([ANCHOR], "s", "p"), at_most("b_rank", few.popular + budget.history, "p")),
        )
    )
    more, source = top_new(pool, "p", ("b_rank", False), hist_ranked, few, names, ranked, "rfm_new_new")
    return ctes + more, source
