"""Date expressions in news text: find them, resolve them against the document date.

Public functions
----------------
- ``find_dates(text, reference, language=None, start=0, end=None, *, future=None) -> list[DateRef]``
- ``document_date(text, body_start=0) -> DateRef | None``
- ``detect_language(text) -> str``  ("id", "en", "es", "it", "fr", "de", "pt", "ru", ... or "und")
- ``resolve_weekday(weekday, reference, future=False, strict=False) -> date``
- ``find_durations(text, language=None) -> list[tuple[int, int, float]]``  (start, end, days)

Supported (hand tables, precompiled regexes; a few ms for a 5 KB article)
-------------------------------------------------------------------------
Languages with tables: Indonesian (with common Malay spellings), English, Spanish, Italian,
French, German, Portuguese. English tables are always active too (wire copy mixes them in).

- ISO and year-first dates: 2023-09-12, 2023/09/12, 2023.09.12.
- Numeric day-month: 17/9/2023, 17-09-2023, 17.09.2023 anywhere; 10/9 and 17/9/23 only in
  parentheses or after a weekday / "tanggal" ("Minggu (10/9)"). Day-month order unless the
  language is US English ("en-US") or the numbers force month-day; both <= 12 in English
  without a locale -> ambiguous=True (day-month kept, the other reading in the note).
- Day month-name [year]: "12 September 2023", "12 Sept 2023", "12 Agt", "12th of September",
  "12 de septiembre de 2023", "12. September 2023", "1er août".
- Month-name day [year] (English): "Sept. 12", "September 12, 2023", "Sept 17th".
- Ranges: "10-17 September 2023", "10–17 September", "10 hingga 17 September",
  "from 10 to 17 September", "Sept. 10-17", "30 Agustus - 2 September 2023" (value..value_end).
- Weekdays, with optional date, modifiers and part of day: "Minggu (17/9/2023)",
  "Selasa pagi, 12 September 2023", "Rabu (13/9) malam", "pada Sabtu", "Senin sore",
  "Tuesday evening", "last Monday", "Senin lalu", "Sunday (Sept 17)". A weekday next to a
  date checks it (mismatch -> ambiguous) and picks the year of a year-less date. A bare
  weekday resolves to the nearest such day on/before the reference (basis "weekday"), or
  on/after it when the sentence reads as future ("akan", "will", "expected", "diperkirakan",
  ...) or the `future` argument says so; the note always gives the other reading.
  Indonesian "Minggu" is Sunday only when capitalised/after "hari"/before a date, and not
  in "minggu lalu", "dua minggu", "seminggu", ...
- Relative: kemarin, besok, lusa, hari ini, tadi malam, semalam, pekan/minggu lalu|ini|depan,
  bulan/tahun lalu, N hari lalu; yesterday, today, tomorrow, last night, overnight,
  last/this/next week|weekend|month|year, N days ago; ayer/hoy/mañana, ieri/oggi/domani,
  hier/aujourd'hui/demain, gestern/heute/morgen, ontem/hoje/amanhã, ...
  Weeks -> precision "week" with value..value_end = Monday..Sunday of that week;
  months/years -> precision month/year; nights ("tadi malam", "overnight") -> the day before.
- Anaphoric: "the next day", "the following day", "keesokan harinya", "sehari kemudian",
  "N days later", "il giorno dopo", "le lendemain", ... -> relative to the previous day-precise
  date in the text (looked up to 1500 characters before `start`), else value None.
- Month only, with a cue ("pada bulan Juli", "in July", "awal September", "mid-September")
  or with a year ("September 2023"): precision "month", value = first of the month; a
  year-less month takes the most recent such month on/before the reference (the next one
  after it under a future reading or with "next"/"depan").
- Day of month alone: "tanggal 23", "on the 23rd," -> the nearest such day (basis "partial").
- Same day as the previous date: "malam harinya", "hari itu", "later that day", "the same day".
- Years with a cue ("pada tahun 1948", "in 2011", "akhir tahun 2011"): precision "year".
- Year-less day-months take the year that puts them closest to the reference (basis "partial").

Not dates (suppressed): durations ("selama enam hari", "empat jam", "a week-long visit",
"six-day trip", "seminggu"), ages ("70 tahun", "aged 70"), clock times ("18.30 WIB",
"11:54 WIB", "pukul 09.00"), decimals, thousands, versions, phone numbers, "G20", scores,
years-ago phrases ("dua tahun lalu", "five years ago").

Other languages (ru, uk, nl, ...): `dateparser.search.search_dates` (loaded lazily, run once
per text and cached; about 0.1-0.3 s for a 3-5 KB article) with its spans validated: a day
number must agree with the parsed day, ages/clock times/durations are dropped. Languages with
hand tables never go through dateparser.
"""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import lru_cache

from .model import DateRef
from .text import sentence_at

__all__ = [
    "find_dates",
    "document_date",
    "detect_language",
    "resolve_weekday",
    "find_durations",
]

# --------------------------------------------------------------------------------------------
# Language tables. Each language: month names (full, abbreviations), weekday names, relative
# phrases, cue words. Patterns are regex fragments; everything is matched case-insensitively
# and capitalisation is checked in code where it disambiguates (English "May", German "Morgen").
# --------------------------------------------------------------------------------------------

_NUM_ID = {
    "satu": 1, "dua": 2, "tiga": 3, "empat": 4, "lima": 5, "enam": 6, "tujuh": 7, "delapan": 8,
    "sembilan": 9, "sepuluh": 10, "sebelas": 11, "dua belas": 12, "empat belas": 14,
}
_NUM_EN = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fourteen": 14, "fifteen": 15,
    "twenty": 20, "thirty": 30,
}
_NUM_OTHER = {
    "dos": 2, "tres": 3, "cuatro": 4, "cinco": 5, "seis": 6, "due": 2, "tre": 3, "quattro": 4,
    "cinque": 5, "sei": 6, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6, "zwei": 2,
    "drei": 3, "vier": 4, "fünf": 5, "sechs": 6, "duas": 2, "três": 3, "quatro": 4,
}


@dataclass(frozen=True)
class _Lang:
    code: str
    months: dict  # lower-case name -> month number (full names)
    month_abbr: dict  # lower-case abbreviation -> month number
    weekdays: dict  # lower-case name -> 0..6 (Monday = 0)
    caps: bool  # month names are capitalised in this language (en, id, de): require it
    numbers: dict  # number words for "N days ago" and durations
    relative: tuple  # (regex, kind, amount); amount int or "-N"/"+N" (from group "n")
    range_words: str  # connectors of "10 to 17 September"
    month_cues: str  # words that make a bare month name a date ("in July")
    month_quals: str  # qualifiers kept in the span ("early", "awal")
    year_cues: str  # words that make a bare year a date ("in 2011", "tahun 2011")
    wd_pre_past: str = ""
    wd_pre_future: str = ""
    wd_pre_neutral: str = ""
    wd_post_past: str = ""
    wd_post_future: str = ""
    wd_post_neutral: str = ""
    parts_of_day: str = ""
    future_cues: str = ""
    past_cues: str = ""
    duration_units: tuple = ()  # (regex, days)


_L: dict[str, _Lang] = {}

