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

STATUS_COLORS = {"visited": "#1f5fa8", "expected": "#e07b00", "passed": "#6b6b6b"}
STATUS_LABELS = {"visited": "visited", "expected": "expected (planned)", "passed": "passed through"}
VERDICT_COLORS = {
    "consistent": "#2a9d4b",
    "plausible-route": "#1c8fa8",
    "inconsistent": "#d62728",
    "unit-mismatch": "#8e44ad",
    "unresolved": "#8c8c8c",
}
_OTHER = "#444444"
_MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()
_MAX_QUOTES = 12  # per popup: keeps the page small when many reports repeat a stop
_MAX_QUOTE_CHARS = 600

ATTRIBUTION_TILES = '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors'
TILES_OSM = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
# Leaflet fills these in a tile URL template; any other {name} would break every tile request.
_TILE_VARIABLES = frozenset({"s", "z", "x", "y", "r", "-y"})
ATTRIBUTION_DATA = (
    'Places: <a href="https://www.geonames.org/">GeoNames</a> (CC-BY 4.0), '
    '<a href="https://www.naturalearthdata.com/">Natural Earth</a>'
)

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


def fmt_date(d: date) -> str:
    return f"{d.day} {_MONTHS[d.month - 1]} {d.year}"


def fmt_range(a: date | None, b: date | None) -> str:
    if a is None:
        return "date unknown"
    if b is None or b == a:
        return fmt_date(a)
    if (a.year, a.month) == (b.year, b.month):
        return f"{a.day}\u2013{b.day} {_MONTHS[a.month - 1]} {a.year}"
    if a.year == b.year:
        return f"{a.day} {_MONTHS[a.month - 1]} \u2013 {fmt_date(b)}"
    return f"{fmt_date(a)} \u2013 {fmt_date(b)}"


def _km(x: float | None) -> str:
    return "?" if x is None or not math.isfinite(x) else f"{x:,.0f} km"


def _clip(text: str, n: int = _MAX_QUOTE_CHARS) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1].rstrip() + "\u2026"


def _source_html(doc_id: str, title: str | None, url: str | None, docs: dict[str, Document]) -> str:
    d = docs.get(doc_id)
    title = title or (d.title if d else None)
    url = safe_url(url or (d.url if d else None))
    label = _t(title) if title else _t(doc_id)
    if url:
        label = f'<a href="{_e(url)}" target="_blank" rel="noopener noreferrer">{label}</a>'
    extra = f" ({_t(doc_id)})" if title else ""
    pub = f", {fmt_date(d.published)}" if d is not None and d.published else ""
    return f'<span class="src">\u2014 {label}{extra}{pub}</span>'


def _quotes_html(evidence: Sequence[Evidence], docs: dict[str, Document]) -> str:
    if not evidence:
        return ""
    items = [
        f"<li><q>{_t(_clip(ev.text))}</q><br>{_source_html(ev.document, ev.title, ev.url, docs)}</li>"
        for ev in evidence[:_MAX_QUOTES]
    ]
    more = len(evidence) - _MAX_QUOTES
    tail = f"<p class=\"meta\">\u2026 and {more} more</p>" if more > 0 else ""
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

def _stop_popup(s: Stop, docs: dict[str, Document]) -> str:
    parts = [
        f"<h4>{s.seq}. {_t(s.place.name)}</h4>",
        f'<p class="meta">{_e(fmt_range(s.date, s.date_end))}'
        f"{' (' + _e(s.date_basis) + ')' if s.date_basis and s.date else ''}"
        f" \u00b7 <b style=\"color:{_color(s.status)}\">{_e(s.status)}</b> \u00b7 {_e(s.role)}</p>",
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
    parts.append(_quotes_html(s.evidence, docs))
    return "".join(parts)


def _add_journey(m, itin: Itinerary, docs: dict[str, Document], timeline_items: list,
                 stop_markers: list) -> list:
    """Stops and legs; returns the (lat, lon) points drawn, for fitting the view."""
    import folium

    stops = sorted(itin.stops, key=lambda s: s.seq)
    group = folium.FeatureGroup(name="Journey (stops and legs)", show=True)
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
                       f"{_km(leg.geodesic_km)} great-circle \u00b7 {_e(leg.status)}", sticky=True)
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
        dates = "; ".join(fmt_range(s.date, s.date_end) for s in group_stops if s.date)
        _tooltip(marker, f"<b>{_e(label)}. {names}</b>" + (f"<br>{_e(dates)}" if dates else ""))
        _popup(marker, "<hr>".join(_stop_popup(s, docs) for s in group_stops))
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


