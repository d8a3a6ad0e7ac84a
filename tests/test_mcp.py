"""`rfm-sql mcp`: the MCP server driven by the official SDK's own client over stdio, on the demo database."""

import asyncio
import os
import sys
from pathlib import Path

import duckdb
import pytest

from rfm_sql import demo, mcp_server

ROOT = Path(__file__).resolve().parents[1]
CHURN = "PREDICT COUNT(orders.*, 0, 30, days) = 0 FOR EACH users.user_id"


@pytest.fixture(scope="module")
def shop_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("mcp") / "shop.duckdb"
    with duckdb.connect(str(path)) as con:
        demo.build(con, n_users=300, n_items=40)
    return path


def is_error(result) -> bool:
    return bool(getattr(result, "is_error", None) or getattr(result, "isError", None))


def schema_of(tool) -> dict:
    return getattr(tool, "input_schema", None) or tool.inputSchema


async def session_calls(db: Path, calls):
    """Spawn `python -m rfm_sql.cli mcp DB`, list its tools, make `calls`; returns (tools, results)."""
    from mcp import ClientSession, StdioServerParameters
    from mcp.client.stdio import stdio_client

    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    params = StdioServerParameters(command=sys.executable, args=["-m", "rfm_sql.cli", "mcp", str(db)], env=env)
    async with stdio_client(params) as (read, write), ClientSession(read, write) as session:
        await session.initialize()
        tools = (await session.list_tools()).tools
        results = [await session.call_tool(name, args) for name, args in calls]
        skill = await session.read_resource("rfm-sql://skill")
    return tools, results, skill


def test_stdio_server_lists_tools_and_predicts(shop_file):
    pytest.importorskip("mcp", reason="the MCP tests need the mcp SDK: pip install 'rfm-sql[mcp]'")
    calls = [
        ("predict", {"query": CHURN, "context_size": 300, "sort_by": "True_PROB"}),
        ("predict", {"query": "PREDICT COUNT(orders.* 0, 30, days) FOR EACH users.user_id"}),
        ("evaluate", {"query": CHURN, "context_size": 300}),
        (
            "labels",
            {"query": "PREDICT COUNT(orders.*, 0, 30, days) FOR EACH users.user_id", "anchor_time": "2024-06-01"},
        ),
        ("graph", {"action": "unlink", "table": "reviews", "column": "item_id"}),
        ("graph", {"action": "link", "table": "reviews", "column": "item_id", "parent": "items"}),
        ("sql", {"query": "SELECT count(*) AS n FROM users"}),
        ("sql", {"query": "DELETE FROM users"}),
        ("explain", {"query": CHURN, "entity": 3}),
        ("evaluate", {"query": CHURN, "context_size": 300, "anchor_time": ["2024-04-01", "2024-06-01"]}),
    ]
    tools, results, skill = asyncio.run(session_calls(shop_file, calls))
    assert "## Trust a backtest before a prediction" in skill.contents[0].text

    by_name = {t.name: t for t in tools}
    assert set(by_name) == {"graph", "predict", "evaluate", "explain", "labels", "sql"}
    for name in ("predict", "evaluate", "explain", "labels", "sql"):
        assert "query" in schema_of(by_name[name])["properties"]
        assert "query" in schema_of(by_name[name])["required"]
    assert "PREDICT" in by_name["predict"].description and "FOR EACH" in by_name["evaluate"].description

    predict, bad, evaluate, labels, unlink, link, sql, delete, explain, at_two = results
    text = predict.content[0].text
    assert not is_error(predict)
    assert text.splitlines()[0].split() == ["ENTITY", "ANCHOR_TIMESTAMP", "TARGET_PRED", "False_PROB", "True_PROB"]
    assert "more rows" in text.splitlines()[-1]  # capped at 50 of the ~300 predictions
    assert len(text.splitlines()) == 52
    probs = [float(line.split()[-1]) for line in text.splitlines()[1:51]]
    assert probs == sorted(probs, reverse=True)

    assert is_error(bad) and "PQLSyntaxError" in bad.content[0].text and "^" in bad.content[0].text
    assert not is_error(evaluate) and "auroc" in evaluate.content[0].text and "n " in evaluate.content[0].text
    assert labels.content[0].text.startswith("ENTITY") and "TARGET" in labels.content[0].text
    assert "link: item_id -> items.item_id" not in unlink.content[0].text.split("reviews")[1].split("users")[0]
    assert "link: item_id -> items.item_id" in link.content[0].text.split("reviews")[1]
    assert sql.content[0].text.split() == ["n", "300"]
    assert is_error(delete) and "read-only" in delete.content[0].text
    assert not is_error(explain) and explain.content[0].text.startswith("summary:\nusers 3: ")
    assert not is_error(at_two), at_two.content[0].text  # several anchors, each with its own metrics
    assert all(f"at {day} 00:00:00  auroc" in at_two.content[0].text for day in ("2024-04-01", "2024-06-01"))
    assert "contributions:" in explain.content[0].text and "CONTEXT_ENTITY" in explain.content[0].text


