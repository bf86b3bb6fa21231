"""Date expressions in news text: find them, resolve them against the document date.

Public functions
----------------
- ``find_dates(text, reference, language=None, start=0, end=None, *, future=None, anchor=None) -> list[DateRef]``
- ``document_date(text, body_start=0, language=None) -> DateRef | None``
- ``detect_language(text) -> str``  (a packed language code, or "und")
- ``resolve_weekday(weekday, reference, future=False, strict=False) -> date``
- ``find_durations(text, language=None) -> list[tuple[int, int, float]]``  (start, end, days)

Mechanism here, words in the language packs
-------------------------------------------
Every word this module matches comes from the ``[dates]`` section of the language packs
(``itinerary/languages/<code>.toml``, keys documented in ``_schema.toml`` under ``@dates-schema``).
Month and weekday names come from CLDR through babel (wide and abbreviated, 'format' and
'stand-alone' contexts, so genitives such as Polish "września" or Russian "сентября" are there);
a pack adds only spellings CLDR lacks (``months_extra``: Indonesian "Agt", Malay "Ogos"). In packs
with ``inflected_names`` a case form of a month CLDR lacks ("в сентябре", "szeptemberben",
"we wrześniu") is that month when its Snowball stem is the stem of one of the month's CLDR names
(a pack without a stemmer lists such forms in ``months_extra``; weekday case forms are listed in
``weekdays_extra``). A language's tables are precompiled once per process (the relative phrases
of one language into one regex whose alternatives are grouped by first character). The
languages active for a text are its own plus its pack's ``also`` list (English wire copy mixes
into every language; Indonesian and Malay into each other); an unknown language (too little
text to tell) activates every pack of the text's script. dateparser is no longer used.

What is found (a few ms for a 5 KB article)
-------------------------------------------
- ISO and year-first dates: 2023-09-12, 2023/09/12, 2023.09.12; the pack's ``date_patterns``
  (2023年9月12日, 2023년 9월 12일, 2023. szeptember 12.).
- Numeric day-month: 17/9/2023, 17-09-2023, 17.09.2023 anywhere; 10/9 and 17/9/23 only in
  parentheses or after a weekday or a ``date_words`` word ("Minggu (10/9)", "tanggal 10/9").
  Day-month order unless the language argument names a ``numeric_month_first_regions`` region
  ("en-US") or the numbers force month-day; both <= 12 in a ``numeric_order_unsure`` language
  without a region -> ambiguous=True (day-month kept, the other reading in the note).
- Day month-name [year]: "12 September 2023", "12 Agt", "12th of September", "12 de septiembre
  de 2023", "12. September 2023", "1er août", "12 września 2023", "13 сентября 2023 года".
- Month-name day [year] in ``month_day_order`` languages: "Sept. 12", "September 12, 2023".
- Ranges: "10-17 September 2023", "10 hingga 17 September", "Sept. 10-17",
  "30 Agustus - 2 September 2023" (value..value_end).
- Weekdays, with optional date, modifiers and part of day: "Minggu (17/9/2023)", "Selasa pagi,
  12 September 2023", "Rabu (13/9) malam", "Tuesday evening", "last Monday", "Senin lalu". A
  weekday next to a date checks it (mismatch -> ambiguous) and picks the year of a year-less date.
  A bare weekday resolves to the nearest such day on/before the reference (basis "weekday"), or
  on/after it when the sentence reads as future (``future_cues``) or the `future` argument says
  so; a weekday that is the reference's own weekday is the reference day in either reading.
  The note gives the other reading. Homographs (Indonesian "minggu" = week) need a capital,
  "hari" before them or a date after them.
- Relative: today, yesterday, tomorrow, the day before yesterday, the day after tomorrow, last
  night, this/last/next week|weekend|month|year, N days|weeks|months ago. Weeks -> precision
  "week" with value..value_end = Monday..Sunday; months/years -> precision month/year; nights ->
  the day before.
- Anaphoric: the next day, the following day, a day later, the same day, that evening, N days
  later, the day before ... -> relative to the previous day-precise date in narrative order (looked
  up to 1500 characters before `start`), else the `anchor` argument, else value None.
- Month only, with a cue, qualifier, modifier or year ("in July", "awal September",
  "mid-September", "Juli lalu", "September 2023"): precision "month". A year-less month takes the
  most recent such month on/before the reference (the next one under a future reading).
- Day of month alone: "tanggal 23", "on the 23rd,", "3日" -> the nearest such day (basis "partial").
- Years with a cue ("pada tahun 1948", "in 2011", "в 2011 году", "2011年"): precision "year".

Not dates (suppressed): durations and counts ("selama enam hari", "a week-long visit", "six-day
trip", "seminggu"), ages, clock times, decimals, thousands, versions, phone numbers, scores,
years-ago phrases (the pack's ``not_dates`` and the duration units).

A date arithmetic that leaves the calendar (year 1 minus a day, 31/12/9999 plus a day) drops that
expression; nothing here raises on odd input.
"""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, replace
from datetime import date, timedelta
from bisect import bisect_left
from functools import lru_cache
from typing import Iterable

from . import languages
from .model import DateRef
from .text import sentence_at

try:  # Python 3.11+
    from re import _parser as _sre_parse
except ImportError:  # pragma: no cover - Python 3.10
    import sre_parse as _sre_parse  # type: ignore[no-redef]

__all__ = [
    "find_dates",
    "document_date",
    "detect_language",
    "resolve_weekday",
    "find_durations",
]

SECTION = "dates"

# Relative-phrase keys of a pack: key -> (kind, amount). "-N"/"+N": the phrase's number.
RELATIVE_KEYS: dict[str, tuple[str, int | str]] = {
    "day_before_yesterday": ("day", -2),
    "yesterday": ("day", -1),
    "today": ("day", 0),
    "tomorrow": ("day", 1),
    "day_after_tomorrow": ("day", 2),
    "last_night": ("night", -1),
    "last_week": ("week", -1),
    "this_week": ("week", 0),
    "next_week": ("week", 1),
    "last_weekend": ("weekend", -1),
    "this_weekend": ("weekend", 0),
    "next_weekend": ("weekend", 1),
    "last_month": ("month", -1),
    "this_month": ("month", 0),
    "next_month": ("month", 1),
    "last_year": ("year", -1),
    "this_year": ("year", 0),
    "next_year": ("year", 1),
    "days_ago": ("day", "-N"),
    "weeks_ago": ("weeks", "-N"),
    "months_ago": ("month", "-N"),
    "next_day": ("anaphor", 1),
    "previous_day": ("anaphor", -1),
    "same_day": ("anaphor", 0),
    "days_later": ("anaphor", "+N"),
    "days_earlier": ("anaphor", "-N"),
    "not_dates": ("skip", 0),
}
# Duration unit keys -> days.
UNIT_KEYS = {"units_minute": 1 / 1440, "units_hour": 1 / 24, "units_day": 1.0, "units_week": 7.0,
             "units_month": 30.0, "units_year": 365.0}

_APOS = str.maketrans({"’": "'", "ʼ": "'", "`": "'"})
# Start/end of a word (key packs); unspaced packs (Japanese, Chinese) have none, prefix packs
# (Korean: particles follow the word) no end.
_B0 = r"(?<![\w'’ʼ-])"
_B1 = r"(?!\w)"


def _norm(s: str) -> str:
    return re.sub(r"\s+", " ", s.translate(_APOS).casefold().strip())


def _lit(phrase: str) -> str:
    """A pack's literal phrase as regex: escaped, any whitespace where it has a space, any
    apostrophe where it has one."""
    out = []
    for part in re.split(r"(\s+|['’ʼ])", phrase.strip()):
        if not part:
            continue
        if part.isspace():
            out.append(r"\s+")
        elif part in "'’ʼ":
            out.append("['’ʼ]")
        else:
            out.append(re.escape(part))
    return "".join(out)


def _rx(pattern: str) -> str:
    """A pack's regex: a space stands for any whitespace ("\\s" before a quantifier, else "\\s+")."""
    p = re.sub(r" (?=[*+?{])", r"\\s", pattern)
    return p.replace(" ", r"\s+")


@lru_cache(maxsize=4096)
def _parsed(p: str):
    try:
        return _sre_parse.parse(p, re.I)
    except Exception:  # pragma: no cover
        return None


def _width(p: str) -> int:
    parsed = _parsed(p)
    return parsed.getwidth()[0] if parsed is not None else len(p)


# --------------------------------------------------------------------------------------------
# One language's tables, from its pack and CLDR
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Lang:
    code: str
    unspaced: bool  # substring packs: no word boundaries
    suffixing: bool  # prefix packs: words take suffixes (no end boundary)
    caps: bool
    inflected: bool
    stemmer: str  # Snowball algorithm, "" for none
    months: dict  # normalised name -> month (wide names and extras)
    month_abbr: dict  # normalised abbreviation -> month
    month_stems: dict  # Snowball stems of the CLDR wide names -> month (inflected packs)
    weekdays: dict  # normalised name -> 0..6 (Monday = 0)
    numbers: dict  # normalised word -> number
    data: dict  # the pack's [dates] section

    def words(self, key: str) -> tuple[str, ...]:
        v = self.data.get(key, ())
        return tuple(x for x in (v if isinstance(v, (list, tuple)) else (v,)) if x)

    def flag(self, key: str) -> bool:
        return bool(self.data.get(key, False))

    def b0(self) -> str:
        return "" if self.unspaced else _B0

    def b1(self) -> str:
        return "" if self.unspaced or self.suffixing else _B1


