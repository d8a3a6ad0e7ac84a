"""Nothing in the runtime or the pre-training code names an evaluation database or task: the same code
serves any schema (the benchmark's table of published numbers is the one place that names them)."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WORDS = re.compile(r"driver|qualifying|positionOrder|movielens|\bratings\b|statusId|\bf1\b", re.IGNORECASE)
EXCLUSION = re.compile(r"EVALUATION|Never f1")  # the lines that keep the evaluation databases out


def test_runtime_and_training_code_never_name_evaluation_data():
    files = [p for p in (ROOT / "rfm_sql").rglob("*.py") if p.name != "bench.py"]
    files += list((ROOT / "export").glob("*.py"))
    offenders = [
        f"{p.relative_to(ROOT)}:{i}"
        for p in files
        for i, line in enumerate(p.read_text().splitlines(), 1)
        if WORDS.search(line) and not EXCLUSION.search(line)
    ]
    assert not offenders, offenders


def test_pretraining_never_opens_evaluation_databases():
    source = (ROOT / "export" / "episodes.py").read_text()
    assert 'EVALUATION = {"f1", "movielens-small"}' in source
    assert '("nycflights13", "mimic3-demo")' in source
