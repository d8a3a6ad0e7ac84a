"""Realism of a folder of episodes (the synthetic prior's, or any): label distributions (class balance, the
number of classes, regression skew) and learnability (LightGBM fitted on each episode's context against the
context's mean / class frequencies, scored on its queries).

    python -m export.relprior_check DIR [--limit N]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np


def _skew(y: np.ndarray) -> float:
    s = y.std()
    return float(((y - y.mean()) ** 3).mean() / s**3) if s > 0 else 0.0


def _log_loss(p: np.ndarray, y: np.ndarray) -> float:
    return float(-np.mean(np.log(np.clip(p[np.arange(len(y)), y], 1e-6, 1))))


def _fit(lgb, params: dict, x: np.ndarray, y: np.ndarray, seed: int = 0):
    """LightGBM with early stopping on a fifth of the context (up to 400 rounds)."""
    order = np.random.default_rng(seed).permutation(len(y))
    cut = max(1, len(y) // 5)
    val, fit = order[:cut], order[cut:]
    data, held = lgb.Dataset(x[fit], y[fit]), lgb.Dataset(x[val], y[val])
    stop = [lgb.early_stopping(20, verbose=False)]
    return lgb.train(params, data, num_boost_round=400, valid_sets=[held], callbacks=stop)


def check(path: Path) -> dict:
    """{kind, n_ctx, balance or skew, model and baseline losses} of one saved episode."""
    import lightgbm as lgb

    z = np.load(path)
    keep = z["fmask"] > 0
    x_ctx = np.hstack([z["x_ctx"][:, keep], z["m_ctx"][:, keep]])
    x_qry = np.hstack([z["x_qry"][:, keep], z["m_qry"][:, keep]])
    y_ctx, y_qry = z["y_ctx"], z["y_qry"]
    params = {"learning_rate": 0.05, "num_leaves": 15, "min_data_in_leaf": 5, "verbose": -1, "num_threads": 1}
    out = {"pql": str(z["pql"]), "n_ctx": len(y_ctx), "n_qry": len(y_qry)}
    if float(z["is_regression"]) > 0:
        booster = _fit(lgb, {**params, "objective": "regression"}, x_ctx, y_ctx)
        pred = booster.predict(x_qry)
        out.update(kind="regression", skew=_skew(y_ctx))
        out.update(model=float(np.mean((pred - y_qry) ** 2)), baseline=float(np.mean((y_ctx.mean() - y_qry) ** 2)))
        return out
    n_classes = int(z["n_classes"])
    y_ctx, y_qry = y_ctx.astype(int), y_qry.astype(int)
    freq = (np.bincount(y_ctx, minlength=n_classes) + 1.0) / (len(y_ctx) + n_classes)
    base = np.tile(freq, (len(y_qry), 1))
    if n_classes == 2:
        booster = _fit(lgb, {**params, "objective": "binary"}, x_ctx, y_ctx)
        p1 = booster.predict(x_qry)
        prob = np.stack([1 - p1, p1], axis=1)
    else:
        objective = {"objective": "multiclass", "num_class": n_classes}
        booster = _fit(lgb, {**params, **objective}, x_ctx, y_ctx)
        prob = booster.predict(x_qry)
    out.update(kind="binary" if n_classes == 2 else "multiclass", n_classes=n_classes, majority=float(freq.max()))
    out.update(model=_log_loss(prob, y_qry), baseline=_log_loss(base, y_qry))
    return out


def summarise(rows: list[dict]) -> str:
    lines = []
    for kind in ("binary", "multiclass", "regression"):
        got = [r for r in rows if r["kind"] == kind]
        if not got:
            continue
        gain = np.array([1 - r["model"] / r["baseline"] if r["baseline"] > 0 else 0.0 for r in got])
        line = (
            f"{kind:10s} n={len(got):3d}  beats baseline: {np.mean(gain > 0.01):.0%}  "
            f"median gain {np.median(gain):+.2f}  near-perfect (gain>0.95): {np.mean(gain > 0.95):.0%}"
        )
        if kind == "regression":
            skew = np.array([r["skew"] for r in got])
            line += f"  |skew| median {np.median(np.abs(skew)):.1f}, >2: {np.mean(np.abs(skew) > 2):.0%}"
        else:
            major = np.array([r["majority"] for r in got])
            line += f"  majority-class share median {np.median(major):.2f}, >0.9: {np.mean(major > 0.9):.0%}"
            if kind == "multiclass":
                line += f"  classes median {np.median([r['n_classes'] for r in got]):.0f}"
        lines.append(line)
    return "\n".join(lines)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("folder")
    ap.add_argument("--limit", type=int, default=300)
    ap.add_argument("--show", type=int, default=8, help="print this many tasks with their numbers")
    args = ap.parse_args(argv)
    files = sorted(Path(args.folder).glob("*.npz"))[: args.limit]
    rows = [check(f) for f in files]
    for r in rows[: args.show]:
        extra = f"skew {r['skew']:+.1f}" if r["kind"] == "regression" else f"majority {r['majority']:.2f}"
        print(f"{r['kind']:10s} ctx {r['n_ctx']:4d} {extra}  model {r['model']:.3f} vs {r['baseline']:.3f}  {r['pql']}")
    print(summarise(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
