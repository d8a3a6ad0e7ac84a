"""Model time for 1,000 context × 1,000 query rows, the network as it ran before (one graph over all 128
padded feature slots, the context re-run with every call) beside the runtime's two stages (unused slots
trimmed, the context stage once, then the query stage), side by side in one run.

    python benchmarks/model_speed.py     # needs the [train] extra (torch); writes benchmarks/MODEL_SPEED.md

Both run the weights of export/checkpoints/last.pt: "before" is `export_onnx.export_full` of it (what
rfm-small.onnx was), "after" the shipped rfm_sql/models/rfm-small.{context,query}.onnx.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import onnxruntime as ort

from export.export_onnx import example_inputs, export_full, load_checkpoint
from rfm_sql.runtime import contract
from rfm_sql.runtime.model import Model, default_model_path

HERE = Path(__file__).resolve().parent


def best_of(fns: dict, repeat: int) -> dict:
    """The best time of each function over `repeat` rounds, the functions interleaved within a round (the
    machine is shared: a busy spell then slows every side alike)."""
    times = {name: [] for name in fns}
    for _ in range(repeat):
        for name, fn in fns.items():
            start = time.perf_counter()
            fn()
            times[name].append(time.perf_counter() - start)
    return {name: min(t) for name, t in times.items()}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--context", type=int, default=1000)
    ap.add_argument("--query", type=int, default=1000)
    ap.add_argument("--features", type=int, default=60, help="feature slots in use (of 128)")
    ap.add_argument("--chunk", type=int, default=512, help="query rows per call, as the runtime's batches")
    ap.add_argument("--threads", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--out", default=str(HERE / "MODEL_SPEED.md"))
    args = ap.parse_args()
    c, q, chunk = args.context, args.query, args.chunk
    inputs = [t.numpy() for t in example_inputs(c, q, seed=0, used=args.features)]
    model, _ = load_checkpoint(Path("export/checkpoints/last.pt"))
    with tempfile.TemporaryDirectory() as tmp:
        full_path = Path(tmp) / "full.onnx"
        export_full(model, full_path)
        options = ort.SessionOptions()
        options.intra_op_num_threads, options.inter_op_num_threads = args.threads, 1
        full = ort.InferenceSession(str(full_path), options, providers=["CPUExecutionProvider"])
    names = list(contract.INPUTS)

    def before(start: int, stop: int):
        feed = dict(zip(names, inputs, strict=True))
        feed["x_qry"], feed["m_qry"] = inputs[3][:, start:stop], inputs[4][:, start:stop]
        return full.run(None, feed)

    after_model = Model(default_model_path(), threads=args.threads)

    def after(start: int, stop: int):
        part = [*inputs[:3], inputs[3][:, start:stop], inputs[4][:, start:stop], *inputs[5:]]
        return after_model.run(part)

    def chunks(fn):
        return [fn(s, min(s + chunk, q)) for s in range(0, q, chunk)]

    def after_cold():
        after_model.states._kept.clear()  # the context stage again, as for a new query
        return chunks(after)

    ref, got = np.concatenate([r[0] for r in chunks(before)], 1), np.concatenate([r[0] for r in after_cold()], 1)
    diff = float(np.abs(ref - got).max())
    one_thread = after_model.with_threads(1)
    calls = max(1, args.threads)

    def after_in_flight():  # as runtime.batches runs it: a call per core, one thread each
        after_model.states._kept.clear()
        parts = [
            [*inputs[:3], inputs[3][:, s : s + chunk], inputs[4][:, s : s + chunk], *inputs[5:]]
            for s in range(0, q, chunk)
        ]
        with ThreadPoolExecutor(calls) as pool:
            return list(pool.map(one_thread.run, parts))

    def context_only():
        after_model.states._kept.clear()
        after_model.states.get(_context_feed(inputs))

    rows = best_of(
        {
            f"before: one graph, 128 padded slots, one call of {c} + {q} rows": lambda: before(0, q),
            f"before: the same in calls of {chunk} query rows (the context re-run per call)": lambda: chunks(before),
            f"after: {args.features} slots, context stage once + query stage in calls of {chunk}": after_cold,
            f"after: the same, {calls} calls in flight on 1 thread each (as runtime.batches runs it)": after_in_flight,
            f"after: query stage only ({q} rows, context states cached)": lambda: chunks(after),
            "after: context stage alone": context_only,
        },
        args.repeat,
    )
    result = {
        "command": "python benchmarks/model_speed.py",
        "context_rows": c,
        "query_rows": q,
        "feature_slots_used": args.features,
        "threads": args.threads,
        "cores": os.cpu_count(),
        "load_average": os.getloadavg()[0],
        "seconds": {k: round(v, 3) for k, v in rows.items()},
        "max_abs_logit_diff": diff,
        "peak_rss_gb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20, 2),
    }
    print(json.dumps(result, indent=2))
    lines = [
        "# Model speed: 1,000 context × 1,000 query rows",
        "",
        "```",
        f"PYTHONPATH=. python benchmarks/model_speed.py --features {args.features}   # needs the [train] extra",
        "```",
        "",
        f"{c:,} context rows, {q:,} query rows, {args.features} of {contract.F_MAX} feature slots in use, "
        f"ONNX Runtime on {args.threads} intra-op threads ({os.cpu_count()} cores, load average "
        f"{result['load_average']:.1f}; shared machine). Best of {args.repeat} rounds, the rows interleaved. Same weights "
        "(export/checkpoints/last.pt) both sides.",
        "",
        "| what | seconds |",
        "|---|---:|",
        *(f"| {k} | {v:.3f} |" for k, v in result["seconds"].items()),
        "",
        f"Largest difference between the two sides' class logits: {diff:.1e}.",
        "",
    ]
    Path(args.out).write_text("\n".join(lines))
    return 0


def _context_feed(inputs: list) -> dict:
    feed = {name: x for name, x in zip(contract.INPUTS, inputs, strict=True) if name in contract.CONTEXT_INPUTS}
    used = np.flatnonzero(feed["fmask"][0] > 0.5)
    feed = {k: np.ascontiguousarray(v[..., used] if k in ("x_ctx", "m_ctx", "fmask") else v) for k, v in feed.items()}
    feed["fdesc"] = np.ascontiguousarray(inputs[6][:, used])
    return feed


if __name__ == "__main__":
    raise SystemExit(main())
