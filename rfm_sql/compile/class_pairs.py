"""Pair features of a static many-class target (a column of the entity table, such as `users.country` with
30 values), in one SQL statement.

A static target has no history to draw candidates from, so the context's classes (its most frequent ones, as
many as the candidate budget: runtime.pairs) are candidates of every entity (a class the context never has is
never one) and the pair features say how well the entity fits the class, judged from the labelled context
entities (`labelled`, written into the SQL as a VALUES table):
- `pair:class_share`: the share of context entities in the class (Laplace-smoothed);
- per categorical entity feature: the share of context entities with the entity's value that are in the class
  (smoothed towards the class share): a naive-Bayes view of "entities like this one";
- per numeric entity feature: how far the entity's value lies from the class's mean (shrunk to the overall
  mean), in overall standard deviations.
A context entity never counts towards its own pair features (leave one out), so the context pairs look like the
query pairs: otherwise every statistic would contain its own label. Nothing here names a particular database.
"""

from __future__ import annotations

from sqlglot import exp

from rfm_sql.compile.candidates import CLASS
from rfm_sql.compile.features import Feature, feature_sql
from rfm_sql.compile.sqlutil import ANCHOR, ENTITY, col, lit, same_columns, sql_type
from rfm_sql.graph import Graph
from rfm_sql.pql.validate import ValidQuery

LABEL = "LABEL"
SMOOTHING = 1.0  # pseudo-entities that pull a rare value's class share towards the overall class share
SHARE = "pair:class_share"
_NULL = "\x00null"  # a missing categorical value is a value of its own


