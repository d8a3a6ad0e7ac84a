"""Backtests against honest predictions: does a backtest at a past anchor read what a prediction made then would?

    python benchmarks/honesty.py [DB ...]   # -> benchmarks/HONESTY.md (and results/honesty.jsonl; other DBs' rows stay)

A backtest (`RFM.evaluate`) at a past anchor reads the database as it stands today, each input as the tool thinks it
stood at the anchor. Where a column holds today's state that no rule caught, the backtest reads better than
predictions can be. For a trial database whose generator writes an as-of copy (the same simulation, with its rows
and today's state as they stood at a time: `python benchmarks/trials/rentals.py OUT --as-of DATE`), each of its tasks is
predicted on the copy of each anchor, at that anchor, and scored with the full database's labels: the honest number.
A backtest clearly above it reads something written after its anchor. Forecasts and rankings are not compared.

The hotel's, the donors', the pharmacy's, the league's, the recruiting marketplace's, the forum's, the library's, the ad platform's, the fleet's, the code host's, the brokerage's, the school district's, the warehouse's, the social network's, the ticketing platform's, the exchange's, the email-marketing platform's, the lending platform's, the freelance marketplace's, the building-telemetry warehouse's, the airline's, the wholesaler's, the app-analytics warehouse's, the dating app's, the auction site's, the cloud host's, the transit card scheme's, the car dealership's, the podcast platform's, the subscription-box shop's, the crowdfunding platform's, the EV charging network's, the bike-share system's, the veterinary chain's, the coworking operator's, the permit office's, the parking operator's, the language app's, the clinical-trial sponsor's, the solar installer's, the freight broker's, the farm co-op's, the museum's, the staffing agency's, the daycare chain's, the winery's, the home-services marketplace's, the car-sharing service's, the telehealth platform's, the campground network's, the auto-repair chain's, the blood service's, the animal shelter's, the property manager's, the tutoring marketplace's, the self-storage operator's, the event venue group's, the construction contractor's, the marina's, the waste hauler's, the caterer's, the law firm's, the theatre's, the pest-control company's, the salon chain's, the golf club's, the moving company's, the ski resort's, the bootcamp's, the music school's, the home-care agency's and the tool-rental chain's copies are exact (the snapshot's rows and values as they stood). The rentals' is the same simulation, but
the values its generator draws after it cuts the rows at the time (a request's cost, an inspection's score, a
tenant's name) are drawn again, for other rows: where such a column carries signal, its honest number reads a
little worse than an exact copy would.

    python benchmarks/honesty.py --report   # HONESTY.md again from results/honesty.jsonl
"""

from __future__ import annotations

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
from rfm_sql.runtime import metrics  # noqa: E402

AS_OF = [
    "rentals",
    "hotel",
    "donors",
    "pharmacy",
    "league",
    "recruiting",
    "forum",
    "library",
    "ads",
    "fleet",
    "codehost",
    "realestate",
    "school",
    "warehouse",
    "social",
    "tickets",
    "exchange",
    "newsletter",
    "lending",
    "freelance",
    "iot",
    "airline",
    "wholesale",
    "appanalytics",
    "dating",
    "auction",
    "cloudhost",
    "transit",
    "dealer",
    "podcast",
    "boxsub",
    "crowdfund",
    "evcharge",
    "bikeshare",
    "vetclinic",
    "coworking",
    "permits",
    "parking",
    "langapp",
    "clinicaltrial",
    "solar",
    "freight",
    "farmcoop",
    "museum",
    "staffing",
    "daycare",
    "winery",
    "homeservices",
    "carshare",
    "telehealth",
    "campground",
    "autorepair",
    "blooddrive",
    "shelter",
    "propmgmt",
    "tutoring",
    "selfstorage",
    "eventvenue",
    "construction",
    "marina",
    "wastehauling",
    "catering",
    "lawfirm",
    "theatre",
    "pestcontrol",
    "salon",
    "golfclub",
    "movingco",
    "skiresort",
    "bootcamp",
    "musicschool",
    "homecare",
    "toolrental",
]  # the trial generators that write an as-of copy (`--as-of DATE`)
COMPARED = {TaskType.BINARY: "auroc", TaskType.REGRESSION: "mae", TaskType.MULTICLASS: "accuracy"}


def honest(full, copy, pql: str, anchor: str, task: TaskType) -> tuple[float, int]:
    """The metric of the predictions made on `copy` at `anchor`, scored by `full`'s labels, and the rows scored."""
    predicted = copy.predict(pql, anchor_time=anchor).to_pandas()
    if task is TaskType.MULTICLASS:  # a row per class: the one PREDICTED
        predicted = predicted[predicted.PREDICTED].rename(columns={"CLASS": "TARGET_PRED"})
    rows = full.labels(pql, anchor_time=anchor).to_pandas().merge(predicted, on="ENTITY")
    y = rows.TARGET.to_numpy()
    if task is TaskType.BINARY:
        return metrics.auroc(y.astype(float), rows["True_PROB"].to_numpy(float)), len(rows)
    if task is TaskType.REGRESSION:
        return metrics.mae(y.astype(float), rows.TARGET_PRED.to_numpy(float)), len(rows)
    return metrics.accuracy(y.astype(str), rows.TARGET_PRED.astype(str).to_numpy()), len(rows)


