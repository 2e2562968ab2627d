"""Trees -> a plain docs folder plus a config that any Material-compatible builder builds without our plugin.

Zensical reads `mkdocs.yml` but runs no third-party MkDocs plugin, so there the generated pages must exist
as files. `render` writes them from the same Generator the plugin uses: each step page's controls
(`Page.before` / `Page.after`) are put around its Markdown as raw HTML blocks that `md_in_html` keeps as
they are, and every page sits at `<url>/index.md` so that relative links mean the same whether a builder
resolves them from the page URL (MkDocs) or from the source file (Zensical).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ..check.cache import cache_dir
from ..check.config import read_site
from ..check.validate import load_project
from ..core import locale
from ..core.options import PLUGIN, PluginOptions
from ..core.problems import Problem
from ..core.project import Project
from ..render import urls
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
    language_site_url,
    merge_sitemaps,
    translate_nav,
)
from ..text import sanitize, trusted
from ..text.extension import NAME as EXTENSION
from ..text.extension import Controls, header

MARKER = ".dt-export"  # marks a folder `render` wrote, so it may replace it next time
BUILDER_CACHES = (".cache",)  # what builders keep beside the config (Zensical): kept across renders


# -- the exported site ------------------------------------------------------------------------------
@dataclass(frozen=True)
class Export:
    out_dir: Path
    config: Path  # the generated mkdocs.yml
    pages: int  # generated pages written, in every language (hand-written docs are copied besides)
    languages: tuple[str, ...] = ()  # the other languages, each a site of its own in out_dir/<lang>/


class _ConfigLoader(yaml.SafeLoader):
    """mkdocs.yml as data: `!ENV` is resolved like MkDocs does; Python tags are refused with a location."""


def _env_tag(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    names = [node.value] if isinstance(node, yaml.ScalarNode) else [n.value for n in node.value]
    default = None if isinstance(node, yaml.ScalarNode) or len(names) < 2 else names.pop()
    for name in names:
        if name in os.environ:
            return yaml.safe_load(os.environ[name])
    return default


_ConfigLoader.add_constructor("!ENV", _env_tag)


def _problem(path: Path, code: str, message: str, mark: Any = None) -> Problem:
    line, col = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    return Problem(str(path), line, col, code, message)


def read_config(path: Path) -> tuple[dict[str, Any] | None, list[Problem]]:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        return None, [_problem(path, "export-config", f"cannot read the site config: {exc.strerror}")]
    try:
        data = yaml.load(text, Loader=_ConfigLoader)  # a SafeLoader subclass
    except yaml.MarkedYAMLError as exc:
        message = f"cannot read the site config: {exc.problem or exc.context}"
        return None, [_problem(path, "export-config", message, exc.problem_mark)]
    if not isinstance(data, dict):
        return None, [_problem(path, "export-config", "the site config is not a mapping")]
    return data, []


def _plugin_settings(config: dict[str, Any]) -> dict[str, Any] | None:
    for entry in config.get("plugins") or []:
        if entry == PLUGIN:
            return {}
        if isinstance(entry, dict) and PLUGIN in entry:
            return dict(entry[PLUGIN] or {})
    return None


def _without_plugin(plugins: Any) -> list[Any]:
    if plugins is None:
        return ["search"]  # MkDocs' default list
    return [p for p in plugins if p != PLUGIN and not (isinstance(p, dict) and PLUGIN in p)]


def _extension_names(extensions: Sequence[Any]) -> set[str]:
    return {next(iter(e)) if isinstance(e, dict) else str(e) for e in extensions}


def render(config_path: Path, out_dir: Path) -> tuple[Export | None, list[Problem]]:
    """Write `out_dir/mkdocs.yml` and `out_dir/docs/`. On problems nothing is written, not even half.

    The config builds into `out_dir/site` (Zensical requires the site folder inside the project folder).
    """
    config_path = config_path.resolve()
    root = config_path.parent
    out_dir = out_dir.resolve()
    config, problems = read_config(config_path)
    if config is None:
        return None, problems
    cfg, problems = _plugin_config(config_path, config)
    if cfg is None:
        return None, problems
    docs_dir = root / str(config.get("docs_dir", "docs"))
    problems = _target_problems(config_path, root, docs_dir, out_dir)
    if problems:
        return None, problems
    if not cfg.enabled:  # the site as MkDocs builds it with the plugin off: its own pages only
        site, custom_dir = _without_plugin_config(config, root)
        _write(
            out_dir,
            config_path,
            [Site("", site, [], None)],
            docs_dir,
            custom_dir,
            [],
            cfg.language,
            assets=False,
        )
        return Export(out_dir, out_dir / "mkdocs.yml", 0, ()), []
    # `check` judges tree text with the site's own Markdown configuration, as inside a MkDocs build.
    extensions = list(config.get("markdown_extensions") or [])
    sanitize.use_markdown(
        [next(iter(e)) if isinstance(e, dict) else str(e) for e in extensions],
        {k: v or {} for e in extensions if isinstance(e, dict) for k, v in e.items()},
    )
    settings, site_problems = read_site(config_path)
    if site_problems:
        return None, site_problems
    trees = root / cfg.trees_dir
    project = load_project([trees], settings=settings, cache=cache_dir(trees))
    if not project.ok:
        return None, [p for p in project.problems if p.is_error]
    generator = Generator(project, _options(cfg, root, config, config.get("site_url"), cfg.language))
    pages = generator.pages()
    clashes = [p.src for p in pages if (docs_dir / p.src).exists()]
    clashes += [a for a in ASSET_FILES if (docs_dir / a).exists()]
    if clashes:
        return None, [
            _problem(docs_dir / src, "export-clash", "a generated file has this name; rename or remove it")
            for src in clashes
        ]
    site, custom_dir = _site_config(config, cfg, generator, root, extensions)
    site.setdefault("extra", {})
    site["extra"] = {
        **(site["extra"] or {}),
        "dt_i18n": language_links(cfg, cfg.language, site.get("site_url")),
    }
    sites = [Site("", site, pages, None)]
    for lang in cfg.languages:
        sites.append(
            _language_site(
                config,
                cfg,
                root,
                extensions,
                lang,
                localize(project, project.translations.get(lang) or Untranslated(), locale.load(lang)),
            )
        )
    _write(out_dir, config_path, sites, docs_dir, custom_dir, list(cfg.languages), cfg.language)
    total = sum(len(s.pages) for s in sites)
    return Export(out_dir, out_dir / "mkdocs.yml", total, tuple(cfg.languages)), []


@dataclass(frozen=True)
class Site:
    """One language's site in the export: its folder below out_dir ("" for the trees' own language)."""

    folder: str
    config: dict[str, Any]
    pages: Sequence[Page]
    language: str | None  # None: the trees' own language


def _language_site(
    config: dict[str, Any],
    cfg: PluginOptions,
    root: Path,
    extensions: list[Any],
    lang: str,
    localized: tuple[Project, Notes],
) -> Site:
    """The site in `lang`, built on its own from out_dir/<lang>/mkdocs.yml into out_dir/<lang>/site (then
    published below the English site as /<lang>/: `make build-zensical`)."""
    words = cfg.languages[lang]
    lang_cfg = cfg.in_language(lang)
    project, notes = localized
    site_url = language_site_url(config.get("site_url"), lang)
    local = dict(config)
    for key in ("site_name", "site_description", "copyright"):
        if getattr(words, key) is not None:
            local[key] = getattr(words, key)
    generator = Generator(project, _options(lang_cfg, root, local, site_url, lang), notes)
    pages = generator.pages()
    site, _ = _site_config(local, lang_cfg, generator, root, extensions)
    site["site_url"] = site_url
    site["nav"] = translate_nav(site["nav"], words.nav)
    theme = dict(site["theme"])
    theme["language"] = lang
    palettes = theme.get("palette")
    if isinstance(palettes, list):
        names = list(words.palette_toggles)
        translated = []
        for n, palette in enumerate(palettes):
            if isinstance(palette, dict) and isinstance(palette.get("toggle"), dict) and n < len(names):
                palette = {**palette, "toggle": {**palette["toggle"], "name": names[n]}}
            translated.append(palette)
        theme["palette"] = translated
    site["theme"] = theme
    ext = site["markdown_extensions"][-1][EXTENSION]
    ext["base_glyphs"] = dict(locale.load(lang).glyphs)
    ext["separator"] = locale.load(lang).separator
    site["extra"] = {**(site.get("extra") or {}), "dt_i18n": language_links(cfg, lang, site_url)}
    return Site(lang, site, pages, lang)


def _options(
    cfg: PluginOptions, root: Path, config: dict[str, Any], site_url: str | None, language: str
) -> Options:
    """The generator's options for one language's site of the export (every page at <url>/index.md)."""
    return Options(
        cfg,
        root,
        str(config.get("site_name", "")),
        site_description=config.get("site_description"),
        site_url=site_url or "",
        language=language,
        directory_sources=True,
    )


def _plugin_config(config_path: Path, config: dict[str, Any]) -> tuple[PluginOptions | None, list[Problem]]:
    settings = _plugin_settings(config)
    if settings is None:
        return None, [_problem(config_path, "export-config", f"no `{PLUGIN}` entry under plugins:")]
    cfg = DecisionTreesConfig()
    cfg.load_dict(settings)
    failed, _ = cfg.validate()
    if failed:
        return None, [
            _problem(config_path, "export-config", f"plugins: {PLUGIN}: {name}: {error}")
            for name, error in failed
        ]
    return PluginOptions.from_mapping(cfg), []


def _target_problems(config_path: Path, root: Path, docs_dir: Path, out_dir: Path) -> list[Problem]:
    """`render` replaces only a folder it wrote itself, and never the site's own files."""
    if out_dir in (root, docs_dir) or out_dir in docs_dir.parents or docs_dir in out_dir.parents:
        return [_problem(config_path, "export-out", f"{out_dir} would overwrite the site's own files")]
    if out_dir.exists() and any(out_dir.iterdir()) and not (out_dir / MARKER).is_file():
        return [_problem(config_path, "export-out", f"{out_dir} exists and was not written by `render`")]
    return []


