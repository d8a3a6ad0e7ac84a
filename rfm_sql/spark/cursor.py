"""A DuckDB-cursor look-alike over a SparkSession, so the runtime's SQL runs on Spark unchanged.

The runtime builds sqlglot trees and hands a cursor their DuckDB text (`to_sql`); this adapter reads that text
back into the same tree and writes it as Spark SQL (`expression.sql("spark")`), with one rewrite: a plain
`TIMESTAMP` becomes `TIMESTAMP_NTZ`, because rfm_sql's times are naive UTC (DuckDB's TIMESTAMP) while Spark's
TIMESTAMP has a session time zone. Only the cursor methods the runtime uses exist: `sql(...).to_arrow_table()`,
`execute(...).fetchall()/fetchone()/description`, `register`/`unregister` (Arrow tables as temp views).
"""

from __future__ import annotations

import os
import uuid

import duckdb
import pyarrow as pa
import sqlglot
from sqlglot import exp

from rfm_sql.compile.sqlutil import ENTITY, col
from rfm_sql.runtime.keyset import POSITION, key_name, key_values, refuse_inexact


class SparkSQLError(duckdb.Error):
    """Spark refused a statement (kept a `duckdb.Error`, so code that tolerates a failed probe still does)."""


def to_spark(sql: str | exp.Expression) -> str:
    """DuckDB SQL text (or a sqlglot tree) as Spark SQL."""
    tree = sql if isinstance(sql, exp.Expression) else sqlglot.parse_one(sql, read="duckdb")
    tree = _unique_cte_names(tree.transform(_naive_timestamps).transform(_spark_functions))
    return tree.sql("spark")


def _unique_cte_names(tree: exp.Expression) -> exp.Expression:
    """Rename the CTEs of nested WITH clauses apart. sqlglot writes Spark SQL with every CTE at the top, where
    a name may appear once; DuckDB text nests them, and a nested CTE may shadow an outer one of the same name
    (the label compiler's lagged `rfm_seed` reads the outer seed). Deepest first, so each rename sees the
    references that still mean it: those in later CTEs of its WITH and in the query that owns the WITH."""
    nested = [w for w in tree.find_all(exp.With) if w.parent is not tree]
    nested.sort(key=lambda w: -w.depth)
    for n, with_ in enumerate(nested):
        owner = with_.parent
        for i, cte in enumerate(with_.expressions):
            old, new = cte.alias, f"{cte.alias}__n{n}"
            scope = [c.this for c in with_.expressions[i + 1 :]]
            scope += [v for v in owner.args.values() if isinstance(v, exp.Expression) and v is not with_]
            scope += [x for v in owner.args.values() if isinstance(v, list) for x in v]
            for node in scope:
                for t in list(node.find_all(exp.Table)):
                    if t.name == old and not t.args.get("db"):
                        t.set("this", exp.to_identifier(new))
                for c in list(node.find_all(exp.Column)):
                    if c.table == old:  # a column qualified by the CTE's own name
                        c.set("table", exp.to_identifier(new))
            cte.set("alias", exp.TableAlias(this=exp.to_identifier(new)))
    return tree


def _naive_timestamps(node: exp.Expression) -> exp.Expression:
    if isinstance(node, exp.DataType) and node.this == exp.DataType.Type.TIMESTAMP:
        return exp.DataType.build("TIMESTAMPNTZ")
    return node


def _spark_functions(node: exp.Expression) -> exp.Expression:
    """DuckDB functions sqlglot writes as-is but Spark lacks (runtime.anchors' stray-timestamp probe): Spark's
    timestamps are never infinite, `percentile` is its continuous quantile, `unix_micros` its epoch_us."""
    name = node.name.lower() if isinstance(node, exp.Anonymous) else None
    if name == "isfinite":
        return exp.true()
    if name == "epoch_us":
        return exp.func("unix_micros", *node.expressions)
    if isinstance(node, exp.PercentileCont) and node.expression is not None:
        return exp.func("percentile", node.this.transform(_spark_functions), node.expression)
    return node


