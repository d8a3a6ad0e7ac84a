"""Values a filter compares text columns with that no row holds: `WHERE buyers.city = 'berlin'` where the data says
'Berlin' keeps no entity, and "no entity passes the WHERE filter" alone does not say why; in the target's own
filter, every label is the same."""

from __future__ import annotations

import warnings
from dataclasses import replace

from sqlglot import exp

from rfm_sql.compile.sqlutil import col, table, to_sql
from rfm_sql.errors import RFMWarning, did_you_mean
from rfm_sql.graph import Graph, is_numeric_type, is_text_type
from rfm_sql.pql import ast
from rfm_sql.pql.validate import ValidQuery

FEW = 20  # a column with at most this many values has them listed where none is close to the one asked for
MAX_DISTINCT = 10_000  # a column with more distinct values than this is not read (an id-like text column)


def unmatched(cur, vq: ValidQuery, graph: Graph) -> str | None:
    """'users.city holds no 'berlin' (did you mean "Berlin"?)' for each text value the entity filter compares an
    entity-table column with by = or IN, in a condition every passing entity meets, that no row holds; None when
    every value occurs."""
    return _unmatched(cur, graph, _entity_conditions(vq))[0]


def unmatched_in_target(cur, vq: ValidQuery, graph: Graph) -> tuple[str | None, bool]:
    """The same for the filters of the target's aggregations (`COUNT(absences.* WHERE absences.kind = 'Sick',
    ...)` where the data says 'sick': every label 0, and the warning said only that every label was the same),
    and whether one such comparison holds none of its values (`= 'Dropped'` where the data says 'dropped'): that
    aggregation then counts no row at all, where one value of an IN list no row holds beside one some row does
    still counts the others."""
    return _unmatched(cur, graph, _target_conditions(vq))


def no_rows(cur, vq: ValidQuery, graph: Graph) -> str | None:
    """Why no example has a label where a filter compares with a value no row holds, else None: the entity filter's
    (with entities listed it is not checked before: a marina trial's 'POWERBOAT' was told to loosen the filter), or a
    target filter's that holds none of its values (`AVG(labs.value WHERE labs.test_code = 'alt', ...)` where the data
    says 'ALT': no row, no label)."""
    if (unkept := unmatched(cur, vq, graph)) is not None:
        return f"no entity passes the WHERE filter: {unkept}. Compare with a value the column holds."
    absent, nothing = unmatched_in_target(cur, vq, graph)
    if not nothing:
        return None
    func = next(n.func for n in ast.walk(vq.query.target) if isinstance(n, ast.Aggregation))
    return (
        f"the target compares with a value no row holds: {absent}; so no window has a row for {func} to read, and no "
        "example has a label. Compare with a value the column holds."
    )


def _unmatched(cur, graph: Graph, conditions: list) -> tuple[str | None, bool]:
    """(the note on the values no row holds, whether a comparison holds none of its values) for `conditions`."""
    notes, nothing = [], False
    for ref, asked in _text_comparisons(graph, conditions):
        values = _values(cur, ref)
        if values is None:
            continue
        nothing = nothing or not any(v in values for v in asked)
        for value in (v for v in asked if v not in values):
            hint = did_you_mean(value, values).strip()
            if same := [v for v in values if folded(v) == folded(value)]:  # every spelling, the commonest first
                counts = _counts(cur, ref, same)
                hint = " (it holds " + ", ".join(f"{v!r} on {k:,} rows" for v, k in counts) + ")"
                if len(same) > 1:  # picking one would drop the rest silently ('Toyota', 'TOYOTA', 'toyota ')
                    hint += f"; every spelling: {ref} IN ({', '.join(repr(v) for v, _ in counts)})"
            elif hint:  # the close value, in every spelling the column holds it in (a shelter trial's 'DOGS': 'Dog'
                # on 60% of the dogs, 'DOG' on 10% was the one suggested)
                near = hint.split('"')[1]
                counts = _counts(cur, ref, [v for v in values if folded(v) == folded(near)])
                hint = f" ({hint[0].lower()}{hint[1:]})"
                if len(counts) > 1:
                    spelt = ", ".join(f"{v!r} on {k:,} rows" for v, k in counts)
                    hint = f" (did you mean {counts[0][0]!r}? it holds {spelt}; every spelling: {ref} IN "
                    hint += f"({', '.join(repr(v) for v, _ in counts)}))"
            elif len(values) <= FEW:
                hint = f" (its values: {', '.join(map(repr, sorted(values)))})"
            notes.append(f"{ref} holds no {value!r}{hint}")
    for ref, asked in _number_comparisons(graph, conditions):
        held, low, high = _numbers(cur, ref, asked)
        nothing = nothing or not held
        if missing := [v for v in asked if v not in held]:
            said = " or ".join(map(_number, missing))
            notes.append(
                f"{ref} holds no {said} (its values run from {_number(low)} to {_number(high)})"
                if low is not None
                else f"{ref} holds no {said} (no value at all)"
            )
    return "; ".join(notes) or None, nothing


