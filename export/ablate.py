"""Ablation on the dev tasks' val splits: checkpoints scored on the very same contexts, query rows and features.

For each task (the flat-scored ones of benchmarks/quality.py) and each anchor of its val table, the context is
prepared once (run mode `fast`, or `--run-mode`), the query rows are featurised once, the neighbour rows are
read once, and every checkpoint scores them (PyTorch, no export needed). Tuning and ablations use `val` only.

    python -m export.ablate --ckpt flat=export/checkpoints/last.pt --ckpt hier=export/checkpoints/hier.pt
"""

from __future__ import annotations

import argparse
import glob
import json
import sys
from pathlib import Path

import duckdb
import numpy as np
import pyarrow.compute as pc
import pyarrow.parquet as pq
import torch

import rfm_sql
from export.hier import HierModel
from export.model import InContextModel, ModelConfig
from export.train import evaluate, real_batch, to_tensors
from rfm_sql.compile.sqlutil import ANCHOR, TARGET
from rfm_sql.errors import NoExamplesError
from rfm_sql.pql.tasks import TaskType
from rfm_sql.runtime import contract, decoding, metrics, neighbours
from rfm_sql.runtime.context import featurise, prepare
from rfm_sql.runtime.evaluate import backtest_truth, static_folds
from rfm_sql.runtime.options import RUN_MODES, RunOptions
from rfm_sql.runtime.task_table import finite_labels

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
from quality import DATA, TASKS  # noqa: E402

FLAT = (TaskType.BINARY, TaskType.REGRESSION)  # scored by the network's heads (no pairs)


def load(path: str) -> torch.nn.Module:
    state = torch.load(path, weights_only=False)
    cfg = ModelConfig(**state["config"])
    model = HierModel(cfg) if state.get("arch") == "hier" else InContextModel(cfg)
    model.load_state_dict(state["ema"])
    return model.eval()


def episodes(rfm, data: str, query: str, split: str, seed: int, run_mode: str = "fast"):
    """(episode inputs as a batch dict, true labels, target coding) per anchor (and static fold) of `query`
    over `rfm`, the attached database `data`."""
    vq = rfm.resolve(query)
    table = pq.read_table(DATA / data / "tasks" / query_task(query) / f"{split}.parquet")
    options = RunOptions.from_kwargs(run_mode=run_mode, seed=seed)
    with rfm.con.cursor() as cur:
        truth = finite_labels(backtest_truth(cur, vq, rfm.graph, task_table=table))
        for anchor in sorted(set(truth.column(ANCHOR).to_pylist())):
            rows = truth.filter(pc.equal(truth.column(ANCHOR), anchor))
            for part, exclude in static_folds(rows, vq.static, seed):
                try:
                    prepared = prepare(cur, vq, rfm.graph, anchor, options, exclude, model=None)  # as coded in training
                except NoExamplesError:
                    continue
                ep = prepared.encoder.episode(featurise(cur, prepared.features, part))
                hood = neighbours.query_inputs(cur, rfm.graph, prepared, part)
                batch = {
                    "x_ctx": ep.x_ctx, "m_ctx": ep.m_ctx, "y_ctx": ep.y_ctx, "x_qry": ep.x_qry, "m_qry": ep.m_qry,
                    "fmask": ep.fmask, "fdesc": ep.fdesc, "is_regression": float(ep.is_regression),
                    "y_qry": np.zeros(part.num_rows), **hood,
                }  # fmt: skip
                yield batch, part.column(TARGET).to_pylist(), ep.target


_TASK_OF: dict[str, str] = {q: t for _, t, q in TASKS}


def query_task(query: str) -> str:
    return _TASK_OF[query]


@torch.no_grad()
def scores(model: torch.nn.Module, batch: dict, target) -> np.ndarray:
    class_logits, bin_logits = model(*to_tensors(batch, isinstance(model, HierModel)))
    if batch["is_regression"]:
        dist = bin_logits[0].softmax(-1).double().numpy()
        return target.decode(contract.regression_median(dist))
    k = max(2, len(target.classes))
    probs = decoding.classification(class_logits[0, :, :k].softmax(-1).double().numpy(), target)  # as the runtime
    return probs[:, target.classes.index(True)] if True in target.classes else probs[:, -1]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--ckpt", action="append", required=True, help="NAME=PATH, repeatable")
    ap.add_argument("--split", default="val", choices=["val"])
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--only")
    ap.add_argument("--run-mode", default="fast", choices=list(RUN_MODES), help="the contexts' run mode")
    ap.add_argument("--suite", help="also score a folder of fixed episodes (export.relprior --validation-suite)")
    ap.add_argument("--json")
    args = ap.parse_args(argv)
    torch.set_num_threads(1)
    models = {name: load(path) for name, path in (c.split("=", 1) for c in args.ckpt)}
    table = {}
    if args.suite:
        batches = [real_batch(f) for f in sorted(glob.glob(f"{args.suite}/*.npz"))]
        table["synthetic suite"] = {name: evaluate(model, batches) for name, model in models.items()}
        print("synthetic suite", table["synthetic suite"], flush=True)
    for data, task, query in TASKS:
        if args.only and task != args.only:
            continue
        rfm = rfm_sql.attach_folder(duckdb.connect(), DATA / data, views=True)
        task_type = rfm.resolve(query).task_type
        if task_type not in FLAT:
            continue
        y_true, got = [], {name: [] for name in models}
        for batch, truth, target in episodes(rfm, data, query, args.split, args.seed, args.run_mode):
            y_true += truth
            for name, model in models.items():
                got[name].append(scores(model, batch, target))
        metric = metrics.primary(task_type)
        y = np.array(y_true, dtype=np.float64)
        table[task] = {name: float(metric_value(metric.name, y, np.concatenate(s))) for name, s in got.items()}
        print(task, metric.name, {k: round(v, 4) for k, v in table[task].items()}, flush=True)
    if args.json:
        Path(args.json).write_text(json.dumps(table, indent=2))
    return 0


def metric_value(name: str, y: np.ndarray, s: np.ndarray) -> float:
    if name == "auroc":
        return metrics.auroc(y, s)
    return float(np.mean(np.abs(y - s)))


if __name__ == "__main__":
    raise SystemExit(main())
