"""Trees -> Markdown pages. Works without MkDocs: the plugin only hands these pages to MkDocs.

Every page is rendered from a Jinja template that a site can override (see `template_dirs`).
"""

from __future__ import annotations

import datetime as dt
import posixpath
import re
from collections.abc import Callable, Mapping
from typing import Any

import jinja2

from ..core import graph
from ..core.model import OUTCOMES, Kind, Link, Node, Tree, outcome_labels
from ..core.page_types import CAUSES, FAQ, HOME, SCREEN_TEXTS, SITE_PAGES, PageType
from ..core.project import Key, Project
from ..core.sources import normalize_quote, own_quotes, quotations, quoted_by, shows_quote
from ..text import trusted
from . import locale, trust, urls
from .localize import Notes
from .mermaid import tree_to_mermaid
from .pages import Options, Page, environment, plain_text
from .svgmap import MapNode, natural_width, render_svg

# The builder of each site page type, by name: `@site_page(TYPE)` on a Generator method registers it.
SiteBuilder = Callable[["Generator"], "Page | None"]
SITE_BUILDERS: dict[str, SiteBuilder] = {}


def site_page(page_type: PageType) -> Callable[[SiteBuilder], SiteBuilder]:
    def register(builder: SiteBuilder) -> SiteBuilder:
        SITE_BUILDERS[page_type.name] = builder
        return builder

    return register


# Where _node.html.j2 puts a node page's converted Markdown: the frame is cut there into the HTML before
# and after it. A NUL, which no tree text can hold (YAML's reader refuses it).
CONTENT_SLOT = "\x00dt-content\x00"
MAX_TRAIL = 10  # answers a page lists under "Your answers so far"; earlier ones are summed up in one line

__all__ = ["Generator", "Options", "Page", "generate", "plain_text"]


