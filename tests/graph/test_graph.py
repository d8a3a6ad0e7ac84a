import json

import duckdb
import pytest

import rfm_sql
from rfm_sql.errors import GraphError, RFMWarning
from rfm_sql.graph import SType
from rfm_sql.graph.infer import infer_graph
from rfm_sql.graph.load import load_folder
from tests.conftest import shared_db


@pytest.mark.parametrize("name", ["f1", "movielens-small", "nycflights13", "mimic3-demo"])
def test_inference_finds_declared_keys_and_time_columns_from_parquet_alone(name):
    path = shared_db(name)
    schema = json.loads((path / "schema.json").read_text())
    con = duckdb.connect()
    load_folder(con, path, views=True)  # views over Parquet: no constraints, everything inferred
    graph = infer_graph(con)
    for table, spec in schema["tables"].items():
        got = graph.tables[table]
        assert got.primary_key == spec["pkey"], table
        assert {lk.fkey: lk.parent for lk in graph.parents(table)} == spec["fkeys"], table
        assert got.time_column == spec["time_col"], table


def test_declared_constraints_are_used(shop):
    graph = rfm_sql.attach(shop).graph
    assert graph.tables["orders"].primary_key == "order_id"
    assert {str(lk) for lk in graph.parents("orders")} == {"orders.user_id -> users", "orders.item_id -> items"}
    assert graph.tables["orders"].time_column == "ordered_at"
    assert graph.tables["users"].column("country").stype is SType.CATEGORICAL
    assert graph.tables["orders"].column("amount").stype is SType.NUMERICAL
    assert graph.tables["orders"].column("user_id").stype is SType.ID


def test_inference_on_undeclared_tables_with_name_evidence(con):
    con.execute("CREATE TABLE customers AS SELECT i AS id, 'c' || i AS name FROM range(1, 50) t(i)").fetchall()
    con.execute(
        "CREATE TABLE purchases AS SELECT i AS purchase_id, 1 + i % 49 AS customer_id, i % 7 AS qty, "
        "TIMESTAMP '2024-01-01' + INTERVAL (i) HOUR AS created_at FROM range(0, 500) t(i)"
    ).fetchall()
    graph = infer_graph(con)
    assert graph.tables["customers"].primary_key == "id"
    assert graph.tables["purchases"].primary_key == "purchase_id"
    assert [str(lk) for lk in graph.parents("purchases")] == ["purchases.customer_id -> customers"]
    assert graph.tables["purchases"].time_column == "created_at"


def test_overrides(shop):
    graph = rfm_sql.attach(shop).graph
    graph.unlink("reviews", "item_id")
    assert [lk.parent for lk in graph.parents("reviews")] == ["users"]
    graph.link("reviews", "item_id", "items")
    assert {lk.parent for lk in graph.parents("reviews")} == {"users", "items"}
    graph.set_time_column("users", None)
    assert graph.tables["users"].time_column is None
    graph.set_stype("users", "age", "categorical")
    assert graph.tables["users"].column("age").stype is SType.CATEGORICAL
    with pytest.warns(RFMWarning, match=r"orders.item_id -> items, reviews.item_id -> items referenced item_id"):
        dropped = graph.set_primary_key("items", "category")  # dropping the old key drops the links to it
    assert not graph.children("items") and len(dropped) == 2
    assert "orders" in graph.describe() and graph.to_dict()["tables"]["items"]["pkey"] == "category"


def test_a_number_whose_name_ends_like_a_key_suffix_is_a_number(con):
    # results.grid (the starting position, 0..34) was read as a code because "grid" ends in "id": a category,
    # so none of the features averaged it; `amount_paid`, `isValid` alike. Keys keep their suffix rules.
    con.execute(
        "CREATE TABLE drivers AS SELECT range + 1 AS driver_id, range % 30 AS team_code FROM range(40)"
    ).fetchall()
    con.execute(
        "CREATE TABLE results AS SELECT range + 1 AS result_id, range % 40 + 1 AS driver_id, range % 35 AS grid, "
        "range % 50 AS amount_paid, range % 2 AS isValid, range % 40 + 1 AS driverid, "
        "TIMESTAMP '2023-01-01' + INTERVAL (range) DAY AS date FROM range(700)"
    ).fetchall()
    graph = infer_graph(con)
    results = graph.tables["results"]
    for number in ("grid", "amount_paid", "isValid"):
        assert results.column(number).stype is SType.NUMERICAL, number
        assert number not in {lk.fkey for lk in graph.parents("results")}
    assert results.column("driverid").stype is not SType.NUMERICAL  # an all-lowercase key is still a key
    assert graph.tables["drivers"].column("team_code").stype is SType.CATEGORICAL
    from rfm_sql.graph.names import looks_like_key

    assert looks_like_key("mid") and looks_like_key("gridId") and not looks_like_key("max_grid")
    assert not looks_like_key("is_postpaid") and not looks_like_key("AMOUNT_REPAID")


