"""An error's advice must work where it is given. A target window longer than all of the data: no anchor can be
labelled, so every surface says to shorten the window instead of sending the user to a later anchor (predict)
and then back to an earlier one (evaluate). An explanation asked without an entity names the arguments the
surface it came through takes."""

import re

import duckdb
import pytest

import rfm_sql
from rfm_sql.errors import NoExamplesError, UserError

LONG = "PREDICT COUNT(orders.*, 0, 900, days) FOR EACH users.user_id"  # the demo's orders span about 2 years


@pytest.fixture
def rfm(shop):
    return rfm_sql.attach(shop)


def _says_shorten(message: str) -> None:
    assert "longer than all of the data in orders" in message and "use a shorter target window" in message
    assert "later anchor_time" not in message and "earlier anchor_time" not in message


def test_predict_says_the_window_is_longer_than_the_data(rfm):
    with pytest.raises(NoExamplesError) as err:
        rfm.predict(LONG)
    _says_shorten(str(err.value))


def test_rfm_predict_says_so_from_sql_too(rfm):
    with pytest.raises(duckdb.Error) as err:
        rfm.con.sql("SELECT * FROM rfm_predict(?)", params=[LONG]).fetchall()
    _says_shorten(str(err.value))


def test_evaluate_says_so_at_the_default_anchor_and_at_a_given_one(rfm):
    with pytest.raises(NoExamplesError) as err:
        rfm.evaluate(LONG)
    _says_shorten(str(err.value))
    with pytest.raises(UserError) as err:
        rfm.evaluate(LONG, anchor_time="2024-06-01")
    _says_shorten(str(err.value))


def test_a_window_that_fits_keeps_the_anchor_advice(rfm):
    # 300 days fit in the data twice: the old advice (a later or earlier anchor) still applies there
    with pytest.raises(UserError) as err:
        rfm.evaluate("PREDICT COUNT(orders.*, 0, 300, days) FOR EACH users.user_id", anchor_time="2024-12-01")
    assert "longer than all of the data" not in str(err.value) and "pass anchor_time at or before" in str(err.value)


def test_an_explain_query_sent_to_predict_names_what_works_there(rfm):
    with pytest.raises(UserError) as err:
        rfm.predict("EXPLAIN PREDICT COUNT(orders.*, 0, 30, days) FOR EACH users.user_id")
    message = str(err.value)
    assert "Which users should be explained" in message and "entities=[42] (rfm.predict)" in message
    assert "entity := 42 (SQL rfm_explain)" not in message  # rfm_predict takes no entity argument
    # and the advice works: the explanation's rows for one user
    rows = rfm.predict("EXPLAIN PREDICT COUNT(orders.*, 0, 30, days) FOR EACH users.user_id", entities=[1])
    assert rows.num_rows > 0


def test_an_evaluate_query_explained_without_entities_asks_for_them_in_the_query(rfm):
    query = "EVALUATE PREDICT COUNT(orders.*, 0, 30, days) FOR EACH users.user_id"
    with pytest.raises(UserError) as err:
        rfm.explain(query)
    assert "FOR users.user_id IN (42, ...)" in str(err.value) and "entity=42" not in str(err.value)
    with pytest.raises(UserError, match="does not apply to an EVALUATE query"):  # entity= is refused there
        rfm.explain(query, entity=1)
    assert rfm.explain(query.replace("FOR EACH users.user_id", "FOR users.user_id IN (1, 2)")) is not None


def test_a_forecast_longer_than_the_data_says_fewer_timeframes(rfm):
    forecast = "PREDICT SUM(orders.amount, 0, 200, days) FORECAST 5 TIMEFRAMES FOR EACH users.user_id"
    for call in (lambda: rfm.predict(forecast), lambda: rfm.evaluate(forecast)):
        with pytest.raises(UserError) as err:
            call()
        message = str(err.value)
        assert "5 timeframes of 200 days" in message and "forecast fewer timeframes" in message
        assert "later anchor_time" not in message and "earlier anchor_time" not in message


