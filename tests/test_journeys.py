"""Journeys (tests/journeys/<tree>.yaml) walked through the built site, by the links a person would tap.

Only the HTML is read: each step finds the link whose visible text is the person's answer on the page
they are on, and follows its href. The YAML model is not consulted, so a template, link or ordering bug
fails here the way it would fail a visitor.
"""

from __future__ import annotations

import functools
import posixpath
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest
import yaml
from htmlpage import PageParser, read_page

from build_tools.rules.paths import MAX_CLICKS  # the one home of the limit: `check` reports it too

pytestmark = pytest.mark.xdist_group("build")
JOURNEYS = Path(__file__).parent / "journeys"

MIN_JOURNEYS = 30
MIN_PEOPLE = 40  # journeys from people's own words (issue 24)


REQUIRED = {"situation", "answers", "end"}
# Optional keys of a journey told from people's own words (README: "People's words"): where the wording
# came from, and how the first walk on the site went, before any tree was changed for it.
OPTIONAL = {"said_where", "first_walk", "first_walk_end", "pending", "nothing_broken"}
FIRST_WALKS = {"pass", "fail"}
# The situations where nothing is broken (issue 24): each needs journeys that reach their right answer.
NOTHING_BROKEN = {"other-person", "someone-elses-choice", "you-did", "unwanted", "place", "unknown"}
MIN_PER_CLASS = 2


@dataclass(frozen=True)
class Journey:
    situation: str
    start: str
    answers: tuple[str, ...]
    end: str
    said_where: str | None = None
    first_walk: str | None = None  # "pass" | "fail": the walk before the trees changed for this journey
    first_walk_end: str | None = None  # where that first walk ended, when it failed
    pending: bool = False  # the trees don't give this answer yet: the walk must fail until they do
    nothing_broken: str | None = None  # which of NOTHING_BROKEN this situation is, if any


def load_journeys(folder: Path = JOURNEYS) -> list[Journey]:
    """Every tree's journeys: a file per tree, named after the tree whose first question they start at."""
    found: list[Journey] = []
    for file in sorted(folder.glob("*.yaml")):
        data: dict[str, Any] = yaml.safe_load(file.read_text(encoding="utf-8"))
        for j in data["journeys"]:
            keys = set(j)
            assert REQUIRED <= keys <= REQUIRED | OPTIONAL, (
                f"{file.name}: {j.get('situation')!r} has keys {sorted(keys)}"
            )
            found.append(
                Journey(
                    j["situation"],
                    file.stem,
                    tuple(j["answers"]),
                    j["end"],
                    j.get("said_where"),
                    j.get("first_walk"),
                    j.get("first_walk_end"),
                    j.get("pending", False),
                    j.get("nothing_broken"),
                )
            )
    return found


ALL = load_journeys()
# Journeys in another language (tests/journeys/<lang>/): the same format, the answers as that language's
# site shows them, walked through /<lang>/ of the built site by the same walker.
LANGUAGES = sorted(d.name for d in JOURNEYS.iterdir() if d.is_dir() and len(d.name) == 2)
TRANSLATED = {lang: load_journeys(JOURNEYS / lang) for lang in LANGUAGES}
MIN_TRANSLATED = 10  # per language (issue 22)
PEOPLE = [j for j in ALL if j.first_walk is not None]


def label(parts: list[str]) -> str:
    return " ".join("".join(parts).split())


@dataclass(frozen=True)
class Walk:
    end: str  # tree/node of the last page, from its data-dt-* attributes
    kind: str
    clicks: int


