"""check/cache.py: a warm `check` re-reads only changed files, and never reports other than a cold one."""

from __future__ import annotations

import datetime as dt
import json
import pickle
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from build_tools.check import cache as file_cache
from build_tools.check import validate
from build_tools.check.load import FileResult, Job, Role
from build_tools.check.validate import load_project
from build_tools.cli import main
from build_tools.core.located import Pos
from build_tools.core.problems import Level
from build_tools.core.settings import Settings
from build_tools.rules.examples import CAUSES, VALID
from build_tools.rules.translations import ES, ES_CAUSES
from build_tools.rules.writing import HARD
from build_tools.text import sanitize

TREES = ("alpha", "beta", "gamma")


def write_trees(folder: Path) -> Path:
    trees = folder / "trees"
    trees.mkdir(parents=True, exist_ok=True)
    (trees / "causes.yaml").write_text(CAUSES, encoding="utf-8")
    for name in TREES:
        (trees / f"{name}.yaml").write_text(VALID, encoding="utf-8")
    return trees


def check(trees: Path, cache: Path | None, levels: Settings | None = None) -> tuple[list[str], list[str]]:
    project = load_project([trees], parallel=False, cache=cache, settings=levels)
    return [p.gcc() for p in project.problems], project.read_afresh


def test_a_changed_file_is_read_again_and_unchanged_ones_come_from_the_cache(tmp_path: Path) -> None:
    trees = write_trees(tmp_path)
    cache = file_cache.cache_dir(trees)
    cold = load_project([trees], parallel=False, cache=cache)
    assert sorted(cold.read_afresh) == sorted(str(p) for p in trees.iterdir())
    assert cold.from_cache == []
    beta = trees / "beta.yaml"
    beta.write_text(VALID.replace("It was a bug in the app.", HARD), encoding="utf-8")
    warm = load_project([trees], parallel=False, cache=cache)
    assert warm.read_afresh == [str(beta)]
    assert len(warm.from_cache) == len(TREES)  # the other trees and causes.yaml
    assert [p.code for p in warm.problems] == ["hard-to-read"]
    assert warm.problems[0].path == str(beta)


def test_a_file_changed_back_finds_its_old_entry_only_if_the_bytes_match(tmp_path: Path) -> None:
    trees = write_trees(tmp_path)
    cache = file_cache.cache_dir(trees)
    load_project([trees], parallel=False, cache=cache)
    (trees / "alpha.yaml").write_text(VALID + "\n", encoding="utf-8")  # one byte more: a new key
    again = load_project([trees], parallel=False, cache=cache)
    assert str(trees / "alpha.yaml") in again.read_afresh


def test_site_levels_apply_after_the_cache(tmp_path: Path) -> None:
    trees = write_trees(tmp_path)
    (trees / "alpha.yaml").write_text(VALID.replace("It was a bug in the app.", HARD), encoding="utf-8")
    cache = file_cache.cache_dir(trees)
    assert [p.split(": ")[1] for p in check(trees, cache)[0]] == ["error[hard-to-read]"]
    off = Settings(levels={"hard-to-read": None})
    assert check(trees, cache, off)[0] == []
    assert check(trees, None, off)[0] == []


def test_the_markdown_configuration_is_part_of_the_key(tmp_path: Path) -> None:
    trees = write_trees(tmp_path)
    cache = file_cache.cache_dir(trees)
    load_project([trees], parallel=False, cache=cache)
    before = sanitize.markdown_setup()
    try:
        sanitize.use_markdown(["toc", "tables"], {})
        assert len(check(trees, cache)[1]) == len(TREES) + 1
    finally:
        sanitize.use_markdown(*_restore(before))


def _restore(setup: str) -> tuple[list[str], dict[str, dict[str, object]]]:
    extensions, configs = json.loads(setup)
    return extensions, json.loads(configs)


