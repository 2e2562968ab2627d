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


def test_pull_request_workflow_does_what_the_contributing_guide_says() -> None:
    pr = load_yaml(WORKFLOWS / "pr.yml")
    assert "pull_request" in pr.get(True, pr.get("on"))  # PyYAML reads the key `on` as True
    steps = [s for job in pr["jobs"].values() for s in job["steps"]]
    runs = "\n".join(s.get("run", "") for s in steps)
    assert "python -m build_tools check trees --format github" in runs
    assert "make build" in runs
    assert "make test" in runs
    assert "apt-get install -y -qq chromium" in runs
    assert any(
        s.get("with", {}).get("path") == "site/" for s in steps if "upload-artifact" in s.get("uses", "")
    )
    python = [
        s["with"]["python-version"] for s in steps if s.get("uses", "").startswith("actions/setup-python")
    ]
    assert python == ["3.11"]
    assert any(job.get("env", {}).get("CI") == "true" for job in pr["jobs"].values())


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