class Site:
    """The built site as pages by URL path ("troubleshoot/x/y/"), read once each."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.read = functools.cache(self._read)

    def _read(self, url_path: str) -> PageParser:
        file = self.root / url_path / "index.html"
        assert file.is_file(), f"link to {url_path!r}, but the site has no page there"
        return read_page(file)

    @staticmethod
    def follow(here: str, href: str) -> str:
        """The URL path a relative href leads to from `here` (both as "a/b/")."""
        assert not urlparse(href).scheme, f"answer link {href!r} leaves the site"
        joined = posixpath.normpath(posixpath.join(here, href.split("#")[0]))
        return "" if joined == "." else joined.strip("/") + "/"

    def where(self, url_path: str) -> tuple[str, str]:
        node = self.read(url_path).node_attrs
        return f"{node.get('data-dt-tree')}/{node.get('data-dt-node')}", node.get("data-dt-kind", "")

    def walk(self, start: str, answers: tuple[str, ...]) -> Walk:
        here = f"troubleshoot/{start}/"
        for clicks, answer in enumerate(answers, 1):
            page = self.read(here)
            offered = {label(text): href for href, text in page.answers}
            where, _ = self.where(here)
            assert answer in offered, (
                f"on {where} ({here}) the answer {answer!r} isn't offered: {sorted(offered)}"
            )
            here = self.follow(here, offered[answer])
            assert clicks <= MAX_CLICKS
        end, kind = self.where(here)
        return Walk(end, kind, len(answers))

    def longest(self, url_path: str, seen: tuple[str, ...] = ()) -> list[str]:
        """The longest chain of answer links from this page to a page without any (a resolution)."""
        assert url_path not in seen, f"the answer links loop: {' > '.join((*seen, url_path))}"
        page = self.read(url_path)
        best: list[str] = []
        for href, _ in page.answers:
            chain = self.longest(self.follow(url_path, href), (*seen, url_path))
            if len(chain) > len(best):
                best = chain
        return [url_path, *best]


@pytest.fixture(scope="module")
def site(built_site: Path) -> Site:
    return Site(built_site)


def test_there_are_enough_journeys_and_each_is_told_in_words() -> None:
    assert len(ALL) >= MIN_JOURNEYS
    assert len({j.situation for j in ALL}) == len(ALL), "two journeys tell the same situation"
    for journey in ALL:
        assert journey.answers, journey.situation
        assert len(journey.answers) <= MAX_CLICKS, f"{journey.situation}: more than {MAX_CLICKS} answers"


def test_journeys_from_peoples_words_say_where_and_how_the_first_walk_went() -> None:
    assert len(PEOPLE) >= MIN_PEOPLE
    for journey in PEOPLE:
        assert journey.said_where and journey.said_where.strip(), f"{journey.situation!r}: no said_where"
        assert journey.first_walk in FIRST_WALKS, f"{journey.situation!r}: first_walk {journey.first_walk!r}"
        # A failed first walk says where it ended; a passed one ended at `end`, so it says nothing more.
        assert (journey.first_walk == "fail") == (journey.first_walk_end is not None), journey.situation
    for journey in ALL:
        assert journey.pending in (False, True), journey.situation
        assert not (journey.pending and journey.first_walk == "pass"), (
            f"{journey.situation!r}: pending but passed"
        )


def test_every_kind_of_nothing_broken_has_journeys_that_are_not_pending() -> None:
    kinds = [j.nothing_broken for j in ALL if j.nothing_broken is not None]
    assert set(kinds) <= NOTHING_BROKEN, set(kinds) - NOTHING_BROKEN
    walked = [j.nothing_broken for j in ALL if j.nothing_broken is not None and not j.pending]
    assert {k: walked.count(k) for k in NOTHING_BROKEN if walked.count(k) < MIN_PER_CLASS} == {}


def test_the_readme_records_the_first_walk_pass_rate() -> None:
    passed = sum(j.first_walk == "pass" for j in PEOPLE)
    readme = (JOURNEYS / "README.md").read_text(encoding="utf-8")
    assert f"first walk: {passed} of {len(PEOPLE)} passed" in readme, (passed, len(PEOPLE))


def _marks(journey: Journey) -> list[pytest.MarkDecorator]:
    # strict: a pending journey that starts to pass must lose `pending`, so none stays marked by mistake
    reason = "pending: the trees don't give this answer yet"
    return [pytest.mark.xfail(reason=reason, strict=True, raises=AssertionError)] if journey.pending else []


@pytest.mark.parametrize(
    "journey",
    [pytest.param(j, marks=_marks(j), id=f"{i + 1:02d}-{j.end}") for i, j in enumerate(ALL)],
)
def test_journey_reaches_the_right_answer(site: Site, journey: Journey) -> None:
    walk = site.walk(journey.start, journey.answers)
    assert walk.kind == "resolution", f"{journey.situation!r} stops at {walk.end}, which is a {walk.kind}"
    assert walk.end == journey.end, f"{journey.situation!r} ends at {walk.end}, expected {journey.end}"
    assert walk.clicks <= MAX_CLICKS


def test_there_are_enough_journeys_in_each_other_language() -> None:
    assert "es" in TRANSLATED
    for lang, journeys in TRANSLATED.items():
        assert len(journeys) >= MIN_TRANSLATED, lang
        assert len({j.situation for j in journeys}) == len(journeys), f"{lang}: two tell the same situation"
        assert {j.start for j in journeys} <= {j.start for j in ALL}, f"{lang}: a start no tree has"
        for journey in journeys:
            assert journey.answers, journey.situation
            assert len(journey.answers) <= MAX_CLICKS, f"{journey.situation}: more than {MAX_CLICKS} answers"


@pytest.mark.parametrize(
    ("lang", "journey"),
    [
        pytest.param(lang, j, marks=_marks(j), id=f"{lang}-{i + 1:02d}-{j.end}")
        for lang, journeys in TRANSLATED.items()
        for i, j in enumerate(journeys)
    ],
)
def test_journey_in_another_language_reaches_the_right_answer(
    built_site: Path, lang: str, journey: Journey
) -> None:
    walk = _language_site(built_site, lang).walk(journey.start, journey.answers)
    assert walk.kind == "resolution", f"{journey.situation!r} stops at {walk.end}, which is a {walk.kind}"
    assert walk.end == journey.end, f"{journey.situation!r} ends at {walk.end}, expected {journey.end}"


@functools.cache
def _language_site(built_site: Path, lang: str) -> Site:
    return Site(built_site / lang)


def test_a_walk_in_another_language_needs_that_languages_words(built_site: Path) -> None:
    """The Spanish site offers Spanish answers: an English answer is not found there."""
    spanish = _language_site(built_site, "es")
    with pytest.raises(AssertionError, match="isn't offered"):
        spanish.walk("common-fixes", ("Yes, lots of people have problems right now",))
    walk = spanish.walk("common-fixes", ("Sí, mucha gente tiene problemas ahora mismo",))
    assert walk.end == "common-fixes/outage"


def test_every_path_from_every_guide_ends_within_seven_clicks(site: Site) -> None:
    starts = sorted(f"troubleshoot/{d.name}/" for d in (site.root / "troubleshoot").iterdir() if d.is_dir())
    assert len(starts) >= 6, starts
    for start in starts:
        chain = site.longest(start)
        clicks = len(chain) - 1
        assert clicks <= MAX_CLICKS, f"{clicks} clicks: {' > '.join(chain)}"


def test_a_walk_fails_when_the_answer_is_not_offered(site: Site) -> None:
    with pytest.raises(AssertionError, match="isn't offered"):
        site.walk("message-wont-send", ("An answer no page has",))


def test_the_walk_reads_the_built_pages_not_the_trees(site: Site, tmp_path: Path) -> None:
    # A copy of two pages where one answer link points elsewhere: the walk follows the HTML.
    src = site.root / "troubleshoot" / "message-wont-send"
    dest = tmp_path / "troubleshoot" / "message-wont-send"
    (dest / "remove-link").mkdir(parents=True)
    html = (src / "index.html").read_text(encoding="utf-8")
    assert 'href="too-fast/"' in html
    (dest / "index.html").write_text(
        html.replace('href="too-fast/"', 'href="remove-link/"'), encoding="utf-8"
    )
    (dest / "remove-link" / "index.html").write_text(
        (src / "remove-link" / "index.html").read_text(encoding="utf-8"), encoding="utf-8"
    )
    walk = Site(tmp_path).walk("message-wont-send", ("It says I'm sending messages too fast",))
    assert walk.end == "message-wont-send/remove-link"
