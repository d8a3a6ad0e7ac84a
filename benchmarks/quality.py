"""The quality benchmark: `rfm-sql bench` on the eight tasks of f1 and movielens-small (MODEL.md).

    python benchmarks/quality.py --split test   # writes benchmarks/results/test/*.json and benchmarks/RESULTS.md
    python benchmarks/quality.py --split val    # the same for val (benchmarks/RESULTS_val.md): tune only here
    python benchmarks/quality.py --split test --full-baseline   # also lightgbm_full (LightGBM on the whole
        # train split): benchmarks/results/test_full/*.json and benchmarks/RESULTS_full.md, RESULTS.md untouched

Each task's numbers come from one run: the model and the baselines on the same rows, contexts and features.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from rfm_sql import bench

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
TASKS = [
    (
        "f1",
        "driver-dnf",
        "PREDICT COUNT(results.* WHERE results.statusId != 1, 0, 30, days) > 0 FOR EACH drivers.driverId ASSUMING COUNT(results.*, 0, 30, days) > 0",
    ),
    (
        "f1",
        "driver-top3",
        "PREDICT MIN(qualifying.position, 0, 30, days) <= 3 FOR EACH drivers.driverId ASSUMING COUNT(qualifying.*, 0, 30, days) > 0",
    ),
    ("f1", "driver-position", "PREDICT AVG(results.positionOrder, 0, 60, days) FOR EACH drivers.driverId"),
    (
        "movielens-small",
        "user-active",
        "PREDICT COUNT(ratings.*, 0, 90, days) > 0 FOR EACH users.userId WHERE COUNT(ratings.*, -365, 0, days) > 0",
    ),
    (
        "movielens-small",
        "movie-ratings",
        "PREDICT COUNT(ratings.*, 0, 180, days) FOR EACH movies.movieId WHERE COUNT(ratings.*, -365, 0, days) > 0",
    ),
    (
        "movielens-small",
        "user-avg-rating",
        "PREDICT AVG(ratings.rating, 0, 90, days) FOR EACH users.userId WHERE COUNT(ratings.*, -INF, 0, days) > 0",
    ),
    (
        "movielens-small",
        "user-movie",
        "PREDICT LIST_DISTINCT(ratings.movieId, 0, 90, days) RANK TOP 10 FOR EACH users.userId "
        "WHERE COUNT(ratings.*, -365, 0, days) > 0 ASSUMING COUNT(ratings.*, 0, 90, days) > 0",
    ),
    ("f1", "driver-constructor", "PREDICT FIRST(results.constructorId, 0, 60, days) FOR EACH drivers.driverId"),
]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--split", default="test", choices=["val", "test"])
    ap.add_argument("--run-mode", default="fast")
    ap.add_argument("--only", help="run only this task")
    ap.add_argument("--out", default=str(Path(__file__).parent / "results"))
    ap.add_argument("--model", help="an exported model (<name>.onnx) instead of the shipped one")
    ap.add_argument(
        "--full-baseline",
        action="store_true",
        help="also lightgbm_full; writes RESULTS_full.md (and <split>_full/ JSON) instead of RESULTS.md",
    )
    args = ap.parse_args(argv)
    if not DATA.exists():
        print(f"{DATA} is missing: the benchmark needs ../shared/data", file=sys.stderr)
        return 2
    suffix = "_full" if args.full_baseline else ""
    out = Path(args.out) / f"{args.split}{suffix}"
    out.mkdir(parents=True, exist_ok=True)
    results = []
    for data, task, query in TASKS:
        if args.only and task != args.only:
            continue
        result = bench.run(
            DATA / data,
            task,
            query,
            split=args.split,
            run_mode=args.run_mode,
            full_baseline=args.full_baseline,
            model=args.model,
        )
        print(bench.format_result(result), flush=True)
        bench.write_json(result, out / f"{data}_{task}.json")
        results.append(result)
    if not args.only:
        name = "RESULTS" + ("" if args.split == "test" else f"_{args.split}") + suffix + ".md"
        (Path(__file__).parent / name).write_text((full_table if args.full_baseline else table)(results, args))
    return 0


def full_table(results: list[dict], args) -> str:
    """The model beside LightGBM on its context and LightGBM on the whole train split (`lightgbm_full`)."""
    model = results[0]["model"]
    lines = [
        f"# Quality against LightGBM on the full train split: {args.split} split, run mode {args.run_mode}",
        "",
        f"Command: `python benchmarks/quality.py --split {args.split} --run-mode {args.run_mode} --full-baseline` "
        f"(one run; JSON per task in `benchmarks/results/{args.split}_full/`). Model: "
        f"`{model.get('steps', '?')}` training steps, {model.get('episodes_seen', '?')} episodes, "
        f"{model.get('train_minutes', '?')} CPU-minutes.",
        "",
        "- `lightgbm`: LightGBM on the context examples the model saw (200 rounds);",
        "- `lightgbm_full`: LightGBM on every row of the task's train split, the same point-in-time features, "
        "early-stopped on val (rfm_sql/bench_full.py); pair-scored tasks train on the candidate pairs of every "
        "train row (negatives sampled to at most 250k pairs) and score the model's own candidates.",
        "",
        "The best of the three on each row is in bold.",
        "",
        "| data | task | metric | n | rfm | lightgbm | lightgbm_full | full: train rows (pairs) | full: rounds | "
        "full seconds | rfm seconds |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    beats = 0
    for r in results:
        res, hib = r["results"], r["higher_is_better"]
        three = {k: res[k] for k in ("rfm", "lightgbm", "lightgbm_full")}
        top = (max if hib else min)(three.values())
        beats += (res["rfm"] > res["lightgbm_full"]) if hib else (res["rfm"] < res["lightgbm_full"])
        trained = r["trained"]["lightgbm_full"]
        rows = f"{trained['train_rows']}" + (f" ({trained['train_pairs']})" if "train_pairs" in trained else "")
        lines.append(
            f"| {r['data']} | {r['task']} | {r['metric'].upper()} {'↑' if hib else '↓'} | {r['n']} | "
            + " | ".join(_cell(v, top) for v in three.values())
            + f" | {rows} | {trained['rounds']} | {r['seconds']['lightgbm_full']:.1f} | {r['seconds']['rfm']:.1f} |"
        )
    lines += ["", f"rfm beats `lightgbm_full` on {beats}/{len(results)} tasks.", ""]
    return "\n".join(lines)


def table(results: list[dict], args) -> str:
    """The summary: each task's model number beside its own baselines (link prediction: popularity,
    popularity_unseen, entity_history, lightgbm; the others: entity_mean, global, lightgbm)."""
    model = results[0]["model"]
    lines = [
        f"# Quality: {args.split} split, run mode {args.run_mode}",
        "",
        f"Command: `python benchmarks/quality.py --split {args.split}` (one run; JSON per task in "
        f"`benchmarks/results/{args.split}/`). Model: `{model.get('steps', '?')}` training steps, "
        f"{model.get('episodes_seen', '?')} episodes, {model.get('train_minutes', '?')} CPU-minutes.",
        "",
        "Each task's baselines are its own (rfm-sql bench, MODEL.md); the best number on each row is in bold.",
        "",
        "| data | task | metric | n | rfm | baselines | best published | rfm seconds |",
        "|---|---|---|---|---|---|---|---|",
    ]
    wins: dict[str, list[int]] = {}
    beats_all = 0
    for r in results:
        res, hib = r["results"], r["higher_is_better"]
        baselines = [n for n in res if n != "rfm"]
        better = [(res["rfm"] > res[n]) if hib else (res["rfm"] < res[n]) for n in baselines]
        for n, b in zip(baselines, better, strict=True):
            wins.setdefault(n, [0, 0])
            wins[n][0] += b
            wins[n][1] += 1
        beats_all += all(better)
        top = (max if hib else min)(res.values())

        published = r["published"]
        best = (max if hib else min)(published.items(), key=lambda kv: kv[1]) if published else None
        best_text = f"{best[1]:.3f} ({best[0]})" if best else "–"
        others = ", ".join(f"{n} {_cell(res[n], top)}" for n in baselines)
        lines.append(
            f"| {r['data']} | {r['task']} | {r['metric'].upper()} {'↑' if hib else '↓'} | {r['n']} | "
            f"{_cell(res['rfm'], top)} | {others} | {best_text} | {r['seconds']['rfm']:.1f} |"
        )
    lines += [
        "",
        f"rfm beats every baseline of its task on {beats_all}/{len(results)} tasks; "
        + ", ".join(f"`{n}` on {w}/{t}" for n, (w, t) in wins.items())
        + ".",
        "",
    ]
    return "\n".join(lines)


def _cell(value: float, top: float) -> str:
    return f"**{value:.4f}**" if value == top else f"{value:.4f}"


if __name__ == "__main__":
    raise SystemExit(main())
