"""Corpora as tables: a JSON Lines or Parquet file of articles is an input like a folder.

    itinerary places archive.parquet --format jsonl
    itinerary route wire-2023.jsonl --per-document -o trips.parquet

One article a row, with the columns (JSON Lines: keys)

    id          text or a whole number: the document id (made unique: a repeated id gets "~2",
                "~3", ... in row order, as document ids of files do; a missing or null id is
                "<file stem>:<row>")
    text        the article text (required; plain text, or an HTML page, read as HTML files are)
    published   optional: an ISO date or date-time text, or a Parquet date/timestamp
    url, title, language, source    optional text

Other columns are ignored. A row is numbered from 1: in JSON Lines its line number (blank lines
are passed over but counted), in Parquet its position in the file. A bad row (no text, a value of
the wrong type, a line that is not a JSON object) is skipped and named, as a bad file is:
`archive.jsonl:row 17: skipped: missing text`, and the rest are read. The file is read in
batches of BATCH_ROWS rows (pyarrow's `iter_batches`; JSON Lines line by line), lazily, as the
workers take them, so memory does not grow with the corpus (only the ids seen so far are kept,
to keep them unique: some 100 bytes a row). Only corpora named on the command line (or in the
API's `paths`) are read as corpora; a .jsonl or .parquet file found inside a folder is not an
article and is named as skipped, as before.

Parquet needs pyarrow (`pip install 'itinerary[dask]'`); JSON Lines needs nothing. A document of
a row has `path` "archive.jsonl:row 17", its text is the row's text (offsets count in it; no front
matter), and its metadata the row's fields.
"""
from __future__ import annotations

import json
import os
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path
from typing import Iterator

from .documents import (Loaded, _date, _looks_binary, _looks_like_html, _mb, _str, display_path,
                        document_ids, html_document, is_stdin, read_stdin)
from .errors import FormatError
from .model import Document, Itinerary, Skipped

CORPUS_SUFFIXES = {".jsonl": "jsonl", ".ndjson": "jsonl", ".parquet": "parquet", ".parq": "parquet"}
# The `explicit` slot of a task tuple (path, id, explicit, data, problem) for a corpus row: api._one
# then reads `data` (the row's values) with load_row instead of reading a file.
ROW = "row"
BATCH_ROWS = 1000  # rows read at once from a Parquet file (tests make it small)
# The columns read, in the order of a row task's values (id is taken out on the reading side).
COLUMNS = ("id", "text", "published", "title", "url", "language", "source")
_TEXT_FIELDS = ("title", "url", "language", "source")


def corpus_kind(path: str | os.PathLike) -> str | None:
    """"jsonl" or "parquet" for a file that is read as a corpus by its suffix, else None."""
    if is_stdin(path):
        return None
    return CORPUS_SUFFIXES.get(Path(path).suffix.lower())


def is_corpus(path: str | os.PathLike) -> bool:
    """Is `path` (named directly) a corpus file: a .jsonl/.ndjson/.parquet file, not a folder?"""
    return corpus_kind(path) is not None and not Path(path).is_dir()


def plan(files: list[Path], explicit: set[Path], max_bytes: int) -> tuple[Iterator[tuple], int]:
    """The tasks of a run, lazily, and how many there are (about: a JSON Lines file counts its
    lines): (path, id, explicit, data, problem) per file, as api._one takes them, and per corpus
    row (path "file.jsonl:row N", explicit ROW, data the row's values). Files named directly with a
    corpus suffix are corpora. Standard input is read here (workers have none). FormatError for
    a Parquet file when pyarrow is missing (before any work)."""
    corpora = {f for f in files if f in explicit and corpus_kind(f) and not f.is_dir()}
    plain = [f for f in files if f not in corpora]
    ids = dict(zip(plain, document_ids(plain, explicit)))
    total = 0
    for f in files:
        if f in corpora:
            total += count_rows(f, corpus_kind(f))
        else:
            total += 1

    def tasks() -> Iterator[tuple]:
        unique = _Ids(ids.values())
        for f in files:
            if f in corpora:
                yield from row_tasks(f, corpus_kind(f), unique, max_bytes)
                continue
            data = problem = None
            if is_stdin(f):  # read here: workers have no standard input
                data, problem = read_stdin(max_bytes)
            yield (os.fspath(f), ids[f], f in explicit, data, problem)

    return tasks(), total


