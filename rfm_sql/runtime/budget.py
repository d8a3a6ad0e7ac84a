"""Memory, sized before any work: how many query rows the model scores per call, and how many calls run at once,
so that its working memory stays within DuckDB's `memory_limit`; a context that cannot fit at all is refused.

The model runs in two stages (runtime.model): the context stage once per context, over C context rows, then
the query stage per chunk of Q query rows against the context's cached states. A call holds about
`row_bytes(F)` per row it encodes (cell attention over the F feature slots in use: F x F per row) plus
`PAIR_BYTES` per (row, context row) pair (row-to-context attention, every head). Fitted on the shipped model
(benchmarks/SCALE.md) and rounded up. The context stage runs before any chunk, so the peak is the larger of
the two stages, not their sum.
"""

from __future__ import annotations

import os
import re

from rfm_sql.errors import UserError
from rfm_sql.runtime.contract import F_MAX
from rfm_sql.runtime.options import RunOptions

SLOT_PAIR_BYTES = 32  # per row and (feature slot, feature slot) pair
SLOT_BYTES = 512  # per row and feature slot
PAIR_BYTES = 72  # per (row, context row) pair
STATE_BYTES = 8192  # per context row: the cached keys and values of every layer, and its coordinates
BASE_BYTES = 256 << 20
CHUNKS = (1024, 512, 256, 128)  # a call's cost per row no longer depends on its size: no need to go larger
TARGET_BYTES = 2 << 30  # what the model may hold at once by default (all threads together)
_UNITS = {"": 1, "B": 1, "KB": 10**3, "MB": 10**6, "GB": 10**9, "TB": 10**12, "PB": 10**15, "EB": 10**18}
_UNITS.update({"KIB": 1 << 10, "MIB": 1 << 20, "GIB": 1 << 30, "TIB": 1 << 40, "PIB": 1 << 50, "EIB": 1 << 60})


def row_bytes(features: int = F_MAX) -> int:
    return SLOT_PAIR_BYTES * features * features + SLOT_BYTES * features


def model_bytes(context_rows: int, query_rows: int, calls: int = 1, features: int = F_MAX) -> int:
    """The model's working memory with `calls` query-stage calls of `query_rows` in flight, `features` slots
    used: the larger of the context stage and the calls, on top of the cached context states."""
    c, f = context_rows, features
    context_stage = c * row_bytes(f) + PAIR_BYTES * c * c
    query_stage = calls * query_rows * (row_bytes(f) + PAIR_BYTES * c)
    return BASE_BYTES + STATE_BYTES * c + max(context_stage, query_stage)


def memory_limit(cur) -> int:
    """DuckDB's memory_limit in bytes (a Spark cursor says its own: Spark has no such setting)."""
    if hasattr(cur, "memory_limit"):
        return cur.memory_limit()
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
        largest = _largest_fitting(options.cap, limit)
        which = "context_size" if options.context_size is not None else "run_mode"
        hint = f"pass context_size={largest} or less" if largest else "raise memory_limit"
        raise UserError(
            f"A context of {options.cap} examples needs about {need / 2**30:.1f} GiB for the model, more than DuckDB's "
            f"memory_limit ({limit / 2**30:.1f} GiB): {hint}, choose a smaller run_mode, or SET memory_limit higher.",
            param=which,
        )


def _largest_fitting(cap: int, limit: int) -> int | None:
    """The largest context of 10, 510, 1010, ... below `cap` that fits in `limit` one small chunk at a time, or
    None. model_bytes grows with the context, so bisect: a scan would never end for context_size=10**12."""

    def fits(k: int) -> bool:
        return model_bytes(10 + 500 * k, CHUNKS[-1]) <= limit

    if cap <= 10 or not fits(0):
        return None
    lo, hi = 0, (cap - 11) // 500  # 10 + 500 * k < cap
    while lo < hi:
        mid = (lo + hi + 1) // 2
        lo, hi = (mid, hi) if fits(mid) else (lo, mid - 1)
    return 10 + 500 * lo


def plan_chunks(cur, context_rows: int, features: int = F_MAX, target: int | None = None) -> tuple[int, int]:
    """(query rows per call, calls in flight) that fit in min(target, memory_limit): a call per core (at most 8;
    runtime.batches gives each cores // calls ONNX Runtime threads, so one thread each), each as large as fits
    up to CHUNKS[0]; fewer calls only when one per core does not fit."""
    budget = min(TARGET_BYTES if target is None else target, memory_limit(cur))
    cores = max(1, min(os.cpu_count() or 1, 8))
    for calls in range(cores, 0, -1):
        for chunk in CHUNKS:
            if model_bytes(context_rows, chunk, calls, features) <= budget:
                return chunk, calls
    return CHUNKS[-1], 1
