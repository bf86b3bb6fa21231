"""Static maps: the journey as PNG, SVG or PDF, drawn with matplotlib, without a browser or network.

Why matplotlib: it is mature, installs from wheels everywhere, needs no browser, and writes all
three formats itself, SVG and PDF as vectors and byte for byte the same for the same input
(`svg.hashsalt` fixed, no creation date).

What is drawn (in a Mercator projection, as the interactive map):
- Natural Earth country outlines (the package's own `countries_geom.zip`, via
  `itinerary.geodesy`): land on sea, with borders;
- the legs as geodesics (`itinerary.geodesy.great_circle`), split at the map's ±180° edge when a
  journey goes round the world; expected legs dashed, with a direction arrow on each;
- the stops as numbered markers (one per place: "1/6"), hollow for expected stops;
- a label per stop ("1. Pyongyang" and its day), placed greedily among candidate offsets so that
  no label covers another label, a marker, the title, legend or scale bar; a label moved away
  from its marker gets a leader line;
- title, date span, legend, a scale bar in km (true at the map's centre latitude), attribution.

Every word is in the reader's language (`labels.Labels`), dates through CLDR. The fonts are the
DejaVu Sans files inside matplotlib, so the output is the same on every machine; DejaVu covers
Latin, Greek and Cyrillic. Text it cannot show (Chinese, Japanese, Korean, Arabic, Hebrew, ...)
falls back to English: a word to the English pack, a date to the English date, a place name to
the ASCII form of its name or, failing that, just its number.

SVG ids (`gid`) are stable and countable: `label-<seq>` per stop label, `leg-<from>-<to>` per leg,
`stop-<seqs>` per marker, `dir-<from>-<to>` per arrow, and `title`, `subtitle`, `legend`,
`scalebar`, `attribution`, `land`, `borders`. Article text reaches the SVG only as text matplotlib
escapes (no usetex; math parsing off, so a "$" is a dollar).
"""
from __future__ import annotations

import io
import math
import os
import re
import unicodedata
from dataclasses import dataclass
import datetime as _dt
from functools import lru_cache
from pathlib import Path
from typing import Sequence
from urllib.parse import urlsplit

from .. import __version__
from ..errors import FormatError
from ..model import Itinerary, Stop
from .exports import check_position, journey_positions
from .labels import Labels, labels as _labels, resolve as resolve_lang

STATIC_FORMATS = {".png": "png", ".svg": "svg", ".pdf": "pdf"}
DEFAULT_SIZE = (1500, 1000)  # pixels: 10 x 6.67 inches at 150 dpi
DEFAULT_DPI = 150
MIN_PIXELS, MAX_PIXELS = 200, 12_000
MIN_DPI, MAX_DPI = 50, 1200

STATUS_COLORS = {"visited": "#1f5fa8", "expected": "#e07b00", "passed": "#6b6b6b"}
_OTHER = "#444444"
SEA = "#dbe9f2"
LAND = "#f4f1ea"
BORDER = "#9a9a9a"
INK = "#222222"
_MAX_LAT = 85.0
_MIN_SPAN = 0.6  # degrees: the closest a map zooms in (Natural Earth 1:10m is ~1 km exact)
_STEP_KM = 25.0

LatLon = tuple[float, float]


# ---------------------------------------------------------------- options


def static_format(output) -> str | None:
    """"png", "svg" or "pdf" for an output with that extension, else None."""
    try:
        suffix = Path(os.fspath(output)).suffix.lower()
    except TypeError:
        return None
    return STATIC_FORMATS.get(suffix)


def parse_size(size) -> tuple[int, int]:
    """(width, height) in pixels from "1200x675" (or a pair); FormatError otherwise."""
    if size is None:
        return DEFAULT_SIZE
    if isinstance(size, (tuple, list)) and len(size) == 2:
        w, h = size
    else:
        m = re.fullmatch(r"\s*(\d{1,6})\s*[x×X]\s*(\d{1,6})\s*", str(size))
        if not m:
            raise FormatError(f"--size {size!r}: expected WIDTHxHEIGHT in pixels, such as 1200x675")
        w, h = m.groups()
    try:
        w, h = int(w), int(h)
    except (TypeError, ValueError):
        raise FormatError(f"--size {size!r}: expected WIDTHxHEIGHT in pixels, such as 1200x675") from None
    if not (MIN_PIXELS <= w <= MAX_PIXELS and MIN_PIXELS <= h <= MAX_PIXELS):
        raise FormatError(f"--size {w}x{h}: each side must be {MIN_PIXELS} to {MAX_PIXELS} pixels")
    if max(w, h) > 4 * min(w, h):
        raise FormatError(f"--size {w}x{h}: the map would be a strip (one side over 4 times the other)")
    return w, h


def check_dpi(dpi) -> int:
    try:
        value = int(dpi)
    except (TypeError, ValueError):
        raise FormatError(f"--dpi {dpi!r}: expected a whole number of dots per inch") from None
    if not MIN_DPI <= value <= MAX_DPI or value != dpi:
        raise FormatError(f"--dpi {dpi!r}: expected a whole number from {MIN_DPI} to {MAX_DPI}")
    return value


