"""Machine-readable shapes (JSON / JSONL / CSV rows) and human-readable tables of the results.

The JSON shapes are documented in the README and kept stable; `schema` names their version.
"""
from __future__ import annotations

import json
import math
from datetime import date
from typing import Iterable, Sequence

from ..errors import OutputError
from ..model import Claim, Document, Evidence, Itinerary, Mention, Stop

ROUTE_SCHEMA = "itinerary/route-1"
CHECK_SCHEMA = "itinerary/check-1"
PLACES_SCHEMA = "itinerary/places-1"


# Line and paragraph separators are valid in JSON strings but split lines for str.splitlines()
# and for JavaScript before ES2019: escape them so one JSONL record is always one line.
_LINE_BREAKERS = str.maketrans({"\u2028": "\\u2028", "\u2029": "\\u2029", "\u0085": "\\u0085"})


def dumps(obj, indent: int | None = 1) -> str:
    """JSON text of `obj` (one line if indent is None), never with NaN or Infinity (RFC 8259).

    A non-finite number (a ratio to a distance of 0 km) becomes null, except in a coordinate
    (`lat`, `lon`, `to_point`, GeoJSON `coordinates`), which has no meaningful null: that is an
    OutputError naming where it is.
    """
    try:
        text = json.dumps(obj, ensure_ascii=False, indent=indent, allow_nan=False)
    except ValueError:  # a NaN or infinity somewhere: rare, so only then is the value walked
        text = json.dumps(_finite(obj, "$"), ensure_ascii=False, indent=indent, allow_nan=False)
    text = text.translate(_LINE_BREAKERS)
    return text + ("\n" if indent is not None else "")


_COORDINATE_KEYS = frozenset({"lat", "lon", "coordinates", "to_point"})


def _finite(value, where: str, coordinate: bool = False):
    """`value` with every NaN/infinite float replaced by None (OutputError inside a coordinate)."""
    if isinstance(value, float):
        if math.isfinite(value):
            return value
        if coordinate:
            raise OutputError(f"cannot write JSON: {where} is {value}, not a finite coordinate "
                              "(check the place's gazetteer row)")
        return None
    if isinstance(value, dict):
        return {k: _finite(v, f"{where}.{k}", coordinate or k in _COORDINATE_KEYS) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_finite(v, f"{where}[{i}]", coordinate) for i, v in enumerate(value)]
    return value


def _number(x: float | None) -> float | None:
    """x, or None where it is not a finite number (a ratio to a distance of 0 km is infinite)."""
    return x if x is None or math.isfinite(x) else None


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


def document_dict(d: Document) -> dict:
    return {"id": d.id, "path": d.path, "title": d.title, "source": d.source, "url": d.url,
            "published": _iso(d.published), "language": d.language}


def mention_dict(m: Mention) -> dict:
    p = m.place
    return {"document": m.document, "start": m.start, "end": m.end, "name": m.name, "canonical": p.name,
            "lat": round(p.lat, 6), "lon": round(p.lon, 6), "place_id": p.id, "feature": p.feature,
            "country": p.country or None, "source": p.source or None, "score": m.score, "candidates": m.candidates}


def evidence_dict(e: Evidence) -> dict:
    return {"document": e.document, "start": e.start, "end": e.end, "text": e.text}


def stop_dict(s: Stop) -> dict:
    return {"seq": s.seq, "name": s.place.name, "place_id": s.place.id, "lat": round(s.place.lat, 6),
            "lon": round(s.place.lon, 6), "feature": s.place.feature, "country": s.place.country or None,
            "date": _iso(s.date), "date_end": _iso(s.date_end), "date_basis": s.date_basis or None,
            "status": s.status, "role": s.role, "notes": list(s.notes), "conflicts": list(s.conflicts),
            "evidence": [evidence_dict(e) for e in s.evidence]}


def claim_dict(c: Claim) -> dict:
    return {"document": c.document, "text": c.text, "start": c.start, "end": c.end, "reported": c.reported,
            "reported_km": c.reported_km, "reported_km_high": c.reported_km_high, "qualifier": c.qualifier,
            "kind": c.kind, "from": c.from_name, "to": c.to_name,
            "from_place_id": c.from_place.id if c.from_place else None,
            "to_place_id": c.to_place.id if c.to_place else None,
            "geodesic_km": _number(c.geodesic_km), "ratio": _number(c.ratio), "verdict": c.verdict,
            "explanation": c.explanation,
            "measured": c.measured_how or None,
            "to_point": list(c.to_point) if c.to_point else None}


