"""The optional online geocoder (--geocoder nominatim), against a local stand-in for Nominatim.

Every test talks to an HTTP server on 127.0.0.1 that answers as Nominatim's /search does
(jsonv2); a guard refuses any other connection, so nothing here can reach the internet.
"""
import json
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import jsonschema
import pytest
from click.testing import CliRunner

import itinerary
from itinerary import geocoders
from itinerary.api import json_schema
from itinerary.cli import main
from itinerary.errors import FormatError, GeocoderError

UA = "itinerary-tests/1.0 (tests@example.org)"

# An invented village (no gazetteer has it) reached by a movement word, and an airport beside a facility word
# (some 60 km apart: an airport and a town close together on one day would be one stop).
ARTICLE = """---
title: Widodo tours Central Java
published: 2024-03-06
language: en
---
President Joko Widodo arrived in Semarang on 3 March 2024 for a two-day visit.
On 5 March he travelled to Wirolangu, a small village in Central Java, where he inspected a new dam.
He later flew back to Jakarta from Ahmad Yani Airport.
"""
SECOND = """---
title: Widodo returns to Wirolangu
published: 2024-04-02
language: en
---
President Joko Widodo returned to Wirolangu on 1 April 2024 to open the dam, then drove to Kalisoko.
"""

ANSWERS = {
    "Wirolangu": {"place_id": 101, "licence": "Data © OpenStreetMap contributors, ODbL 1.0.",
                  "osm_type": "node", "osm_id": 9000000001, "lat": "-7.4512", "lon": "110.7430",
                  "category": "place", "type": "village", "place_rank": 19, "importance": 0.1,
                  "addresstype": "village", "name": "Wirolangu",
                  "display_name": "Wirolangu, Semarang Regency, Central Java, Indonesia",
                  "address": {"village": "Wirolangu", "state": "Central Java", "country": "Indonesia",
                              "country_code": "id"},
                  "boundingbox": ["-7.4612", "-7.4412", "110.7330", "110.7530"]},
    "Ahmad Yani Airport": {"place_id": 102, "osm_type": "way", "osm_id": 123456, "lat": "-6.9727",
                           "lon": "110.3753", "category": "aeroway", "type": "aerodrome", "place_rank": 30,
                           "addresstype": "aeroway", "name": "Bandar Udara Internasional Jenderal Ahmad Yani",
                           "display_name": "Bandar Udara Internasional Jenderal Ahmad Yani, Semarang, "
                                           "Central Java, Indonesia",
                           "address": {"country": "Indonesia", "country_code": "id"}},
    "Kalisoko": {"place_id": 103, "osm_type": "relation", "osm_id": 777, "lat": "-7.3000", "lon": "110.5000",
                 "category": "boundary", "type": "administrative", "place_rank": 18, "addresstype": "village",
                 "name": "Kalisoko", "display_name": "Kalisoko, Central Java, Indonesia",
                 "address": {"country_code": "id"}},
}


class _Nominatim(BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 - http.server's name
        url = urlsplit(self.path)
        params = {k: v[-1] for k, v in parse_qs(url.query).items()}
        self.server.requests.append({"path": url.path, "params": params,
                                     "user_agent": self.headers.get("User-Agent")})
        if url.path != "/search" or "q" not in params:
            self.send_error(400)
            return
        hit = ANSWERS.get(params["q"])
        body = json.dumps([hit] if hit else []).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture(autouse=True)
def offline(monkeypatch):
    """No test here may connect anywhere but this machine; no proxy stands in between."""
    real = socket.socket.connect

    def connect(sock, address):
        host = address[0] if isinstance(address, tuple) else ""
        if host not in ("127.0.0.1", "::1", "localhost"):
            raise OSError(f"test_geocoder: refusing to connect to {address!r}")
        return real(sock, address)

    monkeypatch.setattr(socket.socket, "connect", connect)
    for v in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"):
        monkeypatch.delenv(v, raising=False)
    monkeypatch.delenv(geocoders.USER_AGENT_ENV, raising=False)


@pytest.fixture()
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Nominatim)
    httpd.requests = []
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    httpd.url = f"http://127.0.0.1:{httpd.server_address[1]}"
    yield httpd
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture()
def cache(tmp_path, monkeypatch):
    path = tmp_path / "cache" / "geocoder.sqlite"
    monkeypatch.setattr(geocoders, "default_cache_path", lambda: path)
    return path


