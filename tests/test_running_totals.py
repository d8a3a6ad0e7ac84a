"""Numbers kept up to date as rows come in (a user's reputation, a post's score): a backtest reads today's value at
every past anchor, which counts what came after it, so it says so, with the graph call that stops the number being
read; a prediction, which reads the value as it is now, does not (runtime.running_totals)."""

import json
import warnings

import duckdb
import pytest

import rfm_sql
from rfm_sql.databases import save_graph_file
from rfm_sql.errors import RFMWarning
from rfm_sql.graph import kept_names
from rfm_sql.graph.files import apply_graph_file

POSTS = "PREDICT COUNT(posts.*, 0, 30, days) FOR EACH users.user_id"


@pytest.fixture(scope="module")
def forum():
    return _forum()


def _forum():
    """120 users who post at their own pace through 2024; reputation grows with each user's posts (a running
    total, 1 to 3 points a post), seats a number that stays put, credit_score one named like a running total that goes with nothing."""
    con = duckdb.connect()
    con.execute(
        "CREATE TABLE users (user_id INTEGER PRIMARY KEY, signed_up_at TIMESTAMP, seats INTEGER, reputation INTEGER, "
        "credit_score INTEGER)"
    )
    con.execute("INSERT INTO users SELECT i, TIMESTAMP '2023-12-01', 1 + i % 4, 0, (i * 37) % 101 FROM range(120) t(i)")
    con.execute(
        "CREATE TABLE posts (post_id INTEGER PRIMARY KEY, user_id INTEGER REFERENCES users, created_at TIMESTAMP)"
    )
    con.execute(
        "INSERT INTO posts SELECT i, (i * 7919) % 120, TIMESTAMP '2024-01-01' + INTERVAL (i * 37) MINUTE "
        "FROM range(14000) t(i) WHERE (i * 7919) % 120 < 20 + (i % 100)"
    )
    con.execute(  # points per post the user's own: no child measure tells it closely enough to read it as it was
        "UPDATE users SET reputation = (1 + (user_id * 37) % 3) * (SELECT COUNT(*) FROM posts p WHERE p.user_id = users.user_id)"
    )
    return con


def test_a_backtest_says_it_reads_a_running_total_and_how_to_leave_it_out(forum):
    rfm = rfm_sql.attach(forum)
    with pytest.warns(RFMWarning, match=r"users\.reputation looks like a running total") as caught:
        evaluation = rfm.evaluate(POSTS, anchor_time="2024-06-01")
    said = [str(w.message) for w in caught if "running total" in str(w.message)]
    assert len(said) == 1 and 'rfm.graph.set_stype("users", "reputation", "id")' in said[0]
    assert "seats" not in said[0] and "credit_score" not in said[0]  # numbers that go with no rows are not named
    assert said[0] in evaluation.warnings
    notes = {row[0] for row in forum.sql(evaluation.to_sql()).select("note").fetchall()}
    assert any(said[0] in note for note in notes)  # the SQL result's note carries it
    # the fix it gives works: the number is not read, and the backtest says nothing of it
    rfm.graph.set_stype("users", "reputation", "id")
    with warnings.catch_warnings(record=True) as after:
        warnings.simplefilter("always")
        evaluation = rfm.evaluate(POSTS, anchor_time="2024-06-01")
    assert not [w for w in after if "running total" in str(w.message)]
    assert not any("running total" in w for w in evaluation.warnings)


def test_a_number_read_from_its_history_as_of_the_anchor_is_not_called_a_running_total():
    """A weekly history of each user's reputation (a version a row, the latest today's): the features read it as of
    the anchor, so the backtest does not call it today's value (an auto-repair trial's vehicles.odometer_km, read
    from its work orders' odometer_km, was named both ways)."""
    con = _forum()
    con.execute(
        "CREATE TABLE reputation_history AS SELECT ROW_NUMBER() OVER () AS version_id, u.user_id, w.t AS valid_from, "
        "(1 + (u.user_id * 37) % 3) * (SELECT COUNT(*) FROM posts p WHERE p.user_id = u.user_id AND p.created_at <= "
        "w.t) AS reputation FROM users u, (SELECT TIMESTAMP '2024-01-07' + INTERVAL (7 * i) DAY AS t FROM range(52) "
        "r(i)) w"
    )
    rfm = rfm_sql.attach(con)
    assert [e[:2] for e in rfm.graph.table("users").logged_in] == [("reputation", "reputation_history")]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        rfm.evaluate(POSTS, anchor_time="2024-06-01")
    assert not [w for w in caught if "running total" in str(w.message)]


def test_the_graph_file_fix_it_gives_works(forum, tmp_path):
    rfm = rfm_sql.attach(forum)
    path = tmp_path / "graph.json"  # as `rfm-sql graph DB --save graph.json` writes it, then edited
    save_graph_file(rfm.graph, str(path))
    spec = json.loads(path.read_text())
    spec["tables"]["users"]["stypes"]["reputation"] = "id"
    path.write_text(json.dumps(spec))
    rfm = rfm_sql.attach(forum)
    apply_graph_file(rfm.graph, str(path))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        rfm.evaluate(POSTS, anchor_time="2024-06-01")
    assert not [w for w in caught if "running total" in str(w.message)]


