"""What follows the entity's latest class, across every entity: a pair feature for multiclass targets.

`FIRST(policies.product_type, 0, 180, days)`: a policyholder's next product follows the last one it bought (home,
then life), and the pair history (`compile.candidates`) says only how often the entity itself had each class, so
a class it never had could not win. Over the target's table, each row and the same entity's next row (by time)
make a step (x -> c); at an anchor the steps whose next row is at or before it count, and a pair (entity,
candidate c) gets the share of the steps from the entity's latest class x that went to c (a Markov chain of the
classes, pooled over entities): 0 where steps from x went elsewhere, NULL where the entity has no row or no step
from x is known yet. Point in time: both rows of a counted step are at or before the anchor. An insurance trial:
"last product, then the most common next" scored 0.425 accuracy where rfm scored 0.31.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlglot import exp

from rfm_sql.compile.pair_spec import PairSpec
from rfm_sql.compile.sqlutil import ANCHOR, ENTITY, col, ident, table, time_of
from rfm_sql.graph import Graph

CLASS = "CLASS"
FEATURE = "pair:next_after_latest"


def transitions(
    spec: PairSpec, graph: Graph, seed_name: str, anchors: str, names: Callable[[str], str]
) -> tuple[list[tuple[str, exp.Expression]], str]:
    """(CTEs, the name of the one holding (ENTITY, ANCHOR_TIMESTAMP, total, CLASS, share)): per seed pair, the
    steps known from its latest class (`total`) and, per class they went to, their share."""
    fact = graph.table(spec.fact)
    t = time_of(fact, fact.time_column, "f")
    key = col(fact.primary_key, "f") if fact.primary_key else col(spec.value, "f")  # ties by the key
    order = [exp.Ordered(this=t.copy()), exp.Ordered(this=key.copy())]
    known = exp.and_(
        exp.not_(col(spec.value, "f").is_(exp.null())),
        exp.not_(col(spec.entity_fkey, "f").is_(exp.null())),
        exp.not_(t.copy().is_(exp.null())),
    )

    def following(what: exp.Expression) -> exp.Window:
        return exp.Window(
            this=exp.func("LEAD", what), partition_by=[col(spec.entity_fkey, "f")], order=exp.Order(expressions=order)
        )

    steps, counts, latest, out = (names(n) for n in ("rfm_steps", "rfm_step_counts", "rfm_latest", "rfm_next"))
    ctes: list[tuple[str, exp.Expression]] = []
    ctes.append(
        (
            steps,
            exp.select(
                col(spec.value, "f").as_("x"),
                following(col(spec.value, "f")).as_("c"),
                following(t.copy()).as_("tc"),
            )
            .from_(table(fact.name, "f"))
            .where(known),
        )
    )
    ctes.append(
        (
            counts,
            exp.select(col(ANCHOR, "a"), col("x", "st"), col("c", "st"), exp.Count(this=exp.Star()).as_("n"))
            .from_(exp.to_table(anchors).as_("a"))
            .join(exp.to_table(steps).as_("st"), on=exp.LTE(this=col("tc", "st"), expression=col(ANCHOR, "a")))
            .group_by(col(ANCHOR, "a"), col("x", "st"), col("c", "st")),
        )
    )
    by = exp.Struct(
        expressions=[
            exp.PropertyEQ(this=ident("t"), expression=t.copy()),
            exp.PropertyEQ(this=ident("k"), expression=key),
        ]
    )
    on = exp.and_(
        exp.EQ(this=col(spec.entity_fkey, "f"), expression=col(ENTITY, "s")),
        exp.LTE(this=t.copy(), expression=col(ANCHOR, "s")),
        known.copy(),
    )
    ctes.append(
        (
            latest,
            exp.select(
                col(ENTITY, "s"), col(ANCHOR, "s"), exp.ArgMax(this=col(spec.value, "f"), expression=by).as_("x")
            )
            .from_(exp.select(col(ENTITY), col(ANCHOR)).distinct().from_(exp.to_table(seed_name)).subquery("s"))
            .join(table(fact.name, "f"), on=on)
            .group_by(col(ENTITY, "s"), col(ANCHOR, "s")),
        )
    )
    total = exp.Window(this=exp.Sum(this=col("n", "k")), partition_by=[col(ENTITY, "l"), col(ANCHOR, "l")])
    share = exp.Div(this=exp.cast(col("n", "k"), "DOUBLE"), expression=total.copy())
    ctes.append(
        (
            out,
            exp.select(col(ENTITY, "l"), col(ANCHOR, "l"), total.as_("total"), col("c", "k").as_(CLASS, quoted=True))
            .select(share.as_("share"))
            .from_(exp.to_table(latest).as_("l"))
            .join(
                exp.to_table(counts).as_("k"),
                on=exp.and_(
                    exp.EQ(this=col(ANCHOR, "k"), expression=col(ANCHOR, "l")),
                    exp.EQ(this=col("x", "k"), expression=col("x", "l")),
                ),
            ),
        )
    )
    return ctes, out


def feature(candidate: str, shares: str, totals: str) -> exp.Expression:
    """The pair feature over the candidate rows `candidate` left-joined to the shares (`shares`: the pair's own
    row, if its class followed the latest one) and to any row of the entity's (`totals`: steps are known)."""
    known = exp.not_(col("total", totals).is_(exp.null()))
    zero = exp.Case(ifs=[exp.If(this=known, true=exp.Literal.number(0))], default=exp.null())
    return exp.func("COALESCE", col("share", shares), zero)
