"""`rfm-sql`: the command line. DB is a DuckDB file (opened read-only) or a folder of Parquet or CSV tables,
one file per table (with a schema.json in ../shared/data's format, or keys, links and times inferred); the
graph holds every table of DB, or with --tables only those listed (a query naming another is refused)."""

from __future__ import annotations

import argparse
import contextlib
import logging
import sys
import tempfile
import time
import warnings
from pathlib import Path

import rfm_sql
from rfm_sql import bench, cli_args, demo, mcp_server, outputs, plots, serve
from rfm_sql.cli_args import as_flags, count, database_options, parse, parse_entities, port, quantiles, warning_printer
from rfm_sql.cli_print import print_evaluation, print_table
from rfm_sql.databases import apply_fixes, check_graph_save, database_files, open_confined, open_db, save_graph_file
from rfm_sql.errors import RFMError, RFMWarning, UserError
from rfm_sql.runtime.options import DEFAULT_RUN_MODE, DEFAULT_SEED, POINTS, RUN_MODES


@contextlib.contextmanager
def session(args, writable: bool = False, model: str | None = None):
    """args.db attached (with its --graph and --tables) for one command, closed afterwards (a CLI process may run
    several)."""
    rfm = open_db(args.db, writable, args.graph, model, args.tables)
    try:
        yield rfm
    finally:
        rfm.con.close()


def cmd_graph(args) -> None:
    check_graph_save(args.save, args.db, args.graph, args.replace)
    with session(args) as rfm:
        fixes = (args.link or (), args.unlink or (), args.primary_key or (), args.time_column or (), args.end_time or ())
        apply_fixes(rfm.graph, *fixes, no_end_times=args.no_end_time or (), con=rfm.con)
        print(rfm.graph.describe())
        if args.save:
            save_graph_file(rfm.graph, args.save)
            print(f"\nwrote the graph to {args.save}; pass --graph {args.save} to predict, evaluate, serve or mcp")


def cmd_labels(args) -> None:
    with session(args) as rfm:
        anchors = args.anchor_time or None
        if args.show_ast:
            print(rfm.resolve(args.query).query, end="\n\n")
        if args.show_sql:
            print(rfm.labels_sql(args.query, anchors, pretty=True), end="\n\n")
        table = rfm.labels(args.query, anchor_time=anchors)
        print_table(table, args.limit)


def cmd_predict(args) -> None:
    own_files = database_files(args.db) if args.output else set()  # what --output may never replace
    if args.output:
        outputs.check_file(args.output, replace=args.replace, reads=own_files)  # before any work
    outputs.check_into(args.into)
    if args.replace and not args.into and not args.output:
        raise UserError("--replace only applies with --into TABLE or --output FILE.", "replace")
    with session(args, writable=bool(args.into), model=args.model) as rfm:
        entities = parse_entities(args.entities)
        options = dict(run_mode=args.run_mode, context_size=args.context_size, seed=args.seed, point=args.point)
        options["quantiles"] = args.quantiles
        target = None
        if args.into:  # refused before any work where the query's own tables suffice to tell
            with rfm.graph.cursor(rfm.con) as cur:
                target = outputs.resolve_table(cur, args.into)
                outputs.check_table(cur, target, replace=args.replace, reads=rfm.resolve(args.query).tables)
        print("rfm-sql: building the context and scoring ...", file=sys.stderr, flush=True)
        start = time.perf_counter()
        if args.show_sql or target is not None:  # the context it prepares is cached: predict reuses it
            with warnings.catch_warnings():  # predict below warns of stale history once
                warnings.simplefilter("ignore", RFMWarning)
                sql = rfm.predict_sql(args.query, args.anchor_time, entities=entities, **options)
            if args.show_sql:
                print(sql, end="\n\n")
        if target is not None:
            with rfm.graph.cursor(rfm.con) as cur:  # every table the compiled SQL reads, before scoring
                reads = outputs.tables_read(sql) | rfm.resolve(args.query).tables
                outputs.check_table(cur, target, replace=args.replace, reads=reads)
        table = rfm.predict(args.query, args.anchor_time, entities=entities, **options, progress=True)
        print(f"rfm-sql: {table.num_rows} rows in {time.perf_counter() - start:.1f} s", file=sys.stderr)
        if args.output:
            outputs.write_file(table, args.output, replace=args.replace, reads=own_files)
            print(f"wrote {table.num_rows} rows to {args.output}")
        if target is not None:
            outputs.write_table(rfm.con, table, target)
            print(f"wrote {table.num_rows} rows to table {target}")
        if not args.output and not args.into:
            print_table(table, args.limit)


