"""Distance claims: find "N km" expressions, find the two places they join, and check them.

    find_distance_expressions(text, ...) -> [DistanceExpression]   (numbers, units, qualifiers)
    find_claims(document, mentions)      -> [Claim]                (ends, measurement, verdict)

A claim is judged against a straight-line measurement (geodesic on WGS84 between gazetteer
points, or to the nearest point of a border line / country outline from geodesy.py). The
thresholds of every verdict live in the two tables right below, so they can be quoted.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Sequence

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
# Language tables. Keys are ISO 639-1 codes; "ms" reads as "id". None/unknown uses all of them.
# ---------------------------------------------------------------------------------------------
QUALIFIERS: dict[str, dict[str, str]] = {
    "id": {
        "sekitar": "approx", "sekira": "approx", "kurang lebih": "approx", "lebih kurang": "approx",
        "kira-kira": "approx", "kira kira": "approx", "hampir": "approx", "mendekati": "approx",
        "lebih dari": "more_than", "lebih dari sekitar": "more_than", "kurang dari": "less_than",
        "hingga": "at_most", "sampai": "at_most", "sampai dengan": "at_most", "maksimal": "at_most",
        "paling jauh": "at_most", "setidaknya": "at_least", "sedikitnya": "at_least",
        "minimal": "at_least", "paling sedikit": "at_least",
        # "sejauh" (a distance of), "sepanjang" (a length of), "hanya" (only): the figure as given
        "sejauh": "exact", "sepanjang": "exact", "hanya": "exact", "hanya sekitar": "approx",
    },
    "en": {
        "about": "approx", "around": "approx", "some": "approx", "roughly": "approx",
        "approximately": "approx", "approx.": "approx", "an estimated": "approx", "nearly": "approx",
        "almost": "approx", "close to": "approx", "circa": "approx", "more than": "more_than",
        "over": "more_than", "just over": "more_than", "upwards of": "more_than",
        "in excess of": "more_than", "less than": "less_than", "under": "less_than",
        "just under": "less_than", "fewer than": "less_than", "within": "at_most", "up to": "at_most",
        "at most": "at_most", "no more than": "at_most", "at least": "at_least",
        "no less than": "at_least", "only": "exact",
    },
    "es": {
        "cerca de": "approx", "casi": "approx", "unos": "approx", "unas": "approx",
        "alrededor de": "approx", "aproximadamente": "approx", "más de": "more_than",
        "menos de": "less_than", "hasta": "at_most", "al menos": "at_least", "por lo menos": "at_least",
    },
    "it": {
        "circa": "approx", "quasi": "approx", "oltre": "more_than", "più di": "more_than",
        "meno di": "less_than", "fino a": "at_most", "almeno": "at_least",
    },
    "pt": {
        "cerca de": "approx", "quase": "approx", "aproximadamente": "approx", "mais de": "more_than",
        "menos de": "less_than", "até": "at_most", "pelo menos": "at_least",
    },
    "de": {
        "etwa": "approx", "rund": "approx", "ungefähr": "approx", "ca.": "approx", "fast": "approx",
        "knapp": "approx", "mehr als": "more_than", "über": "more_than", "weniger als": "less_than",
        "unter": "less_than", "bis zu": "at_most", "höchstens": "at_most", "mindestens": "at_least",
    },
    "fr": {
        "environ": "approx", "près de": "approx", "presque": "approx", "quelque": "approx",
        "plus de": "more_than", "moins de": "less_than", "jusqu'à": "at_most", "au moins": "at_least",
    },
}
SYMBOL_QUALIFIERS = {"±": "approx", "~": "approx", "≈": "approx", "c.": "approx", "ca.": "approx"}

# Multipliers written as words after a figure ("5 ribu", "1,2 juta", "8 mil 278").
MULTIPLIERS: dict[str, dict[str, float]] = {
    "id": {"ribu": 1e3, "juta": 1e6},
    "en": {"thousand": 1e3, "million": 1e6},
    "es": {"mil": 1e3, "millón": 1e6, "millones": 1e6},
    "it": {"mila": 1e3, "mille": 1e3, "milione": 1e6, "milioni": 1e6},
    "pt": {"mil": 1e3, "milhão": 1e6, "milhões": 1e6},
    "de": {"tausend": 1e3, "millionen": 1e6, "million": 1e6},
    "fr": {"mille": 1e3, "million": 1e6, "millions": 1e6},
}
# Small number words (optional nicety).
NUMBER_WORDS: dict[str, dict[str, float]] = {
    "id": {"satu": 1, "dua": 2, "tiga": 3, "empat": 4, "lima": 5, "enam": 6, "tujuh": 7,
           "delapan": 8, "sembilan": 9, "sepuluh": 10, "seratus": 100, "seribu": 1000, "setengah": 0.5},
    "en": {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
           "nine": 9, "ten": 10, "a hundred": 100, "one hundred": 100, "a thousand": 1000, "half a": 0.5},
}
# Units: surface word -> canonical unit. Longer words are tried first.
_COMMON_UNITS = {
    "km": "km", "kms": "km", "kilometer": "km", "kilometers": "km", "kilometre": "km",
    "kilometres": "km", "kilo meter": "km", "m": "m", "meter": "m", "meters": "m", "metre": "m", "metres": "m",
    "verst": "verst", "versts": "verst", "versta": "verst", "versty": "verst", "werst": "verst",
}
UNITS: dict[str, dict[str, str]] = {
    "id": {"mil": "mi", "mil laut": "nmi"},
    "en": {"mi": "mi", "mile": "mi", "miles": "mi", "nautical mile": "nmi", "nautical miles": "nmi", "nmi": "nmi"},
    "es": {"kilómetro": "km", "kilómetros": "km", "metro": "m", "metros": "m", "milla": "mi",
           "millas": "mi", "milla náutica": "nmi", "millas náuticas": "nmi"},
    "it": {"chilometro": "km", "chilometri": "km", "metro": "m", "metri": "m", "miglio": "mi",
           "miglia": "mi", "miglia nautiche": "nmi", "miglia marine": "nmi"},
    "pt": {"quilômetro": "km", "quilômetros": "km", "quilómetro": "km", "quilómetros": "km",
           "metro": "m", "metros": "m", "milha": "mi", "milhas": "mi", "milhas náuticas": "nmi"},
    "de": {"kilometern": "km", "meile": "mi", "meilen": "mi", "seemeile": "nmi", "seemeilen": "nmi"},
    "fr": {"kilomètre": "km", "kilomètres": "km", "mètre": "m", "mètres": "m", "milles": "mi",
           "milles nautiques": "nmi", "milles marins": "nmi"},
}
# Connectors of a range "200-250 km", "200 hingga 250 km" (the "between A and B" form is below).
RANGE_WORDS = {"id": ["hingga", "sampai", "s/d", "s.d."], "en": ["to"], "es": ["a"], "it": ["a"],
               "pt": ["a"], "de": ["bis"], "fr": ["à"]}
BETWEEN_WORDS = {"id": ["antara"], "en": ["between"], "es": ["entre"], "it": ["tra", "fra"],
                 "pt": ["entre"], "de": ["zwischen"], "fr": ["entre"]}
AND_WORDS = {"id": ["dan", "dengan", "hingga", "sampai", "ke"], "en": ["and"], "es": ["y", "e"],
             "it": ["e", "ed"], "pt": ["e"], "de": ["und"], "fr": ["et"]}

# Context that makes a figure no travel distance (checked in the sentence around it).
EXCLUDE_BEFORE = {  # why -> words within ~60 characters before the figure
    "weapon-range": ["jangkauan", "daya jelajah", "jarak tembak", "jarak jangkau", "rudal", "misil",
                     "roket", "hulu ledak", "range", "missile", "missiles", "rocket", "icbm",
                     "alcance", "gittata", "reichweite", "rakete", "portée"],
    "area": ["luas", "area of", "superficie", "fläche"],
    "altitude": ["ketinggian", "altitude", "elevation", "elevasi", "kedalaman", "depth", "altura",
                 "altitud", "profundidad", "quota", "profondità", "höhe", "tiefe", "hauteur",
                 "profondeur"],
    "radius": ["radius", "radio", "raggio", "umkreis", "rayon"],
    "speed": ["kecepatan", "speed", "velocidad", "velocità", "geschwindigkeit", "vitesse"],
    "length": ["panjang", "panjangnya", "length", "longitud", "lunghezza", "länge", "longueur",
               "membentang", "stretches", "stretching"],
}
EXCLUDE_AFTER = {  # why -> words right after the expression (within ~25 characters)
    "altitude": ["deep", "high", "tall", "above sea level", "below sea level", "di atas permukaan laut",
                 "dpl", "mdpl", "underground", "di bawah tanah", "de altura", "de profundidad",
                 "sobre el nivel", "di altezza", "di profondità", "tief", "hoch"],
    "radius": ["radius", "radio", "raggio", "umkreis", "rayon"],
    "length": ["long", "panjangnya", "de largo", "de longitud", "di lunghezza", "lang", "lange",
               "de long"],
    "width": ["wide", "lebar", "lebarnya", "de ancho", "di larghezza", "breit"],
}
# "the 17-km border", "sungai 4.400 km": a figure tied to a border, river, road ... is its length.
LENGTH_NOUNS = ["perbatasan", "sungai", "jalan", "jalan tol", "tol", "rel", "jalur", "pipa",
                "tembok", "pagar", "jembatan", "terowongan", "garis pantai", "border", "frontier",
                "river", "road", "highway", "motorway", "railway", "railroad", "rail line", "line",
                "pipeline", "tunnel", "bridge", "coastline", "wall", "fence", "frontera", "río",
                "carretera", "confine", "fiume", "strada", "grenze", "fluss", "frontière", "fleuve"]
JOURNEY_BEFORE = ["perjalanan", "menempuh", "jarak tempuh", "journey", "trip", "voyage", "ride",
                  "trek", "flight", "covered", "covering", "travelled", "traveled", "travelling",
                  "traveling", "fly", "flew", "drove", "recorrió", "recorrer", "recorrido", "viaje",
                  "vuelo", "viaggio", "percorso", "percorrendo", "volo", "reise", "fahrt", "flug",
                  "trajet", "parcouru", "voyage"]
JOURNEY_AFTER = ["journey", "trip", "train journey", "train ride", "ride", "flight", "voyage",
                 "trek", "drive", "perjalanan", "ditempuh", "penerbangan", "de viaje", "di viaggio",
                 "lange reise", "lange fahrt"]

# Cues used to find the ends of a claim (find_claims).
FROM_CUES = {
    "id": ["dari", "ke arah", "menuju"],
    "en": ["from", "of", "outside", "to"],
    "es": ["de", "desde", "del"],
    "it": ["da", "di", "dal", "dalla"],
    "pt": ["de", "do", "da", "desde"],
    "de": ["von", "vom", "entfernt von"],
    "fr": ["de", "du", "depuis"],
}
DIRECTIONS = {  # compass phrases that also act as a "from" cue ("200 km utara Jakarta")
    "id": [r"(?:di\s+)?(?:sebelah\s+)?(?:utara|selatan|timur|barat|timur laut|barat laut|tenggara|barat daya)"
           r"(?:\s+(?:dari|kota))?"],
    "en": [r"(?:north|south|east|west|north-?east|north-?west|south-?east|south-?west)(?:ern)?\s+of"],
    "es": [r"al\s+(?:norte|sur|este|oeste|noreste|noroeste|sureste|suroeste)\s+de"],
    "it": [r"a\s+(?:nord|sud|est|ovest|nord-est|nord-ovest|sud-est|sud-ovest)\s+di"],
    "pt": [r"a[o]?\s+(?:norte|sul|leste|oeste)\s+de"],
    "de": [r"(?:nördlich|südlich|östlich|westlich)\s+(?:von)?"],
    "fr": [r"au\s+(?:nord|sud|est|ouest)\s+de"],
}
AWAY_WORDS = ["away", "jauhnya", "jauh", "lagi", "entfernt", "lontano", "de distancia", "di distanza"]
TO_CUES = {"id": ["ke", "menuju", "hingga", "sampai"], "en": ["to", "into", "towards"],
           "es": ["a", "hasta", "hacia"], "it": ["a", "fino a", "verso"], "pt": ["a", "até", "para"],
           "de": ["nach", "bis"], "fr": ["à", "jusqu'à", "vers"]}
SEPARATE_WORDS = {"id": ["memisahkan"], "en": ["separate", "separates", "separating"],
                  "es": ["separan", "separa"], "it": ["separano", "separa"], "pt": ["separam", "separa"],
                  "de": ["trennen", "trennt"], "fr": ["séparent", "sépare"]}
SEPARATE_CONNECTORS = {"id": ["dari", "dan", "dengan"], "en": ["from", "and"],
                       "es": ["de", "del", "y"], "it": ["da", "dal", "dalla", "e"],
                       "pt": ["de", "do", "da", "e"], "de": ["von", "und"], "fr": ["de", "du", "et"]}
BORDER_WORDS = ["perbatasan", "tapal batas", "border", "borders", "frontier", "frontera", "confine",
                "fronteira", "grenze", "frontière"]
COAST_WORDS = ["lepas pantai", "pantai", "pesisir", "coast", "coastline", "shore", "costa", "côte",
               "küste"]
BORDER_WITH = ["dengan", "with", "con", "mit", "avec", "com", "between", "antara"]
BOILERPLATE = re.compile(r"^\s*(baca juga|baca berita|lihat juga|simak|read also|read more|see also|"
                         r"advertisement|iklan|leer también|lee también|leggi anche)\b", re.I)
# Words a claim's end may carry before the place name ("dari stasiun Khasan", "from the city of").
MAX_GAP_WORDS = 3


def _lang_keys(language: str | None) -> tuple[str, ...]:
    lang = (language or "").lower().split("-")[0].split("_")[0]
    lang = {"ms": "id", "in": "id"}.get(lang, lang)
    return (lang,) if lang in QUALIFIERS else tuple(QUALIFIERS)


def _merged(table: dict, keys: tuple[str, ...]) -> dict:
    out: dict = {}
    for k in keys:
        value = table.get(k, {})
        if isinstance(value, dict):
            out.update(value)
        else:
            out.update(dict.fromkeys(value))
    return out


def _alt(words) -> str:
    """A regex alternation of literal words, longest first, spaces matching any whitespace."""
    ordered = sorted(set(words), key=len, reverse=True)
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in ordered)


# A figure: grouped thousands "1.180" / "1,180" / "1 180" (no-break spaces), or a plain decimal.
_NUM = (r"(?<![\w.,/])(?:\d{1,3}(?:[.,\u00a0\u202f]\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?)(?![\d])")
_LETTER_AFTER = r"(?![^\W\d_²³])"  # the unit must not run on into a word ("5 menit")


@dataclass(frozen=True)
class _Tables:
    pattern: re.Pattern
    qualifier_re: re.Pattern
    qualifiers: dict
    multipliers: dict
    number_words: dict
    units: dict
    journey_before: re.Pattern
    journey_after: re.Pattern
    exclude_before: tuple[tuple[str, re.Pattern], ...]
    exclude_after: tuple[tuple[str, re.Pattern], ...]
    length_noun_after: re.Pattern
    length_noun_before: re.Pattern
    places_follow: re.Pattern


@lru_cache(maxsize=16)
def _tables(keys: tuple[str, ...]) -> _Tables:
    qualifiers = _merged(QUALIFIERS, keys)
    mult = _merged(MULTIPLIERS, keys)
    words = _merged(NUMBER_WORDS, keys)
    units = dict(_COMMON_UNITS)
    units.update(_merged(UNITS, keys))
    ambiguous_mil = "mil" in units and "mil" in mult  # several languages at once
    if ambiguous_mil:
        del mult["mil"]  # decided by shape below: "8 mil 278 km" vs "159 mil"
    mult_alt = _alt(mult) + (r"|mil(?=\s+(?:\d|" + _alt(units) + r"))" if ambiguous_mil else "")
    num_word = _alt(words) if words else r"(?!x)x"
    numexpr = (rf"(?:{_NUM}|(?<!\w)(?:{num_word})(?!\w))"
               rf"(?:\s+(?:{mult_alt})(?!\w)(?:\s+\d{{1,3}}(?![\d.,]\d))?)?")
    # Unit words; single letters only in lower case ("M" is "miliar"/"million" in money figures).
    unit_words = _alt([u for u in units if u not in ("m", "mi")])
    unit = rf"(?:(?i:{unit_words})|(?-i:m|mi)(?=\b))" if "en" in keys else rf"(?:(?i:{unit_words})|(?-i:m)(?=\b))"
    # Speeds and areas as units, so that they are seen (and excluded) rather than half-read.
    speed_unit = r"(?i:km/h|kmh|kph|km/jam|km\s*/\s*j(?:am)?|mph|km/hr)(?![^\W\d_])"
    rng = _alt(sum((RANGE_WORDS.get(k, []) for k in keys), []))
    between = _alt(sum((BETWEEN_WORDS.get(k, []) for k in keys), []))
    and_ = _alt(sum((AND_WORDS.get(k, []) for k in keys), []))
    square = r"(?:square|sq\.?|persegi|quadrat)\s+"
    pattern = re.compile(
        rf"(?:(?P<btw>(?i:{between}))\s+(?P<bn1>{numexpr})(?:\s*(?:{unit}))?\s+(?i:{and_})\s+(?P<bn2>{numexpr})"
        rf"|(?P<n1>{numexpr})(?:\s*(?P<u0>{unit}))?(?:\s*(?:[-‑–—]|\s(?i:{rng})\s)\s*(?P<n2>{numexpr}))?)"
        rf"\s*(?P<hy>[-‑]\s*)?(?P<sq>(?i:{square}))?(?:(?P<speed>{speed_unit})|(?P<unit>{unit}){_LETTER_AFTER})"
        rf"(?P<conv>\s*\(\s*(?:[~≈±]|(?i:{_alt(qualifiers)})\s+)?\s*(?P<n3>{_NUM})\s*(?P<u3>{unit}){_LETTER_AFTER}\s*\))?",
    )
    qualifier_re = re.compile(
        rf"(?:^|(?<=[\s(\"'“‘,]))(?P<q>(?i:{_alt(qualifiers)})|{_alt(SYMBOL_QUALIFIERS)})\s*$")
    ex_before = tuple((why, re.compile(rf"(?i)(?<!\w)(?:{_alt(w)})(?!\w)")) for why, w in EXCLUDE_BEFORE.items())
    ex_after = tuple((why, re.compile(rf"(?i)^[\s,]*(?:{_alt(w)})(?!\w)")) for why, w in EXCLUDE_AFTER.items())
    to_words = _alt(sum((TO_CUES.get(k, []) for k in keys), []))
    from_words = _alt(sum((FROM_CUES.get(k, []) for k in keys), []))
    return _Tables(
        pattern=pattern,
        qualifier_re=qualifier_re,
        qualifiers={k.lower(): v for k, v in qualifiers.items()},
        multipliers={k.lower(): v for k, v in mult.items()} | ({"mil": 1e3} if ambiguous_mil else {}),
        number_words={k.lower(): v for k, v in words.items()},
        units={k.lower(): v for k, v in units.items()},
        journey_before=re.compile(rf"(?i)(?<!\w)(?:{_alt(JOURNEY_BEFORE)})(?!\w)"),
        journey_after=re.compile(rf"(?i)^[\s,]*(?:\w+\s+)?(?:{_alt(JOURNEY_AFTER)})(?!\w)"),
        exclude_before=ex_before,
        exclude_after=ex_after,
        length_noun_after=re.compile(rf"(?i)^\s*(?:[-‑]\s*)?(?:long\s+|panjang\s+)?(?:{_alt(LENGTH_NOUNS)})(?!\w)"),
        length_noun_before=re.compile(rf"(?i)(?<!\w)(?:{_alt(LENGTH_NOUNS)})\s+(?:\w+\s+){{0,2}}$"),
        places_follow=re.compile(
            rf"(?i)(?<!\w)(?:(?:{from_words})\s+\S.*?\s(?:{to_words})|(?:{between})\s+\S.*?\s(?:{and_}))\s+\S"),
    )


def parse_number(s: str, multipliers: dict | None = None, number_words: dict | None = None) -> float:
    """The value of a figure as written: "1.180" -> 1180, "2,5" -> 2.5, "1,2 juta" -> 1.2e6,
    "8 mil 278" -> 8278 (Spanish). Shape decides: a separator followed by exactly three digits
    groups thousands (in every language here), any other single separator is the decimal mark.
    """
    s = s.strip()
    parts = s.split()
    mult, tail = 1.0, 0.0
    multipliers = multipliers or {}
    number_words = number_words or {}
    low = s.lower()
    for word, value in sorted(number_words.items(), key=lambda kv: -len(kv[0])):
        if low == word or low.startswith(word + " "):
            rest = s[len(word):].split()
            if rest and rest[0].lower() in multipliers:
                return value * multipliers[rest[0].lower()]
            return value
    if len(parts) >= 2 and parts[1].lower() in multipliers:
        mult = multipliers[parts[1].lower()]
        if len(parts) >= 3:
            tail = float(parts[2])
    return _figure(parts[0]) * mult + tail


def _figure(t: str) -> float:
    t = t.replace("\u00a0", "").replace("\u202f", "")
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

    Figures that are no travel distance (weapon ranges, speeds, areas, altitudes, lengths of
    borders or rivers, radii) get kind "excluded:<why>" and are left out unless
    include_excluded is true.
    """
    end = len(text) if end is None else end
    tables = _tables(_lang_keys(language))
    out: list[DistanceExpression] = []
    for m in tables.pattern.finditer(text, start, end):
        expr = _expression(text, m, tables, start)
        if expr is not None and (include_excluded or not expr.kind.startswith("excluded")):
            out.append(expr)
    return out


