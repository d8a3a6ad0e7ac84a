"""rfm_labels from SQL, from cursors, on read-only files; names and values stay data."""

import datetime as dt
import hashlib

import duckdb
import numpy as np
import pyarrow as pa
import pytest

import rfm_sql
from rfm_sql import demo

QUERY = "PREDICT COUNT(orders.*, 0, 30, days) FOR EACH users.user_id WHERE COUNT(orders.*, -60, 0, days) > 0"


def test_rfm_labels_matches_python(shop):
    rfm = rfm_sql.attach(shop)
    py = rfm.labels(QUERY, anchor_time="2024-03-01").to_pylist()
    sql = shop.sql("SELECT * FROM rfm_labels(?, anchor_time := TIMESTAMP '2024-03-01')", params=[QUERY]).fetchall()
    assert py and [tuple(r.values()) for r in py] == sql


def test_from_cursor_and_default_anchor(shop):
    rfm_sql.attach(shop)
    cur = shop.cursor()
    rows = cur.sql(
        "SELECT COUNT(*), MIN(ANCHOR_TIMESTAMP) FROM rfm_sql.rfm_labels(?, anchor_time := '2024-03-01')", params=[QUERY]
    ).fetchall()
    assert rows[0][0] > 0 and rows[0][1] == dt.datetime(2024, 3, 1)
    latest = shop.sql("SELECT MAX(ordered_at) FROM orders").fetchall()[0][0]
    default = shop.sql(
        "SELECT DISTINCT ANCHOR_TIMESTAMP FROM rfm_labels("
        "'PREDICT COUNT(orders.*, 0, 30, days) FOR EACH users.user_id')"
    ).fetchall()
    assert default == [(latest,)]


def test_pql_errors_reach_sql_users_with_position(shop):
    rfm_sql.attach(shop)
    with pytest.raises(duckdb.InvalidInputException, match=r'Did you mean "amount"\?[\s\S]*line 1, column 13'):
        shop.sql("SELECT * FROM rfm_labels('PREDICT SUM(orders.amont, 0, 30, days) FOR EACH users.user_id')").fetchall()


def test_labels_over_several_anchors_in_one_query(shop):
    rfm = rfm_sql.attach(shop)
    anchors = [dt.datetime(2024, 1, 1), dt.datetime(2024, 2, 1), "2024-03-01"]
    out = rfm.labels(QUERY, anchor_time=anchors)
    assert sorted(set(out.column("ANCHOR_TIMESTAMP").to_pylist())) == [dt.datetime(2024, m, 1) for m in (1, 2, 3)]
    assert "VALUES" in rfm.labels_sql(QUERY, anchors) and rfm.labels_sql(QUERY, anchors).count("rfm_seed AS (") == 1


@pytest.mark.parametrize(
    "bad, message", [("yesterday", "not a timestamp"), (3.5, "must be a timestamp"), ([], "empty list")]
)
def test_bad_anchor_time(shop, bad, message):
    rfm = rfm_sql.attach(shop)
    with pytest.raises(ValueError, match=message):
        rfm.labels(QUERY, anchor_time=bad)


def test_read_only_database_is_not_modified(tmp_path):
    path = tmp_path / "shop.duckdb"
    with duckdb.connect(str(path)) as con:
        demo.build(con, n_users=200, n_items=30)
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    con = duckdb.connect(str(path), read_only=True)
    rfm = rfm_sql.attach(con)
    assert rfm.labels(QUERY, anchor_time="2024-03-01").num_rows > 0
    assert (
        con.sql("SELECT COUNT(*) FROM rfm_labels(?, anchor_time := '2024-03-01')", params=[QUERY]).fetchall()[0][0] > 0
    )
    tables = con.sql("SELECT table_name FROM duckdb_tables() WHERE database_name = 'shop'").fetchall()
    con.close()
    assert sorted(t for (t,) in tables) == ["items", "orders", "reviews", "users"]
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before


