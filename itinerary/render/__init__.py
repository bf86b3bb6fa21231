"""Rendering: the interactive map (HTML) and the GeoJSON / CSV exports.

Names are imported lazily so that exporting CSV does not pay for importing folium.
"""

__all__ = [
    "render_map", "embed_snippet",
    "route_geojson", "places_geojson", "claims_geojson", "route_csv", "places_csv", "write_atomic",
]

_WHERE = {"render_map": "map", "embed_snippet": "map"}


def __getattr__(name):
    if name in __all__:
        from importlib import import_module

        return getattr(import_module("." + _WHERE.get(name, "exports"), __name__), name)
    raise AttributeError(name)
