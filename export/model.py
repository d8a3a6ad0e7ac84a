"""The in-context network: cell tokens -> attention across a row's features -> row tokens -> attention
from every row to the context rows (never to other queries) -> class logits and regression bins.

The first blocks add a distance bias -s_h * ||z_q - z_k||^2 to the row attention, over the rank-normalised
features weighted per feature from its descriptors, so the net starts out as a kernel smoother (MODEL.md).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import torch
import torch.nn.functional as F
from torch import nn

from rfm_sql.runtime.contract import INPUTS, N_BINS, N_CLASSES, N_DESC, OUTPUTS


@dataclass(frozen=True)
class ModelConfig:
    d_cell: int = 32
    d_model: int = 128
    n_heads: int = 4
    n_layers: int = 4
    n_bias_layers: int = 2
    d_ff: int = 256

    def to_dict(self) -> dict:
        return asdict(self)


class RowEncoder(nn.Module):
    """(B, N, F) cells -> (B, N, d_model) row tokens; invariant to the order of features."""

    def __init__(self, cfg: ModelConfig):
        super().__init__()
        self.cell = nn.Linear(2, cfg.d_cell)
        self.desc = nn.Sequential(nn.Linear(N_DESC, cfg.d_cell), nn.GELU(), nn.Linear(cfg.d_cell, cfg.d_cell))
        self.norm = nn.LayerNorm(cfg.d_cell)
        self.attn = nn.MultiheadAttention(cfg.d_cell, 2, batch_first=True)
        self.out = nn.Sequential(nn.LayerNorm(cfg.d_cell), nn.Linear(cfg.d_cell, cfg.d_model))

    def forward(self, x, m, fmask, fdesc):
        b, n, f = x.shape
        cells = self.cell(torch.stack([x, m], dim=-1)) + self.desc(fdesc).unsqueeze(1)  # (B, N, F, dc)
        cells = cells.reshape(b * n, f, -1)  # (B*N, F, dc)
        pad = (fmask < 0.5).unsqueeze(1).expand(b, n, f).reshape(b * n, f)  # (B*N, F)
        h = self.norm(cells)
        cells = cells + self.attn(h, h, h, key_padding_mask=pad, need_weights=False)[0]
        weights = fmask.unsqueeze(1).expand(b, n, f).reshape(b * n, f, 1)
        pooled = (cells * weights).sum(1) / weights.sum(1).clamp(min=1.0)  # (B*N, dc)
        return self.out(pooled).reshape(b, n, -1)


class Block(nn.Module):
    def __init__(self, cfg: ModelConfig, distance_bias: bool):
        super().__init__()
        self.h = cfg.n_heads
        self.dk = cfg.d_model // cfg.n_heads
        self.ln1 = nn.LayerNorm(cfg.d_model)
        self.ln_kv = nn.LayerNorm(cfg.d_model)
        self.q = nn.Linear(cfg.d_model, cfg.d_model)
        self.kv = nn.Linear(cfg.d_model, 2 * cfg.d_model)
        self.proj = nn.Linear(cfg.d_model, cfg.d_model)
        self.ln2 = nn.LayerNorm(cfg.d_model)
        self.mlp = nn.Sequential(nn.Linear(cfg.d_model, cfg.d_ff), nn.GELU(), nn.Linear(cfg.d_ff, cfg.d_model))
        self.scale = nn.Parameter(torch.full((cfg.n_heads,), 2.0)) if distance_bias else None

    def forward(self, rows, n_ctx: int, dist):
        b, n, d = rows.shape
        h = self.ln1(rows)
        ctx = self.ln_kv(rows[:, :n_ctx])
        q = self.q(h).reshape(b, n, self.h, self.dk).transpose(1, 2)  # (B, H, N, dk)
        k, v = self.kv(ctx).reshape(b, n_ctx, 2, self.h, self.dk).permute(2, 0, 3, 1, 4)  # (B, H, C, dk) each
        logits = q @ k.transpose(-1, -2) / self.dk**0.5  # (B, H, N, C)
        if self.scale is not None:
            logits = logits - F.softplus(self.scale).reshape(1, -1, 1, 1) * dist.unsqueeze(1)
        out = (logits.softmax(-1) @ v).transpose(1, 2).reshape(b, n, d)
        rows = rows + self.proj(out)
        return rows + self.mlp(self.ln2(rows))


class InContextModel(nn.Module):
    def __init__(self, cfg: ModelConfig = ModelConfig()):
        super().__init__()
        self.cfg = cfg
        self.rows = RowEncoder(cfg)
        self.metric = nn.Sequential(nn.Linear(N_DESC, 16), nn.GELU(), nn.Linear(16, 1))
        self.label_class = nn.Embedding(N_CLASSES, cfg.d_model)
        self.label_value = nn.Sequential(nn.Linear(1, cfg.d_model), nn.GELU(), nn.Linear(cfg.d_model, cfg.d_model))
        self.task = nn.Embedding(2, cfg.d_model)
        self.blocks = nn.ModuleList(Block(cfg, i < cfg.n_bias_layers) for i in range(cfg.n_layers))
        self.ln = nn.LayerNorm(cfg.d_model)
        self.class_head = nn.Linear(cfg.d_model, N_CLASSES)
        self.bin_head = nn.Linear(cfg.d_model, N_BINS)

    def forward(self, x_ctx, m_ctx, y_ctx, x_qry, m_qry, fmask, fdesc, is_regression):
        """Shapes: x/m (B, C|Q, F), y_ctx (B, C), fmask (B, F), fdesc (B, F, D), is_regression (B,) float.

        Returns class logits (B, Q, N_CLASSES) and regression bin logits (B, Q, N_BINS)."""
        n_ctx = x_ctx.shape[1]
        x = torch.cat([x_ctx, x_qry], dim=1)  # (B, N, F)
        m = torch.cat([m_ctx, m_qry], dim=1)
        rows = self.rows(x, m, fmask, fdesc)  # (B, N, d)
        task = is_regression.long()  # (B,)
        rows = rows + self.task(task).unsqueeze(1)
        as_class = self.label_class(y_ctx.clamp(0, N_CLASSES - 1).long())  # (B, C, d)
        as_value = self.label_value(y_ctx.clamp(-8, 8).unsqueeze(-1))  # (B, C, d)
        r = is_regression.reshape(-1, 1, 1)
        label = r * as_value + (1 - r) * as_class
        rows = torch.cat([rows[:, :n_ctx] + label, rows[:, n_ctx:]], dim=1)
        dist = self.distance(x, fmask, fdesc, n_ctx)  # (B, N, C)
        for block in self.blocks:
            rows = block(rows, n_ctx, dist)
        out = self.ln(rows[:, n_ctx:])
        return self.class_head(out), self.bin_head(out)

    def distance(self, x, fmask, fdesc, n_ctx: int):
        w = F.softplus(self.metric(fdesc).squeeze(-1)) * fmask  # (B, F) per-feature weight
        z = x * w.unsqueeze(1)  # (B, N, F)
        zc = z[:, :n_ctx]
        sq = (z * z).sum(-1)  # (B, N)
        d2 = sq.unsqueeze(-1) + sq[:, :n_ctx].unsqueeze(1) - 2 * z @ zc.transpose(1, 2)  # (B, N, C)
        return d2.clamp(min=0) / fmask.sum(-1).clamp(min=1).reshape(-1, 1, 1)


INPUT_NAMES = list(INPUTS)  # the model contract names them (rfm_sql.runtime.contract)
OUTPUT_NAMES = list(OUTPUTS)
