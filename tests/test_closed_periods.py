"""A table of weekly summaries dated by the week's Monday with no row for the week under way at the present looks
written when each week closes: a backtest says so, with the view that dates each row by its week's end
(runtime/closed_periods.py; a language app's churn backtest read AUROC 0.99 where 0.88 was honest, 0.88 both with
the view in the table's place)."""

import datetime as dt
import warnings

import duckdb

import rfm_sql

CHURN = "PREDICT COUNT(lessons.*, 0, 14, days) = 0 FOR EACH users.user_id"


def _app(current_week: bool):
    """200 users' lessons over 2023-2024 (to Wednesday 2025-01-01 12:00), and their weekly XP dated by each
    Monday; `current_week`: with the row of the week begun Monday 2024-12-30 (written as it starts) or without."""
    con = duckdb.connect()
    con.execute("CREATE TABLE users (user_id INTEGER PRIMARY KEY, joined_at TIMESTAMP)")
    con.execute("INSERT INTO users SELECT i, TIMESTAMP '2022-12-01' FROM range(200) t(i)")
    con.execute(
        "CREATE TABLE lessons (lesson_id INTEGER PRIMARY KEY, user_id INTEGER REFERENCES users, done_at TIMESTAMP)"
    )
    con.execute(
        "INSERT INTO lessons SELECT i, (i * 7919) % 200, TIMESTAMP '2023-01-02' + INTERVAL (i * 41) MINUTE "
        "FROM range(26000) t(i) WHERE TIMESTAMP '2023-01-02' + INTERVAL (i * 41) MINUTE <= TIMESTAMP '2025-01-01 12:00'"
    )
    last = "DATE '2024-12-30'" if current_week else "DATE '2024-12-23'"
    con.execute(
        "CREATE TABLE weekly_xp (week_id INTEGER PRIMARY KEY, user_id INTEGER REFERENCES users, week_start DATE, "
        "xp INTEGER)"
    )
    con.execute(
        "INSERT INTO weekly_xp SELECT 1000 * w + u, u, DATE '2023-01-02' + CAST(7 * w AS INTEGER), (u * w) % 97 FROM range(105) a(w), "
        f"range(200) b(u) WHERE DATE '2023-01-02' + CAST(7 * w AS INTEGER) <= {last}"
    )
    return con


def _said(con) -> list[str]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        evaluation = rfm_sql.attach(con).evaluate(CHURN, anchor_time="2024-06-03", context_size=200)
    return [w for w in evaluation.warnings if "weekly_xp is dated by week_start" in w] + [
        str(w.message) for w in caught if "weekly_xp is dated by week_start" in str(w.message)
    ]


def test_weekly_rows_missing_the_week_under_way_are_said_to_be_written_when_it_closes():
    said = _said(_app(current_week=False))
    assert said and "holds no row for the week that began 2024-12-30" in said[0]
    assert "week_start + INTERVAL 1 WEEK AS known_at FROM weekly_xp" in said[0]


def test_weekly_rows_written_as_the_week_starts_are_not():
    assert _said(_app(current_week=True)) == []


def test_a_window_over_weekly_rows_learns_from_anchors_whole_weeks_apart():
    """30 days from a Sunday hold five Mondays, from a Wednesday four: context anchors 30 days apart read labels of
    four or five weeks by the anchor's weekday (a solar trial's energy per site in 30 days was read 1.3 times too
    high). Anchors whole weeks apart hold as many weeks as the prediction's window; a table of any times does not
    need them."""
    from rfm_sql.runtime.options import RunOptions
    from rfm_sql.runtime.plan import make_plan

    con = _app(current_week=True)
    rfm = rfm_sql.attach(con)
    anchor = dt.datetime(2024, 9, 1)
    weekly = make_plan(
        con,
        rfm.resolve("PREDICT SUM(weekly_xp.xp, 0, 30, days) FOR EACH users.user_id"),
        rfm.graph,
        anchor,
        RunOptions(),
    )
    assert weekly.context_anchors[:3] == tuple(anchor - dt.timedelta(days=35 * k) for k in (1, 2, 3))
    mondays = {sum((a + dt.timedelta(days=d)).weekday() == 0 for d in range(1, 31)) for a in weekly.context_anchors}
    assert mondays == {5}  # as the prediction's window from Sunday 2024-09-01
    daily = make_plan(
        con,
        rfm.resolve("PREDICT COUNT(lessons.*, 0, 30, days) FOR EACH users.user_id"),
        rfm.graph,
        anchor,
        RunOptions(),
    )
    assert daily.context_anchors[:2] == (anchor - dt.timedelta(days=30), anchor - dt.timedelta(days=60))
    by_week = make_plan(
        con,
        rfm.resolve("PREDICT SUM(weekly_xp.xp, 0, 28, days) FOR EACH users.user_id"),
        rfm.graph,
        anchor,
        RunOptions(),
    )
    assert by_week.context_anchors[0] == anchor - dt.timedelta(days=28)  # whole weeks already
