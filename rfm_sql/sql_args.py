"""Options as the SQL macros pass them. Every option arrives as text (the macros CAST it AS VARCHAR), so a
mistyped one (`anchor_time := '01/02/2024'`, `context_size := 'big'`, `seed := 1.5`) reaches Python and gets
the same error, naming the option and the fix, as the Python API gives, not a DuckDB cast error that names
neither (and never a silent rounding, as CAST(1.5 AS BIGINT) would do)."""

from __future__ import annotations

from rfm_sql.errors import UserError

_EXAMPLES = {"context_size": 1000, "seed": 0}


def sql_list(text: str | None):
    """`[a, b]` (a SQL list as text) as its items' texts; anything else unchanged."""
    if text is None or not (text.startswith("[") and text.endswith("]")):
        return text
    return [v.strip().strip("'\"") for v in text[1:-1].split(",") if v.strip()]


def sql_integer(text: str | None, name: str) -> int | None:
    """An integer option: '1000' and '1000.0' are 1000; '1.5' and 'big' are errors naming `name`."""
    if text is None:
        return None
    try:
        return int(text)
    except ValueError:
        pass
    try:
        number = float(text)
    except ValueError:
        number = None
    if number is None or not number.is_integer():
        example = _EXAMPLES.get(name, 1)
        raise UserError(f"{name} := {text!r} is not a whole number; pass one such as {name} := {example}.", param=name)
    return int(number)


def run_options(anchor_time, run_mode, context_size, seed) -> dict:
    """The run options every macro takes, typed for the Python API (which validates their values)."""
    return {
        "anchor_time": sql_list(anchor_time),
        "run_mode": run_mode,
        "context_size": sql_integer(context_size, "context_size"),
        "seed": sql_integer(seed, "seed"),
    }
