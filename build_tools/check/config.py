"""What a site changes about `check`, and how findings are silenced: reading it, and applying it.

- mkdocs.yml, under `plugins: - decision-trees:`: `rules:` maps a code to `off`, `warning` or `error`, and
  `journeys_dir:` names the folder of journeys (default `tests/journeys`, beside `trees/`). `check` reads
  the mkdocs.yml beside the trees folder; the plugin reads its own. Both go through `read_site`, so a
  mistake there is a located `site-config` problem in either.
- In a tree file, `# check: ignore[code]` (several codes: `ignore[a, b]`) at the end of a line silences
  that code on that line only, like yamllint's `# yamllint disable-line`. A code no rule has is reported
  (`bad-ignore`), so a typo can't silence nothing quietly.

`stats` lists both, so a reviewer sees what a site turned down.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable
from pathlib import Path

import yaml

from ..core.located import Pos
from ..core.model import OUTCOMES
from ..core.options import PLUGIN, PluginOptions
from ..core.problems import Level, Problem
from ..core.settings import Ignore, Settings, Silenced

# libyaml's composer when PyYAML has it (the same nodes and marks, a tenth of the time of a warm `check`).
COMPOSER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
CONFIG_FILE = "mkdocs.yml"
DEFAULT_JOURNEYS = PluginOptions().journeys_dir
LEVELS: dict[str, Level | None] = {"off": None, "warning": Level.WARNING, "error": Level.ERROR}
# Codes a comment in a tree file can't silence: a tree is written by whoever opens a pull request, and these
# checks keep the site safe (markup, hidden characters, links) or the check, build and diff fast (budgets).
# The site's own mkdocs.yml may still change their level: that file is the maintainers'.
NOT_IGNORABLE = frozenset(
    {
        "bad-ignore",
        *("unsafe-markup", "hidden-character", "relative-link", "not-a-file"),
        *("file-too-large", "too-many-nodes", "text-budget", "long-path"),
    }
)
# A YAML comment ends the line: `#` after a space (or at the start), then `check: ignore[...]`.
IGNORE = re.compile(r"(?:^|[ \t])#[ \t]*check:[ \t]*ignore\[([^\]\n]*)\][ \t]*$", re.MULTILINE)


def _known_codes() -> set[str]:
    from ..rules import REGISTRY  # here: reading a site's settings needs the rules only if it names codes

    return set(REGISTRY)


def _at(path: str, mark: yaml.Mark, code: str, message: str) -> Problem:
    return Problem(path, mark.line + 1, mark.column + 1, code, message)


def _entry(node: yaml.MappingNode, key: str) -> tuple[yaml.Node, yaml.Node] | None:
    for k, v in node.value:
        if isinstance(k, yaml.ScalarNode) and k.value == key:
            return k, v
    return None


def _plugin_node(root: yaml.Node) -> yaml.Node | None:
    """The `decision-trees:` options node (an empty mapping when listed without options), or None."""
    if not isinstance(root, yaml.MappingNode) or (plugins := _entry(root, "plugins")) is None:
        return None
    if not isinstance(plugins[1], yaml.SequenceNode):
        return None
    for item in plugins[1].value:
        if isinstance(item, yaml.ScalarNode) and item.value == PLUGIN:
            return yaml.MappingNode("tag:yaml.org,2002:map", [], item.start_mark, item.end_mark)
        if isinstance(item, yaml.MappingNode) and (found := _entry(item, PLUGIN)) is not None:
            return found[1]
    return None


def read_site(config: Path, journeys: Path | None = None) -> tuple[Settings, list[Problem]]:
    """The settings in `config` (a mkdocs.yml); `journeys` overrides its `journeys_dir`.

    The file is composed, not constructed: any tag MkDocs allows (`!ENV`, Python names) is left alone, and
    every value keeps its line and column for the problems.
    """
    try:  # shown as the contributor would type it: relative to where they are
        path = str(config.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        path = str(config)
    try:
        root = yaml.compose(config.read_text(encoding="utf-8"), Loader=COMPOSER)
    except OSError as exc:
        return Settings(), [Problem(path, 1, 1, "site-config", f"cannot read it: {exc.strerror}")]
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        return Settings(), [Problem(path, line, col, "site-config", f"not valid YAML: {exc.problem}")]
    except yaml.YAMLError as exc:
        return Settings(), [Problem(path, 1, 1, "site-config", f"not valid YAML: {exc}")]
    options = _plugin_node(root) if root is not None else None
    problems: list[Problem] = []
    levels: dict[str, Level | None] = {}
    journeys_dir: Path | None = journeys
    languages: dict[str, Pos] | None = None
    if isinstance(options, yaml.MappingNode):
        problems += _outcome_labels(path, options)
        languages = _languages(options)
        levels = _levels(path, options, problems)
        if journeys is None:
            journeys_dir = _journeys(path, config.parent, options, problems)
    elif journeys is None and (config.parent / DEFAULT_JOURNEYS).is_dir():
        journeys_dir = config.parent / DEFAULT_JOURNEYS
    return Settings(levels, journeys_dir, path, languages), problems


def _levels(path: str, options: yaml.MappingNode, problems: list[Problem]) -> dict[str, Level | None]:
    found = _entry(options, "rules")
    if found is None:
        return {}
    if not isinstance(found[1], yaml.MappingNode):
        problems.append(_at(path, found[1].start_mark, "site-config", "rules: must map codes to a level"))
        return {}
    known = _known_codes()
    levels: dict[str, Level | None] = {}
    for key, value in found[1].value:
        code = key.value if isinstance(key, yaml.ScalarNode) else ""
        level = value.value if isinstance(value, yaml.ScalarNode) else ""
        if code not in known:
            problems.append(_at(path, key.start_mark, "site-config", f"rules: no rule has the code {code!r}"))
        elif level not in LEVELS:
            message = f"rules: {code}: the level must be off, warning or error, not {level!r}"
            problems.append(_at(path, value.start_mark, "site-config", message))
        else:
            levels[code] = LEVELS[level]
    return levels


def _languages(options: yaml.MappingNode) -> dict[str, Pos]:
    """The codes under `languages:`, each with where its key is. A value of the wrong shape is the
    plugin's own config error (render/options.py), reported by MkDocs; here it is just no languages."""
    found = _entry(options, "languages")
    if found is None or not isinstance(found[1], yaml.MappingNode):
        return {}
    return {
        str(key.value): Pos(key.start_mark.line + 1, key.start_mark.column + 1)
        for key, _ in found[1].value
        if isinstance(key, yaml.ScalarNode)
    }


