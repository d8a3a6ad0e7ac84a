"""Which query rows an explanation attributes, per task type, and the prepared context they are read against
(the one the prediction used):

- binary, regression, multiclass within the model's class slots: one row per entity, its features (multiclass:
  the predicted class, in a CLASS column);
- link prediction (`RANK TOP k`): one (entity, item) pair row per item of the entity's top k, best first, or
  per chosen `item`; the number explained is the pair's score (SCORE of the prediction);
- multilabel (`CLASSIFY` of a list): one pair row per label among the entity's TOP_LABELS highest
  probabilities, or per chosen `item`; the number explained is the label's probability (SCORE);
- multiclass beyond the class slots: the pair row of the predicted class; the number explained is its pair
  score (before SCORE's normalisation over the entity's classes);
- forecasting (`FORECAST n TIMEFRAMES`): one row per step, or the chosen `step`. The step is a pinned input: the
  rows an explanation compares with get the same step, so contributions are those of the entity's inputs to
  that step's forecast (the model's median, before rounding a count or clipping at zero).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

import numpy as np
import pyarrow as pa

from rfm_sql.compile import forecast as forecast_labels
from rfm_sql.compile.candidates import CLASS
from rfm_sql.compile.sqlutil import ANCHOR, ENTITY, to_sql
from rfm_sql.errors import UserError
from rfm_sql.graph import Graph
from rfm_sql.pql.tasks import TaskType
from rfm_sql.pql.validate import ValidQuery
from rfm_sql.runtime import encode, forecast, neighbours, predict, ranking
from rfm_sql.runtime import plan as planner
from rfm_sql.runtime.context import Prepared, featurise
from rfm_sql.runtime.handles import HandleCache
from rfm_sql.runtime.model import Model
from rfm_sql.runtime.options import RunOptions
from rfm_sql.runtime.pairs import PairPrepared, featurise_pairs, prepare_pairs, true_index

STEP = forecast_labels.STEP
TOP_LABELS = 3  # multilabel: the labels explained per entity (highest probability first), unless `item` is given


@dataclass
class Rows:
    """The query rows to attribute: their keys, feature columns, and the class index read out per row."""

    keys: pa.Table  # ENTITY, ANCHOR_TIMESTAMP[, CLASS | FORECAST_STEP]
    columns: dict  # feature name -> numpy column, as the encoder takes them
    targets: np.ndarray  # the class index the readout takes per row (multiclass, pairs), else 0
    extra: str | None = None  # CLASS or FORECAST_STEP: the column that tells an entity's rows apart
    pinned: tuple[str, ...] = ()  # features every compared row keeps from the query row (the forecast step)
    several: bool = False  # whether an entity may have several rows (results keyed by (entity, extra))

    def take(self, at: np.ndarray) -> Rows:
        """These rows at the indices `at`."""
        at = np.asarray(at, dtype=np.int64)
        columns = {k: np.asarray(v)[at] for k, v in self.columns.items()}
        return replace(self, keys=self.keys.take(pa.array(at)), columns=columns, targets=np.asarray(self.targets)[at])

    def key_list(self) -> list:
        entities = self.keys.column(ENTITY).to_pylist()
        if not self.several:
            return entities
        return list(zip(entities, self.keys.column(self.extra).to_pylist(), strict=True))


def which_entity(vq: ValidQuery, via_predict: bool) -> UserError:
    """The error of an explanation asked without an entity, naming what works where it was asked: an EVALUATE
    query (no entity= beside it), an EXPLAIN query sent to rfm.predict or rfm_predict (`via_predict`), which
    take no entity=, or explain itself."""
    key = f"{vq.entity_table}.{vq.entity_key}"
    if vq.query.prefix == "EVALUATE":  # entity= is refused beside EVALUATE (keyset.check_one_list)
        how = f"an EVALUATE query takes its entities from the query only: write FOR {key} IN (42, ...) in it."
    elif via_predict:
        how = (
            f"write FOR {key} = 42 in the query, pass entities=[42] (rfm.predict) or --entities 42 (rfm-sql "
            "predict), or ask rfm.explain(pql, entity=42) or SELECT * FROM rfm_explain('PREDICT ...', entity := 42) "
            "instead."
        )
    else:
        how = (
            "pass entity=42 (Python), entity := 42 (SQL rfm_explain), --entity 42 (rfm-sql explain), or write "
            f"FOR {key} = 42 in the query."
        )
    return UserError(
        f"Which {vq.entity_table} should be explained? The query predicts FOR EACH {key}; {how}", param="entity"
    )


def entity_argument(entity, entities):
    """The keys `explain` was given: `entity=`, or `entities=` (predict's name for them, which a trial user passed
    to explain and got Python's bare TypeError back), not both."""
    if entities is None:
        return entity
    if entity is not None:
        raise UserError(
            "explain got keys twice, as entity=... and as entities=... (the same argument under predict's name): "
            "pass one of them.",
            param="entities",
        )
    return entities


def check_choice(vq: ValidQuery, item, step) -> None:
    """`item` chooses candidates of a ranked or multilabel query, `step` a step of a forecast; nothing else."""
    if item is not None and vq.task_type not in (TaskType.LINK_PREDICTION, TaskType.MULTILABEL):
        raise UserError(
            f"item= chooses which item or label of a link prediction (RANK TOP k) or multilabel query to explain; "
            f"this query is {vq.task_type.value}. Leave item out.",
            param="item",
        )
    if step is None:
        return
    if vq.task_type is not TaskType.FORECASTING:
        raise UserError(
            f"step= chooses a step of a forecast (FORECAST n TIMEFRAMES); this query is {vq.task_type.value}. "
            "Leave step out.",
            param="step",
        )
    n = forecast_labels.steps(vq)
    if not isinstance(step, int) or isinstance(step, bool) or not 1 <= step <= n:
        raise UserError(f"step must be a whole number from 1 to {n} (the forecast's steps), got {step!r}.", "step")


def explained_rows(
    cur,
    vq: ValidQuery,
    graph: Graph,
    anchor: dt.datetime,
    options: RunOptions,
    model: Model,
    handles: HandleCache,
    entities: list | None,
    prediction: pa.Table,
    item=None,
    step: int | None = None,
) -> tuple[Prepared, Rows]:
    """The prepared context the prediction used and the query rows to attribute (see the module docstring)."""
    check_choice(vq, item, step)
    request = (vq.query.source, anchor, options, predict.graph_state(graph))
    if vq.task_type is TaskType.FORECASTING:
        found = handles.lookup((*request, forecast.MODE, 0))
        prepared = (
            handles.get(found).prepared
            if found is not None
            else forecast.prepare(cur, vq, graph, anchor, options, model=model).parts[0]
        )
        seed = planner_seed(vq, graph, anchor, entities)
        return prepared, forecast_rows(cur, vq, graph, cur.sql(to_sql(seed)).to_arrow_table(), step)
    seed = planner_seed(vq, graph, anchor, entities)
    query = cur.sql(to_sql(seed)).to_arrow_table()
    if ranking.uses_pairs(vq):
        found = handles.lookup(request)
        prepared = handles.get(found).prepared if found is not None else None
        if not isinstance(prepared, PairPrepared):
            prepared = prepare_pairs(cur, vq, graph, anchor, options, model=model)
        return prepared, pair_rows(cur, vq, prepared, query, prediction, item)
    prepared = handles.get(predict.prepared_handle(cur, vq, graph, anchor, options, model, handles)).prepared
    columns = featurise(cur, prepared.features, query)
    keys = query.select([ENTITY, ANCHOR])
    if vq.task_type is not TaskType.MULTICLASS:
        return prepared, Rows(keys, columns, np.zeros(keys.num_rows, np.int64))
    episode = prepared.encoder.episode(columns)
    if model.neighbours:
        episode = neighbours.episode_with_neighbours(cur, graph, prepared, episode, keys)
    targets = model.predict(episode).argmax(1)  # the predicted class, as `predict`
    classes = prepared.encoder.target.classes
    keys = keys.append_column(CLASS, pa.array([str(classes[t]) for t in targets], pa.string()))
    return prepared, Rows(keys, columns, targets, CLASS)


def planner_seed(vq: ValidQuery, graph: Graph, anchor, entities):
    one = forecast_labels.step_query(vq, 1) if vq.task_type is TaskType.FORECASTING else vq
    return planner.query_seed(one, graph, anchor, entities)


def forecast_rows(cur, vq: ValidQuery, graph: Graph, query: pa.Table, step: int | None) -> Rows:
    """One row per (entity, step): the one-step features of the entity, with the step (`forecast.expand`)."""
    columns = featurise(cur, forecast.step_features(vq, graph), query)
    steps = [step] if step is not None else list(range(1, forecast_labels.steps(vq) + 1))
    index = np.repeat(np.arange(query.num_rows), len(steps))
    step_column = np.tile(np.asarray(steps, np.int64), query.num_rows)
    keys = query.select([ENTITY, ANCHOR]).take(pa.array(index, pa.int64()))
    keys = keys.append_column(STEP, pa.array(step_column, pa.int32()))
    return Rows(
        keys,
        forecast.expand(columns, index, step_column),
        np.zeros(len(index), np.int64),
        STEP,
        (STEP,),
        several=True,
    )


def pair_rows(cur, vq: ValidQuery, prepared: PairPrepared, query: pa.Table, prediction: pa.Table, item) -> Rows:
    """The (entity, candidate) pair rows to explain, in the order of the entities, best candidate first."""
    pairs = featurise_pairs(cur, prepared.features, query)
    index = {
        (e, t, c): i
        for i, (e, t, c) in enumerate(zip(*(pairs.column(n).to_pylist() for n in (ENTITY, ANCHOR, CLASS)), strict=True))
    }
    chosen = chosen_candidates(vq, prediction)
    wanted = None if item is None else [str(v) for v in (item if isinstance(item, (list, tuple)) else [item])]
    take = []
    for e, t in zip(query.column(ENTITY).to_pylist(), query.column(ANCHOR).to_pylist(), strict=True):
        if wanted is None:
            take += [index[(e, t, c)] for c in chosen.get((e, t), []) if (e, t, c) in index]
            continue
        by_text = {str(c): i for (e2, t2, c), i in index.items() if e2 == e and t2 == t}
        missing = [w for w in wanted if w not in by_text]
        if missing:
            ranked = ", ".join(map(str, chosen.get((e, t), [])))
            raise UserError(
                f"{vq.entity_table} {e} has no candidate {', '.join(missing)} at {t}: only candidates drawn from its "
                f"history, popular items and co-occurrence are scored (its best: {ranked}). Pass one of those as "
                "item, or leave item out to explain the best ones.",
                param="item",
            )
        take += [by_text[w] for w in wanted]
    rows = pairs.take(pa.array(take, pa.int64()))
    kinds = prepared.features.kinds
    columns = encode.table_columns(rows, list(kinds), kinds)
    several = vq.task_type is not TaskType.MULTICLASS
    return Rows(
        rows.select([ENTITY, ANCHOR, CLASS]),
        columns,
        np.full(rows.num_rows, true_index(prepared), np.int64),
        CLASS,
        several=several,
    )


def chosen_candidates(vq: ValidQuery, prediction: pa.Table) -> dict:
    """Per (entity, anchor), the candidates explained by default, from the prediction rows: the top k items
    (link prediction), the TOP_LABELS most likely labels (multilabel), the predicted class (multiclass)."""
    out: dict = {}
    rows = prediction.to_pylist()
    if vq.task_type is TaskType.LINK_PREDICTION:
        for r in sorted(rows, key=lambda r: r["RANK"]):
            out.setdefault((r[ENTITY], r[ANCHOR]), []).append(r[CLASS])
    elif vq.task_type is TaskType.MULTILABEL:
        for r in sorted(rows, key=lambda r: (-r["SCORE"], str(r[CLASS]))):
            labels = out.setdefault((r[ENTITY], r[ANCHOR]), [])
            if len(labels) < TOP_LABELS:
                labels.append(r[CLASS])
    else:
        for r in rows:
            if r["PREDICTED"]:
                out[(r[ENTITY], r[ANCHOR])] = [r[CLASS]]
    return out
