"""The public Python API: one function per CLI command, same names, same options.

    import itinerary
    found = itinerary.places(["seeds/"])        # -> Places(documents, mentions, skipped)
    trip = itinerary.route(["seeds/"])          # -> Itinerary
    claims = itinerary.check(["seeds/"])        # -> Checked(documents, claims, skipped)
    itinerary.map(["seeds/"], "trip.html")      # writes the map (or .geojson/.csv/.json)

Every function reads a batch the way grep does: a file that cannot be read is skipped and listed
in `.skipped` (with the reason), the rest are processed; only a run in which nothing at all can
be read raises (NothingReadableError). Keyword options shared by all four:

    jobs=N            work with N worker processes (default 1; 0: one per CPU; None: one
                      per CPU for runs of AUTO_JOBS_FILES files or more, else one — the CLI's
                      default): they read the files and find the places and, for route and check,
                      each document's traveller votes, events and claims (this process combines the
                      votes and orders the journey); the output is the same, in the same order,
                      whatever N. With N > 1, call from under
                      `if __name__ == "__main__":` (processes are spawned, not forked). Where
                      workers cannot start (a script read from standard input, a script that
                      starts the run when a worker imports it) the run goes on in one process,
                      with a note; it never hangs.
    progress=True     a progress bar on stderr (for runs of PROGRESS_MIN_FILES files or more)
    on_note=f         f(path, message) for files read with a caveat ("decoded as cp1252");
                      by default these are issued as ItineraryWarning warnings
    on_skip=f         f(path, reason) as each skipped file is met (they are in `.skipped` anyway)
    max_bytes=N       refuse files larger than this (default documents.MAX_BYTES, 20 MB)
    geocoder=G        off by default (None). "nominatim" (User-Agent from $ITINERARY_USER_AGENT)
                      or `itinerary.geocoders.Nominatim(user_agent=..., url=...)`: names the
                      gazetteer lacks, next to a movement or facility word, are looked up online
                      after the offline mentions of each document (itinerary/geocoders.py); when the
                      service cannot be reached, on_note is told once per document and the run
                      goes on offline. GeocoderError if no User-Agent is given.
    engine="dask"     the per-document work on a Dask cluster instead (itinerary/engine.py):
    client=C          a distributed.Client to use (implies engine="dask"; left open), or
    scheduler=ADDR    a scheduler to connect to; neither: a LocalCluster of one worker per CPU
                      (or `jobs`) for the run. Same output, same order as the local engine.
                      FormatError if Dask is not installed (pip install 'itinerary[dask]').

`paths` is one path (str, bytes or os.PathLike) or an iterable of them; "-" reads an article from
standard input (document id "stdin"); a .jsonl or .parquet file named there is a corpus, one
article a row (itinerary/corpora.py). `routes()` gives one journey per article, streamed. A value that is not a path raises InputError; a bad option
value (jobs, max_bytes, near, country, a callback that is not callable) raises FormatError.
A problem with one document never sinks the run: it is skipped (`.skipped`, on_skip) and the
rest are processed, whether the problem is in the file or a bug met while reading it.
"""
from __future__ import annotations

import os
import warnings
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Callable, Iterable, Iterator

from .documents import (MAX_BYTES, Loaded, as_path_list, collect_paths, display_path, explicit_files, load_document,
                        nothing_readable)
from .corpora import ROW, route_lines, route_rows, routes  # noqa: F401 - route --per-document
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

    def __str__(self) -> str:  # print(places(...)): the table `itinerary places` prints
        from .render.serialize import places_table

        return places_table(self.mentions)

    def _repr_html_(self) -> str:  # Jupyter: the mentions on a map (render/notebook.py)
        from .render.notebook import places_iframe

        return places_iframe(self)

    def to_dataframe(self):
        """The mentions as a pandas DataFrame, one row each (columns: itinerary.frames.places_frame)."""
        from .frames import places_frame

        return places_frame(self)


@dataclass(frozen=True)
class Checked:
    documents: tuple[Document, ...]
    claims: tuple[Claim, ...]
    skipped: tuple[Skipped, ...] = ()

    def __str__(self) -> str:  # print(check(...)): the table `itinerary check` prints
        from .render.serialize import check_table

        return check_table(self.claims)


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
    if isinstance(value, float) and not value.is_integer():
        raise FormatError(f"--jobs {value!r}: expected a whole number of processes")
    try:
        n = int(value)
    except (TypeError, ValueError, OverflowError):
        raise FormatError(f"--jobs {value!r}: expected a whole number of processes") from None
    if n < 0:
        raise FormatError(f"--jobs {value!r}: expected 0 (one per CPU) or more")
    return n or (os.cpu_count() or 1)


