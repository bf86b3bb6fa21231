"""itinerary: turn news articles into a checked, mapped journey.

The public API mirrors the CLI command for command: `places`, `route`, `check`, `map`
(see `itinerary.api`). They are imported lazily so that `import itinerary` stays cheap.
"""

__version__ = "0.1.0"
__all__ = ["places", "route", "check", "map", "__version__"]


def __getattr__(name):
    if name in ("places", "route", "check", "map"):
        from . import api

        return getattr(api, name)
    raise AttributeError(name)
