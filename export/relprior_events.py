"""The random processes of the relational prior (numpy, vectorised): entity lifetimes and latents, event
times with trends, weekly and yearly seasonality, bursts and churn, affinity-driven choice of linked rows,
and attribute columns drawn from random causal models (heavy tails, informative and uninformative
categories, text, noise columns, missing values)."""

from __future__ import annotations

import numpy as np

NUMERIC_NAMES = (
    "amount", "price", "value", "quantity", "duration", "score", "cost", "size", "weight", "distance", "rating",
    "balance", "income", "tenure", "volume", "discount", "fee", "length", "count", "level",
)  # fmt: skip
CATEGORY_NAMES = (
    "status", "channel", "type", "category", "kind", "tier", "plan", "region", "device", "source", "method",
    "segment", "grade", "brand", "language", "color", "mode", "outcome", "platform", "group",
)  # fmt: skip
TEXT_NAMES = ("note", "comment", "description", "title", "summary", "message")
_VOCABULARY = (
    "fast slow good bad late early broken new used great poor fine cheap costly clean dirty quiet loud small "
    "large red blue green happy angry calm busy simple complex open closed warm cold fresh old bright dark "
    "smooth rough light heavy safe risky strong weak rare common"
)
WORDS = tuple(_VOCABULARY.split())


def lifetimes(rng, n: int, z: np.ndarray, n_days: int) -> tuple[np.ndarray, np.ndarray]:
    """(start, end) day of each entity: some exist from the first day, the rest arrive over the span (a
    growing base); each then stops (churns) after an exponential lifetime whose hazard its latents drive."""
    old = rng.random(n) < rng.uniform(0.1, 0.8)
    start = np.where(old, 0.0, rng.uniform(0, n_days * 0.95, n) * rng.uniform(0.3, 1.0) ** 0.5)
    if rng.random() < 0.15:  # no churn at all
        return start, np.full(n, np.inf)
    median_life = n_days * rng.uniform(0.2, 3.0)
    log_hazard = -np.log(median_life) + z @ rng.normal(0, 0.6, z.shape[1]) + rng.normal(0, 0.3, n)
    life = rng.exponential(1.0, n) / np.exp(log_hazard)
    return start, start + life


def event_times(rng, z, start, end, n_days: int, total: int) -> tuple[np.ndarray, np.ndarray]:
    """Owner index and time (in days) of about `total` events from inhomogeneous Poisson processes, one per
    entity: a log rate from the latents plus a per-entity trend, shared weekly and yearly seasonality of
    per-entity strength, bursts (a few days at several times the rate), zero outside the entity's life."""
    n, k = z.shape
    days = np.arange(n_days, dtype=np.float64)
    base = z @ rng.normal(0, rng.uniform(0.3, 1.2), k) + rng.normal(0, rng.uniform(0.1, 0.8), n)
    trend = (z @ rng.normal(0, 0.5, k) + rng.normal(0, 0.4, n)) * rng.uniform(0, 1.5) + rng.normal(0, 0.5)
    week = rng.uniform(0, 0.8) * np.cos(2 * np.pi * (days % 7) / 7 + rng.uniform(0, 2 * np.pi))
    year = rng.uniform(0, 0.8) * np.cos(2 * np.pi * days / 365.25 + rng.uniform(0, 2 * np.pi))
    strength = np.clip(1 + rng.normal(0, 0.4, n), 0, None)
    log = base[:, None] + np.outer(trend, days / n_days) + np.outer(strength, week + year)
    n_bursts = rng.poisson(n * rng.uniform(0, 0.3))
    if n_bursts:
        delta = np.zeros((n, n_days + 1))
        who, when = rng.integers(0, n, n_bursts), rng.integers(0, n_days, n_bursts)
        size = np.log(rng.uniform(2, 12, n_bursts))
        np.add.at(delta, (who, when), size)
        np.add.at(delta, (who, np.minimum(when + rng.integers(1, 15, n_bursts), n_days)), -size)
        log += np.cumsum(delta, axis=1)[:, :n_days]
    alive = (days[None, :] >= np.floor(start)[:, None]) & (days[None, :] < end[:, None])
    rate = np.exp(np.clip(log - log.max(), -30, 0)) * alive
    rate *= total / max(rate.sum(), 1e-12)
    counts = rng.poisson(rate)
    who, day = np.nonzero(counts)
    reps = counts[who, day]
    owner, t = np.repeat(who, reps), np.repeat(day, reps) + rng.random(int(reps.sum()))
    t = np.maximum(t, start[owner])
    order = np.argsort(t, kind="stable")
    return owner[order], t[order]


