"""`--tables` on every command that opens a database: the graph holds exactly the listed tables, as
`rfm_sql.attach(con, tables=[...])` keeps it, so a table made from the data (here `big_orders`, which inference
would link to users and items) never changes a prediction; errors name the flag, not Python's `tables=`."""

import json
import warnings

import duckdb
import pytest

import rfm_sql
from rfm_sql import cli, demo, mcp_server, serve
from rfm_sql.cli import main
from rfm_sql.databases import open_confined
from rfm_sql.errors import RFMWarning, UserError

SOURCES = ["users", "orders", "items", "reviews"]
CHURN = "PREDICT COUNT(orders.*, 0, 30, days) = 0 FOR EACH users.user_id"


@pytest.fixture(scope="module")
def shop_file(tmp_path_factory):
    """The demo shop with big_orders, a filtered copy of orders that the graph would link when present."""
    path = tmp_path_factory.mktemp("tables") / "shop.duckdb"
    with duckdb.connect(str(path)) as con:
        demo.build(con, n_users=200, n_items=30)
        con.execute("CREATE TABLE big_orders AS SELECT * FROM orders WHERE amount > 50")
    return path


def _probs(path) -> list[float]:
    lines = path.read_text().splitlines()
    column = lines[0].replace('"', "").split(",").index("True_PROB")
    return [float(line.split(",")[column]) for line in lines[1:]]


def test_graph_holds_the_listed_tables_and_a_saved_whole_graph_still_applies(shop_file, tmp_path, capsys):
    assert main(["graph", str(shop_file)]) == 0
    assert "big_orders, " in capsys.readouterr().out  # without --tables it joins the graph, linked
    whole = tmp_path / "whole.json"
    assert main(["graph", str(shop_file), "--save", str(whole)]) == 0
    assert json.loads(whole.read_text())["tables"]["big_orders"]["fkeys"] == {"user_id": "users", "item_id": "items"}
    capsys.readouterr()

    assert main(["graph", str(shop_file), "--tables", ",".join(SOURCES)]) == 0
    out = capsys.readouterr().out
    assert "big_orders" not in out and "link: user_id -> users.user_id" in out
    # a graph file saved from the whole database: its entries for other tables (and links to them) are left out
    assert main(["graph", str(shop_file), "--tables", "users,orders", "--graph", str(whole)]) == 0
    out = capsys.readouterr().out
    assert "big_orders" not in out and "items" not in out and "link: user_id -> users.user_id" in out


def test_predict_with_tables_predicts_as_python_scoped_does(shop_file, tmp_path, capsys):
    common = [CHURN, "--context-size", "300"]
    scoped, everything = tmp_path / "scoped.csv", tmp_path / "everything.csv"
    assert main(["predict", str(shop_file), *common, "--tables", ",".join(SOURCES), "--output", str(scoped)]) == 0
    assert main(["predict", str(shop_file), *common, "--output", str(everything)]) == 0
    with duckdb.connect(str(shop_file), read_only=True) as con:
        python = rfm_sql.attach(con, tables=SOURCES).predict(CHURN, context_size=300)
        expected = python.column("True_PROB").to_pylist()
    assert _probs(scoped) == pytest.approx(expected, abs=1e-4)  # the csv keeps what Python computed
    assert max(abs(a - b) for a, b in zip(_probs(everything), expected, strict=True)) > 1e-3  # big_orders adds features


def test_a_query_naming_a_table_outside_the_list_is_refused_naming_the_flag(shop_file, capsys):
    query = "PREDICT COUNT(big_orders.*, 0, 30, days) = 0 FOR EACH users.user_id"
    assert main(["predict", str(shop_file), query, "--tables", ",".join(SOURCES)]) == 2
    err = capsys.readouterr().err
    assert "error: The query names big_orders, which the graph's tables leave out (--tables)." in err
    assert "Add big_orders to them; they are items, orders, reviews, users." in err
    assert "tables=" not in err and "attach(" not in err and "dbt" not in err
    assert main(["evaluate", str(shop_file), query, "--tables", ",".join(SOURCES)]) == 2
    assert "(--tables)" in capsys.readouterr().err


def test_an_unknown_or_empty_table_list_is_refused(shop_file, capsys):
    assert main(["labels", str(shop_file), CHURN, "--tables", "users,orderz"]) == 2
    err = capsys.readouterr().err
    assert f"error: --tables lists orderz, which {shop_file} does not have as tables or views (it has " in err
    assert "big_orders, items, orders, reviews, users): correct the name, or leave it out of --tables." in err
    for bad, message in [("", "'' lists no table"), ("users,,orders", "'users,,orders' has an empty table name")]:
        with pytest.raises(SystemExit) as e:
            main(["predict", str(shop_file), CHURN, "--tables", bad])
        assert e.value.code == 2
        err = capsys.readouterr().err
        assert f"argument --tables: {message}" in err


