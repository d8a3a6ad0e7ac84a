"""A static class target whose child rows are written after the outcome (a visit's diagnoses exist once the
patient came): every no-show has none and every attended visit has some, so a visit still ahead, which has none
either, read as a no-show (0.72 for a 13% event in a clinic trial) while the backtest, whose rows have their
outcomes' rows, read AUROC 1.000. The WARNING says so and names the tables to leave out."""

import warnings

import duckdb
import pytest

import rfm_sql
from rfm_sql.errors import RFMWarning

NO_SHOW = "PREDICT visits.status = 'no_show' FOR EACH visits.visit_id"


@pytest.fixture(scope="module")
def clinic():
    """980 visits over 2024 and 20 ahead; every fifth past one a no-show; each attended one has a diagnosis."""
    con = duckdb.connect()
    con.execute("CREATE TABLE patients (patient_id INTEGER PRIMARY KEY, joined_at TIMESTAMP, plan TEXT)")
    con.execute(
        "INSERT INTO patients SELECT i, TIMESTAMP '2023-01-01', ['basic', 'plus'][1 + i % 2] FROM range(50) t(i)"
    )
    con.execute(
        "CREATE TABLE visits (visit_id INTEGER PRIMARY KEY, patient_id INTEGER REFERENCES patients, "
        "scheduled_at TIMESTAMP, status TEXT)"
    )
    con.execute(
        "INSERT INTO visits SELECT i, i % 50, TIMESTAMP '2024-01-01' + INTERVAL (9 * i) HOUR, CASE WHEN i >= 980 "
        "THEN 'scheduled' WHEN i % 5 = 0 THEN 'no_show' ELSE 'attended' END FROM range(1000) t(i)"
    )
    con.execute(
        "CREATE TABLE diagnoses (diagnosis_id INTEGER PRIMARY KEY, visit_id INTEGER REFERENCES visits, "
        "noted_at TIMESTAMP, code TEXT)"
    )
    con.execute(
        "INSERT INTO diagnoses SELECT visit_id, visit_id, scheduled_at + INTERVAL 1 HOUR, 'J0' || (visit_id % 9) "
        "FROM visits WHERE status = 'attended'"
    )
    return con


def _said(rfm, query) -> str:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        rfm.predict(query, entities=[990], context_size=300)
    return " ".join(str(w.message) for w in caught if issubclass(w.category, RFMWarning))


def test_child_rows_that_only_one_class_lacks_are_warned_of(clinic):
    said = _said(rfm_sql.attach(clinic), NO_SHOW)
    assert "Every example labelled True has no diagnoses rows" in said
    assert "rfm_sql.attach(con, tables=['patients', 'visits'])" in said
    # the same for the status itself
    said = _said(rfm_sql.attach(clinic), "PREDICT visits.status FOR EACH visits.visit_id")
    # (a pair context: its entities are not balanced by class, so the 20 scheduled visits are too few to name)
    assert "Every example labelled no_show has no diagnoses rows" in said


def test_leaving_the_table_out_quiets_it(clinic):
    said = _said(rfm_sql.attach(clinic, tables=["patients", "visits"]), NO_SHOW)
    assert "no diagnoses rows" not in said


def test_no_attach_advice_where_the_query_reads_the_table_itself(clinic):
    """Leaving out a table the query reads would refuse the query: the finding is said, not that advice."""
    query = f"{NO_SHOW} WHERE COUNT(diagnoses.*, -3650, 0, days) >= 0"
    said = _said(rfm_sql.attach(clinic), query)
    assert "Every example labelled True has no diagnoses rows" in said
    assert "If so, leave them out." in said and "tables=" not in said


