"""Every check, registered by code. Importing this package registers them all."""

# Registration happens on import.
from . import dates, fallback, files, links, markup, paths, questions, sources  # noqa: F401
from .registry import REGISTRY, Finding, Rule, Scope, builtin, rule, rules

__all__ = ["REGISTRY", "Finding", "Rule", "Scope", "builtin", "rule", "rules"]