def split_front_matter(content: str) -> tuple[str, str]:
    if content.startswith("---\n"):
        end = content.find("\n---\n", 3)
        if end >= 0:
            return content[: end + 5], content[end + 5 :]
    return "", content


def exported_page(page: Page) -> str:
    """A generated page as a Markdown file: its front matter, then the header that gives the trust
    extension its controls (text/extension.py), then its Markdown. Every generated page has a header, so
    the builder sanitizes every one of them while it converts it."""
    front, body = split_front_matter(page.content)
    return front + "\n" + header(Controls(page.before, page.after)) + body


def _site_config(
    config: dict[str, Any],
    cfg: PluginOptions,
    generator: Generator,
    root: Path,
    extensions: list[Any],
) -> tuple[dict[str, Any], Path | None]:
    """The exported mkdocs.yml: the site's own, without the plugin and with what it would have added."""
    site, custom_dir = _without_plugin_config(config, root)
    site["nav"] = generated_nav(generator, cfg, config.get("nav"))
    not_in_nav = str(config.get("not_in_nav") or "").strip()
    site["not_in_nav"] = "\n".join(filter(None, [not_in_nav, f"/{urls.ROOT}/"]))
    site["extra_css"] = [*(config.get("extra_css") or []), STYLESHEET]
    site["extra_javascript"] = [*(config.get("extra_javascript") or []), SCRIPT]
    # Edit links would point generated pages at docs/ files that are not in the repository.
    site.pop("edit_uri", None)
    site.pop("edit_uri_template", None)
    # The builder sanitizes generated pages and dresses them in their controls while it converts them.
    extensions = [e for e in extensions if _extension_names([e]) != {EXTENSION}]
    extensions.append({EXTENSION: {"glyphs": dict(cfg.glyphs)}})
    site["markdown_extensions"] = extensions
    return site, custom_dir


