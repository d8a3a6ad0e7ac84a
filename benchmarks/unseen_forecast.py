"""Forecast quality on databases the shipped model never saw: the relational prior's random databases
(`export.relprior`: event processes with trends, bursts, churn and a yearly season of random strength), one
forecast per database, scored for rfm and for the forecast baselines of `rfm-sql bench` on the same rows.

    python benchmarks/unseen_forecast.py --seeds 0 40 --label level    # results/unseen_forecast_level.jsonl
    python benchmarks/unseen_forecast.py --report before=benchmarks/results/unseen_forecast_before.jsonl \
        level=benchmarks/results/unseen_forecast_level.jsonl    # benchmarks/UNSEEN_FORECAST.md

Per database: the entity table whose timed child table has the most rows per entity, and a forecast of that
child's row count (or, half of the time, the sum of one of its numeric columns) over monthly windows
(`1 months` x 4 timeframes) or two-week ones (`14 days` x 6), drawn at random; three anchors a season apart
in the data's last year (each with its whole forecast observed). Baselines (rfm_sql/bench_forecast.py):
last_value, LightGBM per step on rfm's own context and features, and seasonal_naive (the same window a year
before). The headline is MAE over every (entity, anchor, step); a database none of whose anchors has a
year of history before it is left out.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import time
import warnings
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from export.relprior_schema import attach, random_database  # noqa: E402
from export.tasks import _entity_links, time_range  # noqa: E402
from rfm_sql import bench_forecast  # noqa: E402
from rfm_sql.errors import RFMError  # noqa: E402
from rfm_sql.graph import SType  # noqa: E402
from rfm_sql.runtime import forecast  # noqa: E402
from rfm_sql.runtime.options import RunOptions  # noqa: E402

RESULTS = Path(__file__).parent / "results"
WINDOWS = (("1, months", 4, 31), ("14, days", 6, 14))  # (window, timeframes, days per timeframe at most)
SEASON_APART = dt.timedelta(days=91)


def task(rng, rfm, cur):
    """(pql, anchors) for one forecast over the database, or None where no child table spans two years."""
    links = sorted(_entity_links(rfm.graph), key=lambda p: -rfm.graph.tables[p[1].child].num_rows / p[0].num_rows)
    for entity, link in links:
        child = rfm.graph.tables[link.child]
        lo, hi = time_range(cur, child)
        if lo is None or (hi - lo).days < 2 * 365:
            continue
        window, steps, days = WINDOWS[int(rng.integers(0, len(WINDOWS)))]
        numeric = [c.name for c in child.columns if c.stype is SType.NUMERICAL]
        if numeric and rng.random() < 0.5:
            target = f"SUM(`{child.name}`.`{numeric[int(rng.integers(0, len(numeric)))]}`, 0, {window})"
        else:
            target = f"COUNT(`{child.name}`.*, 0, {window})"
        pql = f"PREDICT {target} FORECAST {steps} TIMEFRAMES FOR EACH `{entity.name}`.`{entity.primary_key}`"
        last = hi - dt.timedelta(days=steps * days + 1)
        anchors = [dt.datetime(a.year, a.month, a.day) for a in (last - k * SEASON_APART for k in range(3))]
        return pql, [a for a in anchors if a - lo >= dt.timedelta(days=366)]
    return None


def run(seeds: range, out: Path, run_mode: str, mode: str = forecast.MODE) -> None:
    options = RunOptions.from_kwargs(run_mode=run_mode)
    with out.open("a") as f:
        for seed in seeds:
            rng = np.random.default_rng(seed)
            con, schema = random_database(rng, "small")
            rfm = attach(con, schema)
            with con.cursor() as cur:
                drawn = task(rng, rfm, cur)
            if drawn is None or not drawn[1]:
                print(seed, "skipped: no child table with two years of history", flush=True)
                continue
            pql, anchors = drawn
            start = time.perf_counter()
            try:
                task_table = rfm.labels(pql, anchor_time=anchors)
                result = bench_forecast.score(rfm, pql, task_table, options, mode)
            except RFMError as e:
                print(seed, "skipped:", str(e)[:120], flush=True)
                continue
            mae = {name: m["mae"] for name, m in result["results"].items()}
            record = {"seed": seed, "pql": pql, "anchors": [str(a) for a in anchors], "n": result["n"], "mae": mae}
            record["seconds"] = round(time.perf_counter() - start, 1)
            f.write(json.dumps(record) + "\n")
            f.flush()
            print(seed, pql[8:70], result["n"], {k: round(v, 3) for k, v in mae.items()}, flush=True)


def report(runs: dict[str, str]) -> str:
    """Per run: how often rfm's MAE is at most each baseline's, and the geometric mean of rfm's MAE over
    each baseline's (below 1: rfm better); then each run against the run before it (or its @BASE), forecast by forecast."""
    loaded = {
        name: {r["seed"]: r for r in map(json.loads, Path(p.split("@")[0]).read_text().splitlines())}
        for name, p in runs.items()
    }
    lines = [
        "# Forecasts on databases the model never saw",
        "",
        "Command: `python benchmarks/unseen_forecast.py --seeds 0 40 --label NAME`, then `python "
        "benchmarks/unseen_forecast.py --report " + " ".join(f"{k}={v}" for k, v in runs.items()) + "`.",
        "",
        "| run | forecasts | rfm ≤ "
        + " | rfm ≤ ".join(bench_forecast.BASELINES)
        + " | rfm / baseline MAE (geometric mean) |",
    ]
    lines.append("|---" * (3 + len(bench_forecast.BASELINES)) + "|")
    for name, recs in loaded.items():
        rows = [r["mae"] for r in recs.values() if all(v > 0 for v in r["mae"].values())]
        rfm = np.array([r["rfm"] for r in rows])
        wins, ratios = [], []
        for b in bench_forecast.BASELINES:
            base = np.array([r[b] for r in rows])
            wins.append(f"{int(np.sum(rfm <= base))}/{len(rows)}")
            ratios.append(f"{b} {np.exp(np.mean(np.log(rfm / base))):.3f}")
        lines.append(f"| {name} | {len(rows)} | " + " | ".join(wins) + " | " + ", ".join(ratios) + " |")
    for name, spec in runs.items():  # NAME=JSONL@BASE: against that run, else against the run listed before it
        base = spec.split("@", 1)[1] if "@" in spec else _before(list(runs), name)
        if base is None:
            continue
        seeds = sorted(set(loaded[base]) & set(loaded[name]))
        a = np.array([loaded[base][s]["mae"]["rfm"] for s in seeds])
        b = np.array([loaded[name][s]["mae"]["rfm"] for s in seeds])
        moved = np.abs(b - a) > 1e-6 * np.maximum(a, b)
        lines.append(
            f"\n{name} against {base}: {len(seeds)} forecasts, better {int(np.sum(moved & (b < a)))}, worse "
            f"{int(np.sum(moved & (b > a)))}, rfm MAE ratio (geometric mean) {np.exp(np.mean(np.log(b / a))):.4f}"
        )
    return "\n".join(lines) + "\n"


def _before(names: list[str], name: str) -> str | None:
    i = names.index(name)
    return names[i - 1] if i else None


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seeds", nargs=2, type=int, default=[0, 30], metavar=("FIRST", "END"))
    ap.add_argument("--label", default="run", help="results/unseen_forecast_LABEL.jsonl (appended to)")
    ap.add_argument("--run-mode", default="fast")
    ap.add_argument("--mode", choices=forecast.MODES, default=forecast.MODE, help="how the model learns the steps")
    ap.add_argument(
        "--report", nargs="+", metavar="NAME=JSONL", help="write UNSEEN_FORECAST.md from these runs instead"
    )
    args = ap.parse_args(argv)
    if args.report:
        text = report(dict(item.split("=", 1) for item in args.report))
        (Path(__file__).parent / "UNSEEN_FORECAST.md").write_text(text)
        print(text)
        return 0
    warnings.filterwarnings("ignore")  # stale data, few examples: one line per backtest would flood the log
    run(range(*args.seeds), RESULTS / f"unseen_forecast_{args.label}.jsonl", args.run_mode, args.mode)
    return 0


if __name__ == "__main__":
    sys.exit(main())
