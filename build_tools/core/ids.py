"""Ids: what a tree or node id may look like, and which ids are taken by generated pages.

The schema's `$defs/slug` is the one definition (editors use it too); this module reads it from there.
"""

from __future__ import annotations

import re
from pathlib import Path

from . import page_types
from .schema import TREE_SCHEMA, load_schema

CAUSES_FILE = "causes.yaml"
# Generated pages live beside the node pages of a tree, so nodes and trees can't take their names.
RESERVED_IDS = page_types.RESERVED_IDS

_slug = load_schema(TREE_SCHEMA)["$defs"]["slug"]
SLUG = re.compile(_slug["pattern"])
MAX_LENGTH: int = _slug["maxLength"]


def is_slug(text: str) -> bool:
    return len(text) <= MAX_LENGTH and SLUG.match(text) is not None


def tree_id(file: Path) -> str:
    """A tree's id is its file name without the extension."""
    return file.stem
