"""How often the reported quantiles hold the label: `quantiles=[0.025, 0.1, 0.9, 0.975]` backtested on the
regression tasks of the unseen suite's random databases (benchmarks/unseen.py) and the demo shop.

    python benchmarks/coverage.py --seeds 0 40        # benchmarks/COVERAGE.md, results/coverage.jsonl

Per task, one backtest at the task's anchor: the share of labels inside [Q10, Q90] (80% asked) and inside
[Q2.5, Q97.5] (95% asked), below Q10 and above Q90, and the mean pinball loss of the four quantiles in units of
the labels' mean absolute deviation. A count's quantiles are whole numbers, so its intervals hold at least what
they ask for when they are right.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
import warnings
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))
import unseen  # noqa: E402  (benchmarks/unseen.py: the suite's databases and tasks)

from rfm_sql.runtime import evaluate as evaluation  # noqa: E402
from rfm_sql.runtime.options import RunOptions  # noqa: E402

HERE = Path(__file__).parent
LEVELS = (0.025, 0.1, 0.9, 0.975)
DEMO = [
    "PREDICT SUM(orders.amount, 0, 30, days) FOR EACH users.user_id",
    "PREDICT COUNT(orders.*, 0, 30, days) FOR EACH users.user_id",
    "PREDICT AVG(orders.amount, 0, 30, days) FOR EACH users.user_id WHERE COUNT(orders.*, -90, 0, days) > 0",
]


def backtest(rfm, pql: str, anchor) -> dict | None:
    vq = rfm.resolve(pql)
    if vq.task_type.value != "regression":
        return None
    options = dataclasses.replace(RunOptions(), quantiles=LEVELS)
    with rfm.graph.cursor(rfm.con) as cur:
        truth = evaluation.backtest_truth(cur, vq, rfm.graph, anchor)
        result = evaluation.evaluate(cur, vq, rfm.graph, rfm.model, truth, options, ["mae"])
    y = np.concatenate([np.asarray(r.query.column("TARGET").to_pylist(), float) for r in result.results])
    q = np.concatenate([np.asarray(r.probs, float) for r in result.results])  # (n, len(LEVELS))
    spread = np.mean(np.abs(y - np.median(y))) or 1.0
    pinball = np.mean([np.mean(np.maximum(a * (y - q[:, i]), (a - 1) * (y - q[:, i]))) for i, a in enumerate(LEVELS)])
    return {
        "n": len(y),
        "in80": float(np.mean((q[:, 1] <= y) & (y <= q[:, 2]))),
        "in95": float(np.mean((q[:, 0] <= y) & (y <= q[:, 3]))),
        "below10": float(np.mean(y < q[:, 1])),
        "above90": float(np.mean(y > q[:, 2])),
        "pinball": float(pinball / spread),
    }


def run(seeds: range, out: Path) -> None:
    unseen.write_backtests(out, seeds, DEMO, backtest)


def report(path: Path) -> str:
    rows = [json.loads(line) for line in path.read_text().splitlines()]
    counts = [r for r in rows if "COUNT" in r["pql"].split(",")[0]]
    others = [r for r in rows if r not in counts]
    lines = [
        "# How often the quantiles hold the label",
        "",
        "Command: `python benchmarks/coverage.py --seeds 0 40` (see its docstring).",
        "",
        "| tasks | n | inside [Q10, Q90] (0.80 asked) | inside [Q2.5, Q97.5] (0.95) | below Q10 (0.10) | above Q90 (0.10) "
        "| pinball / MAD |",
        "|---|---|---|---|---|---|---|",
    ]
    for name, group in (("counts", counts), ("other numbers", others), ("all", rows)):
        if not group:
            continue
        mean = {k: np.mean([r["res"][k] for r in group]) for k in ("in80", "in95", "below10", "above90", "pinball")}
        lines.append(
            f"| {name} | {len(group)} | {mean['in80']:.3f} | {mean['in95']:.3f} | {mean['below10']:.3f} | "
            f"{mean['above90']:.3f} | {mean['pinball']:.4f} |"
        )
    lines += ["", "Per task (mean over its rows):", "", "| database | task | n | in80 | in95 | below10 | above90 |"]
    lines.append("|---|---|---|---|---|---|---|")
    for r in rows:
        s = r["res"]
        lines.append(
            f"| {r['seed']} | `{r['pql'][:70]}` | {s['n']} | {s['in80']:.2f} | {s['in95']:.2f} | {s['below10']:.2f} | "
            f"{s['above90']:.2f} |"
        )
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seeds", nargs=2, type=int, default=[0, 40])
    parser.add_argument("--out", type=Path, default=HERE / "results" / "coverage.jsonl")
    parser.add_argument("--report-only", action="store_true")
    args = parser.parse_args()
    warnings.simplefilter("ignore")
    if not args.report_only:
        run(range(*args.seeds), args.out)
    (HERE / "COVERAGE.md").write_text(report(args.out))
    print(report(args.out))
