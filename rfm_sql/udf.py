"""The SQL surface: UDFs on the user's connection and table macros around them.

DuckDB 2.0 has no Python table functions, so a table result comes from a table macro over `query()`: the
macro calls a scalar UDF once, at bind time, which returns the SQL to run (see DUCKDB.md). The path of
`SELECT * FROM rfm_predict('PREDICT ...')`:

    macro rfm_predict (sql/macros.sql) -> UDF rfm_predict_sql -> RFM.predict_sql (validate, anchor, options)
      -> runtime.predict.compile_predict (prepare the context, cache it under a handle; return SQL)
      -> DuckDB runs that SQL: query features, then UDF rfm_infer chunk by chunk -> runtime.predict.infer

The macros live twice: as TEMP macros on the connection `attach` was given (plain names), and in an attached
in-memory catalog `rfm_sql` that every cursor sees (`rfm_sql.rfm_predict(...)`) and that never touches the
user's file, so read-only databases work.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources

import duckdb
import numpy as np
import pyarrow as pa

from rfm_sql.bind_warnings import OnceAcrossBinds
from rfm_sql.compile.sqlutil import ANCHOR, ENTITY
from rfm_sql.errors import UserError
from rfm_sql.graph import is_integer_type
from rfm_sql.pql.tasks import TaskType
from rfm_sql.runtime import keyset, listed, neighbours, predict
from rfm_sql.sql_args import run_options, sql_integer, sql_list

_BIND_TIME = ("rfm_labels_sql", "rfm_predict_sql", "rfm_evaluate_sql", "rfm_compile_sql", "rfm_explain_sql")
# anchor_time, run_mode, context_size, seed: all text, typed by sql_args so a mistyped one is named
_RUN_OPTIONS = ["VARCHAR"] * 4


@dataclass(frozen=True)
class Registration:
    """The Python callables behind one attach's UDFs. DuckDB functions are instance-wide and hold only weak
    references, so the session keeps this alive as long as the connection (DUCKDB.md)."""

    functions: dict


def register(con: duckdb.DuckDBPyConnection, rfm) -> Registration:
    """Register rfm_sql's functions and macros on `con` (the long-lived parent connection) for the session
    `rfm` (an `RFM`)."""

    def labels_sql(pql, anchor_time):
        return rfm.labels_sql(pql, sql_list(anchor_time))

    def predict_sql(pql, anchor_time, run_mode, context_size, seed, point, quantiles):
        options = run_options(anchor_time, run_mode, context_size, seed)
        return rfm.predict_sql(pql, **options, point=point, quantiles=sql_list(quantiles))

    def evaluate_sql(pql, anchor_time, run_mode, context_size, seed, point):
        return rfm.evaluate(pql, **run_options(anchor_time, run_mode, context_size, seed), point=point).to_sql()

    def explain_sql(pql, entity, anchor_time, run_mode, context_size, seed, item, step):
        options = run_options(anchor_time, run_mode, context_size, seed)
        return rfm.explain_sql(pql, sql_list(entity), **options, item=sql_list(item), step=sql_integer(step, "step"))

    def compile_sql(pql, anchor_time, run_mode, context_size, seed):
        return rfm.predict_sql(pql, **run_options(anchor_time, run_mode, context_size, seed))

    def infer(handles, numeric, categorical):
        out = predict.infer(rfm.handles, handles, numeric, categorical)
        rfm.meter.add(len(out))
        return out

    def infer_nb(handles, numeric, categorical, entity, anchor):
        # a hierarchical model: the chunk's neighbour rows, read on a cursor of this call (DUCKDB.md: not the
        # calling connection, not one shared cursor)
        def hood(prepared):
            pairs = pa.table({ENTITY: entity.combine_chunks(), ANCHOR: anchor.combine_chunks()})
            with rfm.graph.cursor(rfm.con) as cur:
                return neighbours.query_inputs(cur, rfm.graph, prepared, pairs)

        out = predict.infer(rfm.handles, handles, numeric, categorical, hood)
        rfm.meter.add(len(out))
        return out

    def predict_value(pql, entities, anchor_time, run_mode, context_size, seed):
        options = zip(anchor_time.to_pylist(), run_mode.to_pylist(), context_size.to_pylist(), seed.to_pylist(), strict=True)
        rows = list(zip(pql.to_pylist(), entities.to_pylist(), options, strict=True))
        values = _predict_values(rfm, rows)
        return pa.array(values, pa.float64(), mask=np.isnan(values))  # NULL where there is no prediction

    scalar = {
        "rfm_labels_sql": (labels_sql, ["VARCHAR", "VARCHAR"]),
        "rfm_predict_sql": (predict_sql, ["VARCHAR", *_RUN_OPTIONS, "VARCHAR", "VARCHAR"]),  # point, quantiles
        "rfm_evaluate_sql": (evaluate_sql, ["VARCHAR", *_RUN_OPTIONS, "VARCHAR"]),  # point
        "rfm_compile_sql": (compile_sql, ["VARCHAR", *_RUN_OPTIONS]),
        "rfm_explain_sql": (explain_sql, ["VARCHAR", "VARCHAR", *_RUN_OPTIONS, "VARCHAR", "VARCHAR"]),
    }
    # Functions are instance-wide: several connections to one database file share them. Each attach gets
    # its own names (the macros, which are per connection, point at them), so attaches never collide.
    once = OnceAcrossBinds()  # a statement bound twice warns once
    scalar = {name: (once.wrap(name, fn), params) for name, (fn, params) in scalar.items()}
    for name, (fn, params) in scalar.items():
        # side_effects: the SQL depends on the data, so DuckDB must not fold calls across queries
        con.create_function(rfm.function_name(name), fn, params, "VARCHAR", null_handling="special", side_effects=True)
    con.create_function(
        rfm.function_name("rfm_infer"),
        infer,
        predict.INFER_PARAMS,
        predict.INFER_TYPE,
        type="arrow",
        side_effects=False,
    )
    con.create_function(
        rfm.function_name("rfm_infer") + neighbours.NB_SUFFIX,
        infer_nb,
        predict.INFER_NB_PARAMS,
        predict.INFER_TYPE,
        type="arrow",
        side_effects=False,
    )
    con.create_function(
        rfm.function_name("rfm_predict_value"),
        predict_value,
        ["VARCHAR", "VARCHAR", *_RUN_OPTIONS],
        "DOUBLE",
        type="arrow",
        null_handling="special",  # NULL options mean "the default", not a NULL result
        side_effects=False,
    )
    catalog = keyset.scratch_catalog(con)  # in memory: the user's file is never written, read-only works
    for statement in _macros(rfm):
        con.execute(statement.replace("CREATE OR REPLACE MACRO", "CREATE OR REPLACE TEMP MACRO")).fetchall()
        con.execute(statement.replace("MACRO ", f"MACRO {catalog}.main.", 1)).fetchall()
    return Registration(
        {
            **{k: v[0] for k, v in scalar.items()},
            "rfm_infer": infer,
            "rfm_infer_nb": infer_nb,
            "rfm_predict_value": predict_value,
        }
    )


def install_macros(cursor, rfm) -> None:
    """The plain-named TEMP macros on a cursor (dbt threads, servers), calling the UDFs `register` put on
    the parent connection."""
    for statement in _macros(rfm):
        cursor.execute(statement.replace("CREATE OR REPLACE MACRO", "CREATE OR REPLACE TEMP MACRO")).fetchall()


def _macros(rfm) -> list[str]:
    text = resources.files("rfm_sql").joinpath("sql", "macros.sql").read_text()
    for name in (*_BIND_TIME, "rfm_predict_value"):
        text = text.replace(f"@{name}(", f"{rfm.function_name(name)}(")
    return _statements(text)


def _predict_values(rfm, rows) -> np.ndarray:
    """The scalar form: one number per (query, key, options) row: True_PROB for binary, the prediction for
    regression, NULL for a key the entity table does not have; an error for a key its type cannot hold. The rows of one chunk that share a query and
    options are scored together, from the context the table form prepares (and caches) for them."""
    out = np.full(len(rows), np.nan)
    groups: dict[tuple, list[int]] = {}
    for i, (q, key, options) in enumerate(rows):
        if q is not None and key is not None:
            groups.setdefault((q, options), []).append(i)
    for (q, raw_options), idx in groups.items():
        vq = rfm.resolve(q)
        if vq.query.prefix is not None:
            raise UserError(
                f"The per-row form rfm_predict(query, key) predicts; drop the {vq.query.prefix} prefix, or use "
                "the table form SELECT * FROM rfm_predict('...') for the prefixed query's table.",
                param="query",
            )
        if vq.task_type not in (TaskType.BINARY, TaskType.REGRESSION):
            raise UserError(
                "The per-row form rfm_predict(query, key) returns one number, so it serves binary and regression "
                f"queries; this one is {vq.task_type.value}: use SELECT * FROM rfm_predict('...').",
                param="query",
            )
        dtype = rfm.graph.table(vq.entity_table).column(vq.entity_key).dtype
        keys = {rows[i][1]: _as_key(rows[i][1], dtype) for i in idx}
        bad = [text for text, key in keys.items() if key is None]
        if bad:  # a typo or the wrong column: NULL would read as "no such entity"
            raise UserError(
                f"rfm_predict(query, key): {bad[0]!r} cannot be a {vq.entity_table}.{vq.entity_key} (type {dtype}); "
                f"pass the key column, e.g. rfm_predict('...', {vq.entity_key}). A key of the right type that no "
                "entity has gives NULL.",
                param="key",
            )
        with rfm.graph.cursor(rfm.con) as cur:
            known = set(listed.existing_keys(cur, vq, rfm.graph, [k for k in keys.values() if k is not None]))
        if not known:
            continue
        # the table form's rows for these keys: the same context, filter and existence rules
        sql = rfm.predict_sql(q, **run_options(*raw_options), within=sorted(known, key=str))
        with rfm.graph.cursor(rfm.con) as cur:
            table = cur.sql(sql).to_arrow_table()
        column = "True_PROB" if vq.task_type is TaskType.BINARY else "TARGET_PRED"
        values = dict(zip(table.column("ENTITY").to_pylist(), table.column(column).to_pylist(), strict=True))
        for i in idx:
            value = values.get(keys[rows[i][1]])
            out[i] = np.nan if value is None else value
    return out


def _as_key(text: str, dtype: str):
    """A key passed as text, in the form the table form's ENTITY has for the primary key's type (None when it
    cannot be one: an integer key from 'x', a UUID from 'x')."""
    key = keyset.comparable(text, dtype)  # an int, a UUID's canonical text, a Decimal; `text` if it is none
    typed = is_integer_type(dtype) or dtype.upper() == "UUID" or dtype.upper().startswith(("DECIMAL", "NUMERIC"))
    return None if typed and key is text else key


def _statements(text: str) -> list[str]:
    lines = [ln for ln in text.splitlines() if not ln.strip().startswith("--")]
    return [s.strip() for s in "\n".join(lines).split(";") if s.strip()]
