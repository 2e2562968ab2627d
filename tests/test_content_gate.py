"""`check` is the one gate for content: each limit a content test enforces is also a located `check` error.

For every content test (tests/test_content.py, the journey and site tests), its failing case is made on a
copy of the real trees, and two things are asserted: the test's own measure fails on it, and `check`
reports an error at the place of the change. So a contributor whose tree passes `check` doesn't meet these
limits for the first time in a red CI run. The few content tests that are not rules are listed in EXEMPT,
with the reason, and a test fails when a new content test is neither proven here nor listed.
"""

from __future__ import annotations

import ast
import re
import shutil
from pathlib import Path

import pytest
import test_content
import test_journeys
import yaml

from build_tools.check.validate import load_site
from build_tools.core.problems import Problem
from build_tools.rules.paths import MAX_CLICKS
from build_tools.rules.writing import MAX_GRADE

ROOT = Path(__file__).resolve().parent.parent
HARD = (
    "Unfortunately, intermittent synchronization difficulties occasionally necessitate comprehensive "
    "reinstallation of the application, notwithstanding considerable inconvenience."
)

# Content tests that are not `check` rules, and why. Every other test function in the files below must
# be proven by a test here (PROVEN).
EXEMPT = {
    "test_content.py::test_entry_tree_exists": "which trees the site must have is this site's plan, not a "
    "limit on a tree: deleting a tree that others link to is already unknown-target",
    "test_content.py::test_enough_faq_entries": "a floor on the whole site's FAQ, this site's goal",
    "test_content.py::test_seed_tip_is_covered": "coverage of this site's source articles (its topic); the "
    "engine names no topic",
    "test_content.py::test_seed_question_is_covered": "coverage of this site's source articles, as above",
    "test_content.py::test_plain_text_strips_markdown": "a test of the test's own helper",
    "test_content.py::test_spelling": "codespell stays a test: it runs on docs/ too, and its word list is "
    "English-specific; `make test-content` runs it",
    "test_journeys.py::test_journeys_from_peoples_words_say_where_and_how_the_first_walk_went": "a record "
    "of how the issue-24 journeys were made, not a limit on a tree",
    "test_journeys.py::test_every_kind_of_nothing_broken_has_journeys_that_are_not_pending": "a floor on "
    "this site's journeys (issue 24's kinds), its goal",
    "test_journeys.py::test_the_readme_records_the_first_walk_pass_rate": "a record in the README",
    "test_journeys.py::test_a_walk_fails_when_the_answer_is_not_offered": "a test of the test's own walker",
    "test_journeys.py::test_the_walk_reads_the_built_pages_not_the_trees": "a test of the test's own walker",
    "test_journeys.py::test_there_are_enough_journeys_in_each_other_language": "a floor on this site's "
    "journeys in each language (issue 22's ten), its goal",
    "test_journeys.py::test_a_walk_in_another_language_needs_that_languages_words": "a test of the test's "
    "own walker",
}
PROVEN = {
    "test_content.py::test_node_readability": "test_a_hard_page_fails_the_readability_test_and_check",
    "test_content.py::test_faq_readability": "test_a_hard_faq_entry_fails_the_readability_test_and_check",
    "test_content.py::test_cause_is_named_by_a_resolution": "test_an_unused_cause_fails_the_test_and_check",
    "test_content.py::test_resolutions_name_known_causes": "test_an_unknown_cause_fails_the_test_and_check",
    "test_content.py::test_folklore_is_never_quoted": "test_quoted_folklore_fails_the_test_and_check",
    "test_journeys.py::test_journey_reaches_the_right_answer": (
        "test_a_journey_the_site_doesnt_walk_fails_the_walk_and_check"
    ),
    "test_journeys.py::test_there_are_enough_journeys_and_each_is_told_in_words": (
        "test_a_journey_of_too_many_clicks_fails_the_test_and_check"
    ),
    "test_journeys.py::test_every_path_from_every_guide_ends_within_seven_clicks": (
        "test_a_path_longer_than_the_clicks_limit_fails_the_journey_walk_and_check"
    ),
    "test_journeys.py::test_journey_in_another_language_reaches_the_right_answer": (
        "test_a_spanish_journey_the_site_doesnt_walk_fails_the_walk_and_check"
    ),
}


