"""The public Python API: one function per CLI command, same names, same options.

    import itinerary
    found = itinerary.places(["seeds/"])        # -> Places(documents, mentions, skipped)
    trip = itinerary.route(["seeds/"])          # -> Itinerary
    claims = itinerary.check(["seeds/"])        # -> Checked(documents, claims, skipped)
    itinerary.map(["seeds/"], "trip.html")      # writes the map (or .geojson/.csv/.json)

Every function reads a batch the way grep does: a file that cannot be read is skipped and listed
in `.skipped` (with the reason), the rest are processed; only a run in which nothing at all can
be read raises (NothingReadableError). Keyword options shared by all four:

    jobs=N            find places with N worker processes (default 1; 0: one per CPU; None: one
                      per CPU for runs of AUTO_JOBS_FILES files or more, else one — the CLI's
                      default); the output is the same, in the same order, whatever N. With N > 1, call from under
                      `if __name__ == "__main__":` (processes are spawned, not forked).
    progress=True     a progress bar on stderr (for runs of PROGRESS_MIN_FILES files or more)
    on_note=f         f(path, message) for files read with a caveat ("decoded as cp1252");
                      by default these are issued as ItineraryWarning warnings
    on_skip=f         f(path, reason) as each skipped file is met (they are in `.skipped` anyway)
    max_bytes=N       refuse files larger than this (default documents.MAX_BYTES, 20 MB)
"""
from __future__ import annotations

import os
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator, Sequence

from .documents import MAX_BYTES, Loaded, collect_paths, document_ids, explicit_files, load_document, nothing_readable
from .errors import FormatError, ItineraryWarning, OutputError
from .model import Claim, Document, Itinerary, Mention, Skipped

PathLike = str | os.PathLike
NoteFn = Callable[[str, str], None]
# Below this many files a run is over before a bar would tell anything.
PROGRESS_MIN_FILES = 20


@dataclass(frozen=True)
class Places:
    documents: tuple[Document, ...]
    mentions: tuple[Mention, ...]
    skipped: tuple[Skipped, ...] = ()


@dataclass(frozen=True)
class Checked:
    documents: tuple[Document, ...]
    claims: tuple[Claim, ...]
    skipped: tuple[Skipped, ...] = ()


def parse_near(value: str | tuple[float, float] | None) -> tuple[float, float] | None:
    if value is None:
        return None
    if isinstance(value, (tuple, list)):
        parts = list(value)
    else:
        parts = str(value).split(",")
    try:
        lat, lon = (float(x) for x in parts)
    except (TypeError, ValueError):
        raise FormatError(f"--near {value!r}: expected LAT,LON such as 43.1,131.9") from None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):  # also rejects nan
        raise FormatError(f"--near {value!r}: latitude must be within ±90 and longitude within ±180")
    return (lat, lon)


def parse_country(value: str | None) -> str | None:
    if value is None:
        return None
    v = str(value).strip().upper()
    if len(v) != 2 or not ("A" <= v[0] <= "Z" and "A" <= v[1] <= "Z"):
        raise FormatError(f"--country {value!r}: expected a two-letter ISO 3166 code such as RU")
    from .geodesy import country_codes

    if v not in country_codes():
        raise FormatError(f"--country {value!r}: no such country code (ISO 3166-1 alpha-2, e.g. RU)")
    return v


# A corpus this large is worth the start-up of worker processes: with jobs=None (the default),
# runs this big use every CPU, smaller ones one process.
AUTO_JOBS_FILES = 200


def parse_jobs(value: int | None, files: int = 0) -> int:
    if value is None:
        return (os.cpu_count() or 1) if files >= AUTO_JOBS_FILES else 1
    try:
        n = int(value)
    except (TypeError, ValueError):
        raise FormatError(f"--jobs {value!r}: expected a whole number of processes") from None
    if n < 0:
        raise FormatError(f"--jobs {value!r}: expected 0 (one per CPU) or more")
    return n or (os.cpu_count() or 1)


# ----------------------------------------------------------------------------------------------
# documents -> mentions, over a corpus


@dataclass(frozen=True)
class Extracted:
    """One file through the first two stages: its Document and mentions, or why it was skipped."""

    path: str
    document: Document | None
    mentions: tuple[Mention, ...] = ()
    notes: tuple[str, ...] = ()
    skipped: str | None = None


