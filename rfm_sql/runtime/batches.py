"""Predictions computed from Python in large batches: the path `rfm.predict` takes.

DuckDB computes the query entities' features (the same `FeatureQuery` and casts as the SQL path) and streams
them out as Arrow record batches; the model scores them `chunk` rows per call (sized by runtime.budget)
against the context's states (computed once per prepared context, runtime.model), one call in flight per
core (ONNX Runtime releases the GIL); the scores, a few numbers per entity, are
shaped into KumoRFM's columns by the same SQL as the UDF path. The network scores each query row on its own,
so the predictions do not depend on how rows are chunked (tests/runtime/test_batches.py checks this).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pyarrow as pa
from sqlglot import exp

from rfm_sql.compile.sqlutil import ANCHOR, ENTITY, col, to_sql
from rfm_sql.graph import Graph
from rfm_sql.pql.validate import ValidQuery
from rfm_sql.runtime import budget, neighbours, predict, ranking
from rfm_sql.runtime import plan as planner
from rfm_sql.runtime.context import Prepared, feature_casts
from rfm_sql.runtime.encode import Encoder
from rfm_sql.runtime.handles import HandleCache
from rfm_sql.runtime.model import Model, score
from rfm_sql.runtime.options import RunOptions
from rfm_sql.runtime.progress import Meter


def predict_table(
    cur,
    vq: ValidQuery,
    graph: Graph,
    anchor: dt.datetime,
    options: RunOptions,
    model: Model,
    handles: HandleCache,
    entities: list | None = None,
    warning: str | None = None,
    meter: Meter | None = None,
) -> pa.Table | None:
    """The predictions `predict.compile_predict`'s SQL returns, computed in batches; None for a query the
    pair path scores (ranked, multilabel, many-class targets). `meter`: counts the rows as they are scored."""
    if ranking.uses_pairs(vq):  # before the checks: the pair path makes them (and warns) itself
        return None
    predict.check_predictable(vq)
    budget.check_context(cur, options)
    asked = entities if entities is not None else vq.query.entities
    entities = predict.key_relation(cur, vq, graph, entities)
    seed = planner.query_seed(vq, graph, anchor, entities)
    count = predict.check_entities(cur, vq, graph, seed, anchor, entities)
    if meter is not None:  # listed keys are not counted by the check: counted here, only for the bar
        meter.expect(count if count is not None else predict.seed_count(cur, seed))
    handle = predict.prepared_handle(cur, vq, graph, anchor, options, model, handles)
    prepared = handles.get(handle).prepared
    predict.warn_own_labels(vq, prepared, asked)
    chunk, workers = budget.plan_chunks(cur, *context_size(prepared))
    reader = feature_reader(cur, prepared, seed, chunk)
    schema = pa.schema([reader.schema.field(ENTITY), reader.schema.field(ANCHOR), ("r", SCORED)])
    hood, nb_cur = None, graph.cursor(cur) if model.neighbours else None
    if nb_cur is not None:  # on a cursor of its own: `reader` streams from `cur`

        def hood(table: pa.Table) -> dict:
            return neighbours.query_inputs(nb_cur, graph, prepared, table.select([ENTITY, ANCHOR]))

    try:
        batches = []
        for batch in scored_batches(reader, prepared, model, chunk, workers, hood):
            batches.append(batch)
            if meter is not None:
                meter.add(batch.num_rows)
    finally:
        if nb_cur is not None:
            nb_cur.close()
    scored = pa.Table.from_batches(batches, schema=schema)
    name = f"rfm_scored_{uuid.uuid4().hex[:12]}"
    cur.register(name, scored)
    try:
        shaped = predict.shape(exp.select("*").from_(exp.to_table(name)), prepared, warning)
        return cur.sql(to_sql(shaped)).to_arrow_table()
    finally:
        cur.unregister(name)


def context_size(prepared: Prepared) -> tuple[int, int]:
    """(context rows, feature slots in use): what the model's memory per call depends on."""
    encoder = prepared.encoder
    return encoder.x_ctx.shape[0], max(1, int(encoder.fmask.sum()))


