"""PQL text -> `ast.Query`, with lark's errors turned into `PQLSyntaxError`s that point at the text."""

from __future__ import annotations

import datetime as dt
import functools
import math
import re

from lark import Lark, Token, Transformer, Tree, v_args
from lark.exceptions import UnexpectedCharacters, UnexpectedEOF, UnexpectedInput, UnexpectedToken, VisitError

from rfm_sql.errors import PQLError, PQLSyntaxError, did_you_mean
from rfm_sql.pql import ast
from rfm_sql.pql.compared import compared_hint
from rfm_sql.pql.slips import entity_slip
from rfm_sql.pql.sql_only import instead_of

# What a person would call each terminal in "expected ..." lists.
_TERMINAL_NAMES = {
    "NAME": "a name",
    "QUOTED_NAME": "a `quoted name`",
    "SIGNED_INT": "an integer",
    "INT": "an integer",
    "SIGNED_NUMBER": "a number",
    "STRING": "a 'string'",
    "DATETIME": "a date",
    "MINUS_INF": "-INF",
    "COMP_OP": "a comparison (= != < <= > >=)",
    "AGG": "an aggregation (COUNT, SUM, AVG, ...)",
    "UNIT": "a unit (seconds, minutes, hours, days, weeks, months)",
    "STAR": '"*"',
    "LPAR": '"("',
    "RPAR": '")"',
    "COMMA": '","',
    "DOT": '"."',
    "$END": "the end of the query",
}

# How deeply parentheses, NOT and aggregations may nest. Far beyond any real query, and low enough that the
# recursive passes over the tree (here and in the compilers) stay well inside Python's recursion limit.
MAX_NESTING = 50
_NESTING_RULES = ("or_", "not_", "aggregation")
# lark's whitespace (common.WS)
_WS = " \t\f\r\n"


@functools.cache
def _parser() -> Lark:
    return Lark.open("grammar.lark", rel_to=__file__, parser="lalr", propagate_positions=True, maybe_placeholders=False)


def parse(text: str) -> ast.Query:
    """Parse one PQL query.

    >>> parse("PREDICT COUNT(orders.*, 0, 30, days) = 0 FOR EACH users.user_id").entity.table
    'users'
    """
    if not isinstance(text, str):
        raise PQLError(f"A PQL query must be a string, got {type(text).__name__}.")
    if not text.strip():
        raise PQLSyntaxError(
            "The PQL query is empty. Write e.g. PREDICT COUNT(orders.*, 0, 30, days) > 0 FOR EACH users.user_id",
            text,
            0,
        )
    try:
        tree = _parser().parse(text)
    except UnexpectedInput as e:
        raise _syntax_error(text, e) from None
    _check_nesting(tree, text)
    try:
        return _ToAst(text).transform(tree)
    except VisitError as e:
        if isinstance(e.orig_exc, PQLError):
            raise e.orig_exc from None
        raise


def _check_nesting(tree: Tree, text: str) -> None:
    """Reject trees nested deeper than MAX_NESTING before anything recurses over them (walked with a stack)."""
    stack = [(tree, 0)]
    while stack:
        node, depth = stack.pop()
        if node.data in _NESTING_RULES:
            depth += 1
            if depth > MAX_NESTING:
                raise PQLSyntaxError(
                    f"The query is nested too deeply: more than {MAX_NESTING} levels of parentheses, NOT and "
                    "aggregations. Write the condition flatter, e.g. with AND / OR lists.",
                    text,
                    node.meta.start_pos,
                    node.meta.end_pos,
                )
        stack.extend((child, depth) for child in node.children if isinstance(child, Tree))


