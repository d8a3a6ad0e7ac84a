"""Types and errors between DuckDB and the Postgres wire protocol (for rfm_sql.serve): Arrow result
columns to Postgres type OIDs and values pg-mimic can encode, DuckDB exceptions to SQLSTATEs, and the text
parameters clients send to Python values."""

from __future__ import annotations

import datetime as dt
import decimal
import json

import duckdb
import pyarrow as pa

_INSTALL_HINT = "rfm-sql serve needs the Postgres wire protocol library: pip install 'rfm-sql[serve]'"


def pg_mimic():
    """The optional protocol library, or an ImportError that says how to install it."""
    try:
        import pg_mimic
    except ImportError as e:
        raise ImportError(_INSTALL_HINT) from e
    return pg_mimic


# -- errors ----------------------------------------------------------------------------------------------
_SQLSTATES = [
    (duckdb.ParserException, "42601"),  # syntax_error
    (duckdb.CatalogException, "42P01"),  # undefined_table
    (duckdb.BinderException, "42703"),  # undefined_column
    (duckdb.ConversionException, "22P02"),  # invalid_text_representation
    (duckdb.OutOfRangeException, "22003"),  # numeric_value_out_of_range
    (duckdb.ConstraintException, "23000"),  # integrity_constraint_violation
    (duckdb.TransactionException, "25000"),  # invalid_transaction_state
    (duckdb.PermissionException, "42501"),  # insufficient_privilege
    (duckdb.InterruptException, "57014"),  # query_canceled
    (duckdb.OutOfMemoryException, "53200"),  # out_of_memory
]


def sqlstate(e: duckdb.Error) -> str:
    text = str(e)
    if "PQLSyntaxError" in text:
        return "42601"
    if "read-only mode" in text:
        return "25006"  # read_only_sql_transaction
    if isinstance(e, duckdb.InvalidInputException):
        return "22023"  # invalid_parameter_value: PQL errors and other bad input
    for cls, state in _SQLSTATES:
        if isinstance(e, cls):
            return state
    return "XX000"


# -- types -----------------------------------------------------------------------------------------------
def result_column(field: pa.Field):
    pg = pg_mimic()
    return pg.ResultColumn(field.name, oid_for_arrow(field.type))


def oid_for_arrow(t: pa.DataType) -> int:
    pg = pg_mimic()
    if pa.types.is_boolean(t):
        return pg.BOOL
    if pa.types.is_int8(t) or pa.types.is_int16(t) or pa.types.is_uint8(t):
        return pg.INT2
    if pa.types.is_int32(t) or pa.types.is_uint16(t):
        return pg.INT4
    if pa.types.is_int64(t) or pa.types.is_uint32(t):
        return pg.INT8
    if pa.types.is_uint64(t) or pa.types.is_decimal(t):
        return pg.NUMERIC
    if pa.types.is_float16(t) or pa.types.is_float32(t):
        return pg.FLOAT4
    if pa.types.is_float64(t):
        return pg.FLOAT8
    if pa.types.is_timestamp(t):
        return pg.TIMESTAMPTZ if t.tz else pg.TIMESTAMP
    if pa.types.is_date(t):
        return pg.DATE
    if pa.types.is_time(t):
        return pg.TIME
    if pa.types.is_duration(t) or t == pa.month_day_nano_interval():
        return pg.INTERVAL
    if pa.types.is_binary(t) or pa.types.is_large_binary(t) or pa.types.is_fixed_size_binary(t):
        return pg.BYTEA
    if pa.types.is_list(t) or pa.types.is_large_list(t) or pa.types.is_fixed_size_list(t):
        element = oid_for_arrow(t.value_type)
        return pg.ARRAY_OID.get(element, pg.JSON) if element not in (pg.JSON, pg.INTERVAL) else pg.JSON
    if pa.types.is_struct(t) or pa.types.is_map(t):
        return pg.JSON
    return pg.TEXT


def converter(t: pa.DataType):
    """Python values pg-mimic can encode, for one Arrow column."""
    if t == pa.month_day_nano_interval():
        return lambda values: [None if v is None else _interval_text(v) for v in values]
    if pa.types.is_uint64(t):
        return lambda values: [None if v is None else decimal.Decimal(v) for v in values]
    oid = oid_for_arrow(t)
    if oid == pg_mimic().JSON:
        return lambda values: [None if v is None else json.dumps(v, default=str) for v in values]
    return lambda values: values


def _interval_text(v) -> str:
    seconds, nanos = divmod(v.nanoseconds, 1_000_000_000)
    clock = str(dt.timedelta(seconds=seconds, microseconds=nanos // 1000))
    return f"{v.months} mons {v.days} days {clock}"


_DUCKDB_TO_PG = {
    "BOOLEAN": "boolean",
    "TINYINT": "smallint",
    "SMALLINT": "smallint",
    "INTEGER": "integer",
    "BIGINT": "bigint",
    "HUGEINT": "numeric",
    "UTINYINT": "smallint",
    "USMALLINT": "integer",
    "UINTEGER": "bigint",
    "UBIGINT": "numeric",
    "FLOAT": "real",
    "DOUBLE": "double precision",
    "VARCHAR": "text",
    "DATE": "date",
    "TIME": "time",
    "TIMESTAMP": "timestamp",
    "TIMESTAMP WITH TIME ZONE": "timestamptz",
    "INTERVAL": "interval",
    "UUID": "uuid",
    "BLOB": "bytea",
    "JSON": "json",
}


def declared_type(duckdb_type: str) -> str:
    t = duckdb_type.upper()
    if t.startswith("DECIMAL"):
        return "numeric"
    if t.startswith("TIMESTAMP") and t not in _DUCKDB_TO_PG:
        return "timestamp"
    return _DUCKDB_TO_PG.get(t, "text")


def oid_for_duckdb_type(duckdb_type: str) -> int:
    from pg_mimic import catalog_data, types

    return getattr(types, catalog_data.DECLARED_TYPE_OIDS.get(declared_type(duckdb_type), "TEXT"))


def decode_params(params: list, param_oids: list) -> list:
    """Postgres sends parameters as text with the type the client declared; give DuckDB Python values."""
    return [_decode(value, param_oids[i] if i < len(param_oids) else None) for i, value in enumerate(params)]


def _decode(value, oid):
    """One parameter; an array (pg-mimic parses it into a list of texts) element by element, so that
    `= ANY(%s)` with a list of integers compares integers, not VARCHARs."""
    pg = pg_mimic()
    from pg_mimic.arrays import ELEMENT_OID

    if isinstance(value, list) and oid in ELEMENT_OID:
        return [_decode(v, ELEMENT_OID[oid]) for v in value]
    if not isinstance(value, str) or oid is None:
        return value
    if oid in (pg.INT2, pg.INT4, pg.INT8):
        return int(value)
    if oid in (pg.FLOAT4, pg.FLOAT8):
        return float(value)
    if oid == pg.NUMERIC:
        return decimal.Decimal(value)
    if oid == pg.BOOL:
        return value.strip().lower() in ("t", "true", "1", "on", "yes", "y")
    if oid == pg.DATE:
        return dt.date.fromisoformat(value)
    if oid in (pg.TIMESTAMP, pg.TIMESTAMPTZ):
        return dt.datetime.fromisoformat(value)
    return value
