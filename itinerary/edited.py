"""Journeys corrected by hand and read back: the route JSON, GeoJSON or CSV this tool wrote, edited.

No extractor is perfect: a reporter writes the journey out (`itinerary route seeds/ --format json
-o trip.json`), corrects it in an editor (or the GeoJSON in geojson.io or QGIS, or the CSV in a
spreadsheet), and draws it again (`itinerary map trip.json -o trip.html`). `map`, `route` and
`check` read a file named on their command line as such a journey when its *content* says it is
one (see `itinerary_kind`); in a folder of articles the tool's outputs are still passed over
(`documents.own_output`).

    read_itinerary(path) -> Itinerary          one file; ValidationError lists every problem
    read_itineraries(paths) -> Itinerary       several, one journey after the other
    split_inputs(paths) -> (itinerary files, other paths)
    journey_from(paths) -> Itinerary | None    what api.route/check call first (None: articles)
    is_itinerary_file(data) -> bool, itinerary_kind(data) -> "route JSON" | ... | None
    input_schema() -> dict                     the JSON Schema an edited file must meet

What is honoured, and what is recomputed:
- The stops are the file's rows, in the file's order: that order is the journey's (the reporter's
  order is authoritative; nothing is re-sorted by date), numbered 1, 2, 3 ... (`seq` in the file
  is ignored). A row deleted is a stop gone; a row added needs only `name`, `lat` and `lon`
  (`date`, `date_end`, `status` and `role` are optional: status "visited", role from its place in
  the journey).
- name, coordinates, date, date_end, date_basis, status, role, notes and conflicts are taken as
  written. Roles are made consistent with the order: "origin" only for the first stop,
  "destination" only for the last; a last stop left as "stop" becomes "destination" (or "return"
  when it is the first stop's place again).
- Legs and their geodesic distances are recomputed from the stops, as `journey.build_route` makes
  them (WGS84 geodesic, km to 0.1; a leg is expected when either end is); the file's legs are
  ignored. The run's conflicts are the stops' conflicts, as in a run over articles.
- Evidence (quotes) stays with its row. A row whose `place_id` names a gazetteer place keeps it
  while the row is still at that place; moved more than MOVED_KM away it becomes
  `edited:LAT,LON`, and moved more than OTHER_PLACE_KM away *and* renamed it is another place:
  its quotes, which are about the old one, are left out (with a note). An added row (no
  `place_id`) gets an `edited:LAT,LON` id and the note "added by hand".
- Claims (distance checks) and superseded notes are kept as they were, verdicts included: the
  distances were measured between gazetteer places, and nothing here re-reads the articles. The
  GeoJSON and CSV hold no claims, and the CSV only the first quote of a stop (without offsets:
  start and end are 0) and no date basis, notes or conflicts.
- Documents: the route JSON lists them (title, source, url, published, language); from GeoJSON and
  CSV only their ids (from the quotes) are known, so `--lang auto` gives English for them.

Problems are reported all at once, one line each, naming the file, the stop (its number in the
file, counting stops only; for CSV also the line) and the field:
`trip.json: stop 3: date: '2023-13-40' is not a date (YYYY-MM-DD)`.
"""
from __future__ import annotations

import csv
import io
import json
import math
import os
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Sequence

from .errors import InputError, ValidationError
from .model import Claim, Document, Evidence, Itinerary, Leg, Place, Stop

ROUTE_SCHEMA = "itinerary/route-1"
# The route CSV's columns (render/exports.route_csv); a file is one when its header has the first five.
CSV_COLUMNS = ("seq", "name", "place_id", "lat", "lon", "date", "date_end", "status", "role",
               "evidence_count", "evidence_text", "documents")
_CSV_KEY = frozenset(CSV_COLUMNS[:5])
MOVED_KM = 1.0  # a row this far from its gazetteer place no longer is that point: `edited:` id
OTHER_PLACE_KM = 15.0  # ... and this far, renamed, it is another place (journey.SAME_PLACE_KM)
EDITED_PREFIX = "edited:"
MAX_FILE_BYTES = 50 * 1000 * 1000  # a route file of 100,000 stops is about 50 MB


# ----------------------------------------------------------------------------------------------
# Recognising an itinerary file (by content)


