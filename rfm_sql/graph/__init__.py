"""The database as a graph: tables, primary keys, links (foreign key -> primary key), time columns and
semantic types (`model`), inferred from the catalog and the data (`infer`), or loaded with a folder of
Parquet files and its schema.json (`load`)."""

from rfm_sql.graph.model import (
    Column,
    Graph,
    Link,
    SType,
    Table,
    is_integer_type,
    is_numeric_type,
    is_text_type,
    is_time_type,
)

__all__ = [
    "Column",
    "Graph",
    "Link",
    "SType",
    "Table",
    "is_integer_type",
    "is_numeric_type",
    "is_text_type",
    "is_time_type",
]
