import re

import pytest

from rfm_sql.cli import main
from tests.conftest import shared_db

F1_TOP3 = (
    "PREDICT MIN(qualifying.position, 0, 30, days) <= 3 FOR EACH drivers.driverId "
    "ASSUMING COUNT(qualifying.*, 0, 30, days) > 0"
)


def test_graph_of_a_folder(capsys):
    assert main(["graph", str(shared_db("f1"))]) == 0
    out = capsys.readouterr().out
    assert "results" in out and "link: driverId -> drivers.driverId" in out


def test_labels_with_sql(capsys):
    assert (
        main(["labels", str(shared_db("f1")), F1_TOP3, "--anchor-time", "2010-03-02", "--show-sql", "--limit", "3"])
        == 0
    )
    out = capsys.readouterr().out
    assert 'JOIN "qualifying" AS "f"' in out and "ENTITY" in out and "(24 in all)" in out


@pytest.mark.parametrize(
    "args, message",
    [
        (["labels", "nowhere.duckdb", F1_TOP3], "does not exist"),
        (
            ["labels", "F1", "PREDICT MIN(qualifying.positon, 0, 30) FOR EACH drivers.driverId"],
            'Did you mean "position"?',
        ),
        (["labels", "F1", F1_TOP3, "--anchor-time", "soon"], "not a timestamp"),
        (["predict", "F1", F1_TOP3, "--model", "/nowhere/model.onnx"], "does not exist"),
    ],
)
def test_errors_exit_2_with_message(capsys, args, message):
    args = [str(shared_db("f1")) if a == "F1" else a for a in args]
    assert main(args) == 2
    assert message in capsys.readouterr().err


def test_demo_runs(capsys, tmp_path):
    assert main(["demo", "--db", str(tmp_path / "demo.duckdb")]) == 0
    out = capsys.readouterr().out
    assert "orders" in out and "True_PROB" in out and "TARGET_PRED" in out and "auroc" in out
    assert "RANK TOP 5" in out and "RANK" in out.split("RANK TOP 5")[1]  # the recommendation's table
    assert "FORECAST 4 TIMEFRAMES" in out and "rfm.explain(churn, entity=" in out


def test_demo_never_writes_into_a_database_of_yours(capsys, tmp_path):
    import hashlib

    import duckdb

    from rfm_sql.demo import build, open_demo_db

    mine = tmp_path / "mine.duckdb"
    with duckdb.connect(str(mine)) as con:
        con.execute("CREATE TABLE items (sku VARCHAR)")
    before = hashlib.sha256(mine.read_bytes()).hexdigest()
    assert main(["demo", "--db", str(mine)]) == 2
    assert "already holds items; the demo never writes into a database of yours" in capsys.readouterr().err
    assert hashlib.sha256(mine.read_bytes()).hexdigest() == before
    views_only = tmp_path / "views.duckdb"
    with duckdb.connect(str(views_only)) as con:
        con.execute("CREATE VIEW v AS SELECT 1 AS x")
    assert main(["demo", "--db", str(views_only)]) == 2  # no table, but not empty: a database of yours
    assert "already holds v" in capsys.readouterr().err
    (tmp_path / "notes.txt").write_text("not a database")
    for bad, message in [(tmp_path, "is a folder"), (tmp_path / "notes.txt", "cannot be opened as a DuckDB database"),
                         (tmp_path / "nowhere" / "d.duckdb", "does not exist")]:  # fmt: skip
        assert main(["demo", "--db", str(bad)]) == 2
        assert message in capsys.readouterr().err
    earlier = tmp_path / "demo.duckdb"
    with duckdb.connect(str(earlier)) as con:
        build(con, n_users=50, n_items=10)
    con, reused = open_demo_db(str(earlier))  # an earlier demo's database is used as it is
    con.close()
    assert reused


@pytest.fixture
def small_shop_file(tmp_path):
    """A 60-user demo database in a file, as the CLI opens it."""
    import duckdb

    from rfm_sql.demo import build

    db = tmp_path / "shop.duckdb"
    with duckdb.connect(str(db)) as con:
        build(con, n_users=60, n_items=10)
    return db


@pytest.mark.parametrize(
    "flags, message",
    [
        (["--limit", "-1"], "argument --limit: -1 is negative"),
        (["--limit", "ten"], "argument --limit: 'ten' is not a whole number"),
        (["--into", ""], "--into is empty"),
        (["--into", "preds.parquet"], "'preds.parquet' looks like a file: write the file with --output preds.parquet"),
        (["--model", "nosuch.onnx"], "nosuch.context.onnx and nosuch.query.onnx are missing"),
        (
            ["--anchor-time", "yesterday"],
            "error: --anchor-time 'yesterday' is not a timestamp",
        ),  # the flag, not anchor_time=
        (["--seed", "-1"], "error: --seed -1 must be a non-negative integer"),
    ],
)
def test_flag_mistakes_are_named(capsys, small_shop_file, flags, message):
    db = small_shop_file
    query = "PREDICT COUNT(orders.*, 0, 30, days) FOR EACH users.user_id"
    try:
        code = main(["predict", str(db), query, "--context-size", "20", *flags])
    except SystemExit as e:  # argparse's own refusals
        code = e.code
    assert code == 2 and message in capsys.readouterr().err


