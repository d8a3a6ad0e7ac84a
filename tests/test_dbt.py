"""`dbt build` on examples/dbt with the rfm_sql.dbt plugin (needs the [dbt] extra)."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

pytest.importorskip("dbt.adapters.duckdb", reason="dbt-duckdb is not installed: pip install 'rfm-sql[dbt]'")

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "dbt"


def test_dbt_build_materialises_predictions(tmp_path):
    from rfm_sql.demo import build

    project = tmp_path / "project"
    shutil.copytree(EXAMPLE, project)
    db = tmp_path / "shop.duckdb"
    with duckdb.connect(str(db)) as con:
        build(con, n_users=300, n_items=30)
    env = {**os.environ, "RFM_SHOP_DB": str(db), "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"}
    cmd = [sys.executable, "-m", "dbt.cli.main", "build", "--project-dir", str(project), "--profiles-dir", str(project)]
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    with duckdb.connect(str(db), read_only=True) as con:
        churn = con.sql("SELECT COUNT(*), MIN(True_PROB) >= 0 FROM churn_predictions").fetchall()[0]
        spend = con.sql("SELECT COUNT(*) FROM spend_predictions").fetchall()[0][0]
        recs = con.sql(
            "SELECT COUNT(DISTINCT ENTITY), MAX(n), MIN(n), COUNT(*) FILTER (WHERE dup > 1) FROM "
            "(SELECT ENTITY, COUNT(*) OVER (PARTITION BY ENTITY) AS n, "
            "COUNT(*) OVER (PARTITION BY ENTITY, CLASS) AS dup FROM item_recommendations)"
        ).fetchall()[0]
        ranks = con.sql("SELECT DISTINCT RANK FROM item_recommendations ORDER BY 1").fetchall()
    assert churn[0] > 0 and churn[1] and spend == churn[0]
    assert recs[0] > 0 and recs[1] == 5 and recs[3] == 0  # up to 5 distinct items per user
    assert [r[0] for r in ranks] == [1, 2, 3, 4, 5]