class _Ids:
    """Unique document ids: a repeated id gets ~2, ~3, ... (the first free one)."""

    def __init__(self, taken):
        self.seen = set(taken)
        self.next: dict[str, int] = {}

    def __call__(self, base: str) -> str:
        if base not in self.seen:
            self.seen.add(base)
            return base
        k = self.next.get(base, 2)
        while f"{base}~{k}" in self.seen:
            k += 1
        self.next[base] = k + 1
        ident = f"{base}~{k}"
        self.seen.add(ident)
        return ident


def require_pyarrow(what: str = "reading a .parquet corpus"):
    """pyarrow.parquet, or FormatError (one line) if pyarrow is not installed."""
    try:
        import pyarrow.parquet as pq
    except ImportError:
        raise FormatError(f"{what} needs pyarrow: pip install 'itinerary[dask]' (or pip install pyarrow)") from None
    return pq


def count_rows(path: Path, kind: str) -> int:
    """Rows of a corpus (Parquet: from its footer; JSON Lines: its lines), 1 if it cannot be read
    (it is then one skipped input)."""
    if kind == "parquet":
        pq = require_pyarrow()
        try:
            return max(1, pq.ParquetFile(path).metadata.num_rows)
        except Exception:  # noqa: BLE001 - reported when it is read
            return 1
    try:
        n, last = 0, b"\n"
        with open(path, "rb") as f:
            while block := f.read(1 << 20):
                n += block.count(b"\n")
                last = block[-1:]
        return max(1, n + (last != b"\n"))
    except OSError:
        return 1


def row_tasks(path: Path, kind: str, unique: _Ids, max_bytes: int) -> Iterator[tuple]:
    """A task per row of the corpus, in order; a row that cannot be used is a task with its problem."""
    shown = display_path(path)
    stem = display_path(path.stem)
    for row, values, problem in read_rows(path, kind):
        label = f"{shown}:row {row}" if row else shown
        if problem is None:
            problem = _check(values)
        if problem is not None:
            yield (label, None, ROW, None, problem)
            continue
        ident = values.get("id")
        base = stem + f":{row}" if ident is None or (isinstance(ident, str) and not ident.strip()) else \
            display_path(str(ident).strip())
        yield (label, unique(base), ROW, tuple(values.get(c) for c in COLUMNS[1:]), None)


def _kind_of(v) -> str:
    return "null" if v is None else {"str": "text", "int": "a number", "float": "a number", "bool": "true/false",
                                     "list": "a list", "dict": "an object"}.get(type(v).__name__, type(v).__name__)


def _check(values: dict) -> str | None:
    """Why a row cannot be read (its types), or None."""
    text = values.get("text")
    if text is None:
        return "missing text"
    if not isinstance(text, str):
        return f"text: expected text, not {_kind_of(text)}"
    if not text.strip():
        return "missing text (empty)"
    ident = values.get("id")
    if ident is not None and (isinstance(ident, bool) or not isinstance(ident, (str, int))):
        return f"id: expected text or a whole number, not {_kind_of(ident)}"
    pub = values.get("published")
    if pub is not None and not isinstance(pub, (str, date, datetime)):
        return f"published: expected a date (text such as 2023-09-12), not {_kind_of(pub)}"
    for k in _TEXT_FIELDS:
        v = values.get(k)
        if v is not None and not isinstance(v, str):
            return f"{k}: expected text, not {_kind_of(v)}"
    return None


