"""Keys named as their table's singular alone, or after a role word (pledges.backer, drivers.home_site), with no key
suffix: linked where the values are many and the parent's key holds them (graph/bare_keys.py); a crowdfunding
trial's pledges.backer was read as a number and every question per backer failed until it was linked by hand."""

import duckdb

import rfm_sql


def _links(con) -> dict:
    graph = rfm_sql.attach(con).graph
    return {(lk.child, lk.fkey): lk.parent for lk in graph.links}


def test_a_tables_singular_alone_or_after_a_role_word_is_a_key():
    con = duckdb.connect()
    con.execute("CREATE TABLE backers (backer_id INTEGER PRIMARY KEY, country VARCHAR)")
    con.execute("INSERT INTO backers SELECT i, ['us', 'de'][1 + i % 2] FROM range(1, 501) t(i)")
    con.execute("CREATE TABLE sites (site_id INTEGER PRIMARY KEY, city VARCHAR)")
    con.execute("INSERT INTO sites SELECT i, 'c' || i FROM range(1, 61) t(i)")
    con.execute(  # the table declares its own key and leaves the others out, as the trial's did
        "CREATE TABLE pledges (pledge_id INTEGER PRIMARY KEY, backer INTEGER, home_site INTEGER, "
        "pledged_at TIMESTAMP, amount DOUBLE)"
    )
    con.execute(
        "INSERT INTO pledges SELECT i, 1 + (i * 7919) % 500, 1 + i % 60, TIMESTAMP '2024-01-01' + INTERVAL (i) HOUR, "
        "5 + i % 50 FROM range(4000) t(i)"
    )
    links = _links(con)
    assert links[("pledges", "backer")] == "backers" and links[("pledges", "home_site")] == "sites"
    graph = rfm_sql.attach(con).graph
    assert "its singular" in graph.why("pledges", "backer")
    assert graph.table("pledges").column("backer").stype.value == "id"  # a key, not a quantity


def test_a_few_small_numbers_a_tables_own_number_and_values_the_key_lacks_are_no_keys():
    con = duckdb.connect()
    con.execute("CREATE TABLE ratings (rating_id INTEGER PRIMARY KEY, rated_at TIMESTAMP)")
    con.execute("INSERT INTO ratings SELECT i, TIMESTAMP '2024-01-01' FROM range(1, 301) t(i)")
    con.execute("CREATE TABLE flights (flight_id INTEGER PRIMARY KEY, flight INTEGER, departed_at TIMESTAMP)")
    con.execute(  # flight numbers, all among the flights' ids: a flight's own number, no link to itself
        "INSERT INTO flights SELECT i, 1 + (i * 37) % 900 * 3, TIMESTAMP '2024-01-01' + INTERVAL (i) HOUR "
        "FROM range(1, 3001) t(i)"
    )
    con.execute("CREATE TABLE reviews (review_id INTEGER PRIMARY KEY, rating INTEGER, flight_id INTEGER, site INTEGER)")
    con.execute(  # a rating of 1-5 beside a ratings table; no sites table
        "INSERT INTO reviews SELECT i, 1 + i % 5, 1 + i % 3000, i FROM range(1, 2001) t(i)"
    )
    links = _links(con)
    assert ("reviews", "rating") not in links and ("flights", "flight") not in links
    assert links[("reviews", "flight_id")] == "flights"
