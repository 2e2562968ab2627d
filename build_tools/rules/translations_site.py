"""The site's languages (the plugin's `languages:` in mkdocs.yml) against the translation folders
(trees/<lang>/) and the engine's word catalogues (render/locales/<lang>.yaml): each published language has
translations and a catalogue, and each translated language is published.

Both are read from the site's settings (check/config.py), so they run only when a mkdocs.yml lists the
plugin: trees checked on their own say nothing about which languages a site publishes. A language "has
translations" when its folder holds at least one file: git keeps no empty folder, so an empty one would
pass here and fail on a fresh clone.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import PurePath
from typing import TYPE_CHECKING

from ..core import locale
from ..core.located import Pos
from .examples import VALID
from .registry import Finding, Scope, rule
from .translations import ES, ES_CAUSES, GROUP, TRANSLATED

if TYPE_CHECKING:
    from ..core.project import Project

SITE = "site_name: S\nplugins:\n  - decision-trees\n"
SITE_ES = (
    "site_name: S\nplugins:\n  - decision-trees:\n      languages:\n        es:\n          name: Español\n"
)

# `xx` has no catalogue (tests/test_rules.py proves the examples against the real locales folder).
SITE_XX = SITE_ES + "        xx:\n          name: Xx\n"
TRANSLATED_XX = {
    **TRANSLATED,
    "xx/t.yaml": ES.replace("language: es", "language: xx", 1),
    "xx/causes.yaml": ES_CAUSES.replace("language: es", "language: xx", 1),
}


def translated(project: Project) -> dict[str, str]:
    """Each language whose folder holds a file (a translation, or one that failed to load): its folder."""
    return {
        lang: t.folder
        for lang, t in sorted(project.translations.items())
        if t.trees or t.causes is not None or t.broken
    }


@rule(
    "language-not-published",
    Scope.PROJECT,
    doc="A language folder (`trees/fr/`) holds translations, but the plugin's `languages:` in `mkdocs.yml` "
    "has no such language, so no site is built in it.",
    fix="Without the language in `mkdocs.yml` its translations are checked but never shown, and the build "
    "says nothing: that is why it is an error. Add the language with at least its own `name`, and its "
    "engine words (`build_tools/render/locales/fr.yaml`), as in [translating](translating.md#the-rest-of-"
    "a-page-and-adding-a-language):\n\n"
    "```yaml\nplugins:\n  - decision-trees:\n      languages:\n        fr:\n          name: Français\n```\n\n"
    "If the folder's name is a typo (`trees/sp/` for Spanish), rename the folder instead. A site that keeps "
    "a language's translations before it publishes them can set this rule to `warning` under `rules:`.",
    passing={**TRANSLATED, "../mkdocs.yml": SITE_ES},
    failing={**TRANSLATED, "../mkdocs.yml": SITE},
    at=(1, 1),
    group=GROUP,
)
def language_not_published(project: Project) -> Iterator[Finding]:
    published = project.settings.languages
    if published is None:
        return
    for lang, folder in translated(project).items():
        if lang not in published:
            config = project.settings.config_path or "mkdocs.yml"
            message = (
                f"{folder}/ translates into {lang!r}, but `languages:` in {config} has no {lang!r}, so no "
                f"site is built in it; add `{lang}:` with its `name` there"
            )
            yield Finding(Pos(1, 1), message, folder)


@rule(
    "language-without-translations",
    Scope.PROJECT,
    doc="A language under the plugin's `languages:` in `mkdocs.yml` has no translations (no file in "
    "`trees/<lang>/`), so its whole site would be the English text.",
    fix="Each language under `languages:` is built as a whole site under `/<lang>/`. With nothing in "
    "`trees/<lang>/`, every page there is English with a note, and the sitemap offers it to search engines "
    "as that language's page: that is why it is an error, not a warning. Usually the code is a typo (`sp:` "
    "for `es:`; folders are two-letter codes). Otherwise translate at least one tree into `trees/<lang>/` "
    "first (see [translating](translating.md)), or remove the language until then. A folder with a file "
    "counts; an empty one does not, because git keeps no empty folder.",
    passing={**TRANSLATED, "../mkdocs.yml": SITE_ES},
    failing={"../mkdocs.yml": SITE_ES, "t.yaml": VALID},
    at=(5, 9),
    group=GROUP,
)
def language_without_translations(project: Project) -> Iterator[Finding]:
    published = project.settings.languages
    config = project.settings.config_path
    if published is None or config is None:
        return
    have = translated(project)
    english = project.causes_path or next((t.path for t in project.trees.values()), None)
    trees = str(PurePath(english).parent) if english else "trees"
    for lang, pos in published.items():
        if lang not in have:
            message = (
                f"languages: {lang!r} has no translations (no file in {trees}/{lang}/), so its site would be "
                f"all English; translate a tree there, or remove {lang!r}"
            )
            yield Finding(pos, message, config)


@rule(
    "language-without-catalogue",
    Scope.PROJECT,
    doc="A language under the plugin's `languages:` in `mkdocs.yml` has no catalogue of the engine's own "
    "words (`build_tools/render/locales/<lang>.yaml`), so its pages cannot be built.",
    fix="The engine's words (Back, Start over, the progress line, dates, the notes about untranslated "
    "text) come from `build_tools/render/locales/<lang>.yaml`, not from `trees/`. Without one there is "
    "nothing to write those controls with, so the build would stop: that is why it is an error. If the "
    "code is a typo (`sp:` for `es:`), fix it. Otherwise copy `en.yaml` to `xx.yaml` in that folder and "
    "translate it, as in [translating](translating.md#the-rest-of-a-page-and-adding-a-language).",
    passing={**TRANSLATED, "../mkdocs.yml": SITE_ES},
    failing={**TRANSLATED_XX, "../mkdocs.yml": SITE_XX},
    at=(7, 9),
    group=GROUP,
)
def language_without_catalogue(project: Project) -> Iterator[Finding]:
    published = project.settings.languages
    config = project.settings.config_path
    if published is None or config is None:
        return
    have = locale.available()
    for lang, pos in published.items():
        if lang not in have:
            message = (
                f"languages: {lang!r} has no catalogue of the engine's words "
                f"(build_tools/render/locales/{lang}.yaml), so its pages cannot be built; add one "
                f"(copy en.yaml and translate it), or remove {lang!r}"
            )
            yield Finding(pos, message, config)
