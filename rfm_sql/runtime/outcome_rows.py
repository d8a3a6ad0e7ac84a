"""A warning for a static class target whose examples tell their class by whether a child table has rows for
them: every example of one class has none and most other examples have some. Such rows are most likely written
after the outcome (a visit's diagnoses and bills exist only once the patient came), so a row predicted before its
outcome has none either and reads as that class. A clinic trial's no-show per appointment read a backtest AUROC
of 1.000 (its held-out rows have their outcomes' rows too) and gave every appointment still ahead a no-show
probability of 0.72, where 12.7% miss theirs; a hotel's cancellations read 0.948, and 0.65 on bookings still
ahead (stays on 88% of the bookings not cancelled: no-shows have none either). The same for a column of the
entity's own row, or a key it holds, that one class lacks (a marketplace's orders.returned_at and refund_id, set
only on returned orders: LightGBM on the same inputs read the returns at AUROC 1.0), with the graph call that
stops it being read; and for a category column of the entity's own row whose values alone tell every example's
class (a booking's status 'cancelled' beside is_cancelled: a backtest AUROC of 1.000 with no word)."""

from __future__ import annotations

import numpy as np
from sqlglot import exp

from rfm_sql.graph import Graph, SType
from rfm_sql.pql import ast
from rfm_sql.pql.validate import ValidQuery
from rfm_sql.pql.views import create_view, dated_rows_view

SHARE = 0.95  # the one class's examples without rows, and the other examples with them, at least
ROWS_SHARE = 0.6  # but a child table's rows on the other examples, at least: most of them (not every other outcome
# writes them: a hotel's no-shows have no stay either, so stays were on 88% of the bookings not cancelled)
MIN_EXAMPLES = 10  # of the one class and of the rest
PURE = 0.99  # a value of a category column whose examples are of one class, at least this share of them
MAX_VALUES = 20  # a category column of more values is not read as a restatement of the class


def note(vq: ValidQuery, graph: Graph, columns: dict, y: np.ndarray) -> str | None:
    """What a prediction's WARNING says when child tables' rows, or the entity's own columns' values, separate the
    context's classes as above: each class (of MIN_EXAMPLES examples or more) either has them on at least SHARE of
    its examples or lacks them on at least SHARE, and some do and some do not (`columns`: feature name -> the
    context's values; `y`: the context's labels), else None."""
    if not vq.static:
        return None
    timed = own_time_note(vq, graph) or filled_note(vq, graph)
    labels = np.array([str(v) for v in y], dtype=object)
    classes = [c for c in np.unique(labels) if (labels == c).sum() >= MIN_EXAMPLES]
    if len(classes) < 2:
        return timed
    tables, own, told = {}, {}, {}  # table (column) -> the classes lacking it; column -> its values per class
    links = {lk.fkey for lk in graph.parents(vq.entity_table)}
    found, linked = [], {}  # (where, what, has it per example); a link: whether any of its parent's columns is read
    for name, values in columns.items():
        read = name.split(":", 1)[-1]
        if read.endswith(".count_all") and read.count(".") == 1:  # a child table's rows, all history
            some = np.nan_to_num(np.asarray(values, dtype=np.float64), nan=0.0) > 0
            found.append((tables, read.removesuffix(".count_all").split("[")[0], some))
        elif read.startswith(f"{vq.entity_table}.") and read.count(".") <= 2 and ".days_after_" not in read:
            if read.count(".") == 1 and (classes_of := _restated(values, labels, classes)) is not None:
                told[read.split(".")[1]] = classes_of
            found.append(
                (own, read.split(".")[1], _known(values))
            )  # a column of the entity's own row (a date: days ago)
        elif (key := read.split("->")[0]) in links:  # a parent's columns, read through a key of the entity's row
            linked[key] = linked[key] | _known(values) if key in linked else _known(values)
    for where, read, some in found + [(own, key, some) for key, some in linked.items()]:
        shares = {c: some[labels == c].mean() for c in classes}
        lacking = {c for c, share in shares.items() if share <= 1 - SHARE}
        having = ROWS_SHARE if where is tables else SHARE
        if (
            lacking
            and all(share >= having or c in lacking for c, share in shares.items())
            and len(lacking) < len(classes)
        ):
            where.setdefault(read, set()).update(lacking)
    said = [timed] if timed else []
    if tables:
        said.append(_rows_note(vq, graph, list(tables), " or ".join(sorted(set().union(*tables.values())))))
    if own:
        which = " or ".join(sorted(set().union(*own.values())))
        fixes = "; ".join(_stop_reading(graph, vq.entity_table, c, own) for c in own)
        named = ", ".join(f"{vq.entity_table}.{c}" for c in own)
        said.append(
            f"Every example labelled {which} has no {named} and nearly every other example has one: such a column "
            f"looks written with the outcome (a return's date), so a row predicted before its outcome has none and "
            f"reads as {which}, and a backtest cannot show it. If so, stop reading it as an input: {fixes}."
        )
    for column, by_class in ((c, v) for c, v in told.items() if c not in own):  # not said twice
        values = "; ".join(f"{', '.join(v)} -> {c}" for c, v in by_class.items())
        fix = _stop_reading(graph, vq.entity_table, column, told)
        said.append(
            f"{vq.entity_table}.{column} alone tells the class of every example ({values}): if it is set with the "
            f"outcome (a status that becomes 'cancelled'), a row predicted before its outcome reads otherwise, and a "
            f"backtest cannot show it. If so, stop reading it as an input: {fix}."
        )
    return " ".join(said) or None


