"""Reading articles: files and folders, encodings, binary sniffing, HTML, YAML front matter.

Offsets everywhere in the tool are character offsets into `Document.text`:
- for text files, the whole decoded file (front matter included, a UTF-8 BOM left out), so
  `text[start:end]` is what a user sees in the file;
- for HTML pages, the article text extracted from the page (one paragraph per line), not the markup.

Reading never stops a batch: `load_document` turns every per-file problem into a skip reason or a
note, the way grep reports a file it cannot read and goes on with the rest.
"""
from __future__ import annotations

import os
import re
from functools import lru_cache
import stat
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Iterable

from .errors import InputError, NothingReadableError
from .model import Document, Skipped

ARTICLE_SUFFIXES = (".txt", ".text", ".md", ".markdown", ".html", ".htm", ".xhtml")
HTML_SUFFIXES = (".html", ".htm", ".xhtml")
# Files a desktop drops into folders; never articles, never worth a warning.
IGNORED_NAMES = frozenset({"thumbs.db", "desktop.ini", "icon\r"})
# Larger files are refused: a news article is tens of kilobytes, a 20 MB "article" is a dump that
# would hold the whole text (and its mentions) in memory at once.
MAX_BYTES = 20 * 1000 * 1000
_FRONT_MATTER = re.compile(r"\A\ufeff?---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|\Z)", re.S)
_MAX_FRONT_MATTER = 64 * 1024  # YAML aliases can blow a small block up; real front matter is tiny

# Magic numbers of the binary files people keep beside their articles (checked before decoding).
_MAGIC: tuple[tuple[int, bytes, str], ...] = (
    (0, b"\xff\xd8\xff", "JPEG image"),
    (0, b"\x89PNG\r\n\x1a\n", "PNG image"),
    (0, b"GIF87a", "GIF image"),
    (0, b"GIF89a", "GIF image"),
    (0, b"II*\x00", "TIFF image"),
    (0, b"MM\x00*", "TIFF image"),
    (0, b"%PDF-", "PDF document"),
    (0, b"{\\rtf", "RTF document"),
    (0, b"PK\x03\x04", "ZIP archive or office document (.docx, .odt, .epub)"),
    (0, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "Microsoft Office document (.doc, .xls, .msg)"),
    (0, b"\x1f\x8b", "gzip archive"),
    (0, b"\xfd7zXZ\x00", "xz archive"),
    (0, b"\x28\xb5\x2f\xfd", "zstd archive"),
    (0, b"7z\xbc\xaf\x27\x1c", "7-Zip archive"),
    (0, b"Rar!\x1a\x07", "RAR archive"),
    (0, b"SQLite format 3\x00", "SQLite database"),
    (0, b"\x7fELF", "executable"),
    (0, b"OggS", "Ogg media file"),
    (0, b"ID3", "MP3 audio"),
    (0, b"wOFF", "web font"),
    (0, b"wOF2", "web font"),
    (4, b"ftyp", "MP4/QuickTime/HEIC media file"),
    (8, b"WEBP", "WebP image"),
    (8, b"WAVE", "WAV audio"),
    (8, b"AVI ", "AVI video"),
)
# Legacy encodings that news text really comes in; a detector's pick outside these is a weak guess.
_COMMON_LEGACY = frozenset({
    "cp1250", "cp1251", "cp1252", "cp1253", "cp1254", "cp1255", "cp1256", "cp1257", "cp1258",
    "iso8859_2", "iso8859_5", "iso8859_7", "iso8859_9", "iso8859_15", "koi8_r", "koi8_u",
    "gb2312", "gbk", "gb18030", "big5", "big5hkscs", "shift_jis", "cp932", "euc_jp", "iso2022_jp",
    "euc_kr", "cp949", "iso2022_kr", "tis_620", "cp874", "utf_16", "utf_32",
})
_UNICODE_BOMS = (  # longest first: the UTF-32 LE BOM starts with the UTF-16 LE one
    (b"\xff\xfe\x00\x00", "utf-32-le", "UTF-32"),
    (b"\x00\x00\xfe\xff", "utf-32-be", "UTF-32"),
    (b"\xff\xfe", "utf-16-le", "UTF-16"),
    (b"\xfe\xff", "utf-16-be", "UTF-16"),
)


@dataclass(frozen=True)
class Loaded:
    """What reading one file gave: a Document, or the reason it was skipped; plus notes.

    Notes are things the user should know but that did not stop the file being read
    ("decoded as cp1252", "malformed front matter ignored"). Plain picklable values, so worker
    processes can return them.
    """

    path: str
    document: Document | None
    notes: tuple[str, ...] = ()
    skipped: str | None = None

    @property
    def ignored(self) -> bool:
        """Neither read nor skipped: a file this tool wrote (its map, an export) found in a folder;
        a note says so, and it does not count as a skipped file."""
        return self.document is None and self.skipped is None


# ----------------------------------------------------------------------------------------------
# Finding the files


