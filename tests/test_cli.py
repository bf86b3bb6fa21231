"""The command line as a user meets it: batch semantics, one-line errors, exit codes, atomic outputs."""
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from itinerary.cli import main

from conftest import SEEDS
from test_documents import HTML, JPEG, WIN1252

SEED_FILES = sorted(SEEDS.glob("*.txt"))


def run(*args):
    result = CliRunner().invoke(main, [str(a) for a in args])
    assert "Traceback" not in result.output and "Traceback" not in result.stderr
    return result


def err_lines(result) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.strip()]


@pytest.fixture()
def mixed(tmp_path):
    """A folder as users keep them: two articles, a photo, an empty file, a Word export, a web page."""
    d = tmp_path / "saved"
    d.mkdir()
    shutil.copy(SEED_FILES[0], d / "a-kompas.txt")
    shutil.copy(SEED_FILES[3], d / "b-report.txt")
    (d / "c-photo.jpg").write_bytes(JPEG + os.urandom(256))
    (d / "d-empty.txt").write_bytes(b"")
    (d / "e-word-export.txt").write_bytes(WIN1252.encode("cp1252"))
    (d / "f-page.html").write_text(HTML, encoding="utf-8")
    return d


def test_mixed_folder_processes_the_good_names_the_bad_and_exits_2(mixed):
    r = run("places", mixed, "--format", "jsonl")
    assert r.exit_code == 2
    ids = [json.loads(line)["id"] for line in r.stdout.splitlines()]
    assert ids == ["a-kompas", "b-report", "e-word-export", "f-page"]
    assert err_lines(r) == [
        f"{mixed / 'c-photo.jpg'}: skipped: binary file (JPEG image), not an article",
        f"{mixed / 'd-empty.txt'}: skipped: empty file",
        f"{mixed / 'e-word-export.txt'}: note: decoded as cp1252",
    ]
    page = next(json.loads(line) for line in r.stdout.splitlines() if '"f-page"' in line)
    assert {"Khasan", "Moscow"} <= {t["name"] for t in page["toponyms"]}


@pytest.mark.parametrize("command", [["route"], ["check"], ["places", "--format", "json"]])
def test_every_command_reports_skipped_files_with_exit_2(mixed, command):
    r = run(*command, mixed)
    assert r.exit_code == 2
    assert f"{mixed / 'c-photo.jpg'}: skipped:" in r.stderr


def test_map_reports_skipped_files_too(mixed, tmp_path):
    out = tmp_path / "trip.geojson"
    r = run("map", mixed, "-o", out)
    assert r.exit_code == 2 and out.is_file()
    assert f"{mixed / 'd-empty.txt'}: skipped: empty file" in r.stderr


def test_nothing_readable_fails_with_one_line(tmp_path):
    photo = tmp_path / "photo.jpg"
    photo.write_bytes(JPEG)
    r = run("route", photo)
    assert r.exit_code == 1
    assert err_lines(r) == [f"itinerary: error: {photo}: binary file (JPEG image), not an article"]
    (tmp_path / "empty.txt").write_bytes(b"")
    r = run("places", tmp_path)
    assert r.exit_code == 1
    assert err_lines(r)[-1] == f"itinerary: error: {tmp_path}: no readable article among 2 files"


def _readonly(tmp_path) -> Path:
    p = tmp_path / "locked.json"
    p.write_text("OLD")
    p.chmod(0o444)
    return p


