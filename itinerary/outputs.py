"""Writing outputs safely: every file the tool makes goes through `write_atomic`.

    check_output(path, inputs=(), also_read=()) -> Path
        Before any work: OutputError if `path` cannot or must not be written (see below).
    write_atomic(path, data) -> Path
        All or nothing: a temporary file beside the real target, then os.replace. Returns the
        file written (the target of a symbolic link, if `path` is one).
    is_stdout(path) -> bool
        "-" means standard output.
    sigterm_raises()
        A context manager under which SIGTERM raises `Terminated` (a KeyboardInterrupt), so the
        cleanup that runs on Ctrl-C (temporary files removed) runs on `kill` and `timeout` too.

What is refused, with one-line OutputError messages:
- a folder; a missing or unwritable folder; a read-only file (made so on purpose);
- anything but a regular file: a device, a FIFO, a socket, or any path under /dev, /proc or /sys
  (write to standard output by leaving out -o or giving -o -);
- one of the run's own input files, whatever the name it is reached by (a symbolic link, a hard
  link, `./a/../a`): compared by real path and by device and inode. A file in an input folder that
  is an earlier output of this tool (which the run does not read) may be replaced.

A symbolic link is written through: its target is replaced atomically (the temporary file is made
in the target's folder) and the link stays a link.
"""
from __future__ import annotations

import os
import signal
import stat
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterable, Iterator

from .errors import OutputError

# Writing here replaces no file: these are the kernel's and the devices' name spaces.
_SYSTEM_DIRS = ("/dev", "/proc", "/sys")
_STDOUT_HINT = "to write to standard output, leave out -o or give -o -"
SIGTERM_EXIT = 128 + 15
SIGINT_EXIT = 128 + 2


class Terminated(KeyboardInterrupt):
    """SIGTERM arrived (from `kill`, `timeout`, a CI runner): handled like Ctrl-C, exit 143."""

    def __init__(self, signum: int = signal.SIGTERM):
        super().__init__(signum)
        self.signum = signum


def is_stdout(path: str | os.PathLike | None) -> bool:
    """Is `path` the "-" that names standard output (or, among inputs, standard input)?"""
    try:
        return path is not None and os.fspath(path) in ("-", b"-")
    except TypeError:
        return False


def _system_path(p: str) -> bool:
    return any(p == d or p.startswith(d + os.sep) for d in _SYSTEM_DIRS)