def _syntax_error(text: str, e: UnexpectedInput) -> PQLSyntaxError:
    if isinstance(e, UnexpectedEOF) or (isinstance(e, UnexpectedToken) and e.token.type == "$END"):
        expected = _expected(getattr(e, "expected", ()))
        # the caret goes just after the last token (lark's $END borrows its position), not after trailing
        # whitespace or comments, which may end on a line of their own
        end = getattr(getattr(e, "token", None), "end_pos", None) or len(text.rstrip(_WS))
        m = re.search(r"\bFOR\s+(?!EACH\b)([\w`.]+)$", text.rstrip(_WS), re.I)  # FOR users.user_id: no EACH
        hint = f" For every row write FOR EACH {m[1]}; for some, FOR {m[1]} IN (...)." if m else ""
        return PQLSyntaxError(f"The query ends too early: expected {expected}.{hint}", text, end)
    if isinstance(e, UnexpectedToken):
        tok, expected = e.token, _expected(e.expected)
        hint = _keyword_hint(str(tok), e.expected, text[: tok.start_pos])
        if str(tok) == "." and re.search(r"[\w`]+\s*\.\s*[\w`]+\s*$", text[: tok.start_pos]):  # sales.orders.*
            hint = (
                " PQL names columns as table.column, of the schema rfm_sql reads; for a table of another schema "
                "or database, USE it before attaching, or make a view of it in this schema."
            )
        hint = _clause_after_for(text, tok) or _slip(text, tok.start_pos, str(tok)) or hint
        if len(w := str(tok)) > 2 and w[0] == w[-1] == '"' and any("NAME" in t for t in e.expected):  # SQL quotes
            hint = f" PQL quotes a name in back-quotes, not double quotes: `{w[1:-1]}`."
        return PQLSyntaxError(f'Unexpected "{tok}": expected {expected}.{hint}', text, tok.start_pos, tok.end_pos)
    if isinstance(e, UnexpectedCharacters):
        char = text[e.pos_in_stream]
        expected = _expected(e.allowed or ())
        hint = ""
        if char.isalpha() or char.isdigit():  # Größe, café: a name beyond ASCII letters, digits and _
            start, end = e.pos_in_stream, e.pos_in_stream
            while start > 0 and (text[start - 1].isalnum() or text[start - 1] == "_"):
                start -= 1
            while end < len(text) and (text[end].isalnum() or text[end] == "_"):
                end += 1
            hint = f" A name with such characters is written in back-quotes: `{text[start:end]}`."
        hint = _slip(text, e.pos_in_stream, char) or hint
        return PQLSyntaxError(f'Unexpected character "{char}": expected {expected}.{hint}', text, e.pos_in_stream)
    return PQLSyntaxError(str(e), text, getattr(e, "pos_in_stream", None))


def _clause_after_for(text: str, tok) -> str | None:
    """The fix for FORECAST, RANK TOP or CLASSIFY written after the entities (`... FOR EACH t.id FORECAST 4
    TIMEFRAMES`): they belong to the target, so the query with the clause moved before FOR."""
    fors = list(re.finditer(r"\bFOR\b", text[: tok.start_pos], re.I))
    if str(tok).upper() not in ("FORECAST", "RANK", "CLASSIFY") or not fors:
        return None
    at = fors[-1].start()
    clause = text[tok.start_pos :].strip()
    fixed = f"{text[:at].rstrip()} {clause} {text[at : tok.start_pos].strip()}"
    return f" {str(tok).upper()} belongs to the target, before FOR: {fixed}"


_SMALLER_UNIT = {"minutes": (60, "seconds"), "hours": (60, "minutes"), "days": (24, "hours"), "weeks": (7, "days")}


def _whole(x: float) -> bool:
    return abs(x - round(x)) < 1e-6  # 0.1 days * 24 * 60 is 144.00000000000003


