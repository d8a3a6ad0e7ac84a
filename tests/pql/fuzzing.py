"""PQL fuzzing: random queries and the invariants every one of them must keep.

Four sources of strings, all seeded:
- `ValidGen`: queries that follow PQL.md over a database's graph, so validation must accept them; every
  construct of the language appears (aggregations, windows and units, AND/OR/NOT, target and entity
  filters, IN lists, LIKE/CONTAINS/STARTS WITH/ENDS WITH, FORECAST, RANK TOP, CLASSIFY, EVALUATE/EXPLAIN,
  comments, quoted names, literals of every type, unicode).
- `derive`: random derivations of grammar.lark's rules (whatever lark compiled them to), mostly unsound.
- `mutate`: token and character edits of valid queries, truncation, splicing, random bytes and code points.
- `extreme`: huge numbers, deep nesting, very long inputs.

`check` runs one string through `rfm.resolve` (parse + validate) and returns what broke, if anything.
Used by tests/pql/test_fuzz.py (a few thousand strings) and benchmarks/fuzz_pql.py (100,000).
"""

from __future__ import annotations

import random
import re
import signal
import time
from collections import Counter
from dataclasses import dataclass, field

from rfm_sql.errors import GraphError, PQLError, _line_col
from rfm_sql.graph import Graph, SType, is_numeric_type, is_text_type, is_time_type
from rfm_sql.pql import ast
from rfm_sql.pql.parser import MAX_NESTING, _parser

TIME_LIMIT_S = 2.0  # a string that takes longer (CPU time) counts as a hang
COMPARISONS = ("=", "!=", "<>", "<", "<=", ">", ">=")
UNITS = ("second", "seconds", "minute", "minutes", "hour", "hours", "day", "days", "week", "weeks", "month", "months")
UNICODE = "éßøñ中文字日本語한국어Ελληνικάкириллицаעבריתالعربية😀🚀🧪\u0301\u200b\u00a0\u202e"
ODD_CHARS = (
    "\x00\x01\x07\x08\x0b\x0c\x1b\x1c\x7f\x85\u00a0\u2028\u2029\ufeff\ufffd\ud800\udfff\U0001f600"
    "\u0660\u0663\uff10\uff08\uff09\uff0e\u00b2\u2070\t\r\n'\"`#()*,.-+;\\"
)


# -- the database as the generator sees it -----------------------------------------------------------------
def add_flag_column(con) -> None:
    """A BOOLEAN column on the demo database's users (`users.vip`), so that TRUE and FALSE have a column to be
    compared with: the demo schema has none, and a boolean literal compared with a number or a list of numbers
    is refused."""
    con.execute("ALTER TABLE users ADD COLUMN vip BOOLEAN")
    con.execute("UPDATE users SET vip = user_id % 7 = 0")


@dataclass(frozen=True)
class Col:
    name: str
    kind: str  # numeric | text | time | bool | other
    numerical: bool  # SUM / AVG may aggregate it


@dataclass(frozen=True)
class Fact:
    """A table that links to an entity table by exactly one foreign key and has a time column."""

    name: str
    cols: tuple[Col, ...]
    fkeys: tuple[str, ...]  # its columns that reference another row (LIST_DISTINCT ... RANK TOP needs one)
    link: str  # the column that links it to the entity: only COUNT may aggregate it (it is the entity's key)


@dataclass(frozen=True)
class Entity:
    name: str
    key: Col
    cols: tuple[Col, ...]  # all columns, key included
    facts: tuple[Fact, ...]


def schema(graph: Graph) -> tuple[Entity, ...]:
    def col(table, name) -> Col:
        c = table.column(name)
        kind = (
            "numeric"
            if is_numeric_type(c.dtype)
            else "text"
            if is_text_type(c.dtype)
            else "time"
            if is_time_type(c.dtype)
            else "bool"
            if c.dtype.upper() == "BOOLEAN"
            else "other"
        )
        return Col(name, kind, kind == "numeric" and c.stype is SType.NUMERICAL)

    entities = []
    for t in graph.tables.values():
        if t.primary_key is None:
            continue
        facts = []
        for child in sorted({lk.child for lk in graph.children(t.name)}):
            ct = graph.tables[child]
            if child == t.name or ct.time_column is None or len(graph.links_between(child, t.name)) != 1:
                continue
            (link,) = (lk.fkey for lk in graph.links_between(child, t.name))
            fkeys = tuple(lk.fkey for lk in graph.parents(child) if lk.fkey != link)
            facts.append(Fact(child, tuple(col(ct, c) for c in ct.column_names), fkeys, link))
        entities.append(Entity(t.name, col(t, t.primary_key), tuple(col(t, c) for c in t.column_names), tuple(facts)))
    return tuple(sorted(entities, key=lambda e: e.name))


