"""Issue 13, item 1: a journey corrected by hand (route JSON, GeoJSON or CSV) read back by `map`,
`route` and `check`: stops in the file's order, legs recomputed, problems as one line each."""
from __future__ import annotations

import csv
import io
import json
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

import itinerary
from itinerary import edited
from itinerary.cli import main
from itinerary.errors import InputError, ValidationError
from itinerary.geodesy import geodesic_km
from itinerary.render.serialize import route_json_text
from test_browser import _assert_clean, _labels, _open, browser  # noqa: F401 - the fixture

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    """The seeds' journey as `itinerary route --format json|geojson|csv -o ...` writes it."""
    folder = tmp_path_factory.mktemp("written")
    out = {}
    for fmt, ext in (("json", "json"), ("geojson", "geojson"), ("csv", "csv")):
        out[fmt] = folder / f"trip.{ext}"
        r = run("route", SEEDS, "--format", fmt, "-o", out[fmt])
        assert r.exit_code == 0, r.output
    return out


def _stops_in_html(page: str) -> dict[int, str]:
    """seq -> name of every stop whose popup the map page holds (`<h4>3. <bdi>Name</bdi></h4>`)."""
    found = re.findall(r"\\u003ch4\\u003e(\d+)\. \\u003cbdi\\u003e(.*?)\\u003c/bdi\\u003e", page)
    return {int(n): name for n, name in found}


def _legs_in_html(page: str) -> list[tuple[int, int, str]]:
    """(from, to, km text) of every leg tooltip of the map page."""
    tips = re.findall(r'poly_line_\w+\.bindTooltip\("(\d+)\. .*? → (\d+)\. .*?: ([\d,.]+) km', page)
    return sorted((int(a), int(b), km) for a, b, km in tips)


# ---------------------------------------------------------------- the acceptance round trip

def test_route_json_edited_then_mapped(written, tmp_path):
    data = json.loads(written["json"].read_text(encoding="utf-8"))
    names = [s["name"] for s in data["stops"]]
    assert names[3] == "Vladivostok" and len(names) == 6
    del data["stops"][3]  # a wrong stop, deleted
    data["stops"][2]["date"] = "2023-09-13"  # a date corrected
    trip = tmp_path / "trip.json"
    trip.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")

    r = run("map", trip, "-o", tmp_path / "trip.html", "--lang", "en")
    assert r.exit_code == 0, r.output
    page = (tmp_path / "trip.html").read_text(encoding="utf-8")
    stops = _stops_in_html(page)
    assert stops == {1: "Pyongyang", 2: "Khasan station", 3: "Vostochny Cosmodrome", 4: "Artyom", 5: "Pyongyang"}
    assert "Vladivostok" not in page
    assert "Wednesday, September 13, 2023" in page  # the new date, in the popup of stop 3
    # Legs recomputed between the stops that are left: 3 -> 4 is now Vostochny -> Artyom.
    by_seq = {i + 1: s for i, s in enumerate(data["stops"])}
    km = geodesic_km(by_seq[3]["lat"], by_seq[3]["lon"], by_seq[4]["lat"], by_seq[4]["lon"])
    assert _legs_in_html(page) == [(1, 2, "559"), (2, 3, "1,066"), (3, 4, f"{km:,.0f}"), (4, 5, "722")]

    # The static map of it: five stop labels, four legs.
    r = run("map", trip, "-o", tmp_path / "trip.svg", "--lang", "en")
    assert r.exit_code == 0, r.output
    svg = (tmp_path / "trip.svg").read_text(encoding="utf-8")
    assert sorted(set(re.findall(r'id="(label-\d+)"', svg))) == [f"label-{i}" for i in range(1, 6)]
    assert sorted(set(re.findall(r'id="(leg-\d+-\d+)"', svg))) == ["leg-1-2", "leg-2-3", "leg-3-4", "leg-4-5"]

    # The same through `route`: five stops, numbered in the file's order, the new date, legs anew.
    r = run("route", trip, "--format", "json")
    assert r.exit_code == 0, r.output
    got = json.loads(r.stdout)
    assert [s["seq"] for s in got["stops"]] == [1, 2, 3, 4, 5]
    assert got["stops"][2]["date"] == "2023-09-13"
    assert [(leg["from"], leg["to"]) for leg in got["legs"]] == [(1, 2), (2, 3), (3, 4), (4, 5)]
    assert got["legs"][2]["geodesic_km"] == round(km, 1) and got["legs"][2]["to_name"] == "Artyom"
    # Evidence stays with its stop; claims as they were.
    assert got["stops"][3]["evidence"] == data["stops"][3]["evidence"]
    assert got["claims"] == data["claims"]


