"""The context's depth, chosen per context by predicting its newest anchors forward (runtime.depth)."""

import datetime as dt

import numpy as np
import pytest

from rfm_sql.runtime import depth
from rfm_sql.runtime.model import load_default

ANCHORS = [dt.datetime(2024, 1, 1) + dt.timedelta(days=30 * k) for k in range(16)]


def _context(shift: float, n_anchors: int = 16, per_anchor: int = 40, seed: int = 0):
    """Rows of `n_anchors` anchors; the label is x plus noise, plus `shift` at the newest quarter of them."""
    rng = np.random.default_rng(seed)
    anchors = [a for a in ANCHORS[-n_anchors:] for _ in range(per_anchor)]
    newest = sorted(set(anchors))[-max(2, int(np.ceil(depth.SHALLOW * n_anchors))) :]
    x = rng.normal(size=len(anchors))
    y = x + rng.normal(scale=0.3, size=len(anchors)) + shift * np.array([a in newest for a in anchors])
    return {"f0:x": x}, {"f0:x": "numeric"}, y, anchors, newest


@pytest.fixture(scope="module")
def model():
    return load_default()


def test_a_target_that_moved_keeps_only_the_newest_anchors(model):
    columns, kinds, y, anchors, newest = _context(shift=8.0)
    keep = depth.choose(model, columns, kinds, y, anchors, {})
    assert keep is not None
    assert sorted(set(np.array(anchors, dtype=object)[keep])) == newest  # the newest quarter, every row of it


def test_a_steady_target_keeps_every_anchor(model):
    columns, kinds, y, anchors, _ = _context(shift=0.0)
    assert depth.choose(model, columns, kinds, y, anchors, {}) is None


def test_too_few_anchors_to_choose_between(model):
    columns, kinds, y, anchors, _ = _context(shift=8.0, n_anchors=depth.MIN_ANCHORS - 1)
    assert depth.choose(model, columns, kinds, y, anchors, {}) is None
