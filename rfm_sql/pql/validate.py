"""Check a parsed query against the database graph and work out what task it defines.

Every rule of PQL.md is checked here, so the compilers downstream can assume a well-formed query; each
error points at the offending text and says how to fix it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from rfm_sql.errors import GraphError, PQLError, did_you_mean
from rfm_sql.graph import Graph, SType, is_numeric_type, is_text_type, is_time_type
from rfm_sql.pql import ast, windows
from rfm_sql.pql.casing import as_spelled
from rfm_sql.pql.not_numeric import not_numeric_problem, timestamp_target_problem
from rfm_sql.pql.own_links import both_links_problem, own_link_problem, own_table_problem, several_links_problem
from rfm_sql.pql.parent_column import no_column_problem
from rfm_sql.pql.tasks import TaskType
from rfm_sql.pql.timeless import no_time_problem, number_for_time
from rfm_sql.pql.unlinked import keys_elsewhere, not_linked_problem, other_tables_column
from rfm_sql.pql.views import values_table
from rfm_sql.pql.windows import covering_assuming, target_horizon


@dataclass(frozen=True)
class ValidQuery:
    """A query that fits the graph, with what the compilers need resolved."""

    query: ast.Query
    task_type: TaskType
    entity_table: str
    entity_key: str
    fkeys: tuple[tuple[str, str], ...]  # (aggregated table, its column that references the entity table)
    horizon: tuple[int, str] | None  # how far context anchors step back; None for static targets

    @property
    def static(self) -> bool:
        return self.horizon is None

    def fkey(self, table: str) -> str:
        return dict(self.fkeys)[table]

    @property
    def tables(self) -> set[str]:
        """Every table the query names (entity, target, filter, ASSUMING)."""
        q = self.query
        sections = [s for s in (q.target, q.entity_filter, q.assuming) if s is not None]
        return {self.entity_table} | {n.table for s in sections for n in ast.walk(s) if isinstance(n, ast.ColumnRef)}

    @property
    def target_tables(self) -> tuple[str, ...]:
        return tuple(sorted({n.column.table for n in ast.walk(self.query.target) if isinstance(n, ast.Aggregation)}))

    @property
    def assuming_tables(self) -> tuple[str, ...]:
        """The tables ASSUMING's windows aggregate (they pick the examples learned from and scored)."""
        found = ast.walk(self.query.assuming) if self.query.assuming is not None else ()
        return tuple(sorted({n.column.table for n in found if isinstance(n, ast.Aggregation)}))


_ORDER_OPS = ("<", "<=", ">", ">=")
_TEXT_OPS = ("LIKE", "NOT LIKE", "STARTS WITH", "ENDS WITH")


def validate(query: ast.Query, graph: Graph) -> ValidQuery:
    """Raise a PQLError for the first rule `query` breaks; otherwise return the resolved query (its names in
    the graph's spelling: DuckDB's names are not case-sensitive, `pql.casing`)."""
    return _Validator(as_spelled(query, graph), graph).run()