def parse_max_bytes(value: int) -> int:
    """The file size limit in bytes: a positive whole number (FormatError otherwise)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or isinstance(value, float) and (
            value != value or value in (float("inf"), float("-inf"))):
        raise FormatError(f"max_bytes {value!r}: expected a number of bytes such as 20000000")
    if value <= 0:
        raise FormatError(f"max_bytes {value!r}: expected a positive number of bytes")
    return int(value)


def _check_options(jobs, max_bytes, progress, on_note, on_skip) -> int:
    """Validate the keyword options every function shares (FormatError); the size limit, as int."""
    parse_jobs(jobs)
    for name, fn in (("on_note", on_note), ("on_skip", on_skip)):
        if fn is not None and not callable(fn):
            raise FormatError(f"{name}: expected a function f(path, message) or None, not {type(fn).__name__}")
    if progress is not None and not isinstance(progress, (bool, int)):
        raise FormatError(f"progress {progress!r}: expected True or False")
    return parse_max_bytes(max_bytes)


def _gazetteer_list(gazetteers) -> tuple:
    from .errors import GazetteerError

    if gazetteers is None:
        return ()
    return tuple(as_path_list(gazetteers, "gazetteers", GazetteerError, empty_ok=True))


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
    votes: object = None  # its events.traveller_votes, when a worker worked them out (route)
    route: object = None  # its own Itinerary, or why it was skipped (routes: one journey per document)


def internal_reason(stage: str, e: BaseException) -> str:
    """The skip reason for a bug met on one document: it is reported, and the run goes on."""
    why = " ".join(str(e).split())[:120]
    return f"internal error while {stage} ({type(e).__name__}{': ' + why if why else ''}); please report it"


def _find(loaded: Loaded, gazetteer, near, country, raise_errors: bool) -> Extracted:
    if loaded.document is None:
        return Extracted(loaded.path, None, (), loaded.notes, loaded.skipped)
    from .mentions import find_mentions

    try:
        mentions = tuple(find_mentions(loaded.document, gazetteer, near, country))
        doc = loaded.document
        if not doc.language:
            from dataclasses import replace

            from .languages import document_language

            # the identified language is recorded, so outputs say which pack read the article
            doc = replace(doc, language=document_language(None, doc.body))
    except Exception as e:  # noqa: BLE001 - a bug on one article must not lose the other 4,999
        if raise_errors:
            raise
        return Extracted(loaded.path, None, (), loaded.notes, internal_reason("finding places", e))
    return Extracted(loaded.path, doc, mentions, loaded.notes)


def _one(task: tuple, gaz, near, country, max_bytes: int, raise_errors: bool) -> Extracted:
    """One file through reading and place finding; any failure becomes a skip, never an exception."""
    path, doc_id, explicit, data, problem = task
    if problem:
        return Extracted(display_path(path), None, (), (), problem)
    try:
        if explicit == ROW:  # a row of a JSON Lines or Parquet corpus (itinerary/corpora.py)
            from .corpora import load_row

            loaded = load_row(path, doc_id, data, max_bytes)
        else:
            loaded = load_document(path, doc_id, max_bytes, explicit=explicit, data=data)
    except Exception as e:  # noqa: BLE001 - a reader bug on one file is that file's skip
        if raise_errors:
            raise
        return Extracted(display_path(path), None, (), (), internal_reason("reading the file", e))
    return _find(loaded, gaz, near, country, raise_errors)


_WORKER: dict = {}


def _fast_pickling() -> None:
    """Model objects (frozen dataclasses) go to and from the workers pickled. Pickled as usual, an
    object comes back with its attributes in a plain __dict__, which CPython reads more slowly than
    those of an object its class built (build_route on 500 documents' unpickled events: 1.4x the CPU).
    Rebuilt through the class (cls(*fields)) they are alike, and the pickles are smaller. Only the
    pickler of multiprocessing is told (ForkingPickler.register, idempotent), not pickle at large."""
    import dataclasses
    from multiprocessing.reduction import ForkingPickler

    from . import model

    for cls in [*vars(model).values(), Extracted]:
        if not (isinstance(cls, type) and dataclasses.is_dataclass(cls)) or hasattr(cls, "__post_init__"):
            continue
        fields = dataclasses.fields(cls)
        if any(not f.init or f.kw_only for f in fields) or len(fields) != len(cls.__dataclass_fields__):
            continue  # not rebuilt by cls(*values): pickled as usual
        ForkingPickler.register(cls, partial(_reduce_dataclass, tuple(f.name for f in fields)))


def _reduce_dataclass(names: tuple[str, ...], obj) -> tuple:
    return type(obj), tuple([getattr(obj, n) for n in names])


def _worker_state(gazetteers, near, country, max_bytes, raise_errors) -> dict:
    """What a worker keeps between chunks (the gazetteer, loaded once) for these settings."""
    from .gazetteer import load_gazetteer

    return dict(gaz=load_gazetteer(tuple(gazetteers)), near=near, country=country, max_bytes=max_bytes,
                raise_errors=raise_errors)


def _worker_init(gazetteers, near, country, max_bytes, raise_errors) -> None:
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle: no worker tracebacks
    _fast_pickling()
    _WORKER.update(_worker_state(gazetteers, near, country, max_bytes, raise_errors))


def _worker_task(task: tuple, state: dict | None = None) -> Extracted:
    w = _WORKER if state is None else state
    return _one(task, w["gaz"], w["near"], w["country"], w["max_bytes"], w["raise_errors"])


def _worker_chunk(tasks: list, votes: bool = False, each: bool | str = False,
                  state: dict | None = None) -> list[Extracted]:
    """Phase 1 in a worker: reading and place finding, and (votes, for route) each document's part
    of the traveller search; a document whose votes fail gets none (the parent works them out again,
    meets the error and skips the document, as the serial path does). `each` (routes): each
    document's own journey too, in Extracted.route; each="jsonl" or "row": its JSON line (bytes) or
    Parquet row (dict) already, without the mentions, so that little comes back. `state`: the worker's settings and gazetteer
    (default: those `_worker_init` set; the Dask engine keeps its own per worker thread)."""
    out = [_worker_task(t, state) for t in tasks]
    if not (votes or each):
        return out
    from dataclasses import replace

    for i, r in enumerate(out):
        if r.document is not None:
            if each:
                trip = _route_of(r.document, list(r.mentions))
                if each in ("jsonl", "row") and not isinstance(trip, str):
                    out[i] = replace(r, mentions=(), route=_route_formatted(trip, each))
                else:
                    out[i] = replace(r, route=trip)
                continue
            try:
                out[i] = replace(r, votes=_traveller_votes(r.document, list(r.mentions)))
            except Exception:  # noqa: BLE001 - see the docstring
                pass
    return out


def _route_line(itin: Itinerary) -> str:
    """One journey as a line of JSON Lines (`route --per-document`)."""
    from .render.serialize import dumps, route_dict

    return dumps(route_dict(itin), indent=None) + "\n"


def _route_formatted(itin: Itinerary, fmt: str) -> bytes | dict:
    if fmt == "jsonl":
        return _route_line(itin).encode("utf-8")
    from .corpora import route_row

    return route_row(itin)


def _route_of(doc: Document, mentions: list) -> Itinerary | str:
    """One document's own journey (routes): its Itinerary, or the reason it is skipped. The same
    stages as route() on that document alone: traveller, events and claims, ordering."""
    from .events import traveller_of
    from .journey import build_route

    try:
        traveller = traveller_of([_traveller_votes(doc, mentions)])
    except Exception as e:  # noqa: BLE001 - one article's bug is that article's skip
        return internal_reason("finding the traveller", e)
    [(ok, value)] = _stage_chunk(("route", [(doc, mentions)], traveller))
    if not ok:
        return value
    events, claims = value
    try:
        stops, legs, superseded, conflicts = build_route(list(events))
    except Exception as e:  # noqa: BLE001
        return internal_reason("ordering the journey", e)
    return Itinerary(documents=(doc,), mentions=tuple(mentions), stops=tuple(stops), legs=tuple(legs),
                     claims=tuple(claims), superseded=tuple(superseded), conflicts=tuple(conflicts))


def _fail_for_tests(stage: str, doc: Document) -> None:
    """A test-only hook (tests/test_parallel.py), for a per-document failure that worker processes
    meet too (a monkeypatch does not cross a spawn): with ITINERARY_TEST_FAIL="STAGE:MARK" in the
    environment, which workers inherit, a document whose text holds MARK raises RuntimeError at
    STAGE: traveller (its traveller votes), journey (before find_events) or claims (before
    find_claims). Unset, it costs one environment look-up per document and stage."""
    spec = os.environ.get("ITINERARY_TEST_FAIL")
    if spec:
        where, _, mark = spec.partition(":")
        if where == stage and mark and mark in doc.text:
            raise RuntimeError(f"ITINERARY_TEST_FAIL at {stage}")


def _traveller_votes(doc: Document, mentions: list):
    from .events import traveller_votes

    _fail_for_tests("traveller", doc)
    return traveller_votes(doc, mentions)


def _stage_chunk(args: tuple) -> list[tuple[bool, object]]:
    """Phase 2, in a worker or in this process: per document of the chunk, (True, result) or
    (False, the skip reason). "route": (its events, its claims), both worked out in one call so the
    per-document caches they share hit; "check": its claims."""
    from .claims import find_claims
    from .events import find_events

    stage, items, traveller = args
    out: list[tuple[bool, object]] = []
    for doc, mentions in items:
        try:
            if stage == "route":
                _fail_for_tests("journey", doc)
                events = find_events(doc, mentions, traveller)
                _fail_for_tests("claims", doc)
                out.append((True, (events, find_claims(doc, mentions))))
            else:
                _fail_for_tests("claims", doc)
                out.append((True, find_claims(doc, mentions)))
        except Exception as e:  # noqa: BLE001 - one article's bug is that article's skip
            out.append((False, internal_reason("finding the journey" if stage == "route" else "checking distances", e)))
    return out


class _Workers:
    """The worker processes of one run, spawned on first use and shared by its phases: reading and
    place finding (with the traveller's votes for route), then, for route and check, the events and
    claims of each document. Where they cannot start or break, the work is done in this process."""

    LOCAL = True  # this machine's processes (engine "local"); engine.DaskWorkers is the other kind
    each = False  # phase 1 also works out each document's own journey (routes)

    def __init__(self, votes: bool = False):
        self.want_votes = votes
        self.votes: list = []  # per document yielded by phase 1, in order: its traveller votes or None
        self.jobs = self.n = 1
        self.why: str | None = None
        self.initargs: tuple = ()
        self.pool = None
        self.broken = False

    def setup(self, jobs: int, n_tasks: int, initargs: tuple) -> None:
        self.jobs, self.n, self.initargs = jobs, min(jobs, n_tasks), initargs
        self.why = _workers_unavailable() if self.n > 1 else None

    @property
    def usable(self) -> bool:
        return self.n > 1 and self.why is None and not self.broken

    def chunks(self, items, total: int | None = None):
        """Chunks of items: a few per worker and phase (fewer round trips and pickles), small
        enough to keep the workers evenly busy. A list gives a list; any other iterable (the rows
        of a corpus, `total` of them) gives chunks lazily, read as the workers take them."""
        n = len(items) if isinstance(items, list) else (total or 0)
        size = max(1, min(self.CHUNK, n // (self.n * self.PER_WORKER)))
        if isinstance(items, list):
            return [items[i:i + size] for i in range(0, len(items), size)]
        return _batched(items, size)

    CHUNK, PER_WORKER = 16, 8  # at most CHUNK items a chunk; at least PER_WORKER chunks per worker

    def map(self, fn, chunks, serial, bar, on_note: NoteFn) -> Iterator[list]:
        """fn(chunk) for each chunk, in input order: in the workers while they are usable, then
        serial(chunk) here for the chunks that remain (with a note if the workers broke). At most
        a few chunks per worker are handed out ahead, so a lazy `chunks` is read as it is used."""
        chunks = iter(chunks)
        pending: list = []
        if self.usable:
            import multiprocessing
            from collections import deque
            from concurrent.futures import ProcessPoolExecutor
            from concurrent.futures.process import BrokenProcessPool

            window: deque = deque()
            try:
                if self.pool is None:
                    _fast_pickling()
                    # spawn, not fork: the parent holds an SQLite connection and maybe threads.
                    # concurrent.futures rather than multiprocessing.Pool: a worker that dies (or
                    # cannot start) breaks the pool with an error instead of being restarted forever.
                    self.pool = ProcessPoolExecutor(self.n, mp_context=multiprocessing.get_context("spawn"),
                                                    initializer=_worker_init, initargs=self.initargs)
                for chunk in chunks:
                    window.append([chunk, None])  # in the window before submit, which may fail
                    window[-1][1] = self.pool.submit(fn, chunk)
                    if len(window) >= 4 * self.n:
                        yield window[0][1].result()  # results in input order
                        window.popleft()
                while window:
                    yield window[0][1].result()
                    window.popleft()
            except BrokenProcessPool as e:
                self.broken = True
                pending = [c for c, _ in window]
                detail = f" ({' '.join(str(e).split())[:100]})" if str(e) else ""
                _say(bar, on_note, "itinerary", f"worker processes failed{detail}; running in one process")
        for chunk in pending:
            yield serial(chunk)
        for chunk in chunks:
            yield serial(chunk)

    def close(self, finished: bool) -> None:
        """Stop the workers; those of a run that did not finish (the caller stopped early, Ctrl-C,
        an error) are terminated rather than left to finish their chunks."""
        pool, self.pool = self.pool, None
        if pool is None:
            return
        if not finished:
            procs = list((getattr(pool, "_processes", None) or {}).values())
            for proc in procs:
                proc.terminate()
            # (not shutdown(wait=True) after terminating: the pool's manager thread can block on the
            # queues of killed workers; it finds them dead and winds itself down)
            pool.shutdown(wait=False, cancel_futures=True)
            for proc in procs:
                proc.join(timeout=5)
            return
        pool.shutdown(wait=True, cancel_futures=True)


def _batched(items, size: int) -> Iterator[list]:
    chunk: list = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _workers_unavailable() -> str | None:
    """Why worker processes cannot be spawned here, or None. A spawned worker imports the parent's
    __main__ again: a script read from standard input ("<stdin>") or one that no longer exists
    cannot be, and Python would restart such workers forever."""
    import sys

    main = sys.modules.get("__main__")
    if main is None or getattr(getattr(main, "__spec__", None), "name", None):
        return None  # python -m module: imported by name
    path = getattr(main, "__file__", None)
    if path is None:
        return None  # interactive, python -c, notebooks: nothing to import
    if not os.path.isfile(path):
        return f"the main script ({display_path(path)}) is not a file workers can import"
    return None


def extract(paths: PathLike | Iterable[PathLike], gazetteers: PathLike | Iterable[PathLike] = (), near=None,
            country: str | None = None, *, jobs: int | None = 1, max_bytes: int = MAX_BYTES, progress: bool = False,
            on_note: NoteFn | None = None, on_skip: NoteFn | None = None, skipped: list[Skipped] | None = None,
            raise_errors: bool = False, geocoder=None, engine: str | None = None, client=None,
            scheduler: str | None = None,
            _workers: _Workers | None = None) -> Iterator[tuple[Document, tuple[Mention, ...]]]:
    """(document, its mentions) for every readable article under `paths`, in file order.

    Options, paths and gazetteers are checked at once (errors raise here); the files (and the rows
    of JSON Lines and Parquet corpora) are then read lazily as the result is iterated, so a caller
    can stream output without holding the corpus. Skipped files are appended to `skipped`;
    NothingReadableError is raised at the end of the iteration if no file at all could be read.

    `_workers` is internal (route, check): the worker processes to use, which the caller runs its
    later stages in and closes; the traveller's votes, when wanted, are collected in it.
    """
    return _extract(paths, gazetteers, near, country, jobs=jobs, max_bytes=max_bytes, progress=progress,
                    on_note=on_note, on_skip=on_skip, skipped=skipped, raise_errors=raise_errors,
                    geocoder=geocoder, engine=engine, client=client, scheduler=scheduler, _workers=_workers,
                    pairs=True)


def _extract(paths, gazetteers, near, country, *, jobs, max_bytes, progress, on_note, on_skip, skipped,
             raise_errors, geocoder, engine, client, scheduler, _workers, pairs: bool, each: bool | str = False):
    """extract(); with pairs=False the Extracted values themselves (with mentions the geocoder
    added), and with `each` every document's own journey worked out where it is read (routes)."""
    max_bytes = _check_options(jobs, max_bytes, progress, on_note, on_skip)  # bad values fail before any work
    near_pt, cc = parse_near(near), parse_country(country)
    geo = _geocoder(geocoder)
    paths = as_path_list(paths)
    gazetteers = _gazetteer_list(gazetteers)
    workers = _workers if _workers is not None else _new_workers(engine, client, scheduler)
    files = collect_paths(paths)
    from .corpora import plan
    from .gazetteer import load_gazetteer

    # Loaded here even with workers: a malformed gazetteer fails once, and the index is built (the
    # first time) by one process rather than by every worker at once.
    gaz = load_gazetteer(gazetteers)
    tasks, total = plan(files, explicit_files(paths), max_bytes)
    n_jobs = parse_jobs(jobs, total) if workers.LOCAL else (0 if jobs is None else parse_jobs(jobs))
    note = on_note if on_note is not None else _warn
    workers.each = each if geo is None else False  # the geocoder runs here, before the journey: then routes does it
    workers.setup(n_jobs, total, (tuple(os.fspath(g) for g in gazetteers), near_pt, cc, max_bytes, raise_errors))
    run = _run(paths, tasks, total, gaz, near_pt, cc, max_bytes, progress, note, on_skip, skipped, raise_errors, geo,
               workers, own=_workers is None)
    return ((r.document, ms) for r, ms in run) if pairs else run


ENGINES = ("local", "dask")


def _new_workers(engine: str | None, client=None, scheduler: str | None = None, votes: bool = False) -> _Workers:
    """The workers of a run: this machine's processes (engine "local", the default), or a Dask
    cluster (engine "dask": `client`, else a Client of `scheduler`, else a LocalCluster started
    for the run). FormatError for a bad engine or a Dask engine without Dask installed."""
    if engine is None:
        engine = "dask" if client is not None or scheduler is not None else "local"
    if engine not in ENGINES:
        raise FormatError(f"--engine {engine!r}: expected local or dask")
    if engine == "local":
        if client is not None or scheduler is not None:
            raise FormatError("a Dask client or --scheduler needs --engine dask")
        return _Workers(votes)
    if scheduler is not None and (not isinstance(scheduler, str) or not scheduler.strip()):
        raise FormatError(f"--scheduler {scheduler!r}: expected an address such as tcp://10.0.0.5:8786")
    from .engine import DaskWorkers

    return DaskWorkers(votes, client=client, scheduler=scheduler)


def _geocoder(geocoder):
    """The online geocoder of a run (None: off), checked before any work (FormatError, GeocoderError)."""
    if geocoder is None:
        return None
    from .geocoders import resolve

    return resolve(geocoder)


def _geocoded(geo, r: Extracted, bar, on_note: NoteFn, raise_errors: bool) -> tuple[Mention, ...]:
    """A document's mentions with those the online geocoder adds (after the offline ones, before
    events): notes go to on_note; a failure keeps the offline mentions."""
    from .geocoders import geocode_mentions

    try:
        mentions, notes = geocode_mentions(r.document, r.mentions, geo)
    except Exception as e:  # noqa: BLE001 - the optional lookup must not lose the document
        if raise_errors:
            raise
        _say(bar, on_note, r.path, f"{internal_reason('geocoding', e)}; its offline places are kept")
        return r.mentions
    for n in notes:
        _say(bar, on_note, r.path, n)
    return mentions


def _run(paths, tasks, total, gaz, near, cc, max_bytes, progress, on_note, on_skip, skipped, raise_errors, geo,
         workers: _Workers, own: bool) -> Iterator[tuple[Extracted, tuple[Mention, ...]]]:
    skips: list[Skipped] = []
    found = 0
    if geo is not None and getattr(geo, "down", None):
        geo.down = None  # a new run asks a service that failed in an earlier one again
    bar = _progress_bar(total) if progress and total >= PROGRESS_MIN_FILES else None
    finished = False
    try:
        for r in _results(tasks, total, gaz, near, cc, max_bytes, raise_errors, bar, on_note, workers):
            for n in r.notes:
                _say(bar, on_note, r.path, n)
            if r.document is None and r.skipped is not None:
                s = Skipped(r.path, r.skipped)
                skips.append(s)
                if skipped is not None:
                    skipped.append(s)
                if on_skip is not None:
                    _say(bar, on_skip, r.path, s.reason)
            elif r.document is not None:
                found += 1
            if bar is not None:
                bar.update(1)
            if r.document is not None:
                mentions = _geocoded(geo, r, bar, on_note, raise_errors) if geo is not None else r.mentions
                if workers.want_votes:  # votes on the offline mentions only hold if the geocoder added none
                    workers.votes.append(r.votes if mentions is r.mentions or mentions == r.mentions else None)
                yield r, mentions
        finished = True
    finally:
        if bar is not None:
            bar.close()
        if geo is not None and hasattr(geo, "close"):
            geo.close()
        if own:
            workers.close(finished)
    if not found:
        raise nothing_readable(paths, skips)


def _results(tasks, total, gaz, near, cc, max_bytes, raise_errors, bar, on_note,
             workers: _Workers) -> Iterator[Extracted]:
    """Extracted values in task order: from worker processes when jobs > 1 and they can start, else
    in this process. Workers that cannot start or die (BrokenProcessPool) leave the rest of the run
    to this process, with a note: the output is the same either way."""
    def serial(todo):
        return [_one(t, gaz, near, cc, max_bytes, raise_errors) for t in todo]

    if not workers.usable:
        if workers.why:
            _say(bar, on_note, "itinerary", f"{workers.why}; running in one process instead of {workers.jobs}")
        yield from (_one(t, gaz, near, cc, max_bytes, raise_errors) for t in tasks)
        return
    fn = partial(_worker_chunk, votes=True) if workers.want_votes else \
        partial(_worker_chunk, each=workers.each) if workers.each else _worker_chunk
    for results in workers.map(fn, workers.chunks(tasks, total), serial, bar, on_note):
        yield from results


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


def _mentions(paths, gazetteers, near, country, opts, workers: _Workers | None = None):
    skipped: list[Skipped] = []
    if workers is not None:
        opts = {**opts, "engine": None, "client": None, "scheduler": None}
    per_doc = list(extract(paths, gazetteers, near, country, skipped=skipped, _workers=workers, **opts))
    return [d for d, _ in per_doc], per_doc, skipped


def _find_traveller(per_doc: list, votes: list, lost: _Losses):
    """events.find_traveller over the documents, from their votes (worked out here where a worker
    gave none), combined in file order: (the traveller, the documents kept). As `_Losses.together`
    does, a document whose votes fail is skipped, unless every document fails: then it is raised."""
    from .events import traveller_of

    kept, bad = [], []
    for item, v in zip(per_doc, votes):
        if v is None:
            try:
                v = _traveller_votes(*item)
            except Exception as e:  # noqa: BLE001 - one article's bug is that article's skip
                bad.append((item, e))
                continue
        kept.append((item, v))
    if bad and not kept:
        raise bad[0][1]
    for item, e in bad:
        lost.skip(item[0], internal_reason("finding the traveller", e))
    return traveller_of(v for _, v in kept), [item for item, _ in kept]


def _per_document(items: list, stage: str, traveller, workers: _Workers, lost: _Losses, on_note: NoteFn) -> list:
    """[(item, result)] of `_stage_chunk` over the (document, mentions) items, in order, in the
    workers when they are usable (else here); a document it fails on is skipped."""
    chunks = workers.chunks(items)
    out = []
    run = workers.map(_stage_chunk, [(stage, c, traveller) for c in chunks], _stage_chunk, None, on_note)
    for chunk, results in zip(chunks, run):
        for item, (ok, value) in zip(chunk, results):
            if ok:
                out.append((item, value))
            else:
                lost.skip(item[0], value)
    return lost._some(out)


class _Losses:
    """Documents dropped after extraction because a later stage failed on them: each becomes a
    skipped file (in `.skipped`, through on_skip), and the run goes on with the others."""

    def __init__(self, paths, skipped: list[Skipped], on_skip: NoteFn | None):
        self.paths, self.skipped, self.on_skip = paths, skipped, on_skip

    def skip(self, doc: Document, reason: str) -> None:
        s = Skipped(doc.path, reason)
        self.skipped.append(s)
        if self.on_skip is not None:
            self.on_skip(doc.path, reason)

    def together(self, items: list, fn, stage: str):
        """(fn(items), items): if fn fails, the items it fails on alone are skipped and it runs on the
        rest. A failure that no single item causes, or that every item causes, is raised: a bug of
        the run, not of a document."""
        try:
            return fn(items), items
        except Exception:
            bad = []
            for item in items:
                try:
                    fn([item])
                except Exception as e:  # noqa: BLE001
                    bad.append((item, e))
            if not bad or len(bad) == len(items):
                raise
        for item, e in bad:
            self.skip(item[0], internal_reason(stage, e))
        rest = self._some([i for i in items if all(i is not b for b, _ in bad)])
        return fn(rest), rest

    def _some(self, items: list) -> list:
        if not items:
            raise nothing_readable(self.paths, self.skipped)
        return items


# ----------------------------------------------------------------------------------------------
# The commands
#
# `paths` and `gazetteers`: one path (str, bytes, os.PathLike) or an iterable of them.


def places(paths: PathLike | Iterable[PathLike], gazetteers: PathLike | Iterable[PathLike] = (), near=None,
           country: str | None = None, *, jobs: int | None = 1, progress: bool = False,
           on_note: NoteFn | None = None, on_skip: NoteFn | None = None, max_bytes: int = MAX_BYTES,
           geocoder=None, engine: str | None = None, client=None, scheduler: str | None = None) -> Places:
    """Every place mention in the articles under `paths`, resolved through the gazetteer.

    Returns Places(documents, mentions, skipped). Raises InputError (a missing path, a value that
    is not a path), NothingReadableError (no file could be read), GazetteerError, FormatError,
    GeocoderError (geocoder="nominatim" without a User-Agent). Places the online geocoder found
    have Place.source "nominatim"."""
    opts = dict(jobs=jobs, progress=progress, on_note=on_note, on_skip=on_skip, max_bytes=max_bytes,
                geocoder=geocoder, engine=engine, client=client, scheduler=scheduler)
    docs, per_doc, skipped = _mentions(paths, gazetteers, near, country, opts)
    return Places(tuple(docs), tuple(m for _, ms in per_doc for m in ms), tuple(skipped))


OTHER_TRIPS_SHARE = 0.5  # this share of the reports never naming the traveller suggests unrelated trips


def _note_other_trips(per_doc: list, traveller: frozenset[str], note: NoteFn) -> None:
    """One note when at least half of three or more reports never name the run's traveller: the
    folder may hold unrelated trips, merged into one journey unless read --per-document."""
    if len(per_doc) < 3 or not traveller:
        return
    silent = [d for d, _ in per_doc if not any(w in d.text for w in traveller)]
    if len(silent) >= OTHER_TRIPS_SHARE * len(per_doc):
        quiet = {id(d) for d in silent}
        told = next((d.text for d, _ in per_doc if id(d) not in quiet), "")
        name = " ".join(sorted(traveller, key=lambda w: (told.find(w) < 0, told.find(w), w)))  # as written
        note(silent[0].path, f"{len(silent)} of {len(per_doc)} reports never name {name}, the traveller of "
                             f"this run: they may tell other trips, merged here into one journey "
                             f"(--per-document gives one journey per report)")


def route(paths: PathLike | Iterable[PathLike], gazetteers: PathLike | Iterable[PathLike] = (), near=None,
          country: str | None = None, *, jobs: int | None = 1, progress: bool = False,
          on_note: NoteFn | None = None, on_skip: NoteFn | None = None, max_bytes: int = MAX_BYTES,
          geocoder=None, engine: str | None = None, client=None, scheduler: str | None = None) -> Itinerary:
    """The journey the articles report: stops in order, legs, and the distance claims.

    Returns an Itinerary (documents, mentions, stops, legs, claims, superseded, conflicts, skipped);
    raises as `places` does. A document on which finding the journey fails is skipped.

    `paths` that name itinerary files (a route JSON, GeoJSON or CSV this tool wrote, edited by
    hand; known by content) give that journey instead (itinerary/edited.py): stops in the file's
    order, legs recomputed; ValidationError (one line per problem) for a broken edit, InputError
    for itinerary files mixed with articles."""
    from .edited import journey_from
    from .journey import build_route

    edited = journey_from(paths, gazetteers)
    if edited is not None:
        return edited

    opts = dict(jobs=jobs, progress=progress, on_note=on_note, on_skip=on_skip, max_bytes=max_bytes,
                geocoder=geocoder, engine=engine, client=client, scheduler=scheduler)
    # With jobs > 1 one set of worker processes does both phases: reading, places and each
    # document's traveller votes; then, given the traveller, each document's events and claims.
    # This process combines the votes in file order and orders the journey.
    workers = _new_workers(engine, client, scheduler, votes=True)
    finished = False
    try:
        _, per_doc, skipped = _mentions(paths, gazetteers, near, country, opts, workers)
        lost = _Losses(as_path_list(paths), skipped, on_skip)
        per_doc = [(d, list(ms)) for d, ms in per_doc]
        traveller, per_doc = _find_traveller(per_doc, workers.votes, lost)
        _note_other_trips(per_doc, traveller, on_note or _warn)
        found = _per_document(per_doc, "route", traveller, workers, lost, on_note or _warn)
        finished = True
    finally:
        workers.close(finished)
    found = [(d, ms, evs, cls) for (d, ms), (evs, cls) in found]
    (stops, legs, superseded, conflicts), found = lost.together(
        found, lambda items: build_route([e for _, _, evs, _ in items for e in evs]), "ordering the journey")
    return Itinerary(
        documents=tuple(d for d, *_ in found), mentions=tuple(m for _, ms, _, _ in found for m in ms),
        stops=tuple(stops), legs=tuple(legs), claims=tuple(c for *_, cls in found for c in cls),
        superseded=tuple(superseded), conflicts=tuple(conflicts), skipped=tuple(skipped),
    )


def check(paths: PathLike | Iterable[PathLike], gazetteers: PathLike | Iterable[PathLike] = (), near=None,
          country: str | None = None, *, jobs: int | None = 1, progress: bool = False,
          on_note: NoteFn | None = None, on_skip: NoteFn | None = None, max_bytes: int = MAX_BYTES,
          geocoder=None, engine: str | None = None, client=None, scheduler: str | None = None) -> Checked:
    """The distances the articles report, each tied to its two ends, measured and judged.

    Returns Checked(documents, claims, skipped); raises as `places` does. For itinerary files
    (see `route`), the claims they hold, as they were judged."""
    from .edited import journey_from

    edited = journey_from(paths, gazetteers)
    if edited is not None:
        return Checked(edited.documents, edited.claims, ())
    opts = dict(jobs=jobs, progress=progress, on_note=on_note, on_skip=on_skip, max_bytes=max_bytes,
                geocoder=geocoder, engine=engine, client=client, scheduler=scheduler)
    workers = _new_workers(engine, client, scheduler)  # with jobs > 1, the processes that read the files find the claims too
    finished = False
    try:
        _, per_doc, skipped = _mentions(paths, gazetteers, near, country, opts, workers)
        lost = _Losses(as_path_list(paths), skipped, on_skip)
        found = _per_document([(d, list(ms)) for d, ms in per_doc], "check", None, workers, lost,
                              on_note or _warn)
        finished = True
    finally:
        workers.close(finished)
    return Checked(tuple(d for (d, _), _ in found), tuple(c for _, cls in found for c in cls), tuple(skipped))


MAP_FORMATS = {".html": "html", ".htm": "html", ".png": "png", ".svg": "svg", ".pdf": "pdf",
               ".geojson": "geojson", ".csv": "csv", ".json": "json"}
STATIC_MAP_FORMATS = ("png", "svg", "pdf")


def _output(output) -> Path:
    if not isinstance(output, (str, os.PathLike)) or not os.fspath(output):
        raise OutputError(f"output: expected a file path such as trip.html, not {output!r}"[:120])
    return Path(output)


def map_format(output: PathLike) -> str:
    """html, png, svg, pdf, geojson, csv or json, from the output's extension (FormatError otherwise)."""
    out = _output(output)
    fmt = MAP_FORMATS.get(out.suffix.lower())
    if fmt is None:
        raise FormatError(f"{out}: unknown output extension (use .html, .png, .svg, .pdf, .geojson, .csv or .json)")
    return fmt


def map_text(itin: Itinerary, fmt: str, title: str | None = None, assets: str = "inline", tiles: str = "osm",
             lang: str | None = None, size=None, dpi: int | None = None) -> str | bytes:
    """The map page (fmt "html", text), the static map (fmt "png", "svg" or "pdf": the file's
    bytes) or the GeoJSON, CSV or JSON export (text) of `itin`.

    `tiles`: none | osm | a tile URL template (FormatError if malformed); `assets`: inline | cdn
    (both HTML only). `lang`: the language of the map's words, a pack code such as "id", "auto"
    (the articles' language when they all agree, else English) or None (English); HTML and static
    maps only. `size`: static maps, "WIDTHxHEIGHT" in pixels or (width, height), default 1500x1000;
    `dpi`: static maps, default 150 (PNG pixels; SVG and PDF get the same inches)."""
    from .render import exports
    from .render.serialize import dumps, route_json_text

    if fmt == "html":
        from .render.map import render_map

        return render_map(itin, title=title, assets=assets, tiles=tiles, lang=lang)
    if fmt in STATIC_MAP_FORMATS:
        from .render.static import DEFAULT_DPI, render_static

        return render_static(itin, fmt, title=title, size=size, dpi=DEFAULT_DPI if dpi is None else dpi, lang=lang)
    if fmt == "geojson":
        return dumps(exports.route_geojson(itin))
    if fmt == "csv":
        return exports.route_csv(itin)
    return route_json_text(itin)


def check_map_options(output: PathLike, title, assets: str = "inline", tiles: str = "osm", lang: str | None = None,
                      size=None, dpi: int | None = None) -> str:
    """The output format (html | png | svg | pdf | geojson | csv | json) after checking every map
    option (FormatError), before any work: `assets` and `tiles` belong to HTML maps, `size` and
    `dpi` to static maps (None: their defaults), `lang` to both (an export refuses any but None
    and "auto")."""
    from .render.labels import check_lang
    from .render.map import tile_url

    fmt = map_format(output)
    if title is not None and not isinstance(title, str):
        raise FormatError(f"title: expected text, not {type(title).__name__}")
    check_lang(lang)
    if fmt in STATIC_MAP_FORMATS:
        from .render.static import DEFAULT_DPI, check_static_options

        check_static_options(output, title, size, DEFAULT_DPI if dpi is None else dpi, lang)
        if assets != "inline" or tiles != "osm":
            raise FormatError(f"{'assets' if assets != 'inline' else 'tiles'} applies to .html maps only, not .{fmt}")
        return fmt
    if assets not in ("inline", "cdn"):
        raise FormatError(f"--assets {assets!r}: expected inline or cdn")
    tile_url(tiles)  # a bad value fails before the work
    if size is not None or dpi is not None:
        raise FormatError(f"{'size' if size is not None else 'dpi'} applies to .png, .svg and .pdf maps only")
    if fmt != "html" and lang not in (None, "auto"):
        raise FormatError("lang applies to .html, .png, .svg and .pdf maps only")
    return fmt


def write_map(itin: Itinerary, output: PathLike, title: str | None = None, assets: str = "inline",
              tiles: str = "osm", lang: str | None = None, size=None, dpi: int | None = None) -> Path:
    """Render `itin` as the map (HTML), a static map (PNG, SVG, PDF) or an export chosen by the
    extension, written atomically (all or nothing: a failure leaves an existing file as it was).
    Options as `map_text`; FormatError for one that does not fit the format. Returns the output's Path."""
    from .outputs import check_output, write_atomic

    fmt = check_map_options(output, title, assets, tiles, lang, size, dpi)
    out = check_output(_output(output))
    write_atomic(out, map_text(itin, fmt, title, assets, tiles, lang, size, dpi))
    return out


def map(paths: PathLike | Iterable[PathLike], output: PathLike, title: str | None = None,
        gazetteers: PathLike | Iterable[PathLike] = (),
        near=None, country: str | None = None, assets: str = "inline", *, tiles: str = "osm",
        lang: str | None = None, size=None, dpi: int | None = None,
        jobs: int | None = 1, progress: bool = False, on_note: NoteFn | None = None,
        on_skip: NoteFn | None = None, max_bytes: int = MAX_BYTES, geocoder=None, engine: str | None = None,
        client=None, scheduler: str | None = None) -> Path:
    """Write the journey map (HTML), a static map (PNG, SVG, PDF) — or GeoJSON, CSV or JSON,
    chosen by the output's extension. `lang` (None: English; "auto": the articles' language when
    they agree, the CLI's default), `size` and `dpi` as `map_text`. `paths` may name an edited
    itinerary file instead of articles (see `route`).

    Returns the output's Path; raises as `route` does, FormatError for an option that does not fit
    the format, and OutputError if it cannot be written or is one of the files the run reads
    (checked before the work)."""
    from .outputs import check_output

    check_map_options(output, title, assets, tiles, lang, size, dpi)
    geocoder = _geocoder(geocoder)  # a missing User-Agent fails before the output is touched
    check_output(_output(output), as_path_list(paths), _gazetteer_list(gazetteers))
    itin = route(paths, gazetteers, near, country, jobs=jobs, progress=progress, on_note=on_note,
                 on_skip=on_skip, max_bytes=max_bytes, geocoder=geocoder, engine=engine, client=client,
                 scheduler=scheduler)
    return write_map(itin, output, title=title, assets=assets, tiles=tiles, lang=lang, size=size, dpi=dpi)


SCHEMAS = ("route", "check", "places", "places-jsonl")


def json_schema(name: str) -> dict:
    """The JSON Schema (draft 2020-12) of a JSON output: route, check, places or places-jsonl (one line)."""
    import json

    if name not in SCHEMAS:
        raise FormatError(f"unknown schema {name!r}: use one of {', '.join(SCHEMAS)}")
    path = Path(__file__).parent / "data" / "schemas" / f"{name}.json"
    return json.loads(path.read_text(encoding="utf-8"))
