"""Quality on databases the shipped model never saw: random relational databases from the relational prior
(`export.relprior`: 2-8 tables, stars, chains, self-links, link tables, heavy-tailed event processes) with
random PQL tasks over them, each scored for rfm and for the baselines of `rfm-sql bench` on the same rows.

    python benchmarks/unseen.py --seeds 0 40 --label after        # benchmarks/results/unseen_after.jsonl
    python benchmarks/unseen.py --report before=benchmarks/results/unseen_049cf84.jsonl after=...  # UNSEEN.md

Per database (seed) four tasks, of the types binary, regression, multiclass, regression as `export.tasks`
draws them, each backtested at its drawn anchor with the task type's headline metric (AUROC, MAE, accuracy).
The shipped flat model was pre-trained on the flat synthetic prior and four real databases, never on these:
they stand in for the databases quality is also judged on, which nobody here sees. A rule tuned to f1 or
movielens that hurts here is a bug.
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
import time
import warnings
from pathlib import Path

import duckdb
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
import rfm_sql  # noqa: E402
from export.relprior_schema import attach, random_database  # noqa: E402
from export.tasks import random_tasks  # noqa: E402
from rfm_sql import bench, bench_ranking, demo  # noqa: E402
from rfm_sql.errors import RFMError  # noqa: E402
from rfm_sql.runtime import metrics  # noqa: E402
from rfm_sql.runtime.ranking import PairAnchorResult  # noqa: E402

RESULTS = Path(__file__).parent / "results"
KINDS = ["binary", "regression", "multiclass", "regression"]
BASELINES = ("entity_mean", "entity_history", "global", "lightgbm")  # entity_history: pair-scored multiclass


def suite(seeds: range, model: str | None = None):
    """(seed, attached database, its tasks as (PQL, anchor)) for each seed: the suite's databases and tasks,
    the same for every benchmark that reads them (benchmarks/coverage.py, mean_totals.py)."""
    for seed in seeds:
        rng = np.random.default_rng(seed)
        con, schema = random_database(rng, "small")
        rfm = attach(con, schema, model)
        with con.cursor() as cur:
            tasks = random_tasks(rng, rfm, cur, len(KINDS), kinds=KINDS)
        yield seed, rfm, tasks


def write_backtests(out: Path, seeds: range, demo_queries: list[str], backtest) -> None:
    """One JSON line per backtest (`backtest(rfm, pql, anchor)`: a dict, or None to leave the task out): the demo
    shop's `demo_queries` at their default anchors, then the suite's tasks (one that cannot be scored is left out)."""
    con = duckdb.connect()
    demo.build(con)
    shop = rfm_sql.attach(con)
    jobs = itertools.chain([("demo", shop, [(pql, None) for pql in demo_queries])], suite(seeds))  # one at a time
    with out.open("w") as f:
        for seed, rfm, tasks in jobs:
            for pql, anchor in tasks:
                try:
                    res = backtest(rfm, pql, anchor)
                except RFMError:
                    continue
                if res is not None:
                    f.write(json.dumps({"seed": seed, "pql": pql, "res": res}) + "\n")
                    print(seed, pql[:70], res, flush=True)


def run(seeds: range, out: Path, model: str | None = None, kinds: list[str] | None = None) -> None:
    with out.open("a") as f:
        for seed, rfm, tasks in suite(seeds, model):
            for pql, anchor in tasks:
                if kinds and _kind(rfm, pql) not in kinds:
                    continue
                write_record(f, backtest_record(rfm, seed, pql, anchor))


def _kind(rfm, pql: str) -> str | None:
    """The task type of `pql` (binary, regression, multiclass), None where it does not resolve."""
    try:
        return rfm.resolve(pql).task_type.value
    except RFMError:
        return None


def backtest_record(rfm, seed, pql: str, anchor) -> dict | None:
    """One task's backtest at `anchor`, scored with its type's headline metric for rfm and for the bench's
    baselines on the same rows (pair baselines where the task was scored over pairs); None where it cannot be
    scored (the metric is undefined on these rows, no labelled examples at the anchor, and the like)."""
    start = time.perf_counter()
    try:
        vq = rfm.resolve(pql)
        metric = metrics.primary(vq.task_type)
        ev = rfm.evaluate(pql, anchor_time=anchor, metrics=[metric.name])
        if metric.name not in ev.metrics:  # undefined on these rows (one label only)
            return None
        if isinstance(ev.results[0], PairAnchorResult):
            baselines = bench_ranking.baselines(vq, ev.results, metric)
        else:
            baselines = bench._baselines(vq, ev, metric)
    except RFMError as e:
        print(seed, "skipped:", str(e)[:120], flush=True)
        return None
    return {
        "seed": seed,
        "pql": pql,
        "anchor": str(anchor),
        "kind": vq.task_type.value,
        "metric": metric.name,
        "n": ev.n,
        "context": ev.context_size,
        "res": {"rfm": ev.metrics[metric.name], **baselines},
        "seconds": round(time.perf_counter() - start, 1),
    }


def write_record(f, record: dict | None) -> None:
    """One JSON line per scored task, printed as it goes."""
    if record is None:
        return
    f.write(json.dumps(record) + "\n")
    f.flush()
    res = {k: round(v, 4) for k, v in record["res"].items()}
    print(record["seed"], record["kind"], record["n"], res, flush=True)


def load(path: str) -> dict[tuple, dict]:
    return {(r["seed"], r["pql"]): r for r in map(json.loads, Path(path).read_text().splitlines())}


def report(runs: dict[str, str]) -> str:
    """UNSEEN.md: per task type and run, how often rfm is at least as good as each baseline of that run, the
    mean metric, and for regression the geometric mean of rfm's MAE over the best baseline's; then each run
    against the run before it, task by task, over the tasks both scored."""
    loaded = {name: load(path) for name, path in runs.items()}
    lines = [
        "# Quality on databases the model never saw",
        "",
        "Command: `python benchmarks/unseen.py --seeds 0 40 --label NAME`, then `python benchmarks/unseen.py "
        "--report " + " ".join(f"{k}={v}" for k, v in runs.items()) + "` (see the script's docstring).",
        "",
        "Each run's baselines are its own, as in `rfm-sql bench`: for a multiclass task scored over (entity, "
        "class) pairs they are the pair baselines (`entity_mean` the entity's last class, `entity_history` its "
        "most frequent one, `lightgbm` trained on the pairs; older runs did not record `entity_history`), for one scored by the class head the row baselines (`lightgbm` on the entity rows).",
        "",
        "| run | task type | tasks | rfm mean | rfm ≥ entity_mean | rfm ≥ entity_history | rfm ≥ global | "
        "rfm ≥ lightgbm | regression: rfm MAE / best baseline (geometric mean) |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for name, recs in loaded.items():
        for kind in ("binary", "regression", "multiclass"):
            rows = [r for r in recs.values() if r["kind"] == kind]
            if not rows:
                continue
            up = kind != "regression"
            rfm = np.array([r["res"]["rfm"] for r in rows])
            cells = []
            for b in BASELINES:
                scored = [(x, r["res"][b]) for x, r in zip(rfm, rows, strict=True) if b in r["res"]]
                won = sum(x >= base if up else x <= base for x, base in scored)
                cells.append(f"{won}/{len(scored)}" if scored else "–")
            ratio = "–"
            if not up:
                best = np.array([min(r["res"]["entity_mean"], r["res"]["lightgbm"]) for r in rows])
                ok = (best > 0) & (rfm > 0)
                ratio = f"{np.exp(np.mean(np.log(rfm[ok] / best[ok]))):.4f}"
            lines.append(f"| {name} | {kind} | {len(rows)} | {rfm.mean():.4f} | " + " | ".join(cells) + f" | {ratio} |")
    for first, name in itertools.pairwise(loaded):
        lines += comparison_lines(loaded[first], loaded[name], first, name, ("binary", "regression", "multiclass"))
    return "\n".join(lines) + "\n"


def comparison_lines(before: dict, after: dict, first: str, name: str, kinds) -> list[str]:
    """The table of run `name` against run `first`, task by task over the tasks both scored, per task type of
    `kinds` (lower is better for regression, higher for the rest): better, worse and same, and the means."""
    lines = ["", f"**{name} against {first}** (the same tasks; rfm's metric):", ""]
    lines += [
        "| task type | tasks | better | worse | same | mean before | mean after |",
        "|---|---|---|---|---|---|---|",
    ]
    for kind in kinds:
        keys = [k for k, r in before.items() if r["kind"] == kind and k in after]
        if not keys:
            continue
        up = kind != "regression"
        a = np.array([before[k]["res"]["rfm"] for k in keys])
        b = np.array([after[k]["res"]["rfm"] for k in keys])
        moved = np.abs(b - a) > 1e-6 * np.maximum(np.abs(a), np.abs(b))  # not float noise between runs
        better = int(np.sum(moved & ((b > a) if up else (b < a))))
        worse = int(np.sum(moved & ((b < a) if up else (b > a))))
        lines.append(
            f"| {kind} | {len(keys)} | {better} | {worse} | {len(keys) - better - worse} | {a.mean():.4f} | {b.mean():.4f} |"
        )
    return lines


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seeds", nargs=2, type=int, default=[0, 40], metavar=("FIRST", "END"))
    ap.add_argument("--label", default="run", help="results/unseen_LABEL.jsonl (appended to)")
    ap.add_argument("--model", help="an exported model (<name>.onnx) instead of the shipped one")
    ap.add_argument("--kinds", nargs="+", help="only these task types (binary, regression, multiclass)")
    ap.add_argument("--report", nargs="+", metavar="NAME=JSONL", help="write UNSEEN.md from these runs instead")
    args = ap.parse_args(argv)
    if args.report:
        runs = dict(item.split("=", 1) for item in args.report)
        (Path(__file__).parent / "UNSEEN.md").write_text(report(runs))
        return 0
    warnings.filterwarnings("ignore")  # a backtest's warnings (stale data, few examples) would flood the log
    run(range(*args.seeds), RESULTS / f"unseen_{args.label}.jsonl", args.model, args.kinds)
    return 0


if __name__ == "__main__":
    sys.exit(main())
