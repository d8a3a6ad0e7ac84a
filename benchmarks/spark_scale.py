"""Scale on Spark: the TPC-H query of benchmarks/scale.py through `rfm_sql.attach_spark_folder` on Spark local.

    python benchmarks/spark_scale.py                     # SF1, local[2], 1k and 10k customers
    python benchmarks/spark_scale.py --n 1000 10000 0    # 0: all customers
    python benchmarks/spark_scale.py --master local[2] --driver-memory 4g

The Parquet files are `tpchgen-cli parquet -s 1`'s (the ones benchmarks/scale.py loads into DuckDB, in
/tmp/rfm_scale/parquet_sf1): linked into a folder with a schema.json declaring the keys, time columns and links
the DuckDB file's graph has, so both engines predict over the same graph. Each entity count runs in a fresh
process with its own SparkSession. Per run: attach (the schema's graph, column types measured by Spark), then
`rfm.predict` end to end, then the same work stage by stage through the runtime's functions (a fresh context):
plan, labels (the context's), context features (+ the encoder fit), query features (collected), and the model
(end-to-end time minus the other stages; the query features and the model run fused in Spark). With
`--duckdb`, the same prediction from the DuckDB file, and the largest difference of the probabilities.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
import warnings
from pathlib import Path

import duckdb
import numpy as np

import rfm_sql
import rfm_sql.spark
from rfm_sql.compile.sqlutil import to_sql
from rfm_sql.runtime import anchors, encode
from rfm_sql.runtime import context as ctx
from rfm_sql.runtime import plan as planner
from rfm_sql.runtime.options import RunOptions
from rfm_sql.spark.score import Scorer, score_frame

QUERY = "PREDICT COUNT(orders.*, 0, 90, days) > 0 FOR EACH customer.c_custkey"
SCHEMA = {  # the graph of benchmarks/scale.py's DuckDB file (declared keys, inferred links and time columns)
    "region": ("r_regionkey", {}, None),
    "nation": ("n_nationkey", {"n_regionkey": "region"}, None),
    "supplier": ("s_suppkey", {"s_nationkey": "nation"}, None),
    "customer": ("c_custkey", {"c_nationkey": "nation"}, None),
    "part": ("p_partkey", {}, None),
    "partsupp": (None, {"ps_partkey": "part", "ps_suppkey": "supplier"}, None),
    "orders": ("o_orderkey", {"o_custkey": "customer"}, "o_orderdate"),
    "lineitem": (None, {"l_orderkey": "orders", "l_partkey": "part", "l_suppkey": "supplier"}, "l_shipdate"),
}


def folder(parquet: Path, work: Path) -> Path:
    """`parquet`'s tables linked into `work` beside a schema.json."""
    work.mkdir(parents=True, exist_ok=True)
    tables = {}
    for name, (pkey, fkeys, time_col) in SCHEMA.items():
        link = work / f"{name}.parquet"
        if not link.exists():
            link.symlink_to(parquet / f"{name}.parquet")
        tables[name] = {"pkey": pkey, "fkeys": fkeys, "time_col": time_col}
    (work / "schema.json").write_text(json.dumps({"tables": tables}, indent=1))
    return work


def session(master: str, driver_memory: str):
    from pyspark.sql import SparkSession

    spark = (
        SparkSession.builder.master(master)
        .appName("rfm_sql-spark-scale")
        .config("spark.driver.memory", driver_memory)
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.shuffle.partitions", "8")
        .config("spark.ui.enabled", "false")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    return spark


def jvm_peak_gb(spark) -> float | None:
    """The peak RSS of the local JVM (driver and executors in local mode), from /proc; None elsewhere."""
    try:
        pid = spark.sparkContext._gateway.proc.pid
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 2**20, 2)
    except (AttributeError, OSError):
        return None
    return None


