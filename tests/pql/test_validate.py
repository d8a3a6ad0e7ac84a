"""Every rule of PQL.md rejects a bad query with an error that points at the text and says the fix."""

import re

import duckdb
import pytest

import rfm_sql
from rfm_sql.demo import _DDL
from rfm_sql.errors import PQLError
from rfm_sql.pql.tasks import TaskType
from rfm_sql.pql.windows import covering


@pytest.fixture(scope="module")
def rfm():
    con = duckdb.connect()
    for ddl in _DDL:
        con.execute(ddl).fetchall()
    con.execute("CREATE TABLE notes (note_id INTEGER PRIMARY KEY, body VARCHAR)").fetchall()
    con.execute(
        "CREATE TABLE gifts (gift_id INTEGER PRIMARY KEY, giver INTEGER REFERENCES users (user_id), "
        "receiver INTEGER REFERENCES users (user_id), sent_at TIMESTAMP)"
    ).fetchall()
    con.execute(
        "CREATE TABLE visits (visit_id INTEGER PRIMARY KEY, user_id INTEGER REFERENCES users (user_id))"
    ).fetchall()
    con.execute(
        "CREATE TABLE visit_lines (visit_id INTEGER REFERENCES visits (visit_id), line INTEGER, kind VARCHAR, "
        "PRIMARY KEY (visit_id, line))"
    ).fetchall()
    return rfm_sql.attach(con)


def test_a_sum_of_text_is_not_sent_to_set_stype_which_cannot_help(rfm):
    # marking a VARCHAR column numerical (what the message said) gave the same error back: it still holds text
    with pytest.raises(PQLError, match=r"visit_lines.kind is VARCHAR.*TRY_CAST\(kind AS DOUBLE\)") as info:
        rfm.resolve("PREDICT SUM(visit_lines.kind, 0, 30, days) FOR EACH visits.visit_id")
    assert "set_stype" not in str(info.value)
    with pytest.raises(PQLError, match=r'set_stype\("orders", "item_id", "numerical"\)'):  # a code stored as a number
        rfm.resolve("PREDICT AVG(orders.item_id, 0, 30, days) FOR EACH users.user_id")


def test_an_entity_table_keyed_by_several_columns_is_named_with_what_to_do(rfm):
    # it said "has no primary key" of a table with a declared two-column key, and nothing else to try
    with pytest.raises(PQLError, match=r'several together are none.*set_primary_key\("visit_lines".*FOR EACH visits'):
        rfm.resolve("PREDICT visit_lines.kind FOR EACH visit_lines.visit_id")


@pytest.mark.parametrize(
    "query, task_type",
    [
        ("PREDICT COUNT(orders.*, 0, 30, days) = 0 FOR EACH users.user_id", TaskType.BINARY),
        ("PREDICT SUM(orders.amount, 0, 30, days) FOR EACH users.user_id", TaskType.REGRESSION),
        ("PREDICT COUNT(orders.*, 0, 30, days) FOR EACH users.user_id", TaskType.REGRESSION),
        ("PREDICT users.age FOR users.user_id IN (1, 2)", TaskType.REGRESSION),
        ("PREDICT users.country FOR EACH users.user_id", TaskType.MULTICLASS),
        ("PREDICT users.age CLASSIFY FOR EACH users.user_id", TaskType.MULTICLASS),
        ("PREDICT LAST(reviews.rating, 0, 30, days) FOR EACH users.user_id", TaskType.REGRESSION),
        ("PREDICT FIRST(orders.item_id, 0, 30, days) FOR EACH users.user_id", TaskType.MULTICLASS),
        (
            "PREDICT LIST_DISTINCT(orders.item_id, 0, 7, days) RANK TOP 5 FOR EACH users.user_id",
            TaskType.LINK_PREDICTION,
        ),
        ("PREDICT LIST_DISTINCT(orders.quantity, 0, 7, days) CLASSIFY FOR EACH users.user_id", TaskType.MULTILABEL),
        ("PREDICT LIST_DISTINCT(orders.item_id, 0, 7, days) CONTAINS 3 FOR EACH users.user_id", TaskType.BINARY),
        ("PREDICT LIST_DISTINCT(reviews.created_at, 0, 7) CONTAINS 2024-01-01 FOR EACH users.user_id", TaskType.BINARY),
        ("PREDICT LIST_DISTINCT(orders.item_id, 0, 7, days) IS NULL FOR EACH users.user_id", TaskType.BINARY),
        ("PREDICT SUM(orders.amount, 0, 1, days) FORECAST 7 TIMEFRAMES FOR users.user_id = 3", TaskType.FORECASTING),
    ],
)
def test_task_types(rfm, query, task_type):
    assert rfm.resolve(query).task_type is task_type


