"""The values that flow between pipeline stages.

documents -> mentions -> events -> itinerary -> claims -> render/export

Every stage takes frozen values from the one before and returns new ones; nothing reaches back.
Offsets (`start`, `end`) are always character offsets into `Document.text`, the file's decoded text.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Mapping


@dataclass(frozen=True)
class Document:
    id: str  # the file's stem
    path: str
    text: str  # the whole decoded file, front matter included, so offsets are file offsets
    body_start: int  # where the article body starts (after front matter)
    meta: Mapping[str, object] = field(default_factory=dict)
    title: str | None = None
    url: str | None = None
    source: str | None = None
    published: date | None = None  # from front matter only; see dates.document_date for the fallback
    language: str | None = None

    @property
    def body(self) -> str:
        return self.text[self.body_start:]


@dataclass(frozen=True)
class Place:
    id: str  # e.g. "geonames:2013348", "curated:khasan-station", "ne:RUS"
    name: str  # canonical (English) name
    lat: float
    lon: float
    feature: str  # city, town, station, spaceport, airport, region, country, landmark, ...
    country: str = ""  # ISO 3166-1 alpha-2, "" if none
    admin1: str = ""
    population: int = 0
    source: str = ""  # e.g. "geonames:2013348" or "wikidata:Q123"
    curated: bool = False  # from gazetteer.csv or a user gazetteer: wins ties

    @property
    def is_area(self) -> bool:
        return self.feature in AREA_FEATURES


AREA_FEATURES = frozenset({"country", "region", "continent", "sea", "ocean", "area"})


@dataclass(frozen=True)
class Mention:
    document: str  # Document.id
    start: int
    end: int
    name: str  # the surface text, == text[start:end]
    place: Place
    score: float = 1.0  # confidence of the resolution, 0..1
    candidates: int = 1  # how many places the name could have meant
    demonym: bool = False  # the surface is a word for the place's people ("Russian", "Saudi"), not its name
    # a small country's capital named after it (Kuwait -> Kuwait City): where a stop named by the
    # country is drawn; None otherwise (see mentions.NAMESAKE_CAPITAL_KM2)
    capital: Place | None = None


@dataclass(frozen=True)
class DateRef:
    """A date expression found in a text and what it resolves to."""

    start: int
    end: int
    text: str
    value: date | None  # first day meant; None if it could not be resolved
    value_end: date | None = None  # last day of a range, else None
    precision: str = "day"  # day | month | year
    basis: str = "explicit"  # explicit | weekday | relative | partial (day-month without year) | text
    # (text: document_date's fallback, only the first full date in the text, not a publication date)
    ambiguous: bool = False
    note: str = ""  # why it is ambiguous or how it was resolved


@dataclass(frozen=True)
class Evidence:
    document: str
    start: int
    end: int
    text: str  # the sentence, as in the document
    title: str | None = None
    url: str | None = None


@dataclass(frozen=True)
class Event:
    """A place mention that the text presents as a move or visit of the traveller."""

    mention: Mention
    status: str  # visited | expected | passed
    cue: str  # the cue word or rule that made it an event
    date: DateRef | None
    evidence: Evidence
    role_hint: str = ""  # origin | destination | return | ""
    published: date | None = None  # publication date of the document, for ordering across reports
    order: int = 0  # position in the narrative, for stable ordering
    sort_date: date | None = None  # ordering only, for an undated event told as coming before a dated one


@dataclass(frozen=True)
class Stop:
    seq: int
    place: Place
    date: date | None
    date_end: date | None
    status: str
    role: str  # origin | stop | destination | return
    evidence: tuple[Evidence, ...]
    date_basis: str = ""
    notes: tuple[str, ...] = ()
    conflicts: tuple[str, ...] = ()
    skipped: tuple[Skipped, ...] = ()


@dataclass(frozen=True)
class Leg:
    from_seq: int
    to_seq: int
    from_name: str
    to_name: str
    geodesic_km: float
    status: str  # visited | expected


@dataclass(frozen=True)
class Claim:
    document: str
    text: str  # the sentence holding the claim
    start: int  # offsets of the distance expression itself
    end: int
    reported: str  # the expression as written, e.g. "sekitar 254 km (159 mil)"
    reported_km: float
    reported_km_high: float | None  # upper end of a range
    qualifier: str  # approx | more_than | less_than | at_most | at_least | exact
    kind: str  # between | to_border | to_area | journey
    from_name: str | None
    to_name: str | None
    from_place: Place | None
    to_place: Place | None
    geodesic_km: float | None
    ratio: float | None
    verdict: str  # consistent | plausible-route | inconsistent | unit-mismatch | unresolved
    explanation: str
    measured_how: str = ""
    to_point: tuple[float, float] | None = None  # (lat, lon) of the nearest point when measured to a line or area


@dataclass(frozen=True)
class Skipped:
    """A file that was not read, and why (reported on stderr as `path: reason`)."""

    path: str
    reason: str


@dataclass(frozen=True)
class Itinerary:
    """The journey: stops in travel order (seq 1, 2, ...), the legs between consecutive stops,
    the distance claims, and what was read to find them.

    In a notebook it shows itself as its map (`_repr_html_`), and `str()` / `print()` give the
    table `itinerary route` prints. The `*_frame` methods give pandas DataFrames (and
    `to_geodataframe` a GeoPandas one) through `itinerary.frames`, imported only when called.
    """

    documents: tuple[Document, ...]
    mentions: tuple[Mention, ...]
    stops: tuple[Stop, ...]
    legs: tuple[Leg, ...]
    claims: tuple[Claim, ...]
    superseded: tuple[str, ...] = ()  # notes on expectations that later reports contradicted
    conflicts: tuple[str, ...] = ()
    skipped: tuple[Skipped, ...] = ()

    # repr() stays the dataclass's (render.map salts its element ids with it); str() is the table.
    def __str__(self) -> str:
        """The journey as the table `itinerary route` prints (English words, ISO dates)."""
        from .render.serialize import route_table

        return route_table(self)

    def _repr_html_(self) -> str:
        """Jupyter's rich display: the interactive map (self-contained, Leaflet inline) in a
        sandboxed <iframe srcdoc>, NOTEBOOK_HEIGHT pixels high. See render.notebook.map_iframe
        for the options (tiles, language, height)."""
        from .render.notebook import map_iframe

        return map_iframe(self)

    # pandas views (itinerary/frames.py documents their columns and dtypes; pandas is imported
    # only when one is asked for)
    def stops_frame(self):
        """The stops as a pandas DataFrame (columns: itinerary.frames.STOPS_COLUMNS)."""
        from .frames import stops_frame

        return stops_frame(self)

    def legs_frame(self):
        """The legs as a pandas DataFrame (columns: itinerary.frames.LEGS_COLUMNS)."""
        from .frames import legs_frame

        return legs_frame(self)

    def claims_frame(self):
        """The distance claims as a pandas DataFrame (columns: itinerary.frames.CLAIMS_COLUMNS)."""
        from .frames import claims_frame

        return claims_frame(self)

    def to_geodataframe(self, layer: str = "stops"):
        """A geopandas GeoDataFrame of the stops (points) or legs (geodesic lines), EPSG:4326;
        FormatError if geopandas is not installed (see itinerary.frames.geodataframe)."""
        from .frames import geodataframe

        return geodataframe(self, layer)