def check_static_options(output, title=None, size=None, dpi=DEFAULT_DPI, lang=None) -> str:
    """The format ("png" | "svg" | "pdf") after checking every option (FormatError), before work."""
    from .labels import check_lang

    fmt = static_format(output)
    if fmt is None:
        raise FormatError(f"{output}: not a static map (use .png, .svg or .pdf)")
    if title is not None and not isinstance(title, str):
        raise FormatError(f"title: expected text, not {type(title).__name__}")
    parse_size(size)
    check_dpi(dpi)
    check_lang(lang)
    return fmt


# ---------------------------------------------------------------- text the fonts can show


@lru_cache(maxsize=1)
def _font_files() -> dict[str, str]:
    import matplotlib

    folder = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
    return {"regular": str(folder / "DejaVuSans.ttf"), "bold": str(folder / "DejaVuSans-Bold.ttf"),
            "italic": str(folder / "DejaVuSans-Oblique.ttf")}


@lru_cache(maxsize=1)
def _charmap() -> frozenset[int]:
    from matplotlib.ft2font import FT2Font

    return frozenset(FT2Font(_font_files()["regular"]).get_charmap())


def displayable(text: str) -> bool:
    """Can DejaVu Sans show `text` as it should read? Every character has a glyph, and none is of
    a right-to-left script (matplotlib lays text out left to right, without Arabic shaping)."""
    cmap = _charmap()
    for ch in text:
        if ch in "\n\t ":
            continue
        if ord(ch) not in cmap or unicodedata.bidirectional(ch) in ("R", "AL", "AN"):
            return False
    return True


def _ascii(text: str) -> str:
    """Latin letters of a name without their accents; "" if nothing Latin is left."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    folded = " ".join(folded.split())
    return folded if sum(ch.isalpha() for ch in folded) >= 2 else ""


def _clean(text: str) -> str:
    """One line of plain text: whitespace folded, control and bidi-format characters dropped."""
    text = "".join(ch for ch in str(text) if unicodedata.category(ch) not in ("Cc", "Cf") or ch == " ")
    return " ".join(text.split())


def place_label(name: str) -> str:
    """A place name as the static map can show it: as written, else its ASCII form, else ""."""
    name = _clean(name)
    if displayable(name):
        return name
    folded = _ascii(name)
    return folded if displayable(folded) else ""


class _Words:
    """Labels whose text falls back to English where DejaVu cannot show the reader's language."""

    def __init__(self, L: Labels):
        self.L = L
        self.en = _labels("en")

    def t(self, key: str, **kw) -> str:
        text = self.L.t(key, **kw)
        return text if displayable(text) else self.en.t(key, **kw)

    def count(self, key: str, n: int) -> str:
        text = self.L.count(key, n)
        return text if displayable(text) else self.en.count(key, n)

    def legend_status(self, status: str) -> str:
        text = self.L.legend_status(status)
        return text if displayable(text) else self.en.legend_status(status)

    def date(self, d: _dt.date, style: str) -> str:
        text = self.L.date(d, style)
        return text if displayable(text) else self.en.date(d, style)

    def date_range(self, a: _dt.date | None, b: _dt.date | None, skeleton: str = "yMMMd") -> str:
        text = self.L.date_range(a, b, skeleton)
        return text if displayable(text) else self.en.date_range(a, b, skeleton)

    def number(self, x: float) -> str:
        digits = 0 if float(x).is_integer() else 3
        text = self.L.number(x, digits, trim=True)
        return text if displayable(text) else self.en.number(x, digits, trim=True)


# ---------------------------------------------------------------- projection


def _merc(lat: float) -> float:
    lat = max(-_MAX_LAT, min(_MAX_LAT, lat))
    return math.degrees(math.log(math.tan(math.pi / 4 + math.radians(lat) / 2)))


def _inv_merc(y: float) -> float:
    return math.degrees(2 * math.atan(math.exp(math.radians(y))) - math.pi / 2)


@dataclass(frozen=True)
class _Frame:
    """How longitudes are laid out: continuous along the journey (`centre` None), or within
    [centre-180, centre+180] with legs split at that edge, for journeys round the world."""

    centre: float | None

    def lon(self, lon: float) -> float:
        if self.centre is None:
            return lon
        return (lon - self.centre + 180.0) % 360.0 - 180.0 + self.centre

    def leg(self, a: LatLon, b: LatLon) -> list[list[LatLon]]:
        from ..geodesy import great_circle

        if self.centre is None:
            (line,) = great_circle(a[0], a[1], b[0], b[1], _STEP_KM, unwrap=True)
            shift = a[1] - line[0][1]
            return [[(la, lo + shift) for la, lo in line]]
        c = self.centre
        parts = great_circle(a[0], a[1] - c, b[0], b[1] - c, _STEP_KM)  # split at c ± 180
        return [[(la, lo + c) for la, lo in part] for part in parts]


def _frame(positions: Sequence[LatLon]) -> _Frame:
    lons = [lo for _, lo in positions]
    if not lons or max(lons) - min(lons) <= 300.0:
        return _Frame(None)
    # Round the world: centre the map on the circular mean, cut the legs at its far side.
    x = sum(math.cos(math.radians(lo)) for lo in lons)
    y = sum(math.sin(math.radians(lo)) for lo in lons)
    return _Frame(round(math.degrees(math.atan2(y, x)), 6) if (x or y) else 0.0)


# ---------------------------------------------------------------- country outlines


