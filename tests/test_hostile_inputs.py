"""Hostile and odd input (issue 11): every kind is read, noted or skipped, never a crash or a hang.

Each input is driven through the Python API (`itinerary.api`) and the CLI (click's CliRunner, or a
real process where the process matters: standard input, worker processes, file names as bytes).
Property tests (hypothesis) cover front matter, dates and gazetteer rows: only the documented error
types escape, and no output holds NaN.
"""
from __future__ import annotations

import io
import json
import math
import os
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import itinerary
from itinerary import api
from itinerary.cli import main
from itinerary.documents import decode_with_encoding, document_ids, load_document, own_output, parse_front_matter
from itinerary.errors import FormatError, GazetteerError, InputError, ItineraryError, NothingReadableError, OutputError
from itinerary.gazetteer import read_user_gazetteer

from conftest import ROOT, SEEDS

SEED_FILES = sorted(SEEDS.glob("*.txt"))
EXE = Path(sys.executable).with_name("itinerary")
ARTICLE = "The president arrived in Moscow on Tuesday and travelled on to Kazan the next day.\n"


def run(*args, input=None):
    result = CliRunner().invoke(main, [os.fspath(a) if not isinstance(a, str) else a for a in args], input=input)
    assert "Traceback" not in result.output and "Traceback" not in result.stderr
    return result


def err_lines(result) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.strip()]


def strict_json(text: str):
    """json.loads that refuses NaN and Infinity (which Python's json writes but JSON has not)."""
    def refuse(name):
        raise AssertionError(f"{name} in JSON output")

    return json.loads(text, parse_constant=refuse)


def notes_of(fn, *args, **kw):
    notes: list[tuple[str, str]] = []
    skips: list[tuple[str, str]] = []
    result = fn(*args, on_note=lambda p, m: notes.append((p, m)), on_skip=lambda p, m: skips.append((p, m)), **kw)
    return result, notes, skips


def fuzz(examples: int = 20):
    n = os.environ.get("HYPOTHESIS_EXAMPLES")
    return settings(max_examples=int(n) if n else examples, deadline=None, derandomize=not n,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])


# ================================================================ 1. front matter


def billion_laughs() -> str:
    lines = ["---", "a: &a [x,x,x,x,x,x,x,x,x]"]
    prev = "a"
    for name in "bcdefghi":
        lines.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]")
        prev = name
    lines += ["published: *i", "---", ARTICLE]
    return "\n".join(lines)


def test_yaml_aliases_are_refused_and_the_article_still_read(tmp_path):
    p = tmp_path / "laughs.md"
    p.write_text(billion_laughs(), encoding="utf-8")
    assert p.stat().st_size < 500
    found, notes, skips = notes_of(api.places, p)
    assert skips == [] and [d.id for d in found.documents] == ["laughs"]
    assert found.documents[0].meta == {} and found.documents[0].published is None
    assert {"Moscow", "Kazan"} <= {m.name for m in found.mentions}
    (note,) = [m for _, m in notes]
    assert note.startswith("malformed front matter ignored") and "aliases" in note
    r = run("places", p, "--format", "json")
    assert r.exit_code == 0
    assert err_lines(r) == [f"{p}: note: {note}"]


def test_an_anchor_alone_is_refused_too_and_a_huge_block_is_not_parsed():
    meta, start = parse_front_matter("---\ntitle: &t Kunjungan\n---\nBody.\n", notes := [])
    assert meta == {} and start > 0 and "anchors and aliases" in notes[0]
    block = "---\n" + "".join(f"k{i}: {'x' * 60}\n" for i in range(1200)) + "---\nBody.\n"
    meta, start = parse_front_matter(block, notes := [])
    assert meta == {} and notes == ["front matter longer than 64 KB ignored"] and block[start:] == "Body.\n"


def test_only_single_values_count_in_front_matter(tmp_path):
    p = tmp_path / "lists.md"
    p.write_text("---\ntitle: [a, b]\nsource: {name: x}\npublished: [2023-09-12]\nlanguage: en\ntags: [x, y]\n---\n"
                 + ARTICLE, encoding="utf-8")
    loaded = load_document(p)
    doc = loaded.document
    assert (doc.title, doc.source, doc.published, doc.language) == (None, None, None, "en")
    assert loaded.notes == ("front matter title, source, published: a list or mapping, not a single value; ignored",)


