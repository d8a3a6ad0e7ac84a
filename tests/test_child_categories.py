"""The category of the entity's latest child row (`compile.child_categories`): a lease's last renewal offer
declined decides whether its tenant gives notice, and no input held it (a rentals trial: AUROC 0.59-0.74 where the
rule read 0.95-0.99). A response written after the anchor is not known then: it reads as no answer yet."""

import datetime as dt
import warnings

import duckdb
import pytest

import rfm_sql
from rfm_sql.compile import labels as label_compiler
from rfm_sql.compile.child_categories import MISSING
from rfm_sql.compile.sqlutil import to_sql
from rfm_sql.runtime import plan as planner
from rfm_sql.runtime import state_columns
from rfm_sql.runtime.context import feature_query
from tests.feature_rows import feature_rows

ANCHOR = dt.datetime(2024, 7, 1)  # the offers of late June: some answered by then
NOTICE = "PREDICT COUNT(notices.*, 0, 30, days) > 0 FOR EACH leases.lease_id"


def _leases(cut: bool = False, pending: bool = False):
    """400 leases of 200 tenants (two each); every 60 days from 2023 an offer to each, answered 5 + lease_id % 20 days later, declined at random
    (a third of them: by a hash of the lease and k, the offer's number), else accepted; a notice 30 days after each
    decline.
    Each offer's state (today's: 'open' the last month, else 'closed'). The data ends on 2024-11-05. `pending`: an
    offer not answered reads 'pending'. `cut`: rows after ANCHOR deleted and answers after it unmade, as the database stood at the anchor."""
    con = duckdb.connect()
    con.execute("CREATE TABLE tenants (tenant_id INTEGER PRIMARY KEY, joined_at TIMESTAMP)")
    con.execute("INSERT INTO tenants SELECT i, TIMESTAMP '2022-12-01' FROM range(200) t(i)")
    con.execute(
        "CREATE TABLE leases (lease_id INTEGER PRIMARY KEY, tenant_id INTEGER REFERENCES tenants, "
        "signed_at TIMESTAMP, rent DOUBLE)"
    )
    con.execute("INSERT INTO leases SELECT i, i % 200, TIMESTAMP '2023-01-01', 1000 + i FROM range(400) t(i)")
    con.execute(
        "CREATE TABLE offers (offer_id INTEGER PRIMARY KEY, lease_id INTEGER REFERENCES leases, sent_at TIMESTAMP, "
        "response TEXT, responded_at TIMESTAMP)"
    )
    con.execute(
        "INSERT INTO offers SELECT 1000 * l + k, l, TIMESTAMP '2023-01-01' + INTERVAL (60 * k + l % 7) DAY, "
        "CASE WHEN hash(100 * l + k) % 3 = 0 THEN 'declined' ELSE 'accepted' END, "
        "TIMESTAMP '2023-01-01' + INTERVAL (60 * k + l % 7 + 5 + l % 20) DAY FROM range(400) a(l), range(13) b(k)"
    )
    # the data ends on 2024-11-05: the offers not answered by then are open (their answer is written later)
    con.execute("DELETE FROM offers WHERE sent_at > TIMESTAMP '2024-11-05'")
    con.execute("UPDATE offers SET response = NULL, responded_at = NULL WHERE responded_at > TIMESTAMP '2024-11-05'")
    # each offer's state today: 'open' for the last month's offers, 'closed' before (no date says when it closed)
    con.execute(
        "ALTER TABLE offers ADD COLUMN state TEXT; UPDATE offers SET state = CASE WHEN sent_at > "
        "TIMESTAMP '2024-10-05' THEN 'open' ELSE 'closed' END"
    )
    if pending:  # today's state of an offer not answered: 'pending', not NULL
        con.execute("UPDATE offers SET response = 'pending' WHERE response IS NULL")
    con.execute(
        "CREATE TABLE notices (notice_id INTEGER PRIMARY KEY, lease_id INTEGER REFERENCES leases, given_at TIMESTAMP)"
    )
    con.execute(
        "INSERT INTO notices SELECT offer_id, lease_id, responded_at + INTERVAL 30 DAY FROM offers "
        "WHERE response = 'declined'"
    )
    if cut:
        for name, when in (("offers", "sent_at"), ("notices", "given_at")):
            con.execute(f"DELETE FROM {name} WHERE {when} > ?", [ANCHOR])
        con.execute("UPDATE offers SET response = NULL, responded_at = NULL WHERE responded_at > ?", [ANCHOR])
    return con


@pytest.fixture(scope="module")
def leases():
    return _leases()


def _last_response(features) -> str:
    names = [f.name for f in features.features if f.name.endswith("offers.response.last")]
    assert len(names) == 1
    assert next(f for f in features.features if f.name == names[0]).kind == "categorical"
    return names[0]


@pytest.mark.parametrize("pending", [False, True])
def test_the_latest_rows_category_as_known_at_the_anchor(leases, pending):
    """An answer not given yet is NULL, or today's 'pending': either way the response moves when responded_at is set
    (graph/filled_later.py) and reads as no answer yet before it."""
    if pending:
        leases = _leases(pending=True)
    rfm = rfm_sql.attach(leases)
    assert rfm.graph.table("offers").filled_with == (("response", "responded_at"),)
    features = feature_query(rfm.resolve(NOTICE), rfm.graph)
    name = _last_response(features)
    ids = list(range(400))
    rows = feature_rows(leases, features, ids, ANCHOR)
    for lease in ids:  # the slow way: the latest offer sent by the anchor; its response only if given by then
        response, answered = leases.execute(
            "SELECT response, responded_at <= ? FROM offers WHERE lease_id = ? AND sent_at <= ? "
            "ORDER BY sent_at DESC LIMIT 1",
            [ANCHOR, lease, ANCHOR],
        ).fetchone()
        assert rows[lease][name] == (response if answered and response != "pending" else MISSING)
    assert {rows[i][name] for i in ids} == {"accepted", "declined", MISSING}


