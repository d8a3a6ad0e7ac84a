"""The shipped model, run with ONNX Runtime, and the decoding of its outputs into predictions.

A model is two files (runtime.contract): the context stage, run once per context (the `ContextStates` cache
keys it by the context's contents, so every chunk of a prepared query, from the batched path, the SQL UDF or
an explanation, reuses it), and the query stage, run per chunk of query rows against those states. Feature
slots no context row uses are left out of both (the network masks them; the result is the same). Each file
carries its contract in its metadata; a file whose contract differs from this runtime's is refused."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import threading
from collections import OrderedDict
from concurrent.futures import ThreadPoolExecutor
from functools import cache
from importlib import resources
from pathlib import Path

import numpy as np
import onnxruntime as ort

from rfm_sql.errors import ModelError
from rfm_sql.runtime import contract, decoding
from rfm_sql.runtime.encode import Episode

DEFAULT_MODEL = "rfm-small.onnx"  # the model's name: rfm-small.context.onnx and rfm-small.query.onnx
# The context stage's working memory (GBs for a large context: C x C attention) goes back to the system after its
# run instead of staying in ONNX Runtime's arena beside the query stage's, so the peak is the larger stage, not
# their sum (runtime.budget counts it so): 14.6 -> 7.7 GB for RANK TOP in run mode best on the demo database,
# the same scores (benchmarks/MODEL_MEMORY.md, which sets it True in a child process to compare).
CONTEXT_ARENA = False
CONTEXTS_KEPT = 16  # contexts whose states stay cached (a 1,000-row context's are about 4 MB) ...
STATES_BYTES_KEPT = 512 << 20  # ... within this many bytes (the newest is always kept)


def stage_paths(path: str | Path) -> tuple[Path, Path]:
    """The (context, query) stage files of the model named `path`: <name>.onnx or either stage's file."""
    name = str(path)
    for stage in contract.STAGES:
        if name.endswith(f".{stage}.onnx"):
            name = name.removesuffix(f".{stage}.onnx")
            break
    else:
        name = name.removesuffix(".onnx")
    return Path(f"{name}.context.onnx"), Path(f"{name}.query.onnx")


# ONNX Runtime computes a single query row by another kernel than a batch (its outputs differ by ~1e-7), and
# which rows a call gets alone depends on how DuckDB splits the chunks: the per-row SQL form differed from the
# table form, and a decision on a threshold (a median at an atom's edge) could flip. A call's rows are repeated
# up to this many, so every row takes the batch path (measured: 2 rows and up agree bit for bit).
MIN_QUERY_ROWS = 8
SLOT_GROUP = 8  # the feature slots fed are a multiple of this (`Model.run`)


def context_threads() -> int:
    """The context stage runs once per context, while query chunks wait for it: on all cores (at most 8)."""
    return max(1, min(os.cpu_count() or 1, 8))


