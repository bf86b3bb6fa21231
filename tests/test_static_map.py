"""Static maps: `itinerary map ... -o trip.png|.svg|.pdf`, drawn with matplotlib, offline.

The SVG names what it draws with stable ids (label-<seq>, leg-<from>-<to>, stop-<seqs>, ...), so
the tests count them; PNG and PDF are checked for their size in pixels and points.
"""
from __future__ import annotations

import re
import socket
import struct
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from itinerary.cli import main
from itinerary.errors import FormatError
from itinerary.model import Document, Evidence, Itinerary, Leg, Place, Stop
from itinerary.render import static

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
SVG_NS = "{http://www.w3.org/2000/svg}"


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def _ids(svg: bytes, prefix: str) -> list[str]:
    root = ET.fromstring(svg)
    return [el.get("id") for el in root.iter() if (el.get("id") or "").startswith(prefix)]


def _texts(svg: bytes, gid: str) -> str:
    """The text inside the element with id `gid` (matplotlib writes each line as a <text>)."""
    root = ET.fromstring(svg)
    el = next(e for e in root.iter() if e.get("id") == gid)
    return "\n".join("".join(t.itertext()) for t in el.iter(SVG_NS + "text"))


@pytest.fixture(scope="module")
def seed_svg(tmp_path_factory):
    out = tmp_path_factory.mktemp("static") / "trip.svg"
    r = run("map", SEEDS, "-o", out, "--lang", "en")
    assert r.exit_code == 0, r.output
    return out.read_bytes()


def _place(pid, name, lat, lon, country="RU"):
    return Place(id=pid, name=name, lat=lat, lon=lon, feature="city", country=country)


DOC = Document(id="r1", path="r1.txt", text="He travelled.", body_start=0, source="Example News",
               published=date(2024, 5, 1))
EV = (Evidence("r1", 0, 13, "He travelled."),)


def _trip(places, statuses=None) -> Itinerary:
    statuses = statuses or ["visited"] * len(places)
    stops = tuple(Stop(i + 1, p, date(2024, 5, 1 + i), None, st, "stop", EV)
                  for i, (p, st) in enumerate(zip(places, statuses)))
    legs = tuple(Leg(a.seq, b.seq, a.place.name, b.place.name, 100.0,
                     "expected" if b.status == "expected" else "visited") for a, b in zip(stops, stops[1:]))
    return Itinerary((DOC,), (), stops, legs, ())


# ---------------------------------------------------------------- the seeds


def test_seed_svg_has_a_label_per_stop_and_a_line_per_leg(seed_svg, seed_route):
    assert len(seed_route.stops) == 6 and len(seed_route.legs) == 5
    labels = _ids(seed_svg, "label-")
    assert sorted(labels) == [f"label-{s.seq}" for s in seed_route.stops]
    assert len(_ids(seed_svg, "leg-")) == 5
    assert sorted(_ids(seed_svg, "leg-")) == sorted(f"leg-{g.from_seq}-{g.to_seq}" for g in seed_route.legs)
    # One marker per place: Pyongyang, origin and return, is one marker "1/6".
    assert "stop-1-6" in _ids(seed_svg, "stop-")
    for s in seed_route.stops:
        assert s.place.name in _texts(seed_svg, f"label-{s.seq}")
    for part in ("title", "subtitle", "legend", "scalebar", "attribution", "land", "borders"):
        assert _ids(seed_svg, part), part
    assert "Natural Earth" in _texts(seed_svg, "attribution")
    assert "Sep 10" in _texts(seed_svg, "subtitle") and "2023" in _texts(seed_svg, "subtitle")
    assert re.search(r"\d km$", _texts(seed_svg, "scalebar") or "") is None  # the box; the numbers follow it
    assert re.search(r">\s*[\d,]+ km\s*<", seed_svg.decode()), "scale bar label in km"


