"""Pair features from the entity's segments (`compile.segment_pop`) by hand on small databases."""

import datetime as dt
import math

import duckdb
import pytest
from sqlglot import exp

import rfm_sql
from rfm_sql.compile import candidates, pair_spec, segment_pop
from rfm_sql.compile import labels as label_compiler
from rfm_sql.compile.sqlutil import to_sql

ANCHOR = dt.datetime(2024, 4, 1)
RANK = "PREDICT LIST_DISTINCT(joins.club_id, 0, 30, days) RANK TOP 3 FOR EACH players.player_id"


@pytest.fixture(scope="module")
def clubs():
    """60 players in two regions (and a coin flip, and the region's name: the same split as the region); 8 clubs,
    4 per region; each player joins one club of its own region, player i on day i (players 41-60 join none)."""
    con = duckdb.connect()
    con.execute(
        "CREATE TABLE players (player_id INTEGER PRIMARY KEY, region VARCHAR, region_name VARCHAR, coin VARCHAR)"
    )
    con.execute(
        "INSERT INTO players SELECT i, CASE WHEN i % 2 = 0 THEN 'n' ELSE 's' END, "
        "CASE WHEN i % 2 = 0 THEN 'north' ELSE 'south' END, CASE WHEN i % 3 = 0 THEN 'h' ELSE 't' END "
        "FROM range(1, 61) t(i)"
    )
    con.execute("CREATE TABLE clubs (club_id INTEGER PRIMARY KEY, region VARCHAR)")
    con.execute("INSERT INTO clubs SELECT c, CASE WHEN c % 2 = 0 THEN 'n' ELSE 's' END FROM range(1, 9) t(c)")
    con.execute(
        "CREATE TABLE joins (join_id INTEGER PRIMARY KEY, player_id INTEGER REFERENCES players, "
        "club_id INTEGER REFERENCES clubs, joined_at TIMESTAMP)"
    )
    # player i joins club 2 * (i % 4 // 2 + 1) - (i % 2): an even club for an even (north) player, always
    con.execute(
        "INSERT INTO joins SELECT i, i, 2 * ((i // 2) % 4) + 2 - (i % 2), TIMESTAMP '2024-01-01' + to_days(i) "
        "FROM range(1, 41) t(i)"
    )
    rfm = rfm_sql.attach(con)
    for column in ("region", "region_name", "coin"):
        rfm.graph.set_stype("players", column, "categorical")
    rfm.graph.set_stype("clubs", "region", "categorical")
    return con, rfm


def _pairs(con, rfm, entities, budget):
    vq = rfm.resolve(RANK)
    spec = pair_spec.pair_spec(vq, rfm.graph)
    select, features = candidates.pair_sql(vq, rfm.graph, spec, "rfm_seed", budget)
    seed = label_compiler.seed_for_anchors(vq, rfm.graph, [ANCHOR], entities)
    query = exp.select("*").from_(select.subquery("x")).with_("rfm_seed", as_=seed)
    return con.sql(to_sql(query)).to_arrow_table().to_pylist(), [f.name for f in features]


def test_the_segment_that_explains_past_targets_comes_first_and_its_lift_is_by_hand(clubs):
    con, rfm = clubs
    rows, names = _pairs(con, rfm, [50, 51], pair_spec.Budget(history=2, popular=8, cooc=2))
    assert {"pair:segment_1", "pair:segment_2"} <= set(names)
    joins = con.sql("SELECT p.region, j.club_id FROM joins j JOIN players p USING (player_id)").fetchall()
    total, per_club = len(joins), {}
    for region, club in joins:
        per_club.setdefault(club, {}).setdefault(region, 0)
        per_club[club][region] += 1
    for r in rows:
        region = "n" if r["ENTITY"] % 2 == 0 else "s"
        n_all = sum(per_club.get(r["CLASS"], {}).values())
        prior = (n_all + 0.5) / (total + 1)
        in_region = sum(1 for g, _ in joins if g == region)
        expected = math.log((per_club.get(r["CLASS"], {}).get(region, 0) + 20 * prior) / (in_region + 20) / prior)
        assert r["pair:segment_1"] == pytest.approx(expected)  # the region, not the coin
        # the region's name splits the players as the region does: the second segment is the coin, not it
        assert r["pair:segment_2"] != pytest.approx(r["pair:segment_1"])
    own = [r for r in rows if r["CLASS"] % 2 == r["ENTITY"] % 2]  # clubs of the player's own region
    assert min(r["pair:segment_1"] for r in own) > 0 > max(r["pair:segment_1"] for r in rows if r not in own)


