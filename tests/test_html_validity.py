"""Every built page is valid HTML for the Nu HTML Checker (vnu.jar from npm, run with Java).

`make test` fetches vnu.jar into .tools/; `.ci/run` installs Java and npm when they are missing. Under CI
the test never skips; elsewhere it skips when Java or the jar is missing.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
VNU = ROOT / ".tools" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"

# Errors in stock Material for MkDocs markup, not in anything this project writes. (Material's hidden table of
# contents had a label for a missing control on tree pages; they no longer render it: overrides/main.html.)
ALLOWED = {
    # Material's header and drawer toggles are checkboxes with autocomplete="off" (a Firefox workaround).
    "Attribute “autocomplete” is only allowed when the input type is “color”, “date”, “datetime-local”, "
    "“email”, “hidden”, “month”, “number”, “password”, “range”, “search”, “tel”, “text”, “time”, “url”, "
    "or “week”.",
}


def nu_messages(site: Path) -> list[dict[str, str]]:
    """The Nu checker's errors on every page of `site` (skips the test where Java or the jar is missing)."""
    java = shutil.which("java")
    if java is None or not VNU.exists():
        if os.environ.get("CI") == "true":
            pytest.fail("Java or vnu.jar is missing; `make test` and .ci/run install them")
        pytest.skip("needs Java and .tools/…/vnu.jar (run `make test` once)")
    result = subprocess.run(
        [java, "-jar", str(VNU), "--format", "json", "--errors-only", "--skip-non-html", str(site)],
        capture_output=True,
        text=True,
        check=False,
    )
    messages: list[dict[str, str]] = json.loads(result.stderr or '{"messages": []}')["messages"]
    return messages


def problems(site: Path, messages: list[dict[str, str]]) -> list[str]:
    prefix = f"file:{site}"
    return [
        f"{m.get('url', '?').removeprefix(prefix)}:{m.get('lastLine', '?')}: {m['message']}"
        for m in messages
        if m["message"] not in ALLOWED
    ]


def test_every_built_page_is_valid_html(built_site: Path) -> None:
    messages = nu_messages(built_site)
    pages = list(built_site.glob("**/*.html"))
    assert len(pages) > 50
    found = problems(built_site, messages)
    assert not found, "\n".join(found[:40])
    # The allowlist stays short and is still needed (else remove the entry).
    assert {m["message"] for m in messages} == ALLOWED


def test_spanish_pages_with_parts_in_english_are_valid_html(other_site: Path) -> None:
    """The fixture site's Spanish pages show some fields in English, each marked lang="en"."""
    spanish = other_site / "es"
    assert 'lang="en"' in (spanish / "faq" / "index.html").read_text(encoding="utf-8")
    # The fixture site has no theme overrides: stock Material's hidden table of contents still has its label
    # for a control that is not there (the real site's overrides/main.html does not render it).
    stock = (
        "The value of the “for” attribute of the “label” element must be the ID of a non-hidden form control."
    )
    found = [p for p in problems(spanish, nu_messages(spanish)) if not p.endswith(stock)]
    assert not found, "\n".join(found[:40])