def _find(loaded: Loaded, gazetteer, near, country, raise_errors: bool) -> Extracted:
    if loaded.document is None:
        return Extracted(loaded.path, None, (), loaded.notes, loaded.skipped)
    from .mentions import find_mentions

    try:
        mentions = tuple(find_mentions(loaded.document, gazetteer, near, country))
    except Exception as e:  # noqa: BLE001 - a bug on one article must not lose the other 4,999
        if raise_errors:
            raise
        why = " ".join(str(e).split())[:120]
        return Extracted(loaded.path, None, (), loaded.notes,
                         f"internal error while finding places ({type(e).__name__}: {why}); please report it")
    doc = loaded.document
    if not doc.language:
        from dataclasses import replace

        from .languages import document_language

        # the identified language is recorded, so outputs say which pack read the article
        doc = replace(doc, language=document_language(None, doc.body))
    return Extracted(loaded.path, doc, mentions, loaded.notes)


_WORKER: dict = {}


def _worker_init(gazetteers, near, country, max_bytes, raise_errors) -> None:
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle: no worker tracebacks
    from .gazetteer import load_gazetteer

    _WORKER.update(gaz=load_gazetteer(tuple(gazetteers)), near=near, country=country, max_bytes=max_bytes,
                   raise_errors=raise_errors)


def _worker_task(task: tuple[str, str, bool]) -> Extracted:
    path, doc_id, explicit = task
    w = _WORKER
    loaded = load_document(path, doc_id, w["max_bytes"], explicit=explicit)
    return _find(loaded, w["gaz"], w["near"], w["country"], w["raise_errors"])


def extract(paths: Sequence[PathLike], gazetteers: Sequence[PathLike] = (), near=None, country: str | None = None,
            *, jobs: int | None = 1, max_bytes: int = MAX_BYTES, progress: bool = False,
            on_note: NoteFn | None = None, on_skip: NoteFn | None = None, skipped: list[Skipped] | None = None,
            raise_errors: bool = False) -> Iterator[tuple[Document, tuple[Mention, ...]]]:
    """(document, its mentions) for every readable article under `paths`, in file order.

    Options, paths and gazetteers are checked at once (errors raise here); the files are then read
    lazily as the result is iterated, so a caller can stream output without holding the corpus.
    Skipped files are appended to `skipped`; NothingReadableError is raised at the end of the
    iteration if no file at all could be read.
    """
    near_pt, cc = parse_near(near), parse_country(country)
    parse_jobs(jobs)  # a bad value fails before any work
    paths = list(paths)
    files = collect_paths(paths)
    n_jobs = parse_jobs(jobs, len(files))
    from .gazetteer import load_gazetteer

    # Loaded here even with workers: a malformed gazetteer fails once, and the index is built (the
    # first time) by one process rather than by every worker at once.
    gaz = load_gazetteer(tuple(gazetteers))
    explicit = explicit_files(paths)
    tasks = [(str(f), i, f in explicit) for f, i in zip(files, document_ids(files))]
    note = on_note if on_note is not None else _warn
    return _run(paths, tasks, gaz, near_pt, cc, n_jobs, max_bytes, progress, note, on_skip, skipped,
                tuple(str(g) for g in gazetteers), raise_errors)


