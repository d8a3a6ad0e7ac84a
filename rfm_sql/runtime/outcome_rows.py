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
    """What a prediction's WARNING says when child tables' rows separate the context's classes as above: each
    class (of MIN_EXAMPLES examples or more) either has them on at least SHARE of its examples or lacks them on
    at least SHARE, and some do and some do not (`columns`: feature name -> the context's values; `y`: the
    context's labels), else None."""
    if not vq.static:
        return None
    labels = np.array([str(v) for v in y], dtype=object)
    classes = [c for c in np.unique(labels) if (labels == c).sum() >= MIN_EXAMPLES]
    tables, without = [], set()
    for name, values in columns.items():
        child = name.split(":", 1)[-1]
        if not child.endswith(".count_all") or child.count(".") != 1 or len(classes) < 2:
            continue
        some = np.nan_to_num(np.asarray(values, dtype=np.float64), nan=0.0) > 0
        shares = {c: some[labels == c].mean() for c in classes}
        lacking = {c for c, share in shares.items() if share <= 1 - SHARE}
        if (
            lacking
            and all(share >= SHARE or c in lacking for c, share in shares.items())
            and len(lacking) < len(classes)
        ):
            tables.append(child.removesuffix(".count_all").split("[")[0])
            without |= lacking
    if not tables:
        return None
    named, kept = ", ".join(tables), [t for t in graph.tables if t not in tables]
    which = " or ".join(sorted(without))
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
