"""The hierarchical in-context network: the flat model's seed row, plus the entity's neighbour rows read
table by table.

Per example and neighbour table, each row's cells (value, missing flag, column descriptors) are embedded and
pooled into a row token (plus its recency position); the task — a summary of the context rows with their
labels injected — conditions that row encoder, so what a table contributes depends on the task. The seed
row then attends to each table's rows (graph attention child -> entity), and the tables' summaries are added
to the seed token before the flat model's cross-sample blocks (queries attend to context rows only). Like the
flat model it runs in two stages: `context_states` once per context, `query_logits` per chunk of query rows.

The branch's output projection starts at zero, so a fresh `HierModel` computes exactly the flat model it is
warm-started from (`from_flat`); training only has to learn what the neighbour rows add.
"""

from __future__ import annotations

import torch
import torch.nn.functional as F
from torch import nn

from export.model import InContextModel, ModelConfig
from rfm_sql.runtime.contract import INPUTS, K_NB, N_CLASSES, N_NB_DESC

NB_INPUTS = ("nb_x_ctx", "nb_m_ctx", "nb_r_ctx", "nb_x_qry", "nb_m_qry", "nb_r_qry", "nb_cmask", "nb_desc")
INPUT_NAMES = [*INPUTS, *NB_INPUTS]


class NeighbourBranch(nn.Module):
    def __init__(self, d_model: int, d_cell: int = 32, n_heads: int = 4):
        super().__init__()
        self.h, self.dk = n_heads, d_model // n_heads
        self.desc = nn.Sequential(nn.Linear(N_NB_DESC, d_cell), nn.GELU(), nn.Linear(d_cell, 4 * d_cell))
        self.task = nn.Linear(d_model, d_cell)
        self.row = nn.Sequential(
            nn.LayerNorm(d_cell), nn.Linear(d_cell, d_model), nn.GELU(), nn.Linear(d_model, d_model)
        )
        self.rank = nn.Parameter(torch.zeros(K_NB, d_model))
        self.q = nn.Linear(d_model, d_model)
        self.kv = nn.Linear(d_model, 2 * d_model)
        self.table = nn.Sequential(nn.LayerNorm(d_model), nn.Linear(d_model, d_model), nn.GELU())
        self.out = nn.Linear(d_model, d_model)
        nn.init.zeros_(self.out.weight)
        nn.init.zeros_(self.out.bias)

    def forward(self, seed, task, x, m, r, cmask, desc):
        """seed (B, N, d) tokens, task (B, d), x/m (B, N, T, K, G), r (B, N, T, K), cmask (B, T, G),
        desc (B, T, G, D) -> (B, N, d) to add to the seed tokens."""
        b, n, t, k, g = x.shape
        a, a2, am, a0 = self.desc(desc).chunk(4, dim=-1)  # each (B, T, G, dc): per-column cell weights
        cells = (
            x.unsqueeze(-1) * a[:, None, :, None]
            + (x * x).unsqueeze(-1) * a2[:, None, :, None]
            + m.unsqueeze(-1) * am[:, None, :, None]
            + a0[:, None, :, None]
        )  # (B, N, T, K, G, dc)
        w = cmask[:, None, :, None, :, None]
        pooled = (cells * w).sum(-2) / w.sum(-2).clamp(min=1.0)  # (B, N, T, K, dc)
        rows = self.row(pooled + self.task(task)[:, None, None, None]) + self.rank[:k]  # (B, N, T, K, d)
        q = self.q(seed).reshape(b, n, 1, self.h, 1, self.dk)  # one query per (example, table)
        kv = self.kv(rows).reshape(b, n, t, k, 2, self.h, self.dk)
        keys, values = kv[..., 0, :, :].transpose(3, 4), kv[..., 1, :, :].transpose(3, 4)  # (B, N, T, H, K, dk)
        logits = (q * keys).sum(-1) / self.dk**0.5  # (B, N, T, H, K)
        present = r[:, :, :, None, :] > 0.5
        logits = logits.masked_fill(~present, -1e4)
        att = logits.softmax(-1) * present  # a table without rows attends to nothing
        out = (att.unsqueeze(-1) * values).sum(-2).reshape(b, n, t, -1)  # (B, N, T, d)
        has = (r.sum(-1, keepdim=True) > 0).float()  # (B, N, T, 1)
        summary = (self.table(out) * has).sum(2)  # (B, N, d)
        return self.out(summary)


class HierModel(nn.Module):
    def __init__(self, cfg: ModelConfig | None = None):
        super().__init__()
        self.cfg = cfg = cfg or ModelConfig()
        self.flat = InContextModel(cfg)
        self.nb = NeighbourBranch(cfg.d_model)
        self.task_summary = nn.Linear(cfg.d_model, cfg.d_model)

    @classmethod
    def from_flat(cls, state: dict, cfg: ModelConfig) -> HierModel:
        model = cls(cfg)
        model.flat.load_state_dict(state)
        return model

    def forward(
        self, x_ctx, m_ctx, y_ctx, x_qry, m_qry, fmask, fdesc, is_regression,
        nb_x_ctx, nb_m_ctx, nb_r_ctx, nb_x_qry, nb_m_qry, nb_r_qry, nb_cmask, nb_desc,
    ):  # fmt: skip
        states = self.context_states(
            x_ctx, m_ctx, y_ctx, fmask, fdesc, is_regression, nb_x_ctx, nb_m_ctx, nb_r_ctx, nb_cmask, nb_desc
        )
        return self.query_logits(
            states, x_qry, m_qry, fmask, fdesc, is_regression, nb_x_qry, nb_m_qry, nb_r_qry, nb_cmask, nb_desc
        )

    def context_states(self, x_ctx, m_ctx, y_ctx, fmask, fdesc, is_regression, nb_x, nb_m, nb_r, nb_cmask, nb_desc):
        """The flat model's context states plus the task summary the neighbour branch of query rows reads."""
        flat = self.flat
        rows = flat.encode(x_ctx, m_ctx, fmask, fdesc, is_regression)  # (B, C, d)
        as_class = flat.label_class(y_ctx.clamp(0, N_CLASSES - 1).long())
        as_value = flat.label_value(y_ctx.clamp(-8, 8).unsqueeze(-1))
        r = is_regression.reshape(-1, 1, 1)
        label = r * as_value + (1 - r) * as_class  # (B, C, d)
        task = self.task_summary(F.gelu(rows + label)).mean(1)  # (B, d): the context, its labels injected
        rows = rows + self.nb(rows, task, nb_x, nb_m, nb_r, nb_cmask, nb_desc) + label
        z = flat.coordinates(x_ctx, fmask, fdesc)
        return (*flat.context_blocks(rows, flat.distance(z, z, fmask)), z, task)

    def query_logits(self, states, x_qry, m_qry, fmask, fdesc, is_regression, nb_x, nb_m, nb_r, nb_cmask, nb_desc):
        flat = self.flat
        keys, values, z_ctx, task = states
        rows = flat.encode(x_qry, m_qry, fmask, fdesc, is_regression)
        rows = rows + self.nb(rows, task, nb_x, nb_m, nb_r, nb_cmask, nb_desc)
        dist = flat.distance(flat.coordinates(x_qry, fmask, fdesc), z_ctx, fmask)
        return flat.query_heads(rows, keys, values, dist)