def _outlines(west: float, east: float, south: float, north: float, tol: float):
    """(land, borders) in projected coordinates: shapely geometries clipped to the view."""
    import shapely
    from shapely import affinity

    from .. import geodesy

    def project(coords):
        import numpy as np

        out = np.array(coords, dtype=float)
        lat = np.clip(out[:, 1], -_MAX_LAT, _MAX_LAT)
        out[:, 1] = np.degrees(np.log(np.tan(np.pi / 4 + np.radians(lat) / 2)))
        return out

    land, borders = [], []
    for shift, minx, maxx, geom in geodesy.countries_in_view(west, south, east, north):
        for out, g in ((land, geom), (borders, _without_antimeridian(geom.boundary))):
            part = shapely.clip_by_rect(g, minx, south, maxx, north)
            if part.is_empty:
                continue
            part = part.simplify(tol, preserve_topology=out is land)
            if part.is_empty:
                continue
            if shift:
                part = affinity.translate(part, xoff=shift)
            out.append(shapely.transform(part, project))
    return land, borders


def _without_antimeridian(lines):
    """A country's outline less its edges along ±180°, where Natural Earth cuts Russia, Fiji and
    the United States: those are no borders, and on a map across the Pacific they would show."""
    import shapely

    cut = shapely.union(shapely.box(179.99999, -90.0, 181.0, 90.0), shapely.box(-181.0, -90.0, -179.99999, 90.0))
    return shapely.difference(lines, cut) if shapely.intersects(lines, cut) else lines


def _polygon_path(geoms):
    """One matplotlib Path of every polygon (exteriors counter-clockwise, holes clockwise, so the
    non-zero fill rule leaves the holes open)."""
    import numpy as np
    from matplotlib.path import Path as MPath
    from shapely.geometry.polygon import orient

    verts, codes = [], []
    for g in geoms:
        for poly in getattr(g, "geoms", [g]):
            if poly.geom_type != "Polygon" or poly.is_empty:
                continue
            poly = orient(poly, sign=1.0)
            for ring in [poly.exterior, *poly.interiors]:
                xy = np.asarray(ring.coords)
                if len(xy) < 4:
                    continue
                verts.append(xy)
                codes.append([MPath.MOVETO] + [MPath.LINETO] * (len(xy) - 2) + [MPath.CLOSEPOLY])
    if not verts:
        return None
    return MPath(np.concatenate(verts), np.concatenate(codes))


def _line_path(geoms):
    import numpy as np
    from matplotlib.path import Path as MPath

    verts, codes = [], []
    for g in geoms:
        for line in getattr(g, "geoms", [g]):
            if line.geom_type not in ("LineString", "LinearRing") or line.is_empty:
                continue
            xy = np.asarray(line.coords)
            if len(xy) < 2:
                continue
            verts.append(xy)
            codes.append([MPath.MOVETO] + [MPath.LINETO] * (len(xy) - 1))
    if not verts:
        return None
    return MPath(np.concatenate(verts), np.concatenate(codes))


# ---------------------------------------------------------------- label placement


@dataclass
class _Box:
    x0: float
    y0: float
    x1: float
    y1: float

    def overlap(self, o: "_Box") -> float:
        w = min(self.x1, o.x1) - max(self.x0, o.x0)
        h = min(self.y1, o.y1) - max(self.y0, o.y0)
        return w * h if w > 0 and h > 0 else 0.0

    def inside(self, o: "_Box") -> bool:
        return self.x0 >= o.x0 and self.y0 >= o.y0 and self.x1 <= o.x1 and self.y1 <= o.y1

    def contains(self, x: float, y: float) -> bool:
        return self.x0 <= x <= self.x1 and self.y0 <= y <= self.y1

    def grow(self, d: float) -> "_Box":
        return _Box(self.x0 - d, self.y0 - d, self.x1 + d, self.y1 + d)


def _box(bbox) -> _Box:
    return _Box(bbox.x0, bbox.y0, bbox.x1, bbox.y1)


def _patch_box(text, renderer) -> _Box:
    """The pixel box of a text's background box (laid out now, as drawing would)."""
    text.update_bbox_position_size(renderer)
    return _box(text.get_bbox_patch().get_window_extent(renderer))


# Directions tried around a marker, best first: right, left, above right, below right, ...
_DIRECTIONS = [(1, 0), (-1, 0), (1, 1), (1, -1), (-1, 1), (-1, -1), (0, 1), (0, -1),
               (2, 1), (2, -1), (-2, 1), (-2, -1)]
_RINGS = (1.0, 2.4, 3.8, 5.4)  # distances (in units of the base gap); beyond the first: leader line


def _candidates(px: float, py: float, w: float, h: float, gap: float):
    """(box, offset_x, offset_y, ha, va, ring, rank) of each place a w×h label may take."""
    rank = 0
    for ring, dist in enumerate(_RINGS):
        for dx, dy in _DIRECTIONS:
            norm = math.hypot(dx, dy)
            ox, oy = dx / norm * gap * dist, dy / norm * gap * dist
            ha = "left" if dx > 0 else "right" if dx < 0 else "center"
            va = "bottom" if dy > 0 else "top" if dy < 0 else "center"
            ax0 = px + ox - (0 if ha == "left" else w if ha == "right" else w / 2)
            ay0 = py + oy - (0 if va == "bottom" else h if va == "top" else h / 2)
            yield _Box(ax0, ay0, ax0 + w, ay0 + h), ox, oy, ha, va, ring, rank
            rank += 1


