"""The Dask engine (issue 14): `--engine dask` gives byte-identical outputs to the local engine, in
the same order, skips and notes included, on the seeds and on the itinerary dev set; a
`distributed.Client` passed to the API is used (and left open); without Dask, one clear line.

One real LocalCluster of two worker processes serves the whole module (through --scheduler and
client=); one test starts the engine's own cluster, as `--engine dask` alone does."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

import itinerary
from itinerary import api
from itinerary.cli import main
from itinerary.render.serialize import dumps, places_dict, route_json_text

from conftest import ROOT, SEEDS

distributed = pytest.importorskip("distributed")
pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")

DEV = ROOT.parent / "shared" / "eval" / "itinerary-dev" / "articles"
SEED_FILES = sorted(SEEDS.glob("*.txt"))


@pytest.fixture(scope="module")
def cluster():
    import logging

    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0",
                                  silence_logs=logging.ERROR) as c:
        yield c


@pytest.fixture(scope="module")
def client(cluster):
    with distributed.Client(cluster, set_as_default=False) as c:
        yield c


def run(*args):
    result = CliRunner().invoke(main, [str(a) for a in args])
    assert "Traceback" not in result.output and "Traceback" not in result.stderr
    return result


def same(cluster, *args, jobs: int = 1):
    """The run with the local engine and on the cluster: everything they print must agree."""
    local = run(*args, "-j", jobs)
    dask = run(*args, "--engine", "dask", "--scheduler", cluster.scheduler_address)
    assert dask.exit_code == local.exit_code, (local.stderr, dask.stderr)
    assert dask.stdout == local.stdout
    assert dask.stderr == local.stderr
    return local


@pytest.mark.parametrize("command", [["places", "--format", "json"], ["places", "--format", "jsonl"],
                                     ["route", "--format", "json"], ["check", "--format", "json"]])
def test_outputs_are_byte_identical_on_the_seeds(cluster, command):
    r = same(cluster, command[0], SEEDS, *command[1:])
    assert r.exit_code == 0 and r.stdout


@pytest.mark.skipif(not DEV.is_dir(), reason="../shared/eval/itinerary-dev is not beside the repository")
@pytest.mark.parametrize("command", [["places", "--format", "json"], ["route", "--format", "json"],
                                     ["check", "--format", "json"]])
def test_outputs_are_byte_identical_on_the_dev_set(cluster, command):
    r = same(cluster, command[0], DEV, *command[1:], jobs=2)  # -j 2: as -j 1 (tests/test_parallel.py), faster
    assert r.exit_code in (0, 2) and r.stdout


def test_skips_notes_and_a_corpus_with_bad_rows_are_the_same(cluster, tmp_path):
    from test_documents import JPEG, WIN1252

    folder = tmp_path / "mixed"
    folder.mkdir()
    for p in SEED_FILES[:3]:
        (folder / p.name).write_text(p.read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "photo.jpg").write_bytes(JPEG + bytes(range(256)))
    (folder / "word.txt").write_bytes(WIN1252.encode("cp1252"))
    rows = [{"id": p.stem, "text": p.read_text(encoding="utf-8")} for p in SEED_FILES]
    rows.insert(2, {"id": "bad", "text": None})
    archive = tmp_path / "archive.parquet"
    pq.write_table(pa.Table.from_pylist(rows), archive)
    r = same(cluster, "route", folder, archive, "--format", "json")
    assert r.exit_code == 2 and f"{archive}:row 3: skipped: missing text" in r.stderr
    r = same(cluster, "route", archive, "--per-document")
    assert r.exit_code == 2 and len(r.stdout.splitlines()) == 5
    same(cluster, "places", folder, "--format", "jsonl")


def test_a_client_passed_to_the_api_is_used_and_left_open(client, monkeypatch):
    submitted = []
    real = client.submit

    def submit(*a, **k):
        submitted.append(a[0].__name__)
        return real(*a, **k)

    monkeypatch.setattr(client, "submit", submit)
    local = itinerary.route([SEEDS])
    trip = itinerary.route([SEEDS], engine="dask", client=client)
    assert route_json_text(trip) == route_json_text(local)
    assert submitted and set(submitted) == {"run_chunk"}
    found = api.places([SEEDS], client=client)  # a client alone means the Dask engine
    assert dumps(places_dict(found.documents, found.mentions)) == \
        dumps(places_dict(*(lambda p: (p.documents, p.mentions))(api.places([SEEDS]))))
    assert client.status == "running"
    per_doc = [route_json_text(t) for t in api.routes([SEEDS], client=client)]
    assert per_doc == [route_json_text(t) for t in api.routes([SEEDS])]


def test_each_worker_loads_the_gazetteer_once(client):
    for _ in range(3):
        api.places([SEEDS], client=client)

    def loads():
        from itinerary import engine

        return sorted(engine.LOADS.values())

    counts = client.run(loads)
    assert len(counts) == 2 and all(c and max(c) == 1 for c in counts.values()), counts


def test_engine_dask_alone_starts_and_stops_its_own_cluster(monkeypatch):
    started = []
    real = distributed.LocalCluster

    class Cluster(real):
        def __init__(self, *a, **k):
            started.append(k)
            super().__init__(*a, **k)

    monkeypatch.setattr(distributed, "LocalCluster", Cluster)
    r = run("route", SEEDS, "--format", "json", "--engine", "dask", "-j", "1")
    assert r.exit_code == 0 and r.stderr == ""  # the cluster's logs are silenced
    assert r.stdout == route_json_text(api.route([SEEDS]))
    assert started == [dict(n_workers=1, threads_per_worker=1, processes=True, dashboard_address=":0",
                            silence_logs=40)]


def test_without_dask_the_engine_is_one_clear_line(monkeypatch):
    monkeypatch.setitem(sys.modules, "distributed", None)
    r = run("route", SEEDS, "--engine", "dask")
    assert r.exit_code == 1
    assert r.stderr.startswith("itinerary: error: --engine dask needs Dask: pip install 'itinerary[dask]' (")
    assert len(r.stderr.splitlines()) == 1
    with pytest.raises(itinerary.errors.FormatError, match="needs Dask"):
        api.route([SEEDS], engine="dask")


def test_engine_options_are_checked():
    r = run("places", SEEDS, "--scheduler", "tcp://127.0.0.1:1")
    assert r.exit_code == 1 and "--scheduler needs --engine dask" in r.stderr
    r = run("places", SEEDS, "--engine", "spark")
    assert r.exit_code == 1 and "spark" in r.stderr
    with pytest.raises(itinerary.errors.FormatError, match="expected local or dask"):
        api.places([SEEDS], engine="spark")
    with pytest.raises(itinerary.errors.FormatError, match="needs --engine dask"):
        api.places([SEEDS], engine="local", client=object())


def test_an_unreachable_scheduler_is_one_clear_line(monkeypatch):
    from itinerary import engine

    monkeypatch.setattr(engine, "CONNECT_TIMEOUT", "1s")
    r = run("places", SEEDS, "--engine", "dask", "--scheduler", "tcp://127.0.0.1:9")
    assert r.exit_code == 1 and len(r.stderr.splitlines()) == 1
    assert r.stderr.startswith("itinerary: error: --scheduler tcp://127.0.0.1:9: cannot connect")


def test_json_outputs_parse(cluster):
    r = run("route", SEEDS, "--format", "json", "--engine", "dask", "--scheduler", cluster.scheduler_address)
    assert json.loads(r.stdout)["schema"] == "itinerary/route-1"
    assert Path(SEEDS).is_dir()
