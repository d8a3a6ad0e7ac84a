"""Fuzz PQL: n seeded strings through `rfm.resolve` (parse + validate) on the demo database.

python benchmarks/fuzz_pql.py --n 100000     # writes benchmarks/FUZZ.md and benchmarks/results/fuzz_pql.json

Strings: valid queries over the demo schema (must be accepted), random derivations of grammar.lark,
mutations of valid queries, and extremes (huge numbers, deep nesting, inputs up to ~100,000 characters);
see tests/pql/fuzzing.py. Bar: 0 crashes (an exception other than PQLError / GraphError), 0 hangs (more
than 2 s of CPU time for one string), every PQLError with a position inside the string, every valid query accepted.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))  # this checkout's rfm_sql and tests/, whatever is installed

import duckdb  # noqa: E402
import lark  # noqa: E402

import rfm_sql  # noqa: E402
from rfm_sql import demo  # noqa: E402
from tests.pql import fuzzing  # noqa: E402


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=100_000, help="how many strings (default 100,000)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--out", type=Path, default=HERE / "results" / "fuzz_pql.json")
    ap.add_argument("--md", type=Path, default=HERE / "FUZZ.md")
    args = ap.parse_args(argv)

    con = duckdb.connect()
    demo.build(con, n_users=300, n_items=40)  # the `shop` fixture of tests/conftest.py
    fuzzing.add_flag_column(con)  # as tests/pql/test_fuzz.py does
    rfm = rfm_sql.attach(con)
    step = max(1, args.n // 10)

    def progress(i, report):
        if i % step == 0:
            print(
                f"{i:>7,} strings: {report.crashes} crashes, {report.hangs} hangs, "
                f"{report.other_failures} other, max {report.max_seconds:.3f} s",
                file=sys.stderr,
                flush=True,
            )

    start = time.perf_counter()
    report = fuzzing.run(rfm, args.n, seed=args.seed, progress=progress)
    seconds = time.perf_counter() - start
    result = {
        "command": f"python benchmarks/fuzz_pql.py --n {args.n}" + (f" --seed {args.seed}" if args.seed else ""),
        "n": report.n,
        "seed": args.seed,
        "crashes": report.crashes,
        "hangs": report.hangs,
        "other_failures": report.other_failures,
        "accepted": report.accepted,
        "rejected": report.rejected,
        "time_limit_s": fuzzing.TIME_LIMIT_S,
        "max_seconds": round(report.max_seconds, 4),
        "max_seconds_string": report.max_seconds_source,
        "max_length": report.max_length,
        "total_seconds": round(seconds, 1),
        "by_source": dict(report.by_source),
        "accepted_by_source": dict(report.accepted_by_source),
        "valid_task_types": dict(report.task_types),
        "valid_constructs": dict(sorted(report.coverage.items())),
        "failures": report.failures,
        "machine": {"cores": os.cpu_count(), "python": platform.python_version(), "lark": lark.__version__},
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2, ensure_ascii=True) + "\n")
    args.md.write_text(markdown(result))
    print(json.dumps({k: v for k, v in result.items() if k not in ("valid_constructs", "failures")}, indent=2))
    ok = report.crashes == report.hangs == report.other_failures == 0
    return 0 if ok else 1


def markdown(r: dict) -> str:
    sources = "\n".join(
        f"| {s} | {n:,} | {r['accepted_by_source'].get(s, 0):,} |" for s, n in sorted(r["by_source"].items())
    )
    tasks = ", ".join(f"{t} {n:,}" for t, n in sorted(r["valid_task_types"].items()))
    constructs = ", ".join(f"{c} {n:,}" for c, n in r["valid_constructs"].items())
    return f"""# PQL fuzzing

Command: `{r["command"]}` (seed {r["seed"]}; the fast version is `tests/pql/test_fuzz.py`, 2,000 strings).
Every string goes through `rfm.resolve` (parse + validate) on the demo database (`rfm_sql.demo`, 300 users,
plus a boolean column `users.vip` for TRUE and FALSE to compare with).

| invariant | result |
|---|---|
| crashes (an exception other than `PQLError` / `GraphError`) | {r["crashes"]} |
| hangs (over {r["time_limit_s"]} s for one string) | {r["hangs"]} |
| errors without a position inside the string, valid queries rejected | {r["other_failures"]} |
| slowest string | {r["max_seconds"]} s ({r["max_seconds_string"]}) |

{r["n"]:,} strings, longest {r["max_length"]:,} characters: {r["accepted"]:,} accepted, {r["rejected"]:,} rejected with
a PQL error; {r["total_seconds"]:,} s in all on {r["machine"]["cores"]} cores (Python {r["machine"]["python"]},
lark {r["machine"]["lark"]}).

| source | strings | accepted |
|---|---|---|
{sources}

- **valid**: queries that follow PQL.md over the demo schema, all of which must be accepted; random keyword case,
  whitespace, comments and back-quoted names.
- **grammar**: random derivations of `grammar.lark`'s compiled rules (terminals sampled by name).
- **mutation**: 1-4 edits of a valid query: tokens deleted, inserted, swapped, duplicated or replaced;
  characters deleted, inserted or replaced (control characters, unicode, lone surrogates); truncation;
  random bytes; huge numbers; a splice with another query; unbalanced brackets and quotes.
- **extreme**: nesting within and far beyond the limit ({fuzzing.MAX_NESTING} levels), 5,000 raw open
  brackets or NOTs, OR chains of up to 500 conditions, IN lists of up to 5,000 keys, literals, names,
  comments and whitespace up to 50,000 characters, numbers with thousands of digits, random bytes.

Valid queries by task type: {tasks}.

Constructs in the accepted valid queries: {constructs}.

Crashes found and fixed (regression tests in `tests/pql/test_fuzz_regressions.py`): impossible dates
(`2024-02-30`, `25:00`, other scripts' digits) and numbers of more than 4,300 digits raised lark's `VisitError`;
a query ending too early with a trailing newline raised `IndexError` while rendering the caret; about 250
nested parentheses or NOTs raised `RecursionError` (now "nested too deeply", over {fuzzing.MAX_NESTING} levels); a
NULL key in `FOR ... IN (...)` and the empty query gave errors without a position.

Found by `benchmarks/fuzz_surfaces.py` (valid queries run end to end), fixed in validation since: `CONTAINS` with a
value of another type than a `LIST_DISTINCT`'s column or than text, `=`/`IN` on a `LIST_DISTINCT`, and `1e999`
(parsed as infinity) were accepted and failed in DuckDB; they are PQL errors now (`tests/pql/test_validate.py`,
`tests/pql/test_fuzz_regressions.py`), and the generator compares booleans with a boolean column it adds.
"""


if __name__ == "__main__":
    sys.exit(main())
