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
    ],
)
def test_errors_exit_2_with_message(capsys, args, message):
    args = [str(shared_db("f1")) if a == "F1" else a for a in args]
    assert main(args) == 2
    assert message in capsys.readouterr().err


def test_demo_runs(capsys, tmp_path):
    assert main(["demo", "--db", str(tmp_path / "demo.duckdb")]) == 0
    out = capsys.readouterr().out
    assert "orders" in out and "placed no order in the next 30" in out