@pytest.mark.parametrize("args,message", [
    (["places", "{tmp}/nope"], "itinerary: error: {tmp}/nope: no such file or directory"),
    (["places", "{tmp}/empty"], "itinerary: error: {tmp}/empty: no readable article (empty folder)"),
    (["places", "{seeds}", "--format", "xml"], "itinerary: error: Invalid value for '--format': 'xml' is not one of"),
    (["map", "{seeds}", "-o", "{tmp}/trip.docx"], "itinerary: error: {tmp}/trip.docx: unknown output extension"),
    (["route", "{seeds}", "--near", "95,10"], "itinerary: error: --near '95,10': latitude must be within"),
    (["route", "{seeds}", "--near", "Moscow"], "itinerary: error: --near 'Moscow': expected LAT,LON"),
    (["route", "{seeds}", "--country", "Russia"], "itinerary: error: --country 'Russia': expected a two-letter"),
    (["places", "{seeds}", "--gazetteer", "{tmp}/gaz.csv"], "itinerary: error: {tmp}/gaz.csv:3: could not convert"),
    (["places", "{seeds}", "--gazetteer", "{tmp}/missing.csv"], "itinerary: error: {tmp}/missing.csv:"),
    (["places", "{seeds}", "-o", "{tmp}/no/such/folder/out.json"], "itinerary: error: cannot write {tmp}/no/such/folder"),
    (["places", "{seeds}", "-o", "{tmp}/locked.json"], "itinerary: error: cannot write {tmp}/locked.json: the file is read-only"),
    (["map", "{seeds}", "-o", "{tmp}"], "itinerary: error:"),
    (["places"], "itinerary: error: Missing argument 'PATHS...'"),
    (["fly", "{seeds}"], "itinerary: error: No such command 'fly'"),
])
def test_user_errors_are_one_line_and_exit_1(tmp_path, args, message):
    (tmp_path / "empty").mkdir()
    (tmp_path / "gaz.csv").write_text("name,lat,lon\nTumangang,42.4,130.6\nSomewhere,north,130\n")
    _readonly(tmp_path)
    fill = {"tmp": str(tmp_path), "seeds": str(SEEDS)}
    r = run(*[a.format(**fill) for a in args])
    assert r.exit_code == 1, r.output
    (line,) = err_lines(r)
    assert line.startswith(message.format(**fill))
    assert (tmp_path / "locked.json").read_text() == "OLD"


def test_output_is_checked_before_the_work(tmp_path, monkeypatch):
    import itinerary.api

    def never(*a, **k):
        raise AssertionError("extraction started before the output was checked")

    monkeypatch.setattr(itinerary.api, "extract", never)
    r = run("route", SEEDS, "-o", tmp_path / "missing" / "trip.json")
    assert r.exit_code == 1 and "does not exist" in r.stderr


def test_internal_errors_are_one_line_and_debug_shows_them(monkeypatch):
    import itinerary.journey

    def broken(events):
        raise KeyError("stop 7")

    monkeypatch.setattr(itinerary.journey, "build_route", broken)
    r = run("route", SEEDS)
    assert r.exit_code == 3
    assert err_lines(r) == ["itinerary: internal error: KeyError: 'stop 7' (use --debug for the traceback)"]
    r = CliRunner().invoke(main, ["--debug", "route", str(SEEDS)])
    assert isinstance(r.exception, KeyError)


def test_a_bug_on_one_article_skips_it_and_keeps_the_rest(monkeypatch, tmp_path):
    import itinerary.mentions

    real = itinerary.mentions.find_mentions

    def fragile(doc, *a, **k):
        if doc.id == "bad":
            raise IndexError("string index out of range")
        return real(doc, *a, **k)

    monkeypatch.setattr(itinerary.mentions, "find_mentions", fragile)
    shutil.copy(SEED_FILES[0], tmp_path / "good.txt")
    shutil.copy(SEED_FILES[1], tmp_path / "bad.txt")
    r = run("places", tmp_path, "--format", "jsonl")
    assert r.exit_code == 2
    assert [json.loads(line)["id"] for line in r.stdout.splitlines()] == ["good"]
    assert "bad.txt: skipped: internal error while finding places (IndexError: string index out of range)" in r.stderr


# ---------------------------------------------------------------- atomic outputs


