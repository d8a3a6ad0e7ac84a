"""The quality benchmark: `rfm-sql bench` on the six tasks of f1 and movielens-small (MODEL.md).

    python benchmarks/quality.py --split test   # writes benchmarks/results/test/*.json and benchmarks/RESULTS.md
    python benchmarks/quality.py --split val    # the same for val (benchmarks/RESULTS_val.md): tune only here

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
    args = ap.parse_args(argv)
    if not DATA.exists():
        print(f"{DATA} is missing: the benchmark needs ../shared/data", file=sys.stderr)
        return 2
    out = Path(args.out) / args.split
    out.mkdir(parents=True, exist_ok=True)
    results = []
    for data, task, query in TASKS:
        if args.only and task != args.only:
            continue
        result = bench.run(DATA / data, task, query, split=args.split, run_mode=args.run_mode)
        print(bench.format_result(result), flush=True)
        bench.write_json(result, out / f"{data}_{task}.json")
        results.append(result)
    if not args.only:
        name = "RESULTS.md" if args.split == "test" else f"RESULTS_{args.split}.md"
        (Path(__file__).parent / name).write_text(table(results, args))
    return 0


def table(results: list[dict], args) -> str:
    lines = [
        f"# Quality: {args.split} split, run mode {args.run_mode}",
        "",
        f"Command: `python benchmarks/quality.py --split {args.split}` (one run; JSON per task in "
        f"`benchmarks/results/{args.split}/`). Model: `{results[0]['model'].get('steps', '?')}` training steps, "
        f"{results[0]['model'].get('episodes_seen', '?')} episodes, {results[0]['model'].get('train_minutes', '?')} CPU-minutes.",
        "",
        "The best of the four on each row is in bold.",
        "",
        "| data | task | metric | n | rfm | entity_mean | global | lightgbm | best published | rfm seconds |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    wins = {"global": 0, "entity_mean": 0, "lightgbm": 0}
    for r in results:
        res, hib = r["results"], r["higher_is_better"]
        for name in wins:
            if name in res and ((res["rfm"] > res[name]) if hib else (res["rfm"] < res[name])):
                wins[name] += 1
        published = r["published"]
        best = (max if hib else min)(published.items(), key=lambda kv: kv[1]) if published else None
        best_text = f"{best[1]:.3f} ({best[0]})" if best else "–"
        names = ("rfm", "entity_mean", "global", "lightgbm")
        top = (max if hib else min)(res[n] for n in names if n in res)
        cells = " | ".join(
            "–" if n not in res else f"**{res[n]:.4f}**" if res[n] == top else f"{res[n]:.4f}" for n in names
        )
        lines.append(
            f"| {r['data']} | {r['task']} | {r['metric'].upper()} {'↑' if hib else '↓'} | {r['n']} | {cells} | "
            f"{best_text} | {r['seconds']['rfm']:.1f} |"
        )
    lines += [
        "",
        f"rfm beats `global` on {wins['global']}/{len(results)}, `entity_mean` on {wins['entity_mean']}/"
        f"{len(results)}, `lightgbm` on {wins['lightgbm']}/{len(results)} tasks.",
        "",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    raise SystemExit(main())