def _place_label(anchor: tuple[float, float], size: tuple[float, float], gap: float, taken: list[_Box],
                 area: _Box, lines: Sequence[tuple[float, float]]):
    """The best candidate: inside the map, covering nothing placed, crossing few leg points, near."""
    best, best_cost = None, math.inf
    w, h = size
    for box, ox, oy, ha, va, ring, rank in _candidates(anchor[0], anchor[1], w, h, gap):
        if not box.inside(area):
            continue
        covered = sum(box.overlap(t) for t in taken)
        crossed = sum(1 for x, y in lines if box.contains(x, y))
        cost = covered * 1000.0 + crossed * 40.0 + rank * 6.0 + ring * 60.0
        if cost < best_cost:
            best, best_cost = (box, ox, oy, ha, va, ring), cost
        if covered == 0 and crossed == 0 and ring == 0:
            break
    return best


# ---------------------------------------------------------------- drawing


def _stop_label_text(s: Stop, W: _Words) -> str:
    name = place_label(s.place.name)
    head = f"{s.seq}. {name}" if name else f"{s.seq}."
    if s.date is None:
        return head
    when = W.date(s.date, "MMMEd") if s.date_end in (None, s.date) else W.date_range(s.date, s.date_end, "MMMd")
    return f"{head}\n{when}"


def _nice_km(target: float) -> float:
    """The round length (1, 2 or 5 times a power of ten) nearest to `target` km."""
    if target <= 0 or not math.isfinite(target):
        return 1.0
    exp = 10.0 ** math.floor(math.log10(target))
    best = min((m * exp for m in (1, 2, 5, 10)), key=lambda v: abs(math.log(v / target)))
    return float(f"{best:.6g}")


def _sources(itin: Itinerary) -> list[str]:
    out: list[str] = []
    for d in itin.documents:
        name = _clean(d.source or "") or (urlsplit(d.url).hostname or "" if d.url else "")
        name = name if displayable(name) else _ascii(name)
        if name and name not in out:
            out.append(name)
    return out


def render_static(itin: Itinerary, fmt: str, title: str | None = None, size=None, dpi: int = DEFAULT_DPI,
                  lang: str | None = None) -> bytes:
    """The journey as a PNG, SVG or PDF file's bytes (`fmt`), `size` pixels (width, height, or
    "1200x675") at `dpi` for PNG, the same inches for SVG and PDF. `lang`: a pack code, "auto"
    (the articles' language when they agree, else English) or None (English).

    Equal input gives equal bytes. FormatError for a bad option; OutputError for a place without
    finite coordinates."""
    if fmt not in STATIC_FORMATS.values():
        raise FormatError(f"unknown static map format {fmt!r}: use png, svg or pdf")
    width, height = parse_size(size)
    dpi = check_dpi(dpi)
    L = _labels(resolve_lang(itin.documents, lang) if lang is not None else None)
    for s in itin.stops:
        check_position(s.place)
    for m in itin.mentions:
        check_position(m.place)

    import matplotlib

    rc = {
        "svg.hashsalt": "itinerary", "svg.fonttype": "none", "pdf.fonttype": 42, "ps.fonttype": 42,
        "text.usetex": False, "text.parse_math": False, "path.simplify": False,
        "font.family": "DejaVu Sans", "axes.unicode_minus": False, "savefig.transparent": False,
    }
    with matplotlib.rc_context(rc):
        fig, shown_title = _draw(itin, title, width, height, dpi, L)
        buf = io.BytesIO()
        meta = {"png": {"Software": f"itinerary {__version__}", "Title": shown_title},
                "svg": {"Date": None, "Creator": f"itinerary {__version__}", "Title": shown_title},
                "pdf": {"CreationDate": None, "ModDate": None, "Creator": f"itinerary {__version__}",
                        "Producer": f"itinerary {__version__}", "Title": shown_title}}[fmt]
        fig.savefig(buf, format=fmt, dpi=dpi, metadata=meta, facecolor=fig.get_facecolor())
    return buf.getvalue()


