"""The gazetteer index cache (issue 12): keyed by the content of the sources and the code that builds
it (never their paths), shared by every install, built once when two processes start together, and
stale indexes of this tool removed."""
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from itinerary import gazetteer as gz

AIRPORTS = (
    '"icao","iata","name","city","subd","country","elevation","lat","lon","tz","lid"\n'
    '"WIII","CGK","Soekarno-Hatta International Airport","Jakarta","Jakarta","ID",34,-6.12557,106.656,'
    '"Asia/Jakarta",""\n'
    '"ETAR","RMS","Ramstein Air Base","Ramstein","Rheinland-Pfalz","DE",776,49.4369,7.60028,"Europe/Berlin",""\n'
)


def _install(root: Path) -> tuple[Path, Path]:
    """A stand-in for another virtualenv: its own copies of the data files, same contents."""
    share = root / "share" / "itinerary"
    share.mkdir(parents=True)
    curated = share / "gazetteer.csv"
    shutil.copyfile(gz.curated_path(), curated)
    airports = root / "site-packages" / "airportsdata" / "airports.csv"
    airports.parent.mkdir(parents=True)
    airports.write_text(AIRPORTS, encoding="utf-8")
    return curated, airports


def test_an_install_elsewhere_with_the_same_data_reuses_the_index(tmp_path, builds):
    cache = tmp_path / "cache"
    curated_a, airports_a = _install(tmp_path / "venv-a")
    curated_b, airports_b = _install(tmp_path / "venv-b")
    first = gz._open(curated_a, None, cache, airports_a)
    gz._open.cache_clear()  # another process
    second = gz._open(curated_b, None, cache, airports_b)
    assert first == second and len(builds) == 1
    assert [p.name for p in cache.glob("index-*.sqlite")] == [first.name]
    # the index holds the airports of the file it was built from
    got = gz.Gazetteer(second).entries(["soekarno hatta", "cgk"])
    assert {e.place.id for v in got.values() for e in v} == {"airportsdata:WIII"}
    # a new mtime on the same content changes nothing; new content is a new index
    os.utime(curated_b, (time.time() + 60, time.time() + 60))
    assert gz.index_key(curated_b, None, airports_b, cache) == gz.index_key(curated_a, None, airports_a, cache)
    with open(curated_b, "a", encoding="utf-8") as f:
        f.write("depot-9,Depot Nine,,43.2,131.9,station,RU,,0,\n")
    assert gz.index_key(curated_b, None, airports_b, cache) != gz.index_key(curated_a, None, airports_a, cache)


def test_content_hashes_are_remembered_between_runs(tmp_path):
    cache = tmp_path / "cache"
    curated, airports = _install(tmp_path / "venv")
    key = gz.index_key(curated, None, airports, cache)
    memo = (cache / "index-hashes.json").read_text(encoding="utf-8")
    assert str(curated) in memo and str(airports) in memo
    assert gz.index_key(curated, None, airports, cache) == key


def test_stale_indexes_of_this_tool_are_removed_after_a_build(tmp_path, builds, monkeypatch):
    cache = tmp_path / "cache"
    cache.mkdir()
    now = time.time()
    hour, day = 3600, 86400

    def make(name, age):
        p = cache / name
        p.write_bytes(b"x")
        os.utime(p, (now - age, now - age))
        return p

    old = make("index-0000000000000001.sqlite", 30 * day)  # unused for a month
    recent = [make(f"index-000000000000001{i}.sqlite", i * hour) for i in (1, 2, 3)]
    old_lock = make("index-0000000000000001.lock", 30 * day)
    dead_temp = make(".index-abc123.sqlite", 2 * hour)  # a build that died
    live_temp = make(".index-def456.sqlite", 10)  # a build going on now
    others = [make("geocoder.sqlite", 30 * day), make("py3langid-0.4.0-1.npz", 30 * day), make("notes.txt", 30 * day)]
    curated, airports = _install(tmp_path / "venv")
    current = gz._open(curated, None, cache, airports)
    assert len(builds) == 1 and current.is_file()
    left = set(cache.iterdir())
    assert old not in left and old_lock not in left and dead_temp not in left
    assert recent[0] in left and recent[1] in left and recent[2] not in left  # the KEEP_OTHERS most recently used
    assert live_temp in left and all(p in left for p in others)
    assert gz.KEEP_OTHERS == 2


def test_a_lock_held_too_long_is_given_up(tmp_path, builds, monkeypatch):
    fcntl = pytest.importorskip("fcntl")
    cache = tmp_path / "cache"
    cache.mkdir()
    curated, airports = _install(tmp_path / "venv")
    key = gz.index_key(curated, None, airports, cache)
    fd = os.open(cache / f"index-{key}.lock", os.O_RDWR | os.O_CREAT)
    fcntl.flock(fd, fcntl.LOCK_EX)  # a build that hangs
    monkeypatch.setattr(gz, "LOCK_TIMEOUT", 0.3)
    try:
        path = gz._open(curated, None, cache, airports)
    finally:
        os.close(fd)
    assert path.is_file() and len(builds) == 1


BUILD_ONCE = r"""
import os, sys, time
from pathlib import Path
from itinerary import gazetteer as gz

real = gz.build_index

def slow_build(*a, **kw):
    with open(os.environ["BUILD_LOG"], "a") as f:
        f.write(f"{os.getpid()}\n")
    time.sleep(1.5)  # long enough for the other process to arrive while this one builds
    return real(*a, **kw)

gz.build_index = slow_build
print(gz._open(Path(sys.argv[1]), None, Path(sys.argv[2]), Path(sys.argv[3])))
"""


def test_two_processes_starting_together_build_once(tmp_path):
    cache = tmp_path / "cache"
    curated_a, airports_a = _install(tmp_path / "venv-a")
    curated_b, airports_b = _install(tmp_path / "venv-b")
    log = tmp_path / "builds.log"
    env = dict(os.environ, BUILD_LOG=str(log))
    procs = [subprocess.Popen([sys.executable, "-c", BUILD_ONCE, str(c), str(cache), str(a)], env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for c, a in ((curated_a, airports_a), (curated_b, airports_b))]
    outs = [p.communicate(timeout=300) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], [e for _, e in outs]
    paths = {o.strip() for o, _ in outs}
    assert len(paths) == 1 and Path(paths.pop()).is_file()
    assert len(log.read_text().splitlines()) == 1  # one build; the other process waited and used it
    assert not [n for n in os.listdir(cache) if n.startswith(".") or n.endswith((".tmp", ".lock"))]
