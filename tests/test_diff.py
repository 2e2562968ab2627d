"""`python -m build_tools diff BASE [HEAD]`: journeys added, removed and rerouted between two git revisions.

Each test builds a small git repository in tmp_path from tests/fixtures/diff (two trees linked both ways: demo
and other), commits a change and compares the exact summary.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from build_tools import cli

FIXTURE = Path(__file__).parent / "fixtures" / "diff"


class Repo:
    """A throwaway git repository with trees/ copied from the fixture and committed as the base."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.trees = root / "trees"
        shutil.copytree(FIXTURE, self.trees)
        self.git("init", "-q")
        self.git("config", "user.name", "Test")
        self.git("config", "user.email", "test@example.invalid")
        self.git("config", "commit.gpgsign", "false")
        self.base = self.commit("base")

    def git(self, *args: str) -> str:
        done = subprocess.run(["git", *args], cwd=self.root, capture_output=True, text=True, check=True)
        return done.stdout.strip()

    def edit(self, name: str, old: str, new: str) -> None:
        file = self.trees / name
        text = file.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {name}"
        file.write_text(text.replace(old, new), encoding="utf-8")

    def commit(self, message: str) -> str:
        self.git("add", "-A", ".")
        self.git("commit", "-q", "--allow-empty", "-m", message)
        return self.git("rev-parse", "--short", "HEAD")

    def diff(self, capsys: pytest.CaptureFixture[str], *revs: str, fmt: str = "markdown") -> str:
        code = cli.main(["diff", *revs, "--dir", str(self.trees), "--format", fmt])
        out, err = capsys.readouterr()
        assert (code, err) == (0, "")
        return out

    def diff_json(self, capsys: pytest.CaptureFixture[str], *revs: str) -> dict[str, Any]:
        result: dict[str, Any] = json.loads(self.diff(capsys, *revs, fmt="json"))
        return result


@pytest.fixture
def repo(tmp_path: Path) -> Repo:
    return Repo(tmp_path / "repo")


def only_tree(doc: dict[str, Any], tree: str) -> dict[str, Any]:
    found: list[dict[str, Any]] = [t for t in doc["trees"] if t["tree"] == tree]
    assert len(found) == 1
    return found[0]


# --- the four kinds of change -----------------------------------------------------------------------------


def reroute(repo: Repo) -> str:
    """Two links of `other` that led to demo/app-bug now lead to demo/fixed-signal."""
    repo.edit("other.yaml", "next: demo/app-bug", "next: demo/fixed-signal")
    repo.edit("other.yaml", "not_fixed: demo/app-bug", "not_fixed: demo/fixed-signal")
    return repo.commit("reroute")


def test_a_rerouted_answer_lists_every_path_that_now_ends_elsewhere_in_every_tree_it_crosses(
    repo: Repo, capsys: pytest.CaptureFixture[str]
) -> None:
    head = reroute(repo)
    assert repo.diff(capsys, repo.base, head) == (
        f"## Journey changes: `{repo.base}` → `{head}`\n"
        "\n"
        "2 of 2 trees changed. Paths from their starts: 4 rerouted, 0 added, 0 removed.\n"
        "\n"
        "### `demo`: changed\n"
        "\n"
        "- **Paths**: 2 rerouted, 0 added, 0 removed, all through links into other trees\n"
        "\n"
        "**Rerouted paths (2)**: the same answers now end elsewhere\n"
        "\n"
        "- `app-bug` → `fixed-signal`: 2 paths\n"
        "    - It crashes › At start : `app-bug` → `fixed-signal`\n"
        "    - It crashes › Later › *not fixed* : `app-bug` → `fixed-signal`\n"
        "\n"
        "### `other`: changed\n"
        "\n"
        "- **Paths**: 2 rerouted, 0 added, 0 removed\n"
        "- **Nodes changed** (2): `crash-kind` (links), `restart` (links)\n"
        "- **Answers with a new target**:\n"
        "    - `crash-kind` › At start: `demo/app-bug` → `demo/fixed-signal`\n"
        "    - `restart` › *not fixed*: `demo/app-bug` → `demo/fixed-signal`\n"
        "\n"
        "**Rerouted paths (2)**: the same answers now end elsewhere\n"
        "\n"
        "- `demo/app-bug` → `demo/fixed-signal`: 2 paths\n"
        "    - At start : `demo/app-bug` → `demo/fixed-signal`\n"
        "    - Later › *not fixed* : `demo/app-bug` → `demo/fixed-signal`\n"
    )


