"""The interactive map: one self-contained HTML page built with folium/Leaflet.

Security: article text is untrusted. Everything taken from documents (quotes, names, titles,
URLs) goes through `html.escape` before it becomes HTML, and every HTML string reaches the page
as a JSON literal with <, >, & escaped, so nothing can close the <script> it sits in. Links are
made only for http(s) URLs. Bidirectional-text controls (U+202A-202E, U+2066-2069, U+200E/F,
U+061C) are shown as visible marks such as "⟨U+202E⟩", so a quote cannot reverse what is around
it, and each piece of article text (quotes, names, document ids, titles) sits in its own <bdi>
element, so right-to-left text keeps its order without reordering its neighbours.

Privacy: what a reader's browser fetches is chosen by `tiles` (and `assets`): "osm" asks
OpenStreetMap's tile servers, a URL template asks that server, "none" asks nothing (the embedded
Natural Earth outlines are the background).

Determinism: folium names every element with a random id; `render_map` swaps in a counter
(salted with a hash of the input) while it builds and renders, so equal input gives equal bytes.

Only Leaflet is used (DivIcon and CircleMarker instead of AwesomeMarkers, our own popups
instead of folium.Popup, which needs jQuery, and a small slider instead of the timeline
plugins), so an offline page has to embed just Leaflet's JS and CSS.
"""
from __future__ import annotations

import hashlib
import itertools
import json
import math
import re
import threading
from contextlib import contextmanager
from functools import lru_cache
from types import SimpleNamespace
from datetime import date
from html import escape
from typing import Iterable, Sequence
from urllib.parse import urlsplit

from .. import __version__
from ..errors import FormatError
from ..model import Claim, Document, Evidence, Itinerary, Mention, Place, Stop
from ..text import sentence_at
from . import assets
from .exports import check_position, claim_ends, geodesic_path, journey_positions, leg_path
from .labels import Labels, labels as _labels, resolve as resolve_lang

STATUS_COLORS = {"visited": "#1f5fa8", "expected": "#e07b00", "passed": "#6b6b6b"}
VERDICT_COLORS = {
    "consistent": "#2a9d4b",
    "plausible-route": "#1c8fa8",
    "inconsistent": "#d62728",
    "unit-mismatch": "#8e44ad",
    "unresolved": "#8c8c8c",
}
_OTHER = "#444444"
_MAX_QUOTES = 12  # per popup: keeps the page small when many reports repeat a stop
_MAX_QUOTE_CHARS = 600

ATTRIBUTION_TILES = '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors'
TILES_OSM = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
# Leaflet fills these in a tile URL template; any other {name} would break every tile request.
_TILE_VARIABLES = frozenset({"s", "z", "x", "y", "r", "-y"})
_ATTRIBUTION_SOURCES = ('<a href="https://www.geonames.org/">GeoNames</a> (CC-BY 4.0), '
                        '<a href="https://www.naturalearthdata.com/">Natural Earth</a>')
ATTRIBUTION_DATA = "Places: " + _ATTRIBUTION_SOURCES


def _attribution_data(L: Labels) -> str:
    return f"{_h(L.t('attribution_places'))}: {_ATTRIBUTION_SOURCES}"

_CSS = """
.itin-icon{background:none;border:none}
.itin-num{position:absolute;left:50%;top:50%;transform:translate(-50%,-50%);min-width:22px;height:22px;
 padding:0 4px;box-sizing:border-box;border-radius:11px;border:2px solid #fff;color:#fff;
 font:bold 12px/18px system-ui,sans-serif;text-align:center;white-space:nowrap;box-shadow:0 0 3px rgba(0,0,0,.7)}
.itin-num.expected{border-style:dashed;border-color:#fff}
.itin-arrow{position:absolute;left:50%;top:50%;font:18px/18px sans-serif;width:18px;height:18px;
 margin:-9px 0 0 -9px;text-align:center;text-shadow:0 0 2px #fff,0 0 2px #fff}
.itin-pop{font:13px/1.35 system-ui,sans-serif;max-height:320px;overflow:auto}
.itin-pop h4{margin:0 0 4px;font-size:15px}
.itin-pop .meta{margin:0 0 6px;color:#444}
.itin-pop ol,.itin-pop ul{margin:4px 0;padding-left:18px}
.itin-pop li{margin-bottom:6px}
.itin-pop q{font-style:italic}
.itin-pop .src{color:#555;font-size:12px}
.itin-pop .warn{color:#a33}
.itin-box{background:rgba(255,255,255,.92);padding:6px 10px;border-radius:5px;
 box-shadow:0 1px 4px rgba(0,0,0,.35);font:13px/1.35 system-ui,sans-serif}
.itin-title{position:absolute;top:10px;left:50%;transform:translateX(-50%);z-index:1000;
 max-width:calc(100% - 120px);text-align:center;pointer-events:none}
.itin-title h1{margin:0;font-size:16px}
.itin-title p{margin:2px 0 0;font-size:12px;color:#444}
.itin-legend{max-width:230px}
.itin-legend b{display:block;margin-top:4px}
.itin-legend i{display:inline-block;width:12px;height:12px;border-radius:6px;margin-right:5px;vertical-align:-1px}
.itin-legend s{display:inline-block;width:22px;height:0;border-top:3px solid;margin-right:5px;vertical-align:3px;
 text-decoration:none}
.itin-legend s.dash{border-top-style:dashed}
.itin-timeline{display:flex;align-items:center;gap:6px}
.itin-timeline input{width:160px}
.itin-timeline button{font-size:14px;width:30px;cursor:pointer}
.itin-notice{position:absolute;top:50%;left:50%;transform:translate(-50%,-50%);z-index:1000;
 max-width:calc(100% - 60px);text-align:center;pointer-events:none}
.itin-notice b{display:block;font-size:15px}
@media (max-width:600px){.itin-legend,.leaflet-control-scale{display:none}.itin-title h1{font-size:14px}
 .itin-timeline input{width:100px}
 .leaflet-control-attribution{font-size:10px;line-height:1.3}
 .leaflet-bottom.leaflet-left{bottom:30px}}
"""