FRONT_KEYS = st.sampled_from(["title", "published", "date", "source", "url", "language", "lang", "tags", "a", "<<"])
FRONT_VALUES = st.one_of(
    st.sampled_from(["2023-09-12", "0001-01-01", "9999-12-31", "2024-02-30", "10000-01-01", "-5", "yes", "~", "null",
                     "&a [x, x]", "*a", "[*a, *a]", "!!python/object:os.system x", "{a: 1}", "'unclosed", '"\\x00"',
                     "2023-09-12T25:61:00Z", ".nan", ".inf", "1e400", "|\n  text", "[[[[[[[[[[", "!!binary AAAA"]),
    st.text(max_size=20),
    st.dates().map(str),
)
FRONT_MATTER = st.lists(st.tuples(FRONT_KEYS, FRONT_VALUES), max_size=8).map(
    lambda kv: "---\n" + "".join(f"{k}: {v}\n" for k, v in kv) + "---\n")


@fuzz(30)
@given(FRONT_MATTER)
def test_any_front_matter_is_read_or_noted_never_raises(tmp_path, block):
    meta, start = parse_front_matter(block + ARTICLE, [])
    assert isinstance(meta, dict) and 0 <= start <= len(block + ARTICLE)
    p = tmp_path / "fm.md"
    p.write_text(block + ARTICLE, encoding="utf-8")
    loaded = load_document(p)
    doc = loaded.document
    assert doc is not None and doc.body.endswith(ARTICLE)
    for v in (doc.title, doc.url, doc.source, doc.language):
        assert v is None or isinstance(v, str)
    assert doc.published is None or isinstance(doc.published, date)
    trip = itinerary.route(p, on_note=lambda *a: None)
    strict_json(_route_json(trip))


def _route_json(trip) -> str:
    from itinerary.render.serialize import route_json_text

    return route_json_text(trip)


# ================================================================ 2. dates out of range; no document sinks a run

OUT_OF_RANGE = {
    "end-of-calendar.txt": "Presiden tiba di Vladivostok pada 31/12/9999. Besok ia akan mengunjungi Moskow.\n",
    "year-one.txt": "The president arrived in Moscow on 1 January 0001 and left for Kazan the next day.\n",
    "published-year-one.md": "---\npublished: 0001-01-01\n---\nYesterday the president arrived in Moscow. "
                             "Last week he was in Kazan; last Monday in Sochi, two days ago in Perm.\n",
    "published-year-9999.md": "---\npublished: 9999-12-31\n---\nPresiden tiba di Vladivostok kemarin. Besok ia akan "
                              "ke Moskow. Minggu depan ke Kazan, bulan depan ke Omsk, tahun depan ke Tomsk.\n",
}


@pytest.fixture()
def calendar_edges(tmp_path):
    d = tmp_path / "edges"
    d.mkdir()
    for name, text in OUT_OF_RANGE.items():
        (d / name).write_text(text, encoding="utf-8")
    shutil.copy(SEED_FILES[0], d / "seed.txt")
    return d


def test_dates_out_of_range_are_dropped_not_fatal(calendar_edges, tmp_path):
    trip, notes, skips = notes_of(api.route, calendar_edges)
    assert skips == [] and len(trip.documents) == 5
    strict_json(_route_json(trip))
    for s in trip.stops:
        assert s.date is None or date.min <= s.date <= date.max
    for args in (["route", calendar_edges, "--format", "json"], ["check", calendar_edges],
                 ["map", calendar_edges, "-o", tmp_path / "edges.html"],
                 ["map", calendar_edges, "-o", tmp_path / "edges.geojson"]):
        r = run(*args)
        assert r.exit_code == 0, r.stderr
    assert (tmp_path / "edges.html").stat().st_size > 10_000


@fuzz(25)
@given(st.dates(), st.lists(st.sampled_from([
    " 31/12/9999", " 1/1/0001", " 01.01.0001", " 9999-12-31", " 0001-01-01", " 31 December 9999", " 1 January 1",
    " besok", " kemarin", " yesterday", " tomorrow", " the next day", " the day before", " last week", " next month",
    " next year", " last year", " Monday", " next Sunday", " on the 31st", " in December", " two days later",
    " 3 days ago", " lusa", " Minggu depan", " pada Sabtu", " arrived in Moscow", " flew to Kazan", ".", ", then",
]), min_size=1, max_size=12).map("".join))
def test_any_publication_date_and_date_words_never_crash(tmp_path, published, body):
    from itinerary.dates import document_date, find_dates

    text = f"---\npublished: {published.isoformat()}\n---\nThe president{body}.\n"
    for r in find_dates(text, published):
        assert r.value is None or isinstance(r.value, date)
    document_date(text, text.index("The"))
    p = tmp_path / "d.md"
    p.write_text(text, encoding="utf-8")
    strict_json(_route_json(itinerary.route(p, on_note=lambda *a: None)))


