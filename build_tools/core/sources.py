"""The sources list (trees/sources.yaml): what a page's facts rest on, and the on-screen texts they quote.

A step or resolution cites source ids (`sources: [id, ...]`) or says it is general know-how
(`general: true`). Only texts listed under a source's `quotes:` may appear in quotation marks in a tree
(the `unsourced-quote` rule): a quotation on a page claims "this is what you will see on screen".
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from .located import LocDict, Pos
from .model import Node, Text

SOURCES_FILE = "sources.yaml"
# How each kind of source is counted and labelled; `official` means the service itself published it.
KINDS = ("official", "news", "third-party")
UNDATED = "undated"
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@dataclass(frozen=True)
class Source:
    id: str
    title: str
    publisher: str
    url: str
    published: str  # "YYYY-MM-DD", "YYYY-MM", "YYYY" or "undated"
    kind: str
    pos: Pos
    published_pos: Pos
    quotes: tuple[str, ...] = field(default=())
    # What each quote means (by its text), where the file says; and where each quote is written.
    means: dict[str, str] = field(default_factory=dict)
    quote_pos: tuple[Pos, ...] = field(default=())

    @property
    def date_label(self) -> str:
        """The publication date for people: "2 Feb 2023", "Dec 2023", "2022" or "undated"."""
        return date_label(self.published)

    def sort_key(self) -> str:
        """Sortable form of the date ("" when undated, so undated sources count as oldest)."""
        return "" if self.published == UNDATED else self.published


def date_label(value: str) -> str:
    parts = value.split("-")
    if value == UNDATED or not parts[0].isdigit():
        return UNDATED
    if len(parts) == 1:
        return parts[0]
    month = _MONTHS[int(parts[1]) - 1] if 1 <= int(parts[1]) <= 12 else parts[1]
    if len(parts) == 2:
        return f"{month} {parts[0]}"
    return f"{int(parts[2])} {month} {parts[0]}"


def parse_date(value: str) -> dt.date | None:
    """The first day a partial date could mean; None when undated. Raises ValueError for 2026-02-30."""
    if value == UNDATED:
        return None
    parts = [int(p) for p in value.split("-")]
    while len(parts) < 3:
        parts.append(1)
    return dt.date(parts[0], parts[1], parts[2])


def build_sources(data: LocDict) -> dict[str, Source]:
    """The model of a sources file that passed the schema check."""
    sources: LocDict = data["sources"]
    out: dict[str, Source] = {}
    for sid, s in sources.items():
        out[sid] = Source(
            id=sid,
            title=s["title"],
            publisher=s["publisher"],
            url=s["url"],
            published=s["published"],
            kind=s["kind"],
            pos=sources.key_pos[sid],
            published_pos=s.value_pos["published"],
            quotes=tuple(_quote_text(q) for q in s.get("quotes", ())),
            means={q["text"]: q["means"] for q in s.get("quotes", ()) if isinstance(q, LocDict)},
            quote_pos=tuple(getattr(s.get("quotes"), "item_pos", ())),
        )
    return out


def _quote_text(quote: str | LocDict) -> str:
    """A quote is written as the text alone, or as `text:` with what it `means:`."""
    return quote["text"] if isinstance(quote, LocDict) else quote


def sources_texts(data: LocDict) -> list[Text]:
    """Text shown on the site (title, publisher), for the same safety checks as every other field."""
    sources: LocDict = data["sources"]
    out = [Text(k, s[k], s.value_pos[k]) for s in sources.values() for k in ("title", "publisher")]
    for s in sources.values():
        quotes = s.get("quotes", ())
        for quote, pos in zip(quotes, getattr(quotes, "item_pos", ()), strict=False):
            if isinstance(quote, LocDict):
                out += [Text(f"quotes.{k}", quote[k], quote.value_pos[k]) for k in ("text", "means")]
            else:
                out.append(Text("quotes", quote, pos))
    return out


# --- quotations -----------------------------------------------------------------------------------------

_OPEN = {'"': '"', "\u201c": "\u201d"}
_CLOSE = ('"', "\u201d")
_SPACE = re.compile(r"\s+")
_APOSTROPHE = str.maketrans({"\u2019": "'", "\u2018": "'"})


@functools.lru_cache(maxsize=4096)  # the page of on-screen texts compares every quote with every node's text
def normalize_quote(text: str) -> str:
    """Compare quotations by their words: curly apostrophes as straight ones, any run of spaces (and the
    line breaks of wrapped Markdown) as one space, case ignored."""
    return _SPACE.sub(" ", text.translate(_APOSTROPHE)).strip().casefold()


def quotations(value: str) -> list[tuple[int, str | None]]:
    """Every quotation in a text: (offset of its opening mark, its inner text), or (offset, None) when the
    mark is not closed in the same paragraph. Double marks only ("…" and “…”): single marks are
    apostrophes far more often than quotes. One pass with str.find: linear in the text's length."""
    out: list[tuple[int, str | None]] = []
    i = 0
    n = len(value)
    while i < n:
        ch = value[i]
        if ch not in _OPEN:
            i += 1
            continue
        end_of_paragraph = value.find("\n\n", i)
        limit = n if end_of_paragraph < 0 else end_of_paragraph
        close = -1
        for mark in (_OPEN[ch], *_CLOSE):
            found = value.find(mark, i + 1, limit)
            if found >= 0 and (close < 0 or found < close):
                close = found
        if close < 0:
            out.append((i, None))
            i = limit
            continue
        out.append((i, value[i + 1 : close]))
        i = close + 1
    return out