@lru_cache(maxsize=None)
def _lang(code: str) -> _Lang:
    pack = languages.get(code)
    data = dict(pack.data.get(SECTION, {}))
    months: dict[str, int] = {}
    abbr: dict[str, int] = {}
    wide: dict[str, int] = {}
    weekdays: dict[str, int] = {}
    locales = tuple(data.get("cldr_locales", ()) or (code,))
    for month_wide, month_abbr, day_wide, day_abbr in _cldr_names(locales, bool(data.get("weekday_abbreviations"))):
        for m, name in month_wide:
            months.setdefault(_norm(name), m)
            wide.setdefault(_norm(name), m)
        for m, name in month_abbr:
            n = _norm(name).rstrip(".")
            if n and n not in months and not n.isdigit():
                abbr.setdefault(n, m)
        for wd, name in day_wide:
            weekdays.setdefault(_norm(name), wd)
        for wd, name in day_abbr:
            weekdays.setdefault(_norm(name).rstrip("."), wd)
    for name, m in (data.get("months_extra") or {}).items():
        months.setdefault(_norm(name), int(m))
    for name, m in (data.get("month_abbreviations_extra") or {}).items():
        abbr.setdefault(_norm(name), int(m))
    for name, wd in (data.get("weekdays_extra") or {}).items():
        weekdays.setdefault(_norm(name), int(wd) - 1)  # packs count ISO weekdays, Monday = 1
    numbers = {_norm(k): int(v) for k, v in (data.get("numbers") or {}).items()}
    stemmer = pack.stemmer if data.get("inflected_names") else ""
    stems = {}
    if stemmer:
        for name, m in wide.items():
            stems.setdefault(_stem(name, stemmer), m)
    return _Lang(code=code, unspaced=pack.match == "substring", suffixing=pack.match == "prefix",
                 caps=bool(data.get("caps")), inflected=bool(data.get("inflected_names")),
                 stemmer=stemmer, months=months, month_abbr=abbr, month_stems=stems,
                 weekdays=weekdays, numbers=numbers, data=data)


def _cldr_names(locales: tuple[str, ...], weekday_abbreviations: bool) -> list:
    """CLDR's month and weekday names (babel) of the locales: for each locale and context
    ("format", "stand-alone"), the (number, name) pairs of wide and abbreviated months, wide
    weekdays and (if asked) abbreviated weekdays. Kept in the index cache folder
    (`languages.disk_cached`, keyed by babel's version and the arguments): reading them means
    importing babel.dates and loading its locale data, some 20 ms at every start."""
    from importlib.metadata import version

    def read() -> list:
        from babel.dates import get_day_names, get_month_names

        return [(list(get_month_names("wide", ctx, loc).items()),
                 list(get_month_names("abbreviated", ctx, loc).items()),
                 list(get_day_names("wide", ctx, loc).items()),
                 list(get_day_names("abbreviated", ctx, loc).items()) if weekday_abbreviations else [])
                for loc in locales for ctx in ("format", "stand-alone")]

    return languages.disk_cached(f"cldr-dates-{'+'.join(locales)}",
                                 ("babel", version("babel"), locales, weekday_abbreviations), read)


@lru_cache(maxsize=None)
def _stemmer(name: str):
    import snowballstemmer

    return snowballstemmer.stemmer(name)


@lru_cache(maxsize=100_000)
def _stem(word: str, stemmer: str) -> str:
    return _stemmer(stemmer).stemWord(word.lower())


def _prefixes(names: Iterable[str]) -> list[str]:
    """Stems for case forms CLDR lacks: a name's first letters (3, or one less for short names)."""
    out = set()
    for n in names:
        if " " in n or len(n) < 3:
            continue
        out.add(n[:3] if len(n) > 3 else n[:2])
    return sorted(out, key=len, reverse=True)


# --------------------------------------------------------------------------------------------
# Many regex alternatives, dispatched by their first character
# --------------------------------------------------------------------------------------------

_WORDISH = re.compile(r"[\w'’ʼ-]")  # what _B0 must not follow
_DIGIT = "\\d"  # bucket of alternatives that start with a digit


def _first_chars(pattern: str) -> set | None:
    """The characters (casefolded; _DIGIT for any digit) a match of `pattern` can start with;
    None when that cannot be told (a class like \\w, or a pattern that can match empty)."""
    parsed = _parsed(pattern)
    if parsed is None:  # pragma: no cover
        return None
    got, nullable = _firsts(list(parsed))
    return None if got is None or nullable else got


def _firsts(items) -> tuple[set | None, bool]:
    out: set = set()
    for op, av in items:
        name = str(op)
        if name == "LITERAL":
            out.add(chr(av).casefold()[:1])
            return out, False
        if name == "IN":
            for o, a in av:
                on = str(o)
                if on == "LITERAL":
                    out.add(chr(a).casefold()[:1])
                elif on == "RANGE" and a[1] - a[0] <= 400:
                    out.update(chr(c).casefold()[:1] for c in range(a[0], a[1] + 1))
                elif on == "CATEGORY" and str(a) == "CATEGORY_DIGIT":
                    out.add(_DIGIT)
                else:
                    return None, False
            return out, False
        if name in ("SUBPATTERN", "ATOMIC_GROUP"):
            sub, nul = _firsts(list(av[-1] if name == "SUBPATTERN" else av))
        elif name == "BRANCH":
            sub, nul = set(), False
            for branch in av[1]:
                b, n = _firsts(list(branch))
                if b is None:
                    return None, False
                sub |= b
                nul = nul or n
        elif name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
            sub, nul = _firsts(list(av[2]))
            nul = nul or av[0] == 0
        elif name in ("AT", "ASSERT", "ASSERT_NOT"):
            continue  # zero width
        else:
            return None, False
        if sub is None:
            return None, False
        out |= sub
        if not nul:
            return out, False
    return out, True


class _Dispatch:
    """A union of many regex alternatives compiled as one regex in which the alternatives are
    grouped by the characters they can start with, each group behind a one-character lookahead
    (``(?=[ms])(?:malam tadi|...)``): at a position the engine skips every group that cannot
    start there, so hundreds of alternatives cost about what a few do. Groups whose first
    alternative is more specific (longer) come first; within a group the alternatives keep their
    order (most specific first)."""

    def __init__(self, alternatives: list[tuple[str, str, str, int]], flags: int):
        # alternatives: (start boundary, body with its groups and end boundary, first-char source, width)
        per_b0: dict[str, dict] = {}
        for b0, body, src, width in alternatives:
            firsts = _first_chars(src)
            key = frozenset(firsts) if firsts is not None else None
            per_b0.setdefault(b0, {}).setdefault(key, []).append((width, body))
        parts = []
        for b0, groups in per_b0.items():
            branches = []
            for key, items in groups.items():
                alts = "|".join(body for _, body in items)
                if key is None:
                    branches.append((-1, f"(?:{alts})"))
                    continue
                cls = "".join(re.escape(c) for c in sorted(key) if c != _DIGIT) + (r"\d" if _DIGIT in key else "")
                branches.append((max(w for w, _ in items), f"(?=[{cls}])(?:{alts})"))
            branches.sort(key=lambda x: -x[0])
            parts.append(b0 + "(?:" + "|".join(b for _, b in branches) + ")")
        self.rx = re.compile("|".join(parts) or _NEVER, flags)

    def finditer(self, text: str, pos: int = 0, endpos: int | None = None):
        return self.rx.finditer(text, pos, len(text) if endpos is None else endpos)


# --------------------------------------------------------------------------------------------
# The tables of a set of languages: precompiled regexes
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Tables:
    langs: tuple  # of _Lang
    month_of: dict
    abbr: frozenset
    caps_needed: frozenset
    weekday_of: dict
    numbers: dict
    homographs: frozenset
    re_dmy: re.Pattern
    re_mdy: re.Pattern
    re_my: re.Pattern
    re_month_only: re.Pattern
    re_year: re.Pattern
    re_weekday: re.Pattern
    re_any_month: re.Pattern  # any month name re_dmy, re_mdy, re_my or re_month_only could take
    relatives: tuple  # per language: (dispatcher, index -> (kind, amount, lang code))
    re_range_gap: re.Pattern
    re_pod_after: re.Pattern
    re_future: re.Pattern
    re_past: re.Pattern
    re_duration: re.Pattern
    re_duration_long: re.Pattern
    re_duration_before: re.Pattern
    duration_units: tuple
    re_unit_long: re.Pattern  # "week-long" without a number
    unit_long_days: tuple
    re_num_context: re.Pattern
    date_patterns: tuple  # compiled pack patterns
    dom_patterns: tuple
    re_then: re.Pattern
    re_and_clause: re.Pattern  # "and" before a word that is no day: the start of a clause of its own
    re_title_before: re.Pattern
    re_title_after: re.Pattern
    re_noun_after: re.Pattern
    re_noun_before: re.Pattern
    re_day_word_before: re.Pattern
    re_not_before_rel: re.Pattern
    lowercase_only: frozenset
    pre_past: re.Pattern
    pre_future: re.Pattern
    post_past: re.Pattern
    post_future: re.Pattern
    qualifiers: frozenset
    month_first_regions: frozenset
    order_unsure: frozenset  # codes
    re_labels_published: re.Pattern
    re_labels_updated: re.Pattern
    re_dateline_words: re.Pattern
    re_clock: re.Pattern


_NEVER = "(?!)"


def _tok(ch: str) -> str:
    if ch.isspace():
        return r"\s+"
    if ch in "'’ʼ":
        return "['’ʼ]"
    return re.escape(ch)


def _trie(words: Iterable[str], fold: bool = True) -> str:
    """One regex for many literal words, as a trie ("dua|dua belas|dua puluh" ->
    "dua(?: (?:belas|puluh))?"): the engine decides each character once, so a long list costs
    about what one word does. Longer words win (the optional tails are greedy)."""
    root: dict = {}
    for w in words:
        w = re.sub(r"\s+", " ", (_norm(w) if fold else w.translate(_APOS)).strip())
        if not w:
            continue
        node = root
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict) -> str:
        alts = [_tok(ch) + emit(node[ch]) for ch in sorted(k for k in node if k)]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return f"(?:{body})?" if "" in node else body

    out = emit(root)
    return out or _NEVER