def test_a_rerouted_answer_in_json(repo: Repo, capsys: pytest.CaptureFixture[str]) -> None:
    head = reroute(repo)
    doc = repo.diff_json(capsys, repo.base, head)
    assert (doc["base"], doc["head"], doc["unchanged"]) == (repo.base, head, [])
    other = only_tree(doc, "other")
    assert other["status"] == "changed"
    assert other["nodes"] == {
        "added": [],
        "removed": [],
        "changed": [{"node": "crash-kind", "what": ["links"]}, {"node": "restart", "what": ["links"]}],
    }
    assert other["retargeted"] == [
        {"node": "crash-kind", "answer": "At start", "old": "demo/app-bug", "new": "demo/fixed-signal"},
        {
            "node": "restart",
            "answer": "No, it still doesn't work",
            "old": "demo/app-bug",
            "new": "demo/fixed-signal",
        },
    ]
    assert other["paths"]["rerouted"] == {
        "count": 2,
        "groups": [{"old": "demo/app-bug", "new": "demo/fixed-signal", "count": 2}],
        "list": [
            {"answers": ["At start"], "old": "demo/app-bug", "new": "demo/fixed-signal"},
            {
                "answers": ["Later", "No, it still doesn't work"],
                "old": "demo/app-bug",
                "new": "demo/fixed-signal",
            },
        ],
    }
    assert other["paths"]["added"] == other["paths"]["removed"] == {"count": 0, "list": []}
    demo = only_tree(doc, "demo")
    assert demo["nodes"] == {"added": [], "removed": [], "changed": []}
    assert demo["paths"]["rerouted"]["groups"] == [{"old": "app-bug", "new": "fixed-signal", "count": 2}]
    assert [p["answers"] for p in demo["paths"]["rerouted"]["list"]] == [
        ["It crashes", "At start"],
        ["It crashes", "Later", "No, it still doesn't work"],
    ]


def delete_resolution(repo: Repo) -> str:
    """fixed-signal is deleted; the step that led to it now leads to other/restarted."""
    repo.edit(
        "demo.yaml",
        "  fixed-signal:\n"
        "    resolution: The signal was too weak\n"
        "    outcome: fixed\n"
        "    causes: [weak-signal]\n"
        "    body: Use Wi-Fi when your signal is weak.\n",
        "",
    )
    repo.edit("demo.yaml", "fixed: fixed-signal", "fixed: other/restarted")
    return repo.commit("delete a resolution")


def test_a_deleted_resolution(repo: Repo, capsys: pytest.CaptureFixture[str]) -> None:
    head = delete_resolution(repo)
    assert repo.diff(capsys, repo.base, head) == (
        f"## Journey changes: `{repo.base}` → `{head}`\n"
        "\n"
        "1 of 2 trees changed. Paths from their starts: 1 rerouted, 0 added, 0 removed.\n"
        "Unchanged: `other`.\n"
        "\n"
        "### `demo`: changed\n"
        "\n"
        "- **Paths**: 1 rerouted, 0 added, 0 removed\n"
        "- **Nodes removed** (1): `fixed-signal`\n"
        "- **Nodes changed** (1): `try-wifi` (links)\n"
        "- **Answers with a new target**:\n"
        "    - `try-wifi` › *fixed*: `fixed-signal` → `other/restarted`\n"
        "\n"
        "**Rerouted paths (1)**: the same answers now end elsewhere\n"
        "\n"
        "- `fixed-signal` → `other/restarted`: 1 path\n"
        "    - It spins forever › *fixed* : `fixed-signal` → `other/restarted`\n"
    )
    demo = only_tree(repo.diff_json(capsys, repo.base, head), "demo")
    assert demo["nodes"]["removed"] == ["fixed-signal"]
    assert demo["paths"]["rerouted"]["list"] == [
        {
            "answers": ["It spins forever", "Yes, that fixed it"],
            "old": "fixed-signal",
            "new": "other/restarted",
        }
    ]
    assert demo["unreachable"] == []  # deleted, not unreachable