# ---------------------------------------------------------------- small helpers

# Directional formatting characters: embeddings, overrides and isolates, and the three marks.
_BIDI_CONTROLS = [0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A)]
_VISIBLE_BIDI = {c: f"\u27e8U+{c:04X}\u27e9" for c in _BIDI_CONTROLS}


def _e(text: object) -> str:
    """Text as HTML: escaped, with bidi controls shown as visible marks (⟨U+202E⟩)."""
    return escape("" if text is None else str(text).translate(_VISIBLE_BIDI), quote=True)


def _h(text: object) -> str:
    """Our own words (labels, formatted dates and numbers) as HTML: escaped. CLDR's directional
    marks in an Arabic date stay marks; only article text has its controls made visible."""
    return escape("" if text is None else str(text), quote=True)


def _t(text: object) -> str:
    """Article-derived text (a quote, a name, a document id) as HTML: escaped and isolated in its
    own <bdi>, so its direction neither leaks out nor is taken from its neighbours."""
    return f"<bdi>{_e(text)}</bdi>"


def _js(value: object) -> str:
    """A JSON literal safe inside an HTML <script>: no <, >, & or ' survive as themselves.
    ValueError for a NaN or infinity (never written as JavaScript's NaN)."""
    return (
        json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"), allow_nan=False)
        .replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
        .replace("'", "\\u0027").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    )


def safe_url(url: str | None) -> str | None:
    """The URL if its scheme is http or https (so never javascript: or data:), else None."""
    if not url:
        return None
    url = url.strip()
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() in ("http", "https") and parts.netloc:
        return url
    return None


def _clip(text: str, n: int = _MAX_QUOTE_CHARS) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1].rstrip() + "\u2026"


def _source_html(doc_id: str, title: str | None, url: str | None, docs: dict[str, Document], L: Labels) -> str:
    d = docs.get(doc_id)
    title = title or (d.title if d else None)
    url = safe_url(url or (d.url if d else None))
    label = _t(title) if title else _t(doc_id)
    if url:
        label = f'<a href="{_e(url)}" target="_blank" rel="noopener noreferrer">{label}</a>'
    extra = f" ({_t(doc_id)})" if title else ""
    pub = f", {_h(L.date(d.published, 'medium'))}" if d is not None and d.published else ""
    return f'<span class="src">\u2014 {label}{extra}{pub}</span>'


def _quotes_html(evidence: Sequence[Evidence], docs: dict[str, Document], L: Labels) -> str:
    if not evidence:
        return ""
    items = [
        f"<li><q>{_t(_clip(ev.text))}</q><br>{_source_html(ev.document, ev.title, ev.url, docs, L)}</li>"
        for ev in evidence[:_MAX_QUOTES]
    ]
    more = len(evidence) - _MAX_QUOTES
    tail = f'<p class="meta">{_h(L.count("count_more", more))}</p>' if more > 0 else ""
    return "<ol>" + "".join(items) + "</ol>" + tail


def _round(path: Sequence[tuple[float, float]]) -> list[tuple[float, float]]:
    """5 decimals (~1 m) is plenty on screen and keeps the page small."""
    return [(round(a, 5), round(b, 5)) for a, b in path]


def _color(status: str) -> str:
    return STATUS_COLORS.get(status, _OTHER)


def _css_word(text: str) -> str:
    """A value made safe as one CSS class name (statuses are ours, but never trust a string)."""
    return "".join(ch if ch.isalnum() or ch == "-" else "-" for ch in text) or "x"


# ---------------------------------------------------------------- deterministic ids

_ID_LOCK = threading.Lock()


@contextmanager
def _sequential_ids(salt: str):
    """Make branca/folium element ids `<salt><counter>` while building and rendering."""
    from branca.element import Element

    counter = itertools.count(1)
    with _ID_LOCK:
        original = Element.__dict__["_generate_id"]
        Element._generate_id = classmethod(lambda cls: f"{salt}{next(counter):05d}")
        try:
            yield
        finally:
            Element._generate_id = original


# ---------------------------------------------------------------- folium elements

@lru_cache(maxsize=1)
def _classes() -> SimpleNamespace:
    """Our folium subclasses, defined on first use so importing this module stays cheap."""
    import folium
    from branca.element import MacroElement
    from folium.template import Template

    class Map(folium.Map):
        # Only Leaflet: none of jQuery, Bootstrap, Font Awesome or awesome-markers is used.
        default_js = [("leaflet", assets.LEAFLET_JS_CDN)]
        default_css = [("leaflet_css", assets.LEAFLET_CSS_CDN)]

    class Script(MacroElement):
        """Raw JS placed in the page script after everything added before it."""

        _template = Template("{% macro script(this, kwargs) %}\n{{ this.code }}\n{% endmacro %}")

        def __init__(self, code: str):
            super().__init__()
            self._name = "Script"
            self.code = code

    class Bind(MacroElement):
        """parent.bindPopup/bindTooltip with HTML passed as a safe JSON string (no jQuery)."""

        _template = Template(
            "{% macro script(this, kwargs) %}\n"
            "{{ this._parent.get_name() }}.{{ this.method }}({{ this.content }}, {{ this.options }});\n"
            "{% endmacro %}"
        )

        def __init__(self, method: str, html: str, **options):
            super().__init__()
            self._name = "Bind"
            self.method = method
            self.content = _js(html)
            self.options = _js(options)

    return SimpleNamespace(Map=Map, Script=Script, Bind=Bind)