def test_a_failed_map_run_leaves_the_existing_map_untouched(tmp_path, monkeypatch):
    out = tmp_path / "trip.html"
    out.write_text("<p>yesterday's map</p>")
    import itinerary.render.map

    def crash(*a, **k):
        raise MemoryError("out of memory while rendering")

    monkeypatch.setattr(itinerary.render.map, "render_map", crash)
    r = run("map", SEEDS, "-o", out)
    assert r.exit_code == 3
    assert out.read_text() == "<p>yesterday's map</p>"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["trip.html"]  # no temp file left behind
    monkeypatch.undo()
    empty = tmp_path / "nothing.txt"
    empty.write_text("")
    r = run("map", empty, "-o", out)
    assert r.exit_code == 1 and out.read_text() == "<p>yesterday's map</p>"


def test_outputs_are_replaced_whole(tmp_path):
    out = tmp_path / "places.jsonl"
    out.write_text("old\n" * 10000)
    r = run("places", SEEDS, "--format", "jsonl", "-o", out)
    assert r.exit_code == 0
    lines = out.read_text().splitlines()
    assert len(lines) == len(SEED_FILES) and all(line.startswith('{"id"') for line in lines)


# ---------------------------------------------------------------- corpus runs


def test_jobs_give_the_same_output_in_the_same_order(mixed):
    one = run("places", mixed, SEEDS, "--format", "jsonl")
    two = run("places", mixed, SEEDS, "--format", "jsonl", "--jobs", "2")
    assert one.exit_code == two.exit_code == 2
    assert one.stdout == two.stdout and one.stderr == two.stderr
    r1, r2 = run("route", SEEDS, "--format", "json"), run("route", SEEDS, "--format", "json", "-j", "2")
    assert r1.stdout == r2.stdout and r1.exit_code == r2.exit_code == 0


def test_streamed_jsonl_and_csv_match_the_whole_run(mixed):
    from itinerary import api
    from itinerary.render import serialize as ser
    from itinerary.render.exports import places_csv

    found = api.places([mixed], on_note=lambda *a: None)
    assert run("places", mixed, "--format", "jsonl").stdout == ser.places_jsonl(found.documents, found.mentions)
    assert run("places", mixed, "--format", "csv").stdout == places_csv(found.mentions)


def test_progress_bar_only_when_asked_or_on_a_terminal(tmp_path):
    for i in range(25):
        shutil.copy(SEED_FILES[i % len(SEED_FILES)], tmp_path / f"r{i:02d}.txt")
    quiet = run("places", tmp_path, "--format", "jsonl")  # stderr is not a terminal here
    assert quiet.exit_code == 0 and quiet.stderr == ""
    shown = run("places", tmp_path, "--format", "jsonl", "--progress")
    assert shown.exit_code == 0 and "/25" in shown.stderr and "file/s" in shown.stderr
    assert shown.stdout == quiet.stdout


def test_max_size_option(tmp_path):
    big = tmp_path / "big.txt"
    big.write_text(SEED_FILES[0].read_text(encoding="utf-8"), encoding="utf-8")
    small = tmp_path / "small.txt"
    small.write_text("The train reached Khasan on Tuesday.\n")
    r = run("places", tmp_path, "--max-size", "0.001")
    assert r.exit_code == 2
    assert f"{big}: skipped: file too large (" in r.stderr and "the limit is 1,000 bytes" in r.stderr


def test_real_process_prints_no_traceback(tmp_path):
    env = dict(os.environ)
    r = subprocess.run([sys.executable, "-m", "itinerary.cli", "places", str(tmp_path / "nope")],
                       capture_output=True, text=True, env=env, timeout=120)
    assert r.returncode == 1
    assert r.stderr == f"itinerary: error: {tmp_path / 'nope'}: no such file or directory\n"


