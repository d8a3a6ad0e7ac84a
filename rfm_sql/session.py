"""The object `rfm_sql.attach(con)` returns: one database, its graph, and the public methods."""

from __future__ import annotations

import functools

import duckdb
import pyarrow as pa

from rfm_sql import anchors as anchor_times
from rfm_sql.compile import labels as label_compiler
from rfm_sql.compile.sqlutil import to_sql
from rfm_sql.errors import PQLError
from rfm_sql.graph import Graph
from rfm_sql.graph_infer import infer_graph
from rfm_sql.pql import ast, parse
from rfm_sql.pql.validate import ValidQuery, check_graph_ready, validate


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

    def __repr__(self) -> str:
        return f"<rfm_sql.RFM {self.graph!r}>"

    # -- queries ---------------------------------------------------------------------------------------
    def resolve(self, pql: str) -> ValidQuery:
        """Parse and validate a query against the current graph."""
        check_graph_ready(self.graph)
        return validate(_parse(pql), self.graph)

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

    def run(self, expression) -> pa.Table:
        """Run a sqlglot expression on a fresh cursor and return the whole (small) result as Arrow."""
        with self.con.cursor() as cur:
            return cur.sql(to_sql(expression)).to_arrow_table()


@functools.lru_cache(maxsize=256)
def _parse(pql: str) -> ast.Query:
    return parse(pql)