def test_an_unedited_route_json_reads_back_as_it_was(written):
    itin = edited.read_itinerary(written["json"])
    assert route_json_text(itin) == written["json"].read_text(encoding="utf-8")


@pytest.mark.parametrize("edit, line", [
    (lambda d: d["stops"][2].pop("lat") and d["stops"][2].pop("lon"),
     "trip.json: stop 3 (Vostochny Cosmodrome): lat, lon: missing (a stop needs its coordinates)"),
    (lambda d: d["stops"][2].update(date="2023-13-40"),
     "trip.json: stop 3 (Vostochny Cosmodrome): date: '2023-13-40' is not a date (YYYY-MM-DD)"),
    (lambda d: d["stops"][0].update(lat=95),
     "trip.json: stop 1 (Pyongyang): lat: 95 is out of range (-90 to 90)"),
    (lambda d: d["stops"][4].update(status="visted"),
     "trip.json: stop 5 (Artyom): status: 'visted' is not one of visited, expected, passed"),
    (lambda d: d["stops"][1].update(lon="130,6"),
     "trip.json: stop 2 (Khasan station): lon: expected a number, not '130,6'"),
    (lambda d: d["stops"][1].update(date_end="2023-09-01"),
     "trip.json: stop 2 (Khasan station): date_end: '2023-09-01' is before the date '2023-09-12'"),
    (lambda d: d["stops"][1]["evidence"][0].pop("text"),
     "trip.json: stop 2 (Khasan station): evidence[1].text: missing"),
    (lambda d: d.update(schema="itinerary/route-2"),
     "trip.json: schema: expected 'itinerary/route-1', not 'itinerary/route-2'"),
])
def test_a_broken_edit_is_one_line_naming_stop_and_field_and_nothing_is_written(written, tmp_path, monkeypatch,
                                                                                edit, line):
    data = json.loads(written["json"].read_text(encoding="utf-8"))
    edit(data)
    monkeypatch.chdir(tmp_path)
    Path("trip.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    Path("old.html").write_text("the map as it was", encoding="utf-8")
    for out in ("new.html", "old.html", "new.png"):
        r = run("map", "trip.json", "-o", out)
        assert r.exit_code == 1
        assert r.stderr == f"itinerary: error: {line}\n"
        assert "Traceback" not in r.output
    assert not Path("new.html").exists() and not Path("new.png").exists()
    assert Path("old.html").read_text(encoding="utf-8") == "the map as it was"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["old.html", "trip.json"]  # no temporary file left


def test_every_problem_is_reported_at_once(written, tmp_path):
    data = json.loads(written["json"].read_text(encoding="utf-8"))
    data["stops"][1]["date"] = "12/09/2023"
    del data["stops"][3]["lon"]
    data["stops"].append({"name": "Ussuriysk"})  # added without coordinates
    trip = tmp_path / "trip.json"
    trip.write_text(json.dumps(data), encoding="utf-8")
    r = run("route", trip)
    assert r.exit_code == 1
    assert r.stderr.splitlines() == [
        f"itinerary: error: {trip}: stop 2 (Khasan station): date: '12/09/2023' is not a date (YYYY-MM-DD)",
        f"itinerary: error: {trip}: stop 4 (Vladivostok): lon: missing",
        f"itinerary: error: {trip}: stop 7 (Ussuriysk): lat, lon: missing (a stop needs its coordinates)",
    ]
    with pytest.raises(ValidationError) as e:
        itinerary.route([trip])
    assert len(e.value.problems) == 3 and str(e.value).count("\n") == 2


def test_a_json_syntax_error_says_where(written, tmp_path):
    text = written["json"].read_text(encoding="utf-8")
    broken = text.replace('"name": "Artyom",', '"name": "Artyom"', 1)  # a comma lost while editing
    trip = tmp_path / "trip.json"
    trip.write_text(broken, encoding="utf-8")
    line = broken[:broken.index('"name": "Artyom"')].count("\n") + 2
    r = run("map", trip, "-o", tmp_path / "t.html")
    assert r.exit_code == 1
    assert r.stderr.startswith(f"itinerary: error: {trip}: line {line}, column ")
    assert "not valid JSON (Expecting ',' delimiter)" in r.stderr and not (tmp_path / "t.html").exists()


def test_added_stop_with_only_name_and_coordinates(written, tmp_path):
    data = json.loads(written["json"].read_text(encoding="utf-8"))
    data["stops"].insert(4, {"name": "Ussuriysk", "lat": 43.8, "lon": 131.95, "date": "2023-09-16"})
    del data["stops"][-1]  # the expected return dropped: Ussuriysk's successor Artyom is now last
    trip = tmp_path / "trip.json"
    trip.write_text(json.dumps(data), encoding="utf-8")
    itin = itinerary.route([trip])
    assert [(s.seq, s.place.name, s.role) for s in itin.stops] == [
        (1, "Pyongyang", "origin"), (2, "Khasan station", "stop"), (3, "Vostochny Cosmodrome", "stop"),
        (4, "Vladivostok", "stop"), (5, "Ussuriysk", "stop"), (6, "Artyom", "destination")]
    added = itin.stops[4]
    assert added.place.id == "edited:43.80000,131.95000" and added.status == "visited"
    assert str(added.date) == "2023-09-16" and added.evidence == ()
    assert added.notes == ("added by hand: no report is quoted for it",)
    assert [(leg.from_seq, leg.to_seq) for leg in itin.legs] == [(1, 2), (2, 3), (3, 4), (4, 5), (5, 6)]
    assert itin.legs[3].geodesic_km == round(geodesic_km(43.10562, 131.87353, 43.8, 131.95), 1)
    # Written back and read again, it is the same journey (no second note, the same id).
    again = tmp_path / "again.json"
    again.write_text(route_json_text(itin), encoding="utf-8")
    assert route_json_text(itinerary.route([again])) == route_json_text(itin)


def test_quotes_stay_with_a_stop_unless_it_became_another_place(written, tmp_path):
    data = json.loads(written["json"].read_text(encoding="utf-8"))
    data["stops"][1]["name"] = "Stasiun Khasan"  # renamed only: still Khasan, quotes and id kept
    data["stops"][3]["lat"], data["stops"][3]["lon"] = 43.2, 131.9  # moved 10 km: a corrected point
    data["stops"][4].update(name="Nakhodka", lat=42.82, lon=132.87)  # renamed and moved: another place
    trip = tmp_path / "trip.json"
    trip.write_text(json.dumps(data), encoding="utf-8")
    stops = itinerary.route([trip]).stops
    assert stops[1].place.id == "curated:khasan-station" and len(stops[1].evidence) == 3
    assert stops[3].place.id == "edited:43.20000,131.90000" and len(stops[3].evidence) == 1
    assert stops[3].notes[-1].startswith("moved by hand 11 km from the gazetteer's point for Vladivostok")
    assert stops[4].place.id == "edited:42.82000,132.87000" and stops[4].evidence == ()
    assert stops[4].notes[-1] == "changed by hand from Artyom: its 2 quote(s), about Artyom, are left out"


def test_roles_follow_the_order(written, tmp_path):
    data = json.loads(written["json"].read_text(encoding="utf-8"))
    data["stops"] = data["stops"][1:5]  # origin and return deleted
    trip = tmp_path / "trip.json"
    trip.write_text(json.dumps(data), encoding="utf-8")
    assert [s.role for s in itinerary.route([trip]).stops] == ["stop", "stop", "stop", "destination"]
    data["stops"].reverse()  # the reporter's order is the journey's, whatever the dates say
    trip.write_text(json.dumps(data), encoding="utf-8")
    stops = itinerary.route([trip]).stops
    assert [s.place.name for s in stops] == ["Artyom", "Vladivostok", "Vostochny Cosmodrome", "Khasan station"]
    assert [s.seq for s in stops] == [1, 2, 3, 4]


# ---------------------------------------------------------------- GeoJSON and CSV

def test_geojson_round_trip(written, tmp_path):
    fc = json.loads(written["geojson"].read_text(encoding="utf-8"))
    stops = [f for f in fc["features"] if f["properties"]["kind"] == "stop"]
    assert [f["properties"]["name"] for f in stops][3] == "Vladivostok"
    fc["features"].remove(stops[3])
    stops[2]["properties"]["date"] = "2023-09-13"
    # as geojson.io adds a point: no kind, only a name
    fc["features"].append({"type": "Feature", "properties": {"name": "Ussuriysk", "marker-color": "#f00"},
                           "geometry": {"type": "Point", "coordinates": [131.95, 43.8]}})
    trip = tmp_path / "edited.geojson"
    trip.write_text(json.dumps(fc), encoding="utf-8")
    r = run("map", trip, "-o", tmp_path / "trip.html", "--lang", "en")
    assert r.exit_code == 0, r.output
    page = (tmp_path / "trip.html").read_text(encoding="utf-8")
    assert _stops_in_html(page) == {1: "Pyongyang", 2: "Khasan station", 3: "Vostochny Cosmodrome", 4: "Artyom",
                                    5: "Pyongyang", 6: "Ussuriysk"}
    assert "Wednesday, September 13, 2023" in page
    assert [(a, b) for a, b, _ in _legs_in_html(page)] == [(1, 2), (2, 3), (3, 4), (4, 5), (5, 6)]
    itin = itinerary.route([trip])
    assert len(itin.stops[0].evidence) == 3 and itin.stops[0].role == "origin"
    assert itin.stops[4].role == "return" and itin.stops[5].role == "destination"  # roles as given, but the last


def test_geojson_problems_name_the_stop(written, tmp_path):
    fc = json.loads(written["geojson"].read_text(encoding="utf-8"))
    fc["features"][1]["geometry"] = None
    fc["features"][2]["properties"]["date"] = "2023-02-30"
    trip = tmp_path / "t.geojson"
    trip.write_text(json.dumps(fc), encoding="utf-8")
    with pytest.raises(ValidationError) as e:
        edited.read_itinerary(trip)
    assert e.value.problems == (
        f"{trip}: stop 2 (Khasan station): geometry: missing",
        f"{trip}: stop 3 (Vostochny Cosmodrome): date: '2023-02-30' is not a date (YYYY-MM-DD)",
    )


def _csv_rows(path: Path) -> list[dict]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))