def test_into_a_quoted_file_like_name_is_a_table(capsys, small_shop_file):
    import duckdb

    query = "PREDICT COUNT(orders.*, 0, 30, days) FOR EACH users.user_id"
    assert main(["predict", str(small_shop_file), query, "--context-size", "20", "--into", '"preds.csv"']) == 0
    with duckdb.connect(str(small_shop_file), read_only=True) as con:
        assert con.execute('SELECT count(*) FROM "preds.csv"').fetchall()[0][0] > 0


def test_every_python_argument_in_an_error_is_written_as_its_flag(capsys, small_shop_file):
    db = small_shop_file
    binary = "PREDICT COUNT(orders.*, 0, 30, days) > 0 FOR EACH users.user_id"
    assert main(["predict", str(db), binary, "--context-size", "20", "--quantiles", "0.1"]) == 2
    err = capsys.readouterr().err  # it said "--quantiles  applies ... Drop quantiles=,"
    assert "error: --quantiles applies to" in err and "Drop --quantiles, or" in err and "quantiles=" not in err


def test_predict_evaluate_and_outputs(capsys, tmp_path):
    import duckdb

    from rfm_sql.demo import build

    db = tmp_path / "shop.duckdb"
    with duckdb.connect(str(db)) as con:
        build(con, n_users=200, n_items=20)
    query = "PREDICT SUM(orders.amount, 0, 30, days) FOR EACH users.user_id"
    assert main(["predict", str(db), query, "--entities", "1,2,3", "--context-size", "100"]) == 0
    assert "TARGET_PRED" in capsys.readouterr().out
    out = tmp_path / "p.parquet"
    assert main(["predict", str(db), query, "--context-size", "100", "--output", str(out)]) == 0
    import pyarrow.parquet as pq

    assert pq.read_table(out).num_rows > 0
    assert main(["predict", str(db), query, "--context-size", "100", "--into", "spend_predictions"]) == 0
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.sql("SELECT COUNT(*) FROM spend_predictions").fetchall()[0][0] > 0
    assert main(["evaluate", str(db), query, "--context-size", "100"]) == 0
    assert "mae" in capsys.readouterr().out
    assert main(["predict", str(db), query, "--output", str(tmp_path / "p.xlsx")]) == 2
    assert "write a .parquet or .csv file" in capsys.readouterr().err


USER_ACTIVE = (
    "PREDICT COUNT(ratings.*, 0, 90, days) > 0 FOR EACH users.userId WHERE COUNT(ratings.*, -365, 0, days) > 0"
)


def test_bench_on_a_task_folder(capsys, tmp_path):
    import json

    from rfm_sql import bench

    movielens = str(shared_db("movielens-small"))
    args = ["bench", movielens, "user-active", "--query", USER_ACTIVE, "--split", "val", "--context-size", "100"]
    assert main([*args, "--json", str(tmp_path / "r.json")]) == 0
    out = capsys.readouterr().out
    assert "lightgbm" in out and "(published)" not in out  # nothing published for this task
    result = json.loads((tmp_path / "r.json").read_text())
    assert result["metric"] == "auroc" and result["n"] > 200
    assert set(result["results"]) == {"rfm", "entity_mean", "last_value", "global", "lightgbm"}
    # a task with published numbers shows them beside the run's own
    published = {**result, "data": "f1", "task": "driver-top3", "published": bench.PUBLISHED[("f1", "driver-top3")]}
    assert "KumoRFM-2 (published)" in bench.format_result(published)
    assert main(["bench", movielens, "no-such-task", "--query", USER_ACTIVE]) == 2


def test_predict_shows_its_progress_and_sql(capsys, tmp_path, monkeypatch):
    import duckdb

    from rfm_sql.demo import build
    from rfm_sql.runtime import progress

    monkeypatch.setattr(progress, "DELAY_SECONDS", 0)  # shown at once (a real call shows it after 2 s)
    db = tmp_path / "shop.duckdb"
    with duckdb.connect(str(db)) as con:
        build(con, n_users=200, n_items=20)
    query = "PREDICT COUNT(orders.*, 0, 30, days) > 0 FOR EACH users.user_id"
    assert main(["predict", str(db), query, "--context-size", "100", "--show-sql"]) == 0
    captured = capsys.readouterr()
    assert "scoring" in captured.err and "200/200" in captured.err  # every user, counted on stderr
    assert "True_PROB" in captured.out and "SELECT" in captured.out  # the table and the SQL, on stdout


def test_a_graph_fix_is_also_said_the_command_line_way(capsys, tmp_path):
    import duckdb

    from rfm_sql.demo import build

    db, fixes = tmp_path / "shop.duckdb", tmp_path / "graph.json"
    with duckdb.connect(str(db)) as con:
        build(con, n_users=50, n_items=5)
    assert main(["graph", str(db), "--unlink", "reviews.user_id", "--save", str(fixes)]) == 0
    capsys.readouterr()
    query = "PREDICT COUNT(reviews.*, 0, 30, days) FOR EACH users.user_id"
    assert main(["predict", str(db), query, "--graph", str(fixes)]) == 2
    err = capsys.readouterr().err
    assert 'rfm.graph.link("reviews"' in err  # the Python fix, as the error words it
    assert "rfm-sql graph DB --link CHILD.FKEY=PARENT --save graph.json" in err and "--graph graph.json" in err