def test_one_of_two_links_to_the_entity_is_read_through_the_other(rfm):
    # who gives whom: a user's gifts are those it gave, and the receiver another user (both ways round)
    assert (
        rfm.resolve("PREDICT LIST_DISTINCT(gifts.receiver, 0, 30, days) RANK TOP 3 FOR EACH users.user_id").fkey(
            "gifts"
        )
        == "giver"
    )
    assert rfm.resolve("PREDICT FIRST(gifts.giver, 0, 30, days) FOR EACH users.user_id").fkey("gifts") == "receiver"
    # both directions in one query: each would read the table through another link, and labels were the entity
    both = "PREDICT LIST_DISTINCT(gifts.receiver, 0, 30, days) RANK TOP 3 FOR EACH users.user_id "
    with pytest.raises(PQLError, match="read through giver elsewhere in this query and through receiver here"):
        rfm.resolve(both + "WHERE COUNT_DISTINCT(gifts.giver, -60, 0, days) > 3")


def test_horizon_is_the_longest_target_window(rfm):
    vq = rfm.resolve(
        "PREDICT COUNT(orders.*, 0, 7, days) > 0 OR COUNT(reviews.*, 0, 2, months) > 0 FOR EACH users.user_id"
    )
    assert vq.horizon == (2, "months") and vq.target_tables == ("orders", "reviews")
    assert rfm.resolve("PREDICT users.age FOR EACH users.user_id").static


@pytest.mark.parametrize(
    "reaches, step",
    [
        ([(7, "days"), (2, "months")], (2, "months")),  # two calendar months (59 days at least) cover 7 days
        ([(30, "days"), (1, "months")], (31, "days")),  # neither covers the other at every anchor
        ([(1, "months"), (30, "days")], (31, "days")),
        ([(45, "days"), (1, "months")], (45, "days")),  # 45 days cover any month
        ([(4, "weeks"), (1, "months")], (1, "months")),
        ([(2, "months"), (1, "months")], (2, "months")),
        ([(30, "days"), (720, "hours")], (30, "days")),  # the first of equals
    ],
)
def test_the_horizon_covers_calendar_months_beside_fixed_windows(reaches, step):
    assert covering(reaches) == step