def test_a_table_named_for_an_act_keeps_that_acts_time(con):
    # words that usually mean a bookkeeping moment (comment, edit, change, stored) dropped the event time of the
    # tables named for that very act: comments.commented_at, and store_visits.store_visit_time lost to "stor"
    # (meant for stored_at / storetime); an edition's date is when it appeared. Other tables keep the rule.
    def events(name: str, time_columns: str) -> None:
        con.execute(
            f"CREATE TABLE {name} AS SELECT range + 1 AS {name}_row, range % 50 + 1 AS user_id, {time_columns} "
            "FROM range(500)"
        ).fetchall()

    at = "TIMESTAMP '2023-01-01' + INTERVAL (range) HOUR"
    events("comments", f"{at} AS commented_at")
    events("store_visits", f"{at} AS store_visit_time")
    events("editions", f"{at} AS edition_date")
    events("tickets", f"{at} AS opened_at, {at} + INTERVAL 9 DAY AS commented_at, {at} AS updated_at")
    events("visits", f"{at} + INTERVAL 1 DAY AS stored_at, {at} AS store_visit_time")
    events("editors_picks", f"{at} AS picked_at, {at} AS edited_at")  # an editor's table is no table of edits
    events("last_logins", f"{at} AS last_login_at")  # a last-of time never is, whatever the table's name
    # a table named as a log records such acts (a recruiting trial's stage-change log had no time column)
    events("application_events", f"{at} AS changed_at")
    events("customers", f"{at} AS changed_at")  # but an entity's changed_at is bookkeeping
    graph = infer_graph(con)
    names = ("comments", "store_visits", "editions", "tickets", "visits", "editors_picks", "last_logins")
    names += ("application_events", "customers")
    assert {t: graph.tables[t].time_column for t in names} == {
        "comments": "commented_at",
        "store_visits": "store_visit_time",
        "editions": "edition_date",
        "tickets": "opened_at",
        "visits": "store_visit_time",
        "editors_picks": "picked_at",
        "last_logins": None,
        "application_events": "changed_at",
        "customers": None,
    }


def test_a_key_of_a_missing_table_is_not_linked_to_one_its_numbers_fit(con):
    # orders.product_id 1..40 with no products table was linked to customers (ids 1..300 hold 1..40): every
    # query over orders was then refused as ambiguous
    con.execute(
        "CREATE TABLE customers AS SELECT range + 1 AS customer_id, TIMESTAMP '2023-01-01' + INTERVAL (range) DAY "
        "AS signup_at FROM range(300)"
    ).fetchall()
    con.execute(
        "CREATE TABLE orders AS SELECT range + 1 AS order_id, range % 300 + 1 AS customer_id, range % 40 + 1 AS "
        "product_id, TIMESTAMP '2023-02-01' + INTERVAL (range) HOUR AS ordered_at FROM range(2000)"
    ).fetchall()
    con.execute(  # a role-named key that does mean the sibling table: friends spread over every user
        "CREATE TABLE friendships AS SELECT range % 300 + 1 AS customer_id, (range * 7919) % 300 + 1 AS friend_id "
        "FROM range(900)"
    ).fetchall()
    graph = infer_graph(con)
    assert {str(lk) for lk in graph.parents("orders")} == {"orders.customer_id -> customers"}
    assert "friendships.friend_id -> customers" in {str(lk) for lk in graph.parents("friendships")}