@pytest.mark.parametrize(
    "query",
    [
        "SELECT 1",
        "  with t AS (SELECT 1) SELECT * FROM t",
        "DESCRIBE users",
        "SHOW TABLES",
        "FROM users LIMIT 1",
        "SUMMARIZE users",
        "SELECT json_extract(country, '$.a'), read_count FROM (SELECT country, 1 AS read_count FROM users)",
    ],
)
def test_sql_reads_pass(query):
    mcp_server.check_read_only(query)


@pytest.mark.parametrize(
    "query, message",
    [
        ("DELETE FROM users", "read-only"),
        ("CREATE TABLE x AS SELECT 1", "read-only"),
        ("COPY users TO 'out.csv'", "read-only"),
        ("ATTACH 'other.duckdb'", "read-only"),
        ("SELECT 1; DROP TABLE users", "one statement"),
        ("INSTALL httpfs", "read-only"),
        ("SELECT * FROM read_csv('/etc/passwd')", "not files on the server"),
        ("SELECT * FROM '/etc/passwd'", "not files on the server"),
        ("FROM read_text('notes.txt')", "not files on the server"),
        ("SELECT (SELECT COUNT(*) FROM glob('*'))", "not files on the server"),
        ("SELECT * FROM query('SELECT * FROM read_csv(''x.csv'')')", "not files on the server"),
        ("SELECT * FROM users, LATERAL read_csv('/etc/passwd')", "not files on the server"),  # read it before
        ("SELECT * FROM users JOIN LATERAL read_text('/etc/hostname') ON true", "not files on the server"),
        ("SELECT * FROM users, LATERAL glob('/etc/*')", "not files on the server"),
        ("SUMMARIZE '/etc/passwd'", "take a table's name"),
        ("SHOW FROM read_text('/etc/hostname')", "take a table's name"),
        ("SELECT * FRM users", "could not parse"),
    ],
)
def test_sql_writes_refused(query, message):
    with pytest.raises(ValueError, match=message):
        mcp_server.check_read_only(query)


def test_evaluation_dict_takes_either_shape():
    class Evaluation:
        def to_dict(self):
            return {"auroc": 0.8, "n": 10}

    assert mcp_server.evaluation_dict(Evaluation()) == {"auroc": 0.8, "n": 10}
    assert mcp_server.evaluation_dict({"mae": 1.5, "n": 3}) == {"mae": 1.5, "n": 3}


def test_format_table_caps_rows():
    import pyarrow as pa

    text = mcp_server.format_table(pa.table({"a": list(range(7)), "b": [0.1234567] * 7}), max_rows=3)
    assert text.splitlines() == ["a  b", "0  0.123457", "1  0.123457", "2  0.123457", "... 4 more rows (7 in all)"]
    assert mcp_server.format_table(pa.table({"sum": [28510.4]})).splitlines()[1] == "28510.4"  # not 2.851e+04
    assert mcp_server.format_table(pa.table({"a": pa.array([], pa.int64())})).splitlines() == ["a", "(no rows)"]


def test_explain_used_when_available(shop):
    pytest.importorskip("mcp", reason="the MCP tests need the mcp SDK: pip install 'rfm-sql[mcp]'")
    import pyarrow as pa

    import rfm_sql

    rfm = rfm_sql.attach(shop)
    rfm.explain = lambda pql, entity, anchor_time=None, **options: {
        "summary": f"entity {entity}: recent orders drove it",
        "contributions": pa.table({"COLUMN_NAME": ["amount"], "CONTRIBUTION": [0.5]}),
    }
    server = mcp_server.build(rfm)
    result = asyncio.run(server.call_tool("explain", {"query": CHURN, "entity": 3}))
    content = result[0] if isinstance(result, tuple) else result
    content = getattr(content, "content", content)
    text = content[0].text
    assert "entity 3: recent orders drove it" in text and "amount" in text


