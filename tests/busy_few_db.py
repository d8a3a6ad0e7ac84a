"""A mostly idle table with a few busy entities: 300 users over two years, 30 of them with steady rates from 2
to 60 events a month, the rest nearly idle. Regression targets over it are coded relative to each user's recent
level (runtime.residual), which the tests of forecasts and explanations read."""

from __future__ import annotations

import datetime as dt

import numpy as np

START = dt.datetime(2022, 1, 1)


def build(con, seed: int = 0) -> None:
    rng = np.random.default_rng(seed)
    days = 730
    con.execute("CREATE TABLE users (user_id INTEGER PRIMARY KEY, joined TIMESTAMP)")
    con.executemany("INSERT INTO users VALUES (?, ?)", [(u, START) for u in range(300)])
    rows = []
    for u in range(300):
        rate = (2 + 58 * u / 29) / 30 if u < 30 else 0.01 / 30
        rows += [
            (u, START + dt.timedelta(days=float(t))) for t in np.sort(rng.uniform(0, days, rng.poisson(rate * days)))
        ]
    con.execute(
        "CREATE TABLE events (event_id INTEGER PRIMARY KEY, user_id INTEGER REFERENCES users, happened_at TIMESTAMP)"
    )
    con.executemany("INSERT INTO events VALUES (?, ?, ?)", [(i, u, t) for i, (u, t) in enumerate(rows)])
