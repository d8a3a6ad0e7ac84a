"""A user's mistake gets a clear error before anything runs or is written: loading a folder over tables the
connection already has, a context far too large for memory, a picture path that cannot be written, explain on
Spark, a link between columns whose values cannot match, overrides naming a table created after attach."""

import json
import re
import warnings

import duckdb
import pytest

import rfm_sql
from rfm_sql import plots
from rfm_sql.errors import GraphError, NoExamplesError, RFMWarning, UserError
from rfm_sql.runtime import budget
from rfm_sql.runtime.filter_values import folded

QUERY = "PREDICT COUNT(orders.*, 0, 7, days) FOR EACH users.user_id"


@pytest.fixture
def small():
    """The brief's shop: 30 users, their orders over 120 days, keys declared."""
    con = duckdb.connect()
    con.execute("CREATE TABLE users(user_id INT PRIMARY KEY)")
    con.execute(
        "CREATE TABLE orders(order_id INT PRIMARY KEY, user_id INT REFERENCES users(user_id), t TIMESTAMP, "
        "amount DOUBLE)"
    )
    con.execute("INSERT INTO users SELECT range FROM range(1, 31)")
    con.execute(
        "INSERT INTO orders SELECT row_number() OVER (), u, TIMESTAMP '2024-01-01' + INTERVAL (d) DAY, d % 7 "
        "FROM range(1, 31) a(u), range(0, 120) b(d) WHERE (u + d) % 3 = 0"
    )
    yield con
    con.close()


@pytest.fixture
def folder(tmp_path):
    """A folder in ../shared/data's format: users and orders as Parquet, and a schema.json."""
    path = tmp_path / "shopdata"
    path.mkdir()
    with duckdb.connect() as con:
        con.execute(f"COPY (SELECT range AS user_id FROM range(5)) TO '{path / 'users.parquet'}'")
        con.execute(
            f"COPY (SELECT range AS order_id, range % 5 AS user_id FROM range(9)) TO '{path / 'orders.parquet'}'"
        )
    tables = {
        "users": {"pkey": "user_id", "fkeys": {}, "time_col": None},
        "orders": {"pkey": "order_id", "fkeys": {"user_id": "users"}, "time_col": None},
    }
    (path / "schema.json").write_text(json.dumps({"tables": tables}))
    return path


def _objects(con) -> list:
    return sorted(
        con.execute(
            "SELECT table_name FROM duckdb_tables() UNION ALL SELECT view_name FROM duckdb_views() WHERE NOT internal"
        ).fetchall()
    )


# -- 1. load_folder never replaces what the connection holds --------------------------------------------
@pytest.mark.parametrize("views", [False, True])
def test_load_folder_refuses_a_name_the_connection_already_has(folder, views):
    con = duckdb.connect()
    con.execute("CREATE TABLE users(name VARCHAR)")
    con.execute("INSERT INTO users VALUES ('ann'), ('bob')")
    for load in (rfm_sql.load_folder, rfm_sql.attach_folder):
        with pytest.raises(GraphError, match='already has table "users"') as info:
            load(con, folder, views=views)
        assert "nothing was loaded" in str(info.value) and "empty connection" in str(info.value)
        assert "drop it first" in str(info.value)
    assert con.execute("SELECT * FROM users ORDER BY name").fetchall() == [("ann",), ("bob",)]
    assert _objects(con) == [("users",)]  # orders, which was free, was not created either


def test_load_folder_refuses_before_creating_anything(folder):
    con = duckdb.connect()
    (folder / "orders.parquet").unlink()  # listed second: users must not be created first
    with pytest.raises(GraphError, match="does not exist"):
        rfm_sql.load_folder(con, folder)
    assert _objects(con) == []


def test_loading_a_folder_twice_replaces_only_its_own_identical_views(folder):
    con = duckdb.connect()
    rfm_sql.attach_folder(con, folder, views=True)
    rfm = rfm_sql.attach_folder(con, folder, views=True)  # the same views over the same files: harmless
    assert set(rfm.graph.tables) == {"users", "orders"}
    with pytest.raises(GraphError, match='view "users" and view "orders"'):  # tables would replace them
        rfm_sql.load_folder(con, folder)
    tables = duckdb.connect()
    rfm_sql.load_folder(tables, folder)
    with pytest.raises(GraphError, match='table "users" and table "orders"'):  # they may have been edited
        rfm_sql.load_folder(tables, folder)


