import datetime as dt

import duckdb
import pytest

from rfm_sql.errors import PQLSyntaxError
from rfm_sql.pql import ast, parse

# Every example of PQL.md must parse.
PQL_MD_EXAMPLES = [
    "PREDICT COUNT(orders.*, 0, 30, days) = 0 FOR EACH users.user_id",
    "PREDICT SUM(orders.price, 0, 30, days) FOR EACH users.user_id WHERE COUNT(orders.*, -90, 0, days) > 0",
    "PREDICT COUNT(results.* WHERE results.statusId != 1, 0, 30, days) > 0 FOR EACH drivers.driverId",
    "PREDICT MIN(qualifying.position, 0, 30, days) <= 3 FOR EACH drivers.driverId\n"
    "        ASSUMING COUNT(qualifying.*, 0, 30, days) > 0",
    "PREDICT AVG(results.positionOrder, 0, 60, days) FOR EACH drivers.driverId",
    "PREDICT users.age FOR users.user_id IN (1, 2, 3)",
    "PREDICT (users.age > 40 OR users.country = 'US') AND NOT users.gender = 'm' FOR EACH users.user_id",
    "PREDICT LIST_DISTINCT(orders.item_id, 0, 7, days) RANK TOP 10 FOR users.user_id = 42",
    "PREDICT SUM(sales.amount, 0, 1, days) FORECAST 7 TIMEFRAMES FOR stores.store_id = 3",
    "PREDICT COUNT(posts.*, 0, 14, days) > 0 OR COUNT(comments.*, 0, 14, days) > 0 FOR EACH users.Id",
    "EVALUATE PREDICT COUNT(ratings.*, 0, 90, days) > 0 FOR EACH users.userId",
]


@pytest.mark.parametrize("text", PQL_MD_EXAMPLES)
def test_pql_md_examples_parse(text):
    q = parse(text)
    assert isinstance(q, ast.Query) and q.source == text


def test_tree_shape_and_positions():
    text = "PREDICT COUNT(orders.* WHERE orders.status = 'paid', 0, 30, days) > 0 FOR EACH users.user_id"
    q = parse(text)
    cmp = q.target
    assert isinstance(cmp, ast.Comparison) and cmp.op == ">" and cmp.right.value == 0
    agg = cmp.left
    assert (agg.func, str(agg.column), agg.window.start, agg.window.end, agg.window.unit) == (
        "COUNT",
        "orders.*",
        0,
        30,
        "days",
    )
    assert agg.filter.left == ast.ColumnRef("orders", "status", ast.Span(0, 0))
    assert text[agg.column.span.start : agg.column.span.end] == "orders.*"
    assert text[q.entity.span.start : q.entity.span.end] == "users.user_id"


def test_keywords_case_insensitive_comments_backquotes_and_units():
    q = parse("predict max(`order items`.`unit price`, 0, 2, WEEKS) for each `user table`.id  # a comment\n")
    assert q.target.column == ast.ColumnRef("order items", "unit price", ast.Span(0, 0))
    assert q.target.window.unit == "weeks" and q.entity.table == "user table"
    assert parse("PREDICT COUNT(o.*, 0, 1, day) FOR EACH u.id").target.window.unit == "days"
    assert parse("PREDICT COUNT(o.*, 0, 1) FOR EACH u.id").target.window.unit == "days"  # default unit


@pytest.mark.parametrize("unit", ["seconds", "minutes", "hours", "days", "weeks", "months"])
def test_every_unit(unit):
    assert parse(f"PREDICT COUNT(o.*, 0, 5, {unit}) FOR EACH u.id").target.window.unit == unit


