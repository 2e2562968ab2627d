"""How hard contributor text is to read: the Flesch-Kincaid US school grade.

Counted exactly as textstat 0.7 counts it with a language it hyphenates with Pyphen ("en-US": no cmudict
download): the same words, sentences and syllables, so the number `check` reports is the number the
content tests have always used (tests/test_readability.py holds the two equal on every page). Done here
rather than through textstat because each word's syllables are remembered: a big site repeats its words,
and checking 100,000 nodes stays a matter of seconds. Every pattern runs in linear time on any text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from pyphen import Pyphen

_LIST_MARKER = re.compile(r"^(?:\d+\.|[-*+])\s+")
# Neither part can run past the next bracket or parenthesis: one linear scan on any run of "[" or "](".
_LINK = re.compile(r"\[([^\[\]]*)\]\([^()]*\)")
_URL = re.compile(r"https?://\S+")
_MARKUP = re.compile(r"[*_`#]")
# A menu path's ">" with space around it. Only a run's first space may start a match, so a long run of
# spaces is scanned once, not once per space.
_MENU_STEP = re.compile(r"(?<!\s)\s+>\s+")
# textstat's words: apostrophes kept only in contractions, other punctuation dropped, split on spaces.
# (One pass does what textstat does in two: drop those apostrophes, then the rest of the punctuation.)
_PUNCTUATION = re.compile(r"'(?![tsd]|ve|ll|re)|[^\w\s']+")
_PUNCTUATION_NO_APOSTROPHE = re.compile(r"[^\w\s']+")  # the same, much faster, for text without "'"
_SENTENCE = re.compile(r"\b[^.!?]+[.!?]*")


def plain_text(markdown: str, glyphs: Iterable[tuple[str, str]] = (("☰", "Menu"),)) -> str:
    """Markdown as sentences a reader meets: link targets, URLs and markup gone, every paragraph and
    list item ended, menu paths (Profile > Settings) read as a list, symbols read as their words."""
    text = _URL.sub("", _LINK.sub(r"\1", markdown))
    text = _MARKUP.sub("", text)
    for glyph, words in glyphs:
        text = text.replace(glyph, words)
    text = _MENU_STEP.sub(", ", text)
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


def _words(text: str) -> list[str]:
    return (_PUNCTUATION if "'" in text else _PUNCTUATION_NO_APOSTROPHE).sub("", text).split()


class _Syllables(dict[str, int]):
    """Syllables per lowercase word, counted by Pyphen once per word (its dictionary loads on first use)."""

    hyphenator: Pyphen | None = None

    def __missing__(self, word: str) -> int:
        if _Syllables.hyphenator is None:
            _Syllables.hyphenator = Pyphen(lang="en-US")
        count = len(_Syllables.hyphenator.positions(word)) + 1
        if len(self) < 200_000:  # a bound, for text made of endless distinct "words"
            self[word] = count
        return count


_SYLLABLES = _Syllables()


def grade(text: str) -> float:
    """The Flesch-Kincaid grade of plain text (see plain_text); 0.0 for text without words."""
    words = _words(text)
    if not words:
        return 0.0
    sentences = _SENTENCE.findall(text)
    # Sentences of two words or fewer don't count (textstat's rule); a sentence of two tokens or fewer
    # can't have more words, so only longer ones are counted word by word.
    short = sum(len(s.split()) <= 2 or len(_words(s)) <= 2 for s in sentences)
    counted = max(1, len(sentences) - short)
    syllables = sum(map(_SYLLABLES.__getitem__, " ".join(words).lower().split()))
    if not syllables:
        return 0.0
    return 0.39 * len(words) / counted + 11.8 * syllables / len(words) - 15.59


_STRONG = frozenset("aeoáéó")
_ACCENTED_WEAK = frozenset("íú")
_VOWELS = frozenset("aeiouáéíóúü")


def spanish_syllables(word: str) -> int:
    """Syllables of a lowercase Spanish word, by its vowel nuclei: a run of vowels is one syllable
    (a diphthong, "cie-lo", "cuan-do"), split where two strong vowels meet ("le-er", "re-a-li-dad") or an
    accented í/ú stands beside another vowel ("dí-a", "o-ír"). Counted by rule rather than with Pyphen's
    Spanish dictionary, whose typesetting patterns never leave one letter alone ("abre" as one syllable,
    "teléfono" as three). At least 1, so a word of consonants (an abbreviation) still counts."""
    count = 0
    previous = ""
    for ch in word:
        if ch not in _VOWELS:
            previous = ""
            continue
        if not previous:
            count += 1  # a new nucleus
        elif (ch in _STRONG and previous in _STRONG) or ch in _ACCENTED_WEAK or previous in _ACCENTED_WEAK:
            count += 1  # hiatus: two syllables
        previous = ch
    return max(1, count)


class _SpanishSyllables(dict[str, int]):
    def __missing__(self, word: str) -> int:
        count = spanish_syllables(word)
        if len(self) < 200_000:
            self[word] = count
        return count


_SPANISH_SYLLABLES = _SpanishSyllables()
_SPANISH_PUNCTUATION = re.compile(r"[^\w\s]+")


def spanish_ease(text: str) -> float:
    """The Fernández-Huerta reading ease of plain Spanish text (see plain_text): 206.84 - 0.60 P - 1.02 W,
    P syllables per 100 words, W words per sentence. Fernández Huerta (1959) printed W as "sentences per
    100 words", which would make short sentences harder; the corrected form used here is Flesch's, which
    his formula adapts (words per sentence, as textstat's English formulas count it). Higher is easier:
    60-70 is "normal" (what 12 to 14 year olds read), 70-80 "fairly easy", 80-90 "easy". 100.0 for text
    without words."""
    words = _SPANISH_PUNCTUATION.sub(" ", text).split()
    if not words:
        return 100.0
    sentences = max(1, len(_SENTENCE.findall(text.replace("¿", "").replace("¡", ""))))
    syllables = sum(map(_SPANISH_SYLLABLES.__getitem__, (w.lower() for w in words)))
    return 206.84 - 60.0 * syllables / len(words) - 1.02 * len(words) / sentences
