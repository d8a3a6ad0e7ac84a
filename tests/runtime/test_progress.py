import threading

import pytest

import rfm_sql
from rfm_sql.runtime import progress
from rfm_sql.runtime.progress import Meter

CHURN = "PREDICT COUNT(orders.*, 0, 30, days) = 0 FOR EACH users.user_id"
RANK = "PREDICT LIST_DISTINCT(orders.item_id, 0, 30, days) RANK TOP 5 FOR EACH users.user_id"
CLASSES = "PREDICT FIRST(orders.item_id, 0, 30, days) FOR EACH users.user_id"  # 40 classes: scored as pairs


@pytest.fixture
def counted(monkeypatch):
    """Every row counted on a bar (none when no bar is shown), and the bar shown at once."""
    monkeypatch.setattr(progress, "DELAY_SECONDS", 0)
    rows = []
    add = Meter.add

    def spy(self, n):
        if self._bar is not None:
            rows.append(n)
        add(self, n)

    monkeypatch.setattr(Meter, "add", spy)
    return rows


def test_predict_counts_every_entity_on_the_bar(shop, counted, capsys):
    rfm = rfm_sql.attach(shop)
    out = rfm.predict(CHURN, progress=True)
    assert sum(counted) == out.num_rows == 300
    err = capsys.readouterr().err
    assert "scoring" in err and "300/300" in err


def test_pair_scored_predictions_count_their_pairs(shop, counted, capsys):
    rfm = rfm_sql.attach(shop)
    out = rfm.predict(CLASSES, progress=True)
    # the UDF scores (entity, candidate) pairs in DuckDB's chunks; each output row is one scored pair
    assert sum(counted) == out.num_rows > 300
    assert "scoring" in capsys.readouterr().err


def test_no_bar_unless_asked(shop, counted, capsys):
    rfm = rfm_sql.attach(shop)
    rfm.predict(CHURN)
    rfm.predict(RANK)
    assert counted == []
    assert "scoring" not in capsys.readouterr().err


def test_a_concurrent_call_does_not_mix_into_the_bar(counted):
    meter = Meter()
    inside = threading.Event()
    with meter.running(True) as mine:
        assert mine is meter
        meter.add(5)

        def other():
            with meter.running(True) as theirs:  # another thread's call while the first holds the bar
                assert theirs is None  # no bar of its own, and its batch rows are not counted on the first's
                inside.set()

        t = threading.Thread(target=other)
        t.start()
        t.join()
        meter.add(2)
    meter.add(100)  # after the call: nothing shown, nothing counted
    assert inside.is_set() and counted == [5, 2]


def test_a_bar_into_a_log_redraws_now_and_then():
    # stderr no terminal (a cron job's log): tqdm's ten redraws a second were dozens of lines per prediction
    class Log:
        def isatty(self):
            return False

    class Terminal:
        def isatty(self):
            return True

    assert progress.refresh_seconds(Log()) == progress.LOG_REFRESH_SECONDS >= 10
    assert progress.refresh_seconds(Terminal()) == 0.1
    assert progress.refresh_seconds(object()) == progress.LOG_REFRESH_SECONDS