@pytest.mark.parametrize(
    "text, op, right",
    [
        ("= 1", "=", 1),
        ("!= 1", "!=", 1),
        ("<> 1", "!=", 1),
        ("< 1.5", "<", 1.5),
        ("<= -2", "<=", -2),
        ("> 1e3", ">", 1000.0),
        (">= 0", ">=", 0),
        ("IN (1, 'a', NULL)", "IN", (1, "a", None)),
        ("NOT IN (TRUE, FALSE)", "NOT IN", (True, False)),
        ("LIKE 'a%'", "LIKE", "a%"),
        ('NOT LIKE "b_"', "NOT LIKE", "b_"),
        ("CONTAINS 'x'", "CONTAINS", "x"),
        ("STARTS WITH 'x'", "STARTS WITH", "x"),
        ("ENDS WITH 'y'", "ENDS WITH", "y"),
        ("= 2024-01-01", "=", dt.datetime(2024, 1, 1)),
        ("> 2024-01-01 12:30:00", ">", dt.datetime(2024, 1, 1, 12, 30)),
        ("> 2024-01-01 12:30:00+02:00", ">", dt.datetime(2024, 1, 1, 10, 30)),  # an offset: the UTC instant
        ("> 2024-01-01T12:30:00Z", ">", dt.datetime(2024, 1, 1, 12, 30)),
        ("< 2024-01-01 00:00-0530", "<", dt.datetime(2024, 1, 1, 5, 30)),
        ("IS NULL", "IS NULL", None),
        ("IS NOT NULL", "IS NOT NULL", None),
        ("= NULL", "=", None),
        ("= 'it''s'", "=", "it's"),
    ],
)
def test_every_operator_and_literal(text, op, right):
    q = parse(f"PREDICT u.x {text} FOR EACH u.id")
    assert isinstance(q.target, ast.Comparison) and q.target.op == op
    assert (q.target.right.value if q.target.right is not None else None) == right


def test_minus_inf_rank_classify_forecast_prefixes_and_for_forms():
    q = parse(
        "EXPLAIN PREDICT LIST_DISTINCT(o.item_id, 0, 7) RANK TOP 5 FOR u.id IN ('a', 'b') ASSUMING COUNT(o.*, 0, 7) > 0"
    )
    assert q.prefix == "EXPLAIN" and q.task.k == 5 and q.entities == ("a", "b") and q.assuming is not None
    assert isinstance(parse("PREDICT LIST_DISTINCT(o.c, 0, 7) CLASSIFY FOR u.id = 1").task, ast.Classify)
    assert parse("PREDICT SUM(o.x, 0, 1) FORECAST 3 TIMEFRAMES FOR u.id = 1").task.steps == 3
    q = parse("PREDICT u.x FOR EACH u.id WHERE COUNT(o.*, -INF, 0, days) > 0")
    assert q.entity_filter.left.window.start is None
    assert parse("PREDICT u.x FOR u.id = 7").entities == (7,)


def test_boolean_precedence():
    q = parse("PREDICT u.a = 1 OR u.b = 2 AND NOT u.c = 3 FOR EACH u.id")
    assert isinstance(q.target, ast.Or)
    assert isinstance(q.target.items[1], ast.And) and isinstance(q.target.items[1].items[1], ast.Not)


@pytest.mark.parametrize(
    "text, fragment, caret_col",
    [
        ("PREDCT COUNT(o.*, 0, 30) FOR EACH u.id", 'Did you mean "PREDICT"?', 1),
        ("PREDICT COUNT(o.*, 0, 30) FRO EACH u.id", 'Did you mean "FOR"?', 27),
        ("PREDICT COUNT(o.*, 0, 30) FOR EAC u.id", 'Did you mean "EACH" instead of "EAC"?', 35),
        ("PREDICT CONT(o.*, 0, 30) FOR EACH u.id", 'Did you mean "COUNT" instead of "CONT"?', 13),  # not "COMMENT"
        ("PREDICT COUNT(o.*, 0 30) FOR EACH u.id", 'expected ")" or ","', 22),
        ("PREDICT COUNT(o.*, 0, 30, dayz) FOR EACH u.id", 'Did you mean "days"?', 27),
        ("PREDICT COUNT(o.*, 0, 30", "ends too early", 25),
        # EACH left out: it said only that IN or a comparison was expected
        ("PREDICT COUNT(o.*, 0, 30) FOR u.id ", "write FOR EACH u.id; for some, FOR u.id IN (...).", 35),
        ("PREDICT u.x ; DROP TABLE u FOR EACH u.id", 'Unexpected character ";"', 13),
        ("PREDICT u.x FOR u.id > 3", 'takes "=" or IN', 22),
        ("PREDICT COUNT(o.*, 0, -INF) FOR EACH u.id", "cannot end at -INF", 23),
        ("PREDICT LIST_DISTINCT(o.i, 0, 7) RANK TOP 0 FOR u.id = 1", "k >= 1", 43),
        # a target's clause after the entities: the query with it where it belongs
        (
            "PREDICT COUNT(o.*, 0, 7) FOR EACH u.id FORECAST 8 TIMEFRAMES",
            "before FOR: PREDICT COUNT(o.*, 0, 7) FORECAST 8 TIMEFRAMES FOR EACH u.id",
            40,
        ),
        (
            "PREDICT LIST_DISTINCT(o.i, 0, 7) FOR u.id = 1 RANK TOP 3",
            "LIST_DISTINCT(o.i, 0, 7) RANK TOP 3 FOR u.id = 1",
            47,
        ),
    ],
)
def test_syntax_errors_point_at_the_problem(text, fragment, caret_col):
    with pytest.raises(PQLSyntaxError) as info:
        parse(text)
    err = info.value
    assert fragment in str(err)
    assert err.line == 1 and err.column == caret_col
    lines = str(err).splitlines()
    assert lines[-1].index("^") == 4 + caret_col - 1  # the caret sits under the offending text
    assert isinstance(err, ValueError)