def _expression(text: str, m: re.Match, t: _Tables, floor: int) -> DistanceExpression | None:
    n1 = m.group("bn1") or m.group("n1")
    n2 = m.group("bn2") or m.group("n2")
    speed = m.group("speed")
    unit_word = (m.group("unit") or m.group("u0") or "km").lower()
    unit_word = re.sub(r"\s+", " ", unit_word)
    unit = t.units.get(unit_word, "km") if not speed else "km"
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
    # Qualifier right before the figure.
    begin = m.start()
    qualifier = "exact"
    qm = t.qualifier_re.search(text, max(s_start, begin - 40), begin)
    if qm:
        word = re.sub(r"\s+", " ", qm.group("q").lower())
        qualifier = t.qualifiers.get(word) or SYMBOL_QUALIFIERS.get(word, "approx")
        begin = qm.start("q")
    values = [(v1, unit)] + ([(v2, unit)] if v2 is not None else [])
    conversion_ok = None
    digits = [n1] + ([n2] if n2 else [])
    if m.group("conv"):
        u3 = t.units.get(re.sub(r"\s+", " ", m.group("u3").lower()), "km")
        v3 = _figure(m.group("n3"))
        values.append((v3, u3))
        digits.append(m.group("n3"))
        if u3 != unit:
            conversion_ok = _conversion_agrees(v1, unit, n1, v3, u3, m.group("n3"))
    factor = KM_PER[unit]
    expr_text = text[begin:m.end()]
    kind = _kind(text, begin, m, s_start, s_end, t, unit, speed)
    return DistanceExpression(
        start=begin, end=m.end(), text=expr_text, value_km=v1 * factor,
        value_km_high=None if v2 is None else v2 * factor, qualifier=qualifier, unit=unit,
        values=tuple(values), conversion_ok=conversion_ok, kind=kind, digits=tuple(digits))


