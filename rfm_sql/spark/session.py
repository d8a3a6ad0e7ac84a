"""`rfm_sql.attach_spark(spark)`: the Python surface of `rfm_sql.attach(con)` over a SparkSession's tables.

Every pass over the data is the SQL the DuckDB path compiles (the same sqlglot trees), written as Spark SQL by
`SparkCursor`; the runtime (plan, context, features, encoder, evaluate) runs unchanged on that cursor. Query
rows are featurised by Spark and scored on the executors (`score.score_frame`, ONNX Runtime in `mapInArrow`).
A static class target is scored over (entity, class) pairs as on DuckDB. Not here yet: forecasts, RANK TOP k,
multilabel and class targets over a window (pair-scored from history), explain and the SQL functions; each
refuses with a UserError that says to use the DuckDB path.
"""

from __future__ import annotations

import warnings

import pyarrow as pa

from rfm_sql import baselines
from rfm_sql.compile import labels as label_compiler
from rfm_sql.compile.sqlutil import to_sql
from rfm_sql.errors import RFMWarning, UserError
from rfm_sql.graph import Graph
from rfm_sql.pql import parse
from rfm_sql.pql.tasks import TaskType
from rfm_sql.pql.validate import ValidQuery, check_graph_ready, validate
from rfm_sql.runtime import anchors, bounds, keys, ranking, stale, timestamps
from rfm_sql.runtime import evaluate as evaluation
from rfm_sql.runtime import plan as planner
from rfm_sql.runtime.context import check_predictable, prepare
from rfm_sql.runtime.handles import HandleCache
from rfm_sql.runtime.keyset import check_one_list, entity_list
from rfm_sql.runtime.model import Model, load_default
from rfm_sql.runtime.options import RunOptions
from rfm_sql.runtime.pairs import prepare_pairs
from rfm_sql.runtime.predict import check_entities, graph_state
from rfm_sql.spark.catalog import infer_spark_graph
from rfm_sql.spark.cursor import SparkCursor
from rfm_sql.spark.score import PairScorer, Scorer, score_frame, score_pair_frame