def _popup(el, html: str, width: int = 380) -> None:
    el.add_child(_classes().Bind("bindPopup", f'<div class="itin-pop">{html}</div>', maxWidth=width, minWidth=220))


def _tooltip(el, html: str, sticky: bool = False) -> None:
    el.add_child(_classes().Bind("bindTooltip", html, sticky=sticky))


# ---------------------------------------------------------------- layers

def _stop_popup(s: Stop, docs: dict[str, Document], L: Labels) -> str:
    parts = [
        f"<h4>{s.seq}. {_t(s.place.name)}</h4>",
        f'<p class="meta">{_h(_stop_dates(s, L))}'
        f"{' (' + _h(L.basis(s.date_basis)) + ')' if s.date_basis and s.date else ''}"
        f" \u00b7 <b style=\"color:{_color(s.status)}\">{_h(L.status(s.status))}</b> \u00b7 {_h(L.role(s.role))}</p>",
    ]
    # GeoNames admin1 values are often bare codes ("59"), which tell a reader nothing.
    admin1 = s.place.admin1 if s.place.admin1 and any(ch.isalpha() for ch in s.place.admin1) else None
    where = ", ".join(_t(x) for x in (s.place.feature, admin1, s.place.country) if x)
    if where:
        parts.append(f'<p class="meta">{where} \u00b7 {s.place.lat:.4f}, {s.place.lon:.4f} '
                     f'\u00b7 {_t(s.place.id)}</p>')
    for note in s.notes:
        parts.append(f'<p class="meta">{_t(note)}</p>')
    for c in s.conflicts:
        parts.append(f'<p class="meta warn">\u26a0 {_t(c)}</p>')
    parts.append(_quotes_html(s.evidence, docs, L))
    return "".join(parts)


def _stop_dates(s: Stop, L: Labels) -> str:
    """A stop's day in full ("Minggu, 10 September 2023"), or its span ("15–16 Sep 2023")."""
    if s.date is not None and (s.date_end is None or s.date_end == s.date):
        return L.date(s.date, "full")
    return L.date_range(s.date, s.date_end)


def _add_journey(m, itin: Itinerary, docs: dict[str, Document], timeline_items: list,
                 stop_markers: list, L: Labels) -> list:
    """Stops and legs; returns the (lat, lon) points drawn, for fitting the view."""
    import folium

    stops = sorted(itin.stops, key=lambda s: s.seq)
    group = folium.FeatureGroup(name=_h(L.t("layer_journey")), show=True)
    group.add_to(m)
    pos = journey_positions(stops)
    drawn: list[tuple[float, float]] = list(pos.values())

    for leg in itin.legs:
        path = leg_path(leg, pos)
        if path is None:
            continue
        drawn.extend(path)
        color = _color(leg.status)
        line = folium.PolyLine(
            _round(path), color=color, weight=4 if leg.status != "expected" else 3, opacity=0.85,
            dash_array="8 8" if leg.status == "expected" else None,
            class_name=f"itin-leg itin-leg-{_css_word(leg.status)}",
        )
        _tooltip(line, f"{leg.from_seq}. {_t(leg.from_name)} \u2192 {leg.to_seq}. {_t(leg.to_name)}: "
                       f"{_h(L.t('leg_distance', km=L.km(leg.geodesic_km)))} \u00b7 {_h(L.status(leg.status))}",
                 sticky=True)
        line.add_to(group)
        timeline_items.append((line, leg.to_seq))
        arrow = _arrow(path, color)
        if arrow is not None:
            arrow.add_to(group)
            timeline_items.append((arrow, leg.to_seq))

    # One marker per place: a journey that returns to its origin shows "1/6" once, not two
    # markers on top of each other.
    by_place: dict[tuple[float, float], list[Stop]] = {}
    for s in stops:
        by_place.setdefault(pos[s.seq], []).append(s)
    for (lat, lon), group_stops in by_place.items():
        first = group_stops[0]
        label = "/".join(str(s.seq) for s in group_stops)
        icon = folium.DivIcon(
            html=(f'<div class="itin-num {_css_word(first.status)}" style="background:{_color(first.status)}">'
                  f"{_e(label)}</div>"),
            class_name="itin-icon itin-stop", icon_size=(22, 22), icon_anchor=(11, 11),
        )
        marker = folium.Marker((lat, lon), icon=icon)
        names = " / ".join(_t(n) for n in dict.fromkeys(s.place.name for s in group_stops))
        dates = "; ".join(L.date_range(s.date, s.date_end) for s in group_stops if s.date)
        _tooltip(marker, f"<b>{_e(label)}. {names}</b>" + (f"<br>{_h(dates)}" if dates else ""))
        _popup(marker, "<hr>".join(_stop_popup(s, docs, L) for s in group_stops))
        marker.add_to(group)
        timeline_items.append((marker, first.seq))
        stop_markers.append(marker)
    return drawn