def add_branch(repo: Repo) -> str:
    """A new answer leads to a new step with a new resolution."""
    repo.edit(
        "demo.yaml",
        "        next: other\n",
        "        next: other\n"
        "      - answer: Something else\n"
        "        next: clear-cache\n"
        "        fallback: true\n",
    )
    with (repo.trees / "demo.yaml").open("a", encoding="utf-8") as file:
        file.write(
            "  clear-cache:\n"
            "    step: Clear the app's cache\n"
            "    body: Open the app's settings and clear its cache.\n"
            "    fixed: cache-cleared\n"
            "    not_fixed: app-bug\n"
            "  cache-cleared:\n"
            "    resolution: The cache was full\n"
            "    outcome: fixed\n"
            "    causes: [app-bug]\n"
            "    body: Clear the cache when the app freezes.\n"
        )
    return repo.commit("add a branch")


def test_an_added_branch(repo: Repo, capsys: pytest.CaptureFixture[str]) -> None:
    head = add_branch(repo)
    assert repo.diff(capsys, repo.base, head) == (
        f"## Journey changes: `{repo.base}` → `{head}`\n"
        "\n"
        "1 of 2 trees changed. Paths from their starts: 0 rerouted, 2 added, 0 removed.\n"
        "Unchanged: `other`.\n"
        "\n"
        "### `demo`: changed\n"
        "\n"
        "- **Paths**: 0 rerouted, 2 added, 0 removed\n"
        "- **Nodes added** (2): `clear-cache`, `cache-cleared`\n"
        "- **Nodes changed** (1): `what-happens` (text, links)\n"
        "\n"
        "**Added paths (2)**\n"
        "\n"
        "- Something else › *fixed* : `cache-cleared`\n"
        "- Something else › *not fixed* : `app-bug`\n"
    )
    demo = only_tree(repo.diff_json(capsys, repo.base, head), "demo")
    assert demo["nodes"]["added"] == ["clear-cache", "cache-cleared"]
    assert demo["paths"]["added"] == {
        "count": 2,
        "list": [
            {"answers": ["Something else", "Yes, that fixed it"], "end": "cache-cleared"},
            {"answers": ["Something else", "No, it still doesn't work"], "end": "app-bug"},
        ],
    }
    assert demo["paths"]["rerouted"]["count"] == demo["paths"]["removed"]["count"] == 0


def reword(repo: Repo) -> str:
    """Wording only, an answer's label included: every button still leads where it did."""
    repo.edit("demo.yaml", "answer: It spins forever", "answer: It keeps loading")
    repo.edit("demo.yaml", "step: Switch to Wi-Fi", "step: Turn on Wi-Fi")
    repo.edit("other.yaml", "body: Good.", "body: Good, it works again.")
    return repo.commit("wording")


def test_a_wording_change_reroutes_nothing(repo: Repo, capsys: pytest.CaptureFixture[str]) -> None:
    head = reword(repo)
    assert repo.diff(capsys, repo.base, head) == (
        f"## Journey changes: `{repo.base}` → `{head}`\n"
        "\n"
        "2 of 2 trees changed. Paths from their starts: 0 rerouted, 0 added, 0 removed.\n"
        "\n"
        "### `demo`: changed\n"
        "\n"
        "- **Paths**: none rerouted, added or removed\n"
        "- **Nodes changed** (2): `what-happens` (text), `try-wifi` (text)\n"
        "\n"
        "### `other`: changed\n"
        "\n"
        "- **Paths**: none rerouted, added or removed\n"
        "- **Nodes changed** (1): `restarted` (text)\n"
    )
    doc = repo.diff_json(capsys, repo.base, head)
    demo = only_tree(doc, "demo")
    assert demo["nodes"]["changed"] == [
        {"node": "what-happens", "what": ["text"]},
        {"node": "try-wifi", "what": ["text"]},
    ]
    assert demo["retargeted"] == []
    for tree in doc["trees"]:
        assert [tree["paths"][k]["count"] for k in ("rerouted", "added", "removed")] == [0, 0, 0]


