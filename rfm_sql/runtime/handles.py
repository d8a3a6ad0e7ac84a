"""Prepared contexts by handle, so that the SQL `compile_predict` returns can reach them from the `rfm_infer`
UDF, and by request, so that DuckDB binding a query twice (the relational API does) prepares it once."""

from __future__ import annotations

import threading
import time
import uuid
from collections import OrderedDict
from dataclasses import dataclass

from rfm_sql.errors import ExpiredError
from rfm_sql.runtime.context import Prepared
from rfm_sql.runtime.model import Model

TTL_SECONDS = 60.0  # a request reuses a prepared context for this long


@dataclass
class Handle:
    prepared: Prepared
    model: Model
    created: float


class HandleCache:
    """At most `size` prepared contexts; the oldest are dropped first. A request key must include everything
    the context depends on (query, anchor, options, entities, the graph's state)."""

    def __init__(self, size: int = 32):
        self._handles: OrderedDict[str, Handle] = OrderedDict()
        self._requests: dict[tuple, str] = {}
        self._size = size
        self._lock = threading.Lock()

    def __len__(self) -> int:
        with self._lock:
            return len(self._handles)

    def clear(self) -> None:
        """Drop every prepared context (the next query prepares its own)."""
        with self._lock:
            self._handles.clear()
            self._requests.clear()

    def get(self, handle: str) -> Handle:
        with self._lock:
            if handle not in self._handles:
                raise ExpiredError(f"Prediction context {handle!r} expired; run the query again.")
            return self._handles[handle]

    def lookup(self, request: tuple) -> str | None:
        with self._lock:
            handle = self._requests.get(request)
            if handle in self._handles and time.monotonic() - self._handles[handle].created < TTL_SECONDS:
                return handle
            return None

    def put(self, request: tuple, prepared: Prepared, model: Model) -> str:
        handle = uuid.uuid4().hex
        with self._lock:
            self._handles[handle] = Handle(prepared, model, time.monotonic())
            self._requests[request] = handle
            while len(self._handles) > self._size:
                old, _ = self._handles.popitem(last=False)
                self._requests = {k: v for k, v in self._requests.items() if v != old}
        return handle
