"""The shipped model, run with ONNX Runtime, and the decoding of its outputs into predictions. The file
carries its contract in its metadata; a file whose contract differs from this runtime's is refused."""

from __future__ import annotations

import dataclasses
import os
from concurrent.futures import ThreadPoolExecutor
from functools import cache
from importlib import resources
from pathlib import Path

import numpy as np
import onnxruntime as ort

from rfm_sql.errors import ModelError
from rfm_sql.runtime import contract, decoding
from rfm_sql.runtime.encode import Episode

DEFAULT_MODEL = "rfm-small.onnx"


class Model:
    """One ONNX Runtime session with bounded threads (DuckDB supplies parallelism across chunks)."""

    def __init__(self, path: str | Path, threads: int = 1):
        self.threads = threads
        self._wider: dict[int, Model] = {}
        path = Path(path)
        if not path.exists():
            raise ModelError(f"Model file {path} does not exist. Reinstall rfm-sql, or pass an exported model.")
        options = ort.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        try:
            self.session = ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
        except Exception as e:  # onnxruntime raises its own exception types
            raise ModelError(f"Cannot load {path} as an ONNX model: {e}") from e
        self.metadata = dict(self.session.get_modelmeta().custom_metadata_map)
        contract.check(self.metadata, path)
        self.path = path

    def with_threads(self, threads: int) -> Model:
        """This model on a session with `threads` intra-op threads (created once, then reused)."""
        if threads == self.threads:
            return self
        if threads not in self._wider:
            self._wider[threads] = Model(self.path, threads)
        return self._wider[threads]

    def run(self, inputs: list[np.ndarray]) -> list[np.ndarray]:
        feed = {
            name: np.ascontiguousarray(x, dtype=np.float32) for name, x in zip(contract.INPUTS, inputs, strict=True)
        }
        return self.session.run(None, feed)

    def predict(self, episode: Episode) -> np.ndarray:
        """Class probabilities (Q, n_classes) or the predictive bin distribution (Q, N_BINS)."""
        batch = [
            episode.x_ctx[None],
            episode.m_ctx[None],
            episode.y_ctx[None],
            episode.x_qry[None],
            episode.m_qry[None],
            episode.fmask[None],
            episode.fdesc[None],
            np.array([float(episode.is_regression)], np.float32),
        ]
        class_logits, bin_logits = self.run(batch)
        if episode.is_regression:
            return _softmax(bin_logits[0])
        k = max(2, len(episode.target.classes))
        return _softmax(class_logits[0, :, :k])

    @property
    def info(self) -> dict:
        return {k.removeprefix("rfm_sql."): v for k, v in self.metadata.items()}


def score(model: Model, episode: Episode) -> tuple[np.ndarray, np.ndarray]:
    """(prediction, probabilities) per query row: for regression the decoded median (or mean) and, in place of
    probabilities, the target coding's quantiles (runtime.decoding); for classification the 1-based index of
    the most likely class and the class probabilities."""
    dist = model.predict(episode)
    if episode.is_regression:
        return decoding.regression(dist, episode.target)
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
        return score(model, dataclasses.replace(episode, x_qry=episode.x_qry[part], m_qry=episode.m_qry[part]))

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
