"""Nothing the user owns is lost: `--into` and `--output` refuse what they must before any work, write
atomically, and graph fixes made on the command line reach every command."""

import hashlib
import json
import os
from pathlib import Path

import duckdb
import pyarrow as pa
import pytest

from rfm_sql.cli import main
from rfm_sql.demo import build
from rfm_sql.errors import UserError

SPEND = "PREDICT SUM(orders.amount, 0, 30, days) FOR EACH users.user_id"


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "shop.duckdb"
    with duckdb.connect(str(path)) as con:
        build(con, n_users=150, n_items=20)
        con.execute("CREATE SCHEMA analytics").fetchall()
    return path


def _count(db, table: str) -> int:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.sql(f"SELECT COUNT(*) FROM {table}").fetchall()[0][0]


def _run(*args) -> int:
    return main([*map(str, args), "--context-size", "100"])


def test_into_never_replaces_a_table_the_query_reads(db, capsys):
    users = _count(db, "users")
    assert _run("predict", db, SPEND, "--into", "users") == 2
    assert "the query reads this table" in capsys.readouterr().err
    assert _run("predict", db, SPEND, "--into", "users", "--replace") == 2  # not even with --replace
    assert _run("predict", db, SPEND, "--into", "items", "--replace") == 2  # read for features (a two-hop table)
    assert _count(db, "users") == users


def test_into_refuses_an_existing_table_unless_replace(db, capsys):
    assert _run("predict", db, SPEND, "--into", "preds") == 0
    assert "wrote 150 rows to table" in capsys.readouterr().out
    assert _run("predict", db, SPEND, "--into", "preds") == 2
    assert "exists. Pass --replace" in capsys.readouterr().err
    assert _run("predict", db, SPEND, "--into", "preds", "--replace", "--entities", "1,2") == 0
    assert _count(db, "preds") == 2


def test_into_accepts_schema_qualified_names(db):
    assert _run("predict", db, SPEND, "--into", "analytics.preds2") == 0
    assert _count(db, "analytics.preds2") == 150
    with duckdb.connect(str(db), read_only=True) as con:
        names = {r[0] for r in con.sql("SELECT table_name FROM duckdb_tables()").fetchall()}
    assert "analytics.preds2" not in names  # not a table literally named with a dot


def test_into_a_missing_schema_or_a_bad_name_is_refused(db, capsys):
    assert _run("predict", db, SPEND, "--into", "nowhere.preds") == 2
    assert "no schema nowhere" in capsys.readouterr().err
    assert _run("predict", db, SPEND, "--into", "a.b.c.d") == 2
    assert "is not a table name" in capsys.readouterr().err


def test_a_failed_run_leaves_the_old_table(db, capsys):
    assert _run("predict", db, SPEND, "--into", "preds") == 0
    before = hashlib.sha256(json.dumps(_rows(db, "preds"), default=str).encode()).hexdigest()
    bad = SPEND.replace("amount", "amont")  # fails while compiling, after the target was accepted
    assert _run("predict", db, bad, "--into", "preds", "--replace") == 2
    assert hashlib.sha256(json.dumps(_rows(db, "preds"), default=str).encode()).hexdigest() == before


def _rows(db, table):
    with duckdb.connect(str(db), read_only=True) as con:
        return con.sql(f"SELECT * FROM {table} ORDER BY ALL").fetchall()


def test_output_is_checked_before_any_work(db, tmp_path, capsys):
    assert _run("predict", db, SPEND, "--output", tmp_path / "preds.xlsx") == 2
    err = capsys.readouterr().err
    assert "write a .parquet or .csv file" in err and "building the context" not in err
    assert _run("predict", db, SPEND, "--output", tmp_path / "missing" / "p.csv") == 2
    assert "does not exist" in capsys.readouterr().err
    assert _run("predict", db, SPEND, "--output", tmp_path / "p.parquet") == 0
    assert (tmp_path / "p.parquet").stat().st_size > 0 and not list(tmp_path.glob(".*rfm-tmp"))


def test_output_refuses_an_existing_file_unless_replace(db, tmp_path, capsys):
    mine = tmp_path / "mine.csv"
    mine.write_text("a,b\n1,2\n")
    assert _run("predict", db, SPEND, "--output", mine) == 2
    err = capsys.readouterr().err
    assert "the file exists. Pass --replace" in err and "building the context" not in err
    assert mine.read_text() == "a,b\n1,2\n"
    assert _run("predict", db, SPEND, "--output", mine, "--replace", "--entities", "1,2") == 0
    assert len(mine.read_text().splitlines()) == 3


