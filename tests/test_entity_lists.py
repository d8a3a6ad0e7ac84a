"""Keys are listed in one place: a query that lists its own entities (FOR t.k IN (...) / = v) and keys passed
beside it used to answer for the passed keys without a word, an EVALUATE query ignored them, and an empty
`--entities ""` (an unset shell variable) predicted every entity."""

import duckdb
import pytest

import rfm_sql
from rfm_sql.cli import main
from rfm_sql.demo import build
from rfm_sql.errors import UserError

LISTED = "PREDICT COUNT(orders.*, 0, 30, days) FOR users.user_id IN (1, 2)"
EACH = "PREDICT COUNT(orders.*, 0, 30, days) FOR EACH users.user_id"


@pytest.fixture
def rfm(shop):
    return rfm_sql.attach(shop)


@pytest.mark.parametrize(
    "call",
    [
        lambda r: r.predict(LISTED, entities=[3, 4]),
        lambda r: r.predict_sql(LISTED, entities=[3, 4]),
        lambda r: r.predict(f"EXPLAIN {LISTED}", entities=[3]),
        lambda r: r.explain("PREDICT COUNT(orders.*, 0, 30, days) FOR users.user_id = 1", entity=2),
    ],
)
def test_keys_beside_a_query_that_lists_its_own_are_refused(rfm, call):
    with pytest.raises(UserError, match="already lists its entities") as info:
        call(rfm)
    assert info.value.param in ("entities", "entity")


def test_keys_beside_an_evaluate_query_are_refused(rfm):
    with pytest.raises(UserError, match="does not apply to an EVALUATE query"):
        rfm.predict(f"EVALUATE {EACH}", entities=[1])


def test_each_place_alone_still_works(rfm):
    assert rfm.predict(LISTED, context_size=100).column("ENTITY").to_pylist() == [1, 2]
    assert rfm.predict(EACH, entities=[3, 4], context_size=100).column("ENTITY").to_pylist() == [3, 4]


@pytest.mark.parametrize(
    "args, message",
    [
        (["predict", "DB", EACH, "--entities", ""], "entities is empty"),
        (["predict", "DB", LISTED, "--entities", "3,4"], "already lists its entities"),
        (["explain", "DB", EACH, "--entity", ""], "entity is empty"),
        (["predict", "DB", EACH, "--entities", ",1"], "--entities ',1' has an empty key"),  # 1 alone was predicted
        (["predict", "DB", EACH, "--entities", "1,,2"], "has an empty key"),
    ],
)
def test_the_cli_names_the_mistake(capsys, tmp_path, args, message):
    db = tmp_path / "shop.duckdb"
    with duckdb.connect(str(db)) as con:
        build(con, n_users=100, n_items=10)
    assert main([str(db) if a == "DB" else a for a in args]) == 2
    assert message in capsys.readouterr().err


def test_a_null_key_is_named_as_null(rfm):
    # it said "No users with user_id in (None)", as if None were a key that happens to be missing
    with pytest.raises(UserError, match="holds a NULL"):
        rfm.predict(EACH, entities=[None, 1], context_size=100)


def test_a_missing_text_key_is_shown_what_the_keys_look_like():
    """42 asked of devices keyed 'dev-0042': 'No devices with device_id in ('42')' alone gave no clue."""
    import duckdb

    con = duckdb.connect()
    con.execute("CREATE TABLE devices (device_id VARCHAR PRIMARY KEY, model VARCHAR)")
    con.execute("INSERT INTO devices SELECT 'dev-' || lpad(i::VARCHAR, 4, '0'), 'm' || (i % 3) FROM range(1, 60) t(i)")
    con.execute(
        "CREATE TABLE alerts (alert_id INTEGER PRIMARY KEY, device_id VARCHAR REFERENCES devices, raised_at TIMESTAMP)"
    )
    con.execute(
        "INSERT INTO alerts SELECT i, 'dev-' || lpad((1 + i % 59)::VARCHAR, 4, '0'), "
        "TIMESTAMP '2024-01-01' + INTERVAL (i * 5) HOUR FROM range(3000) t(i)"
    )
    rfm = rfm_sql.attach(con)
    query = "PREDICT COUNT(alerts.*, 0, 7, days) FOR EACH devices.device_id"
    with pytest.raises(
        UserError, match=r"in \('42'\); list keys that exist \(its keys look like 'dev-0001', 'dev-0002'"
    ):
        rfm.predict(query, entities=[42])
    assert rfm.predict(query, entities=["dev-0042"]).num_rows == 1
    # listed in the query unquoted: it said "Quote the keys, e.g. IN ('42')", a key that does not exist either
    with pytest.raises(
        UserError,
        match=r"is text, but the query lists 42\. Write the keys as quoted text, as they "
        r"are stored\. Its keys look like 'dev-0001', 'dev-0002', 'dev-0003'\.",
    ):
        rfm.predict("PREDICT COUNT(alerts.*, 0, 7, days) FOR devices.device_id IN (42, 43)")


@pytest.mark.parametrize(
    "listed, message",
    [
        ([1, 2, 99999], r"1 of the 3 listed keys is not a users\.user_id: 99999; drop it or list keys that exist"),
        ([1, 99998, 99999], r"2 of the 3 listed keys are not a users\.user_id: 99998, 99999; drop them"),
        ([99999], r"No users with user_id in \(99999\); list keys that exist"),
        ([1, 99999, 99999], r"1 of the 2 listed keys is not a users\.user_id: 99999; drop it"),  # one key twice
        ([1, *range(1000, 1020)], r"20 of the 21 listed keys are not a users\.user_id: 1000, 1001,"),  # all counted
    ],
)
def test_unknown_keys_among_known_ones_are_counted(shop, listed, message):
    """An LMS trial's entities=[1, 2, 99999] said "No students with student_id in (99999)", as if none matched."""
    with pytest.raises(UserError, match=message):
        rfm_sql.attach(shop).predict("PREDICT COUNT(orders.*, 0, 30, days) FOR EACH users.user_id", entities=listed)