def _mention_quote(mention: Mention, docs: dict[str, Document]) -> str:
    d = docs.get(mention.document)
    if d is None or not (0 <= mention.start <= len(d.text)):
        return f"<li><q>{_t(mention.name)}</q><br>{_source_html(mention.document, None, None, docs)}</li>"
    a, b = sentence_at(d.text, mention.start)
    return f"<li><q>{_t(_clip(d.text[a:b]))}</q><br>{_source_html(d.id, None, None, docs)}</li>"


def _group_mentions(mentions: Iterable[Mention]) -> dict[str, list[Mention]]:
    out: dict[str, list[Mention]] = {}
    for mt in mentions:
        out.setdefault(mt.place.id, []).append(mt)
    return out


def _add_mentions(m, itin: Itinerary, docs: dict[str, Document], show: bool) -> list:
    """Every mention grouped by place; shown at start only when there is no journey to show."""
    import folium

    points = folium.FeatureGroup(name="All place mentions", show=show)
    areas = folium.FeatureGroup(name="Regions and countries mentioned", show=show)
    drawn = []
    for _, group in _group_mentions(itin.mentions).items():
        p: Place = group[0].place
        surfaces = ", ".join(_t(x) for x in dict.fromkeys(mt.name for mt in group))
        n = len(group)
        tip = f"<b>{_t(p.name)}</b> \u00b7 \u201c{surfaces}\u201d \u00b7 {n} mention{'s' if n != 1 else ''}"
        seen: set[tuple[str, int]] = set()
        quotes = []
        for mt in group:  # one quote per sentence, even if it names the place twice
            d = docs.get(mt.document)
            key = (mt.document, sentence_at(d.text, mt.start)[0] if d else mt.start)
            if key not in seen:
                seen.add(key)
                quotes.append(_mention_quote(mt, docs))
        more = len(quotes) - _MAX_QUOTES
        body = (f"<h4>{_t(p.name)}</h4><p class=\"meta\">{_t(p.feature)}"
                f"{', ' + _t(p.country) if p.country else ''} \u00b7 {_t(p.id)} "
                f"\u00b7 {n} mention{'s' if n != 1 else ''}</p>"
                "<ol>" + "".join(quotes[:_MAX_QUOTES]) + "</ol>"
                + (f'<p class="meta">\u2026 and {more} more</p>' if more > 0 else ""))
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


def _claim_popup(c: Claim, docs: dict[str, Document]) -> str:
    reported = (_km(c.reported_km) if c.reported_km_high is None
                else f"{c.reported_km:,.0f}\u2013{c.reported_km_high:,.0f} km")
    ends = " \u2192 ".join(_t(x) for x in (c.from_name, c.to_name) if x)
    return (
        f"<h4>Distance claim{': ' + ends if ends else ''}</h4>"
        f'<p class="meta">reported <b>{_t(c.reported)}</b> ({reported}, {_e(c.qualifier)}) vs measured '
        f"<b>{_km(c.geodesic_km)}</b>{' (' + _e(c.measured_how) + ')' if c.measured_how else ''} \u2014 "
        f'<b style="color:{VERDICT_COLORS.get(c.verdict, _OTHER)}">{_e(c.verdict)}</b></p>'
        f'<p class="meta">{_t(c.explanation)}</p>'
        f"<ol><li><q>{_t(_clip(c.text))}</q><br>{_source_html(c.document, None, None, docs)}</li></ol>"
    )


def _add_claims(m, itin: Itinerary, docs: dict[str, Document]) -> None:
    import folium

    group = folium.FeatureGroup(name="Distance claims", show=True)
    for c in itin.claims:
        ends = claim_ends(c)
        if not ends:
            continue
        color = VERDICT_COLORS.get(c.verdict, _OTHER)
        # (the reported figure is a number and a unit; its bidi controls are shown like all text's)
        tip = f"reported {_e(c.reported)} vs measured {_km(c.geodesic_km)} \u2014 {_e(c.verdict)}"
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
        _popup(el, _claim_popup(c, docs))
        el.add_to(group)
    group.add_to(m)


