"""Random relational databases for pre-training: a random schema (2-8 tables: stars, chains, self-links,
many-to-many link tables, snowflake dimensions) filled by the processes of `relprior_events`, written into
an in-memory DuckDB with declared primary keys, and the schema.json-style dict that says its keys, links and
time columns.

    con, schema = random_database(np.random.default_rng(0))
    rfm = attach(con, schema)
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import duckdb
import numpy as np
import pyarrow as pa
from sqlglot import exp

import rfm_sql
from export import relprior_events as ev
from rfm_sql.compile.sqlutil import table as table_ref
from rfm_sql.graph.load import apply_schema

ENTITY_NAMES = ("users", "customers", "accounts", "patients", "members", "couriers", "stores", "devices", "sellers",
                "players", "students", "clients", "vehicles", "households")  # fmt: skip
DIMENSION_NAMES = ("items", "products", "merchants", "venues", "courses", "services", "articles", "titles",
                   "sites", "doctors", "routes")  # fmt: skip
GROUP_NAMES = ("groups", "teams", "clubs", "regions", "segments", "cities", "branches", "channels")
EVENT_NAMES = ("orders", "visits", "transactions", "sessions", "claims", "events", "payments", "reviews", "logins",
               "tickets", "bookings", "purchases", "messages", "plays", "trips", "calls", "admissions")  # fmt: skip
SIZES = {"small": (300, 3000, 3000, 50000), "medium": (2000, 20000, 20000, 300000)}
LATENT_DIM = 3


@dataclass
class Tab:
    name: str
    n: int
    z: np.ndarray  # latents of each row (never exported as such)
    pkey: str | None = None
    time_col: str | None = None
    cols: dict = field(default_factory=dict)  # name -> (values, missing mask or None)
    fkeys: dict = field(default_factory=dict)  # column -> parent table
    t: np.ndarray | None = None  # row times in days (event tables)
    start: np.ndarray | None = None  # the day each entity appears
    end: np.ndarray | None = None  # the day it churns (inf: never)


class _Names:
    def __init__(self, rng):
        self.rng, self.taken = rng, set()

    def pick(self, pool) -> str:
        free = [p for p in pool if p not in self.taken]
        name = str(self.rng.choice(free)) if free else f"{pool[0]}_{len(self.taken)}"
        self.taken.add(name)
        return name


def _singular(name: str) -> str:
    if name.endswith("ies"):
        return name[:-3] + "y"
    if name.endswith(("ches", "shes", "sses")):
        return name[:-2]
    return name[:-1] if name.endswith("s") else name


def _key(name: str) -> str:
    return _singular(name) + "_id"


def _entity(rng, names, pool, n, n_days, n_num, n_cat, with_time: bool) -> Tab:
    name = names.pick(pool)
    z = rng.normal(0, 1, (n, LATENT_DIM))
    tab = Tab(name, n, z, pkey=_key(name))
    taken = {tab.pkey}
    tab.start, tab.end = ev.lifetimes(rng, n, z, n_days)
    if with_time:
        tab.time_col = ev._unique(str(rng.choice(["created_at", "signup_time", "registered_at", "joined"])), taken)
        tab.t = tab.start.copy()
    if rng.random() < 0.6:  # noisy readings of the latents
        for j in rng.permutation(LATENT_DIM)[: rng.integers(1, LATENT_DIM + 1)]:
            values = np.round(
                z[:, j] * rng.uniform(1, 20) + rng.normal(0, rng.uniform(0.3, 2), n) + rng.normal(0, 30), 2
            )
            tab.cols[ev._unique(str(rng.choice(ev.NUMERIC_NAMES)), taken)] = (values, ev._missing(rng, values, z[:, j]))
    tab.cols.update(ev.attributes(rng, z, taken, n_num, n_cat, text=rng.random() < 0.15))
    return tab


def _events(rng, names, owner: Tab, total: int, n_days: int, others=(), n_num=2, n_cat=1, pool=EVENT_NAMES) -> Tab:
    """An event table owned by `owner` (its latents drive the rate and the attributes), with a foreign key to
    each of `others` chosen by affinity (a many-to-many relation through the events)."""
    who, t = ev.event_times(rng, owner.z, owner.start, owner.end, n_days, total)
    name = names.pick(pool)
    tab = Tab(
        name,
        len(who),
        owner.z[who],
        pkey=_key(name),
        time_col=str(rng.choice(["created_at", "timestamp", "date", "time", "at"])),
        t=t,
    )
    tab.cols[_key(owner.name)] = (who, None)
    tab.fkeys[_key(owner.name)] = owner.name
    taken = {tab.pkey, tab.time_col, _key(owner.name)}
    parents = [owner.z[who], rng.normal(0, 1, (len(who), 1)), np.cos(2 * np.pi * t / 365.25)[:, None]]
    for other in others:
        pick = ev.choose(rng, owner.z[who], other.z)
        fk = ev._unique(_key(other.name), taken)
        tab.cols[fk] = (pick, None)
        tab.fkeys[fk] = other.name
        parents.append(other.z[pick])
        tab.z = tab.z + 0.5 * other.z[pick]
    tab.cols.update(ev.attributes(rng, np.hstack(parents), taken, n_num, n_cat, rng.random() < 0.1, owner=who))
    return tab


def _lines(rng, names, parent: Tab, dim: Tab | None, budget: int) -> Tab:
    """A chain: rows under each parent event (order lines, claim details), a Poisson number per event driven
    by the event's latents, each a little after its event (a delay), optionally pointing at a dimension row."""
    mean = np.exp(np.clip(parent.z @ rng.normal(0, 0.4, LATENT_DIM) + rng.uniform(-0.5, 1.0), -3, 3))
    mean *= min(1.0, budget / max(mean.sum() + parent.n, 1))
    count = 1 + rng.poisson(mean) if rng.random() < 0.7 else rng.poisson(mean)
    who = np.repeat(np.arange(parent.n), count)
    name = names.pick((f"{_singular(parent.name)}_lines", "line_items", "details", "parts"))
    delay = rng.exponential(rng.uniform(0, 10), len(who)) * np.exp(0.3 * parent.z[who, 0])
    tab = Tab(
        name,
        len(who),
        parent.z[who],
        pkey=_key(name),
        t=parent.t[who] + delay,
        time_col=str(rng.choice(["shipped_at", "processed_at", "done_at"])),
    )
    fk = _key(parent.name)
    tab.cols[fk] = (who, None)
    tab.fkeys[fk] = parent.name
    taken = {tab.pkey, tab.time_col, fk}
    parents = [parent.z[who], np.log1p(delay)[:, None]]
    if dim is not None:
        pick = ev.choose(rng, parent.z[who], dim.z)
        tab.cols[_key(dim.name)] = (pick, None)
        tab.fkeys[_key(dim.name)] = dim.name
        taken.add(_key(dim.name))
        parents.append(dim.z[pick])
    n_num, n_cat = int(rng.integers(1, 3)), int(rng.integers(0, 2))
    tab.cols.update(ev.attributes(rng, np.hstack(parents), taken, n_num, n_cat, owner=parent_owner(parent, who)))
    return tab


