"""Point-in-time features for (entity, anchor) pairs, in one SQL statement.

For a seed relation of (ENTITY, ANCHOR_TIMESTAMP) pairs the statement computes, reading only rows with time <=
anchor (and a column filled in with a later date of its row only where that date is too: compile.filled_later):
- the entity's own columns, and the columns of the rows it references (parents);
- per table that references the entity (children) and per window (h, 3h, 12h, all time; h = the target
  horizon): row counts, days since the first and last row, mean/max/last of numeric columns, and the latest row's
  categories (compile.child_categories);
- per child table whose rows end (its end columns): the rows live at the anchor (compile.live_rows);
- two hops: the mean of numeric columns of the rows those children reference (e.g. the price of the
  items a user ordered), and for a static target their most frequent categories (compile.two_hop_categories);
- lagged targets: the query's own target at anchor - h, - 2h, - 3h, their mean, and the mean over 12 horizons
  back (the entity's long-run level: its usual rate of a rare outcome);
- peers: the target's aggregation over all rows of the other parents the entity's target rows reference
  (the orders of the items a user ordered, by everyone; a player's team-mates' games through their team),
  those parents' rows per entity and the means of the target table's numeric columns over them, in the last 3h.
Semantic types decide what is computed; nothing here names a particular database.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from sqlglot import exp

from rfm_sql.compile import (
    child_categories,
    child_spans,
    date_values,
    entity_asof,
    feature_families,
    live_rows,
    row_gaps,
    two_hop_categories,
)
from rfm_sql.compile import labels as label_compiler
from rfm_sql.compile.filled_later import filling_dates, masked
from rfm_sql.compile.forecast import YEAR_LAG, lag_a_year_back, year_back
from rfm_sql.compile.sqlutil import (
    ANCHOR,
    ENTITY,
    as_double,
    child_label,
    col,
    days_between,
    filtered,
    latest_order,
    same_pair,
    shift,
    table,
    time_of,
)
from rfm_sql.graph import Graph, SType
from rfm_sql.graph.ahead import rewritten
from rfm_sql.graph.cleared_keys import without_cleared_links
from rfm_sql.pql import ast
from rfm_sql.pql.tasks import TaskType
from rfm_sql.pql.validate import ValidQuery

MAX_NUMERIC_PER_TABLE = 8
LAGS = 3
LAG_MEAN = "target_lag_mean"  # the mean of the lagged targets: the entity's recent level of the target
LONG_LAGS = 12  # the entity's long-run level of the target: the mean of its targets at anchor - h, ..., - 12h
LONG_LAG_MEAN = "target_lag_mean_long"
STATIC_HORIZON = (30, "days")
YEAR_AGO = "target_year_ago"  # a forecast step's target a year before: `{YEAR_AGO}_step{i}` per step


@dataclass(frozen=True)
class Feature:
    name: str
    kind: str  # "numeric" | "categorical"
    table: str = ""  # the table whose column the feature reads (explanations group features by table and column)
    column: str = ""  # that column: "*" for row counts, "TARGET" for the query's own past target
    via: str = ""  # the path from the entity to that table ("orders.item_id" for a two-hop feature), if any


def row_columns(features: list[Feature]) -> frozenset[str]:
    """The features that read a column of a row the entity has (its own or a parent's, `column_feature`), not an
    aggregate over many rows: whether such a value is there at all can say what its value does not (a lot with no
    reserve price), where an aggregate's missing value only repeats that no row was there."""

    def row(f: Feature) -> str:
        return f"{f.via}->{f.table}.{f.column}" if f.via else f"{f.table}.{f.column}"

    return frozenset(f.name for f in features if f.name.split(":", 1)[-1] in (row(f), f"{row(f)}.days_ago"))


class _Builder:
    def __init__(
        self, vq: ValidQuery, graph: Graph, seed_name: str, season: bool = False, year_ago: tuple[ValidQuery, ...] = ()
    ):
        self.vq, self.seed, self.season, self.year_ago_steps = vq, seed_name, season, year_ago
        self.graph = without_cleared_links(graph)  # a key that holds today's state links nothing (graph/cleared_keys)
        self.static_unread = static_unread(vq, graph.table(vq.entity_table))  # of the entity's own row
        self.week_steps: tuple[tuple[str, ValidQuery], ...] = ()  # (suffix, step query): compile.week_cycle
        self.forecast_steps: tuple[ValidQuery, ...] = ()  # a forecast's step queries (compile.scheduled)
        self.horizon = vq.horizon or STATIC_HORIZON
        self.features: list[Feature] = []
        self.columns: list[exp.Expression] = []
        self.joins: list[tuple[exp.Expression, exp.Expression]] = []
        self.ctes: list[tuple[str, exp.Expression]] = []
        self.anchor = col(ANCHOR, "s")

    def cte_name(self, base: str) -> str:
        """A CTE name no table of the database has (a CTE would shadow it inside the query)."""
        name, i = base, 0
        while name in self.graph.tables:
            i += 1
            name = f"{base}_{i}"
        return name

    def add(
        self, name: str, kind: str, expression: exp.Expression, source: tuple[str, str, str] = ("", "", "")
    ) -> None:
        name = f"f{len(self.features)}:{name}"
        self.features.append(Feature(name, kind, *source))
        self.columns.append(expression.as_(name, quoted=True))

    def column_feature(self, prefix: str, tab, c, alias: str, valid: exp.Expression | None = None) -> None:
        """One column of a row the entity has (its own row or a parent's)."""
        value = col(c.name, alias)
        if c.stype is SType.NUMERICAL:
            kind, expr = "numeric", as_double(value)
        elif c.stype is SType.CATEGORICAL:
            kind, expr = "categorical", exp.cast(value, "VARCHAR")
        elif c.stype is SType.TIMESTAMP and rewritten(tab, c.name):
            return  # today's state (last_active_at): at a past anchor it tells what came after it
        elif c.stype is SType.TIMESTAMP:
            kind, expr = "numeric", date_values.days_before(self, prefix, tab, c, alias, valid)
        else:
            return
        if valid is not None:
            expr = exp.Case(ifs=[exp.If(this=valid, true=expr)], default=exp.null())
        suffix = ".days_ago" if c.stype is SType.TIMESTAMP else ""
        self.add(f"{prefix}{tab.name}.{c.name}{suffix}", kind, expr, (tab.name, c.name, prefix.removesuffix("->")))

    # -- the entity and its parents --------------------------------------------------------------------
    def entity(self) -> None:
        tab = self.graph.table(self.vq.entity_table)
        target = self.static_unread
        for c in tab.columns:
            if c.name not in target | {tab.primary_key}:
                self.column_feature("", tab, c, "e")
        for i, link in enumerate(self.graph.parents(tab.name)):
            if link.fkey in target:  # nor through the row it references: `customers.region` by regions.name
                continue
            parent = self.graph.table(link.parent)
            alias = f"p{i}"
            on = exp.EQ(this=col(parent.primary_key, alias), expression=col(link.fkey, "e"))
            self.joins.append((table(parent.name, alias), on))
            valid = None
            if parent.time_column:  # a parent row that did not exist yet at the anchor is not seen; one written ahead
                born = parent.written_by or parent.time_column  # of its time exists from its writing (a cohort)
                valid = exp.LTE(this=time_of(parent, born, alias), expression=self.anchor)
            for c in parent.columns:
                if c.name != parent.primary_key:
                    self.column_feature(f"{link.fkey}->", parent, c, alias, valid)

    # -- children, one CTE each ------------------------------------------------------------------------
    def windows(self) -> list[tuple[str, exp.Expression | None]]:
        amount, unit = self.horizon
        return [(f"{k * amount}{unit[0]}", shift(col(ANCHOR, "s"), -k * amount, unit)) for k in (1, 3, 12)] + [
            ("all", None)
        ]

    def children(self) -> None:
        for i, link in enumerate(self.graph.children(self.vq.entity_table)):
            child = self.graph.table(link.child)
            if child.time_column is None or link.child == self.vq.entity_table:
                continue
            self.child(self.cte_name(f"rfm_child{i}"), link, child)

    def child(self, name: str, link, child) -> None:
        t = time_of(child, child.time_column, "f")
        who = child_label(self.graph, self.vq.entity_table, link)
        selects = [col(ENTITY, "s"), col(ANCHOR, "s")]
        # (column alias, feature name, zero when no rows, source, "numeric" or "categorical")
        outputs: list[tuple[str, str, bool, tuple, str]] = []

        def agg(alias: str, feature: str, expression: exp.Expression, zero=False, source=None, kind="numeric") -> None:
            selects.append(expression.as_(alias, quoted=True))
            outputs.append((alias, feature, zero, source or (child.name, "*", link.fkey), kind))

        windows = self.windows()
        for w, (label, start) in enumerate(windows):
            in_window = exp.GT(this=t, expression=start) if start is not None else None
            count = exp.Count(this=exp.Star())
            agg(f"n{w}", f"{who}.count_{label}", filtered(count, in_window), zero=True)
        when = (child.name, child.time_column, link.fkey)
        agg("last", f"{who}.days_since_last", days_between(exp.Max(this=t), col(ANCHOR, "s")), source=when)
        agg("first", f"{who}.days_since_first", days_between(exp.Min(this=t), col(ANCHOR, "s")), source=when)
        numeric = [c for c in child.columns if c.stype is SType.NUMERICAL][:MAX_NUMERIC_PER_TABLE]
        for j, c in enumerate(numeric):
            x = as_double(col(c.name, "f"))
            # the latest row, ties broken by the key, or without one by the value itself: by the time alone, a
            # product's stock at one date (a snapshot per store) was any store's, from run to run
            order = latest_order(t, col(child.primary_key, "f") if child.primary_key else x.copy())
            for w in (0, 1):
                label, start = windows[w]
                agg(
                    f"m{j}_{w}",
                    f"{who}.{c.name}.mean_{label}",
                    filtered(exp.Avg(this=x), exp.GT(this=t, expression=start)),
                    source=(child.name, c.name, link.fkey),
                )
            here = (child.name, c.name, link.fkey)
            agg(f"m{j}_all", f"{who}.{c.name}.mean_all", exp.Avg(this=x), source=here)
            agg(f"x{j}", f"{who}.{c.name}.max_all", exp.Max(this=x), source=here)
            last = exp.ArgMax(this=x, expression=order)
            agg(f"l{j}", f"{who}.{c.name}.last", filtered(last, exp.not_(x.is_(exp.null()))), source=here)
        if child.primary_key:  # the latest row's categories (without a key its ties have no order)
            child_categories.add(child, link, agg, who, latest_order(t, col(child.primary_key, "f")))
        if child.end_columns:  # rows that end (subscriptions, policies): how many are live at the anchor
            live_rows.add(child, link, numeric, agg, who)
        child_spans.add(child, link, agg, who)  # days between each row's dates, rows with one not known yet
        row_gaps.add(self.vq, child, link, agg, who, t)  # the target's rows: their mean gap, how overdue the next is
        # two hops: numeric columns of the rows the child references (other than the entity itself)
        joins = []
        for k, up in enumerate(self.graph.parents(child.name)):
            if up.parent == self.vq.entity_table:
                continue
            parent = self.graph.table(up.parent)
            cols = [c for c in parent.columns if c.stype is SType.NUMERICAL][:4]
            if self.vq.static:  # and, for a static target, their categories (compile.two_hop_categories)
                two_hop_categories.add(self, child, link, up, parent, who)
            if not cols:
                continue
            alias = f"g{k}"
            on = exp.EQ(this=col(parent.primary_key, alias), expression=col(up.fkey, "f"))
            joins.append(
                (table(parent.name, alias), exp.and_(on, label_compiler.created_by(parent, col(ANCHOR, "s"), alias)))
            )
            for j, c in enumerate(cols):
                x = as_double(col(c.name, alias))
                agg(
                    f"h{k}_{j}",
                    f"{who}.{up.fkey}->{parent.name}.{c.name}.mean_all",
                    exp.Avg(this=x),
                    source=(parent.name, c.name, f"{child.name}.{up.fkey}"),
                )

        on = exp.and_(
            exp.EQ(this=col(link.fkey, "f"), expression=col(ENTITY, "s")), exp.LTE(this=t, expression=col(ANCHOR, "s"))
        )
        query = exp.select(*selects).from_(exp.to_table(self.seed).as_("s")).join(table(child.name, "f"), on=on)
        for target, cond in joins:
            query = query.join(target, on=cond, join_type="left")
        query = query.group_by(col(ENTITY, "s"), col(ANCHOR, "s"))
        self.ctes.append((name, query))
        self.joins.append((exp.to_table(name), same_pair(name)))
        for alias, feature, zero, source, kind in outputs:
            value = col(alias, name)
            self.add(feature, kind, exp.func("COALESCE", value, exp.Literal.number(0)) if zero else value, source)

    # -- lagged targets --------------------------------------------------------------------------------
    def lags(self) -> None:
        vq = self.vq
        if vq.static or vq.task_type not in (TaskType.BINARY, TaskType.REGRESSION, TaskType.MULTICLASS):
            return
        amount, unit = vq.horizon
        values = []
        source = (", ".join(vq.target_tables) or vq.entity_table, "TARGET", "")
        multiclass = vq.task_type is TaskType.MULTICLASS  # a class has no mean: its last 3 classes only
        begun = self.begun
        for k in range(1, (LAGS if multiclass else LONG_LAGS) + 1):
            name = self.cte_name(f"rfm_lag{k}")
            rows = label_compiler.label_rows(vq, self.graph, label_compiler.lag_seed(self.seed, k * amount, unit))
            self.ctes.append((name, rows))
            on = exp.and_(
                exp.EQ(this=col(ENTITY, name), expression=col(ENTITY, "s")),
                exp.EQ(this=col(ANCHOR, name), expression=shift(col(ANCHOR, "s"), -k * amount, unit)),
            )
            self.joins.append((exp.to_table(name), on))
            # the window as it was, whether or not ASSUMING held after it: a wholesaler's orders in 14 days assuming
            # a rep's visit read last fortnight's orders only where a visit followed, so most lags (and baselines
            # from them, 0 where missing) were lost: last_value MAE 1.85 where the orders themselves gave 0.90
            known = col("ENTITY_EXISTS", name)
            if begun is not None:  # a window before the target's table has rows is unknown, not empty
                known = exp.and_(known, begun(shift(col(ANCHOR, "s"), -k * amount, unit)))
            target = col("TARGET", name)
            if multiclass:
                self.add(f"target_lag{k}", "categorical", _when(known, exp.cast(target, "VARCHAR")), source)
                continue
            values.append(_when(known, as_double(target)))
            if k <= LAGS:
                self.add(f"target_lag{k}", "numeric", values[-1], source)
        if values:
            self.mean_of(LAG_MEAN, values[:LAGS], source)
            self.mean_of(LONG_LAG_MEAN, values, source)
        if (k := lag_a_year_back(vq.horizon)) and LAGS < k <= len(values) and vq.task_type is TaskType.REGRESSION:
            self.add(YEAR_LAG, "numeric", values[k - 1], source)  # a yearly order (binary targets: worse on trials)

    def year_ago(self) -> None:
        """A forecast's steps, each over its window a year before the anchor (runtime.forecast gives each
        (example, step) row its own step's): a season as this entity lived it last year, in every step, where
        the anchor's own time of year says nothing of a later step's. Unknown where the entity did not exist
        then or the data had not begun."""
        if not self.year_ago_steps:  # year_back reads a forecast's window
            return
        amount, unit = year_back(self.vq)
        for i, one in enumerate(self.year_ago_steps, start=1):
            source = (", ".join(one.target_tables) or one.entity_table, "TARGET", "")
            value = self.target_back(one, amount, unit, f"rfm_year_ago{i}")
            self.add(f"{YEAR_AGO}_step{i}", "numeric", value, source)

    def target_back(self, one: ValidQuery, amount: int, unit: str, base: str) -> exp.Expression:
        """The target of the one-step query `one` at the anchor less `amount` `unit`, as a column of a joined CTE
        (named from `base`); NULL where the entity did not exist then or the data had not begun (the year-ago
        steps, compile.week_cycle's weeks back)."""
        name = self.cte_name(base)
        then = shift(col(ANCHOR, "s"), -amount, unit)
        self.ctes.append(
            (name, label_compiler.label_rows(one, self.graph, label_compiler.lag_seed(self.seed, amount, unit)))
        )
        on = exp.and_(
            exp.EQ(this=col(ENTITY, name), expression=col(ENTITY, "s")),
            exp.EQ(this=col(ANCHOR, name), expression=then.copy()),
        )
        self.joins.append((exp.to_table(name), on))
        known = col("ENTITY_EXISTS", name)
        if self.begun is not None:
            known = exp.and_(known, self.begun(then.copy()))
        return _when(known, as_double(col("TARGET", name)))

    def entity_row(self, alias: str = "e") -> tuple[exp.Expression, exp.Expression]:
        """The entity's row (`alias`) and its join to the seed pairs: its table, or where a child table logs its
        changes its rows as of each anchor (compile.entity_asof), a CTE made once however many parts read it."""
        tab = self.graph.table(self.vq.entity_table)
        if not entity_asof.logged(self.graph, tab):
            return entity_asof.join(self.graph, tab, self.seed, alias)
        return exp.to_table(self.entity_as_of).as_(alias), entity_asof.on(tab, alias)

    @cached_property
    def entity_as_of(self) -> str:
        name = self.cte_name("rfm_entity_asof")
        self.ctes.append((name, entity_asof.rows_at(self.graph, self.graph.table(self.vq.entity_table), self.seed)))
        return name

    @cached_property
    def begun(self):
        """`data_begun`'s condition, its one-row CTE made once however many features read it."""
        return self.data_begun(self.vq)

    def data_begun(self, vq: ValidQuery):
        """A condition on a lag's anchor: it is no earlier than the first row of the tables the target reads
        (the earliest of them: a table that began later just had no rows yet). Without it, the windows of a lag
        before the data began read as 0, or as "churned". The first row's time is read over the whole table:
        where it lies after the anchor no lag is known either way."""
        timed = [self.graph.table(n) for n in vq.target_tables if self.graph.table(n).time_column is not None]
        if not timed:
            return None
        name = self.cte_name("rfm_data_start")  # one row, read once: not a scan of each table per lag
        firsts = [
            exp.select(exp.Min(this=time_of(tab, tab.time_column, "f"))).from_(table(tab.name, "f")).subquery()
            for tab in timed
        ]
        self.ctes.append((name, exp.select(*(f.as_(f"first{i}", quoted=True) for i, f in enumerate(firsts)))))
        self.joins.append((exp.to_table(name), exp.true()))
        return lambda anchor: exp.or_(
            *(exp.GTE(this=anchor.copy(), expression=col(f"first{i}", name)) for i in range(len(firsts)))
        )

    def mean_of(self, name: str, values: list[exp.Expression], source: tuple[str, str, str]) -> None:
        """The mean of the lagged targets that are known (NULL where none is)."""
        sums = [exp.func("COALESCE", v.copy(), exp.Literal.number(0)) for v in values]
        counts = [
            exp.Case(
                ifs=[exp.If(this=exp.not_(v.copy().is_(exp.null())), true=exp.Literal.number(1))],
                default=exp.Literal.number(0),
            )
            for v in values
        ]
        mean = exp.Div(this=_sum(sums), expression=exp.func("NULLIF", _sum(counts), exp.Literal.number(0)))
        self.add(name, "numeric", mean, source)

    def build(self) -> exp.Select:
        self.entity()
        self.children()
        self.lags()
        self.year_ago()
        feature_families.add(self)
        select = exp.select(col(ENTITY, "s"), col(ANCHOR, "s"), *self.columns).from_(exp.to_table(self.seed).as_("s"))
        select = select.join(*self.entity_row(), join_type="left")
        for target, on in self.joins:
            select = select.join(target, on=on, join_type="left")
        ctes = sorted(self.ctes, key=lambda c: c[0] != self.seed)  # the seed first: the others read it
        for name, query in ctes:
            # copy=False: with_ would copy the whole statement (every CTE so far) at each call: quadratic
            select = select.with_(name, as_=query.copy(), copy=False)
        return select.order_by(col(ANCHOR, "s"), col(ENTITY, "s"))


def static_unread(vq: ValidQuery, tab) -> set[str]:
    """The columns of the entity's row `tab` a static target never reads as inputs: its own (`users.age`, each
    column of `users.age > 40`), and what is written with its answer, the columns filled in with the same date and
    the date (a claim's paid_amount and adjudicated_at beside its status: graph/filled_later), or with the date it
    reads (an invoice's status, filled with the paid_at of `invoices.paid_at IS NULL`). Empty otherwise."""
    if not vq.static:
        return set()
    read = {n.column for n in ast.walk(vq.query.target) if isinstance(n, ast.ColumnRef) and n.table == tab.name}
    dates = filling_dates(tab, read) | read
    return dates | {c for c, d in tab.filled_with if d in dates}


def _when(condition: exp.Expression, value: exp.Expression) -> exp.Expression:
    return exp.Case(ifs=[exp.If(this=condition, true=value)], default=exp.null())


def _sum(items: list[exp.Expression]) -> exp.Expression:
    total = items[0]
    for item in items[1:]:
        total = exp.Add(this=total, expression=item)
    return exp.Paren(this=total)


def feature_sql(
    vq: ValidQuery,
    graph: Graph,
    seed_name: str,
    seed: exp.Query | None = None,
    season: bool = False,
    year_ago: tuple[ValidQuery, ...] = (),
    week: tuple[tuple[str, ValidQuery], ...] = (),
    steps: tuple[ValidQuery, ...] = (),
) -> tuple[exp.Select, list[Feature]]:
    """The features of every (ENTITY, ANCHOR_TIMESTAMP) pair in the relation `seed_name` (or, when `seed` is
    given, of the pairs that query returns, bound to that name in a CTE); `season`: with the time of year;
    `year_ago`: a forecast's step queries, each with its target a year before (`_Builder.year_ago`); `week`:
    (suffix, one-step query) pairs read a week back and over four (`compile.week_cycle`); `steps`: every step's
    query of a forecast (`compile.scheduled`)."""
    builder = _Builder(vq, graph, seed_name, season, year_ago)
    builder.week_steps, builder.forecast_steps = week, steps
    if seed is not None:
        builder.ctes.append((seed_name, seed))
    return masked(builder.build(), graph), builder.features
