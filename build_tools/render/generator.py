"""Trees -> Markdown pages. Works without MkDocs: the plugin only hands these pages to MkDocs.

What a page shows is its view (structure.py, site_pages.py); here the view is rendered with its page
type's templates (core/page_types.py), which a site can override (the plugin's `templates` option).
"""

from __future__ import annotations

import jinja2

from ..core.model import Link, Node, Tree
from ..core.page_types import MAP, MOVED, SITE_PAGES, PageType
from ..core.project import Key, Project
from . import urls
from .localize import Notes
from .pages import Options, Page, environment, plain_text
from .site_pages import SitePages
from .structure import MAX_TRAIL, Structure, View, context

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
        self.env = environment(self.options.template_dirs)
        self.env.globals["t"] = self.structure.locale
        self.trees = self.structure.trees
        self.site = SitePages(self.structure)
        self._site_pages: list[Page] | None = None

    # -- addresses (structure.py) ----------------------------------------------------------------
    def src(self, key: Key) -> str:
        return self.structure.src(key)

    def map_src(self, tree: Tree) -> str:
        return self.structure.map_src(tree)

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
            views = ((t, self.site.view(t)) for t in SITE_PAGES)
            self._site_pages = [self._page(t, t.src, view) for t, view in views if view is not None]
        return self._site_pages

    def moved_page(self, tree: Tree, link: Link) -> Page:
        """An old address of this tree: where its content went, so shared links keep working."""
        src = self.structure.layout(urls.node_src(tree.id, link.label, tree.start))
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

    def map_page(self, tree: Tree) -> Page:
        """The map: heading and introduction as Markdown; the drawing and link lists as trusted HTML."""
        return self._page(MAP, self.map_src(tree), self.structure.map(tree))

    def _page(self, page_type: PageType, src: str, view: View) -> Page:
        """A page of a type whose Markdown template and controls (`after`) render one view: the
        controls after its converted Markdown, a translated page's notes about its text before it."""
        values = context(view)
        content = self.env.get_template(page_type.template).render(values)
        after = self.env.get_template(page_type.after).render(values) if page_type.after else ""
        notes = view.language_notes
        before = self.env.get_template("_language_notes.html.j2").render(notes=notes) if notes else ""
        return Page(src, content, before, after)


def generate(project: Project, options: Options | None = None) -> list[Page]:
    return Generator(project, options).pages()
