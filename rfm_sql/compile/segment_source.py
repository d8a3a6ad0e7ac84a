"""The segment's popular candidates of a pair-scored target (`compile.candidates`): the targets linked most, in the
12 horizons before the anchor, by the entities that share this entity's value of its best segment
(`compile.segment_pop`: the segment whose lifts explain the past targets most at that anchor), less those the
entity's own history already gives.

Where targets are taken once (an employee's courses, never twice) the history gives nothing new, and the global
popular source gives what everybody takes: an HR trial's candidates held 80% of the courses employees went on to
take, while its own rule, "the most popular course of the employee's job family not taken yet", beat rfm's
MAP@5. The segment is chosen from the data at each anchor, so a segment that says nothing of the target is never
read; an entity without a value in it gets nothing from this source.
"""

from __future__ import annotations

from sqlglot import exp

from rfm_sql.compile.pair_spec import Budget
from rfm_sql.compile.popular_source import top_new
from rfm_sql.compile.segment_pop import SegmentPop
from rfm_sql.compile.sqlutil import ANCHOR, ENTITY, col, same_columns

CLASS = "CLASS"


def segment_source(
    seed_name: str, seg: SegmentPop, hist_ranked: str, budget: Budget, names, ranked
) -> tuple[list[tuple[str, exp.Expression]], exp.Select]:
    """(CTEs, the source's (ENTITY, ANCHOR, CLASS) rows): per pair, up to `budget.popular` of the most linked targets
    in the entity's value of its best segment, less the first `budget.history` of its own (`hist_ranked`, h_rank);
    `ranked` numbers rows (candidates._ranked)."""
    counts = None  # every segment's (seg, ANCHOR, g, CLASS, n), one relation to join by the best one's index
    for i, name in enumerate(seg.counts):
        one = exp.select(exp.Literal.number(i).as_("seg"), col(ANCHOR), col("g"), col(CLASS), col("n")).from_(name)
        counts = one if counts is None else exp.union(counts, one, distinct=False)
    best = col("b1", "b")
    value = exp.Case(
        ifs=[
            exp.If(this=exp.EQ(this=best.copy(), expression=exp.Literal.number(i)), true=col(f"g{i}", "r"))
            for i in range(len(seg.counts))
        ]
    )
    pool = (
        exp.select(col(ENTITY, "s"), col(ANCHOR, "s"), col(CLASS, "n"), col("n", "n").as_("seg_n"))
        .from_(exp.to_table(seed_name).as_("s"))
        .join(exp.to_table(seg.rows).as_("r"), on=exp.EQ(this=col("u", "r"), expression=col(ENTITY, "s")))
        .join(exp.to_table(seg.best).as_("b"), on=same_columns([ANCHOR], "s", "b"))
        .join(
            counts.subquery("n"),
            on=exp.and_(
                same_columns([ANCHOR], "s", "n"),
                exp.EQ(this=col("seg", "n"), expression=best.copy()),
                exp.EQ(this=col("g", "n"), expression=value),
            ),
        )
    )
    return top_new(pool, "n", ("seg_n", True), hist_ranked, budget, names, ranked, "rfm_segment_new")
