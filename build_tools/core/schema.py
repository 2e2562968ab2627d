"""Structure check with the JSON Schema that editors use too: one source of truth for the format."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import jsonschema

from .located import Document, locate
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
    text = resources.files("build_tools").joinpath("schema", name).read_text(encoding="utf-8")
    schema: dict[str, Any] = _python_patterns(json.loads(text))
    return schema


@cache
def _fast_validator(name: str) -> Any:
    import fastjsonschema  # here: a warm `check` validates no file (its start-up is most of its time)

    return fastjsonschema.compile(load_schema(name))


@cache
def _full_validator(name: str) -> jsonschema.protocols.Validator:
    schema = load_schema(name)
    # Imported here: valid files never need it, and it is a tenth of a second of every `check`.
    import jsonschema

    cls = jsonschema.validators.validator_for(schema)
    return cls(schema)


_NODE_KINDS = ("question", "step", "resolution")
Description = tuple[tuple[str | int, ...], bool, str]


def _describe(error: jsonschema.ValidationError) -> list[Description]:
    """Turn a jsonschema error into (path, point-at-key, plain-language message)."""
    path = tuple(error.absolute_path)
    if "propertyNames" in error.schema_path:
        message = (
            f"{_short(error.instance)} is not a valid id: use lowercase letters, digits and single hyphens "
            "(it becomes part of a URL)"
        )
        return [((*path, str(error.instance)), True, message)]
    describe = _DESCRIBE.get(str(error.validator))
    found = describe(error, path, _where(path)) if describe else None
    return found if found is not None else [(path, False, error.message)]


def _where(path: tuple[str | int, ...]) -> str:
    if not path:
        return "the file"
    return f"'{path[-1]}'" if isinstance(path[-1], str) else "this value"


JsonPath = tuple[str | int, ...]


def _extra_key(error: jsonschema.ValidationError, path: JsonPath, where: str) -> list[Description] | None:
    if not isinstance(error.instance, dict):
        return None
    allowed = set(error.schema.get("properties", {})) if isinstance(error.schema, dict) else set()
    extras = [k for k in error.instance if k not in allowed]
    if not extras:
        return None
    known = ", ".join(sorted(allowed))
    return [((*path, extras[0]), True, f"unknown key '{extras[0]}' (allowed here: {known})")]


def _required(error: jsonschema.ValidationError, path: JsonPath, where: str) -> list[Description]:
    return [(path, True, f"{where} is missing {error.message.split(' is a required')[0]}")]


def _node_kind(error: jsonschema.ValidationError, path: JsonPath, where: str) -> list[Description] | None:
    if not (len(path) == 2 and path[0] == "nodes"):
        return None
    keys = set(error.instance) & set(_NODE_KINDS) if isinstance(error.instance, dict) else set()
    if len(keys) != 1:
        message = f"a node needs exactly one of 'question', 'step' or 'resolution' (found {len(keys)})"
        return [(path, True, message)]
    # Exactly one kind key: report what is wrong inside that kind's own schema.
    branch = _NODE_KINDS.index(keys.pop())
    inner = [
        e
        for e in (error.context if isinstance(error.context, list) else [])
        if e.relative_schema_path and e.relative_schema_path[0] == branch
    ]
    return [d for e in inner for d in _describe(e)]


def _step_body(error: jsonschema.ValidationError, path: JsonPath, where: str) -> list[Description] | None:
    if not (path and path[0] == "nodes"):
        return None
    return [(path, True, f"step {where} needs 'body' or 'platforms' with the instructions")]


_LINK_KEYS = ("next", "fixed", "not_fixed", "link", "start")
_LINK_LISTS = ("related", "still_stuck", "causes")


def _pattern(error: jsonschema.ValidationError, path: JsonPath, where: str) -> list[Description]:
    if (path and path[-1] in _LINK_KEYS) or (len(path) >= 2 and path[-2] in _LINK_LISTS):
        message = (
            f"{_short(error.instance)} is not a valid id: use lowercase letters, digits and single hyphens, "
            "and 'tree-id/node-id' for another tree"
        )
        return [(path, False, message)]
    if path and path[-1] == "reviewed":
        return [(path, False, f'{_short(error.instance)} is not a date; write it as "YYYY-MM-DD"')]
    return [(path, False, f"{where}: {_short(error.instance)} must be a single non-empty line")]


def _type(error: jsonschema.ValidationError, path: JsonPath, where: str) -> list[Description]:
    expected = error.validator_value
    message = f"{where} must be {_TYPE_WORDS.get(str(expected), expected)}"
    if expected == "object" and isinstance(error.schema, dict) and error.schema.get("required") == ["text"]:
        # A translated field (translation.schema.json) written as plain text, as in an English tree.
        message = f"{where} is a translated field: write it as {{text: ...}} (translate stamp adds `from`)"
    if expected == "string" and isinstance(error.instance, (bool, int, float)):
        # YAML reads Yes, No, On, Off as true/false and bare numbers as numbers; quotes keep the words.
        message += '; put the text in quotes, e.g. answer: "Yes"'
    return [(path, False, message)]


def _enum(error: jsonschema.ValidationError, path: JsonPath, where: str) -> list[Description]:
    values = error.validator_value
    options = ", ".join(str(v) for v in values) if isinstance(values, list) else ""
    return [(path, False, f"{where} must be one of: {options}")]


def _empty(error: jsonschema.ValidationError, path: JsonPath, where: str) -> list[Description]:
    return [(path, False, f"{where} must not be empty")]


def _too_long(error: jsonschema.ValidationError, path: JsonPath, where: str) -> list[Description] | None:
    if not isinstance(error.instance, str):
        return None
    message = f"{where} is {len(error.instance):,} characters long; the limit is {error.validator_value:,}"
    return [(path, False, message)]


def _short(value: object, limit: int = 60) -> str:
    """A value for a message: long text is cut (a field can be most of a megabyte)."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


_Describe = Callable[["jsonschema.ValidationError", JsonPath, str], list[Description] | None]
_DESCRIBE: dict[str, _Describe] = {
    "additionalProperties": _extra_key,
    "required": _required,
    "oneOf": _node_kind,
    "anyOf": _step_body,
    "pattern": _pattern,
    "type": _type,
    "enum": _enum,
    "minItems": _empty,
    "minProperties": _empty,
    "minLength": _empty,
    "maxLength": _too_long,
}


_TYPE_WORDS = {
    "string": "text",
    "array": "a list",
    "object": "a mapping of keys to values",
    "integer": "a whole number",
    "boolean": "true or false",
}


def check_structure(doc: Document, schema_name: str) -> list[Problem]:
    """Problems of `doc.data` against the schema; the fast compiled check clears valid files cheaply."""
    from fastjsonschema import JsonSchemaException

    try:
        _fast_validator(schema_name)(doc.data)
        return []
    except JsonSchemaException:
        pass
    problems: set[Problem] = set()
    for error in _full_validator(schema_name).iter_errors(doc.data):
        for path, at_key, message in _describe(error):
            pos = locate(doc.data, path, key=at_key)
            if not isinstance(doc.data, dict) and not path:
                message = "the file must be a mapping of keys (title, summary, nodes, ...) to values"
            problems.add(Problem(doc.path, pos.line, pos.col, "schema", message))
    return sorted(problems)