def test_data_spanning_hours_is_measured_in_fractions_of_a_day(con):
    con.execute("CREATE TABLE users (user_id INTEGER PRIMARY KEY)")
    con.execute("INSERT INTO users SELECT range FROM range(30)")
    con.execute(
        "CREATE TABLE orders (order_id INTEGER PRIMARY KEY, user_id INTEGER REFERENCES users(user_id), "
        "ordered_at TIMESTAMP)"
    )
    con.execute(
        "INSERT INTO orders SELECT range, range % 30, TIMESTAMP '2024-01-01' + range * INTERVAL 10 MINUTE "
        "FROM range(114)"
    )
    with pytest.raises(NoExamplesError) as err:
        rfm_sql.attach(con).predict("PREDICT COUNT(orders.*, 0, 30, days) FOR EACH users.user_id")
    assert "18:50:00, 0.8 days)" in str(err.value) and "well under 0.8 days" in str(err.value)  # not "0 days"


NOTHING_PASSES = "ASSUMING COUNT(orders.*, 0, 30, days) > 1000"


@pytest.mark.parametrize("target", ["users.country", "COUNT(orders.*, 0, 30, days)"], ids=["static", "windowed"])
def test_an_assuming_nothing_passes_is_not_sent_past_the_datas_end(rfm, target):
    """At the default anchor (the data's end) a later anchor has no more examples: the advice is to loosen
    ASSUMING (and, for a window, to shorten it), not "pass a later anchor_time"."""
    with pytest.raises(NoExamplesError) as err:
        rfm.predict(f"PREDICT {target} FOR EACH users.user_id {NOTHING_PASSES}")
    message = str(err.value)
    assert "To fix: loosen ASSUMING" in message and "later anchor_time" not in message
    assert "1 anchors" not in message
    assert ("shorter target window" in message) is (target != "users.country")


def test_an_early_anchor_keeps_the_later_anchor_advice(rfm):
    with pytest.raises(NoExamplesError, match="loosen ASSUMING; or pass a later anchor_time"):
        rfm.predict(
            f"PREDICT COUNT(orders.*, 0, 30, days) FOR EACH users.user_id {NOTHING_PASSES}", anchor_time="2024-06-01"
        )


ONCE = "PREDICT COUNT(orders.*, 0, 400, days) FOR EACH users.user_id"  # fits the demo's ~722 days once, not twice


def _says_twice(message: str) -> None:
    assert "needs the target window (400 days) twice within the data" in message
    assert "use a window under 361 days" in message and "anchor_time at or" not in message


@pytest.mark.parametrize("anchor_time", [None, "2023-03-01", "2024-12-01"])
def test_a_window_that_fits_once_cannot_be_backtested_at_any_anchor(rfm, anchor_time):
    """Before: the default backtest said "pass an anchor_time at or after 2024-02-12", and there "at or before
    2023-11-26": no anchor has a window before it for the context and an observed one after it."""
    with pytest.raises(NoExamplesError) as err:
        rfm.evaluate(ONCE, anchor_time=anchor_time)
    _says_twice(str(err.value))


def test_a_window_that_fits_once_from_sql(rfm):
    with pytest.raises(duckdb.Error) as err:
        rfm.con.sql("SELECT * FROM rfm_evaluate(?)", params=[ONCE]).fetchall()
    _says_twice(str(err.value))
    rfm.predict(ONCE)  # predict needs the window once: it works


def test_a_forecast_that_fits_once_says_fewer_timeframes(rfm):
    with pytest.raises(NoExamplesError) as err:
        rfm.evaluate("PREDICT SUM(orders.amount, 0, 100, days) FORECAST 4 TIMEFRAMES FOR EACH users.user_id")
    message = str(err.value)
    assert "the forecast's 4 timeframes of 100 days (400 days) twice" in message
    assert "forecast fewer timeframes or use a shorter window, under 361 days in all" in message


