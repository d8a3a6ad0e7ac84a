"""Checkpoint -> rfm_sql/models/<name>.context.onnx and <name>.query.onnx, the network's two stages, each with
the model contract (and its stage) in its metadata.

python -m export.export_onnx --ckpt export/checkpoints/last.pt --out rfm_sql/models/rfm-small.onnx
"""

from __future__ import annotations

import argparse
import hashlib
import json
from pathlib import Path

import numpy as np
import onnx
import torch
from torch import nn

from export.hier import HierModel
from export.model import INPUT_NAMES, OUTPUT_NAMES, STATE_NAMES, InContextModel, ModelConfig
from rfm_sql.runtime import contract as model_contract
from rfm_sql.runtime.model import Model, stage_paths

OPSET = 17


class ContextStage(nn.Module):
    def __init__(self, model: InContextModel):
        super().__init__()
        self.model = model

    def forward(self, x_ctx, m_ctx, y_ctx, fmask, fdesc, is_regression):
        return self.model.context_states(x_ctx, m_ctx, y_ctx, fmask, fdesc, is_regression)


class QueryStage(nn.Module):
    def __init__(self, model: InContextModel):
        super().__init__()
        self.model = model

    def forward(self, x_qry, m_qry, fmask, fdesc, is_regression, *states):
        return self.model.query_logits(states, x_qry, m_qry, fmask, fdesc, is_regression)


class HierContextStage(nn.Module):
    def __init__(self, model: HierModel):
        super().__init__()
        self.model = model

    def forward(self, x_ctx, m_ctx, y_ctx, fmask, fdesc, is_regression, nb_x, nb_m, nb_r, nb_cmask, nb_desc):
        return self.model.context_states(
            x_ctx, m_ctx, y_ctx, fmask, fdesc, is_regression, nb_x, nb_m, nb_r, nb_cmask, nb_desc
        )


class HierQueryStage(nn.Module):
    def __init__(self, model: HierModel):
        super().__init__()
        self.model = model

    def forward(self, x_qry, m_qry, fmask, fdesc, is_regression, nb_x, nb_m, nb_r, nb_cmask, nb_desc, *states):
        return self.model.query_logits(states, x_qry, m_qry, fmask, fdesc, is_regression, nb_x, nb_m, nb_r, nb_cmask, nb_desc)


HIER_STATE_NAMES = [*STATE_NAMES, "ctx_task"]  # the hierarchical model's: also the task summary


def contract(cfg: ModelConfig, stage: str, extra: dict, neighbours: bool = False) -> dict:
    states = HIER_STATE_NAMES if neighbours else STATE_NAMES
    return {
        **model_contract.metadata(stage, neighbours),
        "rfm_sql.outputs": json.dumps(states if stage == "context" else OUTPUT_NAMES),
        "rfm_sql.states": json.dumps(states),
        "rfm_sql.config": json.dumps(cfg.to_dict()),
        **{f"rfm_sql.{k}": str(v) for k, v in extra.items()},
    }


def example_inputs(c: int = 48, q: int = 16, seed: int = 0, f: int = model_contract.F_MAX, used: int = 40) -> tuple:
    """Inputs in contract.INPUTS order: `used` of `f` feature slots in use."""
    g = torch.Generator().manual_seed(seed)
    return (
        torch.rand(1, c, f, generator=g) * 2 - 1,
        (torch.rand(1, c, f, generator=g) < 0.1).float(),
        torch.randint(0, 2, (1, c), generator=g).float(),
        torch.rand(1, q, f, generator=g) * 2 - 1,
        (torch.rand(1, q, f, generator=g) < 0.1).float(),
        (torch.arange(f) < used).float().unsqueeze(0),
        torch.randn(1, f, model_contract.N_DESC, generator=g),
        torch.zeros(1),
    )