def test_a_bug_on_one_document_after_extraction_skips_it(monkeypatch, tmp_path):
    import itinerary.events

    real = itinerary.events.find_events

    def fragile(doc, *a, **k):
        if doc.id == "bad":
            raise OverflowError("date value out of range")
        return real(doc, *a, **k)

    monkeypatch.setattr(itinerary.events, "find_events", fragile)
    shutil.copy(SEED_FILES[0], tmp_path / "good.txt")
    shutil.copy(SEED_FILES[1], tmp_path / "bad.txt")
    trip, _, skips = notes_of(api.route, tmp_path)
    assert [d.id for d in trip.documents] == ["good"]
    assert {e.document for s in trip.stops for e in s.evidence} == {"good"}
    assert {m.document for m in trip.mentions} == {"good"}
    reason = "internal error while finding the journey (OverflowError: date value out of range); please report it"
    assert skips == [(str(tmp_path / "bad.txt"), reason)] and trip.skipped[0].reason == reason
    for args in (["route", tmp_path], ["map", tmp_path, "-o", tmp_path / "t.json"]):
        r = run(*args)
        assert r.exit_code == 2
        assert f"{tmp_path / 'bad.txt'}: skipped: {reason}" in err_lines(r)


def test_a_bug_in_claims_on_one_document_skips_it_in_check(monkeypatch, tmp_path):
    import itinerary.claims

    real = itinerary.claims.find_claims

    def fragile(doc, *a, **k):
        if doc.id == "bad":
            raise ValueError("boom")
        return real(doc, *a, **k)

    monkeypatch.setattr(itinerary.claims, "find_claims", fragile)
    shutil.copy(SEED_FILES[0], tmp_path / "good.txt")
    shutil.copy(SEED_FILES[1], tmp_path / "bad.txt")
    checked, _, skips = notes_of(api.check, tmp_path)
    assert [d.id for d in checked.documents] == ["good"] and len(skips) == 1
    r = run("check", tmp_path, "--format", "json")
    assert r.exit_code == 2 and [d["id"] for d in json.loads(r.stdout)["documents"]] == ["good"]


def test_a_document_that_breaks_ordering_alone_is_skipped(monkeypatch, tmp_path):
    import itinerary.journey

    real = itinerary.journey.build_route

    def fragile(events):
        if any(e.mention.document == "bad" for e in events):
            raise ZeroDivisionError("division by zero")
        return real(events)

    monkeypatch.setattr(itinerary.journey, "build_route", fragile)
    shutil.copy(SEED_FILES[0], tmp_path / "good.txt")
    shutil.copy(SEED_FILES[1], tmp_path / "bad.txt")
    trip, _, skips = notes_of(api.route, tmp_path)
    assert [d.id for d in trip.documents] == ["good"] and trip.stops
    assert skips and "while ordering the journey (ZeroDivisionError" in skips[0][1]


def test_a_reader_bug_in_a_worker_task_is_a_skip(monkeypatch, tmp_path):
    """What a worker process runs (`_worker_task`) turns a reader bug into a skip, as the serial path does."""
    import itinerary.api as api_mod

    def broken(*a, **k):
        raise MemoryError("pathological file")

    monkeypatch.setattr(api_mod, "load_document", broken)
    from itinerary.gazetteer import load_gazetteer

    api_mod._WORKER.update(gaz=load_gazetteer(), near=None, country=None, max_bytes=1000, raise_errors=False)
    try:
        r = api_mod._worker_task((str(tmp_path / "x.txt"), "x", True, None, None))
    finally:
        api_mod._WORKER.clear()
    assert r.document is None and r.skipped.startswith("internal error while reading the file (MemoryError")


