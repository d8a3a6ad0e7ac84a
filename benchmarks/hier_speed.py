"""Model time of the hierarchical model for 1,000 context × 1,000 query rows (each with up to 3 tables × 12
neighbour rows × 10 columns), beside the shipped flat model on the same rows, in one run; both as the
runtime runs them (unused feature slots trimmed, the context stage once, query rows in chunks, a call per
core on one thread each).

    PYTHONPATH=. python benchmarks/hier_speed.py --ckpt export/checkpoints/hier.pt   # needs the [train] extra

Writes benchmarks/HIER_SPEED.md.
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from benchmarks.model_speed import best_of
from export.export_onnx import example_inputs, export, load_checkpoint, neighbour_inputs
from rfm_sql.runtime import contract
from rfm_sql.runtime.model import Model, default_model_path

HERE = Path(__file__).resolve().parent


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--ckpt", default="export/checkpoints/hier.pt")
    ap.add_argument("--context", type=int, default=1000)
    ap.add_argument("--query", type=int, default=1000)
    ap.add_argument("--features", type=int, default=60, help="feature slots in use (of 128)")
    ap.add_argument("--chunk", type=int, default=512, help="query rows per call, as the runtime's batches")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--out", default=str(HERE / "HIER_SPEED.md"))
    args = ap.parse_args()
    c, q, chunk = args.context, args.query, args.chunk
    flat_inputs = [t.numpy() for t in example_inputs(c, q, seed=0, used=args.features)]
    hood = [t.numpy() for t in neighbour_inputs(c, q, seed=0)]
    model, info = load_checkpoint(Path(args.ckpt))
    with tempfile.TemporaryDirectory() as tmp:
        export(model, Path(tmp) / "hier.onnx", info)
        hier = Model(Path(tmp) / "hier.onnx", threads=1)
        flat = Model(default_model_path(), threads=1)
        calls = max(1, os.cpu_count() or 1)
        query = [contract.NB_INPUTS.index(n) for n in contract.NB_QUERY_ROWS]

        def parts(with_hood: bool) -> list:
            out = []
            for s in range(0, q, chunk):
                part = [*flat_inputs[:3], flat_inputs[3][:, s : s + chunk], flat_inputs[4][:, s : s + chunk]]
                part += flat_inputs[5:]
                if with_hood:
                    part += [x[:, s : s + chunk] if i in query else x for i, x in enumerate(hood)]
                out.append(part)
            return out

        def in_flight(m: Model, with_hood: bool):
            m.states._kept.clear()  # the context stage again, as for a new query
            chunks = parts(with_hood)
            m.run(chunks[0])  # the context stage once (as the runtime's lock makes it), then the rest in flight
            with ThreadPoolExecutor(calls) as pool:
                return list(pool.map(m.run, chunks[1:]))

        def context_only(m: Model, with_hood: bool):
            m.states._kept.clear()
            first = parts(with_hood)[0]
            n = len(contract.INPUTS)
            m.run([x[:, :1] if i in (3, 4) or (i >= n and i - n in query) else x for i, x in enumerate(first)])

        rows = best_of(
            {
                f"flat (shipped): context once + {q} query rows in calls of {chunk}, {calls} in flight": (
                    lambda: in_flight(flat, False)
                ),
                "hierarchical: the same, with neighbour rows": lambda: in_flight(hier, True),
                "flat: context stage (and one query row)": lambda: context_only(flat, False),
                "hierarchical: context stage (and one query row)": lambda: context_only(hier, True),
            },
            args.repeat,
        )
    result = {
        "command": f"PYTHONPATH=. python benchmarks/hier_speed.py --ckpt {args.ckpt}",
        "checkpoint_steps": info["steps"],
        "context_rows": c,
        "query_rows": q,
        "feature_slots_used": args.features,
        "cores": os.cpu_count(),
        "load_average": os.getloadavg()[0],
        "seconds": {k: round(v, 3) for k, v in rows.items()},
    }
    print(json.dumps(result, indent=2))
    ratio = list(rows.values())[1] / list(rows.values())[0]
    lines = [
        "# Model speed of the hierarchical model: 1,000 context × 1,000 query rows",
        "",
        "```",
        result["command"] + "   # needs the [train] extra",
        "```",
        "",
        f"{c:,} context rows, {q:,} query rows, {args.features} of {contract.F_MAX} feature slots in use; each row "
        f"with {contract.T_NB} neighbour tables × {contract.K_NB} rows × {contract.G_NB} columns (about 60% of the "
        f"row slots present). ONNX Runtime as the runtime runs it: the context stage once, query rows in calls of "
        f"{chunk}, {calls} calls in flight on one thread each ({os.cpu_count()} cores, load average "
        f"{result['load_average']:.1f}). Best of {args.repeat} rounds, both models interleaved. Hierarchical "
        f"checkpoint: step {info['steps']}.",
        "",
        "| what | seconds |",
        "|---|---:|",
        *(f"| {k} | {v:.3f} |" for k, v in result["seconds"].items()),
        "",
        f"The hierarchical model takes {ratio:.2f}× the flat model's time on the same rows (measured in one run).",
        "",
    ]
    Path(args.out).write_text("\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
