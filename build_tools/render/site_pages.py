"""The site's own pages (core/page_types.py SITE_PAGES): the view of each, computed once from the project.

Each page type has one builder here, registered with `@site_page(TYPE)`: it returns the page's view (a
frozen dataclass), or None when the site has nothing to show there. The generator renders the view with
the type's templates; a template's variables are the view's fields. Adding a page type is its
declaration, its template and a view with its builder here (see "Adding a page type" in CONTRIBUTING).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from ..core.model import Cause, Kind, Tree
from ..core.page_types import CAUSES, FAQ, HOME, SCREEN_TEXTS, PageType
from ..core.sources import Source, normalize_quote, own_quotes, quotations, quoted_by, shows_quote
from ..core.translations import SOURCE_LANGUAGE
from . import urls
from .localize import Parts
from .pages import plain_text
from .structure import Structure, TitledLink, View

# The builder of each site page type, by name.
SiteBuilder = Callable[["SitePages"], "View | None"]
SITE_BUILDERS: dict[str, SiteBuilder] = {}


def site_page(page_type: PageType) -> Callable[[SiteBuilder], SiteBuilder]:
    def register(builder: SiteBuilder) -> SiteBuilder:
        SITE_BUILDERS[page_type.name] = builder
        return builder

    return register


@dataclass(frozen=True)
class PageRef:
    """A link to a tree's page from a site page, by source path (MkDocs checks it)."""

    title: str
    tree: str  # the title of its tree
    href: str
    lang: str | None = None  # "en" where a translated page shows the title in English
    tree_lang: str | None = None


@dataclass(frozen=True)
class Symptom:
    text: str
    href: str  # a quoted on-screen text links to the first page that cites it; "" otherwise


@dataclass(frozen=True)
class HomeEntry:
    tree: Tree
    href: str  # its first page
    map: str  # its map, from the site root
    symptoms: tuple[Symptom, ...]
    # On a translated page, "en" for each text shown in English; None where it shows the translation.
    title_lang: str | None = None
    summary_lang: str | None = None
    symptoms_lang: str | None = None


@dataclass(frozen=True)
class HomeView:
    """`home.md.j2` and `_home_entries.html.j2`: every tree, and where else to look."""

    entries: tuple[HomeEntry, ...]
    site_name: str
    description: str
    causes_title: str
    causes_href: str
    faq_href: str
    about_href: str | None  # the site's own "about" page, if it names one
    screen_texts: TitledLink | None  # the on-screen texts page, when there is one
    language_notes: tuple[str, ...]


@dataclass(frozen=True)
class ScreenText:
    text: str  # word for word, as the source quotes it
    means: str
    id: str  # its heading's id, from its words
    pages: tuple[PageRef, ...]  # the pages that show it while citing the source
    source: Source
    # On a page in another language, "en" for the quote and the source's title (sources are in English),
    # and for `means` where the source gives it; None on English pages.
    english: str | None = None
    means_lang: str | None = None


@dataclass(frozen=True)
class ScreenTextsView:
    """`screen_texts.md.j2`: every on-screen text a source quotes."""

    entries: tuple[ScreenText, ...]
    title: str
    language_notes: tuple[str, ...]


@dataclass(frozen=True)
class CausesView:
    """`causes.md.j2`: every cause, and the pages that deal with it."""

    causes: tuple[Cause, ...]
    addressed: Mapping[str, tuple[PageRef, ...]]  # by cause id
    title: str
    language_notes: tuple[str, ...]
    # By cause id: "en" where a translated page shows the cause's title or explanation in English.
    title_langs: Mapping[str, str | None]
    explanation_langs: Mapping[str, str | None]


@dataclass(frozen=True)
class FaqItem:
    question: str
    answer: str
    href: str  # the step that helps
    question_lang: str | None = None  # "en" where a translated page shows the text in English
    answer_lang: str | None = None
    # The question as its heading shows it: in parts, a translation's English quotes marked "en"
    # (`Notes.text_parts`); `question` stays the plain text (structured data).
    question_parts: Parts = ()


@dataclass(frozen=True)
class FaqGroup:
    tree: Tree
    items: tuple[FaqItem, ...]
    title_lang: str | None = None  # "en" where a translated page shows the tree's title in English


@dataclass(frozen=True)
class FaqView:
    """`faq.md.j2` and its structured data (`_faq_ld.html.j2`)."""

    groups: tuple[FaqGroup, ...]
    description: str
    json_ld: Mapping[str, object]  # schema.org FAQPage
    language_notes: tuple[str, ...]


