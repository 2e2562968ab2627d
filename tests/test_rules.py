"""The rule registry: every rule's examples behave as documented, and the error-codes page is current."""

from __future__ import annotations

import ast
import re
import shutil
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

import pytest

from build_tools.check.validate import load_project, load_site
from build_tools.core.problems import Problem
from build_tools.rules import REGISTRY, Rule, Scope
from build_tools.rules.docs import render_codes_page
from build_tools.rules.examples import CAUSES, VALID
from build_tools.rules.fallback import EXPLAINS_FIRST, GENERIC_FIXES_EXAMPLE
from build_tools.rules.paths import no_resolution

ROOT = Path(__file__).resolve().parent.parent
ERROR_CODES = ROOT / "docs" / "contributing" / "error-codes.md"
RULES = sorted(REGISTRY.values(), key=lambda r: r.code)


def write_example(tmp_path: Path, example: str | Mapping[str, str | None]) -> tuple[Path, list[Path]]:
    """The example's files in tmp_path/trees (a name may climb out: ../mkdocs.yml); returns the trees
    folder and the files named but absent."""
    files: Mapping[str, str | None] = {"t.yaml": example} if isinstance(example, str) else example
    folder = tmp_path / "trees"
    folder.mkdir()
    if "causes.yaml" not in files:
        (folder / "causes.yaml").write_text(CAUSES, encoding="utf-8")
    named: list[Path] = []
    for name, text in files.items():
        path = folder / name
        if text is None:
            named.append(path)  # asked for, but not there
        elif name.endswith("/"):
            path.mkdir()
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            # surrogateescape: an example can hold a byte that is not UTF-8 (not-utf8) as a lone surrogate
            path.write_bytes(text.encode("utf-8", "surrogateescape"))
    return folder, named


def run_example(
    tmp_path: Path, example: str | Mapping[str, str | None], command: str = "check"
) -> list[Problem]:
    """The problems of the example, as `check` (or `render`, for its own codes) reports them."""
    folder, named = write_example(tmp_path, example)
    if command == "render":
        from build_tools.export import markdown as export
        from build_tools.text import sanitize

        setup = sanitize._setup  # render checks text with the example site's Markdown: put ours back after
        try:
            return export.render(tmp_path / "mkdocs.yml", tmp_path / "out")[1]
        finally:
            sanitize._setup = setup
    return load_site([folder, *named], parallel=False).problems


@pytest.mark.parametrize("rule", [r for r in RULES if r.failing is not None], ids=lambda r: r.code)
def test_failing_example_reports_the_rule_where_it_says(rule: Rule, tmp_path: Path) -> None:
    assert rule.failing is not None
    problems = run_example(tmp_path, rule.failing, rule.command)
    found = [p for p in problems if p.code == rule.code]
    assert found, [p.gcc() for p in problems]
    assert all(p.level is rule.level for p in found)
    assert rule.at is not None, f"{rule.code}: give the failing example's line and column (at=)"
    assert rule.at in [(p.line, p.col) for p in found], [p.gcc() for p in found]


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_passing_example_is_clean(rule: Rule, tmp_path: Path) -> None:
    assert [p.gcc() for p in run_example(tmp_path, rule.passing, rule.command)] == []


def test_no_resolution_guard_reports_a_path_no_other_rule_saw(tmp_path: Path) -> None:
    # The one rule without a failing example: no tree file gets past the other rules and still breaks
    # it, so break the loaded model instead (a step with no buttons at all).
    folder, _ = write_example(tmp_path, VALID)
    project = load_project([folder], parallel=False)
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


