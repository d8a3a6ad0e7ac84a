"""Training episodes from real databases, made by rfm_sql's own planner, SQL and encoder.

Random PQL tasks (counts, sums, means, extremes, thresholds, last categories; entity filters and ASSUMING;
and a share of pair-scored ones: RANK TOP k, CLASSIFY, FIRST / LAST of a foreign key, whose episodes are the
runtime's own balanced (entity, candidate) pair contexts) are drawn over the pre-training databases:
nycflights13 and mimic3-demo from ../shared/data, TPC-H from
`tpchgen-cli`, and the bundled shop generator at random seeds and sizes; with `--trials DIR`, also the training
half of the trial databases built there by `benchmarks/trials/*.py` (`trial_half`: the other half is kept for
measuring). Never f1 or movielens-small.

    python -m export.episodes --out export/cache/episodes --minutes 60
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
import zlib
from pathlib import Path

import duckdb
import numpy as np

import rfm_sql
from export import relprior_schema
from export.tasks import HORIZON_DAYS, lit_pql, random_pair_task, random_task, sample_value, time_range  # noqa: F401
from rfm_sql.compile.sqlutil import TARGET
from rfm_sql.errors import RFMError
from rfm_sql.runtime import context as ctxlib
from rfm_sql.runtime import encode, neighbours, pairs, ranking
from rfm_sql.runtime.evaluate import labelled_at
from rfm_sql.runtime.options import RunOptions

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"
EVALUATION = {"f1", "movielens-small"}  # never trained on
TPCH_SCHEMA = {
    "tables": {
        "nation": {"pkey": "n_nationkey", "fkeys": {}, "time_col": None},
        "customer": {"pkey": "c_custkey", "fkeys": {"c_nationkey": "nation"}, "time_col": None},
        "supplier": {"pkey": "s_suppkey", "fkeys": {"s_nationkey": "nation"}, "time_col": None},
        "part": {"pkey": "p_partkey", "fkeys": {}, "time_col": None},
        "orders": {"pkey": "o_orderkey", "fkeys": {"o_custkey": "customer"}, "time_col": "o_orderdate"},
        "lineitem": {
            "pkey": None,
            "time_col": "l_shipdate",
            "fkeys": {"l_orderkey": "orders", "l_partkey": "part", "l_suppkey": "supplier"},
        },
    }
}


def open_databases(tmp: Path, rng, data: Path = SHARED) -> list:
    dbs = []
    for name in ("nycflights13", "mimic3-demo"):
        assert name not in EVALUATION
        if (data / name / "schema.json").exists():
            dbs.append((name, rfm_sql.attach_folder(duckdb.connect(), data / name)))
    tpch = tmp / "tpch"
    try:
        made = subprocess.run(["tpchgen-cli", "parquet", "-s", "0.05", f"--output-dir={tpch}"], capture_output=True)
    except FileNotFoundError:
        made = None
        print("tpchgen-cli is not installed (pip install -e '.[train]'): no TPC-H episodes", flush=True)
    if made is not None and made.returncode == 0:
        (tpch / "schema.json").write_text(json.dumps(TPCH_SCHEMA))
        dbs.append(("tpch", rfm_sql.attach_folder(duckdb.connect(), tpch)))
    for seed in range(3):
        from rfm_sql import demo

        con = duckdb.connect()
        demo.build(con, n_users=int(rng.integers(400, 2500)), n_items=int(rng.integers(30, 400)), seed=100 + seed)
        dbs.append((f"shop{seed}", rfm_sql.attach(con)))
    return dbs


def trial_half(name: str) -> str:
    """Which half of the trial databases a name falls in, "train" or "held out" (by its CRC-32's parity, so the
    split never moves as generators are added): episodes never come from a database the trials measure on."""
    return "train" if zlib.crc32(name.encode()) % 2 == 0 else "held out"


def open_trials(folder: Path) -> list:
    """The training half of the trial databases in `folder` (NAME.duckdb, as `benchmarks/trials/NAME.py` builds
    them), each attached read-only."""
    dbs = []
    for path in sorted(folder.glob("*.duckdb")):
        if path.is_file() and trial_half(path.stem) == "train" and path.stem not in EVALUATION:
            dbs.append((path.stem, rfm_sql.attach(duckdb.connect(str(path), read_only=True))))
    return dbs


def at_context_rates(rng, prior_ratios: tuple[float, ...], y_qry: np.ndarray) -> np.ndarray:
    """Which query rows to keep so their classes occur at the class-balanced context's rates (the runtime reads
    the network's probabilities as P(class) at the context's rates and corrects them to the true rates with
    `prior_ratios`, so training must teach exactly that): a row of class c is kept with probability
    proportional to 1 / ratio_c. All rows when the context was not balanced."""
    if not prior_ratios:
        return np.ones(len(y_qry), bool)
    inverse = 1.0 / np.asarray(prior_ratios, dtype=np.float64)
    p = inverse[np.clip(y_qry.astype(int), 0, len(inverse) - 1)] / inverse.max()
    return rng.random(len(y_qry)) < p


MIN_CONTEXT, MAX_CONTEXT = 100, 800  # an entity task's context size is drawn uniformly from this range


def make_episode(rng, rfm, cur, max_queries=128, max_context=MAX_CONTEXT, hood=True):
    pql, anchor = random_task(rng, rfm, cur)
    if pql is None:
        return None
    vq = rfm.resolve(pql)
    options = RunOptions(context_size=int(rng.integers(MIN_CONTEXT, max_context)), seed=int(rng.integers(0, 2**31)))
    prepared = ctxlib.prepare(cur, vq, rfm.graph, anchor, options, model=None)  # labels as they are
    labelled = labelled_at(cur, vq, rfm.graph, [anchor])
    if labelled.num_rows < 10:
        return None
    if labelled.num_rows > max_queries:
        pick = np.sort(rng.choice(labelled.num_rows, max_queries, replace=False))
        labelled = labelled.take(pick)
    ep = prepared.encoder.episode(ctxlib.featurise(cur, prepared.features, labelled))
    y_qry = ep.target.encode(labelled.column(TARGET).to_pylist())
    keep = y_qry >= 0 if ep.target.kind == "classification" else np.isfinite(y_qry)
    keep &= at_context_rates(rng, ep.target.prior_ratios, y_qry)
    if keep.sum() < 5 or ep.fmask.sum() == 0:
        return None
    if ep.target.kind == "classification" and len(np.unique(ep.y_ctx)) < 2:
        return None
    rows = neighbours.query_inputs(cur, rfm.graph, prepared, labelled) if hood else {}
    return pql, ep, keep, y_qry, rows


def make_pair_episode(rng, rfm, cur, max_queries=128):
    """An episode of a pair-scored task: the runtime's balanced (entity, candidate) context at an anchor, and
    as queries the candidate pairs of the entities labelled at that anchor, sampled the way the context was.
    No neighbour rows: a pair is not one entity's row."""
    pql, anchor = random_pair_task(rng, rfm, cur)
    if pql is None:
        return None
    vq = rfm.resolve(pql)
    options = RunOptions(context_size=int(rng.integers(200, 1000)), seed=int(rng.integers(0, 2**31)))
    if not ranking.uses_pairs(vq):
        return None  # a first/last class with few classes: an ordinary multiclass task
    prepared = pairs.prepare_pairs(cur, vq, rfm.graph, anchor, options)
    labelled = labelled_at(cur, vq, rfm.graph, [anchor])
    if labelled.num_rows < 5:
        return None
    if labelled.num_rows > max_queries:
        labelled = labelled.take(np.sort(rng.choice(labelled.num_rows, max_queries, replace=False)))
    rows = pairs.featurise_pairs(cur, prepared.features, labelled)
    y = pairs.pair_labels(vq, rows, labelled)
    if y.sum() == 0 or y.all():
        return None
    # keep each query pair at the rate the context kept its kind (positive; negative of each stratum), so
    # that the model's target on the queries is the posterior its context implies
    unseen_ratio, seen_ratio = prepared.odds_ratios
    ratio = np.where(pairs.seen_candidates(rows), seen_ratio, unseen_ratio)
    rate = np.where(y, 1.0, ratio) / max(1.0, float(ratio.max()))
    keep = np.flatnonzero(rng.random(len(y)) < rate)
    if len(keep) > max_queries:
        keep = np.sort(rng.choice(keep, max_queries, replace=False))
    rows, y = rows.take(keep), y[keep]
    kinds = prepared.features.kinds
    ep = prepared.encoder.episode(encode.table_columns(rows, list(kinds), kinds))
    y_qry = ep.target.encode(y.tolist())
    keep = y_qry >= 0
    if keep.sum() < 5 or ep.fmask.sum() == 0 or len(np.unique(ep.y_ctx)) < 2:
        return None
    return pql, ep, keep, y_qry, {}


