"""Point in time: features at an anchor never read a row after it."""

import datetime as dt

import duckdb
import pyarrow as pa
import pytest

import rfm_sql
from rfm_sql.compile.features import LONG_LAG_MEAN, LONG_LAGS, feature_sql
from rfm_sql.compile.forecast import YEAR_LAG, lag_a_year_back
from rfm_sql.compile.neighbour_rows import neighbour_column, neighbour_rows
from rfm_sql.compile.sqlutil import to_sql
from rfm_sql.demo import build

ANCHORS = [dt.datetime(2024, 3, 1), dt.datetime(2024, 6, 1)]
QUERIES = [
    "PREDICT COUNT(orders.*, 0, 30, days) = 0 FOR EACH users.user_id",
    "PREDICT SUM(orders.amount, 0, 2, weeks) FOR EACH users.user_id WHERE COUNT(orders.*, -90, 0, days) > 0",
    "PREDICT LAST(reviews.rating, 0, 30, days) FOR EACH users.user_id",
    "PREDICT users.segment FOR EACH users.user_id",
    # ASSUMING looks further ahead than the target: lagged targets must not read its window past the anchor
    "PREDICT COUNT(orders.*, 0, 7, days) > 0 FOR EACH users.user_id ASSUMING COUNT(reviews.*, 0, 60, days) > 0",
]


def features(con, pql, pairs):
    rfm = rfm_sql.attach(con)
    vq = rfm.resolve(pql)
    with con.cursor() as cur:
        cur.register("pairs", pairs)
        select, feats = feature_sql(vq, rfm.graph, "pairs")
        table = cur.sql(to_sql(select)).to_arrow_table()
        hood = {t: cur.sql(to_sql(s)).to_arrow_table() for t, s in neighbour_rows(vq, rfm.graph, "pairs", k=5).items()}
    return table, feats, hood


@pytest.mark.parametrize("pql", QUERIES)
def test_rows_after_the_anchor_change_nothing(pql):
    con = duckdb.connect()
    build(con, n_users=150, n_items=20)
    pairs = pa.table({"ENTITY": [1, 2, 3, 5, 8, 13, 21] * 2, "ANCHOR_TIMESTAMP": [ANCHORS[0]] * 7 + [ANCHORS[1]] * 7})
    before, feats, hood_before = features(con, pql, pairs)
    assert len(feats) > 20 and before.num_rows == 14
    # the future arrives: new orders and reviews right after the last anchor, and much later
    for i, t in enumerate([max(ANCHORS), max(ANCHORS) + dt.timedelta(days=1)]):
        for user in (1, 2, 3, 5, 8, 13, 21):
            for k, delta in enumerate((dt.timedelta(seconds=1), dt.timedelta(days=3), dt.timedelta(days=400))):
                oid = 10_000_000 + i * 10_000 + user * 10 + k
                con.execute("INSERT INTO orders VALUES (?, ?, 1, ?, 9, 999.0)", [oid, user, t + delta]).fetchall()
                con.execute("INSERT INTO reviews VALUES (?, ?, 1, ?, 1)", [oid, user, t + delta]).fetchall()
    after, _, hood_after = features(con, pql, pairs)
    changed = [c for c in before.column_names if not before.column(c).equals(after.column(c))]
    assert not changed
    for table in hood_before:
        assert hood_after[table].equals(hood_before[table])


def test_neighbour_rows_are_the_k_latest_before_the_anchor(shop):
    pairs = pa.table({"ENTITY": [1, 2, 3, 4], "ANCHOR_TIMESTAMP": [ANCHORS[1]] * 4})
    _, _, hood = features(shop, QUERIES[0], pairs)
    orders = hood["orders"].to_pylist()
    at = neighbour_column("ordered_at")
    assert orders and all(r["DELTA_DAYS"] >= 0 and r[at] <= ANCHORS[1] and r["RANK"] <= 5 for r in orders)
    for user in {r["ENTITY"] for r in orders}:
        times = [r[at] for r in orders if r["ENTITY"] == user]
        latest = shop.sql(
            "SELECT ordered_at FROM orders WHERE user_id = ? AND ordered_at <= ? "
            "ORDER BY ordered_at DESC, order_id DESC LIMIT 5",
            params=[user, ANCHORS[1]],
        ).fetchall()
        assert times == [t for (t,) in latest]


