"""The map page and the GeoJSON / CSV exports, on a hand-built itinerary with real coordinates."""
from __future__ import annotations

import html
import io
import json
import math
import os
import re
from datetime import date

import pytest

from itinerary.errors import FormatError, OutputError
from itinerary.model import Claim, Document, Evidence, Itinerary, Leg, Mention, Place, Stop
from itinerary.render import (
    embed_snippet,
    places_csv,
    places_geojson,
    render_map,
    route_csv,
    route_geojson,
    write_atomic,
)
from itinerary.render.exports import geodesic_path, journey_positions

PAYLOAD = 'Witnesses wrote <script>alert(1)</script> and "><img src=x onerror=alert(1)> on the platform.'


def _place(pid, name, lat, lon, feature="city", country="RU"):
    return Place(id=pid, name=name, lat=lat, lon=lon, feature=feature, country=country)


PYONGYANG = _place("geonames:1871859", "Pyongyang", 39.0339, 125.7543, country="KP")
KHASAN = _place("curated:khasan-station", "Khasan station", 42.4297, 130.6453, "station")
VOSTOCHNY = _place("curated:vostochny", "Vostochny Cosmodrome", 51.884, 128.334, "spaceport")
VLADIVOSTOK = _place("geonames:2013348", "Vladivostok", 43.1056, 131.8735)
ARTYOM = _place("geonames:2027456", "Artyom", 43.3595, 132.1896)
ANCHORAGE = _place("geonames:5879400", "Anchorage", 61.2181, -149.9003, country="US")
RUSSIA = _place("ne:RUS", "Russia", 61.5, 105.3, "country")

TEXT = (
    "title: Leader travels to Russia\n---\n"
    "The leader's armoured train left Pyongyang on Sunday evening. "
    "It crossed into Russia at Khasan station on 12 September. " + PAYLOAD + " "
    "He met the president at the Vostochny Cosmodrome, about 1,100 km north of Vladivostok. "
    "He is expected to travel back to Pyongyang through Artyom."
)
DOC = Document(id="report-1", path="report-1.txt", text=TEXT, body_start=TEXT.index("The leader"),
               title="Leader <b>goes</b> to Russia", url="javascript:alert(1)", published=date(2023, 9, 13))
DOC2 = Document(id="report-2", path="report-2.txt", text="The train arrived in Vladivostok on Friday.",
                body_start=0, title="Train reaches Vladivostok", url="https://example.com/news?id=1&lang=en",
                published=date(2023, 9, 15))


def _ev(doc, sentence):
    i = doc.text.index(sentence)
    return Evidence(doc.id, i, i + len(sentence), sentence, doc.title, doc.url)


def _mention(doc, name, place):
    i = doc.text.index(name)
    return Mention(doc.id, i, i + len(name), name, place)


def _haversine(a: Place, b: Place) -> float:
    p1, p2 = math.radians(a.lat), math.radians(b.lat)
    dp, dl = p2 - p1, math.radians(b.lon - a.lon)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(h))


