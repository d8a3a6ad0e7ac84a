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
    # 500 examples, not 300: a multiclass example gives one positive pair, and 300 filled 300 of the 500 positive
    # places (unseen windowed multiclass 10 tasks better, 3 worse: UNSEEN.md); rankings 8 better, 2 worse
    # (UNSEEN_RANKING.md). Normal and best keep theirs: 240 candidates an example make pairs costly there
    "fast": RunMode(context_size=1000, max_anchors=64, candidates=60, pair_entities=500),
    "normal": RunMode(context_size=5000, max_anchors=128, candidates=120, pair_entities=1000),
    "best": RunMode(context_size=10000, max_anchors=256, candidates=240, pair_entities=2000),
}
DEFAULT_RUN_MODE = "fast"
DEFAULT_SEED = 0
MIN_CONTEXT_SIZE = 10
POINTS = ("median", "mean")  # what TARGET_PRED is for a regression target: the median minimises MAE
DEFAULT_POINT = "median"


@dataclass(frozen=True)
class RunOptions:
    """How much context to build. `context_size` overrides the run mode's cap; `seed` fixes the sample.
    `point` and `quantiles` say how a regression target's predictive distribution is reported (TARGET_PRED is
    its median or mean; each quantile q adds a column `quantile_column(q)`)."""

    run_mode: str = DEFAULT_RUN_MODE
    context_size: int | None = None
    seed: int = DEFAULT_SEED
    point: str = DEFAULT_POINT
    quantiles: tuple[float, ...] = ()

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
        if self.point not in POINTS:
            raise UserError(
                f"point={self.point!r} is not a point prediction; use one of {', '.join(map(repr, POINTS))}.",
                param="point",
            )
        object.__setattr__(self, "quantiles", check_quantiles(self.quantiles))

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


def check_quantiles(quantiles) -> tuple[float, ...]:
    """Quantile levels as a sorted tuple of distinct floats strictly between 0 and 1 (a UserError otherwise)."""
    if isinstance(quantiles, (int, float, str)) and not isinstance(quantiles, bool):
        quantiles = [quantiles]
    try:
        values = [float(q) for q in quantiles]
    except (TypeError, ValueError):
        raise UserError(
            f"quantiles={quantiles!r} must be a list of numbers between 0 and 1, e.g. [0.1, 0.9].", param="quantiles"
        ) from None
    bad = [q for q in values if not 0 < q < 1]
    if bad or any(isinstance(q, bool) for q in quantiles):
        raise UserError(
            f"quantiles={list(quantiles)!r}: each quantile must be strictly between 0 and 1 (0.1 is the 10th "
            "percentile); write e.g. [0.1, 0.9].",
            param="quantiles",
        )
    names = [quantile_column(q) for q in values]
    if len(set(names)) != len(names):
        raise UserError(f"quantiles={list(quantiles)!r} lists a quantile twice; list each once.", param="quantiles")
    return tuple(sorted(values))


def quantile_column(q: float) -> str:
    """The output column of quantile q: TARGET_Q10 for 0.1, TARGET_Q2_5 for 0.025 (the percentile, its
    decimal point written as an underscore)."""
    text = f"{q * 100:.6f}".rstrip("0").rstrip(".")
    return "TARGET_Q" + text.replace(".", "_")


def _is_int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)
