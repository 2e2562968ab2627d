"""The rule registry: every rule's examples behave as documented, and the error-codes page is current."""

from __future__ import annotations

import ast
import re
from collections.abc import Mapping
from pathlib import Path

import pytest

from build_tools.project import Project
from build_tools.rules import REGISTRY, Rule, Scope
from build_tools.rules.docs import render_codes_page
from build_tools.rules.examples import CAUSES, VALID
from build_tools.rules.paths import no_resolution
from build_tools.validate import load_project

ROOT = Path(__file__).resolve().parent.parent
ERROR_CODES = ROOT / "docs" / "contributing" / "error-codes.md"
RULES = sorted(REGISTRY.values(), key=lambda r: r.code)


def run_example(tmp_path: Path, example: str | Mapping[str, str | None]) -> Project:
    files: Mapping[str, str | None] = {"t.yaml": example} if isinstance(example, str) else example
    folder = tmp_path / "trees"
    folder.mkdir()
    if "causes.yaml" not in files:
        (folder / "causes.yaml").write_text(CAUSES, encoding="utf-8")
    named: list[Path] = []
    for name, text in files.items():
        if text is None:
            named.append(folder / name)  # asked for, but not there
        elif name.endswith("/"):
            (folder / name).mkdir()
        else:
            # surrogateescape: an example can hold a byte that is not UTF-8 (not-utf8) as a lone surrogate
            (folder / name).write_bytes(text.encode("utf-8", "surrogateescape"))
    return load_project([folder, *named], parallel=False)


@pytest.mark.parametrize("rule", [r for r in RULES if r.failing is not None], ids=lambda r: r.code)
def test_failing_example_reports_the_rule(rule: Rule, tmp_path: Path) -> None:
    assert rule.failing is not None
    project = run_example(tmp_path, rule.failing)
    found = [p for p in project.problems if p.code == rule.code]
    assert found, [p.gcc() for p in project.problems]
    assert all(p.level is rule.level for p in found)


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_passing_example_is_clean(rule: Rule, tmp_path: Path) -> None:
    project = run_example(tmp_path, rule.passing)
    assert [p.gcc() for p in project.problems] == []


def test_no_resolution_guard_reports_a_path_no_other_rule_saw(tmp_path: Path) -> None:
    # The one rule without a failing example: no tree file gets past the other rules and still breaks
    # it, so break the loaded model instead (a step with no buttons at all).
    project = run_example(tmp_path, VALID)
    step = project.trees["t"].nodes["restart"]
    step.links = []
    project.link()
    findings = list(no_resolution(project))
    assert [(f.path, f.pos) for f in findings] == [(project.trees["t"].path, project.trees["t"].start_pos)]
    assert [r.code for r in RULES if r.failing is None] == ["no-resolution"]


def test_every_rule_has_a_one_line_doc_and_a_check_unless_builtin() -> None:
    for rule in RULES:
        assert rule.doc.strip() and "\n" not in rule.doc, rule.code
        assert (rule.check is None) == (rule.scope is Scope.BUILTIN), rule.code
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", rule.code)


def test_error_codes_page_is_generated_from_the_registry() -> None:
    assert ERROR_CODES.read_text(encoding="utf-8") == render_codes_page(), "run `make codes`"
    documented = set(re.findall(r"^### `([a-z0-9-]+)`", render_codes_page(), re.MULTILINE))
    assert documented == set(REGISTRY)


def literal_codes_in_loading_stages() -> set[str]:
    """Codes written as literals in Problem(...) calls: the loading stages that report BUILTIN rules."""
    found: set[str] = set()
    for path in sorted((ROOT / "build_tools").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) in ("Problem", "problem"):
                for arg in [*node.args, *(k.value for k in node.keywords if k.arg == "code")]:
                    value = arg.value if isinstance(arg, ast.Constant) else None
                    if isinstance(value, str) and re.fullmatch(r"[a-z]+(-[a-z0-9]+)+|schema", value):
                        found.add(value)
            if (
                isinstance(node, ast.keyword)
                and node.arg == "duplicate_codes"
                and isinstance(node.value, ast.Dict)
            ):
                found |= {
                    v.value
                    for v in node.value.values
                    if isinstance(v, ast.Constant) and isinstance(v.value, str)
                }
    return found


def test_every_code_a_loading_stage_reports_is_registered() -> None:
    codes = literal_codes_in_loading_stages()
    assert {"yaml-syntax", "duplicate-node", "missing-causes", "bad-tree-id"} <= codes  # the scan works
    assert codes - set(REGISTRY) == set()


def test_the_docs_give_the_clicks_limit_the_rule_enforces() -> None:
    # One number: rules/paths.py. Every "N clicks" written for contributors must be that number.
    from build_tools.rules.paths import MAX_CLICKS

    docs = [
        ROOT / "CONTRIBUTING.md",
        ROOT / "tests" / "journeys" / "README.md",
        *(ROOT / "docs").rglob("*.md"),
    ]
    said = {
        f"{path.relative_to(ROOT)}: {number}"
        for path in docs
        for number in re.findall(r"\b(\d+) clicks\b", path.read_text(encoding="utf-8"))
    }
    assert any(s.startswith("CONTRIBUTING.md: ") for s in said)
    assert {s for s in said if not s.endswith(f": {MAX_CLICKS}")} == set()
