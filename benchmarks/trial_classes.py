"""Windowed multiclass targets (`FIRST`/`LAST` of a category) of the fresh-eyes trials, rfm beside the pair
baselines on the same rows: the most common class (`global`), the entity's last class (`entity_mean`) and its
most frequent one (`entity_history`), as `rfm-sql bench` gives them.

    python benchmarks/trial_classes.py --label NAME        # -> results/trial_classes_NAME.jsonl
    python benchmarks/trial_classes.py --report A B ...    # TRIAL_CLASSES.md: B... against A

Each trial's multiclass tasks (`benchmarks/trials.py`'s TRIALS) at its first two anchors, each database rebuilt
from its seeded generator. Compare code versions by running this script with `PYTHONPATH` set to each tree's root.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import warnings
from pathlib import Path

import duckdb
import numpy as np

HERE = Path(__file__).parent
sys.path.append(str(HERE.parent))  # appended: a PYTHONPATH naming another tree comes first

from trials import TRIALS  # noqa: E402

import rfm_sql  # noqa: E402
from rfm_sql.pql.tasks import TaskType  # noqa: E402

RESULTS = HERE / "results"
ANCHORS = 2  # the first of each trial's anchors
BASELINES = ("global", "entity_mean", "entity_history")


def run(label: str) -> None:
    with tempfile.TemporaryDirectory() as tmp, (RESULTS / f"trial_classes_{label}.jsonl").open("w") as f:
        for name, (anchors, tasks) in TRIALS.items():
            chosen = [t for t in tasks if t.startswith(("PREDICT FIRST(", "PREDICT LAST("))]
            if not chosen:
                continue
            path = f"{tmp}/{name}.duckdb"
            subprocess.run([sys.executable, str(HERE / "trials" / f"{name}.py"), path], check=True, capture_output=True)
            rfm = rfm_sql.attach(duckdb.connect(path, read_only=True))
            for pql in chosen:
                if rfm.resolve(pql).task_type is not TaskType.MULTICLASS:  # FIRST of a number: a regression
                    continue
                for anchor in anchors[:ANCHORS]:
                    with warnings.catch_warnings():
                        warnings.simplefilter("ignore")
                        ev = rfm.evaluate(pql, anchor_time=anchor)
                    base = {k: v["accuracy"] for k, v in ev.baselines.items() if k in BASELINES}
                    row = {"db": name, "pql": pql, "anchor": anchor, "n": ev.n, "rfm": ev.metrics["accuracy"], **base}
                    f.write(json.dumps(row) + "\n")
                    print(name, anchor, round(row["rfm"], 4), {k: round(v, 4) for k, v in base.items()}, flush=True)


def report(labels: list[str]) -> str:
    runs = [
        {(r["db"], r["pql"], r["anchor"]): r for r in map(json.loads, (RESULTS / f"trial_classes_{x}.jsonl").open())}
        for x in labels
    ]
    ref = runs[0]
    lines = [
        "# Trial databases: windowed multiclass targets",
        "",
        f"Runs: {', '.join(labels)} (`python benchmarks/trial_classes.py --label NAME`, then `--report "
        f"{' '.join(labels)}`). Accuracy; the baselines are the first run's that has the task; the summary is over",
        "the first run's tasks.",
        "",
        "| db | task | anchor | n | " + " | ".join(labels) + " | " + " | ".join(BASELINES) + " |",
        "|---" * (4 + len(labels) + len(BASELINES)) + "|",
    ]
    every = {key: r for run in reversed(runs) for key, r in run.items()}  # a database only later runs have
    for key in [*ref, *(k for k in every if k not in ref)]:
        r = ref.get(key, every[key])
        cells = [f"{run[key]['rfm']:.3f}" if key in run else "–" for run in runs]
        base = [f"{r[b]:.3f}" for b in BASELINES]
        lines.append(f"| {key[0]} | `{key[1]}` | {key[2]} | {r['n']} | " + " | ".join(cells + base) + " |")
    lines += ["", "| run | tasks | mean | " + " | ".join(f"under {b}" for b in BASELINES) + " | better | worse |"]
    lines.append("|---" * (5 + len(BASELINES)) + "|")
    for label, run in zip(labels, runs, strict=True):
        keys = [k for k in ref if k in run]
        new = np.array([run[k]["rfm"] for k in keys])
        old = np.array([ref[k]["rfm"] for k in keys])
        under = [str(int(sum(run[k]["rfm"] < ref[k][b] - 0.005 for k in keys))) for b in BASELINES]
        better, worse = int((new > old + 0.005).sum()), int((new < old - 0.005).sum())
        lines.append(f"| {label} | {len(keys)} | {new.mean():.4f} | " + " | ".join(under) + f" | {better} | {worse} |")
    lines.append("")
    lines.append(
        '"under": accuracy more than 0.005 below the baseline\'s; better/worse: against the first run, by 0.005.'
    )
    return "\n".join(lines) + "\n"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--label", help="results/trial_classes_LABEL.jsonl (rewritten)")
    ap.add_argument("--report", nargs="+", metavar="LABEL", help="write TRIAL_CLASSES.md (the first: reference)")
    args = ap.parse_args()
    if args.report:
        (HERE / "TRIAL_CLASSES.md").write_text(report(args.report))
    elif args.label:
        run(args.label)
    else:
        ap.error("give --label or --report")


if __name__ == "__main__":
    main()