def test_expected_legs_are_dashed_and_expected_stops_hollow(seed_svg, seed_route):
    root = ET.fromstring(seed_svg)
    by_id = {el.get("id"): el for el in root.iter() if el.get("id")}
    for leg in seed_route.legs:
        style = " ".join(p.get("style", "") for p in by_id[f"leg-{leg.from_seq}-{leg.to_seq}"].iter(SVG_NS + "path"))
        assert ("stroke-dasharray" in style) == (leg.status == "expected"), (leg, style)
    # Vladivostok (expected) is a hollow marker: white inside, dashed ring.
    vvo = next(s for s in seed_route.stops if s.place.name == "Vladivostok")
    assert vvo.status == "expected"
    style = " ".join(p.get("style", "") for p in by_id[f"stop-{vvo.seq}"].iter(SVG_NS + "path"))
    assert "fill: #ffffff" in style and "stroke-dasharray" in style
    legend = _texts(seed_svg, "legend")
    assert "visited" in legend and "expected (planned)" in legend


def test_svg_bytes_are_the_same_on_every_run(tmp_path, seed_svg):
    again = tmp_path / "again.svg"
    assert run("map", SEEDS, "-o", again, "--lang", "en").exit_code == 0
    assert again.read_bytes() == seed_svg
    assert b"<dc:date>" not in seed_svg  # no creation date
    assert seed_svg.count(b"<text") > 20  # text stays text (searchable, escaped), in DejaVu Sans
    assert b"DejaVu Sans" in seed_svg


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


def _png_dpi(data: bytes) -> float:
    i = data.index(b"pHYs")
    ppm_x, _, unit = struct.unpack(">IIB", data[i + 4:i + 13])
    assert unit == 1
    return ppm_x * 0.0254


def test_png_pdf_and_svg_are_written_at_the_size_asked(tmp_path):
    for ext in ("png", "pdf", "svg"):
        r = run("map", SEEDS, "-o", tmp_path / f"card.{ext}", "--size", "1200x675")
        assert r.exit_code == 0, r.output
        assert r.stderr.strip().endswith(f"card.{ext}")
    png = (tmp_path / "card.png").read_bytes()
    assert _png_size(png) == (1200, 675) and len(png) > 50_000
    assert round(_png_dpi(png)) == 150
    pdf = (tmp_path / "card.pdf").read_bytes()
    assert pdf.startswith(b"%PDF-") and len(pdf) > 20_000
    # 1200 x 675 pixels at 150 dpi: 8 x 4.5 inches, 576 x 324 points.
    assert re.search(rb"/MediaBox \[\s*0 0 576 324\s*\]", pdf)
    svg = (tmp_path / "card.svg").read_bytes()
    root = ET.fromstring(svg)
    assert (root.get("width"), root.get("height")) == ("576pt", "324pt")
    # A print size at 300 dpi keeps the pixels asked for.
    r = run("map", SEEDS, "-o", tmp_path / "print.png", "--size", "2400x1600", "--dpi", "300")
    assert r.exit_code == 0, r.output
    data = (tmp_path / "print.png").read_bytes()
    assert _png_size(data) == (2400, 1600) and round(_png_dpi(data)) == 300


