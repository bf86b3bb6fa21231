"""Optional online geocoding: names the offline gazetteer lacks, looked up in Nominatim (via geopy).

Off by default. With `geocoder="nominatim"` (CLI `--geocoder nominatim`), after the offline
mentions of a document are found, `geocode_mentions` looks for capitalised names the gazetteer
did not know in the sentences that tell of a move, and asks the service about each:

- a candidate is a run of capitalised words (one to four, in a script with capital letters: Latin,
  Cyrillic, Greek) in a sentence with a movement word of the document's language pack
  (`events.vocabulary(code).hits`): right after a movement word ("visited X"), or after a
  to/at/from/via word that a movement or meeting word stands at most three words before in its
  clause ("arrived in X", "talks in X"); in verb-final languages (the pack's `word_order = "sov"`)
  also right before a movement word, an apostrophe suffix cut off ("Xköy'e ulaştı"); or beside a
  facility word of the pack's [mentions] section ("X Airport", "Bandara X", "Flughafen X");
- it is left out when it overlaps a mention, holds a known person's name or a person title
  (`events.known_persons`, `mentions.PERSON_TITLES`), an organisation or institution word, a month
  or weekday name (CLDR), an acronym, a word the document also writes in lower case, or a common
  word (wordfreq Zipf in the document's language or English: any word 4.5 or more; without a
  facility word, the first word 3.5 or more, 3.0 in languages that capitalise nouns or at the
  start of a sentence); when it is a possessive ("Xville's"); when the name seems to go on past a
  short lower-case word ("Villanueva de la Cañada"); or when its line is a Title Case headline;
- an answer becomes a place only when its OSM class/type is a settlement, an administrative area,
  an island, an airport, a station, a port or a landmark, and the answer's name holds the name asked.

Each place found becomes a Mention at the exact offsets of the name (text[start:end] is the name),
with Place.source "nominatim" and id "nominatim:<N|W|R><osm id>"; the name's other occurrences in
the document are mentions of it too.

What is sent: the name (with its facility word), the document's language as accept-language, and
the User-Agent the user gives; nothing else of the article. Requests go through geopy's RateLimiter
(one per second by default, Nominatim's usage policy); every answer, "not found" included, is kept
in an SQLite cache beside the gazetteer index (`gazetteer.cache_dir()/geocoder.sqlite`, keyed by
endpoint, language and query; each answer is its own transaction), so a name is asked once.
When the service cannot be reached, the run goes on offline and the caller is told why (one note
per document); later documents use the cache only.
"""
from __future__ import annotations

import json
import os
import re
import sqlite3
import time
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

from .errors import FormatError, GeocoderError
from .model import Document, Mention, Place

GEOCODERS = ("nominatim",)
DEFAULT_URL = "https://nominatim.openstreetmap.org"
USER_AGENT_ENV = "ITINERARY_USER_AGENT"
MIN_DELAY = 1.0  # seconds between requests: Nominatim's usage policy for its public service
TIMEOUT = 10.0
SCORE = 0.5  # the confidence given to a geocoded mention (one answer, no context weighed)

# Triggers: a name right after (verb-final languages: right before) one of these pack words.
MOVE_KINDS = ("arrive", "depart", "travel", "visit", "stay", "meet", "pass", "return", "overfly")
# A name right after one of these ("visited X"; verb-final languages: right before one, "X'e ulaştı") ...
DIRECT_KINDS = frozenset(MOVE_KINDS) - {"meet"}  # one meets people: "met X" is not asked about
# ... or right after one of these, when a movement or meeting word stands at most GOVERN_WORDS
# words before it in its clause ("arrived in X", "talks in X", "flew back to Y from X").
PREPOSITION_KINDS = frozenset({"to", "at", "from", "via"})
GOVERN_WORDS = 3
FACILITY_KINDS = ("airport", "station", "port", "airbase", "spaceport")
MAX_WORDS = 4
COMMON_FIRST = 3.5  # Zipf: a first word this common is a common word, not a village's name
COMMON_FIRST_NOUNS = 3.0  # ... in languages that write every noun capitalised (German)
COMMON_ANY = 4.5
COMMON_INITIAL = 3.0  # a sentence-initial word (verb-final languages)

