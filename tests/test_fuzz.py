"""Property tests (hypothesis) for every stage: nothing crashes on any input, and the contracts hold.

Example counts are kept modest so the file runs in well under a minute; raise them locally with
HYPOTHESIS_EXAMPLES=1000 to hunt harder.
"""
from __future__ import annotations

import json
import math
import os
import tempfile
from datetime import date
from pathlib import Path

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from itinerary.api import json_schema
from itinerary.model import Claim, Document, Evidence, Itinerary, Leg, Mention, Place, Stop

_EXAMPLES = os.environ.get("HYPOTHESIS_EXAMPLES")


def fuzz(examples: int = 25):
    """Per-test settings (no global profile, so other test files keep their own): modest and
    reproducible by default; HYPOTHESIS_EXAMPLES=N for a longer, random hunt."""
    return settings(max_examples=int(_EXAMPLES) if _EXAMPLES else examples, deadline=None,
                    derandomize=not _EXAMPLES, suppress_health_check=[HealthCheck.too_slow])

# Pieces of news text (written for these tests) that steer random text into the deeper paths of
# every stage: place names, movement cues, dates, distances, front matter, markup.
FRAGMENTS = [
    "Kim Jong Un", " tiba di ", " arrived in ", " left ", " Vladivostok", " Pyongyang", " Khasan", " Moskow",
    " Artyom", " Vostochny Cosmodrome", " Amur", " Rusia", " Russia", " Korea Utara", " Jakarta", " Paris",
    " pada Selasa (12/9/2023)", " on Tuesday", " kemarin", " yesterday", " 13 September 2023", " 2023-09-14",
    " sekitar 254 km (159 mil)", " about 1,000 km", " 40 kilometer dari perbatasan", " more than 9,000 km",
    " dari ", " ke ", " menuju ", " from ", " to ", " toward ", ". ", ".\n", "\n\n", ", ", "SEOUL, KOMPAS.TV — ",
    "“", "”", "(", ")", "---\n", "title: x\n", "<p>", "</p>", "&amp;", "\u200b", "\ufeff", "İ", "ß", "ﬁ", "🚂",
]
texts = st.lists(st.one_of(st.text(max_size=12), st.sampled_from(FRAGMENTS)), max_size=40).map("".join)
lats = st.floats(min_value=-90, max_value=90, allow_nan=False)
lons = st.floats(min_value=-180, max_value=180, allow_nan=False)


def _doc(text: str, body_start: int, published: date | None) -> Document:
    return Document(id="fuzz", path="fuzz.txt", text=text, body_start=min(body_start, len(text)), published=published)


# ---------------------------------------------------------------- documents


@fuzz()
@given(st.binary(max_size=600))
def test_any_bytes_are_read_or_skipped_never_raise(data):
    from itinerary.documents import load_document

    with tempfile.TemporaryDirectory() as d:
        for name in ("x.txt", "x.html", "x.md"):
            p = Path(d, name)
            p.write_bytes(data)
            loaded = load_document(p)
            assert (loaded.document is None) != (loaded.skipped is None)
            if loaded.document is not None:
                doc = loaded.document
                assert doc.text.strip() and 0 <= doc.body_start <= len(doc.text)


@fuzz()
@given(texts)
def test_any_text_file_round_trips_its_offsets(text):
    from itinerary.documents import load_document

    with tempfile.TemporaryDirectory() as d:
        p = Path(d, "a.txt")
        p.write_bytes(text.encode("utf-8", "surrogatepass"))
        loaded = load_document(p)
        if loaded.document is not None and loaded.notes == () and not text.lstrip().lower().startswith("<"):
            assert loaded.document.text == text.removeprefix("\ufeff")


# ---------------------------------------------------------------- extraction


@fuzz()
@given(texts, st.integers(0, 40), st.one_of(st.none(), st.dates(date(1990, 1, 1), date(2040, 1, 1))))
def test_extraction_never_crashes_and_offsets_hold(gazetteer, text, body_start, published):
    from itinerary.claims import find_claims
    from itinerary.dates import find_dates
    from itinerary.events import find_events, find_traveller
    from itinerary.journey import build_route
    from itinerary.mentions import find_mentions

    doc = _doc(text, body_start, published)
    mentions = find_mentions(doc, gazetteer)
    for m in mentions:
        assert 0 <= m.start < m.end <= len(text)
        assert text[m.start:m.end] == m.name
        assert m.document == doc.id
        assert -90 <= m.place.lat <= 90 and -180 <= m.place.lon <= 180
    for d in find_dates(text, published):
        assert 0 <= d.start <= d.end <= len(text)
        assert text[d.start:d.end] == d.text
    for c in find_claims(doc, mentions):
        assert 0 <= c.start < c.end <= len(text)
        assert c.reported_km >= 0
        assert c.geodesic_km is None or c.geodesic_km >= 0
    traveller = find_traveller([(doc, mentions)])
    events = find_events(doc, mentions, traveller)
    for e in events:
        assert e.mention in mentions and e.status in ("visited", "expected", "passed")
    stops, legs, _, _ = build_route(events)
    seqs = [s.seq for s in stops]
    assert seqs == list(range(1, len(stops) + 1))
    for leg in legs:
        assert leg.from_seq in seqs and leg.to_seq in seqs and leg.geodesic_km >= 0