def test_a_static_target_few_rows_have_still_gets_a_fix(shop):
    # at the data's end, with no filter or ASSUMING, "pass a later anchor_time" was the only hint: "To fix: ."
    shop.execute("UPDATE users SET segment = NULL WHERE user_id > 5")
    with pytest.raises(NoExamplesError) as err:
        rfm_sql.attach(shop).predict("PREDICT users.segment FOR EACH users.user_id")
    assert "To fix: predict a column that more users rows have a value of." in str(err.value)
    assert "needed) at the prediction anchor " in str(err.value) and "before" not in str(err.value)


def test_filling_in_missing_values_with_a_filter_is_sent_to_listing_the_rows(shop):
    """`WHERE users.age IS NULL` (the natural way to ask for the gaps) leaves no labelled example, since the
    filter picks the context too; "loosen the WHERE filter" said nothing of the way that works."""
    import re

    shop.execute("UPDATE users SET age = NULL WHERE user_id % 7 = 0")
    rfm = rfm_sql.attach(shop)
    with pytest.raises(NoExamplesError) as err:
        rfm.predict("PREDICT users.age FOR EACH users.user_id WHERE users.age IS NULL")
    message = str(err.value)
    assert "FOR users.user_id IN (...) or entities=[...]" in message and "loosen" not in message
    keys = [k for (k,) in shop.sql(re.search(r"the keys of (SELECT [^)]*)", message).group(1)).fetchall()]
    assert keys and rfm.predict("PREDICT users.age FOR EACH users.user_id", entities=keys).num_rows == len(keys)


def test_an_empty_target_table_says_so_at_once(shop):
    # it said "no default anchor time. Pass anchor_time=...", and with one: "returns have no rows ... Load the data"
    shop.execute("CREATE TABLE returns (return_id INTEGER PRIMARY KEY, user_id INTEGER REFERENCES users, ts TIMESTAMP)")
    rfm = rfm_sql.attach(shop)
    for anchor_time in (None, "2024-06-01"):
        with pytest.raises(NoExamplesError) as err:
            rfm.predict("PREDICT COUNT(returns.*, 0, 30, days) FOR EACH users.user_id", anchor_time=anchor_time)
        assert "returns have no rows with a timestamp" in str(err.value) and "Load the data first" in str(err.value)
        assert "Pass anchor_time" not in str(err.value)


@pytest.fixture
def channels(con):
    con.execute("CREATE TABLE users AS SELECT range AS user_id FROM range(200)")
    con.execute(
        "CREATE TABLE orders AS SELECT range AS order_id, range % 200 AS user_id, 'web' AS channel, range AS item_id, "
        "TIMESTAMP '2023-01-01' + range * INTERVAL 1 HOUR AS ts FROM range(4000)"
    )  # one channel only; every order's item is new
    return rfm_sql.attach(con)


@pytest.mark.parametrize(
    "target", ["LAST(orders.channel, 0, 30, days)", "LIST_DISTINCT(orders.channel, 0, 30, days) CLASSIFY"]
)
def test_a_pair_target_with_one_class_says_so(channels, target):
    # it said "Pass a later anchor_time, or loosen the entity filter or ASSUMING", neither of which helps
    with pytest.raises(NoExamplesError) as err:
        channels.predict(f"PREDICT {target} FOR EACH users.user_id")
    assert "Every example's label is web: with one class there is nothing to choose between" in str(err.value)
    assert "loosen the entity filter" not in str(err.value)


def test_a_ranking_whose_targets_are_always_new_says_so(channels):
    with pytest.raises(NoExamplesError) as err:
        channels.predict("PREDICT LIST_DISTINCT(orders.item_id, 0, 30, days) RANK TOP 3 FOR EACH users.user_id")
    assert "0 candidates that were linked" in str(err.value) and "they are new each time" in str(err.value)


