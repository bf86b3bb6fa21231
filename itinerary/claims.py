"""Distance claims: find "N km" expressions, find the two places they join, and check them.

    find_distance_expressions(text, ...) -> [DistanceExpression]   (numbers, units, qualifiers)
    find_claims(document, mentions)      -> [Claim]                (ends, measurement, verdict)
    distance_reference_points(document, mentions) -> {(start, end)} (places measured from, not visited)

The words of every language (units, number words, qualifiers, cue words) are in the [distances]
section of the language packs (itinerary/languages/<code>.toml, documented in _schema.toml).

A claim is judged against a straight-line measurement (geodesic on WGS84 between gazetteer
points, or to the nearest point of a border line / country outline from geodesy.py). The
thresholds of every verdict live in the two tables right below, so they can be quoted.
"""
from __future__ import annotations

import math
import os
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Sequence

from . import languages
from .languages import TOKEN
from .model import Claim, Document, Mention
from .text import sentence_at, sentences

# ---------------------------------------------------------------------------------------------
# Verdict thresholds (the only place they are set).
#
#   consistent       the straight line agrees with the figure within the qualifier's tolerance:
#                      approx    |reported - measured| <= 15% of reported
#                      exact     5% + half a unit of the figure's last significant digit
#                                ("254" -> 0.5 km, "80" -> 5 km, "3,000" -> 500), at most 15%
#                      more_than / at_least   measured >= reported x 0.95
#                      less_than / at_most    measured <= reported x 1.05
#                      range "200-250"        measured within [low x 0.95, high x 1.05]
#                                             (approx range: 0.85 / 1.15)
#   plausible-route  not consistent, but reported / straight line is 1.1-1.8, the detour factor
#                    of real roads and railways (a road or rail figure, not a straight line)
#   inconsistent     anything else (the explanation says by how much)
#   unit-mismatch    the two units of one claim ("254 km (200 mil)") disagree by more than 3%
#                    plus the rounding of both figures
#   unresolved       an end is missing or cannot be measured
# ---------------------------------------------------------------------------------------------
TOLERANCE = {
    "approx": 0.15,
    "exact": 0.05,  # plus rounding, see _exact_tolerance
    "exact_max": 0.15,
    "more_than": 0.05,  # measured >= reported * (1 - 0.05)
    "at_least": 0.05,
    "less_than": 0.05,  # measured <= reported * (1 + 0.05)
    "at_most": 0.05,
}
ROUTE_FACTOR = (1.1, 1.8)  # reported / straight line typical of rail and road routes
CONVERSION_TOLERANCE = 0.03  # between the two units of one claim, plus rounding of both

KM_PER = {"km": 1.0, "m": 0.001, "mi": 1.609344, "nmi": 1.852, "verst": 1.0668}
UNIT_LABEL = {"km": "km", "m": "m", "mi": "mi", "nmi": "nmi", "verst": "versts"}

MEASURED_BETWEEN = "geodesic (WGS84) between the gazetteer points"
BORDER_SOURCE = "Natural Earth 1:10m"


@dataclass(frozen=True)
class DistanceExpression:
    start: int  # offsets into the text given, qualifier included
    end: int
    text: str
    value_km: float  # the (lower) figure in km
    value_km_high: float | None  # upper end of a range, in km
    qualifier: str  # approx | more_than | less_than | at_least | at_most | exact
    unit: str  # canonical unit of the first figure: km | m | mi | nmi | verst
    values: tuple[tuple[float, str], ...]  # every (number, canonical unit) as written
    conversion_ok: bool | None  # for "254 km (159 mil)": do the two units agree?
    kind: str  # distance | journey | excluded:<why>
    digits: tuple[str, ...] = ()  # the numbers as written, for rounding ("254", "1.180")


# ---------------------------------------------------------------------------------------------
# Language knowledge. Every word of a natural language comes from the [distances] section of the
# language packs (itinerary/languages/<code>.toml, each key documented in _schema.toml); this
# module holds only mechanism: symbols that belong to no one language (km, mi, nmi, ±), number
# shapes, and how the pack's words are found. A declared language uses its own pack; an
# undeclared one the detected language plus English; text too short to tell, every pack.
# ---------------------------------------------------------------------------------------------
QUALIFIERS = ("approx", "more_than", "less_than", "at_least", "at_most", "exact")  # before the figure
AFTER_QUALIFIERS = ("approx", "more_than", "less_than", "at_most")  # "300公里左右", "330km 가량"
SYMBOL_QUALIFIERS = {"±": "approx", "~": "approx", "≈": "approx", "∼": "approx"}
UNIT_KEYS = {"unit_nmi": "nmi", "unit_km": "km", "unit_mi": "mi", "unit_m": "m", "unit_verst": "verst"}
# Unit symbols of no one language; "m" only in lower case ("M" is "million"/"miliar" in money).
SYMBOL_UNITS = {"km": "km", "nmi": "nmi", "m": "m", "\u339e": "km", "ｋｍ": "km", "\u339c": "m"}
_SYMBOL_UNIT_RE = r"(?i:km|nmi|ｋｍ)|\u339e|\u339c|(?-i:m)"
_SPEED_UNIT = r"(?i:km/h|kmh|kph|mph)(?![^\W\d_])"  # rate symbols ("km/jam", "км/ч": a slash after a unit)
# Context that makes a figure no travel distance: why -> pack key (words before / after the figure).
EXCLUDE_BEFORE = {"weapon-range": "weapon_range", "area": "area", "altitude": "altitude", "radius": "radius",
                  "speed": "speed", "length": "length", "width": "width"}
EXCLUDE_AFTER = {"altitude": "altitude_after", "radius": "radius", "length": "length_after",
                 "width": "width_after"}
# Keys whose words also find their inflected forms (a text word that begins like the entry and has
# its Snowball stem, or its lemma where the language has no stemmer); the others are function
# words matched as written (whole words, case-insensitive).
INFLECTED_KEYS = frozenset({
    *UNIT_KEYS, "square", "cubic", "weapon_range", "area", "altitude", "altitude_after", "radius", "speed",
    "length", "length_after", "width", "width_after", "length_nouns", "journey", "journey_after",
    "separate", "border", "coast"})
# Letters of scripts written without spaces between words (kana, CJK, Hangul syllables): a figure
# or a unit may touch them ("約330キロ離れた", "1,180km를").
_UNSPACED = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af"
_HANGUL = "\uac00-\ud7a3"
# A figure: grouped thousands "1.180" / "1,180" / "1 180" (spaces, no-break spaces), or a plain decimal.
_NUM = (rf"(?<![.,/٫٬])(?<![^\W{_UNSPACED}])"
        r"(?:\d{1,3}(?:[.,\u00a0\u202f ٬]\d{3})+(?:[.,٫]\d+)?|\d+(?:[.,٫]\d+)?)(?![\d])")
# The unit must not run on into a word ("5 menit"), except into an unspaced script ("キロ離れた";
# hiragana, ideographs, Hangul: not katakana, which would make "キロ" the start of "キログラム").
_LETTER_AFTER = rf"(?![^\W\d_²³\u3040-\u309f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af])"
MAX_GAP_WORDS = 3  # words a claim's end may carry before the place name ("dari stasiun Khasan")
# A case ending glued to a unit abbreviation by a hyphen or apostrophe (Hungarian "km-re",
# Turkish "km'den"): passed over before the words that follow the figure.
_GLUED = r"(?:[-'’][^\W\d_]{1,5}(?![\w-]))?"


def _codes(language: str | None, text: str = "") -> tuple[str, ...]:
    """The packs to read a text with: the declared language's; else the detected one plus
    English; else (too little text to tell) every pack."""
    if languages.has(language):
        return (languages.document_language(language, ""),)
    found = languages.document_language(None, text) if text else None
    if found:
        return tuple(dict.fromkeys((found, "en")))
    return languages.codes()


def _norm(s: str) -> str:
    return " ".join(s.replace("’", "'").casefold().split())