def test_lagged_targets_equal_labels_one_horizon_back(shop):
    pql = QUERIES[1]
    rfm = rfm_sql.attach(shop)
    pairs = pa.table({"ENTITY": list(range(1, 60)), "ANCHOR_TIMESTAMP": [ANCHORS[1]] * 59})
    table, feats, _ = features(shop, pql, pairs)
    lag1 = next(f.name for f in feats if f.name.endswith("target_lag1"))
    earlier = {r["ENTITY"]: r["TARGET"] for r in rfm.labels(pql, ANCHORS[1] - dt.timedelta(days=14)).to_pylist()}
    got = dict(zip(table.column("ENTITY").to_pylist(), table.column(lag1).to_pylist(), strict=True))
    assert earlier and all(abs(got[e] - v) < 1e-9 for e, v in earlier.items() if e in got)


def test_the_long_run_lag_is_the_mean_of_the_labels_of_twelve_horizons_back(shop):
    # the entity's level of the target over the last 12 horizons (its usual rate, beside the last 3): the mean
    # of its labels at anchor - h, ..., anchor - 12h, over those where it existed
    pql = "PREDICT SUM(orders.amount, 0, 2, weeks) FOR EACH users.user_id"
    rfm = rfm_sql.attach(shop)
    pairs = pa.table({"ENTITY": list(range(1, 60)), "ANCHOR_TIMESTAMP": [ANCHORS[1]] * 59})
    table, feats, _ = features(shop, pql, pairs)
    name = next(f.name for f in feats if f.name.endswith(LONG_LAG_MEAN))
    labels: dict = {}
    for k in range(1, LONG_LAGS + 1):
        for r in rfm.labels(pql, ANCHORS[1] - dt.timedelta(days=14 * k)).to_pylist():
            labels.setdefault(r["ENTITY"], []).append(r["TARGET"])
    got = dict(zip(table.column("ENTITY").to_pylist(), table.column(name).to_pylist(), strict=True))
    assert len({len(v) for v in labels.values()}) > 1  # some users joined within the 12 horizons
    assert all(abs(got[e] - sum(v) / len(v)) < 1e-9 for e, v in labels.items() if e in got)
    assert all(got[e] is None for e in got if e not in labels)


def test_the_lag_a_year_back_is_the_label_twelve_months_back(shop):
    """A 30-day window's label 12 windows back (360 days: the whole number of windows nearest a year) is a feature
    of its own for a regression target (a yearly order); a 2-week window's year (26 windows) is beyond the 12 lags
    read, 180 days' (2 windows) is the second lag already, and a binary target goes without."""
    pql = "PREDICT SUM(orders.amount, 0, 30, days) FOR EACH users.user_id"
    rfm = rfm_sql.attach(shop)
    pairs = pa.table({"ENTITY": list(range(1, 60)), "ANCHOR_TIMESTAMP": [ANCHORS[1]] * 59})
    table, feats, _ = features(shop, pql, pairs)
    name = next(f.name for f in feats if f.name.endswith(YEAR_LAG))
    back = {r["ENTITY"]: r["TARGET"] for r in rfm.labels(pql, ANCHORS[1] - dt.timedelta(days=360)).to_pylist()}
    got = dict(zip(table.column("ENTITY").to_pylist(), table.column(name).to_pylist(), strict=True))
    assert back and all(abs(got[e] - v) < 1e-9 for e, v in back.items() if e in got)
    assert all(got[e] is None for e in got if e not in back)  # not a user a year before
    others = ("PREDICT SUM(orders.amount, 0, 2, weeks) FOR EACH users.user_id", pql.replace("30", "180"), QUERIES[0])
    for other in others:  # the last: a binary target, which reads worse with it
        assert not any(f.name.endswith(YEAR_LAG) for f in features(shop, other, pairs)[1])
    assert lag_a_year_back((1, "months")) == 12 and lag_a_year_back((100, "days")) is None


