"""The first issue's acceptance, on the five seed articles (real data end to end)."""
import json
from datetime import date

from click.testing import CliRunner

from itinerary.cli import main

from pathlib import Path

SEEDS = Path(__file__).resolve().parents[1] / "seeds"


def _run(*args):
    r = CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)
    return r


def test_route_json_order_dates_roles():
    r = _run("route", SEEDS, "--format", "json")
    assert r.exit_code == 0, r.output
    out = json.loads(r.output)
    assert out["schema"] == "itinerary/route-1"
    stops = out["stops"]
    names = [s["name"] for s in stops]
    assert names == ["Pyongyang", "Khasan station", "Vostochny Cosmodrome", "Vladivostok", "Artyom", "Pyongyang"]
    first, khasan, vostochny, vladivostok, artyom, last = stops
    assert (first["role"], first["date"], first["status"]) == ("origin", "2023-09-10", "visited")
    assert khasan["date"] == "2023-09-12"
    # The talks were on Wednesday 13/9; 14/9 (KCNA's report) only if the stop says so.
    assert vostochny["date"] == "2023-09-13" or (
        vostochny["date"] == "2023-09-14" and vostochny["date_basis"] == "report"
        and any("report" in n for n in vostochny["notes"]))
    assert vladivostok["status"] == "expected"
    assert (artyom["date"], artyom["status"]) == ("2023-09-17", "visited")
    assert (last["role"], last["status"], last["date"]) == ("return", "expected", "2023-09-18")
    assert [s["seq"] for s in stops] == list(range(1, 7))
    for s in stops:
        assert s["evidence"], s
        for e in s["evidence"]:
            text = (SEEDS / f"{e['document']}.txt").read_text(encoding="utf-8")
            assert text[e["start"]:e["end"]] == e["text"]
    # legs are geodesic, between consecutive stops
    assert [(leg["from"], leg["to"]) for leg in out["legs"]] == [(i, i + 1) for i in range(1, 6)]
    assert 550 < out["legs"][0]["geodesic_km"] < 570  # Pyongyang -> Khasan


def test_route_keeps_background_places_out():
    out = json.loads(_run("route", SEEDS, "--format", "json").output)
    names = {s["name"] for s in out["stops"]}
    for background in ("Seoul", "Jakarta", "Moscow", "Washington, D.C.", "New York City", "Kyiv",
                       "Primorsky Krai", "Russia", "North Korea"):
        assert background not in names


def test_route_reports_the_superseded_meeting_place():
    out = json.loads(_run("route", SEEDS, "--format", "json").output)
    assert any("Vladivostok" in n and "Vostochny" in n for n in out["superseded"])


def test_primorye_is_a_region_mention():
    out = json.loads(_run("places", SEEDS, "--format", "json").output)
    prim = [m for m in out["mentions"] if m["canonical"] == "Primorsky Krai"]
    assert prim and all(m["feature"] == "region" for m in prim)


def test_check_finds_both_claims_with_figures():
    r = _run("check", SEEDS, "--format", "json")
    assert r.exit_code == 0, r.output
    claims = json.loads(r.output)["claims"]
    by_km = {round(c["reported_km"]): c for c in claims}
    c254 = by_km[254]
    assert (c254["from"], c254["to"]) == ("Artyom", "Khasan station")
    assert abs(c254["geodesic_km"] - 163) < 3 and abs(c254["ratio"] - 1.56) < 0.03
    assert c254["verdict"] == "plausible-route"
    assert "157.8 mi" in c254["explanation"] and "159" in c254["explanation"]
    c200 = by_km[200]
    assert c200["from"] == "Artyom" and "border" in c200["to"].lower()
    assert abs(c200["geodesic_km"] - 164) < 5
    assert "border" in c200["explanation"]  # says how it was measured


def test_map_contains_every_stop_and_escaped_evidence(tmp_path):
    import html

    out = tmp_path / "trip.html"
    r = _run("map", SEEDS, "-o", out)
    assert r.exit_code == 0, r.output
    page = out.read_text(encoding="utf-8")
    route = json.loads(_run("route", SEEDS, "--format", "json").output)
    for s in route["stops"]:
        assert html.escape(s["name"]) in page
        for e in s["evidence"]:
            # quotes are escaped; they may be shortened in popups, so check a long prefix
            assert html.escape(e["text"][:60]) in page or json.dumps(html.escape(e["text"][:60]))[1:-1] in page


def test_errors_are_one_line_without_traceback(tmp_path):
    r = CliRunner().invoke(main, ["route", str(tmp_path / "missing")])
    assert r.exit_code != 0 and "Traceback" not in r.output
    assert r.output.strip().count("\n") == 0 and "no such file" in r.output
    empty = tmp_path / "empty"
    empty.mkdir()
    r = CliRunner().invoke(main, ["route", str(empty)])
    assert r.exit_code != 0 and "no readable article" in r.output and "Traceback" not in r.output
    r = CliRunner().invoke(main, ["route", str(SEEDS), "--format", "xml"])
    assert r.exit_code != 0 and "xml" in r.output


def test_version_and_help():
    assert "itinerary" in _run("--version").output
    for cmd in ("places", "route", "check", "map"):
        r = _run(cmd, "--help")
        assert r.exit_code == 0 and "Usage" in r.output


def test_api_mirrors_cli():
    import itinerary

    trip = itinerary.route([SEEDS])
    assert [s.place.name for s in trip.stops][0] == "Pyongyang"
    assert trip.stops[0].date == date(2023, 9, 10)
    found = itinerary.places([SEEDS])
    assert any(m.place.name == "Artyom" for m in found.mentions)
    checked = itinerary.check([SEEDS])
    assert len(checked.claims) >= 2
