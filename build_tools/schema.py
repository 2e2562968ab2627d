"""Structure check with the JSON Schema that editors use too: one source of truth for the format."""

from __future__ import annotations

import json
import re
from functools import cache
from importlib import resources
from typing import Any

import fastjsonschema
import jsonschema

from .loader import Document, locate
from .problems import Problem

TREE_SCHEMA = "tree.schema.json"
CAUSES_SCHEMA = "causes.schema.json"
SOURCES_SCHEMA = "sources.schema.json"


_DOLLAR = re.compile(r"(?<!\\)\$")


def _python_patterns(value: Any) -> Any:
    # Schema patterns are ECMA-262, where `$` matches only at the very end. Python's `$` also matches before
    # a final newline, so jsonschema would accept "node-id\n" as an id while fastjsonschema (which makes the
    # same change) refuses it. `\Z` is Python's spelling of the ECMA `$`.
    if isinstance(value, dict):
        return {
            k: _DOLLAR.sub(r"\\Z", v) if k == "pattern" and isinstance(v, str) else _python_patterns(v)
            for k, v in value.items()
        }
    if isinstance(value, list):
        return [_python_patterns(v) for v in value]
    return value


@cache
def load_schema(name: str) -> dict[str, Any]:
    text = resources.files(__package__).joinpath("schema", name).read_text(encoding="utf-8")
    schema: dict[str, Any] = _python_patterns(json.loads(text))
    return schema


@cache
def _fast_validator(name: str) -> Any:
    return fastjsonschema.compile(load_schema(name))


@cache
def _full_validator(name: str) -> jsonschema.protocols.Validator:
    schema = load_schema(name)
    cls = jsonschema.validators.validator_for(schema)
    return cls(schema)


_NODE_KINDS = ("question", "step", "resolution")
Description = tuple[tuple[str | int, ...], bool, str]


def _describe(error: jsonschema.ValidationError) -> list[Description]:
    """Turn a jsonschema error into (path, point-at-key, plain-language message)."""
    path = tuple(error.absolute_path)
    where = (
        f"'{path[-1]}'" if path and isinstance(path[-1], str) else ("the file" if not path else "this value")
    )
    kind = error.validator
    if "propertyNames" in error.schema_path:
        return [
            (
                (*path, str(error.instance)),
                True,
                f"{error.instance!r} is not a valid id: use lowercase "
                "letters, digits and single hyphens (it becomes part of a URL)",
            )
        ]
    if kind == "additionalProperties" and isinstance(error.instance, dict):
        allowed = set(error.schema.get("properties", {})) if isinstance(error.schema, dict) else set()
        extras = [k for k in error.instance if k not in allowed]
        if extras:
            known = ", ".join(sorted(allowed))
            return [((*path, extras[0]), True, f"unknown key '{extras[0]}' (allowed here: {known})")]
    if kind == "required":
        return [(path, True, f"{where} is missing {error.message.split(' is a required')[0]}")]
    if kind == "oneOf" and len(path) == 2 and path[0] == "nodes":
        keys = set(error.instance) & set(_NODE_KINDS) if isinstance(error.instance, dict) else set()
        if len(keys) != 1:
            return [
                (
                    path,
                    True,
                    f"a node needs exactly one of 'question', 'step' or 'resolution' (found {len(keys)})",
                )
            ]
        # Exactly one kind key: report what is wrong inside that kind's own schema.
        branch = _NODE_KINDS.index(keys.pop())
        inner = [
            e
            for e in (error.context if isinstance(error.context, list) else [])
            if e.relative_schema_path and e.relative_schema_path[0] == branch
        ]
        return [d for e in inner for d in _describe(e)]
    if kind == "anyOf" and path and path[0] == "nodes":
        return [(path, True, f"step {where} needs 'body' or 'platforms' with the instructions")]
    if kind == "pattern":
        if (path and path[-1] in ("next", "fixed", "not_fixed", "link", "start")) or (
            len(path) >= 2 and path[-2] in ("related", "still_stuck", "causes")
        ):
            return [
                (
                    path,
                    False,
                    (
                        f"{error.instance!r} is not a valid id: use lowercase letters, digits and "
                        "single hyphens, and 'tree-id/node-id' for another tree"
                    ),
                )
            ]
        if path and path[-1] == "reviewed":
            return [(path, False, f'{error.instance!r} is not a date; write it as "YYYY-MM-DD"')]
        return [(path, False, f"{where}: {error.instance!r} must be a single non-empty line")]
    if kind == "type":
        expected = error.validator_value
        message = f"{where} must be {_TYPE_WORDS.get(str(expected), expected)}"
        if expected == "string" and isinstance(error.instance, (bool, int, float)):
            # YAML reads Yes, No, On, Off as true/false and bare numbers as numbers; quotes keep the words.
            message += '; put the text in quotes, e.g. answer: "Yes"'
        return [(path, False, message)]
    if kind == "enum":
        options = (
            ", ".join(str(v) for v in error.validator_value)
            if isinstance(error.validator_value, list)
            else ""
        )
        return [(path, False, f"{where} must be one of: {options}")]
    if kind in ("minItems", "minProperties", "minLength"):
        return [(path, False, f"{where} must not be empty")]
    return [(path, False, error.message)]


_TYPE_WORDS = {
    "string": "text",
    "array": "a list",
    "object": "a mapping of keys to values",
    "integer": "a whole number",
    "boolean": "true or false",
}


def check_structure(doc: Document, schema_name: str) -> list[Problem]:
    """Problems of `doc.data` against the schema; the fast compiled check clears valid files cheaply."""
    try:
        _fast_validator(schema_name)(doc.data)
        return []
    except fastjsonschema.JsonSchemaException:
        pass
    problems: set[Problem] = set()
    for error in _full_validator(schema_name).iter_errors(doc.data):
        for path, at_key, message in _describe(error):
            pos = locate(doc.data, path, key=at_key)
            if not isinstance(doc.data, dict) and not path:
                message = "the file must be a mapping of keys (title, summary, nodes, ...) to values"
            problems.add(Problem(doc.path, pos.line, pos.col, "schema", message))
    return sorted(problems)