def test_a_lag_from_before_the_data_began_is_unknown_not_empty():
    # users who existed long before the first order: two horizons after it, lags 3..12 look at windows before
    # any order and read as 0 (a user who bought nothing), which pulled every early example's long-run level to 0
    con = duckdb.connect()
    build(con, n_users=150, n_items=20)
    con.execute("UPDATE users SET signup_time = TIMESTAMP '2000-01-01'")
    pql = "PREDICT SUM(orders.amount, 0, 2, weeks) FOR EACH users.user_id"
    first = con.sql("SELECT MIN(ordered_at) FROM orders").fetchall()[0][0]
    anchor = first + dt.timedelta(days=29)
    pairs = pa.table({"ENTITY": list(range(1, 60)), "ANCHOR_TIMESTAMP": [anchor] * 59})
    table, feats, _ = features(con, pql, pairs)
    column = {f.name.split(":", 1)[1]: table.column(f.name).to_pylist() for f in feats if ":target_lag" in f.name}
    assert set(column["target_lag3"]) == {None}
    known = [
        (a, b, m)
        for a, b, m in zip(column["target_lag1"], column["target_lag2"], column[LONG_LAG_MEAN], strict=True)
        if a is not None
    ]
    assert known and all(abs(m - (a + b) / 2) < 1e-9 for a, b, m in known if b is not None)
    # over two tables the data began with the earlier one: reviews that start later are just none yet
    con.execute("DELETE FROM reviews WHERE created_at < ?", [anchor + dt.timedelta(days=60)])
    both = "PREDICT COUNT(orders.*, 0, 2, weeks) > 0 OR COUNT(reviews.*, 0, 2, weeks) > 0 FOR EACH users.user_id"
    table, feats, _ = features(con, both, pairs)
    lag1 = next(f.name for f in feats if f.name.endswith("target_lag1"))
    assert any(v is not None for v in table.column(lag1).to_pylist())


def test_the_last_value_of_a_keyless_table_breaks_ties_by_the_value():
    # a stock snapshot per (store, product, date), no one-column key: the latest date holds one row per store,
    # and the product's "last" stock was whichever row DuckDB's threads met first (predictions moved run to run)
    con = duckdb.connect()
    con.execute("CREATE TABLE products (product_id INTEGER PRIMARY KEY)")
    con.execute("INSERT INTO products SELECT range FROM range(1, 4)")
    con.execute(
        "CREATE TABLE snapshots (product_id INTEGER REFERENCES products (product_id), store INTEGER, "
        "taken DATE, on_hand DOUBLE)"
    )
    con.execute(
        "INSERT INTO snapshots SELECT p, s, DATE '2024-01-01' + INTERVAL (d * 7) DAY, (p * 31 + s * 7 + d) % 50 "
        "FROM range(1, 4) a(p), range(1, 9) b(s), range(0, 20) c(d)"
    )
    pairs = pa.table({"ENTITY": [1, 2, 3], "ANCHOR_TIMESTAMP": [dt.datetime(2024, 6, 1)] * 3})
    table, feats, _ = features(con, "PREDICT COUNT(snapshots.*, 0, 7, days) FOR EACH products.product_id", pairs)
    last = next(f.name for f in feats if f.name.endswith("snapshots.on_hand.last"))
    expected = con.sql(
        "SELECT product_id, max(on_hand) FROM snapshots WHERE taken = (SELECT max(taken) FROM snapshots "
        "WHERE taken <= DATE '2024-06-01') GROUP BY 1 ORDER BY 1"
    ).fetchall()
    assert table.column(last).to_pylist() == [v for _, v in expected]


def test_static_target_column_is_not_a_feature(shop):
    rfm = rfm_sql.attach(shop)
    _, feats = feature_sql(rfm.resolve(QUERIES[3]), rfm.graph, "pairs")
    assert not any(f.name.endswith("users.segment") for f in feats)
    assert any(f.name.endswith("users.country") for f in feats)