class ContextStates:
    """The context stage's outputs per context, computed once (under a lock: concurrent chunks of one query
    wait for the first) and kept for the CONTEXTS_KEPT most recent contexts, at most STATES_BYTES_KEPT."""

    def __init__(self, runner: ort.InferenceSession, metadata: dict):
        self.session = runner
        self.metadata = metadata
        self.names = [o.name for o in runner.get_outputs()]
        self._kept: OrderedDict[bytes, dict] = OrderedDict()
        self._lock = threading.Lock()
        self.computed = 0  # context stage runs, for tests and benchmarks

    def get(self, feed: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
        key = _digest(feed)
        with self._lock:
            if key in self._kept:
                self._kept.move_to_end(key)
                return self._kept[key]
            states = dict(zip(self.names, self.session.run(None, feed), strict=True))
            self.computed += 1
            self._kept[key] = states
            while len(self._kept) > 1 and (len(self._kept) > CONTEXTS_KEPT or self.nbytes() > STATES_BYTES_KEPT):
                self._kept.popitem(last=False)
            return states

    def nbytes(self) -> int:
        return sum(x.nbytes for states in self._kept.values() for x in states.values())


class Model:
    """The two stage sessions with bounded threads: the query stage on `threads` intra-op threads (callers
    run several chunks at once, or DuckDB does), the context stage on `context_threads()`, shared by every
    `with_threads` variant together with its cache of context states."""

    def __init__(self, path: str | Path, threads: int = 1, _states: ContextStates | None = None):
        self.threads = threads
        self._wider: dict[int, Model] = {}
        self.path = Path(path)
        context_path, query_path = stage_paths(path)
        missing = [str(p) for p in (context_path, query_path) if not p.exists()]
        if missing and self.path != default_model_path():
            raise ModelError(
                f"Model {path} does not exist: a model is two files, <name>.context.onnx and <name>.query.onnx "
                f"(export/export_onnx.py writes both), and {' and '.join(missing)} "
                f"{'is' if len(missing) == 1 else 'are'} missing. Pass <name>.onnx or either file's path."
            )
        self.session, self.metadata = _session(query_path, threads, "query")
        if _states is None:
            runner, found = _session(context_path, context_threads(), "context", once=True)
            if found.get("rfm_sql.export_id") != self.metadata.get("rfm_sql.export_id"):
                raise ModelError(
                    f"{context_path} and {query_path} come from different exports; export both again with "
                    "export/export_onnx.py."
                )
            _states = ContextStates(runner, found)
        self.neighbours = contract.reads_neighbours(self.metadata)
        if self.neighbours != contract.reads_neighbours(_states.metadata):
            raise ModelError(f"{context_path} and {query_path}: one stage reads neighbour rows and the other does not.")
        expected = contract.stage_inputs("query", self.neighbours) + _states.names
        if [i.name for i in self.session.get_inputs()] != expected:
            raise ModelError(f"{query_path} does not take the context stage's states: it should take {expected}.")
        self.states = _states

    def with_threads(self, threads: int) -> Model:
        """This model on a query session with `threads` intra-op threads (created once, then reused)."""
        if threads == self.threads:
            return self
        if threads not in self._wider:
            self._wider[threads] = Model(self.path, threads, self.states)
        return self._wider[threads]

    def run(self, inputs: list[np.ndarray], trim: bool = True) -> list[np.ndarray]:
        """OUTPUTS for batched inputs in contract.INPUTS order (the full feature axis), then, for a model that
        reads neighbour rows, contract.NB_INPUTS; `trim` leaves out the feature slots no example uses
        (trim=False feeds all F_MAX slots, for tests: the outputs are the same)."""
        names = contract.INPUTS + (contract.NB_INPUTS if self.neighbours else ())
        feed = {name: np.ascontiguousarray(x, dtype=np.float32) for name, x in zip(names, inputs, strict=True)}
        used = np.flatnonzero((feed["fmask"] > 0.5).any(0))
        if not len(used):  # no input varies: one slot, present but missing in every row, so the model reads the
            used = np.zeros(1, np.int64)  # labels alone (an all-masked feature axis would make its attention NaN)
            for name in ("fmask", "m_ctx", "m_qry"):  # copies: these may be the cached encoder's own arrays
                feed[name] = feed[name].copy()
                feed[name][..., 0] = 1.0
        if trim and len(used) < feed["fmask"].shape[-1]:
            # whole groups of SLOT_GROUP slots (the spare ones masked): with 46, ONNX Runtime scored a row alone 2e-7
            # apart from the same row at an odd place in a batch, so two paths could disagree at a threshold
            width = min(feed["fmask"].shape[-1], -(-len(used) // SLOT_GROUP) * SLOT_GROUP)
            spare = np.setdiff1d(np.arange(feed["fmask"].shape[-1]), used)[: width - len(used)]
            used = np.sort(np.concatenate([used, spare]))
            for name in ("x_ctx", "m_ctx", "x_qry", "m_qry", "fmask"):
                feed[name] = np.ascontiguousarray(feed[name][..., used])
            feed["fdesc"] = np.ascontiguousarray(feed["fdesc"][:, used])
        states = self.states.get({name: feed[name] for name in contract.stage_inputs("context", self.neighbours)})
        query = {name: feed[name] for name in contract.stage_inputs("query", self.neighbours)}
        rows = query["x_qry"].shape[1]
        if 0 < rows < MIN_QUERY_ROWS:  # see MIN_QUERY_ROWS: the rows repeated, the copies' outputs dropped
            for name in ("x_qry", "m_qry", *(contract.NB_QUERY_ROWS if self.neighbours else ())):
                query[name] = np.ascontiguousarray(np.take(query[name], np.arange(MIN_QUERY_ROWS) % rows, axis=1))
            return [out[:, :rows] for out in self.session.run(None, {**query, **states})]
        return self.session.run(None, {**query, **states})

    def predict(self, episode: Episode) -> np.ndarray:
        """Class probabilities (Q, n_classes), at the classes' true rates where the context was balanced
        (decoding.classification), or the predictive bin distribution (Q, N_BINS)."""
        if episode.x_qry.shape[0]:
            class_logits, bin_logits = self.run(episode_inputs(episode, self))
        else:  # no query rows (an empty chunk): the graph's reshapes need one, and there is nothing to score
            class_logits, bin_logits = np.zeros((1, 0, contract.N_CLASSES)), np.zeros((1, 0, contract.N_BINS))
        if episode.is_regression:
            return _softmax(bin_logits[0])
        k = max(2, len(episode.target.classes))
        return decoding.classification(_softmax(class_logits[0, :, :k]), episode.target)

    @property
    def info(self) -> dict:
        return {k.removeprefix("rfm_sql."): v for k, v in self.metadata.items()}


def _session(path: Path, threads: int, stage: str, once: bool = False) -> tuple[ort.InferenceSession, dict]:
    """A stage's session; `once`: the stage runs once per context while the query chunks wait for it."""
    if not path.exists():
        raise ModelError(f"Model file {path} does not exist. Reinstall rfm-sql, or pass an exported model.")
    options = ort.SessionOptions()
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    if once:  # its threads must not keep spinning while the chunks run, nor its memory stay held (CONTEXT_ARENA)
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        options.enable_cpu_mem_arena = CONTEXT_ARENA
    try:
        runner = ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
    except Exception as e:  # onnxruntime raises its own exception types
        raise ModelError(f"Cannot load {path} as an ONNX model: {e}") from e
    metadata = dict(runner.get_modelmeta().custom_metadata_map)
    contract.check(metadata, path, stage)
    return runner, metadata


def _digest(feed: dict[str, np.ndarray]) -> bytes:
    """A key for the context's contents: equal inputs, equal states."""
    h = hashlib.blake2b(digest_size=16)
    for name in sorted(feed):
        h.update(json.dumps([name, feed[name].shape]).encode())
        h.update(feed[name].tobytes())
    return h.digest()


def episode_inputs(episode: Episode, model: Model | None = None) -> list[np.ndarray]:
    """The episode as the contract's INPUTS, a batch of one; for a `model` that reads neighbour rows, then
    NB_INPUTS (a path that does not fetch them is refused, rather than scored without them)."""
    inputs = [
        episode.x_ctx[None],
        episode.m_ctx[None],
        episode.y_ctx[None],
        episode.x_qry[None],
        episode.m_qry[None],
        episode.fmask[None],
        episode.fdesc[None],
        np.array([float(episode.is_regression)], np.float32),
    ]
    if model is None or not model.neighbours:
        return inputs
    if episode.neighbours is None:
        require_flat(model, "this path")
    return inputs + [episode.neighbours[name][None] for name in contract.NB_INPUTS]


def require_flat(model: Model, what: str) -> None:
    """Refuse a hierarchical model on a path that does not feed it neighbour rows (rather than score without
    them): the backstop of `episode_inputs`."""
    if model.neighbours:
        raise ModelError(
            f"{model.path} is a hierarchical model (it reads each example's neighbour rows), and {what} does not "
            "fetch them; rfm_sql's predictions, backtests and explanations do, on every surface. Use the shipped "
            "model here."
        )


def query_rows(neighbours: dict | None, index) -> dict | None:
    """Neighbour inputs with only the query rows `index` (a slice or positions); the context's stay whole."""
    if neighbours is None:
        return None
    return {k: v[index] if k in contract.NB_QUERY_ROWS else v for k, v in neighbours.items()}


def query_part(episode: Episode, part: slice) -> Episode:
    """The episode with only the query rows of `part` (their neighbour rows too)."""
    neighbours = query_rows(episode.neighbours, part)
    offset = None if episode.offset is None else episode.offset[part]
    return dataclasses.replace(
        episode, x_qry=episode.x_qry[part], m_qry=episode.m_qry[part], neighbours=neighbours, offset=offset
    )


def score(model: Model, episode: Episode) -> tuple[np.ndarray, np.ndarray]:
    """(prediction, probabilities) per query row: for regression the decoded median (or mean) and, in place of
    probabilities, the target coding's quantiles (runtime.decoding); for classification the 1-based index of
    the most likely class and the class probabilities."""
    dist = model.predict(episode)
    if episode.is_regression:
        return decoding.regression(dist, episode.target, episode.offset)
    return dist.argmax(1).astype(np.float64) + 1, dist


def score_chunked(model: Model, episode: Episode, chunk: int, workers: int) -> tuple[np.ndarray, np.ndarray]:
    """`score(model, episode)` computed `chunk` query rows per call, `workers` calls in flight: the same
    numbers (each query row is scored on its own) in bounded memory."""
    n = episode.x_qry.shape[0]
    if n <= chunk:
        return score(model, episode)
    model = model.with_threads(max(1, (os.cpu_count() or 1) // workers))

    def run(start: int) -> tuple[np.ndarray, np.ndarray]:
        part = slice(start, start + chunk)
        return score(model, query_part(episode, part))

    with ThreadPoolExecutor(max_workers=workers) as pool:
        parts = list(pool.map(run, range(0, n, chunk)))
    return np.concatenate([p for p, _ in parts]), np.concatenate([q for _, q in parts])


def _softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(-1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(-1, keepdims=True)


def default_model_path() -> Path:
    return Path(str(resources.files("rfm_sql").joinpath("models", DEFAULT_MODEL)))


@cache
def load_default() -> Model:
    return Model(default_model_path())
