"""A target table too sparse for its silence to mean anything is observed up to the database's present: a game's
43 bans in two years, the last one weeks before the sessions end, set the default anchor at the last ban (so "the
next 30 days" began in the past of every other table) and refused backtests over the weeks since, whose labels
are real zeros. A busy table that stops early keeps its last row as its end, with the note it had."""

import datetime as dt
import warnings

import duckdb
import pytest

import rfm_sql
from rfm_sql.errors import RFMWarning, UserError
from rfm_sql.runtime import anchors, stale

PRESENT = dt.datetime(2024, 12, 31, 12)  # the sessions' last row
LAST_BAN = dt.datetime(2024, 12, 5)
LAST_PAYMENT = dt.datetime(2024, 11, 20)
BANNED = "PREDICT COUNT(bans.*, 0, 30, days) > 0 FOR EACH players.player_id"
PAYS = "PREDICT COUNT(payments.*, 0, 30, days) > 0 FOR EACH players.player_id"


@pytest.fixture
def game():
    con = duckdb.connect()
    con.execute("CREATE TABLE players (player_id INTEGER PRIMARY KEY, signup_at TIMESTAMP, country VARCHAR)")
    con.execute(
        "INSERT INTO players SELECT i, TIMESTAMP '2023-01-01' + INTERVAL (i) HOUR, 'c' || (i % 4) FROM range(300) t(i)"
    )
    con.execute("CREATE TABLE sessions (player_id INTEGER REFERENCES players, login_at TIMESTAMP)")
    con.execute(
        "INSERT INTO sessions SELECT i % 300, TIMESTAMP '2024-12-31 12:00' - INTERVAL (i * 97) MINUTE FROM range(10000) t(i)"
    )
    # 40 bans, one every ~17 days, the last 26 days before the sessions end: a 24% chance of such a silence
    con.execute("CREATE TABLE bans (player_id INTEGER REFERENCES players, banned_at TIMESTAMP)")
    con.execute(
        "INSERT INTO bans SELECT (i * 7) % 300, TIMESTAMP '2024-12-05' - INTERVAL (i * 17) DAY FROM range(40) t(i)"
    )
    # three payments a day that stop 41 days before the sessions do: an export that ended, not a quiet spell
    con.execute("CREATE TABLE payments (player_id INTEGER REFERENCES players, paid_at TIMESTAMP, usd DOUBLE)")
    con.execute(
        "INSERT INTO payments SELECT i % 300, TIMESTAMP '2024-11-20' - INTERVAL (i * 8) HOUR, 5 FROM range(2000) t(i)"
    )
    return con


def test_a_sparse_target_table_is_observed_up_to_the_present(game):
    rfm = rfm_sql.attach(game)
    vq = rfm.resolve(BANNED)
    with game.cursor() as cur:
        assert anchors.default_anchor(cur, vq, rfm.graph) == PRESENT
        assert anchors.backtest_anchor(cur, vq, rfm.graph) == PRESENT - dt.timedelta(days=30)
        assert anchors.data_end(cur, vq, rfm.graph) == PRESENT
        # a backtest anchor whose window runs past the last ban but not past the present: labels are real zeros
        anchors.check_observed(cur, vq, rfm.graph, [dt.datetime(2024, 11, 25)])
        assert stale.after_the_end(cur, vq, rfm.graph, PRESENT) is None
        assert stale.staleness(cur, vq, rfm.graph, PRESENT) is None
    out = rfm.predict(BANNED, context_size=200)
    assert "WARNING" not in out.column_names or not any(out.column("WARNING").to_pylist())
    labels = rfm.labels(BANNED, anchor_time="2024-11-25")  # the weeks after the last ban label as no ban
    assert labels.num_rows == 300 and sum(labels.column("TARGET").to_pylist()) <= 2


def test_a_busy_table_that_stops_early_keeps_its_end(game):
    rfm = rfm_sql.attach(game)
    vq = rfm.resolve(PAYS)
    with game.cursor() as cur:
        assert anchors.data_end(cur, vq, rfm.graph) == LAST_PAYMENT
        with pytest.raises(UserError, match=r"past the end of the data in payments \(2024-11-20"):
            anchors.check_observed(cur, vq, rfm.graph, [dt.datetime(2024, 11, 25)])
    with pytest.warns(RFMWarning, match=r"is the last row of payments; sessions.login_at runs on to 2024-12-31"):
        out = rfm.predict(PAYS, context_size=200)
    assert "anchor_time='2024-12-31 12:00:00'" in out.column("WARNING")[0].as_py()


def test_a_table_that_runs_on_far_ahead_of_the_rest_is_no_present(game):
    """The present is the other tables' latest time, but not that of one running on more than 30 days past every
    other (planned visits, six months past the sessions): the bans are observed to the sessions' end (it had moved
    the default anchor to the last planned visit), and rows dated ahead are no reason for a note (a streaming
    trial's every query advised predicting from the last album release, two months past the last play)."""
    game.execute("CREATE TABLE visits (player_id INTEGER REFERENCES players, planned_at TIMESTAMP)")
    game.execute("INSERT INTO visits SELECT i % 300, TIMESTAMP '2025-06-30' - INTERVAL (i) DAY FROM range(60) t(i)")
    rfm = rfm_sql.attach(game)
    with game.cursor() as cur, warnings.catch_warnings():
        warnings.simplefilter("error", RFMWarning)
        assert anchors.default_anchor(cur, rfm.resolve(BANNED), rfm.graph) == PRESENT


