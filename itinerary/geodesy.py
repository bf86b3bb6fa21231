"""Geodesy and country geometry: pure functions over plain (lat, lon) values.

Conventions
- Points are (lat, lon) in degrees on WGS84; shapely geometries are (x=lon, y=lat).
- All distances are geodesic on the WGS84 ellipsoid (pyproj.Geod), in kilometres.
- Country codes are ISO 3166-1 alpha-2 ("RU", "KP"; Kosovo is "XK"), case-insensitive.
  NE's own ADM0_A3 codes ("RUS", "WSB") are accepted too, which is the only way to reach the
  few features that have no ISO code (Akrotiri, Guantanamo Bay, ...).

Data: Natural Earth 10m admin-0 countries (see data/NE_README.md), built by
tools/build_natural_earth.py into data/countries.csv (attributes, names in 26 languages,
bounding boxes) and data/countries_geom.zip (one WKB entry per NE feature). Both are read
lazily and cached: the CSV on first use, each country's geometry when first asked for, so a
distance check loads only the countries it names.

Point-to-line distances ("how far is P from the border"): the candidate line is projected
into an azimuthal equidistant projection centred on P (there, the distance from the centre
to any projected vertex equals the geodesic distance), the nearest point is found in that
plane, unprojected, and the reported figure is the geodesic distance from P to that point.
Border segments in the 10m data are at most a few km long, so the planar choice of the
nearest point along a segment is off by metres at most; the distance itself is geodesic.
"""
from __future__ import annotations

import csv
import math
import zipfile
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Mapping

from pyproj import Geod

# shapely (and numpy, pyproj's Transformer) are imported by the functions that draw on country
# outlines: a route that only measures distances and asks is_city_state (answered from a cache)
# never needs them (importing shapely costs some 10 ms a start).

DATA_DIR = Path(__file__).resolve().parent / "data"
COUNTRIES_CSV = DATA_DIR / "countries.csv"
GEOMETRY_ZIP = DATA_DIR / "countries_geom.zip"

GEOD = Geod(ellps="WGS84")

# Two countries "share a border" where one's outline runs within this many degrees of the
# other's (about 30 m): absorbs rounding and tiny slivers in the data without reaching
# across real water gaps.
BORDER_SNAP_DEG = 0.0003
# A shared outline shorter than this is a corner touch (a tripoint seen through the snap
# tolerance), not a border.
MIN_BORDER_KM = 0.2

# NE name columns -> language codes used by country_names().
NAME_COLUMNS = ("EN", "ID", "RU", "KO", "FR", "ES", "DE", "ZH", "ZHT", "JA", "AR", "PT", "IT", "NL",
                "PL", "TR", "VI", "EL", "HE", "HI", "UK", "FA", "SV", "HU", "BN", "UR")

LatLon = tuple[float, float]


# --------------------------------------------------------------------------- geodesic maths

