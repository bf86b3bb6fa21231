"""pandas DataFrames (and GeoDataFrames) of the results, for notebooks and analysis.

    import itinerary
    from itinerary import frames
    found = itinerary.places(["seeds/"])
    found.to_dataframe()                     # = frames.places_frame(found)
    trip = itinerary.route(["seeds/"])
    frames.stops_frame(trip); frames.legs_frame(trip); frames.claims_frame(trip)
    frames.geodataframe(trip, layer="legs")  # geopandas, if installed

One row per mention, stop, leg or claim, in the order of the results (the JSON outputs' order).
Column types are fixed, whatever the data (an empty result has the same columns and dtypes):

- text: pandas `string` dtype (StringDtype), missing values `<NA>`;
- whole numbers (offsets, seq, counts): `int64`;
- coordinates (`lat`, `lon`, WGS84 degrees) and distances (`*_km`, kilometres) and ratios: `float64`,
  NaN where unknown (an unresolved claim end; a ratio to a 0 km line, which JSON writes as null);
- dates: `datetime64[ns]` at midnight, no time zone, NaT where unknown (a day, not an instant:
  the JSON outputs' ISO dates; `.dt.date` gives `datetime.date` values back);
- lists (a stop's documents, notes and conflicts): `object` columns holding Python lists of str.

The frames are built from the same values as `route --format json`; pandas is imported only when a
frame is asked for (so `itinerary --help` stays instant). `geodataframe` needs geopandas (not a
dependency of this package): FormatError says so when it is missing.
"""
from __future__ import annotations

import math

from .errors import FormatError

PLACES_COLUMNS = {
    "document": "string", "start": "int64", "end": "int64", "name": "string", "canonical": "string",
    "place_id": "string", "lat": "float64", "lon": "float64", "feature": "string", "country": "string",
    "source": "string", "score": "float64", "candidates": "int64", "demonym": "bool",
    "published": "datetime64[ns]",
}
"""places_frame: one row per mention. name: the text as written (text[start:end]); canonical: the
place's name; published: the mention's document's publication date."""

STOPS_COLUMNS = {
    "seq": "int64", "name": "string", "place_id": "string", "lat": "float64", "lon": "float64",
    "feature": "string", "country": "string", "date": "datetime64[ns]", "date_end": "datetime64[ns]",
    "date_basis": "string", "status": "string", "role": "string", "documents": "object",
    "evidence": "int64", "notes": "object", "conflicts": "object",
}
"""stops_frame: one row per stop, in travel order. documents: the ids of the documents that tell of
it (list, evidence order); evidence: how many quotes; date_basis, status, role as in the JSON."""

LEGS_COLUMNS = {
    "from_seq": "int64", "to_seq": "int64", "from_name": "string", "to_name": "string",
    "from_lat": "float64", "from_lon": "float64", "to_lat": "float64", "to_lon": "float64",
    "geodesic_km": "float64", "status": "string",
}
"""legs_frame: one row per leg between consecutive stops; geodesic_km on the WGS84 ellipsoid."""

CLAIMS_COLUMNS = {
    "document": "string", "text": "string", "start": "int64", "end": "int64", "reported": "string",
    "reported_km": "float64", "reported_km_high": "float64", "qualifier": "string", "kind": "string",
    "from_name": "string", "to_name": "string", "from_place_id": "string", "to_place_id": "string",
    "from_lat": "float64", "from_lon": "float64", "to_lat": "float64", "to_lon": "float64",
    "geodesic_km": "float64", "ratio": "float64", "verdict": "string", "explanation": "string",
    "measured": "string",
}
"""claims_frame: one row per reported distance; reported_km (and reported_km_high for a range) as
written, converted to km; geodesic_km the measured one; ratio reported/measured; verdict as in
`check`."""


def _frame(columns: dict[str, str], rows: list[tuple]):
    import pandas as pd

    cols = list(zip(*rows)) if rows else [()] * len(columns)
    data = {}
    for (name, dtype), values in zip(columns.items(), cols):
        values = list(values)
        if dtype == "datetime64[ns]":
            data[name] = pd.Series(pd.to_datetime(pd.Series(values, dtype="object")), dtype="datetime64[ns]")
        elif dtype == "object":
            s = pd.Series([None] * len(values), dtype="object")
            for i, v in enumerate(values):
                s.iat[i] = v
            data[name] = s
        elif dtype == "float64":
            data[name] = pd.Series([math.nan if v is None else float(v) for v in values], dtype="float64")
        else:
            data[name] = pd.Series(values, dtype=dtype)
    return pd.DataFrame(data, columns=list(columns))


