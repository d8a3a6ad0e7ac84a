import shutil
from pathlib import Path

import duckdb
import pytest

SHARED_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"


def shared_db(name: str) -> Path:
    path = SHARED_DATA / name
    if not (path / "schema.json").exists():
        pytest.skip(f"{path} is missing: these tests need ../shared/data beside the project root")
    return path


@pytest.fixture
def con():
    c = duckdb.connect()
    yield c
    c.close()


@pytest.fixture
def shop(con):
    """The bundled demo database: users, items, orders, reviews with declared keys."""
    from rfm_sql import demo

    demo.build(con, n_users=300, n_items=40)
    return con


@pytest.fixture(scope="session")
def spark():
    """One local SparkSession for the Spark backend's tests (skipped without pyspark, pandas or Java)."""
    pytest.importorskip("pyspark", reason="pyspark is not installed: pip install 'rfm-sql[spark]'")
    pytest.importorskip("pandas", reason="pyspark's mapInArrow needs pandas: pip install 'rfm-sql[spark]'")
    if shutil.which("java") is None:
        pytest.skip("Spark needs Java (17+) on PATH")
    from pyspark.sql import SparkSession

    session = (
        SparkSession.builder.master("local[2]")
        .appName("rfm_sql-tests")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.ui.enabled", "false")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()