def _draw(itin: Itinerary, title: str | None, width: int, height: int, dpi: int, L: Labels):
    import numpy as np
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.font_manager import FontProperties
    from matplotlib.lines import Line2D
    from matplotlib.patches import FancyBboxPatch, PathPatch

    from .map import _title_and_subtitle, default_title

    W = _Words(L)
    files = _font_files()
    scale = max(0.75, min(2.2, math.sqrt((width / dpi) * (height / dpi) / (10 * 6.67))))
    fs = 9.0 * scale  # base font size in points
    regular = FontProperties(fname=files["regular"], size=fs)
    small = FontProperties(fname=files["regular"], size=fs * 0.78)
    italic = FontProperties(fname=files["italic"], size=fs, style="italic")
    bold = FontProperties(fname=files["bold"], size=fs * 1.45, weight="bold")
    bold_small = FontProperties(fname=files["bold"], size=fs, weight="bold")
    mono_px = dpi / 72.0  # pixels per point

    fig = Figure(figsize=(width / dpi, height / dpi), dpi=dpi, facecolor=SEA)
    FigureCanvasAgg(fig)
    renderer = fig.canvas.get_renderer()
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_axis_off()
    ax.set_facecolor(SEA)
    margin = 10 * scale * mono_px  # pixels

    # -------- title and subtitle (top left), measured first: the journey is fitted below them
    stops = sorted(itin.stops, key=lambda s: s.seq)
    names = [place_label(s.place.name) or str(s.seq) for s in stops]
    if title is not None and displayable(_clean(title)) and _clean(title):
        shown_title = _clean(title)
    else:
        shown_title = default_title(itin, L, names) if stops else W.t("title_places")
        if not displayable(shown_title):
            shown_title = _labels("en").t("title_places")
    _, subtitle = _title_and_subtitle(itin, shown_title, L)
    if not displayable(subtitle):
        _, subtitle = _title_and_subtitle(itin, shown_title, _labels("en"))
    max_w = width * 0.72
    t_title = fig.text(margin / width, 1 - margin / height, _fit(shown_title, bold, max_w, renderer, fig),
                       fontproperties=bold, color=INK, ha="left", va="top", gid="title", zorder=20)
    tb = t_title.get_window_extent(renderer)
    t_sub = fig.text(margin / width, (tb.y0 - 3 * scale * mono_px) / height,
                     _fit(subtitle, regular, max_w, renderer, fig), fontproperties=regular, color="#444444",
                     ha="left", va="top", gid="subtitle", zorder=20)
    sb = t_sub.get_window_extent(renderer) if subtitle else tb
    pad = 6 * scale * mono_px
    head = _Box(min(tb.x0, sb.x0) - pad, min(tb.y0, sb.y0) - pad, max(tb.x1, sb.x1) + pad, tb.y1 + pad)
    fig.patches.append(FancyBboxPatch((head.x0 / width, head.y0 / height), (head.x1 - head.x0) / width,
                                      (head.y1 - head.y0) / height, boxstyle="round,pad=0,rounding_size=0.004",
                                      transform=fig.transFigure, fc="white", ec="none", alpha=0.92, zorder=19,
                                      gid="title-box"))
    top_band = height - head.y0 + margin
    bottom_band = 34 * scale * mono_px

    # -------- what to fit: stops and legs (or the places mentioned when there is no journey)
    pos = journey_positions(stops)
    frame = _frame(list(pos.values()))
    pos = {k: (la, frame.lon(lo)) for k, (la, lo) in pos.items()}
    legs = []
    for leg in itin.legs:
        a, b = pos.get(leg.from_seq), pos.get(leg.to_seq)
        if a is None or b is None:
            continue
        parts = [[(lo, _merc(la)) for la, lo in part] for part in frame.leg(a, b)]
        legs.append((leg, parts))
    points = [(lo, _merc(la)) for la, lo in pos.values()]
    mention_points = []
    if not stops:
        seen = set()
        for m in itin.mentions:
            if m.place.is_area or m.place.id in seen:
                continue
            seen.add(m.place.id)
            mention_points.append((m.place.lon, _merc(m.place.lat)))
    fit = points + [p for _, parts in legs for part in parts for p in part] + mention_points
    if not fit:
        fit = [(-170.0, _merc(-60.0)), (170.0, _merc(75.0))]

    xs, ys = [p[0] for p in fit], [p[1] for p in fit]
    x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
    span = max(x1 - x0, y1 - y0, _MIN_SPAN)
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    x0, x1 = min(x0, cx - span / 4), max(x1, cx + span / 4)
    y0, y1 = min(y0, cy - span / 4), max(y1, cy + span / 4)
    side = 0.09 * width + 40 * scale * mono_px  # room for labels left and right
    avail_w = max(width - 2 * side, width * 0.3)
    avail_h = max(height - top_band - bottom_band - 2 * 28 * scale * mono_px, height * 0.3)
    k = min(avail_w / (x1 - x0), avail_h / (y1 - y0))  # pixels per projected degree
    mid_x = (x0 + x1) / 2
    mid_y = (y0 + y1) / 2
    centre_px_y = bottom_band + 28 * scale * mono_px + avail_h / 2
    xlim = (mid_x - width / 2 / k, mid_x + width / 2 / k)
    ylim = (mid_y - centre_px_y / k, mid_y + (height - centre_px_y) / k)
    lim = _merc(_MAX_LAT)
    if ylim[1] > lim:
        ylim = (ylim[0] - (ylim[1] - lim), lim)
    if ylim[0] < -lim:
        ylim = (-lim, ylim[1] + (-lim - ylim[0]))
    ax.set_xlim(*xlim)
    ax.set_ylim(*ylim)

    # -------- land and borders
    south, north = _inv_merc(max(ylim[0], -lim)), _inv_merc(min(ylim[1], lim))
    tol = (xlim[1] - xlim[0]) / width * 0.6
    land, borders = _outlines(xlim[0] - 1, xlim[1] + 1, max(south - 1, -90), min(north + 1, 90), tol)
    path = _polygon_path(land)
    if path is not None:
        ax.add_patch(PathPatch(path, fc=LAND, ec="none", lw=0, zorder=1, gid="land"))
    path = _line_path(borders)
    if path is not None:
        ax.add_patch(PathPatch(path, fc="none", ec=BORDER, lw=0.6 * scale, zorder=2, gid="borders"))

    # -------- legs with a direction arrow each
    to_px = ax.transData.transform
    leg_pixels: list[tuple[float, float]] = []
    for leg, parts in legs:
        color = STATUS_COLORS.get(leg.status, _OTHER)
        xy = []
        for part in parts:
            if xy:
                xy.append((np.nan, np.nan))
            xy.extend(part)
        arr = np.array(xy, dtype=float)
        expected = leg.status == "expected"
        ax.add_line(Line2D(arr[:, 0], arr[:, 1], color=color, lw=(1.8 if expected else 2.4) * scale,
                           linestyle=(0, (4, 3)) if expected else "-", solid_capstyle="round",
                           dash_capstyle="butt", zorder=5, gid=f"leg-{leg.from_seq}-{leg.to_seq}"))
        flat = [p for part in parts for p in part]
        for p in to_px(np.array(flat)):
            leg_pixels.append((float(p[0]), float(p[1])))
        # The arrow on the longest piece (a leg cut at the map's edge is two pieces).
        longest = max(parts, key=lambda part: _length(to_px(np.array(part, dtype=float))))
        _arrow(ax, longest, color, scale, f"dir-{leg.from_seq}-{leg.to_seq}")

    # -------- stop markers: one per place, numbered
    taken: list[_Box] = [head]
    by_place: dict[tuple[float, float], list[Stop]] = {}
    for s in stops:
        by_place.setdefault(pos[s.seq], []).append(s)
    marker_px: dict[int, tuple[float, float, float]] = {}
    markers: list[_Box] = []
    inv = ax.transData.inverted()
    for (lat, lon), group in by_place.items():
        first = group[0]
        color = STATUS_COLORS.get(first.status, _OTHER)
        hollow = first.status == "expected"
        text = "/".join(str(s.seq) for s in group)
        gid = "-".join(str(s.seq) for s in group)
        x, y = lon, _merc(lat)
        t = ax.text(x, y, text, fontproperties=bold_small if len(text) <= 2 else small,
                    color=color if hollow else "white", ha="center", va="center", zorder=8,
                    gid=f"stop-{gid}",
                    bbox=dict(boxstyle="circle,pad=0.28" if len(text) <= 2 else "round,pad=0.34,rounding_size=0.75",
                              fc="white" if hollow else color, ec=color if hollow else "white",
                              lw=1.4 * scale, linestyle="--" if hollow else "-"))
        bb = _patch_box(t, renderer)
        px, py = (float(v) for v in to_px((x, y)))
        # A marker that would cover an earlier one (Vladivostok and Artyom, 35 km apart) moves
        # aside, the least it must, tied to its place by a short line and a dot.
        if any(bb.grow(1).overlap(o) for o in markers):
            w, h = bb.x1 - bb.x0, bb.y1 - bb.y0
            step = max(w, h) * 1.05
            for ring in (1, 2, 3):
                moved = None
                for dx, dy in _DIRECTIONS[:8]:
                    norm = math.hypot(dx, dy)
                    ox, oy = dx / norm * step * ring, dy / norm * step * ring
                    cand = _Box(bb.x0 + ox, bb.y0 + oy, bb.x1 + ox, bb.y1 + oy)
                    if not any(cand.grow(1).overlap(o) for o in markers) and cand.overlap(head) == 0:
                        moved = (ox, oy, cand)
                        break
                if moved:
                    break
            if moved:
                ox, oy, bb = moved
                nx, ny = inv.transform((px + ox, py + oy))
                t.set_position((nx, ny))
                ax.add_line(Line2D([x, nx], [y, ny], color=color, lw=0.9 * scale, zorder=7,
                                   marker="o", markevery=[0], ms=2.6 * scale, gid=f"stop-tie-{gid}"))
                px, py = px + ox, py + oy
        markers.append(bb)
        taken.append(bb.grow(1))
        r = max(bb.x1 - bb.x0, bb.y1 - bb.y0) / 2
        for s in group:
            marker_px[s.seq] = (px, py, r)
    for mx, my in mention_points:
        ax.plot([mx], [my], marker="o", ms=5 * scale, mfc="#ffd23f", mec="#333333", mew=0.8, zorder=6,
                linestyle="none")

    # -------- legend (the corner with the least of the journey under it), scale bar, attribution
    legend = _legend(ax, itin, W, regular, small, scale)
    area = _Box(margin, margin, width - margin, height - margin)
    if legend is not None:
        lb = legend.get_window_extent(renderer)
        lw_, lh_ = lb.width, lb.height
        best = None
        for loc, (lx, ly) in (("upper right", (width - margin - lw_, height - margin - lh_)),
                              ("lower right", (width - margin - lw_, bottom_band)),
                              ("lower left", (margin, bottom_band))):
            cand = _Box(lx, ly, lx + lw_, ly + lh_)
            if cand.overlap(head) > 0:
                continue
            under = sum(1 for p in leg_pixels if cand.contains(*p)) + 25 * sum(
                1 for (px, py, _) in marker_px.values() if cand.grow(12 * scale * mono_px).contains(px, py))
            if best is None or under < best[0]:
                best = (under, loc, cand)
        if best is not None:
            legend.set_bbox_to_anchor((best[2].x0 / width, best[2].y0 / height), transform=fig.transFigure)
            taken.append(_box(legend.get_window_extent(renderer)).grow(2))
    taken.extend(_scalebar(fig, ax, xlim, ylim, width, height, margin, scale, regular, small, W, renderer))
    taken.append(_attribution(fig, itin, W, small, width, margin, renderer))

    # -------- labels, greedily, in travel order
    gap = 4 * scale * mono_px
    for s in stops:
        px, py, r = marker_px[s.seq]
        text = _stop_label_text(s, W)
        prop = italic if s.status == "expected" else regular
        probe = ax.annotate(text, (0, 0), xycoords="figure pixels", fontproperties=prop,
                            bbox=dict(boxstyle="round,pad=0.2", fc="white", ec="none", alpha=0.85))
        bb = _patch_box(probe, renderer)
        tb_ = probe.get_window_extent(renderer)
        probe.remove()
        pad_x = ((bb.x1 - bb.x0) - tb_.width) / 2
        pad_y = ((bb.y1 - bb.y0) - tb_.height) / 2
        size = (bb.x1 - bb.x0, bb.y1 - bb.y0)
        choice = _place_label((px, py), size, r + gap, taken, area, leg_pixels)
        if choice is None:  # nowhere inside the map: right of the marker, whatever it covers
            w, h = size
            choice = (_Box(px + r + gap, py - h / 2, px + r + gap + w, py + h / 2), r + gap, 0.0,
                      "left", "center", 0)
        box, ox, oy, ha, va, ring = choice
        # Text anchor inside the padded box.
        off_x = ox + (pad_x if ha == "left" else -pad_x if ha == "right" else 0)
        off_y = oy + (pad_y if va == "bottom" else -pad_y if va == "top" else 0)
        arrow = None
        if ring > 0:
            arrow = dict(arrowstyle="-", color="#555555", lw=0.7 * scale, shrinkA=0, shrinkB=r / mono_px,
                         relpos=(0 if ha == "left" else 1 if ha == "right" else 0.5,
                                 0 if va == "bottom" else 1 if va == "top" else 0.5))
        x, y = ax.transData.inverted().transform((px, py))
        note = ax.annotate(text, (x, y), xycoords="data", xytext=(off_x / mono_px, off_y / mono_px),
                    textcoords="offset points", ha=ha, va=va, fontproperties=prop, color=INK,
                    multialignment="left", zorder=9, gid=f"label-{s.seq}", arrowprops=arrow,
                    bbox=dict(boxstyle="round,pad=0.2", fc="white", ec="none", alpha=0.85))
        if note.arrow_patch is not None:
            note.arrow_patch.set_gid(f"leader-{s.seq}")
        taken.append(box)

    if not stops:
        ax.text(0.5, 0.5, W.t("notice_title"), transform=ax.transAxes, ha="center", va="center",
                         fontproperties=bold, color=INK, zorder=30, gid="notice",
                         bbox=dict(boxstyle="round,pad=0.6", fc="white", ec="none", alpha=0.92))
    return fig, shown_title


