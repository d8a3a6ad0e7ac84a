"""rfm_sql: a relational foundation model inside DuckDB.

>>> import duckdb, rfm_sql
>>> con = duckdb.connect()
>>> _ = con.execute("CREATE TABLE users (user_id INTEGER PRIMARY KEY)").fetchall()
>>> _ = con.execute("CREATE TABLE orders (order_id INTEGER PRIMARY KEY, "
...                 "user_id INTEGER REFERENCES users (user_id), ts TIMESTAMP)").fetchall()
>>> _ = con.execute("INSERT INTO users VALUES (1), (2)").fetchall()
>>> _ = con.execute("INSERT INTO orders VALUES (1, 1, '2024-01-05'), (2, 1, '2024-02-01')").fetchall()
>>> rfm = rfm_sql.attach(con)
>>> rfm.labels("PREDICT COUNT(orders.*, 0, 30, days) FOR EACH users.user_id",
...            anchor_time="2024-01-01").to_pylist()[0]["TARGET"]
1
"""

from __future__ import annotations

import duckdb

from rfm_sql.errors import (
    GraphError,
    ModelError,
    NoExamplesError,
    PQLError,
    PQLSyntaxError,
    RFMError,
    RFMWarning,
    UserError,
)
from rfm_sql.graph import Graph, Link, SType, Table
from rfm_sql.graph.files import within
from rfm_sql.graph.load import apply_schema
from rfm_sql.graph.load import load_folder as _load_folder
from rfm_sql.runtime.evaluate import Evaluation
from rfm_sql.runtime.explain_views import Explanation
from rfm_sql.session import RFM
from rfm_sql.spark import SparkRFM, attach_spark, attach_spark_folder

__version__ = "0.1.0"
__all__ = [
    "attach",
    "load_folder",
    "attach_folder",
    "attach_spark",
    "attach_spark_folder",
    "SparkRFM",
    "RFM",
    "Evaluation",
    "Explanation",
    "Graph",
    "Table",
    "Link",
    "SType",
    "RFMError",
    "RFMWarning",
    "UserError",
    "ModelError",
    "PQLError",
    "PQLSyntaxError",
    "GraphError",
    "NoExamplesError",
]


def attach(con: duckdb.DuckDBPyConnection, model=None, *, tables=None) -> RFM:
    """Infer `con`'s graph and register rfm_sql's SQL functions on it; returns the Python handle. `model`: the
    path of an exported model (`<name>.onnx`, both stages beside it) instead of the shipped one. `tables`: the
    tables the graph holds (each as soon as it exists; a query naming another is refused); default: every
    table and view of the schema. List them where other tables are made from the data (dbt models): those would add
    features and change predictions."""
    rfm = RFM(con, model=model, tables=tables)
    rfm.register_sql()
    return rfm


def load_folder(con: duckdb.DuckDBPyConnection, path, *, views: bool = False) -> dict:
    """Load a folder of `<table>.parquet` files and a `schema.json` (../shared/data's format) into `con`; without
    a schema.json, one table per Parquet or CSV file, nothing declared (`attach` infers keys, links and times).

    Returns the schema; `attach` then finds the declared primary keys, and `apply_schema(rfm.graph, schema)`
    makes the graph match the schema exactly (foreign keys, time columns).
    """
    return _load_folder(con, path, views=views)


def attach_folder(con: duckdb.DuckDBPyConnection, path, *, views: bool = False, model=None, tables=None) -> RFM:
    """`load_folder` then `attach` (with `model` and `tables`), with the graph set exactly as a schema.json says
    (inferred without one); with `tables`, every file is still loaded, but the graph holds only those."""
    schema = _load_folder(con, path, views=views)
    rfm = attach(con, model=model, tables=tables)
    if tables is not None:  # the schema's tables and links outside the scope have nothing in the graph to set
        schema = {"tables": within(schema.get("tables", {}), rfm.graph.tables)}
    apply_schema(rfm.graph, schema)
    return rfm
