"""Checks on the site's content in trees/ and docs/.

These tests read the YAML with ``yaml.safe_load`` and measure with textstat, apart from the engine (only the
limits are shared), so they cross-check it. Each limit here that a tree edit can break is also a `check`
rule: tests/test_content_gate.py proves it, and lists the few that are not.

- coverage: every cause is used, every resolution names known causes, and every troubleshooting tip and FAQ
  question from the source articles has a counterpart in the trees;
- readability: every node, and every FAQ entry, scores at or below US grade 8 (Flesch-Kincaid);
- wording: folklore error texts are never quoted as if TikTok showed them;
- spelling: codespell finds nothing in trees/ and docs/.
"""

from __future__ import annotations

import functools
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from build_tools.rules.writing import MAX_GRADE  # the one home of the limit: `check` reports it too

ROOT = Path(__file__).resolve().parent.parent
TREES = ROOT / "trees"
DOCS = ROOT / "docs"

ENTRY_TREES = (
    "message-wont-send",
    "cant-message-person",
    "messaging-unavailable",
    "account-restricted",
    "inbox-wont-load",
    "cant-receive-messages",
)


def _load(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


CAUSES: dict[str, Any] = _load(TREES / "causes.yaml")["causes"]
NOT_TREES = ("causes.yaml", "sources.yaml")
TREE_DATA: dict[str, dict[str, Any]] = {
    path.stem: _load(path) for path in sorted(TREES.glob("*.yaml")) if path.name not in NOT_TREES
}
NODES = [
    (tree_id, node_id, node) for tree_id, tree in TREE_DATA.items() for node_id, node in tree["nodes"].items()
]
RESOLUTIONS = [(tree_id, node_id, node) for tree_id, node_id, node in NODES if "resolution" in node]
FAQS = [
    (tree_id, index, faq)
    for tree_id, tree in TREE_DATA.items()
    for index, faq in enumerate(tree.get("faq", []))
]


def _platform_text(node: dict[str, Any]) -> list[str]:
    return list(node.get("platforms", {}).values())


def _step_texts() -> list[str]:
    return [
        "\n".join([node["step"], node.get("body", ""), *_platform_text(node)])
        for _, _, node in NODES
        if "step" in node
    ]


def _faq_texts() -> list[str]:
    return [f"{faq['question']}\n{faq['answer']}" for _, _, faq in FAQS]


# --- structure ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("tree_id", ENTRY_TREES)
def test_entry_tree_exists(tree_id: str) -> None:
    assert tree_id in TREE_DATA, f"trees/{tree_id}.yaml is missing"
    first_line = (TREES / f"{tree_id}.yaml").read_text(encoding="utf-8").splitlines()[0]
    assert first_line == "# yaml-language-server: $schema=../build_tools/schema/tree.schema.json"


def test_enough_faq_entries() -> None:
    assert len(FAQS) >= 15, f"only {len(FAQS)} FAQ entries across all trees"


# --- causes ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("cause_id", sorted(CAUSES))
def test_cause_is_named_by_a_resolution(cause_id: str) -> None:
    users = [f"{t}/{n}" for t, n, node in RESOLUTIONS if cause_id in node["causes"]]
    assert users, f"cause '{cause_id}' in trees/causes.yaml is not named by any resolution"


def test_resolutions_name_known_causes() -> None:
    unknown = [
        f"{tree_id}/{node_id}: {cause}"
        for tree_id, node_id, node in RESOLUTIONS
        for cause in node["causes"]
        if cause not in CAUSES
    ]
    assert not unknown, "resolutions name causes missing from trees/causes.yaml:\n" + "\n".join(unknown)


# --- seed topics -------------------------------------------------------------------------------------------

# The seven troubleshooting tips of the source article. Each must appear in a step (heading, body or platform
# tab) or in a FAQ entry.
SEED_TIPS = {
    "tip-1-check-network": r"\b(wi-?fi|mobile data|internet connection)\b",
    "tip-2-review-account-restrictions": r"\baccount (status|check|restrictions?)\b",
    "tip-3-update-app": r"\bupdate (tiktok|the app)\b",
    "tip-4-clear-cache-and-data": r"\bclear\b[^.]*\bcache\b",
    "tip-5-check-privacy-settings": r"privacy > direct messages|\bwho can message you\b",
    "tip-6-restart-device": r"\brestart (your )?(phone|device|iphone|computer)\b",
    "tip-7-reinstall-app": r"\b(reinstall|install (it|tiktok) again)\b",
}

# The nine FAQ questions of the source articles. Each must be asked, in our words, by a FAQ entry.
SEED_QUESTIONS = {
    "q1-main-reasons-messaging-is-restricted": r"\b(main|common|usual) reasons?\b",
    "q2-how-account-restrictions-affect-messaging": r"\brestrictions?\b.*\baffect\b",
    "q3-can-network-problems-stop-messages": r"\b(network|internet|connection)\b.*\bstop\b",
    "q4-which-app-glitches-interfere": r"\bapp (problems?|glitch(es)?|bugs?)\b",
    "q5-how-guideline-violations-cause-restrictions": r"\bbreak(ing)?\b.*\bguidelines\b.*\bmessages\b",
    "q6-how-privacy-settings-stop-receiving": r"\bprivacy settings\b.*\bstop\b.*\b(getting|receiving)\b",
    "q7-why-are-messages-not-sending": r"^why are\b.*\bmessages not sending\b",
    "q8-how-to-fix-chat-not-working": r"\bfix\b.*\bchat\b.*\bnot working\b",
    "q9-does-network-affect-messaging": r"\b(network|wi-?fi|mobile data)\b.*\baffect\b",
}


@pytest.mark.parametrize("topic", sorted(SEED_TIPS))
def test_seed_tip_is_covered(topic: str) -> None:
    pattern = re.compile(SEED_TIPS[topic], re.IGNORECASE)
    texts = _step_texts() + _faq_texts()
    assert any(pattern.search(text) for text in texts), f"no step or FAQ entry covers {topic}"


@pytest.mark.parametrize("topic", sorted(SEED_QUESTIONS))
def test_seed_question_is_covered(topic: str) -> None:
    pattern = re.compile(SEED_QUESTIONS[topic], re.IGNORECASE)
    questions = [faq["question"] for _, _, faq in FAQS]
    assert any(pattern.search(q) for q in questions), f"no FAQ entry asks {topic}"


# --- readability -------------------------------------------------------------------------------------------

_LIST_MARKER = re.compile(r"^(\d+\.|[-*+])\s+")


def plain_text(markdown: str) -> str:
    """Markdown to sentences: drop link targets, URLs and markup; end every paragraph and list item."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", markdown)
    text = re.sub(r"https?://\S+", "", text)
    text = re.sub(r"[*_`#]", "", text)
    text = text.replace("☰", "Menu")
    text = re.sub(r"\s+>\s+", ", ", text)  # menu paths: Profile > Menu > Settings
    blocks: list[str] = []
    current: list[str] = []
    for raw in text.splitlines():
        line = raw.strip()
        marker = _LIST_MARKER.match(line)
        if (not line or marker) and current:
            blocks.append(" ".join(current))
            current = []
        if marker:
            line = line[marker.end() :]
        if line:
            current.append(line)
    if current:
        blocks.append(" ".join(current))
    sentences = []
    for block in blocks:
        block = block.rstrip(":").rstrip()
        if block and block[-1] not in ".!?\"')":
            block += "."
        sentences.append(block)
    return " ".join(sentences)


def node_text(node: dict[str, Any]) -> str:
    parts: list[str] = []
    for key in ("question", "step", "resolution"):
        if key in node:
            parts.append(node[key])
    for key in ("help", "body"):
        if key in node:
            parts.append(node[key])
    parts.extend(_platform_text(node))
    parts.extend(answer["answer"] for answer in node.get("answers", []))
    return "\n\n".join(plain_text(part) for part in parts)


@functools.cache
def _scorer() -> Any:
    """A textstat instance that counts syllables with Pyphen only.

    For English ("en_US", the default) textstat looks words up in NLTK's cmudict corpus and downloads it on
    first use, which fails on machines without access to NLTK's data server. textstat routes any language
    whose root isn't "en" to Pyphen, so "en-US" keeps the English hyphenation dictionary without the download.
    Pyphen is used everywhere, not just where cmudict is missing, so grades are the same on every machine.
    """
    from textstat.textstat import textstatistics

    scorer = textstatistics()
    scorer.set_lang("en-US")
    return scorer


def _grade(text: str) -> float:
    return float(_scorer().flesch_kincaid_grade(text))


def test_plain_text_strips_markdown() -> None:
    text = plain_text("1. Go to **Profile > ☰ > Settings**\n2. Open [the form](https://example.com/x).\n")
    assert text == "Go to Profile, Menu, Settings. Open the form."


@pytest.mark.parametrize(("tree_id", "node_id", "node"), NODES, ids=[f"{t}/{n}" for t, n, _ in NODES])
def test_node_readability(tree_id: str, node_id: str, node: dict[str, Any]) -> None:
    text = node_text(node)
    grade = _grade(text)
    assert grade <= MAX_GRADE, f"{tree_id}/{node_id} reads at grade {grade:.1f} (max {MAX_GRADE}):\n{text}"


@pytest.mark.parametrize(("tree_id", "index", "faq"), FAQS, ids=[f"{t}/faq-{i + 1}" for t, i, _ in FAQS])
def test_faq_readability(tree_id: str, index: int, faq: dict[str, Any]) -> None:
    text = plain_text(faq["question"]) + " " + plain_text(faq["answer"])
    grade = _grade(text)
    assert grade <= MAX_GRADE, (
        f"{tree_id} FAQ {index + 1} reads at grade {grade:.1f} (max {MAX_GRADE}):\n{text}"
    )


# --- wording -----------------------------------------------------------------------------------------------

# Texts people search for but that were never confirmed as TikTok's own wording (see the research notes).
# They may appear as search phrases, never in quotation marks as if TikTok showed them.
FOLKLORE = (
    "Message failed to send",
    "This account can't receive messages",
    "Unable to send message",
    "Direct messaging is not available for this account",
    "Not sent",
)


@pytest.mark.parametrize("phrase", FOLKLORE)
def test_folklore_is_never_quoted(phrase: str) -> None:
    quoted = re.compile("[\"\u201c']\\s*" + re.escape(phrase).replace("'", "['\u2019]"), re.IGNORECASE)
    files = [*TREES.glob("*.yaml"), *DOCS.rglob("*.md")]
    hits = [str(path.relative_to(ROOT)) for path in files if quoted.search(path.read_text(encoding="utf-8"))]
    assert not hits, f"'{phrase}' is quoted as TikTok's wording in: {', '.join(hits)}"


# --- spelling ----------------------------------------------------------------------------------------------


def test_spelling() -> None:
    targets = [str(path.relative_to(ROOT)) for path in (TREES, DOCS) if path.exists()]
    result = subprocess.run(
        [sys.executable, "-m", "codespell_lib", *targets],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, f"codespell found problems:\n{result.stdout}{result.stderr}"