def _fit(text: str, prop, max_w: float, renderer, fig) -> str:
    """`text` cut with an ellipsis so that it is at most max_w pixels wide."""
    from matplotlib.text import Text

    probe = Text(0, 0, text, fontproperties=prop, figure=fig)
    if probe.get_window_extent(renderer).width <= max_w:
        return text
    lo, hi = 1, len(text)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        probe.set_text(text[:mid].rstrip() + "\u2026")
        if probe.get_window_extent(renderer).width <= max_w:
            lo = mid
        else:
            hi = mid - 1
    return text[:lo].rstrip() + "\u2026"


def _length(pts) -> float:
    import numpy as np

    return float(np.hypot(*np.diff(pts, axis=0).T).sum()) if len(pts) > 1 else 0.0


def _arrow(ax, path: Sequence[tuple[float, float]], color: str, scale: float, gid: str) -> None:
    """A filled arrowhead at the middle of a drawn leg, pointing the way travelled."""
    import numpy as np

    if len(path) < 2:
        return
    pts = ax.transData.transform(np.array(path, dtype=float))
    seg = np.hypot(*np.diff(pts, axis=0).T)
    total = float(seg.sum())
    if total < 12 * scale:
        return  # a leg too short on the page for an arrow (Vladivostok -> Artyom)
    half, run = total / 2, 0.0
    for i, d in enumerate(seg):
        if run + d >= half and d > 0:
            f = (half - run) / d
            a = pts[i] + f * (pts[i + 1] - pts[i])
            u = (pts[i + 1] - pts[i]) / d
            break
        run += d
    else:
        return
    inv = ax.transData.inverted()
    tail = inv.transform(a - u * 5 * scale)
    tip = inv.transform(a + u * 5 * scale)
    ax.annotate("", xy=tuple(tip), xytext=tuple(tail), xycoords="data", zorder=6, gid=gid,
                arrowprops=dict(arrowstyle="-|>,head_length=0.7,head_width=0.38", color=color,
                                lw=0, mutation_scale=12 * scale, shrinkA=0, shrinkB=0))


