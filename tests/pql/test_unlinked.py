"""Aggregating a table that reaches the entity through another table (events -> users -> accounts, per account):
the message gives the view that carries the entity's key down, and the view works."""

import re

import duckdb
import pytest

import rfm_sql
from rfm_sql.errors import PQLError
from tests.saas_db import build


def _suggested_view(message: str) -> str:
    """The CREATE VIEW statement an error message suggests."""
    return message.split("with a view, ")[1].split("; then")[0]


def _sites_and_devices(con) -> None:
    """10 sites (even ones 'north', odd 'south') and 80 devices, each at site device_id % 10."""
    con.execute("CREATE TABLE sites (site_id INTEGER PRIMARY KEY, region VARCHAR)")
    con.execute("INSERT INTO sites SELECT i, CASE WHEN i % 2 = 0 THEN 'north' ELSE 'south' END FROM range(10) t(i)")
    con.execute("CREATE TABLE devices (device_id INTEGER PRIMARY KEY, site_id INTEGER REFERENCES sites)")
    con.execute("INSERT INTO devices SELECT i, i % 10 FROM range(80) t(i)")


def test_a_table_two_links_away_gets_a_view_that_carries_the_key():
    con = duckdb.connect()
    build(con, n_accounts=200)
    query = "PREDICT COUNT(events.*, 0, 30, days) = 0 FOR EACH accounts.account_id"
    with pytest.raises(PQLError, match="reaches accounts in two steps") as info:
        rfm_sql.attach(con).labels(query, anchor_time="2024-06-01")
    message = str(info.value)
    assert "rfm.graph.link(" not in message  # events has no account column: a link could not be added
    create = _suggested_view(message)
    assert create.startswith(
        "CREATE VIEW events_by_accounts AS SELECT t.* EXCLUDE (user_id), m.account_id FROM events AS t JOIN users"
    )
    con.execute(create)
    rfm = rfm_sql.attach(con)
    # no second child of users (a copy of events): per-user queries would have read every event twice over
    assert [lk.parent for lk in rfm.graph.parents("events_by_accounts")] == ["accounts"]
    # asked again of events, the message names the view made, not the CREATE VIEW (a wholesale trial)
    with pytest.raises(PQLError, match=r"The view events_by_accounts gives the events rows the accounts key") as info:
        rfm.labels(query, anchor_time="2024-06-01")
    assert "CREATE VIEW" not in str(info.value) and "e.g. events_by_accounts.*" in str(info.value)
    labels = rfm.labels(query.replace("events", "events_by_accounts"), anchor_time="2024-06-01").to_pylist()
    truth = dict(
        con.sql(
            "SELECT a.account_id, COUNT(e.event_id) = 0 FROM accounts a LEFT JOIN users u USING (account_id) "
            "LEFT JOIN events e ON e.user_id = u.user_id AND e.ts > '2024-06-01' AND e.ts <= '2024-07-01' "
            "WHERE a.signup_at <= '2024-06-01' GROUP BY 1"
        ).fetchall()
    )
    assert labels and {r["ENTITY"]: r["TARGET"] for r in labels} == truth


