"""Fixes for slips that the grammar reports only as an unexpected token: a text key or value written without
quotes (a permits trial's `FOR parcels.apn = 123-045-0678` failed at "-045" with no word of quotes), the entities
named without FOR EACH (`... = 0 contractors.contractor_id` failed at "contractors"), SQL's COUNT(*) (with its FROM),
a condition where an aggregation's column goes, and an aggregation without its window (`COUNT(attendance.*)`: a
daycare trial was told only of an unexpected ")")."""

from __future__ import annotations

import re

# t.col = <value> or t.col IN (<values>, up to the slip (FOR's keys, WHERE's values)
_LISTED = re.compile(r"[\w`]+\s*\.\s*[\w`]+\s*(?:=|!=|<>|\bIN\s*\((?:[^()]*,)?)\s*$", re.I)
_VALUE = re.compile(r"\w[^\s,()']*")
_ENTITIES = re.compile(r"[\w`]+\s*\.\s*[\w`]+")
_CONDITION = re.compile(r"(?P<op>=|!=|<>|<=|>=|<|>)\s*(?P<value>'[^']*'|[^,()\s]+)")
_NO_WINDOW = re.compile(
    r"\b(COUNT|SUM|AVG|MIN|MAX|FIRST|LAST|COUNT_DISTINCT|LIST_DISTINCT)\s*\(\s*[\w`]+\s*\.\s*[\w`*]+\s*$", re.I
)


def entity_slip(text: str, pos: int, tok: str) -> str | None:
    """The fix for a slip at `pos` (the unexpected token `tok`), as above, or None."""
    value = _VALUE.match(text, _value_start(text, pos))
    if value and value.start() <= pos and _LISTED.search(text[: value.start()]):
        raw = value.group(0)
        fixed = f"{text[: value.start()]}'{raw}'{text[value.end() :]}"
        return f" A key or a value that is text is quoted: '{raw}' ({fixed})."
    if tok == "*" and re.search(r"\b(COUNT|SUM|AVG|MIN|MAX)\s*\(\s*$", text[:pos], re.I):  # SQL's COUNT(*)
        sql_from = re.match(r"\*\s*\)\s*FROM\s+([\w`]+)\s*", text[pos:], re.I)  # COUNT(*) FROM attendance
        if sql_from:
            rest = text[pos + sql_from.end() :]
            fixed = f"{text[:pos]}{sql_from.group(1)}.*, 0, 30, days) {rest}"
        else:
            fixed = re.sub(r"\(\s*\*", "(<table>.*", text[: pos + 1], count=1) + text[pos + 1 :]
        return f" PQL names the table whose rows are counted: {fixed.strip()}, with a table that links to the entity."
    bare = re.search(
        r"\b(COUNT|SUM|AVG|MIN|MAX|FIRST|LAST|COUNT_DISTINCT|LIST_DISTINCT)\s*\(\s*([\w`]+)\s*$", text[:pos], re.I
    )
    if tok in (",", ")") and bare:  # COUNT(payments, 0, 90, days): the table with no column (a law firm trial)
        what = ", or * for its rows" if bare.group(1).upper() == "COUNT" else ""
        fixed = f"{text[: bare.end(2)]}.{'*' if bare.group(1).upper() == 'COUNT' else '<column>'}{text[bare.end(2) :]}"
        return f" An aggregation names a table's column{what}: {fixed.strip()}."
    if tok == ")" and _NO_WINDOW.search(text[:pos]):  # COUNT(attendance.*) with no window
        fixed = f"{text[:pos].rstrip()}, 0, 30, days{text[pos:]}"
        return f" An aggregation reads a window (start, end, unit) after its column: {fixed.strip()}."
    if said := _condition_as_column(text, pos):
        return said
    before, after = text[:pos], text[pos:]
    if not re.search(r"\bPREDICT\b", before, re.I) or re.search(r"\bFOR\b", before, re.I):
        return None
    if tok.upper() == "EACH":
        return f" The entities come after FOR EACH: {before.rstrip()} FOR {after.strip()}"
    if _ENTITIES.match(after):
        return f" The entities come after FOR EACH: {before.rstrip()} FOR EACH {after.strip()}"
    return None


def _condition_as_column(text: str, pos: int) -> str | None:
    """The fix for a condition written where an aggregation's column goes (`COUNT(bookings.status = 'no_show', 0, 30,
    days)`: a tutoring trial was told only of an unexpected "="): the rows it counts are filtered by WHERE."""
    agg = _NO_WINDOW.search(text[:pos])
    cond = _CONDITION.match(text, pos)
    if agg is None or cond is None:
        return None
    table, column = (part.strip() for part in re.search(r"\(\s*([\w`]+\s*)\.(\s*[\w`*]+)", agg.group(0)).groups())
    read = f"{table}.*" if agg.group(1).upper() == "COUNT" else f"{table}.{column}"
    fixed = f"{text[: agg.start()]}{agg.group(1)}({read} WHERE {table}.{column} {cond['op']} {cond['value']}"
    return f" Rows are picked by a WHERE inside the aggregation: {fixed}{text[cond.end() :]}"


def _value_start(text: str, pos: int) -> int:
    """Where the unquoted value that reaches `pos` begins: back over what a key holds (digits, letters, - and _)."""
    start = pos
    while start > 0 and (text[start - 1].isalnum() or text[start - 1] in "-_/:"):
        start -= 1
    return start
