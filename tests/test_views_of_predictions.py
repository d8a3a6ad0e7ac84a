"""Views a database may hold that are no data for the graph: a view over rfm_predict (a dbt view model), and a
view that cannot be read on this connection. Either made every later attach fail, on every surface."""

import duckdb
import pytest

import rfm_sql
from rfm_sql import cli, demo
from rfm_sql.errors import RFMWarning

CHURN = "PREDICT COUNT(orders.*, 0, 30, days) = 0 FOR EACH users.user_id"


def test_a_saved_view_of_predictions_and_an_unreadable_view_leave_the_database_usable(tmp_path, capsys):
    path, gone = tmp_path / "shop.duckdb", tmp_path / "gone.parquet"
    with duckdb.connect(str(path)) as con:
        demo.build(con, n_users=150, n_items=12)
        rfm_sql.attach(con)
        con.execute(f"CREATE VIEW churn AS SELECT * FROM rfm_predict('{CHURN}', context_size := 100)")
        con.execute(f"COPY (SELECT 1 AS a) TO '{gone}'")
        con.execute(f"CREATE VIEW stale AS SELECT * FROM read_parquet('{gone}')")
    gone.unlink()
    with duckdb.connect(str(path)) as con:
        with pytest.warns(RFMWarning, match="stale cannot be read here .* left out of the graph"):
            rfm = rfm_sql.attach(con)
        assert sorted(rfm.graph.tables) == ["items", "orders", "reviews", "users"]  # no churn: predictions
        assert rfm.predict(CHURN, context_size=100).num_rows > 0
        assert con.execute("SELECT count(*) FROM churn").fetchall()[0][0] > 0  # and the view still answers
    assert cli.main(["graph", str(path)]) == 0
    assert "churn" not in capsys.readouterr().out