# -- valid queries -----------------------------------------------------------------------------------------
class ValidGen:
    """Queries that follow every rule of PQL.md over `entities`, written with random spelling: keyword
    case, whitespace, comments, back-quoted names."""

    def __init__(self, entities: tuple[Entity, ...], rng: random.Random, keys: dict[str, list] | None = None):
        self.rng = rng
        self.keys = keys or {}  # table -> some of its primary keys, for FOR key = / IN (...) that name real rows
        self.entities = [e for e in entities if any(c.kind in ("numeric", "text") for c in self.static_cols(e))]
        self.with_facts = [e for e in self.entities if e.facts]

    @staticmethod
    def static_cols(e: Entity) -> list[Col]:
        return [c for c in e.cols if c.name != e.key.name and c.kind in ("numeric", "text", "bool")]

    # spelling
    def kw(self, word: str) -> str:
        r = self.rng.random()
        return (
            word if r < 0.6 else word.lower() if r < 0.8 else "".join(self.rng.choice((ch.lower(), ch)) for ch in word)
        )

    def name(self, n: str) -> str:
        return f"`{n}`" if self.rng.random() < 0.1 else n

    def ref(self, table: str, column: str) -> str:
        dot = self.rng.choice((".", ".", ".", " . "))
        return self.name(table) + dot + (column if column == "*" else self.name(column))

    def sep(self) -> str:
        r = self.rng.random()
        if r < 0.85:
            return " "
        if r < 0.95:
            return self.rng.choice(("  ", "\t", "\n", "\n    ", "\r\n", " \f "))
        text = "".join(self.rng.choice("abc xyz-*/()'\"`" + UNICODE) for _ in range(self.rng.randint(0, 12)))
        return f" # {text}\n"

    def join(self, tokens: list[str]) -> str:
        out = tokens[0]
        for tok in tokens[1:]:
            out += self.sep() + tok
        return out

    # literals
    def number(self, integer: bool = False) -> str:
        rng = self.rng
        n = rng.choice((0, 1, 2, 3, 5, 10, 30, 42, 99, 1000, 123456789, 2**40))
        if integer or rng.random() < 0.5:
            return rng.choice(("", "", "", "-", "+")) + str(n)
        return rng.choice(
            (f"{n}.5", f"{n}.", f".{n}", f"{n}e3", f"{n}E-2", f"-{n}.25", f"+{n}.0e+1", f"{rng.random():.17g}")
        )

    def string(self) -> str:
        rng = self.rng
        q = "'" if rng.random() < 0.8 else '"'
        body = "".join(rng.choice("abcxyz US de_%" + UNICODE) for _ in range(rng.randint(0, 10)))
        if rng.random() < 0.2:  # an escaped quote, an escaped backslash or an escaped letter
            body += rng.choice((q + q, "\\" + q, "\\\\", "\\n"))
        return q + body + q

    def date(self) -> str:
        rng = self.rng
        d = f"{rng.randint(1900, 2100):04d}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        r = rng.random()
        if r < 0.4:
            return d
        t = f"{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}"
        if r > 0.6:
            t += f":{rng.randint(0, 59):02d}" + (f".{rng.randint(0, 999999)}" if r > 0.8 else "")
        return d + rng.choice((" ", "T")) + t

    def literal(self, kind: str) -> str:
        if kind == "numeric":
            return self.number()
        if kind == "text":
            return self.string()
        if kind == "time":
            return self.date()
        if kind == "bool":
            return self.kw(self.rng.choice(("TRUE", "FALSE")))
        return self.rng.choice((self.number(), self.string()))

    def tuple_(self, kind: str, allow_null: bool = True) -> str:
        items = [self.literal(kind) for _ in range(self.rng.randint(1, 5))]
        if allow_null and self.rng.random() < 0.15:
            items.insert(self.rng.randint(0, len(items)), self.kw("NULL"))
        return "(" + self.rng.choice((", ", ",", " , ")).join(items) + ")"

    @staticmethod
    def key_literal(v) -> str:
        return str(v) if isinstance(v, int) else "'" + str(v).replace("'", "''") + "'"

    # windows and aggregations
    def window(self, section: str) -> str:
        rng = self.rng
        if section == "filter":
            end = rng.choice((0, 0, -1, -7))
            start = self.kw(rng.choice(("-INF", "-inf", "- INF", "-INFINITY"))) if rng.random() < 0.3 else None
            start = start or str(end - rng.choice((1, 7, 30, 90, 365)))
            end = str(end)
        else:
            s = rng.choice((0, 0, 0, 1, 7))
            start, end = str(s), str(s + rng.choice((1, 7, 14, 30, 90, 365)))
            if rng.random() < 0.1:
                start = "+" + start
        parts = [start, end]
        if rng.random() < 0.85:
            unit = rng.choice(UNITS)
            parts.append(unit.upper() if rng.random() < 0.2 else unit)
        return ", ".join(parts)

    def aggregation(self, fact: Fact, section: str, func: str | None = None, col: Col | None = None) -> tuple[str, str]:
        """(text, kind of its value) of a valid aggregation over `fact`."""
        rng = self.rng
        if func is None:
            func = rng.choice(ast.AGGREGATIONS)
        if col is None:
            cols = [c for c in fact.cols if c.kind != "other" and (func == "COUNT" or c.name != fact.link)]
            if func in ("SUM", "AVG"):
                cols = [c for c in cols if c.numerical]
            col = rng.choice(cols) if cols and not (func == "COUNT" and rng.random() < 0.5) else None
            if col is None and func not in ("COUNT",):
                func = "COUNT"
        target = self.ref(fact.name, col.name if col else "*")
        filt = ""
        if rng.random() < 0.25:
            filt = " " + self.kw("WHERE") + " " + self.condition(fact, "target_filter", depth=1)
        agg_name = func if rng.random() < 0.7 else func.lower()
        text = f"{agg_name}{rng.choice(('', '', ' '))}({target}{filt}, {self.window(section)})"
        if func in ("COUNT", "COUNT_DISTINCT", "SUM", "AVG"):
            kind = "numeric"
        elif func == "LIST_DISTINCT":
            kind = "list:" + (col.kind if col else "numeric")  # what CONTAINS compares with: one listed value
        else:
            kind = col.kind
        return text, kind

    # conditions
    def predicate(self, operand: str, kind: str) -> str:
        rng, kw = self.rng, self.kw
        r = rng.random()
        if r < 0.08:
            return (
                f"{operand} {kw('IS')} {kw('NOT')} {kw('NULL')}" if r < 0.04 else f"{operand} {kw('IS')} {kw('NULL')}"
            )
        if kind.startswith("list:"):
            return f"{operand} {kw('CONTAINS')} {self.literal(kind.removeprefix('list:'))}"
        if kind == "bool":
            return operand if r < 0.5 else f"{operand} {rng.choice(('=', '!='))} {self.literal('bool')}"
        if kind == "other":
            return f"{operand} {kw('IS')} {kw('NULL')}"
        if r < 0.2:
            neg = kw("NOT") + " " if rng.random() < 0.4 else ""
            return f"{operand} {neg}{kw('IN')} {self.tuple_(kind)}"
        if r < 0.24:
            return f"{operand} {rng.choice(('=', '!=', '<>'))} {kw('NULL')}"
        if kind == "text" and r < 0.55:
            op = rng.choice(("LIKE", "NOT LIKE", "CONTAINS", "STARTS WITH", "ENDS WITH"))
            return f"{operand} {' '.join(kw(w) for w in op.split())} {self.string()}"
        return f"{operand} {rng.choice(COMPARISONS)} {self.literal(kind)}"

    def leaf(self, scope, section: str) -> str:
        """A predicate; scope is the entity (sections target, filter, assuming) or the fact (target_filter)."""
        rng = self.rng
        if isinstance(scope, Fact):
            c = rng.choice([c for c in scope.cols])
            return self.predicate(self.ref(scope.name, c.name), c.kind)
        cols = [c for c in scope.cols if section != "target" or c.name != scope.key.name]
        if scope.facts and (rng.random() < 0.7 or not cols):
            return self.predicate(*self.aggregation(rng.choice(scope.facts), section))
        c = rng.choice(cols)
        return self.predicate(self.ref(scope.name, c.name), c.kind)

    def condition(self, scope, section: str, depth: int = 0) -> str:
        rng, kw = self.rng, self.kw
        r = rng.random()
        if depth >= 3 or r < 0.5:
            return self.leaf(scope, section)
        if r < 0.8:
            op = kw(rng.choice(("AND", "OR")))
            items = [self.condition(scope, section, depth + 1) for _ in range(rng.randint(2, 4))]
            text = f" {op} ".join(items)
            return f"({text})" if rng.random() < 0.6 else text
        if r < 0.9:
            return f"{kw('NOT')} " + self.condition(scope, section, depth + 1)
        return "(" + self.condition(scope, section, depth + 1) + ")"

    # queries
    def target(self, e: Entity) -> tuple[str, str]:
        """(target text, task text)."""
        rng, kw = self.rng, self.kw
        r = rng.random()
        if r < 0.4 and e.facts:
            return self.condition(e, "target"), ""
        if r < 0.55 or not e.facts:
            c = rng.choice([c for c in self.static_cols(e) if c.kind in ("numeric", "text")])
            return self.ref(e.name, c.name), (kw("CLASSIFY") if rng.random() < 0.3 else "")
        fact = rng.choice(e.facts)
        func = rng.choice(ast.AGGREGATIONS)
        cols = [c for c in fact.cols if c.kind in ("numeric", "text") and (func == "COUNT" or c.name != fact.link)]
        if func in ("SUM", "AVG"):
            cols = [c for c in cols if c.numerical]
        if func == "LIST_DISTINCT" and fact.fkeys and rng.random() < 0.5:
            text, _ = self.aggregation(fact, "target", func, next(c for c in fact.cols if c.name == fact.fkeys[0]))
            return text, f"{kw('RANK')} {kw('TOP')} {rng.choice((1, 5, 10, 100))}"
        if not cols or (func == "COUNT" and rng.random() < 0.5):
            func, col = "COUNT", None
        else:
            col = rng.choice(cols)
        text, kind = self.aggregation(fact, "target", func, col)
        if func == "LIST_DISTINCT":
            return text, kw("CLASSIFY")
        if kind == "numeric" and rng.random() < 0.3:
            return text, f"{kw('FORECAST')} {rng.choice((1, 2, 7, 12))} {kw(rng.choice(('TIMEFRAMES', 'TIMEFRAME')))}"
        if func in ("MIN", "MAX", "FIRST", "LAST") and rng.random() < 0.3:
            return text, kw("CLASSIFY")
        return text, ""

    def query(self) -> str:
        rng, kw = self.rng, self.kw
        e = rng.choice(self.with_facts if self.with_facts and rng.random() < 0.9 else self.entities)
        target, task = self.target(e)
        tokens = []
        if rng.random() < 0.15:
            tokens.append(kw(rng.choice(("EVALUATE", "EXPLAIN"))))
        tokens += [kw("PREDICT"), target]
        if task:
            tokens.append(task)
        key = self.ref(e.name, e.key.name)
        r = rng.random()
        key_kind = "text" if e.key.kind == "text" else "numeric"
        if r < 0.7:
            tokens += [kw("FOR"), kw("EACH"), key]
            if rng.random() < 0.4:
                tokens += [kw("WHERE"), self.condition(e, "filter")]
        elif r < 0.85:
            value = self.number(integer=True) if key_kind == "numeric" else self.string()
            if self.keys.get(e.name) and rng.random() < 0.7:
                value = self.key_literal(rng.choice(self.keys[e.name]))
            tokens += [kw("FOR"), key, "=", value]
        elif self.keys.get(e.name) and rng.random() < 0.7:
            chosen = rng.sample(self.keys[e.name], min(len(self.keys[e.name]), rng.randint(1, 5)))
            tokens += [kw("FOR"), key, kw("IN"), "(" + ", ".join(map(self.key_literal, chosen)) + ")"]
        else:
            tokens += [kw("FOR"), key, kw("IN"), self.tuple_(key_kind, allow_null=False)]
        if e.facts and rng.random() < 0.25:
            tokens += [kw("ASSUMING"), self.condition(e, "assuming")]
        text = self.join(tokens)
        if rng.random() < 0.05:
            text = self.sep() + text + rng.choice(("", " ", "\n", " # the end", "\n# the end\n"))
        return text

    def nested(self, levels: int) -> str:
        """A valid condition target wrapped in parentheses and NOTs `levels` deep (each counts one level)."""
        rng = self.rng
        e = rng.choice(self.with_facts)
        inner = self.leaf(e, "target")
        while levels > 0:
            r = rng.random()
            if r < 0.4:
                inner, levels = "(" + inner + ")", levels - 1
            elif r < 0.8:
                inner, levels = self.kw("NOT") + " " + inner, levels - 1
            elif levels >= 2:
                inner, levels = "(" + self.kw("NOT") + " " + inner + ")", levels - 2
        return f"{self.kw('PREDICT')} {inner} {self.kw('FOR')} {self.kw('EACH')} {self.ref(e.name, e.key.name)}"