def test_a_renamed_answer_that_also_leads_elsewhere_is_a_removed_and_an_added_path(
    repo: Repo, capsys: pytest.CaptureFixture[str]
) -> None:
    repo.edit(
        "other.yaml",
        "      - answer: At start\n        next: demo/app-bug",
        "      - answer: Now\n        next: restarted",
    )
    head = repo.commit("rename and retarget")
    other = only_tree(repo.diff_json(capsys, repo.base, head), "other")
    assert other["paths"]["removed"]["list"] == [{"answers": ["At start"], "end": "demo/app-bug"}]
    assert other["paths"]["added"]["list"] == [{"answers": ["Now"], "end": "restarted"}]
    assert other["nodes"]["changed"] == [{"node": "crash-kind", "what": ["text", "links"]}]


def test_a_changed_outcome_or_cause_is_a_details_change(
    repo: Repo, capsys: pytest.CaptureFixture[str]
) -> None:
    repo.edit("demo.yaml", "outcome: wait", "outcome: by-design")
    repo.edit("other.yaml", "causes: [app-bug]", "causes: [app-bug, weak-signal]")
    head = repo.commit("details")
    doc = repo.diff_json(capsys, repo.base, head)
    assert only_tree(doc, "demo")["nodes"]["changed"] == [{"node": "app-bug", "what": ["details"]}]
    assert only_tree(doc, "other")["nodes"]["changed"] == [{"node": "restarted", "what": ["details"]}]


def test_moving_the_way_out_answer_is_a_details_change(
    repo: Repo, capsys: pytest.CaptureFixture[str]
) -> None:
    before = add_branch(repo)
    repo.edit(
        "demo.yaml", "        next: clear-cache\n        fallback: true\n", "        next: clear-cache\n"
    )
    repo.edit("demo.yaml", "        next: other\n", "        next: other\n        fallback: true\n")
    after = repo.commit("another way out")
    demo = only_tree(repo.diff_json(capsys, before, after), "demo")
    assert demo["nodes"]["changed"] == [{"node": "what-happens", "what": ["details"]}]
    assert demo["paths"]["rerouted"]["count"] + demo["paths"]["added"]["count"] == 0


# --- other situations ------------------------------------------------------------------------------------


def test_no_change_says_so(repo: Repo, capsys: pytest.CaptureFixture[str]) -> None:
    head = repo.commit("nothing")
    assert repo.diff(capsys, repo.base, head) == (
        f"## Journey changes: `{repo.base}` → `{head}`\n\n"
        "No node or path changed: every journey ends where it did.\n"
    )
    assert repo.diff_json(capsys, repo.base, head)["trees"] == []


def test_head_defaults_to_the_working_tree(repo: Repo, capsys: pytest.CaptureFixture[str]) -> None:
    repo.edit("demo.yaml", "not_fixed: app-bug", "not_fixed: other/restarted")  # not committed
    out = repo.diff(capsys, repo.base)
    assert out.startswith(f"## Journey changes: `{repo.base}` → the working tree\n")
    assert "    - It spins forever › *not fixed* : `app-bug` → `other/restarted`\n" in out


def test_a_resolution_no_path_reaches_any_more_and_the_check_errors_it_causes(
    repo: Repo, capsys: pytest.CaptureFixture[str]
) -> None:
    repo.edit("other.yaml", "fixed: restarted", "fixed: demo/fixed-signal")
    head = repo.commit("orphan")
    out = repo.diff(capsys, repo.base, head)
    assert "- **Check errors** (by today's rules): 0 at base, 1 at head\n" in out
    assert "- **Resolutions no path reaches any more**: `restarted`\n" in out
    other = only_tree(repo.diff_json(capsys, repo.base, head), "other")
    assert other["unreachable"] == ["restarted"]
    assert other["errors"] == {"base": 0, "head": 1}


def test_a_tree_that_cannot_be_read_at_one_revision_is_reported_and_the_rest_compared(
    repo: Repo, capsys: pytest.CaptureFixture[str]
) -> None:
    (repo.trees / "broken.yaml").write_text("nodes: [\n", encoding="utf-8")
    reroute(repo)
    head = repo.git("rev-parse", "--short", "HEAD")
    out = repo.diff(capsys, repo.base, head)
    assert "### `broken`: could not be read\n\n- **Could not be read at head**: line 2: " in out
    assert "- `demo/app-bug` → `demo/fixed-signal`: 2 paths\n" in out
    broken = only_tree(repo.diff_json(capsys, repo.base, head), "broken")
    assert broken["status"] == "unreadable"
    assert list(broken["unreadable"]) == ["head"]


