"""FORECAST labels against an independent plain-Python reading of PQL.md ("Forecasts"): step i is the same
aggregation over (t + start + (i-1)w, t + end + (i-1)w], one row per (entity, anchor, step), empty-window
rules per step; on the seeded random databases of test_labels_reference."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from tests.compile.test_labels_reference import (
    ANCHORS,
    SETTINGS,
    attach,
    conditions,
    databases,
    evaluate,
    load,
    pql,
    same,
    value,
    windows,
)

# numeric targets only (FORECAST needs one)
NUMERIC = {
    "COUNT": ["*", "price", "status"],
    "COUNT_DISTINCT": ["price", "status"],
    "SUM": ["price", "qty"],
    "AVG": ["price", "qty"],
    "MIN": ["price"],
    "MAX": ["qty"],
    "FIRST": ["price"],
    "LAST": ["qty"],
}


def forecast_targets():
    return st.sampled_from(sorted(NUMERIC)).flatmap(
        lambda f: st.tuples(st.just("agg"), st.just(f), st.sampled_from(NUMERIC[f]), st.none(), windows(True))
    )


def reference(db, target, n, entity_filter, assuming):
    _, func, column, filt, (start, end, unit) = target
    w = end - start
    out = {}
    for t in ANCHORS:
        for user in db["users"]:
            if user["signup"] is not None and user["signup"] > t:
                continue
            env = {"orders": db["orders"], "user": user, "t": t, "row": user}
            if entity_filter is not None and not evaluate(entity_filter, env):
                continue
            if assuming is not None and not evaluate(assuming, env):
                continue
            for i in range(1, n + 1):
                shifted = ("agg", func, column, filt, (start + (i - 1) * w, end + (i - 1) * w, unit))
                label = value(shifted, env)
                if label is not None:
                    out[(user["user_id"], t, i)] = label
    return out


@SETTINGS
@given(
    db=databases(),
    target=forecast_targets(),
    n=st.integers(1, 3),
    entity_filter=st.one_of(st.none(), conditions(forward=False)),
    assuming=st.one_of(st.none(), conditions(forward=True)),
)
def test_forecast_labels_match_reference(db, target, n, entity_filter, assuming):
    query = f"PREDICT {pql(target)} FORECAST {n} TIMEFRAMES FOR EACH users.user_id"
    if entity_filter is not None:
        query += f" WHERE {pql(entity_filter)}"
    if assuming is not None:
        query += f" ASSUMING {pql(assuming)}"
    table = attach(load(db)).labels(query, anchor_time=ANCHORS)
    assert table.column_names == ["ENTITY", "ANCHOR_TIMESTAMP", "FORECAST_STEP", "TARGET"]
    got = {(r["ENTITY"], r["ANCHOR_TIMESTAMP"], r["FORECAST_STEP"]): r["TARGET"] for r in table.to_pylist()}
    want = reference(db, target, n, entity_filter, assuming)
    assert set(got) == set(want), query
    for key, label in want.items():
        assert same(got[key], label), (query, key, got[key], label)
