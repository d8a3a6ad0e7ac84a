"""Entity keys beyond BIGINT (HUGEINT, UBIGINT >= 2^63) and DECIMAL keys on every surface: the context sample,
listed entities, the per-row SQL form and explanations used to crash on the first or return NULL for the latter."""

import duckdb
import pytest

import rfm_sql

SPEND = "PREDICT SUM(orders.amount, 0, 30, days) FOR EACH users.user_id"


@pytest.mark.parametrize(
    "key_type, first",
    [
        ("HUGEINT", "CAST(2 AS HUGEINT) ** 70"),
        ("UBIGINT", "CAST(2 AS UBIGINT) ** 63"),
        ("UINTEGER", "3000000000"),
        ("DECIMAL(10, 2)", "0.5"),
    ],
)
def test_wide_and_decimal_keys_predict_list_and_explain(key_type, first):
    con = duckdb.connect()
    step = "range / 100" if key_type.startswith("DECIMAL") else "range"  # DECIMAL keys 0.50, 0.51, ...
    con.execute(f"CREATE TABLE users (user_id {key_type} PRIMARY KEY, country VARCHAR)")
    con.execute(
        f"INSERT INTO users SELECT CAST({first} AS {key_type}) + {step}, ['a', 'b'][range % 2 + 1] FROM range(400)"
    )
    con.execute(
        f"CREATE TABLE orders (order_id INTEGER PRIMARY KEY, user_id {key_type} REFERENCES users (user_id), "
        "ts TIMESTAMP, amount DOUBLE)"
    )
    con.execute(
        f"INSERT INTO orders SELECT range, CAST({first} AS {key_type}) + {step.replace('range', '(range % 400)')}, "
        "TIMESTAMP '2024-01-01' + INTERVAL (range) HOUR, range % 7 FROM range(4000)"
    )
    rfm = rfm_sql.attach(con)
    table = rfm.predict(SPEND, context_size=100)  # 400 users: the context is a sample
    assert table.num_rows == 400
    key = con.sql("SELECT MIN(user_id) FROM users").fetchall()[0][0]
    listed = rfm.predict(SPEND, context_size=100, entities=[key]).column("TARGET_PRED").to_pylist()
    per_row = con.sql(f"SELECT rfm_predict('{SPEND}', user_id, context_size := 100) FROM users WHERE user_id = {key}")
    assert per_row.fetchall()[0][0] == pytest.approx(listed[0], rel=1e-5)
    assert rfm.explain(SPEND, entity=key, context_size=100).summary.startswith(f"users {key}")
    explained = con.sql(f"SELECT DISTINCT ENTITY FROM rfm_explain('{SPEND}', entity := {key}, context_size := 100)")
    assert explained.fetchall() == [(key,)]
