"""Crashes the PQL fuzzer found (tests/pql/fuzzing.py): each now raises a PQL error that points at the text."""

import pytest

import rfm_sql
from rfm_sql.errors import PQLError, PQLSyntaxError
from rfm_sql.pql import parse
from rfm_sql.pql.parser import MAX_NESTING

Q = "PREDICT COUNT(orders.*, 0, 30, days) > 0 FOR EACH users.user_id"


def _points_at(err: PQLError, text: str, fragment: str) -> None:
    assert err.pos == text.index(fragment), (err.pos, text[err.pos : err.pos + 20])
    assert "^" in str(err)


@pytest.mark.parametrize(
    "date, reason",
    [
        ("2024-13-01", "month must be in 1..12"),
        ("2024-02-30", "day is out of range for month"),
        ("2024-01-01 25:00", "hour must be in 0..23"),
        ("0000-01-01", "year 0 is out of range"),
        ("٢٠٢٤-٠١-٠١", "Invalid isoformat string"),  # \d matches every script's digits
    ],
)
def test_an_impossible_date_is_a_syntax_error_not_a_crash(date, reason):
    """Was lark's VisitError wrapping datetime's ValueError."""
    text = f"{Q} WHERE users.signup_time > {date}"
    with pytest.raises(PQLSyntaxError, match=f"is not a valid date or timestamp: {reason}") as e:
        parse(text)
    _points_at(e.value, text, date)


@pytest.mark.parametrize(
    "template",
    [
        "PREDICT COUNT(orders.*, 0, 30, days) > {n} FOR EACH users.user_id",
        "PREDICT COUNT(orders.*, 0, {n}, days) > 0 FOR EACH users.user_id",
        "PREDICT COUNT(orders.*, -{n}, 30, days) > 0 FOR EACH users.user_id",
        "PREDICT users.age FOR users.user_id IN (1, {n})",
        "PREDICT LIST_DISTINCT(orders.item_id, 0, 7, days) RANK TOP {n} FOR EACH users.user_id",
        "PREDICT SUM(orders.amount, 0, 1, days) FORECAST {n} TIMEFRAMES FOR EACH users.user_id",
    ],
)
def test_a_number_with_thousands_of_digits_is_a_syntax_error_not_a_crash(template):
    """Was lark's VisitError wrapping int()'s 'Exceeds the limit (4300 digits)' ValueError."""
    n = "9" * 5000
    text = template.format(n=n)
    with pytest.raises(PQLSyntaxError, match=r"The number -?9+\.\.\. is too long \(500[01] digits\)") as e:
        parse(text)
    assert text[e.value.pos :].lstrip("-").startswith(n)
    # a long number Python can still convert is fine
    parse(template.format(n="9" * 100))


@pytest.mark.parametrize(
    "template",
    [
        "PREDICT COUNT(orders.*, 0, 30, days) > {n} FOR EACH users.user_id",
        "PREDICT COUNT(orders.*, 0, 30, days) FOR users.user_id IN (1, {n})",
        "PREDICT COUNT(orders.*, 0, 30, days) FOR EACH users.user_id WHERE users.age < -{n}",
    ],
)
def test_a_number_beyond_a_double_is_a_syntax_error_not_a_crash(template):
    """Was parsed as inf, which the SQL compiler wrote as a column named inf (DuckDB's BinderException)."""
    text = template.format(n="1e999")
    with pytest.raises(PQLSyntaxError, match="beyond the largest a double holds") as e:
        parse(text)
    _points_at(e.value, text, "-1e999" if "-{n}" in template else "1e999")  # a sign is part of the number
    parse(template.format(n="1e300"))


@pytest.mark.parametrize("ending", ["", "\n", "\n\n", " \r\n\t", "  # a comment\n", "\n# a comment"])
def test_a_query_that_ends_too_early_with_a_newline_points_at_its_last_word(ending):
    """Was an IndexError: the caret's line (after the trailing newline) did not exist."""
    text = "PREDICT COUNT(orders.*, 0, 30, days) > 0 FOR EACH" + ending
    with pytest.raises(PQLSyntaxError, match="ends too early") as e:
        parse(text)
    assert e.value.line == 1 and text[: e.value.pos].endswith("FOR EACH")
    assert "FOR EACH" in str(e.value)


@pytest.mark.parametrize(
    "open_, close",
    [("(", ")"), ("NOT ", ""), ("(NOT ", ")"), ("NOT (", ")")],
)
def test_deep_nesting_is_a_clear_error_not_a_recursion_error(open_, close):
    """Was a RecursionError from the tree transformer (about 250 parentheses were enough)."""
    cond = "users.age > 1"
    for depth in (2000, 100_000 // len(open_)):
        text = f"PREDICT {open_ * depth}{cond}{close * depth} FOR EACH users.user_id"
        with pytest.raises(PQLSyntaxError, match=f"nested too deeply: more than {MAX_NESTING} levels") as e:
            parse(text)
        assert len(text[: e.value.pos]) < 20 * MAX_NESTING


def test_nesting_up_to_the_limit_is_accepted(shop):
    rfm = rfm_sql.attach(shop)
    inner = "users.age > 1"
    # the target is one level; each parenthesis or NOT adds one
    ok = "PREDICT " + "(" * (MAX_NESTING - 1) + inner + ")" * (MAX_NESTING - 1) + " FOR EACH users.user_id"
    assert rfm.resolve(ok).task_type.value == "binary"
    too_deep = "PREDICT " + "NOT " * MAX_NESTING + inner + " FOR EACH users.user_id"
    with pytest.raises(PQLSyntaxError, match="nested too deeply") as e:
        rfm.resolve(too_deep)
    assert e.value.pos == len("PREDICT ") + 4 * (MAX_NESTING - 1)


def test_nested_aggregation_filters_are_counted():
    text = (
        "PREDICT "
        + "COUNT(orders.* WHERE " * 5000
        + "orders.amount > 1"
        + ", 0, 1)" * 5000
        + " > 0 FOR EACH users.user_id"
    )
    with pytest.raises(PQLSyntaxError, match="nested too deeply"):
        parse(text)


def test_a_null_key_in_an_entity_list_points_at_the_key(shop):
    """Was a PQLError without a position (no caret, line or column)."""
    text = "PREDICT users.age FOR users.user_id IN (1, NULL)"
    with pytest.raises(PQLError, match="lists a NULL key") as e:
        rfm_sql.attach(shop).resolve(text)
    _points_at(e.value, text, "users.user_id")


@pytest.mark.parametrize("text", ["", " ", "\n\t  \n"])
def test_an_empty_query_has_a_position(text):
    with pytest.raises(PQLSyntaxError, match="The PQL query is empty") as e:
        parse(text)
    assert (e.value.pos, e.value.line, e.value.column) == (0, 1, 1)


def test_caret_line_counts_only_newlines():
    source = "PREDICT x\r# a comment\u2028\nFOR EACH oops"
    err = PQLError("bad", source, source.index("oops"), source.index("oops") + 4)
    assert err.line == 2 and "FOR EACH oops" in str(err).splitlines()[2]


def test_a_bare_value_under_and_is_not_a_condition(shop):
    rfm = rfm_sql.attach(shop)
    with pytest.raises(PQLError, match="is not a condition"):
        rfm.resolve("PREDICT users.age AND users.country = 'US' FOR EACH users.user_id")
