"""A static number predicted forward in time, where no backtest fold can leak: on a copy of a database, the last 20%
of a table's rows by time get their target set NULL and are predicted (1,500 of them at most) from the rest; MAE
against the values removed, beside the mean's.

    python benchmarks/trials/lms.py /tmp/lms.duckdb
    python benchmarks/static_forward.py /tmp/lms.duckdb submissions submission_id submitted_at score

Compare code versions by running it with `PYTHONPATH` set to each tree's root (STATIC.md).
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import warnings
from pathlib import Path

import duckdb
import numpy as np

sys.path.append(str(Path(__file__).resolve().parents[1]))  # appended: a PYTHONPATH naming another tree comes first

import rfm_sql  # noqa: E402


def main(src: str, table: str, key: str, time: str, target: str) -> None:
    warnings.filterwarnings("ignore")
    with tempfile.TemporaryDirectory() as tmp:
        path = f"{tmp}/copy.duckdb"
        shutil.copy(src, path)
        con = duckdb.connect(path)
        cut = con.execute(f'SELECT quantile_disc("{time}", 0.8) FROM "{table}"').fetchall()[0][0]
        truth = dict(
            con.execute(
                f'SELECT "{key}", "{target}" FROM "{table}" WHERE "{time}" > ? AND "{target}" IS NOT NULL', [cut]
            ).fetchall()
        )
        con.execute(f'UPDATE "{table}" SET "{target}" = NULL WHERE "{time}" > ?', [cut])
        keys = sorted(truth)[:: max(1, len(truth) // 1500)]
        out = rfm_sql.attach(con).predict(f"PREDICT {table}.{target} FOR EACH {table}.{key}", entities=keys)
        pred = dict(zip(out.column("ENTITY").to_pylist(), out.column("TARGET_PRED").to_pylist(), strict=True))
    y = np.array([truth[k] for k in keys], dtype=float)
    mae = np.mean(np.abs(np.array([pred[k] for k in keys], dtype=float) - y))
    mean = np.mean(np.abs(y - np.mean(list(truth.values()))))
    print(f"{table}.{target}: {len(keys)} rows after {cut}, MAE {mae:.4f} (the mean: {mean:.4f})")


if __name__ == "__main__":
    main(*sys.argv[1:6])