def geodesic_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Geodesic distance in km between two points on WGS84 (symmetric, >= 0)."""
    # Order the pair canonically so d(a, b) == d(b, a) bit for bit.
    if (lat1, lon1) > (lat2, lon2):
        lat1, lon1, lat2, lon2 = lat2, lon2, lat1, lon1
    _, _, metres = GEOD.inv(lon1, lat1, lon2, lat2)
    return abs(metres) / 1000.0


def _normalise_lon(lon: float) -> float:
    """Longitude into [-180, 180); values already in range are returned unchanged."""
    return lon if -180.0 <= lon <= 180.0 else (lon + 180.0) % 360.0 - 180.0


def great_circle(lat1: float, lon1: float, lat2: float, lon2: float, step_km: float = 50.0,
                 unwrap: bool = False) -> list[list[LatLon]]:
    """The geodesic from point 1 to point 2 as (lat, lon) points at most `step_km` apart.

    Default: a list of parts, split where the path crosses the antimeridian, each part with
    longitudes in [-180, 180] and ending/starting exactly on +-180, so no part jumps across
    the map (Vladivostok -> Anchorage gives two parts). A path that does not cross gives one part.

    unwrap=True: one part whose longitudes are made continuous (e.g. 170 ... 190 instead of
    170 ... -170), starting from lon1 normalised into [-180, 180]; Leaflet draws such a line
    across the antimeridian correctly.
    """
    if step_km <= 0:
        raise ValueError("step_km must be positive")
    lon1, lon2 = _normalise_lon(lon1), _normalise_lon(lon2)
    total_km = geodesic_km(lat1, lon1, lat2, lon2)
    segments = max(1, math.ceil(total_km / step_km))
    inner = GEOD.npts(lon1, lat1, lon2, lat2, segments - 1) if segments > 1 else []
    points = [(lat1, lon1)] + [(lat, lon) for lon, lat in inner] + [(lat2, lon2)]
    if unwrap:
        line, previous = [], None
        for lat, lon in points:
            if previous is not None:
                lon = previous + ((lon - previous + 180.0) % 360.0 - 180.0)
            line.append((lat, lon))
            previous = lon
        return [line]
    parts, current = [], [points[0]]
    for (lat_a, lon_a), (lat_b, lon_b) in zip(points, points[1:]):
        if abs(lon_b - lon_a) > 180.0:  # crossed the antimeridian between a and b
            edge = 180.0 if lon_a > 0 else -180.0
            lon_b_unwrapped = lon_b + (360.0 if lon_a > 0 else -360.0)
            frac = (edge - lon_a) / (lon_b_unwrapped - lon_a)
            lat_x = lat_a + frac * (lat_b - lat_a)  # linear over <= step_km: ample
            current.append((lat_x, edge))
            parts.append(current)
            current = [(lat_x, -edge)]
        current.append((lat_b, lon_b))
    parts.append(current)
    return parts


# --------------------------------------------------------------------------- country data

@lru_cache(maxsize=1)
def _table() -> tuple[tuple[Mapping[str, str], ...], Mapping[str, Mapping[str, str]]]:
    """All CSV rows, and an index by ISO_A2 (principal rows) and ADM0_A3 (every row)."""
    with open(COUNTRIES_CSV, encoding="utf-8", newline="") as fh:
        rows = tuple(MappingProxyType(dict(row)) for row in csv.DictReader(fh))
    index: dict[str, Mapping[str, str]] = {}
    for row in rows:
        index[row["ADM0_A3"]] = row
    for row in rows:
        if row["ISO_A2"]:
            index[row["ISO_A2"]] = row  # 2 letters never collide with 3-letter ADM0_A3 keys
    return rows, MappingProxyType(index)


def _key(code: str) -> str:
    return code.strip().upper()


def country_codes() -> tuple[str, ...]:
    """ISO alpha-2 codes of all countries in the data, sorted."""
    return tuple(sorted(row["ISO_A2"] for row in _table()[0] if row["ISO_A2"]))


def country_record(code: str) -> Mapping[str, str] | None:
    """The countries.csv row (read-only mapping of NE column -> string) for an ISO_A2 or ADM0_A3.

    Columns include ISO_A2, ISO_A3, ADM0_A3, NAME, NAME_LONG, FORMAL_EN, ABBREV, POP_EST,
    LABEL_X (lon), LABEL_Y (lat), NAME_EN ... NAME_UR and the bounding box MIN_LON ... MAX_LAT.
    """
    return _table()[1].get(_key(code))


@lru_cache(maxsize=1)
def country_names() -> Mapping[str, Mapping[str, str]]:
    """ISO_A2 -> {language code: name}, e.g. names["KP"]["ko"] == "조선민주주의인민공화국".

    Language codes are NE's lowercased ("en", "id", "ru", ..., "zht" = traditional Chinese);
    "name", "long", "formal" and "abbrev" hold NAME, NAME_LONG, FORMAL_EN and ABBREV.
    Empty values are left out.
    """
    out = {}
    for row in _table()[0]:
        if not row["ISO_A2"]:
            continue
        names = {lang.lower(): row.get(f"NAME_{lang}", "") for lang in NAME_COLUMNS}
        names.update(name=row["NAME"], long=row["NAME_LONG"], formal=row["FORMAL_EN"], abbrev=row["ABBREV"])
        out[row["ISO_A2"]] = MappingProxyType({k: v for k, v in names.items() if v})
    return MappingProxyType(out)


def country_label_point(code: str) -> LatLon | None:
    """NE's label point (lat, lon) for a country: inside it, a good single point to show."""
    row = country_record(code)
    if row is None or not row["LABEL_Y"]:
        return None
    return float(row["LABEL_Y"]), float(row["LABEL_X"])