def collect_paths(paths: Iterable[str | os.PathLike] | str | os.PathLike) -> list[Path]:
    """Expand files and folders (recursively, sorted) into the files to read, in a stable order.

    `paths`: one path (str, bytes or os.PathLike) or an iterable of them; "-" is standard input
    (comes back as `STDIN`). Folders give every file that is not hidden: articles are read,
    anything else comes back too so that it can be named as skipped (a folder of articles with a
    photo in it says so), and so does a subfolder that cannot be listed (load_document names it
    as unreadable). Raises InputError for a missing path, a folder with no file in it, or a value
    that is not a path.
    """
    out: list[Path] = []
    for raw in as_path_list(paths):
        p = Path(raw)
        if is_stdin(p):
            out.append(STDIN)
            continue
        shown = display_path(p)
        try:
            exists = p.exists()
        except OSError as e:  # e.g. a name too long
            raise InputError(f"{shown}: {e.strerror or e}") from None
        if not exists:
            if p.is_symlink():
                raise InputError(f"{shown}: broken symbolic link (or a loop of links)")
            raise InputError(f"{shown}: no such file or directory")
        if p.is_dir():
            found = _walk(p)
            if not found:
                raise InputError(f"{shown}: no readable article (empty folder)")
            out.extend(found)
        else:
            out.append(p)
    seen: set = set()
    unique = []
    for p in out:
        try:
            key = p if p is STDIN else p.resolve()
        except (OSError, RuntimeError):  # a loop of symbolic links (RuntimeError before Python 3.13)
            key = p
        if key not in seen:
            seen.add(key)
            unique.append(p)
    return unique


# "-" names standard input, as it does for cat and grep (a file called "-" is "./-").
STDIN = Path("-")
STDIN_ID = "stdin"


def is_stdin(p: str | os.PathLike) -> bool:
    """Is `p` the "-" that names standard input?"""
    try:
        return os.fspath(p) in ("-", b"-")
    except TypeError:
        return False


def as_path_list(paths, what: str = "paths", error: type[Exception] = InputError, empty_ok: bool = False) -> list:
    """`paths` as a list of paths (str or os.PathLike; bytes are decoded as the file system does):
    one path or an iterable of them.

    A string is one path, never a sequence of one-letter paths. Raises `error` (InputError by
    default) naming `what` for None, a number or any other value that is not a path, and for an
    empty list unless `empty_ok`.
    """
    if isinstance(paths, (str, bytes, os.PathLike)):
        items = [paths]
    elif paths is None or isinstance(paths, (int, float, dict)) or not hasattr(paths, "__iter__"):
        raise error(f"{what}: expected a file or folder path or a list of them, not {_kind(paths)}")
    else:
        items = list(paths)
    for item in items:
        if not isinstance(item, (str, bytes, os.PathLike)):
            raise error(f"{what}: expected file or folder paths (str or os.PathLike), not {_kind(item)}")
        raw = os.fspath(item)
        if not raw:
            raise error(f"{what}: an empty string is not a path")
        if ("\0" if isinstance(raw, str) else b"\0") in raw:
            raise error(f"{what}: a path cannot contain a NUL character")
    if not items and not empty_ok:
        raise error(f"{what}: no input paths given")
    return [os.fsdecode(p) if isinstance(p, bytes) else p for p in items]


def _kind(v) -> str:
    return "None" if v is None else f"{type(v).__name__} {v!r}"[:80]


def display_path(p: str | bytes | os.PathLike) -> str:
    """`p` as valid Unicode text for messages and outputs: the bytes of a file name that are not
    UTF-8 (kept by Python as lone surrogates) are shown as backslash escapes (`caf\\xe9.txt`)."""
    s = os.fspath(p)
    if isinstance(s, bytes):
        s = os.fsdecode(s)
    try:
        s.encode("utf-8")
        return s
    except UnicodeEncodeError:
        pass
    try:
        return s.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:  # a surrogate that is not an escaped byte
        return s.encode("utf-8", "backslashreplace").decode("utf-8")


def _walk(folder: Path) -> list[Path]:
    found = []

    def unreadable(err: OSError) -> None:
        # a subfolder that cannot be listed is named as skipped (load_document says why), not dropped
        found.append(Path(err.filename) if err.filename else folder)

    # os.walk rather than rglob: unreadable subfolders are reported instead of raising, and
    # symlinked folders are not followed (no loops).
    for root, dirs, files in os.walk(folder, onerror=unreadable):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in files:
            if name.startswith(".") or name.lower() in IGNORED_NAMES:
                continue
            f = Path(root, name)
            if f.is_file() or f.is_symlink():
                found.append(f)
    return sorted(found, key=lambda f: f.relative_to(folder).parts)


