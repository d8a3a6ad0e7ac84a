"""A multiclass target's window a year back (compile.year_ago): each class's share of the rows in it and the
entity's own rows of the class there, pair features that name the season's class where the last horizons name
the one before (a marina trial's next service per boat, from June, read spring's bottom paint)."""

import duckdb
import pytest

import rfm_sql
from rfm_sql.compile import candidates
from rfm_sql.compile.pair_spec import Budget, pair_spec

NEXT = "PREDICT FIRST(services.kind, 0, 90, days) FOR EACH boats.boat_id"
ANCHOR = "2024-06-01"


@pytest.fixture(scope="module")
def marina():
    """40 boats, a service every 10 days each through 2022-2024: 'paint' in March-May, 'engine' in June-August,
    'winterize' in the autumn, 'repair' in winter."""
    con = duckdb.connect()
    con.execute("CREATE TABLE boats (boat_id INTEGER PRIMARY KEY, joined_at TIMESTAMP)")
    con.execute("INSERT INTO boats SELECT i, TIMESTAMP '2021-06-01' FROM range(40) t(i)")
    con.execute(
        "CREATE TABLE services (service_id INTEGER PRIMARY KEY, boat_id INTEGER REFERENCES boats, "
        "opened_at TIMESTAMP, kind VARCHAR)"
    )
    con.execute(
        "INSERT INTO services SELECT 1000 * b + k, b, t, CASE WHEN month(t) BETWEEN 3 AND 5 THEN 'paint' "
        "WHEN month(t) BETWEEN 6 AND 8 THEN 'engine' WHEN month(t) BETWEEN 9 AND 11 THEN 'winterize' ELSE 'repair' "
        "END FROM (SELECT b, k, TIMESTAMP '2022-01-01' + INTERVAL (10 * k + b % 10) DAY AS t "
        "FROM range(40) a(b), range(106) c(k))"
    )
    return con


def test_the_window_a_year_back_gives_each_class_its_share_and_the_entitys_rows(marina):
    rfm = rfm_sql.attach(marina)
    vq = rfm.resolve(NEXT)
    marina.execute(f"CREATE OR REPLACE TEMP TABLE seed AS SELECT 7 AS ENTITY, TIMESTAMP '{ANCHOR}' AS ANCHOR_TIMESTAMP")
    select, _ = candidates.pair_sql(vq, rfm.graph, pair_spec(vq, rfm.graph), "seed", Budget.of(6), ["engine", "paint"])
    rows = {r.CLASS: r for _, r in marina.sql(select.sql("duckdb")).df().iterrows()}
    window = "opened_at > TIMESTAMP '2023-06-01' AND opened_at <= TIMESTAMP '2023-06-01' + INTERVAL 90 DAY"
    shares = dict(
        marina.sql(f"SELECT kind, COUNT(*) / SUM(COUNT(*)) OVER () FROM services WHERE {window} GROUP BY 1").fetchall()
    )
    own = dict(marina.sql(f"SELECT kind, COUNT(*) FROM services WHERE boat_id = 7 AND {window} GROUP BY 1").fetchall())
    assert shares["engine"] > 0.9 and own["engine"] > 5
    for kind in ("engine", "paint"):
        assert rows[kind]["pair:pop_year_ago"] == pytest.approx(shares.get(kind, 0))
        assert rows[kind]["pair:hist_year_ago"] == own.get(kind, 0)
    assert rows["paint"]["pair:pop_1h"] > rows["engine"]["pair:pop_1h"]  # the last horizon names spring's class
