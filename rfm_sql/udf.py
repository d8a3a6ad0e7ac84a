"""The SQL surface: UDFs on the user's connection and table macros around them.

DuckDB 2.0 has no Python table functions, so a table result comes from a table macro over `query()`: the
macro calls a scalar UDF once, at bind time, which returns the SQL to run (see DUCKDB.md). The macros
live twice: as TEMP macros on the connection `attach` was given (plain names: `rfm_predict(...)`), and in
an attached in-memory catalog `rfm_sql` that every cursor sees (`rfm_sql.rfm_predict(...)`) and that never
touches the user's file, so read-only databases work.
"""

from __future__ import annotations

from importlib import resources

import duckdb

from rfm_sql.graph import is_integer_type
from rfm_sql.runtime.options import RunOptions

MACRO_CATALOG = "rfm_sql"


def register(con: duckdb.DuckDBPyConnection, rfm) -> None:
    """Register rfm_sql's functions and macros on `con` (the long-lived parent connection)."""
    from rfm_sql.runtime import predict

    def labels_sql(pql, anchor_time):
        return rfm.labels_sql(pql, anchor_time)

    def predict_sql(pql, anchor_time, run_mode, context_size, seed):
        options = RunOptions.from_kwargs(run_mode=run_mode, context_size=context_size, seed=seed)
        return predict.compile_predict(rfm, pql, anchor_time, options)

    def evaluate_sql(pql, anchor_time, run_mode, context_size, seed):
        metrics = rfm.evaluate(
            pql, anchor_time=anchor_time, run_mode=run_mode or "fast", context_size=context_size, seed=seed or 0
        )
        return metrics_sql(metrics)

    def compile_sql(pql):
        return rfm.predict_sql(pql)

    def infer(handles, numeric, categorical):
        return predict.infer(rfm.handles, handles, numeric, categorical)

    def predict_value(pql, entities):
        import pyarrow as pa

        rows = list(zip(pql.to_pylist(), entities.to_pylist(), strict=True))
        return pa.array(_predict_values(rfm, rows), pa.float64())

    scalar = {
        "rfm_labels_sql": (labels_sql, ["VARCHAR", "TIMESTAMP"], "VARCHAR"),
        "rfm_predict_sql": (predict_sql, ["VARCHAR", "TIMESTAMP", "VARCHAR", "BIGINT", "BIGINT"], "VARCHAR"),
        "rfm_evaluate_sql": (evaluate_sql, ["VARCHAR", "TIMESTAMP", "VARCHAR", "BIGINT", "BIGINT"], "VARCHAR"),
        "rfm_compile_sql": (compile_sql, ["VARCHAR"], "VARCHAR"),
    }
    # Functions are instance-wide: several connections to one database file share them. Each attach gets
    # its own names (the macros, which are per connection, point at them), so attaches never collide.
    for name, (fn, params, returns) in scalar.items():
        # side_effects: the SQL depends on the data, so DuckDB must not fold calls across queries
        con.create_function(rfm.function_name(name), fn, params, returns, null_handling="special", side_effects=True)
    con.create_function(
        rfm.function_name("rfm_infer"),
        infer,
        ["VARCHAR", "DOUBLE[]", "VARCHAR[]"],
        predict.INFER_TYPE,
        type="arrow",
        side_effects=False,
    )
    con.create_function(
        rfm.function_name("rfm_predict_value"),
        predict_value,
        ["VARCHAR", "VARCHAR"],
        "DOUBLE",
        type="arrow",
        side_effects=False,
    )
    # Functions are instance-wide; keep the callables alive as long as the connection (DUCKDB.md).
    rfm._udfs = (scalar, infer, predict_value)
    rfm._registered = True

    attached = {r[0] for r in con.execute("SELECT database_name FROM duckdb_databases()").fetchall()}
    if MACRO_CATALOG not in attached:
        con.execute(f"ATTACH ':memory:' AS {MACRO_CATALOG} (READ_WRITE)").fetchall()
    for statement in _macros(rfm):
        con.execute(statement.replace("CREATE OR REPLACE MACRO", "CREATE OR REPLACE TEMP MACRO")).fetchall()
        con.execute(statement.replace("MACRO ", f"MACRO {MACRO_CATALOG}.main.", 1)).fetchall()


def install_macros(cursor, rfm) -> None:
    """The plain-named TEMP macros on a cursor (dbt threads, servers), calling the UDFs `register` put on
    the parent connection."""
    for statement in _macros(rfm):
        cursor.execute(statement.replace("CREATE OR REPLACE MACRO", "CREATE OR REPLACE TEMP MACRO")).fetchall()


def _macros(rfm) -> list[str]:
    text = resources.files("rfm_sql").joinpath("sql", "macros.sql").read_text()
    for name in ("rfm_labels_sql", "rfm_predict_sql", "rfm_evaluate_sql", "rfm_compile_sql", "rfm_predict_value"):
        text = text.replace(f"@{name}(", f"{rfm.function_name(name)}(")
    return _statements(text)


def _predict_values(rfm, rows):
    """The scalar form: one number per (query, entity): True_PROB for binary, the prediction for regression."""
    import numpy as np

    out = [None] * len(rows)
    by_query: dict[str, list[int]] = {}
    for i, (q, e) in enumerate(rows):
        if q is not None and e is not None:
            by_query.setdefault(q, []).append(i)
    for q, idx in by_query.items():
        vq = rfm.resolve(q)
        if vq.task_type.value not in ("binary", "regression"):
            raise ValueError(
                "The per-row form rfm_predict(query, key) returns one number, so it serves binary and "
                "regression queries; use SELECT * FROM rfm_predict('...') for multiclass."
            )
        key_type = rfm.graph.table(vq.entity_table).column(vq.entity_key).dtype
        keys = [rows[i][1] for i in idx]
        entities = [int(k) for k in keys] if is_integer_type(key_type) else keys
        table = rfm.predict(q, entities=sorted(set(entities), key=str))
        column = "True_PROB" if vq.task_type.value == "binary" else "TARGET_PRED"
        values = dict(
            zip([str(e) for e in table.column("ENTITY").to_pylist()], table.column(column).to_pylist(), strict=True)
        )
        for i in idx:
            out[i] = values.get(str(rows[i][1]))
    return np.array([np.nan if v is None else v for v in out], dtype=float)


def metrics_sql(metrics: dict) -> str:
    from sqlglot import exp

    rows = [
        (exp.Literal.string(k), exp.Literal.number(repr(float(v))))
        for k, v in metrics.items()
        if isinstance(v, (int, float)) and k not in ("n", "anchors", "context_size")
    ]
    n = metrics.get("n", 0)
    select = exp.select(
        "metric",
        "value",
        exp.Literal.number(n).as_("n"),
        exp.cast(exp.Literal.string(str(metrics.get("last_anchor"))), "TIMESTAMP").as_("ANCHOR_TIMESTAMP"),
    )
    return select.from_(exp.values(rows, alias="m", columns=["metric", "value"])).sql("duckdb")


def _statements(text: str) -> list[str]:
    lines = [ln for ln in text.splitlines() if not ln.strip().startswith("--")]
    return [s.strip() for s in "\n".join(lines).split(";") if s.strip()]
