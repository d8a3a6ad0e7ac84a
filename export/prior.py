"""A synthetic prior of tabular in-context tasks, passed through rfm_sql's own encoder.

Three families (MODEL.md): random-MLP causal models, random tree ensembles, and "entity histories"
(latent propensities -> event counts per window, recency, lagged labels; missing when there is no
history). Features are made messy the way relational aggregates are: discretised, categorical, heavy
tailed, missing, pure noise. A "wide" episode adds what a database's dozens of aggregates look like beside
the few that matter: near-copies of the features (one count over several windows), weakly related columns and
more noise, up to about 120 columns (the runtime reads up to 128, and a rich schema's tasks fill most).
"""

from __future__ import annotations

import numpy as np

from rfm_sql.runtime.contract import N_CLASSES
from rfm_sql.runtime.encode import Episode, encode

WIDE_MAX = 120  # columns of a wide episode, at most


def sample_episode(rng: np.random.Generator, n_ctx: int, n_qry: int, wide: bool = False) -> Episode:
    n = n_ctx + n_qry
    family = rng.choice(["mlp", "trees", "history"], p=[0.35, 0.25, 0.4])
    X, latent = {"mlp": _mlp_features, "trees": _tree_features, "history": _history_features}[family](rng, n)
    y_raw = _label(rng, family, X, latent)
    kind = "classification" if rng.random() < 0.55 else "regression"
    y = _as_task(rng, y_raw, kind)
    if wide:  # after the label: the added columns carry no information the label uses beyond X's
        X = _widen(rng, X, latent)
    X = _messy(rng, X)
    kinds = {name: ("categorical" if v.dtype == object else "numeric") for name, v in X.items()}
    ctx = {k: v[:n_ctx] for k, v in X.items()}
    qry = {k: v[n_ctx:] for k, v in X.items()}
    episode = encode(ctx, qry, kinds, y[:n_ctx], kind)
    episode.y_qry = episode.target.encode(y[n_ctx:])  # training target for the queries
    return episode


def _mlp_features(rng, n):
    k = int(rng.integers(2, 8))
    z = rng.normal(size=(n, k))
    feats = {}
    for j in range(int(rng.integers(3, 30))):
        w = rng.normal(size=k) * (rng.random(k) < 0.6)
        h = z @ w + rng.normal(scale=rng.uniform(0.05, 1.0), size=n)
        feats[f"x{j}"] = _nonlinear(rng, h)
    return feats, z


def _nonlinear(rng, h):
    f = rng.choice(["id", "tanh", "square", "exp", "abs", "step"])
    return {
        "id": h,
        "tanh": np.tanh(h),
        "square": h * h,
        "exp": np.exp(np.clip(h, -5, 5)),
        "abs": np.abs(h),
        "step": (h > rng.normal()).astype(float),
    }[f]


def _tree_features(rng, n):
    f = int(rng.integers(3, 25))
    X = rng.normal(size=(n, f))
    return {f"x{j}": X[:, j] for j in range(f)}, X


def _history_features(rng, n):
    """Entities with a latent rate; features are what SQL aggregates of their past events look like."""
    rate = rng.lognormal(rng.normal(-1, 1), rng.uniform(0.3, 1.5), size=n)
    trend = rng.normal(0, 0.3, size=n)
    value = rng.normal(size=n)
    feats = {}
    windows = [1, 3, 12]
    for w in windows:
        counts = rng.poisson(rate * w * np.exp(-trend * w / 12))
        feats[f"count_{w}"] = counts.astype(float)
        vals = np.where(counts > 0, value + rng.normal(scale=1 / np.sqrt(np.maximum(counts, 1))), np.nan)
        feats[f"mean_{w}"] = vals
    feats["days_since_last"] = np.where(feats["count_12"] > 0, rng.exponential(1 / np.maximum(rate, 1e-3)), np.nan)
    for lag in (1, 2, 3):
        feats[f"lag{lag}"] = rng.poisson(rate * np.exp(-trend * (4 - lag) / 12)).astype(float)
    latent = np.stack([np.log(rate), trend, value], axis=1)
    return feats, latent


