"""PyTorch and ONNX Runtime agree on the exported network; the two stages the runtime runs (unused feature
slots trimmed, the context's states computed once, query rows in chunks) agree with the network as one graph
over all padded slots; the shipped files are the checkpoint's weights (needs the [train] extra)."""

from pathlib import Path

import numpy as np
import pytest

torch = pytest.importorskip("torch")
pytest.importorskip("onnx")
ort = pytest.importorskip("onnxruntime")

CHECKPOINT = Path(__file__).resolve().parents[1] / "export" / "checkpoints" / "last.pt"


def test_torch_and_onnxruntime_agree(tmp_path):
    from export.export_onnx import example_inputs, export
    from export.model import InContextModel, ModelConfig
    from rfm_sql.runtime.model import Model

    torch.manual_seed(0)
    model = InContextModel(ModelConfig(n_layers=2))
    paths = export(model, tmp_path / "m.onnx", {"steps": 0})
    assert [p.name for p in paths] == ["m.context.onnx", "m.query.onnx"]
    runtime = Model(tmp_path / "m.onnx")
    worst = 0.0
    for seed, (c, q, used) in enumerate([(30, 5, 40), (200, 64, 128), (7, 1, 3)]):
        inputs = example_inputs(c, q, seed=seed, used=used)
        with torch.no_grad():
            ref = [t.numpy() for t in model(*inputs)]
        for trim in (True, False):
            got = runtime.run([t.numpy() for t in inputs], trim=trim)
            worst = max(worst, *(float(np.abs(a - b).max()) for a, b in zip(ref, got, strict=True)))
    print(f"max |torch - onnxruntime| = {worst:.2e}")
    assert worst < 1e-4


def test_the_two_stages_compose_to_forward():
    from export.export_onnx import example_inputs
    from export.model import InContextModel, ModelConfig

    torch.manual_seed(1)
    model = InContextModel(ModelConfig(n_layers=3)).eval()
    x_ctx, m_ctx, y_ctx, x_qry, m_qry, fmask, fdesc, reg = example_inputs(40, 12, seed=3)
    with torch.no_grad():
        whole = model(x_ctx, m_ctx, y_ctx, x_qry, m_qry, fmask, fdesc, reg)
        states = model.context_states(x_ctx, m_ctx, y_ctx, fmask, fdesc, reg)
        parts = [
            model.query_logits(states, x_qry[:, s], m_qry[:, s], fmask, fdesc, reg) for s in (slice(0, 5), slice(5, 12))
        ]
    for i in range(2):
        assert torch.allclose(whole[i], torch.cat([p[i] for p in parts], 1), atol=1e-5)


@pytest.fixture(scope="module")
def full_graph(tmp_path_factory):
    """The checkpoint's network as one ONNX graph over all F_MAX padded slots (the pre-split form)."""
    from export.export_onnx import export_full, load_checkpoint

    if not CHECKPOINT.exists():
        pytest.skip("export/checkpoints/last.pt is missing")
    model, _ = load_checkpoint(CHECKPOINT)
    path = tmp_path_factory.mktemp("full") / "full.onnx"
    export_full(model, path)
    session = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    return model, session


def _full(session, inputs):
    from rfm_sql.runtime import contract

    feed = {n: np.ascontiguousarray(x, dtype=np.float32) for n, x in zip(contract.INPUTS, inputs, strict=True)}
    return session.run(None, feed)


def _softmax(z):
    e = np.exp(z - z.max(-1, keepdims=True))
    return e / e.sum(-1, keepdims=True)


def test_shipped_stages_equal_the_full_graph_of_the_checkpoint_on_random_episodes(full_graph):
    from export.export_onnx import example_inputs
    from rfm_sql.runtime.model import load_default

    model, session = full_graph
    shipped = load_default()
    worst_torch = worst_full = 0.0
    for seed, (c, q, used) in enumerate([(300, 700, 23), (1000, 100, 60), (20, 3, 128)]):
        inputs = [t.numpy() for t in example_inputs(c, q, seed=seed, used=used)]
        inputs[-1][:] = seed % 2
        full = _full(session, inputs)
        with torch.no_grad():
            ref = [t.numpy() for t in model(*(torch.from_numpy(x) for x in inputs))]
        chunks = [
            shipped.run([*inputs[:3], inputs[3][:, s : s + 256], inputs[4][:, s : s + 256], *inputs[5:]])
            for s in range(0, q, 256)
        ]
        got = [np.concatenate([p[i] for p in chunks], 1) for i in range(2)]
        for a, b, r in zip(full, got, ref, strict=True):
            worst_full = max(worst_full, float(np.abs(_softmax(a) - _softmax(b)).max()))
            worst_torch = max(worst_torch, float(np.abs(r - b).max()))
    print(
        f"max |full graph - two stages| probability = {worst_full:.2e}; max |torch - shipped| logit = {worst_torch:.2e}"
    )
    assert worst_full <= 1e-4 and worst_torch <= 1e-4


