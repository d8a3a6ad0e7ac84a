"""The model on Spark executors: query rows scored inside `mapInArrow`, KumoRFM's output columns out.

The prepared context (the fitted encoder: context tensors, slots, target coding) is broadcast once; each Python
worker loads the ONNX model once, from the rfm-sql installed on its executor (the package ships the model
file; a model loaded from elsewhere is read from the same path on every executor), and scores its partition's
Arrow batches in chunks of at most 2048 rows, as DuckDB's `rfm_infer` UDF scores its vectors. The decoding is
`infer`'s. A static class target's (entity, class) pairs are scored alike (`PairScorer`), and their per-entity
output (each class's SCORE, the PREDICTED one) is the DuckDB path's SQL (`runtime.ranking.pair_output`).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path

import numpy as np
import pyarrow as pa
from sqlglot import exp

from rfm_sql.compile.candidates import CLASS
from rfm_sql.compile.sqlutil import ANCHOR, ENTITY, col
from rfm_sql.pql.tasks import TaskType
from rfm_sql.runtime.context import Prepared
from rfm_sql.runtime.encode import Encoder
from rfm_sql.runtime.model import Model, default_model_path, score
from rfm_sql.runtime.pairs import PairPrepared, score_columns
from rfm_sql.spark.cursor import to_spark

CHUNK = 2048
ORDER = "__class_index"


@dataclass(frozen=True)
class Scorer:
    """What an executor needs to score query rows (picklable: broadcast to the executors)."""

    encoder: Encoder
    numeric: tuple[str, ...]
    categorical: tuple[str, ...]
    kind: TaskType
    classes: tuple[str, ...]
    model_path: str  # "": the model file of the rfm-sql installed on each executor (wherever it is installed)

    @classmethod
    def of(cls, prepared: Prepared, model: Model) -> Scorer:
        features = prepared.features.features
        return cls(
            prepared.encoder,
            tuple(f.name for f in features if f.kind == "numeric"),
            tuple(f.name for f in features if f.kind == "categorical"),
            prepared.vq.task_type,
            tuple(str(c) for c in prepared.encoder.target.classes),
            "" if Path(model.path) == default_model_path() else str(model.path),
        )

    def feature_select(self, features: exp.Select) -> exp.Select:
        """ENTITY, ANCHOR_TIMESTAMP and the features cast as `rfm_infer` receives them (DOUBLE, VARCHAR), named
        n0.., c0.. by position."""
        return exp.select(
            col(ENTITY),
            col(ANCHOR),
            *(exp.cast(col(n), "DOUBLE").as_(f"n{i}") for i, n in enumerate(self.numeric)),
            *(exp.cast(col(n), "VARCHAR").as_(f"c{i}") for i, n in enumerate(self.categorical)),
        ).from_(features.subquery("features"))

    def output_fields(self) -> list[tuple[str, str]]:
        """(name, Spark type) of the columns after ENTITY and ANCHOR_TIMESTAMP."""
        if self.kind is TaskType.REGRESSION:
            return [("TARGET_PRED", "double")]
        if self.kind is TaskType.BINARY:
            return [("TARGET_PRED", "boolean"), ("False_PROB", "double"), ("True_PROB", "double")]
        return [("CLASS", "string"), ("SCORE", "double"), ("PREDICTED", "boolean"), (ORDER, "bigint")]

    def score_batch(self, batch: pa.RecordBatch) -> pa.RecordBatch:
        columns = _columns(batch, self.numeric, self.categorical)
        pred, probs = score(_model(self.model_path), self.encoder.episode(columns))
        keys = {ENTITY: batch.column(ENTITY), ANCHOR: batch.column(ANCHOR)}
        if self.kind is TaskType.REGRESSION:
            return pa.RecordBatch.from_pydict({**keys, "TARGET_PRED": pa.array(pred, pa.float64())})
        if self.kind is TaskType.BINARY:
            true_prob = probs[:, 1].astype(np.float64)
            return pa.RecordBatch.from_pydict(
                {
                    **keys,
                    "TARGET_PRED": pa.array(true_prob > 0.5),
                    "False_PROB": pa.array(probs[:, 0].astype(np.float64)),
                    "True_PROB": pa.array(true_prob),
                }
            )
        n, k = batch.num_rows, len(self.classes)
        rows = np.repeat(np.arange(n), k)
        index = np.tile(np.arange(k), n)
        return pa.RecordBatch.from_pydict(
            {
                ENTITY: batch.column(ENTITY).take(pa.array(rows)),
                ANCHOR: batch.column(ANCHOR).take(pa.array(rows)),
                "CLASS": pa.array([self.classes[i] for i in index], pa.string()),
                "SCORE": pa.array(probs[rows, index].astype(np.float64)),
                "PREDICTED": pa.array(index + 1 == pred[rows].astype(np.int64)),
                ORDER: pa.array(index, pa.int64()),
            }
        )


@dataclass(frozen=True)
class PairScorer:
    """What an executor needs to score (entity, class) pairs into P(linked) at the true rate: the pair context
    without its tables (its encoders, odds ratios and class factors are what scoring reads)."""

    prepared: PairPrepared
    numeric: tuple[str, ...]
    categorical: tuple[str, ...]
    model_path: str

    @classmethod
    def of(cls, prepared: PairPrepared, model: Model) -> PairScorer:
        features = prepared.features.features
        slim = replace(prepared, context=None, pairs=None, query_pairs=None, query_columns=None, context_columns={})
        return cls(
            slim,
            tuple(f.name for f in features if f.kind == "numeric"),
            tuple(f.name for f in features if f.kind == "categorical"),
            "" if Path(model.path) == default_model_path() else str(model.path),
        )

    def feature_select(self, features: exp.Select) -> exp.Select:
        """`Scorer.feature_select` of pair rows: their CLASS too."""
        return exp.select(
            col(ENTITY),
            col(ANCHOR),
            col(CLASS),
            *(exp.cast(col(n), "DOUBLE").as_(f"n{i}") for i, n in enumerate(self.numeric)),
            *(exp.cast(col(n), "VARCHAR").as_(f"c{i}") for i, n in enumerate(self.categorical)),
        ).from_(features.subquery("features"))

    def score_batch(self, batch: pa.RecordBatch) -> pa.RecordBatch:
        columns = _columns(batch, self.numeric, self.categorical)
        p = score_columns(_model(self.model_path), self.prepared, columns, batch.column(CLASS).to_pylist())
        names = (ENTITY, ANCHOR, CLASS)
        return pa.RecordBatch.from_pydict({**{n: batch.column(n) for n in names}, "p": pa.array(p, pa.float64())})


def _columns(batch: pa.RecordBatch, numeric: tuple[str, ...], categorical: tuple[str, ...]) -> dict:
    """Feature name -> numpy column of a batch whose features are named by position (n0.., c0..): feature
    names hold dots, which Spark column lookups split on."""
    columns = {
        n: np.asarray(batch.column(f"n{i}").to_numpy(zero_copy_only=False), dtype=np.float64)
        for i, n in enumerate(numeric)
    }
    columns.update({n: np.array(batch.column(f"c{i}").to_pylist(), dtype=object) for i, n in enumerate(categorical)})
    return columns


@cache
def _model(path: str) -> Model:
    """One ONNX Runtime session per worker process (the package's model file, loaded on first use)."""
    return Model(path or default_model_path())


def _batch_runner(spark, scorer):
    """`mapInArrow`'s function: `scorer` broadcast once, each partition's batches scored in chunks of CHUNK rows."""
    shared = spark.sparkContext.broadcast(scorer)

    def run(batches):
        current = shared.value
        for batch in batches:
            for start in range(0, batch.num_rows, CHUNK):
                yield current.score_batch(batch.slice(start, CHUNK))

    return run


def score_frame(spark, frame, scorer: Scorer):
    """`frame` (ENTITY, ANCHOR_TIMESTAMP, features) scored on the executors, sorted as DuckDB's output is."""
    run = _batch_runner(spark, scorer)
    keys = [f"`{ENTITY}` {frame.schema[ENTITY].dataType.simpleString()}", f"`{ANCHOR}` timestamp_ntz"]
    schema = ", ".join(keys + [f"`{name}` {kind}" for name, kind in scorer.output_fields()])
    scored = frame.mapInArrow(run, schema)
    order = [ANCHOR, ENTITY] + ([ORDER] if scorer.kind is TaskType.MULTICLASS else [])
    scored = scored.orderBy(*order)
    return scored.drop(ORDER) if scorer.kind is TaskType.MULTICLASS else scored


def score_pair_frame(spark, frame, scorer: PairScorer, output):
    """`frame` (ENTITY, ANCHOR_TIMESTAMP, CLASS, features) scored on the executors into P(linked), then
    `output(scored)` (a select over the scored pairs' relation: `runtime.ranking.pair_output`) run by Spark."""
    run = _batch_runner(spark, scorer)
    keys = [f"`{n}` {frame.schema[n].dataType.simpleString()}" for n in (ENTITY, CLASS)]
    schema = ", ".join([keys[0], f"`{ANCHOR}` timestamp_ntz", keys[1], "`p` double"])
    name = f"rfm_scored_pairs_{uuid.uuid4().hex[:12]}"  # a later frame's view must not replace this one
    frame.mapInArrow(run, schema).createOrReplaceTempView(name)
    return spark.sql(to_spark(output(exp.select(exp.Star()).from_(name))))