def test_error_on_second_line_reports_line_and_column():
    with pytest.raises(PQLSyntaxError) as info:
        parse("PREDICT COUNT(o.*, 0, 30)\n  FOR EACH u.id\n  ASUMING COUNT(o.*, 0, 1) > 0")
    assert (info.value.line, info.value.column) == (3, 3)
    assert "line 3, column 3" in str(info.value) and 'Did you mean "ASSUMING"?' in str(info.value)


@pytest.mark.parametrize("bad", ["", "   ", None, 42])
def test_empty_or_non_string_query(bad):
    with pytest.raises(ValueError, match="PQL query"):
        parse(bad)


def test_a_name_beyond_ascii_gets_the_back_quoted_form():
    with pytest.raises(PQLSyntaxError, match=r'Unexpected character "ö".*back-quotes: `Größe`'):
        parse("PREDICT Kunden.Größe FOR EACH Kunden.kid")
    assert parse("PREDICT Kunden.`Größe` FOR EACH Kunden.kid").target.column == "Größe"


def test_a_name_in_sql_double_quotes_gets_the_back_quoted_form():
    with pytest.raises(PQLSyntaxError, match=r'Unexpected ""Tier"".*back-quotes, not double quotes: `Tier`'):
        parse('PREDICT donors."Tier" FOR EACH donors.donor_id')
    assert parse("PREDICT donors.`Tier` FOR EACH donors.donor_id").target.column == "Tier"