def spelled_otherwise(cur, vq: ValidQuery, graph: Graph) -> str | None:
    """'customers.status holds 'dormant' and also 'DORMANT', which the filter leaves out' for each text value an
    entity or target filter compares with by = or IN that rows hold in another case or spacing too, and that the
    comparison does not list: a status stored as both 'dormant' and 'DORMANT' kept 24 of 117 dormant customers,
    silently; None when there is none."""
    notes = []
    for ref, asked in _text_comparisons(graph, _entity_conditions(vq) + _target_conditions(vq)):
        values = _values(cur, ref)
        for value in sorted(v for v in set(asked) if values is not None and v in values):
            others = sorted(v for v in values if folded(v) == folded(value) and v not in asked)
            if others:
                also = ", ".join(map(repr, others))
                notes.append(f"{ref} holds {value!r} and also {also}, which the filter leaves out")
    if not notes:
        return None
    return "; ".join(notes) + ". List every spelling meant (IN (...)), or fix the data."


def _entity_conditions(vq: ValidQuery) -> list[tuple]:
    """(condition, the tables its column may be of): every condition each entity that passes the filter meets."""
    return [(c, {vq.entity_table}) for c in _required(vq.query.entity_filter)]


def _target_conditions(vq: ValidQuery) -> list[tuple]:
    """The same for the filters of the target's aggregations, over the target's tables, and for the target's own
    comparison of a FIRST or LAST with a value (`FIRST(deliveries.grade, ...) = 'a'` where the data says 'A': a farm
    co-op trial's labels were all False, and the warning named no value)."""
    filters = [n.filter for n in ast.walk(vq.query.target) if isinstance(n, ast.Aggregation) and n.filter is not None]
    compared = [
        replace(n, left=n.left.column)
        for n in _required(vq.query.target)
        if isinstance(n, ast.Comparison) and isinstance(n.left, ast.Aggregation) and n.left.func in ("FIRST", "LAST")
    ]
    return [(c, set(vq.target_tables)) for c in [*compared, *(c for f in filters for c in _required(f))]]


def _text_comparisons(graph: Graph, conditions: list[tuple]):
    """(column, the text values it is compared with) for each `column = value` or `column IN (...)` of
    `conditions` on a text column of its tables."""
    for node, tables in conditions:
        if not (isinstance(node, ast.Comparison) and node.op in ("=", "IN")):
            continue
        ref = node.left
        if not isinstance(ref, ast.ColumnRef) or ref.table not in tables or node.right is None:
            continue
        if not is_text_type(graph.table(ref.table).column(ref.column).dtype):
            continue
        wanted = node.right.value if isinstance(node.right.value, tuple) else (node.right.value,)
        asked = tuple(v for v in wanted if isinstance(v, str))
        if asked:
            yield ref, asked


def _number_comparisons(graph: Graph, conditions: list[tuple]):
    """(column, the numbers it is compared with) for each `column = n` or `column IN (...)` of `conditions` on a
    numeric column: `WHERE pros.region_id = 99` kept no pro, and the error named no value."""
    for node, tables in conditions:
        if not (isinstance(node, ast.Comparison) and node.op in ("=", "IN")) or node.right is None:
            continue
        ref = node.left
        if not isinstance(ref, ast.ColumnRef) or ref.table not in tables:
            continue
        if not is_numeric_type(graph.table(ref.table).column(ref.column).dtype):
            continue
        wanted = node.right.value if isinstance(node.right.value, tuple) else (node.right.value,)
        asked = tuple(v for v in wanted if isinstance(v, int | float) and not isinstance(v, bool))
        if asked:
            yield ref, asked