def _journeys(path: str, root: Path, options: yaml.MappingNode, problems: list[Problem]) -> Path | None:
    found = _entry(options, "journeys_dir")
    if found is None:
        default = root / DEFAULT_JOURNEYS
        return default if default.is_dir() else None
    folder = root / str(found[1].value) if isinstance(found[1], yaml.ScalarNode) else None
    if folder is None or not folder.is_dir():
        message = "journeys_dir: no such folder (it is relative to mkdocs.yml)"
        problems.append(_at(path, found[1].start_mark, "site-config", message))
        return None
    return folder


def _outcome_labels(path: str, options: yaml.MappingNode) -> list[Problem]:
    """Badge texts for outcomes the schema doesn't have would never show: say so where they are."""

    found = _entry(options, "outcome_labels")
    if found is None or not isinstance(found[1], yaml.MappingNode):
        return []
    return [
        _at(
            path,
            key.start_mark,
            "site-config",
            f"outcome_labels: {key.value!r} is not an outcome; outcomes are {', '.join(OUTCOMES)}",
        )
        for key, _ in found[1].value
        if isinstance(key, yaml.ScalarNode) and key.value not in OUTCOMES
    ]


def for_trees(
    trees: Path, config: Path | None = None, journeys: Path | None = None
) -> tuple[Settings, list[Problem]]:
    """The settings of the site whose trees are in the folder `trees`: its mkdocs.yml is `config`, by
    default the one beside the folder; without one, only the journeys folder beside it (if any)."""
    site = config or trees.parent / CONFIG_FILE
    if config is not None or site.is_file():
        return read_site(site, journeys)
    default = trees.parent / DEFAULT_JOURNEYS
    return Settings(journeys=journeys or (default if default.is_dir() else None)), []


def find_ignores(path: str, text: str) -> list[Ignore]:
    if "check:" not in text:  # most files: no need to look line by line
        return []
    found = []
    for match in IGNORE.finditer(text):
        line = text.count("\n", 0, match.start()) + 1
        col = match.start() - (text.rfind("\n", 0, match.start()) + 1) + 1
        codes = tuple(c.strip() for c in match.group(1).split(",") if c.strip())
        found.append(Ignore(path, line, col + (match.group(0)[0] != "#"), codes))
    return found


def apply(
    settings: Settings, problems: Iterable[Problem], ignores: Iterable[Ignore]
) -> tuple[list[Problem], Silenced]:
    """The problems this site reports: levels changed, rules turned off, ignored lines dropped."""
    silenced = Silenced(ignores=list(ignores))
    known = _known_codes()
    by_line = {(i.path, i.line): i for i in silenced.ignores}
    out: list[Problem] = []
    for ignore in silenced.ignores:
        for code in ignore.codes:
            if code not in known:
                message = f"ignore[{code}]: no rule has this code"
                out.append(Problem(ignore.path, ignore.line, ignore.col, "bad-ignore", message))
            if code in NOT_IGNORABLE and code != "bad-ignore":
                message = f"ignore[{code}]: this check keeps the site safe or fast and can't be ignored"
                out.append(Problem(ignore.path, ignore.line, ignore.col, "bad-ignore", message))
        if not ignore.codes:
            out.append(Problem(ignore.path, ignore.line, ignore.col, "bad-ignore", "ignore[]: name a code"))
    for problem in problems:
        if problem.code in settings.levels:
            level = settings.levels[problem.code]
            if level is None:
                silenced.off.append(problem)
                continue
            problem = dataclasses.replace(problem, level=level)
        on_line = by_line.get((problem.path, problem.line))
        if on_line is not None and problem.code in on_line.codes and problem.code not in NOT_IGNORABLE:
            silenced.ignored.append((on_line, problem))
            continue
        out.append(problem)
    return out, silenced