def _conversion_agrees(v1: float, u1: str, w1: str, v2: float, u2: str, w2: str) -> bool:
    converted = v1 * KM_PER[u1] / KM_PER[u2]
    slack = CONVERSION_TOLERANCE * v2 + _half_unit(w2) + _half_unit(w1) * KM_PER[u1] / KM_PER[u2]
    return abs(converted - v2) <= slack


def _kind(text: str, begin: int, m: re.Match, s_start: int, s_end: int, t: _Tables,
          unit: str, speed: str | None) -> str:
    after = text[m.end():min(s_end, m.end() + 40)]
    before = text[max(s_start, begin - 60):begin]
    if speed or re.match(r"(?i)^\s*(?:/\s*(?:jam|j|h|hr|hour|jam|s|detik|sec|menit|min|l|liter|litre)\b|"
                         r"per\s+(?:jam|hour|hora|ora|stunde|heure|detik|second|liter|litre)\b|an?\s+hour\b|"
                         r"sejam\b|ph\b)", after):
        return "excluded:speed"
    if m.group("sq") or re.match(r"(?i)^(?:²|2\b|\s*persegi\b|\s*square\b|\s*carré)", after):
        return "excluded:area"
    whole_sentence_after = text[m.end():s_end]
    between_places = bool(t.places_follow.search(whole_sentence_after))
    for why, rx in t.exclude_after:
        if rx.search(after):
            if why in ("length", "width") and between_places:
                continue
            return f"excluded:{why}"
    if t.length_noun_after.match(text[m.end():s_end]) and not between_places:
        return "excluded:length"
    # Only the words since the previous figure count as context of this one.
    cut = max((x.end() for x in re.finditer(r"\d", before)), default=0)
    before = before[cut:]
    journey = bool(t.journey_before.search(before) or t.journey_after.match(after))
    for why, rx in t.exclude_before:
        if rx.search(before):
            if why == "length" and (between_places or journey):  # "perjalanan panjang sejauh ..."
                return "journey" if journey else "distance"
            return f"excluded:{why}"
    if text[max(s_start, begin - 12):begin].lower().strip().endswith("sepanjang") or \
            text[begin:m.start()].lower().startswith("sepanjang"):
        if t.length_noun_before.search(text[max(s_start, begin - 40):begin]) and not between_places:
            return "excluded:length"
    return "journey" if journey else "distance"


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
        rule = f"within ±{tol:.0%} of the figure" + (" (approximate)" if q == "approx" else
                                                     " (allowing for its rounding)")
        route_ok = ROUTE_FACTOR[0] <= ratio <= ROUTE_FACTOR[1]
    diff = _compare(reported, measured_km)
    reported_s = _km(reported) if expr.value_km_high is None else f"{_num(low)}–{_km(high)}"
    if expr.text and expr.text != reported_s:
        reported_s += f" (“{expr.text}”)"
    if between:
        reported_s += f" {between}"
    if ok:
        verdict = "consistent"
        text = f"The reported {reported_s} agrees with the straight line of {_km(measured_km)} ({diff}; {rule})."
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


