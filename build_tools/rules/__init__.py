"""Every check, registered by code. Importing this package registers them all.

Every module of this package is imported here, found by listing the package: a new rule module needs no
import line anywhere (tests/test_rules.py proves a module dropped in is found).
"""

import importlib
import pkgutil

from .registry import REGISTRY, Finding, Rule, Scope, builtin, rule, rules

MODULES = [
    importlib.import_module(f"{__name__}.{info.name}")
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda i: i.name)
]

__all__ = ["MODULES", "REGISTRY", "Finding", "Rule", "Scope", "builtin", "rule", "rules"]
