"""examples/quickstart.ipynb runs top to bottom in a real Jupyter kernel."""

import os
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "examples" / "quickstart.ipynb"


def test_quickstart_notebook_runs(monkeypatch):
    nbformat = pytest.importorskip("nbformat", reason="needs nbformat: pip install 'rfm-sql[test]'")
    nbclient = pytest.importorskip("nbclient", reason="needs nbclient: pip install 'rfm-sql[test]'")
    pytest.importorskip("ipykernel", reason="needs ipykernel: pip install 'rfm-sql[test]'")
    # the kernel is a new process: let it import this checkout's rfm_sql
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH")) if p))

    notebook = nbformat.read(NOTEBOOK, as_version=4)
    assert not any(c.get("outputs") for c in notebook.cells if c.cell_type == "code"), "commit it without outputs"
    start = time.perf_counter()
    nbclient.NotebookClient(
        notebook, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(ROOT)}}
    ).execute()
    elapsed = time.perf_counter() - start

    def text(i):
        outputs = notebook.cells[i].outputs
        return "".join(o.get("text", "") + str(o.get("data", {}).get("text/plain", "")) for o in outputs)

    code = [i for i, c in enumerate(notebook.cells) if c.cell_type == "code"]
    assert "link: user_id -> users.user_id" in text(code[1])
    assert "users scored" in text(code[2]) and "True_PROB" in text(code[2])
    assert "auroc" in text(code[3])
    assert "p_churn" in text(code[4])
    assert text(code[5]) and text(code[6])  # pandas / polars, or the line saying how to get them
    assert elapsed < 60, f"the quickstart took {elapsed:.0f} s; keep it quick"