_JSON_ROUTE = re.compile(r'"schema"\s*:\s*"itinerary/route-')
_JSON_FC = re.compile(r'"type"\s*:\s*"FeatureCollection"')
_JSON_KIND = re.compile(r'"kind"\s*:\s*"(?:stop|leg)"')


def itinerary_kind(data: bytes) -> str | None:
    """"route JSON", "route GeoJSON" or "route CSV" if `data` is a journey this tool wrote (edited
    or not), else None. Known by content, not by file name: a JSON object whose `schema` is
    "itinerary/route-..." (also when a hand edit broke the JSON syntax, so the reader can say
    where); a GeoJSON FeatureCollection with `kind: stop` or `kind: leg` features; a CSV whose
    header holds the route CSV's seq, name, place_id, lat and lon (comma, semicolon or tab
    separated, as spreadsheets save it)."""
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head[:1] in (b"{", b"["):
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            return None
        try:
            obj = json.loads(text)
        except (ValueError, RecursionError):
            obj = None
        if isinstance(obj, dict):
            if isinstance(obj.get("schema"), str) and obj["schema"].startswith("itinerary/route-"):
                return "route JSON"
            feats = obj.get("features")
            if obj.get("type") == "FeatureCollection" and isinstance(feats, list) and any(
                    isinstance(f, dict) and isinstance(f.get("properties"), dict)
                    and f["properties"].get("kind") in ("stop", "leg") for f in feats):
                return "route GeoJSON"
            return None
        if obj is None:  # broken JSON: recognised by its marks, so the reader can say where it broke
            if _JSON_ROUTE.search(text[:65536]):
                return "route JSON"
            if _JSON_FC.search(text[:65536]) and _JSON_KIND.search(text):
                return "route GeoJSON"
        return None
    if head[:1] == b"<":
        return None
    line = head.split(b"\n", 1)[0].rstrip(b"\r")
    try:
        first = line.decode("utf-8")
    except UnicodeDecodeError:
        first = line.decode("cp1252", errors="replace")
    return "route CSV" if _csv_delimiter(first) is not None else None


def is_itinerary_file(data: bytes) -> bool:
    """Is `data` a route JSON, GeoJSON or CSV this tool wrote (see `itinerary_kind`)?"""
    return itinerary_kind(data) is not None


def _csv_delimiter(header: str) -> str | None:
    for delim in (",", ";", "\t"):
        cols = {c.strip().strip('"').strip().lower() for c in header.split(delim)}
        if _CSV_KEY <= cols:
            return delim
    return None


# ----------------------------------------------------------------------------------------------
# Which inputs are itinerary files


def _read_bytes(path: str | os.PathLike, limit: int = MAX_FILE_BYTES) -> bytes | None:
    """Enough of the file to tell whether it is an itinerary file: its first line's worth (4 KB)
    unless it starts like JSON, then all of it. None for a folder, standard input, a missing or
    unreadable file, or one over `limit` (those are the article reader's to report)."""
    from .documents import is_stdin

    if is_stdin(path):
        return None
    try:
        if not os.path.isfile(path) or os.path.getsize(path) > limit:
            return None
        with open(path, "rb") as f:
            head = f.read(4096)
            if head.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] in (b"{", b"["):
                head += f.read(limit + 1)
            return head
    except (OSError, ValueError):
        return None


def split_inputs(paths) -> tuple[list, list]:
    """(itinerary files, the other paths), each in the order given. `paths` is one path or an
    iterable of them (InputError otherwise, as for the commands). Only files named directly are
    looked at: a folder's files are articles (the tool's own outputs in it are passed over), and
    standard input ("-") is an article."""
    from .documents import as_path_list

    itins, others = [], []
    for p in as_path_list(paths):
        data = _read_bytes(p)
        if data is not None and is_itinerary_file(data):
            itins.append(p)
            continue
        hint = _almost_a_journey(data) if data is not None else None
        if hint:
            from .documents import display_path

            raise InputError(f"{display_path(p)}: {hint}")
        others.append(p)
    return itins, others


