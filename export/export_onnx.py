"""Checkpoint -> rfm_sql/models/<name>.onnx, with the model contract in the file's metadata.

python -m export.export_onnx --ckpt export/checkpoints/last.pt --out rfm_sql/models/rfm-small.onnx
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np
import onnx
import torch

from export.model import INPUT_NAMES, OUTPUT_NAMES, InContextModel, ModelConfig
from rfm_sql.runtime import contract as model_contract
from rfm_sql.runtime.model import Model


def contract(cfg: ModelConfig, extra: dict) -> dict:
    return {
        **model_contract.metadata(),
        "rfm_sql.outputs": json.dumps(OUTPUT_NAMES),
        "rfm_sql.config": json.dumps(cfg.to_dict()),
        **{f"rfm_sql.{k}": str(v) for k, v in extra.items()},
    }


def example_inputs(c: int = 48, q: int = 16, seed: int = 0) -> tuple:
    g = torch.Generator().manual_seed(seed)
    f = model_contract.F_MAX
    return (
        torch.rand(1, c, f, generator=g) * 2 - 1,
        (torch.rand(1, c, f, generator=g) < 0.1).float(),
        torch.randint(0, 2, (1, c), generator=g).float(),
        torch.rand(1, q, f, generator=g) * 2 - 1,
        (torch.rand(1, q, f, generator=g) < 0.1).float(),
        (torch.arange(f) < 40).float().unsqueeze(0),
        torch.randn(1, f, model_contract.N_DESC, generator=g),
        torch.zeros(1),
    )


def export(model: InContextModel, out: Path, extra: dict) -> None:
    model.eval()
    out.parent.mkdir(parents=True, exist_ok=True)
    dynamic = {
        "x_ctx": {1: "C"},
        "m_ctx": {1: "C"},
        "y_ctx": {1: "C"},
        "x_qry": {1: "Q"},
        "m_qry": {1: "Q"},
        "class_logits": {1: "Q"},
        "bin_logits": {1: "Q"},
    }
    torch.onnx.export(
        model,
        example_inputs(),
        str(out),
        input_names=INPUT_NAMES,
        output_names=OUTPUT_NAMES,
        dynamic_axes=dynamic,
        opset_version=17,
        dynamo=False,
    )
    proto = onnx.load(str(out))
    for key, value in contract(model.cfg, extra).items():
        entry = proto.metadata_props.add()
        entry.key, entry.value = key, value
    onnx.save(proto, str(out))


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
    export(model, Path(args.out), info)
    print(f"wrote {args.out} ({Path(args.out).stat().st_size / 1e6:.1f} MB): {info}")
    inputs = example_inputs(200, 50, seed=1)
    with torch.no_grad():
        ref = [t.numpy() for t in model(*inputs)]
    got = Model(args.out).run([t.numpy() for t in inputs])
    diff = max(float(np.abs(a - b).max()) for a, b in zip(ref, got, strict=True))
    print(f"max |torch - onnxruntime| = {diff:.2e}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
