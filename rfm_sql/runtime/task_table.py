"""Task tables: the (entity, anchor[, label]) rows a user hands a backtest, checked before any work.

A row must name an entity that exists, at a time; its label, when given, must be of the query's kind (a
binary query's booleans, a regression's numbers, a multiclass query's values of its column). Without labels,
the data labels the rows, and those it gives no label (an entity not yet created, an empty window, a failed
filter) are named in a warning rather than dropped without a word.
"""

from __future__ import annotations

import uuid
import warnings

import pyarrow as pa
import pyarrow.compute as pc
from sqlglot import exp

from rfm_sql.compile import labels as label_compiler
from rfm_sql.compile.sqlutil import ANCHOR, ENTITY, TARGET, col, to_sql
from rfm_sql.compile.sqlutil import table as table_ref
from rfm_sql.errors import NoExamplesError, RFMWarning, UserError
from rfm_sql.graph import Graph, is_numeric_type, is_text_type
from rfm_sql.pql import ast
from rfm_sql.pql.tasks import TaskType
from rfm_sql.pql.validate import ValidQuery
from rfm_sql.runtime import anchors as anchor_times


def finite_labels(truth: pa.Table) -> pa.Table:
    """The rows with a label to score against: a NaN or infinite number (a NaN or inf in the data), a NULL or
    an empty list (LIST_DISTINCT of no rows is no label, PQL.md) is left out with a warning rather than turning a
    metric into NaN, counting as a miss, or into `n`."""
    if dropped := len(truth) - (pc.sum(finite := usable(truth.column(TARGET))).as_py() or 0) if len(truth) else 0:
        message = f"{dropped} of {len(truth)} examples have no usable label (NULL, NaN, infinite or an empty list) and "
        message += "are left out "
        warnings.warn(message + "of the backtest.", RFMWarning, stacklevel=3)
        truth = truth.filter(finite)
    return truth


def as_arrow(table) -> pa.Table:
    """A task table as Arrow: a pyarrow.Table as it is, a polars or pandas DataFrame converted."""
    if isinstance(table, pa.Table):
        return table
    what = f"{type(table).__module__.split('.')[0]}.{type(table).__name__}"
    try:
        if hasattr(table, "to_arrow"):  # polars
            return table.to_arrow()
        if hasattr(table, "dtypes") and hasattr(table, "columns"):  # pandas
            return pa.Table.from_pandas(table, preserve_index=False)
    except (pa.ArrowException, ValueError, TypeError) as e:
        message = f"task_table (a {what}) cannot be read as Arrow: {e}. Give each column values of one type."
        raise UserError(message, param="task_table") from e
    message = f"task_table must be a pyarrow.Table or a pandas or polars DataFrame, got {what}."
    raise UserError(message, param="task_table")


def normalise_task_table(table, vq: ValidQuery, graph: Graph) -> pa.Table:
    """Accept ENTITY/ANCHOR_TIMESTAMP[/TARGET] columns, or RelBench's (time, entity key[, label]); refuse the
    unusable."""
    table = as_arrow(table)
    names = table.column_names
    entity = ENTITY if ENTITY in names else vq.entity_key if vq.entity_key in names else None
    times = [f.name for f in table.schema if pa.types.is_timestamp(f.type) or pa.types.is_date(f.type)]
    anchor = ANCHOR if ANCHOR in names else times[0] if len(times) == 1 else None
    if entity is None or anchor is None:
        message = f"task_table needs an entity column ({ENTITY} or {vq.entity_key}) and one timestamp column "
        message += f"({ANCHOR}); it has {', '.join(f'{f.name} ({f.type})' for f in table.schema)}."
        text = [f.name for f in table.schema if pa.types.is_string(f.type) or pa.types.is_large_string(f.type)]
        if anchor is None and not times and text:
            message += " Times held as text are not read as times: cast the anchor column to a timestamp first."
        raise UserError(message, param="task_table")
    nulls = [f"{table.column(n).null_count} in {n}" for n in (entity, anchor) if table.column(n).null_count]
    if nulls or not table.num_rows:
        why = f"NULLs ({', '.join(nulls)}): each row needs an entity key and an anchor time" if nulls else "no rows"
        raise UserError(
            f"task_table has {why}. Pass at least one (entity, anchor time) row, with no NULLs.", "task_table"
        )
    refuse_kind(table.column(entity), f"key column {entity}", graph.table(vq.entity_table), vq.entity_key)
    rest = [n for n in names if n not in (entity, anchor)]
    if TARGET not in names and len(rest) > 1:  # a guess could score the wrong column, or none
        message = (
            f"task_table has {len(rest)} columns besides {entity} and {anchor} ({', '.join(rest)}): which holds the "
        )
        message += (
            f"labels is unclear. Name the label column {TARGET}, or drop the others (or all, to label from the data)."
        )
        raise UserError(message, param="task_table")
    columns = {ENTITY: table.column(entity), ANCHOR: table.column(anchor).cast(pa.timestamp("us"))}
    if (label := TARGET if TARGET in names else rest[0] if rest else None) is not None:
        columns[TARGET] = check_labels(table.column(label), label, vq, graph)
    return pa.table(columns)