def _itinerary(last: Place = PYONGYANG) -> Itinerary:
    stops = (
        Stop(1, PYONGYANG, date(2023, 9, 10), None, "visited", "origin",
             (_ev(DOC, "The leader's armoured train left Pyongyang on Sunday evening."),)),
        Stop(2, KHASAN, date(2023, 9, 12), None, "passed", "stop", (_ev(DOC, PAYLOAD),)),
        Stop(3, VOSTOCHNY, date(2023, 9, 13), None, "visited", "stop",
             (_ev(DOC, "He met the president at the Vostochny Cosmodrome, about 1,100 km north of Vladivostok."),)),
        Stop(4, VLADIVOSTOK, date(2023, 9, 15), date(2023, 9, 16), "visited", "stop",
             (_ev(DOC2, "The train arrived in Vladivostok on Friday."),)),
        Stop(5, ARTYOM, date(2023, 9, 17), None, "visited", "stop", ()),
        Stop(6, last, None, None, "expected", "return",
             (_ev(DOC, "He is expected to travel back to Pyongyang through Artyom."),)),
    )
    legs = tuple(
        Leg(a.seq, b.seq, a.place.name, b.place.name, _haversine(a.place, b.place),
            "expected" if b.status == "expected" else "visited")
        for a, b in zip(stops, stops[1:])
    )
    mentions = (
        _mention(DOC, "Pyongyang", PYONGYANG), _mention(DOC, "Russia", RUSSIA),
        _mention(DOC, "Khasan station", KHASAN), _mention(DOC, "Vostochny Cosmodrome", VOSTOCHNY),
        _mention(DOC, "Vladivostok", VLADIVOSTOK), _mention(DOC2, "Vladivostok", VLADIVOSTOK),
        _mention(DOC, "Artyom", ARTYOM),
    )
    i = TEXT.index("about 1,100 km")
    measured = _haversine(VOSTOCHNY, VLADIVOSTOK)
    claim = Claim(
        "report-1", "He met the president at the Vostochny Cosmodrome, about 1,100 km north of Vladivostok.",
        i, i + len("about 1,100 km"), "about 1,100 km", 1100.0, None, "approx", "between",
        "Vostochny Cosmodrome", "Vladivostok", VOSTOCHNY, VLADIVOSTOK, measured, measured / 1100.0,
        "consistent", "within 10% of the great-circle distance",
    )
    return Itinerary((DOC, DOC2), mentions, stops, legs, (claim,))


@pytest.fixture(scope="module")
def itin():
    return _itinerary()


@pytest.fixture(scope="module")
def page(itin):
    return render_map(itin)


def _bound_html(page: str) -> str:
    """The HTML of every popup and tooltip, decoded from the JSON literals in the page script."""
    found = re.findall(r"\.bind(?:Popup|Tooltip)\((\"(?:[^\"\\]|\\.)*\")", page)
    assert found
    return "\n".join(json.loads(s) for s in found)


# ---------------------------------------------------------------- map

def test_map_names_every_stop_and_escapes_article_text(page):
    bound = _bound_html(page)
    for name in ("Pyongyang", "Khasan station", "Vostochny Cosmodrome", "Vladivostok", "Artyom"):
        assert name in bound
    assert html.escape(PAYLOAD) in bound
    assert "<script>alert(1)" not in page and "<script>alert(1)" not in bound
    assert "<img src=x" not in page and "<img src=x" not in bound
    # Titles are escaped, javascript: URLs are never links, http(s) ones are (with & escaped).
    assert "Leader &lt;b&gt;goes&lt;/b&gt; to Russia" in bound
    assert "javascript:" not in bound
    assert 'href="https://example.com/news?id=1&amp;lang=en"' in bound


def test_map_is_byte_identical_across_renders(itin, page):
    assert render_map(itin) == page
    assert render_map(itin, assets="cdn") == render_map(itin, assets="cdn")


def test_map_is_self_contained_and_small(page):
    assert "<script src=" not in page and "<link rel=\"stylesheet\"" not in page
    assert "L.map(" in page and "jquery" not in page.lower()
    assert len(page.encode()) < 1_000_000
    assert "OpenStreetMap" in page and "GeoNames" in page and "Natural Earth" in page


def test_map_has_offline_country_outlines(page, itin):
    # Under the tiles, so an offline page still shows land and borders.
    assert 'createPane("itinOutline")' in page and '"land":' in page
    assert "itinOutline" not in render_map(itin, outlines=False)


def test_map_cdn_links_leaflet_only(itin):
    page = render_map(itin, assets="cdn")
    links = re.findall(r'(?:src|href)="(https://[^"]+\.(?:js|css))"', page)
    assert links and all("leaflet@" in u for u in links)
    assert len(page.encode()) < 400_000


def test_map_layers_markers_and_timeline(page):
    for layer in ("Journey (stops and legs)", "All place mentions", "Distance claims",
                  "Regions and countries mentioned"):
        assert json.dumps(layer) in page
    # Pyongyang is stop 1 and stop 6: one marker labelled with both numbers.
    assert page.count("itin-num ") == 5
    assert "1/6" in page
    assert "itin-box itin-timeline" in page
    assert "reported about 1,100 km vs measured" in _bound_html(page)
    assert "dashArray\": \"8 8\"" in page  # the expected leg is dashed