def test_output_never_replaces_a_file_the_database_is_made_of(tmp_path, capsys):
    folder = tmp_path / "shopdata"
    folder.mkdir()
    with duckdb.connect() as con:
        build(con, n_users=150, n_items=20)
        for (name,) in con.sql("SELECT table_name FROM duckdb_tables()").fetchall():
            con.execute(f"COPY {name} TO '{folder / name}.parquet'")
    tables = {"users": {"pkey": "user_id"}, "items": {"pkey": "item_id"}, "reviews": {"pkey": "review_id"}}
    tables["orders"] = {"pkey": "order_id", "fkeys": {"user_id": "users", "item_id": "items"}, "time_col": "ordered_at"}
    (folder / "schema.json").write_text(json.dumps({"tables": tables}))
    before = hashlib.sha256((folder / "users.parquet").read_bytes()).hexdigest()
    assert _run("predict", folder, SPEND, "--output", folder / "users.parquet", "--replace") == 2
    assert "one of the database's own files" in capsys.readouterr().err
    assert hashlib.sha256((folder / "users.parquet").read_bytes()).hexdigest() == before
    assert _run("predict", folder, SPEND, "--output", folder / "preds.parquet", "--entities", "1") == 0  # a new file


def test_graph_fixes_on_the_command_line_reach_predict(db, tmp_path, capsys):
    graph = tmp_path / "graph.json"
    assert main(["graph", str(db), "--unlink", "reviews.item_id", "--save", str(graph)]) == 0
    out = capsys.readouterr().out
    assert "wrote the graph" in out
    spec = json.loads(graph.read_text())
    assert "item_id" not in spec["tables"]["reviews"]["fkeys"] and spec["tables"]["orders"]["fkeys"]
    query = "PREDICT COUNT(reviews.*, 0, 30, days) FOR EACH items.item_id"
    assert main(["labels", str(db), query, "--anchor-time", "2024-06-01"]) == 0  # the shipped graph links it
    assert main(["labels", str(db), query, "--anchor-time", "2024-06-01", "--graph", str(graph)]) == 2
    assert "reviews" in capsys.readouterr().err
    assert main(["predict", str(db), SPEND, "--graph", str(graph), "--context-size", "100", "--limit", "1"]) == 0


@pytest.mark.parametrize(
    "args, message",
    [
        (["--link", "orders.user_id"], "write it as child_table.column=parent_table"),
        (["--link", "orders=users"], "write it as table.column"),
        (["--unlink", "orders.nothing"], "no link from orders.nothing"),
        (["--time-column", "orders.amount"], "not a date or timestamp"),
        (["--graph", "nope.json"], "does not exist"),
    ],
)
def test_bad_graph_fixes_say_how(db, capsys, args, message):
    assert main(["graph", str(db), *args]) == 2
    assert message.lower() in capsys.readouterr().err.lower()


def test_read_only_commands_leave_the_file_byte_identical(db):
    digest = hashlib.sha256(db.read_bytes()).hexdigest()
    assert main(["graph", str(db)]) == 0
    assert _run("predict", db, SPEND, "--limit", "1") == 0
    assert _run("evaluate", db, SPEND) == 0
    assert hashlib.sha256(db.read_bytes()).hexdigest() == digest


def test_write_table_is_atomic(db):
    """A write DuckDB refuses half-way rolls back: the old table stays as it was."""
    import pyarrow as pa

    from rfm_sql import outputs
    from rfm_sql.errors import UserError

    with duckdb.connect(str(db)) as con:
        target = outputs.resolve_table(con, "preds")
        outputs.write_table(con, pa.table({"x": [1, 2, 3]}), target)
        schema = pa.schema([("x", pa.int64())])

        def batches():
            yield pa.record_batch([pa.array([7, 8])], schema=schema)
            raise OSError("the stream broke half-way")

        with pytest.raises(UserError, match="nothing was changed"):
            outputs.write_table(con, pa.RecordBatchReader.from_batches(schema, batches()), target)
        assert con.sql("SELECT x FROM preds ORDER BY x").fetchall() == [(1,), (2,), (3,)]