@dataclass(frozen=True)
class _Cues:
    from_re: re.Pattern
    to_re: re.Pattern
    between_re: re.Pattern
    and_re: re.Pattern
    separate_re: re.Pattern
    sep_conn_re: re.Pattern
    border_re: re.Pattern
    coast_re: re.Pattern
    away_re: re.Pattern


@lru_cache(maxsize=16)
def _cues(keys: tuple[str, ...]) -> _Cues:
    def words(table):
        return _alt(sum((table.get(k, []) for k in keys), []))

    directions = "|".join(sum((DIRECTIONS.get(k, []) for k in keys), []))
    return _Cues(
        from_re=re.compile(rf"(?i)[\s,]*(?:(?:{_alt(AWAY_WORDS)})\s+)?(?:{directions}|(?:{words(FROM_CUES)}))(?!\w)"),
        to_re=re.compile(rf"(?i)(?<!\w)(?:{words(TO_CUES)})(?!\w)"),
        between_re=re.compile(rf"(?i)(?<!\w)(?:{words(BETWEEN_WORDS)})(?!\w)"),
        and_re=re.compile(rf"(?i)[\s,]*(?:{words(AND_WORDS)})[\s,]"),
        separate_re=re.compile(rf"(?i)(?<!\w)(?:{words(SEPARATE_WORDS)})(?!\w)"),
        sep_conn_re=re.compile(rf"(?i)(?<!\w)(?:{words(SEPARATE_CONNECTORS)})(?!\w)"),
        border_re=re.compile(rf"(?i)(?<!\w)(?:{_alt(BORDER_WORDS)})(?!\w)"),
        coast_re=re.compile(rf"(?i)(?<!\w)(?:{_alt(COAST_WORDS)})(?!\w)"),
        away_re=re.compile(rf"(?i)[\s,]*(?:{_alt(AWAY_WORDS)})(?!\w)"),
    )


