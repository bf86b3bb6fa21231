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


# ----------------------------------------------------------------------------------------------
# Finding the files


def collect_paths(paths: Iterable[str | os.PathLike]) -> list[Path]:
    """Expand files and folders (recursively, sorted) into the files to read, in a stable order.

    Folders give every file that is not hidden: articles are read, anything else comes back too so
    that it can be named as skipped (a folder of articles with a photo in it says so). Raises
    InputError for a missing path or a folder with no file in it.
    """
    out: list[Path] = []
    for raw in paths:
        p = Path(raw)
        try:
            exists = p.exists()
        except OSError as e:  # e.g. a name too long
            raise InputError(f"{p}: {e.strerror or e}") from None
        if not exists:
            if p.is_symlink():
                raise InputError(f"{p}: broken symbolic link")
            raise InputError(f"{p}: no such file or directory")
        if p.is_dir():
            found = _walk(p)
            if not found:
                raise InputError(f"{p}: no readable article (empty folder)")
            out.extend(found)
        else:
            out.append(p)
    seen: set[Path] = set()
    unique = []
    for p in out:
        try:
            key = p.resolve()
        except OSError:
            key = p
        if key not in seen:
            seen.add(key)
            unique.append(p)
    return unique


def _walk(folder: Path) -> list[Path]:
    found = []
    # os.walk rather than rglob: unreadable subfolders are skipped instead of raising, and
    # symlinked folders are not followed (no loops).
    for root, dirs, files in os.walk(folder):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in files:
            if name.startswith(".") or name.lower() in IGNORED_NAMES:
                continue
            f = Path(root, name)
            if f.is_file() or f.is_symlink():
                found.append(f)
    return sorted(found, key=lambda f: f.relative_to(folder).parts)


def document_ids(files: Iterable[Path]) -> list[str]:
    """One id per file: its stem, or (when two files share a stem) enough of its path to tell them
    apart, folders joined with '/'. Depends on the paths only, so it is the same in every run."""
    files = list(files)
    ids = [f.stem for f in files]
    depth = 1
    while len(set(ids)) < len(ids) and depth < 64:
        counts: dict[str, int] = {}
        for i in ids:
            counts[i] = counts.get(i, 0) + 1
        depth += 1
        ids = [_tail_id(f, depth) if counts[i] > 1 else i for f, i in zip(files, ids)]
    seen: dict[str, int] = {}
    out = []
    for i in ids:  # the same file named twice through different links: number the rest
        seen[i] = seen.get(i, 0) + 1
        out.append(i if seen[i] == 1 else f"{i}~{seen[i]}")
    return out


def _tail_id(f: Path, depth: int) -> str:
    parts = list(f.parts[-depth:])
    parts[-1] = f.stem
    return "/".join(parts)


# ----------------------------------------------------------------------------------------------
# Bytes to text


def sniff_binary(data: bytes) -> str | None:
    """What kind of binary file `data` starts like ("JPEG image", ...), or None if it may be text."""
    for offset, magic, kind in _MAGIC:
        if data[offset:offset + len(magic)] == magic:
            return kind
    if any(data.startswith(bom) for bom, _, _ in _UNICODE_BOMS):
        return None
    if b"\x00" in data[:65536]:
        return "binary file (NUL bytes)"
    return None


def decode(data: bytes) -> str:
    """Text of `data`: UTF-8 (with or without BOM), UTF-16/32 with a BOM, else a detected encoding."""
    text, _ = decode_with_encoding(data)
    return text