def document_ids(files: Iterable[Path], explicit: set[Path] | None = None) -> list[str]:
    """One id per file: its stem, or (when two files share a stem) the shortest end of its path
    that tells it apart (`2023/a`, `2024/a`: x.txt in folders a and b are `a/x` and `b/x`), folders
    joined with '/'; two files that differ only in their extension keep it (`x.txt`, `x.md`).

    Only as much of a path as is needed, so an id holds the folders above the inputs only when two
    inputs differ only there, and is never an absolute path. Standard input is "stdin"; undecodable
    bytes of a name are escaped as in `display_path`. Depends on the paths only, so it is the same
    in every run. Given `explicit` (the files named directly), a file found in a folder that will
    not be read as an article (a photo) does not lengthen the articles' ids: `x.txt` beside `x.jpg`
    is still `x`."""
    files = list(files)
    if explicit is not None:
        read = [f in explicit or f.suffix.lower() in ARTICLE_SUFFIXES for f in files]
        if not all(read):
            ids = iter(document_ids([f for f, r in zip(files, read) if r]))
            others = iter(document_ids([f for f, r in zip(files, read) if not r]))
            return [next(ids) if r else next(others) for r in read]
    keys = [(STDIN_ID,) if is_stdin(f) else _id_parts(f) for f in files]
    distinct = list(dict.fromkeys(keys))
    cands = [_id_candidates(k) for k in distinct]
    level = [0] * len(distinct)
    for _ in range(10_000):  # each round moves at least one id one step along its finite list
        current = [c[i] for c, i in zip(cands, level)]
        groups: dict[str, list[int]] = {}
        for n, ident in enumerate(current):
            groups.setdefault(ident, []).append(n)
        moved = False
        for members in groups.values():
            if len(members) > 1:
                for n in members:
                    if level[n] + 1 < len(cands[n]):
                        level[n] += 1
                        moved = True
        if not moved:
            break
    by_key = {k: c[i] for k, c, i in zip(distinct, cands, level)}
    seen: dict[str, int] = {}
    out = []
    for k in keys:  # the same file named twice (or ids no path tells apart): number the rest
        i = by_key[k]
        seen[i] = seen.get(i, 0) + 1
        out.append(i if seen[i] == 1 else f"{i}~{seen[i]}")
    return out


def _id_parts(f: Path) -> tuple[str, ...]:
    try:
        parts = Path(os.path.normpath(os.path.abspath(f))).parts
    except (OSError, ValueError):
        parts = Path(f).parts
    parts = tuple(display_path(x) for x in parts if x not in (os.sep, "/", "\\") and not x.endswith((":\\", ":/")))
    return parts or (display_path(f),)


def _id_candidates(parts: tuple[str, ...]) -> list[str]:
    """Ids for a path, shortest first: the stem with 0, 1, 2 ... of its folders, then (for files
    that differ only in their extension) the name with them."""
    name = parts[-1]
    stem = name.rsplit(".", 1)[0] if "." in name.strip(".") else name
    out = ["/".join(parts[-depth:-1] + (stem,)) for depth in range(1, len(parts) + 1)]
    if stem != name:
        out += ["/".join(parts[-depth:-1] + (name,)) for depth in range(1, len(parts) + 1)]
    return out


# ----------------------------------------------------------------------------------------------
# Bytes to text


def sniff_binary(data: bytes) -> str | None:
    """What kind of binary file `data` starts like ("JPEG image", ...), or None if it may be text."""
    for offset, magic, kind in _MAGIC:
        if data[offset:offset + len(magic)] == magic:
            return kind
    if any(data.startswith(bom) for bom, _, _ in _UNICODE_BOMS) or _utf16_without_bom(data):
        return None
    if b"\x00" in data[:65536]:
        return "binary file (NUL bytes)"
    return None


# What this tool writes, known by its content (not its extension): read back from the input folder,
# a map or an export would be taken for an article naming every place of the journey. The headers
# are those of itinerary/render (tests/test_hostile_inputs.py checks that real outputs are known).
_GENERATOR = b'<meta name="generator" content="itinerary'
_TABLE_HEADERS = {
    ("document", "start", "end", "name", "place", "feature", "cc", "lat", "lon"): "places table",
    ("#", "stop", "date", "status", "role", "quotes", "documents"): "route table",
    ("document", "reported", "from", "to", "measured", "km", "ratio", "verdict"): "check table",
}
_CSV_HEADERS = {
    "seq,name,place_id,lat,lon,date,date_end,status,role,evidence_count,evidence_text,documents": "route CSV",
    "document,start,end,name,canonical_name,place_id,lat,lon,feature,country,score": "places CSV",
}
_GEOJSON_PROPERTIES = ({"kind", "place_id", "seq"}, {"canonical_name", "place_id", "document"},
                       {"reported_km", "verdict", "qualifier"})


# The static maps (itinerary/render/static.py) name the tool in the metadata matplotlib writes:
# PNG a tEXt chunk "Software", SVG the Dublin Core creator, PDF the Info dictionary's /Creator
# (at the end of the file, where matplotlib writes it).
_PNG_SOFTWARE = re.compile(rb"tEXtSoftware\x00itinerary \d")
_SVG_CREATOR = re.compile(rb"<dc:creator>\s*<cc:Agent>\s*<dc:title>itinerary \d")
_PDF_CREATOR = re.compile(rb"/Creator \(itinerary \d")