def _restated(values, labels: np.ndarray, classes: list) -> dict | None:
    """{class: the category values its examples hold} where a category column's values (at most MAX_VALUES of
    them, each on examples of one class, PURE) tell every example's class of two, one class by a single value (a
    status 'cancelled' beside is_cancelled), else None. Not for more classes, nor for classes each made of several
    values: a fixed hierarchy (an aisle's department) tells a class as well, known before any outcome."""
    if len(classes) != 2:
        return None
    if not len(values) or not isinstance(values[0], str | type(None)) or any(isinstance(v, float) for v in values):
        return None
    text = np.array(["NULL" if v is None else str(v) for v in values], dtype=object)
    distinct = np.unique(text)
    if len(distinct) > MAX_VALUES or len(distinct) < 2:
        return None
    by_class: dict = {}
    for v in distinct:
        at = labels[text == v]
        top, count = max(((c, (at == c).sum()) for c in np.unique(at)), key=lambda t: t[1])
        if count < PURE * len(at):
            return None
        by_class.setdefault(top, []).append(str(v))
    if set(by_class) != set(classes) or min(len(v) for v in by_class.values()) != 1:
        return None
    return by_class


def _known(values) -> np.ndarray:
    return np.array([v is not None and v == v for v in values], dtype=bool)  # v == v: not NaN


def _stop_reading(graph: Graph, t: str, column: str, separating) -> str:
    """The graph call that stops every feature reading `t.column`: a key is unlinked, a time column replaced by
    another date (or none), an end time unset first; any other column is read as an identifier."""
    tab = graph.table(t)
    if column in {lk.fkey for lk in graph.parents(t)}:
        return f"rfm.graph.unlink({t!r}, {column!r})"
    if column == tab.time_column:
        dates = [c.name for c in tab.columns if c.stype is SType.TIMESTAMP and c.name not in (column, *separating)]
        other = dates[0] if dates else None
        return (
            f"rfm.graph.set_time_column({t!r}, {other!r}) (a date known before the outcome{'' if other else ': none'})"
        )
    if column in tab.end_columns:
        return f"rfm.graph.set_end_time({t!r}, None), then rfm.graph.set_stype({t!r}, {column!r}, 'id')"
    return f"rfm.graph.set_stype({t!r}, {column!r}, 'id') (an identifier, which no feature reads)"


def _rows_note(vq: ValidQuery, graph: Graph, tables: list[str], which: str) -> str:
    named, kept = ", ".join(tables), [t for t in graph.tables if t not in tables]
    read = {
        n.table
        for part in (vq.query.target, vq.query.entity_filter)
        for n in ast.walk(part)
        if isinstance(n, ast.ColumnRef)
    }
    # the query itself reads one of them: leaving it out would refuse the query, so only the finding is said
    fix = f"leave them out: rfm_sql.attach(con, tables={kept})" if not read & set(tables) else "leave them out"
    return (
        f"Every example labelled {which} has no {named} rows and most other examples have some: such rows "
        f"look written after the outcome (a visit's diagnoses exist once it happened), so a row predicted before its "
        f"outcome has none and reads as {which}, and a backtest, whose rows have their outcomes' rows, cannot show "
        f"it. If so, {fix}."
    )