def test_a_backtest_says_it_reads_better_than_predictions_will(clinic):
    """A marketplace trial's per-order returns backtested at AUROC 0.99 with no word: the warning came only with
    predictions. The backtest warns, and carries it in to_dict() and in the SQL result's note column."""
    rfm = rfm_sql.attach(clinic)
    with pytest.warns(RFMWarning, match="This backtest reads better than predictions will. Every example labelled"):
        evaluation = rfm.evaluate(NO_SHOW, context_size=300)
    assert len(evaluation.warnings) == 1 and "tables=['patients', 'visits']" in evaluation.warnings[0]
    assert evaluation.to_dict()["warnings"] == evaluation.warnings
    notes = {row[4] for row in clinic.sql(evaluation.to_sql()).fetchall()}
    assert notes == {evaluation.warnings[0]}
    with warnings.catch_warnings():
        warnings.simplefilter("error", RFMWarning)  # without the diagnoses: nothing flatters it
        assert rfm_sql.attach(clinic, tables=["patients", "visits"]).evaluate(NO_SHOW, context_size=300).warnings == []


def test_a_column_of_the_entitys_own_row_written_with_the_outcome_is_warned_of():
    """A marketplace trial's orders.returned_at is set only for returned orders: LightGBM on the same inputs read
    the per-order returns at AUROC 1.0. The WARNING names the column and the call that stops reading it. Named for
    the return (returned_at), the date is what the status was filled in with (graph/filled_later): never read for
    a target on the status, nothing to warn of."""

    def orders(date: str):
        con = duckdb.connect()
        con.execute("CREATE TABLE buyers (buyer_id INTEGER PRIMARY KEY, joined_at TIMESTAMP)")
        con.execute("INSERT INTO buyers SELECT i, TIMESTAMP '2023-01-01' FROM range(50) t(i)")
        con.execute(
            "CREATE TABLE orders (order_id INTEGER PRIMARY KEY, buyer_id INTEGER REFERENCES buyers, ordered_at "
            f"TIMESTAMP, amount DOUBLE, status TEXT, {date} TIMESTAMP)"
        )
        con.execute(
            "INSERT INTO orders SELECT i, i % 50, TIMESTAMP '2024-01-01' + INTERVAL (9 * i) HOUR, i % 7, CASE WHEN "
            "i % 4 = 0 THEN 'returned' ELSE 'delivered' END, CASE WHEN i % 4 = 0 THEN TIMESTAMP '2024-01-05' + "
            "INTERVAL (9 * i) HOUR END FROM range(800) t(i)"
        )
        return rfm_sql.attach(con)

    query = "PREDICT orders.status = 'returned' FOR EACH orders.order_id"
    rfm = orders("returned_at")
    assert rfm.graph.table("orders").filled_with == (("status", "returned_at"),)
    with warnings.catch_warnings():
        warnings.simplefilter("error", RFMWarning)
        assert rfm.evaluate(query, context_size=300).warnings == []
    rfm = orders("rma_date")  # a date whose name says nothing happened
    with pytest.warns(RFMWarning, match=r"labelled False has no orders\.rma_date and nearly every other"):
        evaluation = rfm.evaluate(query, context_size=300)
    assert "rfm.graph.set_stype('orders', 'rma_date', 'id')" in evaluation.warnings[0]
    rfm.graph.set_stype("orders", "rma_date", "id")
    with warnings.catch_warnings():
        warnings.simplefilter("error", RFMWarning)
        assert rfm.evaluate(query, context_size=300).warnings == []


def _orders(extra_columns: str, extra_values: str):
    """800 orders of 50 buyers, every fourth returned, with columns that may be written with the return."""
    con = duckdb.connect()
    con.execute("CREATE TABLE buyers (buyer_id INTEGER PRIMARY KEY, joined_at TIMESTAMP)")
    con.execute("INSERT INTO buyers SELECT i, TIMESTAMP '2023-01-01' FROM range(50) t(i)")
    con.execute("CREATE TABLE refunds (refund_id INTEGER PRIMARY KEY, amount DOUBLE)")
    con.execute("INSERT INTO refunds SELECT i, i % 13 FROM range(0, 800, 4) t(i)")
    con.execute(
        f"CREATE TABLE orders (order_id INTEGER PRIMARY KEY, buyer_id INTEGER REFERENCES buyers, {extra_columns}, "
        "amount DOUBLE, status TEXT)"
    )
    con.execute(
        f"INSERT INTO orders SELECT i, i % 50, {extra_values}, i % 7, CASE WHEN i % 4 = 0 THEN 'returned' ELSE "
        "'delivered' END FROM range(800) t(i)"
    )
    return rfm_sql.attach(con)