def _phrases(langs, key: str, *, start: bool = True, end: bool = True, regex: bool = False,
             sep: str = "", fold: bool = True) -> str:
    """Alternation of the listed phrases of every language (longest first), with each language's
    word boundaries (and `sep` after a phrase, unless it ends in a hyphen)."""
    groups: dict[tuple[str, str, str], list] = {}
    for L in langs:
        for w in L.words(key):
            s = "" if (sep and w[-1] in "-'’ʼ") else sep
            b0 = L.b0() if start and (regex or w[0].isalnum()) else ""
            b1 = L.b1() if end and (regex or w[-1].isalnum()) else ""
            groups.setdefault((b0, b1, s), []).append(w)
    parts = []
    for (b0, b1, s), ws in groups.items():
        if regex:
            alts = sorted(dict.fromkeys(_rx(w) for w in ws), key=lambda p: -_width(p))
            body = "(?:" + "|".join(alts) + ")"
        else:
            body = _trie(ws, fold)
        parts.append(b0 + body + b1 + s)
    return "(?:" + "|".join(parts) + ")" if parts else _NEVER


def _names_alt(langs, names_of, with_prefixes: bool, hyphen: bool = False, end_of=None) -> str:
    """Alternation of month or weekday names (longest first), with each language's boundaries;
    for inflected languages also their first letters followed by letters (validated by stem). `hyphen`:
    a name may follow a hyphen ("mid-September"); `end_of(L)`: the end boundary."""
    end_of = end_of or (lambda L: L.b1())
    groups: dict[tuple[str, str], set] = {}
    for L in langs:
        key = (L.b0().replace("-", "") if hyphen else L.b0(), end_of(L))
        groups.setdefault(key, set()).update(names_of(L))
    parts = []
    for (b0, b1), names in groups.items():
        if names:
            parts.append(f"{b0}{_trie(names)}{b1}")
    if with_prefixes:
        for L in langs:
            if L.month_stems:
                pf = _prefixes(set(names_of(L)))
                if pf:
                    b0 = L.b0().replace("-", "") if hyphen else L.b0()
                    parts.append(b0 + _trie(pf) + r"[^\W\d_]*" + end_of(L))
    return "(?:" + "|".join(parts) + ")" if parts else _NEVER


def _num_alt(numbers: Iterable[str], digits: str = r"\d+") -> str:
    words = list(numbers)
    return "(?:" + digits + ("|" + _trie(words) if words else "") + ")"


@lru_cache(maxsize=None)
def _relative(code: str) -> tuple:
    """One language's relative phrases (and counts of units, which are not dates), most specific
    (longest minimum width) first: (dispatcher, index -> (kind, amount, code))."""
    L = _lang(code)
    parts = []
    specs = []
    num = _num_alt(L.numbers)
    for key, (kind, amount) in RELATIVE_KEYS.items():
        for pat in L.words(key):
            p = _rx(pat)
            i = len(specs)
            amt = amount
            if isinstance(amount, str):
                if "NUM" in p:
                    p = p.replace("NUM", f"(?P<n{i}>{num})", 1)
                else:  # the count is in the word itself ("sehari lalu"): one
                    amt = 1 if amount[0] == "+" else -1
            p = p.replace("NUM", num)
            specs.append((kind, amt, L.code))
            parts.append((_width(p), kind != "skip", L.b0(), rf"(?P<r{i}>{p}){L.b1()}", p))
    # counts of units ("six days", "a week", "seminggu"): not dates
    units = "|".join(_rx(u) for k in UNIT_KEYS for u in L.words(k))
    if units:
        qty = r"\d{1,3}|" + _trie(list(L.words("quantity_words")) + list(L.numbers))
        after = _trie(L.words("duration_after") + L.words("not_duration_after"))
        sp = r"[\s-]*" if (L.unspaced or L.suffixing) else r"[\s-]+"
        i = len(specs)
        specs.append(("skip", 0, L.code))
        p = rf"(?:{qty}){sp}(?:{units})(?:[\s-]+(?:{after}))?"
        parts.append((1, False, L.b0(), rf"(?P<r{i}>{p}){L.b1()}", p))
        for pfx in L.words("duration_prefixes"):
            i = len(specs)
            specs.append(("skip", 0, L.code))
            p = rf"{_lit(pfx)}(?:{units})"
            parts.append((1, False, L.b0(), rf"(?P<r{i}>{p}){L.b1()}", p))
        if L.words("duration_after"):
            dafter = "|".join(_lit(w) for w in L.words("duration_after"))
            i = len(specs)
            specs.append(("skip", 0, L.code))
            p = rf"(?:{units})-?(?:{dafter})"
            parts.append((1, False, L.b0(), rf"(?P<r{i}>{p}){L.b1()}", p))
    parts.sort(key=lambda x: (-x[0], not x[1]))
    return _Dispatch([(b0, body, src, w) for w, _, b0, body, src in parts], re.I), tuple(specs)


