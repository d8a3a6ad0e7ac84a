"""The bundled example: a small shop database generated deterministically (users, items, orders,
reviews), with declared keys, so `rfm-sql demo` runs anywhere with nothing to download."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import numpy as np
import pyarrow as pa

from rfm_sql.errors import UserError

TABLES = ("users", "items", "orders", "reviews")
START = dt.datetime(2023, 1, 1)
DAYS = 730

_DDL = [
    "CREATE TABLE users (user_id INTEGER PRIMARY KEY, signup_time TIMESTAMP, country VARCHAR, age INTEGER, "
    "segment VARCHAR)",
    "CREATE TABLE items (item_id INTEGER PRIMARY KEY, category VARCHAR, price DOUBLE)",
    "CREATE TABLE orders (order_id INTEGER PRIMARY KEY, user_id INTEGER REFERENCES users (user_id), "
    "item_id INTEGER REFERENCES items (item_id), ordered_at TIMESTAMP, quantity INTEGER, amount DOUBLE)",
    "CREATE TABLE reviews (review_id INTEGER PRIMARY KEY, user_id INTEGER REFERENCES users (user_id), "
    "item_id INTEGER REFERENCES items (item_id), created_at TIMESTAMP, rating INTEGER)",
]


def open_demo_db(path: str | None) -> tuple[duckdb.DuckDBPyConnection, bool]:
    """The connection `rfm-sql demo --db path` builds in (in memory without a path), and whether it already holds
    the demo's tables (an earlier demo run: reused). A database with anything else in it is refused, never added to."""
    if not path:
        return duckdb.connect(), False
    p = Path(path)
    if p.is_dir():
        raise UserError(
            f"--db {path} is a folder; name a new file for the demo database, e.g. {p / 'demo.duckdb'}.", "db"
        )
    if not p.parent.is_dir():
        raise UserError(f"--db {path}: the folder {p.parent} does not exist; create it or pick another path.", "db")
    existed = p.exists()
    try:
        con = duckdb.connect(str(p))
    except duckdb.Error as e:
        raise UserError(
            f"--db {path} cannot be opened as a DuckDB database ({str(e).splitlines()[0]}); name a new file.", "db"
        ) from e
    objects = sorted({name for (name,) in con.execute(_OBJECTS).fetchall()})
    if not existed or not objects:
        return con, False
    if _columns(con) == _demo_columns():  # an earlier demo's database, and nothing else in it
        return con, True
    con.close()
    raise UserError(
        f"--db {path} already holds {', '.join(objects)}; the demo never writes into a database of yours. Name a "
        "new file (e.g. --db demo.duckdb).",
        "db",
    )


_OBJECTS = (
    "SELECT table_name FROM duckdb_tables() UNION ALL SELECT view_name FROM duckdb_views() WHERE NOT internal "
    "UNION ALL SELECT sequence_name FROM duckdb_sequences() UNION ALL SELECT function_name FROM duckdb_functions() "
    "WHERE NOT internal AND function_type IN ('macro', 'table_macro')"
)


def _columns(con) -> list:
    """Every (table, column, type) of the database, views included: what tells an earlier demo's file apart."""
    query = "SELECT table_name, column_name, data_type FROM duckdb_columns() WHERE NOT internal ORDER BY ALL"
    return con.execute(query).fetchall()


def _demo_columns() -> list:
    with duckdb.connect() as con:
        for ddl in _DDL:
            con.execute(ddl).fetchall()
        return _columns(con)


def build(con: duckdb.DuckDBPyConnection, n_users: int = 2000, n_items: int = 300, seed: int = 7) -> None:
    """Create and fill the four tables in `con` (which must not have them yet)."""
    rng = np.random.default_rng(seed)
    users, user_rate, user_life = _users(rng, n_users)
    items = _items(rng, n_items)
    orders = _orders(rng, users, user_rate, user_life, items)
    reviews = _reviews(rng, orders)
    for ddl in _DDL:
        con.execute(ddl).fetchall()
    for name, data in zip(TABLES, (users, items, orders, reviews), strict=True):
        con.from_arrow(pa.table(data)).insert_into(name)


def _users(rng, n):
    signup_day = rng.integers(0, DAYS - 60, n)
    segment = rng.choice(["casual", "regular", "loyal"], n, p=[0.5, 0.35, 0.15])
    base = {"casual": 0.02, "regular": 0.08, "loyal": 0.2}
    rate = np.array([base[s] for s in segment]) * rng.lognormal(0, 0.5, n)
    life = rng.exponential(np.where(segment == "loyal", 900, 300))  # days until the user churns
    users = {
        "user_id": np.arange(1, n + 1, dtype=np.int32),
        "signup_time": [
            START + dt.timedelta(days=int(d), hours=int(h))
            for d, h in zip(signup_day, rng.integers(0, 24, n), strict=True)
        ],
        "country": rng.choice(["US", "DE", "FR", "GB", "JP"], n, p=[0.4, 0.2, 0.15, 0.15, 0.1]),
        "age": np.clip(rng.normal(38, 12, n), 18, 90).astype(np.int32),
        "segment": segment,
    }
    return users, rate, signup_day + life


def _items(rng, n):
    category = rng.choice(["books", "games", "garden", "kitchen", "toys"], n)
    return {
        "item_id": np.arange(1, n + 1, dtype=np.int32),
        "category": category,
        "price": np.round(rng.lognormal(3, 0.7, n), 2),
    }


def _orders(rng, users, rate, life, items):
    rows = {"user_id": [], "item_id": [], "ordered_at": [], "quantity": [], "amount": []}
    popularity = rng.dirichlet(np.full(len(items["item_id"]), 0.3))
    for uid, start, r, end in zip(users["user_id"], users["signup_time"], rate, life, strict=True):
        first = (start - START).days
        last = int(min(DAYS, end))
        if last <= first:
            continue
        days = np.arange(first, last)
        seasonal = 1 + 0.5 * np.sin(2 * np.pi * days / 365.0) + 0.8 * ((days % 365) > 330)
        n_per_day = rng.poisson(r * seasonal)
        for d in np.repeat(days, n_per_day):
            item = rng.choice(len(popularity), p=popularity)
            qty = int(rng.integers(1, 4))
            rows["user_id"].append(int(uid))
            rows["item_id"].append(int(items["item_id"][item]))
            rows["ordered_at"].append(START + dt.timedelta(days=int(d), minutes=int(rng.integers(0, 1440))))
            rows["quantity"].append(qty)
            rows["amount"].append(round(float(items["price"][item]) * qty, 2))
    order = np.argsort(np.array(rows["ordered_at"], dtype="datetime64[us]"), kind="stable")
    out = {k: [v[i] for i in order] for k, v in rows.items()}
    out["order_id"] = list(range(1, len(order) + 1))
    return {k: out[k] for k in ("order_id", "user_id", "item_id", "ordered_at", "quantity", "amount")}


def _reviews(rng, orders):
    n = len(orders["order_id"])
    picked = np.flatnonzero(rng.random(n) < 0.15)
    return {
        "review_id": list(range(1, len(picked) + 1)),
        "user_id": [orders["user_id"][i] for i in picked],
        "item_id": [orders["item_id"][i] for i in picked],
        "created_at": [orders["ordered_at"][i] + dt.timedelta(days=int(rng.integers(2, 20))) for i in picked],
        "rating": [int(np.clip(round(rng.normal(4, 1)), 1, 5)) for _ in picked],
    }