def decode_with_encoding(data: bytes) -> tuple[str, str | None]:
    """(text, name of the encoding if it was not UTF-8). Raises ValueError if no encoding fits.

    A UTF-8 BOM is dropped (offsets count from the first character after it). Other encodings are
    detected with charset-normalizer; a legacy Western file saved by Windows or Word is cp1252.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    for bom, codec, label in _UNICODE_BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom):].decode(codec), label
            except UnicodeDecodeError:
                raise ValueError(f"invalid {label} text") from None
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError:
        pass
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


def detect_encoding(data: bytes) -> str | None:
    """The most likely encoding of non-UTF-8 bytes, or None if they do not look like text."""
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
    # A short text gives charset-normalizer no language evidence and it may pick a rare code page
    # (cp1006, hp_roman8, ...) where cp1252 fits equally well: prefer cp1252 on such a tie.
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
                  explicit: bool = True) -> Loaded:
    """Read one file; never raises for a problem with the file itself (it becomes `skipped`).

    `explicit` is False for files found in a folder: those must have an article suffix (.txt, .md,
    .html, ...), while a file named on the command line is read whatever its name.
    """
    p = Path(path)
    notes: list[str] = []

    def skip(reason: str) -> Loaded:
        return Loaded(str(p), None, tuple(notes), reason)

    try:
        st = p.stat()
    except OSError as e:
        return skip(e.strerror or str(e))
    if stat.S_ISDIR(st.st_mode):
        return skip("is a folder")
    if not stat.S_ISREG(st.st_mode):
        return skip("not a regular file")
    if st.st_size > max_bytes:
        return skip(f"file too large ({_mb(st.st_size)}; the limit is {_mb(max_bytes)}, see --max-size)")
    try:
        with open(p, "rb") as f:
            data = f.read(max_bytes + 1)  # bounded even if the file grows while we read it
    except OSError as e:
        return skip(e.strerror or str(e))
    if len(data) > max_bytes:
        return skip(f"file too large (over {_mb(max_bytes)}, see --max-size)")
    kind = sniff_binary(data)
    if kind is not None:
        return skip(f"{kind}, not an article" if "binary" in kind else f"binary file ({kind}), not an article")
    suffix = p.suffix.lower()
    if not explicit and suffix not in ARTICLE_SUFFIXES:
        return skip(f"not an article file ({suffix or 'no extension'}; articles are .txt, .md or .html)")
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
    doc_id = doc_id or p.stem
    if suffix in HTML_SUFFIXES or _looks_like_html(text):
        if suffix not in HTML_SUFFIXES:
            notes.append("looks like an HTML page; read as one")
        doc = html_document(text, doc_id, str(p), notes)
        if doc is None:
            return skip("no article text found in the HTML page")
        return Loaded(str(p), doc, tuple(notes))
    if not text.strip():
        return skip("empty file")
    meta, body_start = parse_front_matter(text, notes)
    if not text[body_start:].strip():
        return skip("no article text after the front matter")
    doc = Document(
        id=doc_id,
        path=str(p),
        text=text,
        body_start=body_start,
        meta=meta,
        title=_str(meta.get("title")),
        url=_str(meta.get("url")),
        source=_str(meta.get("source")),
        published=_published(meta, notes),
        language=_str(meta.get("language", meta.get("lang"))),
    )
    return Loaded(str(p), doc, tuple(notes))


def read_document(path: str | os.PathLike) -> Document:
    """Read one article file into a Document (raises InputError if it is not a readable article)."""
    loaded = load_document(path)
    if loaded.document is None:
        raise InputError(f"{loaded.path}: {loaded.skipped}")
    return loaded.document


def read_documents(paths: Iterable[str | os.PathLike], skipped: list[Skipped] | None = None,
                   notes: list[tuple[str, str]] | None = None, max_bytes: int = MAX_BYTES) -> list[Document]:
    """Every readable article under `paths`; unreadable ones go to `skipped` (or raise if None).

    `notes` receives (path, note) pairs for files that were read with a caveat.
    """
    paths = list(paths)
    files = collect_paths(paths)
    explicit = explicit_files(paths)
    docs, skips = [], []
    for f, doc_id in zip(files, document_ids(files)):
        loaded = load_document(f, doc_id, max_bytes, explicit=f in explicit)
        if notes is not None:
            notes.extend((loaded.path, n) for n in loaded.notes)
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


def explicit_files(paths: Iterable[str | os.PathLike]) -> set[Path]:
    """The paths named directly (not found in a folder): these are read whatever their suffix."""
    return {Path(p) for p in paths if not Path(p).is_dir()}


def nothing_readable(paths: Iterable[str | os.PathLike], skips: list[Skipped]) -> NothingReadableError:
    """The error for a run in which no file could be read: one line, naming the file if only one."""
    if len(skips) == 1:
        return NothingReadableError(f"{skips[0].path}: {skips[0].reason}", tuple(skips))
    where = ", ".join(str(p) for p in paths)
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


def parse_front_matter(text: str, notes: list[str] | None = None) -> tuple[dict, int]:
    """(metadata, offset where the body starts).

    Malformed YAML is not fatal: a note says so, and the block is left out of the body (it is
    plainly front matter, only broken), without metadata.
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
    return {str(k).lower(): v for k, v in meta.items()}, m.end()


def _str(v) -> str | None:
    # Only scalars: a nested YAML value (list, mapping) is not a title or a URL.
    if v is None or isinstance(v, (list, dict, set, tuple)):
        return None
    return str(v).strip() or None


@lru_cache(maxsize=1)
def _loader():
    """PyYAML's safe loader, but dates stay text: one impossible date ("2024-02-30") is then a
    note about that field, not a reason to drop the whole block."""
    import yaml

    class StringDates(yaml.SafeLoader):
        pass

    StringDates.add_constructor("tag:yaml.org,2002:timestamp", lambda loader, node: loader.construct_scalar(node))
    return StringDates


def _published(meta: dict, notes: list[str]) -> date | None:
    key = "published" if "published" in meta else "date"
    v = meta.get(key)
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
    it is missing, fails or finds nothing, a plain tag-stripper is used instead.
    """
    notes = [] if notes is None else notes
    text, meta = None, {}
    try:
        text, meta = _trafilatura(html)
    except ImportError:
        pass
    except Exception as e:  # noqa: BLE001 - a third-party parser on arbitrary pages: fall back
        notes.append(f"HTML extractor failed ({type(e).__name__}); used plain tag stripping")
    if not text or not text.strip():
        text = _html_to_text(html)
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