def own_output(data: bytes) -> str | None:
    """What this tool wrote `data` as ("map", "route JSON", "GeoJSON export", "places CSV",
    "static map (PNG)", ...), or None if it is not one of its outputs. Known by content only: a
    page with the generator tag or the map's own stylesheet and a Leaflet map; a PNG, SVG or PDF
    whose metadata names itinerary as its software or creator; JSON with an "itinerary/..."
    schema; GeoJSON, JSONL, CSV and tables with the exact fields and headers the tool writes."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "static map (PNG)" if _PNG_SOFTWARE.search(data, 0, 65536) else None
    if data.startswith(b"%PDF-"):
        return "static map (PDF)" if _PDF_CREATOR.search(data, max(0, len(data) - 65536)) else None
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head[:1] == b"<":
        if _GENERATOR in data[:65536] or (b".itin-pop" in data and b"L.map(" in data):
            return "map"
        if _SVG_CREATOR.search(data, 0, 65536) and b"<svg" in data[:65536]:
            return "static map (SVG)"
        return None
    if head[:1] == b"{":
        start = min(len(data), 2048) - len(head)
        end = data.find(b"\n", start)
        return _own_json(data, data[start:end if end >= 0 else len(data)])
    first, _, rest = head.partition(b"\n")
    first = first.rstrip(b"\r")
    try:
        line = first.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if line in _CSV_HEADERS:
        return f"{_CSV_HEADERS[line]} export"
    words = tuple(line.split())
    second = rest.split(b"\n", 1)[0].strip()
    if words in _TABLE_HEADERS and second and not second.strip(b"- "):
        return _TABLE_HEADERS[words]
    return None


def _own_json(data: bytes, first_line: bytes) -> str | None:
    import json

    try:
        line = json.loads(first_line)
        if isinstance(line, dict) and set(line) == {"id", "path", "toponyms"}:
            return "places JSONL export"
    except ValueError:
        pass
    try:
        obj = json.loads(data)
    except (ValueError, RecursionError):
        return None
    if not isinstance(obj, dict):
        return None
    schema = obj.get("schema")
    if isinstance(schema, str) and schema.startswith("itinerary/"):
        return f"{schema[len('itinerary/'):].split('-')[0]} JSON export"
    features = obj.get("features")
    if obj.get("type") == "FeatureCollection" and isinstance(features, list) and features:
        props = features[0].get("properties") if isinstance(features[0], dict) else None
        if isinstance(props, dict) and any(want <= set(props) for want in _GEOJSON_PROPERTIES):
            return "GeoJSON export"
    return None


def decode(data: bytes) -> str:
    """Text of `data`: UTF-8 (with or without BOM), UTF-16/32 with a BOM, else a detected encoding."""
    text, _ = decode_with_encoding(data)
    return text


def decode_with_encoding(data: bytes) -> tuple[str, str | None]:
    """(text, name of the encoding if it was not UTF-8). Raises ValueError if no encoding fits.

    A UTF-8 BOM is dropped (offsets count from the first character after it). UTF-16 and UTF-32
    are read by their BOM, and UTF-16 without one by its pattern of NUL bytes. A file that is
    overwhelmingly UTF-8 with a few stray bytes stays UTF-8, the bad bytes replaced by U+FFFD
    (the name says how many). Other encodings are detected with charset-normalizer, preferring
    the Western code page (cp1252) when it fits as well: a legacy file saved by Windows or Word.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    for bom, codec, label in _UNICODE_BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom):].decode(codec), label
            except UnicodeDecodeError:
                raise ValueError(f"invalid {label} text") from None
    codec = _utf16_without_bom(data)
    if codec:
        try:
            return data[:len(data) // 2 * 2].decode(codec), "UTF-16 (no byte order mark)"
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError:
        pass
    mostly = _mostly_utf8(data)
    if mostly is not None:
        return mostly
    declared = _declared_charset(data)
    if declared:
        try:
            return data.decode(declared), declared
        except UnicodeDecodeError:
            pass  # the page lies about its encoding; detect it
    encoding = detect_encoding(data)
    if encoding is None:
        raise ValueError("unknown text encoding (not UTF-8, and no other encoding fits)")
    return data.decode(encoding, errors="replace"), encoding


def _utf16_without_bom(data: bytes) -> str | None:
    """"utf-16-le" or "utf-16-be" if `data` has the NUL-byte pattern of UTF-16 text in a Latin
    script without a BOM (every other byte NUL, the bytes between not), else None."""
    sample = data[:4096]
    n = len(sample) // 2
    if n < 4:
        return None
    even, odd = sample[0:2 * n:2], sample[1:2 * n:2]
    nul_even, nul_odd = even.count(0), odd.count(0)
    if nul_odd >= 0.6 * n and nul_even <= 0.02 * n:
        return "utf-16-le"
    if nul_even >= 0.6 * n and nul_odd <= 0.02 * n:
        return "utf-16-be"
    return None


def _mostly_utf8(data: bytes) -> tuple[str, str] | None:
    """(text, label) when `data` is UTF-8 but for a few stray bytes: its multi-byte characters
    decode, and the bytes that do not are at most one in ten of them (a cp1252 or Latin-1 file has
    next to no valid multi-byte sequences, so it is never taken for one)."""
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd") - data.count("\ufffd".encode())
    wide = len(text) - len(text.encode("ascii", "ignore")) - text.count("\ufffd")
    if bad <= 0 or wide < 3 or bad * 10 > wide:
        return None
    return text, f"UTF-8 ({bad} invalid byte{'s' if bad > 1 else ''} replaced)"


# Code pages charset-normalizer may name for short Western text where cp1252 fits equally well.
_WESTERN = ("cp1252", "cp1254")
_TURKISH_BYTES = frozenset(b"\xd0\xdd\xde\xf0\xfd\xfe")  # Ğ İ Ş ğ ı ş in cp1254; Icelandic letters in cp1252


def detect_encoding(data: bytes) -> str | None:
    """The most likely encoding of non-UTF-8 bytes, or None if they do not look like text.

    charset-normalizer decides; when it is unsure (another candidate is as coherent and no more
    chaotic: short text gives it no language evidence) the Western code page is preferred over
    exotic ones (cp1250, cp775, cp1006, hp_roman8 ...): cp1252, or cp1254 for Turkish letters.
    """
    try:
        from charset_normalizer import from_bytes
    except ImportError:  # the library is a dependency; without it, guess the commonest legacy one
        return "cp1252"
    matches = from_bytes(data)
    best = matches.best()
    if best is None:
        return None
    # Several code pages decode the same bytes to the same text; name the one people know.
    if "cp1252" in best.could_be_from_charset or _same_in_cp1252(data, best.encoding):
        return "cp1252"
    if best.encoding in _WESTERN:
        return best.encoding
    tied = set()
    for m in matches:
        if m.percent_chaos <= best.percent_chaos + 0.5 and m.percent_coherence >= best.percent_coherence - 5:
            tied.update(m.could_be_from_charset)
    if "cp1254" in tied and any(b in _TURKISH_BYTES for b in data):
        return "cp1254"
    if "cp1252" in tied:
        return "cp1252"
    # A short text gives charset-normalizer no language evidence and it may pick a rare code page
    # (cp1006, hp_roman8, ...) where cp1252 fits nearly as well: prefer cp1252 then too.
    if best.encoding not in _COMMON_LEGACY and best.percent_coherence == 0:
        for m in matches:
            if "cp1252" in m.could_be_from_charset and m.percent_chaos <= best.percent_chaos:
                return "cp1252"
    return best.encoding


def _declared_charset(data: bytes) -> str | None:
    """The charset an HTML page declares (<meta charset=...>), as a Python codec name, if known."""
    m = re.search(rb"<meta[^>]{0,200}?charset\s*=\s*[\"']?\s*([A-Za-z0-9_:.-]{2,40})", data[:4096], re.I)
    if not m:
        return None
    import codecs

    try:
        name = codecs.lookup(m.group(1).decode("ascii")).name
    except (LookupError, UnicodeDecodeError):
        return None
    # Browsers read a page labelled latin-1 as cp1252 (WHATWG Encoding), and so do we.
    return "cp1252" if name in ("latin-1", "iso8859-1", "ascii") else name


def _same_in_cp1252(data: bytes, encoding: str) -> bool:
    try:
        return data.decode("cp1252") == data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return False


# ----------------------------------------------------------------------------------------------
# One file


def load_document(path: str | os.PathLike, doc_id: str | None = None, max_bytes: int = MAX_BYTES,
                  explicit: bool = True, data: bytes | None = None) -> Loaded:
    """Read one file; never raises for a problem with the file itself (it becomes `skipped`).

    `explicit` is False for files found in a folder: those must have an article suffix (.txt, .md,
    .html, ...), while a file named on the command line is read whatever its name. A file this
    tool wrote (its HTML map, a static PNG/SVG/PDF map, a JSON/GeoJSON/CSV export or a table,
    known by its content) found in a folder is `ignored` with a note; named explicitly, it is
    skipped (the commands read a named route JSON, GeoJSON or CSV as an edited journey before
    it gets here: itinerary/edited.py). `path` "-" reads standard
    input (id "stdin"); `data`, if given, is used instead of reading the file (the caller read it).
    `Loaded.path` is `display_path(path)`: always valid Unicode.
    """
    p = Path(path)
    shown = display_path(p)
    notes: list[str] = []

    def skip(reason: str) -> Loaded:
        return Loaded(shown, None, tuple(notes), reason)

    if data is None and is_stdin(p):
        data, problem = read_stdin(max_bytes)
        if problem:
            return skip(problem)
    if data is None:
        data, problem = _read_file(p, max_bytes)
        if problem:
            return skip(problem)
    elif len(data) > max_bytes:
        return skip(f"file too large (over {_mb(max_bytes)}, see --max-size)")
    if is_stdin(p):
        doc_id = doc_id or STDIN_ID
    own = own_output(data)  # before the binary sniff: the static maps (PNG, PDF) are binary
    if own is not None:
        if explicit:
            return skip(f"{own} written by itinerary, not an article")
        notes.append(f"{own} written by itinerary; not read as an article")
        return Loaded(shown, None, tuple(notes))
    kind = sniff_binary(data)
    if kind is not None:
        return skip(f"{kind}, not an article" if "binary" in kind else f"binary file ({kind}), not an article")
    suffix = p.suffix.lower()
    if not explicit and suffix not in ARTICLE_SUFFIXES:
        return skip(f"not an article file ({display_path(suffix) or 'no extension'}; articles are .txt, .md or .html)")
    if not data.strip():
        return skip("empty file")
    try:
        text, encoding = decode_with_encoding(data)
    except ValueError as e:
        return skip(str(e))
    if encoding:
        notes.append(f"decoded as {encoding}")
    if _looks_binary(text):
        return skip("binary file (control characters), not an article")
    doc_id = display_path(doc_id or p.stem)
    if suffix in HTML_SUFFIXES or _looks_like_html(text):
        if suffix not in HTML_SUFFIXES:
            notes.append("looks like an HTML page; read as one")
        doc = html_document(text, doc_id, shown, notes)
        if doc is None:
            return skip("no article text found in the HTML page")
        return Loaded(shown, doc, tuple(notes))
    if not text.strip():
        return skip("empty file")
    meta, body_start = parse_front_matter(text, notes)
    if not text[body_start:].strip():
        return skip("no article text after the front matter")
    text = text[:body_start] + without_emphasis(text[body_start:])
    doc = Document(
        id=doc_id,
        path=shown,
        text=text,
        body_start=body_start,
        meta=meta,
        title=_str(meta.get("title")),
        url=_str(meta.get("url")),
        source=_str(meta.get("source")),
        published=_published(meta, notes),
        language=_str(meta.get("language", meta.get("lang"))),
    )
    return Loaded(shown, doc, tuple(notes))


def _read_file(p: Path, max_bytes: int) -> tuple[bytes | None, str | None]:
    """(the file's bytes, None) or (None, why it cannot be read)."""
    try:
        st = p.stat()
    except OSError as e:
        return None, e.strerror or str(e)
    if stat.S_ISDIR(st.st_mode):
        try:
            with os.scandir(p):
                pass
        except OSError as e:
            return None, f"folder cannot be read ({e.strerror or e})"
        return None, "is a folder"
    if not stat.S_ISREG(st.st_mode):
        return None, "not a regular file"
    if st.st_size > max_bytes:
        return None, f"file too large ({_mb(st.st_size)}; the limit is {_mb(max_bytes)}, see --max-size)"
    try:
        with open(p, "rb") as f:
            data = f.read(max_bytes + 1)  # bounded even if the file grows while we read it
    except OSError as e:
        return None, e.strerror or str(e)
    if len(data) > max_bytes:
        return None, f"file too large (over {_mb(max_bytes)}, see --max-size)"
    return data, None


def read_stdin(max_bytes: int = MAX_BYTES) -> tuple[bytes | None, str | None]:
    """(standard input's bytes, None), or (None, why not): at most `max_bytes` are read."""
    import sys

    stream = getattr(sys.stdin, "buffer", sys.stdin)
    if stream is None:
        return None, "no standard input"
    try:
        data = stream.read(max_bytes + 1)
    except (OSError, ValueError) as e:  # closed or unreadable
        return None, f"cannot read standard input ({e})"
    if isinstance(data, str):  # a text stream without a buffer (some embedding tools)
        data = data.encode("utf-8", "surrogateescape")
    if len(data) > max_bytes:
        return None, f"file too large (over {_mb(max_bytes)}, see --max-size)"
    return data, None


def read_document(path: str | os.PathLike) -> Document:
    """Read one article file into a Document (raises InputError if it is not a readable article)."""
    loaded = load_document(path)
    if loaded.document is None:
        raise InputError(f"{loaded.path}: {loaded.skipped}")
    return loaded.document


def read_documents(paths: Iterable[str | os.PathLike] | str | os.PathLike, skipped: list[Skipped] | None = None,
                   notes: list[tuple[str, str]] | None = None, max_bytes: int = MAX_BYTES) -> list[Document]:
    """Every readable article under `paths` (one path or several); unreadable ones go to `skipped`
    (or raise InputError if it is None).

    `notes` receives (path, note) pairs for files that were read with a caveat.
    """
    paths = as_path_list(paths)
    files = collect_paths(paths)
    explicit = explicit_files(paths)
    docs, skips = [], []
    for f, doc_id in zip(files, document_ids(files, explicit)):
        loaded = load_document(f, doc_id, max_bytes, explicit=f in explicit)
        if notes is not None:
            notes.extend((loaded.path, n) for n in loaded.notes)
        if loaded.ignored:
            continue
        if loaded.document is None:
            if skipped is None:
                raise InputError(f"{loaded.path}: {loaded.skipped}")
            skips.append(Skipped(loaded.path, loaded.skipped or "unreadable"))
        else:
            docs.append(loaded.document)
    if skipped is not None:
        skipped.extend(skips)
    if not docs:
        raise nothing_readable(paths, skips)
    return docs


def explicit_files(paths: Iterable[str | os.PathLike] | str | os.PathLike) -> set[Path]:
    """The paths named directly (not found in a folder): these are read whatever their suffix."""
    return {STDIN if is_stdin(p) else Path(p) for p in as_path_list(paths) if is_stdin(p) or not Path(p).is_dir()}


def nothing_readable(paths: Iterable[str | os.PathLike], skips: list[Skipped]) -> NothingReadableError:
    """The error for a run in which no file could be read: one line, naming the file if only one."""
    if len(skips) == 1:
        return NothingReadableError(f"{skips[0].path}: {skips[0].reason}", tuple(skips))
    where = ", ".join(display_path(p) for p in as_path_list(paths))
    if not skips:
        return NothingReadableError(f"{where}: no article (only files written by itinerary itself)", ())
    return NothingReadableError(f"{where}: no readable article among {len(skips)} files", tuple(skips))


def _mb(n: int) -> str:
    if n < 1_000_000:
        return f"{n:,} bytes"
    return f"{n / 1e6:.1f} MB" if n % 1_000_000 else f"{n // 1_000_000} MB"


_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f]")


