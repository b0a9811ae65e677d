"""Scenarios: the case as data (issue 5).  So far: the whitelisting expression parser."""

from .expressions import parse_expression

__all__ = ["parse_expression"]
