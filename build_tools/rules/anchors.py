"""Anchors on the generated pages: ids that tree text gives its headings must not take the page's own."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..text import sanitize
from ..text.safety import HEADING_FIELDS, MAX_COSTLY, over_budget
from .examples import CAUSES, VALID, broken
from .markup import link_targets
from .registry import Finding, Scope, rule

if TYPE_CHECKING:
    from ..core.model import Text, Tree
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


_ID = re.compile(r'\bid="([^"]*)"')


def _page_ids(texts: list[Text]) -> set[str]:
    """The ids the texts of one page get, converted as the site converts them (titles as headings)."""
    ids: set[str] = set()
    for text in texts:
        if over_budget(text.value) is not None or text.value.count("[") > MAX_COSTLY:
            continue  # refused by its own rule, never converted
        markdown = f"# {text.value}" if text.field in HEADING_FIELDS else text.value
        ids.update(_ID.findall(sanitize.render(markdown)[0]))
    return ids


@rule(
    "missing-anchor",
    Scope.TREE,
    doc="A link to a place on the same page (`[see](#anchor)`) names an id that no heading of that page has.",
    fix="The strict build checks every link to an anchor, so the site would not build. Headings get an id "
    "from their words (`## Turn it off` is `#turn-it-off`): link to one of the page's own headings, or "
    "drop the link.",
    passing=broken(
        "body: It was a bug in the app.", 'body: "## Why\\n\\nSee [why](#why). It was a bug in the app."'
    ),
    failing=broken("body: It was a bug in the app.", "body: See [why](#why). It was a bug in the app."),
    at=(23, 19),
    group=GROUP,
)
def missing_anchor(project: Project, tree: Tree) -> Iterator[Finding]:
    for node in tree.nodes.values():
        texts = [*node.texts]
        anchors = [(t, at, url[1:]) for t in texts for at, url in link_targets(t.value) if url[:1] == "#"]
        if not anchors:
            continue
        ids = _page_ids(texts)
        for text, at, anchor in anchors:
            if anchor and anchor not in ids:
                yield Finding(text.pos_at(at), f"no heading on this page has the id {anchor!r}")