def _arrow(path: Sequence[tuple[float, float]], color: str):
    """A small arrow at the leg's middle, turned to the drawn line's direction on screen."""
    import folium

    if len(path) < 2:
        return None
    i = max(1, len(path) // 2)
    (la1, lo1), (la2, lo2) = path[i - 1], path[i]
    if (la1, lo1) == (la2, lo2):
        return None

    def merc(lat: float) -> float:
        lat = max(min(lat, 85.0), -85.0)
        return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))

    dx = math.radians(lo2 - lo1)
    dy = merc(la2) - merc(la1)
    angle = round(math.degrees(math.atan2(-dy, dx)), 1)  # CSS rotate: clockwise, screen y down
    mid = (round((la1 + la2) / 2, 5), round((lo1 + lo2) / 2, 5))
    icon = folium.DivIcon(
        html=f'<div class="itin-arrow" style="color:{color};transform:rotate({angle}deg)">\u27a4</div>',
        class_name="itin-icon itin-dir", icon_size=(18, 18), icon_anchor=(9, 9),
    )
    return folium.Marker(mid, icon=icon, interactive=False, keyboard=False)


def _mention_quote(mention: Mention, docs: dict[str, Document], L: Labels) -> str:
    d = docs.get(mention.document)
    if d is None or not (0 <= mention.start <= len(d.text)):
        return f"<li><q>{_t(mention.name)}</q><br>{_source_html(mention.document, None, None, docs, L)}</li>"
    a, b = sentence_at(d.text, mention.start)
    return f"<li><q>{_t(_clip(d.text[a:b]))}</q><br>{_source_html(d.id, None, None, docs, L)}</li>"


def _group_mentions(mentions: Iterable[Mention]) -> dict[str, list[Mention]]:
    out: dict[str, list[Mention]] = {}
    for mt in mentions:
        out.setdefault(mt.place.id, []).append(mt)
    return out


def _add_mentions(m, itin: Itinerary, docs: dict[str, Document], show: bool, L: Labels) -> list:
    """Every mention grouped by place; shown at start only when there is no journey to show."""
    import folium

    points = folium.FeatureGroup(name=_h(L.t("layer_mentions")), show=show)
    areas = folium.FeatureGroup(name=_h(L.t("layer_areas")), show=show)
    drawn = []
    for _, group in _group_mentions(itin.mentions).items():
        p: Place = group[0].place
        surfaces = ", ".join(_t(x) for x in dict.fromkeys(mt.name for mt in group))
        n = len(group)
        tip = f"<b>{_t(p.name)}</b> \u00b7 \u201c{surfaces}\u201d \u00b7 {_h(L.count('count_mentions', n))}"
        seen: set[tuple[str, int]] = set()
        quotes = []
        for mt in group:  # one quote per sentence, even if it names the place twice
            d = docs.get(mt.document)
            key = (mt.document, sentence_at(d.text, mt.start)[0] if d else mt.start)
            if key not in seen:
                seen.add(key)
                quotes.append(_mention_quote(mt, docs, L))
        more = len(quotes) - _MAX_QUOTES
        body = (f"<h4>{_t(p.name)}</h4><p class=\"meta\">{_t(p.feature)}"
                f"{', ' + _t(p.country) if p.country else ''} \u00b7 {_t(p.id)} "
                f"\u00b7 {_h(L.count('count_mentions', n))}</p>"
                "<ol>" + "".join(quotes[:_MAX_QUOTES]) + "</ol>"
                + (f'<p class="meta">{_h(L.count("count_more", more))}</p>' if more > 0 else ""))
        if p.is_area:
            marker = folium.CircleMarker((p.lat, p.lon), radius=16, color="#7b3294", weight=1.5,
                                         fill=True, fill_opacity=0.12, dash_array="4 4",
                                         class_name="itin-region")
            target = areas
        else:
            marker = folium.CircleMarker((p.lat, p.lon), radius=round(4 + 2 * math.log2(n), 1), color="#333333",
                                         weight=1, fill=True, fill_color="#ffd23f", fill_opacity=0.9,
                                         class_name="itin-mention")
            target = points
            drawn.append((p.lat, p.lon))
        _tooltip(marker, tip)
        _popup(marker, body)
        marker.add_to(target)
    points.add_to(m)
    areas.add_to(m)
    return drawn


def _claim_compare(L: Labels, reported_html: str, measured_html: str) -> str:
    """"reported X vs measured Y" in the reader's language, X and Y given as HTML."""
    parts = re.split(r"(\{reported\}|\{measured\})", L.t("claim_compare"))
    pieces = {"{reported}": reported_html, "{measured}": measured_html}
    return "".join(pieces.get(p, _h(p)) for p in parts)


def _claim_popup(c: Claim, docs: dict[str, Document], L: Labels) -> str:
    unit = L.t("unit_km")
    reported = (L.km(c.reported_km) if c.reported_km_high is None
                else f"{L.number(c.reported_km)}\u2013{L.number(c.reported_km_high)} {unit}")
    ends = " \u2192 ".join(_t(x) for x in (c.from_name, c.to_name) if x)
    measured = (f"<b>{_h(L.km(c.geodesic_km))}</b>"
                f"{' (' + _e(c.measured_how) + ')' if c.measured_how else ''}")
    return (
        f"<h4>{_h(L.t('claim_title'))}{': ' + ends if ends else ''}</h4>"
        f'<p class="meta">'
        + _claim_compare(L, f"<b>{_t(c.reported)}</b> ({_h(reported)}, {_h(L.qualifier(c.qualifier))})", measured)
        + f' \u2014 <b style="color:{VERDICT_COLORS.get(c.verdict, _OTHER)}">{_h(L.verdict(c.verdict))}</b></p>'
        f'<p class="meta">{_t(c.explanation)}</p>'
        f"<ol><li><q>{_t(_clip(c.text))}</q><br>{_source_html(c.document, None, None, docs, L)}</li></ol>"
    )