@pytest.mark.parametrize(
    "text, hint",
    [
        ("PREDICT COUNT(orders.*, 0, 30, days) FOR EACH users.user_id;", "A query ends without a semicolon: drop it"),
        ("PREDICT users.age FOR EACH users.user_id; PREDICT users.age FOR EACH users.user_id", "one query at a time"),
        ("PREDICT users.country == 'fr' FOR EACH users.user_id", "PQL compares with a single =: write = for equals"),
        ("PREDICT COUNT(orders.*, 0, 1.5, days) FOR EACH users.user_id", "write 1.5 days as 36 hours."),
        ("PREDICT COUNT(orders.*, 0.5, 2, days) FOR EACH users.user_id", "write 0.5 days as 12 hours."),
        ("PREDICT COUNT(orders.*, 0, 2.5, weeks) FOR EACH users.user_id", "write 2.5 weeks as 420 hours."),
        ("PREDICT COUNT(orders.*, 0, 0.1, DAYS) FOR EACH users.user_id", "write 0.1 days as 144 minutes."),
        ("PREDICT COUNT(orders.*, 0, 2.5, months) FOR EACH users.user_id", "round it, or use a smaller unit."),
        ("PREDICT COUNT(orders.*, -1.5, 0, days) FOR EACH users.user_id", "write -1.5 days as -36 hours."),
        (
            "PREDICT LIST_DISTINCT(orders.item_id, 0, 7, days) RANK TOP 2.5 FOR EACH users.user_id",
            "This number is a count: write a whole number.",
        ),
        (
            "PREDICT COUNT(orders.*, 0, 7, days) FORECAST 2.5 TIMEFRAMES FOR EACH users.user_id",
            "This number is a count: write a whole number.",
        ),
        (
            "PREDICT users.age FOR EACH users.user_id IN (1, 2)",
            "Listed keys are written without EACH: PREDICT users.age FOR users.user_id IN (1, 2)",
        ),
        (
            "PREDICT users.age FOR EACH users.user_id = 1",
            "Listed keys are written without EACH: PREDICT users.age FOR users.user_id = 1",
        ),
        # a text key or value without quotes, the entities without FOR EACH (a permits trial: token lists alone)
        (
            "PREDICT COUNT(complaints.*, 0, 90, days) FOR parcels.apn = 123-045-0678",
            "A key or a value that is text is quoted: '123-045-0678' "
            "(PREDICT COUNT(complaints.*, 0, 90, days) FOR parcels.apn = '123-045-0678').",
        ),
        (
            "PREDICT COUNT(complaints.*, 0, 90, days) FOR parcels.apn IN ('120-1', 123-045-0678)",
            "(PREDICT COUNT(complaints.*, 0, 90, days) FOR parcels.apn IN ('120-1', '123-045-0678')).",
        ),
        (
            "PREDICT COUNT(inspections.* WHERE inspections.kind = roof, 0, 30, days) FOR EACH permits.permit_id",
            "PREDICT COUNT(inspections.* WHERE inspections.kind = 'roof', 0, 30, days) FOR EACH permits.permit_id",
        ),
        (
            "PREDICT COUNT(applications.*, 0, 90, days) = 0 contractors.contractor_id",
            "The entities come after FOR EACH: "
            "PREDICT COUNT(applications.*, 0, 90, days) = 0 FOR EACH contractors.contractor_id",
        ),
        (
            "PREDICT COUNT(applications.*, 0, 90, days) = 0 EACH contractors.contractor_id",
            "PREDICT COUNT(applications.*, 0, 90, days) = 0 FOR EACH contractors.contractor_id",
        ),
        (  # SQL's COUNT(*) (a parking trial)
            "PREDICT COUNT(*, 0, 30, days) FOR EACH customers.customer_id",
            "PQL names the table whose rows are counted: PREDICT COUNT(<table>.*, 0, 30, days) FOR EACH customers.customer_id",
        ),
        (  # ... with SQL's FROM (a daycare trial was offered a fix that kept it, and no window)
            "PREDICT COUNT(*) FROM attendance FOR EACH children.child_ref",
            "PREDICT COUNT(attendance.*, 0, 30, days) FOR EACH children.child_ref",
        ),
        (  # a condition where the column goes (a tutoring trial: an unexpected "=" and no more)
            "PREDICT COUNT(bookings.status = 'no_show', 0, 30, days) FOR EACH students.student_id",
            "Rows are picked by a WHERE inside the aggregation: PREDICT COUNT(bookings.* WHERE bookings.status = "
            "'no_show', 0, 30, days) FOR EACH students.student_id",
        ),
        (
            "PREDICT SUM(payments.amount > 5, 0, 30, days) FOR EACH users.user_id",
            "PREDICT SUM(payments.amount WHERE payments.amount > 5, 0, 30, days) FOR EACH users.user_id",
        ),
        (  # an aggregation without its window (a daycare trial: an unexpected ")" and no more)
            "PREDICT COUNT(attendance.*) FOR EACH children.child_ref",
            "An aggregation reads a window (start, end, unit) after its column: "
            "PREDICT COUNT(attendance.*, 0, 30, days) FOR EACH children.child_ref",
        ),
        (  # a spreadsheet's MEAN (a golf club trial: the tokens expected and no more)
            "PREDICT MEAN(rounds.gross_score, 0, 30, days) FOR EACH members.member_id",
            "PQL has no MEAN: the mean of a column is AVG(table.column, 0, 30, days).",
        ),
        (  # a table with no column (a law firm trial: 'Unexpected ",": expected "."' and no more)
            "PREDICT COUNT(payments, 0, 90, days) FOR EACH clients.client_id",
            "An aggregation names a table's column, or * for its rows: "
            "PREDICT COUNT(payments.*, 0, 90, days) FOR EACH clients.client_id",
        ),
        (
            "PREDICT SUM(payments) FOR EACH clients.client_id",
            "An aggregation names a table's column: PREDICT SUM(payments.<column>) FOR EACH clients.client_id",
        ),
        # SQL's distinct count (an LMS trial: a token list, no word of COUNT_DISTINCT)
        (
            "PREDICT COUNT(DISTINCT logins.device, 0, 30, days) FOR EACH students.student_id",
            "COUNT_DISTINCT(table.column, start, end, unit): "
            "PREDICT COUNT_DISTINCT(logins.device, 0, 30, days) FOR EACH students.student_id",
        ),
        (
            "PREDICT COUNT(distinct(logins.device), 0, 30, days) > 2 FOR EACH students.student_id",
            "COUNT_DISTINCT(table.column, start, end, unit): "
            "PREDICT COUNT_DISTINCT(logins.device, 0, 30, days) > 2 FOR EACH students.student_id",
        ),
        # SQL's aggregations PQL lacks (a streaming trial's favourite genre: a token list, no word of FIRST)
        (
            "PREDICT MODE(plays.genre, 0, 30, days) FOR EACH listeners.listener_id",
            "PQL has no MODE: for the value an entity takes most, predict FIRST(table.column, 0, 30, days)",
        ),
        (
            "PREDICT median(plays.seconds, 0, 30, days) FOR EACH listeners.listener_id",
            "PQL has no MEDIAN: predict AVG(table.column, ...) or SUM(...)",
        ),
        # a column compared with another (a receivables trial's "paid late"): a view's difference, not a token list
        (
            "PREDICT COUNT(payments.* WHERE payments.paid_at > invoices.due_date, 0, 30, days) FOR EACH invoices.id",
            "not with another column: make what you compare a column of a view",
        ),
    ],
)
def test_common_slips_say_how_to_fix_them(text, hint):
    with pytest.raises(PQLSyntaxError) as err:
        parse(text)
    assert hint in str(err.value)
    fixed = hint.split(": ", 1)[1] if hint.startswith(("Listed keys", "COUNT_DISTINCT")) else None
    if fixed is not None:
        parse(fixed)  # the query it offers parses