# ---------------------------------------------------------------- controls

def _title_and_subtitle(itin: Itinerary, title: str | None) -> tuple[str, str]:
    stops = sorted(itin.stops, key=lambda s: s.seq)
    if title is None:
        names = [s.place.name for s in stops]
        if not names:
            title = "Places mentioned"
        elif len(names) <= 4:
            title = " \u2192 ".join(names)
        else:
            title = " \u2192 ".join(names[:2] + ["\u2026", names[-1]])
    dates = [d for s in stops for d in (s.date, s.date_end) if d]
    bits = []
    if stops:
        bits.append(f"{len(stops)} stop{'s' if len(stops) != 1 else ''}")
    if dates:
        bits.append(fmt_range(min(dates), max(dates)))
    if itin.documents:
        bits.append(f"{len(itin.documents)} report{'s' if len(itin.documents) != 1 else ''}")
    if itin.claims:
        bits.append(f"{len(itin.claims)} distance claim{'s' if len(itin.claims) != 1 else ''}")
    return title, " \u00b7 ".join(bits)


def _legend_html(itin: Itinerary) -> str:
    rows = []
    if itin.stops:
        rows.append("<b>Journey</b>")
        present = {s.status for s in itin.stops} | {leg.status for leg in itin.legs}
        for st in (x for x in ("visited", "expected", "passed") if x in present):
            dash = " dash" if st == "expected" else ""
            rows.append(f'<div><s class="{dash.strip()}" style="color:{STATUS_COLORS[st]}"></s>'
                        f"{_e(STATUS_LABELS[st])}</div>")
        rows.append('<div>1, 2, \u2026 order of travel \u00b7 \u27a4 direction</div>')
    if itin.claims:
        rows.append("<b>Distance claims</b>")
        for v in dict.fromkeys(c.verdict for c in itin.claims):
            rows.append(f'<div><s class="dash" style="color:{VERDICT_COLORS.get(v, _OTHER)}"></s>{_e(v)}</div>')
    if itin.mentions:
        rows.append("<b>Mentions</b>" + (" (see layers \u2197)" if itin.stops else ""))
        rows.append('<div><i style="background:#ffd23f;border:1px solid #333"></i>place named in a report</div>')
        rows.append('<div><i style="border:1.5px dashed #7b3294"></i>region or country named</div>')
    return "".join(rows)


def _timeline_js(map_name: str, group_name: str, stops: Sequence[Stop], items: list) -> str | None:
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
    labels = [fmt_date(date.fromordinal(first.toordinal() + k)) for k in range(n_days + 1)]
    return f"""
(function(){{
  var map = {map_name}, group = {group_name};
  var items = [{pairs}], labels = {_js(labels)}, last = labels.length - 1, timer = null;
  var ctl = L.control({{position: "bottomleft"}});
  var box, slider, label, button;
  function show(k) {{
    items.forEach(function (it) {{
      var on = it[1] <= k;
      if (on && !group.hasLayer(it[0])) group.addLayer(it[0]);
      if (!on && group.hasLayer(it[0])) group.removeLayer(it[0]);
    }});
    slider.value = k;
    label.textContent = k >= last ? "all days, to " + labels[last] : "day " + (k + 1) + ": " + labels[k];
  }}
  function stop() {{ if (timer) {{ clearInterval(timer); timer = null; }} button.textContent = "\\u25b6"; }}
  ctl.onAdd = function () {{
    box = L.DomUtil.create("div", "itin-box itin-timeline");
    button = L.DomUtil.create("button", "", box);
    button.type = "button"; button.title = "Play the journey day by day"; button.textContent = "\\u25b6";
    slider = L.DomUtil.create("input", "", box);
    slider.type = "range"; slider.min = 0; slider.max = last; slider.step = 1; slider.value = last;
    slider.setAttribute("aria-label", "Day of the journey");
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


def _controls_js(map_name: str, title: str, subtitle: str, legend: str, bounds) -> str:
    title_html = f"<h1>{_t(title)}</h1><p>{_e(subtitle)}</p>"
    return f"""