# Nominatim class/type -> the project's feature words; a class absent here is not a place.
_PLACE_TYPES = {
    "city": "city", "town": "town", "village": "town", "hamlet": "town", "isolated_dwelling": "town",
    "locality": "town", "suburb": "town", "quarter": "town", "neighbourhood": "town", "borough": "town",
    "municipality": "town", "island": "island", "islet": "island", "archipelago": "island",
    "country": "country", "state": "region", "region": "region", "province": "region",
    "county": "district", "district": "district", "sea": "sea", "ocean": "ocean",
}
_CLASS_TYPES = {
    "aeroway": {"aerodrome": "airport", "airport": "airport", "terminal": "airport", "heliport": "airport"},
    "railway": {"station": "station", "halt": "station", "stop": "station"},
    "public_transport": {"station": "station"},
    "amenity": {"ferry_terminal": "port", "bus_station": "station"},
    "military": {"airfield": "airbase", "base": "landmark"},
    "landuse": {"harbour": "port", "port": "port"},
    "harbour": {"*": "port"},
    "natural": {"peak": "mountain", "volcano": "mountain", "island": "island"},
    "historic": {"monument": "landmark", "memorial": "landmark", "castle": "landmark", "palace": "landmark"},
    "tourism": {"attraction": "landmark", "museum": "landmark"},
    "leisure": {"stadium": "landmark"},
}
_ADDRESS_TYPES = {"city": "city", "town": "town", "village": "town", "hamlet": "town", "municipality": "town",
                  "suburb": "town", "country": "country", "state": "region", "region": "region",
                  "province": "region", "county": "district", "district": "district"}

_WORD = re.compile(r"(?:[^\W\d_]|[\u0300-\u036f])+(?:[-](?:[^\W\d_]|[\u0300-\u036f])+)*")
_APOSTROPHES = "'’"
_SPACE = (" ", "\u00a0")


# ----------------------------------------------------------------------------------------------
# The service


class Unavailable(Exception):
    """The service could not be asked (network, timeout, refusal); the message is one short line."""


def default_cache_path() -> Path:
    from .gazetteer import cache_dir

    return cache_dir() / "geocoder.sqlite"


def endpoint(url: str) -> tuple[str, str, str]:
    """(scheme, domain with any path prefix, normalised URL) of a Nominatim URL (FormatError if bad).

    A URL ending in /search (the search endpoint itself) is taken as its service's root."""
    if not isinstance(url, str) or not url.strip():
        raise FormatError(f"--geocoder-url {url!r}: expected a URL such as {DEFAULT_URL}")
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment \
            or any(c.isspace() for c in url.strip()):
        raise FormatError(f"--geocoder-url {url!r}: expected an http(s) URL such as {DEFAULT_URL}")
    path = parts.path.rstrip("/")
    if path.endswith("/search"):
        path = path[:-len("/search")]
    domain = parts.netloc + path
    return parts.scheme, domain, f"{parts.scheme}://{domain}"


