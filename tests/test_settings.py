"""A site's rule levels (mkdocs.yml `rules:`), its journeys folder, and `# check: ignore[code]` comments."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import sitebuild

from build_tools import cli
from build_tools.check.config import find_ignores, read_site
from build_tools.check.validate import load_site
from build_tools.core import model
from build_tools.core.problems import Level
from build_tools.rules.examples import CAUSES, VALID, broken

OTHER = Path(__file__).parent / "fixtures" / "othersite"
UNREACHABLE = broken("next: restart", "next: fixed-now")  # `restart` (line 14) can't be reached


def site(tmp_path: Path, tree: str, config: str | None = None) -> Path:
    trees = tmp_path / "trees"
    trees.mkdir(parents=True)
    (trees / "causes.yaml").write_text(CAUSES, encoding="utf-8")
    (trees / "t.yaml").write_text(tree, encoding="utf-8")
    if config is not None:
        (tmp_path / "mkdocs.yml").write_text(config, encoding="utf-8")
    return trees


def rules_config(rules: str) -> str:
    return f"site_name: S\nplugins:\n  - decision-trees:\n      rules:\n{rules}"


def found(trees: Path) -> list[tuple[str, int, int, Level]]:
    return [(p.code, p.line, p.col, p.level) for p in load_site([trees]).problems]


def test_without_settings_an_error_is_an_error(tmp_path: Path) -> None:
    assert found(site(tmp_path, UNREACHABLE)) == [("unreachable", 14, 3, Level.ERROR)]


@pytest.mark.parametrize(
    ("level", "expected"),
    [
        ("warning", [("unreachable", 14, 3, Level.WARNING)]),
        ("off", []),
        ("error", [("unreachable", 14, 3, Level.ERROR)]),
    ],
)
def test_a_site_sets_a_rules_level_in_mkdocs_yml(
    tmp_path: Path, level: str, expected: list[tuple[str, int, int, Level]]
) -> None:
    trees = site(tmp_path, UNREACHABLE, rules_config(f"        unreachable: {level}\n"))
    assert found(trees) == expected


def test_an_unknown_code_or_level_in_rules_is_a_located_site_config_error(tmp_path: Path) -> None:
    config = rules_config("        unreachabel: off\n        cycle: loud\n")
    problems = load_site([site(tmp_path, VALID, config)]).problems
    assert [(Path(p.path).name, p.code, p.line, p.col) for p in problems] == [
        ("mkdocs.yml", "site-config", 5, 9),
        ("mkdocs.yml", "site-config", 6, 16),
    ]
    assert "no rule has the code 'unreachabel'" in problems[0].message
    assert "off, warning or error, not 'loud'" in problems[1].message


def test_check_reads_the_mkdocs_yml_beside_the_trees_or_the_one_given(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    trees = site(tmp_path, UNREACHABLE, rules_config("        unreachable: warning\n"))
    assert cli.main(["check", str(trees)]) == 0
    assert "warning[unreachable]" in capsys.readouterr().out
    other = tmp_path / "strict.yml"
    other.write_text(rules_config("        unreachable: error\n"), encoding="utf-8")
    assert cli.main(["check", str(trees), "--config", str(other)]) == 1


def test_an_ignore_comment_silences_its_code_on_its_line_only(tmp_path: Path) -> None:
    tree = UNREACHABLE.replace("  restart:\n", "  restart:  # check: ignore[unreachable]\n")
    assert found(site(tmp_path, tree)) == []
    other_code = UNREACHABLE.replace("  restart:\n", "  restart:  # check: ignore[cycle]\n")
    assert found(site(tmp_path / "b", other_code)) == [("unreachable", 14, 3, Level.ERROR)]


def test_ignore_comments_are_found_with_their_codes_and_column() -> None:
    text = "a: 1  # check: ignore[x, y-z]\nb: '# check: ignore[q]' # not at the end\n#check:ignore[w]\n"
    assert [(i.line, i.col, i.codes) for i in find_ignores("f", text)] == [
        (1, 7, ("x", "y-z")),
        (3, 1, ("w",)),
    ]


def test_stats_lists_the_sites_rule_levels_and_every_ignore_comment(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    tree = UNREACHABLE.replace("  restart:\n", "  restart:  # check: ignore[unreachable]\n")
    trees = site(tmp_path, tree, rules_config("        cycle: warning\n        few-answers: off\n"))
    assert cli.main(["stats", str(trees)]) == 0
    out = capsys.readouterr().out
    assert "rule levels set in" in out
    assert "  cycle: warning\n  few-answers: off\n" in out
    assert "t.yaml:14: ignore[unreachable] (1 not reported)" in out


def test_unknown_outcome_labels_are_a_located_site_config_error(tmp_path: Path) -> None:
    config = "site_name: S\nplugins:\n  - decision-trees:\n      outcome_labels:\n        solved: Done\n"
    (tmp_path / "mkdocs.yml").write_text(config, encoding="utf-8")
    _, problems = read_site(tmp_path / "mkdocs.yml")
    assert [(p.code, p.line, p.col) for p in problems] == [("site-config", 5, 9)]
    assert (
        "'solved' is not an outcome; outcomes are fixed, wait, contact-support, by-design"
        in problems[0].message
    )


def test_the_build_rejects_unknown_outcome_labels_with_the_location(tmp_path: Path) -> None:
    project = Path(shutil.copytree(OTHER, tmp_path / "othersite"))
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(
        text.replace(
            "  - decision-trees:\n", "  - decision-trees:\n      outcome_labels:\n        fixd: Fixed!\n"
        ),
        encoding="utf-8",
    )
    result = sitebuild.build(tmp_path / "site", config)
    assert result.returncode != 0
    assert "mkdocs.yml:11:9: error[site-config]: outcome_labels: 'fixd' is not an outcome" in result.stderr
    assert "Traceback" not in result.stderr


def test_outcomes_are_the_schemas_enum_and_every_one_has_a_badge() -> None:
    schema = json.loads(
        (Path(model.__file__).parent.parent / "schema" / "tree.schema.json").read_text("utf-8")
    )
    assert tuple(schema["$defs"]["resolution"]["properties"]["outcome"]["enum"]) == model.OUTCOMES
    assert set(model.OUTCOME_LABELS) <= set(model.OUTCOMES)  # no label for an outcome that is gone
    labels = model.outcome_labels({"wait": "Later"})
    assert set(labels) == set(model.OUTCOMES) and labels["wait"] == "Later"


def test_an_outcome_added_to_the_schema_builds_with_its_name_as_its_badge(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(model, "OUTCOMES", (*model.OUTCOMES, "needs-update"))
    assert model.outcome_labels({})["needs-update"] == "Needs update"


def test_an_outcome_added_to_the_schema_builds_a_site_that_shows_its_badge(tmp_path: Path) -> None:
    # A copy of the engine whose schema has one more outcome, first in PYTHONPATH, builds the other site
    # with a resolution of that outcome: no KeyError anywhere, and the page shows the outcome's name.
    engine = Path(shutil.copytree(Path(model.__file__).parents[1], tmp_path / "engine" / "build_tools"))
    schema_file = engine / "schema" / "tree.schema.json"
    schema = json.loads(schema_file.read_text(encoding="utf-8"))
    schema["$defs"]["resolution"]["properties"]["outcome"]["enum"].append("needs-update")
    schema_file.write_text(json.dumps(schema), encoding="utf-8")
    project = Path(shutil.copytree(OTHER, tmp_path / "othersite"))
    tree = project / "trees" / "chain-slips.yaml"
    tree.write_text(
        tree.read_text(encoding="utf-8").replace("outcome: contact-support", "outcome: needs-update", 1)
    )
    env = {**os.environ, "PYTHONPATH": str(engine.parent), "NO_MKDOCS_2_WARNING": "1"}
    site = tmp_path / "site"
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(site)],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    pages = [p.read_text(encoding="utf-8") for p in (site / "troubleshoot").rglob("index.html")]
    assert any("Needs update" in page for page in pages)
