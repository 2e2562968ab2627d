"""What a page shows so a reader can judge it: its sources, when it last changed, and a way to say
"this didn't help".

- Updated: the date of the last commit that touched the page's tree file, read once per build with one
  `git log` per folder of trees; outside git, or for a file git doesn't know yet, the build date.
  (Git dates on CI need a full checkout: `actions/checkout` with `fetch-depth: 0`.)
- Feedback: a link to a GitHub issue form, filled in through the URL. Nothing is sent until the reader
  clicks it and submits the form on GitHub.
"""

from __future__ import annotations

import datetime as dt
import subprocess
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from urllib.parse import urlencode

from ..core.options import PluginOptions
from ..core.sources import Source, date_label

# GitHub refuses very long addresses; the answers are the only part that can grow.
MAX_ANSWERS_CHARS = 1500


def git_dates(files: Iterable[str], today: dt.date | None = None) -> dict[str, dt.date]:
    """The date of the last commit of each file; `today` (the build date) where git has none.

    One `git log` per folder, however many files it holds (a site with a thousand trees pays once)."""
    build_date = today or dt.date.today()
    by_folder: dict[Path, dict[str, str]] = {}
    for name in files:
        path = Path(name).resolve()
        by_folder.setdefault(path.parent, {})[path.name] = name
    out: dict[str, dt.date] = {}
    for folder, names in by_folder.items():
        found = _last_commit_dates(folder, sorted(names))
        for file_name, name in names.items():
            out[name] = found.get(file_name, build_date)
    return out


def _last_commit_dates(folder: Path, names: Sequence[str]) -> dict[str, dt.date]:
    """{file name: date of its last commit} for files of one folder that git knows."""
    try:
        done = subprocess.run(
            ["git", "log", "--format=%x01%cs", "--name-only", "--relative", "--", *names],
            cwd=folder,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return {}  # no git, or no such folder: the caller uses the build date
    if done.returncode != 0:
        return {}
    wanted = set(names)
    found: dict[str, dt.date] = {}
    current: dt.date | None = None
    for line in done.stdout.splitlines():
        if line.startswith("\x01"):  # a commit, newest first
            try:
                current = dt.date.fromisoformat(line[1:].strip())
            except ValueError:
                current = None
        elif line in wanted and line not in found and current is not None:
            found[line] = current
            if len(found) == len(wanted):
                break
    return found


def day_label(day: dt.date) -> str:
    """A date for people: "3 Dec 2026"."""
    return date_label(day.isoformat())


def cited(ids: Sequence[tuple[str, object]], sources: Mapping[str, Source]) -> list[Source]:
    """A page's sources, newest first (undated ones last), each once."""
    seen: dict[str, Source] = {}
    for sid, _ in ids:
        if sid in sources and sid not in seen:
            seen[sid] = sources[sid]
    return sorted(seen.values(), key=lambda s: s.sort_key(), reverse=True)


def newest(sources: Sequence[Source]) -> Source | None:
    dated = [s for s in sources if s.sort_key()]
    return max(dated, key=lambda s: s.sort_key()) if dated else None


def feedback_url(
    repository: str,
    *,
    tree: str,
    node: str,
    title: str,
    page_url: str,
    answers: Sequence[tuple[str, str]] = (),
    template: str = PluginOptions.feedback_template,
    language: str = "",
) -> str:
    """A new-issue address for the "didn't help" form, with its fields filled in (GitHub reads a form
    field's id from the query string). `answers` are (question, answer) pairs, when the page knows them;
    `language` is the language of the page the reader read (the issue is about that text)."""
    fields = {
        "template": template,
        "title": f"Didn't help: {title}",
        "tree": tree,
        "node": node,
        "page": page_url,
    }
    if language:
        fields["language"] = language
    if answers:
        fields["answers"] = answers_text(answers)
    return f"{repository.rstrip('/')}/issues/new?{urlencode(fields)}"


def answers_text(answers: Sequence[tuple[str, str]]) -> str:
    """One line per answer, "question → answer"; the oldest are dropped when it gets too long."""
    kept: list[str] = []
    total = 0
    for q, a in reversed(answers):  # newest first, one pass: the length is summed as it grows
        line = f"{q} → {a}"
        total += len(line) + 1
        if kept and total > MAX_ANSWERS_CHARS:
            break
        kept.append(line[: MAX_ANSWERS_CHARS + 1])
    return "\n".join(reversed(kept))[:MAX_ANSWERS_CHARS]
