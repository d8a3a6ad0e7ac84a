"""A static target predicted forward in time, where no backtest fold can leak: on a copy of a database, the last 20%
of a table's rows by time get their target hidden and are predicted (1,500 of them at most) from the rest; the
metric against the values hidden, beside the mean's (a number) or the rate's (a class).

    python benchmarks/trials/lms.py /tmp/lms.duckdb
    python benchmarks/static_forward.py /tmp/lms.duckdb submissions submission_id submitted_at score
    python benchmarks/trials/clinic.py /tmp/clinic.duckdb
    python benchmarks/static_forward.py /tmp/clinic.duckdb appointments appointment_id scheduled_at status \\
        --is no_show --among attended no_show --tables clinics doctors patients appointments

A number's hidden rows are set NULL; with `--is VALUE` the target is `column = 'VALUE'` over the rows whose value
is one of `--among`, and the hidden rows are set to 'hidden' and left out of the context by the query's WHERE (as
appointments still ahead, 'scheduled', would be). Compare code versions by running it with `PYTHONPATH` set to
each tree's root (STATIC.md).
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import warnings
from pathlib import Path

import duckdb
import numpy as np

sys.path.append(str(Path(__file__).resolve().parents[1]))  # appended: a PYTHONPATH naming another tree comes first

import rfm_sql  # noqa: E402
from rfm_sql.pql.tasks import TaskType  # noqa: E402
from rfm_sql.runtime import metrics  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("db")
    ap.add_argument("table")
    ap.add_argument("key")
    ap.add_argument("time")
    ap.add_argument("target")
    ap.add_argument("--is", dest="value", help="a class target: column = VALUE")
    ap.add_argument("--among", nargs="+", default=[], help="the values a class target's rows may have")
    ap.add_argument("--tables", nargs="+", help="the tables to attach (default: all)")
    a = ap.parse_args()
    warnings.filterwarnings("ignore")
    t, k, when, y = (f'"{a.table}"', f'"{a.key}"', f'"{a.time}"', f'"{a.target}"')
    with tempfile.TemporaryDirectory() as tmp:
        path = f"{tmp}/copy.duckdb"
        shutil.copy(a.db, path)
        con = duckdb.connect(path)
        among = f" AND {y} IN ({', '.join(repr(v) for v in a.among)})" if a.among else ""
        cut = con.execute(f"SELECT quantile_disc({when}, 0.8) FROM {t} WHERE {y} IS NOT NULL{among}").fetchall()[0][0]
        rows = f"{when} > ? AND {y} IS NOT NULL{among}"
        truth = dict(con.execute(f"SELECT {k}, {y} FROM {t} WHERE {rows}", [cut]).fetchall())
        con.execute(f"UPDATE {t} SET {y} = {'NULL' if a.value is None else repr('hidden')} WHERE {rows}", [cut])
        keys = sorted(truth)[:: max(1, len(truth) // 1500)]
        pql = f"PREDICT {a.table}.{a.target} FOR EACH {a.table}.{a.key}"
        if a.value is not None:  # the context: rows of a value among those asked, not the hidden ones
            left_out = ["hidden", *(_others(con, t, y, a.among) if a.among else [])]
            kept = " AND ".join(f"{a.table}.{a.target} != '{v}'" for v in left_out)
            pql = f"PREDICT {a.table}.{a.target} = '{a.value}' FOR EACH {a.table}.{a.key} WHERE {kept}"
        out = rfm_sql.attach(con, tables=a.tables).predict(pql, entities=keys)
        column = "TARGET_PRED" if a.value is None else "True_PROB"
        pred = dict(zip(out.column("ENTITY").to_pylist(), out.column(column).to_pylist(), strict=True))
    p = np.array([pred[key] for key in keys], dtype=float)
    if a.value is None:
        truth_y = np.array([truth[key] for key in keys], dtype=float)
        score, base = np.mean(np.abs(p - truth_y)), np.mean(np.abs(truth_y - np.mean(list(truth.values()))))
        print(f"{pql}\n{len(keys)} rows after {cut}: MAE {score:.4f} (the mean: {base:.4f})")
        return
    truth_y = np.array([truth[key] == a.value for key in keys], dtype=float)
    auroc = metrics.compute(metrics.resolve(["auroc"], TaskType.BINARY), truth_y, p, p > 0.5)["auroc"]
    print(f"{pql}\n{len(keys)} rows after {cut}: AUROC {auroc:.4f} ({truth_y.mean():.3f} positive)")


def _others(con, t: str, y: str, among: list[str]) -> list[str]:
    """The values of the target column outside `among` (other than 'hidden'): left out of the context."""
    values = [v for (v,) in con.execute(f"SELECT DISTINCT {y} FROM {t} WHERE {y} IS NOT NULL").fetchall()]
    return sorted(str(v) for v in values if v not in among and v != "hidden")


if __name__ == "__main__":
    main()
