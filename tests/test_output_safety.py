"""Output safety (issue 11): no output ever replaces an input, a link or a device; interrupted runs
leave nothing behind; the CLI's exits; CSV, HTML and JSON outputs that cannot be turned against
their readers. Driven through the real command line (CliRunner and real processes) on the seeds."""
from __future__ import annotations

import csv
import html
import io
import json
import math
import os
import re
import shutil
import signal
import stat
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from itinerary import outputs
from itinerary.cli import main
from itinerary.errors import OutputError
from itinerary.model import Claim, Document, Evidence, Itinerary, Leg, Mention, Place, Stop
from itinerary.render import exports, serialize
from itinerary.render.map import render_map

from conftest import ROOT, SEEDS
from test_browser import browser  # noqa: F401 - the fixture: headless Chromium, network blocked

SEED_FILES = sorted(SEEDS.glob("*.txt"))
EXE = str(Path(sys.executable).with_name("itinerary"))
NO_PLACES = "The committee met on Tuesday and talked about the budget for the coming year.\n"


def run(*args, input=None):
    result = CliRunner().invoke(main, [str(a) for a in args], input=input)
    assert "Traceback" not in result.output and "Traceback" not in result.stderr
    return result


def err_lines(result) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.strip()]


def leftovers(*folders: Path) -> list[str]:
    """Hidden or temporary files in the folders: what an interrupted write would leave."""
    return sorted(p.name for d in folders for p in d.iterdir() if p.name.startswith(".") or p.name.endswith(".tmp"))


@pytest.fixture()
def article(tmp_path) -> Path:
    a = tmp_path / "article.txt"
    shutil.copy(SEED_FILES[2], a)
    return a


@pytest.fixture()
def no_work(monkeypatch):
    """Fail the test if a run gets as far as reading articles."""
    import itinerary.api

    def never(*a, **k):
        raise AssertionError("the work started before the output was checked")

    monkeypatch.setattr(itinerary.api, "extract", never)


# ---------------------------------------------------------------- 1. an output is never an input


@pytest.mark.parametrize("command", [["route"], ["places"], ["check"], ["route", "--format", "json"],
                                     ["places", "--format", "jsonl"], ["places", "--format", "csv"]])
def test_output_that_is_the_input_is_refused_before_any_work(article, command, no_work):
    before = article.read_bytes()
    r = run(*command, article, "-o", article)
    assert r.exit_code == 1
    assert err_lines(r) == [f"itinerary: error: refusing to write {article}: it is one of the input files; "
                            "choose another output file"]
    assert article.read_bytes() == before


def test_map_of_a_page_onto_itself_is_refused(tmp_path, no_work):
    from test_documents import HTML

    page = tmp_path / "page.html"
    page.write_text(HTML, encoding="utf-8")
    r = run("map", page, "-o", page)
    assert r.exit_code == 1 and "refusing to write" in r.stderr
    assert page.read_text(encoding="utf-8") == HTML


def test_output_reaching_an_input_through_a_link_or_a_folder_is_refused(tmp_path, article, no_work):
    before = article.read_bytes()
    soft = tmp_path / "soft.json"
    soft.symlink_to(article)
    hard = tmp_path / "hard.json"
    os.link(article, hard)
    (tmp_path / "sub").mkdir()
    dotted = tmp_path / "sub" / ".." / "article.txt"
    for out in (soft, hard, dotted):
        r = run("route", article, "-o", out)
        assert r.exit_code == 1, out
        (line,) = err_lines(r)
        assert line.startswith(f"itinerary: error: refusing to write {out}: it is one of the input files"), line
    # The input named as a folder: the output is a file the run would read in it.
    r = run("route", "--format", "json", tmp_path, "-o", article)
    assert r.exit_code == 1 and "refusing to write" in r.stderr
    # A gazetteer is an input too.
    gaz = tmp_path / "gaz.csv"
    gaz.write_text("name,lat,lon\nTumangang,42.4,130.6\n")
    r = run("places", article, "--gazetteer", gaz, "-o", gaz)
    assert r.exit_code == 1 and "refusing to write" in r.stderr
    assert gaz.read_text() == "name,lat,lon\nTumangang,42.4,130.6\n"
    assert article.read_bytes() == before and soft.is_symlink()


