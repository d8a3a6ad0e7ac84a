"""`rfm-sql mcp DB`: a Model Context Protocol server (stdio) that lets an agent predict on a database.

Tools: `graph` (read and fix the tables, keys, links and time columns), `predict`, `evaluate`, `explain`,
`labels` and a read-only `sql`. Results come back as compact text tables, capped at `max_rows` rows.
Each tool's description teaches PQL by example; SKILL.md beside this file, the longer guide, is the
resource rfm-sql://skill.

Built on the official `mcp` Python SDK (2.x `MCPServer`, or 1.x `FastMCP`); needs the `mcp` extra:
pip install 'rfm-sql[mcp]'.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import warnings
from importlib import resources
from typing import Annotated

import duckdb
import sqlglot
from pydantic import Field
from sqlglot import exp

from rfm_sql import baselines, udf
from rfm_sql.databases import open_confined
from rfm_sql.errors import RFMError, RFMWarning, did_you_mean
from rfm_sql.runtime import keys

_INSTALL_HINT = "rfm-sql mcp needs the Model Context Protocol SDK: pip install 'rfm-sql[mcp]'"

PQL_PRIMER = """\
PQL (Predictive Query Language) says what to predict over the database's tables:
  PREDICT <target> FOR EACH <table>.<primary key> [WHERE <entity filter>] [ASSUMING <condition>]
  PREDICT <target> FOR <table>.<pk> = <value>  |  FOR <table>.<pk> IN (1, 2, 3)
Targets: a column (users.age); an aggregation over a future window AGG(table.column, start, end, unit)
with AGG in COUNT SUM AVG MIN MAX LIST_DISTINCT COUNT_DISTINCT FIRST LAST and unit in days/hours/weeks/
months; a condition on those (binary: = != < <= > >=, AND, OR, NOT). Windows are (start, end] after the
anchor time; WHERE filters use past windows (-90, 0) or -INF. Examples:
  PREDICT COUNT(orders.*, 0, 30, days) = 0 FOR EACH users.user_id WHERE COUNT(orders.*, -90, 0, days) > 0
  PREDICT SUM(orders.amount, 0, 30, days) FOR EACH users.user_id
  PREDICT users.segment FOR users.user_id IN (1, 2, 3)
  PREDICT LIST_DISTINCT(orders.item_id, 0, 7, days) RANK TOP 10 FOR users.user_id = 42
  PREDICT SUM(orders.amount, 0, 7, days) FORECAST 4 TIMEFRAMES FOR users.user_id = 7
The aggregated table must link (foreign key) to the entity table: check with the graph tool first."""

INSTRUCTIONS = f"""\
This server answers predictive questions about one database with a relational foundation model: no
training. Workflow: 1) call `graph` to see tables, primary keys, links and time columns (fix wrong ones
with its arguments); 2) write a PQL query; 3) call `evaluate` to backtest it at a past anchor and read
the metric before trusting it; 4) call `predict`. `labels` shows the ground truth a query defines at an
anchor; `sql` runs read-only SQL (SELECT/WITH/DESCRIBE/SHOW/SUMMARIZE) to look at the data.