def parent_owner(parent: Tab, who: np.ndarray) -> np.ndarray:
    """The entity owning each line's event (the first foreign key of the event table), for habits."""
    fk = next(iter(parent.fkeys), None)
    return parent.cols[fk][0][who] if fk is not None else who


def _self_link(rng, tab: Tab) -> None:
    """`tab.referred_by` -> `tab`: some rows name an earlier row, and resemble it (their latents mix)."""
    order = np.argsort(tab.start, kind="stable")
    rank = np.empty(tab.n, dtype=np.int64)
    rank[order] = np.arange(tab.n)
    referred = (rng.random(tab.n) < rng.uniform(0.1, 0.6)) & (rank > 0)
    ref = order[np.floor(rank * rng.random(tab.n) ** 0.5).astype(np.int64)]
    tab.z[referred] = 0.6 * tab.z[ref[referred]] + 0.8 * tab.z[referred]
    col = str(rng.choice(["referred_by", "parent_id", "invited_by", "manager_id"]))
    tab.cols[col] = (ref, ~referred)
    tab.fkeys[col] = tab.name


def _plan(rng, size: str) -> list[Tab]:
    n_lo, n_hi, ev_lo, ev_hi = SIZES[size]
    names = _Names(rng)
    n_days = int(rng.integers(120, 1100))
    budget = int(rng.integers(ev_lo, ev_hi))
    main = _entity(rng, names, ENTITY_NAMES, int(np.exp(rng.uniform(np.log(n_lo), np.log(n_hi)))), n_days,
                   int(rng.integers(0, 4)), int(rng.integers(0, 3)), rng.random() < 0.5)  # fmt: skip
    tables = [main]
    n_max = int(rng.integers(2, 9))
    dim = None
    if rng.random() < 0.6:
        dim = _entity(rng, names, DIMENSION_NAMES, int(rng.integers(20, 500)), n_days, int(rng.integers(0, 3)),
                      int(rng.integers(1, 3)), rng.random() < 0.2)  # fmt: skip
        tables.append(dim)
    if rng.random() < 0.35:
        _self_link(rng, main)
    if rng.random() < 0.3 and len(tables) + 2 <= n_max:  # snowflake: the entity belongs to a group
        group = _entity(rng, names, GROUP_NAMES, int(rng.integers(3, 40)), n_days, int(rng.integers(0, 3)), 1, False)
        pick = ev.choose(rng, main.z, group.z)
        main.cols[_key(group.name)], main.fkeys[_key(group.name)] = (pick, None), group.name
        main.z = main.z + 0.5 * group.z[pick]
        tables.append(group)
    n_events = int(rng.integers(1, 4))
    shares = rng.dirichlet([1.0] * (n_events + 1))
    events = []
    for i in range(n_events):
        if len(tables) >= n_max and events:
            break
        others = (dim,) if dim is not None and rng.random() < 0.6 else ()
        e = _events(rng, names, main, int(budget * shares[i]) + 200, n_days, others, int(rng.integers(1, 4)),
                    int(rng.integers(0, 3)))  # fmt: skip
        events.append(e)
        tables.append(e)
    if len(tables) < n_max and rng.random() < 0.5:  # chain: lines under an event table
        tables.append(_lines(rng, names, events[0], dim if rng.random() < 0.7 else None, int(budget * shares[-1])))
    if len(tables) + 2 <= n_max and rng.random() < 0.4:  # many-to-many through a link table
        club = _entity(rng, names, GROUP_NAMES, int(rng.integers(5, 80)), n_days, int(rng.integers(0, 2)), 1,
                       rng.random() < 0.5)  # fmt: skip
        link = _events(rng, names, main, int(rng.integers(200, 2000)), n_days, (club,), 0, int(rng.integers(0, 2)),
                       pool=("memberships", "enrollments", "follows", "subscriptions", "assignments"))  # fmt: skip
        if rng.random() < 0.5:
            link.pkey = None
        tables += [club, link]
    if len(tables) < n_max and dim is not None and rng.random() < 0.4:  # the dimension has events of its own
        tables.append(_events(rng, names, dim, int(rng.integers(300, 3000)), n_days, (), 1, int(rng.integers(0, 2)),
                              pool=("restocks", "price_changes", "inspections", "updates")))  # fmt: skip
    if len(tables) < 2:
        tables.append(_events(rng, names, main, budget, n_days))
    by_name = {tab.name: tab for tab in tables}
    for tab in tables:  # a row exists before any row that references it
        for fk, parent in tab.fkeys.items():
            ptab, (ref, missing) = by_name[parent], tab.cols[fk]
            if ptab.t is not None and tab.t is not None and parent != tab.name:
                keep = np.ones(tab.n, dtype=bool) if missing is None else ~missing
                np.minimum.at(ptab.t, ref[keep], tab.t[keep])
    return tables