def test_rows_with_no_time_of_their_own_get_one_view_with_the_key_and_the_time():
    """Order lines (no key, no time) per buyer: the view carried the buyer's key but not the order's time, and
    naming it gave a second error asking for order_lines_by_buyers_timed."""
    con = duckdb.connect()
    con.execute("CREATE TABLE buyers (buyer_id INTEGER PRIMARY KEY)")
    con.execute("INSERT INTO buyers SELECT i FROM range(40) t(i)")
    con.execute(
        "CREATE TABLE orders (order_id INTEGER PRIMARY KEY, buyer_id INTEGER REFERENCES buyers, ordered_at TIMESTAMP)"
    )
    con.execute(
        "INSERT INTO orders SELECT i, i % 40, TIMESTAMP '2024-01-01' + INTERVAL (i * 7) HOUR FROM range(2000) t(i)"
    )
    con.execute("CREATE TABLE order_lines (order_id INTEGER REFERENCES orders, qty INTEGER, unit_price DOUBLE)")
    con.execute("INSERT INTO order_lines SELECT i % 2000, 1 + i % 3, 10 + i % 7 FROM range(5000) t(i)")
    query = "PREDICT SUM(order_lines.unit_price, 0, 30, days) FOR EACH buyers.buyer_id"
    with pytest.raises(PQLError, match="the buyers key and orders.ordered_at") as info:
        rfm_sql.attach(con).labels(query, anchor_time="2024-03-01")
    create = _suggested_view(str(info.value))
    con.execute(create)
    labels = rfm_sql.attach(con).labels(query.replace("order_lines", "order_lines_by_buyers"), "2024-03-01")
    truth = dict(
        con.sql(
            "SELECT o.buyer_id, SUM(l.unit_price) FROM order_lines l JOIN orders o USING (order_id) "
            "WHERE o.ordered_at > '2024-03-01' AND o.ordered_at <= TIMESTAMP '2024-03-01' + INTERVAL 30 DAY GROUP BY 1"
        ).fetchall()
    )
    got = {r["ENTITY"]: r["TARGET"] for r in labels.to_pylist()}
    assert truth and {e: v for e, v in got.items() if v} == pytest.approx(truth)


def test_a_key_stored_as_text_gets_the_view_that_casts_it():
    """orders.buyer_id as VARCHAR against an INTEGER key: no link was inferred, and the advice to link it failed
    in turn with a type error; the view that casts it works at once."""
    con = duckdb.connect()
    con.execute("CREATE TABLE buyers (buyer_id INTEGER PRIMARY KEY, city VARCHAR)")
    con.execute("INSERT INTO buyers SELECT i, 'c' || (i % 5) FROM range(200) t(i)")
    con.execute("CREATE TABLE orders (order_id INTEGER PRIMARY KEY, buyer_id VARCHAR, ordered_at TIMESTAMP)")
    con.execute(
        "INSERT INTO orders SELECT i, CAST(i % 200 AS VARCHAR), TIMESTAMP '2024-01-01' + INTERVAL (i * 3) HOUR "
        "FROM range(5000) t(i)"
    )
    query = "PREDICT COUNT(orders.*, 0, 30, days) FOR EACH buyers.buyer_id"
    with pytest.raises(PQLError, match="buyer_id is VARCHAR while buyers.buyer_id is INTEGER") as info:
        rfm_sql.attach(con).labels(query, anchor_time="2024-03-01")
    assert "rfm.graph.link(" not in str(info.value)
    con.execute(str(info.value).split("in a view, ")[1].split("; then")[0])
    labels = rfm_sql.attach(con).labels(query.replace("orders", "orders_keyed"), anchor_time="2024-03-01")
    assert labels.num_rows == 200 and sum(labels.column("TARGET").to_pylist()) == 240  # 30 days of 8 orders a day


def test_a_key_stored_as_text_under_another_name_gets_the_view_that_casts_it():
    """sessions.listener_ref, text of integer listener ids (a podcast trial): "no column of sessions holds
    listeners.listener_id values" had been said of it; the column and the view that casts it are named."""
    con = duckdb.connect()
    con.execute("CREATE TABLE listeners (listener_id INTEGER PRIMARY KEY, country VARCHAR)")
    con.execute("INSERT INTO listeners SELECT i, 'c' || (i % 5) FROM range(200) t(i)")
    con.execute("CREATE TABLE sessions (session_id INTEGER PRIMARY KEY, listener_ref VARCHAR, started_at TIMESTAMP)")
    con.execute(
        "INSERT INTO sessions SELECT i, CAST(i % 200 AS VARCHAR), TIMESTAMP '2024-01-01' + INTERVAL (i * 3) HOUR "
        "FROM range(5000) t(i)"
    )
    query = "PREDICT COUNT(sessions.*, 0, 30, days) FOR EACH listeners.listener_id"
    with pytest.raises(PQLError, match="listener_ref holds listeners.listener_id values stored as VARCHAR") as info:
        rfm_sql.attach(con).labels(query, anchor_time="2024-03-01")
    con.execute(str(info.value).split("in a view, ")[1].split("; then")[0])
    rfm = rfm_sql.attach(con)
    rfm.graph.link("sessions_keyed", "listener_ref", "listeners")
    labels = rfm.labels(query.replace("sessions", "sessions_keyed"), anchor_time="2024-03-01")
    assert labels.num_rows == 200 and sum(labels.column("TARGET").to_pylist()) == 240