def test_a_new_output_inside_the_input_folder_is_fine(tmp_path, article):
    out = tmp_path / "route.json"
    r = run("route", tmp_path, "--format", "json", "-o", out)
    assert r.exit_code == 0, r.stderr
    assert json.loads(out.read_text())["schema"] == "itinerary/route-1"


def test_other_files_of_an_input_folder_are_inputs_too(tmp_path, article, no_work):
    photo = tmp_path / "photo.jpg"
    photo.write_bytes(b"\xff\xd8\xff\xe0 not an article, but not ours to replace")
    r = run("route", tmp_path, "--format", "json", "-o", photo)
    assert r.exit_code == 1 and "refusing to write" in r.stderr
    assert photo.read_bytes().startswith(b"\xff\xd8\xff")


def test_a_map_run_again_into_its_input_folder_replaces_its_own_output(tmp_path, article):
    from itinerary import documents

    if not hasattr(documents, "own_output"):
        pytest.skip("this build reads its own outputs back as articles")
    out = tmp_path / "trip.html"
    for _ in range(2):  # the second run finds the first run's map in the folder: not an article
        r = run("map", tmp_path, "-o", out, "--tiles", "none")
        assert r.exit_code == 0, r.stderr
    assert '<meta name="generator" content="itinerary' in out.read_text()
    # Named as an input, it is an input all the same.
    r = run("map", article, out, "-o", out)
    assert r.exit_code == 1 and "refusing to write" in r.stderr


def test_standard_input_redirected_from_the_output_is_refused(article):
    from itinerary import documents

    if not hasattr(documents, "is_stdin"):
        pytest.skip("this build reads no article from standard input")
    before = article.read_bytes()
    with open(article, "rb") as stdin:
        r = subprocess.run([EXE, "route", "-", "-o", str(article)], stdin=stdin, capture_output=True,
                           text=True, timeout=120)
    assert r.returncode == 1
    assert r.stderr == (f"itinerary: error: refusing to write {article}: it is one of the input files "
                        "(standard input); choose another output file\n")
    assert article.read_bytes() == before


# ---------------------------------------------------------------- 2. links, devices, stdout


def test_a_symbolic_link_is_written_through_atomically(tmp_path, article):
    data = tmp_path / "data"
    data.mkdir()
    target = data / "route.json"
    target.write_text("yesterday\n")
    target.chmod(0o640)
    links = tmp_path / "links"
    links.mkdir()
    link = links / "route.json"
    link.symlink_to(target)
    r = run("route", article, "--format", "json", "-o", link)
    assert r.exit_code == 0, r.stderr
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert json.loads(target.read_text())["schema"] == "itinerary/route-1"
    assert target.stat().st_mode & 0o777 == 0o640
    assert leftovers(data, links) == []
    # A link to a file that does not exist yet creates that file.
    dangling = links / "new.csv"
    dangling.symlink_to(data / "new.csv")
    assert run("route", article, "--format", "csv", "-o", dangling).exit_code == 0
    assert dangling.is_symlink() and (data / "new.csv").read_text().startswith("seq,name,")
    # A map through a link, too.
    page = links / "trip.html"
    page.symlink_to(data / "trip.html")
    assert run("map", article, "-o", page, "--tiles", "none").exit_code == 0
    assert page.is_symlink() and "<html" in (data / "trip.html").read_text()


@pytest.mark.parametrize("path", ["/dev/null", "/dev/stdout", "/proc/self/fd/1", "{tmp}/fifo", "{tmp}/to-null"])
def test_devices_fifos_and_system_paths_are_refused(tmp_path, article, path):
    os.mkfifo(tmp_path / "fifo")
    (tmp_path / "to-null").symlink_to("/dev/null")
    out = path.format(tmp=tmp_path)
    # A real process with a timeout: opening the FIFO for writing would block for ever.
    r = subprocess.run([EXE, "route", str(article), "-o", out], capture_output=True, text=True, timeout=120)
    assert r.returncode == 1 and r.stdout == ""
    assert r.stderr.startswith(f"itinerary: error: cannot write {out}: ") and r.stderr.count("\n") == 1
    assert stat.S_ISFIFO((tmp_path / "fifo").stat().st_mode)


