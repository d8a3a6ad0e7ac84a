"""From a validated query to one model episode: context examples, features in one SQL pass, encoding."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

import numpy as np
import pyarrow as pa

from rfm_sql.compile.features import Feature, feature_sql
from rfm_sql.compile.sqlutil import ANCHOR, ENTITY, TARGET, to_sql
from rfm_sql.errors import PQLError
from rfm_sql.graph import Graph
from rfm_sql.pql.validate import TaskType, ValidQuery
from rfm_sql.runtime import plan as planner
from rfm_sql.runtime.encode import Episode, encode, table_columns
from rfm_sql.runtime.options import RunOptions

SUPPORTED = (TaskType.BINARY, TaskType.REGRESSION, TaskType.MULTICLASS)


@dataclass
class Prepared:
    """A query ready for the model: its context examples and their raw feature columns. `episode` encodes
    them together with query rows (every statistic is fitted on the context)."""

    vq: ValidQuery
    plan: planner.Plan
    context: pa.Table  # ENTITY, ANCHOR_TIMESTAMP, TARGET
    features: list[Feature]
    context_columns: dict  # feature name -> numpy array of the context rows


def task_kind(vq: ValidQuery) -> str:
    if vq.task_type not in SUPPORTED:
        q = vq.query
        raise PQLError(
            f"Predicting {vq.task_type.value} tasks is not supported yet; binary, regression and multiclass "
            "targets are. The labels of this query are available with rfm.labels(...).",
            q.source,
            0,
            len(q.source),
        )
    return "regression" if vq.task_type is TaskType.REGRESSION else "classification"


def prepare(cur, vq: ValidQuery, graph: Graph, anchor: dt.datetime, options: RunOptions) -> Prepared:
    """Select and featurise the context for predictions at `anchor`."""
    task_kind(vq)
    plan = planner.make_plan(cur, vq, graph, anchor, options)
    context = planner.select_context(cur, vq, graph, plan, options)
    features, columns = featurise(cur, vq, graph, context)
    return Prepared(vq, plan, context, features, columns)


def featurise(cur, vq: ValidQuery, graph: Graph, pairs: pa.Table) -> tuple[list[Feature], dict]:
    """Features of the (ENTITY, ANCHOR_TIMESTAMP) pairs of `pairs` (held in Python), in one SQL statement:
    the feature list and {name: numpy column} in the order of `pairs`, as `encode` takes them."""
    name = f"rfm_pairs_{uuid.uuid4().hex[:12]}"
    cur.register(name, pairs.select([ENTITY, ANCHOR]))
    try:
        select, features = feature_sql(vq, graph, name)
        table = cur.sql(to_sql(select)).to_arrow_table()
    finally:
        cur.unregister(name)
    kinds = {f.name: f.kind for f in features}
    return features, table_columns(align(table, pairs), list(kinds), kinds)


def align(features: pa.Table, pairs: pa.Table) -> pa.Table:
    """The feature rows in the order of `pairs` (one per pair)."""
    index = {
        (e, t): i
        for i, (e, t) in enumerate(
            zip(features.column(ENTITY).to_pylist(), features.column(ANCHOR).to_pylist(), strict=True)
        )
    }
    order = [
        index[(e, t)] for e, t in zip(pairs.column(ENTITY).to_pylist(), pairs.column(ANCHOR).to_pylist(), strict=True)
    ]
    return features.take(pa.array(order, pa.int64()))


def episode(prepared: Prepared, query_columns: dict) -> Episode:
    kinds = {f.name: f.kind for f in prepared.features}
    y = prepared.context.column(TARGET).to_pylist()
    return encode(prepared.context_columns, query_columns, kinds, np.array(y, dtype=object), task_kind(prepared.vq))