def save(path: Path, pql: str, ep, keep, y_qry, hood: dict) -> None:
    """The episode as `path` (.npz), written under another name and then renamed: a training run reading the
    folder while it grows (export.train lists it every 50 steps) never opens a half-written file."""
    part = path.with_name(path.name + ".part")
    with open(part, "wb") as f:
        _write(f, pql, ep, keep, y_qry, hood)
    os.replace(part, path)


def _write(f, pql: str, ep, keep, y_qry, hood: dict) -> None:
    np.savez_compressed(
        f,
        x_ctx=ep.x_ctx,
        m_ctx=ep.m_ctx,
        y_ctx=ep.y_ctx,
        x_qry=ep.x_qry[keep],
        m_qry=ep.m_qry[keep],
        y_qry=y_qry[keep].astype(np.float32),
        fmask=ep.fmask,
        fdesc=ep.fdesc,
        is_regression=np.float32(ep.is_regression),
        n_classes=np.int64(max(2, len(ep.target.classes))),
        pql=np.array(pql),
        **{k: (v[keep] if k.endswith("_qry") else v) for k, v in hood.items()},
    )


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--out", default="export/cache/episodes")
    ap.add_argument("--minutes", type=float, default=30)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument(
        "--source",
        choices=["real", "relprior"],
        default="real",
        help="real: the pre-training databases; relprior: fresh random relational databases",
    )
    ap.add_argument("--db-every", type=int, default=8, help="relprior: episodes drawn from each random database")
    ap.add_argument(
        "--pair-share",
        type=float,
        default=0.0,
        help="share of draws that are pair-scored tasks (RANK TOP, CLASSIFY...)",
    )
    ap.add_argument("--max-context", type=int, default=MAX_CONTEXT, help="the largest context (rows) an episode draws")
    ap.add_argument(
        "--data",
        type=Path,
        default=SHARED,
        help="real: the folder holding nycflights13/ and mimic3-demo/ (default ../shared/data; a copy on a GPU machine)",
    )
    ap.add_argument("--trials", type=Path, help="real: also the training half of the trial databases in this folder")
    ap.add_argument("--flat-only", action="store_true", help="no neighbour rows (episodes for the flat model)")
    args = ap.parse_args(argv)
    if args.max_context <= MIN_CONTEXT:
        ap.error(
            f"--max-context {args.max_context}: contexts are drawn from {MIN_CONTEXT} rows up; give more than {MIN_CONTEXT}"
        )
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(args.seed)
    start, made, failed = time.time(), 0, 0
    with tempfile.TemporaryDirectory() as tmp:
        dbs = open_databases(Path(tmp), rng, args.data) if args.source == "real" else []
        if args.source == "real" and args.trials is not None:
            dbs += open_trials(args.trials)
        print(f"databases: {', '.join(n for n, _ in dbs) or 'random relational databases'}", flush=True)
        n_random, tried = 0, 0
        while time.time() - start < args.minutes * 60:
            if args.source == "relprior" and tried % max(1, args.db_every) == 0:
                for _, old in dbs:
                    old.con.close()
                dbs = [(f"relprior{args.seed}_{n_random}", relprior_schema.attach_random(rng))]
                n_random += 1
            tried += 1
            name, rfm = dbs[int(rng.integers(0, len(dbs)))]
            try:
                with rfm.con.cursor() as cur:
                    if rng.random() < args.pair_share:
                        got = make_pair_episode(rng, rfm, cur)
                    else:
                        got = make_episode(rng, rfm, cur, max_context=args.max_context, hood=not args.flat_only)
            except (RFMError, ValueError, duckdb.Error):
                got = None
            if got is None:
                failed += 1
                continue
            save(out / f"{args.seed}_{made:06d}_{name}.npz", *got)
            made += 1
            if made % 50 == 0:
                print(f"{made} episodes ({failed} skipped) in {time.time() - start:.0f} s", flush=True)
    print(f"done: {made} episodes, {failed} skipped", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