@lru_cache(maxsize=64)
def _tables(codes: tuple) -> _Tables:
    langs = tuple(_lang(c) for c in codes)
    month_of: dict = {}
    abbr: set = set()
    caps_free: set = set()
    caps_need: set = set()
    weekday_of: dict = {}
    numbers: dict = {}
    homographs: set = set()
    for L in langs:
        for n, m in list(L.months.items()) + list(L.month_abbr.items()):
            month_of.setdefault(n, m)
            (caps_need if L.caps else caps_free).add(n)
        abbr.update(n for n in L.month_abbr if n not in L.months)
        for n, w in L.weekdays.items():
            weekday_of.setdefault(n, w)
        for n, v in L.numbers.items():
            numbers.setdefault(n, v)
        homographs.update(_norm(w) for w in L.words("weekday_homographs"))
    flags = re.I

    def all_months(L):
        return list(L.months) + list(L.month_abbr)

    months_alt = _names_alt(langs, all_months, True)
    full_alt = _names_alt(langs, lambda L: list(L.months), True, hyphen=True)
    mdy_alt = _names_alt([L for L in langs if L.flag("month_day_order")], all_months, False)
    ord_letters = _trie(w for L in langs for w in L.words("ordinal_suffixes"))
    ordinal = rf"(?:{ord_letters}|[.º°])"
    range_alt = "(?:[-–—]|" + _trie(w for L in langs for w in L.words("range_words")) + ")"
    # a list of days reads as a range from its first day to its last ("21, 22 and 23 October", "21-22-23 Ekim")
    list_words = [w for L in langs for w in L.words("list_words")]
    last_alt = f"(?:{range_alt}|,?\\s*{_trie(list_words)}|,)" if list_words else f"(?:{range_alt}|,)"
    dm_links = _phrases(langs, "day_month_links")
    my_links = _phrases(langs, "month_year_links")
    ysuf = _phrases(langs, "year_suffixes", start=False)
    re_dmy = re.compile(
        rf"(?<![\w.,:/-])(?P<d1>\d{{1,2}}){ordinal}?"
        rf"(?:(?:\s*[-–—,]\s*\d{{1,2}}{ordinal}?(?=\s*[-–—,]|\s*{last_alt}))*\s*{last_alt}\s*(?P<d2>\d{{1,2}}){ordinal}?)?"
        rf"(?:\s+{dm_links})?\s+(?P<mon>{months_alt})(?P<dot>\.)?"
        rf"(?:,?\s+(?:{my_links}\s+)?(?P<y>\d{{4}})(?!\d)(?:\s*{ysuf})?)?", flags)
    re_mdy = re.compile(
        rf"(?<![\w-])(?P<mon>{mdy_alt})(?P<dot>\.)?\s+(?P<d1>\d{{1,2}}){ord_letters}?(?![\d:.,]\d|\d)"
        rf"(?:(?:\s*[,]\s*\d{{1,2}}{ord_letters}?(?=\s*,|\s*{last_alt}))*\s*{last_alt}\s*(?P<d2>\d{{1,2}}){ord_letters}?(?![\d:.,]\d|\d))?"
        rf"(?:,?\s+(?P<y>\d{{4}})(?!\d))?", flags)
    re_my = re.compile(
        rf"(?P<mon>{months_alt})(?P<dot>\.)?,?\s+(?:{my_links}\s+)?(?P<y>\d{{4}})(?!\d)(?:\s*{ysuf})?", flags)
    quals = _phrases(langs, "month_qualifiers", sep=r"\s*")
    cues = _phrases(langs, "month_cues", sep=r"\s+")
    pre_mods = _phrases(langs, "past_before", sep=r"\s+") + "|" + _phrases(langs, "future_before", sep=r"\s+") \
        + "|" + _phrases(langs, "this_before", sep=r"\s+")
    mwords = _phrases(langs, "month_words", sep=r"\s+")
    post_mods = "|".join(_phrases(langs, k) for k in ("past_after", "future_after", "this_after"))
    guard = "" if any(L.unspaced for L in langs) else r"(?<!\w)"  # matches start at a word start
    re_any_month = re.compile(f"{months_alt}|{full_alt}|{mdy_alt}", flags)
    re_month_only = re.compile(
        rf"{guard}(?:(?P<qual>{quals}|{pre_mods})|(?P<cue>{cues}))?(?P<mw>{mwords})?(?P<mon>{full_alt})"
        rf"(?:\s+(?P<post>{post_mods}))?", flags)
    ycues = _phrases(langs, "year_cues", sep=r"\s+")
    ywords = _phrases(langs, "year_words", sep=r"\s+")
    counts = _phrases(langs, "count_nouns")
    re_year = re.compile(
        rf"{guard}(?:(?P<qual>{quals})|(?P<cue>{ycues}))?(?P<yw>{ywords})?(?<![\d.,])(?P<y>1[89]\d\d|20\d\d|2100)(?!\d)"
        rf"(?P<ys>\s*{ysuf})?(?!\s*[-–/]\s*\d)(?![.,]\d)(?!\s*{counts})", flags)
    def wd_end(L):  # German "Montagabend": a part of the day may be glued to the weekday
        pods = L.words("parts_of_day") if L.flag("weekday_compounds") else ()
        return f"(?:{L.b1()}|(?={_trie(pods)}))" if pods and L.b1() else L.b1()

    wd_alt = _names_alt(langs, lambda L: list(L.weekdays), False, end_of=wd_end)
    glued = "|".join(f"{_trie(L.words('parts_of_day'))}(?!\\w)" for L in langs
                     if L.flag("weekday_compounds") and L.words("parts_of_day")) or _NEVER
    pre_alt = "|".join(_phrases(langs, k, sep=r"\s*" if any(L.unspaced or L.suffixing for L in langs) else r"\s+")
                       for k in ("past_before", "future_before", "this_before"))
    post_alt = "|".join(_phrases(langs, k) for k in ("past_after", "future_after", "this_after", "parts_of_day"))
    re_weekday = re.compile(
        rf"{guard}(?P<pre>{pre_alt})?(?P<wd>{wd_alt})(?P<tail>(?:{glued})?(?:\s*(?:{post_alt})){{0,2}})", flags)
    relatives = tuple(_relative(L.code) for L in langs)
    re_range_gap = re.compile(rf"\s*{range_alt}\s*", flags)
    re_pod_after = re.compile(rf"\s*{_phrases(langs, 'parts_of_day')}", flags)
    re_future = re.compile(_phrases(langs, "future_cues", regex=True), flags)
    re_past = re.compile(_phrases(langs, "past_cues", regex=True), flags)
    # durations
    units = []
    unit_parts = []
    for L in langs:
        for k, days in UNIT_KEYS.items():
            for u in L.words(k):
                unit_parts.append(f"(?P<u{len(units)}>{_rx(u)})")
                units.append(days)
    unit_alt = "|".join(unit_parts) or _NEVER
    qty_num = _trie(numbers)
    pfx = _phrases(langs, "duration_prefixes", start=True, end=False)
    not_after = _phrases(langs, "not_duration_after")
    unspaced = any(L.unspaced or L.suffixing for L in langs)
    re_duration = re.compile(
        rf"(?<![\w.,])(?:(?P<n>\d{{1,3}}(?:[.,]\d+)?|{qty_num})[\s-]{'*' if unspaced else '+'}|(?P<se>{pfx}))"
        rf"(?:{unit_alt})(?!\w)(?![\s-]+{not_after})", flags)
    dafter = _phrases(langs, "duration_after", start=False)
    re_duration_long = re.compile(rf"[\s-]*{dafter}", flags)
    long_parts, long_days = [], []
    for L in langs:
        after = "|".join(_lit(w) for w in L.words("duration_after"))
        if after:
            for k, days in UNIT_KEYS.items():
                for u in L.words(k):
                    long_parts.append(rf"{L.b0()}(?P<l{len(long_days)}>(?:{_rx(u)})-?(?:{after})){L.b1()}")
                    long_days.append(days)
    re_unit_long = re.compile("|".join(long_parts) or _NEVER, flags)
    re_duration_before = re.compile(rf"{_phrases(langs, 'duration_before')}\s+$", flags)
    # the rest
    date_words = _phrases(langs, "date_words")
    re_num_context = re.compile(rf"(?:\(|{date_words})\s*$", flags)
    date_patterns = []
    for L in langs:
        for p in L.words("date_patterns"):
            p = _rx(p).replace("MONTH", months_alt)
            date_patterns.append(re.compile(L.b0() + "(?:" + p + ")", flags))
    dom_patterns = tuple(re.compile(L.b0() + "(?:" + _rx(p) + ")", flags)
                         for L in langs for p in L.words("day_of_month"))
    re_then = re.compile(_phrases(langs, "sequence_words"), flags)
    # "and" joining on a clause of its own, not another day ("on Monday and will travel", not "on
    # Monday and Tuesday")
    re_and_clause = re.compile(rf"\s{_phrases(langs, 'list_words')}\s+(?!{wd_alt}|\d)", flags) \
        if list_words else re.compile(_NEVER)
    re_title_before = re.compile(rf"{_phrases(langs, 'weekday_title_before', end=False, fold=False)}\s+$")
    re_title_after = re.compile(rf"\s+{_phrases(langs, 'weekday_title_after', start=False, fold=False)}")
    nums = _num_alt(numbers)
    re_noun_after = re.compile(r"\s+(?:" + (_phrases(langs, "homograph_noun_after", regex=True)) + ")", flags)
    re_noun_before = re.compile(
        r"(?<![\w'’-])(?:" + nums + "|" + _phrases(langs, "homograph_noun_before", regex=True) + r")\s+$", flags)
    re_day_word_before = re.compile(rf"{_phrases(langs, 'day_words')}\s+$", flags)
    re_not_before_rel = re.compile(rf"\s+{_phrases(langs, 'relative_not_before')}", flags)
    lower_only = frozenset(_norm(w) for L in langs for w in L.words("lowercase_only"))

    def mod(key):
        return re.compile(_phrases(langs, key), flags)

    return _Tables(
        langs=langs, month_of=month_of, abbr=frozenset(abbr), caps_needed=frozenset(caps_need - caps_free),
        weekday_of=weekday_of, numbers=numbers, homographs=frozenset(homographs),
        re_dmy=re_dmy, re_mdy=re_mdy, re_my=re_my, re_month_only=re_month_only, re_year=re_year,
        re_weekday=re_weekday, re_any_month=re_any_month, relatives=relatives, re_range_gap=re_range_gap, re_pod_after=re_pod_after,
        re_future=re_future, re_past=re_past, re_duration=re_duration, re_duration_long=re_duration_long,
        re_duration_before=re_duration_before, duration_units=tuple(units), re_unit_long=re_unit_long,
        unit_long_days=tuple(long_days), re_num_context=re_num_context,
        date_patterns=tuple(date_patterns), dom_patterns=dom_patterns, re_then=re_then, re_and_clause=re_and_clause,
        re_title_before=re_title_before, re_title_after=re_title_after, re_noun_after=re_noun_after,
        re_noun_before=re_noun_before, re_day_word_before=re_day_word_before, re_not_before_rel=re_not_before_rel,
        lowercase_only=lower_only, pre_past=mod("past_before"), pre_future=mod("future_before"),
        post_past=mod("past_after"), post_future=mod("future_after"),
        qualifiers=frozenset(_norm(w) for L in langs for w in L.words("month_qualifiers")),
        month_first_regions=frozenset(r.upper() for L in langs for r in L.words("numeric_month_first_regions")),
        order_unsure=frozenset(L.code for L in langs if L.flag("numeric_order_unsure")),
        re_labels_published=re.compile(_phrases(langs, "published_labels"), flags),
        re_labels_updated=re.compile(_phrases(langs, "updated_labels"), flags),
        re_dateline_words=re.compile(_phrases(langs, "dateline_words"), flags),
        re_clock=re.compile(r"(?:" + _phrases(langs, "clock_patterns", regex=True)
                            + r"|(?<!\d)\d{1,2}[:.]\d{2}(?:[:.]\d{2})?(?!\d))", flags),
    )


# --------------------------------------------------------------------------------------------
# Language
# --------------------------------------------------------------------------------------------


@lru_cache(maxsize=256)
def detect_language(text: str) -> str:
    """ISO 639-1 code of the text's language among the packed ones (py3langid, through
    ``itinerary.languages.detect``); "und" when the text is too short to tell."""
    return languages.detect(text) or "und"


_SCRIPTS = (("cyrillic", 0x400, 0x530), ("greek", 0x370, 0x400), ("arabic", 0x600, 0x700),
            ("hangul", 0xAC00, 0xD7B0), ("cjk", 0x3040, 0x3100), ("cjk", 0x4E00, 0xA000))


def _script(text: str) -> str:
    counts: dict[str, int] = {}
    for ch in text[:4000]:
        if not ch.isalpha():
            continue
        o = ord(ch)
        s = "latin" if o < 0x250 else next((n for n, a, b in _SCRIPTS if a <= o < b), "other")
        counts[s] = counts.get(s, 0) + 1
    return max(counts, key=counts.get) if counts else "latin"


@lru_cache(maxsize=64)
def _with_also(code: str) -> tuple:
    out = [code]
    for c in _lang(code).words("also"):
        if languages.has(c) and c not in out:
            out.append(c)
    return tuple(out)


def _active_langs(language: str | None, text: str) -> tuple[tuple, str, bool]:
    """(table language codes, base code, month-first numeric order) for a language argument
    like "id", "en-US"; None = detect. Unknown or undetectable: every pack of the text's script."""
    lang = (language or detect_language(text) or "und").replace("_", "-")
    base = lang.split("-")[0].lower()
    region = lang.split("-")[1].upper() if "-" in lang else ""
    if languages.has(base):
        codes = _with_also(base)
    else:
        script = _script(text)
        codes = tuple(p.code for p in languages.packs() if p.script == script) or ("en",)
    T = _tables(codes)
    return codes, base, bool(region) and region in T.month_first_regions


# --------------------------------------------------------------------------------------------
# Candidates
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Cand:
    start: int
    end: int
    kind: str  # ymd | md | my | month | year | weekday | rel | skip | dom
    prio: int
    y: int | None = None
    m: int | None = None
    d: int | None = None
    y2: int | None = None
    m2: int | None = None
    d2: int | None = None
    wd: int | None = None  # weekday 0..6 (weekday candidates or attached weekday)
    direction: str = ""  # past | future | "" (weekday / month modifiers)
    rel: tuple = ()  # (kind, amount) for relative phrases
    ambiguous: bool = False
    note: str = ""


_PRIO = {"ymd": 0, "md": 0, "dom": 7, "skip": 1, "rel": 2, "weekday": 3, "my": 4, "month": 5, "year": 6}

_RE_ISO = re.compile(r"(?<![\w.,/-])(?P<y>(?:18|19|20|21)\d\d)(?P<sep>[-/.])(?P<m>\d{1,2})(?P=sep)(?P<d>\d{1,2})(?![\d])(?![.,/-]\d)")
_RE_NUM = re.compile(
    r"(?<![\w.,/:+-])(?P<a>\d{1,2})(?P<sep>[/.-])(?P<b>\d{1,2})(?:(?P=sep)(?P<y>\d{4}|\d{2}))?(?![\w/+])(?![.,:/-]\d)")