# ---------------------------------------------------------------- geometry


@fuzz()
@given(lats, lons, lats, lons)
def test_geodesic_distance_is_symmetric_and_non_negative(lat1, lon1, lat2, lon2):
    from itinerary.geodesy import geodesic_km

    ab, ba = geodesic_km(lat1, lon1, lat2, lon2), geodesic_km(lat2, lon2, lat1, lon1)
    assert ab >= 0 and math.isfinite(ab)
    assert ab == pytest.approx(ba, abs=1e-6)
    assert ab <= 20_004  # half the meridian: no two points are further apart
    assert geodesic_km(lat1, lon1, lat1, lon1) == pytest.approx(0, abs=1e-9)


@fuzz()
@given(lats, lons, lats, lons)
def test_legs_never_wrap_the_antimeridian(lat1, lon1, lat2, lon2):
    from itinerary.geodesy import great_circle
    from itinerary.render.exports import geodesic_path

    # A step of exactly 180 degrees is a path over a pole (0,0 -> 0,180), not a wrap; a wrap is
    # a step of nearly 360 (179 -> -179).
    parts = great_circle(lat1, lon1, lat2, lon2, step_km=500)
    for part in parts:
        assert all(-180 <= lon <= 180 for _, lon in part)
        assert all(abs(b[1] - a[1]) <= 180 for a, b in zip(part, part[1:]))
    line = geodesic_path(lat1, lon1, lat2, lon2, step_km=500)
    assert line[0][1] == pytest.approx(lon1)
    assert all(abs(b[1] - a[1]) <= 180 for a, b in zip(line, line[1:]))


places = st.builds(Place, id=st.text(min_size=1, max_size=8).map(lambda s: "t:" + s),
                   name=st.text(min_size=1, max_size=20), lat=lats, lon=lons,
                   feature=st.sampled_from(["city", "station", "country", "region", "spaceport"]),
                   country=st.sampled_from(["", "RU", "KP", "US", "FJ"]))
evidence = st.builds(Evidence, document=st.just("d1"), start=st.integers(0, 50), end=st.integers(50, 99),
                     text=st.text(max_size=60), title=st.one_of(st.none(), st.text(max_size=20)),
                     url=st.one_of(st.none(), st.just("https://example.org/a"), st.just("javascript:alert(1)")))
optional_date = st.one_of(st.none(), st.dates(date(2000, 1, 1), date(2030, 12, 31)))


@st.composite
def itineraries(draw, max_stops=6):
    from itinerary.geodesy import geodesic_km

    ps = draw(st.lists(places, max_size=max_stops))
    stops = tuple(Stop(seq=i + 1, place=p, date=draw(optional_date), date_end=draw(optional_date),
                       status=draw(st.sampled_from(["visited", "expected", "passed"])),
                       role=draw(st.sampled_from(["origin", "stop", "destination", "return"])),
                       evidence=tuple(draw(st.lists(evidence, max_size=2))),
                       date_basis=draw(st.sampled_from(["", "explicit", "report", "weekday"])),
                       notes=tuple(draw(st.lists(st.text(max_size=30), max_size=2))))
                  for i, p in enumerate(ps))
    legs = tuple(Leg(a.seq, b.seq, a.place.name, b.place.name,
                     geodesic_km(a.place.lat, a.place.lon, b.place.lat, b.place.lon),
                     "expected" if "expected" in (a.status, b.status) else "visited")
                 for a, b in zip(stops, stops[1:]))
    claims = tuple(draw(st.lists(claims_st(ps), max_size=2)))
    doc = Document(id="d1", path="d1.txt", text=draw(st.text(max_size=100)), body_start=0,
                   title=draw(st.one_of(st.none(), st.text(max_size=30))), published=draw(optional_date))
    mentions = tuple(Mention("d1", 0, 1, "x", p, score=draw(st.floats(0, 1)), candidates=draw(st.integers(1, 9)))
                     for p in ps)
    return Itinerary(documents=(doc,), mentions=mentions, stops=stops, legs=legs, claims=claims,
                     superseded=tuple(draw(st.lists(st.text(max_size=30), max_size=2))))


