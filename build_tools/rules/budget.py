"""Work bounded by the size of the input: limits that keep `check`, the build and the diff fast on any tree.

Tree text is hostile input, and so is its shape. Each limit here is far above what a real tree needs (the
largest real one has 17 nodes, a 20-line body and no heading in its text) and is reported before the work
it bounds is done: a field over budget never reaches the Markdown converter, a file with too many nodes is
not modelled. None of them can be silenced by a `# check: ignore[...]` comment in a tree (settings.py).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..text.safety import over_budget
from .examples import VALID, broken
from .files import READING
from .paths import cycles, longest
from .registry import Finding, Scope, builtin, rule

if TYPE_CHECKING:
    from ..core.model import Text, Tree
    from ..core.project import Project

GROUP = "Size"
# Nodes on one path, questions, steps and the resolution alike. A page lists at most the last few answers
# of its trail (generator.MAX_TRAIL), so this bounds the work per path, not what a page shows.
MAX_PATH_NODES = 60
MAX_NODES = 300  # nodes in one file: pages, and the work to lay out its map, grow with it


@rule(
    "text-budget",
    Scope.TEXT,
    doc="A text has more lines or more headings than any help text needs (at most 200 lines and 20 "
    "headings in one text).",
    fix="Long texts are hard to follow on a phone, and every heading costs the site's Markdown converter "
    "a pass over the text, so these limits keep the check and the build fast whatever a tree holds. Split "
    "the text into steps, or use a list instead of headings.",
    passing=VALID,
    failing=broken("body: It was a bug in the app.", "body: |\n      " + "\n      ".join(["# H"] * 21)),
    at=(44, 7),  # the 21st heading
    group=GROUP,
)
def text_budget(text: Text) -> Iterator[tuple[int, str]]:
    found = over_budget(text.value)
    if found is not None:
        yield found


def _chain(steps: int) -> str:
    """`steps` steps in a row from `start`, the last one leading into the valid tree."""
    return "".join(
        f"  s{i}:\n    step: Step {i}\n    body: Do {i}.\n    general: true\n"
        f"    fixed: fixed-now\n    not_fixed: {f's{i + 1}' if i < steps else 'what-happens'}\n"
        for i in range(1, steps + 1)
    )


@rule(
    "long-path",
    Scope.TREE,
    doc=f"A path from the start passes more than {MAX_PATH_NODES} nodes (questions, steps and the answer "
    "all count), which no site setting or ignore comment allows.",
    fix="Unlike `deep-path`, which counts a visitor's clicks against the site's promise and which a site "
    "may relax, this is the bound that keeps the work of building a page, its trail and the review diff "
    "in proportion to the tree. A path this long is a list of steps, not a decision tree: split it into "
    "trees linked with `tree-id` targets, or ask a question that skips most of it.",
    passing=VALID,
    failing=broken("start: what-happens\nnodes:\n", "start: s1\nnodes:\n" + _chain(MAX_PATH_NODES)),
    at=(5, 8),
    group=GROUP,
)
def long_path(project: Project, tree: Tree) -> Iterator[Finding]:
    start = project.start(tree)
    if start is None or project.fact(cycles):
        return  # on a loop the count is endless; the cycle rule says so
    nodes = project.fact(longest).get(start, 0) + 1
    if nodes > MAX_PATH_NODES:
        yield Finding(
            tree.start_pos, f"a path from the start passes {nodes} nodes (at most {MAX_PATH_NODES})"
        )


builtin(
    "too-many-nodes",
    doc=f"A tree file has more than {MAX_NODES} nodes.",
    fix="A tree that big can't be reviewed or followed; it is refused before anything else is checked, "
    "so the check stays fast. Split it into trees linked with `tree-id` targets.",
    passing=VALID,
    failing=VALID
    + "".join(f"  n{i}:\n    resolution: R\n    outcome: fixed\n" for i in range(MAX_NODES - 2)),
    at=(VALID.count("\n") + 3 * (MAX_NODES - 3) + 1, 3),  # the first node over the limit
    group=READING,
)
