"""The prepared-context cache: one preparation per request, a new one when anything it depends on changes."""

import re

import rfm_sql

CHURN = "PREDICT COUNT(orders.*, 0, 30, days) = 0 FOR EACH users.user_id"


def _handle(sql: str) -> str:
    return re.search(r"rfm_infer_\w+\('([0-9a-f]{32})'", sql, re.IGNORECASE).group(1)


def test_same_request_same_handle_and_a_graph_edit_invalidates(shop):
    rfm = rfm_sql.attach(shop)
    first = _handle(rfm.predict_sql(CHURN, context_size=100))
    assert _handle(rfm.predict_sql(CHURN, context_size=100)) == first  # DuckDB binds twice: prepared once
    assert _handle(rfm.predict_sql(CHURN, context_size=100, seed=1)) != first
    rfm.graph.set_stype("users", "age", "categorical")  # the context's features depend on the graph
    edited = _handle(rfm.predict_sql(CHURN, context_size=100))
    assert edited != first
    assert rfm.handles.get(edited).prepared.features.kinds != rfm.handles.get(first).prepared.features.kinds
