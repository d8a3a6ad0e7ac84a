"""The label SQL against an independent plain-Python reading of PQL.md, on seeded random databases."""

from __future__ import annotations

import calendar
import datetime as dt
import re

import duckdb
import pyarrow as pa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import rfm_sql

T0 = dt.datetime(2024, 3, 31, 12, 0)  # a month end, so calendar-month windows hit short months
ANCHORS = [T0, T0 + dt.timedelta(days=30), T0 + dt.timedelta(days=61, hours=5)]
UNITS = {"seconds": 1, "minutes": 60, "hours": 3600, "days": 86400, "weeks": 7 * 86400}
STATUSES = ["new", "paid", "sent", "app", None]


# -- the reference -----------------------------------------------------------------------------------
def add(t: dt.datetime, n: int, unit: str) -> dt.datetime:
    if unit != "months":
        return t + dt.timedelta(seconds=n * UNITS[unit])
    month = t.month - 1 + n
    year, month = t.year + month // 12, month % 12 + 1
    return t.replace(year=year, month=month, day=min(t.day, calendar.monthrange(year, month)[1]))


def in_window(ts, t, start, end, unit) -> bool:
    if ts is None:
        return False
    return (start is None or ts > add(t, start, unit)) and ts <= add(t, end, unit)


def aggregate(func, column, rows):
    if column == "*":
        return len(rows)
    ordered = sorted((r for r in rows if r[column] is not None), key=lambda r: (r["ts"], r["order_id"]))
    values = [r[column] for r in ordered]
    if func == "COUNT":
        return len(values)
    if func == "COUNT_DISTINCT":
        return len(set(values))
    if func == "SUM":
        return sum(values)
    if not values:
        return None
    return {
        "AVG": lambda: sum(values) / len(values),
        "MIN": lambda: min(values),
        "MAX": lambda: max(values),
        "FIRST": lambda: values[0],
        "LAST": lambda: values[-1],
        "LIST_DISTINCT": lambda: sorted(set(values)),
    }[func]()


def like(value: str, pattern: str) -> bool:
    regex = "".join(".*" if c == "%" else "." if c == "_" else re.escape(c) for c in pattern)
    return re.fullmatch(regex, value, re.DOTALL) is not None


def compare(op, left, right) -> bool:
    if op == "IS NULL" or (op == "=" and right is None):
        return left is None
    if op == "IS NOT NULL" or (op == "!=" and right is None):
        return left is not None
    if op in ("IN", "NOT IN"):  # a NULL in the list matches a NULL value, as `= NULL` means IS NULL
        inside = (left is None and None in right) or (left is not None and left in right)
        return False if left is None and None not in right else (inside if op == "IN" else not inside)
    if left is None:
        return False
    return (
        {
            "=": left == right,
            "!=": left != right,
            "<": left < right,
            "<=": left <= right,
            ">": left > right,
            ">=": left >= right,
        }.get(op)
        if op in ("=", "!=", "<", "<=", ">", ">=")
        else {
            "LIKE": lambda: like(left, right),
            "NOT LIKE": lambda: not like(left, right),
            "STARTS WITH": lambda: left.startswith(right),
            "ENDS WITH": lambda: left.endswith(right),
            "CONTAINS": lambda: right in left,
        }[op]()
    )


def evaluate(node, env):
    kind = node[0]
    if kind == "and":
        return all(evaluate(n, env) for n in node[1])
    if kind == "or":
        return any(evaluate(n, env) for n in node[1])
    if kind == "not":
        return not evaluate(node[1], env)
    if kind == "cmp":
        return compare(node[1], value(node[2], env), node[3])
    return value(node, env)


def value(node, env):
    if node[0] == "col":
        return env["row"][node[1]]
    _, func, column, filt, (start, end, unit) = node
    rows = [
        r
        for r in env["orders"]
        if r["user_id"] == env["user"]["user_id"]
        and in_window(r["ts"], env["t"], start, end, unit)
        and (filt is None or evaluate(filt, {**env, "row": r}))
    ]
    return aggregate(func, column, rows)


def reference(db, target, entity_filter, assuming, binary):
    out = {}
    for t in ANCHORS:
        for user in db["users"]:
            if user["signup"] is not None and user["signup"] > t:
                continue
            env = {"orders": db["orders"], "user": user, "t": t, "row": user}
            if entity_filter is not None and not evaluate(entity_filter, env):
                continue
            if assuming is not None and not evaluate(assuming, env):
                continue
            label = evaluate(target, env) if binary else value(target, env)
            if label is not None:
                out[(user["user_id"], t)] = label
    return out