@pytest.mark.parametrize(
    "query, fragment, bad_text",
    [
        (
            "PREDICT COUNT(order.*, 0, 30, days) FOR EACH users.user_id",
            'Unknown table "order". Did you mean "orders"?',
            "order.*",
        ),
        ("PREDICT SUM(orders.amont, 0, 30, days) FOR EACH users.user_id", 'Did you mean "amount"?', "orders.amont"),
        ("PREDICT COUNT(orders.*, 0, 30, days) FOR EACH user.user_id", 'Did you mean "users"?', "user.user_id"),
        ("PREDICT COUNT(orders.*, 0, 30, days) FOR EACH users.country", "not the primary key", "users.country"),
        ("PREDICT COUNT(orders.*, 30, 0, days) FOR EACH users.user_id", "start must be less than end", "30, 0"),
        ("PREDICT COUNT(orders.*, -30, 0, days) FOR EACH users.user_id", "0 <= start < end", "-30, 0"),
        (
            "PREDICT COUNT(orders.*, 0, 30) FOR EACH users.user_id WHERE COUNT(orders.*, 0, 10) > 0",
            "end at or before 0",
            "0, 10",
        ),
        (
            "PREDICT COUNT(orders.*, 0, 30) FOR EACH users.user_id ASSUMING COUNT(orders.*, -5, 0) > 0",
            "ASSUMING looks",
            "-5, 0",
        ),
        ("PREDICT COUNT(items.*, 0, 30, days) FOR EACH users.user_id", "not linked", "items.*"),
        ("PREDICT COUNT(gifts.*, 0, 30, days) FOR EACH users.user_id", "several columns (giver, receiver)", "gifts.*"),
        # the entity's own link: every value is the entity's key
        (
            "PREDICT FIRST(orders.user_id, 0, 30, days) FOR EACH users.user_id",
            "its value is the entity's own key",
            "orders.user_id",
        ),
        ("PREDICT COUNT(visits.*, 0, 30, days) FOR EACH users.user_id", "no time column", "visits.*"),
        ("PREDICT SUM(orders.*, 0, 30, days) FOR EACH users.user_id", "* only works with COUNT", "orders.*"),
        ("PREDICT users.* FOR EACH users.user_id", "only allowed inside COUNT", "users.*"),
        (
            "PREDICT SUM(reviews.created_at, 0, 30, days) FOR EACH users.user_id",
            "needs a numeric column",
            "reviews.created_at",
        ),
        ("PREDICT AVG(orders.item_id, 0, 30, days) FOR EACH users.user_id", "needs a numeric column", "orders.item_id"),
        (
            "PREDICT COUNT(orders.* WHERE users.age > 3, 0, 30) FOR EACH users.user_id",
            "may only use columns of orders",
            "users.age",
        ),
        (
            "PREDICT COUNT(orders.* WHERE COUNT(reviews.*, 0, 1) > 0, 0, 30) FOR EACH users.user_id",
            "inside another aggregation",
            "COUNT(reviews.*, 0, 1)",
        ),
        ("PREDICT orders.amount > 3 FOR EACH users.user_id", "column of another table", "orders.amount"),
        ("PREDICT users.user_id FOR EACH users.user_id", "primary key; it cannot be predicted", "users.user_id"),
        ("PREDICT COUNT(orders.*, 0, 30) > 'many' FOR EACH users.user_id", "is a number", "'many'"),
        ("PREDICT COUNT(orders.*, 0, 30) > '300' FOR EACH users.user_id", "drop the quotes: 300", "'300'"),
        ("PREDICT users.age LIKE 'a%' FOR EACH users.user_id", "LIKE compares text", "users.age LIKE 'a%'"),
        ("PREDICT users.country = 3 FOR EACH users.user_id", "quote the value", "3"),
        ("PREDICT users.signup_time > 3 FOR EACH users.user_id", "compare with a date", "3"),
        ("PREDICT users.country CONTAINS 3 FOR EACH users.user_id", "quote the value", "3"),
        # CONTAINS on a LIST_DISTINCT looks for one value of the listed column's type
        ("PREDICT LIST_DISTINCT(reviews.created_at, 0, 7) CONTAINS 10 FOR EACH users.user_id", "with a date", "10"),
        ("PREDICT LIST_DISTINCT(orders.quantity, 0, 7) CONTAINS 'x' FOR EACH users.user_id", "is a number", "'x'"),
        (
            "PREDICT LIST_DISTINCT(orders.item_id, 0, 7) = 3 FOR EACH users.user_id",
            "test for one value with CONTAINS",
            "LIST_DISTINCT(orders.item_id, 0, 7) = 3",
        ),
        (
            "PREDICT LIST_DISTINCT(orders.item_id, 0, 7) NOT IN (3, 4) FOR EACH users.user_id",
            "test for one value with CONTAINS",
            "LIST_DISTINCT(orders.item_id, 0, 7) NOT IN (3, 4)",
        ),
        ("PREDICT users.age > NULL FOR EACH users.user_id", "IS NULL or", "NULL"),
        ("PREDICT COUNT(orders.*, 0, 30) FOR EACH users.user_id WHERE users.age", "not a condition", "users.age"),
        ("PREDICT COUNT(orders.*, 0, 30) > 0 RANK TOP 3 FOR EACH users.user_id", "binary target", "RANK TOP 3"),
        ("PREDICT COUNT(orders.*, 0, 30) RANK TOP 3 FOR EACH users.user_id", "needs a LIST_DISTINCT", "RANK TOP 3"),
        (
            "PREDICT LIST_DISTINCT(orders.item_id, 0, 7) FOR EACH users.user_id",
            "add RANK TOP k",
            "LIST_DISTINCT(orders.item_id, 0, 7)",
        ),
        (
            "PREDICT LIST_DISTINCT(orders.amount, 0, 7) RANK TOP 3 FOR EACH users.user_id",
            "needs a foreign key",
            "orders.amount",
        ),
        ("PREDICT COUNT(orders.*, 0, 30) CLASSIFY FOR EACH users.user_id", "CLASSIFY does not apply", "CLASSIFY"),
        (
            "PREDICT users.age FORECAST 3 TIMEFRAMES FOR EACH users.user_id",
            "need an aggregation",
            "FORECAST 3 TIMEFRAMES",
        ),
        (
            "PREDICT COUNT(orders.*, 0, 30) FOR users.user_id IN ('a', 'b')",
            "Write the keys as numbers",
            "users.user_id",
        ),
        ("PREDICT COUNT(orders.*, 0, 30) FOR EACH notes.note_id", "not linked", "orders.*"),
    ],
)
def test_errors_point_at_the_offending_text(rfm, query, fragment, bad_text):
    with pytest.raises(PQLError) as info:
        rfm.resolve(query)
    message = str(info.value)
    assert fragment in message
    start = query.index(bad_text)
    caret_line = message.splitlines()[-1]
    assert caret_line.index("^") - 4 == start, message  # the caret starts under the offending text
    assert isinstance(info.value, ValueError)