def _add_claims(m, itin: Itinerary, docs: dict[str, Document], L: Labels) -> None:
    import folium

    group = folium.FeatureGroup(name=_h(L.t("layer_claims")), show=True)
    for c in itin.claims:
        ends = claim_ends(c)
        if not ends:
            continue
        color = VERDICT_COLORS.get(c.verdict, _OTHER)
        # (the reported figure is a number and a unit; its bidi controls are shown like all text's)
        tip = (_claim_compare(L, _e(c.reported), _h(L.km(c.geodesic_km)))
               + f" \u2014 {_h(L.verdict(c.verdict))}")
        if len(ends) == 2:
            (la1, lo1), (la2, lo2) = ends
            path = geodesic_path(la1, lo1, la2, lo2)
            el = folium.PolyLine(_round(path), color=color, weight=2.5, opacity=0.9, dash_array="2 6",
                                 class_name="itin-claim")
            end = folium.CircleMarker(path[-1], radius=3, color=color,
                                      fill=True, fill_opacity=1, weight=1)
            _tooltip(end, tip)
            end.add_to(group)
        else:
            el = folium.CircleMarker(ends[0], radius=7, color=color, weight=2, fill=False, class_name="itin-claim")
        _tooltip(el, tip, sticky=len(ends) == 2)
        _popup(el, _claim_popup(c, docs, L))
        el.add_to(group)
    group.add_to(m)


# ---------------------------------------------------------------- controls

def default_title(itin: Itinerary, L: Labels | None = None, names: Sequence[str] | None = None) -> str:
    """"Pyongyang → Khasan station → … → Pyongyang" from the stops (their names, or `names`
    given in travel order), or "Places mentioned" in the reader's language without stops."""
    L = L or _labels()
    if names is None:
        names = [s.place.name for s in sorted(itin.stops, key=lambda s: s.seq)]
    names = list(names)
    if not names:
        return L.t("title_places")
    if len(names) <= 4:
        return " \u2192 ".join(names)
    return " \u2192 ".join(names[:2] + ["\u2026", names[-1]])


def date_span(itin: Itinerary, L: Labels | None = None) -> str | None:
    """The journey's days, first to last ("10–18 Sep 2023"), or None without dates."""
    L = L or _labels()
    dates = [d for s in itin.stops for d in (s.date, s.date_end) if d]
    return L.date_range(min(dates), max(dates)) if dates else None


def _title_and_subtitle(itin: Itinerary, title: str | None, L: Labels) -> tuple[str, str]:
    if title is None:
        title = default_title(itin, L)
    bits = []
    if itin.stops:
        bits.append(L.count("count_stops", len(itin.stops)))
    span = date_span(itin, L)
    if span:
        bits.append(span)
    if itin.documents:
        bits.append(L.count("count_reports", len(itin.documents)))
    if itin.claims:
        bits.append(L.count("count_claims", len(itin.claims)))
    return title, " \u00b7 ".join(bits)


def _legend_html(itin: Itinerary, L: Labels) -> str:
    rows = []
    if itin.stops:
        rows.append(f"<b>{_h(L.t('legend_journey'))}</b>")
        present = {s.status for s in itin.stops} | {leg.status for leg in itin.legs}
        for st in (x for x in ("visited", "expected", "passed") if x in present):
            dash = " dash" if st == "expected" else ""
            rows.append(f'<div><s class="{dash.strip()}" style="color:{STATUS_COLORS[st]}"></s>'
                        f"{_h(L.legend_status(st))}</div>")
        rows.append(f"<div>1, 2, \u2026 {_h(L.t('legend_order'))} \u00b7 \u27a4 {_h(L.t('legend_direction'))}</div>")
    if itin.claims:
        rows.append(f"<b>{_h(L.t('legend_claims'))}</b>")
        for v in dict.fromkeys(c.verdict for c in itin.claims):
            rows.append(f'<div><s class="dash" style="color:{VERDICT_COLORS.get(v, _OTHER)}"></s>'
                        f"{_h(L.verdict(v))}</div>")
    if itin.mentions:
        rows.append(f"<b>{_h(L.t('legend_mentions'))}</b>"
                    + (f" ({_h(L.t('legend_see_layers'))} \u2197)" if itin.stops else ""))
        rows.append('<div><i style="background:#ffd23f;border:1px solid #333"></i>'
                    f"{_h(L.t('legend_mention_place'))}</div>")
        rows.append('<div><i style="border:1.5px dashed #7b3294"></i>'
                    f"{_h(L.t('legend_mention_area'))}</div>")
    return "".join(rows)


