"""The Dask engine (`--engine dask`, `engine="dask"`): the per-document work of a run on a Dask
distributed cluster instead of this machine's process pool.

    itinerary route archive.parquet --per-document --engine dask                 # a LocalCluster
    itinerary places wire/ --engine dask --scheduler tcp://10.0.0.5:8786 --format jsonl
    itinerary.route(["articles/"], client=distributed.Client("tcp://10.0.0.5:8786"))

What runs where is what runs where with `-j N` (api._Workers): the workers read the files (and
corpus rows), find the places and each document's traveller votes (api._worker_chunk), then,
given the traveller, each document's events and claims (api._stage_chunk); for `routes` each
document's whole journey. This process decides the traveller, merges the journey and writes the
output, so the output is byte-identical to the local engine's, in the same order. Chunks of
documents are handed out a few per worker ahead of the results (a corpus is read as the workers
take it, memory stays flat) and their results are taken in input order. Each worker thread loads
the gazetteer index once per run settings (a module-level cache keyed by the gazetteer files,
--near, --country, the size limit) and keeps it for later chunks and runs.

- Without a client or `scheduler`, a LocalCluster is started for the run and closed after it:
  one worker process per CPU (or `jobs`), one thread each, no dashboard, its logs silenced.
- With `scheduler` ("tcp://host:8786") a Client connects to it and is closed after the run; a
  `client` passed in is used and left open. Workers must have this package (same version) and
  see the input files at the same paths (corpus rows are sent to them); give them one thread
  each (`dask worker ADDRESS --nthreads 1`): the work is pure Python, threads share one GIL.
- Workers that fail (killed, lost) leave the rest of the run to this process, with a note, as
  broken local workers do; the output is the same.

Dask is an optional extra: `pip install 'itinerary[dask]'`; without it, FormatError says so.
"""
from __future__ import annotations

import os
import pickle
import threading
from collections import deque
from typing import Iterator

from . import api
from .errors import FormatError

_LOCAL = threading.local()  # per worker thread: (settings, state) of the last run it served
CONNECT_TIMEOUT = "10s"  # how long --scheduler ADDRESS is tried before the run fails
LOADS: dict = {}  # per worker process: how often the state of each settings was loaded (tests)


def require_dask():
    """The `distributed` module, or FormatError (one line) if Dask is not installed."""
    try:
        import distributed
    except ImportError as e:
        raise FormatError(f"--engine dask needs Dask: pip install 'itinerary[dask]' ({e})") from None
    return distributed


def _state(initargs: tuple) -> dict:
    """This worker thread's gazetteer and settings for `initargs`, loaded once and kept."""
    held = getattr(_LOCAL, "held", None)
    if held is None or held[0] != initargs:
        if not getattr(_LOCAL, "pickling", False):
            api._fast_pickling()
            _LOCAL.pickling = True
        held = _LOCAL.held = (initargs, api._worker_state(*initargs))
        LOADS[initargs] = LOADS.get(initargs, 0) + 1
    return held[1]


def _dumps(obj) -> bytes:
    """Pickled as the local engine pickles (model values rebuilt through their class: smaller and
    faster to read back, see api._fast_pickling); Dask then moves bytes only."""
    from multiprocessing.reduction import ForkingPickler

    return bytes(ForkingPickler.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL))


def run_chunk(initargs: tuple, fn, payload: bytes) -> bytes:
    """On a Dask worker: fn(chunk) for one pickled chunk, the result pickled. api._worker_chunk
    gets this thread's state (the gazetteer); api._stage_chunk needs none."""
    state = _state(initargs)
    chunk = pickle.loads(payload)
    if getattr(fn, "func", fn) is api._worker_chunk:
        result = fn(chunk, state=state)
    else:
        result = fn(chunk)
    return _dumps(result)


class DaskWorkers(api._Workers):
    """api._Workers on a Dask cluster: same phases, same functions, results in input order."""

    LOCAL = False
    CHUNK, PER_WORKER = 64, 4  # bigger chunks than local: a Dask task costs about a millisecond
    AHEAD = 3  # chunks handed out per worker before the first result is taken

    def __init__(self, votes: bool = False, client=None, scheduler: str | None = None):
        super().__init__(votes)
        require_dask()
        self.client, self.scheduler = client, scheduler
        self.cluster = None
        self.own_client = False
        self.futures: deque = deque()

    def setup(self, jobs: int, n_tasks: int, initargs: tuple) -> None:
        """Connect (or start a LocalCluster of `jobs` workers, 0: one per CPU) before the work."""
        self.initargs, self.why = initargs, None
        if self.client is None:
            self._connect(jobs)
        self.jobs = self.n = max(1, self._workers())

    def _connect(self, jobs: int) -> None:
        import logging

        from distributed import Client, LocalCluster

        if self.scheduler is not None:
            try:
                self.client = Client(self.scheduler, timeout=CONNECT_TIMEOUT, set_as_default=False)
            except (OSError, TimeoutError, ValueError) as e:
                raise FormatError(f"--scheduler {self.scheduler}: cannot connect to a Dask scheduler there "
                                  f"({' '.join(str(e).split())[:120]})") from None
        else:
            n = jobs or os.cpu_count() or 1
            # dashboard_address ":0": a free port (its default, 8787, may be taken: a warning on stderr)
            self.cluster = LocalCluster(n_workers=n, threads_per_worker=1, processes=True, dashboard_address=":0",
                                        silence_logs=logging.ERROR)
            self.client = Client(self.cluster, set_as_default=False)
        self.own_client = True

    def _workers(self) -> int:
        try:
            return len(self.client.scheduler_info().get("workers", {})) or 1
        except Exception:  # noqa: BLE001 - only for sizing chunks
            return 1

    @property
    def usable(self) -> bool:
        return self.client is not None and not self.broken

    def map(self, fn, chunks, serial, bar, on_note) -> Iterator[list]:
        chunks = iter(chunks)
        window: deque = deque()
        pending: list = []
        if self.usable:
            self.futures = window
            try:
                for chunk in chunks:
                    window.append([chunk, None])  # in the window before submit, which may fail
                    window[-1][1] = self.client.submit(run_chunk, self.initargs, fn, _dumps(chunk), pure=False)
                    if len(window) >= self.AHEAD * self.n:
                        yield pickle.loads(window[0][1].result())  # results in input order
                        window.popleft()
                while window:
                    yield pickle.loads(window[0][1].result())
                    window.popleft()
            except Exception as e:  # noqa: BLE001 - a lost worker, a scheduler gone: finish here
                self.broken = True
                pending = [c for c, _ in window]
                self._cancel()
                detail = f" ({type(e).__name__}: {' '.join(str(e).split())[:100]})"
                api._say(bar, on_note, "itinerary", f"Dask workers failed{detail}; running in one process")
        for chunk in pending:
            yield serial(chunk)
        for chunk in chunks:
            yield serial(chunk)

    def _cancel(self) -> None:
        futures = [f for _, f in self.futures if f is not None]
        self.futures = deque()
        if futures and self.client is not None:
            try:
                self.client.cancel(futures)
            except Exception:  # noqa: BLE001 - the cluster may be gone already
                pass

    def close(self, finished: bool) -> None:
        """Cancel what is still queued; close the client and the LocalCluster this run started (a
        client passed in stays open)."""
        self._cancel()
        if not self.own_client:
            return
        client, cluster, self.client, self.cluster = self.client, self.cluster, None, None
        for thing in (client, cluster):
            if thing is not None:
                try:
                    thing.close()
                except Exception:  # noqa: BLE001 - closing is best effort
                    pass
