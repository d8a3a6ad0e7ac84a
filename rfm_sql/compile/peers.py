"""Peer features: what the entity's peers did recently, through the other parents of the target's table.

Per aggregation of the target over a child table C of the entity, and per other parent P that C references
(a user's orders -> the items; a player's games -> the team): P's rows of C from every entity in the last
PEER_HORIZONS horizons give the target's aggregation (per entity and horizon where it adds up), P's rows per
entity and horizon, and the means of C's numeric columns; an example reads their mean over the P's of its
entity's own rows of C in that window. Only rows with time <= anchor are read.
"""

from __future__ import annotations

from sqlglot import exp

from rfm_sql.compile import labels as label_compiler
from rfm_sql.compile.conditions import compile_condition
from rfm_sql.compile.labels import fact_operand
from rfm_sql.compile.sqlutil import ANCHOR, ENTITY, as_double, col, same_pair, shift, table, time_of
from rfm_sql.graph import SType
from rfm_sql.pql import ast

PEER_HORIZONS = 3  # the window, in target horizons
MAX_NUMERIC = 8  # numeric columns of C averaged per P
_FUNCS = ("COUNT", "SUM", "AVG", "MIN", "MAX", "COUNT_DISTINCT")


def add(b) -> None:
    """Add the peer features to the feature builder `b` (compile.features): its CTEs, joins and features.
    What the entity's peers did recently predicts what it will do (a team's cars fail together; a user who
    buys what sells well buys again)."""
    vq = b.vq
    if vq.static:
        return
    amount, unit = vq.horizon
    aggs = {n for n in ast.walk(vq.query.target) if isinstance(n, ast.Aggregation) and n.func in _FUNCS}
    anchors = b.cte_name("rfm_peer_anchors")
    stats_done: set[tuple[str, str]] = set()  # (C, foreign key) pairs whose P-level means are in
    targets_done: set[tuple] = set()  # aggregations that differ only in window have the same peer target
    added, first = False, len(b.ctes)
    for a, agg in enumerate(sorted(aggs, key=str)):
        child = b.graph.table(agg.column.table)
        if child.time_column is None or agg.column.table not in dict(vq.fkeys) or not _numeric_value(agg, child):
            continue
        # read by `_peer` over the rows up to each anchor (alias a): a date after it is not known there
        operand = fact_operand(b.graph, "f", col(ANCHOR, "a"))
        where = compile_condition(agg.filter, operand) if agg.filter is not None else None
        same = (agg.func, agg.column.table, agg.column.column, where.sql() if where is not None else None)
        if same in targets_done:  # the peers' window is the target's horizon, whatever the aggregation's
            continue
        targets_done.add(same)
        own = vq.fkey(child.name)
        for k, up in enumerate(b.graph.parents(child.name)):
            if up.fkey == own:
                continue
            added = True
            _peer(b, a, k, agg, where, child, own, up, anchors, (amount, unit), stats_done)
    if added:
        b.ctes.insert(first, (anchors, exp.select(col(ANCHOR)).distinct().from_(exp.to_table(b.seed))))


def _numeric_value(agg: ast.Aggregation, child) -> bool:
    """Whether the aggregation is a number: a count, or SUM/AVG/MIN/MAX of a numeric column (not of a timestamp or
    a text a binary target compares)."""
    if agg.func in ("COUNT", "COUNT_DISTINCT") or agg.column.is_star:
        return True
    return child.column(agg.column.column).stype is SType.NUMERICAL