def test_shipped_stages_equal_the_full_graph_on_a_prepared_demo_query(full_graph):
    import duckdb

    import rfm_sql
    from rfm_sql import demo
    from rfm_sql.runtime import anchors, decoding, predict
    from rfm_sql.runtime.model import episode_inputs, score_chunked
    from rfm_sql.runtime.options import RunOptions

    con = duckdb.connect()
    demo.build(con, n_users=1500, n_items=60)
    rfm = rfm_sql.attach(con)
    _, session = full_graph
    worst = 0.0
    for query in (
        "PREDICT COUNT(orders.*, 0, 30, days) = 0 FOR EACH users.user_id",
        "PREDICT SUM(orders.amount, 0, 30, days) FOR EACH users.user_id",
    ):
        cur, vq = con.cursor(), rfm.resolve(query)
        anchor = anchors.resolve_anchor(cur, vq, rfm.graph)
        handle = predict.prepared_handle(cur, vq, rfm.graph, anchor, RunOptions(), rfm.model, rfm.handles)
        prepared = rfm.handles.get(handle).prepared
        episode = prepared.encoder.episode(prepared.context_columns)  # the context rows as queries: 1000+ rows
        assert episode.fmask.sum() < len(episode.fmask)  # slots are trimmed
        inputs = episode_inputs(episode)
        class_logits, bin_logits = _full(session, inputs)
        full = (  # the runtime reads class probabilities at the true rates (a balanced context)
            _softmax(bin_logits[0])
            if episode.is_regression
            else decoding.classification(
                _softmax(class_logits[0, :, : max(2, len(episode.target.classes))]), episode.target
            )
        )
        before = rfm.model.states.computed
        _, probs = score_chunked(rfm.model, episode, 200, 2)
        two_stage = rfm.model.predict(episode)
        assert rfm.model.states.computed - before <= 1  # the handle's context stage ran at most once
        worst = max(worst, float(np.abs(full - two_stage).max()))
        if not episode.is_regression:
            worst = max(worst, float(np.abs(full - probs).max()))
    print(f"demo: max |full graph - two stages| probability = {worst:.2e}")
    assert worst <= 1e-4


def test_training_losses_are_finite_on_prior_episodes():
    from export.model import InContextModel, ModelConfig
    from export.train import loss_fn, synthetic_batch

    rng = np.random.default_rng(0)
    model = InContextModel(ModelConfig(n_layers=1))
    for _ in range(4):
        loss = loss_fn(model, synthetic_batch(rng))
        assert torch.isfinite(loss) and loss.item() > 0


def test_the_synthetic_stream_draws_contexts_up_to_its_cap_inline_and_in_workers():
    from export.train import SyntheticStream

    for workers in (0, 1):
        stream = SyntheticStream(np.random.default_rng(1), workers, max_context=80)
        try:
            sizes = [stream.next()["x_ctx"].shape[0] for _ in range(6)]
        finally:
            stream.close()
        assert all(64 <= n < 80 for n in sizes), sizes


def test_wide_episodes_add_columns_and_leave_the_default_stream_as_it_was():
    from export.prior import sample_episode
    from export.train import synthetic_batch
    from rfm_sql.runtime.contract import F_MAX

    # the same seed gives the same narrow episode whether or not the option exists (wide_share 0 draws nothing)
    a, b = synthetic_batch(np.random.default_rng(5)), synthetic_batch(np.random.default_rng(5), wide_share=0.0)
    assert all(np.array_equal(a[k], b[k], equal_nan=True) for k in ("x_ctx", "y_ctx", "fmask"))
    narrow = [int(sample_episode(np.random.default_rng(s), 100, 20).fmask.sum()) for s in range(12)]
    wide = [int(sample_episode(np.random.default_rng(s), 100, 20, wide=True).fmask.sum()) for s in range(12)]
    assert all(w >= n for w, n in zip(wide, narrow, strict=True)) and np.mean(wide) > np.mean(narrow) + 20
    assert max(wide) <= F_MAX
    # the label is drawn before widening: the same seed gives the same targets
    assert np.array_equal(sample_episode(np.random.default_rng(3), 100, 20).y_ctx,
                          sample_episode(np.random.default_rng(3), 100, 20, wide=True).y_ctx)  # fmt: skip


