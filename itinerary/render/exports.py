"""Machine-readable exports of an itinerary: GeoJSON (RFC 7946), CSV, and atomic file writes.

Pure functions over `itinerary.model` values; the only side effect is `write_atomic` (from
`itinerary.outputs`, the one writer of every output file).
The geodesic helpers here are shared with the map so both draw the very same legs.
"""
from __future__ import annotations

import csv
import io
import math
from datetime import date
from typing import Iterable, Sequence

from ..errors import OutputError
from ..model import Claim, Evidence, Itinerary, Leg, Mention, Place, Stop
from ..outputs import write_atomic as _write_atomic

# RFC 7946 §11.2: six decimals is ~10 cm, more is noise and bloat.
_PRECISION = 6
# Densify legs so they follow the great circle even on a Mercator map.
STEP_KM = 50.0

LatLon = tuple[float, float]


# ---------------------------------------------------------------- geodesy

def geodesic_path(lat1: float, lon1: float, lat2: float, lon2: float, step_km: float = STEP_KM) -> list[LatLon]:
    """Points along the WGS84 geodesic, every <= step_km, as (lat, lon).

    Longitudes are *unwrapped*: each differs from the one before by at most 180°, starting from
    `lon1` as given (which may itself lie outside ±180, as journey positions do). Leaflet draws
    such a line continuously across the antimeridian; GeoJSON uses `geodesic_parts` instead.
    """
    from ..geodesy import great_circle

    (line,) = great_circle(lat1, lon1, lat2, lon2, step_km, unwrap=True)
    shift = lon1 - line[0][1]  # great_circle starts from lon1 brought into [-180, 180]
    return [(la, lo + shift) for la, lo in line]


def geodesic_parts(lat1: float, lon1: float, lat2: float, lon2: float, step_km: float = STEP_KM) -> list[list[LatLon]]:
    """The geodesic cut at the antimeridian (RFC 7946 §3.1.9), longitudes within [-180, 180]."""
    from ..geodesy import great_circle

    return great_circle(lat1, lon1, lat2, lon2, step_km)


def unwrap_lon(lon: float, ref: float) -> float:
    """`lon` shifted by a multiple of 360° so that it lies within 180° of `ref`."""
    return lon + 360.0 * round((ref - lon) / 360.0)


def journey_positions(stops: Sequence[Stop]) -> dict[int, LatLon]:
    """(lat, lon) per stop seq, longitudes unwrapped along travel order.

    A journey that crosses the Pacific then stays one continuous line on the map and its markers
    sit at the ends of the drawn legs.
    """
    out: dict[int, LatLon] = {}
    prev: float | None = None
    for s in sorted(stops, key=lambda s: s.seq):
        lon = s.place.lon if prev is None else unwrap_lon(s.place.lon, prev)
        out[s.seq] = (s.place.lat, lon)
        prev = lon
    return out


def leg_path(leg: Leg, positions: dict[int, LatLon], step_km: float = STEP_KM) -> list[LatLon] | None:
    """The unwrapped geodesic path of a leg, or None if a stop of it is unknown."""
    a, b = positions.get(leg.from_seq), positions.get(leg.to_seq)
    if a is None or b is None:
        return None
    return geodesic_path(a[0], a[1], b[0], b[1], step_km)


# ---------------------------------------------------------------- GeoJSON

def _r(x: float) -> float:
    return round(float(x), _PRECISION)


def check_position(place: Place) -> bool:
    """True if the place has finite coordinates; OutputError (naming it) if not.

    A NaN or infinite coordinate (a broken gazetteer row) can be neither drawn nor written as
    JSON (RFC 8259 has no NaN), so every writer refuses it with this one message.
    """
    try:
        ok = math.isfinite(place.lat) and math.isfinite(place.lon)
    except TypeError:
        ok = False
    if not ok:
        raise OutputError(f"place {place.name!r} ({place.id}) has no finite coordinates "
                          f"({place.lat}, {place.lon}); check its gazetteer row")
    return True


def _number(x: float | None, digits: int) -> float | None:
    """x rounded, or None where there is no finite number (JSON has no NaN or Infinity)."""
    return round(x, digits) if x is not None and math.isfinite(x) else None


def _norm_lon(lon: float) -> float:
    return lon if -180.0 <= lon <= 180.0 else ((lon + 180.0) % 360.0) - 180.0


def _pos(lat: float, lon: float) -> list[float]:
    return [_r(_norm_lon(lon)), _r(lat)]  # RFC 7946: [longitude, latitude]


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


def _evidence_dict(e: Evidence) -> dict:
    return {"document": e.document, "start": e.start, "end": e.end, "text": e.text}


def _line_geometry(lat1: float, lon1: float, lat2: float, lon2: float) -> dict:
    parts = geodesic_parts(lat1, _norm_lon(lon1), lat2, _norm_lon(lon2))
    coords = [[_pos(la, lo) for la, lo in part] for part in parts]
    if len(coords) == 1:
        return {"type": "LineString", "coordinates": coords[0]}
    return {"type": "MultiLineString", "coordinates": coords}


