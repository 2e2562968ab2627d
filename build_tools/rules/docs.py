"""The error-codes page for contributors, written from the registry (`python -m build_tools codes`)."""

from __future__ import annotations

import difflib
from collections.abc import Mapping

from ..core.problems import Level
from .examples import VALID
from .registry import REGISTRY, Example, Rule

INTRO = """\
# Check messages

<!-- Generated from build_tools/rules/ by `make codes`; edit the rules, not this file. -->

`make check` (or `.venv/bin/python -m build_tools check`) reads every file in `trees/` and prints one line
per problem:

```text
trees/app-wont-open.yaml:12:15: error[unknown-target]: next node 'restrat' does not match any node or tree
```

That is the file, the line and the column (both start at 1, as in your editor), the level, the **code** in
square brackets, and a message. Errors stop the site from building; warnings don't (not even in the strict
build), but please fix them too. The check exits with 0 when there are no errors and 1 when there are.

On a pull request the same problems appear as annotations on the changed lines (`--format github`).
`--format json` prints them for other tools.

A site can set a rule to `off`, `warning` or `error` under `rules:` of the `decision-trees` plugin in
`mkdocs.yml`, and a tree line ending in `# check: ignore[code]` silences that code on that line only
(see [Turning a rule down](index.md#turning-a-rule-down-on-a-site-or-on-one-line)). `stats` lists both.

Below is every code, grouped by what it checks: what it means, how to fix it, and a small tree that
shows it.
"""


# Groups in the order a contributor meets them: reading a file first, whole paths last. Groups not
# listed (a new rule module's) follow in registration order.
GROUP_ORDER = (
    "Reading the file",
    "Structure",
    "Links and causes",
    "Questions and steps",
    "Paths",
    "Text",
    "Writing",
    "Sources",
    "Dates",
    "Journeys",
    "Size",
    "Site settings",
    "Export (render)",
)


def render_codes_page() -> str:
    groups: dict[str, list[Rule]] = {name: [] for name in GROUP_ORDER}
    for rule in REGISTRY.values():
        groups.setdefault(rule.group, []).append(rule)
    parts = [INTRO]
    for group, members in groups.items():
        if not members:
            continue
        parts.append(f"\n## {group}\n")
        for rule in members:
            parts.append(_rule_section(rule))
    return "".join(parts)


def _rule_section(rule: Rule) -> str:
    level = " (warning)" if rule.level is Level.WARNING else ""
    text = f"\n### `{rule.code}`{level}\n\n{rule.doc}"
    if rule.fix:
        text += f" {rule.fix}"
    text += "\n"
    shown = _shown(rule.failing) if rule.failing is not None else None
    if shown is not None:
        lang, body = shown
        text += '\n??? example "Example: the change to a valid tree that causes it"\n\n'
        text += f"    ```{lang}\n{_indent(body)}\n    ```\n"
    return text


def _shown(example: Example) -> tuple[str, str] | None:
    """How a failing example differs from the valid tree, as (code language, text); None if not showable."""
    if isinstance(example, Mapping):
        return "yaml", "\n".join(_file(name, text) for name, text in example.items())
    if len(example) > 5_000 or "\udce9" in example:
        return None  # a 1 MB file or a byte that isn't text: the doc line says it all
    return "diff", _diff(VALID, example)


def _diff(base: str, text: str) -> str:
    diff = difflib.unified_diff(base.splitlines(), text.splitlines(), n=1, lineterm="")
    return "\n".join(line if not line.startswith("@@") else "  ..." for line in list(diff)[2:])


def _translation_base(name: str) -> tuple[str, str] | None:
    """For a file of a language folder (`es/t.yaml`), the valid translation it changes, and what it is."""
    from .translations import ES, ES_CAUSES  # the translations' examples build on this module's

    folder, _, file = name.rpartition("/")
    if not folder or folder.startswith(".") or not file.endswith(".yaml"):
        return None
    return (ES_CAUSES, "its causes, translated") if file == "causes.yaml" else (ES, "a complete translation")


def _file(name: str, text: str | None) -> str:
    """One file of a failing example: what it is, or how a translation differs from the valid one."""
    if text is None:
        return f"# {name}: (not there)"
    if name.endswith("/"):
        return f"# {name}: a folder"
    if name == "../mkdocs.yml":  # the site's settings: short, and the point of the example
        return f"# mkdocs.yml, beside the trees folder:\n{text.rstrip()}"
    base = _translation_base(name)
    if base is not None:
        return f"# {name}: {base[1]}" if text == base[0] else f"# {name}, changed:\n{_diff(base[0], text)}"
    if text != VALID and name.startswith("es/"):
        return f"# {name}:\n{text.rstrip()}"  # a file that is not a translation, in a language folder
    tree = name.endswith(".yaml") and "/" not in name and name not in ("causes.yaml", "sources.yaml")
    if tree and text != VALID and len(text) <= 5_000 and text.startswith(VALID[:40]):
        return f"# {name}, changed:\n{_diff(VALID, text)}"
    return f"# {name}: a valid tree"


def _indent(text: str) -> str:
    return "\n".join(f"    {line}" if line else "" for line in text.splitlines())