def test_a_wide_share_outside_zero_to_one_is_refused(capsys):
    from export import train

    with pytest.raises(SystemExit):
        train.main(["--wide-share", "1.5"])
    assert "between 0 and 1" in capsys.readouterr().err


def test_a_context_cap_below_the_smallest_context_is_refused(capsys):
    from export import episodes, train

    with pytest.raises(SystemExit):
        train.main(["--max-context", "50"])
    assert "give more than 64" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        episodes.main(["--max-context", "100"])
    assert "give more than 100" in capsys.readouterr().err


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


def test_the_hierarchical_models_flat_part_can_learn_slower():
    from export.hier import HierModel
    from export.model import InContextModel, ModelConfig
    from export.train import param_groups

    cfg = ModelConfig(n_layers=1)
    hier = HierModel(cfg)
    flat, rest = param_groups(hier, 0.2)
    assert flat["scale"] == 0.2 and rest["scale"] == 1.0
    assert len(flat["params"]) == len(list(hier.flat.parameters()))
    assert len(flat["params"]) + len(rest["params"]) == len(list(hier.parameters()))
    (only,) = param_groups(InContextModel(cfg), 0.2)
    assert only["scale"] == 1.0
    (branch,) = param_groups(hier, 0.0)  # frozen: no group, and no gradients, for the flat part
    assert len(branch["params"]) == len(rest["params"])
    assert not any(p.requires_grad for p in hier.flat.parameters())


def test_a_frozen_flat_part_stays_exactly_the_flat_model_while_the_branch_learns(tmp_path):
    from export.train import main

    flat_ckpt, ckpt = tmp_path / "flat.pt", tmp_path / "hier.pt"
    common = ["--episodes", str(tmp_path / "none"), "--minutes", "10", "--accum", "1", "--max-steps", "2"]
    assert main(["--ckpt", str(flat_ckpt), *common]) == 0
    common[-1] = "12"  # enough steps for an averaged (EMA) copy to drift in float32 if it were updated
    args = ["--arch", "hier", "--init-flat", str(flat_ckpt), "--flat-lr-scale", "0", "--ckpt", str(ckpt)]
    # neighbour rows in every step (random ones), so that the branch has something to learn from
    episodes = tmp_path / "episodes"
    episodes.mkdir()
    rng = np.random.default_rng(0)
    from export.train import no_neighbours, synthetic_batch

    for i in range(3):
        b = synthetic_batch(rng, max_context=100)
        nb = [t[0].numpy() for t in random_neighbours(len(b["y_ctx"]), len(b["y_qry"]), seed=i)]
        np.savez(episodes / f"{i}.npz", **b, **dict(zip(no_neighbours(b), nb, strict=True)))
    common[1] = str(episodes)
    assert main([*args, *common, "--real-share", "1"]) == 0
    flat = torch.load(flat_ckpt, weights_only=False)["ema"]
    hier = torch.load(ckpt, weights_only=False)
    for key in ("model", "ema"):
        assert all(torch.equal(hier[key][f"flat.{k}"], v) for k, v in flat.items())
    assert float(hier["model"]["nb.out.weight"].abs().max()) > 0  # the branch moved off its zero start


def test_training_stops_at_max_steps_and_resumes_from_its_checkpoint(tmp_path):
    from export.train import main

    ckpt = tmp_path / "run.pt"
    common = ["--ckpt", str(ckpt), "--episodes", str(tmp_path / "none"), "--minutes", "10", "--accum", "1"]
    assert main([*common, "--max-steps", "2"]) == 0
    assert torch.load(ckpt, weights_only=False)["step"] == 2
    assert main([*common, "--max-steps", "3"]) == 0  # resumed: one more step, not three
    state = torch.load(ckpt, weights_only=False)
    assert state["step"] == 3 and state["seen"] == 3


def test_training_on_a_named_device_with_worker_processes_checkpoints_cpu_tensors(tmp_path):
    from export.train import main, resolve_device

    ckpt = tmp_path / "run.pt"
    args = ["--ckpt", str(ckpt), "--episodes", str(tmp_path / "none"), "--minutes", "10", "--accum", "2"]
    assert main([*args, "--max-steps", "2", "--device", "auto", "--workers", "2"]) == 0
    saved = torch.load(ckpt, weights_only=False)
    assert saved["step"] == 2 and saved["seen"] == 4
    assert all(t.device.type == "cpu" for t in saved["ema"].values())  # loads on a machine without the device
    assert resolve_device("cpu").type == "cpu"
    if not torch.cuda.is_available():
        with pytest.raises(SystemExit, match="no CUDA device"):
            resolve_device("cuda")