def code_params() -> dict[str, int]:
    """Every callable of the engine that takes a problem code, and the position of that argument:
    Problem itself, and any function with a parameter named `code`."""
    from dataclasses import fields

    found = {"Problem": [f.name for f in fields(Problem)].index("code")}
    for path in sorted((ROOT / "build_tools").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                names = [a.arg for a in node.args.args]
                if "code" in names:
                    found[node.name] = names.index("code") - (names[:1] == ["self"])
    return found


def codes_in_the_source() -> tuple[set[str], list[str]]:
    """Every code the engine passes as a literal to anything that takes a code (by position or keyword),
    and every place a code comes from something this scan can't read (which then fails the test)."""
    takes = code_params()
    found: set[str] = set()
    unread: list[str] = []
    for path in sorted((ROOT / "build_tools").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.keyword) and node.arg == "duplicate_codes":
                assert isinstance(node.value, ast.Dict)
                found |= {
                    v.value
                    for v in node.value.values
                    if isinstance(v, ast.Constant) and isinstance(v.value, str)
                }
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            args: list[ast.expr] = [k.value for k in node.keywords if k.arg == "code"]
            if name in takes and any(isinstance(a, ast.Starred) for a in node.args):
                # *spread arguments move the code: take every positional literal shaped like a code
                args += [
                    a
                    for a in node.args
                    if isinstance(a, ast.Constant) and re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", str(a.value))
                ]
            elif name in takes and len(node.args) > takes[name]:
                args.append(node.args[takes[name]])
            for arg in args:
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                    found.add(arg.value)
                elif not (  # passing on a code it was given: checked where that one came from
                    (isinstance(arg, ast.Name) and arg.id == "code")
                    or (isinstance(arg, ast.Attribute) and arg.attr == "code")
                ):
                    unread.append(f"{path.relative_to(ROOT)}:{node.lineno}: {ast.unparse(arg)}")
    return found, unread


def test_every_code_written_in_the_engine_is_registered() -> None:
    found, unread = codes_in_the_source()
    # The scan sees the loading stages, the rules' own calls, the site settings and the export.
    assert {"yaml-syntax", "duplicate-node", "missing-causes", "site-config", "export-out"} <= found
    assert found - set(REGISTRY) == set()
    assert unread == []


def test_every_code_the_corpus_emits_is_registered(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Whatever the call looks like: record every Problem made while checking (and rendering) every
    # example of every rule, the fixtures and the real trees.
    made: set[str] = set()
    init = Problem.__init__

    def record(self: Problem, *args: object, **kwargs: object) -> None:
        init(self, *args, **kwargs)  # type: ignore[arg-type]
        made.add(self.code)

    monkeypatch.setattr(Problem, "__init__", record)
    for i, rule in enumerate(RULES):
        for j, example in enumerate([rule.passing, rule.failing]):
            if example is not None:
                folder = tmp_path / f"{i}-{j}"
                folder.mkdir()
                run_example(folder, example, rule.command)
    load_site([ROOT / "trees"])
    load_site([ROOT / "tests" / "fixtures" / "othersite" / "trees"])
    assert len(made) > 40
    assert made - set(REGISTRY) == set()


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


def _fallback_findings(tmp_path: Path, files: Mapping[str, str | None]) -> list[str]:
    return [p.gcc() for p in run_example(tmp_path, files) if p.code == "fallback-skips-explanations"]


def test_a_fallback_inside_the_generic_fixes_may_lead_to_more_fixes(tmp_path: Path) -> None:
    # The generic tree's own "I'm not sure" goes straight on to a fix: the visitor chose the fixes.
    generic = GENERIC_FIXES_EXAMPLE.replace(
        "start: restart\nnodes:\n",
        "start: down\nnodes:\n  down:\n    question: Is it down for everyone?\n    answers:\n"
        "      - answer: 'Yes'\n        next: restart\n      - answer: 'No'\n        next: restart\n"
        "      - answer: I'm not sure\n        next: restart\n        fallback: true\n",
    )
    assert _fallback_findings(tmp_path, {"t.yaml": EXPLAINS_FIRST, "fixes.yaml": generic}) == []


def test_a_fallback_may_offer_an_explanation_and_the_fixes_side_by_side(tmp_path: Path) -> None:
    # could-be's explanations and "None of these" are one click away alike: a tie is not "before".
    tied = EXPLAINS_FIRST.replace(
        "        next: ask-makers\n        fallback: true\n", "        next: fixes\n        fallback: true\n"
    )
    assert tied.count("next: fixes") == 1
    assert _fallback_findings(tmp_path, {"t.yaml": tied, "fixes.yaml": GENERIC_FIXES_EXAMPLE}) == []


def test_a_fallback_whose_explanation_comes_after_the_fixes_is_reported_with_both_distances(
    tmp_path: Path,
) -> None:
    # The step before could-be offers "contact support" one click earlier than any explanation.
    later = EXPLAINS_FIRST.replace(
        "      - answer: Something else\n        next: could-be\n",
        "      - answer: Something else\n        next: wait-first\n",
    ) + (
        "  wait-first:\n    step: Wait a minute\n    body: Then open the app again.\n    general: true\n"
        "    fixed: fixed-now\n    not_fixed: other-ideas\n"
        "  other-ideas:\n    question: What now?\n    answers:\n"
        "      - answer: Ask the makers\n        next: ask-makers\n"
        "      - answer: Read about old phones\n        next: could-be\n"
    )
    found = _fallback_findings(tmp_path, {"t.yaml": later, "fixes.yaml": GENERIC_FIXES_EXAMPLE})
    assert len(found) == 1, found
    assert "reaches ask-makers in 3 click(s)" in found[0] and "switched-off, takes 4 click(s)" in found[0]


def test_a_rule_module_dropped_into_the_package_is_found(tmp_path: Path) -> None:
    # No import list to keep: a copy of the engine with one new module in rules/ registers its rule.
    shutil.copytree(
        ROOT / "build_tools", tmp_path / "build_tools", ignore=shutil.ignore_patterns("__pycache__")
    )
    (tmp_path / "build_tools" / "rules" / "zz_new.py").write_text(
        "from .examples import VALID\n"
        "from .registry import builtin\n\n"
        'builtin("zz-new", doc="A new code.", passing=VALID, failing=VALID, at=(1, 1))\n',
        encoding="utf-8",
    )
    code = "from build_tools.rules import REGISTRY; print('zz-new' in REGISTRY)"
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, check=False
    )
    assert done.stdout.strip() == "True", done.stderr


WRONG_SCOPE = """\
from collections.abc import Iterator

from build_tools.core.project import Project
from build_tools.rules.examples import VALID
from build_tools.rules.registry import Finding, Scope, rule


@rule("zz-wrong", Scope.TREE, doc="d", passing=VALID, failing=VALID)
def wrong(project: Project) -> Iterator[Finding]:  # a PROJECT signature on a TREE rule
    yield from ()
"""


def test_mypy_rejects_a_rule_whose_signature_is_not_its_scopes(tmp_path: Path) -> None:
    module = tmp_path / "wrong_scope.py"
    module.write_text(WRONG_SCOPE, encoding="utf-8")
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--no-incremental",
            "--follow-imports=silent",
            str(module),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1, done.stdout
    assert (
        'wrong_scope.py:8: error: Argument 1 has incompatible type "Callable[[Project], Iterator[Finding]]"'
        in done.stdout
    )
    fixed = WRONG_SCOPE.replace("def wrong(project: Project)", "def wrong(project: Project, tree: Tree)")
    module.write_text(
        fixed.replace(
            "from build_tools.core.project import Project\n",
            "from build_tools.core.model import Tree\nfrom build_tools.core.project import Project\n",
        ),
        encoding="utf-8",
    )
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--no-incremental",
            "--follow-imports=silent",
            str(module),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout
