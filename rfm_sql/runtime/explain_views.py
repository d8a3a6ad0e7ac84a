"""What an explanation shows, built from the attributions `runtime.explain` computed: the contribution rows,
the context examples the prediction leaned on, the label over the value ranges of the inputs that matter
most across the context, and a readable summary per entity. Also the SQL that returns the contribution rows
(`rfm_explain`, the EXPLAIN prefix)."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pyarrow as pa
from sqlglot import exp

from rfm_sql.compile.anchor_cycles import SEASON_FEATURES
from rfm_sql.compile.sqlutil import ANCHOR, ENTITY, lit, sql_type
from rfm_sql.pql.tasks import TargetKind, TaskType
from rfm_sql.pql.validate import ValidQuery
from rfm_sql.runtime import decoding
from rfm_sql.runtime import explain_text as text

NEIGHBOURS = 5  # context examples shown per entity
GLOBAL_COLUMNS = 3  # inputs in the global view
BINS = 5  # value ranges per input in the global view
MIN_CONTRIBUTION = 1e-9  # an input whose removal never changes the prediction did not matter

EXTRA_COLUMNS = ("CLASS", "FORECAST_STEP")  # after ANCHOR_TIMESTAMP: which class, item, label or step is explained
CONTRIBUTION_SCHEMA = [
    ("TABLE_NAME", pa.string(), "VARCHAR"),
    ("COLUMN_NAME", pa.string(), "VARCHAR"),
    ("FEATURE", pa.string(), "VARCHAR"),
    ("VALUE", pa.string(), "VARCHAR"),
    ("CONTRIBUTION", pa.float64(), "DOUBLE"),
]


@dataclass
class Explanation:
    """Why the model predicted what it did, for one or more entities.

    - `prediction`: the rows `rfm.predict` gives for these entities;
    - `contributions`: ENTITY, ANCHOR_TIMESTAMP, [CLASS | FORECAST_STEP,] TABLE_NAME, COLUMN_NAME, FEATURE,
      VALUE, CONTRIBUTION, one row per input (a column, with every feature computed from it) that moved the
      prediction, largest |CONTRIBUTION| first per explained row; FEATURE is the input's feature that carries
      the most, VALUE the entity's value of it. CLASS is the class explained (multiclass: the predicted one),
      the item (link prediction) or the label (multilabel); FORECAST_STEP the step of a forecast.
      Contributions add up to the number explained minus `base` (per explained row);
    - `neighbours`: per explained row, the context rows most like it on the inputs that mattered, with labels;
    - `global_view`: for the inputs that matter most, the label across the context per value range;
    - `summary`: one readable line per explained row.
    `summaries`, `base` and `value` are keyed by entity, or by (entity, CLASS) for link prediction and
    multilabel and (entity, FORECAST_STEP) for forecasts, where an entity has several rows.
    """

    task_type: TaskType
    prediction: pa.Table
    contributions: pa.Table
    neighbours: pa.Table
    global_view: pa.Table
    summaries: dict
    base: dict  # entity -> the model's output averaged over background context rows
    value: dict  # entity -> the number explained (True probability, value, class probability, pair score)
    removal: object = field(default=None, repr=False)  # `runtime.explain.Removal`: the faithfulness check

    @property
    def summary(self) -> str:
        return "\n".join(self.summaries.values())

    def __str__(self) -> str:
        return self.summary

    def to_sql(self) -> str:
        """A SELECT returning the contribution rows (typed even when there are none)."""
        t = self.contributions
        head = [(ENTITY, _sql_type(t.schema.field(ENTITY).type)), (ANCHOR, "TIMESTAMP")]
        head += [(n, _sql_type(t.schema.field(n).type)) for n in EXTRA_COLUMNS if n in t.column_names]
        casts = head + [(n, s) for n, _, s in CONTRIBUTION_SCHEMA]
        if t.num_rows == 0:
            select = exp.select(*[exp.cast(exp.null(), sql_type(s)).as_(n, quoted=True) for n, s in casts])
            select = select.where(exp.false())
            return select.sql("duckdb")
        rows = [tuple(lit(v) for v in row.values()) for row in t.to_pylist()]
        values = exp.values(rows, alias="c", columns=[f"c{i}" for i in range(len(casts))])
        select = exp.select(
            *[exp.cast(exp.column(f"c{i}", "c"), sql_type(s)).as_(n, quoted=True) for i, (n, s) in enumerate(casts)]
        ).from_(values)
        return select.sql("duckdb")


def _sql_type(t: pa.DataType) -> str:
    if pa.types.is_integer(t):
        if pa.types.is_unsigned_integer(t):
            return "UINTEGER" if t.bit_width <= 32 else "UBIGINT"
        return "INTEGER" if t.bit_width <= 32 else "BIGINT"
    if pa.types.is_decimal(t):
        return f"DECIMAL({t.precision}, {t.scale})"
    if pa.types.is_floating(t):
        return "DOUBLE"
    return "VARCHAR"


def build(vq: ValidQuery, prepared, groups, rows, x, m, attributions, context, kept, labels, prediction, removal):
    """The `Explanation` of the query `rows` (`runtime.explain_rows.Rows`; see `runtime.explain.explain`)."""
    keys = rows.key_list()
    entities = rows.keys.column(ENTITY).to_pylist()
    anchors = rows.keys.column(ANCHOR).to_pylist()
    extras = rows.keys.column(rows.extra).to_pylist() if rows.extra else [None] * len(entities)
    context_columns = {name: np.asarray(v)[kept] for name, v in prepared.context_columns.items()}
    weights = decoding.context_weights(prepared.encoder.target, prepared.encoder.y_ctx)  # the labels' true rates
    out = []
    summaries, base, value = {}, {}, {}
    row_order = prediction_order(prediction, entities[: len(attributions)])
    for i in row_order:
        a = attributions[i]
        order = [g for g in np.argsort(-np.abs(a.phi), kind="stable") if abs(a.phi[g]) > MIN_CONTRIBUTION]
        items = []
        for g in order:
            feature = a.representative[g]
            name, shown = text.feature(feature), text.value(rows.columns[feature][i])
            reference = text.reference(context_columns[feature], weights)
            if name in SEASON_FEATURES:  # the anchor's time of year (runtime.season), as a date, not a sine
                name, shown, reference = "time_of_year", f"{anchors[i]:%b %d}", None
            row = (groups[g].table, groups[g].column, name, shown, float(a.phi[g]))
            out.append((entities[i], anchors[i], *((extras[i],) if rows.extra else ()), *row))
            items.append((name, shown, reference, float(a.phi[g])))
        summaries[keys[i]] = text.sentence(vq, entities[i], a.value, a.base, extras[i], items)
        base[keys[i]], value[keys[i]] = a.base, a.value
    head = [(n, rows.keys.schema.field(n).type) for n in rows.keys.column_names]
    schema = head + [(n, t) for n, t, _ in CONTRIBUTION_SCHEMA]
    contributions = pa.table({n: pa.array([r[k] for r in out], t) for k, (n, t) in enumerate(schema)})
    return Explanation(
        vq.task_type,
        prediction,
        contributions,
        neighbours(prepared, groups, rows, x, m, attributions, context, kept, row_order),
        global_view(prepared, groups, attributions, context_columns, labels, weights),
        summaries,
        base,
        value,
        removal,
    )


def merged(parts: list[Explanation], rows, prediction: pa.Table) -> Explanation:
    """One `Explanation` of `rows` from explanations of parts of them (each read by its own context: a pair
    context's strata), in the rows' order as `build` gives it; the global view is that of the part that explains
    the first row (each part's view is over its own context)."""
    keys = rows.key_list()
    order = prediction_order(prediction, rows.keys.column(ENTITY).to_pylist())
    position = {keys[i]: n for n, i in enumerate(order)}

    def ordered(table: pa.Table) -> pa.Table:
        names = [ENTITY, rows.extra] if rows.several else [ENTITY]
        at = list(zip(*(table.column(n).to_pylist() for n in names), strict=True)) if table.num_rows else []
        rank = [position.get(k if rows.several else k[0], len(position)) for k in at]
        return table.take(pa.array(np.argsort(rank, kind="stable"), pa.int64()))

    def joined(name: str) -> dict:
        both = {k: v for part in parts for k, v in getattr(part, name).items()}
        return {k: both[k] for k in sorted(both, key=lambda k: position.get(k, len(position)))}

    first = next((part for part in parts if keys[order[0]] in part.value), parts[0])
    return Explanation(
        parts[0].task_type,
        prediction,
        ordered(pa.concat_tables([part.contributions for part in parts])),
        ordered(pa.concat_tables([part.neighbours for part in parts])),
        first.global_view,
        joined("summaries"),
        joined("base"),
        joined("value"),
    )


def slot_weights(groups, phi: np.ndarray, n_slots: int) -> np.ndarray:
    """Per encoder slot, its share of the entity's |contributions|: how much it counts when comparing rows."""
    w = np.zeros(n_slots)
    for g, group in enumerate(groups):
        w[list(group.slots)] = abs(phi[g]) / len(group.slots)
    return w


def prediction_order(prediction: pa.Table, entities: list) -> list[int]:
    """The explained rows' indices in the prediction's order of entities (by key, as `rfm.predict` returns
    them), not the order they were featurised in (3, 4, 7, 8, 11, 12, 1, 2, ...); an entity's own rows (items,
    steps) keep theirs."""
    where: dict = {}
    for k, e in enumerate(prediction.column(ENTITY).to_pylist() if ENTITY in prediction.column_names else []):
        where.setdefault(e, k)
    return sorted(range(len(entities)), key=lambda i: (where.get(entities[i], len(where)), i))


def neighbours(prepared, groups, rows, x, m, attributions, context, kept, row_order) -> pa.Table:
    """Per explained row, the NEIGHBOURS context rows closest to it on the inputs that moved its prediction
    (distance over encoded inputs weighted by contribution), with their labels (a pair's LABEL: whether the
    candidate was linked; CONTEXT_CLASS or CONTEXT_FORECAST_STEP says which candidate or step)."""
    enc = prepared.encoder
    n_slots = len(enc.slots)
    ctx = context.take(pa.array(kept, pa.int64()))
    extra = rows.extra if rows.extra in ctx.column_names else None
    keys = rows.keys
    out = {name: [] for name in keys.column_names}
    out.update({"RANK": [], "CONTEXT_ENTITY": [], "CONTEXT_ANCHOR": []})
    if extra:
        out[f"CONTEXT_{extra}"] = []
    out.update({"LABEL": [], "SIMILARITY": []})
    for i in row_order:  # as the summaries (`prediction_order`)
        a = attributions[i]
        w = slot_weights(groups, a.phi, n_slots)
        total = w.sum() or 1.0
        diff = np.abs(enc.x_ctx[:, :n_slots] - x[i, :n_slots]) + 2 * np.abs(enc.m_ctx[:, :n_slots] - m[i, :n_slots])
        similarity = 1 - (diff @ w) / (2 * total)  # 1: the same on every input that mattered
        if extra and extra in rows.pinned:  # a forecast step's neighbours are context rows of the same step
            similarity = np.where(
                np.asarray(ctx.column(extra).to_pylist()) == keys.column(extra)[i].as_py(), similarity, -np.inf
            )
        top = [c for c in np.argsort(-similarity, kind="stable")[:NEIGHBOURS] if np.isfinite(similarity[c])]
        for rank, c in enumerate(top, 1):
            for name in keys.column_names:
                out[name].append(keys.column(name)[i].as_py())
            out["RANK"].append(rank)
            out["CONTEXT_ENTITY"].append(ctx.column(ENTITY)[int(c)].as_py())
            out["CONTEXT_ANCHOR"].append(ctx.column(ANCHOR)[int(c)].as_py())
            if extra:
                out[f"CONTEXT_{extra}"].append(ctx.column(extra)[int(c)].as_py())
            out["LABEL"].append(ctx.column("TARGET")[int(c)].as_py())
            out["SIMILARITY"].append(float(similarity[c]))
    types = {name: keys.schema.field(name).type for name in keys.column_names}
    types.update(
        {
            "RANK": pa.int64(),
            "CONTEXT_ENTITY": ctx.schema.field(ENTITY).type,
            "CONTEXT_ANCHOR": ctx.schema.field(ANCHOR).type,
            "LABEL": ctx.schema.field("TARGET").type,
            "SIMILARITY": pa.float64(),
        }
    )
    if extra:
        types[f"CONTEXT_{extra}"] = ctx.schema.field(extra).type
    return pa.table({k: pa.array(v, types[k]) for k, v in out.items()})


def global_view(prepared, groups, attributions, context_columns, labels, weights) -> pa.Table:
    """For the GLOBAL_COLUMNS inputs with the largest contributions (over the entities explained): the label
    across the context examples per value range of the feature that carries the input (quantile bins for
    numbers, the most frequent values for categories). LABEL_MEAN is the share of True (binary; for a pair,
    the share of linked candidates), the mean label (regression, forecast), or the share of the first entity's
    predicted class (multiclass), each context row weighted by `weights` (a class-balanced context's prior
    ratios: the share at the data's rates)."""
    weight = np.sum([np.abs(a.phi) for a in attributions], axis=0)
    top = [g for g in np.argsort(-weight, kind="stable")[:GLOBAL_COLUMNS] if weight[g] > MIN_CONTRIBUTION]
    y = _label_indicator(prepared, attributions, labels)
    kinds = prepared.features.kinds
    out = {k: [] for k in ("TABLE_NAME", "COLUMN_NAME", "FEATURE", "BIN", "LOW", "HIGH", "N", "LABEL_MEAN")}
    for g in top:
        carrier = max(attributions, key=lambda a, g=g: abs(a.phi[g])).representative[g]
        values = context_columns[carrier]
        for label, low, high, inside in _bins(values, kinds[carrier]):
            if not inside.any():
                continue
            for k, v in (
                ("TABLE_NAME", groups[g].table),
                ("COLUMN_NAME", groups[g].column),
                ("FEATURE", text.feature(carrier)),
                ("BIN", label),
                ("LOW", low),
                ("HIGH", high),
                ("N", int(inside.sum())),
                ("LABEL_MEAN", _weighted_mean(y[inside], weights[inside])),
            ):
                out[k].append(v)
    types = {"LOW": pa.float64(), "HIGH": pa.float64(), "N": pa.int64(), "LABEL_MEAN": pa.float64()}
    return pa.table({k: pa.array(v, types.get(k, pa.string())) for k, v in out.items()})


def _weighted_mean(y: np.ndarray, w: np.ndarray) -> float | None:
    ok = np.isfinite(y)
    return float(np.average(y[ok], weights=w[ok])) if ok.any() and w[ok].sum() > 0 else None


def _label_indicator(prepared, attributions, labels) -> np.ndarray:
    target = prepared.encoder.target
    if target.kind is TargetKind.REGRESSION:
        return np.array([np.nan if v is None else float(v) for v in labels], dtype=np.float64)
    if set(target.classes) <= {True, False} and all(isinstance(c, (bool, np.bool_)) for c in target.classes):
        return np.array([float(bool(v)) for v in labels], dtype=np.float64)
    klass = prepared.encoder.target.classes[attributions[0].target] if attributions else None
    return np.array([float(v == klass) for v in labels], dtype=np.float64)


def _bins(values: np.ndarray, kind: str):
    """(label, low, high, mask) per value range: quantile bins of a number, or the most frequent categories."""
    if kind == "categorical":
        cats = np.array(["NULL" if v is None else str(v) for v in values], dtype=object)
        names, counts = np.unique(cats, return_counts=True)
        top = names[np.argsort(-counts, kind="stable")][:BINS]
        for name in top:
            yield str(name), None, None, cats == name
        rest = ~np.isin(cats, top)
        if rest.any():
            yield "other", None, None, rest
        return
    v = np.asarray(values, dtype=np.float64)
    present = np.isfinite(v)
    if present.any():
        edges = np.unique(np.quantile(v[present], np.linspace(0, 1, BINS + 1)))
        if len(edges) == 1:
            yield f"= {text.number(edges[0])}", float(edges[0]), float(edges[0]), present
        for k in range(len(edges) - 1):
            lo, hi = edges[k], edges[k + 1]
            inside = present & (v >= lo) & ((v < hi) if k < len(edges) - 2 else (v <= hi))
            yield (
                f"[{text.number(lo)}, {text.number(hi)}{']' if k == len(edges) - 2 else ')'}",
                float(lo),
                float(hi),
                inside,
            )
    if (~present).any():
        yield "missing", None, None, ~present