# -- grammar derivations -----------------------------------------------------------------------------------
def _terminal_samplers(names: list[str]) -> dict:
    pick = random.Random.choice

    def kw_case(word):
        return lambda rng: "".join(pick(rng, (ch.lower(), ch.upper())) for ch in word)

    return {
        "AGG": lambda rng: pick(rng, ast.AGGREGATIONS) + pick(rng, ("", " ")),
        "UNIT": lambda rng: pick(rng, UNITS),
        "COMP_OP": lambda rng: pick(rng, COMPARISONS),
        "MINUS_INF": lambda rng: pick(rng, ("-INF", "- inf", "-Infinity")),
        "DATETIME": lambda rng: (
            pick(rng, ("2024-01-31", "1999-12-31 23:59", "2024-02-29T12:00:00.5", "2024-02-30"))
            if rng.random() < 0.3
            else "2024-01-01"
        ),
        "SIGNED_INT": lambda rng: pick(rng, ("0", "1", "-30", "+7", "30", "-1", str(rng.randint(-999, 999)))),
        "SIGNED_NUMBER": lambda rng: pick(rng, ("0", "1.5", "-2", ".5", "1e3", "7.", str(rng.randint(-99, 99)))),
        "INT": lambda rng: pick(rng, ("0", "1", "1", "7", "7", "10", "10", "100")),
        "STRING": lambda rng: pick(rng, ("'US'", "'a''b'", '"x"', "''", "'%é中%'", "'\\''")),
        "NAME": lambda rng: pick(rng, names) if rng.random() < 0.9 else pick(rng, ("x", "_a", "Users", "user_ID")),
        "QUOTED_NAME": lambda rng: "`" + pick(rng, names).replace("`", "``") + pick(rng, ("", "", " x", "é")) + "`",
        "TIMEFRAMES": lambda rng: kw_case(pick(rng, ("TIMEFRAMES", "TIMEFRAME")))(rng),
    }