_L["id"] = _Lang(
    code="id",
    months={
        "januari": 1, "februari": 2, "pebruari": 2, "maret": 3, "april": 4, "mei": 5, "juni": 6,
        "juli": 7, "agustus": 8, "september": 9, "oktober": 10, "november": 11, "nopember": 11,
        "desember": 12,
        # Malay spellings
        "julai": 7, "ogos": 8, "disember": 12,
    },
    month_abbr={
        "jan": 1, "feb": 2, "peb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "agu": 8, "agt": 8,
        "ags": 8, "agst": 8, "sep": 9, "sept": 9, "okt": 10, "nov": 11, "nop": 11, "des": 12,
        "mac": 3,
    },
    weekdays={
        "senin": 0, "selasa": 1, "rabu": 2, "kamis": 3, "jumat": 4, "jum'at": 4, "jum’at": 4,
        "sabtu": 5, "minggu": 6, "ahad": 6, "isnin": 0, "khamis": 3, "jumaat": 4,
    },
    caps=True,
    numbers=_NUM_ID,
    relative=(
        (r"kemarin\s+lusa", "day", -2),
        (r"(?:hari\s+)?kemarin", "day", -1),
        (r"(?:besok|esok)(?:\s+hari)?", "day", 1),
        (r"lusa", "day", 2),
        (r"hari\s+ini", "day", 0),
        (r"(?:pagi|siang|sore|petang|malam)\s+ini", "day", 0),
        (r"tadi\s+(?:pagi|siang|sore|petang)", "day", 0),
        (r"(?:pukul|jam)\s+[a-z]+(?:\s+[a-z]+)?\s+malam\s+tadi|(?:tadi|kemarin)\s+malam|malam\s+tadi", "night", -1),
        (r"semalam", "night", -1),
        (r"(?:selama|menginap|hanya|cuma|satu)\s+semalam|semalam\s+suntuk", "skip", 0),
        (r"(?:pekan|minggu)\s+(?:lalu|kemarin|yang\s+lalu)", "week", -1),
        (r"(?:pekan|minggu)\s+ini", "week", 0),
        (r"(?:pekan|minggu)\s+(?:depan|mendatang)", "week", 1),
        (r"akhir\s+(?:pekan|minggu)\s+(?:lalu|kemarin)", "weekend", -1),
        (r"akhir\s+(?:pekan|minggu)\s+ini", "weekend", 0),
        (r"akhir\s+(?:pekan|minggu)\s+(?:depan|mendatang)", "weekend", 1),
        (r"bulan\s+(?:lalu|kemarin)", "month", -1),
        (r"bulan\s+ini", "month", 0),
        (r"bulan\s+(?:depan|mendatang)", "month", 1),
        (r"tahun\s+(?:lalu|kemarin)", "year", -1),
        (r"tahun\s+ini", "year", 0),
        (r"tahun\s+(?:depan|mendatang)", "year", 1),
        (r"(?P<n>NUM)\s+hari\s+(?:yang\s+)?lalu", "day", "-N"),
        (r"sehari\s+(?:yang\s+)?lalu", "day", -1),
        (r"(?P<n>NUM)\s+(?:minggu|pekan)\s+(?:yang\s+)?lalu", "weeks", "-N"),
        (r"se(?:minggu|pekan)\s+(?:yang\s+)?lalu", "weeks", -1),
        (r"(?P<n>NUM)\s+bulan\s+(?:yang\s+)?lalu", "month", "-N"),
        (r"sebulan\s+(?:yang\s+)?lalu", "month", -1),
        (r"(?:(?:NUM)|puluhan|ratusan|beberapa)\s+tahun\s+(?:yang\s+)?lalu|setahun\s+(?:yang\s+)?lalu", "skip", 0),
        (r"keesokan\s+harinya|keesokan\s+hari|esok\s+harinya|hari\s+berikutnya|"
         r"sehari\s+(?:kemudian|setelahnya|sesudahnya|berselang)", "anaphor", 1),
        (r"sehari\s+sebelumnya|hari\s+sebelumnya", "anaphor", -1),
        (r"(?:malam|sore|petang|pagi|siang)\s+harinya|(?:pada\s+)?hari\s+yang\s+sama|hari\s+itu(?:\s+juga)?", "anaphor", 0),
        (r"(?P<n>NUM)\s+hari\s+(?:kemudian|setelahnya|sesudahnya|berselang)", "anaphor", "+N"),
        (r"(?P<n>NUM)\s+hari\s+sebelumnya", "anaphor", "-N"),
        # Durations and counts: they hold "minggu", "hari", "tahun" but are not dates.
        (r"(?:(?:NUM)|beberapa|berapa|puluhan|ratusan|dua\s+puluh)\s+(?:hari|malam|minggu|pekan|bulan|tahun|jam|menit)", "skip", 0),
        (r"se(?:hari|minggu|pekan|bulan|tahun|jam)(?:-(?:hari|harian))?", "skip", 0),
        (r"(?:pukul|jam|pkl\.?)\s*\d{1,2}(?:[.:]\d{2})?", "skip", 0),
    ),
    range_words=r"-|–|—|hingga|sampai(?:\s+dengan)?|s\.?\s?d\.?|s/d|sd",
    month_cues=r"bulan|pada|sejak|hingga|sampai|selama|awal|akhir|pertengahan|medio",
    month_quals=r"awal|akhir|pertengahan|medio",
    year_cues=r"tahun|sejak|pada",
    wd_pre_past="",
    wd_pre_future="",
    wd_post_past=r"lalu|kemarin|yang\s+lalu",
    wd_post_future=r"depan|mendatang|nanti|besok",
    wd_post_neutral=r"ini",
    parts_of_day=r"pagi|siang|sore|petang|malam|dini\s+hari|subuh",
    future_cues=r"akan|bakal|hendak|diperkirakan|dijadwalkan|direncanakan|dijadwal|rencananya|"
                r"berencana|mendatang|nanti|segera|diharapkan|bersiap|menurut\s+rencana",
    past_cues=r"telah|sudah|sempat|pernah|tadi|lalu|kemarin|usai|setelah",
    duration_units=((r"hari", 1.0), (r"malam", 1.0), (r"minggu|pekan", 7.0), (r"bulan", 30.0),
                    (r"tahun", 365.0), (r"jam", 1 / 24), (r"menit", 1 / 1440)),
)

