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


def test_every_built_page_is_valid_html(built_site: Path) -> None:
    java = shutil.which("java")
    if java is None or not VNU.exists():
        if os.environ.get("CI") == "true":
            pytest.fail("Java or vnu.jar is missing; `make test` and .ci/run install them")
        pytest.skip("needs Java and .tools/…/vnu.jar (run `make test` once)")
    result = subprocess.run(
        [java, "-jar", str(VNU), "--format", "json", "--errors-only", "--skip-non-html", str(built_site)],
        capture_output=True,
        text=True,
        check=False,
    )
    messages = json.loads(result.stderr or '{"messages": []}')["messages"]
    pages = list(built_site.glob("**/*.html"))
    assert len(pages) > 50
    prefix = f"file:{built_site}"
    problems = [
        f"{m.get('url', '?').removeprefix(prefix)}:{m.get('lastLine', '?')}: {m['message']}"
        for m in messages
        if m["message"] not in ALLOWED
    ]
    assert not problems, "\n".join(problems[:40])
    # The allowlist stays short and is still needed (else remove the entry).
    assert {m["message"] for m in messages} == ALLOWED