def test_missing_primary_key_says_how_to_declare_it(rfm):
    rfm.graph.set_primary_key("notes", None)
    try:
        with pytest.raises(PQLError, match=r'set_primary_key\("notes"'):
            rfm.resolve("PREDICT notes.body FOR EACH notes.note_id")
    finally:
        rfm.graph.set_primary_key("notes", "note_id")


@pytest.mark.parametrize(
    "query, message, fix",
    [
        ("PREDICT COUNT(orders.*, 0, 0, days) FOR EACH users.user_id", "(0, 0] is empty", "e.g. (0, 30]"),
        ("PREDICT COUNT(orders.*, 0, -7, days) FOR EACH users.user_id", "(0, -7] is empty", "e.g. (0, 7]"),
        (
            "PREDICT COUNT(orders.*, 0, 30, days) FOR EACH users.user_id WHERE COUNT(orders.*, 0, -7, days) > 0",
            "(0, -7] is empty",
            "e.g. (-7, 0]",
        ),
        ("PREDICT COUNT(orders.*, 0, 3000000, days) FOR EACH users.user_id", "3,000,000 days", "within 1,000 years"),
        ("PREDICT COUNT(orders.*, 0, 99999999, months) FOR EACH users.user_id", "99,999,999 months", "1,000 years"),
        (
            "PREDICT COUNT(orders.*, 0, 30, days) FOR EACH users.user_id WHERE COUNT(orders.*, -99999999999, 0, days) > 0",
            "99,999,999,999 days",
            "1,000 years",
        ),
    ],
)
def test_a_bad_window_suggests_one_the_next_rule_accepts(rfm, query, message, fix):
    """The suggested window used to repeat the empty one ((0, 0] for (0, 0]) or break the next rule ((-7, 0] for a
    target); a window past the timestamp range raised OverflowError or a DuckDB cast error."""
    with pytest.raises(PQLError) as info:
        rfm.resolve(query)
    assert message in str(info.value) and fix in str(info.value)
    suggested = fix.removeprefix("e.g. ")
    if suggested.startswith("("):  # the suggestion itself passes validation
        start, end = suggested.strip("(]").split(", ")
        rfm.resolve(query.replace(message.split(" is empty")[0][1:-1], f"{start}, {end}", 1))


@pytest.mark.parametrize(
    "query",
    [
        "PREDICT orders.amount > 3 FOR EACH users.user_id",
        "PREDICT COUNT(orders.*, 0, 30, days) FOR EACH users.user_id WHERE orders.amount > 3",
    ],
)
def test_another_tables_column_gets_an_aggregation_its_place_accepts(rfm, query):
    """The advice for an entity filter was MAX(col, 0, 30, days), which the filter refuses in turn (its windows
    look back); followed, each suggestion now passes."""
    with pytest.raises(PQLError, match="column of another table") as info:
        rfm.resolve(query)
    suggested = re.search(r"e\.g\. (MAX\(orders\.amount, [-\d]+, \d+, days\))", str(info.value)).group(1)
    rfm.resolve(query.replace("orders.amount", suggested, 1))