def _almost_a_journey(data: bytes) -> str | None:
    """Why a file that is plainly a list of stops is not read as one (a JSON object with "stops" of
    name, lat and lon but no "schema"; a CSV with name, lat and lon columns but not the route CSV's
    header): a hint, instead of reading it as an article with no journey in it."""
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head[:1] == b"{":
        try:
            obj = json.loads(data.decode("utf-8-sig"))
        except (ValueError, RecursionError, UnicodeDecodeError):
            return None
        stops = obj.get("stops") if isinstance(obj, dict) else None
        if isinstance(stops, list) and stops and all(isinstance(x, dict) and {"name", "lat", "lon"} <= set(x)
                                                      for x in stops):
            return ('a list of stops without "schema": "itinerary/route-1": add that line to read it as an '
                    "edited journey (see README, Correcting a journey)")
        return None
    first = head.split(b"\n", 1)[0].decode("utf-8", errors="replace").casefold()
    cols = {c.strip().strip('"') for c in re.split(r"[,;\t]", first)}
    if {"name", "lat", "lon"} <= cols:
        return ("a CSV of stops without the route CSV's columns: give it the header of "
                "`itinerary route --format csv` (seq, name, place_id, lat, lon, ...; place_id may be empty) "
                "to read it as an edited journey")
    return None


def journey_from(paths, gazetteers=()) -> Itinerary | None:
    """The edited journey if `paths` name itinerary files (read with `read_itineraries`), None if
    they name none (they are articles). InputError if they mix the two: an edited journey is the
    whole journey, and merging it with what articles tell is not defined; ValidationError (an
    InputError) for a file with problems. `gazetteers`: the run's extra gazetteer files, for
    looking up the places the rows name (see the module's docstring)."""
    itins, others = split_inputs(paths)
    if not itins:
        return None
    if others:
        from .documents import display_path

        raise InputError(
            f"{display_path(itins[0])} is an itinerary file (an edited journey) and "
            f"{display_path(others[0])} is not: give itinerary files alone, or only articles")
    return read_itineraries(itins, gazetteers)


# ----------------------------------------------------------------------------------------------
# Reading


@dataclass
class _Parsed:
    """One file, read and checked: its documents, stop rows (seq 0, role as given), claims, notes."""

    documents: list[Document] = field(default_factory=list)
    stops: list[tuple[Stop, str | None]] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    superseded: list[str] = field(default_factory=list)


def read_itinerary(path: str | os.PathLike, gazetteers=(), *, data: bytes | None = None) -> Itinerary:
    """The journey in one itinerary file (route JSON, its GeoJSON or its CSV, edited or not).

    Returns an Itinerary whose stops are the file's rows in the file's order, numbered from 1, with
    legs recomputed (see the module's docstring for what is kept and what is recomputed); it has
    no mentions. Raises InputError if the file cannot be read or is not an itinerary file, and
    ValidationError (an InputError) listing every problem, one line each, naming file, stop and
    field. `data`, if given, is used instead of reading the file."""
    return read_itineraries([path], gazetteers, _data={0: data} if data is not None else None)


def read_itineraries(paths: Sequence[str | os.PathLike], gazetteers=(), *, _data=None) -> Itinerary:
    """Several itinerary files as one journey: the stops of each file in turn (in the order given),
    numbered and joined by legs as one; documents by id (the first file's copy wins), claims and
    superseded notes one file after the other. Problems of every file are reported together."""
    from .documents import as_path_list

    places = _Gazetteer(gazetteers)
    parsed, problems = [], []
    for i, p in enumerate(as_path_list(paths)):
        data = (_data or {}).get(i)
        try:
            parsed.append(_read_one(p, data, places))
        except ValidationError as e:
            problems.extend(e.problems)
    if problems:
        raise ValidationError(problems)
    return _assemble(parsed, places)


def _read_one(path, data: bytes | None, places: "_Gazetteer") -> _Parsed:
    from .documents import display_path

    shown = display_path(path)
    if data is None:
        try:
            if os.path.getsize(path) > MAX_FILE_BYTES:
                raise InputError(f"{shown}: file too large for an itinerary file (over {MAX_FILE_BYTES // 10**6} MB)")
            with open(path, "rb") as f:
                data = f.read()
        except OSError as e:
            raise InputError(f"{shown}: {e.strerror or e}") from None
    kind = itinerary_kind(data)
    if kind is None:
        raise InputError(f"{shown}: not an itinerary file (a route JSON, GeoJSON or CSV written by itinerary)")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        if kind != "route CSV":
            raise ValidationError([f"{shown}: not UTF-8 text (JSON must be UTF-8)"]) from None
        text = data.decode("cp1252", errors="replace")  # a spreadsheet's "CSV (Windows)"
    if kind == "route CSV":
        return _from_csv(shown, text, places)
    try:
        obj = json.loads(text)
    except json.JSONDecodeError as e:
        raise ValidationError([f"{shown}: line {e.lineno}, column {e.colno}: not valid JSON ({e.msg})"]) from None
    except (ValueError, RecursionError):
        raise ValidationError([f"{shown}: not valid JSON"]) from None
    return _from_json(shown, obj, places) if kind == "route JSON" else _from_geojson(shown, obj, places)


