"""Fuzz the back half: valid PQL queries through predict, evaluate and explain on the demo database.

python benchmarks/fuzz_surfaces.py --n 150     # writes benchmarks/FUZZ_SURFACES.md and results/fuzz_surfaces.json
python benchmarks/fuzz_surfaces.py --n 60 --data ../shared/data/mimic3-demo   # any folder in data/README.md's format

`benchmarks/fuzz_pql.py` shows every query that follows PQL.md is accepted; this shows that an accepted query
also runs: each one is predicted (`rfm.predict`), backtested (`rfm.evaluate`) and explained (`rfm.explain`, for
an entity it predicted, else the entity table's first key; a query listing its keys, or with EVALUATE, as written) and predicted from SQL (`rfm_predict`, which must
return what Python's predict returned, or fail with its message), drawn by tests/pql/fuzzing.py's `ValidGen` over
the database's schema (every task type, filters, ASSUMING, listed keys, EVALUATE/EXPLAIN prefixes): the demo
database, or with --data a folder of Parquet tables and schema.json (text keys, dates, wide tables). A call may end
in a `UserError` (no labelled examples before the anchor, a listed key that does not exist, ...): those are
tallied by message. Bar: 0 crashes (any other exception), 0 hangs (over --limit seconds for one call).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import re
import signal
import sys
import time
import traceback
import warnings
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))  # this checkout's rfm_sql and tests/, whatever is installed

import duckdb  # noqa: E402
import numpy as np  # noqa: E402

import rfm_sql  # noqa: E402
from rfm_sql import demo  # noqa: E402
from rfm_sql.errors import UserError  # noqa: E402
from tests.pql import fuzzing  # noqa: E402

SURFACES = ("predict", "evaluate", "explain", "sql")


class SurfaceMismatch(Exception):
    """SQL's rfm_predict disagreed with Python's predict on the same query: counted as a crash."""


class _Hang(BaseException):  # not an Exception, so that no handler in rfm_sql swallows it
    pass


_FIRED = []  # the alarm went off during the current call


def _alarm(signum, frame):
    _FIRED.append(True)
    raise _Hang()


def first_key(rfm, query: str):
    """An entity to explain: the entity table's smallest key."""
    vq = rfm.resolve(query)
    table = rfm.graph.table(vq.entity_table)
    return rfm.con.execute(f'SELECT min("{table.primary_key}") FROM "{table.name}"').fetchall()[0][0]


def _drawn(rfm, gen):
    """(query, task type) from the generator, endlessly."""
    while True:
        query = gen.query()
        yield query, rfm.resolve(query).task_type.value


def some_keys(rfm, n: int = 20) -> dict[str, list]:
    """Up to n primary keys of each table (the smallest), so that listed-key queries also name rows that exist."""
    keys = {}
    for name, table in rfm.graph.tables.items():
        if table.primary_key is not None:
            sql = f'SELECT DISTINCT "{table.primary_key}" FROM "{name}" WHERE "{table.primary_key}" IS NOT NULL'
            rows = rfm.con.execute(f"{sql} ORDER BY 1 LIMIT {n}").fetchall()
            keys[name] = [r[0] for r in rows if isinstance(r[0], int | str)]
    return keys


def call(rfm, surface: str, query: str, python_error: UserError | None = None):
    """Run `query` on one surface; "sql" is `SELECT * FROM rfm_predict(?)`, checked against Python's predict
    (`python_error`: the UserError it raised, None when it predicted): the same rows, or the same message."""
    if surface == "predict":
        return rfm.predict(query)
    if surface == "sql":
        try:
            rows = rfm.con.execute("SELECT * FROM rfm_predict(?)", [query]).fetchall()
        except duckdb.Error as e:
            first = str(python_error).splitlines()[0] if python_error is not None else None
            if first is None or first not in str(e):
                raise SurfaceMismatch(f"SQL raised {e!r}; Python: {first or 'predicted'}") from e
            raise python_error from e
        if python_error is not None:
            raise SurfaceMismatch(f"SQL returned {len(rows)} rows; Python raised {python_error}")
        return rows
    if surface == "evaluate":
        return rfm.evaluate(query)
    vq = rfm.resolve(query)
    if vq.query.entities is not None or vq.query.prefix == "EVALUATE":
        # the query lists its own keys (entity= would be refused as a second list), or asks for a backtest
        # (explain refuses entity= there): explained as written, so a listed-key query reaches explain's own
        # code and an EVALUATE ... FOR EACH query gets the error that asks for keys in the query
        return rfm.explain(query)
    try:
        out = rfm.predict(query)
        entity = out.column("ENTITY")[0].as_py() if out.num_rows and "ENTITY" in out.schema.names else None
    except UserError:
        entity = None
    return rfm.explain(query, entity=first_key(rfm, query) if entity is None else entity)


