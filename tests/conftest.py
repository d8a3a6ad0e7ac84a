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