_DAY_BEFORE = re.compile(r"\d\.?\s*$")
# What a sentence must hold for some patterns to match in it (_collect): a digit (the day of
# re_dmy and re_mdy, _RE_NUM), four of them (the year of _RE_ISO, re_my and re_year).
_ANY_DIGIT = re.compile(r"\d")
_FOUR_DIGITS = re.compile(r"\d{4}")
_WORD_BEFORE = re.compile(r"([^\W\d_]+)[\s,]*\(?\s*$")
# a day of the month right after a weekday: "miércoles 25", "quarta-feira (25)", "Wednesday 25th"
# (not a time, a figure or a date that goes on: "Monday 25.5", "Friday 10:30", "sábado 14/3")
_WD_DAY_AFTER = re.compile(
    r"[ \t\u00a0]*(?:(?P<p>\()[ \t]*)?(?P<d>\d{1,2})(?:st|nd|rd|th|er|º|ª|-?(?:го|е|ого))?(?(p)[ \t]*\))"
    r"(?![\d%°]|[.,:/-]\d|[ \t]*(?:h\b|[hH]\d|%))")


def _valid(y: int | None, m: int, d: int) -> bool:
    if not (1 <= m <= 12 and 1 <= d <= 31):
        return False
    if y is not None and not (1 <= y <= 9999):
        return False
    return d <= calendar.monthrange(y if y else 2000, m)[1]  # 2000: leap, so 29 Feb passes without a year


def _year4(s: str | None) -> int | None:
    if not s:
        return None
    y = int(s)
    if len(s) == 2:
        y += 2000 if y < 70 else 1900
    return y


def _name_value(T: _Tables, word: str, table: str) -> int | None:
    """Month (1..12) or weekday (0..6) of a matched name: an exact CLDR or pack name, else (months
    of inflected languages) a form with the Snowball stem of one."""
    n = _norm(word).rstrip(".")
    src = T.month_of if table == "month" else T.weekday_of
    v = src.get(n)
    if v is not None:
        if table == "month" and n in T.caps_needed and not word[:1].isupper():
            return None
        return v
    if table == "month":
        low = word.translate(_APOS).rstrip(".")
        for L in T.langs:
            if L.month_stems:
                v = L.month_stems.get(_stem(low, L.stemmer))
                if v is not None:
                    return v
    return None


def _is_inflected_form(T: _Tables, word: str) -> bool:
    n = _norm(word).rstrip(".")
    return n not in T.month_of and _name_value(T, word, "month") is not None


@lru_cache(maxsize=64)
def _collected(text: str, s0: int, s1: int, codes: tuple, us: bool, base: str) -> tuple[_Cand, ...]:
    """`_collect` remembered for the last spans: a sentence's dates are read twice when it announces
    a move (as told and as upcoming), and the candidates do not depend on that reading."""
    return tuple(_collect(text, s0, s1, _tables(codes), us, base))


def _collect(text: str, s0: int, s1: int, T: _Tables, us: bool, base: str) -> list[_Cand]:
    seg = text[s0:s1]
    out: list[_Cand] = []
    add = out.append
    # Patterns that need a digit, four digits or a month name are not run over a sentence that has
    # none (each costs a pass over the sentence; most sentences have no date). The tests below are
    # necessary conditions of a match, so the candidates are the same.
    digit = _ANY_DIGIT.search(seg) is not None
    year = digit and _FOUR_DIGITS.search(seg) is not None
    month = T.re_any_month.search(seg) is not None

    for m in (_RE_ISO.finditer(seg) if year else ()):
        y, mo, d = int(m["y"]), int(m["m"]), int(m["d"])
        if _valid(y, mo, d):
            add(_Cand(s0 + m.start(), s0 + m.end(), "ymd", 0, y, mo, d))

    for m in (_RE_NUM.finditer(seg) if digit else ()):
        a, b, sep, ys = int(m["a"]), int(m["b"]), m["sep"], m["y"]
        a0 = s0 + m.start()
        y = _year4(ys)
        if sep in ".-" and not (ys and len(ys) == 4):
            continue  # 18.30, 3-1, 2.5: clock times, scores, decimals
        if not ys or len(ys) == 2:
            before = text[max(0, a0 - 40):a0]
            wd_before = _WORD_BEFORE.search(before)
            ctx = bool(T.re_num_context.search(before)) or (
                wd_before is not None and _norm(wd_before.group(1)) in T.weekday_of)
            if not ctx:
                continue
        note, amb = "", False
        if us and _valid(y, a, b) and a <= 12:
            day, mon = b, a
            note = "month/day order (region)"
        elif _valid(y, b, a):
            day, mon = a, b
            if base in T.order_unsure and not us and a <= 12 and b <= 12 and a != b:
                amb = True
                note = f"day/month assumed; month/day would be {y or '????'}-{a:02d}-{b:02d}"
        elif _valid(y, a, b):
            day, mon = b, a
            note = "month/day order forced by the numbers"
        else:
            continue
        add(_Cand(a0, s0 + m.end(), "md" if y is None else "ymd", 0, y, mon, day, ambiguous=amb, note=note))

    for rx in T.date_patterns:
        for m in rx.finditer(seg):
            g = m.groupdict()
            if g.get("mon"):
                mon = _name_value(T, g["mon"], "month")
            elif g.get("m"):
                mon = int(g["m"])
            else:
                mon = None
            if mon is None or not 1 <= mon <= 12:
                continue
            y = int(g["y"]) if g.get("y") else None
            if y is not None and not (1800 <= y <= 2100):
                continue
            if g.get("d"):
                d = int(g["d"])
                d2 = int(g["d2"]) if g.get("d2") else None
                if not _valid(y, mon, d) or (d2 is not None and (not _valid(y, mon, d2) or d2 <= d)):
                    continue
                add(_Cand(s0 + m.start(), s0 + m.end(), "ymd" if y else "md", 0, y, mon, d,
                          y2=y if d2 else None, m2=mon if d2 else None, d2=d2))
            elif y is not None:
                add(_Cand(s0 + m.start(), s0 + m.end(), "my", _PRIO["my"], y, mon))

    for rx in T.dom_patterns:
        for m in rx.finditer(seg):
            d = int(m["d"])
            if 1 <= d <= 31:
                add(_Cand(s0 + m.start(), s0 + m.end(), "dom", _PRIO["dom"], d=d))

    for m in (T.re_dmy.finditer(seg) if digit and month else ()):
        mon = _name_value(T, m["mon"], "month")
        if mon is None:
            continue
        d1 = int(m["d1"])
        d2 = int(m["d2"]) if m["d2"] else None
        y = int(m["y"]) if m["y"] else None
        if y is not None and not (1800 <= y <= 2100):
            y = None
        if not _valid(y, mon, d1) or (d2 is not None and (not _valid(y, mon, d2) or d2 <= d1)):
            continue
        e = m.end() if y is not None else m.end("mon")
        if y is None and m["dot"] and _norm(m["mon"]) in T.abbr:
            e = m.end("dot")
        add(_Cand(s0 + m.start(), s0 + e, "ymd" if y else "md", 0, y, mon, d1,
                  y2=y if d2 else None, m2=mon if d2 else None, d2=d2))

    for m in (T.re_mdy.finditer(seg) if digit and month else ()):
        mon = _name_value(T, m["mon"], "month")
        if mon is None:
            continue
        d1 = int(m["d1"])
        d2 = int(m["d2"]) if m["d2"] else None
        y = int(m["y"]) if m["y"] else None
        if y is not None and not (1800 <= y <= 2100):
            y = None
        if not _valid(y, mon, d1) or (d2 is not None and (not _valid(y, mon, d2) or d2 <= d1)):
            continue
        e = m.end() if y is not None else m.end()
        if y is None and m["y"]:
            e = m.end("d2") if d2 else m.end("d1")
        add(_Cand(s0 + m.start(), s0 + e, "ymd" if y else "md", 0, y, mon, d1,
                  y2=y if d2 else None, m2=mon if d2 else None, d2=d2))

    for m in (T.re_my.finditer(seg) if year and month else ()):
        mon = _name_value(T, m["mon"], "month")
        y = int(m["y"])
        if mon is None or not (1800 <= y <= 2100):
            continue
        add(_Cand(s0 + m.start(), s0 + m.end(), "my", _PRIO["my"], y, mon))

    for m in (T.re_month_only.finditer(seg) if month else ()):
        if not (m["qual"] or m["cue"] or m["mw"] or m["post"] or _is_inflected_form(T, m["mon"])):
            continue
        if not (m["qual"] or m["cue"] or m["mw"]) and _DAY_BEFORE.search(seg, max(0, m.start() - 8), m.start()):
            continue  # "28 Desember lalu": a day-month date
        mon = _name_value(T, m["mon"], "month")
        if mon is None:
            continue
        qual = m["qual"] or ""
        direction = ""
        if qual and T.pre_past.fullmatch(qual.strip()):
            direction = "past"
        elif qual and T.pre_future.fullmatch(qual.strip()):
            direction = "future"
        post = m["post"] or ""
        if post and T.post_past.fullmatch(post):
            direction = "past"
        elif post and T.post_future.fullmatch(post):
            direction = "future"
        st = m.start("qual") if qual else m.start("mon")
        en = m.end() if post else m.end("mon")
        q = _norm(qual).rstrip("-")
        note = f"{qual.strip()} (part of the month)" if q and (q in T.qualifiers or q + "-" in T.qualifiers) else ""
        add(_Cand(s0 + st, s0 + en, "month", _PRIO["month"], None, mon, direction=direction, note=note))

    for m in (T.re_year.finditer(seg) if year else ()):
        if not (m["qual"] or m["cue"] or m["yw"] or m["ys"]):
            continue
        if m["qual"]:
            st = m.start("qual")
        elif m["yw"]:
            st = m.start("yw")  # "pada tahun 1948" -> "tahun 1948"
        else:
            st = m.start("y")
        add(_Cand(s0 + st, s0 + m.end(), "year", _PRIO["year"], int(m["y"]), note=(m["qual"] or "").strip().lower()))

    for m in T.re_weekday.finditer(seg):
        c = _weekday_cand(text, s0, m, T)
        if c is not None:
            add(c)

    for m, (kind, amount, lang) in _relative_matches(T, text, s0, s1):
        word = m.group(0)
        a = m.start()
        if kind != "skip":
            low = _norm(word)
            if low.split(" ")[0] in T.lowercase_only and word[:1].isupper():
                continue  # German "Morgen" = morning, "morgen" = tomorrow
            if word[:1].isupper() and " " not in low and _capitalised_before(text, a):
                continue  # inside a name written in capitals: "Russia Today", "USA Today"
            if T.re_not_before_rel.match(text, m.end()):
                continue  # "next day delivery": an attribute
        if isinstance(amount, str):
            n = _number(m.group(f"n{m.lastgroup[1:]}"), T.numbers)
            if n is None:
                continue
            amount = n if amount[0] == "+" else -n
        add(_Cand(a, m.end(), "skip" if kind == "skip" else "rel", _PRIO["skip" if kind == "skip" else "rel"],
                  rel=(kind, amount)))
    return out