_GUILLEMETS = ("\u00ab", "\u00bb")


def translation_quotations(text: str) -> list[tuple[int, str | None]]:
    """Quotations in a translated field: `quotations`' "…" and “…”, and «…» (Spanish marks). Each
    guillemet pair is one `str.find`, so this stays linear too."""
    found = quotations(text)
    start = text.find(_GUILLEMETS[0])
    while start != -1:
        end = text.find(_GUILLEMETS[1], start + 1)
        found.append((start, text[start + 1 : end] if end != -1 else None))
        start = text.find(_GUILLEMETS[0], (end if end != -1 else start) + 1)
    return found


def quotes_of(text: str) -> list[str]:
    """The quotations (normalized) of an English field: what its translation may quote."""
    return [normalize_quote(inner) for _, inner in translation_quotations(text) if inner]


def quotes_english(inner: str | None, english: Iterable[str]) -> bool:
    """Whether a translation's quotation is (part of) one of the English field's quotes (`quotes_of`):
    the app's on-screen words, kept in English as the translation rules ask."""
    words = normalize_quote(inner) if inner else ""
    return bool(words) and any(words in quote for quote in english)


def own_quotes(node: Node, sources: Mapping[str, Source]) -> list[str]:
    """The quotes (normalized) of the sources a node cites: the only texts its page may quote."""
    return [normalize_quote(q) for sid, _ in node.sources if sid in sources for q in sources[sid].quotes]


def shows_quote(node: Node, source: Source, quote: str) -> bool:
    """Whether a node's page shows (part of) one of a source's quotes in quotation marks, and cites it."""
    if source.id not in {sid for sid, _ in node.sources}:
        return False
    whole = normalize_quote(quote)
    for text in node.texts:
        if whole in normalize_quote(text.value.replace("**", "")):
            return True  # all of it, quoted or in bold (a button's name)
        if any(inner and normalize_quote(inner) in whole for _, inner in quotations(text.value)):
            return True  # part of it, in quotation marks
    return False


def quoted_by(text: str, quotes: list[str]) -> bool:
    """Whether every quotation in `text` is (part of) one of `quotes`, and it has at least one."""
    found = quotations(text)
    return bool(found) and all(
        inner is not None and any(normalize_quote(inner) in q for q in quotes) for _, inner in found
    )