def test_map_title_is_escaped(itin):
    page = render_map(itin, title="Trip <i>&</i>")
    assert "<title>Trip &lt;i&gt;&amp;&lt;/i&gt;</title>" in page


def test_map_without_stops_or_dates():
    itin = Itinerary((DOC,), (_mention(DOC, "Pyongyang", PYONGYANG),), (), (), ())
    page = render_map(itin)
    assert "Pyongyang" in _bound_html(page)
    assert "itin-box itin-timeline" not in page
    assert "<title>Places mentioned</title>" in render_map(Itinerary((), (), (), (), ()))


def test_map_rejects_unknown_assets(itin):
    with pytest.raises(FormatError):
        render_map(itin, assets="local")


def test_embed_snippet_is_escaped():
    s = embed_snippet("maps/trip.html?a=1&b=2", 'Trip "north" <b>')
    assert s.startswith("<iframe ") and 'src="maps/trip.html?a=1&amp;b=2"' in s
    assert 'title="Trip &quot;north&quot; &lt;b&gt;"' in s
    with pytest.raises(FormatError):
        embed_snippet("javascript:alert(1)", "x")


# ---------------------------------------------------------------- GeoJSON

def test_route_geojson_points_are_lon_lat(itin):
    fc = route_geojson(itin)
    assert fc["type"] == "FeatureCollection"
    stops = [f for f in fc["features"] if f["geometry"]["type"] == "Point"]
    assert [f["properties"]["seq"] for f in stops] == [1, 2, 3, 4, 5, 6]
    assert stops[0]["geometry"]["coordinates"] == [125.7543, 39.0339]
    assert stops[3]["properties"]["date"] == "2023-09-15" and stops[3]["properties"]["date_end"] == "2023-09-16"
    assert stops[1]["properties"]["evidence"][0]["text"] == PAYLOAD
    legs = [f for f in fc["features"] if f["geometry"]["type"] == "LineString"]
    assert len(legs) == 5
    first = legs[0]["geometry"]["coordinates"]
    assert first[0] == [125.7543, 39.0339] and first[-1] == [130.6453, 42.4297]
    assert legs[0]["properties"]["from"] == "Pyongyang" and legs[0]["properties"]["geodesic_km"] > 500
    json.dumps(fc, allow_nan=False)  # valid JSON, no NaN


def test_route_geojson_splits_at_antimeridian():
    fc = route_geojson(_itinerary(last=ANCHORAGE))
    leg = [f for f in fc["features"] if f["properties"].get("to") == "Anchorage"][0]
    geom = leg["geometry"]
    assert geom["type"] == "MultiLineString" and len(geom["coordinates"]) == 2
    west, east = geom["coordinates"]
    assert west[0] == [132.1896, 43.3595] and west[-1][0] == 180.0
    assert east[0][0] == -180.0 and east[-1] == [-149.9003, 61.2181]
    assert west[-1][1] == east[0][1]  # the two parts meet at the seam
    for part in geom["coordinates"]:
        for (lon1, lat1), (lon2, _) in zip(part, part[1:]):
            assert -180 <= lon1 <= 180 and -90 <= lat1 <= 90
            assert abs(lon2 - lon1) < 5  # no segment jumps across the map
    # A great circle from Artyom to Anchorage bulges north of both ends.
    assert max(lat for part in geom["coordinates"] for _, lat in part) > 61.5


def test_map_paths_stay_continuous_across_the_pacific():
    itin = _itinerary(last=ANCHORAGE)
    pos = journey_positions(itin.stops)
    assert pos[6] == (61.2181, -149.9003 + 360)  # east of Artyom, not back across the world
    path = geodesic_path(*pos[5], *pos[6])
    assert path[0] == pos[5] and path[-1][0] == pytest.approx(61.2181)
    assert path[-1][1] == pytest.approx(210.0997)
    assert all(abs(b[1] - a[1]) < 5 for a, b in zip(path, path[1:]))