@pytest.fixture()
def articles(tmp_path):
    d = tmp_path / "articles"
    d.mkdir()
    (d / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (d / "b.txt").write_text(SECOND, encoding="utf-8")
    return d


@pytest.fixture()
def down_url():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()  # nothing listens there now: connections are refused
    return f"http://127.0.0.1:{port}"


def run(*args):
    result = CliRunner().invoke(main, [str(a) for a in args])
    assert "Traceback" not in result.output and "Traceback" not in result.stderr
    return result


def geo(url, cache, **kw):
    return geocoders.Nominatim(user_agent=UA, url=url, cache=cache, min_delay=kw.pop("min_delay", 0), **kw)


def test_a_place_the_gazetteer_lacks_is_found_online_and_becomes_a_stop(articles, server, cache):
    path = articles / "a.txt"
    offline = itinerary.places(path)
    assert "Wirolangu" not in {m.name for m in offline.mentions}  # the gazetteer does not know it

    found = itinerary.places(path, geocoder=geo(server.url, cache))
    text = found.documents[0].text
    by_name = {m.name: m for m in found.mentions}
    w = by_name["Wirolangu"]
    assert text[w.start:w.end] == "Wirolangu" == text[text.index("Wirolangu"):][:9]
    assert w.start == text.index("Wirolangu")
    assert w.place.source == "nominatim" and w.place.id == "nominatim:N9000000001"
    assert (w.place.feature, w.place.country) == ("town", "ID")
    assert (w.place.lat, w.place.lon) == (-7.4512, 110.743)
    airport = by_name["Ahmad Yani Airport"]
    assert airport.place.id == "nominatim:W123456" and airport.place.feature == "airport"
    # the offline mentions are all still there, at the same offsets
    assert {(m.start, m.end, m.place.id) for m in offline.mentions} <= {(m.start, m.end, m.place.id)
                                                                         for m in found.mentions}
    # what was sent: the names (with the facility word), jsonv2, the language, the user's agent
    asked = {r["params"]["q"]: r for r in server.requests}
    assert set(asked) == {"Wirolangu", "Ahmad Yani Airport"}
    r = asked["Wirolangu"]
    assert r["path"] == "/search" and r["user_agent"] == UA
    assert r["params"]["format"] == "jsonv2" and r["params"]["accept-language"] == "en"
    assert r["params"]["limit"] == "1"

    trip = itinerary.route(path, geocoder=geo(server.url, cache))
    stop = next(s for s in trip.stops if s.place.name == "Wirolangu")
    assert stop.status == "visited" and str(stop.date) == "2024-03-05"
    assert stop.evidence[0].text.startswith("On 5 March he travelled to Wirolangu")


def test_cli_route_uses_the_geocoder_and_its_cache_on_the_second_run(articles, server, cache):
    args = ("route", articles, "--format", "json", "--geocoder", "nominatim", "--user-agent", UA,
            "--geocoder-url", server.url)
    first = run(*args)
    assert first.exit_code == 0, first.stderr
    assert first.stderr == ""
    stops = json.loads(first.stdout)["stops"]
    online = {s["name"]: s for s in stops if s["place_id"].startswith("nominatim:")}
    assert {"Wirolangu", "Kalisoko"} <= set(online)
    assert online["Kalisoko"]["feature"] == "town" and online["Kalisoko"]["place_id"] == "nominatim:R777"
    jsonschema.validate(json.loads(first.stdout), json_schema("route"))
    made = len(server.requests)
    assert made == 3 and cache.is_file()  # Wirolangu once for both articles, the airport, Kalisoko

    second = run(*args)
    assert second.exit_code == 0 and second.stdout == first.stdout
    assert len(server.requests) == made  # every answer came from the cache: no new request


def test_places_outputs_mark_the_source(articles, server, cache, monkeypatch):
    monkeypatch.setenv(geocoders.USER_AGENT_ENV, UA)  # the User-Agent from the environment
    r = run("places", articles / "a.txt", "--format", "json", "--geocoder", "nominatim",
            "--geocoder-url", server.url + "/search")  # the search URL itself is accepted too
    assert r.exit_code == 0, r.stderr
    data = json.loads(r.stdout)
    jsonschema.validate(data, json_schema("places"))
    wiro = [m for m in data["mentions"] if m["name"] == "Wirolangu"]
    assert wiro and all(m["source"] == "nominatim" and m["place_id"] == "nominatim:N9000000001" for m in wiro)
    lines = run("places", articles, "--format", "jsonl", "--geocoder", "nominatim", "--geocoder-url", server.url)
    assert lines.exit_code == 0
    docs = [json.loads(x) for x in lines.stdout.splitlines()]
    assert {t["name"] for t in docs[1]["toponyms"]} >= {"Wirolangu", "Kalisoko"}


def test_without_a_user_agent_the_run_stops_with_one_line(articles, server, cache):
    for command in (["places"], ["route"], ["check"], ["map", "-o", articles.parent / "trip.html"]):
        r = run(*command, articles, "--geocoder", "nominatim", "--geocoder-url", server.url)
        assert r.exit_code == 1
        lines = r.stderr.splitlines()
        assert len(lines) == 1 and lines[0].startswith("itinerary: error: ")
        assert "--user-agent" in lines[0] and geocoders.USER_AGENT_ENV in lines[0]
        assert r.stdout == ""
    assert not (articles.parent / "trip.html").exists()
    assert server.requests == []
    with pytest.raises(GeocoderError):
        itinerary.route(articles, geocoder="nominatim")
    r = run("route", articles, "--user-agent", UA)  # the geocoder's options without the geocoder
    assert r.exit_code == 1 and "--geocoder nominatim" in r.stderr


def test_a_service_that_is_down_gives_one_note_per_document_and_offline_results(articles, down_url, cache):
    offline = run("route", articles, "--format", "json")
    r = run("route", articles, "--format", "json", "--geocoder", "nominatim", "--user-agent", UA,
            "--geocoder-url", down_url)
    assert r.exit_code == 0
    assert r.stdout == offline.stdout
    lines = r.stderr.splitlines()
    assert len(lines) == 2
    for line, name in zip(lines, ("a.txt", "b.txt")):
        assert line.startswith(f"{articles / name}: note: geocoder unavailable: 127.0.0.1:")
    # the Python API: the same, through on_note
    notes = []
    trip = itinerary.route(articles, geocoder=geo(down_url, False), on_note=lambda p, m: notes.append((p, m)))
    assert [s.place.id for s in trip.stops] == [s["place_id"] for s in json.loads(offline.stdout)["stops"]]
    assert len(notes) == 2 and all(m.startswith("geocoder unavailable") for _, m in notes)


def test_requests_go_through_the_rate_limiter(articles, server, cache, monkeypatch):
    from geopy.extra.rate_limiter import RateLimiter

    clock = [1000.0]
    waits = []

    def sleep(self, seconds):  # a clock that moves only when the limiter waits: no real time involved
        waits.append(seconds)
        clock[0] += seconds

    monkeypatch.setattr(RateLimiter, "_clock", lambda self: clock[0])
    monkeypatch.setattr(RateLimiter, "_sleep", sleep)
    g = geo(server.url, cache, min_delay=0.25)
    itinerary.places(articles, geocoder=g)
    assert g.requests == len(server.requests) == 3
    assert waits == [0.25, 0.25]  # every request after the first waited for its slot
    itinerary.places(articles, geocoder=g)  # all cached: neither a request nor a wait
    assert len(server.requests) == 3 and len(waits) == 2


def test_geocoder_options_are_checked():
    with pytest.raises(FormatError):
        geocoders.Nominatim(user_agent=UA, min_delay=0.1)  # the public service: one request per second at most
    with pytest.raises(FormatError):
        geocoders.Nominatim(user_agent=UA, url="ftp://example.org")
    with pytest.raises(FormatError):
        itinerary.places("seeds", geocoder="google")
    r = run("route", "seeds", "--geocoder", "nominatim", "--user-agent", UA, "--geocoder-url", "not a url")
    assert r.exit_code == 1 and r.stderr.startswith("itinerary: error: --geocoder-url")
    g = geocoders.Nominatim(user_agent=UA, cache=False)
    assert g.url == geocoders.DEFAULT_URL and g.min_delay == 1.0


@pytest.mark.parametrize("sentence", [
    "On Monday he travelled to Parliament and met John Smith in September.",
    "The president arrived at Reuters with Prime Minister Albanese on Tuesday.",
    "He flew to NATO headquarters, then visited Acme Corporation.",
    "She travelled to Villanueva de la Cañada for the summit.",
    "He arrived in Xanadu University for a lecture.",
])
def test_common_words_people_and_organisations_are_not_asked_about(sentence):
    from itinerary.model import Document

    text = f"Prime Minister Albanese said so.\n{sentence}\n"
    doc = Document("d", "d.txt", text, 0, language="en")
    assert geocoders.candidates(doc, []) == []


def test_candidates_beside_movement_and_facility_words():
    from itinerary.model import Document

    text = "He arrived in Wirolangu on Monday and later visited Kalisoko.\nThey flew out of Sentani Airport.\n"
    doc = Document("d", "d.txt", text, 0, language="en")
    got = [(c.name, c.query, text[c.start:c.end]) for c in geocoders.candidates(doc, [])]
    assert got == [("Wirolangu", "Wirolangu", "Wirolangu"), ("Kalisoko", "Kalisoko", "Kalisoko"),
                   ("Sentani", "Sentani Airport", "Sentani Airport")]
    tr = "Cumhurbaşkanı dün Yeşilköyören'e ulaştı.\n"
    doc = Document("t", "t.txt", tr, 0, language="tr")
    got = [(c.name, tr[c.start:c.end]) for c in geocoders.candidates(doc, [])]
    assert got == [("Yeşilköyören", "Yeşilköyören")]


def test_an_answer_that_is_not_a_place_or_not_the_name_is_not_used():
    shop = dict(ANSWERS["Wirolangu"], category="shop", type="supermarket")
    assert geocoders.place_of(shop, "Wirolangu") is None
    assert geocoders.place_of(ANSWERS["Wirolangu"], "Wirolangu").name == "Wirolangu"
    assert geocoders.place_of(ANSWERS["Wirolangu"], "Kalisoko") is None  # a fuzzy match on another name
    assert geocoders.place_of(None, "Wirolangu") is None


def test_a_cache_that_cannot_be_written_is_told_once_and_the_lookups_still_work(articles, server, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    notes = []
    found = itinerary.places(articles, geocoder=geo(server.url, blocker / "geocoder.sqlite"),
                             on_note=lambda p, m: notes.append(m))
    assert "Wirolangu" in {m.name for m in found.mentions}
    assert len(notes) == 1 and notes[0].startswith("geocoder cache") and "cannot be used" in notes[0]
