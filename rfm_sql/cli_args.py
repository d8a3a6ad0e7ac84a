"""The command line's argument types and how it shows warnings: small, so `cli` keeps to its commands."""

from __future__ import annotations

import argparse
import re
import sys


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


def show_warning(message, category, filename, lineno, file=None, line=None) -> None:
    """A user's "warning: ...", not Python's file:line and source line."""
    print(f"warning: {message}", file=sys.stderr if file is None else file)


def as_flags(message: str, param: str | None) -> str:
    """An error's message with the Python argument it names (`quantiles=`, `entity=...`, `seed=-1`) written as
    the flag the user typed (`--quantiles`, `--entity`, `--seed -1`)."""
    if not param:
        return message
    flag = "--" + param.replace("_", "-")

    def one(m: re.Match) -> str:
        value = m.group(1)
        return flag if value in ("", "...") else f"{flag} {value}"

    return re.sub(rf"\b{re.escape(param)}=(\.\.\.|[^\s,;:)]*)", one, message)