class Nominatim:
    """A Nominatim service (the public one by default) through geopy, rate-limited and cached.

    user_agent  required: who you are, e.g. "newsroom-maps/1.0 (maps@example.org)"; None reads
                $ITINERARY_USER_AGENT; GeocoderError without one
    url         the service's root (or its /search URL); default Nominatim's public service
    min_delay   seconds between requests (geopy RateLimiter); at least 1 for the public service
    timeout     seconds to wait for an answer
    cache       the SQLite cache file (default `default_cache_path()`), or False for none
    """

    name = "nominatim"

    def __init__(self, user_agent: str | None = None, url: str = DEFAULT_URL, *, min_delay: float = MIN_DELAY,
                 timeout: float = TIMEOUT, cache: str | os.PathLike | bool | None = None):
        if user_agent is None:
            user_agent = os.environ.get(USER_AGENT_ENV)
        if user_agent is not None and not isinstance(user_agent, str):
            raise FormatError(f"user_agent: expected text, not {type(user_agent).__name__}")
        user_agent = " ".join((user_agent or "").split())
        if not user_agent:
            raise GeocoderError(f"--geocoder nominatim needs a User-Agent that names you or your application "
                                f"(Nominatim's usage policy): give --user-agent 'myapp/1.0 (me@example.org)' "
                                f"or set {USER_AGENT_ENV}")
        self.scheme, self.domain, self.url = endpoint(url)
        for label, v in (("min_delay", min_delay), ("timeout", timeout)):
            if isinstance(v, bool) or not isinstance(v, (int, float)) or not (0 <= v < float("inf")):
                raise FormatError(f"{label} {v!r}: expected a number of seconds")
        if timeout <= 0:
            raise FormatError(f"timeout {timeout!r}: expected a positive number of seconds")
        if self.url == DEFAULT_URL and min_delay < MIN_DELAY:
            raise FormatError(f"min_delay {min_delay!r}: Nominatim's public service allows at most one request "
                              "per second")
        self.user_agent, self.min_delay, self.timeout = user_agent, float(min_delay), float(timeout)
        if cache is None or cache is True:
            cache = default_cache_path()
        self.cache_path = Path(cache) if cache is not False else None
        self.requests = 0  # made by this object (cache hits are not requests)
        self.down: str | None = None  # why the service failed; later lookups use the cache only
        self.cache_problem: str | None = None  # why the on-disk cache cannot be used (told once)
        self._told = False
        self._memory: dict[tuple[str, str], dict | None] = {}
        self._db: sqlite3.Connection | None = None
        self._limited = None

    def __repr__(self) -> str:
        return f"Nominatim(url={self.url!r}, min_delay={self.min_delay})"

    # -- the cache

    def _cache(self) -> sqlite3.Connection | None:
        if self._db is not None or self.cache_path is None or self.cache_problem:
            return self._db
        try:
            self.cache_path.parent.mkdir(parents=True, exist_ok=True)
            # private, as the index is: it lists names from the articles read
            os.close(os.open(self.cache_path, os.O_RDWR | os.O_CREAT, 0o600))
            db = sqlite3.connect(self.cache_path, timeout=10)
            db.execute("CREATE TABLE IF NOT EXISTS answers (endpoint TEXT NOT NULL, language TEXT NOT NULL, "
                       "query TEXT NOT NULL, result TEXT, fetched REAL, PRIMARY KEY (endpoint, language, query))")
            db.commit()
        except (OSError, sqlite3.Error) as e:
            self.cache_problem = f"geocoder cache {self.cache_path} cannot be used ({_one_line(e)[:100]})"
            return None
        self._db = db
        return db

    def cached(self, query: str, language: str) -> tuple[bool, dict | None]:
        """(found, answer) from the cache: answer None is a cached "no such place"."""
        key = (language, query)
        if key in self._memory:
            return True, self._memory[key]
        db = self._cache()
        if db is None:
            return False, None
        try:
            row = db.execute("SELECT result FROM answers WHERE endpoint = ? AND language = ? AND query = ?",
                             (self.url, language, query)).fetchone()
        except sqlite3.Error:
            return False, None
        if row is None:
            return False, None
        try:
            answer = json.loads(row[0]) if row[0] else None
        except ValueError:
            return False, None
        self._memory[key] = answer
        return True, answer

    def _store(self, query: str, language: str, answer: dict | None) -> None:
        self._memory[(language, query)] = answer
        db = self._cache()
        if db is None:
            return
        try:
            with db:  # one transaction: the answer is on disk whole or not at all
                db.execute("INSERT OR REPLACE INTO answers VALUES (?, ?, ?, ?, ?)",
                           (self.url, language, query, json.dumps(answer, ensure_ascii=False) if answer else None,
                            time.time()))
        except sqlite3.Error as e:
            self.cache_problem = f"geocoder cache {self.cache_path} cannot be written ({_one_line(e)[:100]})"

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None

    # -- the service

    def _limiter(self):
        if self._limited is None:
            from geopy.extra.rate_limiter import RateLimiter
            from geopy.geocoders import Nominatim as GeopyNominatim

            class _JsonV2(GeopyNominatim):
                def _construct_url(self, base_api, params):  # geopy's documented hook for extra parameters
                    return super()._construct_url(base_api, {**params, "format": "jsonv2"})

            service = _JsonV2(user_agent=self.user_agent, domain=self.domain, scheme=self.scheme,
                              timeout=self.timeout)
            # no retries: a service that fails is left alone for the rest of the run
            self._limited = RateLimiter(service.geocode, min_delay_seconds=self.min_delay, max_retries=0,
                                        error_wait_seconds=max(self.min_delay, 1.0), swallow_exceptions=False)
        return self._limited

    def lookup(self, query: str, language: str = "") -> dict | None:
        """The service's first answer for a name (a trimmed Nominatim jsonv2 result), or None.

        From the cache when it holds the query (no request); raises Unavailable when the service
        fails (and, after one failure, for every query the cache lacks)."""
        found, answer = self.cached(query, language)
        if found:
            return answer
        if self.down:
            raise Unavailable(self.down)
        from geopy.exc import GeopyError

        limited = self._limiter()
        self.requests += 1
        try:
            loc = limited(query, exactly_one=True, language=language or False, addressdetails=True)
        except GeopyError as e:
            self.down = _failure(e, self.domain)
            raise Unavailable(self.down) from None
        except (OSError, ValueError) as e:
            self.down = f"{self.domain}: {type(e).__name__}: {_one_line(e)[:100]}"
            raise Unavailable(self.down) from None
        answer = _trim(loc.raw) if loc is not None and isinstance(getattr(loc, "raw", None), dict) else None
        self._store(query, language, answer)
        return answer