def _slip(text: str, pos: int, tok: str) -> str | None:
    """The fix for a common slip at `pos`: a trailing semicolon, a fractional window bound, FOR EACH with listed
    keys, COUNT(DISTINCT ...), a column or an aggregation compared with another (`compared`)."""
    if re.search(r"\bCOUNT\s*\(\s*DISTINCT\b", text[: pos + len(tok)], re.I):  # SQL's distinct count
        fixed = re.sub(r"\bCOUNT\s*\(\s*DISTINCT\s*(?:\(([^()]*)\)|\s)", r"COUNT_DISTINCT(\1", text, flags=re.I)
        return f" PQL counts distinct values with COUNT_DISTINCT(table.column, start, end, unit): {fixed}"
    if said := compared_hint(text, pos, tok) or entity_slip(text, pos, tok):
        return said
    if tok == "(" and (word := re.search(r"\b(\w+)\s*$", text[:pos])) and (said := instead_of(word.group(1))):
        return said  # SQL's MODE( for a favourite genre (a streaming trial): what PQL writes instead
    if tok == "=" and text[:pos].rstrip(_WS).endswith("="):  # SQL dialects' and programming languages' ==
        return " PQL compares with a single =: write = for equals, != for differs."
    if tok == ";":
        if not text[pos + 1 :].strip(_WS):
            return " A query ends without a semicolon: drop it (the SQL around rfm_predict('...') keeps its own)."
        return " rfm_sql takes one query at a time: send each on its own."
    if re.fullmatch(r"\.\d+", tok) and re.search(r"\d$", text[:pos]):
        whole = re.search(r"(-?)\s*(\d+)$", text[:pos])
        number = whole.group(1) + whole.group(2) + tok
        # a window bound is followed by the window's unit before its ")"; RANK TOP k and FORECAST n are not
        unit = re.match(r"[^)]*?\b(" + "|".join(ast.UNITS) + r")\b", text[pos:], re.I)
        if unit is None or "(" not in text[:pos]:
            return " This number is a count: write a whole number."
        unit = unit.group(1).lower()
        amount, smaller = float(number), unit
        while smaller in _SMALLER_UNIT and not _whole(amount):  # 2.5 weeks: not 17.5 days but 420 hours
            factor, smaller = _SMALLER_UNIT[smaller]
            amount *= factor
        if _whole(amount):
            return f" Window bounds are whole numbers of their unit: write {number} {unit} as {amount:.0f} {smaller}."
        return " Window bounds are whole numbers of their unit: round it, or use a smaller unit."
    if tok.upper() in ("IN", "=") and re.search(r"\bFOR\s+EACH\s+[\w`.]+\s*$", text[:pos], re.I):
        fixed = re.sub(r"\bFOR\s+EACH\b", "FOR", text, count=1, flags=re.I)
        return f" Listed keys are written without EACH: {fixed}"
    return None


def _expected(names) -> str:
    words = sorted({_TERMINAL_NAMES.get(n, n.strip('"').upper()) for n in names if not n.startswith("__")})
    return "something else" if not words else words[0] if len(words) == 1 else f"{', '.join(words[:-1])} or {words[-1]}"


def _keyword_hint(word: str, expected, before: str) -> str:
    """Suggest the keyword a typo stands for: the unexpected word itself, or the word just before it
    (`FOR EAC users.id` fails at "users" but the typo is "EAC")."""
    keywords = [n for n in expected if n.isupper() and n.isalpha() and n not in _TERMINAL_NAMES]
    if "UNIT" in expected:
        keywords += list(ast.UNITS)
    if word.isidentifier() and keywords:
        hint = did_you_mean(word.upper(), keywords)
        if hint:
            return hint
    previous = before.split()[-1] if before.split() else ""
    if previous.isidentifier():
        hint = did_you_mean(previous.upper(), _all_keywords())
        if hint and previous.upper() not in _all_keywords():
            return f'{hint[:-1]} instead of "{previous}"?'
    return ""


@functools.cache
def _all_keywords() -> tuple[str, ...]:
    """The grammar's keywords and the aggregations (`CONT(` is COUNT's typo, not the ignored COMMENT terminal's)."""
    skip = set(_TERMINAL_NAMES) | {"COMMENT"}
    words = [t.name for t in _parser().terminals if t.name.isalpha() and t.name.isupper() and t.name not in skip]
    return tuple(dict.fromkeys([*ast.AGGREGATIONS, *words]))