RETURNED = "PREDICT orders.status = 'returned' FOR EACH orders.order_id"
ORDERED = "TIMESTAMP '2024-01-01' + INTERVAL (9 * i) HOUR"


def test_a_key_set_only_with_the_outcome_is_unlinked_and_a_time_column_replaced():
    """A refund's key on returned orders only (a backtest AUROC 1.0 with no word), and a time column empty for
    them (the delivery's, where returns were never delivered): set_stype would not stop either being read."""
    rfm = _orders(
        "refund_id INTEGER REFERENCES refunds, ordered_at TIMESTAMP", f"CASE WHEN i % 4 = 0 THEN i END, {ORDERED}"
    )
    with pytest.warns(RFMWarning, match=r"labelled False has no orders\.refund_id"):
        evaluation = rfm.evaluate(RETURNED, context_size=300)
    assert "rfm.graph.unlink('orders', 'refund_id')" in evaluation.warnings[0]
    rfm = _orders(
        "dispatch_time TIMESTAMP, ordered_at TIMESTAMP", f"CASE WHEN i % 4 <> 0 THEN {ORDERED} END, {ORDERED}"
    )
    rfm.graph.set_time_column("orders", "dispatch_time")
    with pytest.warns(RFMWarning, match=r"labelled True has no orders\.dispatch_time"):
        evaluation = rfm.evaluate(RETURNED, context_size=300)
    assert (
        "rfm.graph.set_time_column('orders', 'ordered_at') (a date known before the outcome)" in evaluation.warnings[0]
    )
    rfm.graph.set_time_column("orders", "ordered_at")
    rfm.graph.set_stype("orders", "dispatch_time", "id")
    with warnings.catch_warnings():
        warnings.simplefilter("error", RFMWarning)
        assert rfm.evaluate(RETURNED, context_size=300).warnings == []


def test_each_finding_names_the_classes_it_separates():
    """Child rows only returned orders have and a column only the others have: each sentence names its own class
    (one set of classes fed both: 'labelled False or True')."""
    rfm = _orders("ordered_at TIMESTAMP, close_time TIMESTAMP", f"{ORDERED}, CASE WHEN i % 4 <> 0 THEN {ORDERED} END")
    con = rfm.con
    con.execute(
        "CREATE TABLE notes (note_id INTEGER PRIMARY KEY, order_id INTEGER REFERENCES orders, noted_at TIMESTAMP)"
    )
    con.execute(
        "INSERT INTO notes SELECT order_id, order_id, TIMESTAMP '2024-01-02' + INTERVAL (9 * order_id) HOUR "
        "FROM orders WHERE status = 'returned'"
    )
    rfm = rfm_sql.attach(con)
    with pytest.warns(RFMWarning) as caught:
        rfm.evaluate(RETURNED, context_size=300)
    said = " ".join(str(w.message) for w in caught)
    assert "Every example labelled False has no notes rows" in said
    assert "Every example labelled True has no orders.close_time" in said


def _bookings():
    """800 bookings: every fifth cancelled; of the rest every fourth a no-show; stays only for the checked-out
    (80% of the bookings not cancelled); a status that says which, and a channel that does not."""
    con = duckdb.connect()
    con.execute("CREATE TABLE guests (guest_id INTEGER PRIMARY KEY, joined_at TIMESTAMP)")
    con.execute("INSERT INTO guests SELECT i, TIMESTAMP '2023-01-01' FROM range(50) t(i)")
    con.execute(
        "CREATE TABLE bookings (booking_id INTEGER PRIMARY KEY, guest_id INTEGER REFERENCES guests, created_at "
        "TIMESTAMP, channel TEXT, status TEXT, is_cancelled BOOLEAN)"
    )
    con.execute(
        f"INSERT INTO bookings SELECT i, i % 50, {ORDERED}, ['ota', 'direct', 'phone'][1 + i % 3], CASE WHEN i % 5 "
        "= 0 THEN 'cancelled' WHEN i % 4 = 1 THEN 'no_show' ELSE 'checked_out' END, i % 5 = 0 FROM range(800) t(i)"
    )
    con.execute(
        "CREATE TABLE stays (stay_id INTEGER PRIMARY KEY, booking_id INTEGER REFERENCES bookings, checked_in_at "
        "TIMESTAMP, nights INTEGER)"
    )
    con.execute(
        "INSERT INTO stays SELECT booking_id, booking_id, created_at + INTERVAL 10 DAY, 1 + booking_id % 4 "
        "FROM bookings WHERE status = 'checked_out'"
    )
    return rfm_sql.attach(con)