def _capitalised_before(text: str, a: int) -> bool:
    """The word before `a` (same line, no punctuation between) starts with a capital letter."""
    mt = re.search(r"(?<![\w.])([^\W\d_][\w'’-]*[^\W\d_])[ \t]+$", text[max(0, a - 40):a])
    return bool(mt) and mt.group(1)[0].isupper()


def _relative_matches(T: _Tables, text: str, a: int, b: int):
    """(match, (kind, amount, code)) of every language's relative phrases in text[a:b] (the
    languages' matches may overlap; _select keeps the longest)."""
    for disp, specs in T.relatives:
        for m in disp.finditer(text, a, b):
            yield m, specs[int(m.lastgroup[1:])]


def _number(s: str | None, numbers: dict) -> int | None:
    if not s:
        return None
    s = _norm(s)
    if s.isdigit():
        return int(s)
    return numbers.get(s)


def _weekday_cand(text: str, s0: int, m: re.Match, T: _Tables) -> _Cand | None:
    name = m["wd"]
    wd = _name_value(T, name, "weekday")
    if wd is None:
        return None
    a = s0 + m.start()
    w0, w1 = s0 + m.start("wd"), s0 + m.end("wd")
    after = text[w1:w1 + 40]
    before = text[max(0, w0 - 40):w0]
    if _norm(name) in T.homographs:
        dated = re.match(r"[\s,]*\(?\s*\d{1,2}\s*[/ ]", after) is not None
        if not dated:
            if T.re_day_word_before.search(before):
                pass  # "hari Minggu" is Sunday
            elif T.re_noun_after.match(after) or T.re_noun_before.search(before):
                return None
            elif name.islower():
                return None
    if T.re_title_before.search(text[max(0, a - 30):a]) or T.re_title_after.match(after):
        return None  # "Good Friday", "Super Tuesday", "Sunday Times"
    pre = (m["pre"] or "").strip()
    tail = (m["tail"] or "").strip()
    direction = ""
    if pre and T.pre_past.fullmatch(pre):
        direction = "past"
    elif pre and T.pre_future.fullmatch(pre):
        direction = "future"
    for mt in T.post_past.finditer(tail):
        direction = "past"
    for mt in T.post_future.finditer(tail):
        direction = "future"
    day = _WD_DAY_AFTER.match(text, s0 + m.end())
    if day and 1 <= int(day["d"]) <= 31 and not tail and not T.re_dmy.match(text, day.start("d")):
        # "el miércoles 25", "mercredi 25", "quarta-feira (25)", "Wednesday 25th": the day of the month
        # the weekday names (a month after it makes a full date, read apart: "mercoledì 17 giugno")
        return _Cand(a, day.end(), "dom", _PRIO["weekday"], d=int(day["d"]), wd=wd, direction=direction)
    return _Cand(a, s0 + m.end(), "weekday", _PRIO["weekday"], wd=wd, direction=direction)


def _select(cands: list[_Cand]) -> list[_Cand]:
    """Longest candidates first (then by kind priority); drop those overlapping a kept one.

    The kept candidates do not overlap, so, in start order, their ends increase too: the only one
    that can overlap a candidate is the last kept one starting before the candidate's end (a
    binary search, not a pass over all kept ones: a whole article's dates made that quadratic)."""
    starts: list[int] = []  # of the kept non-empty candidates, in start order
    ends: list[int] = []
    empty: list[_Cand] = []  # a kept empty candidate overlaps nothing and blocks only what strictly holds it
    kept: list[_Cand] = []
    for c in sorted(cands, key=lambda c: (-(c.end - c.start), c.prio, c.start)):
        i = bisect_left(starts, c.end)  # kept[:i] start before c ends
        if i and ends[i - 1] > c.start:
            continue
        if any(c.start < k.start < c.end for k in empty):
            continue
        kept.append(c)
        if c.end > c.start:
            j = bisect_left(starts, c.start)
            starts.insert(j, c.start)
            ends.insert(j, c.end)
        else:
            empty.append(c)
    kept.sort(key=lambda c: c.start)
    return kept


_GAP_WD_DATE = re.compile(r"[\s,]*(?:\(\s*)?$")
_CLOSE_PAREN = re.compile(r"\s*\)")


def _merge(text: str, cands: list[_Cand], T: _Tables, s1: int) -> list[_Cand]:
    """Join weekday + date ("Minggu (17/9/2023)") and date - date ranges ("30 Agustus - 2 September")."""
    out: list[_Cand] = []
    i = 0
    n = len(cands)
    while i < n:
        c = cands[i]
        nxt = cands[i + 1] if i + 1 < n else None
        if c.kind == "weekday" and nxt is not None and nxt.kind in ("ymd", "md") and nxt.d2 is None:
            gap = text[c.end:nxt.start]
            if len(gap) <= 4 and _GAP_WD_DATE.fullmatch(gap) is not None and not c.direction:
                end = nxt.end
                if "(" in gap:
                    cp = _CLOSE_PAREN.match(text, end, s1)
                    if cp:
                        end = cp.end()
                pod = T.re_pod_after.match(text, end, s1)
                if pod:
                    end = pod.end()
                c = replace(nxt, start=c.start, end=end, wd=c.wd)
                i += 1
        elif c.kind in ("ymd", "md") and c.d2 is None and nxt is not None and nxt.kind in ("ymd", "md") and nxt.d2 is None:
            gap = text[c.end:nxt.start]
            if T.re_range_gap.fullmatch(gap) and nxt.start - c.end <= 12:
                y1 = c.y
                if y1 is None and nxt.y is not None:
                    y1 = nxt.y if (c.m, c.d) <= (nxt.m, nxt.d) else nxt.y - 1
                if _valid(y1, c.m, c.d):
                    c = replace(c, end=nxt.end, kind="ymd" if y1 and nxt.y else "md", y=y1,
                                y2=nxt.y, m2=nxt.m, d2=nxt.d)
                    i += 1
        elif c.kind in ("ymd", "md") and nxt is not None and nxt.kind == "weekday" and not nxt.direction:
            # "Sept. 17 (Sunday)", "12 September 2023, Selasa": the weekday checks the date
            gap = text[c.end:nxt.start]
            if _GAP_WD_DATE.fullmatch(gap) and len(gap) <= 3:
                end = nxt.end
                if "(" in gap:
                    cp = _CLOSE_PAREN.match(text, end, s1)
                    if cp:
                        end = cp.end()
                c = replace(c, end=end, wd=nxt.wd)
                i += 1
        out.append(c)
        i += 1
    return out


# --------------------------------------------------------------------------------------------
# Resolution
# --------------------------------------------------------------------------------------------

_WD_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


# In a language whose verbs show tense ([dates] tense_marked), a bare weekday in a sentence with no
# past or future cue at all (a present tense: "continue their visit in Sydney on Tuesday", "Ankunft
# Sonntagmorgen") names the past day unless that is this far back and the coming one this near:
# such a present is a timetable. Tenseless languages (Indonesian "tiba pada Selasa") keep the past.
NEAREST_PAST_DAYS = 5
NEAREST_FUTURE_DAYS = 2


def resolve_weekday(weekday: int, reference: date, future: bool = False, strict: bool = False) -> date:
    """The date of `weekday` (0 = Monday) nearest to `reference`.

    Past reading (default): on or before the reference, within the 6 days before it.
    Future reading: on or after it, within the 6 days after. Either way the reference's own
    weekday is the reference day. `strict` excludes the reference day itself ("last Tuesday"
    said on a Tuesday is a week before). Raises OverflowError if that day is outside the calendar
    (before 0001-01-01 or after 9999-12-31); `find_dates` drops such an expression.
    """
    if future:
        delta = (weekday - reference.weekday()) % 7
        if strict and delta == 0:
            delta = 7
        return reference + timedelta(days=delta)
    delta = (reference.weekday() - weekday) % 7
    if strict and delta == 0:
        delta = 7
    return reference - timedelta(days=delta)


def _closest_year(m: int, d: int, reference: date, wd: int | None) -> tuple[int | None, str]:
    options = []
    for y in (reference.year - 1, reference.year, reference.year + 1):
        if _valid(y, m, d):
            dt = date(y, m, d)
            if wd is None or dt.weekday() == wd:
                options.append((abs((dt - reference).days), y))
    if not options:
        if wd is not None:
            y, note = _closest_year(m, d, reference, None)
            return y, note + "; weekday does not match"
        return None, "invalid day"
    return min(options)[1], "year from reference"


