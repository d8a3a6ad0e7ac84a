"""A class target spelt several ways ('Plumbing', 'plumbing', 'PLUMBING '): each spelling was a class of its own
and nothing said so (a property manager trial's FIRST(maintenance_requests.category) no better than its commonest
class). The WARNING names the spellings and the view that reads one per class (runtime/class_spellings.py)."""

import re
import warnings

import duckdb
import pytest

import rfm_sql

QUERY = "PREDICT FIRST(requests.category, 0, 30, days) FOR EACH units.unit_id"


def _units():
    con = duckdb.connect()
    con.execute("CREATE TABLE units (unit_id INTEGER PRIMARY KEY, built_at TIMESTAMP)")
    con.execute("INSERT INTO units SELECT i, TIMESTAMP '2020-01-01' FROM range(80) t(i)")
    con.execute(
        "CREATE TABLE requests (request_id INTEGER PRIMARY KEY, unit_id INTEGER REFERENCES units, opened_at TIMESTAMP, "
        "category VARCHAR)"
    )
    con.execute(  # each unit's own kind, spelt three ways at random
        "INSERT INTO requests SELECT i, i % 80, TIMESTAMP '2023-01-01' + INTERVAL (7 * i) HOUR, "
        "[['Plumbing', 'plumbing', 'PLUMBING '], ['Electrical', 'electrical', 'ELECTRICAL']][1 + (i % 80) % 2]"
        "[1 + (i * 7 + i // 80) % 3] FROM range(4000) t(i)"
    )
    return con


def test_a_class_target_spelt_several_ways_says_so_with_the_view_that_joins_them():
    con = _units()
    rfm = rfm_sql.attach(con)
    said = r"requests\.category holds 6 values that are 2 in any case or spacing \('ELECTRICAL', 'Electrical', "
    with pytest.warns(rfm_sql.RFMWarning, match=said):
        out = rfm.predict(QUERY, entities=[0, 1])
    warning = out.column("WARNING")[0].as_py()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ev = rfm.evaluate(QUERY, anchor_time="2023-06-01")
    assert any(re.search(said, w) for w in ev.warnings)
    con.execute(re.search(r"(CREATE VIEW [^;]*);", warning).group(1))
    rfm = rfm_sql.attach(con)
    joined = rfm.predict(QUERY.replace("requests.", "requests_classes."), entities=[0, 1])
    assert set(joined.column("CLASS").to_pylist()) == {"plumbing", "electrical"}  # a score per class, now two
    assert "WARNING" not in joined.column_names or "any case" not in (joined.column("WARNING")[0].as_py() or "")
