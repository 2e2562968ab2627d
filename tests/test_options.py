"""The plugin's options: one declaration each (core/options.py), the MkDocs config derived from it
(render/options.py), and `enabled: false` turning the plugin off in the build and in the export."""

from __future__ import annotations

import dataclasses
import filecmp
import gzip
import shutil
from pathlib import Path

import pytest
import yaml
from sitebuild import build

from build_tools.core.options import PluginOptions, https_address
from build_tools.export.markdown import read_config
from build_tools.export.markdown import render as export
from build_tools.render.options import DecisionTreesConfig, config_option

ROOT = Path(__file__).resolve().parent.parent
OTHERSITE = ROOT / "tests" / "fixtures" / "othersite"


def test_the_mkdocs_config_has_every_option_with_its_default() -> None:
    config = DecisionTreesConfig()
    assert config.validate() == ([], [])
    defaults = {
        k: list(v) if isinstance(v, tuple) else v for k, v in dataclasses.asdict(PluginOptions()).items()
    }
    assert dict(config) == defaults


def test_the_options_come_from_the_validated_config_by_name() -> None:
    config = DecisionTreesConfig()
    config.load_dict({"causes_title": "Why", "tree_order": ["b", "a"], "enabled": False})
    assert config.validate() == ([], [])
    options = PluginOptions.from_mapping(config)
    assert (options.causes_title, list(options.tree_order), options.enabled) == ("Why", ["b", "a"], False)


def test_the_real_site_config_loads_into_the_options() -> None:
    config, _ = read_config(ROOT / "mkdocs.yml")
    assert config is not None
    entry = next(
        i["decision-trees"] for i in config["plugins"] if isinstance(i, dict) and "decision-trees" in i
    )
    cfg = DecisionTreesConfig()
    cfg.load_dict(entry)
    assert cfg.validate() == ([], [])
    assert PluginOptions.from_mapping(cfg).repository == entry["repository"]


def test_a_field_of_a_type_with_no_mkdocs_option_is_refused() -> None:
    @dataclasses.dataclass
    class Odd:
        count: int = 1

    with pytest.raises(TypeError, match=r"^count: no MkDocs option"):
        config_option(dataclasses.fields(Odd)[0], int)


def test_a_checked_option_reports_its_problem_and_names_no_other() -> None:
    config = DecisionTreesConfig()
    config.load_dict({"repository": "http://example.org/x"})
    failed, _ = config.validate()
    assert [(name, str(error)) for name, error in failed] == [
        ("repository", https_address("http://example.org/x"))
    ]
    assert https_address("https://github.com/owner/name") == ""


# -- enabled: false -------------------------------------------------------------------------------
def _othersite(tmp_path: Path, plugin: object) -> Path:
    """A copy of the bike site with `plugin` as its decision-trees entry (None: not listed)."""
    site = tmp_path
    shutil.copytree(OTHERSITE, site)
    config = yaml.safe_load((site / "mkdocs.yml").read_text(encoding="utf-8"))
    config["plugins"] = ["search"] + ([{"decision-trees": plugin}] if plugin is not None else [])
    if isinstance(plugin, dict) and "languages" not in plugin:
        shutil.rmtree(site / "trees" / "es")  # English only: unpublished translations are an error
    (site / "mkdocs.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    return site


def _differences(a: Path, b: Path) -> list[str]:
    """Files that differ between two built sites (sitemap.xml.gz compared unzipped: it holds a time)."""
    left = sorted(p.relative_to(a) for p in a.rglob("*") if p.is_file())
    right = sorted(p.relative_to(b) for p in b.rglob("*") if p.is_file())
    if left != right:
        return [str(p) for p in set(left) ^ set(right)]
    differ = []
    for rel in left:
        if rel.suffix == ".gz":
            same = gzip.decompress((a / rel).read_bytes()) == gzip.decompress((b / rel).read_bytes())
        else:
            same = filecmp.cmp(a / rel, b / rel, shallow=False)
        if not same:
            differ.append(str(rel))
    return differ


def test_a_disabled_plugin_builds_the_site_as_if_it_were_not_listed(tmp_path: Path) -> None:
    # A trees folder that does not exist: the plugin, if it ran, would fail the build on it.
    off = _othersite(tmp_path / "off", {"enabled": False, "trees_dir": "no-such-folder"})
    without = _othersite(tmp_path / "without", None)
    on = _othersite(tmp_path / "on", {})
    for site in (off, without, on):
        result = build(site / "built", site / "mkdocs.yml")
        assert result.returncode == 0, result.stderr
    assert _differences(off / "built", without / "built") == []
    # The comparison finds what the plugin adds when it is on.
    assert "troubleshoot/chain-slips/index.html" in _differences(on / "built", without / "built")


def test_a_disabled_plugin_exports_the_site_without_its_pages(tmp_path: Path) -> None:
    off = _othersite(tmp_path / "off", {"enabled": False, "trees_dir": "no-such-folder"})
    result, problems = export(off / "mkdocs.yml", tmp_path / "export")
    assert problems == [] and result is not None and result.pages == 0
    written = yaml.safe_load((tmp_path / "export" / "mkdocs.yml").read_text(encoding="utf-8"))
    assert written["plugins"] == ["search"]
    assert "markdown_extensions" not in written or all(
        "decision_trees" not in str(e) for e in written["markdown_extensions"]
    )
    files = sorted(
        str(p.relative_to(tmp_path / "export" / "docs")) for p in (tmp_path / "export" / "docs").rglob("*")
    )
    assert files == ["contact.md"]


def test_a_language_s_own_words_replace_the_site_s_in_that_language_only() -> None:
    config = DecisionTreesConfig()
    config.load_dict(
        {
            "causes_title": "Why",
            "outcome_labels": {"wait": "Wait"},
            "languages": {
                "es": {"name": "Español", "causes_title": "Por qué", "outcome_labels": {"fixed": "Listo"}}
            },
        }
    )
    assert config.validate() == ([], [])
    options = PluginOptions.from_mapping(config)
    spanish = options.in_language("es")
    assert options.languages["es"].name == "Español"
    assert (options.causes_title, spanish.causes_title) == ("Why", "Por qué")
    assert spanish.outcome_labels == {"wait": "Wait", "fixed": "Listo"}
    assert spanish.faq_description == options.faq_description  # unset: as the trees' language has it


def test_a_language_without_its_name_is_refused_where_it_is() -> None:
    config = DecisionTreesConfig()
    config.load_dict({"languages": {"es": {"causes_title": "Por qué"}}})
    failed, _ = config.validate()
    assert [name for name, _ in failed] == ["languages"]