def _from_json(shown: str, obj, places) -> _Parsed:
    schema = input_schema()
    problems = [_problem(shown, path, msg, obj) for path, msg in validate(obj, schema)]
    if problems:
        raise ValidationError(problems)
    out = _Parsed(documents=[_document(d) for d in obj.get("documents") or ()])
    rows = obj["stops"]
    problems = []
    for i, row in enumerate(rows):
        problems += _row_problems(shown, f"stop {i + 1}{_named(row)}", row)
    if problems:
        raise ValidationError(problems)
    out.stops = [_stop(row, places) for row in rows]
    stop_places = {s.place.id: s.place for s, _ in out.stops}
    out.claims = [_claim(c, places, stop_places) for c in obj.get("claims") or ()]
    out.superseded = [str(x) for x in obj.get("superseded") or ()]
    return out


def _from_geojson(shown: str, obj, places) -> _Parsed:
    if not isinstance(obj, dict) or obj.get("type") != "FeatureCollection" or not isinstance(obj.get("features"), list):
        raise ValidationError([f"{shown}: expected a GeoJSON FeatureCollection with a list of features"])
    stop_schema = {"$ref": "#/$defs/stop"}
    root = input_schema()
    rows, problems = [], []
    n = 0
    for k, feat in enumerate(obj["features"], 1):
        if not isinstance(feat, dict):
            problems.append(f"{shown}: feature {k}: expected a GeoJSON Feature object")
            continue
        props = feat.get("properties") if isinstance(feat.get("properties"), dict) else {}
        geom = feat.get("geometry") if isinstance(feat.get("geometry"), dict) else None
        gtype = geom.get("type") if geom else None
        if props.get("kind") == "leg" or gtype in ("LineString", "MultiLineString"):
            continue  # legs are recomputed
        n += 1
        where = f"stop {n}{_named(props)}" + (f" (feature {k})" if k != n else "")
        if props.get("kind") not in (None, "stop"):
            problems.append(f"{shown}: {where}: kind: expected 'stop' or 'leg', not {_shown(props.get('kind'))}")
            continue
        row = {key: v for key, v in props.items() if key != "kind"}
        coords = geom.get("coordinates") if gtype == "Point" else None
        if not (isinstance(coords, list) and len(coords) in (2, 3)
                and all(_is_number(c) for c in coords)):
            what = "missing" if geom is None else (
                f"a {gtype} is not a stop (a Point)" if gtype != "Point" else
                f"expected [longitude, latitude], not {_shown(coords)}")
            problems.append(f"{shown}: {where}: geometry: {what}")
            continue
        row["lon"], row["lat"] = coords[0], coords[1]
        errs = validate(row, stop_schema, root)
        problems += [f"{shown}: {where}: {_field(path)}: {msg}" for path, msg in errs]
        if not errs:
            problems += _row_problems(shown, where, row)
        rows.append(row)
    return _stops_parsed(rows, problems, places)