def test_csv_round_trip(written, tmp_path):
    rows = _csv_rows(written["csv"])
    del rows[3]
    rows[2]["date"] = "2023-09-13"
    rows.append({"name": "Ussuriysk", "lat": "43.8", "lon": "131.95"})
    trip = tmp_path / "edited.csv"
    with open(trip, "w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(_csv_rows(written["csv"])[0]))
        w.writeheader()
        w.writerows(rows)
    r = run("map", trip, "-o", tmp_path / "trip.html", "--lang", "en")
    assert r.exit_code == 0, r.output
    page = (tmp_path / "trip.html").read_text(encoding="utf-8")
    assert [name for _, name in sorted(_stops_in_html(page).items())] == ["Pyongyang", "Khasan station", "Vostochny Cosmodrome", "Artyom",
                                                                          "Pyongyang", "Ussuriysk"]
    assert "Wednesday, September 13, 2023" in page and len(_legs_in_html(page)) == 5
    itin = itinerary.route([trip])
    assert itin.stops[0].evidence[0].text == rows[0]["evidence_text"]  # the first quote comes back


def test_csv_as_a_spreadsheet_saves_it(written, tmp_path):
    """Semicolons, decimal commas, CRLF and a BOM, as a spreadsheet in a European locale saves it."""
    rows = _csv_rows(written["csv"])
    lines = [";".join(rows[0].keys())] + [
        ";".join('"' + v.replace('"', '""') + '"' if ";" in v or '"' in v else v.replace(".", ",") if k in ("lat", "lon") else v
                 for k, v in r.items()) for r in rows]
    trip = tmp_path / "excel.csv"
    trip.write_bytes(("\ufeff" + "\r\n".join(lines) + "\r\n").encode("utf-8"))
    assert edited.itinerary_kind(trip.read_bytes()) == "route CSV"
    itin = itinerary.route([trip])
    assert [(s.place.name, s.place.lat) for s in itin.stops] == [(r["name"], float(r["lat"])) for r in rows]


def test_csv_problems_name_stop_line_and_field(written, tmp_path):
    rows = _csv_rows(written["csv"])
    rows[1]["lat"] = "north"
    rows[2]["lat"] = rows[2]["lon"] = ""
    trip = tmp_path / "t.csv"
    with open(trip, "w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    r = run("map", trip, "-o", tmp_path / "t.html")
    assert r.exit_code == 1 and not (tmp_path / "t.html").exists()
    assert r.stderr.splitlines() == [
        f"itinerary: error: {trip}: stop 2 (Khasan station) (line 3): lat: expected a number, not 'north'",
        f"itinerary: error: {trip}: stop 3 (Vostochny Cosmodrome) (line 4): lat, lon: missing "
        "(a stop needs its coordinates)",
    ]


# ---------------------------------------------------------------- what is an itinerary file

def test_itinerary_files_are_known_by_content(written, tmp_path):
    for fmt, kind in (("json", "route JSON"), ("geojson", "route GeoJSON"), ("csv", "route CSV")):
        renamed = tmp_path / f"edited-{fmt}.txt"  # the name does not matter
        shutil.copy(written[fmt], renamed)
        assert edited.itinerary_kind(renamed.read_bytes()) == kind
        assert itinerary.route([renamed]).stops == itinerary.route([written[fmt]]).stops
    for f in sorted(SEEDS.iterdir()):
        assert not edited.is_itinerary_file(f.read_bytes())
    r = run("places", SEEDS, "--format", "json")
    assert not edited.is_itinerary_file(r.stdout.encode())
    r = run("check", SEEDS, "--format", "json")
    assert not edited.is_itinerary_file(r.stdout.encode())
    assert not edited.is_itinerary_file(b'{"schema": "something/else", "stops": []}')
    assert not edited.is_itinerary_file(b"seq,name,lat\n1,a,2\n")
    assert not edited.is_itinerary_file("Pyongyang, name, seq, lat, lon: an article".encode())


def test_articles_and_itinerary_files_do_not_mix(written, tmp_path):
    r = run("map", written["json"], SEEDS / "000_e0a871338f087d8a.txt", "-o", tmp_path / "x.html")
    assert r.exit_code == 1 and not (tmp_path / "x.html").exists()
    assert r.stderr == (f"itinerary: error: {written['json']} is an itinerary file (an edited journey) and "
                        f"{SEEDS / '000_e0a871338f087d8a.txt'} is not: give itinerary files alone, or only articles\n")


def test_several_itinerary_files_are_one_journey_after_the_other(written, tmp_path):
    data = json.loads(written["json"].read_text(encoding="utf-8"))
    first, second = dict(data, stops=data["stops"][:3]), dict(data, stops=data["stops"][3:])
    (tmp_path / "a.json").write_text(json.dumps(first), encoding="utf-8")
    (tmp_path / "b.json").write_text(json.dumps(second), encoding="utf-8")
    both = itinerary.route([tmp_path / "a.json", tmp_path / "b.json"])
    whole = itinerary.route([written["json"]])
    assert both.stops == whole.stops and both.legs == whole.legs
    assert both.documents == whole.documents and len(both.claims) == 2 * len(whole.claims)


def test_a_folder_of_articles_still_passes_over_the_tools_outputs(written, tmp_path, seed_route):
    folder = tmp_path / "articles"
    shutil.copytree(SEEDS, folder)
    for f in written.values():
        shutil.copy(f, folder / f.name)
    r = run("route", folder, "--format", "json")
    assert r.exit_code == 0, r.output
    assert len(json.loads(r.stdout)["stops"]) == len(seed_route.stops)
    assert "route JSON export written by itinerary; not read as an article" in r.stderr


def test_check_and_the_api_read_an_edited_journey(written, tmp_path):
    checked = itinerary.check([written["json"]])
    data = json.loads(written["json"].read_text(encoding="utf-8"))
    assert [c.reported for c in checked.claims] == [c["reported"] for c in data["claims"]]
    assert checked.claims[0].from_place is not None and checked.claims[0].from_place.id == "curated:artyom"
    out = itinerary.map([written["csv"]], tmp_path / "trip.geojson")
    fc = json.loads(out.read_text(encoding="utf-8"))
    assert sum(f["properties"]["kind"] == "stop" for f in fc["features"]) == 6


def test_messages_show_no_control_characters(written, tmp_path):
    data = json.loads(written["json"].read_text(encoding="utf-8"))
    data["stops"][0]["name"] = "Py\x1b[31mong\u202eyang"
    data["stops"][0]["date"] = "\x1b]0;owned\x07"
    trip = tmp_path / "trip.json"
    trip.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ValidationError) as e:
        edited.read_itinerary(trip)
    (line,) = e.value.problems
    assert line == f"{trip}: stop 1 (Py?[31mong?yang): date: '?]0;owned?' is not a date (YYYY-MM-DD)"


def test_not_an_itinerary_file(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text("Kim tiba di Vladivostok.", encoding="utf-8")
    with pytest.raises(InputError, match="not an itinerary file"):
        edited.read_itinerary(f)
    assert edited.journey_from([f]) is None and edited.journey_from([SEEDS]) is None


# ---------------------------------------------------------------- the schema

def test_the_shipped_schema_and_the_validator_agree(written):
    jsonschema = pytest.importorskip("jsonschema")
    schema = edited.input_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    checker = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
    good = json.loads(written["json"].read_text(encoding="utf-8"))
    cases = [good, {"schema": "itinerary/route-1", "stops": [{"name": "A", "lat": 1, "lon": 2}]}]
    for edit in (lambda d: d["stops"][0].update(date="2023-13-40"), lambda d: d["stops"][0].pop("lat"),
                 lambda d: d["stops"][0].update(lon=181), lambda d: d["stops"][0].update(status="gone"),
                 lambda d: d["stops"][0].update(lat=True), lambda d: d.pop("stops"),
                 lambda d: d["stops"][0]["evidence"].append({"document": "x"}),
                 lambda d: d["claims"][0].update(verdict="maybe"), lambda d: d.update(schema="x")):
        bad = json.loads(json.dumps(good))
        edit(bad)
        cases.append(bad)
    for case in cases:
        assert bool(edited.validate(case, schema)) == (not checker.is_valid(case)), case.get("stops", [None])[:1]
    # The route JSON the tool writes meets both its own schema and the input schema.
    assert jsonschema.Draft202012Validator(itinerary.api.json_schema("route")).is_valid(good)


# ---------------------------------------------------------------- in a browser

def test_the_round_tripped_map_in_a_browser(browser, written, tmp_path):
    data = json.loads(written["json"].read_text(encoding="utf-8"))
    del data["stops"][3]
    data["stops"][2]["date"] = "2023-09-13"
    trip = tmp_path / "trip.json"
    trip.write_text(json.dumps(data), encoding="utf-8")
    out = tmp_path / "trip.html"
    r = run("map", trip, "-o", out, "--tiles", "none")
    assert r.exit_code == 0, r.output
    with _open(browser, out) as (page, log):
        seqs = sorted(int(n) for label in _labels(page) for n in label.split("/"))
        assert seqs == [1, 2, 3, 4, 5]
        assert page.locator("path.itin-leg").count() == 4
        assert "5 persinggahan" in page.locator(".itin-title p").inner_text()
        _assert_clean(log)



@pytest.mark.parametrize("name,content,words", [
    ("tiny.json", '{"stops": [{"name": "Paris", "lat": 48.85, "lon": 2.35}]}', '"schema"'),
    ("mini.csv", "name,lat,lon\nParis,48.85,2.35\n", "header"),
])
def test_a_list_of_stops_without_the_tools_marks_gets_a_hint_not_an_empty_journey(tmp_path, name, content, words):
    from click.testing import CliRunner

    from itinerary.cli import main

    p = tmp_path / name
    p.write_text(content, encoding="utf-8")
    r = CliRunner().invoke(main, ["route", str(p)])
    assert r.exit_code == 1 and words in r.stderr and "Traceback" not in r.output
