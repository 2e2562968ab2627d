"""MkDocs adapter: validate trees when the build starts, add the generated pages, watch trees/ in serve.

All logic lives in validate.py and generator.py; this file only connects them to MkDocs' events.
"""

from __future__ import annotations

import html
import logging
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page as MkPage
from mkdocs.utils.templates import TemplateContext

from . import sanitize
from .config import DecisionTreesConfig
from .export import ASSET_FILES, ASSETS, generated_nav, generator_options
from .generator import Generator, Page
from .problems import format_problems
from .validate import load_project

log = logging.getLogger("mkdocs.plugins.decision-trees")
# Material's search dialog has no accessible name (axe: aria-dialog-name); give it one.
_SEARCH_DIALOG = 'class="md-search" data-md-component="search" role="dialog"'


class DecisionTreesPlugin(BasePlugin[DecisionTreesConfig]):  # type: ignore[no-untyped-call]
    def __init__(self) -> None:
        self.pages: list[Page] = []
        self.trees_dir = Path("trees")
        self.tree_files: dict[str, str] = {}
        self.chrome: dict[str, Page] = {}

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        root = Path(config.config_file_path or ".").parent
        self.trees_dir = root / self.config.trees_dir
        # `check` inside the build judges tree text with this site's own Markdown configuration.
        if all(isinstance(e, str) for e in config.markdown_extensions):
            sanitize.use_markdown(config.markdown_extensions, config.mdx_configs)
        project = load_project([self.trees_dir])
        warnings = [p for p in project.problems if not p.is_error]
        for problem in warnings:
            log.warning(problem.gcc())
        if not project.ok:
            # Fail before MkDocs touches site_dir: no half-written site.
            errors = [p for p in project.problems if p.is_error]
            raise PluginError(f"{len(errors)} problem(s) in the trees:\n" + format_problems(errors))
        generator = Generator(project, generator_options(self.config, root, config.site_name))
        self.pages = generator.pages()
        self.chrome = {p.src: p for p in self.pages}
        self.tree_files = {t.id: Path(t.path).name for t in project.trees.values()}
        # Material prints nav titles as they are: the trees' titles are escaped for HTML here.
        ours = {p.src for p in self.pages}
        config.nav = _escape_titles(generated_nav(generator, self.config, config.nav), ours)
        config.extra_css.append(ASSET_FILES[0])
        config.extra_javascript.append(ASSET_FILES[1])
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        in_nav = {"index.md", "causes.md", "faq.md"}
        for page in self.pages:
            if files.get_file_from_path(page.src) is not None:
                raise PluginError(
                    f"docs/{page.src} would be replaced by a generated page; rename or remove it"
                )
            inclusion = InclusionLevel.INCLUDED if page.src in in_nav else InclusionLevel.NOT_IN_NAV
            files.append(File.generated(config, page.src, content=page.content, inclusion=inclusion))
        for asset in ASSET_FILES:
            files.append(File.generated(config, asset, abs_src_path=str(ASSETS / Path(asset).name)))
        return files

    def on_page_content(self, html: str, *, page: MkPage, config: MkDocsConfig, files: Files) -> str:
        # Generated pages hold contributor text: sanitized before anything else (the search index too)
        # sees them, whether or not `check` ran. The site's own docs/ pages are trusted.
        if page.file.src_uri in self.chrome:
            return sanitize.publishable(html)
        return sanitize.focusable_code(html)

    @event_priority(-100)  # after the search plugin has indexed the page: controls stay out of the index
    def on_page_context(
        self, context: TemplateContext, *, page: MkPage, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext:
        chrome = self.chrome.get(page.file.src_uri)
        if chrome is not None and page.content is not None:
            page.content = chrome.html_wrapped(page.content)
        tree = page.meta.get("dt_tree")
        if tree in self.tree_files:
            base = self.config.edit_uri
            if base is None and config.edit_uri:
                base = config.edit_uri.removesuffix("docs/")
            if base:
                page.edit_url = f"{base}{self.config.trees_dir}/{self.tree_files[tree]}"
        return context

    def on_post_page(self, output: str, *, page: MkPage, config: MkDocsConfig) -> str:
        return output.replace(_SEARCH_DIALOG, _SEARCH_DIALOG + ' aria-label="Search"', 1)

    def on_serve(self, server: LiveReloadServer, *, config: MkDocsConfig, builder: Any) -> LiveReloadServer:
        server.watch(str(self.trees_dir))
        return server


def _escape_titles(nav: Any, generated: set[str]) -> Any:
    """The nav with the titles of generated pages (contributor text) escaped for HTML."""
    if isinstance(nav, list):
        return [_escape_titles(item, generated) for item in nav]
    if isinstance(nav, dict):
        out = {}
        for title, value in nav.items():
            if isinstance(value, str) and value in generated:
                title = html.escape(title, quote=False)
            out[title] = _escape_titles(value, generated)
        return out
    return nav