def _from_csv(shown: str, text: str, places) -> _Parsed:
    first = text.split("\n", 1)[0].rstrip("\r")
    delim = _csv_delimiter(first) or ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delim)
    try:
        header = [h.strip().lower() for h in next(reader)]
    except (StopIteration, csv.Error):
        raise ValidationError([f"{shown}: no CSV header"]) from None
    root = input_schema()
    rows, problems = [], []
    n = 0
    try:
        for cells in reader:
            line = reader.line_num
            if not any(c.strip() for c in cells):
                continue
            n += 1
            rec = {h: _uncell(c) for h, c in zip(header, cells) if h}
            row = {k: rec.get(k) for k in ("seq", "name", "place_id", "lat", "lon", "date", "date_end",
                                           "status", "role") if k in rec}
            for k in ("lat", "lon", "seq"):
                row[k] = _csv_number(row.get(k), delim, integer=k == "seq")
            if row.get("lat") is None:
                row.pop("lat", None)
            if row.get("lon") is None:
                row.pop("lon", None)
            docs = [d for d in (_uncell(x) for x in (rec.get("documents") or "").split(";")) if d]
            quote = rec.get("evidence_text")
            row["evidence"] = [{"document": docs[0] if docs else "", "start": 0, "end": 0, "text": quote}] if quote else []
            where = f"stop {n}{_named(row)} (line {line})"
            errs = validate(row, {"$ref": "#/$defs/stop"}, root)
            problems += [f"{shown}: {where}: {_field(path)}: {msg}" for path, msg in errs]
            if not errs:
                problems += _row_problems(shown, where, row)
            rows.append(row)
    except csv.Error as e:
        problems.append(f"{shown}: line {reader.line_num}: not valid CSV ({e})")
    return _stops_parsed(rows, problems, places)


def _stops_parsed(rows: list[dict], problems: list[str], places) -> _Parsed:
    """The stop rows of a GeoJSON or CSV file read: ValidationError with every problem, if any."""
    if problems:
        raise ValidationError(problems)
    out = _Parsed()
    out.stops = [_stop(row, places) for row in rows]
    out.documents = _documents_of(s for s, _ in out.stops)
    return out


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _uncell(v: str | None) -> str | None:
    """A CSV cell as the tool meant it: stripped, "" as None, and the `'` that `exports._cell`
    puts before a cell that starts like a formula taken off again."""
    if v is None:
        return None
    v = v.strip()
    if len(v) > 1 and v[0] == "'" and v[1] in "=+-@":
        v = v[1:]
    return v or None


def _csv_number(v, delim: str, integer: bool = False):
    """A CSV cell as a number where it is one ("43,1" too, in a semicolon-separated file), else
    the text as it is (so the check names it), or None for an empty cell."""
    if v is None:
        return None
    s = v.replace(",", ".") if delim != "," and v.count(",") == 1 and "." not in v else v
    try:
        x = float(s)
    except ValueError:
        return v
    if integer:
        return int(x) if math.isfinite(x) and x.is_integer() else v
    return x


def _row_problems(shown: str, where: str, row: dict) -> list[str]:
    """What the schema cannot say: a date_end before the date."""
    d, e = row.get("date"), row.get("date_end")
    if d and e and e < d:
        return [f"{shown}: {where}: date_end: {_shown(e)} is before the date {_shown(d)}"]
    return []


# ----------------------------------------------------------------------------------------------
# Rows to model values


class _Gazetteer:
    """The run's gazetteer, opened on first use, for the places the rows' place_ids name. Where it
    cannot be opened, no place is known (rows are taken as they are)."""

    def __init__(self, extra=()):
        self.extra = tuple(extra or ())
        self._gaz = None
        self._failed = False
        self._cache: dict[str, Place | None] = {}

    def get(self, place_id: str | None) -> Place | None:
        if not place_id or place_id.startswith(EDITED_PREFIX):
            return None
        if place_id not in self._cache:
            self._cache[place_id] = self._lookup(place_id)
        return self._cache[place_id]

    def _lookup(self, place_id: str) -> Place | None:
        from .errors import GazetteerError

        if self._failed:
            return None
        try:
            if self._gaz is None:
                from .gazetteer import load_gazetteer

                self._gaz = load_gazetteer(self.extra)
            return self._gaz.get(place_id)
        except GazetteerError:
            if self.extra:  # a malformed --gazetteer file is the user's to fix, as in any run
                raise
            self._failed = True
        except Exception:  # noqa: BLE001 - without a gazetteer the rows are taken as they are
            self._failed = True
        return None


def edited_id(lat: float, lon: float) -> str:
    """The place id of a point set by hand: `edited:LAT,LON` (5 decimals, about 1 m)."""
    return f"{EDITED_PREFIX}{lat:.5f},{lon:.5f}"


