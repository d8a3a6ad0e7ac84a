"""A folder of Parquet or CSV files without a schema.json: one table per file, keys, links and time columns
inferred as a database's are, on every surface that takes a folder (Python, the command line, the servers)."""

import duckdb
import pytest

import rfm_sql
from rfm_sql import cli, demo
from rfm_sql.databases import open_confined
from rfm_sql.errors import GraphError

CHURN = "PREDICT COUNT(orders.*, 0, 30, days) = 0 FOR EACH users.user_id"


@pytest.fixture(scope="module")
def shop(tmp_path_factory):
    """The demo database as a DuckDB file, and the same tables as a folder: users and orders as CSV, the rest
    as Parquet."""
    root = tmp_path_factory.mktemp("folders")
    path, folder = root / "shop.duckdb", root / "shop"
    folder.mkdir()
    with duckdb.connect(str(path)) as con:
        demo.build(con, n_users=120, n_items=12)
        for table in ("users", "orders", "items", "reviews"):
            fmt = "csv" if table in ("users", "orders") else "parquet"
            con.execute(f"COPY {table} TO '{folder / f'{table}.{fmt}'}'").fetchall()
    (folder / "notes.txt").write_text("not a table\n")
    return path, folder


def test_the_graph_is_inferred_as_for_the_database(shop):
    path, folder = shop
    from_folder = rfm_sql.attach_folder(duckdb.connect(), folder, views=True).graph
    with duckdb.connect(str(path), read_only=True) as con:
        from_file = rfm_sql.attach(con).graph
        assert set(from_folder.tables) == set(from_file.tables) == {"users", "orders", "items", "reviews"}
        assert set(from_folder.links) == set(from_file.links) and from_folder.links
        for name, table in from_file.tables.items():
            assert from_folder.tables[name].primary_key == table.primary_key, name
            assert from_folder.tables[name].time_column == table.time_column, name


def test_the_command_line_predicts_on_a_folder_as_on_the_file(shop, capsys):
    path, folder = shop
    outs = []
    for db in (path, folder):
        assert cli.main(["predict", str(db), CHURN, "--context-size", "100", "--limit", "5"]) == 0
        outs.append(capsys.readouterr().out)
    assert outs[0] == outs[1] and "True_PROB" in outs[0]


def test_a_served_folder_reads_its_csv_files_and_nothing_else(shop):
    _, folder = shop
    before = (folder / "orders.csv").read_bytes()
    rfm = open_confined(str(folder))
    try:
        assert rfm.con.execute("SELECT count(*) FROM orders").fetchall()[0][0] > 0
        assert rfm.predict(CHURN, context_size=100).num_rows > 0
        for sql in ("SELECT * FROM read_csv('/etc/passwd')", f"COPY (SELECT 1 AS a) TO '{folder / 'orders.csv'}'"):
            with pytest.raises(duckdb.Error, match="disabled by configuration"):
                rfm.con.execute(sql)
    finally:
        rfm.con.close()
    assert (folder / "orders.csv").read_bytes() == before


def test_folder_mistakes_are_named(tmp_path, capsys):
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "readme.md").write_text("no tables\n")
    with pytest.raises(GraphError, match="no schema.json and no table files in it. Put one <table>.parquet or"):
        rfm_sql.attach_folder(duckdb.connect(), empty)
    assert cli.main(["graph", str(empty)]) == 2
    assert "no table files" in capsys.readouterr().err
    twice = tmp_path / "twice"
    twice.mkdir()
    with duckdb.connect() as con:
        con.execute(f"COPY (SELECT 1 AS id) TO '{twice / 'users.csv'}'").fetchall()
        con.execute(f"COPY (SELECT 1 AS id) TO '{twice / 'Users.parquet'}'").fetchall()
    with pytest.raises(GraphError, match="Users.parquet and users.csv would both be one table"):
        rfm_sql.attach_folder(duckdb.connect(), twice)


def test_one_table_file_is_refused_with_its_folder_named(shop, capsys):
    _, folder = shop
    assert cli.main(["graph", str(folder / "orders.csv")]) == 2
    err = capsys.readouterr().err
    assert "is one table's file" in err and f"({folder})" in err


def test_a_csv_date_written_month_first_is_read_on_the_command_line(tmp_path, capsys):
    """users.csv dates its rows 10/30/2023: DuckDB 2.0 ignored the date format it sniffed where a view over the file
    was cast to TIMESTAMP beside another aggregate, and every prediction from the command line (a restaurant
    trial's folder) stopped with a traceback. A CSV is read into a table."""
    folder = tmp_path / "shop"
    folder.mkdir()
    with duckdb.connect() as con:
        demo.build(con, n_users=120, n_items=12)
        con.execute(
            f"COPY (SELECT * REPLACE (strftime(signup_time, '%m/%d/%Y') AS signup_time) FROM users) "
            f"TO '{folder / 'users.csv'}'"
        ).fetchall()
        for table in ("orders", "items", "reviews"):
            con.execute(f"COPY {table} TO '{folder / f'{table}.parquet'}'").fetchall()
    assert cli.main(["predict", str(folder), CHURN, "--context-size", "100", "--limit", "5"]) == 0
    out = capsys.readouterr().out
    assert "True_PROB" in out and "Traceback" not in out
    rfm = rfm_sql.attach_folder(duckdb.connect(), folder, views=True)
    assert rfm.graph.table("users").time_column == "signup_time"
    assert rfm.con.execute("SELECT table_type FROM information_schema.tables WHERE table_name = 'users'").fetchall() == [
        ("BASE TABLE",)
    ]
