"""The popular candidates of a pair-scored target (`compile.candidates`): the targets linked most in the horizons
before the anchor that the entity's own history does not already give it.

Where an entity has had the popular ones (a user following the most followed), they would add nothing, and its
top k ran short of new candidates (a social trial: 15% of the 10th follow suggestions were members already
followed). Giving this source what the history and two hops leave of their budgets (a cold entity: all of it) was
measured and not kept: the unseen ranking suite's link prediction 9 tasks better, 8 worse, multilabel 5 and 11,
against the segment features alone (`compile.segment_pop`), for up to three times the pairs.
"""

from __future__ import annotations

from sqlglot import exp

from rfm_sql.compile.pair_spec import Budget
from rfm_sql.compile.sqlutil import ANCHOR, ENTITY, at_most, col, same_columns

CLASS = "CLASS"


def popular_source(
    seed_name: str, pop_ranked: str, hist_ranked: str, budget: Budget, names, ranked
) -> tuple[list[tuple[str, exp.Expression]], exp.Select]:
    """(CTEs, the source's (ENTITY, ANCHOR, CLASS) rows) from the ranked popularity (ANCHOR, CLASS, p_rank) and the
    entity's ranked history (h_rank); `ranked` numbers rows (candidates._ranked)."""

    pool = (
        exp.select(col(ENTITY, "s"), col(ANCHOR, "s"), col(CLASS, "p"), col("p_rank", "p"))
        .from_(exp.to_table(seed_name).as_("s"))
        .join(
            exp.to_table(pop_ranked).as_("p"),
            on=exp.and_(same_columns([ANCHOR], "s", "p"), at_most("p_rank", budget.popular + budget.history, "p")),
        )
    )
    return top_new(pool, "p", ("p_rank", False), hist_ranked, budget, names, ranked, "rfm_popular_new")


def top_new(
    pool: exp.Select, alias: str, order: tuple[str, bool], hist_ranked: str, budget: Budget, names, ranked, base: str
) -> tuple[list[tuple[str, exp.Expression]], exp.Select]:
    """(CTEs, rows) of a candidate source: the first `budget.popular` per (entity, anchor) by `order` (a column of
    `pool` and whether descending) of the candidates `pool` gives (the seed's pairs aliased `s`, each candidate's
    CLASS under `alias`), less those among the first `budget.history` of the entity's own history (`hist_ranked`),
    which the history source gives already; `base` names the CTE."""
    pool = pool.join(
        exp.to_table(hist_ranked).as_("h"),
        on=exp.and_(
            same_columns([ENTITY, ANCHOR], "s", "h"),
            same_columns([CLASS], alias, "h"),
            at_most("h_rank", budget.history, "h"),
        ),
        join_type="left",
    ).where(col(CLASS, "h").is_(exp.null()))
    name = names(base)
    ctes = [(name, ranked(pool.subquery("q"), [ENTITY, ANCHOR], [order], "n_rank"))]
    source = exp.select(col(ENTITY), col(ANCHOR), col(CLASS)).from_(name).where(at_most("n_rank", budget.popular))
    return ctes, source