def main() -> None:
    if sys.argv[1:] == ["--report"]:
        rows = [json.loads(line) for line in (HERE / "results" / "honesty.jsonl").open()]
        (HERE / "HONESTY.md").write_text(report(rows))
        return
    names = sys.argv[1:] or AS_OF
    unknown = [n for n in names if n not in AS_OF]
    if unknown:
        sys.exit(f"no as-of copy for {', '.join(unknown)}: the databases are {', '.join(AS_OF)}")
    path = HERE / "results" / "honesty.jsonl"
    kept = [json.loads(line) for line in path.open()] if path.exists() else []
    out = [r for r in kept if r["db"] not in names]  # the other databases' rows stay
    with tempfile.TemporaryDirectory() as tmp:
        for name in names:
            anchors, tasks = TRIALS[name]
            generator = str(HERE / "trials" / f"{name}.py")
            subprocess.run([sys.executable, generator, f"{tmp}/{name}.duckdb"], check=True, capture_output=True)
            for anchor in anchors:
                copy = f"{tmp}/{name}_{anchor}.duckdb"
                subprocess.run([sys.executable, generator, copy, "--as-of", anchor], check=True, capture_output=True)
            full = rfm_sql.attach(duckdb.connect(f"{tmp}/{name}.duckdb", read_only=True))
            for pql in tasks:
                task = full.resolve(pql).task_type
                if task not in COMPARED:
                    continue
                for anchor in anchors:
                    copy = rfm_sql.attach(duckdb.connect(f"{tmp}/{name}_{anchor}.duckdb", read_only=True))
                    try:
                        with warnings.catch_warnings():
                            warnings.simplefilter("ignore")
                            backtest = full.evaluate(pql, anchor_time=anchor)
                            value, n = honest(full, copy, pql, anchor, task)
                    except rfm_sql.RFMError as e:  # no example to learn from at that anchor: said, not scored
                        print(f"not scored: {name} {pql} at {anchor}: {str(e).splitlines()[0][:200]}", flush=True)
                        continue
                    metric = COMPARED[task]
                    row = {"db": name, "pql": pql, "anchor": anchor, "metric": metric}
                    row |= {"backtest": backtest.metrics[metric], "honest": value, "n": n, "n_backtest": backtest.n}
                    out.append(row)
                    print(json.dumps(row), flush=True)
    path.write_text("".join(json.dumps(r) + "\n" for r in out))
    (HERE / "HONESTY.md").write_text(report(out))


def report(rows: list[dict]) -> str:
    lines = [
        "# Backtests against honest predictions",
        "",
        "`python benchmarks/honesty.py`: each task backtested on the full database (`RFM.evaluate`) and predicted on a",
        "copy of the database as it stood at the anchor, scored with the same labels (module docstring). A backtest",
        "better than its honest number by more than noise reads something written after its anchor.",
        "",
        "| db | task | anchor | metric | backtest | honest | rows (backtest / honest) |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        lines.append(
            f"| {r['db']} | `{r['pql']}` | {r['anchor']} | {r['metric']} | {r['backtest']:.4f} | {r['honest']:.4f} | "
            f"{r['n_backtest']:,} / {r['n']:,} |"
        )
    scored = [r["backtest"] - r["honest"] for r in rows if r["metric"] != "mae"]
    ratios = [r["backtest"] / r["honest"] for r in rows if r["metric"] == "mae" and r["honest"] > 0]
    lines.append("")
    if scored:
        lines.append(
            f"- AUROC and accuracy, backtest minus honest: mean {np.mean(scored):+.4f}, most {max(scored):+.4f}."
        )
    if ratios:
        lines.append(
            f"- MAE, backtest over honest: geometric mean {np.exp(np.mean(np.log(ratios))):.3f}, least {min(ratios):.3f} "
            "(under 1: the backtest reads better)."
        )
    lines += [
        "",
        "The rentals' copy redraws what its generator draws after cutting the rows (module docstring): its honest",
        "numbers can read a little worse where such a column carries signal. The hotel's, the donors', the pharmacy's, the league's, the recruiting marketplace's, the forum's, the library's, the ad platform's, the fleet's, the code host's, the brokerage's, the school district's, the warehouse's, the social network's, the ticketing platform's, the exchange's, the email-marketing platform's, the lending platform's, the freelance marketplace's, the building-telemetry warehouse's, the airline's, the wholesaler's, the app-analytics warehouse's, the dating app's, the auction site's, the cloud host's, the transit card scheme's, the car dealership's, the podcast platform's, the subscription-box shop's, the crowdfunding platform's, the EV charging network's, the bike-share system's, the veterinary chain's, the coworking operator's, the permit office's, the parking operator's, the language app's, the clinical-trial sponsor's, the solar installer's, the freight broker's, the farm co-op's, the museum's, the staffing agency's, the daycare chain's, the winery's, the home-services marketplace's, the car-sharing service's, the telehealth platform's, the campground network's, the auto-repair chain's, the blood service's, the animal shelter's, the property manager's, the tutoring marketplace's, the self-storage operator's, the event venue group's, the construction contractor's, the marina's, the waste hauler's, the caterer's, the law firm's, the theatre's, the pest-control company's, the salon chain's, the golf club's, the moving company's, the ski resort's, the bootcamp's, the music school's, the home-care agency's and the tool-rental chain's copies are exact.",
    ]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