def route_geojson(itin: Itinerary) -> dict:
    """RFC 7946 FeatureCollection: one Point per stop, then one (Multi)LineString per leg."""
    features: list[dict] = []
    for s in sorted(itin.stops, key=lambda s: s.seq):
        check_position(s.place)
        features.append({
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": _pos(s.place.lat, s.place.lon)},
            "properties": {
                "kind": "stop",
                "seq": s.seq,
                "name": s.place.name,
                "place_id": s.place.id,
                "feature": s.place.feature,
                "country": s.place.country,
                "date": _iso(s.date),
                "date_end": _iso(s.date_end),
                "date_basis": s.date_basis,
                "status": s.status,
                "role": s.role,
                "notes": list(s.notes),
                "conflicts": list(s.conflicts),
                "evidence": [_evidence_dict(e) for e in s.evidence],
            },
        })
    by_seq = {s.seq: s.place for s in itin.stops}
    for leg in itin.legs:
        a, b = by_seq.get(leg.from_seq), by_seq.get(leg.to_seq)
        if a is None or b is None:
            continue
        features.append({
            "type": "Feature",
            "geometry": _line_geometry(a.lat, a.lon, b.lat, b.lon),
            "properties": {
                "kind": "leg",
                "from": leg.from_name,
                "to": leg.to_name,
                "from_seq": leg.from_seq,
                "to_seq": leg.to_seq,
                "geodesic_km": _number(leg.geodesic_km, 1),
                "status": leg.status,
            },
        })
    return {"type": "FeatureCollection", "features": features}


def places_geojson(mentions: Iterable[Mention]) -> dict:
    """RFC 7946 FeatureCollection with one Point per place mention, in input order."""
    features = []
    for m in mentions:
        p = m.place
        check_position(p)
        features.append({
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": _pos(p.lat, p.lon)},
            "properties": {
                "document": m.document,
                "start": m.start,
                "end": m.end,
                "name": m.name,
                "canonical_name": p.name,
                "place_id": p.id,
                "feature": p.feature,
                "country": p.country,
                "score": round(m.score, 3),
            },
        })
    return {"type": "FeatureCollection", "features": features}


def claims_geojson(claims: Iterable[Claim]) -> dict:
    """Distance claims as lines between the measured ends (or a point if only one end is known)."""
    features = []
    for c in claims:
        geom = None
        ends = claim_ends(c)
        if len(ends) == 2:
            (la1, lo1), (la2, lo2) = ends
            geom = _line_geometry(la1, lo1, la2, lo2)
        elif len(ends) == 1:
            geom = {"type": "Point", "coordinates": _pos(*ends[0])}
        features.append({
            "type": "Feature",
            "geometry": geom,
            "properties": {
                "document": c.document, "start": c.start, "end": c.end, "reported": c.reported,
                "reported_km": c.reported_km, "reported_km_high": c.reported_km_high,
                "qualifier": c.qualifier, "kind": c.kind, "from": c.from_name, "to": c.to_name,
                "geodesic_km": _number(c.geodesic_km, 1),
                "ratio": _number(c.ratio, 3),  # null, not Infinity, for a claim measured as 0 km
                "verdict": c.verdict, "explanation": c.explanation, "text": c.text,
            },
        })
    return {"type": "FeatureCollection", "features": features}


def claim_ends(c: Claim) -> list[LatLon]:
    """The (lat, lon) ends a claim was measured between: from-place and to_point or to-place
    (an end without finite coordinates is left out: it can be neither drawn nor written)."""
    ends: list[LatLon] = []
    if c.from_place is not None:
        ends.append((c.from_place.lat, c.from_place.lon))
    if c.to_point is not None:
        ends.append((float(c.to_point[0]), float(c.to_point[1])))
    elif c.to_place is not None:
        ends.append((c.to_place.lat, c.to_place.lon))
    return [e for e in ends if math.isfinite(e[0]) and math.isfinite(e[1])]


# ---------------------------------------------------------------- CSV

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(text: str | None) -> str:
    """Text made safe for spreadsheets (OWASP CSV injection advice): one line, and a leading
    `'` before a cell that starts like a formula (=, +, -, @, tab, CR). Idempotent."""
    if not text:
        return ""
    text = " ".join(text.split())  # one line per record, whatever the article's line breaks
    return "'" + text if text.startswith(_FORMULA_START) else text


def _csv(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """CSV text; every text cell goes through `_cell` (names, quotes, document ids and lists of
    them, and place ids and features a user gazetteer may set), numbers are written as they are."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    for row in rows:
        w.writerow(["" if v is None else _cell(v) if isinstance(v, str) else v for v in row])
    return buf.getvalue()


def route_csv(itin: Itinerary) -> str:
    """One row per stop, in travel order. OutputError for a stop without finite coordinates."""
    header = ["seq", "name", "place_id", "lat", "lon", "date", "date_end", "status", "role",
              "evidence_count", "evidence_text", "documents"]
    rows = []
    for s in sorted(itin.stops, key=lambda s: s.seq):
        check_position(s.place)
        docs = list(dict.fromkeys(e.document for e in s.evidence))
        rows.append([
            s.seq, s.place.name, s.place.id, _r(s.place.lat), _r(s.place.lon),
            _iso(s.date), _iso(s.date_end), s.status, s.role, len(s.evidence),
            s.evidence[0].text if s.evidence else "", ";".join(_cell(d) for d in docs),
        ])
    return _csv(header, rows)


def places_csv(mentions: Iterable[Mention]) -> str:
    """One row per place mention. OutputError for a place without finite coordinates."""
    header = ["document", "start", "end", "name", "canonical_name", "place_id", "lat", "lon",
              "feature", "country", "score"]
    rows = [[m.document, m.start, m.end, m.name, m.place.name, m.place.id,
             _r(m.place.lat), _r(m.place.lon), m.place.feature, m.place.country, round(m.score, 3)]
            for m in mentions if check_position(m.place)]
    return _csv(header, rows)


# ---------------------------------------------------------------- files

# The one safe writer (atomic, through symbolic links, never onto a device): see itinerary.outputs.
write_atomic = _write_atomic
