"""`python -m build_tools new <tree-id>`: start a new tree from a small example that already passes `check`.

The example is text, not a dumped mapping, so it keeps the comments that tell a contributor what to change.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from .core.ids import CAUSES_FILE, MAX_LENGTH, RESERVED_IDS, SLUG
from .core.loader import LocDict, load_file
from .render import urls


class ScaffoldError(Exception):
    """The tree cannot be created; the message says why, in words a contributor can act on."""


def check_tree_id(tree_id: str) -> None:
    """Raise ScaffoldError unless `tree_id` can be a tree file name and a URL segment."""
    if not SLUG.match(tree_id):
        raise ScaffoldError(
            f"{tree_id!r} is not a valid tree id: use lowercase letters, digits and single hyphens, "
            "like 'inbox-wont-load'"
        )
    if len(tree_id) > MAX_LENGTH:
        raise ScaffoldError(f"tree id {tree_id!r} is longer than {MAX_LENGTH} characters")
    if tree_id in RESERVED_IDS:
        reserved = ", ".join(sorted(RESERVED_IDS))
        raise ScaffoldError(f"tree id {tree_id!r} is reserved for a generated page (reserved: {reserved})")


def first_cause_id(trees_dir: Path) -> str:
    """The first cause id in `trees_dir`/causes.yaml; resolutions must name at least one cause."""
    causes_file = trees_dir / CAUSES_FILE
    if not causes_file.is_file():
        raise ScaffoldError(f"{causes_file} does not exist; a new tree needs the causes list beside it")
    doc = load_file(causes_file)
    causes = doc.data.get("causes") if isinstance(doc.data, LocDict) else None
    if not doc.ok or not isinstance(causes, LocDict) or not causes:
        raise ScaffoldError(f"{causes_file} has no causes; run `python -m build_tools check` to see why")
    return str(next(iter(causes)))


def title_from_id(tree_id: str) -> str:
    words = tree_id.replace("-", " ")
    return words[:1].upper() + words[1:]


def render_tree(tree_id: str, cause_id: str, today: dt.date) -> str:
    """The YAML text of a small, valid tree: a question with two answers, a step and three resolutions.

    Long only because it is one template string, written out so a contributor reads it as it will look.
    """
    title = json.dumps(title_from_id(tree_id))
    return f"""\
# yaml-language-server: $schema=../build_tools/schema/tree.schema.json
# A new tree. Replace every text below with your own; keep the shape.
# The format, key by key: docs/contributing/tree-format.md
# Check it:   make check
# Preview it: make serve, then open http://127.0.0.1:8000/{urls.tree_url(tree_id)}

# The problem in the visitor's own words.
title: {title}
# One sentence shown under the title on the home page.
summary: Say in one short sentence what goes wrong.
# What people type into a search box, or see on screen.
symptoms:
  - words people search for when this goes wrong
# The id of the first node below.
start: what-happens

nodes:
  # A question: the visitor taps one answer, and "next" says where it leads.
  what-happens:
    question: What happens when you try?
    answers:
      - answer: It fails every time
        next: first-step
      - answer: It works again now
        next: works-now

  # A step: something to try. "fixed" must lead to a resolution.
  first-step:
    step: Try the first fix
    body: |
      1. Say what to tap, one short step at a time.
      2. Then ask the visitor to try again.
    # Where the facts come from: ids from trees/sources.yaml, e.g. sources: [some-source-id].
    # Only everyday phone or network know-how may say general: true instead.
    general: true
    fixed: fixed-by-first-step
    not_fixed: ask-support

  # A resolution: where a path ends. Causes are ids from trees/{CAUSES_FILE}.
  fixed-by-first-step:
    resolution: The first fix worked
    outcome: fixed
    causes: [{cause_id}]
    body: |
      Say what was wrong, and how to keep it from coming back.
    general: true

  works-now:
    resolution: It works again
    outcome: fixed
    causes: [{cause_id}]
    body: |
      Say what most likely went wrong, and what to do if it comes back.
    general: true

  ask-support:
    resolution: Only the service itself can fix this
    outcome: contact-support
    causes: [{cause_id}]
    body: |
      Say how to report the problem to the service, and what to put in the report.
    general: true
"""


def render_journeys(tree_id: str) -> str:
    """The tree's first journeys: one to each resolution of the example, for the contributor to retell."""
    return f"""\
# Journeys that start at the first question of trees/{tree_id}.yaml: how a person tells their situation,
# the answers they tap, in order, and the page they must reach (tree/node). See tests/journeys/README.md.
# Rewrite each situation in a real person's words, and keep one journey ending at every resolution:
# `make check` walks them through the tree (journey-answer, journey-end, unjourneyed).
journeys:
  - situation: It fails every time I try, and the first fix worked.
    answers: [It fails every time, "Yes, that fixed it"]
    end: {tree_id}/fixed-by-first-step

  - situation: It kept failing, even after I tried the first fix.
    answers: [It fails every time, "No, it still doesn't work"]
    end: {tree_id}/ask-support

  - situation: It failed this morning, but it works again now.
    answers: [It works again now]
    end: {tree_id}/works-now
"""


def journeys_path(tree_id: str, trees_dir: Path, journeys_dir: Path | None = None) -> Path:
    """Where a tree's journeys go: the journeys folder (default tests/journeys beside the trees folder)."""
    return (journeys_dir or trees_dir.parent / "tests" / "journeys") / f"{tree_id}.yaml"


def new_tree(
    tree_id: str, trees_dir: Path, today: dt.date | None = None, journeys_dir: Path | None = None
) -> Path:
    """Write `trees_dir`/<tree_id>.yaml and its first journeys, `journeys_dir`/<tree_id>.yaml (by default
    tests/journeys beside the trees folder, created if missing); return the tree's path. Never overwrites
    a file: when either exists, neither is written."""
    check_tree_id(tree_id)
    journeys = journeys_path(tree_id, trees_dir, journeys_dir)
    for existing in [trees_dir / f"{tree_id}{suffix}" for suffix in (".yaml", ".yml")] + [journeys]:
        if existing.exists():
            raise ScaffoldError(f"{existing} already exists; pick another id or edit that file")
    cause_id = first_cause_id(trees_dir)
    path = trees_dir / f"{tree_id}.yaml"
    text = render_tree(tree_id, cause_id, today or dt.date.today())
    try:
        with path.open("x", encoding="utf-8") as out:
            out.write(text)
    except FileExistsError as exc:  # created between the check above and now
        raise ScaffoldError(f"{path} already exists; pick another id or edit that file") from exc
    journeys.parent.mkdir(parents=True, exist_ok=True)
    with journeys.open("x", encoding="utf-8") as out:
        out.write(render_journeys(tree_id))
    return path