def _stop(row: dict, places: _Gazetteer) -> tuple[Stop, str | None]:
    """(the stop, seq 0, with its row's role or None), from a row that passed the checks."""
    from .geodesy import geodesic_km

    name = " ".join(str(row["name"]).split())
    lat, lon = float(row["lat"]), float(row["lon"])
    pid = row.get("place_id") or None
    notes = list(row.get("notes") or ())
    evidence = tuple(Evidence(str(e["document"]), int(e["start"]), int(e["end"]), str(e["text"]))
                     for e in row.get("evidence") or ())
    known = places.get(pid)
    feature = row.get("feature") or (known.feature if known else "")
    country = row.get("country") or (known.country if known else "")
    admin1, population, source, curated = "", 0, "", False
    if pid is None:
        pid = edited_id(lat, lon)
        if not evidence:
            notes.append("added by hand: no report is quoted for it")
    elif known is not None:
        km = geodesic_km(known.lat, known.lon, lat, lon)
        if km > OTHER_PLACE_KM and name != known.name:
            pid = edited_id(lat, lon)
            if evidence:
                notes.append(f"changed by hand from {known.name}: its {len(evidence)} quote(s), about "
                             f"{known.name}, are left out")
                evidence = ()
            feature, country = row.get("feature") or "", row.get("country") or ""
        elif km > MOVED_KM:
            pid = edited_id(lat, lon)
            notes.append(f"moved by hand {km:,.0f} km from the gazetteer's point for {known.name}")
        else:
            admin1, population, source, curated = known.admin1, known.population, known.source, known.curated
    place = Place(id=pid, name=name, lat=lat, lon=lon, feature=feature or "", country=country or "",
                  admin1=admin1, population=population, source=source, curated=curated)
    stop = Stop(seq=0, place=place, date=_date(row.get("date")), date_end=_date(row.get("date_end")),
                status=row.get("status") or "visited", role="stop", evidence=evidence,
                date_basis=row.get("date_basis") or "", notes=tuple(notes),
                conflicts=tuple(row.get("conflicts") or ()))
    return stop, row.get("role") or None


def _date(v) -> date | None:
    return date.fromisoformat(v) if v else None


def _document(d: dict) -> Document:
    return Document(id=str(d["id"]), path=str(d.get("path") or ""), text="", body_start=0, meta={},
                    title=d.get("title"), url=d.get("url"), source=d.get("source"),
                    published=_date(d.get("published")), language=d.get("language"))


def _documents_of(stops: Iterable[Stop]) -> list[Document]:
    ids = dict.fromkeys(e.document for s in stops for e in s.evidence if e.document)
    return [Document(id=i, path="", text="", body_start=0, meta={}) for i in ids]


def _claim(c: dict, places: _Gazetteer, stop_places: dict[str, Place]) -> Claim:
    def place(pid):
        return (places.get(pid) or stop_places.get(pid)) if pid else None

    tp = c.get("to_point")
    return Claim(document=c["document"], text=c["text"], start=c["start"], end=c["end"], reported=c["reported"],
                 reported_km=c["reported_km"], reported_km_high=c.get("reported_km_high"),
                 qualifier=c["qualifier"], kind=c["kind"], from_name=c.get("from"), to_name=c.get("to"),
                 from_place=place(c.get("from_place_id")), to_place=place(c.get("to_place_id")),
                 geodesic_km=c.get("geodesic_km"), ratio=c.get("ratio"), verdict=c["verdict"],
                 explanation=c["explanation"], measured_how=c.get("measured") or "",
                 to_point=(float(tp[0]), float(tp[1])) if tp else None)


def _assemble(parsed: list[_Parsed], places: _Gazetteer) -> Itinerary:
    from dataclasses import replace

    drafts = [d for p in parsed for d in p.stops]
    stops = [replace(s, seq=i + 1) for i, (s, _) in enumerate(drafts)]
    stops = [replace(s, role=r) for s, r in zip(stops, roles(stops, [r for _, r in drafts]))]
    docs: dict[str, Document] = {}
    for p in parsed:
        for d in p.documents:
            docs.setdefault(d.id, d)
    superseded = list(dict.fromkeys(x for p in parsed for x in p.superseded))
    return Itinerary(documents=tuple(docs.values()), mentions=(), stops=tuple(stops), legs=tuple(legs_of(stops)),
                     claims=tuple(c for p in parsed for c in p.claims), superseded=tuple(superseded),
                     conflicts=tuple(c for s in stops for c in s.conflicts), skipped=())