def _nan(x) -> float:
    return math.nan if x is None or not math.isfinite(x) else float(x)


def places_frame(places):
    """A DataFrame of the mentions of `places` (an api.Places, or an iterable of Mention), one row
    each, columns PLACES_COLUMNS."""
    mentions = getattr(places, "mentions", places)
    published = {d.id: d.published for d in getattr(places, "documents", ())}
    rows = [(m.document, m.start, m.end, m.name, m.place.name, m.place.id, m.place.lat, m.place.lon,
             m.place.feature, m.place.country or None, m.place.source or None, float(m.score), m.candidates,
             bool(m.demonym), published.get(m.document)) for m in mentions]
    return _frame(PLACES_COLUMNS, rows)


def stops_frame(itin):
    """A DataFrame of the stops of `itin` (an Itinerary), in travel order, columns STOPS_COLUMNS."""
    rows = [(s.seq, s.place.name, s.place.id, s.place.lat, s.place.lon, s.place.feature, s.place.country or None,
             s.date, s.date_end, s.date_basis or None, s.status, s.role,
             list(dict.fromkeys(e.document for e in s.evidence)), len(s.evidence), list(s.notes),
             list(s.conflicts)) for s in itin.stops]
    return _frame(STOPS_COLUMNS, rows)


def legs_frame(itin):
    """A DataFrame of the legs of `itin`, columns LEGS_COLUMNS (ends' coordinates from its stops)."""
    at = {s.seq: (s.place.lat, s.place.lon) for s in itin.stops}
    nowhere = (None, None)
    rows = [(g.from_seq, g.to_seq, g.from_name, g.to_name, *at.get(g.from_seq, nowhere), *at.get(g.to_seq, nowhere),
             _nan(g.geodesic_km), g.status) for g in itin.legs]
    return _frame(LEGS_COLUMNS, rows)


def claims_frame(itin):
    """A DataFrame of the distance claims of `itin` (an Itinerary or api.Checked), columns
    CLAIMS_COLUMNS; an end that could not be placed has <NA> ids and NaN coordinates."""
    def ends(p):
        return (p.id, p.lat, p.lon) if p is not None else (None, None, None)

    rows = []
    for c in itin.claims:
        fid, flat, flon = ends(c.from_place)
        tid, tlat, tlon = ends(c.to_place)
        rows.append((c.document, c.text, c.start, c.end, c.reported, _nan(c.reported_km), _nan(c.reported_km_high),
                     c.qualifier, c.kind, c.from_name, c.to_name, fid, tid, flat, flon, tlat, tlon,
                     _nan(c.geodesic_km), _nan(c.ratio), c.verdict, c.explanation, c.measured_how or None))
    return _frame(CLAIMS_COLUMNS, rows)


def geodataframe(itin, layer: str = "stops"):
    """A geopandas GeoDataFrame (EPSG:4326, lon/lat) of `itin`: layer "stops" (stops_frame with a
    Point each) or "legs" (legs_frame with each leg's geodesic as a LineString, a MultiLineString
    where it crosses the antimeridian, in the same points as the GeoJSON export). FormatError for
    another layer, or if geopandas is not installed."""
    if layer not in ("stops", "legs"):
        raise FormatError(f"layer {layer!r}: expected stops or legs")
    try:
        import geopandas as gpd
    except ImportError:
        raise FormatError("geodataframe needs geopandas: pip install geopandas") from None
    from shapely.geometry import LineString, MultiLineString, Point

    if layer == "stops":
        df = stops_frame(itin)
        geometry = [Point(s.place.lon, s.place.lat) for s in itin.stops]
    else:
        from .render.exports import geodesic_parts

        df = legs_frame(itin)
        geometry = []
        for row in df.itertuples(index=False):
            parts = [[(lon, lat) for lat, lon in part]
                     for part in geodesic_parts(row.from_lat, row.from_lon, row.to_lat, row.to_lon)]
            parts = [p for p in parts if len(p) >= 2]
            geometry.append(LineString(parts[0]) if len(parts) == 1 else MultiLineString(parts))
    return gpd.GeoDataFrame(df, geometry=geometry, crs="EPSG:4326")