def _legend(ax, itin: Itinerary, W: _Words, regular, small, scale: float):
    from matplotlib.lines import Line2D

    if not itin.stops:
        return None
    present = {s.status for s in itin.stops} | {leg.status for leg in itin.legs}
    handles, texts = [], []
    for st in ("visited", "expected", "passed"):
        if st not in present:
            continue
        color = STATUS_COLORS[st]
        hollow = st == "expected"
        handles.append(Line2D([0], [0], color=color, lw=(1.8 if hollow else 2.4) * scale,
                              linestyle=(0, (4, 3)) if hollow else "-", marker="o", ms=8 * scale,
                              mfc="white" if hollow else color, mec=color, mew=1.4 * scale))
        texts.append(W.legend_status(st))
    handles.append(Line2D([], [], color="none"))
    texts.append(f"1, 2, \u2026 {W.t('legend_order')} \u00b7 \u27a4 {W.t('legend_direction')}")
    leg = ax.legend(handles, texts, title=W.t("legend_journey"), loc="lower left", prop=small,
                    frameon=True, fancybox=True, framealpha=0.92, edgecolor="none", borderpad=0.7,
                    handlelength=2.6, title_fontproperties=regular)
    leg.set_gid("legend")
    leg.set_zorder(20)
    return leg


def _scalebar(fig, ax, xlim, ylim, width, height, margin, scale, regular, small, W: _Words, renderer) -> list:
    """A bar of a round number of km, true at the map's centre latitude, bottom left."""
    from matplotlib.patches import Rectangle

    from ..geodesy import geodesic_km

    lat_c = _inv_merc((ylim[0] + ylim[1]) / 2)
    lon_c = (xlim[0] + xlim[1]) / 2
    lon_c = (lon_c + 180.0) % 360.0 - 180.0
    # Length of one degree of longitude at the centre latitude (WGS84), and in pixels.
    km_per_deg = geodesic_km(lat_c, lon_c - 0.5, lat_c, lon_c + 0.5)
    # On Mercator one degree of x is one degree of longitude; its length on the page:
    px_per_deg = width / (xlim[1] - xlim[0])
    if km_per_deg <= 0:
        return []
    km = _nice_km(km_per_deg / px_per_deg * width * 0.18)
    bar_px = km / km_per_deg * px_per_deg
    x0 = margin + 6 * scale
    y0 = margin + 16 * scale * fig.dpi / 72
    h = 4.5 * scale * fig.dpi / 72
    artists = []
    for i in range(2):
        artists.append(Rectangle(((x0 + i * bar_px / 2) / width, y0 / height), bar_px / 2 / width, h / height,
                                 transform=fig.transFigure, fc=INK if i == 0 else "white", ec=INK,
                                 lw=0.8 * scale, zorder=21))
    for a in artists:
        fig.patches.append(a)
    unit = W.t("unit_km")
    ticks = [(0, "0"), (0.5, W.number(km / 2)), (1.0, f"{W.number(km)} {unit}")]
    texts = []
    for f, label in ticks:
        texts.append(fig.text((x0 + f * bar_px) / width, (y0 + h + 2 * scale) / height, label,
                              fontproperties=small, color=INK, ha="left" if f == 1.0 else "center",
                              va="bottom", zorder=21))
    group_box = _Box(x0 - 8 * scale, y0 - 4 * scale, x0 + bar_px + 8 * scale, y0 + h + 2 * scale)
    for t in texts:
        b = t.get_window_extent(renderer)
        group_box = _Box(min(group_box.x0, b.x0), min(group_box.y0, b.y0), max(group_box.x1, b.x1),
                         max(group_box.y1, b.y1))
    bg = Rectangle(((group_box.x0 - 4) / width, (group_box.y0 - 3) / height),
                   (group_box.x1 - group_box.x0 + 8) / width, (group_box.y1 - group_box.y0 + 6) / height,
                   transform=fig.transFigure, fc="white", ec="none", alpha=0.8, zorder=20, gid="scalebar")
    fig.patches.append(bg)
    return [group_box.grow(4)]