def test_a_column_holding_another_unique_column_of_the_entity_gets_the_view_that_takes_its_key():
    """bookings.member_ref holds members.badge_code values, a unique code, not the key (a coworking trial): the
    advice was a link, and that link's error a CAST to INTEGER that no badge code passes."""
    con = duckdb.connect()
    con.execute("CREATE TABLE members (member_id INTEGER PRIMARY KEY, badge_code VARCHAR, plan VARCHAR)")
    con.execute(
        "INSERT INTO members SELECT i, 'BDG-' || LPAD(CAST(i AS VARCHAR), 5, '0'), 'p' || i % 3 FROM range(200) t(i)"
    )
    con.execute("CREATE TABLE spaces (space_id INTEGER PRIMARY KEY, kind VARCHAR)")
    con.execute("INSERT INTO spaces SELECT i, 'k' || i % 4 FROM range(30) t(i)")
    con.execute(
        "CREATE TABLE bookings (booking_id INTEGER PRIMARY KEY, member_ref VARCHAR, space_id INTEGER REFERENCES spaces, "
        "booked_at TIMESTAMP)"
    )
    con.execute(
        "INSERT INTO bookings SELECT i, 'BDG-' || LPAD(CAST(i % 200 AS VARCHAR), 5, '0'), i % 30, "
        "TIMESTAMP '2024-01-01' + INTERVAL (i * 3) HOUR FROM range(5000) t(i)"
    )
    query = "PREDICT COUNT(bookings.*, 0, 30, days) FOR EACH members.member_id"
    rfm = rfm_sql.attach(con)
    with pytest.raises(
        PQLError, match="member_ref holds members.badge_code values, not the key members.member_id"
    ) as info:
        rfm.labels(query, anchor_time="2024-03-01")
    with pytest.raises(rfm_sql.errors.GraphError, match="or one joining members by a code member_ref holds"):
        rfm.graph.link("bookings", "member_ref", "members")
    con.execute(str(info.value).split("with a view, ")[1].split("; then")[0])
    labels = rfm_sql.attach(con).labels(query.replace("bookings", "bookings_by_members"), anchor_time="2024-03-01")
    assert labels.num_rows == 200 and sum(labels.column("TARGET").to_pylist()) == 240


def test_a_column_holding_the_entitys_code_comes_before_a_path_through_another_table():
    """bids.carrier_mc holds carriers.mc_number values, and bids also reach carriers through loads (the winner): a
    freight trial's user was told to credit every bid on a load to its winner, a wrong count of bids per carrier."""
    con = duckdb.connect()
    con.execute("CREATE TABLE carriers (carrier_id INTEGER PRIMARY KEY, mc_number VARCHAR UNIQUE)")
    con.execute("INSERT INTO carriers SELECT i, 'MC' || (100000 + i) FROM range(400) t(i)")
    con.execute(
        "CREATE TABLE loads (load_id INTEGER PRIMARY KEY, carrier_id INTEGER REFERENCES carriers, posted_at TIMESTAMP)"
    )
    con.execute("INSERT INTO loads SELECT i, i % 400, TIMESTAMP '2024-01-01' + INTERVAL (i) HOUR FROM range(2000) t(i)")
    con.execute(
        "CREATE TABLE bids (bid_id INTEGER PRIMARY KEY, load_id INTEGER REFERENCES loads, carrier_mc VARCHAR, "
        "bid_at TIMESTAMP)"
    )
    con.execute(
        "INSERT INTO bids SELECT i, i % 2000, 'MC' || (100000 + (i * 7) % 400), TIMESTAMP '2024-01-01' + "
        "INTERVAL (i / 3) HOUR FROM range(6000) t(i)"
    )
    with pytest.raises(PQLError, match="carrier_mc holds carriers.mc_number values") as info:
        rfm_sql.attach(con).labels("PREDICT COUNT(bids.*, 0, 30, days) FOR EACH carriers.carrier_id")
    assert "two steps" not in str(info.value)