def message_kind(error: Exception) -> str:
    """The error's first line with numbers, quoted values, times and key lists blanked out: tallied per kind."""
    line = str(error).splitlines()[0]
    line = re.sub(r"\(.*?\)", "(...)", line)
    line = re.sub(r"'[^']*'|\"[^\"]*\"", "'...'", line)
    line = re.sub(r"\d{4}-\d\d-\d\d[ T]\d\d:\d\d(:\d\d)?", "TIME", line)
    return type(error).__name__ + ": " + re.sub(r"-?\d+(\.\d+)?", "N", line)[:110]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=150, help="how many valid queries (default 150)")
    ap.add_argument("--data", type=Path, help="a database folder (data/README.md's format); default: the demo")
    ap.add_argument(
        "--relprior",
        type=int,
        metavar="SEED",
        help="instead: a random database of the relational prior (export.relprior_schema, as benchmarks/unseen.py "
        "draws them: self-links, link tables, missing values), built from this seed",
    )
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument(
        "--task", nargs="+", metavar="TYPE", help="keep only queries of these task types (e.g. link_prediction)"
    )
    ap.add_argument("--limit", type=int, default=300, help="seconds one call may take before it counts as a hang")
    ap.add_argument("--out", type=Path, help="default: results/fuzz_surfaces[_DATA].json")
    ap.add_argument("--md", type=Path, help="default: FUZZ_SURFACES[_DATA].md")
    args = ap.parse_args(argv)
    if args.data is not None and args.relprior is not None:
        ap.error("pass --data or --relprior, not both")
    name = args.data.name if args.data else "demo" if args.relprior is None else f"relprior_{args.relprior}"
    suffix = "" if name == "demo" else "_" + re.sub(r"\W", "_", name)
    suffix += "".join(f"_{t}" for t in args.task or [])
    args.out = args.out or HERE / "results" / f"fuzz_surfaces{suffix}.json"
    args.md = args.md or HERE / f"FUZZ_SURFACES{suffix}.md"

    warnings.simplefilter("ignore")  # undefined metrics on tiny backtests warn; the tally is what counts here
    if args.relprior is not None:
        from export.relprior_schema import attach, random_database

        rfm = attach(*random_database(np.random.default_rng(args.relprior), "small"))
    elif args.data is None:
        con = duckdb.connect()
        demo.build(con, n_users=300, n_items=40)  # the `shop` fixture of tests/conftest.py
        fuzzing.add_flag_column(con)
        rfm = rfm_sql.attach(con)
    else:
        rfm = rfm_sql.attach_folder(duckdb.connect(), args.data, views=True)
    gen = fuzzing.ValidGen(fuzzing.schema(rfm.graph), random.Random(args.seed), keys=some_keys(rfm))
    signal.signal(signal.SIGALRM, _alarm)
    outcomes = {s: Counter() for s in SURFACES}
    user_errors: Counter = Counter()
    task_types: Counter = Counter()
    failures, slowest = [], (0.0, "", "")
    start = time.perf_counter()
    for i in range(args.n):
        query, task = next((q, t) for q, t in _drawn(rfm, gen) if not args.task or t in args.task)
        task_types[task] += 1
        python_error = None
        for surface in SURFACES:
            t = time.perf_counter()
            _FIRED.clear()
            signal.alarm(args.limit)
            try:
                call(rfm, surface, query, python_error)
                outcomes[surface]["ok"] += 1
            except _Hang:
                outcomes[surface]["hang"] += 1
                failures.append({"surface": surface, "query": query, "error": f"over {args.limit} s"})
            except UserError as e:
                outcomes[surface]["user error"] += 1
                user_errors[message_kind(e)] += 1
                python_error = e if surface == "predict" else python_error
            except Exception as e:  # noqa: BLE001 - any other exception is the crash this counts
                if _FIRED:  # the alarm went off inside DuckDB (a UDF, a query), which raises its own error
                    outcomes[surface]["hang"] += 1
                    failures.append({"surface": surface, "query": query, "error": f"over {args.limit} s"})
                    continue
                outcomes[surface]["crash"] += 1
                failures.append({"surface": surface, "query": query, "error": traceback.format_exc()[-1500:]})
                print(f"CRASH {surface}: {query!r}\n{e!r}", file=sys.stderr, flush=True)
            finally:
                signal.alarm(0)
            seconds = time.perf_counter() - t
            if seconds > slowest[0]:
                slowest = (seconds, surface, query)
        if (i + 1) % 10 == 0:
            print(f"{i + 1} queries: {json.dumps({s: dict(c) for s, c in outcomes.items()})}", file=sys.stderr)
    result = {
        "command": f"python benchmarks/fuzz_surfaces.py --n {args.n}"
        + (f" --data ../shared/data/{name}" if args.data else "")
        + (f" --relprior {args.relprior}" if args.relprior is not None else "")
        + (f" --seed {args.seed}" if args.seed else "")
        + (f" --limit {args.limit}" if args.limit != 300 else "")
        + (f" --task {' '.join(args.task)}" if args.task else ""),
        "database": name,
        "limit_s": args.limit,
        "n": args.n,
        "seed": args.seed,
        "outcomes": {s: dict(c) for s, c in outcomes.items()},
        "crashes": sum(c["crash"] for c in outcomes.values()),
        "hangs": sum(c["hang"] for c in outcomes.values()),
        "task_types": dict(sorted(task_types.items())),
        "user_errors": dict(user_errors.most_common()),
        "slowest": {"seconds": round(slowest[0], 2), "surface": slowest[1], "query": slowest[2]},
        "total_seconds": round(time.perf_counter() - start, 1),
        "failures": failures[:20],
        "machine": {"cores": os.cpu_count(), "python": platform.python_version()},
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2, ensure_ascii=True) + "\n")
    args.md.write_text(markdown(result))
    print(json.dumps({k: v for k, v in result.items() if k not in ("user_errors", "failures")}, indent=2))
    return 0 if result["crashes"] == result["hangs"] == 0 else 1


