"""Which table a key column's values point into: containment measured in DuckDB, the key kinds that may
match, and the choice among the tables that contain a role-named key's values (`graph.infer` decides what
the name allows; this module weighs the data)."""

from __future__ import annotations

import duckdb

from rfm_sql.graph import is_integer_type, is_text_type, names
from rfm_sql.graph.link_check import contained

NAMED_CONTAINMENT = 0.8  # a named key may dangle a little (incomplete dimension tables)
UNNAMED_CONTAINMENT = 0.99  # a key without a name that matches must be contained
AMBIGUOUS = "every value is also a key of"  # a role-named link's evidence when a smaller table fits too


class Containment:
    """Share of the distinct non-null values of child.fkey found in parent.pkey; one query per pair."""

    def __init__(self, con):
        self.con, self.cache = con, {}

    def __call__(self, child: str, fkey: str, parent: str, pkey: str) -> float:
        key = (child, fkey, parent, pkey)
        if key not in self.cache:
            self.cache[key] = self._measure(*key)
        return self.cache[key]

    def _measure(self, child: str, fkey: str, parent: str, pkey: str) -> float:
        try:
            n, hit = contained(self.con, child, fkey, parent, pkey)
        except duckdb.Error:  # incomparable types
            return 0.0
        return hit / n if n else 0.0


def key_kind(dtype: str) -> str | None:
    """What a key column holds: integers, text or UUIDs (a key matches only a key of its own kind)."""
    if is_integer_type(dtype):
        return "integer"
    if is_text_type(dtype):
        return "text"
    return "uuid" if dtype.upper() == "UUID" else None


def keyable(dtype: str) -> bool:
    return key_kind(dtype) is not None


def compatible(dtype: str, ptype: str) -> bool:
    return keyable(dtype) and key_kind(dtype) == key_kind(ptype)


def pct(ratio: float) -> str:
    return f"{ratio:.0%} of values contained"


def weigh_rival(probe, table, col, distinct, catalog, pkeys, rows, pool, found) -> tuple[str, str]:
    """A role-named key's link `found` (parent, evidence) against the smallest table outside `pool` that holds
    its values, when that table is smaller and the values cover at least half of its keys (senders: most users;
    a few early ids inside a bigger table, posts.parent_id in comments, are chance). A link to a table the row
    already links to moves there when other tables' keys name it (an entity they refer to: messages.sender_id
    means users, not the listings messages link to); a self-link stays (employees.manager_id is one, whatever
    small table its ids also fit), and so does any other, with the rival named in its evidence, which
    `rfm-sql graph` and the MCP graph tool show. `distinct`: the key's distinct values."""
    # only tables that could pass the size tests are probed: one query per table on a wide schema is slow
    rest = [
        p
        for p in pkeys
        if p not in pool and 0.99 * distinct <= rows[p] < rows[found[0]] and distinct >= max(10, 0.5 * rows[p])
    ]
    rival = tightest(probe, table, col, catalog, pkeys, rows, rest)
    if not rival:
        return found
    where = f"{rival[0]}.{pkeys[rival[0]]}"
    if found[0] != table and rival[0] in named_elsewhere(table, catalog, pkeys):
        why = f"role name {col}, {pct(rival[1])} in {where}, an entity other keys name ({found[0]} holds them too)"
        return rival[0], why
    fix = f"rfm.graph.link({table!r}, {col!r}, {rival[0]!r})"
    return found[0], f"{found[1]}; {AMBIGUOUS} {where} (if it means {rival[0]}: {fix})"


def named_elsewhere(table: str, catalog, pkeys) -> set[str]:
    """The tables with a key that a column of another table (not `table`) names (users: plays.user_id)."""
    named = set()
    for other, cols in catalog.items():
        if other == table:
            continue
        for col in cols:
            for parent, pkey in pkeys.items():
                fresh = pkey and parent != other and parent not in named
                if fresh and names.names_parent(col, cols, parent, pkey, catalog[parent]) is not None:
                    named.add(parent)
    return named


