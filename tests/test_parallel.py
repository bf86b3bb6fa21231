"""`-j N` for route and check (issue 11): worker processes read the files, find the places and
each document's traveller votes, then, given the traveller, each document's events and claims;
the parent combines the votes in file order and orders the journey. The output must be the same,
byte for byte and in the same order, as with one process, skips, notes and all.

Worker processes are spawned, so a monkeypatch does not reach them: a document that fails in a
later stage is made with the test-only hook api._fail_for_tests (ITINERARY_TEST_FAIL="STAGE:MARK",
inherited by the workers).
"""
from __future__ import annotations

import concurrent.futures
import json
import random
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

import itinerary
from itinerary import api
from itinerary.cli import main
from itinerary.render.serialize import route_json_text

from conftest import SEEDS
from test_documents import JPEG, WIN1252
from test_geocoder import articles, cache, geo, offline, server  # noqa: F401 - fixtures

SEED_FILES = sorted(SEEDS.glob("*.txt"))
MARK = "Zqxjvw"  # a word no article has: the hook's mark

CITIES = ["Moscow", "Vladivostok", "Khabarovsk", "Seoul", "Tokyo", "Beijing", "Jakarta", "Surabaya", "Berlin",
          "Paris", "Cairo", "Nairobi", "Sydney", "Istanbul", "Bangkok", "Hanoi", "Manila", "Singapore"]
WHO = ["Kim Jong Un", "President Joko Widodo", "Chancellor Olaf Scholz"]
SENTENCES = [
    "{who} arrived in {a} on {day} after an overnight flight from {b}, officials said.",
    "From {a}, the convoy travelled about {km} km to {b}, where talks were held on {day}.",
    "{who} is expected to visit {c} later in the week before returning to {b}.",
    "The journey from {b} to {c} took almost {hours} hours by train.",
    "{who} left {a} on {day} and is due in {c}, {km} km away, two days later.",
    "{a} is about {km} miles from {c}, officials in {b} noted.",
]


def run(*args):
    result = CliRunner().invoke(main, [str(a) for a in args])
    assert "Traceback" not in result.output and "Traceback" not in result.stderr
    return result


def both(*args):
    """The run with one process and with two; they must agree on everything they print."""
    one, two = run(*args, "-j", "1"), run(*args, "-j", "2")
    assert one.exit_code == two.exit_code, (one.stderr, two.stderr)
    assert one.stdout == two.stdout
    assert one.stderr == two.stderr
    return one


def article(rng: random.Random, seeds: list[str], i: int) -> str:
    """A small article: a few paragraphs of a seed article, in a shuffled order, and a few sentences
    of a journey through CITIES, with front matter (some without)."""
    paras = [p for p in seeds[i % len(seeds)].split("\n") if p.strip()]
    rng.shuffle(paras)
    who = rng.choice(WHO)
    lines = []
    for _ in range(rng.randint(2, 5)):
        a, b, c = rng.sample(CITIES, 3)
        lines.append(rng.choice(SENTENCES).format(who=who, a=a, b=b, c=c, km=rng.randrange(40, 9000),
                                                  hours=rng.randrange(2, 40), day=f"{rng.randint(1, 28)} September"))
    body = "\n".join(paras[:rng.randint(1, 4)] + lines) + "\n"
    if i % 4 == 3:
        return body
    return f"---\ntitle: \"Report {i}\"\nsource: Test Wire\npublished: 2023-09-{1 + i % 28:02d}\n---\n" + body


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """~60 small articles in two folders, with files that are skipped while reading (a photo, an
    empty file) and one read with a note (cp1252)."""
    root = tmp_path_factory.mktemp("parallel") / "corpus"
    rng = random.Random(11)
    seeds = [p.read_text(encoding="utf-8") for p in SEED_FILES]
    for i in range(60):
        sub = root / f"{i // 25:02d}"
        sub.mkdir(parents=True, exist_ok=True)
        (sub / f"article-{i:03d}.md").write_text(article(rng, seeds, i), encoding="utf-8")
    (root / "00" / "article-010-photo.jpg").write_bytes(JPEG + bytes(range(256)))
    (root / "01" / "article-030-empty.txt").write_bytes(b"")
    (root / "02" / "article-055-word.txt").write_bytes(WIN1252.encode("cp1252"))
    return root


