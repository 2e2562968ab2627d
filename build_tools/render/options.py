"""The MkDocs config of the `decision-trees` plugin, derived from core/options.py (the one place each option
is declared): MkDocs validates mkdocs.yml with it, and so does `render` for the export."""

from __future__ import annotations

import dataclasses
import functools
import typing
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.base import ValidationError

from ..core.options import PluginOptions, nested


class Checked(c.Type[str]):
    """A text option with a check of its own (a field's `check` metadata: the problem, or "")."""

    def __init__(self, check: Callable[[str], str]) -> None:
        super().__init__(str)
        self.check = check

    def run_validation(self, value: object) -> str:
        text = super().run_validation(value)
        problem = self.check(text)
        if problem:
            raise ValidationError(problem)
        return text


def config_option(option: dataclasses.Field[Any], hint: object) -> base.BaseConfigOption[Any]:
    """The MkDocs config option of a field of an options dataclass, by its type."""
    if option.default_factory is not dataclasses.MISSING:
        default: Any = option.default_factory()
    else:
        default = option.default
    has_default = default is not dataclasses.MISSING
    check = option.metadata.get("check")
    text: base.BaseConfigOption[str] = Checked(check) if check else c.Type(str)
    if (inner := nested(hint)) is not None:
        return c.DictOfItems(c.SubConfig(config_class(inner)), default={})
    known: dict[object, Callable[[], base.BaseConfigOption[Any]]] = {
        bool: lambda: c.Type(bool, default=default),
        str: lambda: c.Type(str, default=default) if has_default else text,
        str | None: lambda: c.Optional(text),
        Sequence[str]: lambda: c.ListOfItems(c.Type(str), default=list(default)),
        Mapping[str, str]: lambda: c.DictOfItems(c.Type(str), default=dict(default)),
        Mapping[str, object]: lambda: c.Type(dict, default=dict(default)),
    }
    if hint not in known:
        raise TypeError(f"{option.name}: no MkDocs option for the type {hint}")
    return known[hint]()


@functools.cache
def config_class(options: type) -> type[base.Config]:
    """A MkDocs config class with one option per field of the dataclass `options`. MkDocs reads a config's
    options from its class body, so they are put there."""
    hints = typing.get_type_hints(options)
    body = {f.name: config_option(f, hints[f.name]) for f in dataclasses.fields(options)}
    return type(f"{options.__name__}Config", (base.Config,), body)


if TYPE_CHECKING:  # what the type checker sees; the plugin reads its options as PluginOptions

    class DecisionTreesConfig(base.Config):  # type: ignore[no-untyped-call]
        pass

else:
    DecisionTreesConfig = config_class(PluginOptions)