def _timeline_js(map_name: str, group_name: str, stops: Sequence[Stop], items: list, L: Labels) -> str | None:
    """A day slider (with play) that shows the journey up to each day; None without dates."""
    dated = [s for s in stops if s.date]
    if not dated:
        return None
    first = min(s.date for s in dated)
    last = max(s.date_end or s.date for s in dated)
    n_days = (last - first).days
    if n_days <= 0 or n_days > 366:
        return None  # one day needs no player; a year of days makes a useless slider
    # Undated stops appear with the stop before them (or with the first dated one).
    day_of: dict[int, int] = {}
    carry = None
    for s in sorted(stops, key=lambda s: s.seq):
        if s.date:
            carry = (s.date - first).days
        day_of[s.seq] = carry
    first_day = next((d for d in day_of.values() if d is not None), 0)
    day_of = {k: (first_day if v is None else v) for k, v in day_of.items()}
    pairs = ",".join(f"[{el.get_name()},{day_of.get(seq, 0)}]" for el, seq in items)
    days = [date.fromordinal(first.toordinal() + k) for k in range(n_days + 1)]
    labels = [L.t("timeline_day", n=L.number(k + 1), date=L.date(d, "yMMMEd")) for k, d in enumerate(days)]
    labels.append(L.t("timeline_all", date=L.date(days[-1], "yMMMEd")))
    return f"""
(function(){{
  var map = {map_name}, group = {group_name};
  var items = [{pairs}], labels = {_js(labels)}, last = labels.length - 2, timer = null;
  var ctl = L.control({{position: "bottomleft"}});
  var box, slider, label, button;
  function show(k) {{
    items.forEach(function (it) {{
      var on = it[1] <= k;
      if (on && !group.hasLayer(it[0])) group.addLayer(it[0]);
      if (!on && group.hasLayer(it[0])) group.removeLayer(it[0]);
    }});
    slider.value = k;
    label.textContent = k >= last ? labels[last + 1] : labels[k];
  }}
  function stop() {{ if (timer) {{ clearInterval(timer); timer = null; }} button.textContent = "\\u25b6"; }}
  ctl.onAdd = function () {{
    box = L.DomUtil.create("div", "itin-box itin-timeline");
    button = L.DomUtil.create("button", "", box);
    button.type = "button"; button.title = {_js(L.t("timeline_play"))}; button.textContent = "\\u25b6";
    slider = L.DomUtil.create("input", "", box);
    slider.type = "range"; slider.min = 0; slider.max = last; slider.step = 1; slider.value = last;
    slider.setAttribute("aria-label", {_js(L.t("timeline_slider"))});
    label = L.DomUtil.create("span", "", box);
    L.DomEvent.disableClickPropagation(box); L.DomEvent.disableScrollPropagation(box);
    slider.addEventListener("input", function () {{ stop(); show(parseInt(slider.value, 10)); }});
    button.addEventListener("click", function () {{
      if (timer) {{ stop(); return; }}
      var k = parseInt(slider.value, 10) >= last ? 0 : parseInt(slider.value, 10);
      button.textContent = "\\u23f8"; show(k);
      timer = setInterval(function () {{ k += 1; show(k); if (k >= last) stop(); }}, 1000);
    }});
    return box;
  }};
  ctl.addTo(map);
  show(last);
}})();
"""


def _declutter_js(map_name: str, markers: list) -> str:
    """Nudge stop numbers that would cover one another at the current zoom (Vladivostok and
    Artyom are 35 km apart: one pixel-blob at the zoom that fits a whole trip). Only the label
    moves, a few pixels; the marker's position, popup and tooltip stay on the place."""
    names = ",".join(mk.get_name() for mk in markers)
    return f"""
(function(){{
  var map = {map_name}, markers = [{names}], pending = false;
  var dirs = [[1,-1],[1,1],[-1,-1],[-1,1],[1,0],[-1,0],[0,-1],[0,1]], R = 22, STEP = 17;
  function place() {{
    pending = false;
    var taken = [];
    markers.forEach(function (mk) {{
      var el = mk.getElement && mk.getElement(), num = el && el.firstChild;
      if (!num || !map.hasLayer(mk)) return;
      var p = map.latLngToContainerPoint(mk.getLatLng()), dx = 0, dy = 0;
      function free(x, y) {{ return taken.every(function (q) {{ return Math.abs(q[0] - x) >= R || Math.abs(q[1] - y) >= R; }}); }}
      for (var ring = 1; !free(p.x + dx, p.y + dy) && ring <= 3; ring++) {{
        for (var i = 0; i < dirs.length; i++) {{
          var x = dirs[i][0] * STEP * ring, y = dirs[i][1] * STEP * ring;
          if (free(p.x + x, p.y + y)) {{ dx = x; dy = y; break; }}
        }}
      }}
      taken.push([p.x + dx, p.y + dy]);
      num.style.transform = "translate(calc(-50% + " + dx + "px), calc(-50% + " + dy + "px))";
    }});
  }}
  function later() {{ if (!pending) {{ pending = true; requestAnimationFrame(place); }} }}
  map.on("zoomend layeradd", later);
  place();
}})();
"""


def _controls_js(map_name: str, title: str, subtitle: str, legend: str, bounds, L: Labels) -> str:
    title_html = f"<h1>{_t(title)}</h1><p>{_h(subtitle)}</p>"
    return f"""
(function(){{
  var map = {map_name};
  map.attributionControl.addAttribution({_js(_attribution_data(L))});
  var t = L.DomUtil.create("div", "itin-box itin-title", map.getContainer());
  t.innerHTML = {_js(title_html)};
  // The title sits above the map panes, so an open popup near the top would slide under it:
  // while the reader looks at a popup the title steps aside.
  map.on("popupopen", function () {{ t.style.visibility = "hidden"; }});
  map.on("popupclose", function () {{ t.style.visibility = ""; }});
  var legend = L.control({{position: "bottomright"}}), box = null;
  legend.onAdd = function () {{
    box = L.DomUtil.create("div", "itin-box itin-legend");
    box.innerHTML = {_js(legend)};
    L.DomEvent.disableClickPropagation(box); L.DomEvent.disableScrollPropagation(box);
    return box;
  }};
  legend.addTo(map);
  var bounds = {_js(bounds)};
  if (bounds) {{
    // Keep the journey clear of the title and, on wide maps, of the legend.
    var size = map.getSize(), right = 40;
    if (box && box.offsetWidth && size.x > 3 * box.offsetWidth) right = box.offsetWidth + 30;
    map.fitBounds(bounds, {{paddingTopLeft: [40, t.offsetHeight + 30], paddingBottomRight: [right, 70], maxZoom: 9, animate: false}});
  }}
}})();
"""