def refuse_repeats(table: pa.Table, vq: ValidQuery, keys=(ENTITY, ANCHOR)) -> None:
    """A backtest scores each example once: rows repeating one (`keys`) would count it twice or contradict each
    other, so they are refused, not silently merged or double-counted."""
    keys = list(keys)
    counts = table.select(keys).group_by(keys, use_threads=False).aggregate([([], "count_all")])
    repeated = counts.filter(pc.greater(counts.column("count_all"), 1))
    if repeated.num_rows:
        first = repeated.slice(0, 1).to_pylist()[0]
        example = f"{vq.entity_key} {first[ENTITY]!r} at {first[ANCHOR]}"
        example += "".join(f", {k} {first[k]}" for k in keys[2:])
        extra = pc.sum(repeated.column("count_all")).as_py() - repeated.num_rows
        message = f"task_table repeats {repeated.num_rows} example(s) ({extra} extra row(s) in all; e.g. {example}): "
        message += "each example is scored once. Drop the repeats (SELECT DISTINCT ...) or keep one label per example."
        raise UserError(message, param="task_table")


def kind(dtype) -> str | None:
    """What values of an Arrow type or graph column type are, as far as equality goes (1 never equals "1")."""
    if isinstance(dtype, str):
        return "number" if is_numeric_type(dtype) else "text" if is_text_type(dtype) or dtype == "UUID" else None
    t, dtype = pa.types, dtype.value_type if pa.types.is_dictionary(dtype) else dtype
    kinds = {
        "boolean": t.is_boolean(dtype),
        "number": t.is_integer(dtype) or t.is_floating(dtype) or t.is_decimal(dtype),
    }
    kinds |= {
        "text": t.is_string(dtype) or t.is_large_string(dtype),
        "list": t.is_list(dtype) or t.is_large_list(dtype),
    }
    return next((k for k, hit in kinds.items() if hit), str(dtype))


def refuse_kind(values: pa.ChunkedArray, what: str, table, column: str) -> None:
    """Refuse task table values that never equal one of `table.column`'s (text keys of an integer key match none)."""
    if kind(dtype := table.column(column).dtype) not in (None, kind(values.type)):
        message = f"task_table's {what} is {values.type}, but {table.name}.{column} is {dtype}: none of its values can "
        message += (
            f"match. Cast it to {dict(number='numbers', text='strings')[kind(dtype)]} first (pyarrow.compute.cast)."
        )
        raise UserError(message, param="task_table")


def check_labels(labels: pa.ChunkedArray, name: str, vq: ValidQuery, graph: Graph) -> pa.ChunkedArray:
    """`labels` if the query can be scored against them: some usable, of its kind (multiclass: its column's)."""
    if not pc.sum(usable(labels)).as_py():
        message = f"Every label in task_table's label column {name} is NULL, NaN or empty: there is nothing to score. Fill "
        raise UserError(message + "them in, or drop the column to label the rows from the data.", param="task_table")
    target = next((n for n in ast.walk(vq.query.target) if isinstance(n, ast.ColumnRef)), None)
    if vq.task_type is TaskType.MULTICLASS:
        return (
            target and refuse_kind(labels, f"label column {name}", graph.table(target.table), target.column) or labels
        )
    numbers = {TaskType.REGRESSION: "number", TaskType.FORECASTING: "number"}
    if kind(labels.type) == (want := {TaskType.BINARY: "boolean", **numbers}.get(vq.task_type, "list")):
        if want == "list" and target is not None:  # its items are the target's values: '12' never equals 12
            items = pc.list_flatten(labels)
            refuse_kind(items, f"label column {name}'s items", graph.table(target.table), target.column)
        return labels
    wrong = labels.filter(usable(labels)) if kind(labels.type) == "list" else pc.unique(labels.filter(usable(labels)))
    wrong = [v for v in wrong.to_pylist() if want != "boolean" or v not in (0, 1)]  # 1/0 are False/True
    if wrong:
        message = f"task_table's label column {name} holds {shown(wrong)} ({labels.type}), but a {vq.task_type.value} "
        message += f"query's labels are {want}s{' (or 1/0)' if want == 'boolean' else ''}. Fix or cast the labels, or "
        raise UserError(message + "check the query is the one meant.", param="task_table")
    return labels


def usable(labels: pa.ChunkedArray) -> pa.ChunkedArray:
    """Which labels there are to score against: not NULL, for numbers not NaN or infinite, for lists not empty."""
    if pa.types.is_floating(labels.type):
        return pc.fill_null(pc.is_finite(labels), False)
    if pa.types.is_list(labels.type) or pa.types.is_large_list(labels.type):
        return pc.fill_null(pc.greater(pc.list_value_length(labels), 0), False)
    return pc.is_valid(labels)