def test_not_linked_names_the_links_the_table_has():
    # follower_id inferred to the follows table's own ids: the error shows it, so the user sees what to unlink
    con = duckdb.connect()
    con.execute("CREATE TABLE users (user_id INTEGER PRIMARY KEY, signed_up TIMESTAMP)").fetchall()
    con.execute(
        "CREATE TABLE follows (follow_id INTEGER PRIMARY KEY, follower_id INTEGER, followee_id INTEGER, followed_at TIMESTAMP)"
    ).fetchall()
    rfm = rfm_sql.attach(con)
    for column in ("follower_id", "followee_id"):
        rfm.graph.link("follows", column, "follows")
    with pytest.raises(
        PQLError, match=r"Its links now: follower_id -> follows, followee_id -> follows \(unlink one that is wrong\)"
    ):
        rfm.resolve("PREDICT COUNT(follows.*, 0, 30, days) FOR EACH users.user_id")


def test_a_count_over_a_table_linked_twice_says_both_fixes_and_the_one_that_keeps_the_graph_runs():
    con = duckdb.connect()
    con.execute("CREATE TABLE users (user_id INTEGER PRIMARY KEY, signed_up TIMESTAMP)")
    con.execute("INSERT INTO users SELECT range, TIMESTAMP '2024-01-01' FROM range(1, 50)")
    con.execute(
        "CREATE TABLE follows (follower_id INTEGER REFERENCES users, followee_id INTEGER REFERENCES users, "
        "followed_at TIMESTAMP)"
    )
    con.execute(
        "INSERT INTO follows SELECT 1 + range % 49, 1 + (range * 7) % 49, TIMESTAMP '2024-01-01' + to_hours(range * 5) "
        "FROM range(1, 800)"
    )
    rfm = rfm_sql.attach(con)
    with pytest.raises(PQLError, match=r"several columns \(follower_id, followee_id\)") as info:
        rfm.resolve("PREDICT COUNT(follows.*, 0, 30, days) FOR EACH users.user_id")
    message = str(info.value)
    assert 'rfm.graph.unlink("follows", "followee_id")' in message
    assert "rfm-sql graph DB --unlink follows.followee_id --save graph.json" in message  # a SQL user's way
    assert (
        "COUNT_DISTINCT(follows.follower_id, ...) counts the distinct follower_id of the rows whose followee_id"
        in message
    )
    followers = rfm.resolve("PREDICT COUNT_DISTINCT(follows.follower_id, 0, 30, days) FOR EACH users.user_id")
    assert followers.fkey("follows") == "followee_id"  # the entity's followers: the graph as it was


def test_for_each_a_shared_column_says_how_to_predict_per_value_and_that_way_runs(shop):
    # FOR EACH sessions.platform (a game trial) was told only to make platform the key, which it is not
    rfm = rfm_sql.attach(shop)
    with pytest.raises(PQLError, match=r"if no two rows share a value of country") as info:
        rfm.resolve("PREDICT COUNT(users.*, 0, 30, days) FOR EACH users.country")
    make = re.search(r"(CREATE TABLE country_values AS SELECT DISTINCT country FROM users);", str(info.value)).group(1)
    shop.execute(make)
    rfm = rfm_sql.attach(shop)
    assert rfm.resolve("PREDICT COUNT(users.*, 0, 30, days) FOR EACH country_values.country").entity_table == (
        "country_values"
    )


def test_the_average_of_a_boolean_says_how_to_count_or_rate_it():
    con = duckdb.connect()
    con.execute("CREATE TABLE players (player_id INTEGER PRIMARY KEY)")
    con.execute("CREATE TABLE games (player_id INTEGER REFERENCES players, won BOOLEAN, played_at TIMESTAMP)")
    rfm = rfm_sql.attach(con)
    with pytest.raises(PQLError, match=r"COUNT\(games\.\* WHERE games\.won = true, \.\.\.\).*CAST\(won AS INT\)"):
        rfm.resolve("PREDICT AVG(games.won, 0, 30, days) FOR EACH players.player_id")
    rfm.resolve("PREDICT COUNT(games.* WHERE games.won = true, 0, 30, days) FOR EACH players.player_id")  # it runs


def test_a_boolean_compared_with_text_says_to_use_true_or_false():
    # a freelance trial's clients.payment_verified = 'nope' reached DuckDB ("Could not convert string 'nope' to
    # BOOL", with the compiled SQL), and = 'yes' was silently cast to TRUE
    con = duckdb.connect()
    con.execute("CREATE TABLE players (player_id INTEGER PRIMARY KEY, verified BOOLEAN)")
    con.execute("CREATE TABLE games (player_id INTEGER REFERENCES players, won BOOLEAN, played_at TIMESTAMP)")
    rfm = rfm_sql.attach(con)
    for value in ("'nope'", "'yes'"):
        with pytest.raises(PQLError, match=rf"true or false; compare with TRUE or FALSE, not {value}") as info:
            rfm.resolve(
                f"PREDICT COUNT(games.*, 0, 30, days) FOR EACH players.player_id WHERE players.verified = {value}"
            )
        assert "^" in str(info.value)  # placed under the value
    for value in ("TRUE", "false", "1"):
        rfm.resolve(f"PREDICT COUNT(games.* WHERE games.won = {value}, 0, 30, days) FOR EACH players.player_id")


