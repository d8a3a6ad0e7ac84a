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
A context entity's statistics are out of fold: the labelled entities fall in FOLDS folds, and each one's pair
features are computed from the other folds' entities only (a query entity's from all of them). Leaving only the
entity itself out (as this did) shifts its own class's statistics by its own label, a shift the model reads:
with no input but constants, each context entity's own class stood out (P 0.996 against 0.13 for the others),
and predictions for entities outside the context read a pattern that is not there. Nothing here names a
particular database.
"""

from __future__ import annotations

from sqlglot import exp

from rfm_sql.compile.candidates import CLASS
from rfm_sql.compile.features import Feature, feature_sql
from rfm_sql.compile.sqlutil import ANCHOR, ENTITY, col, lit, same_columns, sql_type
from rfm_sql.graph import Graph
from rfm_sql.pql.validate import ValidQuery

LABEL = "LABEL"
FOLD = "FOLD"
FOLDS = 5  # a context entity's statistics come from the other folds' entities
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
    rows = [
        (exp.cast(lit(e), key_type), exp.cast(lit(c), class_type), exp.Literal.number(i % FOLDS))
        for i, (e, c) in enumerate(labelled)
    ]
    values = exp.values(rows, alias="v", columns=[ENTITY, LABEL, FOLD])
    ctes.append((labels, exp.select(col(ENTITY), col(LABEL), col(FOLD)).from_(values)))
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
            exp.select(exp.Column(this=exp.Star(), table=exp.to_identifier("f")), col(LABEL, "l"), col(FOLD, "l"))
            .from_(ctx_features.subquery("f"))
            .join(exp.to_table(labels).as_("l"), on=exp.EQ(this=col(ENTITY, "l"), expression=col(ENTITY, "f"))),
        )
    )
    ent_select, ent_features = feature_sql(vq, graph, seed_name)
    ctes.append((ent, ent_select))

    def num(e: exp.Expression) -> exp.Expression:
        return exp.cast(e, "DOUBLE")

    def coalesce0(e: exp.Expression) -> exp.Expression:
        return exp.func("COALESCE", e, exp.Literal.number(0))

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
    )

    def counted(base: str, keys: list[exp.Expression], names: list[str], on: exp.Expression, aggs) -> None:
        """Two CTEs of the context's `aggs` grouped by `keys` (named `names`): over all its entities, and per
        fold; joined to the pair rows as `base` and `base`f (its fold's part: the pair entity's own fold,
        none for a query entity), `on` (a join condition over alias "x") matching each to its pair row."""
        nonlocal select
        for suffix, extra in (("", []), ("f", [col(FOLD)])):
            alias, cte = f"{base}{suffix}", name(f"rfm_{base}{suffix}")
            grouped = [k.copy() for k in keys] + extra
            q = exp.select(*[k.copy().as_(n, quoted=True) for k, n in zip(keys, names, strict=True)], *extra)
            ctes.append((cte, q.select(*[a.copy().as_(n) for a, n in aggs]).from_(ctx).group_by(*grouped)))
            cond = on.transform(
                lambda node, a=alias: col(node.name, a) if isinstance(node, exp.Column) and node.table == "x" else node
            )
            if suffix:
                cond = exp.and_(cond, exp.EQ(this=col(FOLD, alias), expression=col(FOLD, "own")))
            select = select.join(exp.to_table(cte).as_(alias), on=cond, join_type="left")

    def out_of_fold(base: str, column: str) -> exp.Expression:
        """The context's `column` of `base` without the pair entity's fold."""
        return exp.paren(exp.Sub(this=coalesce0(col(column, base)), expression=coalesce0(col(column, f"{base}f"))))

    n_all = [(exp.Count(this=exp.Star()), "n")]
    counted("pr", [col(ANCHOR), col(LABEL)], [ANCHOR, CLASS], same_columns([ANCHOR, CLASS], "c", "x"), n_all)
    numeric = [f for f in ent_features if f.kind == "numeric"]
    categorical = [f for f in ent_features if f.kind == "categorical"]
    counted("ov", [col(ANCHOR)], [ANCHOR], same_columns([ANCHOR], "c", "x"), n_all)
    if numeric:  # the overall moments hold every class alike: no fold of them needed
        overall = name("rfm_overall")
        moments = []
        for i, f in enumerate(numeric):
            x = num(col(f.name))
            moments += [exp.Avg(this=x).as_(f"m{i}"), exp.func("STDDEV_POP", x.copy()).as_(f"sd{i}")]
        ctes.append((overall, exp.select(col(ANCHOR), *moments).from_(ctx).group_by(col(ANCHOR))))
        select = select.join(exp.to_table(overall).as_("o"), on=same_columns([ANCHOR], "c", "o"), join_type="left")
    one = exp.Literal.number(1)
    share = _div(
        exp.Add(this=out_of_fold("pr", "n"), expression=one.copy()),
        exp.Add(this=out_of_fold("ov", "n"), expression=exp.Literal.number(len(classes))),
    )
    features = [Feature(SHARE, "numeric")]
    columns = [share.as_(SHARE, quoted=True)]
    for i, f in enumerate(categorical):
        value = exp.func("COALESCE", exp.cast(col(f.name), "VARCHAR"), lit(_NULL))
        mine = exp.func("COALESCE", exp.cast(col(f.name, "e"), "VARCHAR"), lit(_NULL))
        on_value = exp.EQ(this=col("v", "x"), expression=mine)
        keyed = [col(ANCHOR), value, col(LABEL)]
        counted(
            f"cv{i}", keyed, [ANCHOR, "v", CLASS], exp.and_(same_columns([ANCHOR, CLASS], "c", "x"), on_value), n_all
        )
        counted(f"cn{i}", keyed[:2], [ANCHOR, "v"], exp.and_(same_columns([ANCHOR], "c", "x"), on_value.copy()), n_all)
        fit = _div(
            exp.Add(this=out_of_fold(f"cv{i}", "n"), expression=exp.Mul(this=lit(SMOOTHING), expression=share.copy())),
            exp.Add(this=out_of_fold(f"cn{i}", "n"), expression=lit(SMOOTHING)),
        )
        features.append(Feature(f"pair:class_share_given:{f.name}", "numeric"))
        columns.append(fit.as_(features[-1].name, quoted=True))
    if numeric:
        sums = []
        for i, f in enumerate(numeric):
            x = num(col(f.name))
            sums += [(exp.Count(this=x), f"n{i}"), (exp.Sum(this=x.copy()), f"s{i}")]
        counted("mo", [col(ANCHOR), col(LABEL)], [ANCHOR, CLASS], same_columns([ANCHOR, CLASS], "c", "x"), sums)
        for i, f in enumerate(numeric):
            mean = _div(
                exp.Add(
                    this=out_of_fold("mo", f"s{i}"),
                    expression=exp.Mul(this=lit(SMOOTHING), expression=col(f"m{i}", "o")),
                ),
                exp.Add(this=out_of_fold("mo", f"n{i}"), expression=lit(SMOOTHING)),
            )
            spread = exp.func("NULLIF", col(f"sd{i}", "o"), exp.Literal.number(0))
            distance = exp.Abs(this=_div(exp.Sub(this=num(col(f.name, "e")), expression=mean), spread))
            features.append(Feature(f"pair:class_distance:{f.name}", "numeric"))
            columns.append(distance.as_(features[-1].name, quoted=True))
    select = select.select(*columns).order_by(col(ANCHOR, "c"), col(ENTITY, "c"), col(CLASS, "c"))
    for cte, query in ctes:
        select = select.with_(cte, as_=query.copy(), copy=False)  # one copy per CTE, not of all before it
    return select, features


def _div(top: exp.Expression, bottom: exp.Expression) -> exp.Expression:
    """top / bottom, each parenthesised (sqlglot writes a tree's operators without adding parentheses)."""
    return exp.Div(this=exp.paren(top, copy=False), expression=exp.paren(bottom, copy=False))