SCORED = pa.struct([("pred", pa.float64()), ("probs", pa.list_(pa.float64()))])  # rfm_infer's STRUCT


def feature_reader(cur, prepared: Prepared, seed: exp.Query, rows: int) -> pa.RecordBatchReader:
    """The query rows' features, cast as the model reads them, as a stream of record batches."""
    numeric, categorical = feature_casts(prepared)
    select = exp.select(
        col(ENTITY),
        col(ANCHOR),
        *(exp.cast(col(n), "DOUBLE").as_(n, quoted=True) for n in numeric),
        *(exp.cast(col(n), "VARCHAR").as_(n, quoted=True) for n in categorical),
    ).from_(prepared.features.over(seed).subquery("features"))
    return cur.sql(to_sql(select)).to_arrow_reader(rows)


def rebatch(reader: pa.RecordBatchReader, rows: int) -> Iterator[pa.Table]:
    """Tables of exactly `rows` rows (the last one shorter) from a stream of batches of any size."""
    pending: list[pa.RecordBatch] = []
    held = 0
    for batch in reader:
        pending.append(batch)
        held += batch.num_rows
        while held >= rows:
            table = pa.Table.from_batches(pending)
            yield table.slice(0, rows)
            rest = table.slice(rows)
            pending, held = rest.to_batches(), rest.num_rows
    if held:
        yield pa.Table.from_batches(pending, schema=reader.schema)


def score_columns(
    model: Model, encoder: Encoder, table: pa.Table, hood: dict | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """(pred, probs) for a table of feature columns (as `feature_reader` casts them); `hood`: the rows'
    neighbour inputs, for a hierarchical model."""
    columns = {}
    for name, kind in encoder.kinds.items():
        column = table.column(name)
        if kind == "categorical":
            columns[name] = np.array(column.to_pylist(), dtype=object)
        else:
            columns[name] = column.to_numpy(zero_copy_only=False).astype(np.float64)
    return score(model, dataclasses.replace(encoder.episode(columns), neighbours=hood))


def scored_batches(
    reader: pa.RecordBatchReader, prepared: Prepared, model: Model, chunk: int, workers: int, hood=None
) -> Iterator[pa.RecordBatch]:
    """(ENTITY, ANCHOR_TIMESTAMP, r STRUCT(pred, probs)) batches of `chunk` rows of `reader`, `workers` model
    calls in flight (each on cores // workers ONNX Runtime threads), in the order DuckDB returned the rows.
    `hood(table)`: a chunk's neighbour inputs (a hierarchical model), fetched here, one chunk at a time."""
    model = model.with_threads(max(1, (os.cpu_count() or 1) // workers))

    def run(table: pa.Table, inputs: dict | None) -> pa.RecordBatch:
        pred, probs = score_columns(model, prepared.encoder, table, inputs)
        return scored_batch(table, pred, probs)

    with ThreadPoolExecutor(max_workers=workers) as pool:
        pending = []
        for table in rebatch(reader, chunk):
            pending.append(pool.submit(run, table, None if hood is None else hood(table)))
            if len(pending) > workers:  # bounded: at most workers + 1 chunks held at once
                yield pending.pop(0).result()
        for future in pending:
            yield future.result()


def scored_batch(table: pa.Table, pred: np.ndarray, probs: np.ndarray) -> pa.RecordBatch:
    n, k = probs.shape
    offsets = pa.array(np.arange(n + 1, dtype=np.int32) * k)
    values = pa.array(probs.reshape(-1).astype(np.float64))
    r = pa.StructArray.from_arrays(
        [pa.array(pred, pa.float64()), pa.ListArray.from_arrays(offsets, values)], names=["pred", "probs"]
    )
    entity = table.column(ENTITY).combine_chunks()
    anchor = table.column(ANCHOR).combine_chunks()
    return pa.RecordBatch.from_arrays([entity, anchor, r], names=[ENTITY, ANCHOR, "r"])