class SitePages:
    """The views of the site pages of one project (its Structure)."""

    def __init__(self, structure: Structure) -> None:
        self.structure = structure
        self.project = structure.project
        self.options = structure.options
        self.trees = structure.trees

    def view(self, page_type: PageType) -> View | None:
        return SITE_BUILDERS[page_type.name](self)

    @site_page(HOME)
    def home(self) -> HomeView:
        about = self.options.plugin.about_page
        return HomeView(
            entries=tuple(
                HomeEntry(
                    tree=t,
                    href=urls.relative("", self.structure.url((t.id, t.start))),
                    map=self.structure.map_url(t),
                    symptoms=tuple(self._symptom(t, s) for s in t.symptoms),
                    title_lang=self.structure.lang(t.id, "title"),
                    summary_lang=self.structure.lang(t.id, "summary"),
                    symptoms_lang=self.structure.symptoms_lang(t.id),
                )
                for t in self.trees
            ),
            site_name=self.options.site_name,
            description=self.options.home_description,
            causes_title=self.options.plugin.causes_title,
            causes_href=urls.relative("", urls.src_to_url(CAUSES.src)),
            faq_href=urls.relative("", urls.src_to_url(FAQ.src)),
            about_href=urls.relative("", urls.src_to_url(about)) if about else None,
            screen_texts=TitledLink(self.options.plugin.screen_texts_title, urls.src_to_url(SCREEN_TEXTS.src))
            if self.screen_texts
            else None,
            language_notes=self.structure.language_notes(
                [t.id for t in self.trees], [], ("title", "summary", "symptoms")
            ),
        )

    def _symptom(self, tree: Tree, symptom: str) -> Symptom:
        if not quotations(symptom):
            return Symptom(symptom, "")
        for node in tree.nodes.values():
            if quoted_by(symptom, own_quotes(node, self.project.sources or {})):
                return Symptom(symptom, self.structure.href("", node.key))
        return Symptom(symptom, "")  # projects without sources.yaml check no quotes

    @functools.cached_property
    def screen_texts(self) -> tuple[ScreenText, ...]:
        """Every on-screen text a source quotes, in word order, with what it means and the pages that
        show it while citing that source (the `quote-not-shown` check wants at least one each)."""
        entries: list[ScreenText] = []
        used_ids: set[str] = set()
        for source in (self.project.sources or {}).values():
            for quote in source.quotes:
                showing = [
                    (tree, node)
                    for tree in self.trees
                    for node in tree.nodes.values()
                    if shows_quote(node, source, quote)
                ]
                showing.sort(key=lambda tn: tn[1].kind is Kind.QUESTION)  # answers and steps first
                pages = tuple(
                    PageRef(
                        n.title,
                        t.title,
                        self.structure.md_href(SCREEN_TEXTS.src, n.key),
                        self.structure.title_lang(n.key),
                        self.structure.lang(t.id, "title"),
                    )
                    for t, n in showing
                )
                english = None if self.options.language == SOURCE_LANGUAGE else SOURCE_LANGUAGE
                if source.means.get(quote):
                    means, means_lang = source.means[quote], english
                else:
                    means, means_lang = (pages[0].title, pages[0].lang) if pages else ("", None)
                anchor = _anchor(quote, used_ids)
                entries.append(ScreenText(quote, means, anchor, pages, source, english, means_lang))
        return tuple(sorted(entries, key=lambda e: normalize_quote(e.text)))

    @site_page(SCREEN_TEXTS)
    def screen_texts_page(self) -> ScreenTextsView | None:
        if not self.screen_texts:
            return None
        keys = [n.key for t in self.trees for n in t.nodes.values()]
        return ScreenTextsView(
            entries=self.screen_texts,
            title=self.options.plugin.screen_texts_title,
            language_notes=self.structure.language_notes([t.id for t in self.trees], keys),
        )

    @site_page(CAUSES)
    def causes(self) -> CausesView:
        addressed: dict[str, list[PageRef]] = {c: [] for c in self.project.causes}
        for tree in self.trees:
            for node in tree.nodes.values():
                for cause, _ in node.causes:
                    href = self.structure.md_href(CAUSES.src, node.key)
                    ref = PageRef(
                        node.title,
                        tree.title,
                        href,
                        self.structure.title_lang(node.key),
                        self.structure.lang(tree.id, "title"),
                    )
                    addressed[cause].append(ref)
        keys = [n.key for t in self.trees for n in t.nodes.values() if n.causes]
        return CausesView(
            causes=tuple(sorted(self.project.causes.values(), key=lambda c: c.title.lower())),
            addressed={cause: tuple(pages) for cause, pages in addressed.items()},
            title=self.options.plugin.causes_title,
            language_notes=self.structure.language_notes([t.id for t in self.trees], keys, causes=True),
            title_langs={c: self.structure.cause_lang(c, "title") for c in self.project.causes},
            explanation_langs={c: self.structure.cause_lang(c, "explanation") for c in self.project.causes},
        )

    @site_page(FAQ)
    def faq(self) -> FaqView:
        groups: list[FaqGroup] = []
        structured: list[dict[str, object]] = []
        for tree in self.trees:
            if not tree.faq:
                continue
            items = []
            for i, entry in enumerate(tree.faq):
                key = self.project.target(tree.id, entry.link)
                assert key is not None  # a valid project resolves every link
                items.append(
                    FaqItem(
                        entry.question,
                        entry.answer,
                        self.structure.md_href(FAQ.src, key),
                        self.structure.lang(tree.id, "faq", i, "question"),
                        self.structure.lang(tree.id, "faq", i, "answer"),
                        self.structure.text_parts(entry.question, tree.id, "faq", i, "question"),
                    )
                )
                structured.append(
                    {
                        "@type": "Question",
                        "name": entry.question,
                        "acceptedAnswer": {"@type": "Answer", "text": plain_text(entry.answer)},
                    }
                )
            groups.append(FaqGroup(tree, tuple(items), self.structure.lang(tree.id, "title")))
        return FaqView(
            groups=tuple(groups),
            description=self.options.faq_description,
            json_ld={"@context": "https://schema.org", "@type": "FAQPage", "mainEntity": structured},
            language_notes=self.structure.language_notes(
                [t.id for t in self.trees if t.faq], [], ("title", "faq")
            ),
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