@pytest.fixture(scope="module")
def clean() -> None:
    """The real trees and journeys pass `check`: each test below then breaks one thing in a copy."""
    assert [p.gcc() for p in load_site([ROOT / "trees"]).problems if p.is_error] == []


@pytest.fixture
def copy(tmp_path: Path, clean: None) -> Path:
    """A copy of the real trees folder and its journeys (beside it, as in the repository)."""
    folder = Path(shutil.copytree(ROOT / "trees", tmp_path / "trees"))
    shutil.copytree(ROOT / "tests" / "journeys", tmp_path / "tests" / "journeys")
    return folder


def errors(folder: Path, code: str) -> list[Problem]:
    return [p for p in load_site([folder]).problems if p.code == code and p.is_error]


def first_body(folder: Path) -> tuple[Path, str, int]:
    """A tree file with a block `body: |`, its text, and the index where the block's first line starts."""
    for path in sorted(folder.glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        found = re.search(r"\n( +)body: \|\n", text)
        if found:
            return path, text, found.end()
    raise AssertionError("no tree has a block body")


def insert_in_body(folder: Path, sentence: str) -> tuple[Path, int]:
    """Put `sentence` as the first line of the first block body; returns the file and that line."""
    path, text, start = first_body(folder)
    indent = re.match(r" *", text[start:])
    assert indent is not None
    path.write_text(text[:start] + indent.group(0) + sentence + "\n" + text[start:], encoding="utf-8")
    return path, text.count("\n", 0, start) + 1


def node_at(path: Path, line: int) -> tuple[str, dict[str, object]]:
    """The id and data of the node whose block contains `line`."""
    text = path.read_text(encoding="utf-8").splitlines()
    for number in range(line - 1, -1, -1):
        found = re.fullmatch(r"  ([a-z0-9-]+):\s*(#.*)?", text[number])
        if found:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
            return found.group(1), data["nodes"][found.group(1)]
    raise AssertionError(f"no node above line {line}")


def test_every_content_test_is_proven_here_or_exempt_with_a_reason() -> None:
    names = set()
    for file in ("test_content.py", "test_journeys.py"):
        tree = ast.parse((ROOT / "tests" / file).read_text(encoding="utf-8"))
        names |= {
            f"{file}::{n.name}"
            for n in tree.body
            if isinstance(n, ast.FunctionDef) and n.name.startswith("test_")
        }
    assert names == set(EXEMPT) | set(PROVEN)
    here = {n for n in globals() if n.startswith("test_")}
    assert set(PROVEN.values()) <= here


def test_the_content_tests_and_check_use_the_same_limits() -> None:
    # The tests import them from the rules (no copy of the number of their own).
    assert vars(test_content)["MAX_GRADE"] is MAX_GRADE
    assert vars(test_journeys)["MAX_CLICKS"] is MAX_CLICKS


def test_a_hard_page_fails_the_readability_test_and_check(copy: Path) -> None:
    path, line = insert_in_body(copy, " ".join([HARD] * 6))  # enough to outweigh the rest of the page
    node_id, node = node_at(path, line)
    assert test_content._grade(test_content.node_text(node)) > MAX_GRADE  # the content test would fail
    found = errors(copy, "hard-to-read")
    assert [(Path(p.path).name, p.message.split("'")[1]) for p in found] == [(path.name, node_id)]


def test_a_hard_faq_entry_fails_the_readability_test_and_check(copy: Path) -> None:
    path = next(p for p in sorted(copy.glob("*.yaml")) if "\nfaq:\n  - question: " in p.read_text("utf-8"))
    text = path.read_text(encoding="utf-8")
    index = text.index("\nfaq:\n  - question: ") + len("\nfaq:\n  - question: ")
    path.write_text(text[:index] + "Why? " + HARD + " " + text[index:], encoding="utf-8")
    faq = yaml.safe_load(path.read_text(encoding="utf-8"))["faq"][0]
    grade = test_content._grade(
        test_content.plain_text(faq["question"]) + " " + test_content.plain_text(faq["answer"])
    )
    assert grade > MAX_GRADE
    line = text.count("\n", 0, index) + 1
    assert [(Path(p.path).name, p.line) for p in errors(copy, "hard-to-read")] == [(path.name, line)]


def test_an_unused_cause_fails_the_test_and_check(copy: Path) -> None:
    causes = copy / "causes.yaml"
    text = causes.read_text(encoding="utf-8")
    causes.write_text(text + "  never-named:\n    title: Never named\n    explanation: Nobody names it.\n")
    named = {c for _, _, node in test_content.RESOLUTIONS for c in node["causes"]}
    assert "never-named" not in named  # test_cause_is_named_by_a_resolution would fail for it
    line = text.count("\n") + 1
    assert [(p.path.endswith("causes.yaml"), p.line, p.col) for p in errors(copy, "unused-cause")] == [
        (True, line, 3)
    ]


def test_an_unknown_cause_fails_the_test_and_check(copy: Path) -> None:
    path = next(p for p in sorted(copy.glob("*.yaml")) if "causes: [" in p.read_text("utf-8"))
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("causes: [", "causes: [no-such-cause, ", 1), encoding="utf-8")
    assert "no-such-cause" not in test_content.CAUSES
    index = text.index("causes: [") + len("causes: [")
    line, col = text.count("\n", 0, index) + 1, index - text.rfind("\n", 0, index)
    assert [(Path(p.path).name, p.line, p.col) for p in errors(copy, "unknown-cause")] == [
        (path.name, line, col)
    ]


