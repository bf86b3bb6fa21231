"""Reading articles: files and folders, encodings, YAML front matter.

Offsets everywhere in the tool are character offsets into `Document.text`, the whole decoded
file (front matter included), so `text[start:end]` is what a user sees in the file.
"""
from __future__ import annotations

import os
import re
from datetime import date, datetime
from pathlib import Path
from typing import Iterable

from .errors import InputError
from .model import Document, Skipped

ARTICLE_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm")
_FRONT_MATTER = re.compile(r"\A\ufeff?---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|\Z)", re.S)


def collect_paths(paths: Iterable[str | os.PathLike]) -> list[Path]:
    """Expand files and folders (recursively, sorted) into article files, in a stable order."""
    out: list[Path] = []
    for raw in paths:
        p = Path(raw)
        if not p.exists():
            raise InputError(f"{p}: no such file or directory")
        if p.is_dir():
            found = sorted(
                (f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in ARTICLE_SUFFIXES
                 and not any(part.startswith(".") for part in f.relative_to(p).parts)),
                key=lambda f: str(f.relative_to(p)),
            )
            out.extend(found)
        else:
            out.append(p)
    seen: set[Path] = set()
    unique = []
    for p in out:
        key = p.resolve()
        if key not in seen:
            seen.add(key)
            unique.append(p)
    return unique


def decode(data: bytes) -> str:
    """UTF-8 (with or without BOM); other encodings are left to a later issue's detector."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def read_document(path: str | os.PathLike) -> Document:
    """Read one article file into a Document (raises InputError if it is not a readable article)."""
    p = Path(path)
    try:
        data = p.read_bytes()
    except OSError as e:
        raise InputError(f"{p}: {e.strerror or e}") from None
    if b"\x00" in data[:4096]:
        raise InputError(f"{p}: binary file, not an article")
    text = decode(data)
    if not text.strip():
        raise InputError(f"{p}: empty file")
    meta, body_start = parse_front_matter(text, str(p))
    if p.suffix.lower() in (".html", ".htm"):
        text, body_start = _html_to_text(text), 0
    return Document(
        id=p.stem,
        path=str(p),
        text=text,
        body_start=body_start,
        meta=meta,
        title=_str(meta.get("title")),
        url=_str(meta.get("url")),
        source=_str(meta.get("source")),
        published=_date(meta.get("published", meta.get("date"))),
        language=_str(meta.get("language")),
    )


def read_documents(paths: Iterable[str | os.PathLike], skipped: list[Skipped] | None = None) -> list[Document]:
    """Every readable article under `paths`; unreadable ones go to `skipped` (or raise if None)."""
    files = collect_paths(paths)
    docs = []
    for f in files:
        try:
            docs.append(read_document(f))
        except InputError as e:
            if skipped is None:
                raise
            skipped.append(Skipped(str(f), str(e).split(": ", 1)[-1]))
    if not docs:
        where = ", ".join(str(p) for p in paths)
        raise InputError(f"{where}: no readable article (.txt, .md, .html) found")
    return docs


def parse_front_matter(text: str, where: str = "") -> tuple[dict, int]:
    """(metadata, offset where the body starts). Malformed YAML is ignored, not fatal."""
    m = _FRONT_MATTER.match(text)
    if not m:
        return {}, 1 if text.startswith("\ufeff") else 0
    import yaml  # a real YAML parser: dates, quotes and escapes are YAML's business

    try:
        meta = yaml.safe_load(m.group(1)) or {}
    except yaml.YAMLError:
        return {}, 0
    if not isinstance(meta, dict):
        return {}, 0
    return {str(k).lower(): v for k, v in meta.items()}, m.end()


def _str(v) -> str | None:
    return None if v is None else str(v).strip() or None


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
    return s.strip() + "\n"


