"""Cold multiclass: a many-class target over a window whose entities have no history of it (an order's first
shipment's carrier, a pull request's first review verdict), with and without the entity's features and their
class interactions in the pairs (runtime.pairs.COLD_SHARE, compile.pair_values `with_class`).

    python benchmarks/cold_multiclass.py     # writes benchmarks/COLD_MULTICLASS.md (about a minute on 2 cores)

Two generated shops of 20,000 orders over two years, each shipped once within four days by one of three carriers:
in `channel`, the order's sales channel (web, app, phone) picks the likely carrier (70%), and an order over 60
picks another; in `amount`, the order's amount alone does (under 15, 15-40, over 40). Every order is an entity
with no carrier before its anchor, so the pairs' history and popularity features are the same for all of them.
Backtested at ten anchors in 2024, accuracy (the best achievable is about 0.7).
"""

from __future__ import annotations

import datetime as dt
import sys
import warnings
from pathlib import Path
from unittest import mock

import duckdb
import numpy as np

import rfm_sql
from rfm_sql.runtime import pairs

sys.path.insert(0, str(Path(__file__).parent))
import report  # noqa: E402

QUERY = "PREDICT FIRST(shipments.carrier, 0, 7, days) FOR EACH orders.order_id"
ANCHORS = [f"2024-{m:02d}-01" for m in range(3, 12)] + ["2024-11-15"]
CARRIERS = ["ups", "dhl", "fedex"]


def build(driver: str, n: int = 20_000, seed: int = 0) -> duckdb.DuckDBPyConnection:
    """The shop whose carriers `driver` ("channel" or "amount") decides."""
    rng = np.random.default_rng(seed)
    start = dt.datetime(2023, 1, 1)
    created = [start + dt.timedelta(minutes=int(m)) for m in rng.uniform(0, 700 * 1440, n)]
    channel = rng.choice(["web", "app", "phone"], n)
    amount = np.round(rng.lognormal(3, 1, n), 2)
    by_channel = {"web": [0.7, 0.2, 0.1], "app": [0.1, 0.7, 0.2], "phone": [0.2, 0.1, 0.7]}
    carrier = []
    for c, a in zip(channel, amount, strict=True):
        if driver == "channel":
            p = [0.1, 0.1, 0.8] if a > 60 else by_channel[c]
        else:
            p = [0.7, 0.2, 0.1] if a < 15 else [0.1, 0.7, 0.2] if a < 40 else [0.2, 0.1, 0.7]
        carrier.append(str(rng.choice(CARRIERS, p=p)))
    shipped = [c + dt.timedelta(hours=float(h)) for c, h in zip(created, rng.uniform(1, 96, n), strict=True)]
    con = duckdb.connect()
    con.execute(
        "CREATE TABLE orders (order_id INTEGER PRIMARY KEY, created_at TIMESTAMP, channel VARCHAR, amount DOUBLE)"
    )
    con.executemany(
        "INSERT INTO orders VALUES (?, ?, ?, ?)",
        [(i + 1, created[i], str(channel[i]), float(amount[i])) for i in range(n)],
    )
    con.execute(
        "CREATE TABLE shipments (shipment_id INTEGER PRIMARY KEY, order_id INTEGER REFERENCES orders, "
        "carrier VARCHAR, shipped_at TIMESTAMP)"
    )
    con.executemany(
        "INSERT INTO shipments VALUES (?, ?, ?, ?)", [(i + 1, i + 1, carrier[i], shipped[i]) for i in range(n)]
    )
    return con


def run(driver: str, cold_share: float) -> dict:
    rfm = rfm_sql.attach(build(driver))
    with mock.patch.object(pairs, "COLD_SHARE", cold_share), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        evaluation = rfm.evaluate(QUERY, anchor_time=ANCHORS)
    return {"accuracy": evaluation.metrics["accuracy"], "global": evaluation.baselines["global"]["accuracy"]}


def main() -> None:
    rows = []
    for driver in ("channel", "amount"):
        off, on = run(driver, 2.0), run(driver, pairs.COLD_SHARE)
        rows.append(
            {
                "carrier decided by": driver,
                "global": off["global"],
                "rfm, pairs without the entity": off["accuracy"],
                "rfm, as shipped": on["accuracy"],
            }
        )
        print(rows[-1], flush=True)
    lines = report.arms_table(
        "Cold multiclass: entities with no history of the target",
        "python benchmarks/cold_multiclass.py",
        "both arms",
        rows,
    )
    lines += [
        "",
        f"Query: `{QUERY}`, backtested at {len(ANCHORS)} anchors in 2024; accuracy. *Without the entity*: the pairs "
        "read the classes' history and popularity only, the same for every order (as before `COLD_SHARE`); *as "
        "shipped*: a context where most examples have no target history reads the entity's own features and each "
        "one's value paired with the class (`compile.pair_values.with_class`).",
    ]
    (Path(__file__).parent / "COLD_MULTICLASS.md").write_text("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
