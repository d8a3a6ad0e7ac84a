"""Columns that hold today's state (a deal's stage, rewritten as it moves; an account's status) are not read: at a
past anchor they tell what happened after it. A CRM trial's backtest read AUROC 0.98 where 0.82 was honest, and
predictions for the deals open today, which never hold 'Won' or 'Lost', scored 0.56 (runtime/state_columns.py)."""

import warnings

import duckdb
import pytest

import rfm_sql
from rfm_sql.runtime import state_columns
from rfm_sql.runtime.context import feature_query, featurise

WON = "PREDICT COUNT(wins.*, 0, 60, days) > 0 FOR EACH deals.deal_id WHERE deals.closed_at IS NULL"


@pytest.fixture(scope="module")
def crm():
    """A deal a day for 700 days, in one of 4 regions, of an account; a deal closes 20-79 days after it opens, won
    when hash says so; its stage is today's ('Won', 'Lost', or 'Open' for the deals not closed yet), and so is its
    account's status ('churned' once a deal of it is lost). The region says nothing."""
    con = duckdb.connect()
    con.execute("CREATE TABLE accounts (account_id INTEGER PRIMARY KEY, status VARCHAR)")
    con.execute(
        "CREATE TABLE deals (deal_id INTEGER PRIMARY KEY, account_id INTEGER, "
        "opened_at TIMESTAMP, closed_at TIMESTAMP, stage VARCHAR, region VARCHAR)"
    )
    con.execute(
        "INSERT INTO deals SELECT i, i, TIMESTAMP '2023-01-01' + to_days(i), "
        "TIMESTAMP '2023-01-01' + to_days(CAST(i + 20 + hash(i) % 60 AS BIGINT)), NULL, 'r' || (hash(i * 7) % 4) FROM range(700) t(i)"
    )
    con.execute("UPDATE deals SET closed_at = NULL WHERE closed_at > TIMESTAMP '2024-12-01'")
    con.execute(
        "UPDATE deals SET stage = CASE WHEN closed_at IS NULL THEN 'Open' WHEN hash(deal_id * 3) % 3 = 0 THEN 'Won' "
        "ELSE 'Lost' END"
    )
    con.execute(
        "INSERT INTO accounts SELECT deal_id, CASE WHEN stage = 'Lost' THEN 'churned' ELSE 'active' END FROM deals"
    )
    con.execute("CREATE TABLE wins (deal_id INTEGER REFERENCES deals, won_at TIMESTAMP)")
    con.execute("INSERT INTO wins SELECT deal_id, closed_at FROM deals WHERE stage = 'Won'")
    rfm = rfm_sql.attach(con)
    for t, c in (("deals", "stage"), ("deals", "region"), ("accounts", "status")):
        rfm.graph.set_stype(t, c, "categorical")
    return con, rfm


def test_state_columns_are_found_through_the_entity_row_and_its_keys(crm):
    con, rfm = crm
    vq = rfm.resolve(WON)
    features = feature_query(vq, rfm.graph)
    rows = rfm.labels(WON, anchor_time=["2024-03-01", "2024-06-01"]).select(["ENTITY", "ANCHOR_TIMESTAMP"])
    with con.cursor() as cur:
        columns = featurise(cur, features, rows)
        now = state_columns.present(cur, vq, rfm.graph)
        found = state_columns.stale(cur, vq, rfm.graph, columns, features.kinds, now)
    said = {column: values for column, values, _ in found.values()}
    assert said == {"deals.stage": ["Lost", "Won"], "accounts.status": ["churned"]}


def test_a_state_column_is_not_read_and_predictions_and_backtests_say_so(crm):
    con, rfm = crm
    with pytest.warns(rfm_sql.RFMWarning, match=r"Not read: deals.stage \('Lost', 'Won'"):
        out = rfm.predict(WON, context_size=300)
    assert "accounts.status ('churned'" in out.column("WARNING")[0].as_py()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ev = rfm.evaluate(WON, anchor_time="2024-06-01", context_size=300)
    assert any(w.startswith("Not read: deals.stage") for w in ev.warnings)
    # the stage would have told every outcome: without it, nothing here does (the region is noise)
    assert ev.metrics["auroc"] < 0.75
    explained = rfm.explain(WON, entity=[690], context_size=300).contributions.column("COLUMN_NAME").to_pylist()
    assert "stage" not in explained and "status" not in explained


def test_a_column_whose_values_all_occur_now_is_read(crm):
    con, rfm = crm
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        rfm.predict(WON, context_size=300)
    assert not any("deals.region" in str(w.message) for w in caught)


def test_a_target_filter_on_a_state_column_is_warned_of(crm):
    """COUNT(deals.* WHERE deals.stage = 'Won'): the newest deals are 'Open', the older ones never are (they moved
    on), so a label at a past anchor counts a deal by what it became later (a CRM trial's won amount per quarter
    counted deals created in the quarter and won since). Said, with the view that counts each at its time; a
    filter on a column that does not change with age (the region) says nothing."""
    con, rfm = crm
    won = "PREDICT COUNT(deals.* WHERE deals.stage = 'Won', 0, 60, days) > 0 FOR EACH accounts.account_id"
    with pytest.warns(rfm_sql.RFMWarning, match=r"The target's filter reads deals\.stage, whose values 'Open' are on"):
        rfm.predict(won, context_size=300)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ev = rfm.evaluate(won, anchor_time="2024-06-01", context_size=300)
    assert any("predict over a view dated by when it did" in w for w in ev.warnings)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        rfm.predict(won.replace("deals.stage = 'Won'", "deals.region = 'r0'"), context_size=300)
    assert not any("filter reads" in str(w.message) for w in caught)
