"""What each page of a tree shows, computed once from the project: typed views that templates only render.

The structure of the site lives here: addresses, a page's answers and back link, the trail that led there,
how far there is to go, its sources, dates and feedback link. generator.py turns a view into a page with
its template; a template's variables are the fields of its view (`context`), for a site's own templates
too.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import posixpath
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar, Protocol

from ..core import graph, locale
from ..core.model import OUTCOMES, Kind, Node, Tree, outcome_labels
from ..core.model import Link as TreeLink
from ..core.page_types import CAUSES
from ..core.project import Key, Project
from ..core.translations import SOURCE_LANGUAGE
from ..text import trusted
from . import trust, urls
from .localize import CAUSES_FILE, Notes, Parts
from .mermaid import tree_to_mermaid
from .pages import Options, plain_text
from .svgmap import MapNode, natural_width, render_svg

MAX_TRAIL = 10  # answers a page lists under "Your answers so far"; earlier ones are summed up in one line


class View(Protocol):
    """Every page's view: a frozen dataclass, with the notes a translated page shows about its own text."""

    __dataclass_fields__: ClassVar[dict[str, dataclasses.Field[Any]]]

    @property
    def language_notes(self) -> tuple[str, ...]: ...


def context(view: View) -> dict[str, object]:
    """A view's fields by name: the variables of its template."""
    return {f.name: getattr(view, f.name) for f in dataclasses.fields(view)}


# -- the parts of a node page -------------------------------------------------------------------------
@dataclass(frozen=True)
class Answer:
    label: str
    href: str
    fallback: bool  # the way out ("None of these"): listed last, styled apart
    lang: str | None = None  # "en" where a translated page shows the label in English, else None
    # The label as the button shows it: in parts, a translated label's English quotes marked "en"
    # (`Notes.label_parts`); `label` stays the plain text for every other use.
    parts: Parts = ()


@dataclass(frozen=True)
class TrailStep:
    """One earlier question and the answer given, with a link back to change it."""

    question: str
    answer: str
    href: str
    question_lang: str | None = None  # "en" where a translated page shows the text in English
    answer_lang: str | None = None


@dataclass(frozen=True)
class BackLink:
    href: str
    label: str  # the title of the page it goes back to
    lang: str | None = None  # "en" where a translated page shows the title in English


@dataclass(frozen=True)
class SourceEntry:
    title: str
    publisher: str
    url: str
    date: str  # as people read it: "2 Feb 2023"
    kind: str


@dataclass(frozen=True)
class Dates:
    """What a page must say about time, judged on the build date; "" where it says nothing. Each day is
    there twice: as people read it and as ISO (`*_iso`) for `<time datetime>`."""

    review_due: str = ""  # the review date, once it has passed
    review_due_iso: str = ""
    ended: str = ""  # a time-bound page's last day, once it has passed
    ended_iso: str = ""
    starts: str = ""  # its first day, while that is ahead
    starts_iso: str = ""
    valid_from: str = ""  # the span it is about, whenever the tree gives it
    valid_from_iso: str = ""
    valid_until: str = ""
    valid_until_iso: str = ""


@dataclass(frozen=True)
class Link:
    label: str
    href: str
    lang: str | None = None  # "en" where a translated page shows the label in English


@dataclass(frozen=True)
class TitledLink:
    """A link to a page by its title: a cause on the causes page, the on-screen texts page."""

    title: str
    href: str
    lang: str | None = None  # "en" where a translated page shows the title in English


