"""Dates in trees (rules/dates.py and the page's date note): `review_by` warns in `check` and tells the
reader once it has passed; `valid_from`/`valid_until` mark a time-bound page as over or not started.
Every test fixes "today" (the project's `today`, or SOURCE_DATE_EPOCH for a real build)."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path

import pytest
import sitebuild
from conftest import TreeDir

from build_tools.cli import main
from build_tools.core.project import Project, build_date
from build_tools.render.generator import Options, generate

NODES = """\
q:
  question: What happens?
  answers:
    - answer: It fails
      next: s
    - answer: It works
      next: done
s:
  step: Try again
  body: Try again.
  fixed: done
  not_fixed: done
done:
  resolution: Done
  outcome: fixed
  causes: [app-bug]
  body: It works.
"""
STEP = "  body: Try again.\n"
MARCH = dt.date(2026, 3, 1)


def pages(project: Project) -> dict[str, str]:
    assert project.ok, project.problems
    return {p.src: p.before + p.content + p.after for p in generate(project, Options(tree_dates={}))}


def test_a_passed_review_date_warns_at_the_date_and_not_before(trees: TreeDir) -> None:
    trees.tree("t.yaml", NODES.replace(STEP, STEP + '  review_by: "2026-03-01"\n'))
    line, col = trees.value_at("t.yaml", 'review_by: "')
    assert trees.where(trees.check(today=MARCH), "review-due") == []  # due on the day, not yet late
    project = trees.check(today=MARCH + dt.timedelta(days=1))
    assert project.ok  # a warning: the site still builds
    assert trees.where(project, "review-due") == [("t.yaml", line, col + 1)]
    problem = next(p for p in project.problems if p.code == "review-due")
    assert problem.level == "warning" and "step 's'" in problem.message and "1 Mar 2026" in problem.message


def test_a_tree_review_date_covers_its_nodes_and_a_node_date_wins(trees: TreeDir) -> None:
    head = trees.head + 'review_by: "2026-01-01"\n'
    trees.tree("t.yaml", NODES.replace(STEP, STEP + '  review_by: "2027-01-01"\n'), head=head)
    project = trees.check(today=MARCH)
    line, col = trees.value_at("t.yaml", 'review_by: "2026')
    assert trees.where(project, "review-due") == [("t.yaml", line, col + 1)]
    shown = pages(project)
    assert "data-dt-review-due" in shown["troubleshoot/t/index.md"]
    assert "data-dt-review-due" in shown["troubleshoot/t/done.md"]
    assert "data-dt-review-due" not in shown["troubleshoot/t/s.md"]  # its own later date wins


def test_the_page_says_plainly_it_is_due_for_review_only_after_the_date(trees: TreeDir) -> None:
    trees.tree("t.yaml", NODES.replace(STEP, STEP + '  review_by: "2026-03-01"\n'))
    before = pages(trees.check(today=MARCH))["troubleshoot/t/s.md"]
    assert "data-dt-review-due" not in before and "Due for review" not in before
    after = pages(trees.check(today=MARCH + dt.timedelta(days=1)))["troubleshoot/t/s.md"]
    assert "<strong>Due for review.</strong> The facts on this page were to be checked again by" in after
    assert '<time datetime="2026-03-01">1 Mar 2026</time>' in after


def test_a_time_bound_page_is_shown_as_past_after_its_end(trees: TreeDir) -> None:
    span = '  valid_from: "2026-01-18"\n  valid_until: "2026-01-19"\n'
    trees.tree("t.yaml", NODES.replace(STEP, STEP + span))
    during = pages(trees.check(today=dt.date(2026, 1, 19)))["troubleshoot/t/s.md"]
    assert "data-dt-span" in during and "data-dt-ended" not in during
    assert 'started on <time datetime="2026-01-18">18 Jan 2026</time>' in during
    ahead = pages(trees.check(today=dt.date(2026, 1, 1)))["troubleshoot/t/s.md"]
    assert "data-dt-starts" in ahead and "data-dt-ended" not in ahead
    over = pages(trees.check(today=dt.date(2026, 1, 20)))["troubleshoot/t/s.md"]
    assert "<strong>This is in the past.</strong>" in over
    assert 'ended on <time datetime="2026-01-19">19 Jan 2026</time>' in over
    assert "data-dt-span" not in over


def test_an_end_before_the_start_is_reported_at_the_end(trees: TreeDir) -> None:
    span = '  valid_from: "2026-01-19"\n  valid_until: "2026-01-18"\n'
    trees.tree("t.yaml", NODES.replace(STEP, STEP + span))
    line, col = trees.value_at("t.yaml", 'valid_until: "')
    assert trees.where(trees.check(), "dates-reversed") == [("t.yaml", line, col + 1)]


@pytest.mark.parametrize("key", ["review_by", "valid_from", "valid_until"])
def test_a_date_that_is_no_day_is_reported_at_its_value(trees: TreeDir, key: str) -> None:
    trees.tree("t.yaml", NODES.replace(STEP, STEP + f'  {key}: "2026-02-30"\n'))
    line, col = trees.value_at("t.yaml", f'{key}: "')
    assert trees.where(trees.check(), "bad-date") == [("t.yaml", line, col + 1)]


def test_source_date_epoch_sets_the_build_date(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1772409600")  # 2026-03-02 00:00 UTC
    assert build_date() == dt.date(2026, 3, 2)
    assert Project().today == dt.date(2026, 3, 2)
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    assert build_date() == dt.date.today()


# --- the built site, both ways out -------------------------------------------------------------------------

OTHER = Path(__file__).parent / "fixtures" / "othersite"
EPOCH = "1772409600"  # 2026-03-02: after the review date and the end written below


def dated_site(tmp_path: Path) -> Path:
    project = tmp_path / "othersite"
    shutil.copytree(OTHER, project)
    tree = project / "trees" / "chain-slips.yaml"
    text = tree.read_text(encoding="utf-8")
    step = "    body: Turn the barrel adjuster half a turn, then try each gear again.\n"
    dated = '    review_by: "2026-03-01"\n    valid_until: "2026-02-01"\n'
    assert step in text
    tree.write_text(text.replace(step, step + dated), encoding="utf-8")
    return project


@pytest.mark.xdist_group("build")
def test_the_built_page_shows_both_notes_with_the_plugin_and_in_the_export(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    project = dated_site(tmp_path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    assert os.environ["SOURCE_DATE_EPOCH"] == EPOCH  # the mkdocs child process inherits it
    result = sitebuild.build(tmp_path / "site", project / "mkdocs.yml")
    assert result.returncode == 0, result.stderr
    html = (tmp_path / "site" / "troubleshoot" / "chain-slips" / "tune-gears" / "index.html").read_text(
        encoding="utf-8"
    )
    assert "<strong>Due for review.</strong>" in html and "<strong>This is in the past.</strong>" in html
    assert main(["render", str(tmp_path / "out"), "--config", str(project / "mkdocs.yml")]) == 0
    capsys.readouterr()
    # The export, built as a builder without the plugin builds it (plain MkDocs on the export's config).
    result = sitebuild.build(tmp_path / "export-site", tmp_path / "out" / "mkdocs.yml")
    assert result.returncode == 0, result.stderr
    page = tmp_path / "export-site" / "troubleshoot" / "chain-slips" / "tune-gears" / "index.html"
    exported = page.read_text(encoding="utf-8")
    assert (
        "<strong>Due for review.</strong>" in exported and "<strong>This is in the past.</strong>" in exported
    )