def test_static_maps_need_no_network(monkeypatch, seed_route):
    def refuse(*args, **kwargs):
        raise AssertionError("a static map tried to use the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    for fmt in ("png", "svg", "pdf"):
        assert len(static.render_static(seed_route, fmt, size=(600, 400))) > 10_000


# ---------------------------------------------------------------- labels


def test_labels_cover_neither_each_other_nor_markers(seed_route):
    import matplotlib

    with matplotlib.rc_context({"text.parse_math": False}):
        fig, _ = static._draw(seed_route, None, 1200, 675, 150, static._labels("en"))
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    ax = fig.axes[0]
    labels, markers = [], []
    for t in ax.texts:
        gid = t.get_gid() or ""
        if gid.startswith("stop-"):
            markers.append(static._box(t.get_bbox_patch().get_window_extent(renderer)))
    for t in ax.texts:
        if (t.get_gid() or "").startswith("label-"):
            labels.append(static._box(t.get_bbox_patch().get_window_extent(renderer)))
    assert len(labels) == 6 and len(markers) == 5
    for i, a in enumerate(labels):
        for b in labels[i + 1:]:
            assert a.overlap(b) == 0, (a, b)
        for m in markers:
            assert a.overlap(m) == 0, (a, m)
        assert a.inside(static._Box(0, 0, 1200, 675))


def test_crowded_stops_get_leader_lines():
    # Eight stops a few hundred metres apart: labels cannot all sit next to their markers, and
    # markers that would cover one another move aside, tied to their places.
    places = [_place(f"p{i}", f"Place number {i}", 43.1 + 0.004 * (i % 3), 131.9 + 0.005 * i) for i in range(8)]
    svg = static.render_static(_trip(places), "svg", size=(800, 600), lang="en")
    assert len(_ids(svg, "label-")) == 8 and _ids(svg, "stop-tie-")
    assert _ids(svg, "leader-"), "a label moved away from its marker is tied to it by a line"


def test_article_text_is_escaped_in_the_svg():
    title = 'Kim <script>alert(1)</script> & "$5" costs'
    evil = _place("x:evil", "Art<b>yom</b> & Co", 43.36, 132.19)
    svg = static.render_static(_trip([_place("v", "Vladivostok", 43.1, 131.9), evil]), "svg",
                               title=title, lang="en")
    root = ET.fromstring(svg)  # well-formed XML
    assert not [el for el in root.iter() if el.tag in (SVG_NS + "script", "script")]
    assert b"<script>" not in svg and b"&lt;script&gt;" in svg
    assert _texts(svg, "title") == title  # shown as written; "$" is no math
    assert "Art<b>yom</b> & Co" in _texts(svg, "label-2")


def test_names_dejavu_cannot_show_fall_back():
    tokyo = _place("x:tokyo", "東京", 35.68, 139.76, "JP")
    athens = _place("x:athens", "Αθήνα", 37.98, 23.73, "GR")
    cairo = _place("x:cairo", "القاهرة", 30.04, 31.24, "EG")
    sao = _place("x:sp", "São Paulo", -23.55, -46.63, "BR")
    svg = static.render_static(_trip([tokyo, athens, cairo, sao]), "svg", lang="ja")
    assert _texts(svg, "label-1").startswith("1.\n") or _texts(svg, "label-1").startswith("1. ")
    assert "東京" not in svg.decode() and "القاهرة" not in svg.decode()
    assert "Αθήνα" in _texts(svg, "label-2") and "São Paulo" in _texts(svg, "label-4")
    # Japanese words and dates are beyond DejaVu: the static map shows them in English.
    assert "Journey" in _texts(svg, "legend") and "May" in _texts(svg, "subtitle")
    assert static.place_label("Москва") == "Москва" and static.place_label("Zürich") == "Zürich"
    assert static.place_label("Bình Dương") == "Bình Dương"
    assert static.place_label("서울") == ""


# ---------------------------------------------------------------- the antimeridian


def _leg_moves(svg: bytes, gid: str) -> int:
    root = ET.fromstring(svg)
    el = next(e for e in root.iter() if e.get("id") == gid)
    return sum(len(re.findall(r"M\s", p.get("d", ""))) for p in el.iter(SVG_NS + "path"))


def test_a_pacific_leg_is_one_line_and_a_world_trip_is_cut_at_its_edge():
    vvo, anc = _place("v", "Vladivostok", 43.1, 131.9), _place("a", "Anchorage", 61.2, -149.9, "US")
    svg = static.render_static(_trip([vvo, anc]), "svg", lang="en")
    assert _leg_moves(svg, "leg-1-2") == 1  # continuous across 180°, not round the world
    world = [_place("a", "A", 0, 0), _place("b", "B", 10, 100), _place("c", "C", 20, -160),
             _place("d", "D", 5, -60), _place("e", "E", 0, 1)]
    svg = static.render_static(_trip(world), "svg", lang="en")
    assert _leg_moves(svg, "leg-2-3") == 2  # the map's edge cuts the Pacific leg in two
    assert _leg_moves(svg, "leg-1-2") == 1


def test_scale_bar_length_is_true_at_the_centre_latitude(seed_route):
    from pyproj import Geod

    assert [static._nice_km(x) for x in (0.7, 3.1, 180, 460, 900, 2600)] == [0.5, 2, 200, 500, 1000, 2000]
    fig, _ = static._draw(seed_route, None, 1200, 675, 150, static._labels("en"))
    ax = fig.axes[0]
    halves = [p for p in fig.patches if type(p).__name__ == "Rectangle" and p.get_gid() is None]
    assert len(halves) == 2
    bar_px = sum(p.get_width() for p in halves) * 1200
    km = float(next(t.get_text() for t in fig.texts if t.get_text().endswith(" km")).split()[0].replace(",", ""))
    # Walk `km` east along the centre latitude on the ellipsoid and measure it on the map.
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    lat = static._inv_merc((y0 + y1) / 2)
    lon2, _, _ = Geod(ellps="WGS84").fwd(0.0, lat, 90.0, km * 1000)
    assert bar_px == pytest.approx(lon2 / (x1 - x0) * 1200, rel=0.01)


# ---------------------------------------------------------------- options


@pytest.mark.parametrize("args,message", [
    (["--size", "12x5"], "--size 12x5: each side must be"),
    (["--size", "big"], "--size 'big': expected WIDTHxHEIGHT"),
    (["--dpi", "5"], "--dpi 5: expected a whole number from"),
    (["--tiles", "none"], "--tiles applies to .html maps only"),
    (["--embed"], "--embed applies to .html maps only"),
    (["--lang", "xx"], "--lang 'xx': no language pack"),
])
def test_bad_static_options_fail_before_the_work(tmp_path, args, message):
    r = run("map", SEEDS, "-o", tmp_path / "trip.png", *args)
    assert r.exit_code == 1 and message in r.stderr, r.stderr
    assert not (tmp_path / "trip.png").exists()


def test_size_applies_to_static_maps_only(tmp_path):
    r = run("map", SEEDS, "-o", tmp_path / "trip.html", "--size", "1200x675")
    assert r.exit_code == 1 and "--size applies to .png, .svg and .pdf maps only" in r.stderr


def test_parse_size():
    assert static.parse_size("1200x675") == (1200, 675) == static.parse_size(" 1200 × 675 ")
    assert static.parse_size(None) == static.DEFAULT_SIZE
    with pytest.raises(FormatError):
        static.parse_size("1200x100")  # a strip


def test_a_map_without_stops_says_so(tmp_path):
    svg = static.render_static(Itinerary((), (), (), (), ()), "svg", lang="id")
    assert _texts(svg, "notice") == "Tidak ada persinggahan"
    assert not _ids(svg, "label-") and not _ids(svg, "leg-")


# ---------------------------------------------------------------- the Python API (issue 13, item 3)


def test_api_map_draws_static_maps_with_size_dpi_and_lang(tmp_path, seed_svg):
    """Needs the api.py glue of /tmp/patches/issue13-api-cli.diff."""
    import itinerary
    from itinerary import api

    out = itinerary.map([SEEDS], tmp_path / "trip.svg", lang="en")
    assert out.read_bytes() == seed_svg  # the same bytes as `itinerary map seeds/ -o trip.svg --lang en`
    png = itinerary.map([SEEDS], tmp_path / "card.png", size="1200x675", dpi=100, lang="id")
    assert struct.unpack(">II", png.read_bytes()[16:24]) == (1200, 675)
    trip = itinerary.route([SEEDS])
    pdf = api.map_text(trip, "pdf", size=(600, 400))
    assert isinstance(pdf, bytes) and pdf.startswith(b"%PDF-")
    api.write_map(trip, tmp_path / "trip.pdf")
    assert (tmp_path / "trip.pdf").read_bytes() == api.map_text(trip, "pdf")
    assert {api.MAP_FORMATS[x] for x in (".png", ".svg", ".pdf")} == {"png", "svg", "pdf"}


@pytest.mark.parametrize("output,options,message", [
    ("trip.txt", {}, "unknown output extension (use .html, .png, .svg, .pdf, .geojson, .csv or .json)"),
    ("trip.html", {"size": "1200x675"}, "size applies to .png, .svg and .pdf maps only"),
    ("trip.csv", {"dpi": 300}, "dpi applies to .png, .svg and .pdf maps only"),
    ("trip.geojson", {"lang": "id"}, "lang applies to .html, .png, .svg and .pdf maps only"),
    ("trip.png", {"tiles": "none"}, "tiles applies to .html maps only, not .png"),
    ("trip.svg", {"assets": "cdn"}, "assets applies to .html maps only, not .svg"),
    ("trip.png", {"size": "12x5"}, "--size 12x5: each side must be"),
    ("trip.pdf", {"lang": "xx"}, "--lang 'xx': no language pack"),
])
def test_api_map_options_fail_before_the_work(tmp_path, output, options, message):
    import itinerary
    from itinerary import api

    with pytest.raises(FormatError) as e:
        itinerary.map([SEEDS], tmp_path / output, **options)
    assert message in str(e.value)
    with pytest.raises(FormatError):
        api.check_map_options(tmp_path / output, None, **options)
    assert not (tmp_path / output).exists()
