"""Pre-train the in-context model on synthetic prior episodes mixed with cached real-database episodes.

Resumes from `--ckpt` if it exists and checkpoints every `--save-every` seconds, so runs continue across
sessions. Logs progress to stdout; `--log-runs` appends a summary row to export/RUNS.md.

    python -m export.train --minutes 90 --ckpt export/checkpoints/last.pt
    python -m export.train --device cuda --workers 12 ...   # a GPU fed by 12 processes making prior episodes

Checkpoints hold CPU tensors whatever the device, so a run moves between CPU and GPU machines freely.
"""

from __future__ import annotations

import argparse
import copy
import glob
import math
import multiprocessing
import random
import time
import zlib
from collections import deque
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F

from export.hier import NB_INPUTS, HierModel
from export.model import InContextModel, ModelConfig
from export.prior import sample_episode
from rfm_sql.runtime.contract import G_NB, K_NB, N_CLASSES, N_NB_DESC, T_NB, bin_edges, regression_median
from rfm_sql.runtime.metrics import auroc

KEYS = ("x_ctx", "m_ctx", "y_ctx", "x_qry", "m_qry", "fmask", "fdesc")


MIN_CONTEXT, MAX_CONTEXT = 64, 700  # the synthetic prior's context sizes are drawn uniformly from this range


def synthetic_batch(rng: np.random.Generator, max_context: int = MAX_CONTEXT, wide_share: float = 0.0) -> dict:
    n_ctx, n_qry = int(rng.integers(MIN_CONTEXT, max_context)), int(rng.integers(32, 128))
    # drawn only when asked for, so a run without wide episodes keeps its seeded stream
    ep = sample_episode(rng, n_ctx, n_qry, wide=bool(wide_share) and rng.random() < wide_share)
    return {
        **{k: getattr(ep, k) for k in KEYS},
        "y_qry": ep.y_qry,
        "is_regression": np.float32(ep.is_regression),
        "n_classes": max(2, len(ep.target.classes)),
    }


def synthetic_from_seed(seed: int, max_context: int = MAX_CONTEXT, wide_share: float = 0.0) -> dict:
    """`synthetic_batch` of its own generator: what a worker process makes (the stream stays seeded)."""
    return synthetic_batch(np.random.default_rng(seed), max_context, wide_share)


class SyntheticStream:
    """Synthetic prior episodes, made in the training process (workers=0) or by `workers` processes that keep
    2 × workers episodes in flight, so an accelerator is not left waiting on NumPy. Seeded either way."""

    def __init__(
        self, rng: np.random.Generator, workers: int = 0, max_context: int = MAX_CONTEXT, wide_share: float = 0.0
    ):
        self.rng = rng
        self.workers = workers
        self.max_context = max_context
        self.wide_share = wide_share
        self.pool = multiprocessing.get_context("spawn").Pool(workers) if workers > 0 else None
        self.pending: deque = deque()

    def next(self) -> dict:
        if self.pool is None:
            return synthetic_batch(self.rng, self.max_context, self.wide_share)
        while len(self.pending) < 2 * self.workers:
            seed = int(self.rng.integers(0, 2**63 - 1))
            self.pending.append(self.pool.apply_async(synthetic_from_seed, (seed, self.max_context, self.wide_share)))
        return self.pending.popleft().get()

    def close(self) -> None:
        if self.pool is not None:
            # let the episodes in flight finish, then close: terminating a pool whose task handler is still
            # handing out tasks can deadlock in CPython's multiprocessing (seen in the test suite: join() never
            # returned, the handler waiting on the task queue's lock)
            for result in self.pending:
                result.wait(timeout=120)  # bounded: a task whose worker died never finishes
            done = all(result.ready() for result in self.pending)
            self.pending.clear()
            if done:
                self.pool.close()
            else:
                self.pool.terminate()
            self.pool.join()


def resolve_device(name: str) -> torch.device:
    """`auto`: CUDA when this machine has it, else the CPU; otherwise the device named (refused if absent)."""
    if name == "auto":
        return torch.device("cuda" if torch.cuda.is_available() else "cpu")
    device = torch.device(name)
    if device.type == "cuda" and not torch.cuda.is_available():
        raise SystemExit(f"--device {name}: this machine has no CUDA device (torch {torch.__version__}); use cpu.")
    return device


def real_batch(path: str) -> dict:
    with np.load(path) as z:
        b = {k: z[k] for k in (*KEYS, "y_qry", "is_regression")} | {"n_classes": int(z["n_classes"])}
        return b | {k: z[k] for k in NB_INPUTS if k in z}