_L["en"] = _Lang(
    code="en",
    months={
        "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
        "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    },
    month_abbr={
        "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
        "sept": 9, "oct": 10, "nov": 11, "dec": 12,
    },
    weekdays={
        "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5,
        "sunday": 6,
    },
    caps=True,
    numbers=_NUM_EN,
    relative=(
        (r"the\s+day\s+before\s+yesterday", "day", -2),
        (r"the\s+day\s+after\s+tomorrow", "day", 2),
        (r"yesterday", "day", -1),
        (r"(?:earlier\s+|later\s+)?today", "day", 0),
        (r"tomorrow", "day", 1),
        (r"tonight", "day", 0),
        (r"this\s+(?:morning|afternoon|evening)", "day", 0),
        (r"last\s+night|(?:late\s+)?yesterday\s+night", "night", -1),
        (r"overnight", "night", -1),
        (r"(?:an|the|a|his|her|their|its)\s+overnight", "skip", 0),
        (r"last\s+week|the\s+previous\s+week|the\s+past\s+week", "week", -1),
        (r"(?:earlier\s+|later\s+)?this\s+week", "week", 0),
        (r"next\s+week|the\s+coming\s+week", "week", 1),
        (r"last\s+weekend", "weekend", -1),
        (r"this\s+weekend", "weekend", 0),
        (r"next\s+weekend", "weekend", 1),
        (r"last\s+month", "month", -1),
        (r"(?:earlier\s+|later\s+)?this\s+month", "month", 0),
        (r"next\s+month", "month", 1),
        (r"last\s+year", "year", -1),
        (r"(?:earlier\s+|later\s+)?this\s+year", "year", 0),
        (r"next\s+year", "year", 1),
        (r"(?P<n>NUM)\s+days?\s+ago", "day", "-N"),
        (r"(?P<n>NUM)\s+weeks?\s+ago", "weeks", "-N"),
        (r"(?P<n>NUM)\s+months?\s+ago", "month", "-N"),
        (r"(?:(?:NUM)|several|a\s+few|many|dozens\s+of|hundreds\s+of)\s+(?:years?|decades?)\s+ago", "skip", 0),
        (r"the\s+next\s+day|the\s+following\s+day|the\s+day\s+after|a\s+day\s+later|next\s+day", "anaphor", 1),
        (r"the\s+previous\s+day|the\s+day\s+before|a\s+day\s+(?:earlier|before)", "anaphor", -1),
        (r"(?:later\s+|earlier\s+)?that\s+(?:day|morning|afternoon|evening|night)|the\s+same\s+day", "anaphor", 0),
        (r"(?P<n>NUM)\s+days\s+later", "anaphor", "+N"),
        (r"(?P<n>NUM)\s+days\s+(?:earlier|before)", "anaphor", "-N"),
        (r"(?:(?:NUM)|several|a\s+few|\d+)[\s-]+(?:days?|nights?|weeks?|months?|years?|hours?|minutes?)(?:[\s-]+(?:long|old))?", "skip", 0),
        (r"week-long|month-long|year-long|day-long|weeklong|aged\s+\d+", "skip", 0),
        (r"\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\.?|GMT|UTC|local\s+time|hrs)?", "skip", 0),
    ),
    range_words=r"-|–|—|to|until|till|through|thru",
    month_cues=r"in|since|during|until|by|from|early|late|mid-?|last|next|this|end\s+of|beginning\s+of",
    month_quals=r"early|late|mid-?|last|next|this|end\s+of|beginning\s+of",
    year_cues=r"in|since|during|until|by|early|late|mid-?",
    wd_pre_past=r"last|this\s+past|past",
    wd_pre_future=r"next|this\s+coming|coming",
    wd_pre_neutral=r"this",
    parts_of_day=r"morning|afternoon|evening|night|overnight",
    future_cues=r"will|would|shall|'ll|’ll|expected|scheduled|slated|set\s+to|due\s+to|due\s+in|"
                r"plans?\s+to|planned|planning|is\s+to|are\s+to|going\s+to|upcoming|intends?\s+to",
    past_cues=r"was|were|had|did|arrived|left|met|said|told|visited|came|went|held|began|ended|"
              r"took|flew|boarded|departed|returned|reached|(?!expected|scheduled|planned|slated)\w+ed",
    duration_units=((r"days?", 1.0), (r"nights?", 1.0), (r"weeks?", 7.0), (r"months?", 30.0),
                    (r"years?", 365.0), (r"hours?", 1 / 24), (r"minutes?", 1 / 1440)),
)

_L["es"] = _Lang(
    code="es",
    months={"enero": 1, "febrero": 2, "marzo": 3, "abril": 4, "mayo": 5, "junio": 6, "julio": 7,
            "agosto": 8, "septiembre": 9, "setiembre": 9, "octubre": 10, "noviembre": 11,
            "diciembre": 12},
    month_abbr={"ene": 1, "feb": 2, "mar": 3, "abr": 4, "jun": 6, "jul": 7, "sept": 9, "sep": 9,
                "oct": 10, "nov": 11, "dic": 12},
    weekdays={"lunes": 0, "martes": 1, "miércoles": 2, "miercoles": 2, "jueves": 3, "viernes": 4,
              "sábado": 5, "sabado": 5, "domingo": 6},
    caps=False,
    numbers=_NUM_OTHER,
    relative=(
        (r"anteayer|antier|antes\s+de\s+ayer", "day", -2),
        (r"ayer", "day", -1),
        (r"hoy", "day", 0),
        (r"pasado\s+mañana", "day", 2),
        (r"(?<!la\s)(?<!de\s)mañana", "day", 1),
        (r"(?:al|el)\s+día\s+siguiente", "anaphor", 1),
        (r"el\s+día\s+anterior|la\s+víspera", "anaphor", -1),
        (r"la\s+semana\s+pasada", "week", -1),
        (r"esta\s+semana", "week", 0),
        (r"la\s+(?:próxima\s+semana|semana\s+próxima|semana\s+que\s+viene)", "week", 1),
        (r"hace\s+(?P<n>NUM)\s+días", "day", "-N"),
        (r"(?:NUM)\s+(?:días|semanas|meses|años|horas)", "skip", 0),
    ),
    range_words=r"-|–|al|a|hasta",
    month_cues=r"en|desde|hasta|mes\s+de|principios\s+de|finales\s+de|mediados\s+de",
    month_quals=r"principios\s+de|finales\s+de|mediados\s+de",
    year_cues=r"en|desde|hasta|año",
    wd_pre_past="", wd_pre_future=r"próximo", wd_post_past=r"pasado", wd_post_future=r"próximo",
    future_cues=r"\w+rá|\w+rán|próximo|prevé|previsto|se\s+espera|va\s+a|van\s+a",
    past_cues=r"\w+ó|\w+aron|\w+ieron|ha|han|había",
)

_L["it"] = _Lang(
    code="it",
    months={"gennaio": 1, "febbraio": 2, "marzo": 3, "aprile": 4, "maggio": 5, "giugno": 6,
            "luglio": 7, "agosto": 8, "settembre": 9, "ottobre": 10, "novembre": 11, "dicembre": 12},
    month_abbr={"gen": 1, "feb": 2, "mar": 3, "apr": 4, "mag": 5, "giu": 6, "lug": 7, "ago": 8,
                "set": 9, "sett": 9, "ott": 10, "nov": 11, "dic": 12},
    weekdays={"lunedì": 0, "lunedi": 0, "martedì": 1, "martedi": 1, "mercoledì": 2, "mercoledi": 2,
              "giovedì": 3, "giovedi": 3, "venerdì": 4, "venerdi": 4, "sabato": 5, "domenica": 6},
    caps=False,
    numbers=_NUM_OTHER,
    relative=(
        (r"l['’]altro\s*ieri|altroieri", "day", -2),
        (r"ieri", "day", -1),
        (r"oggi", "day", 0),
        (r"dopodomani", "day", 2),
        (r"domani", "day", 1),
        (r"il\s+giorno\s+(?:dopo|successivo|seguente)|l['’]indomani", "anaphor", 1),
        (r"il\s+giorno\s+prima|la\s+vigilia", "anaphor", -1),
        (r"la\s+settimana\s+scorsa", "week", -1),
        (r"questa\s+settimana", "week", 0),
        (r"la\s+(?:prossima\s+settimana|settimana\s+prossima)", "week", 1),
        (r"(?:NUM)\s+(?:giorni|settimane|mesi|anni|ore)", "skip", 0),
    ),
    range_words=r"-|–|al|a",
    month_cues=r"a|in|da|fino\s+a|nel\s+mese\s+di|inizio|fine|metà",
    month_quals=r"inizio|fine|metà",
    year_cues=r"nel|dal|fino\s+al",
    wd_pre_past=r"lo\s+scorso|scorso", wd_pre_future=r"il\s+prossimo|prossimo",
    wd_post_past=r"scorso|scorsa", wd_post_future=r"prossimo|prossima",
    future_cues=r"\w+rà|\w+ranno|prossimo|previsto|prevede|si\s+attende",
    past_cues=r"\w+ato|\w+uto|\w+ito|ha|hanno|aveva",
)

_L["fr"] = _Lang(
    code="fr",
    months={"janvier": 1, "février": 2, "fevrier": 2, "mars": 3, "avril": 4, "mai": 5, "juin": 6,
            "juillet": 7, "août": 8, "aout": 8, "septembre": 9, "octobre": 10, "novembre": 11,
            "décembre": 12, "decembre": 12},
    month_abbr={"janv": 1, "févr": 2, "fevr": 2, "avr": 4, "juil": 7, "sept": 9, "oct": 10,
                "nov": 11, "déc": 12},
    weekdays={"lundi": 0, "mardi": 1, "mercredi": 2, "jeudi": 3, "vendredi": 4, "samedi": 5,
              "dimanche": 6},
    caps=False,
    numbers=_NUM_OTHER,
    relative=(
        (r"avant-hier", "day", -2),
        (r"hier", "day", -1),
        (r"aujourd['’]hui", "day", 0),
        (r"après-demain", "day", 2),
        (r"demain", "day", 1),
        (r"le\s+lendemain", "anaphor", 1),
        (r"la\s+veille", "anaphor", -1),
        (r"la\s+semaine\s+(?:dernière|passée)", "week", -1),
        (r"cette\s+semaine", "week", 0),
        (r"la\s+semaine\s+prochaine", "week", 1),
        (r"il\s+y\s+a\s+(?P<n>NUM)\s+jours", "day", "-N"),
        (r"(?:NUM)\s+(?:jours|semaines|mois|ans|heures)", "skip", 0),
    ),
    range_words=r"-|–|au",
    month_cues=r"en|depuis|jusqu['’]en|mois\s+de|mois\s+d['’]|début|fin|mi-",
    month_quals=r"début|fin|mi-",
    year_cues=r"en|depuis|jusqu['’]en",
    wd_post_past=r"dernier", wd_post_future=r"prochain",
    future_cues=r"\w+ra|\w+ront|prochain|prévu|devrait|doit",
    past_cues=r"a|ont|avait|\w+é",
)

_L["de"] = _Lang(
    code="de",
    months={"januar": 1, "jänner": 1, "februar": 2, "märz": 3, "maerz": 3, "april": 4, "mai": 5,
            "juni": 6, "juli": 7, "august": 8, "september": 9, "oktober": 10, "november": 11,
            "dezember": 12},
    month_abbr={"jan": 1, "feb": 2, "mär": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
                "sept": 9, "okt": 10, "nov": 11, "dez": 12},
    weekdays={"montag": 0, "dienstag": 1, "mittwoch": 2, "donnerstag": 3, "freitag": 4,
              "samstag": 5, "sonnabend": 5, "sonntag": 6},
    caps=True,
    numbers=_NUM_OTHER,
    relative=(
        (r"vorgestern", "day", -2),
        (r"gestern", "day", -1),
        (r"heute", "day", 0),
        (r"übermorgen", "day", 2),
        (r"morgen", "day", 1),  # lower-case only: "Morgen" is "morning" (checked in code)
        (r"am\s+(?:nächsten|folgenden)\s+Tag|tags\s+darauf", "anaphor", 1),
        (r"am\s+Vortag|am\s+Tag\s+zuvor", "anaphor", -1),
        (r"(?:letzte|vergangene)\s+Woche", "week", -1),
        (r"diese\s+Woche", "week", 0),
        (r"(?:nächste|kommende)\s+Woche", "week", 1),
        (r"vor\s+(?P<n>NUM)\s+Tagen", "day", "-N"),
        (r"(?:NUM)\s+(?:Tage|Wochen|Monate|Jahre|Stunden)", "skip", 0),
    ),
    range_words=r"-|–|bis",
    month_cues=r"im|seit|bis|Anfang|Ende|Mitte",
    month_quals=r"Anfang|Ende|Mitte",
    year_cues=r"im\s+Jahr|seit",
    wd_pre_past=r"(?:am\s+)?(?:letzten|vergangenen)", wd_pre_future=r"(?:am\s+)?(?:nächsten|kommenden)",
    future_cues=r"wird|werden|soll|sollen|geplant|will|wollen",
    past_cues=r"war|waren|hat|hatte|haben|ist|sind",
)

_L["pt"] = _Lang(
    code="pt",
    months={"janeiro": 1, "fevereiro": 2, "março": 3, "marco": 3, "abril": 4, "maio": 5,
            "junho": 6, "julho": 7, "agosto": 8, "setembro": 9, "outubro": 10, "novembro": 11,
            "dezembro": 12},
    month_abbr={"jan": 1, "fev": 2, "mar": 3, "abr": 4, "jun": 6, "jul": 7, "ago": 8, "set": 9,
                "dez": 12},
    weekdays={"segunda-feira": 0, "terça-feira": 1, "terca-feira": 1, "quarta-feira": 2,
              "quinta-feira": 3, "sexta-feira": 4, "sábado": 5, "sabado": 5, "domingo": 6},
    caps=False,
    numbers=_NUM_OTHER,
    relative=(
        (r"anteontem", "day", -2),
        (r"ontem", "day", -1),
        (r"hoje", "day", 0),
        (r"depois\s+de\s+amanhã", "day", 2),
        (r"amanhã", "day", 1),
        (r"no\s+dia\s+seguinte", "anaphor", 1),
        (r"na\s+véspera|no\s+dia\s+anterior", "anaphor", -1),
        (r"(?:n)?a\s+semana\s+passada", "week", -1),
        (r"(?:n)?esta\s+semana", "week", 0),
        (r"(?:n)?a\s+próxima\s+semana", "week", 1),
        (r"há\s+(?P<n>NUM)\s+dias", "day", "-N"),
        (r"(?:NUM)\s+(?:dias|semanas|meses|anos|horas)", "skip", 0),
    ),
    range_words=r"-|–|a",
    month_cues=r"em|desde|até|mês\s+de|início\s+de|final\s+de|meados\s+de",
    month_quals=r"início\s+de|final\s+de|meados\s+de",
    year_cues=r"em|desde|até",
    wd_pre_future=r"próxima|próximo", wd_post_past=r"passada|passado", wd_post_future=r"próxima|próximo",
    future_cues=r"\w+rá|\w+rão|vai|vão|próxima|próximo|previsto|deverá",
    past_cues=r"\w+ou|\w+eu|\w+iu|foi|foram",
)

HAND_LANGUAGES = frozenset(_L)

# Weekday names preceded by these are named days or titles, not dates ("Good Friday", "Super Tuesday").
_NAMED_DAY_BEFORE = re.compile(
    r"(?:Good|Black|Super|Ash|Bloody|Easter|Palm|Holy|Cyber|Maundy|Giving|Jumat\s+Agung|Black)\s+$")
_NEWSPAPER_AFTER = re.compile(
    r"\s+(?:Times|Telegraph|Express|Mirror|Post|Herald|Mail|Observer|Tribune|Independent|Star|Sport|Night\s+Football|School)\b")

# Indonesian "minggu": these words after it make it "week", before it a count.
_MINGGU_WEEK_AFTER = re.compile(
    r"\s+(?:lalu|kemarin|yang\s+lalu|depan|ini|ke-?\s*\d|pertama|kedua|ketiga|terakhir|mendatang|"
    r"berikutnya|sebelumnya|selanjutnya|itu)\b", re.I)
_MINGGU_COUNT_BEFORE = re.compile(
    r"(?:\d+|satu|dua|tiga|empat|lima|enam|tujuh|delapan|sembilan|sepuluh|beberapa|berapa|per|tiap|"
    r"setiap|akhir|awal|pertengahan|dalam|selama|sepanjang|hampir|sekitar)\s+$", re.I)


def _alt(words) -> str:
    """Regex alternation of literal words, longest first (so "Sept" beats "Sep")."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


def _fill_num(pattern: str, numbers: dict) -> str:
    num = r"\d+|" + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(numbers, key=len, reverse=True))
    return pattern.replace("NUM", num)


@dataclass(frozen=True)
class _Tables:
    langs: tuple
    month_of: dict  # lower name -> month
    abbr: frozenset  # lower abbreviations
    caps_needed: frozenset  # lower names that must be capitalised
    weekday_of: dict
    numbers: dict
    relative_specs: tuple  # index -> (kind, amount, lang)
    re_dmy: re.Pattern
    re_mdy: re.Pattern
    re_my: re.Pattern
    re_month_only: re.Pattern
    re_year: re.Pattern
    re_weekday: re.Pattern
    re_relative: re.Pattern
    re_range_gap: re.Pattern
    re_pod_after: re.Pattern
    re_future: re.Pattern
    re_past: re.Pattern
    re_duration: re.Pattern
    duration_units: tuple


_RE_ISO = re.compile(r"(?<![\w.,/-])(?P<y>(?:18|19|20|21)\d\d)(?P<sep>[-/.])(?P<m>\d{1,2})(?P=sep)(?P<d>\d{1,2})(?![\d])(?![.,/-]\d)")
_RE_NUM = re.compile(
    r"(?<![\w.,/:+-])(?P<a>\d{1,2})(?P<sep>[/.-])(?P<b>\d{1,2})(?:(?P=sep)(?P<y>\d{4}|\d{2}))?(?![\w/+])(?![.,:/-]\d)")
# Day of month alone: "tanggal 23", "on the 23rd," (month and year from the reference).
_RE_DOM = re.compile(
    r"(?<!\w)(?:(?:pada\s+)?(?:tanggal|tgl\.?)\s+(?P<d>\d{1,2})(?!\d|[/.,:-]\d|\s+[A-Z][a-z]{2})"
    r"|on\s+the\s+(?P<d2>\d{1,2})(?:st|nd|rd|th)(?=\s*[,.;)]|\s*$))", re.I)
_RE_NUM_CONTEXT = re.compile(r"(?:\(|tanggal|tgl\.?|tarikh|date[d:]?)\s*$", re.I)
_ORDINAL = r"(?:st|nd|rd|th|er|\.|º|°)?"


@lru_cache(maxsize=32)
def _tables(langs: tuple) -> _Tables:
    ls = [_L[c] for c in langs]
    month_of: dict = {}
    abbr: set = set()
    caps_free: set = set()
    caps_need: set = set()
    weekday_of: dict = {}
    numbers: dict = {}
    for L in ls:
        for n, m in L.months.items():
            month_of.setdefault(n, m)
            (caps_need if L.caps else caps_free).add(n)
        for n, m in L.month_abbr.items():
            month_of.setdefault(n, m)
            abbr.add(n)
            (caps_need if L.caps else caps_free).add(n)
        weekday_of.update(L.weekdays)
        numbers.update(L.numbers)
    full = [n for n in month_of if n not in abbr]
    months_alt = _alt(month_of)
    full_alt = _alt(full)
    en_alt = _alt(list(_L["en"].months) + list(_L["en"].month_abbr))
    range_alt = "|".join(dict.fromkeys(p for L in ls for p in L.range_words.split("|")))
    flags = re.I
    re_dmy = re.compile(
        rf"(?<![\w.,:/-])(?P<d1>\d{{1,2}}){_ORDINAL}"
        rf"(?:\s*(?:{range_alt})\s*(?P<d2>\d{{1,2}}){_ORDINAL})?"
        rf"(?:\s+(?:de|of|del))?\s+(?P<mon>{months_alt})(?!\w)(?P<dot>\.)?"
        rf"(?:,?\s+(?:de\s+|del\s+)?(?P<y>\d{{4}})(?!\d))?", flags)
    re_mdy = re.compile(
        rf"(?<![\w-])(?P<mon>{en_alt})(?!\w)(?P<dot>\.)?\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?(?![\d:.,]\d|\d)"
        rf"(?:\s*(?:-|–|—|to|until|through)\s*(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?(?![\d:.,]\d|\d))?"
        rf"(?:,?\s+(?P<y>\d{{4}})(?!\d))?", flags)
    re_my = re.compile(
        rf"(?<![\w-])(?P<mon>{months_alt})(?!\w)(?P<dot>\.)?,?\s+(?:de\s+|del\s+|of\s+)?(?P<y>\d{{4}})(?!\d)", flags)
    cues = "|".join(dict.fromkeys(p for L in ls for p in L.month_cues.split("|")))
    quals = "|".join(dict.fromkeys(p for L in ls for p in L.month_quals.split("|")))
    re_month_only = re.compile(
        rf"(?<!\w)(?:(?P<qual>{quals})\s*(?:bulan\s+)?|(?:{cues})\s+(?:the\s+)?(?:bulan\s+)?)(?P<mon>{full_alt})(?!\w)", flags)
    ycues = "|".join(dict.fromkeys(p for L in ls for p in L.year_cues.split("|")))
    re_year = re.compile(
        rf"(?<!\w)(?:(?P<qual>{quals})\s+(?:(?P<cue0>tahun)\s+)?|(?P<cue>{ycues}|pada\s+tahun)\s+)(?P<y>1[89]\d\d|20\d\d|2100)(?!\d)"
        rf"(?!\s*[-–/]\s*\d)(?![.,]\d)"
        rf"(?!\s+(?:orang|jiwa|km|kilometer|mil|miles?|people|persons|troops|soldiers|units?|meters?|metres?|tons?|kali|times|personas|persone|personnes|Menschen)\b)",
        flags)
    wd_alt = _alt(weekday_of)
    pre = [p for L in ls for p in (L.wd_pre_past, L.wd_pre_future, L.wd_pre_neutral) if p]
    post = [p for L in ls for p in (L.wd_post_past, L.wd_post_future, L.wd_post_neutral, L.parts_of_day) if p]
    pre_alt = "|".join(pre) or "(?!)"
    post_alt = "|".join(post) or "(?!)"
    re_weekday = re.compile(
        rf"(?<![\w'’-])(?:(?P<pre>{pre_alt})\s+)?(?P<wd>{wd_alt})(?!\w)(?P<tail>(?:\s+(?:{post_alt})(?!\w)){{0,2}})", flags)
    parts = []
    specs = []
    for L in ls:
        for pat, kind, amount in L.relative:
            i = len(specs)
            p = _fill_num(pat, L.numbers).replace("(?P<n>", f"(?P<n{i}>")
            parts.append(rf"(?P<r{i}>{p})")
            specs.append((kind, amount, L.code))
    re_relative = re.compile(r"(?<![\w'’-])(?:" + "|".join(parts) + r")(?![\w'’])", flags)
    re_range_gap = re.compile(rf"\s*(?:{range_alt})\s*", flags)
    pods = "|".join(L.parts_of_day for L in ls if L.parts_of_day) or "(?!)"
    re_pod_after = re.compile(rf"\s+(?:{pods})(?!\w)", flags)
    fut = "|".join(L.future_cues for L in ls if L.future_cues) or "(?!)"
    past = "|".join(L.past_cues for L in ls if L.past_cues) or "(?!)"
    re_future = re.compile(rf"(?<![\w'’])(?:{fut})(?!\w)", flags)
    re_past = re.compile(rf"(?<![\w'’])(?:{past})(?!\w)", flags)
    units = [(u, d) for L in ls for u, d in L.duration_units]
    unit_alt = "|".join(f"(?P<u{i}>{u})" for i, (u, _) in enumerate(units))
    num_alt = _fill_num("NUM", numbers)
    re_duration = re.compile(
        rf"(?<![\w.,])(?:(?P<n>\d+(?:[.,]\d+)?|{num_alt[4:]})[\s-]+|(?P<se>se))(?:{unit_alt})(?!\w)"
        rf"(?![\s-]+(?:ago|lalu|yang\s+lalu|kemudian|later|earlier|before|after|sebelumnya|setelahnya|setelah|"
        rf"sesudah|sebelum|berselang|old)\b)", flags)
    return _Tables(
        langs=langs, month_of=month_of, abbr=frozenset(abbr), caps_needed=frozenset(caps_need - caps_free),
        weekday_of=weekday_of, numbers=numbers, relative_specs=tuple(specs), re_dmy=re_dmy, re_mdy=re_mdy,
        re_my=re_my, re_month_only=re_month_only, re_year=re_year, re_weekday=re_weekday,
        re_relative=re_relative, re_range_gap=re_range_gap, re_pod_after=re_pod_after,
        re_future=re_future, re_past=re_past, re_duration=re_duration, duration_units=tuple(units),
    )


# --------------------------------------------------------------------------------------------
# Language detection: stop-word counts (plus script for non-Latin text). Cheap and offline;
# good enough to pick date tables for a news article.
# --------------------------------------------------------------------------------------------

_STOPWORDS = {
    "id": "yang dan di ke dari dengan untuk pada ini itu dalam tidak akan adalah oleh juga kata para "
          "telah tersebut bahwa mereka sebagai atau karena ia dia sudah setelah kedua negara",
    "en": "the and of to in is was that for on with as by at from his he said it will has have are "
          "be were an this which after their who would been",
    "es": "el la de que y en los las del se por con para una es al lo como más su sus fue ha este "
          "esta entre sobre también",
    "it": "il di che e la per in un è della del non con una sono gli alla nel anche ha dei delle "
          "questo come dopo",
    "fr": "le la les de des et est un une du que dans pour au qui sur pas par avec il elle ont été "
          "cette aux ses",
    "de": "der die das und ist nicht den von zu mit sich des auf für im dem ein eine auch wird "
          "wurde nach bei einen",
    "pt": "o a de que e do da em um para com não uma os no na por mais as dos das foi ao pelo pela "
          "seu sua",
    "nl": "de het een en van is dat op te in voor niet met zijn aan er ook als bij door",
}
_STOP_SETS = {k: frozenset(v.split()) for k, v in _STOPWORDS.items()}
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")


@lru_cache(maxsize=256)
def detect_language(text: str) -> str:
    """ISO 639-1 code of the text's language by stop-word counts; "und" when unsure.

    Non-Latin scripts are decided by script (ru/uk/bg, el, ar, he, zh, ja, ko, th).
    """
    sample = text[:20000]
    counts = {"cyr": 0, "latin": 0, "el": 0, "ar": 0, "he": 0, "han": 0, "kana": 0, "hangul": 0, "thai": 0}
    for ch in sample:
        o = ord(ch)
        if o < 0x250:
            if ch.isalpha():
                counts["latin"] += 1
        elif 0x400 <= o < 0x530:
            counts["cyr"] += 1
        elif 0x370 <= o < 0x400:
            counts["el"] += 1
        elif 0x600 <= o < 0x700:
            counts["ar"] += 1
        elif 0x590 <= o < 0x600:
            counts["he"] += 1
        elif 0x3040 <= o < 0x3100:
            counts["kana"] += 1
        elif 0x4E00 <= o < 0xA000:
            counts["han"] += 1
        elif 0xAC00 <= o < 0xD7B0:
            counts["hangul"] += 1
        elif 0xE00 <= o < 0xE80:
            counts["thai"] += 1
    script = max(counts, key=counts.get)
    if counts[script] == 0:
        return "und"
    if script == "cyr":
        if re.search(r"[іїєґ]", sample):
            return "uk"
        return "ru"
    if script == "han":
        return "ja" if counts["kana"] > counts["han"] * 0.1 else "zh"
    if script != "latin":
        return {"el": "el", "ar": "ar", "he": "he", "kana": "ja", "hangul": "ko", "thai": "th"}[script]
    scores = dict.fromkeys(_STOP_SETS, 0)
    total = 0
    for m in _WORD.finditer(sample):
        w = m.group(0).lower()
        total += 1
        for lang, sw in _STOP_SETS.items():
            if w in sw:
                scores[lang] += 1
    if total == 0:
        return "und"
    best = max(scores, key=scores.get)
    ranked = sorted(scores.values(), reverse=True)
    # Needs a few stop-words and a margin over the runner-up (es/pt/it share many; a name like
    # "Kim Jong Un" alone must not make a headline Italian).
    if ranked[0] < 3 or ranked[0] < 0.05 * total or ranked[0] < 1.2 * ranked[1]:
        return best if ranked[0] >= 4 and ranked[0] > ranked[1] else "und"
    return best


def _active_langs(language: str | None, text: str) -> tuple[tuple, str, bool]:
    """(table languages, base code, US order) for a language argument like "id", "en-US"."""
    lang = (language or detect_language(text) or "und").replace("_", "-")
    base = lang.split("-")[0].lower()
    us = lang.lower() in ("en-us", "en-ph")
    if base == "ms":
        base = "id"  # Malay shares the Indonesian tables (with Malay spellings in them)
    if base in _L and base != "en":
        return (base, "en"), base, us
    if base == "und":
        return ("id", "en"), base, us  # unsure (short text): the two main tables, both harmless in the other
    return ("en",), base, us


# --------------------------------------------------------------------------------------------
# Candidates
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Cand:
    start: int
    end: int
    kind: str  # ymd | md | my | month | year | weekday | rel | skip
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


def _valid(y: int | None, m: int, d: int) -> bool:
    if not (1 <= m <= 12 and 1 <= d <= 31):
        return False
    return d <= calendar.monthrange(y if y else 2000, m)[1]  # 2000: leap, so 29 Feb passes without a year


def _year4(s: str | None) -> int | None:
    if not s:
        return None
    y = int(s)
    if len(s) == 2:
        y += 2000 if y < 70 else 1900
    return y


def _month_ok(T: _Tables, name: str) -> bool:
    low = name.lower()
    if low in T.caps_needed and not name[0].isupper():
        return False
    # English "May"/"March" as a sentence's first word are usually the verb/modal: need a number then,
    # which the callers check; here we only guard the capitalisation.
    return True


def _collect(text: str, s0: int, s1: int, T: _Tables, us: bool, base: str) -> list[_Cand]:
    seg = text[s0:s1]
    out: list[_Cand] = []

    def add(c: _Cand) -> None:
        out.append(c)

    for m in _RE_ISO.finditer(seg):
        y, mo, d = int(m["y"]), int(m["m"]), int(m["d"])
        if _valid(y, mo, d):
            add(_Cand(s0 + m.start(), s0 + m.end(), "ymd", 0, y, mo, d))

    for m in _RE_NUM.finditer(seg):
        a, b, sep, ys = int(m["a"]), int(m["b"]), m["sep"], m["y"]
        a0 = s0 + m.start()
        y = _year4(ys)
        if sep in ".-" and not (ys and len(ys) == 4):
            continue  # 18.30, 3-1, 2.5: clock times, scores, decimals
        if not ys or len(ys) == 2:
            before = text[max(0, a0 - 40):a0]
            wd_before = re.search(r"([^\W\d_]+)[\s,]*\(?\s*$", before)
            ctx = bool(_RE_NUM_CONTEXT.search(before)) or (
                wd_before is not None and wd_before.group(1).lower() in T.weekday_of)
            if not ctx:
                continue
        note, amb = "", False
        if us and _valid(y, a, b) and a <= 12:
            day, mon = b, a
            note = "month/day order (US English)"
        elif _valid(y, b, a):
            day, mon = a, b
            if base == "en" and not us and a <= 12 and b <= 12 and a != b:
                amb = True
                note = f"day/month assumed; month/day would be {y or '????'}-{a:02d}-{b:02d}"
        elif _valid(y, a, b):
            day, mon = b, a
            note = "month/day order forced by the numbers"
        else:
            continue
        add(_Cand(a0, s0 + m.end(), "md" if y is None else "ymd", 0, y, mon, day, ambiguous=amb, note=note))

    def month_name(m) -> int | None:
        name = m["mon"]
        if not _month_ok(T, name):
            return None
        return T.month_of.get(name.lower())

    for m in _RE_DOM.finditer(seg):
        d = int(m["d"] or m["d2"])
        if 1 <= d <= 31:
            g = "d" if m["d"] else "d2"
            add(_Cand(s0 + (m.start() if g == "d2" else m.start(g) - len(re.search(r"(?:tanggal|tgl\.?)\s+$", seg[:m.start(g)], re.I).group(0))),
                      s0 + m.end(g) + (2 if g == "d2" else 0), "dom", _PRIO["dom"], d=d))

    for m in T.re_dmy.finditer(seg):
        mon = month_name(m)
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
        if y is None and m["dot"] and m["mon"].lower() in T.abbr:
            e = m.end("dot")
        if y is None and m["y"]:  # year group matched an implausible number: stop at the month
            e = m.end("mon")
        add(_Cand(s0 + m.start(), s0 + e, "ymd" if y else "md", 0, y, mon, d1,
                  y2=y if d2 else None, m2=mon if d2 else None, d2=d2))

    for m in T.re_mdy.finditer(seg):
        mon = month_name(m)
        if mon is None:
            continue
        d1 = int(m["d1"])
        d2 = int(m["d2"]) if m["d2"] else None
        y = int(m["y"]) if m["y"] else None
        if y is not None and not (1800 <= y <= 2100):
            y = None
        if not _valid(y, mon, d1) or (d2 is not None and (not _valid(y, mon, d2) or d2 <= d1)):
            continue
        e = m.end() if y is not None else (m.end("d2") if d2 else m.end("d1"))
        if y is None:
            # keep an ordinal suffix in the span ("Sept 17th")
            suf = re.match(r"(?:st|nd|rd|th)(?!\w)", seg[e:], re.I)
            if suf:
                e += suf.end()
        add(_Cand(s0 + m.start(), s0 + e, "ymd" if y else "md", 0, y, mon, d1,
                  y2=y if d2 else None, m2=mon if d2 else None, d2=d2))

    for m in T.re_my.finditer(seg):
        mon = month_name(m)
        y = int(m["y"])
        if mon is None or not (1800 <= y <= 2100):
            continue
        add(_Cand(s0 + m.start(), s0 + m.end(), "my", _PRIO["my"], y, mon))

    for m in T.re_month_only.finditer(seg):
        mon = month_name(m)
        if mon is None:
            continue
        qual = (m["qual"] or "").lower().strip()
        direction = "past" if qual == "last" else "future" if qual == "next" else ""
        st = m.start() if m["qual"] else m.start("mon")
        note = f"{qual} of the month" if qual and qual not in ("last", "next", "this") else ""
        add(_Cand(s0 + st, s0 + m.end(), "month", _PRIO["month"], None, mon, direction=direction, note=note))

    for m in T.re_year.finditer(seg):
        cue = (m["cue"] or "").lower()
        if m["qual"]:
            st = m.start()
        elif cue.endswith("tahun"):
            st = m.start("cue") + cue.index("tahun")  # "pada tahun 1948" -> "tahun 1948"
        else:
            st = m.start("y")
        add(_Cand(s0 + st, s0 + m.end(), "year", _PRIO["year"], int(m["y"]),
                  note=(m["qual"] or "").lower()))

    for m in T.re_weekday.finditer(seg):
        c = _weekday_cand(text, s0, m, T)
        if c is not None:
            add(c)

    for m in T.re_relative.finditer(seg):
        i = int(m.lastgroup[1:])
        kind, amount, lang = T.relative_specs[i]
        word = m.group(0)
        if kind != "skip":
            low = word.lower()
            if lang == "de" and low == "morgen" and word[0].isupper():
                continue  # "Morgen" = morning
            if lang == "en" and low.endswith("today") and word[0].isupper():
                prev = text[max(0, s0 + m.start() - 30):s0 + m.start()]
                if re.search(r"[A-Z][\w.]*\s+$", prev):
                    continue  # "Russia Today", "USA Today"
            if lang == "en" and low == "next day" and re.match(r"\s+(?:delivery|shipping)", seg[m.end():]):
                continue
        if isinstance(amount, str):
            n = _number(m[f"n{i}"], T.numbers)
            if n is None:
                continue
            amount = n if amount[0] == "+" else -n
        add(_Cand(s0 + m.start(), s0 + m.end(), "skip" if kind == "skip" else "rel", _PRIO["skip" if kind == "skip" else "rel"],
                  rel=(kind, amount)))
    return out


def _number(s: str | None, numbers: dict) -> int | None:
    if not s:
        return None
    s = re.sub(r"\s+", " ", s.lower())
    if s.isdigit():
        return int(s)
    return numbers.get(s)


def _weekday_cand(text: str, s0: int, m: re.Match, T: _Tables) -> _Cand | None:
    name = m["wd"]
    low = name.lower()
    wd = T.weekday_of.get(low)
    if wd is None:
        return None
    a = s0 + m.start()
    w0, w1 = s0 + m.start("wd"), s0 + m.end("wd")
    after = text[w1:w1 + 40]
    before = text[max(0, w0 - 40):w0]
    if low == "minggu":
        dated = re.match(r"[\s,]*\(?\s*\d{1,2}\s*[/ ]", after) is not None
        if not dated:
            if re.search(r"\bhari\s+$", before, re.I):
                pass  # "hari Minggu" is Sunday
            elif _MINGGU_WEEK_AFTER.match(after) or _MINGGU_COUNT_BEFORE.search(before):
                return None
            elif not name[0].isupper():
                return None
    if low in _L["en"].weekdays:
        if _NAMED_DAY_BEFORE.search(text[max(0, a - 20):a]) or _NEWSPAPER_AFTER.match(after):
            return None
    pre = (m["pre"] or "").lower()
    tail = (m["tail"] or "").lower()
    direction = ""
    for L in (_L[c] for c in T.langs):
        if pre and L.wd_pre_past and re.fullmatch(L.wd_pre_past, pre, re.I):
            direction = "past"
        elif pre and L.wd_pre_future and re.fullmatch(L.wd_pre_future, pre, re.I):
            direction = "future"
        for t in tail.split():
            if L.wd_post_past and re.fullmatch(L.wd_post_past, t, re.I):
                direction = "past"
            elif L.wd_post_future and re.fullmatch(L.wd_post_future, t, re.I):
                direction = "future"
    # "yang lalu" is two words: check the whole tail too
    if re.search(r"\byang\s+lalu\b", tail):
        direction = "past"
    end = s0 + m.end()
    return _Cand(a, end, "weekday", _PRIO["weekday"], wd=wd, direction=direction)


def _select(cands: list[_Cand]) -> list[_Cand]:
    """Longest candidates first (then by kind priority); drop those overlapping a kept one."""
    kept: list[_Cand] = []
    for c in sorted(cands, key=lambda c: (-(c.end - c.start), c.prio, c.start)):
        if all(c.end <= k.start or c.start >= k.end for k in kept):
            kept.append(c)
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


def resolve_weekday(weekday: int, reference: date, future: bool = False, strict: bool = False) -> date:
    """The date of `weekday` (0 = Monday) nearest to `reference`.

    Past reading (default): on or before the reference, within the 6 days before it.
    Future reading: on or after it, within the 6 days after. `strict` excludes the reference
    day itself ("last Tuesday" said on a Tuesday is a week before).
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
             anchor: date | None) -> DateRef:
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
        options = []
        for k in (-1, 0, 1):
            y, mo = _add_months(reference.year, reference.month, k)
            if _valid(y, mo, c.d):
                dt = date(y, mo, c.d)
                options.append((abs((dt - reference).days), dt))
        if not options:
            return mk(value=None, basis="partial", note="invalid day of month")
        return mk(value=min(options)[1], basis="partial", note="day of month only; month from reference")
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
        if future is not None:
            fut, why = future, "future hint" if future else "past hint"
        else:
            fut, cue = _future_hint(text, c.start, c.end, T)
            why = f"future cue '{cue}'" if fut else "past (default)"
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
                  note=f"{amount:+d} days from {anchor.isoformat()} (previous date in text)")
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