def read_rows(path: Path, kind: str) -> Iterator[tuple[int, dict | None, str | None]]:
    """(row number, {column: value} or None, problem or None) per row, read lazily in batches.
    A file that cannot be read at all is one (0, None, reason)."""
    if kind == "parquet":
        yield from _parquet_rows(path)
    else:
        yield from _jsonl_rows(path)


def _jsonl_rows(path: Path) -> Iterator[tuple[int, dict | None, str | None]]:
    try:
        f = open(path, "rb")
    except OSError as e:
        yield 0, None, e.strerror or str(e)
        return
    with f:
        for n, raw in enumerate(f, 1):
            if n == 1 and raw.startswith(b"\xef\xbb\xbf"):
                raw = raw[3:]
            if not raw.strip():
                continue
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError as e:
                yield n, None, f"bad JSON line (not UTF-8 at byte {e.start + 1})"
                continue
            try:
                values = json.loads(line)
            except json.JSONDecodeError as e:
                yield n, None, f"bad JSON line ({e.msg.removesuffix(' at')} at column {e.colno})"
                continue
            except RecursionError:
                yield n, None, "bad JSON line (nested too deeply)"
                continue
            if not isinstance(values, dict):
                yield n, None, f"bad JSON line (expected an object {{\"id\": ..., \"text\": ...}}, not {_kind_of(values)})"
                continue
            yield n, values, None


def _parquet_rows(path: Path) -> Iterator[tuple[int, dict | None, str | None]]:
    pq = require_pyarrow()
    try:
        pf = pq.ParquetFile(path)
        names = pf.schema_arrow.names
    except Exception as e:  # noqa: BLE001 - pyarrow raises ArrowInvalid, OSError, ...
        yield 0, None, f"not a readable Parquet file ({' '.join(str(e).split())[:100]})"
        return
    if "text" not in names:
        yield 0, None, "no 'text' column in the Parquet file"
        return
    columns = [c for c in COLUMNS if c in names]
    n = 0
    try:
        for batch in pf.iter_batches(batch_size=BATCH_ROWS, columns=columns):
            data = batch.to_pydict()
            cols = [data[c] for c in columns]
            for values in zip(*cols):
                n += 1
                yield n, dict(zip(columns, values)), None
    except Exception as e:  # noqa: BLE001 - a damaged row group: the rest of the file is lost
        yield n + 1, None, f"cannot read the rest of the Parquet file ({' '.join(str(e).split())[:100]})"


def load_row(label: str, doc_id: str, values: tuple, max_bytes: int) -> Loaded:
    """One corpus row (the values of COLUMNS after id) as a Document; never raises for a problem
    with the row itself (it becomes `skipped`). Runs where the files are read (a worker)."""
    text, published, title, url, language, source = values
    notes: list[str] = []

    def skip(reason: str) -> Loaded:
        return Loaded(label, None, tuple(notes), reason)

    if len(text) * 4 > max_bytes and len(text.encode("utf-8", "surrogatepass")) > max_bytes:
        return skip(f"text too large (over {_mb(max_bytes)}, see --max-size)")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # lone surrogates from a JSON "\ud800": not text any output can hold
        text = text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
        notes.append("invalid characters (lone surrogates) replaced by U+FFFD")
    if _looks_binary(text):
        return skip("binary text (control characters), not an article")
    pub = _date(published)
    if published is not None and pub is None and str(published).strip():
        notes.append(f"published {str(published)[:40]!r} is not a date; ignored")
    meta = {k: v for k, v in zip(("published", "title", "url", "language", "source"),
                                 (published, title, url, language, source)) if v is not None}
    if isinstance(meta.get("published"), (date, datetime)):
        meta["published"] = meta["published"].isoformat()
    if _looks_like_html(text):
        doc = html_document(text, doc_id, label, notes)
        if doc is None:
            return skip("no article text found in the HTML page")
        return Loaded(label, replace(doc, meta={**doc.meta, **meta}, title=_str(title) or doc.title,
                                     url=_str(url) or doc.url, source=_str(source) or doc.source,
                                     published=pub or doc.published, language=_str(language) or doc.language),
                      tuple(notes))
    return Loaded(label, Document(id=doc_id, path=label, text=text, body_start=0, meta=meta, title=_str(title),
                                  url=_str(url), source=_str(source), published=pub, language=_str(language)),
                  tuple(notes))


