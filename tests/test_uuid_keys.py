"""UUID primary keys listed in any spelling (upper case, uuid.UUID) name the same entity on every surface: a key
upper-cased by another system was reported as missing (FOR ... IN) or predicted as NULL (the per-row form)."""

import uuid

import duckdb
import pytest

import rfm_sql
from rfm_sql.runtime.keyset import comparable

COUNT = "PREDICT COUNT(orders.*, 0, 30, days) FOR EACH users.user_id"


@pytest.fixture
def rfm():
    con = duckdb.connect()
    con.execute("CREATE TABLE ids AS SELECT uuid() AS user_id, range AS i FROM range(40)")
    con.execute("CREATE TABLE users (user_id UUID PRIMARY KEY, signup TIMESTAMP)")
    con.execute("INSERT INTO users SELECT user_id, TIMESTAMP '2023-01-01' FROM ids")
    con.execute(
        "CREATE TABLE orders (order_id INTEGER PRIMARY KEY, user_id UUID REFERENCES users (user_id), "
        "ordered_at TIMESTAMP, amount DOUBLE)"
    )
    con.execute(
        "INSERT INTO orders SELECT range, ids.user_id, TIMESTAMP '2023-02-01' + INTERVAL (range * 7) HOUR, range % 13 "
        "FROM range(2400) JOIN ids ON ids.i = range % 40"
    )
    con.execute("DROP TABLE ids")
    yield rfm_sql.attach(con)
    con.close()


def test_an_upper_case_uuid_names_the_same_entity_everywhere(rfm):
    key = rfm.con.sql("SELECT user_id FROM users ORDER BY user_id LIMIT 1").fetchall()[0][0]
    upper = str(key).upper()
    want = rfm.predict(COUNT, entities=[str(key)], context_size=50).to_pylist()
    assert rfm.predict(COUNT, entities=[upper], context_size=50).to_pylist() == want
    assert rfm.predict(COUNT, entities=[key], context_size=50).to_pylist() == want
    listed = f"PREDICT COUNT(orders.*, 0, 30, days) FOR users.user_id IN ('{upper}')"
    assert [r["TARGET_PRED"] for r in rfm.predict(listed, context_size=50).to_pylist()] == [want[0]["TARGET_PRED"]]
    per_row = rfm.con.sql(f"SELECT rfm_predict('{COUNT}', '{upper}', context_size := 50)").fetchall()
    assert per_row == [(want[0]["TARGET_PRED"],)]


def test_a_key_that_is_no_uuid_is_an_error_per_row_and_in_a_list(rfm):
    with pytest.raises(duckdb.Error, match=r"'x' cannot be a users.user_id \(type UUID\)"):
        rfm.con.sql(f"SELECT rfm_predict('{COUNT}', 'x', context_size := 50)").fetchall()
    with pytest.raises(rfm_sql.UserError, match="primary key's type UUID"):
        rfm.predict(COUNT, entities=["x"], context_size=50)
    missing = str(uuid.uuid4()).upper()
    with pytest.raises(rfm_sql.UserError, match=f"No users with user_id in \\('{missing}'\\)"):
        rfm.predict(f"PREDICT COUNT(orders.*, 0, 30, days) FOR users.user_id IN ('{missing}')", context_size=50)


def test_comparable():
    key = uuid.uuid4()
    assert comparable(str(key).upper(), "UUID") == comparable(key, "UUID") == str(key)
    assert comparable("x", "UUID") == "x" and comparable("7", "BIGINT") == 7 and comparable(7.0, "INTEGER") == 7
    assert comparable("7.5", "INTEGER") == "7.5" and comparable("a", "VARCHAR") == "a"


def test_a_listed_value_that_is_no_uuid_is_a_user_error_on_every_path(rfm):
    # the query's own list and explain's entity reached DuckDB's cast: a raw ConversionException
    listed = "PREDICT COUNT(orders.*, 0, 30, days) FOR users.user_id"
    for call, param in (
        (lambda: rfm.predict(f"{listed} = 'abc'", context_size=50), "query"),
        (lambda: rfm.predict(f"{listed} IN (1)", context_size=50), "query"),
        (lambda: rfm.evaluate(f"{listed} IN ('abc')", context_size=50), "query"),
        (lambda: rfm.explain(COUNT, entity="abc", context_size=50), "entity"),
    ):
        with pytest.raises(rfm_sql.UserError, match="primary key's type UUID; .* cannot be one") as info:
            call()
        assert info.value.param == param


def test_uuid_text_keys_are_linked_by_containment_and_never_read_as_text():
    """UUIDs stored as text are 36 characters, past what containment took for a key (30): a forum trial's
    answers.question_id (posts of another table's name) was left unlinked and read as free text. Text of one width
    is a code, never prose: linked where its values lie in a key, else an identifier, not read."""
    con = duckdb.connect()
    con.execute("CREATE TABLE posts (post_id VARCHAR PRIMARY KEY, created_at TIMESTAMP, body VARCHAR)")
    con.execute(
        "INSERT INTO posts SELECT CAST(uuid() AS VARCHAR), TIMESTAMP '2024-01-01' + INTERVAL (range) HOUR, "
        "repeat('word ', 5 + range % 17) FROM range(300)"
    )
    con.execute(
        "CREATE TABLE answers (answer_id INTEGER PRIMARY KEY, question_id VARCHAR, created_at TIMESTAMP, "
        "request_hash VARCHAR)"
    )
    con.execute(
        "INSERT INTO answers SELECT a, p.post_id, TIMESTAMP '2024-01-02' + INTERVAL (a) HOUR, md5(CAST(a AS VARCHAR)) "
        "FROM range(900) r(a) JOIN (SELECT post_id, row_number() OVER (ORDER BY post_id) - 1 AS i FROM posts) p "
        "ON p.i = a % 300"
    )
    graph = rfm_sql.attach(con).graph
    (link,) = graph.parents("answers")
    assert (link.fkey, link.parent) == ("question_id", "posts")
    assert "codes of one width, 100% of values contained in posts.post_id" in graph.why("answers", "question_id")
    assert graph.table("answers").column("request_hash").stype.value == "id"  # 32 hex characters: no prose
    assert graph.table("posts").column("body").stype.value == "text"  # prose of many widths stays text
