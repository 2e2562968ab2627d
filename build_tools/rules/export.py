"""Codes that `render` reports (the export for builders without the plugin: export/markdown.py).

`render` runs `check` first, so every other code can stop it too; these three are its own.
"""

from __future__ import annotations

from .examples import VALID
from .registry import builtin

GROUP = "Export (render)"
SITE = "site_name: S\nplugins:\n  - decision-trees\n"
SITE_FILES = {"t.yaml": VALID, "../mkdocs.yml": SITE, "../docs/about.md": "# About\n"}

builtin(
    "export-config",
    doc="`render` can't read `mkdocs.yml`, or the file has no `decision-trees` plugin with valid options.",
    fix="`render` writes what the plugin would add, so it needs the plugin's options: list "
    "`decision-trees` under `plugins:`, and fix the option the message names.",
    passing=SITE_FILES,
    failing={**SITE_FILES, "../mkdocs.yml": "site_name: S\nplugins:\n  - search\n"},
    at=(1, 1),
    group=GROUP,
    command="render",
)
builtin(
    "export-clash",
    doc="A file in `docs/` has the name of a page `render` writes.",
    fix="The generated page would replace it. Rename or remove the file in `docs/`.",
    passing=SITE_FILES,
    failing={**SITE_FILES, "../docs/faq.md": "# My FAQ\n"},
    at=(1, 1),
    group=GROUP,
    command="render",
)
builtin(
    "export-out",
    doc="`render`'s output folder is the site's own folder, or a folder `render` did not write.",
    fix="`render` deletes and rewrites its output folder, so it refuses any other: give it a new or empty "
    "folder, such as `build/export`.",
    passing=SITE_FILES,
    failing={**SITE_FILES, "../out/notes.txt": "mine\n"},  # the example tests render into out/
    at=(1, 1),
    group=GROUP,
    command="render",
)