@pytest.mark.parametrize("own_key", [True, False])
def test_the_parties_to_a_follows_table_link_to_users_not_to_its_own_rows(con, own_key):
    # follows.follower_id / followee_id (user ids 1..300, inside follow ids 1..900) were linked to follows'
    # own key as self-references, and without that key to nothing: link prediction over follows then found no
    # link to users. Followers are the first 40 users (a gapless block), and tags' ids contain them too: the
    # parties link to the table other tables' keys name (plays.user_id), not to the smallest that fits.
    con.execute(
        "CREATE TABLE users AS SELECT range + 1 AS user_id, TIMESTAMP '2023-01-01' + INTERVAL (range) DAY AS "
        "signup_at FROM range(300)"
    ).fetchall()
    con.execute("CREATE TABLE tags AS SELECT range + 1 AS tag_id, 'tag' || range AS label FROM range(299)").fetchall()
    con.execute(
        "CREATE TABLE plays AS SELECT range + 1 AS play_id, range % 300 + 1 AS user_id, TIMESTAMP '2023-02-01' + "
        "INTERVAL (range) HOUR AS played_at FROM range(2000)"
    ).fetchall()
    key = "range + 1 AS follow_id, " if own_key else ""
    con.execute(
        f"CREATE TABLE follows AS SELECT {key}range % 40 + 1 AS follower_id, (range * 13) % 297 + 1 AS "
        "followee_id, TIMESTAMP '2023-02-01' + INTERVAL (range) HOUR AS followed_at FROM range(900)"
    ).fetchall()
    graph = infer_graph(con)
    assert {str(lk) for lk in graph.parents("follows")} == {
        "follows.follower_id -> users",
        "follows.followee_id -> users",
    }
    assert "a party to follows" in graph.why("follows", "follower_id")


def test_a_hierarchy_whose_parents_are_the_first_rows_keeps_its_self_link(con):
    # managers are the first 20 hires (ids 1..20, a gapless block): still employees, not a missing table's ids
    con.execute(
        "CREATE TABLE employees AS SELECT range + 1 AS employee_id, CASE WHEN range < 20 THEN NULL ELSE "
        "range % 20 + 1 END AS manager_id, TIMESTAMP '2020-01-01' + INTERVAL (range) DAY AS hired_at FROM range(500)"
    ).fetchall()
    assert {str(lk) for lk in infer_graph(con).parents("employees")} == {"employees.manager_id -> employees"}


def test_uuid_keys_and_links_are_inferred_like_integer_ones(con):
    # UUID columns were never key candidates: a UUID-keyed schema (common in applications) got no links at all
    con.execute(
        "CREATE TABLE users AS SELECT uuid() AS user_id, i AS n, TIMESTAMP '2023-01-01' + INTERVAL (i) DAY AS signup "
        "FROM range(200) t(i)"
    ).fetchall()
    con.execute("CREATE TABLE codes AS SELECT 'c' || i AS code FROM range(200) t(i)").fetchall()
    con.execute(
        "CREATE TABLE orders AS SELECT uuid() AS order_id, u.user_id, uuid() AS request_id, 'c' || (i % 200) AS code, "
        "TIMESTAMP '2023-01-01' + INTERVAL (i * 5) HOUR AS ts FROM range(4000) t(i) JOIN users u ON u.n = (i * 7) % 200"
    ).fetchall()
    graph = infer_graph(con)
    assert graph.tables["users"].primary_key == "user_id" and graph.tables["orders"].primary_key == "order_id"
    assert {str(lk) for lk in graph.parents("orders")} == {"orders.user_id -> users", "orders.code -> codes"}
    assert graph.tables["orders"].column("request_id").stype is SType.ID  # an identifier, never a feature
    rfm = rfm_sql.attach(con)
    predictions = rfm.predict("PREDICT COUNT(orders.*, 0, 30, days) > 0 FOR EACH users.user_id", context_size=100)
    assert predictions.num_rows == 200


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda g: g.link("orders", "user_idd", "users"), 'Did you mean "user_id"?'),
        (lambda g: g.link("order", "user_id", "users"), 'Did you mean "orders"?'),
        (lambda g: g.unlink("orders", "amount"), "no link from orders.amount"),
        (lambda g: g.set_time_column("orders", "amount"), "not a date or timestamp"),
        (lambda g: g.set_stype("orders", "amount", "money"), 'Unknown semantic type "money"'),
        (lambda g: g.table("nope"), 'No table "nope"'),
    ],
)
def test_override_errors(shop, call, message):
    graph = rfm_sql.attach(shop).graph
    with pytest.raises(GraphError, match=message):
        call(graph)


def test_link_to_a_table_without_key_is_refused(con):
    con.execute("CREATE TABLE a (x INTEGER, y INTEGER)").fetchall()
    con.execute("CREATE TABLE b (x INTEGER)").fetchall()
    graph = infer_graph(con)
    graph.set_primary_key("a", None)
    with pytest.raises(GraphError, match="has no primary key"):
        graph.link("b", "x", "a")


