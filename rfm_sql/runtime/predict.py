"""Predictions as SQL: bind-time preparation, and the SQL that scores query entities chunk by chunk.

`compile_predict` runs once per query at bind time (inside the `rfm_predict_sql` UDF, or from Python): it
prepares the context on the cursor it is given (plan, features, fitted encoder) and caches it under a handle.
It returns SQL that computes the query entities' features in DuckDB (the same `FeatureQuery` the context
used) and calls the vectorised UDF `rfm_infer(handle, numeric features, categorical features)` chunk by
chunk; `infer` is that UDF's body: transform the chunk with the fitted encoder, run the model, decode.
"""

from __future__ import annotations

import datetime as dt
import warnings
from dataclasses import replace

import numpy as np
import pyarrow as pa
from sqlglot import exp

from rfm_sql.compile.sqlutil import ANCHOR, ENTITY, TARGET, col, lit, time_of
from rfm_sql.compile.sqlutil import table as sql_table
from rfm_sql.errors import RFMWarning, UserError
from rfm_sql.graph import Graph
from rfm_sql.pql.tasks import TaskType
from rfm_sql.pql.validate import ValidQuery
from rfm_sql.runtime import anchors, budget, ended, filter_values, keyset, neighbours, ranking
from rfm_sql.runtime import plan as planner
from rfm_sql.runtime.context import Prepared, check_predictable, infer_call, prepare
from rfm_sql.runtime.handles import HandleCache
from rfm_sql.runtime.listed import absent_at, check_listed
from rfm_sql.runtime.model import Model, score
from rfm_sql.runtime.options import RunOptions, quantile_column

INFER_TYPE = "STRUCT(pred DOUBLE, probs DOUBLE[])"
INFER_PARAMS = ["VARCHAR", "DOUBLE[]", "VARCHAR[]"]
INFER_NB_PARAMS = [*INFER_PARAMS, "VARCHAR", "TIMESTAMP"]


def compile_predict(
    cur,
    vq: ValidQuery,
    graph: Graph,
    anchor: dt.datetime,
    options: RunOptions,
    model: Model,
    handles: HandleCache,
    infer_function: str,
    entities: list | None = None,
    warning: str | None = None,
    within: list | None = None,
) -> str:
    """The SQL that returns predictions for `vq` at `anchor` (see the module docstring); with a `warning`, its
    text in a WARNING column of every row. `entities` are predicted whatever the query's filter says;
    `within` narrows the query's own entities to those keys (the per-row form)."""
    check_predictable(vq)
    budget.check_context(cur, options)  # before any work
    asked = entities if entities is not None else vq.query.entities
    entities, within = key_relation(cur, vq, graph, entities), key_relation(cur, vq, graph, within)
    seed = planner.query_seed(vq, graph, anchor, entities, within)
    if within is None:
        check_entities(cur, vq, graph, seed, anchor, entities)
    if ranking.uses_pairs(vq):  # ranked, multilabel and class targets: pair scoring
        request = (vq.query.source, anchor, options, graph_state(graph))
        sql = ranking.compile_pairs(cur, vq, graph, anchor, options, model, handles, infer_function, seed, request, warning)
        warn_own_labels(vq, handles.get(handles.lookup(request)).prepared, asked)
        return sql
    handle = prepared_handle(cur, vq, graph, anchor, options, model, handles)
    prepared = handles.get(handle).prepared
    warn_own_labels(vq, prepared, asked)
    if model.neighbours:  # fitted here, once, not by the UDF's concurrent calls
        neighbours.fit_context(cur, graph, prepared)
    return output_sql(infer_function, handle, prepared, seed, warning, model.neighbours)


def prepared_handle(
    cur, vq: ValidQuery, graph: Graph, anchor: dt.datetime, options: RunOptions, model: Model, handles: HandleCache
) -> str:
    """The handle of the prepared context for predictions of `vq` at `anchor`: the cached one, or a new one.
    The context does not depend on which entities are asked for: one preparation serves every subset."""
    request = (vq.query.source, anchor, options, graph_state(graph))
    handle = handles.lookup(request)
    if handle is None:
        handle = handles.put(request, prepare(cur, vq, graph, anchor, options, model=model), model)
    return handle


def graph_state(graph: Graph) -> str:
    """Everything about the graph a prepared context depends on: an edit (a link, a time column) changes it."""
    return repr((sorted(graph.tables.items()), sorted(map(str, graph.links))))


def key_relation(cur, vq: ValidQuery, graph: Graph, keys) -> exp.Table | None:
    """A list of entity keys as a table in the scratch catalog (see runtime.keyset); None stays None."""
    if keys is None or isinstance(keys, exp.Table):
        return keys
    return keyset.key_relation(cur, keys, graph.table(vq.entity_table).column(vq.entity_key).dtype)


