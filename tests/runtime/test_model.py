import dataclasses
import json

import numpy as np
import pytest

from rfm_sql.errors import ModelError
from rfm_sql.runtime import contract, encode
from rfm_sql.runtime import model as model_module
from rfm_sql.runtime.contract import regression_median
from rfm_sql.runtime.model import Model, default_model_path, load_default, score, score_chunked, stage_paths


def test_shipped_model_loads_with_its_contract():
    model = load_default()
    info = model.info
    assert info["contract_version"] == str(contract.VERSION) and int(info["f_max"]) == contract.F_MAX
    assert info["stage"] == "query" and json.loads(info["states"]) == model.states.names
    for path in stage_paths(default_model_path()):
        assert path.stat().st_size < 50 * 2**20


def test_stage_paths_name_both_files_from_any_of_them(tmp_path):
    pair = (tmp_path / "m.context.onnx", tmp_path / "m.query.onnx")
    assert stage_paths(tmp_path / "m.onnx") == stage_paths(pair[0]) == stage_paths(pair[1]) == pair


def _episode(kind="classification", n_ctx=60, n_qry=7, seed=0):
    rng = np.random.default_rng(seed)
    ctx = {"a": rng.normal(size=n_ctx), "b": rng.normal(size=n_ctx), "c": rng.choice(["x", "y", "z"], n_ctx)}
    qry = {"a": rng.normal(size=n_qry), "b": rng.normal(size=n_qry), "c": rng.choice(["x", "y", "w"], n_qry)}
    y = ctx["a"] > 0 if kind == "classification" else ctx["a"] * 3
    return encode.encode(ctx, qry, {"a": "numeric", "b": "numeric", "c": "categorical"}, y, kind)


def test_model_runs_on_an_episode():
    probs = load_default().predict(_episode())
    assert probs.shape == (7, 2) and np.allclose(probs.sum(1), 1, atol=1e-5)
    dist = load_default().predict(_episode("regression"))
    assert dist.shape == (7, contract.N_BINS) and np.isfinite(regression_median(dist)).all()


def _random_inputs(rng, c, q, used):
    f = contract.F_MAX
    fmask = np.zeros((1, f), np.float32)
    fmask[0, used] = 1
    x = lambda n: ((rng.random((1, n, f)) * 2 - 1) * fmask[:, None]).astype(np.float32)  # noqa: E731
    miss = lambda n: ((rng.random((1, n, f)) < 0.1) * fmask[:, None]).astype(np.float32)  # noqa: E731
    y = rng.integers(0, 3, (1, c)).astype(np.float32)
    desc = (rng.normal(size=(1, f, contract.N_DESC)) * fmask[..., None]).astype(np.float32)
    return [x(c), miss(c), y, x(q), miss(q), fmask, desc, np.zeros(1, np.float32)]


def test_trimmed_feature_slots_give_the_padded_predictions():
    """Slots no example uses are left out of the network's inputs: the same probabilities as all 128."""
    rng = np.random.default_rng(1)
    model = load_default()
    worst = 0.0
    for c, q, used in [(200, 30, np.arange(23)), (50, 9, rng.choice(contract.F_MAX, 60, replace=False)), (30, 4, [5])]:
        for regression in (0.0, 1.0):
            inputs = _random_inputs(rng, c, q, used)
            inputs[-1][:] = regression
            trimmed, padded = model.run(inputs), model.run(inputs, trim=False)
            for a, b in zip(trimmed, padded, strict=True):
                worst = max(worst, float(np.abs(_softmax(a) - _softmax(b)).max()))
    print(f"max |trimmed - padded| probability = {worst:.2e}")
    assert worst <= 1e-4


def _softmax(z):
    e = np.exp(z - z.max(-1, keepdims=True))
    return e / e.sum(-1, keepdims=True)


def test_context_states_are_computed_once_per_context_and_reused_by_every_chunk():
    model = Model(default_model_path())
    ep = _episode(n_ctx=300, n_qry=1000)
    whole = score(model, ep)
    assert model.states.computed == 1
    chunked = score_chunked(model, ep, 128, 2)
    assert model.states.computed == 1  # eight chunks, two query sessions, one context stage run
    assert np.array_equal(whole[0], chunked[0]) and np.abs(whole[1] - chunked[1]).max() < 1e-6
    other = dataclasses.replace(ep, y_ctx=1 - ep.y_ctx)  # another context: its own states
    assert not np.allclose(model.predict(other), model.predict(ep))
    assert model.states.computed == 2