def no_neighbours(b: dict) -> dict:
    """Neighbour inputs for an episode that has none (the flat synthetic prior): every row slot empty."""
    c, q = len(b["y_ctx"]), len(b["y_qry"])
    cells = lambda n: np.zeros((n, T_NB, K_NB, G_NB), np.float32)  # noqa: E731
    return {
        "nb_x_ctx": cells(c), "nb_m_ctx": cells(c), "nb_r_ctx": np.zeros((c, T_NB, K_NB), np.float32),
        "nb_x_qry": cells(q), "nb_m_qry": cells(q), "nb_r_qry": np.zeros((q, T_NB, K_NB), np.float32),
        "nb_cmask": np.zeros((T_NB, G_NB), np.float32), "nb_desc": np.zeros((T_NB, G_NB, N_NB_DESC), np.float32),
    }  # fmt: skip


def held_out(path: str) -> bool:
    """A fixed 5% of the real episodes, by a stable hash of the file name, for validation."""
    return zlib.crc32(Path(path).name.encode()) % 20 == 0


def to_tensors(b: dict, hier: bool = False, device: torch.device | str = "cpu") -> tuple:
    args = [torch.from_numpy(np.asarray(b[k], np.float32)).unsqueeze(0) for k in KEYS]
    args.append(torch.tensor([float(b["is_regression"])]))
    if hier:
        nb = b if "nb_cmask" in b else no_neighbours(b)
        args += [torch.from_numpy(np.asarray(nb[k], np.float32)).unsqueeze(0) for k in NB_INPUTS]
    return tuple(a.to(device, non_blocking=True) for a in args)


def _device(model: torch.nn.Module) -> torch.device:
    return next(model.parameters()).device


def loss_fn(model, b: dict) -> torch.Tensor:
    device = _device(model)
    class_logits, bin_logits = model(*to_tensors(b, isinstance(model, HierModel), device))
    y = torch.from_numpy(np.asarray(b["y_qry"], np.float32)).to(device)
    if float(b["is_regression"]) > 0.5:
        return hl_gauss_loss(bin_logits[0], y)
    logits = class_logits[0].clone()
    logits[:, b["n_classes"] :] = -1e9
    return F.cross_entropy(logits, y.long().clamp(0, N_CLASSES - 1))


_EDGES = torch.from_numpy(bin_edges()).float()


def hl_gauss_loss(logits: torch.Tensor, y: torch.Tensor, sigma: float = 0.75) -> torch.Tensor:
    """Cross-entropy against a Gaussian smeared over the bins (HL-Gauss): a smooth histogram loss."""
    edges = _EDGES.to(logits.device)
    s = sigma * (edges[1] - edges[0])
    cdf = torch.special.ndtr(
        (edges.unsqueeze(0) - y.clamp(float(edges[0]), float(edges[-1])).unsqueeze(1)) / s
    )  # (Q, B+1)
    probs = (cdf[:, 1:] - cdf[:, :-1]).clamp(min=0)
    probs = probs / probs.sum(1, keepdim=True).clamp(min=1e-9)
    return -(probs * logits.log_softmax(-1)).sum(-1).mean()