def _peer(
    b, a: int, k: int, agg: ast.Aggregation, where, child, own: str, up, anchors: str, horizon, stats_done: set
) -> None:
    """`add` for the target's a-th aggregation (`where`: its filter, compiled) and the k-th parent link of its
    table."""
    amount, unit = horizon
    key = f"{a}_{k}"
    t = time_of(child, child.time_column, "f", cast=False)
    value = label_compiler.aggregate_value_of(b.graph, agg, where.copy() if where is not None else None)  # per parent
    entities = exp.Count(this=exp.Distinct(expressions=[col(own, "f")]))
    per = exp.Paren(this=exp.Mul(this=entities, expression=exp.Literal.number(PEER_HORIZONS)))
    if agg.func in ("COUNT", "SUM", "COUNT_DISTINCT"):  # per entity and horizon: comparable with the target
        value = exp.Div(this=as_double(value), expression=per)

    def start(anchor: exp.Expression) -> exp.Expression:
        return exp.GT(this=t, expression=shift(anchor, -PEER_HORIZONS * amount, unit))

    # (column alias, feature name, aggregate over P's rows, source): the target, then P's rows per entity and
    # horizon and the means of C's numeric columns over P's rows (once per C and P)
    src = (child.name, agg.column.column, f"{child.name}.{up.fkey}")
    target = f"peer_target{a}" if a else "peer_target"
    stats = [("v", f"{child.name}.{up.fkey}->{up.parent}.{target}", value, src)]
    if (child.name, up.fkey) not in stats_done:
        stats_done.add((child.name, up.fkey))
        rows = exp.Div(this=as_double(exp.Count(this=exp.Star())), expression=per)
        stats.append(("n", f"{child.name}.{up.fkey}->{up.parent}.peer_rows", rows, (child.name, "*", src[2])))
        numeric = [c for c in child.columns if c.stype is SType.NUMERICAL][:MAX_NUMERIC]
        for j, c in enumerate(numeric):
            name = f"{child.name}.{up.fkey}->{up.parent}.{c.name}.peer_mean"
            stats.append((f"m{j}", name, exp.Avg(this=as_double(col(c.name, "f"))), (child.name, c.name, src[2])))
    level = b.cte_name(f"rfm_peer{key}")
    by_peer = (
        exp.select(
            col(ANCHOR, "a"),
            col(up.fkey, "f").as_("P", quoted=True),
            *[as_double(e).as_(alias, quoted=True) for alias, _, e, _ in stats],
        )
        .from_(exp.to_table(anchors).as_("a"))
        .join(  # rows of no entity are nobody's peers: they would count in P's rows but not in its entities
            table(child.name, "f"),
            on=exp.and_(
                exp.LTE(this=t, expression=col(ANCHOR, "a")),
                start(col(ANCHOR, "a")),
                exp.not_(col(own, "f").is_(exp.null())),
            ),
        )
        .group_by(col(ANCHOR, "a"), col(up.fkey, "f"))
    )
    per_entity = b.cte_name(f"rfm_peers{key}")
    own_rows = exp.and_(
        exp.EQ(this=col(own, "f"), expression=col(ENTITY, "s")),
        exp.LTE(this=t, expression=col(ANCHOR, "s")),
        start(col(ANCHOR, "s")),
    )
    same_peer = exp.and_(
        exp.EQ(this=col(ANCHOR, "p"), expression=col(ANCHOR, "s")),
        exp.EQ(this=col("P", "p"), expression=col(up.fkey, "f")),
    )
    rows = (
        exp.select(
            col(ENTITY, "s"),
            col(ANCHOR, "s"),
            *[exp.Avg(this=col(alias, "p")).as_(alias, quoted=True) for alias, _, _, _ in stats],
        )
        .from_(exp.to_table(b.seed).as_("s"))
        .join(table(child.name, "f"), on=own_rows)
        .join(exp.to_table(level).as_("p"), on=same_peer)
        .group_by(col(ENTITY, "s"), col(ANCHOR, "s"))
    )
    b.ctes += [(level, by_peer), (per_entity, rows)]
    b.joins.append((exp.to_table(per_entity), same_pair(per_entity)))
    for alias, name, _, source in stats:
        b.add(name, "numeric", _single_precision(col(alias, per_entity)), source)


def _single_precision(value: exp.Expression) -> exp.Expression:
    """`value` rounded to single precision, as the model reads it (the order DuckDB's threads sum doubles in
    changes their last bits); a value beyond FLOAT's range stays as it is (the cast would fail)."""
    fits = exp.LT(this=exp.func("ABS", value.copy()), expression=exp.Literal.number("3.0e38"))
    return exp.Case(ifs=[exp.If(this=fits, true=as_double(exp.cast(value.copy(), "FLOAT")))], default=value)