def test_a_missing_entity_key_named_like_a_key_gets_the_primary_key_not_a_near_foreign_key():
    # FOR EACH repos.repo_id of repos keyed by id (a code-hosting trial) was asked "Did you mean org_id?"
    con = duckdb.connect()
    con.execute("CREATE TABLE orgs (id INTEGER PRIMARY KEY)")
    con.execute(
        "CREATE TABLE repos (id INTEGER PRIMARY KEY, org_id INTEGER REFERENCES orgs (id), owner_id INTEGER, name TEXT)"
    )
    con.execute("CREATE TABLE stars (star_id INTEGER PRIMARY KEY, repo_id INTEGER REFERENCES repos, starred_at DATE)")
    rfm = rfm_sql.attach(con)
    for name in ("repo_id", "repoid", "repo_key"):
        with pytest.raises(
            PQLError, match=r'Did you mean "id"\? It is the primary key, which FOR EACH names: write repos\.id\.'
        ) as info:
            rfm.resolve(f"PREDICT COUNT(stars.*, 0, 30, days) FOR EACH repos.{name}")
        assert "org_id" not in str(info.value).split("Its columns")[0]
    with pytest.raises(PQLError, match=r'no column "nme"\. Did you mean "name"\?'):  # not a key: the near name
        rfm.resolve("PREDICT COUNT(stars.*, 0, 30, days) FOR EACH repos.nme")
    with pytest.raises(PQLError, match=r'no column "ownr_id"\. Did you mean "owner_id"\?'):  # elsewhere: as before
        rfm.resolve("PREDICT COUNT(stars.*, 0, 30, days) FOR EACH repos.id WHERE repos.ownr_id = 1")
    rfm.resolve("PREDICT COUNT(stars.*, 0, 30, days) FOR EACH repos.id")  # what it says runs


def test_the_average_of_a_date_says_how_to_make_a_number_of_days_and_that_way_runs():
    # AVG(listings.sold_at, ...) (a real-estate trial) was told to TRY_CAST it to DOUBLE: NULL for every date
    con = duckdb.connect()
    con.execute("CREATE TABLE agents (agent_id INTEGER PRIMARY KEY)")
    con.execute(
        "CREATE TABLE listings (listing_id INTEGER PRIMARY KEY, agent_id INTEGER REFERENCES agents, "
        "listed_at TIMESTAMP, sold_at TIMESTAMP)"
    )
    con.execute("INSERT INTO agents SELECT range FROM range(5)")
    con.execute(
        "INSERT INTO listings SELECT range, range % 5, DATE '2024-01-01' + CAST(range AS INT), NULL FROM range(50)"
    )
    rfm = rfm_sql.attach(con)
    with pytest.raises(PQLError) as info:
        rfm.resolve("PREDICT AVG(listings.sold_at, 0, 30, days) FOR EACH agents.agent_id")
    said = str(info.value)
    assert "listings.sold_at is TIMESTAMP: a date, not a number" in said and "TRY_CAST" not in said
    assert "FIRST or LAST" in said and "COUNT(listings.* WHERE listings.sold_at IS NOT NULL, ...)" in said
    view = re.search(r"(CREATE VIEW .*? FROM listings), then AVG\((\w+\.\w+), \.\.\.\)", said)
    assert view.group(1) == (
        "CREATE VIEW listings_days AS SELECT *, DATE_DIFF('day', listed_at, sold_at) AS days_to_sold FROM listings"
    )
    con.execute(view.group(1))
    rfm = rfm_sql.attach(con)
    rfm.resolve(f"PREDICT AVG({view.group(2)}, 0, 30, days) FOR EACH agents.agent_id")
    con.execute("CREATE TABLE visits (visit_id INTEGER PRIMARY KEY, agent_id INTEGER REFERENCES agents, day DATE)")
    with pytest.raises(PQLError, match=r"<start column>: the date day is counted from"):  # no other date to count from
        rfm_sql.attach(con).resolve("PREDICT SUM(visits.day, 0, 30, days) FOR EACH agents.agent_id")
    # the row's own time is where a span starts: counted from it to the other date, not back from that one (a farm
    # co-op's delivered_at was offered as DATE_DIFF('day', settled_at, delivered_at), every day negative)
    with pytest.raises(PQLError) as info:
        rfm_sql.attach(con).resolve("PREDICT AVG(listings.listed_at, 0, 30, days) FOR EACH agents.agent_id")
    assert "DATE_DIFF('day', listed_at, sold_at) AS days_to_sold FROM listings" in str(info.value)
    # ... but a date named for the row's write comes before its time: counted from it, as before
    con.execute(
        "CREATE TABLE shipments (shipment_id INTEGER PRIMARY KEY, agent_id INTEGER REFERENCES agents, "
        "shipped_at TIMESTAMP, created_at TIMESTAMP)"
    )
    with pytest.raises(PQLError) as info:
        rfm_sql.attach(con).resolve("PREDICT AVG(shipments.shipped_at, 0, 30, days) FOR EACH agents.agent_id")
    assert "DATE_DIFF('day', created_at, shipped_at) AS days_to_shipped" in str(info.value)


