"""The command line's argument types, the options every command that opens a database shares, and how it
shows warnings and errors: small, so `cli` keeps to its commands."""

from __future__ import annotations

import argparse
import difflib
import re
import sys

from rfm_sql.errors import UserError


def count(text: str) -> int:
    """A row count flag: a whole number >= 0 (argparse names the flag when this refuses)."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"{value} is negative; pass 0 or more rows")
    return value


def port(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"{value} is not a TCP port; pass 0..65535")
    return value


def quantiles(text: str) -> list[float]:
    """--quantiles 0.1,0.9: levels strictly between 0 and 1 (argparse names the flag when this refuses)."""
    try:
        values = [float(q) for q in text.split(",")]
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a comma-separated list of numbers; e.g. 0.1,0.9") from None
    if not all(0 < q < 1 for q in values):
        raise argparse.ArgumentTypeError(
            f"{text}: each quantile must be strictly between 0 and 1 (0.1 is the 10th percentile); e.g. 0.1,0.9"
        )
    return values


def table_names(text: str) -> list[str]:
    """--tables users,orders: the tables the graph holds (argparse names the flag when this refuses). An empty
    list is refused, not read as "all": an unset shell variable must not widen the graph."""
    names = [name.strip() for name in text.split(",")]
    if not text.strip():
        raise argparse.ArgumentTypeError(
            f"{text!r} lists no table: list the tables the graph holds, separated by commas (e.g. users,orders,items), "
            "or leave --tables out for every table of DB"
        )
    if "" in names:  # "users,,orders": a name lost in a script, not one to skip
        raise argparse.ArgumentTypeError(
            f"{text!r} has an empty table name; separate names by single commas, e.g. users,orders"
        )
    return names


def database_options(parser: argparse.ArgumentParser) -> None:
    """--graph and --tables, for every command that opens DB (graph, labels, predict, explain, evaluate, serve,
    mcp): both reach `databases.open_db`."""
    parser.add_argument(
        "--graph", metavar="FILE", help="fixes to the inferred graph, as `rfm-sql graph DB --save FILE` writes"
    )
    parser.add_argument(
        "--tables",
        type=table_names,
        metavar="TABLE,...",
        help="the graph's tables, comma-separated (default: every table and view of DB); a query naming another is "
        "refused, so tables made from the data (dbt models) never change a prediction",
    )


def graph_fix_options(parser: argparse.ArgumentParser) -> None:
    """`rfm-sql graph`'s fixes to the inferred graph (each repeatable; `databases.apply_fixes` makes them)."""
    parser.add_argument("--link", action="append", metavar="CHILD.FKEY=PARENT", help="add a link (repeatable)")
    parser.add_argument("--unlink", action="append", metavar="CHILD.FKEY", help="remove a link (repeatable)")
    parser.add_argument("--primary-key", action="append", metavar="TABLE.COLUMN", help="set a primary key (repeatable)")
    parser.add_argument(
        "--time-column", action="append", metavar="TABLE.COLUMN[:UNIT]", help="set a time column; UNIT s/ms/us for epochs"
    )
    parser.add_argument(
        "--end-time",
        action="append",
        metavar="TABLE.COLUMN[:UNIT]",
        help="set when a row stops existing (an employee's terminated_at): it is not predicted after that; twice for "
        "one table (a policy's end_date and cancelled_at): whichever comes first",
    )
    parser.add_argument(
        "--no-end-time",
        action="append",
        metavar="TABLE",
        help="rows of TABLE never end: undo an inferred end time (a lapsed donor may give again) (repeatable)",
    )


def warning_printer():
    """A `warnings.showwarning` that prints a user's "warning: ...", not Python's file:line and source line, once
    per distinct message (a static target's listed rows missing at the anchor were warned of twice, from the two
    places that check them)."""
    shown = set()

    def show(message, category, filename, lineno, file=None, line=None) -> None:
        if str(message) not in shown:
            shown.add(str(message))
            print(f"warning: {message}", file=sys.stderr if file is None else file)

    return show


def as_flags(message: str, param: str | None) -> str:
    """An error's message with the Python argument it names (`quantiles=`, `entity=...`, `seed=-1`) written as
    the flag the user typed (`--quantiles`, `--entity`, `--seed -1`)."""
    if not param:
        return message
    flag = "--" + param.replace("_", "-")
    # an aside naming where Python and dbt take the argument, "(attach(con, tables=[...]); dbt: ...)": here the
    # flag is the only place, so the aside becomes the flag
    message = re.sub(rf"\((?:[\w.]+\([^()]*\b{re.escape(param)}=[^()]*\))[^()]*\)", f"({flag})", message)
    if re.search(rf"{re.escape(flag)}\b", message):  # written for every surface (Python, SQL and the flag)
        return message

    def one(m: re.Match) -> str:
        value = m.group(1)
        return flag if value in ("", "...") else f"{flag} {value}"

    return re.sub(rf"\b{re.escape(param)}=(\.\.\.|[^\s,;:)]*)", one, message)


def parse_entities(text: str | None):
    """A comma-separated list of keys (whole numbers as integers), None when the flag is not given."""
    if text is None:
        return None  # an empty --entities "" (an unset shell variable) is an empty list, refused, not "all"
    values = [v.strip() for v in text.split(",")] if text.strip() else []
    if "" in values:  # ",1" or "1,,2": a key lost in a script, not one to skip
        raise UserError(f"--entities {text!r} has an empty key; list keys separated by commas, e.g. 1,2,3.")
    return [int(v) if v.lstrip("-").isdigit() else v for v in values]


def parse(parser: argparse.ArgumentParser, argv) -> argparse.Namespace:
    """`parser.parse_args(argv)`, except that an unknown option is refused by its command's own parser (its usage,
    not the top level's) with the option it likely stands for (--entity for --entities)."""
    args, extra = parser.parse_known_args(argv)
    if not extra:
        return args
    argv = list(sys.argv[1:] if argv is None else argv)
    if args.command in argv and extra[0] in argv[: argv.index(args.command)]:  # rfm-sql --bogus predict ...
        parser.error(f"unrecognized arguments: {' '.join(extra)}")
    commands = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction)).choices
    command = commands[args.command]
    options = [o for action in command._actions for o in action.option_strings if o.startswith("--")]
    unknown = next((x.split("=")[0] for x in extra if x.startswith("-")), None)
    close = difflib.get_close_matches(unknown, options, n=1, cutoff=0.6) if unknown else []
    hint = f" (did you mean {close[0]}?)" if close else ""
    command.error(f"unrecognized arguments: {' '.join(extra)}{hint}")
