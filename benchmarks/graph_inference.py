"""How well graph inference finds keys, links and time columns on schemas it has never seen.

The corpus: generated schemas (seeded; Parquet files read through views, so nothing is declared) in several
naming styles (snake_case, CamelCase, per-table column prefixes) and time types (DATE, TIMESTAMP,
TIMESTAMPTZ, epoch seconds and milliseconds), with the patterns that break naive inference: role-named keys,
self-references, link tables, integer codes whose values all occur among some table's ids, end-named time
columns; plus TPC-H (scale 0.01, `tpchgen-cli`, Parquet) and the databases in ../shared/data, compared with
their schema.json. Precision and recall of primary keys, links and time columns, per database and overall.

    python benchmarks/graph_inference.py            # writes benchmarks/results/graph_inference.json
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
from sqlglot import exp

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from rfm_sql.graph.infer import infer_graph  # noqa: E402

SHARED = ROOT.parent / "shared" / "data"
STYLES = ("snake", "camel", "prefix")
TIME_KINDS = ("timestamp", "date", "timestamptz", "epoch_s", "epoch_ms")
T0 = dt.datetime(2015, 1, 1)


# -- a schema in words, written in one naming style ------------------------------------------------------------
class Schema:
    """Tables built column by column from word lists; names follow the style; the truth is recorded."""

    def __init__(self, name: str, style: str, rng: np.random.Generator, bare_ids: bool):
        self.name, self.style, self.rng, self.bare_ids = name, style, rng, bare_ids
        self.tables: dict[str, dict[str, pa.Array]] = {}
        self.truth: dict[str, dict] = {}
        self.keys: dict[str, np.ndarray] = {}

    def col(self, table: str, words: list[str]) -> str:
        name = "".join(w.capitalize() for w in words) if self.style == "camel" else "_".join(words)
        if self.style == "prefix":
            name = table[0] + "_" + name
        return name

    def table(self, table: str, singular: str, n: int, sparse: bool = False) -> np.ndarray:
        ids = np.sort(self.rng.choice(np.arange(1, 5 * n), n, replace=False)) if sparse else np.arange(1, n + 1)
        pk = self.col(table, ["id"] if self.bare_ids else [singular, "id"])
        self.tables[table] = {pk: pa.array(ids, pa.int64())}
        self.truth[table] = {"pkey": pk, "fkeys": {}, "time_col": None}
        self.keys[table] = ids
        return ids

    def fk(self, table: str, words: list[str], parent: str, n: int, linked: bool = True, null_share=0.0) -> str:
        values = self.rng.choice(self.keys[parent], n)
        mask = self.rng.random(n) < null_share
        name = self.col(table, words)
        self.tables[table][name] = pa.array(values, pa.int64(), mask=mask)
        if linked:
            self.truth[table]["fkeys"][name] = parent
        return name

    def values(self, table: str, words: list[str], array: pa.Array) -> str:
        name = self.col(table, words)
        self.tables[table][name] = array
        return name

    def time(self, table: str, words: list[str], n: int, kind: str, is_event: bool, offset_days: float = 0) -> str:
        seconds = np.sort(self.rng.uniform(0, 3 * 365 * 86400, n)).astype(np.int64) + int(offset_days * 86400)
        stamps = np.array([np.datetime64(T0)] * n) + seconds.astype("timedelta64[s]")
        if kind == "date":
            array = pa.array(stamps.astype("datetime64[D]"), pa.date32())
        elif kind == "timestamptz":
            array = pa.array(stamps.astype("datetime64[us]"), pa.timestamp("us", tz="UTC"))
        elif kind == "epoch_s":
            array = pa.array(seconds + int(T0.replace(tzinfo=dt.UTC).timestamp()), pa.int64())
        elif kind == "epoch_ms":
            array = pa.array((seconds + int(T0.replace(tzinfo=dt.UTC).timestamp())) * 1000, pa.int64())
        else:
            array = pa.array(stamps.astype("datetime64[us]"), pa.timestamp("us"))
        name = self.values(table, words, array)
        if is_event:
            self.truth[table]["time_col"] = name
        return name

    def ints(self, n: int, low: int, high: int) -> pa.Array:
        return pa.array(self.rng.integers(low, high, n), pa.int64())

    def strings(self, n: int, prefix: str, k: int) -> pa.Array:
        return pa.array([f"{prefix}{i}" for i in self.rng.integers(0, k, n)])

    def write(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        for table, columns in self.tables.items():
            pq.write_table(pa.table(columns), folder / f"{table}.parquet")


# -- templates: each a small world with the patterns inference must get right ----------------------------------
def shop(s: Schema, kind: str) -> None:
    """Customers, products, orders, a link table of order lines; an integer code contained in the ids."""
    nc, np_, no, nl = (int(s.rng.integers(200, 400)), 60, int(s.rng.integers(800, 1500)), 3000)
    s.table("customers", "customer", nc)
    s.values("customers", ["name"], s.strings(nc, "c", 10**6))
    s.time("customers", ["signup", "date"], nc, "date", True)
    s.time("customers", ["birth", "date"], nc, "date", False, offset_days=-40 * 365)
    s.table("products", "product", np_)
    s.values("products", ["number"], s.ints(np_, 1, 50))  # contained in every id set: a code, not a link
    s.values("products", ["category", "id"], s.ints(np_, 1, 8))  # no category table: a code
    s.table("orders", "order", no, sparse=True)
    s.fk("orders", ["customer", "id"], "customers", no)
    s.time("orders", ["created", "at"], no, kind, True)
    s.time("orders", ["updated", "at"], no, kind, False, offset_days=3)
    s.values("orders", ["amount"], pa.array(s.rng.gamma(2, 30, no)))
    s.tables["order_lines"] = {}
    s.truth["order_lines"] = {"pkey": None, "fkeys": {}, "time_col": None}
    s.fk("order_lines", ["order", "id"], "orders", nl)
    s.fk("order_lines", ["product", "id"], "products", nl)
    s.values("order_lines", ["quantity"], s.ints(nl, 1, 5))


def qa(s: Schema, kind: str) -> None:
    """A Q&A dump: role-named owners, self-references between posts, a related-post link table."""
    nu, npo, nc = int(s.rng.integers(150, 300)), 2000, 3000
    s.table("users", "user", nu)
    s.time("users", ["creation", "date"], nu, kind, True)
    s.values("users", ["reputation"], s.ints(nu, 1, 5000))
    ids = s.table("posts", "post", npo)
    s.values("posts", ["post", "type", "id"], s.ints(npo, 1, 3))
    questions = ids[: npo // 3]
    parent = s.rng.choice(questions, npo)
    is_q = np.arange(npo) < npo // 3
    s.values("posts", ["parent", "id"], pa.array(parent, pa.int64(), mask=is_q))
    s.truth["posts"]["fkeys"][s.col("posts", ["parent", "id"])] = "posts"
    answers = ids[npo // 3 :]
    accepted = s.rng.choice(answers, npo)
    s.values(
        "posts", ["accepted", "answer", "id"], pa.array(accepted, pa.int64(), mask=~is_q | (s.rng.random(npo) < 0.5))
    )
    s.truth["posts"]["fkeys"][s.col("posts", ["accepted", "answer", "id"])] = "posts"
    s.fk("posts", ["owner", "user", "id"], "users", npo, null_share=0.02)
    s.fk("posts", ["last", "editor", "user", "id"], "users", npo, null_share=0.5)
    s.values("posts", ["score"], s.ints(npo, -5, 100))
    s.time("posts", ["creation", "date"], npo, kind, True)
    s.time("posts", ["last", "edit", "date"], npo, kind, False, offset_days=20)
    s.table("comments", "comment", nc)
    s.fk("comments", ["post", "id"], "posts", nc)
    s.fk("comments", ["user", "id"], "users", nc)
    s.time("comments", ["creation", "date"], nc, kind, True)
    s.table("post_links", "post_link", 400)
    s.fk("post_links", ["post", "id"], "posts", 400)
    s.fk("post_links", ["related", "post", "id"], "posts", 400)
    s.values("post_links", ["link", "type", "id"], s.ints(400, 1, 4))
    s.time("post_links", ["creation", "date"], 400, kind, True)


def hr(s: Schema, kind: str) -> None:
    """Employees with a manager (self) and an approver (an actor: created_by style)."""
    nd, ne, nt = 12, int(s.rng.integers(200, 400)), 4000
    s.table("departments", "department", nd)
    s.values("departments", ["name"], s.strings(nd, "d", 100))
    ids = s.table("employees", "employee", ne)
    s.fk("employees", ["department", "id"], "departments", ne)
    s.values("employees", ["manager", "id"], pa.array(s.rng.choice(ids, ne), pa.int64()))
    s.truth["employees"]["fkeys"][s.col("employees", ["manager", "id"])] = "employees"
    s.values("employees", ["reports", "to"], pa.array(s.rng.choice(ids, ne), pa.int64()))
    s.truth["employees"]["fkeys"][s.col("employees", ["reports", "to"])] = "employees"
    s.time("employees", ["hired", "on"], ne, "date", True)
    s.time("employees", ["birth", "date"], ne, "date", False, offset_days=-30 * 365)
    s.values("employees", ["rank"], s.ints(ne, 1, nd))  # a code contained in every id set
    s.table("timesheets", "timesheet", nt, sparse=True)
    s.fk("timesheets", ["employee", "id"], "employees", nt)
    s.fk("timesheets", ["approved", "by"], "employees", nt)
    s.values("timesheets", ["hours"], pa.array(s.rng.uniform(1, 10, nt)))
    s.time("timesheets", ["work", "date"], nt, kind, True)


def sports(s: Schema, kind: str) -> None:
    """Teams, players, matches (home/away roles), standings timed by season_end only."""
    nt, npl, nm, ns = 20, 400, 1500, 200
    s.table("teams", "team", nt)
    s.values("teams", ["code"], s.ints(nt, 1, nt))  # integer code, values among the ids
    s.values("teams", ["name"], s.strings(nt, "t", 1000))
    s.table("players", "player", npl)
    s.fk("players", ["team", "id"], "teams", npl)
    s.values("players", ["number"], s.ints(npl, 1, 99))  # shirt numbers, all among the player ids
    s.time("players", ["birth", "date"], npl, "date", False, offset_days=-25 * 365)
    s.table("matches", "match", nm)
    s.fk("matches", ["home", "team", "id"], "teams", nm)
    s.fk("matches", ["away", "team", "id"], "teams", nm)
    # an integer is a time only when its name says so: a BIGINT `kickoff` would need set_time_column(unit=...)
    s.time("matches", ["kickoff", "ts"] if kind.startswith("epoch") else ["kickoff"], nm, kind, True)
    s.values("matches", ["attendance"], s.ints(nm, 1000, 60000))
    s.table("standings", "standing", ns)
    s.fk("standings", ["team", "id"], "teams", ns)
    s.values("standings", ["points"], s.ints(ns, 0, 90))
    s.values("standings", ["position"], s.ints(ns, 1, nt))
    s.time("standings", ["season", "end"], ns, "date", True)


def telemetry(s: Schema, kind: str) -> None:
    """Devices and readings with epoch times, alerts on readings; a status code contained in the ids."""
    nd, nr, na = 50, 5000, 300
    s.table("devices", "device", nd)
    s.values("devices", ["model"], s.strings(nd, "m", 5))
    s.table("readings", "reading", nr)
    s.fk("readings", ["device", "id"], "devices", nr)
    s.values("readings", ["status", "id"], s.ints(nr, 1, 4))
    s.values("readings", ["value"], pa.array(s.rng.normal(0, 1, nr)))
    s.time("readings", ["ts"], nr, "epoch_s" if kind in ("timestamp", "epoch_s") else kind, True)
    s.table("alerts", "alert", na)
    s.fk("alerts", ["reading", "id"], "readings", na)
    s.time("alerts", ["event", "time"], na, "epoch_ms" if kind in ("date", "epoch_ms") else kind, True)


def subscriptions(s: Schema, kind: str) -> None:
    """Plans with string codes, subscriptions valid_from/valid_to, payments; text keys without a name match."""
    npl, nc, ns, npay = 6, 300, 900, 3000
    codes = [f"PL{i:02d}" for i in range(npl)]
    plan_key = s.col("plans", ["plan", "code"])
    s.tables["plans"] = {plan_key: pa.array(codes), s.col("plans", ["price"]): pa.array(s.rng.uniform(5, 50, npl))}
    s.truth["plans"] = {"pkey": plan_key, "fkeys": {}, "time_col": None}
    s.table("accounts", "account", nc)
    s.values("accounts", ["region"], s.strings(nc, "r", 4))
    s.table("subscriptions", "subscription", ns)
    s.fk("subscriptions", ["account", "id"], "accounts", ns)
    tier = s.values("subscriptions", ["tier"], pa.array([codes[i] for i in s.rng.integers(0, npl, ns)]))
    s.truth["subscriptions"]["fkeys"][tier] = "plans"  # short strings found in plans' string key
    s.time("subscriptions", ["valid", "from"], ns, kind, True)
    s.time("subscriptions", ["valid", "to"], ns, kind, False, offset_days=180)
    s.table("payments", "payment", npay, sparse=True)
    s.fk("payments", ["subscription", "id"], "subscriptions", npay)
    s.values("payments", ["amount"], pa.array(s.rng.uniform(5, 50, npay)))
    s.time("payments", ["paid", "at"], npay, kind, True)


def documents(s: Schema, kind: str) -> None:
    """Folders in a tree, documents created_by / updated_by users, a friendship link table."""
    nu, nf, nd = 80, 150, 2500
    s.table("users", "user", nu)
    s.time("users", ["joined", "at"], nu, kind, True)
    ids = s.table("folders", "folder", nf)
    s.values("folders", ["parent", "folder", "id"], pa.array(s.rng.choice(ids, nf), pa.int64(), mask=ids <= 5))
    s.truth["folders"]["fkeys"][s.col("folders", ["parent", "folder", "id"])] = "folders"
    s.table("documents", "document", nd)
    s.fk("documents", ["folder", "id"], "folders", nd)
    s.fk("documents", ["created", "by"], "users", nd)
    s.fk("documents", ["updated", "by"], "users", nd)
    s.time("documents", ["created", "at"], nd, kind, True)
    s.time("documents", ["updated", "at"], nd, kind, False, offset_days=5)
    s.tables["friendships"] = {}
    s.truth["friendships"] = {"pkey": None, "fkeys": {}, "time_col": None}
    s.fk("friendships", ["user", "id"], "users", 600)
    s.fk("friendships", ["friend", "id"], "users", 600)
    s.time("friendships", ["since"], 600, "date", True)


TEMPLATES = {f.__name__: f for f in (shop, qa, hr, sports, telemetry, subscriptions, documents)}


def generated_corpus(count: int = 21, seed: int = 0) -> list[tuple[str, Schema]]:
    """`count` schemas cycling through the templates, naming styles and time kinds (seeded)."""
    out = []
    names = list(TEMPLATES)
    for i in range(count):
        template = names[i % len(names)]
        style = STYLES[(i // len(names)) % len(STYLES)]
        kind = TIME_KINDS[i % len(TIME_KINDS)]
        rng = np.random.default_rng(seed + i)
        schema = Schema(f"{template}-{style}-{kind}", style, rng, bare_ids=(i % 2 == 1 and style != "prefix"))
        TEMPLATES[template](schema, kind)
        out.append((schema.name, schema))
    return out


# -- measuring -------------------------------------------------------------------------------------------------
def views_over(folder: Path) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    for file in sorted(folder.glob("*.parquet")):
        source = exp.select("*").from_(exp.func("read_parquet", exp.Literal.string(str(file))))
        view = exp.Table(this=exp.to_identifier(file.stem, quoted=True))
        con.execute(exp.Create(this=view, kind="VIEW", expression=source, replace=True).sql("duckdb")).fetchall()
    return con


def compare(graph, truth: dict) -> dict:
    """Sets of (table, column[, parent]) found vs expected, and what differs."""
    got = {
        "pkey": {(t, tab.primary_key) for t, tab in graph.tables.items() if tab.primary_key},
        "link": {(lk.child, lk.fkey, lk.parent) for lk in graph.links},
        "time": {(t, tab.time_column) for t, tab in graph.tables.items() if tab.time_column},
    }
    want = {
        "pkey": {(t, s["pkey"]) for t, s in truth.items() if s.get("pkey")},
        "link": {(t, f, p) for t, s in truth.items() for f, p in s.get("fkeys", {}).items()},
        "time": {(t, s["time_col"]) for t, s in truth.items() if s.get("time_col")},
    }
    out = {}
    for part in got:
        out[part] = {
            "found": len(got[part] & want[part]),
            "inferred": len(got[part]),
            "expected": len(want[part]),
            "false": sorted(".".join(x[:2]) + (f" -> {x[2]}" if len(x) > 2 else "") for x in got[part] - want[part]),
            "missed": sorted(".".join(x[:2]) + (f" -> {x[2]}" if len(x) > 2 else "") for x in want[part] - got[part]),
        }
    return out


TPCH_TRUTH = {
    "customer": {"pkey": "c_custkey", "fkeys": {"c_nationkey": "nation"}, "time_col": None},
    "orders": {"pkey": "o_orderkey", "fkeys": {"o_custkey": "customer"}, "time_col": "o_orderdate"},
    "lineitem": {
        "pkey": None,  # (l_orderkey, l_linenumber): composite keys are not modelled
        "fkeys": {"l_orderkey": "orders", "l_partkey": "part", "l_suppkey": "supplier"},
        "time_col": "l_shipdate",
    },
    "part": {"pkey": "p_partkey", "fkeys": {}, "time_col": None},
    "partsupp": {"pkey": None, "fkeys": {"ps_partkey": "part", "ps_suppkey": "supplier"}, "time_col": None},
    "supplier": {"pkey": "s_suppkey", "fkeys": {"s_nationkey": "nation"}, "time_col": None},
    "nation": {"pkey": "n_nationkey", "fkeys": {"n_regionkey": "region"}, "time_col": None},
    "region": {"pkey": "r_regionkey", "fkeys": {}, "time_col": None},
}


def tpch_folder(work: Path, scale: float = 0.01) -> Path | None:
    exe = shutil.which("tpchgen-cli")
    if exe is None:
        return None
    folder = work / "tpch"
    subprocess.run([exe, "parquet", "-s", str(scale), "--output-dir", str(folder)], check=True, capture_output=True)
    return folder


def corpus(work: Path, count: int, seed: int):
    """(name, source, folder, truth) for every database of the corpus."""
    for name, schema in generated_corpus(count, seed):
        folder = work / name
        schema.write(folder)
        yield name, "generated", folder, schema.truth
    tpch = tpch_folder(work)
    if tpch is not None:
        yield "tpch-sf0.01", "tpchgen-cli", tpch, TPCH_TRUTH
    for folder in sorted(SHARED.glob("*/schema.json")):
        yield folder.parent.name, "shared", folder.parent, json.loads(folder.read_text())["tables"]


def totals(rows: list[dict]) -> dict:
    out = {}
    for part in ("pkey", "link", "time"):
        found = sum(r["result"][part]["found"] for r in rows)
        inferred = sum(r["result"][part]["inferred"] for r in rows)
        expected = sum(r["result"][part]["expected"] for r in rows)
        out[part] = {
            "precision": round(found / inferred, 4) if inferred else 1.0,
            "recall": round(found / expected, 4) if expected else 1.0,
            "found": found,
            "inferred": inferred,
            "expected": expected,
        }
    return out


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=21, help="generated schemas (default 21)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", default=str(ROOT / "benchmarks" / "results" / "graph_inference.json"))
    args = parser.parse_args(argv)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for name, source, folder, truth in corpus(Path(tmp), args.count, args.seed):
            con = views_over(folder)
            start = time.perf_counter()
            graph = infer_graph(con)
            seconds = time.perf_counter() - start
            result = compare(graph, {t: s for t, s in truth.items() if t in graph.tables})
            rows.append({"database": name, "source": source, "seconds": round(seconds, 3), "result": result})
            flaws = [f"{p} {k}: {x}" for p, r in result.items() for k in ("false", "missed") for x in r[k]]
            print(f"{name:32s} {seconds:6.2f}s  " + ("ok" if not flaws else "; ".join(flaws)))
    summary = {"command": "python benchmarks/graph_inference.py", "totals": totals(rows)}
    summary["by_source"] = {
        s: totals([r for r in rows if r["source"] == s]) for s in dict.fromkeys(r["source"] for r in rows)
    }
    summary["databases"] = rows
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(summary, indent=1) + "\n")
    print(json.dumps(summary["totals"], indent=1))
    return 0 if all(not r["result"][p][k] for r in rows for p in r["result"] for k in ("false", "missed")) else 1


if __name__ == "__main__":
    raise SystemExit(main())
