"""`python -m build_tools new <tree-id>`: start a new tree from a small example that already passes `check`.

The example is a template file (render/templates/new_tree.yaml.j2), not a dumped mapping, so it keeps the
comments that tell a contributor what to change.
"""

from __future__ import annotations

import json
from pathlib import Path

import jinja2

from .core.ids import CAUSES_FILE, MAX_LENGTH, RESERVED_IDS, SLUG
from .core.loader import LocDict, load_file
from .render import urls
from .render.pages import environment


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


def render_tree(tree_id: str, cause_id: str) -> str:
    """The YAML text of a small, valid tree (templates/new_tree.yaml.j2): a question with two answers, a
    step and three resolutions, with the comments that tell a contributor what to change."""
    return _template("new_tree.yaml.j2").render(
        title=json.dumps(title_from_id(tree_id)),
        tree_url=urls.tree_url(tree_id),
        causes_file=CAUSES_FILE,
        cause_id=cause_id,
    )


def render_journeys(tree_id: str) -> str:
    """The tree's first journeys (templates/new_journeys.yaml.j2): one to each resolution of the example,
    for the contributor to retell."""
    return _template("new_journeys.yaml.j2").render(tree_id=tree_id)


def _template(name: str) -> jinja2.Template:
    return environment(()).get_template(name)


def journeys_path(tree_id: str, trees_dir: Path, journeys_dir: Path | None = None) -> Path:
    """Where a tree's journeys go: the journeys folder (default tests/journeys beside the trees folder)."""
    return (journeys_dir or trees_dir.parent / "tests" / "journeys") / f"{tree_id}.yaml"


def new_tree(tree_id: str, trees_dir: Path, journeys_dir: Path | None = None) -> Path:
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
    text = render_tree(tree_id, cause_id)
    try:
        with path.open("x", encoding="utf-8") as out:
            out.write(text)
    except FileExistsError as exc:  # created between the check above and now
        raise ScaffoldError(f"{path} already exists; pick another id or edit that file") from exc
    journeys.parent.mkdir(parents=True, exist_ok=True)
    with journeys.open("x", encoding="utf-8") as out:
        out.write(render_journeys(tree_id))
    return path