@torch.no_grad()
def evaluate(model, batches: list[dict]) -> dict:
    model.eval()
    aucs, maes, accs = [], [], []
    for b in batches:
        class_logits, bin_logits = (
            t.cpu() for t in model(*to_tensors(b, isinstance(model, HierModel), _device(model)))
        )
        y = np.asarray(b["y_qry"])
        if float(b["is_regression"]) > 0.5:
            median = regression_median(bin_logits[0].softmax(-1).numpy().astype(np.float64))
            maes.append(float(np.abs(median - y).mean()))
        elif b["n_classes"] == 2 and len(np.unique(y)) == 2:
            p = class_logits[0, :, :2].softmax(-1)[:, 1].numpy()
            aucs.append(auroc(y, p))
        elif b["n_classes"] > 2:
            accs.append(float((class_logits[0, :, : b["n_classes"]].argmax(-1).numpy() == y).mean()))
    model.train()
    return {
        "auroc": float(np.mean(aucs)) if aucs else float("nan"),
        "mae_std": float(np.mean(maes)) if maes else float("nan"),
        "accuracy": float(np.mean(accs)) if accs else float("nan"),
    }


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--minutes", type=float, default=60)
    ap.add_argument("--max-steps", type=int, help="also stop at this step (runs of matched length, for ablations)")
    ap.add_argument("--ckpt", default="export/checkpoints/last.pt")
    ap.add_argument("--episodes", default="export/cache/episodes")
    ap.add_argument("--real-share", type=float, default=0.5)
    ap.add_argument("--lr", type=float, default=3e-4)
    ap.add_argument("--accum", type=int, default=4)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--save-every", type=float, default=300)
    ap.add_argument("--total-steps", type=int, default=20000, help="length of the learning-rate schedule")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--arch", choices=["flat", "hier"], default="flat")
    ap.add_argument("--init-flat", help="a flat checkpoint to warm-start a new hierarchical model from")
    ap.add_argument(
        "--flat-lr-scale",
        type=float,
        default=1.0,
        help="the hierarchical model's flat part learns at this share of --lr (0: frozen)",
    )
    ap.add_argument("--val-episodes", help="a folder of fixed validation episodes (export.relprior --validation-suite)")
    ap.add_argument("--log-runs", help="append a summary row to this markdown file (export/RUNS.md)")
    ap.add_argument("--device", default="cpu", help="cpu, cuda, cuda:N, or auto (CUDA when there is one)")
    ap.add_argument("--workers", type=int, default=0, help="processes making synthetic prior episodes (0: inline)")
    ap.add_argument(
        "--max-context",
        type=int,
        default=MAX_CONTEXT,
        help="the synthetic prior's largest context (rows); the runtime's run modes use 1,000 to 10,000",
    )
    ap.add_argument(
        "--wide-share",
        type=float,
        default=0.0,
        help="share of synthetic episodes widened to up to 120 columns of near-copies, weak proxies and noise",
    )
    args = ap.parse_args(argv)
    if not 0.0 <= args.wide_share <= 1.0:
        ap.error(f"--wide-share {args.wide_share}: give a share between 0 and 1")
    if args.max_context <= MIN_CONTEXT:
        ap.error(f"--max-context {args.max_context}: contexts are drawn from {MIN_CONTEXT} rows up; give more than {MIN_CONTEXT}")
    device = resolve_device(args.device)
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    rng = np.random.default_rng(args.seed)
    random.seed(args.seed)

    model = new_model(args).to(device)
    ema = copy.deepcopy(model)
    opt = torch.optim.AdamW(param_groups(model, args.flat_lr_scale), lr=args.lr, weight_decay=0.01)
    step, seen, elapsed_before = 0, 0, 0.0
    ckpt = Path(args.ckpt)
    if ckpt.exists():
        state = torch.load(ckpt, weights_only=False, map_location=device)
        model.load_state_dict(state["model"])
        ema.load_state_dict(state["ema"])
        if len(state["opt"]["param_groups"]) == len(opt.param_groups):
            opt.load_state_dict(state["opt"])
        else:  # the parameter grouping changed (--flat-lr-scale): fresh optimizer moments, same weights
            print("optimizer state not restored: its parameter groups differ", flush=True)
        step, seen, elapsed_before = state["step"], state["seen"], state["elapsed"]
        rng = np.random.default_rng(args.seed + step)
        print(f"resumed at step {step} ({seen} episodes, {elapsed_before / 60:.1f} min)", flush=True)
    ckpt.parent.mkdir(parents=True, exist_ok=True)

    val_rng = np.random.default_rng(12345)
    val_synth = [synthetic_batch(val_rng) for _ in range(48)]
    val_suite = [real_batch(f) for f in sorted(glob.glob(f"{args.val_episodes}/*.npz"))] if args.val_episodes else []
    synthetic = SyntheticStream(rng, args.workers, args.max_context, args.wide_share)
    first_step = step
    start = last_save = time.time()
    files: list[str] = []
    val_real: list[dict] = []
    running = []
    while time.time() - start < args.minutes * 60 and (args.max_steps is None or step < args.max_steps):
        if step % 50 == 0 or step == first_step:  # the folder can grow during a run; a resumed run lists it at once
            every = sorted(glob.glob(f"{args.episodes}/*.npz"))
            files = [f for f in every if not held_out(f)]
            val_real = [real_batch(f) for f in [f for f in every if held_out(f)][:48]]
        lr = (
            args.lr
            * min(1.0, (step + 1) / 200)
            * (0.1 + 0.9 * 0.5 * (1 + math.cos(math.pi * min(1.0, step / args.total_steps))))
        )
        for g in opt.param_groups:
            g["lr"] = lr * g.get("scale", 1.0)
        opt.zero_grad()
        total = 0.0
        for _ in range(args.accum):
            use_real = files and rng.random() < args.real_share
            b = real_batch(files[int(rng.integers(0, len(files)))]) if use_real else synthetic.next()
            loss = loss_fn(model, b) / args.accum
            loss.backward()
            total += loss.item()
            seen += 1
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        with torch.no_grad():
            decay = min(0.999, (1 + step) / (10 + step))
            for pe, pm in zip(ema.parameters(), model.parameters(), strict=True):
                if pm.requires_grad:  # a frozen part stays bit-exact (x*d + x*(1-d) is not x in float32)
                    pe.mul_(decay).add_(pm.detach(), alpha=1 - decay)
        step += 1
        running.append(total)
        if step % 100 == 0:
            val, real, suite = evaluate(ema, val_synth), evaluate(ema, val_real), evaluate(ema, val_suite)
            print(
                f"step {step} seen {seen} loss {np.mean(running):.4f} lr {lr:.2e} "
                f"val_synth auroc {val['auroc']:.3f} mae_std {val['mae_std']:.3f} "
                f"val_real auroc {real['auroc']:.3f} mae_std {real['mae_std']:.3f} "
                f"val_suite auroc {suite['auroc']:.3f} mae_std {suite['mae_std']:.3f} "
                f"real_files {len(files)} min {(elapsed_before + time.time() - start) / 60:.1f}",
                flush=True,
            )
            running = []
        if time.time() - last_save > args.save_every:
            _save(ckpt, model, ema, opt, step, seen, elapsed_before + time.time() - start)
            last_save = time.time()
    synthetic.close()
    _save(ckpt, model, ema, opt, step, seen, elapsed_before + time.time() - start)
    val, real = evaluate(ema, val_synth), evaluate(ema, val_real)
    line = (
        f"final step {step} seen {seen} val_synth auroc {val['auroc']:.3f} mae_std {val['mae_std']:.3f} "
        f"val_real auroc {real['auroc']:.3f} mae_std {real['mae_std']:.3f}"
    )
    print(line, flush=True)
    if args.log_runs:
        with open(args.log_runs, "a") as f:
            f.write(
                f"| {time.strftime('%Y-%m-%d %H:%M')} | {(time.time() - start) / 60:.0f} | {step} | {seen} | "
                f"{len(files)} | {args.threads} | {val['auroc']:.3f} | {val['mae_std']:.3f} | {real['auroc']:.3f} | "
                f"{real['mae_std']:.3f} |\n"
            )
    return 0


