"""Memory, sized before any work: how many query rows the model scores per call, and on how many threads, so
that its working memory stays within DuckDB's `memory_limit`; a context that cannot fit at all is refused.

The network re-reads the context with every call: one call over C context and Q query rows holds about
`ROW_BYTES` per row (cell attention over the feature slots) plus `PAIR_BYTES` per (row, context row) pair
(row-to-context attention). Fitted on the shipped model (benchmarks/SCALE.md) and rounded up.
"""

from __future__ import annotations

import os
import re

from rfm_sql.errors import UserError
from rfm_sql.runtime.options import RunOptions

ROW_BYTES = 450_000
PAIR_BYTES = 32
BASE_BYTES = 256 << 20
CHUNKS = (8192, 4096, 2048, 1024, 512, 256)
TARGET_BYTES = 2 << 30  # what the model may hold at once by default (all threads together)
_UNITS = {"": 1, "B": 1, "KB": 10**3, "MB": 10**6, "GB": 10**9, "TB": 10**12, "PB": 10**15, "EB": 10**18}
_UNITS.update({"KIB": 1 << 10, "MIB": 1 << 20, "GIB": 1 << 30, "TIB": 1 << 40, "PIB": 1 << 50, "EIB": 1 << 60})


def model_bytes(context_rows: int, query_rows: int, calls: int = 1) -> int:
    """The model's working memory with `calls` calls in flight."""
    rows = context_rows + query_rows
    return BASE_BYTES + calls * (ROW_BYTES * rows + PAIR_BYTES * rows * context_rows)


def memory_limit(cur) -> int:
    """DuckDB's memory_limit in bytes."""
    text = cur.execute("SELECT current_setting('memory_limit')").fetchall()[0][0]
    match = re.fullmatch(r"\s*([\d.]+)\s*([A-Za-z]*)\s*", text)
    if match is None or match.group(2).upper() not in _UNITS:
        raise UserError(f"Cannot read DuckDB's memory_limit {text!r}; SET memory_limit = '4GB'.", param="memory_limit")
    return int(float(match.group(1)) * _UNITS[match.group(2).upper()])


def check_context(cur, options: RunOptions) -> None:
    """Refuse, before any work, a context the model cannot hold within memory_limit even one small chunk at
    a time, naming the option to lower."""
    limit = memory_limit(cur)
    need = model_bytes(options.cap, CHUNKS[-1])
    if need > limit:
        largest = max(
            (c for c in range(10, options.cap, 500) if model_bytes(c, CHUNKS[-1]) <= limit), default=None
        )
        which = "context_size" if options.context_size is not None else "run_mode"
        hint = f"pass context_size={largest} or less" if largest else "raise memory_limit"
        raise UserError(
            f"A context of {options.cap} examples needs about {need / 2**30:.1f} GiB for the model, more than DuckDB's "
            f"memory_limit ({limit / 2**30:.1f} GiB): {hint}, choose a smaller run_mode, or SET memory_limit higher.",
            param=which,
        )


def plan_chunks(cur, context_rows: int, target: int | None = None) -> tuple[int, int]:
    """(query rows per model call, calls in flight) that fit in min(target, memory_limit) and re-read the
    context least per query row: a call costs about (context rows + query rows), so the choice minimises
    (C + Q) / (Q * calls). The calls share the cores (runtime.batches gives each cores // calls threads)."""
    budget = min(TARGET_BYTES if target is None else target, memory_limit(cur))
    cores = max(1, min(os.cpu_count() or 1, 8))
    fits = [
        (chunk, calls)
        for chunk in CHUNKS
        for calls in range(1, cores + 1)
        if model_bytes(context_rows, chunk, calls) <= budget
    ]
    if not fits:
        return CHUNKS[-1], 1
    return min(fits, key=lambda f: ((context_rows + f[0]) / (f[0] * f[1]), -f[0]))