CANCELLED = "PREDICT bookings.is_cancelled FOR EACH bookings.booking_id"


def test_child_rows_that_most_of_the_other_class_has_are_warned_of():
    """A hotel trial's cancellations backtested at AUROC 0.948 and read 0.65 on bookings still ahead, with no word:
    stays exist for no cancelled booking but for only 88% of the others (no-shows have none either), under the
    95% the warning asked of them."""
    rfm = _bookings()
    rfm.graph.set_stype("bookings", "status", "id")
    with pytest.warns(RFMWarning, match="Every example labelled True has no stays rows and most other examples"):
        evaluation = rfm.evaluate(CANCELLED, context_size=300)
    assert "tables=['bookings', 'guests']" in evaluation.warnings[0]


def test_a_category_that_alone_tells_the_class_is_warned_of():
    """The same bookings' status ('cancelled' exactly where is_cancelled) backtested at AUROC 1.000 with no word. The
    WARNING names the column, its values per class and the call that stops reading it; the channel, which does not
    tell the class, is not named."""
    rfm = _bookings()
    rfm.con.execute("DROP TABLE stays")
    rfm = rfm_sql.attach(rfm.con)
    with pytest.warns(RFMWarning, match=r"bookings\.status alone tells the class of every example"):
        evaluation = rfm.evaluate(CANCELLED, context_size=300)
    said = evaluation.warnings[0]
    assert "(cancelled -> True; checked_out, no_show -> False)" in said and "channel" not in said
    assert "rfm.graph.set_stype('bookings', 'status', 'id')" in said
    rfm.graph.set_stype("bookings", "status", "id")
    with warnings.catch_warnings():
        warnings.simplefilter("error", RFMWarning)
        assert rfm.evaluate(CANCELLED, context_size=300).warnings == []


def test_a_filter_on_a_column_that_changes_with_the_outcome_is_named_when_every_label_is_the_same():
    """`WHERE bookings.status = 'confirmed'` kept only bookings not yet resolved, none cancelled: every example was
    labelled False and the warning blamed a misspelt category alone (a hotel trial)."""
    rfm = _bookings()
    rfm.graph.set_stype("bookings", "status", "id")
    with pytest.warns(RFMWarning) as caught:
        rfm.predict(f"{CANCELLED} WHERE bookings.status = 'checked_out'", entities=[3], context_size=300)
    said = " ".join(str(w.message) for w in caught)
    assert "is labelled False" in said and "the WHERE filter on bookings.status also chooses the examples" in said
    assert "FOR bookings.booking_id IN (...)" in said


def test_a_fixed_hierarchy_is_no_restatement_and_no_column_is_named_twice():
    """An aisle tells its product's department, as known before any outcome: no warning (a review's first version
    told every aisle to be read as an identifier). And a column set on one class only (a cancel reason) is named
    once, not once by each check."""
    con = duckdb.connect()
    con.execute(
        "CREATE TABLE products (product_id INTEGER PRIMARY KEY, aisle TEXT, department TEXT, added_at TIMESTAMP)"
    )
    con.execute(
        "INSERT INTO products SELECT i, 'aisle' || (i % 15), 'dept' || ((i % 15) % 4), TIMESTAMP '2024-01-01' + "
        "INTERVAL (i) HOUR FROM range(600) t(i)"
    )
    rfm = rfm_sql.attach(con)
    for target in ("products.department", "products.department = 'dept1'"):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            rfm.predict(f"PREDICT {target} FOR EACH products.product_id", entities=[1, 2])
        assert not any("alone tells" in str(w.message) for w in caught)
    rfm = _bookings()
    rfm.con.execute("DROP TABLE stays")
    rfm.con.execute("ALTER TABLE bookings ADD COLUMN cancel_reason TEXT")
    rfm.con.execute("UPDATE bookings SET cancel_reason = ['price', 'plans'][1 + booking_id % 2] WHERE is_cancelled")
    rfm = rfm_sql.attach(rfm.con)
    rfm.graph.set_stype("bookings", "status", "id")
    with pytest.warns(RFMWarning) as caught:
        rfm.evaluate(CANCELLED, context_size=300)
    said = " ".join(str(w.message) for w in caught)
    assert said.count("bookings.cancel_reason") == 1 and "alone tells" not in said


