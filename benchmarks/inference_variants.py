"""Ways of running the shipped model that leave its weights alone, measured on the dev tasks' val splits.

    python benchmarks/inference_variants.py --variant label-flip        # run mode fast, all eight tasks
    python benchmarks/inference_variants.py --variant bagging --run-mode normal --only driver-position user-active
    python benchmarks/inference_variants.py --variant depth-16 --only movie-ratings driver-position

Each variant is applied around the runtime for one `rfm-sql bench` run per task (the same rows, contexts and
baselines as `benchmarks/quality.py`), and the table beside the plain runtime's numbers from the same command:
- `label-flip`: every prediction averaged with one made from the context with its labels mirrored (binary
  classes swapped, a multiclass target's classes shifted by one, a regression target negated; the outputs
  mapped back): TabPFN's label-permutation ensemble, for a network whose label embedding is not symmetric;
- `bagging`: a context of more than 1,000 rows split into disjoint random parts of at most 1,000 (the sizes
  the model was trained at), each part's prediction averaged: for `normal` and `best`;
- `feature-bag`: the plain prediction averaged with three more, each reading a seeded random 75% of the
  feature slots (TabPFN's feature-subsampling ensemble);
- `depth-N`: context anchors at most N horizons back (the run mode's `max_anchors`).

Tune on val only: `--split test` is refused.
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
from contextlib import ExitStack
from pathlib import Path
from unittest import mock

import numpy as np

from rfm_sql import bench
from rfm_sql.runtime import model as runtime_model
from rfm_sql.runtime import options as run_options

sys.path.insert(0, str(Path(__file__).parent))
from quality import DATA, TASKS  # noqa: E402

BAG_ROWS = 1000
FEATURE_BAGS = 4
FEATURE_KEEP = 0.75
_predict = runtime_model.Model.predict


def _softmax(z: np.ndarray) -> np.ndarray:
    e = np.exp(z - z.max(-1, keepdims=True))
    return e / e.sum(-1, keepdims=True)


def label_flip(self, episode):
    """The plain prediction averaged with the mirrored context's, mapped back to the original labels."""
    if episode.is_regression:
        mirrored = dataclasses.replace(episode, y_ctx=-episode.y_ctx)
        _, bins = self.run(runtime_model.episode_inputs(mirrored, self))
        # the bins are symmetric about 0 (contract.bin_edges): bin i of -y is bin N_BINS - 1 - i of y
        return (_predict(self, episode) + _softmax(bins[0])[:, ::-1]) / 2
    k = max(2, len(episode.target.classes))
    probs = []
    for shift in (0, 1):
        y = ((episode.y_ctx.astype(np.int64) + shift) % k).astype(episode.y_ctx.dtype)
        logits, _ = self.run(runtime_model.episode_inputs(dataclasses.replace(episode, y_ctx=y), self))
        probs.append(_softmax(logits[0, :, :k])[:, (np.arange(k) + shift) % k])
    return runtime_model.decoding.classification(np.mean(probs, 0), episode.target)


def bagging(self, episode):
    """Disjoint random parts of at most BAG_ROWS context rows, their predictions averaged."""
    n = episode.x_ctx.shape[0]
    parts = -(-n // BAG_ROWS)
    if parts <= 1:
        return _predict(self, episode)
    order = np.random.default_rng(0).permutation(n)
    outs = []
    for part in np.array_split(order, parts):
        part = np.sort(part)
        sub = dataclasses.replace(
            episode, x_ctx=episode.x_ctx[part], m_ctx=episode.m_ctx[part], y_ctx=episode.y_ctx[part]
        )
        outs.append(_predict(self, sub))
    return np.mean(outs, 0)


def feature_bag(self, episode):
    """The plain prediction averaged with FEATURE_BAGS - 1 more, each from a seeded random FEATURE_KEEP share of
    the used feature slots (the others masked out as unused): TabPFN's feature-subsampling ensemble."""
    used = np.flatnonzero(episode.fmask)
    keep = max(1, int(round(FEATURE_KEEP * len(used))))
    outs = [_predict(self, episode)]
    if keep == len(used):
        return outs[0]
    rng = np.random.default_rng(0)
    for _ in range(FEATURE_BAGS - 1):
        fmask = np.zeros_like(episode.fmask)
        fmask[rng.choice(used, keep, replace=False)] = 1
        outs.append(_predict(self, dataclasses.replace(episode, fmask=fmask)))
    return np.mean(outs, 0)


def patches(variant: str, run_mode: str) -> list:
    if variant == "label-flip":
        return [mock.patch.object(runtime_model.Model, "predict", label_flip)]
    if variant == "bagging":
        return [mock.patch.object(runtime_model.Model, "predict", bagging)]
    if variant == "feature-bag":
        return [mock.patch.object(runtime_model.Model, "predict", feature_bag)]
    if variant.startswith("depth-") and variant.removeprefix("depth-").isdigit():
        mode = dataclasses.replace(run_options.RUN_MODES[run_mode], max_anchors=int(variant.removeprefix("depth-")))
        return [mock.patch.dict(run_options.RUN_MODES, {run_mode: mode})]
    raise SystemExit(f"--variant {variant!r}: use label-flip, bagging, feature-bag or depth-N (N a whole number of horizons)")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--variant", required=True, help="label-flip, bagging, feature-bag or depth-N")
    ap.add_argument("--run-mode", default="fast", choices=list(run_options.RUN_MODES))
    ap.add_argument("--only", nargs="+", help="these tasks (default: all eight)")
    ap.add_argument("--split", default="val", choices=["val"], help="val only: variants are tuned here")
    args = ap.parse_args(argv)
    patches(args.variant, args.run_mode)  # an unknown variant fails before any work
    if not DATA.exists():
        print(f"{DATA} is missing: the benchmark needs ../shared/data", file=sys.stderr)
        return 2
    rows = []
    for data, task, query in TASKS:
        if args.only and task not in args.only:
            continue
        numbers = []  # the plain runtime's results, then the variant's
        for variant in ("plain", args.variant):
            with ExitStack() as stack:
                for patch in [] if variant == "plain" else patches(args.variant, args.run_mode):
                    stack.enter_context(patch)
                result = bench.run(DATA / data, task, query, split=args.split, run_mode=args.run_mode)
            numbers.append({**result["results"], "rows": result["context_size"]})
        arrow = "↑" if result["higher_is_better"] else "↓"
        rows.append(
            f"| {data} | {task} | {result['metric'].upper()} {arrow} | {numbers[0]['rows']} / {numbers[1]['rows']} | "
            f"{numbers[0]['rfm']:.4f} | {numbers[1]['rfm']:.4f} | {numbers[0]['lightgbm']:.4f} | {numbers[1]['lightgbm']:.4f} |"
        )
        print(rows[-1], flush=True)
    print(f"\n{args.variant}, run mode {args.run_mode}, {args.split} split\n")
    print(
        f"| data | task | metric | context rows (plain / variant) | rfm | rfm, {args.variant} | lightgbm | lightgbm, {args.variant} |"
    )
    print("|---|---|---|---|---|---|---|---|")
    print("\n".join(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