# -- PQL text of the same trees ---------------------------------------------------------------------
def pql(node) -> str:
    kind = node[0]
    if kind in ("and", "or"):
        return "(" + f" {kind.upper()} ".join(pql(n) for n in node[1]) + ")"
    if kind == "not":
        return f"NOT {pql(node[1])}"
    if kind == "cmp":
        op, right = node[1], node[3]
        if op in ("IS NULL", "IS NOT NULL"):
            return f"{pql(node[2])} {op}"
        return f"{pql(node[2])} {op} {literal(right)}"
    if kind == "col":
        return f"{node[2]}.{node[1]}"
    _, func, column, filt, (start, end, unit) = node
    where = f" WHERE {pql(filt)}" if filt is not None else ""
    lo = "-INF" if start is None else str(start)
    return f"{func}(orders.{column}{where}, {lo}, {end}, {unit})"


def literal(v) -> str:
    if isinstance(v, tuple):
        return "(" + ", ".join(literal(x) for x in v) + ")"
    if v is None:
        return "NULL"
    return f"'{v}'" if isinstance(v, str) else repr(v)


# -- strategies ---------------------------------------------------------------------------------------
ts_strategy = st.one_of(
    st.none(),
    st.builds(
        lambda a, d, s: ANCHORS[a] + dt.timedelta(days=d, seconds=s),
        st.integers(0, 2),
        st.integers(-70, 70),
        st.sampled_from([0, 0, 0, 1, -1, 3600, 43200]),
    ),
)


@st.composite
def databases(draw):
    n_users = draw(st.integers(1, 6))
    users = [
        {
            "user_id": i,
            "signup": draw(st.one_of(st.none(), ts_strategy)),
            "age": draw(st.one_of(st.none(), st.integers(18, 60))),
            "country": draw(st.sampled_from(["US", "DE", "app", None])),
        }
        for i in range(1, n_users + 1)
    ]
    orders = [
        {
            "order_id": i,
            "user_id": draw(st.one_of(st.none(), st.integers(1, n_users + 1))),
            "ts": draw(ts_strategy),
            "price": draw(st.one_of(st.none(), st.sampled_from([0.5, 1.0, 2.25, 7.0]))),
            "qty": draw(st.one_of(st.none(), st.integers(0, 4))),
            "status": draw(st.sampled_from(STATUSES)),
        }
        for i in range(1, draw(st.integers(0, 30)) + 1)
    ]
    return {"users": users, "orders": orders}


def windows(forward: bool | None):
    unit = st.sampled_from(["seconds", "minutes", "hours", "days", "weeks", "months"])
    if forward:
        return st.tuples(st.integers(0, 3), st.integers(1, 40), unit).map(lambda w: (w[0], w[0] + w[1], w[2]))
    start = st.one_of(st.none(), st.integers(-60, -1))
    return st.tuples(start, st.integers(-3, 0), unit).filter(lambda w: w[0] is None or w[0] < w[1])


def order_filters():
    cmp = st.one_of(
        st.tuples(
            st.just("cmp"),
            st.sampled_from(["=", "!=", "IS NULL", "IS NOT NULL"]),
            st.just(("col", "status", "orders")),
            st.sampled_from(["paid", "new", None]),
        ).map(lambda n: n if n[1] not in ("IS NULL", "IS NOT NULL") else n[:3] + (None,)),
        st.tuples(
            st.just("cmp"),
            st.sampled_from(["<", ">=", "IN", "NOT IN"]),
            st.just(("col", "qty", "orders")),
            st.sampled_from([1, 2]),
        ).map(lambda n: n if n[1] not in ("IN", "NOT IN") else n[:3] + ((n[3], 3, None),)),
        st.tuples(
            st.just("cmp"),
            st.sampled_from(["LIKE", "NOT LIKE", "STARTS WITH", "ENDS WITH", "CONTAINS"]),
            st.just(("col", "status", "orders")),
            st.sampled_from(["p%", "%e%", "a", "pp", "_e_"]),
        ),
    )
    return st.one_of(
        cmp,
        st.tuples(st.just("not"), cmp),
        st.tuples(st.sampled_from(["and", "or"]), st.lists(cmp, min_size=2, max_size=2)),
    )


AGG_COLUMNS = {
    "COUNT": ["*", "price", "status"],
    "COUNT_DISTINCT": ["price", "status"],
    "SUM": ["price", "qty"],
    "AVG": ["price", "qty"],
    "MIN": ["price", "status"],
    "MAX": ["qty", "status"],
    "FIRST": ["price", "status"],
    "LAST": ["qty", "status"],
    "LIST_DISTINCT": ["qty", "status"],
}


def aggregations(forward, funcs=tuple(AGG_COLUMNS)):
    return st.sampled_from(funcs).flatmap(
        lambda f: st.tuples(
            st.just("agg"),
            st.just(f),
            st.sampled_from(AGG_COLUMNS[f]),
            st.one_of(st.none(), order_filters()),
            windows(forward),
        )
    )