def _failure(e: Exception, domain: str) -> str:
    from geopy import exc

    if isinstance(e, exc.GeocoderTimedOut):
        why = "no answer in time"
    elif isinstance(e, exc.GeocoderRateLimited):
        why = "too many requests (HTTP 429)"
    elif isinstance(e, exc.GeocoderInsufficientPrivileges):
        why = "request refused (HTTP 403; is the User-Agent a real one?)"
    elif isinstance(e, exc.GeocoderUnavailable):
        msg = str(e)
        why = "cannot connect" if ("Connection" in msg or "connect" in msg.lower()) else _one_line(msg)[:100]
    else:
        why = f"{type(e).__name__}: {_one_line(e)[:100]}"
    return f"{domain}: {why}"


def _one_line(x: object) -> str:
    return " ".join(str(x).split())


_KEEP = ("osm_type", "osm_id", "lat", "lon", "name", "display_name", "category", "class", "type", "addresstype",
         "place_rank")


def _trim(raw: dict) -> dict:
    out = {k: raw[k] for k in _KEEP if k in raw}
    address = raw.get("address")
    if isinstance(address, dict) and address.get("country_code"):
        out["country_code"] = address["country_code"]
    return out


def feature_of(answer: dict) -> str:
    """The project's feature word for a Nominatim answer's class/type ("" if it is not a place)."""
    cls = answer.get("category") or answer.get("class") or ""
    typ = answer.get("type") or ""
    if cls == "place":
        return _PLACE_TYPES.get(typ, "")
    if cls == "boundary" and typ == "administrative":
        f = _ADDRESS_TYPES.get(answer.get("addresstype") or "")
        if f:
            return f
        try:
            rank = int(answer.get("place_rank") or 0)
        except (TypeError, ValueError):
            rank = 0
        return "country" if 0 < rank <= 4 else "region" if rank <= 8 else "district" if rank <= 12 else "town"
    kinds = _CLASS_TYPES.get(cls, {})
    return kinds.get(typ) or kinds.get("*", "")


