"""Random PQL tasks over any attached database, for pre-training episodes and the synthetic validation suite:
binary (thresholds, COUNT > 0, = 0), regression (COUNT, SUM, AVG, MIN, MAX), multiclass (FIRST / LAST of a
categorical column), with target filters (WHERE inside the aggregation), entity filters (backward-looking
activity, static entity columns) and ASSUMING, each with an anchor where its window is observed; and
pair-scored tasks (`random_pair_task`: RANK TOP k, CLASSIFY, FIRST / LAST of a foreign key), which the
runtime scores over (entity, candidate) pairs."""

from __future__ import annotations

import datetime as dt

import numpy as np
from sqlglot import exp

from rfm_sql.compile.sqlutil import TARGET, col, table
from rfm_sql.errors import RFMError
from rfm_sql.graph import SType
from rfm_sql.runtime.evaluate import labelled_at

HORIZON_DAYS = (1, 3, 7, 14, 30, 60, 90, 180)
KINDS = ("binary", "regression", "multiclass")


def _one(cur, sql: str):
    return cur.execute(sql).fetchall()


def time_range(cur, tab):
    t = exp.cast(col(tab.time_column), "TIMESTAMP")
    sql = exp.select(exp.Min(this=t), exp.Max(this=t)).from_(table(tab.name)).sql("duckdb")
    return _one(cur, sql)[0]


def sample_value(cur, rng, tab, column):
    c = col(column)
    sql = exp.select(c).from_(table(tab.name)).where(exp.not_(c.is_(exp.null()))).limit(2000).sql("duckdb")
    values = [r[0] for r in _one(cur, sql)]
    return values[int(rng.integers(0, len(values)))] if values else None


def lit_pql(v) -> str:
    if isinstance(v, bool):
        return "TRUE" if v else "FALSE"
    if isinstance(v, str):
        return "'" + v.replace("'", "''") + "'"
    return repr(float(v)) if not isinstance(v, int) else str(v)


def _pick(rng, seq):
    return seq[int(rng.integers(0, len(seq)))]


def _static_filter(rng, cur, entity) -> str:
    """A condition on one of the entity table's own columns (categorical equality or a numeric threshold)."""
    usable = [
        c for c in entity.columns if c.stype in (SType.CATEGORICAL, SType.NUMERICAL) and c.name != entity.primary_key
    ]
    if not usable:
        return ""
    c = _pick(rng, usable)
    v = sample_value(cur, rng, entity, c.name)
    if v is None:
        return ""
    op = ("=" if rng.random() < 0.7 else "!=") if c.stype is SType.CATEGORICAL else str(rng.choice([">", "<="]))
    return f"`{entity.name}`.`{c.name}` {op} {lit_pql(v)}"


def _horizon(rng, horizons: list[int], rate: float) -> int:
    """A horizon, favouring those over which an entity has about one to a few rows (`rate`: rows per entity
    per day), so that counts are neither almost always 0 nor always large."""
    h = np.asarray(horizons, dtype=float)
    weight = np.exp(-0.5 * ((np.log(rate * h + 1e-9) - np.log(2.0)) / 1.5) ** 2) + 0.05
    return int(h[rng.choice(len(h), p=weight / weight.sum())])