# -- 2. an impossible context is refused at once ----------------------------------------------------------
def test_a_huge_context_size_is_refused_at_once_with_the_same_suggestion(small):
    small.execute("SET memory_limit = '4GB'")
    rfm = rfm_sql.attach(small)
    limit = budget.memory_limit(small)
    scanned = max(c for c in range(10, 10**8, 500) if budget.model_bytes(c, budget.CHUNKS[-1]) <= limit)
    for size in (10**8, 10**12, 10**18):
        with pytest.raises(UserError, match=r"pass context_size=\d+ or less") as info:
            rfm.predict(QUERY, context_size=size)
        assert info.value.param == "context_size"
        assert f"A context of {size} examples" in str(info.value)
        assert int(re.search(r"context_size=(\d+)", str(info.value)).group(1)) == scanned


def test_a_context_that_never_fits_says_to_raise_memory_limit(small):
    small.execute("SET memory_limit = '100MB'")  # less than the model's fixed share
    with pytest.raises(UserError, match="raise memory_limit"):
        rfm_sql.attach(small).predict(QUERY, context_size=10**15)


# -- 3. a picture path that cannot be written is refused before the backtest ------------------------------
def _bad_paths(tmp_path):
    (tmp_path / "report").write_text("notes")
    (tmp_path / "pictures.png").mkdir()
    return [
        (tmp_path / "report" / "backtest.png", "is a file, not a folder"),
        (tmp_path / "pictures.png", "is a folder; name a file in it"),
        (tmp_path / "typo" / "x.png", "the folder .*typo does not exist; create it or pick another path"),
    ]


def test_evaluate_refuses_a_plot_path_it_cannot_write_before_the_work(small, tmp_path, monkeypatch):
    rfm = rfm_sql.attach(small)
    monkeypatch.setattr(rfm, "_evaluate", lambda *a, **k: pytest.fail("the backtest ran before the path check"))
    for path, message in _bad_paths(tmp_path):
        with pytest.raises(UserError, match=message) as info:
            rfm.evaluate(QUERY, plot=path)
        assert info.value.param == "plot" and str(path) in str(info.value)
    assert not (tmp_path / "typo").exists()


def test_plot_evaluation_never_creates_folders(tmp_path):
    for path, message in _bad_paths(tmp_path):
        with pytest.raises(UserError, match=message):
            plots.plot_evaluation(path, "binary", [True, False], [0.9, 0.1])
    assert not (tmp_path / "typo").exists()
    assert (tmp_path / "report").read_text() == "notes"


# -- 4. explain on Spark is refused with the DuckDB path --------------------------------------------------
def test_explain_on_spark_is_refused_with_the_duckdb_path(spark, folder):
    on_spark = rfm_sql.attach_spark_folder(spark.newSession(), folder)  # its own temp views: users is taken here
    for call in (on_spark.explain, on_spark.explain_sql):
        with pytest.raises(UserError, match="does not run explanations yet") as info:
            call(QUERY.replace("7", "30"), entity=1)
        assert "rfm_sql.attach(duckdb_connection)" in str(info.value) and "attach_folder" in str(info.value)
        assert info.value.param == "query"


def test_duckdb_functions_of_the_stray_timestamp_probe_are_written_as_spark_has_them():
    from rfm_sql.spark.cursor import to_spark

    text = to_spark("SELECT quantile_cont(epoch_us(t), 0.99) AS hi FROM v WHERE isfinite(t)")
    assert text == "SELECT PERCENTILE(UNIX_MICROS(t), 0.99) AS hi FROM v WHERE TRUE"


