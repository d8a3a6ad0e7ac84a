"""Explanations of pairs scored by a context per stratum (runtime.pairs.stratum_encoders): an item the entity had
before is explained by the context of such items, a new one by that of new ones, as each was scored."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa

from rfm_sql.pql.validate import ValidQuery
from rfm_sql.runtime import explain_views as views
from rfm_sql.runtime.explain_rows import Rows
from rfm_sql.runtime.model import Model
from rfm_sql.runtime.pairs import PairPrepared, seen_columns


def by_stratum(
    explain, vq: ValidQuery, prepared: PairPrepared, model: Model, rows: Rows, prediction: pa.Table, rng_seed: int
):
    """`explain` (runtime.explain.explain) of each row by the context that scored it, the parts put back in the
    rows' order (`explain_views.merged`)."""
    seen = seen_columns(rows.columns, len(rows.targets))
    parts = [(np.flatnonzero(seen == s), s) for s in (False, True)]
    explained = [
        explain(vq, prepared.stratum(s), model, rows.take(at), prediction, rng_seed) for at, s in parts if len(at)
    ]
    if len(explained) == 1:
        return explained[0]
    merged = views.merged(explained, rows, prediction)
    merged.removal = Removals([e.removal for e in explained])
    return merged


@dataclass
class Removals:
    """`runtime.explain.Removal` over explanations merged from several contexts: each row's own."""

    parts: list  # of runtime.explain.Removal

    @property
    def entities(self) -> list:
        return [e for part in self.parts for e in part.entities]

    def _part(self, entity):
        return next(part for part in self.parts if entity in part.entities)

    def n_groups_of(self, entity) -> int:
        return self._part(entity).n_groups

    def ranked(self, entity) -> list[int]:
        return self._part(entity).ranked(entity)

    def effect(self, entity, groups: list[int]) -> float:
        return self._part(entity).effect(entity, groups)