def _kind(mode: int) -> str | None:
    """What a non-regular file is, in words; None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device, not a regular file"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe), not a regular file"
    if stat.S_ISSOCK(mode):
        return "a socket, not a regular file"
    return "not a regular file"


def output_target(path: str | os.PathLike) -> tuple[str, os.stat_result | None]:
    """(the file a write to `path` replaces, its stat or None if it does not exist yet).

    The target is `path` itself or, through any symbolic links, the file they point to (which may
    not exist yet). OutputError for a folder, a device, FIFO or socket, or a path under /dev,
    /proc or /sys, and for links that loop.
    """
    shown = os.fspath(path)
    real = os.path.realpath(shown)
    if _system_path(os.path.abspath(shown)) or _system_path(real):
        raise OutputError(f"cannot write {shown}: paths under /dev, /proc and /sys are not files to "
                          f"replace ({_STDOUT_HINT})")
    try:
        st = os.stat(real)
    except FileNotFoundError:
        return real, None
    except OSError as e:  # a symbolic link loop, a name too long, no permission to look
        raise OutputError(f"cannot write {shown}: {e.strerror or e}") from None
    kind = _kind(st.st_mode)
    if kind == "a folder":
        raise OutputError(f"cannot write {shown}: it is a folder")
    if kind is not None:
        hint = f" ({_STDOUT_HINT})" if stat.S_ISCHR(st.st_mode) else ""
        raise OutputError(f"cannot write {shown}: it is {kind}{hint}")
    return real, st


def check_output(path: str | os.PathLike, inputs: Iterable[str | os.PathLike] = (),
                 also_read: Iterable[str | os.PathLike] = ()) -> Path:
    """Fail early, before a long run, if `path` could not or must not be written (OutputError).

    `inputs` are the run's PATHS (files and folders, expanded as the run will expand them) and
    `also_read` any other files it reads (gazetteers): an output that is one of those files is
    refused. Returns `path` as a Path. InputError if an input path does not exist.
    """
    shown = os.fspath(path)
    real, st = output_target(shown)
    folder = os.path.dirname(real)
    if not os.path.isdir(folder):
        raise OutputError(f"cannot write {shown}: folder {folder} does not exist")
    if st is not None and not st.st_mode & 0o222:
        # Made read-only on purpose; replacing it (which rename would allow) is not ours to do.
        raise OutputError(f"cannot write {shown}: the file is read-only")
    if not os.access(folder, os.W_OK):
        raise OutputError(f"cannot write {shown}: folder {folder} is not writable")
    if st is not None:  # a new file replaces nothing, so it cannot be an input
        same = _input_named(real, st, inputs, also_read)
        if same is not None:
            where = "" if same == shown else f" ({same})"
            raise OutputError(f"refusing to write {shown}: it is one of the input files{where}; "
                              "choose another output file")
    return Path(shown)


def _input_named(real: str, st: os.stat_result, inputs, also_read) -> str | None:
    """The first input that is the file at `real` (same real path, or same device and inode).

    "-" (standard input) is compared by what it is open on (`route - < a.txt -o a.txt`). A file
    found in an input folder that the run recognises as one of this tool's own outputs (an earlier
    `map articles/ -o articles/trip.html`) is not read as an article, so it may be replaced.
    """
    from . import documents

    inputs = [inputs] if isinstance(inputs, (str, bytes, os.PathLike)) else list(inputs)
    found = documents.collect_paths(inputs) if inputs else []
    named = documents.explicit_files(inputs) if inputs else set()
    for f in [*found, *also_read]:
        if is_stdout(f):  # "-" as an input is standard input
            try:
                fs = os.fstat(0)
            except OSError:
                continue
            if (fs.st_dev, fs.st_ino) == (st.st_dev, st.st_ino):
                return "standard input"
            continue
        try:
            fs = os.stat(f)
            same = (fs.st_dev, fs.st_ino) == (st.st_dev, st.st_ino) or os.path.realpath(f) == real
        except OSError:
            same = os.path.realpath(f) == real
        if not same:
            continue
        if f in found and Path(f) not in named and _own_output(real):
            continue
        return os.fspath(f)
    return None


def _own_output(path: str) -> bool:
    """Is the file at `path` one this tool wrote (which a run notes and does not read)?"""
    from . import documents

    known = getattr(documents, "own_output", None)
    if known is None:
        return False
    try:
        with open(path, "rb") as f:
            head = f.read(1 << 20)
            if len(head) == 1 << 20:  # a PDF names its creator in the info dictionary at its end
                f.seek(max(f.tell(), os.fstat(f.fileno()).st_size - (1 << 16)))
                head += b"\n" + f.read()
    except OSError:
        return False
    return known(head) is not None


def _umask() -> int:
    old = os.umask(0o022)
    os.umask(old)
    return old


@contextmanager
def _signals_held() -> Iterator[None]:
    """Hold SIGINT and SIGTERM while cleaning up: a second signal waits until the temporary file
    is gone, instead of interrupting its removal."""
    mask = getattr(signal, "pthread_sigmask", None)
    if mask is None:  # pragma: no cover - not POSIX
        yield
        return
    old = mask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
    try:
        yield
    finally:
        mask(signal.SIG_SETMASK, old)


def write_atomic(path: str | os.PathLike, data: str | bytes | Iterable[str | bytes]) -> Path:
    """Write `data` (text, bytes, or pieces of either, e.g. a generator) to `path` atomically.

    The data goes to a hidden temporary file in the target's folder, is flushed to disk, and
    replaces the target with os.replace: readers see the old file or the new one, never half of
    one. Through a symbolic link, the link's target is replaced and the link kept. The file keeps
    the old file's permissions (else the umask's). On any failure or interruption (an exception
    from `data`, Ctrl-C, SIGTERM under `sigterm_raises`) the old file is untouched and no
    temporary file is left behind. Text is written as UTF-8, newlines unchanged.

    Returns the file written. OutputError (one line) if it cannot be written.
    """
    shown = os.fspath(path)
    real, st = output_target(shown)
    folder = os.path.dirname(real)
    if not os.path.isdir(folder):
        raise OutputError(f"cannot write {shown}: folder {folder} does not exist")
    chunks = [data] if isinstance(data, (str, bytes, bytearray)) else data
    try:
        fd, tmp = tempfile.mkstemp(dir=folder, prefix="." + os.path.basename(real) + ".", suffix=".tmp")
    except OSError as e:
        raise OutputError(f"cannot write {shown}: {e.strerror or e}") from None
    done = False
    try:
        with os.fdopen(fd, "wb") as f:
            for chunk in chunks:
                f.write(chunk.encode("utf-8") if isinstance(chunk, str) else bytes(chunk))
            f.flush()
            os.fsync(f.fileno())
        # mkstemp makes 0600 files; keep the old file's mode, else the usual mode for new files.
        os.chmod(tmp, st.st_mode & 0o7777 if st is not None else 0o666 & ~_umask())
        os.replace(tmp, real)
        done = True
    except UnicodeEncodeError as e:
        raise OutputError(f"cannot write {shown}: text is not valid UTF-8 ({e.reason})") from None
    except OSError as e:
        raise OutputError(f"cannot write {shown}: {e.strerror or e}") from None
    finally:
        if not done:  # also on KeyboardInterrupt and Terminated: leave no temporary file behind
            with _signals_held():
                try:
                    os.unlink(tmp)
                except OSError:
                    pass
    return Path(real)


def _raise_terminated(signum, frame):
    raise Terminated(signum)


@contextmanager
def sigterm_raises() -> Iterator[None]:
    """While active, SIGTERM raises Terminated in the main thread (elsewhere: no change).

    The previous handler is restored on exit, so a caller (a test runner) keeps its own.
    """
    try:
        previous = signal.signal(signal.SIGTERM, _raise_terminated)
    except (ValueError, OSError):  # not the main thread, or no SIGTERM on this platform
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous if previous is not None else signal.SIG_DFL)