def test_a_column_linked_by_hand_is_a_reference_not_a_number(con):
    """Inference left a BIGINT of seller ids unlinked and numerical; once linked, its value is no input (it was
    the top contribution to a listing's price: vendor = 9000000066)."""
    from rfm_sql.runtime.context import feature_query

    con.execute("CREATE TABLE sellers (seller_id BIGINT PRIMARY KEY, rating DOUBLE)").fetchall()
    con.execute("INSERT INTO sellers SELECT 9000000000 + i, i FROM range(50) t(i)").fetchall()
    con.execute("CREATE TABLE listings (listing_id INTEGER PRIMARY KEY, vendor BIGINT, price DOUBLE)").fetchall()
    con.execute("INSERT INTO listings SELECT i, 9000000000 + i % 50, i FROM range(500) t(i)").fetchall()
    rfm = rfm_sql.attach(con)
    assert rfm.graph.tables["listings"].column("vendor").stype is SType.NUMERICAL  # the name says nothing
    rfm.graph.link("listings", "vendor", "sellers")
    assert rfm.graph.tables["listings"].column("vendor").stype is SType.ID
    names = [
        f.name
        for f in feature_query(rfm.resolve("PREDICT listings.price FOR EACH listings.listing_id"), rfm.graph).features
    ]
    assert not any(n.endswith("listings.vendor") for n in names)
    assert any("rating" in n for n in names)  # the seller's columns, through the link


def test_load_folder_errors(tmp_path, con):
    with pytest.raises(GraphError, match="not a folder"):
        load_folder(con, tmp_path / "missing")
    with pytest.raises(GraphError, match="has no schema.json and no table files in it. Put one <table>.parquet"):
        load_folder(con, tmp_path)
    (tmp_path / "schema.json").write_text('{"tables": {"t": {"pkey": null}}}')
    with pytest.raises(GraphError, match="does not exist"):
        load_folder(con, tmp_path)
    (tmp_path / "schema.json").write_text("{nope")
    with pytest.raises(GraphError, match="not valid JSON"):
        load_folder(con, tmp_path)


def test_tables_created_after_attach_are_found(con):
    con.execute("CREATE TABLE users (user_id INTEGER PRIMARY KEY)").fetchall()
    rfm = rfm_sql.attach(con)
    rfm.graph.set_stype("users", "user_id", "id")
    con.execute(
        "CREATE TABLE visits (visit_id INTEGER PRIMARY KEY, user_id INTEGER REFERENCES users (user_id), seen_at TIMESTAMP)"
    ).fetchall()
    con.execute("INSERT INTO users VALUES (1)").fetchall()
    con.execute("INSERT INTO visits VALUES (1, 1, '2024-01-02')").fetchall()
    out = rfm.labels("PREDICT COUNT(visits.*, 0, 5, days) FOR EACH users.user_id", anchor_time="2024-01-01")
    assert out.to_pylist()[0]["TARGET"] == 1 and "visits" in rfm.graph.tables


def test_a_type_a_graph_file_names_wins_over_the_one_its_link_implies(con):
    from rfm_sql.graph.files import apply_graph_tables

    con.execute("CREATE TABLE teams (team_id INTEGER PRIMARY KEY, name VARCHAR)").fetchall()
    con.execute("INSERT INTO teams SELECT i, 't' || i FROM range(8) t(i)").fetchall()
    con.execute("CREATE TABLE players (player_id INTEGER PRIMARY KEY, team_id INTEGER, age INTEGER)").fetchall()
    con.execute("INSERT INTO players SELECT i, i % 8, 20 + i % 15 FROM range(100) t(i)").fetchall()
    graph = infer_graph(con)
    entry = {"pkey": "player_id", "fkeys": {"team_id": "teams"}, "time_col": None, "stypes": {"team_id": "categorical"}}
    apply_graph_tables(graph, {"players": entry}, "g.json")
    assert [str(lk) for lk in graph.parents("players")] == ["players.team_id -> teams"]
    assert graph.tables["players"].column("team_id").stype is SType.CATEGORICAL  # as the file says
    graph.link("players", "team_id", "teams")  # linked by hand, with no type named: a reference
    assert graph.tables["players"].column("team_id").stype is SType.ID


def test_the_session_describes_its_graph(shop):
    """`rfm.describe()` is the graph's description: what fresh-eyes trials reached for first (an AttributeError)."""
    rfm = rfm_sql.attach(shop)
    assert rfm.describe() == rfm.graph.describe() and "orders" in rfm.describe()
    rfm.graph.unlink("reviews", "item_id")
    assert rfm.describe() == rfm.graph.describe()  # the graph as it is now