def _label(rng, family, X, latent):
    if family == "history":
        rate = np.exp(latent[:, 0] + latent[:, 1] * rng.uniform(0, 0.5))
        if rng.random() < 0.5:
            return rng.poisson(rate).astype(float) + 0.0
        return latent[:, 2] + rng.normal(scale=rng.uniform(0.1, 1.0), size=len(rate))
    if family == "trees":
        y = np.zeros(len(latent))
        for _ in range(int(rng.integers(1, 8))):
            j1, j2 = rng.integers(0, latent.shape[1], 2)
            t1, t2 = rng.normal(size=2)
            y += rng.normal() * ((latent[:, j1] > t1) * 1.0 + (latent[:, j2] > t2) * rng.normal())
        return y + rng.normal(scale=rng.uniform(0.01, 0.5), size=len(y))
    w = rng.normal(size=latent.shape[1])
    h = latent @ w
    if rng.random() < 0.5:
        h = np.tanh(h) + 0.5 * (latent[:, 0] * latent[:, -1])
    return h + rng.normal(scale=rng.uniform(0.01, 1.0) * h.std() + 1e-6, size=len(h))


def _as_task(rng, y, kind):
    if kind == "regression":
        if rng.random() < 0.2:
            return np.exp(np.clip(y / (y.std() + 1e-9), -4, 4))
        return y * rng.lognormal(0, 2) + rng.normal(0, 10)
    k = 2 if rng.random() < 0.7 else int(rng.integers(3, N_CLASSES + 1))
    if k == 2:
        threshold = np.quantile(y, rng.uniform(0.1, 0.9))
        return y > threshold
    edges = np.quantile(y, np.sort(rng.uniform(0.05, 0.95, size=k - 1)))
    return np.array([f"class{c}" for c in np.searchsorted(edges, y)], dtype=object)


def _widen(rng, X, latent):
    """Near-copies (monotone transforms plus noise), weak proxies of the latents, and noise, in random amounts."""
    out = dict(X)
    names = list(X)
    target = int(rng.integers(len(out), WIDE_MAX + 1))
    n = len(latent)
    shares = rng.dirichlet([1.0, 1.0, 1.0])  # copies, weak proxies, noise
    for j in range(target - len(out)):
        which = rng.choice(3, p=shares)
        if which == 0:
            v = np.asarray(X[names[int(rng.integers(0, len(names)))]], dtype=float)
            scale = np.nanstd(v) if np.isfinite(v).any() else 1.0
            v = v * rng.lognormal(0, 0.5) + rng.normal(scale=rng.uniform(0.05, 1.0) * (scale + 1e-9), size=n)
            out[f"copy{j}"] = np.log1p(np.abs(v)) * np.sign(v) if rng.random() < 0.3 else v
        elif which == 1:
            h = latent @ (rng.normal(size=latent.shape[1]) * (rng.random(latent.shape[1]) < 0.5))
            out[f"weak{j}"] = _nonlinear(rng, h + rng.normal(scale=rng.uniform(2, 10) * (h.std() + 1e-3), size=n))
        else:
            out[f"extra{j}"] = rng.normal(size=n) if rng.random() < 0.5 else rng.poisson(rng.uniform(0.1, 5), size=n) * 1.0
    return out


def _messy(rng, X):
    out = {}
    for name, v in X.items():
        v = np.asarray(v, dtype=float).copy()
        r = rng.random()
        if r < 0.1:  # categorical: binned into named buckets
            edges = (
                np.quantile(v[np.isfinite(v)], np.linspace(0, 1, int(rng.integers(3, 12)))[1:-1])
                if np.isfinite(v).any()
                else []
            )
            cat = np.array([f"c{int(b)}" for b in np.searchsorted(edges, np.nan_to_num(v))], dtype=object)
            cat[~np.isfinite(v)] = None
            out[name] = cat
            continue
        if r < 0.25:
            v = np.round(v * rng.choice([1, 2, 10]))  # discretised
        if rng.random() < 0.3:  # missing at random
            v[rng.random(len(v)) < rng.uniform(0.05, 0.5)] = np.nan
        out[name] = v
    for j in range(int(rng.integers(0, 6))):  # noise columns
        out[f"noise{j}"] = rng.normal(size=len(v)) if rng.random() < 0.7 else rng.exponential(size=len(v))
    keys = list(out)
    order = rng.permutation(len(keys))
    return {keys[i]: out[keys[i]] for i in order}