def test_a_prediction_reads_it_as_it_is_now_and_says_nothing(forum):
    rfm = rfm_sql.attach(forum)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        rfm.predict(POSTS)
    assert not [w for w in caught if "running total" in str(w.message)]


@pytest.mark.parametrize(
    "column, running",
    [
        ("reputation", True),
        ("applicant_count", True),
        ("n_orders", True),
        ("lifetime_spend", True),
        ("refills_remaining", True),
        ("ViewCount", True),
        ("odometer_km", True),
        ("days_on_market", True),
        ("closed_deals", True),
        ("bedrooms", False),
        ("seats", False),
        ("age", False),
        ("account_number", False),
        ("n", False),
        # settings, not tallies (a clinical trial's study protocol), unless a tally's word is beside one
        ("planned_visits", False),
        ("visit_interval_days", False),
        ("total_goals", True),
        ("budget_remaining", True),
        ("quota_used_count", True),
        ("rounds_ytd", True),  # a golf club trial's rounds this year, today's count
        ("advance_booking_days", False),  # a membership category's setting
        ("grace_days", False),
    ],
)
def test_running_total_names(column, running):
    assert kept_names.running_total(column, [column, "id"]) is running


def test_a_running_total_of_rows_that_reference_the_entity_is_named_and_a_sum_written_at_once_is_not():
    """A restaurant's guests' points_balance (their checks' points today) is read as the guests' mean at past anchors
    too: a restaurant trial's forecast backtested 18% better than on a copy as it stood. An order's total goes with
    its lines just as well, but they are written with it: it stays put, and is not named."""
    con = duckdb.connect()
    con.execute("CREATE TABLE restaurants (restaurant_id INTEGER PRIMARY KEY, opened_at TIMESTAMP)")
    con.execute("INSERT INTO restaurants SELECT i, TIMESTAMP '2020-01-01' FROM range(12) t(i)")
    con.execute(
        "CREATE TABLE guests (guest_id INTEGER PRIMARY KEY, restaurant_id INTEGER REFERENCES restaurants, "
        "joined_at TIMESTAMP, points_balance INTEGER)"
    )
    con.execute("INSERT INTO guests SELECT i, i % 12, TIMESTAMP '2023-12-01', 0 FROM range(240) t(i)")
    con.execute(
        "CREATE TABLE checks (check_id INTEGER PRIMARY KEY, guest_id INTEGER REFERENCES guests, "
        "restaurant_id INTEGER REFERENCES restaurants, opened_at TIMESTAMP, total DOUBLE)"
    )
    con.execute(
        "INSERT INTO checks SELECT i, g, g % 12, TIMESTAMP '2024-01-01' + INTERVAL (i * 2) HOUR, 0 "
        "FROM (SELECT i, (i * 7919) % 240 AS g FROM range(4000) t(i)) WHERE g < 40 + i % 200"
    )
    con.execute(
        "CREATE TABLE check_lines (line_id INTEGER PRIMARY KEY, check_id INTEGER REFERENCES checks, "
        "added_at TIMESTAMP, price DOUBLE)"
    )
    con.execute(
        "INSERT INTO check_lines SELECT check_id * 4 + k, check_id, opened_at, 5 + k FROM checks, range(4) r(k) "
        "WHERE k <= check_id % 4"
    )
    con.execute("UPDATE checks SET total = (SELECT SUM(price) FROM check_lines l WHERE l.check_id = checks.check_id)")
    con.execute(
        "UPDATE guests SET points_balance = 10 * (1 + guest_id % 3) * (SELECT COUNT(*) FROM checks c "
        "WHERE c.guest_id = guests.guest_id)"  # points per check by the guest's tier: no child measure tells it
    )
    rfm = rfm_sql.attach(con)
    with pytest.warns(RFMWarning, match=r"guests\.points_balance looks like a running total") as caught:
        rfm.evaluate("PREDICT COUNT(checks.*, 0, 7, days) FOR EACH restaurants.restaurant_id", anchor_time="2024-06-01")
    said = [str(w.message) for w in caught if "running total" in str(w.message)]
    assert len(said) == 1 and "checks.total" not in said[0]
    daily = "PREDICT COUNT(checks.*, 0, 1, days) FORECAST 3 TIMEFRAMES FOR EACH restaurants.restaurant_id"
    with pytest.warns(RFMWarning, match=r"guests\.points_balance looks like a running total"):  # a forecast's too
        evaluation = rfm.evaluate(daily, anchor_time="2024-06-01")
    assert any("guests.points_balance" in w for w in evaluation.warnings)