class Result:
    """What DuckDB's `cursor.sql(...)` / `cursor.execute(...)` return, for the calls the runtime makes."""

    def __init__(self, table: pa.Table):
        self.table = table
        self.description = [(name, None, None, None, None, None, None) for name in table.column_names]

    def to_arrow_table(self) -> pa.Table:
        return self.table

    def fetchall(self) -> list[tuple]:
        columns = [c.to_pylist() for c in self.table.columns]
        return list(zip(*columns, strict=True)) if columns else []

    def fetchone(self):
        rows = self.fetchall()
        return rows[0] if rows else None


class SparkCursor:
    def __init__(self, spark):
        self.spark = spark

    def __enter__(self) -> SparkCursor:
        return self

    def __exit__(self, *exc) -> None:
        return None

    def cursor(self) -> SparkCursor:
        return self

    def memory_limit(self) -> int:
        """The bytes the model may take here (runtime.budget asks DuckDB's memory_limit otherwise): 80% of this
        machine's RAM, DuckDB's own default, since a backtest runs the model in this process, not on executors."""
        return int(0.8 * os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES"))

    def frame(self, sql: str | exp.Expression):
        """The Spark DataFrame of one statement (lazy: nothing runs until it is collected)."""
        text = to_spark(sql)
        try:
            return self.spark.sql(text)
        except Exception as e:  # pyspark raises AnalysisException, ParseException, ...
            raise SparkSQLError(f"Spark refused the compiled SQL: {e}\n{text}") from e

    def spark_sql(self, sql: str | exp.Expression) -> str:
        return to_spark(sql)

    def sql(self, sql: str | exp.Expression) -> Result:
        return self.execute(sql)

    def execute(self, sql: str | exp.Expression) -> Result:
        frame = self.frame(sql)
        try:
            return Result(frame.toArrow())
        except Exception as e:
            if isinstance(e, duckdb.Error):
                raise
            raise SparkSQLError(f"Spark failed running the compiled SQL: {e}") from e

    def register(self, name: str, table: pa.Table) -> None:
        """Arrow rows (small: context pairs) as a temp view; timestamps kept naive (TIMESTAMP_NTZ)."""
        frame = self.spark.createDataFrame(table)
        casts = [
            _col(f.name).cast("timestamp_ntz").alias(f.name) if pa.types.is_timestamp(f.type) else _col(f.name)
            for f in table.schema
        ]
        frame.select(*casts).createOrReplaceTempView(name)

    def key_view(self, keys: list, dtype: str) -> exp.Table:
        """Listed entity keys as a temp view of ENTITY (cast to the key's type `dtype`) and POSITION (its place in
        the list), as `runtime.keyset.key_relation` makes them on DuckDB. Named by a hash of its content: the
        same list binds to the same view, which lives as long as the session (a lazy frame built over it may be
        collected later)."""
        refuse_inexact(keys, dtype)
        values = key_values(keys)
        name = key_name(values, dtype)
        if not self.spark.catalog.tableExists(name):
            raw = f"{name}_raw"
            self.register(raw, pa.table({ENTITY: values, POSITION: pa.array(range(len(values)), pa.int64())}))
            select = exp.select(exp.cast(col(ENTITY), dtype).as_(ENTITY), col(POSITION)).from_(raw)
            self.frame(select).createOrReplaceTempView(name)
        return exp.to_table(name)

    def unregister(self, name: str) -> None:
        self.spark.catalog.dropTempView(name)

    def temp_name(self, prefix: str) -> str:
        return f"{prefix}_{uuid.uuid4().hex[:12]}"


def _col(name: str):
    from pyspark.sql import functions as F  # optional dependency: only with a SparkSession

    return F.col(f"`{name}`")