@pytest.mark.parametrize(
    "pql, left_out",
    [
        ("PREDICT users.age > 40 FOR EACH users.user_id", {"age"}),
        ("PREDICT users.segment = 'loyal' FOR EACH users.user_id", {"segment"}),
        ("PREDICT users.age > 40 AND users.country = 'GB' FOR EACH users.user_id", {"age", "country"}),
    ],
)
def test_a_condition_on_the_entitys_columns_never_feeds_itself(shop, pql, left_out):
    """`users.age > 40` read users.age as an input: a backtest AUROC of 0.997 for a column the model was given."""
    rfm = rfm_sql.attach(shop)
    _, feats = feature_sql(rfm.resolve(pql), rfm.graph, "pairs")
    entity_columns = {f.name.split(":users.")[1] for f in feats if ":users." in f.name}
    assert entity_columns and not entity_columns & left_out
    ev = rfm.evaluate(pql, context_size=100)
    assert ev.metrics["auroc"] < 0.95  # the demo's age and country are not in the orders: no near-perfect score


def test_a_static_target_is_not_read_through_the_row_it_references(shop):
    """customers.region -> regions: the target column was left out, its parent row's name was not (a telecom
    trial: backtest accuracy 0.84 for a region drawn at random, 0.28 on the rows whose region was missing)."""
    shop.execute("CREATE TABLE countries (country VARCHAR PRIMARY KEY, name VARCHAR)")
    shop.execute("INSERT INTO countries SELECT DISTINCT country, country || ' land' FROM users")
    rfm = rfm_sql.attach(shop)
    assert "users.country -> countries" in [str(link) for link in rfm.graph.links]
    _, feats = feature_sql(rfm.resolve("PREDICT users.country FOR EACH users.user_id"), rfm.graph, "pairs")
    assert not [f.name for f in feats if "country" in f.name]
    _, feats = feature_sql(rfm.resolve("PREDICT users.age > 40 FOR EACH users.user_id"), rfm.graph, "pairs")
    assert any(f.name.endswith("country->countries.name") for f in feats)  # another target still reads it


def test_a_child_column_named_like_the_neighbour_columns_is_kept():
    con = duckdb.connect()
    con.execute("CREATE TABLE drivers (driver_id INTEGER PRIMARY KEY)")
    con.execute(
        "CREATE TABLE results (result_id INTEGER PRIMARY KEY, driver_id INTEGER REFERENCES drivers (driver_id), "
        "t TIMESTAMP, rank INTEGER, delta_days DOUBLE)"
    )
    con.execute("INSERT INTO drivers VALUES (1), (2)")
    con.execute("INSERT INTO results VALUES (1, 1, '2024-01-01', 7, 0.5), (2, 2, '2024-01-02', 3, 1.5)")
    pairs = pa.table({"ENTITY": [1, 2], "ANCHOR_TIMESTAMP": [dt.datetime(2024, 2, 1)] * 2})
    _, _, hood = features(con, "PREDICT COUNT(results.*, 0, 30, days) FOR EACH drivers.driver_id", pairs)
    rows = sorted(hood["results"].to_pylist(), key=lambda r: r["ENTITY"])
    assert [r[neighbour_column("rank")] for r in rows] == [7, 3] and [r["RANK"] for r in rows] == [1, 1]
    assert [r[neighbour_column("delta_days")] for r in rows] == [0.5, 1.5] and rows[0]["DELTA_DAYS"] == 31


def _teams(con):
    """Drivers racing for teams: results reference both (the peers of `peers` are a driver's teammates)."""
    con.execute("CREATE TABLE drivers (driver_id INTEGER PRIMARY KEY)")
    con.execute("CREATE TABLE teams (team_id INTEGER PRIMARY KEY)")
    con.execute(
        "CREATE TABLE results (result_id INTEGER PRIMARY KEY, driver_id INTEGER REFERENCES drivers (driver_id), "
        "team_id INTEGER REFERENCES teams (team_id), t TIMESTAMP, dnf INTEGER, pos INTEGER)"
    )
    con.execute("INSERT INTO drivers VALUES (1), (2), (3), (4)")
    con.execute("INSERT INTO teams VALUES (10), (20)")
    con.execute(
        "INSERT INTO results VALUES (1, 1, 20, '2023-12-01', 1, 9), "  # before the 30-day window
        "(2, 1, 10, '2024-01-10', 1, 5), (3, 2, 10, '2024-01-10', 0, 3), (4, 2, 10, '2024-01-20', 1, 7), "
        "(5, 3, 20, '2024-01-20', 0, 2), (6, 3, 10, '2024-01-25', 0, 1), "
        "(7, 3, 10, '2024-02-05', 1, 20)"  # after the anchor
    )
    return con


