"""What the generator renders with: the page type, its options, the Jinja environment and text filters.

Kept apart from generator.py (which walks the project) so exporters and the plugin can use pages and
options without the generator's logic.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import jinja2

from ..core.options import PluginOptions
from ..text import trusted
from .localize import ENGLISH_CLOSE, ENGLISH_OPEN


@dataclass(frozen=True)
class Page:
    """One page: Markdown for MkDocs to convert, and HTML to put around the converted result.

    `before` and `after` hold the page's controls (answer buttons, back, trail). Keeping them out of the
    Markdown spares the converter and the search index from them; `text.extension.dress` joins the
    parts once the Markdown is converted and sanitized.
    """

    src: str  # path under docs/, e.g. "troubleshoot/message-wont-send/index.md"
    content: str
    before: str = ""
    after: str = ""


# The site's topic lives in its own config; these defaults name none.
HOME_DESCRIPTION = "Find out what is wrong, one question at a time, and what to do about it."
FAQ_DESCRIPTION = "Short answers to common questions, each with a link to the step that helps."


@dataclass(frozen=True)
class Options:
    """What the generator renders with: the plugin's options (core/options.py, their one home), and what
    the site's own config and the way out add."""

    plugin: PluginOptions = field(default_factory=PluginOptions)
    root: Path = Path()  # the folder of mkdocs.yml: the plugin's paths are relative to it
    site_name: str = ""
    site_description: str | None = None  # the home page's description when the plugin sets none
    site_url: str = ""  # the published address, for the page URL in a feedback report
    language: str = "en"  # of the project it renders: the engine's own words come from render/locales/
    # Every page as <url>/index.md (same URLs): for builders that resolve raw-HTML links from the source
    # file (see urls.directory_src). The MkDocs plugin keeps the shorter `<tree>/<node>.md` names.
    directory_sources: bool = False
    # "Updated" per tree id; None asks git once per tree file (the build date outside git).
    tree_dates: Mapping[str, dt.date] | None = None

    @property
    def template_dirs(self) -> list[Path]:
        return [self.root / self.plugin.templates] if self.plugin.templates else []

    @property
    def home_description(self) -> str:
        return self.plugin.home_description or self.site_description or HOME_DESCRIPTION

    @property
    def faq_description(self) -> str:
        return self.plugin.faq_description or FAQ_DESCRIPTION


def environment(template_dirs: Sequence[Path]) -> jinja2.Environment:
    loaders: list[jinja2.BaseLoader] = [jinja2.FileSystemLoader([str(d) for d in template_dirs])]
    loaders.append(jinja2.PackageLoader("build_tools.render", "templates"))
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        # Every *.html.j2 template escapes what it prints; only the fragments of text/trusted.py (the
        # support line, the SVG map, JSON-LD) are marked safe. *.md.j2 templates write Markdown, which is
        # converted and then sanitized as a whole (see sanitize.py): they hold no HTML of their own.
        autoescape=jinja2.select_autoescape(enabled_extensions=("html.j2",), default_for_string=False),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
        # One environment per build (generator.py): a template can't change under it, so looking one up
        # need not stat its file again (tens of thousands of lookups at a few thousand pages).
        auto_reload=False,
    )
    env.filters["json_ld"] = trusted.json_ld
    env.filters["plain"] = plain_text
    # For front matter that Material prints without escaping (title in <title> and the header, description
    # inside content="..."): escaped here, before Material sees it.
    env.filters["html_text"] = trusted.front_matter_text
    env.filters["html_attr"] = trusted.front_matter_attr
    env.filters["link_text"] = link_text
    env.filters["heading_text"] = heading_text
    return env


def escape_markdown(text: str, special: str) -> str:
    """Contributor Markdown placed inside the template's own syntax: each character of `special` that is
    not escaped yet gets a backslash, and a trailing odd backslash is doubled so it can't escape what the
    template writes next. The contributor's own escapes keep their meaning: `\\*` stays a literal star (adding
    a backslash to every backslash would turn it into `\\\\*`, a backslash and a live star). One pass."""
    out: list[str] = []
    run = 0  # backslashes just before this character
    for char in text:
        if char in special and run % 2 == 0:
            out.append("\\")
        out.append(char)
        run = run + 1 if char == "\\" else 0
    if run % 2:
        out.append("\\")
    return "".join(out)


def link_text(text: str) -> str:
    """A title as Markdown link text: brackets can't end the link early (`x](javascript:...)`) and braces
    can't start an attribute list on the link or inside it (`*x*{: onclick=... }`)."""
    return escape_markdown(text, "[]{}")


def heading_text(text: str) -> str:
    """A title as heading text before the template's own `{: #id }`: a brace it leaves open (`T {: onfocus=x`)
    can't merge with the template's attribute list."""
    return escape_markdown(text, "{}")


# Neither part can run past the next bracket or parenthesis, so a run of "[" or "](" is one linear scan.
_MD_LINK = re.compile(r"\[([^\[\]]*)\]\([^()]*\)")
_MD_MARK = re.compile(r"[*_`#>]+")


def plain_text(markdown: str) -> str:
    """Markdown reduced to readable plain text (for structured data and descriptions), without the marks
    that tell a screen reader which words are English (render/localize.py)."""
    text = markdown.replace(ENGLISH_OPEN, "").replace(ENGLISH_CLOSE, "")
    text = _MD_LINK.sub(r"\1", text)
    text = _MD_MARK.sub("", text)
    return " ".join(text.split())