def test_every_query_we_teach_validates(shop):
    """The PQL examples in SKILL.md and in the tools' descriptions parse and validate on the demo database."""
    import re

    import rfm_sql

    pytest.importorskip("mcp", reason="the MCP tests need the mcp SDK: pip install 'rfm-sql[mcp]'")
    rfm = rfm_sql.attach(shop)
    tools = asyncio.run(mcp_server.build(rfm).list_tools())
    text = "\n".join(
        [(ROOT / "rfm_sql" / "SKILL.md").read_text(), mcp_server.INSTRUCTIONS, *(t.description for t in tools)]
    )
    queries = set(re.findall(r"`(PREDICT [^`]+)`", text)) | set(
        re.findall(r"^ +(?:query=\")?(PREDICT [^\"\n]+)", text, re.M)
    )
    queries = {q.strip() for q in queries if "<" not in q}
    assert len(queries) >= 10
    for query in sorted(queries):
        rfm.resolve(query)


def test_missing_sdk_says_what_to_install(monkeypatch):
    for name in ("mcp.server.mcpserver", "mcp.server.mcpserver.exceptions", "mcp.server.fastmcp"):
        monkeypatch.setitem(sys.modules, name, None)
    with pytest.raises(ImportError, match=r"pip install 'rfm-sql\[mcp\]'"):
        mcp_server.build(object())


def test_graph_tool_refuses_a_key_the_data_breaks_and_names_the_links_a_new_key_drops():
    pytest.importorskip("mcp", reason="the MCP tests need the mcp SDK: pip install 'rfm-sql[mcp]'")
    import rfm_sql

    con = duckdb.connect()
    con.execute("CREATE TABLE teams (team_id INTEGER PRIMARY KEY, code VARCHAR, league VARCHAR)")
    con.execute("INSERT INTO teams SELECT range, 't' || range, 'l' || (range % 2) FROM range(1, 6)")
    con.execute("CREATE TABLE games (game_id INTEGER PRIMARY KEY, team_id INTEGER REFERENCES teams (team_id), t DATE)")
    con.execute(
        "INSERT INTO games SELECT range, range % 5 + 1, DATE '2024-01-01' + CAST(range AS INTEGER) FROM range(40)"
    )
    rfm = rfm_sql.attach(con)
    server = mcp_server.build(rfm)

    def call(**args):
        result = asyncio.run(server.call_tool("graph", args))
        content = result[0] if isinstance(result, tuple) else result
        return getattr(content, "content", content)[0].text

    with pytest.raises(Exception, match="teams.league cannot be the primary key: 3 duplicate values"):
        call(action="set_primary_key", table="teams", column="league")
    assert rfm.graph.table("teams").primary_key == "team_id" and rfm.graph.links  # unchanged
    assert "games.team_id -> teams referenced the old key and were removed" in call(
        action="set_primary_key", table="teams", column="code"
    )
    assert rfm.graph.table("teams").primary_key == "code" and not rfm.graph.links


def test_a_calls_warnings_end_its_reply(shop):
    # warnings went to the server's stderr only: labels at an anchor whose windows are not observed yet came
    # back without a word
    pytest.importorskip("mcp", reason="the MCP tests need the mcp SDK: pip install 'rfm-sql[mcp]'")
    import rfm_sql

    server = mcp_server.build(rfm_sql.attach(shop))

    def call(tool, **args):
        result = asyncio.run(server.call_tool(tool, args))
        content = result[0] if isinstance(result, tuple) else result
        return getattr(content, "content", content)[0].text

    latest = shop.execute("SELECT max(ordered_at) FROM orders").fetchall()[0][0]
    text = call("labels", query=CHURN, anchor_time=str(latest))
    assert "\n\nWarning: Labels at" in text and "not observed yet" in text
    assert "Warning:" not in call("labels", query=CHURN, anchor_time="2024-06-01")


def test_a_graph_fix_in_an_error_is_also_named_as_the_graph_tool_call(shop):
    pytest.importorskip("mcp", reason="the MCP tests need the mcp SDK: pip install 'rfm-sql[mcp]'")
    import rfm_sql

    rfm = rfm_sql.attach(shop)
    rfm.graph.unlink("orders", "user_id")
    server = mcp_server.build(rfm)
    with pytest.raises(Exception, match=r'(?s)rfm\.graph\.link\(.*tool call: graph with action="link", table, column'):
        asyncio.run(server.call_tool("predict", {"query": CHURN}))