(function(){{
  var map = {map_name};
  map.attributionControl.addAttribution({_js(ATTRIBUTION_DATA)});
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
    for code in geodesy.country_codes():
        row = geodesy.country_record(code)
        geom = geodesy.country_geometry(code)
        if geom is None or row is None:
            continue
        for shift in (-360.0, 0.0, 360.0):  # views that reach past ±180 see the next world copy
            minx, maxx = west - shift, east - shift
            if minx > 180 or maxx < -180:
                continue
            try:
                if (float(row["MAX_LON"]) < minx or float(row["MIN_LON"]) > maxx
                        or float(row["MAX_LAT"]) < south or float(row["MIN_LAT"]) > north):
                    continue
            except (KeyError, ValueError):
                pass
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
               outlines: bool = True, tiles: str = "osm") -> str:
    """The HTML page of an interactive map of the itinerary.

    assets="inline" embeds Leaflet's JS and CSS: the page needs no network for them; "cdn" links
    Leaflet from a CDN. tiles="osm" draws OpenStreetMap's tiles (each reader's browser asks
    tile.openstreetmap.org for them), "none" draws no tile layer (no request at all with inline
    assets), and an http(s) URL template uses that tile server. Natural Earth country outlines
    (`outlines`) lie under the tiles: the background when there are none or they cannot load.
    Without stops the page says so in a visible notice. Equal input gives byte-identical output.

    FormatError for unknown assets or tiles; OutputError for a place without finite coordinates.
    """
    if assets not in ("inline", "cdn"):
        raise FormatError(f"unknown map assets {assets!r}: use 'inline' or 'cdn'")
    url = tile_url(tiles)
    for place in [s.place for s in itin.stops] + [m.place for m in itin.mentions]:
        check_position(place)
    key = repr((itin, title, assets, outlines, url))
    salt = hashlib.sha1(key.encode("utf-8", "surrogatepass")).hexdigest()[:8]
    with _sequential_ids(salt):
        fig = _build(itin, title, assets, outlines, url)
        page = fig.render()
    # folium's page forbids pinch-zoom (maximum-scale=1, user-scalable=no): readers on phones
    # must be able to zoom, so the viewport only sets the width.
    return _VIEWPORT.sub(lambda _: _VIEWPORT_TAG, page, count=1)


def _notice_html(itin: Itinerary) -> str:
    """The visible notice of a map without stops."""
    why = ("The reports tell of no journey; the places they mention are shown." if itin.mentions
           else "The reports name no place that could be mapped.")
    return f'<div class="itin-box itin-notice" role="status"><b>No stops found</b>{_e(why)}</div>'


def _tile_layer(url: str):
    import folium

    if url == TILES_OSM:
        return folium.TileLayer("OpenStreetMap", name="OpenStreetMap", attr=ATTRIBUTION_TILES, control=True)
    host = re.sub(r"\{[^{}]*\}\.?", "", urlsplit(url).hostname or "") or "?"  # {s}.tiles.example.org
    return folium.TileLayer(url, name="Map tiles", attr=f"Map tiles: {_e(host)}", control=True)


def _build(itin: Itinerary, title: str | None, asset_mode: str, with_outlines: bool, tiles: str | None):
    import folium
    from branca.element import Element

    docs = {d.id: d for d in itin.documents}
    title, subtitle = _title_and_subtitle(itin, title)
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
    drawn = _add_journey(m, itin, docs, timeline_items, stop_markers) if itin.stops else []
    journey_group = next((c for c in m._children.values()
                          if isinstance(c, folium.FeatureGroup) and c.layer_name.startswith("Journey")), None)
    mention_points = _add_mentions(m, itin, docs, show=not itin.stops)
    _add_claims(m, itin, docs)

    bounds = _bounds(drawn) or _bounds(mention_points)
    outlines = _outlines_geojson(bounds) if with_outlines else None
    if outlines:
        _classes().Script(_outline_js(m.get_name(), outlines)).add_to(m)
    _classes().Script(_controls_js(m.get_name(), title, subtitle, _legend_html(itin), bounds)).add_to(m)
    # Tiles only after the view is fitted, so no reader's browser fetches the world at zoom 2
    # first; the layer control last, as its script names every layer added before it.
    if tiles is not None:
        _tile_layer(tiles).add_to(m)
    folium.LayerControl(collapsed=True).add_to(m)
    if not itin.stops:
        fig.html.add_child(Element(_notice_html(itin)), name="itin_notice")
    if journey_group is not None:
        js = _timeline_js(m.get_name(), journey_group.get_name(), itin.stops, timeline_items)
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