class Deriver:
    """Random derivations of the compiled grammar: every rule of grammar.lark, terminals sampled by name."""

    def __init__(self, names: list[str], max_depth: int = 12):
        parser = _parser()
        self.rules: dict[str, list[list]] = {}
        for rule in parser.rules:
            self.rules.setdefault(rule.origin.name, []).append(rule.expansion)
        self.terminals = {t.name: t for t in parser.terminals}
        self.samplers = _terminal_samplers(names)
        self.max_depth = max_depth
        self.height = self._heights()

    def unsampled(self) -> list[str]:
        """Regex terminals used by the grammar's rules that have no sampler (should be none)."""
        used = {s.name for exps in self.rules.values() for exp in exps for s in exp if s.is_term}
        return sorted(
            n for n in used if n not in self.samplers and type(self.terminals[n].pattern).__name__ != "PatternStr"
        )

    def _heights(self) -> dict[str, int]:
        """Shortest derivation height of each rule (a fixpoint), to end derivations that run deep."""
        height: dict[str, int] = {}
        changed = True
        while changed:
            changed = False
            for name, exps in self.rules.items():
                for exp in exps:
                    hs = [0 if s.is_term else height.get(s.name) for s in exp]
                    if None not in hs:
                        h = 1 + max(hs, default=0)
                        if h < height.get(name, 1 << 30):
                            height[name], changed = h, True
        return height

    def derive(self, rng: random.Random) -> str:
        out: list[str] = []
        self._expand("start", rng, 0, out)
        return " ".join(out)

    def _expand(self, name: str, rng: random.Random, depth: int, out: list[str]) -> None:
        exps = self.rules[name]
        if depth >= self.max_depth:
            best = min(1 + max((0 if s.is_term else self.height[s.name] for s in e), default=0) for e in exps)
            exps = [e for e in exps if 1 + max((0 if s.is_term else self.height[s.name] for s in e), default=0) == best]
        if name == "bound" and len(exps) > 1 and rng.random() < 0.8:  # a window that ends at -INF is rejected
            exps = [e for e in exps if e[0].name != "MINUS_INF"]
        for sym in rng.choice(exps):
            if not sym.is_term:
                self._expand(sym.name, rng, depth + 1, out)
            elif sym.name in self.samplers:
                out.append(self.samplers[sym.name](rng))
            else:
                word = self.terminals[sym.name].pattern.value
                out.append(word if rng.random() < 0.7 else word.lower())