def test_workers_and_one_process_agree_on_a_hostile_folder(calendar_edges, tmp_path):
    (calendar_edges / "laughs.md").write_text(billion_laughs(), encoding="utf-8")
    (calendar_edges / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0" + bytes(64))
    one = run("route", calendar_edges, "--format", "json", "-j", "1")
    two = run("route", calendar_edges, "--format", "json", "-j", "2")
    assert one.exit_code == two.exit_code == 2
    assert one.stdout == two.stdout and err_lines(one) == err_lines(two)


# ================================================================ 3. gazetteer coordinates


def geonames_row(name: str, lat: str, lon: str, gid: str = "9000001") -> str:
    return "\t".join([gid, name, name, "", lat, lon, "P", "PPL", "US", "", "", "", "", "", "100", "", "", "",
                      "2024-01-01"]) + "\n"


@pytest.mark.parametrize("lat,lon", [("999", "10"), ("nan", "10"), ("10", "inf"), ("-inf", "0"), ("45", "181"),
                                     ("NaN", "NaN"), ("1e400", "0")])
def test_geonames_rows_out_of_range_are_one_line_errors(tmp_path, lat, lon):
    gaz = tmp_path / "cities.txt"
    gaz.write_text(geonames_row("Okville", "10", "20", "1") + geonames_row("Zzyzxville", lat, lon), encoding="utf-8")
    art = tmp_path / "a.txt"
    art.write_text("The president travelled from Moscow to Zzyzxville yesterday.\n", encoding="utf-8")
    with pytest.raises(GazetteerError, match=r":2: coordinates out of range"):
        read_user_gazetteer(gaz)
    with pytest.raises(GazetteerError):
        api.places(art, gaz)
    for cmd in (["places", art, "--format", "json"], ["map", art, "-o", tmp_path / "m.html"]):
        r = run(*cmd, "--gazetteer", gaz)
        assert r.exit_code == 1
        (line,) = err_lines(r)
        assert line.startswith(f"itinerary: error: {gaz}:2: coordinates out of range")


def test_csv_gazetteer_with_infinite_population_or_a_huge_field_is_a_gazetteer_error(tmp_path):
    bad = tmp_path / "pop.csv"
    bad.write_text("name,lat,lon,population\nOkville,10,20,inf\n", encoding="utf-8")
    with pytest.raises(GazetteerError, match=r"pop\.csv:2: population"):
        read_user_gazetteer(bad)
    huge = tmp_path / "huge.csv"
    huge.write_text('name,lat,lon\nOkville,10,20\n"' + "x" * 200_000 + '",1,2\n', encoding="utf-8")
    with pytest.raises(GazetteerError, match=r"huge\.csv:\d+: field larger than field limit"):
        read_user_gazetteer(huge)
    latin = tmp_path / "latin.txt"
    latin.write_bytes(geonames_row("Okville", "10", "20").encode() + geonames_row("Caf\xe9", "1", "2").encode("latin-1"))
    with pytest.raises(GazetteerError, match=r"latin\.txt:2: not UTF-8"):
        read_user_gazetteer(latin)


COORD = st.one_of(st.floats(allow_nan=True, allow_infinity=True).map(repr),
                  st.sampled_from(["999", "-91", "180.0001", "nan", "inf", "-inf", "1e400", "", " ", "north", "0x10",
                                   "90", "-180", "1_000"]))
NAME = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\t\n\r,\"\x00"), min_size=1,
               max_size=12)


@fuzz(30)
@given(st.lists(st.tuples(NAME, COORD, COORD), min_size=1, max_size=5), st.booleans())
def test_any_gazetteer_rows_are_accepted_in_range_or_refused_with_the_line(tmp_path, rows, geonames):
    gaz = tmp_path / ("g.txt" if geonames else "g.csv")
    if geonames:
        gaz.write_text("".join(geonames_row(n, la, lo, str(i + 1)) for i, (n, la, lo) in enumerate(rows)),
                       encoding="utf-8")
    else:
        gaz.write_text("name,lat,lon\n" + "".join(f"{n},{la},{lo}\n" for n, la, lo in rows), encoding="utf-8")
    try:
        got = read_user_gazetteer(gaz)
    except GazetteerError as e:
        assert str(e).startswith(str(gaz))
        return
    for row in got:
        assert math.isfinite(row.place.lat) and math.isfinite(row.place.lon)
        assert -90 <= row.place.lat <= 90 and -180 <= row.place.lon <= 180
    art = tmp_path / "a.txt"
    art.write_text(f"The president travelled from Moscow to {rows[0][0]} yesterday.\n", encoding="utf-8")
    try:
        trip = api.route(art, gaz, on_note=lambda *a: None)
    except NothingReadableError:
        return
    strict_json(_route_json(trip))


# ================================================================ 4. folders: loops, unreadable folders, our own outputs


def test_a_symlink_loop_is_named_as_skipped(tmp_path):
    shutil.copy(SEED_FILES[0], tmp_path / "a.txt")
    (tmp_path / "l1.txt").symlink_to("l2.txt")
    (tmp_path / "l2.txt").symlink_to("l1.txt")
    found, _, skips = notes_of(api.places, tmp_path)
    assert [d.id for d in found.documents] == ["a"]
    assert [Path(p).name for p, _ in skips] == ["l1.txt", "l2.txt"]
    r = run("places", tmp_path, "--format", "jsonl")
    assert r.exit_code == 2
    assert sum(": skipped: " in line for line in err_lines(r)) == 2