def _numbers(cur, ref: ast.ColumnRef, asked: tuple) -> tuple[set, float | None, float | None]:
    """(the numbers of `asked` some row holds, compared as the filter compares them, the column's least and greatest
    value)."""
    c = exp.cast(col(ref.column), "DOUBLE")
    held = [exp.func("BOOL_OR", exp.EQ(this=col(ref.column), expression=exp.Literal.number(v))) for v in asked]
    query = exp.select(*held, exp.Min(this=c.copy()), exp.Max(this=c.copy())).from_(table(ref.table))
    *found, low, high = cur.execute(to_sql(query)).fetchall()[0]
    return {v for v, f in zip(asked, found, strict=True) if f}, low, high


def _number(value) -> str:
    """A number as a user wrote it: 1230000, not 1.23e+06; 0.25 as it is."""
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def folded(text: str) -> str:
    """`text` as one spelling of it in any case or spacing reads, an underscore or a hyphen a space (a bike-share
    trial's 'flat tire' beside 'Flat Tire' and 'flat_tire')."""
    return " ".join(text.replace("_", " ").replace("-", " ").split()).casefold()


def _required(node) -> list:
    """The conditions every entity that passes `node` meets: `node` itself, or each item of an AND (not under OR
    or NOT, where a value no row holds cannot be what empties the filter)."""
    if node is None:
        return []
    if isinstance(node, ast.And):
        return [c for item in node.items for c in _required(item)]
    return [node]


def _counts(cur, ref: ast.ColumnRef, values: list[str]) -> list[tuple[str, int]]:
    """(value, rows holding it) of `values` in the column, the commonest first: a severity spelt 'urgent' on 235
    rows and 'Urgent' on 18 of a legacy import had "did you mean 'Urgent'?" said of 'URGENT'."""
    c = col(ref.column)
    query = exp.select(c, exp.Count(this=exp.Star())).from_(table(ref.table)).where(c.isin(*values)).group_by(c)
    return sorted(cur.execute(to_sql(query)).fetchall(), key=lambda r: (-r[1], r[0]))


def _values(cur, ref: ast.ColumnRef) -> set[str] | None:
    """The column's distinct values, or None where it has more than MAX_DISTINCT."""
    c = col(ref.column)
    distinct = exp.select(c).distinct().from_(table(ref.table)).where(exp.not_(c.is_(exp.null())))
    rows = cur.execute(to_sql(distinct.limit(MAX_DISTINCT + 1))).fetchall()
    return {r[0] for r in rows} if len(rows) <= MAX_DISTINCT else None


def warn_of_values(cur, vq: ValidQuery, graph: Graph, labelled) -> None:
    """A warning where `labelled` (`rfm.labels`' rows) is empty because the entity filter compares with a value no
    row holds ('Lisboa' where the data says 'Lisbon': a ticketing trial's labels read "(no rows)" and nothing else),
    or where the target's filter does (`= 'Web_Dev'` where the data says 'web_dev': a freelance trial's labels were
    all False, with no word, where predict and evaluate said so); or where a value compared with is also held in
    another case (a crowdfunding trial's `category = 'games'` kept 16 campaigns beside 'Games' and 'GAMES')."""
    if labelled.num_rows == 0 and (said := unmatched(cur, vq, graph)):
        warnings.warn(f"No labels: the entity filter keeps no entity, as {said}.", RFMWarning, stacklevel=3)
    elif labelled.num_rows and (said := unmatched_in_target(cur, vq, graph)[0]):
        warnings.warn(f"The target compares with a value no row holds: {said}.", RFMWarning, stacklevel=3)
    elif said := spelled_otherwise(cur, vq, graph):
        warnings.warn(said, RFMWarning, stacklevel=3)