def test_paths_going_round_in_a_loop_are_not_compared(repo: Repo, capsys: pytest.CaptureFixture[str]) -> None:
    repo.edit("demo.yaml", "not_fixed: app-bug", "not_fixed: what-happens")
    head = repo.commit("loop")
    out = repo.diff(capsys, repo.base, head)
    assert "- **Paths**: not compared: a path goes round in a loop at head (`make check` says where)\n" in out
    assert "    - `try-wifi` › *not fixed*: `app-bug` → `what-happens`\n" in out


def test_a_new_tree_lists_its_paths_and_a_deleted_one_too(
    repo: Repo, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copy(repo.trees / "other.yaml", repo.trees / "copy.yaml")
    added = repo.commit("copy")
    copy = only_tree(repo.diff_json(capsys, repo.base, added), "copy")
    assert copy["status"] == "added"
    assert copy["nodes"]["added"] == ["crash-kind", "restart", "restarted"]
    assert copy["paths"]["added"]["list"] == [
        {"answers": ["At start"], "end": "demo/app-bug"},
        {"answers": ["Later", "Yes, that fixed it"], "end": "restarted"},
        {"answers": ["Later", "No, it still doesn't work"], "end": "demo/app-bug"},
    ]
    assert "### `copy`: new tree\n" in repo.diff(capsys, repo.base, added)
    gone = only_tree(repo.diff_json(capsys, added, repo.base), "copy")
    assert (gone["status"], gone["paths"]["removed"]["count"]) == ("removed", 3)


def test_a_revision_before_the_trees_folder_existed_has_no_trees(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = Repo(tmp_path / "repo")
    shutil.move(repo.trees, tmp_path / "aside")
    empty = repo.commit("no trees")
    shutil.move(tmp_path / "aside", repo.trees)
    code = cli.main(["diff", empty, repo.base, "--dir", str(repo.trees), "--format", "json"])
    doc = json.loads(capsys.readouterr().out)
    assert code == 0
    assert [(t["tree"], t["status"]) for t in doc["trees"]] == [("demo", "added"), ("other", "added")]


def test_answer_text_cannot_add_markup_to_the_summary(repo: Repo, capsys: pytest.CaptureFixture[str]) -> None:
    repo.edit("demo.yaml", "answer: It crashes", "answer: '[click](https://example.com) <b>*x*</b> @user'")
    repo.edit("other.yaml", "next: demo/app-bug", "next: restarted")
    head = repo.commit("markup")
    out = repo.diff(capsys, repo.base, head)
    assert (
        "\\[click\\](https://example.com) \\<b\\>\\*x\\*\\</b\\> \\@user"
        " › At start : `app-bug` → `other/restarted`" in out
    )
    assert "<b>" not in out


# --- revisions that cannot be read -----------------------------------------------------------------------


def run_module(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "build_tools", "diff", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize("rev", ["no-such-branch", "HEAD~5", "-x", "0" * 40])
def test_an_unreadable_revision_exits_2_with_one_line_and_no_traceback(repo: Repo, rev: str) -> None:
    done = run_module(repo.root, "--", rev)
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr.startswith(f"error: cannot read revision {rev!r}: ")
    assert len(done.stderr.splitlines()) == 1
    assert "Traceback" not in done.stderr


def test_outside_a_git_repository_exits_2(tmp_path: Path) -> None:
    (tmp_path / "trees").mkdir()
    done = run_module(tmp_path, "HEAD")
    assert done.returncode == 2
    assert done.stderr.startswith("error: not a git repository")
    assert len(done.stderr.splitlines()) == 1


def test_the_module_runs_from_the_repository_folder_with_relative_paths(repo: Repo) -> None:
    head = reroute(repo)
    done = run_module(repo.root, repo.base, head, "--format", "json")
    assert done.returncode == 0, done.stderr
    assert only_tree(json.loads(done.stdout), "other")["paths"]["rerouted"]["count"] == 2