def _future_hint(text: str, start: int, end: int, T: _Tables) -> tuple[bool, str]:
    """Does the sentence read as future here? The nearest tense cue before wins (future on a tie,
    so "is expected" beats its "-ed"); with none before, a future cue just after ("On Tuesday,
    Biden will ...") counts unless a past cue comes first."""
    s, e = sentence_at(text, start)
    window = text[max(s, start - 200):start]
    best: tuple[int, int, str] | None = None  # (end, is_future, word)
    for rx, fut in ((T.re_future, 1), (T.re_past, 0)):
        for m in rx.finditer(window):
            cand = (m.end(), fut, m.group(0))
            if best is None or cand[:2] > best[:2]:
                best = cand
    if best is not None:
        return bool(best[1]), best[2]
    after = text[end:min(e, end + 30)]
    after = re.split(r"[,;，；、]", after, maxsplit=1)[0]  # the weekday's own clause only
    joined = T.re_and_clause.search(after)  # ("tiba di Oslo pada Senin dan akan ke Bergen": "akan" is the next clause's)
    if joined:
        after = after[:joined.start()]
    fm = T.re_future.search(after)
    if fm and T.re_past.search(after, 0, fm.start()) is None:
        return True, fm.group(0)
    return False, ""


def _week_bounds(ref: date, weeks: int) -> tuple[date, date]:
    monday = ref - timedelta(days=ref.weekday()) + timedelta(weeks=weeks)
    return monday, monday + timedelta(days=6)


def _add_months(y: int, m: int, k: int) -> tuple[int, int]:
    i = y * 12 + (m - 1) + k
    return i // 12, i % 12 + 1


def _resolve(text: str, c: _Cand, reference: date | None, T: _Tables, future: bool | None,
             anchor: date | None, clock: date | None = None) -> DateRef:
    t = text[c.start:c.end]
    mk = lambda **kw: DateRef(start=c.start, end=c.end, text=t, **kw)  # noqa: E731
    if c.kind in ("ymd", "md"):
        note = c.note
        amb = c.ambiguous
        y = c.y
        basis = "explicit"
        if y is None:
            basis = "partial"
            if reference is None:
                return mk(value=None, basis=basis, note="no year and no reference date")
            y, how = _closest_year(c.m, c.d, reference, c.wd)
            if y is None:
                return mk(value=None, basis=basis, note=how)
            note = "; ".join(x for x in (note, how) if x)
        value = date(y, c.m, c.d)
        value_end = None
        if c.d2 is not None:
            y2 = c.y2 if c.y2 is not None else (y if (c.m2, c.d2) >= (c.m, c.d) else y + 1)
            if _valid(y2, c.m2, c.d2):
                value_end = date(y2, c.m2, c.d2)
        if c.wd is not None and value.weekday() != c.wd:
            amb = True
            note = "; ".join(x for x in (note, f"weekday {_WD_NAMES[c.wd]} does not match {value.isoformat()}") if x)
        return mk(value=value, value_end=value_end, basis=basis, ambiguous=amb, note=note)
    if c.kind == "my":
        return mk(value=date(c.y, c.m, 1), precision="month")
    if c.kind == "dom":
        if reference is None:
            return mk(value=None, basis="partial", note="day of month only; no reference date")
        # the month of the story's clock when one is given ("il 14 e 15 settembre ... la mattina del 14"),
        # else of the reference date
        base = clock or reference
        options = []
        for k in (-1, 0, 1):
            y, mo = _add_months(base.year, base.month, k)
            if _valid(y, mo, c.d):
                dt = date(y, mo, c.d)
                # (a weekday told with it picks the month where the day falls on it)
                options.append((c.wd is not None and dt.weekday() != c.wd, abs((dt - base).days), dt))
        if c.wd is not None and options and all(o[0] for o in options):
            note = f"weekday {_WD_NAMES[c.wd]} does not fall on day {c.d} of a month near {base.isoformat()}"
            return mk(value=min(options)[2], basis="partial", ambiguous=True, note=note)
        if not options:
            return mk(value=None, basis="partial", note="invalid day of month")
        return mk(value=min(options)[2], basis="partial",
                  note="day of month only; month from " + ("the story's previous date" if clock else "reference"))
    if c.kind == "year":
        return mk(value=date(c.y, 1, 1), precision="year", note=c.note)
    if c.kind == "month":
        if reference is None:
            return mk(value=None, precision="month", basis="partial", note="no year and no reference date")
        if c.direction:
            fut = c.direction == "future"
        elif future is not None:
            fut = future
        else:
            fut = _future_hint(text, c.start, c.end, T)[0]
        y = reference.year
        if fut and c.m < reference.month:
            y += 1
        elif not fut and c.m > reference.month:
            y -= 1
        if c.direction == "past" and c.m == reference.month:
            y -= 1
        if c.direction == "future" and c.m == reference.month:
            y += 1
        note = "; ".join(x for x in (c.note, "next such month" if fut else "most recent such month") if x)
        return mk(value=date(y, c.m, 1), precision="month", basis="partial", note=note)
    if c.kind == "weekday":
        if reference is None:
            return mk(value=None, basis="weekday", note=f"{_WD_NAMES[c.wd]}; no reference date")
        if c.direction:
            fut, why = c.direction == "future", f"modifier ({c.direction})"
            value = resolve_weekday(c.wd, reference, fut, strict=True)
            return mk(value=value, basis="weekday", note=f"{_WD_NAMES[c.wd]}: {why}")
        if future and clock is not None and clock > reference:
            # an announced sequence whose clock has run past the report ("samedi à Hanoï ... lundi à
            # Jakarta ... jeudi à Kuala Lumpur"): the first such day on or after the story's last date
            return mk(value=resolve_weekday(c.wd, clock, True), basis="weekday",
                      note=f"{_WD_NAMES[c.wd]}: upcoming, on or after the story's previous date {clock.isoformat()}")
        if c.wd == reference.weekday():
            return mk(value=reference, basis="weekday",
                      note=f"{_WD_NAMES[c.wd]}: the reference date's own weekday")
        if future is not None:
            fut, why = future, "future hint" if future else "past hint"
        else:
            fut, cue = _future_hint(text, c.start, c.end, T)
            why = f"future cue '{cue}'" if fut else "past (default)"
            if not fut and not cue and T.langs and T.langs[0].flag("tense_marked") \
                    and T.re_past.search(text, c.end, sentence_at(text, c.start)[1]) is None \
                    and (reference - resolve_weekday(c.wd, reference)).days >= NEAREST_PAST_DAYS \
                    and (resolve_weekday(c.wd, reference, True) - reference).days <= NEAREST_FUTURE_DAYS:
                fut, why = True, "nearest reading (no tense cue; the past one is most of a week back)"
        value = resolve_weekday(c.wd, reference, fut)
        other = resolve_weekday(c.wd, reference, not fut)
        note = f"{_WD_NAMES[c.wd]}: {why}; {'past' if fut else 'future'} reading {other.isoformat()}"
        return mk(value=value, basis="weekday", note=note)
    # relative
    kind, amount = c.rel
    if kind == "anaphor":
        if anchor is None:
            return mk(value=None, basis="relative", note=f"relative to an earlier date ({amount:+d} days); none found")
        return mk(value=anchor + timedelta(days=amount), basis="relative",
                  note=f"{amount:+d} days from {anchor.isoformat()} {NARRATIVE_NOTE}")
    if reference is None:
        return mk(value=None, basis="relative", note="relative; no reference date")
    if kind == "day":
        return mk(value=reference + timedelta(days=amount), basis="relative", note=f"{amount:+d} days from reference")
    if kind == "night":
        return mk(value=reference + timedelta(days=amount), basis="relative",
                  note="the night before the reference date (may run into the reference date)")
    if kind == "week":
        a, b = _week_bounds(reference, amount)
        return mk(value=a, value_end=b, precision="week", basis="relative", note=f"calendar week {amount:+d}")
    if kind == "weeks":
        return mk(value=reference + timedelta(weeks=amount), precision="week", basis="relative",
                  note=f"{amount:+d} weeks from reference")
    if kind == "weekend":
        a, _ = _week_bounds(reference, amount)
        return mk(value=a + timedelta(days=5), value_end=a + timedelta(days=6), basis="relative",
                  note=f"weekend of calendar week {amount:+d}")
    if kind == "month":
        y, m = _add_months(reference.year, reference.month, amount)
        return mk(value=date(y, m, 1), precision="month", basis="relative", note=f"{amount:+d} months from reference")
    if kind == "year":
        return mk(value=date(reference.year + amount, 1, 1), precision="year", basis="relative",
                  note=f"{amount:+d} years from reference")
    return mk(value=None, basis="relative", note=kind)


# --------------------------------------------------------------------------------------------
# Public API
# --------------------------------------------------------------------------------------------


def _anchor_of(r: DateRef) -> date | None:
    """The day a following "the next day" counts from: a day-precise date (a range's last day)."""
    if r.value is None or r.precision != "day":
        return None
    return r.value_end or r.value


NARRATIVE_NOTE = "(previous date in the narrative)"


def counts_from_narrative(d: DateRef) -> bool:
    """The date counts days from the story's previous date ("the next day", "másnap", "keesokan
    harinya"), not from the report's ("yesterday", "last night")."""
    return d.basis == "relative" and d.note.endswith(NARRATIVE_NOTE)


