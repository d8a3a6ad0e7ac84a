"""Tables that give the model nothing to read: a clear error when there is no input at all, the context's label
rates (never NaN) when every input is constant, and an empty chunk scored as empty (ONNX Runtime crashed on
each)."""

import duckdb
import numpy as np
import pytest

import rfm_sql
from rfm_sql.pql.tasks import TargetKind
from rfm_sql.runtime import encode
from rfm_sql.runtime.model import load_default


@pytest.fixture
def con():
    c = duckdb.connect()
    c.execute("CREATE TABLE customers (cid INTEGER PRIMARY KEY, churned BOOLEAN)")
    c.execute("INSERT INTO customers SELECT range, range % 5 = 0 FROM range(200)")
    c.execute("CREATE TABLE accounts (aid INTEGER PRIMARY KEY, tier VARCHAR, region VARCHAR)")
    c.execute("INSERT INTO accounts SELECT range, ['a', 'b', 'b', 'c'][range % 4 + 1], 'eu' FROM range(200)")
    yield c
    c.close()


def test_a_table_with_only_its_key_and_the_target_is_refused_on_every_surface(con):
    rfm = rfm_sql.attach(con)
    query = "PREDICT customers.churned FOR EACH customers.cid"
    for call in (lambda: rfm.predict(query, context_size=50), lambda: rfm.evaluate(query, context_size=50)):
        with pytest.raises(rfm_sql.UserError, match="customers has no column besides its key and the target"):
            call()
    with pytest.raises(duckdb.Error, match="nothing to predict the target from"):
        con.sql(f"SELECT * FROM rfm_predict('{query}')").fetchall()


def test_only_constant_inputs_give_the_context_label_rates(con):
    rfm = rfm_sql.attach(con)
    table = rfm.predict("PREDICT accounts.tier FOR EACH accounts.aid", context_size=100)
    scores = np.array(table.column("SCORE").to_pylist(), dtype=float)
    assert np.isfinite(scores).all()
    b = scores[np.array(table.column("CLASS").to_pylist()) == "b"]
    assert np.allclose(b, b[0]) and 0.35 < b[0] < 0.65  # half the accounts are 'b'


def test_constant_inputs_give_every_chunk_the_same_rates(con):
    """The fallback once wrote into the cached encoder's arrays: the first 2,048-row chunk got another number."""
    con.execute("CREATE TABLE members (mid INTEGER PRIMARY KEY, k INTEGER, churned BOOLEAN)")
    con.execute("INSERT INTO members SELECT range, 1, range % 5 = 0 FROM range(6000)")
    rfm_sql.attach(con)
    sql = "SELECT COUNT(DISTINCT round(True_PROB, 9)) FROM rfm_predict('PREDICT members.churned FOR EACH members.mid')"
    assert con.sql(sql).fetchall() == [(1,)]


def test_an_empty_chunk_scores_as_empty():
    ctx = {"x": np.arange(40, dtype=np.float64)}
    episode = encode.fit(ctx, {"x": "numeric"}, (np.arange(40) % 2).astype(bool), TargetKind.CLASSIFICATION).episode(
        {"x": np.zeros(0)}
    )
    assert load_default().predict(episode).shape[0] == 0
