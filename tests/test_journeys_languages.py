"""`check` walks journeys in another language (tests/journeys/<lang>/) through the translated pages."""

from __future__ import annotations

from pathlib import Path

from conftest import CAUSES

from build_tools.check.validate import load_project
from build_tools.core.settings import Settings
from build_tools.rules.examples import VALID

JOURNEY = "journeys:\n  - situation: {situation}\n    answers: {answers}\n    end: {end}\n"
TRANSLATION = """\
language: es
reviewed: false
nodes:
  what-happens:
    answers:
      - {text: Se cierra}
      - {text: Muestra un error}
"""


def _project(tmp_path: Path, answers: str, end: str = "t/fixed-now") -> list[tuple[str, int, int, str]]:
    trees = tmp_path / "trees"
    (trees / "es").mkdir(parents=True, exist_ok=True)
    (trees / "t.yaml").write_text(VALID, encoding="utf-8")
    (trees / "causes.yaml").write_text(CAUSES, encoding="utf-8")
    (trees / "es" / "t.yaml").write_text(TRANSLATION, encoding="utf-8")
    journeys = tmp_path / "journeys"
    (journeys / "es").mkdir(parents=True, exist_ok=True)
    english = JOURNEY.format(situation="It closes.", answers='[It closes, "Yes, that fixed it"]', end=end)
    (journeys / "t.yaml").write_text(english, encoding="utf-8")
    spanish = JOURNEY.format(situation="Se me cierra.", answers=answers, end=end)
    (journeys / "es" / "t.yaml").write_text(spanish, encoding="utf-8")
    project = load_project([trees], settings=Settings(journeys=journeys))
    return [
        (Path(p.path).as_posix().split("journeys/")[-1], p.line, p.col, p.code)
        for p in project.problems
        if p.code.startswith("journey")
    ]


def test_a_spanish_journey_walks_the_spanish_answers_and_step_buttons(tmp_path: Path) -> None:
    assert _project(tmp_path, '[Se cierra, "Sí, eso lo arregló"]') == []


def test_an_answer_the_spanish_page_does_not_show_is_reported_at_the_journey(tmp_path: Path) -> None:
    # "It closes" is the English answer: the Spanish page shows "Se cierra"
    assert _project(tmp_path, '[It closes, "Sí, eso lo arregló"]') == [("es/t.yaml", 3, 15, "journey-answer")]
    assert _project(tmp_path, '[Se cierra, "Yes, that fixed it"]') == [("es/t.yaml", 3, 27, "journey-answer")]


def test_a_wrong_end_of_a_spanish_journey_is_reported(tmp_path: Path) -> None:
    found = _project(tmp_path, "[Muestra un error]", end="t/restart")
    assert ("es/t.yaml", 4, 10, "journey-end") in found