@pytest.fixture()
def marked(tmp_path) -> Path:
    """The seeds and a copy of one of them that holds MARK (the hook's document)."""
    d = tmp_path / "marked"
    d.mkdir()
    for p in SEED_FILES:
        shutil.copy(p, d / p.name)
    text = SEED_FILES[2].read_text(encoding="utf-8")
    (d / "002b-marked.txt").write_text(text + f"\n{MARK}\n", encoding="utf-8")
    return d


@pytest.fixture()
def spy(monkeypatch):
    """What the runs hand to the worker pool: [(function, workers usable?)], and the pools made."""
    calls: list[tuple[str, bool]] = []
    pools: list = []
    real_map = api._Workers.map

    def map_(self, fn, chunks, serial, bar, on_note):
        calls.append((getattr(fn, "func", fn).__name__, self.usable))
        return real_map(self, fn, chunks, serial, bar, on_note)

    real_pool = concurrent.futures.ProcessPoolExecutor

    class Pool(real_pool):
        def __init__(self, *a, **k):
            pools.append(self)
            super().__init__(*a, **k)

    monkeypatch.setattr(api._Workers, "map", map_)
    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", Pool)
    return calls, pools


# ---------------------------------------------------------------- same output


@pytest.mark.parametrize("command", ["route", "check"])
def test_json_is_the_same_with_workers_on_the_seeds(command, spy):
    one = both(command, SEEDS, "--format", "json")
    assert one.exit_code == 0 and one.stderr == ""
    calls, pools = spy
    # -j 2: one pool does both phases; -j 1 starts none
    assert calls == [("_stage_chunk", False), ("_worker_chunk", True), ("_stage_chunk", True)]
    assert len(pools) == 1


@pytest.mark.parametrize("command", ["route", "check"])
def test_json_is_the_same_with_workers_on_a_corpus(command, corpus):
    one = both(command, corpus, "--format", "json")
    assert one.exit_code == 2  # the photo and the empty file are skipped, with the same lines
    assert "article-010-photo.jpg: skipped: " in one.stderr and "article-030-empty.txt: skipped: " in one.stderr
    assert "article-055-word.txt: note: " in one.stderr  # decoded as cp1252
    assert len(json.loads(one.stdout)["documents"]) == 61


def test_table_and_options_are_the_same_with_workers(tmp_path):
    d = tmp_path / "articles"
    d.mkdir()
    for p in SEED_FILES:
        shutil.copy(p, d / p.name)
    (d / "zz-town.md").write_text("---\npublished: 2023-09-18\n---\nKim Jong Un arrived in Novozqxjsk on "
                                  "Monday, 18 September 2023, after leaving Vladivostok.\n", encoding="utf-8")
    gaz = tmp_path / "gaz.csv"
    gaz.write_text("id,name,aliases,lat,lon,feature,country,admin1,population,source\n"
                   "test-novozqxjsk,Novozqxjsk,,43.9,132.5,town,RU,Primorsky Krai,1000,test\n", encoding="utf-8")
    out = {}
    for command in ("route", "check"):
        r = both(command, d, "--gazetteer", gaz, "--near", "43.1,131.9", "--country", "RU", "--format", "json")
        assert r.exit_code == 0, r.stderr
        out[command] = r.stdout
    assert '"place_id": "user:test-novozqxjsk"' in out["route"]  # the user gazetteer reached the workers
    assert both("route", d).exit_code == 0  # the table


def test_the_api_gives_equal_results_notes_and_skips_in_the_same_order(corpus):
    def go(fn, jobs, progress=False):
        notes, skips = [], []
        r = fn([corpus], jobs=jobs, progress=progress, on_note=lambda p, m: notes.append((p, m)),
               on_skip=lambda p, m: skips.append((p, m)))
        return r, notes, skips

    for fn in (api.route, api.check):
        one = go(fn, 1)
        two = go(fn, 2, progress=True)  # with the progress bar (60 files: it is drawn, if tqdm is there)
        assert one == two
        assert one[1] and one[2]
        assert list(one[0].skipped) == [itinerary.model.Skipped(p, m) for p, m in one[2]]


# ---------------------------------------------------------------- per-document failures