def choose(rng, z_from: np.ndarray, z_to: np.ndarray) -> np.ndarray:
    """For each row of `z_from`, a row of `z_to` chosen by latent affinity (a segment picked by a softmax of
    the two latents' agreement) and popularity (Zipf-like within the segment)."""
    n_to, k = z_to.shape
    n_seg = int(min(n_to, rng.integers(2, 9)))
    proj = rng.normal(0, 1, (k, n_seg))
    seg_of = np.argmax(z_to @ proj + rng.gumbel(0, 0.5, (n_to, n_seg)), axis=1)
    seg_of[rng.permutation(n_to)[:n_seg]] = np.arange(n_seg)  # no empty segment
    beta = rng.uniform(0, 2.5)
    seg = np.argmax(beta * (z_from @ proj) + rng.gumbel(0, 1, (len(z_from), n_seg)), axis=1)
    popularity = rng.pareto(rng.uniform(0.8, 3.0), n_to) + 0.05
    out = np.empty(len(z_from), dtype=np.int64)
    for s in range(n_seg):
        members = np.nonzero(seg_of == s)[0]
        rows = np.nonzero(seg == s)[0]
        cum = np.cumsum(popularity[members])
        out[rows] = members[np.minimum(np.searchsorted(cum, rng.random(len(rows)) * cum[-1]), len(members) - 1)]
    return out


def _unique(name: str, taken: set) -> str:
    out, i = name, 2
    while out in taken:
        out, i = f"{name}_{i}", i + 1
    taken.add(out)
    return out


def _standard(x: np.ndarray) -> np.ndarray:
    x = np.asarray(x, dtype=np.float64)
    return (x - x.mean()) / (x.std() + 1e-9)


def _numeric(rng, signal: np.ndarray) -> np.ndarray:
    """A numeric column from a standardised signal: normal, lognormal (amounts), pareto (heavy tails), counts,
    bounded scores (1-5), or a nonlinear transform."""
    m = len(signal)
    kind = rng.choice(
        ["normal", "lognormal", "pareto", "count", "rating", "nonlinear"], p=[0.2, 0.3, 0.15, 0.15, 0.1, 0.1]
    )
    scale = float(10 ** rng.uniform(-1, 3))
    if kind == "lognormal":
        return np.round(scale * np.exp(rng.uniform(0.2, 1.0) * signal + rng.normal(0, rng.uniform(0.2, 1), m)), 2)
    if kind == "pareto":
        return np.round(scale * np.exp(0.5 * signal) * (1 + rng.pareto(rng.uniform(1.1, 3), m)), 2)
    if kind == "count":
        return rng.poisson(np.exp(np.clip(0.7 * signal + rng.uniform(-1, 2), -5, 5))).astype(np.int64)
    if kind == "rating":
        cuts = np.sort(rng.normal(0, 1, 4))
        return (1 + np.searchsorted(cuts, signal + rng.normal(0, 0.7, m))).astype(np.int64)
    if kind == "nonlinear":
        f = rng.choice([np.tanh, np.square, np.abs, np.sin])
        return np.round(scale * (f(signal) + rng.normal(0, 0.3, m)), 3)
    return np.round(scale * (signal + rng.normal(0, rng.uniform(0.2, 1.5), m)) + rng.normal(0, 3) * scale, 3)