@pytest.mark.parametrize(
    "pql, expected",
    [
        # team 10 in (Jan 2, Feb 1]: 2 DNFs by 3 drivers over 3 horizons -> 2/9; team 20: 0 of 1 driver -> 0
        (
            "PREDICT COUNT(results.* WHERE results.dnf = 1, 0, 10, days) FOR EACH drivers.driver_id",
            [2 / 9, 2 / 9, 1 / 9],
        ),
        # team 10's mean position 4, team 20's 2; driver 3 raced for both
        ("PREDICT AVG(results.pos, 0, 10, days) FOR EACH drivers.driver_id", [4.0, 4.0, 3.0]),
        # positions of finishers: team 10 3 + 1 by 3 drivers over 3 horizons -> 4/9, team 20 2 by 1 -> 2/3
        (
            "PREDICT SUM(results.pos WHERE results.dnf = 0, 0, 10, days) FOR EACH drivers.driver_id",
            [4 / 9, 4 / 9, 5 / 9],
        ),
    ],
)
def test_peer_target_is_the_target_over_the_entitys_teams(pql, expected):
    con = _teams(duckdb.connect())
    pairs = pa.table({"ENTITY": [1, 2, 3, 4], "ANCHOR_TIMESTAMP": [dt.datetime(2024, 2, 1)] * 4})
    table, feats, _ = features(con, pql, pairs)
    peer = [f for f in feats if f.name.endswith("peer_target")]
    assert [f.name.split(":")[1] for f in peer] == ["results.team_id->teams.peer_target"]
    got = dict(zip(table.column("ENTITY").to_pylist(), table.column(peer[0].name).to_pylist(), strict=True))
    assert [got[e] for e in (1, 2, 3)] == pytest.approx(expected) and got[4] is None  # 4 never raced
    # team 10: 4 rows by 3 drivers, mean position 4, DNF rate 1/2; team 20: 1 row by 1 driver, position 2, no DNF
    for name, want in (
        ("peer_rows", [4 / 9, 4 / 9, 7 / 18]),
        ("pos.peer_mean", [4, 4, 3]),
        ("dnf.peer_mean", [0.5, 0.5, 0.25]),
    ):
        column = table.column(next(f.name for f in feats if f.name.endswith(f"teams.{name}")))
        assert column.to_pylist() == pytest.approx(want + [None])


def test_rows_of_no_entity_leave_the_peer_features_as_they_are():
    pql = "PREDICT COUNT(results.* WHERE results.dnf = 1, 0, 10, days) FOR EACH drivers.driver_id"
    pairs = pa.table({"ENTITY": [1, 2, 3], "ANCHOR_TIMESTAMP": [dt.datetime(2024, 2, 1)] * 3})
    clean = _teams(duckdb.connect())
    with_orphan = _teams(duckdb.connect())
    with_orphan.execute("INSERT INTO results VALUES (8, NULL, 10, '2024-01-15', 1, 30)")  # a DNF of no driver
    (a, feats, _), (b, _, _) = features(clean, pql, pairs), features(with_orphan, pql, pairs)
    for name in (f.name for f in feats if ".peer" in f.name):
        assert b.column(name).to_pylist() == pytest.approx(a.column(name).to_pylist()), name


def test_no_peer_target_without_another_parent_or_for_a_static_target(shop):
    rfm = rfm_sql.attach(shop)
    for pql in (QUERIES[3], "PREDICT LAST(reviews.rating, 0, 30, days) FOR EACH users.user_id"):
        _, feats = feature_sql(rfm.resolve(pql), rfm.graph, "pairs")
        assert not any(f.name.endswith("peer_target") for f in feats)
    _, feats = feature_sql(rfm.resolve(QUERIES[0]), rfm.graph, "pairs")
    assert [f.name.split(":")[1] for f in feats if f.name.endswith("peer_target")] == [
        "orders.item_id->items.peer_target"
    ]


