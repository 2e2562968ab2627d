"""MkDocs adapter: validate trees when the build starts, add the generated pages, watch trees/ in serve.

Checking lives in check/, pages in render/; this file only connects them to MkDocs' events.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemBytecodeCache
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page as MkPage
from mkdocs.utils.templates import TemplateContext

from ..check.cache import cache_dir
from ..check.config import read_site
from ..check.validate import Project, load_project
from ..core import locale
from ..core.options import PluginOptions
from ..core.page_types import SITE_PAGES
from ..core.problems import Problem, format_problems
from ..core.project import Project as Loaded
from ..render.generator import Generator, Page
from ..render.localize import Notes, Untranslated, localize
from ..render.options import DecisionTreesConfig
from ..render.pages import Options
from ..render.site import (
    ASSET_FILES,
    ASSETS,
    SCRIPT,
    STYLESHEET,
    generated_nav,
    language_links,
    merge_sitemaps,
    translate_nav,
)
from ..text import sanitize, trusted
from ..text.extension import Controls, dress
from ..text.glyphs import GLYPHS
from . import languages, serve_errors
from .shared_markdown import Converters, share
from .theme_fixes import ThemeMarkupChanged, drop_indentation, name_search_dialog

log = logging.getLogger("mkdocs.plugins.decision-trees")


class DecisionTreesPlugin(BasePlugin[DecisionTreesConfig]):  # type: ignore[no-untyped-call]
    """Each event does nothing while the site's `enabled: false` (core/options.py)."""

    def __init__(self) -> None:
        self.options = PluginOptions()  # read from the validated config in on_config
        self.pages: list[Page] = []
        self.trees_dir = Path("trees")
        self.tree_files: dict[str, str] = {}
        self.map_srcs: set[str] = set()
        self.generated: dict[str, Page] = {}
        self.serving = False
        self.generator: Generator | None = None  # of the last project that passed the check
        self.problems: list[Problem] = []  # shown on every page while serving (see serve_errors.py)
        self.stale = False  # serving pages of an earlier check because this one failed
        self.glyphs: dict[str, str] = dict(GLYPHS)
        self.converters = Converters()
        self.separator = locale.load("en").separator
        # A build of the site in another language (languages.py) sets these before it starts.
        self.parent: DecisionTreesPlugin | None = None
        self.language: str | None = None
        self.localized: dict[str, tuple[Loaded, Notes]] = {}  # language -> its project, on the English build
        self.english_docs: set[str] = set()  # hand-written pages shown in English in this language

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.serving = command == "serve"

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.options = PluginOptions.from_mapping(self.config)
        if not self.options.enabled:
            return config
        if self.parent is not None:
            return self._language_config(config, self.parent)
        root = Path(config.config_file_path or ".").parent
        self.converters = Converters()  # this build's configuration
        self.trees_dir = root / self.options.trees_dir
        # `check` inside the build judges tree text with this site's own Markdown configuration.
        if all(isinstance(e, str) for e in config.markdown_extensions):
            sanitize.use_markdown(config.markdown_extensions, config.mdx_configs)
        # The site's rule levels and journeys, read (and checked, with locations) as `check` reads them.
        settings, site_problems = read_site(Path(config.config_file_path or "mkdocs.yml"))
        if site_problems:
            raise PluginError("problem(s) in the site config:\n" + format_problems(site_problems))
        project = load_project([self.trees_dir], settings=settings, cache=cache_dir(self.trees_dir))
        self.glyphs = {**locale.load(self.options.language).glyphs, **self.options.glyphs}
        self.separator = locale.load(self.options.language).separator
        config.extra["dt_i18n"] = language_links(self.options, self.options.language, config.site_url)
        repository = self.options.repository
        if repository and not config.edit_uri:  # the docs' edit links come from the same one address
            config.edit_uri = f"{repository.rstrip('/')}/edit/{self.options.branch}/docs/"
        if self.serving:
            return self._serve_config(config, project)
        # Warnings are shown, but at info level: MkDocs' strict mode fails the build on any logged warning,
        # and a tree warning (such as deep-path) must not stop the site (error-codes.md says so).
        for problem in project.problems:
            if not problem.is_error:
                log.info(problem.gcc())
        if not project.ok:
            # Fail before MkDocs touches site_dir: no half-written site.
            errors = [p for p in project.problems if p.is_error]
            raise PluginError(f"{len(errors)} problem(s) in the trees:\n" + format_problems(errors))
        self._generate(config, project)
        return self._add_assets(config)

    def _serve_config(self, config: MkDocsConfig, project: Project) -> MkDocsConfig:
        """Serve mode: problems go to the page instead of stopping the build (see serve_errors.py)."""
        self.problems = project.problems
        if self.problems:
            serve_errors.report(self.problems)
        self.stale = not project.ok and self.generator is not None
        if project.ok:
            self._generate(config, project)
        elif self.generator is not None:  # keep the last pages that passed, and their navigation
            config.nav = self._nav(self.generator, config)
        else:
            self.pages, self.generated = serve_errors.placeholder_pages(), {}
        return self._add_assets(config)

    def _generate(self, config: MkDocsConfig, project: Project) -> None:
        root = Path(config.config_file_path or ".").parent
        options = Options(
            self.options,
            root,
            config.site_name,
            site_description=config.site_description,
            site_url=config.site_url or "",
            language=self.options.language,
        )
        generator = Generator(project, options)
        # The engine's own templates compiled once too, like the theme's (on_env).
        generator.env.bytecode_cache = generator.env.bytecode_cache or self._template_cache()
        self.generator = generator
        self.pages = generator.pages()
        self.generated = {p.src: p for p in self.pages}
        self.tree_files = {t.id: Path(t.path).name for t in project.trees.values()}
        self.map_srcs = {generator.map_src(t) for t in generator.trees}
        config.nav = self._nav(generator, config)
        # Each language's text from trees/<lang>/ (checked with the trees above); none yet: all English.
        self.localized = {
            lang: localize(project, project.translations.get(lang) or Untranslated(), locale.load(lang))
            for lang in self.options.languages
        }

    def _language_config(self, config: MkDocsConfig, parent: DecisionTreesPlugin) -> MkDocsConfig:
        """The build of the site in another language: the project the English build checked, translated."""
        assert self.language is not None
        lang = self.language
        cfg = parent.options.in_language(lang)
        root = Path(config.config_file_path or ".").parent
        self.trees_dir = parent.trees_dir
        words = locale.load(lang)
        self.glyphs = {**words.glyphs, **cfg.glyphs}
        self.separator = words.separator
        config.extra["dt_i18n"] = language_links(parent.options, lang, config.site_url)
        repository = self.options.repository
        if repository and not config.edit_uri:
            config.edit_uri = f"{repository.rstrip('/')}/edit/{self.options.branch}/docs/"
        if lang not in parent.localized:  # serving, and the trees have problems: the English build says which
            self.pages, self.generated = serve_errors.placeholder_pages(), {}
            return self._add_assets(config)
        project, notes = parent.localized[lang]
        options = Options(
            cfg,
            root,
            config.site_name,
            site_description=config.site_description,
            site_url=config.site_url or "",
            language=lang,
        )
        generator = Generator(project, options, notes)
        self.generator = generator
        self.pages = generator.pages()
        self.generated = {p.src: p for p in self.pages}
        self.tree_files = dict(parent.tree_files)
        self.map_srcs = {generator.map_src(t) for t in generator.trees}
        nav = generated_nav(generator, cfg, config.nav)
        config.nav = translate_nav(nav, parent.options.languages[lang].nav)
        return self._add_assets(config)

    def _nav(self, generator: Generator, config: MkDocsConfig) -> Any:
        return generated_nav(generator, self.options, config.nav)  # tree titles escaped there

    def _add_assets(self, config: MkDocsConfig) -> MkDocsConfig:
        config.extra_css.append(STYLESHEET)
        config.extra_javascript.append(SCRIPT)
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        if not self.options.enabled:
            return files
        root = self.parent or self
        codes = list(root.options.languages)
        self.english_docs = languages.translated_docs(files, config, self.language, codes)
        in_nav = {t.src for t in SITE_PAGES if t.in_nav}
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

    def on_pre_page(self, page: MkPage, *, config: MkDocsConfig, files: Files) -> MkPage:
        # Generated pages share one Markdown converter (shared_markdown.py): MkDocs makes one per page.
        if page.file.src_uri in self.generated:
            share(page, self.converters)
        return page

    def on_page_content(self, html: str, *, page: MkPage, config: MkDocsConfig, files: Files) -> str:
        if not self.options.enabled:
            return html
        # Generated pages hold contributor text: sanitized before anything else (the search index too)
        # sees them, whether or not `check` ran. The site's own docs/ pages are trusted.
        if page.file.src_uri in self.generated:
            return trusted.publishable(html)
        if page.file.src_uri in self.english_docs:  # not translated yet: said so, in this language
            note = trusted.text(locale.load(self.language or "en")("language.page_in_english"))
            note_html = f'<p class="dt-note dt-language-note" data-dt-language-note>{note}</p>'
            source = self.parent.options.language if self.parent else self.options.language
            html = f'{note_html}\n<div lang="{source}">{html}</div>'
        return trusted.focusable_code(html)

    @event_priority(-100)  # after the search plugin has indexed the page: controls stay out of the index
    def on_page_context(
        self, context: TemplateContext, *, page: MkPage, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext:
        if not self.options.enabled:
            return context
        generated = self.generated.get(page.file.src_uri)
        if generated is not None and page.content is not None:
            # After sanitizing (on_page_content, once) and search indexing: controls and spoken words are
            # trusted output, and the index keeps neither.
            controls = Controls(generated.before, generated.after)
            page.content = dress(page.content, controls, self.glyphs, self.separator)
        if self.problems and page.content is not None:
            page.content = serve_errors.banner(self.problems, stale=self.stale) + page.content
        tree = page.meta.get("dt_tree")
        # The tree file's edit link is on its map, the page of the whole tree; not on each step, where
        # a visitor on a phone pays for it and "This didn't help" is their way to tell us.
        if tree in self.tree_files and page.file.src_uri in self.map_srcs:
            base = self.options.edit_uri
            if base is None and self.options.repository:
                base = f"{self.options.repository.rstrip('/')}/edit/{self.options.branch}/"
            if base is None and config.edit_uri:
                base = config.edit_uri.removesuffix("docs/")
            if base:
                folder = (
                    f"{self.options.trees_dir}/{self.language}" if self.language else self.options.trees_dir
                )
                page.edit_url = f"{base}{folder}/{self.tree_files[tree]}"
        own = page.file.src_uri not in self.generated and page.file.src_uri not in self.english_docs
        if self.language and page.edit_url and own:  # a translated page: its translation is the file to edit
            page.edit_url = page.edit_url[: -len(".md")] + f".{self.language}.md"
        return context

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """After the English site: the site in each other language, below it, and one sitemap for all."""
        if not self.options.enabled or self.parent is not None or not self.options.languages:
            return
        for lang in self.options.languages:
            languages.build_language(self, config, lang)
        merge_sitemaps(Path(config.site_dir), list(self.options.languages), self.options.language)

    def on_env(self, env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
        """The theme's templates compiled once, not on every build: about a sixth of building this site
        is Jinja compiling Material's templates again. The cache is keyed on each template's source, kept
        in .cache/jinja/ beside the check cache (trusted as far as Python's own __pycache__ is)."""
        if self.options.enabled and env.bytecode_cache is None:
            env.bytecode_cache = self._template_cache()
        return env

    def _template_cache(self) -> FileSystemBytecodeCache | None:
        """Compiled templates in .cache/jinja/, keyed on each template's name, file and source."""
        folder = cache_dir(self.trees_dir).parent / "jinja"
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError:
            return None  # only slower
        return FileSystemBytecodeCache(str(folder))

    def on_post_page(self, output: str, *, page: MkPage, config: MkDocsConfig) -> str:
        if not self.options.enabled:
            return output
        try:
            output = name_search_dialog(output)
        except ThemeMarkupChanged as exc:
            raise PluginError(f"{page.file.src_uri}: {exc}") from None
        # The generated pages are most of the site and of a visit: sent without the templates' indentation.
        return drop_indentation(output) if page.file.src_uri in self.generated else output

    def on_post_template(self, output_content: str, *, template_name: str, config: MkDocsConfig) -> str:
        """Static templates (404.html) carry the search dialog too."""
        if not self.options.enabled or not template_name.endswith(".html"):
            return output_content
        try:
            return name_search_dialog(output_content)
        except ThemeMarkupChanged as exc:
            raise PluginError(f"{template_name}: {exc}") from None

    def on_serve(self, server: LiveReloadServer, *, config: MkDocsConfig, builder: Any) -> LiveReloadServer:
        if not self.options.enabled:
            return server
        server.watch(str(self.trees_dir))
        server.error_handler = serve_errors.wrap_error_handler(server.error_handler, lambda: self.problems)
        return server