def _span(meta) -> ast.Span:
    return ast.Span(meta.start_pos, meta.end_pos)


def _tok_span(tok: Token) -> ast.Span:
    return ast.Span(tok.start_pos, tok.end_pos)


def _unquote(s: str, quote: str) -> str:
    return s[1:-1].replace(quote * 2, quote).replace("\\" + quote, quote)


@v_args(meta=True)
class _ToAst(Transformer):
    def __init__(self, source: str):
        super().__init__()
        self.source = source

    def start(self, meta, items):
        items = [i for i in items if not (isinstance(i, Token) and i.type == "PREDICT")]
        prefix = items.pop(0) if isinstance(items[0], str) and not isinstance(items[0], Token) else None
        target = items.pop(0)
        task = items.pop(0) if isinstance(items[0], (ast.Rank, ast.Classify, ast.Forecast)) else None
        entity, entity_filter, entities = items.pop(0)
        assuming = items.pop(0) if items else None
        return ast.Query(
            target=target,
            entity=entity,
            source=self.source,
            prefix=prefix,
            task=task,
            entity_filter=entity_filter,
            entities=entities,
            assuming=assuming,
        )

    def prefix(self, meta, items):
        return str(items[0]).upper()

    def _int(self, tok: Token) -> int:
        try:
            return int(tok)
        except ValueError:  # more digits than Python converts (sys.get_int_max_str_digits)
            raise PQLSyntaxError(
                f"The number {str(tok)[:20]}... is too long ({len(tok)} digits).",
                self.source,
                tok.start_pos,
                tok.end_pos,
            ) from None

    def rank(self, meta, items):
        k = self._int(items[2])
        if k < 1:
            raise PQLSyntaxError(
                f"RANK TOP k needs k >= 1, got {k}.", self.source, items[2].start_pos, items[2].end_pos
            )
        return ast.Rank(k, _span(meta))

    def classify(self, meta, items):
        return ast.Classify(_span(meta))

    def forecast(self, meta, items):
        n = self._int(items[1])
        if n < 1:
            raise PQLSyntaxError(
                f"FORECAST n TIMEFRAMES needs n >= 1, got {n}.", self.source, items[1].start_pos, items[1].end_pos
            )
        return ast.Forecast(n, _span(meta))

    def for_each(self, meta, items):
        refs = [i for i in items if not isinstance(i, Token)]
        return refs[0], (refs[1] if len(refs) > 1 else None), None

    def for_one(self, meta, items):
        op = next(i for i in items if isinstance(i, Token) and i.type == "COMP_OP")
        if str(op) != "=":
            raise PQLSyntaxError(
                f'FOR table.key takes "=" or IN (...), not "{op}". Use FOR EACH table.key WHERE '
                "... to select entities by a condition.",
                self.source,
                op.start_pos,
                op.end_pos,
            )
        ref, lit = [i for i in items if not isinstance(i, Token)]
        return ref, None, (lit.value,)

    def for_in(self, meta, items):
        ref, *lits = [i for i in items if not isinstance(i, Token)]
        return ref, None, tuple(lit.value for lit in lits)

    def assuming(self, meta, items):
        return items[1]

    def or_(self, meta, items):
        items = tuple(i for i in items if not isinstance(i, Token))
        return items[0] if len(items) == 1 else ast.Or(items, _span(meta))

    def and_(self, meta, items):
        items = tuple(i for i in items if not isinstance(i, Token))
        return items[0] if len(items) == 1 else ast.And(items, _span(meta))

    def not_(self, meta, items):
        return ast.Not(items[1], _span(meta))

    def _cmp(self, op, meta, items):
        operands = [i for i in items if not isinstance(i, Token)]
        return ast.Comparison(op, operands[0], operands[1] if len(operands) > 1 else None, _span(meta))

    def compare(self, meta, items):
        op = str(items[1])
        return self._cmp("!=" if op == "<>" else op, meta, items)

    def is_null(self, meta, items):
        return self._cmp("IS NULL", meta, items)

    def is_not_null(self, meta, items):
        return self._cmp("IS NOT NULL", meta, items)

    def in_(self, meta, items):
        return self._cmp("IN", meta, items)

    def not_in(self, meta, items):
        return self._cmp("NOT IN", meta, items)

    def like(self, meta, items):
        return self._cmp("LIKE", meta, items)

    def not_like(self, meta, items):
        return self._cmp("NOT LIKE", meta, items)

    def contains(self, meta, items):
        return self._cmp("CONTAINS", meta, items)

    def starts_with(self, meta, items):
        return self._cmp("STARTS WITH", meta, items)

    def ends_with(self, meta, items):
        return self._cmp("ENDS WITH", meta, items)

    def aggregation(self, meta, items):
        func = str(items[0]).upper()
        column = items[1]
        rest = items[2:]
        filt = None
        if rest and isinstance(rest[0], Token) and rest[0].type == "WHERE":
            filt, rest = rest[1], rest[2:]
        start_tok, end_tok = rest[0], rest[1]
        unit = _unit(rest[2]) if len(rest) > 2 else "days"
        start = None if start_tok.type == "MINUS_INF" else self._int(start_tok)
        if end_tok.type == "MINUS_INF":
            raise PQLSyntaxError(
                "A window cannot end at -INF; only its start may be -INF, e.g. COUNT(orders.*, -INF, 0, days).",
                self.source,
                end_tok.start_pos,
                end_tok.end_pos,
            )
        window = ast.Window(start, self._int(end_tok), unit, ast.Span(start_tok.start_pos, end_tok.end_pos))
        return ast.Aggregation(func, column, filt, window, _span(meta))

    def bound(self, meta, items):
        return items[0]

    def column_ref(self, meta, items):
        table, column = items
        col = "*" if isinstance(column, Token) and column.type == "STAR" else column
        return ast.ColumnRef(str(table), str(col), _span(meta))

    def name(self, meta, items):
        tok = items[0]
        return _unquote(str(tok), "`") if tok.type == "QUOTED_NAME" else str(tok)

    def tuple(self, meta, items):
        return ast.Literal(tuple(lit.value for lit in items), _span(meta))

    def number(self, meta, items):
        s = str(items[0])
        value = self._int(items[0]) if s.lstrip("+-").isdigit() else float(s)
        if isinstance(value, float) and not math.isfinite(value):  # 1e999: SQL has no literal for it
            raise PQLSyntaxError(
                f"The number {s[:20]} is beyond the largest a double holds (about 1.8e308); write a smaller one.",
                self.source,
                items[0].start_pos,
                items[0].end_pos,
            )
        return ast.Literal(value, _span(meta))

    def datetime(self, meta, items):
        s = str(items[0]).replace("T", " ")
        try:
            value = dt.datetime.fromisoformat(s) if " " in s else dt.datetime.fromisoformat(s + " 00:00:00")
            if value.tzinfo is not None:  # a written offset: the instant, as the naive UTC every time is read in
                value = value.astimezone(dt.UTC).replace(tzinfo=None)
        except ValueError as e:  # 2024-02-30, 2024-13-01, 25:00, year 0
            raise PQLSyntaxError(
                f"{items[0]} is not a valid date or timestamp: {e}. Write e.g. 2024-01-31 or 2024-01-31 12:00:00.",
                self.source,
                items[0].start_pos,
                items[0].end_pos,
            ) from None
        return ast.Literal(value, _span(meta))

    def string(self, meta, items):
        s = str(items[0])
        return ast.Literal(_unquote(s, s[0]), _span(meta))

    def true(self, meta, items):
        return ast.Literal(True, _span(meta))

    def false(self, meta, items):
        return ast.Literal(False, _span(meta))

    def null(self, meta, items):
        return ast.Literal(None, _span(meta))


def _unit(tok: Token) -> str:
    unit = str(tok).lower()
    return unit if unit.endswith("s") else unit + "s"