def static_pair_sql(
    vq: ValidQuery, graph: Graph, seed_name: str, labelled: list[tuple], classes: list
) -> tuple[exp.Select, list[Feature]]:
    """(ENTITY, ANCHOR_TIMESTAMP, CLASS, pair features...) of every (entity, class) pair, for the (ENTITY,
    ANCHOR_TIMESTAMP) rows of the relation `seed_name`; `labelled` holds the context's (entity, class) rows."""
    entity = graph.table(vq.entity_table)
    target = vq.query.target
    key_type = entity.column(entity.primary_key).dtype
    class_type = graph.table(target.table).column(target.column).dtype
    taken = set(graph.tables) | {seed_name}

    def name(base: str) -> str:
        out, i = base, 0
        while out in taken:
            i += 1
            out = f"{base}_{i}"
        taken.add(out)
        return out

    ctes: list[tuple[str, exp.Expression]] = []
    labels, class_set, anchors, ctx_seed, ctx, ent = (
        name(n) for n in ("rfm_labels", "rfm_classes", "rfm_anchors", "rfm_ctx_seed", "rfm_ctx", "rfm_entity")
    )
    key_type, class_type = sql_type(key_type), sql_type(class_type)
    rows = [(exp.cast(lit(e), key_type), exp.cast(lit(c), class_type)) for e, c in labelled]
    ctes.append(
        (labels, exp.select(col(ENTITY), col(LABEL)).from_(exp.values(rows, alias="v", columns=[ENTITY, LABEL])))
    )
    class_rows = [(exp.cast(lit(c), class_type),) for c in classes]
    ctes.append((class_set, exp.select(col(CLASS)).from_(exp.values(class_rows, alias="v", columns=[CLASS]))))
    ctes.append((anchors, exp.select(col(ANCHOR)).distinct().from_(exp.to_table(seed_name))))
    ctx_seed_q = (
        exp.select(col(ENTITY, "l"), col(ANCHOR, "a"))
        .from_(exp.to_table(labels).as_("l"))
        .join(exp.to_table(anchors).as_("a"), join_type="cross")
    )
    ctx_features, _ = feature_sql(vq, graph, ctx_seed, seed=ctx_seed_q)
    ctes.append(
        (
            ctx,
            exp.select(exp.Column(this=exp.Star(), table=exp.to_identifier("f")), col(LABEL, "l"))
            .from_(ctx_features.subquery("f"))
            .join(exp.to_table(labels).as_("l"), on=exp.EQ(this=col(ENTITY, "l"), expression=col(ENTITY, "f"))),
        )
    )
    ent_select, ent_features = feature_sql(vq, graph, seed_name)
    ctes.append((ent, ent_select))

    one, zero = exp.Literal.number(1), exp.Literal.number(0)
    same_class = exp.EQ(this=col(LABEL, "own"), expression=col(CLASS, "c"))
    own_class = exp.Case(ifs=[exp.If(this=same_class, true=one)], default=zero.copy())
    in_context = exp.Case(ifs=[exp.If(this=col(LABEL, "own").is_(exp.null()).not_(), true=one.copy())], default=zero)

    def num(e: exp.Expression) -> exp.Expression:
        return exp.cast(e, "DOUBLE")

    def coalesce0(e: exp.Expression) -> exp.Expression:
        return exp.func("COALESCE", e, exp.Literal.number(0))

    # class counts and overall numeric moments per anchor
    prior, overall = name("rfm_prior"), name("rfm_overall")
    ctes.append(
        (
            prior,
            exp.select(col(ANCHOR), col(LABEL).as_(CLASS, quoted=True), exp.Count(this=exp.Star()).as_("n"))
            .from_(ctx)
            .group_by(col(ANCHOR), col(LABEL)),
        )
    )
    numeric = [f for f in ent_features if f.kind == "numeric"]
    categorical = [f for f in ent_features if f.kind == "categorical"]
    overall_q = exp.select(col(ANCHOR), exp.Count(this=exp.Star()).as_("n_all")).from_(ctx).group_by(col(ANCHOR))
    for i, f in enumerate(numeric):
        overall_q = overall_q.select(
            exp.Avg(this=num(col(f.name))).as_(f"m{i}"), exp.func("STDDEV_POP", num(col(f.name))).as_(f"sd{i}")
        )
    ctes.append((overall, overall_q))
    n_classes = exp.Literal.number(len(classes))
    share = _div(
        exp.Add(this=exp.Sub(this=coalesce0(col("n", "p")), expression=own_class.copy()), expression=one.copy()),
        exp.Add(this=exp.Sub(this=col("n_all", "o"), expression=in_context.copy()), expression=n_classes),
    )
    features = [Feature(SHARE, "numeric")]
    columns = [share.as_(SHARE, quoted=True)]
    select = (
        exp.select(col(ENTITY, "c"), col(ANCHOR, "c"), col(CLASS, "c"))
        .from_(
            exp.select(col(ENTITY, "s"), col(ANCHOR, "s"), col(CLASS, "k"))
            .from_(exp.to_table(seed_name).as_("s"))
            .join(exp.to_table(class_set).as_("k"), join_type="cross")
            .subquery("c")
        )
        .join(exp.to_table(ent).as_("e"), on=same_columns([ENTITY, ANCHOR], "c", "e"), join_type="left")
        .join(exp.to_table(labels).as_("own"), on=same_columns([ENTITY], "c", "own"), join_type="left")
        .join(exp.to_table(prior).as_("p"), on=same_columns([ANCHOR, CLASS], "c", "p"), join_type="left")
        .join(exp.to_table(overall).as_("o"), on=same_columns([ANCHOR], "c", "o"), join_type="left")
    )
    for i, f in enumerate(categorical):
        value = exp.func("COALESCE", exp.cast(col(f.name), "VARCHAR"), lit(_NULL))
        by_class, by_value = name(f"rfm_cat{i}"), name(f"rfm_catn{i}")
        ctes.append(
            (
                by_class,
                exp.select(col(ANCHOR), value.as_("v"), col(LABEL).as_(CLASS, quoted=True))
                .select(exp.Count(this=exp.Star()).as_("n"))
                .from_(ctx)
                .group_by(col(ANCHOR), value.copy(), col(LABEL)),
            )
        )
        ctes.append(
            (
                by_value,
                exp.select(col(ANCHOR), value.as_("v"), exp.Count(this=exp.Star()).as_("n"))
                .from_(ctx)
                .group_by(col(ANCHOR), value.copy()),
            )
        )
        mine = exp.func("COALESCE", exp.cast(col(f.name, "e"), "VARCHAR"), lit(_NULL))
        a, b = f"cv{i}", f"cn{i}"
        on_value = exp.EQ(this=col("v", a), expression=mine)
        select = select.join(
            exp.to_table(by_class).as_(a),
            on=exp.and_(same_columns([ANCHOR, CLASS], "c", a), on_value),
            join_type="left",
        ).join(
            exp.to_table(by_value).as_(b),
            on=exp.and_(same_columns([ANCHOR], "c", b), exp.EQ(this=col("v", b), expression=mine.copy())),
            join_type="left",
        )
        fit = _div(
            exp.Add(
                this=exp.Sub(this=coalesce0(col("n", a)), expression=own_class.copy()),
                expression=exp.Mul(this=lit(SMOOTHING), expression=share.copy()),
            ),
            exp.Add(this=exp.Sub(this=coalesce0(col("n", b)), expression=in_context.copy()), expression=lit(SMOOTHING)),
        )
        features.append(Feature(f"pair:class_share_given:{f.name}", "numeric"))
        columns.append(fit.as_(features[-1].name, quoted=True))
    if numeric:
        moments = name("rfm_moments")
        moments_q = (
            exp.select(col(ANCHOR), col(LABEL).as_(CLASS, quoted=True)).from_(ctx).group_by(col(ANCHOR), col(LABEL))
        )
        for i, f in enumerate(numeric):
            x = num(col(f.name))
            moments_q = moments_q.select(exp.Count(this=x).as_(f"n{i}"), exp.Sum(this=x.copy()).as_(f"s{i}"))
        ctes.append((moments, moments_q))
        select = select.join(
            exp.to_table(moments).as_("mo"), on=same_columns([ANCHOR, CLASS], "c", "mo"), join_type="left"
        )
        for i, f in enumerate(numeric):
            x = num(col(f.name, "e"))
            own = exp.Case(
                ifs=[exp.If(this=exp.and_(same_class.copy(), x.is_(exp.null()).not_()), true=one.copy())],
                default=zero.copy(),
            )
            n = exp.Sub(this=coalesce0(col(f"n{i}", "mo")), expression=own)
            s = exp.Sub(
                this=coalesce0(col(f"s{i}", "mo")), expression=exp.Mul(this=own.copy(), expression=coalesce0(x.copy()))
            )
            mean = _div(
                exp.Add(this=s, expression=exp.Mul(this=lit(SMOOTHING), expression=col(f"m{i}", "o"))),
                exp.Add(this=n, expression=lit(SMOOTHING)),
            )
            spread = exp.func("NULLIF", col(f"sd{i}", "o"), exp.Literal.number(0))
            distance = exp.Abs(this=_div(exp.Sub(this=x.copy(), expression=mean), spread))
            features.append(Feature(f"pair:class_distance:{f.name}", "numeric"))
            columns.append(distance.as_(features[-1].name, quoted=True))
    select = select.select(*columns).order_by(col(ANCHOR, "c"), col(ENTITY, "c"), col(CLASS, "c"))
    for cte, query in ctes:
        select = select.with_(cte, as_=query.copy(), copy=False)  # one copy per CTE, not of all before it
    return select, features


def _div(top: exp.Expression, bottom: exp.Expression) -> exp.Expression:
    """top / bottom, each parenthesised (sqlglot writes a tree's operators without adding parentheses)."""
    return exp.Div(this=exp.paren(top, copy=False), expression=exp.paren(bottom, copy=False))
