"""Issue 13, item 4: in a notebook an Itinerary shows its map inline, and print() gives the CLI table."""
from __future__ import annotations

import sys
import types
from datetime import date
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner

import itinerary
from itinerary.cli import main
from itinerary.model import Document, Evidence, Itinerary, Leg, Place, Stop
from itinerary.render.map import render_map
from itinerary.render.notebook import NOTEBOOK_HEIGHT, MapView, iframe, map_iframe

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"


class _Frames(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def _parse(html: str) -> list[tuple[str, dict]]:
    p = _Frames()
    p.feed(html)
    p.close()
    return p.tags


def test_print_route_is_the_cli_table(seed_route):
    r = CliRunner().invoke(main, ["route", str(SEEDS)])
    assert r.exit_code == 0
    assert str(seed_route) == r.stdout
    assert repr(seed_route).startswith("Itinerary(documents=(Document(")  # repr stays the dataclass's


def test_repr_html_is_the_map_in_a_sandboxed_iframe(seed_route):
    html = seed_route._repr_html_()
    tags = _parse(html)
    assert [t for t, _ in tags] == ["iframe"]  # one element: the page is inside the attribute
    attrs = tags[0][1]
    assert attrs["srcdoc"] == render_map(seed_route, tiles="none", lang="auto")
    assert attrs["sandbox"] == "allow-scripts allow-popups allow-popups-to-escape-sandbox"
    assert f"height:{NOTEBOOK_HEIGHT}px" in attrs["style"] and "width:100%" in attrs["style"]
    page = attrs["srcdoc"]
    # Self-contained: Leaflet inline, no tiles, no script or stylesheet from anywhere.
    assert "L.map(" in page and "tile.openstreetmap.org" not in page
    assert not any(t in ("script", "link") and (a.get("src") or a.get("href", "").startswith("http"))
                   for t, a in _parse(page))
    assert '<html lang="id">' in page  # the articles' language, as `itinerary map` draws it


def _hostile() -> Itinerary:
    name = 'Evil"><script>alert(1)</script>&amp;\' <iframe srcdoc="x">'
    place = Place("x:1", name, 10.0, 20.0, "city", "XX")
    other = Place("x:2", "B", 11.0, 21.0, "city", "XX")
    ev = Evidence("doc", 0, 10, f"They went to {name}.")
    stops = (Stop(1, place, date(2024, 1, 1), None, "visited", "origin", (ev,)),
             Stop(2, other, date(2024, 1, 2), None, "visited", "destination", (ev,)))
    doc = Document("doc", "doc.txt", "x", 0, title=name)
    return Itinerary((doc,), (), stops, (Leg(1, 2, name, "B", 150.0, "visited"),), ())


def test_srcdoc_is_escaped_so_nothing_leaves_the_attribute():
    itin = _hostile()
    html = itin._repr_html_()
    head, _, rest = html.partition(' srcdoc="')
    body, _, tail = rest.partition('"')
    assert head == "<iframe" and tail.startswith(" title=")
    assert not set(body) & set("<>\"'")  # all as entities
    assert unescape(body) == render_map(itin, tiles="none", lang="auto")
    assert [t for t, _ in _parse(html)] == ["iframe"]
    title = iframe("<p>", title='a"b<c>')
    assert 'title="a&quot;b&lt;c&gt;"' in title


def test_map_view_options_and_height_checks(seed_route):
    html = MapView(seed_route, tiles="osm", lang="en", height=300)._repr_html_()
    attrs = _parse(html)[0][1]
    assert "height:300px" in attrs["style"] and '<html lang="en">' in attrs["srcdoc"]
    assert "tile.openstreetmap.org" in attrs["srcdoc"]
    for bad in (0, 99999, "500", True):
        with pytest.raises(ValueError, match="height"):
            map_iframe(seed_route, height=bad)


def test_a_journey_without_stops_shows_the_notice():
    empty = Itinerary((), (), (), (), ())
    assert str(empty).startswith("#  stop")
    assert 'class="itin-box itin-notice"' in _parse(empty._repr_html_())[0][1]["srcdoc"]


def test_frames_are_delegated_lazily(monkeypatch, seed_route):
    calls = []
    fake = types.ModuleType("itinerary.frames")
    for name in ("stops_frame", "legs_frame", "claims_frame"):
        fake.__dict__[name] = (lambda n: lambda itin: calls.append((n, itin)) or n)(name)
    fake.geodataframe = lambda itin, layer: calls.append(("geodataframe", itin, layer)) or layer
    monkeypatch.setitem(sys.modules, "itinerary.frames", fake)
    monkeypatch.setattr(itinerary, "frames", fake, raising=False)
    assert seed_route.stops_frame() == "stops_frame"
    assert seed_route.legs_frame() == "legs_frame"
    assert seed_route.claims_frame() == "claims_frame"
    assert seed_route.to_geodataframe() == "stops" and seed_route.to_geodataframe("legs") == "legs"
    assert calls == [("stops_frame", seed_route), ("legs_frame", seed_route), ("claims_frame", seed_route),
                     ("geodataframe", seed_route, "stops"), ("geodataframe", seed_route, "legs")]


def test_places_print_as_the_table_and_show_as_a_map():
    """Needs the api.py glue of /tmp/patches/issue13-api-cli.diff (Places.__str__, _repr_html_)."""
    found = itinerary.places([SEEDS / "000_e0a871338f087d8a.txt"])
    r = CliRunner().invoke(main, ["places", str(SEEDS / "000_e0a871338f087d8a.txt")])
    assert str(found) == r.stdout
    page = _parse(found._repr_html_())[0][1]["srcdoc"]
    assert "itin-mention" in page and 'class="itin-box itin-notice"' not in page
    checked = itinerary.check([SEEDS])
    assert str(checked) == CliRunner().invoke(main, ["check", str(SEEDS)]).stdout