def roles(stops: Sequence[Stop], given: Sequence[str | None]) -> list[str]:
    """Each stop's role, from the role its row gives, made consistent with the order: "origin"
    only first, "destination" only last; the last stop, if its row says "stop" or nothing, is the
    "destination", or the "return" when it is at the first stop's place and that is the origin."""
    out = []
    n = len(stops)
    for i, (s, r) in enumerate(zip(stops, given)):
        if r == "origin" and i != 0 or r == "destination" and i != n - 1:
            r = "stop"
        if (r in (None, "stop")) and i == n - 1 and n > 1:
            first = stops[0]
            same = first.place.id == s.place.id or (
                first.place.name == s.place.name
                and abs(first.place.lat - s.place.lat) < 0.1 and abs(first.place.lon - s.place.lon) < 0.1)
            r = "return" if same and out and out[0] == "origin" else "destination"
        out.append(r or "stop")
    return out


def legs_of(stops: Sequence[Stop]) -> list[Leg]:
    """The legs between consecutive stops, as for articles (`journey.legs_of`)."""
    from .journey import legs_of as journey_legs

    return journey_legs(stops)


# ----------------------------------------------------------------------------------------------
# The schema, and a validator for the part of JSON Schema (2020-12) it uses


@lru_cache(maxsize=1)
def _schema_text() -> str:
    return (Path(__file__).parent / "data" / "schemas" / "route-input.json").read_text(encoding="utf-8")


def input_schema() -> dict:
    """The JSON Schema (draft 2020-12) of an itinerary file read back: the route JSON with only
    `schema` and `stops` required, and of each stop only name, lat and lon; `format: date` dates.
    GeoJSON and CSV rows are checked against its `$defs/stop`. A fresh copy on each call."""
    return json.loads(_schema_text())


def validate(value, schema: dict, root: dict | None = None, path: tuple = ()) -> list[tuple[tuple, str]]:
    """[(path, message)]: where `value` breaks `schema`, one problem per place (the first found),
    in document order. Supports the keywords the shipped schemas use: type, const, enum, required,
    properties, items, prefixItems, minItems, maxItems, minLength, pattern, format "date" (a real
    calendar day), minimum, maximum, oneOf/anyOf and local $ref. Numbers must be finite (JSON has
    no NaN, but Python's parser reads one); true and false are not numbers."""
    out: list[tuple[tuple, str]] = []
    _check(value, schema, root or schema, path, out)
    seen, unique = set(), []
    for p, m in out:
        if p not in seen:
            seen.add(p)
            unique.append((p, m))
    # A stop without coordinates is one problem, not two.
    both = {p[:-1] for p, m in unique if p[-1:] == ("lat",) and m == "missing"} & {
        p[:-1] for p, m in unique if p[-1:] == ("lon",) and m == "missing"}
    return [(p[:-1] + ("lat, lon",), "missing (a stop needs its coordinates)") if p[:-1] in both and p[-1:] == ("lat",)
            else (p, m) for p, m in unique if not (p[:-1] in both and p[-1:] == ("lon",))]


_TYPE_WORDS = {"number": "a number", "integer": "a whole number", "string": "text", "array": "a list",
               "object": "an object", "null": "null", "boolean": "true or false"}


def _is_number(v) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def _is_type(v, t: str) -> bool:
    return {"null": v is None, "boolean": isinstance(v, bool), "string": isinstance(v, str),
            "array": isinstance(v, list), "object": isinstance(v, dict), "number": _is_number(v),
            "integer": _is_number(v) and (isinstance(v, int) or (math.isfinite(v) and float(v).is_integer()))}[t]


def _resolve(root: dict, ref: str) -> dict:
    node = root
    for part in ref.lstrip("#/").split("/"):
        node = node[part]
    return node