@lru_cache(maxsize=1)
def _zip() -> zipfile.ZipFile:
    return zipfile.ZipFile(GEOMETRY_ZIP)


@lru_cache(maxsize=None)
def _feature(adm0_a3: str):
    import shapely

    geom = shapely.from_wkb(_zip().read(f"{adm0_a3}.wkb"))
    shapely.prepare(geom)
    return geom


def _features_of(code: str) -> list[str]:
    """ADM0_A3 codes whose polygons make up a country: its own row plus PART_OF pieces."""
    row = country_record(code)
    if row is None:
        return []
    members = [row["ADM0_A3"]]
    if row["ISO_A2"]:
        members += [r["ADM0_A3"] for r in _table()[0] if r["PART_OF"] == row["ISO_A2"]]
    return members


@lru_cache(maxsize=None)
def _country_geometry(key: str):
    import shapely

    members = _features_of(key)
    if not members:
        return None
    geom = _feature(members[0]) if len(members) == 1 else shapely.union_all([_feature(m) for m in members])
    shapely.prepare(geom)
    return geom


def country_geometry(code: str):
    """The country's (Multi)Polygon in lon/lat degrees, or None for an unknown code.

    An ISO code includes the NE pieces filed under it (Australia + Coral Sea Is. + ...).
    The returned geometry is shared and cached: do not mutate it.
    """
    return _country_geometry(_key(code))


def countries_in_view(west: float, south: float, east: float, north: float):
    """Every country that reaches into a view (degrees; west/east may pass ±180), once per copy of
    the world the view shows: yields (shift, minx, maxx, geometry), where the geometry clipped to
    (minx, south, maxx, north) and moved east by `shift` degrees is what the view shows there.
    Source: Natural Earth admin-0 (data/countries_geom.zip); its bounding boxes skip the rest."""
    for code in country_codes():
        row = country_record(code)
        geom = country_geometry(code)
        if geom is None or row is None:
            continue
        for shift in (-360.0, 0.0, 360.0):  # views that reach past ±180 see the next world copy
            minx, maxx = west - shift, east - shift
            if minx > 180 or maxx < -180:
                continue
            try:
                if (float(row["MAX_LON"]) < minx or float(row["MIN_LON"]) > maxx
                        or float(row["MAX_LAT"]) < south or float(row["MIN_LAT"]) > north):
                    continue
            except (KeyError, ValueError):
                pass
            yield shift, minx, maxx, geom


def _bbox(row: Mapping[str, str]) -> tuple[float, float, float, float]:
    return (float(row["MIN_LON"]), float(row["MIN_LAT"]), float(row["MAX_LON"]), float(row["MAX_LAT"]))


MAIN_TERRITORY_KM = 200.0  # a country's pieces this close to its main landmass (in a chain) are its main territory