def warn_own_labels(vq: ValidQuery, prepared: Prepared, asked) -> None:
    """`own_labels`' warning for the keys a call listed (`asked`: the call's, else the query's; a list)."""
    if vq.static and isinstance(asked, (list, tuple)) and (note := own_labels(vq, prepared, asked)) is not None:
        warnings.warn(note, RFMWarning, stacklevel=4)  # the caller of rfm.predict (the batch path)


def own_labels(vq: ValidQuery, prepared: Prepared, asked) -> str | None:
    """A warning when listed entities of a static target are context examples themselves: their label is
    known and in the context, so their predictions read it back (a row's nearest example is itself). The
    context cannot leave them out without depending on which entities a call asks for; a backtest can."""
    labels = prepared.context.column(TARGET).to_pylist()
    context = dict(zip(prepared.context.column(ENTITY).to_pylist(), labels, strict=True))
    own = [(k, context[k]) for k in dict.fromkeys(asked) if k in context]
    if not own:
        return None
    shown = ", ".join(f"{k}: {v}" for k, v in own[:5]) + (" ..." if len(own) > 5 else "")
    return (
        f"{len(own)} listed {vq.entity_table} row(s) are context examples themselves, their value known "
        f"({shown}): their predictions lean on their own label (a row's nearest example is itself), so they do "
        "not show how the model does on rows without one. To measure that, backtest with rfm.evaluate (a static "
        "target is scored in folds that leave each row's own label out); to fill in missing values, list rows "
        "whose value is NULL."
    )


def seed_count(cur, seed: exp.Select) -> int:
    """How many (entity, anchor) rows the query seed `seed` has."""
    return cur.execute(exp.select(exp.Count(this=exp.Star())).from_(seed.subquery("q")).sql("duckdb")).fetchall()[0][0]


def check_entities(cur, vq: ValidQuery, graph: Graph, seed: exp.Select, anchor, entities) -> int | None:
    """Refuse an empty entity set, and listed keys that are not in the entity table; the number of entities
    when it was counted (under FOR EACH), else None."""
    listed = entities if entities is not None else vq.query.entities
    if listed is not None:
        check_listed(cur, vq, graph, listed, "entities" if entities is not None else "query")
        if (note := absent_at(cur, vq, graph, listed, anchor)) is not None:
            warnings.warn(note, RFMWarning, stacklevel=4)
        return None
    count = seed_count(cur, seed)
    if count == 0:
        q = vq.query
        table = graph.table(vq.entity_table)
        fix = "Pass another anchor_time."
        if q.entity_filter is not None:
            why, fix = "no entity passes the WHERE filter", "Pass another anchor_time or loosen the filter."
            if (absent := filter_values.unmatched(cur, vq, graph)) is not None:  # a misspelt or miscased value
                why, fix = f"no entity passes the WHERE filter: {absent}", "Compare with a value the column holds."
            elif table.end_columns and (left := ended.left_out(cur, vq, graph, anchor)[0]) > 0:  # lapsed donors
                ends = " or ".join(f"{table.name}.{c}" for c in table.end_columns)
                why += f" among the rows that exist: the {left:,} {table.name} rows that pass it ended by then ({ends})"
                fix = (
                    f"If a row can come back after it (a lapsed member who returns), unset the end time: "
                    f'rfm.graph.set_end_time("{table.name}", None) (`rfm-sql graph DB --no-end-time {table.name}`).'
                )
            elif (later := _dated_after(cur, table, anchor)) > 0:  # announced tracks, dated by their release
                why += (
                    f", and the {later:,} {table.name} rows dated after it do not exist yet (a row exists from its "
                    f"{table.time_column} on): what happens to such a row is asked at an anchor_time after its date"
                )
        elif table.num_rows == 0 or not (table.time_column or table.end_time_column):
            why, fix = f"{table.name} has no rows", f"Load rows into {table.name} first (no anchor_time can help)."
        else:  # an entity exists from its time column on (PQL.md)
            spans = [f"from its {table.time_column} on"] if table.time_column else []
            spans += [f"until its {' or '.join(table.end_columns)}"] if table.end_columns else []
            why = f"no row of {table.name} exists at that time (each exists {' and '.join(spans)})"
            first = anchors.time_bound(cur, graph, [table.name], exp.Min) if table.time_column else None
            if first is not None and anchor < first:
                fix = f"The first {table.name} row is dated {first}: pass a later anchor_time."
        raise UserError(f"Nothing to predict at {anchor}: {why}. {fix}", param="anchor_time")
    return count


def _dated_after(cur, table, anchor) -> int:
    """How many rows of the entity `table` its time column dates after `anchor`."""
    if not table.time_column:
        return 0
    later = exp.GT(this=time_of(table, table.time_column), expression=lit(anchor))
    return cur.execute(
        exp.select(exp.Count(this=exp.Star())).from_(sql_table(table.name)).where(later).sql("duckdb")
    ).fetchall()[0][0]