def neighbour_inputs(c: int = 48, q: int = 16, seed: int = 0) -> tuple:
    """Neighbour inputs in contract.NB_INPUTS order: random cells, about 60% of the row slots present."""
    g = torch.Generator().manual_seed(seed)
    shape = (model_contract.T_NB, model_contract.K_NB)
    cells = lambda n: torch.rand(1, n, *shape, model_contract.G_NB, generator=g) * 2 - 1  # noqa: E731
    missing = lambda n: (torch.rand(1, n, *shape, model_contract.G_NB, generator=g) < 0.1).float()  # noqa: E731
    rows = lambda n: (torch.rand(1, n, *shape, generator=g) < 0.6).float()  # noqa: E731
    cmask = torch.ones(1, model_contract.T_NB, model_contract.G_NB)
    desc = torch.randn(1, model_contract.T_NB, model_contract.G_NB, model_contract.N_NB_DESC, generator=g)
    return (cells(c), missing(c), rows(c), cells(q), missing(q), rows(q), cmask, desc)


def export(model: InContextModel | HierModel, out: Path, extra: dict) -> tuple[Path, Path]:
    """Write the model's context and query stages next to `out` (see runtime.model.stage_paths)."""
    if isinstance(model, HierModel):
        return export_hier(model, out, extra)
    model.eval()
    context_path, query_path = stage_paths(out)
    context_path.parent.mkdir(parents=True, exist_ok=True)
    x_ctx, m_ctx, y_ctx, x_qry, m_qry, fmask, fdesc, is_regression = example_inputs()
    with torch.no_grad():
        states = model.context_states(x_ctx, m_ctx, y_ctx, fmask, fdesc, is_regression)
    state_axes = {"ctx_k": {3: "C"}, "ctx_v": {3: "C"}, "ctx_z": {1: "C", 2: "F"}}
    shared = {"fmask": {1: "F"}, "fdesc": {1: "F"}}
    extra = {**extra, "export_id": weights_id(model)}
    _export(
        ContextStage(model),
        (x_ctx, m_ctx, y_ctx, fmask, fdesc, is_regression),
        context_path,
        list(model_contract.CONTEXT_INPUTS),
        STATE_NAMES,
        {"x_ctx": {1: "C", 2: "F"}, "m_ctx": {1: "C", 2: "F"}, "y_ctx": {1: "C"}, **shared, **state_axes},
        contract(model.cfg, "context", extra),
    )
    _export(
        QueryStage(model),
        (x_qry, m_qry, fmask, fdesc, is_regression, *states),
        query_path,
        list(model_contract.QUERY_INPUTS) + STATE_NAMES,
        OUTPUT_NAMES,
        {"x_qry": {1: "Q", 2: "F"}, "m_qry": {1: "Q", 2: "F"}, **shared, **state_axes}
        | {name: {1: "Q"} for name in OUTPUT_NAMES},
        contract(model.cfg, "query", extra),
    )
    return context_path, query_path


def export_hier(model: HierModel, out: Path, extra: dict) -> tuple[Path, Path]:
    """The hierarchical model's two stages: each also takes its rows' neighbour inputs (and both the column
    mask and descriptors); the context stage also returns the task summary the query rows' branch reads."""
    model.eval()
    context_path, query_path = stage_paths(out)
    context_path.parent.mkdir(parents=True, exist_ok=True)
    x_ctx, m_ctx, y_ctx, x_qry, m_qry, fmask, fdesc, is_regression = example_inputs()
    nb_x_ctx, nb_m_ctx, nb_r_ctx, nb_x_qry, nb_m_qry, nb_r_qry, nb_cmask, nb_desc = neighbour_inputs()
    nb_ctx = (nb_x_ctx, nb_m_ctx, nb_r_ctx, nb_cmask, nb_desc)
    with torch.no_grad():
        states = model.context_states(x_ctx, m_ctx, y_ctx, fmask, fdesc, is_regression, *nb_ctx)
    state_axes = {"ctx_k": {3: "C"}, "ctx_v": {3: "C"}, "ctx_z": {1: "C", 2: "F"}}
    shared = {"fmask": {1: "F"}, "fdesc": {1: "F"}}
    extra = {**extra, "export_id": weights_id(model)}
    _export(
        HierContextStage(model),
        (x_ctx, m_ctx, y_ctx, fmask, fdesc, is_regression, *nb_ctx),
        context_path,
        model_contract.stage_inputs("context", neighbours=True),
        HIER_STATE_NAMES,
        {"x_ctx": {1: "C", 2: "F"}, "m_ctx": {1: "C", 2: "F"}, "y_ctx": {1: "C"}, **shared, **state_axes}
        | {name: {1: "C"} for name in ("nb_x_ctx", "nb_m_ctx", "nb_r_ctx")},
        contract(model.cfg, "context", extra, neighbours=True),
    )
    _export(
        HierQueryStage(model),
        (x_qry, m_qry, fmask, fdesc, is_regression, nb_x_qry, nb_m_qry, nb_r_qry, nb_cmask, nb_desc, *states),
        query_path,
        model_contract.stage_inputs("query", neighbours=True) + HIER_STATE_NAMES,
        OUTPUT_NAMES,
        {"x_qry": {1: "Q", 2: "F"}, "m_qry": {1: "Q", 2: "F"}, **shared, **state_axes}
        | {name: {1: "Q"} for name in ("nb_x_qry", "nb_m_qry", "nb_r_qry", *OUTPUT_NAMES)},
        contract(model.cfg, "query", extra, neighbours=True),
    )
    return context_path, query_path


