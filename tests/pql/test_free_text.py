"""A class target over free text is refused with what to do (a hotel trial's guests.email ran for 30 s and
returned 300,000 class scores for 5,000 guests)."""

import duckdb
import pytest

import rfm_sql
from rfm_sql.errors import UserError


def test_a_free_text_target_is_refused_and_the_advice_works():
    con = duckdb.connect()
    con.execute("CREATE TABLE guests (guest_id INTEGER PRIMARY KEY, email VARCHAR, joined_at TIMESTAMP)")
    con.execute(
        "INSERT INTO guests SELECT i, 'user' || i || '@mail' || (i % 3) || '.com', TIMESTAMP '2024-01-01' "
        "FROM range(1, 601) t(i)"
    )
    rfm = rfm_sql.attach(con)
    assert rfm.graph.table("guests").column("email").stype.value == "text"
    with pytest.raises(UserError, match="guests.email is free text") as info:
        rfm.predict("PREDICT guests.email FOR EACH guests.guest_id")
    assert 'rfm.graph.set_stype("guests", "email", "categorical")' in str(info.value)
    con.execute("CREATE VIEW guests_domains AS SELECT *, split_part(email, '@', 2) AS email_domain FROM guests")
    out = rfm_sql.attach(con).predict("PREDICT guests_domains.email_domain FOR EACH guests_domains.guest_id")
    assert set(out.column("CLASS").to_pylist()) == {"mail0.com", "mail1.com", "mail2.com"}
