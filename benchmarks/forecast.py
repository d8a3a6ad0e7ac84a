"""The forecasting benchmark: movielens-small, monthly rating counts of active movies, 3 months ahead.

    python benchmarks/forecast.py --split val    # both ways of learning the steps (joint, per_step): tune here
    python benchmarks/forecast.py --split test   # the chosen mode; writes benchmarks/results/forecast_test.json

Task: `PREDICT COUNT(ratings.*, 0, 30, days) FORECAST 3 TIMEFRAMES FOR EACH movies.movieId WHERE
COUNT(ratings.*, -365, 0, days) > 0`. Its task tables are built here from `rfm.labels` (one row per movie,
anchor and step) at anchors spaced like RelBench's movielens splits (val in 2015, test from 2016-07-01), one
forecast horizon (90 days) apart so no label window overlaps the next anchor's:
val 2015-01-01, 2015-04-01, 2015-06-30; test 2016-07-01, 2016-09-29, 2016-12-28, 2017-03-28.
Each anchor's context comes from history before it only. Baselines (rfm_sql/bench_forecast.py): last_value
and LightGBM per step, on the same context rows and features.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
from pathlib import Path

import duckdb

import rfm_sql
from rfm_sql import bench_forecast
from rfm_sql.runtime import forecast
from rfm_sql.runtime.options import RunOptions

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "movielens-small"
QUERY = (
    "PREDICT COUNT(ratings.*, 0, 30, days) FORECAST 3 TIMEFRAMES FOR EACH movies.movieId "
    "WHERE COUNT(ratings.*, -365, 0, days) > 0"
)
HORIZON = dt.timedelta(days=90)
ANCHORS = {
    "val": [dt.datetime(2015, 1, 1) + k * HORIZON for k in range(3)],
    "test": [dt.datetime(2016, 7, 1) + k * HORIZON for k in range(4)],
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=sorted(ANCHORS), default="val")
    parser.add_argument("--run-mode", default="fast")
    parser.add_argument("--data", type=Path, default=DATA)
    args = parser.parse_args()
    rfm = rfm_sql.attach_folder(duckdb.connect(), args.data, views=True)
    task_table = rfm.labels(QUERY, anchor_time=ANCHORS[args.split])
    options = RunOptions.from_kwargs(run_mode=args.run_mode)
    modes = forecast.MODES if args.split == "val" else (forecast.MODE,)
    out = {
        "data": args.data.name,
        "task": "movie-ratings-forecast",
        "split": args.split,
        "query": QUERY,
        "anchors": [str(a) for a in ANCHORS[args.split]],
        "run_mode": args.run_mode,
        "model": rfm.model.info,
        "by_mode": {},
    }
    for mode in modes:
        result = bench_forecast.score(rfm, QUERY, task_table, options, mode)
        out["by_mode"][mode] = result
        print(f"{args.split} mode={mode} n={result['n']} anchors={result['anchors']} rfm {result['seconds']['rfm']} s")
        for name, metrics in result["results"].items():
            print(f"  {name:<12} " + "  ".join(f"{k} {v:.4f}" for k, v in metrics.items()))
    path = Path(__file__).parent / "results" / f"forecast_{args.split}.json"
    path.write_text(json.dumps(out, indent=2, default=str) + "\n")
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