def _missing(rng, values: np.ndarray, signal: np.ndarray) -> np.ndarray | None:
    """A mask of missing values (completely at random, or more often where the signal is high), or None."""
    if rng.random() < 0.6:
        return None
    rate = rng.uniform(0.01, 0.35)
    if rng.random() < 0.35:
        p = rate * 2 / (1 + np.exp(-2 * signal))
        return rng.random(len(values)) < p
    return rng.random(len(values)) < rate


def attributes(rng, parents: np.ndarray, taken: set, n_num: int, n_cat: int, text: bool = False, owner=None) -> dict:
    """{column: (values, missing mask or None)} from a random causal model: columns are made one after
    another, each from a random mix of the parent signals (latents, linked rows' attributes, time) and of
    the columns made before it; some categorical and numeric columns are pure noise. With `owner` (each
    row's owning entity), a categorical column is often a habit: each owner has a favourite level that its
    rows take with some stickiness."""
    m = len(parents)
    feats = [parents[:, j] for j in range(parents.shape[1])]
    out = {}
    kinds = ["num"] * n_num + ["cat"] * n_cat + (["text"] if text else [])
    for kind in rng.permutation(kinds):
        noise_only = rng.random() < 0.2
        if noise_only or not feats:
            signal = rng.normal(0, 1, m)
        else:
            use = rng.random(len(feats)) < min(1.0, 2.5 / len(feats))
            w = rng.normal(0, 1, len(feats)) * use
            mix = sum(wi * f for wi, f in zip(w, feats, strict=True) if wi) if use.any() else np.zeros(m)
            signal = _standard(mix + rng.normal(0, rng.uniform(0.1, 1.0), m)) if np.any(mix) else rng.normal(0, 1, m)
        if kind == "num":
            name = _unique(str(rng.choice(NUMERIC_NAMES)), taken)
            values = _numeric(rng, signal)
            feats.append(_standard(np.log1p(np.abs(values)) * np.sign(values)))
        elif kind == "cat":
            name = _unique(str(rng.choice(CATEGORY_NAMES)), taken)
            n_levels = int(rng.choice([2, 3, 4, 5, 8, 12, 20]))
            logits = np.outer(signal, rng.normal(0, rng.uniform(0.5, 3), n_levels)) + np.log(
                rng.dirichlet([1] * n_levels)
            )
            level = np.argmax(logits + rng.gumbel(0, 1, (m, n_levels)), axis=1)
            if owner is not None and rng.random() < 0.6:
                favourite = np.argmax(logits + rng.gumbel(0, 1, (m, n_levels)), axis=1)  # one per owner, below
                first = np.full(int(owner.max()) + 1, -1)
                first[owner[::-1]] = np.arange(m)[::-1]  # each owner's first row
                sticky = rng.random(m) < rng.uniform(0.3, 0.9)
                level = np.where(sticky, favourite[first[owner]], level)
            labels = np.array([f"{name[:4]}_{chr(97 + j % 26)}{j // 26 or ''}" for j in range(n_levels)])
            values = labels[level] if n_levels > 2 or rng.random() < 0.5 else level.astype(bool)
            feats.append(_standard(level == np.argmax(np.bincount(level))))
        else:
            name = _unique(str(rng.choice(TEXT_NAMES)), taken)
            topics = rng.integers(0, len(WORDS), (4, 6))
            topic = np.clip(((signal + 2) / 4 * 4).astype(int), 0, 3)
            n_words = rng.integers(4, 10, m)
            words = np.asarray(WORDS)[
                np.where(
                    rng.random((m, 9)) < 0.6,
                    topics[topic][:, rng.integers(0, 6, 9)],
                    rng.integers(0, len(WORDS), (m, 9)),
                )
            ]
            values = np.array([" ".join(w[:k]) for w, k in zip(words, n_words, strict=True)], dtype=object)
        out[name] = (values, None if noise_only and rng.random() < 0.5 else _missing(rng, values, signal))
    return out
