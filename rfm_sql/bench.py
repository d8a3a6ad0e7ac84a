"""`rfm-sql bench`: a RelBench-style task folder scored for the model and baselines on the same rows.

Baselines see exactly the context examples and features the model saw at each anchor:
- entity_mean: the entity's own lagged labels (their mean), else the context mean;
- last_value (binary and regression over a window): the entity's last label alone, "the same as last period";
- global: the context's label mean (binary) or median (regression), majority class (multiclass);
- lightgbm: LightGBM trained on the context examples' features (what a user would otherwise train).
A class target's context is balanced by class (runtime.plan); the baselines weight its rows by their prior
ratios, so they learn the labels at their true rates, as the model's probabilities are read.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import duckdb
import numpy as np
import pyarrow.parquet as pq

import rfm_sql
from rfm_sql import baselines, bench_check, bench_forecast, bench_full, bench_lgb, bench_ranking
from rfm_sql.errors import UserError
from rfm_sql.pql.tasks import TaskType
from rfm_sql.runtime import metrics
from rfm_sql.runtime.options import RunOptions
from rfm_sql.runtime.ranking import PairAnchorResult

# Published test numbers (RelBench paper, KumoRFM reports; ../shared/MODEL.md).
PUBLISHED = {
    ("f1", "driver-dnf"): {"RelBench LightGBM": 0.686, "RDL GraphSAGE": 0.726, "KumoRFM-1": 0.824, "KumoRFM-2": 0.846},
    ("f1", "driver-top3"): {"RelBench LightGBM": 0.739, "RDL GraphSAGE": 0.755, "KumoRFM-1": 0.911, "KumoRFM-2": 0.922},
    ("f1", "driver-position"): {"RelBench LightGBM": 4.17, "RDL GraphSAGE": 4.02, "expert SQL + LightGBM": 3.96},
}


def run(
    data_dir,
    task: str,
    query: str,
    split: str = "test",
    run_mode: str | None = None,
    context_size=None,
    seed: int | None = None,
    progress: bool = True,
    plot=None,
    full_baseline: bool = False,
    model=None,
) -> dict:
    """The model (the shipped one, or the exported `model` file) and the baselines on one task table, scored
    with the task type's headline metric; with `full_baseline`, also `lightgbm_full` (LightGBM on the whole
    train split: rfm_sql.bench_full)."""
    data_dir = Path(data_dir)
    file = data_dir / "tasks" / task / f"{split}.parquet"
    if not data_dir.is_dir():
        raise UserError(f"{data_dir} is no folder: pass the database's folder (its tables and tasks/).", "data_dir")
    if not file.exists():
        tasks = sorted(p.name for p in (data_dir / "tasks").glob("*") if p.is_dir())
        known = f" Its tasks: {', '.join(tasks)}." if tasks else f" {data_dir / 'tasks'} holds no task folder."
        raise UserError(f"{file} does not exist: expected tasks/{task}/{split}.parquet under {data_dir}.{known}", "task")
    if full_baseline:
        bench_full.check(data_dir, task, split)
    rfm = rfm_sql.attach_folder(duckdb.connect(), data_dir, views=True, model=model)
    options = RunOptions.from_kwargs(run_mode=run_mode, context_size=context_size, seed=seed)
    task_table = pq.read_table(file)
    if rfm.resolve(query).task_type is TaskType.FORECASTING:
        extra = {}
        if full_baseline:
            vq = rfm.resolve(query)
            extra["lightgbm_full"] = bench_full.forecast_predictions(rfm.con, vq, rfm.graph, data_dir, task, split)
        result = bench_forecast.score(rfm, query, task_table, options, extra=extra)
        return {"data": data_dir.name, "task": task, "split": split, **result, "query": query, "model": rfm.model.info}
    metric = metrics.primary(rfm.resolve(query).task_type)
    bench_check.check_query_matches(rfm, query, task_table)
    start = time.perf_counter()
    evaluation = rfm.evaluate(
        query,
        task_table=task_table,
        metrics=[metric.name],
        run_mode=options.run_mode,
        context_size=options.context_size,
        seed=options.seed,
        progress=progress,
        plot=plot,
    )
    seconds = time.perf_counter() - start
    vq = rfm.resolve(query)
    out = {"rfm": evaluation.metrics[metric.name]}
    if evaluation.results and isinstance(evaluation.results[0], PairAnchorResult):  # pair-scored targets
        out.update(bench_ranking.baselines(vq, evaluation.results, metric))
    else:
        out.update(_baselines(vq, evaluation, metric))
    timings, trained = {"rfm": round(seconds, 2)}, {}
    if full_baseline:
        start = time.perf_counter()
        with rfm.graph.cursor(rfm.con) as cur:
            args = (cur, vq, rfm.graph, options, data_dir, task, split, evaluation.results, metric)
            out["lightgbm_full"], trained["lightgbm_full"] = bench_full.baseline(*args)
        timings["lightgbm_full"] = round(time.perf_counter() - start, 2)
    return {
        "data": data_dir.name,
        "task": task,
        "split": split,
        "metric": metric.name,
        "higher_is_better": metric.higher_is_better,
        "n": evaluation.n,
        "results": out,
        "published": PUBLISHED.get((data_dir.name, task), {}),
        "seconds": timings,
        **({"trained": trained} if trained else {}),
        "context_size": evaluation.context_size,
        "anchors": evaluation.anchors,
        "query": query,
        "run_mode": options.run_mode,
        "seed": options.seed,
        "model": rfm.model.info,
    }


def _baselines(vq, evaluation, metric: metrics.Metric) -> dict[str, float]:
    fns = [("entity_mean", baselines.entity_mean), ("global", baselines.global_), ("lightgbm", _lightgbm)]
    if not vq.static and vq.task_type in (TaskType.BINARY, TaskType.REGRESSION):  # as a backtest shows it
        fns.insert(1, ("last_value", baselines.last_label))  # an ads trial's spend: 700 MAE where rfm read 878
    return {name: baselines.row_metrics(vq, evaluation, (metric,), fn)[metric.name] for name, fn in fns}


def _lightgbm(vq, r):
    # the features the model read: not the columns holding today's state it left unread (runtime.state_columns),
    # which flattered LightGBM on a pharmacy trial (its discontinuation backtest read 0.98 where 0.80-0.86 was honest)
    kinds = r.prepared.encoder.kinds
    reference = r.prepared.context_columns
    xc, xq = bench_lgb.matrix(reference, kinds), bench_lgb.matrix(r.query_columns, kinds, reference)
    y, w = baselines.context_labels(vq, r), baselines.context_weights(r)
    if vq.task_type is TaskType.BINARY:
        if len(np.unique(y)) < 2:
            return baselines.global_(vq, r)
        p = bench_lgb.fit("binary", xc, y.astype(int), weight=w).predict(xq)
        return list(p), list(p > 0.5)
    if vq.task_type is TaskType.REGRESSION:
        p = bench_lgb.fit("regression_l1", xc, y).predict(xq)
        return list(p), list(p)
    labels, codes = np.unique(y.astype(str), return_inverse=True)
    if len(labels) < 2:
        return baselines.global_(vq, r)
    booster = bench_lgb.fit("multiclass", xc, codes, num_class=len(labels), weight=w)
    by_text = {str(v): v for v in y}
    return [0.0] * len(xq), [by_text[v] for v in labels[booster.predict(xq).argmax(1)]]


def format_result(result: dict) -> str:
    metric = result["metric"].upper()
    arrow = "higher is better" if result["higher_is_better"] else "lower is better"
    lines = [f"{result['data']} / {result['task']} ({result['split']}, n={result['n']}, {metric}, {arrow})"]
    for name, value in result["results"].items():
        if isinstance(value, dict):  # a forecast: overall and per-step metrics
            lines.append(f"  {name:<32} " + "  ".join(f"{k} {v:.4f}" for k, v in value.items()))
            continue
        lines.append(f"  {name:<32} {value:.4f}")
    for name, value in result.get("published", {}).items():
        lines.append(f"  {name + ' (published)':<32} {value:.4f}")
    lines.append(
        f"  context {result['context_size']} rows, {result['anchors']} anchors, rfm {result['seconds']['rfm']:.1f} s"
    )
    return "\n".join(lines)


def write_json(result: dict, path) -> None:
    Path(path).write_text(json.dumps(result, indent=2, default=str) + "\n")
