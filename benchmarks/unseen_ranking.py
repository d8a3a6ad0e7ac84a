"""Ranking quality on databases the shipped model never saw: the relational prior's random databases
(`export.relprior`), each with one link-prediction task (`LIST_DISTINCT(fk) RANK TOP k`) and one multilabel task
(`LIST_DISTINCT(fk) CLASSIFY`) over a foreign key of a fact table, drawn as pre-training draws them
(`export.tasks.random_pair_task`), each backtested at its drawn anchor and scored for rfm and for the pair
baselines of `rfm-sql bench` on the same candidates (popularity, popularity among targets the entity has not
linked, the entity's own history, LightGBM on the context's pairs).

    python benchmarks/unseen_ranking.py --seeds 0 40 --label NAME     # benchmarks/results/unseen_ranking_NAME.jsonl
    python benchmarks/unseen_ranking.py --report a=benchmarks/results/unseen_ranking_a.jsonl b=...  # UNSEEN_RANKING.md

The dev databases have one ranking task each (movielens' user-movie: 56 users on val): too few rows to choose
anything by. The suite stands in for the databases nobody here sees.
"""

from __future__ import annotations

import argparse
import itertools
import sys
import warnings
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))
import unseen  # noqa: E402  (benchmarks/unseen.py: its backtest records and run-against-run tables)

from export.relprior_schema import attach, random_database  # noqa: E402
from export.tasks import random_pair_task  # noqa: E402
from rfm_sql.errors import RFMError  # noqa: E402
from rfm_sql.pql.tasks import TaskType  # noqa: E402

RESULTS = Path(__file__).parent / "results"
KINDS = (TaskType.LINK_PREDICTION, TaskType.MULTILABEL)
BASELINES = ("popularity", "popularity_unseen", "entity_history", "lightgbm")
DRAWS = 40  # pair tasks drawn per database, at most, to find one of each kind


def tasks(seed: int, rfm, cur) -> list[tuple[str, object]]:
    """Up to one (pql, anchor) of each kind of KINDS, drawn from the seed's own stream (not the database's)."""
    rng = np.random.default_rng([seed, 7])
    found: dict = {}
    for _ in range(DRAWS):
        pql, anchor = random_pair_task(rng, rfm, cur)
        if pql is None:
            return []
        try:
            kind = rfm.resolve(pql).task_type
        except RFMError:
            continue
        if kind in KINDS and kind not in found:
            found[kind] = (pql, anchor)
        if len(found) == len(KINDS):
            break
    return [found[k] for k in KINDS if k in found]


def run(seeds: range, out: Path) -> None:
    with out.open("a") as f:
        for seed in seeds:
            rng = np.random.default_rng(seed)  # the database, as benchmarks/unseen.py draws it
            con, schema = random_database(rng, "small")
            rfm = attach(con, schema)
            with con.cursor() as cur:
                drawn = tasks(seed, rfm, cur)
            for pql, anchor in drawn:
                unseen.write_record(f, unseen.backtest_record(rfm, seed, pql, anchor))


def report(runs: dict[str, str]) -> str:
    """UNSEEN_RANKING.md: per run and task type, rfm's mean metric and how often it is at least each baseline's;
    then each run against the one before it, task by task."""
    loaded = {name: unseen.load(path) for name, path in runs.items()}
    lines = [
        "# Rankings on databases the model never saw",
        "",
        "Command: `python benchmarks/unseen_ranking.py --seeds 0 40 --label NAME`, then `python "
        "benchmarks/unseen_ranking.py --report " + " ".join(f"{k}={v}" for k, v in runs.items()) + "`.",
        "",
        "| run | task type | metric | tasks | rfm mean | " + " | ".join(f"rfm ≥ {b}" for b in BASELINES) + " |",
        "|---" * (5 + len(BASELINES)) + "|",
    ]
    for name, recs in loaded.items():
        for kind in (k.value for k in KINDS):
            rows = [r for r in recs.values() if r["kind"] == kind]
            if not rows:
                continue
            rfm = np.array([r["res"]["rfm"] for r in rows])
            cells = []
            for b in BASELINES:  # a multilabel task has no popularity_unseen
                scored = [(x, r["res"][b]) for x, r in zip(rfm, rows, strict=True) if b in r["res"]]
                cells.append(f"{sum(x >= base for x, base in scored)}/{len(scored)}" if scored else "–")
            lines.append(
                f"| {name} | {kind} | {rows[0]['metric']} | {len(rows)} | {rfm.mean():.4f} | "
                + " | ".join(cells)
                + " |"
            )
    for first, name in itertools.pairwise(loaded):
        lines += unseen.comparison_lines(loaded[first], loaded[name], first, name, [k.value for k in KINDS])
    return "\n".join(lines) + "\n"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seeds", nargs=2, type=int, default=[0, 40], metavar=("FIRST", "END"))
    ap.add_argument("--label", default="run", help="results/unseen_ranking_LABEL.jsonl (appended to)")
    ap.add_argument("--report", nargs="+", metavar="NAME=JSONL", help="write UNSEEN_RANKING.md from these runs instead")
    args = ap.parse_args(argv)
    if args.report:
        text = report(dict(item.split("=", 1) for item in args.report))
        (Path(__file__).parent / "UNSEEN_RANKING.md").write_text(text)
        print(text)
        return 0
    warnings.filterwarnings("ignore")  # short rankings, stale data: one line per backtest would flood the log
    run(range(*args.seeds), RESULTS / f"unseen_ranking_{args.label}.jsonl")
    return 0


if __name__ == "__main__":
    sys.exit(main())
