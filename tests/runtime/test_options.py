import pytest

from rfm_sql.errors import RFMError, UserError
from rfm_sql.runtime.options import DEFAULT_RUN_MODE, RUN_MODES, RunOptions


@pytest.mark.parametrize(
    "kwargs, param, message",
    [
        ({"run_mode": "fastest"}, "run_mode", "run_mode='fastest' is not a run mode"),
        ({"context_size": 3}, "context_size", "context_size=3 must be an integer >= 10"),
        ({"context_size": True}, "context_size", "must be an integer"),
        ({"seed": "x"}, "seed", "seed='x' must be a non-negative integer"),
        ({"seed": -1}, "seed", "seed=-1 must be a non-negative integer"),
    ],
)
def test_a_bad_option_names_itself(kwargs, param, message):
    with pytest.raises(UserError, match=message) as info:
        RunOptions(**kwargs)
    assert info.value.param == param
    assert isinstance(info.value, ValueError) and isinstance(info.value, RFMError)


def test_unknown_option_is_named():
    with pytest.raises(UserError, match="Unknown option.*colour") as info:
        RunOptions.from_kwargs(colour="red")
    assert info.value.param == "colour"


def test_none_means_the_default():
    options = RunOptions.from_kwargs(run_mode=None, context_size=None, seed=None)
    assert options == RunOptions() and options.run_mode == DEFAULT_RUN_MODE
    assert options.cap == RUN_MODES[DEFAULT_RUN_MODE].context_size
    assert RunOptions(run_mode="best", context_size=77).cap == 77
