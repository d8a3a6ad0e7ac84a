"""A bar on stderr for the rows the model scores during one long `predict` (tqdm).

Rows are scored in two places: the batch loop of `rfm.predict` (runtime/batches.py) and the `rfm_infer` UDF
that DuckDB calls chunk by chunk from its own threads (pair-scored and forecast queries, the CLI's SQL). Both
count their rows on the session's `Meter`, which shows them only while a call that asked for progress runs.
"""

from __future__ import annotations

import sys
import threading
import time
from contextlib import contextmanager

from tqdm import tqdm

DELAY_SECONDS = 2.0  # a quick call shows no bar at all


TERMINAL_REFRESH_SECONDS = 0.1  # tqdm's default
LOG_REFRESH_SECONDS = 15.0  # into a log file (stderr no terminal): a line now and then, not ten a second


def refresh_seconds(stream) -> float:
    """How often a bar redraws: tqdm's default on a terminal; into a log, every LOG_REFRESH_SECONDS."""
    isatty = getattr(stream, "isatty", None)
    return TERMINAL_REFRESH_SECONDS if isatty is not None and isatty() else LOG_REFRESH_SECONDS


class Meter:
    """The bar of the call in progress, if any. One bar per session: a second call that runs at the same time
    (another thread) shows none of its own. The UDF cannot tell which call a chunk belongs to, so that call's
    pair-scored rows count on the first call's bar; its batch-scored rows do not (`running` says whose bar it is).
    """

    def __init__(self):
        self._bar: tqdm | None = None
        self._lock = threading.Lock()

    @contextmanager
    def running(self, enabled: bool, unit: str = "rows"):
        """Show the bar for the duration of the block, when `enabled` and no other call holds it; yields this
        meter for the call's own counts, or None when the bar is not its own."""
        with self._lock:
            owner = enabled and self._bar is None
            if owner:
                self._bar = tqdm(
                    desc="scoring",
                    unit=unit,
                    unit_scale=True,
                    leave=False,
                    file=sys.stderr,
                    delay=DELAY_SECONDS,
                    mininterval=refresh_seconds(sys.stderr),
                )
        try:
            yield self if owner else None
        finally:
            if owner:
                with self._lock:
                    bar = self._bar
                    if bar.mininterval > TERMINAL_REFRESH_SECONDS and time.time() - bar.start_t >= bar.delay:
                        bar.refresh()  # into a log the last redraw may be seconds old: end on the final count
                    bar.close()
                    self._bar = None

    def expect(self, total: int) -> None:
        """The number of rows the call will score, once it is known (an ETA instead of a bare count)."""
        with self._lock:
            if self._bar is not None:
                self._bar.total = total
                self._bar.refresh()

    def add(self, rows: int) -> None:
        with self._lock:
            if self._bar is not None:
                self._bar.update(rows)
