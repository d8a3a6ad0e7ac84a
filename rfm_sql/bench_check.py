"""Whether a bench's --query is the task's: its own labels at the task table's anchors against the table's. A
query that differs (another window, a flipped condition) is scored against labels it does not define, which
reads as a plausible but meaningless number, so the bench warns."""

from __future__ import annotations

import math
import warnings

from rfm_sql.compile.sqlutil import ANCHOR, ENTITY, TARGET
from rfm_sql.errors import RFMWarning, UserError
from rfm_sql.pql.tasks import TaskType
from rfm_sql.runtime.task_table import normalise_task_table

AGREEMENT = 0.95  # below this share of the rows both label, the query is not the task's


def check_query_matches(rfm, query: str, task_table) -> float | None:
    """The share of task-table rows whose label the query's own labels equal (None: nothing to compare), with
    an RFMWarning when it is below AGREEMENT."""
    vq = rfm.resolve(query)
    if vq.task_type is TaskType.FORECASTING:  # per-step labels: compared by bench_forecast's own rows
        return None
    try:
        table = normalise_task_table(task_table, vq, rfm.graph)
    except UserError:
        return None  # evaluate says what is wrong with the table
    if TARGET not in table.column_names:
        return None
    anchors = sorted(set(table.column(ANCHOR).to_pylist()))
    own = rfm.labels(query, anchor_time=anchors)
    ours = {(e, a): y for e, a, y in _rows(own)}
    pairs = [(label, ours.get((e, a))) for e, a, label in _rows(table) if label is not None]
    if not pairs:
        return None
    same = sum(_same(a, b) for a, b in pairs) / len(pairs)
    if same < AGREEMENT:
        warnings.warn(
            f"The query's own labels equal the task table's on {same:.0%} of its {len(pairs)} labelled rows: the "
            "query is probably not the task's (another window, filter or condition). rfm and the baselines are "
            "scored against the task table's labels; check --query.",
            RFMWarning,
            stacklevel=2,
        )
    return same


def _rows(table):
    return zip(*(table.column(c).to_pylist() for c in (ENTITY, ANCHOR, TARGET)), strict=True)


def _same(a, b) -> bool:
    if b is None:
        return False
    if isinstance(a, list) or isinstance(b, list):
        return set(map(str, a or [])) == set(map(str, b or []))
    if isinstance(a, bool) or isinstance(b, bool):
        return bool(a) == bool(b)
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return math.isclose(a, b, rel_tol=1e-6, abs_tol=1e-9)
    return str(a) == str(b)
