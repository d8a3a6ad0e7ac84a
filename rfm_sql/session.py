"""The object `rfm_sql.attach(con)` returns: one database, its graph, and the public methods.

This is the surface where a user's call becomes a validated query, an anchor and run options; everything
below (`rfm_sql.runtime`) receives exactly those, a cursor, the graph and the model, never this object.
"""

from __future__ import annotations

import functools
import uuid
import warnings

import duckdb
import pyarrow as pa

from rfm_sql import baselines, plots, udf
from rfm_sql.compile import forecast as forecast_labels
from rfm_sql.compile import labels as label_compiler
from rfm_sql.compile.sqlutil import ANCHOR, ENTITY, to_sql
from rfm_sql.errors import GraphError, PQLError, RFMWarning, UserError
from rfm_sql.graph import Graph, is_integer_type
from rfm_sql.graph.catalog import catalog as catalog_of
from rfm_sql.graph.changes import refresh_changed_tables
from rfm_sql.graph.infer import infer_graph, namespace_of
from rfm_sql.graph.load import in_transaction
from rfm_sql.graph.scope import Scope
from rfm_sql.pql import ast, parse
from rfm_sql.pql.casing import as_spelled
from rfm_sql.pql.tasks import TaskType
from rfm_sql.pql.validate import ValidQuery, check_graph_ready, validate
from rfm_sql.runtime import (
    anchors,
    batches,
    bounds,
    ended,
    epochs,
    error_hints,
    explain_rows,
    filter_values,
    forecast,
    forecast_eval,
    keys,
    neighbours,
    predict,
    ranking,
    stale,
    timestamps,
)
from rfm_sql.runtime import evaluate as evaluation
from rfm_sql.runtime import explain as explainer
from rfm_sql.runtime.handles import HandleCache
from rfm_sql.runtime.keyset import check_one_list, entity_list, refuse_inexact
from rfm_sql.runtime.listed import check_listed
from rfm_sql.runtime.model import Model, load_default
from rfm_sql.runtime.options import RunOptions
from rfm_sql.runtime.progress import Meter


