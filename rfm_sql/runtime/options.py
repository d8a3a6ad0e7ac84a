"""Run options: their defaults and choices (the one place the CLI, SQL and Python read them from), validated
once so every layer below can trust them."""

from __future__ import annotations

from dataclasses import dataclass, fields

from rfm_sql.errors import UserError


@dataclass(frozen=True)
class RunMode:
    context_size: int  # labelled context examples
    max_anchors: int  # how far back context anchors may step
    candidates: int = 60  # candidates per entity for ranked, multilabel and many-class targets
    pair_entities: int = 300  # (entity, anchor) examples whose candidate pairs make such a target's context


RUN_MODES = {
    "fast": RunMode(context_size=1000, max_anchors=64, candidates=60, pair_entities=300),
    "normal": RunMode(context_size=5000, max_anchors=128, candidates=120, pair_entities=1000),
    "best": RunMode(context_size=10000, max_anchors=256, candidates=240, pair_entities=2000),
}
DEFAULT_RUN_MODE = "fast"
DEFAULT_SEED = 0
MIN_CONTEXT_SIZE = 10


@dataclass(frozen=True)
class RunOptions:
    """How much context to build. `context_size` overrides the run mode's cap; `seed` fixes the sample."""

    run_mode: str = DEFAULT_RUN_MODE
    context_size: int | None = None
    seed: int = DEFAULT_SEED

    def __post_init__(self):
        if self.run_mode not in RUN_MODES:
            raise UserError(
                f"run_mode={self.run_mode!r} is not a run mode; use one of {', '.join(map(repr, RUN_MODES))}.",
                param="run_mode",
            )
        if self.context_size is not None and (not _is_int(self.context_size) or self.context_size < MIN_CONTEXT_SIZE):
            raise UserError(
                f"context_size={self.context_size!r} must be an integer >= {MIN_CONTEXT_SIZE} "
                "(or None for the run mode's default).",
                param="context_size",
            )
        if not _is_int(self.seed) or self.seed < 0:
            raise UserError(f"seed={self.seed!r} must be a non-negative integer.", param="seed")

    @classmethod
    def from_kwargs(cls, **kwargs) -> RunOptions:
        """Options from keyword arguments, where None (a SQL NULL, an omitted flag) means the default."""
        known = {f.name for f in fields(cls)}
        unknown = set(kwargs) - known
        if unknown:
            raise UserError(
                f"Unknown option(s) {', '.join(sorted(unknown))}; known: {', '.join(sorted(known))}.",
                param=sorted(unknown)[0],
            )
        return cls(**{k: v for k, v in kwargs.items() if v is not None})

    @property
    def cap(self) -> int:
        return self.context_size or RUN_MODES[self.run_mode].context_size

    @property
    def candidates(self) -> int:
        return RUN_MODES[self.run_mode].candidates

    @property
    def pair_entities(self) -> int:
        return RUN_MODES[self.run_mode].pair_entities

    @property
    def max_anchors(self) -> int:
        return RUN_MODES[self.run_mode].max_anchors


def _is_int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)