def place_of(answer: dict | None, name: str) -> Place | None:
    """The Place of a Nominatim answer for `name`, or None when it is not a place or not that name."""
    if not answer:
        return None
    from .gazetteer import fold

    feature = feature_of(answer)
    osm_type = str(answer.get("osm_type") or "")[:1].upper()
    osm_id = str(answer.get("osm_id") or "")
    if not feature or osm_type not in ("N", "W", "R") or not osm_id.isdigit():
        return None
    try:
        lat, lon = float(answer["lat"]), float(answer["lon"])
    except (KeyError, TypeError, ValueError):
        return None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):  # also nan
        return None
    display = str(answer.get("display_name") or "")
    canonical = str(answer.get("name") or "").strip() or display.split(",")[0].strip() or name
    said = fold(f"{canonical} {display}")
    if not all(fold(w) in said for w in name.split()):
        return None  # the service found something else (a fuzzy match): not this name
    country = str(answer.get("country_code") or "").upper()
    return Place(id=f"nominatim:{osm_type}{osm_id}", name=canonical, lat=lat, lon=lon, feature=feature,
                 country=country if len(country) == 2 else "", source="nominatim")


def resolve(geocoder) -> Nominatim | None:
    """The geocoder a run uses: None (off), "nominatim" (settings from the environment), or an
    object with the Nominatim interface (FormatError for anything else; GeocoderError when the
    User-Agent is missing)."""
    if geocoder is None or geocoder is False or geocoder == "none":
        return None
    if isinstance(geocoder, str):
        if geocoder.lower() == "nominatim":
            return Nominatim()
        raise FormatError(f"--geocoder {geocoder!r}: expected {' or '.join(GEOCODERS)} (or none)")
    if callable(getattr(geocoder, "lookup", None)):
        return geocoder
    raise FormatError(f"geocoder: expected 'nominatim', a Nominatim(...) object or None, not "
                      f"{type(geocoder).__name__}")


# ----------------------------------------------------------------------------------------------
# Candidates


@dataclass(frozen=True)
class Candidate:
    start: int
    end: int
    name: str  # the place's own name in the text (without a facility word)
    query: str  # what is asked: the name, with its facility word


@dataclass(frozen=True)
class _Words:
    """The document language's words this module uses, from the packs."""

    code: str | None
    sov: bool
    nouns_capitalised: bool
    facilities: frozenset
    facility_before: bool
    facility_after: bool
    organisations: frozenset


@lru_cache(maxsize=64)
def _words(code: str | None) -> _Words:
    from . import languages as L
    from .events import vocabulary

    packs = [L.get(code)] + ([L.get("en")] if code != "en" else []) if code and L.has(code) else list(L.packs())
    one = packs[0] if code and L.has(code) else None
    facilities = frozenset(w.casefold() for p in packs for k in FACILITY_KINDS
                           for w in p.words("mentions", f"feature_{k}") if " " not in w)
    orgs = frozenset(w.casefold() for p in L.packs() for k in ("org_suffixes", "org_heads", "institution_words")
                     for w in p.words("mentions", k)) - facilities
    position = one.value("mentions", "feature_position", "both") if one is not None else "both"
    return _Words(code if one is not None else None,
                  sov=one is not None and vocabulary(code).word_order == "sov",
                  nouns_capitalised=bool(one is not None and one.value("mentions", "nouns_capitalised")),
                  facilities=facilities, facility_before=position in ("before", "both"),
                  facility_after=position in ("after", "both"), organisations=orgs)