def conditions(forward):
    numeric = aggregations(forward, ("COUNT", "SUM", "AVG", "COUNT_DISTINCT")).flatmap(
        lambda a: st.tuples(
            st.just("cmp"), st.sampled_from([">", "<=", "=", "!="]), st.just(a), st.sampled_from([0, 1, 2.25])
        )
    )
    nullable = aggregations(forward, ("MIN", "MAX", "FIRST", "LAST", "AVG")).flatmap(
        lambda a: st.tuples(st.just("cmp"), st.sampled_from(["IS NULL", "IS NOT NULL"]), st.just(a), st.none())
    )
    static = (
        st.one_of(
            st.tuples(
                st.just("cmp"), st.sampled_from([">", "<=", "IS NULL"]), st.just(("col", "age", "users")), st.just(30)
            ),
            st.tuples(
                st.just("cmp"),
                st.sampled_from(["=", "IN"]),
                st.just(("col", "country", "users")),
                st.sampled_from(["US", ("US", None)]),
            ),
        )
        .map(lambda n: n[:3] + (None,) if n[1] == "IS NULL" else n)
        .filter(lambda n: (n[1] == "IN") == isinstance(n[3], tuple))
    )
    base = st.one_of(numeric, nullable, static)
    return st.one_of(
        base,
        st.tuples(st.just("not"), base),
        st.tuples(st.sampled_from(["and", "or"]), st.lists(base, min_size=2, max_size=3)),
    )


def load(db) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    con.execute(
        "CREATE TABLE users (user_id BIGINT PRIMARY KEY, signup TIMESTAMP, age BIGINT, country VARCHAR)"
    ).fetchall()
    con.execute(
        "CREATE TABLE orders (order_id BIGINT PRIMARY KEY, user_id BIGINT, ts TIMESTAMP, price DOUBLE, "
        "qty BIGINT, status VARCHAR)"
    ).fetchall()
    schema = {
        "users": pa.schema(
            [("user_id", pa.int64()), ("signup", pa.timestamp("us")), ("age", pa.int64()), ("country", pa.string())]
        ),
        "orders": pa.schema(
            [
                ("order_id", pa.int64()),
                ("user_id", pa.int64()),
                ("ts", pa.timestamp("us")),
                ("price", pa.float64()),
                ("qty", pa.int64()),
                ("status", pa.string()),
            ]
        ),
    }
    for name in ("users", "orders"):
        if db[name]:
            con.from_arrow(pa.Table.from_pylist(db[name], schema=schema[name])).insert_into(name)
    return con


def attach(con):
    rfm = rfm_sql.attach(con)
    rfm.graph.set_time_column("users", "signup")
    rfm.graph.set_time_column("orders", "ts")
    rfm.graph.link("orders", "user_id", "users", check=False)  # generated orders may all be of missing users
    rfm.graph.set_stype("users", "country", "categorical")
    rfm.graph.set_stype("orders", "status", "categorical")
    rfm.graph.set_stype("orders", "qty", "numerical")
    return rfm


def same(a, b) -> bool:
    if isinstance(a, float) or isinstance(b, float):
        return a is not None and b is not None and abs(a - b) < 1e-9
    return a == b


def check(db, target, entity_filter, assuming, binary):
    query = f"PREDICT {pql(target)} "
    if target[0] == "agg" and target[1] == "LIST_DISTINCT":
        query += "CLASSIFY "
    query += "FOR EACH users.user_id"
    if entity_filter is not None:
        query += f" WHERE {pql(entity_filter)}"
    if assuming is not None:
        query += f" ASSUMING {pql(assuming)}"
    con = load(db)
    got = {
        (r["ENTITY"], r["ANCHOR_TIMESTAMP"]): r["TARGET"]
        for r in attach(con).labels(query, anchor_time=ANCHORS).to_pylist()
    }
    want = reference(db, target, entity_filter, assuming, binary)
    assert set(got) == set(want), query
    for key, label in want.items():
        assert same(got[key], label), (query, key, got[key], label)


SETTINGS = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True)


@SETTINGS
@given(db=databases(), target=aggregations(forward=True))
def test_every_aggregation_matches_reference(db, target):
    check(db, target, None, None, binary=False)


@SETTINGS
@given(
    db=databases(),
    target=conditions(forward=True),
    entity_filter=st.one_of(st.none(), conditions(forward=False)),
    assuming=st.one_of(st.none(), conditions(forward=True)),
)
def test_conditions_filters_and_assuming_match_reference(db, target, entity_filter, assuming):
    check(db, target, entity_filter, assuming, binary=True)