def _looks_binary(text: str) -> bool:
    # Binary data that happened to decode: many C0 control characters other than line breaks/tabs.
    sample = text[:65536]
    return len(_CONTROL.findall(sample)) > max(8, len(sample) // 100)


def _looks_like_html(text: str) -> bool:
    head = text[:1024].lstrip("\ufeff \t\r\n").lower()
    return head.startswith(("<!doctype html", "<html"))


# ----------------------------------------------------------------------------------------------
# Front matter


_EMPHASIS = re.compile(r"(?<![\w*])(\*\*|\*|__)(?=[^\s*_])([^\n]*?[^\s*_])\1(?![\w*])")


def without_emphasis(text: str) -> str:
    """Markdown bold and italic markers ("**Díli, 21 mai (Lusa)** –", "*Photo*", "__x__") blanked to
    spaces, so a dateline or a name reads as written; the text keeps its length (evidence offsets hold)."""
    return _EMPHASIS.sub(lambda m: " " * len(m[1]) + m[2] + " " * len(m[1]), text)


def parse_front_matter(text: str, notes: list[str] | None = None) -> tuple[dict, int]:
    """(metadata, offset where the body starts).

    Malformed YAML is not fatal: a note says so, and the block is left out of the body (it is
    plainly front matter, only broken), without metadata. So is a block longer than 64 KB or one
    with YAML anchors and aliases (`&a`, `*a`: a few hundred bytes of them expand to gigabytes).
    Only single values count: a field the tool reads (title, url, source, published, language) that
    holds a list or mapping is ignored with a note.
    """
    if notes is None or isinstance(notes, str):  # old signature: (text, where)
        notes = []
    m = _FRONT_MATTER.match(text)
    if not m:
        if re.match(r"\A\ufeff?---[ \t]*\r?\n[\w-]+[ \t]*:", text):
            notes.append("front matter not closed (no second --- line); read as plain text")
        return {}, 1 if text.startswith("\ufeff") else 0
    block = m.group(1)
    if len(block) > _MAX_FRONT_MATTER:
        notes.append(f"front matter longer than {_MAX_FRONT_MATTER // 1024} KB ignored")
        return {}, m.end()
    import yaml  # a real YAML parser: dates, quotes and escapes are YAML's business

    try:
        meta = yaml.load(block, Loader=_loader())
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        where = f"line {mark.line + 2}: " if mark is not None else ""  # +1 for 0-based, +1 for '---'
        problem = getattr(e, "problem", None) or str(e).splitlines()[0]
        notes.append(f"malformed front matter ignored ({where}{problem})")
        return {}, m.end()
    except Exception as e:  # noqa: BLE001 - PyYAML raises others on odd input (e.g. RecursionError)
        notes.append(f"malformed front matter ignored ({type(e).__name__})")
        return {}, m.end()
    if meta is None:
        return {}, m.end()
    if not isinstance(meta, dict):
        notes.append("front matter is not a list of 'key: value' lines; ignored")
        return {}, m.end()
    meta = {str(k).lower(): v for k, v in meta.items()}
    nested = [k for k in _FIELDS if isinstance(meta.get(k), (list, dict, set, tuple))]
    if nested:
        notes.append(f"front matter {', '.join(nested)}: a list or mapping, not a single value; ignored")
    return meta, m.end()


# The front-matter fields the tool reads (only single values: a list is not a title).
_FIELDS = ("title", "url", "source", "published", "date", "language", "lang")


def _str(v) -> str | None:
    # Only scalars: a nested YAML value (list, mapping) is not a title or a URL.
    if v is None or isinstance(v, (list, dict, set, tuple)):
        return None
    return str(v).strip() or None


@lru_cache(maxsize=1)
def _loader():
    """PyYAML's safe loader, but dates stay text (one impossible date, "2024-02-30", is then a note
    about that field, not a reason to drop the whole block), and anchors and aliases are refused
    before anything is built (a "billion laughs" block of 400 bytes would take gigabytes)."""
    import yaml

    class FrontMatterLoader(yaml.SafeLoader):
        def compose_node(self, parent, index):
            event = self.peek_event()
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None) is not None:
                raise yaml.composer.ComposerError(None, None, "YAML anchors and aliases (&name, *name) are not "
                                                  "allowed in front matter", event.start_mark)
            return super().compose_node(parent, index)

    FrontMatterLoader.add_constructor("tag:yaml.org,2002:timestamp",
                                      lambda loader, node: loader.construct_scalar(node))
    return FrontMatterLoader


