"""Sources: every step and resolution rests on a cited source or says it is general know-how, and every
quotation in a tree is a text some source quotes word for word.

These rules apply to projects that keep a `sources.yaml` beside their trees; without one there is nothing
to cite (small test projects, a site just starting). A site that publishes facts about someone else's
product should keep one.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..core.model import Kind, Text
from ..core.problems import Level
from ..core.sources import (
    SOURCES_FILE,
    normalize_quote,
    own_quotes,
    parse_date,
    quotations,
    shows_quote,
)
from .examples import CAUSES, broken
from .registry import Finding, Scope, rule

if TYPE_CHECKING:
    from ..core.model import Tree
    from ..core.project import Project

GROUP = "Sources"

SOURCES = """\
sources:
  maker-help:
    title: Fixing the app when it closes
    publisher: The app's makers
    url: https://example.org/help/app-closes
    published: "2025-03-01"
    kind: official
    quotes:
      - "Something went wrong. Try again."
"""
# VALID without the old `reviewed` date, with the step marked as general know-how and the resolution
# citing the makers' help page and quoting it (a source's quote must be shown by a page that cites it).
REVIEWED = 'reviewed: "2026-01-01"\n'
CITED = (
    broken("    not_fixed: fixed-now\n", "    not_fixed: fixed-now\n    general: true\n")
    .replace(
        "    body: It was a bug in the app.\n",
        '    body: The app said "Something went wrong". It was a bug in the app.\n'
        "    sources: [maker-help]\n",
    )
    .replace(REVIEWED, "")
)
# The same quotation on the question, which cites nothing: not its own source.
QUOTED_ELSEWHERE = CITED.replace(
    "      - answer: It shows an error\n",
    '      - answer: It says "Something went wrong"\n',
)
UNSHOWN = CITED.replace('The app said "Something went wrong". ', "")


def _cited(files: str) -> dict[str, str | None]:
    return {"t.yaml": files, SOURCES_FILE: SOURCES}


@rule(
    "uncited",
    Scope.TREE,
    doc="A step or resolution names no `sources:` and is not marked `general: true`.",
    fix="Add the ids of the sources its facts come from (`sources: [id]`, from `trees/sources.yaml`). If it "
    "is only general phone or network know-how (restart, Wi-Fi, app store updates), write `general: true`: "
    "the page then says so. Facts without a source don't belong on the site.",
    passing=_cited(CITED),
    failing=_cited(CITED.replace("    general: true\n", "")),
    at=(13, 3),
    group=GROUP,
)
def uncited(project: Project, tree: Tree) -> Iterator[Finding]:
    if project.sources is None:
        return
    for node in tree.nodes.values():
        if node.kind is not Kind.QUESTION and not node.sources and not node.general:
            yield Finding(
                node.pos,
                f"{node.kind.value} {node.id!r} cites no sources: add `sources: [id, ...]`, "
                "or `general: true` if it is general know-how",
            )


HELPED = CITED.replace(
    "    question: What happens when you open it?\n",
    "    question: What happens when you open it?\n    help: The makers say it can close at once.\n",
)


@rule(
    "uncited-help",
    Scope.TREE,
    doc="A question has `help:` text but names no `sources:` and is not marked `general: true`.",
    fix="A question's help text often states facts (\"If the button says **Friends**, you follow each "
    'other"). Cite where they come from (`sources: [id]`), as steps do; the question page then lists '
    "them. If the help is only general know-how or a hint on how to answer, write `general: true`.",
    passing=_cited(HELPED.replace("    help: The makers", "    sources: [maker-help]\n    help: The makers")),
    failing=_cited(HELPED),
    at=(6, 3),
    group=GROUP,
)
def uncited_help(project: Project, tree: Tree) -> Iterator[Finding]:
    if project.sources is None:
        return
    for node in tree.nodes.values():
        if node.kind is Kind.QUESTION and node.body.strip() and not node.sources and not node.general:
            yield Finding(
                node.pos,
                f"question {node.id!r} has help text but cites no sources: add `sources: [id, ...]`, "
                "or `general: true` if it is general know-how",
            )


@rule(
    "unknown-source",
    Scope.TREE,
    doc="A `sources:` list names an id that is not in `trees/sources.yaml`.",
    fix="Fix the spelling, or add the source to `trees/sources.yaml` with its title, publisher, address "
    "and date.",
    passing=_cited(CITED),
    failing=_cited(CITED.replace("sources: [maker-help]", "sources: [maker-hepl]")),
    at=(24, 15),
    group=GROUP,
)
def unknown_source(project: Project, tree: Tree) -> Iterator[Finding]:
    if project.sources_broken:
        return  # sources.yaml has its own problems; every id would look unknown
    known = project.sources or {}
    for node in tree.nodes.values():
        for sid, pos in node.sources:
            if sid not in known:
                yield Finding(pos, f"source {sid!r} is not in {SOURCES_FILE}")


@rule(
    "unused-source",
    Scope.PROJECT,
    at=(2, 3),
    level=Level.WARNING,
    doc="A source in `trees/sources.yaml` is cited by no node.",
    fix="Cite it where its facts are used, or delete it. A quote kept only for a symptom still needs its "
    "source cited on the page that explains that text.",
    passing=_cited(CITED),
    failing=_cited(CITED.replace("    sources: [maker-help]\n", "    general: true\n")),
    group=GROUP,
)
def unused_source(project: Project) -> Iterator[Finding]:
    if not project.sources or project.sources_path is None:
        return
    used = {sid for tree in project.trees.values() for node in tree.nodes.values() for sid, _ in node.sources}
    for source in project.sources.values():
        if source.id not in used:
            yield Finding(source.pos, f"source {source.id!r} is not cited anywhere", project.sources_path)


@rule(
    "unsourced-quote",
    Scope.TREE,
    doc="Text in double quotation marks is not among the `quotes:` of the sources its own page cites.",
    fix='In a tree, double quotation marks (`"…"` or `“…”`) mean "these are the exact words you will see '
    'on screen", in every field: titles, symptoms, answers, help, bodies, platform tabs and FAQ. Only texts '
    "that a source in `trees/sources.yaml` quotes word for word may be quoted (a quotation may be a part "
    "of a source's quote; case, curly apostrophes and line breaks don't matter), and the page that shows "
    "the quotation must cite that source: a node its own `sources:`, an FAQ entry the node it links to, "
    "and the tree's title, summary and symptoms some node of the tree (the home page links a quoted symptom "
    "to that node). Otherwise say what the message means in your own words, without quotation marks. Write "
    "menu and button names in **bold**, and search phrases without quotes.",
    passing=_cited(CITED),
    failing=_cited(QUOTED_ELSEWHERE),
    at=(11, 25),
    group=GROUP,
)
def unsourced_quote(project: Project, tree: Tree) -> Iterator[Finding]:
    if project.sources is None or project.sources_broken:
        return
    sources = project.sources
    own = {node.id: own_quotes(node, sources) for node in tree.nodes.values()}
    anywhere = [q for quotes in own.values() for q in quotes]
    checks: list[tuple[Text, list[str], str]] = []
    for node in tree.nodes.values():
        checks += [(text, own[node.id], f"{node.kind.value} {node.id!r}") for text in node.texts]
    faq_texts = iter(t for t in tree.texts if t.field.startswith("faq."))
    for entry in tree.faq:
        key = project.target(tree.id, entry.link)
        quotes = own_quotes(project.node(key), sources) if key else []
        where = f"the node {entry.link.target!r} this FAQ entry links to"
        checks += [(next(faq_texts), quotes, where), (next(faq_texts), quotes, where)]
    checks += [(t, anywhere, "any node of this tree") for t in tree.texts if not t.field.startswith("faq.")]
    for text, quotes, where in checks:
        for offset, inner in quotations(text.value):
            if inner is None:
                message = "quotation mark is not closed in this paragraph"
            else:
                words = normalize_quote(inner)
                if not words or any(words in quote for quote in quotes):
                    continue
                message = (
                    f"{_short(inner)!r} is in quotation marks but no source cited by {where} quotes it; "
                    "cite the source that quotes it there, or say it in your own words without quotes"
                )
            yield Finding(text.pos_at(offset), message)


@rule(
    "quote-in-cause",
    Scope.PROJECT,
    at=(4, 45),  # in causes.yaml: the opening quotation mark
    doc="A cause's title or explanation has text in quotation marks.",
    fix="Causes cite no sources, so they can't quote what the screen says: a quotation belongs on the page "
    "that explains it, which cites the source that quotes it. Say what the message means in your own "
    "words here, without quotation marks.",
    passing=_cited(CITED),
    failing={
        "t.yaml": CITED,
        SOURCES_FILE: SOURCES,
        "causes.yaml": CAUSES.replace(
            "explanation: The app has a bug.",
            'explanation: The app has a bug. It says "Something went wrong".',
        ),
    },
    group=GROUP,
)
def quote_in_cause(project: Project) -> Iterator[Finding]:
    if project.sources is None or project.causes_path is None:
        return  # without sources.yaml no quotation is checked anywhere
    for cause in project.causes.values():
        for text in cause.texts:
            for offset, _ in quotations(text.value):
                message = (
                    f"cause {cause.id!r} quotes the screen, but causes cite no sources: say it without quotes"
                )
                yield Finding(text.pos_at(offset), message, project.causes_path)


@rule(
    "quote-not-shown",
    Scope.PROJECT,
    at=(9, 10),  # in sources.yaml: the quote's first character
    doc="A quote in `trees/sources.yaml` is shown by no page that cites its source.",
    fix="Every quote is listed on the page of on-screen texts, and each entry links to the pages that "
    "show those words (in quotation marks, or a button's name in bold) and cite the source. Quote it on "
    "the page that explains it and cite the source there, or delete the quote.",
    passing=_cited(CITED),
    failing=_cited(UNSHOWN),
    group=GROUP,
)
def quote_not_shown(project: Project) -> Iterator[Finding]:
    if not project.sources or project.sources_path is None:
        return
    if project.broken_trees:
        return  # a tree that didn't load may be the one that shows it
    nodes = [node for tree in project.trees.values() for node in tree.nodes.values()]
    for source in project.sources.values():
        for quote, pos in zip(source.quotes, source.quote_pos, strict=False):
            if not any(shows_quote(node, source, quote) for node in nodes):
                message = f"{_short(quote)!r} ({source.id}) is shown by no page that cites {source.id!r}"
                yield Finding(pos, message, project.sources_path)


@rule(
    "reviewed-ignored",
    Scope.TREE,
    at=(2, 12),
    level=Level.WARNING,
    doc="The tree still has a `reviewed:` date, which is no longer used.",
    fix="Delete the line. A date that says someone checked every fact is a promise nobody keeps; pages "
    "now show when their tree file last changed (from git) and the date of their newest source. "
    "(Projects without a `sources.yaml` keep the old key without this warning.)",
    passing=_cited(CITED),
    failing=_cited(CITED.replace("summary:", REVIEWED + "summary:", 1)),
    group=GROUP,
)
def reviewed_ignored(project: Project, tree: Tree) -> Iterator[Finding]:
    if project.sources is not None and tree.reviewed_pos is not None:
        yield Finding(
            tree.reviewed_pos, "`reviewed` is ignored: pages show the date from git and their sources"
        )


def _short(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= 60 else flat[:57] + "..."


@rule(
    "bad-source-date",
    Scope.PROJECT,
    doc="A source's `published` date is not a real date, or is later than today.",
    fix='Write the date the source shows, as "YYYY-MM-DD", "YYYY-MM" or "YYYY", or "undated".',
    passing=_cited(CITED),
    failing={"t.yaml": CITED, SOURCES_FILE: SOURCES.replace("2025-03-01", "2025-02-30")},
    at=(6, 17),
    group=GROUP,
)
def bad_source_date(project: Project) -> Iterator[Finding]:
    if not project.sources or project.sources_path is None:
        return
    for source in project.sources.values():
        try:
            when = parse_date(source.published)
        except ValueError:
            message = f"{source.published!r} is not a real date"
            yield Finding(source.published_pos, message, project.sources_path)
            continue
        if when is not None and when > project.today:
            message = f"published date {source.published} is in the future"
            yield Finding(source.published_pos, message, project.sources_path)