# -- mutations ---------------------------------------------------------------------------------------------
_TOKEN = re.compile(
    r"`[^`]*`|'(?:[^'\\]|\\.|'')*'|\"(?:[^\"\\]|\\.|\"\")*\"|#[^\n]*|\d{4}-\d{2}-\d{2}(?:[ T]\d{2}:\d{2}"
    r"(?::\d{2}(?:\.\d+)?)?)?|[A-Za-z_][A-Za-z0-9_$]*|[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?|<=|>=|!=|<>|\s+|."
)
VOCAB = [
    "PREDICT",
    "EVALUATE",
    "EXPLAIN",
    "RANK",
    "TOP",
    "CLASSIFY",
    "FORECAST",
    "TIMEFRAMES",
    "FOR",
    "EACH",
    "WHERE",
    "ASSUMING",
    "AND",
    "OR",
    "NOT",
    "IS",
    "IN",
    "LIKE",
    "CONTAINS",
    "STARTS",
    "ENDS",
    "WITH",
    "NULL",
    "TRUE",
    "FALSE",
    "COUNT",
    "SUM",
    "AVG",
    "MIN",
    "MAX",
    "LIST_DISTINCT",
    "COUNT_DISTINCT",
    "FIRST",
    "LAST",
    "days",
    "months",
    "INF",
    "-INF",
    "(",
    ")",
    ",",
    ".",
    "*",
    "=",
    "!=",
    "<>",
    "<",
    "<=",
    ">",
    ">=",
    "#",
    "`",
    "'",
    '"',
    "users",
    "orders",
    "items",
    "reviews",
    "user_id",
    "amount",
    "0",
    "-1",
    "30",
    "1.5",
    "'x'",
    "2024-01-01",
    "2024-01-01T00:00",
    "9999-99-99",
    "-0",
    "1e999",
    ";",
    "select",
    "drop",
    "--",
    "/*",
    "*/",
    "\\",
]
HUGE = ("9" * 40, "9" * 4301, "-" + "9" * 5000, "1e999", "-1e999", "1e-999", "0." + "0" * 2000 + "1", "1" + "0" * 400)


def _tokens(text: str) -> list[str]:
    return _TOKEN.findall(text)


def mutate(text: str, rng: random.Random, other: str = "") -> str:
    """1-4 random edits of `text` (`other`: a second query to splice from)."""
    for _ in range(rng.randint(1, 4)):
        text = _mutate_once(text, rng, other)
    return text


def _mutate_once(text: str, rng: random.Random, other: str) -> str:
    toks = _tokens(text) or [""]
    i, j = rng.randrange(len(toks)), rng.randrange(len(toks))
    pos = rng.randint(0, len(text))
    op = rng.randrange(14)
    if op == 0:  # delete a token
        del toks[i]
    elif op == 1:  # insert a token
        toks.insert(i, rng.choice(("", " ")) + rng.choice(VOCAB) + rng.choice(("", " ")))
    elif op == 2:  # swap two tokens
        toks[i], toks[j] = toks[j], toks[i]
    elif op == 3:  # duplicate a run of tokens
        a, b = sorted((i, j))
        toks[b:b] = toks[a : b + 1]
    elif op == 4:  # replace a token
        toks[i] = rng.choice(VOCAB)
    elif op == 5:  # delete characters
        return text[:pos] + text[pos + rng.randint(1, 3) :]
    elif op == 6:  # insert odd characters
        return text[:pos] + "".join(rng.choice(ODD_CHARS + UNICODE) for _ in range(rng.randint(1, 3))) + text[pos:]
    elif op == 7:  # replace a character
        return text[:pos] + rng.choice(ODD_CHARS + UNICODE) + text[pos + 1 :]
    elif op == 8:  # truncate
        return text[:pos]
    elif op == 9:  # random bytes
        raw = bytes(rng.randrange(256) for _ in range(rng.randint(1, 16)))
        return text[:pos] + raw.decode(rng.choice(("latin-1", "utf-8")), errors="surrogateescape") + text[pos:]
    elif op == 10:  # a huge or odd number in place of a number
        nums = [k for k, t in enumerate(toks) if t[:1].isdigit() or t[:1] in "+-."]
        toks[rng.choice(nums) if nums else i] = rng.choice(HUGE)
    elif op == 11:  # splice with another query
        cut = rng.randint(0, len(other))
        return text[:pos] + other[cut:]
    elif op == 12:  # change the case or the whitespace of a token
        t = toks[i]
        toks[i] = t.swapcase() if not t.isspace() else rng.choice(("", "\t", "\r", "\x0b", "\u00a0", "\n\n", "\u2028"))
    else:  # unbalance: drop or add a bracket or quote
        toks.insert(i, rng.choice("()`'\"[]{}"))
    return "".join(toks)


