"""Averages kept up to date as rows come in (a freelancer's rating over its reviews): at a past anchor the value
averages rows after it, those the target reads, so it is not read, in predictions and backtests alike, and both say
so; a number named like one that does not follow the rows' mean (a hotel's star class) is read
(runtime.running_means)."""

import duckdb
import numpy as np
import pytest

import rfm_sql
from rfm_sql.errors import RFMWarning
from rfm_sql.graph import kept_names
from rfm_sql.runtime import running_means

STARS = "PREDICT AVG(reviews.stars, 0, 60, days) FOR EACH freelancers.freelancer_id"


@pytest.fixture(scope="module")
def market():
    """150 freelancers of a hidden quality, reviewed through 2024 with stars around it; rating is the mean of all
    their reviews' stars today (a running average), star_class a fixed number that only shifts the stars a little."""
    rng = np.random.default_rng(0)
    n = 150
    quality = rng.normal(3.5, 0.8, n)
    star_class = rng.integers(1, 6, n)
    rows, t = [], np.datetime64("2024-01-01T00:00")
    for i in range(4000):
        f = int(rng.integers(0, n))
        stars = float(np.clip(np.round(quality[f] + 0.1 * star_class[f] + rng.normal(0, 0.7)), 1, 5))
        rows.append((i, f, stars, t + np.timedelta64(int(i * 120 + rng.integers(0, 60)), "m")))
    con = duckdb.connect()
    con.execute(
        "CREATE TABLE freelancers (freelancer_id INTEGER PRIMARY KEY, joined_at TIMESTAMP, rating DOUBLE, "
        "star_class INTEGER)"
    )
    con.executemany(
        "INSERT INTO freelancers VALUES (?, TIMESTAMP '2023-12-01', NULL, ?)",
        [(i, int(star_class[i])) for i in range(n)],
    )
    con.execute(
        "CREATE TABLE reviews (review_id INTEGER PRIMARY KEY, freelancer_id INTEGER REFERENCES freelancers, "
        "stars DOUBLE, created_at TIMESTAMP)"
    )
    con.executemany(
        "INSERT INTO reviews VALUES (?, ?, ?, ?)", [(a, b, c, d.astype("datetime64[us]").item()) for a, b, c, d in rows]
    )
    con.execute(
        "UPDATE freelancers SET rating = (SELECT AVG(stars) FROM reviews r WHERE r.freelancer_id = freelancers.freelancer_id)"
    )
    return con


def test_a_running_average_is_not_read_and_both_surfaces_say_so(market):
    rfm = rfm_sql.attach(market)
    with pytest.warns(RFMWarning, match=r"Not read: freelancers\.rating \(the mean of reviews\.stars\)") as caught:
        evaluation = rfm.evaluate(STARS, anchor_time="2024-04-01")
    said = [str(w.message) for w in caught if "Not read: freelancers.rating" in str(w.message)]
    assert "star_class" not in said[0]  # a number that does not follow the mean is read
    assert any("freelancers.rating" in w for w in evaluation.warnings)
    with pytest.warns(RFMWarning, match=r"Not read: freelancers\.rating"):
        rfm.predict(STARS, anchor_time="2024-04-01")


def test_the_average_is_found_by_the_data_and_its_name(market):
    rfm = rfm_sql.attach(market)
    assert running_means._averaged(market.cursor(), rfm.graph, "freelancers", "rating") == "reviews.stars"
    assert running_means._averaged(market.cursor(), rfm.graph, "freelancers", "star_class") is None


@pytest.mark.parametrize(
    "column, mean",
    [("rating", True), ("avg_score", True), ("MeanStars", True), ("gpa", True), ("seats", False), ("rate", False)],
)
def test_running_mean_names(column, mean):
    assert kept_names.running_mean(column, [column, "id"]) is mean