def one(args, n: int) -> dict:
    """One entity count in this process (see main)."""
    warnings.simplefilter("ignore")
    start = time.perf_counter()
    spark = session(args.master, args.driver_memory)
    out = {"session_s": round(time.perf_counter() - start, 2)}
    start = time.perf_counter()
    if args.duckdb:  # the DuckDB file's graph: the same features as benchmarks/scale.py's, no inference on Spark
        rfm_sql.spark.load_folder(spark, folder(Path(args.parquet), Path(args.work)))
        with duckdb.connect(args.duckdb, read_only=True) as con:
            rfm = rfm_sql.attach_spark(spark, graph=rfm_sql.attach(con).graph)
    else:  # the schema's keys and links; column types and semantic types measured by Spark (minutes at SF1)
        rfm = rfm_sql.attach_spark_folder(spark, folder(Path(args.parquet), Path(args.work)))
    out["attach_s"] = round(time.perf_counter() - start, 2)
    print("attached", out, file=sys.stderr, flush=True)
    customers = rfm.graph.table("customer").num_rows
    entities = None if n == 0 or n >= customers else list(range(1, n + 1))
    out["entities"] = customers if entities is None else n
    _ = rfm.model
    start = time.perf_counter()
    table = rfm.predict(QUERY, entities=entities)
    out["predict_s"] = round(time.perf_counter() - start, 2)
    out["rows"] = table.num_rows
    print("predicted", out, file=sys.stderr, flush=True)
    # the same work stage by stage (a fresh context: no cache)
    cur, options, graph, stages = rfm.cursor, RunOptions(), rfm.graph, {}
    t = time.perf_counter()
    vq = rfm.resolve(QUERY)
    anchor = anchors.resolve_anchor(cur, vq, graph)
    plan = planner.make_plan(cur, vq, graph, anchor, options)
    keys = None if entities is None else cur.key_view(entities, graph.table("customer").column("c_custkey").dtype)
    seed = planner.query_seed(vq, graph, anchor, keys)
    stages["plan"], t = time.perf_counter() - t, time.perf_counter()
    context = planner.select_context(cur, vq, graph, plan, options)
    stages["labels"], t = time.perf_counter() - t, time.perf_counter()
    features = ctx.feature_query(vq, graph)
    columns = ctx.featurise(cur, features, context)
    y = np.array(context.column("TARGET").to_pylist(), dtype=object)
    encoder = encode.fit(columns, features.kinds, y, vq.task_type.target_kind)
    prepared = ctx.Prepared(vq, plan, context, features, columns, encoder)
    stages["context_features"], t = time.perf_counter() - t, time.perf_counter()
    scorer = Scorer.of(prepared, rfm.model)
    rows = cur.frame(to_sql(scorer.feature_select(prepared.features.over(seed))))
    rows.toArrow()
    stages["query_features"], t = time.perf_counter() - t, time.perf_counter()
    if n and n <= 10_000:  # query features again, fused with the model: the model is the difference
        score_frame(spark, rows, scorer).toArrow()
        stages["features_and_model"] = time.perf_counter() - t
        stages["model"] = stages["features_and_model"] - stages["query_features"]
    else:  # the model once is enough: its time is the end-to-end run's remainder (which includes warm-up)
        stages["model"] = out["predict_s"] - sum(stages.values())
    out["staged_total_s"] = round(sum(v for k, v in stages.items() if k != "features_and_model"), 2)
    out["stages_s"] = {k: round(v, 3) for k, v in stages.items()}
    out["python_peak_rss_gb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20, 2)
    out["jvm_peak_rss_gb"] = jvm_peak_gb(spark)
    if args.duckdb:
        con = duckdb.connect(args.duckdb, read_only=True)
        start = time.perf_counter()
        want = rfm_sql.attach(con).predict(QUERY, entities=entities)
        out["duckdb_predict_s"] = round(time.perf_counter() - start, 2)
        same = table.column("ENTITY").to_pylist() == want.column("ENTITY").to_pylist()
        out["same_rows_as_duckdb"] = same
        if same:
            diff = np.abs(np.array(table.column("True_PROB")) - np.array(want.column("True_PROB")))
            out["max_prob_diff_vs_duckdb"] = float(diff.max())
    spark.stop()
    return out


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--parquet", default="/tmp/rfm_scale/parquet_sf1")
    parser.add_argument("--work", default="/tmp/rfm_scale/spark_sf1")
    parser.add_argument("--master", default="local[2]")
    parser.add_argument("--driver-memory", default="4g")
    parser.add_argument("--duckdb", default="/tmp/rfm_scale/tpch_sf1.duckdb", help="'' to skip the comparison")
    parser.add_argument("--n", type=int, nargs="+", default=[1_000, 10_000])
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one is not None:
        print(json.dumps(one(args, args.one)))
        return 0
    if not Path(args.parquet, "customer.parquet").exists():
        subprocess.run(["tpchgen-cli", "parquet", "-s", "1", f"--output-dir={args.parquet}"], check=True)
    results = {"command": " ".join(["python", "benchmarks/spark_scale.py", *sys.argv[1:]]), "query": QUERY}
    results |= {"master": args.master, "driver_memory": args.driver_memory, "cores": os.cpu_count(), "runs": []}
    for n in args.n:
        cmd = [sys.executable, __file__, "--one", str(n)]
        cmd += ["--parquet", args.parquet, "--work", args.work, "--master", args.master]
        cmd += ["--driver-memory", args.driver_memory, "--duckdb", args.duckdb]
        done = subprocess.run(cmd, capture_output=True, text=True)
        if done.returncode:
            sys.exit(f"{n} entities failed:\n{done.stderr[-4000:]}")
        results["runs"].append(json.loads(done.stdout.strip().splitlines()[-1]))
        print(n, results["runs"][-1], file=sys.stderr)
    out = Path(__file__).resolve().parent / "results" / "spark_scale.json"
    out.write_text(json.dumps(results, indent=2) + "\n")
    print(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