def test_two_aggregations_over_one_table_share_the_peer_means():
    con = _teams(duckdb.connect())
    rfm = rfm_sql.attach(con)
    pql = "PREDICT COUNT(results.*, 0, 10, days) > 0 AND AVG(results.pos, 0, 10, days) > 3 FOR EACH drivers.driver_id"
    _, feats = feature_sql(rfm.resolve(pql), rfm.graph, "pairs")
    names = [f.name.split(":")[1] for f in feats if ".peer" in f.name]
    assert sum("peer_target" in n for n in names) == 2 and len(names) == len(set(names))
    assert sum(n.endswith("peer_rows") for n in names) == 1
    # two aggregations that differ only in window: one peer target (the peers' window is the horizon)
    pql = "PREDICT COUNT(results.*, 0, 5, days) > 0 AND COUNT(results.*, 0, 10, days) > 1 FOR EACH drivers.driver_id"
    _, feats = feature_sql(rfm.resolve(pql), rfm.graph, "pairs")
    assert sum("peer_target" in f.name for f in feats) == 1


def test_a_target_over_a_timestamp_gets_no_peer_target_and_its_features_run(shop):
    """A binary target may compare MAX of a timestamp: its peers would cast a timestamp to a number."""
    pql = "PREDICT MAX(orders.ordered_at, 0, 30, days) > 2024-06-10 FOR EACH users.user_id"
    pairs = pa.table({"ENTITY": [1, 2, 3], "ANCHOR_TIMESTAMP": [ANCHORS[1]] * 3})
    table, feats, _ = features(shop, pql, pairs)
    assert table.num_rows == 3 and not any("peer_target" in f.name for f in feats)


def test_a_value_beyond_single_precision_keeps_the_peer_features_running():
    con = _teams(duckdb.connect())
    con.execute("ALTER TABLE results ADD COLUMN payout DOUBLE DEFAULT 1.0")
    con.execute("UPDATE results SET payout = 1e300 WHERE result_id = 3")  # a sentinel some databases use
    pairs = pa.table({"ENTITY": [1, 2], "ANCHOR_TIMESTAMP": [dt.datetime(2024, 2, 1)] * 2})
    table, feats, _ = features(con, "PREDICT COUNT(results.*, 0, 10, days) FOR EACH drivers.driver_id", pairs)
    payout = table.column(next(f.name for f in feats if f.name.endswith("teams.payout.peer_mean"))).to_pylist()
    assert payout == pytest.approx([2.5e299, 2.5e299])  # team 10's four rows


def test_the_rows_of_a_child_with_an_end_time_live_at_the_anchor():
    # subscriptions end (cancelled_at): how many a customer holds now, their fees, and since when one last ended;
    # an end after the anchor is a subscription live then, exactly as one never cancelled
    con = duckdb.connect()
    con.execute("CREATE TABLE customers (customer_id INTEGER PRIMARY KEY)")
    con.execute("INSERT INTO customers VALUES (1), (2), (3)")
    con.execute(
        "CREATE TABLE subscriptions (subscription_id INTEGER PRIMARY KEY, customer_id INTEGER REFERENCES customers, "
        "started_at TIMESTAMP, cancelled_at TIMESTAMP, monthly_fee DOUBLE)"
    )
    con.execute(
        "INSERT INTO subscriptions VALUES (1, 1, '2024-01-05', NULL, 10), (2, 1, '2024-02-01', '2024-04-01', 20), "
        "(3, 1, '2024-03-01', '2024-08-01', 40), (4, 2, '2024-01-10', '2024-05-20', 15), "
        "(5, 2, '2024-07-01', NULL, 99), (6, 3, '2024-02-02', NULL, 5)"
    )
    rfm = rfm_sql.attach(con)
    assert rfm.graph.table("subscriptions").end_time_column == "cancelled_at"
    pairs = pa.table({"ENTITY": [1, 2, 3], "ANCHOR_TIMESTAMP": [dt.datetime(2024, 6, 1)] * 3})
    table, feats, _ = features(con, "PREDICT COUNT(subscriptions.*, 0, 30, days) FOR EACH customers.customer_id", pairs)
    named = {f.name.split(":", 1)[1]: f.name for f in feats}
    assert table.column(named["subscriptions.count_live"]).to_pylist() == [2, 0, 1]
    assert table.column(named["subscriptions.monthly_fee.sum_live"]).to_pylist() == [50.0, 0.0, 5.0]
    assert table.column(named["subscriptions.days_since_last_end"]).to_pylist() == [61.0, 12.0, None]
    # the future arrives: the live subscription 3 is cancelled, customer 3's too, a new one starts
    con.execute("UPDATE subscriptions SET cancelled_at = '2024-06-02' WHERE subscription_id IN (3, 6)")
    con.execute("INSERT INTO subscriptions VALUES (7, 3, '2024-06-01 00:00:01', NULL, 70)")
    after, _, _ = features(con, "PREDICT COUNT(subscriptions.*, 0, 30, days) FOR EACH customers.customer_id", pairs)
    assert after.equals(table)