@pytest.mark.parametrize("name", ['we"ird', "semi;colon", "drop table users; --", "ünïcödé 表", "it's"])
def test_hostile_names_and_values_stay_data(con, name):
    quoted = '"' + name.replace('"', '""') + '"'
    con.execute(f"CREATE TABLE {quoted} (id INTEGER PRIMARY KEY, label VARCHAR)").fetchall()
    con.execute(
        f"CREATE TABLE ev (ev_id INTEGER PRIMARY KEY, id INTEGER REFERENCES {quoted} (id), "
        f"happened TIMESTAMP, {quoted} VARCHAR)"
    ).fetchall()
    con.execute(f"INSERT INTO {quoted} VALUES (1, ?), (2, 'x')", [name]).fetchall()
    con.execute("INSERT INTO ev VALUES (1, 1, '2024-01-02', ?), (2, 2, '2024-01-03', 'y')", [name]).fetchall()
    rfm = rfm_sql.attach(con)
    tick = "`" + name + "`"
    value = "'" + name.replace("'", "''") + "'"
    out = rfm.labels(
        f"PREDICT COUNT(ev.* WHERE ev.{tick} = {value}, 0, 5, days) FOR EACH {tick}.id WHERE {tick}.label = {value}",
        anchor_time="2024-01-01",
    ).to_pylist()
    assert [(r["ENTITY"], r["TARGET"]) for r in out] == [(1, 1)]
    assert con.sql("SELECT COUNT(*) FROM duckdb_tables()").fetchall()[0][0] == 2


def test_table_form_over_more_than_three_chunks(con):
    """7,000 entities: DuckDB scores them in > 3 chunks of 2,048 (on several threads); every entity comes back
    once, with the prediction Python gets for it."""
    rng = np.random.default_rng(0)
    n_users, n_orders = 7000, 30000
    con.execute("CREATE TABLE users (user_id INTEGER PRIMARY KEY, age INTEGER)").fetchall()
    con.execute(
        "CREATE TABLE orders (order_id INTEGER PRIMARY KEY, user_id INTEGER REFERENCES users (user_id), "
        "ordered_at TIMESTAMP, amount DOUBLE)"
    ).fetchall()
    users = pa.table({"user_id": range(1, n_users + 1), "age": rng.integers(18, 80, n_users)})
    start = dt.datetime(2024, 1, 1)
    orders = pa.table(
        {
            "order_id": range(1, n_orders + 1),
            "user_id": rng.integers(1, n_users + 1, n_orders),
            "ordered_at": [start + dt.timedelta(hours=int(h)) for h in rng.integers(0, 24 * 180, n_orders)],
            "amount": rng.gamma(2.0, 30.0, n_orders),
        }
    )
    con.register("u", users)
    con.register("o", orders)
    con.execute("INSERT INTO users SELECT * FROM u").fetchall()
    con.execute("INSERT INTO orders SELECT * FROM o").fetchall()
    con.unregister("u")
    con.unregister("o")
    rfm = rfm_sql.attach(con)
    query = "PREDICT COUNT(orders.*, 0, 14, days) > 0 FOR EACH users.user_id"
    sql = con.sql("SELECT * FROM rfm_predict(?, context_size := 200, seed := 1)", params=[query]).to_arrow_table()
    assert sql.num_rows == n_users == len(set(sql.column("ENTITY").to_pylist()))
    py = rfm.predict(query, context_size=200, seed=1)
    assert sql.sort_by("ENTITY").equals(py.sort_by("ENTITY"))


def test_per_row_form_takes_options_matches_the_table_form_and_nulls_unknown_keys(shop):
    rfm_sql.attach(shop)
    query = "PREDICT COUNT(orders.*, 0, 30, days) = 0 FOR EACH users.user_id"
    options = "anchor_time := TIMESTAMP '2024-06-01', context_size := 120, seed := 3"
    table = shop.sql(f"SELECT ENTITY, True_PROB FROM rfm_predict(?, {options})", params=[query]).fetchall()
    per_row = shop.sql(
        f"SELECT user_id, rfm_predict(?, user_id, {options}) FROM users ORDER BY user_id", params=[query]
    ).fetchall()
    # the table form's number for every user it predicts; NULL for users that did not exist at the anchor
    assert {u: p for u, p in per_row if p is not None} == pytest.approx(dict(table))
    assert len(per_row) == 300 and sum(p is None for _, p in per_row) == 300 - len(table)
    keys = shop.sql(
        "SELECT k, rfm_predict(?, k, context_size := 120) FROM (VALUES ('1'), ('999999'), (NULL)) v(k) ORDER BY k",
        params=[query],
    ).fetchall()
    values = dict(keys)
    assert 0 <= values["1"] <= 1 and values["999999"] is None and values[None] is None
    # a key the type cannot hold is a mistake (the wrong column, a typo), not an entity without a prediction
    for bad in ("abc", "1.5"):
        with pytest.raises(duckdb.Error, match=rf"'{bad}' cannot be a users.user_id \(type INTEGER\); pass the key"):
            shop.sql("SELECT rfm_predict(?, k) FROM (VALUES ('1'), (?)) v(k)", params=[query, bad]).fetchall()
    with pytest.raises(duckdb.Error, match="per-row form .* multiclass"):
        shop.sql("SELECT rfm_predict('PREDICT users.segment FOR EACH users.user_id', user_id) FROM users").fetchall()
