"""PyTorch and ONNX Runtime agree on the exported network (needs the [train] extra)."""

import numpy as np
import pytest

torch = pytest.importorskip("torch")
pytest.importorskip("onnx")


def test_torch_and_onnxruntime_agree(tmp_path):
    from export.export_onnx import example_inputs, export
    from export.model import InContextModel, ModelConfig
    from rfm_sql.runtime.model import Model

    torch.manual_seed(0)
    model = InContextModel(ModelConfig(n_layers=2))
    path = tmp_path / "m.onnx"
    export(model, path, {"steps": 0})
    runtime = Model(path)
    worst = 0.0
    for seed, (c, q) in enumerate([(30, 5), (200, 64), (7, 1)]):
        inputs = example_inputs(c, q, seed=seed)
        with torch.no_grad():
            ref = [t.numpy() for t in model(*inputs)]
        got = runtime.run([t.numpy() for t in inputs])
        worst = max(worst, *(float(np.abs(a - b).max()) for a, b in zip(ref, got, strict=True)))
    print(f"max |torch - onnxruntime| = {worst:.2e}")
    assert worst < 1e-4


def test_training_losses_are_finite_on_prior_episodes():
    from export.model import InContextModel, ModelConfig
    from export.train import loss_fn, synthetic_batch

    rng = np.random.default_rng(0)
    model = InContextModel(ModelConfig(n_layers=1))
    for _ in range(4):
        loss = loss_fn(model, synthetic_batch(rng))
        assert torch.isfinite(loss) and loss.item() > 0