def test_for_each_a_column_holding_another_tables_ids_says_to_link_it():
    """A subscription-box trial's `FOR EACH support_contacts.acct_no` (subscriber ids, unlinked) was told to make a
    table of its distinct values; of the tables whose ids hold it, the smallest is named (not the larger ratings)."""
    con = duckdb.connect()
    con.execute("CREATE TABLE subscribers (subscriber_id INTEGER PRIMARY KEY, joined_at TIMESTAMP)")
    con.execute("INSERT INTO subscribers SELECT i, TIMESTAMP '2024-01-01' FROM range(1, 201) t(i)")
    con.execute("CREATE TABLE ratings (rating_id INTEGER PRIMARY KEY, stars INTEGER)")
    con.execute("INSERT INTO ratings SELECT i, 1 + i % 5 FROM range(1, 2001) t(i)")
    con.execute("CREATE TABLE contacts (contact_id INTEGER PRIMARY KEY, acct_no INTEGER, opened_at TIMESTAMP)")
    con.execute(
        "INSERT INTO contacts SELECT i, 1 + i % 200, TIMESTAMP '2024-01-01' + INTERVAL (i) HOUR FROM range(900) t(i)"
    )
    rfm = rfm_sql.attach(con)
    with pytest.raises(PQLError, match="not the primary key") as info:
        rfm.resolve("PREDICT COUNT(contacts.*, 0, 30, days) FOR EACH contacts.acct_no")
    said = str(info.value)
    assert 'contacts.acct_no holds subscribers.subscriber_id values: rfm.graph.link("contacts", "acct_no", ' in said
    exec(re.search(r"(rfm\.graph\.link\([^)]*\))", said).group(1))  # the fix it gives works
    assert (
        rfm.resolve("PREDICT COUNT(contacts.*, 0, 30, days) FOR EACH subscribers.subscriber_id").entity_table
        == "subscribers"
    )
    # linked now, the same slip is told the entity to write, not to link it again (a telehealth trial)
    with pytest.raises(PQLError, match="not the primary key") as info:
        rfm.resolve("PREDICT COUNT(contacts.*, 0, 30, days) FOR EACH contacts.acct_no")
    assert "contacts.acct_no links to subscribers: write FOR EACH subscribers.subscriber_id" in str(info.value)
    assert "rfm.graph.link" not in str(info.value)


