"""Numbers a child table reads off its parent's row as they go: an item's hours_meter, copied onto each of its service
records as hours_at_service; a vehicle's odometer onto each fuel stop. The parent's row holds today's reading, which
at a past anchor tells how much the row was used after it: a tool-rental trial's scheduled services per item
backtested at AUROC 0.75/0.68/0.79 reading it, where predictions on copies of the database as it stood read
0.73/0.67/0.77 (0.72/0.65/0.77 backtested without it).

A child table C (dated, linked to the parent's table P) reads P's number x where a number y of C rises along each
parent's rows (over MIN_PAIRS consecutive pairs at least: never falls on STEADY of them, rises on RISING of them: a
copy of a fixed size is no reading), never exceeds x (on STEADY of C's rows with both), and its latest value per
parent follows x (a correlation of FIT at least, over MIN_PARENTS parents), and its values are levels, not parts: over
the parents with several readings, they sum to more than x (a contract's payments, a deposit then a larger balance,
rise too, and add up to its amount_paid, which graph/running.py rewinds). Such a column is logged by C
(`Table.logged_in`, as change_logs.py marks a log of changes) with y as its reading: at an anchor it reads as the last
reading taken by then, or as missing before the first (compile.entity_asof), never as today's. Inferred from the data
at each attach."""

from __future__ import annotations

from sqlglot import exp

from rfm_sql.compile.sqlutil import col, table, time_of

READING = "<reading>"  # a `logged_in` entry's `after` where its `before` is a reading of the column (`reading`)
MIN_PAIRS, MIN_PARENTS = 50, 20
STEADY, RISING, FIT = 0.99, 0.5, 0.9
OVER, OVERS = 1.2, 0.8  # of the parents with several readings, OVERS whose readings sum to over OVER times the number
MAX_NUMBERS = 8  # of the child's numbers tried


def reading(entry: tuple) -> bool:
    """Whether a `Table.logged_in` entry is a meter's readings (`found`) rather than a log of changes."""
    return entry[4] == READING


def found(con, tab, columns: list[str], log, fkey: str) -> list[tuple[str, str]]:
    """[(column of `tab`, the number of `log` that reads it)] of `tab`'s numeric `columns` (as above)."""
    numbers = [c.name for c in log.columns if c.stype.value == "numerical" and c.name != fkey][:MAX_NUMBERS]
    if not columns or not numbers or log.time_column is None or tab.primary_key is None:
        return []
    out: dict[str, str] = {}
    for y in _rising(con, log, fkey, numbers):
        at = time_of(log, log.time_column, "c")
        latest = (
            exp.select(
                col(fkey, "c").as_("k"),
                exp.ArgMax(this=col(y, "c"), expression=at).as_("y"),
                exp.Sum(this=_number(y, "c")).as_("s"),
                exp.Count(this=col(y, "c")).as_("m"),
            )
            .from_(table(log.name, "c"))
            .where(exp.not_(col(y, "c").is_(exp.null())))
            .group_by(col(fkey, "c"))
        )
        fit = exp.select(
            *[
                f
                for x in columns
                for f in (
                    exp.func("CORR", _number(x, "p"), col("y", "l")),
                    exp.Count(this=_number(x, "p")),
                    exp.func("COUNT_IF", exp.GTE(this=col("m", "l"), expression=exp.Literal.number(2))),
                    exp.func(
                        "COUNT_IF",
                        exp.and_(
                            exp.GTE(this=col("m", "l"), expression=exp.Literal.number(2)),
                            exp.GT(
                                this=col("s", "l"),
                                expression=exp.Mul(this=_number(x, "p"), expression=exp.Literal.number(OVER)),
                            ),
                        ),
                    ),
                )
            ]
        ).from_(table(tab.name, "p"))
        fit = fit.join(latest.subquery("l"), on=exp.EQ(this=col("k", "l"), expression=col(tab.primary_key, "p")))
        fits = con.execute(fit.sql("duckdb")).fetchall()[0]
        counts = []
        for x in columns:
            both = exp.and_(exp.not_(col(y, "c").is_(exp.null())), exp.not_(col(x, "p").is_(exp.null())))
            counts += [
                exp.func("COUNT_IF", both),
                exp.func("COUNT_IF", exp.LTE(this=_number(y, "c"), expression=_number(x, "p"))),
            ]
        under = exp.select(*counts).from_(table(log.name, "c"))
        under = under.join(table(tab.name, "p"), on=exp.EQ(this=col(fkey, "c"), expression=col(tab.primary_key, "p")))
        held = con.execute(under.sql("duckdb")).fetchall()[0]
        for i, x in enumerate(columns):
            corr, parents, several, over = fits[4 * i : 4 * i + 4]
            n, k = held[2 * i : 2 * i + 2]
            # readings add up to more than the meter (parts, a deposit and a balance, add up to it: graph/running.py)
            levels = several and over >= OVERS * several
            if parents >= MIN_PARENTS and corr is not None and corr >= FIT and n and k >= STEADY * n and levels:
                out.setdefault(x, y)
    return list(out.items())


def _number(name: str, alias: str) -> exp.Expression:
    return exp.cast(col(name, alias), "DOUBLE")


def _rising(con, log, fkey: str, numbers: list[str]) -> list[str]:
    """The numbers of `log` that rise along each parent's rows (MIN_PAIRS, STEADY, RISING)."""
    by_time = exp.Order(expressions=[exp.Ordered(this=time_of(log, log.time_column))])

    def before(y: str) -> exp.Expression:  # the parent's previous row's value
        return exp.Window(
            this=exp.Anonymous(this="LAG", expressions=[col(y)]), partition_by=[col(fkey)], order=by_time.copy()
        )

    rows = exp.select(
        *[col(y).as_(f"y{i}") for i, y in enumerate(numbers)], *[before(y).as_(f"p{i}") for i, y in enumerate(numbers)]
    ).from_(table(log.name))
    parts = []
    for i in range(len(numbers)):
        y, p = col(f"y{i}"), col(f"p{i}")
        pair = exp.and_(exp.not_(y.is_(exp.null())), exp.not_(p.is_(exp.null())))
        parts += [
            exp.func("COUNT_IF", pair),
            exp.func("COUNT_IF", exp.and_(pair.copy(), exp.GTE(this=y.copy(), expression=p.copy()))),
            exp.func("COUNT_IF", exp.and_(pair.copy(), exp.GT(this=y.copy(), expression=p.copy()))),
        ]
    counts = con.execute(exp.select(*parts).from_(rows.subquery("r")).sql("duckdb")).fetchall()[0]
    return [
        y
        for y, n, steady, rises in zip(numbers, counts[::3], counts[1::3], counts[2::3], strict=True)
        if (n or 0) >= MIN_PAIRS and steady >= STEADY * n and rises >= RISING * n  # n: NULL over no rows
    ]
