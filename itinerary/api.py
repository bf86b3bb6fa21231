"""The public Python API: one function per CLI command, same names, same options.

    import itinerary
    found = itinerary.places(["seeds/"])        # -> Places(documents, mentions, skipped)
    trip = itinerary.route(["seeds/"])          # -> Itinerary
    claims = itinerary.check(["seeds/"])        # -> Checked(documents, claims, skipped)
    itinerary.map(["seeds/"], "trip.html")      # writes the map (or .geojson/.csv/.json)
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from .documents import read_documents
from .errors import FormatError
from .model import Claim, Document, Itinerary, Mention, Skipped

PathLike = str | os.PathLike


@dataclass(frozen=True)
class Places:
    documents: tuple[Document, ...]
    mentions: tuple[Mention, ...]
    skipped: tuple[Skipped, ...] = ()


@dataclass(frozen=True)
class Checked:
    documents: tuple[Document, ...]
    claims: tuple[Claim, ...]
    skipped: tuple[Skipped, ...] = ()


def parse_near(value: str | tuple[float, float] | None) -> tuple[float, float] | None:
    if value is None or isinstance(value, tuple):
        return value
    try:
        lat, lon = (float(x) for x in str(value).split(","))
    except ValueError:
        raise FormatError(f"--near {value!r}: expected LAT,LON such as 43.1,131.9") from None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise FormatError(f"--near {value!r}: latitude must be within ±90 and longitude within ±180")
    return (lat, lon)


def parse_country(value: str | None) -> str | None:
    if value is None:
        return None
    v = value.strip().upper()
    if len(v) != 2 or not v.isalpha():
        raise FormatError(f"--country {value!r}: expected a two-letter ISO 3166 code such as RU")
    return v


def _mentions(paths, gazetteers, near, country):
    from .gazetteer import load_gazetteer
    from .mentions import find_mentions

    skipped: list[Skipped] = []
    docs = read_documents(paths, skipped)
    gaz = load_gazetteer(tuple(gazetteers))
    near_pt, cc = parse_near(near), parse_country(country)
    per_doc = [(d, find_mentions(d, gaz, near_pt, cc)) for d in docs]
    return docs, per_doc, skipped


def places(paths: Sequence[PathLike], gazetteers: Sequence[PathLike] = (), near=None,
           country: str | None = None) -> Places:
    """Every place mention in the articles under `paths`, resolved through the gazetteer."""
    docs, per_doc, skipped = _mentions(paths, gazetteers, near, country)
    return Places(tuple(docs), tuple(m for _, ms in per_doc for m in ms), tuple(skipped))


def route(paths: Sequence[PathLike], gazetteers: Sequence[PathLike] = (), near=None,
          country: str | None = None) -> Itinerary:
    """The journey the articles report: stops in order, legs, and the distance claims."""
    from .claims import find_claims
    from .events import find_events, find_traveller
    from .journey import build_route

    docs, per_doc, skipped = _mentions(paths, gazetteers, near, country)
    traveller = find_traveller(per_doc)
    events = [e for d, ms in per_doc for e in find_events(d, ms, traveller)]
    stops, legs, superseded, conflicts = build_route(events)
    claims = tuple(c for d, ms in per_doc for c in find_claims(d, ms))
    return Itinerary(
        documents=tuple(docs), mentions=tuple(m for _, ms in per_doc for m in ms), stops=tuple(stops),
        legs=tuple(legs), claims=claims, superseded=tuple(superseded), conflicts=tuple(conflicts),
        skipped=tuple(skipped),
    )


def check(paths: Sequence[PathLike], gazetteers: Sequence[PathLike] = (), near=None,
          country: str | None = None) -> Checked:
    """The distances the articles report, each tied to its two ends, measured and judged."""
    from .claims import find_claims

    docs, per_doc, skipped = _mentions(paths, gazetteers, near, country)
    return Checked(tuple(docs), tuple(c for d, ms in per_doc for c in find_claims(d, ms)), tuple(skipped))


MAP_FORMATS = {".html": "html", ".htm": "html", ".geojson": "geojson", ".csv": "csv", ".json": "json"}


def map(paths: Sequence[PathLike], output: PathLike, title: str | None = None, gazetteers: Sequence[PathLike] = (),
        near=None, country: str | None = None, assets: str = "inline") -> Path:
    """Write the journey map (HTML) — or GeoJSON, CSV or JSON, chosen by the output's extension."""
    out = Path(output)
    fmt = MAP_FORMATS.get(out.suffix.lower())
    if fmt is None:
        raise FormatError(f"{out}: unknown output extension (use .html, .geojson, .csv or .json)")
    if assets not in ("inline", "cdn"):
        raise FormatError(f"--assets {assets!r}: expected inline or cdn")
    itin = route(paths, gazetteers, near, country)
    from .render import exports
    from .render.serialize import dumps, route_json_text

    if fmt == "html":
        from .render.map import render_map

        data = render_map(itin, title=title, assets=assets)
    elif fmt == "geojson":
        data = dumps(exports.route_geojson(itin))
    elif fmt == "csv":
        data = exports.route_csv(itin)
    else:
        data = route_json_text(itin)
    exports.write_atomic(out, data)
    return out
