"""`rfm-sql`: the command line. DB is a DuckDB file (opened read-only) or a folder of Parquet tables with a
schema.json (../shared/data's format)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import duckdb

import rfm_sql
from rfm_sql.errors import RFMError


def open_db(path: str) -> rfm_sql.RFM:
    p = Path(path)
    if p.is_dir():
        return rfm_sql.attach_folder(duckdb.connect(), p, views=True)
    if not p.exists():
        raise RFMError(f"{path} does not exist. Pass a DuckDB file or a folder of Parquet tables with a schema.json.")
    try:
        con = duckdb.connect(str(p), read_only=True)
    except duckdb.Error as e:
        raise RFMError(f"Cannot open {path} as a DuckDB database: {e}") from e
    return rfm_sql.attach(con)


def cmd_graph(args) -> None:
    print(open_db(args.db).graph.describe())


def cmd_labels(args) -> None:
    rfm = open_db(args.db)
    anchors = args.anchor_time or None
    if args.show_ast:
        print(rfm.resolve(args.query).query, end="\n\n")
    if args.show_sql:
        print(rfm.labels_sql(args.query, anchors, pretty=True), end="\n\n")
    table = rfm.labels(args.query, anchor_time=anchors)
    _print_table(table, args.limit)


def cmd_demo(args) -> None:
    from rfm_sql import demo

    con = duckdb.connect(args.db) if args.db else duckdb.connect()
    print("Building the example shop database (users, items, orders, reviews)...")
    demo.build(con)
    rfm = rfm_sql.attach(con)
    print(rfm.graph.describe(), end="\n\n")
    query = "PREDICT COUNT(orders.*, 0, 30, days) = 0 FOR EACH users.user_id WHERE COUNT(orders.*, -90, 0, days) > 0"
    print(f"Labels of a churn query at 2024-06-01:\n  {query}")
    table = rfm.labels(query, anchor_time="2024-06-01")
    _print_table(table, 5)
    churn = sum(table.column("TARGET").to_pylist()) / max(1, table.num_rows)
    print(f"{churn:.1%} of the {table.num_rows} users active in the 90 days before placed no order in the next 30.")


def _print_table(table, limit: int) -> None:
    rows = table.slice(0, limit).to_pylist()
    names = table.column_names
    cells = [[_fmt(r[n]) for n in names] for r in rows]
    widths = [max([len(n)] + [len(c[i]) for c in cells]) for i, n in enumerate(names)]
    print("  ".join(n.ljust(w) for n, w in zip(names, widths, strict=True)))
    for c in cells:
        print("  ".join(v.ljust(w) for v, w in zip(c, widths, strict=True)))
    if table.num_rows > limit:
        print(f"... {table.num_rows - limit} more rows ({table.num_rows} in all)")
    elif not rows:
        print("(no rows)")


def _fmt(value) -> str:
    if isinstance(value, float):
        return f"{value:.4g}"
    return str(value)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="rfm-sql", description=__doc__)
    parser.add_argument("--version", action="version", version=f"rfm-sql {rfm_sql.__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("graph", help="print the tables, keys, links and column types rfm_sql sees")
    p.add_argument("db")
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
    p.add_argument("--limit", type=int, default=20, help="rows to print (default 20)")
    p.set_defaults(func=cmd_labels)

    p = sub.add_parser("demo", help="build the bundled example database and run queries on it")
    p.add_argument("--db", help="write the example database to this DuckDB file (default: in memory)")
    p.set_defaults(func=cmd_demo)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        args.func(args)
    except (RFMError, ValueError) as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
