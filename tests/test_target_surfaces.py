"""point= and quantiles= on every surface (Python, SQL, CLI), and the mistakes each refuses."""

import duckdb
import numpy as np
import pytest

import rfm_sql
from rfm_sql.cli import main
from rfm_sql.errors import UserError
from rfm_sql.runtime.options import RunOptions, quantile_column

SPEND = "PREDICT SUM(orders.amount, 0, 30, days) FOR EACH users.user_id"
CHURN = "PREDICT COUNT(orders.*, 0, 30, days) > 0 FOR EACH users.user_id"


def test_python_quantile_columns_are_monotone_and_mean_is_on_request(shop):
    rfm = rfm_sql.attach(shop)
    median = rfm.predict(SPEND, entities=[1, 2, 3, 4, 5], context_size=100, quantiles=[0.9, 0.1, 0.5])
    assert median.column_names == [
        "ENTITY",
        "ANCHOR_TIMESTAMP",
        "TARGET_PRED",
        "TARGET_Q10",
        "TARGET_Q50",
        "TARGET_Q90",
    ]
    q = np.array([median.column(c).to_pylist() for c in ("TARGET_Q10", "TARGET_Q50", "TARGET_Q90")])
    assert (np.diff(q, axis=0) >= 0).all() and np.allclose(q[1], median.column("TARGET_PRED").to_pylist())
    plain = rfm.predict(SPEND, entities=[1, 2, 3, 4, 5], context_size=100)
    assert plain.column_names == ["ENTITY", "ANCHOR_TIMESTAMP", "TARGET_PRED"]
    assert plain.column("TARGET_PRED") == median.column("TARGET_PRED")
    mean = rfm.predict(SPEND, entities=[1, 2, 3, 4, 5], context_size=100, point="mean")
    assert mean.column("TARGET_PRED") != median.column("TARGET_PRED")
    assert min(mean.column("TARGET_PRED").to_pylist()) >= 0


def test_sql_named_parameters_match_python(shop):
    rfm = rfm_sql.attach(shop)
    py = rfm.predict(SPEND, context_size=100, point="mean", quantiles=[0.1, 0.9])
    sql = shop.sql(
        "SELECT * FROM rfm_predict(?, context_size := 100, point := 'mean', quantiles := [0.1, 0.9])", params=[SPEND]
    ).to_arrow_table()
    assert (
        sql.column_names == py.column_names == ["ENTITY", "ANCHOR_TIMESTAMP", "TARGET_PRED", "TARGET_Q10", "TARGET_Q90"]
    )
    assert np.allclose(sql.column("TARGET_Q90").to_pylist(), py.column("TARGET_Q90").to_pylist())
    assert np.allclose(sql.column("TARGET_PRED").to_pylist(), py.column("TARGET_PRED").to_pylist())


def test_cli_point_and_quantiles(capsys, tmp_path):
    from rfm_sql.demo import build

    db = tmp_path / "shop.duckdb"
    with duckdb.connect(str(db)) as con:
        build(con, n_users=200, n_items=20)
    args = ["predict", str(db), SPEND, "--entities", "1,2", "--context-size", "100"]
    assert main([*args, "--quantiles", "0.1,0.9", "--point", "mean"]) == 0
    out = capsys.readouterr().out
    assert "TARGET_Q10" in out and "TARGET_Q90" in out
    for flag, said in (("0.1,ninety", "not a comma-separated list"), ("10,90", "strictly between 0 and 1")):
        with pytest.raises(SystemExit) as exit_:  # argparse names the flag, in the command line's own syntax
            main([*args, "--quantiles", flag])
        err = capsys.readouterr().err
        assert exit_.value.code == 2 and "argument --quantiles: " in err and said in err
        assert "e.g. 0.1,0.9" in err and "[0.1" not in err
    with pytest.raises(SystemExit):  # argparse: --point takes median or mean
        main([*args, "--point", "average"])
    assert main(["predict", str(db), CHURN, "--entities", "1", "--quantiles", "0.5"]) == 2
    assert "regression target" in capsys.readouterr().err


@pytest.mark.parametrize(
    "kwargs, param, message",
    [
        ({"quantiles": [0, 0.5]}, "quantiles", "strictly between 0 and 1"),
        ({"quantiles": [10, 90]}, "quantiles", "strictly between 0 and 1"),
        ({"quantiles": [0.1, 0.1]}, "quantiles", "twice"),
        ({"quantiles": ["low"]}, "quantiles", "list of numbers"),
        ({"point": "average"}, "point", "'median', 'mean'"),
    ],
)
def test_option_mistakes(kwargs, param, message):
    with pytest.raises(UserError, match=message) as e:
        RunOptions.from_kwargs(**kwargs)
    assert e.value.param == param


@pytest.mark.parametrize(
    "pql, kwargs, param",
    [
        (CHURN, {"quantiles": [0.1, 0.9]}, "quantiles"),
        (CHURN, {"point": "mean"}, "point"),
        ("EVALUATE " + SPEND, {"quantiles": [0.5]}, "quantiles"),
    ],
)
def test_point_and_quantiles_are_refused_where_they_mean_nothing(shop, pql, kwargs, param):
    rfm = rfm_sql.attach(shop)
    with pytest.raises(UserError, match="applies to the predictions of a regression target or forecast") as e:
        rfm.predict(pql, **kwargs)
    assert e.value.param == param
    with pytest.raises(duckdb.Error, match="applies to the predictions of a regression target or forecast"):
        shop.sql("SELECT * FROM rfm_predict(?, quantiles := [0.5], point := 'mean')", params=[pql]).fetchall()


def test_forecast_quantiles_and_mean(shop):
    rfm = rfm_sql.attach(shop)
    counts = "PREDICT COUNT(orders.*, 0, 30, days) FORECAST 2 TIMEFRAMES FOR EACH users.user_id"
    table = rfm.predict(counts, entities=[1, 2, 3], context_size=100, quantiles=[0.1, 0.9])
    assert table.column_names == [
        "ENTITY",
        "ANCHOR_TIMESTAMP",
        "FORECAST_STEP",
        "TARGET_PRED",
        "TARGET_Q10",
        "TARGET_Q90",
    ]
    lo, mid, hi = (np.array(table.column(c).to_pylist()) for c in ("TARGET_Q10", "TARGET_PRED", "TARGET_Q90"))
    assert (lo <= mid).all() and (mid <= hi).all() and (lo >= 0).all()
    assert (lo == np.round(lo)).all()  # a count's quantiles are whole numbers, as its median
    mean = rfm.predict(counts, entities=[1, 2, 3], context_size=100, point="mean").column("TARGET_PRED").to_pylist()
    assert min(mean) >= 0 and any(v != round(v) for v in mean)  # the mean is not rounded
    sql = shop.sql(
        "SELECT * FROM rfm_predict(?, context_size := 100, quantiles := [0.1, 0.9]) WHERE ENTITY IN (1, 2, 3)",
        params=[counts],
    ).to_arrow_table()
    assert sql.column("TARGET_Q90").to_pylist() == table.column("TARGET_Q90").to_pylist()


def test_quantile_column_names():
    assert [quantile_column(q) for q in (0.1, 0.9, 0.5, 0.025, 0.999)] == [
        "TARGET_Q10",
        "TARGET_Q90",
        "TARGET_Q50",
        "TARGET_Q2_5",
        "TARGET_Q99_9",
    ]
