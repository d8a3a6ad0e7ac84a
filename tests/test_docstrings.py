import doctest

import pytest

import rfm_sql
from rfm_sql.pql import parser


@pytest.mark.parametrize("module", [rfm_sql, parser])
def test_docstring_examples(module):
    result = doctest.testmod(module, raise_on_error=False)
    assert result.attempted > 0 and result.failed == 0
