"""attach inside the caller's open transaction is refused: its SQL functions would roll back with the
transaction while the handle believed them registered (rfm_predict then 'does not exist'), and with writes
pending DuckDB raised its own TransactionException. The caller's transaction is left as it was."""

import pytest

import rfm_sql
from rfm_sql.errors import UserError

QUERY = "PREDICT COUNT(orders.*, 0, 30, days) FOR EACH users.user_id"


@pytest.mark.parametrize("pending_write", [False, True])
def test_attach_in_an_open_transaction_is_refused_and_the_transaction_survives(shop, pending_write):
    shop.begin()
    if pending_write:
        shop.execute("CREATE TABLE notes(a INT)")
    with pytest.raises(UserError, match="open transaction") as info:
        rfm_sql.attach(shop)
    assert "COMMIT or ROLLBACK first" in str(info.value)
    shop.execute("CREATE TABLE more_notes(a INT)")  # the caller's transaction still takes statements
    shop.commit()
    tables = {r[0] for r in shop.sql("SELECT table_name FROM information_schema.tables").fetchall()}
    assert "more_notes" in tables and ("notes" in tables) == pending_write


def test_attached_outside_a_transaction_the_functions_survive_a_rollback(shop):
    rfm_sql.attach(shop)
    shop.begin()
    shop.execute("CREATE TABLE scratch(a INT)")
    shop.rollback()
    users = shop.sql("SELECT count(*) FROM users").fetchall()[0][0]
    assert shop.sql(f"SELECT count(*) FROM rfm_predict('{QUERY}', context_size := 100)").fetchall()[0][0] == users