def test_rows_after_the_anchor_change_no_category(leases):
    """The database as it stood at the anchor (later offers deleted, later answers unmade) reads the same values."""
    rfm = rfm_sql.attach(leases)
    features = feature_query(rfm.resolve(NOTICE), rfm.graph)
    name = _last_response(features)
    full = feature_rows(leases, features, range(400), ANCHOR)
    cut = feature_rows(_leases(cut=True), features, range(400), ANCHOR)
    assert [full[i][name] for i in range(400)] == [cut[i][name] for i in range(400)]


def test_an_entity_with_no_rows_reads_null_not_missing(leases):
    rfm = rfm_sql.attach(leases)
    features = feature_query(rfm.resolve(NOTICE), rfm.graph)
    rows = feature_rows(leases, features, [3], dt.datetime(2022, 12, 1))
    assert rows[3][_last_response(features)] is None


def test_a_target_decided_by_the_last_category_is_predicted(leases):
    """A notice follows within 30 days where the last offer answered was declined (at random: nothing else in the
    database tells) within the last 30 days."""
    auroc = rfm_sql.attach(leases).evaluate(NOTICE, context_size=300).metrics["auroc"]
    assert auroc > 0.95  # 0.88 without it: how long ago the last offer was answered


def test_a_category_rows_move_out_of_as_they_age_is_not_read(leases):
    """Each offer's state today ('open' on the newest, 'closed' on every older one), with no date for its change: at
    a past anchor the latest offer reads what it became since. Not read, and said; the response still is."""
    rfm = rfm_sql.attach(leases)
    with pytest.warns(rfm_sql.RFMWarning, match=r"Not read as the latest row's value: offers.state \('open'"):
        out = rfm.predict(NOTICE, context_size=300)
    assert "offers.state ('open'" in out.column("WARNING")[0].as_py()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        explained = rfm.explain(NOTICE, entity=[5], context_size=300).contributions.to_pylist()
    read = {r["FEATURE"] for r in explained}
    assert "offers.response.last" in read and "offers.state.last" not in read


def test_the_latest_grandchild_rows_category(leases):
    """A tenant's leases' offers, two links down: the latest of them by the anchor, its answer as known then."""
    rfm = rfm_sql.attach(leases)
    rfm.graph.set_time_column("leases", "signed_at")
    features = feature_query(
        rfm.resolve("PREDICT COUNT(leases.*, 0, 30, days) > 0 FOR EACH tenants.tenant_id"), rfm.graph
    )
    name = next(f.name for f in features.features if f.name.endswith("leases.offers.response.last"))
    rows = feature_rows(leases, features, range(200), ANCHOR)
    for tenant in range(200):
        response, answered = leases.execute(
            "SELECT response, responded_at <= ? FROM offers JOIN leases USING (lease_id) WHERE tenant_id = ? "
            "AND sent_at <= ? ORDER BY sent_at DESC, offer_id DESC LIMIT 1",
            [ANCHOR, tenant, ANCHOR],
        ).fetchone()
        assert rows[tenant][name] == (response if answered else MISSING)


@pytest.mark.parametrize("pending", [False, True])
def test_a_context_labels_filter_reads_an_answer_as_known_at_its_anchor(leases, pending):
    """COUNT(offers.* WHERE response = 'declined'): a context label (KNOWN_AT: the anchor it serves) counts only the
    declines known by then, as the database stood at that anchor; the label itself (backtest truth) all of them."""
    con = _leases(pending=True) if pending else leases
    rfm = rfm_sql.attach(con)
    pql = "PREDICT COUNT(offers.* WHERE offers.response = 'declined', 0, 60, days) FOR EACH leases.lease_id"
    vq, back = rfm.resolve(pql), ANCHOR - dt.timedelta(days=60)
    seed = planner.sampled_seed(vq, rfm.graph, [back], 1.0, 0, known_at=ANCHOR)
    context = con.sql(to_sql(label_compiler.labels(vq, rfm.graph, seed))).to_arrow_table().to_pylist()
    as_stood = rfm_sql.attach(_leases(cut=True)).labels(pql, anchor_time=back).to_pylist()
    assert {r["ENTITY"]: r["TARGET"] for r in context} == {r["ENTITY"]: r["TARGET"] for r in as_stood}
    truth = rfm.labels(pql, anchor_time=back).column("TARGET").to_pylist()
    assert sum(truth) > sum(r["TARGET"] for r in as_stood) > 0  # the declines given after the anchor


def test_a_label_of_periods_is_not_taken_for_a_state():
    """A subscription's season ('2024-25' on every newest row, the seasons before in stretches of their own) is set
    once: a theatre trial's was dropped as "today's state". A state mixed at every older age still is one."""
    con = _leases()
    con.execute(
        "ALTER TABLE offers ADD COLUMN cycle TEXT; UPDATE offers SET cycle = CASE WHEN sent_at > TIMESTAMP "
        "'2024-10-05' THEN 'c4' WHEN sent_at > TIMESTAMP '2024-05-01' THEN 'c3' WHEN sent_at > TIMESTAMP "
        "'2023-12-01' THEN 'c2' ELSE 'c1' END"
    )
    rfm = rfm_sql.attach(con)
    offers, now = rfm.graph.table("offers"), dt.datetime(2024, 11, 5)
    assert state_columns.moving_values(con, offers, "cycle", now, (30, "days")) == {}
    assert set(state_columns.moving_values(con, offers, "state", now, (30, "days"))) == {"open"}