def test_an_unreadable_subfolder_is_a_skip_line_and_exit_2(tmp_path, monkeypatch):
    shutil.copy(SEED_FILES[0], tmp_path / "a.txt")
    locked = tmp_path / "locked"
    locked.mkdir()
    shutil.copy(SEED_FILES[1], locked / "b.txt")
    if os.geteuid() != 0:  # a real chmod 000 where it means something (root reads anything)
        locked.chmod(0)
    else:
        real = os.scandir

        def scandir(path="."):
            if os.fspath(path) == str(locked):
                raise PermissionError(13, "Permission denied", str(locked))
            return real(path)

        monkeypatch.setattr(os, "scandir", scandir)
    try:
        found, _, skips = notes_of(api.places, tmp_path)
        assert [d.id for d in found.documents] == ["a"]
        assert skips == [(str(locked), "folder cannot be read (Permission denied)")]
        r = run("places", tmp_path, "--format", "jsonl")
        assert r.exit_code == 2
        assert err_lines(r) == [f"{locked}: skipped: folder cannot be read (Permission denied)"]
    finally:
        locked.chmod(0o755)


@pytest.fixture(scope="module")
def own_outputs(tmp_path_factory):
    """Every kind of output the tool writes, made by the CLI from the seed articles."""
    d = tmp_path_factory.mktemp("outputs")
    made = {}
    for name, args in {
        "map.html": ["map", SEEDS, "-o"], "map-cdn.html": ["map", SEEDS, "--assets", "cdn", "-o"],
        "trip.geojson": ["map", SEEDS, "-o"], "trip.csv": ["map", SEEDS, "-o"], "trip.json": ["map", SEEDS, "-o"],
        "route.json": ["route", SEEDS, "--format", "json", "-o"], "route.csv": ["route", SEEDS, "--format", "csv", "-o"],
        "route.geojson": ["route", SEEDS, "--format", "geojson", "-o"],
        "route-table.txt": ["route", SEEDS, "-o"], "check.json": ["check", SEEDS, "--format", "json", "-o"],
        "check-table.txt": ["check", SEEDS, "-o"], "places.json": ["places", SEEDS, "--format", "json", "-o"],
        "places.jsonl": ["places", SEEDS, "--format", "jsonl", "-o"],
        "places.csv": ["places", SEEDS, "--format", "csv", "-o"],
        "places.geojson": ["places", SEEDS, "--format", "geojson", "-o"], "places-table.txt": ["places", SEEDS, "-o"],
    }.items():
        r = run(*args, d / name)
        assert r.exit_code == 0, r.stderr
        made[name] = d / name
    return made


def test_every_output_of_the_tool_is_known_by_its_content(own_outputs):
    for name, path in own_outputs.items():
        assert own_output(path.read_bytes()) is not None, name
    for text in (ARTICLE, "<!doctype html><html><body><p>Leaflet maps are L.map( calls.</p></body></html>",
                 '{"schema": "other/1"}', '{"type": "FeatureCollection", "features": [{"properties": {"name": "x"}}]}',
                 "name,lat,lon\nA,1,2\n", "# stop date\n"):
        assert own_output(text.encode()) is None, text