def test_a_target_that_sums_a_running_total_says_its_labels_read_todays_value():
    """SUM(posts.like_count, ...): like_count is every like the post has today, so a past window's label counts likes
    that came after it (a social network trial); counting the likes is the fix, and a sum of a column that stays put
    says nothing."""
    con = duckdb.connect()
    con.execute("CREATE TABLE users (user_id INTEGER PRIMARY KEY, joined_at TIMESTAMP)")
    con.execute("INSERT INTO users SELECT i, TIMESTAMP '2023-12-01' FROM range(60) t(i)")
    con.execute(
        "CREATE TABLE posts (post_id INTEGER PRIMARY KEY, user_id INTEGER REFERENCES users, posted_at TIMESTAMP, "
        "like_count INTEGER, words INTEGER)"
    )
    con.execute(
        "INSERT INTO posts SELECT i, i % 60, TIMESTAMP '2024-01-01' + INTERVAL (i * 5) HOUR, 0, 10 + i % 17 "
        "FROM range(1500) t(i)"
    )
    con.execute(
        "CREATE TABLE likes (like_id INTEGER PRIMARY KEY, post_id INTEGER REFERENCES posts, liked_at TIMESTAMP)"
    )
    con.execute(  # posts of users 0-19 keep drawing likes for weeks, the others' a few the first day
        "INSERT INTO likes SELECT row_number() OVER (), p.post_id, p.posted_at + INTERVAL (k * 20) HOUR FROM posts p, "
        "range(12) r(k) WHERE k < CASE WHEN p.user_id < 20 THEN 12 ELSE 1 + p.post_id % 2 END"
    )
    con.execute("UPDATE posts SET like_count = (SELECT COUNT(*) FROM likes l WHERE l.post_id = posts.post_id)")
    rfm = rfm_sql.attach(con)
    said = rfm.predict("PREDICT SUM(posts.like_count, 0, 30, days) FOR EACH users.user_id").column("WARNING")
    assert "The target's SUM(posts.like_count) reads a number kept up to date" in said[0].as_py()
    assert "count the likes rows in it" in said[0].as_py()
    quiet = rfm.predict("PREDICT SUM(posts.words, 0, 30, days) FOR EACH users.user_id")
    assert "WARNING" not in quiet.column_names or "kept up to date" not in (quiet.column("WARNING")[0].as_py() or "")


def test_each_running_total_named_gets_its_own_call(forum):
    """An airline trial's members.miles_balance and lifetime_miles were both named, the call given for the first."""
    con = duckdb.connect()
    for name in ("users", "posts"):
        rows = forum.sql(f"SELECT * FROM {name}").to_arrow_table()
        con.register(f"src_{name}", rows)
    con.execute(
        "CREATE TABLE users (user_id INTEGER PRIMARY KEY, signed_up_at TIMESTAMP, reputation INTEGER, post_count INTEGER)"
    )
    con.execute("INSERT INTO users SELECT user_id, signed_up_at, reputation, reputation FROM src_users")
    con.execute(
        "CREATE TABLE posts (post_id INTEGER PRIMARY KEY, user_id INTEGER REFERENCES users, created_at TIMESTAMP)"
    )
    con.execute("INSERT INTO posts SELECT * FROM src_posts")
    with pytest.warns(RFMWarning, match=r"look like running totals") as caught:
        rfm_sql.attach(con).evaluate(POSTS, anchor_time="2024-06-01")
    said = next(str(w.message) for w in caught if "running totals" in str(w.message))
    assert 'rfm.graph.set_stype("users", "reputation", "id")' in said
    assert 'rfm.graph.set_stype("users", "post_count", "id")' in said


def test_a_setting_of_a_few_values_is_no_running_total():
    """facilities.lien_days, 60 or 90 on 10 facilities (a self-storage trial), named like a tally (days) and going
    with the facilities' auctions by chance, was called a running total, with advice to stop reading it: a tally
    takes many values; a setting of a few is none."""
    con = duckdb.connect()
    con.execute("CREATE TABLE facilities (facility_id INTEGER PRIMARY KEY, opened_at TIMESTAMP, lien_days INTEGER)")
    con.execute(
        "INSERT INTO facilities SELECT i, TIMESTAMP '2022-01-01', CASE WHEN i < 5 THEN 60 ELSE 90 END FROM range(10) t(i)"
    )
    con.execute(
        "CREATE TABLE auctions (auction_id INTEGER PRIMARY KEY, facility_id INTEGER REFERENCES facilities, held_at "
        "TIMESTAMP)"
    )
    con.execute(  # a facility with 90 days holds more auctions: the count goes with the setting
        "INSERT INTO auctions SELECT i, i % 10, TIMESTAMP '2023-01-01' + INTERVAL (i) DAY FROM range(600) t(i) "
        "WHERE i % 10 >= 5 OR i % 3 = 0"
    )
    from rfm_sql.runtime import running_totals

    rfm = rfm_sql.attach(con)
    with con.cursor() as cur:
        assert running_totals.tracked(cur, rfm.graph, [("facilities", "lien_days")]) == []
        con.execute("UPDATE facilities SET lien_days = 60 + 7 * facility_id")  # a value each: judged by the data
        assert running_totals.tracked(cur, rfm.graph, [("facilities", "lien_days")]) == [("facilities", "lien_days")]