def test_a_table_with_no_path_keeps_the_link_advice():
    con = duckdb.connect()
    build(con, n_accounts=100)
    with pytest.raises(PQLError, match=r'rfm.graph.link\("events", "<fk column>", "products"\)'):
        rfm_sql.attach(con).labels("PREDICT COUNT(events.*, 0, 30, days) FOR EACH products.product_id", "2024-06-01")


def test_a_table_the_entitys_rows_reference_gets_a_view_that_joins_its_column_onto_them(shop):
    # a store's next category: categories are the items' (orders -> items), and "link items to users", the advice
    # given, cannot be right (an item is no one user's)
    query = "PREDICT LAST(items.category, 0, 30, days) FOR EACH users.user_id"
    with pytest.raises(PQLError, match=r"It is what the orders rows of users reference") as info:
        rfm_sql.attach(shop).labels(query, anchor_time="2024-06-01")
    message = str(info.value)
    assert "rfm.graph.link(" not in message
    create = _suggested_view(message)
    shop.execute(create)
    asked = message.split("e.g. ")[1].split(")).")[0] + ")"
    labels = rfm_sql.attach(shop).labels(f"PREDICT {asked} FOR EACH users.user_id", anchor_time="2024-06-01")
    truth = dict(
        shop.sql(
            "SELECT o.user_id, arg_max(i.category, (o.ordered_at, o.order_id)) FROM orders o JOIN items i USING (item_id) "
            "WHERE o.ordered_at > '2024-06-01' AND o.ordered_at <= TIMESTAMP '2024-06-01' + INTERVAL 30 DAY GROUP BY 1"
        ).fetchall()
    )
    got = {r["ENTITY"]: r["TARGET"] for r in labels.to_pylist()}
    assert got and all(truth[u] == c for u, c in got.items())  # users who signed up later have no label


def test_a_column_of_a_table_the_entity_references_is_sent_to_listing_the_entities():
    """WHERE sites.region = 'north' per device: the advice MAX(sites.region, -30, 0, days) was refused in turn
    (sites is what devices reference, not rows of a device); the SQL the message gives finds the devices."""
    import re

    con = duckdb.connect()
    _sites_and_devices(con)
    con.execute(
        "CREATE TABLE alerts (alert_id INTEGER PRIMARY KEY, device_id INTEGER REFERENCES devices, raised_at TIMESTAMP)"
    )
    con.execute(
        "INSERT INTO alerts SELECT i, i % 80, TIMESTAMP '2024-01-01' + INTERVAL (i * 2) HOUR FROM range(4000) t(i)"
    )
    rfm = rfm_sql.attach(con)
    query = "PREDICT COUNT(alerts.*, 0, 7, days) FOR EACH devices.device_id"
    with pytest.raises(PQLError, match="devices.site_id references sites") as info:
        rfm.labels(query + " WHERE sites.region = 'north'", anchor_time="2024-03-01")
    assert "MAX(" not in str(info.value)
    select = re.search(r"with the keys of (SELECT .*) WHERE <your condition on p.region>", str(info.value)).group(1)
    keys = [k for (k,) in con.sql(select + " WHERE p.region = 'north'").fetchall()]
    assert sorted(keys) == [d for d in range(80) if d % 10 % 2 == 0]
    assert rfm.predict(query, entities=keys).num_rows == len(keys)