def main_territory(geom, anchor: LatLon | None = None) -> list:
    """The polygons of a country's main territory, in lon/lat degrees, its core piece first.

    The core piece is the one holding `anchor` (lat, lon; the capital, say) or, with no anchor
    or none holding it, the largest by geodesic area. The main territory is the core and every
    piece lying within MAIN_TERRITORY_KM of it, directly or through a chain of such pieces:
    Tasmania and Corsica belong; Hawaii, Réunion, the Canaries, Kaliningrad and, anchored at
    Kuala Lumpur, Malaysian Borneo do not. Gaps are measured between the pieces' nearest points
    in degrees, then geodesically between those points (ample for a threshold of hundreds of
    km). A country that spans the antimeridian (Russia, Fiji) comes back with its western
    longitudes moved past +180, so the pieces are contiguous.
    """
    import numpy as np
    import shapely
    from shapely.geometry import Point

    parts = [p for p in shapely.get_parts(geom) if p.geom_type == "Polygon" and not p.is_empty]
    if not parts:
        return []
    east = geom.bounds[2] - geom.bounds[0] > 180.0  # spans the antimeridian: count longitudes eastwards
    if east:
        shift = lambda xy: np.column_stack((np.where(xy[:, 0] < 0.0, xy[:, 0] + 360.0, xy[:, 0]), xy[:, 1]))  # noqa: E731
        parts = [shapely.transform(p, shift) for p in parts]
    parts.sort(key=lambda p: abs(GEOD.geometry_area_perimeter(p)[0]), reverse=True)
    if anchor is not None:
        lat, lon = anchor
        point = Point(lon + 360.0 if east and lon < 0 else lon, lat)
        holding = [p for p in parts if p.buffer(0.05).contains(point)]  # a coastal capital on the shore
        if holding:
            parts.remove(holding[0])
            parts.insert(0, holding[0])
    main, rest = [parts[0]], parts[1:]
    grew = True
    while grew and rest:
        grew = False
        for piece in list(rest):
            if any(_gap_km(piece, m) <= MAIN_TERRITORY_KM for m in main):
                main.append(piece)
                rest.remove(piece)
                grew = True
    return main


def _gap_km(a, b) -> float:
    from shapely.ops import nearest_points

    ax0, ay0, ax1, ay1 = a.bounds
    bx0, by0, bx1, by1 = b.bounds
    lat_gap = max(by0 - ay1, ay0 - by1, 0.0)
    if lat_gap * 110.0 > MAIN_TERRITORY_KM:  # a degree of latitude is at least 110 km
        return math.inf
    p, q = nearest_points(a, b)
    return geodesic_km(p.y, _normalise_lon(p.x), q.y, _normalise_lon(q.x))


def extent_centre(geom, anchor: LatLon | None = None) -> LatLon | None:
    """The centre (lat, lon) of the bounding box of a country's main territory (see main_territory;
    `anchor` as there), moved to the nearest point of that territory when it falls outside it
    (Vietnam's, Croatia's and Norway's boxes centre on a neighbour; nearest geodesically).

    This is where web maps centre a country and where geocoders put a country-level result (the
    middle of its map extent), so a journey that reaches "Kenya" is drawn where a reader looks for
    Kenya. It can differ by hundreds of km from the country's point in GeoNames or the CIA World
    Factbook (whole degrees near the centroid). None for an empty geometry or one that reaches a
    pole.
    """
    import shapely
    from shapely.geometry import Point

    main = main_territory(geom, anchor)
    if not main:
        return None
    territory = shapely.MultiPolygon(main)
    x0, y0, x1, y1 = territory.bounds
    centre = Point((x0 + x1) / 2.0, (y0 + y1) / 2.0)
    if y0 <= -89.0 or y1 >= 89.0:  # a polar extent (Antarctica) has no middle on a map
        return None
    if territory.contains(centre):
        return round(centre.y, 4), round(_normalise_lon(centre.x), 4)
    inset = territory.buffer(-0.05)  # land some 5 km in from the border, not on the line itself
    near = _nearest_on(centre.y, centre.x, territory if inset.is_empty else inset)
    lat, lon = near[1] if near else (centre.y, centre.x)
    return round(lat, 4), round(_normalise_lon(lon), 4)


# --------------------------------------------------------------------------- nearest points

def _nearest_on(lat: float, lon: float, geom) -> tuple[float, LatLon] | None:
    """Geodesic distance (km) from (lat, lon) to the nearest point of a lon/lat geometry.

    Method: azimuthal equidistant projection centred on the point (pyproj), nearest point in
    that plane (shapely), back to lon/lat, then the geodesic distance to it (pyproj.Geod).
    """
    import numpy as np
    import shapely
    from pyproj import Transformer
    from shapely.geometry import Point
    from shapely.ops import nearest_points

    if geom is None or geom.is_empty:
        return None
    to_plane = Transformer.from_crs(
        "EPSG:4326", f"+proj=aeqd +lat_0={lat} +lon_0={lon} +datum=WGS84 +units=m", always_xy=True)
    projected = shapely.transform(geom, lambda xy: np.column_stack(to_plane.transform(xy[:, 0], xy[:, 1])))
    nearest = nearest_points(projected, Point(0.0, 0.0))[0]
    near_lon, near_lat = to_plane.transform(nearest.x, nearest.y, direction="INVERSE")
    near_lat, near_lon = round(near_lat, 6), round(near_lon, 6)  # drop round-trip float noise
    return geodesic_km(lat, lon, near_lat, near_lon), (near_lat, near_lon)


