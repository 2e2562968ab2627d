"""Codes the loading stages report themselves: reading files, YAML, structure, file names.

They are registered here for the error-codes page and the example tests; the checks live in loader.py,
schema.py and load.py, which are the only places that see raw files.
"""

from __future__ import annotations

from ..core.problems import Level
from .examples import VALID, broken
from .registry import builtin

READING = "Reading the file"
STRUCTURE = "Structure"

builtin(
    "unreadable",
    doc="The file or folder does not exist, or it cannot be read.",
    fix="Check the path you passed to `check`, and the file's permissions.",
    passing=VALID,
    failing={"t.yaml": VALID, "gone.yaml": None},
    at=(1, 1),
    group=READING,
)
builtin(
    "not-a-file",
    doc="An entry with a tree's name (`.yaml`, `.yml`) in the trees folder is a symbolic link or a folder, "
    "not a regular file.",
    fix="A link would publish whatever it points at, outside the repository too, and `diff` could not show "
    "it to a reviewer. Copy the tree into the trees folder as a file of its own, or rename the folder.",
    passing=VALID,
    failing={"t.yaml": VALID, "old.yaml/": ""},  # a name ending in / is written as a folder
    at=(1, 1),
    group=READING,
)
builtin(
    "file-too-large",
    doc="The file is bigger than 1,000,000 bytes.",
    fix="No real tree is that big: split it into two trees and link them with `tree-id` or "
    "`tree-id/node-id` targets.",
    passing=VALID,
    failing=VALID + "# " + "x" * 1_000_000 + "\n",
    at=(1, 1),
    group=READING,
)
builtin(
    "not-utf8",
    doc="The file is not saved as UTF-8.",
    fix="Save it as UTF-8 in your editor (in VS Code: click the encoding in the status bar, then "
    '"Save with Encoding").',
    passing=VALID,
    failing=broken("It closes", "It closes \udce9"),  # a lone byte 0xE9 (Latin-1 "é") when written out
    at=(2, 20),
    group=READING,
)
builtin(
    "empty-file",
    doc="The file has no content.",
    fix="Add the tree, or delete the file.",
    passing=VALID,
    failing="# nothing here yet\n",
    at=(1, 1),
    group=READING,
)
builtin(
    "yaml-syntax",
    doc="The file is not valid YAML, so nothing else could be checked.",
    fix="The position points at where the parser gave up; the mistake is often on the line before. Usual "
    "causes: a tab instead of spaces, a missing space after `:`, wrong indentation, or text with `: ` or "
    "a leading quote mark that needs quotes (see [YAML tips](tree-format.md#yaml-tips)).",
    passing=VALID,
    failing=broken("summary: It closes", "summary: [It closes"),
    at=(3, 9),
    group=READING,
)
builtin(
    "yaml-alias",
    doc="The file uses an anchor and alias (`&name`, `*name`) or a merge key (`<<`).",
    fix="Write the value out in full each time. This keeps every page readable on its own and keeps the "
    "loader safe.",
    passing=VALID,
    failing=broken("symptoms: [App closes at once]", "symptoms: &s [App closes at once]\nalso: *s"),
    at=(5, 7),
    group=READING,
)
builtin(
    "yaml-key",
    doc="A key is a list or a mapping instead of plain text.",
    fix="Write keys as plain words, such as `title:`.",
    passing=VALID,
    failing=VALID + "? [a, b]\n: c\n",
    at=(24, 3),
    group=READING,
)
builtin(
    "yaml-value",
    doc="A value cannot be read, for example an invalid number or an unsupported YAML tag.",
    fix="Put the text in quotes.",
    passing=VALID,
    failing=broken("summary: It closes as soon as you open it.", "summary: !!int soon"),
    at=(2, 10),
    group=READING,
)
builtin(
    "too-deep",
    doc="Values are nested more than 40 levels deep.",
    fix="Trees are never that deep: look for stray `[` or `{`, or broken indentation.",
    passing=VALID,
    failing=VALID + "extra: " + "[" * 41 + "]" * 41 + "\n",
    at=(24, 48),
    group=READING,
)
builtin(
    "duplicate-key",
    doc="The same key appears twice in one mapping; YAML would silently keep only the last one.",
    fix="Delete or rename one of them; the message says where the first one is.",
    passing=VALID,
    failing=broken("summary:", "title: Again\nsummary:"),
    at=(2, 1),
    group=READING,
)
builtin(
    "duplicate-node",
    doc="Two nodes under `nodes:` have the same id.",
    fix="Rename one of them (and the links that should lead to it).",
    passing=VALID,
    failing=VALID
    + "  restart:\n    step: Again\n    body: Again.\n    fixed: fixed-now\n    not_fixed: fixed-now\n",
    at=(24, 3),
    group=READING,
)
builtin(
    "schema",
    doc="The file does not match the tree format (`build_tools/schema/tree.schema.json`), or a translation "
    "does not match the translation format (`translation.schema.json`, `translation-causes.schema.json`).",
    fix="The message names the problem: a required key is missing; an unknown key (often a typo, such as "
    "`not-fixed` for `not_fixed`: the message lists the allowed keys); a node with none, or more than one, "
    "of `question`, `step` and `resolution`; a step without `body` or `platforms`; an id or link that is "
    "not lowercase letters, digits and single hyphens; a value that must be text but is a number, "
    "`true`/`false` or a list (put it in quotes); an `outcome` that is not `fixed`, `wait`, "
    "`contact-support` or `by-design`. The [tree format](tree-format.md) explains every key. In a "
    "translation, every translated field is `{text: ..., from: ...}`, not plain text: see "
    "[translating](translating.md).",
    passing=VALID,
    failing=broken("outcome: fixed", "outcome: solved"),
    at=(21, 14),
    group=STRUCTURE,
)
builtin(
    "deprecated-key",
    doc="A resolution still uses the old key `kind`; it is now `outcome`.",
    fix="Rename `kind:` to `outcome:`, and the value `contact-tiktok` to `contact-support`. The file "
    "still loads until then.",
    passing=VALID,
    failing=broken("outcome: fixed", "kind: fixed"),
    at=(21, 5),
    level=Level.WARNING,
    group=STRUCTURE,
)
builtin(
    "bad-tree-id",
    doc="The file name is not a valid tree id.",
    fix="Rename the file to lowercase letters, digits and single hyphens (at most 60), ending in `.yaml`, "
    "for example `trees/inbox-wont-load.yaml`.",
    passing={"app-wont-open.yaml": VALID},
    failing={"App_Wont_Open.yaml": VALID},
    at=(1, 1),
    group=STRUCTURE,
)
builtin(
    "duplicate-tree",
    doc="Two files give the same tree id (such as `a.yaml` and `a.yml`), or the id is reserved.",
    fix="Rename the file. Reserved ids: `map`, `index`, `causes`, `faq`.",
    passing={"t.yaml": VALID},
    failing={"t.yaml": VALID, "t.yml": VALID},
    at=(1, 1),
    group=STRUCTURE,
)
builtin(
    "missing-causes",
    doc="There is no `causes.yaml` beside the trees.",
    fix="Resolutions must name causes from it, so restore `trees/causes.yaml`.",
    passing={"t.yaml": VALID},
    failing={"t.yaml": VALID, "causes.yaml": None},
    at=(1, 1),
    group=STRUCTURE,
)