class SparkRFM:
    """Predictive queries over one SparkSession's tables and temp views."""

    def __init__(self, spark, graph: Graph | None = None, tables=None):
        if not (hasattr(spark, "sql") and hasattr(spark, "catalog") and hasattr(spark, "createDataFrame")):
            raise UserError(
                "rfm_sql.attach_spark needs a SparkSession (SparkSession.builder.getOrCreate()), got "
                f"{type(spark).__name__}. For a DuckDB connection use rfm_sql.attach(con).",
                param="spark",
            )
        self.spark = spark
        self.cursor = SparkCursor(spark)
        self.graph = graph if graph is not None else infer_spark_graph(spark, self.cursor, tables)
        self.handles = HandleCache()
        self._model: Model | None = None

    def __repr__(self) -> str:
        return f"<rfm_sql.SparkRFM {self.graph!r}>"

    @property
    def model(self) -> Model:
        if self._model is None:
            self._model = load_default()
        return self._model

    def resolve(self, pql: str) -> ValidQuery:
        if not isinstance(pql, str):
            raise UserError(f"The query must be a PQL string, got {type(pql).__name__}.", param="query")
        check_graph_ready(self.graph)
        vq = validate(parse(pql), self.graph)
        if vq.query.prefix is not None:
            raise UserError(
                f"The {vq.query.prefix} prefix is not available on Spark; call rfm.evaluate(...) for a backtest, "
                "or run EXPLAIN through rfm_sql.attach(duckdb_connection).",
                param="query",
            )
        keys.check_keys(self.cursor, vq, self.graph)
        return vq

    # -- labels ---------------------------------------------------------------------------------------
    def labels_sql(self, pql: str, anchor_time=None) -> str:
        """The Spark SQL `labels` runs."""
        return self.cursor.spark_sql(self._labels_expr(self.resolve(pql), anchor_time))

    def labels(self, pql: str, anchor_time=None) -> pa.Table:
        """The ground truth `pql` defines at `anchor_time` (one timestamp or a list), computed by Spark."""
        return self.cursor.sql(to_sql(self._labels_expr(self.resolve(pql), anchor_time))).to_arrow_table()

    def _labels_expr(self, vq: ValidQuery, anchor_time):
        _refuse_unsupported(vq, "labels")
        times = (
            [anchors.default_anchor(self.cursor, vq, self.graph)]
            if anchor_time is None
            else timestamps.to_timestamps(anchor_time)
        )
        return label_compiler.labels(vq, self.graph, label_compiler.seed_for_anchors(vq, self.graph, times))

    # -- predictions ----------------------------------------------------------------------------------
    def predict_frame(self, pql: str, anchor_time=None, run_mode=None, entities=None, context_size=None, seed=None):
        """The predictions as a Spark DataFrame (lazy: scored on the executors when collected or written)."""
        vq = self.resolve(pql)
        _refuse_unsupported(vq, "predict")
        check_predictable(vq)
        options = RunOptions.from_kwargs(run_mode=run_mode, context_size=context_size, seed=seed)
        check_one_list(vq, entities)
        cur, listed = self.cursor, entity_list(entities)
        anchor, warning = stale.prediction_anchor(cur, vq, self.graph, anchor_time)
        if warning is not None:
            warnings.warn(warning, RFMWarning, stacklevel=3)
        if listed is not None:  # a relation, never SQL literals: the SQL is the same size for any number of keys
            listed = self.cursor.key_view(listed, self.graph.table(vq.entity_table).column(vq.entity_key).dtype)
        query = planner.query_seed(vq, self.graph, anchor, listed)
        check_entities(cur, vq, self.graph, query, anchor, listed)
        pairs = ranking.uses_pairs(vq)
        if pairs and not vq.static:
            raise _unsupported(PAIR_SCORED)
        request = (vq.query.source, anchor, options, graph_state(self.graph))
        handle = self.handles.lookup(request)
        if handle is None:
            make = prepare_pairs if pairs else prepare
            handle = self.handles.put(request, make(cur, vq, self.graph, anchor, options, model=self.model), self.model)
        prepared = self.handles.get(handle).prepared
        if prepared.note is not None:  # the context's own warning, as the DuckDB path gives it
            warnings.warn(prepared.note, RFMWarning, stacklevel=3)
        if pairs:  # a static class target: (entity, class) pairs, each entity's classes out as on DuckDB
            scorer = PairScorer.of(prepared, self.model)
            rows = cur.frame(to_sql(scorer.feature_select(prepared.features.over(query))))
            return score_pair_frame(self.spark, rows, scorer, lambda scored: ranking.pair_output(scored, prepared))
        scorer = Scorer.of(prepared, self.model)
        rows = cur.frame(to_sql(scorer.feature_select(prepared.features.over(query))))
        return score_frame(self.spark, rows, scorer)

    def predict(self, pql: str, anchor_time=None, run_mode=None, entities=None, context_size=None, seed=None):
        """Predictions as a pyarrow.Table with the columns of `rfm_sql.attach(con).predict`."""
        frame = self.predict_frame(pql, anchor_time, run_mode, entities, context_size, seed)
        return frame.toArrow()

    # -- backtests ------------------------------------------------------------------------------------
    def evaluate(
        self, pql: str, anchor_time=None, metrics=None, task_table=None, run_mode=None, context_size=None, seed=None,
        point=None,
    ) -> evaluation.Evaluation:
        """Backtest as `rfm_sql.attach(con).evaluate` does: labels and features computed by Spark, the
        labelled rows (small: one anchor or a task table) scored in this Python process."""
        vq = self.resolve(pql)
        _refuse_unsupported(vq, "evaluate")
        options = RunOptions.from_kwargs(run_mode=run_mode, context_size=context_size, seed=seed, point=point)
        bounds.check_output(vq, options)
        cur = self.cursor
        truth = evaluation.backtest_truth(cur, vq, self.graph, anchor_time, task_table)
        if not ranking.uses_pairs(vq):
            return baselines.add(vq, evaluation.evaluate(cur, vq, self.graph, self.model, truth, options, metrics, False))
        if not vq.static:
            raise _unsupported(PAIR_SCORED)
        population = None
        if task_table is None:  # as the DuckDB path: a sample of the labelled rows (a task table's are all scored)
            truth, population = evaluation.sample(truth, evaluation.BACKTEST_PAIR_EXAMPLES, options.seed)
        result = ranking.evaluate_pairs(cur, vq, self.graph, self.model, truth, options, metrics)
        result.sampled_from = population
        return baselines.add(vq, result)

    # -- explanations ---------------------------------------------------------------------------------
    def explain(
        self, pql: str, entity=None, anchor_time=None, run_mode=None, context_size=None, seed=None, *, item=None,
        step=None,
    ):
        """Not on Spark yet: `rfm_sql.attach(con).explain`'s signature, refused with the DuckDB path to take."""
        raise _unsupported("explanations", EXPLAIN_ON_DUCKDB)

    def explain_sql(
        self, pql: str, entity=None, anchor_time=None, run_mode=None, context_size=None, seed=None, *, item=None,
        step=None,
    ) -> str:
        """Not on Spark yet, as `explain`."""
        raise _unsupported("explanations", EXPLAIN_ON_DUCKDB)


def _refuse_unsupported(vq: ValidQuery, what: str) -> None:
    if vq.task_type is TaskType.FORECASTING:
        raise _unsupported("FORECAST queries")
    if vq.task_type in (TaskType.LINK_PREDICTION, TaskType.MULTILABEL) and what != "labels":
        raise _unsupported("RANK TOP k and multilabel (CLASSIFY) targets")


PAIR_SCORED = "a multiclass target over a time window (FIRST/LAST of a column), scored over (entity, class) pairs"


EXPLAIN_ON_DUCKDB = "e.g. rfm_sql.attach_folder(duckdb.connect(), folder, views=True).explain(query, entity=...)"


def _unsupported(what: str, instead: str = "or predict a binary, regression or static multiclass target") -> UserError:
    return UserError(
        f"The Spark backend does not run {what} yet. Run this query through rfm_sql.attach(duckdb_connection) "
        f"(DuckDB reads the same Parquet files), {instead}.",
        param="query",
    )