def _published(meta: dict, notes: list[str]) -> date | None:
    key = "published" if "published" in meta else "date"
    v = meta.get(key)
    if isinstance(v, (list, dict, set, tuple)):
        return None  # noted by parse_front_matter
    d = _date(v)
    if v is not None and d is None and str(v).strip():
        notes.append(f"front matter {key} {str(v)[:40]!r} is not a date; ignored")
    return d


def _date(v) -> date | None:
    if isinstance(v, datetime):
        return v.date()
    if isinstance(v, date):
        return v
    if isinstance(v, str):
        s = v.strip()
        try:
            return datetime.fromisoformat(s.replace("Z", "+00:00")).date()
        except ValueError:
            m = re.match(r"(\d{4})-(\d{2})-(\d{2})", s)
            if m:
                try:
                    return date(int(m[1]), int(m[2]), int(m[3]))
                except ValueError:
                    return None
    return None


# ----------------------------------------------------------------------------------------------
# HTML


def html_document(html: str, doc_id: str, path: str, notes: list[str] | None = None) -> Document | None:
    """A Document whose text is the article text of an HTML page (None if the page has none).

    trafilatura finds the article in the page (dropping menus, footers and scripts) and its
    metadata (title, canonical URL, site name, publication date from the page's meta tags); if
    it is missing, fails or finds nothing, a plain tag-stripper is used instead. What readers never
    see is removed first (see `_drop_unseen`).
    """
    notes = [] if notes is None else notes
    text, meta = None, {}
    page = _drop_unseen(html)
    try:
        text, meta = _trafilatura(page)
    except ImportError:
        pass
    except Exception as e:  # noqa: BLE001 - a third-party parser on arbitrary pages: fall back
        notes.append(f"HTML extractor failed ({type(e).__name__}); used plain tag stripping")
    if not text or not text.strip():
        text = _html_to_text(page)
    if not text.strip():
        return None
    lang = re.search(r"(?is)<html\b[^>]*?\blang\s*=\s*[\"']?([A-Za-z]{2,3})(?:[-_][A-Za-z0-9]+)?\b", html[:4096])
    if lang:
        meta.setdefault("language", lang.group(1).lower())
    if not meta.get("title"):
        t = re.search(r"(?is)<title\b[^>]*>(.*?)</title>", html[:65536])
        if t:
            import html as htmllib

            meta["title"] = " ".join(htmllib.unescape(re.sub(r"<[^>]+>", " ", t.group(1))).split()) or None
    meta = {k: v for k, v in meta.items() if v}
    return Document(id=doc_id, path=path, text=text, body_start=0, meta=meta, title=_str(meta.get("title")),
                    url=_str(meta.get("url")), source=_str(meta.get("source")), published=_date(meta.get("published")),
                    language=_str(meta.get("language")))


