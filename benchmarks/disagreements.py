"""Where rfm and a baseline part ways on a pair-scored multiclass task, split by whether the entity has history.

    python benchmarks/disagreements.py                        # driver-constructor, test split
    python benchmarks/disagreements.py --task driver-constructor --split val

Runs the task's backtest as `benchmarks/quality.py` does (run mode fast), then, for each baseline of
`rfm-sql bench` (the same pairs, MODEL.md), counts the rows where its class differs from rfm's, and how often
each of the two is right there, for entities with past targets and for entities with none (their first
appearance: every history feature of their candidates is empty). Prints; writes nothing.
"""

from __future__ import annotations

import argparse
import sys
import warnings
from pathlib import Path

import duckdb
import numpy as np
import pyarrow.parquet as pq

import rfm_sql
from rfm_sql import bench_ranking
from rfm_sql.compile.candidates import HIST_ALL
from rfm_sql.compile.sqlutil import ANCHOR, ENTITY
from rfm_sql.runtime.ranking import PairAnchorResult, truth_and_points

sys.path.insert(0, str(Path(__file__).parent))
from quality import DATA, TASKS  # noqa: E402


def warm_entities(r: PairAnchorResult) -> set:
    """The (entity, anchor) keys with at least one candidate they had linked before."""
    seen = np.nan_to_num(r.pairs.column(HIST_ALL).to_numpy(zero_copy_only=False).astype(np.float64)) > 0
    keys = zip(r.pairs.column(ENTITY).to_pylist(), r.pairs.column(ANCHOR).to_pylist(), strict=True)
    return {k for k, s in zip(keys, seen, strict=True) if s}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--task", default="driver-constructor")
    ap.add_argument("--split", default="test", choices=["val", "test"])
    args = ap.parse_args(argv)
    found = [(data, query) for data, task, query in TASKS if task == args.task]
    if not found:
        print(f"--task must be one of {', '.join(t for _, t, _ in TASKS)}", file=sys.stderr)
        return 2
    data, query = found[0]
    if not (DATA / data).exists():
        print(f"{DATA / data} is missing: the benchmark needs ../shared/data", file=sys.stderr)
        return 2
    warnings.filterwarnings("ignore")
    rfm = rfm_sql.attach_folder(duckdb.connect(), DATA / data, views=True)
    table = pq.read_table(DATA / data / "tasks" / args.task / f"{args.split}.parquet")
    evaluation = rfm.evaluate(query, task_table=table)
    if not evaluation.results or not isinstance(evaluation.results[0], PairAnchorResult):
        print(f"{args.task} is not scored over pairs: nothing to compare", file=sys.stderr)
        return 2
    vq = rfm.resolve(query)
    baselines = bench_ranking.scorers(vq)
    rows = []  # (warm, truth, rfm's class, {baseline: class})
    for r in evaluation.results:
        truth, ours = truth_and_points(vq, r.query, r.pairs, r.scores)
        theirs = {name: truth_and_points(vq, r.query, r.pairs, score(r))[1] for name, score in baselines.items()}
        warm = warm_entities(r)
        keys = zip(r.query.column(ENTITY).to_pylist(), r.query.column(ANCHOR).to_pylist(), strict=True)
        for i, key in enumerate(keys):
            rows.append((key in warm, truth[i], ours[i], {name: v[i] for name, v in theirs.items()}))
    n_cold = sum(not w for w, *_ in rows)
    print(f"{args.task} ({args.split}): {len(rows)} rows, {n_cold} of them entities with no history")
    print("| baseline | entities | rows | they disagree | rfm right there | baseline right there |")
    print("|---|---|---|---|---|---|")
    for name in baselines:
        for label, warm in (("with history", True), ("without", False)):
            part = [row for row in rows if row[0] == warm]
            differ = [row for row in part if row[3][name] != row[2]]
            ours = sum(row[2] == row[1] for row in differ)
            theirs = sum(row[3][name] == row[1] for row in differ)
            print(f"| {name} | {label} | {len(part)} | {len(differ)} | {ours} | {theirs} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