def own_numbering(fk: dict, parent: dict, pkey: str) -> bool:
    """Whether integer values look like the numbering of a table that is not there rather than some of the
    parent's keys: a gapless block of 10 or more from the parent's first key, under half of its rows."""
    span, key = fk.get("span"), (parent.get(pkey) or {}).get("span")
    if not span or not key or span[0] is None or key[0] is None:
        return False
    lo, hi = span
    n = fk.get("distinct", 0)
    return n >= 10 and hi - lo + 1 == n and lo <= key[0] + 1 and n < 0.5 * parent["__rows__"]


def a_place(table: str, col: str, parent: str, pkey: str | None, stats: dict) -> bool:
    """Whether `table.col` numbers a row's place rather than keying `parent`: its own table's installment_no, or a
    numbered name whose values are a gapless block from the parent's first key (a language app's
    enrollments.current_unit_no, 1..25 inside units' 1..250, was linked to units)."""
    if parent == table:
        return names.own_number(col, pkey)
    return pkey is not None and names.numbered(col) and own_numbering(stats[table].get(col) or {}, stats[parent], pkey)


def tightest(probe, table, col, catalog, pkeys, rows, pool) -> tuple[str, float] | None:
    """Of the tables in `pool` whose key contains (almost) every value of table.col, the smallest."""
    fits = []
    for parent in pool:
        pkey = pkeys.get(parent)
        if pkey is None or (parent == table and col == pkey):
            continue
        if not compatible(catalog[table][col], catalog[parent][pkey]):
            continue
        ratio = probe(table, col, parent, pkey)
        if ratio >= UNNAMED_CONTAINMENT:
            fits.append((rows[parent], parent != table, parent, ratio))
    if not fits:
        return None
    _, _, parent, ratio = min(fits)
    return parent, ratio


def declared_left_out(probe, table, col, catalog, pkeys, rows, stats) -> tuple[str, str] | None:
    """(parent, why) for a role-named key a schema that declares other keys left out: a person's key found in a table
    of people (commits.author_id among users: a code-hosting trial's commits were never read per user), else a
    self-link by its role (`self_link_by_role`: after `graph.link`, a game's acquisition channel by the referrer's:
    0.391 -> 0.503 accuracy); short strings another table's string key holds (an airline's bookings.dest_airport,
    its IATA codes all airports', where bookings declared only its flight); None."""
    st = stats[table].get(col) or {}
    short = (st.get("avg_len") or 0) <= 30 or st.get("fixed")
    if is_text_type(catalog[table][col]) and short and st.get("distinct", 0) >= 2:
        others = [p for p, k in pkeys.items() if p != table and k and is_text_type(catalog[p][k] or "")]
        if found := tightest(probe, table, col, catalog, pkeys, rows, others):
            return found[0], f"short strings, {pct(found[1])} in {found[0]}.{pkeys[found[0]]}"
    # or a party to the table's own act (bids.bidder_id among members: an auction's bids were never read per member)
    party = names.role(col) is not None and names.participant(col, table)  # not episodes.episode_number: no key name
    if (names.person_role(col) or party) and not names.names_other_table(col, table, catalog):
        people = [p for p in pkeys if names.people_table(p) and p != table]
        if found := tightest(probe, table, col, catalog, pkeys, rows, people):
            return found[0], f"role name {col} (a person), {pct(found[1])} in {found[0]}.{pkeys[found[0]]}"
    found = self_link_by_role(probe, table, col, catalog, pkeys, rows, stats)
    return (table, f"role name {col}, {pct(found[1])} in its own table") if found else None


def self_link_by_role(probe, table, col, catalog, pkeys, rows, stats) -> tuple[str, float] | None:
    """In a table that declares other keys, a role-named key it left out that holds its own rows' keys: a person's
    referrer or manager among people (players.referrer_id), a row's parent (categories.parent_id). Only those: a
    role key of an orders table means a person, not an order, and a block of small ids is another numbering."""
    kind, pkey = names.role(col), pkeys.get(table)
    hierarchy = names.norm(col).startswith("parent")
    if pkey is None or kind is None or names.participant(col, table) or names.names_other_table(col, table, catalog):
        return None
    if not (names.people_table(table) or hierarchy) or (stats[table].get(col) or {}).get("distinct", 0) < 2:
        return None
    found = tightest(probe, table, col, catalog, pkeys, rows, [table])
    return None if found is None or own_numbering(stats[table].get(col) or {}, stats[table], pkey) else found
