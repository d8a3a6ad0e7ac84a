"""The feature values a `FeatureQuery` gives some entities at one anchor, by its own SQL: what the feature tests
compare against the database."""

import functools

from sqlglot import exp


def feature_rows(con, features, entities, anchor) -> dict:
    """{entity: its feature row (column name -> value)} for `entities` at `anchor`."""
    at = exp.cast(exp.Literal.string(str(anchor)), "TIMESTAMP")
    seeds = [exp.select(exp.Literal.number(e).as_("ENTITY"), at.copy().as_("ANCHOR_TIMESTAMP")) for e in entities]
    seed = functools.reduce(lambda a, b: exp.union(a, b, distinct=False), seeds)
    return {r["ENTITY"]: r for r in con.sql(features.over(seed).sql("duckdb")).to_arrow_table().to_pylist()}
