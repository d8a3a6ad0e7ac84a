"""A mistyped option in SQL gets rfm_sql's error naming the option, as in Python; never a DuckDB cast error
that names neither, and never a silent rounding."""

import datetime as dt

import duckdb
import pytest

import rfm_sql
from rfm_sql.errors import UserError
from rfm_sql.sql_args import sql_integer, sql_list

COUNT = "PREDICT COUNT(orders.*, 0, 30, days) FOR EACH users.user_id"


@pytest.mark.parametrize(
    "sql, message",
    [
        ("SELECT * FROM rfm_predict(?, anchor_time := '01/02/2024')", r"anchor_time='01/02/2024' is not a timestamp"),
        ("SELECT * FROM rfm_labels(?, anchor_time := 'yesterday')", r"anchor_time='yesterday' is not a timestamp"),
        ("SELECT * FROM rfm_evaluate(?, anchor_time := 42)", r"anchor_time='42' is not a timestamp"),
        ("SELECT * FROM rfm_predict(?, context_size := 'big')", r"context_size := 'big' is not a whole number"),
        ("SELECT * FROM rfm_predict(?, seed := 1.5)", r"seed := '1.5' is not a whole number"),
        ("SELECT * FROM rfm_predict(?, quantiles := ['a'])", r"quantiles=\['a'\] must be a list of numbers"),
        ("SELECT * FROM rfm_predict(?, quantiles := 2)", r"strictly between 0 and 1"),
        ("SELECT * FROM rfm_explain(?, entity := 5, step := 'two')", r"step := 'two' is not a whole number"),
        ("SELECT user_id, rfm_predict(?, user_id, context_size := 'x') FROM users", r"context_size := 'x'"),
        ("SELECT rfm_compile(?, anchor_time := 'yesterday')", r"anchor_time='yesterday' is not a timestamp"),
    ],
)
def test_mistyped_options_are_named(shop, sql, message):
    rfm_sql.attach(shop)
    with pytest.raises(duckdb.InvalidInputException, match=message):
        shop.sql(sql, params=[COUNT]).fetchall()


def test_typed_options_still_work_and_a_zoned_anchor_is_read_in_utc(shop):
    rfm_sql.attach(shop)
    whole = shop.sql("SELECT COUNT(*) FROM rfm_predict(?, context_size := 100.0, seed := 2)", params=[COUNT])
    assert whole.fetchall()[0][0] == 300
    shop.execute("SET TimeZone = 'America/New_York'")
    zoned = "SELECT DISTINCT ANCHOR_TIMESTAMP FROM rfm_labels(?, anchor_time := TIMESTAMPTZ '2024-03-01 00:00:00+00')"
    assert shop.sql(zoned, params=[COUNT]).fetchall() == [(dt.datetime(2024, 3, 1),)]


def test_rfm_compile_takes_the_options_of_rfm_predict(shop):
    """The SQL rfm_predict runs at a past anchor was only to be seen from the CLI (a grocery trial)."""
    rfm = rfm_sql.attach(shop)
    sql = shop.sql("SELECT rfm_compile(?, anchor_time := '2024-06-01', seed := 3)", params=[COUNT]).fetchall()[0][0]
    assert sql == rfm.predict_sql(COUNT, anchor_time="2024-06-01", seed=3)
    assert sql != shop.sql("SELECT rfm_compile(?)", params=[COUNT]).fetchall()[0][0]


def test_rfm_labels_takes_a_list_of_anchors_as_python_does(shop):
    rfm = rfm_sql.attach(shop)
    sql = "SELECT * FROM rfm_labels(?, anchor_time := [DATE '2024-01-01', TIMESTAMP '2024-02-01 06:00']) ORDER BY ALL"
    rows = shop.sql(sql, params=[COUNT]).fetchall()
    python = rfm.labels(COUNT, anchor_time=["2024-01-01", "2024-02-01 06:00"]).to_pylist()
    assert {r[1] for r in rows} == {dt.datetime(2024, 1, 1), dt.datetime(2024, 2, 1, 6)}
    assert rows == sorted(tuple(r.values()) for r in python)


def test_sql_integer_and_list():
    assert sql_integer("1000", "context_size") == 1000 and sql_integer("1000.0", "context_size") == 1000
    assert sql_integer(None, "seed") is None
    with pytest.raises(UserError, match="seed := '2e-1' is not a whole number"):
        sql_integer("2e-1", "seed")
    assert sql_list("[5, 'a b']") == ["5", "a b"] and sql_list("5") == "5" and sql_list(None) is None
