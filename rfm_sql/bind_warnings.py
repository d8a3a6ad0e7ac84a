"""Warnings of a statement bound twice, said once. DuckDB's relation API binds a statement when it is made and
again when it is fetched (`con.sql("SELECT * FROM rfm_predict(...)").fetchall()`), and each bind calls the UDF
that returns the SQL to run (DUCKDB.md), so every warning of the query (a stray timestamp, a stale table) came
twice. A call repeated with the same arguments within WINDOW seconds of the last one's end does not repeat the
warnings that one issued; any other warning, or the same call made again later, is issued as usual. One thread at a
time: a statement bound while another thread's is (dbt's threads, a server's) warns as DuckDB binds it."""

from __future__ import annotations

import functools
import threading
import time
import warnings
from collections.abc import Callable

# seconds: a re-bind follows its first bind at once (on a loaded machine 2 s was not always enough); a user running
# a statement again comes later
WINDOW = 5.0


class OnceAcrossBinds:
    def __init__(self):
        self.last: tuple | None = None  # (function name, arguments, when it ended, the messages it issued)
        self.lock = threading.Lock()

    def wrap(self, name: str, fn: Callable) -> Callable:
        @functools.wraps(fn)  # DuckDB reads the parameters from the signature
        def wrapped(*args):
            # catch_warnings is process-wide: one thread in it at a time, or two would restore each other's filters
            if not self.lock.acquire(blocking=False):
                return fn(*args)
            caught: list = []
            try:
                with warnings.catch_warnings(record=True) as caught:
                    warnings.simplefilter("always")
                    return fn(*args)
            finally:  # out of the block: issued where the caller's filters apply, not recorded again
                self.lock.release()
                self._issue(name, args, caught)

        return wrapped

    def _issue(self, name: str, args: tuple, caught: list) -> None:
        said = set()
        if self.last is not None and self.last[:2] == (name, args) and time.monotonic() - self.last[2] < WINDOW:
            said = self.last[3]
        messages = {(w.category, str(w.message)) for w in caught}
        self.last = (name, args, time.monotonic(), messages)
        for w in caught:
            if (w.category, str(w.message)) not in said:
                warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)