def test_quoted_folklore_fails_the_test_and_check(copy: Path) -> None:
    lines: list[int] = []
    for phrase in test_content.FOLKLORE:  # each on its own line of one body (one check for all)
        path, line = insert_in_body(copy, f"You may see \u201c{phrase}\u201d on the screen.")
        lines = [n + 1 for n in lines] + [line]  # an insertion above moves the earlier ones down
        quoted = re.compile("[\"\u201c']\\s*" + re.escape(phrase).replace("'", "['\u2019]"), re.IGNORECASE)
        assert quoted.search(path.read_text(encoding="utf-8"))  # test_folklore_is_never_quoted would fail
    found = errors(copy, "unsourced-quote")
    assert sorted((Path(p.path).name, p.line) for p in found) == sorted((path.name, n) for n in lines)


def test_a_path_longer_than_the_clicks_limit_fails_the_journey_walk_and_check(copy: Path) -> None:
    # The journey test walks every path of the built site and fails on one longer than MAX_CLICKS.
    path = copy / "common-fixes.yaml"
    text = path.read_text(encoding="utf-8")
    start = re.search(r"^start: ([a-z0-9-]+)$", text, re.MULTILINE)
    assert start is not None
    chain = "".join(
        f"  extra-{i}:\n    question: Extra question {i}?\n    answers:\n"
        f"      - answer: Go on\n        next: {f'extra-{i + 1}' if i < MAX_CLICKS else start.group(1)}\n"
        f"      - answer: Stop here\n        next: {start.group(1)}\n"
        for i in range(1, MAX_CLICKS + 1)
    )
    path.write_text(text.replace(start.group(0), "start: extra-1") + chain, encoding="utf-8")
    line = text.count("\n", 0, start.start()) + 1
    assert [
        (Path(p.path).name, p.line) for p in errors(copy, "deep-path") if Path(p.path).name == path.name
    ] == [(path.name, line)]


def test_a_claim_that_someone_checked_fails_the_trust_test_and_check(copy: Path) -> None:
    # tests/test_trust.py reads the built pages for "we checked", "last checked", ...
    path, line = insert_in_body(copy, "We last checked this in May.")
    assert [(Path(p.path).name, p.line) for p in errors(copy, "checked-claim")] == [(path.name, line)]


