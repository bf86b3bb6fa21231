"""Sentence bounds and small text helpers shared by the stages (pure functions)."""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from functools import lru_cache

# A sentence ends at . ! ? … followed by space and an upper-case letter, quote or digit, or at a
# line break. Abbreviations common in news ("AS.", "U.S.", "Dr.") are not ends: the next word
# must start a new sentence and the word before the dot must not be a known abbreviation.
@lru_cache(maxsize=1)
def _abbreviations() -> frozenset[str]:
    """Every pack's [mentions] abbreviations, lower case, without their period ("mr", "dll", "κ",
    "ул"); a one-letter one only from a script of its own (Greek "κ", Cyrillic "г": a Latin letter
    alone is an initial, tested apart)."""
    from . import languages

    out = set()
    for code in languages.codes():
        for w in languages.get(code).words("mentions", "abbreviations"):
            w = w.lower().rstrip(".")
            if w and not (len(w) == 1 and w.isascii()):
                out.add(w)
    return frozenset(out)


@lru_cache(maxsize=1)
def _month_names() -> frozenset[str]:
    """Month names (wide, abbreviated, both contexts) of every pack's CLDR locales, lower case.
    Kept on disk (`languages.disk_cached`, keyed by babel's version and the locales): loading
    babel's locale data for every pack takes about 80 ms at every start, and the first sentence
    with a number before a word asks for it."""
    from importlib.metadata import version

    from . import languages

    locales = tuple(loc for pack in languages.packs() for loc in pack.words("dates", "cldr_locales") or (pack.code,))
    return languages.disk_cached("month-names", ("babel", version("babel"), locales),
                                 lambda: _cldr_month_names(locales))


def _cldr_month_names(locales: tuple[str, ...]) -> frozenset[str]:
    from babel.dates import get_month_names

    out: set[str] = set()
    for loc in locales:
        for width in ("wide", "abbreviated"):
            for context in ("format", "stand-alone"):
                try:
                    names = get_month_names(width, context, locale=loc).values()
                except Exception:  # noqa: BLE001 - a locale this babel lacks
                    continue
                out.update(n.lower().rstrip(".") for n in names)
    return frozenset(out)


# The next sentence starts with a letter that is not lower case (upper-case Latin, Cyrillic and
# Greek, or a script without case: Arabic, Hangul, CJK) or a digit. CJK full stops always end one.
_END = re.compile(r"[.!?…]+[\"'”’)\]]*(?=\s+[\"'“‘(\[]?[^\W_a-zß-ÿ\u0100-\u024f\u0430-\u045f\u03ac-\u03ce])"
                  r"|[。！？]+[」』”）)]*|\n+")


@lru_cache(maxsize=64)
def sentences(text: str) -> tuple[tuple[int, int], ...]:
    """(start, end) of every sentence, whitespace-trimmed, in order; together they cover the text."""
    bounds: list[tuple[int, int]] = []
    start = 0
    for m in _END.finditer(text):
        if m.group(0)[0] not in "\n。！？":
            word = re.search(r"(\S+)$", text[start:m.start()])
            if word and word.group(1).lower().rstrip(".") in _abbreviations():
                continue
            if word and len(word.group(1)) == 1 and word.group(1).isupper():  # initials: "J. Smith"
                continue
            if word and m.group(0) == "." and re.fullmatch(r"\(?\d{1,2}", word.group(1)):
                after = re.match(r"\s*([^\W\d_]+)", text[m.end():m.end() + 30])
                if after and after.group(1).lower() in _month_names():
                    continue  # an ordinal day before its month: "am 13. März", "den 1. Mai"
        _add(text, start, m.end(), bounds)
        start = m.end()
    _add(text, start, len(text), bounds)
    return tuple(bounds)


def _add(text: str, a: int, b: int, out: list) -> None:
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    if b > a:
        out.append((a, b))


@lru_cache(maxsize=64)
def _sentence_starts(text: str) -> tuple[int, ...]:
    return tuple(s for s, _ in sentences(text))


