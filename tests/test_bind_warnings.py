"""A statement DuckDB binds twice warns once (`rfm_sql.bind_warnings`): `con.sql(...)` binds when the relation is
made and again at its fetch, and each bind calls the UDF that returns the SQL, so every warning came twice."""

import warnings

from rfm_sql import bind_warnings
from rfm_sql.errors import RFMWarning

SPEND = "SELECT count(*) FROM rfm_predict('PREDICT SUM(orders.amount, 0, 30, days) FOR EACH users.user_id')"


def _warnings(run) -> list[str]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        run()
    return [str(w.message) for w in caught if issubclass(w.category, RFMWarning)]


def test_a_statement_bound_twice_warns_once_and_a_later_run_warns_again(shop, monkeypatch):
    import rfm_sql

    shop.execute("INSERT INTO orders VALUES (999999, 1, 1, TIMESTAMP '2204-12-30', 1, 5.0)")  # a stray: a warning
    rfm = rfm_sql.attach(shop)
    said = _warnings(lambda: rfm.con.sql(SPEND).fetchall())
    assert len(said) == 1 and "mistyped year" in said[0]
    monkeypatch.setattr(bind_warnings, "WINDOW", 0.0)  # each bind as if run again later: said at each
    assert _warnings(lambda: rfm.con.sql(SPEND).fetchall()) == said * 2


def test_a_failing_bind_still_raises_its_error(shop):
    import pytest

    import rfm_sql

    rfm = rfm_sql.attach(shop)
    with pytest.raises(Exception, match="amountx"):
        rfm.con.execute(SPEND.replace("orders.amount", "orders.amountx")).fetchall()