def test_a_table_with_rows_every_day_ends_at_its_last_row(game):
    """PQL.md's default anchor, the target table's latest row, for any table busier than a row a day: sessions
    ending two hours before a report was filed stay where they end (a hotel trial's bookings had moved to the
    last review's time, and the warning called that the bookings' last row)."""
    game.execute("CREATE TABLE reports (player_id INTEGER REFERENCES players, filed_at TIMESTAMP)")
    game.execute("INSERT INTO reports VALUES (1, TIMESTAMP '2024-12-31 14:00')")
    rfm = rfm_sql.attach(game)
    with game.cursor() as cur:
        vq = rfm.resolve("PREDICT COUNT(sessions.*, 0, 7, days) > 0 FOR EACH players.player_id")
        assert anchors.default_anchor(cur, vq, rfm.graph) == PRESENT
        assert anchors.default_anchor(cur, rfm.resolve(BANNED), rfm.graph) == dt.datetime(2024, 12, 31, 14)


def test_a_table_written_in_batches_is_observed_until_its_next_batch_is_due(game):
    """Invoices issued on the 1st of each month, the sessions running on to the 31st: the next batch is not due, so
    the invoices are observed to the present (a coworking trial's monthly invoice sums were predicted from the last
    batch, 1 December 06:09, its window catching part of January's); a batch overdue keeps its last row."""
    game.execute(
        "CREATE TABLE invoices (invoice_id INTEGER PRIMARY KEY, player_id INTEGER REFERENCES players, "
        "issued_at TIMESTAMP, usd DOUBLE)"
    )
    game.execute(
        "INSERT INTO invoices SELECT 1000 * m + p, p, TIMESTAMP '2024-01-01 06:09' + INTERVAL (m) MONTH "
        "+ INTERVAL (p) SECOND, 10 + p % 7 FROM range(12) a(m), range(50) b(p)"
    )
    rfm = rfm_sql.attach(game)
    vq = rfm.resolve("PREDICT SUM(invoices.usd, 0, 1, months) FOR EACH players.player_id")
    with game.cursor() as cur:
        assert anchors.default_anchor(cur, vq, rfm.graph) == PRESENT
    game.execute("DELETE FROM invoices WHERE issued_at >= TIMESTAMP '2024-11-01'")  # October's, two months back
    rfm = rfm_sql.attach(game)
    with game.cursor() as cur, warnings.catch_warnings():
        warnings.simplefilter("ignore")
        query = rfm.resolve("PREDICT SUM(invoices.usd, 0, 1, months) FOR EACH players.player_id")
        assert anchors.default_anchor(cur, query, rfm.graph) < dt.datetime(2024, 10, 2)


def test_a_table_as_quiet_a_year_before_is_observed_up_to_the_present(game):
    """Purchases from March to October only, 2023 and 2024: the silence since October is the season's, as it was a
    year before, not the data's end (a farm co-op's backtests were refused after its last purchase). Payments that
    stop where they ran on a year before keep their end."""
    game.execute("CREATE TABLE purchases (player_id INTEGER REFERENCES players, bought_at TIMESTAMP, usd DOUBLE)")
    game.execute(
        "INSERT INTO purchases SELECT i % 300, TIMESTAMP '2023-03-01' + INTERVAL (i * 3) HOUR, 9 FROM range(2000) t(i) "
        "WHERE month(TIMESTAMP '2023-03-01' + INTERVAL (i * 3) HOUR) BETWEEN 3 AND 10"
    )
    game.execute(
        "INSERT INTO purchases SELECT i % 300, TIMESTAMP '2024-03-01' + INTERVAL (i * 3) HOUR, 9 FROM range(2000) t(i) "
        "WHERE month(TIMESTAMP '2024-03-01' + INTERVAL (i * 3) HOUR) BETWEEN 3 AND 10"
    )
    rfm = rfm_sql.attach(game)
    bought = "PREDICT COUNT(purchases.*, 0, 30, days) > 0 FOR EACH players.player_id"
    with game.cursor() as cur:
        assert anchors.default(cur, rfm.resolve(bought), rfm.graph).time == PRESENT
        assert anchors.default(cur, rfm.resolve(PAYS), rfm.graph).time == LAST_PAYMENT
    rfm.evaluate(bought, anchor_time="2024-11-15")  # within the season's silence: labels are real zeros


def test_a_busy_table_whose_data_began_a_year_before_its_silence_keeps_its_end(game):
    """Orders at one a day from November 2023, at 72 a day from mid-January, stopping in mid-December 2024 (an
    export that ended): the same days a year before were quiet because the data had only begun, not for a season."""
    game.execute("CREATE TABLE orders (player_id INTEGER REFERENCES players, ordered_at TIMESTAMP)")
    game.execute("INSERT INTO orders SELECT i % 300, TIMESTAMP '2023-11-01' + INTERVAL (i) DAY FROM range(75) t(i)")
    game.execute(
        "INSERT INTO orders SELECT i % 300, TIMESTAMP '2024-01-15' + INTERVAL (i * 20) MINUTE FROM range(24000) t(i)"
    )
    rfm = rfm_sql.attach(game)
    ordered = "PREDICT COUNT(orders.*, 0, 30, days) > 0 FOR EACH players.player_id"
    with game.cursor() as cur:
        end = game.execute("SELECT max(ordered_at) FROM orders").fetchall()[0][0]
        assert anchors.default(cur, rfm.resolve(ordered), rfm.graph).time == end
