"""The words the maps and tables show, in the reader's language.

Every word lives in the language packs (`itinerary/languages/<code>.toml`, section `[render]`,
documented key by key under `[render.*]` in `_schema.toml`); dates and numbers come from CLDR
(babel). A pack may leave a key out: that key falls back to English, one key at a time, so a
half-translated pack still gives a whole map.

    L = labels("id")
    L.status("expected")                 # "diperkirakan"
    L.date(date(2023, 9, 10))            # "Minggu, 10 September 2023"
    L.count("count_stops", 6)            # "6 perhentian"

Counted phrases are tables keyed by CLDR plural category (`one`, `few`, `many`, `other`, ...):
`count_stops = { one = "{n} stop", other = "{n} stops" }`; a missing category falls back to
`other`.

`resolve(documents, lang)` is the language a map is drawn in: the one asked for, or with "auto"
(or None) the articles' language when they all agree, else English.
"""
from __future__ import annotations

import datetime as _dt
from functools import lru_cache
from typing import Iterable, Mapping

from ..errors import FormatError

DEFAULT = "en"
AUTO = "auto"


def _packs():
    from .. import languages

    return languages


def check_lang(lang: str | None) -> str | None:
    """`lang` normalised ("pt-BR" -> "pt"; None and "auto" stay as they are), or FormatError for a
    language without a pack. Checked before the work starts."""
    if lang is None or lang == AUTO:
        return lang
    langs = _packs()
    if not isinstance(lang, str) or not langs.has(lang):
        raise FormatError(f"--lang {lang!r}: no language pack for it (use auto or one of: "
                          f"{', '.join(langs.codes())})")
    return langs.get(lang).code


def resolve(documents: Iterable, lang: str | None = AUTO) -> str:
    """The language to draw in: `lang` itself, or for "auto"/None the articles' language
    (`Document.language`) when every article that has one agrees, else English."""
    lang = check_lang(lang)
    if lang not in (None, AUTO):
        return lang
    found = {d.language.split("-")[0].lower() for d in documents if getattr(d, "language", None)}
    if len(found) == 1:
        (code,) = found
        if _packs().has(code):
            return code
    return DEFAULT


class Labels:
    """The [render] words of one language, with English behind every missing key."""

    def __init__(self, code: str):
        self.code = code
        self.own: Mapping[str, object] = _section(code)
        self.english: Mapping[str, object] = _section(DEFAULT)

    def __repr__(self) -> str:
        return f"Labels({self.code!r})"

    # ------------------------------------------------------------ words

    def has(self, key: str) -> bool:
        """Does this language's pack itself give `key` (no English fallback)?"""
        return key in self.own

    def raw(self, key: str) -> object:
        if key in self.own:
            return self.own[key]
        if key in self.english:
            return self.english[key]
        raise KeyError(f"no [render] label {key!r} in the English pack")

    def t(self, key: str, **values: object) -> str:
        """The text of `key`, with {name} placeholders filled from `values`."""
        text = self.raw(key)
        if isinstance(text, Mapping):
            text = text.get("other") or next(iter(text.values()))
        return _fill(str(text), values)

    def count(self, key: str, n: int, **values: object) -> str:
        """A counted phrase: the form for `n`'s CLDR plural category ("{n} stop" / "{n} stops")."""
        forms = self.raw(key)
        if not isinstance(forms, Mapping):
            return _fill(str(forms), {"n": self.number(n), **values})
        # (English words shown for a missing key take English plurals: "1 report", not "1 reports")
        category = self._plural(n) if key in self.own else Labels._plural_of(DEFAULT, n)
        form = forms.get(category) or forms.get("other") or next(iter(forms.values()))
        return _fill(str(form), {"n": self.number(n), **values})

    def _plural(self, n: int) -> str:
        return Labels._plural_of(self.code, n)

    @staticmethod
    def _plural_of(code: str, n: int) -> str:
        try:
            return _locale(code).plural_form(abs(n))
        except Exception:  # noqa: BLE001 - a locale without plural rules
            return "other"

    def status(self, status: str) -> str:
        return self._code_word("status_", status)

    def legend_status(self, status: str) -> str:
        return self._code_word("legend_", status)

    def role(self, role: str) -> str:
        return self._code_word("role_", role)

    def basis(self, basis: str) -> str:
        return self._code_word("basis_", basis)

    def verdict(self, verdict: str) -> str:
        return self._code_word("verdict_", verdict)

    def qualifier(self, qualifier: str) -> str:
        return self._code_word("qualifier_", qualifier)

    def _code_word(self, prefix: str, code: str) -> str:
        """A pipeline code (status, role, verdict, ...) as a word; an unknown code as it is."""
        key = prefix + str(code).replace("-", "_")
        try:
            return self.t(key)
        except KeyError:
            return str(code)

    # ------------------------------------------------------------ dates and numbers

    def date(self, d: _dt.date, style: str = "full") -> str:
        """A date in this language: "full" ("Minggu, 10 September 2023"), "medium", or a CLDR
        skeleton such as "yMMMEd" (weekday, day, short month, year) or "MMMd"."""
        from babel.dates import format_date, format_skeleton

        if style in ("full", "long", "medium", "short"):
            return format_date(d, style, locale=_locale(self.code))
        return format_skeleton(style, d, locale=_locale(self.code))

    def date_range(self, a: _dt.date | None, b: _dt.date | None, skeleton: str = "yMMMd") -> str:
        """"10–18 Sep 2023" (shared month and year said once), or one date, or "date unknown"."""
        from babel.dates import format_interval

        if a is None:
            return self.t("date_unknown")
        if b is None or b == a:
            return self.date(a, skeleton)
        return format_interval(a, b, skeleton, locale=_locale(self.code))

    def number(self, x: float, digits: int = 0, trim: bool = False) -> str:
        """x with the language's grouping and decimal marks, `digits` decimals (`trim`: at most)."""
        from babel.numbers import format_decimal

        fmt = "#,##0" + ("." + ("#" if trim else "0") * digits if digits else "")
        return format_decimal(x, fmt, locale=_locale(self.code))

    def km(self, x: float | None) -> str:
        import math

        if x is None or not math.isfinite(x):
            return "?"
        return f"{self.number(x)} {self.t('unit_km')}"


def _fill(text: str, values: Mapping[str, object]) -> str:
    """str.format without surprises: only {name} for the given names is replaced, anything else
    (a brace in a translation, or in article text given as a value) is left as it is."""
    if not values or "{" not in text:
        return text
    out = text
    for name in values:
        out = out.replace("{" + name + "}", "\0" + name + "\0")
    for name, value in values.items():
        out = out.replace("\0" + name + "\0", str(value))
    return out


@lru_cache(maxsize=None)
def _section(code: str) -> Mapping[str, object]:
    from types import MappingProxyType

    data = _packs().get(code).data.get("render", {})
    return MappingProxyType(dict(data))


@lru_cache(maxsize=None)
def _locale(code: str):
    from babel import Locale

    return Locale.parse(code)


@lru_cache(maxsize=None)
def labels(code: str | None = DEFAULT) -> Labels:
    """The labels of a language (a pack code; None is English). FormatError for an unknown one."""
    code = check_lang(code or DEFAULT)
    return Labels(DEFAULT if code in (None, AUTO) else code)

