"""The map in the reader's language: `--lang`, the [render] words of the packs, CLDR dates.

`itinerary map seeds/ -o trip.html --lang id` shows every word of the page in Indonesian (legend,
statuses, roles, dates, the day slider, popup labels, layer names); article text stays as written
and escaped. A browser test reads the words as a reader sees them.
"""
from __future__ import annotations

import html
import json
import re
import sys
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from itinerary import languages
from itinerary.cli import main
from itinerary.errors import FormatError
from itinerary.model import Document
from itinerary.render import labels as lab
from itinerary.render.map import render_map
from test_browser import XSS_ARTICLE, _assert_clean, _open, browser  # noqa: F401 - the fixture

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
SCHEMA = tomllib.loads((languages.HERE / "_schema.toml").read_text(encoding="utf-8"))


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def _bound(page: str) -> str:
    """Every popup and tooltip of the page, decoded from the JSON literals in its script."""
    found = re.findall(r"\.bind(?:Popup|Tooltip)\((\"(?:[^\"\\]|\\.)*\")", page)
    return "\n".join(json.loads(s) for s in found)


@pytest.fixture(scope="module")
def id_map(tmp_path_factory):
    out = tmp_path_factory.mktemp("lang") / "trip.html"
    r = run("map", SEEDS, "-o", out, "--lang", "id", "--tiles", "none")
    assert r.exit_code == 0, r.output
    return out


# ---------------------------------------------------------------- the packs


@pytest.mark.parametrize("code", ["en", "id"])
def test_english_and_indonesian_have_every_word(code):
    keys = set(SCHEMA["render"])
    have = set(languages.get(code).data.get("render", {}))
    assert keys == have, sorted(keys ^ have)


def test_every_pack_has_the_status_words_or_falls_back_to_english():
    for code in languages.codes():
        L = lab.labels(code)
        for status in ("visited", "expected", "passed"):
            assert L.status(status)
        for role in ("origin", "stop", "destination", "return"):
            assert L.role(role)
        # Each counted phrase has an "other" form, the fallback of every plural category.
        for key, value in languages.get(code).data.get("render", {}).items():
            if isinstance(value, dict):
                assert "other" in value and all("{n}" in v for v in value.values()), (code, key)


def test_words_fall_back_to_english_one_key_at_a_time():
    ja = lab.labels("ja")
    assert ja.status("expected") == "予定"  # the pack has it
    assert ja.t("notice_title") == "No stops found"  # it does not
    assert lab.labels("de").role("destination") == "Ziel"


def test_dates_and_numbers_come_from_cldr():
    ind, en = lab.labels("id"), lab.labels("en")
    assert ind.date(date(2023, 9, 10)) == "Minggu, 10 September 2023"
    assert en.date(date(2023, 9, 10)) == "Sunday, September 10, 2023"
    assert ind.date_range(date(2023, 9, 10), date(2023, 9, 18)) == "10\u201318 Sep 2023"
    assert ind.km(1065.5) == "1.066 km" and en.km(1065.5) == "1,066 km"
    assert lab.labels("ru").km(1065.5) == "1\u00a0066 км"
    assert en.count("count_stops", 1) == "1 stop" and en.count("count_stops", 6) == "6 stops"
    assert ind.count("count_stops", 1) == "1 persinggahan"


def test_placeholders_are_filled_and_nothing_else():
    en = lab.labels("en")
    assert en.t("timeline_day", n=3, date="{n}") == "day 3: {n}"
    assert en.t("claim_compare", reported="{measured}", measured="5 km") == "reported {measured} vs measured 5 km"


def test_the_language_is_the_articles_when_they_agree():
    def doc(language):
        return Document(id="d", path="d.txt", text="", body_start=0, language=language)

    assert lab.resolve([doc("id"), doc("id")], "auto") == "id"
    assert lab.resolve([doc("id"), doc("en")], "auto") == "en"
    assert lab.resolve([doc("id"), doc(None)], None) == "id"
    assert lab.resolve([], "auto") == "en"
    assert lab.resolve([doc("id")], "pt-BR") == "pt"
    with pytest.raises(FormatError, match="no language pack"):
        lab.resolve([doc("id")], "xx")


# ---------------------------------------------------------------- the HTML map


def test_html_map_in_indonesian(id_map, seed_route):
    page = id_map.read_text(encoding="utf-8")
    assert '<html lang="id">' in page
    bound = _bound(page)
    for word in ("dikunjungi", "diperkirakan", "asal", "kepulangan", "Minggu, 10 September 2023",
                 "jarak lurus (lingkaran besar)"):
        assert word in bound, word
    for word in ("Perjalanan (persinggahan dan rute)", "Semua tempat yang disebut", "Klaim jarak",
                 "hari ke-1: Min, 10 Sep 2023", "semua hari, sampai", "Putar perjalanan hari demi hari",
                 "6 persinggahan", "10\u201318 Sep 2023", "5 laporan"):
        assert word in page or json.dumps(word)[1:-1] in page, word
    # No English word of ours is left in the popups (the explanations and notes that claims.py and
    # journey.py write are English sentences of theirs, shown as they are).
    for word in ("visited", "expected", "origin", "great-circle", "date unknown", "vs measured"):
        assert word not in bound, word
    # Article text is shown as written, escaped.
    for s in seed_route.stops:
        assert html.escape(s.place.name) in page


