"""Static targets (a column of the entity's own row: whether an appointment is missed, a rating's stars) backtested
on the trial databases and on random databases of the relational prior, rfm against the bench's baselines on the
same rows. Neither `unseen.py` (windowed targets) nor `trials.py` asks such questions.

    python benchmarks/static.py --label NAME      # -> results/static_NAME.jsonl
    python benchmarks/static.py --report A B ...  # STATIC.md: the runs side by side, B... against A

Compare code versions by running it with `PYTHONPATH` set to each tree's root. Trial tasks are the planted ones
(each generator's docstring says what drives them); the prior's are drawn per database: for up to two tables with a
parent, the first numeric column (regression) and the first categorical one whose most frequent value holds 10-90%
of the rows (binary: `= value`; and its classes: multiclass), each backtested at the default anchor (4 folds: rfm.evaluate).
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

import rfm_sql  # noqa: E402
from export.relprior_schema import attach, random_database  # noqa: E402
from rfm_sql.graph import SType  # noqa: E402

RESULTS = HERE / "results"

# database: (tables to attach, or None for all; SQL run on the copy first; tasks). Outcome tables written after a
# visit are left out (the outcome-rows warning's advice): diagnoses exist only for attended visits, refunds only
# for returned orders, returned_at only on them (the outcome warnings' advice); a review's body is drawn from its stars.
TRIALS = {
    "clinic": (
        ["clinics", "doctors", "patients", "appointments"],
        [],
        [
            "PREDICT appointments.status = 'no_show' FOR EACH appointments.appointment_id "
            "WHERE appointments.status != 'scheduled' AND appointments.status != 'cancelled'",
            "PREDICT appointments.reminder_sent FOR EACH appointments.appointment_id",
        ],
    ),
    "lms": (
        None,
        [],
        [
            "PREDICT submissions.is_late FOR EACH submissions.submission_id",
            "PREDICT submissions.score FOR EACH submissions.submission_id",
        ],
    ),
    "delivery": (
        None,
        [],
        [
            "PREDICT ratings.stars FOR EACH ratings.rating_id",
            "PREDICT ratings.stars >= 4 FOR EACH ratings.rating_id",
        ],
    ),
    "marketplace": (
        ["buyers", "categories", "listings", "orders", "reviews", "sellers"],
        ["ALTER TABLE reviews DROP COLUMN body", "UPDATE orders SET returned_at = NULL"],
        [
            "PREDICT orders.status = 'returned' FOR EACH orders.order_id WHERE orders.status != 'cancelled'",
            "PREDICT reviews.stars FOR EACH reviews.review_id",
            "PREDICT orders.payment_method FOR EACH orders.order_id",
        ],
    ),
    "streaming": (None, [], ["PREDICT tracks.genre FOR EACH tracks.track_id"]),  # 87% its artist's primary genre
}


def prior_tasks(rfm, cur, per_db: int = 2, multiclass: bool = True) -> list[str]:
    """Static tasks over the tables with a parent of one random database of the prior."""
    tasks = []
    for name, tab in rfm.graph.tables.items():
        parents = [lk for lk in rfm.graph.parents(name) if lk.parent != name]
        if not tab.primary_key or not parents or len(tasks) >= (3 if multiclass else 2) * per_db:
            continue
        keys = {tab.primary_key, *(lk.fkey for lk in rfm.graph.parents(name))}
        cols = [c for c in tab.columns if c.name not in keys]
        if (n := cur.execute(f'SELECT COUNT(*) FROM "{name}"').fetchone()[0]) < 300:
            continue
        numeric = [c for c in cols if c.stype is SType.NUMERICAL]
        if numeric:
            tasks.append(f"PREDICT `{name}`.`{numeric[0].name}` FOR EACH `{name}`.`{tab.primary_key}`")
        for c in (c for c in cols if c.stype is SType.CATEGORICAL):
            top = cur.execute(
                f'SELECT CAST("{c.name}" AS VARCHAR), COUNT(*) FROM "{name}" WHERE "{c.name}" IS NOT NULL '
                "GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 1"
            ).fetchone()
            if top and 0.1 <= top[1] / n <= 0.9:
                value = top[0].replace("'", "''")
                tasks.append(f"PREDICT `{name}`.`{c.name}` = '{value}' FOR EACH `{name}`.`{tab.primary_key}`")
                if multiclass:  # the same column's classes
                    tasks.append(f"PREDICT `{name}`.`{c.name}` FOR EACH `{name}`.`{tab.primary_key}`")
                break
    return tasks


def score(rfm, db: str, pql: str) -> dict | None:
    """A task's backtest at the default anchor, as the unseen suite scores one (`unseen.backtest_record`)."""
    import unseen  # here: it puts this tree first on sys.path, which must not win over a PYTHONPATH's rfm_sql

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        record = unseen.backtest_record(rfm, db, pql, None)
    if record is None:
        return None
    row = {"db": db, "pql": pql, "metric": record["metric"], "n": record["n"], "res": record["res"]}
    print(db, pql[:80], {k: round(v, 4) for k, v in row["res"].items()}, flush=True)
    return row


