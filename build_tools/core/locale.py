"""The engine's own words in each language (render/locales/<lang>.yaml), loaded once per process: the
pages use them, and `check` walks translated journeys with the step buttons they name.

Templates call `t("node.back")` or `t("map.title", title=...)`; Python code reads the same catalogue
(`Locale.text`). A missing key or placeholder is an error at build time, never an empty control: every
catalogue has exactly the keys and placeholders of the English one (tests/test_locale.py).
"""

from __future__ import annotations

import functools
import string
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from typing import Any

import yaml

SOURCE_LANGUAGE = "en"  # the language of trees/*.yaml and of every catalogue's keys


@dataclass(frozen=True)
class Locale:
    language: str
    texts: Mapping[str, str]  # dotted key -> text ("node.back" -> "Back")
    months: tuple[str, ...]
    glyphs: Mapping[str, str]  # symbol -> spoken words

    def text(self, key: str, /, **values: Any) -> str:
        """The text of `key`, with its {placeholders} filled in (KeyError names a missing one)."""
        text = self.texts[key]
        return text.format(**values) if values else text

    __call__ = text

    def date(self, value: str) -> str:
        """A date written "2026", "2026-02" or "2026-02-03" for people: "3 Feb 2026" ("undated" if none)."""
        parts = value.split("-")
        if not parts[0].isdigit():
            return self.texts["undated"]
        if len(parts) == 1:
            return parts[0]
        number = int(parts[1]) if parts[1].isdigit() else 0
        month = self.months[number - 1] if 1 <= number <= 12 else parts[1]
        if len(parts) == 2:
            return f"{month} {parts[0]}"
        return f"{int(parts[2])} {month} {parts[0]}"

    @property
    def separator(self) -> str:
        return self.texts["glyph_separator"]


def _flatten(data: Mapping[str, object], prefix: str = "") -> dict[str, str]:
    out: dict[str, str] = {}
    for key, value in data.items():
        if isinstance(value, Mapping):
            out.update(_flatten(value, f"{prefix}{key}."))
        elif isinstance(value, str):
            out[f"{prefix}{key}"] = value
    return out


def available() -> tuple[str, ...]:
    """The languages with a catalogue."""
    folder = resources.files("build_tools.render").joinpath("locales")
    return tuple(sorted(p.name[: -len(".yaml")] for p in folder.iterdir() if p.name.endswith(".yaml")))


@functools.cache
def load(language: str) -> Locale:
    """The catalogue of `language` (ValueError when there is none)."""
    if language not in available():
        raise ValueError(f"no catalogue of the engine's words for language {language!r}")
    file = resources.files("build_tools.render").joinpath("locales", f"{language}.yaml")
    data = yaml.safe_load(file.read_text(encoding="utf-8"))
    glyphs = {str(k): str(v) for k, v in (data.get("glyphs") or {}).items()}
    return Locale(language, _flatten(data), tuple(str(m) for m in data["months"]), glyphs)


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}