def _without_plugin_config(config: dict[str, Any], root: Path) -> tuple[dict[str, Any], Path | None]:
    """The site's own mkdocs.yml without the plugin, its paths made to work from the export's folder."""
    site = dict(config)
    site["docs_dir"] = "docs"
    site["site_dir"] = "site"
    site["plugins"] = _without_plugin(config.get("plugins"))
    theme = config.get("theme")
    theme = dict(theme) if isinstance(theme, dict) else {"name": theme or "material"}
    custom_dir = None
    if theme.get("custom_dir"):
        custom_dir = root / str(theme["custom_dir"])
        theme["custom_dir"] = "overrides"
    # Zensical's default "modern" look has other colours than Material's, against which dt.css keeps
    # its contrast (axe: footer and current nav entry fall under 4.5:1); "classic" is Material's look.
    # MkDocs + Material ignore the key.
    theme.setdefault("variant", "classic")
    site["theme"] = theme
    if isinstance(config.get("hooks"), list):
        site["hooks"] = [str(root / h) for h in config["hooks"]]
    site.pop("watch", None)
    return site, custom_dir


def _write(
    out_dir: Path,
    config_path: Path,
    sites: Sequence[Site],
    docs_dir: Path,
    custom_dir: Path | None,
    codes: Sequence[str],
    source: str,
    *,
    assets: bool = True,
) -> None:
    """Everything into a staging folder beside `out_dir`, then swapped in: never a half-written export."""
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.", dir=out_dir.parent))
    try:
        for site in sites:
            folder = staging / site.folder
            docs = folder / "docs"
            if docs_dir.is_dir():
                _copy_docs(docs_dir, docs, site.language, codes, source)
            for page in site.pages:
                target = docs / page.src
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(exported_page(page), encoding="utf-8")
            for asset in ASSET_FILES if assets else ():
                target = docs / asset
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(ASSETS / Path(asset).name, target)
            if custom_dir is not None and custom_dir.is_dir():
                shutil.copytree(custom_dir, folder / "overrides")
            header = f"# Written by `python -m build_tools render` from {config_path.name}; edit that one.\n"
            text = yaml.safe_dump(site.config, sort_keys=False, allow_unicode=True, width=110)
            (folder / "mkdocs.yml").write_text(header + text, encoding="utf-8")
        (staging / MARKER).write_text("", encoding="utf-8")
        if out_dir.exists():
            for name in BUILDER_CACHES:  # keyed on content: unchanged pages are not converted again
                if (out_dir / name).is_dir():
                    (out_dir / name).rename(staging / name)
            shutil.rmtree(out_dir)
        staging.rename(out_dir)
    finally:
        if staging.exists():
            shutil.rmtree(staging)


