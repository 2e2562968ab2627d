"""rules/translations_site.py: the site's `languages:` and the translation folders name the same languages."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import sitebuild

from build_tools.check.config import read_site
from build_tools.check.validate import load_site
from build_tools.rules.examples import CAUSES, VALID
from build_tools.rules.translations import ES, ES_CAUSES
from build_tools.rules.translations_site import SITE, SITE_ES, SITE_XX

CODES = ("language-not-published", "language-without-translations")


def site(root: Path, config: str | None, translations: dict[str, str]) -> list[str]:
    """`check` of a site in `root` (run from there, so paths read as a contributor sees them): its
    gcc lines of the two codes."""
    trees = root / "trees"
    trees.mkdir()
    (trees / "causes.yaml").write_text(CAUSES, encoding="utf-8")
    (trees / "t.yaml").write_text(VALID, encoding="utf-8")
    for name, text in translations.items():
        (trees / name).parent.mkdir(parents=True, exist_ok=True)
        (trees / name).write_text(text, encoding="utf-8")
    if config is not None:
        (root / "mkdocs.yml").write_text(config, encoding="utf-8")
    problems = load_site([trees], parallel=False).problems
    return [p.gcc() for p in problems if p.code in CODES]


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_a_translated_language_the_site_does_not_publish_is_an_error_at_its_folder(here: Path) -> None:
    found = site(here, SITE, {"es/t.yaml": ES, "es/causes.yaml": ES_CAUSES})
    assert [line.split(": ", 2)[:2] for line in found] == [["trees/es:1:1", "error[language-not-published]"]]
    assert "add `es:` with its `name`" in found[0]


def test_a_published_language_without_translations_is_an_error_at_its_key_in_mkdocs_yml(here: Path) -> None:
    found = site(here, SITE_ES, {})
    assert [line.split(": ", 2)[:2] for line in found] == [
        ["mkdocs.yml:5:9", "error[language-without-translations]"]
    ]
    assert "no file in trees/es/" in found[0]


def test_a_typo_in_the_language_code_reports_both_the_folder_and_the_key(here: Path) -> None:
    found = site(here, SITE_ES.replace(" es:", " sp:"), {"es/t.yaml": ES, "es/causes.yaml": ES_CAUSES})
    assert [line.split(":", 3)[:3] for line in found] == [["mkdocs.yml", "5", "9"], ["trees/es", "1", "1"]]


def test_an_empty_language_folder_has_no_translations_as_on_a_fresh_clone(here: Path) -> None:
    (here / "trees" / "es").mkdir(parents=True)
    (here / "trees" / "causes.yaml").write_text(CAUSES, encoding="utf-8")
    (here / "trees" / "t.yaml").write_text(VALID, encoding="utf-8")
    (here / "mkdocs.yml").write_text(SITE_ES, encoding="utf-8")
    found = [p.gcc() for p in load_site([here / "trees"], parallel=False).problems if p.code in CODES]
    assert [line.split(": ", 2)[1] for line in found] == ["error[language-without-translations]"]


def test_one_file_that_fails_to_load_still_counts_as_translations(here: Path) -> None:
    # Its own problems say what is wrong with it; the site does publish the language.
    assert site(here, SITE_ES, {"es/t.yaml": "language: [\n"}) == []


def test_trees_without_a_site_config_say_nothing_about_languages(here: Path) -> None:
    assert site(here, None, {"es/t.yaml": ES, "es/causes.yaml": ES_CAUSES}) == []


def test_the_site_settings_give_each_language_where_its_key_is(tmp_path: Path) -> None:
    config = tmp_path / "mkdocs.yml"
    config.write_text(SITE_ES.replace("        es:", "        fr:\n          name: Français\n        es:"))
    settings, problems = read_site(config)
    assert problems == []
    assert settings.languages == {"fr": (5, 9), "es": (7, 9)}
    config.write_text("site_name: S\nplugins:\n  - search\n", encoding="utf-8")
    assert read_site(config)[0].languages is None  # the plugin is not listed: nothing to compare


def test_a_published_language_without_an_engine_catalogue_is_an_error_at_its_key(here: Path) -> None:
    site(here, SITE_XX, {"es/t.yaml": ES, "es/causes.yaml": ES_CAUSES})
    problems = load_site([here / "trees"], parallel=False).problems
    found = [p.gcc() for p in problems if p.code == "language-without-catalogue"]
    assert [line.split(": ", 2)[:2] for line in found] == [
        ["mkdocs.yml:7:9", "error[language-without-catalogue]"]
    ]
    assert "'xx' has no catalogue of the engine's words (build_tools/render/locales/xx.yaml)" in found[0]


OTHER = Path(__file__).parent / "fixtures" / "othersite"


@pytest.mark.parametrize("builder", ["mkdocs", "render"])
def test_building_a_language_without_a_catalogue_stops_with_the_located_error(
    tmp_path: Path, builder: str
) -> None:
    project = Path(shutil.copytree(OTHER, tmp_path / "othersite"))
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    key = "          site_name: Ayuda con la bici\n"
    assert key in text
    config.write_text(text.replace(key, key + "        xx:\n          name: Xx\n", 1), encoding="utf-8")
    line = config.read_text(encoding="utf-8").splitlines().index("        xx:") + 1
    out = tmp_path / "out"
    if builder == "mkdocs":
        result = sitebuild.build(out, config)
    else:
        command = [sys.executable, "-m", "build_tools", "render", "--config", str(config), str(out)]
        result = subprocess.run(command, capture_output=True, text=True, cwd=project, check=False)
    assert result.returncode == 1, result.stderr
    output = result.stdout + result.stderr
    assert f"mkdocs.yml:{line}:9: error[language-without-catalogue]: languages: 'xx'" in output, output
    assert "Traceback" not in output and "internal error" not in output
    assert not (out / "xx").exists() and not (out / "site").exists()


def test_the_real_site_publishes_exactly_the_languages_it_translates() -> None:
    root = Path(__file__).resolve().parent.parent
    problems = load_site([root / "trees"], parallel=False).problems
    codes = (*CODES, "language-without-catalogue")
    assert [p.gcc() for p in problems if p.code in codes] == []
    assert read_site(root / "mkdocs.yml")[0].languages is not None