def _attribution(fig, itin: Itinerary, W: _Words, small, width: int, margin: float, renderer) -> _Box:
    sources = _sources(itin)
    if len(sources) > 4:
        sources = sources[:4] + [f"+{len(sources) - 4}"]
    reports = ", ".join(sources) if sources else W.count("count_reports", len(itin.documents))
    parts = [f"{W.t('attribution_borders')}: Natural Earth",
             f"{W.t('attribution_places')}: GeoNames (CC-BY 4.0)"]
    if itin.documents:
        parts.append(f"{W.t('attribution_reports')}: {reports}")
    parts.append(f"itinerary {__version__}")
    text = " \u00b7 ".join(parts)
    max_w = width - 2 * margin
    t = fig.text(1 - margin / width, margin / fig.bbox.height, _fit(text, small, max_w, renderer, fig),
                 fontproperties=small, color="#555555", ha="right", va="bottom", zorder=21, gid="attribution",
                 bbox=dict(boxstyle="round,pad=0.25", fc="white", ec="none", alpha=0.75))
    return _patch_box(t, renderer).grow(2)


def write_static(itin: Itinerary, output, title: str | None = None, size=None, dpi: int = DEFAULT_DPI,
                 lang: str | None = None, inputs=(), also_read=()) -> Path:
    """Render the static map chosen by the output's extension (.png, .svg, .pdf) and write it
    atomically (a failure leaves an existing file as it was). Returns the output's Path."""
    from ..outputs import check_output, write_atomic

    fmt = check_static_options(output, title, size, dpi, lang)
    out = check_output(output, inputs, also_read)
    data = render_static(itin, fmt, title=title, size=size, dpi=dpi, lang=lang)
    write_atomic(out, data)
    return out