def output_sql(
    infer_function: str,
    handle: str,
    prepared: Prepared,
    seed: exp.Select,
    warning: str | None = None,
    with_neighbours: bool = False,
) -> str:
    """Score the entities of `seed` with KumoRFM's output columns for the task type (and WARNING, if any)."""
    scored = scored_select(infer_function, handle, prepared, seed, with_neighbours)
    return shape(scored, prepared, warning).sql("duckdb")


def scored_select(
    infer_function: str, handle: str, prepared: Prepared, seed: exp.Select, with_neighbours: bool = False
) -> exp.Select:
    """ENTITY, ANCHOR_TIMESTAMP and r = rfm_infer(...) STRUCT(pred, probs) for the entities of `seed`; for a
    hierarchical model the rows' keys go along (`rfm_infer_nb`), whose neighbour rows the UDF fetches."""
    call = infer_call(infer_function, handle, prepared, with_neighbours)
    rows = prepared.features.over(seed).subquery("features")
    return exp.select(col(ENTITY), col(ANCHOR), call.as_("r")).from_(rows)


def shape(scored: exp.Expression, prepared: Prepared, warning: str | None = None) -> exp.Select:
    """KumoRFM's output columns from `scored` rows (ENTITY, ANCHOR_TIMESTAMP, r STRUCT(pred, probs))."""
    pred, probs = (
        exp.Dot.build([col("r"), exp.to_identifier("pred")]),
        exp.Dot.build([col("r"), exp.to_identifier("probs")]),
    )
    kind = prepared.vq.task_type
    if kind is TaskType.REGRESSION:  # r.probs holds the quantiles asked for (runtime.decoding)
        quantiles = [
            exp.Bracket(this=probs.copy(), expressions=[exp.Literal.number(i + 1)], offset=1).as_(
                quantile_column(q), quoted=True
            )
            for i, q in enumerate(prepared.encoder.target.quantiles)
        ]
        out = exp.select(col(ENTITY), col(ANCHOR), pred.as_("TARGET_PRED", quoted=True), *quantiles)
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
        classes = [str(c) for c in prepared.encoder.target.classes]
        table = exp.values([(lit(c), lit(i + 1)) for i, c in enumerate(classes)], alias="c", columns=["CLASS", "i"])
        score_ = exp.Bracket(this=probs, expressions=[col("i", "c")], offset=1)
        out = exp.select(
            col(ENTITY),
            col(ANCHOR),
            col("CLASS", "c"),
            score_.as_("SCORE", quoted=True),
            exp.EQ(this=col("i", "c"), expression=exp.cast(pred.copy(), "BIGINT")).as_("PREDICTED", quoted=True),
        ).join(table, join_type="cross")
    order = [col(ANCHOR), col(ENTITY)] + ([col("i", "c")] if kind is TaskType.MULTICLASS else [])
    if prepared.note is not None:  # the context's own warning (context.one_label), on every call that reads it
        warnings.warn(prepared.note, RFMWarning, stacklevel=2)
        warning = prepared.note if warning is None else f"{warning} {prepared.note}"
    if warning is not None:
        out = out.select(lit(warning).as_("WARNING", quoted=True))
    return out.from_(scored.subquery("s")).order_by(*order)


def infer(
    handles: HandleCache, handle: pa.ChunkedArray, numeric: pa.ChunkedArray, categorical: pa.ChunkedArray, hood=None
):
    """The `rfm_infer` UDF: one chunk of query rows -> STRUCT(pred, probs); `hood(prepared)`: the rows'
    neighbour inputs (`rfm_infer_nb`, a hierarchical model)."""
    entry = handles.get(handle[0].as_py())
    prepared = entry.prepared
    features = prepared.features.features
    names_num = [f.name for f in features if f.kind == "numeric"]
    names_cat = [f.name for f in features if f.kind == "categorical"]
    columns = {}
    if names_num:
        flat = np.asarray(numeric.combine_chunks().flatten().to_numpy(zero_copy_only=False), dtype=np.float64)
        matrix = flat.reshape(len(numeric), len(names_num))
        columns.update({n: matrix[:, j] for j, n in enumerate(names_num)})
    if names_cat:
        values = categorical.combine_chunks().flatten().to_pylist()
        k = len(names_cat)
        columns.update({n: np.array(values[j::k], dtype=object) for j, n in enumerate(names_cat)})
    parts = prepared.encoders(columns, len(handle))
    if len(parts) == 1:
        episode = parts[0][1].episode(columns)
        if hood is not None:
            episode = replace(episode, neighbours=hood(prepared))
        pred, probs = score(entry.model, episode)
    else:  # a pair context per stratum (runtime.pairs.stratum_encoders): never a hierarchical model's
        pred, probs = np.zeros(len(handle)), np.zeros((len(handle), len(prepared.encoder.target.classes)))
        for rows, encoder in parts:
            pred[rows], probs[rows] = score(entry.model, encoder.episode({k: v[rows] for k, v in columns.items()}))
    return pa.StructArray.from_arrays(
        [pa.array(pred, pa.float64()), pa.array([list(p) for p in probs], pa.list_(pa.float64()))],
        names=["pred", "probs"],
    )
