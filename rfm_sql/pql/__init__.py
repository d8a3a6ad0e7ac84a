"""PQL: grammar, syntax tree, parser and validator."""

from rfm_sql.pql.parser import parse

__all__ = ["parse"]