def _wordish(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


def _candidate(pack: languages.Pack, entry: str, inflect: bool, lead: bool = True, tail: bool = True) -> str:
    """A regex that finds `entry` of `pack` in text: whole words (no bounds in unspaced scripts),
    spaces matching any whitespace. Words of an inflected key may run on ("километр" finds
    "километрах", "perbatasan" finds "perbatasannya"); _Lex.ok then checks them by stem."""
    entry = entry.replace("’", "'")
    if pack.match == "substring":
        return r"\s*".join(re.escape(w).replace("'", "['’]") for w in entry.split())
    parts = []
    for w in entry.split():
        p = re.escape(w).replace("'", "['’]")
        if inflect and pack.match == "prefix":
            p += rf"[{_HANGUL}]*"
        elif inflect and len(w) > 3 and w.isalpha():
            cf = w.casefold()
            if pack.stemmer:
                stem = cf[:len(os.path.commonprefix([cf, _stem(pack, w)]))]
            else:  # no stemmer: forms differ at most in the last letter ("річка", "річки")
                stem = cf[:-1] if len(cf) > 4 else cf
            p = re.escape(stem if len(stem) >= 3 else cf) + r"[^\W\d_]*"
        parts.append(p)
    body = r"\s+".join(parts)
    if lead and _wordish(entry[0]):
        body = r"(?<!\w)" + body
    if tail and (_wordish(entry[-1]) or inflect):
        body += r"(?!\w)"
    return body


def _alt(patterns) -> str:
    """An alternation, longest pattern first; one that never matches when there is none."""
    ordered = sorted(set(patterns), key=lambda p: (-len(p), p))
    return "|".join(ordered) if ordered else r"(?!x)x"


@lru_cache(maxsize=200_000)
def _stem_of(code: str, stemmer: str, lemmatizer: str, word: str) -> str:
    w = word.casefold().replace("’", "'")
    if stemmer:
        return languages._stemmer(stemmer).stemWord(w)
    if lemmatizer:
        return languages.get(code).key(w)
    return w


def _stem(pack: languages.Pack, word: str) -> str:
    """The key an inflected word is matched by: its Snowball stem (cheap, no dictionary to load),
    or its lemma where the language has no stemmer, or the word itself."""
    return _stem_of(pack.code, pack.stemmer, pack.lemmatizer, word)


class _Lex:
    """The words of one [distances] key in the packs in use, and how to find them in text."""

    def __init__(self, codes: tuple[str, ...], key: str, bounded: bool = True):
        """bounded=False: no word bounds (units and the like, which may touch a figure: "5km",
        "330여km"); the caller bounds them."""
        self.inflect = key in INFLECTED_KEYS
        self.literals: set[str] = set()
        self.keyed: list[tuple[languages.Pack, str, tuple[str, ...]]] = []
        self._keys: dict[str, set] = {}  # per pack, the entries' stems (made when first needed)
        self.prefixed: list[tuple[str, ...]] = []
        pats = []
        for code in codes:
            pack = languages.get(code)
            words = [w for w in pack.words("distances", key) if w.strip()]
            mine = []
            for w in words:
                pat = _candidate(pack, w, self.inflect, bounded, bounded)
                if key in UNIT_KEYS and len(w) <= 2:  # "mi", "м": in the case written
                    pat = f"(?-i:{pat})"
                mine.append(pat)
                self.literals.add(_norm(w))
            pats.extend(mine)
            if self.inflect and words and pack.match == "key":
                self.keyed.append((pack, _alt(mine), tuple(words)))
            elif self.inflect and pack.match == "prefix":
                self.prefixed.extend(tuple(w.casefold().split()) for w in words)
        self.alt = _alt(pats)
        self._rx: re.Pattern | None = None

    @property
    def rx(self) -> re.Pattern:
        if self._rx is None:  # compiled when first used: most keys are never needed for a text
            self._rx = re.compile(self.alt, re.I)
        return self._rx

    def ok(self, s: str) -> bool:
        """Is s (a candidate the regex found) one of the words, by form or by stem?"""
        if not self.inflect or _norm(s) in self.literals:
            return True
        s = s.strip()
        toks = TOKEN.findall(s.replace("’", "'"))
        for pack, rx, words in self.keyed:
            if re.fullmatch(rx, s, re.I):
                keys = self._keys.get(pack.code)
                if keys is None:
                    keys = self._keys[pack.code] = {tuple(_stem(pack, t) for t in TOKEN.findall(w)) for w in words}
                if tuple(_stem(pack, t) for t in toks) in keys:
                    return True
        low = [t.casefold() for t in s.split()]
        return any(len(e) == len(low) and all(t.startswith(p) for t, p in zip(low, e)) for e in self.prefixed)

    def finditer(self, text: str, pos: int = 0, end: int | None = None):
        for m in self.rx.finditer(text, pos, len(text) if end is None else end):
            if self.ok(m.group(0)):
                yield m

    def search(self, text: str, pos: int = 0, end: int | None = None) -> re.Match | None:
        return next(self.finditer(text, pos, end), None)

    def at(self, text: str, pos: int = 0, end: int | None = None, skip: int = 0) -> re.Match | None:
        """The word at pos (after spaces and commas; after at most `skip` other words)."""
        end = len(text) if end is None else end
        for lead in _LEADS[:skip + 1]:
            lm = lead.match(text, pos, end)
            if not lm:
                return None
            m = self.rx.match(text, lm.end(), end)
            if m and self.ok(m.group(0)):
                return m
        return None


_LEADS = (re.compile(r"[\s,]*(?=\S)"), re.compile(r"[\s,]*[^\W\d_]+[\s,]+(?=\S)"))


@lru_cache(maxsize=None)
def _lex(codes: tuple[str, ...], key: str, bounded: bool = True) -> _Lex:
    return _Lex(codes, key, bounded)


def _table(codes: tuple[str, ...], key: str) -> dict[str, float]:
    out: dict[str, float] = {}
    for code in codes:
        for word, value in (languages.get(code).value("distances", key, {}) or {}).items():
            out.setdefault(_norm(word), float(value))
    return out


def _word_alt(codes: tuple[str, ...], key: str, words: dict) -> str:
    """An alternation of a table's words (number words) with their word bounds."""
    return _alt(_candidate(languages.get(c), w, False) for c in codes
                for w in languages.get(c).value("distances", key, {}) if _norm(w) in words)


@dataclass(frozen=True)
class _Tables:
    pattern: re.Pattern
    qualifier_re: re.Pattern
    after_qualifier_re: re.Pattern
    qualifiers: dict
    after_qualifiers: dict
    multipliers: dict
    number_words: dict
    units: tuple[tuple[str, _Lex], ...]
    rate_after: re.Pattern
    square: _Lex
    cubic: _Lex
    journey_before: _Lex
    journey_after: _Lex
    exclude_before: tuple[tuple[str, _Lex], ...]
    exclude_after: tuple[tuple[str, _Lex], ...]
    length_after: _Lex
    length_nouns: _Lex
    length_of: re.Pattern
    places_follow: re.Pattern
    first_words: frozenset  # first words of the number and range words an expression may start with
    scan_all: bool  # some such word is in an unspaced script: try every position


def _qualifier_table(codes, suffix: str, classes, lead: bool = True) -> tuple[dict, list]:
    table, pats = {}, []
    for q in classes:
        for code in codes:
            pack = languages.get(code)
            for w in pack.words("distances", q + suffix):
                if w.strip():
                    table.setdefault(_norm(w), q)
                    pats.append(_candidate(pack, w, False, lead=lead))
    return table, pats


def _unspaced(word: str) -> bool:
    return bool(word) and bool(re.match(f"[{_UNSPACED}]", word[0]))


@lru_cache(maxsize=32)
def _tables(codes: tuple[str, ...]) -> _Tables:
    qualifiers, q_pats = _qualifier_table(codes, "", QUALIFIERS)
    after_q, aq_pats = _qualifier_table(codes, "_after", AFTER_QUALIFIERS, lead=False)  # "330km가량"
    mult = _table(codes, "multipliers")
    words = _table(codes, "number_words")
    units = tuple((UNIT_KEYS[k], _lex(codes, k, False)) for k in UNIT_KEYS)
    unit = rf"(?:(?i:{_alt([lx.alt for _, lx in units])})|{_SYMBOL_UNIT_RE})"
    # A word that is a unit in one pack and a multiplier in another ("mil": Indonesian mile,
    # Spanish thousand) is decided by shape: "8 mil 278 km" multiplies, "159 mil" is a unit.
    ambiguous = {w for w in mult if any(lx.ok(w) and re.fullmatch(lx.alt, w, re.I) for _, lx in units)}
    plain = {w: v for w, v in mult.items() if w not in ambiguous}
    mult_spaced, mult_unspaced = [], []
    for code in codes:
        pack = languages.get(code)
        for w in pack.value("distances", "multipliers", {}):
            if _norm(w) in plain:
                if pack.match == "substring" or _unspaced(w):  # "1.2万", "1만": written against the figure
                    mult_unspaced.append(re.escape(w))
                else:
                    mult_spaced.append(_candidate(pack, w, False))
    mult_alt = rf"\s+(?:{_alt(mult_spaced)})|\s*(?:{_alt(mult_unspaced)})"
    if ambiguous:
        mult_alt += rf"|\s+(?:{'|'.join(map(re.escape, sorted(ambiguous)))})(?=\s+(?:\d|{unit}))"
    num_word = _word_alt(codes, "number_words", words) if words else r"(?!x)x"
    multiplied = rf"(?:(?:{mult_alt})(?:\s+\d{{1,3}}(?![\d.,]\d))?)?"
    numexpr = rf"(?:{_NUM}|(?:{num_word})){multiplied}"  # the first figure may be a number word
    figure = rf"{_NUM}{multiplied}"  # the others are written in digits ("five to 10 km" is rare)
    infix = _lex(codes, "more_than_infix", False).alt
    rng = _lex(codes, "range").alt
    between = _lex(codes, "between").alt
    and_ = _lex(codes, "and").alt
    square, cubic = _lex(codes, "square", False), _lex(codes, "cubic", False)
    pattern = re.compile(
        rf"(?:(?P<btw>(?i:{between}))\s+(?P<bn1>{figure})(?:\s*(?:{unit}))?\s+(?i:{and_})\s+(?P<bn2>{figure})"
        rf"|(?P<n1>{numexpr})(?:\s*(?P<u0>{unit}){_LETTER_AFTER})?"
        rf"(?:\s*(?:[-‑–—～〜~]|(?i:{rng}))\s*(?P<n2>{figure}))?)"
        rf"(?P<infix>\s*(?:{infix}))?"
        rf"\s*(?P<hy>[-‑]\s*)?(?P<sq>(?i:{square.alt}|{cubic.alt})\s*)?"
        rf"(?:(?P<speed>{_SPEED_UNIT})|(?P<unit>{unit}){_LETTER_AFTER})"
        rf"(?P<conv>\s*\(\s*(?:[~≈±]|(?i:{_alt(q_pats)})\s*)?\s*(?P<n3>{_NUM})\s*(?P<u3>{unit}){_LETTER_AFTER}\s*\))?",
    )
    symbols = "|".join(map(re.escape, SYMBOL_QUALIFIERS))
    qualifier_re = re.compile(rf"(?P<q>(?i:{_alt(q_pats)})|(?<!\w)(?:{symbols}))\s*$")
    after_qualifier_re = re.compile(rf"{_GLUED}\s*(?P<q>(?i:{_alt(aq_pats)}))")
    from_alt, to_alt = _lex(codes, "from").alt, _lex(codes, "to").alt
    rate = _lex(codes, "rate_after").alt
    return _Tables(
        pattern=pattern,
        qualifier_re=qualifier_re,
        after_qualifier_re=after_qualifier_re,
        qualifiers=qualifiers,
        after_qualifiers=after_q,
        multipliers=mult,
        number_words=words,
        units=units,
        rate_after=re.compile(rf"\s*(?:/\s*[^\W\d_]|(?:{rate}))", re.I),
        square=square,
        cubic=cubic,
        journey_before=_lex(codes, "journey"),
        journey_after=_lex(codes, "journey_after"),
        exclude_before=tuple((why, _lex(codes, k)) for why, k in EXCLUDE_BEFORE.items()),
        exclude_after=tuple((why, _lex(codes, k)) for why, k in EXCLUDE_AFTER.items()),
        length_after=_lex(codes, "length_after"),
        length_nouns=_lex(codes, "length_nouns"),
        length_of=re.compile(rf"(?:{_lex(codes, 'length_of').alt})\s*$", re.I),
        first_words=frozenset(_norm(w).split()[0] for w in list(words) + [
            w for c in codes for w in languages.get(c).words("distances", "between")] if w.strip()),
        scan_all=any(_unspaced(w) for c in codes for w in list(languages.get(c).value("distances", "number_words", {}))
                     + list(languages.get(c).words("distances", "between"))),
        places_follow=re.compile(
            rf"(?:(?:{from_alt})\s*\S.*?(?:{to_alt})|(?:{between})\s*\S.*?(?:{and_}))\s*\S", re.I),
    )


def _unit_of(t: _Tables, word: str) -> str | None:
    """The canonical unit of a unit word as found, or None when it is no unit (a word that only
    begins like one: "metro", "milestone")."""
    w = _norm(word)
    if w in SYMBOL_UNITS and (w != "m" or word.strip() == "m"):
        return SYMBOL_UNITS[w]
    for canonical, lx in t.units:
        if re.fullmatch(lx.alt, word.strip(), re.I) and lx.ok(word):
            return canonical
    return None


def parse_number(s: str, multipliers: dict | None = None, number_words: dict | None = None) -> float:
    """The value of a figure as written: "1.180" -> 1180, "2,5" -> 2.5, "1,2 juta" -> 1.2e6,
    "8 mil 278" -> 8278 (Spanish). Shape decides: a separator followed by exactly three digits
    groups thousands (in every language here), any other single separator is the decimal mark.
    """
    s = s.strip()
    mult, tail = 1.0, 0.0
    multipliers = multipliers or {}
    number_words = number_words or {}
    low = _norm(s)
    for word, value in sorted(number_words.items(), key=lambda kv: -len(kv[0])):
        if low == word or low.startswith(word + " "):
            rest = low[len(word):].split()
            if rest and rest[0] in multipliers:
                return value * multipliers[rest[0]]
            return value
    m = re.match(r"(\d[\d.,\u00a0\u202f٫٬]*(?: \d{3}(?!\d))*)\s*(.*)$", s)
    if m is None:
        raise ValueError(s)
    figure, rest = m.group(1), _norm(m.group(2)).split()
    if rest and rest[0] in multipliers:  # "1,2 juta", "8 mil 278", "1.2万"
        mult = multipliers[rest[0]]
        if len(rest) >= 2:
            tail = float(rest[1])
    return _figure(figure) * mult + tail


def _figure(t: str) -> float:
    t = t.replace("\u00a0", "").replace("\u202f", "").replace(" ", "").replace("٬", ",").replace("٫", ".")
    seps = [c for c in t if c in ".,"]
    if not seps:
        return float(t)
    if len(set(seps)) == 2:  # "1.180,5" / "1,180.5": the last one is the decimal mark
        dec = t[max(t.rfind("."), t.rfind(","))]
        grp = "," if dec == "." else "."
        return float(t.replace(grp, "").replace(dec, "."))
    sep = seps[0]
    groups = t.split(sep)
    if len(seps) > 1 or (len(groups[1]) == 3 and groups[0] not in ("0", "")):
        return float(t.replace(sep, ""))
    return float(t.replace(sep, "."))


def _half_unit(written: str) -> float:
    """Half a unit of the last significant digit of a figure: "254" -> 0.5, "200" -> 50, "2,5" -> 0.05."""
    digits_part = written.split()[0] if written.strip() else written
    try:
        value = _figure(digits_part)
    except ValueError:
        return 0.0
    if value != int(value):
        decimals = len(re.split(r"[.,]", digits_part)[-1])
        return 0.5 * 10 ** -decimals
    n = int(value)
    if n == 0:
        return 0.5
    zeros = len(str(n)) - len(str(n).rstrip("0"))
    return 0.5 * 10 ** zeros



def find_distance_expressions(text: str, start: int = 0, end: int | None = None,
                              language: str | None = None, *,
                              include_excluded: bool = False) -> list[DistanceExpression]:
    """Every distance figure with a unit in text[start:end], in order.

    Figures that are no travel distance (weapon ranges, speeds, areas, volumes, altitudes,
    lengths of borders or rivers, widths, radii) get kind "excluded:<why>" and are left out
    unless include_excluded is true. `language` (ISO 639-1) picks the pack; without it the
    language of the text is detected.
    """
    end = len(text) if end is None else end
    return _expressions(text, start, end, _codes(language, text[start:end]), include_excluded)


def _expressions(text: str, start: int, end: int, codes: tuple[str, ...],
                 include_excluded: bool) -> list[DistanceExpression]:
    tables = _tables(codes)
    out: list[DistanceExpression] = []
    for m in _matches(text, start, end, tables):
        expr = _expression(text, m, tables, start)
        if expr is not None and (include_excluded or not expr.kind.startswith("excluded")):
            out.append(expr)
    return out


_DIGITS = re.compile(r"(?<!\d)\d")
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")


def _matches(text: str, start: int, end: int, t: _Tables):
    """The figure pattern's matches, as finditer would give them, but tried only where an
    expression can start (a digit, a number word, a range word): the pattern is long."""
    if t.scan_all:
        yield from t.pattern.finditer(text, start, end)
        return
    anchors = [m.start() for m in _DIGITS.finditer(text, start, end)]
    if t.first_words:
        first = t.first_words
        anchors += [m.start() for m in _WORD.finditer(text, start, end) if m.group(0).casefold() in first]
        anchors.sort()
    last = start
    for pos in anchors:
        if pos < last:
            continue
        m = t.pattern.match(text, pos, end)
        if m:
            yield m
            last = max(m.end(), pos + 1)


def _expression(text: str, m: re.Match, t: _Tables, floor: int) -> DistanceExpression | None:
    n1 = m.group("bn1") or m.group("n1")
    n2 = m.group("bn2") or m.group("n2")
    speed = m.group("speed")
    if speed:
        unit = "km"
    else:
        unit = _unit_of(t, m.group("unit"))
        if unit is None or (m.group("u0") and _unit_of(t, m.group("u0")) is None):
            return None
    try:
        v1 = parse_number(n1, t.multipliers, t.number_words)
        v2 = parse_number(n2, t.multipliers, t.number_words) if n2 else None
    except ValueError:
        return None
    if v2 is not None and v2 <= v1:  # "2023-25 km" or "5-3" is no range
        if m.group("n2") and not m.group("btw"):
            return None
    s_start, s_end = sentence_at(text, m.start())
    s_start = max(s_start, floor)
    # Qualifier right before the figure, or right after the unit ("300公里左右").
    begin, finish = m.start(), m.end()
    qualifier = "exact"
    qm = t.qualifier_re.search(text, max(s_start, begin - 40), begin)
    if qm:
        word = _norm(qm.group("q"))
        qualifier = t.qualifiers.get(word) or SYMBOL_QUALIFIERS.get(word, "approx")
        begin = qm.start("q")
    values = [(v1, unit)] + ([(v2, unit)] if v2 is not None else [])
    conversion_ok = None
    digits = [n1] + ([n2] if n2 else [])
    if m.group("conv"):
        u3 = _unit_of(t, m.group("u3"))
        if u3 is None:
            finish = m.start("conv")
        else:
            v3 = _figure(m.group("n3"))
            values.append((v3, u3))
            digits.append(m.group("n3"))
            if u3 != unit:
                conversion_ok = _conversion_agrees(v1, unit, n1, v3, u3, m.group("n3"))
    if not qm:
        am = t.after_qualifier_re.match(text, finish, s_end)
        if am:
            qualifier = t.after_qualifiers.get(_norm(am.group("q")), "approx")
            finish = am.end()
        elif m.group("infix"):  # "300多公里", "330여km": some more than the figure
            qualifier = "more_than"
    factor = KM_PER[unit]
    expr_text = text[begin:finish]
    kind = _kind(text, begin, finish, m, s_start, s_end, t, speed)
    return DistanceExpression(
        start=begin, end=finish, text=expr_text, value_km=v1 * factor,
        value_km_high=None if v2 is None else v2 * factor, qualifier=qualifier, unit=unit,
        values=tuple(values), conversion_ok=conversion_ok, kind=kind, digits=tuple(digits))


def _conversion_agrees(v1: float, u1: str, w1: str, v2: float, u2: str, w2: str) -> bool:
    converted = v1 * KM_PER[u1] / KM_PER[u2]
    slack = CONVERSION_TOLERANCE * v2 + _half_unit(w2) + _half_unit(w1) * KM_PER[u1] / KM_PER[u2]
    return abs(converted - v2) <= slack


def _kind(text: str, begin: int, finish: int, m: re.Match, s_start: int, s_end: int, t: _Tables,
          speed: str | None) -> str:
    after = text[finish:min(s_end, finish + 40)]
    before = text[max(s_start, begin - 60):begin]
    if speed or t.rate_after.match(after):
        return "excluded:speed"
    sq = (m.group("sq") or "").strip()
    if (sq and t.cubic.ok(sq)) or re.match(r"(?:³|3(?!\d))", after) or t.cubic.at(after):
        return "excluded:volume"
    if (sq and t.square.ok(sq)) or re.match(r"(?:²|2(?!\d))", after) or t.square.at(after):
        return "excluded:area"
    whole_sentence_after = text[finish:s_end]
    between_places = bool(t.places_follow.search(whole_sentence_after))
    for why, lx in t.exclude_after:
        if lx.at(after):
            if why in ("length", "width") and between_places:
                continue
            if why == "length" and t.journey_after.at(after, skip=1):  # "eine 200 km lange Reise"
                continue
            return f"excluded:{why}"
    if _length_noun_after(t, text, finish, s_end) and not between_places \
            and not t.journey_after.at(after, skip=1):  # "a 30-mile road trip"
        return "excluded:length"
    # Only the words since the previous figure count as context of this one.
    cut = max((x.end() for x in re.finditer(r"\d", before)), default=0)
    before = before[cut:]
    journey = bool(t.journey_before.search(before) or t.journey_after.at(after, skip=1))
    for why, lx in t.exclude_before:
        if lx.search(before):
            if why == "length" and (between_places or journey):  # "perjalanan panjang sejauh ..."
                return "journey" if journey else "distance"
            return f"excluded:{why}"
    # "Perbatasan ... sepanjang 17 km": a figure given as the length of a border, road, river.
    if t.length_of.search(text, max(s_start, begin - 14), begin) or t.length_of.search(text[begin:m.start()]):
        window = text[max(s_start, begin - 40):begin]
        for hit in t.length_nouns.finditer(window):
            if re.fullmatch(r"\s+(?:\w+\s+){0,2}", window[hit.end():]) and not between_places:
                return "excluded:length"
    return "journey" if journey else "distance"


def _length_noun_after(t: _Tables, text: str, pos: int, end: int) -> bool:
    """ "17-km border", "521 km long river", "4.400 km panjang sungai": the figure is a length."""
    hm = re.compile(r"\s*[-‑]?\s*").match(text, pos, end)
    pos = hm.end() if hm else pos
    if t.length_nouns.at(text, pos, end):
        return True
    lm = t.length_after.at(text, pos, end)
    return bool(lm and t.length_nouns.at(text, lm.end(), end))

# ---------------------------------------------------------------------------------------------
# Verdicts
# ---------------------------------------------------------------------------------------------
def _km(x: float) -> str:
    return f"{x:,.0f} km" if x >= 100 else f"{x:.1f} km".replace(".0 km", " km")


def _num(x: float) -> str:
    return f"{x:,.0f}" if x >= 100 else (f"{x:.1f}".rstrip("0").rstrip("."))


def _exact_tolerance(expr: DistanceExpression) -> float:
    if not expr.digits:
        return TOLERANCE["exact"]
    rounding = _half_unit(expr.digits[0]) / max(expr.values[0][0], 1e-9)
    return min(TOLERANCE["exact"] + rounding, TOLERANCE["exact_max"])


def _conversion_note(expr: DistanceExpression) -> str:
    if expr.conversion_ok is None or len(expr.values) < 2:
        return ""
    (v1, u1), (v3, u3) = expr.values[0], expr.values[-1]
    converted = v1 * KM_PER[u1] / KM_PER[u3]
    word = "consistent with" if expr.conversion_ok else "which does not match"
    return (f"{_num(v1)} {UNIT_LABEL[u1]} is {converted:,.1f} {UNIT_LABEL[u3]}, "
            f"{word} {_num(v3)} {UNIT_LABEL[u3]}.")


def judge(expr: DistanceExpression, measured_km: float | None,
          between: str = "") -> tuple[str, float | None, str]:
    """(verdict, ratio reported/measured, sentence saying why) for a figure and a straight line.

    `between` names the ends for the sentence, e.g. "from Artyom to Khasan station".
    """
    conv = _conversion_note(expr)
    if expr.conversion_ok is False:
        text = f"The two units of the claim disagree: {conv}"
        if measured_km:
            text += f" The straight line is {_km(measured_km)}."
        return "unit-mismatch", (expr.value_km / measured_km if measured_km else None), text
    if measured_km is None:
        return "unresolved", None, conv
    low, high = expr.value_km, expr.value_km_high or expr.value_km
    reported = (low + high) / 2
    ratio = reported / measured_km if measured_km > 0 else math.inf
    q = expr.qualifier
    gap_said = ""
    if expr.value_km_high is not None:
        tol = TOLERANCE["approx"] if q == "approx" else TOLERANCE["exact"]
        lo_ok, hi_ok = low * (1 - tol), high * (1 + tol)
        if q in ("more_than", "at_least"):
            hi_ok = math.inf
        if q in ("less_than", "at_most"):
            lo_ok = 0.0
        ok = lo_ok <= measured_km <= hi_ok
        rule = f"within the range {_num(low)}–{_num(high)} km (±{tol:.0%})"
        route_ok = high / measured_km >= ROUTE_FACTOR[0] and low / measured_km <= ROUTE_FACTOR[1]
    elif q in ("more_than", "at_least"):
        ok = measured_km >= low * (1 - TOLERANCE[q])
        rule = f"at least {_km(low * (1 - TOLERANCE[q]))} as '{q.replace('_', ' ')}' allows"
        route_ok = ROUTE_FACTOR[0] <= ratio <= ROUTE_FACTOR[1]
    elif q in ("less_than", "at_most"):
        ok = measured_km <= low * (1 + TOLERANCE[q])
        rule = f"at most {_km(low * (1 + TOLERANCE[q]))} as '{q.replace('_', ' ')}' allows"
        route_ok = False  # a road is never shorter than the straight line
    else:
        tol = TOLERANCE["approx"] if q == "approx" else _exact_tolerance(expr)
        ok = abs(low - measured_km) <= tol * low
        # (the tolerance is a share of the reported figure: the gap is said as that share too, so
        # "770 km against 661 km" reads "14% of the figure", not only "17% more")
        gap = abs(low - measured_km) / low if low else math.inf
        rule = f"within ±{tol:.0%} of the figure" + (" (approximate)" if q == "approx" else
                                                     " (allowing for its rounding)")
        gap_said = f"a gap of {gap:.0%} of the figure, "
        route_ok = ROUTE_FACTOR[0] <= ratio <= ROUTE_FACTOR[1]
    diff = _compare(reported, measured_km)
    reported_s = _km(reported) if expr.value_km_high is None else f"{_num(low)}–{_km(high)}"
    if expr.text and expr.text != reported_s:
        reported_s += f" (“{expr.text}”)"
    if between:
        reported_s += f" {between}"
    if ok:
        verdict = "consistent"
        text = f"The reported {reported_s} agrees with the straight line of {_km(measured_km)} ({diff}; {gap_said}{rule})."
    elif route_ok:
        verdict = "plausible-route"
        text = (f"The reported {reported_s} is {diff} than the straight line of {_km(measured_km)} "
                f"(factor {ratio:.2f}), within the {ROUTE_FACTOR[0]}–{ROUTE_FACTOR[1]} detour factor "
                f"typical of rail and road routes, so it is plausible as a distance by road or rail.")
    else:
        verdict = "inconsistent"
        text = (f"The reported {reported_s} is {diff} than the straight line of {_km(measured_km)} "
                f"(factor {ratio:.2f}); that is neither {rule} nor a typical road or rail detour "
                f"({ROUTE_FACTOR[0]}–{ROUTE_FACTOR[1]}).")
    if conv:
        text += " " + conv
    return verdict, ratio, text


def _compare(reported: float, measured: float) -> str:
    if measured <= 0:
        return "more"
    pct = (reported / measured - 1) * 100
    if abs(pct) < 0.5:
        return "the same"
    return f"{abs(pct):.0f}% {'more' if pct > 0 else 'less'}"



# ---------------------------------------------------------------------------------------------
# Ends of a claim
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class _Ends:
    kind: str  # between | to_border | to_area | journey
    a: Mention | None = None  # the place the distance is measured from
    b: Mention | None = None  # the other place (or the area / named country)
    countries: tuple[str, ...] = ()  # to_border: the country codes named (0, 1 or 2)
    legs: tuple[Mention, ...] = ()  # journey: places in order
    missing: str = ""  # why an end is missing
    refs: tuple[Mention, ...] = ()  # places the figure is measured from or to, not travelled


@dataclass(frozen=True)
class _Cues:
    from_re: re.Pattern
    to_re: re.Pattern
    to_words: frozenset
    between_re: re.Pattern
    and_re: re.Pattern
    separate: _Lex
    sep_conn_re: re.Pattern
    border: _Lex
    coast: _Lex
    away_re: re.Pattern
    border_glue: re.Pattern
    relative_re: re.Pattern
    boilerplate_re: re.Pattern
    from_any_re: re.Pattern
    before_place_re: re.Pattern  # a from-word before the place: "cách Seoul 330 km", "距首尔330公里"
    after_place_re: re.Pattern  # postpositions between the place and the figure: "서울에서 330km"
    after_place_tail: re.Pattern  # the same, taken into the mention's own surface: "Budapesttől"
    pair_joints: frozenset  # "and" and "to" words: "X and Y are N km apart", "Jarak X ke Y N km"


@lru_cache(maxsize=32)
def _cues(codes: tuple[str, ...]) -> _Cues:
    def alt(key):
        return _lex(codes, key).alt

    def after_place(lead: bool) -> str:
        return _alt(_candidate(p, w, p.match == "prefix", lead=lead) for p in map(languages.get, codes)
                    for w in p.words("distances", "from_after_place") if w.strip())

    to_words = frozenset(_norm(w) for c in codes for w in languages.get(c).words("distances", "to"))
    return _Cues(
        from_re=re.compile(rf"{_GLUED}[\s,]*(?:(?:{alt('away')})\s+)?(?:(?P<dir>{alt('directions')})"
                           rf"(?:\s+(?:{alt('direction_of')}))?|(?P<cue>{alt('from')}))", re.I),
        to_re=re.compile(alt("to"), re.I),
        to_words=to_words,
        between_re=re.compile(alt("between"), re.I),
        and_re=re.compile(rf"[\s,]*(?:{alt('and')})[\s,]", re.I),
        separate=_lex(codes, "separate"),
        sep_conn_re=re.compile(alt("separate_from"), re.I),
        border=_lex(codes, "border"),
        coast=_lex(codes, "coast"),
        away_re=re.compile(rf"{_GLUED}[\s,]*(?:{alt('away')})", re.I),
        border_glue=re.compile(rf"[-–—/]|(?:{alt('border_with')})|(?:{alt('and')})", re.I),
        relative_re=re.compile(alt("relative"), re.I),
        boilerplate_re=re.compile(rf"\s*(?:{alt('boilerplate')})", re.I),
        from_any_re=re.compile(alt("from"), re.I),
        before_place_re=re.compile(rf"(?:{alt('from_before')})\s*$", re.I),
        after_place_re=re.compile(rf"\s*(?:(?:{after_place(True)})\s*)+", re.I),
        after_place_tail=re.compile(rf"(?:{after_place(False)})$", re.I),
        pair_joints=to_words | frozenset(_norm(w) for c in codes for w in languages.get(c).words("distances", "and")),
    )


def _gap_ok(gap: str, most: int = MAX_GAP_WORDS) -> bool:
    """Words between a cue and a place name: at most a few, no punctuation ("stasiun", "the city of")."""
    if re.search(r"[,.;:!?()\"“”、，。]|\d", gap):
        return False
    return len(gap.split()) <= most


def _same(a: Mention | None, b: Mention | None) -> bool:
    if a is None or b is None:
        return False
    pa, pb = a.place, b.place
    return pa.id == pb.id or (pa.name == pb.name and abs(pa.lat - pb.lat) < 0.01 and abs(pa.lon - pb.lon) < 0.01)


def _is_country(m: Mention) -> bool:
    return m.place.feature == "country"


def _next_mention(ms: Sequence[Mention], pos: int, limit: int) -> Mention | None:
    for m in ms:
        if pos <= m.start < limit:
            return m
    return None


def _point_before(ms: Sequence[Mention], pos: int, other: Mention | None, floor: int) -> Mention | None:
    """The nearest place before pos (not an area, not the other end): the claim's subject."""
    for m in reversed(ms):
        if floor <= m.start and m.end <= pos and not m.place.is_area and not _same(m, other):
            return m
    return None


def _resolve_ends(text: str, expr: DistanceExpression, s: tuple[int, int], ms: Sequence[Mention],
                  prev_subject: Mention | None, codes: tuple[str, ...]) -> _Ends:
    # a country or region opening the sentence is what the distance is told of ("Kuwait is about 570 km
    # from Doha", "Kuveyt, Doha'ya yaklaşık 570 kilometre uzaklıkta"): it has no point, and no place of
    # the sentence before stands in for it
    opener = next((m for m in ms if m.start < expr.start and _area(m)
                   and len(text[s[0]:m.start].strip(" \t\n\"'“‘«„(")) <= 3), None)
    ends = _find_ends(text, expr, s, ms, None if opener is not None else prev_subject, codes)
    if opener is not None and ends.a is None and ends.missing == "the place the distance is from":
        ends = replace(ends, missing=f"a point for {opener.place.name} (a country or region, not one place)")
    return ends


def _find_ends(text: str, expr: DistanceExpression, s: tuple[int, int], ms: Sequence[Mention],
               prev_subject: Mention | None, codes: tuple[str, ...]) -> _Ends:
    cues = _cues(codes)
    s_start, s_end = s
    inside = [m for m in ms if not (m.start < expr.end and m.end > expr.start)]

    def subject(other: Mention | None, pos: int) -> Mention | None:
        found = _point_before(inside, pos, other, s_start)
        if found is None and prev_subject is not None and not _same(prev_subject, other):
            return prev_subject
        return found

    fm = cues.from_re.match(text, expr.end, s_end)
    if expr.kind == "journey":
        # A route named after the figure: "1.500 km dari Pyongyang melalui Khasan ke Vladivostok".
        legs = _route_after(text, fm.end(), inside, s_end, cues) if fm else []
        if len(legs) >= 2:
            return _Ends("journey", legs[0], legs[-1], legs=tuple(legs))
        ends = _shape_ends(text, expr, s, inside, fm, subject, prev_subject, cues)
        if ends.a is not None and ends.b is not None:
            return ends
        # Last resort: every place the sentence names, in order.
        legs = []
        for m in inside:
            if not m.place.is_area and not (legs and _same(legs[-1], m)):
                legs.append(m)
        if len(legs) >= 2:
            return _Ends("journey", legs[0], legs[-1], legs=tuple(legs))
        return ends
    return _shape_ends(text, expr, s, inside, fm, subject, prev_subject, cues)


def _route_after(text: str, pos: int, inside: Sequence[Mention], s_end: int, cues: _Cues) -> list[Mention]:
    """Places named one after another from pos: "from A via B to C" -> [A, B, C].

    Areas in between ("Pyongyang, Korea Utara, ke ...") are passed over; a long gap, a clause
    end or a relative word ("where", "yang") ends the route.
    """
    legs: list[Mention] = []
    last = pos
    for m in inside:
        if m.start < pos or m.start >= s_end:
            continue
        gap = text[last:m.start]
        if re.search(r"[.;:!?。]", gap) or cues.relative_re.search(gap) or len(re.sub(r"[,()]", " ", gap).split()) > 4:
            break
        last = m.end
        if not m.place.is_area and not (legs and _same(legs[-1], m)):
            legs.append(m)
    return legs


def _reference_before(text: str, expr: DistanceExpression, inside: Sequence[Mention], s_start: int,
                      cues: _Cues) -> Mention | None:
    """The place right before the figure that it is measured from, in languages that name it
    first: a postposition or case ending between them ("서울에서 약 330km", "ソウルから約330キロ",
    "Budapesttől 200 km", "Ankara'dan 300 km", "北京以北100公里") or a from-word before the place
    ("cách Seoul 330 km", "距首尔约330公里")."""
    x = None
    for m in inside:
        if m.end <= expr.start and m.start >= s_start:
            x = m
    if x is None:
        return None
    gap = text[x.end:expr.start]
    if gap.strip() and cues.after_place_re.fullmatch(gap.replace("’", "'")):
        return x
    if not gap.strip() and len(gap) <= 2:
        if cues.before_place_re.search(text, max(s_start, x.start - 12), x.start):
            return x
        tail = cues.after_place_tail.search(x.name.replace("’", "'"))  # the mention took its case ending along
        if tail and tail.start() > 0:
            return x
    return None


def _shape_ends(text, expr, s, inside, fm, subject, prev_subject, cues) -> _Ends:
    s_start, s_end = s
    # 1. The figure followed by a from-cue: "254 km dari stasiun Khasan", "200 km from the border".
    if fm:
        # A reference point unless the cue also says "to" ("drove 100 miles to Dallas").
        is_ref = bool(fm.group("dir")) or _norm(fm.group("cue") or "") not in cues.to_words
        after = fm.end()
        nxt = _next_mention(inside, after, s_end)
        gap_end = nxt.start if nxt else s_end
        border = cues.border.search(text, after, gap_end)
        coast = cues.coast.search(text, after, gap_end)
        if border and _gap_ok(text[after:border.start()]):
            return _border_ends(text, border, inside, s_end, expr, subject, cues)
        if nxt is not None and _gap_ok(text[after:nxt.start]):
            refs = (nxt,) if is_ref else ()
            if coast or _area(nxt):
                a = subject(nxt, expr.start)
                return _Ends("to_area", a, nxt, missing="" if a else "the place the distance is from", refs=refs)
            # "N km from X to Y"
            tm = cues.to_re.search(text, nxt.end, s_end)
            if tm and _gap_ok(text[nxt.end:tm.start()], 1):
                y = _next_mention(inside, tm.end(), s_end)
                if y is not None and not _same(y, nxt) and \
                        len(text[tm.end():y.start].split()) <= MAX_GAP_WORDS:
                    return _Ends("to_area" if y.place.is_area else _kind_of(expr), nxt, y)
            a = subject(nxt, expr.start)
            return _Ends(_kind_of(expr), a, nxt, missing="" if a else "the place the distance is from", refs=refs)
    # 1b. The place named before the figure, as languages with postpositions write it.
    x = _reference_before(text, expr, inside, s_start, cues)
    if x is not None:
        a = _point_before(inside, x.start, x, s_start)
        if a is None:  # "서울에서 330km 떨어진 부산": the place described follows
            y = _next_mention(inside, expr.end, s_end)
            if y is not None and not y.place.is_area and not _same(y, x) and _gap_ok(text[expr.end:y.start]):
                a = y
        if a is None and prev_subject is not None and not _same(prev_subject, x):
            a = prev_subject
        return _Ends("to_area" if x.place.is_area else _kind_of(expr), a, x,
                     missing="" if a else "the place the distance is from", refs=(x,))
    # 1c. The reference named after the figure with a from-case ending, the place measured named before
    # it: "Belgrád mintegy 320 kilométerre fekszik Budapesttől" (Belgrade lies 320 km from Budapest)
    y = _next_mention(inside, expr.end, s_end)
    if y is not None and _gap_ok(text[expr.end:y.start], 2):
        tail = cues.after_place_tail.search(y.name.replace("’", "'"))
        if tail and tail.start() > 0:
            a = _point_before(inside, expr.start, y, s_start) or (prev_subject if not _same(prev_subject, y) else None)
            return _Ends("to_area" if y.place.is_area else _kind_of(expr), a, y,
                         missing="" if a else "the place the distance is from", refs=(y,))
    # 2. "between X and Y" / "antara X dengan Y" anywhere in the sentence.
    for bm in cues.between_re.finditer(text, s_start, s_end):
        if expr.start <= bm.start() < expr.end:
            continue
        x = _next_mention(inside, bm.end(), s_end)
        if x is None or not _gap_ok(text[bm.end():x.start]):
            continue
        am = cues.and_re.match(text, x.end, s_end)
        if am:
            y = _next_mention(inside, am.end(), s_end)
            if y is not None and _gap_ok(text[am.end():y.start]) and not _same(x, y):
                if not x.place.is_area and not y.place.is_area:
                    return _Ends(_kind_of(expr), x, y)
    # 3. "... que separan X de Y", "the N km separating X from Y".
    for sm in cues.separate.finditer(text, s_start, s_end):
        x = _next_mention(inside, sm.end(), s_end)
        if x is None or not _gap_ok(text[sm.end():x.start]):
            continue
        cm = cues.sep_conn_re.search(text, x.end, s_end)
        if cm and _gap_ok(text[x.end:cm.start()]):
            y = _next_mention(inside, cm.end(), s_end)
            if y is not None and _gap_ok(text[cm.end():y.start]) and not _same(x, y) \
                    and not x.place.is_area and not y.place.is_area:
                return _Ends(_kind_of(expr), x, y)
    # 4. "from X to Y" anywhere: "the train from Pyongyang to Vladivostok covered 1,180 km".
    for fm2 in cues.from_any_re.finditer(text, s_start, s_end):
        x = _next_mention(inside, fm2.end(), s_end)
        if x is None or x.place.is_area or not _gap_ok(text[fm2.end():x.start]):
            continue
        tm = cues.to_re.search(text, x.end, s_end)
        if tm and _gap_ok(text[x.end:tm.start()], 1):
            y = _next_mention(inside, tm.end(), s_end)
            if y is not None and not _same(x, y) and len(text[tm.end():y.start].split()) <= MAX_GAP_WORDS:
                return _Ends("to_area" if y.place.is_area else _kind_of(expr), x, y)
    # 5. "Y, N km away" / "N km dari perbatasan" without a place after it.
    if fm:
        border = cues.border.search(text, fm.end(), min(s_end, fm.end() + 40))
        if border and _gap_ok(text[fm.end():border.start()]):
            return _border_ends(text, border, inside, s_end, expr, subject, cues)
    if cues.away_re.match(text, expr.end, s_end):
        y = _point_before(inside, expr.start, None, s_start)
        x = _point_before(inside, y.start, y, s_start) if y else None
        if x is None and prev_subject is not None and not _same(prev_subject, y):
            x = prev_subject
        if y is not None:
            return _Ends(_kind_of(expr), x, y, missing="" if x else "the place the distance is from")
        return _Ends(_kind_of(expr), None, None, missing="both places (the figure says only 'away')")
    # 6. "Jakarta and Surabaya are about 660 km apart", "Jarak Jakarta ke Surabaya sekitar 660 km": two
    # points joined by "and" or "to" before the figure, with only a few words between them and it
    pair = _pair_before(text, expr, inside, s_start, cues)
    if pair is not None:
        return _Ends(_kind_of(expr), *pair)
    if expr.kind == "journey":
        return _Ends("journey", None, None, missing="the places of the journey (fewer than two are named)")
    return _Ends(_kind_of(expr), subject(None, expr.start), None,
                 missing="the place the distance is measured to")


def _area(m: Mention) -> bool:
    """A country or region, not a city-state (Singapore is a place one sails to, like a city)."""
    from .geodesy import is_city_state

    return m.place.is_area and not (m.place.feature == "country" and is_city_state(m.place.country))


def _pair_before(text: str, expr: DistanceExpression, inside: Sequence[Mention], s_start: int,
                 cues: _Cues) -> tuple[Mention, Mention] | None:
    """The last two point places before the figure, joined by an "and" or "to" word of the language
    ("X and Y are N km apart", "Jarak X ke Y N km", "X dan Y berjarak N km"), the second at most a
    few words before the figure: the ends of the distance."""
    before = [m for m in inside if s_start <= m.start and m.end <= expr.start]
    if len(before) < 2:
        return None
    x, y = before[-2], before[-1]
    if _area(x) or _area(y) or _same(x, y) or not _gap_ok(text[y.end:expr.start]):
        return None
    joint = _norm(text[x.end:y.start].strip(" ,"))
    return (x, y) if joint in cues.pair_joints else None


def _kind_of(expr: DistanceExpression) -> str:
    return "journey" if expr.kind == "journey" else "between"


def _border_ends(text, border, inside, s_end, expr, subject, cues) -> _Ends:
    # Countries named around the border word: "perbatasan Rusia dengan Korea Utara",
    # "the border with North Korea", "the Russia-North Korea border", "perbatasan Ukraina".
    named: list[Mention] = []
    for m in inside:
        if m.start >= expr.end and m.end <= border.start() and _is_country(m):
            named.append(m)
    pos = border.end()
    while True:
        m = _next_mention(inside, pos, s_end)
        if m is None or not _is_country(m):
            break
        gap = text[pos:m.start].strip()
        if gap and not cues.border_glue.fullmatch(gap):
            break
        named.append(m)
        pos = m.end
    a = subject(None, expr.start)
    codes = []
    for m in named:
        cc = m.place.country
        if cc and cc not in codes:
            codes.append(cc)
    missing = "" if a else "the place the distance is from"
    if not codes and not missing:
        missing = "the country across the border (it is not named)"
    return _Ends("to_border", a, named[-1] if named else None, countries=tuple(codes), missing=missing,
                 refs=tuple(named))


# ---------------------------------------------------------------------------------------------
# Measuring
# ---------------------------------------------------------------------------------------------
def _geo():
    from . import geodesy  # imported late: it loads shapes only when a claim needs them

    return geodesy


def _country_names(doc_mentions: Sequence[Mention]) -> dict[str, str]:
    """Country code -> the name of the document's first mention of that country (one pass)."""
    out: dict[str, str] = {}
    for m in doc_mentions:
        if _is_country(m):
            out.setdefault(m.place.country, m.place.name)
    return out


def _country_name(cc: str, doc_mentions: Sequence[Mention] | dict[str, str]) -> str:
    if isinstance(doc_mentions, dict):
        if cc in doc_mentions:
            return doc_mentions[cc]
    else:
        for m in doc_mentions:
            if _is_country(m) and m.place.country == cc:
                return m.place.name
    try:
        names = _geo().country_names().get(cc)
    except Exception:  # noqa: BLE001 - naming is cosmetic; never fail a claim on it
        names = None
    return (names or {}).get("en") or (names or {}).get("name") or cc


@dataclass(frozen=True)
class _Measure:
    km: float | None
    how: str
    from_name: str | None
    to_name: str | None
    to_point: tuple[float, float] | None = None
    problem: str = ""


def _measure(ends: _Ends, all_mentions: Sequence[Mention] | dict[str, str]) -> _Measure:
    geo = _geo()
    a, b = ends.a, ends.b
    a_name = a.place.name if a else None
    if ends.kind == "journey" and len(ends.legs) >= 2:
        total = 0.0
        for p, q in zip(ends.legs, ends.legs[1:]):
            total += geo.geodesic_km(p.place.lat, p.place.lon, q.place.lat, q.place.lon)
        names = " – ".join(m.place.name for m in ends.legs)
        how = (f"{MEASURED_BETWEEN} of {ends.legs[0].place.name} and {ends.legs[1].place.name}"
               if len(ends.legs) == 2 else
               f"sum of the geodesic (WGS84) legs between the gazetteer points {names}, in the order named")
        return _Measure(total, how, ends.legs[0].place.name, ends.legs[-1].place.name)
    if ends.kind == "to_border":
        if a is None:
            return _Measure(None, "", None, None, problem=ends.missing)
        codes = list(ends.countries)
        if len(codes) == 1:
            own = a.place.country or (geo.country_at(a.place.lat, a.place.lon) or "")
            codes = [own, codes[0]] if own and own != codes[0] else ["", codes[0]]
        if not codes:
            return _Measure(None, "", a_name, None, problem=ends.missing)
        cc_a, cc_b = codes[0], codes[-1]
        name_b = _country_name(cc_b, all_mentions)
        if cc_a:
            name_a = _country_name(cc_a, all_mentions)
            found = geo.distance_to_border_km(a.place.lat, a.place.lon, cc_a, cc_b)
            if found:
                label = f"{name_a}–{name_b} border"
                how = f"to the nearest point of the {label} line ({BORDER_SOURCE})"
                return _Measure(found[0], how, a_name, label, found[1])
            note = f"; {name_a} and {name_b} share no land border in the data"
        else:
            note = f"; the country of {a_name} is unknown"
        found = geo.distance_to_country_km(a.place.lat, a.place.lon, cc_b)
        if found:
            how = f"to the nearest point of {name_b}'s outline ({BORDER_SOURCE}){note}"
            return _Measure(found[0], how, a_name, f"{name_b} (outline)", found[1])
        return _Measure(None, "", a_name, f"{name_b} border", problem=f"no outline for {name_b}")
    if ends.kind == "to_area":
        if a is None or b is None:
            return _Measure(None, "", a_name, b.place.name if b else None, problem=ends.missing)
        if _is_country(b) and b.place.country:
            found = geo.distance_to_country_km(a.place.lat, a.place.lon, b.place.country)
            if found:
                inside = a.place.country == b.place.country
                how = (f"to the nearest point of {b.place.name}'s outline ({BORDER_SOURCE})"
                       + ("; the place lies inside it" if inside else ""))
                return _Measure(found[0], how, a_name, f"{b.place.name} (outline)", found[1])
        km = geo.geodesic_km(a.place.lat, a.place.lon, b.place.lat, b.place.lon)
        how = (f"{MEASURED_BETWEEN} of {a_name} and the {b.place.feature} {b.place.name} "
               f"(its gazetteer point; no outline is used, so the distance to its edge is shorter)")
        return _Measure(km, how, a_name, b.place.name)
    if a is None or b is None:
        return _Measure(None, "", a_name, b.place.name if b else None, problem=ends.missing)
    km = geo.geodesic_km(a.place.lat, a.place.lon, b.place.lat, b.place.lon)
    return _Measure(km, f"{MEASURED_BETWEEN} of {a_name} and {b.place.name}", a_name, b.place.name)

def find_claims(document: Document, mentions: Sequence[Mention]) -> list[Claim]:
    """Every distance claim in the document body, with its two ends, measurement and verdict.

    Ends come from the place mentions of the claim's sentence (and, when the place it is
    measured from is not there, the last point place of the previous sentence, which "the town",
    "lokasi ini" most often refer to). An end that cannot
    be found is reported (verdict "unresolved"), never guessed.
    """
    ms = _non_overlapping([m for m in mentions if m.document in ("", document.id)])
    countries = _country_names(ms)  # looked up per border claim: a dict, not a scan of every mention
    return [_claim(document, expr, s, ends, countries)
            for expr, s, ends in _ends_of_figures(document, ms, ("distance", "journey"))]


def distance_reference_points(document: Document, mentions: Sequence[Mention]) -> frozenset[tuple[int, int]]:
    """(start, end) of every mention that a distance figure uses as its reference point: the
    place measured from or to that the text does not say anyone went to.

    "arrived in Busan, about 330 km from Seoul" -> Seoul; "a town 200 km north of Kyiv" -> Kyiv;
    "50 km von der Grenze zu Polen" -> Polen; "서울에서 약 330km 떨어진 부산" -> 서울. Never an end
    of a journey figure ("drove 100 miles to Dallas", "flew 300 km from Jakarta to Bandung"),
    nor of "from X to Y", "between X and Y" or "Y, N km away" (Y is often where the traveller went).
    """
    ms = _non_overlapping([m for m in mentions if m.document in ("", document.id)])
    out: set[tuple[int, int]] = set()
    for expr, _s, ends in _ends_of_figures(document, ms, ("distance", "excluded:radius")):
        out.update((m.start, m.end) for m in ends.refs)
    return frozenset(out)


# The figures' ends of the last few documents: `distance_reference_points` (asked by the events
# stage) and `find_claims` read the same figures of the same document, one after the other.
_ENDS_KINDS = ("distance", "journey", "excluded:radius")
_ENDS_CACHE: dict = {}
_ENDS_CACHE_SIZE = 2


def _ends_of_figures(document: Document, ms: list[Mention], kinds: tuple[str, ...]):
    if not set(kinds) <= set(_ENDS_KINDS):
        return list(_figure_ends(document, ms, kinds))
    key = (document.id, document.text, document.body_start, document.language, tuple(ms))
    found = _ENDS_CACHE.pop(key, None)
    if found is None:
        found = list(_figure_ends(document, ms, _ENDS_KINDS))
    _ENDS_CACHE[key] = found  # the most recent last
    while len(_ENDS_CACHE) > _ENDS_CACHE_SIZE:
        del _ENDS_CACHE[next(iter(_ENDS_CACHE))]
    return [x for x in found if x[0].kind in kinds]


def _figure_ends(document: Document, ms: list[Mention], kinds: tuple[str, ...]):
    text = document.text
    codes = _codes(document.language, document.body)
    bounds = sentences(text)
    starts = [b[0] for b in bounds]
    # ms is sorted and non-overlapping, so its starts and its ends both increase: the mentions
    # inside a span are one slice of it, found by binary search (not a scan of every mention per
    # figure, which made a long article quadratic)
    m_starts = [m.start for m in ms]
    m_ends = [m.end for m in ms]
    for expr in _expressions(text, document.body_start, len(text), codes, include_excluded=True):
        if expr.kind not in kinds:
            continue
        s = sentence_at(text, expr.start)
        in_s = ms[_slice(m_starts, m_ends, s[0], s[1])]
        prev_subject = None if _opens_with_a_name(text, s, in_s, codes) else _previous_subject(
            text, bounds, starts, s, ms, document.body_start, _cues(codes).boilerplate_re, m_starts, m_ends)
        yield expr, s, _resolve_ends(text, expr, s, in_s, prev_subject, codes)


def _slice(m_starts: list[int], m_ends: list[int], a: int, b: int) -> slice:
    """The mentions m with a <= m.start and m.end <= b, of mentions sorted and non-overlapping."""
    return slice(bisect_left(m_starts, a), bisect_right(m_ends, b))


def _non_overlapping(ms: Sequence[Mention]) -> list[Mention]:
    """Mentions by position; of two overlapping ones the longer stays."""
    out: list[Mention] = []
    for m in sorted(ms, key=lambda m: (m.start, -(m.end - m.start))):
        if out and m.start < out[-1].end:
            continue
        out.append(m)
    return out


_OPENING_WORD = re.compile(r"[\s\"'“‘«(]*([^\W\d_][\w'’-]*)")


def _opens_with_a_name(text: str, s: tuple[int, int], inside: Sequence[Mention], codes: tuple[str, ...]) -> bool:
    """The claim's sentence opens with a capitalised word that is no place found and no common word
    of the language (Zipf < 3.5 in wordfreq): a name the gazetteer did not give ("Medan is about
    1,400 km from Jakarta") is the place measured from, so none is borrowed from the sentence before,
    and the claim stays unresolved rather than measured between the wrong places. ("The city is
    254 km from X", "Located 40 km from X", "Kota itu berjarak ..." still borrow.)"""
    m = _OPENING_WORD.match(text, s[0], s[1])
    if not m or not m.group(1)[0].isupper() or any(x.start <= m.start(1) < x.end for x in inside):
        return False
    from .mentions import _word_frequencies  # wordfreq's table, kept between runs: no import of wordfreq

    word = m.group(1).lower()
    return max((_word_frequencies(c).get(word, 0.0) for c in codes), default=0.0) < 3.5


def _previous_subject(text, bounds, starts, s, ms, floor, boilerplate, m_starts=None, m_ends=None) -> Mention | None:
    if m_starts is None or m_ends is None:
        m_starts, m_ends = [m.start for m in ms], [m.end for m in ms]
    i = bisect_left(starts, s[0]) - 1
    while i >= 0 and bounds[i][0] >= floor:
        a, b = bounds[i]
        if not boilerplate.match(text, a, b):
            later_countries: set[str] = set()
            for m in reversed(ms[_slice(m_starts, m_ends, a, b)]):
                if _is_country(m):
                    later_countries.add(m.place.country)
                elif not m.place.is_area:
                    # "dari Munich, Jerman, mendarat di [unknown airport], Polandia": the sentence
                    # ends in another country than the place, so that place is not the subject.
                    if later_countries - {m.place.country, ""}:
                        return None
                    return m
            return None
        i -= 1
    return None


def _claim(document: Document, expr: DistanceExpression, s: tuple[int, int], ends: _Ends,
           ms: Sequence[Mention] | dict[str, str]) -> Claim:
    measure = _measure(ends, ms)
    between = ""
    if measure.from_name and measure.to_name:
        to = measure.to_name
        if to.endswith(" (outline)"):
            to = f"the outline of {to[:-len(' (outline)')]}"
        elif to.endswith(" border"):
            to = f"the {to}"
        between = f"from {measure.from_name} to {to}"
    verdict, ratio, why = judge(expr, measure.km, between)
    if measure.km is None:
        missing = measure.problem or ends.missing or "an end of the distance"
        known = measure.from_name or (ends.a.place.name if ends.a else None) or \
            (ends.b.place.name if ends.b else None)
        quoted = "" if expr.text == _km(expr.value_km) else f" (“{expr.text}”)"
        why = (f"Unresolved: the reported {_km(expr.value_km)}{quoted} was not measured because "
               f"{missing} could not be identified from the text"
               + (f" (the one place found is {known})." if known else ".")
               + (f" {why}" if why else ""))
        if verdict != "unit-mismatch":
            verdict = "unresolved"
    else:
        why = f"{why} Measured {measure.how}."
        if ends.a is not None and ends.a.start < s[0]:
            why += (f" {ends.a.place.name} is taken from the previous sentence, as the claim's own "
                    f"sentence names no place to measure from.")
        if ends.kind == "to_border" and measure.to_point:
            lat, lon = measure.to_point
            why += f" Nearest point: {lat:.4f}, {lon:.4f}."
    return Claim(
        document=document.id, text=document.text[s[0]:s[1]], start=expr.start, end=expr.end,
        reported=expr.text, reported_km=round(expr.value_km, 3),
        reported_km_high=None if expr.value_km_high is None else round(expr.value_km_high, 3),
        qualifier=expr.qualifier, kind=ends.kind, from_name=measure.from_name, to_name=measure.to_name,
        from_place=ends.a.place if ends.a else (ends.legs[0].place if ends.legs else None),
        to_place=ends.b.place if ends.b else None,
        geodesic_km=None if measure.km is None else round(measure.km, 1),
        ratio=None if ratio is None or measure.km is None else round(ratio, 3),
        verdict=verdict, explanation=why, measured_how=measure.how, to_point=measure.to_point,
    )