def cmd_explain(args) -> None:
    with session(args, model=args.model) as rfm:
        print("rfm-sql: building the context and explaining ...", file=sys.stderr, flush=True)
        explanation = rfm.explain(
            args.query,
            entity=parse_entities(args.entity),
            anchor_time=args.anchor_time,
            run_mode=args.run_mode,
            context_size=args.context_size,
            seed=args.seed,
            item=parse_entities(args.item),
            step=args.step,
        )
        print(explanation.summary, end="\n\n")
        print("contributions (largest first):")
        print_table(explanation.contributions, args.limit)
        print("\ncontext examples it leaned on most:")
        print_table(explanation.neighbours, args.limit)


def cmd_evaluate(args) -> None:
    anchors = args.anchor_time  # a list (the option repeats): one anchor is passed as itself
    own_files = database_files(args.db) if args.output else set()  # what --output may never replace
    if args.output:
        outputs.check_file(args.output, replace=args.replace, reads=own_files)  # before any work
    elif args.replace:
        raise UserError("--replace only applies with --output FILE.", "replace")
    with session(args, model=args.model) as rfm:
        result = rfm.evaluate(
            args.query,
            anchor_time=anchors[0] if anchors and len(anchors) == 1 else anchors,
            run_mode=args.run_mode,
            context_size=args.context_size,
            seed=args.seed,
            progress=True,
            plot=args.plot,
            point=args.point,
        )
        print_evaluation(result)
        if args.output:  # each example's prediction beside its truth
            table = result.predictions()
            outputs.write_file(table, args.output, replace=args.replace, reads=own_files)
            print(f"wrote {table.num_rows} predictions beside their truth to {args.output}")
        if args.plot:
            print(f"wrote the backtest's picture to {args.plot}")


def cmd_bench(args) -> None:
    if args.json and not Path(args.json).parent.is_dir():  # said before the run, not after it
        raise UserError(
            f"--json {args.json}: the folder {Path(args.json).parent} does not exist; create it or pick another path.",
            param="json",
        )
    if args.json and Path(args.json).is_dir():
        raise UserError(f"--json {args.json} is a folder; name a file in it (e.g. {Path(args.json) / 'bench.json'}).", "json")
    picture = Path(args.json).with_suffix(".png") if args.json and plots.available() else None
    result = bench.run(
        args.data_dir,
        args.task,
        args.query,
        split=args.split,
        run_mode=args.run_mode,
        context_size=args.context_size,
        seed=args.seed,
        plot=picture,
        full_baseline=args.full_baseline,
        model=args.model,
    )
    print(bench.format_result(result))
    if args.json:
        bench.write_json(result, args.json)
        print(f"wrote {args.json}" + (f" and {picture}" if picture else " (pip install 'rfm-sql[plot]' for a picture)"))