def test_a_table_linked_to_the_entity_twice_names_each_links_features_apart():
    # follows(follower_id, followee_id): "follows.count_30d" twice, once for follows made and once for followers
    # gained, told apart by nothing (a social trial's explanation showed 34 and 0 under one name)
    con = duckdb.connect()
    con.execute("CREATE TABLE members (member_id INTEGER PRIMARY KEY)")
    con.execute("INSERT INTO members SELECT range FROM range(1, 4)")
    con.execute(
        "CREATE TABLE follows (follower_id INTEGER REFERENCES members, followee_id INTEGER REFERENCES members, "
        "created_at TIMESTAMP)"
    )
    con.execute("INSERT INTO follows VALUES (1, 2, '2024-05-20'), (3, 2, '2024-05-21'), (1, 3, '2024-05-22')")
    con.execute("CREATE TABLE posts (post_id INTEGER PRIMARY KEY, member_id INTEGER REFERENCES members, t TIMESTAMP)")
    con.execute("INSERT INTO posts VALUES (1, 1, '2024-05-01'), (2, 2, '2024-05-02')")
    pairs = pa.table({"ENTITY": [1, 2, 3], "ANCHOR_TIMESTAMP": [dt.datetime(2024, 6, 1)] * 3})
    table, feats, _ = features(con, "PREDICT COUNT(posts.*, 0, 30, days) FOR EACH members.member_id", pairs)
    named = {f.name.split(":", 1)[1]: f.name for f in feats}
    assert table.column(named["follows[follower_id].count_30d"]).to_pylist() == [2, 0, 1]  # follows made
    assert table.column(named["follows[followee_id].count_30d"]).to_pylist() == [0, 2, 1]  # followers gained
    assert "posts.count_30d" in named  # a table linked once keeps its plain name


def test_the_categories_of_the_rows_children_reference_are_read_two_hops_away():
    # riders -> trips -> stations.district: the district a rider starts from most often (a bike trial's home
    # district was predicted at 0.46 accuracy, where that one column scored 0.79)
    con = duckdb.connect()
    con.execute("CREATE TABLE riders (rider_id INTEGER PRIMARY KEY, district VARCHAR)")
    con.execute("INSERT INTO riders VALUES (1, 'north'), (2, 'south'), (3, NULL)")
    con.execute("CREATE TABLE stations (station_id INTEGER PRIMARY KEY, district VARCHAR, capacity DOUBLE)")
    con.execute("INSERT INTO stations VALUES (10, 'north', 20), (11, 'north', 30), (20, 'south', 25)")
    con.execute(
        "CREATE TABLE trips (trip_id INTEGER PRIMARY KEY, rider_id INTEGER REFERENCES riders, "
        "station_id INTEGER REFERENCES stations, started_at TIMESTAMP)"
    )
    con.execute(
        "INSERT INTO trips VALUES (1, 1, 10, '2024-05-01'), (2, 1, 11, '2024-05-02'), (3, 1, 20, '2024-05-03'), "
        "(4, 2, 20, '2024-05-04'), (5, 3, 11, '2024-05-05'), (6, 3, 20, '2024-06-05')"  # the last after the anchor
    )
    pairs = pa.table({"ENTITY": [1, 2, 3], "ANCHOR_TIMESTAMP": [dt.datetime(2024, 6, 1)] * 3})
    table, feats, _ = features(con, "PREDICT riders.district FOR EACH riders.rider_id", pairs)
    named = {f.name.split(":", 1)[1]: f for f in feats}
    district = named["trips.station_id->stations.district.most_often"]
    assert district.kind == "categorical"
    assert table.column(district.name).to_pylist() == ["north", "south", "north"]
    assert "trips.station_id->stations.capacity.mean_all" in named  # the numbers stay