def test_our_own_outputs_in_the_input_folder_are_not_read_back(own_outputs, tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    shutil.copy(SEED_FILES[0], folder / "a.txt")
    shutil.copy(own_outputs["map.html"], folder / "trip.html")
    # by content, not by extension: exports saved under an article's extension are known too
    shutil.copy(own_outputs["route.json"], folder / "route.txt")
    shutil.copy(own_outputs["places.csv"], folder / "places.md")
    shutil.copy(own_outputs["route-table.txt"], folder / "table.txt")
    shutil.copy(own_outputs["trip.geojson"], folder / "trip.geojson")
    found, notes, skips = notes_of(api.places, folder)
    assert [d.id for d in found.documents] == ["a"] and skips == []
    assert sorted(Path(p).name for p, _ in notes) == ["places.md", "route.txt", "table.txt", "trip.geojson",
                                                      "trip.html"]
    assert all("written by itinerary; not read as an article" in m for _, m in notes)
    r = run("route", folder)
    assert r.exit_code == 0 and f"{folder / 'trip.html'}: note: map written by itinerary; not read as an article" \
        in err_lines(r)
    # named explicitly, it is skipped with the reason
    r = run("places", folder / "a.txt", folder / "trip.html")
    assert r.exit_code == 2
    assert f"{folder / 'trip.html'}: skipped: map written by itinerary, not an article" in err_lines(r)


def test_a_folder_of_only_our_outputs_reads_nothing(own_outputs, tmp_path):
    shutil.copy(own_outputs["map.html"], tmp_path / "trip.html")
    with pytest.raises(NothingReadableError, match="only files written by itinerary"):
        api.route(tmp_path, on_note=lambda p, m: None)


# ================================================================ 5. file names that are not UTF-8


@pytest.fixture()
def latin1_name(tmp_path):
    folder = tmp_path / "u"
    folder.mkdir()
    raw = os.fsencode(folder) + b"/caf\xe9.txt"
    with open(raw, "wb") as f:
        f.write(ARTICLE.encode())
    with open(os.fsencode(folder) + b"/caf\xe9.jpg", "wb") as f:
        f.write(b"\xff\xd8\xff\xe0" + bytes(32))
    return folder


def test_undecodable_file_names_become_escapes_everywhere(latin1_name, tmp_path):
    found, _, skips = notes_of(api.places, latin1_name)
    (doc,) = found.documents
    assert doc.id == "caf\\xe9" and doc.path == f"{latin1_name}/caf\\xe9.txt"
    assert skips == [(f"{latin1_name}/caf\\xe9.jpg", "binary file (JPEG image), not an article")]
    for m in found.mentions:
        m.document.encode("utf-8")
    r = run("places", latin1_name, "--format", "json")
    assert r.exit_code == 2
    assert strict_json(r.stdout)["documents"][0]["id"] == "caf\\xe9"
    r.stdout.encode("utf-8")
    for out in ("m.html", "m.json", "m.geojson", "m.csv"):
        r = run("map", latin1_name, "-o", tmp_path / out)
        assert r.exit_code == 2, r.stderr
    assert "caf\\\\xe9" in (tmp_path / "m.json").read_text(encoding="utf-8")
    r = run("places", latin1_name, "--format", "jsonl", "-o", tmp_path / "p.jsonl")
    assert r.exit_code == 2 and "caf\\\\xe9" in (tmp_path / "p.jsonl").read_text(encoding="utf-8")


def test_undecodable_names_in_a_real_process(latin1_name):
    r = subprocess.run([str(EXE), "places", str(latin1_name), "--format", "json"], capture_output=True, timeout=300)
    assert r.returncode == 2, r.stderr
    out = r.stdout.decode("utf-8")  # strictly valid UTF-8: no raw byte, no surrogate
    assert strict_json(out)["documents"][0]["id"] == "caf\\xe9"
    assert "caf\\xe9.jpg: skipped:" in r.stderr.decode("utf-8")


# ================================================================ 6. encodings


def test_one_stray_byte_keeps_a_utf8_file_utf8(tmp_path):
    text = ("Presiden Kim Jong Un tiba di Stasiun Khasan, Rusia, lalu melanjutkan perjalanan ke Vladivostok "
            "dan Kosmodrom Vostochny. Pertemuan dengan Putin berlangsung di Amur — “bersejarah”.\n") * 5
    data = text.encode("utf-8")
    data = data[:200] + b"\xff" + data[200:]
    p = tmp_path / "stray.txt"
    p.write_bytes(data)
    loaded = load_document(p)
    assert loaded.notes == ("decoded as UTF-8 (1 invalid byte replaced)",)
    assert loaded.document.text.replace("\ufffd", "", 1) == text
    found = api.places(p, on_note=lambda *a: None)
    assert {"Stasiun Khasan", "Vladivostok"} <= {m.name for m in found.mentions}
    r = run("places", p)
    assert r.exit_code == 0 and err_lines(r) == [f"{p}: note: decoded as UTF-8 (1 invalid byte replaced)"]


@pytest.mark.parametrize("text,encoding", [
    ("Caf\u00e9 in Z\u00fcrich, na\u00efve r\u00e9sum\u00e9.", "cp1252"),
    ("Cr\u00e8me br\u00fbl\u00e9e \u00e0 Besan\u00e7on", "cp1252"),
    ("El ni\u00f1o comi\u00f3 en M\u00e1laga.", "cp1252"),
    ("S\u00e3o Paulo \u00e9 \u00f3timo, n\u00e3o?", "cp1252"),
    ("\u0130stanbul'da g\u00fczel bir g\u00fcn, \u015ei\u015fli ve \u00dcsk\u00fcdar", "cp1254"),
    ("Za\u017c\u00f3\u0142\u0107 g\u0119\u015bl\u0105 ja\u017a\u0144 w \u0141odzi", "cp1250"),
    ("\u041c\u043e\u0441\u043a\u0432\u0430 \u0438 \u0412\u043b\u0430\u0434\u0438\u0432\u043e\u0441\u0442\u043e\u043a",
     "cp1251"),
])
def test_short_legacy_text_prefers_the_western_code_page_when_unsure(text, encoding):
    assert decode_with_encoding(text.encode(encoding)) == (text, encoding)


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_bom_is_text(tmp_path, codec):
    p = tmp_path / "u16.txt"
    p.write_bytes(ARTICLE.encode(codec))
    loaded = load_document(p)
    assert loaded.document.text == ARTICLE and loaded.notes == ("decoded as UTF-16 (no byte order mark)",)
    r = run("places", p, "--format", "json")
    assert r.exit_code == 0 and {m["name"] for m in strict_json(r.stdout)["mentions"]} >= {"Moscow", "Kazan"}


# ================================================================ 7. HTML readers never see

HIDDEN_PAGE = """<!DOCTYPE html><html lang="en"><head><title>Visit</title></head><body><article>
<p>The president arrived in Moscow on Tuesday for talks with officials about trade and energy.</p>
<p style="display:none">The president arrived in Tokyo on Monday.</p>
<div hidden><p>He then flew to Lima on Wednesday for a summit.</p></div>
<p style="color: red; visibility: hidden !important">He travelled to Nairobi on Thursday.</p>
<noscript><p>He travelled to Oslo on Friday.</p></noscript>
<template><p>He travelled to Cairo on Saturday.</p></template>
<p>He later travelled to Kazan for a meeting with regional leaders and returned home.</p>
</article></body></html>
"""


def test_hidden_html_is_not_read(tmp_path):
    p = tmp_path / "page.html"
    p.write_text(HIDDEN_PAGE, encoding="utf-8")
    found = api.places(p)
    assert {m.name for m in found.mentions} == {"Moscow", "Kazan"}
    assert "Tokyo" not in found.documents[0].text
    r = run("places", p, "--format", "json")
    assert {m["name"] for m in strict_json(r.stdout)["mentions"]} == {"Moscow", "Kazan"}


def test_hidden_html_is_not_read_by_the_fallback_either(tmp_path, monkeypatch):
    import itinerary.documents as documents

    def boom(html):
        raise RuntimeError("extractor down")

    monkeypatch.setattr(documents, "_trafilatura", boom)
    p = tmp_path / "page.html"
    p.write_text(HIDDEN_PAGE, encoding="utf-8")
    text = load_document(p).document.text
    for hidden in ("Tokyo", "Lima", "Nairobi", "Oslo", "Cairo"):
        assert hidden not in text
    assert "Moscow" in text and "Kazan" in text


# ================================================================ 8. document ids


def test_same_named_files_get_relative_ids_never_absolute_paths(tmp_path):
    for sub in ("a", "b"):
        (tmp_path / "in" / sub).mkdir(parents=True)
        shutil.copy(SEED_FILES[0], tmp_path / "in" / sub / "x.txt")
    shutil.copy(SEED_FILES[1], tmp_path / "in" / "a" / "x.md")
    found = api.places(tmp_path / "in")
    assert [d.id for d in found.documents] == ["x.md", "x.txt", "b/x"]
    r = run("map", tmp_path / "in", "-o", tmp_path / "trip.html")
    assert r.exit_code == 0
    html = (tmp_path / "trip.html").read_text(encoding="utf-8")
    assert str(tmp_path) not in html and "//tmp" not in html


def test_explicit_files_from_different_folders_get_the_shortest_distinguishing_suffix(tmp_path):
    for sub in ("p/a", "q/a", "r"):
        (tmp_path / sub).mkdir(parents=True)
        shutil.copy(SEED_FILES[0], tmp_path / sub / "x.txt")
    files = [tmp_path / "p/a/x.txt", tmp_path / "q/a/x.txt", tmp_path / "r/x.txt"]
    found = api.places(files)
    assert [d.id for d in found.documents] == ["p/a/x", "q/a/x", "r/x"]
    ids = document_ids([Path("/home/alice/news/x.txt"), Path("/tmp/news/x.txt"), Path("/srv/x.txt"),
                        Path("/srv/x.md")])
    assert ids == ["alice/news/x", "tmp/news/x", "x.txt", "x.md"]
    assert all(not i.startswith("/") for i in ids)


# ================================================================ 9. the API's arguments


def test_one_path_is_one_path_not_its_letters(tmp_path):
    folder = tmp_path / "seeds"
    shutil.copytree(SEEDS, folder)
    expected = api.places([folder])
    for one in (str(folder), folder, os.fsencode(folder)):
        assert api.places(one) == expected
    assert api.check(str(folder)).claims == api.check([folder]).claims
    assert api.route(folder).stops == api.route([str(folder)]).stops
    out = api.map(folder, tmp_path / "trip.geojson")
    assert out.is_file()
    assert [d.id for d, _ in api.extract(str(folder))] == [d.id for d in expected.documents]


def test_a_single_gazetteer_path_is_accepted(tmp_path):
    gaz = tmp_path / "g.csv"
    gaz.write_text("name,lat,lon\nZzyzxville,35.14,-116.10\n", encoding="utf-8")
    art = tmp_path / "a.txt"
    art.write_text("The president travelled from Moscow to Zzyzxville yesterday.\n", encoding="utf-8")
    assert "Zzyzxville" in {m.name for m in api.places(art, str(gaz)).mentions}


@pytest.mark.parametrize("call,error,message", [
    (lambda: api.route(None), InputError, "paths: expected a file or folder path or a list of them, not None"),
    (lambda: api.route(3), InputError, "not int 3"),
    (lambda: api.places([SEEDS, 3.5]), InputError, "not float 3.5"),
    (lambda: api.check([]), InputError, ""),
    (lambda: api.places(""), InputError, "an empty string is not a path"),
    (lambda: api.places("seeds\0x"), InputError, "NUL"),
    (lambda: api.places(SEEDS, max_bytes="20"), FormatError, "max_bytes '20'"),
    (lambda: api.places(SEEDS, max_bytes=0), FormatError, "positive"),
    (lambda: api.places(SEEDS, max_bytes=float("nan")), FormatError, "max_bytes"),
    (lambda: api.places(SEEDS, jobs="many"), FormatError, "--jobs 'many'"),
    (lambda: api.places(SEEDS, jobs=1.5), FormatError, "--jobs 1.5"),
    (lambda: api.places(SEEDS, on_note="print"), FormatError, "on_note"),
    (lambda: api.places(SEEDS, gazetteers=7), GazetteerError, "gazetteers"),
    (lambda: api.map(SEEDS, None), OutputError, "output"),
    (lambda: api.map(SEEDS, "trip.html", title=5), FormatError, "title"),
])
def test_wrong_argument_types_raise_the_documented_errors(call, error, message):
    with pytest.raises(error) as e:
        call()
    assert message in str(e.value)
    assert isinstance(e.value, ItineraryError)


def test_an_empty_list_of_paths_is_an_input_error():
    with pytest.raises(InputError, match="no input paths given"):
        api.places([])


SCRIPT = f"""
import itinerary
r = itinerary.places([{str(SEEDS)!r}], jobs=2, on_note=lambda p, m: print("note", p, m))
print(len(r.documents), len(r.mentions))
"""


def test_jobs_from_a_script_read_on_standard_input_does_not_hang(tmp_path):
    expected = api.places(SEEDS)
    r = subprocess.run([sys.executable, "-"], input=SCRIPT, capture_output=True, text=True, timeout=300,
                       cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert r.stdout.splitlines()[-1] == f"{len(expected.documents)} {len(expected.mentions)}"
    assert "running in one process" in r.stdout


def test_jobs_from_a_script_without_a_main_guard_does_not_hang(tmp_path):
    script = tmp_path / "unguarded.py"
    script.write_text(SCRIPT, encoding="utf-8")
    expected = api.places(SEEDS)
    r = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=300, cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert r.stdout.splitlines()[-1] == f"{len(expected.documents)} {len(expected.mentions)}"


# ================================================================ 10. standard input


def _stdin(monkeypatch, data: bytes):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))


