"""Anchors on the generated pages: ids that tree text gives its headings must not take the page's own."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from .examples import CAUSES, VALID
from .registry import Finding, Scope, rule

if TYPE_CHECKING:
    from ..core.project import Project

GROUP = "Links and causes"
# `{: #id }` (an attribute list) and `id="..."` (raw HTML): ids written by hand. Headings without one get
# an id from their words, which the converter keeps apart from every id already on the page.
_ATTR_LIST = re.compile(r"\{[^{}\n]*\}")
_ID_IN_LIST = re.compile(r"#([\w-]+)")
_RAW_ID = re.compile(r"""\bid[ \t]*=[ \t]*["']?([\w-]+)""", re.IGNORECASE)


def explicit_ids(text: str) -> Iterator[str]:
    """Ids written by hand in Markdown text, in one pass each."""
    for block in _ATTR_LIST.finditer(text):
        yield from _ID_IN_LIST.findall(block.group())
    yield from _RAW_ID.findall(text)


@rule(
    "duplicate-anchor",
    Scope.PROJECT,
    doc="A cause's explanation gives a heading an id that is another cause's anchor on the causes page, "
    "or one that another explanation uses too.",
    fix="The causes page links to each cause by its id (`/causes/#cause-id`); a second element with that "
    "id takes the link, and the strict build stops on the duplicate. Drop the `{: #...}` from the "
    "heading (it gets an id from its words) or pick an id no cause has.",
    passing=VALID,
    failing={
        "t.yaml": VALID,
        "causes.yaml": CAUSES.replace(
            "explanation: The app has a bug.", 'explanation: "## Details {: #app-bug }"'
        ),
    },
    at=(2, 3),
    group=GROUP,
)
def duplicate_anchor(project: Project) -> Iterator[Finding]:
    if project.causes_broken or project.causes_path is None:
        return
    taken = set(project.causes)
    seen: dict[str, str] = {}
    for cause in project.causes.values():
        for anchor in dict.fromkeys(explicit_ids(cause.explanation)):
            if anchor in taken:
                message = (
                    f"the explanation of {cause.id!r} uses the id {anchor!r}, the anchor of cause {anchor!r}"
                )
            elif anchor in seen:
                message = f"the explanation of {cause.id!r} uses the id {anchor!r}, as {seen[anchor]!r} does"
            else:
                seen[anchor] = cause.id
                continue
            yield Finding(cause.pos, message, project.causes_path)