def random_task(rng, rfm, cur, kind: str | None = None):
    """(pql, anchor) for a random task over `rfm`'s database, or (None, None) where the draw does not fit
    (no fact table with enough history, no categorical column for a multiclass task...). `kind` (one of
    KINDS) forces the task type."""
    graph = rfm.graph
    pairs = _entity_links(graph)
    if not pairs:
        return None, None
    entity, link = _pick(rng, pairs)
    child = graph.tables[link.child]
    window = _window(rng, cur, entity, child)
    if window is None:
        return None, None
    h, lo, hi = window
    numeric = [c.name for c in child.columns if c.stype is SType.NUMERICAL]
    cats = [c.name for c in child.columns if c.stype is SType.CATEGORICAL]
    q = lambda c: f"`{child.name}`.`{c}`"  # noqa: E731
    star = f"`{child.name}`.*"
    where, where_col = "", None
    if rng.random() < 0.25 and (cats or numeric):
        if cats and (not numeric or rng.random() < 0.6):
            c = where_col = _pick(rng, cats)
            v = sample_value(cur, rng, child, c)
            where = f" WHERE {q(c)} {'=' if rng.random() < 0.7 else '!='} {lit_pql(v)}" if v is not None else ""
        else:
            c = _pick(rng, numeric)
            v = sample_value(cur, rng, child, c)
            where = f" WHERE {q(c)} > {lit_pql(v)}" if v is not None else ""
    r = rng.random()
    if kind == "multiclass":
        r = 0.0
    elif kind is not None:
        r = max(r, 0.12)
    assuming, threshold = "", None
    if r < 0.12 and cats:
        c = _pick(rng, cats)
        target = f"{rng.choice(['FIRST', 'LAST'])}({q(c)}{where if c != where_col else ''}, 0, {h}, days)"
    elif kind == "multiclass":
        return None, None
    elif r < 0.55 or not numeric:
        agg = f"COUNT({star}{where}, 0, {h}, days)"
        binary = rng.random() < 0.5 if kind is None else kind == "binary"
        target = agg
        if binary and rng.random() < 0.5:
            threshold = agg
        elif binary:
            target = f"{agg} {rng.choice(['> 0', '= 0', '>= 2'])}"
    else:
        c = _pick(rng, numeric)
        func = str(rng.choice(["SUM", "AVG", "MAX", "MIN"]))
        agg = f"{func}({q(c)}{where}, 0, {h}, days)"
        binary = rng.random() >= 0.5 if kind is None else kind == "binary"
        target = agg
        if binary:
            threshold = agg  # set at a quantile of the aggregate once the anchor is drawn
        if func != "SUM" and rng.random() < 0.6:
            assuming = f" ASSUMING COUNT({star}, 0, {h}, days) > 0"
    conds = []
    if rng.random() < 0.5:
        back = "-INF" if rng.random() < 0.3 else str(-h * int(rng.choice([1, 3, 12])))
        conds.append(f"COUNT({star}, {back}, 0, days) > 0")
    if rng.random() < 0.15:
        conds.append(_static_filter(rng, cur, entity))
    filt = " AND ".join(c for c in conds if c)
    filt = f" WHERE {filt}" if filt else ""
    pql = f"PREDICT {target} FOR EACH `{entity.name}`.`{entity.primary_key}`{filt}{assuming}"
    anchor = _anchor(rng, lo, hi, h)
    if anchor is None:
        return None, None
    if threshold is not None:
        v = quantile_threshold(rng, rfm, cur, pql, anchor)
        if v is None:
            return None, None
        pql = pql.replace(f"PREDICT {threshold} ", f"PREDICT {threshold} > {lit_pql(v)} ", 1)
    return pql, anchor


def random_pair_task(rng, rfm, cur):
    """(pql, anchor) for a random task over a foreign key of a fact table, which the runtime scores as
    (entity, candidate) pairs: which targets an entity links to next (RANK TOP k, CLASSIFY), or its first or
    last one (FIRST / LAST: pair-scored when the context has more classes than the model's slots); (None,
    None) where the database has no fact table with a second foreign key and enough history."""
    graph = rfm.graph
    choices = [
        (e, lk, other) for e, lk in _entity_links(graph) for other in graph.parents(lk.child) if other.fkey != lk.fkey
    ]
    if not choices:
        return None, None
    entity, link, other = _pick(rng, choices)
    child = graph.tables[link.child]
    window = _window(rng, cur, entity, child)
    if window is None:
        return None, None
    h, lo, hi = window
    target_col = f"`{child.name}`.`{other.fkey}`"
    r = rng.random()
    if r < 0.5:
        target = f"LIST_DISTINCT({target_col}, 0, {h}, days) RANK TOP {int(rng.choice([5, 10, 20]))}"
    elif r < 0.7:
        target = f"LIST_DISTINCT({target_col}, 0, {h}, days) CLASSIFY"
    else:
        target = f"{rng.choice(['FIRST', 'LAST'])}({target_col}, 0, {h}, days)"
    star = f"`{child.name}`.*"
    conds = []
    if rng.random() < 0.6:
        back = "-INF" if rng.random() < 0.3 else str(-h * int(rng.choice([1, 3, 12])))
        conds.append(f"COUNT({star}, {back}, 0, days) > 0")
    filt = f" WHERE {' AND '.join(conds)}" if conds else ""
    assuming = f" ASSUMING COUNT({star}, 0, {h}, days) > 0" if rng.random() < 0.5 else ""
    pql = f"PREDICT {target} FOR EACH `{entity.name}`.`{entity.primary_key}`{filt}{assuming}"
    anchor = _anchor(rng, lo, hi, h)
    return (pql, anchor) if anchor is not None else (None, None)