def test_a_two_hop_view_keeps_the_middle_key_when_the_query_counts_it():
    # COUNT_DISTINCT(votes.review_id) per user: the view left review_id out, and following it failed in turn
    con = duckdb.connect()
    con.execute("CREATE TABLE users (user_id INTEGER PRIMARY KEY)")
    con.execute("INSERT INTO users SELECT i FROM range(30) t(i)")
    con.execute("CREATE TABLE reviews (review_id INTEGER PRIMARY KEY, user_id INTEGER REFERENCES users)")
    con.execute("INSERT INTO reviews SELECT i, i % 30 FROM range(300) t(i)")
    con.execute(
        "CREATE TABLE votes (vote_id INTEGER PRIMARY KEY, review_id INTEGER REFERENCES reviews, voted_at TIMESTAMP)"
    )
    con.execute("INSERT INTO votes SELECT i, i % 300, TIMESTAMP '2024-01-01' + INTERVAL (i) HOUR FROM range(3000) t(i)")
    query = "PREDICT COUNT_DISTINCT(votes.review_id, 0, 30, days) FOR EACH users.user_id"
    with pytest.raises(PQLError, match="reaches users in two steps") as info:
        rfm_sql.attach(con).labels(query, anchor_time="2024-02-01")
    create = _suggested_view(str(info.value))
    assert "EXCLUDE" not in create
    con.execute(create)
    assert rfm_sql.attach(con).labels(query.replace("votes", "votes_by_users"), anchor_time="2024-02-01").num_rows == 30


def test_a_referenced_tables_column_as_a_target_is_sent_to_that_table():
    con = duckdb.connect()
    _sites_and_devices(con)
    with pytest.raises(PQLError, match=r"to predict it, ask FOR EACH sites\.site_id\.") as info:
        rfm_sql.attach(con).resolve("PREDICT sites.region FOR EACH devices.device_id")
    assert "instead of filtering" not in str(info.value)


def test_view_advice_on_a_read_only_connection_says_how_to_create_it(tmp_path):
    """The README recommends read_only=True; the suggested CREATE VIEW then fails on that connection."""
    path = tmp_path / "saas.duckdb"
    with duckdb.connect(str(path)) as con:
        build(con, n_accounts=100)
    query = "PREDICT COUNT(events.*, 0, 30, days) = 0 FOR EACH accounts.account_id"
    read_only = "This connection is read-only, so the view cannot be created through it"
    with duckdb.connect(str(path), read_only=True) as con, pytest.raises(PQLError, match=read_only):
        rfm_sql.attach(con).resolve(query)
    with duckdb.connect(str(path)) as con:
        with pytest.raises(PQLError) as info:
            rfm_sql.attach(con).resolve(query)
        assert "read-only" not in str(info.value)
        con.execute(_suggested_view(str(info.value)))  # as the hint says
    with duckdb.connect(str(path), read_only=True) as con:
        assert rfm_sql.attach(con).resolve(query.replace("events", "events_by_accounts")) is not None


