"""The object `rfm_sql.attach(con)` returns: one database, its graph, and the public methods."""

from __future__ import annotations

import functools
import uuid

import duckdb
import pyarrow as pa

from rfm_sql.compile import labels as label_compiler
from rfm_sql.compile.sqlutil import to_sql
from rfm_sql.errors import NoExamplesError, PQLError
from rfm_sql.graph import Graph
from rfm_sql.graph.infer import infer_graph
from rfm_sql.pql import ast, parse
from rfm_sql.pql.validate import ValidQuery, check_graph_ready, validate
from rfm_sql.runtime import anchors as anchor_times
from rfm_sql.runtime.options import RunOptions
from rfm_sql.runtime.predict import HandleCache


class RFM:
    """Predictive queries over one DuckDB connection.

    Every query runs on a fresh cursor of `con`, so it works from any thread (and from inside DuckDB UDFs)
    and sees committed tables and views of the connection's current database and schema.
    """

    def __init__(self, con: duckdb.DuckDBPyConnection, graph: Graph | None = None):
        if not isinstance(con, duckdb.DuckDBPyConnection):
            raise TypeError(
                f"rfm_sql.attach needs a duckdb connection (duckdb.connect(...)), got {type(con).__name__}."
            )
        self.con = con
        self.graph = graph if graph is not None else infer_graph(con)
        self.handles = HandleCache()
        self.uid = uuid.uuid4().hex[:8]
        self._model = None
        self._registered = False

    def __repr__(self) -> str:
        return f"<rfm_sql.RFM {self.graph!r}>"

    # -- queries ---------------------------------------------------------------------------------------
    def resolve(self, pql: str) -> ValidQuery:
        """Parse and validate a query against the current graph (refreshed first when the query names a
        table created after `attach`, as dbt models and seeds are)."""
        query = _parse(pql)
        named = {
            n.table
            for section in (query.target, query.entity_filter, query.assuming)
            if section is not None
            for n in ast.walk(section)
            if isinstance(n, ast.ColumnRef)
        } | {query.entity.table}
        if named - set(self.graph.tables) and named & self._catalog_names():
            self.refresh_graph()
        check_graph_ready(self.graph)
        return validate(query, self.graph)

    def _catalog_names(self) -> set[str]:
        with self.con.cursor() as cur:
            rows = cur.execute(
                "SELECT table_name FROM duckdb_tables() WHERE database_name = current_database() "
                "UNION SELECT view_name FROM duckdb_views() WHERE database_name = current_database() "
                "AND NOT internal"
            ).fetchall()
        return {r[0] for r in rows}

    def refresh_graph(self) -> None:
        """Add tables created since the graph was inferred; what is already there (and any overrides) stays."""
        with self.con.cursor() as cur:  # a cursor: this may run inside a DuckDB UDF
            fresh = infer_graph(cur)
        new = set(fresh.tables) - set(self.graph.tables)
        for name in new:
            self.graph.tables[name] = fresh.tables[name]
        for link in fresh.links:
            if (link.child in new or link.parent in new) and self.graph.tables[link.parent].primary_key:
                self.graph.link(link.child, link.fkey, link.parent)

    def labels_sql(self, pql: str, anchor_time=None, *, pretty: bool = False) -> str:
        """The SQL `labels` runs (for inspection and `--show-sql`)."""
        vq = self.resolve(pql)
        return to_sql(self._labels_expr(vq, anchor_time), pretty=pretty)

    def labels(self, pql: str, anchor_time=None) -> pa.Table:
        """The ground truth `pql` defines at `anchor_time` (one timestamp or a list of them).

        One row (ENTITY, ANCHOR_TIMESTAMP, TARGET) for each entity that exists at the anchor, passes the
        entity filter and ASSUMING, and has a label: exactly the examples a model may learn from.
        """
        vq = self.resolve(pql)
        return self.run(self._labels_expr(vq, anchor_time))

    def _labels_expr(self, vq: ValidQuery, anchor_time):
        if isinstance(vq.query.task, ast.Forecast):
            raise PQLError(
                "labels() of a FORECAST query is not supported yet; drop FORECAST n TIMEFRAMES to get "
                "the labels of one step.",
                vq.query.source,
                vq.query.task.span.start,
                vq.query.task.span.end,
            )
        anchors = self.anchors(vq, anchor_time)
        seed = label_compiler.seed_for_anchors(vq, self.graph, anchors)
        return label_compiler.labels(vq, self.graph, seed)

    def anchors(self, vq: ValidQuery, anchor_time=None):
        if anchor_time is None:
            with self.con.cursor() as cur:
                return [anchor_times.default_anchor(cur, vq, self.graph)]
        return anchor_times.to_timestamps(anchor_time)

    # -- predictions ----------------------------------------------------------------------------------
    @property
    def model(self):
        """The ONNX model (loaded on first use)."""
        if self._model is None:
            from rfm_sql.runtime.model import load_default

            self._model = load_default()
        return self._model

    def predict_sql(self, pql: str, anchor_time=None, run_mode="fast", entities=None, context_size=None, seed=0) -> str:
        """The SQL `predict` runs: query features in DuckDB, the model in the `rfm_infer` UDF."""
        from rfm_sql.runtime.predict import compile_predict

        self._ensure_registered()
        options = RunOptions(run_mode=run_mode, context_size=context_size, seed=seed)
        return compile_predict(self, pql, anchor_time, options, _entity_list(entities))

    def predict(
        self, pql: str, anchor_time=None, run_mode="fast", entities=None, context_size=None, seed=0
    ) -> pa.Table:
        """Predictions for `pql` at `anchor_time` (default: the latest timestamp of the target's tables).

        Columns follow KumoRFM's: binary ENTITY, ANCHOR_TIMESTAMP, TARGET_PRED, False_PROB, True_PROB;
        regression ENTITY, ANCHOR_TIMESTAMP, TARGET_PRED; multiclass ENTITY, ANCHOR_TIMESTAMP, CLASS, SCORE,
        PREDICTED (one row per class).
        """
        sql = self.predict_sql(pql, anchor_time, run_mode, entities, context_size, seed)
        with self.con.cursor() as cur:
            return cur.sql(sql).to_arrow_table()

    def evaluate(
        self,
        pql: str,
        anchor_time=None,
        metrics=None,
        task_table=None,
        run_mode="fast",
        context_size=None,
        seed=0,
        progress: bool = False,
    ) -> dict:
        """Backtest: predict the labelled examples at `anchor_time` (default: one horizon before the data
        ends) from history before it, or the (entity, anchor[, label]) rows of `task_table`; return metrics."""
        from rfm_sql.runtime import evaluate as ev
        from rfm_sql.runtime.context import task_kind

        vq = self.resolve(pql)
        task_kind(vq)
        options = RunOptions(run_mode=run_mode, context_size=context_size, seed=seed)
        truth = self.backtest_truth(vq, anchor_time, task_table)
        bar = _progress(len(set(truth.column("ANCHOR_TIMESTAMP").to_pylist())), progress)
        results = ev.backtest(self, vq, truth, options, bar)
        if bar is not None:
            bar.close()
        y_true, scores, points = ev.truth_and_scores(vq, results)
        out = ev.compute_metrics(vq, y_true, scores, points, metrics)
        anchors = [r.anchor for r in results]
        return {
            **out,
            "n": len(y_true),
            "anchors": len(anchors),
            "first_anchor": min(anchors) if anchors else None,
            "last_anchor": max(anchors) if anchors else None,
            "context_size": max((r.prepared.context.num_rows for r in results), default=0),
        }

    def backtest_truth(self, vq: ValidQuery, anchor_time=None, task_table=None) -> pa.Table:
        from rfm_sql.runtime import evaluate as ev
        from rfm_sql.runtime.predict import default_anchor_for_backtest

        if task_table is not None:
            with self.con.cursor() as cur:
                return ev.task_table_truth(cur, vq, self.graph, task_table)
        if anchor_time is None:
            anchor = default_anchor_for_backtest(self.anchors(vq)[0], vq)
        else:
            anchor = anchor_times.to_timestamp(anchor_time)
        with self.con.cursor() as cur:
            truth = ev.labelled_at(cur, vq, self.graph, [anchor])
        if truth.num_rows == 0:
            raise NoExamplesError(
                f"No labelled examples at {anchor} to evaluate on (the entity filter, ASSUMING or "
                "the data's end leave none). Pass an earlier anchor_time."
            )
        return truth

    def function_name(self, base: str) -> str:
        """The name this attach registered a UDF under (unique per attach: UDFs are instance-wide)."""
        return f"{base}_{self.uid}"

    def _ensure_registered(self) -> None:
        if not self._registered:
            from rfm_sql import udf

            udf.register(self.con, self)

    def run(self, expression) -> pa.Table:
        """Run a sqlglot expression on a fresh cursor and return the whole (small) result as Arrow."""
        with self.con.cursor() as cur:
            return cur.sql(to_sql(expression)).to_arrow_table()


def _entity_list(entities):
    if entities is None:
        return None
    if isinstance(entities, (str, bytes, int)):
        entities = [entities]
    values = [e.item() if hasattr(e, "item") else e for e in entities]
    if not values:
        raise ValueError("entities is empty; pass at least one primary-key value, or None for all entities.")
    return values


def _progress(total: int, enabled: bool):
    if not enabled or total < 2:
        return None
    from tqdm import tqdm

    return tqdm(total=total, desc="anchors", unit="anchor", leave=False)


@functools.lru_cache(maxsize=256)
def _parse(pql: str) -> ast.Query:
    return parse(pql)