def cmd_demo(args) -> None:
    con, reused = demo.open_demo_db(args.db)
    if reused:
        print(f"Using the example shop database already in {args.db}.")
    else:
        print("Building the example shop database (users, items, orders, reviews)...")
        demo.build(con)
        if args.db:  # into the file itself, not only its write-ahead log: a copied shop.duckdb is the whole database
            con.execute("CHECKPOINT")
    rfm = rfm_sql.attach(con)
    print(rfm.graph.describe(), end="\n\n")
    churn = "PREDICT COUNT(orders.*, 0, 30, days) = 0 FOR EACH users.user_id WHERE COUNT(orders.*, -90, 0, days) > 0"
    for title, query in [
        ("Which active users will place no order in the next 30 days (churn)?", churn),
        (
            "How much will each user spend in the next 30 days?",
            "PREDICT SUM(orders.amount, 0, 30, days) FOR EACH users.user_id WHERE COUNT(orders.*, -90, 0, days) > 0",
        ),
        ("Which segment is a user in?", "PREDICT users.segment FOR users.user_id IN (1, 2, 3)"),
    ]:
        print(f"{title}\n  {query}")
        print_table(rfm.predict(query), 6)
        print()
    _demo_tasks(rfm, churn)
    print(f"Backtest of the churn query one horizon before the data ends:\n  {churn}")
    picture = Path(tempfile.gettempdir()) / "rfm-sql-demo-backtest.png" if plots.available() else None
    print_evaluation(rfm.evaluate(churn, plot=picture), indent="  ")
    if picture is not None:
        print(f"  its picture (ROC and calibration): {picture}")
    else:
        print("  (pip install 'rfm-sql[plot]' and the demo also draws it)")
    print("\nFrom SQL: SELECT * FROM rfm_predict('PREDICT ...'); see the README.")


def _demo_tasks(rfm, churn: str) -> None:
    """The demo's other task types, each on a small context so the demo stays quick: a recommendation, a
    forecast, and why the churn query predicts what it does for one user."""
    small = {"context_size": 300}
    for title, query in [
        (
            "Which 5 items will users 1 and 2 order in the next 30 days (a recommendation)?",
            "PREDICT LIST_DISTINCT(orders.item_id, 0, 30, days) RANK TOP 5 FOR users.user_id IN (1, 2)",
        ),
        (
            "How much will user 1 spend in each of the next 4 weeks (a forecast)?",
            "PREDICT SUM(orders.amount, 0, 7, days) FORECAST 4 TIMEFRAMES FOR users.user_id = 1",
        ),
    ]:
        print(f"{title}\n  {query}")
        print_table(rfm.predict(query, **small), 10)
        print()
    user = rfm.predict(churn, **small).column("ENTITY")[0].as_py()
    print(
        f"Why does the churn query predict what it does for user {user} (on a context of 300 rows)?\n"
        f"  rfm.explain(churn, entity={user}, context_size=300)"
    )
    print("  " + rfm.explain(churn, entity=user, **small).summary.replace("\n", "\n  "), end="\n\n")


def cmd_serve(args) -> None:
    logging.getLogger("sqlglot").setLevel(logging.ERROR)  # pg-mimic parses client SQL it then passes on
    rfm = open_confined(args.db, writable=args.writable, graph_file=args.graph, tables=args.tables)
    try:
        try:
            server = serve.Server(rfm, host=args.host, port=args.port, password=args.password)
        except ImportError as e:
            raise RFMError(str(e)) from e
        serve.warn_if_exposed(args.host, args.password)
        mode = "read-write" if args.writable else "read-only"
        where = f"rfm-sql serve: {args.db} ({mode}) on postgresql://{args.host}"
        server.serve_forever(lambda: print(f"{where}:{server.port}; Ctrl-C stops", flush=True))  # once it listens
    finally:
        rfm.con.close()


def cmd_mcp(args) -> None:
    try:
        mcp_server.run(args.db, max_rows=args.max_rows, graph_file=args.graph, tables=args.tables)
    except ImportError as e:
        raise RFMError(str(e)) from e


# the Python graph fixes an error message may suggest -> the `rfm-sql graph` option that makes the same fix
_GRAPH_FLAGS = {
    "graph.link(": "--link CHILD.FKEY=PARENT",
    "graph.unlink(": "--unlink CHILD.FKEY",
    "graph.set_primary_key(": "--primary-key TABLE.COLUMN",
    "graph.set_time_column(": "--time-column TABLE.COLUMN[:UNIT]",
    "graph.set_end_time(": "--end-time TABLE.COLUMN",
}


