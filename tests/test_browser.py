"""The map in a real browser: headless Chromium driven by Playwright, with the network blocked.

Debian's `chromium` package is used through `executable_path` (no browser download). Without
Chromium or Playwright the tests skip locally, but fail under CI (CI=true), so CI really runs them.
Pages are opened from file:// URLs; every other request is aborted, so whatever the page needs
must be inside it. The OpenStreetMap tiles are the one thing allowed to fail (they are online-only
by design, with Natural Earth outlines drawn underneath).
"""
from __future__ import annotations

import os
import shutil
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from types import SimpleNamespace

import pytest

import itinerary
from itinerary.model import Document, Evidence, Itinerary, Leg, Place, Stop
from itinerary.render import embed_snippet, render_map

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
# The README's picture is refreshed only on request (ITINERARY_SCREENSHOT=output/trip.png), so a
# test run never changes a tracked file.
SCREENSHOT_ENV = "ITINERARY_SCREENSHOT"

CHROMIUM = os.environ.get("ITINERARY_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
IN_CI = os.environ.get("CI", "").strip().lower() in ("true", "1", "yes")
TILE_HOST = "tile.openstreetmap.org"

XSS_SCRIPT = "<script>alert(1)</script>"
XSS_IMG = '"><img src=x onerror=alert(1)>'
XSS_ARTICLE = (
    "---\n"
    'title: "Presiden tiba di Rusia <script>alert(1)</script>"\n'
    "published: 2023-09-12\n"
    "language: id\n"
    "---\n"
    f"Presiden tiba di Vladivostok {XSS_SCRIPT} pada Selasa (12/9/2023). "
    f"Rombongan kemudian bertolak ke Khabarovsk {XSS_IMG} pada Rabu (13/9/2023).\n"
)


def _unavailable(reason: str):
    # Locally a missing browser is the machine's business; in CI it means .ci/run is broken.
    if IN_CI:
        pytest.fail(f"{reason} (CI=true: the browser tests must run, see .ci/run)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("Playwright is not installed (pip install -e '.[test]')")
    if not os.access(CHROMIUM, os.X_OK):
        _unavailable(f"no Chromium at {CHROMIUM} (apt-get install chromium)")
    with sync_playwright() as p:
        try:
            b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        except Exception as e:  # an incompatible or broken Chromium
            _unavailable(f"Chromium at {CHROMIUM} did not start: {str(e).splitlines()[0]}")
        yield b
        b.close()


@contextmanager
def _open(browser, path: Path, width: int = 1200, height: int = 800, wait: str = ".itin-stop"):
    """A page showing `path` with the network blocked; yields (page, log of what went wrong)."""
    ctx = browser.new_context(viewport={"width": width, "height": height}, device_scale_factor=1)
    page = ctx.new_page()
    log = SimpleNamespace(console=[], errors=[], dialogs=[], blocked=[])

    def on_console(msg):
        if msg.type == "error":
            log.console.append((msg.text, (msg.location or {}).get("url", "")))

    def on_dialog(dialog):
        log.dialogs.append(dialog.message)
        dialog.dismiss()

    def route(r):
        if r.request.url.startswith("file:"):
            r.continue_()
        else:
            log.blocked.append(r.request.url)
            r.abort()

    page.on("console", on_console)
    page.on("pageerror", lambda e: log.errors.append(str(e)))
    page.on("dialog", on_dialog)
    ctx.route("**/*", route)
    try:
        page.goto(path.as_uri())
        if wait:
            page.wait_for_selector(wait, state="attached")
        yield page, log
    finally:
        ctx.close()


def _assert_clean(log) -> None:
    """No script errors; the only console errors are the blocked tiles failing to load."""
    assert log.errors == []
    assert log.dialogs == []
    blocked = set(log.blocked)
    real = [(t, u) for t, u in log.console if not (t.startswith("Failed to load resource") and u in blocked)]
    assert real == []
    # Everything the page needs is inside it: only map tiles were asked of the network.
    assert all(TILE_HOST in u for u in blocked), [u for u in blocked if TILE_HOST not in u]


def _labels(page) -> list[str]:
    return page.locator(".itin-stop .itin-num").all_inner_texts()


def _unobscured_stop(page) -> int:
    """Index of a stop marker whose centre is not covered by another marker (so a click hits it)."""
    return page.evaluate("""() => {
      const els = [...document.querySelectorAll('.itin-stop')];
      return els.findIndex(el => {
        const r = el.getBoundingClientRect();
        const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
        return hit && hit.closest('.itin-stop') === el;
      });
    }""")


# ---------------------------------------------------------------- the seed map

@pytest.fixture(scope="module")
def seed_map(tmp_path_factory):
    out = tmp_path_factory.mktemp("map") / "trip.html"
    itinerary.map([SEEDS], out)
    return out


def test_seed_map_in_browser(browser, seed_map, seed_route):
    stops = sorted(seed_route.stops, key=lambda s: s.seq)
    with _open(browser, seed_map) as (page, log):
        # The view is fitted before tiles are added: no reader's browser fetches the world first.
        page.wait_for_timeout(100)
        assert len({u.split("/")[3] for u in log.blocked if TILE_HOST in u}) == 1
        # One marker per stop: a place visited twice is one marker labelled "1/6".
        labels = _labels(page)
        seqs = sorted(int(n) for label in labels for n in label.split("/"))
        assert seqs == [s.seq for s in stops]
        # The route: a path and a direction arrow per leg; expected legs dashed.
        legs = page.locator("path.itin-leg")
        assert legs.count() == len(seed_route.legs) > 0
        assert page.locator(".itin-dir").count() == len(seed_route.legs)
        for leg, el in zip(seed_route.legs, legs.all()):
            dashed = el.get_attribute("stroke-dasharray")
            assert bool(dashed) == (leg.status == "expected"), (leg, dashed)
        # Title, legend, timeline, and a layer control with the other layers.
        assert page.locator(".itin-title h1").inner_text().strip()
        assert "visited" in page.locator(".itin-legend").inner_text()
        assert page.locator(".itin-timeline input[type=range]").count() == 1
        page.hover(".leaflet-control-layers")
        overlays = page.locator(".leaflet-control-layers-overlays").inner_text()
        for name in ("Journey (stops and legs)", "All place mentions", "Distance claims",
                     "Regions and countries mentioned"):
            assert name in overlays
        # The mentions layer starts hidden and the control shows it.
        assert page.locator(".itin-mention").count() == 0
        page.locator(".leaflet-control-layers-overlays label", has_text="All place mentions").click()
        assert page.locator(".itin-mention").count() > 0
        page.locator(".leaflet-control-layers-overlays label", has_text="All place mentions").click()
        page.mouse.move(600, 700)  # collapse the control
        _assert_clean(log)


def test_seed_map_popup_shows_the_evidence(browser, seed_map, seed_route):
    by_seq = {s.seq: s for s in seed_route.stops}
    with _open(browser, seed_map) as (page, log):
        i = _unobscured_stop(page)
        assert i >= 0
        marker = page.locator(".itin-stop").nth(i)
        first = by_seq[int(marker.inner_text().split("/")[0])]
        marker.click()
        popup = page.locator(".leaflet-popup-content")
        popup.wait_for()
        text = popup.inner_text()
        assert first.place.name in text
        quote = " ".join(first.evidence[0].text.split())[:80]
        assert quote in " ".join(text.split())
        _assert_clean(log)


def test_seed_map_leg_shows_km_on_hover(browser, seed_map):
    with _open(browser, seed_map) as (page, log):
        tips = []
        for el in page.locator("path.itin-leg").all():
            # A point on the drawn line (not its bounding box), in page coordinates.
            x, y = el.evaluate("""p => {
              const pt = p.ownerSVGElement.createSVGPoint(), at = p.getPointAtLength(0.4 * p.getTotalLength());
              pt.x = at.x; pt.y = at.y;
              const s = pt.matrixTransform(p.getScreenCTM());
              return [s.x, s.y];
            }""")
            page.mouse.move(x, y)
            tip = page.locator(".leaflet-tooltip")
            if tip.count() and "great-circle" in tip.first.inner_text():
                tips.append(tip.first.inner_text())
            page.mouse.move(5, 400)
        assert tips and all(" km " in t for t in tips)
        _assert_clean(log)


def test_seed_map_timeline_plays_the_journey(browser, seed_map):
    with _open(browser, seed_map) as (page, log):
        slider = page.locator(".itin-timeline input[type=range]")
        label = page.locator(".itin-timeline span")
        all_markers = page.locator(".itin-stop").count()
        all_legs = page.locator("path.itin-leg").count()
        assert label.inner_text().startswith("all days")
        slider.focus()
        page.keyboard.press("Home")  # the first day: the start, no legs travelled yet
        assert label.inner_text().startswith("day 1:")
        assert page.locator(".itin-stop").count() < all_markers
        assert page.locator("path.itin-leg").count() < all_legs
        page.keyboard.press("End")
        assert page.locator(".itin-stop").count() == all_markers
        assert page.locator("path.itin-leg").count() == all_legs
        # Play starts again from day 1 and moves on a day a second.
        page.locator(".itin-timeline button").click()
        assert label.inner_text().startswith("day 1:")
        page.wait_for_function("document.querySelector('.itin-timeline span').textContent.startsWith('day 2:')",
                               timeout=5000)
        page.locator(".itin-timeline button").click()  # pause
        _assert_clean(log)


def test_seed_map_works_inside_an_iframe(browser, seed_map):
    parent = seed_map.parent / "article.html"
    parent.write_text(
        "<!DOCTYPE html><html><head><meta charset='utf-8'><title>Article</title></head>"
        "<body style='margin:0'><div id='col' style='width:640px'><p>Text of the article.</p>"
        + embed_snippet(seed_map.name, "Journey map", height=480) + "</div></body></html>",
        encoding="utf-8",
    )
    with _open(browser, parent, wait="iframe") as (page, log):
        frame = page.frame_locator("iframe")
        frame.locator(".itin-stop").first.wait_for()
        assert frame.locator(".itin-stop").count() > 0
        # Width 100%: the map fills the iframe, which fills the article column.
        iframe_w = page.evaluate("document.querySelector('iframe').getBoundingClientRect().width")
        assert iframe_w == 640
        map_box = frame.locator(".folium-map").bounding_box()
        assert map_box["width"] == pytest.approx(640, abs=1) and map_box["height"] == pytest.approx(480, abs=1)
        title_box = frame.locator(".itin-title").bounding_box()
        assert title_box["x"] >= 0 and title_box["x"] + title_box["width"] <= 640
        _assert_clean(log)


def test_screenshot_for_the_readme(browser, seed_map, tmp_path):
    with _open(browser, seed_map, width=1100, height=720) as (page, log):
        page.wait_for_timeout(200)  # let the layout settle after fitBounds
        png = page.screenshot(type="png")
        _assert_clean(log)
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 20_000  # a real picture, not a blank page
    target = Path(os.environ.get(SCREENSHOT_ENV) or tmp_path / "trip.png")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(png)


# ---------------------------------------------------------------- hostile article text

_OPEN_EVERYTHING = """() => {
  // Show every layer and open every popup and tooltip, so each piece of article text is
  // turned into DOM at least once.
  const objs = Object.keys(window).filter(k => /_[0-9a-f]{8}\\d{5}$/.test(k)).map(k => window[k]);
  const map = objs.find(v => v instanceof L.Map);
  objs.filter(v => v instanceof L.FeatureGroup && !map.hasLayer(v)).forEach(g => map.addLayer(g));
  const texts = [];
  map.eachLayer(l => {
    if (l.getPopup && l.getPopup()) {
      l.openPopup();  // the previous popup may linger while it fades: read this one's own element
      const c = l.getPopup().getElement();
      if (c) texts.push(c.innerText);
    }
    if (l.getTooltip && l.getTooltip()) {
      l.openTooltip();
      texts.push(l.getTooltip().getElement() ? l.getTooltip().getElement().innerText : '');
      l.closeTooltip();
    }
  });
  map.closePopup();
  return texts;
}"""

_INJECTED = """() => ({
  imgs: document.querySelectorAll('img[src="x"], img[onerror], [onerror]').length,
  scripts: [...document.scripts].filter(s => s.src || /^\\s*alert\\(1\\)\\s*$/.test(s.textContent)).length,
  popupNodes: document.querySelectorAll('.leaflet-popup-content script, .leaflet-popup-content img, '
                                        + '.leaflet-tooltip script, .leaflet-tooltip img').length,
})"""


def test_hostile_article_text_never_runs(browser, tmp_path):
    article = tmp_path / "berita.txt"
    article.write_text(XSS_ARTICLE, encoding="utf-8")
    out = tmp_path / "hostile.html"
    itinerary.map([article], out)
    with _open(browser, out) as (page, log):
        assert page.locator(".itin-stop").count() >= 1
        page.locator(".itin-stop").first.click()  # a real click first
        page.locator(".leaflet-popup-content").wait_for()
        texts = page.evaluate(_OPEN_EVERYTHING)
        page.wait_for_timeout(300)  # an injected <img src=x> would have failed and fired by now
        shown = "\n".join(texts)
        # The payloads are shown as the text they are...
        assert XSS_SCRIPT in shown and XSS_IMG in shown
        # ...and none of them became an element or ran.
        assert page.evaluate(_INJECTED) == {"imgs": 0, "scripts": 0, "popupNodes": 0}
        assert log.dialogs == []
        _assert_clean(log)


# ---------------------------------------------------------------- across the antimeridian

def test_leg_across_the_pacific_is_not_drawn_round_the_world(browser, tmp_path):
    vvo = Place("geonames:2013348", "Vladivostok", 43.1056, 131.8735, "city", "RU")
    anc = Place("geonames:5879400", "Anchorage", 61.2181, -149.9003, "city", "US")
    text = "The delegation flew from Vladivostok to Anchorage on 3 June 2024."
    doc = Document(id="d", path="d.txt", text=text, body_start=0, title="Flight", published=date(2024, 6, 4))
    ev = (Evidence("d", 0, len(text), text),)
    stops = (Stop(1, vvo, date(2024, 6, 3), None, "visited", "origin", ev),
             Stop(2, anc, date(2024, 6, 3), None, "visited", "destination", ev))
    itin = Itinerary((doc,), (), stops, (Leg(1, 2, "Vladivostok", "Anchorage", 5400.0, "visited"),), ())
    out = tmp_path / "pacific.html"
    out.write_text(render_map(itin), encoding="utf-8")
    with _open(browser, out) as (page, log):
        leg = page.locator("path.itin-leg").bounding_box()
        assert leg["width"] < 0.8 * 1200  # one arc over the Bering Sea, not a line across Eurasia
        for box in (b.bounding_box() for b in page.locator(".itin-stop").all()):
            assert 0 <= box["x"] <= 1200 and 0 <= box["y"] <= 800
        _assert_clean(log)
