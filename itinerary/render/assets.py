"""Leaflet's JS and CSS, read from the XStatic-Leaflet package, for pages that need no network.

The map uses only Leaflet itself (no jQuery, Bootstrap, Font Awesome or marker plugins), so
Leaflet is all there is to embed. Its CSS points at a few images; the layer-control icons are
inlined as data URIs, the default marker images are not needed (markers are DivIcons).
"""
from __future__ import annotations

import base64
import os
import re
from functools import lru_cache

from ..errors import OutputError

LEAFLET_VERSION = "1.9.3"
LEAFLET_JS_CDN = f"https://cdn.jsdelivr.net/npm/leaflet@{LEAFLET_VERSION}/dist/leaflet.js"
LEAFLET_CSS_CDN = f"https://cdn.jsdelivr.net/npm/leaflet@{LEAFLET_VERSION}/dist/leaflet.css"


def _data_dir() -> str:
    try:
        import xstatic.pkg.leaflet as pkg
    except ImportError:
        raise OutputError(
            "inline map assets need the XStatic-Leaflet package (pip install XStatic-Leaflet); "
            "or ask for CDN assets"
        ) from None
    return pkg.BASE_DIR


def _read(name: str) -> str:
    with open(os.path.join(_data_dir(), name), encoding="utf-8") as f:
        return f.read()


@lru_cache(maxsize=1)
def leaflet_js() -> str:
    js = _read("leaflet.js")
    # Drop the source-map comment: the .map file is not shipped in the page.
    js = re.sub(r"\n//# sourceMappingURL=\S+\s*$", "\n", js)
    if re.search(r"</script|<!--", js, re.I):  # would end the inline <script> early
        js = re.sub(r"</(script)", r"<\\/\1", js, flags=re.I).replace("<!--", "<\\!--")
    return js


@lru_cache(maxsize=1)
def leaflet_css() -> str:
    css = _read("leaflet.css")

    def inline(m: re.Match) -> str:
        name = m.group(1)
        path = os.path.join(_data_dir(), name)
        if name.startswith("images/layers") and os.path.isfile(path):
            with open(path, "rb") as f:
                return "url(data:image/png;base64," + base64.b64encode(f.read()).decode("ascii") + ")"
        return m.group(0)

    css = re.sub(r"url\((images/[^)]+)\)", inline, css)
    return css.replace("</style", "<\\/style")
