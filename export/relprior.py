"""A relational synthetic prior: random databases (`relprior_schema`, `relprior_events`) and random PQL tasks
over them (`tasks`), turned into episodes by rfm_sql's own planner, SQL and encoder (`episodes`).

    con, schema = random_database(rng)              # in-memory DuckDB + schema.json-style dict
    rfm = attach(con, schema)                       # rfm_sql.attach with that graph
    tasks = random_tasks(rng, rfm, cur, 10)         # [(pql, anchor), ...] that rfm.resolve accepts

    python -m export.episodes --source relprior --out DIR --minutes M    # training episodes
    python -m export.relprior --validation-suite DIR                     # the fixed validation suite
"""

from __future__ import annotations

import argparse
import copy
import json
import sys
import time
from pathlib import Path

import duckdb
import numpy as np

from export import episodes
from export.relprior_schema import attach, attach_random, random_database
from export.tasks import KINDS, random_task, random_tasks, task_kind
from rfm_sql.errors import RFMError

__all__ = ["attach", "attach_random", "random_database", "random_task", "random_tasks", "validation_suite"]
SUITE_SEED = 20261201  # fixed: the suite is the same on every machine and run


def _episode_for(rng, rfm, cur, kind: str, tries: int = 80):
    """An episode of task type `kind` made by episodes.make_episode: its task is the one `random_task` draws
    from the rng's state, so states are previewed (cheap) and the rng is advanced until one draws `kind`."""
    for _ in range(tries):
        preview = copy.deepcopy(rng)
        pql, _anchor = random_task(preview, rfm, cur)
        if pql is None or task_kind(pql) != kind:
            rng.bit_generator.state = preview.bit_generator.state  # as if drawn here
            continue
        try:
            got = episodes.make_episode(rng, rfm, cur)
        except (RFMError, ValueError, duckdb.Error):
            got = None
        if got is not None and task_kind(got[0]) == kind:
            return got
    return None


def validation_suite(out: Path, n_databases: int = 20, per_database: int = 3, verbose: bool = True) -> list[dict]:
    """Write the fixed synthetic validation suite into `out`: `per_database` episodes from each of
    `n_databases` random databases (seeds SUITE_SEED + i), the task types taking turns, and an index.json
    (file, database seed, pql, kind) of what was written."""
    out.mkdir(parents=True, exist_ok=True)
    index = []
    start = time.time()
    for i in range(n_databases):
        rng = np.random.default_rng(SUITE_SEED + i)
        rfm = attach_random(rng)
        with rfm.con.cursor() as cur:
            for j in range(per_database):
                kind = KINDS[(i * per_database + j) % len(KINDS)]
                got = _episode_for(rng, rfm, cur, kind) or _episode_for(rng, rfm, cur, "regression")
                if got is None:
                    continue
                name = f"val_{i:03d}_{j}.npz"
                episodes.save(out / name, *got)
                index.append({"file": name, "seed": SUITE_SEED + i, "pql": got[0], "kind": task_kind(got[0])})
        rfm.con.close()
        if verbose:
            print(f"database {i + 1}/{n_databases}: {len(index)} episodes, {time.time() - start:.0f} s", flush=True)
    (out / "index.json").write_text(json.dumps(index, indent=1))
    return index


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--validation-suite", metavar="DIR", required=True, help="write the fixed validation suite here")
    ap.add_argument("--databases", type=int, default=20)
    ap.add_argument("--per-database", type=int, default=3)
    args = ap.parse_args(argv)
    index = validation_suite(Path(args.validation_suite), args.databases, args.per_database)
    counts = {k: sum(e["kind"] == k for e in index) for k in KINDS}
    print(f"wrote {len(index)} episodes to {args.validation_suite}: {counts}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