def distance_to_country_km(lat: float, lon: float, code: str) -> tuple[float, LatLon] | None:
    """Distance (km) from the point to the nearest point of the country's outline, and that point.

    Choice: the distance is to the outline (land borders and coast) whether the point lies
    outside or inside the country, never 0 just for being inside; use country_at() to tell
    which side the point is on. None for an unknown code.
    """
    geom = country_geometry(code)
    return None if geom is None else _nearest_on(lat, lon, geom.boundary)


@lru_cache(maxsize=512)
def _shared_border(key_a: str, key_b: str):
    import shapely

    a, b = _country_geometry(key_a), _country_geometry(key_b)
    if a is None or b is None or key_a == key_b:
        return None
    # Work only where the two bounding boxes meet (plus the tolerance): cheap for Russia.
    ax0, ay0, ax1, ay1 = a.bounds
    bx0, by0, bx1, by1 = b.bounds
    box = (max(ax0, bx0) - 2 * BORDER_SNAP_DEG, max(ay0, by0) - 2 * BORDER_SNAP_DEG,
           min(ax1, bx1) + 2 * BORDER_SNAP_DEG, min(ay1, by1) + 2 * BORDER_SNAP_DEG)
    if box[0] > box[2] or box[1] > box[3]:
        return None
    a_line = shapely.clip_by_rect(a.boundary, *box)
    b_line = shapely.clip_by_rect(b.boundary, *box)
    if a_line.is_empty or b_line.is_empty:
        return None
    shared = shapely.line_merge(shapely.intersection(a_line, b_line.buffer(BORDER_SNAP_DEG)))
    parts = [p for p in shapely.get_parts(shared) if p.geom_type in ("LineString", "MultiLineString")]
    if not parts:
        return None
    shared = shapely.union_all(parts)
    if GEOD.geometry_length(shared) / 1000.0 < MIN_BORDER_KM:
        return None
    return shared


def shared_border(cc_a: str, cc_b: str):
    """The land border of two countries as a (Multi)LineString in lon/lat, or None if none.

    Taken as the part of A's outline lying within BORDER_SNAP_DEG of B's outline, so small
    gaps or rounding in the data do not break it; a mere corner touch is not a border.
    """
    key_a, key_b = sorted((_key(cc_a), _key(cc_b)))
    return _shared_border(key_a, key_b)


def border_length_km(cc_a: str, cc_b: str) -> float | None:
    """Geodesic length (km) of the shared land border in the data, or None if none."""
    border = shared_border(cc_a, cc_b)
    return None if border is None else GEOD.geometry_length(border) / 1000.0


def distance_to_border_km(lat: float, lon: float, cc_a: str, cc_b: str) -> tuple[float, LatLon] | None:
    """Distance (km) from the point to the shared border of two countries, and the nearest
    border point (lat, lon); None if they share no land border (or a code is unknown)."""
    return _nearest_on(lat, lon, shared_border(cc_a, cc_b))


def country_at(lat: float, lon: float, tolerance_km: float = 0.0) -> str | None:
    """ISO alpha-2 code of the country containing the point, or None (sea, or no ISO code).

    With tolerance_km > 0, a point in none (a port just off the 10m coastline) gets the
    country whose outline is nearest, if within tolerance_km.
    """
    from shapely.geometry import Point

    lon = _normalise_lon(lon)
    rows = [r for r in _table()[0] if r["ISO_A2"] or r["PART_OF"]]
    point = Point(lon, lat)
    pad = 0.0
    if tolerance_km > 0:  # degrees of longitude grow short towards the poles
        pad = tolerance_km / 111.0 / max(math.cos(math.radians(min(abs(lat), 89.0))), 0.01)
    near = []
    for row in rows:
        x0, y0, x1, y1 = _bbox(row)
        if x0 - pad <= lon <= x1 + pad and y0 - pad <= lat <= y1 + pad:
            code = row["ISO_A2"] or row["PART_OF"]
            if _feature(row["ADM0_A3"]).covers(point):
                return code
            near.append((row["ADM0_A3"], code))
    if tolerance_km <= 0:
        return None
    best = None
    for a3, code in near:
        found = _nearest_on(lat, lon, _feature(a3).boundary)
        if found and found[0] <= tolerance_km and (best is None or found[0] < best[0]):
            best = (found[0], code)
    return best[1] if best else None


