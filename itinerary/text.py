"""Sentence bounds and small text helpers shared by the stages (pure functions)."""
from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache

# A sentence ends at . ! ? … followed by space and an upper-case letter, quote or digit, or at a
# line break. Abbreviations common in news ("AS.", "U.S.", "Dr.") are not ends: the next word
# must start a new sentence and the word before the dot must not be a known abbreviation.
_ABBREV = frozenset(
    "mr mrs ms dr prof st sr jr gen col lt capt sgt rep sen gov pres no vs etc jan feb mar apr jun jul aug sep sept "
    "oct nov dec u.s u.k u.n a.s p.m a.m inc ltd co corp dll tsb yth bpk sdr".split()
)


@lru_cache(maxsize=1)
def _month_names() -> frozenset[str]:
    """Month names (wide, abbreviated, both contexts) of every pack's CLDR locales, lower case."""
    from babel.dates import get_month_names

    from . import languages

    out: set[str] = set()
    for pack in languages.packs():
        for loc in pack.words("dates", "cldr_locales") or (pack.code,):
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
            if word and word.group(1).lower().rstrip(".") in _ABBREV:
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


def sentence_at(text: str, pos: int) -> tuple[int, int]:
    """The (start, end) of the sentence holding character `pos`."""
    bounds = sentences(text)
    if not bounds:
        return (0, len(text))
    i = bisect_right([s for s, _ in bounds], pos) - 1
    i = max(i, 0)
    return bounds[i]


def line_at(text: str, pos: int) -> tuple[int, int]:
    """The (start, end) of the line holding `pos` (without the newline)."""
    a = text.rfind("\n", 0, pos) + 1
    b = text.find("\n", pos)
    return (a, len(text) if b < 0 else b)