def _gap_ok(gap: str, most: int = MAX_GAP_WORDS) -> bool:
    """Words between a cue and a place name: at most a few, no punctuation ("stasiun", "the city of")."""
    if re.search(r"[,.;:!?()\"“”]|\d", gap):
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
                  prev_subject: Mention | None, keys: tuple[str, ...]) -> _Ends:
    cues = _cues(keys)
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
        legs = _route_after(text, fm.end(), inside, s_end) if fm else []
        if len(legs) >= 2:
            return _Ends("journey", legs[0], legs[-1], legs=tuple(legs))
        ends = _shape_ends(text, expr, s, inside, fm, subject, prev_subject, cues, keys)
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
    return _shape_ends(text, expr, s, inside, fm, subject, prev_subject, cues, keys)


_RELATIVE = re.compile(r"(?i)(?<!\w)(?:where|which|who|yang|tempat|di mana|donde|dove|wo|où)(?!\w)")


def _route_after(text: str, pos: int, inside: Sequence[Mention], s_end: int) -> list[Mention]:
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
        if re.search(r"[.;:!?]", gap) or _RELATIVE.search(gap) or len(re.sub(r"[,()]", " ", gap).split()) > 4:
            break
        last = m.end
        if not m.place.is_area and not (legs and _same(legs[-1], m)):
            legs.append(m)
    return legs