def run(label: str, seeds: range, only: list[str], classes: bool = False) -> None:
    out = RESULTS / f"static_{label}.jsonl"
    kept = [line for line in out.open()] if out.exists() and only else []  # --only: the other rows stay
    kept = [line for line in kept if json.loads(line)["db"] not in only]
    with tempfile.TemporaryDirectory() as tmp, out.open("w") as f:
        f.writelines(kept)
        for db, (tables, setup, tasks) in TRIALS.items():
            if only and db not in only:
                continue
            path = f"{tmp}/{db}.duckdb"
            subprocess.run([sys.executable, str(HERE / "trials" / f"{db}.py"), path], check=True, capture_output=True)
            con = duckdb.connect(path)
            for sql in setup:
                con.execute(sql)
            rfm = rfm_sql.attach(con, tables=tables)
            for pql in tasks:
                if (not classes or is_class(rfm, pql)) and (row := score(rfm, db, pql)) is not None:
                    f.write(json.dumps(row) + "\n")
        for seed in seeds if not only else ():
            con, schema = random_database(np.random.default_rng(seed), "small")
            rfm = attach(con, schema)
            with con.cursor() as cur:
                tasks = prior_tasks(rfm, cur)
            for pql in tasks:
                if (not classes or is_class(rfm, pql)) and (row := score(rfm, f"prior{seed}", pql)) is not None:
                    f.write(json.dumps(row) + "\n")


def is_class(rfm, pql: str) -> bool:
    """Whether `pql` is a multiclass task (`--classes`: only those are run); False for one the validator refuses
    (a drawn `= 'false'` on a BOOLEAN column: no class task, and the run scores it as none)."""
    try:
        return rfm.resolve(pql).task_type.value == "multiclass"
    except rfm_sql.RFMError:
        return False


RUNS = {  # what each committed run measured
    "base": "commit 3e96cc9 (2026-12-05, before sibling labels)",
    "sib": "sibling labels (compile/sibling_labels.py): the target on the entity's earlier siblings",
    "s21_head": "class tasks only (`--classes`), commit c1d3104 (2026-12-06): static classes by the class head",
    "s21_pairs": "class tasks only, commit ab70490: static classes over (entity, class) pairs, statistics out of fold",
    "s34_classes": "class tasks only, commit df396c2 (2026-12-07), before runtime/class_shares.py",
    "s35_classes": "class tasks only, commit 71c7605: classes compared by p^a·w where the context's examples say so",
}


