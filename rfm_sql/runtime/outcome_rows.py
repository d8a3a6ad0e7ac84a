"""A warning for a static class target whose examples tell their class by whether a child table has rows for
them: every example of one class has none and nearly every other example has some. Such rows are most likely
written after the outcome (a visit's diagnoses and bills exist only once the patient came), so a row predicted
before its outcome has none either and reads as that class. A clinic trial's no-show per appointment read a
backtest AUROC of 1.000 (its held-out rows have their outcomes' rows too) and gave every appointment still ahead
a no-show probability of 0.72, where 12.7% miss theirs."""

from __future__ import annotations

import numpy as np

from rfm_sql.graph import Graph
from rfm_sql.pql import ast
from rfm_sql.pql.validate import ValidQuery

SHARE = 0.95  # the one class's examples without rows, and the other examples with them, at least
MIN_EXAMPLES = 10  # of the one class and of the rest


def note(vq: ValidQuery, graph: Graph, columns: dict, y: np.ndarray) -> str | None:
    """What a prediction's WARNING says when child tables' rows, or the entity's own columns' values, separate the
    context's classes as above: each class (of MIN_EXAMPLES examples or more) either has them on at least SHARE of
    its examples or lacks them on at least SHARE, and some do and some do not (`columns`: feature name -> the
    context's values; `y`: the context's labels), else None."""
    if not vq.static:
        return None
    labels = np.array([str(v) for v in y], dtype=object)
    classes = [c for c in np.unique(labels) if (labels == c).sum() >= MIN_EXAMPLES]
    if len(classes) < 2:
        return None
    tables, own, without = [], [], set()
    for name, values in columns.items():
        read = name.split(":", 1)[-1]
        if read.endswith(".count_all") and read.count(".") == 1:  # a child table's rows, all history
            some = np.nan_to_num(np.asarray(values, dtype=np.float64), nan=0.0) > 0
            where = tables
            read = read.removesuffix(".count_all").split("[")[0]
        elif read.startswith(f"{vq.entity_table}.") and read.count(".") <= 2:  # a column of the entity's own row
            some = np.array([v is not None and v == v for v in values], dtype=bool)  # v == v: not NaN
            where = own
            read = ".".join(read.split(".")[:2])  # its days ago, its days after another date: the column
        else:
            continue
        shares = {c: some[labels == c].mean() for c in classes}
        lacking = {c for c, share in shares.items() if share <= 1 - SHARE}
        if (
            lacking
            and all(share >= SHARE or c in lacking for c, share in shares.items())
            and len(lacking) < len(classes)
        ):
            where += [read] if read not in where else []
            without |= lacking
    if not tables and not own:
        return None
    which = " or ".join(sorted(without))
    said = []
    if tables:
        said.append(_rows_note(vq, graph, tables, which))
    if own:
        t = vq.entity_table
        fixes = "; ".join(f"rfm.graph.set_stype({t!r}, {c.split('.', 1)[1]!r}, 'id')" for c in own)
        said.append(
            f"Every example labelled {which} has no {', '.join(own)} and nearly every other example has one: such a "
            f"column looks written with the outcome (a return's date), so a row predicted before its outcome has "
            f"none and reads as {which}, and a backtest cannot show it. If so, stop reading it as an input: {fixes} "
            "(an identifier, which no feature reads)."
        )
    return " ".join(said)


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
        f"Every example labelled {which} has no {named} rows and nearly every other example has some: such rows "
        f"look written after the outcome (a visit's diagnoses exist once it happened), so a row predicted before its "
        f"outcome has none and reads as {which}, and a backtest, whose rows have their outcomes' rows, cannot show "
        f"it. If so, {fix}."
    )
