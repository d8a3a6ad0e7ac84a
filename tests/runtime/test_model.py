import numpy as np
import pytest

from rfm_sql.errors import ModelError
from rfm_sql.runtime import contract, encode
from rfm_sql.runtime.contract import regression_median
from rfm_sql.runtime.model import Model, default_model_path, load_default


def test_shipped_model_loads_with_its_contract():
    model = load_default()
    info = model.info
    assert info["contract_version"] == str(contract.VERSION) and int(info["f_max"]) == contract.F_MAX
    assert default_model_path().stat().st_size < 50 * 2**20


def test_model_runs_on_an_episode():
    rng = np.random.default_rng(0)
    ctx = {"a": rng.normal(size=60), "b": rng.normal(size=60)}
    qry = {"a": rng.normal(size=7), "b": rng.normal(size=7)}
    ep = encode.encode(ctx, qry, {"a": "numeric", "b": "numeric"}, ctx["a"] > 0, "classification")
    probs = load_default().predict(ep)
    assert probs.shape == (7, 2) and np.allclose(probs.sum(1), 1, atol=1e-5)
    ep = encode.encode(ctx, qry, {"a": "numeric", "b": "numeric"}, ctx["a"] * 3, "regression")
    dist = load_default().predict(ep)
    assert dist.shape == (7, contract.N_BINS) and np.isfinite(regression_median(dist)).all()


def test_missing_and_foreign_files_are_refused(tmp_path):
    with pytest.raises(ModelError, match="does not exist"):
        Model(tmp_path / "nope.onnx")
    bad = tmp_path / "bad.onnx"
    bad.write_bytes(b"not a model")
    with pytest.raises(ModelError, match="Cannot load"):
        Model(bad)


def test_contract_mismatch_is_refused(tmp_path):
    onnx = pytest.importorskip("onnx")
    proto = onnx.load(str(default_model_path()))
    for prop in proto.metadata_props:
        if prop.key == "rfm_sql.f_max":
            prop.value = "64"
    path = tmp_path / "old.onnx"
    onnx.save(proto, str(path))
    with pytest.raises(ModelError, match="f_max is 64, this rfm_sql needs 128"):
        Model(path)


def test_median_of_a_bin_distribution():
    dist = np.zeros((1, contract.N_BINS))
    dist[0, 10] = 1.0
    edges = contract.bin_edges()
    assert abs(regression_median(dist)[0] - (edges[10] + edges[11]) / 2) < 1e-9