def _shape_ends(text, expr, s, inside, fm, subject, prev_subject, cues, keys) -> _Ends:
    s_start, s_end = s
    # 1. The figure followed by a from-cue: "254 km dari stasiun Khasan", "200 km from the border".
    if fm:
        after = fm.end()
        nxt = _next_mention(inside, after, s_end)
        gap_end = nxt.start if nxt else s_end
        border = cues.border_re.search(text, after, gap_end)
        coast = cues.coast_re.search(text, after, gap_end)
        if border and _gap_ok(text[after:border.start()]):
            return _border_ends(text, border, inside, s_end, expr, subject, cues)
        if nxt is not None and _gap_ok(text[after:nxt.start]):
            if coast or nxt.place.is_area:
                a = subject(nxt, expr.start)
                return _Ends("to_area", a, nxt, missing="" if a else "the place the distance is from")
            # "N km from X to Y"
            tm = cues.to_re.search(text, nxt.end, s_end)
            if tm and _gap_ok(text[nxt.end:tm.start()], 1):
                y = _next_mention(inside, tm.end(), s_end)
                if y is not None and not _same(y, nxt) and \
                        len(text[tm.end():y.start].split()) <= MAX_GAP_WORDS:
                    return _Ends("to_area" if y.place.is_area else _kind_of(expr), nxt, y)
            a = subject(nxt, expr.start)
            return _Ends(_kind_of(expr), a, nxt, missing="" if a else "the place the distance is from")
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
    for sm in cues.separate_re.finditer(text, s_start, s_end):
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
    from_any = re.compile(rf"(?i)(?<!\w)(?:{_alt(sum((FROM_CUES.get(k, []) for k in keys), []))})(?!\w)")
    for fm2 in from_any.finditer(text, s_start, s_end):
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
        border = cues.border_re.search(text, fm.end(), min(s_end, fm.end() + 40))
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
    if expr.kind == "journey":
        return _Ends("journey", None, None, missing="the places of the journey (fewer than two are named)")
    return _Ends(_kind_of(expr), subject(None, expr.start), None,
                 missing="the place the distance is measured to")


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
        gap = text[pos:m.start].strip().lower()
        if gap and gap not in BORDER_WITH and not re.fullmatch(r"[-–—/]|and|dan|dengan|y|e|und|et", gap):
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
    return _Ends("to_border", a, named[-1] if named else None, countries=tuple(codes), missing=missing)


