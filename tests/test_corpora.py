"""Corpora as tables (issue 14): a JSON Lines or Parquet file of articles is an input, read in
batches as the work goes on; bad rows are named by row number and skipped (exit 2), the rest read;
`route --per-document` gives one journey per article as JSON Lines or Parquet.

The corpora are written here from the seed articles' text, read at test time."""
from __future__ import annotations

import json
import sys

import pytest
from click.testing import CliRunner

from itinerary import api, corpora
from itinerary.cli import main
from itinerary.render.serialize import route_dict, route_json_text

from conftest import SEEDS

pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")

SEED_FILES = sorted(SEEDS.glob("*.txt"))


def run(*args):
    result = CliRunner().invoke(main, [str(a) for a in args])
    assert "Traceback" not in result.output and "Traceback" not in result.stderr
    return result


def seed_rows() -> list[dict]:
    return [{"id": p.stem, "text": p.read_text(encoding="utf-8"), "title": f"Seed {i}", "url": f"https://example.org/{i}"}
            for i, p in enumerate(SEED_FILES)]


def write_jsonl(path, rows, extra_lines=()):
    with open(path, "w", encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
        for line in extra_lines:
            f.write(line + "\n")
    return path


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    d = tmp_path_factory.mktemp("corpora")
    rows = seed_rows()
    write_jsonl(d / "seeds.jsonl", rows)
    pq.write_table(pa.Table.from_pylist(rows), d / "seeds.parquet")
    return d


def without_paths(obj):
    """A route/places JSON value with the documents' paths left out (a row's path names its row)."""
    if isinstance(obj, dict):
        return {k: without_paths(v) for k, v in obj.items() if k != "path"}
    if isinstance(obj, list):
        return [without_paths(v) for v in obj]
    return obj


@pytest.mark.parametrize("name", ["seeds.jsonl", "seeds.parquet"])
def test_a_corpus_gives_what_its_articles_as_files_give(corpus, name):
    files = run("route", SEEDS, "--format", "json")
    rows = run("route", corpus / name, "--format", "json")
    assert rows.exit_code == files.exit_code == 0, rows.stderr
    got, want = json.loads(rows.stdout), json.loads(files.stdout)
    assert [d["id"] for d in got["documents"]] == [p.stem for p in SEED_FILES]
    assert [d["path"] for d in got["documents"]] == [f"{corpus / name}:row {i}" for i in range(1, 6)]
    assert [d["title"] for d in got["documents"]] == [f"Seed {i}" for i in range(5)]
    for d in want["documents"]:
        d.update(title=None, url=None)
    for d in got["documents"]:
        d.update(title=None, url=None)
    assert without_paths(got) == without_paths(want)

    places_rows = run("places", corpus / name, "--format", "jsonl")
    places_files = run("places", SEEDS, "--format", "jsonl")
    assert places_rows.exit_code == 0
    assert [without_paths(json.loads(x)) for x in places_rows.stdout.splitlines()] == \
        [without_paths(json.loads(x)) for x in places_files.stdout.splitlines()]


def test_bad_json_lines_are_named_by_row_and_skipped(tmp_path):
    rows = seed_rows()[:2]
    path = write_jsonl(tmp_path / "wire.jsonl", rows, [
        "", "{not json", json.dumps({"id": "n", "text": None}), json.dumps({"id": "t", "text": 17}),
        json.dumps({"id": "w", "text": "Kim arrived in Moscow.", "published": 20230912}),
        json.dumps(["a", "list"]), json.dumps({"id": ["x"], "text": "Kim arrived in Moscow."}),
        json.dumps({"id": "ok", "text": "Kim arrived in Vladivostok on Tuesday.", "published": "2023-09-12"}),
    ])
    r = run("places", path, "--format", "jsonl")
    assert r.exit_code == 2
    assert r.stderr.splitlines() == [
        f"{path}:row 4: skipped: bad JSON line (Expecting property name enclosed in double quotes at column 2)",
        f"{path}:row 5: skipped: missing text",
        f"{path}:row 6: skipped: text: expected text, not a number",
        f"{path}:row 7: skipped: published: expected a date (text such as 2023-09-12), not a number",
        f"{path}:row 8: skipped: bad JSON line (expected an object {{\"id\": ..., \"text\": ...}}, not a list)",
        f"{path}:row 9: skipped: id: expected text or a whole number, not a list",
    ]
    ids = [json.loads(x)["id"] for x in r.stdout.splitlines()]
    assert ids == [rows[0]["id"], rows[1]["id"], "ok"]


def test_a_parquet_corpus_with_a_malformed_row_names_it_and_exits_2(tmp_path):
    rows = seed_rows()
    rows[2] = {**rows[2], "text": None}
    path = tmp_path / "archive.parquet"
    pq.write_table(pa.Table.from_pylist(rows), path)
    r = run("route", path, "--format", "json")
    assert r.exit_code == 2
    assert r.stderr.splitlines() == [f"{path}:row 3: skipped: missing text"]
    assert [d["id"] for d in json.loads(r.stdout)["documents"]] == [rows[i]["id"] for i in (0, 1, 3, 4)]


def test_a_file_that_is_not_parquet_is_one_skipped_input(tmp_path):
    bad = tmp_path / "broken.parquet"
    bad.write_bytes(b"PAR1 not really")
    r = run("places", bad, SEED_FILES[0], "--format", "jsonl")
    assert r.exit_code == 2
    assert r.stderr.startswith(f"{bad}: skipped: not a readable Parquet file (")
    nocol = tmp_path / "notext.parquet"
    pq.write_table(pa.table({"id": ["a"], "body": ["Kim arrived in Moscow."]}), nocol)
    r = run("places", nocol)
    assert r.exit_code == 1 and r.stderr == f"itinerary: error: {nocol}: no 'text' column in the Parquet file\n"


def test_ids_are_unique_and_deterministic(tmp_path):
    text = "Kim Jong Un arrived in Vladivostok on Tuesday."
    rows = [{"id": "a", "text": text}, {"id": "a", "text": text}, {"text": text}, {"id": 7, "text": text},
            {"id": "a~2", "text": text}, {"id": "  ", "text": text}]
    path = write_jsonl(tmp_path / "dup.jsonl", rows)
    first = api.places([path, SEED_FILES[0]])
    assert [d.id for d in first.documents] == ["a", "a~2", "dup:3", "7", "a~2~2", "dup:6", SEED_FILES[0].stem]
    assert [d.id for d in api.places([path, SEED_FILES[0]]).documents] == [d.id for d in first.documents]
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")  # a file's id is taken first
    assert [d.id for d in api.places([path, tmp_path / "a.txt"]).documents][:2] == ["a~2", "a~3"]


def test_published_and_metadata_come_from_the_row(tmp_path):
    from datetime import date, datetime

    text = "Kim Jong Un arrived in Vladivostok on Tuesday."
    table = pa.table({"id": ["d", "t", "s"], "text": [text] * 3,
                      "published": pa.array([date(2023, 9, 12), None, None], pa.date32())})
    pq.write_table(table, tmp_path / "dates.parquet")
    docs = api.places([tmp_path / "dates.parquet"]).documents
    assert [d.published for d in docs] == [date(2023, 9, 12), None, None]
    ts = pa.table({"id": ["x"], "text": [text], "published": pa.array([datetime(2023, 9, 13, 8, 30)])})
    pq.write_table(ts, tmp_path / "ts.parquet")
    assert api.places([tmp_path / "ts.parquet"]).documents[0].published == date(2023, 9, 13)
    notes = []
    path = write_jsonl(tmp_path / "m.jsonl", [{"id": "m", "text": text, "published": "last week", "language": "en",
                                               "source": "Wire"}])
    doc = api.places([path], on_note=lambda p, m: notes.append((p, m))).documents[0]
    assert (doc.published, doc.language, doc.source, doc.body_start, doc.text) == (None, "en", "Wire", 0, text)
    assert notes == [(f"{path}:row 1", "published 'last week' is not a date; ignored")]


def test_parquet_rows_are_read_in_batches_as_they_are_used(tmp_path, monkeypatch):
    rows = seed_rows() * 8  # 40 rows
    path = tmp_path / "big.parquet"
    pq.write_table(pa.Table.from_pylist(rows), path, row_group_size=10)
    batches = []
    real = pq.ParquetFile.iter_batches

    def counting(self, *a, **k):
        assert k.get("batch_size") == 4
        for b in real(self, *a, **k):
            batches.append(b.num_rows)
            yield b

    monkeypatch.setattr(corpora, "BATCH_ROWS", 4)
    monkeypatch.setattr(pq.ParquetFile, "iter_batches", counting)
    got = api.extract([path])
    assert batches == []  # nothing read before the iteration
    doc, _ = next(got)
    assert doc.id == rows[0]["id"] and batches == [4]  # one batch of 4 rows read for the first document
    rest = list(got)
    assert len(rest) == 39 and sum(batches) == 40 and max(batches) == 4


def _count_rows(monkeypatch) -> list:
    """The JSON Lines row numbers read so far (corpora._jsonl_rows, counted as it yields)."""
    pulled = []
    real = corpora._jsonl_rows

    def counting(p):
        for item in real(p):
            pulled.append(item[0])
            yield item

    monkeypatch.setattr(corpora, "_jsonl_rows", counting)
    return pulled


def test_json_lines_are_read_line_by_line_as_they_are_used(tmp_path, monkeypatch):
    path = write_jsonl(tmp_path / "big.jsonl", seed_rows() * 8)
    pulled = _count_rows(monkeypatch)
    got = api.extract([path])
    next(got)
    assert pulled == [1]
    next(got)
    assert pulled == [1, 2]
    got.close()


def test_worker_processes_take_a_corpus_a_few_chunks_at_a_time(tmp_path, monkeypatch):
    path = write_jsonl(tmp_path / "big.jsonl", seed_rows() * 40)  # 200 rows: chunks of 12 for 2 workers
    pulled = _count_rows(monkeypatch)
    got = api.extract([path], jobs=2)
    next(got)
    assert len(pulled) <= 12 * (4 * 2 + 1)  # the window: 4 chunks per worker ahead, not the 200 rows
    got.close()
    one = [(d.id, ms) for d, ms in api.extract([path])]
    assert [(d.id, ms) for d, ms in api.extract([path], jobs=2)] == one


def test_a_jsonl_file_in_a_folder_is_not_read_as_a_corpus(tmp_path):
    write_jsonl(tmp_path / "wire.jsonl", seed_rows()[:1])
    (tmp_path / "a.txt").write_text(SEED_FILES[0].read_text(encoding="utf-8"), encoding="utf-8")
    r = run("places", tmp_path, "--format", "jsonl")
    assert r.exit_code == 2 and "wire.jsonl: skipped: not an article file (.jsonl" in r.stderr


def test_route_per_document_streams_one_journey_per_article(corpus, tmp_path):
    r = run("route", corpus / "seeds.jsonl", "--per-document")
    assert r.exit_code == 0, r.stderr
    lines = r.stdout.splitlines()
    assert len(lines) == 5
    for line, f in zip(lines, SEED_FILES):
        got = json.loads(line)
        assert got["schema"] == "itinerary/route-1" and [d["id"] for d in got["documents"]] == [f.stem]
        want = json.loads(route_json_text(api.route([f])))
        for d in (*got["documents"], *want["documents"]):
            d.update(title=None, url=None)
        assert without_paths(got) == without_paths(want)
    # the API: the same journeys, streamed
    trips = list(api.routes([corpus / "seeds.jsonl"]))
    assert [json.dumps(route_dict(t), ensure_ascii=False) for t in trips] == \
        [json.dumps(json.loads(x), ensure_ascii=False) for x in lines]
    # -o FILE.jsonl: the same text, written atomically
    out = tmp_path / "trips.jsonl"
    assert run("route", corpus / "seeds.jsonl", "--per-document", "-o", out).exit_code == 0
    assert out.read_text(encoding="utf-8") == r.stdout


def test_route_per_document_writes_parquet(corpus, tmp_path, monkeypatch):
    monkeypatch.setattr(corpora, "BATCH_ROWS", 2)  # row groups of 2: three of them
    out = tmp_path / "trips.parquet"
    r = run("route", corpus / "seeds.parquet", "--per-document", "-o", out, "-j", "2")
    assert r.exit_code == 0, r.stderr
    f = pq.ParquetFile(out)
    assert f.metadata.num_rows == 5 and f.metadata.num_row_groups == 3
    t = f.read()
    assert t.column("id").to_pylist() == [p.stem for p in SEED_FILES]
    assert t.schema.field("published").type == pa.date32()
    jsonl = run("route", corpus / "seeds.parquet", "--per-document").stdout.splitlines()
    for row, line in zip(t.to_pylist(), jsonl):
        want = json.loads(line)
        assert [s["place_id"] for s in row["stops"]] == [s["place_id"] for s in want["stops"]]
        assert [s["date"] and s["date"].isoformat() for s in row["stops"]] == [s["date"] for s in want["stops"]]
        assert [c["verdict"] for c in row["claims"]] == [c["verdict"] for c in want["claims"]]
        assert [leg["geodesic_km"] for leg in row["legs"]] == [leg["geodesic_km"] for leg in want["legs"]]


def test_per_document_options_are_checked(corpus, tmp_path):
    r = run("route", corpus / "seeds.jsonl", "--per-document", "--format", "csv")
    assert r.exit_code == 1 and "--per-document writes JSON Lines" in r.stderr
    r = run("route", SEEDS, "--format", "jsonl")
    assert r.exit_code == 1 and "--format jsonl needs --per-document" in r.stderr


def test_parquet_without_pyarrow_is_one_clear_line(corpus, monkeypatch, tmp_path):
    monkeypatch.setitem(sys.modules, "pyarrow.parquet", None)
    r = run("places", corpus / "seeds.parquet")
    assert r.exit_code == 1
    assert r.stderr == "itinerary: error: reading a .parquet corpus needs pyarrow: pip install 'itinerary[dask]' " \
                       "(or pip install pyarrow)\n"
    r = run("route", corpus / "seeds.jsonl", "--per-document", "-o", tmp_path / "x.parquet")
    assert r.exit_code == 1 and "writing Parquet needs pyarrow" in r.stderr
    assert not (tmp_path / "x.parquet").exists()
