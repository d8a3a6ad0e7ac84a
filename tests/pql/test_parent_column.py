"""A column the query's table lacks but a table it references holds (`loans.book_id`, where loans reference copies
and copies the books) is named with the view that brings it down, and the advice works when followed."""

import duckdb
import pytest

import rfm_sql
from rfm_sql.errors import PQLError


@pytest.fixture
def library():
    con = duckdb.connect()
    con.execute("CREATE TABLE members (member_id INTEGER PRIMARY KEY, joined_at TIMESTAMP)")
    con.execute("INSERT INTO members SELECT i, TIMESTAMP '2023-01-01' + INTERVAL (i) HOUR FROM range(1, 201) t(i)")
    con.execute("CREATE TABLE books (book_id INTEGER PRIMARY KEY, genre VARCHAR)")
    con.execute("INSERT INTO books SELECT i, ['Fiction', 'History', 'Poetry'][1 + i % 3] FROM range(1, 61) t(i)")
    con.execute("CREATE TABLE copies (copy_id INTEGER PRIMARY KEY, book_id INTEGER REFERENCES books)")
    con.execute("INSERT INTO copies SELECT i, 1 + i % 60 FROM range(1, 181) t(i)")
    con.execute(
        "CREATE TABLE loans (loan_id INTEGER PRIMARY KEY, copy_id INTEGER REFERENCES copies, "
        "member_id INTEGER REFERENCES members, loaned_at TIMESTAMP)"
    )
    con.execute(
        "INSERT INTO loans SELECT i, 1 + (i * 7) % 180, 1 + (i * 13) % 200, "
        "TIMESTAMP '2023-02-01' + INTERVAL (i * 5) HOUR FROM range(1, 4001) t(i)"
    )
    return con


@pytest.mark.parametrize(
    ("query", "view", "column"),
    [
        ("PREDICT LIST_DISTINCT(loans.book_id, 0, 30, days) RANK TOP 5 FOR EACH members.member_id", "loans_with_copies", "book_id"),
        ("PREDICT COUNT(loans.* WHERE loans.genre = 'Poetry', 0, 30, days) FOR EACH members.member_id", "loans_with_books", "genre"),
    ],
)  # fmt: skip
def test_a_column_of_a_referenced_table_comes_with_the_view_that_brings_it(library, query, view, column):
    rfm = rfm_sql.attach(library)
    with pytest.raises(PQLError, match=f'has no column "{column}"') as info:
        rfm.predict(query)
    message = str(info.value)
    assert f"then use {view}.{column}" in message
    create = message[message.index("CREATE VIEW") : message.index("; then use")]
    library.execute(create)  # the advice, followed
    fixed = query.replace(f"loans.{column}", f"{view}.{column}").replace("loans.*", f"{view}.*")
    out = rfm_sql.attach(library).predict(fixed, context_size=200)
    assert out.num_rows > 0


def test_no_path_is_offered_where_two_referenced_tables_hold_the_column(library):
    library.execute("ALTER TABLE members ADD COLUMN genre VARCHAR")  # loans -> members and loans -> copies
    library.execute("ALTER TABLE copies ADD COLUMN genre VARCHAR")
    rfm = rfm_sql.attach(library)
    with pytest.raises(PQLError, match='has no column "genre"') as info:
        rfm.predict("PREDICT COUNT(loans.* WHERE loans.genre = 'Poetry', 0, 30, days) FOR EACH members.member_id")
    assert "CREATE VIEW" not in str(info.value)


@pytest.mark.parametrize("with_holds", [True, False])
def test_a_table_two_links_below_the_entity_is_offered_with_its_view(library, with_holds):
    """`FIRST(books.genre) FOR EACH members`: the loans reach books through copies; the advice named only the
    holds (which reference books directly), and following it predicted the next hold's genre."""
    if with_holds:
        library.execute(
            "CREATE TABLE holds (hold_id INTEGER PRIMARY KEY, member_id INTEGER REFERENCES members, "
            "book_id INTEGER REFERENCES books, placed_at TIMESTAMP)"
        )
        library.execute(
            "INSERT INTO holds SELECT i, 1 + i % 200, 1 + i % 60, TIMESTAMP '2023-03-01' FROM range(1, 300) t(i)"
        )
    rfm = rfm_sql.attach(library)
    with pytest.raises(PQLError, match="not linked to the entity table") as info:
        rfm.predict("PREDICT FIRST(books.genre, 0, 30, days) FOR EACH members.member_id")
    message = str(info.value)
    assert "loans -> copies (by copy_id) -> books (by book_id)" in message
    assert ("holds_with_books" in message) is with_holds
    start = message.index("CREATE VIEW loans_with_books")
    library.execute(message[start : message.index("; then aggregate loans_with_books", start)])
    out = rfm_sql.attach(library).predict(
        "PREDICT FIRST(loans_with_books.genre, 0, 30, days) FOR EACH members.member_id", context_size=200
    )
    assert set(out.column("CLASS").to_pylist()) <= {"Fiction", "History", "Poetry"}
