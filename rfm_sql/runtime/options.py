"""Typed run options: validated once, so every layer below can trust them."""

from __future__ import annotations

from dataclasses import dataclass, fields

CONTEXT_SIZES = {"fast": 1000, "normal": 5000, "best": 10000}
MAX_ANCHORS = {"fast": 64, "normal": 128, "best": 256}


@dataclass(frozen=True)
class RunOptions:
    """How much context to build. `context_size` overrides the run mode's cap; `seed` fixes the sample."""

    run_mode: str = "fast"
    context_size: int | None = None
    seed: int = 0

    def __post_init__(self):
        if self.run_mode not in CONTEXT_SIZES:
            raise ValueError(
                f"run_mode={self.run_mode!r} is not a run mode; use one of {', '.join(map(repr, CONTEXT_SIZES))}."
            )
        if self.context_size is not None and (
            isinstance(self.context_size, bool) or not isinstance(self.context_size, int) or self.context_size < 10
        ):
            raise ValueError(f"context_size={self.context_size!r} must be an integer >= 10 (or None for the default).")
        if isinstance(self.seed, bool) or not isinstance(self.seed, int):
            raise ValueError(f"seed={self.seed!r} must be an integer.")

    @classmethod
    def from_kwargs(cls, **kwargs) -> RunOptions:
        known = {f.name for f in fields(cls)}
        unknown = set(kwargs) - known
        if unknown:
            raise ValueError(f"Unknown option(s) {', '.join(sorted(unknown))}; known: {', '.join(sorted(known))}.")
        return cls(**{k: v for k, v in kwargs.items() if v is not None})

    @property
    def cap(self) -> int:
        return self.context_size or CONTEXT_SIZES[self.run_mode]

    @property
    def max_anchors(self) -> int:
        return MAX_ANCHORS[self.run_mode]