def find_dates(text: str, reference: date | None, language: str | None = None, start: int = 0,
               end: int | None = None, *, future: bool | None = None) -> list[DateRef]:
    """Every date expression in text[start:end], resolved against `reference` (the document date).

    Offsets are into `text`. `language`: ISO code ("id", "en", "en-US", ...); None = detect from
    the whole text. `future`: how bare weekdays and bare months read (True = upcoming, False =
    past); None = decide per sentence from tense cues. The note says which was used and gives the
    other reading for weekdays.
    """
    end = len(text) if end is None else min(end, len(text))
    start = max(0, start)
    if start >= end:
        return []
    langs, base, us = _active_langs(language, text)
    T = _tables(langs)
    cands = _merge(text, _select(_collect(text, start, end, T, us, base)), T, end)
    if base not in HAND_LANGUAGES and base not in ("und", "en", "ms"):
        cands_dp = _dateparser_refs(text, reference, base)
        taken = [(c.start, c.end) for c in cands]
        extra = [r for r in cands_dp if start <= r.start and r.end <= end
                 and all(r.end <= a or r.start >= b for a, b in taken)]
    else:
        extra = []
    out: list[DateRef] = []
    anchor: date | None = None
    need_anchor = any(c.kind == "rel" and c.rel[0] == "anaphor" for c in cands)
    if need_anchor and start > 0:
        prior = find_dates(text, reference, language, max(0, start - 1500), start, future=future)
        for r in prior:
            if r.value is not None and r.precision == "day":
                anchor = r.value
    for c in cands:
        if c.kind == "skip":
            continue
        r = _resolve(text, c, reference, T, future, anchor)
        if r.value is not None and r.precision == "day":
            anchor = r.value
        out.append(r)
    if extra:
        out = sorted(out + extra, key=lambda r: r.start)
    return _in_sequence(text, out)