@lru_cache(maxsize=200_000)
def _zipf(word: str, code: str) -> float:
    import warnings

    try:
        from wordfreq import zipf_frequency

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return zipf_frequency(word, code)
    except Exception:  # noqa: BLE001 - a language wordfreq lacks: no evidence
        return 0.0


@lru_cache(maxsize=64)
def _calendar(code: str | None) -> frozenset:
    """Month and weekday names (CLDR, via babel) of the language and English, case-folded."""
    out: set[str] = set()
    try:
        from babel import dates as bd
    except ImportError:  # pragma: no cover - babel is a dependency
        return frozenset()
    for loc in {code or "en", "en"}:
        for width in ("wide", "abbreviated"):
            for ctx in ("format", "stand-alone"):
                try:
                    names = list(bd.get_month_names(width, ctx, loc).values()) + \
                        list(bd.get_day_names(width, ctx, loc).values())
                except Exception:  # noqa: BLE001 - a locale babel does not know
                    continue
                out.update(n.casefold().rstrip(".") for n in names)
    return frozenset(out)


def _common(word: str, code: str | None) -> float:
    w = word.casefold()
    return max(_zipf(w, "en"), _zipf(w, code) if code and code != "en" else 0.0)


def _capitalised(word: str) -> bool:
    return word[:1].isupper() and not (len(word) > 1 and word.isupper())


def _headline(text: str, a: int, b: int) -> bool:
    words = [w for w in _WORD.findall(text, a, b) if len(w) >= 4]
    return len(words) >= 4 and sum(w[:1].isupper() for w in words) >= 0.8 * len(words)


def _line(text: str, pos: int) -> tuple[int, int]:
    a = text.rfind("\n", 0, pos) + 1
    b = text.find("\n", pos)
    return a, (len(text) if b < 0 else b)


def _runs(text: str, a: int, b: int) -> list[list[tuple[int, int]]]:
    """Runs of capitalised words in text[a:b] joined by one space, each word as (start, end); a
    word with an apostrophe suffix ("Xköy'e", "Xville's") ends its run at the apostrophe."""
    runs: list[list[tuple[int, int]]] = []
    cur: list[tuple[int, int]] = []
    last_end = -1
    for m in _WORD.finditer(text, a, b):
        s, e = m.start(), m.end()
        w = m.group(0)
        joined = cur and s - last_end == 1 and text[last_end] in _SPACE
        if not joined and cur:
            runs.append(cur)
            cur = []
        ok = _capitalised(w) and not ("-" in w and any(p[:1].islower() for p in w.split("-")[1:]))
        if not ok:
            if cur:
                runs.append(cur)
                cur = []
            last_end = -1
            continue
        cur.append((s, e))
        last_end = e
        if e < len(text) and text[e] in _APOSTROPHES:  # a suffix: the name ends here
            if text[e + 1:e + 2].casefold() != "s" or text[e + 2:e + 3].isalpha():
                runs.append(cur)  # a possessive ("Xville's mayor") is a modifier, never a stop
            cur = []
            last_end = -1
    if cur:
        runs.append(cur)
    return runs