def test_a_static_target_on_its_tables_own_time_column_says_rows_not_set_yet_read_as_never():
    """tickets.checked_in_at, set at the event, is the tickets' only date: `checked_in_at IS NULL` labels the tickets
    of events still ahead as no-shows (a ticketing trial: AUROC 0.9999 backtested, 0.515 on those tickets)."""
    con = duckdb.connect()
    con.execute("CREATE TABLE orders (order_id INTEGER PRIMARY KEY, ordered_at TIMESTAMP)")
    con.execute("INSERT INTO orders SELECT i, TIMESTAMP '2024-01-01' + INTERVAL (i) HOUR FROM range(400) t(i)")
    con.execute(
        "CREATE TABLE tickets (ticket_id INTEGER PRIMARY KEY, order_id INTEGER REFERENCES orders, seat_row INTEGER, "
        "checked_in_at TIMESTAMP)"
    )
    con.execute(
        "INSERT INTO tickets SELECT i, i // 2, i % 30, CASE WHEN i % 7 <> 0 AND i < 700 THEN TIMESTAMP '2024-01-10' + "
        "INTERVAL (i) HOUR END FROM range(800) t(i)"
    )
    rfm = rfm_sql.attach(con)
    assert rfm.graph.table("tickets").time_column == "checked_in_at"
    out = rfm.predict("PREDICT tickets.checked_in_at IS NULL FOR EACH tickets.ticket_id")
    said = out.column("WARNING").to_pylist()[0]
    assert "The target reads tickets.checked_in_at, the table's time column" in said
    view = said.split("e.g. ")[1].split(", then")[0]
    con.execute(view)
    assert con.execute("SELECT COUNT(written_at) FROM tickets_written").fetchone()[0] == 800


def test_a_static_target_on_a_date_labels_its_context_as_known_at_the_anchor():
    """`follows.unfollowed_at IS NOT NULL` at a past anchor labelled the follows by unfollows after it: a podcast
    trial's backtest read 0.72 where predictions from a copy of the database taken then scored 0.47 (that copy
    has no such unfollow). The context's labels read the date as the copy holds it; the scored rows, today's."""
    con = duckdb.connect()
    con.execute(
        "CREATE TABLE follows AS SELECT i AS follow_id, TIMESTAMP '2024-01-01' + to_hours(i) AS followed_at, "
        "CASE WHEN i % 3 = 0 THEN TIMESTAMP '2024-01-01' + to_hours(i) + to_days(20 + i % 200) END AS unfollowed_at, "
        "i % 7 AS plan_tier FROM range(3000) t(i)"
    )
    rfm = rfm_sql.attach(con)
    rfm.graph.set_end_time("follows", None)
    query = "PREDICT follows.unfollowed_at IS NOT NULL FOR EACH follows.follow_id"
    anchor = "2024-03-15"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ev = rfm.evaluate(query, anchor_time=anchor, context_size=500)
    known = {r[0] for r in con.execute("SELECT follow_id FROM follows WHERE unfollowed_at <= ?", [anchor]).fetchall()}
    context = ev.results[0].prepared.context
    labelled = dict(zip(context.column("ENTITY").to_pylist(), context.column("TARGET").to_pylist(), strict=True))
    assert labelled and all(v == (k in known) for k, v in labelled.items())
    later = sum(1 for k in labelled if k % 3 == 0 and k not in known)
    assert later > 0  # unfollowed after the anchor: labelled False then, as the copy would
    scored = ev.predictions().to_pylist()
    assert any(r["TARGET"] and r["ENTITY"] not in known for r in scored)  # the truth is today's