def test_bench_json_in_a_missing_folder_is_refused_before_the_run(capsys, tmp_path):
    args = ["bench", str(tmp_path), "t", "--query", "PREDICT x", "--json", str(tmp_path / "no" / "r.json")]
    assert main(args) == 2
    assert f"the folder {tmp_path / 'no'} does not exist" in capsys.readouterr().err


def test_a_message_written_for_every_surface_keeps_its_python_form(capsys, small_shop_file):
    # "pass entity=42 (Python), ..., --entity 42 (rfm-sql explain)" became "pass --entity 42 (Python), ..."
    assert (
        main(["explain", str(small_shop_file), "PREDICT SUM(orders.amount, 0, 30, days) FOR EACH users.user_id"]) == 2
    )
    err = capsys.readouterr().err
    assert "entity=42 (Python)" in err and "--entity 42 (rfm-sql explain)" in err


def test_an_unknown_option_is_refused_by_its_command_with_the_likely_one(capsys):
    # --entity for --entities: the top level's usage, and no hint, was what a user saw
    with pytest.raises(SystemExit) as exit_:
        main(["predict", "shop.duckdb", "PREDICT COUNT(orders.*, 0, 30, days) FOR EACH users.user_id", "--entity", "1"])
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert "rfm-sql predict: error: unrecognized arguments: --entity 1 (did you mean --entities?)" in err
    with pytest.raises(SystemExit):
        main(["graph", "shop.duckdb", "--svae", "g.json"])
    assert "did you mean --save?" in capsys.readouterr().err
    with pytest.raises(SystemExit):  # before the command: the top level's mistake
        main(["--bogus", "graph", "shop.duckdb"])
    assert "rfm-sql: error: unrecognized arguments: --bogus" in capsys.readouterr().err


def test_bench_names_a_missing_folder_and_the_tasks_a_folder_has(capsys, tmp_path):
    assert main(["bench", str(tmp_path / "nowhere"), "churn", "--query", "PREDICT x"]) == 2
    assert "nowhere is no folder: pass the database's folder" in capsys.readouterr().err
    (tmp_path / "tasks" / "user-active").mkdir(parents=True)
    assert main(["bench", str(tmp_path), "churn", "--query", "PREDICT x"]) == 2
    assert "Its tasks: user-active." in capsys.readouterr().err


def test_evaluate_backtests_at_each_anchor_given(small_shop_file, capsys):
    query = "PREDICT COUNT(orders.*, 0, 30, days) > 0 FOR EACH users.user_id"
    at = ["--anchor-time", "2024-06-01", "--anchor-time", "2024-09-01"]
    assert main(["evaluate", str(small_shop_file), query, *at, "--context-size", "100"]) == 0
    out = capsys.readouterr().out
    assert re.search(r"^anchors\s+2$", out, re.M) and re.search(r"^first_anchor\s+2024-06-01", out, re.M)
    # each anchor's metrics on a line of their own (a trial read one pooled AUROC over three anchors)
    for anchor in ("2024-06-01", "2024-09-01"):
        assert re.search(rf"^at {anchor} 00:00:00\s+auroc 0\.\d{{4}}, accuracy", out, re.M)
    assert main(["evaluate", str(small_shop_file), query, at[0], at[1], "--context-size", "100"]) == 0
    assert re.search(r"^anchors\s+1$", capsys.readouterr().out, re.M)


def test_predict_help_says_when_to_ask_for_means(capsys):
    """An LMS trial: the help listed --point but not that means are what adds up (medians of a mostly-zero count
    are mostly 0)."""
    with pytest.raises(SystemExit):
        main(["predict", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    assert "mean (expected values, which add up to a total)" in text and "mostly 0" in text


def test_a_warning_is_printed_once(capsys, tmp_path):
    # listed agents missing at the anchor were warned of twice for a static target (a real-estate trial)
    import duckdb

    db = tmp_path / "agents.duckdb"
    con = duckdb.connect(str(db))
    con.execute("CREATE TABLE agents (agent_id VARCHAR PRIMARY KEY, hired_at TIMESTAMP, region VARCHAR)")
    con.execute(
        "INSERT INTO agents SELECT printf('AG%04d', i), TIMESTAMP '2023-01-01' + to_days(CAST(i * 3 AS INT)), "
        "CASE WHEN i % 2 = 0 THEN 'north' ELSE 'south' END FROM range(1, 41) t(i)"
    )
    con.close()
    query = "PREDICT agents.region FOR agents.agent_id IN ('AG0030','AG0035')"
    assert main(["predict", str(db), query, "--anchor-time", "2023-03-15"]) == 0
    err = capsys.readouterr().err
    assert err.count("warning: 2 listed agents row(s) do not exist at the anchor") == 1