def candidates(doc: Document, mentions, code: str | None = None) -> list[Candidate]:
    """Names worth asking the service about, in text order (see the module's docstring)."""
    from . import languages as L
    from .events import known_persons, vocabulary
    from .mentions import PERSON_TITLES
    from .text import sentences

    text = doc.text
    if code is None:
        try:
            code = L.document_language(doc.language, doc.body)
        except Exception:  # noqa: BLE001 - an unknown language: every pack's words
            code = None
    if code and L.has(code) and L.get(code).script not in ("latin", "cyrillic", "greek"):
        return []  # no capital letters to tell a name by
    words = _words(code)
    vocab = vocabulary(words.code)
    spans = sorted((m.start, m.end) for m in mentions)
    persons = {p.casefold() for p in known_persons(text, spans)}
    out: list[Candidate] = []
    seen: set[Candidate] = set()
    for a, b in sentences(text):
        if b <= doc.body_start:
            continue
        a = max(a, doc.body_start)
        hits = vocab.hits(text, a, b)
        if not any(h.kind in MOVE_KINDS for h in hits):
            continue  # only sentences that tell of a move can hold a stop
        la, lb = _line(text, a)
        if _headline(text, la, lb):
            continue
        moves = [h for h in hits if h.kind in MOVE_KINDS]
        triggers = [h for h in hits
                    if h.kind in DIRECT_KINDS or h.kind in PREPOSITION_KINDS and _governed(text, h, moves)]
        triggers_end = {h.end for h in triggers}
        triggers_start = {h.start for h in triggers}
        # a short word that ends a name rather than continuing it ("to X and Y", "from X to Y")
        hit_starts = {h.start for h in hits if h.kind in ("conjunctions", "to", "via", "at")}
        for run in _runs(text, a, b):
            c = _candidate(text, run, a, words, triggers_end, triggers_start, hit_starts, spans, persons,
                           PERSON_TITLES)
            if c is not None and c not in seen:
                seen.add(c)
                out.append(c)
    return out


def _governed(text: str, prep, moves) -> bool:
    """A movement or meeting word stands shortly before the preposition, in its clause."""
    for h in moves:
        if h.end <= prep.start:
            between = text[h.end:prep.start]
            if len(_WORD.findall(between)) <= GOVERN_WORDS and not re.search(r"[,;:.!?()\[\]\"“”«»]", between):
                return True
    return False


def _candidate(text, run, a, words: _Words, triggers_end, triggers_start, hit_starts, spans, persons,
               titles) -> Candidate | None:
    tokens = [text[s:e] for s, e in run]
    folded = [t.casefold() for t in tokens]
    # a facility word inside the run, or a lower-case one right beside it
    facility = (words.facility_before and folded[0] in words.facilities) or \
               (words.facility_after and folded[-1] in words.facilities)
    start, end = run[0][0], run[-1][1]
    q_start, q_end = start, end
    if not facility:
        before = re.search(r"([^\W\d_]+)[ \u00a0]$", text[max(a, start - 40):start])
        after = re.match(r"[ \u00a0]([^\W\d_]+)", text[end:end + 40])
        if words.facility_before and before and before.group(1).casefold() in words.facilities:
            facility, q_start = True, start - len(before.group(0))
        elif words.facility_after and after and after.group(1).casefold() in words.facilities:
            facility, q_end = True, end + len(after.group(0))
    name_tokens = [t for t, f in zip(tokens, folded) if f not in words.facilities]
    if not name_tokens or len(tokens) > MAX_WORDS + (1 if facility else 0):
        return None
    if any(s < q_end and q_start < e for s, e in spans):
        return None  # the gazetteer knows it (or a part of it)
    triggered = facility
    if not triggered:
        # after a trigger word: "arrived in X", "flew to X", "visited X"
        gap = re.search(r"[ \u00a0]+$", text[max(a, start - 5):start])
        triggered = bool(gap) and (start - len(gap.group(0))) in triggers_end
    if not triggered and words.sov:
        # before one in verb-final languages: "Xköy'e ulaştı"
        tail = end
        while tail < len(text) and (text[tail] in _APOSTROPHES or text[tail].isalpha()):
            tail += 1
        m = re.match(r"[ \u00a0]+", text[tail:tail + 5])
        triggered = bool(m) and tail + m.end() in triggers_start
    if not triggered:
        return None
    # Not a name of a place: people, organisations, acronyms, common words
    calendar = _calendar(words.code)
    for t, f in zip(tokens, folded):
        if f in persons or f in titles or f in words.organisations or f in calendar or \
                (f.endswith("s") and f[:-1] in calendar):  # "on Fridays"
            return None
        if len(t) > 1 and t.isupper():
            return None
    for t in name_tokens:
        if re.search(r"(?<![\w'’-])" + re.escape(t.lower()) + r"(?![\w'’-])", text):
            return None  # written in lower case elsewhere: a common word
    first_limit = COMMON_FIRST_NOUNS if words.nouns_capitalised else COMMON_FIRST
    if start == a or not text[a:start].strip():
        first_limit = min(first_limit, COMMON_INITIAL)  # sentence-initial: capitalised anyway
    if not facility and _common(name_tokens[0], words.code) >= first_limit:  # "X Airport" names a place anyway
        return None
    if any(_common(t, words.code) >= COMMON_ANY for t in name_tokens):
        return None
    # the name may go on past a short lower-case word ("Villanueva de la Cañada"): not sure where it ends
    more = re.match(r"(?:[ \u00a0][^\W\d_]{1,3}){1,3}[ \u00a0]+([^\W\d_])", text[q_end:q_end + 20])
    if more and more.group(1).isupper() and q_end + 1 not in hit_starts:
        return None
    name = text[start:end]
    if facility and (q_start, q_end) == (start, end):
        name = " ".join(name_tokens)
    return Candidate(q_start, q_end, name, text[q_start:q_end])