# Words that put what follows after what precedes ("Tuesday ... before leaving on Wednesday").
_THEN = re.compile(r"\b(?:then|before|afterwards|later|sebelum|lalu|kemudian|selanjutnya|puis|avant de|ensuite|"
                   r"luego|antes de|después|poi|prima di|dann|danach)\b", re.I)


def _in_sequence(text: str, refs: list[DateRef]) -> list[DateRef]:
    """A bare weekday told after an earlier date with "then/before/avant de" between them is not
    before that date: "Mardi, il s'est rendu au Parlement avant de partir mercredi" is the next
    day, not last Wednesday."""
    out = list(refs)
    for i in range(1, len(out)):
        r, prev = out[i], out[i - 1]
        if r.basis == "weekday" and r.value and prev.value and r.value < prev.value and \
                (prev.value - r.value).days < 7 and _THEN.search(text, prev.end, r.start):
            out[i] = replace(r, value=r.value + timedelta(days=7),
                             note=f"the day after {prev.text!r} in the sentence's sequence")
    return out


_DATELINE_LINE = re.compile(
    r"^[\W\d_]*(?:(?:published|updated|posted|last\s+updated|diterbitkan|dipublikasikan|diperbarui|"
    r"terbit|diunggah|publicado|pubblicato|publié|veröffentlicht|date|tanggal)\b[^\n]*?)?$", re.I)