def test_streamed_output_replaces_the_file_only_when_complete(tmp_path, monkeypatch):
    import itinerary.mentions

    out = tmp_path / "places.jsonl"
    out.write_text("previous run\n")
    out.chmod(0o640)
    src = tmp_path / "in"
    src.mkdir()
    for i in range(3):
        shutil.copy(SEED_FILES[i], src / f"a{i}.txt")
    real, calls = itinerary.mentions.find_mentions, []

    def dies_on_the_third(doc, *a, **k):
        calls.append(doc.id)
        if len(calls) == 3:
            raise KeyboardInterrupt
        return real(doc, *a, **k)

    monkeypatch.setattr(itinerary.mentions, "find_mentions", dies_on_the_third)
    r = run("places", src, "--format", "jsonl", "-o", out)
    assert r.exit_code == 130 and "itinerary: interrupted" in r.stderr
    assert out.read_text() == "previous run\n"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []
    monkeypatch.undo()
    r = run("places", src, "--format", "jsonl", "-o", out)
    assert r.exit_code == 0 and len(out.read_text().splitlines()) == 3
    assert out.stat().st_mode & 0o777 == 0o640  # the file's mode is kept


def test_unknown_country_code_is_one_line_error():
    from click.testing import CliRunner

    from itinerary.cli import main

    seeds = Path(__file__).resolve().parents[1] / "seeds"
    r = CliRunner().invoke(main, ["places", str(seeds), "--country", "XX"])
    assert r.exit_code == 1 and "no such country code" in r.output and "Traceback" not in r.output


@pytest.mark.parametrize("cmd,name,first", [
    ("route", "trip.json", "{"), ("route", "trip.csv", "seq,"), ("route", "trip.geojson", "{"),
    ("places", "places.json", "{"), ("places", "places.csv", "document,"), ("check", "claims.json", "{"),
])
def test_the_output_extension_picks_the_format(tmp_path, cmd, name, first):
    r = run(cmd, SEEDS, "-o", tmp_path / name)
    assert r.exit_code == 0
    assert (tmp_path / name).read_text(encoding="utf-8").startswith(first)


@pytest.mark.parametrize("args,words", [
    (["route", "-o", "out.parquet"], "--per-document"),
    (["route", "-o", "map.html"], "itinerary map"),
    (["check", "-o", "claims.csv"], "not csv"),
    (["route", "--per-document", "-o", "trips.csv"], "JSON Lines"),
])
def test_an_output_extension_the_command_cannot_write_is_refused(tmp_path, args, words):
    args = [a if not a.startswith(("out.", "map.", "claims.", "trips.")) else str(tmp_path / a) for a in args]
    r = run(args[0], SEEDS, *args[1:])
    assert r.exit_code == 1 and words in r.stderr
    assert not any(tmp_path.iterdir())


def test_map_to_stdout_writes_the_page(tmp_path):
    r = run("map", SEEDS, "-o", "-")
    assert r.exit_code == 0 and r.stdout.startswith("<!DOCTYPE html>")


def test_a_folder_of_unrelated_trips_gets_a_note(tmp_path):
    # three reports, two of which never name the run's traveller: one note says they may be other trips
    from click.testing import CliRunner

    from itinerary.cli import main

    texts = ["President Silva arrived in Lima on Monday and flew to Quito on Tuesday.",
             "President Silva will travel to Bogotá on Friday.",
             "Prime Minister Okafor arrived in Accra on Monday.",
             "King Harald arrived in Bergen on Monday."]
    for i, t in enumerate(texts):
        (tmp_path / f"a{i}.md").write_text(f"---\npublished: 2026-03-03\n---\n{t}\n", encoding="utf-8")
    r = CliRunner().invoke(main, ["route", str(tmp_path)])
    assert r.exit_code == 0
    assert "2 of 4 reports never name Silva" in r.stderr and "--per-document" in r.stderr
    r = CliRunner().invoke(main, ["route", str(tmp_path / "a0.md"), str(tmp_path / "a1.md")])
    assert "never name" not in r.stderr