def sentence_at(text: str, pos: int) -> tuple[int, int]:
    """The (start, end) of the sentence holding character `pos` (a binary search: O(log n) a call
    once the text's sentences are known, so a caller may ask for every mention)."""
    bounds = sentences(text)
    if not bounds:
        return (0, len(text))
    i = bisect_right(_sentence_starts(text), pos) - 1
    i = max(i, 0)
    return bounds[i]


# Below this length a line is found by scanning for the newlines around `pos` (cheap: the scan is
# no longer than the line); above it, by a binary search in the text's newline offsets, so that a
# text on one long line (no newline at all) costs O(log n) a call, not O(n).
_LINE_INDEX_MIN = 4096


@lru_cache(maxsize=64)
def _newlines(text: str) -> tuple[int, ...]:
    return tuple(m.start() for m in re.finditer("\n", text))


def line_at(text: str, pos: int) -> tuple[int, int]:
    """The (start, end) of the line holding `pos` (without the newline)."""
    if len(text) < _LINE_INDEX_MIN or not 0 <= pos <= len(text):
        a = text.rfind("\n", 0, pos) + 1
        b = text.find("\n", pos)
        return (a, len(text) if b < 0 else b)
    nl = _newlines(text)
    i = bisect_left(nl, pos)  # the first newline at or after pos ends the line
    a = nl[i - 1] + 1 if i > 0 else 0  # after the last newline before pos
    return (a, nl[i] if i < len(nl) else len(text))


class Spans:
    """Which of a set of (start, end) spans holds an offset, in O(log n) a question.

    `at(pos)` is the first span in (start) order with start <= pos < end, as
    `next((s for s in spans if s[0] <= pos < s[1]), None)` gives it for spans sorted by start (the
    order of mentions); `covers(pos)` is `any(s <= pos < e for s, e in spans)`. Overlapping spans
    are allowed. `within(a, b)` gives the indices [i, j) of the spans starting in [a, b).
    """

    __slots__ = ("spans", "starts", "_maxend")

    def __init__(self, spans) -> None:
        self.spans = sorted((tuple(s) for s in spans), key=lambda s: s[0])  # stable: ties keep their order
        self.starts = [s for s, _ in self.spans]
        ends, top = [], -1
        for _, e in self.spans:
            top = max(top, e)
            ends.append(top)
        self._maxend = ends  # running maximum of the ends: non-decreasing, so it can be bisected

    def at(self, pos: int):
        # the first span whose running maximum end passes pos is the first one that ends after pos
        i = bisect_right(self._maxend, pos)
        if i < len(self.spans) and self.spans[i][0] <= pos:
            return self.spans[i]
        return None

    def covers(self, pos: int) -> bool:
        return self.at(pos) is not None

    def within(self, a: int, b: int) -> tuple[int, int]:
        return bisect_left(self.starts, a), bisect_left(self.starts, b)

    def __iter__(self):  # so that it can stand where a list of spans was passed
        return iter(self.spans)

    def __len__(self) -> int:
        return len(self.spans)

    def __contains__(self, span) -> bool:
        i = bisect_left(self.starts, span[0])
        while i < len(self.spans) and self.spans[i][0] == span[0]:
            if self.spans[i] == tuple(span):
                return True
            i += 1
        return False


def covers(spans, pos: int) -> bool:
    """`any(s <= pos < e for s, e in spans)`, in O(log n) when `spans` is a Spans."""
    if isinstance(spans, Spans):
        return spans.covers(pos)
    return any(s <= pos < e for s, e in spans)


def span_at(spans, pos: int):
    """`next(((s, e) for s, e in spans if s <= pos < e), None)`, in O(log n) when `spans` is a Spans
    (whose spans are in start order)."""
    if isinstance(spans, Spans):
        return spans.at(pos)
    return next(((s, e) for s, e in spans if s <= pos < e), None)