_DATELINE_LEAD = re.compile(r"^\s*[A-Z][A-Za-z .'’-]{1,40},\s*$")
_LINE_REST_OK = re.compile(
    r"^[\s,|/•·:()\-–—]*(?:(?:pukul|at|jam)\s*)?(?:\d{1,2}[:.]\d{2}(?:[:.]\d{2})?)?\s*"
    r"(?:WIB|WITA|WIT|GMT|UTC|[AP]\.?M\.?|[+-]\d{2}:?\d{2}|\(?UTC[+-]?\d*\)?)?[\s,|/•·:()\-–—]*$", re.I)


def document_date(text: str, body_start: int = 0) -> DateRef | None:
    """The document's own date when it has no front-matter date.

    1. A dateline: a full date on a line of its own near the top (weekday, time and zone
       allowed: "Selasa, 12 September 2023 11:54 WIB", "Published: Sept. 12, 2023"), or right
       after a place dateline ("MOSKOW, 14 September 2023 -").
    2. Else the first full (day-month-year) date in the body.
    None otherwise. The note says which rule applied.
    """
    body_end = len(text)
    found = [r for r in find_dates(text, None, None, body_start, body_end)
             if r.value is not None and r.precision == "day" and r.basis == "explicit" and r.value_end is None]
    if not found:
        return None
    head_end = body_start + 800
    for r in found:
        if r.start > head_end:
            break
        ls = text.rfind("\n", 0, r.start) + 1
        le = text.find("\n", r.end)
        le = len(text) if le < 0 else le
        before, after = text[ls:r.start], text[r.end:le]
        label_ok = _DATELINE_LINE.match(before) is not None
        if label_ok and _LINE_REST_OK.match(after):
            return replace(r, note="dateline (date line near the top)")
        if _DATELINE_LEAD.match(before) and re.match(r"\s*(?:\([^)]*\)\s*)?[-–—]", after):
            return replace(r, note="dateline (place, date -)")
    return replace(found[0], note="first full date in the body")


