"""The baselines of pair-scored targets, checked against the database: multilabel's entity_history is the set
of labels each entity had in the last horizon before the anchor."""

import datetime as dt

import duckdb

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


def test_a_first_targets_last_class_is_its_label_one_horizon_back():
    """FIRST(taps.place, 0, 7, days): a commuter's first tap of a week is at home, the latest at work, so "the class
    of the latest row" scored 0.06 (a transit trial) where the last week's first tap scores nearly every card."""
    con = duckdb.connect()
    con.execute("CREATE TABLE cards AS SELECT i AS card_id, 'home_' || (i % 3) AS home FROM range(60) t(i)")
    con.execute(
        "CREATE TABLE taps AS SELECT row_number() OVER () AS tap_id, card_id, TIMESTAMP '2024-01-01' + to_days(d) + "
        "to_hours(CASE WHEN k = 0 THEN 8 ELSE 18 END) AS tapped_at, CASE WHEN k = 0 THEN home ELSE 'work' END AS place "
        "FROM cards, range(0, 300) r(d), range(2) s(k) WHERE (d + card_id) % 3 = 0"
    )
    rfm = rfm_sql.attach(con)
    query = "PREDICT FIRST(taps.place, 0, 7, days) FOR EACH cards.card_id"
    vq = rfm.resolve(query)
    ev = rfm.evaluate(query, anchor_time="2024-09-01", context_size=300)
    got = bench_ranking.baselines(vq, ev.results, metrics.primary(vq.task_type))
    assert got["entity_mean"] >= 0.9 and ev.results[0].previous
    ev.results[0].previous = None  # the latest row's class, 'work', is no class: the most popular home
    assert bench_ranking.baselines(vq, ev.results, metrics.primary(vq.task_type))["entity_mean"] < 0.5