def route_dict(itin: Itinerary) -> dict:
    return {
        "schema": ROUTE_SCHEMA,
        "documents": [document_dict(d) for d in itin.documents],
        "stops": [stop_dict(s) for s in itin.stops],
        "legs": [{"from": leg.from_seq, "to": leg.to_seq, "from_name": leg.from_name, "to_name": leg.to_name,
                  "geodesic_km": leg.geodesic_km, "status": leg.status} for leg in itin.legs],
        "claims": [claim_dict(c) for c in itin.claims],
        "superseded": list(itin.superseded),
        "conflicts": list(itin.conflicts),
    }


def route_json_text(itin: Itinerary) -> str:
    return dumps(route_dict(itin))


def check_dict(documents: Sequence[Document], claims: Sequence[Claim]) -> dict:
    return {"schema": CHECK_SCHEMA, "documents": [document_dict(d) for d in documents],
            "claims": [claim_dict(c) for c in claims]}


def places_dict(documents: Sequence[Document], mentions: Sequence[Mention]) -> dict:
    return {"schema": PLACES_SCHEMA, "documents": [document_dict(d) for d in documents],
            "mentions": [mention_dict(m) for m in mentions]}


def places_jsonl(documents: Sequence[Document], mentions: Sequence[Mention]) -> str:
    """One line per document: {"id", "path", "toponyms": [...]} (the geoparsing scorer's contract)."""
    by_doc: dict[str, list[Mention]] = {}
    for m in mentions:
        by_doc.setdefault(m.document, []).append(m)
    lines = []
    for d in documents:
        tops = [{k: v for k, v in mention_dict(m).items() if k != "document"} for m in by_doc.get(d.id, ())]
        lines.append(dumps({"id": d.id, "path": d.path, "toponyms": tops}, indent=None))
    return "\n".join(lines) + "\n"


# ----------------------------------------------------------------------------------------------
# Tables for people


def _table(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    rows = [["" if v is None else str(v) for v in r] for r in rows]
    widths = [max([len(h)] + [len(r[i]) for r in rows]) for i, h in enumerate(header)]
    widths = [min(w, 60) for w in widths]

    def fmt(r):
        return "  ".join((v if len(v) <= w else v[: w - 1] + "…").ljust(w) for v, w in zip(r, widths)).rstrip()

    return "\n".join([fmt(header), fmt(["-" * w for w in widths])] + [fmt(r) for r in rows]) + "\n"


def places_table(mentions: Sequence[Mention]) -> str:
    return _table(["document", "start", "end", "name", "place", "feature", "cc", "lat", "lon"],
                  [(m.document, m.start, m.end, m.name, m.place.name, m.place.feature, m.place.country,
                    f"{m.place.lat:.4f}", f"{m.place.lon:.4f}") for m in mentions])


def route_table(itin: Itinerary, lang: str | None = None) -> str:
    """The journey as a table for people. `lang` (a pack code; None: English) words the status,
    role and "(report)" cells; the header stays English, so scripts and `documents.own_output`
    recognise the table whatever its language, and dates stay ISO."""
    words = None
    if lang is not None:
        from .labels import labels

        words = labels(lang)
    rows = []
    for s in itin.stops:
        when = _iso(s.date) or "?"
        if s.date_end and s.date_end != s.date:
            when += f"..{_iso(s.date_end)}"
        if s.date_basis == "report":
            when += f" ({words.t('table_report') if words else 'report'})"
        status, role = (words.status(s.status), words.role(s.role)) if words else (s.status, s.role)
        rows.append((s.seq, s.place.name, when, status, role, len(s.evidence),
                     ", ".join(sorted({e.document for e in s.evidence}))))
    out = _table(["#", "stop", "date", "status", "role", "quotes", "documents"], rows)
    if itin.legs:
        out += "\n" + _table(["leg", "from", "to", "km"],
                             [(f"{leg.from_seq}->{leg.to_seq}", leg.from_name, leg.to_name, f"{leg.geodesic_km:,.0f}")
                              for leg in itin.legs])
    for title, notes in (("conflicts", itin.conflicts), ("superseded", itin.superseded)):
        if notes:
            out += f"\n{title}:\n" + "".join(f"  - {n}\n" for n in notes)
    return out


def check_table(claims: Sequence[Claim]) -> str:
    if not claims:
        return "no distance claims found\n"
    out = _table(["document", "reported", "from", "to", "measured km", "ratio", "verdict"],
                 [(c.document, c.reported, c.from_name or "?", c.to_name or "?",
                   "" if c.geodesic_km is None else f"{c.geodesic_km:,.1f}",
                   "" if c.ratio is None else f"{c.ratio:.2f}", c.verdict) for c in claims])
    out += "".join(f"\n[{i}] {c.explanation}" for i, c in enumerate(claims, 1)) + "\n"
    return out