class RFM:
    """Predictive queries over one DuckDB connection.

    Every query runs on a fresh cursor of `con`, so it works from any thread (and from inside DuckDB UDFs)
    and sees committed tables and views of the connection's current database and schema.
    """

    def __init__(self, con: duckdb.DuckDBPyConnection, graph: Graph | None = None, model=None, tables=None):
        if not isinstance(con, duckdb.DuckDBPyConnection):
            raise UserError(
                f"rfm_sql.attach needs a duckdb connection (duckdb.connect(...)), got {type(con).__name__}.",
                param="con",
            )
        self.con = con
        self.scope = Scope(tables)  # which tables the graph holds (graph/scope.py); None: all of the schema's
        self.graph = graph if graph is not None else infer_graph(con, self.scope.tables())
        self.scope.warn_missing(self.graph)
        if graph is not None and graph.namespace is None:  # a graph made by hand: the connection's schema
            graph.namespace = namespace_of(con)
        self.handles = HandleCache()
        self.meter = Meter()  # the rows a `predict(progress=True)` has scored so far, on stderr
        self.uid = uuid.uuid4().hex[:8]
        self._model: Model | None = None
        self._model_path = model  # an exported model (<name>.onnx, both stages); None: the shipped one
        self._sql_functions: udf.Registration | None = None

    def __repr__(self) -> str:
        return f"<rfm_sql.RFM {self.graph!r}>"

    describe = property(lambda self: self.graph.describe)  # rfm.describe(): what fresh users of the tool first tried
    def resolve(self, pql: str) -> ValidQuery:
        """Parse and validate a query against the current graph (refreshed first when the query names a
        table created after `attach`, as dbt models and seeds are)."""
        if not isinstance(pql, str):
            raise UserError(f"The query must be a PQL string, got {type(pql).__name__}.", param="query")
        query = as_spelled(_parse(pql), self.graph)  # Orders is orders, as in DuckDB (before any refresh below)
        named = {
            n.table
            for section in (query.target, query.entity_filter, query.assuming)
            if section is not None
            for n in ast.walk(section)
            if isinstance(n, ast.ColumnRef)
        } | {query.entity.table}
        self.scope.refuse_outside(named, self._catalog_names)
        wanted = {n.lower() for n in named - set(self.graph.tables) | self.scope.waiting(self.graph)}
        if wanted and wanted & self._catalog_names():
            self.refresh_graph()
        self.scope.apply_ready(self.graph)  # graph-file fixes waiting for tables (dbt: made by earlier models)
        with self.graph.cursor(self.con) as cur:  # tables recreated with other columns are read again
            refresh_changed_tables(cur, self.graph, self.scope.tables())
        checked = self._refuse_temporary(named - set(self.graph.tables))
        try:
            check_graph_ready(self.graph)
            vq = validate(query, self.graph)
        except (PQLError, GraphError) as e:
            with self.graph.cursor(self.con) as cur:  # where an unknown table is; a read-only connection's views
                found = error_hints.with_hints(e, cur, named - set(self.graph.tables), checked, self.graph)
            if found is e:
                raise
            raise found from None
        with self.graph.cursor(self.con) as cur:  # keys set by hand or inferred are claims: the data must honour them
            keys.check_keys(cur, vq, self.graph)
            epochs.check_units(cur, vq, self.graph)  # and so is the unit of an integer time column
        return vq

    def _catalog_names(self) -> set[str]:
        """The tables and views the graph could hold now, lower-cased (DuckDB's names are case-insensitive)."""
        with self.graph.cursor(self.con) as cur:
            return {name.lower() for name in catalog_of(cur)}

    def _refuse_temporary(self, unknown: set[str]) -> bool:
        """A query naming one of the connection's TEMP tables or views (or a registered DataFrame) gets why it
        cannot be read, not "Unknown table": rfm_sql reads through cursors, which never see them (DUCKDB.md).
        False when the connection could not be asked (from SQL on it, where "Unknown table" gets a hint)."""
        if not unknown:
            return True
        try:  # only the connection itself lists its temporary objects
            rows = self.con.execute(
                "SELECT table_name FROM duckdb_tables() WHERE temporary UNION "
                "SELECT view_name FROM duckdb_views() WHERE temporary AND NOT internal"
            ).fetchall()
        except duckdb.Error:  # called from SQL on it (a UDF at bind time), where it refuses
            return False
        temporary = sorted(n for (n,) in rows if n in unknown)
        if temporary:
            name = temporary[0]
            raise UserError(
                f"{name!r} is a temporary table or view of this connection (CREATE TEMP ..., or a DataFrame passed "
                "to con.register), and rfm_sql reads through cursors of its own, which see only the database's "
                f"tables and views. Save it as one: CREATE TABLE {name}_data AS SELECT * FROM {name}; and name "
                f"{name}_data in the query.",
                param="query",
            )
        return True

    def refresh_graph(self) -> None:
        """Add tables created since the graph was inferred (within the scope: graph/scope.py), then the graph-file
        fixes waiting for them; what is already there (and any overrides) stays."""
        with self.graph.cursor(self.con) as cur:  # a cursor: this may run inside a DuckDB UDF
            fresh = infer_graph(cur, self.scope.tables())
        self.graph.add_new_tables(fresh)  # with their inferred links and why (not as the user's overrides)
        self.scope.apply_ready(self.graph)

    def labels_sql(self, pql: str, anchor_time=None, *, pretty: bool = False) -> str:
        """The SQL `labels` runs (for inspection and `--show-sql`)."""
        return self.graph.qualify(to_sql(self._labels_expr(self.resolve(pql), anchor_time), pretty=pretty))

    def labels(self, pql: str, anchor_time=None) -> pa.Table:
        """The ground truth `pql` defines at `anchor_time` (one timestamp or a list of them).

        One row (ENTITY, ANCHOR_TIMESTAMP, TARGET) for each entity that exists at the anchor, passes the
        entity filter and ASSUMING, and has a label: exactly the examples a model may learn from.
        """
        vq = self.resolve(pql)
        with self.graph.cursor(self.con) as cur:
            out = cur.sql(to_sql(self._labels_expr(vq, anchor_time))).to_arrow_table()
            filter_values.warn_of_values(cur, vq, self.graph, out)
            return out

    def _labels_expr(self, vq: ValidQuery, anchor_time):
        if anchor_time is None:
            with self.graph.cursor(self.con) as cur:
                times = [anchors.default_anchor(cur, vq, self.graph)]
        else:
            times = timestamps.to_timestamps(anchor_time)
        with self.graph.cursor(self.con) as cur:
            notes = (anchors.before_entities(cur, vq, self.graph, times), anchors.unobserved(cur, vq, self.graph, times))
        for note in filter(None, notes):
            warnings.warn(note, RFMWarning, stacklevel=4)
        compiler = forecast_labels if vq.task_type is TaskType.FORECASTING else label_compiler
        return compiler.labels(vq, self.graph, label_compiler.seed_for_anchors(vq, self.graph, times))

    # -- predictions ----------------------------------------------------------------------------------
    @property
    def model(self) -> Model:
        """The ONNX model (loaded on first use)."""
        if self._model is None:
            self._model = load_default() if self._model_path is None else Model(self._model_path)
        return self._model

    def predict_sql(
        self,
        pql: str,
        anchor_time=None,
        run_mode=None,
        entities=None,
        context_size=None,
        seed=None,
        *,
        within=None,
        point=None,
        quantiles=None,
    ) -> str:
        """The SQL `predict` runs: query features in DuckDB, the model in the `rfm_infer` UDF. For a query with
        the EVALUATE prefix, the SQL of its backtest's metrics."""
        vq = self.resolve(pql)
        options = RunOptions.from_kwargs(
            run_mode=run_mode, context_size=context_size, seed=seed, point=point, quantiles=quantiles
        )
        bounds.check_output(vq, options)
        check_one_list(vq, entities)
        if vq.query.prefix == "EVALUATE":  # PQL's backtest form: the metrics instead of predictions
            return self._evaluate(vq, anchor_time, None, None, options).to_sql()
        if vq.query.prefix == "EXPLAIN":  # the contribution rows of an explanation instead of predictions
            return self._explain(vq, entities, anchor_time, options, via_predict=True).to_sql()
        with self.graph.cursor(self.con) as cur:
            anchor, warning = self._anchor(cur, vq, anchor_time)
            return self._predict_sql(cur, vq, anchor, warning, options, entity_list(entities), within)

    def _anchor(self, cur, vq: ValidQuery, anchor_time) -> tuple:
        """The prediction anchor, and the warning for its rows (also issued as an RFMWarning)."""
        anchor, warning = stale.prediction_anchor(cur, vq, self.graph, anchor_time)
        if warning is not None:
            warnings.warn(warning, RFMWarning, stacklevel=4)
        return anchor, warning

    def _predict_sql(self, cur, vq: ValidQuery, anchor, warning, options: RunOptions, entities, within=None) -> str:
        self.register_sql()
        compile_predict = forecast.compile_predict if vq.task_type is TaskType.FORECASTING else predict.compile_predict
        sql = compile_predict(
            cur,
            vq,
            self.graph,
            anchor,
            options,
            self.model,
            self.handles,
            self.function_name("rfm_infer"),
            entities,
            warning=warning,
            within=within,
        )
        return self.graph.qualify(sql)  # run on the caller's connection or cursor, whatever schema it is in

    def predict(
        self,
        pql: str,
        anchor_time=None,
        run_mode=None,
        entities=None,
        context_size=None,
        seed=None,
        *,
        point=None,
        quantiles=None,
        progress: bool = False,
    ) -> pa.Table:
        """Predictions for `pql` at `anchor_time` (default: the latest timestamp of the target's tables).

        Columns follow KumoRFM's: binary ENTITY, ANCHOR_TIMESTAMP, TARGET_PRED, False_PROB, True_PROB;
        regression ENTITY, ANCHOR_TIMESTAMP, TARGET_PRED; multiclass and multilabel ENTITY, ANCHOR_TIMESTAMP,
        CLASS, SCORE, PREDICTED (one row per class); link prediction ENTITY, ANCHOR_TIMESTAMP, CLASS, SCORE, RANK
        (k rows per entity); forecasts ENTITY, ANCHOR_TIMESTAMP, FORECAST_STEP, TARGET_PRED.
        A regression or forecast TARGET_PRED is the predictive median (best for MAE), or the mean with `point="mean"`;
        `quantiles=[0.1, 0.9]` adds TARGET_Q10 and TARGET_Q90. A count, or a sum of a never-negative column, is
        never predicted below 0. `progress=True` shows the rows scored so far on stderr (a call that takes
        more than a couple of seconds).
        """
        vq = self.resolve(pql)
        check_one_list(vq, entities)
        if vq.query.prefix is not None:  # EVALUATE / EXPLAIN: their tables
            sql = self.predict_sql(
                pql, anchor_time, run_mode, entities, context_size, seed, point=point, quantiles=quantiles
            )
            with self.graph.cursor(self.con) as cur:
                return cur.sql(sql).to_arrow_table()
        options = RunOptions.from_kwargs(
            run_mode=run_mode, context_size=context_size, seed=seed, point=point, quantiles=quantiles
        )
        bounds.check_output(vq, options)
        listed = entity_list(entities)
        with self.graph.cursor(self.con) as cur, self.meter.running(progress) as meter:
            anchor, warning = self._anchor(cur, vq, anchor_time)
            if vq.task_type is not TaskType.FORECASTING:  # scored in large batches where the path serves
                args = (cur, vq, self.graph, anchor, options, self.model, self.handles, listed, warning)
                table = batches.predict_table(*args, meter=meter)
                if table is not None:
                    return table
            table = cur.sql(self._predict_sql(cur, vq, anchor, warning, options, listed)).to_arrow_table()
        ranking.warn_short(vq, table)
        return table

    def evaluate(
        self,
        pql: str,
        anchor_time=None,
        metrics=None,
        task_table=None,
        run_mode=None,
        context_size=None,
        seed=None,
        progress: bool = False,
        plot=None,
        point=None,
    ) -> evaluation.Evaluation:
        """Backtest: predict the labelled examples at `anchor_time` (one or a list; default: one horizon before the data
        ends) from history before each, or the (entity, anchor[, label]) rows of `task_table`; an `Evaluation`: the
        metrics in `.metrics`, simple baselines' on the same rows in `.baselines`, all in `.to_dict()`; `point="mean"`
        scores a number's means. `plot="eval.png"` also draws it (ROC and calibration, predicted vs actual,
        confusion matrix, precision/recall at k, per-label precision/recall, error per step; matplotlib)."""
        options = RunOptions.from_kwargs(run_mode=run_mode, context_size=context_size, seed=seed, point=point)
        if plot is not None:
            plots.check_path(plot)  # before the work
        result = self._evaluate(self.resolve(pql), anchor_time, task_table, metrics, options, progress)
        if plot is not None:
            result.draw(plot, title=pql)
        return result

    def _evaluate(self, vq, anchor_time, task_table, metrics, options, progress=False) -> evaluation.Evaluation:
        bounds.check_output(vq, options)
        if vq.task_type is TaskType.FORECASTING:  # each with the simple baselines on its rows (rfm_sql.baselines)
            result = self._evaluate_forecast(vq, anchor_time, task_table, metrics, options)
            with self.graph.cursor(self.con) as cur:
                return baselines.add(vq, result, cur, self.graph)
        with self.graph.cursor(self.con) as cur:
            truth = evaluation.backtest_truth(cur, vq, self.graph, anchor_time, task_table)
            unended = ended.warn_in_backtest(cur, vq, self.graph, truth)
            pairs = ranking.uses_pairs(vq)
            population = None
            if pairs and task_table is None:  # a task table's rows are all scored: the user chose them
                truth, population = evaluation.sample(truth, evaluation.BACKTEST_PAIR_EXAMPLES, options.seed)
            backtest = ranking.evaluate_pairs if pairs else evaluation.evaluate
            result = backtest(cur, vq, self.graph, self.model, truth, options, metrics, progress)
            result.sampled_from = population
            return baselines.add(vq, result.warned(unended))

    def _evaluate_forecast(self, vq, anchor_time, task_table, metrics, options) -> evaluation.Evaluation:
        if task_table is not None and anchor_time is not None:
            raise UserError("Pass anchor_time or task_table, not both: a task table has its own anchors.", "anchor_time")
        with self.graph.cursor(self.con) as cur:
            if task_table is not None:
                truth = forecast_eval.task_table_truth(cur, vq, self.graph, task_table)
                anchors.check_observed(cur, vq, self.graph, sorted(set(truth.column("ANCHOR_TIMESTAMP").to_pylist())), "task_table")
            else:
                at = evaluation.backtest_anchors(cur, vq, self.graph, anchor_time)  # one anchor or several
                anchors.check_observed(cur, vq, self.graph, at)
                truth = pa.concat_tables([forecast_eval.truth_at(cur, vq, self.graph, a) for a in at])
            unended = ended.warn_in_backtest(cur, vq, self.graph, truth)
            return forecast_eval.evaluate(cur, vq, self.graph, self.model, truth, options, metrics).warned(unended)

    # -- explanations ---------------------------------------------------------------------------------
    def explain(
        self, pql: str, entity=None, anchor_time=None, run_mode=None, context_size=None, seed=None, *, item=None,
        step=None, entities=None,
    ) -> explainer.Explanation:
        """Why the model predicts what it does for `entity` (one key or a list; under `FOR users.user_id = 42`
        the query's own keys): an `Explanation` with the prediction, the contribution of each input (computed
        from the model: Shapley values of the entity's columns against context rows), the context examples it
        leaned on, the label across the value ranges of the inputs that matter, and a readable summary.
        A link prediction explains each of the entity's top k items (or `item`, one or a list), a multilabel
        query its most likely labels (or `item`), a forecast every step (or `step`). `entities=`, predict's name
        for the keys, is `entity=` too."""
        options = RunOptions.from_kwargs(run_mode=run_mode, context_size=context_size, seed=seed)
        entity = explain_rows.entity_argument(entity, entities)
        return self._explain(self.resolve(pql), entity, anchor_time, options, item, step)

    def explain_sql(
        self, pql: str, entity=None, anchor_time=None, run_mode=None, context_size=None, seed=None, *, item=None,
        step=None, entities=None,
    ) -> str:
        """The SQL returning `explain`'s contribution rows (what `rfm_explain` runs)."""
        keys = explain_rows.entity_argument(entity, entities)
        return self.explain(pql, keys, anchor_time, run_mode, context_size, seed, item=item, step=step).to_sql()

    def _explain(
        self, vq: ValidQuery, entity, anchor_time, options: RunOptions, item=None, step=None, via_predict=False
    ):
        explainer.check_explainable(vq)
        explain_rows.check_choice(vq, item, step)
        check_one_list(vq, entity, "entity")
        entities = entity_list(entity, "entity")
        if entities is None and vq.query.entities is None:
            raise explain_rows.which_entity(vq, via_predict)
        if entities is not None:
            key_type = self.graph.table(vq.entity_table).column(vq.entity_key).dtype
            entities = [
                int(e) if isinstance(e, str) and is_integer_type(key_type) and _is_int(e) else e for e in entities
            ]
            refuse_inexact(entities, key_type, "entity")  # named as the caller passed them, not as entities=
        with self.graph.cursor(self.con) as cur:
            if entities is not None:
                check_listed(cur, vq, self.graph, entities, "entity")
            anchor, warning = self._anchor(cur, vq, anchor_time)
            prediction = cur.sql(self._predict_sql(cur, vq, anchor, warning, options, entities)).to_arrow_table()
            prepared, rows = explain_rows.explained_rows(
                cur, vq, self.graph, anchor, options, self.model, self.handles, entities, prediction, item, step
            )
            hood = None
            if self.model.neighbours:  # each explained row keeps its entity's own neighbour rows
                hood = neighbours.query_inputs(cur, self.graph, prepared, rows.keys.select([ENTITY, ANCHOR]))
            return explainer.explain(vq, prepared, self.model, rows, prediction, options.seed, hood)

    # -- SQL surface ----------------------------------------------------------------------------------
    def function_name(self, base: str) -> str:
        """The name this attach registered a UDF under (unique per attach: UDFs are instance-wide)."""
        return f"{base}_{self.uid}"

    def register_sql(self) -> None:
        """Register the SQL functions and macros on the connection (once)."""
        if self._sql_functions is None:
            _check_no_transaction(self.con)
            self._sql_functions = udf.register(self.con, self)


def _check_no_transaction(con) -> None:
    """Refuse to register inside the caller's open transaction: the functions and macros would roll back with
    it while this handle believed them registered (SQL calls then fail with 'does not exist')."""
    if in_transaction(con):
        raise UserError(
            "This connection has an open transaction: rfm_sql's SQL functions registered inside it would roll back "
            "with it. COMMIT or ROLLBACK first (con.commit() / con.rollback()), then call rfm_sql.attach.",
            param="con",
        )


def _is_int(text: str) -> bool:
    return text.strip().lstrip("+-").isdigit()


@functools.lru_cache(maxsize=256)
def _parse(pql: str) -> ast.Query:
    return parse(pql)
