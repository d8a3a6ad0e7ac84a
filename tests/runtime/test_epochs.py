"""An integer time column set in the wrong unit is refused with the unit its values fit (read as milliseconds,
epoch seconds put every seller's onboarding in January 1970: all of them existed at any anchor)."""

from __future__ import annotations

import duckdb
import pytest

import rfm_sql
from rfm_sql.cli import main
from rfm_sql.errors import GraphError

QUERY = "PREDICT COUNT(listings.*, 0, 30, days) FOR EACH sellers.seller_id"


def _marketplace(con) -> None:
    con.execute("CREATE TABLE sellers (seller_id INTEGER PRIMARY KEY, onboarded BIGINT, tier INTEGER)")
    con.execute("INSERT INTO sellers SELECT i, 1600000000 + i * 86400 * 3, i % 3 FROM range(300) t(i)")
    con.execute(
        "CREATE TABLE listings (listing_id INTEGER PRIMARY KEY, seller_id INTEGER REFERENCES sellers, "
        "created_at TIMESTAMP)"
    )
    con.execute(
        "INSERT INTO listings SELECT i, i % 300, TIMESTAMP '2020-09-13' + INTERVAL (i * 5) HOUR FROM range(5000) t(i)"
    )


@pytest.fixture()
def rfm():
    con = duckdb.connect()
    _marketplace(con)
    return rfm_sql.attach(con)


def test_epoch_seconds_read_as_milliseconds_are_refused_with_the_unit_they_fit(rfm):
    rfm.graph.set_time_column("sellers", "onboarded", unit="ms")
    with pytest.raises(GraphError, match=r'up to 1,677,500,800.*before 1973.*seconds.*unit="s"'):
        rfm.predict(QUERY, anchor_time="2021-06-15")
    rfm.graph.set_time_column("sellers", "onboarded", unit="s")
    # only the sellers onboarded by the anchor: 92 of 300
    assert rfm.predict(QUERY, anchor_time="2021-06-15").num_rows == 92


def test_milliseconds_read_as_seconds_are_refused(rfm):
    rfm.con.execute("UPDATE sellers SET onboarded = onboarded * 1000")
    rfm.graph.set_time_column("sellers", "onboarded", unit="s")
    with pytest.raises(GraphError, match=r'too large.*after 2103.*milliseconds.*unit="ms"'):
        rfm.predict(QUERY, anchor_time="2021-06-15")


def test_the_command_line_says_how_to_set_the_unit(tmp_path, capsys):
    path = tmp_path / "market.duckdb"
    con = duckdb.connect(str(path))
    _marketplace(con)
    con.close()
    graph = tmp_path / "graph.json"
    assert main(["graph", str(path), "--time-column", "sellers.onboarded:ms", "--save", str(graph)]) == 0
    assert main(["predict", str(path), QUERY, "--graph", str(graph), "--anchor-time", "2021-06-15"]) != 0
    err = capsys.readouterr().err
    assert "too small" in err and "--time-column TABLE.COLUMN[:UNIT]" in err


def test_an_epoch_named_with_its_unit_is_a_time_and_its_error_says_that_unit():
    """telemetry.ts_ms: a fleet trial's 448k readings were read as a number, the table as one without a time, so no
    feature ever read them, and an aggregation over it was sent to a view stamping each reading with its vehicle's
    commissioning date. A name ending in its unit is an epoch's name; durations (latency_ms) are not."""
    con = duckdb.connect()
    con.execute("CREATE TABLE vehicles (vehicle_id INTEGER PRIMARY KEY, commissioned_at TIMESTAMP)")
    con.execute("INSERT INTO vehicles SELECT i, TIMESTAMP '2023-01-01' FROM range(20) t(i)")
    con.execute(
        "CREATE TABLE telemetry (reading_id INTEGER PRIMARY KEY, vehicle_id INTEGER REFERENCES vehicles, "
        "ts_ms BIGINT, latency_ms BIGINT, engine_temp DOUBLE)"
    )
    con.execute(
        "INSERT INTO telemetry SELECT i, i % 20, 1704067200000 + i * 900000, 1704067200000 + i, 80 + i % 7 "
        "FROM range(20000) t(i)"
    )
    rfm = rfm_sql.attach(con)
    telemetry = rfm.graph.table("telemetry")
    assert telemetry.time_column == "ts_ms" and telemetry.column("ts_ms").unit == "ms"
    assert "integers read as epoch ms" in rfm.graph.describe()
    assert telemetry.column("latency_ms").stype.value == "numerical"
    labels = rfm.labels("PREDICT COUNT(telemetry.*, 0, 1, days) FOR EACH vehicles.vehicle_id", anchor_time="2024-01-02")
    assert set(labels.column("TARGET").to_pylist()) == {4, 5}  # 96 readings a day over 20 vehicles
    con.execute("UPDATE telemetry SET ts_ms = 0 WHERE reading_id = 7")  # a placeholder: no longer taken by itself
    rfm = rfm_sql.attach(con)
    with pytest.raises(rfm_sql.PQLError, match=r'unit="ms"') as info:
        rfm.labels("PREDICT COUNT(telemetry.*, 0, 1, days) FOR EACH vehicles.vehicle_id", anchor_time="2024-01-02")
    assert "milliseconds since 1970" in str(info.value) and "commissioned_at" not in str(info.value)