def export_full(model: InContextModel, out: Path) -> None:
    """The network as one graph over the padded feature axis (the runtime loads the two stages instead): what
    benchmarks/model_speed.py and the parity tests compare the stages with."""
    model.eval()
    dynamic = {"x_ctx": {1: "C"}, "m_ctx": {1: "C"}, "y_ctx": {1: "C"}, "x_qry": {1: "Q"}, "m_qry": {1: "Q"}}
    dynamic |= {name: {1: "Q"} for name in OUTPUT_NAMES}
    _export(model, example_inputs(), out, INPUT_NAMES, OUTPUT_NAMES, dynamic, {"rfm_sql.stage": "full"})


def _export(module, inputs, out: Path, names, outputs, dynamic, metadata: dict) -> None:
    torch.onnx.export(
        module,
        inputs,
        str(out),
        input_names=names,
        output_names=outputs,
        dynamic_axes=dynamic,
        opset_version=OPSET,
        dynamo=False,
    )
    proto = onnx.load(str(out))
    for key, value in metadata.items():
        entry = proto.metadata_props.add()
        entry.key, entry.value = key, value
    onnx.save(proto, str(out))


def weights_id(model: nn.Module) -> str:
    """The same for both stages of one export, different for other weights."""
    h = hashlib.blake2b(digest_size=8)
    for name, tensor in model.state_dict().items():
        h.update(name.encode())
        h.update(tensor.detach().cpu().numpy().tobytes())
    return h.hexdigest()


def load_checkpoint(path: Path) -> tuple[InContextModel | HierModel, dict]:
    state = torch.load(path, weights_only=False)
    cfg = ModelConfig(**state["config"])
    model = HierModel(cfg) if state.get("arch") == "hier" else InContextModel(cfg)
    model.load_state_dict(state["ema"])
    return model, {
        "steps": state["step"],
        "episodes_seen": state["seen"],
        "train_minutes": round(state["elapsed"] / 60, 1),
    }


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--ckpt", default="export/checkpoints/last.pt")
    ap.add_argument("--out", default="rfm_sql/models/rfm-small.onnx")
    args = ap.parse_args(argv)
    model, info = load_checkpoint(Path(args.ckpt))
    for path in export(model, Path(args.out), info):
        print(f"wrote {path} ({path.stat().st_size / 1e6:.1f} MB): {info}")
    inputs = example_inputs(200, 50, seed=1)
    if isinstance(model, HierModel):
        inputs = (*inputs, *neighbour_inputs(200, 50, seed=1))
    with torch.no_grad():
        ref = [t.numpy() for t in model(*inputs)]
    got = Model(args.out).run([t.numpy() for t in inputs])
    diff = max(float(np.abs(a - b).max()) for a, b in zip(ref, got, strict=True))
    print(f"max |torch - onnxruntime| = {diff:.2e}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
