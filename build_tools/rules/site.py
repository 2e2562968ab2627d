"""Codes about a site's own settings (mkdocs.yml) and the per-line ignore comments; see settings.py.

Registered here for the error-codes page and the example tests; settings.py reports them, for `check` and
for the build alike.
"""

from __future__ import annotations

from .examples import VALID, broken
from .registry import builtin

GROUP = "Site settings"
SITE = "site_name: S\nplugins:\n  - decision-trees:\n      rules:\n        deep-path: warning\n"

builtin(
    "site-config",
    doc="The `decision-trees` options in `mkdocs.yml` name a rule, a level, an outcome or a folder that "
    "does not exist.",
    fix="`rules:` maps a code from this page to `off`, `warning` or `error`; `outcome_labels:` keys are "
    "outcomes of the tree format; `journeys_dir:` is a folder relative to `mkdocs.yml`. A typo there would "
    "otherwise change nothing, quietly. For example, to keep building while a long tree is split:\n\n"
    "```yaml\nplugins:\n  - decision-trees:\n      rules:\n"
    "        deep-path: warning   # or: off, error\n```",
    passing={"t.yaml": VALID, "../mkdocs.yml": SITE},
    failing={"../mkdocs.yml": SITE.replace("deep-path: warning", "deep-paths: warning")},
    at=(5, 9),
    group=GROUP,
)
builtin(
    "bad-ignore",
    doc="A `# check: ignore[code]` comment names no code, a code that no rule has, or a check that a tree "
    "can't silence.",
    fix="The comment silences the codes it names on its own line only, so a wrong code silences nothing: "
    "copy the code from the problem's line (`error[code]`). `stats` lists every ignore comment. The checks "
    "that keep the site safe and fast (`unsafe-markup`, `hidden-character`, `relative-link`, `not-a-file`, "
    "`file-too-large`, `too-many-nodes`, `text-budget`, `long-path`) can't be ignored from a tree file.",
    passing=broken("next: restart", "next: restart  # check: ignore[unreachable]"),
    failing=broken("next: restart", "next: restart  # check: ignore[unreachable-node]"),
    at=(11, 24),
    group=GROUP,
)