def _outlines_geojson(bounds: list[list[float]] | None) -> dict | None:
    """Natural Earth land (fill) and country borders (lines) around the view, at screen detail.

    Drawn in a pane below the tiles: hidden when tiles load, the map's background when there
    are none (tiles="none") or the page is opened offline. Clipped to the view plus a wide
    margin, so the page stays small; borders come from the unclipped outlines, so the clip box
    itself is never stroked.
    """
    try:
        import shapely
        from shapely import affinity

        from .. import geodesy
    except ImportError:
        return None
    if bounds is None:
        return None
    (la1, lo1), (la2, lo2) = bounds
    mlat = max(20.0, 1.0 * (la2 - la1))
    mlon = max(45.0, 1.5 * (lo2 - lo1))
    south, north = max(la1 - mlat, -85.0), min(la2 + mlat, 85.0)
    mlon = min(mlon, max(0.0, (400.0 - (lo2 - lo1)) / 2))  # at most a world and a bit: bounds the size
    west, east = lo1 - mlon, lo2 + mlon
    tol = max(north - south, (east - west) / 2) / 600.0
    digits = max(1, min(4, -math.floor(math.log10(tol))))  # a grid under tol: finer is invisible

    def rounded(coords):
        if coords and isinstance(coords[0], (int, float)):
            return [round(coords[0], digits), round(coords[1], digits)]
        out = [rounded(c) for c in coords]
        return [c for i, c in enumerate(out) if i == 0 or c != out[i - 1]]

    land, borders = [], []
    for shift, minx, maxx, geom in geodesy.countries_in_view(west, south, east, north):
        for geoms, g in ((land, geom), (borders, geom.boundary)):
            part = shapely.clip_by_rect(g, minx, south, maxx, north)
            if part.is_empty:
                continue
            part = part.simplify(tol, preserve_topology=False)
            if part.is_empty:
                continue
            if shift:
                part = affinity.translate(part, xoff=shift)
            gj = json.loads(shapely.to_geojson(part))
            gj["coordinates"] = rounded(gj["coordinates"])
            geoms.append(gj)
    if not land:
        return None
    return {"land": {"type": "GeometryCollection", "geometries": land},
            "borders": {"type": "GeometryCollection", "geometries": borders}}


def _outline_js(map_name: str, outlines: dict) -> str:
    return f"""
(function(){{
  var map = {map_name}, data = {_js(outlines)};
  map.createPane("itinOutline").style.zIndex = 150;  // under the tiles (200)
  map.getContainer().style.background = "#dbe9f2";
  L.geoJSON(data.land, {{pane: "itinOutline", interactive: false,
    style: {{stroke: false, fillColor: "#f4f1ea", fillOpacity: 1}}}}).addTo(map);
  L.geoJSON(data.borders, {{pane: "itinOutline", interactive: false,
    style: {{color: "#9a9a9a", weight: 1, fill: false}}}}).addTo(map);
}})();
"""


def _bounds(points: Sequence[tuple[float, float]]) -> list[list[float]] | None:
    if not points:
        return None
    lats = [p[0] for p in points]
    lons = [p[1] for p in points]
    return [[min(lats), min(lons)], [max(lats), max(lons)]]


# ---------------------------------------------------------------- public

_VIEWPORT = re.compile(r'<meta\s+name="viewport"[^>]*>', re.I)
_VIEWPORT_TAG = '<meta name="viewport" content="width=device-width, initial-scale=1.0" />'


def tile_url(tiles: str | None) -> str | None:
    """The tile URL template for a `tiles` choice: None for "none" (no tile layer), OpenStreetMap's
    for "osm" (or None given), or `tiles` itself if it is an http(s) URL template with {z}, {x}
    and {y} (Leaflet's {s}, {r} and {-y} are allowed too). FormatError otherwise."""
    if tiles is None or tiles == "osm":
        return TILES_OSM
    if tiles == "none":
        return None
    value = str(tiles)
    usage = (f"--tiles {value!r}: expected none, osm, or an http(s) URL template with {{z}}, {{x}} and "
             "{y}, such as https://tiles.example.org/{z}/{x}/{y}.png")
    if any(ch.isspace() or ord(ch) < 32 or ch in "\"'<>\\`" for ch in value):
        raise FormatError(usage)
    try:
        parts = urlsplit(value)
        host = parts.hostname
    except ValueError:
        raise FormatError(usage) from None
    names = re.findall(r"\{([^{}]*)\}", value)
    rest = re.sub(r"\{[^{}]*\}", "", value)
    if (parts.scheme.lower() not in ("http", "https") or not host or "{" in rest or "}" in rest
            or not {"z", "x", "y"} <= set(names) or not set(names) <= _TILE_VARIABLES):
        raise FormatError(usage)
    return value


