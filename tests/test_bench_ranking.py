"""The baselines of pair-scored targets, checked against the database: multilabel's entity_history is the set
of labels each entity had in the last horizon before the anchor."""

import datetime as dt

import rfm_sql
from rfm_sql import bench_ranking
from rfm_sql.runtime import metrics
from rfm_sql.runtime.ranking import truth_and_points

CLASSIFY = "PREDICT LIST_DISTINCT(orders.item_id, 0, 30, days) CLASSIFY FOR EACH users.user_id"
ANCHOR = dt.datetime(2024, 6, 1)


def test_multilabel_baselines(shop):
    rfm = rfm_sql.attach(shop)
    vq = rfm.resolve(CLASSIFY)
    ev = rfm.evaluate(CLASSIFY, anchor_time=ANCHOR)
    metric = metrics.primary(vq.task_type)
    out = bench_ranking.baselines(vq, ev.results, metric)
    assert set(out) == {"popularity", "entity_history", "lightgbm"}
    assert all(0 <= v <= 1 for v in out.values())
    r = ev.results[0]
    _, points = truth_and_points(vq, r.query, r.pairs, bench_ranking._last_window(r))
    classes = set(r.prepared.classes)
    keys = zip(r.query.column("ENTITY").to_pylist(), r.query.column("ANCHOR_TIMESTAMP").to_pylist(), strict=True)
    for (entity, anchor), got in zip(keys, points, strict=True):
        had = shop.sql(
            "SELECT DISTINCT item_id FROM orders WHERE user_id = ? AND ordered_at <= ? "
            "AND ordered_at > ? - INTERVAL 30 DAY",
            params=[entity, anchor, anchor],
        ).fetchall()
        # candidates are the context's classes; the baseline picks those the entity had in the last 30 days
        assert set(got) == {i for (i,) in had} & classes