_DUR_SKIP_AFTER = re.compile(r"[\s-]+(?:ago|lalu|yang\s+lalu|kemudian|later|earlier|before|sebelumnya|old)\b", re.I)


def find_durations(text: str, language: str | None = None) -> list[tuple[int, int, float]]:
    """Spans of durations ("selama enam hari", "seminggu", "a week-long visit", "six-day trip").

    Returns (start, end, days); hours and minutes give fractions of a day, months 30 days,
    years 365. Phrases that date something ("dua hari lalu", "two days later") are excluded.
    """
    langs, _, _ = _active_langs(language, text)
    T = _tables(langs)
    out: list[tuple[int, int, float]] = []
    for m in T.re_duration.finditer(text):
        unit_days = next(T.duration_units[int(k[1:])][1] for k, v in m.groupdict().items()
                         if k.startswith("u") and v is not None)
        if m["se"]:
            if m.group(0).lower() == "semalam" and not re.search(
                    r"(?:selama|menginap|bermalam|hanya|cuma)\s+$", text[max(0, m.start() - 12):m.start()], re.I):
                continue  # "semalam" alone is "last night"
            n = 1.0
        else:
            raw = m["n"].lower()
            n = float(raw.replace(",", ".")) if raw[0].isdigit() else float(_number(raw, T.numbers) or 0)
        if n <= 0:
            continue
        st = m.start()
        sel = re.search(r"(?:selama|for|during|dalam|hampir|sekitar)\s+$", text[max(0, st - 12):st], re.I)
        if sel:
            st -= len(sel.group(0))
        en = m.end()
        lng = re.match(r"[\s-]*long(?!\w)", text[en:en + 8], re.I)
        if lng:
            en += lng.end()
        out.append((st, en, n * unit_days))
    # "week-long" / "weeklong" without a number
    for m in re.finditer(r"(?<![\w-])(?:a\s+)?(week|month|year|day)-?long(?!\w)", text, re.I):
        days = {"day": 1.0, "week": 7.0, "month": 30.0, "year": 365.0}[m.group(1).lower()]
        if all(m.end() <= a or m.start() >= b for a, b, _ in out):
            out.append((m.start(), m.end(), days))
    out.sort()
    return out