def test_dash_writes_to_stdout(article):
    r = run("route", article, "--format", "json", "-o", "-")
    assert r.exit_code == 0 and json.loads(r.stdout)["schema"] == "itinerary/route-1"
    assert not Path("-").exists()


def test_write_atomic_refuses_devices_and_returns_the_file_written(tmp_path):
    with pytest.raises(OutputError, match="not files to replace"):
        outputs.write_atomic("/dev/null", "x")
    real = tmp_path / "real.txt"
    link = tmp_path / "link.txt"
    link.symlink_to(real.name)  # a relative link
    assert outputs.write_atomic(link, "new") == real
    assert real.read_text() == "new" and link.is_symlink()
    assert exports.write_atomic is outputs.write_atomic  # one writer for every output


def test_every_file_write_goes_through_the_one_writer():
    """Only outputs.py replaces files; the index and model caches have their own atomic writes."""
    allowed = {"outputs.py", "gazetteer.py", os.path.join("languages", "__init__.py")}
    pkg = ROOT / "itinerary"
    writers = set()
    for f in pkg.rglob("*.py"):
        text = f.read_text(encoding="utf-8")
        if re.search(r"os\.replace\(|os\.rename\(|\.write_(?:text|bytes)\(", text):
            writers.add(str(f.relative_to(pkg)))
    assert writers <= allowed, writers - allowed


# ---------------------------------------------------------------- 3. SIGTERM and SIGINT


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """Enough articles that writing their places takes a few seconds."""
    d = tmp_path_factory.mktemp("corpus")
    for i in range(1500):
        shutil.copy(SEED_FILES[i % len(SEED_FILES)], d / f"r{i:04d}.txt")
    return d


def _wait_for(predicate, timeout: float = 180.0) -> None:
    end = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > end:
            raise AssertionError("timed out")
        time.sleep(0.02)


