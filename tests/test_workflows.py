"""The contributor tooling itself: GitHub workflows, pre-commit hooks, yamllint rules, editor settings."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
WORKFLOWS = ROOT / ".github" / "workflows"
BIN = Path(sys.executable).parent


def tool(name: str) -> str:
    """A tool from this interpreter's venv, else from PATH; fail (not skip) when it is missing."""
    beside = BIN / name
    found = str(beside) if beside.exists() else shutil.which(name)
    assert found, f"{name} is not installed; run `make test`, which installs requirements.lock"
    return found


def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(list(args), cwd=cwd, capture_output=True, text=True, check=False)


def load_yaml(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def workflow_files() -> list[Path]:
    return sorted([*WORKFLOWS.glob("*.yml"), *WORKFLOWS.glob("*.yaml")])


# --- actionlint -----------------------------------------------------------------------------------


def test_workflows_pass_actionlint() -> None:
    files = workflow_files()
    assert {p.name for p in files} >= {"pr.yml", "deploy.yml"}
    done = run(tool("actionlint"), "-no-color", *[str(p.relative_to(ROOT)) for p in files])
    assert (done.returncode, done.stdout + done.stderr) == (0, "")


BROKEN_WORKFLOW = """\
name: Broken
on:
  pull_requests:
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v2
      - run: echo "${{ github.event.pull_request.nope.title }}"
        with:
          foo: bar
"""


def test_actionlint_catches_a_broken_workflow(tmp_path: Path) -> None:
    workflows = tmp_path / ".github" / "workflows"
    workflows.mkdir(parents=True)
    broken = workflows / "broken.yml"
    broken.write_text(BROKEN_WORKFLOW, encoding="utf-8")
    done = run(tool("actionlint"), "-no-color", str(broken), cwd=tmp_path)
    assert done.returncode == 1
    assert "pull_requests" in done.stdout  # unknown event
    assert "broken.yml:" in done.stdout


def jobs_of(path: Path) -> dict[str, Any]:
    jobs: dict[str, Any] = load_yaml(path)["jobs"]
    return jobs


def runs_of(job: dict[str, Any]) -> list[str]:
    return [s["run"].strip() for s in job["steps"] if "run" in s]


def test_pull_request_workflow_runs_on_pull_requests_with_a_content_and_a_full_job() -> None:
    pr = load_yaml(WORKFLOWS / "pr.yml")
    assert "pull_request" in pr.get(True, pr.get("on"))  # PyYAML reads the key `on` as True
    assert set(pr["jobs"]) == {"content", "test"}


def test_the_full_test_job_runs_exactly_ci_run() -> None:
    job = jobs_of(WORKFLOWS / "pr.yml")["test"]
    uses = [s["uses"].split("@")[0] for s in job["steps"] if "uses" in s]
    assert set(uses) <= {"actions/checkout", "actions/setup-python"}, uses
    assert runs_of(job) == [".ci/run"]
    assert job["env"]["CI"] == "true"  # the browser tests may not skip
    # .ci/run installs with apt; the browser tests drive /usr/bin/chromium: Debian, with Python 3.11.
    assert job["container"] == "python:3.11-bookworm"


def fake_tools(tmp_path: Path) -> tuple[Path, Path]:
    """A PATH with only what .ci/run may call; make, apt-get and sudo record their arguments in a log."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    log = tmp_path / "log"
    for name in ("dirname", "id"):
        real = shutil.which(name)
        assert real, name
        (bin_dir / name).symlink_to(real)
    for name in ("make", "apt-get"):
        (bin_dir / name).write_text(f'#!/bin/sh\necho "{name} $*" >> "{log}"\n', encoding="utf-8")
        (bin_dir / name).chmod(0o755)
    (bin_dir / "sudo").write_text('#!/bin/sh\nexec "$@"\n', encoding="utf-8")
    (bin_dir / "sudo").chmod(0o755)
    return bin_dir, log


def test_ci_run_installs_what_make_test_needs_then_runs_the_readmes_command(tmp_path: Path) -> None:
    bin_dir, log = fake_tools(tmp_path)
    bash = shutil.which("bash")
    assert bash
    env = {"PATH": str(bin_dir), "HOME": str(tmp_path)}  # no GITHUB_ACTIONS: leaves git's config alone
    done = subprocess.run(
        [bash, str(ROOT / ".ci" / "run")], env=env, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    calls = log.read_text(encoding="utf-8").splitlines()
    installed = [c for c in calls if c.startswith("apt-get install")]
    assert len(installed) == 1, calls
    # java and npm are not on this PATH, so .ci/run must install them (the Nu HTML Checker needs both).
    assert {"default-jre-headless", "npm"} <= set(installed[0].split())
    assert calls[-1] == "make test"  # last, and the command the README gives for the whole suite
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "make test    # lint, type-check and run the whole test suite" in readme
    mode = run("git", "ls-files", "-s", ".ci/run").stdout.split()[0]
    assert mode == "100755", "the workflow runs .ci/run directly: it must be executable in git"


def test_the_content_job_checks_tests_content_builds_and_keeps_a_preview() -> None:
    job = jobs_of(WORKFLOWS / "pr.yml")["content"]
    runs = runs_of(job)
    assert ".venv/bin/python -m build_tools check trees --format github" in runs  # annotations
    assert "make test-content" in runs
    assert "make build" in runs
    assert "container" not in job  # no browser: fast
    steps = job["steps"]
    assert any(
        s.get("with", {}).get("path") == "site/" for s in steps if "upload-artifact" in s.get("uses", "")
    )
    python = [
        s["with"]["python-version"] for s in steps if s.get("uses", "").startswith("actions/setup-python")
    ]
    assert python == ["3.11"]
    # make test-content is what CONTRIBUTING tells a content contributor to run: check, then the tests.
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    recipe = makefile.split("\ntest-content:", 1)[1].split("\n\n", 1)[0]
    assert "-m build_tools check trees" in recipe
    assert "tests/test_content.py" in recipe and "tests/test_journeys.py" in recipe
    assert "not browser" in recipe


def test_pull_request_workflow_puts_the_journey_diff_in_the_job_summary() -> None:
    pr = load_yaml(WORKFLOWS / "pr.yml")
    for job in pr["jobs"].values():
        runs = [s.get("run", "") for s in job["steps"]]
        diff = [i for i, run in enumerate(runs) if "python -m build_tools diff" in run]
        if not diff:
            continue
        step = job["steps"][diff[0]]
        assert step["env"]["BASE_SHA"] == "${{ github.event.pull_request.base.sha }}"
        assert step["run"].endswith('diff "$BASE_SHA" HEAD >> "$GITHUB_STEP_SUMMARY"')
        assert step["continue-on-error"] is True  # informative: never stops the check and build after it
        checkout = next(s for s in job["steps"] if s.get("uses", "").startswith("actions/checkout@"))
        assert checkout["with"]["fetch-depth"] == 0  # a shallow clone has no base commit to read
        check = next(i for i, run in enumerate(runs) if "build_tools check" in run)
        assert diff[0] < check  # shown even when the check then fails
        return
    raise AssertionError("no job runs `python -m build_tools diff`")


def test_deploy_workflow_publishes_to_pages_from_main() -> None:
    deploy = load_yaml(WORKFLOWS / "deploy.yml")
    assert deploy.get(True, deploy.get("on"))["push"]["branches"] == ["main"]
    assert deploy["concurrency"]["group"]
    steps = [s for job in deploy["jobs"].values() for s in job["steps"]]
    uses = {s["uses"].split("@")[0] for s in steps if "uses" in s}
    assert {"actions/configure-pages", "actions/upload-pages-artifact", "actions/deploy-pages"} <= uses
    job = deploy["jobs"]["deploy"]
    assert job["environment"]["name"] == "github-pages"
    assert job["permissions"] == {"pages": "write", "id-token": "write"}


def test_actions_are_pinned_to_a_major_version() -> None:
    for path in workflow_files():
        for job in load_yaml(path)["jobs"].values():
            for step in job.get("steps", []):
                if "uses" in step:
                    ref = step["uses"].partition("@")[2]
                    assert ref.startswith("v") and ref[1:].isdigit(), f"{path.name}: {step['uses']}"


# --- pre-commit and yamllint -----------------------------------------------------------------


def test_pre_commit_config_is_valid() -> None:
    done = run(tool("pre-commit"), "validate-config", ".pre-commit-config.yaml")
    assert done.returncode == 0, done.stdout + done.stderr


def test_pre_commit_validation_can_fail(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("repos:\n  - repo: local\n    hooks:\n      - id: x\n", encoding="utf-8")
    done = run(tool("pre-commit"), "validate-config", str(bad))
    assert done.returncode != 0


def test_pre_commit_hooks_are_local_and_use_the_venv() -> None:
    config = load_yaml(ROOT / ".pre-commit-config.yaml")
    assert [repo["repo"] for repo in config["repos"]] == ["local"]
    hooks = {hook["id"]: hook for hook in config["repos"][0]["hooks"]}
    assert {"check-trees", "ruff-check", "ruff-format", "yamllint"} <= set(hooks)
    assert hooks["check-trees"]["entry"].endswith("-m build_tools check trees")
    assert hooks["check-trees"]["files"].startswith("^(trees/")
    for hook in hooks.values():
        assert hook["language"] == "system"
        command = ROOT / hook["entry"].split()[0]
        assert command.parent == ROOT / ".venv" / "bin", hook["id"]


def test_yaml_files_follow_the_yamllint_rules() -> None:
    files = [
        path
        for path in run("git", "ls-files", "*.yaml", "*.yml", ".yamllint").stdout.split()
        if (ROOT / path).is_file()
    ]
    files += [str(p.relative_to(ROOT)) for p in (ROOT / "trees").glob("*.yaml")]  # new, not yet added
    assert any(f.startswith("trees/") for f in files)
    done = run(tool("yamllint"), "--strict", "-f", "parsable", *sorted(set(files)))
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("answers:\n  - answer: No\n    next: x\n", "truthy"),
        ("title: a \n", "trailing-spaces"),
        ("title: a\ntitle: b\n", "key-duplicates"),
        ("nodes:\n  a:\n     step: x\n  b:\n    step: y\n", "indentation"),
    ],
)
def test_yamllint_rules_catch_mistakes(tmp_path: Path, text: str, rule: str) -> None:
    path = tmp_path / "tree.yaml"
    path.write_text(text, encoding="utf-8")
    done = run(tool("yamllint"), "--strict", "-f", "parsable", "-c", str(ROOT / ".yamllint"), str(path))
    assert done.returncode == 1
    assert f"({rule})" in done.stdout


# --- editor support -------------------------------------------------------------------------------


def test_vscode_maps_tree_files_to_the_schemas() -> None:
    settings = json.loads((ROOT / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    schemas: dict[str, list[str]] = settings["yaml.schemas"]
    for schema in schemas:
        assert (ROOT / schema).is_file(), f"{schema} does not exist"
        json.loads((ROOT / schema).read_text(encoding="utf-8"))
    by_glob = {glob: schema for schema, globs in schemas.items() for glob in globs}
    assert by_glob["trees/*.yaml"] == "./build_tools/schema/tree.schema.json"
    assert by_glob["trees/causes.yaml"] == "./build_tools/schema/causes.schema.json"
    assert by_glob["trees/sources.yaml"] == "./build_tools/schema/sources.schema.json"


def test_vscode_recommends_the_yaml_extension() -> None:
    extensions = json.loads((ROOT / ".vscode" / "extensions.json").read_text(encoding="utf-8"))
    assert "redhat.vscode-yaml" in extensions["recommendations"]


def test_every_tree_file_names_its_schema_on_the_first_line() -> None:
    for path in sorted((ROOT / "trees").glob("*.yaml")):
        schema = path.stem if path.name in ("causes.yaml", "sources.yaml") else "tree"
        first = path.read_text(encoding="utf-8").splitlines()[0]
        expected = f"# yaml-language-server: $schema=../build_tools/schema/{schema}.schema.json"
        assert first == expected, f"{path.name} starts with {first!r}"
        assert (path.parent / first.partition("$schema=")[2]).resolve().is_file()


# --- GitHub templates -----------------------------------------------------------------------------


def test_pull_request_template_asks_the_review_questions() -> None:
    text = (ROOT / ".github" / "pull_request_template.md").read_text(encoding="utf-8")
    for needle in ("tree", "why", "source", "- [ ] `make check`", "- [ ] `make serve`"):
        assert needle in text, needle


def test_issue_forms_are_well_formed() -> None:
    folder = ROOT / ".github" / "ISSUE_TEMPLATE"
    forms = sorted(p for p in folder.glob("*.yml") if p.name != "config.yml")
    assert forms
    for path in forms:
        form = load_yaml(path)
        assert {"name", "description", "body"} <= set(form), path.name
        ids = [item["id"] for item in form["body"] if "id" in item]
        assert len(ids) == len(set(ids)), f"{path.name}: duplicate ids"
        for item in form["body"]:
            assert item["type"] in {"markdown", "input", "textarea", "dropdown", "checkboxes"}
            assert "attributes" in item
    config = load_yaml(folder / "config.yml")
    assert isinstance(config["blank_issues_enabled"], bool)


# --- the contributor guide ------------------------------------------------------------------------


def test_the_sites_contributor_guide_is_contributing_md_with_links_from_its_folder() -> None:
    # CONTRIBUTING.md is what GitHub shows; docs/contributing/index.md is the same text on the site, where
    # links to the other contributor pages are relative to docs/contributing/.
    guide = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    page = (ROOT / "docs" / "contributing" / "index.md").read_text(encoding="utf-8")
    assert page == guide.replace("](docs/contributing/", "](")
