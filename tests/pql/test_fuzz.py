"""Fuzzing `rfm.resolve` (parse + validate) on the demo database: 2,000 seeded strings, every invariant kept.

The long run is benchmarks/fuzz_pql.py (100,000 strings); both draw from tests/pql/fuzzing.py.
"""

import pytest

import rfm_sql
from rfm_sql.errors import PQLError, PQLSyntaxError
from rfm_sql.pql.validate import TaskType
from tests.pql import fuzzing

SEED = 20240601


def test_two_thousand_strings_keep_every_invariant(shop):
    fuzzing.add_flag_column(shop)
    report = fuzzing.run(rfm_sql.attach(shop), 2000, seed=SEED, scale=0.1)
    assert (report.crashes, report.hangs, report.other_failures) == (0, 0, 0), report.failures
    assert report.max_seconds < fuzzing.TIME_LIMIT_S
    # every source contributed, and every valid query was accepted
    assert set(report.by_source) == {"valid", "grammar", "mutation", "extreme"}
    assert report.accepted_by_source["valid"] == report.by_source["valid"] > 400
    assert report.rejected > 800
    # the valid queries used every construct of the language and defined every task type
    assert sorted((set(fuzzing.CONSTRUCTS) | {"unicode"}) - set(report.coverage)) == []
    assert set(report.task_types) == {t.value for t in TaskType}


def test_every_terminal_of_the_grammar_can_be_derived():
    assert fuzzing.Deriver(["users", "user_id"]).unsampled() == []


def test_same_seed_same_strings(shop):
    rfm = rfm_sql.attach(shop)
    a, b = (fuzzing.run(rfm, 60, seed=5, scale=0.01) for _ in range(2))
    assert (a.accepted, a.by_source, a.coverage) == (b.accepted, b.by_source, b.coverage)


class _Fake:
    """A stand-in for rfm whose resolve misbehaves on purpose, to show that `check` notices."""

    def __init__(self, fn):
        self.resolve = fn


def _raise(exc):
    def fn(text):
        raise exc

    return fn


@pytest.mark.parametrize(
    "fake, problem",
    [
        (_Fake(_raise(KeyError("x"))), "crash: KeyError"),
        (_Fake(_raise(RecursionError())), "crash: RecursionError"),
        (_Fake(_raise(PQLError("no position"))), "error without a position"),
        (_Fake(_raise(PQLError("elsewhere", "PREDICT x", 3))), "error carries a different source text"),
        (_Fake(_raise(PQLError("past the end", "PREDICT", 99))), "position 99 outside the string"),
    ],
)
def test_check_reports_what_breaks(fake, problem):
    result = fuzzing.check(fake, "PREDICT")
    assert result.problem is not None and result.problem.startswith(problem)


def test_check_reports_hangs_and_rejected_valid_queries(monkeypatch):
    import time

    def busy(text):  # the soft limit counts CPU time: a sleep would not reach it
        end = time.process_time() + 0.05
        while time.process_time() < end:
            pass

    monkeypatch.setattr(fuzzing, "TIME_LIMIT_S", 0.01)
    assert fuzzing.check(_Fake(busy), "PREDICT").problem.startswith("hang: 0.0")
    assert fuzzing.check(_Fake(lambda text: time.sleep(5)), "PREDICT", hard_limit_s=0.1).problem.startswith(
        "hang: no answer"
    )
    rejected = fuzzing.check(_Fake(_raise(PQLError("no", "PREDICT", 0))), "PREDICT", must_accept=True)
    assert rejected.problem == "valid query rejected: no"
    lark_error = _Fake(_raise(PQLSyntaxError('Unexpected "x"', "PREDICT", 0)))
    assert fuzzing.check(lark_error, "PREDICT", derived=True).problem.startswith("grammar derivation not parsed")
    assert fuzzing.check(lark_error, "PREDICT").problem is None