@dataclass(frozen=True)
class NodeView:
    """A question's or a step's page (`question.md.j2`, `step.md.j2` and the `_*.html.j2` they include)."""

    tree: Tree
    node: Node
    kind: str  # question, step or resolution
    # On a translated page, "en" for each text shown in English (a missing or stale translation), so it is
    # marked as English for screen readers; None where the page shows the translation, and on English pages.
    title_lang: str | None
    body_lang: str | None
    tree_title_lang: str | None
    description: str  # for search engines: the start of the page's text, else the tree's summary
    answers: tuple[Answer, ...]
    platforms: tuple[tuple[str, str, str | None], ...]  # (platform label, its instructions, their lang)
    # The answers that led here when only one path does (() on the first page); None when only the
    # browser knows the way here (the page's script fills it in).
    trail: tuple[TrailStep, ...] | None
    trail_earlier: bool  # the trail starts after MAX_TRAIL answers: earlier ones are left out
    back: BackLink | None  # where the one page that leads here is, if only one does
    start_href: str
    is_start: bool
    map_href: str
    remaining: int  # the most answers still to tap, this page's own included (the progress line)
    dates: Dates
    sources: tuple[SourceEntry, ...]
    general: bool  # the page (or part of it) is general know-how, not taken from a source
    updated: str  # when the tree last changed, as people read it ("" when unknown)
    updated_iso: str
    newest_source: str  # the newest source's date, as people read it
    feedback_href: str  # "This didn't help": the issue form, filled in; "" when the site has no repository
    language_notes: tuple[str, ...]  # on a translated page: some text is still English, not yet reviewed


@dataclass(frozen=True)
class ResolutionView(NodeView):
    """A resolution's page (`resolution.md.j2`): what a node page shows, and where the path ends."""

    outcome: str
    outcome_label: str
    causes: tuple[TitledLink, ...]  # the causes it deals with, each linked on the causes page
    still_stuck: tuple[Link, ...]  # other pages to try
    support_html: trusted.Trusted  # the site's support line (text/trusted.py), "" when it has none


@dataclass(frozen=True)
class MapItem:
    title: str
    href: str
    outcome: str  # a resolution's outcome ("" on questions and steps)
    lang: str | None = None  # "en" where a translated page shows the title in English


@dataclass(frozen=True)
class MapSections:
    """The map's lists of links, one per kind of node, in the tree's order."""

    question: tuple[MapItem, ...]
    step: tuple[MapItem, ...]
    resolution: tuple[MapItem, ...]


@dataclass(frozen=True)
class MapView:
    """A tree's map: `map.md.j2` (heading, introduction) and `_map.html.j2` (the drawing, the lists)."""

    tree: Tree
    stats: graph.PathStats
    start_href: str  # a Markdown link to the tree's first page, by source path
    svg: trusted.Trusted  # the drawing (text/trusted.py: render_svg escapes what it writes)
    map_width: int  # the drawing's natural width in pixels
    sections: MapSections
    outcome_labels: Mapping[str, str]
    mermaid: str  # the same map as Mermaid text, for contributors
    language_notes: tuple[str, ...]
    # "en" where a translated page shows the tree's title in English: map.md.j2 marks it with a span in the
    # heading and an attribute list on the link.
    title_lang: str | None


@dataclass(frozen=True)
class MovedView:
    """An address the tree no longer has (`moved.md.j2`, `_moved.html.j2`): where its content went."""

    tree: Tree
    target_title: str
    href: str
    language_notes: tuple[str, ...] = ()
    target_lang: str | None = None  # "en" where a translated page shows the title in English