@pytest.mark.parametrize(
    "form, digits",
    [
        ("'B' || lpad(CAST(i % 200 AS VARCHAR), 4, '0')", True),
        ("md5(CAST(i % 200 AS VARCHAR))", False),
        ("'B-1-' || CAST(i % 200 AS VARCHAR)", False),  # the first digits, 1, would make every order buyer 1's
    ],
)
def test_a_text_key_that_reads_as_no_number_is_told_so_with_the_view_that_works(form, digits):
    """Keys like 'B0007' against integer buyer ids: the casting view would hold no key (every TRY_CAST NULL), and
    the next error advised linking that all-NULL column; the data is read first, and where the digits are the
    keys (B0007 -> 7), the view that reads them is offered and works."""
    con = duckdb.connect()
    con.execute("CREATE TABLE buyers (buyer_id INTEGER PRIMARY KEY, city VARCHAR)")
    con.execute("INSERT INTO buyers SELECT i, 'c' || (i % 5) FROM range(200) t(i)")
    con.execute("CREATE TABLE orders (order_id INTEGER PRIMARY KEY, buyer_id VARCHAR, ordered_at TIMESTAMP)")
    con.execute(
        f"INSERT INTO orders SELECT i, {form}, TIMESTAMP '2024-01-01' + INTERVAL (i * 3) HOUR FROM range(5000) t(i)"
    )
    query = "PREDICT COUNT(orders.*, 0, 30, days) FOR EACH buyers.buyer_id"
    with pytest.raises(PQLError, match=r"Few of its values read as INT \(0 of 5,000; they look like") as info:
        rfm_sql.attach(con).labels(query, anchor_time="2024-03-01")
    message = str(info.value)
    if not digits:
        assert "Map them to buyers.buyer_id in a view that joins a table holding both keys" in message
        return
    assert "'B0000', 'B0001', 'B0002'" in message
    con.execute(message.split("if that is what they mean, ")[1].split(".\n")[0])
    labels = rfm_sql.attach(con).labels(query.replace("orders", "orders_keyed"), anchor_time="2024-03-01")
    assert labels.num_rows == 200 and sum(labels.column("TARGET").to_pylist()) == 240  # 30 days of 8 orders a day


def test_a_column_of_the_rows_a_link_table_references_comes_with_their_time():
    # match_players has no time of its own: the view that borrows matches.mode must borrow matches.started_at too,
    # or the next query fails for a view with no time column (a game trial)
    import re

    con = duckdb.connect()
    con.execute("CREATE TABLE players AS SELECT i AS player_id FROM range(1, 50) t(i)")
    con.execute(
        "CREATE TABLE matches AS SELECT i AS match_id, TIMESTAMP '2024-01-01' + to_hours(i * 5) AS started_at, "
        "['ranked', 'casual'][1 + i % 2] AS mode FROM range(1, 500) t(i)"
    )
    con.execute(
        "CREATE TABLE match_players AS SELECT 1 + i % 499 AS match_id, 1 + (i * 7) % 49 AS player_id "
        "FROM range(1, 2000) t(i)"
    )
    with pytest.raises(PQLError, match=r"SELECT c\.\*, p\.mode, p\.started_at FROM match_players") as info:
        rfm_sql.attach(con).resolve("PREDICT FIRST(matches.mode, 0, 30, days) FOR EACH players.player_id")
    con.execute(re.search(r"(CREATE VIEW [^;]*?); then", str(info.value)).group(1))
    rfm = rfm_sql.attach(con)
    assert rfm.evaluate("PREDICT FIRST(match_players_with_matches.mode, 0, 30, days) FOR EACH players.player_id").n