# ----------------------------------------------------------------------------------------------
# route --per-document: one journey per article (itinerary.api.routes, route_lines, route_rows)

PathLike = "str | os.PathLike | Iterable[str | os.PathLike]"  # one path or several, as in itinerary.api


def routes(paths: PathLike, gazetteers: PathLike = (), near=None,
           country: str | None = None, *, jobs: int | None = 1, progress: bool = False,
           on_note=None, on_skip=None, max_bytes: int | None = None,
           geocoder=None, engine: str | None = None, client=None, scheduler: str | None = None,
           skipped: list[Skipped] | None = None) -> Iterator[Itinerary]:
    """One journey per article, for archives of unrelated articles (`route --per-document`):
    yields, in input order, an Itinerary of each readable document on its own (its traveller,
    stops, legs and claims, as route() gives for that document alone; no stops if it tells of no
    journey), streamed: memory holds a few documents, not the corpus. The whole of each document's
    work runs where it is read (a worker process or Dask worker). Skipped files and rows go to
    `skipped` and on_skip, as they are met; raises as `places` does (NothingReadableError at the
    end if nothing could be read)."""
    return _routes(paths, gazetteers, near, country, None, dict(
        jobs=jobs, progress=progress, on_note=on_note, on_skip=on_skip, max_bytes=max_bytes, geocoder=geocoder,
        engine=engine, client=client, scheduler=scheduler, skipped=skipped))


def route_lines(paths: PathLike, gazetteers: PathLike = (), near=None,
                country: str | None = None, **options) -> Iterator[str]:
    """routes() as JSON Lines text, one line (ending in a newline) per document, each an
    `itinerary/route-1` object (`route --per-document`). The lines are written where the documents
    are worked on (a worker), so that this process only passes them on. Options as routes()."""
    return _routes(paths, gazetteers, near, country, "jsonl", options)


def route_rows(paths, gazetteers=(), near=None, country=None, **options) -> Iterator[dict]:
    """routes() as rows of the Parquet output (corpora.route_row), made where the documents are
    worked on (route --per-document -o trips.parquet)."""
    return _routes(paths, gazetteers, near, country, "row", options)


def _routes(paths, gazetteers, near, country, fmt: str | None, options: dict):
    from .api import _extract, _route_formatted, _route_line, _route_of
    from .documents import MAX_BYTES

    skips = options.pop("skipped", None)
    skips = [] if skips is None else skips
    on_skip = options.get("on_skip")
    opts = dict(jobs=1, progress=False, on_note=None, on_skip=None, max_bytes=MAX_BYTES, geocoder=None, engine=None,
                client=None, scheduler=None)
    if options.get("max_bytes") is None:
        options.pop("max_bytes", None)
    unknown = set(options) - set(opts)
    if unknown:
        raise TypeError(f"unexpected keyword argument {sorted(unknown)[0]!r}")
    run = _extract(paths, gazetteers, near, country, skipped=skips, raise_errors=False, _workers=None, pairs=False,
                   each=fmt or True, **{**opts, **options})

    def gen():
        for r, mentions in run:
            trip = r.route if r.route is not None and mentions is r.mentions else _route_of(r.document, list(mentions))
            if isinstance(trip, str):  # the reason the document is skipped
                s = Skipped(r.document.path, trip)
                skips.append(s)
                if on_skip is not None:
                    on_skip(s.path, s.reason)
                continue
            if fmt is None:
                yield trip
            elif fmt == "jsonl":
                yield trip.decode("utf-8") if isinstance(trip, bytes) else _route_line(trip)
            else:
                yield trip if isinstance(trip, dict) else _route_formatted(trip, fmt)
    return gen()


# ----------------------------------------------------------------------------------------------
# route --per-document -o trips.parquet