def shown(values: list, limit: int = 5) -> str:
    values = list(dict.fromkeys(map(repr, values)))  # a few distinct values, for a message
    return ", ".join(values[:limit]) + (", ..." if len(values) > limit else "")


def check_known(cur, vq: ValidQuery, graph: Graph, keys: pa.ChunkedArray) -> None:
    """Refuse task table keys the entity table lacks (no history, no label), found by an anti-join."""
    table, name = graph.table(vq.entity_table), f"rfm_task_keys_{uuid.uuid4().hex[:12]}"
    key = col(table.primary_key, "e")
    key = exp.cast(key, "VARCHAR") if kind(keys.type) == "text" else key  # a UUID key, as the text given
    found = exp.select(col(ENTITY, "k")).from_(exp.to_table(name).as_("k")).limit(6)
    found = found.join(table_ref(table.name, "e"), on=exp.EQ(this=key, expression=col(ENTITY, "k")), join_type="anti")
    cur.register(name, pa.table({ENTITY: pc.unique(keys)}))
    try:
        missing = [r[0] for r in cur.execute(to_sql(found)).fetchall()]
    finally:
        cur.unregister(name)
    if missing:
        message = f"No {vq.entity_table} with {table.primary_key} in ({shown(missing)}): every task_table row must "
        raise UserError(message + "name one that exists. Drop those rows or fix their keys.", param="task_table")


def task_table_truth(cur, vq: ValidQuery, graph: Graph, task_table) -> pa.Table:
    """The rows of a task table with their labels: its own label column, else the (observed) labels PQL defines."""
    truth = normalise_task_table(task_table, vq, graph)
    refuse_repeats(truth, vq)
    check_known(cur, vq, graph, truth.column(ENTITY))
    if TARGET in truth.column_names:
        return finite_labels(truth)  # here too: a pair-scored backtest would count a NULL label as a miss
    anchors = sorted(set(truth.column(ANCHOR).to_pylist()))
    anchor_times.check_observed(cur, vq, graph, anchors, "task_table")
    rows = label_compiler.label_rows(vq, graph, label_compiler.seed_for_anchors(vq, graph, anchors)).subquery("l")
    rows = exp.select("*").from_(rows).order_by(col(ANCHOR), col(ENTITY))  # the order of `labelled_at`'s rows
    return labelled_rows(truth, cur.sql(to_sql(rows)).to_arrow_table(), [ENTITY, ANCHOR], vq)


WHY_UNLABELLED = {  # why the data gives a row no label: the first of label_rows' flags it fails, else a NULL label
    "ENTITY_EXISTS": "whose entity does not exist at the anchor (created after it, or ended)",
    "PASSES_FILTER": "that fail the query's WHERE filter",
    "PASSES_ASSUMING": "that fail its ASSUMING condition",
    TARGET: "whose label window is empty (AVG, MIN, MAX, FIRST, LAST or LIST_DISTINCT of no rows is no label)",
    "LISTED": "that are not among the query's FOR ... IN keys",
}


def labelled_rows(truth: pa.Table, rows: pa.Table, keys: list, vq: ValidQuery) -> pa.Table:
    """The labelled `rows` (label_rows, one per key and anchor[, step]) of `truth`'s, less flags; warns of the rest."""
    ok = {f: rows.column(f).to_pylist() for f in label_compiler.FLAGS} | {
        TARGET: pc.is_valid(rows.column(TARGET)).to_pylist()
    }
    why = [next((f for f in ok if not ok[f][i]), None) for i in range(rows.num_rows)]
    at, found = list(zip(*(rows.column(k).to_pylist() for k in keys), strict=True)), {}
    for row, reason in zip(at, why, strict=True):
        found[row] = found.get(row, reason) and reason  # None once any (step) row of it has a label
    wanted, left = list(zip(*(truth.column(k).to_pylist() for k in keys), strict=True)), {}
    for row in wanted:
        if (reason := found.get(row, "LISTED")) is not None:
            left.setdefault(WHY_UNLABELLED[reason], []).append(row[0])
    if left:
        parts = "; ".join(f"{len(k)} {why} ({vq.entity_key} {shown(k)})" for why, k in left.items())
        message = f"{sum(map(len, left.values()))} of the {truth.num_rows} task_table rows are not scored, as the data"
        message += f" gives them no label: {parts}. Drop those rows, or pass their labels in a label column."
        if sum(map(len, left.values())) == truth.num_rows:  # none left to score
            raise NoExamplesError(message, "task_table")
        warnings.warn(message, RFMWarning, stacklevel=4)
    wanted = set(wanted)
    keep = pa.array([r in wanted and w is None for r, w in zip(at, why, strict=True)], pa.bool_())
    return rows.filter(keep).drop_columns(list(label_compiler.FLAGS))