def _follow_the_view_advice(con, rfm, query: str) -> str:
    """Run `query` (an aggregation over the self-linked entity table), then do what its error says: create the
    view as written and make the link it names; returns the view's name."""
    with pytest.raises(rfm_sql.PQLError) as err:
        rfm.predict(query)
    message = str(err.value)
    con.execute(re.search(r"(CREATE VIEW .*?); then", message).group(1))  # valid DuckDB as written
    view, fk, parent = re.search(r'rfm\.graph\.link\("([^"]+)", "([^"]+)", "([^"]+)"\)', message).groups()
    rfm.graph.link(view, fk, parent)
    return view


def test_aggregating_a_self_linked_entity_table_offers_a_view_that_works(con):
    # "COUNT over the entity table users itself is not supported": users links to itself (referrer_id), and
    # the view the message writes, with the link it names, counts each user's referrals
    con.execute("CREATE TABLE users (user_id INTEGER PRIMARY KEY, referrer_id INTEGER, signup TIMESTAMP)")
    con.execute(
        "INSERT INTO users SELECT range, CASE WHEN range > 0 THEN range // 2 END, "
        "TIMESTAMP '2023-01-01' + range * INTERVAL 3 HOUR FROM range(2000)"
    )
    rfm = rfm_sql.attach(con)
    view = _follow_the_view_advice(con, rfm, "PREDICT COUNT(users.*, 0, 30, days) FOR EACH users.user_id")
    query = f"PREDICT COUNT({view}.*, 0, 30, days) FOR EACH users.user_id"
    labels = rfm.labels(query, anchor_time="2023-03-01")
    expected = dict(
        con.sql(
            "SELECT referrer_id, count(*) FROM users WHERE signup > TIMESTAMP '2023-03-01' "
            "AND signup <= TIMESTAMP '2023-03-31' GROUP BY ALL"
        ).fetchall()
    )
    got = dict(zip(labels.column("ENTITY").to_pylist(), labels.column("TARGET").to_pylist(), strict=True))
    assert expected and all(got[k] == v for k, v in expected.items())
    assert rfm.predict(query).num_rows == 2000


def test_each_self_link_of_the_entity_table_is_named(con):
    # a question's answers (parent_id) beside its accepted answer (accepted_id): the advice named one of them
    con.execute(
        "CREATE TABLE posts (post_id INTEGER PRIMARY KEY, parent_id INTEGER REFERENCES posts (post_id), "
        "accepted_id INTEGER REFERENCES posts (post_id), created TIMESTAMP)"
    )
    rfm = rfm_sql.attach(con)
    with pytest.raises(rfm_sql.PQLError) as err:
        rfm.resolve("PREDICT COUNT(posts.*, 0, 7, days) FOR EACH posts.post_id")
    named = re.search(r"reference each one through (\w+).* Through (\w+) instead: the same", str(err.value))
    assert named and set(named.groups()) == {"parent_id", "accepted_id"}


def test_the_self_link_view_works_for_names_that_need_quotes(con):
    con.execute('CREATE TABLE "my users" ("user id" INTEGER PRIMARY KEY, "referrer id" INTEGER, signup TIMESTAMP)')
    con.execute(
        'INSERT INTO "my users" SELECT range, CASE WHEN range > 0 THEN range // 2 END, '
        "TIMESTAMP '2023-01-01' + range * INTERVAL 3 HOUR FROM range(500)"
    )
    rfm = rfm_sql.attach(con)
    entity = "FOR EACH `my users`.`user id`"
    view = _follow_the_view_advice(con, rfm, f"PREDICT COUNT(`my users`.*, 0, 30, days) {entity}")
    assert rfm.predict(f"PREDICT COUNT({view}.*, 0, 30, days) {entity}").num_rows == 500
