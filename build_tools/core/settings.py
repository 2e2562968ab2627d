"""What a site changed about `check` (check/config.py reads it), as the project holds it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from .located import Pos
from .problems import Level, Problem


@dataclass(frozen=True)
class Ignore:
    """One `# check: ignore[code]` comment: the codes it names, where it is, and what it silenced."""

    path: str
    line: int
    col: int
    codes: tuple[str, ...]


@dataclass(frozen=True)
class Settings:
    # Code -> its level on this site; None turns the rule off.
    levels: Mapping[str, Level | None] = field(default_factory=dict)
    # Folder of <tree-id>.yaml journeys; None: this site keeps none, and the journey rules don't run.
    journeys: Path | None = None
    config_path: str | None = None  # the mkdocs.yml they came from
    # The plugin's `languages:` in that file: each code and where its key is. None when no mkdocs.yml
    # lists the plugin, so nothing says which languages the site publishes (rules/translations_site.py).
    languages: Mapping[str, Pos] | None = None


@dataclass
class Silenced:
    """What the settings and the ignore comments did to one check's problems (for `stats`)."""

    off: list[Problem] = field(default_factory=list)
    ignored: list[tuple[Ignore, Problem]] = field(default_factory=list)
    ignores: list[Ignore] = field(default_factory=list)