class Structure:
    """The views of a valid project's pages, and the addresses they link to."""

    def __init__(self, project: Project, options: Options, notes: Notes | None = None) -> None:
        """`project` in the language of `options.language` (render/localize.py makes one from the English
        project and a translation); `notes` says which of its texts fell back to English."""
        self.project = project
        self.options = options
        self.locale = locale.load(options.language)
        self.notes = notes
        own = {
            o: self.locale.texts[f"outcomes.{o}"] for o in OUTCOMES if f"outcomes.{o}" in self.locale.texts
        }
        self.outcome_labels = outcome_labels({**own, **options.plugin.outcome_labels})
        order = list(options.plugin.tree_order)
        self.trees = sorted(
            project.trees.values(),
            key=lambda t: (order.index(t.id) if t.id in order else len(order), t.title.lower()),
        )
        self._counts: dict[str, dict[Key, int]] = {}
        # Most answers still to tap from each node to a resolution, across trees (the progress line).
        self.remaining = graph.longest_to_end(project.edges)
        self.incoming: dict[Key, list[tuple[Key, str]]] = {}
        for source, edges in project.edges.items():
            for target, link in edges:
                self.incoming.setdefault(target, []).append((source, link.label))
        dates = options.tree_dates
        if dates is None:
            by_file = trust.git_dates(t.path for t in project.trees.values())
            dates = {t.id: by_file[t.path] for t in project.trees.values()}
        self.tree_dates: Mapping[str, dt.date] = dates

    # -- addresses ---------------------------------------------------------------------------------
    def src(self, key: Key) -> str:
        tree = self.project.trees[key[0]]
        return self.layout(urls.node_src(tree.id, key[1], tree.start))

    def map_src(self, tree: Tree) -> str:
        return self.layout(urls.map_src(tree.id))

    def layout(self, src: str) -> str:
        return urls.directory_src(src) if self.options.directory_sources else src

    def url(self, key: Key) -> str:
        return urls.src_to_url(self.src(key))

    def href(self, from_url: str, key: Key) -> str:
        return urls.relative(from_url, self.url(key))

    def md_href(self, from_src: str, key: Key) -> str:
        """A Markdown link by source path, so MkDocs checks it and writes the URL itself."""
        return posixpath.relpath(self.src(key), posixpath.dirname(from_src) or ".")

    def map_url(self, tree: Tree) -> str:
        return urls.src_to_url(urls.map_src(tree.id))

    # -- node pages --------------------------------------------------------------------------------
    def node(self, node: Node) -> NodeView:
        tree = self.project.trees[node.tree]
        here = self.url(node.key)
        answers = [
            Answer(
                link.label,
                self.href(here, target),
                link.fallback,
                self.answer_lang(node.key, link.label),
                self.label_parts(node.key, link.label),
            )
            for target, link in self.project.edges[node.key]
        ]
        answers.sort(key=lambda a: a.fallback)  # the way out comes last (a stable sort keeps the rest)
        trail, earlier = self._trail(node, here)
        parents = {source for source, _ in self.incoming.get(node.key, [])}
        back = None
        if len(parents) == 1:
            parent = next(iter(parents))
            back = BackLink(self.href(here, parent), self.project.node(parent).title, self.title_lang(parent))
        sources = trust.cited(node.sources, self.project.sources or {})
        newest = trust.newest(sources)
        updated = self.tree_dates.get(tree.id)
        view = NodeView(
            tree=tree,
            node=node,
            kind=node.kind.value,
            title_lang=self.title_lang(node.key),
            body_lang=self.lang(tree.id, "nodes", node.id, "help" if node.kind is Kind.QUESTION else "body"),
            tree_title_lang=self.lang(tree.id, "title"),
            description=plain_text(node.body)[:155] or tree.summary,
            answers=tuple(answers),
            platforms=tuple(
                (self.locale(f"platforms.{k}"), v, self.lang(tree.id, "nodes", node.id, "platforms", k))
                for k, v in node.platforms.items()
            ),
            trail=trail,
            trail_earlier=earlier,
            back=back,
            start_href=urls.relative(here, urls.src_to_url(self.src((tree.id, tree.start)))),
            is_start=node.id == tree.start,
            map_href=urls.relative(here, self.map_url(tree)),
            remaining=self.remaining[node.key],
            dates=self._dates(node, tree),
            sources=tuple(
                SourceEntry(s.title, s.publisher, s.url, self.locale.date(s.published), s.kind)
                for s in sources
            ),
            general=node.general,
            updated=self.locale.date(updated.isoformat()) if updated else "",
            updated_iso=updated.isoformat() if updated else "",
            newest_source=self.locale.date(newest.published) if newest else "",
            feedback_href=self._feedback(node, tree, here, trail),
            language_notes=self.language_notes([tree.id], [node.key]),
        )
        return self._resolution(view, here) if node.kind is Kind.RESOLUTION else view

    # -- the other pages of a tree -----------------------------------------------------------------
    def map(self, tree: Tree) -> MapView:
        here = self.map_url(tree)
        start: Key = (tree.id, tree.start)
        nodes: dict[str, MapNode] = {}
        edges: dict[str, list[str]] = {}
        sections: dict[str, list[MapItem]] = {"question": [], "step": [], "resolution": []}
        for node in tree.nodes.values():
            name = node.id
            nodes[name] = MapNode(name, node.title, node.kind.value, self.href(here, node.key))
            sections[node.kind.value].append(
                MapItem(node.title, self.href(here, node.key), node.outcome or "", self.title_lang(node.key))
            )
            edges[name] = []
            for target, _ in self.project.edges[node.key]:
                if target[0] == tree.id:
                    edges[name].append(target[1])
                    continue
                ext = f"{target[0]}/{target[1]}"
                label = self.project.link_title(target)
                nodes[ext] = MapNode(ext, f"→ {label}", "external", self.href(here, target))
                edges[name].append(ext)
                edges.setdefault(ext, [])
        return MapView(
            tree=tree,
            stats=graph.path_stats(
                start, self.project.edges, lambda k: self.project.node(k).kind is Kind.QUESTION
            ),
            start_href=self.md_href(self.map_src(tree), start),
            svg=trusted.svg_map(render_svg(tree.title, tree.start, nodes, edges)),
            map_width=natural_width(tree.start, edges),
            sections=MapSections(**{kind: tuple(items) for kind, items in sections.items()}),
            outcome_labels=self.outcome_labels,
            mermaid=tree_to_mermaid(self.project, tree.id),
            language_notes=self.language_notes([tree.id], [n.key for n in tree.nodes.values()]),
            title_lang=self.lang(tree.id, "title"),
        )

    def moved(self, tree: Tree, link: TreeLink) -> MovedView:
        target = self.project.target(tree.id, link)
        assert target is not None  # a valid project resolves every link
        here = urls.src_to_url(urls.node_src(tree.id, link.label, tree.start))
        return MovedView(
            tree, self.project.link_title(target), self.href(here, target), target_lang=self.link_lang(target)
        )

    def _trail(self, node: Node, here: str) -> tuple[tuple[TrailStep, ...] | None, bool]:
        """The questions and answers that led here, when only one path leads here, else None; and whether
        earlier answers were left out."""
        tree = self.project.trees[node.tree]
        start: Key = (tree.id, tree.start)
        if any(source[0] != tree.id for source, _ in self.incoming.get(node.key, [])):
            return None, False  # entered from another tree too: only the browser knows the way here
        if tree.id not in self._counts:
            self._counts[tree.id] = graph.count_paths_to(start, self.project.edges)
        counts = self._counts[tree.id]
        if counts.get(node.key) != 1:
            return None, False
        trail: list[TrailStep] = []
        key = node.key
        # The last MAX_TRAIL answers only: a page's size and the time to write it don't grow with the
        # length of the path (a chain of a thousand steps would otherwise write a million trail entries).
        while key != start and len(trail) < MAX_TRAIL:
            source, label = next((s, lab) for s, lab in self.incoming[key] if counts.get(s, 0) == 1)
            trail.append(
                TrailStep(
                    self.project.node(source).title,
                    label,
                    self.href(here, source),
                    self.title_lang(source),
                    self.answer_lang(source, label),
                )
            )
            key = source
        return tuple(trail[::-1]), key != start

    def _feedback(self, node: Node, tree: Tree, here: str, trail: tuple[TrailStep, ...] | None) -> str:
        """The "This didn't help" link (see trust.py), filled in with this page and the answers to it."""
        repository = self.options.plugin.repository
        if not repository:
            return ""
        site_url = self.options.site_url
        return trust.feedback_url(
            repository,
            tree=tree.id,
            node=node.id,
            title=node.title,
            page_url=site_url.rstrip("/") + "/" + here if site_url else here,
            answers=[(step.question, step.answer) for step in trail or ()],
            template=self.options.plugin.feedback_template,
            language=self.options.language,
        )

    def _dates(self, node: Node, tree: Tree) -> Dates:
        """`review_due` once the review date has passed; `ended` after a time-bound page's last day,
        `starts` before its first day; `valid_from` and `valid_until` whenever the node gives them."""
        today = self.project.today
        out: dict[str, str] = {}
        review = tree.review_date(node)
        if review is not None and dt.date.fromisoformat(review[0]) < today:
            out |= self._day("review_due", review[0])
        start = node.dates.get("valid_from")
        end = node.dates.get("valid_until")
        if end is not None and dt.date.fromisoformat(end[0]) < today:
            out |= self._day("ended", end[0])
        elif start is not None and dt.date.fromisoformat(start[0]) > today:
            out |= self._day("starts", start[0])
        for key, value in (("valid_from", start), ("valid_until", end)):
            if value is not None:
                out |= self._day(key, value[0])
        return Dates(**out)

    # -- the language of a text, on a translated page (render/localize.py's Notes) ----------------------
    def lang(self, file: str, *path: str | int) -> str | None:
        """ "en" where this translated page shows the text at `path` of `file` in English, else None."""
        return self.notes.lang(file, path) if self.notes else None

    def title_lang(self, key: Key) -> str | None:
        return self.lang(key[0], "nodes", key[1], self.project.node(key).kind.value)

    def link_lang(self, key: Key) -> str | None:
        """The language of `project.link_title(key)`: a tree's title for its first page, else the node's."""
        tree = self.project.trees[key[0]]
        return self.lang(tree.id, "title") if key[1] == tree.start else self.title_lang(key)

    def symptoms_lang(self, tree: str) -> str | None:
        """ "en" where a translated page lists a tree's English search phrases (its translation has none)."""
        if self.notes is None or "symptoms" not in self.notes.tree_fields.get(tree, set()):
            return None
        return SOURCE_LANGUAGE

    def answer_lang(self, node: Key, label: str) -> str | None:
        return self.notes.answer_lang(node, label) if self.notes else None

    def label_parts(self, node: Key, label: str) -> Parts:
        """An answer's label in parts, its English quotes marked on a translated page."""
        return self.notes.label_parts(node, label) if self.notes else ((label, None),)

    def text_parts(self, text: str, file: str, *path: str | int) -> Parts:
        """The one-line text at `path` of `file` in parts, its English quotes marked on a translated page."""
        return self.notes.text_parts(file, path, text) if self.notes else ((text, None),)

    def cause_lang(self, cause: str, name: str) -> str | None:
        return self.lang(CAUSES_FILE, "causes", cause, name)

    def _day(self, name: str, iso: str) -> dict[str, str]:
        return {name: self.locale.date(iso), f"{name}_iso": iso}

    def language_notes(
        self,
        trees: list[str],
        nodes: list[Key],
        tree_fields: tuple[str, ...] = ("title",),
        causes: bool = False,
    ) -> tuple[str, ...]:
        """What a translated page must say about its own text: that some of it is still in English, and
        that no native speaker has reviewed it yet. Nothing on a page in the trees' own language."""
        if self.notes is None:
            return ()
        out = []
        if self.notes.fell_back(trees, nodes, tree_fields, causes):
            out.append(self.locale("language.fell_back"))
        if not self.notes.reviewed(trees, causes):
            out.append(self.locale("language.not_reviewed"))
        return tuple(note for note in out if note)

    def _resolution(self, view: NodeView, here: str) -> ResolutionView:
        """A node's view with what a resolution adds: its outcome, causes and where else to look."""
        node, tree = view.node, view.tree
        seen: set[Key] = {node.key}
        still_stuck = []
        for link in [*node.still_stuck, *tree.related]:
            key = self.project.target(tree.id, link)
            if key is None or key in seen:
                continue
            seen.add(key)
            still_stuck.append(Link(self.project.link_title(key), self.href(here, key), self.link_lang(key)))
        causes = urls.relative(here, urls.src_to_url(CAUSES.src))  # the causes page, with an entry each
        return ResolutionView(
            **vars(view),
            outcome=node.outcome or "fixed",  # the schema requires one
            outcome_label=self.outcome_labels[node.outcome or "fixed"],
            causes=tuple(
                TitledLink(self.project.causes[c].title, f"{causes}#{c}", self.cause_lang(c, "title"))
                for c, _ in node.causes
            ),
            still_stuck=tuple(still_stuck),
            support_html=trusted.site_config_html(self.options.plugin.support_html),
        )