def _arrow(tab: Tab, origin: np.datetime64) -> pa.Table:
    data = {}
    if tab.pkey:
        data[tab.pkey] = pa.array(np.arange(tab.n, dtype=np.int64))
    if tab.time_col:
        seconds = np.round(tab.t * 86400).astype("timedelta64[s]")
        data[tab.time_col] = pa.array(origin + seconds)
    for name, (values, missing) in tab.cols.items():
        values = np.asarray(values)
        data[name] = pa.array(values, mask=missing) if missing is not None else pa.array(values)
    return pa.table(data)


def random_database(rng, size: str = "small") -> tuple[duckdb.DuckDBPyConnection, dict]:
    """A new in-memory DuckDB holding a random relational database, and its schema
    ({"tables": {name: {"pkey", "fkeys": {column: parent}, "time_col"}}}, schema.json's form)."""
    if size not in SIZES:
        raise ValueError(f"size must be one of {sorted(SIZES)}, got {size!r}")
    tables = _plan(rng, size)
    year = int(rng.integers(2005, 2025))
    origin = np.datetime64(dt.datetime(year, int(rng.integers(1, 13)), 1), "s")
    con = duckdb.connect()
    schema = {"tables": {}}
    for tab in tables:
        con.from_arrow(_arrow(tab, origin)).create(tab.name)
        if tab.pkey:
            key = exp.PrimaryKey(expressions=[exp.to_identifier(tab.pkey, quoted=True)])
            alter = exp.Alter(this=table_ref(tab.name), kind="TABLE", actions=[exp.AddConstraint(expressions=[key])])
            con.execute(alter.sql("duckdb")).fetchall()
        schema["tables"][tab.name] = {"pkey": tab.pkey, "fkeys": dict(tab.fkeys), "time_col": tab.time_col}
    return con, schema


def attach(con: duckdb.DuckDBPyConnection, schema: dict, model=None) -> rfm_sql.RFM:
    """`rfm_sql.attach` (the shipped model, or `model`) with the graph set exactly as `schema` says."""
    rfm = rfm_sql.attach(con, model=model)
    apply_schema(rfm.graph, schema)
    return rfm


def attach_random(rng, size: str = "small") -> rfm_sql.RFM:
    return attach(*random_database(rng, size))