def test_default_language_is_the_articles(tmp_path):
    out = tmp_path / "auto.html"
    assert run("map", SEEDS, "-o", out, "--tiles", "none").exit_code == 0
    assert '<html lang="id">' in out.read_text(encoding="utf-8")  # the seeds are Indonesian
    out = tmp_path / "en.html"
    assert run("map", SEEDS, "-o", out, "--tiles", "none", "--lang", "en").exit_code == 0
    page = out.read_text(encoding="utf-8")
    assert '<html lang="en">' in page and "expected (planned)" in page and "dikunjungi" not in page


def test_article_text_stays_escaped_in_every_language(tmp_path):
    article = tmp_path / "berita.txt"
    article.write_text(XSS_ARTICLE, encoding="utf-8")
    out = tmp_path / "trip.html"
    assert run("map", article, "-o", out, "--lang", "id").exit_code == 0
    page = out.read_text(encoding="utf-8")
    assert "<script>alert(1)</script>" not in page and "<img src=x" not in page
    assert html.escape("<script>alert(1)</script>") in _bound(page)


def test_arabic_dates_keep_their_marks_and_the_page_its_language(seed_route):
    page = render_map(seed_route, lang="ar", tiles="none")
    assert '<html lang="ar">' in page
    assert "\u27e8U+200F\u27e9" not in _bound(page)  # CLDR's own marks are not article text


def test_route_table_words(tmp_path):
    r = run("route", SEEDS, "--lang", "id")
    assert r.exit_code == 0
    lines = r.stdout.splitlines()
    assert lines[0].split() == ["#", "stop", "date", "status", "role", "quotes", "documents"]  # as always
    assert "dikunjungi" in lines[2] and "asal" in lines[2] and "(laporan)" in r.stdout
    assert "visited" in run("route", SEEDS).stdout  # English unless asked
    r = run("route", SEEDS, "--lang", "id", "--format", "json")
    assert r.exit_code == 1 and "--lang applies to --format table only" in r.stderr


def test_lang_is_refused_where_there_are_no_words(tmp_path):
    r = run("map", SEEDS, "-o", tmp_path / "trip.geojson", "--lang", "id")
    assert r.exit_code == 1 and "--lang applies to .html, .png, .svg and .pdf maps only" in r.stderr


def test_static_map_in_indonesian(tmp_path):
    out = tmp_path / "trip.svg"
    assert run("map", SEEDS, "-o", out, "--lang", "id").exit_code == 0
    svg = out.read_text(encoding="utf-8")
    for word in ("Perjalanan", "dikunjungi", "diperkirakan (rencana)", "6 persinggahan", "Batas negara"):
        assert word in svg, word


# ---------------------------------------------------------------- in a browser


def test_indonesian_map_in_a_browser(browser, id_map):
    with _open(browser, id_map) as (page, log):
        legend = page.locator(".itin-legend").inner_text()
        assert "Perjalanan" in legend and "dikunjungi" in legend and "diperkirakan (rencana)" in legend
        assert "urutan perjalanan" in legend
        subtitle = page.locator(".itin-title p").inner_text()
        assert "6 persinggahan" in subtitle and "Sep 2023" in subtitle
        label = page.locator(".itin-timeline span")
        assert label.inner_text().startswith("semua hari, sampai")
        page.locator(".itin-timeline input[type=range]").focus()
        page.keyboard.press("Home")
        assert label.inner_text() == "hari ke-1: Min, 10 Sep 2023"
        assert page.locator(".itin-timeline button").get_attribute("title") == "Putar perjalanan hari demi hari"
        page.keyboard.press("End")
        page.hover(".leaflet-control-layers")
        overlays = page.locator(".leaflet-control-layers-overlays").inner_text()
        assert "Perjalanan (persinggahan dan rute)" in overlays and "Klaim jarak" in overlays
        page.mouse.move(600, 700)
        # The origin's popup: its day in full and its status and role in Indonesian.
        page.locator(".itin-stop", has_text="1/6").click()
        popup = page.locator(".leaflet-popup-content")
        popup.wait_for()
        text = popup.inner_text()
        assert "Minggu, 10 September 2023" in text and "dikunjungi" in text and "asal" in text
        _assert_clean(log)


def test_api_map_takes_lang(tmp_path):
    """Needs the api.py glue of /tmp/patches/issue13-api-cli.diff: the API's `lang` (None:
    English, as before; "auto": the articles' language, the CLI's default)."""
    import itinerary
    from itinerary import api

    english = itinerary.map([SEEDS], tmp_path / "en.html").read_text(encoding="utf-8")
    indonesian = itinerary.map([SEEDS], tmp_path / "id.html", lang="auto").read_text(encoding="utf-8")
    assert '<html lang="en">' in english and '<html lang="id">' in indonesian
    r = CliRunner().invoke(main, ["map", str(SEEDS), "-o", str(tmp_path / "cli.html")])
    assert r.exit_code == 0 and (tmp_path / "cli.html").read_text(encoding="utf-8") == indonesian
    trip = itinerary.route([SEEDS])
    assert api.map_text(trip, "html", lang="id") == indonesian


def test_an_english_fallback_word_takes_english_plurals():
    # Chinese has no plural forms; the English words shown for a key its pack lacks keep theirs
    from itinerary.render.labels import Labels

    assert Labels("zh").count("count_reports", 1) == "1 report"
    assert Labels("en").count("count_reports", 2) == "2 reports"
