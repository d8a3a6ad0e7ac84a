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


def contract(cfg: ModelConfig, stage: str, extra: dict) -> dict:
    return {
        **model_contract.metadata(stage),
        "rfm_sql.outputs": json.dumps(STATE_NAMES if stage == "context" else OUTPUT_NAMES),
        "rfm_sql.states": json.dumps(STATE_NAMES),
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


def export(model: InContextModel, out: Path, extra: dict) -> tuple[Path, Path]:
    """Write the model's context and query stages next to `out` (see runtime.model.stage_paths)."""
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


def load_checkpoint(path: Path) -> tuple[InContextModel, dict]:
    state = torch.load(path, weights_only=False)
    model = InContextModel(ModelConfig(**state["config"]))
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
    with torch.no_grad():
        ref = [t.numpy() for t in model(*inputs)]
    got = Model(args.out).run([t.numpy() for t in inputs])
    diff = max(float(np.abs(a - b).max()) for a, b in zip(ref, got, strict=True))
    print(f"max |torch - onnxruntime| = {diff:.2e}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