# -- 5. links whose values cannot match; overrides naming tables created after attach ---------------------
def test_link_refuses_a_column_whose_type_cannot_match_the_key(small):
    small.execute("ALTER TABLE orders ADD COLUMN channel VARCHAR DEFAULT 'web'")
    small.execute("ALTER TABLE orders ADD COLUMN buyer BIGINT DEFAULT 1")
    graph = rfm_sql.attach(small).graph
    before = list(graph.links)
    with pytest.raises(GraphError, match="channel is VARCHAR but the key users.user_id is INTEGER") as info:
        graph.link("orders", "channel", "users")
    assert "CAST(channel AS INTEGER)" in str(info.value)
    assert graph.links == before
    assert str(graph.link("orders", "buyer", "users")) == "orders.buyer -> users"  # integer widths match


def test_overrides_see_tables_created_after_attach(small):
    rfm = rfm_sql.attach(small)
    small.execute("CREATE TABLE shops(shop_id INT PRIMARY KEY, opened TIMESTAMP, code INT)")
    small.execute("CREATE TABLE visits(visit_id INT PRIMARY KEY, shop_id INT REFERENCES shops(shop_id))")
    assert str(rfm.graph.link("orders", "user_id", "shops")) == "orders.user_id -> shops"
    assert rfm.graph.why("visits", "shop_id") == "declared"  # taken in with its declared link
    small.execute("CREATE TABLE later(a INT, ts TIMESTAMP)")
    rfm.graph.set_time_column("later", "ts")
    rfm.graph.set_primary_key("later", "a")
    assert (rfm.graph.tables["later"].primary_key, rfm.graph.tables["later"].time_column) == ("a", "ts")
    with pytest.raises(GraphError, match='No table "nowhere"'):
        rfm.graph.link("orders", "user_id", "nowhere")


def test_a_query_naming_a_table_created_after_attach_takes_it_in_with_its_links_as_they_were_found(small):
    rfm = rfm_sql.attach(small)
    small.execute("CREATE TABLE visits(visit_id INT PRIMARY KEY, user_id INT REFERENCES users(user_id), t TIMESTAMP)")
    small.execute("INSERT INTO visits SELECT order_id, user_id, t FROM orders")
    rfm.resolve("PREDICT COUNT(visits.*, 0, 7, days) FOR EACH users.user_id")
    assert rfm.graph.why("visits", "user_id") == "declared"  # not "set by user": the user set nothing


@pytest.mark.parametrize("pkey, message", [("order_id", "duplicate key"), ("nokey", 'column named "nokey"')])
def test_a_declared_key_that_does_not_hold_loads_nothing(tmp_path, pkey, message):
    maker = duckdb.connect()
    maker.execute(f"COPY (SELECT range AS user_id FROM range(1, 21)) TO '{tmp_path}/users.parquet'")
    maker.execute(f"COPY (SELECT 1 AS order_id UNION ALL SELECT 1) TO '{tmp_path}/orders.parquet'")
    tables = {"users": {"pkey": "user_id", "fkeys": {}, "time_col": None}, "orders": {"pkey": pkey, "fkeys": {}}}
    (tmp_path / "schema.json").write_text(json.dumps({"tables": tables}))
    con = duckdb.connect()
    with pytest.raises(GraphError, match=message) as info:
        rfm_sql.load_folder(con, tmp_path)
    assert "Nothing was loaded" in str(info.value)
    assert con.sql("SELECT table_name FROM information_schema.tables").fetchall() == []  # users was not left behind