def _graph_fix_hint(message: str) -> str | None:
    """How to make a graph fix the message words in Python from the command line, if it suggests one."""
    flags = [flag for call, flag in _GRAPH_FLAGS.items() if call in message]
    if not flags:
        return None
    return (
        f"From the command line: rfm-sql graph DB {' '.join(flags)} --save graph.json, then pass --graph graph.json "
        "to this command (dbt: the plugin's config: {graph: graph.json})."
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="rfm-sql", description=__doc__)
    parser.add_argument("--version", action="version", version=f"rfm-sql {rfm_sql.__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    def model_file(p):
        p.add_argument("--model", metavar="FILE.onnx", help="an exported model instead of the shipped one")

    p = sub.add_parser("graph", help="print the tables, keys, links and types rfm_sql sees (and why); fix them")
    p.add_argument("db")
    database_options(p)  # --graph, --tables
    cli_args.graph_fix_options(p)  # --link, --unlink, --primary-key, --time-column, --end-time
    p.add_argument("--save", metavar="FILE", help="write the (fixed) graph to FILE for --graph")
    p.add_argument("--replace", action="store_true", help="let --save overwrite an existing file (not the --graph one)")
    p.set_defaults(func=cmd_graph)

    p = sub.add_parser("labels", help="the labelled examples a query defines at anchor times")
    p.add_argument("db")
    p.add_argument("query", help='a PQL query, e.g. "PREDICT COUNT(orders.*, 0, 30, days) > 0 FOR EACH users.id"')
    p.add_argument(
        "--anchor-time",
        action="append",
        help="anchor timestamp (repeat for several); default: the latest timestamp of the target's tables",
    )
    p.add_argument("--show-sql", action="store_true", help="print the SQL that computes the labels")
    p.add_argument("--show-ast", action="store_true", help="print the parsed query")
    p.add_argument("--limit", type=count, default=20, help="rows to print (default 20)")
    database_options(p)  # --graph, --tables
    p.set_defaults(func=cmd_labels)

    def run_options(p, several: bool = False):  # several: a backtest's anchors (repeat the option)
        p.add_argument(
            "--anchor-time",
            **({"action": "append"} if several else {}),
            help="a past anchor to backtest at (repeat for several)" if several else "the anchor to predict at "
            "(default: the latest timestamp of the target)",
        )
        p.add_argument("--run-mode", choices=list(RUN_MODES), help=f"default: {DEFAULT_RUN_MODE}")
        p.add_argument("--context-size", type=int, help="context examples (default: by run mode)")
        p.add_argument("--seed", type=int, help=f"seed of the context sample (default: {DEFAULT_SEED})")

    p = sub.add_parser("predict", help="predictions for a PQL query")
    p.add_argument("db")
    p.add_argument("query")
    run_options(p)
    p.add_argument("--entities", help="comma-separated keys to predict (default: the query's)")
    p.add_argument(
        "--point",
        choices=list(POINTS),
        help="TARGET_PRED of a regression or forecast: median (default, best for MAE; mostly 0 where most rows do "
        "nothing) or mean (expected values, which add up to a total)",
    )
    p.add_argument(
        "--quantiles",
        metavar="Q,Q",
        type=quantiles,
        help="quantiles of a regression or forecast, e.g. 0.1,0.9: TARGET_Q10, TARGET_Q90",
    )
    p.add_argument("--output", help="write the predictions to a .parquet or .csv file")
    p.add_argument(
        "--into", metavar="[SCHEMA.]TABLE", help="write the predictions to a new table of the DuckDB file DB (read-write)"
    )
    p.add_argument("--replace", action="store_true", help="with --into or --output: overwrite the table or file if it exists")
    p.add_argument("--show-sql", action="store_true", help="print the SQL that scores the entities")
    p.add_argument("--limit", type=count, default=20, help="rows to print (default 20)")
    database_options(p)  # --graph, --tables
    model_file(p)
    p.set_defaults(func=cmd_predict)

    p = sub.add_parser("explain", help="why the model predicts what it does for some entities")
    p.add_argument("db")
    p.add_argument("query")
    p.add_argument("--entity", help="comma-separated keys to explain (default: the query's FOR ... = keys)")
    p.add_argument("--item", help="link prediction, multilabel: comma-separated items or labels (default: the best)")
    p.add_argument("--step", type=int, help="a forecast's step to explain (default: every step)")
    run_options(p)
    p.add_argument("--limit", type=count, default=20, help="rows to print per table (default 20)")
    database_options(p)  # --graph, --tables
    model_file(p)
    p.set_defaults(func=cmd_explain)

    p = sub.add_parser("evaluate", help="backtest a PQL query at a past anchor")
    p.add_argument("db")
    p.add_argument("query")
    run_options(p, several=True)
    database_options(p)  # --graph, --tables
    p.add_argument("--point", choices=list(POINTS), help="score a number's median (default) or its mean")
    p.add_argument("--plot", metavar="FILE.png", help="draw the backtest (needs matplotlib: pip install 'rfm-sql[plot]')")
    p.add_argument("--output", help="write each example's prediction and truth to a .parquet or .csv file")
    p.add_argument("--replace", action="store_true", help="with --output: overwrite the file if it exists")
    model_file(p)
    p.set_defaults(func=cmd_evaluate)

    p = sub.add_parser("bench", help="score a task folder for the model and baselines (see MODEL.md)")
    p.add_argument("data_dir")
    p.add_argument("task")
    p.add_argument("--query", required=True, help="the PQL whose labels match the task table")
    p.add_argument("--split", default="test", choices=["train", "val", "test"])
    p.add_argument("--run-mode", choices=list(RUN_MODES), help=f"default: {DEFAULT_RUN_MODE}")
    p.add_argument("--context-size", type=int)
    p.add_argument("--seed", type=int, help=f"default: {DEFAULT_SEED}")
    p.add_argument("--json", help="also write the numbers to this JSON file")
    p.add_argument(
        "--full-baseline",
        action="store_true",
        help="also lightgbm_full: LightGBM trained on the whole train split, early-stopped on val",
    )
    model_file(p)
    p.set_defaults(func=cmd_bench)

    p = sub.add_parser("serve", help="serve DB and the SQL surface over the Postgres wire protocol (psql, BI tools)")
    p.add_argument("db")
    p.add_argument("--port", type=port, default=5433, help="TCP port (default 5433; 0: any free port)")
    p.add_argument("--host", default="127.0.0.1", help="interface to listen on (default: this machine only)")
    p.add_argument("--read-only", dest="writable", action="store_false", help="refuse writes (the default)")
    p.add_argument("--writable", dest="writable", action="store_true", help="open the DuckDB file read-write")
    p.add_argument("--password", help="require this password (SCRAM-SHA-256) from every client")
    database_options(p)  # --graph, --tables
    p.set_defaults(func=cmd_serve, writable=False)

    p = sub.add_parser("mcp", help="a Model Context Protocol server (stdio) whose tools predict on DB")
    p.add_argument("db")
    p.add_argument("--max-rows", type=count, default=50, help="rows per result shown to the agent (default 50)")
    database_options(p)  # --graph, --tables
    p.set_defaults(func=cmd_mcp)

    p = sub.add_parser("demo", help="build the bundled example database and run queries on it")
    p.add_argument("--db", help="write the example database to this DuckDB file (default: in memory)")
    p.set_defaults(func=cmd_demo)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = parse(build_parser(), argv)
    try:
        with warnings.catch_warnings():  # a user's "warning: ...", not Python's file:line and source line
            warnings.showwarning = warning_printer()
            args.func(args)
    except (RFMError, ValueError) as e:
        print(f"error: {as_flags(str(e), getattr(e, 'param', None))}", file=sys.stderr)
        hint = _graph_fix_hint(str(e))
        if hint is not None:
            print(hint, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