def param_groups(model, flat_scale: float) -> list[dict]:
    """One group, or for the hierarchical model its warm-started flat part apart (so it can move slower than
    the new neighbour branch). At scale 0 the flat part is frozen (no gradients kept for it): the branch then
    learns only what the neighbour rows add to a flat model that stays exactly as it was."""
    if not isinstance(model, HierModel):
        return [{"params": list(model.parameters()), "scale": 1.0}]
    flat = list(model.flat.parameters())
    ids = {id(p) for p in flat}
    rest = {"params": [p for p in model.parameters() if id(p) not in ids], "scale": 1.0}
    if flat_scale == 0:
        for p in flat:
            p.requires_grad_(False)
        return [rest]
    return [{"params": flat, "scale": flat_scale}, rest]


def new_model(args) -> torch.nn.Module:
    if args.arch == "flat":
        return InContextModel(ModelConfig())
    if args.init_flat and not Path(args.ckpt).exists():
        state = torch.load(args.init_flat, weights_only=False)
        print(f"hierarchical model warm-started from {args.init_flat} (step {state['step']})", flush=True)
        return HierModel.from_flat(state["ema"], ModelConfig(**state["config"]))
    return HierModel(ModelConfig())


def _cpu(state):
    """A state dict (nested) with every tensor on the CPU: checkpoints load on any machine."""
    if isinstance(state, torch.Tensor):
        return state.detach().cpu()
    if isinstance(state, dict):
        return {k: _cpu(v) for k, v in state.items()}
    if isinstance(state, (list, tuple)):
        return type(state)(_cpu(v) for v in state)
    return state


def _save(path: Path, model, ema, opt, step, seen, elapsed) -> None:
    tmp = path.with_suffix(".tmp")
    torch.save(
        {
            "model": _cpu(model.state_dict()),
            "ema": _cpu(ema.state_dict()),
            "opt": _cpu(opt.state_dict()),
            "step": step,
            "seen": seen,
            "elapsed": elapsed,
            "config": model.cfg.to_dict(),
            "arch": "hier" if isinstance(model, HierModel) else "flat",
        },
        tmp,
    )
    tmp.replace(path)


if __name__ == "__main__":
    raise SystemExit(main())