class _Validator:
    def __init__(self, query: ast.Query, graph: Graph):
        self.q, self.graph, self.fkeys = query, graph, {}

    def error(self, message: str, node) -> PQLError:
        span = node.span if node is not None else None
        return PQLError(message, self.q.source, span.start if span else None, span.end if span else None)

    def run(self) -> ValidQuery:
        q = self.q
        entity_table, entity_key = self.check_entity(q.entity)
        self.entity_table = entity_table
        self.check_section(q.target, "target")
        if q.entity_filter is not None:
            self.check_section(q.entity_filter, "filter")
        if q.assuming is not None:
            self.check_section(q.assuming, "assuming")
        if q.entities is not None:
            self.check_entity_values(q.entities)
        task_type = self.task_type(q.target)
        own = target_horizon(q)
        horizon = None if own is None else covering_assuming(q, own)
        return ValidQuery(q, task_type, entity_table, entity_key, tuple(sorted(self.fkeys.items())), horizon)

    # -- entity ----------------------------------------------------------------------------------------
    def check_entity(self, ref: ast.ColumnRef) -> tuple[str, str]:
        table = self.table(ref)
        if ref.is_star:
            raise self.error(f"FOR EACH needs the primary key of {ref.table}, not *.", ref)
        if table.primary_key is None:  # a key of several columns (order, line number) is none either
            keyed = [f"{lk.parent}.{self.graph.table(lk.parent).primary_key}" for lk in self.graph.parents(table.name)]
            instead = f", or predict for a table it references (FOR EACH {keyed[0]})" if keyed else ""
            raise self.error(
                f'Table "{ref.table}" has no primary key (one column that identifies each row; several together '
                "are none), so its rows cannot be predicted one by one. Declare one with "
                f'rfm.graph.set_primary_key("{ref.table}", "<column>"){instead}.',
                ref,
            )
        self.column(ref, key=table.primary_key)
        if ref.column != table.primary_key:
            elsewhere = keys_elsewhere(self.graph, table.name, ref.column)  # another table's ids, unlinked
            raise self.error(
                f'{ref} is not the primary key of "{ref.table}"; predictions are made for each '
                f"{ref.table}.{table.primary_key}. {f'{elsewhere}. Or w' if elsewhere else 'W'}rite FOR EACH "
                f"{ref.table}.{table.primary_key}, or, if no two rows share a value of {ref.column}, make it the key with rfm.graph.set_primary_key("
                f'"{ref.table}", "{ref.column}"). To predict per value of a column many rows share (a platform, a '
                f"country), make a table of its values and link the rows to it: {values_table(ref.table, ref.column)}; then FOR EACH "
                f"{ref.column}_values.{ref.column}.",
                ref,
            )
        return table.name, table.primary_key

    def check_entity_values(self, values) -> None:
        table = self.graph.table(self.entity_table)
        dtype = table.column(table.primary_key).dtype
        for v in values:
            if v is None:
                raise PQLError(
                    "FOR ... IN (...) lists a NULL key; list only existing key values.",
                    self.q.source,
                    self.q.entity.span.start,
                    self.q.entity.span.end,
                )
            if is_numeric_type(dtype) and (isinstance(v, (str, bool, dt.date))):
                raise PQLError(
                    f"{self.entity_table}.{table.primary_key} is a number ({dtype}), but the query lists "
                    f"{v!r}. Write the keys as numbers, e.g. FOR {self.entity_table}.{table.primary_key} "
                    "IN (1, 2, 3).",
                    self.q.source,
                    self.q.entity.span.start,
                    self.q.entity.span.end,
                )
            if is_text_type(dtype) and not isinstance(v, str):
                err = PQLError(
                    f"{self.entity_table}.{table.primary_key} is text, but the query lists {v!r}. Write "
                    "the keys as quoted text, as they are stored.",
                    self.q.source,
                    self.q.entity.span.start,
                    self.q.entity.span.end,
                )
                err.keys_of = self.entity_table  # the session adds some stored keys (runtime.error_hints)
                raise err

    # -- names -----------------------------------------------------------------------------------------
    def table(self, ref: ast.ColumnRef):
        if ref.table not in self.graph.tables:
            raise self.error(
                f'Unknown table "{ref.table}".{did_you_mean(ref.table, self.graph.tables)} '
                f"Tables: {', '.join(sorted(self.graph.tables))}.",
                ref,
            )
        return self.graph.tables[ref.table]

    def column(self, ref: ast.ColumnRef, key: str | None = None):  # key: the primary key the column must be
        table = self.table(ref)
        if ref.is_star:
            return None
        if not table.has_column(ref.column):
            raise self.error(no_column_problem(self.graph, ref.table, ref.column, key), ref)
        return table.column(ref.column)

    # -- sections --------------------------------------------------------------------------------------
    def check_section(self, expr, section: str, agg_table: str | None = None, in_logic: bool = False) -> None:
        """section: target | filter | assuming | target_filter (inside an aggregation). Under AND/OR/NOT every
        operand must be a condition, in the target too (a bare target is a value to predict)."""
        if isinstance(expr, (ast.And, ast.Or)):
            for item in expr.items:
                self.check_section(item, section, agg_table, in_logic=True)
        elif isinstance(expr, ast.Not):
            self.check_section(expr.item, section, agg_table, in_logic=True)
        elif isinstance(expr, ast.Comparison):
            self.check_operand(expr.left, section, agg_table)
            self.check_comparison(expr)
        else:
            self.check_operand(expr, section, agg_table)
            if section != "target" or in_logic:
                self.check_truthy(expr)

    def check_operand(self, node, section: str, agg_table: str | None) -> None:
        if isinstance(node, ast.Aggregation):
            if section == "target_filter":
                raise self.error(
                    "An aggregation cannot appear inside another aggregation's WHERE; filter on "
                    f"the columns of {agg_table} only.",
                    node,
                )
            self.check_aggregation(node, section)
            return
        col = self.column(node)
        if node.is_star:
            raise self.error(f"{node} is only allowed inside COUNT, e.g. COUNT({node}, 0, 30, days).", node)
        if section == "target_filter":
            if node.table != agg_table:
                raise self.error(
                    f"The WHERE inside an aggregation over {agg_table} may only use columns of "
                    f"{agg_table}, not {node}. Move conditions on other tables to the query's "
                    "WHERE or ASSUMING.",
                    node,
                )
            return
        if node.table != self.entity_table:
            raise self.error(other_tables_column(self.graph, self.entity_table, node, section), node)
        if section == "target" and node.column == self.graph.tables[self.entity_table].primary_key:
            raise self.error(f"{node} is the entity's primary key; it cannot be predicted.", node)
        del col

    def check_aggregation(self, agg: ast.Aggregation, section: str) -> None:
        ref, w = agg.column, agg.window
        table = self.table(ref)
        col = self.column(ref)
        if ref.is_star and agg.func != "COUNT":
            raise self.error(
                f"{agg.func}({ref}) is not allowed: * only works with COUNT. Name a column, e.g. "
                f"{agg.func}({ref.table}.<column>, ...).",
                ref,
            )
        numeric = col is None or (is_numeric_type(col.dtype) and col.stype is SType.NUMERICAL)
        if agg.func in ("SUM", "AVG") and not numeric:
            raise self.error(not_numeric_problem(self.graph, agg), ref)
        if table.name == self.entity_table:
            raise self.error(own_table_problem(self.graph, agg.func, table), ref)
        links = self.graph.links_between(table.name, self.entity_table)
        if not links:
            raise self.error(not_linked_problem(self.graph, table.name, self.entity_table, ref.column), ref)
        through_key = not ref.is_star and ref.column in {lk.fkey for lk in links}  # the aggregated column is a link's
        if through_key and agg.func == "COUNT":
            links = [lk for lk in links if lk.fkey == ref.column]  # COUNT(trips.start_station_code): trips from it
        elif through_key:
            if len(links) != 2:
                raise self.error(own_link_problem(agg, table.name, self.entity_table, links), ref)
            # who follows whom: the entity's rows are those of the other link, the value another entity row
            links = [lk for lk in links if lk.fkey != ref.column]
        if len(links) > 1:
            raise self.error(several_links_problem(table.name, self.entity_table, links), ref)
        if table.time_column is None:
            raise self.error(no_time_problem(self.graph, table.name), ref)
        if self.fkeys.get(table.name, links[0].fkey) != links[0].fkey:  # one link per table and query
            raise self.error(both_links_problem(table.name, self.fkeys[table.name], links[0].fkey), ref)
        self.fkeys[table.name] = links[0].fkey
        problem = windows.shape_problem(w, section, table)
        if problem is not None:
            raise self.error(problem, w)
        if section == "target" and (w.start is None or w.start < 0):
            raise self.error(
                "A target looks forward from the anchor: its window needs 0 <= start < end, e.g. "
                f"{agg.func}({ref}, 0, {abs(w.end) or 30}, {w.unit}).",
                w,
            )
        if section == "assuming" and (w.start is None or w.start < 0):
            raise self.error(
                "ASSUMING looks forward from the anchor: its windows need 0 <= start < end. Put "
                "conditions on the past in the WHERE after FOR EACH.",
                w,
            )
        if section == "filter" and w.end > 0:
            raise self.error(
                "The entity filter is evaluated at the anchor with data up to it, so its windows "
                f"must end at or before 0, e.g. ({-(w.end - (w.start or 0))}, 0]. Put conditions on "
                "the future in ASSUMING.",
                w,
            )
        if agg.filter is not None:
            self.check_section(agg.filter, "target_filter", table.name)

    def value_type(self, node) -> str:
        """'numeric' | 'text' | 'time' | 'bool' | 'list' | 'other': what an operand evaluates to."""
        if isinstance(node, ast.Aggregation):
            if node.func in ("COUNT", "COUNT_DISTINCT", "SUM", "AVG"):
                return "numeric"
            if node.func == "LIST_DISTINCT":
                return "list"
            return self.value_type(node.column)  # MIN, MAX, FIRST, LAST keep their column's type
        if node.is_star:
            return "numeric"
        dtype = self.graph.tables[node.table].column(node.column).dtype
        if is_numeric_type(dtype):
            return "numeric"
        if is_text_type(dtype):
            return "text"
        if is_time_type(dtype):
            return "time"
        return "bool" if dtype.upper() == "BOOLEAN" else "other"

    def check_comparison(self, cmp: ast.Comparison) -> None:
        kind = self.value_type(cmp.left)
        if cmp.right is None:
            return
        values = cmp.right.value if isinstance(cmp.right.value, tuple) else (cmp.right.value,)
        if cmp.op in ("IN", "NOT IN") and not isinstance(cmp.right.value, tuple):
            raise self.error(f"{cmp.op} needs a list of values in parentheses, e.g. IN (1, 2).", cmp.right)
        if cmp.op in _TEXT_OPS and kind != "text":
            raise self.error(f"{cmp.op} compares text, but the left side is {kind}. Use = or IN for it.", cmp)
        if cmp.op == "CONTAINS" and kind not in ("text", "list"):
            raise self.error(f"CONTAINS needs text or a LIST_DISTINCT on the left, not {kind}.", cmp)
        if cmp.op in _ORDER_OPS and kind in ("bool", "list"):
            raise self.error(f"{cmp.op} cannot order a {kind} value; use = or !=.", cmp)
        if kind == "list":
            if cmp.op != "CONTAINS" and any(v is not None for v in values):
                raise self.error(
                    f"LIST_DISTINCT is a list of values, which {cmp.op} cannot compare with a value; test for one "
                    "value with CONTAINS, e.g. LIST_DISTINCT(...) CONTAINS 42, or for an empty window with IS NULL.",
                    cmp,
                )
            kind = self.value_type(cmp.left.column)  # CONTAINS looks for one value of the listed column's type
        for v in values:
            if v is None:
                if cmp.op not in ("=", "!=", "IN", "NOT IN"):
                    raise self.error(
                        f"Comparing with NULL using {cmp.op} is always false; write IS NULL or IS NOT NULL.", cmp.right
                    )
                continue
            if kind == "numeric" and isinstance(v, dt.datetime):
                raise self.error(number_for_time(self.graph, cmp.left, v), cmp.right)
            if kind == "numeric" and not isinstance(v, (int, float)) or kind == "numeric" and isinstance(v, bool):
                quoted = isinstance(v, str) and _number(v)  # '300' for 300
                fix = f"drop the quotes: {v.strip()}" if quoted else "compare with a number, e.g. > 0"
                raise self.error(f"The left side is a number, but {v!r} is not; {fix}.", cmp.right)
            if kind == "bool" and not isinstance(v, (bool, int)):  # DuckDB casts 'yes' to TRUE, 'nope' fails
                raise self.error(f"The left side is true or false; compare with TRUE or FALSE, not {v!r}.", cmp.right)
            if kind == "text" and not isinstance(v, str):
                raise self.error(f"The left side is text; quote the value: '{v}'.", cmp.right)
            if kind == "time" and not isinstance(v, dt.datetime):
                raise self.error(
                    f"The left side is a timestamp; compare with a date such as 2024-01-01, not {v!r}.", cmp.right
                )

    def check_truthy(self, node) -> None:
        if self.value_type(node) != "bool":
            raise self.error(
                f"{_describe(node)} is not a condition; compare it with a value, e.g. {_describe(node)} > 0.", node
            )

    # -- task type -------------------------------------------------------------------------------------
    def task_type(self, target) -> TaskType:
        task = self.q.task
        if isinstance(target, ast.Comparison | ast.And | ast.Or | ast.Not) or (
            isinstance(target, ast.ColumnRef) and self.value_type(target) == "bool"
        ):
            if task is not None:
                raise self.error(
                    "A condition is a binary target; RANK TOP, CLASSIFY and FORECAST do not apply. Remove it.", task
                )
            return TaskType.BINARY
        if isinstance(target, ast.ColumnRef):
            if isinstance(task, ast.Classify):
                return TaskType.MULTICLASS
            if task is not None:
                raise self.error("RANK TOP and FORECAST need an aggregation target over a window.", task)
            kind = self.value_type(target)
            if kind == "time":
                raise self.error(
                    f"{target} is a timestamp; predicting timestamps is not supported. Predict "
                    "a duration or a count instead.",
                    target,
                )
            col = self.graph.tables[target.table].column(target.column)
            if kind == "numeric" and col.stype is SType.NUMERICAL:
                return TaskType.REGRESSION
            return TaskType.MULTICLASS
        agg: ast.Aggregation = target
        if agg.func == "LIST_DISTINCT":
            if isinstance(task, ast.Rank):
                parents = [lk for lk in self.graph.parents(agg.column.table) if lk.fkey == agg.column.column]
                if not parents:
                    raise self.error(
                        f"RANK TOP ranks linked rows, so LIST_DISTINCT needs a foreign key column; "
                        f"{agg.column} is not one. Link it with rfm.graph.link(...) or use "
                        "CLASSIFY.",
                        agg.column,
                    )
                return TaskType.LINK_PREDICTION
            if isinstance(task, ast.Classify):
                return TaskType.MULTILABEL
            raise self.error(
                "LIST_DISTINCT predicts a set: add RANK TOP k (rank linked rows) or CLASSIFY (one label per value).",
                agg,
            )
        if isinstance(task, ast.Rank):
            raise self.error(
                "RANK TOP k needs a LIST_DISTINCT target, e.g. "
                f"LIST_DISTINCT({agg.column.table}.<fk>, 0, 7, days) RANK TOP 10.",
                task,
            )
        if isinstance(task, ast.Forecast):
            if self.value_type(agg) != "numeric":
                raise self.error("FORECAST needs a numeric target.", agg)
            return TaskType.FORECASTING
        if agg_func_is_count(agg.func) or agg.func in ("SUM", "AVG"):
            if isinstance(task, ast.Classify):
                raise self.error(
                    f"CLASSIFY does not apply to {agg.func}; predict it as a number or compare it, "
                    f"e.g. {agg.func}(...) > 0.",
                    task,
                )
            return TaskType.REGRESSION
        stype = self.graph.tables[agg.column.table].column(agg.column.column).stype
        if stype is SType.TIMESTAMP:
            raise self.error(timestamp_target_problem(self.graph, agg), agg)
        if stype is SType.NUMERICAL and not isinstance(task, ast.Classify):
            return TaskType.REGRESSION
        return TaskType.MULTICLASS


def agg_func_is_count(func: str) -> bool:
    return func in ("COUNT", "COUNT_DISTINCT")


def _describe(node) -> str:
    if isinstance(node, ast.Aggregation):
        return f"{node.func}({node.column}, ...)"
    return str(node)


def check_graph_ready(graph: Graph) -> None:
    if not graph.tables:
        raise GraphError(
            "The database has no tables or views in its current schema. Create or load some first "
            "(e.g. rfm_sql.load_folder(con, path))."
        )


def _number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True
