"""Neighbour rows -> the hierarchical model's per-table tensors (numpy only; the same code builds training
episodes and query chunks).

The rows come from `compile.neighbour_rows`: per child table, the k most recent rows (time <= anchor)
of each (ENTITY, ANCHOR_TIMESTAMP) pair, with DELTA_DAYS and the row's own columns. Fitted once on the
context's rows (`fit_neighbours`), then only transforming query chunks:
- at most T_NB tables (those with the most context rows), K_NB rows each (most recent first), G_NB columns
  per table: DELTA_DAYS (log-compressed) first, then the numeric and categorical columns whose per-example
  mean is most related to the label;
- numeric cells are rank-normalised against all context rows of that column (to [-1, 1]), categorical
  cells become the category's frequency among those rows, ranked the same way; missing is 0 with a flag;
- each column slot carries descriptors (correlation of the per-example mean with the label, its magnitude,
  missing rate, categorical, is-recency), which is how the model tells columns apart without names.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from sqlglot import exp

from rfm_sql.compile.neighbour_rows import neighbour_column, neighbour_rows
from rfm_sql.compile.sqlutil import ANCHOR, ENTITY, TARGET, col, sql_type, to_sql
from rfm_sql.graph import Graph, SType
from rfm_sql.pql.tasks import TargetKind
from rfm_sql.pql.validate import ValidQuery
from rfm_sql.runtime.contract import G_NB, K_NB, N_NB_DESC, T_NB
from rfm_sql.runtime.encode import Episode, _categories, _corr, _rank

DELTA = "DELTA_DAYS"
NB_SUFFIX = "_nb"  # the inference UDF's twin for a hierarchical model: also each row's key (as text) and anchor
_POSITION = "rfm_nb_position"


@dataclass(frozen=True)
class NbColumn:
    table: str
    name: str
    categorical: bool
    sorted_values: np.ndarray  # context values (numeric, or category frequencies) sorted for ranking
    freq: dict | None = None  # category -> frequency among the context rows (categorical columns)

    def raw(self, column: pa.ChunkedArray) -> np.ndarray:
        if self.categorical:
            return np.array([self.freq.get(c, np.nan) for c in _categories(column.to_pylist())], np.float64)
        v = column.to_numpy(zero_copy_only=False).astype(np.float64)
        return np.log1p(np.maximum(v, 0)) if self.name == DELTA else v


@dataclass
class NeighbourTensors:
    """Per example: x and missing flags (N, T_NB, K_NB, G_NB), and which rows exist (N, T_NB, K_NB)."""

    x: np.ndarray
    m: np.ndarray
    r: np.ndarray

    @staticmethod
    def empty(n: int) -> NeighbourTensors:
        return NeighbourTensors(
            np.zeros((n, T_NB, K_NB, G_NB), np.float32),
            np.zeros((n, T_NB, K_NB, G_NB), np.float32),
            np.zeros((n, T_NB, K_NB), np.float32),
        )

    def take(self, index) -> NeighbourTensors:
        return NeighbourTensors(self.x[index], self.m[index], self.r[index])


@dataclass
class NeighbourEncoder:
    """The neighbour encoding fitted on one context: its columns per table slot and their descriptors."""

    columns: list[list[NbColumn]]  # per table slot, its column slots
    cmask: np.ndarray  # (T_NB, G_NB) 1 for a used column slot
    desc: np.ndarray  # (T_NB, G_NB, N_NB_DESC)

    @property
    def tables(self) -> list[str]:
        return [cols[0].table for cols in self.columns]

    def transform(self, rows: dict[str, pa.Table], pairs: pa.Table) -> NeighbourTensors:
        """The tensors of the examples of `pairs` (ENTITY, ANCHOR_TIMESTAMP, in the examples' order)."""
        out = NeighbourTensors.empty(pairs.num_rows)
        for t, cols in enumerate(self.columns):
            table = rows.get(cols[0].table)
            if table is None or table.num_rows == 0:
                continue
            example, rank, table = _align(table, pairs)
            out.r[example, t, rank] = 1
            for g, column in enumerate(cols):
                v = column.raw(table.column(column.name))
                out.x[example, t, rank, g] = _rank(column.sorted_values, v)
                out.m[example, t, rank, g] = ~np.isfinite(v)
        return out


def fit_neighbours(
    rows: dict[str, pa.Table], pairs: pa.Table, y: np.ndarray, target, graph: Graph
) -> tuple[NeighbourEncoder, NeighbourTensors]:
    """Fit on the context's neighbour rows (`pairs` are the context examples in order, `y` their encoded
    labels) and return the encoder and the context's tensors."""
    used = sorted(
        ((t, tab) for t, tab in rows.items() if tab.num_rows > 0), key=lambda item: (-item[1].num_rows, item[0])
    )[:T_NB]
    columns, descs = [], []
    for name, table in used:
        example, rank, table = _align(table, pairs)
        candidates = []
        for col_name, categorical in _candidate_columns(graph, name, table):
            freq, values = _raw_context(table.column(col_name), categorical, col_name)
            present = np.isfinite(values)
            if present.sum() < 2 or np.nanmin(values) == np.nanmax(values):
                continue
            sorted_values = np.sort(values[present])
            per_example = _per_example_mean(_rank(sorted_values, values), present, example, len(y))
            corr = _corr(np.nan_to_num(per_example), y, target)
            desc = np.array([corr, abs(corr), 1 - present.mean(), float(categorical), float(col_name == DELTA)])
            candidates.append((NbColumn(name, col_name, categorical, sorted_values, freq), desc))
        if not candidates:
            continue
        delta = [c for c in candidates if c[0].name == DELTA]
        rest = sorted((c for c in candidates if c[0].name != DELTA), key=lambda c: -c[1][1])
        chosen = (delta + rest)[:G_NB]
        columns.append([c[0] for c in chosen])
        descs.append([c[1] for c in chosen])
    cmask = np.zeros((T_NB, G_NB), np.float32)
    desc = np.zeros((T_NB, G_NB, N_NB_DESC), np.float32)
    for t, ds in enumerate(descs):
        for g, d in enumerate(ds):
            cmask[t, g], desc[t, g] = 1, d
    encoder = NeighbourEncoder(columns, cmask, desc)
    return encoder, encoder.transform(rows, pairs)


def context_inputs(cur, vq: ValidQuery, graph: Graph, prepared) -> tuple[NeighbourEncoder, NeighbourTensors]:
    """The neighbour encoding fitted on a prepared context's rows (those with a label the encoder kept, in its
    order) and their tensors."""
    target = prepared.encoder.target
    examples = getattr(prepared, "pairs", None)  # a pair context: its kept (entity, candidate) rows, labelled
    if examples is None:
        examples, labels = prepared.context, prepared.context.column(TARGET).to_pylist()
    else:
        labels = examples.column("LABEL").to_pylist()
    y = target.encode(labels)
    used = np.flatnonzero(y >= 0 if target.kind is TargetKind.CLASSIFICATION else np.isfinite(y))
    pairs = examples.select([ENTITY, ANCHOR]).take(pa.array(used, pa.int64()))
    return fit_neighbours(fetch(cur, vq, graph, pairs), pairs, y[used], target, graph)


def fit_context(cur, graph: Graph, prepared) -> None:
    """Fit a prepared context's neighbour encoding, once (kept on `prepared`)."""
    if prepared.neighbours is None:
        prepared.neighbours = context_inputs(cur, prepared.vq, graph, prepared)


def query_inputs(cur, graph: Graph, prepared, pairs: pa.Table) -> dict[str, np.ndarray]:
    """A hierarchical model's neighbour inputs (contract.NB_INPUTS) for the query rows `pairs` ((ENTITY,
    ANCHOR_TIMESTAMP), in order; keys as text are read back as the key column's type) against a prepared
    context, whose encoding is fitted once, on first use."""
    fit_context(cur, graph, prepared)
    encoder, ctx = prepared.neighbours
    key = graph.table(prepared.vq.entity_table).column(prepared.vq.entity_key)
    entity_type = pairs.schema.field(ENTITY).type
    if (pa.types.is_string(entity_type) or pa.types.is_large_string(entity_type)) and key.dtype.upper() != "VARCHAR":
        pairs = _typed_keys(cur, pairs, key.dtype)
    qry = encoder.transform(fetch(cur, prepared.vq, graph, pairs), pairs)
    return {
        "nb_x_ctx": ctx.x, "nb_m_ctx": ctx.m, "nb_r_ctx": ctx.r,
        "nb_x_qry": qry.x, "nb_m_qry": qry.m, "nb_r_qry": qry.r,
        "nb_cmask": encoder.cmask, "nb_desc": encoder.desc,
    }  # fmt: skip


def _typed_keys(cur, pairs: pa.Table, dtype: str) -> pa.Table:
    """`pairs` with its text keys (as the SQL surface passes them) cast back to the key column's type."""
    name = f"rfm_nb_keys_{uuid.uuid4().hex[:12]}"
    cur.register(name, pairs.select([ENTITY, ANCHOR]).append_column(_POSITION, pa.array(np.arange(pairs.num_rows))))
    try:
        # in the pairs' order: a plain SELECT keeps it only while DuckDB's preserve_insertion_order is on
        cast = exp.select(exp.cast(col(ENTITY), sql_type(dtype)).as_(ENTITY, quoted=True), col(ANCHOR)).from_(name)
        return cur.sql(to_sql(cast.order_by(col(_POSITION)))).to_arrow_table()
    finally:
        cur.unregister(name)


def episode_with_neighbours(cur, graph: Graph, prepared, episode: Episode, pairs: pa.Table) -> Episode:
    """`episode`, whose query rows are those of `pairs`, with their neighbour inputs (`query_inputs`)."""
    return replace(episode, neighbours=query_inputs(cur, graph, prepared, pairs))


def fetch(cur, vq: ValidQuery, graph: Graph, pairs: pa.Table) -> dict[str, pa.Table]:
    """The K_NB most recent rows (time <= anchor) per child table of the (ENTITY, ANCHOR_TIMESTAMP) `pairs`
    (repeats read once: `_align` gives them to every example of the pair), one SQL statement per table."""
    name = f"rfm_nb_pairs_{uuid.uuid4().hex[:12]}"
    cur.register(name, pairs.select([ENTITY, ANCHOR]).group_by([ENTITY, ANCHOR]).aggregate([]))  # each pair once
    try:
        return {t: cur.sql(to_sql(q)).to_arrow_table() for t, q in neighbour_rows(vq, graph, name, k=K_NB).items()}
    finally:
        cur.unregister(name)


def _candidate_columns(graph: Graph, name: str, table: pa.Table) -> list[tuple[str, bool]]:
    """DELTA_DAYS, then the table's numeric and categorical columns that are not keys or its time column."""
    tab = graph.table(name)
    keys = {lk.fkey for lk in graph.parents(name)} | {tab.primary_key, tab.time_column}
    out = [(DELTA, False)]
    for c in tab.columns:
        name = neighbour_column(c.name)
        if c.name in keys or name not in table.column_names:
            continue
        if c.stype is SType.NUMERICAL:
            out.append((name, False))
        elif c.stype is SType.CATEGORICAL:
            out.append((name, True))
    return out


def _raw_context(column: pa.ChunkedArray, categorical: bool, name: str):
    """(the column's freq table or None, its raw values as floats) over the context rows."""
    if not categorical:
        v = column.to_numpy(zero_copy_only=False).astype(np.float64)
        return None, (np.log1p(np.maximum(v, 0)) if name == DELTA else v)
    cats = _categories(column.to_pylist())
    values, inverse, counts = np.unique(cats, return_inverse=True, return_counts=True)
    freq = counts / max(1, len(cats))
    return dict(zip(values.tolist(), freq.tolist(), strict=True)), freq[inverse]


def _per_example_mean(x: np.ndarray, present: np.ndarray, example: np.ndarray, n: int) -> np.ndarray:
    sums = np.bincount(example[present], weights=x[present], minlength=n)
    counts = np.bincount(example[present], minlength=n)
    return np.where(counts > 0, sums / np.maximum(counts, 1), np.nan)


def _align(table: pa.Table, pairs: pa.Table) -> tuple[np.ndarray, np.ndarray, pa.Table]:
    """The example index and 0-based rank of every neighbour row whose pair is in `pairs`, and those rows."""
    positions = pairs.select([ENTITY, ANCHOR]).append_column(_POSITION, pa.array(np.arange(pairs.num_rows)))
    # the join needs equal key types: a task table may hold large_string keys or other timestamp units
    keys = [table.schema.field(ENTITY), table.schema.field(ANCHOR), positions.schema.field(_POSITION)]
    positions = positions.cast(pa.schema(keys))
    table = table.filter(pc.less_equal(table.column("RANK"), K_NB))
    joined = table.join(positions, [ENTITY, ANCHOR], join_type="inner")
    example = joined.column(_POSITION).to_numpy().astype(np.int64)
    rank = joined.column("RANK").to_numpy().astype(np.int64) - 1
    return example, rank, joined