{PQL_PRIMER}"""

_READ_WORDS = ("SELECT", "WITH", "FROM", "VALUES", "TABLE", "DESCRIBE", "SHOW", "SUMMARIZE")
_READ_ONLY_START = re.compile(rf"^\s*({'|'.join(_READ_WORDS)})\b", re.IGNORECASE)
# statements that write (or attach, load, set): refused as such, never offered a read keyword they resemble
_WRITE_WORD = re.compile(
    r"INSERT|UPDATE|DELETE|CREATE|DROP|ALTER|COPY|ATTACH|DETACH|INSTALL|LOAD|SET|RESET|PRAGMA|CALL|EXPORT|IMPORT|USE|"
    r"CHECKPOINT|VACUUM|TRUNCATE|MERGE|GRANT|BEGIN|COMMIT|ROLLBACK",
    re.IGNORECASE,
)


def _one_of(*values: str):
    """A str parameter whose schema lists `values` for the agent; checked by rfm_sql itself, whose message names
    the valid values (the SDK's own check answered with a pydantic error and a link)."""
    return Annotated[str, Field(json_schema_extra={"enum": list(values)})]


RunMode, Point = _one_of("fast", "normal", "best"), _one_of("median", "mean")
Action = _one_of("describe", "link", "unlink", "set_primary_key", "set_time_column", "set_end_time")


def _sdk():
    """(server class, ToolError) from the installed SDK: mcp 2.x's MCPServer or mcp 1.x's FastMCP."""
    try:
        from mcp.server.mcpserver import MCPServer
        from mcp.server.mcpserver.exceptions import ToolError
    except ImportError:
        try:
            from mcp.server.fastmcp import FastMCP as MCPServer
            from mcp.server.fastmcp.exceptions import ToolError
        except ImportError as e:
            raise ImportError(_INSTALL_HINT) from e
    return MCPServer, ToolError


def run(db: str, max_rows: int = 50, graph_file: str | None = None, tables: list[str] | None = None) -> None:
    """Open `db` read-only (its graph holding `tables`, None: all) and serve the tools over stdio until the client
    hangs up."""
    build(open_confined(db, graph_file=graph_file, tables=tables), max_rows=max_rows).run("stdio")


def build(rfm, max_rows: int = 50):
    """The MCP server for an attached database (not started)."""
    server_class, tool_error = _sdk()
    server = server_class(name="rfm-sql", instructions=INSTRUCTIONS)
    cursor = rfm.graph.cursor(rfm.con)  # the `sql` tool's own cursor, with the plain-named rfm_* macros on it
    udf.install_macros(cursor, rfm)

    def guarded(fn):
        """User mistakes (PQL errors, unknown names, bad SQL) reach the agent as the error's own text, and the
        call's RFMWarnings (labels not observed yet, one label in the context, ...) end its reply: an agent
        never sees the server's stderr."""

        @functools.wraps(fn)
        def call(*args, **kwargs):
            try:
                with warnings.catch_warnings(record=True) as caught:
                    warnings.simplefilter("always", RFMWarning)
                    out = fn(*args, **kwargs)
            except (RFMError, ValueError, TypeError, duckdb.Error) as e:
                raise tool_error(f"{type(e).__name__}: {e}{_graph_tool_hint(str(e))}") from e
            said = dict.fromkeys(str(w.message) for w in caught if issubclass(w.category, RFMWarning))
            return out + "".join(f"\n\nWarning: {m}" for m in said)

        return call

    def graph(
        action: Action = "describe",
        table: str | None = None,
        column: str | None = None,
        parent: str | None = None,
    ) -> str:
        """The database's graph: tables, primary keys, links (foreign key -> primary key), time columns and
        each column's semantic type. action="describe" (default) shows it. Fix what inference got wrong:
        action="link" with table, column (the foreign key) and parent (the referenced table);
        action="unlink" with table and column; action="set_primary_key" with table and column;
        action="set_time_column" with table and column (a date/timestamp column, or omit column to clear);
        action="set_end_time" with table and column (when a row stops existing, e.g. an employee's terminated_at:
        it is not predicted after that; several columns separated by commas, whichever comes first, e.g.
        "end_date,cancelled_at"; omit column for never).
        Returns the graph after the change. Fix the graph before writing PQL that needs a link."""
        g = rfm.graph
        if action == "link":
            g.link(_need(table, "table"), _need(column, "column"), _need(parent, "parent"))
        elif action == "unlink":
            g.unlink(_need(table, "table"), _need(column, "column"))
        elif action == "set_primary_key":
            with rfm.graph.cursor(rfm.con) as cur, warnings.catch_warnings():
                warnings.simplefilter("ignore", RFMWarning)  # said in the reply instead: an agent sees no warnings
                dropped = keys.set_checked_key(cur, g, _need(table, "table"), column)
            if dropped:
                note = f"Note: {', '.join(map(str, dropped))} referenced the old key and were removed"
                note += f"; link again those that reference {column}." if column else "."
                return note + "\n\n" + g.describe()
        elif action == "set_time_column":
            g.set_time_column(_need(table, "table"), column)
        elif action == "set_end_time":
            ends = [c.strip() for c in column.split(",")] if column and "," in column else column
            g.set_end_time(_need(table, "table"), ends)
        elif action != "describe":
            raise ValueError(
                f'Unknown action "{action}"; use describe, link, unlink, set_primary_key, set_time_column or '
                "set_end_time."
            )
        return g.describe()

    def predict(
        query: str,
        anchor_time: str | None = None,
        entities: list[str | int] | None = None,
        run_mode: RunMode = "fast",
        context_size: int | None = None,
        seed: int = 0,
        sort_by: str | None = None,
        point: Point = "median",
        quantiles: list[float] | None = None,
    ) -> str:
        """Predictions for a PQL query at anchor_time (default: the latest timestamp of the target's tables).
        Binary queries return ENTITY, ANCHOR_TIMESTAMP, TARGET_PRED, False_PROB, True_PROB; regression
        TARGET_PRED; multiclass one row per class (CLASS, SCORE, PREDICTED); RANK TOP k the k best CLASS
        per entity. entities restricts the prediction to these keys. sort_by names a column to sort by,
        largest first (e.g. "True_PROB" for the most likely). run_mode: fast | normal | best.
        A number's TARGET_PRED is its median (best per entity); to add predictions up into a total (next
        month's revenue over all users) ask point="mean": medians of a skewed amount add up to far less.
        quantiles=[0.1, 0.9] adds TARGET_Q10 and TARGET_Q90, a range that holds about 80% of outcomes.
        Examples of query:
          PREDICT COUNT(orders.*, 0, 30, days) = 0 FOR EACH users.user_id WHERE COUNT(orders.*, -90, 0, days) > 0
          PREDICT SUM(orders.amount, 0, 30, days) FOR users.user_id IN (1, 2, 3)
          PREDICT users.segment FOR users.user_id = 7
          PREDICT LIST_DISTINCT(orders.item_id, 0, 7, days) RANK TOP 5 FOR users.user_id = 42
        Backtest with evaluate before trusting a new query."""
        table = rfm.predict(
            query,
            anchor_time=anchor_time,
            run_mode=run_mode,
            entities=entities,
            context_size=context_size,
            seed=seed,
            point=None if point == "median" else point,
            quantiles=quantiles or None,
        )
        if sort_by:
            if sort_by not in table.column_names:
                raise ValueError(f'sort_by "{sort_by}" is not a column; the columns are {table.column_names}.')
            table = table.sort_by([(sort_by, "descending")])
        return format_table(table, max_rows)

    def evaluate(
        query: str,
        anchor_time: str | list[str] | None = None,
        run_mode: RunMode = "fast",
        context_size: int | None = None,
        seed: int = 0,
        point: Point = "median",
    ) -> str:
        """Backtest a PQL query: predict the labelled examples at a past anchor_time (default: one horizon
        before the data ends; a list: several anchors, each with an "at ANCHOR" line of its own metrics) from
        history before it, and score them. Returns the metrics (binary: auroc, accuracy, log_loss; regression:
        mae, rmse; multiclass: accuracy), n (examples scored), the anchors and the context size, then a
        "baseline ..." line per simple baseline scored on the same rows (the entity's last label, the context's
        rate, popularity, last value), and any warning that the backtest reads better than predictions will. Read it before trusting predict:
        binary auroc near 0.5, or metrics no better than a baseline's, mean the model adds nothing here. Same query syntax as predict, e.g.
          PREDICT COUNT(orders.*, 0, 30, days) = 0 FOR EACH users.user_id"""
        options = {"run_mode": run_mode, "context_size": context_size, "seed": seed}
        result = rfm.evaluate(query, anchor_time=anchor_time, point=None if point == "median" else point, **options)
        return format_metrics(baselines.readable(evaluation_dict(result)))

    def explain(
        query: str,
        entity: str | int | list[str | int] | None = None,
        anchor_time: str | None = None,
        item: str | int | list[str | int] | None = None,
        step: int | list[int] | None = None,
        run_mode: RunMode = "fast",
        context_size: int | None = None,
        seed: int = 0,
    ) -> str:
        """Which columns and neighbouring rows drove one entity's prediction, e.g.
        query="PREDICT COUNT(orders.*, 0, 30, days) = 0 FOR EACH users.user_id", entity=42. Leave entity out
        when the query names its keys (FOR users.user_id = 42, or FOR users.user_id IN (42, 43)); an EVALUATE
        query always names them that way (it explains the past anchor's prediction beside its label).
        item: for RANK TOP k or CLASSIFY, which items or labels to explain (default: the best); step: for
        FORECAST n TIMEFRAMES, which steps (default: every one)."""
        if not hasattr(rfm, "explain"):
            raise RFMError(
                "explain is not available yet in this version of rfm_sql; use evaluate to check a query "
                "and predict for the scores."
            )
        options = {"run_mode": run_mode, "context_size": context_size, "seed": seed, "item": item, "step": step}
        result = rfm.explain(query, entity=entity, anchor_time=anchor_time, **options)
        return _explain_text(result, max_rows)

    def labels(query: str, anchor_time: str | None = None) -> str:
        """The ground truth a PQL query defines at a past anchor_time (e.g. "2024-06-01"; default: the latest
        timestamp, whose windows are not observed yet: a warning says so): one row
        ENTITY, ANCHOR_TIMESTAMP, TARGET per entity that exists then and has a label. Use it to check that
        a query means what you think before predicting, e.g.
          PREDICT SUM(orders.amount, 0, 30, days) FOR EACH users.user_id"""
        return format_table(rfm.labels(query, anchor_time=anchor_time), max_rows)

    def sql(query: str) -> str:
        """Run one read-only SQL statement (DuckDB dialect) on the database: SELECT, WITH, FROM, VALUES,
        DESCRIBE, SHOW or SUMMARIZE. Anything that writes is refused. rfm_predict works here too, e.g.
          SELECT * FROM rfm_predict('PREDICT users.segment FOR users.user_id IN (1, 2)')
          SELECT country, count(*) FROM users GROUP BY ALL"""
        check_read_only(query)
        return format_table(cursor.sql(query).to_arrow_table(), max_rows)

    read_only = {"readOnlyHint": True}
    for fn in (graph, predict, evaluate, explain, labels, sql):
        annotations = None if fn is graph else _annotations(read_only)
        server.add_tool(
            guarded(fn), name=fn.__name__, description=fn.__doc__, annotations=annotations, structured_output=False
        )
    skill = resources.files("rfm_sql").joinpath("SKILL.md").read_text()

    def skill_doc() -> str:
        return skill

    server.resource(
        "rfm-sql://skill",
        name="skill",
        description="How to use rfm_sql: writing PQL, picking a task, checking a backtest before trusting it.",
        mime_type="text/markdown",
    )(skill_doc)
    server._rfm_cursor = cursor  # keep the cursor as long as the server
    return server


def _annotations(hints: dict):
    try:
        from mcp.types import ToolAnnotations
    except ImportError:
        return None
    return ToolAnnotations(**hints)


# the Python graph fixes an error may suggest -> the `graph` tool call that makes the same fix here
_GRAPH_ACTIONS = {
    "graph.link(": 'graph with action="link", table, column and parent',
    "graph.unlink(": 'graph with action="unlink", table and column',
    "graph.set_primary_key(": 'graph with action="set_primary_key", table and column',
    "graph.set_time_column(": 'graph with action="set_time_column", table and column',
    "graph.set_end_time(": 'graph with action="set_end_time", table and column',
}


def _graph_tool_hint(message: str) -> str:
    actions = [action for call, action in _GRAPH_ACTIONS.items() if call in message]
    return f"\nWith this server, make that fix with the tool call: {'; '.join(actions)}." if actions else ""


def _need(value, name: str):
    if value is None or value == "":
        raise ValueError(f"This action needs the {name} argument.")
    return value


_FILE_FUNCTIONS = {"glob", "query", "query_table", "iceberg_scan", "delta_scan", "sqlite_scan", "postgres_scan",
                   "mysql_scan"}  # fmt: skip


_NAME = r'(?:[A-Za-z_]\w*|"[^"]+")'
_NAMED_TABLE = re.compile(
    rf"\s*(?:SHOW\s+(?:ALL\s+)?TABLES|(?:DESCRIBE|SUMMARIZE|SHOW)\s+(?:TABLE\s+)?{_NAME}(?:\.{_NAME}){{0,2}})\s*;?\s*$",
    re.IGNORECASE,
)


def check_read_only(query: str) -> None:
    """Refuse anything but one read statement (the connection is read-only too)."""
    try:
        statements = [s for s in sqlglot.parse(query, dialect="duckdb") if s is not None]
    except sqlglot.errors.ParseError:
        statements = [query]  # DuckDB will say what is wrong; the keyword check still applies
    if len(statements) != 1:
        raise ValueError(f"Run one statement at a time (got {len(statements)}).")
    if not _READ_ONLY_START.match(query):
        first = (re.findall(r"\w+", query) or [""])[0]
        if first.upper() in _READ_WORDS:  # (SELECT 1): a read, behind something else
            raise ValueError(
                f"Start the statement with its keyword ({first.upper()} ..., no parenthesis or comment first)."
            )
        typo = "" if _WRITE_WORD.fullmatch(first) else did_you_mean(first.upper(), _READ_WORDS)
        if typo:  # SELEC 1, DESC users: a typo or another spelling, not a write
            raise ValueError(f'The sql tool does not run statements that start with "{first}".{typo}')
        raise ValueError(
            "The sql tool runs read-only statements only: SELECT, WITH, FROM, VALUES, TABLE, DESCRIBE, SHOW "
            "or SUMMARIZE."
        )
    if re.match(r"\s*(DESCRIBE|SUMMARIZE|SHOW)\b", query, re.IGNORECASE):
        if not _NAMED_TABLE.match(query):  # SUMMARIZE 'file.csv', SHOW FROM read_text(...): a file, unchecked
            raise ValueError("DESCRIBE, SUMMARIZE and SHOW take a table's name here (or SHOW TABLES).")
        return
    statement = statements[0]
    if not isinstance(statement, exp.Expression) or isinstance(statement, exp.Command):
        raise ValueError(
            "The sql tool could not parse this statement (a typo, or syntax it cannot check is read-only); write it "
            "as a SELECT over the database's tables."
        )
    if (source := _file_source(statement)) is not None:
        raise ValueError(
            f"The sql tool reads the database's tables, not files on the server ({source}); query a table instead."
        )


def _file_source(statement: exp.Expression) -> str | None:
    """A table reference that would read a file (read_csv(...), glob(...), query(...), FROM 'x.csv'), or None."""
    for node in statement.find_all(exp.Func):  # a table function: FROM, JOIN LATERAL, in a subquery too
        if not isinstance(node.parent, (exp.Table, exp.Lateral)):
            continue
        name = (node.sql_name() if not isinstance(node, exp.Anonymous) else node.name).lower()
        if name.startswith(("read_", "parquet_", "csv_", "json_", "sniff_")) or name in _FILE_FUNCTIONS:
            return node.sql("duckdb")
    for node in statement.find_all(exp.Table):
        if isinstance(node.this, exp.Identifier) and any(c in node.this.name for c in "./\\"):
            return node.this.name  # DuckDB reads a file for a name like 'data.csv' (a replacement scan)
    return None


def evaluation_dict(result) -> dict:
    """`rfm.evaluate`'s result as a dict: an Evaluation object's `to_dict()`, or the dict itself."""
    to_dict = getattr(result, "to_dict", None)
    return dict(to_dict()) if callable(to_dict) else dict(result)


def format_metrics(metrics: dict) -> str:
    width = max((len(k) for k in metrics), default=0)
    return "\n".join(f"{k:<{width}}  {_cell(v)}" for k, v in metrics.items())


def format_table(table, max_rows: int = 50) -> str:
    """A compact, aligned text table of at most `max_rows` rows, with the total when cut."""
    names = table.column_names
    rows = table.slice(0, max_rows).to_pylist()
    cells = [[_cell(r[n]) for n in names] for r in rows]
    widths = [max([len(n)] + [len(c[i]) for c in cells]) for i, n in enumerate(names)]
    lines = ["  ".join(n.ljust(w) for n, w in zip(names, widths, strict=True)).rstrip()]
    lines += ["  ".join(v.ljust(w) for v, w in zip(c, widths, strict=True)).rstrip() for c in cells]
    if table.num_rows > max_rows:
        lines.append(f"... {table.num_rows - max_rows} more rows ({table.num_rows} in all)")
    elif not rows:
        lines.append("(no rows)")
    return "\n".join(lines)


def _cell(value) -> str:
    if isinstance(value, float):  # 6 digits: an agent does arithmetic on them (28510.4, not 2.851e+04)
        return f"{value:.6g}"
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    if value is None:
        return "NULL"
    text = str(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _explain_text(result, max_rows: int) -> str:
    if hasattr(result, "num_rows") and hasattr(result, "column_names"):
        return format_table(result, max_rows)
    if isinstance(result, dict):
        parts = []
        for key, value in result.items():
            body = format_table(value, max_rows) if hasattr(value, "column_names") else str(value)
            parts.append(f"{key}:\n{body}")
        return "\n\n".join(parts)
    summary = getattr(result, "summary", None)
    tables = {k: getattr(result, k) for k in ("contributions", "neighbours") if hasattr(result, k)}
    if summary and tables:  # an rfm_sql Explanation: the summary, then what it rests on
        return _explain_text({"summary": summary, **tables}, max_rows)
    return str(summary) if summary else str(result)