def own_time_note(vq: ValidQuery, graph: Graph) -> str | None:
    """What a static target on its table's own time column says (`tickets.checked_in_at IS NULL`, the only date of a
    ticket, set at the event): a row whose date is not set yet is labelled as one that never will be, and reads so
    in every input. A ticketing trial's no-shows backtested at AUROC 0.9999, 0.515 on tickets for events ahead."""
    tab = graph.table(vq.entity_table)
    read = {n.column for n in ast.walk(vq.query.target) if isinstance(n, ast.ColumnRef) and n.table == tab.name}
    if tab.time_column is None or tab.time_column not in read:
        return None
    parents = [lk for lk in graph.parents(tab.name) if graph.table(lk.parent).time_column]
    view = ""
    if parents:
        lk, parent = parents[0], graph.table(parents[0].parent)
        select = (  # names quoted only where DuckDB needs it, as the views of pql.views are
            exp.select(exp.Column(this=exp.Star(), table=exp.to_identifier("t")))
            .select(exp.column(parent.time_column, "p").as_("written_at"))
            .from_(exp.Table(this=exp.to_identifier(tab.name)).as_("t"))
            .join(
                exp.Table(this=exp.to_identifier(parent.name)).as_("p"),
                on=exp.EQ(this=exp.column(lk.fkey, "t"), expression=exp.column(parent.primary_key, "p")),
            )
        )
        view = f" (e.g. {create_view(f'{tab.name}_written', select)}, then predict FOR EACH {tab.name}_written.{tab.primary_key})"
    return (
        f"The target reads {tab.name}.{tab.time_column}, the table's time column: rfm_sql takes it for when each row "
        f"began, so a row whose {tab.time_column} is not set yet (an outcome still ahead) is labelled as one that "
        f"never will be, and a backtest reads better than predictions can. Give {tab.name} the date each row was "
        f"written as its time{view}."
    )


def filled_note(vq: ValidQuery, graph: Graph) -> str | None:
    """What a static target on a column filled in with a later date of its row says (`invoices.days_past_due > 0`,
    set when paid_at is): only rows whose date has come have a label, so the rows still waiting are predicted from
    those that got it, sooner; a row still waiting may be unlike them in the very thing asked (a wholesale trial's
    open invoices: P .15 of a late payment where .32 were, those already past their due date .18)."""
    tab = graph.table(vq.entity_table)
    filled = dict(reversed(tab.filled_with))  # a column's first date
    read = [n.column for n in ast.walk(vq.query.target) if isinstance(n, ast.ColumnRef) and n.table == tab.name]
    if not (found := next((c for c in read if c in filled), None)):
        return None
    if still := dict(tab.open_values).get(found):  # a state rows leave, by that date or another (a lot sold at its
        # end, never cancelled): the rows in it are the ones predicted, every other row is labelled
        return (
            f"The target reads {tab.name}.{found}, whose rows still {', '.join(map(repr, still))} have not moved on "
            "yet: those are predicted, from the rows that have, by what each became."
        )
    if tab.column(found).stype is SType.CATEGORICAL:  # a state its dates moved (a shipment 'shipped' or 'skipped'):
        return None  # the rows without them hold a value and are labelled by it, and the dates are not read
    date, key, view = filled[found], tab.primary_key, f"{tab.name}_{filled[found]}"
    create = dated_rows_view(view, tab.name, key, f"of_{key}", date, (found,))
    return (
        f"The target reads {tab.name}.{found}, filled in when {tab.name}.{date} is set: only rows whose {date} has "
        f"come have a label, so those still waiting are predicted from rows that got theirs, often sooner, and may "
        f"be unlike them in what is asked (a payment still pending is more often late). To ask what happens to them "
        f'next, count the {date}s as events in a window: {create}; then rfm.graph.link("{view}", "of_{key}", '
        f'"{tab.name}") and PREDICT COUNT({view}.*, 0, 30, days) > 0 FOR EACH {tab.name}.{key}.'
    )
