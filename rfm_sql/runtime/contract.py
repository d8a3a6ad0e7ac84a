"""The model contract: the shapes and meanings of what the encoder feeds the network and what comes back.

Imported by both the runtime and `export/` (training, ONNX export), so the two can never disagree; the ONNX
files carry `metadata(stage)` and the runtime refuses a file whose metadata differs (`check`).

A model is two ONNX files, one per stage: the context stage takes the context rows (CONTEXT_INPUTS) and returns
the network's states for them (its own named outputs, listed in `rfm_sql.states`: e.g. each layer's keys and
values); the query stage takes a chunk of query rows (QUERY_INPUTS) followed by those states and returns
OUTPUTS. The runtime computes the states once per context and reuses them for every chunk of query rows.
Feature slots the context does not use (fmask 0) may be left out of both stages' inputs: the network masks
them, so the result is the same.
"""

from __future__ import annotations

import json

import numpy as np

from rfm_sql.errors import ModelError

VERSION = 2  # 2: two stages (context, query) in two files, a dynamic feature axis
F_MAX = 128  # feature slots per row
N_CLASSES = 10  # class slots of the classification head
N_BINS = 96  # bins of the regression head's distribution over the standardised target
BIN_RANGE = 4.0  # the bins cover [-BIN_RANGE, BIN_RANGE]
N_DESC = 4  # descriptors per feature: correlation with the label, its magnitude, missing rate, categorical
T_NB = 3  # neighbour tables per example (the hierarchical model)
K_NB = 12  # most recent rows per neighbour table
G_NB = 10  # column slots per neighbour table
N_NB_DESC = 5  # descriptors per neighbour column: correlation, its magnitude, missing rate, categorical, recency
INPUTS = ("x_ctx", "m_ctx", "y_ctx", "x_qry", "m_qry", "fmask", "fdesc", "is_regression")
CONTEXT_INPUTS = ("x_ctx", "m_ctx", "y_ctx", "fmask", "fdesc", "is_regression")
QUERY_INPUTS = ("x_qry", "m_qry", "fmask", "fdesc", "is_regression")  # then the context stage's states
OUTPUTS = ("class_logits", "bin_logits")
STAGES = {"context": CONTEXT_INPUTS, "query": QUERY_INPUTS}
# A hierarchical model also reads each example's neighbour rows (runtime.neighbours), after the inputs above:
NB_INPUTS = ("nb_x_ctx", "nb_m_ctx", "nb_r_ctx", "nb_x_qry", "nb_m_qry", "nb_r_qry", "nb_cmask", "nb_desc")
NB_STAGES = {
    "context": ("nb_x_ctx", "nb_m_ctx", "nb_r_ctx", "nb_cmask", "nb_desc"),
    "query": ("nb_x_qry", "nb_m_qry", "nb_r_qry", "nb_cmask", "nb_desc"),
}
NB_QUERY_ROWS = ("nb_x_qry", "nb_m_qry", "nb_r_qry")  # the inputs with a row per query row


def stage_inputs(stage: str, neighbours: bool = False) -> list[str]:
    """The inputs of a model file of `stage`, in order (a hierarchical model's with `neighbours`)."""
    return list(STAGES[stage]) + (list(NB_STAGES[stage]) if neighbours else [])


def metadata(stage: str, neighbours: bool = False) -> dict[str, str]:
    """The metadata a model file of `stage` ("context" or "query") must carry to be fed by this version."""
    return {
        "rfm_sql.contract_version": str(VERSION),
        "rfm_sql.f_max": str(F_MAX),
        "rfm_sql.n_classes": str(N_CLASSES),
        "rfm_sql.n_bins": str(N_BINS),
        "rfm_sql.bin_range": str(BIN_RANGE),
        "rfm_sql.n_desc": str(N_DESC),
        "rfm_sql.stage": stage,
        "rfm_sql.inputs": json.dumps(stage_inputs(stage, neighbours)),
    }


