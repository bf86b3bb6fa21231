"""DataFrames of the results (issue 14): columns and dtypes fixed and documented, values those of
the JSON outputs, on the seed articles; geopandas only if installed."""
from __future__ import annotations

import json
import math
import sys

import pandas as pd
import pytest

import itinerary
from itinerary import frames
from itinerary.model import Itinerary
from itinerary.render.serialize import places_dict, route_dict

from conftest import SEEDS


@pytest.fixture(scope="module")
def found():
    return itinerary.places([SEEDS])


def dtypes(df) -> dict[str, str]:
    return {c: ("string" if isinstance(t, pd.StringDtype) else str(t)) for c, t in df.dtypes.items()}


def test_places_frame_columns_dtypes_and_values(found):
    df = found.to_dataframe()
    assert list(df.columns) == list(frames.PLACES_COLUMNS)
    assert dtypes(df) == frames.PLACES_COLUMNS
    want = places_dict(found.documents, found.mentions)["mentions"]
    assert len(df) == len(want) > 0
    for row, m in zip(df.to_dict("records"), want):
        for k in ("document", "start", "end", "name", "canonical", "place_id", "feature", "score", "candidates"):
            assert row[k] == m[k], k
        assert round(row["lat"], 6) == m["lat"] and round(row["lon"], 6) == m["lon"]
        assert (None if row["country"] is pd.NA else row["country"]) == m["country"]
    assert df["published"].isna().all()  # the seeds have no publication date


def test_stops_legs_claims_frames(seed_route):
    d = json.loads(json.dumps(route_dict(seed_route)))
    stops = frames.stops_frame(seed_route)
    assert dtypes(stops) == frames.STOPS_COLUMNS and list(stops.columns) == list(frames.STOPS_COLUMNS)
    assert stops["seq"].tolist() == [s["seq"] for s in d["stops"]]
    assert stops["place_id"].tolist() == [s["place_id"] for s in d["stops"]]
    assert [None if pd.isna(x) else x.date().isoformat() for x in stops["date"]] == [s["date"] for s in d["stops"]]
    assert stops["documents"].map(list).tolist() == [list(dict.fromkeys(e["document"] for e in s["evidence"]))
                                                    for s in d["stops"]]
    assert stops["evidence"].tolist() == [len(s["evidence"]) for s in d["stops"]]

    legs = frames.legs_frame(seed_route)
    assert dtypes(legs) == frames.LEGS_COLUMNS
    assert legs["geodesic_km"].tolist() == [leg["geodesic_km"] for leg in d["legs"]]
    by_seq = {s["seq"]: s for s in d["stops"]}
    assert legs["to_lat"].round(6).tolist() == [by_seq[leg["to"]]["lat"] for leg in d["legs"]]

    claims = frames.claims_frame(seed_route)
    assert dtypes(claims) == frames.CLAIMS_COLUMNS and len(claims) == len(d["claims"]) > 0
    assert claims["verdict"].tolist() == [c["verdict"] for c in d["claims"]]
    for got, c in zip(claims["geodesic_km"], d["claims"]):
        assert (math.isnan(got) and c["geodesic_km"] is None) or got == c["geodesic_km"]
    checked = frames.claims_frame(itinerary.check([SEEDS]))  # a Checked works too
    assert dtypes(checked) == frames.CLAIMS_COLUMNS


def test_empty_results_have_the_same_columns_and_dtypes():
    empty = Itinerary((), (), (), (), ())
    for fn, cols in ((frames.stops_frame, frames.STOPS_COLUMNS), (frames.legs_frame, frames.LEGS_COLUMNS),
                     (frames.claims_frame, frames.CLAIMS_COLUMNS)):
        df = fn(empty)
        assert len(df) == 0 and dtypes(df) == cols
    assert dtypes(frames.places_frame([])) == frames.PLACES_COLUMNS


def test_geodataframe_needs_geopandas(seed_route, monkeypatch):
    with pytest.raises(itinerary.errors.FormatError, match="layer 'roads'"):
        frames.geodataframe(seed_route, layer="roads")
    monkeypatch.setitem(sys.modules, "geopandas", None)
    with pytest.raises(itinerary.errors.FormatError, match="needs geopandas: pip install geopandas"):
        frames.geodataframe(seed_route)


def test_geodataframe_layers(seed_route):
    pytest.importorskip("geopandas")
    stops = frames.geodataframe(seed_route, "stops")
    assert str(stops.crs) == "EPSG:4326" and (stops.geometry.geom_type == "Point").all()
    assert stops.geometry.x.tolist() == [s.place.lon for s in seed_route.stops]
    legs = frames.geodataframe(seed_route, "legs")
    assert len(legs) == len(seed_route.legs)
    assert set(legs.geometry.geom_type) <= {"LineString", "MultiLineString"}
    first = legs.geometry.iloc[0]
    assert first.coords[0] == pytest.approx((seed_route.stops[0].place.lon, seed_route.stops[0].place.lat))


def test_pandas_is_not_imported_by_the_cli():
    import subprocess

    code = "import sys, itinerary.cli, itinerary.api; print('pandas' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"
