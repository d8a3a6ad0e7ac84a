"""Categories a date of their row moves as it passes: a lease is 'active' until its end_date, then 'ended'. The date
is set when the row is written and lies ahead of the present on the rows still open, so no NULL marks them (as
graph/filled_later.py reads a resolved_at), yet at a past anchor the status reads what came after it: a property
manager trial's move-outs per unit backtested at AUROC 0.79-0.83 where predictions from copies of the database as
it stood read 0.56-0.59, its leases' status the model's strongest input ('active': no move-out), learnt from
today's values.

A category is moved by such a date where, over the rows no other end date has closed (a lease terminated early is
'terminated' whenever its end_date falls), the values it takes on rows whose date has passed the present (by
AHEAD_MARGIN) and on rows whose date lies ahead (as far) are apart in any case or spacing, MIN_ROWS rows each
side, and the passed values each span SPREAD passed dates on average (not a label of the date's own period, a
section's term by its term_end). It is then filled in with that date (`filled_with`): read as NULL where the date
lies after the anchor, its values ahead open states (`open_values`)."""

from __future__ import annotations

from dataclasses import replace

from sqlglot import exp

from rfm_sql.compile.sqlutil import col, count_where, filtered, folded_text, lit, table, time_of
from rfm_sql.graph.ahead import AHEAD_MARGIN
from rfm_sql.graph.model import SType, Table

MIN_ROWS = 10  # rows on each side of the present, at least
SPREAD = 4  # distinct dates passed per value they hold, at least


def marked(con, tab: Table, present) -> Table:
    """`tab` with the categories moved by a passing date filled in with it, as above. `present`: the database's
    (graph/ahead.py)."""
    done = {v for v, _ in tab.filled_with}
    dates = [c.name for c in tab.columns if c.stype is SType.TIMESTAMP and c.name != tab.time_column]
    categories = [c.name for c in tab.columns if c.stype is SType.CATEGORICAL and c.name not in done]
    if present is None or not dates or not categories:
        return tab
    selects, ahead_of = [], {}
    for d in dates:
        others = [e for e in tab.end_columns if e != d]  # a row closed by another end is that end's business
        live = exp.and_(*(col(e).is_(exp.null()) for e in others)) if others else exp.true()
        # passed or ahead by a margin: the present is told from the latest rows, which may trail or lead the day the
        # states were written by days (a lease ending on the data's last day still 'active', its present the next
        # day's upcoming start)
        ahead_of[d] = exp.and_(live.copy(), exp.GT(this=time_of(tab, d), expression=lit(present + AHEAD_MARGIN)))
        passed = exp.and_(live.copy(), exp.LTE(this=time_of(tab, d), expression=lit(present - AHEAD_MARGIN)))
        dated = exp.or_(ahead_of[d].copy(), passed.copy())
        selects += [count_where(ahead_of[d].copy()), count_where(passed.copy())]
        selects.append(filtered(exp.Count(this=exp.Distinct(expressions=[time_of(tab, d)])), passed.copy()))
        for v in categories:
            selects += [_distinct(v, ahead_of[d].copy()), _distinct(v, passed.copy()), _distinct(v, dated.copy())]
    counts = iter(con.execute(exp.select(*selects).from_(table(tab.name)).sql("duckdb")).fetchall()[0])
    found: dict[str, tuple[str, set]] = {}  # category -> (the date that moves it, its open states)
    for d in dates:
        n_ahead, n_passed, passed_dates = next(counts), next(counts), next(counts)
        for v in categories:
            values_ahead, values_passed, values = next(counts), next(counts), next(counts)
            apart = min(values_ahead, values_passed) > 0 and values_ahead + values_passed == values
            # a state's few values each span many dates; a label of the date's own period (a section's term) does not
            spread = passed_dates >= SPREAD * values_passed
            if v in found or not (apart and spread) or min(n_ahead, n_passed) < MIN_ROWS:
                continue
            found[v] = (d, _values(con, tab, v, ahead_of[d]))
    if not found:
        return tab
    filled = tab.filled_with + tuple((v, d) for v, (d, _) in found.items())
    states = tab.open_values + tuple((v, tuple(sorted(s))) for v, (_, s) in found.items())
    return replace(tab, filled_with=filled, open_values=states)


def _values(con, tab: Table, column: str, where: exp.Expression) -> set[str]:
    """The values of `column` on the rows where `where` holds: the open states."""
    select = exp.select(exp.cast(col(column), "VARCHAR")).distinct().from_(table(tab.name)).where(where.copy())
    return {v for (v,) in con.execute(select.sql("duckdb")).fetchall() if v is not None}


def _distinct(column: str, condition: exp.Expression) -> exp.Expression:
    """Distinct values of `column` where `condition` holds, in any case or spacing (filter_values.folded): a card's
    holder_type 'STUDENT' on the old cards only and 'student' on the live ones is one type spelt twice."""
    folded = folded_text(exp.cast(col(column), "VARCHAR"))
    return filtered(exp.Count(this=exp.Distinct(expressions=[folded])), condition)