# Markup whose text a reader of the page never sees: it must not become stops.
_UNSEEN_HINT = re.compile(r"(?i)\bhidden\b|display\s*:\s*none|visibility\s*:\s*(?:hidden|collapse)|<noscript|<template")
_UNSEEN_STYLE = re.compile(r"(?i)(?:^|;)\s*(?:display\s*:\s*none|visibility\s*:\s*(?:hidden|collapse))\s*(?:!important\s*)?(?:;|$)")


def _drop_unseen(html: str) -> str:
    """`html` without the elements readers never see: `display:none` or `visibility:hidden` inline
    styles, the `hidden` attribute (not "until-found", which the browser's find reveals),
    `<noscript>` and `<template>`. The page is returned as it was if it has none (or lxml cannot
    parse it)."""
    if not _UNSEEN_HINT.search(html):
        return html
    try:
        import lxml.html
        from lxml import etree
    except ImportError:  # pragma: no cover - lxml comes with trafilatura
        return html
    source = re.sub(r"\A\s*<\?xml[^>]*>", "", html)  # lxml refuses a str with an encoding declaration
    try:
        root = lxml.html.document_fromstring(source)
    except (ValueError, etree.ParserError, etree.XMLSyntaxError):
        return html
    unseen = []
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue  # comments, processing instructions
        tag = el.tag.lower()
        hidden = el.get("hidden")
        if tag in ("noscript", "template") or (hidden is not None and hidden.strip().lower() != "until-found") \
                or _UNSEEN_STYLE.search(el.get("style") or ""):
            if tag not in ("html", "body", "head"):
                unseen.append(el)
    if not unseen:
        return html
    for el in unseen:
        if el.getparent() is not None:
            el.drop_tree()  # keeps the text that follows the element (its tail)
    doctype = root.getroottree().docinfo.doctype
    return lxml.html.tostring(root, encoding="unicode", doctype=doctype or None)