def find_dates(text: str, reference: date | None, language: str | None = None, start: int = 0,
               end: int | None = None, *, future: bool | None = None,
               anchor: date | None = None) -> list[DateRef]:
    """Every date expression in text[start:end], resolved against `reference` (the document date).

    Offsets are into `text`. `language`: ISO code ("id", "en", "en-US", ...); None = detect from
    the whole text. `future`: how bare weekdays and bare months read (True = upcoming, False =
    past); None = decide per sentence from tense cues. The note says which was used and gives the
    other reading for weekdays. `anchor`: the date anaphoric phrases ("the next day", "keesokan
    harinya") count from when no day-precise date precedes them in the text (up to 1500
    characters before `start`): the previous event's date, say.
    """
    end = len(text) if end is None else min(end, len(text))
    start = max(0, start)
    if start >= end:
        return []
    codes, base, us = _active_langs(language, text)
    T = _tables(codes)
    clock = anchor  # the story's date before this span, as given: not moved by dates read inside it
    cands = _merge(text, _select(_collected(text, start, end, codes, us, base)), T, end)
    out: list[DateRef] = []
    need_anchor = any(c.kind == "rel" and c.rel[0] == "anaphor" for c in cands)
    if need_anchor and start > 0:
        # the earlier text keeps its own tense: a reading forced on this span ("talks are planned for
        # Thursday") must not move the date an anaphor counts from ("le lendemain")
        prior = find_dates(text, reference, language, max(0, start - 1500), start, anchor=anchor)
        given = anchor
        for r in prior:
            anchor = _anchor_of(r) or anchor
        if given is not None and anchor is not None and given > anchor:
            # the caller's clock has run past the text's last date (a statement's "today", a report
            # date): the story counts on from its clock
            anchor = given
    for c in cands:
        if c.kind == "skip":
            continue
        try:
            r = _resolve(text, c, reference, T, future, anchor, clock)
        except (OverflowError, ValueError):
            continue  # the arithmetic left the calendar (year 1 minus a day, 9999 plus one): no date
        anchor = _anchor_of(r) or anchor
        out.append(r)
    return _in_sequence(text, out, T, reference if future is None else None)


def _in_sequence(text: str, refs: list[DateRef], T: _Tables, reference: date | None = None) -> list[DateRef]:
    """A bare weekday told after an earlier date with "then/before/avant de" between them is not
    before that date: "Mardi, il s'est rendu au Parlement avant de partir mercredi" is the next
    day, not last Wednesday. Nor is one told after a date still ahead of the report, with no past
    tense between them: the sequence of a schedule goes forwards ("lands in Mexico City on
    Wednesday and ends the tour in Panama on Saturday", "Erste Station ist am 23. September
    Belgrad; am Donnerstag folgt Sarajevo"; `reference` None: the caller forced a reading, this
    rule stays out of it)."""
    out = list(refs)
    for i in range(1, len(out)):
        r, prev = out[i], out[i - 1]
        if not (r.basis == "weekday" and r.value and prev.value and r.value < prev.value):
            continue
        try:
            if (prev.value - r.value).days < 7 and T.re_then.search(text, prev.end, r.start):
                out[i] = replace(r, value=r.value + timedelta(days=7),
                                 note=f"the day after {prev.text!r} in the sentence's sequence")
            elif reference is not None and prev.value > reference and prev.precision == "day" \
                    and "modifier" not in r.note and T.re_past.search(text, prev.end, r.end) is None:
                out[i] = replace(r, value=resolve_weekday(r.value.weekday(), prev.value, True),
                                 note=f"upcoming, on or after {prev.text!r}, told before it in the schedule")
        except OverflowError:
            pass
    return out


# --------------------------------------------------------------------------------------------
# The document's own date
# --------------------------------------------------------------------------------------------

_HEAD_CHARS = 800  # a date line "near the top": starts within this many characters of the body
_HEAD_LINES = 8  # ... and among its first non-empty lines
_TAIL_LINES = 3  # "at the very end": among the last non-empty lines
_MAX_LINE = 160  # a longer line is prose, not a date line
_SEPARATORS = re.compile(r"[\s,;|/•·:()\[\]\-–—]+")
# A short lead before the date on its line: the source or the place ("Kompas.com - ", "MOSKOW, ").
_LEAD = re.compile(r"\s*[^\W\d_][\w.&'’ -]{0,40}?\s*(?:,|\s[-–—|])\s*")
_DASH_AFTER = re.compile(r"\s*(?:\([^)]*\)\s*)?[-–—]")


def _lead(s: str, a: int, b: int) -> bool:
    """s[a:b] is a short lead of a date line: a source or a place, capitalised words with at most one
    lower-case word ("Kompas.com - ", "MOSKOW, ", "TEMPO.CO, Jakarta - "), not a clause ("Presiden
    tiba di Balikpapan pada Rabu, 16 Oktober 2024" is a sentence that ends with its date)."""
    return bool(_LEAD.fullmatch(s, a, b)) and sum(w[:1].islower() for w in s[a:b].split()) <= 1


def _blank(s: str, rx: re.Pattern) -> str:
    return rx.sub(lambda mt: " " * len(mt.group(0)), s)


def _date_line(text: str, r: DateRef, refs: list[DateRef], T: _Tables) -> str | None:
    """If r's line is a date line, its label kind ("published", "updated", "" none, "lead"
    for a source or place before the date), else None."""
    ls, le = _line_bounds(text, r.start, r.end)
    cut = r.start - ls
    if _lead(text, ls, r.start) and _DASH_AFTER.match(text, r.end, le):
        return "lead"  # "MOSKOW, 14 September 2023 - Putin ...": a place dateline opening the story
    if le - ls > _MAX_LINE:
        return None
    chars = list(text[ls:le])
    for o in refs:
        if ls <= o.start and o.end <= le and (o is r or o.basis == "weekday"):
            chars[o.start - ls:o.end - ls] = " " * (o.end - o.start)
    rest = "".join(chars)
    kind = "published" if T.re_labels_published.search(rest) else "updated" if T.re_labels_updated.search(rest) else ""
    for rx in (T.re_labels_published, T.re_labels_updated, T.re_clock, T.re_dateline_words):
        rest = _blank(rest, rx)
    if not _SEPARATORS.sub("", rest):
        return kind
    if _lead(rest, 0, cut) and not _SEPARATORS.sub("", rest[cut:]):
        return kind or "lead"  # "Kompas.com - 12/09/2023, 10:15 WIB"
    return None


def _line_bounds(text: str, a: int, b: int) -> tuple[int, int]:
    ls = text.rfind("\n", 0, a) + 1
    le = text.find("\n", b)
    return ls, (len(text) if le < 0 else le)


def document_date(text: str, body_start: int = 0, language: str | None = None) -> DateRef | None:
    """The document's own date when it has no front-matter date.

    1. Its date line: a line near the top of the body (its first lines) or at its very end that
       is a full date and little else: a weekday, a clock time and zone, a label from the pack
       ("Published", "Diterbitkan", "Publié le", "Опубликовано"), or a short source or place
       before it ("Selasa, 12 September 2023 11:54 WIB", "Published 2 Dec 2024", "12/09/2023,
       10:15", "MOSKOW, 14 September 2023 - ..."). A "published" line beats an unlabelled one,
       which beats an "updated" one; the top beats the end. Basis "explicit".
    2. Else the first full (day-month-year) date in the body, with basis "text": it is only the
       first date the text mentions, not a publication date.
    None otherwise. The note says which rule applied. `language`: the document's language code
    when known (front matter); None = detect it from the body.
    """
    body = text[body_start:]
    lang = language or (detect_language(body) if body.strip() else "und")
    codes, _, _ = _active_langs(lang, body)
    T = _tables(codes)
    refs = find_dates(text, None, lang, body_start, len(text))
    found = [r for r in refs if r.value is not None and r.precision == "day" and r.basis == "explicit"
             and r.value_end is None]
    if not found:
        return None
    lines = []  # starts of the body's non-empty lines
    pos = body_start
    for line in body.split("\n"):
        if line.strip():
            lines.append(pos)
        pos += len(line) + 1
    head = {a for a in lines[:_HEAD_LINES] if a < body_start + _HEAD_CHARS}
    tail = set(lines[-_TAIL_LINES:])
    rank = {"published": 0, "": 1, "lead": 1, "updated": 2}
    best = None
    for r in found:
        ls = text.rfind("\n", 0, r.start) + 1
        ls = max(ls, body_start)
        where = 0 if ls in head else 1 if ls in tail else None
        if where is None:
            continue
        kind = _date_line(text, r, refs, T)
        if kind is None:
            continue
        score = (rank[kind], where, r.start)
        if best is None or score < best[0]:
            best = (score, r, kind, where)
    if best is not None:
        _, r, kind, where = best
        what = {"published": "publication date line", "updated": "update date line"}.get(kind, "date line")
        return replace(r, note=f"dateline ({what} {'near the top' if where == 0 else 'at the end'})")
    return replace(found[0], basis="text",
                   note="first full date in the body: only the first date the text mentions, not a publication date")


# --------------------------------------------------------------------------------------------
# Durations
# --------------------------------------------------------------------------------------------


def find_durations(text: str, language: str | None = None) -> list[tuple[int, int, float]]:
    """Spans of durations ("selama enam hari", "seminggu", "a week-long visit", "six-day trip").

    Returns (start, end, days); hours and minutes give fractions of a day, months 30 days,
    years 365. Phrases that date something ("dua hari lalu", "two days later", "semalam" as
    "last night") are excluded.
    """
    codes, _, _ = _active_langs(language, text)
    T = _tables(codes)
    dated = [(m.start(), m.end()) for m, spec in _relative_matches(T, text, 0, len(text)) if spec[0] != "skip"]
    out: list[tuple[int, int, float]] = []
    for m in T.re_duration.finditer(text):
        unit_days = next(T.duration_units[int(k[1:])] for k, v in m.groupdict().items()
                         if k.startswith("u") and k[1:].isdigit() and v is not None)
        st, en = m.start(), m.end()
        sel = T.re_duration_before.search(text, max(0, st - 16), st)
        if any(a <= st and en <= b for a, b in dated) and not sel:
            continue  # the same words date something here ("semalam" alone is last night)
        if m["se"]:
            n = 1.0
        else:
            raw = _norm(m["n"])
            n = float(raw.replace(",", ".")) if raw[0].isdigit() else float(_number(raw, T.numbers) or 0)
        if n <= 0:
            continue
        if sel:
            st = sel.start()
        lng = T.re_duration_long.match(text, en, min(len(text), en + 12))
        if lng:
            en = lng.end()
        out.append((st, en, n * unit_days))
    # "week-long" without a number
    for m in T.re_unit_long.finditer(text):
        if all(m.end() <= a or m.start() >= b for a, b, _ in out):
            out.append((m.start(), m.end(), T.unit_long_days[int(m.lastgroup[1:])]))
    out.sort()
    return out