def test_segments_are_the_entitys_categories_then_its_small_parents():
    con = duckdb.connect()
    con.execute("CREATE TABLE countries (code VARCHAR PRIMARY KEY, continent VARCHAR)")
    con.execute("INSERT INTO countries VALUES ('de', 'eu'), ('fr', 'eu'), ('us', 'na')")
    con.execute("CREATE TABLE users (user_id INTEGER PRIMARY KEY, plan VARCHAR, code VARCHAR REFERENCES countries)")
    con.execute("INSERT INTO users SELECT i, CASE WHEN i % 2 = 0 THEN 'free' ELSE 'pro' END, 'de' FROM range(50) t(i)")
    rfm = rfm_sql.attach(con)
    rfm.graph.set_stype("users", "plan", "categorical")
    rfm.graph.set_stype("countries", "continent", "categorical")
    assert segment_pop.segments(rfm.graph, "users") == [
        ("users", "plan", None),
        ("users", "code", None),  # the country itself: a table of 3 rows
        ("countries", "continent", "code"),  # two hops away
    ]


def test_a_cold_entity_gets_the_most_popular_targets_of_its_best_segment_as_candidates(clubs):
    """Players 50 and 51 have joined nothing: history and two hops give them no candidate, the global popular source
    (one here) gives both the same club; the segment source adds the club most joined in each one's region (an even
    club for the north, an odd one for the south), as "the most popular course of the employee's job family" did
    for an HR trial's employees, who take each course once."""
    con, rfm = clubs
    rows, _ = _pairs(con, rfm, [50, 51], pair_spec.Budget(history=2, popular=1, cooc=2))
    joins = con.sql("SELECT p.region, j.club_id FROM joins j JOIN players p USING (player_id)").fetchall()
    top = {}
    for region in ("n", "s"):
        counts = {}
        for g, club in joins:
            counts[club] = counts.get(club, 0) + (g == region)
        top[region] = min(counts, key=lambda c: (-counts[c], c))
    got = {e: {r["CLASS"] for r in rows if r["ENTITY"] == e} for e in (50, 51)}
    globally = got[50] & got[51]
    assert len(globally) == 1 and got[50] == globally | {top["n"]} and got[51] == globally | {top["s"]}
    assert top["n"] % 2 == 0 and top["s"] % 2 == 1


def test_the_segment_source_gives_no_target_the_entitys_history_gives(clubs):
    """Player 3 (south) joined one club: the history gives it, and the segment source's one candidate is the south
    club joined most after it, not the same one twice."""
    con, rfm = clubs
    budget = pair_spec.Budget(history=2, popular=1, cooc=2)
    rows, _ = _pairs(con, rfm, [3], budget)
    cold, _ = _pairs(con, rfm, [50, 51], budget)
    globally = {r["CLASS"] for r in cold if r["ENTITY"] == 50} & {r["CLASS"] for r in cold if r["ENTITY"] == 51}
    own = con.sql("SELECT club_id FROM joins WHERE player_id = 3").fetchall()[0][0]
    counts = dict(con.sql("SELECT club_id, count(*) FROM joins WHERE player_id % 2 = 1 GROUP BY 1").fetchall())
    runner_up = min((c for c in counts if c != own), key=lambda c: (-counts[c], c))
    assert runner_up not in globally
    assert {r["CLASS"] for r in rows} == {own, runner_up} | globally


def test_beside_the_lift_the_candidate_ranks_among_its_segments_targets(clubs):
    """pair:segment_1_rank: 1 for the club the player's region joined most (ties by the club's key), NULL for a
    club the region never joined."""
    con, rfm = clubs
    rows, names = _pairs(con, rfm, [50, 51, 3], pair_spec.Budget(history=2, popular=8, cooc=2))
    assert {"pair:segment_1_rank", "pair:segment_2_rank"} <= set(names)
    joins = con.sql("SELECT p.region, j.club_id FROM joins j JOIN players p USING (player_id)").fetchall()
    for r in rows:
        region = "n" if r["ENTITY"] % 2 == 0 else "s"
        counts = {}
        for g, club in joins:
            if g == region:
                counts[club] = counts.get(club, 0) + 1
        order = sorted(counts, key=lambda c: (-counts[c], c))
        expected = order.index(r["CLASS"]) + 1 if r["CLASS"] in counts else None
        assert r["pair:segment_1_rank"] == expected
    assert {r["pair:segment_1_rank"] for r in rows} >= {1, None}