def test_a_row_two_hops_away_created_after_the_anchor_is_not_read():
    # purchases dated before their item's release (a game trial's data): the item's columns are not known at an
    # anchor before its release, so they must not move the features
    def shop(late_price: float, late_rarity: str):
        con = duckdb.connect()
        con.execute("CREATE TABLE players AS SELECT i AS player_id, ['a', 'b', 'a'][i] AS tier FROM range(1, 4) t(i)")
        con.execute("CREATE TABLE items (item_id INTEGER, rarity VARCHAR, price DOUBLE, released_at TIMESTAMP)")
        con.execute("INSERT INTO items VALUES (1, 'common', 5, '2024-01-01'), (2, 'rare', 50, '2024-01-01')")
        con.execute("INSERT INTO items VALUES (3, ?, ?, '2024-09-01')", [late_rarity, late_price])
        con.execute(
            "CREATE TABLE purchases AS SELECT i AS purchase_id, 1 + i % 3 AS player_id, 1 + i % 3 AS item_id, "
            "TIMESTAMP '2024-02-01' + to_days(i) AS bought_at FROM range(0, 60) t(i)"
        )
        return con

    pairs = pa.table({"ENTITY": [1, 2, 3], "ANCHOR_TIMESTAMP": [dt.datetime(2024, 6, 1)] * 3})
    for pql in (
        "PREDICT players.tier FOR EACH players.player_id",
        "PREDICT COUNT(purchases.*, 0, 30, days) FOR EACH players.player_id",
    ):
        before, feats, _ = features(shop(500, "legendary"), pql, pairs)
        assert any("->items.price.mean_all" in f.name for f in feats), pql
        after, _, _ = features(shop(7, "common"), pql, pairs)
        assert before.equals(after), pql


def test_a_date_rewritten_as_what_it_names_recurs_is_not_read():
    """candidates.last_active_at (updated_at, next_billing_at) holds today's value: at a past anchor, set before it
    means nothing happened since, which a recruiting trial's backtest read (0.947 where 0.943 was honest)."""
    con = duckdb.connect()
    con.execute(
        "CREATE TABLE candidates (candidate_id INTEGER PRIMARY KEY, signed_up_at TIMESTAMP, last_active_at TIMESTAMP, "
        "updated_at TIMESTAMP, verified_at TIMESTAMP)"
    )
    con.execute(
        "INSERT INTO candidates SELECT i, TIMESTAMP '2023-01-01' + INTERVAL (i) DAY, TIMESTAMP '2024-06-01' + "
        "INTERVAL (i % 90) DAY, TIMESTAMP '2024-06-01', TIMESTAMP '2023-02-01' + INTERVAL (i) DAY FROM range(100) t(i)"
    )
    con.execute(
        "CREATE TABLE applications (application_id INTEGER PRIMARY KEY, candidate_id INTEGER REFERENCES candidates, "
        "applied_at TIMESTAMP)"
    )
    con.execute(
        "INSERT INTO applications SELECT i, i % 100, TIMESTAMP '2023-03-01' + INTERVAL (i * 7) HOUR FROM range(3000) t(i)"
    )
    rfm = rfm_sql.attach(con)
    vq = rfm.resolve("PREDICT COUNT(applications.*, 0, 30, days) > 0 FOR EACH candidates.candidate_id")
    names = [f.name for f in feature_sql(vq, rfm.graph, "rfm_seed")[1]]
    assert any("verified_at" in n for n in names) and any("signed_up_at" in n for n in names)
    assert not any("last_active_at" in n or "updated_at" in n for n in names)