def extreme(gen: ValidGen, rng: random.Random, scale: float = 1.0) -> tuple[str, bool]:
    """(string, whether it must be accepted): deep nesting, huge numbers, very long inputs. `scale` < 1
    shortens the long ones."""
    n = max(1, int(rng.choice((100, 1000, 10_000, 50_000)) * scale))
    base = gen.query()
    r = rng.randrange(9)
    if r == 0:  # nesting within the limit (the leaf itself may nest 7 levels: aggregation, its WHERE, 3 more)
        return gen.nested(rng.randint(0, MAX_NESTING - 8)), True
    if r == 1:  # nesting far past the limit, balanced or not
        levels = rng.choice((MAX_NESTING + 1, 2 * MAX_NESTING, min(n, 5000)))
        s = gen.nested(levels)
        return (s if rng.random() < 0.7 else s[: rng.randint(0, len(s))]), False
    if r == 2:  # raw open brackets / NOTs / aggregations nested in WHERE
        unit = rng.choice(("(", "NOT ", "COUNT(orders.* WHERE ", "NOT (", "((NOT "))
        return "PREDICT " + unit * min(n, 5000) + "users.age > 1", False
    if r == 3:  # a long OR / AND chain of valid conditions: valid
        e = rng.choice(gen.with_facts)
        k = max(2, min(n, 2000) // 4)
        items = [gen.leaf(e, "target") for _ in range(k)]
        return f"PREDICT {' OR '.join(items)} FOR EACH {e.name}.{e.key.name}", True
    if r == 4:  # a very long literal, name or comment inside a valid query
        t = rng.choice(("'" + "x" * n + "'", "`" + "n" * n + "`", "#" + "c" * n + "\n", " " * n, "é" * n))
        toks = _tokens(base)
        k = rng.randrange(len(toks))
        toks.insert(k, t)
        return "".join(toks), False
    if r == 5:  # huge numbers in place of the numbers (about 100,000 characters at most)
        toks = _tokens(base)
        budget = int(100_000 * scale)
        for k, t in enumerate(toks):
            if t[:1].isdigit() and budget > 0:
                toks[k] = rng.choice(HUGE)
                budget -= len(toks[k])
        return "".join(toks), False
    if r == 6:  # the same query many times over
        return (base + rng.choice((" ", "\n", " AND "))) * max(2, n // max(len(base), 1)), False
    if r == 7:  # many items in an IN list: valid
        e = rng.choice(gen.entities)
        k = min(n, 5000)
        vals = ", ".join(str(v) for v in range(k)) if e.key.kind != "text" else ", ".join(f"'{v}'" for v in range(k))
        c = next(c for c in gen.static_cols(e) if c.kind in ("numeric", "text"))
        return f"PREDICT {e.name}.{c.name} FOR {e.name}.{e.key.name} IN ({vals})", True
    # random bytes / code points only
    if rng.random() < 0.5:
        s = bytes(rng.randrange(256) for _ in range(min(n, 5000))).decode("latin-1")
    else:
        s = "".join(chr(rng.randrange(0x110000)) for _ in range(min(n, 5000)))
    return s, False


# -- one string, its invariants ----------------------------------------------------------------------------
@dataclass
class Result:
    accepted: bool
    seconds: float
    problem: str | None = None  # what broke: None when every invariant held
    task_type: str | None = None  # of an accepted query


_LARK_ERRORS = ("Unexpected", "The query ends too early")  # how parser.py words lark's errors


class _Hang(BaseException):  # not an Exception, so that no handler in lark or rfm_sql swallows or wraps it
    pass


def check(rfm, text: str, must_accept: bool = False, hard_limit_s: float = 20.0, derived: bool = False) -> Result:
    """Resolve `text` and check: only PQLError (or GraphError) is raised, every PQLError points inside the
    string, it takes at most TIME_LIMIT_S, a query built to be valid is accepted, and a string `derived`
    from the grammar gets through lark (only the parser's own checks and validation may reject it)."""

    def alarm(signum, frame):
        raise _Hang

    use_alarm = hasattr(signal, "setitimer")
    if use_alarm:
        old = signal.signal(signal.SIGALRM, alarm)
        signal.setitimer(signal.ITIMER_REAL, hard_limit_s)
    # the soft limit is on this process's CPU time, which other jobs on a shared machine do not stretch (a string
    # read 2.13-2.71 s of wall time in full suite runs beside benchmarks); the hard limit stays on wall time
    start = time.process_time()
    problem, valid, error = None, None, None
    try:
        valid = rfm.resolve(text)
    except _Hang:
        problem = f"hang: no answer after {hard_limit_s} s"
    except GraphError:
        pass
    except PQLError as e:
        problem, error = _position_problem(e, text), e
    except Exception as e:  # anything else is a crash
        problem = f"crash: {type(e).__name__}: {str(e)[:300]}"
    finally:
        seconds = time.process_time() - start
        if use_alarm:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, old)
    if problem is None and seconds > TIME_LIMIT_S:
        problem = f"hang: {seconds:.2f} s > {TIME_LIMIT_S} s"
    if problem is None and derived and error is not None and error.problem.startswith(_LARK_ERRORS):
        problem = f"grammar derivation not parsed: {error.problem}"
    if problem is None and must_accept and valid is None:
        problem = f"valid query rejected: {error.problem if error else 'GraphError'}"
    return Result(valid is not None, seconds, problem, valid.task_type.value if valid is not None else None)


def _position_problem(e: PQLError, text: str) -> str | None:
    if e.pos is None or e.line is None or e.column is None:
        return f"error without a position: {e.problem[:200]}"
    if e.source != text:
        return "error carries a different source text"
    if not 0 <= e.pos <= len(text):
        return f"position {e.pos} outside the string (length {len(text)})"
    if (e.line, e.column) != _line_col(text, e.pos):
        return f"line:column {e.line}:{e.column} does not match position {e.pos}"
    if "^" not in str(e):
        return "message has no caret"
    return None


# -- a run -------------------------------------------------------------------------------------------------
@dataclass
class Report:
    n: int = 0
    accepted: int = 0
    rejected: int = 0
    crashes: int = 0
    hangs: int = 0
    other_failures: int = 0  # errors without a position, valid queries rejected
    max_seconds: float = 0.0
    max_seconds_source: str = ""
    max_length: int = 0
    by_source: Counter = field(default_factory=Counter)
    accepted_by_source: Counter = field(default_factory=Counter)
    coverage: Counter = field(default_factory=Counter)
    task_types: Counter = field(default_factory=Counter)
    failures: list = field(default_factory=list)  # (source, problem, string), the first few


CONSTRUCTS = {
    name: re.compile(pattern, re.I)
    for name, pattern in {
        **{f"agg {a}": rf"\b{a}\s*\(" for a in ast.AGGREGATIONS},
        **{f"unit {u}": rf"\b{u}s?\b\s*\)" for u in ast.UNITS[:-1]},
        "unit months": r"\bmonths?\b\s*\)",
        "default unit": r",\s*[+-]?\d+\s*\)",
        "-INF": r"-\s*INF",
        "AND": r"\bAND\b",
        "OR": r"\bOR\b",
        "NOT": r"\bNOT\s+(?!IN|LIKE|NULL)",
        "parentheses": r"PREDICT\s*\(",
        "aggregation WHERE": r"\*?\s+WHERE\b[^,]*,",
        "FOR EACH ... WHERE": r"\bEACH\b.*\bWHERE\b",
        "IN list": r"\bIN\s*\(",
        "NOT IN": r"\bNOT\s+IN\b",
        "LIKE": r"(?<!NOT )\bLIKE\b",
        "NOT LIKE": r"\bNOT\s+LIKE\b",
        "CONTAINS": r"\bCONTAINS\b",
        "STARTS WITH": r"\bSTARTS\s+WITH\b",
        "ENDS WITH": r"\bENDS\s+WITH\b",
        "IS NULL": r"\bIS\s+NULL\b",
        "IS NOT NULL": r"\bIS\s+NOT\s+NULL\b",
        "= NULL": r"(=|<>)\s*NULL\b",
        "FORECAST": r"\bFORECAST\b",
        "RANK TOP": r"\bRANK\s+TOP\b",
        "CLASSIFY": r"\bCLASSIFY\b",
        "EVALUATE": r"^\s*EVALUATE\b",
        "EXPLAIN": r"^\s*EXPLAIN\b",
        "ASSUMING": r"\bASSUMING\b",
        "FOR key =": r"\bFOR\s+\S+\s*=",
        "FOR key IN": r"\bFOR\s+\S+\s+IN\b",
        "comment": r"#",
        "quoted name": r"`",
        "'string'": r"'",
        '"string"': r'"',
        "decimal": r"[=<>]\s*[+-]?\d*\.\d",
        "exponent": r"\d[eE][+-]?\d",
        "TRUE/FALSE": r"\b(TRUE|FALSE)\b",
        "date": r"\d{4}-\d\d-\d\d(?![ T]\d)",
        "timestamp": r"\d{4}-\d\d-\d\d[ T]\d\d:\d\d",
        "<>": r"<>",
        "lower-case keywords": r"(?-i:\bpredict\b)",
        "newline": r"\n",
        "tab": r"\t",
    }.items()
}


def covered(text: str) -> list[str]:
    out = [name for name, rx in CONSTRUCTS.items() if rx.search(text)]
    if any(ord(ch) > 127 for ch in text):
        out.append("unicode")
    return out


def run(rfm, n: int, seed: int, scale: float = 1.0, keep_failures: int = 20, progress=None) -> Report:
    """Fuzz `rfm.resolve` with n strings from seed: about 30% valid queries, 15% grammar derivations, 45%
    mutations, 10% extremes. `progress(i, report)` is called after each string."""
    rng = random.Random(seed)
    entities = schema(rfm.graph)
    gen = ValidGen(entities, rng)
    names = sorted({e.name for e in entities} | {c.name for e in entities for c in e.cols})
    deriver = Deriver(names)
    report = Report()
    for i in range(n):
        r = rng.random()
        must_accept = False
        if r < 0.30:
            source, text, must_accept = "valid", gen.query(), True
        elif r < 0.45:
            source, text = "grammar", deriver.derive(rng)
        elif r < 0.90:
            source, text = "mutation", mutate(gen.query(), rng, gen.query())
        else:
            source = "extreme"
            text, must_accept = extreme(gen, rng, scale)
        res = check(rfm, text, must_accept, derived=source == "grammar")
        report.n += 1
        report.by_source[source] += 1
        report.max_length = max(report.max_length, len(text))
        if res.accepted:
            report.accepted += 1
            report.accepted_by_source[source] += 1
            if source == "valid":
                report.coverage.update(covered(text))
                report.task_types[res.task_type] += 1
        else:
            report.rejected += 1
        if res.seconds > report.max_seconds:
            report.max_seconds, report.max_seconds_source = res.seconds, f"{source}, {len(text)} chars"
        if res.problem:
            if res.problem.startswith("crash"):
                report.crashes += 1
            elif res.problem.startswith("hang"):
                report.hangs += 1
            else:
                report.other_failures += 1
            if len(report.failures) < keep_failures:
                report.failures.append((source, res.problem, text[:2000]))
        if progress is not None:
            progress(i + 1, report)
    return report