def test_labels_with_a_filter_value_no_row_holds_say_so():
    """`rfm.labels` under `WHERE customers.city = 'Lisboa'` (the data says 'Lisbon') returned no row and no word (a
    ticketing trial); predict refused it with the near value."""
    con = duckdb.connect()
    con.execute("CREATE TABLE customers (customer_id INTEGER PRIMARY KEY, joined_at TIMESTAMP, city VARCHAR)")
    con.execute(
        "INSERT INTO customers SELECT i, TIMESTAMP '2024-01-01', ['Lisbon', 'Porto'][1 + i % 2] FROM range(40) t(i)"
    )
    con.execute(
        "CREATE TABLE orders (order_id INTEGER PRIMARY KEY, customer_id INTEGER REFERENCES customers, at_ts TIMESTAMP)"
    )
    con.execute("INSERT INTO orders SELECT i, i % 40, TIMESTAMP '2024-01-02' + INTERVAL (i) HOUR FROM range(3000) t(i)")
    rfm = rfm_sql.attach(con)
    query = "PREDICT COUNT(orders.*, 0, 30, days) > 0 FOR EACH customers.customer_id WHERE customers.city = '{}'"
    with pytest.warns(
        RFMWarning,
        match=r"No labels: the entity filter keeps no entity, as customers\.city holds no 'Lisboa' \(did you mean \"Lisbon\"\?\)",
    ):
        assert rfm.labels(query.format("Lisboa"), "2024-03-01").num_rows == 0
    assert rfm.labels(query.format("Lisbon"), "2024-03-01").num_rows == 20
    # a value the data also holds in another case keeps only its own rows: said (a crowdfunding trial's 'games')
    con.execute("UPDATE customers SET city = 'LISBON' WHERE customer_id % 4 = 0")
    with pytest.warns(RFMWarning, match=r"customers\.city holds 'Lisbon' and also 'LISBON', which the filter leaves"):
        assert rfm.labels(query.format("Lisbon"), "2024-03-01").num_rows == 10
    con.execute("UPDATE customers SET city = 'Lisbon' WHERE city = 'LISBON'")
    # a backtest says it too, not only that the filter or the anchor leave no example (a subscription-box trial)
    with pytest.raises(NoExamplesError, match=r"No entity passes the WHERE filter: customers\.city holds no 'Lisboa'"):
        rfm.evaluate(query.format("Lisboa"), anchor_time="2024-03-01")
    # a target's filter on a value no row holds labels every customer False: said too (a freelance trial)
    con.execute("ALTER TABLE orders ADD COLUMN channel VARCHAR DEFAULT 'web_shop'")
    target = "PREDICT COUNT(orders.* WHERE orders.channel = '{}', 0, 30, days) > 0 FOR EACH customers.customer_id"
    rfm = rfm_sql.attach(con)
    with pytest.warns(
        RFMWarning, match=r"target compares with a value no row holds: orders\.channel holds no 'Web_Shop'"
    ):
        assert rfm.labels(target.format("Web_Shop"), "2024-03-01").num_rows == 40
    with warnings.catch_warnings():
        warnings.simplefilter("error", RFMWarning)
        rfm.labels(target.format("web_shop"), "2024-03-01")


def test_a_prediction_years_past_the_data_says_its_anchors_lie_past_it_not_to_widen_the_context():
    """A crowdfunding trial's prediction two years past its data was told the label "may be rare only there: pass a
    larger context_size"; every context anchor lay after the last row."""
    con = duckdb.connect()
    con.execute("CREATE TABLE users (user_id INTEGER PRIMARY KEY, joined_at TIMESTAMP)")
    con.execute("INSERT INTO users SELECT i, TIMESTAMP '2023-01-01' FROM range(60) t(i)")
    con.execute("CREATE TABLE orders (order_id INTEGER PRIMARY KEY, user_id INTEGER REFERENCES users, at_ts TIMESTAMP)")
    con.execute(
        "INSERT INTO orders SELECT i, i % 60, TIMESTAMP '2024-01-01' + INTERVAL (i * 3) HOUR FROM range(2000) t(i)"
    )
    query = "PREDICT COUNT(orders.*, 0, 30, days) > 0 FOR EACH users.user_id"
    with pytest.warns(RFMWarning, match=r"all lie after the data's end \(2024-09-06") as caught:
        rfm_sql.attach(con).predict(query, anchor_time="2026-06-01")
    said = " ".join(str(w.message) for w in caught if "context examples" in str(w.message))
    assert "Pass an anchor_time within the data" in said and "context_size" not in said


def test_a_spelling_with_underscores_or_hyphens_is_the_same_value():
    """A bike-share trial's `tickets.issue = 'flat tire'` was warned of 'Flat Tire' and not of 'flat_tire'."""
    assert folded("flat tire") == folded("Flat_Tire") == folded("flat-tire") == folded("  FLAT  tire ")
    assert folded("flat tire") != folded("flattire")
