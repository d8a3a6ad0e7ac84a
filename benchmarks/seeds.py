"""How much of a quality number is the context sample: the same tasks of `benchmarks/quality.py` at several
seeds (the seed draws the context examples, the pair negatives and LightGBM's rows), each baseline on the
same contexts as the model at every seed.

    python benchmarks/seeds.py --split test --seeds 0 1 2 3 --only driver-constructor user-movie

Writes benchmarks/SEEDS_<split>.md (mean ± standard deviation over the seeds, and at how many seeds rfm is at
least as good as each baseline) and benchmarks/results/<split>_seeds/<task>.json (every seed's numbers).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

from rfm_sql import bench

sys.path.insert(0, str(Path(__file__).parent))
from quality import DATA, TASKS  # noqa: E402


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--split", default="test", choices=["val", "test"])
    ap.add_argument("--run-mode", default="fast")
    ap.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2, 3])
    ap.add_argument("--only", nargs="+", help="run only these tasks")
    args = ap.parse_args(argv)
    if not DATA.exists():
        print(f"{DATA} is missing: the benchmark needs ../shared/data", file=sys.stderr)
        return 2
    out = Path(__file__).parent / "results" / f"{args.split}_seeds"
    out.mkdir(parents=True, exist_ok=True)
    rows = []
    for data, task, query in TASKS:
        if args.only and task not in args.only:
            continue
        runs = []
        for seed in args.seeds:
            r = bench.run(DATA / data, task, query, split=args.split, run_mode=args.run_mode, seed=seed, progress=False)
            print(f"seed {seed}: {bench.format_result(r)}", flush=True)
            runs.append(r)
        (out / f"{data}_{task}.json").write_text(json.dumps(runs, indent=2, default=str))
        rows.append(runs)
    (Path(__file__).parent / f"SEEDS_{args.split}.md").write_text(table(rows, args))
    return 0


def table(rows: list[list[dict]], args) -> str:
    model = rows[0][0]["model"]
    seeds = " ".join(str(s) for s in args.seeds)
    lines = [
        f"# Quality over context seeds: {args.split} split, run mode {args.run_mode}",
        "",
        f"Command: `python benchmarks/seeds.py --split {args.split} --seeds {seeds}"
        + (f" --only {' '.join(args.only)}" if args.only else "")
        + f"` (JSON per task in `benchmarks/results/{args.split}_seeds/`). Model: `{model.get('steps', '?')}` "
        f"training steps. Each cell: mean ± standard deviation over {len(args.seeds)} seeds; "
        "`wins` counts the seeds at which rfm is at least as good as the baseline on the same contexts.",
        "",
        "| data | task | metric | n | rfm | baselines (mean ± sd, wins) |",
        "|---|---|---|---|---|---|",
    ]
    for runs in rows:
        first = runs[0]
        hib = first["higher_is_better"]
        values = {name: np.array([r["results"][name] for r in runs]) for name in first["results"]}
        rfm = values.pop("rfm")
        cells = []
        for name, v in values.items():
            wins = int(np.sum(rfm >= v if hib else rfm <= v))
            cells.append(f"{name} {v.mean():.4f} ± {v.std():.4f} ({wins}/{len(runs)})")
        lines.append(
            f"| {first['data']} | {first['task']} | {first['metric'].upper()} {'↑' if hib else '↓'} | {first['n']} | "
            f"{rfm.mean():.4f} ± {rfm.std():.4f} | {', '.join(cells)} |"
        )
    lines.append("")
    return "\n".join(lines)


if __name__ == "__main__":
    raise SystemExit(main())
