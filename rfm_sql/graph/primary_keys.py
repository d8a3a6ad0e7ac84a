"""Which column is a table's primary key when none is declared: unique and non-null, named like one, found in
other tables under its own name. In a table of dated rows, never a column that names another table's key and holds
its values (a review's event_id, one review an event, is the link to the event, not the review's own key: taken
for the key, a catering trial's reviews were linked to no event), unless the table copies that one's columns (a
view of loans with each loan's branch: a loan's own row). An undated table keyed so (a donor_summary of today's
totals) stays a table of its own, linked to nothing: read as a child, its totals would tell past anchors today's."""

from __future__ import annotations

from rfm_sql.graph import is_integer_type, is_text_type, names
from rfm_sql.graph.containment import NAMED_CONTAINMENT, compatible, keyable

OWN_KEY = 4  # key_name_score + 1 of a column whose name says its own table (customers.customer_id)
COPY = 0.5  # of another table's columns in this one: a view of its rows


def inferred(probe, table: str, catalog, stats, dated: bool) -> tuple[str | None, str]:
    """(column, why) of `table`'s primary key, or (None, ""). `dated`: the table has a time column."""
    rows = stats[table]["__rows__"]
    if rows == 0:
        return None, ""
    cols = catalog[table]
    best, best_score, best_why = None, 0.0, ""
    for position, (col, dtype) in enumerate(cols.items()):
        st = stats[table].get(col)
        if st is None or not keyable(dtype) or st["nonnull"] != rows or st["distinct"] != rows:
            continue
        named = names.key_name_score(table, col, cols)
        referrers = _referenced_by_same_name(probe, table, col, catalog)
        if named <= 0 and not referrers and is_integer_type(dtype) and names.epoch_named(col, cols):
            continue  # user_tags.tagged_at: unique epoch seconds nothing refers to are a time, not a key
        score = 1.0 + named
        if dated and score < OWN_KEY and _anothers_key(probe, table, col, catalog, stats):
            continue
        why = ["unique and non-null"]
        if score > 1:
            why.append(f"named like a key of {table}" if score >= OWN_KEY else "named like a key")
        if referrers:
            score += 2
            why.append(f"found in {referrers}.{col}")
        if is_text_type(dtype) and (st["avg_len"] or 0) > 24 and not st["fixed"]:  # long strings are content
            score -= 2
        score -= position * 0.01  # keys come first in most schemas
        if score > best_score:
            best, best_score, best_why = col, score, ", ".join(why)
    return best, best_why


def _referenced_by_same_name(probe, table: str, col: str, catalog) -> str | None:
    for other, cols in catalog.items():
        if other != table and col in cols and probe(other, col, table, col) >= NAMED_CONTAINMENT:
            return other
    return None


def _anothers_key(probe, table: str, col: str, catalog, stats) -> bool:
    """Whether `col` names another table (event_id: events) whose own unique key holds its values."""
    for other, other_cols in catalog.items():
        if other == table or not names.names_table(col, catalog[table], other):
            continue
        if sum(c in catalog[table] for c in other_cols) >= COPY * len(other_cols):
            continue
        keys = (
            [col] if col in other_cols else [c for c in other_cols if names.key_name_score(other, c, other_cols) >= 3]
        )
        for key in keys:
            st, rows = stats[other].get(key), stats[other]["__rows__"]
            if st is None or st["distinct"] != rows or not compatible(catalog[table][col], other_cols[key]):
                continue
            if probe(table, col, other, key) >= NAMED_CONTAINMENT:
                return True
    return False