def test_dash_reads_an_article_from_standard_input(monkeypatch):
    _stdin(monkeypatch, ARTICLE.encode())
    found = api.places("-")
    (doc,) = found.documents
    assert (doc.id, doc.path, doc.text) == ("stdin", "-", ARTICLE)
    assert {"Moscow", "Kazan"} <= {m.name for m in found.mentions}
    r = run("route", "-", "--format", "json", input=ARTICLE)
    assert r.exit_code == 0, r.stderr
    assert [d["id"] for d in strict_json(r.stdout)["documents"]] == ["stdin"]


def test_standard_input_beside_files_and_with_workers(monkeypatch, tmp_path):
    shutil.copy(SEED_FILES[0], tmp_path / "a.txt")
    shutil.copy(SEED_FILES[1], tmp_path / "b.txt")
    _stdin(monkeypatch, ARTICLE.encode())
    one = api.places(["-", tmp_path])
    _stdin(monkeypatch, ARTICLE.encode())
    two = api.places(["-", tmp_path], jobs=2)
    assert [d.id for d in one.documents] == ["stdin", "a", "b"] and one == two


def test_empty_or_oversized_standard_input_is_a_skip(monkeypatch, tmp_path):
    _stdin(monkeypatch, b"")
    with pytest.raises(NothingReadableError, match="^-: empty file$"):
        api.places("-")
    _stdin(monkeypatch, ARTICLE.encode() * 10)
    with pytest.raises(NothingReadableError, match="file too large"):
        api.places("-", max_bytes=100)


def test_standard_input_in_a_real_process():
    r = subprocess.run([str(EXE), "route", "-", "--format", "json"], input=ARTICLE.encode(), capture_output=True,
                       timeout=300, cwd=ROOT)
    assert r.returncode == 0, r.stderr
    assert [d["id"] for d in strict_json(r.stdout.decode())["documents"]] == ["stdin"]