def _entity_links(graph) -> list:
    """(entity table, link) for every timed child table an entity table has exactly one link from."""
    return [
        (e, lk)
        for e in graph.tables.values()
        if e.primary_key
        for lk in graph.children(e.name)
        if graph.tables[lk.child].time_column and len(graph.links_between(lk.child, e.name)) == 1 and lk.child != e.name
    ]


def _window(rng, cur, entity, child):
    """(horizon in days, first time, last time) for tasks over `child`'s rows, the horizon one the data spans
    ten times over; None where there is no such horizon."""
    lo, hi = time_range(cur, child)
    if lo is None:
        return None
    span = (hi - lo).days
    horizons = [h for h in HORIZON_DAYS if span / h >= 10]
    if not horizons:
        return None
    return _horizon(rng, horizons, child.num_rows / max(1, entity.num_rows) / max(span, 1)), lo, hi


def _anchor(rng, lo, hi, h: int):
    """A random day with six horizons of history before it and its whole window before the data ends; None
    where there is none."""
    anchor_lo = lo + dt.timedelta(days=6 * h)
    anchor_hi = hi - dt.timedelta(days=h)
    if anchor_hi <= anchor_lo:
        return None
    anchor = anchor_lo + (anchor_hi - anchor_lo) * float(rng.random())
    return dt.datetime(anchor.year, anchor.month, anchor.day)


def quantile_threshold(rng, rfm, cur, pql: str, anchor: dt.datetime):
    """A threshold for a binary task at a random quantile (10%-90%) of the regression target's labels at the
    anchor, so that neither class is vanishingly rare; None when the labels do not vary."""
    try:
        labels = labelled_at(cur, rfm.resolve(pql), rfm.graph, [anchor]).column(TARGET).to_numpy(zero_copy_only=False)
    except RFMError:
        return None
    labels = np.asarray(labels[~np.isnan(labels.astype(float))], dtype=float)
    if len(labels) < 10:
        return None
    v = float(np.quantile(labels, rng.uniform(0.1, 0.9)))
    if not 0.03 <= float(np.mean(labels > v)) <= 0.97:  # neither class vanishingly rare
        return None
    return int(v) if v == int(v) else float(f"{v:.4g}")


def task_kind(pql: str) -> str:
    """binary, multiclass or regression, read off a random task's text."""
    head = pql.split(" FOR EACH ")[0]
    if head.startswith(("PREDICT FIRST(", "PREDICT LAST(")):
        return "multiclass"
    return "binary" if any(op in head.rsplit(")", 1)[-1] for op in (">", "=", "<")) else "regression"


def random_tasks(rng, rfm, cur, n: int, kinds=None, tries: int = 20) -> list[tuple[str, dt.datetime]]:
    """Up to `n` (pql, anchor) tasks that `rfm.resolve` accepts; `kinds` cycles the task types (None: as drawn)."""
    out = []
    for _ in range(n * tries):
        if len(out) == n:
            break
        kind = None if kinds is None else kinds[len(out) % len(kinds)]
        pql, anchor = random_task(rng, rfm, cur, kind)
        if pql is None:
            continue
        try:
            rfm.resolve(pql)
        except RFMError:
            continue
        out.append((pql, anchor))
    return out