class Generator:
    """Renders every page of a valid project."""

    def __init__(self, project: Project, options: Options | None = None, notes: Notes | None = None) -> None:
        """`project` in the language of `options.language` (render/localize.py makes one from the English
        project and a translation); `notes` says which of its texts fell back to English."""
        if not project.ok:
            raise ValueError("the project has errors; run `python -m build_tools check`")
        self.project = project
        self.options = options or Options()
        self.locale = locale.load(self.options.language)
        self.notes = notes
        self.env = environment(self.options.template_dirs)
        self.env.globals["t"] = self.locale
        own = {
            o: self.locale.texts[f"outcomes.{o}"] for o in OUTCOMES if f"outcomes.{o}" in self.locale.texts
        }
        self.outcome_labels = outcome_labels({**own, **self.options.outcome_labels})
        order = list(self.options.tree_order)
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
        dates = self.options.tree_dates
        if dates is None:
            by_file = trust.git_dates(t.path for t in project.trees.values())
            dates = {t.id: by_file[t.path] for t in project.trees.values()}
        self.tree_dates: Mapping[str, dt.date] = dates
        self._screen_texts: list[dict[str, Any]] | None = None
        self._site_pages: list[Page] | None = None

    # -- addresses ---------------------------------------------------------------------------
    def src(self, key: Key) -> str:
        tree = self.project.trees[key[0]]
        return self._layout(urls.node_src(tree.id, key[1], tree.start))

    def map_src(self, tree: Tree) -> str:
        return self._layout(urls.map_src(tree.id))

    def _layout(self, src: str) -> str:
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

    # -- pages -------------------------------------------------------------------------------
    def pages(self) -> list[Page]:
        out = self.site_pages()
        for tree in self.trees:
            for node in tree.nodes.values():
                content, before, after = self.node_page(node)
                out.append(Page(self.src(node.key), content, before, after))
            out.append(self.map_page(tree))
            out += [self.moved_page(tree, link) for link in tree.moved]
        return out

    def site_pages(self) -> list[Page]:
        """The pages of the site's own page types (core/page_types.py), each from its registered builder."""
        if self._site_pages is None:
            built = (SITE_BUILDERS[t.name](self) for t in SITE_PAGES)
            self._site_pages = [page for page in built if page is not None]
        return self._site_pages

    def moved_page(self, tree: Tree, link: Link) -> Page:
        """An old address of this tree: where its content went, so shared links keep working."""
        src = self._layout(urls.node_src(tree.id, link.label, tree.start))
        target = self.project.target(tree.id, link)
        assert target is not None  # a valid project resolves every link
        context = {
            "tree": tree,
            "target_title": self.project.link_title(target),
            "href": self.href(urls.src_to_url(urls.node_src(tree.id, link.label, tree.start)), target),
        }
        content = self.env.get_template("moved.md.j2").render(context)
        return Page(src, content, after=self.env.get_template("_moved.html.j2").render(context))

    def _trail(self, node: Node, here: str) -> tuple[list[dict[str, str]] | None, bool]:
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
        trail: list[dict[str, str]] = []
        key = node.key
        # The last MAX_TRAIL answers only: a page's size and the time to write it don't grow with the
        # length of the path (a chain of a thousand steps would otherwise write a million trail entries).
        while key != start and len(trail) < MAX_TRAIL:
            source, label = next((s, lab) for s, lab in self.incoming[key] if counts.get(s, 0) == 1)
            before = self.project.node(source)
            trail.append({"question": before.title, "answer": label, "href": self.href(here, source)})
            key = source
        return trail[::-1], key != start

    def node_page(self, node: Node) -> tuple[str, str, str]:
        """(Markdown, HTML before, HTML after) of a node's page."""
        tree = self.project.trees[node.tree]
        here = self.url(node.key)
        answers: list[dict[str, Any]] = []
        for target, link in self.project.edges[node.key]:
            answers.append({"label": link.label, "href": self.href(here, target), "fallback": link.fallback})
        answers.sort(key=lambda a: a["fallback"])  # the way out comes last (a stable sort keeps the rest)
        trail, earlier = self._trail(node, here)
        parents = {source for source, _ in self.incoming.get(node.key, [])}
        back = None
        if len(parents) == 1:
            parent = next(iter(parents))
            back = {"href": self.href(here, parent), "label": self.project.node(parent).title}
        context: dict[str, Any] = {
            "tree": tree,
            "node": node,
            "kind": node.kind.value,
            "answers": answers,
            "platforms": [(self.locale(f"platforms.{k}"), v) for k, v in node.platforms.items()],
            "trail": trail,
            "trail_earlier": earlier,
            "back": back,
            "start_href": urls.relative(here, urls.src_to_url(self.src((tree.id, tree.start)))),
            "is_start": node.id == tree.start,
            "map_href": urls.relative(here, self.map_url(tree)),
            "description": plain_text(node.body)[:155] or tree.summary,
            "remaining": self.remaining[node.key],
            "language_notes": self.language_notes([tree.id], [node.key]),
        }
        context["dates"] = self._dates_context(node, tree)
        if node.kind is Kind.RESOLUTION:
            context.update(self._resolution_context(node, tree, here))
        context.update(self._trust_context(node, tree, here, trail))
        template = self.env.get_template(f"{node.kind.value}.md.j2")
        if "markdown" not in template.blocks:  # a site's own template may be plain Markdown throughout
            return template.render(context), "", ""
        ctx = template.new_context({**context, "content_slot": CONTENT_SLOT})
        markdown = "".join(template.blocks["markdown"](ctx))
        if "page" not in template.blocks:  # a site's own template may leave the frame out
            return markdown.lstrip("\n"), "", ""
        before, slot, after = "".join(template.blocks["page"](ctx)).partition(CONTENT_SLOT)
        if not slot:
            raise jinja2.TemplateError(
                f"{template.name}: the page block must call node_page from _node.html.j2"
            )
        return markdown.lstrip("\n"), before, after

    def _trust_context(
        self, node: Node, tree: Tree, here: str, trail: list[dict[str, str]] | None
    ) -> dict[str, Any]:
        """Sources, dates and the "didn't help" link of a page (see trust.py)."""
        sources = trust.cited(node.sources, self.project.sources or {})
        newest = trust.newest(sources)
        updated = self.tree_dates.get(tree.id)
        feedback = ""
        if self.options.repository:
            feedback = trust.feedback_url(
                self.options.repository,
                tree=tree.id,
                node=node.id,
                title=node.title,
                page_url=self.options.site_url.rstrip("/") + "/" + here if self.options.site_url else here,
                answers=[(step["question"], step["answer"]) for step in trail or []],
                template=self.options.feedback_template,
                language=self.options.language,
            )
        return {
            "sources": [
                {
                    "title": s.title,
                    "publisher": s.publisher,
                    "url": s.url,
                    "date": self.locale.date(s.published),
                    "kind": s.kind,
                }
                for s in sources
            ],
            "general": node.general,
            "updated": self.locale.date(updated.isoformat()) if updated else "",
            "updated_iso": updated.isoformat() if updated else "",
            "newest_source": self.locale.date(newest.published) if newest else "",
            "feedback_href": feedback,
        }

    def language_notes(
        self,
        trees: list[str],
        nodes: list[Key],
        tree_fields: tuple[str, ...] = ("title",),
        causes: bool = False,
    ) -> list[str]:
        """What a translated page must say about its own text: that some of it is still in English, and
        that no native speaker has reviewed it yet. Nothing on a page in the trees' own language."""
        if self.notes is None:
            return []
        out = []
        if self.notes.fell_back(trees, nodes, tree_fields, causes):
            out.append(self.locale("language.fell_back"))
        if not self.notes.reviewed(trees, causes):
            out.append(self.locale("language.not_reviewed"))
        return [note for note in out if note]

    def _notes_html(
        self,
        trees: list[str],
        nodes: list[Key],
        tree_fields: tuple[str, ...] = ("title",),
        causes: bool = False,
    ) -> str:
        """The notes as HTML to put before a generated page (empty on a page in the trees' language)."""
        notes = self.language_notes(trees, nodes, tree_fields, causes)
        return self.env.get_template("_language_notes.html.j2").render(notes=notes) if notes else ""

    def _dates_context(self, node: Node, tree: Tree) -> dict[str, str]:
        """What the page must say about time, judged on the project's `today` (the build date):
        `review_due` once its review date has passed; `ended` after a time-bound page's last day,
        `starts` before its first day, and `span` while it lasts."""
        today = self.project.today
        keys = ("review_due", "ended", "starts", "from", "until")
        out: dict[str, str] = {k: "" for key in keys for k in (key, f"{key}_iso")}
        review = tree.review_date(node)
        if review is not None and dt.date.fromisoformat(review[0]) < today:
            out["review_due"] = self.locale.date(review[0])
            out["review_due_iso"] = review[0]
        start = node.dates.get("valid_from")
        end = node.dates.get("valid_until")
        if end is not None and dt.date.fromisoformat(end[0]) < today:
            out["ended"] = self.locale.date(end[0])
            out["ended_iso"] = end[0]
        elif start is not None and dt.date.fromisoformat(start[0]) > today:
            out["starts"] = self.locale.date(start[0])
            out["starts_iso"] = start[0]
        for key, value in (("from", start), ("until", end)):
            if value is not None:
                out[key] = self.locale.date(value[0])
                out[f"{key}_iso"] = value[0]
        return out

    def _resolution_context(self, node: Node, tree: Tree, here: str) -> dict[str, Any]:
        causes = [
            {"title": self.project.causes[c].title, "href": urls.relative(here, "causes/") + f"#{c}"}
            for c, _ in node.causes
        ]
        seen: set[Key] = {node.key}
        still_stuck = []
        for link in [*node.still_stuck, *tree.related]:
            key = self.project.target(tree.id, link)
            if key is None or key in seen:
                continue
            seen.add(key)
            still_stuck.append({"label": self.project.link_title(key), "href": self.href(here, key)})
        return {
            "outcome": node.outcome,
            "outcome_label": self.outcome_labels[node.outcome or "fixed"],
            "causes": causes,
            "still_stuck": still_stuck,
            "support_html": trusted.site_config_html(self.options.support_html),
        }

    def map_page(self, tree: Tree) -> Page:
        """The map: heading and introduction as Markdown; the drawing and link lists as trusted HTML."""
        here = self.map_url(tree)
        src = self.map_src(tree)
        start: Key = (tree.id, tree.start)
        nodes: dict[str, MapNode] = {}
        edges: dict[str, list[str]] = {}
        sections: dict[str, list[dict[str, str]]] = {"question": [], "step": [], "resolution": []}
        for node in tree.nodes.values():
            name = node.id
            nodes[name] = MapNode(name, node.title, node.kind.value, self.href(here, node.key))
            sections[node.kind.value].append(
                {"title": node.title, "href": self.href(here, node.key), "outcome": node.outcome or ""}
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
        svg = render_svg(tree.title, tree.start, nodes, edges)
        stats = graph.path_stats(
            start, self.project.edges, lambda k: self.project.node(k).kind is Kind.QUESTION
        )
        content = self.env.get_template("map.md.j2").render(
            tree=tree, stats=stats, start_href=self.md_href(src, start)
        )
        after = self.env.get_template("_map.html.j2").render(
            svg=trusted.svg_map(svg),
            map_width=natural_width(tree.start, edges),
            sections=sections,
            outcome_labels=self.outcome_labels,
            mermaid=tree_to_mermaid(self.project, tree.id),
        )
        notes = self._notes_html([tree.id], [n.key for n in tree.nodes.values()])
        return Page(src, content, before=notes, after=after)

    @site_page(HOME)
    def home(self) -> Page:
        entries = [
            {
                "tree": t,
                "href": urls.relative("", self.url((t.id, t.start))),
                "map": self.map_url(t),
                "symptoms": [self._symptom(t, s) for s in t.symptoms],
            }
            for t in self.trees
        ]
        about = self.options.about_src
        context = {
            "entries": entries,
            "site_name": self.options.site_name,
            "description": self.options.home_description,
            "causes_title": self.options.causes_title,
            "about_href": urls.relative("", urls.src_to_url(about)) if about else None,
            "screen_texts": {
                "title": self.options.screen_texts_title,
                "href": urls.src_to_url(urls.SCREEN_TEXTS_SRC),
            }
            if self.screen_texts_entries()
            else None,
        }
        return Page(
            urls.HOME_SRC,
            self.env.get_template("home.md.j2").render(context),
            before=self._notes_html([t.id for t in self.trees], [], ("title", "summary", "symptoms")),
            after=self.env.get_template("_home_entries.html.j2").render(context),
        )

    def _symptom(self, tree: Tree, symptom: str) -> dict[str, str]:
        """A symptom for the home page; a quoted on-screen text links to the first page that cites it."""
        if not quotations(symptom):
            return {"text": symptom, "href": ""}
        for node in tree.nodes.values():
            if quoted_by(symptom, own_quotes(node, self.project.sources or {})):
                return {"text": symptom, "href": self.href("", node.key)}
        return {"text": symptom, "href": ""}  # projects without sources.yaml check no quotes

    def screen_texts_entries(self) -> list[dict[str, Any]]:
        """Every on-screen text a source quotes, in word order, with what it means and the pages that
        show it while citing that source (the `quote-not-shown` check wants at least one each)."""
        if self._screen_texts is None:
            self._screen_texts = self._collect_screen_texts()
        return self._screen_texts

    def _collect_screen_texts(self) -> list[dict[str, Any]]:
        entries: list[dict[str, Any]] = []
        used_ids: set[str] = set()
        sources = self.project.sources or {}
        for source in sources.values():
            for quote in source.quotes:
                showing = [
                    (tree, node)
                    for tree in self.trees
                    for node in tree.nodes.values()
                    if shows_quote(node, source, quote)
                ]
                showing.sort(key=lambda tn: tn[1].kind is Kind.QUESTION)  # answers and steps first
                pages = [
                    {"title": n.title, "tree": t.title, "href": self.md_href(urls.SCREEN_TEXTS_SRC, n.key)}
                    for t, n in showing
                ]
                means = source.means.get(quote) or (pages[0]["title"] if pages else "")
                anchor = _anchor(quote, used_ids)
                entries.append(
                    {"text": quote, "means": means, "id": anchor, "pages": pages, "source": source}
                )
        return sorted(entries, key=lambda e: normalize_quote(e["text"]))

    @site_page(SCREEN_TEXTS)
    def screen_texts(self) -> Page | None:
        if not self.screen_texts_entries():
            return None
        content = self.env.get_template(SCREEN_TEXTS.template).render(
            entries=self.screen_texts_entries(), title=self.options.screen_texts_title
        )
        keys = [n.key for t in self.trees for n in t.nodes.values()]
        return Page(SCREEN_TEXTS.src, content, before=self._notes_html([t.id for t in self.trees], keys))

    @site_page(CAUSES)
    def causes(self) -> Page:
        addressed: dict[str, list[dict[str, str]]] = {c: [] for c in self.project.causes}
        for tree in self.trees:
            for node in tree.nodes.values():
                for cause, _ in node.causes:
                    addressed[cause].append(
                        {
                            "title": node.title,
                            "tree": tree.title,
                            "href": self.md_href(urls.CAUSES_SRC, node.key),
                        }
                    )
        causes = sorted(self.project.causes.values(), key=lambda c: c.title.lower())
        content = self.env.get_template(CAUSES.template).render(
            causes=causes, addressed=addressed, title=self.options.causes_title
        )
        keys = [n.key for t in self.trees for n in t.nodes.values() if n.causes]
        notes = self._notes_html([t.id for t in self.trees], keys, causes=True)
        return Page(CAUSES.src, content, before=notes)

    @site_page(FAQ)
    def faq(self) -> Page:
        groups = []
        structured = []
        for tree in self.trees:
            if not tree.faq:
                continue
            items = []
            for entry in tree.faq:
                key = self.project.target(tree.id, entry.link)
                assert key is not None  # a valid project resolves every link
                items.append(
                    {
                        "question": entry.question,
                        "answer": entry.answer,
                        "href": self.md_href(urls.FAQ_SRC, key),
                    }
                )
                structured.append(
                    {
                        "@type": "Question",
                        "name": entry.question,
                        "acceptedAnswer": {"@type": "Answer", "text": plain_text(entry.answer)},
                    }
                )
            groups.append({"tree": tree, "items": items})
        json_ld = {"@context": "https://schema.org", "@type": "FAQPage", "mainEntity": structured}
        return Page(
            urls.FAQ_SRC,
            self.env.get_template("faq.md.j2").render(
                groups=groups, description=self.options.faq_description
            ),
            before=self._notes_html([t.id for t in self.trees if t.faq], [], ("title", "faq")),
            after=self.env.get_template("_faq_ld.html.j2").render(json_ld=json_ld),
        )


def _anchor(text: str, used: set[str]) -> str:
    """A heading id from a text's words ("you-are-sending-messages-too-fast"), unique on its page."""
    words = re.findall(r"[a-z0-9]+", normalize_quote(text))
    base = "-".join(words)[:60].strip("-") or "text"
    base = "t-" + base if base.startswith("dt-") else base  # dt-* ids belong to the site's controls
    anchor, n = base, 2
    while anchor in used:
        anchor, n = f"{base}-{n}", n + 1
    used.add(anchor)
    return anchor


def generate(project: Project, options: Options | None = None) -> list[Page]:
    return Generator(project, options).pages()