def test_places_geojson(itin):
    fc = places_geojson(itin.mentions)
    assert len(fc["features"]) == len(itin.mentions)
    f = fc["features"][4]
    assert f["geometry"]["coordinates"] == [131.8735, 43.1056]
    p = f["properties"]
    assert (p["name"], p["canonical_name"], p["place_id"], p["country"]) == (
        "Vladivostok", "Vladivostok", "geonames:2013348", "RU")
    assert DOC.text[p["start"]:p["end"]] == "Vladivostok"


# ---------------------------------------------------------------- CSV

def test_route_csv_loads_with_pandas(itin):
    pd = pytest.importorskip("pandas")
    df = pd.read_csv(io.StringIO(route_csv(itin)))
    assert len(df) == len(itin.stops)
    assert list(df.columns) == ["seq", "name", "place_id", "lat", "lon", "date", "date_end", "status",
                                "role", "evidence_count", "evidence_text", "documents"]
    assert list(df["name"])[:2] == ["Pyongyang", "Khasan station"]
    assert df.loc[1, "evidence_text"] == PAYLOAD
    assert df.loc[4, "evidence_count"] == 0 and df.loc[0, "lon"] == 125.7543


def test_csv_neutralises_spreadsheet_formulas():
    doc = Document(id="d", path="d.txt", text="=HYPERLINK(1) went to Artyom.", body_start=0)
    stop = Stop(1, ARTYOM, None, None, "visited", "stop", (Evidence("d", 0, 29, doc.text),))
    text = route_csv(Itinerary((doc,), (), (stop,), (), ()))
    assert ",'=HYPERLINK(1) went to Artyom.," in text


def test_places_csv_loads_with_pandas(itin):
    pd = pytest.importorskip("pandas")
    df = pd.read_csv(io.StringIO(places_csv(itin.mentions)))
    assert len(df) == len(itin.mentions)
    assert set(df["place_id"]) >= {"ne:RUS", "geonames:2013348"}


# ---------------------------------------------------------------- files

def test_write_atomic_replaces_and_keeps_old_file_on_failure(tmp_path, monkeypatch):
    target = tmp_path / "map.html"
    write_atomic(target, "old")
    assert target.read_text() == "old"
    write_atomic(target, b"new bytes")
    assert target.read_bytes() == b"new bytes"

    with pytest.raises(OutputError):
        write_atomic(target, "bad \ud800 text")  # cannot be encoded
    assert target.read_bytes() == b"new bytes"

    def broken_replace(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OutputError) as err:
        write_atomic(target, "newer")
    assert "\n" not in str(err.value)
    assert target.read_bytes() == b"new bytes"
    assert sorted(os.listdir(tmp_path)) == ["map.html"]  # no temp file left behind


def test_write_atomic_missing_folder(tmp_path):
    with pytest.raises(OutputError, match="does not exist"):
        write_atomic(tmp_path / "nope" / "route.csv", "x")


# ---------------------------------------------------------------- the seed outputs, end to end

SEEDS = os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir, "seeds")


@pytest.fixture(scope="module")
def seed_files(tmp_path_factory):
    """The seed journey written by `itinerary.map` in every format its extension picks."""
    import itinerary

    folder = tmp_path_factory.mktemp("seed-outputs")
    return {ext: itinerary.map([SEEDS], folder / f"trip.{ext}") for ext in ("html", "geojson", "csv", "json")}


def test_map_picks_the_format_from_the_extension(seed_files, seed_route):
    pd = pytest.importorskip("pandas")
    html_text = seed_files["html"].read_text(encoding="utf-8")
    assert html_text.startswith("<!DOCTYPE html>") and "L.map(" in html_text
    fc = json.loads(seed_files["geojson"].read_text(encoding="utf-8"))
    assert fc["type"] == "FeatureCollection"
    assert json.loads(seed_files["json"].read_text(encoding="utf-8"))["schema"] == "itinerary/route-1"
    df = pd.read_csv(seed_files["csv"])
    assert list(df["seq"]) == [s.seq for s in sorted(seed_route.stops, key=lambda s: s.seq)]


