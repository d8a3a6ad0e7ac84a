"""Predictions as SQL: bind-time context preparation, and the SQL that scores query entities in chunks.

`compile_predict` runs once per query at bind time (through the `rfm_predict_sql` UDF or from Python): it
plans and featurises the context on its own cursor and caches it under a handle. It returns SQL that
computes the query entities' features in DuckDB and calls the vectorised UDF `rfm_infer(handle, numeric
features, categorical features)` chunk by chunk; the result has KumoRFM's output columns.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
import uuid
from collections import OrderedDict
from dataclasses import dataclass

import numpy as np
import pyarrow as pa
from sqlglot import exp

from rfm_sql.compile.features import feature_sql
from rfm_sql.compile.sqlutil import ANCHOR, ENTITY, col, lit
from rfm_sql.compile.sqlutil import table as table_ref
from rfm_sql.errors import RFMError
from rfm_sql.pql.validate import TaskType
from rfm_sql.runtime import context as ctxlib
from rfm_sql.runtime import model as modellib
from rfm_sql.runtime import plan as planner
from rfm_sql.runtime.encode import Episode

INFER_TYPE = "STRUCT(pred DOUBLE, probs DOUBLE[])"
_TTL_SECONDS = 60.0


@dataclass
class Handle:
    prepared: ctxlib.Prepared
    model: modellib.Model
    created: float


class HandleCache:
    """Prepared contexts by handle, and handles by request, so that DuckDB binding a query twice (the
    relational API does) prepares its context once. Entries expire after a minute."""

    def __init__(self, size: int = 32):
        self._handles: OrderedDict[str, Handle] = OrderedDict()
        self._requests: dict[tuple, str] = {}
        self._size = size
        self._lock = threading.Lock()

    def get(self, handle: str) -> Handle:
        with self._lock:
            if handle not in self._handles:
                raise RFMError(f"Prediction context {handle!r} expired; run the query again.")
            return self._handles[handle]

    def lookup(self, request: tuple) -> str | None:
        with self._lock:
            handle = self._requests.get(request)
            if handle in self._handles and time.monotonic() - self._handles[handle].created < _TTL_SECONDS:
                return handle
            return None

    def put(self, request: tuple, entry: Handle) -> str:
        handle = uuid.uuid4().hex
        with self._lock:
            self._handles[handle] = entry
            self._requests[request] = handle
            while len(self._handles) > self._size:
                old, _ = self._handles.popitem(last=False)
                self._requests = {k: v for k, v in self._requests.items() if v != old}
        return handle


def compile_predict(rfm, pql: str, anchor_time, options, entities=None) -> str:
    """The SQL that returns predictions for `pql` (see module docstring)."""
    vq = rfm.resolve(pql)
    ctxlib.task_kind(vq)
    if vq.query.prefix == "EXPLAIN":
        q = vq.query
        raise RFMError(f"EXPLAIN is not supported yet; drop the prefix to get predictions.\n    {q.source}")
    if vq.query.prefix == "EVALUATE":  # PQL's backtest form: the metrics instead of predictions
        from rfm_sql.udf import metrics_sql

        return metrics_sql(
            rfm.evaluate(
                pql,
                anchor_time=anchor_time,
                run_mode=options.run_mode,
                context_size=options.context_size,
                seed=options.seed,
            )
        )
    anchor = rfm.anchors(vq, anchor_time)[0]
    request = (pql, anchor, options, tuple(entities) if entities is not None else None)
    seed = planner.query_seed(vq, rfm.graph, anchor, entities)
    handle = rfm.handles.lookup(request)
    if handle is None:
        with rfm.con.cursor() as cur:
            check_entities(cur, vq, rfm.graph, seed, anchor, entities)
            prepared = ctxlib.prepare(cur, vq, rfm.graph, anchor, options)
        handle = rfm.handles.put(request, Handle(prepared, rfm.model, time.monotonic()))
    prepared = rfm.handles.get(handle).prepared
    select, features = feature_sql(vq, rfm.graph, "rfm_query_pairs", seed=seed)
    return output_sql(rfm.function_name("rfm_infer"), handle, select, features, prepared)


def check_entities(cur, vq, graph, seed: exp.Select, anchor, entities) -> None:
    """Refuse an empty entity set, and listed keys that are not in the entity table."""
    listed = entities if entities is not None else vq.query.entities
    if listed is not None:
        table = graph.table(vq.entity_table)
        key = col(table.primary_key)
        found = (
            exp.select(key).from_(table_ref(table.name)).where(exp.In(this=key, expressions=[lit(v) for v in listed]))
        )
        present = {r[0] for r in cur.execute(found.sql("duckdb")).fetchall()}
        missing = [v for v in listed if v not in present]
        if missing:
            shown = ", ".join(map(repr, missing[:10])) + (" ..." if len(missing) > 10 else "")
            raise RFMError(f"No {vq.entity_table} with {table.primary_key} in ({shown}); list keys that exist.")
        return
    count = cur.execute(exp.select(exp.Count(this=exp.Star())).from_(seed.subquery("q")).sql("duckdb")).fetchall()[0][0]
    if count == 0:
        q = vq.query
        why = "no entity passes the WHERE filter" if q.entity_filter is not None else f"{vq.entity_table} has no rows"
        raise RFMError(f"Nothing to predict at {anchor}: {why}. Pass another anchor_time or loosen the filter.")


def output_sql(infer_name: str, handle: str, features_select: exp.Select, features, prepared: ctxlib.Prepared) -> str:
    numeric = [f.name for f in features if f.kind == "numeric"]
    categorical = [f.name for f in features if f.kind == "categorical"]
    num = exp.cast(exp.Array(expressions=[exp.cast(col(n), "DOUBLE") for n in numeric]), "DOUBLE[]")
    cat = exp.cast(exp.Array(expressions=[exp.cast(col(n), "VARCHAR") for n in categorical]), "VARCHAR[]")
    call = exp.Anonymous(this=infer_name, expressions=[exp.Literal.string(handle), num, cat])
    scored = exp.select(col(ENTITY), col(ANCHOR), call.as_("r")).from_(features_select.subquery("features"))
    pred, probs = (
        exp.Dot.build([col("r"), exp.to_identifier("pred")]),
        exp.Dot.build([col("r"), exp.to_identifier("probs")]),
    )
    kind = prepared.vq.task_type
    if kind is TaskType.REGRESSION:
        out = exp.select(col(ENTITY), col(ANCHOR), pred.as_("TARGET_PRED", quoted=True))
    elif kind is TaskType.BINARY:
        true_prob = exp.Bracket(this=probs, expressions=[exp.Literal.number(2)], offset=1)
        false_prob = exp.Bracket(this=probs.copy(), expressions=[exp.Literal.number(1)], offset=1)
        out = exp.select(
            col(ENTITY),
            col(ANCHOR),
            exp.GT(this=true_prob, expression=exp.Literal.number(0.5)).as_("TARGET_PRED", quoted=True),
            false_prob.as_("False_PROB", quoted=True),
            true_prob.copy().as_("True_PROB", quoted=True),
        )
    else:
        classes = [str(c) for c in _classes(prepared)]
        table = exp.values([(lit(c), lit(i + 1)) for i, c in enumerate(classes)], alias="c", columns=["CLASS", "i"])
        score = exp.Bracket(this=probs, expressions=[col("i", "c")], offset=1)
        out = exp.select(
            col(ENTITY),
            col(ANCHOR),
            col("CLASS", "c"),
            score.as_("SCORE", quoted=True),
            exp.EQ(this=col("i", "c"), expression=exp.cast(pred.copy(), "BIGINT")).as_("PREDICTED", quoted=True),
        ).join(table, join_type="cross")
        return out.from_(scored.subquery("s")).order_by(col(ANCHOR), col(ENTITY), col("i", "c")).sql("duckdb")
    return out.from_(scored.subquery("s")).order_by(col(ANCHOR), col(ENTITY)).sql("duckdb")


def _classes(prepared: ctxlib.Prepared) -> list:
    from rfm_sql.runtime.encode import fit_target

    y = prepared.context.column("TARGET").to_pylist()
    return fit_target(np.array(y, dtype=object), "classification").classes


def infer(cache: HandleCache, handles: pa.ChunkedArray, numeric: pa.ChunkedArray, categorical: pa.ChunkedArray):
    """The `rfm_infer` UDF: one chunk of query rows -> STRUCT(pred, probs)."""
    handle = handles[0].as_py()
    entry = cache.get(handle)
    prepared = entry.prepared
    names_num = [f.name for f in prepared.features if f.kind == "numeric"]
    names_cat = [f.name for f in prepared.features if f.kind == "categorical"]
    columns = {}
    if names_num:
        flat = np.asarray(numeric.combine_chunks().flatten().to_numpy(zero_copy_only=False), dtype=np.float64)
        matrix = flat.reshape(len(numeric), len(names_num))
        columns.update({n: matrix[:, j] for j, n in enumerate(names_num)})
    if names_cat:
        values = categorical.combine_chunks().flatten().to_pylist()
        k = len(names_cat)
        columns.update({n: np.array(values[j::k], dtype=object) for j, n in enumerate(names_cat)})
    episode = ctxlib.episode(prepared, columns)
    pred, probs = score(entry.model, episode)
    return pa.StructArray.from_arrays(
        [pa.array(pred, pa.float64()), pa.array([list(p) for p in probs], pa.list_(pa.float64()))],
        names=["pred", "probs"],
    )


def score(model: modellib.Model, episode: Episode) -> tuple[np.ndarray, np.ndarray]:
    """(prediction, probabilities) per query row: the decoded median for regression (probabilities empty), the
    1-based index of the most likely class for classification."""
    dist = model.predict(episode)
    if episode.is_regression:
        return episode.target.decode(modellib.regression_median(dist)), np.zeros((len(dist), 0))
    return dist.argmax(1).astype(np.float64) + 1, dist


def default_anchor_for_backtest(anchor: dt.datetime, vq) -> dt.datetime:
    """The latest anchor whose labels are fully observed: one horizon before the data's end."""
    return planner.step_back(anchor, vq.horizon, 1) if vq.horizon else anchor