def test_a_dated_table_three_links_away_gets_a_view_through_the_chain():
    """A rentals trial's charges per building (charges -> leases -> units -> buildings): the message suggested
    rfm.graph.link("charges", "<fk column>", "buildings"), and charges has no such column."""
    con = duckdb.connect()
    con.execute("CREATE TABLE buildings (building_id INTEGER PRIMARY KEY, city VARCHAR)")
    con.execute("INSERT INTO buildings SELECT i, 'c' || (i % 2) FROM range(6) t(i)")
    con.execute("CREATE TABLE units (unit_id INTEGER PRIMARY KEY, building_id INTEGER REFERENCES buildings)")
    con.execute("INSERT INTO units SELECT i, i % 6 FROM range(60) t(i)")
    con.execute(
        "CREATE TABLE leases (lease_id INTEGER PRIMARY KEY, unit_id INTEGER REFERENCES units, signed_at TIMESTAMP)"
    )
    con.execute("INSERT INTO leases SELECT i, i % 60, TIMESTAMP '2023-01-01' + INTERVAL (i) DAY FROM range(120) t(i)")
    con.execute(
        "CREATE TABLE charges (charge_id INTEGER PRIMARY KEY, lease_id INTEGER REFERENCES leases, "
        "charged_at TIMESTAMP, amount DOUBLE)"
    )
    con.execute(
        "INSERT INTO charges SELECT i, i % 120, TIMESTAMP '2023-06-01' + INTERVAL (i) HOUR, 100 + i % 7 "
        "FROM range(12000) t(i)"
    )
    query = "PREDICT SUM(charges.amount, 0, 30, days) FOR EACH buildings.building_id"
    with pytest.raises(PQLError, match="reaches buildings in three steps") as info:
        rfm_sql.attach(con).labels(query, anchor_time="2024-01-01")
    message = str(info.value)
    assert "rfm.graph.link(" not in message
    con.execute(_suggested_view(message))
    rfm = rfm_sql.attach(con)
    assert [lk.parent for lk in rfm.graph.parents("charges_by_buildings")] == ["buildings"]
    labels = rfm.labels(query.replace("charges", "charges_by_buildings"), anchor_time="2024-01-01").to_pylist()
    truth = dict(
        con.sql(
            "SELECT u.building_id, SUM(c.amount) FROM charges c JOIN leases l USING (lease_id) JOIN units u "
            "USING (unit_id) WHERE c.charged_at > '2024-01-01' AND c.charged_at <= '2024-01-31' GROUP BY 1"
        ).fetchall()
    )
    assert labels and {r["ENTITY"]: r["TARGET"] for r in labels} == pytest.approx(truth)


def test_a_child_tables_category_outside_an_aggregation_is_sent_to_counting_its_rows():
    """WHERE invoices.status = 'overdue' per advertiser: the advice was MAX(invoices.status, -30, 0, days), the
    largest status text; a category's rows are counted by value in a filter, and its next value is a target's."""
    con = duckdb.connect()
    con.execute("CREATE TABLE advertisers (advertiser_id INTEGER PRIMARY KEY, signed_up_at TIMESTAMP)")
    con.execute("INSERT INTO advertisers SELECT i, TIMESTAMP '2023-01-01' FROM range(40) t(i)")
    con.execute(
        "CREATE TABLE invoices (invoice_id INTEGER PRIMARY KEY, advertiser_id INTEGER REFERENCES advertisers, "
        "issued_at TIMESTAMP, status VARCHAR, amount DOUBLE)"
    )
    con.execute(
        "INSERT INTO invoices SELECT i, i % 40, TIMESTAMP '2023-02-01' + INTERVAL (i * 5) HOUR, "
        "['paid', 'overdue'][1 + i % 2], i % 17 FROM range(3000) t(i)"
    )
    rfm = rfm_sql.attach(con)
    query = "PREDICT COUNT(invoices.*, 0, 30, days) FOR EACH advertisers.advertiser_id"
    with pytest.raises(PQLError, match="a column of another table") as info:
        rfm.labels(query + " WHERE invoices.status = 'overdue'", anchor_time="2023-06-01")
    advice = re.search(r"e\.g\. (COUNT\(.*\) > 0)", str(info.value)).group(1).replace("'value'", "'overdue'")
    assert "MAX(" not in str(info.value)
    kept = rfm.labels(f"{query} WHERE {advice}", anchor_time="2023-06-01").column("ENTITY").to_pylist()
    assert sorted(kept) == list(range(1, 40, 2))  # the advice runs: the advertisers with overdue invoices
    with pytest.raises(PQLError, match=r"e\.g\. FIRST\(invoices\.status, 0, 30, days\)"):
        rfm.labels("PREDICT invoices.status FOR EACH advertisers.advertiser_id", anchor_time="2023-06-01")
    with pytest.raises(PQLError, match=r"e\.g\. MAX\(invoices\.amount, -30, 0, days\)"):  # a number's largest
        rfm.labels(query + " WHERE invoices.amount > 3", anchor_time="2023-06-01")


