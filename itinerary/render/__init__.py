"""Rendering: the interactive map (HTML), static maps (PNG, SVG, PDF), the GeoJSON / CSV exports,
and the words they show in the reader's language (`labels`).

Names are imported lazily so that exporting CSV does not pay for importing folium or matplotlib.
"""

__all__ = [
    "render_map", "embed_snippet", "render_static", "write_static",
    "route_geojson", "places_geojson", "claims_geojson", "route_csv", "places_csv", "write_atomic",
    "map_iframe", "places_iframe",
]

_WHERE = {"render_map": "map", "embed_snippet": "map", "render_static": "static", "write_static": "static",
          "map_iframe": "notebook", "places_iframe": "notebook"}


def __getattr__(name):
    if name in __all__:
        from importlib import import_module

        return getattr(import_module("." + _WHERE.get(name, "exports"), __name__), name)
    raise AttributeError(name)