def _route_schema(pa):
    s, i, f = pa.string(), pa.int64(), pa.float64()
    evidence = pa.struct([("document", s), ("start", i), ("end", i), ("text", s)])
    stop = pa.struct([("seq", i), ("name", s), ("place_id", s), ("lat", f), ("lon", f), ("feature", s),
                      ("country", s), ("date", pa.date32()), ("date_end", pa.date32()), ("date_basis", s),
                      ("status", s), ("role", s), ("notes", pa.list_(s)), ("conflicts", pa.list_(s)),
                      ("evidence", pa.list_(evidence))])
    leg = pa.struct([("from", i), ("to", i), ("from_name", s), ("to_name", s), ("geodesic_km", f), ("status", s)])
    claim = pa.struct([("document", s), ("text", s), ("start", i), ("end", i), ("reported", s), ("reported_km", f),
                       ("reported_km_high", f), ("qualifier", s), ("kind", s), ("from", s), ("to", s),
                       ("from_place_id", s), ("to_place_id", s), ("geodesic_km", f), ("ratio", f), ("verdict", s),
                       ("explanation", s), ("measured", s), ("to_point", pa.list_(f))])
    return pa.schema([("id", s), ("path", s), ("title", s), ("source", s), ("url", s), ("published", pa.date32()),
                      ("language", s), ("stops", pa.list_(stop)), ("legs", pa.list_(leg)),
                      ("claims", pa.list_(claim)), ("superseded", pa.list_(s)), ("conflicts", pa.list_(s))])


def _day(v: str | None) -> date | None:
    return date.fromisoformat(v) if v else None


def route_row(itin) -> dict:
    """One per-document Itinerary as a row of the Parquet output: the fields of its route JSON
    (`route --format json`) with the document's fields at the top and dates as dates."""
    from .render.serialize import route_dict

    d = route_dict(itin)
    doc = d["documents"][0] if d["documents"] else {}
    row = {k: doc.get(k) for k in ("id", "path", "title", "source", "url", "language")}
    row["published"] = _day(doc.get("published"))
    row["stops"] = [{**st, "date": _day(st["date"]), "date_end": _day(st["date_end"])} for st in d["stops"]]
    row.update(legs=d["legs"], claims=d["claims"], superseded=d["superseded"], conflicts=d["conflicts"])
    return row


class _Sink:
    """A write-only file for pyarrow that hands out what was written so far (drain)."""

    closed = False

    def __init__(self):
        self.parts: list[bytes] = []
        self.pos = 0

    def write(self, b) -> int:
        self.parts.append(bytes(b))
        self.pos += len(b)
        return len(b)

    def tell(self) -> int:
        return self.pos

    def flush(self) -> None:
        pass

    def close(self) -> None:
        self.closed = True

    def drain(self) -> bytes:
        out = b"".join(self.parts)
        self.parts.clear()
        return out


def routes_parquet(trips, rows_per_group: int | None = None) -> Iterator[bytes]:
    """The bytes of a Parquet file, piece by piece (for outputs.write_atomic), of one row per
    itinerary (or route_row of one, already made; schema fixed, so every row group agrees): a row group every
    `rows_per_group` itineraries, so memory holds one group, not the corpus. FormatError without
    pyarrow."""
    pq = require_pyarrow("writing Parquet")
    import pyarrow as pa

    rows_per_group = rows_per_group or BATCH_ROWS

    schema = _route_schema(pa)
    sink = _Sink()
    writer = pq.ParquetWriter(sink, schema, compression="zstd")
    try:
        rows: list[dict] = []
        for t in trips:
            rows.append(t if isinstance(t, dict) else route_row(t))
            if len(rows) >= rows_per_group:
                writer.write_table(pa.Table.from_pylist(rows, schema=schema))
                rows = []
                yield sink.drain()
        if rows:
            writer.write_table(pa.Table.from_pylist(rows, schema=schema))
    finally:
        writer.close()
    yield sink.drain()