def test_a_column_whose_values_are_the_entitys_keys_is_named_in_the_link_advice():
    """attendance.pupil_id holds students' keys under a name inference does not read as theirs (a school trial): the
    error names it, and the link it gives works."""
    con = duckdb.connect()
    con.execute("CREATE TABLE students (student_id INTEGER PRIMARY KEY, joined_at TIMESTAMP)")
    con.execute("INSERT INTO students SELECT i, TIMESTAMP '2023-01-01' FROM range(1000, 1200) t(i)")
    con.execute(
        "CREATE TABLE attendance (row_id INTEGER PRIMARY KEY, pupil_id INTEGER, room INTEGER, seen_at TIMESTAMP)"
    )
    con.execute(
        "INSERT INTO attendance SELECT i, 1000 + i % 200, i % 7, TIMESTAMP '2023-02-01' + INTERVAL (i) HOUR "
        "FROM range(9000) t(i)"
    )
    rfm = rfm_sql.attach(con)
    query = "PREDICT COUNT(attendance.*, 0, 30, days) FOR EACH students.student_id"
    with pytest.raises(PQLError, match=r"pupil_id holds students\.student_id values") as caught:
        rfm.labels(query, "2023-12-01")
    link = re.search(r'rfm\.graph\.link\("attendance", "(\w+)", "students"\)', str(caught.value)).group(1)
    assert link == "pupil_id"  # not room, whose values are no student's
    rfm.graph.link("attendance", link, "students")
    assert rfm.labels(query, "2023-12-01").num_rows == 200


def test_a_table_with_no_column_for_the_entitys_keys_is_said_to_be_about_something_else():
    """An exchange's hourly prices (market, ts, price) asked per user: no link can be added, so none is advised."""
    con = duckdb.connect()
    con.execute("CREATE TABLE users (user_id VARCHAR PRIMARY KEY, joined_at TIMESTAMP)")
    con.execute("INSERT INTO users SELECT 'u' || i, TIMESTAMP '2023-01-01' FROM range(50) t(i)")
    con.execute("CREATE TABLE price_ticks (market VARCHAR, ts TIMESTAMP, price DOUBLE)")
    con.execute(
        "INSERT INTO price_ticks SELECT 'BTC', TIMESTAMP '2023-01-01' + INTERVAL (i) HOUR, i FROM range(900) t(i)"
    )
    with pytest.raises(PQLError, match=r"No column of price_ticks holds users.user_id values") as caught:
        rfm_sql.attach(con).labels("PREDICT AVG(price_ticks.price, 0, 7, days) FOR EACH users.user_id", "2023-01-20")
    assert "<fk column>" not in str(caught.value)


def test_a_key_column_mostly_of_rows_the_table_lacks_gets_the_link_that_passes():
    """sessions.plate holds plates of vehicles and of cars no customer registered (a parking trial): the advice was a
    link its own check refused; it now says how many match and gives the link with check=False, which works."""
    con = duckdb.connect()
    con.execute("CREATE TABLE vehicles (plate VARCHAR PRIMARY KEY, make VARCHAR)")
    con.execute("INSERT INTO vehicles SELECT 'P-' || i, 'm' || i % 4 FROM range(100) t(i)")
    con.execute("CREATE TABLE sessions (session_id INTEGER PRIMARY KEY, plate VARCHAR, entry_at TIMESTAMP)")
    con.execute(
        "INSERT INTO sessions SELECT i, 'P-' || (i % 300), TIMESTAMP '2024-01-01' + INTERVAL (i * 2) HOUR "
        "FROM range(6000) t(i)"
    )
    rfm = rfm_sql.attach(con)
    query = "PREDICT COUNT(sessions.*, 0, 30, days) FOR EACH vehicles.plate"
    with pytest.raises(PQLError, match=r"only 100 of its 300 distinct values \(33%\)") as info:
        rfm.labels(query, anchor_time="2024-03-01")
    call = re.search(r"(rfm\.graph\.link\(.*check=False\))", str(info.value)).group(1)
    eval(call, {"rfm": rfm})
    assert rfm.labels(query, anchor_time="2024-03-01").num_rows == 100
