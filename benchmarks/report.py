"""Markdown for the benchmarks that compare two arms on the same generated databases (balance.py,
short_history.py): a title, the command, and one table row per measured row."""

from __future__ import annotations


def cell(v) -> str:
    return f"{v:.4f}" if isinstance(v, float) else str(v)


def arms_table(title: str, command: str, arms: str, rows: list[dict]) -> list[str]:
    """The report's lines up to and including the table of `rows` (their keys are the columns)."""
    cols = list(rows[0])
    return [
        f"# {title}",
        "",
        f"Command: `{command}` ({arms} in one run: the same databases, queries and model; run mode fast). "
        "See the script's docstring for what is measured.",
        "",
        "| " + " | ".join(cols) + " |",
        "|" + "---|" * len(cols),
        *("| " + " | ".join(cell(r[c]) for c in cols) + " |" for r in rows),
    ]