@pytest.mark.parametrize("sig,code,word", [(signal.SIGTERM, 143, "terminated"), (signal.SIGINT, 130, "interrupted")])
def test_a_signal_during_a_write_leaves_the_output_and_no_temp_file(tmp_path, corpus, sig, code, word):
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    out = out_dir / "places.jsonl"
    out.write_text("previous run\n")
    p = subprocess.Popen([EXE, "places", str(corpus), "--format", "jsonl", "-j", "1", "-o", str(out)],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        _wait_for(lambda: leftovers(out_dir) or p.poll() is not None)  # the temporary file is being written
        assert p.poll() is None, "the run ended before it could be interrupted"
        time.sleep(0.3)
        p.send_signal(sig)
        stdout, stderr = p.communicate(timeout=60)
    finally:
        if p.poll() is None:
            p.kill()
    assert p.returncode == code
    assert stderr == f"itinerary: {word}\n" and stdout == ""
    assert out.read_text() == "previous run\n"
    assert leftovers(out_dir) == []


def test_sigterm_while_building_the_index_leaves_no_temp_file(tmp_path, article):
    cache = tmp_path / "cache"
    env = dict(os.environ, ITINERARY_CACHE=str(cache))
    p = subprocess.Popen([EXE, "places", str(article)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                         text=True)
    try:
        _wait_for(lambda: (cache.is_dir() and any(n.startswith(".index-") for n in os.listdir(cache)))
                  or p.poll() is not None)
        assert p.poll() is None
        time.sleep(0.5)
        p.send_signal(signal.SIGTERM)
        _, stderr = p.communicate(timeout=120)
    finally:
        if p.poll() is None:
            p.kill()
    assert p.returncode == 143 and stderr == "itinerary: terminated\n"
    assert [n for n in os.listdir(cache) if n.startswith(".") or n.endswith(".tmp")] == []


def test_writer_interrupted_by_sigterm_mid_write_cleans_up(tmp_path):
    out = tmp_path / "map.html"
    out.write_text("old map")

    def pieces():
        yield "<html>" + "x" * 100_000
        assert leftovers(tmp_path)  # the temporary file exists now
        os.kill(os.getpid(), signal.SIGTERM)
        time.sleep(1)  # the handler raises here
        yield "never written"

    before = signal.getsignal(signal.SIGTERM)
    with pytest.raises(outputs.Terminated):
        with outputs.sigterm_raises():
            outputs.write_atomic(out, pieces())
    assert signal.getsignal(signal.SIGTERM) == before  # the caller's handler is back
    assert out.read_text() == "old map" and leftovers(tmp_path) == []


# ---------------------------------------------------------------- 4. the bare command, closed pipes


def test_no_arguments_prints_the_help_and_exits_0():
    r = subprocess.run([EXE], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0 and r.stderr == ""
    assert r.stdout.startswith("Usage: itinerary") and "Commands:" in r.stdout and "route" in r.stdout
    assert run().exit_code == 0


@pytest.mark.parametrize("args", [["--format", "jsonl"], ["--format", "csv"], []])
def test_a_reader_that_stops_early_ends_the_run_quietly(corpus, args):
    p = subprocess.Popen([EXE, "places", str(corpus), "-j", "1", *args], stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE)
    first = p.stdout.readline()  # `| head -1`
    p.stdout.close()
    stderr = p.stderr.read()
    p.wait(timeout=120)
    assert first.strip()
    assert p.returncode == 0 and stderr == b""


def test_shell_pipe_into_head(tmp_path):
    r = subprocess.run(f"set -o pipefail; '{EXE}' places '{SEEDS}' | head -1", shell=True, executable="/bin/bash",
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0 and r.stderr == "" and r.stdout.startswith("document")


# ---------------------------------------------------------------- 5. no stops


def test_no_stops_are_said_on_stderr_and_on_the_map(tmp_path, monkeypatch):
    a = tmp_path / "minutes.txt"
    a.write_text(NO_PLACES)
    r = run("route", a)
    assert r.exit_code == 0 and err_lines(r) == ["itinerary: no stops found"]
    out = tmp_path / "trip.html"
    r = run("map", a, "-o", out)
    assert r.exit_code == 0 and err_lines(r) == ["itinerary: no stops found", f"wrote {out}"]
    page = out.read_text()
    assert re.search(r'<div class="itin-box itin-notice" role="status"><b>No stops found</b>', page)
    # A journey has no notice.
    assert "itin-notice\"" not in render_map(_itinerary())


# ---------------------------------------------------------------- 6. tiles


def test_tiles_none_asks_no_server(tmp_path, article):
    out = tmp_path / "trip.html"
    r = run("map", article, "-o", out, "--tiles", "none")
    assert r.exit_code == 0, r.stderr
    page = out.read_text()
    assert "L.tileLayer" not in page and "openstreetmap" not in page.lower() and "{z}" not in page
    assert not re.search(r"https?://[^\"'\s]*\{[xyz]\}", page)
    assert 'createPane("itinOutline")' in page and '"land":' in page  # the embedded outlines remain
    default = tmp_path / "osm.html"
    assert run("map", article, "-o", default).exit_code == 0
    assert "https://tile.openstreetmap.org/{z}/{x}/{y}.png" in default.read_text()


def test_tiles_url_template_is_used_as_given(tmp_path, article):
    url = "https://{s}.tiles.example.org/base/{z}/{x}/{y}{r}.png"
    out = tmp_path / "trip.html"
    assert run("map", article, "-o", out, "--tiles", url).exit_code == 0
    page = out.read_text()
    assert json.dumps(url) in page and "openstreetmap.org/{z}" not in page
    assert "Map tiles: tiles.example.org" in page


@pytest.mark.parametrize("bad", ["https://tiles.example.org/{z}/{x}.png", "ftp://tiles.example.org/{z}/{x}/{y}.png",
                                 "javascript:alert(1)//{z}{x}{y}", "https://t.example.org/{z}/{x}/{y}.png?k={key}",
                                 'https://t.example.org/{z}/{x}/{y}.png"onload="x', "/{z}/{x}/{y}.png", "satellite"])
def test_bad_tiles_are_a_one_line_error_before_the_work(tmp_path, article, bad, no_work):
    r = run("map", article, "-o", tmp_path / "trip.html", "--tiles", bad)
    assert r.exit_code == 1
    (line,) = err_lines(r)
    assert line.startswith("itinerary: error: --tiles ") and "{z}, {x} and {y}" in line
    assert not (tmp_path / "trip.html").exists()


# ---------------------------------------------------------------- 7. CSV formulas


FORMULA_NAMES = ["=HYPERLINK(\"http---x\",\"y\")", "+SUM(1,2)", "-2+3", "@cmd", "\tTAB", "\rCR"]


def _looks_numeric(cell: str) -> bool:
    try:
        float(cell)
        return True
    except ValueError:
        return False


def _assert_no_formula(text: str) -> list[list[str]]:
    rows = list(csv.reader(io.StringIO(text)))
    for row in rows:
        for cell in row:
            assert _looks_numeric(cell) or not cell.startswith(("=", "+", "-", "@", "\t", "\r")), (cell, row)
    return rows


def test_document_ids_never_reach_csv_as_formulas(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for i, name in enumerate(FORMULA_NAMES):
        shutil.copy(SEED_FILES[i % len(SEED_FILES)], folder / f"{name}.txt")
    places = run("places", folder, "--format", "csv")
    assert places.exit_code == 0, places.stderr
    rows = _assert_no_formula(places.stdout)
    docs = {r[0] for r in rows[1:]}
    assert {"'=HYPERLINK(\"http---x\",\"y\")", "'+SUM(1,2)", "'-2+3", "'@cmd"} <= docs
    route = run("route", folder, "--format", "csv")
    assert route.exit_code == 0
    rows = _assert_no_formula(route.stdout)
    listed = {d for r in rows[1:] for d in r[-1].split(";")}
    assert {"'=HYPERLINK(\"http---x\",\"y\")", "'@cmd"} <= listed
    out = tmp_path / "trip.csv"
    assert run("map", folder, "-o", out).exit_code == 0
    assert _assert_no_formula(out.read_text()) == rows
    streamed = tmp_path / "places.csv"
    assert run("places", folder, "--format", "csv", "-o", streamed).exit_code == 0
    assert streamed.read_text() == places.stdout


# ---------------------------------------------------------------- 8. bidi controls in the map


RLO, PDF, LRI, PDI, RLM, ALM = "\u202e", "\u202c", "\u2066", "\u2069", "\u200f", "\u061c"
BIDI_ALL = [chr(c) for c in (0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A))]


def _place(pid, name, lat, lon, feature="city", country="RU"):
    return Place(id=pid, name=name, lat=lat, lon=lon, feature=feature, country=country)


VLADIVOSTOK = _place("geonames:2013348", "Vladivostok", 43.1056, 131.8735)
ARTYOM = _place("geonames:2027456", "Artyom", 43.3595, 132.1896)


def _itinerary(quote: str = "The train left Vladivostok for Artyom.", doc_id: str = "report-1",
               name: str = "Artyom", lat: float = 43.3595) -> Itinerary:
    text = f"{quote} Then it arrived in {name}."
    doc = Document(id=doc_id, path=f"{doc_id}.txt", text=text, body_start=0, title=None,
                   published=date(2023, 9, 14))
    place = _place("user:x", name, lat, 132.1896)
    ev = (Evidence(doc_id, 0, len(quote), quote),)
    stops = (Stop(1, VLADIVOSTOK, date(2023, 9, 13), None, "visited", "origin", ev),
             Stop(2, place, date(2023, 9, 14), None, "visited", "destination", ev))
    i = text.index(name, len(quote))
    mentions = (Mention(doc_id, i, i + len(name), name, place),)
    return Itinerary((doc,), mentions, stops, (Leg(1, 2, "Vladivostok", name, 35.0, "visited"),), ())


def _bound_html(page: str) -> str:
    found = re.findall(r"\.bind(?:Popup|Tooltip)\((\"(?:[^\"\\]|\\.)*\")", page)
    return "\n".join(json.loads(s) for s in found)


def test_bidi_controls_are_shown_and_article_text_is_isolated():
    quote = f"Witnesses said {RLO}<script>alert(1)</script> gnirts{PDF} and {LRI}x{PDI} {RLM}{ALM}."
    itin = _itinerary(quote, doc_id=f"report{RLO}-1", name=f"Art{RLO}yom")
    page = render_map(itin)
    for ch in BIDI_ALL:  # no raw control character anywhere in the page
        assert ch not in page, hex(ord(ch))
    bound = _bound_html(page)
    for ch in (RLO, PDF, LRI, PDI, RLM, ALM):
        assert f"\u27e8U+{ord(ch):04X}\u27e9" in bound
    assert "<script>alert(1)" not in bound and html.escape("<script>alert(1)</script>") in bound
    # Every quote, name and document id sits in its own <bdi>.
    assert re.findall(r"<q>(?!<bdi>)", bound) == []
    assert "<h4>2. <bdi>Art\u27e8U+202E\u27e9yom</bdi></h4>" in bound
    assert "<bdi>report\u27e8U+202E\u27e9-1</bdi>" in bound
    assert "<bdi>Vladivostok</bdi> \u2192 2. <bdi>Art\u27e8U+202E\u27e9yom</bdi>" in bound
    assert "<title>Vladivostok \u2192 Art\u27e8U+202E\u27e9yom</title>" in page


def test_bidi_controls_from_a_real_article(tmp_path):
    a = tmp_path / f"berita{RLO}.txt"
    shutil.copy(SEED_FILES[2], a)
    text = a.read_text(encoding="utf-8")
    first = text.index("Khasan")
    a.write_text(text[:first] + RLO + text[first:first + 6] + PDF + text[first + 6:], encoding="utf-8")
    out = tmp_path / "trip.html"
    r = run("map", a, "-o", out, "--tiles", "none")
    assert r.exit_code == 0, r.stderr
    page = out.read_text(encoding="utf-8")
    assert RLO not in page and PDF not in page
    assert "\u27e8U+202E\u27e9" in _bound_html(page)


# ---------------------------------------------------------------- 9. NaN and Infinity in JSON


NAN_PLACE = _place("geonames:0", "Atlantis", math.nan, 10.0)


def test_nan_coordinates_are_a_clear_error_in_every_writer():
    m = Mention("d", 0, 8, "Atlantis", NAN_PLACE)
    with pytest.raises(OutputError, match=r"mentions\[0\]\.lat is nan"):
        serialize.dumps(serialize.places_dict([], [m]))
    with pytest.raises(OutputError, match="Atlantis.*no finite coordinates"):
        exports.places_geojson([m])
    with pytest.raises(OutputError, match="Atlantis"):
        exports.places_csv([m])
    itin = _itinerary(name="Atlantis", lat=math.nan)
    for write in (exports.route_geojson, exports.route_csv, render_map):
        with pytest.raises(OutputError, match="Atlantis"):
            write(itin)
    with pytest.raises(OutputError):
        serialize.route_json_text(itin)


def test_infinite_ratio_is_null_never_infinity():
    c = Claim("d", "Artyom is 0 km from Artyom.", 10, 14, "0 km", 0.0, None, "exact", "between", "Artyom", "Artyom",
              ARTYOM, ARTYOM, 0.0, math.inf, "inconsistent", "the two ends are one place")
    text = serialize.dumps(serialize.check_dict([], [c]))
    assert json.loads(text)["claims"][0]["ratio"] is None
    geo = serialize.dumps(exports.claims_geojson([c]))
    assert json.loads(geo)["features"][0]["properties"]["ratio"] is None
    for t in (text, geo):
        assert "Infinity" not in t and "NaN" not in t
    assert json.loads(serialize.dumps({"km": math.nan, "x": [1.0, -math.inf]})) == {"km": None, "x": [1.0, None]}


def test_nan_row_in_a_user_gazetteer_never_reaches_json(tmp_path):
    gaz = tmp_path / "atlantis.txt"  # a GeoNames dump: 19 tab-separated columns
    cols = ["9999999", "Atlantis", "Atlantis", "", "nan", "nan", "P", "PPL", "XX", "", "", "", "", "",
            "1000", "", "0", "Etc/UTC", "2024-01-01"]
    gaz.write_text("\t".join(cols) + "\n", encoding="utf-8")
    a = tmp_path / "a.txt"
    a.write_text("The delegation flew from Atlantis to Vladivostok on 3 June 2024.\n")
    for fmt in ("json", "geojson"):
        r = run("places", a, "--gazetteer", gaz, "--format", fmt)
        assert "NaN" not in r.stdout and "Infinity" not in r.stdout
        assert r.exit_code == 1, r.stdout
        (line,) = err_lines(r)
        assert line.startswith("itinerary: error: ")


# ---------------------------------------------------------------- in a browser


def test_tiles_none_map_makes_no_request_and_shows_outlines(tmp_path, article, browser):
    from test_browser import _open

    out = tmp_path / "trip.html"
    assert run("map", article, "-o", out, "--tiles", "none").exit_code == 0
    with _open(browser, out) as (page, log):
        page.wait_for_timeout(300)
        assert log.blocked == [] and log.errors == [] and log.console == []
        assert page.locator(".leaflet-itinOutline-pane path").count() > 0
        assert page.locator(".leaflet-tile").count() == 0


def test_no_stops_notice_is_visible_in_a_browser(tmp_path, browser):
    from test_browser import _open

    a = tmp_path / "minutes.txt"
    a.write_text(NO_PLACES)
    out = tmp_path / "empty.html"
    assert run("map", a, "-o", out, "--tiles", "none").exit_code == 0
    with _open(browser, out, wait=".itin-notice") as (page, log):
        notice = page.locator(".itin-notice")
        assert notice.is_visible() and notice.inner_text().startswith("No stops found")
        box = notice.bounding_box()
        assert 0 < box["x"] < 1200 and 0 < box["y"] < 800
        assert log.errors == [] and log.blocked == []


def test_bidi_quote_reads_in_order_in_a_browser(tmp_path, browser):
    from test_browser import _open

    quote = f"He said {RLO}dlrow olleh{PDF} at the station."
    out = tmp_path / "bidi.html"
    out.write_text(render_map(_itinerary(quote), tiles="none"), encoding="utf-8")
    with _open(browser, out) as (page, log):
        page.locator(".itin-stop").first.click()
        popup = page.locator(".leaflet-popup-content")
        popup.wait_for()
        text = popup.inner_text()
        assert "\u27e8U+202E\u27e9dlrow olleh\u27e8U+202C\u27e9 at the station." in text
        assert log.errors == []


# ------------------------------------------------------------------ the Python API, as the CLI

def test_api_map_refuses_to_overwrite_its_input_before_any_work(tmp_path):
    import itinerary
    from itinerary.errors import OutputError

    art = tmp_path / "page.html"
    body = html.escape(SEED_FILES[0].read_text(encoding="utf-8"))
    art.write_text(f"<html><body><article><p>{body}</p></article></body></html>", encoding="utf-8")
    before = art.read_bytes()
    with pytest.raises(OutputError, match="one of the input files"):
        itinerary.map(str(art), art)
    with pytest.raises(OutputError, match="one of the input files"):
        itinerary.map([tmp_path], art)
    assert art.read_bytes() == before


def test_api_map_tiles_none_and_bad_tiles(tmp_path):
    import itinerary
    from itinerary.errors import FormatError

    out = itinerary.map(SEED_FILES[:1], tmp_path / "t.html", tiles="none")
    page = out.read_text(encoding="utf-8")
    assert "tile.openstreetmap.org" not in page
    with pytest.raises(FormatError):
        itinerary.map(SEED_FILES[:1], tmp_path / "u.html", tiles="ftp://x/{z}/{x}/{y}.png")
    assert not (tmp_path / "u.html").exists()