def _check(v, s: dict, root: dict, path: tuple, out: list) -> None:
    if "$ref" in s:
        _check(v, _resolve(root, s["$ref"]), root, path, out)
    for key in ("oneOf", "anyOf"):
        if key in s:
            tries = []
            for branch in s[key]:
                errs: list = []
                _check(v, branch, root, path, errs)
                if not errs:
                    break
                tries.append(errs)
            else:
                out.append(tries[-1][0] if v is not None and tries else (path, f"{_shown(v)} does not fit here"))
                return
    types = s.get("type")
    if types is not None:
        types = [types] if isinstance(types, str) else list(types)
        if not any(_is_type(v, t) for t in types):
            words = " or ".join(_TYPE_WORDS[t] for t in types)
            out.append((path, f"expected {words}, not {_shown(v)}"))
            return
    if "const" in s and v != s["const"]:
        out.append((path, f"expected {_shown(s['const'])}, not {_shown(v)}"))
        return
    if "enum" in s and not any(v == e and type(v) is type(e) for e in s["enum"]):
        words = ", ".join(str(e) for e in s["enum"] if e is not None)
        out.append((path, f"{_shown(v)} is not one of {words}"))
        return
    if isinstance(v, str):
        if s.get("format") == "date":
            if not _is_date(v):
                out.append((path, f"{_shown(v)} is not a date (YYYY-MM-DD)"))
            return
        if len(v) < s.get("minLength", 0) or ("pattern" in s and not re.search(s["pattern"], v)):
            out.append((path, "empty" if not v.strip() else f"{_shown(v)} is not valid here"))
    elif _is_number(v):
        if not math.isfinite(v):
            out.append((path, f"{v} is not a finite number"))
            return
        lo, hi = s.get("minimum"), s.get("maximum")
        if (lo is not None and v < lo) or (hi is not None and v > hi):
            if lo is not None and hi is not None:
                out.append((path, f"{_shown(v)} is out of range ({lo} to {hi})"))
            else:
                out.append((path, f"{_shown(v)} is less than {lo}" if lo is not None else f"{_shown(v)} is more than {hi}"))
    elif isinstance(v, dict):
        for k in s.get("required", ()):
            if k not in v:
                out.append((path + (k,), "missing"))
        for k, sub in s.get("properties", {}).items():
            if k in v:
                _check(v[k], sub, root, path + (k,), out)
    elif isinstance(v, list):
        if len(v) < s.get("minItems", 0) or len(v) > s.get("maxItems", len(v)):
            out.append((path, f"expected {s.get('minItems')} to {s.get('maxItems')} items, not {len(v)}"))
            return
        prefix = s.get("prefixItems", [])
        for i, item in enumerate(v):
            sub = prefix[i] if i < len(prefix) else s.get("items")
            if isinstance(sub, dict):
                _check(item, sub, root, path + (i,), out)


_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _is_date(v: str) -> bool:
    if not _DATE.fullmatch(v):
        return False
    try:
        date.fromisoformat(v)
    except ValueError:
        return False
    return True


# ----------------------------------------------------------------------------------------------
# Messages


def _clean(text: str, n: int = 40) -> str:
    """Text for a one-line terminal message: control and format characters (bidi controls,
    escape sequences) shown as ?, whitespace runs as one space, at most `n` characters."""
    text = " ".join("".join("?" if unicodedata.category(ch) in ("Cc", "Cf") else ch for ch in text).split())
    return text if len(text) <= n else text[: n - 1] + "\u2026"


def _shown(v) -> str:
    if v is None:
        return "null"
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, str):
        return "'" + _clean(v) + "'"
    if isinstance(v, (int, float)):
        return repr(v)
    return "a list" if isinstance(v, list) else "an object" if isinstance(v, dict) else _clean(repr(v))


def _named(row) -> str:
    name = row.get("name") if isinstance(row, dict) else None
    return f" ({_clean(name)})" if isinstance(name, str) and name.strip() else ""


def _field(path: tuple) -> str:
    out = ""
    for p in path:
        out += f"[{p + 1}]" if isinstance(p, int) else (("." if out else "") + str(p))
    return out or "(the row)"


_PLURAL = {"stops": "stop", "claims": "claim", "documents": "document"}


def _problem(shown: str, path: tuple, msg: str, obj) -> str:
    """`file: stop 3 (Name): date: message` for a problem at `path` of a route JSON."""
    if len(path) >= 2 and path[0] in _PLURAL and isinstance(path[1], int):
        item = obj[path[0]][path[1]] if isinstance(obj.get(path[0]), list) else None
        label = f"{_PLURAL[path[0]]} {path[1] + 1}{_named(item) if path[0] == 'stops' else ''}"
        rest = path[2:]
        return f"{shown}: {label}: {_field(rest)}: {msg}" if rest else f"{shown}: {label}: {msg}"
    return f"{shown}: {_field(path)}: {msg}" if path else f"{shown}: {msg}"