def test_map_rejects_an_unknown_extension(tmp_path):
    import itinerary

    with pytest.raises(FormatError, match="extension"):
        itinerary.map([SEEDS], tmp_path / "trip.txt")
    assert not (tmp_path / "trip.txt").exists()


def test_seed_map_is_small_and_lets_readers_zoom(seed_files):
    page = seed_files["html"].read_bytes()
    assert len(page) <= 1_000_000  # issue 6: <= 1 MB for the seeds, Leaflet and outlines included
    text = page.decode("utf-8")
    viewport = re.findall(r'<meta name="viewport"[^>]*>', text)
    assert len(viewport) == 1 and "user-scalable" not in viewport[0] and "maximum-scale" not in viewport[0]
    assert "width=device-width" in viewport[0]


def test_map_html_is_byte_identical_across_processes(seed_files, tmp_path):
    import subprocess
    import sys

    code = "import sys, itinerary; itinerary.map([sys.argv[1]], sys.argv[2])"
    outs = []
    for seed in ("1", "2"):  # different string hashing: no set or dict order may leak into the page
        out = tmp_path / f"trip-{seed}.html"
        env = dict(os.environ, PYTHONHASHSEED=seed)
        subprocess.run([sys.executable, "-c", code, SEEDS, str(out)], check=True, env=env, timeout=120)
        outs.append(out.read_bytes())
    assert outs[0] == outs[1] == seed_files["html"].read_bytes()


def test_cli_map_embed_prints_an_iframe(tmp_path):
    from click.testing import CliRunner

    from itinerary.cli import main

    out = tmp_path / "trip.html"
    result = CliRunner().invoke(main, ["map", SEEDS, "-o", str(out), "--title", "Kim Jong Un in Russia", "--embed"])
    assert result.exit_code == 0, result.output
    snippet = result.stdout.strip()
    assert snippet.startswith('<iframe src="trip.html" title="Kim Jong Un in Russia" width="100%"')
    assert snippet.endswith("</iframe>")
    assert "<title>Kim Jong Un in Russia</title>" in out.read_text(encoding="utf-8")


# ---------------------------------------------------------------- RFC 7946 validation

def _ring_area(ring) -> float:
    return sum(x1 * y2 - x2 * y1 for (x1, y1, *_), (x2, y2, *_) in zip(ring, ring[1:])) / 2


def rfc7946_problems(obj) -> list[str]:
    """What in a GeoJSON object breaks RFC 7946: positions [lon, lat] within range, lines of
    two or more positions, closed rings of four or more wound right-hand (exterior
    counter-clockwise, holes clockwise, §3.1.6), nothing crossing the antimeridian uncut
    (§3.1.9: no segment may jump more than 180° of longitude), no `crs` member (§4)."""
    problems: list[str] = []

    def position(p, where):
        if not (isinstance(p, list) and len(p) in (2, 3) and all(isinstance(v, (int, float)) for v in p)):
            problems.append(f"{where}: not a position: {p!r}")
            return
        lon, lat = p[0], p[1]
        if not all(math.isfinite(v) for v in p):
            problems.append(f"{where}: not finite: {p!r}")
        elif not (-180 <= lon <= 180 and -90 <= lat <= 90):
            problems.append(f"{where}: out of range (is it [lon, lat]?): {p!r}")

    def line(coords, where, ring=False):
        if not isinstance(coords, list) or len(coords) < (4 if ring else 2):
            problems.append(f"{where}: too few positions")
            return
        for i, p in enumerate(coords):
            position(p, f"{where}[{i}]")
        for i, (a, b) in enumerate(zip(coords, coords[1:])):
            if abs(b[0] - a[0]) > 180:
                problems.append(f"{where}[{i}]: crosses the antimeridian without a cut")
        if ring and coords[0] != coords[-1]:
            problems.append(f"{where}: ring not closed")

    def polygon(rings, where):
        for k, ring in enumerate(rings):
            line(ring, f"{where}[{k}]", ring=True)
            if len(ring) >= 4 and (_ring_area(ring) > 0) != (k == 0):
                problems.append(f"{where}[{k}]: wrong winding ({'exterior' if k == 0 else 'hole'})")

    def geometry(g, where):
        if g is None:
            return
        t, c = g.get("type"), g.get("coordinates")
        if t == "Point":
            position(c, where)
        elif t == "MultiPoint":
            for i, p in enumerate(c):
                position(p, f"{where}[{i}]")
        elif t == "LineString":
            line(c, where)
        elif t == "MultiLineString":
            for i, part in enumerate(c):
                line(part, f"{where}[{i}]")
        elif t == "Polygon":
            polygon(c, where)
        elif t == "MultiPolygon":
            for i, poly in enumerate(c):
                polygon(poly, f"{where}[{i}]")
        elif t == "GeometryCollection":
            for i, sub in enumerate(g.get("geometries", [])):
                geometry(sub, f"{where}.geometries[{i}]")
        else:
            problems.append(f"{where}: unknown geometry type {t!r}")

    if "crs" in obj:
        problems.append("crs member (RFC 7946 §4 removed it)")
    if obj.get("type") != "FeatureCollection" or not isinstance(obj.get("features"), list):
        return problems + ["not a FeatureCollection"]
    for i, f in enumerate(obj["features"]):
        if f.get("type") != "Feature" or "geometry" not in f or not isinstance(f.get("properties"), (dict, type(None))):
            problems.append(f"features[{i}]: not a Feature")
            continue
        geometry(f["geometry"], f"features[{i}]")
    return problems