def check(found: dict, path, stage: str) -> None:
    """Refuse a model file whose metadata is not this contract's `stage`, saying what differs and how to fix it."""
    expected = metadata(stage)
    missing = [k for k in expected if k not in found]
    if missing and "rfm_sql.contract_version" in found and found["rfm_sql.contract_version"] != str(VERSION):
        missing = []  # another version's file: say so below, rather than list what it lacks
        found = {**expected, **found}
    if missing:
        raise ModelError(f"{path} is not an rfm_sql model: its metadata lacks {', '.join(missing)}.")
    skip = ("rfm_sql.inputs", "rfm_sql.stage")
    wrong = {k: (found[k], v) for k, v in expected.items() if found[k] != v and k not in skip}
    if wrong:
        detail = "; ".join(
            f"{k.removeprefix('rfm_sql.')} is {a}, this rfm_sql needs {b}" for k, (a, b) in wrong.items()
        )
        raise ModelError(
            f"{path} was exported for another version of the model contract ({detail}). "
            "Use the model shipped with this rfm-sql, or re-export it with export/export_onnx.py."
        )
    if found["rfm_sql.stage"] != stage:
        raise ModelError(
            f"{path} is the {found['rfm_sql.stage']} stage of a model where its {stage} stage belongs: a model is "
            "two files, <name>.context.onnx and <name>.query.onnx (export/export_onnx.py writes both)."
        )
    if json.loads(found["rfm_sql.inputs"]) not in (stage_inputs(stage), stage_inputs(stage, neighbours=True)):
        raise ModelError(
            f"{path} takes inputs {found['rfm_sql.inputs']}, this rfm_sql feeds {stage_inputs(stage)} (and, to a "
            f"hierarchical model, {stage_inputs(stage, neighbours=True)})."
        )


def reads_neighbours(found: dict) -> bool:
    """Whether a model file (its checked metadata) takes neighbour rows."""
    inputs = json.loads(found["rfm_sql.inputs"])
    return any(name in inputs for name in NB_INPUTS)


def bin_edges() -> np.ndarray:
    """The N_BINS + 1 edges of the regression bins, in standardised units."""
    return np.linspace(-BIN_RANGE, BIN_RANGE, N_BINS + 1)


def bin_centers() -> np.ndarray:
    edges = bin_edges()
    return (edges[:-1] + edges[1:]) / 2


def regression_median(dist: np.ndarray) -> np.ndarray:
    """The median of each row's bin distribution (Q, N_BINS), in standardised units, linear within the bin.
    The one decoding of the regression head: the runtime's prediction and training's validation both use it."""
    edges = bin_edges()
    cdf = np.cumsum(dist, axis=1)
    idx = np.minimum((cdf < 0.5).sum(1), N_BINS - 1)
    below = np.where(idx > 0, cdf[np.arange(len(idx)), idx - 1], 0.0)
    inside = dist[np.arange(len(idx)), idx]
    frac = np.clip((0.5 - below) / np.maximum(inside, 1e-12), 0, 1)
    return edges[idx] + frac * (edges[1] - edges[0])


def regression_quantile(dist: np.ndarray, q) -> np.ndarray:
    """The q-quantile(s) of each row's bin distribution (Q, N_BINS), in standardised units, linear within the
    bin (uniform mass inside a bin): shape (Q,) for one q, (Q, len(q)) for several. Non-decreasing in q."""
    qs = np.atleast_1d(np.asarray(q, dtype=np.float64))
    edges = bin_edges()
    cdf = np.cumsum(dist, axis=1)
    rows = np.arange(len(dist))[:, None]
    idx = np.minimum((cdf[:, :, None] < qs[None, None, :]).sum(1), N_BINS - 1)  # (Q, K)
    below = np.where(idx > 0, cdf[rows, np.maximum(idx - 1, 0)], 0.0)
    inside = dist[rows, idx]
    frac = np.clip((qs[None, :] - below) / np.maximum(inside, 1e-12), 0, 1)
    out = edges[idx] + frac * (edges[1] - edges[0])
    return out[:, 0] if np.ndim(q) == 0 else out
