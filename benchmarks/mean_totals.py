"""Means that add up: `point="mean"` for counts and sums, with and without runtime.mean_scale, on databases the
model never saw (the unseen suite's random databases and tasks, benchmarks/unseen.py) and the demo shop.

    python benchmarks/mean_totals.py --seeds 0 40        # benchmarks/MEAN_TOTALS.md, results/mean_totals.jsonl

For every COUNT or SUM regression task the suite draws (and a few on the demo), one backtest at the task's anchor
with point="mean", once scaled and once not (the same rows, contexts and model): the RMSE of the means, and the
ratio of their total to the labels' total (what a user adding up next month's revenue reads).
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

from rfm_sql.runtime import bounds, mean_scale  # noqa: E402
from rfm_sql.runtime import evaluate as evaluation  # noqa: E402
from rfm_sql.runtime.options import RunOptions  # noqa: E402

HERE = Path(__file__).parent
DEMO = [
    "PREDICT SUM(orders.amount, 0, 30, days) FOR EACH users.user_id",
    "PREDICT COUNT(orders.*, 0, 30, days) FOR EACH users.user_id",
    "PREDICT SUM(orders.amount, 0, 90, days) FOR EACH users.user_id",
]


def backtest(rfm, pql: str, anchor) -> dict | None:
    """RMSE and total ratio of the means, scaled and not, or None where the task is not a count or sum or its
    labels total 0 (no ratio)."""
    vq = rfm.resolve(pql)
    if not bounds.adds_up(vq) or vq.task_type.value != "regression":
        return None
    options = dataclasses.replace(RunOptions(), point="mean")
    out = {}
    for name, enabled in (("plain", False), ("scaled", True)):
        mean_scale.ENABLED = enabled
        with rfm.graph.cursor(rfm.con) as cur:
            truth = evaluation.backtest_truth(cur, vq, rfm.graph, anchor)
            result = evaluation.evaluate(cur, vq, rfm.graph, rfm.model, truth, options, ["rmse"])
        y = np.concatenate([np.asarray(r.query.column("TARGET").to_pylist(), float) for r in result.results])
        p = np.concatenate([np.asarray(r.pred, float) for r in result.results])
        out[name] = {
            "rmse": float(np.sqrt(np.mean((p - y) ** 2))),
            "ratio": float(p.sum() / y.sum()) if y.sum() else None,
        }
    mean_scale.ENABLED = True
    return out if out["plain"]["ratio"] is not None else None


def run(seeds: range, out: Path) -> None:
    unseen.write_backtests(out, seeds, DEMO, backtest)


def report(path: Path) -> str:
    rows = [json.loads(line) for line in path.read_text().splitlines()]
    lines = [
        '# Means that add up (`point="mean"` for counts and sums)',
        "",
        "Command: `python benchmarks/mean_totals.py --seeds 0 40` (see its docstring). Per task: the RMSE of the "
        "means and the ratio of their total to the labels' total, without and with `runtime/mean_scale.py`.",
        "",
        "| database | task | RMSE plain | RMSE scaled | total ratio plain | total ratio scaled |",
        "|---|---|---|---|---|---|",
    ]
    for r in rows:
        p, s = r["res"]["plain"], r["res"]["scaled"]
        lines.append(
            f"| {r['seed']} | `{r['pql'][:80]}` | {p['rmse']:.4g} | {s['rmse']:.4g} | {p['ratio']:.3f} | {s['ratio']:.3f} |"
        )
    plain = np.array([abs(np.log(r["res"]["plain"]["ratio"])) for r in rows if r["res"]["plain"]["ratio"] > 0])
    scaled = np.array([abs(np.log(r["res"]["scaled"]["ratio"])) for r in rows if r["res"]["scaled"]["ratio"] > 0])
    better = sum(r["res"]["scaled"]["rmse"] < r["res"]["plain"]["rmse"] - 1e-12 for r in rows)
    worse = sum(r["res"]["scaled"]["rmse"] > r["res"]["plain"]["rmse"] + 1e-12 for r in rows)
    closer = sum(
        abs(np.log(r["res"]["scaled"]["ratio"])) < abs(np.log(r["res"]["plain"]["ratio"])) - 1e-12
        for r in rows
        if min(r["res"]["plain"]["ratio"], r["res"]["scaled"]["ratio"]) > 0
    )
    lines += [
        "",
        f"{len(rows)} tasks. RMSE: scaled better on {better}, worse on {worse}. Total ratio closer to 1 on {closer}; "
        f"median |log ratio| {np.median(plain):.3f} plain, {np.median(scaled):.3f} scaled; "
        f"geometric mean of the RMSE ratio scaled/plain "
        f"{np.exp(np.mean([np.log(r['res']['scaled']['rmse'] / r['res']['plain']['rmse']) for r in rows if r['res']['plain']['rmse'] > 0])):.4f}.",
    ]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seeds", nargs=2, type=int, default=[0, 40])
    parser.add_argument("--out", type=Path, default=HERE / "results" / "mean_totals.jsonl")
    parser.add_argument("--report-only", action="store_true")
    args = parser.parse_args()
    warnings.simplefilter("ignore")
    if not args.report_only:
        run(range(*args.seeds), args.out)
    (HERE / "MEAN_TOTALS.md").write_text(report(args.out))
    print(report(args.out))
