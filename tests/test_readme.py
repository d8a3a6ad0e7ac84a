"""The README's PQL examples run on the demo database."""

import re
from pathlib import Path

import pytest

import rfm_sql

README = (Path(__file__).resolve().parents[1] / "README.md").read_text()
EXAMPLES = sorted({m for m in re.findall(r"`(PREDICT [^`]+)`", README) if "..." not in m})


@pytest.fixture(scope="module")
def rfm():
    import duckdb

    from rfm_sql import demo

    con = duckdb.connect()
    demo.build(con, n_users=200, n_items=30)
    return rfm_sql.attach(con)


def test_readme_has_examples():
    assert len(EXAMPLES) >= 15


@pytest.mark.parametrize("query", EXAMPLES)
def test_readme_example_runs(rfm, query):
    rfm.labels(query, anchor_time="2024-06-01")


def test_readme_python_block_runs(tmp_path, monkeypatch):
    import duckdb

    from rfm_sql import demo

    block = README.split("```python\n", 1)[1].split("```", 1)[0]
    with duckdb.connect(str(tmp_path / "shop.duckdb")) as con:
        demo.build(con, n_users=300, n_items=30)
    monkeypatch.chdir(tmp_path)
    exec(compile(block, "README.md", "exec"), {})
