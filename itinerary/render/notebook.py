"""Jupyter display: an itinerary (or the places of `itinerary.places`) as its map, inline.

`Itinerary._repr_html_` returns `map_iframe(itin)`: the same self-contained page `itinerary map
-o trip.html` writes (Leaflet inline), inside an <iframe srcdoc="..."> of a fixed height. The page
is HTML-escaped whole into the attribute (&, <, >, " and ' become entities), so nothing in it,
article text included (already escaped inside the page), can end the attribute or reach the
notebook's own page. The frame is sandboxed (`allow-scripts allow-popups`): the map's script runs
in an opaque origin, with no access to the notebook, its cookies or its kernel; links in popups
open in a new tab.

Defaults for a notebook: tiles "none" (the embedded Natural Earth outlines are the background, so
the map needs no network at all and sends nothing anywhere; `tiles="osm"` asks OpenStreetMap's
servers for tiles, as `itinerary map` does), and lang "auto" (the articles' language when they all
agree, else English, as `itinerary map`). For other options:

    from itinerary.render.notebook import MapView
    MapView(trip, tiles="osm", lang="en", height=600)     # displays as the map
"""
from __future__ import annotations

from html import escape

from ..model import Itinerary

NOTEBOOK_HEIGHT = 520  # pixels: the map, its title and legend, without a scroll bar in the cell
_SANDBOX = "allow-scripts allow-popups allow-popups-to-escape-sandbox"


def iframe(page: str, title: str = "Journey map", height: int = NOTEBOOK_HEIGHT) -> str:
    """`page` (a whole HTML document) inside an <iframe srcdoc>, escaped for the attribute,
    sandboxed, 100% wide and `height` pixels high (an int from 100 to 5000; ValueError otherwise)."""
    if isinstance(height, bool) or not isinstance(height, int) or not 100 <= height <= 5000:
        raise ValueError(f"height: expected a whole number of pixels from 100 to 5000, not {height!r}")
    return (f'<iframe srcdoc="{escape(page, quote=True)}" title="{escape(title, quote=True)}" '
            f'sandbox="{_SANDBOX}" style="width:100%;height:{height}px;border:0" '
            f'referrerpolicy="no-referrer"></iframe>')


def map_iframe(itin: Itinerary, title: str | None = None, tiles: str = "none", lang: str | None = "auto",
               height: int = NOTEBOOK_HEIGHT, notice: bool = True) -> str:
    """The interactive map of `itin` (render.map.render_map, assets inline) as an <iframe srcdoc>
    `height` pixels high. `title`, `tiles` and `lang` as for render_map; FormatError for a bad
    tiles or lang value, OutputError for a place without finite coordinates."""
    from .map import render_map

    page = render_map(itin, title=title, assets="inline", tiles=tiles, lang=lang, notice=notice)
    return iframe(page, title or "Journey map", height)


def places_iframe(places, title: str | None = None, tiles: str = "none", lang: str | None = "auto",
                  height: int = NOTEBOOK_HEIGHT) -> str:
    """The map of every place mention of an `itinerary.places(...)` result (anything with
    `documents` and `mentions`), without a journey and without the "No stops found" notice."""
    itin = Itinerary(documents=tuple(places.documents), mentions=tuple(places.mentions), stops=(), legs=(), claims=())
    return map_iframe(itin, title=title or "Places", tiles=tiles, lang=lang, height=height, notice=False)


class MapView:
    """An itinerary shown as its map in a notebook, with the options given (see `map_iframe`)."""

    def __init__(self, itin: Itinerary, **options):
        self.itin, self.options = itin, options

    def _repr_html_(self) -> str:
        return map_iframe(self.itin, **self.options)