def render_map(itin: Itinerary, title: str | None = None, assets: str = "inline",
               outlines: bool = True, tiles: str = "osm", lang: str | None = None, *, notice: bool = True) -> str:
    """The HTML page of an interactive map of the itinerary.

    assets="inline" embeds Leaflet's JS and CSS: the page needs no network for them; "cdn" links
    Leaflet from a CDN. tiles="osm" draws OpenStreetMap's tiles (each reader's browser asks
    tile.openstreetmap.org for them), "none" draws no tile layer (no request at all with inline
    assets), and an http(s) URL template uses that tile server. Natural Earth country outlines
    (`outlines`) lie under the tiles: the background when there are none or they cannot load.
    Without stops the page says so in a visible notice. Equal input gives byte-identical output.

    `lang` is the language of every word the page shows (legend, statuses, roles, dates, the day
    slider, popup labels): a pack code such as "id", "auto" for the articles' language when they
    all agree (else English), or None for English. Article text is shown as written.

    `notice=False` leaves out the "No stops found" notice (a map of place mentions only, as a
    notebook shows `itinerary.places(...)`).

    FormatError for unknown assets, tiles or lang; OutputError for a place without finite coordinates.
    """
    if assets not in ("inline", "cdn"):
        raise FormatError(f"unknown map assets {assets!r}: use 'inline' or 'cdn'")
    url = tile_url(tiles)
    L = _labels(resolve_lang(itin.documents, lang) if lang is not None else None)
    for place in [s.place for s in itin.stops] + [m.place for m in itin.mentions]:
        check_position(place)
    key = repr((itin, title, assets, outlines, url) + ((L.code,) if L.code != "en" else ())
               + (() if notice else ("no notice",)))
    salt = hashlib.sha1(key.encode("utf-8", "surrogatepass")).hexdigest()[:8]
    with _sequential_ids(salt):
        fig = _build(itin, title, assets, outlines, url, L, notice)
        page = fig.render()
    # The page's language, for screen readers, hyphenation and fonts.
    page = page.replace("<html>", f'<html lang="{_h(L.code)}">', 1)
    # folium's page forbids pinch-zoom (maximum-scale=1, user-scalable=no): readers on phones
    # must be able to zoom, so the viewport only sets the width.
    return _VIEWPORT.sub(lambda _: _VIEWPORT_TAG, page, count=1)


def _notice_html(itin: Itinerary, L: Labels) -> str:
    """The visible notice of a map without stops."""
    why = L.t("notice_mentions") if itin.mentions else L.t("notice_none")
    return (f'<div class="itin-box itin-notice" role="status"><b>{_h(L.t("notice_title"))}</b>'
            f"{_h(why)}</div>")


def _tile_layer(url: str, L: Labels):
    import folium

    if url == TILES_OSM:
        return folium.TileLayer("OpenStreetMap", name="OpenStreetMap", attr=ATTRIBUTION_TILES, control=True)
    host = re.sub(r"\{[^{}]*\}\.?", "", urlsplit(url).hostname or "") or "?"  # {s}.tiles.example.org
    # The attribution names the server in English, as OpenStreetMap's own line stays English.
    return folium.TileLayer(url, name=_h(L.t("layer_tiles")), attr=f"Map tiles: {_e(host)}", control=True)


def _build(itin: Itinerary, title: str | None, asset_mode: str, with_outlines: bool, tiles: str | None,
           L: Labels, notice: bool = True):
    import folium
    from branca.element import Element

    docs = {d.id: d for d in itin.documents}
    title, subtitle = _title_and_subtitle(itin, title, L)
    m = _classes().Map(location=(20.0, 0.0), zoom_start=2, tiles=None, width="100%", height="100%",
             control_scale=True, world_copy_jump=False)
    fig = m.get_root()
    fig.header.add_child(Element(f"<title>{_e(title)}</title>"), name="title")
    # Tells a later run that this page is an output, not an article (documents.own_output).
    fig.header.add_child(Element(f'<meta name="generator" content="itinerary {_e(__version__)}">'), name="generator")
    if asset_mode == "inline":
        m.default_js = []
        m.default_css = []
        fig.header.add_child(Element(f"<style>{assets.leaflet_css()}</style>"), name="leaflet_css")
        fig.header.add_child(Element(f"<script>{assets.leaflet_js()}</script>"), name="leaflet")
    fig.header.add_child(Element(f"<style>{_CSS}</style>"), name="itinerary_css")

    timeline_items: list = []
    stop_markers: list = []
    drawn = _add_journey(m, itin, docs, timeline_items, stop_markers, L) if itin.stops else []
    journey_name = _h(L.t("layer_journey"))
    journey_group = next((c for c in m._children.values()
                          if isinstance(c, folium.FeatureGroup) and c.layer_name == journey_name), None)
    mention_points = _add_mentions(m, itin, docs, show=not itin.stops, L=L)
    _add_claims(m, itin, docs, L)

    bounds = _bounds(drawn) or _bounds(mention_points)
    outlines = _outlines_geojson(bounds) if with_outlines else None
    if outlines:
        _classes().Script(_outline_js(m.get_name(), outlines)).add_to(m)
    _classes().Script(_controls_js(m.get_name(), title, subtitle, _legend_html(itin, L), bounds, L)).add_to(m)
    # Tiles only after the view is fitted, so no reader's browser fetches the world at zoom 2
    # first; the layer control last, as its script names every layer added before it.
    if tiles is not None:
        _tile_layer(tiles, L).add_to(m)
    folium.LayerControl(collapsed=True).add_to(m)
    if not itin.stops and notice:
        fig.html.add_child(Element(_notice_html(itin, L)), name="itin_notice")
    if journey_group is not None:
        js = _timeline_js(m.get_name(), journey_group.get_name(), itin.stops, timeline_items, L)
        if js:
            _classes().Script(js).add_to(m)
    if len(stop_markers) > 1:
        _classes().Script(_declutter_js(m.get_name(), stop_markers)).add_to(m)
    return fig


def embed_snippet(src: str, title: str, height: int = 600) -> str:
    """An <iframe> that shows the map page at `src` (a relative path or an http(s) URL)."""
    scheme = urlsplit(src.strip()).scheme.lower()
    if scheme and scheme not in ("http", "https"):
        raise FormatError(f"map address must be a relative path or an http(s) URL, not {scheme}:")
    return (
        f'<iframe src="{_e(src.strip())}" title="{_e(title)}" width="100%" height="{int(height)}" '
        'style="border:0;max-width:100%" loading="lazy" allowfullscreen></iframe>'
    )