def test_predict_offers_means_and_quantiles(shop):
    """An agent asked for a total (next month's revenue) needs means to add up, not medians: predict takes
    point="mean" and quantiles, as the Python API does, and gives the same numbers."""
    pytest.importorskip("mcp", reason="the MCP tests need the mcp SDK: pip install 'rfm-sql[mcp]'")
    import rfm_sql

    rfm = rfm_sql.attach(shop)
    server = mcp_server.build(rfm)
    spend = "PREDICT SUM(orders.amount, 0, 30, days) FOR users.user_id IN (1, 2, 3)"
    args = {"query": spend, "anchor_time": "2024-10-01", "context_size": 150}
    result = asyncio.run(server.call_tool("predict", {**args, "point": "mean", "quantiles": [0.1, 0.9]}))
    content = result[0] if isinstance(result, tuple) else result
    text = getattr(content, "content", content)[0].text
    want = rfm.predict(spend, anchor_time="2024-10-01", context_size=150, point="mean", quantiles=[0.1, 0.9])
    assert "TARGET_Q10" in text and "TARGET_Q90" in text
    assert mcp_server.format_table(want, 50) in text
    median = rfm.predict(spend, anchor_time="2024-10-01", context_size=150).column("TARGET_PRED").to_pylist()
    assert median != want.column("TARGET_PRED").to_pylist()  # the mean of a skewed amount is not its median


def test_explain_without_entity_reads_the_querys_keys(shop):
    """The explain tool leaves entity out where the query lists its keys; an EVALUATE query (which refuses
    entity=) is explained as written, and a query with neither gets the error naming entity=."""
    pytest.importorskip("mcp", reason="the MCP tests need the mcp SDK: pip install 'rfm-sql[mcp]'")
    import rfm_sql

    server = mcp_server.build(rfm_sql.attach(shop))

    def text_of(args):
        result = asyncio.run(server.call_tool("explain", args))
        content = result[0] if isinstance(result, tuple) else result
        return getattr(content, "content", content)[0].text

    listed = text_of({"query": CHURN.replace("FOR EACH users.user_id", "FOR users.user_id = 3")})
    assert listed.startswith("summary:\nusers 3: ") and "contributions:" in listed
    evaluated = text_of({"query": "EVALUATE " + CHURN.replace("FOR EACH users.user_id", "FOR users.user_id IN (3, 4)")})
    assert "users 3" in evaluated and "users 4" in evaluated and "contributions:" in evaluated
    with pytest.raises(Exception, match="Which users should be explained.*entity=42"):
        text_of({"query": CHURN})


def test_tools_check_their_choices_in_rfm_sql_words_and_match_the_cli(shop):
    """run_mode, point and action list their values in the schema, but a wrong one gets rfm_sql's own message
    (it was pydantic's, with a link); labels defaults its anchor as the CLI does; explain takes item=."""
    pytest.importorskip("mcp", reason="the MCP tests need the mcp SDK: pip install 'rfm-sql[mcp]'")
    import rfm_sql

    rfm = rfm_sql.attach(shop)
    server = mcp_server.build(rfm)
    tools = {t.name: t for t in asyncio.run(server.list_tools())}
    assert schema_of(tools["predict"])["properties"]["run_mode"]["enum"] == ["fast", "normal", "best"]
    assert "anchor_time" not in schema_of(tools["labels"]).get("required", [])

    def call(name, args):
        result = asyncio.run(server.call_tool(name, args))
        content = result[0] if isinstance(result, tuple) else result
        return getattr(content, "content", content)[0].text

    with pytest.raises(Exception, match=r"run_mode='turbo' is not a run mode; use one of 'fast', 'normal', 'best'"):
        call("predict", {"query": CHURN, "run_mode": "turbo"})
    with pytest.raises(Exception, match=r"point='avg' is not a point prediction"):
        call("evaluate", {"query": CHURN, "point": "avg"})
    with pytest.raises(Exception, match=r'Unknown action "frobnicate"; use describe, link'):
        call("graph", {"action": "frobnicate"})
    labels = call("labels", {"query": "PREDICT COUNT(orders.*, 0, 30, days) FOR EACH users.user_id"})
    assert labels.startswith("ENTITY") and "Warning: " in labels  # the latest anchor: not observed yet
    rank = "PREDICT LIST_DISTINCT(orders.item_id, 0, 30, days) RANK TOP 3 FOR users.user_id = 3"
    second = rfm.predict(rank, context_size=300).column("CLASS")[1].as_py()  # not the default (the best)
    explained = call("explain", {"query": rank, "item": second, "context_size": 300})
    assert f"scores item {second} " in explained.split("contributions:")[0]
    with pytest.raises(Exception, match=r"does not run statements that start with \"SELEC\". Did you mean \"SELECT\""):
        call("sql", {"query": "SELEC 1"})
    with pytest.raises(Exception, match=r"Start the statement with its keyword \(SELECT ..."):
        call("sql", {"query": "(SELECT 1)"})  # a read behind a parenthesis: not offered SELECT for SELECT