def test_a_folder_with_a_schema_keeps_to_the_listed_tables(shop_file, tmp_path, capsys):
    folder = tmp_path / "shop"
    folder.mkdir()
    tables = {}
    with duckdb.connect(str(shop_file), read_only=True) as con:
        for name in [*SOURCES, "big_orders"]:
            con.execute(f"COPY {name} TO '{folder / name}.parquet' (FORMAT parquet)")
            tables[name] = {"pkey": None, "fkeys": {}, "time_col": None}
    tables["users"]["pkey"], tables["items"]["pkey"] = "user_id", "item_id"
    tables["orders"].update(pkey="order_id", fkeys={"user_id": "users", "item_id": "items"}, time_col="ordered_at")
    tables["big_orders"].update(fkeys={"user_id": "users", "item_id": "items"}, time_col="ordered_at")
    (folder / "schema.json").write_text(json.dumps({"tables": tables}))

    assert main(["graph", str(folder), "--tables", "users,orders"]) == 0  # orders' link to items is left out
    out = capsys.readouterr().out
    assert "big_orders" not in out and "items" not in out and "link: user_id -> users.user_id  [schema.json]" in out
    assert (
        main(["predict", str(folder), CHURN, "--tables", "users,orders", "--limit", "1", "--context-size", "300"]) == 0
    )
    assert "True_PROB" in capsys.readouterr().out
    assert "big_orders" in rfm_sql.attach_folder(duckdb.connect(), folder, views=True).graph.tables


class _FakeServer:
    """serve.Server without the network: records what it was handed, returns at once from serve_forever."""

    seen: list = []

    def __init__(self, rfm, **kwargs):
        self.port = 0
        _FakeServer.seen.append(sorted(rfm.graph.tables))

    def serve_forever(self, on_ready=None):
        on_ready()


def test_serve_and_mcp_open_the_listed_tables(shop_file, monkeypatch, capsys):
    monkeypatch.setattr(serve, "Server", _FakeServer)
    _FakeServer.seen.clear()
    assert main(["serve", str(shop_file), "--port", "0", "--tables", ",".join(SOURCES)]) == 0
    assert _FakeServer.seen == [sorted(SOURCES)]

    built = []

    class FakeMCP:
        def run(self, transport):
            built.append(transport)

    def fake_build(rfm, max_rows=50):
        built.append(sorted(rfm.graph.tables))
        rfm.con.close()  # confined: later connections to the same file in this process would share its settings
        return FakeMCP()

    monkeypatch.setattr(mcp_server, "build", fake_build)
    assert main(["mcp", str(shop_file), "--tables", "users,orders"]) == 0
    assert built == [["orders", "users"], "stdio"]
    assert main(["mcp", str(shop_file), "--tables", "users,orderz"]) == 2
    assert "--tables lists orderz" in capsys.readouterr().err
    assert cli.build_parser().parse_args(["serve", "db", "--tables", " users , orders"]).tables == ["users", "orders"]


def test_a_writable_server_takes_a_listed_table_in_once_a_client_creates_it(shop_file, tmp_path):
    path = tmp_path / "copy.duckdb"
    path.write_bytes(shop_file.read_bytes())
    with pytest.warns(RFMWarning, match=r"--tables lists later_orders, which .* does not have yet: each joins"):
        rfm = open_confined(str(path), writable=True, tables=[*SOURCES, "later_orders"])
    try:
        assert "later_orders" not in rfm.graph.tables
        rfm.con.execute("CREATE TABLE later_orders AS SELECT * FROM orders").fetchall()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RFMWarning)
            rfm.resolve("PREDICT COUNT(later_orders.*, 0, 30, days) > 0 FOR EACH users.user_id")
        assert "later_orders" in rfm.graph.tables and "big_orders" not in rfm.graph.tables
        with pytest.raises(UserError, match="big_orders, which the graph's tables leave out"):
            rfm.resolve("PREDICT COUNT(big_orders.*, 0, 30, days) > 0 FOR EACH users.user_id")
    finally:
        rfm.con.close()


def test_attach_folder_takes_tables(shop_file, tmp_path):
    folder = tmp_path / "plain"
    folder.mkdir()
    with duckdb.connect(str(shop_file), read_only=True) as con:
        for name in [*SOURCES, "big_orders"]:
            con.execute(f"COPY {name} TO '{folder / name}.parquet' (FORMAT parquet)")
    rfm = rfm_sql.attach_folder(duckdb.connect(), folder, views=True, tables=SOURCES)
    assert sorted(rfm.graph.tables) == sorted(SOURCES)
    assert "big_orders" in rfm_sql.attach_folder(duckdb.connect(), folder, views=True).graph.tables
