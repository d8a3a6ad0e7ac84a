"""The LightGBM pieces every `rfm-sql bench` baseline shares: one set of parameters, one feature matrix, one fit.

- `lightgbm` on the context (rfm_sql.bench, bench_ranking, bench_forecast): `ROUNDS` boosting rounds on the
  context examples the model saw;
- `lightgbm_full` (rfm_sql.bench_full): up to `FULL_ROUNDS` rounds on every train-split row, early-stopped on a
  validation set after `PATIENCE` rounds without improvement.
"""

from __future__ import annotations

import numpy as np

from rfm_sql.errors import RFMError

PARAMS = {
    "learning_rate": 0.05,
    "num_leaves": 15,
    "min_data_in_leaf": 10,
    "bagging_fraction": 0.8,
    "bagging_freq": 1,
    "feature_fraction": 0.8,
    "verbose": -1,
    "seed": 0,
    "num_threads": 1,
}
ROUNDS = 200
FULL_ROUNDS = 2000
PATIENCE = 50
# objective -> the validation metric that early-stops it (the task metric's LightGBM counterpart)
STOP_METRIC = {"binary": "auc", "regression_l1": "l1", "multiclass": "multi_error"}


def lgb():
    """The lightgbm module, or an error saying how to install it."""
    try:
        import lightgbm
    except ImportError as e:
        raise RFMError("The lightgbm baselines need LightGBM: pip install 'rfm-sql[bench]'.") from e
    return lightgbm


def matrix(columns: dict, kinds: dict, reference: dict | None = None) -> np.ndarray:
    """Numeric features as they are; categorical ones as codes learned on the `reference` rows (the training
    rows; default: these). `columns` maps each feature name to its values, as `encode.table_columns` gives them."""
    reference = reference if reference is not None else columns
    out = []
    for name, kind in kinds.items():
        if kind == "categorical":
            codes = {v: i for i, v in enumerate(sorted({str(v) for v in reference[name] if v is not None}))}
            out.append(np.array([codes.get(str(v), np.nan) if v is not None else np.nan for v in columns[name]]))
        else:
            out.append(np.asarray(columns[name], dtype=float))
    return np.stack(out, axis=1) if out else np.zeros((len(next(iter(columns.values()), [])), 0))


def fit(
    objective: str,
    x: np.ndarray,
    y: np.ndarray,
    valid: tuple | None = None,
    num_class: int | None = None,
    weight: np.ndarray | None = None,
):
    """A booster for `objective` ("binary", "regression_l1", "multiclass" with `num_class`): `ROUNDS` rounds, or
    with `valid` = (x, y) up to `FULL_ROUNDS`, stopped at the best round on `valid`. `weight`: per-row weights
    (a class-balanced context's prior ratios, so the booster learns the true rates)."""
    lightgbm = lgb()
    params = {**PARAMS, "objective": objective, **({"num_class": num_class} if num_class else {})}
    if valid is None:
        return lightgbm.train(params, lightgbm.Dataset(x, y, weight=weight), ROUNDS)
    params["metric"] = STOP_METRIC[objective]
    train = lightgbm.Dataset(x, y, weight=weight)
    return lightgbm.train(
        params,
        train,
        FULL_ROUNDS,
        valid_sets=[lightgbm.Dataset(valid[0], valid[1], reference=train)],
        callbacks=[lightgbm.early_stopping(PATIENCE, verbose=False)],
    )
