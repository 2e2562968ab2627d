"""Trees -> Markdown pages. Works without MkDocs: the plugin only hands these pages to MkDocs.

Every page is rendered from a Jinja template that a site can override (see `template_dirs`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

import jinja2

from ..core.model import Kind, Link, Node, Tree
from ..core.page_types import CAUSES, FAQ, HOME, MAP, MOVED, SCREEN_TEXTS, SITE_PAGES, PageType
from ..core.project import Key, Project
from ..core.sources import normalize_quote, own_quotes, quotations, quoted_by, shows_quote
from . import urls
from .localize import Notes
from .pages import Options, Page, environment, plain_text
from .structure import MAX_TRAIL, Structure, context

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

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

__all__ = ["MAX_TRAIL", "Generator", "Options", "Page", "generate", "plain_text"]


class Generator:
    """Renders every page of a valid project."""

    def __init__(self, project: Project, options: Options | None = None, notes: Notes | None = None) -> None:
        """`project` in the language of `options.language` (render/localize.py makes one from the English
        project and a translation); `notes` says which of its texts fell back to English."""
        if not project.ok:
            raise ValueError("the project has errors; run `python -m build_tools check`")
        self.project = project
        self.options = options or Options()
        self.structure = Structure(project, self.options, notes)
        self.locale = self.structure.locale
        self.env = environment(self.options.template_dirs)
        self.env.globals["t"] = self.locale
        self.trees = self.structure.trees
        self.outcome_labels = self.structure.outcome_labels
        self._screen_texts: list[dict[str, Any]] | None = None
        self._site_pages: list[Page] | None = None

    # -- addresses (structure.py) ----------------------------------------------------------------
    def src(self, key: Key) -> str:
        return self.structure.src(key)

    def map_src(self, tree: Tree) -> str:
        return self.structure.map_src(tree)

    def _layout(self, src: str) -> str:
        return self.structure.layout(src)

    def url(self, key: Key) -> str:
        return self.structure.url(key)

    def href(self, from_url: str, key: Key) -> str:
        return self.structure.href(from_url, key)

    def md_href(self, from_src: str, key: Key) -> str:
        return self.structure.md_href(from_src, key)

    def map_url(self, tree: Tree) -> str:
        return self.structure.map_url(tree)

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
        return self._page(MOVED, src, self.structure.moved(tree, link))

    def node_page(self, node: Node) -> tuple[str, str, str]:
        """(Markdown, HTML before, HTML after) of a node's page."""
        view = self.structure.node(node)
        template = self.env.get_template(f"{view.kind}.md.j2")
        if "markdown" not in template.blocks:  # a site's own template may be plain Markdown throughout
            return template.render(context(view)), "", ""
        ctx = template.new_context({**context(view), "content_slot": CONTENT_SLOT})
        markdown = "".join(template.blocks["markdown"](ctx))
        if "page" not in template.blocks:  # a site's own template may leave the frame out
            return markdown.lstrip("\n"), "", ""
        before, slot, after = "".join(template.blocks["page"](ctx)).partition(CONTENT_SLOT)
        if not slot:
            raise jinja2.TemplateError(
                f"{template.name}: the page block must call node_page from _node.html.j2"
            )
        return markdown.lstrip("\n"), before, after

    def _notes_html(
        self,
        trees: list[str],
        nodes: list[Key],
        tree_fields: tuple[str, ...] = ("title",),
        causes: bool = False,
    ) -> str:
        """The notes as HTML to put before a generated page (empty on a page in the trees' language)."""
        notes = self.structure.language_notes(trees, nodes, tree_fields, causes)
        return self.env.get_template("_language_notes.html.j2").render(notes=notes) if notes else ""

    def map_page(self, tree: Tree) -> Page:
        """The map: heading and introduction as Markdown; the drawing and link lists as trusted HTML."""
        view = self.structure.map(tree)
        return self._page(MAP, self.map_src(tree), view, view.language_notes)

    def _page(
        self, page_type: PageType, src: str, view: DataclassInstance, notes: Sequence[str] = ()
    ) -> Page:
        """A page of a type whose Markdown template and controls (`after`) render one view: the
        controls after its converted Markdown, a translated page's notes about its text before it."""
        values = context(view)
        content = self.env.get_template(page_type.template).render(values)
        after = self.env.get_template(page_type.after).render(values) if page_type.after else ""
        before = self.env.get_template("_language_notes.html.j2").render(notes=notes) if notes else ""
        return Page(src, content, before, after)

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