@lru_cache(maxsize=None)
def country_area_km2(code: str) -> float | None:
    """Geodesic area (km²) of a country's outline in the data, or None if unknown."""
    key = _key(code)
    if key in _iso_codes():
        return _areas()[key]
    return _country_area_km2(code)


def _country_area_km2(code: str) -> float | None:
    geom = country_geometry(code)
    return None if geom is None else abs(GEOD.geometry_area_perimeter(geom)[0]) / 1e6


def _data_signature() -> tuple:
    """What the per-country values kept on disk are worked out from: the data files and this
    module (size and mtime each)."""
    from .languages import _file_signature

    return tuple(_file_signature(p) for p in (COUNTRIES_CSV, GEOMETRY_ZIP, Path(__file__)))


@lru_cache(maxsize=1)
def _areas() -> Mapping[str, float | None]:
    """`_country_area_km2` of every ISO code, worked out once (half a second) and kept in the index
    cache folder (`languages.disk_cached`): a route asking about fifty countries (small-country
    checks of the mentions) spent a quarter of a second loading outlines and measuring them."""
    from .languages import disk_cached

    return disk_cached("country-areas", _data_signature(),
                       lambda: {c: _country_area_km2(c) for c in country_codes()})


CITY_STATE_KM2 = 5000.0  # a country this small is a place you can be at (Singapore, Monaco, Bahrain)


@lru_cache(maxsize=None)
def is_city_state(code: str) -> bool:
    """The country (ISO 3166-1 alpha-2 code) is small enough (<= 5,000 km² of outline in Natural
    Earth) to be a place one is at, like a city: Singapore, Monaco, Bahrain. False if unknown."""
    key = _key(code) if code else ""
    if key in _iso_codes():
        return key in _city_states()
    return _is_city_state(code)


@lru_cache(maxsize=1)
def _iso_codes() -> frozenset[str]:
    return frozenset(country_codes())


@lru_cache(maxsize=1)
def _city_states() -> frozenset[str]:
    """The ISO codes `_is_city_state` holds for, worked out for every country once and kept in the
    index cache folder (`languages.disk_cached`): loading the outlines a route asks about took
    about 30 ms a run (and importing shapely 10 ms more). Keyed by the country data files and
    this module's own file (size and mtime), so new data or a new rule is worked out again."""
    from .languages import disk_cached

    return disk_cached("city-states", (_data_signature(), CITY_STATE_KM2),
                       lambda: frozenset(c for c in country_codes() if _is_city_state(c)))


def _is_city_state(code: str) -> bool:
    geom = country_geometry(code) if code else None
    if geom is None:
        return False
    # a quick planar bound first: a degree of latitude is <= 111.7 km and one of longitude <= that
    # times the cosine of the outline's latitude nearest the equator, so an outline whose planar area
    # bounds it far above the threshold needs no geodesic area (which costs milliseconds a country)
    import math

    lat = min(abs(geom.bounds[1]), abs(geom.bounds[3])) if geom.bounds[1] * geom.bounds[3] > 0 else 0.0
    if geom.area * 111.7 ** 2 * math.cos(math.radians(lat)) < CITY_STATE_KM2 / 4:
        return True
    if geom.area * 110.5 ** 2 * math.cos(math.radians(max(abs(geom.bounds[1]), abs(geom.bounds[3])))) > 4 * CITY_STATE_KM2:
        return False
    area = country_area_km2(code)
    return area is not None and area <= CITY_STATE_KM2
