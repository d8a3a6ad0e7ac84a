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


def random_neighbours(c: int, q: int, seed: int = 0) -> list:
    from rfm_sql.runtime.contract import G_NB, K_NB, N_NB_DESC, T_NB

    g = torch.Generator().manual_seed(seed)
    cells = lambda n: torch.rand(1, n, T_NB, K_NB, G_NB, generator=g) * 2 - 1  # noqa: E731
    rows = lambda n: (torch.rand(1, n, T_NB, K_NB, generator=g) < 0.6).float()  # noqa: E731
    return [
        cells(c), torch.zeros(1, c, T_NB, K_NB, G_NB), rows(c),
        cells(q), torch.zeros(1, q, T_NB, K_NB, G_NB), rows(q),
        torch.ones(1, T_NB, G_NB), torch.randn(1, T_NB, G_NB, N_NB_DESC, generator=g),
    ]  # fmt: skip


def test_a_warm_started_hierarchical_model_is_the_flat_model_until_trained():
    from export.export_onnx import example_inputs
    from export.hier import HierModel
    from export.model import InContextModel, ModelConfig

    torch.manual_seed(0)
    cfg = ModelConfig(n_layers=2)
    flat = InContextModel(cfg).eval()
    hier = HierModel.from_flat(flat.state_dict(), cfg).eval()
    inputs = example_inputs(40, 9, seed=3)
    with torch.no_grad():
        a = flat(*inputs)
        b = hier(*inputs, *random_neighbours(40, 9))
    assert all(torch.equal(x, y) for x, y in zip(a, b, strict=True))
    # the branch is live: once its output layer moves, the neighbour rows change the prediction
    torch.nn.init.normal_(hier.nb.out.weight, std=0.1)
    with torch.no_grad():
        c = hier(*inputs, *random_neighbours(40, 9))
        d = hier(*inputs, *random_neighbours(40, 9, seed=1))
    assert float((c[0] - d[0]).abs().max()) > 1e-4


def test_hierarchical_training_losses_are_finite_with_and_without_neighbours():
    from export.hier import HierModel
    from export.model import ModelConfig
    from export.train import loss_fn, no_neighbours, synthetic_batch

    rng = np.random.default_rng(0)
    model = HierModel(ModelConfig(n_layers=1))
    for i in range(3):
        b = synthetic_batch(rng)
        if i:  # neighbour rows present (random), else none at all
            nb = [t[0].numpy() for t in random_neighbours(len(b["y_ctx"]), len(b["y_qry"]), seed=i)]
            b = b | dict(zip(no_neighbours(b), nb, strict=True))
        loss = loss_fn(model, b)
        loss.backward()
        assert torch.isfinite(loss) and loss.item() > 0
        assert all(torch.isfinite(p.grad).all() for p in model.parameters() if p.grad is not None)