# Edits a contributor might make, each to one file: what a warm check reports must be what a cold one does.
EDITS = [
    ("It was a bug in the app.", HARD),
    ("It was a bug in the app.", "It was a <script>bug</script>."),
    ("next: restart", "next: nowhere"),
    ("causes: [app-bug]", "causes: [no-such-cause]"),
    ("title: The app won't open", "title: [unclosed"),
    ("outcome: fixed", "outcome: maybe"),
    ("Hold the power button", "Hold the power button  # check: ignore[hard-to-read]"),
    ("Hold the power button", "We checked this. Hold the power button"),
    ("  restart:\n", "  restart:\n    related: [beta]\n"),
]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.lists(
        st.tuples(st.sampled_from((*TREES, "causes")), st.integers(0, len(EDITS)), st.booleans()),
        min_size=1,
        max_size=6,
    )
)
def test_a_warm_check_reports_exactly_what_a_cold_one_does_after_any_edits(
    edits: list[tuple[str, int, bool]],
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        trees = write_trees(Path(tmp))
        cache = file_cache.cache_dir(trees)
        check(trees, cache)
        for name, which, revert in edits:
            file = trees / f"{name}.yaml"
            if revert:
                file.write_text(CAUSES if name == "causes" else VALID, encoding="utf-8")
            elif which == len(EDITS):
                file.unlink(missing_ok=True)
            else:
                old, new = EDITS[which]
                text = file.read_text(encoding="utf-8") if file.exists() else VALID
                file.write_text(text.replace(old, new, 1), encoding="utf-8")
            warm, _ = check(trees, cache)
            cold, afresh = check(trees, None)
            assert warm == cold
            assert len(afresh) == len(list(trees.glob("*.yaml")))
            again = load_project([trees], parallel=False, cache=cache)  # nothing changed: the verdict
            assert again.rules_from_cache and again.read_afresh == []
            assert [p.gcc() for p in again.problems] == cold


# Translations (trees/es/): edits of their own, and English edits that make them stale or unknown.
ES_EDITS = [
    ("Se cierra", "Muestra un error"),  # ambiguous
    ("Era un error de la app.", "Era un <script>error</script>."),
    ("  restart:\n", "  restar:\n"),  # unknown node
    ("language: es", "language: pt"),
    ("reviewed: false", "reviewed: [oops"),
    (', from: "', ', fromm: "'),
    ("La app no abre", 'Dice "Error"'),
]
ES_FILES = ("es/alpha", "es/beta", "es/causes")


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.lists(
        st.tuples(
            st.sampled_from((*TREES, "causes", *ES_FILES)),
            st.integers(0, max(len(EDITS), len(ES_EDITS))),
            st.booleans(),
        ),
        min_size=1,
        max_size=6,
    )
)
def test_with_translations_a_warm_check_reports_exactly_what_a_cold_one_does(
    edits: list[tuple[str, int, bool]],
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        trees = write_trees(Path(tmp))
        (trees / "es").mkdir()
        originals = {"es/alpha": ES, "es/beta": ES, "es/causes": ES_CAUSES, "causes": CAUSES}
        for name in ES_FILES:
            (trees / f"{name}.yaml").write_text(originals[name], encoding="utf-8")
        cache = file_cache.cache_dir(trees)
        check(trees, cache)
        for name, which, revert in edits:
            file = trees / f"{name}.yaml"
            original = originals.get(name, VALID)
            table = ES_EDITS if name.startswith("es/") else EDITS
            if revert:
                file.write_text(original, encoding="utf-8")
            elif which >= len(table):
                file.unlink(missing_ok=True)
            else:
                old, new = table[which]
                text = file.read_text(encoding="utf-8") if file.exists() else original
                file.write_text(text.replace(old, new, 1), encoding="utf-8")
            warm, _ = check(trees, cache)
            cold, _ = check(trees, None)
            assert warm == cold
            again = load_project([trees], parallel=False, cache=cache)
            assert again.rules_from_cache and again.read_afresh == []
            assert [p.gcc() for p in again.problems] == cold


def _slot(trees: Path, name: str) -> tuple[Path, Job]:
    file = trees / f"{name}.yaml"
    job = Job(file, str(file), Role.TREE, file.read_bytes())
    return file_cache.slot(file_cache.cache_dir(trees), job), job


def test_corrupt_or_foreign_cache_files_are_misses_never_errors(tmp_path: Path) -> None:
    trees = write_trees(tmp_path)
    (trees / "beta.yaml").write_text(VALID.replace("next: restart", "next: nowhere"), encoding="utf-8")
    cache = file_cache.cache_dir(trees)
    cold, _ = check(trees, None)
    check(trees, cache)
    alpha, _ = _slot(trees, "alpha")
    beta, beta_job = _slot(trees, "beta")
    good_beta = beta.read_bytes()
    head = file_cache.MAGIC + file_cache.key(beta_job, beta_job.data or b"")
    planted = tmp_path / "planted"
    variants = [
        b"",  # empty
        good_beta[: len(good_beta) // 2],  # cut short
        good_beta[:-8] + b"\x00" * 8,  # damaged payload, right key
        alpha.read_bytes(),  # another file's entry: a foreign key
        head + pickle.dumps(["not", "an", "entry"]),
        head + pickle.dumps(file_cache.Entry(FileResult(problems="nope"))),  # type: ignore[arg-type]
        head + pickle.dumps(_Planted(planted)),  # would run code if unpickled freely
    ]
    for blob in variants:
        beta.write_bytes(blob)
        warm, afresh = check(trees, cache)
        assert warm == cold
        assert str(trees / "beta.yaml") in afresh
    assert not planted.exists()


class _Planted:
    def __init__(self, path: Path) -> None:
        self.path = path

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (Path.touch, (str(self.path),))


def test_a_new_engine_version_misses_every_entry(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    trees = write_trees(tmp_path)
    cache = file_cache.cache_dir(trees)
    check(trees, cache)
    monkeypatch.setattr(file_cache, "engine_version", lambda: "another engine")
    assert len(check(trees, cache)[1]) == len(TREES) + 1


def test_check_command_keeps_its_cache_beside_the_trees_and_no_cache_leaves_it_alone(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    trees = write_trees(tmp_path / "a")
    assert main(["check", "--no-cache", str(trees)]) == 0
    assert not (tmp_path / "a" / ".cache").exists()
    assert main(["check", str(trees)]) == 0
    assert len(list((tmp_path / "a" / ".cache" / "check").glob("*.pickle"))) == len(TREES) + 1
    assert "checked 3 trees" in capsys.readouterr().err


# -- the verdict: what the linking and the TREE and PROJECT rules found, reused only when nothing changed --

JOURNEYS_NONE = "journeys: []\n"
JOURNEYS_ONE = (
    "journeys:\n  - situation: My app closes as soon as I open it.\n"
    "    answers: [It shows an error]\n    end: alpha/fixed-now\n"
)


def _site(tmp: Path) -> tuple[Path, Path]:
    """Trees where alpha links to beta (a finding of alpha depends on beta's file), and a journeys folder."""
    trees = write_trees(tmp)
    (trees / "alpha.yaml").write_text(VALID.replace("next: fixed-now", "next: beta/restart", 1))
    journeys = tmp / "journeys"
    journeys.mkdir()
    (journeys / "alpha.yaml").write_text(JOURNEYS_NONE, encoding="utf-8")
    return trees, journeys


def _run(
    trees: Path,
    cache: Path | None,
    journeys: Path | None,
    today: dt.date = dt.date(2026, 12, 1),
    levels: dict[str, Level | None] | None = None,
) -> tuple[list[str], bool]:
    settings = Settings(levels=levels or {}, journeys=journeys)
    project = load_project([trees], today, False, settings, cache)
    return [p.gcc() for p in project.problems], project.rules_from_cache


def test_nothing_changed_reuses_the_rules_findings_and_check_loads_no_model(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    trees, journeys = _site(tmp_path)
    (trees / "beta.yaml").write_text(VALID.replace("next: restart", "next: nowhere"), encoding="utf-8")
    cache = file_cache.cache_dir(trees)
    cold, _ = _run(trees, None, journeys)
    assert any("unknown-target" in line for line in cold)  # a cross-file finding is among them
    first, reused = _run(trees, cache, journeys)
    assert (first, reused) == (cold, False)
    again, reused = _run(trees, cache, journeys)
    assert (again, reused) == (cold, True)
    # `check` itself reads the verdict alone: loading a model or running a rule now would fail the test.
    monkeypatch.setattr(validate, "_load", _must_not_run)
    monkeypatch.setattr(validate, "_run_rules", _must_not_run)
    found = validate.check_site([trees], journeys=journeys, today=dt.date(2026, 12, 1), cache=cache)
    assert [p.gcc() for p in found.problems] == cold
    assert (found.trees, found.nodes) == (len(TREES), 3 * len(TREES))


def _must_not_run(*args: object) -> None:
    raise AssertionError("a warm run with nothing changed loaded models or ran rules")


# Each changes one input the cross-tree rules read, and never alpha's own file: alpha's entry stays valid,
# while what is reported about it (or the site) changes. The verdict must be missed every time.
CHANGES = {
    "the tree alpha links to is removed": lambda trees, journeys: (trees / "beta.yaml").unlink(),
    "a journeys file is edited": lambda trees, journeys: (journeys / "alpha.yaml").write_text(JOURNEYS_ONE),
    "a journeys file is added": lambda trees, journeys: (journeys / "beta.yaml").write_text(JOURNEYS_NONE),
    "the causes change": lambda trees, journeys: (trees / "causes.yaml").write_text(
        CAUSES.replace("app-bug", "other-bug")
    ),
}


@pytest.mark.parametrize("change", CHANGES)
def test_a_change_to_any_input_of_the_cross_tree_rules_runs_them_again(tmp_path: Path, change: str) -> None:
    trees, journeys = _site(tmp_path)
    cache = file_cache.cache_dir(trees)
    before, _ = _run(trees, cache, journeys)
    assert _run(trees, cache, journeys) == (before, True)
    CHANGES[change](trees, journeys)
    warm, reused = _run(trees, cache, journeys)
    cold, _ = _run(trees, None, journeys)
    assert (warm, reused) == (cold, False)
    assert cold != before  # the change mattered to what is reported
    assert str(trees / "alpha.yaml") not in load_project([trees], cache=cache).read_afresh


def test_the_date_and_the_site_levels_are_inputs_of_the_verdict(tmp_path: Path) -> None:
    trees, journeys = _site(tmp_path)
    cache = file_cache.cache_dir(trees)
    before, _ = _run(trees, cache, journeys)
    runs: list[tuple[Path | None, dt.date, dict[str, Level | None]]] = [
        (journeys, dt.date(2025, 1, 1), {}),  # `reviewed` is now in the future
        (journeys, dt.date(2026, 12, 1), {"no-journeys": None}),
        (None, dt.date(2026, 12, 1), {}),  # the site keeps no journeys
    ]
    for folder, today, levels in runs:
        warm, reused = _run(trees, cache, folder, today, levels)
        cold, _ = _run(trees, None, folder, today, levels)
        assert (warm, reused) == (cold, False)
        assert cold != before, (folder, today, levels)


def test_the_sites_languages_and_the_language_folders_are_inputs_of_the_verdict(tmp_path: Path) -> None:
    trees, journeys = _site(tmp_path)
    cache = file_cache.cache_dir(trees)

    def run(languages: dict[str, Pos] | None) -> tuple[list[str], bool]:
        settings = Settings(journeys=journeys, config_path="mkdocs.yml", languages=languages)
        project = load_project([trees], dt.date(2026, 12, 1), False, settings, cache)
        return [p.gcc() for p in project.problems], project.rules_from_cache

    none, _ = run({})
    assert run({}) == (none, True)
    published, reused = run({"es": Pos(5, 9)})  # the site publishes Spanish: no translations to show
    assert not reused and "mkdocs.yml:5:9: error[language-without-translations]" in "\n".join(published)
    assert run({"es": Pos(5, 9)}) == (published, True)
    moved, reused = run({"es": Pos(6, 9)})  # the same language, on another line of mkdocs.yml
    assert not reused and moved != published
    (trees / "es").mkdir()  # an empty folder: no file to hash, yet every tree is now untranslated
    empty, reused = run({"es": Pos(6, 9)})
    assert not reused and any("translation-missing" in line for line in empty)


def test_a_new_file_in_the_trees_folder_misses_the_verdict(tmp_path: Path) -> None:
    """A new or changed file in the trees folder (here a translation) changes the key."""
    trees, journeys = _site(tmp_path)
    cache = file_cache.cache_dir(trees)
    before, _ = _run(trees, cache, journeys)
    (trees / "es").mkdir()
    (trees / "es" / "alpha.yaml").write_text("title: La app no abre\n", encoding="utf-8")
    with_translation, hit = _run(trees, cache, journeys)
    assert not hit and with_translation != before  # the translation's own problems (not in the format)
    assert _run(trees, cache, journeys) == (with_translation, True)
    (trees / "es" / "alpha.yaml").write_text("title: La aplicación no abre\n", encoding="utf-8")
    assert _run(trees, cache, journeys)[1] is False


def test_a_damaged_or_foreign_verdict_is_a_miss(tmp_path: Path) -> None:
    trees, journeys = _site(tmp_path)
    cache = file_cache.cache_dir(trees)
    before, _ = _run(trees, cache, journeys)
    (verdict,) = cache.glob("*.verdict")
    good = verdict.read_bytes()
    head = len(file_cache.VERDICT_MAGIC)
    foreign = good[:head] + bytes(b ^ 1 for b in good[head : head + 32]) + good[head + 32 :]  # another key
    for blob in (b"", good[: len(good) // 2], good[:-8] + b"\x00" * 8, foreign):
        verdict.write_bytes(blob)
        assert _run(trees, cache, journeys) == (before, False)


def test_entries_written_by_pool_workers_are_read_back_by_the_next_run(tmp_path: Path) -> None:
    """With a process pool, each worker stores what it found; the next run finds every entry."""
    trees = write_trees(tmp_path)
    (trees / "beta.yaml").write_text(VALID.replace("It was a bug in the app.", HARD), encoding="utf-8")
    cache = file_cache.cache_dir(trees)
    cold = load_project([trees], parallel=True, cache=cache)
    assert cold.loaded_in_parallel
    (trees / "gamma.yaml").write_text(VALID + "\n", encoding="utf-8")  # the verdict misses, entries don't
    warm = load_project([trees], parallel=True, cache=cache)
    assert warm.read_afresh == [str(trees / "gamma.yaml")]
    assert not warm.rules_from_cache
    assert [p.gcc() for p in warm.problems] == [p.gcc() for p in cold.problems]