def _copy_docs(docs_dir: Path, docs: Path, language: str | None, codes: Sequence[str], source: str) -> None:
    """The hand-written pages of one language's site: `page.<lang>.md` takes the place of `page.md` in the
    site of <lang> and leaves every other; a page with no translation is shown in English with a note."""
    shutil.copytree(docs_dir, docs, ignore=lambda _, names: [n for n in names if _language_of(n, codes)])
    if language is None:
        return
    note = trusted.text(locale.load(language)("language.page_in_english"))
    for page in docs.rglob("*.md"):
        translation = docs_dir / page.relative_to(docs).parent / f"{page.stem}.{language}.md"
        if translation.is_file():
            page.write_text(translation.read_text(encoding="utf-8"), encoding="utf-8")
            continue
        front, body = split_front_matter(page.read_text(encoding="utf-8"))
        page.write_text(
            f'{front}<p class="dt-note dt-language-note" data-dt-language-note>{note}</p>\n\n'
            f'<div lang="{source}" markdown>\n\n{body}\n\n</div>\n',
            encoding="utf-8",
        )


def _language_of(name: str, codes: Sequence[str]) -> str | None:
    """`about.es.md` -> "es" when es is one of the site's languages."""
    stem, dot, ext = name.rpartition(".")
    base, _, code = stem.rpartition(".")
    return code if dot and ext == "md" and base and code in codes else None


def join(out_dir: Path, site_dir: Path, main_language: str = "en") -> list[str]:
    """The sites built from an export, as one site in `site_dir`: out_dir/site, and each language's
    out_dir/<lang>/site as its /<lang>/ folder, with one sitemap for all. Returns the languages joined."""
    languages = sorted(
        d.name for d in out_dir.iterdir() if (d / "mkdocs.yml").is_file() and (d / "site").is_dir()
    )
    if site_dir.exists():
        shutil.rmtree(site_dir)
    shutil.move(out_dir / "site", site_dir)
    for lang in languages:
        shutil.move(out_dir / lang / "site", site_dir / lang)
    merge_sitemaps(site_dir, languages, main_language)
    return languages