def test_rfc7946_validator_catches_what_it_should():
    bad = {"type": "FeatureCollection", "crs": {}, "features": [
        {"type": "Feature", "properties": {}, "geometry": {"type": "Point", "coordinates": [39.0, 125.7]}},
        {"type": "Feature", "properties": {}, "geometry": {"type": "LineString",
                                                           "coordinates": [[170.0, 60.0], [-170.0, 61.0]]}},
        {"type": "Feature", "properties": {}, "geometry": {"type": "Polygon",
                                                           "coordinates": [[[0, 0], [0, 1], [1, 1], [1, 0], [0, 0]]]}},
    ]}
    text = "\n".join(rfc7946_problems(bad))
    for expected in ("crs member", "out of range", "crosses the antimeridian", "wrong winding"):
        assert expected in text


def test_seed_geojson_is_rfc7946_and_opens_in_shapely(seed_files, seed_route):
    from shapely.geometry import shape

    fc = json.loads(seed_files["geojson"].read_text(encoding="utf-8"))
    assert rfc7946_problems(fc) == []
    stops = [f for f in fc["features"] if f["properties"]["kind"] == "stop"]
    legs = [f for f in fc["features"] if f["properties"]["kind"] == "leg"]
    assert len(stops) == len(seed_route.stops) and len(legs) == len(seed_route.legs)
    # [longitude, latitude], in that order (Pyongyang is at 125.7 E, 39.0 N).
    for f, s in zip(stops, sorted(seed_route.stops, key=lambda s: s.seq)):
        assert f["geometry"]["coordinates"] == [round(s.place.lon, 6), round(s.place.lat, 6)]
        assert f["properties"]["status"] == s.status and f["properties"]["evidence"]
    for f in fc["features"]:
        g = shape(f["geometry"])
        assert g.is_valid and not g.is_empty
    gpd = None
    try:
        import geopandas as gpd
    except ImportError:
        pass
    if gpd is not None:  # optional: geopandas reads the file as it is
        assert len(gpd.read_file(seed_files["geojson"])) == len(fc["features"])


def test_antimeridian_leg_is_rfc7946_and_opens_in_shapely():
    from shapely.geometry import shape

    fc = route_geojson(_itinerary(last=ANCHORAGE))
    assert rfc7946_problems(fc) == []
    leg = next(f for f in fc["features"] if f["properties"].get("to") == "Anchorage")
    g = shape(leg["geometry"])
    assert g.geom_type == "MultiLineString" and g.is_valid
    west, east = g.geoms
    assert west.coords[-1][0] == 180.0 and east.coords[0][0] == -180.0
    # Cut, not wrapped: together the parts span the Bering Sea, not the whole world.
    assert west.bounds[0] > 130 and east.bounds[2] < -149
