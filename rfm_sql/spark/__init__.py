"""The Spark backend: `attach_spark(spark)` gives `rfm_sql.attach(con)`'s Python surface over a SparkSession
(graph, labels, predict, evaluate), running the same compiled SQL as Spark SQL and the model in `mapInArrow`.

The graph is inferred from Spark's catalog and data with DuckDB's rules (`graph.infer`), or taken from a
folder's schema.json (`attach_spark_folder`); a graph file of fixes applies as on DuckDB:
`rfm_sql.graph.files.apply_graph_file(rfm.graph, "graph.json")`.
"""

from __future__ import annotations

from rfm_sql.spark.catalog import load_folder, schema_graph
from rfm_sql.spark.cursor import SparkCursor
from rfm_sql.spark.session import SparkRFM

__all__ = ["SparkRFM", "attach_spark", "attach_spark_folder", "load_folder"]


def attach_spark(spark, graph=None, tables=None) -> SparkRFM:
    """The graph of `spark`'s tables and temp views of the current database (or only `tables`), inferred as
    `rfm_sql.attach` infers DuckDB's, unless a `graph` is given."""
    return SparkRFM(spark, graph, tables)


def attach_spark_folder(spark, path) -> SparkRFM:
    """A folder of `<table>.parquet` + schema.json as Spark temp views, with the graph schema.json declares."""
    schema = load_folder(spark, path)
    return SparkRFM(spark, schema_graph(spark, SparkCursor(spark), schema))