def _trafilatura(html: str) -> tuple[str | None, dict]:
    import trafilatura

    # extensive_search off: a copyright year in the footer is not a publication date.
    got = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False, include_tables=True,
                                      include_images=False, include_links=False,
                                      date_extraction_params={"extensive_search": False, "original_date": True})
    if got is None:
        return None, {}
    keys = ("text", "title", "url", "sitename", "date")
    g = got if isinstance(got, dict) else {k: getattr(got, k, None) for k in keys}
    text = g.get("text")
    if text:
        text = text.strip() + "\n"
    meta = {"title": g.get("title"), "url": g.get("url"), "source": g.get("sitename"), "published": g.get("date")}
    return text, meta


def _html_to_text(html: str) -> str:
    """Crude but safe HTML to text: drop scripts/styles/tags, keep block breaks, unescape entities."""
    import html as htmllib

    s = re.sub(r"(?is)<(script|style|noscript|template)\b.*?</\1\s*>", " ", html)
    s = re.sub(r"(?is)<!--.*?-->", " ", s)
    s = re.sub(r"(?i)<(br|/p|/div|/h[1-6]|/li|/tr|/title|/article|/section)\b[^>]*>", "\n", s)
    s = re.sub(r"(?s)<[^>]+>", " ", s)
    s = htmllib.unescape(s)
    s = re.sub(r"[ \t\r\f\v]+", " ", s)
    s = re.sub(r" *\n[ \n]*", "\n", s)
    s = s.strip()
    return s + "\n" if s else ""
