"""A static target as it reads on the entity's earlier siblings (`compile.sibling_labels`): a patient's other
visits missed say whether this one will be. An outpatient trial's per-appointment no-show read only the visit and
its patient (AUROC 0.64), the patient's share of other visits missed alone gave 0.67."""

import datetime as dt

import duckdb
import pytest

import rfm_sql
from rfm_sql.runtime.context import feature_query
from tests.feature_rows import feature_rows

ANCHOR = dt.datetime(2024, 3, 1)
NO_SHOW = "PREDICT visits.status = 'no_show' FOR EACH visits.visit_id"
ROWS = [  # visit_id, patient_id, time, status, cost
    (1, 1, "2024-01-01", "no_show", 1.0),
    (2, 1, "2024-01-02", "attended", 2.0),
    (3, 1, "2024-01-02", "no_show", 3.0),  # the same time as visit 2: neither is before the other
    (4, 1, "2024-01-05", "attended", 4.0),
    (5, 2, "2024-01-01", "attended", 5.0),
    (6, 2, "2024-01-03", "scheduled", 6.0),
    (7, 2, "2024-01-04", "no_show", 7.0),
    (8, 1, "2024-02-01", None, None),
    (9, 1, "2024-04-01", "no_show", 9.0),  # after the anchor: counts for nobody
]


def _clinic(timed: bool = True, cut: bool = False):
    con = duckdb.connect()
    con.execute("CREATE TABLE patients (patient_id INTEGER PRIMARY KEY, name VARCHAR)")
    con.execute("INSERT INTO patients VALUES (1, 'a'), (2, 'b')")
    when = "visited_at TIMESTAMP, " if timed else ""
    con.execute(
        f"CREATE TABLE visits (visit_id INTEGER PRIMARY KEY, patient_id INTEGER REFERENCES patients, {when}"
        "status VARCHAR, cost DOUBLE)"
    )
    for v, p, t, s, c in ROWS:
        if cut and dt.datetime.fromisoformat(t) > ANCHOR:
            continue
        con.execute(
            "INSERT INTO visits VALUES (?, ?, " + ("?, " if timed else "") + "?, ?)",
            [v, p, *([t] if timed else []), s, c],
        )
    return con


def _sibling_features(con, pql, entities):
    rfm = rfm_sql.attach(con)
    features = feature_query(rfm.resolve(pql), rfm.graph)
    names = {f.name.split(":", 1)[1]: f.name for f in features.features if "sibling_labels" in f.name}
    rows = feature_rows(con, features, entities, ANCHOR)
    return {e: {short: rows[e][full] for short, full in names.items()} for e in entities}


def test_a_visit_reads_the_share_missed_of_its_patients_earlier_visits_only():
    got = _sibling_features(_clinic(), NO_SHOW, [1, 3, 4, 7, 8])
    count, share = "sibling_labels[patient_id].count", "sibling_labels[patient_id].share"
    assert got[1] == {count: 0, share: None}  # the first visit: no earlier sibling
    assert got[3] == {count: 1, share: 1.0}  # visit 2 at the same time is not before it; its own label is unread
    assert got[4] == {count: 3, share: pytest.approx(2 / 3)}
    assert got[7] == {count: 2, share: 0.0}  # a 'scheduled' visit is no 'no_show', as the label reads it
    assert got[8][count] == 4  # visit 9 is after the anchor


def test_the_rows_the_filter_leaves_out_are_no_siblings():
    got = _sibling_features(_clinic(), NO_SHOW + " WHERE visits.status != 'scheduled'", [7, 8])
    assert got[7]["sibling_labels[patient_id].count"] == 1  # the scheduled visit 6 is left out
    assert got[8]["sibling_labels[patient_id].share"] == 0.5


def test_a_number_reads_its_siblings_mean_and_rows_after_the_anchor_change_nothing():
    pql = "PREDICT visits.cost FOR EACH visits.visit_id"
    got = _sibling_features(_clinic(), pql, [4, 8])
    assert got[4]["sibling_labels[patient_id].mean"] == pytest.approx(2.0)  # visits 1-3
    assert got[8]["sibling_labels[patient_id].mean"] == pytest.approx(2.5)  # 1-4; 8 has no cost itself
    assert _sibling_features(_clinic(cut=True), pql, [4, 8]) == got


def test_a_table_without_time_reads_every_other_row():
    got = _sibling_features(_clinic(timed=False), NO_SHOW, [1, 9])
    assert got[1] == {"sibling_labels[patient_id].count": 5, "sibling_labels[patient_id].share": pytest.approx(2 / 5)}
    assert got[9]["sibling_labels[patient_id].share"] == pytest.approx(2 / 5)  # 1 and 3 of its five siblings


