"""Training episodes from real databases, made by rfm_sql's own planner, SQL and encoder.

Random PQL tasks (counts, sums, means, extremes, thresholds, last categories; entity filters and ASSUMING)
are drawn over the pre-training databases: nycflights13 and mimic3-demo from ../shared/data, TPC-H from
`tpchgen-cli`, and the bundled shop generator at random seeds and sizes. Never f1 or movielens-small.

    python -m export.episodes --out export/cache/episodes --minutes 60
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb
import numpy as np
from sqlglot import exp

import rfm_sql
from rfm_sql.compile.sqlutil import TARGET, col, table
from rfm_sql.errors import RFMError
from rfm_sql.graph import SType
from rfm_sql.runtime import context as ctxlib
from rfm_sql.runtime import neighbours
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
HORIZON_DAYS = (1, 3, 7, 14, 30, 60, 90, 180)


def open_databases(tmp: Path, rng) -> list:
    dbs = []
    for name in ("nycflights13", "mimic3-demo"):
        assert name not in EVALUATION
        if (SHARED / name / "schema.json").exists():
            dbs.append((name, rfm_sql.attach_folder(duckdb.connect(), SHARED / name)))
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


def _one(cur, sql: str):
    return cur.execute(sql).fetchall()


def time_range(cur, tab):
    t = exp.cast(col(tab.time_column), "TIMESTAMP")
    sql = exp.select(exp.Min(this=t), exp.Max(this=t)).from_(table(tab.name)).sql("duckdb")
    return _one(cur, sql)[0]


def sample_value(cur, rng, tab, column):
    c = col(column)
    sql = exp.select(c).from_(table(tab.name)).where(exp.not_(c.is_(exp.null()))).limit(2000).sql("duckdb")
    values = [r[0] for r in _one(cur, sql)]
    return values[int(rng.integers(0, len(values)))] if values else None


def lit_pql(v) -> str:
    if isinstance(v, str):
        return "'" + v.replace("'", "''") + "'"
    return repr(float(v)) if not isinstance(v, int) else str(v)


def random_task(rng, rfm, cur):
    graph = rfm.graph
    pairs = [
        (e, lk)
        for e in graph.tables.values()
        if e.primary_key
        for lk in graph.children(e.name)
        if graph.tables[lk.child].time_column and len(graph.links_between(lk.child, e.name)) == 1 and lk.child != e.name
    ]
    if not pairs:
        return None, None
    entity, link = pairs[int(rng.integers(0, len(pairs)))]
    child = graph.tables[link.child]
    lo, hi = time_range(cur, child)
    if lo is None:
        return None, None
    span = (hi - lo).days
    horizons = [h for h in HORIZON_DAYS if span / h >= 10]
    if not horizons:
        return None, None
    h = int(rng.choice(horizons))
    numeric = [c.name for c in child.columns if c.stype is SType.NUMERICAL]
    cats = [c.name for c in child.columns if c.stype is SType.CATEGORICAL]
    q = lambda c: f"`{child.name}`.`{c}`"  # noqa: E731
    star = f"`{child.name}`.*"
    where = ""
    if rng.random() < 0.25 and (cats or numeric):
        if cats and (not numeric or rng.random() < 0.6):
            c = cats[int(rng.integers(0, len(cats)))]
            v = sample_value(cur, rng, child, c)
            where = f" WHERE {q(c)} {'=' if rng.random() < 0.7 else '!='} {lit_pql(v)}" if v is not None else ""
        else:
            c = numeric[int(rng.integers(0, len(numeric)))]
            v = sample_value(cur, rng, child, c)
            where = f" WHERE {q(c)} > {lit_pql(v)}" if v is not None else ""
    r = rng.random()
    assuming = ""
    if r < 0.12 and cats:
        c = cats[int(rng.integers(0, len(cats)))]
        target = f"{rng.choice(['FIRST', 'LAST'])}({q(c)}{where}, 0, {h}, days)"
    elif r < 0.55 or not numeric:
        agg = f"COUNT({star}{where}, 0, {h}, days)"
        target = agg if rng.random() < 0.5 else f"{agg} {rng.choice(['> 0', '= 0', '>= 2'])}"
    else:
        c = numeric[int(rng.integers(0, len(numeric)))]
        func = str(rng.choice(["SUM", "AVG", "MAX", "MIN"]))
        agg = f"{func}({q(c)}{where}, 0, {h}, days)"
        if rng.random() < 0.5:
            target = agg
        else:
            v = sample_value(cur, rng, child, c)
            target = f"{agg} > {lit_pql(v)}" if v is not None else agg
        if func != "SUM" and rng.random() < 0.6:
            assuming = f" ASSUMING COUNT({star}, 0, {h}, days) > 0"
    filt = ""
    if rng.random() < 0.5:
        back = "-INF" if rng.random() < 0.3 else str(-h * int(rng.choice([1, 3, 12])))
        filt = f" WHERE COUNT({star}, {back}, 0, days) > 0"
    pql = f"PREDICT {target} FOR EACH `{entity.name}`.`{entity.primary_key}`{filt}{assuming}"
    anchor_lo = lo + dt.timedelta(days=6 * h)
    anchor_hi = hi - dt.timedelta(days=h)
    if anchor_hi <= anchor_lo:
        return None, None
    anchor = anchor_lo + (anchor_hi - anchor_lo) * float(rng.random())
    return pql, dt.datetime(anchor.year, anchor.month, anchor.day)


def make_episode(rng, rfm, cur, max_queries=128):
    pql, anchor = random_task(rng, rfm, cur)
    if pql is None:
        return None
    vq = rfm.resolve(pql)
    options = RunOptions(context_size=int(rng.integers(100, 800)), seed=int(rng.integers(0, 2**31)))
    prepared = ctxlib.prepare(cur, vq, rfm.graph, anchor, options)
    labelled = labelled_at(cur, vq, rfm.graph, [anchor])
    if labelled.num_rows < 10:
        return None
    if labelled.num_rows > max_queries:
        pick = np.sort(rng.choice(labelled.num_rows, max_queries, replace=False))
        labelled = labelled.take(pick)
    ep = prepared.encoder.episode(ctxlib.featurise(cur, prepared.features, labelled))
    y_qry = ep.target.encode(labelled.column(TARGET).to_pylist())
    keep = y_qry >= 0 if ep.target.kind == "classification" else np.isfinite(y_qry)
    if keep.sum() < 5 or ep.fmask.sum() == 0:
        return None
    if ep.target.kind == "classification" and len(np.unique(ep.y_ctx)) < 2:
        return None
    hood = neighbour_tensors(cur, vq, rfm.graph, prepared, labelled)
    return pql, ep, keep, y_qry, hood


def neighbour_tensors(cur, vq, graph, prepared, labelled) -> dict:
    """The hierarchical model's inputs for the context (the encoder's rows: labelled ones) and query rows."""
    ctx_pairs = prepared.context
    y = prepared.encoder.target.encode(ctx_pairs.column(TARGET).to_pylist())
    used = np.flatnonzero(y >= 0 if prepared.encoder.target.kind == "classification" else np.isfinite(y))
    ctx_pairs = ctx_pairs.take(used)
    encoder, ctx = neighbours.fit_neighbours(
        neighbours.fetch(cur, vq, graph, ctx_pairs), ctx_pairs, y[used], prepared.encoder.target, graph
    )
    qry = encoder.transform(neighbours.fetch(cur, vq, graph, labelled), labelled)
    return {
        "nb_x_ctx": ctx.x, "nb_m_ctx": ctx.m, "nb_r_ctx": ctx.r,
        "nb_x_qry": qry.x, "nb_m_qry": qry.m, "nb_r_qry": qry.r,
        "nb_cmask": encoder.cmask, "nb_desc": encoder.desc,
    }  # fmt: skip


def save(path: Path, pql: str, ep, keep, y_qry, hood: dict) -> None:
    np.savez_compressed(
        path,
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
    args = ap.parse_args(argv)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(args.seed)
    start, made, failed = time.time(), 0, 0
    with tempfile.TemporaryDirectory() as tmp:
        dbs = open_databases(Path(tmp), rng)
        print(f"databases: {', '.join(n for n, _ in dbs)}", flush=True)
        while time.time() - start < args.minutes * 60:
            name, rfm = dbs[int(rng.integers(0, len(dbs)))]
            try:
                with rfm.con.cursor() as cur:
                    got = make_episode(rng, rfm, cur)
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