# --------------------------------------------------------------------------------------------
# dateparser fallback for languages without hand tables
# --------------------------------------------------------------------------------------------

_DP_CLOCK = re.compile(r"\d{1,2}[:.]\d{2}")


@lru_cache(maxsize=16)
def _dateparser_refs(text: str, reference: date | None, lang: str) -> tuple[DateRef, ...]:
    try:
        from dateparser.search import search_dates  # heavy import: only when needed
    except ImportError:
        return ()
    from datetime import datetime

    settings = {"DATE_ORDER": "DMY", "PREFER_DATES_FROM": "past", "RETURN_AS_TIMEZONE_AWARE": False}
    if reference is not None:
        settings["RELATIVE_BASE"] = datetime(reference.year, reference.month, reference.day)
    try:
        found = search_dates(text, languages=[lang], settings=settings) or []
    except Exception:  # dateparser raises on unknown languages and odd input
        return ()
    out: list[DateRef] = []
    pos = 0
    for span, dt in found:
        i = text.find(span, pos)
        if i < 0:
            continue
        pos = i + len(span)
        s = span.strip()
        i += span.index(s) if s else 0
        if not s or _DP_CLOCK.search(s):
            continue
        nums = [int(x) for x in re.findall(r"\d+", s)]
        years = [n for n in nums if 1800 <= n <= 2100]
        days = [n for n in nums if 1 <= n <= 31]
        letters = re.findall(r"[^\W\d_]{3,}", s)
        value = dt.date()
        if nums:
            # a day number must be the parsed day, and other numbers must be the year
            if not letters and not years:
                continue
            if days and value.day not in days:
                continue
            if not days and not years:
                continue
            if any(n not in days and n not in years for n in nums):
                continue
            if years and value.year not in years:
                continue
            precision = "day" if days else "month"
            basis = "explicit" if years else "partial"
            if precision == "month":
                value = value.replace(day=1)
            out.append(DateRef(i, i + len(s), s, value, precision=precision, basis=basis, note="dateparser"))
        else:
            if reference is None or len(s.split()) > 3:
                continue
            delta = (value - reference).days
            if not -6 <= delta <= 2:
                continue  # "a week", "a month": durations more often than dates
            out.append(DateRef(i, i + len(s), s, value, basis="relative", note="dateparser"))
    return tuple(out)