# ---------------------------------------------------------------------------------------------
# Measuring
# ---------------------------------------------------------------------------------------------
def _geo():
    from . import geodesy  # imported late: it loads shapes only when a claim needs them

    return geodesy


def _country_name(cc: str, doc_mentions: Sequence[Mention]) -> str:
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


def _measure(ends: _Ends, all_mentions: Sequence[Mention]) -> _Measure:
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
    text = document.text
    keys = _lang_keys(document.language)
    ms = _non_overlapping([m for m in mentions if m.document in ("", document.id)])
    bounds = sentences(text)
    starts = [b[0] for b in bounds]
    out: list[Claim] = []
    for expr in find_distance_expressions(text, document.body_start, language=document.language):
        s = sentence_at(text, expr.start)
        in_s = [m for m in ms if s[0] <= m.start and m.end <= s[1]]
        prev_subject = _previous_subject(text, bounds, starts, s, ms, document.body_start)
        ends = _resolve_ends(text, expr, s, in_s, prev_subject, keys)
        out.append(_claim(document, expr, s, ends, ms))
    return out


def _non_overlapping(ms: Sequence[Mention]) -> list[Mention]:
    """Mentions by position; of two overlapping ones the longer stays."""
    out: list[Mention] = []
    for m in sorted(ms, key=lambda m: (m.start, -(m.end - m.start))):
        if out and m.start < out[-1].end:
            continue
        out.append(m)
    return out


def _previous_subject(text, bounds, starts, s, ms, floor) -> Mention | None:
    from bisect import bisect_left

    i = bisect_left(starts, s[0]) - 1
    while i >= 0 and bounds[i][0] >= floor:
        a, b = bounds[i]
        if not BOILERPLATE.match(text[a:b]):
            later_countries: set[str] = set()
            for m in reversed(ms):
                if not (a <= m.start and m.end <= b):
                    continue
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
           ms: Sequence[Mention]) -> Claim:
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
