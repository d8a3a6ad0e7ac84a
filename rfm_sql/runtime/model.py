"""The shipped model, run with ONNX Runtime. The file carries its contract in its metadata; a file whose
contract differs from this runtime's encoder is refused with a clear error."""

from __future__ import annotations

import json
import threading
from functools import cache
from importlib import resources
from pathlib import Path

import numpy as np
import onnxruntime as ort

from rfm_sql.errors import RFMError
from rfm_sql.runtime import encode

DEFAULT_MODEL = "rfm-small.onnx"
INPUTS = ["x_ctx", "m_ctx", "y_ctx", "x_qry", "m_qry", "fmask", "fdesc", "is_regression"]


def expected_contract() -> dict[str, str]:
    """The metadata a model file must carry to be fed by this version's encoder."""
    return {
        "rfm_sql.contract_version": str(encode.CONTRACT_VERSION),
        "rfm_sql.f_max": str(encode.F_MAX),
        "rfm_sql.n_classes": str(encode.N_CLASSES),
        "rfm_sql.n_bins": str(encode.N_BINS),
        "rfm_sql.bin_range": str(encode.BIN_RANGE),
        "rfm_sql.n_desc": str(encode.N_DESC),
        "rfm_sql.inputs": json.dumps(INPUTS),
    }


class ModelError(RFMError):
    """The model file is missing or does not match this version of rfm_sql."""


class Model:
    """One ONNX Runtime session with bounded threads (DuckDB supplies parallelism across chunks)."""

    def __init__(self, path: str | Path, threads: int = 1):
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
        check_contract(self.metadata, path)
        self.path = path
        self._lock = threading.Lock()

    def run(self, inputs: list[np.ndarray]) -> list[np.ndarray]:
        feed = {name: np.ascontiguousarray(x, dtype=np.float32) for name, x in zip(INPUTS, inputs, strict=True)}
        return self.session.run(None, feed)

    def predict(self, episode: encode.Episode) -> np.ndarray:
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


def check_contract(metadata: dict, path) -> None:
    expected = expected_contract()
    missing = [k for k in expected if k not in metadata]
    if missing:
        raise ModelError(f"{path} is not an rfm_sql model: its metadata lacks {', '.join(missing)}.")
    wrong = {k: (metadata[k], v) for k, v in expected.items() if metadata[k] != v and k != "rfm_sql.inputs"}
    if wrong:
        detail = "; ".join(
            f"{k.removeprefix('rfm_sql.')} is {a}, this rfm_sql needs {b}" for k, (a, b) in wrong.items()
        )
        raise ModelError(
            f"{path} was exported for another version of the model contract ({detail}). "
            "Use the model shipped with this rfm-sql, or re-export it with export/export_onnx.py."
        )
    if json.loads(metadata["rfm_sql.inputs"]) != INPUTS:
        raise ModelError(f"{path} takes inputs {metadata['rfm_sql.inputs']}, this rfm_sql feeds {INPUTS}.")


def _softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(-1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(-1, keepdims=True)


def default_model_path() -> Path:
    return Path(str(resources.files("rfm_sql").joinpath("models", DEFAULT_MODEL)))


@cache
def load_default() -> Model:
    return Model(default_model_path())


def regression_median(dist: np.ndarray) -> np.ndarray:
    """The median of each predictive bin distribution, in standardised units (linear within the bin)."""
    edges = np.linspace(-encode.BIN_RANGE, encode.BIN_RANGE, encode.N_BINS + 1)
    cdf = np.cumsum(dist, axis=1)
    idx = np.minimum((cdf < 0.5).sum(1), encode.N_BINS - 1)
    below = np.where(idx > 0, cdf[np.arange(len(idx)), idx - 1], 0.0)
    inside = dist[np.arange(len(idx)), idx]
    frac = np.clip((0.5 - below) / np.maximum(inside, 1e-12), 0, 1)
    return edges[idx] + frac * (edges[1] - edges[0])


def regression_quantile(dist: np.ndarray, q: float) -> np.ndarray:
    edges = np.linspace(-encode.BIN_RANGE, encode.BIN_RANGE, encode.N_BINS + 1)
    cdf = np.cumsum(dist, axis=1)
    idx = np.minimum((cdf < q).sum(1), encode.N_BINS - 1)
    return (edges[idx] + edges[idx + 1]) / 2