def report(labels: list[str]) -> str:
    runs = {label: [json.loads(x) for x in (RESULTS / f"static_{label}.jsonl").open()] for label in labels}
    keyed = {label: {(r["db"], r["pql"]): r for r in rows} for label, rows in runs.items()}
    first = labels[0]
    lines = [
        "# Static targets: trial databases and the relational prior",
        "",
        f"Command: `python benchmarks/static.py --label NAME` per code version, then `python benchmarks/static.py "
        f"--report {' '.join(labels)}` (see the script's docstring). AUROC ↑ for binary targets, accuracy ↑ for classes, MAE ↓ for numbers; "
        "the baselines are the first run's that has the task (`lightgbm`: on that run's features and context).",
        "",
        *(f"- `{label}`: {RUNS[label]}" for label in labels if label in RUNS),
        "",
        "Forward in time, where no fold can leak (`benchmarks/static_forward.py`, its docstring's two commands: the last "
        "20% of the rows by time hidden and predicted from the rest): the lms trial's submission scores MAE 11.98 at "
        "`base`, 9.90 with sibling labels (the mean: 12.06); the clinic trial's no-shows AUROC 0.663 -> 0.717.",
        "",
        "| db | task | metric | n | " + " | ".join(labels) + " | entity_mean | global | lightgbm |",
        "|---|---|---|---|" + "---|" * (len(labels) + 3),
    ]
    order = list(dict.fromkeys(k for label in labels for k in keyed[label]))  # the first run's, then tasks new later
    for key in order:
        r = next(keyed[x][key] for x in labels if key in keyed[x])  # baselines: the first run that has the task
        cells = [f"{keyed[x][key]['res']['rfm']:.4f}" if key in keyed[x] else "–" for x in labels]
        base = [f"{r['res'][b]:.4f}" if b in r["res"] else "–" for b in ("entity_mean", "global", "lightgbm")]
        task = r["pql"].replace("|", "\\|")
        lines.append(f"| {r['db']} | `{task}` | {r['metric']} | {r['n']} | " + " | ".join(cells + base) + " |")
    lines += [
        "",
        "| run | metric | tasks | rfm mean | rfm at least as good as lightgbm | MAE / first run's (geometric mean) |",
    ]
    lines += ["|---|---|---|---|---|---|"]
    for label in labels:
        for metric in ("auroc", "accuracy", "mae"):
            keys = [k for k, r in keyed[label].items() if r["metric"] == metric and k in keyed[first]]
            if not keys:  # a run of some kinds of task only (`--classes`)
                continue
            rfm = np.array([keyed[label][k]["res"]["rfm"] for k in keys])
            lgb = np.array([keyed[label][k]["res"].get("lightgbm", np.nan) for k in keys])
            won = int(np.sum(rfm <= lgb if metric == "mae" else rfm >= lgb))
            ratio = "–"
            if metric == "mae":
                ref = np.array([keyed[first][k]["res"]["rfm"] for k in keys])
                ratio = f"{np.exp(np.mean(np.log(rfm / ref))):.4f}"
            lines.append(f"| {label} | {metric} | {len(keys)} | {rfm.mean():.4f} | {won}/{len(keys)} | {ratio} |")
    pairs = [(first, label) for label in labels[1:]] + list(zip(labels[1:], labels[2:], strict=False))  # and each its previous
    for old, label in dict.fromkeys(pairs):
        both = [k for k in keyed[old] if k in keyed[label]]
        better = worse = 0
        for k in both:
            a, b = keyed[old][k]["res"]["rfm"], keyed[label][k]["res"]["rfm"]
            up = keyed[old][k]["metric"] != "mae"
            if abs(a - b) > 1e-6 * max(abs(a), abs(b)):
                better += (b > a) if up else (b < a)
                worse += (b < a) if up else (b > a)
        lines += ["", f"**{label} against {old}**: {len(both)} tasks, {better} better, {worse} worse."]
    return "\n".join(lines) + "\n"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--label", default="run")
    ap.add_argument("--seeds", nargs=2, type=int, default=[0, 30], metavar=("FIRST", "END"))
    ap.add_argument("--report", nargs="+", metavar="LABEL")
    ap.add_argument("--only", nargs="+", default=[], metavar="DB", help="these trial databases, the rest kept")
    ap.add_argument("--classes", action="store_true", help="only the multiclass tasks (a change to them alone)")
    args = ap.parse_args()
    if args.report:
        (HERE / "STATIC.md").write_text(report(args.report))
        return
    run(args.label, range(*args.seeds), args.only, args.classes)


if __name__ == "__main__":
    main()