def first_walked_journey(copy: Path) -> tuple[Path, str, test_journeys.Journey]:
    """A journeys file, its text, and its first journey that is not pending (as the journey test reads it)."""
    journey = next(j for j in test_journeys.ALL if not j.pending and len(j.answers) >= 2)
    path = copy.parent / "tests" / "journeys" / f"{journey.start}.yaml"
    return path, path.read_text(encoding="utf-8"), journey


@pytest.mark.parametrize("change", ["answer", "end"])
def test_a_journey_the_site_doesnt_walk_fails_the_walk_and_check(
    copy: Path, built_site: Path, change: str
) -> None:
    path, text, journey = first_walked_journey(copy)
    data = yaml.safe_load(text)
    entry = next(j for j in data["journeys"] if j["situation"] == journey.situation)
    if change == "answer":
        entry["answers"][1] = "An answer no page offers"
    else:
        entry["end"] = "common-fixes/no-such-page" if journey.end != "common-fixes/no-such-page" else "x/y"
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=1000), encoding="utf-8")
    site = test_journeys.Site(built_site)
    walked = tuple(entry["answers"])
    with pytest.raises(AssertionError):  # test_journey_reaches_the_right_answer would fail
        walk = site.walk(journey.start, walked)
        assert walk.end == entry["end"]
    code = "journey-answer" if change == "answer" else "journey-end"
    found = [p for p in errors(copy, code) if Path(p.path).name == path.name]
    assert len(found) == 1, [p.gcc() for p in load_site([copy]).problems]


@pytest.mark.parametrize("change", ["answer", "end"])
def test_a_spanish_journey_the_site_doesnt_walk_fails_the_walk_and_check(
    copy: Path, built_site: Path, change: str
) -> None:
    path = sorted((copy.parent / "tests" / "journeys" / "es").glob("*.yaml"))[0]
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    entry = next(j for j in data["journeys"] if not j.get("pending"))
    if change == "answer":
        entry["answers"][0] = "Una respuesta que ninguna página ofrece"
    else:
        entry["end"] = "common-fixes/no-such-page" if entry["end"] != "common-fixes/no-such-page" else "x/y"
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=1000), encoding="utf-8")
    site = test_journeys.Site(built_site / "es")
    with pytest.raises(AssertionError):  # test_journey_in_another_language_reaches_the_right_answer fails
        walk = site.walk(path.stem, tuple(entry["answers"]))
        assert walk.end == entry["end"]
    code = "journey-answer" if change == "answer" else "journey-end"
    found = [p for p in errors(copy, code) if Path(p.path).parent.name == "es"]
    assert len(found) == 1, [p.gcc() for p in load_site([copy]).problems]


def test_a_journey_of_too_many_clicks_fails_the_test_and_check(copy: Path) -> None:
    path, text, journey = first_walked_journey(copy)
    data = yaml.safe_load(text)
    entry = next(j for j in data["journeys"] if j["situation"] == journey.situation)
    entry["answers"] = entry["answers"] + ["One more"] * (MAX_CLICKS + 1 - len(entry["answers"]))
    assert len(entry["answers"]) > MAX_CLICKS  # the journey test's own limit
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=1000), encoding="utf-8")
    found = [p for p in errors(copy, "journey-clicks") if Path(p.path).name == path.name]
    assert len(found) == 1


def test_a_quote_from_another_pages_source_fails_check(copy: Path) -> None:
    # A quote must come from a source the page itself cites (issue 21): the same words quoted on a page
    # that doesn't cite their source are unsourced-quote.
    sources = yaml.safe_load((copy / "sources.yaml").read_text(encoding="utf-8"))["sources"]
    quoted = {sid: s["quotes"] for sid, s in sources.items() if s.get("quotes")}
    path, text, start = first_body(copy)
    _, node = node_at(path, text.count("\n", 0, start) + 1)
    cited = set(node.get("sources", []))  # type: ignore[call-overload]
    sid, quotes = next((sid, q) for sid, q in quoted.items() if sid not in cited)
    line = insert_in_body(copy, f"You may see \u201c{quotes[0]}\u201d there.")[1]
    assert {(Path(p.path).name, p.line) for p in errors(copy, "unsourced-quote")} == {(path.name, line)}, sid