def _run(paths, tasks, gaz, near, cc, jobs, max_bytes, progress, on_note, on_skip, skipped, gazetteers,
         raise_errors) -> Iterator[tuple[Document, tuple[Mention, ...]]]:
    skips: list[Skipped] = []
    found = 0
    bar = _progress_bar(len(tasks)) if progress and len(tasks) >= PROGRESS_MIN_FILES else None
    pool = None
    try:
        if jobs > 1 and len(tasks) > 1:
            import multiprocessing

            # spawn, not fork: the parent holds an SQLite connection and maybe threads.
            ctx = multiprocessing.get_context("spawn")
            pool = ctx.Pool(min(jobs, len(tasks)), initializer=_worker_init,
                            initargs=(gazetteers, near, cc, max_bytes, raise_errors))
            chunk = max(1, min(16, len(tasks) // (jobs * 8)))
            results = pool.imap(_worker_task, tasks, chunksize=chunk)  # imap keeps input order
        else:
            results = (_find(load_document(p, i, max_bytes, explicit=e), gaz, near, cc, raise_errors)
                       for p, i, e in tasks)
        for r in results:
            for n in r.notes:
                _say(bar, on_note, r.path, n)
            if r.document is None:
                s = Skipped(r.path, r.skipped or "unreadable")
                skips.append(s)
                if skipped is not None:
                    skipped.append(s)
                if on_skip is not None:
                    _say(bar, on_skip, r.path, s.reason)
            else:
                found += 1
            if bar is not None:
                bar.update(1)
            if r.document is not None:
                yield r.document, r.mentions
    finally:
        if pool is not None:
            pool.terminate()
            pool.join()
        if bar is not None:
            bar.close()
    if not found:
        raise nothing_readable(paths, skips)


def _progress_bar(total: int):
    import sys

    try:
        from tqdm import tqdm
    except ImportError:
        return None
    import shutil

    # get_terminal_size falls back to 80 columns where the terminal reports none (tqdm would draw nothing).
    width = min(shutil.get_terminal_size((80, 24)).columns, 100)
    return tqdm(total=total, file=sys.stderr, unit="file", desc="reading", leave=False, mininterval=0.25, ncols=width)


def _say(bar, fn: NoteFn, path: str, message: str) -> None:
    """Call a reporting function without tearing the progress bar (tqdm redraws it after)."""
    if bar is None:
        fn(path, message)
        return
    with bar.external_write_mode():
        fn(path, message)


def _warn(path: str, message: str) -> None:
    warnings.warn(f"{path}: {message}", ItineraryWarning, stacklevel=4)


def _mentions(paths, gazetteers, near, country, opts):
    skipped: list[Skipped] = []
    per_doc = list(extract(paths, gazetteers, near, country, skipped=skipped, **opts))
    return [d for d, _ in per_doc], per_doc, skipped


# ----------------------------------------------------------------------------------------------
# The commands


def places(paths: Sequence[PathLike], gazetteers: Sequence[PathLike] = (), near=None,
           country: str | None = None, *, jobs: int | None = 1, progress: bool = False,
           on_note: NoteFn | None = None, on_skip: NoteFn | None = None, max_bytes: int = MAX_BYTES) -> Places:
    """Every place mention in the articles under `paths`, resolved through the gazetteer."""
    opts = dict(jobs=jobs, progress=progress, on_note=on_note, on_skip=on_skip, max_bytes=max_bytes)
    docs, per_doc, skipped = _mentions(paths, gazetteers, near, country, opts)
    return Places(tuple(docs), tuple(m for _, ms in per_doc for m in ms), tuple(skipped))


def route(paths: Sequence[PathLike], gazetteers: Sequence[PathLike] = (), near=None,
          country: str | None = None, *, jobs: int | None = 1, progress: bool = False,
          on_note: NoteFn | None = None, on_skip: NoteFn | None = None, max_bytes: int = MAX_BYTES) -> Itinerary:
    """The journey the articles report: stops in order, legs, and the distance claims."""
    from .claims import find_claims
    from .events import find_events, find_traveller
    from .journey import build_route

    opts = dict(jobs=jobs, progress=progress, on_note=on_note, on_skip=on_skip, max_bytes=max_bytes)
    docs, per_doc, skipped = _mentions(paths, gazetteers, near, country, opts)
    per_doc = [(d, list(ms)) for d, ms in per_doc]
    traveller = find_traveller(per_doc)
    events = [e for d, ms in per_doc for e in find_events(d, ms, traveller)]
    stops, legs, superseded, conflicts = build_route(events)
    claims = tuple(c for d, ms in per_doc for c in find_claims(d, ms))
    return Itinerary(
        documents=tuple(docs), mentions=tuple(m for _, ms in per_doc for m in ms), stops=tuple(stops),
        legs=tuple(legs), claims=claims, superseded=tuple(superseded), conflicts=tuple(conflicts),
        skipped=tuple(skipped),
    )


def check(paths: Sequence[PathLike], gazetteers: Sequence[PathLike] = (), near=None,
          country: str | None = None, *, jobs: int | None = 1, progress: bool = False,
          on_note: NoteFn | None = None, on_skip: NoteFn | None = None, max_bytes: int = MAX_BYTES) -> Checked:
    """The distances the articles report, each tied to its two ends, measured and judged."""
    from .claims import find_claims

    opts = dict(jobs=jobs, progress=progress, on_note=on_note, on_skip=on_skip, max_bytes=max_bytes)
    docs, per_doc, skipped = _mentions(paths, gazetteers, near, country, opts)
    return Checked(tuple(docs), tuple(c for d, ms in per_doc for c in find_claims(d, list(ms))), tuple(skipped))


MAP_FORMATS = {".html": "html", ".htm": "html", ".geojson": "geojson", ".csv": "csv", ".json": "json"}


def map_format(output: PathLike) -> str:
    """html, geojson, csv or json, from the output's extension (FormatError otherwise)."""
    out = Path(output)
    fmt = MAP_FORMATS.get(out.suffix.lower())
    if fmt is None:
        raise FormatError(f"{out}: unknown output extension (use .html, .geojson, .csv or .json)")
    return fmt


def check_output_path(output: PathLike) -> Path:
    """Fail early, before a long run, if `output` could not be written (OutputError)."""
    out = Path(output)
    folder = out.absolute().parent
    if not folder.is_dir():
        raise OutputError(f"cannot write {out}: folder {folder} does not exist")
    if out.is_dir():
        raise OutputError(f"cannot write {out}: it is a folder")
    try:
        st = out.stat()
    except OSError:
        st = None
    if st is not None and not st.st_mode & 0o222:
        # The file was made read-only on purpose; replacing it (which rename would allow) is not ours to do.
        raise OutputError(f"cannot write {out}: the file is read-only")
    if not os.access(folder, os.W_OK):
        raise OutputError(f"cannot write {out}: folder {folder} is not writable")
    return out


def write_map(itin: Itinerary, output: PathLike, title: str | None = None, assets: str = "inline") -> Path:
    """Render `itin` as the map (HTML) or an export chosen by the extension, written atomically."""
    out = Path(output)
    fmt = map_format(out)
    if assets not in ("inline", "cdn"):
        raise FormatError(f"--assets {assets!r}: expected inline or cdn")
    check_output_path(out)
    from .render import exports
    from .render.serialize import dumps, route_json_text

    if fmt == "html":
        from .render.map import render_map

        data = render_map(itin, title=title, assets=assets)
    elif fmt == "geojson":
        data = dumps(exports.route_geojson(itin))
    elif fmt == "csv":
        data = exports.route_csv(itin)
    else:
        data = route_json_text(itin)
    exports.write_atomic(out, data)  # all or nothing: a failure above leaves an existing file as it was
    return out


def map(paths: Sequence[PathLike], output: PathLike, title: str | None = None, gazetteers: Sequence[PathLike] = (),
        near=None, country: str | None = None, assets: str = "inline", *, jobs: int | None = 1,
        progress: bool = False, on_note: NoteFn | None = None, on_skip: NoteFn | None = None,
        max_bytes: int = MAX_BYTES) -> Path:
    """Write the journey map (HTML) — or GeoJSON, CSV or JSON, chosen by the output's extension."""
    map_format(output)
    if assets not in ("inline", "cdn"):
        raise FormatError(f"--assets {assets!r}: expected inline or cdn")
    check_output_path(output)  # before the work, not after it
    itin = route(paths, gazetteers, near, country, jobs=jobs, progress=progress, on_note=on_note,
                 on_skip=on_skip, max_bytes=max_bytes)
    return write_map(itin, output, title=title, assets=assets)


SCHEMAS = ("route", "check", "places", "places-jsonl")


def json_schema(name: str) -> dict:
    """The JSON Schema (draft 2020-12) of a JSON output: route, check, places or places-jsonl (one line)."""
    import json

    if name not in SCHEMAS:
        raise FormatError(f"unknown schema {name!r}: use one of {', '.join(SCHEMAS)}")
    path = Path(__file__).parent / "data" / "schemas" / f"{name}.json"
    return json.loads(path.read_text(encoding="utf-8"))