def claims_st(ps):
    end = st.one_of(st.none(), st.sampled_from(ps)) if ps else st.none()
    return st.builds(
        Claim, document=st.just("d1"), text=st.text(max_size=80), start=st.integers(0, 10), end=st.integers(11, 30),
        reported=st.text(min_size=1, max_size=20), reported_km=st.floats(0, 30000),
        reported_km_high=st.one_of(st.none(), st.floats(0, 30000)),
        qualifier=st.sampled_from(["approx", "more_than", "less_than", "at_most", "at_least", "exact"]),
        kind=st.sampled_from(["between", "to_border", "to_area", "journey"]),
        from_name=st.one_of(st.none(), st.text(max_size=10)), to_name=st.one_of(st.none(), st.text(max_size=10)),
        from_place=end, to_place=end, geodesic_km=st.one_of(st.none(), st.floats(0, 20004)),
        ratio=st.one_of(st.none(), st.floats(0, 100)),
        verdict=st.sampled_from(["consistent", "plausible-route", "inconsistent", "unit-mismatch", "unresolved"]),
        explanation=st.text(max_size=40), measured_how=st.text(max_size=10),
        to_point=st.one_of(st.none(), st.tuples(lats, lons)))


@fuzz(15)
@given(itineraries())
def test_exported_legs_never_jump_across_the_map(itin):
    from itinerary.render.exports import journey_positions, leg_path, route_geojson

    for f in route_geojson(itin)["features"]:
        g = f["geometry"]
        lines = {"LineString": [g["coordinates"]], "MultiLineString": g["coordinates"]}.get(g["type"], [])
        for line in lines:
            assert all(-180 <= lon <= 180 for lon, _ in line)
            assert all(abs(b[0] - a[0]) <= 180 for a, b in zip(line, line[1:]))
    pos = journey_positions(itin.stops)
    for leg in itin.legs:
        path = leg_path(leg, pos)
        assert all(abs(b[1] - a[1]) <= 180 for a, b in zip(path, path[1:]))


# ---------------------------------------------------------------- map


@fuzz(10)
@given(itineraries(max_stops=3), st.one_of(st.none(), st.text(max_size=30)))
def test_the_map_renders_for_any_small_itinerary(itin, title):
    from itinerary.render.map import render_map

    page = render_map(itin, title=title, assets="cdn", outlines=False)
    assert page.lstrip().lower().startswith("<!doctype html") and "</html>" in page
    assert "javascript:alert" not in page


def _line_itinerary(n: int) -> Itinerary:
    """n stops 20 km apart, eastwards across the antimeridian near the Bering Strait."""
    stops = tuple(Stop(seq=i + 1, place=Place(id=f"t:{i}", name=f"Halt {i}", lat=65.0 + 0.001 * i,
                                              lon=((170.0 + 0.4 * i + 180) % 360) - 180, feature="station"),
                       date=None, date_end=None, status="visited", role="stop",
                       evidence=(Evidence("d1", 0, 10, f"The train stopped at Halt {i}."),)) for i in range(n))
    legs = tuple(Leg(a.seq, b.seq, a.place.name, b.place.name, 20.0, "visited") for a, b in zip(stops, stops[1:]))
    doc = Document(id="d1", path="d1.txt", text="x", body_start=0)
    return Itinerary(documents=(doc,), mentions=(), stops=stops, legs=legs, claims=())


@pytest.mark.parametrize("n", [0, 1, 1000])
def test_the_map_is_produced_for_0_1_and_1000_stops(n):
    from itinerary.render.map import render_map

    page = render_map(_line_itinerary(n), title=f"{n} stops")
    assert "</html>" in page and f"{n} stops" in page
    if n:
        assert f"Halt {n - 1}" in page


# ---------------------------------------------------------------- JSON shapes


@fuzz(20)
@given(itineraries())
def test_json_outputs_validate_against_their_schemas(itin):
    from itinerary.render import serialize as ser

    jsonschema.validate(json.loads(ser.route_json_text(itin)), json_schema("route"))
    jsonschema.validate(json.loads(ser.dumps(ser.check_dict(itin.documents, itin.claims))), json_schema("check"))
    jsonschema.validate(json.loads(ser.dumps(ser.places_dict(itin.documents, itin.mentions))), json_schema("places"))
    line_schema = json_schema("places-jsonl")
    # split on \n only: str.splitlines() also breaks at U+0085 and U+2028, which JSON keeps raw.
    for line in ser.places_jsonl(itin.documents, itin.mentions).rstrip("\n").split("\n"):
        jsonschema.validate(json.loads(line), line_schema)


def test_real_outputs_validate_against_their_schemas(seed_route):
    import itinerary
    from itinerary.render import serialize as ser

    jsonschema.validate(json.loads(ser.route_json_text(seed_route)), json_schema("route"))
    checked = itinerary.check([Path(__file__).resolve().parents[1] / "seeds"])
    jsonschema.validate(json.loads(ser.dumps(ser.check_dict(checked.documents, checked.claims))), json_schema("check"))
    docs, mentions = seed_route.documents, seed_route.mentions
    jsonschema.validate(json.loads(ser.dumps(ser.places_dict(docs, mentions))), json_schema("places"))
    for line in ser.places_jsonl(docs, mentions).splitlines():
        jsonschema.validate(json.loads(line), json_schema("places-jsonl"))


def test_schemas_are_valid_schemas():
    for name in ("route", "check", "places", "places-jsonl"):
        jsonschema.Draft202012Validator.check_schema(json_schema(name))