def markdown(r: dict) -> str:
    rows = "\n".join(
        f"| {s} | {c.get('ok', 0):,} | {c.get('user error', 0):,} | {c.get('crash', 0):,} | {c.get('hang', 0):,} |"
        for s, c in r["outcomes"].items()
    )
    tasks = ", ".join(f"{t} {n:,}" for t, n in r["task_types"].items())
    errors = "\n".join(f"| {n:,} | `{kind}` |" for kind, n in r["user_errors"].items())
    where = (
        "the demo database (`rfm_sql.demo`, 300 users, plus a boolean column)"
        if r["database"] == "demo"
        else f"a random database of the relational prior (`export.relprior_schema`, seed {r['database'].split('_')[-1]})"
        if r["database"].startswith("relprior_")
        else f"`{r['database']}` (`../shared/data`)"
    )
    return f"""# The back half fuzzed: predict, evaluate and explain ({r["database"]})

Command: `{r["command"]}` (seed {r["seed"]}). {r["n"]:,} valid queries from `tests/pql/fuzzing.py`'s generator
over {where}, each predicted, backtested and explained from Python, and predicted from SQL (`SELECT * FROM rfm_predict(?)`, which must agree with Python's predict:
rows, or the same error message); {r["total_seconds"]:,} s in all on {r["machine"]["cores"]} cores. Bar: no crash (an
exception other than rfm_sql's `UserError`), no hang (a call over {r["limit_s"]} s: these machines are shared, so
the limit catches a call that never ends, not a slow one). Slowest call: {r["slowest"]["seconds"]} s
({r["slowest"]["surface"]}).

| surface | ran | user error | crash | hang |
|---|---|---|---|---|
{rows}

Queries by task type: {tasks}.

A user error is the expected answer to many random queries (a window longer than the data, a filter nothing
passes, a listed key that does not exist); by kind (numbers and values blanked):

| calls | error |
|---|---|
{errors}

Found by this benchmark and fixed (regression tests in `tests/pql/test_validate.py`,
`tests/pql/test_fuzz_regressions.py` and `tests/runtime/test_predict.py`): `evaluate` cast the keys of
`FOR key IN (...)` to the key's type before checking them, so a fractional key (`1.5`) was scored as entity 2
(a wrong answer) and a key beyond the type's range raised DuckDB's ConversionException (predict checked them;
both now share `runtime/listed.py`); `LIST_DISTINCT(...) CONTAINS v` with `v` of another type than the listed
column, `CONTAINS 3` on text, `=` / `IN` on a `LIST_DISTINCT` and `1e999` (parsed as infinity) passed
validation and failed in DuckDB (now PQL errors that point at the value). The slowest call led to the SQL
builder copying the whole statement at each CTE (quadratic in the CTEs): a static 97-class backtest on
mimic3-demo's 11,320 rows went from 116 s to 78 s.
"""


if __name__ == "__main__":
    sys.exit(main())