def test_counting_one_of_two_links_counts_the_rows_it_links():
    """A bike-share trial's trips link to stations twice (start and end): `COUNT(trips.*)` per station was refused
    (rightly), and the way out it gave, unlinking the end station, broke the ranking of end stations. Counting the
    link's own column counts the rows whose that column is the entity, the graph left as it is."""
    con = duckdb.connect()
    con.execute("CREATE TABLE stations (station_id INTEGER PRIMARY KEY, opened_at TIMESTAMP)")
    con.execute("INSERT INTO stations SELECT i, TIMESTAMP '2023-01-01' FROM range(10) t(i)")
    con.execute(
        "CREATE TABLE trips (trip_id INTEGER PRIMARY KEY, start_station_id INTEGER REFERENCES stations, "
        "end_station_id INTEGER REFERENCES stations, started_at TIMESTAMP)"
    )
    con.execute(  # station s starts s + 1 trips a day, ends trips at its own pace
        "INSERT INTO trips SELECT row_number() OVER (), s, (s * 3 + d) % 10, TIMESTAMP '2024-01-01' + INTERVAL (d) DAY "
        "FROM range(10) a(s), range(60) b(d), range(10) c(k) WHERE k <= s"
    )
    rfm = rfm_sql.attach(con)
    with pytest.raises(
        PQLError, match=r"COUNT\(trips\.start_station_id, \.\.\.\) counts the rows whose start_station_id"
    ):
        rfm.resolve("PREDICT COUNT(trips.*, 0, 7, days) FOR EACH stations.station_id")
    query = "PREDICT COUNT(trips.{}, 0, 7, days) FOR EACH stations.station_id"
    rows = rfm.labels(query.format("start_station_id"), "2024-02-01").to_pylist()
    starts = {r["ENTITY"]: r["TARGET"] for r in rows}
    assert starts == {s: 7 * (s + 1) for s in range(10)}
    ends = rfm.labels(query.format("end_station_id"), "2024-02-01").column("TARGET").to_pylist()
    assert sum(ends) == sum(starts.values()) and sorted(ends) != sorted(starts.values())
    assert len(rfm.graph.links_between("trips", "stations")) == 2  # the graph as it was


def test_aggregating_the_table_the_entity_references_says_it_is_the_other_way_round(rfm):
    """A veterinary trial's `COUNT(pets.*) FOR EACH visits.visit_id` was told to link pets to visits."""
    with pytest.raises(PQLError, match=r"It is the other way round: orders\.user_id references users") as info:
        rfm.resolve("PREDICT COUNT(users.*, 0, 30, days) FOR EACH orders.order_id")
    assert "FOR EACH users.user_id" in str(info.value) and "rfm.graph.link" not in str(info.value)


def test_aggregating_the_entity_table_itself_names_the_tables_its_rows_reference(rfm):
    """`COUNT(orders.*) FOR EACH orders.order_id` (a parking trial's payments per payment) named no table to use."""
    with pytest.raises(PQLError, match=r"itself is not supported.*predict FOR EACH users\.user_id or items\.item_id"):
        rfm.resolve("PREDICT COUNT(orders.*, 0, 30, days) > 0 FOR EACH orders.order_id")


def test_a_latest_date_as_a_target_says_what_to_predict_instead(rfm):
    """MAX of a date was told only "predict a count or compare it" (a language app trial): now each form, and the
    comparison it names resolves."""
    with pytest.raises(PQLError, match=r"MAX of a timestamp cannot be a target.*COUNT\(orders\.\*, \.\.\.\) > 0") as e:
        rfm.resolve("PREDICT MAX(orders.ordered_at, 0, 30, days) FOR EACH users.user_id")
    assert "DATE_DIFF('day'" in str(e.value)
    compared = re.search(r"a class, (MAX\(orders\.ordered_at, \.\.\.\) > 2024-01-01)", str(e.value)).group(1)
    query = "PREDICT " + compared.replace("...", "0, 30, days") + " FOR EACH users.user_id"
    assert rfm.resolve(query).task_type is TaskType.BINARY


def test_a_sum_of_text_keys_is_told_to_count_them_not_to_cast_them():
    """SUM(bookings.tutor_ref), keys like 'TU-0001' (a tutoring trial): a TRY_CAST to DOUBLE reads none of them."""
    con = duckdb.connect()
    con.execute("CREATE TABLE students (student_id INTEGER PRIMARY KEY)")
    con.execute("CREATE TABLE tutors (tutor_code VARCHAR PRIMARY KEY)")
    con.execute(
        "CREATE TABLE bookings (booking_id INTEGER PRIMARY KEY, student_id INTEGER REFERENCES students, "
        "tutor_ref VARCHAR REFERENCES tutors, booked_at TIMESTAMP)"
    )
    query = "PREDICT SUM(bookings.tutor_ref, 0, 30, days) FOR EACH students.student_id"
    with pytest.raises(PQLError, match=r"COUNT\(bookings\.\*, \.\.\.\) or COUNT_DISTINCT\(bookings\.tutor_ref") as e:
        rfm_sql.attach(con).resolve(query)
    assert "TRY_CAST" not in str(e.value)