@pytest.mark.parametrize("command,stage,reason", [
    ("route", "traveller", "finding the traveller"),
    ("route", "journey", "finding the journey"),
    ("route", "claims", "finding the journey"),
    ("check", "claims", "checking distances"),
])
def test_a_document_that_fails_after_reading_is_a_skip_line_either_way(command, stage, reason, marked,
                                                                         monkeypatch):
    monkeypatch.setenv("ITINERARY_TEST_FAIL", f"{stage}:{MARK}")  # the workers inherit it
    one = both(command, marked, "--format", "json")
    assert one.exit_code == 2
    line = (f"{marked / '002b-marked.txt'}: skipped: internal error while {reason} "
            f"(RuntimeError: ITINERARY_TEST_FAIL at {stage}); please report it")
    assert one.stderr.splitlines() == [line]
    assert "002b-marked" not in [d["id"] for d in json.loads(one.stdout)["documents"]]
    monkeypatch.delenv("ITINERARY_TEST_FAIL")
    clean = run(command, marked, "--format", "json", "-j", "2")
    assert clean.exit_code == 0 and "002b-marked" in [d["id"] for d in json.loads(clean.stdout)["documents"]]


def test_the_hook_failing_every_document_at_the_traveller_raises_as_before(monkeypatch, tmp_path):
    """find_traveller failing on every document is a bug of the run, not of a document: raised."""
    shutil.copy(SEED_FILES[0], tmp_path / "a.txt")
    shutil.copy(SEED_FILES[1], tmp_path / "b.txt")
    monkeypatch.setenv("ITINERARY_TEST_FAIL", "traveller:.")  # every article has a full stop
    for jobs in (1, 2):
        with pytest.raises(RuntimeError, match="ITINERARY_TEST_FAIL at traveller"):
            api.route([tmp_path], jobs=jobs)


# ---------------------------------------------------------------- workers unavailable or gone


def test_one_job_starts_no_pool(monkeypatch):
    def never(*a, **k):
        raise AssertionError("a pool was started with jobs=1")

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", never)
    assert api.route([SEEDS], jobs=1).stops and api.check([SEEDS], jobs=1).claims


def test_workers_that_die_between_the_phases_leave_the_rest_to_this_process(monkeypatch):
    real = api._per_document
    notes = []

    def kill_then_run(items, stage, traveller, workers, lost, on_note):
        for proc in list(workers.pool._processes.values()):
            proc.terminate()
            proc.join()
        return real(items, stage, traveller, workers, lost, on_note)

    expected = route_json_text(api.route([SEEDS]))
    monkeypatch.setattr(api, "_per_document", kill_then_run)
    trip = api.route([SEEDS], jobs=2, on_note=lambda p, m: notes.append((p, m)))
    assert route_json_text(trip) == expected
    assert [p for p, _ in notes] == ["itinerary"] and "worker processes failed" in notes[0][1]


SCRIPT = """
import itinerary
from itinerary.render.serialize import route_json_text
trip = itinerary.route([{seeds!r}], jobs=2, on_note=lambda p, m: print("note", p, m))
print(route_json_text(trip).replace("\\n", " "))
"""


def test_route_from_a_script_read_on_standard_input_runs_in_one_process(tmp_path):
    r = subprocess.run([sys.executable, "-"], input=SCRIPT.format(seeds=str(SEEDS)), capture_output=True,
                       text=True, timeout=300, cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    *notes, out = r.stdout.splitlines()
    assert out == route_json_text(api.route([SEEDS])).replace("\n", " ")
    assert len(notes) == 1 and "running in one process instead of 2" in notes[0]


# ---------------------------------------------------------------- the geocoder (in this process)


def test_the_geocoder_runs_here_and_the_traveller_votes_follow_its_places(articles, server, cache, monkeypatch):
    """The online geocoder runs in this process after the workers' place finding; a document it
    adds places to has its traveller votes worked out again here, on all its mentions."""
    one = itinerary.route(articles, geocoder=geo(server.url, cache))
    asked = list(server.requests)
    real, here = api._traveller_votes, []

    def votes(doc, mentions):
        here.append(doc.id)
        return real(doc, mentions)

    monkeypatch.setattr(api, "_traveller_votes", votes)
    two = itinerary.route(articles, jobs=2, geocoder=geo(server.url, cache))
    assert route_json_text(two) == route_json_text(one)
    assert any(s.place.id.startswith("nominatim:") for s in two.stops)
    assert here == ["a", "b"]  # both gained places online: their workers' votes are not used
    assert len(asked) == 3 and len(server.requests) == 3  # the second run's answers came from the cache


def test_extract_still_streams_and_closes_its_own_workers(spy):
    got = api.extract([SEEDS], jobs=2)
    first = next(got)
    got.close()  # the caller stops early: the workers are stopped, nothing hangs
    assert first[0].id == SEED_FILES[0].stem
    calls, pools = spy
    assert calls == [("_worker_chunk", True)] and len(pools) == 1
    assert not (getattr(pools[0], "_processes", None) or {})
