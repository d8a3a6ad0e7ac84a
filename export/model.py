"""The in-context network: cell tokens -> attention across a row's features -> row tokens -> attention
from every row to the context rows (never to other queries) -> class logits and regression bins.

Two stages, because no row attends to a query row: `context_states` encodes the context rows once and keeps
what query rows read from them (each block's keys and values, the context's distance-bias coordinates);
`query_logits` encodes a chunk of query rows and runs them against those states. `forward` is the two
composed (training uses it); the ONNX export ships the two stages as two graphs (export/export_onnx.py).

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
        cells = cells + self.cell_attention(self.norm(cells), pad)
        weights = fmask.unsqueeze(1).expand(b, n, f).reshape(b * n, f, 1)
        pooled = (cells * weights).sum(1) / weights.sum(1).clamp(min=1.0)  # (B*N, dc)
        return self.out(pooled).reshape(b, n, -1)

    def cell_attention(self, h, pad):
        """`self.attn` (its parameters, its arithmetic) over h (R, F, dc), keys `pad` (R, F) masked. Exported
        written out, so that the graph keeps the feature axis dynamic (nn.MultiheadAttention's export fixes
        it) and masks with one broadcast add (scaled_dot_product_attention's export builds an (R, H, F, F)
        mask); trained with the fused kernel."""
        a = self.attn
        r, f, dc = h.shape
        qkv = F.linear(h.reshape(-1, dc), a.in_proj_weight, a.in_proj_bias)  # (R*F, 3dc): one Gemm
        q, k, v = qkv.reshape(r, f, 3, a.num_heads, -1).permute(2, 0, 3, 1, 4)  # (R, heads, F, dc/heads)
        if torch.onnx.is_in_onnx_export():
            bias = torch.zeros_like(pad, dtype=h.dtype).masked_fill(pad, float("-inf")).reshape(r, 1, 1, f)
            logits = q @ k.transpose(-1, -2) * a.head_dim**-0.5 + bias
            out = logits.softmax(-1) @ v
        else:
            out = F.scaled_dot_product_attention(q, k, v, attn_mask=~pad[:, None, None, :])
        return a.out_proj(out.transpose(1, 2).reshape(r * f, dc)).reshape(r, f, dc)


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

    def context_kv(self, ctx):
        """Context rows (B, C, d) -> the keys and values every row reads, (B, H, C, dk) each."""
        b, c, _ = ctx.shape
        k, v = self.kv(self.ln_kv(ctx)).reshape(b, c, 2, self.h, self.dk).permute(2, 0, 3, 1, 4)
        return k, v

    def attend(self, rows, k, v, dist):
        """Rows (B, N, d) after attending to the context's keys and values (dist (B, N, C) the distance)."""
        b, n, d = rows.shape
        q = self.q(self.ln1(rows)).reshape(b, n, self.h, self.dk).transpose(1, 2)  # (B, H, N, dk)
        logits = q @ k.transpose(-1, -2) / self.dk**0.5  # (B, H, N, C)
        if self.scale is not None:
            logits = logits - F.softplus(self.scale).reshape(1, -1, 1, 1) * dist.unsqueeze(1)
        out = (logits.softmax(-1) @ v).transpose(1, 2).reshape(b, n, d)
        rows = rows + self.proj(out)
        return rows + self.mlp(self.ln2(rows))

    def forward(self, rows, n_ctx: int, dist):
        k, v = self.context_kv(rows[:, :n_ctx])
        return self.attend(rows, k, v, dist)


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
        states = self.context_states(x_ctx, m_ctx, y_ctx, fmask, fdesc, is_regression)
        return self.query_logits(states, x_qry, m_qry, fmask, fdesc, is_regression)

    def context_states(self, x_ctx, m_ctx, y_ctx, fmask, fdesc, is_regression):
        """What query rows read from the context (STATE_NAMES): each block's keys and values (B, L, H, C, dk),
        and the context rows' distance coordinates (B, C, F). Computed once per context."""
        rows = self.encode(x_ctx, m_ctx, fmask, fdesc, is_regression)  # (B, C, d)
        as_class = self.label_class(y_ctx.clamp(0, N_CLASSES - 1).long())  # (B, C, d)
        as_value = self.label_value(y_ctx.clamp(-8, 8).unsqueeze(-1))  # (B, C, d)
        r = is_regression.reshape(-1, 1, 1)
        rows = rows + r * as_value + (1 - r) * as_class
        z = self.coordinates(x_ctx, fmask, fdesc)  # (B, C, F)
        return (*self.context_blocks(rows, self.distance(z, z, fmask)), z)

    def context_blocks(self, rows, dist):
        """The context rows (B, C, d) through the blocks: each block's keys and values, stacked (B, L, H, C, dk)."""
        keys, values = [], []
        for block in self.blocks:
            k, v = block.context_kv(rows)
            keys.append(k)
            values.append(v)
            rows = block.attend(rows, k, v, dist)
        return torch.stack(keys, 1), torch.stack(values, 1)

    def query_logits(self, states, x_qry, m_qry, fmask, fdesc, is_regression):
        """Class logits (B, Q, N_CLASSES) and bin logits (B, Q, N_BINS) of query rows against the context's
        `states` (from `context_states`). Each query row is scored on its own."""
        keys, values, z_ctx = states
        rows = self.encode(x_qry, m_qry, fmask, fdesc, is_regression)  # (B, Q, d)
        dist = self.distance(self.coordinates(x_qry, fmask, fdesc), z_ctx, fmask)  # (B, Q, C)
        return self.query_heads(rows, keys, values, dist)

    def query_heads(self, rows, keys, values, dist):
        """Query rows (B, Q, d) through the blocks against the context's keys and values, then the heads."""
        for i, block in enumerate(self.blocks):
            rows = block.attend(rows, keys[:, i], values[:, i], dist)
        out = self.ln(rows)
        return self.class_head(out), self.bin_head(out)

    def encode(self, x, m, fmask, fdesc, is_regression):
        """Row tokens (B, N, d) with the task embedding."""
        return self.rows(x, m, fmask, fdesc) + self.task(is_regression.long()).unsqueeze(1)

    def coordinates(self, x, fmask, fdesc):
        """Rows' rank-normalised features weighted per feature (B, N, F): the space of the distance bias."""
        w = F.softplus(self.metric(fdesc).squeeze(-1)) * fmask  # (B, F) per-feature weight
        return x * w.unsqueeze(1)

    @staticmethod
    def distance(z, zc, fmask):
        """Squared distances (B, N, C) from rows z (B, N, F) to context rows zc (B, C, F), per used feature."""
        d2 = (z * z).sum(-1).unsqueeze(-1) + (zc * zc).sum(-1).unsqueeze(1) - 2 * z @ zc.transpose(1, 2)
        return d2.clamp(min=0) / fmask.sum(-1).clamp(min=1).reshape(-1, 1, 1)


INPUT_NAMES = list(INPUTS)  # the model contract names them (rfm_sql.runtime.contract)
OUTPUT_NAMES = list(OUTPUTS)
STATE_NAMES = ["ctx_k", "ctx_v", "ctx_z"]  # context_states' outputs, in order: the query stage's extra inputs