def test_the_context_stage_returns_its_memory_and_the_query_stage_keeps_its_arena(monkeypatch):
    """The context stage runs once per context (GBs for a large one): its working memory must not stay held in
    an arena beside the query chunks' (benchmarks/MODEL_MEMORY.md); the query stage reuses its arena per chunk."""
    model = Model(default_model_path())
    assert not model.states.session.get_session_options().enable_cpu_mem_arena
    assert model.session.get_session_options().enable_cpu_mem_arena
    ep = _episode(n_ctx=300, n_qry=50)
    monkeypatch.setattr(model_module, "CONTEXT_ARENA", True)  # the old setting: the same predictions
    with_arena = Model(default_model_path())
    assert with_arena.states.session.get_session_options().enable_cpu_mem_arena
    assert np.array_equal(with_arena.predict(ep), model.predict(ep))


def test_missing_and_foreign_files_are_refused(tmp_path):
    with pytest.raises(ModelError, match="does not exist"):
        Model(tmp_path / "nope.onnx")
    for path in stage_paths(tmp_path / "bad.onnx"):
        path.write_bytes(b"not a model")
    with pytest.raises(ModelError, match="Cannot load"):
        Model(tmp_path / "bad.onnx")


def _copy(tmp_path, name, change=None, stage_from=None):
    """The shipped model's two files as tmp_path/<name>.*.onnx, `change` {key: value} applied to the context
    file's metadata, or the context file taken from the `stage_from` stage's file."""
    onnx = pytest.importorskip("onnx")
    src_ctx, src_qry = stage_paths(default_model_path())
    dst_ctx, dst_qry = stage_paths(tmp_path / f"{name}.onnx")
    proto = onnx.load(str(src_qry if stage_from == "query" else src_ctx))
    for prop in proto.metadata_props:
        if change and prop.key in change:
            prop.value = change[prop.key]
    onnx.save(proto, str(dst_ctx))
    dst_qry.write_bytes(src_qry.read_bytes())
    return tmp_path / f"{name}.onnx"


def test_contract_mismatch_is_refused(tmp_path):
    with pytest.raises(ModelError, match="f_max is 64, this rfm_sql needs 128"):
        Model(_copy(tmp_path, "f64", {"rfm_sql.f_max": "64"}))
    with pytest.raises(ModelError, match=f"contract_version is 1, this rfm_sql needs {contract.VERSION}"):
        Model(_copy(tmp_path, "v1", {"rfm_sql.contract_version": "1"}))
    with pytest.raises(ModelError, match="is the query stage of a model where its context stage belongs"):
        Model(_copy(tmp_path, "swapped", stage_from="query"))
    with pytest.raises(ModelError, match="come from different exports"):
        Model(_copy(tmp_path, "mixed", {"rfm_sql.export_id": "0123456789abcdef"}))


def test_a_single_file_model_of_contract_1_is_refused_clearly(tmp_path):
    """rfm_sql 0.x shipped one file without a stage: named as either stage, it is refused for its version."""
    onnx = pytest.importorskip("onnx")
    proto = onnx.load(str(stage_paths(default_model_path())[0]))
    keep = {p.key: p.value for p in proto.metadata_props if p.key != "rfm_sql.stage"}
    del proto.metadata_props[:]
    for key, value in {**keep, "rfm_sql.contract_version": "1"}.items():
        entry = proto.metadata_props.add()
        entry.key, entry.value = key, value
    for path in stage_paths(tmp_path / "old.onnx"):
        onnx.save(proto, str(path))
    with pytest.raises(ModelError, match="another version of the model contract .contract_version is 1"):
        Model(tmp_path / "old.onnx")


def test_median_of_a_bin_distribution():
    dist = np.zeros((1, contract.N_BINS))
    dist[0, 10] = 1.0
    edges = contract.bin_edges()
    assert abs(regression_median(dist)[0] - (edges[10] + edges[11]) / 2) < 1e-9


def test_cached_context_states_are_bounded(monkeypatch):
    from rfm_sql.runtime import model as model_module

    model = Model(default_model_path())
    for seed in range(4):
        model.predict(_episode(n_ctx=100, seed=seed))
    assert len(model.states._kept) == 4
    monkeypatch.setattr(model_module, "STATES_BYTES_KEPT", 1)  # over the bound: only the newest stays
    model.predict(_episode(n_ctx=100, seed=9))
    assert len(model.states._kept) == 1
    monkeypatch.setattr(model_module, "CONTEXTS_KEPT", 2)
    monkeypatch.setattr(model_module, "STATES_BYTES_KEPT", 1 << 30)
    for seed in range(4):
        model.predict(_episode(n_ctx=100, seed=seed))
    assert len(model.states._kept) == 2