def test_no_sibling_labels_through_the_target_or_for_a_window():
    con = _clinic()
    assert _sibling_features(con, "PREDICT visits.patient_id = 1 FOR EACH visits.visit_id", [1]) == {1: {}}
    window = "PREDICT COUNT(visits.*, 0, 30, days) > 0 FOR EACH patients.patient_id"
    rfm = rfm_sql.attach(con)
    assert not [f for f in feature_query(rfm.resolve(window), rfm.graph).features if "sibling_labels" in f.name]


def test_a_class_reads_its_earlier_siblings_most_frequent_class():
    got = _sibling_features(_clinic(), "PREDICT visits.status FOR EACH visits.visit_id", [1, 4, 7, 8, 9])
    most, share = "sibling_labels[patient_id].most_often", "sibling_labels[patient_id].most_often_share"
    assert got[1][most] is None and got[1]["sibling_labels[patient_id].count"] == 0
    assert (got[4][most], got[4][share]) == ("no_show", pytest.approx(2 / 3))  # visits 1-3
    # two each: the class that reached the count last leads (attended, with visit 4; scheduled, with visit 6)
    assert (got[8][most], got[8][share]) == ("attended", 0.5)
    assert (got[7][most], got[7][share]) == ("scheduled", 0.5)
    assert got[9]["sibling_labels[patient_id].count"] == 4  # visit 8 has no status: no label
    # without a time, every other row: visit 1's are attended twice (2, 4) and missed twice (3, 9): the greater value
    untimed = _sibling_features(_clinic(timed=False), "PREDICT visits.status FOR EACH visits.visit_id", [1, 8])
    assert (untimed[1][most], untimed[1][share], untimed[1]["sibling_labels[patient_id].count"]) == ("no_show", 0.5, 4)
    assert (untimed[8][most], untimed[8][share]) == ("no_show", pytest.approx(3 / 5))  # no label of its own


def test_a_filter_reads_a_siblings_date_as_of_the_anchor():
    """`WHERE visits.reviewed_at IS NULL`: a review written after the anchor is not known there, for siblings as for
    the examples (two databases equal up to the anchor gave 2 and 1 siblings)."""
    got = []
    for reviewed in (None, "2024-06-01"):
        con = _clinic()
        con.execute("ALTER TABLE visits ADD COLUMN reviewed_at TIMESTAMP")
        con.execute("UPDATE visits SET reviewed_at = ? WHERE visit_id = 2", [reviewed])
        got.append(_sibling_features(con, NO_SHOW + " WHERE visits.reviewed_at IS NULL", [4])[4])
    assert got[0] == got[1] == {"sibling_labels[patient_id].count": 3, "sibling_labels[patient_id].share": 2 / 3}


def test_a_row_without_a_time_reads_no_siblings_and_a_grandparent_is_reached_through_the_parent():
    """A row with no time has no earlier siblings: it read every sibling, later ones too (cancelled orders, whose
    only date is the delivery's, counted twice as many siblings as the rest). Visits of the patients of one clinic:
    a path two links up."""
    con = _clinic()
    con.execute("UPDATE visits SET visited_at = NULL WHERE visit_id = 2")
    con.execute("CREATE TABLE clinics (clinic_id INTEGER PRIMARY KEY)")
    con.execute("INSERT INTO clinics VALUES (10)")
    con.execute("ALTER TABLE patients ADD COLUMN clinic_id INTEGER")
    con.execute("UPDATE patients SET clinic_id = 10")
    rfm = rfm_sql.attach(con)
    rfm.graph.link("patients", "clinic_id", "clinics")
    features = feature_query(rfm.resolve(NO_SHOW), rfm.graph)
    rows = feature_rows(con, features, [2, 4, 7], ANCHOR)
    name = {f.name.split(":", 1)[1]: f.name for f in features.features}
    own, clinic = "sibling_labels[patient_id]", "sibling_labels[patient_id.clinic_id]"
    assert rows[2][name[f"{own}.count"]] == 0 and rows[2][name[f"{own}.share"]] is None
    assert rows[4][name[f"{own}.count"]] == 2  # visits 1 and 3: visit 2 has no time
    assert rows[7][name[f"{clinic}.count"]] == 4  # visits 1, 3, 5 and 6 of both patients before 2024-01-04
    assert rows[7][name[f"{clinic}.share"]] == pytest.approx(2 / 4)
