"""A condition on an aggregation that an empty window leaves NULL warns that its False labels are mostly
"no rows" (runtime.empty_windows), and says the ASSUMING that asks the question among entities with rows."""

import warnings

import pytest

import rfm_sql

BIG_ORDER = "PREDICT MAX(orders.amount, 0, 30, days) > 100 FOR EACH users.user_id"
FIX = "ASSUMING COUNT(orders.*, 0, 30, days) > 0"


def _messages(rfm, pql):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        out = rfm.predict(pql, anchor_time="2024-06-01", context_size=200)
    return [str(w.message) for w in caught if issubclass(w.category, rfm_sql.RFMWarning)], out


def test_false_labels_from_empty_windows_are_named_with_the_fix(shop):
    rfm = rfm_sql.attach(shop)
    messages, out = _messages(rfm, BIG_ORDER)
    (said,) = [m for m in messages if "have no orders.* row in the window" in m]
    assert f"add {FIX}." in said and "True_PROB reads 'has such rows and the condition holds'" in said
    assert said in set(out.column("WARNING").to_pylist())  # on every row, as SQL users see it
    # the fix it gives runs and asks among users with orders: no such warning
    messages, _ = _messages(rfm, f"{BIG_ORDER} {FIX}")
    assert not [m for m in messages if "row in the window" in m]


@pytest.mark.parametrize(
    "pql",
    [
        "PREDICT MAX(orders.amount, 0, 30, days) IS NULL FOR EACH users.user_id",  # asks about empty on purpose
        "PREDICT COUNT(orders.*, 0, 30, days) > 2 FOR EACH users.user_id",  # a count of an empty window is 0
    ],
)
def test_no_warning_where_an_empty_window_is_not_null_or_is_asked_about(shop, pql):
    messages, _ = _messages(rfm_sql.attach(shop), pql)
    assert not [m for m in messages if "row in the window" in m]
