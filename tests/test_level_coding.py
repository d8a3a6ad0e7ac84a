"""How a regression target's labels are coded (runtime.residual): raw, or relative to the entity's level, the mean of
its last three windows or its last window. A building's monthly kWh ramping into winter was predicted near the
three-month mean (MAE twice "the same as last month"); the last window, where the splits choose it clearly, follows
the ramp. A near tie keeps the steadier level."""

from dataclasses import dataclass
from types import SimpleNamespace

import duckdb
import numpy as np
import pytest

import rfm_sql
from rfm_sql.runtime import residual

RAMP = "PREDICT SUM(readings.kwh, 0, 30, days) FOR EACH sites.site_id"


@pytest.fixture(scope="module")
def ramp():
    """60 sites, each of its own size (1 to 20), a reading a day over 2023-2024 whose kWh follow the seasons (twice
    as much in January as in July), with 10% noise."""
    con = duckdb.connect()
    con.execute("CREATE TABLE sites (site_id INTEGER PRIMARY KEY, size DOUBLE)")
    con.execute("INSERT INTO sites SELECT i, 1 + (hash(i) % 20) FROM range(60) t(i)")
    con.execute(
        "CREATE TABLE readings AS SELECT row_number() OVER () AS reading_id, site_id, TIMESTAMP '2023-01-01' + "
        "to_days(CAST(d AS INTEGER)) AS read_at, size * (10 + 5 * cos(2 * pi() * (d % 365 - 20) / 365)) * "
        "(0.9 + (hash(site_id * 1000 + d) % 200) / 1000) AS kwh FROM sites, range(0, 700) r(d)"
    )
    return con, rfm_sql.attach(con)


def test_a_ramp_is_coded_against_the_last_window(ramp):
    con, rfm = ramp
    ev = rfm.evaluate(RAMP, anchor_time="2024-10-15", context_size=600)
    prepared = ev.results[0].prepared
    assert prepared.encoder.target.offset == residual.last_feature(prepared.encoder.kinds)
    assert ev.metrics["mae"] < ev.baselines["last_value"]["mae"] < ev.baselines["entity_mean"]["mae"]


@dataclass
class _Target:
    offset: str | None = None


def test_the_last_window_must_win_the_splits_clearly(monkeypatch):
    """Each coding's predictions miss by a set amount; the last window is taken only 10% under the best other."""
    kinds = {"s:target_lag_mean": "numeric", "s:target_lag1": "numeric", "y": "numeric"}
    n = 80
    columns = {name: np.arange(n, dtype=float) for name in kinds}
    misses = {}

    def fit(inside, kinds, y, kind, offset=None, max_slots=None):
        return SimpleNamespace(target=_Target(offset), episode=lambda rows: (rows["y"], misses[offset]))

    monkeypatch.setattr(residual, "encode", SimpleNamespace(fit=fit))
    monkeypatch.setattr(residual, "score", lambda model, episode: (episode[0] + episode[1],))
    entities, anchors = list(range(n)), [i % 4 for i in range(n)]

    def chosen(raw, mean, last):
        misses.update({None: raw, "s:target_lag_mean": mean, "s:target_lag1": last})
        model = SimpleNamespace(neighbours=None)
        return residual.choose(model, columns, kinds, columns["y"], entities, anchors, 0, {})

    assert chosen(1.0, 0.8, 0.6) == "s:target_lag1"
    assert chosen(1.0, 0.8, 0.75) == "s:target_lag_mean"  # under the mean's, not clearly
    assert chosen(0.7, 0.8, 0.65) is None  # the raw coding, when it is the best of the others
    assert chosen(1.0, 0.6, 0.8) == "s:target_lag_mean"