# ----------------------------------------------------------------------------------------------
# Geocoded mentions


def geocode_mentions(doc: Document, mentions, geocoder) -> tuple[tuple[Mention, ...], tuple[str, ...]]:
    """The document's mentions with those of the names the service places added, in text order,
    and notes for the caller (the service could not be reached, the cache cannot be used).

    A document whose names the service cannot be asked about keeps its offline mentions."""
    mentions = tuple(mentions)
    cands = candidates(doc, mentions)
    notes: list[str] = []
    if not cands:
        return mentions, ()
    from . import languages as L

    try:
        code = L.document_language(doc.language, doc.body) or ""
    except Exception:  # noqa: BLE001
        code = ""
    places: dict[str, Place | None] = {}
    for c in cands:
        if c.query in places:
            continue
        try:
            places[c.query] = place_of(geocoder.lookup(c.query, code), c.name)
        except Unavailable as e:
            notes.append(f"geocoder unavailable: {e}; names the gazetteer lacks were not looked up")
            break
    problem = getattr(geocoder, "cache_problem", None)
    if problem and not getattr(geocoder, "_told", False):
        notes.append(problem)
        try:
            geocoder._told = True
        except AttributeError:
            pass
    found = [(c, places[c.query]) for c in cands if places.get(c.query) is not None]
    if not found:
        return mentions, tuple(notes)
    taken = [(m.start, m.end) for m in mentions]
    extra: list[Mention] = []

    def add(s: int, e: int, place: Place) -> None:
        if any(x < e and s < y for x, y in taken):
            return
        taken.append((s, e))
        extra.append(Mention(doc.id, s, e, doc.text[s:e], place, SCORE, 1))

    for c, place in found:
        add(c.start, c.end, place)
    # the same name elsewhere in the article is the same place (one name, one meaning)
    for c, place in found:
        if c.query != c.name:
            continue
        rx = re.compile(r"(?<![\w'’-])" + re.escape(c.name) + r"(?![\w-])")
        for m in rx.finditer(doc.text, doc.body_start):
            s, e = m.start(), m.end()
            prev = re.search(r"([^\W\d_][\w'’-]*)[ \u00a0]$", doc.text[max(0, s - 40):s])
            nxt = re.match(r"[ \u00a0]([^\W\d_][\w'’-]*)", doc.text[e:e + 40])
            if (prev and _capitalised(prev.group(1)) and not _sentence_start(doc.text, s - len(prev.group(0)))) \
                    or (nxt and _capitalised(nxt.group(1))):
                continue  # part of a longer name
            add(s, e, place)
    return tuple(sorted(mentions + tuple(extra), key=lambda m: (m.start, m.end))), tuple(notes)


def _sentence_start(text: str, pos: int) -> bool:
    before = text[max(0, pos - 3):pos].rstrip(" \u00a0\t")
    return not before or before[-1] in ".!?\n\"“«"
