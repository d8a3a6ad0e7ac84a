"""Explanations of predictions, computed from the model itself.

An entity's inputs are grouped by the table and column they read (`Feature.table`, `.column`, `.via`): all
of `orders.amount`'s aggregates form one group, a categorical column's frequency and target-rate slots
another. A group's contribution is its Shapley value, estimated over random orders: start from a context
example (the background), put the entity's groups in one at a time in a random order, and credit each
group with the change of the model's output when it enters. The hybrid rows are query rows of one ONNX run
against the context encoded once (query rows never attend to each other), so an explanation costs one
forward pass. Contributions add up to the prediction minus the average over the backgrounds (`base`).

What "the model's output" is depends on the task type (`READOUTS`): the probability of True (binary), the
decoded median (regression, each step of a forecast), the probability of the predicted class (multiclass), and
for an (entity, candidate) row its P(linked) at the true rate of its stratum, the prediction's SCORE (link
prediction, multilabel, multiclass beyond the class slots). Which query rows are attributed (an entity, an (entity, candidate) pair, an
(entity, step)) is `runtime.explain_rows`. Another task type plugs in by adding a readout and its rows.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pyarrow as pa

from rfm_sql.compile.candidates import CLASS
from rfm_sql.compile.sqlutil import ENTITY, TARGET
from rfm_sql.errors import PQLError
from rfm_sql.pql.tasks import TargetKind, TaskType
from rfm_sql.pql.validate import ValidQuery
from rfm_sql.runtime import contract, decoding, encode, explain_strata
from rfm_sql.runtime import explain_views as views
from rfm_sql.runtime.context import Prepared
from rfm_sql.runtime.encode import Episode
from rfm_sql.runtime.explain_rows import Rows
from rfm_sql.runtime.model import Model, query_rows
from rfm_sql.runtime.pairs import PairPrepared, seen_columns

PERMUTATIONS = 32  # random orders per entity (in antithetic pairs)
REFERENCES = 8  # background rows for the removal of a group or feature
MAX_ROWS = 4096  # query rows per model run


@dataclass(frozen=True)
class Group:
    """The inputs read from one column (of one table, reached along one path): the unit of a contribution."""

    table: str
    column: str
    via: str
    features: tuple[str, ...]
    slots: tuple[int, ...]  # the encoder slots derived from these features

    @property
    def label(self) -> str:
        return (
            f"{self.table}.{self.column}"
            if not self.via or "." not in self.via
            else f"{self.via}->{self.table}.{self.column}"
        )


def groups_of(prepared: Prepared, pinned: tuple[str, ...] = ()) -> list[Group]:
    """The input groups the model sees (a feature the encoder dropped, constant in the context, has no slot;
    a pinned feature is not an input that is attributed)."""
    slots_of: dict[str, list[int]] = {}
    for j, slot in enumerate(prepared.encoder.slots):
        slots_of.setdefault(slot.feature, []).append(j)
    members: dict[tuple[str, str, str], list[str]] = {}
    for f in prepared.features.features:
        if f.name in slots_of and f.name not in pinned:
            members.setdefault((f.table, f.column, f.via), []).append(f.name)
    return [
        Group(t, c, v, tuple(names), tuple(j for n in names for j in slots_of[n]))
        for (t, c, v), names in members.items()
    ]


# -- readouts: the one number per query row that an explanation attributes -------------------------------
# (prepared, model output, target per row, seen per row: whether a pair's entity had linked its candidate,
# offset per row: what a regression target coded relative to the entity's own level is added back to, or None)
Readout = Callable[[Prepared, np.ndarray, np.ndarray, np.ndarray, np.ndarray | None], np.ndarray]


def _true_probability(prepared: Prepared, dist: np.ndarray, _: np.ndarray, __: np.ndarray, ___=None) -> np.ndarray:
    classes = prepared.encoder.target.classes
    return dist[:, classes.index(True)] if True in classes else 1 - dist[:, 0]


def _median(prepared: Prepared, dist: np.ndarray, _: np.ndarray, __: np.ndarray, offset=None) -> np.ndarray:
    return decoding.regression(dist, prepared.encoder.target, offset)[0]  # TARGET_PRED, as predictions report it


def _class_probability(
    prepared: Prepared, dist: np.ndarray, target: np.ndarray, seen: np.ndarray, _=None
) -> np.ndarray:
    """The probability of the row's class: the predicted class, or a pair row's P(linked) at the true rate of
    its stratum (as the prediction scores it)."""
    p = dist[np.arange(len(dist)), target]
    return prepared.probability(p, seen) if isinstance(prepared, PairPrepared) else p


READOUTS: dict[TaskType, Readout] = {
    TaskType.BINARY: _true_probability,
    TaskType.REGRESSION: _median,
    TaskType.MULTICLASS: _class_probability,
    TaskType.LINK_PREDICTION: _class_probability,
    TaskType.MULTILABEL: _class_probability,
    TaskType.FORECASTING: _median,
}


def check_explainable(vq: ValidQuery) -> None:
    if vq.task_type not in READOUTS:
        q = vq.query
        raise PQLError(
            f"Explaining {vq.task_type.value} predictions is not supported yet; "
            f"{', '.join(t.value for t in READOUTS)} predictions can be explained.",
            q.source,
            0,
            len(q.source),
        )


class Probe:
    """Runs the model on hybrid query rows against one prepared context, and reads out one number per row."""

    def __init__(
        self,
        prepared: Prepared,
        model: Model,
        seed: int,
        pinned: tuple[str, ...] = (),
        hood: dict | None = None,
        offsets: np.ndarray | None = None,
    ):
        self.prepared, self.model = prepared, model
        self.offsets = offsets  # per explained row, its level where the target is coded relative to one
        self.hood = hood  # a hierarchical model's neighbour inputs of the explained rows: held at their own
        self.encoder = prepared.encoder
        self.readout = READOUTS[prepared.vq.task_type]
        self.groups = groups_of(prepared, pinned)
        self.pinned = [j for j, s in enumerate(self.encoder.slots) if s.feature in pinned]
        n_ctx = len(self.encoder.y_ctx)
        # a target coded relative to the entity's own level (runtime.residual): the level is an input like any
        # other, that of the group holding its feature (the entity's past targets). A compared row reads its
        # background's level until that group enters, so the base is a typical context example's prediction and
        # the entity's own history gets its share (held at the entity's level, a frequent visitor's history sat
        # in a per-entity "baseline" and its recent visits were listed as lowering the count)
        self.level_group, self.context_levels = None, None
        self.level_slots = {j for j, sl in enumerate(self.encoder.slots) if sl.feature == self.encoder.target.offset}
        levels = encode.offsets(self.encoder.target, prepared.context_columns) if offsets is not None else None
        if levels is not None and len(levels) == n_ctx:
            name = self.encoder.target.offset
            self.level_group = next((g for g, grp in enumerate(self.groups) if name in grp.features), None)
            self.context_levels = levels
        self.rng = np.random.default_rng(seed)
        # drawn at the labels' true rates (a class-balanced context's rows weighted by their prior ratios)
        w = decoding.context_weights(self.encoder.target, self.encoder.y_ctx)
        p = None if np.all(w == w[0]) else w / w.sum()
        self.backgrounds = self.rng.choice(n_ctx, size=PERMUTATIONS, replace=n_ctx < PERMUTATIONS, p=p)

    def run(
        self,
        x: np.ndarray,
        m: np.ndarray,
        target: np.ndarray,
        seen: np.ndarray,
        owner: np.ndarray,
        levels: np.ndarray | None = None,
    ) -> np.ndarray:
        """The readout of query rows x, m (R, F_MAX); `target` the class index read out per row (multiclass),
        `seen` whether the pair the row stands for is a seen candidate (`pairs.seen_candidates`), `owner` the
        explained row each stands for (whose neighbour rows it keeps, for a hierarchical model), `levels` each
        row's level where the target is coded relative to one (None: its explained row's)."""
        e = self.encoder
        if levels is None and self.offsets is not None:
            levels = self.offsets[owner]
        out = []
        for i in range(0, len(x), MAX_ROWS):
            part = slice(i, i + MAX_ROWS)
            hood = query_rows(self.hood, owner[part])
            episode = Episode(
                e.x_ctx, e.m_ctx, e.y_ctx, x[part], m[part], e.fmask, e.fdesc, e.target, [s.name for s in e.slots], hood
            )
            offset = None if levels is None else levels[part]
            out.append(self.readout(self.prepared, self.model.predict(episode), target[part], seen[part], offset))
        return np.concatenate(out) if out else np.zeros(0)

    def level(self, own: float | None, background: int, entered) -> float | None:
        """A compared row's level: the explained row's (`own`) once the level's group has entered (`entered`:
        the group indices in), else its background context row's."""
        if self.level_group is None or self.level_group in entered:
            return own
        return float(self.context_levels[background])

    def removed(
        self, x: np.ndarray, m: np.ndarray, slots, own_level: float | None = None
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
        """REFERENCES copies of the row (x, m) with `slots` taken from background context rows instead, and each
        copy's level (the reference's where the level's own feature is among the slots taken)."""
        refs = self.backgrounds[:REFERENCES]
        xs, ms = np.repeat(x[None], len(refs), 0), np.repeat(m[None], len(refs), 0)
        idx = np.asarray(list(slots), dtype=np.int64)
        xs[:, idx], ms[:, idx] = self.encoder.x_ctx[refs][:, idx], self.encoder.m_ctx[refs][:, idx]
        if self.offsets is None:
            return xs, ms, None
        taken = self.level_group is not None and bool(self.level_slots & set(idx.tolist()))
        levels = self.context_levels[refs] if taken else np.full(len(refs), own_level, dtype=np.float64)
        return xs, ms, levels

    def orders(
        self, x: np.ndarray, m: np.ndarray, own_level: float | None = None
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray | None]:
        """Rows (PERMUTATIONS, G + 1, F_MAX) that add the entity's groups to a background one at a time, in
        random orders (each followed by its reverse), the orders (PERMUTATIONS, G), and each row's level (where
        the target is coded relative to one: `level`)."""
        g = len(self.groups)
        perms = np.empty((PERMUTATIONS, g), np.int64)
        for p in range(0, PERMUTATIONS, 2):
            perms[p] = self.rng.permutation(g)
            perms[p + 1] = perms[p][::-1]
        xs = np.empty((PERMUTATIONS, g + 1, contract.F_MAX), np.float32)
        ms = np.empty_like(xs)
        levels = None if self.offsets is None else np.empty((PERMUTATIONS, g + 1))
        for p, b in enumerate(self.backgrounds):
            z, zm = self.encoder.x_ctx[b].copy(), self.encoder.m_ctx[b].copy()
            z[self.pinned], zm[self.pinned] = x[self.pinned], m[self.pinned]  # e.g. the forecast step
            xs[p, 0], ms[p, 0] = z, zm
            if levels is not None:
                levels[p, 0] = self.level(own_level, b, ())
            for k, gi in enumerate(perms[p]):
                idx = list(self.groups[gi].slots)
                z[idx], zm[idx] = x[idx], m[idx]
                xs[p, k + 1], ms[p, k + 1] = z, zm
                if levels is not None:
                    levels[p, k + 1] = self.level(own_level, b, perms[p][: k + 1])
        return xs, ms, perms, levels


@dataclass
class Attribution:
    """The contributions for one entity: per group, the Shapley value and the feature that carries it."""

    value: float  # the readout of the entity's own row (its prediction)
    base: float  # the readout averaged over the background rows
    phi: np.ndarray  # (G,) contributions, summing to value - base
    representative: list[str]  # per group, its feature whose removal alone moves the prediction most
    target: int  # the class index read out (multiclass), else 0


@dataclass
class Attributor:
    """Attributions of query rows (x, m) in one batch of model runs."""

    probe: Probe

    def attribute(self, x: np.ndarray, m: np.ndarray, targets: np.ndarray, seen: np.ndarray) -> list[Attribution]:
        probe, groups = self.probe, self.probe.groups
        slot_index = {s.feature: [] for s in probe.encoder.slots}
        for j, s in enumerate(probe.encoder.slots):
            slot_index[s.feature].append(j)
        blocks, plans = [], []
        for i in range(len(x)):
            level = None if probe.offsets is None else float(probe.offsets[i])
            xs, ms, perms, path_levels = probe.orders(x[i], m[i], level)
            own = [(x[i][None], m[i][None], None if level is None else np.array([level]))]
            flat = None if path_levels is None else path_levels.reshape(-1)
            order_rows = [(xs.reshape(-1, contract.F_MAX), ms.reshape(-1, contract.F_MAX), flat)]
            single = []
            for g in groups:
                if len(g.features) > 1:
                    for name in g.features:
                        single.append(name)
                        own.append(probe.removed(x[i], m[i], slot_index[name], level))
            blocks += own + order_rows
            plans.append((perms, single))
        rows_x = np.concatenate([b[0] for b in blocks])
        rows_m = np.concatenate([b[1] for b in blocks])
        levels = None if probe.offsets is None else np.concatenate([b[2] for b in blocks])
        per_entity = [1 + len(p[1]) * REFERENCES + PERMUTATIONS * (len(groups) + 1) for p in plans]
        owner = np.repeat(np.arange(len(x)), per_entity)
        values = probe.run(rows_x, rows_m, np.repeat(targets, per_entity), np.repeat(seen, per_entity), owner, levels)
        out, at = [], 0
        for i, (perms, single) in enumerate(plans):
            v = values[at : at + per_entity[i]]
            at += per_entity[i]
            own = v[0]
            drops = own - v[1 : 1 + len(single) * REFERENCES].reshape(len(single), REFERENCES).mean(1) if single else []
            effect = dict(zip(single, np.abs(drops), strict=True))
            paths = v[1 + len(single) * REFERENCES :].reshape(PERMUTATIONS, len(groups) + 1)
            phi = np.zeros(len(groups))
            np.add.at(phi, perms.reshape(-1), np.diff(paths, axis=1).reshape(-1))
            phi /= PERMUTATIONS
            rep = [max(g.features, key=lambda n: effect.get(n, 0.0)) for g in groups]
            out.append(Attribution(float(own), float(paths[:, 0].mean()), phi, rep, int(targets[i])))
        return out

    def removal_effect(
        self, x: np.ndarray, m: np.ndarray, target: int, seen: bool, groups: list[int], owner: int = 0
    ) -> float:
        """|prediction - prediction with `groups` (indices into probe.groups) taken from background rows|,
        averaged over the references: how much the prediction of explained row `owner` (x, m) leans on them."""
        probe = self.probe
        slots = [j for gi in groups for j in probe.groups[gi].slots]
        level = None if probe.offsets is None else float(probe.offsets[owner])
        xs, ms, levels = probe.removed(x, m, slots, level)
        rows_x, rows_m = np.concatenate([x[None], xs]), np.concatenate([m[None], ms])
        n = len(rows_x)
        levels = None if levels is None else np.concatenate([[level], levels])
        v = probe.run(rows_x, rows_m, np.full(n, target), np.full(n, seen), np.full(n, owner), levels)
        return float(abs(v[0] - v[1:].mean()))


def context_table(prepared: Prepared) -> pa.Table:
    """The context rows in the order the encoder saw them, with their TARGET: the labelled examples, the
    (example, step) rows of a forecast, or the kept (entity, candidate) pairs with TARGET their LABEL."""
    if isinstance(prepared, PairPrepared):
        pairs = prepared.pairs
        return pairs.drop_columns(["LABEL"]).append_column(TARGET, pairs.column("LABEL"))
    return prepared.context


def context_labels(prepared: Prepared) -> tuple[pa.Table, np.ndarray, np.ndarray]:
    """The context table (`context_table`), the rows the encoder kept (labels it can code) as indices into it,
    and their labels."""
    table = context_table(prepared)
    y = np.array(table.column(TARGET).to_pylist(), dtype=object)
    coded = prepared.encoder.target.encode(y)
    keep = coded >= 0 if prepared.encoder.target.kind is TargetKind.CLASSIFICATION else np.isfinite(coded)
    return table, np.flatnonzero(keep), y[keep]


def explain(
    vq: ValidQuery,
    prepared: Prepared,
    model: Model,
    rows: Rows,
    prediction: pa.Table,
    rng_seed: int,
    hood: dict | None = None,
):
    """Explain the query `rows` (`runtime.explain_rows`) of `vq`'s prediction (as `predict` gave it) with the
    context `prepared` (the one the prediction used): a `views.Explanation`. For a hierarchical model, `hood`
    holds the rows' neighbour inputs (`runtime.neighbours.query_inputs`): every compared row keeps its entity's
    own neighbour rows, so the contributions are those of the inputs the explanation names."""
    check_explainable(vq)
    if isinstance(prepared, PairPrepared) and prepared.strata is not None:
        return explain_strata.by_stratum(explain, vq, prepared, model, rows, prediction, rng_seed)
    x, m = prepared.encoder.transform(rows.columns)
    probe = Probe(prepared, model, rng_seed, rows.pinned, hood, encode.offsets(prepared.encoder.target, rows.columns))
    attributor = Attributor(probe)
    seen = seen_columns(rows.columns, len(x))
    attributions = attributor.attribute(x, m, rows.targets, seen)
    if vq.task_type is TaskType.MULTICLASS and isinstance(prepared, PairPrepared):
        attributions = as_scored(attributions, rows, prediction)
    context, kept, labels = context_labels(prepared)
    removal = Removal(attributor, rows.key_list(), x, m, rows.targets, seen, attributions)
    return views.build(vq, prepared, probe.groups, rows, x, m, attributions, context, kept, labels, prediction, removal)


def as_scored(attributions: list[Attribution], rows: Rows, prediction: pa.Table) -> list[Attribution]:
    """A many-class prediction's attributions on the scale of the SCORE it reports. The model scores the pair
    (entity, class); the SCORE divides that by the entity's candidates' total (`ranking.class_total`), so the
    summary said 0.28 where the prediction said 0.226. The value becomes the SCORE and the base what the SCORE
    would be with the class's pair score at the base, the other classes' as they are (`scored_base`); the
    contributions are scaled by one factor per entity so that they still add up to the difference."""
    if "SCORE" not in prediction.column_names or CLASS not in rows.keys.column_names:
        return attributions
    scores = {
        (e, str(c)): s
        for e, c, s in zip(*(prediction.column(n).to_pylist() for n in (ENTITY, CLASS, "SCORE")), strict=True)
    }
    keys = zip(rows.keys.column(ENTITY).to_pylist(), rows.keys.column(CLASS).to_pylist(), strict=True)
    out = []
    for a, (e, c) in zip(attributions, keys, strict=False):
        score = scores.get((e, str(c)))
        if score is None or a.value <= 0 or score <= 0:
            out.append(a)
            continue
        base, k = scored_base(a.value, a.base, score)
        out.append(Attribution(score, base, a.phi * k, a.representative, a.target))
    return out


def scored_base(value: float, base: float, score: float) -> tuple[float, float]:
    """The base on the scale of `score` (the pair score `value` over the entity's total T = value / score) and
    the factor on contributions: base / (base + T - value), the SCORE with the class's pair score at the base.
    Multiplying the base by score / value alone had put it above 1 beside a probability ("0.66; baseline 1.08":
    a real-estate trial's listings.status, its classes' pair scores summing below 1)."""
    total = value / score
    if abs(total - 1) < 1e-9:  # the candidates' total is 1 (or capped at it): the scales agree
        return base, 1.0
    others = max(total - value, 0.0)
    scored = base / (base + others) if base + others > 0 else base
    if abs(value - base) < 1e-9:  # the slope there: d/ds s / (s + others)
        return scored, others / total**2 if total > 0 else 1.0
    return scored, (score - scored) / (value - base)


@dataclass
class Removal:
    """How much an entity's prediction moves when some of its input groups are removed (taken from background
    context rows): the check that contributions are faithful (removing the top ones moves it most). Rows are
    named as the explanation's dicts name them: the entity, or (entity, CLASS | FORECAST_STEP)."""

    attributor: Attributor
    entities: list
    x: np.ndarray
    m: np.ndarray
    targets: np.ndarray
    seen: np.ndarray
    attributions: list[Attribution]

    @property
    def n_groups(self) -> int:
        return len(self.attributor.probe.groups)

    def n_groups_of(self, entity) -> int:
        """The number of input groups of the context that explains `entity`'s row."""
        return self.n_groups

    def ranked(self, entity) -> list[int]:
        """The entity's input groups, largest |contribution| first."""
        phi = self.attributions[self.entities.index(entity)].phi
        return [int(g) for g in np.argsort(-np.abs(phi), kind="stable")]

    def effect(self, entity, groups: list[int]) -> float:
        i = self.entities.index(entity)
        x, m, target, seen = self.x[i], self.m[i], int(self.targets[i]), bool(self.seen[i])
        return self.attributor.removal_effect(x, m, target, seen, groups, owner=i)
