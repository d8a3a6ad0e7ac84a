"""Recommendations on a database where nothing is linked twice, with each stratum of candidate pairs at the rate
its kept pairs show (runtime.stratum_calibration, shipped) and at the sampling's odds alone (before).

    python benchmarks/stratum_rates.py [--accounts 2000]   # writes results/stratum_rates.json

The SaaS database of tests/saas_db.py (no account adds a product twice), `RANK TOP 5` products per account at
2024-10-01: the share of recommended products the account already has, and `rfm.evaluate`'s backtest (MAP@5,
recall@5 at the default anchor), both settings in one run on the same database.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path

import duckdb
import numpy as np

import rfm_sql
from rfm_sql.runtime import pairs, stratum_calibration

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tests.saas_db import build  # noqa: E402

QUERY = "PREDICT LIST_DISTINCT(account_products.product_id, 0, 30, days) RANK TOP 5 FOR EACH accounts.account_id"
ANCHOR = dt.datetime(2024, 10, 1)


def measure(con) -> dict:
    rfm = rfm_sql.attach(con)
    out = rfm.predict(QUERY, anchor_time=ANCHOR).to_pylist()
    owned = set(con.sql(f"SELECT account_id, product_id FROM account_products WHERE added_at <= '{ANCHOR}'").fetchall())
    had = [(r["ENTITY"], r["CLASS"]) in owned for r in out]
    backtest = rfm.evaluate(QUERY).to_dict()
    return {
        "owned_share_of_top5": round(float(np.mean(had)), 4),
        "owned_share_of_rank1": round(float(np.mean([h for h, r in zip(had, out, strict=True) if r["RANK"] == 1])), 4),
        "map@5": round(backtest["map@k"], 4),
        "recall@5": round(backtest["recall@k"], 4),
        "backtest_rows": backtest["n"],
    }


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--accounts", type=int, default=2000)
    args = ap.parse_args(argv)
    con = duckdb.connect()
    build(con, n_accounts=args.accounts)
    result = {"command": "python benchmarks/stratum_rates.py", "accounts": args.accounts, "query": QUERY}
    result["stratum_rates"] = measure(con)
    shipped = pairs.stratum_factors
    pairs.stratum_factors = lambda *a, **k: (1.0, 1.0)  # the sampling's odds alone
    try:
        result["sampling_odds_only"] = measure(con)
    finally:
        pairs.stratum_factors = shipped
    assert stratum_calibration.stratum_factors is shipped
    print(json.dumps(result, indent=2))
    (Path(__file__).parent / "results" / "stratum_rates.json").write_text(json.dumps(result, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