@pytest.mark.parametrize(
    "text, where, tables",
    [
        # a code-hosting trial got "expected FALSE, NULL, TRUE, ...", no word of what PQL compares
        (
            "PREDICT COUNT(stars.*, 0, 30, days) > COUNT(issues.*, 0, 30, days) FOR EACH repos.id",
            "target",
            "stars_issues",
        ),
        (
            "PREDICT COUNT(stars.*, 0, 30, days) - COUNT(issues.*, 0, 30, days) > 0 FOR EACH repos.id",
            "target",
            "stars_issues",
        ),
        (
            "PREDICT COUNT(stars.*, 0, 30, days) > 0 FOR EACH repos.id WHERE SUM(a.x, -30, 0, days) < SUM(b.x, -30, 0, days)",
            "condition",
            "a_b",
        ),
    ],
)
def test_two_aggregations_compared_are_told_the_constant_and_the_ways_around(text, where, tables):
    with pytest.raises(PQLSyntaxError) as err:
        parse(text)
    said = str(err.value)
    assert f"A {where} compares an aggregation with a constant only" in said
    assert f"CREATE VIEW {tables} AS SELECT <fk>, <time> AS at, 1 AS sign FROM" in said and "UNION ALL" in said
    assert ("Predict each aggregation on its own" in said) == (where == "target")
    assert "references repos" in said


def test_arithmetic_inside_an_aggregation_gets_the_view_that_makes_it_a_column():
    with pytest.raises(PQLSyntaxError) as caught:
        parse("PREDICT SUM(trades.qty * trades.price, 0, 7, days) FOR EACH users.user_id")
    assert (
        "SUM aggregates one column, not an expression of columns: make the expression a column of a view, e.g. "
        "CREATE VIEW trades_v AS SELECT *, CAST(qty AS DOUBLE) * CAST(price AS DOUBLE) AS amount FROM trades"
    ) in str(caught.value)


def test_two_dates_apart_inside_an_aggregation_get_a_view_of_days_that_runs():
    """DuckDB casts no timestamp to DOUBLE: the difference of two dates is a number of days."""
    with pytest.raises(PQLSyntaxError) as caught:
        parse("PREDICT AVG(stays.discharged_at - stays.admitted_at, 0, 90, days) FOR EACH clients.client_id")
    view = "CREATE VIEW stays_v AS SELECT *, DATE_DIFF('DAY', admitted_at, discharged_at) AS days FROM stays"
    assert view in str(caught.value) and "AVG(stays_v.days, ...)" in str(caught.value)
    con = duckdb.connect()
    con.execute(
        "CREATE TABLE stays AS SELECT TIMESTAMP '2024-01-01' AS admitted_at, TIMESTAMP '2024-01-04' AS discharged_at"
    )
    con.execute(view)
    assert con.execute("SELECT days FROM stays_v").fetchall() == [(3,)]