def test_a_hand_named_key_is_checked_and_the_links_it_drops_are_named(db, tmp_path, capsys):
    """--primary-key users.country was taken (3 values in 150 rows) and silently dropped every link into users."""
    assert main(["graph", str(db), "--primary-key", "users.country", "--save", str(tmp_path / "g.json")]) == 2
    assert "users.country cannot be the primary key" in capsys.readouterr().err
    assert not (tmp_path / "g.json").exists()
    with duckdb.connect(str(db)) as con:
        con.execute("CREATE TABLE teams AS SELECT range AS team_id, 't' || range AS code FROM range(5)")
        con.execute("CREATE TABLE games AS SELECT range AS game_id, range % 5 AS team_id FROM range(30)")
    assert main(["graph", str(db), "--primary-key", "teams.code"]) == 0  # games.team_id -> teams is inferred
    err = capsys.readouterr().err
    assert err.startswith("warning: teams's key is now code: the links games.team_id -> teams referenced team_id")
    assert "rfm_sql/" not in err  # a user's warning, not Python's file:line form


@pytest.mark.parametrize(
    "table", [{"pkey": ["order_id"]}, {"pkey": 5}, {"fkeys": {"user_id": 7}}, {"fkeys": ["user_id"]}, "orders"]
)
def test_a_graph_file_with_values_of_the_wrong_type_is_named(db, tmp_path, capsys, table):
    path = tmp_path / "g.json"
    path.write_text(json.dumps({"tables": {"orders": table}}))
    assert main(["graph", str(db), "--graph", str(path)]) == 2
    assert 'table "orders" must be an object with "pkey"' in capsys.readouterr().err


def test_a_graph_file_entry_the_database_does_not_match_names_the_file_and_table(db, tmp_path, capsys):
    """'Table "orders" has no column "status"' alone: from dbt it surfaced on models that never read orders."""
    path = tmp_path / "g.json"
    path.write_text(json.dumps({"tables": {"orders": {"pkey": "order_id", "stypes": {"status": "categorical"}}}}))
    assert main(["predict", str(db), SPEND, "--graph", str(path)]) == 2
    err = capsys.readouterr().err
    assert f'Graph file {path}, table "orders": ' in err and '"status"' in err and "Fix or remove that entry" in err


def test_output_into_a_folder_that_cannot_be_written_is_refused_before_any_work(db, tmp_path, capsys, monkeypatch):
    # a read-only mount: found only after the scoring, it was two tracebacks (the write's, then the clean-up's)
    from rfm_sql import outputs

    locked = tmp_path / "locked"
    locked.mkdir()
    real_access = os.access
    monkeypatch.setattr(outputs.os, "access", lambda p, mode: Path(p) != locked and real_access(p, mode))
    assert _run("predict", db, SPEND, "--output", locked / "p.csv") == 2
    err = capsys.readouterr().err
    assert f"the folder {locked} cannot be written here" in err and "building the context" not in err


def test_a_write_that_fails_late_is_one_clear_error(tmp_path, monkeypatch):
    from rfm_sql import outputs

    def refuse(table, where):
        raise OSError(30, "Read-only file system")

    monkeypatch.setitem(outputs.FILE_FORMATS, ".csv", refuse)
    monkeypatch.setattr(Path, "unlink", lambda self, missing_ok=False: refuse(None, None))
    with pytest.raises(UserError, match=r"--output .*p\.csv: cannot write it \(Read-only file system\)"):
        outputs.write_file(pa.table({"a": [1]}), str(tmp_path / "p.csv"))


def test_graph_save_never_replaces_the_database_or_another_file_unasked(db, tmp_path, capsys):
    before = hashlib.sha256(db.read_bytes()).hexdigest()
    assert main(["graph", str(db), "--save", str(db)]) == 2  # a typo that would have overwritten the database
    assert "one of the database's own files" in capsys.readouterr().err
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before
    mine = tmp_path / "notes.json"
    mine.write_text("{}")
    assert main(["graph", str(db), "--save", str(mine)]) == 2
    assert "To update it, pass --graph" in capsys.readouterr().err and mine.read_text() == "{}"
    assert main(["graph", str(db), "--save", str(mine), "--replace"]) == 0
    fixed = tmp_path / "graph.json"
    assert main(["graph", str(db), "--save", str(fixed)]) == 0
    # updating the --graph file it read is the workflow, no --replace needed
    assert main(["graph", str(db), "--graph", str(fixed), "--unlink", "reviews.item_id", "--save", str(fixed)]) == 0
    assert "item_id" not in json.loads(fixed.read_text())["tables"]["reviews"]["fkeys"]
    assert main(["graph", str(db), "--save", str(tmp_path / "missing" / "g.json")]) == 2
    assert "folder that does not exist" in capsys.readouterr().err
